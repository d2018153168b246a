//! The configure-renewal wizard's calls: the service's renewal settings, the payment method
//! that automatic renewals debit, and the update itself.

use super::client::{ApiClient, Method, Transport};
use super::error::ApiError;
use super::models::PaymentMethod;
use crate::domain::dates::period_months;
use crate::domain::renewal::{legacy_renew_block, services_renew_body, RenewalChoice};

/// What the wizard needs to know before offering choices.
#[derive(Debug, Clone, PartialEq)]
pub struct RenewalSettings {
    /// Periods the service can renew for, in months (`possibleRenewPeriod` or the capacities).
    pub periods: Vec<u32>,
    /// The legacy `serviceInfos.renew` block, kept to send back unchanged fields; `None` for
    /// newer products configured through `PUT /services/{id}`.
    pub legacy_renew: Option<serde_json::Value>,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyInfos {
    #[serde(default)]
    possible_renew_period: Vec<u32>,
    #[serde(default)]
    renew: Option<serde_json::Value>,
}

impl<Tr: Transport> ApiClient<Tr> {
    /// `GET {route.url}/serviceInfos`, or `GET /services/{id}/renewPeriodCapacities` for a
    /// service without a legacy route.
    pub async fn renewal_settings(
        &self,
        id: u64,
        route_url: Option<&str>,
    ) -> Result<RenewalSettings, ApiError> {
        match route_url {
            Some(route) => {
                let infos: LegacyInfos = self.get_json(&format!("{route}/serviceInfos")).await?;
                Ok(RenewalSettings {
                    periods: infos.possible_renew_period,
                    legacy_renew: Some(infos.renew.unwrap_or(serde_json::Value::Null)),
                })
            }
            None => {
                let periods: Vec<String> = self
                    .get_json(&format!("/services/{id}/renewPeriodCapacities"))
                    .await?;
                Ok(RenewalSettings {
                    periods: periods.iter().filter_map(|p| period_months(p)).collect(),
                    legacy_renew: None,
                })
            }
        }
    }

    /// **Configure renewal**: the legacy block through `serviceInfos` (what the provider's panel
    /// sends), or `{renew: {mode, period}}` on `/services/{id}` for newer products. Sent once.
    pub async fn configure_renewal(
        &self,
        id: u64,
        route_url: Option<&str>,
        settings: &RenewalSettings,
        choice: RenewalChoice,
    ) -> Result<(), ApiError> {
        match (route_url, &settings.legacy_renew) {
            (Some(route), Some(current)) => {
                let body = serde_json::json!({ "renew": legacy_renew_block(current, choice) });
                self.send(Method::Put, &format!("{route}/serviceInfos"), body)
                    .await?;
            }
            _ => {
                self.send(
                    Method::Put,
                    &format!("/services/{id}"),
                    services_renew_body(choice),
                )
                .await?;
            }
        }
        Ok(())
    }

    /// Every registered payment method (`GET /me/payment/method`, iceberg).
    pub async fn payment_methods(&self) -> Result<Vec<PaymentMethod>, ApiError> {
        let mut methods = Vec::new();
        self.load_collection("/me/payment/method", 1_000, |page, _| methods.extend(page))
            .await?;
        Ok(methods)
    }
}

/// `GET /me/autorenew`: the account's automatic renewal and its day of the month.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountAutorenew {
    pub active: bool,
    pub renew_day: u32,
}

impl<Tr: Transport> ApiClient<Tr> {
    /// The account's renew day; `None` when never set (the API answers 404).
    pub async fn account_autorenew(&self) -> Result<Option<AccountAutorenew>, ApiError> {
        match self.get_json("/me/autorenew").await {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.kind == super::ApiErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// **Align renewal dates**: the account's renew day (1–29), `POST` the first time, `PUT`
    /// after. Sent once.
    pub async fn set_renew_day(&self, day: u32, already_set: bool) -> Result<(), ApiError> {
        if already_set {
            self.send(
                Method::Put,
                "/me/autorenew",
                serde_json::json!({ "active": true, "renewDay": day }),
            )
            .await?;
        } else {
            self.send(
                Method::Post,
                "/me/autorenew",
                serde_json::json!({ "renewDay": day }),
            )
            .await?;
        }
        Ok(())
    }
}

impl<Tr: Transport> ApiClient<Tr> {
    /// **Batch renew**: one order (or, with `dry_run`, its quote) for `key` and the linked
    /// services `ids` of its own family (`POST /service/{key}/renew`). Sent once.
    pub async fn renew_group(
        &self,
        key: u64,
        ids: &[u64],
        duration: &str,
        dry_run: bool,
    ) -> Result<super::RenewOrder, ApiError> {
        let body = serde_json::json!({ "duration": duration, "services": ids, "dryRun": dry_run });
        let answer = self
            .send(Method::Post, &format!("/service/{key}/renew"), body)
            .await?;
        serde_json::from_str(&answer.body).map_err(|e| ApiError::decode(e.to_string()))
    }
}
