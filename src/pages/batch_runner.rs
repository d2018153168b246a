//! What the batch pages (enable/disable, renew) share: the runner that sends items a few at a
//! time and records how each ended, its journal (kept across a reload), and the report.
//!
//! An item ends `Done` (applied, or re-read as applied), `Failed` (refused or proven not
//! applied: "retry the failed ones" sends these alone), `Stopped` (nothing sent: the service
//! changed meanwhile) or `Unknown` (its answer was lost and the re-read could not tell: it is
//! only ever checked again, never sent again). A session that expires mid-batch pauses it.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::{ApiError, Found, Recheck, Settled};
use crate::app::{use_app, use_tools_i18n};
use crate::components::error_panel::failure_summary;
use crate::domain::batch::{BatchItem, BatchProgress, ItemStatus, Partition, Reason, Why};
use crate::domain::format::integer;
use crate::domain::orders::SecretUrl;
use crate::domain::outcome::Outcome;
use crate::state::journal::{Journal, JournalOrder};
use crate::state::use_state;

/// Requests in flight at once (each item is a few reads, then one change).
const CONCURRENCY: usize = 3;

/// One item's work, given its id, when it was sent (server clock) and the journal.
pub(crate) type ItemFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Settled>>>;
type Work = std::rc::Rc<dyn Fn(u64, i64, &Journal) -> ItemFuture>;

/// A running (or restored) batch.
#[derive(Clone, Copy)]
pub(crate) struct BatchRunner {
    pub progress: RwSignal<Option<BatchProgress>>,
    /// The session expired mid-batch: the unanswered items went back to pending (refused before
    /// being carried out), and nothing more is sent until the user signed in again and resumes.
    pub session_lost: RwSignal<bool>,
    /// Started times, re-reads and created orders (kept with the items).
    pub journal: RwSignal<Journal>,
    /// The report was restored after a reload.
    pub restored: RwSignal<bool>,
    /// Restored with items never sent (the page went away before their turn): nothing more is
    /// sent until the user asks ([`BatchRunner::send_rest`]) or clears the report.
    pub held: RwSignal<bool>,
    /// Payment pages of the orders created on this page (memory only: never stored).
    pub urls: RwSignal<HashMap<u64, SecretUrl>>,
    action: &'static str,
    owner: RwSignal<Option<String>>,
    /// The services store: an item's service is read again once its answer is in, so the table
    /// shows the change without a reload.
    services: crate::state::ServicesStore,
    session: StoredValue<u32>,
    pump: StoredValue<Option<std::rc::Rc<dyn Fn()>>, LocalStorage>,
    check: StoredValue<Option<std::rc::Rc<dyn Fn()>>, LocalStorage>,
}

impl BatchRunner {
    /// Starts a batch over `ids` (once: a second click changes nothing).
    pub fn start(self, ids: impl IntoIterator<Item = u64>) {
        if self.progress.with_untracked(Option::is_some) {
            return;
        }
        self.progress.set(Some(BatchProgress::new(ids)));
        self.save();
        self.pump();
    }

    /// Sends the failed items again; done, unknown and stopped items are never sent again.
    pub fn retry_failed(self) {
        self.progress.update(|p| {
            if let Some(p) = p {
                p.retry_failed();
            }
        });
        self.save();
        self.pump();
    }

    /// Re-reads the items whose outcome is unknown.
    pub fn check_unknown(self) {
        if let Some(check) = self.check.get_value() {
            check();
        }
    }

    /// After signing in again: sends what was left.
    /// Sends the items a reload left unsent (held since the report was restored).
    pub fn send_rest(self) {
        if !self.held.get_untracked() {
            return;
        }
        self.held.set(false);
        self.pump();
    }

    pub fn resume(self) {
        if !self.session_lost.get_untracked() {
            return;
        }
        self.session.update_value(|n| *n += 1);
        self.session_lost.set(false);
        self.pump();
    }

    /// Forgets the report (and its journal): the page offers the selection again.
    pub fn discard(self) {
        if let Some(owner) = self.owner.get_untracked() {
            Journal::clear(&owner, self.action);
        }
        self.journal.set(Journal::default());
        self.urls.set(HashMap::new());
        self.restored.set(false);
        self.held.set(false);
        self.progress.set(None);
    }

    /// Items are being sent (or wait their turn): not when the batch ended, nor while the items
    /// a reload left unsent are held.
    pub fn running(self) -> bool {
        !self.held.get()
            && self
                .progress
                .with(|p| p.as_ref().is_some_and(|p| !p.is_finished()))
    }

    fn pump(self) {
        if let Some(next) = self.pump.get_value() {
            next();
        }
    }

    /// Writes the journal (items and extras) for the account.
    fn save(self) {
        let Some(owner) = self.owner.try_get_untracked().flatten() else {
            return;
        };
        let Some(items) = self
            .progress
            .try_with_untracked(|p| p.as_ref().map(|p| p.items().to_vec()))
            .flatten()
        else {
            return;
        };
        self.journal.try_update_untracked(|j| {
            j.items = items;
            j.save(&owner, self.action);
        });
    }

    /// Records how an item ended: its status, and what the journal keeps of it. `lost` says why
    /// the answer was lost when the error does not (a reload).
    fn settle(self, id: u64, settled: Settled, lost: Option<Why>) {
        // Kept in no language: worded when drawn.
        let why = |e: &ApiError| {
            lost.clone()
                .unwrap_or_else(|| Why::error(e.kind.failure(), e.server_message()))
        };
        let status = match &settled.outcome {
            Outcome::Applied { .. } => ItemStatus::Done,
            Outcome::NotApplied {
                error,
                proven: true,
            } => ItemStatus::Failed(Why::Coded(Reason::NotApplied(Box::new(why(error))))),
            Outcome::NotApplied { error, .. } => ItemStatus::Failed(why(error)),
            Outcome::Changed(changed) => {
                ItemStatus::Stopped(Why::Coded(Reason::Changed(changed.clone())))
            }
            Outcome::Unknown { error } => ItemStatus::Unknown(why(error)),
        };
        if let Outcome::Applied {
            value: Found::Renewal(order),
            ..
        } = &settled.outcome
        {
            if let Some(url) = &order.url {
                self.urls.try_update(|u| {
                    u.insert(id, url.clone());
                });
            }
            self.journal.try_update(|j| {
                j.orders.insert(
                    id,
                    JournalOrder {
                        order_id: order.order_id,
                        price: order.price_with_tax.clone(),
                    },
                );
            });
        }
        // An unknown outcome keeps what to re-read; any other answer ends the item.
        self.journal
            .try_update(|j| match (settled.recheck, &settled.outcome) {
                (Some(recheck), _) => {
                    j.rechecks.insert(id, recheck);
                }
                (None, Outcome::Unknown { .. }) => {}
                (None, _) => {
                    j.rechecks.remove(&id);
                }
            });
        self.progress.try_update(|p| {
            if let Some(p) = p {
                p.settle(id, status);
            }
        });
        self.save();
    }
}

/// Drives a batch: starts up to `CONCURRENCY` items with `work`, and on each answer records the
/// outcome and starts the next. An answer that asks to sign in again puts its item back in line
/// and pauses the batch (see [`BatchRunner::resume`]). While items are pending, leaving the
/// page asks first. `action` names the journal; `interrupted` says what to re-read for an item
/// that was being sent when the page went away.
pub(crate) fn batch_runner(
    action: &'static str,
    work: impl Fn(u64, i64, &Journal) -> ItemFuture + 'static,
    interrupted: impl Fn(u64, &Journal) -> Option<Recheck> + 'static,
) -> BatchRunner {
    let state = use_state();
    let api = use_app().api;
    let runner = BatchRunner {
        progress: RwSignal::new(None),
        session_lost: RwSignal::new(false),
        journal: RwSignal::new(Journal::default()),
        restored: RwSignal::new(false),
        held: RwSignal::new(false),
        urls: RwSignal::new(HashMap::new()),
        action,
        owner: RwSignal::new(None),
        services: state.services,
        session: StoredValue::new(0u32),
        pump: StoredValue::new_local(None),
        check: StoredValue::new_local(None),
    };
    // Leaving the page mid-batch asks first: the console's links (state.busy) and the browser
    // (a reload, closing the tab).
    Effect::new(move |_| {
        let running = runner.running();
        state.busy.set(running);
    });
    on_cleanup(move || state.busy.set(false));
    let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
        if runner
            .progress
            .try_with_untracked(|p| p.as_ref().is_some_and(|p| !p.is_finished()))
            == Some(true)
        {
            ev.prevent_default();
        }
    });
    let work: Work = std::rc::Rc::new(work);
    let interrupted = std::rc::Rc::new(interrupted);
    let interrupted_at_start = interrupted.clone();
    // The answers outlive the page if the user leaves it: every access below tolerates a
    // disposed owner (`try_*`), and then does nothing.
    let next = move || {
        if let Some(next) = runner.pump.try_get_value().flatten() {
            next();
        }
    };
    let pump_fn: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
        if runner.session_lost.try_get_untracked().unwrap_or(true)
            || runner.held.try_get_untracked().unwrap_or(true)
        {
            return;
        }
        let mut started = Vec::new();
        runner.progress.try_update(|p| {
            if let Some(p) = p {
                started = p.start_next(CONCURRENCY);
            }
        });
        let since = state.clock.now_secs();
        // What to re-read for each item, built now (while its services are on hand): if the page
        // goes away before the answer, the journal already says how to tell what happened.
        runner.journal.try_update(|j| {
            for id in &started {
                j.started.insert(*id, since);
                if let Some(recheck) = interrupted_at_start(*id, j) {
                    j.rechecks.insert(*id, recheck);
                }
            }
        });
        runner.save();
        let sent_in = runner.session.get_value();
        for id in started {
            let task = runner.journal.with_untracked(|j| work(id, since, j));
            leptos::task::spawn_local(async move {
                let settled = task.await;
                let sign_in = matches!(&settled.outcome, Outcome::NotApplied { error, .. } if error.needs_sign_in());
                if sign_in {
                    // Refused before it was carried out: safe to send again once signed in.
                    runner.progress.try_update(|p| {
                        if let Some(p) = p {
                            p.requeue(id);
                        }
                    });
                    runner.save();
                    if runner.session.try_get_value() == Some(sent_in) {
                        runner.session_lost.try_set(true);
                    } else {
                        next();
                    }
                    return;
                }
                let touched =
                    !matches!(&settled.outcome, Outcome::NotApplied { proven: false, .. });
                runner.settle(id, settled, None);
                next();
                // Whatever happened (but a plain refusal), the table shows what the API has now.
                if touched && action != "renew" {
                    let _ = runner.services.refetch(id).await;
                }
            });
        }
    });
    runner.pump.set_value(Some(pump_fn));
    let check_fn: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
        let mut ids = Vec::new();
        let mut lost = HashMap::new();
        runner.progress.update(|p| {
            if let Some(p) = p {
                for item in p.items() {
                    if let ItemStatus::Unknown(why) = &item.status {
                        lost.insert(item.id, why.clone());
                    }
                }
                ids = p.check_unknown();
            }
        });
        for id in ids {
            // Why its answer was lost (a reload, or the first error).
            let lost = lost.remove(&id);
            let recheck = runner
                .journal
                .with_untracked(|j| j.rechecks.get(&id).cloned().or_else(|| interrupted(id, j)));
            let api = api.clone();
            leptos::task::spawn_local(async move {
                let settled = match recheck {
                    Some(recheck) => api.check_again(recheck, ApiError::network("")).await,
                    None => Settled {
                        outcome: Outcome::Unknown {
                            error: ApiError::network(""),
                        },
                        recheck: None,
                    },
                };
                runner.settle(id, settled, lost);
            });
        }
    });
    runner.check.set_value(Some(check_fn));
    // Once the account is known: its journal for this action, if any, is the report (items that
    // were being sent are checked, never sent again).
    Effect::new(move |_| {
        let Some(owner) = state.account.nic() else {
            return;
        };
        if runner.owner.get_untracked().as_deref() == Some(owner.as_str()) {
            return;
        }
        runner.owner.set(Some(owner.clone()));
        if runner.progress.with_untracked(Option::is_some) {
            return;
        }
        if let Some(journal) = Journal::load(&owner, action) {
            runner
                .progress
                .set(Some(BatchProgress::restore(journal.items.clone())));
            runner.journal.set(journal);
            runner.restored.set(true);
            runner.held.set(
                runner
                    .progress
                    .with_untracked(|p| p.as_ref().is_some_and(|p| p.counts().pending > 0)),
            );
            runner.save();
            if runner
                .progress
                .with_untracked(|p| p.as_ref().is_some_and(|p| p.counts().unknown > 0))
            {
                runner.check_unknown();
            }
        }
    });
    runner
}

/// The running batch as the user follows it: the progress bar and counts, a pause notice when
/// the session expired (sign in again in a new tab, then resume), one line per item (`line`
/// renders an item with its status text), "retry the failed ones" and "check the unknown ones"
/// once it ended. The live regions exist before the batch starts, so every change is announced.
pub(crate) fn batch_results(
    runner: BatchRunner,
    line: impl Fn(&BatchItem, String) -> AnyView + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let locale = app.locale;
    let progress = runner.progress;
    let counts =
        move || progress.with(|p| p.as_ref().map(BatchProgress::counts).unwrap_or_default());
    let failed = move || counts().failed;
    let unknown = move || counts().unknown;
    let started = move || progress.with(Option::is_some);
    // The new tab lands on the account page, not on a second copy of this batch.
    let sign_in = app.config.sign_in_url("/account");
    // Once confirmed, the confirm button is gone: focus goes to the batch's progress.
    Effect::new(move |was: Option<bool>| {
        let now = started();
        if was == Some(false) && now {
            crate::components::focus::focus_after_render("#batch-status");
        }
        now
    });
    view! {
        <Show when=started>
            {move || {
                let c = counts();
                view! { <progress value=c.answered() max=c.total() aria-label=move || t().batch_progress_label></progress> }
            }}
        </Show>
        <div role="status" class="batch-status" id="batch-status" tabindex="-1">
            <Show when=started>
                <p>
                    {move || {
                        let (c, l) = (counts(), locale.get());
                        (t().batch_progress)(&integer(c.done as u64, l), &integer((c.failed + c.stopped) as u64, l), &integer(c.remaining() as u64, l))
                    }}
                </p>
            </Show>
            <Show when=move || runner.restored.get()>
                <p class="muted">{move || t().batch_restored}</p>
            </Show>
            <Show when=move || { unknown() > 0 }>
                <p class="warning-text">{move || (t().batch_unknown_count)(&integer(unknown() as u64, locale.get()))}</p>
            </Show>
        </div>
        <Show when=move || runner.session_lost.get()>
            <div class="error-panel" role="alert">
                <p class="error-title">{move || t().error_session_title}</p>
                <p>{move || (t().batch_paused)(&integer(counts().remaining() as u64, locale.get()))}</p>
                <div class="dialog-buttons">
                    <a class="button" href=sign_in.clone() target="_blank" rel="external noopener">{move || t().sign_in_new_tab}</a>
                    <button type="button" class="button primary" on:click=move |_| runner.resume()>
                        {move || t().batch_resume}
                    </button>
                </div>
            </div>
        </Show>
        <ul class="batch-list results">
            {move || {
                let m = t();
                progress.with(|p| {
                    p.as_ref().map(|p| {
                        p.items()
                            .iter()
                            .map(|item| {
                                let text = match &item.status {
                                    ItemStatus::Pending => m.batch_item_pending.to_string(),
                                    ItemStatus::Running => m.batch_item_running.to_string(),
                                    ItemStatus::Done => m.batch_item_done.to_string(),
                                    ItemStatus::Failed(why) => (m.batch_item_failed)(&why_text(m, why)),
                                    ItemStatus::Unknown(why) => (m.batch_item_unknown)(&why_text(m, why)),
                                    ItemStatus::Stopped(why) => (m.batch_item_stopped)(&why_text(m, why)),
                                };
                                line(item, text)
                            })
                            .collect_view()
                    })
                })
            }}
        </ul>
        <div class="dialog-buttons">
            <Show when=move || runner.held.get()>
                <button type="button" class="button primary" on:click=move |_| runner.send_rest()>
                    {move || (t().batch_send_rest)(&integer(counts().pending as u64, locale.get()))}
                </button>
            </Show>
            <Show when=move || { !runner.running() && unknown() > 0 }>
                <button type="button" class="button primary" on:click=move |_| runner.check_unknown()>
                    {move || (t().batch_check_unknown)(&integer(unknown() as u64, locale.get()))}
                </button>
            </Show>
            <Show when=move || { !runner.running() && !runner.held.get() && failed() > 0 }>
                <button type="button" class="button" on:click=move |_| runner.retry_failed()>
                    {move || (t().batch_retry)(&integer(failed() as u64, locale.get()))}
                </button>
            </Show>
            <Show when=move || started() && !runner.running()>
                <button type="button" class="button" on:click=move |_| runner.discard()>
                    {move || t().batch_new}
                </button>
            </Show>
        </div>
    }
}

/// Before confirming: the services the batch will change, and the refused ones with why.
pub(crate) fn eligibility_lists(
    plan: &Partition,
    name_of: impl Fn(u64) -> String,
    m: &'static crate::i18n::ToolsMessages,
    l: crate::domain::Locale,
) -> impl IntoView {
    let eligible = plan
        .eligible
        .iter()
        .map(|id| view! { <li>{name_of(*id)}</li> })
        .collect_view();
    let refused = plan
        .refused
        .iter()
        .map(|(id, why)| view! { <li>{name_of(*id)}" — "{(m.refusal)(why)}</li> })
        .collect_view();
    view! {
        <h2>{(m.batch_eligible)(&integer(plan.eligible.len() as u64, l))}</h2>
        <ul class="batch-list">{eligible}</ul>
        {(!plan.refused.is_empty()).then(|| view! {
            <h2>{(m.batch_refused)(&integer(plan.refused.len() as u64, l))}</h2>
            <ul class="batch-list refused">{refused}</ul>
        })}
    }
}

/// The CSS class of an item's line.
pub(crate) fn item_class(status: &ItemStatus) -> &'static str {
    match status {
        ItemStatus::Pending => "pending",
        ItemStatus::Running => "running",
        ItemStatus::Done => "done",
        ItemStatus::Failed(_) => "failed",
        ItemStatus::Unknown(_) => "unknown",
        ItemStatus::Stopped(_) => "stopped",
    }
}

/// Why an item ended as it did, in the reader's language.
fn why_text(m: &crate::i18n::ToolsMessages, why: &Why) -> String {
    match why {
        Why::Text(text) => text.clone(),
        Why::Coded(Reason::Error {
            kind,
            said: Some(said),
        }) => {
            format!("{} ({said})", failure_summary(m, *kind))
        }
        Why::Coded(Reason::Error { kind, said: None }) => failure_summary(m, *kind).to_string(),
        Why::Coded(Reason::NotApplied(after)) => (m.batch_not_applied)(&why_text(m, after)),
        Why::Coded(Reason::Changed(changed)) => (m.changed_reason)(changed).to_string(),
        Why::Coded(Reason::Interrupted) => m.batch_interrupted.to_string(),
    }
}
