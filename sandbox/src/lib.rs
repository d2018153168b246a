//! The sandbox: a local OVHcloud-API-compatible backend for billing-console.
//!
//! `app(state)` is the whole server as an axum router; tests drive it with `oneshot`.
//! `server::serve` runs it on a socket (and can close a connection without an answer).

/// The console's table of what each product route allows, included as it is: the sandbox serves
/// legacy `serviceInfos` exactly where the schema (and so the console) has them.
#[path = "../../src/api/capabilities.rs"]
pub mod capabilities;
pub mod dataset;
pub mod faults;
pub mod iceberg;
pub mod model;
pub mod reply;
pub mod routes;
pub mod seed;
pub mod server;
pub mod state;
pub mod upstream;
pub mod util;

pub use routes::app;
pub use server::serve;
pub use state::{Account, AppState, Config, SharedState};
