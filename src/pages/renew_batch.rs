//! `/services/batch?action=renew`: `Renouveler` the selection. One duration for every service;
//! the renew route orders one service with its own linked services, so the page makes one order
//! per group (a service and the selected services under it). It quotes every group first (dry
//! run: one total per currency, the groups without a price listed), then creates the orders a
//! few at a time, each with its payment link. An order whose answer was lost is looked for among
//! the account's new orders, never created twice; the report survives a reload.

use futures::StreamExt;
use leptos::prelude::*;

use crate::api::models::Price;
use crate::api::{ApiClient, ApiError, Recheck, RenewOrder};
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::duration_select::duration_select;
use crate::components::error_panel::ErrorPanel;
use crate::components::payment_ready::site_origin;
use crate::domain::batch::{partition, renewal_groups, BatchAction, BatchItem, ItemStatus};
use crate::domain::format::integer;
use crate::domain::money::Money;
use crate::domain::services::ServiceRow;
use crate::pages::batch_runner::{
    batch_results, batch_runner, eligibility_lists, item_class, BatchRunner,
};
use crate::pages::tools::{load_selected_services, name_in, requester, selection_state};

type Groups = Vec<(u64, Vec<u64>)>;

/// The quote of every group: totals per currency, and the groups without a price or without an
/// answer.
#[derive(Debug, Clone, PartialEq)]
struct Quote {
    totals: Vec<Money>,
    unpriced: Vec<u64>,
    failed: Vec<(u64, ApiError)>,
}

#[component]
pub fn RenewBatchPage() -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let locale = app.locale;
    let rows = load_selected_services();
    let durations = RwSignal::new(None::<Result<Vec<String>, ApiError>>);
    let duration = RwSignal::new(String::new());
    let quote = RwSignal::new(None::<Quote>);

    let who = requester();
    let plan = Memo::new(move |_| {
        let who = who()?;
        rows.with(|r| match r {
            Some(Ok(rows)) => {
                let p = partition(rows, BatchAction::Renew, &who);
                let groups = renewal_groups(rows, &p.eligible);
                Some((p, groups))
            }
            _ => None,
        })
    });
    let planned = move || plan.with(|p| p.as_ref().map(|(_, g)| g.clone()).unwrap_or_default());
    let rows_of = move |ids: &[u64]| -> Vec<ServiceRow> {
        rows.with_untracked(|r| match r {
            Some(Ok(rows)) => rows
                .iter()
                .filter(|r| ids.contains(&r.id))
                .cloned()
                .collect(),
            _ => Vec::new(),
        })
    };
    let references = move |ids: &[u64]| -> Vec<String> {
        rows_of(ids)
            .iter()
            .map(|r| r.reference.to_string())
            .collect()
    };

    let api_order = app.api.clone();
    let runner = batch_runner(
        "renew",
        move |key, since, journal| {
            let api = api_order.clone();
            let ids = journal
                .groups
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, ids)| ids.clone())
                .unwrap_or_default();
            let chosen = journal.duration.clone().unwrap_or_default();
            // The services as the customer saw them: each is read again before ordering.
            let seen = rows_of(&ids);
            let whole = seen.len() == ids.len();
            Box::pin(async move {
                if !whole {
                    // A service of the group is not loaded: nothing to compare, nothing sent.
                    return crate::api::Settled::refused(ApiError::new(
                        crate::api::ApiErrorKind::NotFound,
                    ));
                }
                api.renew_order(key, &seen, &chosen, since).await
            })
        },
        // After a reload, an order that was being created is looked for among the new orders.
        move |key, journal| {
            let ids = journal
                .groups
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, ids)| ids.clone())?;
            Some(Recheck::RenewOrder {
                since: *journal.started.get(&key)?,
                references: references(&ids),
            })
        },
    );
    // The groups and duration of the batch under way (its journal), else of the selection.
    let groups = move || -> Groups {
        let kept = runner.journal.with(|j| j.groups.clone());
        if kept.is_empty() {
            planned()
        } else {
            kept
        }
    };

    load_durations(app.api.clone(), planned, durations, duration);
    quote_groups(app.api.clone(), planned, duration, quote);

    let name_of = move |id: u64| name_in(rows, id);
    let group_names = move |key: u64| {
        groups()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, ids)| ids.into_iter().map(name_of).collect::<Vec<_>>().join(", "))
            .unwrap_or_else(|| name_of(key))
    };
    let progress = runner.progress;
    let on_confirm = move |_| {
        let chosen = duration.get_untracked();
        if chosen.is_empty() || progress.with_untracked(Option::is_some) {
            return;
        }
        let groups = planned();
        runner.journal.update(|j| {
            j.groups = groups.clone();
            j.duration = Some(chosen);
        });
        runner.start(groups.into_iter().map(|(k, _)| k));
    };

    let preview = move || {
        let (plan, groups) = plan.get()?;
        let (m, l) = (t(), locale.get());
        Some(view! {
            {eligibility_lists(&plan, name_of, m, l)}
            <p>{(m.renew_batch_orders)(&integer(groups.len() as u64, l))}</p>
        })
    };
    let duration_field = move || match durations.get() {
        None => None,
        Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
        Some(Ok(list)) if list.is_empty() => Some(
            view! { <p class="notice-warn" role="alert">{t().renew_batch_no_common}</p> }
                .into_any(),
        ),
        Some(Ok(list)) => Some(duration_select(list, duration, || false).into_any()),
    };
    let quote_text = move || quote.get().map(|q| quote_view(q, group_names));
    let line = move |item: &BatchItem, text: String| order_line(runner, item, text, group_names);

    view! {
        <section class="page batch-page">
            <p><NavLink href="/services">{move || t().back_to_services}</NavLink></p>
            <h1>{move || t().renew_batch_title}</h1>
            <Show when=move || progress.with(Option::is_none)>
                {selection_state(rows)}
                {preview}
                {duration_field}
                {quote_text}
                <div class="dialog-buttons">
                    <button
                        type="button"
                        class="button primary"
                        disabled=move || !quote.with(|q| q.as_ref().is_some_and(|q| q.failed.is_empty()))
                        on:click=on_confirm
                    >
                        {move || t().to_payment}
                    </button>
                </div>
            </Show>
            {batch_results(runner, line)}
        </section>
    }
}

/// The durations every group offers (in the first group's order): asked once the groups are
/// known; the first one is chosen.
fn load_durations(
    api: ApiClient,
    planned: impl Fn() -> Groups + 'static,
    durations: RwSignal<Option<Result<Vec<String>, ApiError>>>,
    duration: RwSignal<String>,
) {
    Effect::new(move |_| {
        let groups: Groups = planned();
        if groups.is_empty() || durations.with_untracked(Option::is_some) {
            return;
        }
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let answers: Vec<Result<Vec<String>, ApiError>> = futures::stream::iter(groups)
                .map(|(key, _)| {
                    let api = api.clone();
                    async move { api.renew_durations(key).await }
                })
                .buffered(4)
                .collect()
                .await;
            let mut common: Option<Vec<String>> = None;
            for answer in answers {
                match answer {
                    Err(error) => {
                        durations.try_set(Some(Err(error)));
                        return;
                    }
                    Ok(list) => {
                        common = Some(match common {
                            None => list,
                            Some(c) => c.into_iter().filter(|d| list.contains(d)).collect(),
                        });
                    }
                }
            }
            let common = common.unwrap_or_default();
            duration.try_set(common.first().cloned().unwrap_or_default());
            durations.try_set(Some(Ok(common)));
        });
    });
}

/// Each chosen duration is quoted (dry run, nothing ordered), group by group; an answer for a
/// duration no longer chosen is dropped.
fn quote_groups(
    api: ApiClient,
    planned: impl Fn() -> Groups + 'static,
    duration: RwSignal<String>,
    quote: RwSignal<Option<Quote>>,
) {
    Effect::new(move |_| {
        let chosen = duration.get();
        if chosen.is_empty() {
            return;
        }
        quote.set(None);
        let groups = planned();
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let answers: Vec<(u64, Result<RenewOrder, ApiError>)> = futures::stream::iter(groups)
                .map(|(key, ids)| {
                    let api = api.clone();
                    let chosen = chosen.clone();
                    async move { (key, api.renew_quote(key, &ids, &chosen).await) }
                })
                .buffered(4)
                .collect()
                .await;
            let mut prices = Vec::new();
            let mut q = Quote {
                totals: Vec::new(),
                unpriced: Vec::new(),
                failed: Vec::new(),
            };
            for (key, answer) in answers {
                match answer.map(|o| o.price_with_tax.as_ref().and_then(Price::money)) {
                    Ok(Some(price)) => prices.push(price),
                    Ok(None) => q.unpriced.push(key),
                    Err(error) => q.failed.push((key, error)),
                }
            }
            q.totals = Money::totals_by_currency(&prices);
            if duration.try_get_untracked().as_deref() == Some(chosen.as_str()) {
                quote.try_set(Some(q));
            }
        });
    });
}

/// The quote: one total per currency, the groups without a price, and the groups whose quote
/// failed (with the first error).
fn quote_view(q: Quote, group_names: impl Fn(u64) -> String + Copy) -> impl IntoView {
    let (m, l) = (use_tools_i18n()(), use_app().locale.get());
    let names = |keys: Vec<u64>| {
        keys.into_iter()
            .map(group_names)
            .collect::<Vec<_>>()
            .join(" ; ")
    };
    view! {
        {q.totals.iter().map(|total| view! { <p class="emphasis">{(m.renew_batch_total)(&total.format(l))}</p> }).collect_view()}
        {(!q.unpriced.is_empty()).then(|| view! { <p class="notice-warn">{(m.renew_batch_unpriced)(&names(q.unpriced.clone()))}</p> })}
        {(!q.failed.is_empty()).then(|| {
            let error = q.failed[0].1.clone();
            view! {
                <p class="notice-warn" role="alert">{(m.renew_batch_quote_failed)(&names(q.failed.iter().map(|(k, _)| *k).collect()))}</p>
                <ErrorPanel error=error />
            }
        })}
    }
}

/// Each order's line: the services it renews, its status, and once made its number, amount
/// and payment link (the link only while this page holds it: it is never stored).
fn order_line(
    runner: BatchRunner,
    item: &BatchItem,
    text: String,
    group_names: impl Fn(u64) -> String,
) -> AnyView {
    let key = item.id;
    let m = use_tools_i18n()();
    let locale = use_app().locale;
    let order = runner.journal.with(|j| j.orders.get(&key).cloned());
    let url = runner
        .urls
        .with(|u| u.get(&key).and_then(|u| u.safe_href(&site_origin())));
    let pay = order.filter(|_| item.status == ItemStatus::Done).map(|o| {
        let number = o.order_id.map(|n| n.to_string()).unwrap_or_default();
        let amount = o
            .price
            .as_ref()
            .and_then(Price::money)
            .map(|a| format!(" · {}", a.format(locale.get_untracked())));
        let link = match (url, o.order_id) {
            (Some(href), _) => Some(view! { <a href=href target="_blank" rel="noopener noreferrer external">{m.go_to_payment}</a> }.into_any()),
            (None, Some(id)) => Some(view! { <NavLink href=format!("/orders/{id}")>{m.order_created_link}</NavLink> }.into_any()),
            (None, None) => None,
        };
        view! { " — "{(m.payment_ready)(&number)}{amount}" "{link} }
    });
    view! { <li class=item_class(&item.status)>{group_names(key)}" — "{text}{pay}</li> }.into_any()
}
