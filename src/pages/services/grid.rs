//! The table itself: the page's checkbox, the sortable headers and one line per service shown.

use std::collections::HashSet;

use leptos::prelude::*;

use super::actions::{ActionRequest, RowWork};
use super::line::ServiceLine;
use super::model::Table;
use super::selection_bar::clear_on_escape;
use crate::app::use_i18n;
use crate::components::table::SortHeader;
use crate::domain::query::SortColumn;
use crate::i18n::Messages;

pub(super) fn services_grid(
    table: Table,
    selected: RwSignal<HashSet<u64>>,
    request: RwSignal<Option<ActionRequest>>,
    work: RowWork,
) -> impl IntoView {
    let t = use_i18n();
    let locale = crate::app::use_app().locale;
    let Table {
        query,
        view,
        lines,
        needle,
        expanded,
        today,
        page_ids,
        ..
    } = table;
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
    let headers = SortColumn::ALL
        .into_iter()
        .map(|column| {
            view! {
                <SortHeader
                    label=Signal::derive(move || column_label(t(), column))
                    sorted=Signal::derive(move || query.with(|q| (q.sort == column).then_some(q.descending)))
                    on_sort=Callback::new(move |()| table.sort_by(column))
                />
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" hidden=move || view.with(|v| v.0.total_groups == 0) on:keydown=clear_on_escape(selected)>
            <table class="data-table services-table" aria-label=move || t().services_table_label>
                <thead>
                    <tr>
                        <th scope="col" class="select-col">
                            <input
                                type="checkbox"
                                aria-label=move || t().select_page
                                prop:checked=move || { let (c, n) = table.page_selection(selected); n > 0 && c == n }
                                prop:indeterminate=move || { let (c, n) = table.page_selection(selected); c > 0 && c < n }
                                on:change=toggle_page
                            />
                        </th>
                        <th scope="col" class="expander-col">
                            <span class="visually-hidden">{move || t().linked_to}</span>
                        </th>
                        {headers}
                        <th scope="col">
                            <span class="visually-hidden">{move || t().col_actions}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || {
                            // A line's texts are plain: the language or the day changed, every line is drawn again.
                            locale.track();
                            today.track();
                            lines.get()
                        }
                        key=move |line| (line.row.id, line.linked, line.context, needle.get(), line.row.status.clone(), line.row.state.clone(), line.row.next_effective_date(), line.row.period_months, locale.get_untracked(), today.get_untracked())
                        children=move |line| {
                            let locale = locale.get_untracked();
                            view! { <ServiceLine line=line needle=needle.get_untracked() expanded=expanded today=today.get_untracked() m=crate::i18n::messages(locale) locale=locale request=request selected=selected work=work /> }
                        }
                    />
                </tbody>
            </table>
        </div>
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
