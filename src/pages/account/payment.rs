//! The payment card: whether automatic renewals can be debited, and until when.

use leptos::prelude::*;

use super::{loaded, server_today, Methods};
use crate::app::{use_app, use_tools_i18n};
use crate::domain::format::date;
use crate::domain::health::{payment_health, PaymentHealth};
use crate::domain::renewal::payment_method_label;

/// Can automatic renewals be debited, and until when.
#[component]
pub(super) fn PaymentCard(methods: Methods) -> impl IntoView {
    let t = use_tools_i18n();
    let locale = use_app().locale;
    let today = server_today();
    view! {
        <section class="card" aria-labelledby="payment-heading">
            <h2 id="payment-heading">{move || t().health_payment_heading}</h2>
            {loaded(methods, move |list| {
                    let (m, l) = (t(), locale.get());
                    match payment_health(&list, today()) {
                        PaymentHealth::Ready { method, expires, expiring_soon } => {
                            let past = expires.is_some_and(|d| d < today());
                            let when = expires.map(|d| date(d, l));
                            view! {
                                <p>{(m.health_payment_ready)(&payment_method_label(&method, m.payment_type))}</p>
                                {when.map(|when| if past {
                                    view! { <p class="notice-warn" role="note">{(m.health_payment_expired)(&when)}</p> }.into_any()
                                } else if expiring_soon {
                                    view! { <p class="notice-warn" role="note">{(m.health_payment_expiring)(&when)}</p> }.into_any()
                                } else {
                                    view! { <p>{(m.health_payment_expires)(&when)}</p> }.into_any()
                                })}
                            }
                            .into_any()
                        }
                        PaymentHealth::NoDebit { .. } => {
                            view! { <p class="notice-warn" role="note">{m.health_no_debit}</p> }.into_any()
                        }
                    }
                })}
        </section>
    }
}
