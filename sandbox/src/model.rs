//! The API's objects, with the real API's field names (OVHcloud API v1). Every struct keeps the
//! fields it does not know in `extra` and writes them back, so a real API dump round-trips.
//! Enums are plain strings: unknown values are accepted and served as they are.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub type Extra = Map<String, Value>;

/// `order.Price`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Price {
    pub currency_code: String,
    #[serde(default)]
    pub text: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_in_ucents: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Price {
    /// A euro price from an exact amount in cents.
    pub fn eur(cents: i64) -> Price {
        Price {
            currency_code: "EUR".into(),
            text: format!("{}.{:02} €", cents / 100, (cents % 100).abs()),
            value: cents as f64 / 100.0,
            price_in_ucents: Some(cents * 1_000_000),
            extra: Extra::new(),
        }
    }

    /// The exact amount in cents (from `priceInUcents` when present, else from `value`).
    pub fn cents(&self) -> i64 {
        match self.price_in_ucents {
            Some(u) => u / 1_000_000,
            None => (self.value * 100.0).round() as i64,
        }
    }
}

/// `services.expanded.Service` (+ `serviceInfos` in dataset files only).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_id: u64,
    #[serde(default)]
    pub parent_service_id: Option<u64>,
    #[serde(default)]
    pub route: Option<Route>,
    pub resource: Resource,
    pub billing: Billing,
    #[serde(default)]
    pub customer: Customer,
    /// Only in dataset files (`Service & { serviceInfos }`); never served on `/services`.
    #[serde(default, skip_serializing)]
    pub service_infos: Option<ServiceInfos>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub vars: Vec<RouteVar>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RouteVar {
    pub key: String,
    pub value: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    pub state: String,
    #[serde(default)]
    pub product: Option<Product>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Product {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Billing {
    #[serde(default)]
    pub plan: Option<Plan>,
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
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub code: String,
    #[serde(default)]
    pub invoice_name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pricing {
    #[serde(default)]
    pub price: Option<Price>,
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub interval: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Lifecycle {
    pub current: LifecycleCurrent,
    #[serde(default)]
    pub capacities: Option<LifecycleCapacities>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleCurrent {
    pub state: String,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(default)]
    pub termination_date: Option<String>,
    #[serde(default)]
    pub pending_actions: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LifecycleCapacities {
    #[serde(default)]
    pub actions: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Renew {
    pub current: RenewCurrent,
    #[serde(default)]
    pub capacities: Option<RenewCapacities>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewCurrent {
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub next_date: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RenewCapacities {
    #[serde(default)]
    pub mode: Vec<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Customer {
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(rename = "type")]
    pub kind: String,
    pub customer_code: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Legacy `{route.url}/serviceInfos` (`services.Service`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfos {
    #[serde(default)]
    pub can_delete_at_expiration: bool,
    #[serde(default)]
    pub contact_admin: String,
    #[serde(default)]
    pub contact_billing: String,
    #[serde(default)]
    pub contact_tech: String,
    #[serde(default)]
    pub creation: String,
    pub domain: String,
    #[serde(default)]
    pub engaged_up_to: Option<String>,
    #[serde(default)]
    pub expiration: String,
    #[serde(default)]
    pub possible_renew_period: Option<Vec<u32>>,
    #[serde(default)]
    pub renew: Option<ServiceInfosRenew>,
    #[serde(default)]
    pub renewal_type: String,
    pub service_id: u64,
    pub status: String,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceInfosRenew {
    #[serde(default)]
    pub automatic: bool,
    #[serde(default)]
    pub delete_at_expiration: bool,
    #[serde(default)]
    pub forced: bool,
    #[serde(default)]
    pub manual_payment: Option<bool>,
    #[serde(default)]
    pub period: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /me` (`nichandle.Nichandle`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub nichandle: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub spare_email: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub currency: Option<Currency>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub legalform: Option<String>,
    #[serde(default)]
    pub firstname: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Currency {
    pub code: String,
    #[serde(default)]
    pub symbol: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET /me/autorenew`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Autorenew {
    pub active: bool,
    pub renew_day: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_renew: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `billing.Order`.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    pub price_with_tax: Price,
    pub price_without_tax: Price,
    pub tax: Price,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `billing.OrderDetail`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderDetail {
    pub order_detail_id: u64,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub detail_type: Option<String>,
    #[serde(default)]
    pub domain: String,
    pub quantity: String,
    pub unit_price: Price,
    pub total_price: Price,
    #[serde(default)]
    pub cancelled: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `billing.order.FollowUp`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FollowUp {
    pub step: String,
    pub status: String,
    #[serde(default)]
    pub history: Vec<FollowUpHistory>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FollowUpHistory {
    pub date: String,
    pub label: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// What paying a sandbox order does (sandbox-only field of a dataset order entry).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct OrderEffect {
    /// Services renewed by this order.
    #[serde(default)]
    pub services: Vec<u64>,
    /// ISO duration added to each service's expiration date (`P1Y`...), if any.
    #[serde(default)]
    pub duration: Option<String>,
    /// Debts settled by this order.
    #[serde(default)]
    pub debt_ids: Vec<u64>,
}

/// One entry of the dataset's `orders`: the order and its sub-resources.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRecord {
    pub order: Order,
    pub status: String,
    #[serde(default)]
    pub details: Vec<OrderDetail>,
    #[serde(default)]
    pub follow_up: Vec<FollowUp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_effect: Option<OrderEffect>,
    /// Sandbox-only: this order is a `null` entry in `GET /me/order` object pages (the real API
    /// sends some); its id and its own routes answer normally.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sandbox_null_in_list: bool,
    #[serde(flatten)]
    pub extra: Extra,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// `billing.Bill`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bill {
    pub bill_id: String,
    pub date: String,
    #[serde(default)]
    pub order_id: Option<u64>,
    pub price_with_tax: Price,
    pub price_without_tax: Price,
    pub tax: Price,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub pdf_url: Option<String>,
    #[serde(default)]
    pub password: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `me.payment.method.PaymentMethod`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    pub payment_method_id: u64,
    pub payment_type: String,
    pub status: String,
    #[serde(rename = "default", default)]
    pub is_default: bool,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub expiration_date: Option<String>,
    #[serde(default)]
    pub creation_date: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `debt.Debt`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Debt {
    pub debt_id: u64,
    pub order_id: u64,
    pub date: String,
    pub amount: Price,
    pub due_amount: Price,
    pub pending_amount: Price,
    pub todo_amount: Price,
    #[serde(default)]
    pub unmatured_amount: Option<Price>,
    #[serde(default)]
    pub due_date: Option<String>,
    pub status: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `nichandle.accessRestriction.TOTPAccount` and `U2FAccount` (the same fields): one
/// authenticator application or one security key of the account's two-factor authentication.
/// `status`: `disabled`, `enabled`, `needCodeValidation`, `needEmailValidation` (not for U2F).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorAccount {
    pub id: u64,
    pub creation_date: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub last_used_date: Option<String>,
    pub status: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `nichandle.accessRestriction.SmsAccount`: a phone receiving the codes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsAccount {
    pub id: u64,
    pub creation_date: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub last_used_date: Option<String>,
    pub phone_number: String,
    pub status: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `nichandle.accessRestriction.SOTPAccount`: the backup codes (one set per account).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SotpAccount {
    pub creation_date: String,
    #[serde(default)]
    pub last_used_date: Option<String>,
    /// Codes left.
    pub remaining: u64,
    pub status: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The dataset's `accessRestriction`: what `GET /me/accessRestriction/{totp,u2f,sms,backupCode}`
/// serve. Absent = no two-factor authentication at all (empty lists, `backupCode` 404).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessRestrictions {
    #[serde(default)]
    pub totp: Vec<TwoFactorAccount>,
    #[serde(default)]
    pub u2f: Vec<TwoFactorAccount>,
    #[serde(default)]
    pub sms: Vec<SmsAccount>,
    /// `null`: no backup codes (`GET /me/accessRestriction/backupCode` is a 404).
    #[serde(default)]
    pub backup_code: Option<SotpAccount>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The dataset file: one account, every item in the API's own shape.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    pub me: Me,
    #[serde(default)]
    pub autorenew: Option<Autorenew>,
    pub services: Vec<Service>,
    #[serde(default)]
    pub orders: Vec<OrderRecord>,
    #[serde(default)]
    pub bills: Vec<Bill>,
    #[serde(default)]
    pub payment_methods: Vec<PaymentMethod>,
    #[serde(default)]
    pub debts: Vec<Debt>,
    /// Sign-in protections (`/me/accessRestriction/*`).
    #[serde(default)]
    pub access_restriction: AccessRestrictions,
    #[serde(flatten)]
    pub extra: Extra,
}
