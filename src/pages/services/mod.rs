//! "My services": every service of the account, loaded in pages with progress, then searched,
//! filtered, sorted and paged locally. The table's whole state lives in the URL.

mod actions;
mod filters;
mod line;

use filters::*;
use line::*;

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;

use crate::components::focus::focus_after_render;
use leptos_router::hooks::use_query_map;

use self::actions::{ActionDialogs, ActionRequest, RowWork};
use crate::api::config::path_with_query;
use crate::app::{use_app, use_i18n, use_query_navigator};
use crate::components::error_panel::ErrorPanel;
use crate::components::load_progress::{LoadProgressBar, MissingNotice};
use crate::components::table::{Pager, PagerState, SortHeader};
use crate::domain::format::integer;
use crate::domain::query::{Filtered, ServiceIndex, SortColumn, TableQuery, TableView};
use crate::domain::services::ServiceRow;
use crate::domain::text::fold;
use crate::i18n::{messages, Messages};
use crate::state::{use_state, LoadStatus, Shared};

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

#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_i18n();
    let app = use_app();
    let locale = app.locale;
    let state = use_state();
    let store = state.services;
    store.ensure_loaded();
    let index = store.index;
    let progress = store.progress;
    // Groups whose arrow was used (open when closed by default, closed when open by default).
    let expanded = RwSignal::new(HashSet::<u64>::new());

    // Row actions: the dialog asked for; each row owns the answers to its requests.
    let action_request = RwSignal::new(None::<ActionRequest>);
    let work = RowWork::new();
    provide_context(work);
    let notice = work.notice;

    // The query, from the URL.
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| TableQuery::from_params(|k| p.get(k))));
    let navigator = use_query_navigator("/services");
    let set_query = StoredValue::new(move |next: TableQuery, typing: bool| {
        navigator.with_value(|go| go(next.to_params(), typing));
    });
    // Changing what is shown starts again at page 1.
    let update = move |change: &dyn Fn(&mut TableQuery), typing: bool| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.page = 1;
        set_query.with_value(|set| set(next, typing));
    };
    let go_to_page = move |page: usize| {
        let mut next = query.get_untracked();
        next.page = page;
        set_query.with_value(|set| set(next, false));
    };

    let on_size = Callback::new(move |size: usize| {
        let mut next = query.get_untracked();
        next.page_size = size;
        next.page = 1;
        set_query.with_value(|set| set(next, false));
    });
    let clock = state.clock;
    let today_date = Memo::new(move |_| clock.today());
    // The search/filter pass does not depend on the order nor the page, and the other way round.
    let filter_key =
        Memo::new(move |_| query.with(|q| (q.search.clone(), q.filters.clone(), q.show_ended)));
    let filtered = Memo::new(move |_| {
        let (search, filters, show_ended) = filter_key.get();
        let q = TableQuery {
            search,
            filters,
            show_ended,
            ..Default::default()
        };
        Shared::new(index.get().0.filter(&q, today_date.get()))
    });
    // The order depends on the sort alone, not on the search or filters. The index keeps every
    // order it computed (a permutation of the rows): the current one is computed at once, the 11
    // others in idle time once the services are loaded (below), so a sort change picks a kept
    // order and walks it until the page is full.
    let view_model: Memo<Shared<TableView>> = Memo::new(move |_| {
        let q = query.get();
        let labels = messages(locale.get());
        let filtered: Shared<Filtered> = filtered.get();
        Shared::new(index.with(|i| {
            let order = i.0.order(q.sort, q.descending, labels);
            i.0.page(&order, &filtered.0, &q)
        }))
    });
    let pager_state = Signal::derive(move || {
        let size = query.with(|q| q.page_size);
        view_model.with(|v| PagerState {
            page: v.0.page,
            page_count: v.0.page_count,
            page_size: size,
            first: v.0.first_index,
            shown: v.0.groups.len(),
            total: v.0.total_groups,
        })
    });

    let needle = Memo::new(move |_| fold(query.with(|q| q.search.trim().to_string()).as_str()));
    let narrowed =
        Memo::new(move |_| query.with(|q| !q.search.trim().is_empty() || q.has_filters()));

    let lines = Memo::new(move |_| {
        let view = view_model.get();
        let index = index.get();
        let narrowed = narrowed.get();
        let toggled = expanded.get();
        let mut lines = Vec::new();
        for group in &view.0.groups {
            let parent = index.0.rows[group.parent].clone();
            // Groups start closed, but open while searching or filtering; the arrow flips either way.
            let show_children = narrowed != toggled.contains(&parent.id);
            lines.push(Line {
                linked: (!group.children.is_empty())
                    .then_some((group.children.len(), show_children)),
                row: parent,
                child: false,
                context: !group.parent_matches,
            });
            if show_children {
                for child in &group.children {
                    lines.push(Line {
                        row: index.0.rows[*child].clone(),
                        linked: None,
                        child: true,
                        context: false,
                    });
                }
            }
        }
        lines
    });

    // Search box: local text, applied after a pause in typing; follows the URL (back/forward).
    let search_text = RwSignal::new(query.get_untracked().search);
    Effect::new(move |_| {
        let from_url = query.with(|q| q.search.clone());
        if search_text.get_untracked() != from_url {
            search_text.set(from_url);
        }
    });
    let pending_search = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    let on_search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        search_text.set(text.clone());
        let timeout = gloo_timers::callback::Timeout::new(SEARCH_DEBOUNCE_MS, move || {
            update(&|q| q.search = text.clone(), true);
        });
        // Replacing the handle cancels the previous timer.
        pending_search.set_value(Some(timeout));
    };

    // Selection: a set of service ids that survives sorting, paging and filtering. The state
    // layer keeps it in session storage, so it also survives a reload, the other pages and the
    // way Back.
    let selected = state.selection.ids;
    // Once the services are loaded: the orders of the other sorts are computed in idle time, and
    // when every one is loaded, ids that no longer name one (deleted since) leave the selection,
    // so its count is true.
    Effect::new(move |_| {
        if store.status.get() != LoadStatus::Ready {
            return;
        }
        index.with_untracked(|i| prepare_orders(&i.0, messages(locale.get_untracked())));
        if store.report.with(|r| r.is_whole()) {
            let loaded = index.get_untracked();
            let known = |id: &u64| loaded.0.contains_id(*id);
            if selected.with_untracked(|s| !s.iter().all(known)) {
                selected.update(|s| s.retain(known));
            }
        }
    });
    let page_ids = Memo::new(move |_| {
        lines.with(|lines| {
            lines
                .iter()
                .filter(|l| !l.context)
                .map(|l| l.row.id)
                .collect::<Vec<u64>>()
        })
    });
    let page_selection = move || {
        let ids = page_ids.get();
        let chosen = selected.with(|s| ids.iter().filter(|id| s.contains(id)).count());
        (chosen, ids.len())
    };
    let matching_ids = move || {
        filtered.with(|f| {
            index.with(|i| {
                i.0.rows
                    .iter()
                    .zip(&f.0.matches)
                    .filter(|(_, m)| **m)
                    .map(|(r, _)| r.id)
                    .collect::<HashSet<u64>>()
            })
        })
    };
    let toggle_page = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        let ids = page_ids.get_untracked();
        selected.update(|s| {
            for id in ids {
                if on {
                    s.insert(id);
                } else {
                    s.remove(&id);
                }
            }
        });
    };
    let clear_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape"
            && !ev.default_prevented()
            && !selected.with_untracked(HashSet::is_empty)
        {
            ev.prevent_default();
            selected.set(HashSet::new());
        }
    };
    // Tools (export, later batch actions) live on their own page, with the table's filters in
    // its URL and the selection in session storage (it may hold 50,000 ids).
    let tools_href = move |tool: &str| {
        let (path, action) = match tool.split_once("?action=") {
            Some((path, action)) => (path, Some(("action", action.to_string()))),
            None => (tool, None),
        };
        let lang = params.with(|p| p.get("lang")).map(|l| ("lang", l));
        let filters = query.with(TableQuery::to_params);
        path_with_query(
            &format!("/services/{path}"),
            action.into_iter().chain(filters).chain(lang),
        )
    };

    let count_text = move || {
        let l = locale.get();
        let view = view_model.get();
        let total = index.with(|i| i.0.len());
        if narrowed.get() {
            (t().matching_of)(
                &integer(view.0.matching_services as u64, l),
                &integer(total as u64, l),
            )
        } else {
            (t().services_count)(&integer(total as u64, l))
        }
    };
    // The ended services hidden by default, counted as the orders page counts its expired ones.
    let hidden_note = move || {
        let hidden = filtered.with(|f| f.0.hidden_ended);
        (hidden > 0).then(|| {
            let n = integer(hidden as u64, locale.get());
            view! { <span>{format!(" · {}", (t().ended_hidden)(&n))}</span> }
        })
    };
    // The pager counts lines, and a linked service shares its parent's line: say so, so that
    // "320 services" and "1–25 of 275" do not read as two different accounts.
    let grouped_note = move || {
        let view = view_model.get();
        (view.0.total_groups != view.0.matching_services && view.0.total_groups > 0).then(|| {
            let lines = integer(view.0.total_groups as u64, locale.get());
            view! { <span class="muted">{format!(" · {}", (t().grouped_lines)(&lines))}</span> }
        })
    };

    view! {
        <section class="page">
            <h1 data-title=move || {
                let total = index.with(|i| i.0.len());
                format!("{} ({})", t().services_heading, integer(total as u64, locale.get()))
            }>{move || t().services_heading}</h1>
            <p class="notice-ok" role="status">{move || notice.get()}</p>
            <ActionDialogs request=action_request work=work />
            {move || {
                (store.status.get() == LoadStatus::Loading)
                    .then(|| {
                        view! {
                            <LoadProgressBar
                                progress=progress.into()
                                label=Signal::derive(move || t().services_loading_label)
                            />
                        }
                    })
            }}
            {move || match store.status.get() {
                LoadStatus::Failed(error) => view! { <ErrorPanel error=error on_retry=Callback::new(move |()| store.reload()) /> }.into_any(),
                _ => ().into_any(),
            }}
            <MissingNotice
                report=store.report.into()
                retrying=store.retrying.into()
                missing_text=Signal::derive(move || {
                    let n = store.report.with(|r| r.missing.items);
                    (t().services_missing)(&integer(n, locale.get()))
                })
                skipped_text=Signal::derive(move || {
                    let n = store.report.with(|r| r.skipped.count);
                    (t().services_skipped)(&integer(n, locale.get()))
                })
                on_retry=Callback::new(move |()| store.retry_missing())
            />
            {move || {
                (store.status.get() == LoadStatus::Ready && index.with(|i| i.0.is_empty()))
                    .then(|| view! { <p class="empty">{move || t().services_empty}</p> })
            }}
            <Show when=move || index.with(|i| !i.0.is_empty())>
                <div class="toolbar">
                    <label class="search">
                        <span>{move || t().search_label}</span>
                        <input
                            type="search"
                            placeholder=move || t().search_placeholder
                            prop:value=move || search_text.get()
                            on:input=on_search
                        />
                    </label>
                    <FilterMenus query=query filtered=filtered update=update />
                    <label class="checkbox chip-toggle">
                        <input
                            type="checkbox"
                            prop:checked=move || query.with(|q| q.show_ended)
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                update(&|q| q.show_ended = on, false);
                            }
                        />
                        {move || t().show_ended}
                    </label>
                </div>
                <ActiveFilters query=query update=update />
                <p class="table-summary" role="status"><span>{count_text}</span>{hidden_note}{grouped_note}</p>
                {move || {
                    // Nothing in effect and no search: the count and the switch say it all.
                    (narrowed.get() && view_model.with(|v| v.0.total_groups == 0))
                        .then(|| {
                            view! {
                                <div class="empty">
                                    <p>{move || t().no_match}</p>
                                    <button
                                        type="button"
                                        class="button"
                                        on:click=move |_| {
                                            update(
                                                &|q| {
                                                    q.search.clear();
                                                    q.filters = Default::default();
                                                },
                                                false,
                                            );
                                            focus_after_render(".toolbar input[type=search]");
                                        }
                                    >
                                        {move || t().clear_filters}
                                    </button>
                                </div>
                            }
                        })
                }}
                <div class="selection-bar" role="group" aria-label=move || t().selection_label on:keydown=clear_on_escape>
                    <span role="status">
                        {move || {
                            let n = selected.with(HashSet::len);
                            (n > 0).then(|| (t().selected_count)(&integer(n as u64, locale.get())))
                        }}
                    </span>
                    {move || {
                        let (chosen, on_page) = page_selection();
                        let matching = filtered.with(|f| f.0.matching_services);
                        let all = selected.with(HashSet::len);
                        (on_page > 0 && chosen == on_page && matching > all)
                            .then(|| {
                                view! {
                                    <button type="button" class="link-button" on:click=move |_| {
                                        let ids = matching_ids();
                                        selected.update(|s| s.extend(ids));
                                    }>
                                        {move || (t().select_all_matching)(&integer(matching as u64, locale.get()))}
                                    </button>
                                }
                            })
                    }}
                    <Show when=move || !selected.with(HashSet::is_empty)>
                        <button type="button" class="link-button" on:click=move |_| selected.set(HashSet::new())>
                            {move || t().clear_selection}
                        </button>
                    </Show>
                    <a class="button" href=move || tools_href("export")>
                        {move || t().export_link}
                    </a>
                    <Show when=move || !selected.with(HashSet::is_empty)>
                        <a class="button" href=move || tools_href("batch?action=enable")>
                            {move || t().batch_enable_title}
                        </a>
                        <a class="button" href=move || tools_href("batch?action=disable")>
                            {move || t().batch_disable_title}
                        </a>
                        <a class="button" href=move || tools_href("batch?action=renew")>
                            {move || t().renew_batch_title}
                        </a>
                        <a class="button" href=move || tools_href("batch?action=align")>
                            {move || t().align_title}
                        </a>
                    </Show>
                </div>
                <div class="table-scroll" hidden=move || view_model.with(|v| v.0.total_groups == 0) on:keydown=clear_on_escape>
                    <table class="data-table services-table" aria-label=move || t().services_table_label>
                        <thead>
                            <tr>
                                <th scope="col" class="select-col">
                                    <input
                                        type="checkbox"
                                        aria-label=move || t().select_page
                                        prop:checked=move || { let (c, n) = page_selection(); n > 0 && c == n }
                                        prop:indeterminate=move || { let (c, n) = page_selection(); c > 0 && c < n }
                                        on:change=toggle_page
                                    />
                                </th>
                                <th scope="col" class="expander-col">
                                    <span class="visually-hidden">{move || t().linked_to}</span>
                                </th>
                                {SortColumn::ALL
                                    .into_iter()
                                    .map(|column| {
                                        let on_sort = Callback::new(move |()| {
                                            let mut next = query.get_untracked();
                                            next.descending = next.sort == column && !next.descending;
                                            next.sort = column;
                                            next.page = 1;
                                            set_query.with_value(|set| set(next, false));
                                        });
                                        view! {
                                            <SortHeader
                                                label=Signal::derive(move || column_label(t(), column))
                                                sorted=Signal::derive(move || query.with(|q| (q.sort == column).then_some(q.descending)))
                                                on_sort=on_sort
                                            />
                                        }
                                    })
                                    .collect_view()}
                                <th scope="col">
                                    <span class="visually-hidden">{move || t().col_actions}</span>
                                </th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || lines.get()
                                key=move |line| (line.row.id, line.linked, line.context, needle.get(), line.row.status.clone(), line.row.state.clone(), line.row.next_effective_date(), line.row.period_months)
                                children=move |line| view! { <ServiceLine line=line needle=needle.get_untracked() expanded=expanded today=today_date request=action_request selected=selected work=work /> }
                            />
                        </tbody>
                    </table>
                </div>
                <Pager state=pager_state on_page=Callback::new(go_to_page) on_size=on_size />
            </Show>
        </section>
    }
}

/// A column's header text.
fn column_label(m: &Messages, column: SortColumn) -> &'static str {
    match column {
        SortColumn::Name => m.col_name,
        SortColumn::Type => m.col_type,
        SortColumn::State => m.col_state,
        SortColumn::Status => m.col_status,
        SortColumn::NextDate => m.col_next_date,
        SortColumn::Frequency => m.col_frequency,
    }
}
