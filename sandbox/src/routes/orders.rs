//! `/me/order/...`, order creation and payment.

use chrono::Duration;
use serde_json::{json, Value};

use crate::iceberg;
use crate::model::*;
use crate::reply::{ApiError, ApiResult, Reply};
use crate::routes::services;
use crate::routes::ApiReq;
use crate::seed;
use crate::state::Sandbox;
use crate::util;

pub const RETRACTION_REASONS: &[&str] = &[
    "competitor",
    "difficulty",
    "expensive",
    "other",
    "performance",
    "reliability",
    "unused",
];

/// `date.from` / `date.to` query filters on an optional date.
pub fn in_date_range(req: &ApiReq, date: Option<&str>) -> Result<bool, ApiError> {
    let parse = |k: &str| -> Result<Option<chrono::DateTime<chrono::FixedOffset>>, ApiError> {
        match req.query(k) {
            None | Some("") => Ok(None),
            Some(v) => util::parse_dt(v).map(Some).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "[{k}] Given data ({v}) is not valid for type datetime"
                ))
            }),
        }
    };
    let from = parse("date.from")?;
    let to = parse("date.to")?;
    if from.is_none() && to.is_none() {
        return Ok(true);
    }
    let Some(d) = date.and_then(util::parse_dt) else {
        return Ok(false);
    };
    Ok(from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
}

/// `GET /me/order` objects: like `iceberg::Items`, except that orders flagged `sandboxNullInList` are
/// `null` entries, as the real API sends some.
struct OrderList<'a>(&'a [OrderRecord]);

impl iceberg::Collection for OrderList<'_> {
    fn id(&self, i: usize) -> Value {
        json!(self.0[i].order.order_id)
    }
    fn value(&self, i: usize) -> Value {
        if self.0[i].sandbox_null_in_list {
            return Value::Null;
        }
        serde_json::to_value(&self.0[i].order).unwrap_or(Value::Null)
    }
    fn write_json(&self, i: usize, out: &mut String) {
        if self.0[i].sandbox_null_in_list {
            out.push_str("null");
            return;
        }
        out.push_str(&serde_json::to_string(&self.0[i].order).unwrap_or_else(|_| "null".into()));
    }
}

pub fn list(sb: &mut Sandbox, req: &ApiReq) -> ApiResult {
    let page = crate::routes::page_of(sb, req)?;
    let orders = &sb.account.orders;
    let mut candidates = Vec::new();
    for (i, o) in orders.iter().enumerate() {
        if in_date_range(req, o.order.date.as_deref())? {
            candidates.push(i);
        }
    }
    Ok(iceberg::respond(&page, candidates, &OrderList(orders)))
}

fn record(sb: &Sandbox, id: u64) -> Result<&OrderRecord, ApiError> {
    sb.account
        .order_index(id)
        .map(|i| &sb.account.orders[i])
        .ok_or_else(|| ApiError::not_found(&format!("orderId = {id}")))
}

pub fn get(sb: &mut Sandbox, id: u64) -> ApiResult {
    Ok(Reply::json(&record(sb, id)?.order))
}

pub fn status(sb: &mut Sandbox, id: u64) -> ApiResult {
    Ok(Reply::json(&record(sb, id)?.status))
}

/// `GET /me/order/{id,id,…}/status` with `X-Ovh-Batch: <separator>`: the API's batch mode
/// (undocumented; the provider's panel uses it on many routes). One `{key, value, error}` per
/// key, in the order asked; a key the API has no order for gets its error and a null value.
pub fn status_batch(sb: &mut Sandbox, keys: &str, separator: &str) -> ApiResult {
    let items: Vec<Value> = keys
        .split(separator)
        .map(
            |key| match super::parse_id("orderId", key).and_then(|id| record(sb, id)) {
                Ok(rec) => json!({ "key": key, "value": rec.status, "error": null }),
                Err(e) => json!({ "key": key, "value": null, "error": e.message }),
            },
        )
        .collect();
    Ok(Reply::json(&items))
}

pub fn details(sb: &mut Sandbox, id: u64) -> ApiResult {
    let ids: Vec<u64> = record(sb, id)?
        .details
        .iter()
        .map(|d| d.order_detail_id)
        .collect();
    Ok(Reply::json(&ids))
}

pub fn detail(sb: &mut Sandbox, id: u64, detail_id: u64) -> ApiResult {
    record(sb, id)?
        .details
        .iter()
        .find(|d| d.order_detail_id == detail_id)
        .map(Reply::json)
        .ok_or_else(|| ApiError::not_found(&format!("orderDetailId = {detail_id}")))
}

pub fn follow_up(sb: &mut Sandbox, id: u64) -> ApiResult {
    let r = record(sb, id)?;
    if r.follow_up.is_empty() {
        return Err(ApiError::not_found(&format!("followUp of orderId = {id}")));
    }
    Ok(Reply::json(&r.follow_up))
}

pub fn payment_methods(sb: &mut Sandbox, id: u64) -> ApiResult {
    record(sb, id)?;
    let registered: Vec<u64> = sb
        .account
        .payment_methods
        .iter()
        .filter(|p| p.status == "VALID")
        .map(|p| p.payment_method_id)
        .collect();
    let available = json!([
        { "paymentType": "CREDIT_CARD", "paymentSubType": null, "icon": { "name": "credit_card", "data": null, "url": null }, "integration": "IFRAME_VANTIV", "oneshot": true, "registerable": true, "registerableWithTransaction": true },
        { "paymentType": "PAYPAL", "paymentSubType": null, "icon": { "name": "paypal", "data": null, "url": null }, "integration": "REDIRECT", "oneshot": true, "registerable": true, "registerableWithTransaction": true },
        { "paymentType": "SEPA_DIRECT_DEBIT", "paymentSubType": null, "icon": { "name": "sepa_direct_debit", "data": null, "url": null }, "integration": "REDIRECT", "oneshot": false, "registerable": true, "registerableWithTransaction": false }
    ]);
    Ok(Reply::json(
        &json!({ "available": available, "registered": registered }),
    ))
}

pub fn retraction(sb: &mut Sandbox, id: u64, body: &Value) -> ApiResult {
    let now = sb.now();
    let idx = sb
        .account
        .order_index(id)
        .ok_or_else(|| ApiError::not_found(&format!("orderId = {id}")))?;
    let reason = body.get("reason").and_then(Value::as_str);
    let Some(reason) = reason else {
        return Err(ApiError::bad_request("Missing parameter: reason"));
    };
    if !RETRACTION_REASONS.contains(&reason) {
        return Err(ApiError::bad_request(format!(
            "[reason] Given data ({reason}) does not belong to the enum {}",
            RETRACTION_REASONS.join(", ")
        )));
    }
    if let Some(c) = body.get("comment") {
        if !c.is_null() && !c.is_string() {
            return Err(ApiError::bad_request(
                "[comment] Given data is not valid for type string",
            ));
        }
    }
    let rec = &mut sb.account.orders[idx];
    let deadline = rec
        .order
        .retraction_date
        .as_deref()
        .and_then(util::parse_dt);
    match deadline {
        Some(d) if d > now => {}
        _ => {
            return Err(ApiError::forbidden(
                "The withdrawal period for this order has ended: it can no longer be retracted",
            ))
        }
    }
    if matches!(rec.status.as_str(), "cancelled" | "cancelling") {
        return Err(ApiError::conflict("This order is already being cancelled"));
    }
    rec.status = "cancelling".into();
    Ok(Reply::null())
}

/// Creates a `notPaid` order whose `url` is the sandbox payment page.
pub fn create_order(sb: &mut Sandbox, details: Vec<OrderDetail>, effect: OrderEffect) -> Order {
    let id = sb.account.next_order_id();
    let password = sb.token_rng.alnum(8);
    let now = sb.now();
    let (_, pdf) = seed::order_urls(id, &password);
    let url = format!("/_sandbox/pay/{id}?password={password}");
    let order = seed::make_order(id, &password, now, details.clone(), url, pdf);
    sb.account.orders.push(OrderRecord {
        order: order.clone(),
        status: "notPaid".into(),
        details,
        follow_up: seed::follow_up_for("notPaid", now),
        sandbox_effect: Some(effect),
        sandbox_null_in_list: false,
        extra: Default::default(),
    });
    sb.account.orders.sort_by_key(|o| o.order.order_id);
    order
}

/// Pays an order: delivered, tracking done, a bill, and its effect (renewals, debts settled).
pub fn pay_order(sb: &mut Sandbox, id: u64) -> Result<(), String> {
    let now = sb.now();
    let Some(idx) = sb.account.order_index(id) else {
        return Err(format!("Order {id} does not exist"));
    };
    let rec = &sb.account.orders[idx];
    if rec.status != "notPaid" {
        return Err(format!(
            "Order {id} is not awaiting payment (status {})",
            rec.status
        ));
    }
    if rec
        .order
        .expiration_date
        .as_deref()
        .and_then(util::parse_dt)
        .is_some_and(|e| e < now)
    {
        return Err(format!("Order {id} has expired and can no longer be paid"));
    }
    let rec = &mut sb.account.orders[idx];
    rec.status = "delivered".into();
    let date = rec
        .order
        .date
        .as_deref()
        .and_then(util::parse_dt)
        .unwrap_or(now);
    rec.follow_up = seed::follow_up_for("delivered", date);
    for step in &mut rec.follow_up {
        for h in &mut step.history {
            if util::parse_dt(&h.date).is_some_and(|d| d > now) {
                h.date = util::fmt_dt(now);
            }
        }
    }
    let effect = rec.sandbox_effect.clone().unwrap_or_default();
    let order = rec.order.clone();
    let bill_no = sb
        .account
        .bills
        .iter()
        .filter_map(|b| {
            b.bill_id
                .strip_prefix("FR")
                .and_then(|n| n.parse::<u64>().ok())
        })
        .max()
        .unwrap_or(41_000_000)
        + 1;
    let pw = sb.token_rng.alnum(6);
    sb.account.bills.push(seed::bill_for(
        format!("FR{bill_no}"),
        &pw,
        &order,
        now + Duration::seconds(1),
    ));
    sb.account.bills.sort_by(|a, b| a.bill_id.cmp(&b.bill_id));
    services::extend_services(
        &mut sb.account,
        &effect.services,
        effect.duration.as_deref(),
    );
    for debt_id in &effect.debt_ids {
        settle_debt(sb, *debt_id, Some(id));
    }
    Ok(())
}

/// Settles a debt (status `PAID`, amounts 0) and pays the order it came from, unless that order
/// is `paying_order`, the one settling it.
pub fn settle_debt(sb: &mut Sandbox, debt_id: u64, paying_order: Option<u64>) {
    let Some(d) = sb.account.debts.iter_mut().find(|d| d.debt_id == debt_id) else {
        return;
    };
    let currency = d.amount.currency_code.clone();
    let zero = Price {
        currency_code: currency,
        ..Price::eur(0)
    };
    d.status = "PAID".into();
    d.due_amount = zero.clone();
    d.todo_amount = zero.clone();
    d.pending_amount = zero;
    let debt_order = d.order_id;
    if Some(debt_order) != paying_order {
        // Settling a debt pays the order it came from (and renews its services).
        let _ = pay_order(sb, debt_order);
    }
}
