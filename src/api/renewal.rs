//! The configure-renewal wizard's calls: the service's renewal settings, the payment method
//! that automatic renewals debit, and the update itself.

use super::client::{ApiClient, Transport};
use super::collection::Collection;
use super::error::ApiError;
use super::models::PaymentMethod;
use super::mutations::{legacy_view, service_view};
use crate::domain::dates::period_months;
use crate::domain::outcome::RenewView;
use crate::domain::renewal;

/// What the wizard needs to know before offering choices.
#[derive(Debug, Clone, PartialEq)]
pub struct RenewalSettings {
    /// Periods the service can renew for, in months (`possibleRenewPeriod` or the capacities).
    pub periods: Vec<u32>,
    /// The renewal as the API has it now (the legacy block, else the `/services/{id}` object):
    /// what the customer is shown, and what must still be true when the change is sent.
    pub view: RenewView,
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct LegacyInfos {
    /// `canBeNull` in every product's schema: `null` reads as "none listed".
    #[serde(default, deserialize_with = "super::decode::null_as_default")]
    possible_renew_period: Vec<u32>,
    #[serde(default)]
    renew: Option<serde_json::Value>,
}

impl<Tr: Transport> ApiClient<Tr> {
    /// `GET {route.url}/serviceInfos`, or `GET /services/{id}` and its renew capacities for a
    /// service without a legacy route.
    pub async fn renewal_settings(
        &self,
        id: u64,
        route_url: Option<&str>,
    ) -> Result<RenewalSettings, ApiError> {
        match route_url {
            Some(route) => {
                let infos: LegacyInfos = self.get_fresh(&format!("{route}/serviceInfos")).await?;
                Ok(RenewalSettings {
                    periods: infos.possible_renew_period,
                    view: legacy_view(&infos.renew.unwrap_or(serde_json::Value::Null)),
                })
            }
            None => {
                let capacities = format!("/services/{id}/renewPeriodCapacities");
                let (periods, service) =
                    futures::join!(self.get_json::<Vec<String>>(&capacities), self.service(id));
                Ok(RenewalSettings {
                    periods: periods?.iter().filter_map(|p| period_months(p)).collect(),
                    view: service_view(&service?),
                })
            }
        }
    }

    /// Every registered payment method (`GET /me/payment/method`, iceberg).
    pub async fn payment_methods(&self) -> Result<Vec<renewal::PaymentMethod>, ApiError> {
        let mut methods = Vec::new();
        let report = self
            .load_collection(
                Collection::new("/me/payment/method", 1_000),
                |page: Vec<PaymentMethod>, _| {
                    methods.extend(page.iter().map(renewal::PaymentMethod::from))
                },
            )
            .await?;
        match report.error {
            Some(error) => Err(error),
            None => Ok(methods),
        }
    }
}

/// `GET /me/autorenew`: the account's automatic renewal and its day of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountAutorenew {
    pub active: bool,
    pub renew_day: u32,
}

impl<Tr: Transport> ApiClient<Tr> {
    /// The account's renew day; `None` when never set (the API answers 404).
    pub async fn account_autorenew(&self) -> Result<Option<AccountAutorenew>, ApiError> {
        match self.get_fresh("/me/autorenew").await {
            Ok(value) => Ok(Some(value)),
            Err(error) if error.kind == super::ApiErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }
}
