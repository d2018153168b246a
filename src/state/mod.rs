//! Shared state, provided once by the shell through context: the server clock, the signed-in
//! account, the services store, the selection and the answers kept for the tab's life. Pages are views of it; only `api` speaks
//! HTTP and only this layer touches storage ([`storage`]: the selection and the batch journals).

pub mod account;
pub mod answers;
pub mod clock;
pub mod journal;
pub mod orders;
pub mod selection;
pub mod services;
pub mod storage;

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{ApiClient, ApiError};

pub use account::Account;
pub use answers::KeptAnswers;
pub use clock::Clock;
pub use orders::OrdersStore;
pub use selection::Selection;
pub use services::ServicesStore;

/// An `Arc` compared by identity, so memos over big values never compare them deeply.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Arc::new(value))
    }
}

/// Where a load stands: the one "load status" of every store.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadStatus {
    /// Not asked yet.
    Idle,
    Loading,
    /// Done; parts may be missing (see the store's report).
    Ready,
    /// Nothing could be had.
    Failed(ApiError),
}

/// The start of a store's "ask again for what is missing": `None` when a retry runs already or
/// nothing is missing; else `retrying` is set and the load's generation (to drop the answer of a
/// load replaced meanwhile) and a copy of its report (completed by the retry) are returned.
fn begin_retry(
    retrying: RwSignal<bool>,
    report: RwSignal<crate::api::LoadReport>,
    generation: RwSignal<u32>,
) -> Option<(u32, crate::api::LoadReport)> {
    if retrying.get_untracked() || report.with_untracked(crate::api::LoadReport::is_whole) {
        return None;
    }
    retrying.set(true);
    Some((generation.get_untracked(), report.get_untracked()))
}

/// Everything shared, in one `Copy` handle.
#[derive(Clone, Copy)]
pub struct AppState {
    pub clock: Clock,
    pub account: Account,
    pub services: ServicesStore,
    pub orders: OrdersStore,
    pub selection: Selection,
    /// Answers to show again instead of sending anew (an unknown outcome, an order made).
    pub kept: KeptAnswers,
    /// Work in progress that leaving the page would stop (a running batch): links ask first.
    pub busy: RwSignal<bool>,
}

impl AppState {
    /// Creates the state and starts what every page needs at once (the clock, the account).
    pub fn provide(api: &ApiClient, config: &crate::api::AppConfig) -> AppState {
        let config = config.clone();
        let sign_in = move || config.sign_in_url(&crate::app::current_path_and_query());
        let account = Account::start(api, sign_in);
        let state = AppState {
            clock: Clock::start(api),
            account,
            services: ServicesStore::new(api),
            orders: OrdersStore::new(api, account),
            selection: Selection::new(),
            kept: KeptAnswers::new(),
            busy: RwSignal::new(false),
        };
        state.selection.follow(state.account);
        provide_context(state);
        state
    }
}

pub fn use_state() -> AppState {
    expect_context::<AppState>()
}
