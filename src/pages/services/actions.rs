//! The `...` menu of a service row and the dialogs of its actions. Each action is offered only
//! where `domain::eligibility` allows it; a refused one says why.

use leptos::prelude::*;

use crate::app::{use_app, use_i18n};
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::domain::eligibility::{check, Refusal, Requester, ServiceAction};
use crate::domain::format::date;
use crate::domain::services::ServiceRow;

/// The actions this console carries out so far (the others join the menu as they are built).
const AVAILABLE: [ServiceAction; 2] = [ServiceAction::Terminate, ServiceAction::CancelTermination];

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

/// An action the user picked in a row's menu.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRequest {
    pub action: ServiceAction,
    pub row: ServiceRow,
}

fn requester() -> Requester {
    let app = use_app();
    Requester {
        nic: app.nic.get_untracked().unwrap_or_default(),
        now: chrono::DateTime::from_timestamp(app.now_secs(), 0).unwrap_or_default(),
    }
}

/// The `...` button of a row and its menu.
#[component]
pub fn RowActions(row: ServiceRow, request: RwSignal<Option<ActionRequest>>) -> impl IntoView {
    let t = use_i18n();
    let open = RwSignal::new(false);
    let name = row.display_name.clone();
    let items = move || {
        let who = requester();
        let verdicts: Vec<(ServiceAction, Result<(), Refusal>)> = AVAILABLE
            .into_iter()
            .map(|a| (a, check(a, &row, &who)))
            .collect();
        let allowed: Vec<ServiceAction> = verdicts
            .iter()
            .filter(|(_, v)| v.is_ok())
            .map(|(a, _)| *a)
            .collect();
        if allowed.is_empty() {
            // Say why rather than show an empty menu: the first refusal that tells the user
            // something (not the mere absence or presence of a pending termination).
            let why = verdicts
                .iter()
                .filter_map(|(_, v)| v.clone().err())
                .find(|r| {
                    !matches!(
                        r,
                        Refusal::NoTerminationPending | Refusal::TerminationPending
                    )
                })
                .map(|r| (t().refusal)(&r))
                .unwrap_or_else(|| t().no_action_available.to_string());
            return view! { <li role="none" class="menu-note">{why}</li> }.into_any();
        }
        allowed
            .into_iter()
            .map(|action| {
                let row = row.clone();
                let label = move || match action {
                    ServiceAction::Terminate => t().action_terminate,
                    _ => t().action_cancel_termination,
                };
                view! {
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            on:click=move |_| {
                                open.set(false);
                                request.set(Some(ActionRequest { action, row: row.clone() }));
                            }
                        >
                            {label}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    let label = move || (t().actions_for)(&name);
    view! {
        <div
            class="row-actions"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    open.set(false);
                }
            }
        >
            <button
                type="button"
                class="menu-button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-label=label.clone()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "⋯"
            </button>
            <Show when=move || open.get()>
                <ul role="menu" class="menu" aria-label=label.clone()>
                    {items.clone()}
                </ul>
            </Show>
        </div>
    }
}

/// The dialogs of the actions, opened by `request`; `on_done(id, message)` after the API said yes.
#[component]
pub fn ActionDialogs(
    request: RwSignal<Option<ActionRequest>>,
    on_done: Callback<(u64, String)>,
) -> impl IntoView {
    view! {
        <TerminateDialog request=request on_done=on_done />
        <CancelTerminationDialog request=request on_done=on_done />
    }
}

fn expiry_text(row: &ServiceRow) -> String {
    let locale = use_app().locale.get();
    row.expiration.map(|d| date(d, locale)).unwrap_or_default()
}

/// Opens while `request` asks for `action`; clears `request` when closed.
fn dialog_open(request: RwSignal<Option<ActionRequest>>, action: ServiceAction) -> RwSignal<bool> {
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        let wanted = request.with(|r| r.as_ref().is_some_and(|r| r.action == action));
        if wanted {
            open.set(true);
        }
    });
    Effect::new(move |_| {
        if !open.get() && request.with_untracked(|r| r.as_ref().is_some_and(|r| r.action == action))
        {
            request.set(None);
        }
    });
    open
}

#[component]
fn TerminateDialog(
    request: RwSignal<Option<ActionRequest>>,
    on_done: Callback<(u64, String)>,
) -> impl IntoView {
    let t = use_i18n();
    let api = use_app().api;
    let open = dialog_open(request, ServiceAction::Terminate);
    let reason = RwSignal::new(String::new());
    let future = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let send = Action::new_local(move |(id, answers): &(u64, Vec<(&'static str, String)>)| {
        let api = api.clone();
        let (id, answers) = (*id, answers.clone());
        async move { api.terminate_at_expiry(id, &answers).await.map(|_| id) }
    });
    // A fresh form each time it opens.
    Effect::new(move |_| {
        if open.get() {
            reason.set(String::new());
            future.set(String::new());
            comment.set(String::new());
            send.value().set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = send.value().get() {
            let name = request
                .with_untracked(|r| r.as_ref().map(|r| r.row.display_name.clone()))
                .unwrap_or_default();
            open.set(false);
            on_done.run((id, (t().terminate_done)(&name)));
        }
    });
    let row = move || {
        request
            .get()
            .filter(|r| r.action == ServiceAction::Terminate)
            .map(|r| r.row)
    };
    let title = Signal::derive(move || {
        row()
            .map(|r| (t().terminate_title)(&r.display_name))
            .unwrap_or_default()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        let Some(row) = row() else { return };
        let comment = comment.get_untracked();
        let answers = vec![
            ("reason", reason.get_untracked()),
            ("commentary_reason", comment),
            ("future_use", future.get_untracked()),
        ];
        send.dispatch((row.id, answers));
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p class="warning-text">{move || row().map(|r| (t().terminate_explain)(&expiry_text(&r)))}</p>
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
                {move || match send.value().get() {
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }),
                    _ => None,
                }}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().cancel}</button>
                    <button type="submit" class="button danger" disabled=move || send.pending().get()>
                        {move || if send.pending().get() { t().sending } else { t().terminate_confirm }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}

#[component]
fn CancelTerminationDialog(
    request: RwSignal<Option<ActionRequest>>,
    on_done: Callback<(u64, String)>,
) -> impl IntoView {
    let t = use_i18n();
    let api = use_app().api;
    let open = dialog_open(request, ServiceAction::CancelTermination);
    let send = Action::new_local(move |(id, route_url): &(u64, String)| {
        let api = api.clone();
        let (id, route_url) = (*id, route_url.clone());
        async move { api.cancel_termination(&route_url).await.map(|_| id) }
    });
    Effect::new(move |_| {
        if open.get() {
            send.value().set(None);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = send.value().get() {
            let name = request
                .with_untracked(|r| r.as_ref().map(|r| r.row.display_name.clone()))
                .unwrap_or_default();
            open.set(false);
            on_done.run((id, (t().cancel_termination_done)(&name)));
        }
    });
    let row = move || {
        request
            .get()
            .filter(|r| r.action == ServiceAction::CancelTermination)
            .map(|r| r.row)
    };
    let title = Signal::derive(move || {
        row()
            .map(|r| (t().cancel_termination_title)(&r.display_name))
            .unwrap_or_default()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        if let Some(row) = row() {
            // Without a legacy route the API offers no way to cancel: the dialog says so.
            let route = row.route_url.clone().unwrap_or_default();
            send.dispatch((row.id, route));
        }
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p>{move || row().map(|r| (t().cancel_termination_explain)(&expiry_text(&r)))}</p>
                {move || match send.value().get() {
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }),
                    _ => None,
                }}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                    <button type="submit" class="button primary" disabled=move || send.pending().get()>
                        {move || if send.pending().get() { t().sending } else { t().action_cancel_termination }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
