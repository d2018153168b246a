//! The API client's collection loading and retries, over a fake transport (no browser needed).

mod support;
use support::FakeTransport;

use billing_console::api::models::Service;
use billing_console::api::{Answer, ApiClient, ApiError, ApiErrorKind, Collection};
use futures::executor::block_on;

fn services_json(ids: std::ops::Range<u64>) -> String {
    let items: Vec<String> = ids
        .map(|id| {
            format!(r#"{{"serviceId":{id},"resource":{{"name":"svc-{id}","state":"active"}}}}"#)
        })
        .collect();
    format!("[{}]", items.join(","))
}

fn page(ids: std::ops::Range<u64>, total: u64) -> Result<Answer, ApiError> {
    Ok(Answer {
        body: services_json(ids),
        total: Some(total),
    })
}

#[test]
fn loads_every_page_in_order_with_progress() {
    let fake = FakeTransport::default()
        .then(page(0..2, 5))
        .then(page(2..4, 5))
        .then(page(4..5, 5));
    let client = ApiClient::with_transport("/api", &fake);
    let mut seen = Vec::new();
    let mut progress_log = Vec::new();
    let result = block_on(client.load_collection::<Service>(
        Collection::new("/services", 2),
        |items, progress| {
            seen.extend(items.into_iter().map(|s| s.service_id));
            progress_log.push((progress.loaded, progress.total));
        },
    ))
    .unwrap();
    assert_eq!(seen, vec![0, 1, 2, 3, 4]);
    assert_eq!(progress_log, vec![(2, Some(5)), (4, Some(5)), (5, Some(5))]);
    assert!(result.progress.is_complete());
    assert!(result.is_whole());
    let requests = fake.requests.borrow().len();
    assert_eq!(requests, 3);
    assert_eq!(fake.requests.borrow()[0].0, "/api/services");
    assert_eq!(
        fake.header(0, "X-Pagination-Mode").as_deref(),
        Some("CachedObjectList-Pages")
    );
    assert_eq!(fake.header(0, "X-Pagination-Number").as_deref(), Some("1"));
    assert_eq!(fake.header(2, "X-Pagination-Number").as_deref(), Some("3"));
    assert_eq!(fake.header(2, "X-Pagination-Size").as_deref(), Some("2"));
}

#[test]
fn a_transient_failure_is_retried_with_backoff_then_succeeds() {
    let fake = FakeTransport::default()
        .then(Err(ApiError::from_response(503, "", None, None)))
        .then(Err(ApiError::from_response(429, "", Some("2"), None)))
        .then(page(0..1, 1));
    let client = ApiClient::with_transport("", &fake);
    let progress =
        block_on(client.load_collection::<Service>(Collection::new("/services", 10), |_, _| {}))
            .unwrap();
    assert_eq!(progress.progress.loaded, 1);
    assert_eq!(*fake.sleeps.borrow(), vec![400, 2000]);
}

#[test]
fn a_permanent_failure_is_not_retried() {
    let fake = FakeTransport::default().then(Err(ApiError::from_response(401, "", None, None)));
    let client = ApiClient::with_transport("", &fake);
    let error =
        block_on(client.load_collection::<Service>(Collection::new("/services", 10), |_, _| {}))
            .unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::SessionExpired);
    assert_eq!(fake.requests.borrow().len(), 1);
    assert!(fake.sleeps.borrow().is_empty());
}

#[test]
fn a_page_that_keeps_failing_is_set_aside_and_asked_again_alone() {
    let boom = || {
        Err(ApiError::from_response(
            500,
            r#"{"message":"boom"}"#,
            None,
            Some("EU.42"),
        ))
    };
    let fake = FakeTransport::default()
        .then(page(0..2, 6))
        .then(boom())
        .then(boom())
        .then(boom())
        .then(boom())
        .then(boom())
        .then(boom())
        .then(page(4..6, 6));
    let client = ApiClient::with_transport("", &fake);
    let mut delivered = Vec::new();
    let mut report = block_on(
        client.load_collection::<Service>(Collection::new("/services", 2), |items, _| {
            delivered.extend(items.into_iter().map(|s| s.service_id))
        }),
    )
    .unwrap();
    // Page 2 fails its six attempts; page 3 arrives.
    assert_eq!(delivered, vec![0, 1, 4, 5], "what arrived is kept");
    assert_eq!(report.missing.pages, vec![2]);
    assert_eq!(report.missing.items, 2);
    let error = report.error.clone().unwrap();
    assert!(matches!(error.kind, ApiErrorKind::Server { .. }));
    assert_eq!(error.message.as_deref(), Some("boom"));
    assert_eq!(error.query_id.as_deref(), Some("EU.42"));
    assert!(!report.progress.is_complete());

    // "Retry": only page 2 is asked again.
    let fake = FakeTransport::default().then(page(2..4, 6));
    let client = ApiClient::with_transport("", &fake);
    block_on(client.load_missing::<Service>(
        Collection::new("/services", 2),
        &mut report,
        |items, _| delivered.extend(items.into_iter().map(|s| s.service_id)),
    ));
    assert_eq!(fake.header(0, "X-Pagination-Number").as_deref(), Some("2"));
    assert_eq!(fake.requests.borrow().len(), 1);
    assert_eq!(delivered, vec![0, 1, 4, 5, 2, 3]);
    assert!(report.is_whole());
    assert!(report.progress.is_complete());
}

#[test]
fn a_server_that_ignores_the_pagination_headers_is_read_object_by_object() {
    let one = |id: u64| {
        Ok(Answer {
            body: format!(
                r#"{{"serviceId":{id},"resource":{{"name":"svc-{id}","state":"active"}}}}"#
            ),
            total: None,
        })
    };
    let fake = FakeTransport::default()
        .then(Ok(Answer {
            body: "[11, 12, 13]".into(),
            total: None,
        }))
        .then(one(11))
        .then(Err(ApiError::from_response(404, "", None, None)))
        .then(one(13));
    let client = ApiClient::with_transport("/api", &fake);
    let mut seen = Vec::new();
    let report = block_on(
        client.load_collection::<Service>(Collection::new("/services", 5000), |items, _| {
            seen.extend(items.into_iter().map(|s| s.service_id))
        }),
    )
    .unwrap();
    assert_eq!(seen, vec![11, 13], "never an empty page without an error");
    assert_eq!(
        fake.urls(),
        vec![
            "/api/services",
            "/api/services/11",
            "/api/services/12",
            "/api/services/13"
        ]
    );
    // A service gone between the list and its read is not missing: it is not there any more.
    assert!(report.is_whole());
    assert_eq!(report.progress.total, Some(2));
    assert!(report.progress.is_complete());
}

#[test]
fn a_malformed_page_is_a_decode_error_not_a_crash() {
    let fake = FakeTransport::default().then(Ok(Answer {
        body: "[{\"serviceId\": ".into(),
        total: Some(1),
    }));
    let client = ApiClient::with_transport("", &fake);
    let error =
        block_on(client.load_collection::<Service>(Collection::new("/services", 10), |_, _| {}))
            .unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Decode);
}

#[test]
fn an_answer_without_a_total_is_the_whole_collection() {
    let fake = FakeTransport::default().then(Ok(Answer {
        body: services_json(0..3),
        total: None,
    }));
    let client = ApiClient::with_transport("", &fake);
    let progress =
        block_on(client.load_collection::<Service>(Collection::new("/services", 2), |_, _| {}))
            .unwrap();
    assert_eq!(
        (progress.progress.loaded, progress.progress.total),
        (3, Some(3))
    );
    assert_eq!(fake.requests.borrow().len(), 1);
}

#[test]
fn an_object_plain_decoding_cannot_read_is_repaired_by_the_loader_not_dropped() {
    let fake = FakeTransport::default().then(Ok(Answer {
        body: r#"[{"serviceId":1,"resource":{"name":"a","state":"active"},"customer":{"contacts":null}},
                  {"serviceId":"x","resource":{"name":"b","state":"active"}},
                  {"serviceId":3,"resource":{"name":"c","state":"active"}}]"#
            .into(),
        total: Some(3),
    }));
    let client = ApiClient::with_transport("", &fake);
    let mut seen = Vec::new();
    let report = block_on(
        client.load_collection::<Service>(Collection::new("/services", 10), |items, _| {
            seen.extend(items.into_iter().map(|s| s.service_id))
        }),
    )
    .unwrap();
    assert_eq!(
        seen,
        vec![3, 1],
        "the readable first, then the repaired one"
    );
    assert_eq!(
        report.skipped.count, 1,
        "only the one without a readable id"
    );
    assert!(
        report.skipped.summary().contains("serviceId"),
        "{}",
        report.skipped.summary()
    );
    assert!(report.progress.is_complete());
}

#[test]
fn services_arrive_as_rows_repaired_ones_included_and_a_retry_too() {
    // Page 1 (of SERVICES_PAGE_SIZE each): one readable service, one only its repair reads; page 2
    // fails.
    let first = Ok(Answer {
        body: r#"[{"serviceId":1,"resource":{"name":"ns1.example","displayName":"Serveur de Léa","state":"active"},"customer":{"contacts":null}},
                  {"serviceId":2,"resource":{"name":"example.fr","state":"active"}}]"#
            .into(),
        total: Some(u64::from(billing_console::api::client::SERVICES_PAGE_SIZE) + 2),
    });
    let boom = || Err(ApiError::from_response(503, "", None, None));
    let mut fake = FakeTransport::default().then(first);
    for _ in 0..6 {
        fake = fake.then(boom());
    }
    let client = ApiClient::with_transport("", &fake);
    let mut rows = Vec::new();
    let mut report = block_on(client.load_services(|page, _| {
        rows.extend(
            page.into_iter()
                .map(|r| (r.id, r.display_name.to_string(), r.reference.to_string())),
        )
    }))
    .unwrap();
    assert_eq!(
        rows,
        vec![
            (2, "example.fr".to_string(), "example.fr".to_string()),
            (1, "Serveur de Léa".to_string(), "ns1.example".to_string()),
        ],
        "the readable first, then the repaired one, each as its row"
    );
    assert_eq!(report.missing.pages, vec![2]);

    let fake = FakeTransport::default().then(Ok(Answer {
        body: r#"[{"serviceId":3,"parentServiceId":2,"resource":{"name":"zone.example.fr","state":"active"}}]"#.into(),
        total: Some(u64::from(billing_console::api::client::SERVICES_PAGE_SIZE) + 2),
    }));
    let client = ApiClient::with_transport("", &fake);
    block_on(client.load_missing_services(&mut report, |page, _| {
        rows.extend(
            page.into_iter()
                .map(|r| (r.id, r.display_name.to_string(), r.reference.to_string())),
        )
    }));
    assert_eq!(fake.header(0, "X-Pagination-Number").as_deref(), Some("2"));
    assert_eq!(rows.last().map(|r| r.0), Some(3));
    assert!(report.is_whole());
}

#[test]
fn a_renewal_quote_orders_nothing_so_a_transient_failure_is_sent_again() {
    let quote = r#"{"orderId": 0, "url": "", "priceWithTax": {"currencyCode": "EUR", "text": "12.00 €", "value": 12.0}}"#;
    let fake = FakeTransport::default()
        .then(Err(ApiError::from_response(503, "", Some("3"), None)))
        .then(Err(ApiError::from_response(429, "", None, None)))
        .ok(quote);
    let client = ApiClient::with_transport("", &fake);
    block_on(client.renew_quote(7, &[7], "P1Y")).unwrap();
    let urls = fake.urls();
    assert_eq!(urls, vec!["Post /service/7/renew"; 3]);
    assert!(fake
        .requests
        .borrow()
        .iter()
        .all(|r| r.1[0].1.contains(r#""dryRun":true"#)));
    // The 503's Retry-After, then the client's own backoff.
    assert_eq!(*fake.sleeps.borrow(), vec![3000, 800]);
}

#[test]
fn a_quote_refused_for_good_is_not_sent_again() {
    let fake = FakeTransport::default().fail(400, r#"{"message":"Invalid duration"}"#);
    let client = ApiClient::with_transport("", &fake);
    let error = block_on(client.renew_quote(7, &[7], "P7Y")).unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Rejected);
    assert_eq!(fake.urls().len(), 1);
}
