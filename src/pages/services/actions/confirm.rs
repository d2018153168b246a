//! Actions confirmed in one step: cancel a termination, delete a hosting, pay a bill.

use leptos::prelude::*;

use super::{action_label, expiry_text, ActionRequest, DialogState, Done, DoneKind, RowWork};
use crate::api::{ApiClient, ApiError, ApiErrorKind, Settled};
use crate::app::{use_app, use_i18n};
use crate::components::dialog::Dialog;
use crate::domain::eligibility::ServiceAction;
use crate::domain::outcome::Outcome;
use crate::domain::services::ServiceRow;
use crate::state::use_state;

/// Carries out a confirm-only action.
async fn perform(api: ApiClient, action: ServiceAction, row: ServiceRow, since: i64) -> Settled {
    match action {
        ServiceAction::CancelTermination => {
            api.cancel_termination(row.id, row.legacy_url().as_deref())
                .await
        }
        ServiceAction::DeleteNow => api.delete_hosting_now(row.id).await,
        ServiceAction::PayBill => api.pay_debts(since).await,
        _ => refused(),
    }
}

fn refused() -> Settled {
    Settled {
        outcome: Outcome::NotApplied {
            error: ApiError::new(ApiErrorKind::Rejected),
            proven: false,
        },
        recheck: None,
    }
}

#[component]
pub fn ConfirmDialog(
    action: ServiceAction,
    request: RwSignal<Option<ActionRequest>>,
    work: RowWork,
) -> impl IntoView {
    let t = use_i18n();
    let api = use_app().api;
    let clock = use_state().clock;
    let dialog = DialogState::new(request, action, work);
    let open = dialog.open;
    let row = move || request.get().filter(|r| r.action == action).map(|r| r.row);
    let name = move || row().map(|r| r.display_name).unwrap_or_default();
    let busy = move || row().is_some_and(|r| work.is_busy(r.id));
    let done = move || {
        let kind = match action {
            ServiceAction::DeleteNow => DoneKind::DeletedNow,
            ServiceAction::PayBill => DoneKind::PayBill,
            _ => DoneKind::TerminationCancelled,
        };
        Done::to(kind, row())
    };
    let title = Signal::derive(move || {
        let m = t();
        match action {
            ServiceAction::DeleteNow => (m.delete_now_title)(&name()),
            ServiceAction::PayBill => (m.pay_bill_title)(&name()),
            _ => (m.cancel_termination_title)(&name()),
        }
    });
    let explain = move || {
        let m = t();
        match action {
            ServiceAction::DeleteNow => m.delete_now_explain.to_string(),
            ServiceAction::PayBill => format!("{} {}", m.pay_bill_explain, m.pay_bill_scope),
            _ => row()
                .map(|r| (m.cancel_termination_explain)(&expiry_text(&r)))
                .unwrap_or_default(),
        }
    };
    let confirm_label = move || match action {
        ServiceAction::PayBill => t().pay_bill_confirm,
        other => action_label(t(), other),
    };
    let danger = action == ServiceAction::DeleteNow;
    // A payment order stays in the dialog with its link until the user closes it; the other
    // actions close the dialog once done (the row says it).
    let closes_when_done = action != ServiceAction::PayBill;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(row) = row() else { return };
        if busy() || !dialog.may_send() {
            return;
        }
        let since = clock.now_secs();
        work.run(
            &row,
            action,
            done(),
            perform(api.clone(), action, row.clone(), since),
            dialog.deliver(closes_when_done),
        );
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p class:warning-text=danger>{explain}</p>
                {move || {
                    (action == ServiceAction::CancelTermination && clock.uses_device())
                        .then(|| view! { <p class="muted">{t().device_clock_note}</p> })
                }}
                {move || dialog.answer(work, row()?.id, done)}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                    <Show when=move || dialog.may_send()>
                        <button
                            type="submit"
                            class="button"
                            class:danger=danger
                            class:primary=!danger
                            disabled=busy
                        >
                            {move || if busy() { t().sending } else { confirm_label() }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}
