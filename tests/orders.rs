//! "My orders": API models against fixtures in the API's shapes, the client over a fake transport
//! (pages, nulls, details, tracking, the withdrawal sent once), and the domain: expiry, the
//! withdrawal window at the second and across offsets, exact totals, tracking steps, the list's
//! query and its URL.

mod support;
use support::FakeTransport;

use std::collections::BTreeSet;

use billing_console::api::orders::{
    FollowUp, FollowUpLabel, FollowUpStatus, FollowUpStep, Order, OrderDetail, OrderPaymentMethods,
    OrderStatus, RetractionReason,
};
use billing_console::api::pagination::decode_page;
use billing_console::api::{ApiClient, ApiErrorKind, Found};
use billing_console::domain::money::Money;
use billing_console::domain::orders::{
    check_totals, compare, current_step, is_expired, list_view, matches, may_be_expired,
    parse_quantity, payable, totals, tracking_history, tracking_steps, withdrawal, DetailRow,
    OrderQuery, OrderRow, OrderSort, SecretUrl, StatusTone, TrackingStep, WithdrawalRefusal, STEPS,
};
use billing_console::domain::outcome::{Changed, Outcome};
use billing_console::domain::query::PAGE_SIZES;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use futures::executor::block_on;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers

fn utc(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn order_json(id: u64, date: &str, with_tax_cents: i64) -> String {
    format!(
        r#"{{"orderId":{id},"date":"{date}","expirationDate":null,"retractionDate":null,"password":"pw{id}","url":"https://x/o?orderId={id}&orderPassword=pw{id}","pdfUrl":null,"priceWithTax":{{"currencyCode":"EUR","value":{}.{:02}}},"priceWithoutTax":null,"tax":null}}"#,
        with_tax_cents / 100,
        with_tax_cents % 100
    )
}

/// A row with the given dates (RFC 3339) and status.
fn row(id: u64, status: Option<OrderStatus>) -> OrderRow {
    let order: Order = serde_json::from_str(&format!(
        r#"{{"orderId":{id},"date":"2026-11-20T10:00:00+01:00","priceWithTax":{{"currencyCode":"EUR","value":10}}}}"#
    ))
    .unwrap();
    let mut row = OrderRow::from(&order);
    row.status = status;
    row
}

fn at(rfc3339: &str) -> Option<DateTime<chrono::FixedOffset>> {
    Some(DateTime::parse_from_rfc3339(rfc3339).unwrap())
}

fn fixture_details() -> Vec<OrderDetail> {
    serde_json::from_str(include_str!("fixtures/orders/details.json")).unwrap()
}

/// The console's rows of the details as the API sends them.
fn rows(details: &[OrderDetail]) -> Vec<DetailRow> {
    details.iter().map(DetailRow::from).collect()
}

/// One order line as the API sends it, read as the console reads it.
fn detail(id: u64, quantity: &str, unit: &str, cancelled: bool) -> DetailRow {
    let wire: OrderDetail = serde_json::from_str(&format!(
        r#"{{"orderDetailId":{id},"quantity":"{quantity}","unitPrice":{unit},"totalPrice":{unit},"cancelled":{cancelled}}}"#
    ))
    .unwrap();
    DetailRow::from(&wire)
}

/// The tracking steps as the API sends them, read as the console reads them.
fn steps_of(follow_up: &[FollowUp]) -> Vec<TrackingStep> {
    follow_up.iter().map(TrackingStep::from).collect()
}

fn eur(value: &str) -> String {
    format!(r#"{{"currencyCode":"EUR","value":{value}}}"#)
}

fn with_total(mut row: OrderRow, cents: i64) -> OrderRow {
    row.price_without_tax = Some(Money::new(cents, "EUR"));
    row
}

// ---------------------------------------------------------------------------------------------
// Decoding

#[test]
fn an_orders_page_decodes_with_nulls_bad_items_and_secrets_kept_secret() {
    let page = decode_page::<Order>(include_str!("fixtures/orders/orders_page.json")).unwrap();
    assert_eq!(page.nulls, 2);
    assert_eq!(page.unread.len(), 1);
    let ids: Vec<u64> = page.items.iter().map(|o| o.order_id).collect();
    assert_eq!(ids, vec![215012334, 215012125, 215000102]);

    let rows: Vec<OrderRow> = page.items.iter().map(OrderRow::from).collect();
    let first = &rows[0];
    assert_eq!(first.price_with_tax, Some(Money::new(79434, "EUR")));
    assert_eq!(first.price_without_tax, Some(Money::new(66195, "EUR")));
    assert_eq!(first.tax, Some(Money::new(13239, "EUR")));
    assert_eq!(first.status, None);
    assert_eq!(first.retraction, None);
    let url = first.url.as_ref().unwrap();
    assert!(url.expose().contains("orderPassword=k7mq2xtp"));
    assert_eq!(url.to_string(), "<redacted>");
    for text in [format!("{first:?}"), format!("{:?}", page.items[0])] {
        assert!(!text.contains("k7mq2xtp"), "{text}");
    }

    let summer = &rows[1];
    assert_eq!(
        summer.date.unwrap().to_rfc3339(),
        "2026-08-22T07:08:00+02:00",
        "the offset is kept"
    );
    assert_eq!(summer.day(), Some(day(2026, 8, 22)));
    assert_eq!(summer.price_with_tax, Some(Money::new(3239, "EUR")));
    assert!(summer.pdf_url.is_none());

    let bare = &rows[2];
    assert!(bare.date.is_none() && bare.url.is_none() && bare.price_with_tax.is_none());
    assert_eq!(bare.price_without_tax, Some(Money::new(0, "EUR")));
}

#[test]
fn details_follow_up_and_payment_methods_decode() {
    let details = fixture_details();
    assert_eq!(details.len(), 3);
    assert_eq!(details[1].quantity, "100");
    assert!(details[2].cancelled);
    let rows: Vec<DetailRow> = details.iter().map(DetailRow::from).collect();
    assert_eq!(rows[0].amount, Some(Money::new(5988, "EUR")));
    assert_eq!(rows[1].amount, Some(Money::new(700, "EUR")));
    assert_eq!(rows[1].unit_price, Some(Money::new(7, "EUR")));
    assert_eq!(rows[2].domain, None, "an empty domain is no domain");

    let follow_up: Vec<FollowUp> =
        serde_json::from_str(include_str!("fixtures/orders/follow_up.json")).unwrap();
    assert_eq!(follow_up[3].step, FollowUpStep::Unknown("REFUNDING".into()));
    assert_eq!(
        follow_up[3].status,
        FollowUpStatus::Unknown("SKIPPED".into())
    );
    assert_eq!(
        follow_up[2].history[1].label,
        FollowUpLabel::Unknown("ORDER_REVIEWED_BY_ROBOT".into())
    );

    let methods: OrderPaymentMethods =
        serde_json::from_str(include_str!("fixtures/orders/payment_methods.json")).unwrap();
    assert_eq!(methods.registered, vec![5123401, 5123403]);
    assert_eq!(methods.available.len(), 3);
    assert_eq!(methods.available[0].payment_type, "CREDIT_CARD");
    assert_eq!(methods.available[2].integration, None);
}

#[test]
fn a_secret_url_never_prints_itself() {
    let secret = SecretUrl::new("https://x/order?orderPassword=hunter2");
    assert_eq!(format!("{secret:?}"), "SecretUrl(<redacted>)");
    assert_eq!(format!("{secret}"), "<redacted>");
    assert_eq!(secret.expose(), "https://x/order?orderPassword=hunter2");
}

// ---------------------------------------------------------------------------------------------
// Client

#[test]
fn orders_load_newest_first_in_pages_of_5000_and_nulls_leave_the_total() {
    let fake = FakeTransport::default().page(
        &format!(
            "[{}, null, {}]",
            order_json(2, "2026-11-22T10:00:00+01:00", 1200),
            order_json(1, "2026-11-21T10:00:00+01:00", 999)
        ),
        3,
    );
    let client = ApiClient::with_transport("/api", &fake);
    let mut seen = Vec::new();
    let progress = block_on(client.load_orders(|orders, _| {
        seen.extend(orders.into_iter().map(|o| o.order_id));
    }))
    .unwrap();
    assert_eq!(seen, vec![2, 1]);
    assert_eq!(
        (progress.progress.loaded, progress.progress.total),
        (2, Some(2))
    );
    assert!(progress.is_whole());
    assert!(
        progress.progress.is_complete(),
        "a null is not an order still to come"
    );
    assert_eq!(fake.urls(), vec!["/api/me/order"]);
    assert_eq!(
        fake.header(0, "X-Pagination-Mode").as_deref(),
        Some("CachedObjectList-Pages")
    );
    assert_eq!(fake.header(0, "X-Pagination-Number").as_deref(), Some("1"));
    assert_eq!(fake.header(0, "X-Pagination-Size").as_deref(), Some("5000"));
    assert_eq!(fake.header(0, "X-Pagination-Sort").as_deref(), Some("date"));
    assert_eq!(
        fake.header(0, "X-Pagination-Sort-Order").as_deref(),
        Some("DESC")
    );
}

#[test]
fn later_pages_are_fetched_and_their_nulls_counted() {
    let o = |id| order_json(id, "2026-11-01T10:00:00+01:00", 100);
    let fake = FakeTransport::default()
        .page(&format!("[{}, {}]", o(5), o(4)), 5)
        .page(&format!("[null, {}]", o(3)), 5)
        .page(&format!("[{}]", o(2)), 5);
    let client = ApiClient::with_transport("", &fake);
    let mut log = Vec::new();
    let progress = block_on(client.load_orders_in_pages(2, |orders, p| {
        log.push((orders.len(), p.loaded, p.total));
    }))
    .unwrap();
    assert_eq!(log, vec![(2, 2, Some(5)), (1, 3, Some(4)), (1, 4, Some(4))]);
    assert!(progress.progress.is_complete());
    assert_eq!(fake.header(2, "X-Pagination-Number").as_deref(), Some("3"));
    assert_eq!(fake.header(2, "X-Pagination-Sort").as_deref(), Some("date"));
}

#[test]
fn a_failed_page_is_retried_then_reported() {
    let fake = FakeTransport::default()
        .fail(503, "")
        .page("[]", 0)
        .fail(401, "");
    let client = ApiClient::with_transport("", &fake);
    let progress = block_on(client.load_orders(|_, _| {})).unwrap();
    assert!(progress.progress.is_complete());
    assert_eq!(*fake.sleeps.borrow(), vec![400]);
    let error = block_on(client.load_orders(|_, _| {})).unwrap_err();
    assert!(error.needs_sign_in());
}

#[test]
fn details_are_read_by_id_in_the_api_order() {
    let details = fixture_details();
    let mut fake = FakeTransport::default().ok("[50000101, 50000102, 50000103]");
    for d in &details {
        fake = fake.ok(&serde_json::to_string(d).unwrap());
    }
    let client = ApiClient::with_transport("/api", &fake);
    let got = block_on(client.order_details(215000001)).unwrap();
    let expected: Vec<_> = rows(&details).into_iter().map(Ok).collect();
    assert_eq!(got, expected);
    assert_eq!(
        fake.urls(),
        vec![
            "/api/me/order/215000001/details",
            "/api/me/order/215000001/details/50000101",
            "/api/me/order/215000001/details/50000102",
            "/api/me/order/215000001/details/50000103",
        ]
    );
}

#[test]
fn a_line_that_cannot_be_read_leaves_the_others_shown_in_their_place() {
    let details = fixture_details();
    let fake = FakeTransport::default()
        .ok("[50000101, 50000102, 50000103]")
        .ok(&serde_json::to_string(&details[0]).unwrap())
        .fail(404, "")
        .ok(&serde_json::to_string(&details[2]).unwrap());
    let client = ApiClient::with_transport("", &fake);
    let got = block_on(client.order_details(215000001)).unwrap();
    let all = rows(&details);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].as_ref().unwrap(), &all[0]);
    assert_eq!(got[1].as_ref().unwrap_err().kind, ApiErrorKind::NotFound);
    assert_eq!(got[2].as_ref().unwrap(), &all[2]);
    // A session to renew fails the whole read (nothing can be shown).
    let fake = FakeTransport::default()
        .ok("[50000101, 50000102]")
        .ok(&serde_json::to_string(&details[0]).unwrap())
        .fail(401, "");
    let client = ApiClient::with_transport("", &fake);
    assert!(block_on(client.order_details(215000001))
        .unwrap_err()
        .needs_sign_in());
}

#[test]
fn a_missing_tracking_is_none_and_other_errors_are_errors() {
    let fake = FakeTransport::default()
        .fail(
            404,
            r#"{"message":"The requested object (followUp) does not exist"}"#,
        )
        .fail(500, "")
        .ok(include_str!("fixtures/orders/follow_up.json"))
        .fail(403, r#"{"message":"Not yours"}"#);
    let client = ApiClient::with_transport("", &fake);
    assert_eq!(block_on(client.order_follow_up(7)).unwrap(), None);
    let steps = block_on(client.order_follow_up(7)).unwrap().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(fake.sleeps.borrow().len(), 1, "the 500 was retried");
    let error = block_on(client.order_follow_up(7)).unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Forbidden);
    assert_eq!(fake.urls()[0], "/me/order/7/followUp");
}

#[test]
fn statuses_and_payment_methods_decode_from_their_routes() {
    let fake = FakeTransport::default()
        .ok(r#""documentsRequested""#)
        .ok(r#""toFinalize""#)
        .ok(include_str!("fixtures/orders/payment_methods.json"))
        .ok(&order_json(215012334, "2026-11-23T07:41:00+01:00", 79434));
    let client = ApiClient::with_transport("", &fake);
    assert_eq!(
        block_on(client.order_status(1)).unwrap(),
        OrderStatus::DocumentsRequested
    );
    assert_eq!(
        block_on(client.order_status(2)).unwrap(),
        OrderStatus::Unknown("toFinalize".into())
    );
    let methods = block_on(client.order_payment_methods(3)).unwrap();
    assert_eq!(methods.registered.len(), 2);
    let order = block_on(client.order(215012334)).unwrap();
    assert_eq!(order.order_id, 215012334);
    assert_eq!(
        fake.urls(),
        vec![
            "/me/order/1/status",
            "/me/order/2/status",
            "/me/order/3/paymentMethods",
            "/me/order/215012334",
        ]
    );
}

#[test]
fn many_statuses_are_read_in_batches_with_per_order_errors() {
    let ids: Vec<u64> = (1..=120).collect();
    let batch = |range: std::ops::RangeInclusive<u64>| {
        let items: Vec<String> = range
            .map(|id| match id {
                // An order the API has no status for: its error, not a status.
                7 => r#"{"key":"7","value":null,"error":"The requested object (orderId = 7) does not exist"}"#.to_string(),
                // A key written as a number, as some routes do.
                60 => r#"{"key":60,"value":"delivered","error":null}"#.to_string(),
                _ => format!(r#"{{"key":"{id}","value":"notPaid","error":null}}"#),
            })
            .rev() // in any order: matched by key
            .collect();
        format!("[{}]", items.join(","))
    };
    let fake = FakeTransport::default()
        .ok(&batch(1..=50))
        .ok(&batch(51..=100))
        .ok(&batch(101..=120));
    let client = ApiClient::with_transport("", &fake);
    let mut got = Vec::new();
    let mut answers = Vec::new();
    block_on(client.load_order_statuses(&ids, |answer| {
        answers.push(answer.len());
        got.extend(answer)
    }))
    .unwrap();
    assert_eq!(
        answers,
        [50, 50, 20],
        "handed over by answer (the page redraws once each)"
    );
    assert_eq!(got.iter().map(|(id, _)| *id).collect::<Vec<_>>(), ids);
    assert_eq!(got[0].1, Ok(OrderStatus::NotPaid));
    assert_eq!(got[59].1, Ok(OrderStatus::Delivered));
    let missing = got[6].1.clone().unwrap_err();
    assert_eq!(
        missing.message.as_deref(),
        Some("The requested object (orderId = 7) does not exist")
    );
    let urls = fake.urls();
    assert_eq!(urls.len(), 3, "{urls:?}");
    let keys: Vec<String> = (1..=50).map(|id| id.to_string()).collect();
    assert_eq!(urls[0], format!("/me/order/{}/status", keys.join(",")));
    assert!(urls[2].starts_with("/me/order/101,102,"), "{}", urls[2]);
    for request in 0..3 {
        assert_eq!(fake.header(request, "X-Ovh-Batch").as_deref(), Some(","));
    }
}

#[test]
fn statuses_are_read_one_by_one_when_the_api_does_not_batch() {
    // The batch refused (400 for an id that is not a number): every status on its own.
    let fake = FakeTransport::default()
        .fail(
            400,
            r#"{"message":"[orderId] Given data (1,2,3) is not valid for type long"}"#,
        )
        .ok(r#""delivered""#)
        .fail(404, "")
        .ok(r#""notPaid""#);
    let client = ApiClient::with_transport("", &fake);
    let mut got = Vec::new();
    block_on(client.load_order_statuses(&[1, 2, 3], |answer| {
        got.extend(answer.into_iter().map(|(id, s)| (id, s.ok())))
    }))
    .unwrap();
    assert_eq!(
        got,
        vec![
            (1, Some(OrderStatus::Delivered)),
            (2, None),
            (3, Some(OrderStatus::NotPaid))
        ]
    );
    assert_eq!(
        fake.urls(),
        vec![
            "/me/order/1,2,3/status",
            "/me/order/1/status",
            "/me/order/2/status",
            "/me/order/3/status"
        ]
    );

    // An answer that is not one element per id (the header ignored, a single object...): the
    // same.
    for odd in [
        r#""delivered""#,
        r#"[{"key":"1","value":"delivered","error":null}]"#,
        r#"[{"key":"1","value":"delivered"},{"key":"1","value":"delivered"}]"#,
    ] {
        let fake = FakeTransport::default()
            .ok(odd)
            .ok(r#""delivered""#)
            .ok(r#""notPaid""#);
        let client = ApiClient::with_transport("", &fake);
        let mut got = Vec::new();
        block_on(client.load_order_statuses(&[1, 2], |answer| {
            got.extend(answer.into_iter().map(|(id, s)| (id, s.ok())))
        }))
        .unwrap();
        assert_eq!(
            got,
            vec![
                (1, Some(OrderStatus::Delivered)),
                (2, Some(OrderStatus::NotPaid))
            ],
            "{odd}"
        );
        assert_eq!(
            fake.urls()[1..],
            ["/me/order/1/status", "/me/order/2/status"]
        );
    }

    // One order: no batch.
    let fake = FakeTransport::default().ok(r#""delivered""#);
    let client = ApiClient::with_transport("", &fake);
    block_on(client.load_order_statuses(&[9], |_| {})).unwrap();
    assert_eq!(fake.urls(), vec!["/me/order/9/status"]);
}

#[test]
fn a_failed_batch_lists_its_orders_and_a_lost_session_stops_the_reads() {
    let ids: Vec<u64> = (1..=60).collect();
    let first: Vec<String> = (1..=50)
        .map(|id| format!(r#"{{"key":"{id}","value":"notPaid","error":null}}"#))
        .collect();
    let mut fake = FakeTransport::default().ok(&format!("[{}]", first.join(",")));
    // The second batch keeps failing (5xx, retried six times): its ten orders are listed.
    for _ in 0..6 {
        fake = fake.fail(503, "");
    }
    let client = ApiClient::with_transport("", &fake);
    let mut got = Vec::new();
    block_on(client.load_order_statuses(&ids, |answer| got.extend(answer))).unwrap();
    assert_eq!(got.len(), 60);
    assert!(got[..50].iter().all(|(_, s)| s.is_ok()));
    assert!(got[50..]
        .iter()
        .all(|(_, s)| matches!(s.as_ref().unwrap_err().kind, ApiErrorKind::Server { .. })));

    // The first batch keeps failing: its orders are listed, the others are still read in batch
    // (not one by one from an API that is failing).
    let second: Vec<String> = (51..=60)
        .map(|id| format!(r#"{{"key":"{id}","value":"delivered","error":""}}"#))
        .collect();
    let mut fake = FakeTransport::default();
    for _ in 0..6 {
        fake = fake.fail(503, "");
    }
    let fake = fake.ok(&format!("[{}]", second.join(",")));
    let client = ApiClient::with_transport("", &fake);
    let mut got = Vec::new();
    block_on(client.load_order_statuses(&ids, |answer| got.extend(answer))).unwrap();
    assert_eq!(got.len(), 60);
    assert!(got[..50].iter().all(|(_, s)| s.is_err()));
    // An empty `error` beside a value is no error.
    assert!(got[50..]
        .iter()
        .all(|(_, s)| s.as_ref() == Ok(&OrderStatus::Delivered)));
    assert_eq!(fake.urls().len(), 7);
    assert!(fake.urls()[6].starts_with("/me/order/51,52,"));
    assert_eq!(
        fake.sleeps.borrow().len(),
        5,
        "the failing batch was retried"
    );

    // A later batch answered otherwise than in batch: its orders are read one at a time.
    let mut fake = FakeTransport::default()
        .ok(&format!("[{}]", first.join(",")))
        .ok(r#"{"message":"not a batch"}"#);
    for _ in 51..=60 {
        fake = fake.ok(r#""notPaid""#);
    }
    let client = ApiClient::with_transport("", &fake);
    let mut got = Vec::new();
    block_on(client.load_order_statuses(&ids, |answer| {
        got.extend(answer.into_iter().map(|(id, s)| (id, s.ok())))
    }))
    .unwrap();
    assert_eq!(got.iter().map(|(id, _)| *id).collect::<Vec<_>>(), ids);
    assert!(got.iter().all(|(_, s)| s == &Some(OrderStatus::NotPaid)));
    let singles: Vec<String> = (51..=60)
        .map(|id| format!("/me/order/{id}/status"))
        .collect();
    assert_eq!(fake.urls()[2..], singles[..]);

    let fake = FakeTransport::default().fail(401, "");
    let client = ApiClient::with_transport("", &fake);
    let mut calls = 0;
    let error = block_on(client.load_order_statuses(&[1, 2, 3], |answer| calls += answer.len()))
        .unwrap_err();
    assert!(error.needs_sign_in());
    assert_eq!(calls, 0);
    assert_eq!(fake.urls().len(), 1);

    // Signed out after the first batch: the reads stop there.
    let fake = FakeTransport::default()
        .ok(&format!("[{}]", first.join(",")))
        .fail(401, "");
    let client = ApiClient::with_transport("", &fake);
    let mut calls = 0;
    let error =
        block_on(client.load_order_statuses(&ids, |answer| calls += answer.len())).unwrap_err();
    assert!(error.needs_sign_in());
    assert_eq!(calls, 50);
}

#[test]
fn the_withdrawal_is_posted_once_with_its_reason_and_comment() {
    let fake = FakeTransport::default()
        .ok(r#""delivered""#)
        .ok("null")
        .ok(r#""delivered""#)
        .ok("null")
        .ok(r#""delivered""#)
        .fail(403, include_str!("fixtures/orders/retraction_refused.json"));
    let client = ApiClient::with_transport("/api", &fake);
    let first =
        block_on(client.retract_order(9, &RetractionReason::Other, Some("Je me suis trompé")));
    assert!(first.outcome.is_applied());
    let second = block_on(client.retract_order(9, &RetractionReason::Expensive, Some("  ")));
    assert!(second.outcome.is_applied());
    let refused = block_on(client.retract_order(9, &RetractionReason::Other, None));
    match refused.outcome {
        Outcome::NotApplied { error, proven } => {
            assert!(!proven, "a refusal is an answer, not a guess");
            assert_eq!(error.kind, ApiErrorKind::Forbidden);
            assert!(error.message.unwrap().contains("withdrawal period"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        fake.sleeps.borrow().is_empty(),
        "a mutation is never retried"
    );

    let requests = fake.requests.borrow();
    assert_eq!(requests.len(), 6);
    assert_eq!(requests[0].0, "/api/me/order/9/status");
    assert_eq!(requests[1].0, "Post /api/me/order/9/retraction");
    let body =
        |i: usize| -> serde_json::Value { serde_json::from_str(&requests[i].1[0].1).unwrap() };
    assert_eq!(
        body(1),
        serde_json::json!({"reason": "other", "comment": "Je me suis trompé"})
    );
    assert_eq!(body(3), serde_json::json!({"reason": "expensive"}));
    assert_eq!(body(5), serde_json::json!({"reason": "other"}));
}

#[test]
fn a_withdrawal_whose_answer_is_lost_is_read_back_never_sent_twice() {
    // 503 on the POST, then the status shows the cancellation: it was applied.
    let fake = FakeTransport::default()
        .ok(r#""delivered""#)
        .fail(503, "")
        .ok(r#""cancelling""#);
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.retract_order(9, &RetractionReason::Other, None));
    assert_eq!(
        settled.outcome,
        Outcome::Applied {
            value: Found::Done,
            recovered: true
        }
    );
    let posts = fake.urls().iter().filter(|u| u.starts_with("Post")).count();
    assert_eq!(posts, 1);

    // An order already being cancelled (elsewhere): nothing is sent.
    let fake = FakeTransport::default().ok(r#""cancelling""#);
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.retract_order(9, &RetractionReason::Other, None));
    assert_eq!(settled.outcome, Outcome::Changed(Changed::AlreadyDone));
    assert_eq!(fake.urls(), vec!["/me/order/9/status"]);
}

// ---------------------------------------------------------------------------------------------
// Status

#[test]
fn status_keys_round_trip_and_map_to_steps_and_badges() {
    for status in OrderStatus::KNOWN
        .iter()
        .cloned()
        .chain([OrderStatus::Unknown("toFinalize".into())])
    {
        assert_eq!(OrderStatus::from_key(status.key()), status);
    }
    assert_eq!(OrderStatus::Unknown_.key(), "unknown");
    assert_eq!(OrderStatus::NotPaid.step(), Some(FollowUpStep::Validating));
    assert_eq!(OrderStatus::Checking.step(), Some(FollowUpStep::Validated));
    assert_eq!(
        OrderStatus::DocumentsRequested.step(),
        Some(FollowUpStep::Validated)
    );
    assert_eq!(
        OrderStatus::Delivering.step(),
        Some(FollowUpStep::Delivering)
    );
    assert_eq!(OrderStatus::Delivered.step(), Some(FollowUpStep::Available));
    for off_path in [
        OrderStatus::Cancelling,
        OrderStatus::Cancelled,
        OrderStatus::Unknown_,
        OrderStatus::Unknown("x".into()),
    ] {
        assert_eq!(off_path.step(), None);
    }
    assert_eq!(OrderStatus::NotPaid.tone(), StatusTone::Error);
    assert_eq!(OrderStatus::Delivered.tone(), StatusTone::Success);
    assert_eq!(OrderStatus::Unknown("x".into()).tone(), StatusTone::Warning);
}

// ---------------------------------------------------------------------------------------------
// Expiry

#[test]
fn an_order_can_be_paid_while_unpaid_and_before_its_expiry() {
    let mut order = row(1, None);
    order.expiration = at("2026-11-23T10:00:00+01:00");
    order.url = Some(SecretUrl::new("https://pay.example/order/1?pw=secret"));
    let before = utc("2026-11-23T08:59:59Z");
    let after = utc("2026-11-23T09:00:01Z");
    assert!(payable(&order, Some(&OrderStatus::NotPaid), before));
    assert!(
        !payable(&order, Some(&OrderStatus::NotPaid), after),
        "past its expiry"
    );
    assert!(!payable(&order, None, before), "status not known yet");
    for status in [
        OrderStatus::Checking,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
    ] {
        assert!(!payable(&order, Some(&status), before), "{status:?}");
    }
    order.url = None;
    assert!(
        !payable(&order, Some(&OrderStatus::NotPaid), before),
        "nowhere to pay"
    );
}

#[test]
fn only_unpaid_orders_past_their_expiry_are_expired() {
    let mut order = row(1, Some(OrderStatus::NotPaid));
    order.expiration = at("2026-11-23T10:00:00+01:00");
    let before = utc("2026-11-23T08:59:59Z");
    let exactly = utc("2026-11-23T09:00:00Z");
    let after = utc("2026-11-23T09:00:01Z");
    assert!(!is_expired(&order, before));
    assert!(!is_expired(&order, exactly), "expired once past the date");
    assert!(is_expired(&order, after));

    for status in [
        OrderStatus::Delivered,
        OrderStatus::Checking,
        OrderStatus::DocumentsRequested,
        OrderStatus::Cancelled,
    ] {
        let paid = OrderRow {
            status: Some(status),
            ..order.clone()
        };
        assert!(!is_expired(&paid, after));
    }
    let loading = OrderRow {
        status: None,
        ..order.clone()
    };
    assert!(
        !is_expired(&loading, after),
        "not hidden before the status is known"
    );
    assert!(may_be_expired(&loading, after));
    assert!(!may_be_expired(&loading, before));
    assert!(!may_be_expired(&order, after));
    let no_date = OrderRow {
        expiration: None,
        ..order
    };
    assert!(!is_expired(&no_date, after));
}

// ---------------------------------------------------------------------------------------------
// Withdrawal

#[test]
fn the_withdrawal_closes_at_the_retraction_date_to_the_second() {
    let mut order = row(1, Some(OrderStatus::Delivered));
    order.retraction = at("2026-12-04T10:15:00+01:00");
    let one_second_before = utc("2026-12-04T09:14:59Z");
    let deadline = withdrawal(&order, order.status.as_ref(), one_second_before).unwrap();
    assert_eq!(deadline.until, order.retraction.unwrap());
    assert_eq!(deadline.remaining, Duration::seconds(1));
    let ended = Err(WithdrawalRefusal::Ended {
        ended: order.retraction.unwrap(),
    });
    assert_eq!(
        withdrawal(&order, order.status.as_ref(), utc("2026-12-04T09:15:00Z")),
        ended
    );
    assert_eq!(
        withdrawal(&order, order.status.as_ref(), utc("2026-12-04T09:15:01Z")),
        ended
    );
}

#[test]
fn offsets_are_instants_across_daylight_saving_time() {
    let mut order = row(1, Some(OrderStatus::Delivered));
    // Spring: Paris goes from +01:00 to +02:00 at 01:00 UTC on 29 March 2026.
    order.retraction = at("2026-03-29T03:00:00+02:00");
    assert!(withdrawal(&order, None, utc("2026-03-29T00:59:59Z")).is_ok());
    assert!(withdrawal(&order, None, utc("2026-03-29T01:00:00Z")).is_err());
    // The same instant written in winter time.
    order.retraction = at("2026-03-29T02:00:00+01:00");
    assert!(withdrawal(&order, None, utc("2026-03-29T00:59:59Z")).is_ok());
    assert!(withdrawal(&order, None, utc("2026-03-29T01:00:00Z")).is_err());

    // Autumn: 02:30 happens twice on 25 October 2026, an hour apart.
    let now = utc("2026-10-25T01:00:00Z");
    order.retraction = at("2026-10-25T02:30:00+02:00"); // 00:30 UTC
    assert!(withdrawal(&order, None, now).is_err());
    order.retraction = at("2026-10-25T02:30:00+01:00"); // 01:30 UTC
    let deadline = withdrawal(&order, None, now).unwrap();
    assert_eq!(deadline.remaining, Duration::minutes(30));
    assert_eq!(deadline.until.to_rfc3339(), "2026-10-25T02:30:00+01:00");

    // A 14-day window opened in summer time and closing in winter time is 14 days + 1 hour of
    // wall clock, but exactly what the API wrote.
    let placed = at("2026-10-20T10:00:00+02:00").unwrap();
    order.retraction = at("2026-11-03T10:00:00+01:00");
    let open = withdrawal(&order, None, placed.with_timezone(&Utc)).unwrap();
    assert_eq!(open.remaining, Duration::days(14) + Duration::hours(1));
}

#[test]
fn the_withdrawal_is_refused_for_the_right_reason() {
    let now = utc("2026-11-23T09:00:00Z");
    let mut order = row(1, None);
    order.retraction = at("2026-12-01T10:00:00+01:00");
    assert!(
        withdrawal(&order, None, now).is_ok(),
        "an unknown status: the date decides"
    );
    for s in [OrderStatus::Cancelling, OrderStatus::Cancelled] {
        assert_eq!(
            withdrawal(&order, Some(&s), now),
            Err(WithdrawalRefusal::AlreadyCancelled)
        );
    }
    assert_eq!(
        withdrawal(&order, Some(&OrderStatus::NotPaid), now),
        Err(WithdrawalRefusal::NotPaid)
    );
    for s in [
        OrderStatus::Checking,
        OrderStatus::Delivering,
        OrderStatus::Delivered,
        OrderStatus::DocumentsRequested,
        OrderStatus::Unknown_,
        OrderStatus::Unknown("x".into()),
    ] {
        assert!(withdrawal(&order, Some(&s), now).is_ok(), "{s:?}");
    }
    order.retraction = None;
    assert_eq!(
        withdrawal(&order, Some(&OrderStatus::Delivered), now),
        Err(WithdrawalRefusal::NotOffered)
    );
}

// ---------------------------------------------------------------------------------------------
// Totals

#[test]
fn lines_are_summed_exactly_and_checked_against_the_api_total() {
    let details = fixture_details(); // 59.88 + 100 × 0.07 + 3.00 (cancelled)
    let order = with_total(row(1, Some(OrderStatus::Delivered)), 6988);
    let check = check_totals(&order, &rows(&details)).unwrap();
    assert_eq!(check.computed, Money::new(6988, "EUR"));
    assert_eq!(check.cancelled, Money::new(300, "EUR"));
    assert!(!check.mismatch, "the cancelled line is out of the total");

    let order = with_total(order, 6688);
    let check = check_totals(&order, &rows(&details)).unwrap();
    assert!(!check.mismatch, "the total without the cancelled line");

    let order = with_total(order, 6689);
    let check = check_totals(&order, &rows(&details)).unwrap();
    assert!(check.mismatch);
    assert_eq!(check.api, Money::new(6689, "EUR"));

    let mut order = with_total(order, 6988);
    order.tax = Some(Money::new(1398, "EUR"));
    order.price_with_tax = Some(Money::new(8386, "EUR"));
    let t = totals(&order, &rows(&details));
    assert_eq!(t.tax, Some(Money::new(1398, "EUR")), "tax from the API");
    assert_eq!(t.with_tax, Some(Money::new(8386, "EUR")));
    assert!(!t.check.unwrap().mismatch);
}

#[test]
fn quantities_are_decimal_text_and_amounts_never_floats() {
    assert_eq!(parse_quantity("100"), Some((100, 0)));
    assert_eq!(parse_quantity(" 2.5 "), Some((25, 1)));
    assert_eq!(parse_quantity("-1"), Some((-1, 0)));
    assert_eq!(parse_quantity("1e3"), None);
    assert_eq!(parse_quantity(""), None);
    assert_eq!(parse_quantity("1,5"), None);

    // 2.5 × 3.99 = 9.975 → 9.98 (half away from zero), once per line.
    let line = detail(1, "2.5", &eur("3.99"), false);
    assert_eq!(line.amount, Some(Money::new(998, "EUR")));
    // 0.1 × 3 as floats is 0.30000000000000004.
    let line = detail(2, "3", &eur("0.1"), false);
    assert_eq!(line.amount, Some(Money::new(30, "EUR")));
    // A sub-cent unit price (priceInUcents): 1,500 × 0.0007 € = 1.05 €.
    let unit = r#"{"currencyCode":"EUR","value":0.0007,"priceInUcents":70000}"#;
    assert_eq!(
        detail(3, "1500", unit, false).amount,
        Some(Money::new(105, "EUR"))
    );
    // A discount line.
    assert_eq!(
        detail(4, "1", &eur("-5.5"), false).amount,
        Some(Money::new(-550, "EUR"))
    );
    // A quantity that is not a number: the API's line total.
    let odd: OrderDetail = serde_json::from_str(&format!(
        r#"{{"orderDetailId":5,"quantity":"1 mois","unitPrice":{},"totalPrice":{}}}"#,
        eur("9"),
        eur("9.99")
    ))
    .unwrap();
    assert_eq!(DetailRow::from(&odd).amount, Some(Money::new(999, "EUR")));
}

#[test]
fn totals_that_cannot_be_computed_are_none() {
    let order = with_total(row(1, None), 100);
    assert_eq!(check_totals(&order, &[]), None);
    let usd = detail(1, "1", r#"{"currencyCode":"USD","value":1}"#, false);
    assert_eq!(check_totals(&order, &[usd]), None);
    let no_price: OrderDetail =
        serde_json::from_str(r#"{"orderDetailId":1,"quantity":"1"}"#).unwrap();
    assert_eq!(check_totals(&order, &rows(&[no_price])), None);
    let mut no_total = order;
    no_total.price_without_tax = None;
    assert_eq!(
        check_totals(&no_total, &[detail(1, "1", &eur("1"), false)]),
        None
    );
}

// ---------------------------------------------------------------------------------------------
// Tracking

#[test]
fn tracking_steps_come_in_order_with_missing_ones_to_do() {
    let follow_up: Vec<FollowUp> =
        serde_json::from_str(include_str!("fixtures/orders/follow_up.json")).unwrap();
    let steps = tracking_steps(&steps_of(&follow_up));
    let names: Vec<&str> = steps.iter().map(|s| s.step.as_wire()).collect();
    assert_eq!(
        names,
        [
            "VALIDATING",
            "VALIDATED",
            "DELIVERING",
            "AVAILABLE",
            "REFUNDING"
        ]
    );
    let statuses: Vec<&str> = steps.iter().map(|s| s.status.as_wire()).collect();
    assert_eq!(statuses, ["DONE", "DONE", "DOING", "TODO", "SKIPPED"]);
    assert!(steps[3].history.is_empty());
    let labels: Vec<&FollowUpLabel> = steps[0].history.iter().map(|h| &h.label).collect();
    assert_eq!(
        labels,
        [
            &FollowUpLabel::OrderStarted,
            &FollowUpLabel::PaymentInitiated,
            &FollowUpLabel::PaymentReceived
        ],
        "oldest first"
    );
    assert_eq!(steps[0].history[1].description, None, "blank description");
    assert!(steps[1].history[1].date.is_none());
    assert_eq!(current_step(&steps), Some(2));

    let timeline = tracking_history(&steps);
    assert_eq!(timeline.len(), 6);
    assert_eq!(timeline[0].1.label, FollowUpLabel::Delivery);
    assert_eq!(timeline[4].1.label, FollowUpLabel::OrderStarted);
    assert!(timeline[5].1.date.is_none(), "undated last");

    let empty = tracking_steps(&[]);
    assert_eq!(
        empty.iter().map(|s| s.step.clone()).collect::<Vec<_>>(),
        STEPS.to_vec()
    );
    assert!(empty.iter().all(|s| s.status == FollowUpStatus::Todo));
    assert_eq!(current_step(&empty), None);
}

#[test]
fn a_step_sent_twice_keeps_its_first_status_and_both_histories() {
    let follow_up: Vec<FollowUp> = serde_json::from_str(
        r#"[
        {"step":"AVAILABLE","status":"DONE","history":[{"date":"2026-11-02T10:00:00Z","label":"INVOICE_SENT"}]},
        {"step":"AVAILABLE","status":"ERROR","history":[{"date":"2026-11-01T10:00:00Z","label":"DELIVERY"}]},
        {"step":"VALIDATING","status":"ERROR","history":[]}
    ]"#,
    )
    .unwrap();
    let steps = tracking_steps(&steps_of(&follow_up));
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[3].status, FollowUpStatus::Done);
    assert_eq!(steps[3].history[0].label, FollowUpLabel::Delivery);
    assert_eq!(current_step(&steps), Some(0), "the error comes first");
}

// ---------------------------------------------------------------------------------------------
// The list's query

fn now() -> DateTime<Utc> {
    utc("2026-11-23T09:00:00Z")
}

/// Six orders: numbers, dates, statuses and amounts chosen to tell each rule apart.
fn sample() -> Vec<OrderRow> {
    let make = |id: u64, date: &str, status: Option<OrderStatus>, cents: Option<i64>| {
        let mut r = row(id, status);
        r.date = at(date);
        r.expiration = r.date.map(|d| d + Duration::days(15));
        r.price_with_tax = cents.map(|c| Money::new(c, "EUR"));
        r
    };
    vec![
        make(
            215000102,
            "2026-09-28T18:07:00+02:00",
            Some(OrderStatus::NotPaid),
            Some(3455),
        ), // expired
        make(
            215001517,
            "2026-11-01T00:30:00+01:00",
            Some(OrderStatus::Delivered),
            Some(10962),
        ),
        make(
            215010957,
            "2026-11-17T07:13:00+01:00",
            Some(OrderStatus::Delivering),
            Some(3838),
        ),
        make(215011478, "2026-11-20T08:06:00+01:00", None, Some(2984)),
        make(
            215012334,
            "2026-11-23T07:41:00+01:00",
            Some(OrderStatus::NotPaid),
            Some(79434),
        ),
        make(
            215012335,
            "2026-11-23T07:41:00+01:00",
            Some(OrderStatus::Unknown("toFinalize".into())),
            None,
        ),
    ]
}

fn ids(rows: &[OrderRow], query: &OrderQuery) -> Vec<u64> {
    list_view(rows, query, now())
        .rows
        .iter()
        .map(|i| rows[*i].id)
        .collect()
}

fn q(f: impl FnOnce(&mut OrderQuery)) -> OrderQuery {
    let mut query = OrderQuery::default();
    f(&mut query);
    query
}

#[test]
fn by_default_newest_first_and_expired_unpaid_orders_hidden() {
    let rows = sample();
    let view = list_view(&rows, &OrderQuery::default(), now());
    assert_eq!(
        view.rows.iter().map(|i| rows[*i].id).collect::<Vec<_>>(),
        vec![215012335, 215012334, 215011478, 215010957, 215001517],
        "same date: the higher number first"
    );
    assert_eq!(view.hidden_expired, 1);
    assert_eq!(view.status_pending, 1);
    assert_eq!(view.status_counts.get("notPaid"), Some(&1));
    assert_eq!(view.status_counts.get("toFinalize"), Some(&1));
    let all = q(|q| q.show_expired = true);
    let view = list_view(&rows, &all, now());
    assert_eq!(view.matching, 6);
    assert_eq!(view.hidden_expired, 0);
    assert_eq!(view.status_counts.get("notPaid"), Some(&2));
}

#[test]
fn search_status_and_dates_narrow_the_list() {
    let rows = sample();
    assert_eq!(
        ids(&rows, &q(|q| q.search = "  #2150 1  ".into())),
        vec![215012335, 215012334, 215011478, 215010957]
    );
    assert_eq!(
        ids(&rows, &q(|q| q.search = "12334".into())),
        vec![215012334]
    );
    assert_eq!(
        ids(&rows, &q(|q| q.search = "abc".into())),
        Vec::<u64>::new()
    );
    let statuses = |keys: &[&str]| {
        keys.iter()
            .map(|k| k.to_string())
            .collect::<billing_console::domain::key_set::KeySet>()
    };
    assert_eq!(
        ids(
            &rows,
            &q(|q| q.statuses = statuses(&["notPaid", "delivering"]))
        ),
        vec![215012334, 215010957]
    );
    let view = list_view(&rows, &q(|q| q.statuses = statuses(&["notPaid"])), now());
    assert_eq!(view.hidden_expired, 1, "the expired one is only hidden");
    assert_eq!(
        view.status_counts.get("delivering"),
        Some(&1),
        "counts ignore the status filter itself"
    );
    assert_eq!(
        ids(&rows, &q(|q| q.statuses = statuses(&["toFinalize"]))),
        vec![215012335]
    );
    // Days as the API wrote them, both ends included.
    assert_eq!(
        ids(
            &rows,
            &q(|q| {
                q.from = Some(day(2026, 11, 1));
                q.to = Some(day(2026, 11, 20));
            })
        ),
        vec![215011478, 215010957, 215001517]
    );
    assert_eq!(
        ids(
            &rows,
            &q(|q| {
                q.from = Some(day(2026, 11, 20));
                q.to = Some(day(2026, 11, 1));
            })
        ),
        vec![215011478, 215010957, 215001517],
        "a reversed range"
    );
    assert_eq!(
        ids(&rows, &q(|q| q.from = Some(day(2026, 11, 23)))),
        vec![215012335, 215012334]
    );
}

#[test]
fn every_column_sorts_both_ways_with_missing_values_last() {
    let rows = sample();
    let sorted = |sort, descending| {
        ids(
            &rows,
            &q(|q| {
                q.sort = sort;
                q.descending = descending;
                q.show_expired = true;
            }),
        )
    };
    assert_eq!(
        sorted(OrderSort::Number, false),
        vec![215000102, 215001517, 215010957, 215011478, 215012334, 215012335]
    );
    assert_eq!(
        sorted(OrderSort::Amount, true),
        vec![215012334, 215001517, 215010957, 215000102, 215011478, 215012335]
    );
    assert_eq!(
        sorted(OrderSort::Amount, false),
        vec![215011478, 215000102, 215010957, 215001517, 215012334, 215012335]
    );
    assert_eq!(
        sorted(OrderSort::Status, false),
        vec![215012334, 215000102, 215010957, 215001517, 215012335, 215011478],
        "life order, ties by number desc, unknown values then not loaded last"
    );
    assert_eq!(
        sorted(OrderSort::Date, false),
        vec![215000102, 215001517, 215010957, 215011478, 215012335, 215012334]
    );
}

#[test]
fn amounts_sort_within_their_currency_never_yen_against_euro_cents() {
    let priced = |id: u64, price: &str| {
        let order: Order = serde_json::from_str(&format!(
            r#"{{"orderId":{id},"date":"2026-11-20T10:00:00+01:00","priceWithTax":{price}}}"#
        ))
        .unwrap();
        OrderRow::from(&order)
    };
    let rows = vec![
        // 1,000 yen is 1000 minor units, 15.00 euros 1500: compared raw, the yen would come first.
        priced(
            1,
            r#"{"currencyCode":"JPY","value":1000,"priceInUcents":100000000000}"#,
        ),
        priced(
            2,
            r#"{"currencyCode":"EUR","value":15,"priceInUcents":1500000000}"#,
        ),
        priced(
            3,
            r#"{"currencyCode":"EUR","value":2,"priceInUcents":200000000}"#,
        ),
        priced(
            4,
            r#"{"currencyCode":"JPY","value":50,"priceInUcents":5000000000}"#,
        ),
    ];
    let sorted = |descending| {
        ids(
            &rows,
            &q(|q| {
                q.sort = OrderSort::Amount;
                q.descending = descending;
                q.show_expired = true;
            }),
        )
    };
    assert_eq!(
        sorted(false),
        vec![3, 2, 4, 1],
        "euros, then yen, each by amount"
    );
    assert_eq!(sorted(true), vec![1, 4, 2, 3]);
}

#[test]
fn pages_are_clamped() {
    let rows = sample();
    let view = list_view(
        &rows,
        &q(|q| {
            q.page_size = 10;
            q.page = 9;
        }),
        now(),
    );
    assert_eq!((view.page, view.page_count, view.first_index), (1, 1, 0));
    let none = list_view(&[], &OrderQuery::default(), now());
    assert_eq!((none.page, none.page_count, none.matching), (1, 1, 0));
}

#[test]
fn the_query_lives_in_the_url() {
    assert!(OrderQuery::default().to_params().is_empty());
    let query = OrderQuery {
        search: "2150".into(),
        statuses: ["notPaid".to_string(), "toFinalize".to_string()]
            .into_iter()
            .collect(),
        from: Some(day(2026, 11, 1)),
        to: Some(day(2026, 11, 30)),
        show_expired: true,
        sort: OrderSort::Amount,
        descending: false,
        page: 3,
        page_size: 50,
    };
    let params = query.to_params();
    assert_eq!(
        params,
        vec![
            ("q", "2150".to_string()),
            ("status", "notPaid,toFinalize".to_string()),
            ("from", "2026-11-01".to_string()),
            ("to", "2026-11-30".to_string()),
            ("expired", "1".to_string()),
            ("sort", "amount".to_string()),
            ("dir", "asc".to_string()),
            ("page", "3".to_string()),
            ("size", "50".to_string()),
        ]
    );
    let get = |key: &str| {
        params
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(OrderQuery::from_params(get), query);

    let junk = |key: &str| {
        Some(
            match key {
                "from" => "01/11/2026",
                "to" => "2026-02-30",
                "sort" => "price",
                "page" => "0",
                "size" => "7",
                "expired" => "yes",
                "status" => ",,",
                _ => "",
            }
            .to_string(),
        )
    };
    let read = OrderQuery::from_params(junk);
    assert_eq!(read, OrderQuery::default());
}

fn arb_row() -> impl Strategy<Value = OrderRow> {
    let statuses = prop_oneof![
        Just(None),
        proptest::sample::select(OrderStatus::KNOWN.to_vec()).prop_map(Some),
        Just(Some(OrderStatus::Unknown("toFinalize".into()))),
    ];
    (
        215_000_000u64..215_000_060,
        proptest::option::of(-60i64..10),
        statuses,
        proptest::option::of(0i64..5000),
        proptest::option::of(-20i64..20),
    )
        .prop_map(|(id, days, status, cents, expires)| {
            let base = DateTime::parse_from_rfc3339("2026-11-23T10:00:00+01:00").unwrap();
            let mut r = row(id, status);
            r.date = days.map(|d| base + Duration::days(d) + Duration::minutes(d * 7));
            r.expiration = expires.map(|d| base + Duration::days(d));
            r.price_with_tax = cents.map(|c| Money::new(c, "EUR"));
            r
        })
}

fn arb_query() -> impl Strategy<Value = OrderQuery> {
    (
        "[0-9 #]{0,3}",
        proptest::sample::subsequence(
            vec![
                "notPaid",
                "delivered",
                "checking",
                "toFinalize",
                "cancelled",
            ],
            0..=3,
        ),
        proptest::option::of(-60i64..10),
        proptest::option::of(-60i64..10),
        proptest::bool::ANY,
        proptest::sample::select(OrderSort::ALL.to_vec()),
        proptest::bool::ANY,
        1usize..5,
        proptest::sample::select(PAGE_SIZES.to_vec()),
    )
        .prop_map(
            |(search, statuses, from, to, show_expired, sort, descending, page, page_size)| {
                let base = day(2026, 11, 23);
                OrderQuery {
                    search,
                    statuses: statuses.into_iter().map(str::to_string).collect(),
                    from: from.map(|d| base + Duration::days(d)),
                    to: to.map(|d| base + Duration::days(d)),
                    show_expired,
                    sort,
                    descending,
                    page,
                    page_size,
                }
            },
        )
}

proptest! {
    #[test]
    fn the_url_round_trips(query in arb_query()) {
        let params = query.to_params();
        let get = |key: &str| params.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
        prop_assert_eq!(OrderQuery::from_params(get), query);
    }

    #[test]
    fn pages_show_exactly_the_matching_orders_in_order(
        mut rows in proptest::collection::vec(arb_row(), 0..40),
        query in arb_query(),
    ) {
        rows.sort_by_key(|r| r.id);
        rows.dedup_by_key(|r| r.id);
        let mut all = Vec::new();
        let mut page = 1;
        loop {
            let view = list_view(&rows, &OrderQuery { page, ..query.clone() }, now());
            prop_assert!(view.rows.len() <= query.page_size);
            all.extend(view.rows.iter().copied());
            if page >= view.page_count {
                prop_assert_eq!(all.len(), view.matching);
                break;
            }
            page += 1;
        }
        let expected: BTreeSet<usize> =
            (0..rows.len()).filter(|i| matches(&rows[*i], &query, now())).collect();
        prop_assert_eq!(all.iter().copied().collect::<BTreeSet<_>>(), expected);
        prop_assert_eq!(all.len(), all.iter().collect::<BTreeSet<_>>().len(), "no duplicates");
        for pair in all.windows(2) {
            prop_assert_ne!(
                compare(&rows[pair[0]], &rows[pair[1]], query.sort, query.descending),
                std::cmp::Ordering::Greater
            );
        }
        if !query.show_expired {
            prop_assert!(all.iter().all(|i| !is_expired(&rows[*i], now())));
        }
    }
}

#[test]
fn statuses_load_for_the_orders_on_screen_first_then_those_that_may_be_expired() {
    use billing_console::domain::orders::status_load_order;
    let now: DateTime<Utc> = "2026-11-24T12:00:00Z".parse().unwrap();
    let mut past = row(3, None);
    past.expiration = at("2020-01-01T00:00:00+01:00");
    let mut paid_past = row(4, Some(OrderStatus::Delivered));
    paid_past.expiration = at("2020-01-01T00:00:00+01:00");
    let rows = vec![row(1, None), row(2, None), past, paid_past, row(5, None)];
    // On screen 5 and 2; then 3 (unknown status, past its expiry); then the others, once each.
    assert_eq!(status_load_order(&rows, &[5, 2], now), vec![5, 2, 3, 1, 4]);
    assert_eq!(status_load_order(&rows, &[], now), vec![3, 1, 2, 4, 5]);
    assert!(status_load_order(&[], &[], now).is_empty());
}
