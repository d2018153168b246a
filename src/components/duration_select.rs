//! The "Durée" field of a renewal: the offered ISO durations, shown in months.

use leptos::prelude::*;

use crate::app::use_i18n;
use crate::domain::dates::period_months;

/// A labelled select over `offers` (ISO durations such as `P1M`, `P1Y`), bound to `duration`.
/// Call it inside a reactive closure: the labels are read in the current language.
pub fn duration_select(
    offers: Vec<String>,
    duration: RwSignal<String>,
    disabled: impl Fn() -> bool + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_i18n();
    let options = offers
        .into_iter()
        .map(|d| {
            let label = period_months(&d)
                .map(|m| (t().months)(m))
                .unwrap_or_else(|| d.clone());
            view! { <option value=d>{label}</option> }
        })
        .collect_view();
    view! {
        <label class="field">
            <span>{move || t().duration_label}</span>
            <select
                prop:value=move || duration.get()
                on:change=move |ev| duration.set(event_target_value(&ev))
                disabled=disabled
            >
                {options}
            </select>
        </label>
    }
}
