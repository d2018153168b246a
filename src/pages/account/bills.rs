//! The bills card: what the account owes, debt by debt, and "Régler ma facture".

use leptos::prelude::*;

use super::{loaded, Debts};
use crate::api::Settled;
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::outcome::OutcomeNotice;
use crate::components::payment_ready::PaymentReady;
use crate::domain::eligibility::ServiceAction;
use crate::domain::format::date;
use crate::domain::health::owed;
use crate::state::use_state;

/// What the account owes, debt by debt, and "Régler ma facture" (one payment order for all).
#[component]
pub(super) fn BillsCard(debts: Debts) -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let (api_pay, locale) = (app.api, app.locale);
    let (clock, kept) = (use_state().clock, use_state().kept);
    // One payment order at a time; its answer stays shown, here and in every row's "Pay my bill"
    // (the state layer keeps it for the tab's life: one made from a row is shown here too). A
    // lost answer is looked for among the account's new orders before anything can be sent again.
    let paying = RwSignal::new(false);
    let paid = RwSignal::new(kept.get(0, ServiceAction::PayBill));
    let settle = Callback::new(move |settled: Settled| {
        kept.record(0, ServiceAction::PayBill, &settled);
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
                    let unreadable = owed.debts.iter().any(|d| d.due.is_none());
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
                                    <td class="amount">{d.due.map(|due| due.format(l)).unwrap_or_else(|| m.health_amount_unreadable.to_string())}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        {owed.total.map(|total| view! {
                            <p class="emphasis">{(m.health_total_due)(&total.format(l))}</p>
                        })}
                        {unreadable.then(|| view! { <p class="notice-warn">{m.health_total_unknown}</p> })}
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
            {move || paid.get().map(|settled| match settled.created_order() {
                Some((order_id, url)) => view! { <PaymentReady order_id=order_id url=url /> }.into_any(),
                None => view! {
                    <OutcomeNotice settled=settled done=Signal::derive(move || t().action_pay_bill.to_string()) on_settled=settle />
                }
                .into_any(),
            })}
        </section>
    }
}
