//! Changes behind the console's back (`POST /_sandbox/.../tamper`), seen through the API.

mod common;

use axum::http::Method;
use common::*;
use sandbox::seed::notable;
use serde_json::{json, Value};

async fn tamper(st: &sandbox::SharedState, path: &str, patch: Value) -> Resp {
    send(st, Method::POST, path, &[], Some(&patch)).await
}

async fn tamper_service(st: &sandbox::SharedState, id: u64, patch: Value) -> Value {
    let r = tamper(st, &format!("/_sandbox/services/{id}/tamper"), patch).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

async fn infos(st: &sandbox::SharedState, id: u64) -> Value {
    let s = service(st, id).await;
    let url = s["route"]["url"].as_str().unwrap().to_string();
    get(st, &format!("{url}/serviceInfos")).await.json()
}

fn pending(s: &Value) -> Vec<String> {
    serde_json::from_value(s["billing"]["lifecycle"]["current"]["pendingActions"].clone()).unwrap()
}

#[tokio::test]
async fn termination_requested_behind_the_back() {
    let st = seeded();
    let id = notable::HOSTING_WITH_DOMAIN;
    let out = tamper_service(&st, id, json!({ "terminationRequested": true })).await;
    let s = service(&st, id).await;
    assert_eq!(
        out["service"], s,
        "answers the service as the API serves it"
    );
    assert!(pending(&s).contains(&"terminateAtExpirationDate".to_string()));
    assert_eq!(
        s["billing"]["lifecycle"]["current"]["terminationDate"],
        s["billing"]["expirationDate"]
    );
    assert!(s["billing"]["renew"]["current"]["nextDate"].is_null());
    assert!(s["billing"]["nextBillingDate"].is_null());
    let i = infos(&st, id).await;
    assert_eq!(out["serviceInfos"], i);
    assert_eq!(i["renew"]["deleteAtExpiration"], true);
    assert_eq!(
        i["renew"]["automatic"], true,
        "the rest of the renew block is kept"
    );

    // The /services pages see it too (cached JSON refreshed).
    let page = get_page(&st, "/services", &[("x-pagination-size", "1")])
        .await
        .json();
    assert_eq!(page[0]["serviceId"], id);
    assert!(pending(&page[0]).contains(&"terminateAtExpirationDate".to_string()));

    // Not a console mutation: the log stays empty; the tampers list has it.
    assert!(log(&st).await.is_empty());
    let t = send(&st, Method::GET, "/_sandbox/tampers", &[], None)
        .await
        .json();
    assert_eq!(t[0]["target"], "service");
    assert_eq!(t[0]["id"], id);
    assert_eq!(t[0]["patch"], json!({ "terminationRequested": true }));

    // And withdrawn again.
    tamper_service(&st, id, json!({ "terminationRequested": false })).await;
    let s = service(&st, id).await;
    assert!(pending(&s).is_empty());
    assert!(s["billing"]["lifecycle"]["current"]["terminationDate"].is_null());
    assert_eq!(
        s["billing"]["renew"]["current"]["nextDate"],
        s["billing"]["expirationDate"]
    );
    assert_eq!(infos(&st, id).await["renew"]["deleteAtExpiration"], false);
}

#[tokio::test]
async fn renew_block_is_merged_in_both_views() {
    let st = seeded();
    let id = notable::HOSTING_WITH_DOMAIN;
    tamper_service(
        &st,
        id,
        json!({ "renew": { "deleteAtExpiration": true, "forced": true } }),
    )
    .await;
    let i = infos(&st, id).await;
    assert_eq!(i["renew"]["deleteAtExpiration"], true);
    assert_eq!(i["renew"]["forced"], true);
    assert_eq!(i["renew"]["automatic"], true);
    assert!(pending(&service(&st, id).await).contains(&"terminateAtExpirationDate".to_string()));

    tamper_service(&st, id, json!({ "renew": { "automatic": false } })).await;
    let s = service(&st, id).await;
    assert_eq!(s["billing"]["renew"]["current"]["mode"], "manual");
    assert!(s["billing"]["renew"]["current"]["period"].is_null());
    let i = infos(&st, id).await;
    assert_eq!(i["renew"]["manualPayment"], true);
    assert_eq!(i["renewalType"], "manual");
    assert_eq!(i["renew"]["deleteAtExpiration"], true, "kept");
    assert_eq!(i["renew"]["forced"], true, "kept");

    tamper_service(
        &st,
        id,
        json!({ "renewMode": "automatic", "renewPeriod": "P1M" }),
    )
    .await;
    let s = service(&st, id).await;
    assert_eq!(s["billing"]["renew"]["current"]["mode"], "automatic");
    assert_eq!(s["billing"]["renew"]["current"]["period"], "P1M");
    let i = infos(&st, id).await;
    assert_eq!(i["renew"]["automatic"], true);
    assert_eq!(i["renew"]["period"], 1);

    tamper_service(&st, id, json!({ "renew": { "period": 12 } })).await;
    assert_eq!(
        service(&st, id).await["billing"]["renew"]["current"]["period"],
        "P1Y"
    );
    tamper_service(&st, id, json!({ "renewMode": "manual" })).await;
    assert_eq!(infos(&st, id).await["renew"]["manualPayment"], true);
    assert!(log(&st).await.is_empty());
}

#[tokio::test]
async fn states_and_expiration() {
    let st = seeded();
    let id = notable::HOSTING_WITH_DOMAIN;
    tamper_service(&st, id, json!({ "resourceState": "suspended" })).await;
    assert_eq!(service(&st, id).await["resource"]["state"], "suspended");

    tamper_service(&st, id, json!({ "lifecycleState": "unpaid" })).await;
    let s = service(&st, id).await;
    assert_eq!(s["billing"]["lifecycle"]["current"]["state"], "unpaid");
    assert!(s["billing"]["nextBillingDate"].is_null(), "not running");
    assert_eq!(infos(&st, id).await["status"], "unPaid");

    tamper_service(
        &st,
        id,
        json!({ "lifecycleState": "active", "resourceState": "active" }),
    )
    .await;
    assert_eq!(infos(&st, id).await["status"], "ok");

    // A new expiration moves both views, and a pending termination with it.
    let vps = notable::VPS_PENDING_TERMINATION;
    tamper_service(
        &st,
        vps,
        json!({ "expirationDate": "2027-01-31T00:00:00+01:00", "displayName": "Moved" }),
    )
    .await;
    let s = service(&st, vps).await;
    assert_eq!(s["billing"]["expirationDate"], "2027-01-31T00:00:00+01:00");
    assert_eq!(
        s["billing"]["lifecycle"]["current"]["terminationDate"],
        "2027-01-31T00:00:00+01:00"
    );
    assert_eq!(s["resource"]["displayName"], "Moved");
    assert_eq!(infos(&st, vps).await["expiration"], "2027-01-31");

    tamper_service(&st, vps, json!({ "lifecycleState": "terminated" })).await;
    let s = service(&st, vps).await;
    assert!(pending(&s).is_empty());
    assert_eq!(infos(&st, vps).await["status"], "expired");
}

#[tokio::test]
async fn bad_service_patches_change_nothing() {
    let st = seeded();
    let id = notable::HOSTING_WITH_DOMAIN;
    let before = service(&st, id).await;
    for (patch, status) in [
        (
            json!({ "terminationRequested": true, "renewMode": "yearly" }),
            400,
        ),
        (
            json!({ "terminationRequested": true, "colour": "red" }),
            400,
        ),
        (
            json!({ "renew": { "automatic": true, "manualPayment": true } }),
            400,
        ),
        (
            json!({ "renewMode": "manual", "renew": { "automatic": true } }),
            400,
        ),
        (
            json!({ "terminationRequested": true, "renew": { "deleteAtExpiration": false } }),
            400,
        ),
        (
            json!({ "renewPeriod": "P1M", "renew": { "period": 1 } }),
            400,
        ),
        (json!({ "renewPeriod": "monthly" }), 400),
        (
            json!({ "terminationRequested": true, "expirationDate": "soon" }),
            400,
        ),
        (json!({}), 400),
    ] {
        let r = tamper(
            &st,
            &format!("/_sandbox/services/{id}/tamper"),
            patch.clone(),
        )
        .await;
        assert_eq!(r.status, status, "{patch}: {}", r.text());
        assert!(r.json()["message"].is_string());
    }
    assert_eq!(service(&st, id).await, before);
    let r = tamper(
        &st,
        "/_sandbox/services/42/tamper",
        json!({ "terminationRequested": true }),
    )
    .await;
    assert_eq!(r.status, 404);
    let r = tamper(
        &st,
        "/_sandbox/services/abc/tamper",
        json!({ "terminationRequested": true }),
    )
    .await;
    assert_eq!(r.status, 400);
    let t = send(&st, Method::GET, "/_sandbox/tampers", &[], None)
        .await
        .json();
    assert_eq!(t, json!([]), "refused patches are not listed");
}

#[tokio::test]
async fn order_cancelled_elsewhere_then_the_console_retracts() {
    let st = seeded();
    let id = notable::ORDER_WITHDRAWAL_OPEN;
    let r = tamper(
        &st,
        &format!("/_sandbox/orders/{id}/tamper"),
        json!({ "status": "cancelling" }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["status"], "cancelling");
    assert_eq!(
        get(&st, &format!("/me/order/{id}/status")).await.json(),
        "cancelling"
    );
    let r = api(
        &st,
        Method::POST,
        &format!("/me/order/{id}/retraction"),
        json!({ "reason": "other" }),
    )
    .await;
    assert_eq!(r.status, 409, "already being cancelled");
    assert_eq!(log(&st).await.len(), 1, "only the console's retraction");

    // Dates too; a bad one changes nothing.
    let r = tamper(
        &st,
        &format!("/_sandbox/orders/{id}/tamper"),
        json!({ "retractionDate": "2020-01-01T00:00:00+01:00" }),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        get(&st, &format!("/me/order/{id}")).await.json()["retractionDate"],
        "2020-01-01T00:00:00+01:00"
    );
    for bad in [
        json!({ "status": "delivered", "expirationDate": "never" }),
        json!({ "status": "delivered", "pay": true }),
        json!({ "state": "delivered" }),
    ] {
        let r = tamper(&st, &format!("/_sandbox/orders/{id}/tamper"), bad.clone()).await;
        assert_eq!(r.status, 400, "{bad}");
    }
    assert_eq!(
        get(&st, &format!("/me/order/{id}/status")).await.json(),
        "cancelling"
    );
    let r = tamper(&st, "/_sandbox/orders/1/tamper", json!({ "status": "x" })).await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn order_paid_elsewhere_renews_its_service() {
    let st = seeded();
    let sid = notable::VPS_PENDING_TERMINATION;
    let r = api(
        &st,
        Method::POST,
        &format!("/service/{sid}/renew"),
        json!({ "duration": "P1M", "services": [sid], "dryRun": false }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let order_id = r.json()["orderId"].as_u64().unwrap();
    let before = service(&st, sid).await["billing"]["expirationDate"].clone();
    let r = tamper(
        &st,
        &format!("/_sandbox/orders/{order_id}/tamper"),
        json!({ "pay": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        get(&st, &format!("/me/order/{order_id}/status"))
            .await
            .json(),
        "delivered"
    );
    assert_ne!(service(&st, sid).await["billing"]["expirationDate"], before);
    let r = tamper(
        &st,
        &format!("/_sandbox/orders/{order_id}/tamper"),
        json!({ "pay": true }),
    )
    .await;
    assert_eq!(r.status, 409, "already paid");
}

#[tokio::test]
async fn autorenew_and_debts_behind_the_back() {
    let st = seeded();
    let r = tamper(&st, "/_sandbox/autorenew", json!({ "active": false })).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let a = get(&st, "/me/autorenew").await.json();
    assert_eq!((&a["active"], &a["renewDay"]), (&json!(false), &json!(5)));
    tamper(
        &st,
        "/_sandbox/autorenew",
        json!({ "active": true, "renewDay": 12 }),
    )
    .await;
    let a = get(&st, "/me/autorenew").await.json();
    assert_eq!((&a["active"], &a["renewDay"]), (&json!(true), &json!(12)));

    let r = tamper(&st, "/_sandbox/autorenew", Value::Null).await;
    assert_eq!(r.status, 200);
    assert_eq!(get(&st, "/me/autorenew").await.status, 404);
    let r = tamper(&st, "/_sandbox/autorenew", json!({ "active": true })).await;
    assert_eq!(r.status, 400, "renewDay needed to create it");
    assert_eq!(
        tamper(&st, "/_sandbox/autorenew", json!({ "renewDay": 30 }))
            .await
            .status,
        400
    );
    tamper(&st, "/_sandbox/autorenew", json!({ "renewDay": 3 })).await;
    let a = get(&st, "/me/autorenew").await.json();
    assert_eq!((&a["active"], &a["renewDay"]), (&json!(false), &json!(3)));

    let debts: Vec<u64> =
        serde_json::from_value(get(&st, "/me/debtAccount/debt").await.json()).unwrap();
    let r = tamper(
        &st,
        &format!("/_sandbox/debts/{}/tamper", debts[0]),
        json!({ "paid": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let d = get(&st, &format!("/me/debtAccount/debt/{}", debts[0]))
        .await
        .json();
    assert_eq!(d["status"], "PAID");
    assert_eq!(d["todoAmount"]["value"], 0.0);
    assert_ne!(
        get(&st, &format!("/me/debtAccount/debt/{}", debts[1]))
            .await
            .json()["status"],
        "PAID"
    );
    assert_eq!(
        tamper(&st, "/_sandbox/debts/1/tamper", json!({ "paid": true }))
            .await
            .status,
        404
    );
    assert!(
        log(&st).await.is_empty(),
        "none of it is a console mutation"
    );

    // Reset undoes every tamper and empties their list.
    let r = send(&st, Method::POST, "/_sandbox/reset", &[], None).await;
    assert!(r.status.is_success());
    assert_eq!(get(&st, "/me/autorenew").await.json()["renewDay"], 5);
    assert_ne!(
        get(&st, &format!("/me/debtAccount/debt/{}", debts[0]))
            .await
            .json()["status"],
        "PAID"
    );
    let t = send(&st, Method::GET, "/_sandbox/tampers", &[], None)
        .await
        .json();
    assert_eq!(t, json!([]));
}
