//! The answers of the customer's changes that outlive the page that sent them, for the tab's
//! life: per service and action, an answer whose outcome is not known (the change may have been
//! made: only "check again" may follow) or that made an order (its payment link). A dialog opened
//! again, on this page or after coming back to it, shows that answer instead of the button that
//! would send a second order. "Pay my bill" pays everything the account owes, whichever row or
//! card asked: its answer is the account's, one for every row and the account page's bills.
//!
//! Memory only: an order's payment URL carries its password and is never stored.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::Settled;
use crate::domain::eligibility::ServiceAction;
use crate::domain::outcome::Outcome;

#[derive(Clone, Copy)]
pub struct KeptAnswers(RwSignal<HashMap<(u64, ServiceAction), Settled>>);

/// Where an answer is kept: "Pay my bill" by the account (0), the rest by service.
fn key(id: u64, action: ServiceAction) -> (u64, ServiceAction) {
    match action {
        ServiceAction::PayBill => (0, action),
        _ => (id, action),
    }
}

/// Whether an answer must be shown again rather than allow sending anew.
pub fn must_keep(settled: &Settled) -> bool {
    matches!(settled.outcome, Outcome::Unknown { .. }) || settled.created_order().is_some()
}

impl KeptAnswers {
    pub fn new() -> KeptAnswers {
        KeptAnswers(RwSignal::new(HashMap::new()))
    }

    /// The answer kept for `action` on the service `id` (not tracked).
    pub fn get(self, id: u64, action: ServiceAction) -> Option<Settled> {
        self.0
            .try_with_untracked(|kept| kept.get(&key(id, action)).cloned())
            .flatten()
    }

    /// Records the last answer of `action` on `id`: kept when it must be shown again, else
    /// (done without an order, refused, proven not made, stopped) whatever was kept is dropped.
    pub fn record(self, id: u64, action: ServiceAction, settled: &Settled) {
        self.0.try_update(|kept| {
            if must_keep(settled) {
                kept.insert(key(id, action), settled.clone());
            } else {
                kept.remove(&key(id, action));
            }
        });
    }
}

impl Default for KeptAnswers {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiError, Found, PaymentOrder};

    fn settled(outcome: Outcome<Found, ApiError>) -> Settled {
        Settled {
            outcome,
            recheck: None,
        }
    }

    #[test]
    fn an_unknown_outcome_and_an_order_made_are_kept_the_rest_is_not() {
        let order = Found::Payment(PaymentOrder {
            order_id: Some(7),
            url: None,
        });
        assert!(must_keep(&settled(Outcome::Unknown {
            error: ApiError::timeout()
        })));
        assert!(must_keep(&settled(Outcome::Applied {
            value: order,
            recovered: true
        })));
        assert!(!must_keep(&settled(Outcome::Applied {
            value: Found::Done,
            recovered: false
        })));
        assert!(!must_keep(&settled(Outcome::NotApplied {
            error: ApiError::timeout(),
            proven: true
        })));
        // "Pay my bill" is the account's, whichever row asked.
        assert_eq!(
            key(5, ServiceAction::PayBill),
            key(9, ServiceAction::PayBill)
        );
        assert_ne!(
            key(5, ServiceAction::RenewService),
            key(9, ServiceAction::RenewService)
        );
    }
}
