//! The sandbox against the published schema (`tests/fixtures/schema/`, from
//! `scripts/trim-schema.py`): every route it serves exists there with its method, every answer
//! has the schema's shape (no field the model does not have, `null` only where `canBeNull`,
//! enum values from the enum, dates as dates), and the legacy `serviceInfos` are served exactly
//! where the schema has them.

mod common;

use std::collections::BTreeSet;

use axum::http::Method;
use common::*;
use sandbox::capabilities::{self, LegacyInfos};
use sandbox::routes::services::NON_EXPIRING;
use sandbox::routes::ROUTES;
use sandbox::seed::notable;
use serde_json::{json, Value};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/schema/");

#[path = "../../tests/support/schema_fixture.rs"]
mod schema_fixture;

use schema_fixture::Schema;

/// Values that are not in this schema snapshot on purpose: the seeded account's "the API added
/// a value" cases (the console shows them as sent).
const NEWER_ENUM_VALUES: &[(&str, &str)] = &[
    ("services.expanded.Lifecycle.StateEnum", "pendingMigration"),
    ("services.expanded.Resource.StateEnum", "inMaintenance"),
    ("billing.order.OrderStatusEnum", "pendingRefund"),
    (
        "billing.order.followUp.HistoryStatusEnum",
        "REFUND_REQUESTED",
    ),
    ("order.OrderDetailTypeEnum", "OPTION"),
];

/// Checks `v` against `full_type` (as written in the schema), collecting every mismatch.
fn check(
    schema: &Schema,
    file: &str,
    full_type: &str,
    v: &Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    // `coreTypes.ServiceId[]:long[]`: an alias, then the type.
    let t = full_type
        .split_once(':')
        .map_or(full_type, |(_, base)| base);
    let mismatch = |what: &str| format!("{at}: {what} (got {v}, type {full_type})");
    if let Some(item) = t.strip_suffix("[]") {
        match v.as_array() {
            Some(items) => {
                for (i, x) in items.iter().enumerate() {
                    check(schema, file, item, x, &format!("{at}[{i}]"), errors);
                }
            }
            None => errors.push(mismatch("not an array")),
        }
        return;
    }
    let ok = match t {
        "void" => v.is_null(),
        "boolean" => v.is_boolean(),
        "long" | "int" => v.is_i64() || v.is_u64(),
        "double" | "float" => v.is_number(),
        "string" | "text" | "password" | "email" | "phoneNumber" | "ip" | "ipBlock" | "ipv4"
        | "ipv6" | "uuid" | "time" => v.is_string(),
        "date" => v
            .as_str()
            .is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
        "datetime" => v
            .as_str()
            .is_some_and(|s| chrono::DateTime::parse_from_rfc3339(s).is_ok()),
        "duration" => v
            .as_str()
            .is_some_and(|s| s.starts_with('P') && s.len() > 2),
        "T" | "any" => true,
        _ => {
            let (name, args) = match t.split_once('<') {
                Some((n, rest)) => (n, rest.trim_end_matches('>')),
                None => (t, ""),
            };
            let Some(model) = schema.find_model(name, file) else {
                errors.push(mismatch("a type the fixture does not have"));
                return;
            };
            if let Some(values) = model.get("enum").and_then(Value::as_array) {
                let s = v.as_str().unwrap_or_default();
                v.is_string()
                    && (values.iter().any(|x| x == s) || NEWER_ENUM_VALUES.contains(&(name, s)))
            } else {
                let Some(obj) = v.as_object() else {
                    errors.push(mismatch("not an object"));
                    return;
                };
                let props = model["properties"].as_object().unwrap();
                for (k, x) in obj {
                    let Some(p) = props.get(k) else {
                        errors.push(format!("{at}.{k}: not a property of {name}"));
                        continue;
                    };
                    if x.is_null() {
                        if p["canBeNull"] != true {
                            errors.push(format!("{at}.{k}: null, but {name}.{k} cannot be null"));
                        }
                        continue;
                    }
                    let pt = p["fullType"].as_str().unwrap();
                    let pt = if pt == "T" && !args.is_empty() {
                        args
                    } else {
                        pt
                    };
                    check(schema, file, pt, x, &format!("{at}.{k}"), errors);
                }
                true
            }
        }
    };
    if !ok {
        errors.push(mismatch("does not fit"));
    }
}

fn conforms(schema: &Schema, file: &str, full_type: &str, v: &Value, at: &str) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, file, full_type, v, at, &mut errors);
    errors
}

#[test]
fn every_route_the_sandbox_serves_is_in_the_schema() {
    let schema = Schema::load(FIXTURE);
    for (method, path) in ROUTES {
        if let Some(infos) = path.strip_prefix("{route}") {
            // A service's legacy details: served per the capability table (checked below).
            assert_eq!(infos, "/serviceInfos");
            continue;
        }
        let op = schema.find_op(method, path);
        assert!(
            op.is_some(),
            "{method} {path} is not in the published schema"
        );
    }
}

#[test]
fn the_capability_table_is_the_schemas_service_infos() {
    let schema = Schema::load(FIXTURE);
    let mut from_schema = Vec::new();
    for op in &schema.ops {
        if let Some(route) = op.path.strip_suffix("/serviceInfos") {
            if op.method == "GET" {
                let put = schema.find_op("PUT", &op.path).is_some();
                from_schema.push((route.to_string(), put, op.api_status.clone()));
            }
        }
    }
    from_schema.sort();
    let table: Vec<(String, bool, String)> = capabilities::ROUTE_CAPABILITIES
        .iter()
        .map(|c| {
            let status = match c.status {
                capabilities::ApiStatus::Production => "PRODUCTION",
                capabilities::ApiStatus::Beta => "BETA",
                capabilities::ApiStatus::Deprecated => "DEPRECATED",
            };
            (
                c.path.to_string(),
                c.service_infos == LegacyInfos::ReadWrite,
                status.to_string(),
            )
        })
        .collect();
    assert_eq!(table, from_schema);
    let non_expiring: Vec<&str> = schema
        .ops
        .iter()
        .filter(|o| o.method == "GET" && o.response_type == "services.NonExpiringService")
        .map(|o| o.path.strip_suffix("/serviceInfos").unwrap())
        .collect();
    assert_eq!(non_expiring, NON_EXPIRING);
}

/// A request for one `ROUTES` entry on the seeded account, and the status it must get.
fn sample(method: &str, template: &str) -> (String, Option<Value>, u16) {
    let hosting = notable::HOSTING_WITH_DOMAIN;
    let order = notable::ORDER_WITHDRAWAL_OPEN;
    let (path, body, status) = match (method, template) {
        ("GET", "/auth/time" | "/me" | "/me/autorenew" | "/services") => {
            (template.into(), None, 200)
        }
        ("POST", "/me/autorenew") => (template.into(), Some(json!({ "renewDay": 5 })), 409),
        ("PUT", "/me/autorenew") => (template.into(), Some(json!({ "renewDay": 6 })), 200),
        ("GET", "/services/{serviceId}") => (format!("/services/{hosting}"), None, 200),
        ("PUT", "/services/{serviceId}") => (
            format!("/services/{hosting}"),
            Some(json!({ "displayName": "Renommé" })),
            200,
        ),
        ("GET", "/services/{serviceId}/renewPeriodCapacities") => (
            format!("/services/{hosting}/renewPeriodCapacities"),
            None,
            200,
        ),
        ("GET", "/services/{serviceId}/form") => (format!("/services/{hosting}/form"), None, 200),
        ("GET", "/services/{serviceId}/form/{formName}") => {
            (format!("/services/{hosting}/form/termination"), None, 200)
        }
        ("POST", "/services/{serviceId}/form/{formName}/answer") => (
            format!("/services/{hosting}/form/termination/answer"),
            Some(json!({ "answers": [
                { "question": "reason", "value": "OTHER" },
                { "question": "future_use", "value": "OTHER" },
                { "question": "migration_target", "value": "IN_HOUSE" }
            ] })),
            200,
        ),
        ("GET", "/service/{serviceId}/renew") => (
            format!(
                "/service/{}/renew?includeOptions=true",
                notable::DEDICATED_WITH_OPTIONS
            ),
            None,
            200,
        ),
        ("POST", "/service/{serviceId}/renew") => (
            format!("/service/{hosting}/renew"),
            Some(json!({ "duration": "P1Y", "services": [hosting], "dryRun": false })),
            200,
        ),
        ("POST", "/hosting/web/{serviceName}/terminate") => (
            "/hosting/web/dupont-boulangerie.fr/terminate".into(),
            None,
            200,
        ),
        ("POST", "/email/domain/{domain}/terminate") => (
            "/email/domain/dupont-boulangerie.fr/terminate".into(),
            None,
            200,
        ),
        ("POST", "/hosting/privateDatabase/{serviceName}/terminate") => (
            "/hosting/privateDatabase/sqlprive-dp12345-001/terminate".into(),
            None,
            200,
        ),
        ("GET", "{route}/serviceInfos") => (
            "/hosting/web/dupont-boulangerie.fr/serviceInfos".into(),
            None,
            200,
        ),
        ("PUT", "{route}/serviceInfos") => (
            "/hosting/web/dupont-boulangerie.fr/serviceInfos".into(),
            Some(json!({ "renew": { "automatic": false, "manualPayment": true } })),
            200,
        ),
        ("GET", "/me/order") | ("GET", "/me/bill") | ("GET", "/me/payment/method") => {
            (template.into(), None, 200)
        }
        ("GET", "/me/debtAccount") | ("GET", "/me/debtAccount/debt") => {
            (template.into(), None, 200)
        }
        ("GET", "/me/order/{orderId}") => (format!("/me/order/{order}"), None, 200),
        ("GET", t) if t.starts_with("/me/order/{orderId}/") && !t.contains("{orderDetailId}") => {
            (t.replace("{orderId}", &order.to_string()), None, 200)
        }
        ("GET", "/me/order/{orderId}/details/{orderDetailId}") => {
            (format!("/me/order/{order}/details/{{first}}"), None, 200)
        }
        ("POST", "/me/order/{orderId}/retraction") => (
            format!("/me/order/{order}/retraction"),
            Some(json!({ "reason": "other" })),
            200,
        ),
        ("GET", "/me/bill/{billId}") => ("/me/bill/{first}".into(), None, 200),
        ("GET", "/me/payment/method/{paymentMethodId}") => {
            ("/me/payment/method/{first}".into(), None, 200)
        }
        ("GET", "/me/debtAccount/debt/{debtId}") => {
            ("/me/debtAccount/debt/{first}".into(), None, 200)
        }
        ("POST", "/me/debtAccount/debt/{debtId}/pay") => {
            ("/me/debtAccount/debt/{first}/pay".into(), None, 200)
        }
        ("POST", "/me/debtAccount/pay") => (template.into(), None, 200),
        ("GET", t) if t.starts_with("/me/accessRestriction/") && t.ends_with("/{id}") => {
            (t.replace("/{id}", "/{first}"), None, 200)
        }
        ("GET", t) if t.starts_with("/me/accessRestriction/") => (t.into(), None, 200),
        other => panic!("no sample request for {other:?}: add one"),
    };
    (path, body, status)
}

/// `{first}` in a sample path: the first id of the list before it.
async fn resolve(st: &sandbox::SharedState, path: &str) -> String {
    let Some((list, rest)) = path.split_once("/{first}") else {
        return path.to_string();
    };
    let ids = get(st, list).await.json();
    let first = &ids.as_array().unwrap()[0];
    let first = first.as_str().map_or(first.to_string(), String::from);
    format!("{list}/{first}{rest}")
}

#[tokio::test]
async fn every_route_answers_with_the_schemas_response_type() {
    let schema = Schema::load(FIXTURE);
    let mut errors = Vec::new();
    for (method, template) in ROUTES {
        let st = seeded();
        let (path, body, status) = sample(method, template);
        let path = resolve(&st, &path).await;
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let r = match &body {
            Some(b) => api(&st, m, &path, b.clone()).await,
            None => send(&st, m, &format!("/engine/apiv6{path}"), &[], None).await,
        };
        assert_eq!(r.status, status, "{method} {path}: {}", r.text());
        if !r.status.is_success() {
            continue;
        }
        let schema_path = if template.starts_with("{route}") {
            "/hosting/web/{serviceName}/serviceInfos"
        } else {
            template
        };
        let op = schema.find_op(method, schema_path).unwrap();
        errors.extend(conforms(
            &schema,
            &op.file,
            &op.response_type,
            &r.json(),
            &format!("{method} {path}"),
        ));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[tokio::test]
async fn every_seeded_object_has_the_schemas_shape() {
    let schema = Schema::load(FIXTURE);
    let st = seeded();
    let mut errors = Vec::new();
    // The lists' objects (iceberg pages) are the objects of their own routes; the API puts a
    // `null` in place of an object it could not read.
    for (list, one) in [
        ("/services", "/services/{serviceId}"),
        ("/me/order", "/me/order/{orderId}"),
        ("/me/payment/method", "/me/payment/method/{paymentMethodId}"),
        ("/me/bill", "/me/bill/{billId}"),
    ] {
        let op = schema.find_op("GET", one).unwrap();
        let page = get_page(&st, list, &[]).await.json();
        for (i, item) in page.as_array().unwrap().iter().enumerate() {
            if !item.is_null() {
                errors.extend(conforms(
                    &schema,
                    &op.file,
                    &op.response_type,
                    item,
                    &format!("{list}[{i}]"),
                ));
            }
        }
    }
    // Every service's legacy details, as its route's schema says.
    let services = get_page(&st, "/services", &[]).await.json();
    for s in services.as_array().unwrap() {
        let (Some(url), Some(path)) = (s["route"]["url"].as_str(), s["route"]["path"].as_str())
        else {
            continue;
        };
        let Some(op) = schema.find_op("GET", &format!("{path}/serviceInfos")) else {
            continue;
        };
        let infos = get(&st, &format!("{url}/serviceInfos")).await.json();
        errors.extend(conforms(
            &schema,
            &op.file,
            &op.response_type,
            &infos,
            &format!("{url}/serviceInfos"),
        ));
    }
    // Each order's sub-resources.
    let orders: Vec<u64> = serde_json::from_value(get(&st, "/me/order").await.json()).unwrap();
    for id in orders {
        for (sub, template) in [
            ("status", "/me/order/{orderId}/status"),
            ("followUp", "/me/order/{orderId}/followUp"),
            ("paymentMethods", "/me/order/{orderId}/paymentMethods"),
        ] {
            let r = get(&st, &format!("/me/order/{id}/{sub}")).await;
            if r.status.is_success() {
                let op = schema.find_op("GET", template).unwrap();
                errors.extend(conforms(
                    &schema,
                    &op.file,
                    &op.response_type,
                    &r.json(),
                    &format!("/me/order/{id}/{sub}"),
                ));
            }
        }
        let op = schema
            .find_op("GET", "/me/order/{orderId}/details/{orderDetailId}")
            .unwrap();
        let details: Vec<u64> =
            serde_json::from_value(get(&st, &format!("/me/order/{id}/details")).await.json())
                .unwrap();
        for d in details {
            let detail = get(&st, &format!("/me/order/{id}/details/{d}"))
                .await
                .json();
            errors.extend(conforms(
                &schema,
                &op.file,
                &op.response_type,
                &detail,
                &format!("/me/order/{id}/details/{d}"),
            ));
        }
    }
    // Debts, renew offers of a few services.
    let op = schema
        .find_op("GET", "/me/debtAccount/debt/{debtId}")
        .unwrap();
    let debts: Vec<u64> =
        serde_json::from_value(get(&st, "/me/debtAccount/debt").await.json()).unwrap();
    for id in debts {
        let d = get(&st, &format!("/me/debtAccount/debt/{id}")).await.json();
        errors.extend(conforms(&schema, &op.file, &op.response_type, &d, "debt"));
    }
    let op = schema.find_op("GET", "/service/{serviceId}/renew").unwrap();
    for id in [
        notable::HOSTING_WITH_DOMAIN,
        notable::CLOUD_NO_RENEW_PERIODS,
        notable::VRACK,
        notable::ONE_SHOT_SMS,
    ] {
        let offers = get(&st, &format!("/service/{id}/renew?includeOptions=true"))
            .await
            .json();
        errors.extend(conforms(
            &schema,
            &op.file,
            &op.response_type,
            &offers,
            &format!("/service/{id}/renew"),
        ));
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

/// `/me`, the sign-in protections, the services, orders, payment methods and debts of an
/// account, checked against the schema.
async fn account_errors(schema: &Schema, st: &sandbox::SharedState, name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let mut check_get = |template: &str, path: String, v: Value| {
        let op = schema.find_op("GET", template).unwrap();
        errors.extend(conforms(
            schema,
            &op.file,
            &op.response_type,
            &v,
            &format!("{name} {path}"),
        ));
    };
    check_get("/me", "/me".into(), get(st, "/me").await.json());
    for kind in ["totp", "u2f", "sms"] {
        let list = format!("/me/accessRestriction/{kind}");
        let ids = get(st, &list).await.json();
        check_get(&list, list.clone(), ids.clone());
        for id in ids.as_array().unwrap() {
            let path = format!("{list}/{id}");
            check_get(
                &format!("{list}/{{id}}"),
                path.clone(),
                get(st, &path).await.json(),
            );
        }
    }
    let backup = get(st, "/me/accessRestriction/backupCode").await;
    if backup.status.is_success() {
        check_get(
            "/me/accessRestriction/backupCode",
            "backupCode".into(),
            backup.json(),
        );
    }
    for (list, one) in [
        ("/services", "/services/{serviceId}"),
        ("/me/order", "/me/order/{orderId}"),
        ("/me/payment/method", "/me/payment/method/{paymentMethodId}"),
    ] {
        let page = get_page(st, list, &[]).await.json();
        for (i, item) in page.as_array().unwrap().iter().enumerate() {
            // The API puts a `null` in place of an object it could not read.
            if !item.is_null() {
                check_get(one, format!("{list}[{i}]"), item.clone());
            }
        }
    }
    let debts: Vec<u64> =
        serde_json::from_value(get(st, "/me/debtAccount/debt").await.json()).unwrap();
    for id in debts {
        let path = format!("/me/debtAccount/debt/{id}");
        check_get(
            "/me/debtAccount/debt/{debtId}",
            path.clone(),
            get(st, &path).await.json(),
        );
    }
    errors
}

#[tokio::test]
async fn the_protection_datasets_have_the_schemas_shape() {
    // The seeded (safe) account, the unsafe one and the one ready to close (issue 15).
    let schema = Schema::load(FIXTURE);
    let mut errors = account_errors(&schema, &seeded(), "seeded").await;
    for name in ["unsafe", "ready-to-close"] {
        errors.extend(account_errors(&schema, &from_dataset(name), name).await);
    }
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[tokio::test]
async fn a_quote_is_an_order_without_number() {
    // `dryRun: true` creates nothing: the quote has no number, password nor url (`null`, where
    // the schema's `service.renew.RenewOrder` says a created order has them).
    let schema = Schema::load(FIXTURE);
    let st = seeded();
    let id = notable::HOSTING_WITH_DOMAIN;
    let r = api(
        &st,
        Method::POST,
        &format!("/service/{id}/renew"),
        json!({ "duration": "P1Y", "services": [id], "dryRun": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let mut quote = r.json();
    for k in ["orderId", "password", "url", "pdfUrl"] {
        assert!(quote[k].is_null(), "{k}");
        quote.as_object_mut().unwrap().remove(k);
    }
    let op = schema
        .find_op("POST", "/service/{serviceId}/renew")
        .unwrap();
    let errors = conforms(&schema, &op.file, &op.response_type, &quote, "quote");
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

#[tokio::test]
async fn service_infos_only_where_the_schema_has_them() {
    let schema = Schema::load(FIXTURE);
    let st = seeded();
    let services = get_page(&st, "/services", &[]).await.json();
    let mut seen = BTreeSet::new();
    for s in services.as_array().unwrap() {
        let (Some(url), Some(path)) = (s["route"]["url"].as_str(), s["route"]["path"].as_str())
        else {
            continue;
        };
        if !seen.insert(path.to_string()) {
            continue;
        }
        let infos = format!("{path}/serviceInfos");
        let get_status = get(&st, &format!("{url}/serviceInfos")).await.status;
        let put = api(
            &st,
            Method::PUT,
            &format!("{url}/serviceInfos"),
            json!({ "renew": {} }),
        )
        .await;
        match (schema.find_op("GET", &infos), schema.find_op("PUT", &infos)) {
            (Some(_), Some(_)) => {
                assert_eq!(get_status, 200, "GET {infos}");
                assert!(put.status.is_success(), "PUT {infos}: {}", put.text());
            }
            (Some(_), None) => {
                assert_eq!(get_status, 200, "GET {infos}");
                assert_eq!(put.status, 405, "PUT {infos}");
                assert_eq!(put.header("allow").as_deref(), Some("GET"));
            }
            (None, _) => {
                assert_eq!(get_status, 404, "GET {infos}");
                assert_eq!(put.status, 404, "PUT {infos}");
                assert_eq!(put.json()["message"], "Got an invalid (or empty) URL");
            }
        }
    }
    // Every product of the seeded account was tried, incl. the ones without legacy details.
    for path in [
        "/vrack/{serviceName}",
        "/ip/{ip}",
        "/msServices/{serviceName}",
        "/okms/resource/{okmsId}",
        "/storage/netapp/{serviceName}",
    ] {
        assert!(seen.contains(path), "{path}");
    }
}

#[tokio::test]
async fn paths_and_methods_the_api_does_not_have() {
    let st = seeded();
    let invalid = |r: &Resp| {
        assert_eq!(r.status, 404, "{}", r.text());
        assert_eq!(r.json()["message"], "Got an invalid (or empty) URL");
    };
    // No such path, whatever the object.
    invalid(&get(&st, "/services/1000001/serviceInfos").await);
    invalid(&get(&st, "/service/1000001").await);
    invalid(&get(&st, "/domain/dupont-boulangerie.fr/renew").await);
    invalid(
        &api(
            &st,
            Method::POST,
            "/vps/vps-3f2a9c1d.vps.ovh.net/terminate",
            json!({}),
        )
        .await,
    );
    // The path exists, not with this method: 405 and the methods it has.
    let r = api(&st, Method::PUT, "/me/order/216000001", json!({})).await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow").as_deref(), Some("GET"));
    let r = get(&st, "/hosting/web/dupont-boulangerie.fr/terminate").await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow").as_deref(), Some("POST"));
    // Nothing refused here reached the account: the log says the API refused it.
    let log = log(&st).await;
    assert!(log.iter().all(|e| e["applied"] == false), "{log:?}");
}
