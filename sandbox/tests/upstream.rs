//! Upstream mode (`--upstream`): the real API's edges the gateway is tested against. Bearer
//! tokens from the code flow (PKCE S256, single-use codes, rotated refresh tokens, expiry) and
//! classic signatures (application, consumer key, timestamp window, signature, access rules).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sha1::Digest as _;
use tower::ServiceExt;

use sandbox::upstream::{self, UpstreamArgs};
use sandbox::{AppState, Config};

const CALLBACK: &str = "http://127.0.0.1:9/auth/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const NOW: &str = "2026-11-23T10:00:00+01:00";

fn server(token_ttl: u64) -> Router {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    let state = AppState::seeded(20, Config::new(now));
    let args = UpstreamArgs {
        upstream: true,
        upstream_app: "ak:as".into(),
        upstream_client: "cid:csecret".into(),
        upstream_callbacks: vec![CALLBACK.into()],
        upstream_token_ttl: token_ttl,
        upstream_credential_ttl: 3600,
        upstream_max_skew: 180,
    };
    upstream::app(state, &args).unwrap()
}

struct Resp {
    status: StatusCode,
    location: Option<String>,
    body: String,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
}

async fn send(
    app: &Router,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Resp {
    let mut b = Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "127.0.0.1:8091");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let resp = app
        .clone()
        .oneshot(b.body(Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    Resp {
        status,
        location,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

const FORM: &[(&str, &str)] = &[("content-type", "application/x-www-form-urlencoded")];

fn authorize_form(challenge: &str, decision: &str) -> String {
    format!(
        "response_type=code&client_id=cid&redirect_uri={}&scope=all&state=xyz&code_challenge={challenge}&code_challenge_method=S256&decision={decision}",
        CALLBACK.replace(':', "%3A").replace('/', "%2F")
    )
}

async fn code(app: &Router) -> String {
    let r = send(
        app,
        Method::POST,
        "/auth/oauth2/authorize",
        FORM,
        &authorize_form(CHALLENGE, "allow"),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let loc = r.location.unwrap();
    assert!(
        loc.starts_with(CALLBACK) && loc.ends_with("&state=xyz"),
        "{loc}"
    );
    loc.split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_string()
}

async fn exchange(app: &Router, code: &str, verifier: &str) -> Resp {
    let body = format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&code_verifier={verifier}&client_id=cid&client_secret=csecret",
        CALLBACK.replace(':', "%3A").replace('/', "%2F")
    );
    send(app, Method::POST, "/auth/oauth2/token", FORM, &body).await
}

async fn me_with(app: &Router, token: &str) -> Resp {
    send(
        app,
        Method::GET,
        "/1.0/me",
        &[("authorization", &format!("Bearer {token}"))],
        "",
    )
    .await
}

#[tokio::test]
async fn the_code_flow_checks_pkce_and_uses_codes_once() {
    let app = server(3600);
    // The consent page only for a registered callback.
    let page = send(
        &app,
        Method::GET,
        &format!("/auth/oauth2/authorize?{}", authorize_form(CHALLENGE, "")),
        &[],
        "",
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Authorize"));
    let evil = authorize_form(CHALLENGE, "").replace("127.0.0.1%3A9", "evil.example");
    let refused = send(
        &app,
        Method::GET,
        &format!("/auth/oauth2/authorize?{evil}"),
        &[],
        "",
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(
        refused.location.is_none(),
        "never redirects to an unregistered callback"
    );
    let no_pkce = authorize_form("", "").replace("&code_challenge_method=S256", "");
    assert_eq!(
        send(
            &app,
            Method::GET,
            &format!("/auth/oauth2/authorize?{no_pkce}"),
            &[],
            ""
        )
        .await
        .status,
        StatusCode::BAD_REQUEST
    );

    // A wrong verifier fails, and spends the code.
    let c = code(&app).await;
    let wrong = exchange(&app, &c, &"x".repeat(43)).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong.json()["error"], "invalid_grant");
    assert_eq!(
        exchange(&app, &c, VERIFIER).await.status,
        StatusCode::BAD_REQUEST
    );

    // The right verifier: a bearer token the API accepts; the code then is spent.
    let c = code(&app).await;
    let tokens = exchange(&app, &c, VERIFIER).await;
    assert_eq!(tokens.status, StatusCode::OK, "{}", tokens.body);
    let t = tokens.json();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(
        exchange(&app, &c, VERIFIER).await.status,
        StatusCode::BAD_REQUEST
    );
    let me = me_with(&app, t["access_token"].as_str().unwrap()).await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(
        me_with(&app, "not-a-token").await.status,
        StatusCode::UNAUTHORIZED
    );
    let none = send(&app, Method::GET, "/1.0/me", &[], "").await;
    assert_ne!(none.status, StatusCode::OK);

    // A wrong client secret is refused.
    let c = code(&app).await;
    let body = format!("grant_type=authorization_code&code={c}&redirect_uri={}&code_verifier={VERIFIER}&client_id=cid&client_secret=nope", CALLBACK.replace(':', "%3A").replace('/', "%2F"));
    let r = send(&app, Method::POST, "/auth/oauth2/token", FORM, &body).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // The refusal redirects with the error.
    let r = send(
        &app,
        Method::POST,
        "/auth/oauth2/authorize",
        FORM,
        &authorize_form(CHALLENGE, "deny"),
    )
    .await;
    assert!(r
        .location
        .unwrap()
        .contains("error=access_denied&state=xyz"));
    // The sandbox's own API prefix is not served in this mode.
    assert_eq!(
        send(&app, Method::GET, "/engine/apiv6/me", &[], "")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn tokens_expire_and_refresh_tokens_rotate() {
    let app = server(1);
    let c = code(&app).await;
    let t = exchange(&app, &c, VERIFIER).await.json();
    let access = t["access_token"].as_str().unwrap().to_string();
    let refresh = t["refresh_token"].as_str().unwrap().to_string();
    assert_eq!(me_with(&app, &access).await.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        me_with(&app, &access).await.status,
        StatusCode::UNAUTHORIZED,
        "expired"
    );
    let body = format!(
        "grant_type=refresh_token&refresh_token={refresh}&client_id=cid&client_secret=csecret"
    );
    let new = send(&app, Method::POST, "/auth/oauth2/token", FORM, &body).await;
    assert_eq!(new.status, StatusCode::OK);
    let new_access = new.json()["access_token"].as_str().unwrap().to_string();
    assert_eq!(me_with(&app, &new_access).await.status, StatusCode::OK);
    let again = send(&app, Method::POST, "/auth/oauth2/token", FORM, &body).await;
    assert_eq!(
        again.status,
        StatusCode::BAD_REQUEST,
        "a refresh token is used once"
    );
    // Revoked on the provider's side: nothing works any more.
    send(&app, Method::POST, "/_upstream/revoke", &[], "").await;
    assert_eq!(
        me_with(&app, &new_access).await.status,
        StatusCode::UNAUTHORIZED
    );
}

fn sign(secret: &str, ck: &str, method: &str, url: &str, body: &str, ts: i64) -> String {
    let s = format!("{secret}+{ck}+{method}+{url}+{body}+{ts}");
    let digest = sha1::Sha1::digest(s.as_bytes());
    format!(
        "$1${}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

async fn signed(
    app: &Router,
    ck: &str,
    method: Method,
    path: &str,
    body: &str,
    ts: i64,
    secret: &str,
) -> Resp {
    let url = format!("http://127.0.0.1:8091{path}");
    let sig = sign(secret, ck, method.as_str(), &url, body, ts);
    let ts = ts.to_string();
    send(
        app,
        method,
        path,
        &[
            ("x-ovh-application", "ak"),
            ("x-ovh-consumer", ck),
            ("x-ovh-timestamp", &ts),
            ("x-ovh-signature", &sig),
            ("content-type", "application/json"),
        ],
        body,
    )
    .await
}

#[tokio::test]
async fn classic_calls_are_signed_timed_and_limited_to_their_rules() {
    let app = server(3600);
    let ask = json!({
        "accessRules": [{ "method": "GET", "path": "/me" }, { "method": "PUT", "path": "/services/*" }],
        "redirection": "http://127.0.0.1:9/auth/callback?state=s",
    })
    .to_string();
    let no_app = send(&app, Method::POST, "/1.0/auth/credential", &[], &ask).await;
    assert_eq!(no_app.status, StatusCode::FORBIDDEN);
    assert_eq!(no_app.json()["errorCode"], "INVALID_KEY");
    let cred = send(
        &app,
        Method::POST,
        "/1.0/auth/credential",
        &[("x-ovh-application", "ak")],
        &ask,
    )
    .await;
    assert_eq!(cred.status, StatusCode::OK, "{}", cred.body);
    let cred = cred.json();
    assert_eq!(cred["state"], "pendingValidation");
    let ck = cred["consumerKey"].as_str().unwrap().to_string();
    let validation = cred["validationUrl"].as_str().unwrap().to_string();
    assert!(validation.starts_with("http://127.0.0.1:8091/auth/?credentialToken="));
    let time: i64 = send(&app, Method::GET, "/1.0/auth/time", &[], "")
        .await
        .body
        .parse()
        .unwrap();
    assert_eq!(
        time,
        chrono::DateTime::parse_from_rfc3339(NOW)
            .unwrap()
            .timestamp(),
        "the sandbox's clock"
    );

    // Not validated yet.
    let early = signed(&app, &ck, Method::GET, "/1.0/me", "", time, "as").await;
    assert_eq!(early.status, StatusCode::FORBIDDEN);
    assert_eq!(early.json()["errorCode"], "INVALID_CREDENTIAL");

    let page = send(
        &app,
        Method::GET,
        validation.strip_prefix("http://127.0.0.1:8091").unwrap(),
        &[],
        "",
    )
    .await;
    assert!(page.body.contains("<code>PUT /services/*</code>"));
    let token = validation.split("credentialToken=").nth(1).unwrap();
    let ok = send(
        &app,
        Method::POST,
        "/auth/",
        FORM,
        &format!("credentialToken={token}&decision=allow"),
    )
    .await;
    assert_eq!(
        ok.location.as_deref(),
        Some("http://127.0.0.1:9/auth/callback?state=s")
    );

    let me = signed(&app, &ck, Method::GET, "/1.0/me", "", time, "as").await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    // Within the window: two minutes off is accepted; four minutes is not.
    assert_eq!(
        signed(&app, &ck, Method::GET, "/1.0/me", "", time - 120, "as")
            .await
            .status,
        StatusCode::OK
    );
    let late = signed(&app, &ck, Method::GET, "/1.0/me", "", time - 240, "as").await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST);
    assert_eq!(late.json()["errorCode"], "QUERY_TIME_OUT");
    assert_eq!(
        signed(&app, &ck, Method::GET, "/1.0/me", "", time + 240, "as")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    // A wrong secret, or a body other than the one signed.
    let bad = signed(
        &app,
        &ck,
        Method::GET,
        "/1.0/me",
        "",
        time,
        "not-the-secret",
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["errorCode"], "INVALID_SIGNATURE");
    let url = "http://127.0.0.1:8091/1.0/services/1";
    let sig = sign("as", &ck, "PUT", url, "{}", time);
    let ts = time.to_string();
    let swapped = send(
        &app,
        Method::PUT,
        "/1.0/services/1",
        &[
            ("x-ovh-application", "ak"),
            ("x-ovh-consumer", &ck),
            ("x-ovh-timestamp", &ts),
            ("x-ovh-signature", &sig),
        ],
        r#"{"x":1}"#,
    )
    .await;
    assert_eq!(swapped.json()["errorCode"], "INVALID_SIGNATURE");
    // Outside the rules.
    let orders = signed(&app, &ck, Method::GET, "/1.0/me/order", "", time, "as").await;
    assert_eq!(orders.status, StatusCode::FORBIDDEN);
    assert_eq!(orders.json()["errorCode"], "NOT_GRANTED_CALL");
    // The credential's own routes; after logout the key is dead.
    let current = signed(
        &app,
        &ck,
        Method::GET,
        "/1.0/auth/currentCredential",
        "",
        time,
        "as",
    )
    .await;
    assert_eq!(current.json()["status"], "validated");
    assert_eq!(
        signed(&app, &ck, Method::POST, "/1.0/auth/logout", "", time, "as")
            .await
            .status,
        StatusCode::OK
    );
    let after = signed(&app, &ck, Method::GET, "/1.0/me", "", time, "as").await;
    assert_eq!(after.status, StatusCode::FORBIDDEN);
    assert_eq!(after.json()["errorCode"], "INVALID_CREDENTIAL");
}
