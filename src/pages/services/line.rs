//! One line of the services table: selection, expander, name and reference with the search
//! highlighted, type, state, status, next date, frequency and the row's actions.

use std::collections::HashSet;

use leptos::either::Either;
use leptos::prelude::*;

use super::actions::{ActionRequest, RowActions, RowWork};
use crate::domain::dates::days_between;
use crate::domain::format::date;
use crate::domain::locale::Locale;
use crate::domain::services::{RenewalStatus, ServiceRow};
use crate::domain::text::match_ranges;
use crate::i18n::Messages;

use super::*;

/// Text with the parts matching the search in `<mark>`; one text node when nothing matches (no
/// search, or a sort or filter: most lines), without a list of parts to build and drop.
fn highlighted(text: &str, needle: &str) -> impl IntoView {
    let ranges = match_ranges(text, needle);
    if ranges.is_empty() {
        return Either::Left(text.to_string());
    }
    let mut parts = Vec::new();
    let mut at = 0;
    for range in ranges {
        if range.start > at {
            parts.push(text[at..range.start].to_string().into_any());
        }
        parts.push(view! { <mark>{text[range.clone()].to_string()}</mark> }.into_any());
        at = range.end;
    }
    if at < text.len() {
        parts.push(text[at..].to_string().into_any());
    }
    Either::Right(parts)
}

/// A line is drawn once for its content: its `<For>` key holds what it shows (the service's
/// fields, the search, the language and the day), so a change draws it again. Its texts are
/// therefore plain, not reactive: a line costs no effect per cell. What changes in place is only
/// what the key does not hold: the selection and the notice of an action.
#[component]
pub(super) fn ServiceLine(
    line: Line,
    needle: String,
    expanded: RwSignal<HashSet<u64>>,
    today: chrono::NaiveDate,
    /// The language's messages and locale: the `<For>` key holds the language, so a line is drawn
    /// again when it changes (the grid reads them once for every line).
    m: &'static Messages,
    locale: Locale,
    request: RwSignal<Option<ActionRequest>>,
    selected: RwSignal<HashSet<u64>>,
    work: RowWork,
) -> impl IntoView {
    let Line {
        row,
        linked,
        child,
        context,
    } = line;
    let ServiceRow {
        id,
        ref display_name,
        ref reference,
        ref kind,
        ref state,
        ref status,
        period_months,
        ..
    } = row;
    let next = row.next_effective_date();
    let attention = row.attention(today);
    let show_reference = reference != display_name;
    let status_class = status_class(status);
    let row_class = match (child, context) {
        (true, _) => "child",
        (false, true) => "context",
        _ => "",
    };
    let expander = linked.map(|(count, open)| {
        let label = if open {
            (m.hide_linked)(count, display_name)
        } else {
            (m.show_linked)(count, display_name)
        };
        view! {
            <button
                type="button"
                id=format!("expand-{id}")
                class="expander"
                aria-expanded=open.to_string()
                aria-label=label
                on:click=move |_| {
                    expanded
                        .update(|set| {
                            if !set.remove(&id) {
                                set.insert(id);
                            }
                        })
                }
            >
                {if open { "▾" } else { "▸" }}
            </button>
        }
    });
    let next_date = match next {
        Some(d) => {
            let days = days_between(today, d);
            let near = (-30..=30).contains(&days);
            Either::Left(view! {
                <time datetime=d.to_string()>{date(d, locale)}</time>
                {near.then(|| view! { <span class="relative">{(m.days_relative)(days)}</span> })}
            })
        }
        None => Either::Right(m.not_set),
    };
    // What the cells show, read from the row before it goes to its actions (no copy of it).
    let select_label = (!context).then(|| (m.select_service)(display_name));
    let name = highlighted(display_name, &needle);
    let reference = show_reference.then(|| highlighted(reference, &needle));
    let (kind, state) = ((m.service_type)(kind), (m.resource_state)(state));
    let status = (m.renewal_status)(status);
    let actions_label = (m.actions_for)(display_name);
    view! {
        <tr class=row_class>
            <td class="select-col">
                {select_label.map(|label| {
                    view! {
                        <input
                            type="checkbox"
                            aria-label=label
                            prop:checked=move || selected.with(|s| s.contains(&id))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    if on {
                                        s.insert(id);
                                    } else {
                                        s.remove(&id);
                                    }
                                });
                            }
                        />
                    }
                })}
            </td>
            <td class="expander-col">{expander}</td>
            <th scope="row" class="name-cell">
                <span class="service-name">{name}</span>
                {reference.map(|r| view! { <span class="reference">{r}</span> })}
                {context.then(|| view! { <span class="reference">{m.shown_for_context}</span> })}
                {attention.map(|a| view! { <span class="flag attention">{(m.attention)(a)}</span> })}
                {move || work.notices.with(|n| n.get(&id).cloned()).map(|notice| view! {
                    <span class=format!("row-notice {}", notice.tone)>
                        {notice.text.text(m)}
                        {notice.order.map(|order| view! {
                            " "<crate::app::NavLink href=format!("/orders/{order}")>{m.order_created_link}</crate::app::NavLink>
                        })}
                    </span>
                })}
            </th>
            <td>{kind}</td>
            <td>{state}</td>
            <td>
                <span class=status_class>{status}</span>
            </td>
            <td>{next_date}</td>
            <td>{period_months.map(|n| (m.every_months)(n)).unwrap_or_else(|| m.not_set.to_string())}</td>
            <td class="actions-col">
                <RowActions label=actions_label row=row request=request />
            </td>
        </tr>
    }
}

/// The status badge's classes (whole, not formatted for each line).
fn status_class(status: &RenewalStatus) -> &'static str {
    match status {
        RenewalStatus::BillToPay => "badge status-danger",
        RenewalStatus::TerminationRequested | RenewalStatus::Terminated => "badge status-warning",
        RenewalStatus::Automatic => "badge status-ok",
        RenewalStatus::Manual | RenewalStatus::OneShot | RenewalStatus::Other(_) => {
            "badge status-neutral"
        }
    }
}
