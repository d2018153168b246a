#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use sandbox::{AppState, Config, SharedState};
use serde_json::Value;
use tower::ServiceExt;

pub const NOW: &str = "2026-11-23T10:00:00+01:00";

pub fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap()
}

/// The default seeded account, no session needed.
pub fn seeded() -> SharedState {
    let mut c = Config::new(now());
    c.no_auth = true;
    AppState::seeded(sandbox::seed::DEFAULT_SERVICES, c)
}

/// The default seeded account with the session required.
pub fn seeded_auth() -> SharedState {
    AppState::seeded(sandbox::seed::DEFAULT_SERVICES, Config::new(now()))
}

pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }
}

pub async fn send(
    st: &SharedState,
    method: Method,
    uri: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Resp {
    let mut b = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    let body = match body {
        Some(v) => {
            b = b.header("content-type", "application/json");
            Body::from(serde_json::to_vec(v).unwrap())
        }
        None => Body::empty(),
    };
    let resp = sandbox::app(st.clone())
        .oneshot(b.body(body).unwrap())
        .await
        .unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Resp {
        status,
        headers,
        body,
    }
}

pub async fn get(st: &SharedState, path: &str) -> Resp {
    send(st, Method::GET, &format!("/engine/apiv6{path}"), &[], None).await
}

pub async fn get_h(st: &SharedState, path: &str, headers: &[(&str, &str)]) -> Resp {
    send(
        st,
        Method::GET,
        &format!("/engine/apiv6{path}"),
        headers,
        None,
    )
    .await
}

pub async fn api(st: &SharedState, method: Method, path: &str, body: Value) -> Resp {
    send(
        st,
        method,
        &format!("/engine/apiv6{path}"),
        &[],
        Some(&body),
    )
    .await
}

pub fn pages(size: &str, number: &str) -> Vec<(&'static str, String)> {
    vec![
        ("x-pagination-mode", "CachedObjectList-Pages".to_string()),
        ("x-pagination-size", size.to_string()),
        ("x-pagination-number", number.to_string()),
    ]
}

pub async fn get_page(st: &SharedState, path: &str, extra: &[(&str, &str)]) -> Resp {
    let mut h: Vec<(&str, &str)> = vec![("x-pagination-mode", "CachedObjectList-Pages")];
    h.extend_from_slice(extra);
    get_h(st, path, &h).await
}

pub async fn service(st: &SharedState, id: u64) -> Value {
    let r = get(st, &format!("/services/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()
}

pub async fn log(st: &SharedState) -> Vec<Value> {
    let r = send(st, Method::GET, "/_sandbox/log", &[], None).await;
    r.json().as_array().unwrap().clone()
}

/// A sandbox served on a real socket (`sandbox::serve`), stopped when dropped.
pub struct Server {
    pub addr: std::net::SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

pub async fn serve(st: &SharedState) -> Server {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(sandbox::serve(listener, st.clone(), async {
        let _ = rx.await;
    }));
    Server {
        addr,
        stop: Some(tx),
    }
}

/// One HTTP/1.1 request written on `stream` as raw bytes (keep-alive unless `close`).
pub fn raw_request(method: &str, path: &str, body: Option<&Value>, close: bool) -> Vec<u8> {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if close {
        req.push_str("Connection: close\r\n");
    }
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    req.into_bytes()
}

/// Sends one request on a new connection (`Connection: close`) and reads until the server
/// closes it: the raw bytes of the answer, empty when there was none.
pub async fn raw_exchange(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Vec<u8> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(&raw_request(method, path, body, true))
        .await
        .unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(10), s.read_to_end(&mut out))
        .await
        .expect("the server neither answered nor closed")
        .unwrap();
    out
}

/// An account loaded from `sandbox/datasets/{name}.json`, no session needed.
pub fn from_dataset(name: &str) -> SharedState {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("datasets")
        .join(format!("{name}.json"));
    let account = sandbox::dataset::load_dataset(&path).unwrap();
    let mut c = Config::new(now());
    c.no_auth = true;
    AppState::new(account, c)
}
