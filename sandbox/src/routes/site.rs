//! The built site (`--dist`): static files with SPA fallback and cache headers.

use std::path::PathBuf;

use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::SharedState;

pub fn attach(router: Router<SharedState>, dist: Option<PathBuf>) -> Router<SharedState> {
    match dist {
        Some(dir) => {
            // One app: every route is `index.html` (the CDN's one SPA rewrite), but a missing
            // file under `/pkg/` (a build's modules) is a 404, never the page.
            let index = dir.join("index.html");
            let headers = std::sync::Arc::new(SiteHeaders::load(Some(&dir)));
            router
                .nest_service("/pkg", ServeDir::new(dir.join("pkg")))
                .fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
                .layer(axum::middleware::from_fn(
                    move |req: axum::extract::Request, next: axum::middleware::Next| {
                        let headers = headers.clone();
                        async move {
                            let path = req.uri().path().to_string();
                            let mut resp = next.run(req).await;
                            if !path.starts_with("/engine") && !path.starts_with("/_sandbox") {
                                set_site_headers(&headers, &path, &mut resp);
                            }
                            resp
                        }
                    },
                ))
        }
        None => router.fallback(no_dist),
    }
}

/// The headers a CDN would add, from the site's own `_headers` file (Netlify / Cloudflare Pages
/// syntax: a path pattern, then indented `Name: value` lines), so the tests run the site under
/// the exact CSP that is deployed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SiteHeaders {
    rules: Vec<(String, Vec<(String, String)>)>,
}

impl SiteHeaders {
    pub fn load(dist: Option<&std::path::Path>) -> SiteHeaders {
        dist.and_then(|d| std::fs::read_to_string(d.join("_headers")).ok())
            .map(|text| SiteHeaders::parse(&text))
            .unwrap_or_default()
    }

    pub fn parse(text: &str) -> SiteHeaders {
        let mut rules: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for line in text.lines() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            if !line.starts_with([' ', '\t']) {
                rules.push((line.trim().to_string(), Vec::new()));
            } else if let (Some((_, headers)), Some((name, value))) =
                (rules.last_mut(), line.trim().split_once(':'))
            {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        SiteHeaders { rules }
    }

    /// The headers for `path`, in file order (a later rule overrides an earlier one).
    pub fn for_path(&self, path: &str) -> Vec<(&str, &str)> {
        let mut out: Vec<(&str, &str)> = Vec::new();
        for (pattern, headers) in &self.rules {
            let matches = match pattern.split_once('*') {
                Some((prefix, suffix)) => {
                    path.starts_with(prefix)
                        && path.len() >= prefix.len() + suffix.len()
                        && path.ends_with(suffix)
                }
                None => path == pattern,
            };
            if matches {
                for (name, value) in headers {
                    out.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                    out.push((name, value));
                }
            }
        }
        out
    }
}

async fn no_dist(method: Method, uri: axum::http::Uri) -> Response {
    if method == Method::GET && uri.path() == "/" {
        return Html(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox</title></head>\
<body><main><h1>Sandbox</h1><p>No <code>--dist</code> directory: only the API \
(<code>/engine/apiv6</code>) and <a href=\"/_sandbox/\">/_sandbox/</a> are served.</p></main></body></html>"
                .to_string(),
        )
        .into_response();
    }
    (StatusCode::NOT_FOUND, "Not found").into_response()
}

/// `name-<16 hex>.ext` (the hashed CSS), or any file of a build directory `/pkg/<16 hex>/`.
pub fn is_hashed_path(path: &str) -> bool {
    let mut parts = path.trim_start_matches('/').split('/');
    let in_build = parts.next() == Some("pkg")
        && parts
            .next()
            .is_some_and(|b| b.len() == 16 && b.bytes().all(|c| c.is_ascii_hexdigit()));
    in_build || is_hashed(path.rsplit('/').next().unwrap_or(""))
}

/// `name-<16 hex>.ext`.
pub fn is_hashed(file: &str) -> bool {
    let b = file.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'-'
            && b.len() > i + 17
            && b[i + 1..i + 17].iter().all(u8::is_ascii_hexdigit)
            && matches!(b[i + 17], b'.' | b'_')
            && file[i + 17..].contains('.')
    })
}

/// The site's own headers (`_headers`) on every page and file of the site.
pub fn set_site_headers(headers: &SiteHeaders, path: &str, resp: &mut Response) {
    for (name, value) in headers.for_path(path) {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            resp.headers_mut().insert(name, value);
        }
    }
}

pub fn set_cache_headers(path: &str, resp: &mut Response) {
    if !resp.status().is_success() {
        return;
    }
    let file = path.rsplit('/').next().unwrap_or("");
    let h = resp.headers_mut();
    let value = if is_hashed_path(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    if file.ends_with(".wasm") {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/wasm"),
        );
    }
}
