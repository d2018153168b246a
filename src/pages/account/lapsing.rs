//! The services that stop unless the customer acts.

use leptos::prelude::*;

use super::server_today;
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::components::load_progress::ServicesMissingNotice;
use crate::domain::format::date;
use crate::domain::health::{lapsing, LapseReason};
use crate::domain::services::RenewalStatus;
use crate::state::{use_state, LoadStatus};

/// "Coming to term" looks this many days ahead.
const LAPSE_WINDOW_DAYS: i64 = 30;

/// The services that stop unless the customer acts, soonest first, each linked to the table.
#[component]
pub(super) fn LapsingCard() -> impl IntoView {
    let t = use_tools_i18n();
    let locale = use_app().locale;
    let store = use_state().services;
    store.ensure_loaded();
    let today = server_today();
    let window = move || crate::domain::format::integer(LAPSE_WINDOW_DAYS as u64, locale.get());
    view! {
        <section class="card" aria-labelledby="lapsing-heading">
            <h2 id="lapsing-heading">{move || t().health_lapsing_heading}</h2>
            <p class="hint">{move || (t().health_lapsing_intro)(&window())}</p>
            {move || match store.status.get() {
                LoadStatus::Idle | LoadStatus::Loading => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
                LoadStatus::Failed(error) => Some(view! { <ErrorPanel error=error on_retry=Callback::new(move |_| store.reload()) /> }.into_any()),
                LoadStatus::Ready => None,
            }}
            <ServicesMissingNotice />
            {move || (store.status.get() == LoadStatus::Ready).then(|| {
                    let lapses = store.index.with(|i| lapsing(&i.0.rows, today(), LAPSE_WINDOW_DAYS));
                    let (m, l) = (t(), locale.get());
                    if lapses.is_empty() {
                        return view! { <p class="notice-ok">{(m.health_nothing_lapsing)(&window())}</p> }.into_any();
                    }
                    let lines = lapses
                        .into_iter()
                        .map(|lapse| {
                            let status = match lapse.reason {
                                LapseReason::BillToPay => RenewalStatus::BillToPay,
                                LapseReason::ManualRenewal => RenewalStatus::Manual,
                                LapseReason::TerminationRequested => RenewalStatus::TerminationRequested,
                            };
                            let href = format!(
                                "/services?q={}",
                                crate::api::config::encode_query_value(&lapse.name)
                            );
                            // The date and what is left apart: on a phone the days go under the date.
                            let when = lapse.date.map(|d| {
                                let left = lapse.days_left.map(|n| format!(" ({})", (m.health_days_left)(n)));
                                view! { <time datetime=d.to_string()>{date(d, l)}</time>{left.map(|left| view! { <span class="days-left">{left}</span> })} }
                            });
                            view! {
                                // On a phone the status column gives way to the same words under the name
                                // (one or the other is shown, never both: see the stylesheet).
                                <tr>
                                    <th scope="row">
                                        <NavLink href=href>{lapse.name}</NavLink>
                                        <span class="lapse-status">{(m.renewal_status)(&status)}</span>
                                    </th>
                                    <td>{(m.renewal_status)(&status)}</td>
                                    <td>{when}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <table class="data-table lapsing-table">
                            <caption class="visually-hidden">{m.health_lapsing_heading}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{m.col_name}</th>
                                    <th scope="col">{m.col_status}</th>
                                    <th scope="col">{m.col_next_date}</th>
                                </tr>
                            </thead>
                            <tbody>{lines}</tbody>
                        </table>
                    }
                    .into_any()
                })}
        </section>
    }
}
