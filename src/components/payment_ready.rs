//! "Your payment order is ready": its number and the link to the payment page.

use leptos::prelude::*;

use crate::app::{use_i18n, NavLink};
use crate::domain::orders::SecretUrl;

/// A created order, and the link to its payment page (a new tab, no referrer: the URL carries the
/// order's secret). A URL the API sent that is not `https:` (or a path of this site) is not
/// linked: the order's own page is.
#[component]
pub fn PaymentReady(order_id: Option<u64>, url: Option<SecretUrl>) -> impl IntoView {
    let t = use_i18n();
    let number = order_id.map(|n| n.to_string()).unwrap_or_default();
    let href = url.and_then(|u| u.safe_href(&site_origin()));
    view! {
        <div class="notice-ok" role="status">
            <p>{move || (t().payment_ready)(&number)}</p>
            {match (href, order_id) {
                (Some(href), _) => view! {
                    <a class="button primary" href=href target="_blank" rel="noopener noreferrer external">
                        {move || t().go_to_payment}
                    </a>
                }
                .into_any(),
                (None, Some(id)) => view! {
                    <NavLink href=format!("/orders/{id}") attr:class="button">{move || t().order_created_link}</NavLink>
                }
                .into_any(),
                (None, None) => ().into_any(),
            }}
        </div>
    }
}

/// This page's origin (`https://console.example`), against which the API's relative URLs resolve.
pub fn site_origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}
