//! The API layer: the only code that does HTTP. Typed models in the API's own shapes, iceberg
//! pagination, retries with backoff for reads, and typed errors.

pub mod account;
pub mod capabilities;
pub mod client;
pub mod collection;
pub mod config;
pub mod decode;
pub mod enums;
pub mod error;
pub mod forms;
pub mod models;
pub mod mutations;
pub mod orders;
pub mod pagination;
pub mod renewal;
pub mod retry;
pub mod routes;
pub mod rows;

pub use client::{
    load_config, Answer, ApiClient, FetchTransport, Method, PaymentOrder, RenewOrder, Transport,
};
pub use collection::{Collection, LoadReport, Missing};
pub use config::AppConfig;
pub use error::{ApiError, ApiErrorKind};
pub use mutations::{Found, MutationOutcome, Recheck, Settled};
pub use renewal::RenewalSettings;
