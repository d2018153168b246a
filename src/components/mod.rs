//! Widgets shared by pages.

pub mod app_header;
pub mod dialog;
pub mod duration_select;
pub mod error_panel;
pub mod focus;
pub mod load_progress;
pub mod menu;
pub mod outcome;
pub mod payment_ready;
pub mod popup;
pub mod table;
pub mod tooltip;
