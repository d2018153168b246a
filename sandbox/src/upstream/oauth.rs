//! The OAuth2 side: a consent page, the authorization code (PKCE S256 required), the token
//! endpoint (code and refresh grants, refresh tokens rotated on use).

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{error_page, form, page, same, see_other, Shared};
use crate::util::{html_escape, parse_query, percent_encode};

/// An authorization code lasts this long, and is used once.
const CODE_TTL: Duration = Duration::from_secs(60);
/// Refresh tokens last this long.
const REFRESH_TTL: Duration = Duration::from_secs(30 * 24 * 3600);

/// What a code was issued for.
#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub redirect_uri: String,
    pub challenge: String,
    pub expires: Instant,
}

/// The authorization request, checked. Errors are shown on the provider's page, never sent to
/// an unverified `redirect_uri`.
struct AuthRequest {
    redirect_uri: String,
    state: Option<String>,
    challenge: String,
    scope: String,
}

fn check_request(
    up: &Shared,
    p: &std::collections::HashMap<String, String>,
) -> Result<AuthRequest, String> {
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    if get("client_id") != up.cfg.client_id {
        return Err("Unknown client_id".into());
    }
    let redirect_uri = get("redirect_uri");
    if !up.cfg.callbacks.contains(&redirect_uri) {
        return Err(format!(
            "redirect_uri `{redirect_uri}` is not a callback URL of this client"
        ));
    }
    if get("response_type") != "code" {
        return Err("response_type must be code".into());
    }
    let challenge = get("code_challenge");
    if get("code_challenge_method") != "S256" || challenge.len() < 43 {
        return Err("PKCE is required: code_challenge with code_challenge_method=S256".into());
    }
    Ok(AuthRequest {
        redirect_uri,
        state: p.get("state").cloned(),
        challenge,
        scope: get("scope"),
    })
}

/// `GET /auth/oauth2/authorize`: the consent page.
pub async fn authorize_page(State(up): State<Shared>, RawQuery(q): RawQuery) -> Response {
    let params: std::collections::HashMap<String, String> = parse_query(q.as_deref().unwrap_or(""))
        .into_iter()
        .collect();
    let req = match check_request(&up, &params) {
        Ok(r) => r,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e),
    };
    let nic = up.sandbox.lock().account.me.nichandle.clone();
    let hidden: String = [
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
    ]
    .iter()
    .filter_map(|k| params.get(*k).map(|v| (k, v)))
    .map(|(k, v)| {
        format!(
            "<input type=\"hidden\" name=\"{k}\" value=\"{}\">",
            html_escape(v)
        )
    })
    .collect();
    page(
        "Authorize access — sandbox",
        &format!(
            "<p>The application <strong>{}</strong> asks to act on the account <strong>{}</strong> \
(scope <code>{}</code>).</p>\
<p>It will come back to <code>{}</code>.</p>\
<form method=\"post\" action=\"/auth/oauth2/authorize\">{hidden}\
<button type=\"submit\" name=\"decision\" value=\"allow\">Authorize</button> \
<button type=\"submit\" name=\"decision\" value=\"deny\">Refuse</button></form>",
            html_escape(&up.cfg.client_id),
            html_escape(&nic),
            html_escape(&req.scope),
            html_escape(&req.redirect_uri),
        ),
    )
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let q: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{}", q.join("&"))
}

/// `POST /auth/oauth2/authorize`: the user's answer; back to the client's callback.
pub async fn authorize_decision(State(up): State<Shared>, body: Bytes) -> Response {
    let params = form(&body);
    let req = match check_request(&up, &params) {
        Ok(r) => r,
        Err(e) => return error_page(StatusCode::BAD_REQUEST, &e),
    };
    let state = req.state.clone().unwrap_or_default();
    if params.get("decision").map(String::as_str) != Some("allow") {
        let mut pairs = vec![("error", "access_denied")];
        if req.state.is_some() {
            pairs.push(("state", &state));
        }
        return see_other(&with_query(&req.redirect_uri, &pairs));
    }
    let code = {
        let mut st = up.lock();
        let code = st.token(40);
        st.codes.insert(
            code.clone(),
            CodeGrant {
                redirect_uri: req.redirect_uri.clone(),
                challenge: req.challenge.clone(),
                expires: Instant::now() + CODE_TTL,
            },
        );
        st.counters.codes_issued += 1;
        code
    };
    let mut pairs = vec![("code", code.as_str())];
    if req.state.is_some() {
        pairs.push(("state", &state));
    }
    see_other(&with_query(&req.redirect_uri, &pairs))
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    let mut resp = (
        status,
        axum::Json(json!({ "error": error, "error_description": description })),
    )
        .into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    resp
}

/// Client credentials from HTTP Basic or the form (`client_secret_basic` / `_post`).
fn client_of(
    headers: &HeaderMap,
    f: &std::collections::HashMap<String, String>,
) -> Option<(String, String)> {
    if let Some(basic) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = String::from_utf8(STANDARD.decode(basic.trim()).ok()?).ok()?;
        let (id, secret) = decoded.split_once(':')?;
        return Some((id.to_string(), secret.to_string()));
    }
    Some((f.get("client_id")?.clone(), f.get("client_secret")?.clone()))
}

/// `POST /auth/oauth2/token`.
pub async fn token(State(up): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let f = form(&body);
    let Some((id, secret)) = client_of(&headers, &f) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "no client credentials",
        );
    };
    if !(same(&id, &up.cfg.client_id) & same(&secret, &up.cfg.client_secret)) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "unknown client");
    }
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let mut st = up.lock();
    let now = Instant::now();
    match get("grant_type").as_str() {
        "authorization_code" => {
            // Used once, whatever the outcome.
            let Some(grant) = st.codes.remove(&get("code")) else {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "unknown code");
            };
            if now >= grant.expires {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "expired code");
            }
            if get("redirect_uri") != grant.redirect_uri {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "redirect_uri mismatch",
                );
            }
            let verifier = get("code_verifier");
            let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
            if verifier.len() < 43 || !same(&computed, &grant.challenge) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "PKCE verification failed",
                );
            }
        }
        "refresh_token" => {
            // Rotated: the presented refresh token is spent.
            let Some(expires) = st.refresh_tokens.remove(&get("refresh_token")) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown refresh token",
                );
            };
            if now >= expires {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "expired refresh token",
                );
            }
            st.counters.refreshes += 1;
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "code or refresh_token",
            );
        }
    }
    let access = st.token(48);
    let refresh = st.token(48);
    st.access_tokens
        .insert(access.clone(), now + up.cfg.token_ttl);
    st.refresh_tokens.insert(refresh.clone(), now + REFRESH_TTL);
    st.counters.tokens_issued += 1;
    drop(st);
    let mut resp = axum::Json(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": up.cfg.token_ttl.as_secs(),
        "refresh_token": refresh,
        "scope": "all",
    }))
    .into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    resp
}
