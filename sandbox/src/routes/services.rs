//! `/services`, `{route.url}/serviceInfos`, `/service/{id}/renew`, terminations.

use serde_json::{json, Map, Value};

use crate::iceberg::{self, Collection};
use crate::model::*;
use crate::reply::{ApiError, ApiResult, Reply};
use crate::routes::orders;
use crate::routes::ApiReq;
use crate::seed;
use crate::state::{Account, Sandbox, ServiceRec};
use crate::util;

struct ServicesColl<'a>(&'a Account);

impl Collection for ServicesColl<'_> {
    fn id(&self, i: usize) -> Value {
        json!(self.0.services[i].svc.service_id)
    }
    fn value(&self, i: usize) -> Value {
        serde_json::to_value(&self.0.services[i].svc).unwrap_or(Value::Null)
    }
    fn fields(&self, i: usize, keys: &[&str]) -> Vec<Value> {
        let svc = &self.0.services[i].svc;
        let fast: Vec<Option<Value>> = keys.iter().map(|k| fast_field(svc, k)).collect();
        if fast.iter().all(Option::is_some) {
            return fast.into_iter().map(Option::unwrap_or_default).collect();
        }
        let v = self.value(i);
        keys.iter()
            .map(|k| iceberg::lookup(&v, k).cloned().unwrap_or(Value::Null))
            .collect()
    }
    fn write_json(&self, i: usize, out: &mut String) {
        match self.0.cached_json(i) {
            Some(s) => out.push_str(s),
            None => out.push_str(
                &serde_json::to_string(&self.0.services[i].svc).unwrap_or_else(|_| "null".into()),
            ),
        }
    }
}

/// The common sort/filter keys of `/services`, read without serializing the whole service.
fn fast_field(svc: &Service, key: &str) -> Option<Value> {
    let b = &svc.billing;
    let lc = b.lifecycle.as_ref().map(|l| &l.current);
    let rc = b.renew.as_ref().map(|r| &r.current);
    let s = |v: Option<&String>| v.map(|s| Value::String(s.clone())).unwrap_or(Value::Null);
    Some(match key {
        "serviceId" => json!(svc.service_id),
        "parentServiceId" => json!(svc.parent_service_id),
        "route.path" => s(svc.route.as_ref().and_then(|r| r.path.as_ref())),
        "route.url" => s(svc.route.as_ref().and_then(|r| r.url.as_ref())),
        "resource.name" => json!(svc.resource.name),
        "resource.displayName" => s(svc.resource.display_name.as_ref()),
        "resource.state" => json!(svc.resource.state),
        "resource.product.name" => s(svc.resource.product.as_ref().map(|p| &p.name)),
        "billing.expirationDate" => s(b.expiration_date.as_ref()),
        "billing.nextBillingDate" => s(b.next_billing_date.as_ref()),
        "billing.plan.code" => s(b.plan.as_ref().map(|p| &p.code)),
        "billing.lifecycle.current.state" => s(lc.map(|c| &c.state)),
        "billing.lifecycle.current.pendingActions" => {
            json!(lc.map(|c| c.pending_actions.clone()).unwrap_or_default())
        }
        "billing.lifecycle.current.terminationDate" => {
            s(lc.and_then(|c| c.termination_date.as_ref()))
        }
        "billing.renew.current.mode" => s(rc.and_then(|c| c.mode.as_ref())),
        "billing.renew.current.period" => s(rc.and_then(|c| c.period.as_ref())),
        _ => return None,
    })
}

pub fn list(sb: &mut Sandbox, req: &ApiReq) -> ApiResult {
    let page = crate::routes::page_of(sb, req)?;
    let acc = &mut sb.account;
    let resource_name = req.query("resourceName");
    let routes: Option<Vec<&str>> = req
        .query("routes")
        .map(|r| r.split(',').filter(|s| !s.is_empty()).collect());
    let candidates: Vec<usize> = (0..acc.services.len())
        .filter(|&i| {
            let s = &acc.services[i];
            resource_name.is_none_or(|n| s.svc.resource.name == n)
                && routes
                    .as_ref()
                    .is_none_or(|r| r.iter().any(|p| s.route_path().starts_with(p)))
        })
        .collect();
    if page.objects {
        acc.fill_cache();
    }
    Ok(iceberg::respond(&page, candidates, &ServicesColl(acc)))
}

pub fn service_idx(sb: &Sandbox, id: u64) -> Result<usize, ApiError> {
    sb.account
        .service_index(id)
        .ok_or_else(|| ApiError::not_found(&format!("serviceId = {id}")))
}

pub fn get(sb: &mut Sandbox, id: u64) -> ApiResult {
    let idx = service_idx(sb, id)?;
    Ok(Reply::raw(sb.account.service_json(idx)))
}

fn idx_by_url(sb: &Sandbox, url: &str) -> Result<usize, ApiError> {
    sb.account.service_by_url(url).ok_or_else(|| {
        ApiError::not_found(&format!(
            "serviceName = {}",
            url.rsplit('/').next().unwrap_or(url)
        ))
    })
}

/// Route templates whose `serviceInfos` are a `services.NonExpiringService`: no expiry, no
/// renewal, read only (checked against the schema by `tests/schema.rs`).
pub const NON_EXPIRING: &[&str] = &["/vrack/{serviceName}"];

/// The fields of a `services.NonExpiringService`.
const NON_EXPIRING_FIELDS: &[&str] = &[
    "contactAdmin",
    "contactBilling",
    "contactTech",
    "creation",
    "domain",
    "serviceId",
    "status",
];

pub fn get_infos(sb: &mut Sandbox, url: &str) -> ApiResult {
    let idx = idx_by_url(sb, url)?;
    let rec = &sb.account.services[idx];
    if NON_EXPIRING.contains(&rec.route_path()) {
        let mut all = crate::state::to_value(&rec.infos);
        if let Value::Object(m) = &mut all {
            m.retain(|k, _| NON_EXPIRING_FIELDS.contains(&k.as_str()));
        }
        return Ok(Reply::json(&all));
    }
    Ok(Reply::json(&rec.infos))
}

fn opt_bool(obj: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v) => Err(ApiError::bad_request(format!(
            "[renew.{key}] Given data ({v}) is not valid for type boolean"
        ))),
    }
}

fn is_running(rec: &ServiceRec) -> bool {
    let state = rec
        .svc
        .billing
        .lifecycle
        .as_ref()
        .map(|l| l.current.state.as_str())
        .unwrap_or("active");
    !matches!(state, "terminated" | "unrenewed" | "unpaid")
}

fn is_terminated(rec: &ServiceRec) -> bool {
    rec.svc
        .billing
        .lifecycle
        .as_ref()
        .is_some_and(|l| l.current.state == "terminated")
        || rec.svc.resource.state == "deleted"
}

fn is_one_shot(rec: &ServiceRec) -> bool {
    rec.infos.renewal_type == "oneShot"
        || rec.svc.billing.renew.as_ref().is_none_or(|r| {
            r.current.mode.is_none() && r.capacities.as_ref().is_none_or(|c| c.mode.is_empty())
        })
}

/// Recomputes `renew.current.nextDate` and `nextBillingDate` from the mode and pending actions.
pub fn refresh_next_date(rec: &mut ServiceRec) {
    let automatic = rec.infos.renew.as_ref().is_some_and(|r| r.automatic);
    let deleting = rec
        .infos
        .renew
        .as_ref()
        .is_some_and(|r| r.delete_at_expiration);
    let next = (automatic && !deleting && is_running(rec))
        .then(|| rec.svc.billing.expiration_date.clone())
        .flatten();
    if let Some(r) = rec.svc.billing.renew.as_mut() {
        r.current.next_date = next.clone();
    }
    rec.svc.billing.next_billing_date = next;
}

/// Sets the renewal mode in both views (`services` and `serviceInfos`).
pub fn apply_renew_mode(rec: &mut ServiceRec, automatic: bool, period: Option<u32>) {
    let r = rec.infos.renew.get_or_insert_with(Default::default);
    r.automatic = automatic;
    r.manual_payment = Some(!automatic);
    r.period = if automatic { period } else { None };
    if !automatic {
        rec.infos.renewal_type = "manual".into();
    } else if matches!(rec.infos.renewal_type.as_str(), "manual" | "oneShot" | "") {
        rec.infos.renewal_type = "automaticV2016".into();
    }
    if let Some(renew) = rec.svc.billing.renew.as_mut() {
        renew.current.mode = Some(if automatic { "automatic" } else { "manual" }.into());
        renew.current.period = if automatic {
            period.map(util::period_of_months)
        } else {
            None
        };
    }
    refresh_next_date(rec);
}

/// Sets or clears the termination at expiry in both views.
pub fn apply_delete_at_expiration(rec: &mut ServiceRec, on: bool) {
    rec.infos
        .renew
        .get_or_insert_with(Default::default)
        .delete_at_expiration = on;
    let exp = rec.svc.billing.expiration_date.clone();
    if let Some(c) = rec.lifecycle_current_mut() {
        c.pending_actions
            .retain(|a| a != "terminateAtExpirationDate" && a != "terminateAtEngagementDate");
        if on {
            c.pending_actions.push("terminateAtExpirationDate".into());
            c.termination_date = exp;
        } else if c.state != "terminated" {
            c.termination_date = None;
        }
    }
    refresh_next_date(rec);
}

fn allows_manual(rec: &ServiceRec) -> bool {
    rec.capacities_modes().iter().any(|m| m == "manual")
}

fn current_mode(rec: &ServiceRec) -> Option<String> {
    rec.svc
        .billing
        .renew
        .as_ref()
        .and_then(|r| r.current.mode.clone())
}

/// The periods a service renews for: its `possibleRenewPeriod`, or, when the API lists none
/// (`null`, as it does for some products), the period it renews for now.
fn possible_periods(rec: &ServiceRec) -> Vec<u32> {
    match &rec.infos.possible_renew_period {
        Some(periods) => periods.clone(),
        None if is_one_shot(rec) => Vec::new(),
        None => rec
            .infos
            .renew
            .as_ref()
            .and_then(|r| r.period)
            .or_else(|| {
                rec.svc
                    .billing
                    .renew
                    .as_ref()
                    .and_then(|r| r.current.period.as_deref())
                    .and_then(util::months_of)
            })
            .into_iter()
            .collect(),
    }
}

/// The periods a change may ask for: any when the service lists none.
fn allowed_periods(rec: &ServiceRec) -> Vec<u32> {
    rec.infos.possible_renew_period.clone().unwrap_or_default()
}

pub fn put_infos(sb: &mut Sandbox, url: &str, body: &Value) -> ApiResult {
    let idx = idx_by_url(sb, url)?;
    if !body.is_object() {
        return Err(ApiError::bad_request(
            "Invalid body: a services.Service object is expected",
        ));
    }
    // Every property of `services.Service` is optional: without `renew` nothing changes.
    let renew = match body.get("renew") {
        None | Some(Value::Null) => return Ok(Reply::null()),
        Some(Value::Object(renew)) => renew,
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "[renew] Given data ({v}) is not valid for type service.RenewType"
            )))
        }
    };
    let automatic = opt_bool(renew, "automatic")?;
    let manual_payment = opt_bool(renew, "manualPayment")?;
    let delete = opt_bool(renew, "deleteAtExpiration")?;
    let _forced = opt_bool(renew, "forced")?;
    let period = match renew.get("period") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().filter(|p| *p > 0 && *p <= 120).ok_or_else(|| {
            ApiError::bad_request(format!(
                "[renew.period] Given data ({v}) is not valid for type long"
            ))
        })? as u32),
    };
    let rec = &mut sb.account.services[idx];
    if is_terminated(rec) {
        return Err(ApiError::bad_request("This service is terminated"));
    }
    let cur = rec.infos.renew.clone().unwrap_or_default();
    let new_auto = match (automatic, manual_payment) {
        (Some(true), Some(true)) => {
            return Err(ApiError::bad_request(
                "automatic and manualPayment cannot both be true",
            ))
        }
        (Some(a), _) => a,
        (None, Some(m)) => !m,
        (None, None) => cur.automatic,
    };
    let cur_manual =
        current_mode(rec).as_deref() == Some("manual") || cur.manual_payment == Some(true);
    let cur_auto = cur.automatic;
    // Only what is sent changes: a `renew` without the mode flags keeps the mode.
    let mode_asked = automatic.is_some() || manual_payment.is_some();
    let mode_changed = mode_asked && (new_auto != cur_auto || (!new_auto && !cur_manual));
    let new_period = if new_auto {
        period
            .or(cur.period)
            .or_else(|| possible_periods(rec).first().copied())
    } else {
        None
    };
    let period_changed = new_auto && new_period != cur.period;
    if (mode_changed || period_changed) && is_one_shot(rec) {
        return Err(ApiError::bad_request(
            "The renewal of this service cannot be configured (one-shot service)",
        ));
    }
    if mode_changed && !new_auto && !cur_manual && !allows_manual(rec) {
        return Err(ApiError::bad_request(format!(
            "Manual renewal is not available for this service ({})",
            rec.route_path()
        )));
    }
    if new_auto && (mode_changed || period_changed) {
        let allowed = allowed_periods(rec);
        if let Some(p) = new_period {
            if !allowed.is_empty() && !allowed.contains(&p) {
                return Err(ApiError::bad_request(format!(
                    "Period {p} is not allowed for this service (allowed: {})",
                    allowed
                        .iter()
                        .map(|p| p.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    }
    if delete == Some(true) && !cur.delete_at_expiration && !rec.infos.can_delete_at_expiration {
        return Err(ApiError::bad_request(
            "This service cannot be terminated at expiration",
        ));
    }
    if mode_changed || period_changed {
        apply_renew_mode(rec, new_auto, new_period);
    }
    if let Some(d) = delete {
        if d != cur.delete_at_expiration {
            apply_delete_at_expiration(rec, d);
        }
    }
    sb.account.touch(idx);
    Ok(Reply::null())
}

pub fn put(sb: &mut Sandbox, id: u64, body: &Value) -> ApiResult {
    let idx = service_idx(sb, id)?;
    let Some(obj) = body.as_object() else {
        return Err(ApiError::bad_request("Invalid body: an object is expected"));
    };
    let rec = &mut sb.account.services[idx];
    // Validate everything first, then apply.
    let mut new_mode: Option<(bool, Option<u32>)> = None;
    if let Some(renew) = obj.get("renew").filter(|v| !v.is_null()) {
        let mode = renew.get("mode").and_then(Value::as_str);
        let period = renew.get("period").and_then(Value::as_str);
        if is_terminated(rec) {
            return Err(ApiError::bad_request("This service is terminated"));
        }
        if is_one_shot(rec) {
            return Err(ApiError::bad_request(
                "The renewal of this service cannot be configured (one-shot service)",
            ));
        }
        match mode {
            Some("manual") => {
                if !allows_manual(rec) && current_mode(rec).as_deref() != Some("manual") {
                    return Err(ApiError::bad_request(format!(
                        "Manual renewal is not available for this service ({})",
                        rec.route_path()
                    )));
                }
                new_mode = Some((false, None));
            }
            Some("automatic") | None => {
                let months = match period {
                    Some(p) => Some(util::months_of(p).ok_or_else(|| {
                        ApiError::bad_request(format!("[renew.period] Invalid duration: {p}"))
                    })?),
                    None => rec
                        .infos
                        .renew
                        .as_ref()
                        .and_then(|r| r.period)
                        .or_else(|| possible_periods(rec).first().copied()),
                };
                let allowed = allowed_periods(rec);
                if let Some(m) = months {
                    if !allowed.is_empty() && !allowed.contains(&m) {
                        return Err(ApiError::bad_request(format!(
                            "Period {} is not allowed for this service",
                            util::period_of_months(m)
                        )));
                    }
                }
                if mode.is_some() || period.is_some() {
                    new_mode = Some((true, months));
                }
            }
            Some(other) => {
                return Err(ApiError::bad_request(format!(
                "[renew.mode] Given data ({other}) does not belong to the enum automatic, manual"
            )))
            }
        }
    }
    let policy = match obj.get("terminationPolicy") {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p.clone()),
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "[terminationPolicy] Given data ({v}) is not valid"
            )))
        }
    };
    if let Some(p) = &policy {
        match p.as_str() {
            "terminateAtExpirationDate" | "terminateAtEngagementDate" => {
                if is_terminated(rec) {
                    return Err(ApiError::bad_request("This service is terminated"));
                }
            }
            "empty" => {
                let path = rec.route_path();
                if path.starts_with("/vps") || path.starts_with("/domain/zone") {
                    return Err(ApiError::bad_request(
                        "\"empty\" is an invalid termination flag",
                    ));
                }
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "\"{other}\" is an invalid termination flag"
                )))
            }
        }
    }
    let display = match obj.get("displayName") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "[displayName] Given data ({v}) is not valid for type string"
            )))
        }
    };
    if let Some((auto, period)) = new_mode {
        apply_renew_mode(rec, auto, period);
    }
    match policy.as_deref() {
        Some("terminateAtExpirationDate") => apply_delete_at_expiration(rec, true),
        Some("terminateAtEngagementDate") => {
            let date = rec
                .infos
                .engaged_up_to
                .clone()
                .and_then(|d| util::parse_dt(&d))
                .map(util::fmt_dt)
                .or_else(|| rec.svc.billing.expiration_date.clone());
            if let Some(c) = rec.lifecycle_current_mut() {
                c.pending_actions.retain(|a| !a.starts_with("terminateAt"));
                c.pending_actions.push("terminateAtEngagementDate".into());
                c.termination_date = date;
            }
        }
        Some("empty") => apply_delete_at_expiration(rec, false),
        _ => {}
    }
    if let Some(d) = display {
        rec.svc.resource.display_name = Some(d);
    }
    sb.account.touch(idx);
    Ok(Reply::null())
}

pub fn renew_period_capacities(sb: &mut Sandbox, id: u64) -> ApiResult {
    let idx = service_idx(sb, id)?;
    let rec = &sb.account.services[idx];
    let periods: Vec<String> = if is_one_shot(rec) {
        Vec::new()
    } else {
        possible_periods(rec)
            .into_iter()
            .map(util::period_of_months)
            .collect()
    };
    Ok(Reply::json(&periods))
}

pub const REASONS: &[&str] = &[
    "TOO_EXPENSIVE",
    "WRONG_ORDER",
    "PRODUCT_TOOLS_DONT_SUIT_ME",
    "NOT_NEEDED_ANYMORE",
    "LACK_OF_PERFORMANCES",
    "OTHER",
];
pub const FUTURE_USES: &[&str] = &[
    "NOT_REPLACING_SERVICE",
    "SUBSCRIBE_AN_OTHER_SERVICE",
    "SUBSCRIBE_OTHER_KIND_SERVICE_WITH_COMPETITOR",
    "OTHER",
];

/// The one form of every service (`GET /services/{id}/form`).
pub const TERMINATION_FORM: &str = "termination";

/// A question of the termination form that no guide documents: the console shows its key and
/// its answers as the API sends them.
pub const UNKNOWN_QUESTION: &str = "migration_target";
pub const MIGRATION_TARGETS: &[&str] = &[
    "ANOTHER_OVHCLOUD_PRODUCT",
    "ANOTHER_PROVIDER",
    "IN_HOUSE",
    "OTHER",
];

/// One question of the termination form: key, answer type, mandatory, allowed answers (`None`
/// for free text).
struct Question {
    key: &'static str,
    kind: &'static str,
    mandatory: bool,
    answers: Option<&'static [&'static str]>,
}

const TERMINATION_QUESTIONS: &[Question] = &[
    Question {
        key: "reason",
        kind: "enum",
        mandatory: true,
        answers: Some(REASONS),
    },
    Question {
        key: "commentary_reason",
        kind: "text",
        mandatory: false,
        answers: None,
    },
    Question {
        key: "future_use",
        kind: "enum",
        mandatory: true,
        answers: Some(FUTURE_USES),
    },
    Question {
        key: "commentary_future_use",
        kind: "text",
        mandatory: false,
        answers: None,
    },
    Question {
        key: UNKNOWN_QUESTION,
        kind: "enum",
        mandatory: false,
        answers: Some(MIGRATION_TARGETS),
    },
];

/// `services.form.Description`: `{name, questions: [{question, type, mandatory, answers}]}`,
/// allowed answers as `[{key}]`, `null` for free text.
fn termination_description() -> Value {
    let questions: Vec<Value> = TERMINATION_QUESTIONS
        .iter()
        .map(|q| {
            json!({
                "question": q.key,
                "type": q.kind,
                "mandatory": q.mandatory,
                "answers": q.answers.map(|keys| {
                    keys.iter().map(|k| json!({ "key": k })).collect::<Vec<_>>()
                }),
            })
        })
        .collect();
    json!({ "name": TERMINATION_FORM, "questions": questions })
}

fn known_form(sb: &Sandbox, id: u64, name: &str) -> Result<(), ApiError> {
    service_idx(sb, id)?;
    if name != TERMINATION_FORM {
        return Err(ApiError::not_found(&format!("formName = {name}")));
    }
    Ok(())
}

/// `GET /services/{id}/form`: `services.form.Description[]`.
pub fn forms(sb: &mut Sandbox, id: u64) -> ApiResult {
    service_idx(sb, id)?;
    Ok(Reply::json(&[termination_description()]))
}

/// `GET /services/{id}/form/{formName}`: `services.form.Description`.
pub fn form(sb: &mut Sandbox, id: u64, name: &str) -> ApiResult {
    known_form(sb, id, name)?;
    Ok(Reply::json(&termination_description()))
}

/// `POST /services/{id}/form/{formName}/answer` (`services.form.Form` → `services.form.Response`):
/// every answer to a question of the form, allowed answers only, mandatory questions answered.
pub fn form_answer(sb: &mut Sandbox, id: u64, name: &str, body: &Value) -> ApiResult {
    known_form(sb, id, name)?;
    let Some(answers) = body.get("answers").and_then(Value::as_array) else {
        return Err(ApiError::bad_request("Missing parameter: answers"));
    };
    let mut found = Map::new();
    for (i, a) in answers.iter().enumerate() {
        let text = |key: &str| match a.get(key) {
            Some(Value::String(s)) => Ok(s.as_str()),
            other => Err(ApiError::bad_request(format!(
                "[answers[{i}].{key}] Given data ({}) is not valid for type string",
                other.unwrap_or(&Value::Null)
            ))),
        };
        let (q, v) = (text("question")?, text("value")?);
        let Some(question) = TERMINATION_QUESTIONS.iter().find(|x| x.key == q) else {
            return Err(ApiError::bad_request(format!(
                "Unknown question for form {name}: {q}"
            )));
        };
        if question.answers.is_some_and(|keys| !keys.contains(&v)) {
            return Err(ApiError::bad_request(format!(
                "Invalid value for question {q}: {v}"
            )));
        }
        if found.insert(q.into(), Value::String(v.into())).is_some() {
            return Err(ApiError::bad_request(format!(
                "The question {q} is answered twice"
            )));
        }
    }
    for q in TERMINATION_QUESTIONS.iter().filter(|q| q.mandatory) {
        if !found.contains_key(q.key) {
            return Err(ApiError::bad_request(format!(
                "The question {} is mandatory",
                q.key
            )));
        }
    }
    sb.termination_answers.push((id, Value::Object(found)));
    Ok(Reply::json(&json!({
        "message": "Your answers have been recorded, thank you."
    })))
}

/// The service and its descendants.
fn family(acc: &Account, id: u64) -> Vec<u64> {
    let mut out = vec![id];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        for s in &acc.services {
            if s.svc.parent_service_id == Some(parent) && !out.contains(&s.svc.service_id) {
                out.push(s.svc.service_id);
            }
        }
        i += 1;
    }
    out
}

pub fn renew_offers(sb: &mut Sandbox, id: u64, include_options: bool) -> ApiResult {
    let idx = service_idx(sb, id)?;
    let acc = &sb.account;
    let rec = &acc.services[idx];
    if is_one_shot(rec) || is_terminated(rec) {
        return Ok(Reply::json(&Vec::<Value>::new()));
    }
    let ids = if include_options {
        family(acc, id)
    } else {
        vec![id]
    };
    let offers: Vec<Value> = possible_periods(rec)
        .into_iter()
        .map(|months| {
            let mut total = 0;
            let details: Vec<Value> = ids
                .iter()
                .filter_map(|sid| acc.service_index(*sid))
                .map(|i| {
                    let s = &acc.services[i];
                    total += s.monthly_cents() * i64::from(months);
                    json!({
                        "serviceId": s.svc.service_id,
                        "serviceName": s.svc.resource.name,
                        "serviceType": service_type(s.route_path()),
                    })
                })
                .collect();
            // `service.renew.RenewStrategy`: the price without tax, and in microcents.
            json!({
                "renewPeriod": util::period_of_months(months),
                "strategies": [{
                    "price": legacy_price(&Price::eur(total)),
                    "priceInUcents": total * 1_000_000,
                    "services": details.iter().map(|d| d["serviceId"].clone()).collect::<Vec<_>>(),
                    "servicesDetails": details,
                }],
            })
        })
        .collect();
    Ok(Reply::json(&offers))
}

/// `order.Price` as `service.json` has it (older than `me.json`'s): no `priceInUcents`, so the
/// amount is read from `value`.
fn legacy_price(price: &Price) -> Value {
    json!({ "currencyCode": price.currency_code, "text": price.text, "value": price.value })
}

/// A renew line's `serviceType`, from the route (`/hosting/web/{serviceName}` → `HOSTING_WEB`).
fn service_type(route_path: &str) -> String {
    let mut out = String::new();
    for seg in route_path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
    {
        if !out.is_empty() {
            out.push('_');
        }
        for (i, c) in seg.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_uppercase());
        }
    }
    if out.is_empty() {
        "OTHER".into()
    } else {
        out
    }
}

pub fn renew_order(sb: &mut Sandbox, id: u64, body: &Value) -> ApiResult {
    let idx = service_idx(sb, id)?;
    let Some(duration) = body.get("duration").and_then(Value::as_str) else {
        return Err(ApiError::bad_request("Missing parameter: duration"));
    };
    let months = util::months_of(duration)
        .ok_or_else(|| ApiError::bad_request(format!("[duration] Invalid duration: {duration}")))?;
    let dry_run = match body.get("dryRun") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "[dryRun] Given data ({v}) is not valid for type boolean"
            )))
        }
    };
    // `services` is required (`coreTypes.ServiceId[]`): the API renews the ids it is given.
    let ids: Vec<u64> = match body.get("services") {
        None | Some(Value::Null) => {
            return Err(ApiError::bad_request("Missing parameter: services"))
        }
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| {
                v.as_u64().ok_or_else(|| {
                    ApiError::bad_request(format!(
                        "[services] Given data ({v}) is not valid for type long"
                    ))
                })
            })
            .collect::<Result<_, _>>()?,
        Some(v) => {
            return Err(ApiError::bad_request(format!(
                "[services] Given data ({v}) is not valid for type long[]"
            )))
        }
    };
    if ids.is_empty() {
        return Err(ApiError::bad_request(
            "[services] At least one service to renew is expected",
        ));
    }
    let acc = &sb.account;
    let rec = &acc.services[idx];
    if is_one_shot(rec) {
        return Err(ApiError::bad_request(
            "This service cannot be renewed (one-shot)",
        ));
    }
    if !possible_periods(rec).contains(&months) {
        return Err(ApiError::bad_request(format!(
            "The duration {duration} is not available for this service"
        )));
    }
    let fam = family(acc, id);
    let mut details = Vec::new();
    for (detail_id, sid) in (acc.next_detail_id()..).zip(ids.iter()) {
        if !fam.contains(sid) {
            return Err(ApiError::bad_request(format!(
                "Service {sid} cannot be renewed with service {id}"
            )));
        }
        let Some(i) = acc.service_index(*sid) else {
            return Err(ApiError::not_found(&format!("serviceId = {sid}")));
        };
        let s = &acc.services[i];
        if is_terminated(s) {
            return Err(ApiError::bad_request(format!(
                "Service {sid} is terminated and cannot be renewed"
            )));
        }
        details.push(seed::renew_detail(detail_id, s, months));
    }
    let effect = OrderEffect {
        services: ids,
        duration: Some(util::period_of_months(months)),
        debt_ids: Vec::new(),
    };
    let order = if dry_run {
        let mut o = seed::make_order(0, "", sb.now(), details, String::new(), String::new());
        o.order_id = 0;
        let mut v = serde_json::to_value(&o).unwrap_or(Value::Null);
        if let Value::Object(m) = &mut v {
            for k in [
                "orderId",
                "password",
                "url",
                "pdfUrl",
                "date",
                "expirationDate",
                "retractionDate",
            ] {
                m.insert(k.into(), Value::Null);
            }
        }
        v
    } else {
        let o = orders::create_order(sb, details, effect);
        serde_json::to_value(&o).unwrap_or(Value::Null)
    };
    Ok(Reply::json(&renew_order_answer(order)))
}

/// `service.renew.RenewOrder`: the order, its prices as `service.json` has them.
fn renew_order_answer(mut order: Value) -> Value {
    if let Value::Object(m) = &mut order {
        for key in ["priceWithTax", "priceWithoutTax", "tax"] {
            if let Some(Value::Object(price)) = m.get_mut(key) {
                price.remove("priceInUcents");
            }
        }
    }
    order
}

/// `POST /hosting/web/{name}/terminate` and friends: immediate termination (e-mail confirmation).
pub fn terminate(sb: &mut Sandbox, url: &str, prefix: &str) -> ApiResult {
    let idx = idx_by_url(sb, url)?;
    let task_id = sb.next_task_id;
    sb.next_task_id += 1;
    let rec = &mut sb.account.services[idx];
    if !rec.route_path().starts_with(prefix) {
        return Err(ApiError::not_found(url));
    }
    if is_terminated(rec) || rec.svc.resource.state == "toDelete" {
        return Err(ApiError::bad_request(
            "The termination of this service is already in progress",
        ));
    }
    rec.svc.resource.state = "toDelete".into();
    if let Some(c) = rec.lifecycle_current_mut() {
        if !c.pending_actions.iter().any(|a| a == "terminate") {
            c.pending_actions.push("terminate".into());
        }
    }
    sb.account.touch(idx);
    // The schema's `string`: what was done, in words (task ids are not given back).
    Ok(Reply::json(&format!(
        "The termination of {} has been requested (task {task_id}): a confirmation e-mail has been sent to the administrator contact",
        url.rsplit('/').next().map(|n| util::percent_decode(n, false)).unwrap_or_default()
    )))
}

/// Renews services after a paid order: extends the expiration and puts them back in service.
pub fn extend_services(acc: &mut Account, ids: &[u64], duration: Option<&str>) {
    for id in ids {
        let Some(idx) = acc.service_index(*id) else {
            continue;
        };
        let rec = &mut acc.services[idx];
        let months = duration
            .and_then(util::months_of)
            .or_else(|| rec.infos.renew.as_ref().and_then(|r| r.period))
            .or_else(|| possible_periods(rec).first().copied())
            .unwrap_or(12);
        if let Some(exp) = rec.expiration() {
            let new = util::add_months(exp, months);
            rec.svc.billing.expiration_date = Some(util::fmt_dt(new));
            rec.infos.expiration = util::fmt_date(new);
        }
        let exp = rec.svc.billing.expiration_date.clone();
        if let Some(c) = rec.lifecycle_current_mut() {
            if matches!(c.state.as_str(), "unrenewed" | "toRenew" | "unpaid") {
                c.state = "active".into();
            }
            c.pending_actions.retain(|a| a != "earlyRenewal");
            if c.pending_actions
                .iter()
                .any(|a| a == "terminateAtExpirationDate")
            {
                c.termination_date = exp;
            }
        }
        if matches!(rec.svc.resource.state.as_str(), "suspended" | "toSuspend") {
            rec.svc.resource.state = "active".into();
        }
        if matches!(
            rec.infos.status.as_str(),
            "expired" | "pendingDebt" | "unPaid"
        ) {
            rec.infos.status = "ok".into();
        }
        refresh_next_date(rec);
        acc.touch(idx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_fields_agree_with_the_serialized_service() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00").unwrap();
        let acc = seed::generate(&seed::SeedOptions {
            services: 400,
            seed: 9,
            now,
        });
        let keys = [
            "serviceId",
            "parentServiceId",
            "route.path",
            "route.url",
            "resource.name",
            "resource.displayName",
            "resource.state",
            "resource.product.name",
            "billing.expirationDate",
            "billing.nextBillingDate",
            "billing.plan.code",
            "billing.lifecycle.current.state",
            "billing.lifecycle.current.pendingActions",
            "billing.lifecycle.current.terminationDate",
            "billing.renew.current.mode",
            "billing.renew.current.period",
        ];
        for s in &acc.services {
            let v = serde_json::to_value(&s.svc).unwrap();
            for k in keys {
                let generic = iceberg::lookup(&v, k).cloned().unwrap_or(Value::Null);
                assert_eq!(
                    fast_field(&s.svc, k),
                    Some(generic),
                    "{k} of {}",
                    s.svc.service_id
                );
            }
        }
        assert_eq!(fast_field(&acc.services[0].svc, "customer.contacts"), None);
    }
}
