//! "Mon compte": the account's health. Who is signed in; whether automatic renewals can be
//! debited; what is owed, with "Régler ma facture"; and the services that stop unless the
//! customer acts. Each card loads on its own, so one failing read never hides the others.

use leptos::prelude::*;

use crate::api::{ApiError, Settled};
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::components::load_progress::MissingNotice;
use crate::components::outcome::{created_order, OutcomeNotice};
use crate::components::payment_ready::PaymentReady;
use crate::domain::format::date;
use crate::domain::health::{lapsing, owed, payment_health, LapseReason, PaymentHealth};
use crate::domain::renewal::payment_method_label;
use crate::domain::services::RenewalStatus;
use crate::state::{use_state, LoadStatus};

/// "Coming to term" looks this many days ahead.
const LAPSE_WINDOW_DAYS: i64 = 30;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_tools_i18n();
    let account = use_state().account;
    view! {
        <section class="page account-page">
            <h1>{move || t().account_heading}</h1>
            <div class="cards">
                <PaymentCard />
                <BillsCard />
            </div>
            <LapsingCard />
            <section class="card" aria-labelledby="identity-heading">
                <h2 id="identity-heading">{move || t().account_identity}</h2>
                {move || match account.me.get() {
                    None => view! { <p aria-busy="true">{move || t().loading}</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <ErrorPanel error=error on_retry=Callback::new(move |_| account.reload()) />
                    }
                    .into_any(),
                    Some(Ok(me)) => view! {
                        <dl class="facts">
                            <dt>{move || t().account_nic}</dt>
                            <dd>{me.nichandle}</dd>
                            <dt>{move || t().account_email}</dt>
                            <dd>{me.email.unwrap_or_default()}</dd>
                            <dt>{move || t().account_country}</dt>
                            <dd>{me.country.unwrap_or_default()}</dd>
                        </dl>
                    }
                    .into_any(),
                }}
            </section>
            <p>
                <NavLink href="/orders">{move || t().view_my_orders}</NavLink>
            </p>
        </section>
    }
}

/// Today by the server's clock, in the user's time zone (reactive: the clock arrives after the
/// first render).
fn server_today() -> impl Fn() -> chrono::NaiveDate + Copy + 'static {
    let clock = use_state().clock;
    move || clock.today()
}

/// Can automatic renewals be debited, and until when.
#[component]
fn PaymentCard() -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let (api, locale) = (app.api, app.locale);
    let methods = LocalResource::new(move || {
        let api = api.clone();
        async move { api.payment_methods().await }
    });
    let today = server_today();
    view! {
        <section class="card" aria-labelledby="payment-heading">
            <h2 id="payment-heading">{move || t().health_payment_heading}</h2>
            {loaded(methods, move |list| {
                    let (m, l) = (t(), locale.get());
                    match payment_health(&list, today()) {
                        PaymentHealth::Ready { method, expires, expiring_soon } => {
                            let past = expires.is_some_and(|d| d < today());
                            let when = expires.map(|d| date(d, l));
                            view! {
                                <p>{(m.health_payment_ready)(&payment_method_label(&method))}</p>
                                {when.map(|when| if past {
                                    view! { <p class="notice-warn" role="note">{(m.health_payment_expired)(&when)}</p> }.into_any()
                                } else if expiring_soon {
                                    view! { <p class="notice-warn" role="note">{(m.health_payment_expiring)(&when)}</p> }.into_any()
                                } else {
                                    view! { <p>{(m.health_payment_expires)(&when)}</p> }.into_any()
                                })}
                            }
                            .into_any()
                        }
                        PaymentHealth::NoDebit { .. } => {
                            view! { <p class="notice-warn" role="note">{m.health_no_debit}</p> }.into_any()
                        }
                    }
                })}
        </section>
    }
}

/// What the account owes, debt by debt, and "Régler ma facture" (one payment order for all).
#[component]
fn BillsCard() -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let (api, locale) = (app.api, app.locale);
    let api_pay = api.clone();
    let debts = LocalResource::new(move || {
        let api = api.clone();
        async move { api.debts().await }
    });
    let clock = use_state().clock;
    // One payment order at a time; its answer stays shown. A lost answer is looked for among
    // the account's new orders before anything can be sent again.
    let paying = RwSignal::new(false);
    let paid = RwSignal::new(None::<Settled>);
    let settle = Callback::new(move |settled: Settled| {
        paid.try_set(Some(settled));
        debts.refetch();
    });
    let on_pay = Callback::new(move |()| {
        if paying.get_untracked()
            || paid.with_untracked(|p| p.as_ref().is_some_and(|p| !p.outcome.may_retry()))
        {
            return;
        }
        paying.set(true);
        let api = api_pay.clone();
        let since = clock.now_secs();
        leptos::task::spawn_local(async move {
            let settled = api.pay_debts(since).await;
            paying.try_set(false);
            settle.run(settled);
        });
    });
    let blocked =
        move || paying.get() || paid.with(|p| p.as_ref().is_some_and(|p| !p.outcome.may_retry()));
    view! {
        <section class="card" aria-labelledby="bills-heading">
            <h2 id="bills-heading">{move || t().health_bills_heading}</h2>
            {loaded(debts, move |list| {
                    let owed = owed(&list);
                    let (m, l) = (t(), locale.get());
                    if owed.debts.is_empty() {
                        return view! { <p class="notice-ok">{m.health_nothing_owed}</p> }.into_any();
                    }
                    let rows = owed
                        .debts
                        .into_iter()
                        .map(|d| {
                            let number = d.order_id.to_string();
                            view! {
                                <tr>
                                    <td><NavLink href=format!("/orders/{}", d.order_id)>{number}</NavLink></td>
                                    <td>{d.date.map(|d| date(d, l))}</td>
                                    <td class="amount">{d.due.format(l)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        {owed.total.map(|total| view! {
                            <p class="emphasis">{(m.health_total_due)(&total.format(l))}</p>
                        })}
                        <table class="data-table">
                            <caption class="visually-hidden">{m.health_bills_heading}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{m.orders_col_number}</th>
                                    <th scope="col">{m.orders_col_date}</th>
                                    <th scope="col" class="amount">{m.health_col_due}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <p class="hint">{m.pay_bill_explain}</p>
                        <div class="dialog-buttons">
                            <button type="button" class="button primary" disabled=blocked on:click=move |_| on_pay.run(())>
                                {move || if paying.get() { t().sending } else { t().action_pay_bill }}
                            </button>
                        </div>
                    }
                    .into_any()
                })}
            {move || paid.get().map(|settled| match created_order(&settled) {
                Some((order_id, url)) => view! { <PaymentReady order_id=order_id url=url /> }.into_any(),
                None => view! {
                    <OutcomeNotice settled=settled done=Signal::derive(move || t().action_pay_bill.to_string()) on_settled=settle />
                }
                .into_any(),
            })}
        </section>
    }
}

/// The services that stop unless the customer acts, soonest first, each linked to the table.
#[component]
fn LapsingCard() -> impl IntoView {
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
            <MissingNotice
                report=store.report.into()
                retrying=store.retrying.into()
                missing_text=Signal::derive(move || (t().services_missing)(&crate::domain::format::integer(store.report.with(|r| r.missing.items), locale.get())))
                skipped_text=Signal::derive(move || (t().services_skipped)(&crate::domain::format::integer(store.report.with(|r| r.skipped.count), locale.get())))
                on_retry=Callback::new(move |()| store.retry_missing())
            />
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
                            let when = lapse.date.map(|d| {
                                let left = lapse.days_left.map(|n| (m.health_days_left)(n)).unwrap_or_default();
                                format!("{} ({left})", date(d, l))
                            });
                            view! {
                                <tr>
                                    <th scope="row"><NavLink href=href>{lapse.name}</NavLink></th>
                                    <td>{(m.renewal_status)(&status)}</td>
                                    <td>{when}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <table class="data-table">
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

/// A card's body: loading, the error with "Réessayer", or what `ready` makes of the answer.
fn loaded<T: Clone + 'static>(
    resource: LocalResource<Result<T, ApiError>>,
    ready: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_tools_i18n();
    move || match resource.get() {
        None => view! { <p aria-busy="true">{move || t().loading}</p> }.into_any(),
        Some(Err(error)) => view! {
            <ErrorPanel error=error on_retry=Callback::new(move |_| resource.refetch()) />
        }
        .into_any(),
        Some(Ok(value)) => ready(value),
    }
}
