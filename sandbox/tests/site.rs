mod common;

use axum::http::Method;
use common::*;
use sandbox::{AppState, Config};

fn dist() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("sandbox-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dir.join("config.json"), "{\"apiBase\":\"/engine/apiv6\"}").unwrap();
    std::fs::write(
        dir.join("billing-console-0123456789abcdef_bg.wasm"),
        b"\0asm",
    )
    .unwrap();
    std::fs::write(dir.join("billing-console-0123456789abcdef.js"), "export {}").unwrap();
    dir
}

#[tokio::test]
async fn static_site_with_spa_fallback_and_cache_headers() {
    let dir = dist();
    let mut c = Config::new(common::now());
    c.dist = Some(dir.clone());
    let st = AppState::seeded(20, c);

    let r = send(&st, Method::GET, "/", &[], None).await;
    assert_eq!(r.status, 200);
    assert!(r.text().contains("<title>app</title>"));
    assert_eq!(r.header("cache-control").unwrap(), "no-cache");

    let r = send(&st, Method::GET, "/services/1000001?tab=renew", &[], None).await;
    assert_eq!(r.status, 200, "SPA fallback");
    assert!(r.text().contains("<title>app</title>"));
    assert_eq!(r.header("cache-control").unwrap(), "no-cache");

    let r = send(&st, Method::GET, "/config.json", &[], None).await;
    assert_eq!(r.header("cache-control").unwrap(), "no-cache");

    let r = send(
        &st,
        Method::GET,
        "/billing-console-0123456789abcdef_bg.wasm",
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type").unwrap(), "application/wasm");
    assert_eq!(
        r.header("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
    let r = send(
        &st,
        Method::GET,
        "/billing-console-0123456789abcdef.js",
        &[],
        None,
    )
    .await;
    assert_eq!(
        r.header("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );

    // API and control routes never fall back to the SPA.
    let r = send(&st, Method::GET, "/engine/apiv6/nothing/here", &[], None).await;
    assert_eq!(r.status, 401, "API needs the session");
    let r = send(&st, Method::GET, "/_sandbox/nothing", &[], None).await;
    assert_eq!(r.status, 404);
    assert!(r.json()["message"].is_string());
    let r = send(&st, Method::GET, "/engine/other", &[], None).await;
    assert_eq!(r.status, 404);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn hashed_names() {
    use sandbox::routes::site::is_hashed;
    assert!(is_hashed("app-0123456789abcdef.js"));
    assert!(is_hashed("billing-console-0123456789abcdef_bg.wasm"));
    assert!(is_hashed("style-89abcdef01234567.css"));
    assert!(!is_hashed("index.html"));
    assert!(!is_hashed("app-0123.js"));
    assert!(!is_hashed("app-0123456789abcdefg.js"));
}
