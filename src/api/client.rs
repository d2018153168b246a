//! The only code that speaks HTTP (gloo-net). Reads are retried with backoff; mutations are sent
//! once. Every failure is an `ApiError`.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;

use super::collection::{Collection, LoadReport};
use super::config::AppConfig;
use super::error::ApiError;
use super::models::{Me, Service};
use super::pagination::{self, LoadProgress};
use super::retry::RetryPolicy;
use crate::domain::orders::SecretUrl;
use crate::domain::services::ServiceRow;

/// A service read from the API, as the row the console keeps.
fn service_row(service: Service) -> ServiceRow {
    ServiceRow::from(&service)
}

/// An order created to pay something: its number and payment page (a secret: `Debug` redacts
/// it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOrder {
    #[serde(default)]
    pub order_id: Option<u64>,
    #[serde(default)]
    pub url: Option<SecretUrl>,
}

/// A renewal order (or its quote, without number nor url).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RenewOrder {
    #[serde(default)]
    pub order_id: Option<u64>,
    #[serde(default)]
    pub url: Option<SecretUrl>,
    #[serde(default)]
    pub price_with_tax: Option<super::models::Price>,
}

/// Objects asked per page when loading `/services` (the API accepts up to 50,000). A page's
/// body is read whole into wasm memory, which never shrinks: pages of 5,000 (6.7 MB of JSON)
/// left the memory of a 50,000-service account at 34 MB, pages of 2,000 at 29 MB, and the first
/// rows come sooner (511 against 643 ms); the whole load takes about a tenth longer (25 requests
/// instead of 10, three at a time).
pub const SERVICES_PAGE_SIZE: u32 = 2_000;

/// The services collection.
pub const SERVICES: Collection<'static> = Collection {
    path: "/services",
    page_size: SERVICES_PAGE_SIZE,
    headers: &[],
};

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
    /// One request with a JSON body (`POST`, `PUT`), sent once: only a dry run, which changes
    /// nothing, is sent again (`ApiClient::send_harmless`), never a mutation.
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

/// How long a request may take before it is abandoned (its body included). A read that times
/// out is retried like any transient failure; a mutation's outcome is then unknown and re-read.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// The browser's `fetch`, through gloo-net, each request aborted after `timeout_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchTransport {
    pub timeout_ms: u32,
}

impl Default for FetchTransport {
    fn default() -> Self {
        Self {
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }
}

impl Transport for FetchTransport {
    async fn get(&self, url: &str, headers: &[(&str, &str)]) -> Result<Answer, ApiError> {
        let mut request = Request::get(url);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        with_time_limit(self.timeout_ms, |signal| async move {
            let response = request
                .header("Accept", "application/json")
                .credentials(web_sys::RequestCredentials::Include)
                .abort_signal(Some(&signal))
                .send()
                .await
                .map_err(|e| ApiError::network(e.to_string()))?;
            read(response).await
        })
        .await
    }

    async fn send_json(&self, method: Method, url: &str, body: String) -> Result<Answer, ApiError> {
        let request = match method {
            Method::Post => Request::post(url),
            Method::Put => Request::put(url),
        };
        with_time_limit(self.timeout_ms, |signal| async move {
            let request = request
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .credentials(web_sys::RequestCredentials::Include)
                .abort_signal(Some(&signal))
                .body(body)
                .map_err(|e| ApiError::network(e.to_string()))?;
            let response = request
                .send()
                .await
                .map_err(|e| ApiError::network(e.to_string()))?;
            read(response).await
        })
        .await
    }

    async fn sleep(&self, ms: u32) {
        gloo_timers::future::TimeoutFuture::new(ms).await;
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// Runs one fetch (request and body) under an `AbortController` that fires after `timeout_ms`:
/// a request that hangs ends as [`ApiErrorKind::Timeout`](super::ApiErrorKind::Timeout).
async fn with_time_limit<F, Fut>(timeout_ms: u32, fetch: F) -> Result<Answer, ApiError>
where
    F: FnOnce(web_sys::AbortSignal) -> Fut,
    Fut: std::future::Future<Output = Result<Answer, ApiError>>,
{
    let Ok(controller) = web_sys::AbortController::new() else {
        return Err(ApiError::network("AbortController unavailable"));
    };
    let fired = std::rc::Rc::new(std::cell::Cell::new(false));
    let timer = {
        let (controller, fired) = (controller.clone(), fired.clone());
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            fired.set(true);
            controller.abort();
        })
    };
    let signal = controller.signal();
    let result = fetch(signal).await;
    drop(timer);
    match result {
        Err(_) if fired.get() => Err(ApiError::timeout()),
        other => other,
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
    /// The browser's client: every request abandoned after `timeout_ms`.
    pub fn new(base: impl Into<String>, timeout_ms: u32) -> Self {
        Self::with_transport(base, FetchTransport { timeout_ms })
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

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// `GET /auth/time`: the server's clock, unix seconds (time rules use it, not the browser's).
    pub async fn server_time(&self) -> Result<i64, ApiError> {
        let answer = self.get_with_retry(&self.url("/auth/time"), &[]).await?;
        super::decode::plain(&answer.body)
    }

    /// `GET /me`.
    pub async fn me(&self) -> Result<Me, ApiError> {
        let answer = self.get_with_retry(&self.url("/me"), &[]).await?;
        Me::from_body(&answer.body)
    }

    /// Every service, in pages, as table rows; `on_page` gets each page's rows as they arrive,
    /// so what is loaded can be shown at once. Each service becomes its row as soon as it is
    /// read (a row is a fraction of an API object: a big account's early pages wait as rows,
    /// and no page of API objects is ever held whole). What could not be had is in the report,
    /// to ask again ([`Self::load_missing_services`]).
    pub async fn load_services(
        &self,
        on_page: impl FnMut(Vec<ServiceRow>, LoadProgress),
    ) -> Result<LoadReport, ApiError> {
        self.load_collection_as(SERVICES, service_row, on_page)
            .await
    }

    /// Asks again for the services `report` says are missing, as rows.
    pub async fn load_missing_services(
        &self,
        report: &mut LoadReport,
        on_page: impl FnMut(Vec<ServiceRow>, LoadProgress),
    ) {
        self.load_missing_as(SERVICES, report, service_row, on_page)
            .await;
    }

    /// `GET /services/{id}`, bypassing the server's cache (after a change).
    pub async fn service(&self, id: u64) -> Result<Service, ApiError> {
        let answer = self
            .get_with_retry(
                &self.url(&format!("/services/{id}")),
                &[("Pragma", "no-cache")],
            )
            .await?;
        super::collection::read_one(answer.body)
            .await
            .map_err(|e| ApiError::decode(e.reason))
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

    /// Waits `ms` milliseconds.
    pub(crate) async fn transport_sleep(&self, ms: u32) {
        self.transport.sleep(ms).await;
    }

    /// One mutation, sent once.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: serde_json::Value,
    ) -> Result<Answer, ApiError> {
        self.transport
            .send_json(method, &self.url(path), body.to_string())
            .await
    }

    /// Reads one JSON object bypassing the server's caches (`Pragma: no-cache`): the state just
    /// before or after a change.
    pub async fn get_fresh<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let answer = self
            .get_with_retry(&self.url(path), &[("Pragma", "no-cache")])
            .await?;
        super::decode::decode_value(&answer.body)
    }

    /// Reads one JSON object, retrying transient failures.
    pub async fn get_json<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        let answer = self.get_with_retry(&self.url(path), &[]).await?;
        super::decode::decode_value(&answer.body)
    }

    pub(crate) async fn get_with_retry(
        &self,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Result<Answer, ApiError> {
        self.retrying(|| self.transport.get(url, headers)).await
    }

    /// A request with a body that changes nothing (a dry run: a quote), so it is retried on a
    /// transient failure like a read. Never for a request that may change the account.
    pub(crate) async fn send_harmless(
        &self,
        method: Method,
        path: &str,
        body: serde_json::Value,
    ) -> Result<Answer, ApiError> {
        let url = self.url(path);
        let body = body.to_string();
        self.retrying(|| self.transport.send_json(method, &url, body.clone()))
            .await
    }

    /// Runs `once` until it succeeds, fails for good, or [`RetryPolicy`] gives up.
    async fn retrying<F, Fut>(&self, mut once: F) -> Result<Answer, ApiError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<Answer, ApiError>>,
    {
        let mut attempt = 1;
        loop {
            match once().await {
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
    let client = ApiClient::new("", DEFAULT_TIMEOUT_MS);
    let answer = client.get_with_retry("/config.json", &[]).await?;
    AppConfig::parse(&answer.body).map_err(|e| ApiError::decode(format!("config.json: {e}")))
}

async fn read(response: Response) -> Result<Answer, ApiError> {
    let status = response.status();
    let headers = response.headers();
    // The body's bytes, made a `String` without a copy. (`text()` would hand the JS string to
    // wasm-bindgen, which reserves three bytes per character as soon as one is not ASCII: a
    // 6 MB page of services briefly took 19 MB, and wasm memory never shrinks.) Invalid UTF-8 is
    // replaced, as `text()` did.
    let bytes = body_bytes(response.into()).await?;
    let body = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    if (200..300).contains(&status) {
        let total = pagination::parse_total(headers.get(pagination::HEADER_ELEMENTS).as_deref());
        Ok(Answer { body, total })
    } else {
        let mut error = ApiError::from_response(
            status,
            &body,
            headers.get("Retry-After").as_deref(),
            headers.get("X-Ovh-QueryId").as_deref(),
        );
        error.retry_at_ms = error
            .retry_after_secs()
            .map(|secs| js_sys::Date::now() as u64 + u64::from(secs) * 1000);
        Err(error)
    }
}

/// A body at least this big is read into the kept buffer ([`recycle_body`]).
const BIG_BODY: usize = 1 << 20;

thread_local! {
    /// The buffer the big bodies are read into while a collection loads. A page of 5,000
    /// services was 6 MB of JSON (2,000 now, 2.7 MB): each page in a buffer of its own, freed
    /// after decoding, left a 6 MB hole that the rows and the index, allocated meanwhile, partly
    /// took, so the next page needed new memory (wasm memory never shrinks; 9 MB lost at 50,000
    /// services). One buffer kept for the whole load is never split.
    static BODY_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

async fn body_bytes(response: web_sys::Response) -> Result<Vec<u8>, ApiError> {
    let buffer = match response.array_buffer() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.ok(),
        Err(_) => None,
    };
    let Some(buffer) = buffer else {
        return Err(ApiError::network("the answer could not be read"));
    };
    let array = js_sys::Uint8Array::new(&buffer);
    let len = array.length() as usize;
    let mut bytes = if len >= BIG_BODY {
        BODY_BUFFER.with_borrow_mut(std::mem::take)
    } else {
        Vec::new()
    };
    bytes.clear();
    if bytes.capacity() < len {
        // An eighth more: the next pages, a little bigger or smaller, fit in it.
        bytes = Vec::with_capacity(len + len / 8);
    }
    bytes.resize(len, 0);
    array.copy_to(&mut bytes);
    Ok(bytes)
}

/// Gives a big body's buffer back once it is decoded, for the next page to be read into.
pub(crate) fn recycle_body(body: String) {
    let bytes = body.into_bytes();
    if bytes.capacity() >= BIG_BODY {
        BODY_BUFFER.with_borrow_mut(|kept| {
            if bytes.capacity() > kept.capacity() {
                *kept = bytes;
            }
        });
    }
}

/// Frees the kept buffer.
fn release_body_buffer() {
    BODY_BUFFER.with_borrow_mut(|kept| *kept = Vec::new());
}

/// Held by a collection load for as long as it runs: the kept buffer is freed when the load
/// ends, however it ends (done, failed on its first page, or dropped half-way).
pub(crate) struct BodyBufferKept;

impl Drop for BodyBufferKept {
    fn drop(&mut self) {
        release_body_buffer();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept() -> usize {
        BODY_BUFFER.with_borrow(Vec::capacity)
    }

    #[test]
    fn the_biggest_body_buffer_is_kept_for_the_next_page_until_the_load_ends() {
        release_body_buffer();
        recycle_body(String::with_capacity(1000));
        assert_eq!(kept(), 0, "a small body is not worth keeping");
        recycle_body(String::with_capacity(3 << 20));
        assert!(kept() >= 3 << 20);
        recycle_body(String::with_capacity(2 << 20));
        assert!(kept() >= 3 << 20, "the bigger one stays");
        drop(BodyBufferKept);
        assert_eq!(kept(), 0, "a load's end frees it");
    }
}
