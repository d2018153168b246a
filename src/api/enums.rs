//! Enums of the API as they travel on the wire. The API adds values over time, so every enum has an
//! `Unknown(String)` variant that keeps the raw value: it decodes, is shown as it is, and never fails
//! the page.

/// Declares a wire enum: known variants mapped to their exact API strings, plus `Unknown(String)`.
macro_rules! api_enum {
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

            /// Decodes an API string; values this build does not know become `Unknown`.
            pub fn from_wire(raw: &str) -> Self {
                match raw {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                Ok($name::from_wire(&raw))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_wire())
            }
        }
    };
}
pub(crate) use api_enum;

api_enum!(
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

api_enum!(
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

api_enum!(
    /// `billing.lifecycle.current.pendingActions[]` and `capacities.actions[]`.
    LifecycleAction {
        EarlyRenewal => "earlyRenewal",
        Terminate => "terminate",
        TerminateAtEngagementDate => "terminateAtEngagementDate",
        TerminateAtExpirationDate => "terminateAtExpirationDate",
    }
);

api_enum!(
    /// `billing.renew.current.mode`.
    RenewMode {
        Automatic => "automatic",
        Manual => "manual",
    }
);

api_enum!(
    /// `customer.contacts[].type`.
    ContactType {
        Administrator => "administrator",
        Billing => "billing",
        Technical => "technical",
    }
);

api_enum!(
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

api_enum!(
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

api_enum!(
    /// Legacy `serviceInfos.status` (service.StateEnum).
    ServiceInfosStatus {
        Expired => "expired",
        InCreation => "inCreation",
        Ok => "ok",
        PendingDebt => "pendingDebt",
        UnPaid => "unPaid",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values_round_trip_and_unknown_values_are_kept() {
        for state in LifecycleState::KNOWN {
            let json = serde_json::to_string(state).unwrap();
            assert_eq!(
                &serde_json::from_str::<LifecycleState>(&json).unwrap(),
                state
            );
        }
        let odd: LifecycleState = serde_json::from_str("\"pendingMigration\"").unwrap();
        assert_eq!(odd, LifecycleState::Unknown("pendingMigration".into()));
        assert_eq!(odd.as_wire(), "pendingMigration");
    }

    #[test]
    fn the_api_value_unknown_is_a_known_order_status() {
        let status: OrderStatus = serde_json::from_str("\"unknown\"").unwrap();
        assert_eq!(status, OrderStatus::Unknown_);
        let newer: OrderStatus = serde_json::from_str("\"toFinalize\"").unwrap();
        assert_eq!(newer, OrderStatus::Unknown("toFinalize".into()));
    }

    #[test]
    fn a_non_string_enum_value_is_a_decode_error() {
        assert!(serde_json::from_str::<RenewMode>("3").is_err());
    }
}
