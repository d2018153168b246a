mod common;

use axum::http::Method;
use common::*;
use sandbox::capabilities::legacy_service_infos;
use sandbox::seed::notable;
use serde_json::Value;

#[tokio::test]
async fn services_without_mode_answer_ids_in_ascending_order() {
    let st = seeded();
    let r = get(&st, "/services").await;
    assert_eq!(r.status, 200);
    let ids: Vec<u64> = serde_json::from_value(r.json()).unwrap();
    assert_eq!(ids.len(), 320);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(ids[0], notable::HOSTING_WITH_DOMAIN);
    assert!(r.header("x-pagination-elements").is_none());
    assert!(r.header("x-ovh-queryid").unwrap().starts_with("EU.ext-1."));
}

#[tokio::test]
async fn services_objects_mode_pages_and_headers() {
    let st = seeded();
    let r = get_page(&st, "/services", &[]).await;
    assert_eq!(r.status, 200);
    let all = r.json();
    assert_eq!(all.as_array().unwrap().len(), 320);
    assert_eq!(r.header("x-pagination-elements").unwrap(), "320");
    assert_eq!(r.header("x-pagination-number").unwrap(), "1");
    assert_eq!(r.header("x-pagination-size").unwrap(), "5000");
    assert!(r
        .header("access-control-expose-headers")
        .unwrap()
        .contains("X-Pagination-Elements"));
    assert_eq!(all[0]["serviceId"], 1_000_001);

    // Page 4 of 100 is the last, partial page (20 objects); page 5 is empty.
    let r = get_page(
        &st,
        "/services",
        &[("x-pagination-size", "100"), ("x-pagination-number", "4")],
    )
    .await;
    let page = r.json();
    assert_eq!(page.as_array().unwrap().len(), 20);
    assert_eq!(page[0]["serviceId"], all[300]["serviceId"]);
    assert_eq!(r.header("x-pagination-number").unwrap(), "4");
    assert_eq!(r.header("x-pagination-size").unwrap(), "100");
    let r = get_page(
        &st,
        "/services",
        &[("x-pagination-size", "100"), ("x-pagination-number", "5")],
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), Value::Array(vec![]));
    assert_eq!(r.header("x-pagination-elements").unwrap(), "320");

    // Size is capped at 50,000; invalid values are refused.
    let r = get_page(&st, "/services", &[("x-pagination-size", "999999")]).await;
    assert_eq!(r.header("x-pagination-size").unwrap(), "50000");
    let r = get_page(&st, "/services", &[("x-pagination-size", "0")]).await;
    assert_eq!(r.status, 400);
    let r = get_page(&st, "/services", &[("x-pagination-number", "abc")]).await;
    assert_eq!(r.status, 400);
    assert!(r.json()["message"]
        .as_str()
        .unwrap()
        .contains("X-Pagination-Number"));
}

#[tokio::test]
async fn services_sort_and_filter() {
    let st = seeded();
    let r = get_page(
        &st,
        "/services",
        &[
            ("x-pagination-sort", "billing.expirationDate"),
            ("x-pagination-sort-order", "DESC"),
        ],
    )
    .await;
    let list = r.json();
    let dates: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["billing"]["expirationDate"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "not sorted DESC");
    assert_eq!(
        r.header("x-pagination-sort").unwrap(),
        "billing.expirationDate"
    );

    let r = get_page(&st, "/services", &[("x-pagination-sort", "resource.name")]).await;
    let names: Vec<String> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["resource"]["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.windows(2).all(|w| w[0] <= w[1]));

    // eq on a dotted path
    let r = get_page(
        &st,
        "/services",
        &[(
            "x-pagination-filter",
            "billing.renew.current.mode:eq=manual",
        )],
    )
    .await;
    let manual = r.json();
    assert!(!manual.as_array().unwrap().is_empty());
    assert!(manual
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["billing"]["renew"]["current"]["mode"] == "manual"));
    assert_eq!(
        r.header("x-pagination-elements").unwrap(),
        manual.as_array().unwrap().len().to_string()
    );

    // like with %25 wildcards (URL-encoded), combined with in
    let r = get_page(
        &st,
        "/services",
        &[("x-pagination-filter", "resource.name:like=%25boulangerie%25&route.path:in=%2Fdomain%2F%7BserviceName%7D,%2Fhosting%2Fweb%2F%7BserviceName%7D")],
    )
    .await;
    let hits = r.json();
    let hits = hits.as_array().unwrap();
    assert!(hits.len() >= 2);
    assert!(hits.iter().all(|s| s["resource"]["name"]
        .as_str()
        .unwrap()
        .contains("boulangerie")));
    assert!(hits
        .iter()
        .all(|s| s["route"]["path"] == "/domain/{serviceName}"
            || s["route"]["path"] == "/hosting/web/{serviceName}"));

    // ne, gt on numbers
    let r = get_page(
        &st,
        "/services",
        &[("x-pagination-filter", "serviceId:gt=1000310")],
    )
    .await;
    assert_eq!(r.json().as_array().unwrap().len(), 10);
    let r = get_page(
        &st,
        "/services",
        &[("x-pagination-filter", "resource.state:ne=active")],
    )
    .await;
    assert!(r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["resource"]["state"] != "active"));

    let r = get_page(
        &st,
        "/services",
        &[("x-pagination-filter", "serviceId:between=1")],
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn service_by_id_and_404_shape() {
    let st = seeded();
    let s = service(&st, notable::LINKED_DOMAIN).await;
    assert_eq!(s["parentServiceId"], notable::HOSTING_WITH_DOMAIN);
    assert_eq!(s["route"]["url"], "/domain/dupont-boulangerie.fr");
    assert!(
        s.get("serviceInfos").is_none(),
        "serviceInfos must not leak into /services"
    );
    let price = &s["billing"]["pricing"]["price"];
    assert_eq!(price["currencyCode"], "EUR");
    assert!(price["priceInUcents"].is_i64());

    let r = get(&st, "/services/42").await;
    assert_eq!(r.status, 404);
    let e = r.json();
    assert_eq!(
        e["message"],
        "The requested object (serviceId = 42) does not exist"
    );
    assert_eq!(e["httpCode"], "404 Not Found");
    assert!(e["errorCode"].is_string());

    let r = get(&st, "/services/abc").await;
    assert_eq!(r.status, 400);

    // A path the API does not have: its router's own 404, before any object is looked up.
    let r = get(&st, "/no/such/route").await;
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["message"], "Got an invalid (or empty) URL");
    assert_eq!(r.json()["httpCode"], "404 Not Found");
}

#[tokio::test]
async fn service_infos_by_route_url() {
    let st = seeded();
    let r = get(&st, "/hosting/web/dupont-boulangerie.fr/serviceInfos").await;
    assert_eq!(r.status, 200);
    let i = r.json();
    assert_eq!(i["serviceId"], notable::HOSTING_WITH_DOMAIN);
    assert_eq!(i["status"], "ok");
    assert_eq!(i["renew"]["automatic"], true);
    for key in [
        "possibleRenewPeriod",
        "renewalType",
        "contactAdmin",
        "contactBilling",
        "canDeleteAtExpiration",
        "engagedUpTo",
        "expiration",
        "creation",
        "domain",
    ] {
        assert!(i.get(key).is_some(), "missing {key}");
    }
    // Same name, other route: a different service.
    let r = get(&st, "/domain/dupont-boulangerie.fr/serviceInfos").await;
    assert_eq!(r.json()["serviceId"], notable::LINKED_DOMAIN);
    // Every service whose route has legacy serviceInfos in the schema answers them; the others
    // (/ip/{ip}, incl. encoded urls like /ip/a.b.c.d%2F28, /msServices, OKMS) are a 404.
    let all = get_page(&st, "/services", &[]).await.json();
    let mut without = std::collections::BTreeSet::new();
    for s in all.as_array().unwrap() {
        let Some(url) = s["route"]["url"].as_str() else {
            continue;
        };
        let path = s["route"]["path"].as_str().unwrap();
        let r = get(&st, &format!("{url}/serviceInfos")).await;
        if legacy_service_infos(path).readable() {
            assert_eq!(r.status, 200, "{url}");
            assert_eq!(r.json()["serviceId"], s["serviceId"], "{url}");
        } else {
            assert_eq!(r.status, 404, "{url}");
            assert_eq!(r.json()["message"], "Got an invalid (or empty) URL");
            without.insert(path.to_string());
        }
    }
    assert_eq!(
        without.into_iter().collect::<Vec<_>>(),
        [
            "/ip/{ip}",
            "/msServices/{serviceName}",
            "/okms/resource/{okmsId}"
        ]
    );
    let r = get(&st, "/vps/nope.vps.ovh.net/serviceInfos").await;
    assert_eq!(r.status, 404);
    // manual domain is consistent in both views
    let s = service(&st, notable::MANUAL_DOMAIN_SOON).await;
    assert_eq!(s["billing"]["renew"]["current"]["mode"], "manual");
    let i = get(&st, "/domain/martin-avocats.fr/serviceInfos")
        .await
        .json();
    assert_eq!(i["renew"]["manualPayment"], true);
    assert_eq!(i["renew"]["automatic"], false);
    assert_eq!(i["renewalType"], "manual");
}

#[tokio::test]
async fn renew_capacities_offers_and_termination_form() {
    let st = seeded();
    let r = get(
        &st,
        &format!(
            "/services/{}/renewPeriodCapacities",
            notable::VPS_PENDING_TERMINATION
        ),
    )
    .await;
    assert_eq!(r.json(), serde_json::json!(["P1M", "P3M", "P6M", "P1Y"]));
    let r = get(
        &st,
        &format!("/services/{}/renewPeriodCapacities", notable::ONE_SHOT_SMS),
    )
    .await;
    assert_eq!(r.json(), serde_json::json!([]));

    let r = get(
        &st,
        &format!(
            "/service/{}/renew?includeOptions=true",
            notable::DEDICATED_WITH_OPTIONS
        ),
    )
    .await;
    let offers = r.json();
    assert_eq!(offers.as_array().unwrap().len(), 4);
    let to_renew = offers[0]["strategies"][0]["servicesDetails"]
        .as_array()
        .unwrap();
    assert_eq!(to_renew.len(), 3, "server + 2 options");
    assert_eq!(to_renew[0]["serviceType"], "DEDICATED_SERVER");
    assert_eq!(
        offers[0]["strategies"][0]["services"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let r = get(
        &st,
        &format!("/services/{}/form/termination", notable::LINKED_DOMAIN),
    )
    .await;
    let f = r.json();
    let qs: Vec<&str> = f["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["question"].as_str().unwrap())
        .collect();
    assert_eq!(
        qs,
        [
            "reason",
            "commentary_reason",
            "future_use",
            "commentary_future_use",
            "migration_target"
        ]
    );
    assert_eq!(f["name"], "termination");
    let keys = |q: &Value| -> Vec<String> {
        q["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["key"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(keys(&f["questions"][0]).contains(&"NOT_NEEDED_ANYMORE".to_string()));
    assert!(keys(&f["questions"][2])
        .contains(&"SUBSCRIBE_OTHER_KIND_SERVICE_WITH_COMPETITOR".to_string()));
    let mandatory: Vec<bool> = f["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["mandatory"].as_bool().unwrap())
        .collect();
    assert_eq!(mandatory, [true, false, true, false, false]);
    assert!(
        f["questions"][1]["answers"].is_null(),
        "free text: no answers"
    );
}

#[tokio::test]
async fn orders_and_sub_resources() {
    let st = seeded();
    let ids: Vec<u64> = serde_json::from_value(get(&st, "/me/order").await.json()).unwrap();
    assert!(ids.len() >= 40);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let mut statuses = std::collections::BTreeSet::new();
    let mut saw_followup_404 = false;
    for id in &ids {
        let o = get(&st, &format!("/me/order/{id}")).await.json();
        let with = o["priceWithTax"]["priceInUcents"].as_i64().unwrap();
        let without = o["priceWithoutTax"]["priceInUcents"].as_i64().unwrap();
        let tax = o["tax"]["priceInUcents"].as_i64().unwrap();
        assert_eq!(without + tax, with, "order {id} totals");
        assert_eq!((without as f64 * 0.2 / 1e6).round() as i64, tax / 1_000_000);
        let pw = o["password"].as_str().unwrap();
        assert!(o["url"]
            .as_str()
            .unwrap()
            .contains(&format!("orderId={id}&orderPassword={pw}")));
        let status: String =
            serde_json::from_value(get(&st, &format!("/me/order/{id}/status")).await.json())
                .unwrap();
        statuses.insert(status.clone());
        let details: Vec<u64> =
            serde_json::from_value(get(&st, &format!("/me/order/{id}/details")).await.json())
                .unwrap();
        assert!(!details.is_empty());
        let (mut sum, mut cancelled) = (0, 0);
        for d in details {
            let d = get(&st, &format!("/me/order/{id}/details/{d}"))
                .await
                .json();
            assert!(d["quantity"].is_string());
            let amount = d["totalPrice"]["priceInUcents"].as_i64().unwrap();
            sum += amount;
            if d["cancelled"] == true {
                cancelled += amount;
            }
        }
        if *id == notable::ORDER_TOTAL_MISMATCH {
            assert_ne!(sum, without, "order {id}: the deliberate mismatch");
        } else if *id == notable::ORDER_PARTLY_CANCELLED {
            assert_eq!(
                sum - cancelled,
                without,
                "order {id}: cancelled line left out"
            );
        } else {
            assert_eq!(sum, without, "order {id}");
        }
        let f = get(&st, &format!("/me/order/{id}/followUp")).await;
        if f.status == 404 {
            saw_followup_404 = true;
        } else if *id != notable::ORDER_UNKNOWN_STATUS {
            let steps: Vec<String> = f
                .json()
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["step"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(
                steps,
                ["VALIDATING", "VALIDATED", "DELIVERING", "AVAILABLE"]
            );
            if status == "delivered" {
                assert!(f
                    .json()
                    .as_array()
                    .unwrap()
                    .iter()
                    .all(|s| s["status"] == "DONE"));
            }
        }
    }
    for s in [
        "notPaid",
        "checking",
        "delivering",
        "delivered",
        "cancelling",
        "cancelled",
        "documentsRequested",
        "unknown",
    ] {
        assert!(statuses.contains(s), "no order in status {s}");
    }
    assert!(saw_followup_404);
    let r = get(&st, &format!("/me/order/{}/paymentMethods", ids[0]))
        .await
        .json();
    assert!(r["available"].is_array());
    assert_eq!(r["registered"].as_array().unwrap().len(), 2);
    assert_eq!(get(&st, "/me/order/1/status").await.status, 404);
    // objects mode sorted by date DESC as the panel asks
    let r = get_page(
        &st,
        "/me/order",
        &[
            ("x-pagination-sort", "date"),
            ("x-pagination-sort-order", "DESC"),
            ("x-pagination-size", "5000"),
        ],
    )
    .await;
    let list = r.json();
    let list = list.as_array().unwrap();
    assert_eq!(
        list.iter().filter(|o| o.is_null()).count(),
        1,
        "one null entry"
    );
    let dates: Vec<_> = list
        .iter()
        .filter(|o| !o.is_null())
        .map(|o| sandbox::util::parse_dt(o["date"].as_str().unwrap()).unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "by instant, offsets included"
    );
    // date.from / date.to
    let r = get(&st, "/me/order?date.from=2026-11-01T00:00:00%2B01:00").await;
    let recent: Vec<u64> = serde_json::from_value(r.json()).unwrap();
    assert!(!recent.is_empty() && recent.len() < ids.len());
}

#[tokio::test]
async fn account_routes() {
    let st = seeded();
    let me = get(&st, "/me").await.json();
    assert_eq!(me["nichandle"], "dp12345-ovh");
    assert_eq!(me["currency"]["code"], "EUR");
    assert_eq!(me["legalform"], "individual");
    let a = get(&st, "/me/autorenew").await.json();
    assert_eq!(a, serde_json::json!({ "active": true, "renewDay": 5 }));
    let t: i64 = serde_json::from_value(get(&st, "/auth/time").await.json()).unwrap();
    assert!((t - common::now().timestamp()).abs() < 60);

    let pms = get_page(&st, "/me/payment/method", &[]).await.json();
    let pms = pms.as_array().unwrap();
    assert_eq!(pms.len(), 3);
    assert_eq!(pms.iter().filter(|p| p["default"] == true).count(), 1);
    assert!(pms.iter().any(|p| p["status"] == "EXPIRED"));
    assert!(pms
        .iter()
        .any(|p| p["paymentType"] == "SEPA_DIRECT_DEBIT" && p["default"] == false));

    let bills: Vec<String> = serde_json::from_value(get(&st, "/me/bill").await.json()).unwrap();
    assert!(bills.len() >= 25);
    let b = get(&st, &format!("/me/bill/{}", bills[0])).await.json();
    assert!(b["orderId"].is_u64() && b["pdfUrl"].is_string());
    let by_order: Vec<String> = serde_json::from_value(
        get(&st, &format!("/me/bill?orderId={}", b["orderId"]))
            .await
            .json(),
    )
    .unwrap();
    assert_eq!(by_order, vec![bills[0].clone()]);

    let acc = get(&st, "/me/debtAccount").await.json();
    assert_eq!(acc["active"], true);
    let debts: Vec<u64> =
        serde_json::from_value(get(&st, "/me/debtAccount/debt").await.json()).unwrap();
    assert_eq!(debts.len(), 3);
    let mut todo = 0;
    for id in &debts {
        let d = get(&st, &format!("/me/debtAccount/debt/{id}")).await.json();
        todo += d["todoAmount"]["priceInUcents"].as_i64().unwrap();
        let o = get(&st, &format!("/me/order/{}", d["orderId"])).await;
        assert_eq!(o.status, 200);
        let st_: String = serde_json::from_value(
            get(&st, &format!("/me/order/{}/status", d["orderId"]))
                .await
                .json(),
        )
        .unwrap();
        assert_eq!(st_, "notPaid");
    }
    assert_eq!(acc["todoAmount"]["priceInUcents"].as_i64().unwrap(), todo);
    for id in notable::DEBT_SERVICES {
        let s = service(&st, id).await;
        assert_eq!(s["billing"]["lifecycle"]["current"]["state"], "unpaid");
        let url = s["route"]["url"].as_str().unwrap().to_string();
        assert_eq!(
            get(&st, &format!("{url}/serviceInfos")).await.json()["status"],
            "pendingDebt"
        );
    }
}

#[tokio::test]
async fn head_and_method_mismatch() {
    let st = seeded();
    // `/me` exists with GET and PUT only (the sandbox serves GET).
    let r = send(&st, Method::DELETE, "/engine/apiv6/me", &[], None).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow").as_deref(), Some("GET"));
    let r = send(&st, Method::GET, "/engine/other", &[], None).await;
    assert_eq!(r.status, 404);
}

/// A suite that runs across midnight: the first reset of a new day generates the account again
/// for that day (the account a sandbox started that day has), a reset on the same day does not.
#[test]
fn a_reset_on_a_new_day_makes_the_seeded_dates_for_that_day() {
    let state = common::seeded();
    let expiries = |account: &sandbox::Account| -> Vec<(u64, String)> {
        account
            .services
            .iter()
            .map(|s| (s.svc.service_id, s.infos.expiration.clone()))
            .collect()
    };
    let before = expiries(&state.lock().initial);
    let tomorrow = {
        let mut sb = state.lock();
        sb.reset();
        assert_eq!(expiries(&sb.initial), before, "same day: nothing moves");
        sb.clock.base += chrono::Duration::days(1);
        sb.reset();
        sb.now()
    };
    let fresh = sandbox::seed::generate(&sandbox::seed::SeedOptions {
        services: sandbox::seed::DEFAULT_SERVICES,
        seed: 42,
        now: tomorrow,
    });
    let sb = state.lock();
    assert_eq!(expiries(&sb.initial), expiries(&fresh));
    assert_eq!(
        expiries(&sb.account),
        expiries(&fresh),
        "the API answers it"
    );
    let moved = before
        .iter()
        .zip(expiries(&fresh))
        .filter(|(was, is)| **was != *is)
        .count();
    assert!(
        moved > before.len() / 2,
        "{moved} of {} moved",
        before.len()
    );
}
