//! Who is signed in (`GET /me`).

use leptos::prelude::*;

use crate::app::use_tools_i18n;
use crate::components::error_panel::ErrorPanel;
use crate::state::use_state;

#[component]
pub(super) fn IdentityCard() -> impl IntoView {
    let t = use_tools_i18n();
    let account = use_state().account;
    view! {
        <section class="card" aria-labelledby="identity-heading">
            <h2 id="identity-heading">{move || t().account_identity}</h2>
            // A `/me` not read is asked again; one read whose other fields cannot be would be
            // read the same way again: no retry.
            {move || match account.me.get().map(|me| me.map(|me| me.details())) {
                None => view! { <p aria-busy="true">{move || t().loading}</p> }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorPanel error=error on_retry=Callback::new(move |_| account.reload()) />
                }
                .into_any(),
                Some(Ok(Err(error))) => view! { <ErrorPanel error=error /> }.into_any(),
                Some(Ok(Ok(me))) => view! {
                    <dl class="facts">
                        <dt>{move || t().account_nic}</dt>
                        <dd>{me.nichandle}</dd>
                        <dt>{move || t().account_email}</dt>
                        <dd>{me.email.unwrap_or_default()}</dd>
                        <dt>{move || t().check_spare_email}</dt>
                        <dd>{me.spare_email.unwrap_or_else(|| "—".to_string())}</dd>
                        <dt>{move || t().account_country}</dt>
                        <dd>{me.country.unwrap_or_default()}</dd>
                    </dl>
                }
                .into_any(),
            }}
        </section>
    }
}
