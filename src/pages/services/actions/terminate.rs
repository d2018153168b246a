//! **Terminate at expiry**: the questionnaire, then the termination request.

use leptos::prelude::*;

use super::{expiry_text, ActionRequest, DialogState, RowWork};
use crate::app::{use_app, use_i18n};
use crate::components::dialog::Dialog;
use crate::components::outcome::OutcomeNotice;
use crate::domain::eligibility::{cancel_deadline, ServiceAction};
use crate::state::use_state;

const REASONS: [&str; 6] = [
    "TOO_EXPENSIVE",
    "WRONG_ORDER",
    "PRODUCT_TOOLS_DONT_SUIT_ME",
    "NOT_NEEDED_ANYMORE",
    "LACK_OF_PERFORMANCES",
    "OTHER",
];
const FUTURE_USES: [&str; 4] = [
    "NOT_REPLACING_SERVICE",
    "SUBSCRIBE_AN_OTHER_SERVICE",
    "SUBSCRIBE_OTHER_KIND_SERVICE_WITH_COMPETITOR",
    "OTHER",
];

#[component]
pub fn TerminateDialog(request: RwSignal<Option<ActionRequest>>, work: RowWork) -> impl IntoView {
    let t = use_i18n();
    let api = use_app().api;
    let clock = use_state().clock;
    let dialog = DialogState::new(request, ServiceAction::Terminate);
    let open = dialog.open;
    let reason = RwSignal::new(String::new());
    let future = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    // A fresh form each time it opens.
    Effect::new(move |_| {
        if open.get() {
            reason.set(String::new());
            future.set(String::new());
            comment.set(String::new());
        }
    });
    let row = move || {
        request
            .get()
            .filter(|r| r.action == ServiceAction::Terminate)
            .map(|r| r.row)
    };
    let busy = move || row().is_some_and(|r| work.is_busy(r.id));
    let title = Signal::derive(move || {
        row()
            .map(|r| (t().terminate_title)(&r.display_name))
            .unwrap_or_default()
    });
    let done = move || {
        row()
            .map(|r| (t().terminate_done)(&r.display_name))
            .unwrap_or_default()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(row) = row() else { return };
        if busy() || !dialog.may_send() {
            return;
        }
        let answers = vec![
            ("reason", reason.get_untracked()),
            ("commentary_reason", comment.get_untracked()),
            ("future_use", future.get_untracked()),
        ];
        let api = api.clone();
        let id = row.id;
        work.run(
            &row,
            done(),
            async move { api.terminate_at_expiry(id, &answers).await },
            dialog.deliver(true),
        );
    };
    // Within 24 hours of the expiry a termination can no longer be cancelled: do not promise it.
    let explain = move || {
        row().map(|r| {
            let now = clock.now();
            let last_day = r
                .expiration_at
                .map(cancel_deadline)
                .is_some_and(|d| now >= d);
            let text = if last_day {
                t().terminate_explain_final
            } else {
                t().terminate_explain
            };
            text(&expiry_text(&r))
        })
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p class="warning-text">{explain}</p>
                {move || clock.uses_device().then(|| view! { <p class="muted">{t().device_clock_note}</p> })}
                <label class="field">
                    <span>{move || t().terminate_reason_label}</span>
                    <select required prop:value=move || reason.get() on:change=move |ev| reason.set(event_target_value(&ev))>
                        <option value="">{move || t().choose}</option>
                        {REASONS.map(|k| view! { <option value=k>{move || (t().terminate_reason)(k)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || t().terminate_future_label}</span>
                    <select required prop:value=move || future.get() on:change=move |ev| future.set(event_target_value(&ev))>
                        <option value="">{move || t().choose}</option>
                        {FUTURE_USES.map(|k| view! { <option value=k>{move || (t().terminate_future)(k)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{move || t().terminate_comment_label}</span>
                    <textarea rows="3" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                {move || {
                    let id = row()?.id;
                    dialog.shown.get().map(|settled| view! {
                        <OutcomeNotice settled=settled done=Signal::derive(done) on_settled=dialog.rechecked(work, id, done()) />
                    })
                }}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().cancel}</button>
                    <Show when=move || dialog.may_send()>
                        <button type="submit" class="button danger" disabled=busy>
                            {move || if busy() { t().sending } else { t().terminate_confirm }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}
