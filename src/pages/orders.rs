//! "My orders". The list, the HTML order form, tracking and withdrawal come with the orders issue.

use leptos::prelude::*;

use crate::app::use_i18n;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let t = use_i18n();
    view! {
        <section class="page">
            <h1>{move || t().orders_heading}</h1>
            <p>{move || t().orders_intro}</p>
        </section>
    }
}
