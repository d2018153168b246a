//! `/auth/login`, `/auth/callback`, `/auth/logout`: the sign-in dance and sign-out.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use crate::config::Flow;
use crate::reply::{self, html_escape};
use crate::seal::random_token;
use crate::secret::Secret;
use crate::session::{self, Login, LoginFlow, Session, LOGIN_COOKIE, SESSION_COOKIE};
use crate::upstream::now;
use crate::{allowlist, signing, Gateway};

fn query_param(query: Option<&str>, key: &str) -> Option<String> {
    url::form_urlencoded::parse(query.unwrap_or("").as_bytes())
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// `location` with every byte a header cannot carry (controls, space, non-ASCII) escaped.
fn header_safe(location: &str) -> String {
    let mut out = String::with_capacity(location.len());
    for b in location.bytes() {
        if (0x21..0x7f).contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn redirect(location: &str, cookies: &[HeaderValue]) -> Response {
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let h = resp.headers_mut();
    match HeaderValue::from_str(&header_safe(location)) {
        Ok(v) => {
            h.insert(header::LOCATION, v);
        }
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for c in cookies {
        h.append(header::SET_COOKIE, c.clone());
    }
    resp
}

fn with_cookie(mut resp: Response, cookie: HeaderValue) -> Response {
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    resp
}

/// `GET /auth/login?return=/path`: starts a sign-in and sends the browser to the provider.
/// Started from the console or the address bar, not from another site's page (in the classic
/// flow each sign-in asks the API for a consumer key).
pub async fn login(
    State(gw): State<Arc<Gateway>>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let return_to = session::safe_return(query_param(q.as_deref(), "return").as_deref());
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"cross-site")
    {
        return reply::sign_in_failed(
            StatusCode::FORBIDDEN,
            "A sign-in cannot be started from another site.",
            &return_to,
        );
    }
    let state = Secret::new(random_token(32));
    let now = now();
    let (location, flow) = match gw.upstream.flow() {
        Flow::OAuth2 { client_id, .. } => {
            let verifier = Secret::new(random_token(32));
            let query = url::form_urlencoded::Serializer::new(String::new())
                .append_pair("response_type", "code")
                .append_pair("client_id", client_id)
                .append_pair("redirect_uri", &gw.cfg.callback_url())
                .append_pair("scope", "all")
                .append_pair("state", state.expose())
                .append_pair(
                    "code_challenge",
                    &signing::pkce_challenge(verifier.expose()),
                )
                .append_pair("code_challenge_method", "S256")
                .finish();
            (
                format!("{}/auth/oauth2/authorize?{query}", gw.upstream.auth_base()),
                LoginFlow::OAuth2 { verifier },
            )
        }
        Flow::Classic { .. } => {
            let redirection = format!(
                "{}?{}",
                gw.cfg.callback_url(),
                url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("state", state.expose())
                    .finish()
            );
            let pending = match gw
                .upstream
                .request_credential(&allowlist::access_rules(), &redirection)
                .await
            {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("gateway: sign-in: {e}");
                    return reply::sign_in_failed(
                        StatusCode::BAD_GATEWAY,
                        "The API did not give a sign-in link. Try again in a moment.",
                        &return_to,
                    );
                }
            };
            if !is_provider_url(&gw, &pending.validation_url) {
                eprintln!("gateway: sign-in: the validation URL is not on the API's host; refused");
                return reply::sign_in_failed(
                    StatusCode::BAD_GATEWAY,
                    "The API's sign-in link points elsewhere; refused.",
                    &return_to,
                );
            }
            (
                pending.validation_url,
                LoginFlow::Classic {
                    consumer_key: pending.consumer_key,
                },
            )
        }
    };
    let login = Login {
        state,
        return_to,
        flow,
    };
    match session::login_cookie(&gw.cfg.sealer, &login, now) {
        Ok(cookie) => redirect(&location, &[cookie]),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The classic flow's validation page must be the provider's (same origin as the API or the
/// sign-in host): never send the user to a URL an answer could have swapped.
fn is_provider_url(gw: &Gateway, candidate: &str) -> bool {
    let Ok(url) = url::Url::parse(candidate) else {
        return false;
    };
    if !matches!(url.scheme(), "https" | "http") {
        return false;
    }
    let origin = url.origin().ascii_serialization();
    [gw.upstream.api_base(), gw.upstream.auth_base()]
        .iter()
        .filter(|b| !b.is_empty())
        .filter_map(|b| url::Url::parse(b).ok())
        .any(|b| b.origin().ascii_serialization() == origin)
}

/// `GET /auth/callback`: back from the provider. The sign-in cookie must be there, unexpired,
/// with the same `state`; it is used once.
pub async fn callback(
    State(gw): State<Arc<Gateway>>,
    RawQuery(q): RawQuery,
    headers: HeaderMap,
) -> Response {
    let now = now();
    let clear_login = session::clear_cookie(LOGIN_COOKIE);
    let Some(opened) = session::read_login(&gw.cfg.sealer, &headers, now) else {
        return with_cookie(
            reply::sign_in_failed(
                StatusCode::BAD_REQUEST,
                "This sign-in was not started in this browser, or took longer than 10 minutes.",
                "/",
            ),
            clear_login,
        );
    };
    let login = opened.value;
    let state = query_param(q.as_deref(), "state").unwrap_or_default();
    let same_state: bool = state
        .as_bytes()
        .ct_eq(login.state.expose().as_bytes())
        .into();
    if !same_state {
        return with_cookie(
            reply::sign_in_failed(
                StatusCode::BAD_REQUEST,
                "This sign-in answer does not belong to the sign-in started here.",
                &login.return_to,
            ),
            clear_login,
        );
    }
    let credential = match (&login.flow, gw.upstream.flow()) {
        (LoginFlow::OAuth2 { verifier }, Flow::OAuth2 { .. }) => {
            if let Some(error) = query_param(q.as_deref(), "error") {
                let error: String = error.chars().take(64).collect();
                return with_cookie(
                    reply::sign_in_failed(
                        StatusCode::FORBIDDEN,
                        &format!("The sign-in was not granted ({error})."),
                        &login.return_to,
                    ),
                    clear_login,
                );
            }
            let Some(code) = query_param(q.as_deref(), "code").filter(|c| !c.is_empty()) else {
                return with_cookie(
                    reply::sign_in_failed(
                        StatusCode::BAD_REQUEST,
                        "The provider sent no authorization code.",
                        &login.return_to,
                    ),
                    clear_login,
                );
            };
            match gw
                .upstream
                .exchange_code(&code, verifier, &gw.cfg.callback_url())
                .await
            {
                Ok(tokens) => tokens.credential(now, None),
                Err(e) => {
                    eprintln!("gateway: sign-in: {e}");
                    return with_cookie(
                        reply::sign_in_failed(
                            StatusCode::BAD_GATEWAY,
                            "The provider did not accept this sign-in. Try again.",
                            &login.return_to,
                        ),
                        clear_login,
                    );
                }
            }
        }
        (LoginFlow::Classic { consumer_key }, Flow::Classic { .. }) => {
            match gw.upstream.credential_status(consumer_key).await {
                Ok(status) if status == "validated" => session::Credential::Classic {
                    consumer_key: consumer_key.clone(),
                },
                Ok(status) => {
                    let status: String = status.chars().take(32).collect();
                    return with_cookie(
                        reply::sign_in_failed(
                            StatusCode::FORBIDDEN,
                            &format!("The access was not granted (credential {status})."),
                            &login.return_to,
                        ),
                        clear_login,
                    );
                }
                Err(e) => {
                    eprintln!("gateway: sign-in: {e}");
                    return with_cookie(
                        reply::sign_in_failed(
                            StatusCode::FORBIDDEN,
                            "The access was not granted.",
                            &login.return_to,
                        ),
                        clear_login,
                    );
                }
            }
        }
        _ => {
            return with_cookie(
                reply::sign_in_failed(
                    StatusCode::BAD_REQUEST,
                    "This sign-in was started with another configuration.",
                    &login.return_to,
                ),
                clear_login,
            );
        }
    };
    let session = Session { credential };
    let expires = now + gw.cfg.session_ttl;
    match session::session_cookie(&gw.cfg.sealer, &session, expires, now) {
        Ok(cookie) => redirect(&login.return_to, &[clear_login, cookie]),
        Err(_) => {
            eprintln!("gateway: sign-in: the provider's tokens do not fit in a cookie");
            with_cookie(
                reply::sign_in_failed(
                    StatusCode::BAD_GATEWAY,
                    "The provider's tokens are too large for this gateway's session cookie.",
                    &login.return_to,
                ),
                clear_login,
            )
        }
    }
}

/// `GET /auth/logout`: a page with the sign-out button (sign-out itself is a POST, so no other
/// site can sign the user out with a link); `?done` says it is done.
pub async fn logout_page(RawQuery(q): RawQuery) -> Response {
    if query_param(q.as_deref(), "done").is_some() {
        return reply::page(
            StatusCode::OK,
            "Signed out",
            "<p>You are signed out of the billing console.</p>\n<p><a href=\"/auth/login?return=/\">Sign in again</a></p>",
        );
    }
    reply::page(
        StatusCode::OK,
        "Sign out",
        "<form method=\"post\" action=\"/auth/logout\"><button type=\"submit\">Sign out</button></form>",
    )
}

/// How long sign-out waits for the provider to revoke the consumer key.
const SIGN_OUT_REVOKE_LIMIT: std::time::Duration = std::time::Duration::from_secs(5);

/// `POST /auth/logout`: revokes what the API lets revoke, forgets the session.
pub async fn logout(State(gw): State<Arc<Gateway>>, headers: HeaderMap) -> Response {
    if let Some(why) = crate::proxy::cross_site(&gw.cfg, &Method::POST, &headers) {
        return reply::page(
            StatusCode::FORBIDDEN,
            "Refused",
            &format!("<p>{}</p>", html_escape(why)),
        );
    }
    // The session is forgotten whatever the provider answers, and soon: a slow or failing
    // revocation never leaves the user signed in (nor waits past a proxy's time limit).
    if let Some(opened) = session::read_session(&gw.cfg.sealer, &headers, now()) {
        let revoke = gw.upstream.revoke(&opened.value.credential);
        match tokio::time::timeout(SIGN_OUT_REVOKE_LIMIT, revoke).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("gateway: {e}"),
            Err(_) => eprintln!(
                "gateway: sign-out: the provider did not answer in time; session forgotten"
            ),
        }
    }
    redirect(
        "/auth/logout?done",
        &[session::clear_cookie(SESSION_COOKIE)],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sign-out in front of an API that accepts connections and never answers, with a 30 s
    /// time limit for the API: the session is forgotten after SIGN_OUT_REVOKE_LIMIT, not 30 s.
    #[tokio::test]
    async fn sign_out_waits_five_seconds_at_most_then_forgets_the_session() {
        let addr = crate::upstream::silent_server().await;
        let gw = Gateway::new(crate::upstream::test_config(addr, 30)).unwrap();
        let at = now();
        let signed_in = Session {
            credential: session::Credential::Classic {
                consumer_key: Secret::new("ck"),
            },
        };
        let set = session::session_cookie(&gw.cfg.sealer, &signed_in, at + 600, at).unwrap();
        let pair = set.to_str().unwrap().split(';').next().unwrap().to_string();
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(&pair).unwrap());
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://console.example.com"),
        );
        let started = std::time::Instant::now();
        let resp = logout(State(gw), headers).await;
        let took = started.elapsed();
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers()["location"], "/auth/logout?done");
        let cleared = resp.headers()["set-cookie"].to_str().unwrap();
        assert!(
            cleared.starts_with(SESSION_COOKIE) && cleared.contains("Max-Age=0"),
            "{cleared}"
        );
        assert!(
            took >= SIGN_OUT_REVOKE_LIMIT - std::time::Duration::from_millis(100)
                && took < SIGN_OUT_REVOKE_LIMIT + std::time::Duration::from_secs(2),
            "{took:?}"
        );
    }

    #[test]
    fn redirects_carry_any_return_path() {
        assert_eq!(header_safe("/services?q=café"), "/services?q=caf%C3%A9");
        assert_eq!(header_safe("/a b"), "/a%20b");
        let resp = redirect("/services?q=café", &[]);
        assert_eq!(resp.status(), StatusCode::SEE_OTHER);
        assert_eq!(resp.headers()["location"], "/services?q=caf%C3%A9");
    }
}
