//! One module per page.

pub mod account;
pub mod not_found;
pub mod orders;
pub mod services;
