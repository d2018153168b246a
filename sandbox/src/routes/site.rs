//! The built site (`--dist`): static files with SPA fallback and cache headers.

use std::path::PathBuf;

use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::SharedState;

pub fn attach(router: Router<SharedState>, dist: Option<PathBuf>) -> Router<SharedState> {
    match dist {
        Some(dir) => {
            // The app ships one page per section (see the app's `Section`): `/orders...` is
            // `orders.html`, every other route `index.html`, as the CDN's rewrites do.
            let orders = dir.join("orders.html");
            let router = if orders.exists() {
                router
                    .route_service("/orders", ServeFile::new(&orders))
                    .route_service("/orders/{*rest}", ServeFile::new(&orders))
            } else {
                router
            };
            let tools = dir.join("tools.html");
            let router = if tools.exists() {
                router
                    .route_service("/services/export", ServeFile::new(&tools))
                    .route_service("/services/batch", ServeFile::new(&tools))
                    .route_service("/account", ServeFile::new(&tools))
            } else {
                router
            };
            let index = dir.join("index.html");
            router.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => router.fallback(no_dist),
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

/// `name-<16 hex>.ext` (Trunk's hashed file names, also `name-<hash>_bg.wasm`).
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

pub fn set_cache_headers(path: &str, resp: &mut Response) {
    if !resp.status().is_success() {
        return;
    }
    let file = path.rsplit('/').next().unwrap_or("");
    let h = resp.headers_mut();
    let value = if is_hashed(file) {
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
