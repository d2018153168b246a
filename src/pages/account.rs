//! "Account": who is signed in.

use leptos::prelude::*;

use crate::app::{use_app, use_i18n, SectionLink};
use crate::components::error_panel::ErrorPanel;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_i18n();
    let api = use_app().api;
    let me = LocalResource::new(move || {
        let api = api.clone();
        async move { api.me().await }
    });
    view! {
        <section class="page">
            <h1>{move || t().account_heading}</h1>
            {move || match me.get() {
                None => view! { <p aria-busy="true">{move || t().loading}</p> }.into_any(),
                Some(Err(error)) => {
                    view! { <ErrorPanel error=error on_retry=Callback::new(move |_| me.refetch()) /> }
                        .into_any()
                }
                Some(Ok(me)) => {
                    view! {
                        <section class="card" aria-labelledby="identity-heading">
                            <h2 id="identity-heading">{move || t().account_identity}</h2>
                            <dl class="facts">
                                <dt>{move || t().account_nic}</dt>
                                <dd>{me.nichandle}</dd>
                                <dt>{move || t().account_email}</dt>
                                <dd>{me.email.unwrap_or_default()}</dd>
                                <dt>{move || t().account_country}</dt>
                                <dd>{me.country.unwrap_or_default()}</dd>
                            </dl>
                        </section>
                    }
                        .into_any()
                }
            }}
            <p>
                <SectionLink href="/orders">{move || t().view_my_orders}</SectionLink>
            </p>
        </section>
    }
}
