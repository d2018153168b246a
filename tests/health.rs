//! Account health: whether renewals can be debited, what is owed (exact sums, oldest first) and
//! which services will stop unless the customer acts; the debts read from the API.

mod support;
use support::FakeTransport;

use billing_console::api::models::{Debt, PaymentMethod as WireMethod, Service};
use billing_console::api::{ApiClient, ApiErrorKind};
use billing_console::domain::health::{
    lapsing, owed, payment_health, DebtRow, LapseReason, PaymentHealth, PAYMENT_EXPIRY_WARNING_DAYS,
};
use billing_console::domain::money::Money;
use billing_console::domain::renewal::PaymentMethod;
use billing_console::domain::services::{RenewalStatus, ServiceRow};
use chrono::NaiveDate;
use futures::executor::block_on;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 24);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

/// A payment method as the API sends it, read as the console reads it.
fn method(id: u64, status: &str, default: bool, expires: Option<&str>) -> PaymentMethod {
    let wire: WireMethod = serde_json::from_str(
        &serde_json::json!({
            "paymentMethodId": id,
            "paymentType": "CREDIT_CARD",
            "status": status,
            "default": default,
            "label": format!("4970********{id:04}"),
            "description": "Carte perso",
            "expirationDate": expires,
        })
        .to_string(),
    )
    .unwrap();
    PaymentMethod::from(&wire)
}

#[test]
fn renewals_are_debited_from_the_valid_default_method() {
    let methods = [
        method(1, "VALID", false, None),
        method(2, "VALID", true, Some("2028-03-31T00:00:00+02:00")),
    ];
    match payment_health(&methods, today()) {
        PaymentHealth::Ready {
            method,
            expires,
            expiring_soon,
        } => {
            assert_eq!(method.id, 2);
            assert_eq!(expires, Some(d(2028, 3, 31)));
            assert!(!expiring_soon);
        }
        other => panic!("expected a debitable method, got {other:?}"),
    }
}

#[test]
fn a_default_method_expiring_soon_is_flagged_at_the_limit_not_after() {
    let at_limit = today() + chrono::Duration::days(PAYMENT_EXPIRY_WARNING_DAYS);
    let after = at_limit + chrono::Duration::days(1);
    for (expiry, flagged) in [(at_limit, true), (after, false), (today(), true)] {
        let methods = [method(7, "VALID", true, Some(&expiry.to_string()))];
        let PaymentHealth::Ready { expiring_soon, .. } = payment_health(&methods, today()) else {
            panic!("a valid default method is debitable");
        };
        assert_eq!(expiring_soon, flagged, "expiring {expiry}");
    }
}

#[test]
fn no_valid_default_method_means_no_debit() {
    // Expired default, valid non-default, an unknown status: none is debited.
    let methods = [
        method(1, "EXPIRED", true, Some("2026-01-31")),
        method(2, "VALID", false, None),
        method(3, "SOMETHING_NEW", true, None),
    ];
    assert_eq!(
        payment_health(&methods, today()),
        PaymentHealth::NoDebit { registered: 3 }
    );
    assert_eq!(
        payment_health(&[], today()),
        PaymentHealth::NoDebit { registered: 0 }
    );
}

/// A debt as the API sends it, read as the console reads it.
fn debt(id: u64, order: u64, date: &str, due_cents: i64, currency: &str) -> DebtRow {
    let price = |cents: i64| {
        serde_json::json!({
            "currencyCode": currency,
            "text": "",
            "value": cents as f64 / 100.0,
            "priceInUcents": cents * 1_000_000,
        })
    };
    let wire: Debt = serde_json::from_str(
        &serde_json::json!({
            "debtId": id, "orderId": order, "date": date,
            "amount": price(due_cents.max(1_000)), "dueAmount": price(due_cents),
            "status": "UNPAID",
        })
        .to_string(),
    )
    .unwrap();
    DebtRow::from(&wire)
}

#[test]
fn a_debt_decodes_from_the_api_shape() {
    let debt: Debt = serde_json::from_str(include_str!("fixtures/debt.json")).unwrap();
    assert_eq!((debt.debt_id, debt.order_id), (3_000_001, 216_000_041));
    let owed = owed(&[DebtRow::from(&debt)]);
    assert_eq!(owed.total, Some(Money::new(1439, "EUR")));
    assert_eq!(owed.debts[0].date, Some(d(2026, 11, 2)));
}

#[test]
fn what_is_owed_is_summed_exactly_oldest_first_and_settled_debts_left_out() {
    // 0.1 + 0.2 as floats is not 0.3: the sum is in cents.
    let debts = [
        debt(3, 30, "2026-11-20T08:00:00+01:00", 20, "EUR"),
        debt(1, 10, "2026-10-01T08:00:00+02:00", 10, "EUR"),
        debt(2, 20, "2026-10-15T08:00:00+02:00", 0, "EUR"),
    ];
    let owing = owed(&debts);
    assert_eq!(owing.total, Some(Money::new(30, "EUR")));
    let ids: Vec<u64> = owing.debts.iter().map(|d| d.debt_id).collect();
    assert_eq!(ids, [1, 3], "oldest first, the settled one left out");

    let mut undated = debt(4, 40, "2026-09-01", 5, "EUR");
    undated.date = None;
    let with_undated = owed(&[undated, debts[0].clone(), debts[1].clone()]);
    let ids: Vec<u64> = with_undated.debts.iter().map(|d| d.debt_id).collect();
    assert_eq!(ids, [1, 3, 4], "a debt without a date comes last");
    assert_eq!(with_undated.total, Some(Money::new(35, "EUR")));
}

#[test]
fn debts_in_two_currencies_have_no_single_total() {
    let debts = [
        debt(1, 10, "2026-10-01", 1_000, "EUR"),
        debt(2, 20, "2026-10-02", 500, "GBP"),
    ];
    let mixed = owed(&debts);
    assert_eq!(mixed.total, None);
    assert_eq!(mixed.debts.len(), 2, "each line still shows its own amount");
    let nothing = owed(&[]);
    assert!(nothing.total.is_none() && nothing.debts.is_empty());
}

#[test]
fn a_debt_whose_amount_cannot_be_read_is_still_owed_and_no_total_is_given() {
    // `1e2` without `priceInUcents`: the amount is not read (never guessed from a float).
    let wire: Debt = serde_json::from_str(
        r#"{ "debtId": 9, "orderId": 90, "date": "2026-11-25T08:00:00+01:00",
            "amount": { "currencyCode": "EUR", "text": "100.00 €", "value": 1e2 },
            "dueAmount": { "currencyCode": "EUR", "text": "100.00 €", "value": 1e2 },
            "status": "UNPAID" }"#,
    )
    .unwrap();
    let unreadable = DebtRow::from(&wire);
    assert_eq!(unreadable.due, None, "the fixture is an unreadable amount");
    let alone = owed(std::slice::from_ref(&unreadable));
    assert_eq!(alone.debts.len(), 1, "the account does not look clear");
    assert_eq!(alone.debts[0].due, None);
    assert_eq!(alone.total, None);
    let with_others = owed(&[
        debt(1, 10, "2026-11-01T08:00:00+01:00", 1_000, "EUR"),
        unreadable,
    ]);
    let ids: Vec<u64> = with_others.debts.iter().map(|d| d.debt_id).collect();
    assert_eq!(ids, [1, 9]);
    assert_eq!(
        with_others.total, None,
        "a total would be less than what is owed"
    );
}

fn row(id: u64, name: &str, status: RenewalStatus, expires: Option<NaiveDate>) -> ServiceRow {
    let service: Service =
        serde_json::from_str(include_str!("fixtures/service_domain.json")).unwrap();
    let mut row = ServiceRow::from(&service);
    row.id = id;
    row.display_name = name.into();
    row.status = status;
    row.expiration = expires;
    row.termination = None;
    row
}

#[test]
fn the_services_that_stop_unless_the_customer_acts_soonest_first() {
    let t = today();
    let in_days = |n: i64| Some(t + chrono::Duration::days(n));
    let mut ending = row(
        5,
        "ending.fr",
        RenewalStatus::TerminationRequested,
        in_days(40),
    );
    ending.termination = in_days(10);
    let rows = [
        row(1, "auto.fr", RenewalStatus::Automatic, in_days(2)),
        row(2, "manual-soon.fr", RenewalStatus::Manual, in_days(5)),
        row(3, "manual-later.fr", RenewalStatus::Manual, in_days(31)),
        row(4, "unpaid.fr", RenewalStatus::BillToPay, in_days(200)),
        ending,
        row(6, "manual-today.fr", RenewalStatus::Manual, in_days(0)),
        // Past its date but not ended: still listed, first.
        row(7, "manual-past.fr", RenewalStatus::Manual, in_days(-1)),
        row(8, "gone.fr", RenewalStatus::Terminated, in_days(3)),
        row(9, "one-shot.fr", RenewalStatus::OneShot, in_days(3)),
        row(10, "manual-at-limit.fr", RenewalStatus::Manual, in_days(30)),
    ];
    let lapses = lapsing(&rows, t, 30);
    let seen: Vec<(&str, LapseReason, Option<i64>)> = lapses
        .iter()
        .map(|l| (l.name.as_str(), l.reason, l.days_left))
        .collect();
    assert_eq!(
        seen,
        [
            ("manual-past.fr", LapseReason::ManualRenewal, Some(-1)),
            ("manual-today.fr", LapseReason::ManualRenewal, Some(0)),
            ("manual-soon.fr", LapseReason::ManualRenewal, Some(5)),
            ("ending.fr", LapseReason::TerminationRequested, Some(10)),
            ("manual-at-limit.fr", LapseReason::ManualRenewal, Some(30)),
            ("unpaid.fr", LapseReason::BillToPay, Some(200)),
        ]
    );
}

#[test]
fn a_bill_to_pay_without_a_date_is_listed_last() {
    let rows = [
        row(1, "b-undated.fr", RenewalStatus::BillToPay, None),
        row(2, "a-manual.fr", RenewalStatus::Manual, Some(today())),
        row(3, "manual-undated.fr", RenewalStatus::Manual, None),
    ];
    let names: Vec<String> = lapsing(&rows, today(), 30)
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(names, ["a-manual.fr", "b-undated.fr"]);
}

#[test]
fn debts_are_read_by_id_and_one_paid_meanwhile_is_left_out() {
    let one = include_str!("fixtures/debt.json");
    let fake = FakeTransport::default()
        .ok("[3000001, 3000002, 3000003]")
        .ok(one)
        .fail(
            404,
            r#"{"message":"The requested object (debtId = 3000002) does not exist"}"#,
        )
        .ok(&one.replace("3000001", "3000003"));
    let client = ApiClient::with_transport("https://proxy.example/api", &fake);
    let debts = block_on(client.debts()).unwrap();
    assert_eq!(
        debts.iter().map(|d| d.id).collect::<Vec<_>>(),
        [3_000_001, 3_000_003]
    );
    assert_eq!(
        fake.urls(),
        [
            "https://proxy.example/api/me/debtAccount/debt",
            "https://proxy.example/api/me/debtAccount/debt/3000001",
            "https://proxy.example/api/me/debtAccount/debt/3000002",
            "https://proxy.example/api/me/debtAccount/debt/3000003",
        ]
    );
}

#[test]
fn a_debt_that_cannot_be_read_fails_the_whole_read() {
    // A total must never be shown short: a 403 on one debt is an error, not a gap.
    let fake = FakeTransport::default()
        .ok("[3000001, 3000002]")
        .ok(include_str!("fixtures/debt.json"))
        .fail(403, r#"{"message":"This call has not been granted"}"#);
    let client = ApiClient::with_transport("https://proxy.example/api", &fake);
    let error = block_on(client.debts()).unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Forbidden);
}

#[test]
fn days_left_read_naturally_in_each_language() {
    use billing_console::domain::Locale;
    use billing_console::i18n::tools_messages;
    let fr = tools_messages(Locale::Fr).health_days_left;
    let said: Vec<String> = [-6, -1, 0, 1, 5].into_iter().map(fr).collect();
    assert_eq!(
        said,
        [
            "il y a 6 jours",
            "hier",
            "aujourd'hui",
            "demain",
            "dans 5 jours"
        ]
    );
    assert_eq!(
        (tools_messages(Locale::En).health_days_left)(-1),
        "yesterday"
    );
    assert_eq!(
        (tools_messages(Locale::It).health_days_left)(5),
        "tra 5 giorni"
    );
}
