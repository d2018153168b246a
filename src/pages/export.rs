//! `/services/export`: a CSV or calendar (.ics) file of the selection, of the services matching
//! the table's filters (carried in this page's URL), or of the whole account, built entirely in
//! the browser from the loaded data (no server call but the services list).

use crate::router::use_page_query;
use leptos::prelude::*;

use crate::api::config::path_with_query;
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::components::load_progress::{LoadProgressBar, ServicesMissingNotice};
use crate::domain::calendar::{
    events_ics, ics_file_name, upcoming_events, CalendarLabels, CalendarOptions, EventKind,
    ICS_MIME,
};
use crate::domain::export::{
    csv_file_name, services_csv, CsvOptions, DateStyle, Separator, CSV_MIME,
};
use crate::domain::format::{date, integer};
use crate::domain::query::{ServiceIndex, TableQuery};
use crate::domain::services::ServiceRow;
use crate::state::{use_state, LoadStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Selection,
    Matching,
    Account,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Calendar,
}

/// Hands `text` to the browser as a download named `name`.
fn download(text: &str, mime: &str, name: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}

#[component]
pub fn ExportPage() -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let locale = app.locale;
    let state = use_state();
    let store = state.services;
    store.ensure_loaded();
    let selection = state.selection.ids;
    let params = use_page_query();
    let query = Memo::new(move |_| params.with(|p| TableQuery::from_params(|k| p.get(k))));
    let scope = RwSignal::new(Scope::Matching);
    // The selection is known once the account is: it is the default scope when there is one.
    let scope_chosen = StoredValue::new(false);
    Effect::new(move |_| {
        if state.selection.ready() && !scope_chosen.get_value() {
            scope_chosen.set_value(true);
            if selection.with(|s| !s.is_empty()) {
                scope.set(Scope::Selection);
            }
        }
    });
    let kind = RwSignal::new(FileKind::Csv);
    let separator = RwSignal::new(CsvOptions::for_locale(locale.get_untracked()).separator);
    let iso_dates = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);

    let clock = state.clock;
    let today_date = move || clock.today();
    let ready = move || store.status.with(|s| *s == LoadStatus::Ready);
    // The services of each scope, as positions in the loaded rows (not copies: at 50,000
    // services a copy of each scope would grow the wasm memory, which never shrinks, by megabytes).
    let chosen = move |which: Scope| -> Vec<usize> {
        if !ready() {
            return Vec::new();
        }
        store.index.with(|index| {
            let index: &ServiceIndex = &index.0;
            let positions = 0..index.rows.len();
            match which {
                Scope::Account => positions.collect(),
                Scope::Selection => selection.with(|chosen| {
                    positions
                        .filter(|&i| chosen.contains(&index.rows[i].id))
                        .collect()
                }),
                Scope::Matching => {
                    let filtered = query.with(|q| index.filter(q, today_date()));
                    positions
                        .filter(|&i| filtered.matches.get(i) == Some(&true))
                        .collect()
                }
            }
        })
    };
    let counts = Memo::new(move |_| {
        (
            chosen(Scope::Selection).len(),
            chosen(Scope::Matching).len(),
            chosen(Scope::Account).len(),
        )
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let positions = chosen(scope.get_untracked());
        let m = t();
        let loc = locale.get_untracked();
        let day = today_date();
        let now = chrono::DateTime::from_timestamp(clock.now_secs(), 0).unwrap_or_default();
        let format = match kind.get_untracked() {
            FileKind::Csv => Format::Csv(CsvOptions {
                separator: separator.get_untracked(),
                dates: if iso_dates.get_untracked() {
                    DateStyle::Iso
                } else {
                    DateStyle::Locale(loc)
                },
            }),
            FileKind::Calendar => Format::Calendar(CalendarOptions::new(now, day)),
        };
        // By name (then id), the table's default order.
        let (text, mime, name, events) = store.index.with_untracked(|index| {
            let mut services: Vec<&ServiceRow> =
                positions.iter().map(|&i| &index.0.rows[i]).collect();
            services.sort_by(|a, b| a.display_name.cmp(&b.display_name).then(a.id.cmp(&b.id)));
            export_file(&services, &format, m, loc, day)
        });
        let services = positions.len();
        let message = match (download(&text, mime, &name), events) {
            (Ok(()), None) => (m.export_done)(&name, &integer(services as u64, loc), services),
            (Ok(()), Some(events)) => (m.export_done_ics)(
                &name,
                &integer(events as u64, loc),
                events,
                &integer(services as u64, loc),
                services,
            ),
            (Err(_), _) => m.export_failed.to_string(),
        };
        done.set(Some(message));
    };

    // Back to the table as it was: its query (the link adds the language).
    let back_href =
        Signal::derive(move || path_with_query("/services", query.with(TableQuery::to_params)));
    let scope_option =
        move |value: Scope, label: fn(&crate::i18n::ToolsMessages, &str) -> String| {
            let count = move || match value {
                Scope::Selection => counts.get().0,
                Scope::Matching => counts.get().1,
                Scope::Account => counts.get().2,
            };
            radio(
                "scope",
                move || scope.get() == value,
                move || count() == 0,
                move || scope.set(value),
                move || label(t(), &integer(count() as u64, locale.get())),
            )
        };
    view! {
        <section class="page">
            <p><NavLink href=back_href>{move || t().back_to_services}</NavLink></p>
            <h1>{move || t().export_heading}</h1>
            {move || match store.status.get() {
                LoadStatus::Idle | LoadStatus::Loading => Some(view! { <LoadProgressBar progress=store.progress.into() label=Signal::derive(move || t().services_loading_label) /> }.into_any()),
                LoadStatus::Failed(error) => Some(view! { <ErrorPanel error=error on_retry=Callback::new(move |()| store.reload()) /> }.into_any()),
                LoadStatus::Ready => None,
            }}
            <ServicesMissingNotice />
            <form class="dialog-form export-form" on:submit=on_submit>
                <fieldset class="field">
                    <legend>{move || t().export_scope}</legend>
                    {scope_option(Scope::Selection, |m, n| (m.export_scope_selection)(n))}
                    {scope_option(Scope::Matching, |m, n| (m.export_scope_matching)(n))}
                    {scope_option(Scope::Account, |m, n| (m.export_scope_account)(n))}
                </fieldset>
                {format_fields(kind, separator, iso_dates)}
                <p class="notice-ok" role="status">{move || done.get()}</p>
                <div class="dialog-buttons">
                    <button type="submit" class="button primary" disabled=move || !ready()>
                        {move || t().export_download}
                    </button>
                </div>
            </form>
        </section>
    }
}

/// The chosen file format and its options.
enum Format {
    Csv(CsvOptions),
    Calendar(CalendarOptions),
}

/// The file of `services` in `format`: its text, MIME type, name (dated `day`) and, for a
/// calendar, how many events it holds.
fn export_file(
    services: &[&ServiceRow],
    format: &Format,
    m: &'static crate::i18n::ToolsMessages,
    loc: crate::domain::Locale,
    day: chrono::NaiveDate,
) -> (String, &'static str, String, Option<usize>) {
    match format {
        Format::Csv(options) => {
            let labels = m.csv_labels();
            (
                services_csv(services.iter().copied(), &labels, *options),
                CSV_MIME,
                csv_file_name(day),
                None,
            )
        }
        Format::Calendar(options) => {
            let summary = move |e: &crate::domain::calendar::CalendarEvent<'_>| match e.kind {
                EventKind::Renewal => (m.ics_renewal)(&e.row.display_name),
                EventKind::Expiry => (m.ics_expiry)(&e.row.display_name),
                EventKind::Termination => (m.ics_termination)(&e.row.display_name),
            };
            let description = move |e: &crate::domain::calendar::CalendarEvent<'_>| {
                format!(
                    "{}\n{}\n{}",
                    e.row.reference,
                    (m.service_type)(&e.row.kind),
                    date(e.date, loc)
                )
            };
            let labels = CalendarLabels {
                calendar_name: m.ics_calendar_name,
                summary: &summary,
                description: &description,
            };
            // Listed once: written, and counted for the message.
            let events = upcoming_events(services.iter().copied(), options.today);
            (
                events_ics(&events, &labels, options),
                ICS_MIME,
                ics_file_name(day),
                Some(events.len()),
            )
        }
    }
}

/// One radio button of a group, with its label (unavailable while `disabled`).
fn radio<L: IntoView + 'static>(
    name: &'static str,
    checked: impl Fn() -> bool + Send + Sync + 'static,
    disabled: impl Fn() -> bool + Send + Sync + 'static,
    choose: impl Fn() + 'static,
    label: impl Fn() -> L + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label class="radio">
            <input type="radio" name=name prop:checked=checked disabled=disabled on:change=move |_| choose() />
            {label}
        </label>
    }
}

/// The file's format and, for a CSV file, its separator and date style.
fn format_fields(
    kind: RwSignal<FileKind>,
    separator: RwSignal<Separator>,
    iso_dates: RwSignal<bool>,
) -> impl IntoView {
    let t = use_tools_i18n();
    view! {
        <fieldset class="field">
            <legend>{move || t().export_format}</legend>
            {radio("kind", move || kind.get() == FileKind::Csv, || false, move || kind.set(FileKind::Csv), move || t().export_csv)}
            {radio("kind", move || kind.get() == FileKind::Calendar, || false, move || kind.set(FileKind::Calendar), move || t().export_ics)}
        </fieldset>
        <Show when=move || kind.get() == FileKind::Csv>
            <fieldset class="field">
                <legend>{move || t().export_separator}</legend>
                {radio("separator", move || separator.get() == Separator::Semicolon, || false, move || separator.set(Separator::Semicolon), move || t().export_semicolon)}
                {radio("separator", move || separator.get() == Separator::Comma, || false, move || separator.set(Separator::Comma), move || t().export_comma)}
            </fieldset>
            <fieldset class="field">
                <legend>{move || t().export_dates}</legend>
                {radio("dates", move || !iso_dates.get(), || false, move || iso_dates.set(false), move || t().export_dates_locale)}
                {radio("dates", move || iso_dates.get(), || false, move || iso_dates.set(true), move || t().export_dates_iso)}
            </fieldset>
        </Show>
    }
}
