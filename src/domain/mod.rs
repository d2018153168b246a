//! Platform-free logic: view models, formatting, dates, money. No web-sys, no Leptos; tested
//! natively with `cargo test`.

pub mod dates;
pub mod eligibility;
pub mod format;
pub mod locale;
pub mod money;
pub mod query;
pub mod renewal;
pub mod services;
pub mod text;

pub use locale::Locale;
