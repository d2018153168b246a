//! `/me/autorenew`, `/me/bill`, `/me/payment/method`, `/me/debtAccount`.

use axum::http::Method;
use serde_json::{json, Value};

use crate::iceberg::{self, Items};
use crate::model::*;
use crate::reply::{ApiError, ApiResult, Reply};
use crate::routes::orders::{self, in_date_range};
use crate::routes::ApiReq;
use crate::state::Sandbox;

fn renew_day(body: &Value) -> Result<Option<u32>, ApiError> {
    match body.get("renewDay") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => match v.as_u64() {
            Some(d) if (1..=29).contains(&d) => Ok(Some(d as u32)),
            _ => Err(ApiError::bad_request(format!(
                "[renewDay] Given data ({v}) is not valid: a day between 1 and 29 is expected"
            ))),
        },
    }
}

pub fn autorenew(sb: &mut Sandbox, req: &ApiReq) -> ApiResult {
    let not_set = || ApiError::not_found("autorenew");
    match *req.method {
        Method::GET | Method::HEAD => sb
            .account
            .autorenew
            .as_ref()
            .map(Reply::json)
            .ok_or_else(not_set),
        Method::POST => {
            let Some(day) = renew_day(req.body)? else {
                return Err(ApiError::bad_request("Missing parameter: renewDay"));
            };
            if sb.account.autorenew.as_ref().is_some_and(|a| a.active) {
                return Err(ApiError::conflict(
                    "Automatic renewal is already activated on this account",
                ));
            }
            sb.account.autorenew = Some(Autorenew {
                active: true,
                renew_day: day,
                last_renew: None,
                extra: Default::default(),
            });
            Ok(Reply::null())
        }
        Method::PUT => {
            let day = renew_day(req.body)?;
            let active = match req.body.get("active") {
                None | Some(Value::Null) => None,
                Some(Value::Bool(b)) => Some(*b),
                Some(v) => {
                    return Err(ApiError::bad_request(format!(
                        "[active] Given data ({v}) is not valid for type boolean"
                    )))
                }
            };
            let Some(a) = sb.account.autorenew.as_mut() else {
                return Err(not_set());
            };
            if let Some(d) = day {
                a.renew_day = d;
            }
            if let Some(b) = active {
                a.active = b;
            }
            Ok(Reply::null())
        }
        _ => Err(ApiError::not_found(req.path)),
    }
}

pub fn bills(sb: &mut Sandbox, req: &ApiReq) -> ApiResult {
    let page = crate::routes::page_of(sb, req)?;
    let order_id = match req.query("orderId") {
        None | Some("") => None,
        Some(v) => Some(crate::routes::parse_id("orderId", v)?),
    };
    let bills = &sb.account.bills;
    let mut candidates = Vec::new();
    for (i, b) in bills.iter().enumerate() {
        if in_date_range(req, Some(&b.date))? && order_id.is_none_or(|o| b.order_id == Some(o)) {
            candidates.push(i);
        }
    }
    let coll = Items {
        items: bills,
        id: |b: &Bill| json!(b.bill_id),
    };
    Ok(iceberg::respond(&page, candidates, &coll))
}

pub fn bill(sb: &mut Sandbox, id: &str) -> ApiResult {
    sb.account
        .bills
        .iter()
        .find(|b| b.bill_id == id)
        .map(Reply::json)
        .ok_or_else(|| ApiError::not_found(&format!("billId = {id}")))
}

pub fn payment_methods(sb: &mut Sandbox, req: &ApiReq) -> ApiResult {
    let page = crate::routes::page_of(sb, req)?;
    let pms = &sb.account.payment_methods;
    let ty = req.query("paymentType");
    let status = req.query("status");
    let default = req.query("default");
    let candidates = (0..pms.len())
        .filter(|&i| {
            let p = &pms[i];
            ty.is_none_or(|t| p.payment_type == t)
                && status.is_none_or(|s| p.status == s)
                && default.is_none_or(|d| p.is_default.to_string() == d)
        })
        .collect();
    let coll = Items {
        items: pms,
        id: |p: &PaymentMethod| json!(p.payment_method_id),
    };
    Ok(iceberg::respond(&page, candidates, &coll))
}

pub fn payment_method(sb: &mut Sandbox, id: u64) -> ApiResult {
    sb.account
        .payment_methods
        .iter()
        .find(|p| p.payment_method_id == id)
        .map(Reply::json)
        .ok_or_else(|| ApiError::not_found(&format!("paymentMethodId = {id}")))
}

fn pending(d: &Debt) -> bool {
    d.status != "PAID" && d.todo_amount.cents() > 0
}

pub fn debt_account(sb: &mut Sandbox) -> ApiResult {
    let debts = &sb.account.debts;
    let sum = |f: fn(&Debt) -> i64| Price::eur(debts.iter().map(f).sum());
    Ok(Reply::json(&json!({
        "active": debts.iter().any(pending),
        "dueAmount": sum(|d| d.due_amount.cents()),
        "pendingAmount": sum(|d| d.pending_amount.cents()),
        "todoAmount": sum(|d| d.todo_amount.cents()),
        "unmaturedAmount": sum(|d| d.unmatured_amount.as_ref().map(Price::cents).unwrap_or(0)),
    })))
}

pub fn debts(sb: &mut Sandbox) -> ApiResult {
    let ids: Vec<u64> = sb.account.debts.iter().map(|d| d.debt_id).collect();
    Ok(Reply::json(&ids))
}

pub fn debt(sb: &mut Sandbox, id: u64) -> ApiResult {
    sb.account
        .debts
        .iter()
        .find(|d| d.debt_id == id)
        .map(Reply::json)
        .ok_or_else(|| ApiError::not_found(&format!("debtId = {id}")))
}

/// `POST /me/debtAccount/pay` (`debt = None`) or `/me/debtAccount/debt/{id}/pay`.
pub fn pay_debts(sb: &mut Sandbox, debt: Option<u64>, body: &Value) -> ApiResult {
    let order_ids: Option<Vec<u64>> = match body.get("orderIds") {
        None | Some(Value::Null) => None,
        Some(Value::Array(a)) => Some(
            a.iter()
                .map(|v| {
                    v.as_u64().ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "[orderIds] Given data ({v}) is not valid for type long"
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "[orderIds] Given data ({v}) is not valid for type long[]"
            )))
        }
    };
    if let Some(pm) = body.get("paymentMethodId").filter(|v| !v.is_null()) {
        let id = pm.as_u64().ok_or_else(|| {
            ApiError::bad_request(format!(
                "[paymentMethodId] Given data ({pm}) is not valid for type long"
            ))
        })?;
        match sb
            .account
            .payment_methods
            .iter()
            .find(|p| p.payment_method_id == id)
        {
            None => return Err(ApiError::not_found(&format!("paymentMethodId = {id}"))),
            Some(p) if p.status != "VALID" => {
                return Err(ApiError::bad_request(format!(
                    "The payment method {id} cannot be used (status {})",
                    p.status
                )))
            }
            _ => {}
        }
    }
    let selected: Vec<Debt> = match debt {
        Some(id) => {
            let d = sb
                .account
                .debts
                .iter()
                .find(|d| d.debt_id == id)
                .ok_or_else(|| ApiError::not_found(&format!("debtId = {id}")))?;
            if !pending(d) {
                return Err(ApiError::bad_request(format!(
                    "The debt {id} is already paid"
                )));
            }
            vec![d.clone()]
        }
        None => {
            if let Some(ids) = &order_ids {
                for o in ids {
                    if !sb.account.debts.iter().any(|d| d.order_id == *o) {
                        return Err(ApiError::bad_request(format!(
                            "There is no debt for order {o}"
                        )));
                    }
                }
            }
            sb.account
                .debts
                .iter()
                .filter(|d| pending(d))
                .filter(|d| {
                    order_ids
                        .as_ref()
                        .is_none_or(|ids| ids.contains(&d.order_id))
                })
                .cloned()
                .collect()
        }
    };
    if selected.is_empty() {
        return Err(ApiError::bad_request("There is no debt to pay"));
    }
    let mut detail_id = sb.account.next_detail_id();
    let details: Vec<OrderDetail> = selected
        .iter()
        .map(|d| {
            let without = (d.todo_amount.cents() as f64 / 1.2).round() as i64;
            detail_id += 1;
            OrderDetail {
                order_detail_id: detail_id - 1,
                description: format!(
                    "Règlement de la dette n°{} (commande {})",
                    d.debt_id, d.order_id
                ),
                detail_type: Some("OTHER".into()),
                domain: "*001".into(),
                quantity: "1".into(),
                unit_price: Price::eur(without),
                total_price: Price::eur(without),
                cancelled: false,
                extra: Default::default(),
            }
        })
        .collect();
    let effect = OrderEffect {
        services: Vec::new(),
        duration: None,
        debt_ids: selected.iter().map(|d| d.debt_id).collect(),
    };
    let order = orders::create_order(sb, details, effect);
    Ok(Reply::json(&order))
}
