//! The table itself: the page's checkbox, the sortable headers and one line per service shown.

use std::collections::HashSet;

use leptos::prelude::*;

use super::actions::{ActionRequest, RowWork};
use super::line::{line_id, target_closest, DrawnLines, LineContext, LAZY_ACTIONS};
use super::model::Table;
use super::selection_bar::clear_on_escape;
use crate::app::use_i18n;
use crate::components::table::SortHeader;
use crate::domain::query::SortColumn;
use crate::i18n::Messages;
use wasm_bindgen::JsCast;

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
    // The lines are written with DOM calls (see `line`): one effect draws them, one keeps their
    // checkboxes in step with the selection, and the body's listeners handle their controls.
    let body = NodeRef::<leptos::html::Tbody>::new();
    let drawn = DrawnLines::new();
    let cx = LineContext { request, selected };
    let owner = StoredValue::new(Owner::current().expect("the table's owner"));
    let draw = RenderEffect::new(move |_| {
        let Some(body) = body.get() else { return };
        let (locale, today) = (locale.get(), today.get());
        needle.with(|needle| {
            work.notices.with(|notices| {
                lines.with(|lines| {
                    owner.with_value(|owner| {
                        drawn.show(&body, lines, needle, notices, locale, today, owner, cx)
                    })
                })
            })
        });
    });
    let check = RenderEffect::new(move |_| selected.with(|s| drawn.check(s)));
    // The effects live as long as the table (a dropped `RenderEffect` stops).
    StoredValue::new_local((draw, check));
    on_cleanup(move || drawn.clear());
    let on_change = move |ev: leptos::ev::Event| {
        // A line's selection checkbox (the only control of a line that sends `change`).
        let Some(input) = target_closest(&ev, "td.select-col input")
            .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(id) = line_id(&input) else { return };
        let on = input.checked();
        selected.update(|s| {
            if on {
                s.insert(id);
            } else {
                s.remove(&id);
            }
        });
    };
    // A line's plain actions button (its wrapper, `lazy`), first used: the shared menu button
    // takes its place (with focus if it had it), for the caller to give it the event again.
    let actions_of = move |lazy: &web_sys::Element| -> Option<web_sys::HtmlElement> {
        let had_focus = document()
            .active_element()
            .is_some_and(|a| lazy.contains(Some(&a)));
        let tr = lazy.closest("tr").ok().flatten()?;
        let button = owner.with_value(|owner| drawn.actions(&tr, owner, cx))?;
        if had_focus {
            let _ = button.focus();
        }
        Some(button)
    };
    // The keys the menu button takes while closed: ↓ and ↑ open it (the plain button hands them
    // to the menu button it becomes), Home and End do nothing (nor scroll the page).
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if !matches!(key.as_str(), "ArrowDown" | "ArrowUp" | "Home" | "End") {
            return;
        }
        let Some(lazy) = target_closest(&ev, LAZY_ACTIONS) else {
            return;
        };
        ev.prevent_default();
        if key == "Home" || key == "End" {
            return;
        }
        let Some(button) = actions_of(&lazy) else {
            return;
        };
        // The key is the menu button's now: handled once, by it.
        ev.stop_propagation();
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(&key);
        init.set_bubbles(true);
        init.set_cancelable(true);
        if let Ok(again) =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
        {
            let _ = button.dispatch_event(&again);
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(lazy) = target_closest(&ev, LAZY_ACTIONS) {
            if let Some(button) = actions_of(&lazy) {
                button.click();
            }
            return;
        }
        let Some(id) = target_closest(&ev, "button.expander").and_then(|b| line_id(&b)) else {
            return;
        };
        expanded.update(|set| {
            if !set.remove(&id) {
                set.insert(id);
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
                <tbody node_ref=body on:change=on_change on:click=on_click on:keydown=on_keydown></tbody>
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
