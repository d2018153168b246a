//! The account page's reads: what the account owes, debt by debt, and its sign-in protections.

use futures::StreamExt;
use serde::de::DeserializeOwned;

use super::client::{ApiClient, Transport};
use super::error::{ApiError, ApiErrorKind};
use super::models::{
    AccessRestrictionStatus, Debt, SmsAccount, SotpAccount, TotpAccount, U2fAccount,
};
use crate::domain::checks::{BackupCodesInput, FactorStatus, TwoFactorInput};
use crate::domain::health::DebtRow;

/// Debts read at once (the route answers ids; each debt is one more read).
const DEBT_CONCURRENCY: usize = 4;

impl<Tr: Transport> ApiClient<Tr> {
    /// Every debt of the account (`GET /me/debtAccount/debt`, then each one). A debt that is
    /// gone by the time it is read (404: paid meanwhile) is left out; any other failure fails
    /// the whole read, so a total is never shown short.
    pub async fn debts(&self) -> Result<Vec<DebtRow>, ApiError> {
        let ids: Vec<u64> = self.get_json("/me/debtAccount/debt").await?;
        let answers: Vec<Result<Debt, ApiError>> = futures::stream::iter(ids)
            .map(|id| async move {
                self.get_json::<Debt>(&format!("/me/debtAccount/debt/{id}"))
                    .await
            })
            .buffered(DEBT_CONCURRENCY)
            .collect()
            .await;
        let mut debts = Vec::with_capacity(answers.len());
        for answer in answers {
            match answer {
                Ok(debt) => debts.push(DebtRow::from(&debt)),
                Err(error) if error.kind == ApiErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
        Ok(debts)
    }
}

impl<Tr: Transport> ApiClient<Tr> {
    /// The account's two-factor authentication (`/me/accessRestriction/*`): the status of every
    /// authenticator app, security key and phone, and the backup codes (`None` on the API's 404:
    /// never generated). A method gone between its list and its read (404) is left out; any
    /// other failure fails the whole read, so a check is never shown on half the facts.
    pub async fn two_factor(&self) -> Result<TwoFactorInput, ApiError> {
        let totp_ids: Vec<u64> = self.get_json("/me/accessRestriction/totp").await?;
        let totp = self
            .each_status(
                totp_ids,
                |id| format!("/me/accessRestriction/totp/{id}"),
                |a: &TotpAccount| &a.status,
            )
            .await?;
        let u2f_ids: Vec<u64> = self.get_json("/me/accessRestriction/u2f").await?;
        let security_keys = self
            .each_status(
                u2f_ids,
                |id| format!("/me/accessRestriction/u2f/{id}"),
                |a: &U2fAccount| &a.status,
            )
            .await?;
        let sms_ids: Vec<u64> = self.get_json("/me/accessRestriction/sms").await?;
        let sms = self
            .each_status(
                sms_ids,
                |id| format!("/me/accessRestriction/sms/{id}"),
                |a: &SmsAccount| &a.status,
            )
            .await?;
        let backup_codes = match self
            .get_json::<SotpAccount>("/me/accessRestriction/backupCode")
            .await
        {
            Ok(codes) => Some(BackupCodesInput {
                status: FactorStatus::from_wire(codes.status.as_wire()),
                remaining: codes.remaining.unwrap_or(0),
            }),
            Err(error) if error.kind == ApiErrorKind::NotFound => None,
            Err(error) => return Err(error),
        };
        Ok(TwoFactorInput {
            totp,
            security_keys,
            sms,
            backup_codes,
        })
    }

    /// The status of each second factor in `ids` (read a few at a time; 404s left out).
    async fn each_status<T: DeserializeOwned>(
        &self,
        ids: Vec<u64>,
        path: impl Fn(u64) -> String,
        status: impl Fn(&T) -> &AccessRestrictionStatus,
    ) -> Result<Vec<FactorStatus>, ApiError> {
        let answers: Vec<Result<T, ApiError>> = futures::stream::iter(ids)
            .map(|id| {
                let path = path(id);
                async move { self.get_json::<T>(&path).await }
            })
            .buffered(DEBT_CONCURRENCY)
            .collect()
            .await;
        let mut statuses = Vec::with_capacity(answers.len());
        for answer in answers {
            match answer {
                Ok(account) => statuses.push(FactorStatus::from_wire(status(&account).as_wire())),
                Err(error) if error.kind == ApiErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
        Ok(statuses)
    }
}
