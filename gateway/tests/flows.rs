//! The gateway in front of the sandbox's upstream mode, both in this process on free ports,
//! driven like a browser would (cookies kept by hand, redirects followed by hand): both
//! sign-in flows, the proxy, refusals, token refresh, expiry and sign-out.

use std::collections::HashMap;
use std::time::Duration;

use clap::Parser;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use gateway::config::{Cli, Config};
use gateway::Gateway;

const KEY: &str = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
/// The sandbox's clock: far from this machine's, so classic signatures work only if the
/// gateway applies the offset read from `/auth/time`.
const SANDBOX_NOW: &str = "2026-11-23T10:00:00+01:00";

struct Env {
    sandbox: String,
    gateway: String,
    http: reqwest::Client,
}

impl Env {
    async fn start(flow: &str, token_ttl: u64, extra: &[&str]) -> Env {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let sb_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let gw_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sandbox = format!("http://{}", sb_listener.local_addr().unwrap());
        let gateway = format!("http://{}", gw_listener.local_addr().unwrap());

        let now = chrono::DateTime::parse_from_rfc3339(SANDBOX_NOW).unwrap();
        let state = sandbox::AppState::seeded(40, sandbox::Config::new(now));
        let args = sandbox::upstream::UpstreamArgs {
            upstream: true,
            upstream_app: "test-ak:test-as".into(),
            upstream_client: "test-client:test-client-secret".into(),
            upstream_callbacks: vec![format!("{gateway}/auth/callback")],
            upstream_token_ttl: token_ttl,
            upstream_credential_ttl: 3600,
            upstream_max_skew: 180,
        };
        let sb_app = sandbox::upstream::app(state, &args).unwrap();
        tokio::spawn(async move { axum::serve(sb_listener, sb_app).await.unwrap() });

        let mut argv = vec![
            "gateway".to_string(),
            "--public-url".into(),
            gateway.clone(),
            "--api-base-url".into(),
            format!("{sandbox}/1.0"),
            "--auth-base-url".into(),
            sandbox.clone(),
            "--cookie-key".into(),
            KEY.into(),
        ];
        let creds: &[&str] = match flow {
            "oauth2" => &[
                "--client-id",
                "test-client",
                "--client-secret",
                "test-client-secret",
            ],
            _ => &["--app-key", "test-ak", "--app-secret", "test-as"],
        };
        argv.extend(creds.iter().map(|s| s.to_string()));
        argv.extend(extra.iter().map(|s| s.to_string()));
        let cfg = Config::from_cli(Cli::try_parse_from(argv).unwrap()).unwrap();
        let gw = Gateway::new(cfg).unwrap();
        tokio::spawn(async move { axum::serve(gw_listener, gateway::app(gw)).await.unwrap() });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Env {
            sandbox,
            gateway,
            http,
        }
    }

    async fn counters(&self) -> Value {
        let text = self
            .http
            .get(format!("{}/_upstream/state", self.sandbox))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        serde_json::from_str(&text).unwrap()
    }

    async fn mutation_log(&self) -> Vec<Value> {
        let text = self
            .http
            .get(format!("{}/_sandbox/log", self.sandbox))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        v.as_array().cloned().unwrap_or_default()
    }
}

/// A browser's cookie jar for the gateway's origin.
#[derive(Default, Clone)]
struct Jar(HashMap<String, String>);

impl Jar {
    fn take(&mut self, headers: &HeaderMap) -> Vec<String> {
        let mut set = Vec::new();
        for v in headers.get_all("set-cookie") {
            let text = v.to_str().unwrap().to_string();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if text.contains("Max-Age=0") || value.is_empty() {
                self.0.remove(name);
            } else {
                self.0.insert(name.to_string(), value.to_string());
            }
            set.push(text);
        }
        set
    }

    fn header(&self) -> Option<HeaderValue> {
        if self.0.is_empty() {
            return None;
        }
        let s: Vec<String> = self.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        Some(HeaderValue::from_str(&s.join("; ")).unwrap())
    }

    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    set_cookies: Vec<String>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn location(&self) -> String {
        self.headers["location"].to_str().unwrap().to_string()
    }
}

/// One request to the gateway with the jar's cookies; the jar takes the answer's cookies.
async fn call(
    env: &Env,
    jar: &mut Jar,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Answer {
    let url = if path.starts_with("http") {
        path.to_string()
    } else {
        format!("{}{path}", env.gateway)
    };
    let mut req = env.http.request(method, &url);
    if url.starts_with(&env.gateway) {
        if let Some(c) = jar.header() {
            req = req.header("cookie", c);
        }
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    if let Some(b) = body {
        req = req
            .header("content-type", "application/json")
            .body(b.to_string());
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.text().await.unwrap();
    let set_cookies = if url.starts_with(&env.gateway) {
        jar.take(&headers)
    } else {
        Vec::new()
    };
    Answer {
        status,
        headers,
        body,
        set_cookies,
    }
}

async fn get(env: &Env, jar: &mut Jar, path: &str) -> Answer {
    call(
        env,
        jar,
        Method::GET,
        path,
        &[("sec-fetch-site", "same-origin")],
        None,
    )
    .await
}

/// Same-origin headers a browser adds to the console's own writes.
fn same_origin(env: &Env) -> Vec<(&'static str, String)> {
    vec![
        ("origin", env.gateway.clone()),
        ("sec-fetch-site", "same-origin".into()),
    ]
}

async fn write(env: &Env, jar: &mut Jar, method: Method, path: &str, body: Value) -> Answer {
    let h = same_origin(env);
    let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    call(env, jar, method, path, &h, Some(body)).await
}

/// The hidden fields and action of the provider's page, and a decision.
fn form_of(html: &str, decision: &str) -> String {
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    for input in html.split("<input type=\"hidden\" ").skip(1) {
        let name = input
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let value = input
            .split("value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let value = value
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        pairs.append_pair(name, &value);
    }
    pairs.append_pair("decision", decision);
    pairs.finish()
}

async fn submit(env: &Env, action: &str, form: String) -> Answer {
    let resp = env
        .http
        .post(format!("{}{action}", env.sandbox))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    Answer {
        status: resp.status(),
        headers: resp.headers().clone(),
        body: resp.text().await.unwrap_or_default(),
        set_cookies: Vec::new(),
    }
}

/// The OAuth2 dance: login → consent page → allow → callback. Returns the callback's answer.
async fn oauth2_sign_in(env: &Env, jar: &mut Jar, return_to: &str) -> Answer {
    let login = get(env, jar, &format!("/auth/login?return={return_to}")).await;
    assert_eq!(login.status, StatusCode::SEE_OTHER);
    assert!(jar.has("__Host-bc_login"));
    let cookie = &login.set_cookies[0];
    assert!(cookie.starts_with("__Host-bc_login=v1."), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Lax")
    );
    let authorize = login.location();
    assert!(authorize.starts_with(&format!("{}/auth/oauth2/authorize?", env.sandbox)));
    for part in [
        "response_type=code",
        "client_id=test-client",
        "scope=all",
        "code_challenge_method=S256",
        "code_challenge=",
        "state=",
    ] {
        assert!(authorize.contains(part), "{authorize} lacks {part}");
    }
    assert!(!authorize.contains("test-client-secret"));
    let consent = call(env, jar, Method::GET, &authorize, &[], None).await;
    assert_eq!(consent.status, StatusCode::OK, "{}", consent.body);
    let back = submit(
        env,
        "/auth/oauth2/authorize",
        form_of(&consent.body, "allow"),
    )
    .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let callback = back.location();
    assert!(callback.starts_with(&format!("{}/auth/callback?code=", env.gateway)));
    get(env, jar, &callback).await
}

#[tokio::test]
async fn oauth2_sign_in_proxies_refreshes_and_refuses() {
    let env = Env::start("oauth2", 3, &[]).await;
    let mut jar = Jar::default();

    // Signed out: the API's own 401, which the console turns into "sign in again".
    let me = get(&env, &mut jar, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.json()["message"], "This session is invalid");
    assert_eq!(me.headers["cache-control"], "no-store");

    let done = oauth2_sign_in(&env, &mut jar, "/services%3Fpage%3D2").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/services?page=2");
    assert!(jar.has("__Host-bc_session") && !jar.has("__Host-bc_login"));
    let session_cookie = done
        .set_cookies
        .iter()
        .find(|c| c.starts_with("__Host-bc_session=v1."))
        .expect("a session cookie");
    assert!(session_cookie.contains("HttpOnly; Secure; SameSite=Strict"));
    assert_eq!(env.counters().await["tokensIssued"], 1);

    // Signed in: the API answers through the gateway, with its headers.
    let me = get(&env, &mut jar, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert!(me.json()["nichandle"].as_str().unwrap().ends_with("-ovh"));
    assert!(me.headers.contains_key("x-ovh-queryid"));
    assert_eq!(me.headers["cache-control"], "no-store");
    assert!(me.set_cookies.is_empty());
    let page = call(
        &env,
        &mut jar,
        Method::GET,
        "/engine/apiv6/services",
        &[
            ("x-pagination-mode", "CachedObjectList-Pages"),
            ("x-pagination-number", "1"),
            ("x-pagination-size", "10"),
        ],
        None,
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.json().as_array().unwrap().len(), 10);
    assert!(
        page.headers["x-pagination-elements"]
            .to_str()
            .unwrap()
            .parse::<u32>()
            .unwrap()
            > 10
    );
    let id = page.json()[0]["serviceId"].as_u64().unwrap();
    assert_eq!(
        get(&env, &mut jar, &format!("/engine/apiv6/services/{id}"))
            .await
            .status,
        StatusCode::OK
    );

    // One write from the console's own origin reaches the API.
    let before = env.mutation_log().await.len();
    let put = write(
        &env,
        &mut jar,
        Method::PUT,
        "/engine/apiv6/me/autorenew",
        json!({ "active": true, "renewDay": 5 }),
    )
    .await;
    assert_ne!(put.status, StatusCode::UNAUTHORIZED, "{}", put.body);
    assert_ne!(put.status, StatusCode::FORBIDDEN, "{}", put.body);
    let log = env.mutation_log().await;
    assert_eq!(log.len(), before + 1);
    assert_eq!(log.last().unwrap()["path"], "/me/autorenew");

    // Forged writes: another site's page, or no origin at all. Nothing reaches the API.
    for headers in [
        vec![
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
        vec![("origin", "https://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![],
    ] {
        let forged = call(
            &env,
            &mut jar,
            Method::POST,
            "/engine/apiv6/me/autorenew",
            &headers,
            Some(json!({ "renewDay": 1 })),
        )
        .await;
        assert_eq!(forged.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert_eq!(forged.json()["errorCode"], "FORBIDDEN");
    }
    // A form post cannot pass for JSON.
    let h = same_origin(&env);
    let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let env_url = format!("{}/engine/apiv6/me/autorenew", env.gateway);
    let resp = env
        .http
        .post(&env_url)
        .header("cookie", jar.header().unwrap())
        .header("origin", &env.gateway)
        .header("content-type", "text/plain")
        .body("renewDay=1")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(
        env.mutation_log().await.len(),
        before + 1,
        "no forged write got through"
    );

    // Outside the allowlist, signed in or not.
    let creds = get(&env, &mut jar, "/engine/apiv6/me/api/credential").await;
    assert_eq!(creds.status, StatusCode::FORBIDDEN);
    assert_eq!(creds.json()["errorCode"], "NOT_GRANTED_CALL");
    for path in [
        "/engine/apiv6/me/%2e%2e/me/api/credential",
        "/engine/apiv6/me/../me/api/credential",
        "/engine/apiv6/domain/a%2Fb/serviceInfos",
        "/engine/apiv6//me",
    ] {
        let a = get(&env, &mut jar, path).await;
        assert!(
            a.status == StatusCode::BAD_REQUEST || a.status == StatusCode::FORBIDDEN,
            "{path}: {}",
            a.status
        );
        assert!(a.json()["message"].is_string(), "{path}: API error shape");
    }
    let delete = call(&env, &mut jar, Method::DELETE, "/engine/apiv6/me", &h, None).await;
    assert_eq!(delete.status, StatusCode::FORBIDDEN);

    // The access token lives 3 s: refreshed a second before it ends, the cookie rewritten.
    tokio::time::sleep(Duration::from_millis(2300)).await;
    let me = get(&env, &mut jar, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(
        me.set_cookies.len(),
        1,
        "refreshed tokens go back in the cookie"
    );
    assert_eq!(env.counters().await["refreshes"], 1);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let me = get(&env, &mut jar, "/engine/apiv6/me").await;
    assert_eq!(
        me.status,
        StatusCode::OK,
        "after the first token's end: {}",
        me.body
    );

    // The provider ends the session: the gateway says so in the API's words and drops the cookie.
    env.http
        .post(format!("{}/_upstream/revoke", env.sandbox))
        .send()
        .await
        .unwrap();
    let me = get(&env, &mut jar, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(me.json()["message"], "This session is invalid");
    assert!(!jar.has("__Host-bc_session"));
}

/// An OAuth2 sign-in whose access token (3 s) is due for a refresh.
async fn signed_in_due_for_refresh() -> (Env, Jar) {
    let env = Env::start("oauth2", 3, &[]).await;
    let mut jar = Jar::default();
    assert_eq!(
        oauth2_sign_in(&env, &mut jar, "/").await.status,
        StatusCode::SEE_OTHER
    );
    tokio::time::sleep(Duration::from_millis(2300)).await;
    (env, jar)
}

#[tokio::test]
async fn concurrent_requests_share_one_refresh() {
    let (env, jar) = signed_in_due_for_refresh().await;
    // Four at a time, as the console loads pages: one refresh, four good answers (the sandbox
    // rotates refresh tokens, so a second refresh with the same token would fail).
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let mut j = jar.clone();
        let env_ref = &env;
        tasks.push(async move { get(env_ref, &mut j, "/engine/apiv6/me").await.status });
    }
    let statuses = futures_util::future::join_all(tasks).await;
    assert!(
        statuses.iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(env.counters().await["refreshes"], 1);
}

#[tokio::test]
async fn a_refused_request_never_spends_a_refresh() {
    let (env, mut jar) = signed_in_due_for_refresh().await;
    // Due for a refresh, but refused for its body: the refresh (whose rotated tokens would go
    // back only with an answer that carries the cookie) is not made.
    let h = same_origin(&env);
    let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = call(
        &env,
        &mut jar,
        Method::GET,
        "/engine/apiv6/me",
        &h,
        Some(serde_json::json!({})),
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    assert_eq!(env.counters().await["refreshes"], 0);
    let me = get(&env, &mut jar, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(
        me.set_cookies.len(),
        1,
        "the refreshed tokens in the cookie"
    );
    assert_eq!(env.counters().await["refreshes"], 1);
}

#[tokio::test]
async fn oauth2_refusals_and_foreign_callbacks() {
    let env = Env::start("oauth2", 3600, &[]).await;
    let mut jar = Jar::default();

    // The user refuses on the provider's page.
    let login = get(&env, &mut jar, "/auth/login?return=/orders").await;
    let consent = call(&env, &mut jar, Method::GET, &login.location(), &[], None).await;
    let back = submit(
        &env,
        "/auth/oauth2/authorize",
        form_of(&consent.body, "deny"),
    )
    .await;
    assert!(back.location().contains("error=access_denied"));
    let refused = get(&env, &mut jar, &back.location()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.body.contains("not granted"));
    assert!(!jar.has("__Host-bc_session") && !jar.has("__Host-bc_login"));

    // A callback with another state (login CSRF), or without the sign-in cookie, goes nowhere.
    let login = get(&env, &mut jar, "/auth/login?return=/").await;
    let consent = call(&env, &mut jar, Method::GET, &login.location(), &[], None).await;
    let back = submit(
        &env,
        "/auth/oauth2/authorize",
        form_of(&consent.body, "allow"),
    )
    .await;
    let good = back.location();
    let (before_state, _) = good.split_once("state=").unwrap();
    let forged = format!("{before_state}state=AAAA");
    let mut jar2 = jar.clone();
    let wrong_state = get(&env, &mut jar2, &forged).await;
    assert_eq!(wrong_state.status, StatusCode::BAD_REQUEST);
    assert!(!jar2.has("__Host-bc_session"));
    let mut empty = Jar::default();
    let no_cookie = get(&env, &mut empty, &good).await;
    assert_eq!(no_cookie.status, StatusCode::BAD_REQUEST);
    assert!(!empty.has("__Host-bc_session"));
    assert_eq!(
        env.counters().await["tokensIssued"],
        0,
        "no code was exchanged"
    );

    // Another site's page cannot start a sign-in (in the classic flow, each asks the API for a
    // consumer key).
    let from_elsewhere = call(
        &env,
        &mut jar,
        Method::GET,
        "/auth/login?return=/",
        &[("sec-fetch-site", "cross-site")],
        None,
    )
    .await;
    assert_eq!(from_elsewhere.status, StatusCode::FORBIDDEN);

    // An open redirect through `return` is not possible.
    let login = get(&env, &mut jar, "/auth/login?return=https://evil.example/").await;
    let consent = call(&env, &mut jar, Method::GET, &login.location(), &[], None).await;
    let back = submit(
        &env,
        "/auth/oauth2/authorize",
        form_of(&consent.body, "allow"),
    )
    .await;
    let done = get(&env, &mut jar, &back.location()).await;
    assert_eq!(done.location(), "/");

    // A tampered session cookie is no session.
    let mut tampered = jar.clone();
    let v = tampered.0.get_mut("__Host-bc_session").unwrap();
    let last = v.pop().unwrap();
    v.push(if last == 'A' { 'B' } else { 'A' });
    let me = get(&env, &mut tampered, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&env, &mut jar, "/engine/apiv6/me").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn classic_sign_in_signs_every_call_and_signs_out() {
    let env = Env::start("classic", 3600, &["--session-ttl", "60"]).await;
    let mut jar = Jar::default();
    let login = get(&env, &mut jar, "/auth/login?return=/orders").await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    let validation = login.location();
    assert!(validation.starts_with(&format!("{}/auth/?credentialToken=", env.sandbox)));
    let page = call(&env, &mut jar, Method::GET, &validation, &[], None).await;
    assert_eq!(page.status, StatusCode::OK);
    // The consumer key asks only for the console's calls (and the gateway's two).
    assert!(page.body.contains("<code>GET /services/*</code>"));
    assert!(page
        .body
        .contains("<code>PUT /domain/*/serviceInfos</code>"));
    assert!(page.body.contains("<code>POST /auth/logout</code>"));
    assert!(!page.body.contains("/me/api"));
    assert!(!page.body.contains("DELETE"));
    let back = submit(&env, "/auth/", form_of(&page.body, "allow")).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert!(back
        .location()
        .starts_with(&format!("{}/auth/callback?state=", env.gateway)));
    let done = get(&env, &mut jar, &back.location()).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(done.location(), "/orders");
    assert!(jar.has("__Host-bc_session"));

    // Signed with the sandbox's clock (hours away from this machine's): the offset works.
    let orders = call(
        &env,
        &mut jar,
        Method::GET,
        "/engine/apiv6/me/order",
        &[
            ("x-pagination-mode", "CachedObjectList-Pages"),
            ("x-pagination-size", "5000"),
            ("x-pagination-sort", "date"),
            ("x-pagination-sort-order", "DESC"),
        ],
        None,
    )
    .await;
    assert_eq!(orders.status, StatusCode::OK, "{}", orders.body);
    assert!(!orders.json().as_array().unwrap().is_empty());
    // The statuses of several orders in one signed batch read (`X-Ovh-Batch`).
    let ids: Vec<String> = orders.json().as_array().unwrap()[..3]
        .iter()
        .map(|o| o["orderId"].to_string())
        .collect();
    let path = format!("/engine/apiv6/me/order/{}/status", ids.join(","));
    let batch = call(
        &env,
        &mut jar,
        Method::GET,
        &path,
        &[("x-ovh-batch", ",")],
        None,
    )
    .await;
    assert_eq!(batch.status, StatusCode::OK, "{}", batch.body);
    let keys: Vec<String> = batch
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, ids);
    assert!(batch.json()[0]["value"].is_string());
    // Another separator, or a list without the header, does not go through.
    let other = call(
        &env,
        &mut jar,
        Method::GET,
        &path,
        &[("x-ovh-batch", "|")],
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST);
    let twice = [("x-ovh-batch", ","), ("x-ovh-batch", "|")];
    let twice = call(&env, &mut jar, Method::GET, &path, &twice, None).await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        get(&env, &mut jar, &path).await.status,
        StatusCode::BAD_REQUEST
    );
    let time = get(&env, &mut jar, "/engine/apiv6/auth/time").await;
    assert_eq!(time.status, StatusCode::OK);
    let before = env.mutation_log().await.len();
    let answer = write(
        &env,
        &mut jar,
        Method::POST,
        "/engine/apiv6/me/autorenew",
        json!({ "renewDay": 12 }),
    )
    .await;
    assert!(
        answer.status != StatusCode::FORBIDDEN && answer.status != StatusCode::BAD_REQUEST,
        "{}",
        answer.body
    );
    assert_eq!(env.mutation_log().await.len(), before + 1);
    let counters = env.counters().await;
    assert_eq!(
        counters["signedCalls"], 3,
        "the orders page, the batch read and the write (the refused batches never left): {counters}"
    );
    assert_eq!(counters["refusedCalls"], 0, "{counters}");

    // Sign-out is a same-origin POST; it revokes the consumer key, then the cookie is gone.
    let stolen = jar.clone();
    let forged = call(
        &env,
        &mut jar,
        Method::POST,
        "/auth/logout",
        &[("origin", "https://evil.example")],
        None,
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(jar.has("__Host-bc_session"));
    let page = get(&env, &mut jar, "/auth/logout").await;
    assert!(page
        .body
        .contains("<form method=\"post\" action=\"/auth/logout\">"));
    assert_eq!(
        page.headers["referrer-policy"], "same-origin",
        "so the form's POST has an Origin"
    );
    assert!(page.headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("form-action 'self'"));
    let h = same_origin(&env);
    let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = call(&env, &mut jar, Method::POST, "/auth/logout", &h, None).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location(), "/auth/logout?done");
    assert!(!jar.has("__Host-bc_session"));
    assert_eq!(env.counters().await["logouts"], 1);
    // A copy of the cookie taken before is useless: the API refuses the revoked key, and the
    // console is told to sign in again.
    let mut stolen = stolen;
    let me = get(&env, &mut stolen, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED, "{}", me.body);
}

#[tokio::test]
async fn classic_refused_validation_gives_no_session() {
    let env = Env::start("classic", 3600, &[]).await;
    let mut jar = Jar::default();
    let login = get(&env, &mut jar, "/auth/login").await;
    let page = call(&env, &mut jar, Method::GET, &login.location(), &[], None).await;
    let back = submit(&env, "/auth/", form_of(&page.body, "deny")).await;
    let done = get(&env, &mut jar, &back.location()).await;
    assert_eq!(done.status, StatusCode::FORBIDDEN);
    assert!(!jar.has("__Host-bc_session"));
}

#[tokio::test]
async fn the_session_ends_with_its_sealed_expiry() {
    let env = Env::start("classic", 3600, &[]).await;
    let sealer = gateway::seal::Sealer::from_base64_keys([KEY]).unwrap();
    let now = gateway::upstream::now();
    let session = gateway::session::Session {
        credential: gateway::session::Credential::Classic {
            consumer_key: gateway::secret::Secret::new("whatever"),
        },
    };
    let cookie = gateway::session::session_cookie(&sealer, &session, now + 1, now).unwrap();
    let mut jar = Jar::default();
    jar.take(&{
        let mut h = HeaderMap::new();
        h.insert("set-cookie", cookie);
        h
    });
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let me = get(&env, &mut jar, "/engine/apiv6/me").await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert!(
        me.set_cookies.iter().any(|c| c.contains("Max-Age=0")),
        "the dead cookie is cleared"
    );
}

#[tokio::test]
async fn serves_the_built_site_with_its_headers() {
    let dist = std::env::temp_dir().join(format!("gw-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>services</title>",
    )
    .unwrap();
    let build = dist.join("pkg").join("0123456789abcdef");
    std::fs::create_dir_all(&build).unwrap();
    std::fs::write(build.join("app.js"), "export {}").unwrap();
    std::fs::write(dist.join("main-0123456789abcdef.css"), "body{}").unwrap();
    std::fs::write(
        dist.join("config.json"),
        r#"{"apiBase":"/engine/apiv6","loginUrl":"/_sandbox/login","defaultLocale":"fr"}"#,
    )
    .unwrap();
    let env = Env::start("oauth2", 3600, &["--dist", dist.to_str().unwrap()]).await;
    let mut jar = Jar::default();
    let index = get(&env, &mut jar, "/services?page=2").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("services"));
    let csp = index.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("connect-src 'self'"));
    assert_eq!(index.headers["referrer-policy"], "no-referrer");
    assert_eq!(index.headers["x-content-type-options"], "nosniff");
    assert_eq!(index.headers["cache-control"], "no-cache");
    // One app: every section is the page.
    assert!(get(&env, &mut jar, "/orders/216000001")
        .await
        .body
        .contains("services"));
    for immutable in ["/pkg/0123456789abcdef/app.js", "/main-0123456789abcdef.css"] {
        let file = get(&env, &mut jar, immutable).await;
        assert_eq!(file.status, StatusCode::OK, "{immutable}");
        assert_eq!(
            file.headers["cache-control"],
            "public, max-age=31536000, immutable"
        );
    }
    // A module that is not there is a 404, never the page.
    let missing = get(&env, &mut jar, "/pkg/0123456789abcdef/chunk_9.wasm").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let config = get(&env, &mut jar, "/config.json").await.json();
    assert_eq!(config["loginUrl"], "/auth/login");
    assert_eq!(config["apiBase"], "/engine/apiv6");
    assert_eq!(config["defaultLocale"], "fr");
    let health = get(&env, &mut jar, "/_gateway/health").await;
    assert_eq!(health.body, "ok");
    std::fs::remove_dir_all(&dist).unwrap();
}
