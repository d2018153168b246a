//! `--dist`: the built console, served like the README asks a CDN to (rewrites, cache headers,
//! security headers), with a `config.json` that points the console at this gateway.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};

use crate::Gateway;

/// The console's CSP, the same as `public/_headers` (a test keeps them equal).
pub const SITE_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// CSP of API answers: JSON is never a document.
const API_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// The console's `config.json` with `apiBase` and `loginUrl` set to this gateway.
pub fn config_json(dist: &Path, api_prefix: &str) -> Result<String, String> {
    let path = dist.join("config.json");
    let mut value = match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str::<serde_json::Value>(&text)
            .map_err(|e| format!("--dist: {}: {e}", path.display()))?,
        Err(_) => serde_json::json!({ "defaultLocale": "fr" }),
    };
    let obj = value
        .as_object_mut()
        .ok_or_else(|| format!("--dist: {} is not a JSON object", path.display()))?;
    obj.insert("apiBase".into(), api_prefix.into());
    obj.insert("loginUrl".into(), "/auth/login".into());
    Ok(value.to_string())
}

pub fn attach(router: Router<Arc<Gateway>>, dist: &Path) -> Router<Arc<Gateway>> {
    // One app: every route is `index.html`, as the CDN's one rewrite says
    // (`public/_redirects`), but a build's modules under `/pkg/` are files or 404s.
    let mut router = router
        .route("/config.json", get(config))
        .nest_service("/pkg", ServeDir::new(dist.join("pkg")));
    // CDN instructions, not part of the site.
    for path in ["/_headers", "/_redirects"] {
        router = router.route(path, get(|| async { StatusCode::NOT_FOUND }));
    }
    let index = dist.join("index.html");
    router.fallback_service(ServeDir::new(dist).fallback(ServeFile::new(index)))
}

async fn config(State(gw): State<Arc<Gateway>>) -> Response {
    match &gw.site_config {
        Some(json) => {
            let mut resp = json.clone().into_response();
            resp.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            resp
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A build's own directory `/pkg/<16 hex>/…`, or a `name-<16 hex>.ext` file (the CSS): both
/// immutable.
fn is_immutable(path: &str) -> bool {
    let mut parts = path.trim_start_matches('/').split('/');
    let in_build = parts.next() == Some("pkg")
        && parts
            .next()
            .is_some_and(|b| b.len() == 16 && b.bytes().all(|c| c.is_ascii_hexdigit()));
    in_build || is_hashed(path.rsplit('/').next().unwrap_or(""))
}

/// `name-<16 hex>.ext`.
fn is_hashed(file: &str) -> bool {
    let b = file.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'-'
            && b.len() > i + 17
            && b[i + 1..i + 17].iter().all(u8::is_ascii_hexdigit)
            && matches!(b[i + 17], b'.' | b'_')
    })
}

/// Security headers on every answer; cache headers on the site's files.
pub async fn headers(State(gw): State<Arc<Gateway>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let api = path == gw.cfg.api_prefix || path.starts_with(&format!("{}/", gw.cfg.api_prefix));
    let auth = path.starts_with("/auth/");
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if !h.contains_key(header::REFERRER_POLICY) {
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        );
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if gw.cfg.secure_context {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let csp = if api || auth { API_CSP } else { SITE_CSP };
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(csp),
        );
    }
    if !api && !auth && resp.status().is_success() {
        let file = path.rsplit('/').next().unwrap_or("");
        let h = resp.headers_mut();
        let cache = if is_immutable(&path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        if file.ends_with(".wasm") {
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/wasm"),
            );
        }
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csp_is_the_one_the_readme_gives_cdns() {
        let headers = include_str!("../../public/_headers");
        let line = headers
            .lines()
            .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
            .expect("public/_headers has a CSP");
        assert_eq!(line, SITE_CSP);
    }

    #[test]
    fn hashed_names() {
        assert!(is_hashed("index-0123456789abcdef.js"));
        assert!(is_hashed("index-0123456789abcdef_bg.wasm"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("config.json"));
    }

    #[test]
    fn config_json_points_at_the_gateway() {
        let dir = std::env::temp_dir().join(format!("gw-site-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("config.json"),
            r#"{"apiBase":"/x","loginUrl":"/_sandbox/login","defaultLocale":"it"}"#,
        )
        .unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&config_json(&dir, "/engine/apiv6").unwrap()).unwrap();
        assert_eq!(json["apiBase"], "/engine/apiv6");
        assert_eq!(json["loginUrl"], "/auth/login");
        assert_eq!(json["defaultLocale"], "it");
        std::fs::write(dir.join("config.json"), "[]").unwrap();
        assert!(config_json(&dir, "/a").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
