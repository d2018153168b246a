//! The orders store: the account's orders (pages of 5,000, newest first), then each order's
//! status, a few at a time, the ones on screen first. Like the services store it keeps what it
//! got: pages or statuses that keep failing are listed, the rest is shown, and a retry asks for
//! the missing part alone. A session that expires stops the status reads and says so.
//!
//! Final statuses (delivered, cancelled) do not change by themselves: they are kept for the tab's
//! life under the account's customer code (session storage), so a return to the list or a reload
//! asks only for the others. A change made here (a withdrawal) replaces the kept one.

use leptos::prelude::*;

use super::LoadStatus;
use crate::api::models::{Order, OrderStatus};
use crate::api::orders::ORDERS;
use crate::api::{ApiClient, ApiError, LoadReport};
use crate::domain::orders::OrderRow;

/// Statuses handed to the page (each hand-over redraws the list): the first [`FIRST_STATUSES`]
/// (the orders on screen) by [`STATUS_BATCH`], then at most every [`STATUS_FLUSH_MS`].
const STATUS_BATCH: usize = 10;
const FIRST_STATUSES: usize = 50;
const STATUS_FLUSH_MS: f64 = 250.0;

/// Session storage key of the final statuses, followed by the account's customer code.
const FINAL_KEY_PREFIX: &str = "billing-console.order-final-statuses.";

/// Whether a status can no longer change by itself (a withdrawal made here is kept too).
fn is_final(status: &OrderStatus) -> bool {
    matches!(status, OrderStatus::Delivered | OrderStatus::Cancelled)
}

/// `id:d,id:c,…` (d delivered, c cancelled), sorted by id.
fn encode_final(statuses: &std::collections::BTreeMap<u64, OrderStatus>) -> String {
    statuses
        .iter()
        .filter_map(|(id, status)| match status {
            OrderStatus::Delivered => Some(format!("{id}:d")),
            OrderStatus::Cancelled => Some(format!("{id}:c")),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads what [`encode_final`] wrote; anything else is skipped.
fn decode_final(text: &str) -> std::collections::BTreeMap<u64, OrderStatus> {
    text.split(',')
        .filter_map(|item| {
            let (id, code) = item.split_once(':')?;
            let status = match code {
                "d" => OrderStatus::Delivered,
                "c" => OrderStatus::Cancelled,
                _ => return None,
            };
            Some((id.parse().ok()?, status))
        })
        .collect()
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
    generation: RwSignal<u32>,
    api: StoredValue<ApiClient>,
    /// The account's customer code, once `/me` answered (the key of the kept final statuses).
    owner: StoredValue<Option<String>>,
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
            owner: StoredValue::new(None),
        }
    }

    /// Keys the kept final statuses by the signed-in account (as the selection is).
    pub fn follow(self, account: super::Account) {
        Effect::new(move |_| {
            let nic = account.nic();
            if nic != self.owner.get_value() {
                self.owner.set_value(nic);
                self.apply_kept();
            }
        });
    }

    fn kept(self) -> std::collections::BTreeMap<u64, OrderStatus> {
        self.owner
            .get_value()
            .and_then(|owner| super::storage::get(&format!("{FINAL_KEY_PREFIX}{owner}")))
            .map(|text| decode_final(&text))
            .unwrap_or_default()
    }

    /// Keeps (or forgets) the final statuses among `statuses`.
    fn keep(self, statuses: &[(u64, OrderStatus)]) {
        let Some(owner) = self.owner.get_value() else {
            return;
        };
        let mut kept = self.kept();
        let before = kept.len();
        let mut changed = false;
        for (id, status) in statuses {
            if is_final(status) {
                changed |= kept.insert(*id, status.clone()).as_ref() != Some(status);
            } else {
                changed |= kept.remove(id).is_some();
            }
        }
        if changed || kept.len() != before {
            super::storage::set(&format!("{FINAL_KEY_PREFIX}{owner}"), &encode_final(&kept));
        }
    }

    /// Gives the loaded rows the final statuses kept for the account.
    fn apply_kept(self) {
        let kept = self.kept();
        if kept.is_empty() {
            return;
        }
        self.rows.update(|rows| {
            for row in rows.iter_mut().filter(|r| r.status.is_none()) {
                if let Some(status) = kept.get(&row.id) {
                    row.status = Some(status.clone());
                }
            }
        });
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
                    let kept = self.kept();
                    for row in &mut loaded {
                        row.status = kept.get(&row.id).cloned();
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
                .load_order_statuses(&wanted, |id, status| match status {
                    Ok(status) => {
                        pending.push((id, status));
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
        let mut statuses = std::collections::BTreeMap::new();
        statuses.insert(3, OrderStatus::Delivered);
        statuses.insert(1, OrderStatus::Cancelled);
        statuses.insert(2, OrderStatus::NotPaid);
        statuses.insert(4, OrderStatus::Unknown("toFinalize".into()));
        let text = encode_final(&statuses);
        assert_eq!(text, "1:c,3:d");
        let back = decode_final(&text);
        assert_eq!(back.len(), 2);
        assert_eq!(back[&1], OrderStatus::Cancelled);
        assert_eq!(back[&3], OrderStatus::Delivered);
    }

    #[test]
    fn anything_unreadable_is_skipped() {
        let back = decode_final("1:d,,x:c,2:z,3,4:c");
        assert_eq!(back.keys().copied().collect::<Vec<_>>(), vec![1, 4]);
        assert!(decode_final("").is_empty());
    }
}
