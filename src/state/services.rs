//! The services store: every service of the account, loaded in pages with progress and usable
//! as it arrives, shared by the table, export, batch, renew, align and account pages. A load
//! never throws away what it got: pages that keep failing are listed as missing, the rest is
//! shown, and "retry" asks for the missing pages alone. Each (re)load has a generation, so a stale
//! load's pages never overwrite a newer one.

use std::sync::Arc;

use leptos::prelude::*;

use super::{LoadStatus, Shared};
use crate::api::pagination::LoadProgress;
use crate::api::{ApiClient, ApiError, LoadReport};
use crate::domain::query::ServiceIndex;
use crate::domain::services::ServiceRow;

#[derive(Clone, Copy)]
pub struct ServicesStore {
    pub index: RwSignal<Shared<ServiceIndex>>,
    pub progress: RwSignal<LoadProgress>,
    pub status: RwSignal<LoadStatus>,
    /// What the last load could not have: missing pages (to retry alone) and unreadable items.
    pub report: RwSignal<LoadReport>,
    /// A retry of the missing part is running.
    pub retrying: RwSignal<bool>,
    generation: RwSignal<u32>,
    api: StoredValue<ApiClient>,
}

impl ServicesStore {
    pub fn new(api: &ApiClient) -> ServicesStore {
        ServicesStore {
            index: RwSignal::new(Shared::new(ServiceIndex::default())),
            progress: RwSignal::new(LoadProgress::default()),
            status: RwSignal::new(LoadStatus::Idle),
            report: RwSignal::new(LoadReport::default()),
            retrying: RwSignal::new(false),
            generation: RwSignal::new(0),
            api: StoredValue::new(api.clone()),
        }
    }

    /// Starts the first load, unless one already ran: pages call it when they need services.
    pub fn ensure_loaded(self) {
        if self.status.get_untracked() == LoadStatus::Idle {
            self.reload();
        }
    }

    /// Loads everything again (a new generation: what the previous load still delivers is
    /// dropped).
    pub fn reload(self) {
        self.generation.update(|g| *g += 1);
        let this_load = self.generation.get_untracked();
        self.status.set(LoadStatus::Loading);
        self.progress.set(LoadProgress::default());
        self.report.set(LoadReport::default());
        let api = self.api.get_value();
        leptos::task::spawn_local(async move {
            let current = move || self.generation.try_get_untracked() == Some(this_load);
            // The first page starts a new index (the previous load's stays on screen until then).
            let mut first = true;
            let result = api
                .load_services(|rows, so_far| {
                    if !current() {
                        return;
                    }
                    self.publish(rows, so_far, std::mem::take(&mut first));
                })
                .await;
            if !current() {
                return;
            }
            match result {
                Ok(report) => {
                    self.progress.set(report.progress);
                    if report.progress.total == Some(0) {
                        self.index.set(Shared::new(ServiceIndex::default()));
                    }
                    self.report.set(report);
                    self.status.set(LoadStatus::Ready);
                }
                Err(error) => self.status.set(LoadStatus::Failed(error)),
            }
        });
    }

    /// Asks again for the pages the last load could not have; the rest stays on screen.
    pub fn retry_missing(self) {
        let Some((this_load, mut report)) =
            super::begin_retry(self.retrying, self.report, self.generation)
        else {
            return;
        };
        let api = self.api.get_value();
        leptos::task::spawn_local(async move {
            let current = move || self.generation.try_get_untracked() == Some(this_load);
            api.load_missing_services(&mut report, |rows, so_far| {
                if !current() {
                    return;
                }
                self.publish(rows, so_far, false);
            })
            .await;
            if current() {
                self.progress.set(report.progress);
                self.report.set(report);
            }
            self.retrying.try_set(false);
        });
    }

    /// A page of services joins the index (or starts a new one). The index is extended in
    /// place when nothing else holds it (the usual case: readers hold it only while they run), so
    /// no page copies the rows before it; otherwise it is copied once.
    fn publish(self, page: Vec<ServiceRow>, so_far: LoadProgress, new_index: bool) {
        let mut index = if new_index {
            ServiceIndex::default()
        } else {
            self.take_index()
        };
        if let Some(total) = so_far.total {
            index.reserve(usize::try_from(total).unwrap_or(0));
        }
        index.extend(page);
        self.index.set(Shared::new(index));
        self.progress.set(so_far);
    }

    /// The index taken out of its signal without notifying (a new one is set in the same turn):
    /// without a copy when nothing else holds it.
    fn take_index(self) -> ServiceIndex {
        let current = self
            .index
            .try_update_untracked(|i| std::mem::replace(i, Shared::new(ServiceIndex::default())))
            .unwrap_or_else(|| Shared::new(ServiceIndex::default()));
        Arc::try_unwrap(current.0).unwrap_or_else(|shared| ServiceIndex::new(shared.rows.clone()))
    }

    /// Reads one service again (after a change, or to show the truth after a lost answer) and
    /// replaces its row.
    pub async fn refetch(self, id: u64) -> Result<ServiceRow, ApiError> {
        let api = self.api.get_value();
        let service = api.service(id).await?;
        let row = ServiceRow::from(&service);
        // In place (a new `Arc` still, so that whatever compares indexes by identity sees a
        // change): no copy of every row after each action.
        let mut index = self.take_index();
        index.replace_row(row.clone());
        self.index.set(Shared::new(index));
        Ok(row)
    }

    /// The loaded rows of `ids`, in load order (not tracked).
    pub fn rows_of(self, ids: &std::collections::HashSet<u64>) -> Vec<ServiceRow> {
        self.index.with_untracked(|i| {
            i.0.rows
                .iter()
                .filter(|r| ids.contains(&r.id))
                .cloned()
                .collect()
        })
    }

    pub fn is_loading(self) -> bool {
        self.status
            .with(|s| matches!(s, LoadStatus::Loading | LoadStatus::Idle))
    }
}
