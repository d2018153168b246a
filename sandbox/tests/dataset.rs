mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use axum::http::Method;
use common::*;
use sandbox::dataset::{dump_dataset, load_dataset, parse_dataset};
use sandbox::seed::{self, notable, SeedOptions};
use sandbox::util::parse_dt;
use sandbox::{AppState, Config};
use serde_json::{json, Value};

fn datasets() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets")
}

fn default_account() -> sandbox::Account {
    seed::generate(&SeedOptions {
        services: seed::DEFAULT_SERVICES,
        seed: 42,
        now: common::now(),
    })
}

#[test]
fn seed_is_deterministic() {
    let a = dump_dataset(&default_account());
    let b = dump_dataset(&default_account());
    assert_eq!(a, b);
    let c = dump_dataset(&seed::generate(&SeedOptions {
        services: seed::DEFAULT_SERVICES,
        seed: 7,
        now: common::now(),
    }));
    assert_ne!(a, c);
}

#[test]
fn dump_round_trips() {
    let acc = default_account();
    let text = dump_dataset(&acc);
    let back = parse_dataset(&text, "dump.json").unwrap();
    assert_eq!(dump_dataset(&back), text);
    let small = load_dataset(&datasets().join("small.json")).unwrap();
    assert_eq!(
        parse_dataset(&dump_dataset(&small), "x")
            .map(|a| dump_dataset(&a))
            .unwrap(),
        dump_dataset(&small)
    );
}

#[test]
fn unknown_fields_are_kept() {
    let small = load_dataset(&datasets().join("small.json")).unwrap();
    let v: Value = serde_json::from_str(&dump_dataset(&small)).unwrap();
    assert_eq!(v["services"][0]["futureField"], json!({ "kept": true }));
    assert!(v["comment"].is_string());
    assert!(v["services"][0]["serviceInfos"]["serviceId"].is_u64());
}

#[test]
fn wrong_type_reports_path_and_line() {
    let e = load_dataset(&datasets().join("broken-type.json"))
        .err()
        .unwrap();
    assert!(e.contains("broken-type.json: services[1].billing.expirationDate: invalid type: integer `5`, expected a string at line 182 column"), "{e}");
    assert!(!e.contains('\n'));
}

#[test]
fn missing_field_reports_path_and_line() {
    let e = load_dataset(&datasets().join("broken-missing.json"))
        .err()
        .unwrap();
    assert!(
        e.contains("services[2].resource: missing field `name` at line"),
        "{e}"
    );
    let e = parse_dataset(r#"{"me": {"nichandle": "x"}, "services": [{"resource": {"name": "a", "state": "active"}, "billing": {}}]}"#, "inline.json").err().unwrap();
    assert!(
        e.starts_with("inline.json: services[0]: missing field `serviceId` at line 1"),
        "{e}"
    );
    let e = load_dataset(&datasets().join("broken-duplicate.json"))
        .err()
        .unwrap();
    assert!(e.contains("duplicate serviceId"), "{e}");
    let e = load_dataset(&datasets().join("broken-syntax.json"))
        .err()
        .unwrap();
    assert!(e.contains("EOF while parsing"), "{e}");
    let e = load_dataset(&datasets().join("nope.json")).err().unwrap();
    assert!(e.contains("nope.json"), "{e}");
}

#[tokio::test]
async fn unknown_enum_values_are_accepted_and_served() {
    let text = r#"{
      "me": {"nichandle": "zz1-ovh", "currency": {"code": "EUR", "symbol": "€"}},
      "autorenew": null,
      "services": [{
        "serviceId": 7, "route": null,
        "resource": {"name": "thing", "displayName": "Thing", "state": "frozenSolid"},
        "billing": {"expirationDate": "2027-01-01T00:00:00+01:00",
                    "lifecycle": {"current": {"state": "hibernating", "pendingActions": ["teleport"]}},
                    "renew": {"current": {"mode": "telepathic", "period": "P1M"}, "capacities": {"mode": ["telepathic"]}}}
      }],
      "orders": [{"order": {"orderId": 1, "priceWithTax": {"currencyCode": "EUR", "value": 1.2}, "priceWithoutTax": {"currencyCode": "EUR", "value": 1}, "tax": {"currencyCode": "EUR", "value": 0.2}}, "status": "lost"}]
    }"#;
    let acc = parse_dataset(text, "enums.json").unwrap();
    let mut c = Config::new(common::now());
    c.no_auth = true;
    let st = AppState::new(acc, c);
    let s = service(&st, 7).await;
    assert_eq!(s["resource"]["state"], "frozenSolid");
    assert_eq!(s["billing"]["lifecycle"]["current"]["state"], "hibernating");
    assert_eq!(get(&st, "/me/order/1/status").await.json(), "lost");
    assert_eq!(get(&st, "/me/order/1/followUp").await.status, 404);
    assert_eq!(get(&st, "/me/autorenew").await.status, 404);
}

#[tokio::test]
async fn seed_covers_every_type_state_and_mode() {
    let st = seeded();
    let all = get_page(&st, "/services", &[]).await.json();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 320);
    let ids: BTreeSet<u64> = all
        .iter()
        .map(|s| s["serviceId"].as_u64().unwrap())
        .collect();
    assert_eq!(ids.len(), 320, "distinct ids");
    let set = |f: &dyn Fn(&Value) -> Value| -> BTreeSet<String> {
        all.iter()
            .map(|s| match f(s) {
                Value::String(s) => s,
                Value::Null => "null".into(),
                v => v.to_string(),
            })
            .collect()
    };
    let types = set(&|s| {
        let p = s["route"]["path"]
            .as_str()
            .map(|p| p.split("/{").next().unwrap().to_string());
        p.map(Value::String).unwrap_or(Value::Null)
    });
    for t in [
        "/domain",
        "/hosting/web",
        "/vps",
        "/dedicated/server",
        "/email/domain",
        "/hosting/privateDatabase",
        "/cloud/project",
        "/email/exchange",
        "/msServices",
        "/telephony",
        "/xdsl",
        "/pack/xdsl",
        "/sms",
        "/vrack",
        "/license/windows",
        "/ip",
        "/storage/netapp",
        "null",
    ] {
        assert!(types.contains(t), "no service of type {t}");
    }
    assert_eq!(all.iter().filter(|s| s["route"].is_null()).count(), 1);
    let modes = set(&|s| s["billing"]["renew"]["current"]["mode"].clone());
    for m in ["automatic", "manual", "null"] {
        assert!(modes.contains(m), "no renew mode {m}");
    }
    let periods = set(&|s| s["billing"]["renew"]["current"]["period"].clone());
    for p in ["P1M", "P3M", "P6M", "P1Y"] {
        assert!(periods.contains(p), "no period {p}");
    }
    let lifecycle = set(&|s| s["billing"]["lifecycle"]["current"]["state"].clone());
    for l in [
        "active",
        "error",
        "rupture",
        "terminated",
        "toRenew",
        "unpaid",
        "unrenewed",
        "pendingMigration",
    ] {
        assert!(lifecycle.contains(l), "no lifecycle state {l}");
    }
    let resource = set(&|s| s["resource"]["state"].clone());
    for r in [
        "active",
        "deleted",
        "suspended",
        "toActivate",
        "toDelete",
        "toSuspend",
        "inMaintenance",
    ] {
        assert!(resource.contains(r), "no resource state {r}");
    }
    let actions: BTreeSet<String> = all
        .iter()
        .flat_map(|s| {
            s["billing"]["lifecycle"]["current"]["pendingActions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a.as_str().unwrap().to_string())
        })
        .collect();
    assert!(actions.contains("terminateAtExpirationDate") && actions.contains("earlyRenewal"));
    for s in all {
        let pa = s["billing"]["lifecycle"]["current"]["pendingActions"]
            .as_array()
            .unwrap();
        if pa.iter().any(|a| a == "terminateAtExpirationDate") {
            assert_eq!(
                s["billing"]["lifecycle"]["current"]["terminationDate"],
                s["billing"]["expirationDate"]
            );
        }
        assert!(s["billing"]["lifecycle"]["capacities"]["actions"].is_array());
        let caps = &s["billing"]["renew"]["capacities"]["mode"];
        let path = s["route"]["path"].as_str().unwrap_or("");
        if ["/domain/{", "/hosting/web/", "/vps/", "/dedicated/server/"]
            .iter()
            .any(|p| path.starts_with(p))
        {
            assert_eq!(caps, &json!(["automatic", "manual"]), "{path}");
        } else if s["billing"]["renew"]["current"]["mode"].is_string() {
            assert_eq!(caps, &json!(["automatic"]), "{path}");
        }
        let price = &s["billing"]["pricing"]["price"];
        assert!(
            price["currencyCode"].is_string()
                && price["text"].is_string()
                && price["value"].is_number()
                && price["priceInUcents"].is_i64()
        );
    }
    // children
    let children = all.iter().filter(|s| s["parentServiceId"].is_u64()).count();
    assert!(children >= 40, "{children} children");
    for s in all.iter().filter(|s| s["parentServiceId"].is_u64()) {
        assert!(ids.contains(&s["parentServiceId"].as_u64().unwrap()));
    }
    let hostings: Vec<&Value> = all
        .iter()
        .filter(|s| s["route"]["path"] == "/hosting/web/{serviceName}")
        .collect();
    let with_domain = hostings
        .iter()
        .filter(|h| {
            all.iter().any(|s| {
                s["parentServiceId"] == h["serviceId"]
                    && s["route"]["path"] == "/domain/{serviceName}"
            })
        })
        .count();
    assert!(
        with_domain * 2 > hostings.len(),
        "most hostings have a linked domain"
    );

    // expirations: spread around now, a dozen within 7 days, more within 30, some at month ends
    let now = common::now();
    let days: Vec<i64> = all
        .iter()
        .map(|s| {
            (parse_dt(s["billing"]["expirationDate"].as_str().unwrap()).unwrap() - now).num_days()
        })
        .collect();
    let within7 = days.iter().filter(|d| (0..7).contains(*d)).count();
    let within30 = days.iter().filter(|d| (0..30).contains(*d)).count();
    assert!((8..=25).contains(&within7), "{within7} within 7 days");
    assert!(within30 > within7 + 10, "{within30} within 30 days");
    assert!(days.iter().any(|d| *d < -7) && days.iter().all(|d| *d >= -21 && *d <= 401));
    assert!(all
        .iter()
        .any(|s| s["billing"]["expirationDate"].as_str().unwrap()[8..10] == *"31"));

    // names
    let names: Vec<&str> = all
        .iter()
        .map(|s| s["resource"]["displayName"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Café Crème")
            && names.contains(&"Pâtisserie Lefèvre")
            && names.contains(&"Élodie Martin — site vitrine")
    );
    assert!(names
        .iter()
        .any(|n| n.contains(';') && n.contains('"') && n.contains(',')));
    assert!(names.iter().any(|n| n.chars().count() > 80));
    // contacts
    let other = all
        .iter()
        .filter(|s| {
            s["customer"]["contacts"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["customerCode"] == seed::OTHER_NIC)
        })
        .count();
    assert!(other >= 2);

    // notable ids
    assert_eq!(
        service(&st, notable::LINKED_DOMAIN).await["parentServiceId"],
        notable::HOSTING_WITH_DOMAIN
    );
    assert_eq!(
        service(&st, notable::UNKNOWN_LIFECYCLE_STATE).await["billing"]["lifecycle"]["current"]
            ["state"],
        "pendingMigration"
    );
    assert_eq!(
        service(&st, notable::UNKNOWN_RESOURCE_STATE).await["resource"]["state"],
        "inMaintenance"
    );
    assert!(service(&st, notable::UNKNOWN_ROUTE).await["route"]["path"]
        .as_str()
        .unwrap()
        .starts_with("/storage/netapp/"));
    assert!(service(&st, notable::NULL_ROUTE).await["route"].is_null());
    assert_eq!(
        service(&st, notable::MONTH_END_DOMAIN).await["billing"]["expirationDate"]
            .as_str()
            .unwrap()[8..10],
        *"31"
    );

    // serviceInfos statuses
    let mut statuses = BTreeSet::new();
    for s in all {
        let legacy = s["route"]["path"]
            .as_str()
            .is_some_and(|p| sandbox::capabilities::legacy_service_infos(p).readable());
        if let (Some(url), true) = (s["route"]["url"].as_str(), legacy) {
            statuses.insert(
                get(&st, &format!("{url}/serviceInfos")).await.json()["status"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            );
        }
    }
    for s in ["expired", "inCreation", "ok", "pendingDebt", "unPaid"] {
        assert!(statuses.contains(s), "no serviceInfos status {s}");
    }

    // orders: expired notPaid and future/past retraction dates
    let orders = get_page(&st, "/me/order", &[]).await.json();
    let orders = orders.as_array().unwrap();
    assert!(orders.len() >= 40);
    let sb = st.lock();
    let expired = sb
        .account
        .orders
        .iter()
        .filter(|o| {
            o.status == "notPaid"
                && o.order
                    .expiration_date
                    .as_deref()
                    .and_then(parse_dt)
                    .unwrap()
                    < now
        })
        .count();
    assert!(expired >= 2);
    assert!(sb.account.orders.iter().any(|o| o
        .order
        .retraction_date
        .as_deref()
        .and_then(parse_dt)
        .is_some_and(|d| d > now)));
    assert!(sb.account.orders.iter().any(|o| o
        .order
        .retraction_date
        .as_deref()
        .and_then(parse_dt)
        .is_some_and(|d| d < now)));
    assert!(
        (25..=40).contains(&sb.account.bills.len()),
        "{} bills",
        sb.account.bills.len()
    );
}

#[tokio::test]
async fn fifty_thousand_services() {
    let t = Instant::now();
    let acc = seed::generate(&SeedOptions {
        services: 50_000,
        seed: 42,
        now: common::now(),
    });
    let took = t.elapsed();
    assert_eq!(acc.services.len(), 50_000);
    assert!(took.as_secs() < 30, "generation took {took:?}");
    let mut c = Config::new(common::now());
    c.no_auth = true;
    let st = AppState::new(acc, c);
    let r = get_page(
        &st,
        "/services",
        &[("x-pagination-size", "5000"), ("x-pagination-number", "10")],
    )
    .await;
    assert_eq!(r.header("x-pagination-elements").unwrap(), "50000");
    let page = r.json();
    assert_eq!(page.as_array().unwrap().len(), 5000);
    assert_eq!(page[0]["serviceId"], 1_000_001 + 45_000);
    let ids: Vec<u64> = serde_json::from_value(get(&st, "/services").await.json()).unwrap();
    assert_eq!(ids.len(), 50_000);
    let _ = send(&st, Method::GET, "/_sandbox/state", &[], None).await;
}

#[test]
fn small_dataset_has_a_linked_pair() {
    let acc = load_dataset(&datasets().join("small.json")).unwrap();
    assert!(acc.services.iter().any(|s| s
        .svc
        .parent_service_id
        .is_some_and(|p| acc.service_index(p).is_some())));
}
