//! `/services/batch?action=enable|disable`: switch the selected services to automatic or manual
//! renewal (`Activer` / `Désactiver le paiement automatique`). Before confirming, the page lists
//! which services are eligible and which are not, and why; only the eligible ones are sent, a few
//! at a time, with a progress bar and a result per service. Each service is read again just
//! before its change (a termination requested elsewhere stops it); a lost answer is re-read, and
//! only a change proven not applied can be sent again. The report survives a reload.

use crate::router::use_query_map;
use leptos::prelude::*;

use crate::api::{ApiClient, Recheck, Settled};
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::domain::batch::{partition, BatchAction, Partition};
use crate::domain::format::integer;
use crate::domain::renewal::{automatic_frequencies, RenewalChoice};
use crate::domain::services::ServiceRow;
use crate::pages::batch_runner::{batch_results, batch_runner, eligibility_lists, item_class};
use crate::pages::tools::{load_selected_services, name_in, requester, selection_state};

/// `/services/batch`: the action named by `?action=` (`enable`, `disable`, `renew`, `align`);
/// any other value says so instead of guessing.
#[component]
pub fn BatchRoute() -> impl IntoView {
    let action = use_query_map().with_untracked(|p| p.get("action"));
    match action.as_deref() {
        Some("align") => view! { <crate::pages::align::AlignPage /> }.into_any(),
        Some("renew") => view! { <crate::pages::renew_batch::RenewBatchPage /> }.into_any(),
        Some("enable") => view! { <BatchPage enable=true /> }.into_any(),
        Some("disable") => view! { <BatchPage enable=false /> }.into_any(),
        other => {
            let t = use_tools_i18n();
            let asked = other.unwrap_or_default().to_string();
            view! {
                <section class="page batch-page">
                    <p><NavLink href="/services">{move || t().back_to_services}</NavLink></p>
                    <p class="notice-warn" role="alert">{move || (t().unknown_action)(&asked)}</p>
                </section>
            }
            .into_any()
        }
    }
}

/// The choice a service is switched to: automatic keeps the frequency the API has for it (read
/// just before: a manual service may have one too) when it is offered, else the first offered
/// (as the provider's panel does).
fn target(row: &ServiceRow, current: Option<u32>, periods: &[u32], enable: bool) -> RenewalChoice {
    if enable {
        let offered = automatic_frequencies(periods, row.period_months);
        let months = current
            .or(row.period_months)
            .filter(|m| offered.contains(m))
            .unwrap_or(offered[0]);
        RenewalChoice::Automatic { months }
    } else {
        RenewalChoice::Manual
    }
}

#[component]
pub fn BatchPage(enable: bool) -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let locale = app.locale;
    let action = if enable {
        BatchAction::EnableAutomaticRenewal
    } else {
        BatchAction::DisableAutomaticRenewal
    };
    let rows = load_selected_services();

    // Eligibility needs the account's customer code (rights) and the server's clock.
    let who = requester();
    let plan = Memo::new(move |_| {
        let who = who()?;
        rows.with(|r| match r {
            Some(Ok(rows)) => Some(partition(rows, action, &who)),
            _ => None,
        })
    });
    let name_of = move |id: u64| name_in(rows, id);
    let row_of = move |id: u64| {
        rows.with_untracked(|r| match r {
            Some(Ok(rows)) => rows.iter().find(|r| r.id == id).cloned(),
            _ => None,
        })
    };

    let api = app.api.clone();
    let runner = batch_runner(
        if enable { "enable" } else { "disable" },
        move |id, _since, _journal| {
            let api = api.clone();
            let row = row_of(id);
            Box::pin(async move { switch_renewal(&api, row, enable).await })
        },
        // After a reload, an item that was being sent is checked against what the row showed
        // (the frequency sent is not known: any automatic one counts).
        move |id, _journal| {
            let row = row_of(id)?;
            Some(Recheck::Renewal {
                id,
                route_url: row.legacy_url(),
                choice: target(&row, None, &[], enable),
                before: row.renew_view(),
                any_period: true,
            })
        },
    );
    let progress = runner.progress;
    let on_confirm = move |_| {
        if let Some(Partition { eligible, .. }) = plan.get_untracked() {
            runner.start(eligible);
        }
    };

    let title = move || {
        if enable {
            t().batch_enable_title
        } else {
            t().batch_disable_title
        }
    };
    let preview = move || {
        plan.get()
            .map(|plan| eligibility_lists(&plan, name_of, t(), locale.get()))
    };
    view! {
        <section class="page batch-page">
            <p><NavLink href="/services">{move || t().back_to_services}</NavLink></p>
            <h1>{title}</h1>
            <Show when=move || progress.with(Option::is_none)>
                {selection_state(rows)}
                {preview}
                <div class="dialog-buttons">
                    <button
                        type="button"
                        class="button primary"
                        disabled=move || plan.get().is_none_or(|p| p.eligible.is_empty())
                        on:click=on_confirm
                    >
                        {move || {
                            let n = plan.get().map_or(0, |p| p.eligible.len());
                            (t().batch_confirm)(&integer(n as u64, locale.get()))
                        }}
                    </button>
                </div>
            </Show>
            {batch_results(runner, move |item, text| {
                view! { <li class=item_class(&item.status)>{name_of(item.id)}" — "{text}</li> }.into_any()
            })}
        </section>
    }
}

/// One service: its renewal settings (the frequencies it offers), then the change, which reads
/// the renewal again just before sending and sends only the mode and frequency.
async fn switch_renewal(api: &ApiClient, row: Option<ServiceRow>, enable: bool) -> Settled {
    let Some(row) = row else {
        return Settled::refused(crate::api::ApiError::new(
            crate::api::ApiErrorKind::NotFound,
        ));
    };
    let route = row.legacy_url();
    let settings = match api.renewal_settings(row.id, route.as_deref()).await {
        Ok(settings) => settings,
        Err(error) => return Settled::refused(error),
    };
    let choice = target(&row, settings.view.period_months, &settings.periods, enable);
    api.configure_renewal(row.id, route.as_deref(), row.renew_view(), choice)
        .await
}
