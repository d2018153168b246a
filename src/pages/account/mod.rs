//! "Mon compte": the account's health and safety. Whether automatic renewals can be debited;
//! what is owed, with "Régler ma facture"; the services that stop unless the customer acts; what
//! renewals will debit over the next 12 months; whether the account is protected and whether it
//! can be closed; who is signed in. Each card (and each check) loads on its own, so one failing
//! read never hides the others.

mod bills;
mod chart;
mod closure;
mod forecast;
mod identity;
mod lapsing;
mod payment;
mod protection;

use leptos::prelude::*;

use crate::api::ApiError;
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::domain::checks::{Level, Reason};
use crate::domain::health::DebtRow;
use crate::domain::renewal::PaymentMethod;
use crate::i18n::ToolsMessages;
use crate::state::use_state;

/// The payment methods, read once for the payment card and the protection checks.
type Methods = LocalResource<Result<Vec<PaymentMethod>, ApiError>>;
/// The debts, read once for the bills card and closure readiness (paying refreshes both).
type Debts = LocalResource<Result<Vec<DebtRow>, ApiError>>;

/// The provider's control panel (its European site), for what the API does not let the console
/// change: sign-in protections, the profile, payment methods.
const MANAGER: &str = "https://www.ovh.com/manager/";

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_tools_i18n();
    let api = use_app().api;
    let methods: Methods = {
        let api = api.clone();
        LocalResource::new(move || {
            let api = api.clone();
            async move { api.payment_methods().await }
        })
    };
    let debts: Debts = LocalResource::new(move || {
        let api = api.clone();
        async move { api.debts().await }
    });
    view! {
        <section class="page account-page">
            <h1>{move || t().account_heading}</h1>
            <div class="cards">
                <payment::PaymentCard methods=methods />
                <bills::BillsCard debts=debts />
            </div>
            <lapsing::LapsingCard />
            <forecast::ForecastCard />
            <div class="cards">
                <protection::ProtectionCard methods=methods />
                <closure::ClosureCard debts=debts />
            </div>
            <identity::IdentityCard />
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

/// A link to a page of the provider's control panel, in a new tab (it says so).
fn manager_link(route: &'static str, text: &'static str) -> impl IntoView {
    let t = use_tools_i18n();
    view! {
        <a class="check-action" href=format!("{MANAGER}{route}") target="_blank" rel="noopener noreferrer">
            {text}" "<span class="visually-hidden">{move || t().new_tab}</span>
        </a>
    }
}

/// A card's body: loading, the error with "Réessayer", or what `ready` makes of the answer.
pub(super) fn loaded<T: Clone + 'static>(
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

/// One check: its level (a word and a sign, not colour alone), what is checked, the one-line
/// reason, an optional detail, and where to act.
fn check_item(
    m: &'static ToolsMessages,
    label: String,
    reason: Reason,
    detail: Option<String>,
    action: AnyView,
) -> AnyView {
    let ok = reason.level() == Level::Ok;
    view! {
        <li class=if ok { "check ok" } else { "check warn" } data-reason=reason.key()>
            <span class=if ok { "badge status-ok" } else { "badge status-warning" }>
                <span aria-hidden="true">{if ok { "✓ " } else { "! " }}</span>
                {if ok { m.check_ok } else { m.check_warning }}
            </span>
            <div class="check-body">
                <strong>{label}</strong>
                <p>{(m.check_reason)(reason)}</p>
                {detail.map(|d| view! { <p class="muted">{d}</p> })}
                {action}
            </div>
        </li>
    }
    .into_any()
}

/// A check whose facts are not here yet: loading, or the error with "Réessayer".
/// A check not known yet: loading, or the error that keeps it unknown with its retry (none when
/// asking again would read the same answer).
fn check_pending(label: &'static str, error: Option<(ApiError, Option<Callback<()>>)>) -> AnyView {
    let t = use_tools_i18n();
    view! {
        <li class="check">
            <span class="badge status-neutral">"…"</span>
            <div class="check-body">
                <strong>{label}</strong>
                {match error {
                    None => view! { <p aria-busy="true">{move || t().loading}</p> }.into_any(),
                    Some((error, Some(retry))) => view! { <ErrorPanel error=error on_retry=retry /> }.into_any(),
                    Some((error, None)) => view! { <ErrorPanel error=error /> }.into_any(),
                }}
            </div>
        </li>
    }
    .into_any()
}

/// A check's facts from a resource: pending until read, then `ready`.
fn checked<T: Clone + 'static>(
    resource: LocalResource<Result<T, ApiError>>,
    label: &'static str,
    ready: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match resource.get() {
        None => check_pending(label, None),
        Some(Err(error)) => check_pending(
            label,
            Some((error, Some(Callback::new(move |_| resource.refetch())))),
        ),
        Some(Ok(value)) => ready(value),
    }
}
