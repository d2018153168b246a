//! Above the orders table: the search, the status and date filters, the switch of the expired
//! orders, and the notice of statuses that could not be read.

use leptos::prelude::*;

use super::STATUSES;
use crate::api::models::OrderStatus;
use crate::app::{use_app, use_orders_i18n};
use crate::components::error_panel::ErrorPanel;
use crate::components::popup::FilterPopup;
use crate::components::table::list_toggle;
use crate::domain::format::integer;
use crate::domain::orders::{OrderQuery, OrdersView};
use crate::state::OrdersStore;

/// The orders whose status could not be read, with a retry of those alone; or the sign-in the
/// status requests need.
pub(super) fn statuses_notice(store: OrdersStore) -> impl IntoView {
    let t = use_orders_i18n();
    let locale = use_app().locale;
    view! {
    <div role="status">
        {move || {
            let failed = store.statuses_failed.with(Vec::len);
            let error = store.statuses_error.get();
            match error {
                Some(error) if error.needs_sign_in() => Some(view! { <ErrorPanel error=error /> }.into_any()),
                _ if failed > 0 && !store.statuses_loading.get() => Some(view! {
                    <div class="notice-warn">
                        <p>{move || (t().statuses_missing)(&integer(failed as u64, locale.get()))}</p>
                        <button type="button" class="button" on:click=move |_| store.retry_statuses()>{move || t().retry_missing}</button>
                    </div>
                }.into_any()),
                _ => None,
            }
        }}
    </div>
    }
}

/// The search (an order number), the filters and, when any is in effect, clearing them.
pub(super) fn toolbar<U>(
    query: Memo<OrderQuery>,
    view_model: Memo<OrdersView>,
    update: U,
) -> impl IntoView
where
    U: Fn(&dyn Fn(&mut OrderQuery), bool) + Copy + Send + Sync + 'static,
{
    let t = use_orders_i18n();
    view! {
    <div class="toolbar" role="search">
        <label class="search">
            <span>{move || t().orders_search_label}</span>
            <input
                type="search"
                inputmode="numeric"
                prop:value=move || query.with(|q| q.search.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    update(&|q| q.search = text.clone(), true);
                }
            />
        </label>
        <StatusFilter query=query view_model=view_model update=update />
        {date_field(move || t().orders_from, move || query.with(|q| q.from), move |day| update(&|q| q.from = day, false))}
        {date_field(move || t().orders_to, move || query.with(|q| q.to), move |day| update(&|q| q.to = day, false))}
        {list_toggle(
            "checkbox",
            move || t().orders_show_expired,
            move || query.with(|q| q.show_expired),
            move |on| update(&|q| q.show_expired = on, false),
        )}
        <Show when=move || query.with(OrderQuery::has_filters)>
            <button type="button" class="link-button" on:click=move |_| update(&|q| {
                let size = q.page_size;
                *q = OrderQuery { page_size: size, ..OrderQuery::default() };
            }, false)>
                {move || t().clear_filters}
            </button>
        </Show>
    </div>
    }
}

/// The status filter: one checkbox per status, with the count it would give.
#[component]
fn StatusFilter<U>(
    query: Memo<OrderQuery>,
    view_model: Memo<OrdersView>,
    update: U,
) -> impl IntoView
where
    U: Fn(&dyn Fn(&mut OrderQuery), bool) + Copy + Send + Sync + 'static,
{
    let t = use_orders_i18n();
    let locale = use_app().locale;
    let active = move || query.with(|q| q.statuses.len());
    // Statuses this build does not know, as the API sent them: the options are redrawn only
    // when this set changes, not at each count update (an open menu keeps its focus).
    let unknown_statuses = Memo::new(move |_| {
        view_model.with(|v| {
            v.status_counts
                .keys()
                .filter(|k| !STATUSES.contains(&k.as_str()))
                .cloned()
                .collect::<Vec<String>>()
        })
    });
    let open = RwSignal::new(false);
    let summary = ViewFn::from(move || {
        view! {
            {move || t().orders_col_status}
            {move || (active() > 0).then(|| view! { <span class="filter-count">{active()}</span> })}
        }
    });
    view! {
        <FilterPopup open=open summary=summary>
            <fieldset>
                <legend class="visually-hidden">{move || t().orders_col_status}</legend>
                // The known statuses, then any other value the API sent (shown as it came), so
                // that every order can be filtered on.
                {move || {
                    let extra = unknown_statuses.get();
                    STATUSES
                        .iter()
                        .map(|k| k.to_string())
                        .chain(extra)
                        .map(|key| {
                            let status = OrderStatus::from_key(&key);
                            let count_key = key.clone();
                            let label = move || {
                                let n = view_model
                                    .with(|v| v.status_counts.get(&count_key).copied().unwrap_or(0));
                                format!("{} ({})", (t().order_status)(&status), integer(n as u64, locale.get()))
                            };
                            let checked_key = key.clone();
                            view! {
                                <label class="checkbox">
                                    <input
                                        type="checkbox"
                                        prop:checked=move || query.with(|q| q.statuses.contains(&checked_key))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let key = key.clone();
                                            update(&move |q| {
                                                if on {
                                                    q.statuses.insert(key.clone());
                                                } else {
                                                    q.statuses.remove(&key);
                                                }
                                            }, false);
                                        }
                                    />
                                    {label}
                                </label>
                            }
                        })
                        .collect_view()
                }}
            </fieldset>
        </FilterPopup>
    }
}

/// A date filter: its label, the day in effect and what choosing one does (none when cleared).
fn date_field(
    label: impl Fn() -> &'static str + Send + Sync + 'static,
    day: impl Fn() -> Option<chrono::NaiveDate> + Send + Sync + 'static,
    choose: impl Fn(Option<chrono::NaiveDate>) + 'static,
) -> impl IntoView {
    view! {
        <label class="date-field">
            <span>{label}</span>
            <input
                type="date"
                prop:value=move || day().map(|d| d.to_string()).unwrap_or_default()
                on:change=move |ev| choose(event_target_value(&ev).parse().ok())
            />
        </label>
    }
}
