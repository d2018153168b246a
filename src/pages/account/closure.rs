//! "Fermeture du compte": whether the account can be closed. No active service, no debt, no
//! order in progress, each shown with its count and where to act; when all three are met, the
//! way to ask for the account's deletion (the guide's form: right to erasure).

use leptos::prelude::*;

use super::{check_item, check_pending, checked, Debts};
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::load_progress::{OrdersMissingNotice, ServicesMissingNotice};
use crate::domain::checks::{
    closure_debts, closure_orders, closure_services, orders_with_unread, services_with_unread,
    Level, Reason,
};
use crate::domain::format::integer;
use crate::domain::inputs::{closure_debt, closure_order, closure_service};
use crate::state::{use_state, LoadStatus};

/// The guide's form to ask for the account's deletion ("Droit d'effacement"). Only the French
/// guide links to it, and only in French: in English and Italian the link says the page is in
/// French.
const ERASURE_FORM: &str =
    "https://www.ovh.com/fr/protection-donnees-personnelles/exercer-vos-droits/";

#[component]
pub(super) fn ClosureCard(debts: Debts) -> impl IntoView {
    let t = use_tools_i18n();
    let locale = use_app().locale;
    let state = use_state();
    let (services, orders, clock) = (state.services, state.orders, state.clock);
    services.ensure_loaded();
    orders.ensure_loaded();
    // Every order's status, to know which are in progress (a few at a time; the store keeps them).
    Effect::new(move |_| {
        if orders.status.get() == LoadStatus::Ready {
            let unread: Vec<u64> = orders.rows.with_untracked(|rows| {
                rows.iter()
                    .filter(|r| r.status.is_none())
                    .map(|r| r.id)
                    .collect()
            });
            orders.load_statuses(unread);
        }
    });
    let count = move |n: usize| integer(n as u64, locale.get());
    // Each condition's reason, once known (the three together decide "ready").
    // What a load could not read (missing pages or objects, unreadable ones) keeps a condition
    // from being met: "none active" among the services read is not "none".
    let unread = |report: &crate::api::LoadReport| report.missing.items + report.skipped.count;
    let services_check = Memo::new(move |_| match services.status.get() {
        LoadStatus::Ready => Some(services.index.with(|i| {
            let rows: Vec<_> = i.0.rows.iter().map(closure_service).collect();
            services_with_unread(closure_services(&rows), services.report.with(unread))
        })),
        _ => None,
    });
    let debts_check = Memo::new(move |_| match debts.get() {
        Some(Ok(list)) => {
            let readable: Vec<_> = list.iter().filter_map(closure_debt).collect();
            let mut check = closure_debts(&readable);
            // A debt whose amount cannot be read is still a debt.
            let unreadable = list.iter().filter(|d| closure_debt(d).is_none());
            check.debts.extend(unreadable.map(|d| d.id));
            if !check.debts.is_empty() {
                check.reason = Reason::Debt;
            }
            Some(check)
        }
        _ => None,
    });
    let orders_check = Memo::new(move |_| match orders.status.get() {
        LoadStatus::Ready => Some(orders.rows.with(|rows| {
            let list: Vec<_> = rows.iter().map(closure_order).collect();
            orders_with_unread(
                closure_orders(&list, clock.now()),
                orders.report.with(unread),
            )
        })),
        _ => None,
    });

    let services_line = move || {
        let m = t();
        match (services.status.get(), services_check.get()) {
            (LoadStatus::Failed(error), _) => check_pending(
                m.closure_services,
                Some((error, Some(Callback::new(move |_| services.reload())))),
            ),
            (_, None) => check_pending(m.closure_services, None),
            (_, Some(check)) => {
                let detail = (!check.ending.is_empty())
                    .then(|| (m.closure_ending)(&count(check.ending.len())));
                let label = (m.filter_chip)(m.closure_services, &count(check.active.len()));
                let act = view! { <NavLink href="/services">{m.closure_act_services}</NavLink> };
                check_item(m, label, check.reason, detail, act.into_any())
            }
        }
    };
    let debts_line = move || {
        let m = t();
        checked(debts, m.closure_debts, |_| {
            let Some(check) = debts_check.get() else {
                return check_pending(m.closure_debts, None);
            };
            let l = locale.get();
            let due: Vec<String> = check.due.iter().map(|d| d.format(l)).collect();
            let detail = (!due.is_empty()).then(|| (m.closure_due)(&due.join(" · ")));
            let label = (m.filter_chip)(m.closure_debts, &count(check.debts.len()));
            let act =
                view! { <a class="check-action" href="#bills-heading">{m.closure_act_debts}</a> };
            check_item(m, label, check.reason, detail, act.into_any())
        })
    };
    let orders_line = move || {
        let m = t();
        match (orders.status.get(), orders_check.get()) {
            (LoadStatus::Failed(error), _) => check_pending(
                m.closure_orders,
                Some((error, Some(Callback::new(move |_| orders.reload())))),
            ),
            (_, None) => check_pending(m.closure_orders, None),
            (_, Some(check)) => {
                let label = (m.filter_chip)(m.closure_orders, &count(check.in_progress.len()));
                let unread = check.unchecked.len();
                let failed = orders.statuses_failed.with(Vec::len);
                let detail =
                    (unread > 0).then(|| (m.filter_chip)(m.closure_unread, &count(unread)));
                let act = view! {
                    <NavLink href="/orders">{m.closure_act_orders}</NavLink>
                    {(failed > 0 && !orders.statuses_loading.get()).then(|| view! {
                        " "
                        <button type="button" class="link-button" on:click=move |_| orders.retry_statuses()>
                            {m.retry_missing}
                        </button>
                    })}
                };
                check_item(m, label, check.reason, detail, act.into_any())
            }
        }
    };
    let ready = move || {
        let reasons = [
            services_check.with(|c| c.as_ref().map(|c| c.reason)),
            debts_check.with(|c| c.as_ref().map(|c| c.reason)),
            orders_check.with(|c| c.as_ref().map(|c| c.reason)),
        ];
        reasons
            .iter()
            .all(|r| r.is_some_and(|r| r.level() == Level::Ok))
    };

    view! {
        <section class="card" aria-labelledby="closure-heading">
            <h2 id="closure-heading">{move || t().closure_heading}</h2>
            <p class="hint">{move || t().closure_intro}</p>
            <ul class="checks">
                {services_line}
                {debts_line}
                {orders_line}
            </ul>
            // What the services and orders lists could not read, asked again alone: until then
            // their conditions cannot be met.
            <ServicesMissingNotice />
            <OrdersMissingNotice />
            <Show when=ready>
                <p class="notice-ok">
                    {move || t().closure_ready}" "
                    <a href=ERASURE_FORM hreflang="fr" target="_blank" rel="noopener noreferrer">
                        {move || t().closure_act_close}{move || t().closure_form_language}" "
                        <span class="visually-hidden">{move || t().new_tab}</span>
                    </a>
                </p>
            </Show>
        </section>
    }
}
