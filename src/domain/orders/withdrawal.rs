//! The 14-day withdrawal: offered while `retractionDate` is after the server's clock.

use chrono::{DateTime, Duration, FixedOffset, Utc};

use super::*;

/// Until when the withdrawal can be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// `retractionDate`, in the offset the API gave (show its date and time as written).
    pub until: DateTime<FixedOffset>,
    /// Time left from `now` (always positive).
    pub remaining: Duration,
}

/// Why the withdrawal is not offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithdrawalRefusal {
    /// The API gives no `retractionDate`: no withdrawal right for this order.
    NotOffered,
    /// The withdrawal period ended at this instant.
    Ended { ended: DateTime<FixedOffset> },
    /// The order is already cancelled or being cancelled.
    AlreadyCancelled,
    /// The order is not paid: nothing to withdraw from, it lapses at its expiry date.
    NotPaid,
}

/// Whether the 14-day withdrawal can be asked for `order` at `now` (the server's clock): only
/// while `retractionDate` is strictly after `now`. `status` is usually `order.status.as_ref()`;
/// when it is not known yet the date alone decides (as the provider's panel does) and the API
/// has the last word. Offsets are compared as instants (`+01:00`, `+02:00`, `Z`).
pub fn withdrawal(
    order: &OrderRow,
    status: Option<&OrderStatus>,
    now: DateTime<Utc>,
) -> Result<Deadline, WithdrawalRefusal> {
    match status {
        Some(s) if s.is_cancelled() => return Err(WithdrawalRefusal::AlreadyCancelled),
        Some(s) if s.is_unpaid() => return Err(WithdrawalRefusal::NotPaid),
        _ => {}
    }
    let until = order.retraction.ok_or(WithdrawalRefusal::NotOffered)?;
    let remaining = until.with_timezone(&Utc) - now;
    if remaining > Duration::zero() {
        Ok(Deadline { until, remaining })
    } else {
        Err(WithdrawalRefusal::Ended { ended: until })
    }
}
