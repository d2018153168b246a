//! "3,000 of 12,000": progress of a collection being loaded in pages.

use leptos::prelude::*;

use crate::api::pagination::LoadProgress;
use crate::app::{use_app, use_i18n};
use crate::domain::format::integer;

#[component]
pub fn LoadProgressBar(
    progress: Signal<LoadProgress>,
    #[prop(into)] label: Signal<&'static str>,
) -> impl IntoView {
    let t = use_i18n();
    let locale = use_app().locale;
    let text = move || {
        let p = progress.get();
        let l = locale.get();
        match p.total {
            Some(total) => (t().progress_of)(&integer(p.loaded, l), &integer(total, l)),
            None => t().loading.to_string(),
        }
    };
    view! {
        <div class="load-progress">
            <progress
                aria-label=move || label.get()
                max=move || progress.get().total.unwrap_or(0).max(1).to_string()
                value=move || progress.get().total.map(|_| progress.get().loaded.to_string())
            ></progress>
            <span aria-live="polite">{text}</span>
        </div>
    }
}

/// What a load could not have: "12 services could not be loaded — Retry these" (the missing
/// part alone is asked again), and how many items were unreadable and why. The region exists
/// before its text changes, so a screen reader announces it; its content is a chunk of its own,
/// fetched only when something is missing.
#[component]
pub fn MissingNotice(
    report: Signal<crate::api::LoadReport>,
    retrying: Signal<bool>,
    missing_text: Signal<String>,
    skipped_text: Signal<String>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let needed = move || report.with(|r| !r.missing.is_empty() || r.skipped.count > 0);
    view! {
        <div class="load-notices" role="status">
            <Show when=needed>
                {Suspend::new(missing_notice(report, retrying, missing_text, skipped_text, on_retry))}
            </Show>
        </div>
    }
}

/// [`MissingNotice`] for the services store, wherever its list is shown (the table, export, the
/// tools pages, the account's cards): what the list could not have, asked again alone.
#[component]
pub fn ServicesMissingNotice() -> impl IntoView {
    let t = use_i18n();
    let locale = use_app().locale;
    let store = crate::state::use_state().services;
    let count =
        move |n: fn(&crate::api::LoadReport) -> u64| integer(store.report.with(n), locale.get());
    view! {
        <MissingNotice
            report=store.report.into()
            retrying=store.retrying.into()
            missing_text=Signal::derive(move || (t().services_missing)(&count(|r| r.missing.items)))
            skipped_text=Signal::derive(move || (t().services_skipped)(&count(|r| r.skipped.count)))
            on_retry=Callback::new(move |()| store.retry_missing())
        />
    }
}

/// [`MissingNotice`] for the orders store (the orders list, the account's closure card).
#[component]
pub fn OrdersMissingNotice() -> impl IntoView {
    let t = crate::app::use_orders_i18n();
    let locale = use_app().locale;
    let store = crate::state::use_state().orders;
    let count =
        move |n: fn(&crate::api::LoadReport) -> u64| integer(store.report.with(n), locale.get());
    view! {
        <MissingNotice
            report=store.report.into()
            retrying=store.retrying.into()
            missing_text=Signal::derive(move || (t().load_missing)(&count(|r| r.missing.items)))
            skipped_text=Signal::derive(move || (t().orders_skipped)(&count(|r| r.skipped.count)))
            on_retry=Callback::new(move |()| store.retry_missing())
        />
    }
}

#[leptos::lazy]
fn missing_notice(
    report: Signal<crate::api::LoadReport>,
    retrying: Signal<bool>,
    missing_text: Signal<String>,
    skipped_text: Signal<String>,
    on_retry: Callback<()>,
) -> AnyView {
    view! { <MissingNoticeBody report retrying missing_text skipped_text on_retry /> }.into_any()
}

#[component]
fn MissingNoticeBody(
    report: Signal<crate::api::LoadReport>,
    retrying: Signal<bool>,
    /// "12 services could not be loaded."
    missing_text: Signal<String>,
    /// "3 services sent by the API could not be read."
    skipped_text: Signal<String>,
    on_retry: Callback<()>,
) -> impl IntoView {
    let t = use_i18n();
    let missing = move || report.with(|r| !r.missing.is_empty());
    let skipped = move || report.with(|r| r.skipped.count > 0);
    let needs_sign_in = move || {
        report.with(|r| {
            r.error
                .as_ref()
                .is_some_and(crate::api::ApiError::needs_sign_in)
        })
    };
    view! {
        <div>
            <Show when=missing>
                {move || {
                    if needs_sign_in() {
                        let error = report.with(|r| r.error.clone());
                        error.map(|error| view! { <crate::components::error_panel::ErrorPanel error=error /> }.into_any())
                    } else {
                        Some(view! {
                            <div class="notice-warn">
                                <p>{move || missing_text.get()}</p>
                                {move || report.with(|r| r.error.as_ref().map(|e| crate::components::error_panel::error_summary(t(), &e.kind)))
                                    .map(|why| view! { <p class="muted">{why}</p> })}
                                <button type="button" class="button" disabled=move || retrying.get() on:click=move |_| on_retry.run(())>
                                    {move || if retrying.get() { t().loading } else { t().retry_missing }}
                                </button>
                            </div>
                        }.into_any())
                    }
                }}
            </Show>
            <Show when=skipped>
                <div class="notice">
                    <p>{move || skipped_text.get()}</p>
                    <p class="muted">{move || (t().skipped_detail)(&report.with(|r| r.skipped.summary()))}</p>
                </div>
            </Show>
        </div>
    }
}
