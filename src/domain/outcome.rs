//! How a change the customer asked for ended. A mutation whose answer was lost (no answer, a time
//! limit, a 5xx, an unreadable answer) may have been carried out: it is never shown as failed nor
//! as done until a re-read tells; "try again" is offered only when nothing was applied.
//!
//! Also what the customer saw of a service's renewal ([`RenewView`]), so that a change made
//! elsewhere meanwhile (a termination requested in another tab) stops the action instead of
//! being overwritten.

/// The end of one mutation. `E` is the API's error type.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<T, E> {
    /// Carried out. `recovered`: its answer was lost, and the re-read shows it in place.
    Applied { value: T, recovered: bool },
    /// Not carried out: the API refused it, or (`proven`) its answer was lost and the re-read
    /// shows nothing changed. Safe to send again.
    NotApplied { error: E, proven: bool },
    /// Nothing was sent: what the customer saw has changed meanwhile (read again just before
    /// sending). The new state is what to show.
    Changed(Changed),
    /// The answer was lost and the re-read could not tell. Never send again blind: check again.
    Unknown { error: E },
}

impl<T, E> Outcome<T, E> {
    /// Whether "try again" may be offered: only when nothing was applied.
    pub fn may_retry(&self) -> bool {
        matches!(self, Outcome::NotApplied { .. })
    }

    pub fn is_applied(&self) -> bool {
        matches!(self, Outcome::Applied { .. })
    }

    /// The same outcome with another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Outcome<U, E> {
        match self {
            Outcome::Applied { value, recovered } => Outcome::Applied {
                value: f(value),
                recovered,
            },
            Outcome::NotApplied { error, proven } => Outcome::NotApplied { error, proven },
            Outcome::Changed(c) => Outcome::Changed(c),
            Outcome::Unknown { error } => Outcome::Unknown { error },
        }
    }
}

/// What changed behind the customer's back (or what the re-read found instead of the change).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Changed {
    /// A termination was requested elsewhere.
    TerminationRequested,
    /// The termination the customer saw is no longer requested.
    TerminationCancelled,
    /// The renewal (automatic/manual or its frequency) is no longer what the customer saw.
    RenewalChanged,
    /// The service, order or account is already as asked: nothing was sent.
    AlreadyDone,
    /// The service is being deleted or has ended.
    Ended,
    /// The account's renewal day is no longer what the customer saw.
    RenewDayChanged,
    /// The service's expiry is no longer the one the customer saw (renewed elsewhere).
    ExpiryChanged,
}

/// What a re-read says about a mutation: carried out, not carried out, or something else.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict<T> {
    Applied(T),
    NotApplied,
    /// Neither the state before nor the one asked for: someone else changed it.
    Other,
}

/// The renewal of one service as the customer saw it or as the API has it now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct RenewView {
    /// `Some(true)` automatic, `Some(false)` manual, `None` not known.
    pub automatic: Option<bool>,
    /// The automatic renewal's frequency in months, when known.
    pub period_months: Option<u32>,
    pub termination_requested: bool,
}

impl RenewView {
    /// What differs, for the customer, between `seen` and `self` (read just before sending), or
    /// `None` when the action may go ahead. A frequency or a mode that the customer did not see
    /// (`None`) is not compared.
    pub fn changed_since(&self, seen: &RenewView) -> Option<Changed> {
        if self.termination_requested != seen.termination_requested {
            return Some(if self.termination_requested {
                Changed::TerminationRequested
            } else {
                Changed::TerminationCancelled
            });
        }
        if let (Some(now), Some(then)) = (self.automatic, seen.automatic) {
            if now != then {
                return Some(Changed::RenewalChanged);
            }
        }
        if self.automatic == Some(true) && seen.automatic == Some(true) {
            if let (Some(now), Some(then)) = (self.period_months, seen.period_months) {
                if now != then {
                    return Some(Changed::RenewalChanged);
                }
            }
        }
        None
    }

    /// Whether the renewal is as `choice` asks (termination left as it is).
    pub fn matches(&self, choice: super::renewal::RenewalChoice) -> bool {
        match choice {
            super::renewal::RenewalChoice::Manual => self.automatic == Some(false),
            super::renewal::RenewalChoice::Automatic { months } => {
                self.automatic == Some(true) && self.period_months.is_none_or(|m| m == months)
            }
        }
    }
}

/// After a mutation whose answer was lost: what the re-read `after` says, given the state
/// `before` it was sent and whether `after` is what was asked.
pub fn verdict_from<T>(asked: bool, unchanged: bool, value: T) -> Verdict<T> {
    if asked {
        Verdict::Applied(value)
    } else if unchanged {
        Verdict::NotApplied
    } else {
        Verdict::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::renewal::RenewalChoice;

    fn view(automatic: Option<bool>, months: Option<u32>, terminating: bool) -> RenewView {
        RenewView {
            automatic,
            period_months: months,
            termination_requested: terminating,
        }
    }

    #[test]
    fn a_termination_requested_elsewhere_stops_the_action() {
        let seen = view(Some(true), Some(12), false);
        let now = view(Some(true), Some(12), true);
        assert_eq!(
            now.changed_since(&seen),
            Some(Changed::TerminationRequested)
        );
        assert_eq!(
            seen.changed_since(&now),
            Some(Changed::TerminationCancelled)
        );
        assert_eq!(seen.changed_since(&seen), None);
    }

    #[test]
    fn a_renewal_switched_elsewhere_stops_the_action() {
        let seen = view(Some(true), Some(12), false);
        assert_eq!(
            view(Some(false), None, false).changed_since(&seen),
            Some(Changed::RenewalChanged)
        );
        assert_eq!(
            view(Some(true), Some(1), false).changed_since(&seen),
            Some(Changed::RenewalChanged)
        );
        // What the customer did not see is not compared.
        assert_eq!(view(Some(true), None, false).changed_since(&seen), None);
        assert_eq!(
            view(Some(true), Some(3), false).changed_since(&view(None, None, false)),
            None
        );
    }

    #[test]
    fn a_view_matches_the_choice_it_shows() {
        assert!(view(Some(false), None, false).matches(RenewalChoice::Manual));
        assert!(view(Some(true), Some(3), true).matches(RenewalChoice::Automatic { months: 3 }));
        assert!(!view(Some(true), Some(1), false).matches(RenewalChoice::Automatic { months: 3 }));
        assert!(!view(None, None, false).matches(RenewalChoice::Manual));
    }

    #[test]
    fn only_a_proven_non_change_may_be_retried() {
        let applied: Outcome<(), ()> = Outcome::Applied {
            value: (),
            recovered: true,
        };
        assert!(!applied.may_retry());
        assert!(Outcome::<(), ()>::NotApplied {
            error: (),
            proven: true
        }
        .may_retry());
        assert!(!Outcome::<(), ()>::Unknown { error: () }.may_retry());
        assert!(!Outcome::<(), ()>::Changed(Changed::TerminationRequested).may_retry());
        assert_eq!(verdict_from(true, false, 1), Verdict::Applied(1));
        assert_eq!(verdict_from(false, true, 1), Verdict::NotApplied);
        assert_eq!(verdict_from(false, false, 1), Verdict::Other);
    }
}
