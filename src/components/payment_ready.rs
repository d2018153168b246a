//! "Your payment order is ready": its number and the link to the payment page.

use leptos::prelude::*;

use crate::app::use_i18n;

/// A created order, and the link to its payment page (a new tab, no referrer: the URL carries the
/// order's secret).
#[component]
pub fn PaymentReady(order_id: Option<u64>, url: Option<String>) -> impl IntoView {
    let t = use_i18n();
    let number = order_id.map(|n| n.to_string()).unwrap_or_default();
    view! {
        <div class="notice-ok" role="status">
            <p>{move || (t().payment_ready)(&number)}</p>
            {url
                .map(|url| {
                    view! {
                        <a class="button primary" href=url target="_blank" rel="noopener noreferrer external">
                            {move || t().go_to_payment}
                        </a>
                    }
                })}
        </div>
    }
}
