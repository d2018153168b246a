//! The account health page's reads: what the account owes, debt by debt.

use futures::StreamExt;

use super::client::{ApiClient, Transport};
use super::error::{ApiError, ApiErrorKind};
use super::models::Debt;

/// Debts read at once (the route answers ids; each debt is one more read).
const DEBT_CONCURRENCY: usize = 4;

impl<Tr: Transport> ApiClient<Tr> {
    /// Every debt of the account (`GET /me/debtAccount/debt`, then each one). A debt that is
    /// gone by the time it is read (404: paid meanwhile) is left out; any other failure fails
    /// the whole read, so a total is never shown short.
    pub async fn debts(&self) -> Result<Vec<Debt>, ApiError> {
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
                Ok(debt) => debts.push(debt),
                Err(error) if error.kind == ApiErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
        Ok(debts)
    }
}
