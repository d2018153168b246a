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
    };
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
}
