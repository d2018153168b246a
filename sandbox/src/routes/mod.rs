//! The router: the API under `/engine/apiv6`, control routes under `/_sandbox`, the static site.

pub mod access;
pub mod account;
pub mod control;
pub mod orders;
pub mod services;
pub mod site;
pub mod tamper;

use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use serde_json::Value;

use crate::capabilities::{self, LegacyInfos};
use crate::faults::{self, FaultAction};
use crate::reply::{ApiError, ApiResult, Reply};
use crate::state::{LogEntry, Sandbox, SharedState};
use crate::util;

pub const API_PREFIX: &str = "/engine/apiv6";
pub const SESSION_COOKIE: &str = "sandbox_session";

/// Every API route the sandbox serves, method and path template in the API's own spelling, all
/// of them in the published schema (`sandbox/tests/schema.rs`; `HEAD` goes with `GET`). A request
/// that matches none is answered as the API does: 404 `Got an invalid (or empty) URL`, or 405 when
/// the path exists with other methods. `{route}/serviceInfos` stands for a service's legacy
/// details, served only where the schema has them (`capabilities`).
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/auth/time"),
    ("GET", "/me"),
    ("GET", "/me/autorenew"),
    ("POST", "/me/autorenew"),
    ("PUT", "/me/autorenew"),
    ("GET", "/services"),
    ("GET", "/services/{serviceId}"),
    ("PUT", "/services/{serviceId}"),
    ("GET", "/services/{serviceId}/renewPeriodCapacities"),
    ("GET", "/services/{serviceId}/form"),
    ("GET", "/services/{serviceId}/form/{formName}"),
    ("POST", "/services/{serviceId}/form/{formName}/answer"),
    ("GET", "/service/{serviceId}/renew"),
    ("POST", "/service/{serviceId}/renew"),
    ("POST", "/hosting/web/{serviceName}/terminate"),
    ("POST", "/email/domain/{domain}/terminate"),
    ("POST", "/hosting/privateDatabase/{serviceName}/terminate"),
    ("GET", "{route}/serviceInfos"),
    ("PUT", "{route}/serviceInfos"),
    ("GET", "/me/order"),
    ("GET", "/me/order/{orderId}"),
    ("GET", "/me/order/{orderId}/status"),
    ("GET", "/me/order/{orderId}/details"),
    ("GET", "/me/order/{orderId}/details/{orderDetailId}"),
    ("GET", "/me/order/{orderId}/followUp"),
    ("GET", "/me/order/{orderId}/paymentMethods"),
    ("POST", "/me/order/{orderId}/retraction"),
    ("GET", "/me/bill"),
    ("GET", "/me/bill/{billId}"),
    ("GET", "/me/payment/method"),
    ("GET", "/me/payment/method/{paymentMethodId}"),
    ("GET", "/me/debtAccount"),
    ("GET", "/me/debtAccount/debt"),
    ("GET", "/me/debtAccount/debt/{debtId}"),
    ("POST", "/me/debtAccount/pay"),
    ("POST", "/me/debtAccount/debt/{debtId}/pay"),
    ("GET", "/me/accessRestriction/totp"),
    ("GET", "/me/accessRestriction/totp/{id}"),
    ("GET", "/me/accessRestriction/u2f"),
    ("GET", "/me/accessRestriction/u2f/{id}"),
    ("GET", "/me/accessRestriction/sms"),
    ("GET", "/me/accessRestriction/sms/{id}"),
    ("GET", "/me/accessRestriction/backupCode"),
];

/// The whole sandbox as an axum router.
pub fn app(state: SharedState) -> Router {
    let router = Router::new()
        .route("/engine/apiv6", any(api))
        .route("/engine/apiv6/", any(api))
        .route("/engine/apiv6/{*rest}", any(api))
        .route("/engine/{*rest}", any(engine_not_found))
        .merge(control::routes())
        .merge(tamper::routes());
    let router = site::attach(router, state.dist.clone());
    router
        .layer(middleware::from_fn_with_state(
            state.clone(),
            common_headers,
        ))
        .with_state(state)
}

/// `X-Ovh-QueryId` on every response; cache headers on the static site; `Connection: close`
/// while a `drop` fault is armed.
async fn common_headers(State(st): State<SharedState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let n = st.query_seq.fetch_add(1, Ordering::Relaxed) + 1;
    let mut resp = next.run(req).await;
    if let Ok(v) = HeaderValue::from_str(&format!("EU.ext-1.{n}")) {
        resp.headers_mut().insert("x-ovh-queryid", v);
    }
    // While a `drop` rule is armed no connection is reused: a browser resends, unseen, a
    // request that a reused connection answered with nothing (see `close_idle_connections`).
    if st.drop_armed() {
        resp.headers_mut().insert(
            axum::http::header::CONNECTION,
            HeaderValue::from_static("close"),
        );
    }
    if !path.starts_with("/engine/") && !path.starts_with("/_sandbox/") && path != "/_sandbox" {
        site::set_cache_headers(&path, &mut resp);
    }
    resp
}

async fn engine_not_found(uri: Uri) -> Response {
    ApiError::not_found(uri.path()).into_reply().into_response()
}

/// One API request, decoded.
pub struct ApiReq<'a> {
    pub method: &'a Method,
    /// Path after `/engine/apiv6`, as sent.
    pub path: &'a str,
    /// Percent-decoded segments of `path`.
    pub segs: Vec<String>,
    pub query: Vec<(String, String)>,
    pub headers: &'a HeaderMap,
    pub body: &'a Value,
}

impl ApiReq<'_> {
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

pub fn session_of(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| {
            let (k, v) = c.trim().split_once('=')?;
            (k == SESSION_COOKIE).then(|| v.trim().to_string())
        })
        .collect()
}

fn malformed(body: &str) -> String {
    let cut: String = body.chars().take(body.chars().count() / 2).collect();
    if cut.is_empty() || serde_json::from_str::<Value>(&cut).is_ok() {
        "{\"message\": \"trunc".into()
    } else {
        cut
    }
}

fn record(sb: &mut Sandbox, mut entry: LogEntry) {
    sb.log_seq += 1;
    entry.seq = sb.log_seq;
    entry.time = util::fmt_dt(sb.now());
    sb.log.push(entry);
}

/// What the client gets for one API request.
enum Outcome {
    Answer(Reply),
    /// The connection is closed with no answer.
    Drop,
    /// No answer until the client gives up (or `HANG_CAP`, then as `Drop`).
    Hang,
}

/// The longest a `hang` holds a request before closing its connection without an answer.
pub const HANG_CAP: std::time::Duration = std::time::Duration::from_secs(600);

/// Counts a request held by `hang` in `AppState::hanging` while it lives.
struct Hanging<'a>(&'a std::sync::atomic::AtomicUsize);

impl<'a> Hanging<'a> {
    fn new(n: &'a std::sync::atomic::AtomicUsize) -> Self {
        n.fetch_add(1, Ordering::SeqCst);
        Hanging(n)
    }
}

impl Drop for Hanging<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn api(
    State(st): State<SharedState>,
    upstream: Option<axum::Extension<crate::upstream::Authenticated>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let sub = uri
        .path()
        .strip_prefix(API_PREFIX)
        .unwrap_or("")
        .to_string();
    let query = uri.query().unwrap_or("").to_string();
    let mutation = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let parsed: Result<Value, String> = if body.iter().all(|b| b.is_ascii_whitespace()) {
        Ok(Value::Null)
    } else {
        serde_json::from_slice(&body).map_err(|e| e.to_string())
    };
    let entry = |status: Option<u16>, applied: bool, answered: Value, fault| LogEntry {
        seq: 0,
        time: String::new(),
        method: method.as_str().to_string(),
        path: sub.clone(),
        query: query.clone(),
        body: parsed.clone().unwrap_or(Value::Null),
        status,
        applied,
        answered,
        fault,
    };
    let decision = {
        let mut guard = st.lock();
        let sb = &mut *guard;
        let public = sub == "/auth/time";
        let authed = st.no_auth
            || public
            || upstream.is_some()
            || session_of(&headers).iter().any(|t| sb.sessions.contains(t));
        if !authed {
            let reply = ApiError::invalid_session().into_reply();
            if mutation {
                record(sb, entry(Some(401), false, Value::from(401), None));
            }
            return reply.into_response();
        }
        faults::decide(&mut sb.faults, &mut sb.fault_rng, method.as_str(), &sub)
    };
    if decision.latency_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(decision.latency_ms)).await;
    }
    let outcome = {
        let mut guard = st.lock();
        let sb = &mut *guard;
        let action = decision.action;
        let fault = action.as_ref().map(|a| a.kind().name());
        // The status the API's handler produced, when it ran.
        let mut handled: Option<axum::http::StatusCode> = None;
        let mut run = |sb: &mut Sandbox| -> Reply {
            let result = match &parsed {
                Err(e) => Err(ApiError::bad_request(format!("Invalid JSON body: {e}"))),
                Ok(body) => {
                    let req = ApiReq {
                        method: &method,
                        path: &sub,
                        segs: sub
                            .split('/')
                            .filter(|s| !s.is_empty())
                            .map(|s| util::percent_decode(s, false))
                            .collect(),
                        query: util::parse_query(&query),
                        headers: &headers,
                        body,
                    };
                    dispatch(sb, &req)
                }
            };
            let reply = result.unwrap_or_else(ApiError::into_reply);
            handled = Some(reply.status);
            reply
        };
        let truncated = |mut reply: Reply| {
            reply.status = axum::http::StatusCode::OK;
            reply.body = malformed(&reply.body);
            reply
        };
        let mut fault_status = None;
        let outcome = match action {
            None => Outcome::Answer(run(sb)),
            Some(FaultAction::Status {
                status,
                retry_after,
            }) => {
                fault_status = Some(status);
                Outcome::Answer(ApiError::for_status(status, retry_after).into_reply())
            }
            Some(
                FaultAction::Malformed
                | FaultAction::ApplyThenFail {
                    malformed: true, ..
                },
            ) => Outcome::Answer(truncated(run(sb))),
            Some(FaultAction::ApplyThenFail {
                status,
                retry_after,
                ..
            }) => {
                run(sb);
                Outcome::Answer(ApiError::for_status(status, retry_after).into_reply())
            }
            Some(FaultAction::Drop { apply }) => {
                if apply {
                    run(sb);
                }
                Outcome::Drop
            }
            Some(FaultAction::Hang { apply }) => {
                if apply {
                    run(sb);
                }
                Outcome::Hang
            }
        };
        if mutation {
            let answered = match &outcome {
                Outcome::Answer(r) => Value::from(r.status.as_u16()),
                Outcome::Drop => Value::from("dropped"),
                Outcome::Hang => Value::from("hung"),
            };
            let status = handled.map(|s| s.as_u16()).or(fault_status);
            let applied = handled.is_some_and(|s| s.is_success());
            record(sb, entry(status, applied, answered, fault));
        }
        outcome
    };
    match outcome {
        Outcome::Answer(mut reply) => {
            if method == Method::HEAD {
                reply.body.clear();
            }
            reply.into_response()
        }
        Outcome::Drop => crate::server::dropped(),
        Outcome::Hang => {
            let _hanging = Hanging::new(&st.hanging);
            tokio::time::sleep(HANG_CAP).await;
            crate::server::dropped()
        }
    }
}

/// The page a list request asks for, or every id when the sandbox ignores the pagination
/// headers (`Settings::ignore_pagination`).
pub fn page_of(sb: &Sandbox, req: &ApiReq) -> Result<crate::iceberg::PageReq, ApiError> {
    if sb.settings.ignore_pagination {
        Ok(crate::iceberg::ignored())
    } else {
        crate::iceberg::page_req(req.headers)
    }
}

pub fn parse_id(what: &str, s: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "[{what}] Given data ({s}) is not valid for type long"
        ))
    })
}

/// Whether a template's segments match a path's (`{x}` matches any one non-empty segment), and
/// how many of its segments are literal (the most literal template wins).
fn template_match(template: &str, segs: &[&str]) -> Option<usize> {
    let parts: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    if parts.len() != segs.len() {
        return None;
    }
    let mut literal = 0;
    for (t, s) in parts.iter().zip(segs) {
        if t.starts_with('{') && t.ends_with('}') {
            if s.is_empty() {
                return None;
            }
        } else if t == s {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

/// The schema's route template of a service URL (`/ip/51.91.2.16%2F28` → `/ip/{ip}` is not
/// one: IP blocks have no legacy route), among the routes with legacy `serviceInfos`.
pub fn legacy_route_of(segs: &[&str]) -> Option<&'static capabilities::RouteCapabilities> {
    capabilities::ROUTE_CAPABILITIES
        .iter()
        .filter_map(|c| template_match(c.path, segs).map(|n| (n, c)))
        .max_by_key(|(n, _)| *n)
        .map(|(_, c)| c)
}

/// The methods the API has for a path, as the sandbox serves them (`HEAD` goes with `GET`).
pub fn methods_of(segs: &[&str]) -> Vec<&'static str> {
    if let [route @ .., "serviceInfos"] = segs {
        if route.is_empty() {
            return Vec::new();
        }
        return match legacy_route_of(route).map(|c| c.service_infos) {
            Some(LegacyInfos::ReadWrite) => vec!["GET", "PUT"],
            Some(LegacyInfos::ReadOnly) => vec!["GET"],
            Some(LegacyInfos::None) | None => Vec::new(),
        };
    }
    let mut methods: Vec<&'static str> = ROUTES
        .iter()
        .filter(|(_, t)| !t.starts_with('{') && template_match(t, segs).is_some())
        .map(|(m, _)| *m)
        .collect();
    methods.dedup();
    methods
}

/// As the API's router: a path it does not have is 404 `Got an invalid (or empty) URL` (before
/// any object is looked up), a method it does not have there is 405.
fn check_route(method: &Method, path: &str, segs: &[&str]) -> Result<(), ApiError> {
    let asked = if *method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    let methods = methods_of(segs);
    if methods.contains(&asked) {
        Ok(())
    } else if methods.is_empty() {
        Err(ApiError::invalid_url())
    } else {
        Err(ApiError::method_not_allowed(asked, path, &methods))
    }
}

/// The list of second factors a `/me/accessRestriction/{kind}` segment names.
fn factor(kind: &str) -> Result<access::Factor, ApiError> {
    match kind {
        "totp" => Ok(access::Factor::Totp),
        "u2f" => Ok(access::Factor::U2f),
        "sms" => Ok(access::Factor::Sms),
        _ => Err(ApiError::invalid_url()),
    }
}

/// The separator of a batch read (`X-Ovh-Batch`), unless the settings turn batch mode off (an
/// API that reads one id per request: the ids then fail as one invalid number).
fn batch_separator<'a>(sb: &Sandbox, req: &ApiReq<'a>) -> Option<&'a str> {
    if sb.settings.ignore_batch {
        return None;
    }
    req.headers
        .get("x-ovh-batch")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
}

fn dispatch(sb: &mut Sandbox, req: &ApiReq) -> ApiResult {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    check_route(req.method, req.path, &segs)?;
    let m = req.method;
    let get = *m == Method::GET || *m == Method::HEAD;
    let post = *m == Method::POST;
    let put = *m == Method::PUT;
    match segs.as_slice() {
        ["auth", "time"] if get => Ok(Reply::raw(sb.now().timestamp().to_string())),
        ["me"] if get => Ok(Reply::json(&sb.account.me)),
        ["me", "autorenew"] => account::autorenew(sb, req),
        ["services"] if get => services::list(sb, req),
        ["services", id] if get => services::get(sb, parse_id("serviceId", id)?),
        ["services", id] if put => services::put(sb, parse_id("serviceId", id)?, req.body),
        ["services", id, "renewPeriodCapacities"] if get => {
            services::renew_period_capacities(sb, parse_id("serviceId", id)?)
        }
        ["services", id, "form"] if get => services::forms(sb, parse_id("serviceId", id)?),
        ["services", id, "form", name] if get => {
            services::form(sb, parse_id("serviceId", id)?, name)
        }
        ["services", id, "form", name, "answer"] if post => {
            services::form_answer(sb, parse_id("serviceId", id)?, name, req.body)
        }
        ["service", id, "renew"] if get => services::renew_offers(
            sb,
            parse_id("serviceId", id)?,
            req.query("includeOptions") == Some("true"),
        ),
        ["service", id, "renew"] if post => {
            services::renew_order(sb, parse_id("serviceId", id)?, req.body)
        }
        ["hosting", "web", name, "terminate"] if post => {
            services::terminate(sb, &format!("/hosting/web/{name}"), "/hosting/web/")
        }
        ["email", "domain", name, "terminate"] if post => {
            services::terminate(sb, &format!("/email/domain/{name}"), "/email/domain/")
        }
        ["hosting", "privateDatabase", name, "terminate"] if post => services::terminate(
            sb,
            &format!("/hosting/privateDatabase/{name}"),
            "/hosting/privateDatabase/",
        ),
        [.., "serviceInfos"] if segs.len() > 1 && (get || put) => {
            let url = req.path.strip_suffix("/serviceInfos").unwrap_or(req.path);
            if get {
                services::get_infos(sb, url)
            } else {
                services::put_infos(sb, url, req.body)
            }
        }
        ["me", "order"] if get => orders::list(sb, req),
        ["me", "order", id] if get => orders::get(sb, parse_id("orderId", id)?),
        ["me", "order", id, "status"] if get => match batch_separator(sb, req) {
            Some(separator) => orders::status_batch(sb, id, separator),
            None => orders::status(sb, parse_id("orderId", id)?),
        },
        ["me", "order", id, "details"] if get => orders::details(sb, parse_id("orderId", id)?),
        ["me", "order", id, "details", d] if get => {
            orders::detail(sb, parse_id("orderId", id)?, parse_id("orderDetailId", d)?)
        }
        ["me", "order", id, "followUp"] if get => orders::follow_up(sb, parse_id("orderId", id)?),
        ["me", "order", id, "paymentMethods"] if get => {
            orders::payment_methods(sb, parse_id("orderId", id)?)
        }
        ["me", "order", id, "retraction"] if post => {
            orders::retraction(sb, parse_id("orderId", id)?, req.body)
        }
        ["me", "bill"] if get => account::bills(sb, req),
        ["me", "bill", id] if get => account::bill(sb, id),
        ["me", "payment", "method"] if get => account::payment_methods(sb, req),
        ["me", "payment", "method", id] if get => {
            account::payment_method(sb, parse_id("paymentMethodId", id)?)
        }
        ["me", "debtAccount"] if get => account::debt_account(sb),
        ["me", "debtAccount", "debt"] if get => account::debts(sb),
        ["me", "debtAccount", "debt", id] if get => account::debt(sb, parse_id("debtId", id)?),
        ["me", "debtAccount", "pay"] if post => account::pay_debts(sb, None, req.body),
        ["me", "debtAccount", "debt", id, "pay"] if post => {
            account::pay_debts(sb, Some(parse_id("debtId", id)?), req.body)
        }
        ["me", "accessRestriction", "backupCode"] if get => access::backup_code(sb),
        ["me", "accessRestriction", kind] if get => access::list(sb, factor(kind)?),
        ["me", "accessRestriction", kind, id] if get => {
            access::get(sb, factor(kind)?, parse_id("id", id)?)
        }
        // A route of `ROUTES` this match forgot (a test sends every one).
        _ => Err(ApiError::invalid_url()),
    }
}
