//! The classic side: application key + consumer key. `POST /1.0/auth/credential` asks for a
//! consumer key with access rules; the user validates it on `/auth/?credentialToken=`; every
//! call is then signed and checked against the rules.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use sha1::{Digest, Sha1};

use super::{error_page, form, page, same, see_other, Shared};
use crate::reply::ApiError;
use crate::util::{html_escape, parse_query};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    PendingValidation,
    Validated,
    Refused,
    Expired,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::PendingValidation => "pendingValidation",
            Status::Validated => "validated",
            Status::Refused => "refused",
            Status::Expired => "expired",
        }
    }
}

/// A consumer key.
#[derive(Debug, Clone)]
pub struct Cred {
    pub id: u64,
    pub status: Status,
    pub rules: Vec<(String, String)>,
    pub redirection: Option<String>,
    pub validation_token: String,
    pub expires: Option<Instant>,
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// `*` in a rule's path matches any run of characters (`/` included), as the API's rules do.
pub fn rule_matches(pattern: &str, path: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == path;
    }
    let mut rest = match path.strip_prefix(parts[0]) {
        Some(r) => r,
        None => return false,
    };
    for (i, part) in parts.iter().enumerate().skip(1) {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// `POST /1.0/auth/credential` (application key only, no signature).
pub async fn request_credential(
    State(up): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if header_str(&headers, "x-ovh-application") != Some(up.cfg.app_key.as_str()) {
        return up.refuse(ApiError::new(403, "INVALID_KEY", "Invalid application key"));
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return ApiError::bad_request("Invalid JSON body")
            .into_reply()
            .into_response();
    };
    let mut rules = Vec::new();
    for rule in body["accessRules"].as_array().into_iter().flatten() {
        let method = rule["method"].as_str().unwrap_or("");
        let path = rule["path"].as_str().unwrap_or("");
        if !matches!(method, "GET" | "POST" | "PUT" | "DELETE") || !path.starts_with('/') {
            return ApiError::bad_request(format!("Invalid access rule {method} {path}"))
                .into_reply()
                .into_response();
        }
        rules.push((method.to_string(), path.to_string()));
    }
    if rules.is_empty() {
        return ApiError::bad_request("accessRules is required")
            .into_reply()
            .into_response();
    }
    let redirection = body["redirection"].as_str().map(str::to_string);
    let host = header_str(&headers, "host").unwrap_or("127.0.0.1");
    let mut st = up.lock();
    let ck = st.token(32);
    let token = st.token(32);
    let id = st.next_credential_id;
    st.next_credential_id += 1;
    st.credentials.insert(
        ck.clone(),
        Cred {
            id,
            status: Status::PendingValidation,
            rules,
            redirection,
            validation_token: token.clone(),
            expires: None,
        },
    );
    st.counters.credentials_requested += 1;
    axum::Json(json!({
        "validationUrl": format!("http://{host}/auth/?credentialToken={token}"),
        "consumerKey": ck,
        "state": "pendingValidation",
    }))
    .into_response()
}

fn find_by_token<'a>(
    st: &'a mut super::UpState,
    token: &str,
) -> Option<(&'a String, &'a mut Cred)> {
    st.credentials
        .iter_mut()
        .find(|(_, c)| !token.is_empty() && same(&c.validation_token, token))
}

/// `GET /auth/?credentialToken=`: the validation page.
pub async fn validation_page(State(up): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let token = parse_query(q.as_deref().unwrap_or(""))
        .into_iter()
        .find(|(k, _)| k == "credentialToken")
        .map(|(_, v)| v)
        .unwrap_or_default();
    let nic = up.sandbox.lock().account.me.nichandle.clone();
    let mut st = up.lock();
    let Some((_, cred)) = find_by_token(&mut st, &token) else {
        return error_page(StatusCode::NOT_FOUND, "Unknown credential token");
    };
    if cred.status != Status::PendingValidation {
        return error_page(StatusCode::CONFLICT, "This credential was already answered");
    }
    let rules: String = cred
        .rules
        .iter()
        .map(|(m, p)| {
            format!(
                "<li><code>{} {}</code></li>",
                html_escape(m),
                html_escape(p)
            )
        })
        .collect();
    page(
        "Validate the access — sandbox",
        &format!(
            "<p>An application asks to act on the account <strong>{}</strong> with these \
{} rights:</p><ul>{rules}</ul>\
<form method=\"post\" action=\"/auth/\">\
<input type=\"hidden\" name=\"credentialToken\" value=\"{}\">\
<button type=\"submit\" name=\"decision\" value=\"allow\">Authorize</button> \
<button type=\"submit\" name=\"decision\" value=\"deny\">Refuse</button></form>",
            html_escape(&nic),
            cred.rules.len(),
            html_escape(&token)
        ),
    )
}

/// `POST /auth/`: the user's answer; then to the application's `redirection`.
pub async fn validation_decision(State(up): State<Shared>, body: Bytes) -> Response {
    let f = form(&body);
    let token = f.get("credentialToken").cloned().unwrap_or_default();
    let allow = f.get("decision").map(String::as_str) == Some("allow");
    let ttl = up.cfg.credential_ttl;
    let mut st = up.lock();
    let Some((_, cred)) = find_by_token(&mut st, &token) else {
        return error_page(StatusCode::NOT_FOUND, "Unknown credential token");
    };
    if cred.status != Status::PendingValidation {
        return error_page(StatusCode::CONFLICT, "This credential was already answered");
    }
    if allow {
        cred.status = Status::Validated;
        cred.expires = Some(Instant::now() + ttl);
    } else {
        cred.status = Status::Refused;
    }
    let redirection = cred.redirection.clone();
    if allow {
        st.counters.credentials_validated += 1;
    }
    drop(st);
    match redirection {
        Some(r) => see_other(&r),
        None => page("Done", "<p>You can close this page.</p>"),
    }
}

/// Checks a signed call: the application, the consumer key (validated, unexpired), the
/// timestamp (within the allowed skew of the API's clock), the signature, then the rules.
/// Answers the consumer key.
pub fn verify(up: &Shared, parts: &Parts, body: &Bytes) -> Result<String, ApiError> {
    let h = &parts.headers;
    if header_str(h, "x-ovh-application").is_none_or(|ak| !same(ak, &up.cfg.app_key)) {
        return Err(ApiError::new(403, "INVALID_KEY", "Invalid application key"));
    }
    let Some(ck) = header_str(h, "x-ovh-consumer").map(str::to_string) else {
        return Err(ApiError::new(401, "NOT_CREDENTIAL", "You must login first"));
    };
    let timestamp: i64 = header_str(h, "x-ovh-timestamp")
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| ApiError::new(400, "INVALID_SIGNATURE", "Invalid timestamp"))?;
    if (timestamp - up.api_time()).abs() > up.cfg.max_skew {
        return Err(ApiError::new(
            400,
            "QUERY_TIME_OUT",
            "Query out of time: check X-Ovh-Timestamp against /auth/time",
        ));
    }
    let host = header_str(h, "host").unwrap_or("");
    let full_url = format!(
        "http://{host}{}",
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    );
    let mut sha = Sha1::new();
    for (i, part) in [
        up.cfg.app_secret.as_bytes(),
        ck.as_bytes(),
        parts.method.as_str().as_bytes(),
        full_url.as_bytes(),
        body,
        timestamp.to_string().as_bytes(),
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            sha.update(b"+");
        }
        sha.update(part);
    }
    let expected: String = sha.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let given = header_str(h, "x-ovh-signature").unwrap_or("");
    if !same(given, &format!("$1${expected}")) {
        return Err(ApiError::new(400, "INVALID_SIGNATURE", "Invalid signature"));
    }
    let st = up.lock();
    let Some(cred) = st.credentials.get(&ck) else {
        return Err(ApiError::new(
            403,
            "INVALID_CREDENTIAL",
            "This credential does not exist",
        ));
    };
    let live = cred.status == Status::Validated && cred.expires.is_some_and(|e| Instant::now() < e);
    if !live {
        return Err(ApiError::new(
            403,
            "INVALID_CREDENTIAL",
            "This credential is not valid",
        ));
    }
    let path = parts.uri.path().strip_prefix("/1.0").unwrap_or("");
    let method = parts.method.as_str();
    // The routes about the credential itself need no rule.
    let own = matches!(
        (method, path),
        ("GET", "/auth/currentCredential") | ("POST", "/auth/logout")
    );
    if !own
        && !cred
            .rules
            .iter()
            .any(|(m, p)| m == method && rule_matches(p, path))
    {
        return Err(ApiError::new(
            403,
            "NOT_GRANTED_CALL",
            "This call has not been granted",
        ));
    }
    Ok(ck)
}

/// `GET /1.0/auth/currentCredential`.
pub fn current_credential(up: &Shared, ck: &str) -> Response {
    let st = up.lock();
    let Some(cred) = st.credentials.get(ck) else {
        return ApiError::not_found("credential")
            .into_reply()
            .into_response();
    };
    axum::Json(json!({
        "credentialId": cred.id,
        "status": cred.status.as_str(),
        "rules": cred.rules.iter().map(|(m, p)| json!({ "method": m, "path": p })).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// `POST /1.0/auth/logout`: the consumer key expires now.
pub fn logout(up: &Shared, ck: &str) -> Response {
    let mut st = up.lock();
    if let Some(cred) = st.credentials.get_mut(ck) {
        cred.status = Status::Expired;
    }
    st.counters.logouts += 1;
    let mut resp = axum::Json(Value::Null).into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::rule_matches;

    #[test]
    fn rules_match_with_wildcards() {
        assert!(rule_matches("/me", "/me"));
        assert!(!rule_matches("/me", "/me/api/credential"));
        assert!(rule_matches("/services/*", "/services/12"));
        assert!(!rule_matches("/services/*", "/service/12/renew"));
        assert!(rule_matches(
            "/services/*/form/termination",
            "/services/1/form/termination"
        ));
        assert!(!rule_matches(
            "/services/*/form/termination",
            "/services/1/form/termination/answer"
        ));
        assert!(rule_matches(
            "/email/exchange/*/service/*/serviceInfos",
            "/email/exchange/o/service/s/serviceInfos"
        ));
        assert!(rule_matches("/*", "/anything/at/all"));
        assert!(!rule_matches(
            "/domain/*/serviceInfos",
            "/domain/x/serviceInfosX"
        ));
    }
}
