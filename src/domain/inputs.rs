//! The account page's pure inputs from what the console holds: a services-table row becomes a
//! forecast or closure input, an orders-list row and a debt become closure inputs. The rules
//! themselves are [`super::forecast`]'s and [`super::checks`]'.

use chrono::Utc;

use super::checks::{ClosureDebt, ClosureOrder, ClosureService};
use super::forecast::ForecastService;
use super::health::DebtRow;
use super::orders::OrderRow;
use super::services::{RenewalStatus, ServiceRow};
use super::values::RenewMode;

/// A row as the forecast sees it: an automatic renewal every `period_months` from
/// `billing.renew.current.nextDate`, at `billing.pricing.price` for `billing.pricing.duration`;
/// an ended service ([`ServiceRow::ended`]) or one whose termination is requested renews no more.
pub fn forecast_service(row: &ServiceRow) -> ForecastService {
    ForecastService {
        id: row.id,
        name: row.display_name.to_string(),
        automatic: row.renew_mode == Some(RenewMode::Automatic),
        terminated_or_terminating: row.ended() || row.status == RenewalStatus::TerminationRequested,
        period_months: row.period_months,
        next_date: row.renew_next_date,
        price: row.price.clone(),
        price_period_months: row.price_period_months,
    }
}

/// A row as closure readiness sees it (its resource and lifecycle states as the API spells them).
pub fn closure_service(row: &ServiceRow) -> ClosureService {
    ClosureService {
        id: row.id,
        resource_state: row.state.as_wire().to_string(),
        lifecycle_state: row.lifecycle.as_ref().map(|l| l.as_wire().to_string()),
        termination_requested: row.status == RenewalStatus::TerminationRequested,
    }
}

/// An order as closure readiness sees it (`status: None` while not read).
pub fn closure_order(row: &OrderRow) -> ClosureOrder {
    ClosureOrder {
        id: row.id,
        status: row.status.as_ref().map(|s| s.as_wire().to_string()),
        expiration: row.expiration.map(|e| e.with_timezone(&Utc)),
    }
}

/// A debt as closure readiness sees it: what is still due, exactly; `None` when the due amount
/// cannot be read (the caller counts it as owed: an unreadable debt never makes the account look
/// clear).
pub fn closure_debt(debt: &DebtRow) -> Option<ClosureDebt> {
    Some(ClosureDebt {
        id: debt.id,
        due: debt.due.clone()?,
    })
}
