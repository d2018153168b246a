//! The seeded orders the app's orders pages are tested against (`seed::notable::ORDER_*`), and
//! the withdrawal: refused after `retractionDate` with an API error, the status changed, every
//! attempt in the mutation log.

mod common;

use axum::http::Method;
use common::*;
use sandbox::seed::notable::*;
use sandbox::util::parse_dt;
use serde_json::{json, Value};

async fn order(st: &sandbox::SharedState, id: u64) -> Value {
    let r = get(st, &format!("/me/order/{id}")).await;
    assert_eq!(r.status, 200, "order {id}: {}", r.text());
    r.json()
}

async fn status(st: &sandbox::SharedState, id: u64) -> String {
    get(st, &format!("/me/order/{id}/status"))
        .await
        .json()
        .as_str()
        .unwrap()
        .to_string()
}

async fn details(st: &sandbox::SharedState, id: u64) -> Vec<Value> {
    let ids: Vec<u64> =
        serde_json::from_value(get(st, &format!("/me/order/{id}/details")).await.json()).unwrap();
    let mut out = Vec::new();
    for d in ids {
        out.push(get(st, &format!("/me/order/{id}/details/{d}")).await.json());
    }
    out
}

fn cents(price: &Value) -> i64 {
    price["priceInUcents"].as_i64().unwrap() / 1_000_000
}

fn date(o: &Value, key: &str) -> chrono::DateTime<chrono::FixedOffset> {
    parse_dt(o[key].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn notable_orders_have_the_properties_the_browser_tests_rely_on() {
    let st = seeded();
    let now = common::now();
    assert_eq!(get(&st, "/me").await.json()["legalform"], "individual");

    // Withdrawal open: delivered, retractionDate in the future, 14 days after the order.
    let open = order(&st, ORDER_WITHDRAWAL_OPEN).await;
    assert_eq!(status(&st, ORDER_WITHDRAWAL_OPEN).await, "delivered");
    let deadline = date(&open, "retractionDate");
    assert!(deadline > now);
    assert_eq!(deadline - date(&open, "date"), chrono::Duration::days(14));
    let lines: i64 = details(&st, ORDER_WITHDRAWAL_OPEN)
        .await
        .iter()
        .map(|d| cents(&d["totalPrice"]))
        .sum();
    assert_eq!(lines, cents(&open["priceWithoutTax"]));
    assert_eq!(lines, 6887);

    // Withdrawal just closed: 2 hours ago.
    let closed = order(&st, ORDER_WITHDRAWAL_CLOSED).await;
    let ended = date(&closed, "retractionDate");
    assert!(ended < now && now - ended <= chrono::Duration::hours(3));

    // Lines that do not make the total: unitPrice × quantity sums to 45.97 €, the API says 47.97 €.
    let mismatch = order(&st, ORDER_TOTAL_MISMATCH).await;
    let lines: i64 = details(&st, ORDER_TOTAL_MISMATCH)
        .await
        .iter()
        .map(|d| cents(&d["unitPrice"]) * d["quantity"].as_str().unwrap().parse::<i64>().unwrap())
        .sum();
    assert_eq!(lines, 4597);
    assert_eq!(cents(&mismatch["priceWithoutTax"]), 4797);
    assert_eq!(
        cents(&mismatch["priceWithoutTax"]) + cents(&mismatch["tax"]),
        cents(&mismatch["priceWithTax"])
    );

    // Expired unpaid, no tracking.
    let expired = order(&st, ORDER_EXPIRED_UNPAID).await;
    assert_eq!(status(&st, ORDER_EXPIRED_UNPAID).await, "notPaid");
    assert!(date(&expired, "expirationDate") < now);
    assert!(expired["retractionDate"].is_null());
    let r = get(&st, &format!("/me/order/{ORDER_EXPIRED_UNPAID}/followUp")).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["errorCode"], "OBJECT_NOT_FOUND");

    // A status the app does not know; tracking out of order with a step missing.
    assert_eq!(status(&st, ORDER_UNKNOWN_STATUS).await, "pendingRefund");
    let steps = get(&st, &format!("/me/order/{ORDER_UNKNOWN_STATUS}/followUp"))
        .await
        .json();
    let names: Vec<&str> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["DELIVERING", "VALIDATING", "VALIDATED"]);
    assert!(steps[0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["label"] == "REFUND_REQUESTED"));

    // A quantity line and a cancelled line left out of the total.
    let partly = order(&st, ORDER_PARTLY_CANCELLED).await;
    assert_eq!(status(&st, ORDER_PARTLY_CANCELLED).await, "delivering");
    let lines = details(&st, ORDER_PARTLY_CANCELLED).await;
    assert_eq!(lines[0]["quantity"], "100");
    assert_eq!(cents(&lines[0]["unitPrice"]), 7);
    assert_eq!(lines.iter().filter(|d| d["cancelled"] == true).count(), 1);
    let kept: i64 = lines
        .iter()
        .filter(|d| d["cancelled"] == false)
        .map(|d| cents(&d["totalPrice"]))
        .sum();
    assert_eq!(kept, cents(&partly["priceWithoutTax"]));
    assert!(date(&partly, "retractionDate") > now);

    // Offsets: the date in +02:00, the withdrawal date in +01:00, 14 days apart as instants.
    let offsets = order(&st, ORDER_OFFSETS).await;
    assert!(offsets["date"].as_str().unwrap().ends_with("+02:00"));
    assert!(offsets["expirationDate"]
        .as_str()
        .unwrap()
        .ends_with("+02:00"));
    assert!(offsets["retractionDate"]
        .as_str()
        .unwrap()
        .ends_with("+01:00"));
    assert_eq!(
        date(&offsets, "retractionDate") - date(&offsets, "date"),
        chrono::Duration::days(14)
    );
    assert!(date(&offsets, "retractionDate") > now);

    // A null entry in the object pages; the id and the order itself answer.
    let ids: Vec<u64> = serde_json::from_value(get(&st, "/me/order").await.json()).unwrap();
    assert!(ids.contains(&ORDER_NULL_IN_LIST));
    order(&st, ORDER_NULL_IN_LIST).await;
    let page = get_page(&st, "/me/order", &[("x-pagination-size", "5000")]).await;
    let list = page.json();
    let list = list.as_array().unwrap();
    assert_eq!(
        page.header("x-pagination-elements").unwrap(),
        list.len().to_string()
    );
    assert_eq!(list.iter().filter(|o| o.is_null()).count(), 1);
    assert!(!list
        .iter()
        .any(|o| o["orderId"].as_u64() == Some(ORDER_NULL_IN_LIST)));
    for id in [
        ORDER_WITHDRAWAL_OPEN,
        ORDER_WITHDRAWAL_CLOSED,
        ORDER_TOTAL_MISMATCH,
        ORDER_EXPIRED_UNPAID,
        ORDER_UNKNOWN_STATUS,
        ORDER_PARTLY_CANCELLED,
        ORDER_OFFSETS,
    ] {
        assert!(list.iter().any(|o| o["orderId"].as_u64() == Some(id)));
    }
}

#[tokio::test]
async fn notable_orders_do_not_depend_on_the_seed_nor_the_size() {
    let acc = sandbox::seed::generate(&sandbox::seed::SeedOptions {
        services: 5,
        seed: 7,
        now: common::now(),
    });
    for id in ORDER_WITHDRAWAL_OPEN..=ORDER_NULL_IN_LIST {
        assert!(acc.order_index(id).is_some(), "order {id}");
    }
    assert!(
        acc.orders
            .iter()
            .filter(|o| o.order.order_id < ORDER_WITHDRAWAL_OPEN)
            .all(|o| o.order.order_id > 215_000_000),
        "generated orders keep their range"
    );
}

#[tokio::test]
async fn a_withdrawal_after_the_deadline_is_refused_and_every_attempt_is_logged() {
    let st = seeded();
    let path = format!("/me/order/{ORDER_WITHDRAWAL_CLOSED}/retraction");
    let r = api(&st, Method::POST, &path, json!({ "reason": "other" })).await;
    assert_eq!(r.status, 403);
    let error = r.json();
    assert!(error["message"]
        .as_str()
        .unwrap()
        .contains("withdrawal period"));
    assert_eq!(error["httpCode"], "403 Forbidden");
    assert_eq!(error["errorCode"], "FORBIDDEN");
    assert!(r.header("x-ovh-queryid").is_some());
    assert_eq!(status(&st, ORDER_WITHDRAWAL_CLOSED).await, "delivered");
    let r = api(
        &st,
        Method::POST,
        &format!("/me/order/{ORDER_EXPIRED_UNPAID}/retraction"),
        json!({ "reason": "other" }),
    )
    .await;
    assert_eq!(r.status, 403, "no withdrawal date: no withdrawal");

    let open = format!("/me/order/{ORDER_WITHDRAWAL_OPEN}/retraction");
    let body = json!({ "reason": "expensive", "comment": "Trop cher finalement" });
    let r = api(&st, Method::POST, &open, body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), Value::Null);
    assert_eq!(status(&st, ORDER_WITHDRAWAL_OPEN).await, "cancelling");
    let again = api(&st, Method::POST, &open, json!({ "reason": "other" })).await;
    assert_eq!(again.status, 409);

    let log: Vec<(String, String, Value, u64)> = log(&st)
        .await
        .into_iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap().to_string(),
                e["path"].as_str().unwrap().to_string(),
                e["body"].clone(),
                e["status"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        log,
        vec![
            ("POST".into(), path, json!({ "reason": "other" }), 403),
            (
                "POST".into(),
                format!("/me/order/{ORDER_EXPIRED_UNPAID}/retraction"),
                json!({ "reason": "other" }),
                403
            ),
            ("POST".into(), open.clone(), body, 200),
            ("POST".into(), open, json!({ "reason": "other" }), 409),
        ]
    );
}

#[tokio::test]
async fn the_deadline_is_exclusive_by_the_server_clock() {
    let st = seeded();
    let deadline = date(&order(&st, ORDER_PARTLY_CANCELLED).await, "retractionDate");
    let set_clock = |at: chrono::DateTime<chrono::FixedOffset>| {
        let st = st.clone();
        async move {
            let r = send(
                &st,
                Method::PUT,
                "/_sandbox/clock",
                &[],
                Some(&json!({ "now": sandbox::util::fmt_dt(at) })),
            )
            .await;
            assert_eq!(r.status, 200);
        }
    };
    let path = format!("/me/order/{ORDER_PARTLY_CANCELLED}/retraction");
    set_clock(deadline).await;
    let r = api(&st, Method::POST, &path, json!({ "reason": "other" })).await;
    assert_eq!(r.status, 403, "at the deadline it is over");
    set_clock(deadline - chrono::Duration::seconds(2)).await;
    let r = api(&st, Method::POST, &path, json!({ "reason": "other" })).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(status(&st, ORDER_PARTLY_CANCELLED).await, "cancelling");
}

#[tokio::test]
async fn a_long_order_history_is_generated_on_demand_and_the_default_is_unchanged() {
    let opts = sandbox::seed::SeedOptions {
        services: 50,
        seed: 42,
        now: common::now(),
    };
    let default = sandbox::seed::generate(&opts);
    let same = sandbox::seed::generate_with_history(&opts, sandbox::seed::DEFAULT_HISTORY_ORDERS);
    let ids = |acc: &sandbox::state::Account| -> Vec<u64> {
        acc.orders.iter().map(|o| o.order.order_id).collect()
    };
    assert_eq!(ids(&default), ids(&same));

    let long = sandbox::seed::generate_with_history(&opts, 5_000);
    assert_eq!(
        long.orders.len(),
        default.orders.len() - sandbox::seed::DEFAULT_HISTORY_ORDERS + 5_000
    );
    let mut unique = ids(&long);
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), long.orders.len(), "order ids stay unique");
    let oldest = long
        .orders
        .iter()
        .filter_map(|o| o.order.date.as_deref())
        .filter_map(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
        .min()
        .unwrap();
    let years = (common::now() - oldest).num_days() / 365;
    assert_eq!(years, 5, "spread over five years, oldest {oldest}");
}
