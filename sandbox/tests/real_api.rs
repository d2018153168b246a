//! The real API's edge cases in the default account and the sandbox's strictness (issue 19):
//! legacy details only where the product has them, `possibleRenewPeriod: null`, products that
//! only `/services/{id}` reaches, the termination form as the API describes it, the bodies the
//! API refuses, and list endpoints that ignore the pagination headers.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use axum::http::Method;
use common::*;
use sandbox::seed::notable;
use serde_json::{json, Value};

async fn infos_url(st: &sandbox::SharedState, id: u64) -> String {
    let s = service(st, id).await;
    format!("{}/serviceInfos", s["route"]["url"].as_str().unwrap())
}

#[tokio::test]
async fn a_vrack_has_read_only_details_without_renewal() {
    let st = seeded();
    let url = infos_url(&st, notable::VRACK).await;
    let r = get(&st, &url).await;
    assert_eq!(r.status, 200);
    let mut keys: Vec<String> = r.json().as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "contactAdmin",
            "contactBilling",
            "contactTech",
            "creation",
            "domain",
            "serviceId",
            "status"
        ],
        "services.NonExpiringService"
    );
    let r = api(
        &st,
        Method::PUT,
        &url,
        json!({ "renew": { "automatic": false, "manualPayment": true } }),
    )
    .await;
    assert_eq!(r.status, 405, "{}", r.text());
    assert_eq!(r.header("allow").as_deref(), Some("GET"));
    let log = log(&st).await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (&log[0]["status"], &log[0]["applied"]),
        (&json!(405), &json!(false))
    );
    // Its renewal is still reachable the new way.
    let r = get(
        &st,
        &format!("/services/{}/renewPeriodCapacities", notable::VRACK),
    )
    .await;
    assert_eq!(r.json(), json!(["P1M"]));
}

#[tokio::test]
async fn products_without_legacy_details_are_reached_through_services_only() {
    let st = seeded();
    for id in [
        notable::IP_BLOCK,
        notable::CLOUD_IP,
        notable::MS_SERVICES,
        notable::OKMS,
    ] {
        let url = infos_url(&st, id).await;
        for r in [
            get(&st, &url).await,
            api(
                &st,
                Method::PUT,
                &url,
                json!({ "renew": { "automatic": true } }),
            )
            .await,
        ] {
            assert_eq!(r.status, 404, "{url}");
            assert_eq!(
                r.json()["message"],
                "Got an invalid (or empty) URL",
                "{url}"
            );
        }
    }
    assert_eq!(
        infos_url(&st, notable::IP_BLOCK).await,
        "/ip/51.91.2.16%2F28/serviceInfos"
    );
    // The `/services/{id}` API acts on them (and on a service without route at all).
    for id in [notable::IP_BLOCK, notable::OKMS, notable::NULL_ROUTE] {
        let r = api(
            &st,
            Method::PUT,
            &format!("/services/{id}"),
            json!({ "terminationPolicy": "terminateAtExpirationDate" }),
        )
        .await;
        assert_eq!(r.status, 200, "{id}: {}", r.text());
        let s = service(&st, id).await;
        assert_eq!(
            s["billing"]["lifecycle"]["current"]["pendingActions"],
            json!(["terminateAtExpirationDate"]),
            "{id}"
        );
    }
    assert!(service(&st, notable::NULL_ROUTE).await["route"].is_null());
}

#[tokio::test]
async fn manageable_services_without_listed_renewal_periods() {
    let st = seeded();
    for (id, period) in [
        (notable::CLOUD_NO_RENEW_PERIODS, "P1M"),
        (notable::LICENSE_NO_RENEW_PERIODS, "P1M"),
    ] {
        let s = service(&st, id).await;
        assert_eq!(
            s["billing"]["renew"]["current"]["mode"], "automatic",
            "{id}"
        );
        assert_eq!(s["billing"]["renew"]["current"]["period"], period, "{id}");
        let infos = get(&st, &infos_url(&st, id).await).await.json();
        assert!(
            infos.get("possibleRenewPeriod").is_some_and(Value::is_null),
            "{id}: {infos}"
        );
        assert!(
            infos["renewalType"]
                .as_str()
                .unwrap()
                .starts_with("automatic"),
            "{id}"
        );
        // The periods the other routes know: the one it renews for.
        let caps = get(&st, &format!("/services/{id}/renewPeriodCapacities")).await;
        assert_eq!(caps.json(), json!([period]), "{id}");
        let offers = get(&st, &format!("/service/{id}/renew")).await.json();
        assert_eq!(offers.as_array().unwrap().len(), 1, "{id}");
        assert_eq!(offers[0]["renewPeriod"], period, "{id}");
    }
    // The cloud project can still be switched to manual and back through its serviceInfos.
    let url = infos_url(&st, notable::CLOUD_NO_RENEW_PERIODS).await;
    let r = api(
        &st,
        Method::PUT,
        &url,
        json!({ "renew": { "automatic": true, "period": 1 } }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    // Other services keep their list.
    let infos = get(&st, "/hosting/web/dupont-boulangerie.fr/serviceInfos")
        .await
        .json();
    assert_eq!(infos["possibleRenewPeriod"], json!([1, 12]));
}

#[tokio::test]
async fn a_body_without_renew_changes_nothing() {
    let st = seeded();
    let url = "/hosting/web/dupont-boulangerie.fr/serviceInfos";
    let before = get(&st, url).await.json();
    let r = api(&st, Method::PUT, url, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(get(&st, url).await.json(), before);
    let r = api(&st, Method::PUT, url, json!({ "renew": 12 })).await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn the_termination_form_as_the_api_describes_it() {
    let st = seeded();
    let id = notable::HOSTING_WITH_DOMAIN;
    let forms = get(&st, &format!("/services/{id}/form")).await.json();
    assert_eq!(forms.as_array().unwrap().len(), 1);
    assert_eq!(forms[0]["name"], "termination");
    let form = get(&st, &format!("/services/{id}/form/termination"))
        .await
        .json();
    assert_eq!(forms[0], form);
    let unknown = &form["questions"][4];
    assert_eq!(
        (
            &unknown["question"],
            &unknown["type"],
            &unknown["mandatory"]
        ),
        (&json!("migration_target"), &json!("enum"), &json!(false))
    );
    assert_eq!(unknown["answers"][1], json!({ "key": "ANOTHER_PROVIDER" }));
    assert_eq!(
        get(&st, &format!("/services/{id}/form/upgrade"))
            .await
            .status,
        404
    );
    assert_eq!(get(&st, "/services/42/form/termination").await.status, 404);

    let path = format!("/services/{id}/form/termination/answer");
    let answer = |q: &str, v: Value| json!({ "question": q, "value": v });
    let refused = [
        (json!({}), "answers is required"),
        (
            json!({ "answers": [answer("reason", json!("OTHER"))] }),
            "future_use is mandatory",
        ),
        (
            json!({ "answers": [answer("reason", json!("OTHER")), answer("future_use", json!("OTHER")), answer("mood", json!("sad"))] }),
            "a question the form does not have",
        ),
        (
            json!({ "answers": [answer("reason", json!("OTHER")), answer("future_use", json!("OTHER")), answer("migration_target", json!("MARS"))] }),
            "an answer the question does not allow",
        ),
        (
            json!({ "answers": [answer("reason", json!("OTHER")), answer("reason", json!("OTHER")), answer("future_use", json!("OTHER"))] }),
            "the same question twice",
        ),
        (
            json!({ "answers": [answer("reason", json!(3)), answer("future_use", json!("OTHER"))] }),
            "a value that is not a string",
        ),
    ];
    for (body, why) in refused {
        let r = api(&st, Method::POST, &path, body).await;
        assert_eq!(r.status, 400, "{why}: {}", r.text());
    }
    let r = api(
        &st,
        Method::POST,
        &path,
        json!({ "answers": [
            answer("reason", json!("TOO_EXPENSIVE")),
            answer("commentary_reason", json!("Trop cher")),
            answer("future_use", json!("OTHER")),
            answer("migration_target", json!("IN_HOUSE"))
        ] }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r.json()["message"].is_string(), "services.form.Response");
    let state = send(&st, Method::GET, "/_sandbox/state", &[], None)
        .await
        .json();
    assert_eq!(
        state["terminationAnswers"][0]["answers"]["migration_target"],
        "IN_HOUSE"
    );
}

#[tokio::test]
async fn a_renewal_names_its_services() {
    let st = seeded();
    let id = notable::HOSTING_WITH_DOMAIN;
    let path = format!("/service/{id}/renew");
    for (body, message) in [
        (
            json!({ "duration": "P1Y", "dryRun": true }),
            "Missing parameter: services",
        ),
        (
            json!({ "duration": "P1Y", "services": null }),
            "Missing parameter: services",
        ),
        (
            json!({ "duration": "P1Y", "services": [] }),
            "[services] At least one service to renew is expected",
        ),
        (json!({ "services": [id] }), "Missing parameter: duration"),
    ] {
        let r = api(&st, Method::POST, &path, body).await;
        assert_eq!(r.status, 400);
        assert_eq!(r.json()["message"], message);
    }
    let r = api(
        &st,
        Method::POST,
        &path,
        json!({ "duration": "P1Y", "services": [id], "dryRun": "yes" }),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(log(&st).await.iter().all(|e| e["applied"] == false));
}

fn ids_only(r: &Resp, what: &str) {
    assert_eq!(r.status, 200, "{what}: {}", r.text());
    assert!(r.header("x-pagination-elements").is_none(), "{what}");
    let items = r.json();
    let items = items.as_array().unwrap();
    assert!(!items.is_empty(), "{what}");
    assert!(
        items.iter().all(|i| i.is_u64() || i.is_string()),
        "{what}: ids, not objects"
    );
}

#[tokio::test]
async fn list_endpoints_can_ignore_the_pagination_headers() {
    let st = seeded();
    let settings = |st: &sandbox::SharedState, body: Value| {
        let st = st.clone();
        async move { send(&st, Method::PUT, "/_sandbox/settings", &[], Some(&body)).await }
    };
    let r = send(&st, Method::GET, "/_sandbox/settings", &[], None).await;
    assert_eq!(
        r.json(),
        json!({ "ignorePagination": false, "ignoreBatch": false })
    );
    let r = settings(&st, json!({ "ignorePagination": true })).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({ "ignorePagination": true, "ignoreBatch": false })
    );
    let lists = ["/services", "/me/order", "/me/payment/method", "/me/bill"];
    let headers = [
        ("x-pagination-mode", "CachedObjectList-Pages"),
        ("x-pagination-size", "10"),
        ("x-pagination-number", "2"),
        ("x-pagination-sort", "serviceId"),
        ("x-pagination-sort-order", "DESC"),
    ];
    for list in lists {
        ids_only(&get_h(&st, list, &headers).await, list);
    }
    let all: Vec<u64> =
        serde_json::from_value(get_h(&st, "/services", &headers).await.json()).unwrap();
    assert_eq!(all.len(), 320, "every id, in id order");
    assert!(all.windows(2).all(|w| w[0] < w[1]));
    // Objects by id still answer.
    assert_eq!(get(&st, &format!("/services/{}", all[0])).await.status, 200);
    let state = send(&st, Method::GET, "/_sandbox/state", &[], None)
        .await
        .json();
    assert_eq!(state["settings"]["ignorePagination"], true);

    // A bad setting changes nothing.
    for bad in [
        json!({ "ignorePaging": true }),
        json!({ "ignorePagination": "yes" }),
        json!([]),
    ] {
        assert_eq!(settings(&st, bad).await.status, 400);
    }
    assert_eq!(
        send(&st, Method::GET, "/_sandbox/settings", &[], None)
            .await
            .json(),
        json!({ "ignorePagination": true, "ignoreBatch": false })
    );
    // Reset goes back to the start-up settings; pages are pages again.
    send(&st, Method::POST, "/_sandbox/reset", &[], None).await;
    let r = get_page(&st, "/services", &[("x-pagination-size", "10")]).await;
    assert_eq!(r.header("x-pagination-elements").as_deref(), Some("320"));
    assert!(r.json()[0].is_object());
    settings(&st, json!({ "ignorePagination": true })).await;
    assert_eq!(
        settings(&st, json!({})).await.json(),
        json!({ "ignorePagination": true, "ignoreBatch": false })
    );
    settings(&st, json!({ "ignorePagination": false })).await;
    assert!(get_page(&st, "/me/order", &[]).await.json()[0].is_object());
}

#[test]
fn the_binary_can_start_ignoring_the_pagination_headers() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandbox"))
        .args([
            "--port",
            "0",
            "--services",
            "50",
            "--now",
            "2026-11-23T10:00:00+01:00",
            "--no-auth",
            "--ignore-pagination",
            "--ignore-batch",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .strip_prefix("Sandbox listening on http://127.0.0.1:")
        .and_then(|r| r.strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected line {line:?}"))
        .parse()
        .unwrap();
    let request = |method: &str, path: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pagination-Mode: CachedObjectList-Pages\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let get = |path: &str| request("GET", path);
    let resp = get("/engine/apiv6/services");
    let body = resp.split("\r\n\r\n").nth(1).unwrap_or_default();
    let ids: Vec<u64> = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {resp}"));
    assert_eq!(ids.len(), 50);
    assert!(!resp.to_ascii_lowercase().contains("x-pagination-elements"));
    let settings = get("/_sandbox/settings");
    assert!(
        settings.ends_with("{\"ignorePagination\":true,\"ignoreBatch\":true}"),
        "{settings}"
    );
    // Reset keeps the start-up setting.
    assert!(request("POST", "/_sandbox/reset").starts_with("HTTP/1.1 200"));
    let settings = get("/_sandbox/settings");
    assert!(
        settings.ends_with("{\"ignorePagination\":true,\"ignoreBatch\":true}"),
        "{settings}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn order_statuses_are_read_in_batch_mode_unless_it_is_off() {
    let st = seeded();
    let ids: Vec<u64> = serde_json::from_value(get(&st, "/me/order").await.json()).unwrap();
    let (a, b) = (ids[0], ids[1]);
    let status = |id: u64| {
        let st = st.clone();
        async move { get(&st, &format!("/me/order/{id}/status")).await.json() }
    };
    let path = format!("/me/order/{b},{a},999/status");
    let r = get_h(&st, &path, &[("x-ovh-batch", ",")]).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let items = r.json();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["key"], b.to_string());
    assert_eq!(items[0]["value"], status(b).await);
    assert_eq!(items[0]["error"], Value::Null);
    assert_eq!(items[1]["key"], a.to_string());
    assert_eq!(items[1]["value"], status(a).await);
    assert_eq!(items[2]["key"], "999");
    assert_eq!(items[2]["value"], Value::Null);
    assert!(items[2]["error"].as_str().unwrap().contains("999"));
    // One id in batch mode: an array of one.
    let r = get_h(
        &st,
        &format!("/me/order/{a}/status"),
        &[("x-ovh-batch", ",")],
    )
    .await;
    assert_eq!(r.json().as_array().map(Vec::len), Some(1));
    // Without the header a list of ids is not an id.
    assert_eq!(get(&st, &path).await.status, 400);

    // Batch mode off: the header changes nothing.
    let r = send(
        &st,
        Method::PUT,
        "/_sandbox/settings",
        &[],
        Some(&json!({ "ignoreBatch": true })),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = get_h(&st, &path, &[("x-ovh-batch", ",")]).await;
    assert_eq!(r.status, 400);
    let r = get_h(
        &st,
        &format!("/me/order/{a}/status"),
        &[("x-ovh-batch", ",")],
    )
    .await;
    assert_eq!(r.json(), status(a).await);
}
