//! The gateway: a same-origin front for billing-console on a real OVHcloud API account.
//!
//! - `/auth/login`, `/auth/callback`, `/auth/logout`: sign-in (OAuth2 authorization code with
//!   PKCE, or application key + consumer key) and sign-out ([`auth`]);
//! - `{api prefix}/*`: the allowlisted proxy ([`proxy`], [`allowlist`]);
//! - with `--dist`, the built console itself ([`site`]).
//!
//! No server-side state: the session is a sealed cookie ([`seal`], [`session`]), so replicas
//! need only share the cookie keys.

pub mod allowlist;
pub mod auth;
pub mod config;
pub mod proxy;
pub mod reply;
pub mod seal;
pub mod secret;
pub mod session;
pub mod signing;
pub mod site;
pub mod upstream;

use std::sync::Arc;

use axum::http::StatusCode;
use axum::routing::{any, get};
use axum::Router;

pub use config::Config;

/// The running gateway: its configuration and its client to the provider.
#[derive(Debug)]
pub struct Gateway {
    pub cfg: Config,
    pub upstream: upstream::Upstream,
    /// The console's `config.json` (with `--dist`).
    pub site_config: Option<String>,
}

impl Gateway {
    pub fn new(cfg: Config) -> Result<Arc<Gateway>, String> {
        let upstream = upstream::Upstream::new(&cfg)?;
        let site_config = match &cfg.dist {
            Some(dist) => Some(site::config_json(dist, &cfg.api_prefix)?),
            None => None,
        };
        Ok(Arc::new(Gateway {
            cfg,
            upstream,
            site_config,
        }))
    }
}

/// The whole gateway as an axum router.
pub fn app(gw: Arc<Gateway>) -> Router {
    let prefix = gw.cfg.api_prefix.clone();
    let mut router = Router::new()
        .route("/auth/login", get(auth::login))
        .route("/auth/callback", get(auth::callback))
        .route("/auth/logout", get(auth::logout_page).post(auth::logout))
        .route("/_gateway/health", get(|| async { "ok" }))
        .route(&prefix, any(proxy::proxy))
        .route(&format!("{prefix}/"), any(proxy::proxy))
        .route(&format!("{prefix}/{{*rest}}"), any(proxy::proxy));
    router = match &gw.cfg.dist {
        Some(dist) => site::attach(router, dist),
        None => router.fallback(|| async { (StatusCode::NOT_FOUND, "Not found") }),
    };
    router
        .layer(axum::middleware::from_fn_with_state(
            gw.clone(),
            site::headers,
        ))
        .with_state(gw)
}
