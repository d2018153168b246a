//! The order tracking (4 steps and the dated history) and the 14-day withdrawal dialogs.

use leptos::prelude::*;

use super::server_now;
use crate::api::models::OrderStatus;
use crate::api::orders::{FollowUpStatus, RetractionReason};
use crate::api::{ApiError, Settled};
use crate::app::{use_app, use_orders_i18n};
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::components::outcome::OutcomeNotice;
use crate::domain::format::date;
use crate::domain::orders::{tracking_history, tracking_steps, withdrawal, OrderRow, TrackingStep};
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
    let follow_up = RwSignal::new(None::<Result<Option<Vec<TrackingStep>>, ApiError>>);
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
/// once (a lost answer is re-read before anything else). Whatever the answer, the order's status
/// is read again and handed to `on_done(id, status, applied)`, for the row that asked.
#[component]
pub fn WithdrawDialog(
    request: RwSignal<Option<OrderRow>>,
    on_done: Callback<(u64, Option<OrderStatus>, bool)>,
) -> impl IntoView {
    let t = use_orders_i18n();
    let app = use_app();
    let locale = app.locale;
    let api = app.api;
    let clock = crate::state::use_state().clock;
    let open = RwSignal::new(false);
    let ticked = RwSignal::new(false);
    let reason = RwSignal::new(RetractionReason::Other);
    let comment = RwSignal::new(String::new());
    // The order a request is in flight for (a second is never sent), and the answer shown, with
    // the opening it belongs to.
    let sending = RwSignal::new(None::<u64>);
    let generation = RwSignal::new(0u32);
    let shown = RwSignal::new(None::<Settled>);
    Effect::new(move |_| {
        if request.with(Option::is_some) && !open.get_untracked() {
            ticked.set(false);
            reason.set(RetractionReason::Other);
            comment.set(String::new());
            shown.set(None);
            generation.update(|g| *g += 1);
            open.set(true);
        }
    });
    Effect::new(move |_| {
        if !open.get() {
            request.set(None);
        }
    });
    let deliver = move |id: u64, at: u32, settled: Settled| {
        let applied = settled.outcome.is_applied();
        let here = open.try_get_untracked() == Some(true)
            && generation.try_get_untracked() == Some(at)
            && request
                .try_with_untracked(|r| r.as_ref().map(|r| r.id))
                .flatten()
                == Some(id);
        if here {
            shown.try_set(Some(settled));
            if applied {
                open.try_set(false);
            }
        }
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let status = api.order_status(id).await.ok();
            on_done.run((id, status, applied));
        });
    };
    let recheck_deliver = deliver.clone();
    let on_rechecked = move |id: u64| {
        let deliver = recheck_deliver.clone();
        Callback::new(move |settled: Settled| deliver(id, generation.get_untracked(), settled))
    };
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
    let may_send = move || shown.with(|s| s.as_ref().is_none_or(|s| s.outcome.may_retry()));
    let busy = move || {
        sending
            .get()
            .is_some_and(|id| row().is_some_and(|r| r.id == id))
    };
    let submit_deliver = deliver.clone();
    let api_send = use_app().api;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(r) = row() else { return };
        if !ticked.get_untracked() || sending.get_untracked().is_some() || !may_send() {
            return;
        }
        sending.set(Some(r.id));
        let (api, deliver) = (api_send.clone(), submit_deliver.clone());
        let (reason, comment) = (reason.get_untracked(), comment.get_untracked());
        let at = generation.get_untracked();
        leptos::task::spawn_local(async move {
            let comment = (!comment.trim().is_empty()).then_some(comment.as_str());
            let settled = api.retract_order(r.id, &reason, comment).await;
            sending.try_set(None);
            deliver(r.id, at, settled);
        });
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
                {move || clock.uses_device().then(|| view! { <p class="muted">{t().device_clock_note}</p> })}
                {move || {
                    let id = row()?.id;
                    let done = Signal::derive(move || (t().withdraw_done)(&id.to_string()));
                    shown.get().map(|settled| view! { <OutcomeNotice settled=settled done=done on_settled=on_rechecked(id) /> })
                }}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                    <Show when=may_send>
                        <button type="submit" class="button danger" disabled=move || !ticked.get() || busy()>
                            {move || if busy() { t().sending } else { t().withdraw_confirm }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}
