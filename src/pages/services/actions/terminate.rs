//! **Terminate at expiry**: the service's own termination form (read from the API when the
//! dialog opens), then the termination request.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::questions::QuestionField;
use super::{expiry_text, ActionRequest, DialogState, Done, DoneKind, RowWork};
use crate::api::ApiError;
use crate::app::{use_app, use_i18n};
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::domain::eligibility::{cancel_deadline, ServiceAction};
use crate::domain::termination::{answers_to_send, Question};
use crate::state::use_state;

#[component]
pub fn TerminateDialog(request: RwSignal<Option<ActionRequest>>, work: RowWork) -> impl IntoView {
    let t = use_i18n();
    let api = use_app().api;
    let clock = use_state().clock;
    let dialog = DialogState::new(request, ServiceAction::Terminate, work);
    let open = dialog.open;
    let answers = RwSignal::new(BTreeMap::<String, String>::new());
    let form = RwSignal::new(None::<Result<Vec<Question>, ApiError>>);
    let row = move || {
        request
            .get()
            .filter(|r| r.action == ServiceAction::Terminate)
            .map(|r| r.row)
    };
    // A fresh form each time it opens, read from the API: its questions are the service's.
    let attempt = RwSignal::new(0u32);
    let api_form = api.clone();
    Effect::new(move |_| {
        attempt.track();
        if !open.get() {
            return;
        }
        answers.set(BTreeMap::new());
        form.set(None);
        let Some(id) = row().map(|r| r.id) else {
            return;
        };
        let api = api_form.clone();
        leptos::task::spawn_local(async move {
            let read = api.termination_form(id).await;
            // Still the same service's dialog.
            if request.with_untracked(|r| r.as_ref().is_some_and(|r| r.row.id == id)) {
                form.try_set(Some(read));
            }
        });
    });
    let questions = move || form.get().and_then(Result::ok);
    let busy = move || row().is_some_and(|r| work.is_busy(r.id));
    let title = Signal::derive(move || {
        row()
            .map(|r| (t().terminate_title)(&r.display_name))
            .unwrap_or_default()
    });
    let done = move || Done::to(DoneKind::Terminated, row());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(row) = row() else { return };
        if busy() || !dialog.may_send() {
            return;
        }
        let Some(questions) = questions() else { return };
        // Only the form's questions; the browser has already asked for the mandatory ones.
        let Ok(answers) = answers.with_untracked(|given| answers_to_send(&questions, given)) else {
            return;
        };
        let api = api.clone();
        let id = row.id;
        work.run(
            &row,
            ServiceAction::Terminate,
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
                {move || match form.get() {
                    None => view! { <p class="muted" role="status">{move || t().terminate_form_loading}</p> }.into_any(),
                    Some(Err(error)) => view! {
                        <ErrorPanel error=error on_retry=Callback::new(move |_| attempt.update(|n| *n += 1)) />
                    }.into_any(),
                    Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{move || t().terminate_form_none}</p> }.into_any(),
                    Some(Ok(list)) => list
                        .into_iter()
                        .map(|question| view! { <QuestionField question=question answers=answers /> })
                        .collect_view()
                        .into_any(),
                }}
                {move || dialog.answer(work, row()?.id, done)}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().cancel}</button>
                    <Show when=move || dialog.may_send() && questions().is_some()>
                        <button type="submit" class="button danger" disabled=busy>
                            {move || if busy() { t().sending } else { t().terminate_confirm }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}
