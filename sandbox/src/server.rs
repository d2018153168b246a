//! The HTTP server: a tokio accept loop serving each connection with hyper's HTTP/1.1.
//!
//! Unlike `axum::serve`, it can lose an answer the way a real network does: a response carrying
//! the [`DropConnection`] extension (see [`dropped`]) makes the connection's service fail, and
//! hyper then closes the socket without writing a byte of it (curl: "Empty reply from server";
//! Chromium's fetch: `TypeError: Failed to fetch`). No panic, no log line.

use std::future::Future;
use std::time::Duration;

use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::{service_fn, Service};
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::state::SharedState;

/// Marks a response whose connection must be closed without any answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DropConnection;

/// The "response" of a lost answer. Served by [`serve`], nothing of it is written: the
/// connection is closed. A router driven otherwise (tests' `oneshot`, `axum::serve`) sees a 502
/// with the [`DropConnection`] extension.
pub fn dropped() -> Response {
    let mut r = (
        StatusCode::BAD_GATEWAY,
        "The sandbox dropped this connection (served without sandbox::serve)",
    )
        .into_response();
    r.extensions_mut().insert(DropConnection);
    r
}

/// The service error that makes hyper close a connection without answering.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a sandbox fault")
    }
}

impl std::error::Error for Dropped {}

/// How long in-flight requests may finish after `shutdown` (a `hang` would wait forever).
const GRACE: Duration = Duration::from_secs(2);

/// Serves the sandbox on `listener` until `shutdown` completes; then stops accepting, lets open
/// connections finish their current request for a short grace period and closes the rest.
/// `AppState::close_idle_connections` closes the idle keep-alive connections meanwhile.
pub async fn serve(listener: TcpListener, state: SharedState, shutdown: impl Future<Output = ()>) {
    let app = crate::app(state.clone());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    let mut conns = tokio::task::JoinSet::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, a connection reset before accept...: wait, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let tower = TowerToHyperService::new(app.clone());
        let mut stop = stop_rx.clone();
        let mut recycle = state.recycle.subscribe();
        conns.spawn(async move {
            let svc = service_fn(move |req: Request<Incoming>| {
                let answer = tower.call(req);
                async move {
                    let resp = match answer.await {
                        Ok(resp) => resp,
                        Err(never) => match never {},
                    };
                    if resp.extensions().get::<DropConnection>().is_some() {
                        Err(Dropped)
                    } else {
                        Ok(resp)
                    }
                }
            });
            let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
            let mut conn = std::pin::pin!(conn);
            // A dropped answer ends the connection with an error: nothing to report.
            // Closing gracefully: at once when idle, else after the answer in progress.
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
                _ = recycle.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
        });
        while conns.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = stop_tx.send(());
    let _ = tokio::time::timeout(GRACE, async { while conns.join_next().await.is_some() {} }).await;
    conns.abort_all();
}
