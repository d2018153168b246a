//! "My services": every service of the account, loaded in pages with progress, then searched,
//! filtered, sorted and paged locally. The table's whole state lives in the URL.

mod actions;
mod filters;
mod grid;
mod line;
mod model;
mod selection_bar;
mod toolbar;

use std::sync::Arc;

use leptos::prelude::*;

use self::actions::{preload_row_menu, ActionDialogs, ActionRequest, RowWork};
use self::grid::services_grid;
use self::model::Table;
use self::selection_bar::selection_bar;
use self::toolbar::{table_summary, toolbar};
use crate::app::{use_app, use_i18n};
use crate::components::error_panel::ErrorPanel;
use crate::components::load_progress::{LoadProgressBar, ServicesMissingNotice};
use crate::components::table::Pager;
use crate::domain::format::integer;
use crate::domain::query::{ServiceIndex, SortColumn};
use crate::domain::services::ServiceRow;
use crate::i18n::{messages, Messages};
use crate::state::{use_state, LoadStatus};

/// Milliseconds of quiet typing before the search is applied (and written to the URL).
const SEARCH_DEBOUNCE_MS: u32 = 180;

/// Computes the order of every sort for this index and labels, one per timer task so input is
/// never held up for long (the reference's idle-time precomputation); a task whose index was
/// replaced meanwhile does nothing, and an order already kept costs nothing. Orders for an index
/// changed after the load (a service read again) or another language are computed on first use.
fn prepare_orders(index: &Arc<ServiceIndex>, labels: &'static Messages) {
    for column in SortColumn::ALL {
        for descending in [false, true] {
            let index = Arc::downgrade(index);
            gloo_timers::callback::Timeout::new(0, move || {
                if let Some(index) = index.upgrade() {
                    index.order(column, descending, labels);
                }
            })
            .forget();
        }
    }
}

/// One line of the table body. Its `<For>` key holds everything a line shows that can change
/// (after an action), so a changed service is drawn again.
#[derive(Debug, Clone, PartialEq)]
struct Line {
    row: ServiceRow,
    /// For a top-level line: how many linked services it has, and whether they are shown.
    linked: Option<(usize, bool)>,
    child: bool,
    /// Shown only because a linked service matches.
    context: bool,
}

/// The page: the services store's load (progress, failure, what is missing), then the table's
/// toolbar, summary, selection bar, the table and its pager.
#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_i18n();
    let locale = use_app().locale;
    let state = use_state();
    let store = state.services;
    store.ensure_loaded();
    let index = store.index;
    let table = Table::new(index, state.clock);

    // Row actions: the dialog asked for; each row owns the answers to its requests.
    let action_request = RwSignal::new(None::<ActionRequest>);
    let work = RowWork::new();
    provide_context(work);
    let notice = work.notice;

    // Selection: a set of service ids that survives sorting, paging and filtering. The state
    // layer keeps it in session storage, so it also survives a reload, the other pages and the
    // way Back.
    let selection = state.selection;
    let selected = selection.ids;
    // Once the services are loaded: the orders of the other sorts are computed in idle time, the
    // rows' menu items are fetched when the browser is idle (fetched when the pointer came to the
    // table instead, their loading delayed the first click there by about 20 ms), and when every
    // one is loaded and the account's selection read (`/me` may answer after the list), ids that
    // no longer name one (deleted since) leave the selection, so its count is true.
    Effect::new(move |_| {
        if store.status.get() != LoadStatus::Ready {
            return;
        }
        index.with_untracked(|i| prepare_orders(&i.0, messages(locale.get_untracked())));
        crate::pages::when_idle(preload_row_menu);
        if store.report.with(|r| r.is_whole()) && selection.ready() {
            let loaded = index.get_untracked();
            let known = |id: &u64| loaded.0.contains_id(*id);
            if selected.with_untracked(|s| !s.iter().all(known)) {
                selected.update(|s| s.retain(known));
            }
        }
    });

    view! {
        <section class="page">
            <h1 data-title=move || {
                let total = index.with(|i| i.0.len());
                format!("{} ({})", t().services_heading, integer(total as u64, locale.get()))
            }>{move || t().services_heading}</h1>
            <p class="notice-ok" role="status">{move || notice.with(|n| n.as_ref().map(|n| n.text(t())))}</p>
            <ActionDialogs request=action_request work=work />
            {move || {
                (store.status.get() == LoadStatus::Loading)
                    .then(|| {
                        view! {
                            <LoadProgressBar
                                progress=store.progress.into()
                                label=Signal::derive(move || t().services_loading_label)
                            />
                        }
                    })
            }}
            {move || match store.status.get() {
                LoadStatus::Failed(error) => view! { <ErrorPanel error=error on_retry=Callback::new(move |()| store.reload()) /> }.into_any(),
                _ => ().into_any(),
            }}
            <ServicesMissingNotice />
            {move || {
                (store.status.get() == LoadStatus::Ready && index.with(|i| i.0.is_empty()))
                    .then(|| view! { <p class="empty">{move || t().services_empty}</p> })
            }}
            <Show when=move || index.with(|i| !i.0.is_empty())>
                {toolbar(table)}
                {table_summary(table)}
                {selection_bar(table, selected)}
                {services_grid(table, selected, action_request, work)}
                <Pager
                    state=table.pager()
                    on_page=Callback::new(move |page| table.go_to_page(page))
                    on_size=Callback::new(move |size| table.set_page_size(size))
                />
            </Show>
        </section>
    }
}
