//! "My orders" in the API's own shapes (`/me/order/...`) and the calls that read them. Reads are
//! retried like every read; the withdrawal is in `mutations` (sent once, a lost answer re-read).
//!
//! The order object itself is [`Order`] (`billing.Order`, in `models`): its `password`, `url` and
//! `pdfUrl` carry the order's secret token and its `Debug` never prints them. The domain wraps the
//! two URLs in `domain::orders::SecretUrl`.

use futures::StreamExt;
use serde::{Deserialize, Serialize};

use super::client::{ApiClient, Transport};
use super::collection::{Collection, LoadReport};
use super::enums::api_enum;
pub use super::enums::{FollowUpLabel, FollowUpStatus, FollowUpStep};
use super::error::{ApiError, ApiErrorKind};
pub use super::models::{Order, OrderStatus, Price};
use super::pagination::LoadProgress;
use super::routes::{BATCH_HEADER, BATCH_SEPARATOR, MAX_BATCH_KEYS};
use crate::domain::orders::{DetailRow, TrackingStep};

/// Orders asked per page, as the provider's panel does.
pub const ORDERS_PAGE_SIZE: u32 = 5_000;
/// Requests in flight at once for per-order sub-resources (details, statuses).
pub const CONCURRENT_REQUESTS: usize = 4;

/// Status reads at once: one under the browser's six connections per origin (HTTP/1.1), so a
/// click of the user's is never queued behind five thousand of them.
pub const STATUS_CONCURRENCY: usize = 5;
pub const HEADER_SORT: &str = "X-Pagination-Sort";
pub const HEADER_SORT_ORDER: &str = "X-Pagination-Sort-Order";

/// `billing.OrderDetail` (`GET /me/order/{id}/details/{detailId}`): one line of an order.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderDetail {
    pub order_detail_id: u64,
    #[serde(default)]
    pub description: Option<String>,
    /// `RENEW`, `INSTALLATION`, `QUANTITY`, ... (kept as the API wrote it).
    #[serde(default)]
    pub detail_type: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    /// A decimal number written as a string (`"1"`, `"100"`); a JSON number is accepted too.
    #[serde(default, deserialize_with = "string_or_number")]
    pub quantity: String,
    #[serde(default)]
    pub unit_price: Option<Price>,
    #[serde(default)]
    pub total_price: Option<Price>,
    #[serde(default)]
    pub cancelled: bool,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(serde_json::Number),
        Null(()),
    }
    Ok(match Raw::deserialize(d)? {
        Raw::Text(text) => text,
        Raw::Number(n) => n.to_string(),
        Raw::Null(()) => String::new(),
    })
}

api_enum!(
    /// The `reason` of `POST /me/order/{id}/retraction` (the provider's panel always sends `other`).
    RetractionReason {
        Competitor => "competitor",
        Difficulty => "difficulty",
        Expensive => "expensive",
        Other => "other",
        Performance => "performance",
        Reliability => "reliability",
        Unused => "unused",
    }
);

/// One step of `GET /me/order/{id}/followUp` (`billing.order.FollowUp`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct FollowUp {
    pub step: FollowUpStep,
    pub status: FollowUpStatus,
    #[serde(default)]
    pub history: Vec<FollowUpHistory>,
}

/// One event of a tracking step.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct FollowUpHistory {
    /// ISO 8601 date-time.
    #[serde(default)]
    pub date: Option<String>,
    pub label: FollowUpLabel,
    #[serde(default)]
    pub description: Option<String>,
}

/// `GET /me/order/{id}/paymentMethods`: how this order can be paid.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
pub struct OrderPaymentMethods {
    /// Payment means offered for this order.
    #[serde(default)]
    pub available: Vec<AvailablePaymentMethod>,
    /// Ids of the account's registered payment methods usable for it (`/me/payment/method`).
    #[serde(default)]
    pub registered: Vec<u64>,
}

/// One payment means offered for an order.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AvailablePaymentMethod {
    /// `CREDIT_CARD`, `PAYPAL`, `SEPA_DIRECT_DEBIT`, ...
    #[serde(default)]
    pub payment_type: String,
    #[serde(default)]
    pub payment_sub_type: Option<String>,
    #[serde(default)]
    pub integration: Option<String>,
    #[serde(default)]
    pub oneshot: Option<bool>,
    #[serde(default)]
    pub registerable: Option<bool>,
}

/// The orders collection, newest first as the panel asks.
pub const ORDERS: Collection<'static> = Collection {
    path: "/me/order",
    page_size: ORDERS_PAGE_SIZE,
    headers: &[(HEADER_SORT, "date"), (HEADER_SORT_ORDER, "DESC")],
};

impl<Tr: Transport> ApiClient<Tr> {
    /// Every order of the account (`GET /me/order`, iceberg pages of 5,000, newest first).
    /// `on_page` gets each page's orders as they arrive; `null` entries are dropped and taken off
    /// the total, so the progress completes. What could not be had is in the report.
    pub async fn load_orders(
        &self,
        on_page: impl FnMut(Vec<Order>, LoadProgress),
    ) -> Result<LoadReport, ApiError> {
        self.load_collection(ORDERS, on_page).await
    }

    /// [`ApiClient::load_orders`] with another page size (tests, scale).
    pub async fn load_orders_in_pages(
        &self,
        page_size: u32,
        on_page: impl FnMut(Vec<Order>, LoadProgress),
    ) -> Result<LoadReport, ApiError> {
        self.load_collection(
            Collection {
                page_size,
                ..ORDERS
            },
            on_page,
        )
        .await
    }

    /// `GET /me/order/{id}`: one order (a tracking page opened from its URL).
    pub async fn order(&self, id: u64) -> Result<Order, ApiError> {
        self.get_json(&format!("/me/order/{id}")).await
    }

    /// `GET /me/order/{id}/status`.
    pub async fn order_status(&self, id: u64) -> Result<OrderStatus, ApiError> {
        self.get_json(&format!("/me/order/{id}/status")).await
    }

    /// The statuses of many orders; `on_answer` gets those of each answer (a status or its
    /// error, by order id), in the order of `ids`. Read by [`MAX_BATCH_KEYS`] in one request
    /// each (the API's batch mode), a few requests at a time; the first batch (the orders on
    /// screen come first) also tells whether the API answers in batch, else every status is read
    /// with a request of its own. Stops early, with the error, only when the session is gone
    /// (what its answer had before that error is handed over first).
    pub async fn load_order_statuses(
        &self,
        ids: &[u64],
        mut on_answer: impl FnMut(Vec<(u64, Result<OrderStatus, ApiError>)>),
    ) -> Result<(), ApiError> {
        let mut emit = |chunk: &[u64], results: Vec<Result<OrderStatus, ApiError>>| {
            let mut answer = Vec::with_capacity(chunk.len());
            let mut lost = None;
            for (&id, result) in chunk.iter().zip(results) {
                if let Err(error) = &result {
                    if error.needs_sign_in() {
                        lost = Some(error.clone());
                        break;
                    }
                }
                answer.push((id, result));
            }
            if !answer.is_empty() {
                on_answer(answer);
            }
            lost.map_or(Ok(()), Err)
        };
        let (first, rest) = ids.split_at(ids.len().min(MAX_BATCH_KEYS));
        let probe = if first.len() > 1 {
            self.batch_of_statuses(first).await
        } else {
            Ok(None)
        };
        let batched = match probe {
            // Not answered in batch: one request per order, as before.
            Ok(None) => false,
            Ok(Some(results)) => {
                emit(first, results)?;
                true
            }
            // Failing (5xx, no answer, rate-limited) after its retries: these orders are listed
            // and the others still read in batch, rather than one by one from an API that is
            // failing or asking us to slow down. A lost session stops here (`emit`).
            Err(error) => {
                emit(first, each_failed(first, &error))?;
                true
            }
        };
        if batched {
            let mut batches = futures::stream::iter(rest.chunks(MAX_BATCH_KEYS))
                .map(|chunk| async move { (chunk, self.statuses_in_batch(chunk).await) })
                .buffered(STATUS_CONCURRENCY);
            while let Some((chunk, results)) = batches.next().await {
                emit(chunk, results)?;
            }
        } else {
            let mut singles = futures::stream::iter(ids.iter().copied())
                .map(|id| async move { (id, self.order_status(id).await) })
                .buffered(STATUS_CONCURRENCY);
            while let Some((id, result)) = singles.next().await {
                emit(&[id], vec![result])?;
            }
        }
        Ok(())
    }

    /// The statuses of `ids` after the first batch: a batch that fails leaves each of its
    /// orders with that error (listed, to retry); one answered otherwise than in batch is read
    /// one order at a time, in the place of that batch (so never more than
    /// [`STATUS_CONCURRENCY`] requests in flight).
    async fn statuses_in_batch(&self, ids: &[u64]) -> Vec<Result<OrderStatus, ApiError>> {
        match self.batch_of_statuses(ids).await {
            Ok(Some(results)) => results,
            Ok(None) => {
                let mut results = Vec::with_capacity(ids.len());
                for &id in ids {
                    results.push(self.order_status(id).await);
                }
                results
            }
            Err(error) => each_failed(ids, &error),
        }
    }

    /// `GET /me/order/{id,id,…}/status` with `X-Ovh-Batch: ,` (see
    /// [`BATCH_ROUTES`](super::routes::BATCH_ROUTES)): the status of each of `ids`, in their
    /// order, or why the API has none. `Ok(None)` when the API does not answer in batch: a
    /// refusal, or an answer that is not one element per id. `Err` only for what a retry may
    /// mend (transient) or a lost session.
    async fn batch_of_statuses(
        &self,
        ids: &[u64],
    ) -> Result<Option<Vec<Result<OrderStatus, ApiError>>>, ApiError> {
        let keys = ids
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(BATCH_SEPARATOR);
        let url = self.url(&format!("/me/order/{keys}/status"));
        match self
            .get_with_retry(&url, &[(BATCH_HEADER, BATCH_SEPARATOR)])
            .await
        {
            Ok(answer) => Ok(batch_answer(&answer.body, ids)),
            Err(error) if error.is_transient() || error.needs_sign_in() => Err(error),
            Err(_) => Ok(None),
        }
    }

    /// Every line of an order: `GET /me/order/{id}/details` (ids), then each detail, a few at a
    /// time, in the API's order. A line that cannot be read (after the retries) stays an error in
    /// its place: the others are still shown; a session to renew fails the whole read.
    pub async fn order_details(
        &self,
        id: u64,
    ) -> Result<Vec<Result<DetailRow, ApiError>>, ApiError> {
        let ids: Vec<u64> = self.get_json(&format!("/me/order/{id}/details")).await?;
        let lines: Vec<Result<DetailRow, ApiError>> = futures::stream::iter(ids)
            .map(|detail| async move {
                self.get_json::<OrderDetail>(&format!("/me/order/{id}/details/{detail}"))
                    .await
                    .map(|line| DetailRow::from(&line))
            })
            .buffered(CONCURRENT_REQUESTS)
            .collect()
            .await;
        match lines
            .iter()
            .find_map(|l| l.as_ref().err().filter(|e| e.needs_sign_in()))
        {
            Some(error) => Err(error.clone()),
            None => Ok(lines),
        }
    }

    /// `GET /me/order/{id}/followUp`: the tracking's steps in the API's order, or `None` when
    /// there is none yet (404).
    pub async fn order_follow_up(&self, id: u64) -> Result<Option<Vec<TrackingStep>>, ApiError> {
        match self
            .get_json::<Vec<FollowUp>>(&format!("/me/order/{id}/followUp"))
            .await
        {
            Ok(steps) => Ok(Some(steps.iter().map(TrackingStep::from).collect())),
            Err(error) if error.kind == ApiErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// `GET /me/order/{id}/paymentMethods`.
    pub async fn order_payment_methods(&self, id: u64) -> Result<OrderPaymentMethods, ApiError> {
        self.get_json(&format!("/me/order/{id}/paymentMethods"))
            .await
    }
}

/// The same failure for each of `ids` (a batch read that failed as a whole).
fn each_failed(ids: &[u64], error: &ApiError) -> Vec<Result<OrderStatus, ApiError>> {
    ids.iter().map(|_| Err(error.clone())).collect()
}

/// One element of a batch answer: the id as the API wrote it (text or number), its value, or
/// why there is none.
#[derive(Deserialize)]
struct BatchItem<T> {
    key: serde_json::Value,
    value: Option<T>,
    error: Option<serde_json::Value>,
}

/// The results of a batch answer in the order of `ids`, or `None` when `body` is not one
/// element for each of them (the API did not read them in batch).
pub fn batch_answer<T: serde::de::DeserializeOwned>(
    body: &str,
    ids: &[u64],
) -> Option<Vec<Result<T, ApiError>>> {
    let mut items: Vec<BatchItem<T>> = serde_json::from_str(body).ok()?;
    if items.len() != ids.len() {
        return None;
    }
    use serde_json::Value;
    let key_of = |key: &Value| match key {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    // The API's words on an id it has no value for (text, or an error object's `message`).
    let message = |error: Value| match error {
        Value::String(text) => text,
        Value::Object(o) => match o.get("message").and_then(Value::as_str) {
            Some(text) => text.to_string(),
            None => Value::Object(o).to_string(),
        },
        other => other.to_string(),
    };
    ids.iter()
        .map(|&id| {
            let at = items
                .iter()
                .position(|item| key_of(&item.key) == Some(id))?;
            let item = items.swap_remove(at);
            let error = item.error.filter(|e| match e {
                Value::Null => false,
                Value::String(text) => !text.trim().is_empty(),
                _ => true,
            });
            Some(match (item.value, error) {
                (Some(value), None) => Ok(value),
                (_, error) => Err(ApiError {
                    message: error.map(message).filter(|m| !m.trim().is_empty()),
                    ..ApiError::new(ApiErrorKind::Rejected)
                }),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numeric_or_null_quantity_is_read_as_text() {
        let d: OrderDetail =
            serde_json::from_str(r#"{"orderDetailId": 1, "quantity": 2.5}"#).unwrap();
        assert_eq!(d.quantity, "2.5");
        let d: OrderDetail =
            serde_json::from_str(r#"{"orderDetailId": 1, "quantity": null}"#).unwrap();
        assert_eq!(d.quantity, "");
    }
}
