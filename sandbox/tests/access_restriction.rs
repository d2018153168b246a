//! The account's protections and closure readiness as the sandbox serves them (issue 15):
//! `/me/accessRestriction/*` (read only), `spareEmail` of `/me`, and the three accounts the
//! checks are tested on: the seeded one (safe), `datasets/unsafe.json`, and
//! `datasets/ready-to-close.json`.

mod common;

use axum::http::Method;
use common::*;
use sandbox::dataset::{dump_dataset, parse_dataset};
use sandbox::seed::notable;
use serde_json::{json, Value};

async fn ids(st: &sandbox::SharedState, list: &str) -> Vec<u64> {
    let r = get(st, list).await;
    assert_eq!(r.status, 200, "{list}: {}", r.text());
    serde_json::from_value(r.json()).unwrap()
}

/// Every object of a list of second factors.
async fn objects(st: &sandbox::SharedState, kind: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for id in ids(st, &format!("/me/accessRestriction/{kind}")).await {
        let r = get(st, &format!("/me/accessRestriction/{kind}/{id}")).await;
        assert_eq!(r.status, 200, "{kind}/{id}: {}", r.text());
        assert_eq!(r.json()["id"], id);
        out.push(r.json());
    }
    out
}

/// The default payment method's status, if there is a default.
async fn default_payment_status(st: &sandbox::SharedState) -> Option<String> {
    let pms = get_page(st, "/me/payment/method", &[]).await.json();
    pms.as_array()
        .unwrap()
        .iter()
        .find(|p| p["default"] == true)
        .map(|p| p["status"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn the_seeded_account_is_protected() {
    let st = seeded();
    let totp = objects(&st, "totp").await;
    assert_eq!(totp.len(), 1);
    assert_eq!(totp[0]["id"], notable::TOTP_ENABLED);
    assert_eq!(totp[0]["status"], "enabled");
    assert_eq!(totp[0]["description"], "Téléphone de Dominique");
    assert!(totp[0]["creationDate"].as_str().unwrap() < common::NOW);
    assert!(totp[0]["lastUsedDate"].is_string());
    let u2f = objects(&st, "u2f").await;
    assert_eq!(u2f.len(), 1);
    assert_eq!(u2f[0]["id"], notable::U2F_ENABLED);
    assert_eq!(u2f[0]["status"], "enabled");
    // A phone is listed but disabled: it does not protect the account.
    let sms = objects(&st, "sms").await;
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0]["id"], notable::SMS_DISABLED);
    assert_eq!(sms[0]["status"], "disabled");
    assert!(sms[0]["phoneNumber"].as_str().unwrap().starts_with("+33"));
    let backup = get(&st, "/me/accessRestriction/backupCode").await;
    assert_eq!(backup.status, 200);
    let backup = backup.json();
    assert_eq!(backup["status"], "enabled");
    assert_eq!(backup["remaining"], notable::BACKUP_CODES_REMAINING);
    assert!(backup["lastUsedDate"].is_null());
    assert!(backup.get("id").is_none(), "SOTPAccount has no id");

    let me = get(&st, "/me").await.json();
    let spare = me["spareEmail"].as_str().unwrap();
    assert!(!spare.is_empty() && spare != me["email"].as_str().unwrap());
    assert_eq!(default_payment_status(&st).await.as_deref(), Some("VALID"));
}

#[tokio::test]
async fn the_unsafe_dataset_is_not() {
    let st = from_dataset("unsafe");
    // An authenticator app whose enrolment was never finished: listed, not protecting.
    let totp = objects(&st, "totp").await;
    assert_eq!(totp.len(), 1);
    assert_eq!(totp[0]["status"], "needCodeValidation");
    assert!(totp[0]["lastUsedDate"].is_null());
    assert!(ids(&st, "/me/accessRestriction/u2f").await.is_empty());
    assert!(ids(&st, "/me/accessRestriction/sms").await.is_empty());
    // No backup codes: a 404 in the API's error shape.
    let r = get(&st, "/me/accessRestriction/backupCode").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["errorCode"], "OBJECT_NOT_FOUND");
    assert!(r.json()["message"].as_str().unwrap().contains("backupCode"));

    let me = get(&st, "/me").await.json();
    assert!(me["spareEmail"].is_null(), "{me}");
    assert!(me["email"].is_string());
    // The default card expired; a valid SEPA mandate is registered but not the default.
    assert_eq!(
        default_payment_status(&st).await.as_deref(),
        Some("EXPIRED")
    );
    let pms = get_page(&st, "/me/payment/method", &[]).await.json();
    assert!(pms
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["status"] == "VALID" && p["default"] == false));
    // Not ready to close either.
    let closure = closure_of(&st).await;
    assert!(closure.active_services >= 3, "{closure:?}");
    assert_eq!(closure.debts, 1);
    assert_eq!(closure.orders_in_progress, 1);
}

/// What closure readiness counts, computed from the API's answers with the issue's rules.
#[derive(Debug, Default)]
struct Closure {
    active_services: usize,
    debts: usize,
    orders_in_progress: usize,
    /// Orders that would count if they had not expired (unpaid, past `expirationDate`).
    expired_unpaid: usize,
}

async fn closure_of(st: &sandbox::SharedState) -> Closure {
    let mut c = Closure::default();
    let services = get_page(st, "/services", &[]).await.json();
    for s in services.as_array().unwrap() {
        let ended = s["billing"]["lifecycle"]["current"]["state"] == "terminated"
            || s["resource"]["state"] == "deleted";
        if !ended {
            c.active_services += 1;
        }
    }
    for id in ids(st, "/me/debtAccount/debt").await {
        let d = get(st, &format!("/me/debtAccount/debt/{id}")).await.json();
        if d["dueAmount"]["value"].as_f64().unwrap() > 0.0 {
            c.debts += 1;
        }
    }
    for id in ids(st, "/me/order").await {
        let status: String =
            serde_json::from_value(get(st, &format!("/me/order/{id}/status")).await.json())
                .unwrap();
        let order = get(st, &format!("/me/order/{id}")).await.json();
        let expired = order["expirationDate"]
            .as_str()
            .and_then(sandbox::util::parse_dt)
            .is_some_and(|e| e < common::now());
        match status.as_str() {
            "checking" | "delivering" | "documentsRequested" => c.orders_in_progress += 1,
            "notPaid" if expired => c.expired_unpaid += 1,
            "notPaid" => c.orders_in_progress += 1,
            _ => {}
        }
    }
    c
}

#[tokio::test]
async fn the_ready_to_close_dataset_has_nothing_left() {
    let st = from_dataset("ready-to-close");
    let closure = closure_of(&st).await;
    assert_eq!(closure.active_services, 0, "{closure:?}");
    assert_eq!(closure.debts, 0, "{closure:?}");
    assert_eq!(closure.orders_in_progress, 0, "{closure:?}");
    // What must not count is there: ended services, a paid debt, an expired unpaid order.
    assert_eq!(
        get_page(&st, "/services", &[])
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(ids(&st, "/me/debtAccount/debt").await.len(), 1);
    assert_eq!(closure.expired_unpaid, 1);
    assert_eq!(get(&st, "/me/debtAccount").await.json()["active"], false);
    // The other orders: delivered and cancelled.
    let mut statuses = Vec::new();
    for id in ids(&st, "/me/order").await {
        statuses.push(get(&st, &format!("/me/order/{id}/status")).await.json());
    }
    statuses.sort_by_key(|s| s.to_string());
    assert_eq!(
        statuses,
        vec![json!("cancelled"), json!("delivered"), json!("notPaid")]
    );
    // And protected: the checks are all ok on this account.
    assert_eq!(objects(&st, "totp").await[0]["status"], "enabled");
    assert_eq!(
        get(&st, "/me/accessRestriction/backupCode").await.json()["status"],
        "enabled"
    );
    assert!(get(&st, "/me").await.json()["spareEmail"].is_string());
    assert_eq!(default_payment_status(&st).await.as_deref(), Some("VALID"));
}

#[tokio::test]
async fn the_seeded_account_is_not_ready_to_close() {
    let closure = closure_of(&seeded()).await;
    assert!(closure.active_services > 200, "{closure:?}");
    assert_eq!(closure.debts, 3);
    assert!(closure.orders_in_progress > 0);
    assert!(closure.expired_unpaid > 0);
}

#[tokio::test]
async fn unknown_ids_bad_ids_and_methods() {
    let st = seeded();
    for kind in ["totp", "u2f", "sms"] {
        let r = get(&st, &format!("/me/accessRestriction/{kind}/999")).await;
        assert_eq!(r.status, 404, "{kind}");
        assert_eq!(r.json()["errorCode"], "OBJECT_NOT_FOUND");
        let r = get(&st, &format!("/me/accessRestriction/{kind}/abc")).await;
        assert_eq!(r.status, 400, "{kind}: {}", r.text());
        // A TOTP id is not a security key's.
        let other = if kind == "totp" {
            notable::U2F_ENABLED
        } else {
            notable::TOTP_ENABLED
        };
        assert_eq!(
            get(&st, &format!("/me/accessRestriction/{kind}/{other}"))
                .await
                .status,
            404
        );
    }
    // Read only: the writes the API has are not served (405 with the methods served).
    for (method, path) in [
        (Method::POST, "/me/accessRestriction/totp"),
        (Method::DELETE, "/me/accessRestriction/backupCode"),
        (Method::PUT, "/me/accessRestriction/sms/4230001"),
    ] {
        let r = api(&st, method.clone(), path, json!({})).await;
        assert_eq!(r.status, 405, "{method} {path}");
        assert_eq!(r.header("allow").as_deref(), Some("GET"));
    }
    // Paths the sandbox does not serve (some the API has, some it has not).
    for path in [
        "/me/accessRestriction/ip",
        "/me/accessRestriction/developerMode",
        "/me/accessRestriction",
        "/me/accessRestriction/totp/4210001/enable",
        "/me/accessRestriction/yubikey",
    ] {
        let r = get(&st, path).await;
        assert_eq!(r.status, 404, "{path}");
        assert_eq!(r.json()["message"], "Got an invalid (or empty) URL");
    }
    // HEAD goes with GET.
    let r = send(
        &st,
        Method::HEAD,
        "/engine/apiv6/me/accessRestriction/totp",
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    // Nothing refused reached the account.
    assert!(log(&st).await.iter().all(|e| e["applied"] == false));
}

#[tokio::test]
async fn access_restrictions_need_the_session() {
    let st = seeded_auth();
    let r = get(&st, "/me/accessRestriction/totp").await;
    assert_eq!(r.status, 401);
}

#[test]
fn access_restrictions_round_trip_in_datasets() {
    for name in ["unsafe", "ready-to-close", "small"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("datasets")
            .join(format!("{name}.json"));
        let acc = sandbox::dataset::load_dataset(&path).unwrap();
        let text = dump_dataset(&acc);
        let back = parse_dataset(&text, "dump.json").unwrap();
        assert_eq!(dump_dataset(&back), text, "{name}");
    }
    // A dataset without `accessRestriction` has no two-factor authentication at all.
    let small: Value = serde_json::from_str(&dump_dataset(
        &sandbox::dataset::load_dataset(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/small.json"),
        )
        .unwrap(),
    ))
    .unwrap();
    assert_eq!(
        small["accessRestriction"],
        json!({ "totp": [], "u2f": [], "sms": [], "backupCode": null })
    );
}

#[test]
fn duplicate_access_restriction_ids_are_refused() {
    let text = r#"{
      "me": {"nichandle": "zz1-ovh"},
      "services": [],
      "accessRestriction": {"u2f": [
        {"id": 3, "creationDate": "2026-01-01T00:00:00+01:00", "status": "enabled"},
        {"id": 3, "creationDate": "2026-01-02T00:00:00+01:00", "status": "disabled"}
      ]}
    }"#;
    let e = parse_dataset(text, "dup.json").err().unwrap();
    assert_eq!(e, "dup.json: accessRestriction.u2f[1].id: duplicate id 3");
    // A missing field names its path.
    let text = r#"{"me": {"nichandle": "z"}, "services": [],
      "accessRestriction": {"sms": [{"id": 1, "creationDate": "2026-01-01T00:00:00Z", "status": "enabled"}]}}"#;
    let e = parse_dataset(text, "sms.json").err().unwrap();
    assert!(
        e.contains("accessRestriction.sms[0]: missing field `phoneNumber`"),
        "{e}"
    );
}

#[tokio::test]
async fn reset_restores_the_dataset_and_the_dump_serves_it() {
    let st = from_dataset("unsafe");
    let dump = send(&st, Method::GET, "/_sandbox/dataset", &[], None)
        .await
        .json();
    assert_eq!(
        dump["accessRestriction"]["totp"][0]["status"],
        "needCodeValidation"
    );
    assert!(dump["accessRestriction"]["backupCode"].is_null());
    assert!(dump["me"]["spareEmail"].is_null());
    let r = send(&st, Method::POST, "/_sandbox/reset", &[], None).await;
    assert!(r.status.is_success());
    assert_eq!(
        ids(&st, "/me/accessRestriction/totp").await,
        vec![4_210_101]
    );
}
