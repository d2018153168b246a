//! Money-safe mutations over a scripted transport: only what the customer chose is sent, a state
//! changed meanwhile stops the change, and a lost answer is re-read before anything else, so a
//! retry is offered only when nothing was applied.

mod support;
use support::FakeTransport;

use billing_console::api::models::Service;
use billing_console::api::renewal::AccountAutorenew;
use billing_console::api::{Answer, ApiClient, ApiError, ApiErrorKind, Found, Recheck};
use billing_console::domain::outcome::{Changed, Outcome, RenewView};
use billing_console::domain::renewal::RenewalChoice;
use billing_console::domain::services::ServiceRow;
use futures::executor::block_on;

/// A domain as `GET /services/{id}` sends it (id 1000002, `patisserie-lefevre.fr`, automatic,
/// expiring 2026-12-31), and as the table shows it.
const DOMAIN: &str = include_str!("fixtures/service_domain.json");

fn row_of(json: &str) -> ServiceRow {
    ServiceRow::from(&serde_json::from_str::<Service>(json).unwrap())
}

fn infos(automatic: bool, delete: bool, period: Option<u32>) -> String {
    serde_json::json!({
        "renew": {
            "automatic": automatic, "deleteAtExpiration": delete, "forced": true,
            "manualPayment": !automatic, "period": period
        },
        "possibleRenewPeriod": [1, 12],
        "status": "ok"
    })
    .to_string()
}

fn seen(automatic: bool, period: Option<u32>) -> RenewView {
    RenewView {
        automatic: Some(automatic),
        period_months: period,
        termination_requested: false,
    }
}

/// The renewal of [`DOMAIN`] ordered with `fake`'s answers (its POST's answer lost): unknown, no
/// retry offered, one POST, every scripted read made.
fn a_lost_renewal_stays_unknown(fake: &FakeTransport) {
    let client = ApiClient::with_transport("", fake);
    let seen = row_of(DOMAIN);
    let settled = block_on(client.renew_order(seen.id, &[seen], "P1Y", 1_796_400_000));
    assert!(
        matches!(settled.outcome, Outcome::Unknown { .. }),
        "{:?}",
        settled.outcome
    );
    assert!(!settled.outcome.may_retry(), "no second order offered");
    assert_eq!(sent_bodies(fake).len(), 1);
    assert!(fake.script.borrow().is_empty(), "every read was made");
}

/// The renewal of [`DOMAIN`] ordered with `fake`'s answers (its POST's answer lost): found as
/// order `order_id`, every scripted read made.
fn a_lost_renewal_is_found(fake: &FakeTransport, order_id: u64) {
    let client = ApiClient::with_transport("", fake);
    let seen = row_of(DOMAIN);
    match block_on(client.renew_order(seen.id, &[seen], "P1Y", 1_796_400_000)).outcome {
        Outcome::Applied {
            value: Found::Renewal(found),
            recovered: true,
        } => assert_eq!(found.order_id, Some(order_id)),
        other => panic!("{other:?}"),
    }
    assert!(fake.script.borrow().is_empty(), "every read was made");
}

fn sent_bodies(fake: &FakeTransport) -> Vec<(String, serde_json::Value)> {
    fake.requests
        .borrow()
        .iter()
        .filter(|(what, _)| what.starts_with("Put ") || what.starts_with("Post "))
        .map(|(what, body)| (what.clone(), serde_json::from_str(&body[0].1).unwrap()))
        .collect()
}

const ROUTE: &str = "/domain/example.com";

#[test]
fn a_termination_requested_elsewhere_stops_the_renewal_change_and_nothing_is_sent() {
    // The table showed no termination; the API has one now (another tab, another console).
    let fake = FakeTransport::default().ok(&infos(true, true, Some(12)));
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.configure_renewal(
        1,
        Some(ROUTE),
        seen(true, Some(12)),
        RenewalChoice::Automatic { months: 1 },
    ));
    assert_eq!(
        settled.outcome,
        Outcome::Changed(Changed::TerminationRequested)
    );
    assert!(
        sent_bodies(&fake).is_empty(),
        "no PUT may undo the termination"
    );
}

#[test]
fn the_renewal_change_sends_the_fresh_block_with_only_the_chosen_fields() {
    let fake = FakeTransport::default()
        .ok(&infos(true, false, Some(12)))
        .ok("null");
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.configure_renewal(
        1,
        Some(ROUTE),
        seen(true, Some(12)),
        RenewalChoice::Automatic { months: 1 },
    ));
    assert!(settled.outcome.is_applied());
    assert_eq!(
        sent_bodies(&fake),
        vec![(
            format!("Put {ROUTE}/serviceInfos"),
            serde_json::json!({"renew": {
                "automatic": true, "deleteAtExpiration": false, "forced": true,
                "manualPayment": false, "period": 1
            }})
        )]
    );
    // Read fresh, bypassing the caches.
    assert_eq!(fake.header(0, "Pragma").as_deref(), Some("no-cache"));
}

#[test]
fn a_renewal_already_as_asked_is_not_sent_again() {
    let fake = FakeTransport::default().ok(&infos(false, false, None));
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.configure_renewal(
        1,
        Some(ROUTE),
        seen(true, Some(12)),
        RenewalChoice::Manual,
    ));
    // Switched to manual elsewhere: the customer saw automatic, so it is a change, not done.
    assert_eq!(settled.outcome, Outcome::Changed(Changed::RenewalChanged));
    let fake = FakeTransport::default().ok(&infos(false, false, None));
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.configure_renewal(
        1,
        Some(ROUTE),
        seen(false, None),
        RenewalChoice::Manual,
    ));
    assert_eq!(settled.outcome, Outcome::Changed(Changed::AlreadyDone));
    assert!(sent_bodies(&fake).is_empty());
}

#[test]
fn a_lost_answer_that_was_applied_is_shown_done_and_never_sent_twice() {
    let fake = FakeTransport::default()
        .ok(&infos(true, false, Some(12)))
        .fail(502, "")
        .ok(&infos(false, false, None));
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.configure_renewal(
        1,
        Some(ROUTE),
        seen(true, Some(12)),
        RenewalChoice::Manual,
    ));
    assert_eq!(
        settled.outcome,
        Outcome::Applied {
            value: Found::Done,
            recovered: true
        }
    );
    assert_eq!(sent_bodies(&fake).len(), 1);
}

#[test]
fn a_lost_answer_proven_not_applied_may_be_retried() {
    let network = || Err(ApiError::network("connection reset"));
    let fake = FakeTransport::default()
        .ok(&infos(true, false, Some(12)))
        .then(network())
        .ok(&infos(true, false, Some(12)))
        .ok(&infos(true, false, Some(12)));
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.configure_renewal(
        1,
        Some(ROUTE),
        seen(true, Some(12)),
        RenewalChoice::Manual,
    ));
    match &settled.outcome {
        Outcome::NotApplied { error, proven } => {
            assert!(proven, "two re-reads a moment apart show nothing changed");
            assert_eq!(error.kind, ApiErrorKind::Network);
        }
        other => panic!("{other:?}"),
    }
    assert!(settled.outcome.may_retry());
    assert_eq!(
        *fake.sleeps.borrow(),
        vec![1_500],
        "the second re-read waits"
    );
    assert_eq!(sent_bodies(&fake).len(), 1);
}

#[test]
fn a_lost_answer_that_cannot_be_checked_is_unknown_and_checked_again_never_resent() {
    let timeout = || Err(ApiError::timeout());
    let down = || Err(ApiError::from_response(404, "", None, None));
    let fake = FakeTransport::default()
        .ok(&infos(true, false, Some(12)))
        .then(timeout())
        .then(down())
        .then(down());
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.configure_renewal(
        1,
        Some(ROUTE),
        seen(true, Some(12)),
        RenewalChoice::Manual,
    ));
    assert!(matches!(settled.outcome, Outcome::Unknown { .. }));
    assert!(!settled.outcome.may_retry());
    let recheck = settled.recheck.clone().expect("what to re-read");
    assert!(matches!(recheck, Recheck::Renewal { .. }));

    // "Check again" reads, never sends.
    let fake = FakeTransport::default().ok(&infos(false, false, None));
    let client = ApiClient::with_transport("", &fake);
    let again = block_on(client.check_again(recheck, ApiError::timeout()));
    assert!(again.outcome.is_applied());
    assert!(sent_bodies(&fake).is_empty());
}

#[test]
fn a_renew_order_answered_with_garbage_is_found_among_the_new_orders() {
    let order = serde_json::json!({
        "orderId": 4242, "date": "2026-12-04T16:00:00+01:00", "url": "https://pay.example/4242?pw=s3cret",
        "priceWithTax": {"currencyCode": "EUR", "value": 12.0, "text": "12.00 €"}
    });
    let fake = FakeTransport::default()
        // The service read again before ordering: as the customer saw it.
        .ok(DOMAIN)
        // The POST was applied, then its answer came back unreadable (a 200, cut off).
        .then(Ok(Answer {
            body: r#"{"orderId": 42"#.into(),
            total: None,
        }))
        .page(&format!("[{order}]"), 1)
        .ok("[7]")
        .ok(r#"{"orderDetailId": 7, "domain": "patisserie-lefevre.fr", "detailType": "RENEW", "quantity": "1"}"#);
    let client = ApiClient::with_transport("", &fake);
    let seen = row_of(DOMAIN);
    let settled = block_on(client.renew_order(seen.id, &[seen], "P1Y", 1_796_400_000));
    match settled.outcome {
        Outcome::Applied {
            value: Found::Renewal(order),
            recovered: true,
        } => {
            assert_eq!(order.order_id, Some(4242));
            assert!(
                !format!("{order:?}").contains("s3cret"),
                "Debug never prints the secret"
            );
        }
        other => panic!("{other:?}"),
    }
    let posts: Vec<_> = sent_bodies(&fake);
    assert_eq!(posts.len(), 1, "exactly one order request");
    assert_eq!(
        posts[0].1,
        serde_json::json!({"duration": "P1Y", "services": [1000002], "dryRun": false})
    );
    // Orders since the click (with slack for clock drift), newest first, no cache.
    let urls = fake.urls();
    assert_eq!(urls[0], "/services/1000002");
    assert_eq!(urls[2], "/me/order?date.from=2026-12-04T15%3A58%3A00Z");
    assert_eq!(fake.header(2, "Pragma").as_deref(), Some("no-cache"));
}

#[test]
fn a_new_order_with_a_line_not_read_keeps_a_lost_renewal_unknown() {
    let order = serde_json::json!({
        "orderId": 4243, "date": "2026-12-04T16:00:00+01:00", "url": "https://pay.example/4243",
        "priceWithTax": {"currencyCode": "EUR", "value": 12.0, "text": "12.00 €"}
    });
    let other_line = r#"{"orderDetailId": 7, "domain": "another.example", "detailType": "RENEW", "quantity": "1"}"#;
    let fake = FakeTransport::default()
        .ok(DOMAIN)
        .fail(503, "")
        // A new order: one line is someone else's, the other cannot be read (it may be ours).
        .page(&format!("[{order}]"), 1)
        .ok("[7, 8]")
        .ok(other_line)
        .fail(403, "")
        // Read twice, the same.
        .page(&format!("[{order}]"), 1)
        .ok("[7, 8]")
        .ok(other_line)
        .fail(403, "");
    a_lost_renewal_stays_unknown(&fake);

    // Same, but a later order is ours: found, although an earlier one has a line not read.
    let ours = serde_json::json!({
        "orderId": 4244, "date": "2026-12-04T16:01:00+01:00", "url": "https://pay.example/4244",
        "priceWithTax": {"currencyCode": "EUR", "value": 12.0, "text": "12.00 €"}
    });
    let our_line = r#"{"orderDetailId": 9, "domain": "patisserie-lefevre.fr", "detailType": "RENEW", "quantity": "1"}"#;
    let fake = FakeTransport::default()
        .ok(DOMAIN)
        .fail(503, "")
        .page(&format!("[{order}, {ours}]"), 2)
        .ok("[7, 8]")
        .ok(other_line)
        .fail(403, "")
        .ok("[9]")
        .ok(our_line);
    a_lost_renewal_is_found(&fake, 4244);
}

#[test]
fn an_order_listed_but_not_readable_never_proves_that_nothing_was_made() {
    // The renewal's answer is lost; the account's new orders include one that cannot be read
    // (it may be ours): unknown, never "nothing was made" with a retry.
    let fake = FakeTransport::default()
        .ok(DOMAIN)
        .fail(503, "")
        .page(r#"[{"orderId": "not a number"}]"#, 1)
        .page(r#"[{"orderId": "not a number"}]"#, 1);
    a_lost_renewal_stays_unknown(&fake);
}

#[test]
fn an_order_listed_then_not_found_never_proves_that_nothing_was_made() {
    // The renewal's answer is lost; the account's new orders list one id that answers 404 when
    // read (an order still being made, or an API out of step): it may be ours, so the outcome
    // stays unknown, never "nothing was made" with a retry.
    let fake = FakeTransport::default()
        .ok(DOMAIN)
        .fail(503, "")
        .page("[9]", 1)
        .fail(404, "")
        .page("[9]", 1)
        .fail(404, "");
    a_lost_renewal_stays_unknown(&fake);
}

#[test]
fn a_renew_order_that_left_no_order_may_be_retried() {
    let fake = FakeTransport::default()
        .ok(DOMAIN)
        .fail(503, "")
        .page("[]", 0)
        .page("[]", 0);
    let client = ApiClient::with_transport("", &fake);
    let seen = row_of(DOMAIN);
    let settled = block_on(client.renew_order(seen.id, &[seen], "P1M", 1_000));
    assert!(matches!(
        settled.outcome,
        Outcome::NotApplied { proven: true, .. }
    ));
}

#[test]
fn a_renew_order_is_not_sent_when_the_service_changed_since_it_was_seen() {
    let seen = row_of(DOMAIN);
    let changed = |from: &str, to: &str| {
        assert!(DOMAIN.contains(from), "{from}");
        DOMAIN.replacen(from, to, 1)
    };
    for (now, why) in [
        // A termination requested elsewhere.
        (
            changed(
                r#""pendingActions": []"#,
                r#""pendingActions": ["terminateAtExpirationDate"]"#,
            ),
            Changed::TerminationRequested,
        ),
        // Renewed elsewhere: the expiry moved a year.
        (
            changed(
                r#""expirationDate": "2026-12-31"#,
                r#""expirationDate": "2027-12-31"#,
            ),
            Changed::ExpiryChanged,
        ),
        // Switched to manual renewal elsewhere.
        (
            changed(
                r#""mode": "automatic", "period""#,
                r#""mode": "manual", "period""#,
            ),
            Changed::RenewalChanged,
        ),
    ] {
        let fake = FakeTransport::default().ok(&now);
        let client = ApiClient::with_transport("", &fake);
        let settled = block_on(client.renew_order(seen.id, std::slice::from_ref(&seen), "P1Y", 0));
        assert_eq!(settled.outcome, Outcome::Changed(why));
        assert!(sent_bodies(&fake).is_empty(), "nothing ordered");
    }
    // The re-read fails (gone, or an error after its retries): nothing is sent, and sending
    // again is safe.
    let fake = FakeTransport::default().fail(404, "");
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.renew_order(seen.id, &[seen], "P1Y", 0));
    assert!(settled.outcome.may_retry());
    assert!(sent_bodies(&fake).is_empty());
}

#[test]
fn align_writes_only_the_day_and_never_posts_twice() {
    let off = AccountAutorenew {
        active: false,
        renew_day: 3,
    };
    // Set already (inactive): a PUT with the day, `active` kept as the account has it.
    let fake = FakeTransport::default()
        .ok(r#"{"active": false, "renewDay": 3}"#)
        .ok("null");
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.set_renew_day(Some(off), 12));
    assert!(settled.outcome.is_applied());
    assert_eq!(
        sent_bodies(&fake),
        vec![(
            "Put /me/autorenew".to_string(),
            serde_json::json!({"active": false, "renewDay": 12})
        )]
    );
    // Never set: a POST. A second save, after the first one's POST, reads a set day: a PUT.
    let fake = FakeTransport::default()
        .fail(404, "")
        .ok("null")
        .ok(r#"{"active": true, "renewDay": 5}"#)
        .ok("null");
    let client = ApiClient::with_transport("", &fake);
    assert!(block_on(client.set_renew_day(None, 5)).outcome.is_applied());
    let again = block_on(client.set_renew_day(
        Some(AccountAutorenew {
            active: true,
            renew_day: 5,
        }),
        7,
    ));
    assert!(again.outcome.is_applied());
    let sent = sent_bodies(&fake);
    assert_eq!(sent[0].0, "Post /me/autorenew");
    assert_eq!(sent[1].0, "Put /me/autorenew");
    // Changed meanwhile: nothing sent.
    let fake = FakeTransport::default().ok(r#"{"active": true, "renewDay": 9}"#);
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.set_renew_day(Some(off), 12));
    assert_eq!(settled.outcome, Outcome::Changed(Changed::RenewDayChanged));
    assert!(sent_bodies(&fake).is_empty());
}

#[test]
fn cancelling_a_termination_only_clears_delete_at_expiration() {
    let infos = r#"{"renew":{"automatic":false,"deleteAtExpiration":true,"forced":false,"manualPayment":true,"period":null},"status":"ok"}"#;
    let fake = FakeTransport::default().ok(infos).ok("null");
    let client = ApiClient::with_transport("/api", &fake);
    assert!(
        block_on(client.cancel_termination(7, Some("/domain/example.com")))
            .outcome
            .is_applied()
    );
    let sent = sent_bodies(&fake);
    assert_eq!(sent[0].0, "Put /api/domain/example.com/serviceInfos");
    assert_eq!(
        sent[0].1,
        serde_json::json!({"renew":{"automatic":false,"deleteAtExpiration":false,"forced":false,"manualPayment":true,"period":null}}),
        "a manual service stays manual"
    );
    // Already cancelled elsewhere: nothing sent.
    let fake = FakeTransport::default().ok(&infos.replace(
        "\"deleteAtExpiration\":true",
        "\"deleteAtExpiration\":false",
    ));
    let client = ApiClient::with_transport("/api", &fake);
    assert_eq!(
        block_on(client.cancel_termination(7, Some("/domain/example.com"))).outcome,
        Outcome::Changed(Changed::TerminationCancelled)
    );
    assert!(sent_bodies(&fake).is_empty());
}

#[test]
fn without_writable_legacy_details_a_termination_is_cancelled_through_services() {
    let service = |pending: &str| {
        format!(
            r#"{{"serviceId": 7, "route": {{"path": "/ip/{{ip}}", "url": "/ip/51.91.2.16%2F28", "vars": []}},
                "resource": {{"name": "51.91.2.16/28", "state": "active"}},
                "billing": {{"lifecycle": {{"current": {{"state": "active", "pendingActions": [{pending}]}}}}}}}}"#
        )
    };
    let fake = FakeTransport::default()
        .ok(&service(r#""terminateAtExpirationDate""#))
        .ok("null");
    let client = ApiClient::with_transport("/api", &fake);
    assert!(block_on(client.cancel_termination(7, None))
        .outcome
        .is_applied());
    let sent = sent_bodies(&fake);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].0, "Put /api/services/7");
    assert_eq!(sent[0].1, serde_json::json!({"terminationPolicy": "empty"}));
    assert!(
        !fake.urls().iter().any(|u| u.contains("serviceInfos")),
        "no legacy route is called"
    );
}

#[test]
fn a_termination_goes_on_after_a_lost_answer_to_its_questionnaire() {
    let service = |pending: &str| {
        format!(
            r#"{{"serviceId": 7, "resource": {{"name": "x", "state": "active"}},
                "billing": {{"lifecycle": {{"current": {{"state": "active", "pendingActions": [{pending}]}}}}}}}}"#
        )
    };
    let fake = FakeTransport::default()
        .ok(&service(""))
        .fail(500, "")
        .then(Err(ApiError::timeout()))
        .ok(&service(r#""terminateAtExpirationDate""#));
    let client = ApiClient::with_transport("/api", &fake);
    let answers = [("reason".to_string(), "NOT_NEEDED_ANYMORE".to_string())];
    let settled = block_on(client.terminate_at_expiry(7, &answers));
    assert_eq!(
        settled.outcome,
        Outcome::Applied {
            value: Found::Done,
            recovered: true
        }
    );
    let sent = sent_bodies(&fake);
    assert_eq!(sent.len(), 2, "the answers and the termination, once each");
    assert_eq!(sent[0].0, "Post /api/services/7/form/termination/answer");
    assert_eq!(
        sent[0].1,
        serde_json::json!({"answers":[{"question":"reason","value":"NOT_NEEDED_ANYMORE"}]})
    );
    assert_eq!(
        sent[1].1,
        serde_json::json!({"terminationPolicy":"terminateAtExpirationDate"})
    );
    assert!(
        fake.sleeps.borrow().is_empty(),
        "mutations are never retried"
    );
    // Already requested (elsewhere): nothing sent.
    let fake = FakeTransport::default().ok(&service(r#""terminateAtExpirationDate""#));
    let client = ApiClient::with_transport("/api", &fake);
    assert_eq!(
        block_on(client.terminate_at_expiry(7, &answers)).outcome,
        Outcome::Changed(Changed::TerminationRequested)
    );
    assert!(sent_bodies(&fake).is_empty());
    // A product whose form asks nothing: the policy alone.
    let fake = FakeTransport::default()
        .ok(&service(""))
        .ok("null")
        .ok(&service(r#""terminateAtExpirationDate""#));
    let client = ApiClient::with_transport("/api", &fake);
    assert!(block_on(client.terminate_at_expiry(7, &[]))
        .outcome
        .is_applied());
    let sent = sent_bodies(&fake);
    assert_eq!(sent.len(), 1, "no empty questionnaire is sent");
    assert_eq!(sent[0].0, "Put /api/services/7");
}

#[test]
fn the_termination_form_is_read_from_the_api_nulls_and_unknown_types_included() {
    let form = r#"{"name": "termination", "questions": [
        {"question": "reason", "type": "enum", "mandatory": true, "answers": [{"key": "OTHER"}]},
        {"question": "commentary_reason", "type": "text", "mandatory": false, "answers": null},
        {"question": "migration_target", "type": "enum", "mandatory": false,
         "answers": [{"key": "IN_HOUSE"}, {"key": "ANOTHER_PROVIDER"}]},
        {"question": "budget", "type": "someFutureType", "mandatory": false}
    ]}"#;
    let fake = FakeTransport::default().ok(form);
    let client = ApiClient::with_transport("/api", &fake);
    let questions = block_on(client.termination_form(7)).unwrap();
    use billing_console::domain::termination::AnswerKind;
    assert_eq!(questions.len(), 4);
    assert_eq!(questions[0].kind, AnswerKind::Choice(vec!["OTHER".into()]));
    assert!(questions[0].mandatory);
    assert_eq!(questions[1].kind, AnswerKind::Text);
    assert_eq!(
        questions[2].kind,
        AnswerKind::Choice(vec!["IN_HOUSE".into(), "ANOTHER_PROVIDER".into()])
    );
    assert_eq!(questions[3].kind, AnswerKind::Line);
    // No form for this product: no questions, not an error.
    let fake = FakeTransport::default().fail(
        404,
        r#"{"message": "The requested object (formName = termination) does not exist"}"#,
    );
    let client = ApiClient::with_transport("/api", &fake);
    assert!(block_on(client.termination_form(7)).unwrap().is_empty());
}

#[test]
fn an_outcome_recheck_survives_a_reload_as_json() {
    let recheck = Recheck::RenewOrder {
        since: 12,
        references: vec!["a".into()],
    };
    let text = serde_json::to_string(&recheck).unwrap();
    assert_eq!(serde_json::from_str::<Recheck>(&text).unwrap(), recheck);
}

#[test]
fn a_lost_bill_payment_is_never_taken_for_an_order_made_before_it() {
    let order = |id: u64| {
        serde_json::json!({
            "orderId": id, "date": "2026-12-04T16:00:00+01:00", "url": format!("https://pay.example/{id}"),
            "priceWithTax": {"currencyCode": "EUR", "value": 12.0, "text": "12.00 €"}
        })
    };
    // A renewal order made a minute before the click; the payment's POST gets a 500 and made
    // nothing: the re-reads find only the earlier order, so nothing was made (retry is safe).
    let fake = FakeTransport::default()
        .page(&format!("[{}]", order(77)), 1)
        .fail(500, "")
        .page(&format!("[{}]", order(77)), 1)
        .page(&format!("[{}]", order(77)), 1);
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.pay_debts(1_796_400_000));
    assert!(
        matches!(settled.outcome, Outcome::NotApplied { proven: true, .. }),
        "{:?}",
        settled.outcome
    );
    let posts = sent_bodies(&fake);
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0],
        (
            "Post /me/debtAccount/pay".to_string(),
            serde_json::json!({})
        )
    );
    // Read from a day before the click (a device clock may be off).
    assert_eq!(
        fake.urls()[0],
        "/me/order?date.from=2026-12-03T15%3A58%3A00Z"
    );

    // The POST made an order and its answer was lost: the new one is found, not the earlier.
    let fake = FakeTransport::default()
        .page(&format!("[{}]", order(77)), 1)
        .fail(502, "")
        .page(&format!("[{}, {}]", order(78), order(77)), 2);
    let client = ApiClient::with_transport("", &fake);
    match block_on(client.pay_debts(1_796_400_000)).outcome {
        Outcome::Applied {
            value: Found::Payment(payment),
            recovered: true,
        } => assert_eq!(payment.order_id, Some(78)),
        other => panic!("{other:?}"),
    }

    // The orders cannot be read before sending: nothing is sent.
    let fake = FakeTransport::default().fail(404, "");
    let client = ApiClient::with_transport("", &fake);
    assert!(block_on(client.pay_debts(1_796_400_000))
        .outcome
        .may_retry());
    assert!(sent_bodies(&fake).is_empty());
}

fn order_json(id: u64) -> String {
    serde_json::json!({
        "orderId": id, "date": "2026-12-04T16:00:00+01:00", "url": format!("https://pay.example/{id}"),
        "priceWithTax": {"currencyCode": "EUR", "value": 12.0, "text": "12.00 €"}
    })
    .to_string()
}

#[test]
fn an_order_listed_then_not_found_is_known_by_its_id_around_a_bill_payment() {
    // Before the click the account lists 77 and 9; 9 answers 404. It is known by its id, so the
    // payment is sent (it was refused before). The answer is lost and the re-reads find the
    // same: nothing new, proven not made.
    let fake = FakeTransport::default()
        .page("[77, 9]", 2)
        .ok(&order_json(77))
        .fail(404, "")
        .fail(500, "")
        .page("[77, 9]", 2)
        .ok(&order_json(77))
        .fail(404, "")
        .page("[77, 9]", 2)
        .ok(&order_json(77))
        .fail(404, "");
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.pay_debts(1_796_400_000));
    assert!(
        matches!(settled.outcome, Outcome::NotApplied { proven: true, .. }),
        "{:?}",
        settled.outcome
    );
    assert_eq!(sent_bodies(&fake).len(), 1);
    assert!(fake.script.borrow().is_empty(), "every read was made");

    // The POST made 78 and its answer was lost: found, though 9 is still not found.
    let fake = FakeTransport::default()
        .page("[77, 9]", 2)
        .ok(&order_json(77))
        .fail(404, "")
        .fail(502, "")
        .page("[78, 77, 9]", 3)
        .ok(&order_json(78))
        .ok(&order_json(77))
        .fail(404, "");
    let client = ApiClient::with_transport("", &fake);
    match block_on(client.pay_debts(1_796_400_000)).outcome {
        Outcome::Applied {
            value: Found::Payment(payment),
            recovered: true,
        } => assert_eq!(payment.order_id, Some(78)),
        other => panic!("{other:?}"),
    }

    // After the lost answer a new id is listed but not found: it may be ours. Unknown, no retry.
    let fake = FakeTransport::default()
        .page("[77]", 1)
        .ok(&order_json(77))
        .fail(500, "")
        .page("[79, 77]", 2)
        .fail(404, "")
        .ok(&order_json(77))
        .page("[79, 77]", 2)
        .fail(404, "")
        .ok(&order_json(77));
    let client = ApiClient::with_transport("", &fake);
    let settled = block_on(client.pay_debts(1_796_400_000));
    assert!(
        matches!(settled.outcome, Outcome::Unknown { .. }),
        "{:?}",
        settled.outcome
    );
    assert!(!settled.outcome.may_retry());
    assert_eq!(sent_bodies(&fake).len(), 1);
    assert!(fake.script.borrow().is_empty(), "every read was made");
}

#[test]
fn a_lost_renewal_is_found_though_another_new_order_is_not_found() {
    let our_line = r#"{"orderDetailId": 9, "domain": "patisserie-lefevre.fr", "detailType": "RENEW", "quantity": "1"}"#;
    let fake = FakeTransport::default()
        .ok(DOMAIN)
        .fail(503, "")
        .page("[5, 4244]", 2)
        .fail(404, "")
        .ok(&order_json(4244))
        .ok("[9]")
        .ok(our_line);
    a_lost_renewal_is_found(&fake, 4244);
}
