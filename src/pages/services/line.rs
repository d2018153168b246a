//! One line of the services table: selection, expander, name and reference with the search
//! highlighted, type, state, status, next date, frequency and the row's actions.

use std::collections::HashSet;

use leptos::prelude::*;

use super::actions::{ActionRequest, RowActions, RowWork};
use crate::app::{use_app, use_i18n};
use crate::domain::dates::days_between;
use crate::domain::format::date;
use crate::domain::services::{RenewalStatus, ServiceRow};
use crate::domain::text::match_ranges;

use super::*;

/// Text with the parts matching the search in `<mark>`.
fn highlighted(text: &str, needle: &str) -> impl IntoView {
    let mut parts = Vec::new();
    let mut at = 0;
    for range in match_ranges(text, needle) {
        if range.start > at {
            parts.push(text[at..range.start].to_string().into_any());
        }
        parts.push(view! { <mark>{text[range.clone()].to_string()}</mark> }.into_any());
        at = range.end;
    }
    if at < text.len() {
        parts.push(text[at..].to_string().into_any());
    }
    parts
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
    request: RwSignal<Option<ActionRequest>>,
    selected: RwSignal<HashSet<u64>>,
    work: RowWork,
) -> impl IntoView {
    let t = use_i18n();
    let (m, locale) = untrack(|| (t(), use_app().locale.get()));
    let Line {
        row,
        linked,
        child,
        context,
    } = line;
    let ServiceRow {
        id,
        display_name,
        reference,
        kind,
        state,
        status,
        period_months,
        ..
    } = row.clone();
    let next = row.next_effective_date();
    let attention = row.attention(today);
    let show_reference = reference != display_name;
    let status_class = format!("badge status-{}", status_class(&status));
    let row_class = match (child, context) {
        (true, _) => "child",
        (false, true) => "context",
        _ => "",
    };
    let expander = linked.map(|(count, open)| {
        let label = if open {
            (m.hide_linked)(count, &display_name)
        } else {
            (m.show_linked)(count, &display_name)
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
            view! {
                <time datetime=d.to_string()>{date(d, locale)}</time>
                {near.then(|| view! { <span class="relative">{(m.days_relative)(days)}</span> })}
            }
            .into_any()
        }
        None => m.not_set.into_any(),
    };
    view! {
        <tr class=row_class>
            <td class="select-col">
                {(!context).then(|| {
                    view! {
                        <input
                            type="checkbox"
                            aria-label=(m.select_service)(&display_name)
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
                <span class="service-name">{highlighted(&display_name, &needle)}</span>
                {show_reference.then(|| view! { <span class="reference">{highlighted(&reference, &needle)}</span> })}
                {context.then(|| view! { <span class="reference">{m.shown_for_context}</span> })}
                {attention.map(|a| view! { <span class="flag attention">{(m.attention)(a)}</span> })}
                {move || work.notices.with(|n| n.get(&id).cloned()).map(|notice| view! {
                    <span class=format!("row-notice {}", notice.tone)>
                        {notice.text}
                        {notice.order.map(|order| view! {
                            " "<a href=format!("/orders/{order}") >{move || t().order_created_link}</a>
                        })}
                    </span>
                })}
            </th>
            <td>{(m.service_type)(&kind)}</td>
            <td>{(m.resource_state)(&state)}</td>
            <td>
                <span class=status_class>{(m.renewal_status)(&status)}</span>
            </td>
            <td>{next_date}</td>
            <td>{period_months.map(|n| (m.every_months)(n)).unwrap_or_else(|| m.not_set.to_string())}</td>
            <td class="actions-col">
                <RowActions row=row request=request />
            </td>
        </tr>
    }
}

fn status_class(status: &RenewalStatus) -> &'static str {
    match status {
        RenewalStatus::BillToPay => "danger",
        RenewalStatus::TerminationRequested | RenewalStatus::Terminated => "warning",
        RenewalStatus::Automatic => "ok",
        RenewalStatus::Manual | RenewalStatus::OneShot | RenewalStatus::Other(_) => "neutral",
    }
}
