//! The lies of a real network: `applyThenFail`, `drop`, `hang` (issue 12, item 11).

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Method, Request};
use common::*;
use sandbox::faults::{parse_spec, FaultKind};
use sandbox::seed::notable;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

async fn set_faults(st: &sandbox::SharedState, rules: Value) {
    let r = send(st, Method::PUT, "/_sandbox/faults", &[], Some(&rules)).await;
    assert_eq!(r.status, 200, "{}", r.text());
}

async fn renew_day(st: &sandbox::SharedState) -> Value {
    get(st, "/me/autorenew").await.json()["renewDay"].clone()
}

async fn order_status(st: &sandbox::SharedState, id: u64) -> Value {
    get(st, &format!("/me/order/{id}/status")).await.json()
}

async fn hanging(st: &sandbox::SharedState) -> u64 {
    send(st, Method::GET, "/_sandbox/state", &[], None)
        .await
        .json()["hanging"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn apply_then_fail_applies_then_answers_500() {
    let st = seeded();
    set_faults(
        &st,
        json!([{ "kind": "applyThenFail", "method": "PUT", "path": "/me/autorenew" }]),
    )
    .await;
    let r = api(&st, Method::PUT, "/me/autorenew", json!({ "renewDay": 3 })).await;
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["errorCode"], "INTERNAL_SERVER_ERROR");
    assert_eq!(
        renew_day(&st).await,
        3,
        "the change is applied all the same"
    );
    let entries = log(&st).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["status"], 200, "what the API did");
    assert_eq!(entries[0]["applied"], true);
    assert_eq!(entries[0]["answered"], 500, "what the client got");
    assert_eq!(entries[0]["fault"], "applyThenFail");
    assert_eq!(entries[0]["body"], json!({ "renewDay": 3 }));

    // Another 5xx, with Retry-After; a renew order is created all the same.
    set_faults(
        &st,
        json!([{ "kind": "applyThenFail", "status": 503, "retryAfter": 4, "path": "/service/*" }]),
    )
    .await;
    let orders = st.lock().account.orders.len();
    let id = notable::VPS_PENDING_TERMINATION;
    let r = api(
        &st,
        Method::POST,
        &format!("/service/{id}/renew"),
        json!({ "duration": "P1Y", "services": [id], "dryRun": false }),
    )
    .await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after").as_deref(), Some("4"));
    assert_eq!(st.lock().account.orders.len(), orders + 1);
    let last = log(&st).await.pop().unwrap();
    assert_eq!(
        (&last["status"], &last["applied"], &last["answered"]),
        (&json!(200), &json!(true), &json!(503))
    );
}

#[tokio::test]
async fn apply_then_fail_malformed_answers_an_unreadable_200() {
    let st = seeded();
    set_faults(
        &st,
        json!([{ "kind": "applyThenFail", "malformed": true, "method": "POST" }]),
    )
    .await;
    let id = notable::ORDER_WITHDRAWAL_OPEN;
    let r = api(
        &st,
        Method::POST,
        &format!("/me/order/{id}/retraction"),
        json!({ "reason": "other" }),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(!r.body.is_empty());
    assert!(
        serde_json::from_slice::<Value>(&r.body).is_err(),
        "{}",
        r.text()
    );
    assert_eq!(order_status(&st, id).await, "cancelling");
    let e = &log(&st).await[0];
    assert_eq!((&e["status"], &e["applied"]), (&json!(200), &json!(true)));
    assert_eq!(e["answered"], 200);

    // A renew order: the order exists, its answer is cut.
    let sid = notable::VPS_PENDING_TERMINATION;
    let r = api(
        &st,
        Method::POST,
        &format!("/service/{sid}/renew"),
        json!({ "duration": "P1Y", "services": [sid], "dryRun": false }),
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());
    assert!(r.text().starts_with("{\"orderId\":"), "{}", r.text());
}

#[tokio::test]
async fn apply_then_fail_on_a_refused_mutation_says_nothing_was_applied() {
    let st = seeded();
    set_faults(
        &st,
        json!([{ "kind": "applyThenFail", "status": 502, "method": "PUT" }]),
    )
    .await;
    let r = api(&st, Method::PUT, "/me/autorenew", json!({ "renewDay": 40 })).await;
    assert_eq!(r.status, 502);
    let e = &log(&st).await[0];
    assert_eq!(e["status"], 400);
    assert_eq!(e["applied"], false);
    assert_eq!(e["answered"], 502);
    assert_eq!(renew_day(&st).await, 5);
}

#[tokio::test]
async fn existing_kinds_log_what_happened() {
    let st = seeded();
    set_faults(
        &st,
        json!([{ "kind": "status", "status": 503, "count": 1 }, { "kind": "malformed", "count": 1 }]),
    )
    .await;
    api(&st, Method::PUT, "/me/autorenew", json!({ "renewDay": 3 })).await;
    api(&st, Method::PUT, "/me/autorenew", json!({ "renewDay": 4 })).await;
    api(&st, Method::PUT, "/me/autorenew", json!({ "renewDay": 6 })).await;
    let log = log(&st).await;
    let seen: Vec<_> = log
        .iter()
        .map(|e| {
            (
                e["status"].clone(),
                e["applied"].clone(),
                e["answered"].clone(),
                e["fault"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (json!(503), json!(false), json!(503), json!("status")),
            (json!(200), json!(true), json!(200), json!("malformed")),
            (json!(200), json!(true), json!(200), Value::Null),
        ]
    );
}

#[tokio::test]
async fn new_kinds_are_validated() {
    let st = seeded();
    for bad in [
        json!({ "kind": "applyThenFail", "status": 404 }),
        json!({ "kind": "applyThenFail", "status": 502, "malformed": true }),
        json!({ "kind": "applyThenFail", "apply": true }),
        json!({ "kind": "drop", "malformed": true }),
        json!({ "kind": "status", "status": 500, "apply": true }),
        json!({ "kind": "hang", "apply": "yes" }),
        json!({ "kind": "applythenfail" }),
    ] {
        let r = send(&st, Method::PUT, "/_sandbox/faults", &[], Some(&bad)).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    let rules = json!([
        { "kind": "applyThenFail", "status": 502, "method": "POST", "path": "/service/*" },
        { "kind": "applyThenFail", "malformed": true },
        { "kind": "drop", "apply": true, "count": 1 },
        { "kind": "hang", "path": "/me/order", "rate": 0.5 }
    ]);
    let r = send(&st, Method::PUT, "/_sandbox/faults", &[], Some(&rules)).await;
    assert_eq!(r.json(), rules, "served back as given");
}

#[test]
fn cli_spec_parses_the_new_kinds() {
    let rules = parse_spec(
        "kind=applyThenFail,status=502,method=post,path=/service/*;kind=applyThenFail,malformed=true;kind=drop,apply=true,count=1;kind=hang,path=/me/order",
    )
    .unwrap();
    assert_eq!(rules.len(), 4);
    assert_eq!(rules[0].kind, FaultKind::ApplyThenFail);
    assert_eq!(rules[0].status, Some(502));
    assert_eq!(rules[0].method.as_deref(), Some("POST"));
    assert_eq!(rules[1].malformed, Some(true));
    assert_eq!(rules[2].kind, FaultKind::Drop);
    assert_eq!((rules[2].apply, rules[2].count), (Some(true), Some(1)));
    assert_eq!(rules[3].kind, FaultKind::Hang);
    assert_eq!(rules[3].apply, None);

    let e = parse_spec("kind=drop,apply=maybe").unwrap_err();
    assert!(e.contains("`apply`") && e.contains("maybe"), "{e}");
    let e = parse_spec("kind=status,status=500,apply=true").unwrap_err();
    assert!(e.contains("`apply`"), "{e}");
    let e = parse_spec("kind=applyThenFail,status=404").unwrap_err();
    assert!(e.contains("`status`") && e.contains("5xx"), "{e}");
    let e = parse_spec("kind=hang,malformed=true").unwrap_err();
    assert!(e.contains("`malformed`"), "{e}");
    let e = parse_spec("kind=vanish").unwrap_err();
    assert!(e.contains("applyThenFail, drop or hang"), "{e}");
}

#[tokio::test]
async fn drop_is_marked_on_the_router_response() {
    let st = seeded();
    set_faults(&st, json!([{ "kind": "drop", "path": "/me" }])).await;
    let resp = sandbox::app(st.clone())
        .oneshot(
            Request::get("/engine/apiv6/me")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(resp
        .extensions()
        .get::<sandbox::server::DropConnection>()
        .is_some());
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let st = seeded();
    let server = serve(&st).await;
    let body = json!({ "renewDay": 3 });
    set_faults(
        &st,
        json!([{ "kind": "drop", "method": "PUT", "path": "/me/autorenew" }]),
    )
    .await;
    let out = raw_exchange(
        server.addr,
        "PUT",
        "/engine/apiv6/me/autorenew",
        Some(&body),
    )
    .await;
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    assert_eq!(renew_day(&st).await, 5, "not applied");
    let e = &log(&st).await[0];
    assert_eq!(e["status"], Value::Null, "the API never saw it");
    assert_eq!(e["applied"], false);
    assert_eq!(e["answered"], "dropped");
    assert_eq!(e["fault"], "drop");

    // apply: the change is made, then the answer is lost.
    set_faults(
        &st,
        json!([{ "kind": "drop", "apply": true, "method": "PUT", "path": "/me/autorenew" }]),
    )
    .await;
    let out = raw_exchange(
        server.addr,
        "PUT",
        "/engine/apiv6/me/autorenew",
        Some(&body),
    )
    .await;
    assert!(out.is_empty());
    assert_eq!(renew_day(&st).await, 3, "applied");
    let e = log(&st).await.pop().unwrap();
    assert_eq!((&e["status"], &e["applied"]), (&json!(200), &json!(true)));
    assert_eq!(e["answered"], "dropped");

    // The server goes on answering, with `Connection: close` while a drop is armed.
    let out = raw_exchange(server.addr, "GET", "/engine/apiv6/me", None).await;
    let text = String::from_utf8_lossy(&out).to_ascii_lowercase();
    assert!(text.starts_with("http/1.1 200"), "{text}");
    let mut s = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    s.write_all(&raw_request("GET", "/engine/apiv6/me", None, false))
        .await
        .unwrap();
    let mut keep = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut keep))
        .await
        .expect("a keep-alive request is closed after its answer while a drop is armed")
        .unwrap();
    let text = String::from_utf8_lossy(&keep).to_ascii_lowercase();
    assert!(
        text.starts_with("http/1.1 200") && text.contains("connection: close"),
        "{text}"
    );
}

#[tokio::test]
async fn arming_a_drop_closes_idle_keep_alive_connections() {
    let st = seeded();
    let server = serve(&st).await;
    let mut idle = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    idle.write_all(&raw_request("GET", "/engine/apiv6/auth/time", None, false))
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = idle.read(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
    assert!(
        text.starts_with("http/1.1 200") && !text.contains("connection: close"),
        "{text}"
    );

    // Another client arms a drop: the idle connection is closed (a browser would otherwise
    // resend, unseen, a request dropped on it).
    let out = raw_exchange(
        server.addr,
        "PUT",
        "/_sandbox/faults",
        Some(&json!([{ "kind": "drop", "path": "/me/bill" }])),
    )
    .await;
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200"));
    let n = tokio::time::timeout(Duration::from_secs(5), idle.read(&mut buf))
        .await
        .expect("the idle connection is closed")
        .unwrap();
    assert_eq!(n, 0, "closed without a byte");
}

#[tokio::test]
async fn hang_never_answers_and_blocks_nothing_else() {
    let st = seeded();
    let server = serve(&st).await;
    let id = notable::ORDER_WITHDRAWAL_OPEN;
    let path = format!("/engine/apiv6/me/order/{id}/retraction");
    set_faults(&st, json!([{ "kind": "hang", "method": "POST" }])).await;
    let mut held = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    held.write_all(&raw_request(
        "POST",
        &path,
        Some(&json!({ "reason": "other" })),
        true,
    ))
    .await
    .unwrap();
    let mut buf = vec![0u8; 1024];
    let t = Instant::now();
    assert!(
        tokio::time::timeout(Duration::from_millis(300), held.read(&mut buf))
            .await
            .is_err(),
        "no answer within 300 ms"
    );
    // Meanwhile other requests are served, and the state lock is free.
    let out = raw_exchange(server.addr, "GET", "/engine/apiv6/me", None).await;
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200"));
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(order_status(&st, id).await, "delivered", "not applied");
    assert_eq!(hanging(&st).await, 1);
    let e = &log(&st).await[0];
    assert_eq!(e["status"], Value::Null);
    assert_eq!(e["applied"], false);
    assert_eq!(e["answered"], "hung");
    assert_eq!(e["fault"], "hang");

    // The client gives up: the request is let go.
    drop(held);
    let t = Instant::now();
    while hanging(&st).await > 0 {
        assert!(t.elapsed() < Duration::from_secs(5), "still held");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn hang_with_apply_changes_the_account_then_never_answers() {
    let st = seeded();
    let id = notable::ORDER_WITHDRAWAL_OPEN;
    set_faults(
        &st,
        json!([{ "kind": "hang", "apply": true, "method": "POST" }]),
    )
    .await;
    let st2 = st.clone();
    let held = tokio::spawn(async move {
        api(
            &st2,
            Method::POST,
            &format!("/me/order/{id}/retraction"),
            json!({ "reason": "other" }),
        )
        .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!held.is_finished(), "no answer within 300 ms");
    assert_eq!(order_status(&st, id).await, "cancelling", "applied");
    assert_eq!(hanging(&st).await, 1);
    let e = &log(&st).await[0];
    assert_eq!((&e["status"], &e["applied"]), (&json!(200), &json!(true)));
    assert_eq!(e["answered"], "hung");
    held.abort();
    let _ = held.await;
    assert_eq!(hanging(&st).await, 0, "an abandoned request is let go");
}

#[tokio::test]
async fn faults_match_per_method_and_path() {
    let st = seeded();
    let server = serve(&st).await;
    set_faults(
        &st,
        json!([
            { "kind": "drop", "method": "POST", "path": "/me/order*" },
            { "kind": "applyThenFail", "method": "PUT", "path": "/me/autorenew", "count": 1 }
        ]),
    )
    .await;
    // A GET of the same path is untouched, and so is a PUT elsewhere.
    let out = raw_exchange(server.addr, "GET", "/engine/apiv6/me/order", None).await;
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200"));
    let out = raw_exchange(
        server.addr,
        "PUT",
        "/engine/apiv6/me/autorenew",
        Some(&json!({ "renewDay": 3 })),
    )
    .await;
    assert!(String::from_utf8_lossy(&out).starts_with("HTTP/1.1 500"));
    let out = raw_exchange(
        server.addr,
        "PUT",
        "/engine/apiv6/me/autorenew",
        Some(&json!({ "renewDay": 4 })),
    )
    .await;
    assert!(
        String::from_utf8_lossy(&out).starts_with("HTTP/1.1 200"),
        "count 1 is spent"
    );
    let out = raw_exchange(
        server.addr,
        "POST",
        &format!(
            "/engine/apiv6/me/order/{}/retraction",
            notable::ORDER_WITHDRAWAL_OPEN
        ),
        Some(&json!({ "reason": "other" })),
    )
    .await;
    assert!(out.is_empty());
}
