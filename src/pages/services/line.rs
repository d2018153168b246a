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
use crate::domain::Locale;

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

#[component]
pub(super) fn ServiceLine(
    line: Line,
    needle: String,
    expanded: RwSignal<HashSet<u64>>,
    today: Memo<chrono::NaiveDate>,
    request: RwSignal<Option<ActionRequest>>,
    selected: RwSignal<HashSet<u64>>,
    work: RowWork,
) -> impl IntoView {
    let t = use_i18n();
    let locale: RwSignal<Locale> = use_app().locale;
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
    let attention = {
        let row = row.clone();
        move |today| row.attention(today)
    };
    let show_reference = reference != display_name;
    let status_class = format!("badge status-{}", status_class(&status));
    let row_class = match (child, context) {
        (true, _) => "child",
        (false, true) => "context",
        _ => "",
    };
    let name_for_button = display_name.clone();
    let expander = linked.map(|(count, open)| {
        let label = move || {
            if open {
                (t().hide_linked)(count, &name_for_button)
            } else {
                (t().show_linked)(count, &name_for_button)
            }
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
    view! {
        <tr class=row_class>
            <td class="select-col">
                {(!context).then(|| {
                    let name = display_name.clone();
                    view! {
                        <input
                            type="checkbox"
                            aria-label=move || (t().select_service)(&name)
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
                {context.then(|| view! { <span class="reference">{move || t().shown_for_context}</span> })}
                {move || attention(today.get()).map(|a| view! { <span class="flag attention">{(t().attention)(a)}</span> })}
                {move || work.notices.with(|n| n.get(&id).cloned()).map(|notice| view! {
                    <span class=format!("row-notice {}", notice.tone)>
                        {notice.text}
                        {notice.order.map(|order| view! {
                            " "<a href=format!("/orders/{order}") >{move || t().order_created_link}</a>
                        })}
                    </span>
                })}
            </th>
            <td>{move || (t().service_type)(&kind)}</td>
            <td>{move || (t().resource_state)(&state)}</td>
            <td>
                <span class=status_class>{move || (t().renewal_status)(&status)}</span>
            </td>
            <td>
                {move || match next {
                    Some(d) => {
                        let days = days_between(today.get(), d);
                        let near = (-30..=30).contains(&days);
                        view! {
                            <time datetime=d.to_string()>{date(d, locale.get())}</time>
                            {near.then(|| view! { <span class="relative">{(t().days_relative)(days)}</span> })}
                        }
                            .into_any()
                    }
                    None => t().not_set.into_any(),
                }}
            </td>
            <td>{move || period_months.map(|m| (t().every_months)(m)).unwrap_or_else(|| t().not_set.to_string())}</td>
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
