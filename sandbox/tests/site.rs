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

#[tokio::test]
async fn one_app_its_build_directory_and_the_sites_own_headers() {
    let dir = std::env::temp_dir().join(format!("sandbox-dist-pkg-{}", std::process::id()));
    let build = dir.join("pkg").join("0123456789abcdef");
    std::fs::create_dir_all(&build).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(build.join("app_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(build.join("chunk_1.wasm"), b"\0asm").unwrap();
    std::fs::write(
        dir.join("_headers"),
        "# comment\n/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'\n  X-Content-Type-Options: nosniff\n/index.html\n  Cache-Control: no-cache\n",
    )
    .unwrap();
    let mut c = Config::new(common::now());
    c.dist = Some(dir.clone());
    let st = AppState::seeded(5, c);

    // Every section is the one page (no per-section HTML any more).
    for path in [
        "/orders",
        "/orders/216000001",
        "/account",
        "/services/batch?action=renew",
    ] {
        let r = send(&st, Method::GET, path, &[], None).await;
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains("<title>app</title>"), "{path}");
        assert_eq!(
            r.header("content-security-policy").unwrap(),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
            "{path}: the deployed CSP"
        );
        assert_eq!(r.header("x-content-type-options").unwrap(), "nosniff");
    }
    // A build's modules are immutable; a module that is not there is a 404, never the page.
    let r = send(
        &st,
        Method::GET,
        "/pkg/0123456789abcdef/chunk_1.wasm",
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.header("content-type").unwrap(), "application/wasm");
    let r = send(
        &st,
        Method::GET,
        "/pkg/0123456789abcdef/chunk_9.wasm",
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 404);
    // The API keeps its own headers.
    let r = send(&st, Method::GET, "/engine/apiv6/auth/time", &[], None).await;
    assert!(r.header("content-security-policy").is_none());
}

#[test]
fn headers_files_are_read_like_a_cdn_reads_them() {
    let h = sandbox::routes::site::SiteHeaders::parse(
        "/*\n  A: 1\n  B: 2\n/pkg/*\n  B: 3\n/*.css\n  C: 4\n/index.html\n  D: 5\n",
    );
    assert_eq!(h.for_path("/x"), vec![("A", "1"), ("B", "2")]);
    assert_eq!(h.for_path("/pkg/abc/app.js"), vec![("A", "1"), ("B", "3")]);
    assert_eq!(
        h.for_path("/main-1.css"),
        vec![("A", "1"), ("B", "2"), ("C", "4")]
    );
    assert_eq!(
        h.for_path("/index.html"),
        vec![("A", "1"), ("B", "2"), ("D", "5")]
    );
}
