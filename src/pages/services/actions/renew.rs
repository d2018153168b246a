//! Anticipate the payment (automatic renewal) or renew (manual renewal): a duration, the new
//! expiry and the quoted price, then an order to pay.

use leptos::prelude::*;

use super::{ActionRequest, DialogState, Done, DoneKind, RowWork};
use crate::api::models::Price;
use crate::api::{ApiError, RenewOrder};
use crate::app::{use_app, use_i18n};
use crate::components::dialog::Dialog;
use crate::components::duration_select::duration_select;
use crate::components::error_panel::ErrorPanel;
use crate::domain::dates::{add_months, period_months};
use crate::domain::eligibility::ServiceAction;
use crate::domain::format::date;
use crate::state::use_state;

#[component]
pub fn RenewDialog(
    action: ServiceAction,
    request: RwSignal<Option<ActionRequest>>,
    work: RowWork,
) -> impl IntoView {
    let t = use_i18n();
    let app = use_app();
    let locale = app.locale;
    let api = app.api;
    let clock = use_state().clock;
    let dialog = DialogState::new(request, action, work);
    let open = dialog.open;
    let row = move || request.get().filter(|r| r.action == action).map(|r| r.row);
    let busy = move || row().is_some_and(|r| work.is_busy(r.id));
    let durations = RwSignal::new(None::<Result<Vec<String>, ApiError>>);
    let duration = RwSignal::new(String::new());
    let quote = RwSignal::new(None::<Result<RenewOrder, ApiError>>);
    let ordered = move || {
        dialog
            .shown
            .with(|s| s.as_ref().is_some_and(|s| !s.outcome.may_retry()))
    };
    // On opening: the offered durations, the first one chosen.
    let api_offers = api.clone();
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        durations.set(None);
        duration.set(String::new());
        quote.set(None);
        let Some(id) = row().map(|r| r.id) else {
            return;
        };
        let api = api_offers.clone();
        leptos::task::spawn_local(async move {
            let result = api.renew_durations(id).await;
            if let Ok(first) = result.as_ref().map(|d| d.first().cloned()) {
                duration.try_set(first.unwrap_or_default());
            }
            durations.try_set(Some(result));
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
            let result = api.renew_quote(id, &[id], &chosen).await;
            if duration.try_get_untracked().as_deref() == Some(chosen.as_str()) {
                quote.try_set(Some(result));
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
    let done = move || Done::to(DoneKind::Renewed, row());
    let new_expiry = move || {
        let months = period_months(&duration.get())?;
        let expiry = add_months(row()?.expiration?, months)?;
        Some((t().new_expiry)(&date(expiry, locale.get())))
    };
    let amount =
        move || match quote.get() {
            Some(Ok(q)) => q.price_with_tax.as_ref().and_then(Price::money).map(|m| {
                view! { <p>{(t().amount_with_tax)(&m.format(locale.get()))}</p> }.into_any()
            }),
            Some(Err(error)) => Some(view! { <ErrorPanel error=error /> }.into_any()),
            // Being quoted (a busy API may take a few tries): said, not left blank.
            None if !duration.with(String::is_empty) => {
                Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any())
            }
            None => None,
        };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(row) = row() else { return };
        if busy() || !dialog.may_send() || duration.with_untracked(String::is_empty) {
            return;
        }
        let api = api.clone();
        let chosen = duration.get_untracked();
        let since = clock.now_secs();
        let seen = row.clone();
        work.run(
            &row,
            action,
            done(),
            async move {
                api.renew_order(seen.id, std::slice::from_ref(&seen), &chosen, since)
                    .await
            },
            dialog.deliver(false),
        );
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
                    Some(Ok(list)) => Some(duration_select(list, duration, move || ordered() || busy()).into_any()),
                }}
                <p class="emphasis">{new_expiry}</p>
                {amount}
                {move || dialog.answer(work, row()?.id, done)}
                <div class="dialog-buttons">
                    <button type="button" class="button" on:click=move |_| open.set(false)>{move || t().close}</button>
                    <Show when=move || dialog.may_send()>
                        <button
                            type="submit"
                            class="button primary"
                            disabled=move || busy() || duration.with(String::is_empty)
                        >
                            {move || if busy() { t().sending } else { t().to_payment }}
                        </button>
                    </Show>
                </div>
            </form>
        </Dialog>
    }
}
