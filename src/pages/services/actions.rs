//! The `...` menu of a service row and the dialogs of its actions. Each action is offered only
//! where `domain::eligibility` allows it; a refused one says why.

use leptos::prelude::*;

use crate::api::models::PaymentMethod;
use crate::api::{ApiClient, ApiError, ApiErrorKind, PaymentOrder, RenewOrder, RenewalSettings};
use crate::app::{use_app, use_i18n};
use crate::components::dialog::Dialog;
use crate::components::duration_select::duration_select;
use crate::components::error_panel::ErrorPanel;
use crate::components::menu::{menu_keydown, move_menu_focus};
use crate::components::payment_ready::PaymentReady;
use crate::domain::dates::{add_months, period_months};
use crate::domain::eligibility::{cancel_deadline, check, Refusal, Requester, ServiceAction};
use crate::domain::format::date;
use crate::domain::money::Money;
use crate::domain::renewal::{
    automatic_frequencies, charged_method, current_choice, debit_dates, manual_allowed,
    RenewalChoice,
};
use crate::domain::services::ServiceRow;
use crate::i18n::Messages;

/// The actions this console carries out so far (the others join the menu as they are built).
const AVAILABLE: [ServiceAction; 7] = [
    ServiceAction::PayBill,
    ServiceAction::ConfigureRenewal,
    ServiceAction::AnticipatePayment,
    ServiceAction::RenewService,
    ServiceAction::Terminate,
    ServiceAction::CancelTermination,
    ServiceAction::DeleteNow,
];

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
    let id = row.id;
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
            // something (not that the service simply has no bill, no termination or is no hosting).
            let why = verdicts
                .iter()
                .filter_map(|(_, v)| v.clone().err())
                .find(|r| {
                    !matches!(
                        r,
                        Refusal::NoTerminationPending
                            | Refusal::TerminationPending
                            | Refusal::NoBillToPay
                            | Refusal::WebHostingOnly
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
                let label = move || action_label(t(), action);
                view! {
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            on:click=move |_| {
                                // The menu item goes away: focus its button first, so the
                                // dialog gives focus back there when it closes.
                                focus_row_actions(row.id);
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
    let wrapper = NodeRef::<leptos::html::Div>::new();
    // Opening the menu puts focus on its first item (WAI-ARIA menu button pattern).
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(el) = wrapper.get_untracked() {
                    move_menu_focus(&el, "Home");
                }
            });
        }
    });
    view! {
        <div
            class="row-actions"
            node_ref=wrapper
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                menu_keydown(&ev, open, wrapper.get_untracked().map(Into::into), || focus_row_actions(id));
            }
        >
            <button
                type="button"
                id=format!("row-actions-{id}")
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

/// Puts focus on a row's `...` button (after its menu or a dialog closed, or its line was
/// redrawn), unless focus is already somewhere meaningful.
pub fn focus_row_actions(id: u64) {
    crate::components::menu::focus_by_id(&format!("row-actions-{id}"));
}

/// The dialogs of the actions, opened by `request`; `on_done(id, message)` after the API said yes.
#[component]
pub fn ActionDialogs(
    request: RwSignal<Option<ActionRequest>>,
    on_done: Callback<(u64, String)>,
) -> impl IntoView {
    view! {
        <ConfigureRenewalDialog request=request on_done=on_done />
        <TerminateDialog request=request on_done=on_done />
        <ConfirmDialog action=ServiceAction::CancelTermination request=request on_done=on_done />
        <ConfirmDialog action=ServiceAction::DeleteNow request=request on_done=on_done />
        <ConfirmDialog action=ServiceAction::PayBill request=request on_done=on_done />
        <RenewDialog action=ServiceAction::AnticipatePayment request=request />
        <RenewDialog action=ServiceAction::RenewService request=request />
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
    // Within 24 hours of the expiry a termination can no longer be cancelled: do not promise it.
    let explain = move || {
        row().map(|r| {
            let now = requester().now;
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

fn action_label(m: &Messages, action: ServiceAction) -> &'static str {
    match action {
        ServiceAction::Terminate => m.action_terminate,
        ServiceAction::CancelTermination => m.action_cancel_termination,
        ServiceAction::DeleteNow => m.action_delete_now,
        ServiceAction::PayBill => m.action_pay_bill,
        ServiceAction::AnticipatePayment => m.action_anticipate,
        ServiceAction::RenewService => m.action_renew,
        ServiceAction::ConfigureRenewal => m.action_configure,
    }
}

/// Carries out a confirm-only action; a payment order comes back when there is something to pay.
async fn perform(
    api: ApiClient,
    action: ServiceAction,
    row: ServiceRow,
) -> Result<Option<PaymentOrder>, ApiError> {
    match action {
        ServiceAction::CancelTermination => {
            let route = row
                .route_url
                .ok_or_else(|| ApiError::new(ApiErrorKind::Rejected))?;
            api.cancel_termination(&route).await.map(|_| None)
        }
        ServiceAction::DeleteNow => api.delete_hosting_now(&row.reference).await.map(|_| None),
        ServiceAction::PayBill => api.pay_debts().await.map(Some),
        _ => Err(ApiError::new(ApiErrorKind::Rejected)),
    }
}

/// An action confirmed in one step: cancel a termination, delete a hosting, pay a bill.
#[component]
fn ConfirmDialog(
    action: ServiceAction,
    request: RwSignal<Option<ActionRequest>>,
    on_done: Callback<(u64, String)>,
) -> impl IntoView {
    let t = use_i18n();
    let api = use_app().api;
    let open = dialog_open(request, action);
    let send = Action::new_local(move |row: &ServiceRow| perform(api.clone(), action, row.clone()));
    Effect::new(move |_| {
        if open.get() {
            send.value().set(None);
        }
    });
    let row = move || request.get().filter(|r| r.action == action).map(|r| r.row);
    let name = move || row().map(|r| r.display_name).unwrap_or_default();
    // Done: the dialog closes and the row is re-fetched; a payment order stays in the dialog
    // with its link until the user closes it.
    Effect::new(move |_| {
        if let Some(Ok(None)) = send.value().get() {
            let Some(row) = request.with_untracked(|r| r.as_ref().map(|r| r.row.clone())) else {
                return;
            };
            let message = match action {
                ServiceAction::DeleteNow => (t().delete_now_done)(&row.display_name),
                _ => (t().cancel_termination_done)(&row.display_name),
            };
            open.set(false);
            on_done.run((row.id, message));
        }
    });
    let payment = move || match send.value().get() {
        Some(Ok(Some(order))) => Some(order),
        _ => None,
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
            ServiceAction::PayBill => m.pay_bill_explain.to_string(),
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
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if send.pending().get_untracked() || payment().is_some() {
            return;
        }
        if let Some(row) = row() {
            send.dispatch(row);
        }
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p class:warning-text=danger>{explain}</p>
                {move || match send.value().get() {
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }),
                    _ => None,
                }}
                {move || payment().map(|order| view! { <PaymentReady order_id=order.order_id url=order.url /> })}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                    <Show when=move || payment().is_none()>
                        <button
                            type="submit"
                            class="button"
                            class:danger=danger
                            class:primary=!danger
                            disabled=move || send.pending().get()
                        >
                            {move || if send.pending().get() { t().sending } else { confirm_label() }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}

/// Anticipate the payment (automatic renewal) or renew (manual renewal): a duration, the new
/// expiry and the quoted price, then an order to pay.
#[component]
fn RenewDialog(action: ServiceAction, request: RwSignal<Option<ActionRequest>>) -> impl IntoView {
    let t = use_i18n();
    let app = use_app();
    let locale = app.locale;
    let api = app.api;
    let open = dialog_open(request, action);
    let row = move || request.get().filter(|r| r.action == action).map(|r| r.row);
    let durations = RwSignal::new(None::<Result<Vec<String>, ApiError>>);
    let duration = RwSignal::new(String::new());
    let quote = RwSignal::new(None::<Result<RenewOrder, ApiError>>);
    let order = Action::new_local({
        let api = api.clone();
        move |(id, duration): &(u64, String)| {
            let api = api.clone();
            let (id, duration) = (*id, duration.clone());
            async move { api.renew(id, &duration, false).await }
        }
    });
    // On opening: the offered durations, the first one chosen.
    let api_offers = api.clone();
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        durations.set(None);
        duration.set(String::new());
        quote.set(None);
        order.value().set(None);
        let Some(id) = row().map(|r| r.id) else {
            return;
        };
        let api = api_offers.clone();
        leptos::task::spawn_local(async move {
            let result = api.renew_durations(id).await;
            if let Ok(first) = result.as_ref().map(|d| d.first().cloned()) {
                duration.set(first.unwrap_or_default());
            }
            durations.set(Some(result));
        });
    });
    // Each chosen duration is quoted (dry run): nothing is ordered until confirmed.
    let api_quote = api.clone();
    Effect::new(move |_| {
        let chosen = duration.get();
        let Some(id) = row().map(|r| r.id) else {
            return;
        };
        if chosen.is_empty() {
            return;
        }
        quote.set(None);
        let api = api_quote.clone();
        leptos::task::spawn_local(async move {
            let result = api.renew(id, &chosen, true).await;
            if duration.get_untracked() == chosen {
                quote.set(Some(result));
            }
        });
    });
    let title = Signal::derive(move || {
        let name = row().map(|r| r.display_name).unwrap_or_default();
        if action == ServiceAction::AnticipatePayment {
            (t().anticipate_title)(&name)
        } else {
            (t().renew_title)(&name)
        }
    });
    let new_expiry = move || {
        let months = period_months(&duration.get())?;
        let expiry = add_months(row()?.expiration?, months)?;
        Some((t().new_expiry)(&date(expiry, locale.get())))
    };
    let amount = move || match quote.get() {
        Some(Ok(q)) => q
            .price_with_tax
            .as_ref()
            .and_then(Money::from_price)
            .map(|m| view! { <p>{(t().amount_with_tax)(&m.format(locale.get()))}</p> }.into_any()),
        Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
        None => None,
    };
    let ordered = move || matches!(order.value().get(), Some(Ok(_)));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if order.pending().get_untracked() || ordered() {
            return;
        }
        if let Some(row) = row() {
            order.dispatch((row.id, duration.get_untracked()));
        }
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p>
                    {move || {
                        if action == ServiceAction::AnticipatePayment { t().anticipate_explain } else { t().renew_explain }
                    }}
                </p>
                {move || match durations.get() {
                    None => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
                    Some(Ok(list)) => Some(duration_select(list, duration, ordered).into_any()),
                }}
                <p class="emphasis">{new_expiry}</p>
                {amount}
                {move || match order.value().get() {
                    Some(Ok(o)) => Some(view! { <PaymentReady order_id=o.order_id url=o.url /> }.into_any()),
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
                    None => None,
                }}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                    <Show when=move || !ordered()>
                        <button
                            type="submit"
                            class="button primary"
                            disabled=move || order.pending().get() || duration.with(String::is_empty)
                        >
                            {move || if order.pending().get() { t().sending } else { t().to_payment }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}

/// What the wizard loaded when it opened: the service's renewal settings and the account's
/// payment methods (the latter only informs the summary, so its failure does not block).
#[derive(Clone)]
struct WizardData {
    settings: RenewalSettings,
    methods: Result<Vec<PaymentMethod>, ApiError>,
}

/// **Configure renewal**: choose (type, frequency) → summary (debit dates, payment method,
/// expiry) → confirm. Back keeps the choice; the request is sent once.
#[component]
fn ConfigureRenewalDialog(
    request: RwSignal<Option<ActionRequest>>,
    on_done: Callback<(u64, String)>,
) -> impl IntoView {
    let t = use_i18n();
    let app = use_app();
    let locale = app.locale;
    let api = app.api;
    let action = ServiceAction::ConfigureRenewal;
    let open = dialog_open(request, action);
    let row = move || request.get().filter(|r| r.action == action).map(|r| r.row);
    let loaded = RwSignal::new(None::<Result<WizardData, ApiError>>);
    let step = RwSignal::new(1u32);
    let choice = RwSignal::new(None::<RenewalChoice>);
    let send = Action::new_local({
        let api = api.clone();
        move |(row, settings, choice): &(ServiceRow, RenewalSettings, RenewalChoice)| {
            let api = api.clone();
            let (row, settings, choice) = (row.clone(), settings.clone(), *choice);
            async move {
                api.configure_renewal(row.id, row.route_url.as_deref(), &settings, choice)
                    .await
                    .map(|_| (row.id, row.display_name))
            }
        }
    });
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        loaded.set(None);
        step.set(1);
        choice.set(None);
        send.value().set(None);
        let Some(row) = row() else { return };
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let (settings, methods) = futures::join!(
                api.renewal_settings(row.id, row.route_url.as_deref()),
                api.payment_methods()
            );
            let data = settings.map(|settings| {
                let frequencies = automatic_frequencies(&settings.periods);
                choice.set(Some(current_choice(&row, &frequencies)));
                WizardData { settings, methods }
            });
            loaded.set(Some(data));
        });
    });
    Effect::new(move |_| {
        if let Some(Ok((id, name))) = send.value().get() {
            open.set(false);
            on_done.run((id, (t().configure_done)(&name)));
        }
    });
    let title = Signal::derive(move || {
        row()
            .map(|r| (t().configure_title)(&r.display_name))
            .unwrap_or_default()
    });
    let data = move || loaded.get().and_then(Result::ok);
    let unchanged = move || {
        let (Some(row), Some(data), Some(chosen)) = (row(), data(), choice.get()) else {
            return true;
        };
        current_choice(&row, &automatic_frequencies(&data.settings.periods)) == chosen
            && row.renew_mode.is_some()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if step.get_untracked() == 1 {
            if !unchanged() {
                step.set(2);
            }
            return;
        }
        if send.pending().get_untracked() {
            return;
        }
        if let (Some(row), Some(data), Some(chosen)) = (row(), data(), choice.get_untracked()) {
            send.dispatch((row, data.settings, chosen));
        }
    };
    let choose = move || {
        let (row, data) = (row()?, data()?);
        let frequencies = automatic_frequencies(&data.settings.periods);
        let manual_ok = manual_allowed(&row);
        let first = frequencies.first().copied().unwrap_or(12);
        let automatic = move || matches!(choice.get(), Some(RenewalChoice::Automatic { .. }));
        let months = move || match choice.get() {
            Some(RenewalChoice::Automatic { months }) => months.to_string(),
            _ => String::new(),
        };
        Some(view! {
            <fieldset class="field">
                <legend>{move || t().renewal_type_label}</legend>
                <label class="radio">
                    <input type="radio" name="renewal-type" prop:checked=automatic
                        on:change=move |_| choice.set(Some(RenewalChoice::Automatic { months: first })) />
                    {move || t().renewal_automatic}
                </label>
                <label class="radio">
                    <input type="radio" name="renewal-type" disabled=!manual_ok
                        prop:checked=move || choice.get() == Some(RenewalChoice::Manual)
                        on:change=move |_| choice.set(Some(RenewalChoice::Manual)) />
                    {move || t().renewal_manual}
                </label>
                {(!manual_ok).then(|| view! { <p class="muted">{move || t().manual_not_offered}</p> })}
            </fieldset>
            <Show when=automatic>
                <label class="field">
                    <span>{move || t().frequency_label}</span>
                    <select prop:value=months on:change=move |ev| {
                        if let Ok(months) = event_target_value(&ev).parse() {
                            choice.set(Some(RenewalChoice::Automatic { months }));
                        }
                    }>
                        {frequencies.iter().map(|m| {
                            let m = *m;
                            view! { <option value=m.to_string()>{move || (t().every_months)(m)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </Show>
            <p class="muted" role="status">{move || unchanged().then(|| t().already_current)}</p>
        })
    };
    let summary = move || {
        let (row, data, chosen) = (row()?, data()?, choice.get()?);
        let m = t();
        let loc = locale.get();
        let expiry = row.expiration.map(|d| date(d, loc)).unwrap_or_default();
        let body = match chosen {
            RenewalChoice::Automatic { months } => {
                let debits = row
                    .expiration
                    .map(|d| debit_dates(d, months, 3))
                    .unwrap_or_default()
                    .into_iter()
                    .map(|d| view! { <li>{date(d, loc)}</li> })
                    .collect_view();
                let method = match &data.methods {
                    Ok(list) => match charged_method(list) {
                        Some(pm) => {
                            let label = crate::domain::renewal::payment_method_label(pm);
                            view! { <p>{(m.charged_method)(&label)}</p> }.into_any()
                        }
                        None => {
                            view! { <p class="warning-text" role="alert">{m.no_payment_method}</p> }
                                .into_any()
                        }
                    },
                    Err(_) => {
                        view! { <p class="warning-text">{m.payment_method_unknown}</p> }.into_any()
                    }
                };
                view! {
                    <p class="emphasis">{format!("{} · {}", m.renewal_automatic, (m.every_months)(months))}</p>
                    <h3>{m.next_debits_label}</h3>
                    <ul class="dates">{debits}</ul>
                    {method}
                }
                .into_any()
            }
            RenewalChoice::Manual => view! {
                <p class="emphasis">{m.renewal_manual}</p>
                <p class="warning-text">{(m.manual_summary)(&expiry)}</p>
            }
            .into_any(),
        };
        Some(view! {
            <h3>{m.summary_heading}</h3>
            {body}
            <p>{(m.expires_on)(&expiry)}</p>
        })
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p class="muted">{move || (t().step_of)(step.get(), 2)}</p>
                {move || match loaded.get() {
                    None => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
                    Some(Ok(_)) => None,
                }}
                <div hidden=move || step.get() != 1>{choose}</div>
                <div hidden=move || step.get() != 2>{move || (step.get() == 2).then(summary)}</div>
                {move || match send.value().get() {
                    Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }),
                    _ => None,
                }}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().cancel}</button>
                    <Show when=move || step.get() == 2>
                        <button type="button" class="button" on:click=move |_| step.set(1) disabled=move || send.pending().get()>
                            {move || t().previous_step}
                        </button>
                    </Show>
                    <button
                        type="submit"
                        class="button primary"
                        disabled=move || data().is_none() || send.pending().get() || (step.get() == 1 && unchanged())
                    >
                        {move || match (step.get(), send.pending().get()) {
                            (1, _) => t().next_step,
                            (_, true) => t().sending,
                            _ => t().confirm,
                        }}
                    </button>
                </div>
            </form>
        </Dialog>
    }
}
