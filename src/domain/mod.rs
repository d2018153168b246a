//! Platform-free logic: view models, formatting, dates, money. No web-sys, no Leptos; tested
//! natively with `cargo test`.

pub mod dates;
pub mod format;
pub mod locale;
pub mod money;
pub mod services;

pub use locale::Locale;
