//! **Configure renewal**: choose (type, frequency) → summary (debit dates, payment method,
//! expiry) → confirm. Back keeps the choice; the change is sent once, with only what the
//! customer chose (see `api::mutations`).

use leptos::prelude::*;

use super::{ActionRequest, DialogState, Done, DoneKind, RowWork};
use crate::api::{ApiError, RenewalSettings, Settled};
use crate::app::{use_app, use_i18n};
use crate::components::dialog::Dialog;
use crate::components::error_panel::ErrorPanel;
use crate::domain::eligibility::ServiceAction;
use crate::domain::format::date;
use crate::domain::outcome::Outcome;
use crate::domain::renewal::PaymentMethod;
use crate::domain::renewal::{
    automatic_frequencies, charged_method, current_choice, debit_dates, manual_allowed,
    payment_method_label, RenewalChoice,
};
use crate::domain::services::ServiceRow;

/// What the wizard loaded when it opened: the service's renewal settings and the account's
/// payment methods (the latter only informs the summary, so its failure does not block).
#[derive(Clone)]
struct WizardData {
    settings: RenewalSettings,
    methods: Result<Vec<PaymentMethod>, ApiError>,
}

fn frequencies(row: &ServiceRow, data: &WizardData) -> Vec<u32> {
    automatic_frequencies(
        &data.settings.periods,
        data.settings.view.period_months.or(row.period_months),
    )
}

#[component]
pub fn ConfigureRenewalDialog(
    request: RwSignal<Option<ActionRequest>>,
    work: RowWork,
) -> impl IntoView {
    let t = use_i18n();
    let app = use_app();
    let locale = app.locale;
    let api = app.api;
    let action = ServiceAction::ConfigureRenewal;
    let dialog = DialogState::new(request, action, work);
    let open = dialog.open;
    let row = move || request.get().filter(|r| r.action == action).map(|r| r.row);
    let busy = move || row().is_some_and(|r| work.is_busy(r.id));
    let loaded = RwSignal::new(None::<Result<WizardData, ApiError>>);
    let step = RwSignal::new(1u32);
    let choice = RwSignal::new(None::<RenewalChoice>);
    let done = move || Done::to(DoneKind::Configured, row());
    let api_load = api.clone();
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        loaded.set(None);
        step.set(1);
        choice.set(None);
        let Some(row) = row() else { return };
        let api = api_load.clone();
        let deliver = dialog.deliver(false);
        let done = done();
        leptos::task::spawn_local(async move {
            let route = row.legacy_url();
            let (settings, methods) = futures::join!(
                api.renewal_settings(row.id, route.as_deref()),
                api.payment_methods()
            );
            let data = settings.map(|settings| WizardData { settings, methods });
            if let Ok(data) = &data {
                // The table may be older than the API: a termination requested or a renewal
                // switched elsewhere since it loaded stops the wizard, and the line is re-read.
                if let Some(changed) = data.settings.view.changed_since(&row.renew_view()) {
                    let settled = Settled {
                        outcome: Outcome::Changed(changed),
                        recheck: None,
                    };
                    work.settled(row.id, action, done, settled.clone());
                    deliver(settled);
                    return;
                }
                choice.try_set(Some(current_choice(&row, &frequencies(&row, data))));
            }
            loaded.try_set(Some(data));
        });
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
        current_choice(&row, &frequencies(&row, &data)) == chosen && row.renew_mode.is_some()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if step.get_untracked() == 1 {
            if !unchanged() {
                step.set(2);
            }
            return;
        }
        if busy() || !dialog.may_send() {
            return;
        }
        let (Some(row), Some(data), Some(chosen)) = (row(), data(), choice.get_untracked()) else {
            return;
        };
        let api = api.clone();
        let (id, route, seen) = (row.id, row.legacy_url(), data.settings.view);
        work.run(
            &row,
            action,
            done(),
            async move {
                api.configure_renewal(id, route.as_deref(), seen, chosen)
                    .await
            },
            dialog.deliver(true),
        );
    };
    let choose = move || {
        let (row, data) = (row()?, data()?);
        Some(choice_step(&row, &data, choice, unchanged))
    };
    let summary = move || {
        let (row, data, chosen) = (row()?, data()?, choice.get()?);
        Some(summary_step(&row, &data, chosen, t(), locale.get()))
    };
    let stopped = move || {
        dialog
            .shown
            .with(|s| s.as_ref().is_some_and(|s| !s.outcome.may_retry()))
    };
    view! {
        <Dialog open=open title=title>
            <form class="dialog-form" on:submit=on_submit>
                <p class="muted">{move || (t().step_of)(step.get(), 2)}</p>
                {move || match (loaded.get(), stopped()) {
                    (_, true) => None,
                    (None, _) => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
                    (Some(Err(error)), _) => Some(view! { <ErrorPanel error=error /> }.into_any()),
                    (Some(Ok(_)), _) => None,
                }}
                <div hidden=move || step.get() != 1 || stopped()>{choose}</div>
                <div hidden=move || step.get() != 2 || stopped()>{move || (step.get() == 2).then(summary)}</div>
                {move || dialog.answer(work, row()?.id, done)}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().cancel}</button>
                    <Show when=move || step.get() == 2 && !stopped()>
                        <button type="button" class="button" on:click=move |_| {
                            step.set(1);
                            // The step's first field (the chosen type) takes focus again.
                            crate::components::focus::focus_after_render("dialog[open] input[type=radio]:checked");
                        } disabled=busy>
                            {move || t().previous_step}
                        </button>
                    </Show>
                    <Show when=move || !stopped()>
                        <button
                            type="submit"
                            class="button primary"
                            disabled=move || data().is_none() || busy() || (step.get() == 1 && unchanged())
                        >
                            {move || match (step.get(), busy()) {
                                (1, _) => t().next_step,
                                (_, true) => t().sending,
                                _ => t().confirm,
                            }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}

/// Step 1: automatic (with its frequency) or manual renewal, manual only where offered.
fn choice_step(
    row: &ServiceRow,
    data: &WizardData,
    choice: RwSignal<Option<RenewalChoice>>,
    unchanged: impl Fn() -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_i18n();
    let frequencies = frequencies(row, data);
    let manual_ok = manual_allowed(row);
    let first = frequencies.first().copied().unwrap_or(12);
    let automatic = move || matches!(choice.get(), Some(RenewalChoice::Automatic { .. }));
    let months = move || match choice.get() {
        Some(RenewalChoice::Automatic { months }) => months.to_string(),
        _ => String::new(),
    };
    view! {
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
    }
}

/// Step 2: what the choice means: the next debits and the payment method charged, or the date
/// the service expires without a manual renewal.
fn summary_step(
    row: &ServiceRow,
    data: &WizardData,
    chosen: RenewalChoice,
    m: &'static crate::i18n::Messages,
    loc: crate::domain::Locale,
) -> impl IntoView {
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
                        let label = payment_method_label(pm, m.payment_type);
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
    view! {
        <h3>{m.summary_heading}</h3>
        {body}
        <p>{(m.expires_on)(&expiry)}</p>
    }
}
