//! "Am I safe? Can I close my account?": the account page's protection checks and closure
//! readiness, each `Ok` or `Warning` with a [`Reason`] the app words in the locale (no user text
//! here) and the counts it shows. Pure: plain inputs (API values as their wire strings, amounts
//! as [`Money`]), no API types.
//!
//! Rules (the "bonnes pratiques" guide: 2FA, a spare e-mail, a valid payment method; account
//! closure needs no active service, no unpaid bill, no order in progress):
//! - **Two-factor authentication**: an authenticator app (TOTP), a security key (U2F) or a phone
//!   (SMS) counts when its status is `enabled`; one awaiting validation (`needCodeValidation`,
//!   `needEmailValidation`) or disabled does not. Ok only with backup codes too (enabled, codes
//!   left): without them, a lost phone or key locks the customer out.
//! - **Spare e-mail**: set (not blank) and not the main address (compared trimmed, ignoring case).
//! - **Default payment method**: valid ([`super::health::payment_health`] decides; one expiring
//!   within its warning delay is a warning).
//! - **Closure**: no active service (a service counts unless its lifecycle is `terminated` or its
//!   resource `deleted`; an expired `unrenewed` one still counts until it is deleted); no debt
//!   (an amount still due above zero); no order in progress (`checking`, `delivering`,
//!   `documentsRequested`, or `notPaid` not past its `expirationDate`: an unpaid order lapses
//!   then, as [`super::orders::is_expired`] says). An order whose status is not loaded yet might be
//!   in progress: it is counted apart and the check stays a warning until it is known.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::health::PaymentHealth;
use super::money::Money;

/// What a check shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    Ok,
    Warning,
}

/// Why a check is ok or not: one key per sentence the app shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// A second factor and backup codes are enabled.
    TwoFactorOn,
    /// A second factor is enabled, but there are no usable backup codes (none, or not enabled).
    TwoFactorNoBackupCodes,
    /// A second factor is enabled; the backup codes are all used.
    TwoFactorBackupCodesUsedUp,
    /// Only backup codes are enabled: no app, key or phone.
    TwoFactorOnlyBackupCodes,
    /// Nothing enabled; a method awaits its validation code (setup not finished).
    TwoFactorNotValidated,
    /// Methods are registered, none enabled.
    TwoFactorDisabled,
    /// No two-factor authentication at all.
    TwoFactorOff,

    SpareEmailSet,
    SpareEmailMissing,
    /// The spare e-mail is the main one: it saves nothing if that mailbox is lost.
    SpareEmailSameAsMain,

    PaymentValid,
    /// The default method is valid but expires soon.
    PaymentExpiringSoon,
    /// Methods are registered, none is a valid default: renewals are not debited.
    PaymentNoValidDefault,
    PaymentNoneRegistered,

    NoActiveService,
    ActiveServices,
    NoDebt,
    Debt,
    NoOrderInProgress,
    OrdersInProgress,
    /// No order known to be in progress, but some statuses are not loaded yet.
    OrdersUnchecked,
    /// No active service among those read, but some could not be read.
    ServicesUnchecked,
}

impl Reason {
    pub fn level(self) -> Level {
        match self {
            Reason::TwoFactorOn
            | Reason::SpareEmailSet
            | Reason::PaymentValid
            | Reason::NoActiveService
            | Reason::NoDebt
            | Reason::NoOrderInProgress => Level::Ok,
            _ => Level::Warning,
        }
    }

    /// A stable identifier (kebab-case), e.g. for a `data-reason` attribute.
    pub fn key(self) -> &'static str {
        match self {
            Reason::TwoFactorOn => "two-factor-on",
            Reason::TwoFactorNoBackupCodes => "two-factor-no-backup-codes",
            Reason::TwoFactorBackupCodesUsedUp => "two-factor-backup-codes-used-up",
            Reason::TwoFactorOnlyBackupCodes => "two-factor-only-backup-codes",
            Reason::TwoFactorNotValidated => "two-factor-not-validated",
            Reason::TwoFactorDisabled => "two-factor-disabled",
            Reason::TwoFactorOff => "two-factor-off",
            Reason::SpareEmailSet => "spare-email-set",
            Reason::SpareEmailMissing => "spare-email-missing",
            Reason::SpareEmailSameAsMain => "spare-email-same-as-main",
            Reason::PaymentValid => "payment-valid",
            Reason::PaymentExpiringSoon => "payment-expiring-soon",
            Reason::PaymentNoValidDefault => "payment-no-valid-default",
            Reason::PaymentNoneRegistered => "payment-none-registered",
            Reason::NoActiveService => "no-active-service",
            Reason::ActiveServices => "active-services",
            Reason::NoDebt => "no-debt",
            Reason::Debt => "debt",
            Reason::NoOrderInProgress => "no-order-in-progress",
            Reason::OrdersInProgress => "orders-in-progress",
            Reason::OrdersUnchecked => "orders-unchecked",
            Reason::ServicesUnchecked => "services-unchecked",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Two-factor authentication

/// The status of one second factor (`nichandle.accessRestriction.*StatusEnum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FactorStatus {
    Enabled,
    Disabled,
    /// `needCodeValidation`, `needEmailValidation`: set up, not validated yet.
    NeedsValidation,
    /// A value this build does not know: not counted as protecting.
    Other,
}

impl FactorStatus {
    /// From the API's string.
    pub fn from_wire(raw: &str) -> FactorStatus {
        match raw {
            "enabled" => FactorStatus::Enabled,
            "disabled" => FactorStatus::Disabled,
            "needCodeValidation" | "needEmailValidation" => FactorStatus::NeedsValidation,
            _ => FactorStatus::Other,
        }
    }
}

/// The account's backup codes (`GET /me/accessRestriction/backupCode`; absent on a 404).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackupCodesInput {
    pub status: FactorStatus,
    /// `remaining`.
    pub remaining: u64,
}

/// What `/me/accessRestriction/*` says: the status of each registered method.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TwoFactorInput {
    /// Authenticator apps (`/totp/{id}`).
    pub totp: Vec<FactorStatus>,
    /// Security keys (`/u2f/{id}`).
    pub security_keys: Vec<FactorStatus>,
    /// Phones (`/sms/{id}`).
    pub sms: Vec<FactorStatus>,
    /// `None` when the API has none (404).
    pub backup_codes: Option<BackupCodesInput>,
}

/// How many methods of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FactorCounts {
    pub totp: usize,
    pub security_keys: usize,
    pub sms: usize,
}

impl FactorCounts {
    pub fn total(&self) -> usize {
        self.totp + self.security_keys + self.sms
    }

    fn of(input: &TwoFactorInput, keep: impl Fn(FactorStatus) -> bool) -> FactorCounts {
        let count = |list: &[FactorStatus]| list.iter().filter(|s| keep(**s)).count();
        FactorCounts {
            totp: count(&input.totp),
            security_keys: count(&input.security_keys),
            sms: count(&input.sms),
        }
    }
}

/// The backup codes as the check sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupCodes {
    /// Never generated (the API's 404).
    None,
    Enabled {
        remaining: u64,
    },
    /// Generated, not enabled (disabled, awaiting validation, or a status this build does not
    /// know).
    NotEnabled {
        status: FactorStatus,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TwoFactorCheck {
    pub reason: Reason,
    /// Enabled apps, keys and phones.
    pub enabled: FactorCounts,
    /// Those awaiting validation.
    pub pending: FactorCounts,
    /// Every one registered, whatever its status.
    pub registered: FactorCounts,
    pub backup_codes: BackupCodes,
}

impl TwoFactorCheck {
    pub fn level(&self) -> Level {
        self.reason.level()
    }
}

pub fn two_factor(input: &TwoFactorInput) -> TwoFactorCheck {
    let enabled = FactorCounts::of(input, |s| s == FactorStatus::Enabled);
    let pending = FactorCounts::of(input, |s| s == FactorStatus::NeedsValidation);
    let registered = FactorCounts::of(input, |_| true);
    let backup_codes = match input.backup_codes {
        None => BackupCodes::None,
        Some(BackupCodesInput {
            status: FactorStatus::Enabled,
            remaining,
        }) => BackupCodes::Enabled { remaining },
        Some(BackupCodesInput { status, .. }) => BackupCodes::NotEnabled { status },
    };
    let backup_pending = matches!(
        backup_codes,
        BackupCodes::NotEnabled {
            status: FactorStatus::NeedsValidation
        }
    );
    let reason = if enabled.total() > 0 {
        match backup_codes {
            BackupCodes::Enabled { remaining: 0 } => Reason::TwoFactorBackupCodesUsedUp,
            BackupCodes::Enabled { .. } => Reason::TwoFactorOn,
            _ => Reason::TwoFactorNoBackupCodes,
        }
    } else if matches!(backup_codes, BackupCodes::Enabled { .. }) {
        Reason::TwoFactorOnlyBackupCodes
    } else if pending.total() > 0 || backup_pending {
        Reason::TwoFactorNotValidated
    } else if registered.total() > 0 || backup_codes != BackupCodes::None {
        Reason::TwoFactorDisabled
    } else {
        Reason::TwoFactorOff
    };
    TwoFactorCheck {
        reason,
        enabled,
        pending,
        registered,
        backup_codes,
    }
}

// ---------------------------------------------------------------------------------------------
// Spare e-mail

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpareEmailCheck {
    pub reason: Reason,
}

impl SpareEmailCheck {
    pub fn level(&self) -> Level {
        self.reason.level()
    }
}

/// `email` and `spareEmail` of `GET /me`.
pub fn spare_email(email: Option<&str>, spare_email: Option<&str>) -> SpareEmailCheck {
    let spare = spare_email.map(str::trim).filter(|s| !s.is_empty());
    let reason = match spare {
        None => Reason::SpareEmailMissing,
        Some(spare) if email.is_some_and(|main| main.trim().eq_ignore_ascii_case(spare)) => {
            Reason::SpareEmailSameAsMain
        }
        Some(_) => Reason::SpareEmailSet,
    };
    SpareEmailCheck { reason }
}

// ---------------------------------------------------------------------------------------------
// Default payment method

/// The default payment method, as [`PaymentHealth`] tells it ([`DefaultPayment::from_health`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultPayment {
    /// A valid default method.
    Valid { expiring_soon: bool },
    /// No valid default; `registered` methods on file.
    NoValidDefault { registered: usize },
}

impl DefaultPayment {
    pub fn from_health(health: &PaymentHealth) -> DefaultPayment {
        match health {
            PaymentHealth::Ready { expiring_soon, .. } => DefaultPayment::Valid {
                expiring_soon: *expiring_soon,
            },
            PaymentHealth::NoDebit { registered } => DefaultPayment::NoValidDefault {
                registered: *registered,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentCheck {
    pub reason: Reason,
}

impl PaymentCheck {
    pub fn level(&self) -> Level {
        self.reason.level()
    }
}

pub fn default_payment(payment: DefaultPayment) -> PaymentCheck {
    let reason = match payment {
        DefaultPayment::Valid {
            expiring_soon: false,
        } => Reason::PaymentValid,
        DefaultPayment::Valid {
            expiring_soon: true,
        } => Reason::PaymentExpiringSoon,
        DefaultPayment::NoValidDefault { registered: 0 } => Reason::PaymentNoneRegistered,
        DefaultPayment::NoValidDefault { .. } => Reason::PaymentNoValidDefault,
    };
    PaymentCheck { reason }
}

// ---------------------------------------------------------------------------------------------
// Closure readiness

/// A service, for closure readiness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureService {
    pub id: u64,
    /// `resource.state` (`active`, `deleted`, ...).
    pub resource_state: String,
    /// `billing.lifecycle.current.state` (`active`, `terminated`, `unrenewed`, ...).
    pub lifecycle_state: Option<String>,
    /// A termination (at expiry or at the engagement's end) is requested.
    pub termination_requested: bool,
}

impl ClosureService {
    /// Terminated or deleted: no longer on the account.
    pub fn ended(&self) -> bool {
        self.lifecycle_state.as_deref() == Some("terminated") || self.resource_state == "deleted"
    }

    /// Still on the account, but on its way out without the customer doing anything more:
    /// termination requested, expired without renewal, or being deleted.
    pub fn ending(&self) -> bool {
        !self.ended()
            && (self.termination_requested
                || self.lifecycle_state.as_deref() == Some("unrenewed")
                || self.resource_state == "toDelete")
    }
}

/// A debt (`GET /me/debtAccount/debt/{id}`), for closure readiness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureDebt {
    pub id: u64,
    /// What is still due (`dueAmount`).
    pub due: Money,
}

/// An order, for closure readiness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureOrder {
    pub id: u64,
    /// `GET /me/order/{id}/status`; `None` while not loaded.
    pub status: Option<String>,
    /// `expirationDate`.
    pub expiration: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServicesCheck {
    pub reason: Reason,
    /// The services still active, by id (the count shown).
    pub active: Vec<u64>,
    /// Among them, those already on their way out ([`ClosureService::ending`]).
    pub ending: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtCheck {
    pub reason: Reason,
    /// The debts with something due, by id (the count shown).
    pub debts: Vec<u64>,
    /// What is due, one sum per currency, by currency code.
    pub due: Vec<Money>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdersCheck {
    pub reason: Reason,
    /// Orders in progress, by id (the count shown).
    pub in_progress: Vec<u64>,
    /// Orders whose status is not loaded yet, by id.
    pub unchecked: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureReadiness {
    pub services: ServicesCheck,
    pub debts: DebtCheck,
    pub orders: OrdersCheck,
}

impl ServicesCheck {
    pub fn level(&self) -> Level {
        self.reason.level()
    }
}

impl DebtCheck {
    pub fn level(&self) -> Level {
        self.reason.level()
    }
}

impl OrdersCheck {
    pub fn level(&self) -> Level {
        self.reason.level()
    }
}

impl ClosureReadiness {
    /// All three ok: the account can be closed.
    pub fn ready(&self) -> bool {
        self.level() == Level::Ok
    }

    pub fn level(&self) -> Level {
        if [self.services.reason, self.debts.reason, self.orders.reason]
            .iter()
            .all(|r| r.level() == Level::Ok)
        {
            Level::Ok
        } else {
            Level::Warning
        }
    }
}

pub fn closure_services(services: &[ClosureService]) -> ServicesCheck {
    let mut active: Vec<u64> = services
        .iter()
        .filter(|s| !s.ended())
        .map(|s| s.id)
        .collect();
    let mut ending: Vec<u64> = services
        .iter()
        .filter(|s| s.ending())
        .map(|s| s.id)
        .collect();
    active.sort_unstable();
    ending.sort_unstable();
    ServicesCheck {
        reason: if active.is_empty() {
            Reason::NoActiveService
        } else {
            Reason::ActiveServices
        },
        active,
        ending,
    }
}

pub fn closure_debts(debts: &[ClosureDebt]) -> DebtCheck {
    let owed: Vec<&ClosureDebt> = debts.iter().filter(|d| d.due.minor > 0).collect();
    let mut sums: BTreeMap<&str, i64> = BTreeMap::new();
    for d in &owed {
        let sum = sums.entry(&*d.due.currency).or_default();
        *sum = sum.saturating_add(d.due.minor);
    }
    let mut ids: Vec<u64> = owed.iter().map(|d| d.id).collect();
    ids.sort_unstable();
    DebtCheck {
        reason: if ids.is_empty() {
            Reason::NoDebt
        } else {
            Reason::Debt
        },
        debts: ids,
        due: sums
            .into_iter()
            .map(|(currency, minor)| Money::new(minor, currency))
            .collect(),
    }
}

/// Whether an order with a known status is in progress at `now` (see the module's rules).
pub fn order_in_progress(
    status: &str,
    expiration: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    match status {
        "checking" | "delivering" | "documentsRequested" => true,
        "notPaid" => expiration.is_none_or(|e| e >= now),
        _ => false,
    }
}

pub fn closure_orders(orders: &[ClosureOrder], now: DateTime<Utc>) -> OrdersCheck {
    let mut in_progress = Vec::new();
    let mut unchecked = Vec::new();
    for o in orders {
        match o.status.as_deref() {
            None => unchecked.push(o.id),
            Some(status) if order_in_progress(status, o.expiration, now) => in_progress.push(o.id),
            Some(_) => {}
        }
    }
    in_progress.sort_unstable();
    unchecked.sort_unstable();
    let reason = if !in_progress.is_empty() {
        Reason::OrdersInProgress
    } else if !unchecked.is_empty() {
        Reason::OrdersUnchecked
    } else {
        Reason::NoOrderInProgress
    };
    OrdersCheck {
        reason,
        in_progress,
        unchecked,
    }
}

/// The services condition when `unread` services could not be read (a page or an object that
/// failed, or was not readable): none active among those read does not mean none at all.
pub fn services_with_unread(mut check: ServicesCheck, unread: u64) -> ServicesCheck {
    if unread > 0 && check.reason == Reason::NoActiveService {
        check.reason = Reason::ServicesUnchecked;
    }
    check
}

/// The orders condition when `unread` orders of the list could not be read: none in progress
/// among those read does not mean none at all.
pub fn orders_with_unread(mut check: OrdersCheck, unread: u64) -> OrdersCheck {
    if unread > 0 && check.reason == Reason::NoOrderInProgress {
        check.reason = Reason::OrdersUnchecked;
    }
    check
}

/// The three closure conditions at `now` (the server's clock).
pub fn closure(
    services: &[ClosureService],
    debts: &[ClosureDebt],
    orders: &[ClosureOrder],
    now: DateTime<Utc>,
) -> ClosureReadiness {
    ClosureReadiness {
        services: closure_services(services),
        debts: closure_debts(debts),
        orders: closure_orders(orders, now),
    }
}
