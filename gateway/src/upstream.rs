//! Calls to the provider: the OAuth2 token endpoint, the credential routes, and the API itself,
//! authenticated with a bearer token or the classic signature. One HTTP client (rustls, no
//! redirects followed, a time limit on every request).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use bytes::Bytes;
use serde::Deserialize;
use tokio::sync::OnceCell;

use crate::config::{Config, Flow};
use crate::secret::Secret;
use crate::session::Credential;
use crate::signing;

/// Small answers (tokens, credentials, time) are read up to this size.
const SMALL_BODY: usize = 64 * 1024;
/// The server time offset is read again after this long.
const TIME_OFFSET_TTL: Duration = Duration::from_secs(600);
/// How long a failed read of the provider's clock is kept (the local clock is used meanwhile).
const TIME_OFFSET_FAILED_TTL: Duration = Duration::from_secs(30);
/// A refresh result is shared with the requests that asked for it at the same time.
const REFRESH_SHARE: Duration = Duration::from_secs(30);

pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Tokens from the token endpoint.
#[derive(Debug, Clone)]
pub struct Tokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_in: u64,
}

impl Tokens {
    /// The session credential for tokens received at `now`.
    pub fn credential(self, now: u64, previous_refresh: Option<Secret>) -> Credential {
        Credential::OAuth2 {
            access_token: self.access_token,
            // A server that does not rotate refresh tokens keeps the old one valid.
            refresh_token: self.refresh_token.or(previous_refresh),
            issued: now,
            expires: now + self.expires_in,
        }
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialAnswer {
    validation_url: String,
    consumer_key: String,
}

/// A consumer key requested for the user, waiting for validation.
#[derive(Debug, Clone)]
pub struct PendingCredential {
    pub validation_url: String,
    pub consumer_key: Secret,
}

type SharedRefresh = Arc<OnceCell<Result<Tokens, String>>>;

/// The provider as the gateway sees it.
pub struct Upstream {
    http: reqwest::Client,
    api_base: String,
    auth_base: String,
    flow: Flow,
    /// Server time minus local time (classic signatures), and when it was read.
    time_offset: Mutex<Option<(i64, Instant)>>,
    /// Refreshes in flight or just done, by SHA-256 of the refresh token: the console sends
    /// requests four at a time, and a rotating refresh token may be used only once.
    refreshes: Mutex<HashMap<[u8; 32], (Instant, SharedRefresh)>>,
}

impl std::fmt::Debug for Upstream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upstream")
            .field("api_base", &self.api_base)
            .field("auth_base", &self.auth_base)
            .field("flow", &self.flow.name())
            .finish()
    }
}

impl Upstream {
    pub fn new(cfg: &Config) -> Result<Upstream, String> {
        // ring as rustls' crypto provider (no cmake, no C toolchain beyond cc); installed once.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A time limit on silence, not on the whole answer: a big page streamed to a slow
            // browser is not cut once its status was sent (a stalled provider still is).
            .read_timeout(cfg.upstream_timeout)
            .connect_timeout(Duration::from_secs(5).min(cfg.upstream_timeout))
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!(
                "billing-console-gateway/",
                env!("CARGO_PKG_VERSION")
            ))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Upstream {
            http,
            api_base: cfg.api_base.clone(),
            auth_base: cfg.auth_base.clone(),
            flow: cfg.flow.clone(),
            time_offset: Mutex::new(None),
            refreshes: Mutex::new(HashMap::new()),
        })
    }

    pub fn flow(&self) -> &Flow {
        &self.flow
    }

    pub fn api_base(&self) -> &str {
        &self.api_base
    }

    pub fn auth_base(&self) -> &str {
        &self.auth_base
    }

    // ------------------------------------------------------------------ OAuth2

    /// The authorization code (with its PKCE verifier) for tokens.
    pub async fn exchange_code(
        &self,
        code: &str,
        verifier: &Secret,
        redirect_uri: &str,
    ) -> Result<Tokens, String> {
        self.token_request(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("code_verifier", verifier.expose()),
        ])
        .await
    }

    /// New tokens for a refresh token; concurrent calls with the same token share one request.
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<Tokens, String> {
        let key = signing::fingerprint(refresh_token.expose());
        let cell = {
            let mut map = self.refreshes.lock().unwrap_or_else(|e| e.into_inner());
            map.retain(|_, (at, _)| at.elapsed() < REFRESH_SHARE);
            map.entry(key)
                .or_insert_with(|| (Instant::now(), Arc::new(OnceCell::new())))
                .1
                .clone()
        };
        let result = cell
            .get_or_init(|| async {
                self.token_request(&[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", refresh_token.expose()),
                ])
                .await
            })
            .await
            .clone();
        if result.is_err() {
            // A failure is not kept: the next request tries again.
            let mut map = self.refreshes.lock().unwrap_or_else(|e| e.into_inner());
            if map.get(&key).is_some_and(|(_, c)| Arc::ptr_eq(c, &cell)) {
                map.remove(&key);
            }
        }
        result
    }

    async fn token_request(&self, params: &[(&str, &str)]) -> Result<Tokens, String> {
        let Flow::OAuth2 {
            client_id,
            client_secret,
        } = &self.flow
        else {
            return Err("not the OAuth2 flow".into());
        };
        let form = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in params {
                form.append_pair(k, v);
            }
            form.append_pair("client_id", client_id);
            form.append_pair("client_secret", client_secret.expose());
            form.finish()
        };
        let resp = self
            .http
            .post(format!("{}/auth/oauth2/token", self.auth_base))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(form)
            .send()
            .await
            .map_err(|e| format!("token endpoint unreachable: {}", without_url(e)))?;
        let status = resp.status();
        let body = read_small(resp).await?;
        if !status.is_success() {
            // The error object says which rule failed (`invalid_grant`...); no secret in it.
            let error: String = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
                .unwrap_or_default()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .take(40)
                .collect();
            return Err(format!("token endpoint answered {status} {error}"));
        }
        let answer: TokenAnswer = serde_json::from_slice(&body)
            .map_err(|_| "token endpoint: unreadable answer".to_string())?;
        if !answer
            .token_type
            .as_deref()
            .unwrap_or("Bearer")
            .eq_ignore_ascii_case("bearer")
        {
            return Err("token endpoint: not a bearer token".into());
        }
        if answer.access_token.is_empty() {
            return Err("token endpoint: empty access token".into());
        }
        Ok(Tokens {
            access_token: Secret::new(answer.access_token),
            refresh_token: answer
                .refresh_token
                .filter(|t| !t.is_empty())
                .map(Secret::new),
            expires_in: answer.expires_in.unwrap_or(3600).clamp(1, 30 * 24 * 3600),
        })
    }

    // ------------------------------------------------------------------ classic

    /// `POST /auth/credential`: a consumer key limited to `rules`, validated by the user at the
    /// returned URL, who is then sent to `redirection`.
    pub async fn request_credential(
        &self,
        rules: &[(&str, String)],
        redirection: &str,
    ) -> Result<PendingCredential, String> {
        let Flow::Classic { app_key, .. } = &self.flow else {
            return Err("not the classic flow".into());
        };
        let body = serde_json::json!({
            "accessRules": rules
                .iter()
                .map(|(method, path)| serde_json::json!({ "method": method, "path": path }))
                .collect::<Vec<_>>(),
            "redirection": redirection,
        })
        .to_string();
        let resp = self
            .http
            .post(format!("{}/auth/credential", self.api_base))
            .header("x-ovh-application", app_key.as_str())
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("credential request failed: {}", without_url(e)))?;
        let status = resp.status();
        let body = read_small(resp).await?;
        if !status.is_success() {
            return Err(format!("credential request answered {status}"));
        }
        let answer: CredentialAnswer = serde_json::from_slice(&body)
            .map_err(|_| "credential request: unreadable answer".to_string())?;
        Ok(PendingCredential {
            validation_url: answer.validation_url,
            consumer_key: Secret::new(answer.consumer_key),
        })
    }

    /// `GET /auth/currentCredential`: the consumer key's status (`validated` once the user
    /// accepted).
    pub async fn credential_status(&self, consumer_key: &Secret) -> Result<String, String> {
        let cred = Credential::Classic {
            consumer_key: consumer_key.clone(),
        };
        let resp = self
            .call(
                Method::GET,
                "/auth/currentCredential",
                Bytes::new(),
                HeaderMap::new(),
                &cred,
            )
            .await
            .map_err(|e| format!("credential check failed: {}", without_url(e)))?;
        let status = resp.status();
        let body = read_small(resp).await?;
        if !status.is_success() {
            return Err(format!("credential check answered {status}"));
        }
        #[derive(Deserialize)]
        struct Current {
            status: String,
        }
        serde_json::from_slice::<Current>(&body)
            .map(|c| c.status)
            .map_err(|_| "credential check: unreadable answer".to_string())
    }

    /// `POST /auth/logout`: the consumer key stops working at once.
    pub async fn revoke(&self, credential: &Credential) -> Result<(), String> {
        if !matches!(credential, Credential::Classic { .. }) {
            // The API has no documented OAuth2 revocation route: the access token ends with its
            // lifetime; the gateway forgets both tokens with the cookie.
            return Ok(());
        }
        let resp = self
            .call(
                Method::POST,
                "/auth/logout",
                Bytes::new(),
                HeaderMap::new(),
                credential,
            )
            .await
            .map_err(|e| format!("sign-out failed: {}", without_url(e)))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(format!("sign-out answered {}", resp.status()))
        }
    }

    /// Server time minus local time, read from `GET /auth/time` (cached a few minutes).
    async fn time_offset(&self) -> i64 {
        let cached = *self.time_offset.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((offset, at)) = cached {
            if at.elapsed() < TIME_OFFSET_TTL {
                return offset;
            }
        }
        let read = async {
            let resp = self
                .http
                .get(format!("{}/auth/time", self.api_base))
                .send()
                .await
                .ok()?;
            if !resp.status().is_success() {
                return None;
            }
            let body = read_small(resp).await.ok()?;
            std::str::from_utf8(&body).ok()?.trim().parse::<i64>().ok()
        };
        match read.await {
            Some(server) => {
                let offset = server - now() as i64;
                *self.time_offset.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some((offset, Instant::now()));
                offset
            }
            None => {
                // Kept a little while too: while the provider's clock cannot be read, each
                // signed call would otherwise wait for the same failure first.
                eprintln!("gateway: GET /auth/time failed; signing with the local clock");
                // (Dated back so that it expires after TIME_OFFSET_FAILED_TTL.)
                if let Some(at) =
                    Instant::now().checked_sub(TIME_OFFSET_TTL - TIME_OFFSET_FAILED_TTL)
                {
                    *self.time_offset.lock().unwrap_or_else(|e| e.into_inner()) = Some((0, at));
                }
                0
            }
        }
    }

    // ------------------------------------------------------------------ the API

    /// One API call with the user's credential. `path_and_query` is after the API base
    /// (`/services/1?x=y`), already checked against the allowlist.
    pub async fn call(
        &self,
        method: Method,
        path_and_query: &str,
        body: Bytes,
        headers: HeaderMap,
        credential: &Credential,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let url = format!("{}{}", self.api_base, path_and_query);
        let mut request = self.http.request(method.clone(), &url).headers(headers);
        match (credential, &self.flow) {
            (Credential::OAuth2 { access_token, .. }, _) => {
                request = request.bearer_auth(access_token.expose());
            }
            (
                Credential::Classic { consumer_key },
                Flow::Classic {
                    app_key,
                    app_secret,
                },
            ) => {
                // Sign the URL exactly as it will be sent.
                let sent = url::Url::parse(&url).map(|u| u.to_string()).unwrap_or(url);
                let timestamp = now() as i64 + self.time_offset().await;
                let signature = signing::signature(
                    app_secret.expose(),
                    consumer_key.expose(),
                    method.as_str(),
                    &sent,
                    &body,
                    timestamp,
                );
                request = request
                    .header("x-ovh-application", app_key.as_str())
                    .header("x-ovh-consumer", consumer_key.expose())
                    .header("x-ovh-timestamp", timestamp.to_string())
                    .header("x-ovh-signature", signature);
            }
            (Credential::Classic { .. }, Flow::OAuth2 { .. }) => {
                // A cookie from a deployment with the other flow: sent unauthenticated, the
                // API answers 401 and the user signs in again.
            }
        }
        if !body.is_empty() {
            request = request.header("content-type", "application/json");
        }
        request.body(body).send().await
    }
}

/// Reads a small answer, refusing anything bigger than [`SMALL_BODY`].
pub async fn read_small(mut resp: reqwest::Response) -> Result<Bytes, String> {
    let mut out = Vec::new();
    while let Some(chunk) = resp
        .chunk()
        .await
        .map_err(|e| format!("reading the answer failed: {}", without_url(e)))?
    {
        if out.len() + chunk.len() > SMALL_BODY {
            return Err("answer too large".into());
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(out))
}

/// A client error without its URL (which may carry a code or a state).
pub fn without_url(e: reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    let e = e.without_url();
    format!("{kind} ({e})")
}

/// Request headers passed on to the API (everything else stays here: cookies, the browser's
/// own `Authorization`, `X-Ovh-*`, hop-by-hop headers...; the proxy sets `X-Ovh-Batch` itself
/// on the batch reads it checked).
pub const FORWARDED_REQUEST_HEADERS: &[&str] = &[
    "accept",
    "accept-language",
    "pragma",
    "x-pagination-mode",
    "x-pagination-number",
    "x-pagination-size",
    "x-pagination-sort",
    "x-pagination-sort-order",
    "x-pagination-filter",
    "x-pagination-cursor",
];

/// Response headers passed back to the browser.
pub const FORWARDED_RESPONSE_HEADERS: &[&str] = &[
    "content-type",
    "retry-after",
    "x-ovh-queryid",
    "x-pagination-elements",
    "x-pagination-number",
    "x-pagination-size",
    "x-pagination-sort",
    "x-pagination-sort-order",
    "x-pagination-cursor-next",
];

pub fn pick_headers(from: &HeaderMap, names: &[&'static str]) -> HeaderMap {
    let mut out = HeaderMap::new();
    for name in names {
        let name = HeaderName::from_static(name);
        for value in from.get_all(&name) {
            if let Ok(v) = HeaderValue::from_bytes(value.as_bytes()) {
                out.append(name.clone(), v);
            }
        }
    }
    out
}

/// For tests: a classic-flow configuration whose API and sign-in server are at `addr`, with an
/// API time limit of `timeout_secs`.
#[cfg(test)]
pub(crate) fn test_config(addr: std::net::SocketAddr, timeout_secs: u32) -> Config {
    use clap::Parser;
    let cli = crate::config::Cli::try_parse_from([
        "gateway",
        "--public-url",
        "https://console.example.com",
        "--api-base-url",
        &format!("http://{addr}/1.0"),
        "--auth-base-url",
        &format!("http://{addr}"),
        "--app-key",
        "ak",
        "--app-secret",
        "as",
        "--upstream-timeout",
        &timeout_secs.to_string(),
        "--cookie-key",
        "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=",
    ])
    .unwrap();
    Config::from_cli(cli).unwrap()
}

/// For tests: the address of a server that accepts connections and never answers.
#[cfg(test)]
pub(crate) async fn silent_server() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    addr
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A classic-flow gateway (1-second limit) whose API and sign-in server are at `addr`.
    fn in_front_of(addr: std::net::SocketAddr) -> Upstream {
        Upstream::new(&test_config(addr, 1)).unwrap()
    }

    /// A classic-flow gateway whose API answers nothing at all (connections accepted, never
    /// answered), with a 1-second time limit.
    async fn silent_api() -> Upstream {
        in_front_of(silent_server().await)
    }

    /// A classic-flow gateway (1-second limit) in front of an API that answers every request
    /// with `body`, one byte every 600 ms.
    async fn slow_api(body: &'static str) -> Upstream {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    let mut request = [0u8; 4096];
                    let _ = socket.read(&mut request).await;
                    let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", body.len());
                    let _ = socket.write_all(head.as_bytes()).await;
                    for byte in body.as_bytes() {
                        tokio::time::sleep(Duration::from_millis(600)).await;
                        let _ = socket.write_all(&[*byte]).await;
                    }
                });
            }
        });
        in_front_of(addr)
    }

    #[tokio::test]
    async fn an_answer_that_keeps_coming_is_not_cut_by_the_time_limit() {
        // 1.8 s for the whole answer against a 1-second limit: a limit on silence lets it
        // through (a limit on the whole call cut it, and the local clock was used).
        let up = slow_api("123").await;
        let offset = up.time_offset().await;
        assert!(offset < -1_000_000, "the API's clock was read: {offset}");
    }

    #[tokio::test]
    async fn a_clock_that_cannot_be_read_is_not_waited_for_on_every_call() {
        let up = silent_api().await;
        let first = Instant::now();
        assert_eq!(up.time_offset().await, 0, "the local clock, for now");
        assert!(
            first.elapsed() >= Duration::from_millis(900),
            "it waited for the time limit"
        );
        // Right after: the failure is kept, the next signed call does not wait for it again.
        let second = Instant::now();
        assert_eq!(up.time_offset().await, 0);
        assert!(
            second.elapsed() < Duration::from_millis(100),
            "{:?}",
            second.elapsed()
        );
    }
}
