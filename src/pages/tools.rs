//! What the tools pages (export, batch, renew, align) share: the selected services from the
//! services store, and who is acting and when.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::domain::eligibility::Requester;
use crate::domain::services::ServiceRow;
use crate::state::{use_state, LoadStatus};

/// The selected services (`None` while the services or the account load).
pub(crate) type SelectedServices = Memo<Option<Result<Vec<ServiceRow>, ApiError>>>;

/// The services of the selection, from the services store (loaded once for every page).
pub(crate) fn load_selected_services() -> SelectedServices {
    let state = use_state();
    state.services.ensure_loaded();
    Memo::new(move |_| {
        if let Some(Err(error)) = state.account.me.get() {
            return Some(Err(error));
        }
        if !state.selection.ready() {
            return None;
        }
        match state.services.status.get() {
            LoadStatus::Failed(error) => Some(Err(error)),
            LoadStatus::Ready => state.selection.ids.with(|ids| {
                state.services.index.with(|index| {
                    Some(Ok(index
                        .0
                        .rows
                        .iter()
                        .filter(|r| ids.contains(&r.id))
                        .cloned()
                        .collect()))
                })
            }),
            LoadStatus::Idle | LoadStatus::Loading => None,
        }
    })
}

/// Who acts, for eligibility: the account's customer code (rights) once `/me` answered, and the
/// server's clock. Reactive: call it inside a memo.
pub(crate) fn requester() -> impl Fn() -> Option<Requester> + Copy + 'static {
    let state = use_state();
    move || state.account.requester(state.clock.now()).ok()
}

/// A selected service's name (its id when not loaded).
pub(crate) fn name_in(rows: SelectedServices, id: u64) -> String {
    rows.with(|r| match r {
        Some(Ok(rows)) => rows
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.display_name.to_string()),
        _ => None,
    })
    .unwrap_or_else(|| id.to_string())
}

/// While the selection loads, if it failed, or if it is empty: what to show instead of the page.
/// Services of the selection that could not be loaded are said, with a retry for them alone.
pub(crate) fn selection_state(rows: SelectedServices) -> impl IntoView {
    let t = crate::app::use_tools_i18n();
    let store = use_state().services;
    view! {
        {move || match rows.get() {
            None => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
            Some(Err(error)) => {
                Some(view! { <crate::components::error_panel::ErrorPanel error=error /> }.into_any())
            }
            Some(Ok(list)) if list.is_empty() && store.report.with(|r| r.is_whole()) => {
                Some(view! { <p class="empty">{move || t().batch_empty_selection}</p> }.into_any())
            }
            Some(Ok(_)) => None,
        }}
        <crate::components::load_progress::ServicesMissingNotice />
    }
}
