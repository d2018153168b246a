//! billing-console: the services and orders of an OVHcloud API v1 account, as a Leptos SPA.
//!
//! Layers: [`api`] is the only HTTP; [`domain`] is pure logic tested natively; [`i18n`] holds every
//! user-visible string; [`pages`] and [`components`] render; [`router`] keeps the URL.

pub mod api;
pub mod app;
pub mod components;
pub mod domain;
pub mod i18n;
pub mod pages;
pub mod router;
pub mod state;
