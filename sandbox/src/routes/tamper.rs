//! Changes "behind the console's back" (`POST /_sandbox/.../tamper`): what another tab, another
//! console or the provider itself does to the account meanwhile. They are not console mutations:
//! they stay out of `/_sandbox/log` and are listed by `GET /_sandbox/tampers`. Each route checks
//! every field before changing anything, and keeps the two views of a service consistent the way
//! the API's own handlers do.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};

use crate::model::{Autorenew, Lifecycle, LifecycleCurrent};
use crate::reply::{ApiError, Reply};
use crate::routes::{orders, services};
use crate::state::{to_value, Sandbox, SharedState, TamperEntry};
use crate::util;

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/_sandbox/services/{service_id}/tamper", post(service))
        .route("/_sandbox/orders/{order_id}/tamper", post(order))
        .route("/_sandbox/debts/{debt_id}/tamper", post(debt))
        .route("/_sandbox/autorenew", post(autorenew))
        .route("/_sandbox/tampers", get(list))
}

fn bad(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "SANDBOX", message)
}

/// `Some(None)` for an explicit `null`, `None` when the field is absent.
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<(T, Value), ApiError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| bad(format!("Invalid JSON: {e}")))?;
    if v.as_object().is_some_and(|o| o.is_empty()) {
        return Err(bad("Nothing to change: the patch is empty"));
    }
    let patch =
        serde_json::from_value(v.clone()).map_err(|e| bad(format!("Invalid patch: {e}")))?;
    Ok((patch, v))
}

fn date(field: &str, s: &str) -> Result<String, ApiError> {
    util::parse_dt(s).map(|_| s.to_string()).ok_or_else(|| {
        bad(format!(
            "field `{field}`: `{s}` is not an RFC 3339 date-time"
        ))
    })
}

fn tampered(sb: &mut Sandbox, target: &'static str, id: Value, patch: Value) {
    let seq = sb.tampers.last().map(|t| t.seq).unwrap_or(0) + 1;
    let time = util::fmt_dt(sb.now());
    sb.tampers.push(TamperEntry {
        seq,
        time,
        target,
        id,
        patch,
    });
}

fn answer(r: Result<Value, ApiError>) -> Response {
    match r {
        Ok(v) => Reply::json(&v).into_response(),
        Err(e) => e.into_reply().into_response(),
    }
}

async fn list(State(st): State<SharedState>) -> Response {
    Reply::json(&st.lock().tampers).into_response()
}

/// The legacy `serviceInfos.renew` fields, merged into the service's.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RenewPatch {
    automatic: Option<bool>,
    delete_at_expiration: Option<bool>,
    forced: Option<bool>,
    manual_payment: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    period: Option<Option<u32>>,
}

/// `POST /_sandbox/services/{serviceId}/tamper`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ServicePatch {
    renew: Option<RenewPatch>,
    /// `true`: as `PUT /services/{id} {terminationPolicy: terminateAtExpirationDate}`;
    /// `false`: as `{terminationPolicy: empty}`.
    termination_requested: Option<bool>,
    /// `automatic` or `manual`.
    renew_mode: Option<String>,
    /// ISO 8601 duration (`P1M`, `P1Y`): the automatic renewal's period.
    renew_period: Option<String>,
    /// `resource.state`: `active`, `suspended`, `toDelete`, `deleted`... (any string).
    resource_state: Option<String>,
    /// `billing.lifecycle.current.state`: `active`, `unpaid`, `terminated`... (any string).
    lifecycle_state: Option<String>,
    /// RFC 3339: `billing.expirationDate` and `serviceInfos.expiration`.
    expiration_date: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    display_name: Option<Option<String>>,
}

/// `serviceInfos.status` as the seeded data derive it from the two states.
fn infos_status(lifecycle: &str, resource: &str) -> &'static str {
    match lifecycle {
        "unpaid" => "unPaid",
        "terminated" | "unrenewed" => "expired",
        _ if resource == "toActivate" => "inCreation",
        _ => "ok",
    }
}

fn tamper_service(sb: &mut Sandbox, id: u64, patch: ServicePatch) -> Result<Value, ApiError> {
    let idx = services::service_idx(sb, id)?;
    let now = util::fmt_dt(sb.now());
    let renew = patch.renew.unwrap_or_default();
    // The renewal mode: `renew.automatic`, `renew.manualPayment` and `renewMode` must agree.
    let mut mode: Option<bool> = None;
    let mut agree = |source: &str, automatic: Option<bool>| -> Result<(), ApiError> {
        match (mode, automatic) {
            (Some(a), Some(b)) if a != b => Err(bad(format!(
                "field `{source}` contradicts another field of the patch"
            ))),
            (_, Some(b)) => {
                mode = Some(b);
                Ok(())
            }
            _ => Ok(()),
        }
    };
    agree("renew.automatic", renew.automatic)?;
    agree("renew.manualPayment", renew.manual_payment.map(|m| !m))?;
    let from_mode = match patch.renew_mode.as_deref() {
        None => None,
        Some("automatic") => Some(true),
        Some("manual") => Some(false),
        Some(other) => {
            return Err(bad(format!(
                "field `renewMode`: `{other}` is not automatic or manual"
            )))
        }
    };
    agree("renewMode", from_mode)?;
    let period: Option<Option<u32>> = match (&patch.renew_period, renew.period) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "fields `renewPeriod` and `renew.period`: give only one",
            ))
        }
        (Some(p), None) => {
            Some(Some(util::months_of(p).ok_or_else(|| {
                bad(format!("field `renewPeriod`: `{p}` is not a duration"))
            })?))
        }
        (None, p) => p,
    };
    let delete = match (patch.termination_requested, renew.delete_at_expiration) {
        (Some(a), Some(b)) if a != b => {
            return Err(bad(
                "fields `terminationRequested` and `renew.deleteAtExpiration` disagree",
            ))
        }
        (a, b) => a.or(b),
    };
    let expiration = match &patch.expiration_date {
        Some(d) => Some(util::parse_dt(d).ok_or_else(|| {
            bad(format!(
                "field `expirationDate`: `{d}` is not an RFC 3339 date-time"
            ))
        })?),
        None => None,
    };

    let rec = &mut sb.account.services[idx];
    if let Some(exp) = expiration {
        rec.svc.billing.expiration_date = Some(util::fmt_dt(exp));
        rec.infos.expiration = util::fmt_date(exp);
    }
    if mode.is_some() || period.is_some() {
        let cur = rec.infos.renew.clone().unwrap_or_default();
        let automatic = mode.unwrap_or(cur.automatic);
        let period = match period {
            Some(p) => p,
            None => cur.period.or_else(|| {
                rec.infos
                    .possible_renew_period
                    .as_ref()
                    .and_then(|p| p.first().copied())
            }),
        };
        services::apply_renew_mode(rec, automatic, period);
    }
    if let Some(f) = renew.forced {
        rec.infos.renew.get_or_insert_with(Default::default).forced = f;
    }
    if let Some(state) = &patch.lifecycle_state {
        let lifecycle = rec.svc.billing.lifecycle.get_or_insert_with(|| Lifecycle {
            current: LifecycleCurrent {
                state: String::new(),
                creation_date: None,
                termination_date: None,
                pending_actions: Vec::new(),
                extra: Default::default(),
            },
            capacities: None,
            extra: Default::default(),
        });
        let c = &mut lifecycle.current;
        c.state = state.clone();
        if state == "terminated" {
            c.pending_actions.clear();
            c.termination_date.get_or_insert(now);
        }
    }
    if let Some(state) = &patch.resource_state {
        rec.svc.resource.state = state.clone();
    }
    if patch.lifecycle_state.is_some() || patch.resource_state.is_some() {
        let lifecycle = rec
            .svc
            .billing
            .lifecycle
            .as_ref()
            .map(|l| l.current.state.as_str())
            .unwrap_or("active");
        rec.infos.status = infos_status(lifecycle, &rec.svc.resource.state).into();
    }
    match delete {
        Some(on) => services::apply_delete_at_expiration(rec, on),
        None => {
            // A moved expiration moves the pending termination with it.
            let exp = rec.svc.billing.expiration_date.clone();
            if let Some(c) = rec.lifecycle_current_mut() {
                if expiration.is_some()
                    && c.pending_actions
                        .iter()
                        .any(|a| a == "terminateAtExpirationDate")
                {
                    c.termination_date = exp;
                }
            }
            services::refresh_next_date(rec);
        }
    }
    if let Some(name) = patch.display_name {
        rec.svc.resource.display_name = name;
    }
    sb.account.touch(idx);
    let rec = &sb.account.services[idx];
    Ok(json!({ "service": to_value(&rec.svc), "serviceInfos": to_value(&rec.infos) }))
}

async fn service(State(st): State<SharedState>, Path(id): Path<String>, body: Bytes) -> Response {
    answer((|| -> Result<Value, ApiError> {
        let id = crate::routes::parse_id("serviceId", &id)?;
        let (patch, raw) = parse::<ServicePatch>(&body)?;
        let mut sb = st.lock();
        let out = tamper_service(&mut sb, id, patch)?;
        tampered(&mut sb, "service", json!(id), raw);
        Ok(out)
    })())
}

/// `POST /_sandbox/orders/{orderId}/tamper`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OrderPatch {
    /// Any status (`cancelling`, `cancelled`, `delivered`...), as a retraction or the provider.
    status: Option<String>,
    /// `true`: paid elsewhere, as the sandbox payment page (renewals, bill, debts settled).
    pay: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    retraction_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    expiration_date: Option<Option<String>>,
}

fn tamper_order(sb: &mut Sandbox, id: u64, patch: OrderPatch) -> Result<Value, ApiError> {
    let not_found = || ApiError::not_found(&format!("orderId = {id}"));
    sb.account.order_index(id).ok_or_else(not_found)?;
    if patch.pay == Some(true) && patch.status.is_some() {
        return Err(bad("fields `pay` and `status`: paying sets the status"));
    }
    let check = |field, d: &Option<Option<String>>| -> Result<(), ApiError> {
        match d {
            Some(Some(s)) => date(field, s).map(|_| ()),
            _ => Ok(()),
        }
    };
    check("retractionDate", &patch.retraction_date)?;
    check("expirationDate", &patch.expiration_date)?;
    let idx = sb.account.order_index(id).ok_or_else(not_found)?;
    let rec = &mut sb.account.orders[idx];
    if let Some(d) = patch.retraction_date {
        rec.order.retraction_date = d;
    }
    if let Some(d) = patch.expiration_date {
        rec.order.expiration_date = d;
    }
    if let Some(s) = patch.status {
        rec.status = s;
    }
    if patch.pay == Some(true) {
        orders::pay_order(sb, id).map_err(ApiError::conflict)?;
    }
    let idx = sb.account.order_index(id).ok_or_else(not_found)?;
    let rec = &sb.account.orders[idx];
    Ok(json!({ "order": to_value(&rec.order), "status": rec.status }))
}

async fn order(State(st): State<SharedState>, Path(id): Path<String>, body: Bytes) -> Response {
    answer((|| -> Result<Value, ApiError> {
        let id = crate::routes::parse_id("orderId", &id)?;
        let (patch, raw) = parse::<OrderPatch>(&body)?;
        let mut sb = st.lock();
        let out = tamper_order(&mut sb, id, patch)?;
        tampered(&mut sb, "order", json!(id), raw);
        Ok(out)
    })())
}

/// `POST /_sandbox/debts/{debtId}/tamper`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DebtPatch {
    /// `true`: settled elsewhere (status `PAID`, amounts 0, its order paid).
    paid: Option<bool>,
}

async fn debt(State(st): State<SharedState>, Path(id): Path<String>, body: Bytes) -> Response {
    answer((|| -> Result<Value, ApiError> {
        let id = crate::routes::parse_id("debtId", &id)?;
        let (patch, raw) = parse::<DebtPatch>(&body)?;
        let mut sb = st.lock();
        if !sb.account.debts.iter().any(|d| d.debt_id == id) {
            return Err(ApiError::not_found(&format!("debtId = {id}")));
        }
        if patch.paid != Some(true) {
            return Err(bad("field `paid`: only `true` is supported"));
        }
        orders::settle_debt(&mut sb, id, None);
        tampered(&mut sb, "debt", json!(id), raw);
        let d = sb.account.debts.iter().find(|d| d.debt_id == id);
        Ok(to_value(&d))
    })())
}

/// `POST /_sandbox/autorenew`: `{active?, renewDay?}` merged into `/me/autorenew` (created when
/// unset, then `renewDay` is required), or `null` to unset it (`GET /me/autorenew` → 404).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AutorenewPatch {
    active: Option<bool>,
    renew_day: Option<u32>,
}

async fn autorenew(State(st): State<SharedState>, body: Bytes) -> Response {
    answer((|| -> Result<Value, ApiError> {
        let raw: Value =
            serde_json::from_slice(&body).map_err(|e| bad(format!("Invalid JSON: {e}")))?;
        if raw.is_null() {
            let mut sb = st.lock();
            sb.account.autorenew = None;
            tampered(&mut sb, "autorenew", Value::Null, raw);
            return Ok(Value::Null);
        }
        let (patch, raw) = parse::<AutorenewPatch>(&body)?;
        if let Some(d) = patch.renew_day {
            if !(1..=29).contains(&d) {
                return Err(bad(format!(
                    "field `renewDay`: {d} is not between 1 and 29"
                )));
            }
        }
        let mut sb = st.lock();
        let a = match sb.account.autorenew.as_mut() {
            Some(a) => a,
            None => {
                let Some(day) = patch.renew_day else {
                    return Err(bad(
                        "field `renewDay`: required while the account has no autorenew",
                    ));
                };
                sb.account.autorenew.insert(Autorenew {
                    active: false,
                    renew_day: day,
                    last_renew: None,
                    extra: Default::default(),
                })
            }
        };
        if let Some(b) = patch.active {
            a.active = b;
        }
        if let Some(d) = patch.renew_day {
            a.renew_day = d;
        }
        let out = to_value(&sb.account.autorenew);
        tampered(&mut sb, "autorenew", Value::Null, raw);
        Ok(out)
    })())
}
