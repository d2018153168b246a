//! Shows an API failure as something the user can act on.

use leptos::prelude::*;

use crate::domain::batch::Failure;

use crate::api::{ApiError, ApiErrorKind};
use crate::app::{current_path_and_query, use_app, use_i18n};

#[component]
pub fn ErrorPanel(
    error: ApiError,
    #[prop(optional)] on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let t = use_i18n();
    let config = use_app().config;
    let query_id = error.query_id.clone();
    // The server's own words help support, but only when the server sent them.
    let server_message = error.server_message().map(str::to_string);

    if error.needs_sign_in() {
        let href = config.sign_in_url(&current_path_and_query());
        // Never signed in in this tab: not an expiry, a first visit.
        if !crate::state::Account::was_signed_in() {
            return view! {
                <div class="error-panel" role="alert">
                    <p class="error-title">{move || t().sign_in_title}</p>
                    <p>{move || t().sign_in_body}</p>
                    <a class="button primary" href=href rel="external">{move || t().sign_in}</a>
                </div>
            }
            .into_any();
        }
        return view! {
            <div class="error-panel" role="alert">
                <p class="error-title">{move || t().error_session_title}</p>
                <p>{move || t().error_session_body}</p>
                <a class="button primary" href=href rel="external">{move || t().sign_in_again}</a>
            </div>
        }
        .into_any();
    }

    let kind = error.kind.clone();
    let summary = move || error_summary(t(), &kind);
    // Asking again cannot change a refusal, a missing object or a rejected request.
    let retryable = !matches!(
        error.kind,
        ApiErrorKind::Forbidden | ApiErrorKind::NotFound | ApiErrorKind::Rejected
    );
    view! {
        <div class="error-panel" role="alert">
            <p class="error-title">{summary}</p>
            {server_message
                .map(|message| {
                    view! {
                        <p>
                            {move || t().error_server_said}" "<q>{message}</q>
                        </p>
                    }
                })}
            {query_id
                .map(|id| {
                    view! {
                        <p class="muted">{move || t().query_id_label}" "<code>{id}</code></p>
                    }
                })}
            {on_retry
                .filter(|_| retryable)
                .map(|retry| {
                    view! {
                        <button type="button" class="button primary" on:click=move |_| retry.run(())>
                            {move || t().retry}
                        </button>
                    }
                })}
        </div>
    }
    .into_any()
}

/// What went wrong, in one sentence the user can act on.
pub fn error_summary(m: &crate::i18n::Messages, kind: &ApiErrorKind) -> &'static str {
    failure_summary(m, kind.failure())
}

/// [`error_summary`] for a failure kept without its details (a batch's journal).
pub fn failure_summary(m: &crate::i18n::Messages, kind: Failure) -> &'static str {
    match kind {
        Failure::Forbidden => m.error_forbidden,
        Failure::NotFound => m.error_not_found,
        Failure::Conflict => m.error_conflict,
        Failure::Rejected => m.error_rejected,
        Failure::RateLimited => m.error_rate_limited,
        Failure::Server => m.error_server,
        Failure::Network => m.error_network,
        Failure::Timeout => m.error_timeout,
        Failure::Decode => m.error_decode,
        Failure::SessionExpired | Failure::SessionLevelTooLow => m.error_session_title,
    }
}
