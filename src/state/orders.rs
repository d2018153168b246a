//! The orders store: the account's orders (pages of 5,000, newest first), then each order's
//! status, the ones on screen first (50 to a request when the API reads them in batch, else one
//! each; a few requests at a time: `api::orders::load_order_statuses`). Like the services store it keeps what it
//! got: pages or statuses that keep failing are listed, the rest is shown, and a retry asks for
//! the missing part alone. A session that expires stops the status reads and says so.
//!
//! Final statuses (delivered, cancelled) do not change by themselves: they are kept for the tab's
//! life under the account's customer code (session storage), so a return to the list or a reload
//! asks only for the others. A change made here (a withdrawal) replaces the kept one.

use std::collections::HashSet;

use leptos::prelude::*;

use super::LoadStatus;
use crate::api::models::{Order, OrderStatus};
use crate::api::orders::ORDERS;
use crate::api::{ApiClient, ApiError, LoadReport};
use crate::domain::orders::OrderRow;

/// Statuses handed to the page (each hand-over redraws the list), by answer: the first
/// [`FIRST_STATUSES`] (the orders on screen) as soon as [`STATUS_BATCH`] are there (a batch
/// answer of 50 in one hand-over, single answers by ten), then at most every
/// [`STATUS_FLUSH_MS`].
const STATUS_BATCH: usize = 10;
const FIRST_STATUSES: usize = 50;
const STATUS_FLUSH_MS: f64 = 250.0;

/// Session storage key of the final statuses, followed by the account's customer code.
const FINAL_KEY_PREFIX: &str = "billing-console.order-final-statuses.";

/// The final statuses kept: the delivered orders and the cancelled ones.
#[derive(Default, PartialEq, Debug)]
struct Finals {
    delivered: HashSet<u64>,
    cancelled: HashSet<u64>,
}

impl Finals {
    fn get(&self, id: u64) -> Option<OrderStatus> {
        if self.delivered.contains(&id) {
            Some(OrderStatus::Delivered)
        } else if self.cancelled.contains(&id) {
            Some(OrderStatus::Cancelled)
        } else {
            None
        }
    }

    /// Keeps `status` if it is final, else forgets the order; whether anything changed.
    fn set(&mut self, id: u64, status: &OrderStatus) -> bool {
        let (into, from) = match status {
            OrderStatus::Delivered => (Some(&mut self.delivered), &mut self.cancelled),
            OrderStatus::Cancelled => (Some(&mut self.cancelled), &mut self.delivered),
            _ => {
                let removed = self.delivered.remove(&id) | self.cancelled.remove(&id);
                return removed;
            }
        };
        let moved = from.remove(&id);
        into.is_some_and(|set| set.insert(id)) | moved
    }

    #[cfg(test)]
    fn is_empty(&self) -> bool {
        self.delivered.is_empty() && self.cancelled.is_empty()
    }

    /// `d:1,2;c:3` (delivered ids, then cancelled ids).
    fn encode(&self) -> String {
        use super::storage::ids_to_text;
        format!(
            "d:{};c:{}",
            ids_to_text(&self.delivered),
            ids_to_text(&self.cancelled)
        )
    }

    /// Reads what [`Finals::encode`] wrote; anything else is skipped.
    fn decode(text: &str) -> Finals {
        let mut finals = Finals::default();
        for part in text.split(';') {
            let (set, ids) = match part.split_once(':') {
                Some(("d", ids)) => (&mut finals.delivered, ids),
                Some(("c", ids)) => (&mut finals.cancelled, ids),
                _ => continue,
            };
            set.extend(super::storage::ids_from_text(ids));
        }
        finals
    }
}

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
    /// Statuses asked for while others were being read: read next.
    queued: StoredValue<Vec<u64>>,
    generation: RwSignal<u32>,
    api: StoredValue<ApiClient>,
    /// The signed-in account (its customer code keys the kept final statuses).
    account: super::Account,
}

impl OrdersStore {
    pub fn new(api: &ApiClient, account: super::Account) -> OrdersStore {
        OrdersStore {
            rows: RwSignal::new(Vec::new()),
            status: RwSignal::new(LoadStatus::Idle),
            report: RwSignal::new(LoadReport::default()),
            retrying: RwSignal::new(false),
            statuses_failed: RwSignal::new(Vec::new()),
            statuses_error: RwSignal::new(None),
            statuses_loading: RwSignal::new(false),
            queued: StoredValue::new(Vec::new()),
            generation: RwSignal::new(0),
            api: StoredValue::new(api.clone()),
            account,
        }
    }

    /// The account's customer code, once `/me` answered.
    fn owner(self) -> Option<String> {
        untrack(|| self.account.nic())
    }

    fn kept(self) -> Finals {
        self.owner()
            .and_then(|owner| super::storage::get(&format!("{FINAL_KEY_PREFIX}{owner}")))
            .map(|text| Finals::decode(&text))
            .unwrap_or_default()
    }

    /// Keeps (or forgets) the final statuses among `statuses`.
    fn keep(self, statuses: &[(u64, OrderStatus)]) {
        let Some(owner) = self.owner() else {
            return;
        };
        let mut kept = self.kept();
        let mut changed = false;
        for (id, status) in statuses {
            changed |= kept.set(*id, status);
        }
        if changed {
            super::storage::set(&format!("{FINAL_KEY_PREFIX}{owner}"), &kept.encode());
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
                .load_orders(|page: Vec<Order>, _| loaded.extend(page.iter().map(OrderRow::from)))
                .await;
            if self.generation.try_get_untracked() != Some(this_load) {
                return;
            }
            match result {
                Ok(report) => {
                    let kept = self.kept();
                    for row in &mut loaded {
                        row.status = kept.get(row.id);
                    }
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
        let Some((this_load, mut report)) =
            super::begin_retry(self.retrying, self.report, self.generation)
        else {
            return;
        };
        let api = self.api.get_value();
        leptos::task::spawn_local(async move {
            let mut loaded = Vec::new();
            api.load_missing(ORDERS, &mut report, |page: Vec<Order>, _| {
                loaded.extend(page.iter().map(OrderRow::from))
            })
            .await;
            if self.generation.try_get_untracked() == Some(this_load) {
                // The orders recovered need their statuses too.
                let recovered: Vec<u64> = loaded.iter().map(|r| r.id).collect();
                self.rows.update(|rows| {
                    rows.extend(loaded);
                    // Newest first, as the API sorts.
                    rows.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
                });
                self.report.set(report);
                self.load_statuses(recovered);
            }
            self.retrying.try_set(false);
        });
    }

    /// Reads the statuses of `ids` (in that order) that are not known yet. A status that keeps
    /// failing is listed in `statuses_failed`; a session that expired stops the reads.
    pub fn load_statuses(self, ids: Vec<u64>) {
        if self.statuses_loading.get_untracked() {
            // Read once the running reads end (orders recovered meanwhile, say).
            self.queued.update_value(|q| q.extend(ids));
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
            let mut last_flush = 0.0f64;
            let mut handed = 0usize;
            let flush = move |pending: &mut Vec<(u64, OrderStatus)>| {
                let batch = std::mem::take(pending);
                if !current() {
                    return;
                }
                self.keep(&batch);
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
                .load_order_statuses(&wanted, |answer| {
                    for (id, status) in answer {
                        match status {
                            Ok(status) => pending.push((id, status)),
                            Err(error) => {
                                failed.push(id);
                                last_error = Some(error);
                            }
                        }
                    }
                    let now = js_sys::Date::now();
                    let due = if handed < FIRST_STATUSES {
                        pending.len() >= STATUS_BATCH
                    } else {
                        now - last_flush >= STATUS_FLUSH_MS
                    };
                    if due {
                        handed += pending.len();
                        flush(&mut pending);
                        last_flush = now;
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
            // What was asked meanwhile: those read since are left out by the call, those that
            // just failed here (they wait for "retry") too.
            if current() {
                let failed = self.statuses_failed.get_untracked();
                let queued: Vec<u64> = self
                    .queued
                    .try_update_value(std::mem::take)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|id| !failed.contains(id))
                    .collect();
                if !queued.is_empty() {
                    self.load_statuses(queued);
                }
            }
        });
    }

    /// Reads again the statuses that failed.
    pub fn retry_statuses(self) {
        let ids = self.statuses_failed.get_untracked();
        self.load_statuses(ids);
    }

    /// An order's status after a change (withdrawal).
    pub fn set_status(self, id: u64, status: OrderStatus) {
        self.keep(&[(id, status.clone())]);
        self.rows.update(|rows| {
            if let Some(row) = rows.iter_mut().find(|r| r.id == id) {
                row.status = Some(status);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_final_statuses_are_kept_and_read_back() {
        let mut finals = Finals::default();
        assert!(finals.set(3, &OrderStatus::Delivered));
        assert!(finals.set(1, &OrderStatus::Cancelled));
        assert!(!finals.set(2, &OrderStatus::NotPaid));
        assert!(!finals.set(4, &OrderStatus::Unknown("toFinalize".into())));
        assert!(!finals.set(3, &OrderStatus::Delivered), "already kept");
        let text = finals.encode();
        assert_eq!(text, "d:3;c:1");
        let back = Finals::decode(&text);
        assert_eq!(back, finals);
        assert_eq!(back.get(3), Some(OrderStatus::Delivered));
        assert_eq!(back.get(1), Some(OrderStatus::Cancelled));
        assert_eq!(back.get(2), None);
    }

    #[test]
    fn a_status_that_moves_on_replaces_the_kept_one() {
        let mut finals = Finals::default();
        finals.set(7, &OrderStatus::Delivered);
        // Withdrawn here: no longer final.
        assert!(finals.set(7, &OrderStatus::Cancelling));
        assert_eq!(finals.get(7), None);
        assert!(finals.is_empty());
        finals.set(8, &OrderStatus::Delivered);
        assert!(finals.set(8, &OrderStatus::Cancelled));
        assert_eq!(finals.get(8), Some(OrderStatus::Cancelled));
    }

    #[test]
    fn anything_unreadable_is_skipped() {
        let back = Finals::decode("d:1,,x,2;z:5;c:4;c");
        assert_eq!(back.get(1), Some(OrderStatus::Delivered));
        assert_eq!(back.get(2), Some(OrderStatus::Delivered));
        assert_eq!(back.get(4), Some(OrderStatus::Cancelled));
        assert_eq!(back.get(5), None);
        assert!(Finals::decode("").is_empty());
    }
}
