//! `/services/batch?action=align`: `Aligner les dates de renouvellement`. The customer picks the
//! account's renew day (1–29); the page shows each selected service's new renewal date (and how
//! many days its current period grows) or why it cannot follow, then saves the day on the
//! account (`/me/autorenew`), which the provider applies at each service's next renewal. The
//! account's setting is read first and shown; saving reads it again, writes only the day, and
//! the page shows the setting read back after saving.

use leptos::prelude::*;

use crate::api::renewal::AccountAutorenew;
use crate::api::{ApiError, Found, Settled};
use crate::app::{use_app, use_tools_i18n, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::components::outcome::OutcomeNotice;
use crate::domain::batch::{plan_alignment, AlignmentPlan, RenewDay};
use crate::domain::format::{date, integer};
use crate::domain::services::ServiceRow;
use crate::pages::tools::{load_selected_services, requester};

#[component]
pub fn AlignPage() -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let locale = app.locale;
    let rows = load_selected_services();
    let current = RwSignal::new(None::<Result<Option<AccountAutorenew>, ApiError>>);
    let day = RwSignal::new(1u32);

    // The account's setting as it is now (again after each save).
    let read_current = {
        let api = app.api.clone();
        move |set_day: bool| {
            let api = api.clone();
            leptos::task::spawn_local(async move {
                let autorenew = api.account_autorenew().await;
                if let (Ok(Some(a)), true) = (&autorenew, set_day) {
                    day.try_set(a.renew_day);
                }
                current.try_set(Some(autorenew));
            });
        }
    };
    read_current(true);

    let who = requester();
    let plan = Memo::new(move |_| {
        let who = who()?;
        let chosen = RenewDay::new(day.get())?;
        rows.with(|r| match r {
            Some(Ok(rows)) => Some((plan_alignment(rows, chosen, &who), rows.clone())),
            _ => None,
        })
    });
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(None::<Settled>);
    let on_settled = Callback::new(move |settled: Settled| {
        saved.try_set(Some(settled));
        read_current(false);
    });

    let preview = move || {
        let (plan, rows) = plan.get()?;
        Some(alignment_preview(&plan, &rows, t(), locale.get()))
    };
    let api_save = app.api.clone();
    let on_save = move |_| {
        let Some(Ok(seen)) = current.get_untracked() else {
            return;
        };
        if saving.get_untracked() {
            return;
        }
        saving.set(true);
        saved.set(None);
        let api = api_save.clone();
        let chosen = day.get_untracked();
        leptos::task::spawn_local(async move {
            let settled = api.set_renew_day(seen, chosen).await;
            saving.try_set(false);
            on_settled.run(settled);
        });
    };
    let current_text = move || match current.get() {
        Some(Ok(Some(a))) => Some((t().align_current_day)(&a.renew_day.to_string())),
        Some(Ok(None)) => Some(t().align_no_day.to_string()),
        _ => None,
    };

    view! {
        <section class="page batch-page">
            <p><NavLink href="/services">{move || t().back_to_services}</NavLink></p>
            <h1>{move || t().align_title}</h1>
            <p>{move || t().align_explain}</p>
            <p class="muted">{current_text}</p>
            {move || match (rows.get(), current.get()) {
                (Some(Err(error)), _) | (_, Some(Err(error))) => Some(view! { <ErrorPanel error=error /> }.into_any()),
                (None, _) | (_, None) => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
                _ => None,
            }}
            <label class="field">
                <span>{move || t().align_day_label}</span>
                <select
                    prop:value=move || day.get().to_string()
                    on:change=move |ev| {
                        if let Ok(d) = event_target_value(&ev).parse() {
                            day.set(d);
                            saved.set(None);
                        }
                    }
                >
                    {RenewDay::all().map(|d| view! { <option value=d.get().to_string()>{d.get()}</option> }).collect_view()}
                </select>
            </label>
            {preview}
            <div>
                {move || saved.get().map(|settled| {
                    let chosen = match &settled.outcome {
                        crate::domain::outcome::Outcome::Applied { value: Found::Day(d), .. } => *d,
                        _ => day.get_untracked(),
                    };
                    view! {
                        <OutcomeNotice settled=settled done=Signal::derive(move || (t().align_done)(&chosen.to_string())) on_settled=on_settled />
                    }
                })}
            </div>
            <div class="dialog-buttons">
                <button
                    type="button"
                    class="button primary"
                    disabled=move || saving.get() || !matches!(current.get(), Some(Ok(_))) || plan.get().is_none_or(|(p, _)| p.changes.is_empty())
                    on:click=on_save
                >
                    {move || if saving.get() { t().sending.to_string() } else { (t().align_confirm)(&day.get().to_string()) }}
                </button>
            </div>
        </section>
    }
}

/// The dates the alignment would give (and how much longer each service runs), and the services
/// it cannot move, with the reason.
fn alignment_preview(
    plan: &AlignmentPlan,
    rows: &[ServiceRow],
    m: &'static crate::i18n::ToolsMessages,
    l: crate::domain::Locale,
) -> impl IntoView {
    let name_of = |rows: &[ServiceRow], id: u64| {
        rows.iter()
            .find(|r| r.id == id)
            .map(|r| r.display_name.to_string())
            .unwrap_or_else(|| id.to_string())
    };
    let changes = plan
        .changes
        .iter()
        .map(|c| {
            let grows =
                (c.delta_days > 0).then(|| (m.align_longer)(&integer(c.delta_days as u64, l)));
            view! {
                <tr>
                    <th scope="row">{name_of(rows, c.id)}</th>
                    <td>{date(c.current, l)}</td>
                    <td>{date(c.aligned, l)}</td>
                    <td>{grows}</td>
                </tr>
            }
        })
        .collect_view();
    let refused = plan
        .refused
        .iter()
        .map(|(id, why)| view! { <li>{name_of(rows, *id)}" — "{(m.refusal)(why)}</li> })
        .collect_view();
    view! {
        <table class="data-table" aria-label=m.align_table_label>
            <thead>
                <tr>
                    <th scope="col">{m.col_name}</th>
                    <th scope="col">{m.align_current}</th>
                    <th scope="col">{m.align_new}</th>
                    <th scope="col">{m.align_delta}</th>
                </tr>
            </thead>
            <tbody>{changes}</tbody>
        </table>
        {(!plan.refused.is_empty()).then(|| view! {
            <h2>{(m.batch_refused)(&integer(plan.refused.len() as u64, l))}</h2>
            <ul class="batch-list refused">{refused}</ul>
        })}
    }
}
