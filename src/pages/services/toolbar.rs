//! Above the table: the search box, the filter menus and the switch of the ended services; then
//! the chips of the filters in effect and the count of what is shown.

use leptos::prelude::*;

use super::filters::{ActiveFilters, FilterMenus};
use super::model::Table;
use super::SEARCH_DEBOUNCE_MS;
use crate::app::{use_app, use_i18n};
use crate::components::focus::focus_after_render;
use crate::components::table::list_toggle;
use crate::domain::format::integer;
use crate::domain::query::TableQuery;

pub(super) fn toolbar(table: Table) -> impl IntoView {
    let t = use_i18n();
    let query = table.query;
    let update = move |change: &dyn Fn(&mut TableQuery), typing: bool| table.update(change, typing);
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
            table.update(&|q| q.search = text.clone(), true);
        });
        // Replacing the handle cancels the previous timer.
        pending_search.set_value(Some(timeout));
    };
    view! {
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
            <FilterMenus query=query filtered=table.filtered update=update />
            {list_toggle(
                "checkbox chip-toggle",
                move || t().show_ended,
                move || query.with(|q| q.show_ended),
                move |on| table.update(&|q| q.show_ended = on, false),
            )}
        </div>
        <ActiveFilters query=query update=update />
    }
}

/// How many services are shown of how many, what is hidden, and what to do when nothing matches.
pub(super) fn table_summary(table: Table) -> impl IntoView {
    let t = use_i18n();
    let locale = use_app().locale;
    let Table {
        view,
        filtered,
        narrowed,
        index,
        ..
    } = table;
    let count_text = move || {
        let l = locale.get();
        let view = view.get();
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
        let view = view.get();
        (view.0.total_groups != view.0.matching_services && view.0.total_groups > 0).then(|| {
            let lines = integer(view.0.total_groups as u64, locale.get());
            view! { <span class="muted">{format!(" · {}", (t().grouped_lines)(&lines))}</span> }
        })
    };
    let clear = move |_| {
        table.update(
            &|q| {
                q.search.clear();
                q.filters = Default::default();
            },
            false,
        );
        focus_after_render(".toolbar input[type=search]");
    };
    view! {
        <p class="table-summary" role="status"><span>{count_text}</span>{hidden_note}{grouped_note}</p>
        {move || {
            // Nothing in effect and no search: the count and the switch say it all.
            (narrowed.get() && view.with(|v| v.0.total_groups == 0))
                .then(|| {
                    view! {
                        <div class="empty">
                            <p>{move || t().no_match}</p>
                            <button type="button" class="button" on:click=clear>
                                {move || t().clear_filters}
                            </button>
                        </div>
                    }
                })
        }}
    }
}
