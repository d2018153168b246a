//! `/services/batch?action=enable|disable`: switch the selected services to automatic or manual
//! renewal (`Activer` / `Désactiver le paiement automatique`). Before confirming, the page lists
//! which services are eligible and which are not, and why; only the eligible ones are sent, a few
//! at a time, with a progress bar and a result per service; failed ones can be retried alone.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::ApiError;
use crate::app::{use_app, use_tools_i18n, SectionLink};
use crate::components::error_panel::error_summary;
use crate::domain::batch::{
    partition, BatchAction, BatchItem, BatchProgress, ItemStatus, Partition,
};
use crate::domain::format::integer;
use crate::domain::renewal::{automatic_frequencies, RenewalChoice};
use crate::domain::services::ServiceRow;
use crate::pages::tools::{load_selected_services, name_in, requester, selection_state};

/// `/services/batch`: the action named by `?action=` (`enable`, `disable`, `align`).
#[component]
pub fn BatchRoute() -> impl IntoView {
    let action = use_query_map().with_untracked(|p| p.get("action"));
    if action.as_deref() == Some("align") {
        view! { <crate::pages::align::AlignPage /> }.into_any()
    } else if action.as_deref() == Some("renew") {
        view! { <crate::pages::renew_batch::RenewBatchPage /> }.into_any()
    } else {
        view! { <BatchPage /> }.into_any()
    }
}

/// Requests in flight at once (each service is one GET, then one PUT).
const CONCURRENCY: usize = 3;

#[component]
pub fn BatchPage() -> impl IntoView {
    let t = use_tools_i18n();
    let app = use_app();
    let locale = app.locale;
    let params = use_query_map();
    let enable = params.with_untracked(|p| p.get("action").as_deref() == Some("enable"));
    let action = if enable {
        BatchAction::EnableAutomaticRenewal
    } else {
        BatchAction::DisableAutomaticRenewal
    };
    let rows = load_selected_services();

    // Eligibility needs the account's customer code (rights) and the server's clock.
    let who = requester();
    let plan = Memo::new(move |_| {
        let who = who()?;
        rows.with(|r| match r {
            Some(Ok(rows)) => Some(partition(rows, action, &who)),
            _ => None,
        })
    });
    let name_of = move |id: u64| name_in(rows, id);

    let api = app.api.clone();
    let runner = batch_runner(locale, move |id| {
        let api = api.clone();
        let row = rows.with_untracked(|r| match r {
            Some(Ok(rows)) => rows.iter().find(|r| r.id == id).cloned(),
            _ => None,
        });
        Box::pin(async move {
            match row {
                Some(row) => switch_renewal(&api, &row, enable).await,
                None => Err(ApiError::new(crate::api::ApiErrorKind::NotFound)),
            }
        })
    });
    let progress = runner.progress;
    let on_confirm = move |_| {
        if let Some(Partition { eligible, .. }) = plan.get_untracked() {
            runner.start(eligible);
        }
    };

    let title = move || {
        if enable {
            t().batch_enable_title
        } else {
            t().batch_disable_title
        }
    };
    let preview = move || {
        plan.get()
            .map(|plan| eligibility_lists(&plan, name_of, t(), locale.get()))
    };
    view! {
        <section class="page batch-page">
            <p><SectionLink href="/services">{move || t().back_to_services}</SectionLink></p>
            <h1>{title}</h1>
            {selection_state(rows)}
            <Show when=move || progress.with(Option::is_none)>
                {preview}
                <div class="dialog-buttons">
                    <button
                        type="button"
                        class="button primary"
                        disabled=move || plan.get().is_none_or(|p| p.eligible.is_empty())
                        on:click=on_confirm
                    >
                        {move || {
                            let n = plan.get().map_or(0, |p| p.eligible.len());
                            (t().batch_confirm)(&integer(n as u64, locale.get()))
                        }}
                    </button>
                </div>
            </Show>
            <Show when=move || progress.with(Option::is_some)>
                {batch_results(runner, move |item, text| {
                    view! { <li class=item_class(&item.status)>{name_of(item.id)}" — "{text}</li> }.into_any()
                })}
            </Show>
        </section>
    }
}

/// One item's work: its outcome (an error to show next to it).
type ItemFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>;

/// A running batch: its progress, and whether it paused because the session expired.
#[derive(Clone, Copy)]
pub(crate) struct BatchRunner {
    pub progress: RwSignal<Option<BatchProgress>>,
    /// The session expired mid-batch: the unanswered items went back to pending (never failed,
    /// never done), and nothing more is sent until the user signed in again and resumes.
    pub session_lost: RwSignal<bool>,
    session: StoredValue<u32>,
    pump: StoredValue<Option<std::rc::Rc<dyn Fn()>>, LocalStorage>,
}

impl BatchRunner {
    /// Starts a batch over `ids` (once: a second click changes nothing).
    pub fn start(self, ids: impl IntoIterator<Item = u64>) {
        if self.progress.with_untracked(Option::is_some) {
            return;
        }
        self.progress.set(Some(BatchProgress::new(ids)));
        self.pump();
    }

    /// Sends the failed items again; done items are never sent again.
    pub fn retry_failed(self) {
        self.progress.update(|p| {
            if let Some(p) = p {
                p.retry_failed();
            }
        });
        self.pump();
    }

    /// After signing in again: sends what was left.
    pub fn resume(self) {
        if !self.session_lost.get_untracked() {
            return;
        }
        self.session.update_value(|n| *n += 1);
        self.session_lost.set(false);
        self.pump();
    }

    /// Some items still to send or still sending.
    pub fn running(self) -> bool {
        self.progress
            .with(|p| p.as_ref().is_some_and(|p| !p.is_finished()))
    }

    fn pump(self) {
        if let Some(next) = self.pump.get_value() {
            next();
        }
    }
}

/// Drives a batch: starts up to `CONCURRENCY` items with `work`, and on each answer records the
/// outcome (a failure keeps its message) and starts the next. An answer that asks to sign in
/// again puts its item back in line and pauses the batch (see [`BatchRunner::resume`]). While
/// items are pending, leaving the page asks first.
pub(crate) fn batch_runner(
    locale: RwSignal<crate::domain::Locale>,
    work: impl Fn(u64) -> ItemFuture + 'static,
) -> BatchRunner {
    let progress = RwSignal::new(None::<BatchProgress>);
    let session_lost = RwSignal::new(false);
    // Closing the page mid-batch asks first (a tools page is its own document, see
    // `Section::routes_in_place`: the listener goes with it).
    let _ = window_event_listener(leptos::ev::beforeunload, move |ev| {
        let busy = progress
            .try_with_untracked(|p| p.as_ref().is_some_and(|p| !p.is_finished()))
            .unwrap_or(false);
        if busy {
            ev.prevent_default();
        }
    });
    let work: std::rc::Rc<dyn Fn(u64) -> ItemFuture> = std::rc::Rc::new(work);
    let pump = StoredValue::new_local(None::<std::rc::Rc<dyn Fn()>>);
    // Bumped at each resume: a 401 answering a request sent before the user signed in again
    // says nothing about the new session (its item goes back in line, the batch goes on).
    let session = StoredValue::new(0u32);
    // The answers outlive the page if the user leaves it: every access below tolerates a
    // disposed owner (`try_*`), and then does nothing.
    let next = move || {
        if let Some(next) = pump.try_get_value().flatten() {
            next();
        }
    };
    let pump_fn: std::rc::Rc<dyn Fn()> = std::rc::Rc::new(move || {
        if session_lost.try_get_untracked().unwrap_or(true) {
            return;
        }
        let mut started = Vec::new();
        progress.try_update(|p| {
            if let Some(p) = p {
                started = p.start_next(CONCURRENCY);
            }
        });
        let sent_in = session.get_value();
        for id in started {
            let task = work(id);
            leptos::task::spawn_local(async move {
                let outcome = task.await;
                if outcome.as_ref().is_err_and(ApiError::needs_sign_in) {
                    // Refused before it was carried out: safe to send again once signed in.
                    progress.try_update(|p| {
                        if let Some(p) = p {
                            p.requeue(id);
                        }
                    });
                    if session.try_get_value() == Some(sent_in) {
                        session_lost.try_set(true);
                    } else {
                        next();
                    }
                    return;
                }
                let outcome = outcome.map_err(|e| {
                    let m =
                        crate::i18n::tools_messages(locale.try_get_untracked().unwrap_or_default());
                    match e.message {
                        Some(said) => format!("{} ({said})", error_summary(m, &e.kind)),
                        None => error_summary(m, &e.kind).to_string(),
                    }
                });
                progress.try_update(|p| {
                    if let Some(p) = p {
                        p.finish(id, outcome);
                    }
                });
                next();
            });
        }
    });
    pump.set_value(Some(pump_fn));
    BatchRunner {
        progress,
        session_lost,
        session,
        pump,
    }
}

/// The running batch as the user follows it: the progress bar and counts, a pause notice when
/// the session expired (sign in again in a new tab, then resume), one line per item (`line`
/// renders an item with its status text), and "retry the failed ones" once it ended.
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
    // The new tab lands on the account page, not on a second copy of this batch.
    let sign_in = app.config.sign_in_url("/account");
    view! {
        {move || {
            let c = counts();
            view! { <progress value=c.done + c.failed max=c.total() aria-label=move || t().batch_progress_label></progress> }
        }}
        <p role="status">
            {move || {
                let (c, l) = (counts(), locale.get());
                (t().batch_progress)(&integer(c.done as u64, l), &integer(c.failed as u64, l), &integer(c.remaining() as u64, l))
            }}
        </p>
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
                                    ItemStatus::Failed(why) => (m.batch_item_failed)(why),
                                };
                                line(item, text)
                            })
                            .collect_view()
                    })
                })
            }}
        </ul>
        <Show when=move || { !runner.running() && failed() > 0 }>
            <button type="button" class="button" on:click=move |_| runner.retry_failed()>
                {move || (t().batch_retry)(&integer(failed() as u64, locale.get()))}
            </button>
        </Show>
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
    }
}

/// One service: its renewal settings, then the update (sent once).
async fn switch_renewal(
    api: &crate::api::ApiClient,
    row: &ServiceRow,
    enable: bool,
) -> Result<(), ApiError> {
    let route = row.route_url.as_deref();
    let settings = api.renewal_settings(row.id, route).await?;
    let choice = if enable {
        let months = row
            .period_months
            .filter(|m| automatic_frequencies(&settings.periods).contains(m))
            .unwrap_or_else(|| automatic_frequencies(&settings.periods)[0]);
        RenewalChoice::Automatic { months }
    } else {
        RenewalChoice::Manual
    };
    api.configure_renewal(row.id, route, &settings, choice)
        .await
}
