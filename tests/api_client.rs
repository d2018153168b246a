//! The API client's collection loading and retries, over a fake transport (no browser needed).

mod support;
use support::FakeTransport;

use billing_console::api::models::Service;
use billing_console::api::{Answer, ApiClient, ApiError, ApiErrorKind};
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
    let result = block_on(
        client.load_collection::<Service>("/services", 2, |items, progress| {
            seen.extend(items.into_iter().map(|s| s.service_id));
            progress_log.push((progress.loaded, progress.total));
        }),
    )
    .unwrap();
    assert_eq!(seen, vec![0, 1, 2, 3, 4]);
    assert_eq!(progress_log, vec![(2, Some(5)), (4, Some(5)), (5, Some(5))]);
    assert!(result.is_complete());
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
    let progress = block_on(client.load_collection::<Service>("/services", 10, |_, _| {})).unwrap();
    assert_eq!(progress.loaded, 1);
    assert_eq!(*fake.sleeps.borrow(), vec![400, 2000]);
}

#[test]
fn a_permanent_failure_is_not_retried() {
    let fake = FakeTransport::default().then(Err(ApiError::from_response(401, "", None, None)));
    let client = ApiClient::with_transport("", &fake);
    let error =
        block_on(client.load_collection::<Service>("/services", 10, |_, _| {})).unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::SessionExpired);
    assert_eq!(fake.requests.borrow().len(), 1);
    assert!(fake.sleeps.borrow().is_empty());
}

#[test]
fn gives_up_after_the_last_attempt_and_keeps_what_was_delivered() {
    let fake = FakeTransport::default()
        .then(page(0..2, 4))
        .then(Err(ApiError::from_response(500, "", None, None)))
        .then(Err(ApiError::from_response(500, "", None, None)))
        .then(Err(ApiError::from_response(500, "", None, None)))
        .then(Err(ApiError::from_response(
            500,
            r#"{"message":"boom"}"#,
            None,
            Some("EU.42"),
        )));
    let client = ApiClient::with_transport("", &fake);
    let mut delivered = 0;
    let error = block_on(
        client.load_collection::<Service>("/services", 2, |items, _| delivered += items.len()),
    )
    .unwrap_err();
    assert_eq!(delivered, 2, "the first page stays usable");
    assert_eq!(error.kind, ApiErrorKind::Server);
    assert_eq!(error.message.as_deref(), Some("boom"));
    assert_eq!(error.query_id.as_deref(), Some("EU.42"));
    assert_eq!(fake.sleeps.borrow().len(), 3);
}

#[test]
fn a_malformed_page_is_a_decode_error_not_a_crash() {
    let fake = FakeTransport::default().then(Ok(Answer {
        body: "[{\"serviceId\": ".into(),
        total: Some(1),
    }));
    let client = ApiClient::with_transport("", &fake);
    let error =
        block_on(client.load_collection::<Service>("/services", 10, |_, _| {})).unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Decode);
}

#[test]
fn an_answer_without_a_total_is_the_whole_collection() {
    let fake = FakeTransport::default().then(Ok(Answer {
        body: services_json(0..3),
        total: None,
    }));
    let client = ApiClient::with_transport("", &fake);
    let progress = block_on(client.load_collection::<Service>("/services", 2, |_, _| {})).unwrap();
    assert_eq!((progress.loaded, progress.total), (3, Some(3)));
    assert_eq!(fake.requests.borrow().len(), 1);
}

#[test]
fn a_failed_mutation_is_never_retried() {
    let fake = FakeTransport::default()
        .then(Ok(Answer {
            body: "null".into(),
            total: None,
        }))
        .then(Err(ApiError::from_response(503, "", None, None)));
    let client = ApiClient::with_transport("/api", &fake);
    let answers = [
        ("reason", "NOT_NEEDED_ANYMORE".to_string()),
        ("commentary_reason", String::new()),
    ];
    let error = block_on(client.terminate_at_expiry(7, &answers)).unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Server);
    let requests = fake.requests.borrow();
    assert_eq!(requests.len(), 2, "the PUT was sent once: {requests:?}");
    assert_eq!(
        requests[0].0,
        "Post /api/services/7/form/termination/answer"
    );
    assert_eq!(
        requests[0].1[0].1,
        r#"{"answers":[{"question":"reason","value":"NOT_NEEDED_ANYMORE"}]}"#
    );
    assert_eq!(requests[1].0, "Put /api/services/7");
    assert_eq!(
        requests[1].1[0].1,
        r#"{"terminationPolicy":"terminateAtExpirationDate"}"#
    );
    assert!(fake.sleeps.borrow().is_empty());
}

#[test]
fn cancelling_a_termination_only_clears_delete_at_expiration() {
    let infos = r#"{"renew":{"automatic":false,"deleteAtExpiration":true,"forced":false,"manualPayment":true,"period":null},"status":"ok"}"#;
    let fake = FakeTransport::default()
        .then(Ok(Answer {
            body: infos.into(),
            total: None,
        }))
        .then(Ok(Answer {
            body: "null".into(),
            total: None,
        }));
    let client = ApiClient::with_transport("/api", &fake);
    block_on(client.cancel_termination("/domain/example.com")).unwrap();
    let requests = fake.requests.borrow();
    assert_eq!(requests[1].0, "Put /api/domain/example.com/serviceInfos");
    let body: serde_json::Value = serde_json::from_str(&requests[1].1[0].1).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"renew":{"automatic":false,"deleteAtExpiration":false,"forced":false,"manualPayment":true,"period":null}}),
        "a manual service stays manual"
    );
}
