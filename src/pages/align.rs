//! `/services/batch?action=align`: `Aligner les dates de renouvellement`. The customer picks the
//! account's renew day (1–29); the page shows each selected service's new renewal date (and how
//! many days its current period grows) or why it cannot follow, then saves the day on the
//! account (`/me/autorenew`), which the provider applies at each service's next renewal.

use leptos::prelude::*;

use crate::api::renewal::AccountAutorenew;
use crate::api::ApiError;
use crate::app::{use_app, use_tools_i18n, SectionLink};
use crate::components::error_panel::ErrorPanel;
use crate::domain::batch::{plan_alignment, RenewDay};
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

    let api = app.api.clone();
    leptos::task::spawn_local(async move {
        let autorenew = api.account_autorenew().await;
        if let Ok(Some(a)) = &autorenew {
            day.set(a.renew_day);
        }
        current.set(Some(autorenew));
    });

    let who = requester();
    let plan = Memo::new(move |_| {
        let who = who()?;
        let chosen = RenewDay::new(day.get())?;
        rows.with(|r| match r {
            Some(Ok(rows)) => Some((plan_alignment(rows, chosen, &who), rows.clone())),
            _ => None,
        })
    });
    let save = Action::new_local({
        let api = app.api.clone();
        move |(day, already): &(u32, bool)| {
            let api = api.clone();
            let (day, already) = (*day, *already);
            async move { api.set_renew_day(day, already).await.map(|_| day) }
        }
    });

    let name_of = |rows: &[ServiceRow], id: u64| {
        rows.iter()
            .find(|r| r.id == id)
            .map(|r| r.display_name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let preview = move || {
        let (plan, rows) = plan.get()?;
        let m = t();
        let l = locale.get();
        let changes = plan
            .changes
            .iter()
            .map(|c| {
                let grows =
                    (c.delta_days > 0).then(|| (m.align_longer)(&integer(c.delta_days as u64, l)));
                view! {
                    <tr>
                        <th scope="row">{name_of(&rows, c.id)}</th>
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
            .map(|(id, why)| view! { <li>{name_of(&rows, *id)}" — "{(m.refusal)(why)}</li> })
            .collect_view();
        Some(view! {
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
        })
    };
    let on_save = move |_| {
        if save.pending().get_untracked() {
            return;
        }
        let already = current.with_untracked(|c| matches!(c, Some(Ok(Some(_)))));
        save.dispatch((day.get_untracked(), already));
    };

    view! {
        <section class="page batch-page">
            <p><SectionLink href="/services">{move || t().back_to_services}</SectionLink></p>
            <h1>{move || t().align_title}</h1>
            <p>{move || t().align_explain}</p>
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
                            save.value().set(None);
                        }
                    }
                >
                    {RenewDay::all().map(|d| view! { <option value=d.get().to_string()>{d.get()}</option> }).collect_view()}
                </select>
            </label>
            {preview}
            {move || match save.value().get() {
                Some(Ok(d)) => Some(view! { <p class="notice-ok" role="status">{(t().align_done)(&d.to_string())}</p> }.into_any()),
                Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
                None => None,
            }}
            <div class="dialog-buttons">
                <button
                    type="button"
                    class="button primary"
                    disabled=move || save.pending().get() || plan.get().is_none_or(|(p, _)| p.changes.is_empty())
                    on:click=on_save
                >
                    {move || (t().align_confirm)(&day.get().to_string())}
                </button>
            </div>
        </section>
    }
}
