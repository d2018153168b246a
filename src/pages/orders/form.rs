//! `Voir la commande au format HTML`: a printable order form built from the API (number, dates,
//! billing contact, lines, totals checked against the API's, payment methods), with a print
//! stylesheet. The provider's own HTML/PDF links carry the order's password: they are opened in
//! a new tab without referrer, and never put in this app's URL.

use leptos::prelude::*;

use super::dialogs::date_time;
use super::status_class;
use crate::api::models::{Me, MeDetails, Order, OrderStatus};
use crate::api::orders::OrderPaymentMethods;
use crate::api::ApiError;
use crate::app::{use_app, use_orders_i18n, NavLink};
use crate::components::error_panel::ErrorPanel;
use crate::components::payment_ready::site_origin;
use crate::domain::orders::{totals, DetailRow, OrderRow};
use crate::domain::renewal::charged_method;
use crate::domain::renewal::PaymentMethod;

/// Everything the form shows; only the order itself is required. A part that could not be read
/// stays an error: shown as not read, never as a fact ("no default method").
#[derive(Clone)]
struct OrderForm {
    order: OrderRow,
    status: Result<OrderStatus, ApiError>,
    /// Each line in the API's order; one not read stays an error (the others are shown).
    details: Result<Vec<Result<DetailRow, ApiError>>, ApiError>,
    me: Result<MeDetails, ApiError>,
    methods: Result<OrderPaymentMethods, ApiError>,
    registered: Result<Vec<PaymentMethod>, ApiError>,
}

impl OrderForm {
    /// Whether a part could not be read (the list of lines, a line, or another part).
    fn incomplete(&self) -> bool {
        self.details
            .as_ref()
            .map_or(true, |lines| lines.iter().any(Result::is_err))
            || self.status.is_err()
            || self.me.is_err()
            || self.methods.is_err()
            || self.registered.is_err()
    }
}

/// `me` is the account's `/me` as the console has it: read again only if it has no answer yet, or
/// an error.
async fn load_form(
    api: crate::api::ApiClient,
    id: u64,
    me: Option<Result<Me, ApiError>>,
) -> Result<OrderForm, ApiError> {
    let order: Order = api.order(id).await?;
    let (status, details, me, methods, registered) = futures::join!(
        api.order_status(id),
        api.order_details(id),
        async {
            match me {
                Some(Ok(me)) => me.details(),
                _ => api.me().await?.details(),
            }
        },
        api.order_payment_methods(id),
        api.payment_methods()
    );
    Ok(OrderForm {
        order: OrderRow::from(&order),
        status,
        details,
        me,
        methods,
        registered,
    })
}

#[component]
pub fn OrderFormPage() -> impl IntoView {
    let t = use_orders_i18n();
    let (api, locale) = (use_app().api, use_app().locale);
    // `/orders/<id>`. While the next page's chunk loads after leaving (this page stays on screen
    // until it is there), the path is another page's: the order shown stays.
    let pathname = crate::router::use_location().pathname;
    let id = Memo::new(move |shown: Option<&Option<u64>>| {
        pathname.with(|p| match p.strip_prefix("/orders/") {
            Some(id) => id.trim_end_matches('/').parse::<u64>().ok(),
            None => shown.copied().flatten(),
        })
    });
    let id = move || id.get();
    let account = crate::state::use_state().account;
    let form = LocalResource::new(move || {
        let api = api.clone();
        let id = id();
        let me = account.me.get_untracked();
        async move {
            match id {
                Some(id) => load_form(api, id, me).await,
                None => Err(ApiError::new(crate::api::ApiErrorKind::NotFound)),
            }
        }
    });
    view! {
        <section class="page order-form">
            <p class="no-print">
                <NavLink href="/orders">{move || t().back_to_orders}</NavLink>
            </p>
            {move || match form.get() {
                None => view! { <p aria-busy="true">{move || t().loading}</p> }.into_any(),
                Some(Err(error)) => view! { <ErrorPanel error=error on_retry=Callback::new(move |_| form.refetch()) /> }.into_any(),
                Some(Ok(body)) => {
                    // The form's texts, dates and amounts are drawn for one language: drawn again
                    // when it changes.
                    locale.track();
                    view! { <FormBody form=body on_retry=Callback::new(move |_| form.refetch()) /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn FormBody(
    form: OrderForm,
    /// Reads the form again (when a part could not be read).
    on_retry: Callback<()>,
) -> impl IntoView {
    let t = use_orders_i18n();
    let locale = use_app().locale;
    let m = t();
    let loc = locale.get_untracked();
    let incomplete = form.incomplete();
    let order = form.order;
    let money = move |v: &Option<crate::domain::money::Money>| {
        v.as_ref().map(|m| m.format(loc)).unwrap_or_default()
    };
    let all_lines = form.details.clone().unwrap_or_default();
    let unread_lines = all_lines.iter().filter(|l| l.is_err()).count();
    let details: Vec<DetailRow> = all_lines.into_iter().filter_map(Result::ok).collect();
    // The totals are the order's own; the lines are checked against them only when all were read.
    let sums = totals(&order, if unread_lines == 0 { &details } else { &[] });
    let lines = details
        .iter()
        .map(|line| {
            let description = match &line.domain {
                Some(domain) if !domain.is_empty() && domain != "*" => format!("{} — {domain}", line.description),
                _ => line.description.clone(),
            };
            view! {
                <tr class:cancelled=line.cancelled>
                    <td>{description}{line.cancelled.then(|| view! { <span class="badge">{m.order_line_cancelled}</span> })}</td>
                    <td class="amount">{line.quantity.clone()}</td>
                    <td class="amount">{money(&line.unit_price)}</td>
                    <td class="amount">{money(&line.amount)}</td>
                </tr>
            }
        })
        .collect_view();
    let mismatch = sums.check.as_ref().filter(|c| c.mismatch).map(|c| {
        view! {
            <p class="warning-text" role="alert">
                {(m.order_totals_mismatch)(&c.computed.format(loc), &c.api.format(loc))}
            </p>
        }
    });
    let not_read = || view! { <p class="notice-warn">{m.order_part_unread}</p> };
    let contact = form.me.as_ref().ok().map(|me| {
        let name = [me.firstname.clone(), me.name.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <dl class="facts">
                <dt>{m.account_nic}</dt><dd>{me.nichandle.clone()}</dd>
                <dt>{m.order_contact_name}</dt><dd>{name}</dd>
                <dt>{m.account_email}</dt><dd>{me.email.clone().unwrap_or_default()}</dd>
                <dt>{m.account_country}</dt><dd>{me.country.clone().unwrap_or_default()}</dd>
            </dl>
        }
    });
    let default_method =
        form.registered
            .as_ref()
            .ok()
            .map(|registered| match charged_method(registered) {
                Some(pm) => crate::domain::renewal::payment_method_label(pm, m.payment_type),
                None => m.order_no_default_method.to_string(),
            });
    let available = form.methods.as_ref().ok().map(|pm| {
        pm.available
            .iter()
            .map(|a| view! { <li>{(m.payment_type)(&a.payment_type)}</li> })
            .collect_view()
    });
    let provider_links = {
        // Links from the API only with a safe scheme (never `javascript:`, never plain `http:`
        // to another host: the URL carries the order's password).
        let origin = site_origin();
        let html = order.url.as_ref().and_then(|u| u.safe_href(&origin));
        let pdf = order.pdf_url.as_ref().and_then(|u| u.safe_href(&origin));
        view! {
            {html.map(|href| view! { <a href=href target="_blank" rel="noopener noreferrer external">{m.order_provider_html}</a> })}
            {pdf.map(|href| view! { <a href=href target="_blank" rel="noopener noreferrer external">{m.order_provider_pdf}</a> })}
        }
    };
    // An unpaid order that has not expired is paid on the provider's order page.
    let now = super::server_now();
    let payable = crate::domain::orders::payable(&order, form.status.as_ref().ok(), now);
    let pay_link = order
        .url
        .as_ref()
        .filter(|_| payable)
        .and_then(|u| u.safe_href(&site_origin()))
        .map(|href| {
            view! { <a class="button primary" href=href target="_blank" rel="noopener noreferrer external">{m.order_pay}</a> }
        });
    let incomplete = incomplete.then(|| {
        view! {
            <div class="notice-warn no-print" role="alert">
                <p>{m.order_incomplete}</p>
                <button type="button" class="button" on:click=move |_| on_retry.run(())>{m.retry}</button>
            </div>
        }
    });
    let status_badge = form.status.as_ref().ok().map(|s| {
        view! { <span class=status_class(Some(s))>{(m.order_status)(s)}</span> }
    });
    view! {
        <header class="form-head">
            <h1>{(m.order_form_title)(&order.id.to_string())}</h1>
            {status_badge}
        </header>
        {incomplete}
        <div class="no-print form-actions">
            {pay_link}
            <button type="button" class=if payable { "button" } else { "button primary" } on:click=move |_| {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            }>{m.print}</button>
            {provider_links}
        </div>
        <dl class="facts">
            <dt>{m.order_created}</dt><dd>{order.date.map(|d| date_time(d, loc)).unwrap_or_default()}</dd>
            <dt>{m.order_expires}</dt><dd>{order.expiration.map(|d| date_time(d, loc)).unwrap_or_default()}</dd>
        </dl>
        <section aria-labelledby="billing-contact">
            <h2 id="billing-contact">{m.order_billing_contact}</h2>
            {contact.map(|c| c.into_any()).unwrap_or_else(|| not_read().into_any())}
        </section>
        <section aria-labelledby="order-lines">
            <h2 id="order-lines">{m.order_lines}</h2>
            // The list of lines not read: said here, the retry is the notice's at the top.
            {form.details.is_err().then(not_read)}
            {(unread_lines > 0).then(|| view! { <p class="notice-warn">{(m.order_lines_unread)(unread_lines)}</p> })}
            <div class="table-scroll">
            <table class="data-table lines">
                <thead>
                    <tr>
                        <th scope="col">{m.order_col_product}</th>
                        <th scope="col" class="amount">{m.order_col_quantity}</th>
                        <th scope="col" class="amount">{m.order_col_unit_price}</th>
                        <th scope="col" class="amount">{m.order_col_total}</th>
                    </tr>
                </thead>
                <tbody>{lines}</tbody>
                <tfoot>
                    <tr><th scope="row" colspan="3">{m.order_without_tax}</th><td class="amount">{money(&sums.without_tax)}</td></tr>
                    <tr><th scope="row" colspan="3">{m.order_tax}</th><td class="amount">{money(&sums.tax)}</td></tr>
                    <tr class="grand-total"><th scope="row" colspan="3">{m.order_with_tax}</th><td class="amount">{money(&sums.with_tax)}</td></tr>
                </tfoot>
            </table>
            </div>
            {mismatch}
        </section>
        <section aria-labelledby="payment">
            <h2 id="payment">{m.order_payment}</h2>
            {match default_method {
                Some(method) => view! { <p>{(m.order_default_method)(&method)}</p> }.into_any(),
                None => not_read().into_any(),
            }}
            <h3>{m.order_available_methods}</h3>
            {match available {
                Some(list) => view! { <ul>{list}</ul> }.into_any(),
                None => not_read().into_any(),
            }}
        </section>
    }
}
