//! "Prélèvements prévus sur 12 mois": what automatic renewals will debit, month by month and
//! currency by currency (one chart each, never summed across currencies), with a table of the
//! same figures, the services debited in the month chosen, and what the console cannot price,
//! place or count, each service linked to the table searched on it.

use std::collections::HashMap;

use leptos::prelude::*;

use super::chart::ForecastChart;
use super::server_today;
use crate::api::config::encode_query_value;
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::components::load_progress::ServicesMissingNotice;
use crate::domain::forecast::{forecast, Forecast};
use crate::domain::format::{date, integer, month_year};
use crate::domain::inputs::forecast_service;
use crate::domain::money::Money;
use crate::i18n::ToolsMessages;
use crate::state::{use_state, LoadStatus, Shared};

/// The forecast, and each service's reference (what its link searches the table for).
struct Model {
    forecast: Forecast,
    references: HashMap<u64, String>,
}

impl Model {
    /// A service's link to the table, searched on its reference.
    fn link(&self, id: u64, name: String) -> impl IntoView {
        let reference = self
            .references
            .get(&id)
            .cloned()
            .unwrap_or_else(|| name.clone());
        let href = format!("/services?q={}", encode_query_value(&reference));
        view! { <NavLink href=href>{name}</NavLink> }
    }
}

#[component]
pub(super) fn ForecastCard() -> impl IntoView {
    let t = use_tools_i18n();
    let locale = use_app().locale;
    let store = use_state().services;
    store.ensure_loaded();
    let today = server_today();
    let selected = RwSignal::new(None::<usize>);
    let model = Memo::new(move |_| {
        (store.status.get() == LoadStatus::Ready).then(|| {
            store.index.with(|i| {
                let rows = &i.0.rows;
                let inputs: Vec<_> = rows.iter().map(forecast_service).collect();
                Shared::new(Model {
                    forecast: forecast(&inputs, today()),
                    references: rows
                        .iter()
                        .map(|r| (r.id, r.reference.to_string()))
                        .collect(),
                })
            })
        })
    });
    let body = move || {
        let model = model.get()?;
        let (m, l) = (t(), locale.get());
        let f = &model.0.forecast;
        if f.currencies.is_empty()
            && f.unpriced.is_empty()
            && f.overdue.is_empty()
            && f.unscheduled.is_empty()
        {
            return Some(view! { <p class="notice-ok">{m.forecast_nothing}</p> }.into_any());
        }
        let firsts: Vec<_> = f.months.iter().map(|x| x.first_day).collect();
        let unpriced: Vec<usize> = f.months.iter().map(|x| x.unpriced.len()).collect();
        let charts = f
            .currencies
            .iter()
            .map(|currency| {
                let total = f.total(currency).map(|t| (m.forecast_total)(&t.format(l)));
                view! {
                    <figure class="forecast-chart">
                        <figcaption>
                            <strong>{(m.forecast_chart_label)(currency)}</strong>" · "{total}
                        </figcaption>
                        <ForecastChart
                            months=firsts.clone()
                            series=f.series(currency)
                            unpriced=unpriced.clone()
                            currency=currency.clone()
                            selected=selected
                        />
                    </figure>
                }
            })
            .collect_view();
        let marked = !f.currencies.is_empty() && unpriced.iter().any(|n| *n > 0);
        Some(
            view! {
                {f.currencies.is_empty().then(|| view! { <p>{m.forecast_nothing}</p> })}
                {charts}
                {marked.then(|| view! { <p class="hint">{m.forecast_unpriced_mark}</p> })}
                {(!f.currencies.is_empty()).then(|| amounts_table(m, l, f, selected))}
                <MonthDebits model=model.clone() selected=selected />
                {others(m, l, &model.0)}
            }
            .into_any(),
        )
    };
    view! {
        <section class="card forecast-card" aria-labelledby="forecast-heading">
            <h2 id="forecast-heading">{move || t().forecast_heading}</h2>
            <p class="hint">{move || t().forecast_intro}</p>
            {move || match store.status.get() {
                LoadStatus::Idle | LoadStatus::Loading => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
                LoadStatus::Failed(error) => Some(view! { <ErrorPanel error=error on_retry=Callback::new(move |_| store.reload()) /> }.into_any()),
                LoadStatus::Ready => None,
            }}
            <ServicesMissingNotice />
            {body}
        </section>
    }
}

/// The chart's figures as a table (month × currency, and the renewals of unknown price); a
/// month's name picks it, as its bar does.
fn amounts_table(
    m: &'static ToolsMessages,
    l: crate::domain::Locale,
    f: &Forecast,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let rows = f
        .months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let cells = f
                .currencies
                .iter()
                .map(|c| {
                    let amount = month.total(c).cloned().unwrap_or_else(|| Money::new(0, c.clone()));
                    view! { <td class="amount">{amount.format(l)}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">
                        <button type="button" class="link-button" aria-pressed=move || (selected.get() == Some(i)).to_string() on:click=move |_| selected.set(Some(i))>
                            {month_year(month.first_day, l)}
                        </button>
                    </th>
                    {cells}
                    <td class="amount">{integer(month.unpriced.len() as u64, l)}</td>
                </tr>
            }
        })
        .collect_view();
    let heads = f
        .currencies
        .iter()
        .map(|c| view! { <th scope="col" class="amount">{c.clone()}</th> })
        .collect_view();
    view! {
        <details class="forecast-table">
            <summary>{m.forecast_table_toggle}</summary>
            <div class="table-scroll">
                <table class="data-table">
                    <caption class="visually-hidden">{m.forecast_heading}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{m.forecast_col_month}</th>
                            {heads}
                            <th scope="col" class="amount">{m.forecast_col_unpriced}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </details>
    }
}

/// The services debited in the month chosen (by a bar or the table), each linked to the table.
#[component]
fn MonthDebits(model: Shared<Model>, selected: RwSignal<Option<usize>>) -> impl IntoView {
    let t = use_tools_i18n();
    let locale = use_app().locale;
    move || {
        let (m, l) = (t(), locale.get());
        let Some(month) = selected.get().and_then(|i| model.0.forecast.months.get(i)) else {
            return view! { <p class="hint">{m.forecast_pick_month}</p> }.into_any();
        };
        let label = month_year(month.first_day, l);
        let lines = if month.debits.is_empty() && month.unpriced.is_empty() {
            view! { <p>{m.forecast_month_none}</p> }.into_any()
        } else {
            let debits = month.debits.iter().map(|d| {
                view! {
                    <tr>
                        <th scope="row">{model.0.link(d.service_id, d.name.clone())}</th>
                        <td>{date(d.date, l)}</td>
                        <td class="amount">{d.amount.format(l)}</td>
                    </tr>
                }
            });
            let unknown = month.unpriced.iter().map(|u| {
                view! {
                    <tr>
                        <th scope="row">{model.0.link(u.service_id, u.name.clone())}</th>
                        <td>{date(u.date, l)}</td>
                        <td class="amount">{m.forecast_unknown_price}</td>
                    </tr>
                }
            });
            let totals = month
                .totals
                .iter()
                .map(|total| view! { <p class="emphasis">{(m.forecast_month_total)(&total.format(l))}</p> })
                .collect_view();
            view! {
                <div class="table-scroll month-debits">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{m.col_name}</th>
                                <th scope="col">{m.forecast_col_date}</th>
                                <th scope="col" class="amount">{m.forecast_col_amount}</th>
                            </tr>
                        </thead>
                        <tbody>{debits.collect_view()}{unknown.collect_view()}</tbody>
                    </table>
                </div>
                {totals}
            }
            .into_any()
        };
        view! {
            <section class="forecast-month" aria-labelledby="forecast-month-heading">
                <h3 id="forecast-month-heading">{(m.forecast_month_heading)(&label)}</h3>
                {lines}
            </section>
        }
        .into_any()
    }
}

/// What the chart leaves out, each service linked: unknown prices, overdue dates, no date.
fn others(m: &'static ToolsMessages, l: crate::domain::Locale, model: &Model) -> impl IntoView {
    let f = &model.forecast;
    let n = |k: usize| integer(k as u64, l);
    let unpriced = (!f.unpriced.is_empty()).then(|| {
        let items = f
            .unpriced
            .iter()
            .map(|u| {
                let next = u.dates.first().map(|d| format!(", {}", (m.forecast_was_due)(&date(*d, l))));
                view! {
                    <li>
                        {model.link(u.service_id, u.name.clone())}
                        {format!(" — {}{}", (m.forecast_unpriced_reason)(u.reason), next.unwrap_or_default())}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="forecast-others">
                <summary><h3>{(m.forecast_unpriced_heading)(&n(f.unpriced.len()))}</h3></summary>
                <p class="hint">{m.forecast_unpriced_intro}</p>
                <ul class="forecast-list">{items}</ul>
            </details>
        }
    });
    let overdue = (!f.overdue.is_empty()).then(|| {
        let items = f
            .overdue
            .iter()
            .map(|o| {
                view! {
                    <li>
                        {model.link(o.service_id, o.name.clone())}
                        {format!(" — {}", (m.forecast_was_due)(&date(o.next_date, l)))}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="forecast-others">
                <summary><h3>{(m.forecast_overdue_heading)(&n(f.overdue.len()))}</h3></summary>
                <p class="hint">{m.forecast_overdue_intro}</p>
                <ul class="forecast-list">{items}</ul>
            </details>
        }
    });
    let unscheduled = (!f.unscheduled.is_empty()).then(|| {
        let items = f
            .unscheduled
            .iter()
            .map(|u| {
                view! {
                    <li>
                        {model.link(u.service_id, u.name.clone())}
                        {format!(" — {}", (m.forecast_unscheduled_reason)(u.reason))}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="forecast-others">
                <summary><h3>{(m.forecast_unscheduled_heading)(&n(f.unscheduled.len()))}</h3></summary>
                <ul class="forecast-list">{items}</ul>
            </details>
        }
    });
    view! { {unpriced}{overdue}{unscheduled} }
}
