//! What the gateway answers by itself: API errors in the API's own shape (so the console reads
//! them like any other), and the few HTML pages of the sign-in.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `Content-Security-Policy` of the gateway's own pages: no script, no style, forms to itself.
pub const PAGE_CSP: &str =
    "default-src 'none'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn http_code(status: StatusCode) -> String {
    format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Error")
    )
}

/// `{ "message", "httpCode", "errorCode" }` with `status`, never cached.
pub fn api_error(status: StatusCode, error_code: &str, message: &str) -> Response {
    let body = json!({
        "message": message,
        "httpCode": http_code(status),
        "errorCode": error_code,
    })
    .to_string();
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// No session, or a session the API no longer accepts: the console signs in again on this.
/// Same status, message and code as the sandbox (and the provider's panel) use.
pub fn invalid_session() -> Response {
    api_error(
        StatusCode::UNAUTHORIZED,
        "INVALID_CREDENTIAL",
        "This session is invalid",
    )
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A small HTML page; `body_html` is already escaped by the caller.
pub fn page(status: StatusCode, title: &str, body_html: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"same-origin\">\
<title>{t}</title></head>\n<body><main>\n<h1>{t}</h1>\n{body_html}\n</main></body></html>\n",
        t = html_escape(title)
    );
    let mut resp = (status, html).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PAGE_CSP),
    );
    // Same-origin referrers, so the sign-out form's POST carries its `Origin` (under
    // `no-referrer` a browser sends `Origin: null`); nothing goes to other sites.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    resp
}

/// A sign-in that cannot go on: what happened, and a way to start again.
pub fn sign_in_failed(status: StatusCode, what: &str, return_to: &str) -> Response {
    let again = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("return", return_to)
        .finish();
    page(
        status,
        "Sign-in failed",
        &format!(
            "<p>{}</p>\n<p><a href=\"/auth/login?{}\">Sign in again</a></p>",
            html_escape(what),
            html_escape(&again)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_have_the_api_shape() {
        let resp = invalid_session();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(resp.headers()["cache-control"], "no-store");
        let resp = api_error(StatusCode::FORBIDDEN, "X", "m");
        assert_eq!(
            resp.headers()["content-type"],
            "application/json; charset=utf-8"
        );
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
