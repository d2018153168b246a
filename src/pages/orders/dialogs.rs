//! The order tracking (4 steps and the dated history) and the 14-day withdrawal dialogs.

use leptos::prelude::*;

use super::server_now;
use crate::api::models::OrderStatus;
use crate::api::orders::{FollowUp, FollowUpStatus, RetractionReason};
use crate::api::ApiError;
use crate::app::{use_app, use_orders_i18n};
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::domain::format::date;
use crate::domain::orders::{tracking_history, tracking_steps, withdrawal, OrderRow};
use crate::domain::Locale;

const REASONS: [RetractionReason; 7] = [
    RetractionReason::Other,
    RetractionReason::Unused,
    RetractionReason::Expensive,
    RetractionReason::Competitor,
    RetractionReason::Difficulty,
    RetractionReason::Performance,
    RetractionReason::Reliability,
];

/// A date and time as the API wrote it (its own offset), in the user's format.
pub(crate) fn date_time(value: chrono::DateTime<chrono::FixedOffset>, locale: Locale) -> String {
    use chrono::Timelike;
    format!(
        "{} {:02}:{:02}",
        date(value.date_naive(), locale),
        value.hour(),
        value.minute()
    )
}

/// `Suivi de commande`: the 4 steps with their state, then the history, newest first.
#[component]
pub fn TrackingDialog(order: RwSignal<Option<u64>>) -> impl IntoView {
    let t = use_orders_i18n();
    let app = use_app();
    let locale = app.locale;
    let api = app.api;
    let open = RwSignal::new(false);
    let follow_up = RwSignal::new(None::<Result<Option<Vec<FollowUp>>, ApiError>>);
    Effect::new(move |_| {
        let Some(id) = order.get() else { return };
        open.set(true);
        follow_up.set(None);
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let result = api.order_follow_up(id).await;
            if order.get_untracked() == Some(id) {
                follow_up.set(Some(result));
            }
        });
    });
    Effect::new(move |_| {
        if !open.get() {
            order.set(None);
        }
    });
    let title = Signal::derive(move || {
        order
            .get()
            .map(|id| (t().tracking_title)(&id.to_string()))
            .unwrap_or_default()
    });
    let body = move || match follow_up.get() {
        None => view! { <p aria-busy="true">{t().loading}</p> }.into_any(),
        Some(Err(error)) => view! { <ErrorPanel error=error /> }.into_any(),
        Some(Ok(None)) => view! { <p>{t().tracking_none}</p> }.into_any(),
        Some(Ok(Some(raw))) => {
            let m = t();
            let loc = locale.get();
            let steps = tracking_steps(&raw);
            let history = tracking_history(&steps);
            let step_items = steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let class = match s.status {
                        FollowUpStatus::Done => "step done",
                        FollowUpStatus::Doing => "step doing",
                        FollowUpStatus::Error => "step error",
                        _ => "step todo",
                    };
                    view! {
                        <li class=class aria-current=(s.status == FollowUpStatus::Doing).then_some("step")>
                            <span class="step-number" aria-hidden="true">{i + 1}</span>
                            <span class="step-name">{(m.follow_up_step)(&s.step)}</span>
                            <span class="step-state">{(m.follow_up_status)(&s.status)}</span>
                        </li>
                    }
                })
                .collect_view();
            let history_items = history
                .into_iter()
                .map(|(_, entry)| {
                    let label = (m.follow_up_label)(&entry.label);
                    // The API's description, as text, when it says more than the label.
                    let description = entry
                        .description
                        .filter(|d| !d.trim().is_empty() && !d.trim().eq_ignore_ascii_case(&label));
                    view! {
                        <li>
                            <time>{entry.date.map(|d| date_time(d, loc)).unwrap_or_default()}</time>
                            " — "
                            <span>{label}</span>
                            {description.map(|d| view! { <span class="muted">{format!(" ({d})")}</span> })}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ol class="steps" aria-label=m.tracking_steps_label>{step_items}</ol>
                <h3>{m.tracking_history}</h3>
                <ul class="history">{history_items}</ul>
            }
            .into_any()
        }
    };
    view! {
        <Dialog open=open title=title>
            <div class="dialog-form">
                {body}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                </div>
            </div>
        </Dialog>
    }
}

/// `Annuler la commande`: the 14-day withdrawal. Explains the prorata refund within 30 days; the
/// confirm button stays disabled until `Oui, je désire annuler cette commande` is ticked; sent
/// once; `on_done(id, new status)` after the API said yes.
#[component]
pub fn WithdrawDialog(
    request: RwSignal<Option<OrderRow>>,
    on_done: Callback<(u64, Option<OrderStatus>)>,
) -> impl IntoView {
    let t = use_orders_i18n();
    let app = use_app();
    let locale = app.locale;
    let api = app.api;
    let open = RwSignal::new(false);
    let ticked = RwSignal::new(false);
    let reason = RwSignal::new(RetractionReason::Other);
    let comment = RwSignal::new(String::new());
    let send = Action::new_local(
        move |(id, reason, comment): &(u64, RetractionReason, String)| {
            let api = api.clone();
            let (id, reason, comment) = (*id, reason.clone(), comment.clone());
            async move {
                let comment = (!comment.trim().is_empty()).then_some(comment.as_str());
                api.retract_order(id, &reason, comment).await?;
                // The new status, for the list (the withdrawal is done even if this read fails).
                Ok::<_, ApiError>((id, api.order_status(id).await.ok()))
            }
        },
    );
    Effect::new(move |_| {
        if request.with(Option::is_some) {
            ticked.set(false);
            reason.set(RetractionReason::Other);
            comment.set(String::new());
            send.value().set(None);
            open.set(true);
        }
    });
    Effect::new(move |_| {
        if !open.get() {
            request.set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok((id, status))) = send.value().get() {
            open.set(false);
            on_done.run((id, status));
        }
    });
    let row = move || request.get();
    let title = Signal::derive(move || {
        row()
            .map(|r| (t().withdraw_title)(&r.id.to_string()))
            .unwrap_or_default()
    });
    let deadline = move || {
        let r = row()?;
        let d = withdrawal(&r, r.status.as_ref(), server_now()).ok()?;
        Some((t().withdraw_deadline)(&date_time(d.until, locale.get())))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !ticked.get_untracked() || send.pending().get_untracked() {
            return;
        }
        if let Some(r) = row() {
            send.dispatch((r.id, reason.get_untracked(), comment.get_untracked()));
        }
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p>{move || t().withdraw_explain}</p>
                <p class="warning-text">{move || t().withdraw_refund}</p>
                <p class="emphasis">{deadline}</p>
                <label class="field">
                    <span>{move || t().withdraw_reason_label}</span>
                    <select
                        prop:value=move || reason.get().as_wire().to_string()
                        on:change=move |ev| reason.set(RetractionReason::from_wire(&event_target_value(&ev)))
                    >
                        {REASONS
                            .map(|r| {
                                let value = r.as_wire().to_string();
                                view! { <option value=value>{move || (t().withdraw_reason)(&r)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || t().withdraw_comment_label}</span>
                    <textarea rows="2" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || ticked.get() on:change=move |ev| ticked.set(event_target_checked(&ev)) />
                    {move || t().withdraw_tick}
                </label>
                {move || match send.value().get() {
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }),
                    _ => None,
                }}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                    <button type="submit" class="button danger" disabled=move || !ticked.get() || send.pending().get()>
                        {move || if send.pending().get() { t().sending } else { t().withdraw_confirm }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
