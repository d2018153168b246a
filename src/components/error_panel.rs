//! Shows an API failure as something the user can act on.

use leptos::prelude::*;

use crate::domain::batch::Failure;

use crate::api::retry::MAX_RETRY_AFTER_SECS;
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
    // A wait longer than reads ride out silently (a 503 for maintenance): the moment the server
    // gave when it answered, rounded up to the minute shown, is said, and the panel asks again
    // then if it is still shown (however often it is drawn again meanwhile). A wait of more than
    // a day is left to the user (the browser's timers go no further than 24 days).
    let retry_at = error
        .retry_at_ms
        .filter(|_| {
            error
                .retry_after_secs()
                .is_some_and(|secs| secs > MAX_RETRY_AFTER_SECS)
        })
        .map(|ms| ms.div_ceil(60_000) * 60_000);
    let remaining_ms = retry_at.map(|at| at.saturating_sub(js_sys::Date::now() as u64));
    let auto_retry = on_retry.filter(|_| remaining_ms.is_some_and(|ms| ms <= DAY_MS));
    if let (Some(ms), Some(retry)) = (remaining_ms, auto_retry) {
        // Dropped, and so cancelled, with the panel.
        StoredValue::new_local(Some(gloo_timers::callback::Timeout::new(
            ms as u32,
            move || retry.run(()),
        )));
    }
    let until = retry_at.map(|at| local_time(at, remaining_ms.unwrap_or(0) >= DAY_MS / 2));
    let locale = use_app().locale;
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
                .map(|(day, time)| {
                    view! {
                        <p>
                            {move || {
                                // The day too when the time could be read as today's.
                                let shown = match day {
                                    Some(day) => format!("{} {time}", crate::domain::format::date(day, locale.get())),
                                    None => time.clone(),
                                };
                                (t().error_wait_until)(&shown)
                            }}
                            {auto_retry.map(|_| view! { " "{move || t().error_retry_then} })}
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

const DAY_MS: u64 = 24 * 3600 * 1000;

/// `at` (unix ms) on the device's clock, in its time zone as it will be then: `HH:MM`, and its
/// day when `with_day`.
fn local_time(at: u64, with_day: bool) -> (Option<chrono::NaiveDate>, String) {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at as f64));
    let day = with_day
        .then(|| {
            chrono::NaiveDate::from_ymd_opt(
                date.get_full_year() as i32,
                date.get_month() + 1,
                date.get_date(),
            )
        })
        .flatten();
    (
        day,
        format!("{:02}:{:02}", date.get_hours(), date.get_minutes()),
    )
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
