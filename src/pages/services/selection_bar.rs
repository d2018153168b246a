//! The selection's bar: how many services are chosen, choosing every matching one, clearing,
//! and the tools that work on the selection (export, batch actions), each on its own page with
//! the table's filters in its URL (the selection itself is in the state layer).

use std::collections::HashSet;

use leptos::prelude::*;

use super::model::Table;
use crate::api::config::path_with_query;
use crate::app::{use_app, use_i18n, NavLink};
use crate::domain::format::integer;
use crate::domain::query::TableQuery;

/// Escape clears the selection (when nothing else took the key).
pub(super) fn clear_on_escape(
    selected: RwSignal<HashSet<u64>>,
) -> impl Fn(leptos::ev::KeyboardEvent) + Copy + 'static {
    move |ev| {
        if ev.key() == "Escape"
            && !ev.default_prevented()
            && !selected.with_untracked(HashSet::is_empty)
        {
            ev.prevent_default();
            selected.set(HashSet::new());
        }
    }
}

fn preload_tools() {
    crate::pages::preload_section("/services/export");
    crate::pages::preload_section("/services/batch");
}

pub(super) fn selection_bar(table: Table, selected: RwSignal<HashSet<u64>>) -> impl IntoView {
    let t = use_i18n();
    let locale = use_app().locale;
    // The table's filters go along (the tools act on what it shows); `?lang=` is the link's.
    let tools_href = move |tool: &'static str| {
        let (path, action) = match tool.split_once("?action=") {
            Some((path, action)) => (path, Some(("action", action.to_string()))),
            None => (tool, None),
        };
        Signal::derive(move || {
            let filters = table.query.with(TableQuery::to_params);
            path_with_query(
                &format!("/services/{path}"),
                action.clone().into_iter().chain(filters),
            )
        })
    };
    // Every service of the page is chosen and more match: offer them all (also when services
    // chosen under other filters are in the selection: counting the selection would hide it).
    let select_all = move || {
        let (chosen, on_page) = table.page_selection(selected);
        let matching = table.filtered.with(|f| f.0.matching_services);
        let more =
            on_page > 0 && chosen == on_page && selected.with(|s| table.matching_unselected(s)) > 0;
        more.then(|| {
            view! {
                <button type="button" class="link-button" on:click=move |_| {
                    let ids = table.matching_ids();
                    selected.update(|s| s.extend(ids));
                }>
                    {move || (t().select_all_matching)(&integer(matching as u64, locale.get()))}
                </button>
            }
        })
    };
    view! {
        <div
            class="selection-bar"
            role="group"
            aria-label=move || t().selection_label
            on:keydown=clear_on_escape(selected)
            // The pointer or focus coming to the tools: their pages' chunks start loading.
            on:pointerover=move |_| preload_tools()
            on:focusin=move |_| preload_tools()
        >
            <span role="status">
                {move || {
                    let n = selected.with(HashSet::len);
                    (n > 0).then(|| (t().selected_count)(&integer(n as u64, locale.get())))
                }}
            </span>
            {select_all}
            <Show when=move || !selected.with(HashSet::is_empty)>
                <button type="button" class="link-button" on:click=move |_| selected.set(HashSet::new())>
                    {move || t().clear_selection}
                </button>
            </Show>
            <NavLink href=tools_href("export") attr:class="button">
                {move || t().export_link}
            </NavLink>
            <Show when=move || !selected.with(HashSet::is_empty)>
                <NavLink href=tools_href("batch?action=enable") attr:class="button">
                    {move || t().batch_enable_title}
                </NavLink>
                <NavLink href=tools_href("batch?action=disable") attr:class="button">
                    {move || t().batch_disable_title}
                </NavLink>
                <NavLink href=tools_href("batch?action=renew") attr:class="button">
                    {move || t().renew_batch_title}
                </NavLink>
                <NavLink href=tools_href("batch?action=align") attr:class="button">
                    {move || t().align_title}
                </NavLink>
            </Show>
        </div>
    }
}
