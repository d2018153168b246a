mod common;

use std::time::Instant;

use axum::http::Method;
use common::*;
use sandbox::faults::{parse_spec, FaultKind};
use serde_json::json;

async fn set_faults(st: &sandbox::SharedState, rules: serde_json::Value) {
    let r = send(st, Method::PUT, "/_sandbox/faults", &[], Some(&rules)).await;
    assert_eq!(r.status, 200, "{}", r.text());
}

#[tokio::test]
async fn status_fault_with_retry_after() {
    let st = seeded();
    set_faults(
        &st,
        json!([{ "kind": "status", "status": 429, "retryAfter": 2 }]),
    )
    .await;
    let r = get(&st, "/services").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after").unwrap(), "2");
    assert!(r.header("x-ovh-queryid").is_some());
    let e = r.json();
    assert_eq!(e["httpCode"], "429 Too Many Requests");
    assert!(e["message"].is_string() && e["errorCode"].is_string());

    set_faults(
        &st,
        json!([{ "kind": "status", "status": 503, "retryAfter": 7 }]),
    )
    .await;
    let r = get(&st, "/me").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after").unwrap(), "7");

    set_faults(&st, json!([{ "kind": "status", "status": 401 }])).await;
    let r = get(&st, "/me").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["message"], "This session is invalid");

    // Faults never touch the control routes.
    let r = send(&st, Method::GET, "/_sandbox/faults", &[], None).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()[0]["status"], 401);
}

#[tokio::test]
async fn malformed_fault_answers_200_with_broken_json() {
    let st = seeded();
    set_faults(&st, json!([{ "kind": "malformed", "path": "/me" }])).await;
    let r = get(&st, "/me").await;
    assert_eq!(r.status, 200);
    assert!(serde_json::from_slice::<serde_json::Value>(&r.body).is_err());
    assert!(!r.body.is_empty());
    let r = get(&st, "/auth/time").await;
    assert_eq!(r.status, 200);
    assert!(r.json().is_i64(), "other routes untouched");
}

#[tokio::test]
async fn latency_fault_delays() {
    let st = seeded();
    set_faults(&st, json!([{ "kind": "latency", "latencyMs": 150 }])).await;
    let t = Instant::now();
    assert_eq!(get(&st, "/me").await.status, 200);
    assert!(t.elapsed().as_millis() >= 150);
}

#[tokio::test]
async fn rate_zero_never_fires_and_count_one_fires_once() {
    let st = seeded();
    set_faults(
        &st,
        json!([{ "kind": "status", "status": 500, "rate": 0.0 }]),
    )
    .await;
    for _ in 0..30 {
        assert_eq!(get(&st, "/me").await.status, 200);
    }
    set_faults(
        &st,
        json!([{ "kind": "status", "status": 500, "count": 1 }]),
    )
    .await;
    assert_eq!(get(&st, "/me").await.status, 500);
    assert_eq!(get(&st, "/me").await.status, 200);
    let rules = send(&st, Method::GET, "/_sandbox/faults", &[], None)
        .await
        .json();
    assert_eq!(rules, json!([]), "an exhausted rule disappears");
}

#[tokio::test]
async fn rate_is_reproducible() {
    async fn run() -> Vec<u16> {
        let st = seeded();
        set_faults(
            &st,
            json!([{ "kind": "status", "status": 502, "rate": 0.5 }]),
        )
        .await;
        let mut out = Vec::new();
        for _ in 0..40 {
            out.push(get(&st, "/me").await.status.as_u16());
        }
        out
    }
    let a = run().await;
    assert_eq!(a, run().await);
    let fired = a.iter().filter(|s| **s == 502).count();
    assert!(fired > 5 && fired < 35, "{fired}");
}

#[tokio::test]
async fn path_and_method_matching() {
    let st = seeded();
    set_faults(
        &st,
        json!([
            { "kind": "status", "status": 500, "path": "/services" },
            { "kind": "status", "status": 503, "method": "PUT" },
            { "kind": "status", "status": 502, "path": "/me/order*" }
        ]),
    )
    .await;
    assert_eq!(get(&st, "/services").await.status, 500);
    assert_eq!(get(&st, "/services/1000001").await.status, 500);
    assert_eq!(
        get(&st, "/service/1000001/renew").await.status,
        200,
        "prefix is per segment"
    );
    assert_eq!(get(&st, "/me").await.status, 200);
    assert_eq!(get(&st, "/me/order").await.status, 502);
    assert_eq!(
        get(&st, "/me/orderX").await.status,
        502,
        "trailing * is a raw prefix"
    );
    let r = api(
        &st,
        Method::PUT,
        "/me/autorenew",
        json!({"active": true, "renewDay": 3}),
    )
    .await;
    assert_eq!(r.status, 503);
    // A faulted mutation does not change the state but is logged.
    assert_eq!(get(&st, "/me/autorenew").await.json()["renewDay"], 5);
    let log = log(&st).await;
    assert_eq!(log.last().unwrap()["status"], 503);

    // POST appends, DELETE clears
    let r = send(
        &st,
        Method::POST,
        "/_sandbox/faults",
        &[],
        Some(&json!({ "kind": "latency", "latencyMs": 1 })),
    )
    .await;
    assert_eq!(r.json().as_array().unwrap().len(), 4);
    let r = send(&st, Method::DELETE, "/_sandbox/faults", &[], None).await;
    assert!(r.status.is_success());
    assert_eq!(get(&st, "/services").await.status, 200);
}

#[tokio::test]
async fn bad_fault_json_is_refused() {
    let st = seeded();
    for bad in [
        json!([{ "kind": "status" }]),
        json!([{ "kind": "boom" }]),
        json!([{ "kind": "status", "status": 500, "rate": 2.0 }]),
        json!([{ "kind": "status", "status": 500, "colour": "red" }]),
    ] {
        let r = send(&st, Method::PUT, "/_sandbox/faults", &[], Some(&bad)).await;
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["message"].is_string());
    }
}

#[test]
fn cli_spec_parsing() {
    let rules = parse_spec("kind=latency,latencyMs=150;kind=status,status=500,path=/services,rate=0.3;kind=status,status=429,retryAfter=2,count=1").unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0].kind, FaultKind::Latency);
    assert_eq!(rules[0].latency_ms, Some(150));
    assert_eq!(rules[1].status, Some(500));
    assert_eq!(rules[1].path.as_deref(), Some("/services"));
    assert_eq!(rules[1].rate, Some(0.3));
    assert_eq!(rules[2].retry_after, Some(2));
    assert_eq!(rules[2].count, Some(1));
    assert_eq!(
        parse_spec("kind=malformed,method=get").unwrap()[0]
            .method
            .as_deref(),
        Some("GET")
    );
    assert!(parse_spec("").unwrap().is_empty());

    let e = parse_spec("kind=status,status=abc").unwrap_err();
    assert!(e.contains("`status`") && e.contains("abc"), "{e}");
    let e = parse_spec("kind=latency,latencyMs=5;kind=status,colour=red").unwrap_err();
    assert!(e.contains("rule 2") && e.contains("`colour`"), "{e}");
    let e = parse_spec("status=500").unwrap_err();
    assert!(e.contains("`kind`"), "{e}");
    let e = parse_spec("kind=explode").unwrap_err();
    assert!(e.contains("`kind`"), "{e}");
    let e = parse_spec("kind=status").unwrap_err();
    assert!(e.contains("`status`"), "{e}");
    let e = parse_spec("kind=status,status=500,rate=1.5").unwrap_err();
    assert!(e.contains("`rate`"), "{e}");
    let e = parse_spec("kind=status,status").unwrap_err();
    assert!(e.contains("key=value"), "{e}");
}
