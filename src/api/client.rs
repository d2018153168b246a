//! The only code that speaks HTTP (gloo-net). Reads are retried with backoff; mutations are sent
//! once. Every failure is an `ApiError`.

use futures::StreamExt;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;

use super::config::AppConfig;
use super::error::ApiError;
use super::models::{Me, Service};
use super::pagination::{self, DecodedPage, LoadProgress};
use super::retry::RetryPolicy;

/// An order created to pay something: its number and payment page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOrder {
    #[serde(default)]
    pub order_id: Option<u64>,
    #[serde(default)]
    pub url: Option<String>,
}

/// A renewal order (or its quote, without number nor url).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewOrder {
    #[serde(default)]
    pub order_id: Option<u64>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub price_with_tax: Option<super::models::Price>,
}

/// Objects asked per page when loading `/services` (the API accepts up to 50,000).
pub const SERVICES_PAGE_SIZE: u32 = 5_000;

/// An answer with a 2xx status, already read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub body: String,
    /// `X-Pagination-Elements`, when the answer is a page of a collection.
    pub total: Option<u64>,
}

/// How requests reach the server: `FetchTransport` in the browser, a fake in native tests.
/// (Single-threaded wasm: the futures need not be `Send`.)
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// One GET, no retry: a 2xx answer or the mapped error.
    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<Answer, ApiError>;
    /// One request with a JSON body (`POST`, `PUT`): sent once, never retried here.
    async fn send_json(&self, method: Method, url: &str, body: String) -> Result<Answer, ApiError>;
    /// Waits `ms` milliseconds (backoff).
    async fn sleep(&self, ms: u32);
    /// A number in `[0, 1)` to spread retries.
    fn jitter(&self) -> f64;
}

/// The methods of mutations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Put,
}

/// The browser's `fetch`, through gloo-net.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<Answer, ApiError> {
        let mut request = Request::get(url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        send(request).await
    }

    async fn send_json(&self, method: Method, url: &str, body: String) -> Result<Answer, ApiError> {
        let request = match method {
            Method::Post => Request::post(url),
            Method::Put => Request::put(url),
        };
        let request = request
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .credentials(web_sys::RequestCredentials::Include)
            .body(body)
            .map_err(|e| ApiError::network(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|e| ApiError::network(e.to_string()))?;
        read(response).await
    }

    async fn sleep(&self, ms: u32) {
        gloo_timers::future::TimeoutFuture::new(ms).await;
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// A handle on the API at `base`. Cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient<Tr: Transport = FetchTransport> {
    base: String,
    retry: RetryPolicy,
    transport: Tr,
}

impl ApiClient<FetchTransport> {
    pub fn new(base: impl Into<String>) -> Self {
        Self::with_transport(base, FetchTransport)
    }
}

impl<Tr: Transport> ApiClient<Tr> {
    pub fn with_transport(base: impl Into<String>, transport: Tr) -> Self {
        Self {
            base: base.into(),
            retry: RetryPolicy::default(),
            transport,
        }
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `GET /auth/time`: the server's clock, unix seconds (time rules use it, not the browser's).
    pub async fn server_time(&self) -> Result<i64, ApiError> {
        self.get_json("/auth/time").await
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<Me, ApiError> {
        self.get_json("/me").await
    }

    /// Every service, in pages; `on_page` gets each page's services as they arrive, so what is
    /// loaded can be shown at once.
    pub async fn load_services(
        &self,
        on_page: impl FnMut(Vec<Service>, LoadProgress),
    ) -> Result<LoadProgress, ApiError> {
        self.load_collection("/services", SERVICES_PAGE_SIZE, on_page)
            .await
    }

    /// `GET /services/{id}`, bypassing the server's cache (after a change).
    pub async fn service(&self, id: u64) -> Result<Service, ApiError> {
        let answer = self
            .get_with_retry(
                &self.url(&format!("/services/{id}")),
                &[("Pragma", "no-cache")],
            )
            .await?;
        serde_json::from_str(&answer.body).map_err(|e| ApiError::decode(e.to_string()))
    }

    /// **Terminate at expiry**: the questionnaire's answers, then the termination policy.
    pub async fn terminate_at_expiry(
        &self,
        id: u64,
        answers: &[(&str, String)],
    ) -> Result<(), ApiError> {
        let answers: Vec<serde_json::Value> = answers
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(question, value)| serde_json::json!({ "question": question, "value": value }))
            .collect();
        self.send(
            Method::Post,
            &format!("/services/{id}/form/termination/answer"),
            serde_json::json!({ "answers": answers }),
        )
        .await?;
        self.send(
            Method::Put,
            &format!("/services/{id}"),
            serde_json::json!({ "terminationPolicy": "terminateAtExpirationDate" }),
        )
        .await?;
        Ok(())
    }

    /// **Cancel the termination**: the service's current legacy renew block with only
    /// `deleteAtExpiration` set to false (a manual service stays manual).
    pub async fn cancel_termination(&self, route_url: &str) -> Result<(), ApiError> {
        let path = format!("{route_url}/serviceInfos");
        let infos: serde_json::Value = self.get_json(&path).await?;
        let mut renew = infos
            .get("renew")
            .cloned()
            .unwrap_or_else(|| serde_json::json!({}));
        renew["deleteAtExpiration"] = serde_json::Value::Bool(false);
        self.send(Method::Put, &path, serde_json::json!({ "renew": renew }))
            .await?;
        Ok(())
    }

    /// **Delete a web hosting immediately** (`POST /hosting/web/{serviceName}/terminate`); the
    /// provider then e-mails a confirmation link.
    pub async fn delete_hosting_now(&self, service_name: &str) -> Result<(), ApiError> {
        let name = super::config::encode_query_value(service_name);
        self.send(
            Method::Post,
            &format!("/hosting/web/{name}/terminate"),
            serde_json::json!({}),
        )
        .await?;
        Ok(())
    }

    /// **Pay my bill**: an order for what is due, whose `url` is the payment page.
    pub async fn pay_debts(&self) -> Result<PaymentOrder, ApiError> {
        let answer = self
            .send(Method::Post, "/me/debtAccount/pay", serde_json::json!({}))
            .await?;
        serde_json::from_str(&answer.body).map_err(|e| ApiError::decode(e.to_string()))
    }

    /// The renewal durations offered for a service (`GET /service/{id}/renew`), as ISO periods.
    pub async fn renew_durations(&self, id: u64) -> Result<Vec<String>, ApiError> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Offer {
            renew_period: String,
        }
        let offers: Vec<Offer> = self.get_json(&format!("/service/{id}/renew")).await?;
        let mut durations: Vec<String> = offers.into_iter().map(|o| o.renew_period).collect();
        durations.dedup();
        Ok(durations)
    }

    /// **Renew / anticipate payment** (`POST /service/{id}/renew`): with `dry_run` a quote, else
    /// an order whose `url` is the payment page.
    pub async fn renew(
        &self,
        id: u64,
        duration: &str,
        dry_run: bool,
    ) -> Result<RenewOrder, ApiError> {
        let body = serde_json::json!({ "duration": duration, "services": [id], "dryRun": dry_run });
        let answer = self
            .send(Method::Post, &format!("/service/{id}/renew"), body)
            .await?;
        serde_json::from_str(&answer.body).map_err(|e| ApiError::decode(e.to_string()))
    }

    /// One mutation, sent once.
    pub(super) async fn send(
        &self,
        method: Method,
        path: &str,
        body: serde_json::Value,
    ) -> Result<Answer, ApiError> {
        self.transport
            .send_json(method, &self.url(path), body.to_string())
            .await
    }

    /// Reads one JSON object, retrying transient failures.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let answer = self.get_with_retry(&self.url(path), &[]).await?;
        serde_json::from_str(&answer.body).map_err(|e| ApiError::decode(e.to_string()))
    }

    /// Loads a whole iceberg collection: page 1 tells the total, the rest are fetched a few at a
    /// time. Pages arrive in order.
    pub async fn load_collection<T: DeserializeOwned>(
        &self,
        path: &str,
        page_size: u32,
        mut on_page: impl FnMut(Vec<T>, LoadProgress),
    ) -> Result<LoadProgress, ApiError> {
        let url = self.url(path);
        let first = self.get_page(&url, 1, page_size).await?;
        let mut progress = LoadProgress {
            loaded: 0,
            total: first.1,
            skipped: 0,
        };
        let total = first.1;
        Self::deliver(first.0, &mut progress, &mut on_page);
        let Some(total) = total else {
            // No total: the server answered everything at once.
            progress.total = Some(progress.loaded + progress.skipped);
            return Ok(progress);
        };
        let mut pages = futures::stream::iter(pagination::remaining_pages(total, page_size))
            .map(|number| self.get_page(&url, number, page_size))
            .buffered(pagination::CONCURRENT_PAGES);
        while let Some(page) = pages.next().await {
            Self::deliver(page?.0, &mut progress, &mut on_page);
        }
        Ok(progress)
    }

    fn deliver<T>(
        page: DecodedPage<T>,
        progress: &mut LoadProgress,
        on_page: &mut impl FnMut(Vec<T>, LoadProgress),
    ) {
        progress.loaded += page.items.len() as u64;
        progress.skipped += page.skipped as u64;
        on_page(page.items, *progress);
    }

    async fn get_page<T: DeserializeOwned>(
        &self,
        url: &str,
        number: u32,
        size: u32,
    ) -> Result<(DecodedPage<T>, Option<u64>), ApiError> {
        let headers = pagination::page_request_headers(number, size);
        let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let answer = self.get_with_retry(url, &headers).await?;
        let page =
            pagination::decode_page(&answer.body).map_err(|e| ApiError::decode(e.to_string()))?;
        Ok((page, answer.total))
    }

    async fn get_with_retry(
        &self,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Result<Answer, ApiError> {
        let mut attempt = 1;
        loop {
            match self.transport.get(url, headers).await {
                Ok(answer) => return Ok(answer),
                Err(error) => {
                    match self
                        .retry
                        .delay_before_retry(attempt, &error, self.transport.jitter())
                    {
                        Some(delay_ms) => {
                            self.transport.sleep(delay_ms).await;
                            attempt += 1;
                        }
                        None => return Err(error),
                    }
                }
            }
        }
    }
}

/// Loads `/config.json` from the site's own origin.
pub async fn load_config() -> Result<AppConfig, ApiError> {
    let client = ApiClient::new("");
    let answer = client.get_with_retry("/config.json", &[]).await?;
    AppConfig::parse(&answer.body).map_err(|e| ApiError::decode(format!("config.json: {e}")))
}

async fn send(request: RequestBuilder) -> Result<Answer, ApiError> {
    let response = request
        .header("Accept", "application/json")
        .credentials(web_sys::RequestCredentials::Include)
        .send()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    read(response).await
}

async fn read(response: Response) -> Result<Answer, ApiError> {
    let status = response.status();
    let headers = response.headers();
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    if (200..300).contains(&status) {
        let total = pagination::parse_total(headers.get(pagination::HEADER_ELEMENTS).as_deref());
        Ok(Answer { body, total })
    } else {
        Err(ApiError::from_response(
            status,
            &body,
            headers.get("Retry-After").as_deref(),
            headers.get("X-Ovh-QueryId").as_deref(),
        ))
    }
}
