//! An order's status: its tone, its step in the tracking, the order of statuses in a sort.

use super::*;

/// How a status badge looks (provider-panel-notes §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusTone {
    Info,
    Success,
    Warning,
    Error,
}

impl OrderStatus {
    /// The status's key in URLs (the API value: stable, not translated). Round-trips through
    /// [`OrderStatus::from_key`], unknown values included.
    pub fn key(&self) -> &str {
        self.as_wire()
    }

    /// The status a URL key names; a key this build does not know stays `Unknown(key)`.
    pub fn from_key(key: &str) -> OrderStatus {
        OrderStatus::from_wire(key)
    }

    /// The tracking step an order in this status is at: `notPaid` → VALIDATING (waiting for the
    /// payment), `checking`/`documentsRequested` → VALIDATED (being checked), `delivering` →
    /// DELIVERING, `delivered` → AVAILABLE. `None` off the normal path (cancelling, cancelled,
    /// `unknown`, values this build does not know).
    pub fn step(&self) -> Option<FollowUpStep> {
        match self {
            OrderStatus::NotPaid => Some(FollowUpStep::Validating),
            OrderStatus::Checking | OrderStatus::DocumentsRequested => {
                Some(FollowUpStep::Validated)
            }
            OrderStatus::Delivering => Some(FollowUpStep::Delivering),
            OrderStatus::Delivered => Some(FollowUpStep::Available),
            _ => None,
        }
    }

    /// The badge of the provider's panel: `notPaid`/`cancelled` error, `delivered` success,
    /// `documentsRequested`/`unknown` (and unknown values) warning, the rest info.
    pub fn tone(&self) -> StatusTone {
        match self {
            OrderStatus::NotPaid | OrderStatus::Cancelled => StatusTone::Error,
            OrderStatus::Delivered => StatusTone::Success,
            OrderStatus::Checking | OrderStatus::Delivering | OrderStatus::Cancelling => {
                StatusTone::Info
            }
            OrderStatus::DocumentsRequested | OrderStatus::Unknown_ | OrderStatus::Unknown(_) => {
                StatusTone::Warning
            }
        }
    }

    /// Not paid ("Paiement non reçu"): the only status that lapses at the expiry date.
    pub fn is_unpaid(&self) -> bool {
        *self == OrderStatus::NotPaid
    }

    /// Cancelled or being cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, OrderStatus::Cancelling | OrderStatus::Cancelled)
    }

    /// Position in the order's life, for the status sort (unknown values last).
    pub(super) fn rank(&self) -> u8 {
        match self {
            OrderStatus::NotPaid => 0,
            OrderStatus::Checking => 1,
            OrderStatus::DocumentsRequested => 2,
            OrderStatus::Delivering => 3,
            OrderStatus::Delivered => 4,
            OrderStatus::Cancelling => 5,
            OrderStatus::Cancelled => 6,
            OrderStatus::Unknown_ => 7,
            OrderStatus::Unknown(_) => 8,
        }
    }
}
