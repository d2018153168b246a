//! "My orders" in the API's own shapes (`/me/order/...`), and the calls that read them and send
//! the 14-day withdrawal. Reads are retried like every read; the withdrawal is sent once, never
//! retried (a POST that timed out may have been applied: the user decides).
//!
//! The order object itself is [`Order`] (`billing.Order`, in `models`): its `password`, `url` and
//! `pdfUrl` carry the order's secret token and its `Debug` never prints them. The domain wraps the
//! two URLs in `domain::orders::SecretUrl`.

use futures::{StreamExt, TryStreamExt};
use serde::{Deserialize, Serialize};

use super::client::{ApiClient, Method, Transport};
use super::enums::api_enum;
use super::error::{ApiError, ApiErrorKind};
pub use super::models::{Order, OrderStatus, Price};
use super::pagination::{self, DecodedPage, LoadProgress};

/// Orders asked per page, as the provider's panel does.
pub const ORDERS_PAGE_SIZE: u32 = 5_000;
/// Requests in flight at once for per-order sub-resources (details, statuses).
pub const CONCURRENT_REQUESTS: usize = 4;
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
    /// `billing.order.followUp.StepEnum`, in the order the tracking shows them.
    FollowUpStep {
        Validating => "VALIDATING",
        Validated => "VALIDATED",
        Delivering => "DELIVERING",
        Available => "AVAILABLE",
    }
);

api_enum!(
    /// `billing.order.followUp.StatusEnum`: the state of one tracking step.
    FollowUpStatus {
        Todo => "TODO",
        Doing => "DOING",
        Done => "DONE",
        Error => "ERROR",
    }
);

api_enum!(
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

/// One decoded page of `GET /me/order` objects.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderPage {
    /// The orders that decoded (bad items are counted in `page.skipped`).
    pub page: DecodedPage<Order>,
    /// `null` entries (the API sends some): dropped, and not counted as orders.
    pub nulls: u64,
}

/// Decodes a page of orders leniently: `null`s are dropped and counted apart, an item that does not
/// decode is counted as skipped. Fails only when the body is not a JSON array.
pub fn decode_order_page(body: &str) -> Result<OrderPage, serde_json::Error> {
    let raw: Vec<&serde_json::value::RawValue> = serde_json::from_str(body)?;
    let mut items = Vec::with_capacity(raw.len());
    let (mut skipped, mut nulls) = (0, 0);
    for item in raw {
        if item.get() == "null" {
            nulls += 1;
            continue;
        }
        match serde_json::from_str(item.get()) {
            Ok(order) => items.push(order),
            Err(_) => skipped += 1,
        }
    }
    Ok(OrderPage {
        page: DecodedPage { items, skipped },
        nulls,
    })
}

impl<Tr: Transport> ApiClient<Tr> {
    /// Every order of the account (`GET /me/order`, iceberg pages of 5,000, newest first as the
    /// panel asks). `on_page` gets each page's orders as they arrive. `null` entries are dropped
    /// and taken off the total, so the progress completes.
    pub async fn load_orders(
        &self,
        on_page: impl FnMut(Vec<Order>, LoadProgress),
    ) -> Result<LoadProgress, ApiError> {
        self.load_orders_in_pages(ORDERS_PAGE_SIZE, on_page).await
    }

    /// [`ApiClient::load_orders`] with another page size (tests, scale).
    pub async fn load_orders_in_pages(
        &self,
        page_size: u32,
        mut on_page: impl FnMut(Vec<Order>, LoadProgress),
    ) -> Result<LoadProgress, ApiError> {
        let url = self.url("/me/order");
        let (first, header_total) = self.order_page(&url, 1, page_size).await?;
        let mut nulls = first.nulls;
        let mut progress = LoadProgress {
            loaded: 0,
            total: header_total.map(|t| t.saturating_sub(nulls)),
            skipped: 0,
        };
        deliver(first.page, &mut progress, &mut on_page);
        let Some(total) = header_total else {
            // No total: the server answered everything at once.
            progress.total = Some(progress.loaded + progress.skipped);
            return Ok(progress);
        };
        let mut pages = futures::stream::iter(pagination::remaining_pages(total, page_size))
            .map(|number| self.order_page(&url, number, page_size))
            .buffered(pagination::CONCURRENT_PAGES);
        while let Some(page) = pages.next().await {
            let (page, _) = page?;
            nulls += page.nulls;
            progress.total = Some(total.saturating_sub(nulls));
            deliver(page.page, &mut progress, &mut on_page);
        }
        Ok(progress)
    }

    async fn order_page(
        &self,
        url: &str,
        number: u32,
        size: u32,
    ) -> Result<(OrderPage, Option<u64>), ApiError> {
        let page = pagination::page_request_headers(number, size);
        let mut headers: Vec<(&str, &str)> = page.iter().map(|(k, v)| (*k, v.as_str())).collect();
        headers.push((HEADER_SORT, "date"));
        headers.push((HEADER_SORT_ORDER, "DESC"));
        let answer = self.get_with_retry(url, &headers).await?;
        let page = decode_order_page(&answer.body).map_err(|e| ApiError::decode(e.to_string()))?;
        Ok((page, answer.total))
    }

    /// `GET /me/order/{id}`: one order (a tracking page opened from its URL).
    pub async fn order(&self, id: u64) -> Result<Order, ApiError> {
        self.get_json(&format!("/me/order/{id}")).await
    }

    /// `GET /me/order/{id}/status`.
    pub async fn order_status(&self, id: u64) -> Result<OrderStatus, ApiError> {
        self.get_json(&format!("/me/order/{id}/status")).await
    }

    /// The statuses of many orders, a few requests at a time; `on_status` gets each one (or its
    /// error) in the order of `ids`. Stops early, with the error, only when the session is gone.
    pub async fn load_order_statuses(
        &self,
        ids: &[u64],
        mut on_status: impl FnMut(u64, Result<OrderStatus, ApiError>),
    ) -> Result<(), ApiError> {
        let mut statuses = futures::stream::iter(ids.iter().copied())
            .map(|id| async move { (id, self.order_status(id).await) })
            .buffered(CONCURRENT_REQUESTS);
        while let Some((id, result)) = statuses.next().await {
            if let Err(error) = &result {
                if error.needs_sign_in() {
                    return Err(error.clone());
                }
            }
            on_status(id, result);
        }
        Ok(())
    }

    /// Every line of an order: `GET /me/order/{id}/details` (ids), then each detail, a few at a
    /// time, in the API's order.
    pub async fn order_details(&self, id: u64) -> Result<Vec<OrderDetail>, ApiError> {
        let ids: Vec<u64> = self.get_json(&format!("/me/order/{id}/details")).await?;
        futures::stream::iter(ids)
            .map(|detail| async move {
                self.get_json::<OrderDetail>(&format!("/me/order/{id}/details/{detail}"))
                    .await
            })
            .buffered(CONCURRENT_REQUESTS)
            .try_collect()
            .await
    }

    /// `GET /me/order/{id}/followUp`: the tracking, or `None` when there is none yet (404).
    pub async fn order_follow_up(&self, id: u64) -> Result<Option<Vec<FollowUp>>, ApiError> {
        match self.get_json(&format!("/me/order/{id}/followUp")).await {
            Ok(steps) => Ok(Some(steps)),
            Err(error) if error.kind == ApiErrorKind::NotFound => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// `GET /me/order/{id}/paymentMethods`.
    pub async fn order_payment_methods(&self, id: u64) -> Result<OrderPaymentMethods, ApiError> {
        self.get_json(&format!("/me/order/{id}/paymentMethods"))
            .await
    }

    /// **Withdraw from an order** (14-day withdrawal): `POST /me/order/{id}/retraction`
    /// `{ reason, comment? }`; a blank comment is left out. Sent once, never retried.
    pub async fn retract_order(
        &self,
        id: u64,
        reason: &RetractionReason,
        comment: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut body = serde_json::json!({ "reason": reason.as_wire() });
        if let Some(comment) = comment.filter(|c| !c.trim().is_empty()) {
            body["comment"] = serde_json::Value::String(comment.to_string());
        }
        self.send(Method::Post, &format!("/me/order/{id}/retraction"), body)
            .await?;
        Ok(())
    }
}

fn deliver(
    page: DecodedPage<Order>,
    progress: &mut LoadProgress,
    on_page: &mut impl FnMut(Vec<Order>, LoadProgress),
) {
    progress.loaded += page.items.len() as u64;
    progress.skipped += page.skipped as u64;
    on_page(page.items, *progress);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_are_counted_apart_from_bad_items() {
        let page = decode_order_page(r#"[null, {"orderId": 1}, {"orderId": "x"}, null]"#).unwrap();
        assert_eq!(page.nulls, 2);
        assert_eq!(page.page.skipped, 1);
        assert_eq!(page.page.items.len(), 1);
        assert!(decode_order_page("{}").is_err());
    }

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
