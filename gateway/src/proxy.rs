//! `{api prefix}/*`: the allowlisted proxy to the API.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::allowlist::{self, Refusal, BATCH_HEADER, BATCH_SEPARATOR};
use crate::config::Config;
use crate::reply;
use crate::session::{self, Credential, Session, SESSION_COOKIE};
use crate::upstream::{self, now, FORWARDED_REQUEST_HEADERS, FORWARDED_RESPONSE_HEADERS};
use crate::Gateway;

const MAX_QUERY: usize = 2048;

/// Why a request that may have come from another site is refused, if it is. Reads may come
/// from this origin or from the address bar; anything else (writes above all) must come from
/// this origin: `Sec-Fetch-Site: same-origin` when the browser sends it, and an `Origin` among
/// the allowed ones when it sends that; at least one of the two must be there.
pub fn cross_site(cfg: &Config, method: &Method, headers: &HeaderMap) -> Option<&'static str> {
    let site = headers
        .get("sec-fetch-site")
        .map(|v| v.to_str().unwrap_or("?"));
    let origin = headers
        .get(header::ORIGIN)
        .map(|v| v.to_str().unwrap_or("?"));
    if *method == Method::GET || *method == Method::HEAD {
        return match site {
            Some("cross-site") | Some("same-site") => Some("Cross-site request refused"),
            _ => None,
        };
    }
    if site.is_some_and(|s| s != "same-origin") {
        return Some("Cross-site request refused");
    }
    match origin {
        Some(o) if cfg.allowed_origins.iter().any(|a| a == o) => None,
        // A form posted from a page with `Referrer-Policy: no-referrer` says `Origin: null`;
        // the browser's own `Sec-Fetch-Site` (no script can set it) then tells where it is from.
        Some("null") if site == Some("same-origin") => None,
        Some(_) => Some("Cross-origin request refused"),
        None if site == Some("same-origin") => None,
        None => Some("Request without Origin refused"),
    }
}

fn query_ok(q: &str) -> bool {
    q.len() <= MAX_QUERY
        && q.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'-' | b'.' | b'_' | b'~' | b'%' | b'=' | b'&' | b'+' | b',' | b':' | b'@'
                )
        })
}

/// The API's verdict on the credential itself (not on the call): the session is over.
fn credential_rejected(status: StatusCode, body: &[u8]) -> bool {
    if status == StatusCode::UNAUTHORIZED {
        return true;
    }
    if status != StatusCode::FORBIDDEN {
        return false;
    }
    let code = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| {
            v.get("errorCode")
                .and_then(|c| c.as_str())
                .map(str::to_string)
        });
    matches!(
        code.as_deref(),
        Some("INVALID_CREDENTIAL") | Some("NOT_CREDENTIAL") | Some("INVALID_KEY")
    )
}

pub async fn proxy(State(gw): State<Arc<Gateway>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let raw_path = parts
        .uri
        .path()
        .strip_prefix(gw.cfg.api_prefix.as_str())
        .unwrap_or("");
    // A batch read (`X-Ovh-Batch`, the ids joined by commas) is let through only on the batch
    // routes, with exactly one such header, the console's separator; the gateway sends its own.
    let batch = parts.headers.get(BATCH_HEADER).is_some();
    let mut values = parts.headers.get_all(BATCH_HEADER).iter();
    if batch
        && (values.next().map(|v| v.as_bytes()) != Some(BATCH_SEPARATOR.as_bytes())
            || values.next().is_some())
    {
        return reply::api_error(
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
            "Unsupported batch separator",
        );
    }
    let checked = if batch {
        allowlist::check_batch(parts.method.as_str(), raw_path)
    } else {
        allowlist::check(parts.method.as_str(), raw_path)
    };
    let call = match checked {
        Ok(call) => call,
        Err(Refusal::Malformed(why)) => {
            return reply::api_error(StatusCode::BAD_REQUEST, "INVALID_PATH", why);
        }
        Err(Refusal::NotAllowed) => {
            return reply::api_error(
                StatusCode::FORBIDDEN,
                "NOT_GRANTED_CALL",
                "This call is not allowed through this gateway",
            );
        }
    };
    if let Some(why) = cross_site(&gw.cfg, &parts.method, &parts.headers) {
        return reply::api_error(StatusCode::FORBIDDEN, "FORBIDDEN", why);
    }
    let query = parts.uri.query().filter(|q| !q.is_empty());
    if query.is_some_and(|q| !query_ok(q)) {
        return reply::api_error(StatusCode::BAD_REQUEST, "INVALID_ARGUMENT", "Invalid query");
    }
    // The body is checked before anything else is done for the request (a token refreshed for
    // a request then refused would be lost with its answer).
    let is_read = parts.method == Method::GET || parts.method == Method::HEAD;
    let body = match axum::body::to_bytes(body, gw.cfg.max_request_bytes).await {
        Ok(b) => b,
        Err(_) => {
            return reply::api_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "INVALID_ARGUMENT",
                "Request body too large",
            );
        }
    };
    if is_read && !body.is_empty() {
        return reply::api_error(
            StatusCode::BAD_REQUEST,
            "INVALID_ARGUMENT",
            "Unexpected body",
        );
    }
    if !body.is_empty() {
        let json = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.split(';')
                    .next()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
            });
        if !json {
            return reply::api_error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "INVALID_ARGUMENT",
                "Request body must be application/json",
            );
        }
    }
    let now = now();
    let Some(opened) = session::read_session(&gw.cfg.sealer, &parts.headers, now) else {
        let resp = reply::invalid_session();
        return if session::has_cookie(&parts.headers, SESSION_COOKIE) {
            with_cookie(resp, session::clear_cookie(SESSION_COOKIE))
        } else {
            resp
        };
    };
    let expires = opened.expires;
    let mut credential = opened.value.credential;
    let mut reseal = opened.old_key;

    // Refresh an OAuth2 token before it expires (a third of its life, at most a minute early).
    if let Credential::OAuth2 {
        refresh_token,
        issued,
        expires: token_expires,
        ..
    } = &credential
    {
        let margin = (token_expires.saturating_sub(*issued) / 3).min(60);
        if now + margin >= *token_expires {
            // In a task of its own: a request given up by the browser (its time limit, a page
            // left) must not cancel a refresh the provider may already have answered with a
            // new refresh token; requests within the sharing window get its result.
            let refresh = match refresh_token {
                Some(rt) => {
                    let (gw, rt) = (gw.clone(), rt.clone());
                    Some(tokio::spawn(async move { gw.upstream.refresh(&rt).await }).await)
                }
                None => None,
            };
            let refreshed = match (refresh, refresh_token) {
                (Some(Ok(result)), Some(rt)) => match result {
                    Ok(tokens) => Some(tokens.credential(now, Some(rt.clone()))),
                    Err(e) => {
                        eprintln!("gateway: token refresh: {e}");
                        None
                    }
                },
                (Some(Err(e)), _) => {
                    eprintln!("gateway: token refresh task: {e}");
                    None
                }
                _ => None,
            };
            match refreshed {
                Some(c) => {
                    credential = c;
                    reseal = true;
                }
                None if now >= *token_expires => {
                    return with_cookie(
                        reply::invalid_session(),
                        session::clear_cookie(SESSION_COOKIE),
                    );
                }
                None => {}
            }
        }
    }
    let set_cookie = if reseal {
        match session::session_cookie(
            &gw.cfg.sealer,
            &Session {
                credential: credential.clone(),
            },
            expires,
            now,
        ) {
            Ok(c) => Some(c),
            Err(_) => {
                eprintln!("gateway: refreshed tokens do not fit in a cookie");
                return with_cookie(
                    reply::invalid_session(),
                    session::clear_cookie(SESSION_COOKIE),
                );
            }
        }
    } else {
        None
    };

    let path_and_query = match query {
        Some(q) => format!("{raw_path}?{q}"),
        None => raw_path.to_string(),
    };
    let mut forwarded = upstream::pick_headers(&parts.headers, FORWARDED_REQUEST_HEADERS);
    if batch {
        // The gateway's own value, not the browser's: checked above, sent once.
        forwarded.insert(BATCH_HEADER, HeaderValue::from_static(BATCH_SEPARATOR));
    }
    let resp = match gw
        .upstream
        .call(
            parts.method.clone(),
            &path_and_query,
            body,
            forwarded,
            &credential,
        )
        .await
    {
        Ok(r) => r,
        Err(e) => {
            let timeout = e.is_timeout();
            eprintln!(
                "gateway: {} {}: {}",
                parts.method,
                call.path,
                upstream::without_url(e)
            );
            let resp = if timeout {
                reply::api_error(
                    StatusCode::GATEWAY_TIMEOUT,
                    "GATEWAY_TIMEOUT",
                    "The API did not answer in time",
                )
            } else {
                reply::api_error(
                    StatusCode::BAD_GATEWAY,
                    "BAD_GATEWAY",
                    "The API could not be reached",
                )
            };
            return maybe_cookie(resp, set_cookie);
        }
    };
    let status = resp.status();
    let mut headers = upstream::pick_headers(resp.headers(), FORWARDED_RESPONSE_HEADERS);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));

    if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
        // Small error bodies: read them to tell "this call is not allowed" (passed on) from
        // "this credential is no longer valid" (the session is over: sign in again).
        let body = match upstream::read_small(resp).await {
            Ok(b) => b,
            Err(_) => bytes::Bytes::new(),
        };
        if credential_rejected(status, &body) {
            let mut resp = reply::invalid_session();
            if let Some(q) = headers.get("x-ovh-queryid") {
                resp.headers_mut().insert("x-ovh-queryid", q.clone());
            }
            return with_cookie(resp, session::clear_cookie(SESSION_COOKIE));
        }
        let mut out = (status, body).into_response();
        *out.headers_mut() = headers;
        return maybe_cookie(out, set_cookie);
    }

    let limit = gw.cfg.max_response_bytes;
    if resp.content_length().is_some_and(|n| n > limit) {
        eprintln!(
            "gateway: {} {}: answer over {limit} bytes",
            parts.method, call.path
        );
        return maybe_cookie(
            reply::api_error(
                StatusCode::BAD_GATEWAY,
                "BAD_GATEWAY",
                "The API's answer is too large",
            ),
            set_cookie,
        );
    }
    let mut seen: u64 = 0;
    let stream = resp.bytes_stream().map(move |chunk| match chunk {
        Ok(bytes) => {
            seen += bytes.len() as u64;
            if seen > limit {
                eprintln!("gateway: an answer passed {limit} bytes while streamed: cut");
                Err(std::io::Error::other("answer too large"))
            } else {
                Ok(bytes)
            }
        }
        Err(e) => {
            // The browser sees a cut answer (the status was sent): say why here.
            let e = upstream::without_url(e);
            eprintln!("gateway: an answer stopped while streamed: {e}");
            Err(std::io::Error::other(e))
        }
    });
    let mut out = Response::new(Body::from_stream(stream));
    *out.status_mut() = status;
    *out.headers_mut() = headers;
    maybe_cookie(out, set_cookie)
}

fn with_cookie(mut resp: Response, cookie: HeaderValue) -> Response {
    resp.headers_mut().append(header::SET_COOKIE, cookie);
    resp
}

fn maybe_cookie(resp: Response, cookie: Option<HeaderValue>) -> Response {
    match cookie {
        Some(c) => with_cookie(resp, c),
        None => resp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg() -> Config {
        use clap::Parser;
        let cli = crate::config::Cli::try_parse_from([
            "gateway",
            "--public-url",
            "https://console.example.com",
            "--allowed-origin",
            "https://alt.example.com",
            "--region",
            "eu",
            "--client-id",
            "a",
            "--client-secret",
            "b",
            "--cookie-key",
            "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
        ])
        .unwrap();
        Config::from_cli(cli).unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn writes_must_come_from_this_origin() {
        let c = cfg();
        let post = Method::POST;
        assert_eq!(
            cross_site(
                &c,
                &post,
                &headers(&[
                    ("origin", "https://console.example.com"),
                    ("sec-fetch-site", "same-origin")
                ])
            ),
            None
        );
        assert_eq!(
            cross_site(
                &c,
                &post,
                &headers(&[("origin", "https://alt.example.com")])
            ),
            None
        );
        assert_eq!(
            cross_site(&c, &post, &headers(&[("sec-fetch-site", "same-origin")])),
            None
        );
        assert_eq!(
            cross_site(
                &c,
                &post,
                &headers(&[("origin", "null"), ("sec-fetch-site", "same-origin")])
            ),
            None
        );
        for h in [
            headers(&[("origin", "https://evil.example")]),
            headers(&[("origin", "null")]),
            headers(&[("origin", "https://console.example.com.evil.example")]),
            headers(&[("origin", "http://console.example.com")]),
            headers(&[
                ("origin", "https://console.example.com"),
                ("sec-fetch-site", "cross-site"),
            ]),
            headers(&[("sec-fetch-site", "same-site")]),
            headers(&[("sec-fetch-site", "none")]),
            headers(&[]),
        ] {
            assert!(cross_site(&c, &post, &h).is_some(), "{h:?}");
            assert!(cross_site(&c, &Method::PUT, &h).is_some(), "{h:?}");
        }
    }

    #[test]
    fn reads_are_refused_only_from_other_sites() {
        let c = cfg();
        let get = Method::GET;
        assert_eq!(cross_site(&c, &get, &headers(&[])), None);
        assert_eq!(
            cross_site(&c, &get, &headers(&[("sec-fetch-site", "none")])),
            None
        );
        assert_eq!(
            cross_site(&c, &get, &headers(&[("sec-fetch-site", "same-origin")])),
            None
        );
        assert!(cross_site(&c, &get, &headers(&[("sec-fetch-site", "cross-site")])).is_some());
        assert!(cross_site(&c, &get, &headers(&[("sec-fetch-site", "same-site")])).is_some());
    }

    #[test]
    fn queries_are_plain() {
        assert!(query_ok("includeOptions=true"));
        assert!(query_ok("date.from=2026-01-01T00%3A00%3A00%2B01%3A00"));
        assert!(!query_ok("a=<script>"));
        assert!(!query_ok("a=b c"));
        assert!(!query_ok("a=\"b\""));
        assert!(!query_ok(&"a".repeat(MAX_QUERY + 1)));
    }

    #[test]
    fn which_refusals_end_the_session() {
        let body = |code: &str| format!(r#"{{"errorCode":"{code}","message":"m"}}"#);
        assert!(credential_rejected(StatusCode::UNAUTHORIZED, b""));
        assert!(credential_rejected(
            StatusCode::FORBIDDEN,
            body("INVALID_CREDENTIAL").as_bytes()
        ));
        assert!(credential_rejected(
            StatusCode::FORBIDDEN,
            body("NOT_CREDENTIAL").as_bytes()
        ));
        assert!(!credential_rejected(
            StatusCode::FORBIDDEN,
            body("NOT_GRANTED_CALL").as_bytes()
        ));
        assert!(!credential_rejected(StatusCode::FORBIDDEN, b"not json"));
        assert!(!credential_rejected(
            StatusCode::NOT_FOUND,
            body("INVALID_CREDENTIAL").as_bytes()
        ));
    }
}
