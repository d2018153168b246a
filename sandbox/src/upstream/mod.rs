//! "Upstream" mode (`--upstream`): the sandbox behind the real API's edges, so that the gateway
//! is tested against what it will meet in production, without the internet.
//!
//! - the API at `/1.0/...` (the real base path), answering only a valid OAuth2 bearer token or a
//!   valid classic signature (`X-Ovh-Application`, `-Consumer`, `-Timestamp`, `-Signature`, with
//!   the consumer key's access rules enforced);
//! - `/auth/oauth2/authorize` (a consent page) and `/auth/oauth2/token` (authorization code with
//!   PKCE S256, refresh tokens rotated on use, short configurable lifetimes) — [`oauth`];
//! - `/1.0/auth/credential`, its validation page at `/auth/?credentialToken=`,
//!   `/1.0/auth/currentCredential` and `/1.0/auth/logout` — [`classic`];
//! - `/_upstream/state` (counters for tests) and `POST /_upstream/revoke` (every token and
//!   consumer key stops working: a session ended on the provider's side);
//! - `/_sandbox/*` as usual (reset, faults, log, clock); nothing at `/engine/apiv6`.
//!
//! A request that passes is handed to the ordinary sandbox router, rewritten to
//! `/engine/apiv6/...` and marked [`Authenticated`].

pub mod classic;
pub mod oauth;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::Router;
use serde_json::json;
use tower::ServiceExt;

use crate::reply::ApiError;
use crate::state::SharedState;
use crate::util::Rng;

/// Marks a request the upstream layer has authenticated (the session cookie is then not needed).
#[derive(Debug, Clone, Copy)]
pub struct Authenticated;

/// Largest request body the upstream layer reads (to verify its signature).
const MAX_BODY: usize = 1024 * 1024;

/// Options of the upstream mode (flattened into the sandbox's command line).
#[derive(Debug, Clone, clap::Args)]
pub struct UpstreamArgs {
    /// Serve the API like the real one, at /1.0, behind OAuth2 bearer tokens or signed requests
    /// (for testing the gateway).
    #[arg(long)]
    pub upstream: bool,
    /// The one known application, KEY:SECRET (classic signatures).
    #[arg(
        long,
        value_name = "KEY:SECRET",
        default_value = "sandbox-app-key:sandbox-app-secret"
    )]
    pub upstream_app: String,
    /// The one known OAuth2 client, ID:SECRET.
    #[arg(
        long,
        value_name = "ID:SECRET",
        default_value = "sandbox-client:sandbox-client-secret"
    )]
    pub upstream_client: String,
    /// A callback URL registered for the OAuth2 client (repeat for several).
    #[arg(long = "upstream-callback", value_name = "URL")]
    pub upstream_callbacks: Vec<String>,
    /// Lifetime of OAuth2 access tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    pub upstream_token_ttl: u64,
    /// Lifetime of a validated consumer key, in seconds.
    #[arg(long, default_value_t = 86400)]
    pub upstream_credential_ttl: u64,
    /// Largest accepted difference between X-Ovh-Timestamp and the API's clock, in seconds.
    #[arg(long, default_value_t = 180)]
    pub upstream_max_skew: i64,
}

fn pair(value: &str, what: &str) -> Result<(String, String), String> {
    match value.split_once(':') {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a.to_string(), b.to_string())),
        _ => Err(format!("{what}: expected ID:SECRET, got `{value}`")),
    }
}

#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    pub app_key: String,
    pub app_secret: String,
    pub client_id: String,
    pub client_secret: String,
    pub callbacks: Vec<String>,
    pub token_ttl: Duration,
    pub credential_ttl: Duration,
    pub max_skew: i64,
}

impl UpstreamConfig {
    pub fn from_args(args: &UpstreamArgs) -> Result<UpstreamConfig, String> {
        let (app_key, app_secret) = pair(&args.upstream_app, "--upstream-app")?;
        let (client_id, client_secret) = pair(&args.upstream_client, "--upstream-client")?;
        for cb in &args.upstream_callbacks {
            if !(cb.starts_with("http://") || cb.starts_with("https://")) {
                return Err(format!("--upstream-callback: `{cb}` is not an http(s) URL"));
            }
        }
        if args.upstream_token_ttl == 0 || args.upstream_credential_ttl == 0 {
            return Err("--upstream-token-ttl / --upstream-credential-ttl: at least 1".into());
        }
        Ok(UpstreamConfig {
            app_key,
            app_secret,
            client_id,
            client_secret,
            callbacks: args.upstream_callbacks.clone(),
            token_ttl: Duration::from_secs(args.upstream_token_ttl),
            credential_ttl: Duration::from_secs(args.upstream_credential_ttl),
            max_skew: args.upstream_max_skew.max(0),
        })
    }
}

/// Counters the tests read at `/_upstream/state`.
#[derive(Debug, Default, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counters {
    pub codes_issued: u64,
    pub tokens_issued: u64,
    pub refreshes: u64,
    pub credentials_requested: u64,
    pub credentials_validated: u64,
    pub logouts: u64,
    pub bearer_calls: u64,
    pub signed_calls: u64,
    pub refused_calls: u64,
    pub last_refusal: Option<String>,
}

/// What the upstream layer remembers (tokens, codes, consumer keys).
pub struct UpState {
    pub rng: Rng,
    pub codes: HashMap<String, oauth::CodeGrant>,
    pub access_tokens: HashMap<String, Instant>,
    pub refresh_tokens: HashMap<String, Instant>,
    pub credentials: HashMap<String, classic::Cred>,
    pub next_credential_id: u64,
    pub counters: Counters,
}

impl UpState {
    pub fn token(&mut self, len: usize) -> String {
        self.rng.alnum(len)
    }
}

pub struct Upstream {
    pub cfg: UpstreamConfig,
    pub state: Mutex<UpState>,
    pub sandbox: SharedState,
    inner: Router,
}

pub type Shared = Arc<Upstream>;

impl Upstream {
    pub fn lock(&self) -> MutexGuard<'_, UpState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The API's clock (the sandbox's, which `/auth/time` answers).
    pub fn api_time(&self) -> i64 {
        self.sandbox.lock().now().timestamp()
    }

    fn refuse(&self, err: ApiError) -> Response {
        let mut st = self.lock();
        st.counters.refused_calls += 1;
        st.counters.last_refusal = Some(err.error_code.to_string());
        drop(st);
        err.into_reply().into_response()
    }

    /// Hands an authenticated request to the ordinary sandbox at `/engine/apiv6{rest}`.
    async fn forward(&self, mut req: Request, api_path: &str) -> Response {
        let query = req
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let uri: Uri = match format!("{}{api_path}{query}", crate::routes::API_PREFIX).parse() {
            Ok(u) => u,
            Err(_) => {
                return ApiError::bad_request("Invalid path")
                    .into_reply()
                    .into_response()
            }
        };
        *req.uri_mut() = uri;
        req.headers_mut().remove(header::COOKIE);
        req.extensions_mut().insert(Authenticated);
        match self.inner.clone().oneshot(req).await {
            Ok(resp) => resp,
            Err(never) => match never {},
        }
    }
}

/// The upstream-mode server.
pub fn app(sandbox: SharedState, args: &UpstreamArgs) -> Result<Router, String> {
    let cfg = UpstreamConfig::from_args(args)?;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(11)
        ^ u64::from(std::process::id()).rotate_left(17);
    let up = Arc::new(Upstream {
        cfg,
        state: Mutex::new(UpState {
            rng: Rng::new(seed),
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            credentials: HashMap::new(),
            next_credential_id: 7_000_001,
            counters: Counters::default(),
        }),
        sandbox: sandbox.clone(),
        inner: crate::app(sandbox),
    });
    Ok(Router::new()
        .route(
            "/auth/oauth2/authorize",
            get(oauth::authorize_page).post(oauth::authorize_decision),
        )
        .route("/auth/oauth2/token", post(oauth::token))
        .route(
            "/auth/",
            get(classic::validation_page).post(classic::validation_decision),
        )
        .route("/1.0/auth/credential", post(classic::request_credential))
        .route("/1.0", any(api))
        .route("/1.0/{*rest}", any(api))
        .route("/_upstream/state", get(counters))
        .route("/_upstream/revoke", post(revoke))
        .route("/_sandbox", any(to_sandbox))
        .route("/_sandbox/{*rest}", any(to_sandbox))
        .fallback(not_found)
        .with_state(up))
}

async fn not_found(uri: Uri) -> Response {
    ApiError::not_found(uri.path()).into_reply().into_response()
}

async fn to_sandbox(State(up): State<Shared>, req: Request) -> Response {
    match up.inner.clone().oneshot(req).await {
        Ok(resp) => resp,
        Err(never) => match never {},
    }
}

async fn counters(State(up): State<Shared>) -> Response {
    let c = up.lock().counters.clone();
    axum::Json(c).into_response()
}

async fn revoke(State(up): State<Shared>) -> Response {
    let mut st = up.lock();
    st.access_tokens.clear();
    st.refresh_tokens.clear();
    st.codes.clear();
    for cred in st.credentials.values_mut() {
        cred.status = classic::Status::Expired;
    }
    axum::Json(json!({ "revoked": true })).into_response()
}

/// `/1.0/...`: authenticate, then the sandbox answers.
async fn api(State(up): State<Shared>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let api_path = path.strip_prefix("/1.0").unwrap_or("").to_string();
    if api_path == "/auth/time" {
        return up.forward(req, &api_path).await;
    }
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return up.refuse(ApiError::new(
                413,
                "PAYLOAD_TOO_LARGE",
                "Request body too large",
            ))
        }
    };
    if let Some(token) = bearer(&parts.headers) {
        let valid = {
            let mut st = up.lock();
            let ok = st
                .access_tokens
                .get(&token)
                .is_some_and(|exp| Instant::now() < *exp);
            if ok {
                st.counters.bearer_calls += 1;
            }
            ok
        };
        if !valid {
            return up.refuse(ApiError::new(
                401,
                "INVALID_CREDENTIAL",
                "This session is invalid",
            ));
        }
        return up
            .forward(Request::from_parts(parts, Body::from(body)), &api_path)
            .await;
    }
    let ck = match classic::verify(&up, &parts, &body) {
        Ok(ck) => ck,
        Err(e) => return up.refuse(e),
    };
    match (parts.method.as_str(), api_path.as_str()) {
        ("GET", "/auth/currentCredential") => classic::current_credential(&up, &ck),
        ("POST", "/auth/logout") => classic::logout(&up, &ck),
        _ => {
            up.lock().counters.signed_calls += 1;
            up.forward(Request::from_parts(parts, Body::from(body)), &api_path)
                .await
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// A small HTML page of the provider's side (consent, validation).
pub fn page(title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{t}</title></head>\n<body><main>\n<h1>{t}</h1>\n{body}\n</main></body></html>\n",
        t = crate::util::html_escape(title)
    );
    let mut resp = axum::response::Html(html).into_response();
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    resp
}

/// An error page (the provider does not redirect to an unverified callback).
pub fn error_page(status: StatusCode, message: &str) -> Response {
    let mut resp = page(
        "Error",
        &format!("<p>{}</p>", crate::util::html_escape(message)),
    );
    *resp.status_mut() = status;
    resp
}

/// A `303 See Other` to `location`.
pub fn see_other(location: &str) -> Response {
    match axum::http::HeaderValue::from_str(location) {
        Ok(v) => {
            let mut resp = StatusCode::SEE_OTHER.into_response();
            resp.headers_mut().insert(header::LOCATION, v);
            resp
        }
        Err(_) => error_page(StatusCode::BAD_REQUEST, "Invalid redirection"),
    }
}

/// Form fields of a `application/x-www-form-urlencoded` body.
pub fn form(body: &Bytes) -> HashMap<String, String> {
    crate::util::parse_query(&String::from_utf8_lossy(body))
        .into_iter()
        .collect()
}

/// Constant-time equality of two secrets.
pub fn same(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.as_bytes().ct_eq(b.as_bytes()).into()
}
