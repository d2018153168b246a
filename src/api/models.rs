//! The API's objects, with the API's own field names (OVHcloud API v1). Optional fields are
//! optional here too: a missing optional field never fails decoding.

use serde::{Deserialize, Serialize};

pub use super::enums::*;

/// `order.Price`: `{ currencyCode, text, value, priceInUcents? }`. Kept as the API sent it; the
/// exact amount is `Price::money` (`api::rows`; never from `text`, never as f64).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub currency_code: String,
    #[serde(default)]
    pub text: Option<String>,
    pub value: DecimalText,
    #[serde(default)]
    pub price_in_ucents: Option<i64>,
}

/// A JSON number kept as the exact text the API sent (`12.99`, `-0.5`, `1e2`): amounts are never
/// read through a float. (A number sent as a string is accepted too.) Read from JSON text only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalText(pub String);

impl DecimalText {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for DecimalText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&serde_json::value::RawValue>::deserialize(deserializer)?;
        let text = raw.get().trim();
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        let number = text.strip_prefix('-').unwrap_or(text);
        let valid = number.starts_with(|c: char| c.is_ascii_digit())
            && number
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
        if valid {
            Ok(DecimalText(text.to_string()))
        } else {
            Err(serde::de::Error::custom(format_args!(
                "not a number: {text}"
            )))
        }
    }
}

impl Serialize for DecimalText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// `services.expanded.Service`, the object of `GET /services` and `GET /services/{id}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_id: u64,
    #[serde(default)]
    pub parent_service_id: Option<u64>,
    #[serde(default)]
    pub route: Option<Route>,
    pub resource: Resource,
    #[serde(default)]
    pub billing: Option<Billing>,
    #[serde(default)]
    pub customer: Option<Customer>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub vars: Vec<RouteVar>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct RouteVar {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// The internal reference (the provider's service name).
    pub name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    pub state: ResourceState,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    #[serde(default)]
    pub pricing: Option<Pricing>,
    #[serde(default)]
    pub expiration_date: Option<String>,
    #[serde(default)]
    pub next_billing_date: Option<String>,
    #[serde(default)]
    pub lifecycle: Option<Lifecycle>,
    #[serde(default)]
    pub renew: Option<Renew>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pricing {
    #[serde(default)]
    pub price: Option<Price>,
    #[serde(default)]
    pub duration: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Lifecycle {
    pub current: LifecycleCurrent,
    #[serde(default)]
    pub capacities: Option<LifecycleCapacities>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleCurrent {
    pub state: LifecycleState,
    #[serde(default)]
    pub termination_date: Option<String>,
    #[serde(default)]
    pub pending_actions: Vec<LifecycleAction>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct LifecycleCapacities {
    #[serde(default)]
    pub actions: Vec<LifecycleAction>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Renew {
    pub current: RenewCurrent,
    #[serde(default)]
    pub capacities: Option<RenewCapacities>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewCurrent {
    #[serde(default)]
    pub mode: Option<RenewMode>,
    /// ISO 8601 duration (`P1M`, `P1Y`, ...).
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub next_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct RenewCapacities {
    #[serde(default)]
    pub mode: Vec<RenewMode>,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct Customer {
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(rename = "type")]
    pub kind: ContactType,
    pub customer_code: String,
}

/// `GET /me` as the first load reads it: the customer code, which decides the rights on each
/// service, and the answer kept whole for the pages that show the rest ([`Me::details`]). The
/// full decoder is then in those pages' chunks, not in the services table's first load.
#[derive(Debug, Clone, PartialEq)]
pub struct Me {
    pub nichandle: String,
    body: std::sync::Arc<str>,
}

impl Me {
    /// Reads the customer code; fails as the whole answer would if it is missing or unreadable.
    pub fn from_body(text: &str) -> Result<Me, super::ApiError> {
        #[derive(Deserialize)]
        struct Nic {
            nichandle: String,
        }
        let nic: Nic = super::decode::plain(text)?;
        Ok(Me {
            nichandle: nic.nichandle,
            body: text.into(),
        })
    }

    /// Every field of the answer (an error if one the console reads has the wrong type).
    pub fn details(&self) -> Result<MeDetails, super::ApiError> {
        super::decode::plain(&self.body)
    }
}

/// `GET /me`, every field the console shows.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeDetails {
    pub nichandle: String,
    #[serde(default)]
    pub email: Option<String>,
    /// A second address for account recovery (`canBeNull`).
    #[serde(default)]
    pub spare_email: Option<String>,
    #[serde(default)]
    pub firstname: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub currency: Option<Currency>,
    #[serde(default)]
    pub language: Option<String>,
    /// `individual` = a consumer (the 14-day withdrawal applies).
    #[serde(default)]
    pub legalform: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Currency {
    pub code: String,
    #[serde(default)]
    pub symbol: Option<String>,
}

/// `GET /me/payment/method` (iceberg objects).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    pub payment_method_id: u64,
    pub payment_type: String,
    pub status: PaymentMethodStatus,
    #[serde(default)]
    pub default: bool,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub expiration_date: Option<String>,
}

/// `GET /me/order` (iceberg objects). `password`, `url` and `pdf_url` carry the order's secret
/// token: they are never printed by `Debug`.
#[derive(Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub order_id: u64,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub expiration_date: Option<String>,
    #[serde(default)]
    pub retraction_date: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub pdf_url: Option<String>,
    #[serde(default)]
    pub price_with_tax: Option<Price>,
    #[serde(default)]
    pub price_without_tax: Option<Price>,
    #[serde(default)]
    pub tax: Option<Price>,
}

impl std::fmt::Debug for Order {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Order")
            .field("order_id", &self.order_id)
            .field("date", &self.date)
            .field("expiration_date", &self.expiration_date)
            .field("retraction_date", &self.retraction_date)
            .field("password", &"<redacted>")
            .field("price_with_tax", &self.price_with_tax)
            .finish_non_exhaustive()
    }
}

/// `GET /me/bill` (iceberg objects).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Bill {
    pub bill_id: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub order_id: Option<u64>,
    #[serde(default)]
    pub price_with_tax: Option<Price>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub pdf_url: Option<String>,
}

/// `GET /me/debtAccount`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DebtAccount {
    #[serde(default)]
    pub active: Option<bool>,
    #[serde(default)]
    pub due_amount: Option<Price>,
    #[serde(default)]
    pub pending_amount: Option<Price>,
    #[serde(default)]
    pub todo_amount: Option<Price>,
}

/// `GET /me/debtAccount/debt/{debtId}`: what one order still owes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Debt {
    pub debt_id: u64,
    pub order_id: u64,
    #[serde(default)]
    pub date: Option<String>,
    pub amount: Price,
    /// What is left to pay.
    pub due_amount: Price,
    #[serde(default)]
    pub pending_amount: Option<Price>,
    #[serde(default)]
    pub status: Option<String>,
}

super::enums::api_enum!(
    /// `status` of a second factor: `nichandle.accessRestriction.TOTPStatusEnum`,
    /// `SmsStatusEnum`, `SOTPStatusEnum` (the same four values) and `U2FStatusEnum` (no
    /// `needEmailValidation`). Only `enabled` protects the account.
    AccessRestrictionStatus {
        Disabled => "disabled",
        Enabled => "enabled",
        NeedCodeValidation => "needCodeValidation",
        NeedEmailValidation => "needEmailValidation",
    }
);

/// `GET /me/accessRestriction/totp/{id}` (`nichandle.accessRestriction.TOTPAccount`): an
/// authenticator app.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TotpAccount {
    pub id: u64,
    pub status: AccessRestrictionStatus,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub last_used_date: Option<String>,
}

/// `GET /me/accessRestriction/u2f/{id}` (`nichandle.accessRestriction.U2FAccount`): a security
/// key.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct U2fAccount {
    pub id: u64,
    pub status: AccessRestrictionStatus,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub last_used_date: Option<String>,
}

/// `GET /me/accessRestriction/sms/{id}` (`nichandle.accessRestriction.SmsAccount`): a phone
/// receiving the codes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsAccount {
    pub id: u64,
    pub status: AccessRestrictionStatus,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub phone_number: Option<String>,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub last_used_date: Option<String>,
}

/// `GET /me/accessRestriction/backupCode` (`nichandle.accessRestriction.SOTPAccount`): the
/// backup codes; the API answers 404 when the account has none.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SotpAccount {
    pub status: AccessRestrictionStatus,
    /// Codes left.
    #[serde(default)]
    pub remaining: Option<u64>,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub last_used_date: Option<String>,
}
