//! Batch actions on the selected services ("les actions groupées"): which services each action
//! applies to and why the others are left out, the new dates of "align renewal dates", and the
//! progress of a batch that the UI runs item by item.
//!
//! Per-service actions (terminate, cancel a termination, …) reuse
//! [`eligibility::check`](super::eligibility::check). The batch-only actions follow the provider
//! panel's bulk capabilities (provider-panel-notes §3.6: pending debt, already automatic/manual,
//! one-shot, rights of the billing contact, termination pending, expired) and answer with the
//! same [`Refusal`] values, so the UI shows one wording:
//!
//! | provider reason | `Refusal` |
//! | --- | --- |
//! | telecom, Microsoft, MX Plan | `NotManagedHere` |
//! | `pending_debt` | `BillToPay` |
//! | `expired` (ended, being deleted) | `Ended` |
//! | `resiliation_pending` | `TerminationPending` |
//! | `one_shot_*` | `OneShot` |
//! | `already_automatic` (enable) | `NeedsManualRenewal` ("for manual renewal only") |
//! | `already_manual` (disable) | `NeedsAutomaticRenewal` ("for automatic renewal only") |
//! | the mode is not in `billing.renew.capacities` (type without manual renewal) | `NotOffered` |
//! | `nic_rights` (not the **billing** contact) | `NotBillingContact` |
//!
//! The first failing reason wins, in the order of `eligibility::check` (the row menu and the batch
//! agree): not managed here, bill to pay, ended, termination pending, then the action's own rules,
//! then rights. The provider checks "already automatic" before rights and ended; here an ended
//! service says "ended", which is what the user can act on.

use std::collections::{HashMap, VecDeque};

use chrono::{Datelike, NaiveDate};

use super::values::{LifecycleState, RenewMode, ResourceState};

use super::eligibility::{check, managed_here, Refusal, Requester, ServiceAction};
use super::outcome::Changed;
use super::services::{RenewalStatus, ServiceRow, ServiceType};

/// An action on many services at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BatchAction {
    /// A per-service action applied to each selected service
    /// ([`eligibility::check`](super::eligibility::check)).
    Each(ServiceAction),
    /// `Activer le paiement automatique`: switch manual services to automatic renewal.
    EnableAutomaticRenewal,
    /// `Désactiver le paiement automatique`: switch automatic services to manual renewal.
    DisableAutomaticRenewal,
    /// `Renouveler`: one renewal order for several services (a manual service is renewed, an
    /// automatic one has its payment anticipated).
    Renew,
    /// `Aligner les dates de renouvellement`: automatic renewals on one day of the month.
    AlignRenewalDates,
}

/// Whether `action` applies to `row` for `who`, and if not, the first reason.
pub fn check_batch(action: BatchAction, row: &ServiceRow, who: &Requester) -> Result<(), Refusal> {
    match action {
        BatchAction::Each(action) => check(action, row, who),
        BatchAction::EnableAutomaticRenewal => {
            renewal_change(row)?;
            if row.renew_mode == Some(RenewMode::Automatic) {
                return Err(Refusal::NeedsManualRenewal);
            }
            if !row.renew_capacities.contains(&RenewMode::Automatic) {
                return Err(Refusal::NotOffered);
            }
            billing_contact(row, who)
        }
        BatchAction::DisableAutomaticRenewal => {
            renewal_change(row)?;
            if row.renew_mode == Some(RenewMode::Manual) {
                return Err(Refusal::NeedsAutomaticRenewal);
            }
            if !row.renew_capacities.contains(&RenewMode::Manual) {
                return Err(Refusal::NotOffered);
            }
            billing_contact(row, who)
        }
        BatchAction::Renew => match check(ServiceAction::RenewService, row, who) {
            // The common rules passed; the service is not manual.
            Err(Refusal::NeedsManualRenewal) => match row.renew_mode {
                Some(RenewMode::Automatic) => check(ServiceAction::AnticipatePayment, row, who),
                None => Err(Refusal::OneShot),
                _ => Err(Refusal::NotOffered),
            },
            verdict => verdict,
        },
        BatchAction::AlignRenewalDates => {
            renewal_change(row)?;
            if row.renew_mode != Some(RenewMode::Automatic) {
                return Err(Refusal::NeedsAutomaticRenewal);
            }
            // The account's renewal day does not apply to VPS and dedicated servers: they renew
            // on the 1st (the provider's tooltip, provider-panel-notes §3.7).
            if matches!(row.kind, ServiceType::Vps | ServiceType::DedicatedServer)
                || row.expiration.is_none()
            {
                return Err(Refusal::NotOffered);
            }
            billing_contact(row, who)
        }
    }
}

/// The rules every change of renewal shares, in `eligibility::check`'s order.
fn renewal_change(row: &ServiceRow) -> Result<(), Refusal> {
    if !managed_here(&row.kind) {
        return Err(Refusal::NotManagedHere);
    }
    if row.status == RenewalStatus::BillToPay {
        return Err(Refusal::BillToPay);
    }
    if ended(row) {
        return Err(Refusal::Ended);
    }
    if row.status == RenewalStatus::TerminationRequested {
        return Err(Refusal::TerminationPending);
    }
    if row.never_expires() {
        return Err(Refusal::DoesNotExpire);
    }
    if row.renew_mode.is_none() {
        return Err(Refusal::OneShot);
    }
    Ok(())
}

/// Ended or being deleted (the same test as `eligibility`'s, plus an unrenewed lifecycle).
fn ended(row: &ServiceRow) -> bool {
    matches!(row.status, RenewalStatus::Terminated)
        || matches!(
            row.lifecycle,
            Some(LifecycleState::Terminated | LifecycleState::Unrenewed)
        )
        || matches!(row.state, ResourceState::Deleted | ResourceState::ToDelete)
}

fn billing_contact(row: &ServiceRow, who: &Requester) -> Result<(), Refusal> {
    if row.billing_contact.as_deref() == Some(who.nic.as_str()) {
        Ok(())
    } else {
        Err(Refusal::NotBillingContact {
            billing: row.billing_contact.as_deref().map(str::to_string),
        })
    }
}

/// The selection split by an action: the services it applies to, and the others with a reason.
/// Both keep the order of the rows given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Partition {
    pub eligible: Vec<u64>,
    pub refused: Vec<(u64, Refusal)>,
}

impl Partition {
    pub fn total(&self) -> usize {
        self.eligible.len() + self.refused.len()
    }

    /// The refused services grouped by reason, reasons in order of first appearance (the
    /// confirmation step lists "3 services: a bill must be paid first", …).
    pub fn refused_by_reason(&self) -> Vec<(&Refusal, Vec<u64>)> {
        let mut groups: Vec<(&Refusal, Vec<u64>)> = Vec::new();
        for (id, reason) in &self.refused {
            match groups.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, ids)) => ids.push(*id),
                None => groups.push((reason, vec![*id])),
            }
        }
        groups
    }
}

/// Splits `rows` (the selected services) by whether `action` applies to each.
pub fn partition<'r>(
    rows: impl IntoIterator<Item = &'r ServiceRow>,
    action: BatchAction,
    who: &Requester,
) -> Partition {
    let mut result = Partition::default();
    for row in rows {
        match check_batch(action, row, who) {
            Ok(()) => result.eligible.push(row.id),
            Err(reason) => result.refused.push((row.id, reason)),
        }
    }
    result
}

/// A day of the month for renewals, 1 to 29 (the provider's choices: every month has it but a
/// non-leap February, see [`aligned_date`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RenewDay(u32);

impl RenewDay {
    pub const FIRST: u32 = 1;
    pub const LAST: u32 = 29;

    /// `None` outside 1..=29.
    pub fn new(day: u32) -> Option<RenewDay> {
        (Self::FIRST..=Self::LAST)
            .contains(&day)
            .then_some(RenewDay(day))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Every choice, 1 to 29.
    pub fn all() -> impl Iterator<Item = RenewDay> {
        (Self::FIRST..=Self::LAST).map(RenewDay)
    }
}

/// The renewal date once aligned on `day`: the first date on or after `current` (the current
/// expiry) whose day of the month is `day`.
///
/// On or after, never before: the paid period is never cut short; the first period after the
/// alignment is longer by up to a month (the difference is billed pro rata, as the provider's
/// alignment does). A date already on `day` stays. Day 29 skips a non-leap February (10 Feb 2027
/// → 29 Mar 2027) rather than falling back to the 28th, so later renewals keep the day.
pub fn aligned_date(current: NaiveDate, day: RenewDay) -> NaiveDate {
    let mut month = current.with_day(1).unwrap_or(current);
    // Two months ahead at most: only February can lack the day, and never two months running.
    for _ in 0..3 {
        if let Some(candidate) = month.with_day(day.0) {
            if candidate >= current {
                return candidate;
            }
        }
        match month.checked_add_months(chrono::Months::new(1)) {
            Some(next) => month = next,
            None => break,
        }
    }
    current
}

/// One service's renewal date before and after aligning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alignment {
    pub id: u64,
    /// The current expiry (the next automatic renewal).
    pub current: NaiveDate,
    pub aligned: NaiveDate,
    /// `aligned - current` in days: how much longer the current period becomes (0 = already
    /// aligned; never negative with [`aligned_date`]).
    pub delta_days: i64,
}

impl Alignment {
    /// Whether the date moves.
    pub fn moves(&self) -> bool {
        self.delta_days != 0
    }
}

/// What "align renewal dates" on `day` would do to the selection.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AlignmentPlan {
    /// Eligible services with their new date, already aligned ones included (delta 0).
    pub changes: Vec<Alignment>,
    pub refused: Vec<(u64, Refusal)>,
}

/// The new renewal dates of the eligible services in `rows`, and the others with a reason.
pub fn plan_alignment<'r>(
    rows: impl IntoIterator<Item = &'r ServiceRow>,
    day: RenewDay,
    who: &Requester,
) -> AlignmentPlan {
    let mut plan = AlignmentPlan::default();
    for row in rows {
        let verdict = check_batch(BatchAction::AlignRenewalDates, row, who);
        match (verdict, row.expiration) {
            (Ok(()), Some(current)) => {
                let aligned = aligned_date(current, day);
                plan.changes.push(Alignment {
                    id: row.id,
                    current,
                    aligned,
                    delta_days: (aligned - current).num_days(),
                });
            }
            (Ok(()), None) => plan.refused.push((row.id, Refusal::NotOffered)),
            (Err(reason), _) => plan.refused.push((row.id, reason)),
        }
    }
    plan
}

/// Why an item ended as it did, in no language: the page words it in the reader's language
/// each time it draws it (a language switch or a reload words it again).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Why {
    Coded(Reason),
    /// Words already written: a journal kept by an earlier version of the console.
    Text(String),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Reason {
    /// A failure of this kind; `said`, the API's own words when it said any.
    Error { kind: Failure, said: Option<String> },
    /// A re-read proved it was not carried out, after this.
    NotApplied(Box<Why>),
    /// Nothing was sent: what changed meanwhile.
    Changed(Changed),
    /// It was being sent when the page went away (a reload): kept as `"interrupted"`, the word
    /// journals used before.
    Interrupted,
}

/// The kinds of failure, as the API client tells them, without their details.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Failure {
    SessionExpired,
    SessionLevelTooLow,
    Forbidden,
    NotFound,
    Conflict,
    Rejected,
    RateLimited,
    Server,
    Network,
    Timeout,
    Decode,
}

impl Why {
    /// It was being sent when the page went away.
    pub const INTERRUPTED: Why = Why::Coded(Reason::Interrupted);

    pub fn error(kind: Failure, said: Option<&str>) -> Why {
        Why::Coded(Reason::Error {
            kind,
            said: said.map(str::to_string),
        })
    }
}

impl From<&str> for Why {
    fn from(text: &str) -> Why {
        Why::Text(text.to_string())
    }
}

impl From<String> for Why {
    fn from(text: String) -> Why {
        Why::Text(text)
    }
}

/// Where one item of a running batch stands.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "status", content = "why", rename_all = "camelCase")]
pub enum ItemStatus {
    Pending,
    /// Sent (or being checked), no answer yet.
    Running,
    Done,
    /// Not carried out (refused, or proven not applied): may be sent again. Why.
    Failed(Why),
    /// Its answer was lost and nothing could tell whether it was carried out: never sent again,
    /// only checked again.
    Unknown(Why),
    /// Nothing was sent: the service changed meanwhile (what changed).
    Stopped(Why),
}

impl ItemStatus {
    /// An answer that ends the item.
    pub fn is_final(&self) -> bool {
        !matches!(self, ItemStatus::Pending | ItemStatus::Running)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BatchItem {
    pub id: u64,
    #[serde(flatten)]
    pub status: ItemStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BatchCounts {
    pub pending: usize,
    pub running: usize,
    pub done: usize,
    pub failed: usize,
    pub unknown: usize,
    pub stopped: usize,
}

impl BatchCounts {
    /// Not finished yet: pending or running.
    pub fn remaining(&self) -> usize {
        self.pending + self.running
    }

    /// Answered, whatever the answer.
    pub fn answered(&self) -> usize {
        self.done + self.failed + self.unknown + self.stopped
    }

    pub fn total(&self) -> usize {
        self.remaining() + self.answered()
    }

    fn slot(&mut self, status: &ItemStatus) -> &mut usize {
        match status {
            ItemStatus::Pending => &mut self.pending,
            ItemStatus::Running => &mut self.running,
            ItemStatus::Done => &mut self.done,
            ItemStatus::Failed(_) => &mut self.failed,
            ItemStatus::Unknown(_) => &mut self.unknown,
            ItemStatus::Stopped(_) => &mut self.stopped,
        }
    }
}

/// The progress of a batch, one item per service. Pure: the UI asks which items to send
/// ([`start_next`](Self::start_next)), sends them, and reports each answer
/// ([`finish`](Self::finish), [`settle`](Self::settle)); an item only becomes `Done` from an
/// answer that says so (or a re-read that shows it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchProgress {
    items: Vec<BatchItem>,
    index: HashMap<u64, usize>,
    /// Indexes of the pending items, in sending order.
    queue: VecDeque<usize>,
    counts: BatchCounts,
    /// Items running for a re-read, not a send: never put back in line.
    checking: std::collections::HashSet<u64>,
}

impl BatchProgress {
    /// Every id pending, in order (a repeated id counts once).
    pub fn new(ids: impl IntoIterator<Item = u64>) -> BatchProgress {
        BatchProgress::restore(ids.into_iter().map(|id| BatchItem {
            id,
            status: ItemStatus::Pending,
        }))
    }

    /// A batch from items kept earlier (a reload): an item that was running may have been sent
    /// and carried out, so it is never sent again blind: it becomes `Unknown(interrupted)`, to
    /// be checked. Pending items stay pending.
    pub fn restore(items: impl IntoIterator<Item = BatchItem>) -> BatchProgress {
        let mut progress = BatchProgress::default();
        for mut item in items {
            if progress.index.contains_key(&item.id) {
                continue;
            }
            if item.status == ItemStatus::Running {
                item.status = ItemStatus::Unknown(Why::INTERRUPTED);
            }
            let at = progress.items.len();
            if item.status == ItemStatus::Pending {
                progress.queue.push_back(at);
            }
            *progress.counts.slot(&item.status) += 1;
            progress.index.insert(item.id, at);
            progress.items.push(item);
        }
        progress
    }

    /// Every item, in the order given.
    pub fn items(&self) -> &[BatchItem] {
        &self.items
    }

    pub fn status(&self, id: u64) -> Option<&ItemStatus> {
        self.index.get(&id).map(|&at| &self.items[at].status)
    }

    pub fn counts(&self) -> BatchCounts {
        self.counts
    }

    pub fn done(&self) -> usize {
        self.counts.done
    }

    pub fn failed(&self) -> usize {
        self.counts.failed
    }

    pub fn remaining(&self) -> usize {
        self.counts.remaining()
    }

    /// Nothing pending or running (some items may have failed or be unknown).
    pub fn is_finished(&self) -> bool {
        self.counts.remaining() == 0
    }

    /// The failed items with why, in order.
    pub fn failures(&self) -> impl Iterator<Item = (u64, &Why)> {
        self.items.iter().filter_map(|item| match &item.status {
            ItemStatus::Failed(why) => Some((item.id, why)),
            _ => None,
        })
    }

    /// The items whose outcome is unknown, in order.
    pub fn unknown(&self) -> Vec<u64> {
        self.items
            .iter()
            .filter(|item| matches!(item.status, ItemStatus::Unknown(_)))
            .map(|item| item.id)
            .collect()
    }

    /// Marks the next pending items running, so that at most `max_in_flight` (at least 1) run at
    /// once, and returns their ids: the UI sends exactly these. Call it again after each answer.
    pub fn start_next(&mut self, max_in_flight: usize) -> Vec<u64> {
        let room = max_in_flight.max(1).saturating_sub(self.counts.running);
        let mut started = Vec::with_capacity(room.min(self.queue.len()));
        while started.len() < room {
            let Some(at) = self.queue.pop_front() else {
                break;
            };
            let item = &mut self.items[at];
            debug_assert_eq!(item.status, ItemStatus::Pending);
            item.status = ItemStatus::Running;
            self.counts.pending -= 1;
            self.counts.running += 1;
            started.push(item.id);
        }
        started
    }

    /// Records the answer for a running item: `Ok` → done, `Err(message)` → failed. Returns
    /// `false`, changing nothing, when the item is unknown or not running (a late or repeated
    /// answer never counts twice).
    pub fn finish(&mut self, id: u64, outcome: Result<(), String>) -> bool {
        self.settle(
            id,
            match outcome {
                Ok(()) => ItemStatus::Done,
                Err(message) => ItemStatus::Failed(Why::Text(message)),
            },
        )
    }

    /// Records how a running item ended (`end` must be final). Same rules as
    /// [`finish`](Self::finish).
    pub fn settle(&mut self, id: u64, end: ItemStatus) -> bool {
        let Some(&at) = self.index.get(&id) else {
            return false;
        };
        let item = &mut self.items[at];
        if item.status != ItemStatus::Running || !end.is_final() {
            return false;
        }
        self.counts.running -= 1;
        *self.counts.slot(&end) += 1;
        item.status = end;
        self.checking.remove(&id);
        true
    }

    /// Puts a running item back first in line, neither done nor failed: its request was refused
    /// before it was carried out (the session expired). Returns `false` if it was not running, or
    /// was running for a re-read (an unknown outcome is never sent again).
    pub fn requeue(&mut self, id: u64) -> bool {
        let Some(&at) = self.index.get(&id) else {
            return false;
        };
        let item = &mut self.items[at];
        if item.status != ItemStatus::Running || self.checking.contains(&id) {
            return false;
        }
        item.status = ItemStatus::Pending;
        self.counts.running -= 1;
        self.counts.pending += 1;
        self.queue.push_front(at);
        true
    }

    /// Makes the failed items pending again, in order, and returns their ids; done, unknown and
    /// stopped items are never sent again.
    pub fn retry_failed(&mut self) -> Vec<u64> {
        let mut retried = Vec::with_capacity(self.counts.failed);
        for (at, item) in self.items.iter_mut().enumerate() {
            if matches!(item.status, ItemStatus::Failed(_)) {
                item.status = ItemStatus::Pending;
                self.queue.push_back(at);
                retried.push(item.id);
            }
        }
        self.counts.failed -= retried.len();
        self.counts.pending += retried.len();
        retried
    }

    /// Marks the unknown items running for a re-read (never a resend) and returns their ids; each
    /// is then [`settle`](Self::settle)d by what the re-read shows.
    pub fn check_unknown(&mut self) -> Vec<u64> {
        let mut checked = Vec::with_capacity(self.counts.unknown);
        for item in &mut self.items {
            if matches!(item.status, ItemStatus::Unknown(_)) {
                item.status = ItemStatus::Running;
                self.checking.insert(item.id);
                checked.push(item.id);
            }
        }
        self.counts.unknown -= checked.len();
        self.counts.running += checked.len();
        checked
    }
}

/// Batch renewal orders: the renew route takes one service and its own linked services
/// (`POST /service/{id}/renew` with `services: [...]`), so the eligible services are grouped
/// under their highest selected ancestor. Each group is one order, keyed by that ancestor's id;
/// groups and their members keep the order of `eligible`.
pub fn renewal_groups(rows: &[ServiceRow], eligible: &[u64]) -> Vec<(u64, Vec<u64>)> {
    use std::collections::HashMap;
    let parent_of: HashMap<u64, Option<u64>> = rows.iter().map(|r| (r.id, r.parent_id)).collect();
    let chosen: std::collections::HashSet<u64> = eligible.iter().copied().collect();
    let top = |mut id: u64| {
        let mut guard = 0;
        while let Some(Some(parent)) = parent_of.get(&id) {
            if !chosen.contains(parent) || guard > 64 {
                break;
            }
            id = *parent;
            guard += 1;
        }
        id
    };
    let mut groups: Vec<(u64, Vec<u64>)> = Vec::new();
    for &id in eligible {
        let key = top(id);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, members)) => members.push(id),
            None => groups.push((key, vec![id])),
        }
    }
    // The ancestor itself first in its order.
    for (key, members) in &mut groups {
        if let Some(i) = members.iter().position(|m| m == key) {
            let k = members.remove(i);
            members.insert(0, k);
        }
    }
    groups
}
