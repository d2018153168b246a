//! The `...` menu of a service row and the dialogs of its actions, one dialog per file. Each
//! action is offered only where `domain::eligibility` allows it; a refused one says why.
//!
//! A row owns the answers to its actions ([`RowWork`]): whatever dialog is open when an answer
//! arrives, it lands on the row that sent it (its line shows it and is read again), and the
//! dialog shows it only if it is still showing that row.

mod confirm;
mod questions;
mod renew;
mod terminate;
mod wizard;

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;

use crate::api::Settled;
use crate::app::use_i18n;
use crate::components::menu::{focus_first_item_of, use_menu, MenuButton};
use crate::components::outcome::OutcomeNotice;
use crate::components::payment_ready::PaymentReady;
use crate::domain::eligibility::{check, Refusal, Requester, ServiceAction};
use crate::domain::format::date;
use crate::domain::outcome::Outcome;
use crate::domain::services::ServiceRow;
use crate::i18n::Messages;
use crate::state::account::RightsUnknown;
use crate::state::use_state;

/// The actions this console carries out (the others join the menu as they are built).
const AVAILABLE: [ServiceAction; 7] = [
    ServiceAction::PayBill,
    ServiceAction::ConfigureRenewal,
    ServiceAction::AnticipatePayment,
    ServiceAction::RenewService,
    ServiceAction::Terminate,
    ServiceAction::CancelTermination,
    ServiceAction::DeleteNow,
];

/// An action the user picked in a row's menu.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionRequest {
    pub action: ServiceAction,
    pub row: ServiceRow,
}

/// What an action did to a service, kept in no language and worded when drawn (a language
/// switch words it again).
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub kind: DoneKind,
    /// The service's name, as the API has it.
    pub name: std::sync::Arc<str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoneKind {
    Terminated,
    TerminationCancelled,
    DeletedNow,
    PayBill,
    Renewed,
    Configured,
}

impl Done {
    /// What was done to `row` (its name shared, not copied).
    pub fn to(kind: DoneKind, row: Option<ServiceRow>) -> Done {
        Done {
            kind,
            name: row.map(|r| r.display_name).unwrap_or_default(),
        }
    }

    pub fn text(&self, m: &Messages) -> String {
        let message = match self.kind {
            DoneKind::Terminated => m.terminate_done,
            DoneKind::TerminationCancelled => m.cancel_termination_done,
            DoneKind::DeletedNow => m.delete_now_done,
            DoneKind::PayBill => m.pay_bill_title,
            DoneKind::Renewed => m.renew_title,
            DoneKind::Configured => m.configure_done,
        };
        message(&self.name)
    }
}

/// A row's last answer, kept in no language: worded when its line is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum NoticeText {
    Done(Done),
    /// The change made an order to pay (its number).
    PaymentReady(u64),
    NotDone,
    Changed,
    Unknown,
}

impl NoticeText {
    pub fn text(&self, m: &Messages) -> String {
        match self {
            NoticeText::Done(done) => done.text(m),
            NoticeText::PaymentReady(number) => (m.payment_ready)(&number.to_string()),
            NoticeText::NotDone => m.row_result_not_done.to_string(),
            NoticeText::Changed => m.row_result_changed.to_string(),
            NoticeText::Unknown => m.row_result_unknown.to_string(),
        }
    }
}

/// The last answer a row got, as its line shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RowNotice {
    pub text: NoticeText,
    /// `ok`, `warn` or `error`: the line's styling.
    pub tone: &'static str,
    /// An order the action created (its page, never its secret URL).
    pub order: Option<u64>,
}

/// The requests of the rows: which rows have one in flight (a second is never sent), and the last
/// answer of each.
#[derive(Clone, Copy)]
pub struct RowWork {
    pub busy: RwSignal<HashSet<u64>>,
    pub notices: RwSignal<HashMap<u64, RowNotice>>,
    /// The page's own status line ("Renewal configured for …").
    pub notice: RwSignal<Option<NoticeText>>,
    /// The answers a row's dialog shows again when it is opened again for the same row and
    /// action, instead of offering to send (the state layer's, for the tab's life).
    kept: crate::state::KeptAnswers,
    services: crate::state::ServicesStore,
}

impl RowWork {
    pub fn new() -> RowWork {
        RowWork {
            busy: RwSignal::new(HashSet::new()),
            notices: RwSignal::new(HashMap::new()),
            notice: RwSignal::new(None),
            kept: use_state().kept,
            services: use_state().services,
        }
    }

    pub fn is_busy(self, id: u64) -> bool {
        self.busy.with(|b| b.contains(&id))
    }

    /// Runs `work` for `row` unless one is already in flight for it. Its answer lands on the row
    /// (notice, line read again) and is handed to `deliver` (the dialog checks it still shows
    /// this row). `done` says what was done, for when it was.
    pub fn run(
        self,
        row: &ServiceRow,
        action: ServiceAction,
        done: Done,
        work: impl std::future::Future<Output = Settled> + 'static,
        deliver: impl Fn(Settled) + 'static,
    ) {
        let id = row.id;
        if self.is_busy(id) {
            return;
        }
        self.busy.update(|b| {
            b.insert(id);
        });
        leptos::task::spawn_local(async move {
            let settled = work.await;
            self.busy.try_update(|b| b.remove(&id));
            self.settled(id, action, done, settled.clone());
            deliver(settled);
        });
    }

    /// Records an answer on its row and reads the row again, whatever the answer: the line then
    /// shows what the API has.
    pub fn settled(self, id: u64, action: ServiceAction, done: Done, settled: Settled) {
        let order = settled.created_order().and_then(|(id, _)| id);
        self.kept.record(id, action, &settled);
        let (text, tone) = match &settled.outcome {
            Outcome::Applied { .. } => match order {
                Some(number) => (NoticeText::PaymentReady(number), "ok"),
                None => (NoticeText::Done(done), "ok"),
            },
            Outcome::NotApplied { .. } => (NoticeText::NotDone, "error"),
            Outcome::Changed(_) => (NoticeText::Changed, "warn"),
            Outcome::Unknown { .. } => (NoticeText::Unknown, "error"),
        };
        if settled.outcome.is_applied() {
            self.notice.try_set(Some(text.clone()));
        }
        self.notices.try_update(|n| {
            n.insert(id, RowNotice { text, tone, order });
        });
        let services = self.services;
        leptos::task::spawn_local(async move {
            if services.refetch(id).await.is_ok() {
                // The line was redrawn: its `...` button is a new element. Give it focus back
                // if focus fell to the page (it was on the old button when the dialog closed).
                request_animation_frame(move || {
                    let on_page = document()
                        .active_element()
                        .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
                    if on_page {
                        focus_row_actions(id);
                    }
                });
            }
        });
    }
}

impl Default for RowWork {
    fn default() -> Self {
        Self::new()
    }
}

/// Who acts (rights, server time), tracked; why not when `/me` is missing.
fn requester() -> Result<Requester, RightsUnknown> {
    let state = use_state();
    state.account.requester(state.clock.now())
}

/// The items of a row's menu, by eligibility: a chunk of its own, fetched the first time a menu
/// opens, or in idle time once the services are loaded ([`preload_row_menu`]).
#[leptos::lazy]
fn row_menu_items(row: ServiceRow, request: RwSignal<Option<ActionRequest>>) -> AnyView {
    // Once the menu is drawn and the browser idle, not in the frame that opens it.
    crate::pages::when_idle(preload_dialogs);
    let t = use_i18n();
    let menu = use_menu();
    let id = row.id;
    let items = move || {
        let who = match requester() {
            Ok(who) => who,
            Err(RightsUnknown::Loading) => {
                return view! { <li role="none" class="menu-note">{t().rights_loading}</li> }
                    .into_any()
            }
            Err(RightsUnknown::Failed(_)) => {
                return view! { <li role="none" class="menu-note">{t().rights_unknown}</li> }
                    .into_any()
            }
        };
        let verdicts: Vec<(ServiceAction, Result<(), Refusal>)> = AVAILABLE
            .into_iter()
            .map(|a| (a, check(a, &row, &who)))
            .collect();
        let allowed: Vec<ServiceAction> = verdicts
            .iter()
            .filter(|(_, v)| v.is_ok())
            .map(|(a, _)| *a)
            .collect();
        if allowed.is_empty() {
            // Say why rather than show an empty menu: the first refusal that tells the user
            // something (not that the service simply has no bill, no termination or is no hosting).
            let why = verdicts
                .iter()
                .filter_map(|(_, v)| v.clone().err())
                .find(|r| {
                    !matches!(
                        r,
                        Refusal::NoTerminationPending
                            | Refusal::TerminationPending
                            | Refusal::NoBillToPay
                            | Refusal::WebHostingOnly
                    )
                })
                .map(|r| (t().refusal)(&r))
                .unwrap_or_else(|| t().no_action_available.to_string());
            return view! { <li role="none" class="menu-note">{why}</li> }.into_any();
        }
        allowed
            .into_iter()
            .map(|action| {
                let row = row.clone();
                let label = move || action_label(t(), action);
                view! {
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            tabindex="-1"
                            on:click=move |_| {
                                // The menu goes away: focus its button first, so the dialog
                                // gives focus back there when it closes.
                                menu.close();
                                request.set(Some(ActionRequest { action, row: row.clone() }));
                            }
                        >
                            {label}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    // The items arrive after the menu opened (the first time): focus goes to the first one.
    request_animation_frame(move || focus_first_item_of(&row_actions_id(id)));
    items.into_any()
}

/// Fetches the chunk of the rows' menu items (once: the loader keeps it): the services page
/// calls it in idle time after the load, so that a menu opens with its items.
pub fn preload_row_menu() {
    leptos::task::spawn_local(__preload_row_menu_items());
}

/// Fetches the chunk of the action dialogs (once: the loader keeps it) when a row's menu opens:
/// an action is likely chosen next, and its dialog then opens without waiting for the network
/// (on a real connection, one round trip or more for the dialogs' chunks).
fn preload_dialogs() {
    leptos::task::spawn_local(__preload_dialogs());
}

pub(super) fn row_actions_id(id: u64) -> String {
    format!("row-actions-{id}")
}

/// The `...` button of a row and its menu.
#[component]
pub fn RowActions(
    row: ServiceRow,
    /// The button's accessible name ("Actions for …", in the line's language).
    label: String,
    request: RwSignal<Option<ActionRequest>>,
) -> impl IntoView {
    view! {
        <MenuButton id=row_actions_id(row.id) label=label>
            {
                let row = row.clone();
                move || {
                    let row = row.clone();
                    Suspend::new(row_menu_items(row.clone(), request))
                }
            }
        </MenuButton>
    }
}

/// Puts focus on a row's `...` button (after its menu or a dialog closed, or its line was
/// redrawn), unless focus is already somewhere meaningful.
pub fn focus_row_actions(id: u64) {
    crate::components::menu::focus_by_id(&row_actions_id(id));
}

/// The dialogs of the actions, opened by `request`. They are a chunk of their own, fetched the
/// first time an action is chosen (the table's first load does not carry them).
#[component]
pub fn ActionDialogs(request: RwSignal<Option<ActionRequest>>, work: RowWork) -> impl IntoView {
    let wanted = RwSignal::new(false);
    Effect::new(move |_| {
        if request.with(Option::is_some) && !wanted.get_untracked() {
            wanted.set(true);
        }
    });
    move || {
        wanted
            .get()
            .then(|| Suspend::new(async move { dialogs(request, work).await }))
    }
}

#[leptos::lazy]
fn dialogs(request: RwSignal<Option<ActionRequest>>, work: RowWork) -> AnyView {
    view! {
        <wizard::ConfigureRenewalDialog request=request work=work />
        <terminate::TerminateDialog request=request work=work />
        <confirm::ConfirmDialog action=ServiceAction::CancelTermination request=request work=work />
        <confirm::ConfirmDialog action=ServiceAction::DeleteNow request=request work=work />
        <confirm::ConfirmDialog action=ServiceAction::PayBill request=request work=work />
        <renew::RenewDialog action=ServiceAction::AnticipatePayment request=request work=work />
        <renew::RenewDialog action=ServiceAction::RenewService request=request work=work />
    }
    .into_any()
}

fn expiry_text(row: &ServiceRow) -> String {
    let locale = crate::app::use_app().locale.get();
    row.expiration.map(|d| date(d, locale)).unwrap_or_default()
}

/// A dialog's state: open while `request` asks for `action` (clearing `request` when closed),
/// with a generation bumped at each opening, so that an answer for an earlier opening on another
/// row is never shown in this one. Opened again on the same row, it shows what that row's
/// earlier request gave when it is still to be settled or paid ([`RowWork`]'s kept answers), and
/// an answer still in flight lands in it.
#[derive(Clone, Copy)]
struct DialogState {
    action: ServiceAction,
    open: RwSignal<bool>,
    generation: RwSignal<u32>,
    /// The row the dialog is open on.
    row: RwSignal<Option<u64>>,
    /// The answer shown in the dialog (for its current row and opening).
    shown: RwSignal<Option<Settled>>,
}

impl DialogState {
    fn new(
        request: RwSignal<Option<ActionRequest>>,
        action: ServiceAction,
        work: RowWork,
    ) -> DialogState {
        let state = DialogState {
            action,
            open: RwSignal::new(false),
            generation: RwSignal::new(0),
            row: RwSignal::new(None),
            shown: RwSignal::new(None),
        };
        Effect::new(move |_| {
            let wanted =
                request.with(|r| r.as_ref().filter(|r| r.action == action).map(|r| r.row.id));
            if let Some(id) = wanted.filter(|_| !state.open.get_untracked()) {
                state.generation.update(|g| *g += 1);
                state.row.set(Some(id));
                state.shown.set(work.kept.get(id, action));
                state.open.set(true);
            }
        });
        // Closing clears the request (only a close: the dialogs may be created, lazily, after
        // the request that opens them).
        Effect::new(move |was_open: Option<bool>| {
            let is_open = state.open.get();
            if was_open == Some(true)
                && !is_open
                && request.with_untracked(|r| r.as_ref().is_some_and(|r| r.action == action))
            {
                request.set(None);
            }
            is_open
        });
        state
    }

    /// A delivery for the current opening: shows the answer only if the dialog is still open on
    /// it (and then, with `close_when_done`, closes it once the change is done). A dialog opened
    /// since, for this row or another, is left alone.
    fn deliver(self, close_when_done: bool) -> impl Fn(Settled) + Clone + 'static {
        let generation = self.generation.get_untracked();
        let row = self.row.get_untracked();
        move |settled: Settled| {
            let same_opening = self.generation.try_get_untracked() == Some(generation);
            let same_row = row.is_some() && self.row.try_get_untracked() == Some(row);
            if self.open.try_get_untracked() == Some(true) && (same_opening || same_row) {
                let done = settled.outcome.is_applied();
                self.shown.try_set(Some(settled));
                if done && close_when_done {
                    self.open.try_set(false);
                }
            }
        }
    }

    /// "Check again" gave a new answer: shown here, and recorded on the row.
    fn rechecked(self, work: RowWork, id: u64, done: Done) -> Callback<Settled> {
        Callback::new(move |settled: Settled| {
            work.settled(id, self.action, done.clone(), settled.clone());
            self.deliver(false)(settled);
        })
    }

    /// The answer shown in the dialog, for the row `id`: the order to pay when the change
    /// created one, else the outcome (whose "check again" is recorded on the row, `done` naming
    /// the change done).
    fn answer(
        self,
        work: RowWork,
        id: u64,
        done: impl Fn() -> Done + Copy + Send + Sync + 'static,
    ) -> Option<AnyView> {
        let t = use_i18n();
        self.shown.get().map(|settled| match settled.created_order() {
            Some((order_id, url)) => view! { <PaymentReady order_id=order_id url=url /> }.into_any(),
            None => view! {
                <OutcomeNotice settled=settled done=Signal::derive(move || done().text(t())) on_settled=self.rechecked(work, id, done()) />
            }
            .into_any(),
        })
    }

    /// The answer shown allows sending again (nothing shown, or nothing was applied).
    fn may_send(self) -> bool {
        self.shown
            .with(|s| s.as_ref().is_none_or(|s| s.outcome.may_retry()))
    }
}

fn action_label(m: &Messages, action: ServiceAction) -> &'static str {
    match action {
        ServiceAction::Terminate => m.action_terminate,
        ServiceAction::CancelTermination => m.action_cancel_termination,
        ServiceAction::DeleteNow => m.action_delete_now,
        ServiceAction::PayBill => m.action_pay_bill,
        ServiceAction::AnticipatePayment => m.action_anticipate,
        ServiceAction::RenewService => m.action_renew,
        ServiceAction::ConfigureRenewal => m.action_configure,
    }
}
