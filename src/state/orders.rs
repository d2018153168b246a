//! The orders store: the account's orders (pages of 5,000, newest first), then each order's
//! status, a few at a time, the ones on screen first. Like the services store it keeps what it
//! got: pages or statuses that keep failing are listed, the rest is shown, and a retry asks for
//! the missing part alone. A session that expires stops the status reads and says so.

use leptos::prelude::*;

use super::LoadStatus;
use crate::api::models::{Order, OrderStatus};
use crate::api::orders::ORDERS;
use crate::api::{ApiClient, ApiError, LoadReport};
use crate::domain::orders::OrderRow;

/// Statuses handed to the page at once (each hand-over redraws the list).
const STATUS_BATCH: usize = 20;

#[derive(Clone, Copy)]
pub struct OrdersStore {
    pub rows: RwSignal<Vec<OrderRow>>,
    pub status: RwSignal<LoadStatus>,
    pub report: RwSignal<LoadReport>,
    pub retrying: RwSignal<bool>,
    /// Orders whose status could not be read, and why (the last failure).
    pub statuses_failed: RwSignal<Vec<u64>>,
    pub statuses_error: RwSignal<Option<ApiError>>,
    pub statuses_loading: RwSignal<bool>,
    generation: RwSignal<u32>,
    api: StoredValue<ApiClient>,
}

impl OrdersStore {
    pub fn new(api: &ApiClient) -> OrdersStore {
        OrdersStore {
            rows: RwSignal::new(Vec::new()),
            status: RwSignal::new(LoadStatus::Idle),
            report: RwSignal::new(LoadReport::default()),
            retrying: RwSignal::new(false),
            statuses_failed: RwSignal::new(Vec::new()),
            statuses_error: RwSignal::new(None),
            statuses_loading: RwSignal::new(false),
            generation: RwSignal::new(0),
            api: StoredValue::new(api.clone()),
        }
    }

    pub fn ensure_loaded(self) {
        if self.status.get_untracked() == LoadStatus::Idle {
            self.reload();
        }
    }

    /// Loads the list again (statuses follow when the page asks for them).
    pub fn reload(self) {
        self.generation.update(|g| *g += 1);
        let this_load = self.generation.get_untracked();
        self.status.set(LoadStatus::Loading);
        self.rows.set(Vec::new());
        self.report.set(LoadReport::default());
        self.statuses_failed.set(Vec::new());
        self.statuses_error.set(None);
        let api = self.api.get_value();
        leptos::task::spawn_local(async move {
            let mut loaded = Vec::new();
            let result = api
                .load_orders(|page: Vec<Order>, _| {
                    loaded.extend(page.iter().map(OrderRow::from_order))
                })
                .await;
            if self.generation.try_get_untracked() != Some(this_load) {
                return;
            }
            match result {
                Ok(report) => {
                    self.rows.set(loaded);
                    self.report.set(report);
                    self.status.set(LoadStatus::Ready);
                }
                Err(error) => self.status.set(LoadStatus::Failed(error)),
            }
        });
    }

    /// Asks again for the pages of the list that could not be had.
    pub fn retry_missing(self) {
        if self.retrying.get_untracked() || self.report.with_untracked(LoadReport::is_whole) {
            return;
        }
        let this_load = self.generation.get_untracked();
        self.retrying.set(true);
        let api = self.api.get_value();
        let mut report = self.report.get_untracked();
        leptos::task::spawn_local(async move {
            let mut loaded = Vec::new();
            api.load_missing(ORDERS, &mut report, |page: Vec<Order>, _| {
                loaded.extend(page.iter().map(OrderRow::from_order))
            })
            .await;
            if self.generation.try_get_untracked() == Some(this_load) {
                self.rows.update(|rows| {
                    rows.extend(loaded);
                    // Newest first, as the API sorts.
                    rows.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
                });
                self.report.set(report);
            }
            self.retrying.try_set(false);
        });
    }

    /// Reads the statuses of `ids` (in that order) that are not known yet. A status that keeps
    /// failing is listed in `statuses_failed`; a session that expired stops the reads.
    pub fn load_statuses(self, ids: Vec<u64>) {
        if self.statuses_loading.get_untracked() {
            return;
        }
        let this_load = self.generation.get_untracked();
        let wanted: Vec<u64> = self.rows.with_untracked(|rows| {
            ids.into_iter()
                .filter(|id| rows.iter().any(|r| r.id == *id && r.status.is_none()))
                .collect()
        });
        if wanted.is_empty() {
            return;
        }
        self.statuses_loading.set(true);
        self.statuses_failed
            .update(|f| f.retain(|id| !wanted.contains(id)));
        self.statuses_error.set(None);
        let api = self.api.get_value();
        leptos::task::spawn_local(async move {
            let current = move || self.generation.try_get_untracked() == Some(this_load);
            let mut pending: Vec<(u64, OrderStatus)> = Vec::new();
            let flush = move |pending: &mut Vec<(u64, OrderStatus)>| {
                let batch = std::mem::take(pending);
                if !current() {
                    return;
                }
                self.rows.update(|rows| {
                    for (id, status) in batch {
                        if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                            row.status = Some(status);
                        }
                    }
                });
            };
            let mut failed = Vec::new();
            let mut last_error = None;
            let outcome = api
                .load_order_statuses(&wanted, |id, status| match status {
                    Ok(status) => {
                        pending.push((id, status));
                        if pending.len() >= STATUS_BATCH {
                            flush(&mut pending);
                        }
                    }
                    Err(error) => {
                        failed.push(id);
                        last_error = Some(error);
                    }
                })
                .await;
            flush(&mut pending);
            if current() {
                if let Err(error) = outcome {
                    // The session is gone: every status not read yet is missing.
                    let read: Vec<u64> = self.rows.with_untracked(|rows| {
                        rows.iter()
                            .filter(|r| r.status.is_some())
                            .map(|r| r.id)
                            .collect()
                    });
                    let unread: Vec<u64> = wanted
                        .iter()
                        .copied()
                        .filter(|id| !read.contains(id) && !failed.contains(id))
                        .collect();
                    failed.extend(unread);
                    last_error = Some(error);
                }
                self.statuses_failed.update(|f| f.extend(failed));
                self.statuses_error.set(last_error);
            }
            self.statuses_loading.try_set(false);
        });
    }

    /// Reads again the statuses that failed.
    pub fn retry_statuses(self) {
        let ids = self.statuses_failed.get_untracked();
        self.load_statuses(ids);
    }

    /// An order's status after a change (withdrawal).
    pub fn set_status(self, id: u64, status: OrderStatus) {
        self.rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                row.status = Some(status);
            }
        });
    }
}
