//! Platform-free logic: view models, formatting, dates, money. No web-sys, no Leptos; tested
//! natively with `cargo test`.

pub mod batch;
pub mod calendar;
pub mod chart;
pub mod checks;
pub mod dates;
pub mod eligibility;
pub mod export;
pub mod forecast;
pub mod format;
pub mod health;
pub mod inputs;
pub mod key_set;
pub mod locale;
pub mod money;
pub mod orders;
pub mod outcome;
pub mod query;
pub mod renewal;
pub mod services;
pub mod termination;
pub mod text;
pub mod values;

pub use locale::Locale;
