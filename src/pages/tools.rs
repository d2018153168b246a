//! What the tools pages (export, batch, renew, align) share: the selection the services table
//! handed over, the selected services loaded from the API, and who is acting and when.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::app::use_app;
use crate::domain::eligibility::Requester;
use crate::domain::services::ServiceRow;
use crate::pages::services::stored_selection;

/// The selected services, loaded from the API (`None` while loading).
pub(crate) type SelectedServices = RwSignal<Option<Result<Vec<ServiceRow>, ApiError>>>;

/// Starts loading the services of the selection; the signal fills in when done.
pub(crate) fn load_selected_services() -> SelectedServices {
    let rows: SelectedServices = RwSignal::new(None);
    let selection = stored_selection();
    let api = use_app().api;
    leptos::task::spawn_local(async move {
        let mut loaded = Vec::new();
        let result = api
            .load_services(|page, _| {
                loaded.extend(
                    page.iter()
                        .filter(|s| selection.contains(&s.service_id))
                        .map(ServiceRow::from_service),
                )
            })
            .await;
        rows.set(Some(result.map(|_| loaded)));
    });
    rows
}

/// Who acts, for eligibility: the account's customer code (rights) once `/me` answered, and the
/// server's clock. Reactive: call it inside a memo.
pub(crate) fn requester() -> impl Fn() -> Option<Requester> + Copy + 'static {
    let app = use_app();
    let (nic, offset) = (app.nic, app.clock_offset_ms);
    move || {
        Some(Requester {
            nic: nic.get()?,
            now: chrono::DateTime::from_timestamp(
                ((js_sys::Date::now() + offset.get()) / 1000.0) as i64,
                0,
            )
            .unwrap_or_default(),
        })
    }
}

/// A selected service's name (its id when not loaded).
pub(crate) fn name_in(rows: SelectedServices, id: u64) -> String {
    rows.with(|r| match r {
        Some(Ok(rows)) => rows
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.display_name.clone()),
        _ => None,
    })
    .unwrap_or_else(|| id.to_string())
}

/// While the selection loads, if it failed, or if it is empty: what to show instead of the page.
pub(crate) fn selection_state(rows: SelectedServices) -> impl IntoView {
    let t = crate::app::use_tools_i18n();
    move || match rows.get() {
        None => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
        Some(Err(error)) => {
            Some(view! { <crate::components::error_panel::ErrorPanel error=error /> }.into_any())
        }
        Some(Ok(list)) if list.is_empty() => {
            Some(view! { <p class="empty">{move || t().batch_empty_selection}</p> }.into_any())
        }
        Some(Ok(_)) => None,
    }
}
