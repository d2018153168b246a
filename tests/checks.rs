//! The protection checks and closure readiness (`domain::checks`), safe and unsafe.

use billing_console::domain::checks::{
    closure, closure_debts, closure_orders, closure_services, default_payment, order_in_progress,
    spare_email, two_factor, BackupCodes, BackupCodesInput, ClosureDebt, ClosureOrder,
    ClosureService, DefaultPayment, FactorCounts, FactorStatus, Level, Reason, TwoFactorInput,
};
use billing_console::domain::health::PaymentHealth;
use billing_console::domain::money::Money;
use chrono::{DateTime, Duration, Utc};

use FactorStatus::{Disabled, Enabled, NeedsValidation, Other};

fn backup(status: FactorStatus, remaining: u64) -> Option<BackupCodesInput> {
    Some(BackupCodesInput { status, remaining })
}

// ---------------------------------------------------------------------------------------------
// Two-factor authentication

#[test]
fn statuses_from_the_api() {
    assert_eq!(FactorStatus::from_wire("enabled"), Enabled);
    assert_eq!(FactorStatus::from_wire("disabled"), Disabled);
    assert_eq!(
        FactorStatus::from_wire("needCodeValidation"),
        NeedsValidation
    );
    assert_eq!(
        FactorStatus::from_wire("needEmailValidation"),
        NeedsValidation
    );
    assert_eq!(FactorStatus::from_wire("Enabled"), Other);
    assert_eq!(FactorStatus::from_wire("suspended"), Other);
}

#[test]
fn two_factor_on_with_backup_codes_is_ok() {
    // The seeded account: an app and a key enabled, an old phone disabled, 8 codes.
    let input = TwoFactorInput {
        totp: vec![Enabled],
        security_keys: vec![Enabled],
        sms: vec![Disabled],
        backup_codes: backup(Enabled, 8),
    };
    let c = two_factor(&input);
    assert_eq!(c.reason, Reason::TwoFactorOn);
    assert_eq!(c.level(), Level::Ok);
    assert_eq!(
        c.enabled,
        FactorCounts {
            totp: 1,
            security_keys: 1,
            sms: 0
        }
    );
    assert_eq!(c.enabled.total(), 2);
    assert_eq!(c.registered.total(), 3);
    assert_eq!(c.pending.total(), 0);
    assert_eq!(c.backup_codes, BackupCodes::Enabled { remaining: 8 });
    // Any one kind is enough.
    for input in [
        TwoFactorInput {
            sms: vec![Enabled],
            backup_codes: backup(Enabled, 1),
            ..Default::default()
        },
        TwoFactorInput {
            security_keys: vec![Disabled, Enabled],
            backup_codes: backup(Enabled, 10),
            ..Default::default()
        },
    ] {
        assert_eq!(two_factor(&input).reason, Reason::TwoFactorOn, "{input:?}");
    }
}

#[test]
fn two_factor_off_is_a_warning() {
    let c = two_factor(&TwoFactorInput::default());
    assert_eq!(c.reason, Reason::TwoFactorOff);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(c.registered.total(), 0);
    assert_eq!(c.backup_codes, BackupCodes::None);
}

#[test]
fn only_enabled_methods_protect() {
    // The unsafe dataset: an app whose setup was never finished.
    let c = two_factor(&TwoFactorInput {
        totp: vec![NeedsValidation],
        ..Default::default()
    });
    assert_eq!(c.reason, Reason::TwoFactorNotValidated);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(c.enabled.total(), 0);
    assert_eq!(c.pending.totp, 1);
    // Backup codes waiting for their validation: the same.
    let c = two_factor(&TwoFactorInput {
        backup_codes: backup(NeedsValidation, 10),
        ..Default::default()
    });
    assert_eq!(c.reason, Reason::TwoFactorNotValidated);
    // Everything disabled (or in a status this build does not know).
    let c = two_factor(&TwoFactorInput {
        totp: vec![Disabled],
        security_keys: vec![Other],
        sms: vec![Disabled, Disabled],
        backup_codes: backup(Disabled, 5),
    });
    assert_eq!(c.reason, Reason::TwoFactorDisabled);
    assert_eq!(c.enabled.total(), 0);
    assert_eq!(c.registered.total(), 4);
    assert_eq!(c.backup_codes, BackupCodes::NotEnabled { status: Disabled });
    let c = two_factor(&TwoFactorInput {
        backup_codes: backup(Disabled, 0),
        ..Default::default()
    });
    assert_eq!(c.reason, Reason::TwoFactorDisabled);
    // An enabled method wins over a pending one.
    let c = two_factor(&TwoFactorInput {
        totp: vec![NeedsValidation, Enabled],
        backup_codes: backup(Enabled, 3),
        ..Default::default()
    });
    assert_eq!(c.reason, Reason::TwoFactorOn);
    assert_eq!((c.enabled.totp, c.pending.totp), (1, 1));
}

#[test]
fn two_factor_without_usable_backup_codes_is_a_warning() {
    let app = || vec![Enabled];
    for backup_codes in [None, backup(Disabled, 10), backup(NeedsValidation, 10)] {
        let c = two_factor(&TwoFactorInput {
            totp: app(),
            backup_codes,
            ..Default::default()
        });
        assert_eq!(c.reason, Reason::TwoFactorNoBackupCodes, "{backup_codes:?}");
        assert_eq!(c.level(), Level::Warning);
    }
    let c = two_factor(&TwoFactorInput {
        totp: app(),
        backup_codes: backup(Enabled, 0),
        ..Default::default()
    });
    assert_eq!(c.reason, Reason::TwoFactorBackupCodesUsedUp);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(c.backup_codes, BackupCodes::Enabled { remaining: 0 });
    // Backup codes alone are no second factor to use every day.
    let c = two_factor(&TwoFactorInput {
        sms: vec![Disabled],
        backup_codes: backup(Enabled, 10),
        ..Default::default()
    });
    assert_eq!(c.reason, Reason::TwoFactorOnlyBackupCodes);
    assert_eq!(c.level(), Level::Warning);
}

// ---------------------------------------------------------------------------------------------
// Spare e-mail

#[test]
fn a_spare_email_other_than_the_main_one() {
    let main = Some("dominique.petit@example.fr");
    let c = spare_email(main, Some("d.petit.secours@example.org"));
    assert_eq!(c.reason, Reason::SpareEmailSet);
    assert_eq!(c.level(), Level::Ok);
    // No main address known: a spare one is still set.
    assert_eq!(
        spare_email(None, Some("d.petit.secours@example.org")).reason,
        Reason::SpareEmailSet
    );
}

#[test]
fn no_spare_email_or_the_same_one() {
    let main = Some("dominique.petit@example.fr");
    for spare in [None, Some(""), Some("   ")] {
        let c = spare_email(main, spare);
        assert_eq!(c.reason, Reason::SpareEmailMissing, "{spare:?}");
        assert_eq!(c.level(), Level::Warning);
    }
    for spare in ["dominique.petit@example.fr", " Dominique.Petit@Example.FR "] {
        let c = spare_email(main, Some(spare));
        assert_eq!(c.reason, Reason::SpareEmailSameAsMain, "{spare}");
        assert_eq!(c.level(), Level::Warning);
    }
}

// ---------------------------------------------------------------------------------------------
// Default payment method

#[test]
fn a_valid_default_payment_method() {
    let c = default_payment(DefaultPayment::Valid {
        expiring_soon: false,
    });
    assert_eq!(c.reason, Reason::PaymentValid);
    assert_eq!(c.level(), Level::Ok);
    let c = default_payment(DefaultPayment::Valid {
        expiring_soon: true,
    });
    assert_eq!(c.reason, Reason::PaymentExpiringSoon);
    assert_eq!(c.level(), Level::Warning);
}

#[test]
fn no_valid_default_payment_method() {
    // The unsafe dataset: the default card expired, a valid mandate that is not the default.
    let c = default_payment(DefaultPayment::NoValidDefault { registered: 2 });
    assert_eq!(c.reason, Reason::PaymentNoValidDefault);
    assert_eq!(c.level(), Level::Warning);
    let c = default_payment(DefaultPayment::NoValidDefault { registered: 0 });
    assert_eq!(c.reason, Reason::PaymentNoneRegistered);
    assert_eq!(c.level(), Level::Warning);
}

/// Payment methods as the API sends them, read as the console reads them.
fn payment_methods(json: &str) -> Vec<billing_console::domain::renewal::PaymentMethod> {
    let wire: Vec<billing_console::api::models::PaymentMethod> =
        serde_json::from_str(json).unwrap();
    wire.iter().map(Into::into).collect()
}

#[test]
fn the_payment_check_reads_the_account_health() {
    let methods = payment_methods(
        r#"[{"paymentMethodId":1,"paymentType":"CREDIT_CARD","status":"EXPIRED","default":true},
            {"paymentMethodId":2,"paymentType":"SEPA_DIRECT_DEBIT","status":"VALID","default":false}]"#,
    );
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let health = billing_console::domain::health::payment_health(&methods, today);
    assert_eq!(
        DefaultPayment::from_health(&health),
        DefaultPayment::NoValidDefault { registered: 2 }
    );
    let health = billing_console::domain::health::payment_health(&methods[1..], today);
    assert!(matches!(health, PaymentHealth::NoDebit { .. }));
    let mut valid = methods.clone();
    valid[1].default = true;
    valid[0].default = false;
    let health = billing_console::domain::health::payment_health(&valid, today);
    assert_eq!(
        default_payment(DefaultPayment::from_health(&health)).reason,
        Reason::PaymentValid
    );
    // A card expiring within the health's warning delay.
    let soon = payment_methods(
        r#"[{"paymentMethodId":3,"paymentType":"CREDIT_CARD","status":"VALID","default":true,
             "expirationDate":"2026-12-31T00:00:00+01:00"}]"#,
    );
    let health = billing_console::domain::health::payment_health(&soon, today);
    assert_eq!(
        default_payment(DefaultPayment::from_health(&health)).reason,
        Reason::PaymentExpiringSoon
    );
}

// ---------------------------------------------------------------------------------------------
// Closure readiness

fn service(id: u64, resource: &str, lifecycle: Option<&str>, terminating: bool) -> ClosureService {
    ClosureService {
        id,
        resource_state: resource.into(),
        lifecycle_state: lifecycle.map(String::from),
        termination_requested: terminating,
    }
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T09:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn order(id: u64, status: Option<&str>, expires_in_days: Option<i64>) -> ClosureOrder {
    ClosureOrder {
        id,
        status: status.map(String::from),
        expiration: expires_in_days.map(|d| now() + Duration::days(d)),
    }
}

fn debt(id: u64, minor: i64, currency: &str) -> ClosureDebt {
    ClosureDebt {
        id,
        due: Money::new(minor, currency),
    }
}

#[test]
fn terminated_and_deleted_services_do_not_count() {
    let c = closure_services(&[
        service(1, "deleted", Some("terminated"), false),
        service(2, "deleted", None, false),
        service(3, "active", Some("terminated"), false),
    ]);
    assert_eq!(c.reason, Reason::NoActiveService);
    assert_eq!(c.level(), Level::Ok);
    assert!(c.active.is_empty() && c.ending.is_empty());
    assert_eq!(closure_services(&[]).reason, Reason::NoActiveService);
}

#[test]
fn what_could_not_be_read_keeps_a_closure_condition_from_being_met() {
    use billing_console::domain::checks::{orders_with_unread, services_with_unread};
    // None active among those read, one service unreadable: not known.
    let read = closure_services(&[service(1, "deleted", Some("terminated"), false)]);
    let c = services_with_unread(read.clone(), 1);
    assert_eq!(c.reason, Reason::ServicesUnchecked);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(
        services_with_unread(read, 0).reason,
        Reason::NoActiveService
    );
    // Active services stay the reason: they say more.
    let active = closure_services(&[service(7, "active", Some("active"), false)]);
    assert_eq!(
        services_with_unread(active, 3).reason,
        Reason::ActiveServices
    );
    // Orders: none in progress among those read, a page missing.
    let done = closure_orders(&[order(1, Some("delivered"), Some(-300))], now());
    assert_eq!(
        orders_with_unread(done.clone(), 50).reason,
        Reason::OrdersUnchecked
    );
    assert_eq!(
        orders_with_unread(done, 0).reason,
        Reason::NoOrderInProgress
    );
}

#[test]
fn every_other_service_is_active() {
    let c = closure_services(&[
        service(7, "active", Some("active"), false),
        service(3, "suspended", Some("unpaid"), false),
        // Expired without renewal: still on the account until deleted.
        service(5, "suspended", Some("unrenewed"), false),
        // Termination requested: active until its date.
        service(4, "active", Some("active"), true),
        service(6, "toDelete", Some("active"), false),
        service(8, "frozen", Some("hibernating"), false),
        service(9, "active", None, false),
        service(1, "deleted", Some("terminated"), true),
    ]);
    assert_eq!(c.reason, Reason::ActiveServices);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(c.active, vec![3, 4, 5, 6, 7, 8, 9]);
    // Those already on their way out, counted apart.
    assert_eq!(c.ending, vec![4, 5, 6]);
}

#[test]
fn debts_with_something_due() {
    let c = closure_debts(&[debt(1, 0, "EUR"), debt(2, -500, "EUR")]);
    assert_eq!(c.reason, Reason::NoDebt);
    assert_eq!(c.level(), Level::Ok);
    assert!(c.debts.is_empty() && c.due.is_empty());
    assert_eq!(closure_debts(&[]).reason, Reason::NoDebt);

    let c = closure_debts(&[
        debt(9, 11279, "EUR"),
        debt(3, 0, "EUR"),
        debt(4, 1, "EUR"),
        debt(5, 2500, "GBP"),
    ]);
    assert_eq!(c.reason, Reason::Debt);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(c.debts, vec![4, 5, 9]);
    assert_eq!(
        c.due,
        vec![Money::new(11280, "EUR"), Money::new(2500, "GBP")]
    );
}

#[test]
fn orders_in_progress() {
    let now = now();
    for status in ["checking", "delivering", "documentsRequested"] {
        // Whatever the expiry: only an unpaid order lapses.
        assert!(order_in_progress(status, None, now), "{status}");
        assert!(
            order_in_progress(status, Some(now - Duration::days(30)), now),
            "{status}"
        );
    }
    assert!(order_in_progress("notPaid", None, now));
    assert!(order_in_progress(
        "notPaid",
        Some(now + Duration::seconds(1)),
        now
    ));
    // The same instant is not past yet (as `orders::is_expired`: strictly before now).
    assert!(order_in_progress("notPaid", Some(now), now));
    assert!(!order_in_progress(
        "notPaid",
        Some(now - Duration::seconds(1)),
        now
    ));
    for status in [
        "delivered",
        "cancelled",
        "cancelling",
        "unknown",
        "pendingRefund",
    ] {
        assert!(!order_in_progress(status, None, now), "{status}");
    }

    let c = closure_orders(
        &[
            order(5, Some("delivered"), Some(-300)),
            order(2, Some("notPaid"), Some(12)),
            order(3, Some("notPaid"), Some(-25)),
            order(1, Some("checking"), Some(-1)),
            order(4, Some("cancelled"), None),
            order(6, None, Some(-100)),
        ],
        now,
    );
    assert_eq!(c.reason, Reason::OrdersInProgress);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(c.in_progress, vec![1, 2]);
    assert_eq!(c.unchecked, vec![6]);
}

#[test]
fn no_order_in_progress_once_every_status_is_known() {
    let now = now();
    let done = [
        order(1, Some("delivered"), Some(-300)),
        order(2, Some("cancelled"), None),
        // Expired unpaid: it can no longer be paid, it does not hold the closure.
        order(3, Some("notPaid"), Some(-25)),
    ];
    let c = closure_orders(&done, now);
    assert_eq!(c.reason, Reason::NoOrderInProgress);
    assert_eq!(c.level(), Level::Ok);
    assert!(c.in_progress.is_empty() && c.unchecked.is_empty());
    assert_eq!(closure_orders(&[], now).reason, Reason::NoOrderInProgress);
    // A status not loaded yet: not ok until it is.
    let mut pending = done.to_vec();
    pending.push(order(4, None, None));
    let c = closure_orders(&pending, now);
    assert_eq!(c.reason, Reason::OrdersUnchecked);
    assert_eq!(c.level(), Level::Warning);
    assert_eq!(c.unchecked, vec![4]);
}

#[test]
fn an_account_ready_to_close() {
    // `datasets/ready-to-close.json`: two terminated services, a paid debt, orders delivered,
    // cancelled and expired unpaid.
    let c = closure(
        &[
            service(1000036, "deleted", Some("terminated"), false),
            service(1000152, "deleted", Some("terminated"), false),
        ],
        &[debt(3000201, 0, "EUR")],
        &[
            order(215000332, Some("delivered"), Some(-400)),
            order(215001648, Some("notPaid"), Some(-350)),
            order(215007714, Some("cancelled"), Some(-90)),
        ],
        now(),
    );
    assert!(c.ready());
    assert_eq!(c.level(), Level::Ok);
    assert_eq!(
        [c.services.reason, c.debts.reason, c.orders.reason],
        [
            Reason::NoActiveService,
            Reason::NoDebt,
            Reason::NoOrderInProgress
        ]
    );
}

#[test]
fn an_account_not_ready_to_close() {
    // Any one condition is enough to hold it.
    let ended = [service(1, "deleted", Some("terminated"), false)];
    let active = [service(2, "active", Some("active"), false)];
    let delivered = [order(1, Some("delivered"), None)];
    let checking = [order(2, Some("checking"), None)];
    let paid = [debt(1, 0, "EUR")];
    let owed = [debt(2, 999, "EUR")];
    let cases: [(&[ClosureService], &[ClosureDebt], &[ClosureOrder]); 3] = [
        (&active, &paid, &delivered),
        (&ended, &owed, &delivered),
        (&ended, &paid, &checking),
    ];
    for (services, debts, orders) in cases {
        let c = closure(services, debts, orders, now());
        assert!(!c.ready(), "{c:?}");
        assert_eq!(c.level(), Level::Warning);
    }
    // All three at once, each with its count.
    let c = closure(&active, &owed, &checking, now());
    assert_eq!(
        (
            c.services.active.len(),
            c.debts.debts.len(),
            c.orders.in_progress.len()
        ),
        (1, 1, 1)
    );
}

#[test]
fn reasons_have_a_level_and_a_stable_key() {
    let all = [
        Reason::TwoFactorOn,
        Reason::TwoFactorNoBackupCodes,
        Reason::TwoFactorBackupCodesUsedUp,
        Reason::TwoFactorOnlyBackupCodes,
        Reason::TwoFactorNotValidated,
        Reason::TwoFactorDisabled,
        Reason::TwoFactorOff,
        Reason::SpareEmailSet,
        Reason::SpareEmailMissing,
        Reason::SpareEmailSameAsMain,
        Reason::PaymentValid,
        Reason::PaymentExpiringSoon,
        Reason::PaymentNoValidDefault,
        Reason::PaymentNoneRegistered,
        Reason::NoActiveService,
        Reason::ActiveServices,
        Reason::NoDebt,
        Reason::Debt,
        Reason::NoOrderInProgress,
        Reason::OrdersInProgress,
        Reason::OrdersUnchecked,
    ];
    let ok: Vec<&str> = all
        .iter()
        .filter(|r| r.level() == Level::Ok)
        .map(|r| r.key())
        .collect();
    assert_eq!(
        ok,
        vec![
            "two-factor-on",
            "spare-email-set",
            "payment-valid",
            "no-active-service",
            "no-debt",
            "no-order-in-progress"
        ]
    );
    let mut keys: Vec<&str> = all.iter().map(|r| r.key()).collect();
    assert!(keys
        .iter()
        .all(|k| k.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), all.len());
}

// ---------------------------------------------------------------------------------------------
// From the API's objects (`api::models`) to the check

#[test]
fn the_api_objects_feed_the_two_factor_check() {
    use billing_console::api::models::{
        AccessRestrictionStatus, SmsAccount, SotpAccount, TotpAccount, U2fAccount,
    };
    // As the sandbox's seeded account answers them.
    let totp: TotpAccount = serde_json::from_str(
        r#"{"id":4210001,"creationDate":"2025-10-07T10:00:00+01:00",
            "description":"Téléphone de Dominique","lastUsedDate":"2026-11-22T10:00:00+01:00",
            "status":"enabled"}"#,
    )
    .unwrap();
    let key: U2fAccount = serde_json::from_str(
        r#"{"id":4220001,"creationDate":"2026-04-07T10:00:00+01:00","description":"YubiKey 5C",
            "lastUsedDate":null,"status":"needCodeValidation"}"#,
    )
    .unwrap();
    let phone: SmsAccount = serde_json::from_str(
        r#"{"id":4230001,"creationDate":"2023-08-01T10:00:00+01:00","description":"Ancien portable",
            "lastUsedDate":"2025-07-11T10:00:00+01:00","phoneNumber":"+33612345678",
            "status":"disabled"}"#,
    )
    .unwrap();
    let codes: SotpAccount = serde_json::from_str(
        r#"{"creationDate":"2025-10-07T10:00:00+01:00","lastUsedDate":null,"remaining":8,
            "status":"enabled"}"#,
    )
    .unwrap();
    assert_eq!(totp.status, AccessRestrictionStatus::Enabled);
    assert_eq!(key.last_used_date, None);
    assert_eq!(phone.phone_number.as_deref(), Some("+33612345678"));
    assert_eq!(codes.remaining, Some(8));
    // Optional fields may be missing; a status this build does not know is kept.
    let newer: TotpAccount = serde_json::from_str(r#"{"id":1,"status":"locked"}"#).unwrap();
    assert_eq!(
        newer.status,
        AccessRestrictionStatus::Unknown("locked".into())
    );
    assert_eq!(newer.description, None);

    let status = |s: &AccessRestrictionStatus| FactorStatus::from_wire(s.as_wire());
    let input = TwoFactorInput {
        totp: vec![status(&totp.status), status(&newer.status)],
        security_keys: vec![status(&key.status)],
        sms: vec![status(&phone.status)],
        backup_codes: Some(BackupCodesInput {
            status: status(&codes.status),
            remaining: codes.remaining.unwrap_or(0),
        }),
    };
    let c = two_factor(&input);
    assert_eq!(c.reason, Reason::TwoFactorOn);
    assert_eq!(c.enabled.total(), 1);
    assert_eq!(c.pending.security_keys, 1);
    assert_eq!(c.registered.total(), 4);
    // Every known status is one the check reads.
    for s in AccessRestrictionStatus::KNOWN {
        assert_ne!(status(s), Other, "{s:?}");
    }
}

#[test]
fn the_status_enum_is_the_schemas() {
    use billing_console::api::models::AccessRestrictionStatus;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/schema/models.json"
    ))
    .unwrap();
    let models: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut known: Vec<&str> = AccessRestrictionStatus::KNOWN
        .iter()
        .map(|s| s.as_wire())
        .collect();
    known.sort_unstable();
    for name in ["TOTP", "Sms", "SOTP", "U2F"] {
        let values: Vec<&str> = models[format!("nichandle.accessRestriction.{name}StatusEnum")]
            ["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(
            values.iter().all(|v| known.contains(v)),
            "{name}: {values:?}"
        );
        if name != "U2F" {
            assert_eq!(values, known, "{name}");
        }
    }
}
