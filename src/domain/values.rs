//! The values the API names services, renewals, orders and payments by. The domain works on
//! these; their text is the API's own (stable, never translated: URLs and exports use it too).
//! The API adds values over time, so every one of them has an `Unknown(String)` variant that keeps
//! the raw value: it is shown as it is and never fails the page. How they are read from and
//! written to JSON is the API layer's business (`api::enums`).

/// Declares a value enum: known variants mapped to their exact API strings, plus
/// `Unknown(String)`.
macro_rules! value_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
            /// A value this build does not know yet, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// Every known variant, in declaration order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The exact string the API uses for this value.
            pub fn as_wire(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(raw) => raw,
                }
            }

            /// The value the API calls `raw`; values this build does not know become `Unknown`.
            pub fn from_wire(raw: &str) -> Self {
                match raw {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl $crate::domain::values::Value for $name {
            fn known_index(&self) -> Option<u32> {
                $name::KNOWN.iter().position(|k| k == self).map(|i| i as u32)
            }
            fn known(index: u32) -> Self {
                $name::KNOWN[index as usize].clone()
            }
            fn wire(&self) -> &str {
                self.as_wire()
            }
            fn parse(raw: &str) -> Self {
                $name::from_wire(raw)
            }
        }
    };
}

/// What [`ValueSet`] needs of a value enum (written by `value_enum!`).
pub trait Value: Sized {
    /// Its position among the known values; `None` for a value this build does not know.
    fn known_index(&self) -> Option<u32>;
    fn known(index: u32) -> Self;
    fn wire(&self) -> &str;
    fn parse(raw: &str) -> Self;
}

/// A set of values of one enum, such as what a service allows: the known values as bits (no
/// allocation: a row keeps two of these for each of 50,000 services), the ones this build does
/// not know kept as the API sent them. Iterates in declaration order, then the unknown ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueSet<T> {
    known: u32,
    unknown: Option<Box<[String]>>,
    values: std::marker::PhantomData<T>,
}

impl<T: Value> ValueSet<T> {
    pub fn contains(&self, value: &T) -> bool {
        match value.known_index() {
            Some(i) => self.known & (1 << i) != 0,
            None => self
                .unknown
                .as_deref()
                .is_some_and(|u| u.iter().any(|raw| raw == value.wire())),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.known == 0 && self.unknown.is_none()
    }

    pub fn clear(&mut self) {
        *self = ValueSet::default();
    }

    pub fn insert(&mut self, value: T) {
        match value.known_index() {
            Some(i) => self.known |= 1 << i,
            None if self.contains(&value) => {}
            None => {
                let mut unknown = self.unknown.take().map(Vec::from).unwrap_or_default();
                unknown.push(value.wire().to_string());
                self.unknown = Some(unknown.into_boxed_slice());
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        (0..32)
            .filter(|i| self.known & (1 << i) != 0)
            .map(T::known)
            .chain(self.unknown.iter().flatten().map(|raw| T::parse(raw)))
    }
}

impl<T> Default for ValueSet<T> {
    fn default() -> Self {
        ValueSet {
            known: 0,
            unknown: None,
            values: std::marker::PhantomData,
        }
    }
}

impl<T: Value> FromIterator<T> for ValueSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(values: I) -> Self {
        let mut set = ValueSet::default();
        for value in values {
            set.insert(value);
        }
        set
    }
}

impl<T: Value> From<Vec<T>> for ValueSet<T> {
    fn from(values: Vec<T>) -> Self {
        values.into_iter().collect()
    }
}
pub(crate) use value_enum;

value_enum!(
    /// `resource.state` of a `services.expanded.Service`.
    ResourceState {
        Active => "active",
        Deleted => "deleted",
        Suspended => "suspended",
        ToActivate => "toActivate",
        ToDelete => "toDelete",
        ToSuspend => "toSuspend",
    }
);

value_enum!(
    /// `billing.lifecycle.current.state`.
    LifecycleState {
        Active => "active",
        Error => "error",
        Rupture => "rupture",
        Terminated => "terminated",
        ToRenew => "toRenew",
        Unpaid => "unpaid",
        Unrenewed => "unrenewed",
    }
);

value_enum!(
    /// `billing.lifecycle.current.pendingActions[]` and `capacities.actions[]`.
    LifecycleAction {
        EarlyRenewal => "earlyRenewal",
        Terminate => "terminate",
        TerminateAtEngagementDate => "terminateAtEngagementDate",
        TerminateAtExpirationDate => "terminateAtExpirationDate",
    }
);

value_enum!(
    /// `billing.renew.current.mode`.
    RenewMode {
        Automatic => "automatic",
        Manual => "manual",
    }
);

value_enum!(
    /// `GET /me/order/{id}/status`.
    OrderStatus {
        NotPaid => "notPaid",
        Checking => "checking",
        Delivering => "delivering",
        Delivered => "delivered",
        Cancelling => "cancelling",
        Cancelled => "cancelled",
        DocumentsRequested => "documentsRequested",
        Unknown_ => "unknown",
    }
);

value_enum!(
    /// `GET /me/payment/method` status.
    PaymentMethodStatus {
        Canceled => "CANCELED",
        Canceling => "CANCELING",
        Created => "CREATED",
        Creating => "CREATING",
        Error => "ERROR",
        Expired => "EXPIRED",
        Failed => "FAILED",
        Maintenance => "MAINTENANCE",
        Paused => "PAUSED",
        Rejected => "REJECTED",
        Replaced => "REPLACED",
        Valid => "VALID",
        Validating => "VALIDATING",
    }
);

value_enum!(
    /// `billing.order.followUp.StepEnum`, in the order the tracking shows them.
    FollowUpStep {
        Validating => "VALIDATING",
        Validated => "VALIDATED",
        Delivering => "DELIVERING",
        Available => "AVAILABLE",
    }
);

value_enum!(
    /// `billing.order.followUp.StatusEnum`: the state of one tracking step.
    FollowUpStatus {
        Todo => "TODO",
        Doing => "DOING",
        Done => "DONE",
        Error => "ERROR",
    }
);

value_enum!(
    /// `billing.order.followUp.HistoryStatusEnum`: what happened, in a tracking step's history.
    FollowUpLabel {
        OrderStarted => "ORDER_STARTED",
        OrderAccepted => "ORDER_ACCEPTED",
        PaymentInitiated => "PAYMENT_INITIATED",
        RegisteredPaymentInitiated => "REGISTERED_PAYMENT_INITIATED",
        PaymentReceived => "PAYMENT_RECEIVED",
        PaymentConfirmed => "PAYMENT_CONFIRMED",
        FraudCheck => "FRAUD_CHECK",
        FraudDocsRequested => "FRAUD_DOCS_REQUESTED",
        FraudManualReview => "FRAUD_MANUAL_REVIEW",
        FraudRefused => "FRAUD_REFUSED",
        InvoiceInProgress => "INVOICE_IN_PROGRESS",
        InvoiceSent => "INVOICE_SENT",
        Delivery => "DELIVERY",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip_and_unknown_values_are_kept() {
        for state in LifecycleState::KNOWN {
            assert_eq!(&LifecycleState::from_wire(state.as_wire()), state);
        }
        let odd = LifecycleState::from_wire("pendingMigration");
        assert_eq!(odd, LifecycleState::Unknown("pendingMigration".into()));
        assert_eq!(odd.as_wire(), "pendingMigration");
        assert_eq!(OrderStatus::from_wire("unknown"), OrderStatus::Unknown_);
    }

    #[test]
    fn a_value_set_keeps_known_values_as_bits_and_unknown_ones_as_sent() {
        let mut set: ValueSet<LifecycleAction> = vec![
            LifecycleAction::Terminate,
            LifecycleAction::Unknown("earlyMigration".into()),
            LifecycleAction::EarlyRenewal,
            LifecycleAction::Terminate,
        ]
        .into();
        assert!(set.contains(&LifecycleAction::Terminate));
        assert!(set.contains(&LifecycleAction::EarlyRenewal));
        assert!(!set.contains(&LifecycleAction::TerminateAtExpirationDate));
        assert!(set.contains(&LifecycleAction::Unknown("earlyMigration".into())));
        assert!(!set.contains(&LifecycleAction::Unknown("other".into())));
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [
                LifecycleAction::EarlyRenewal,
                LifecycleAction::Terminate,
                LifecycleAction::Unknown("earlyMigration".into())
            ]
        );
        assert!(!set.is_empty());
        set.clear();
        assert!(set.is_empty());
        assert_eq!(set.iter().count(), 0);
        assert!(ValueSet::<RenewMode>::default().is_empty());
    }
}
