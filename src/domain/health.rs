//! Account health: what the customer should act on before it costs them a service. Can the
//! renewals be debited (the default payment method), what is owed (the debt account), and which
//! services will stop unless they act (a bill to pay, a manual renewal or a requested
//! termination coming up).

use chrono::NaiveDate;

use super::dates::days_between;
use super::money::Money;
use super::renewal::{charged_method, PaymentMethod};
use super::services::{RenewalStatus, ServiceRow};

/// A card expiring within this many days is flagged.
pub const PAYMENT_EXPIRY_WARNING_DAYS: i64 = 60;

/// Can automatic renewals be debited?
#[derive(Debug, Clone, PartialEq)]
pub enum PaymentHealth {
    /// The default method is valid: renewals are debited from it.
    Ready {
        method: PaymentMethod,
        /// Its expiry, when the API gives one.
        expires: Option<NaiveDate>,
        /// It expires within [`PAYMENT_EXPIRY_WARNING_DAYS`] (or already has, by the date).
        expiring_soon: bool,
    },
    /// No valid default method: renewal bills are e-mailed and must be paid by hand.
    /// `registered` counts the methods on file (none of which can be debited by default).
    NoDebit { registered: usize },
}

pub fn payment_health(methods: &[PaymentMethod], today: NaiveDate) -> PaymentHealth {
    match charged_method(methods) {
        Some(method) => {
            let expires = method.expires;
            let expiring_soon =
                expires.is_some_and(|d| days_between(today, d) <= PAYMENT_EXPIRY_WARNING_DAYS);
            PaymentHealth::Ready {
                method: method.clone(),
                expires,
                expiring_soon,
            }
        }
        None => PaymentHealth::NoDebit {
            registered: methods.len(),
        },
    }
}

/// What is owed: the debts with something left to pay, oldest first, and their total.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Owed {
    pub debts: Vec<OwedDebt>,
    /// `None` when nothing is owed, when the debts are in several currencies (each line then
    /// still shows its own amount), or when an amount could not be read (a total would be less
    /// than what is owed).
    pub total: Option<Money>,
}

/// One debt of the debt account (`GET /me/debtAccount/debt/{id}`).
#[derive(Debug, Clone, PartialEq)]
pub struct DebtRow {
    pub id: u64,
    pub order_id: u64,
    pub date: Option<NaiveDate>,
    /// What is left to pay (`dueAmount`), exactly; `None` when it cannot be read.
    pub due: Option<Money>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OwedDebt {
    pub debt_id: u64,
    pub order_id: u64,
    pub date: Option<NaiveDate>,
    /// `None` when the amount could not be read: the debt is listed all the same (an unreadable
    /// amount never makes the account look clear).
    pub due: Option<Money>,
}

/// The debts still to pay (`dueAmount` above zero, or unreadable), oldest first (undated last).
pub fn owed(debts: &[DebtRow]) -> Owed {
    let mut lines: Vec<OwedDebt> = debts
        .iter()
        .filter(|d| d.due.as_ref().is_none_or(|due| due.minor > 0))
        .map(|d| OwedDebt {
            debt_id: d.id,
            order_id: d.order_id,
            date: d.date,
            due: d.due.clone(),
        })
        .collect();
    // Oldest first; a debt without a date last.
    lines.sort_by_key(|d| (d.date.is_none(), d.date, d.debt_id));
    let total = lines.iter().try_fold(None::<Money>, |sum, line| {
        let due = line.due.as_ref()?;
        match sum {
            None => Some(Some(due.clone())),
            Some(sum) => sum.checked_add(due).map(Some),
        }
    });
    Owed {
        total: total.flatten(),
        debts: lines,
    }
}

/// Why a service will stop unless the customer acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LapseReason {
    /// A bill is pending: the service is suspended if it stays unpaid.
    BillToPay,
    /// Manual renewal: it expires unless renewed by hand.
    ManualRenewal,
    /// The customer asked to terminate it at expiry (listed so it is never a surprise).
    TerminationRequested,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lapse {
    pub id: u64,
    pub name: String,
    pub reason: LapseReason,
    /// The date it stops: the termination date, else the expiry.
    pub date: Option<NaiveDate>,
    /// Days from today to `date` (negative when past).
    pub days_left: Option<i64>,
}

/// The services that will stop unless the customer acts: every service with a bill to pay,
/// and the manual renewals and requested terminations due within `within_days` (0 = today),
/// or already past due but not ended. Ended services are left out. Soonest first; no date last; then by name.
pub fn lapsing(rows: &[ServiceRow], today: NaiveDate, within_days: i64) -> Vec<Lapse> {
    let mut lapses: Vec<Lapse> = rows
        .iter()
        .filter_map(|row| {
            let (reason, date) = match row.status {
                RenewalStatus::BillToPay => (LapseReason::BillToPay, row.expiration),
                RenewalStatus::Manual => (LapseReason::ManualRenewal, row.expiration),
                RenewalStatus::TerminationRequested => (
                    LapseReason::TerminationRequested,
                    row.termination.or(row.expiration),
                ),
                _ => return None,
            };
            let days_left = date.map(|d| days_between(today, d));
            // A date just passed stays listed: the service has not ended yet (ended ones were
            // left out above), and it is the most urgent.
            let due_soon = days_left.is_some_and(|d| d <= within_days);
            (reason == LapseReason::BillToPay || due_soon).then(|| Lapse {
                id: row.id,
                name: row.display_name.to_string(),
                reason,
                date,
                days_left,
            })
        })
        .collect();
    lapses.sort_by(|a, b| {
        (a.date.is_none(), a.date, &a.name).cmp(&(b.date.is_none(), b.date, &b.name))
    });
    lapses
}
