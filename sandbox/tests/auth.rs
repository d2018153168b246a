mod common;

use axum::http::Method;
use common::*;

async fn login(st: &sandbox::SharedState, ret: &str) -> (String, String) {
    let body = format!("return={}", sandbox::util::percent_encode(ret));
    let r = send_form(st, &body).await;
    assert_eq!(r.status, 303);
    let cookie = r.header("set-cookie").unwrap();
    (cookie, r.header("location").unwrap())
}

async fn send_form(st: &sandbox::SharedState, body: &str) -> Resp {
    use axum::body::Body;
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let req = axum::http::Request::builder()
        .method("POST")
        .uri("/_sandbox/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap();
    let resp = sandbox::app(st.clone()).oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Resp {
        status,
        headers,
        body,
    }
}

#[tokio::test]
async fn api_requires_the_session_cookie() {
    let st = seeded_auth();
    let r = get(&st, "/me").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["message"], "This session is invalid");
    let r = get_h(&st, "/me", &[("cookie", "sandbox_session=forged")]).await;
    assert_eq!(r.status, 401);
    // /auth/time is public, as on the real API; control routes never need the session.
    assert_eq!(get(&st, "/auth/time").await.status, 200);
    assert_eq!(
        send(&st, Method::GET, "/_sandbox/state", &[], None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn login_page_and_flow() {
    let st = seeded_auth();
    let r = send(
        &st,
        Method::GET,
        "/_sandbox/login?return=/services%3Fpage%3D2",
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("<title>Sign in — sandbox</title>"));
    assert!(html.contains("<button type=\"submit\">Sign in</button>"));
    assert!(html.contains("method=\"post\""));
    assert!(html.contains("value=\"/services?page=2\""));

    let (cookie, location) = login(&st, "/services?page=2").await;
    assert_eq!(location, "/services?page=2");
    assert!(cookie.starts_with("sandbox_session="));
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    let token = cookie.split(';').next().unwrap().to_string();
    let r = get_h(&st, "/me", &[("cookie", &format!("other=1; {token}"))]).await;
    assert_eq!(r.status, 200);

    // Expiring sessions: the next API call is 401 again.
    let r = send(&st, Method::POST, "/_sandbox/expire-session", &[], None).await;
    assert!(r.status.is_success());
    assert_eq!(get_h(&st, "/me", &[("cookie", &token)]).await.status, 401);
}

#[tokio::test]
async fn open_redirects_are_refused() {
    let st = seeded_auth();
    for (ret, expected) in [
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
        ("/orders#x", "/orders#x"),
    ] {
        let (_, location) = login(&st, ret).await;
        assert_eq!(location, expected, "return={ret}");
    }
    // no return at all
    let r = send_form(&st, "").await;
    assert_eq!(r.header("location").unwrap(), "/");
}

#[tokio::test]
async fn unauthenticated_mutations_are_logged_and_refused() {
    let st = seeded_auth();
    let r = api(
        &st,
        Method::PUT,
        "/me/autorenew",
        serde_json::json!({"active": false, "renewDay": 3}),
    )
    .await;
    assert_eq!(r.status, 401);
    let log = log(&st).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["status"], 401);
    // state unchanged
    let st2 = st.clone();
    let (cookie, _) = login(&st2, "/").await;
    let token = cookie.split(';').next().unwrap().to_string();
    let a = get_h(&st, "/me/autorenew", &[("cookie", &token)])
        .await
        .json();
    assert_eq!(a["active"], true);
}
