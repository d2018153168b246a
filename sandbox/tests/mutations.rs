mod common;

use axum::http::Method;
use common::*;
use sandbox::seed::notable;
use sandbox::util::parse_dt;
use serde_json::{json, Value};

fn mode(s: &Value) -> &Value {
    &s["billing"]["renew"]["current"]["mode"]
}

fn pending(s: &Value) -> Vec<String> {
    serde_json::from_value(s["billing"]["lifecycle"]["current"]["pendingActions"].clone()).unwrap()
}

#[tokio::test]
async fn put_service_infos_switches_to_manual_and_back() {
    let st = seeded();
    let url = "/hosting/web/dupont-boulangerie.fr/serviceInfos";
    let body = json!({ "renew": { "automatic": false, "deleteAtExpiration": false, "forced": false, "manualPayment": true, "period": null } });
    let r = api(&st, Method::PUT, url, body.clone()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let s = service(&st, notable::HOSTING_WITH_DOMAIN).await;
    assert_eq!(mode(&s), "manual");
    assert!(s["billing"]["renew"]["current"]["period"].is_null());
    assert!(s["billing"]["renew"]["current"]["nextDate"].is_null());
    let i = get(&st, url).await.json();
    assert_eq!(i["renew"]["manualPayment"], true);
    assert_eq!(i["renew"]["automatic"], false);
    assert_eq!(i["renewalType"], "manual");

    // The page of /services reflects it too (cache invalidated).
    let page = get_page(&st, "/services", &[("x-pagination-size", "1")])
        .await
        .json();
    assert_eq!(mode(&page[0]), "manual");

    let r = api(&st, Method::PUT, url, json!({ "renew": { "automatic": true, "deleteAtExpiration": false, "forced": false, "manualPayment": false, "period": 1 } })).await;
    assert_eq!(r.status, 200);
    let s = service(&st, notable::HOSTING_WITH_DOMAIN).await;
    assert_eq!(mode(&s), "automatic");
    assert_eq!(s["billing"]["renew"]["current"]["period"], "P1M");
    assert_eq!(
        s["billing"]["renew"]["current"]["nextDate"],
        s["billing"]["expirationDate"]
    );

    // Period not offered → 400
    let r = api(
        &st,
        Method::PUT,
        url,
        json!({ "renew": { "automatic": true, "period": 6 } }),
    )
    .await;
    assert_eq!(r.status, 400);

    let log = log(&st).await;
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["seq"], 1);
    assert_eq!(log[0]["method"], "PUT");
    assert_eq!(log[0]["path"], url);
    assert_eq!(log[0]["query"], "");
    assert_eq!(log[0]["body"], body);
    assert!(parse_dt(log[0]["time"].as_str().unwrap()).is_some());
    assert_eq!(log[2]["status"], 400);
}

#[tokio::test]
async fn manual_refused_where_capacities_do_not_allow_it() {
    let st = seeded();
    let r = api(&st, Method::PUT, "/email/domain/dupont-boulangerie.fr/serviceInfos", json!({ "renew": { "automatic": false, "manualPayment": true, "deleteAtExpiration": false, "forced": false } })).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("Manual renewal"));
    assert_eq!(mode(&service(&st, notable::MX_PLAN).await), "automatic");
    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{}", notable::MX_PLAN),
        json!({ "renew": { "mode": "manual" } }),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = api(
        &st,
        Method::PUT,
        "/sms/sms-dp12345-1/serviceInfos",
        json!({ "renew": { "automatic": true, "manualPayment": false, "period": 1 } }),
    )
    .await;
    assert_eq!(r.status, 400, "one-shot");
}

#[tokio::test]
async fn delete_at_expiration_and_cancel_keep_manual() {
    let st = seeded();
    let id = notable::MANUAL_PENDING_TERMINATION;
    let s = service(&st, id).await;
    assert_eq!(pending(&s), ["terminateAtExpirationDate"]);
    assert_eq!(
        s["billing"]["lifecycle"]["current"]["terminationDate"],
        s["billing"]["expirationDate"]
    );
    let url = s["route"]["url"].as_str().unwrap().to_string();
    let mut renew = get(&st, &format!("{url}/serviceInfos")).await.json()["renew"].clone();
    renew["deleteAtExpiration"] = json!(false);
    let r = api(
        &st,
        Method::PUT,
        &format!("{url}/serviceInfos"),
        json!({ "renew": renew }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let s = service(&st, id).await;
    assert!(pending(&s).is_empty());
    assert!(s["billing"]["lifecycle"]["current"]["terminationDate"].is_null());
    assert_eq!(
        mode(&s),
        "manual",
        "cancelling must not switch to automatic"
    );

    // and back on
    renew["deleteAtExpiration"] = json!(true);
    api(
        &st,
        Method::PUT,
        &format!("{url}/serviceInfos"),
        json!({ "renew": renew }),
    )
    .await;
    let s = service(&st, id).await;
    assert_eq!(pending(&s), ["terminateAtExpirationDate"]);
    let i = get(&st, &format!("{url}/serviceInfos")).await.json();
    assert_eq!(i["renew"]["deleteAtExpiration"], true);
}

#[tokio::test]
async fn put_services_renew_and_termination_policy() {
    let st = seeded();
    let vps = notable::UNKNOWN_RESOURCE_STATE; // a VPS, automatic P3M
    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{vps}"),
        json!({ "renew": { "mode": "automatic", "period": "P6M" } }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let s = service(&st, vps).await;
    assert_eq!(s["billing"]["renew"]["current"]["period"], "P6M");
    assert_eq!(
        get(&st, "/vps/vps-5e8f0a2b.vps.ovh.net/serviceInfos")
            .await
            .json()["renew"]["period"],
        6
    );
    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{vps}"),
        json!({ "renew": { "mode": "manual" } }),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(mode(&service(&st, vps).await), "manual");
    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{vps}"),
        json!({ "renew": { "mode": "sometimes" } }),
    )
    .await;
    assert_eq!(r.status, 400);

    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{vps}"),
        json!({ "terminationPolicy": "terminateAtExpirationDate" }),
    )
    .await;
    assert_eq!(r.status, 200);
    let s = service(&st, vps).await;
    assert_eq!(pending(&s), ["terminateAtExpirationDate"]);
    assert_eq!(
        s["billing"]["lifecycle"]["current"]["terminationDate"],
        s["billing"]["expirationDate"]
    );
    assert_eq!(
        get(&st, "/vps/vps-5e8f0a2b.vps.ovh.net/serviceInfos")
            .await
            .json()["renew"]["deleteAtExpiration"],
        true
    );

    // "empty" is refused for /vps and /domain/zone, as the real API does
    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{vps}"),
        json!({ "terminationPolicy": "empty" }),
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["message"],
        "\"empty\" is an invalid termination flag"
    );
    assert_eq!(
        pending(&service(&st, vps).await),
        ["terminateAtExpirationDate"]
    );
    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{}", notable::DNS_ZONE),
        json!({ "terminationPolicy": "empty" }),
    )
    .await;
    assert_eq!(r.status, 400);

    // ...but works elsewhere
    let h = notable::HOSTING_PENDING_TERMINATION;
    assert_eq!(
        pending(&service(&st, h).await),
        ["terminateAtExpirationDate"]
    );
    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{h}"),
        json!({ "terminationPolicy": "empty" }),
    )
    .await;
    assert_eq!(r.status, 200);
    let s = service(&st, h).await;
    assert!(pending(&s).is_empty());
    assert!(s["billing"]["lifecycle"]["current"]["terminationDate"].is_null());

    let r = api(
        &st,
        Method::PUT,
        &format!("/services/{h}"),
        json!({ "displayName": "Nouveau nom" }),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        service(&st, h).await["resource"]["displayName"],
        "Nouveau nom"
    );
}

#[tokio::test]
async fn termination_questionnaire_answer() {
    let st = seeded();
    let id = notable::LINKED_DOMAIN;
    let path = format!("/services/{id}/form/termination/answer");
    let ok = json!({ "answers": [
        { "question": "reason", "value": "TOO_EXPENSIVE" },
        { "question": "commentary_reason", "value": "Trop cher pour moi" },
        { "question": "future_use", "value": "NOT_REPLACING_SERVICE" }
    ] });
    assert_eq!(api(&st, Method::POST, &path, ok).await.status, 200);
    let r = api(&st, Method::POST, &path, json!({ "answers": [{ "question": "reason", "value": "BORED" }, { "question": "future_use", "value": "OTHER" }] })).await;
    assert_eq!(r.status, 400);
    let r = api(
        &st,
        Method::POST,
        &path,
        json!({ "answers": [{ "question": "reason", "value": "OTHER" }] }),
    )
    .await;
    assert_eq!(r.status, 400, "future_use is mandatory");
    let state = send(&st, Method::GET, "/_sandbox/state", &[], None)
        .await
        .json();
    assert_eq!(state["terminationAnswers"].as_array().unwrap().len(), 1);
    assert_eq!(log(&st).await.len(), 3);
}

#[tokio::test]
async fn renew_order_dry_run_then_pay() {
    let st = seeded();
    let id = notable::VPS_PENDING_TERMINATION;
    let orders_before = st.lock().account.orders.len();
    let r = api(
        &st,
        Method::POST,
        &format!("/service/{id}/renew"),
        json!({ "duration": "P1M", "services": [id], "dryRun": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let q = r.json();
    assert!(q["orderId"].is_null());
    assert!(q["priceWithTax"]["value"].as_f64().unwrap() > 0.0);
    assert!(
        q.get("prices").is_none(),
        "service.renew.RenewOrder has no `prices`"
    );
    assert_eq!(st.lock().account.orders.len(), orders_before);

    let r = api(
        &st,
        Method::POST,
        &format!("/service/{id}/renew"),
        json!({ "duration": "P1Y", "services": [id], "dryRun": false }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let o = r.json();
    let order_id = o["orderId"].as_u64().unwrap();
    let url = o["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&format!("/_sandbox/pay/{order_id}?password=")));
    assert!(o["pdfUrl"].is_string() && o["priceWithTax"].is_object());
    let status: String = serde_json::from_value(
        get(&st, &format!("/me/order/{order_id}/status"))
            .await
            .json(),
    )
    .unwrap();
    assert_eq!(status, "notPaid");

    let r = api(
        &st,
        Method::POST,
        &format!("/service/{id}/renew"),
        json!({ "duration": "P2Y", "services": [id], "dryRun": true }),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = api(
        &st,
        Method::POST,
        &format!("/service/{id}/renew"),
        json!({ "duration": "P1M", "services": [notable::LINKED_DOMAIN] }),
    )
    .await;
    assert_eq!(r.status, 400);

    let before = service(&st, id).await["billing"]["expirationDate"]
        .as_str()
        .unwrap()
        .to_string();
    let page = send(&st, Method::GET, &url, &[], None).await;
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<button type=\"submit\">"));
    let bad = send(
        &st,
        Method::POST,
        &format!("/_sandbox/pay/{order_id}?password=wrong"),
        &[],
        None,
    )
    .await;
    assert_eq!(bad.status, 403);
    let paid = send(&st, Method::POST, &url, &[], None).await;
    assert_eq!(paid.status, 200, "{}", paid.text());
    let status: String = serde_json::from_value(
        get(&st, &format!("/me/order/{order_id}/status"))
            .await
            .json(),
    )
    .unwrap();
    assert_eq!(status, "delivered");
    let after = service(&st, id).await["billing"]["expirationDate"]
        .as_str()
        .unwrap()
        .to_string();
    let (b, a) = (parse_dt(&before).unwrap(), parse_dt(&after).unwrap());
    assert!((a - b).num_days() >= 365, "{before} → {after}");
    let bills: Vec<String> = serde_json::from_value(
        get(&st, &format!("/me/bill?orderId={order_id}"))
            .await
            .json(),
    )
    .unwrap();
    assert_eq!(bills.len(), 1);
    // paying twice is refused
    assert_eq!(send(&st, Method::POST, &url, &[], None).await.status, 409);
}

#[tokio::test]
async fn immediate_terminations() {
    let st = seeded();
    let r = api(
        &st,
        Method::POST,
        "/hosting/web/dupont-boulangerie.fr/terminate",
        json!(null),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // The schema's `string`, not a task object.
    let said = r.json();
    assert!(
        said.as_str()
            .is_some_and(|s| s.contains("dupont-boulangerie.fr")),
        "{said}"
    );
    let s = service(&st, notable::HOSTING_WITH_DOMAIN).await;
    assert_eq!(s["resource"]["state"], "toDelete");
    assert!(pending(&s).contains(&"terminate".to_string()));
    let r = api(
        &st,
        Method::POST,
        "/hosting/web/dupont-boulangerie.fr/terminate",
        json!(null),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = api(
        &st,
        Method::POST,
        "/email/domain/dupont-boulangerie.fr/terminate",
        json!(null),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        service(&st, notable::MX_PLAN).await["resource"]["state"],
        "toDelete"
    );
    let r = api(
        &st,
        Method::POST,
        "/hosting/privateDatabase/sqlprive-dp12345-001/terminate",
        json!(null),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        service(&st, notable::PRIVATE_DATABASE).await["resource"]["state"],
        "toDelete"
    );
    let r = api(
        &st,
        Method::POST,
        "/hosting/web/nope.fr/terminate",
        json!(null),
    )
    .await;
    assert_eq!(r.status, 404);
    assert_eq!(log(&st).await.len(), 5);
}

#[tokio::test]
async fn pay_all_debts() {
    let st = seeded();
    let r = api(&st, Method::POST, "/me/debtAccount/pay", json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let o = r.json();
    let url = o["url"].as_str().unwrap().to_string();
    assert!(url.starts_with("/_sandbox/pay/"));
    let details: Vec<u64> = serde_json::from_value(
        get(&st, &format!("/me/order/{}/details", o["orderId"]))
            .await
            .json(),
    )
    .unwrap();
    assert_eq!(details.len(), 3);
    assert_eq!(send(&st, Method::POST, &url, &[], None).await.status, 200);
    let acc = get(&st, "/me/debtAccount").await.json();
    assert_eq!(acc["active"], false);
    assert_eq!(acc["todoAmount"]["value"], 0.0);
    for id in notable::DEBT_SERVICES {
        let s = service(&st, id).await;
        assert_eq!(s["billing"]["lifecycle"]["current"]["state"], "active");
        assert_eq!(s["resource"]["state"], "active");
        let url = s["route"]["url"].as_str().unwrap().to_string();
        assert_eq!(
            get(&st, &format!("{url}/serviceInfos")).await.json()["status"],
            "ok"
        );
        assert!(
            parse_dt(s["billing"]["expirationDate"].as_str().unwrap()).unwrap() > common::now()
        );
    }
    let r = api(&st, Method::POST, "/me/debtAccount/pay", json!({})).await;
    assert_eq!(r.status, 400, "nothing left to pay");
}

#[tokio::test]
async fn pay_one_debt() {
    let st = seeded();
    let debts: Vec<u64> =
        serde_json::from_value(get(&st, "/me/debtAccount/debt").await.json()).unwrap();
    let r = api(
        &st,
        Method::POST,
        &format!("/me/debtAccount/debt/{}/pay", debts[0]),
        json!(null),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let url = r.json()["url"].as_str().unwrap().to_string();
    send(&st, Method::POST, &url, &[], None).await;
    let d = get(&st, &format!("/me/debtAccount/debt/{}", debts[0]))
        .await
        .json();
    assert_eq!(d["status"], "PAID");
    let d1 = get(&st, &format!("/me/debtAccount/debt/{}", debts[1]))
        .await
        .json();
    assert_ne!(d1["status"], "PAID");
    assert_eq!(get(&st, "/me/debtAccount").await.json()["active"], true);
    let r = api(
        &st,
        Method::POST,
        "/me/debtAccount/pay",
        json!({ "paymentMethodId": 5123402 }),
    )
    .await;
    assert_eq!(r.status, 400, "expired card");
}

#[tokio::test]
async fn retraction_only_before_the_deadline() {
    let st = seeded();
    let now = common::now();
    let (open, closed) = {
        let sb = st.lock();
        let open = sb
            .account
            .orders
            .iter()
            .find(|o| {
                o.status == "delivered"
                    && o.order
                        .retraction_date
                        .as_deref()
                        .and_then(parse_dt)
                        .is_some_and(|d| d > now)
            })
            .unwrap()
            .order
            .order_id;
        let closed = sb
            .account
            .orders
            .iter()
            .find(|o| {
                o.status == "delivered"
                    && o.order
                        .retraction_date
                        .as_deref()
                        .and_then(parse_dt)
                        .is_some_and(|d| d < now)
            })
            .unwrap()
            .order
            .order_id;
        (open, closed)
    };
    let r = api(
        &st,
        Method::POST,
        &format!("/me/order/{closed}/retraction"),
        json!({ "reason": "other" }),
    )
    .await;
    assert_eq!(r.status, 403);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("withdrawal period"));
    let r = api(
        &st,
        Method::POST,
        &format!("/me/order/{open}/retraction"),
        json!({ "reason": "nope" }),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = api(
        &st,
        Method::POST,
        &format!("/me/order/{open}/retraction"),
        json!({ "reason": "other", "comment": "Je me suis trompé" }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let status: String =
        serde_json::from_value(get(&st, &format!("/me/order/{open}/status")).await.json()).unwrap();
    assert_eq!(status, "cancelling");
    let r = api(
        &st,
        Method::POST,
        &format!("/me/order/{open}/retraction"),
        json!({ "reason": "other" }),
    )
    .await;
    assert_eq!(r.status, 409);
}

#[tokio::test]
async fn account_autorenew() {
    let st = seeded();
    let r = api(
        &st,
        Method::PUT,
        "/me/autorenew",
        json!({ "active": true, "renewDay": 30 }),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = api(
        &st,
        Method::PUT,
        "/me/autorenew",
        json!({ "active": true, "renewDay": 0 }),
    )
    .await;
    assert_eq!(r.status, 400);
    let r = api(
        &st,
        Method::PUT,
        "/me/autorenew",
        json!({ "active": false, "renewDay": 29 }),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        get(&st, "/me/autorenew").await.json(),
        json!({ "active": false, "renewDay": 29 })
    );
    let r = api(
        &st,
        Method::POST,
        "/me/autorenew",
        json!({ "renewDay": 12 }),
    )
    .await;
    assert_eq!(r.status, 200, "re-activation");
    assert_eq!(
        get(&st, "/me/autorenew").await.json(),
        json!({ "active": true, "renewDay": 12 })
    );
    let r = api(
        &st,
        Method::POST,
        "/me/autorenew",
        json!({ "renewDay": 12 }),
    )
    .await;
    assert_eq!(r.status, 409);

    // An account without automatic renewal: 404, POST creates it, PUT before that is 404.
    let mut acc = sandbox::seed::generate(&sandbox::seed::SeedOptions {
        services: 10,
        seed: 1,
        now: common::now(),
    });
    acc.autorenew = None;
    let mut c = sandbox::Config::new(common::now());
    c.no_auth = true;
    let st = sandbox::AppState::new(acc, c);
    assert_eq!(get(&st, "/me/autorenew").await.status, 404);
    assert_eq!(
        api(
            &st,
            Method::PUT,
            "/me/autorenew",
            json!({ "active": true, "renewDay": 3 })
        )
        .await
        .status,
        404
    );
    assert_eq!(
        api(&st, Method::POST, "/me/autorenew", json!({ "renewDay": 3 }))
            .await
            .status,
        200
    );
    assert_eq!(get(&st, "/me/autorenew").await.json()["renewDay"], 3);
}

#[tokio::test]
async fn reset_restores_the_account_and_clears_log_and_faults() {
    let st = seeded_auth();
    let login = send(&st, Method::POST, "/_sandbox/login", &[], None).await;
    let token = login
        .header("set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let h = [("cookie", token.as_str())];
    let put = |body: Value| {
        let st = st.clone();
        let token = token.clone();
        async move {
            send(
                &st,
                Method::PUT,
                &format!("/engine/apiv6/services/{}", notable::LINKED_DOMAIN),
                &[("cookie", token.as_str())],
                Some(&body),
            )
            .await
        }
    };
    assert_eq!(
        put(json!({ "renew": { "mode": "manual" } })).await.status,
        200
    );
    send(
        &st,
        Method::PUT,
        "/_sandbox/faults",
        &[],
        Some(&json!([{ "kind": "latency", "latencyMs": 1 }])),
    )
    .await;
    let r = send(
        &st,
        Method::GET,
        &format!("/engine/apiv6/services/{}", notable::LINKED_DOMAIN),
        &h,
        None,
    )
    .await;
    assert_eq!(mode(&r.json()), "manual");
    assert_eq!(log(&st).await.len(), 1);

    let r = send(&st, Method::POST, "/_sandbox/reset", &[], None).await;
    assert_eq!(r.status, 200);
    let r = send(
        &st,
        Method::GET,
        &format!("/engine/apiv6/services/{}", notable::LINKED_DOMAIN),
        &h,
        None,
    )
    .await;
    assert_eq!(r.status, 200, "sessions survive a reset");
    assert_eq!(mode(&r.json()), "automatic");
    assert!(log(&st).await.is_empty());
    assert_eq!(
        send(&st, Method::GET, "/_sandbox/faults", &[], None)
            .await
            .json(),
        json!([])
    );

    let r = send(&st, Method::DELETE, "/_sandbox/log", &[], None).await;
    assert!(r.status.is_success());
}
