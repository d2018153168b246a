//! "My orders": the list (date, number, status, amount incl. tax; expired orders hidden), with
//! search, status and date filters, sort and pages held in the URL; each order's tracking,
//! its HTML order form (`form`) and the 14-day withdrawal.

mod dialogs;
pub mod form;
mod toolbar;

use leptos::prelude::*;

use self::dialogs::{TrackingDialog, WithdrawDialog};
use self::toolbar::{statuses_notice, toolbar};
use crate::api::models::OrderStatus;
use crate::app::{use_app, use_orders_i18n, use_query_navigator, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::components::menu::{focus_by_id, use_menu, MenuButton};
use crate::components::payment_ready::site_origin;
use crate::components::table::{Pager, PagerState, SortHeader};
use crate::components::tooltip::Tooltip;
use crate::domain::format::{date, integer};
use crate::domain::orders::{
    list_view, status_load_order, withdrawal, OrderQuery, OrderRow, OrderSort, OrdersView,
    StatusTone,
};
use crate::i18n::OrdersMessages;
use crate::router::use_page_query;

/// The statuses the filter offers, in the order of an order's life.
const STATUSES: [&str; 8] = [
    "notPaid",
    "checking",
    "documentsRequested",
    "delivering",
    "delivered",
    "cancelling",
    "cancelled",
    "unknown",
];

/// The server's clock, as the time rules need it (tracked).
pub(crate) fn server_now() -> chrono::DateTime<chrono::Utc> {
    crate::state::use_state().clock.now()
}

pub(crate) fn status_class(status: Option<&OrderStatus>) -> &'static str {
    match status.map(OrderStatus::tone) {
        None => "badge",
        Some(StatusTone::Info) => "badge info",
        Some(StatusTone::Success) => "badge ok",
        Some(StatusTone::Warning) => "badge warn",
        Some(StatusTone::Error) => "badge error",
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let t = use_orders_i18n();
    let app = use_app();
    let locale = app.locale;
    let state = crate::state::use_state();
    let store = state.orders;
    store.ensure_loaded();
    let rows = store.rows;
    // The order withdrawn, worded when drawn (a language switch words it again).
    let withdrawn = RwSignal::new(None::<u64>);

    // The query, from the URL.
    let params = use_page_query();
    let query = Memo::new(move |_| params.with(|p| OrderQuery::from_params(|k| p.get(k))));

    // Once the list is there: each order's status (a few at a time, the orders on screen first).
    let clock = state.clock;
    Effect::new(move |_| {
        if store.status.get() != crate::state::LoadStatus::Ready {
            return;
        }
        let now = clock.now();
        let ids = rows.with_untracked(|loaded| {
            let on_screen: Vec<u64> = query
                .with_untracked(|q| list_view(loaded, q, now))
                .rows
                .iter()
                .map(|&i| loaded[i].id)
                .collect();
            status_load_order(loaded, &on_screen, now)
        });
        store.load_statuses(ids);
    });

    let navigator = use_query_navigator("/orders");
    let set_query = StoredValue::new(move |next: OrderQuery, typing: bool| {
        navigator.with_value(|go| go(next.to_params(), typing));
    });
    let update = move |change: &dyn Fn(&mut OrderQuery), typing: bool| {
        let mut next = query.get_untracked();
        change(&mut next);
        next.page = 1;
        set_query.with_value(|set| set(next, typing));
    };

    let view_model: Memo<OrdersView> =
        Memo::new(move |_| rows.with(|r| query.with(|q| list_view(r, q, server_now()))));
    let pager_state = Signal::derive(move || {
        let size = query.with(|q| q.page_size);
        view_model.with(|v| PagerState {
            page: v.page,
            page_count: v.page_count,
            page_size: size,
            first: v.first_index,
            shown: v.rows.len(),
            total: v.matching,
        })
    });
    let on_page = Callback::new(move |page: usize| {
        let mut next = query.get_untracked();
        next.page = page;
        set_query.with_value(|set| set(next, false));
    });
    let on_size = Callback::new(move |size: usize| {
        update(&|q| q.page_size = size, false);
    });

    let tracking = RwSignal::new(None::<u64>);
    let withdraw = RwSignal::new(None::<OrderRow>);
    let on_withdrawn = Callback::new(
        move |(id, status, applied): (u64, Option<OrderStatus>, bool)| {
            if applied {
                withdrawn.set(Some(id));
            }
            if let Some(status) = status {
                store.set_status(id, status);
            }
            request_animation_frame(move || focus_by_id(&format!("order-actions-{id}")));
        },
    );

    let count_text = move || {
        let l = locale.get();
        let v = view_model.get();
        let mut text = (t().orders_count)(&integer(v.matching as u64, l));
        if v.hidden_expired > 0 {
            text.push_str(" · ");
            text.push_str(&(t().orders_expired_hidden)(&integer(
                v.hidden_expired as u64,
                l,
            )));
        }
        text
    };

    view! {
        <section class="page">
            <h1 data-title=move || {
                let n = view_model.with(|v| v.matching);
                format!("{} ({})", t().orders_heading, integer(n as u64, locale.get()))
            }>{move || t().orders_heading}</h1>
            <p class="notice-ok" role="status">{move || withdrawn.get().map(|id| (t().withdraw_done)(&id.to_string()))}</p>
            <TrackingDialog order=tracking />
            <WithdrawDialog request=withdraw on_done=on_withdrawn />
            {move || match store.status.get() {
                crate::state::LoadStatus::Idle | crate::state::LoadStatus::Loading => Some(view! { <p aria-busy="true">{move || t().loading}</p> }.into_any()),
                crate::state::LoadStatus::Failed(error) => Some(
                    view! { <ErrorPanel error=error on_retry=Callback::new(move |_| store.reload()) /> }.into_any(),
                ),
                crate::state::LoadStatus::Ready => None,
            }}
            <crate::components::load_progress::OrdersMissingNotice />
            {statuses_notice(store)}
            {toolbar(query, view_model, update)}
            <p class="muted" aria-live="polite">{count_text}</p>
            {orders_table(query, view_model, rows, tracking, withdraw, update)}
            <Show when=move || view_model.with(|v| v.matching == 0) && store.status.get() == crate::state::LoadStatus::Ready>
                <p class="empty">{move || t().orders_none}</p>
            </Show>
            <Pager state=pager_state on_page=on_page on_size=on_size />
        </section>
    }
}

/// The table: sortable headers and one line per order of the page.
fn orders_table<U>(
    query: Memo<OrderQuery>,
    view_model: Memo<OrdersView>,
    rows: RwSignal<Vec<OrderRow>>,
    tracking: RwSignal<Option<u64>>,
    withdraw: RwSignal<Option<OrderRow>>,
    update: U,
) -> impl IntoView
where
    U: Fn(&dyn Fn(&mut OrderQuery), bool) + Copy + Send + Sync + 'static,
{
    let t = use_orders_i18n();
    let lines = move || {
        let v = view_model.get();
        rows.with(|rows| {
            v.rows
                .iter()
                .filter_map(|&i| rows.get(i).cloned())
                .collect::<Vec<_>>()
        })
    };
    let sort_header = move |column: OrderSort, label: fn(&OrdersMessages) -> &'static str| {
        view! {
            <SortHeader
                label=Signal::derive(move || label(t()))
                sorted=Signal::derive(move || query.with(|q| (q.sort == column).then_some(q.descending)))
                on_sort=Callback::new(move |()| update(&|q| {
                    q.descending = if q.sort == column { !q.descending } else { column == OrderSort::Date };
                    q.sort = column;
                }, false))
            />
        }
    };
    view! {
    <div class="table-scroll">
        <table class="data-table orders-table" aria-label=move || t().orders_table_label>
            <thead>
                <tr>
                    {sort_header(OrderSort::Date, |m| m.orders_col_date)}
                    {sort_header(OrderSort::Number, |m| m.orders_col_number)}
                    {sort_header(OrderSort::Status, |m| m.orders_col_status)}
                    {sort_header(OrderSort::Amount, |m| m.orders_col_amount)}
                    <th scope="col"><span class="visually-hidden">{move || t().col_actions}</span></th>
                </tr>
            </thead>
            <tbody>
                <For
                    each=lines
                    key=|row| row.id
                    children=move |row| {
                        // The status arrives after the line: only it changes, so an open
                        // menu stays open while statuses load.
                        let id = row.id;
                        let status = Memo::new(move |_| {
                            rows.with(|rows| rows.iter().find(|r| r.id == id).and_then(|r| r.status.clone()))
                        });
                        view! { <OrderLine row=row status=status tracking=tracking withdraw=withdraw /> }
                    }
                />
            </tbody>
        </table>
    </div>
    }
}

/// One order: date, number (to its HTML form), status (opens the tracking, explained on hover
/// and focus), amount incl. tax, and the `...` menu.
#[component]
fn OrderLine(
    row: OrderRow,
    status: Memo<Option<OrderStatus>>,
    tracking: RwSignal<Option<u64>>,
    withdraw: RwSignal<Option<OrderRow>>,
) -> impl IntoView {
    let t = use_orders_i18n();
    let locale = use_app().locale;
    let id = row.id;
    let number = id.to_string();
    let tip_id = format!("order-status-tip-{id}");
    let day = row.day();
    let amount = row.price_with_tax.clone();
    let status_label = move || match status.get() {
        Some(s) => (t().order_status)(&s),
        None => "…".to_string(),
    };
    let tip = move || status.get().map(|s| (t().order_status_help)(&s));
    view! {
        <tr>
            <td>{move || day.map(|d| date(d, locale.get())).unwrap_or_default()}</td>
            <th scope="row">
                <NavLink href=format!("/orders/{id}")>{number.clone()}</NavLink>
            </th>
            <td class="status-cell">
                <Tooltip id=tip_id.clone() text=Signal::derive(tip)>
                    <button
                        type="button"
                        class=move || format!("{} status-button", status_class(status.get().as_ref()))
                        aria-describedby=tip_id.clone()
                        // While its status is read the button shows "…": named for what it is.
                        aria-label=move || status.with(Option::is_none).then(|| t().loading)
                        on:click=move |_| tracking.set(Some(id))
                    >
                        {status_label}
                    </button>
                </Tooltip>
            </td>
            <td class="amount">{move || amount.as_ref().map(|m| m.format(locale.get())).unwrap_or_default()}</td>
            <td><OrderActions row=row status=status tracking=tracking withdraw=withdraw /></td>
        </tr>
    }
}

/// The `...` menu of an order: HTML order form, tracking, and the withdrawal where offered.
#[component]
fn OrderActions(
    row: OrderRow,
    status: Memo<Option<OrderStatus>>,
    tracking: RwSignal<Option<u64>>,
    withdraw: RwSignal<Option<OrderRow>>,
) -> impl IntoView {
    let t = use_orders_i18n();
    let id = row.id;
    let label = Signal::derive(move || (t().order_actions_for)(&id.to_string()));
    // Evaluated when the menu opens, with the status known then.
    let row_for_pay = row.clone();
    let can_withdraw = move || {
        let mut row = row.clone();
        row.status = status.get_untracked();
        withdrawal(&row, row.status.as_ref(), server_now())
            .is_ok()
            .then_some(row)
    };
    // An unpaid order not yet expired: its payment page (the provider's order page).
    let pay_href = {
        let row = row_for_pay;
        move || {
            let status = status.get_untracked();
            crate::domain::orders::payable(&row, status.as_ref(), server_now())
                .then(|| row.url.as_ref().and_then(|u| u.safe_href(&site_origin())))
                .flatten()
        }
    };
    view! {
        <MenuButton id=format!("order-actions-{id}") label=label>
            {
                let (pay_href, can_withdraw) = (pay_href.clone(), can_withdraw.clone());
                move || {
                    let menu = use_menu();
                    view! {
                        {pay_href().map(|href| view! {
                            <li role="none">
                                <a href=href role="menuitem" tabindex="-1" target="_blank" rel="noopener noreferrer external">{move || t().order_pay}</a>
                            </li>
                        })}
                        <li role="none">
                            <NavLink href=format!("/orders/{id}") attr:role="menuitem" attr:tabindex="-1">{move || t().order_view_html}</NavLink>
                        </li>
                        <li role="none">
                            <button type="button" role="menuitem" tabindex="-1" on:click=move |_| {
                                menu.close();
                                tracking.set(Some(id));
                            }>
                                {move || t().order_tracking}
                            </button>
                        </li>
                        {can_withdraw().map(|row| view! {
                            <li role="none">
                                <button type="button" role="menuitem" tabindex="-1" on:click=move |_| {
                                    menu.close();
                                    withdraw.set(Some(row.clone()));
                                }>
                                    {move || t().order_withdraw}
                                </button>
                            </li>
                        })}
                    }
                }
            }
        </MenuButton>
    }
}
