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
    let on_retry = on_retry.filter(|_| retryable);
    // A wait longer than reads ride out silently (a 503 for maintenance): say until when, and
    // ask again then if the panel is still shown (a day at most: the browser's timers go no
    // further than 24 days, and a longer wait is better left to the user).
    let wait = error
        .retry_after_secs()
        .filter(|secs| *secs > crate::api::retry::MAX_RETRY_AFTER_SECS);
    let until = wait.and_then(ready_at);
    let locale = use_app().locale;
    if let (Some(secs @ ..=86_400), Some(retry)) = (wait, on_retry) {
        // Dropped, and so cancelled, with the panel.
        StoredValue::new_local(Some(gloo_timers::callback::Timeout::new(
            secs * 1000,
            move || retry.run(()),
        )));
    }
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
            {until
                .map(|at| {
                    view! {
                        <p>
                            {move || {
                                use chrono::Timelike;
                                let time = format!("{:02}:{:02}", at.hour(), at.minute());
                                // The day too when the time could be read as today's.
                                let shown = match wait {
                                    Some(secs) if secs >= 12 * 3600 => format!("{} {time}", crate::domain::format::date(at.date(), locale.get())),
                                    _ => time,
                                };
                                (t().error_wait_until)(&shown)
                            }}
                            {on_retry.and(wait.filter(|secs| *secs <= 86_400)).map(|_| view! { " "{move || t().error_retry_then} })}
                        </p>
                    }
                })}
            {on_retry
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

/// The device's local time `secs` from now.
fn ready_at(secs: u32) -> Option<chrono::NaiveDateTime> {
    let offset = i64::from(crate::state::clock::utc_offset_minutes()) * 60;
    let at = (js_sys::Date::now() / 1000.0) as i64 + i64::from(secs) + offset;
    chrono::DateTime::from_timestamp(at, 0).map(|t| t.naive_utc())
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
