//! `/services/batch?action=renew`: `Renouveler` the selection. One duration for every service;
//! the renew route orders one service with its own linked services, so the page makes one order
//! per group (a service and the selected services under it) — a single order when the selection
//! is one family — quotes them first (dry run), then creates them a few at a time, each with its
//! payment link; a failed order can be retried alone.

use std::collections::HashMap;

use futures::StreamExt;
use leptos::prelude::*;

use super::batch::{batch_results, batch_runner, eligibility_lists, item_class};
use crate::api::{ApiError, RenewOrder};
use crate::app::{use_app, use_tools_i18n, SectionLink};
use crate::components::duration_select::duration_select;
use crate::components::error_panel::ErrorPanel;
use crate::domain::batch::{partition, renewal_groups, BatchAction, BatchItem, ItemStatus};
use crate::domain::format::integer;
use crate::domain::money::Money;
use crate::pages::tools::{load_selected_services, name_in, requester, selection_state};

type Groups = Vec<(u64, Vec<u64>)>;

#[component]
pub fn RenewBatchPage() -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let locale = app.locale;
    let rows = load_selected_services();
    let durations = RwSignal::new(None::<Result<Vec<String>, ApiError>>);
    let duration = RwSignal::new(String::new());
    let quote = RwSignal::new(None::<Result<Money, ApiError>>);
    let orders = RwSignal::new(HashMap::<u64, RenewOrder>::new());

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
    let groups = move || plan.with(|p| p.as_ref().map(|(_, g)| g.clone()).unwrap_or_default());

    // The durations every group offers (in the first group's order).
    let api_offers = app.api.clone();
    Effect::new(move |_| {
        let groups: Groups = groups();
        if groups.is_empty() || durations.with_untracked(Option::is_some) {
            return;
        }
        let api = api_offers.clone();
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
                        durations.set(Some(Err(error)));
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
            duration.set(common.first().cloned().unwrap_or_default());
            durations.set(Some(Ok(common)));
        });
    });
    // Each chosen duration is quoted (dry run, nothing ordered): the total incl. tax.
    let api_quote = app.api.clone();
    Effect::new(move |_| {
        let chosen = duration.get();
        if chosen.is_empty() {
            return;
        }
        quote.set(None);
        let groups = groups();
        let api = api_quote.clone();
        leptos::task::spawn_local(async move {
            let answers: Vec<Result<RenewOrder, ApiError>> = futures::stream::iter(groups)
                .map(|(key, ids)| {
                    let api = api.clone();
                    let chosen = chosen.clone();
                    async move { api.renew_group(key, &ids, &chosen, true).await }
                })
                .buffered(4)
                .collect()
                .await;
            let mut total: Option<Money> = None;
            let mut result = Ok(());
            for answer in answers {
                match answer.map(|o| o.price_with_tax.as_ref().and_then(Money::from_price)) {
                    Ok(Some(price)) => {
                        total = match total {
                            None => Some(price),
                            Some(t) => t.checked_add(&price),
                        }
                    }
                    Ok(None) => {}
                    Err(error) => result = Err(error),
                }
            }
            if duration.get_untracked() == chosen {
                quote.set(Some(result.and_then(|_| {
                    total.ok_or_else(|| ApiError::new(crate::api::ApiErrorKind::Decode))
                })));
            }
        });
    });

    let api_order = app.api.clone();
    let runner = batch_runner(locale, move |key| {
        let api = api_order.clone();
        let ids = groups()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, ids)| ids)
            .unwrap_or_default();
        let chosen = duration.get_untracked();
        Box::pin(async move {
            let order = api.renew_group(key, &ids, &chosen, false).await?;
            orders.update(|o| {
                o.insert(key, order);
            });
            Ok(())
        })
    });

    let name_of = move |id: u64| name_in(rows, id);
    let group_names = move |key: u64| {
        groups()
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, ids)| ids.into_iter().map(name_of).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    };
    let progress = runner.progress;
    let on_confirm = move |_| {
        if !duration.with_untracked(String::is_empty) {
            runner.start(groups().into_iter().map(|(k, _)| k));
        }
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
    let quote_text = move || {
        match quote.get() {
        Some(Ok(total)) => Some(view! { <p class="emphasis">{(t().renew_batch_total)(&total.format(locale.get()))}</p> }.into_any()),
        Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
        None => None,
    }
    };
    // Each order's line: the services it renews, its status, and once made its payment link.
    let line = move |item: &BatchItem, text: String| {
        let key = item.id;
        let pay = orders
            .with(|o| o.get(&key).cloned())
            .filter(|_| item.status == ItemStatus::Done)
            .map(|o| {
                let m = t();
                let number = o.order_id.map(|n| n.to_string()).unwrap_or_default();
                view! {
                    " — "
                    {(m.payment_ready)(&number)}
                    " "
                    {o.url.map(|url| view! { <a href=url target="_blank" rel="noopener noreferrer external">{m.go_to_payment}</a> })}
                }
            });
        view! { <li class=item_class(&item.status)>{group_names(key)}" — "{text}{pay}</li> }
            .into_any()
    };

    view! {
        <section class="page batch-page">
            <p><SectionLink href="/services">{move || t().back_to_services}</SectionLink></p>
            <h1>{move || t().renew_batch_title}</h1>
            {selection_state(rows)}
            <Show when=move || progress.with(Option::is_none)>
                {preview}
                {duration_field}
                {quote_text}
                <div class="dialog-buttons">
                    <button
                        type="button"
                        class="button primary"
                        disabled=move || !matches!(quote.get(), Some(Ok(_)))
                        on:click=on_confirm
                    >
                        {move || t().to_payment}
                    </button>
                </div>
            </Show>
            <Show when=move || progress.with(Option::is_some)>
                {batch_results(runner, line)}
            </Show>
        </section>
    }
}
