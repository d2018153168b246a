use leptos::prelude::*;

use crate::app::{use_i18n, NavLink};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_i18n();
    view! {
        <section class="page">
            <h1>{move || t().not_found_heading}</h1>
            <p>{move || t().not_found_body}</p>
            <NavLink href="/services">{move || t().back_to_services}</NavLink>
        </section>
    }
}
