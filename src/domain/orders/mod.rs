//! "My orders": the list's view model, which orders are expired, the 14-day withdrawal, the
//! check of an order's total against its lines, the 4-step tracking, and the list's query
//! (search, filters, sort, pages) as held in the URL. Pure: no web-sys, tested natively.
//!
//! Rules (shared docs: api-contract "Orders", provider-panel-notes §5, the "Gérer mes commandes"
//! guide): an unpaid order lapses at its `expirationDate` and is then hidden by default; the
//! withdrawal is offered while `retractionDate` is after the server's clock; the tracking has
//! 4 steps, VALIDATING → VALIDATED → DELIVERING → AVAILABLE.

mod expiry;
mod query;
mod rows;
mod status;
mod totals;
mod tracking;
mod withdrawal;

pub use super::values::{FollowUpLabel, FollowUpStatus, FollowUpStep, OrderStatus};
pub use expiry::*;
pub use query::*;
pub use rows::*;
pub use status::*;
pub use totals::*;
pub use tracking::*;
pub use withdrawal::*;
