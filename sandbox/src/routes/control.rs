//! Control routes under `/_sandbox/` (no session needed): login, reset, faults, log, payment pages.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::faults;
use crate::reply::{ApiError, Reply};
use crate::routes::orders;
use crate::state::{to_value, Clock, SharedState};
use crate::util::{self, html_escape, parse_query};

pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/_sandbox", get(index))
        .route("/_sandbox/", get(index))
        .route("/_sandbox/login", get(login_page).post(login_post))
        .route("/_sandbox/logout", get(logout).post(logout))
        .route("/_sandbox/expire-session", post(expire_session))
        .route("/_sandbox/reset", post(reset))
        .route(
            "/_sandbox/faults",
            get(faults_get)
                .put(faults_put)
                .post(faults_post)
                .delete(faults_delete),
        )
        .route("/_sandbox/log", get(log_get).delete(log_delete))
        .route("/_sandbox/state", get(state_get))
        .route("/_sandbox/clock", get(clock_get).put(clock_put))
        .route("/_sandbox/settings", get(settings_get).put(settings_put))
        .route("/_sandbox/dataset", get(dataset_get))
        .route("/_sandbox/pay/{order_id}", get(pay_page).post(pay_post))
        .route("/_sandbox/order", get(order_view))
        .route("/_sandbox/bill", get(bill_view))
        .route("/_sandbox/{*rest}", any(not_found))
}

fn err(status: u16, message: impl Into<String>) -> Response {
    ApiError::new(status, "SANDBOX", message)
        .into_reply()
        .into_response()
}

async fn not_found(uri: axum::http::Uri) -> Response {
    ApiError::not_found(uri.path()).into_reply().into_response()
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}}\
button{{font-size:1rem;padding:.6rem 1.4rem;border-radius:.4rem;border:0;background:#0050d7;color:#fff;cursor:pointer}}\
button:focus-visible,a:focus-visible{{outline:3px solid #f5a623;outline-offset:2px}}\
table{{border-collapse:collapse;width:100%}}td,th{{border-bottom:1px solid #ddd;padding:.4rem;text-align:left}}\
.note{{color:#555;font-size:.9rem}}</style></head>\n<body><main>\n<h1>{t}</h1>\n{body}\n</main></body></html>\n",
        t = html_escape(title)
    )
}

async fn index() -> Html<String> {
    Html(page(
        "Sandbox",
        "<p>Local OVHcloud-API-compatible backend. API under <code>/engine/apiv6</code>.</p>\
<ul><li><a href=\"/_sandbox/login?return=/\">Sign in</a></li>\
<li><a href=\"/_sandbox/state\">State</a> · <a href=\"/_sandbox/log\">Mutation log</a> · \
<a href=\"/_sandbox/faults\">Faults</a></li></ul>",
    ))
}

/// A return target is kept only when it is a same-origin path.
pub fn safe_return(target: Option<&str>) -> String {
    match target {
        Some(t)
            if t.starts_with('/')
                && !t.starts_with("//")
                && !t.starts_with("/\\")
                && !t.chars().any(|c| c.is_control()) =>
        {
            t.to_string()
        }
        _ => "/".into(),
    }
}

async fn login_page(RawQuery(q): RawQuery) -> Html<String> {
    let params = parse_query(q.as_deref().unwrap_or(""));
    let ret = params
        .iter()
        .find(|(k, _)| k == "return")
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| "/".into());
    Html(page(
        "Sign in — sandbox",
        &format!(
            "<p>Compte de démonstration <strong>dp12345-ovh</strong>. Aucun mot de passe : \
ceci est le bac à sable local (sandbox).</p>\
<p lang=\"en\">Demo account, no password needed.</p>\
<form method=\"post\" action=\"/_sandbox/login\">\
<input type=\"hidden\" name=\"return\" value=\"{}\">\
<button type=\"submit\">Sign in</button></form>",
            html_escape(&ret)
        ),
    ))
}

async fn login_post(State(st): State<SharedState>, RawQuery(q): RawQuery, body: Bytes) -> Response {
    let form = parse_query(&String::from_utf8_lossy(&body));
    let query = parse_query(q.as_deref().unwrap_or(""));
    let target = form
        .iter()
        .chain(query.iter())
        .find(|(k, _)| k == "return")
        .map(|(_, v)| v.as_str());
    let location = safe_return(target);
    let token = st.lock().new_session();
    let cookie = format!(
        "{}={token}; HttpOnly; SameSite=Lax; Path=/",
        crate::routes::SESSION_COOKIE
    );
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

async fn logout(State(st): State<SharedState>, headers: HeaderMap) -> Response {
    {
        let mut sb = st.lock();
        for t in crate::routes::session_of(&headers) {
            sb.sessions.remove(&t);
        }
    }
    let cookie = format!(
        "{}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0",
        crate::routes::SESSION_COOKIE
    );
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, "/_sandbox/login?return=/".to_string()),
            (header::SET_COOKIE, cookie),
        ],
    )
        .into_response()
}

async fn expire_session(State(st): State<SharedState>) -> Response {
    st.lock().sessions.clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn reset(State(st): State<SharedState>) -> Response {
    st.lock().reset();
    Reply::json(&json!({ "reset": true })).into_response()
}

async fn faults_get(State(st): State<SharedState>) -> Response {
    Reply::json(&st.lock().faults).into_response()
}

fn parse_rules(body: &Bytes) -> Result<Vec<faults::FaultRule>, String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("Invalid JSON: {e}"))?;
    faults::rules_from_json(v).map_err(|e| format!("Invalid fault rule: {e}"))
}

/// A `drop` must meet fresh connections: close the idle ones (see `close_idle_connections`).
fn recycle_if_drop(st: &SharedState) {
    if st.drop_armed() {
        st.close_idle_connections();
    }
}

async fn faults_put(State(st): State<SharedState>, body: Bytes) -> Response {
    match parse_rules(&body) {
        Ok(rules) => {
            let resp = {
                let mut sb = st.lock();
                sb.faults = rules;
                sb.fault_rng = util::Rng::new(sb.seed);
                Reply::json(&sb.faults).into_response()
            };
            recycle_if_drop(&st);
            resp
        }
        Err(e) => err(400, e),
    }
}

async fn faults_post(State(st): State<SharedState>, body: Bytes) -> Response {
    match parse_rules(&body) {
        Ok(rules) => {
            let resp = {
                let mut sb = st.lock();
                sb.faults.extend(rules);
                Reply::json(&sb.faults).into_response()
            };
            recycle_if_drop(&st);
            resp
        }
        Err(e) => err(400, e),
    }
}

async fn faults_delete(State(st): State<SharedState>) -> Response {
    let mut sb = st.lock();
    sb.faults.clear();
    sb.fault_rng = util::Rng::new(sb.seed);
    StatusCode::NO_CONTENT.into_response()
}

async fn log_get(State(st): State<SharedState>) -> Response {
    Reply::json(&st.lock().log).into_response()
}

async fn log_delete(State(st): State<SharedState>) -> Response {
    st.lock().log.clear();
    StatusCode::NO_CONTENT.into_response()
}

fn type_of(path: &str) -> String {
    let p = path.split("/{").next().unwrap_or(path);
    if p.is_empty() {
        "null".into()
    } else {
        p.to_string()
    }
}

async fn state_get(State(st): State<SharedState>) -> Response {
    let sb = st.lock();
    let acc = &sb.account;
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for s in &acc.services {
        *by_type.entry(type_of(s.route_path())).or_default() += 1;
    }
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    for o in &acc.orders {
        *by_status.entry(o.status.clone()).or_default() += 1;
    }
    Reply::json(&json!({
        "now": util::fmt_dt(sb.now()),
        "services": acc.services.len(),
        "servicesByType": by_type,
        "children": acc.services.iter().filter(|s| s.svc.parent_service_id.is_some()).count(),
        "orders": acc.orders.len(),
        "ordersByStatus": by_status,
        "bills": acc.bills.len(),
        "paymentMethods": acc.payment_methods.len(),
        "debts": acc.debts.len(),
        "autorenew": to_value(&acc.autorenew),
        "sessions": sb.sessions.len(),
        "faults": sb.faults.len(),
        "hanging": st.hanging.load(std::sync::atomic::Ordering::SeqCst),
        "tampers": sb.tampers.len(),
        "settings": to_value(&sb.settings),
        "log": sb.log.len(),
        "terminationAnswers": sb.termination_answers.iter().map(|(id, a)| json!({ "serviceId": id, "answers": a })).collect::<Vec<_>>(),
    }))
    .into_response()
}

async fn settings_get(State(st): State<SharedState>) -> Response {
    Reply::json(&st.lock().settings).into_response()
}

/// `PUT /_sandbox/settings {"ignorePagination": bool}`: a field left out keeps its value; an
/// unknown field is a 400 that changes nothing.
async fn settings_put(State(st): State<SharedState>, body: Bytes) -> Response {
    let patch: Value = match serde_json::from_slice(&body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            return err(
                400,
                "Expected a JSON object, e.g. {\"ignorePagination\": true}",
            )
        }
        Err(e) => return err(400, format!("Invalid JSON: {e}")),
    };
    let mut sb = st.lock();
    let mut merged = to_value(&sb.settings);
    if let (Value::Object(m), Value::Object(p)) = (&mut merged, patch) {
        m.extend(p);
    }
    match serde_json::from_value::<crate::state::Settings>(merged) {
        Ok(settings) => {
            sb.settings = settings;
            Reply::json(&sb.settings).into_response()
        }
        Err(e) => err(400, format!("Invalid settings: {e}")),
    }
}

async fn clock_get(State(st): State<SharedState>) -> Response {
    let now = st.lock().now();
    Reply::json(&json!({ "now": util::fmt_dt(now), "unix": now.timestamp() })).into_response()
}

/// `PUT /_sandbox/clock {"now": RFC3339}`: moves the sandbox clock (the data do not move).
async fn clock_put(State(st): State<SharedState>, body: Bytes) -> Response {
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return err(400, format!("Invalid JSON: {e}")),
    };
    let Some(now) = v
        .get("now")
        .and_then(Value::as_str)
        .and_then(util::parse_dt)
    else {
        return err(400, "Expected {\"now\": \"<RFC 3339 datetime>\"}");
    };
    st.lock().clock = Clock::new(now);
    clock_get(State(st)).await
}

async fn dataset_get(State(st): State<SharedState>) -> Response {
    Reply::json(&st.lock().account.to_dataset_value()).into_response()
}

fn html_status(status: StatusCode, title: &str, body: &str) -> Response {
    (status, Html(page(title, body))).into_response()
}

fn param(q: &Option<String>, key: &str) -> Option<String> {
    parse_query(q.as_deref().unwrap_or(""))
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

fn order_table(rec: &crate::model::OrderRecord) -> String {
    let mut rows = String::new();
    for d in &rec.details {
        rows.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&d.description),
            html_escape(&d.quantity),
            html_escape(&d.total_price.text)
        ));
    }
    format!(
        "<table><caption>Commande n°{}</caption><thead><tr><th scope=\"col\">Description</th>\
<th scope=\"col\">Quantité</th><th scope=\"col\">Montant HT</th></tr></thead><tbody>{rows}</tbody></table>\
<p>Total HT : {} · TVA : {} · <strong>Total TTC : {}</strong></p><p>État : {}</p>",
        rec.order.order_id,
        html_escape(&rec.order.price_without_tax.text),
        html_escape(&rec.order.tax.text),
        html_escape(&rec.order.price_with_tax.text),
        html_escape(&rec.status)
    )
}

async fn pay_page(
    State(st): State<SharedState>,
    Path(order_id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let sb = st.lock();
    let Some(rec) = order_id
        .parse()
        .ok()
        .and_then(|id| sb.account.order_index(id))
        .map(|i| &sb.account.orders[i])
    else {
        return html_status(
            StatusCode::NOT_FOUND,
            "Commande introuvable",
            "<p>Cette commande n'existe pas.</p>",
        );
    };
    if param(&q, "password").as_deref() != rec.order.password.as_deref() {
        return html_status(
            StatusCode::FORBIDDEN,
            "Accès refusé",
            "<p>Lien de paiement invalide.</p>",
        );
    }
    let action = if rec.status == "notPaid" {
        format!(
            "<form method=\"post\" action=\"/_sandbox/pay/{}?password={}\">\
<button type=\"submit\">Payer {}</button></form>\
<p class=\"note\">Sandbox : aucun paiement réel. Le clic marque la commande comme payée et livrée.</p>",
            rec.order.order_id,
            html_escape(&util::percent_encode(rec.order.password.as_deref().unwrap_or(""))),
            html_escape(&rec.order.price_with_tax.text)
        )
    } else {
        "<p>Cette commande n'est pas en attente de paiement.</p><p><a href=\"/\">Retour à la console</a></p>".into()
    };
    html_status(
        StatusCode::OK,
        &format!("Paiement de la commande n°{}", rec.order.order_id),
        &format!("{}{action}", order_table(rec)),
    )
}

async fn pay_post(
    State(st): State<SharedState>,
    Path(order_id): Path<String>,
    RawQuery(q): RawQuery,
) -> Response {
    let mut sb = st.lock();
    let Some(id) = order_id
        .parse::<u64>()
        .ok()
        .filter(|id| sb.account.order_index(*id).is_some())
    else {
        return html_status(
            StatusCode::NOT_FOUND,
            "Commande introuvable",
            "<p>Cette commande n'existe pas.</p>",
        );
    };
    let idx = sb.account.order_index(id).unwrap_or_default();
    if param(&q, "password").as_deref() != sb.account.orders[idx].order.password.as_deref() {
        return html_status(
            StatusCode::FORBIDDEN,
            "Accès refusé",
            "<p>Lien de paiement invalide.</p>",
        );
    }
    match orders::pay_order(&mut sb, id) {
        Ok(()) => html_status(
            StatusCode::OK,
            "Paiement accepté",
            &format!(
                "<p role=\"status\">La commande n°{id} est payée.</p><p><a href=\"/\">Retour à la console</a></p>"
            ),
        ),
        Err(e) => html_status(
            StatusCode::CONFLICT,
            "Paiement impossible",
            &format!("<p role=\"alert\">{}</p><p><a href=\"/\">Retour à la console</a></p>", html_escape(&e)),
        ),
    }
}

async fn order_view(State(st): State<SharedState>, RawQuery(q): RawQuery) -> Response {
    let sb = st.lock();
    let id = param(&q, "orderId").and_then(|s| s.parse::<u64>().ok());
    let Some(rec) = id
        .and_then(|id| sb.account.order_index(id))
        .map(|i| &sb.account.orders[i])
    else {
        return html_status(
            StatusCode::NOT_FOUND,
            "Commande introuvable",
            "<p>Cette commande n'existe pas.</p>",
        );
    };
    if param(&q, "orderPassword").as_deref() != rec.order.password.as_deref() {
        return html_status(
            StatusCode::FORBIDDEN,
            "Accès refusé",
            "<p>Lien invalide.</p>",
        );
    }
    let pay = if rec.status == "notPaid" {
        format!(
            "<p><a href=\"/_sandbox/pay/{}?password={}\">Payer cette commande</a></p>",
            rec.order.order_id,
            html_escape(&util::percent_encode(
                rec.order.password.as_deref().unwrap_or("")
            ))
        )
    } else {
        String::new()
    };
    html_status(
        StatusCode::OK,
        &format!("Commande n°{}", rec.order.order_id),
        &format!("{}{pay}", order_table(rec)),
    )
}

async fn bill_view(State(st): State<SharedState>, RawQuery(q): RawQuery) -> Response {
    let sb = st.lock();
    let reference = param(&q, "reference").unwrap_or_default();
    let Some(bill) = sb.account.bills.iter().find(|b| b.bill_id == reference) else {
        return html_status(
            StatusCode::NOT_FOUND,
            "Facture introuvable",
            "<p>Cette facture n'existe pas.</p>",
        );
    };
    if param(&q, "passwd").as_deref() != bill.password.as_deref() {
        return html_status(
            StatusCode::FORBIDDEN,
            "Accès refusé",
            "<p>Lien invalide.</p>",
        );
    }
    html_status(
        StatusCode::OK,
        &format!("Facture {}", bill.bill_id),
        &format!(
            "<p>Date : {}</p><p>Commande : {}</p><p>Total HT : {} · TVA : {} · <strong>Total TTC : {}</strong></p>",
            html_escape(&bill.date),
            bill.order_id.map(|o| o.to_string()).unwrap_or_default(),
            html_escape(&bill.price_without_tax.text),
            html_escape(&bill.tax.text),
            html_escape(&bill.price_with_tax.text)
        ),
    )
}
