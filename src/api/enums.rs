//! How the API's enums travel on the wire. The values themselves are the domain's
//! (`domain::values`): here they get their JSON form, decoded with `from_wire` (a value this build
//! does not know is kept, never a decode error) and written with `as_wire`. Enums only the API
//! layer uses are declared here with [`api_enum!`].

pub use crate::domain::values::{
    FollowUpLabel, FollowUpStatus, FollowUpStep, LifecycleAction, LifecycleState, OrderStatus,
    PaymentMethodStatus, RenewMode, ResourceState,
};

/// JSON for value enums: a string, decoded with `from_wire` and written with `as_wire`.
macro_rules! wire_serde {
    ($($name:ident),+ $(,)?) => {$(
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
    )+};
}

wire_serde!(
    FollowUpLabel,
    FollowUpStatus,
    FollowUpStep,
    LifecycleAction,
    LifecycleState,
    OrderStatus,
    PaymentMethodStatus,
    RenewMode,
    ResourceState,
);

/// Declares an enum only the API layer uses: a value enum (`domain::values::value_enum!`) with
/// its JSON form.
macro_rules! api_enum {
    ($(#[$meta:meta])* $name:ident { $($body:tt)* }) => {
        $crate::domain::values::value_enum!($(#[$meta])* $name { $($body)* });
        $crate::api::enums::wire_serde!($name);
    };
}
pub(crate) use {api_enum, wire_serde};

api_enum!(
    /// `customer.contacts[].type`.
    ContactType {
        Administrator => "administrator",
        Billing => "billing",
        Technical => "technical",
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
