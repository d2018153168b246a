//! The router: the API under `/engine/apiv6`, control routes under `/_sandbox`, the static site.

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

use crate::faults::{self, FaultAction};
use crate::reply::{ApiError, ApiResult, Reply};
use crate::state::{LogEntry, Sandbox, SharedState};
use crate::util;

pub const API_PREFIX: &str = "/engine/apiv6";
pub const SESSION_COOKIE: &str = "sandbox_session";

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

pub fn parse_id(what: &str, s: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| {
        ApiError::bad_request(format!(
            "[{what}] Given data ({s}) is not valid for type long"
        ))
    })
}

fn dispatch(sb: &mut Sandbox, req: &ApiReq) -> ApiResult {
    let segs: Vec<&str> = req.segs.iter().map(String::as_str).collect();
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
        ["services", id, "form", "termination"] if get => {
            services::termination_form(sb, parse_id("serviceId", id)?)
        }
        ["services", id, "form", "termination", "answer"] if post => {
            services::termination_answer(sb, parse_id("serviceId", id)?, req.body)
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
        ["me", "order", id, "status"] if get => orders::status(sb, parse_id("orderId", id)?),
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
        _ => Err(ApiError::not_found(req.path)),
    }
}
