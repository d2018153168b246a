//! Every string a user sees. One value per locale and table: a struct literal, so a missing
//! translation does not compile. French and Italian labels are the provider's own (its guides).
//!
//! Three tables, one per bundle's need: [`Messages`] (the shell, the services table and
//! everything shared), [`OrdersMessages`] (the orders pages) and [`ToolsMessages`] (export,
//! batch actions, account health). A bundle links only the tables it reaches, so the services
//! bundle does not carry the other pages' strings in three languages (6.5 KiB brotli). French
//! [`Messages`] are in the first load; English and Italian are chunks of their own ([`load`]),
//! fetched before the app shows them (-7.5 KiB brotli on the first load).

mod en;
mod fr;
mod it;

use crate::api::models::ResourceState;
use crate::domain::services::{RenewalStatus, ServiceType};
use crate::domain::Locale;
use std::sync::OnceLock;

/// The messages of one locale. Functions take what they format (counts, names).
pub struct Messages {
    pub app_title: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_services: &'static str,
    pub nav_orders: &'static str,
    pub nav_account: &'static str,
    pub language_label: &'static str,
    pub account_badge_label: &'static str,

    pub loading: &'static str,
    pub config_error: &'static str,

    pub services_heading: &'static str,
    pub services_loading_label: &'static str,
    /// "3,000 of 12,000" (numbers already formatted).
    pub progress_of: fn(&str, &str) -> String,
    /// "320 services".
    pub services_count: fn(&str) -> String,
    pub services_table_label: &'static str,
    pub services_empty: &'static str,
    /// Services the API sent that could not be read.
    pub services_skipped: fn(&str) -> String,
    pub col_name: &'static str,
    pub col_type: &'static str,
    pub col_state: &'static str,
    pub col_status: &'static str,
    pub col_next_date: &'static str,
    pub col_frequency: &'static str,
    /// "in 3 days" / "3 days ago" / "today".
    pub days_relative: fn(i64) -> String,
    /// "Every 12 months".
    pub every_months: fn(u32) -> String,
    pub linked_to: &'static str,
    pub page_label: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    /// "1–25 of 320".
    pub range_of: fn(&str, &str, &str) -> String,
    pub not_set: &'static str,
    pub search_label: &'static str,
    pub search_placeholder: &'static str,
    pub filters_label: &'static str,
    pub filter_type: &'static str,
    pub filter_state: &'static str,
    pub filter_renew: &'static str,
    pub filter_status: &'static str,
    /// Label of a renewal-mode filter option (`automatic`, `manual`, `none`, or a raw API value).
    pub renew_option: fn(&str) -> String,
    /// Label of a status filter option (`billToPay`, `terminationRequested`, `expiring7`, `expiring30`).
    pub status_option: fn(&str) -> &'static str,
    pub active_filters_label: &'static str,
    /// "Remove filter “X”".
    pub remove_filter: fn(&str) -> String,
    pub clear_filters: &'static str,
    /// A chip's text: "Status: Bill to pay" (French typography puts a space before the colon).
    pub filter_chip: fn(&str, &str) -> String,
    pub no_match: &'static str,
    /// "34 of 320 services".
    pub matching_of: fn(&str, &str) -> String,
    /// After the count, when linked services share their parent's line: "275 rows: …".
    pub grouped_lines: fn(&str) -> String,
    pub rows_per_page: &'static str,
    pub first_page: &'static str,
    pub last_page: &'static str,
    /// "Show the 2 linked services of X".
    pub show_linked: fn(usize, &str) -> String,
    pub hide_linked: fn(usize, &str) -> String,
    pub shown_for_context: &'static str,
    pub col_actions: &'static str,
    /// "Actions for X".
    pub actions_for: fn(&str) -> String,
    pub action_terminate: &'static str,
    pub action_cancel_termination: &'static str,
    /// Why an action is not available.
    pub refusal: fn(&crate::domain::eligibility::Refusal) -> String,
    pub no_action_available: &'static str,
    pub close: &'static str,
    pub cancel: &'static str,
    pub sending: &'static str,
    /// "Terminate X".
    pub terminate_title: fn(&str) -> String,
    /// Explains what termination at expiry does (the expiry date, formatted).
    pub terminate_explain: fn(&str) -> String,
    /// The same, when the expiry is less than 24 hours away: the request will be final.
    pub terminate_explain_final: fn(&str) -> String,
    pub terminate_reason_label: &'static str,
    /// The guides' label of a `reason` answer; `None` for an answer they do not document (shown
    /// as the API sends it).
    pub terminate_reason: fn(&str) -> Option<&'static str>,
    pub terminate_future_label: &'static str,
    pub terminate_future: fn(&str) -> Option<&'static str>,
    pub terminate_comment_label: &'static str,
    pub choose: &'static str,
    pub terminate_confirm: &'static str,
    /// "Termination requested for X: it ends on D."
    pub terminate_done: fn(&str) -> String,
    pub cancel_termination_title: fn(&str) -> String,
    pub cancel_termination_explain: fn(&str) -> String,
    pub cancel_termination_done: fn(&str) -> String,
    pub action_delete_now: &'static str,
    pub action_pay_bill: &'static str,
    pub delete_now_title: fn(&str) -> String,
    pub delete_now_explain: &'static str,
    pub delete_now_done: fn(&str) -> String,
    pub pay_bill_title: fn(&str) -> String,
    pub pay_bill_explain: &'static str,
    /// Said in a row's "Pay my bill": the order pays the whole account's debts.
    pub pay_bill_scope: &'static str,
    pub pay_bill_confirm: &'static str,
    /// "Order 123 is ready: pay it on the payment page."
    pub payment_ready: fn(&str) -> String,
    pub go_to_payment: &'static str,
    pub action_anticipate: &'static str,
    pub action_renew: &'static str,
    pub anticipate_title: fn(&str) -> String,
    pub renew_title: fn(&str) -> String,
    pub anticipate_explain: &'static str,
    pub renew_explain: &'static str,
    pub duration_label: &'static str,
    /// "12 months".
    pub months: fn(u32) -> String,
    /// "New expiry date: D".
    pub new_expiry: fn(&str) -> String,
    /// "Amount incl. tax: X".
    pub amount_with_tax: fn(&str) -> String,
    pub to_payment: &'static str,
    pub action_configure: &'static str,
    pub configure_title: fn(&str) -> String,
    pub step_of: fn(u32, u32) -> String,
    pub renewal_type_label: &'static str,
    pub renewal_automatic: &'static str,
    pub renewal_manual: &'static str,
    pub manual_not_offered: &'static str,
    pub frequency_label: &'static str,
    pub already_current: &'static str,
    pub next_step: &'static str,
    pub previous_step: &'static str,
    pub confirm: &'static str,
    pub summary_heading: &'static str,
    pub expires_on: fn(&str) -> String,
    pub next_debits_label: &'static str,
    pub charged_method: fn(&str) -> String,
    pub no_payment_method: &'static str,
    pub payment_method_unknown: &'static str,
    pub manual_summary: fn(&str) -> String,
    pub configure_done: fn(&str) -> String,
    pub renew_batch_title: &'static str,
    pub align_title: &'static str,
    pub batch_enable_title: &'static str,
    pub batch_disable_title: &'static str,
    pub select_page: &'static str,
    pub select_service: fn(&str) -> String,
    pub selection_label: &'static str,
    pub selected_count: fn(&str) -> String,
    pub select_all_matching: fn(&str) -> String,
    pub clear_selection: &'static str,
    pub export_link: &'static str,
    pub orders_col_date: &'static str,
    pub orders_col_number: &'static str,
    pub order_status: fn(&crate::api::models::OrderStatus) -> String,
    pub tracking_history: &'static str,
    pub print: &'static str,
    pub payment_type: fn(&str) -> String,

    pub error_session_title: &'static str,
    pub error_session_body: &'static str,
    pub sign_in_again: &'static str,
    pub error_forbidden: &'static str,
    pub error_not_found: &'static str,
    pub error_conflict: &'static str,
    pub error_rejected: &'static str,
    pub error_rate_limited: &'static str,
    pub error_server: &'static str,
    pub error_network: &'static str,
    pub error_decode: &'static str,
    pub error_server_said: &'static str,
    /// A `Retry-After` too long to wait for silently: the time (and day, if not today) to ask
    /// again from.
    pub error_wait_until: fn(&str) -> String,
    /// After [`Self::error_wait_until`], when the panel asks again by itself at that time.
    pub error_retry_then: &'static str,
    pub query_id_label: &'static str,
    pub retry: &'static str,

    pub not_found_heading: &'static str,
    pub not_found_body: &'static str,
    pub back_to_services: &'static str,
    pub account_nic: &'static str,
    pub account_email: &'static str,
    pub account_country: &'static str,

    pub service_type: fn(&ServiceType) -> String,
    pub resource_state: fn(&ResourceState) -> String,
    pub renewal_status: fn(&RenewalStatus) -> String,
    pub error_timeout: &'static str,
    /// A change whose answer was lost, but the re-read shows it done.
    pub outcome_recovered: &'static str,
    pub outcome_not_applied_title: &'static str,
    pub outcome_not_applied_body: &'static str,
    pub outcome_unknown_title: &'static str,
    pub outcome_unknown_body: &'static str,
    pub check_again: &'static str,
    pub checking: &'static str,
    pub outcome_changed_title: &'static str,
    /// What changed behind the customer's back.
    pub changed_reason: fn(&crate::domain::outcome::Changed) -> &'static str,
    /// When /auth/time failed.
    pub device_clock_note: &'static str,
    /// "12 services could not be loaded" (number formatted).
    pub load_missing: fn(&str) -> String,
    pub services_missing: fn(&str) -> String,
    pub retry_missing: &'static str,
    /// The reasons items were skipped, as the API's data said.
    pub skipped_detail: fn(&str) -> String,
    /// The menu when /me failed.
    pub rights_unknown: &'static str,
    pub rights_loading: &'static str,
    pub order_created_link: &'static str,
    /// A row's last action: outcome unknown.
    pub row_result_unknown: &'static str,
    pub row_result_not_done: &'static str,
    pub row_result_changed: &'static str,
    /// First visit without a session.
    pub sign_in_title: &'static str,
    pub sign_in_body: &'static str,
    pub sign_in: &'static str,
    /// Leaving a page with a batch running.
    pub leave_busy: &'static str,
    /// The `commentary_future_use` question.
    pub terminate_future_comment_label: &'static str,
    /// While the service's termination form is read.
    pub terminate_form_loading: &'static str,
    /// Under a question no guide documents: its text and answers are the API's.
    pub terminate_form_other: &'static str,
    /// The service's form asks nothing.
    pub terminate_form_none: &'static str,
    /// Appended to an optional question asked in the API's words.
    pub optional_suffix: &'static str,
    pub answer_yes: &'static str,
    pub answer_no: &'static str,
    /// After the count: the ended services the default view hides ("12 terminated services hidden").
    pub ended_hidden: fn(&str) -> String,
    /// The switch that shows the ended services (`?ended=show`).
    pub show_ended: &'static str,
    /// The flag of a service that needs action, with why.
    pub attention: fn(crate::domain::services::Attention) -> &'static str,
}

/// The orders bundle's own messages; every common message is reached through `Deref`, so a
/// page writes `t().orders_heading` and `t().retry` alike. Kept apart from [`Messages`] so that
/// the services and tools bundles do not carry the orders pages' strings in three languages.
pub struct OrdersMessages {
    pub common: &'static Messages,
    pub orders_count: fn(&str) -> String,
    pub orders_expired_hidden: fn(&str) -> String,
    pub orders_search_label: &'static str,
    pub orders_from: &'static str,
    pub orders_to: &'static str,
    pub orders_show_expired: &'static str,
    pub orders_table_label: &'static str,
    pub orders_col_status: &'static str,
    pub orders_col_amount: &'static str,
    pub orders_none: &'static str,
    pub order_status_help: fn(&crate::api::models::OrderStatus) -> String,
    pub order_actions_for: fn(&str) -> String,
    pub order_view_html: &'static str,
    pub order_tracking: &'static str,
    pub order_withdraw: &'static str,
    pub tracking_title: fn(&str) -> String,
    pub tracking_none: &'static str,
    pub tracking_steps_label: &'static str,
    pub follow_up_step: fn(&crate::api::orders::FollowUpStep) -> String,
    pub follow_up_status: fn(&crate::api::orders::FollowUpStatus) -> String,
    pub follow_up_label: fn(&crate::api::orders::FollowUpLabel) -> String,
    pub withdraw_title: fn(&str) -> String,
    pub withdraw_deadline: fn(&str) -> String,
    pub withdraw_explain: &'static str,
    pub withdraw_refund: &'static str,
    pub withdraw_reason_label: &'static str,
    pub withdraw_reason: fn(&crate::api::orders::RetractionReason) -> String,
    pub withdraw_comment_label: &'static str,
    pub withdraw_tick: &'static str,
    pub withdraw_confirm: &'static str,
    pub withdraw_done: fn(&str) -> String,
    pub back_to_orders: &'static str,
    pub order_form_title: fn(&str) -> String,
    /// The unpaid order's payment page (the provider's order page, in a new tab).
    pub order_pay: &'static str,
    /// A part of the order form could not be read (the form says so, with a retry).
    pub order_incomplete: &'static str,
    pub order_part_unread: &'static str,
    /// How many lines of the order could not be read (the others are listed).
    pub order_lines_unread: fn(usize) -> String,
    pub order_provider_html: &'static str,
    pub order_provider_pdf: &'static str,
    pub order_created: &'static str,
    pub order_expires: &'static str,
    pub order_billing_contact: &'static str,
    pub order_contact_name: &'static str,
    pub order_lines: &'static str,
    pub order_col_product: &'static str,
    pub order_col_quantity: &'static str,
    pub order_col_unit_price: &'static str,
    pub order_col_total: &'static str,
    pub order_line_cancelled: &'static str,
    pub order_without_tax: &'static str,
    pub order_tax: &'static str,
    pub order_with_tax: &'static str,
    pub order_totals_mismatch: fn(&str, &str) -> String,
    pub order_payment: &'static str,
    pub order_default_method: fn(&str) -> String,
    pub order_no_default_method: &'static str,
    pub order_available_methods: &'static str,

    pub orders_heading: &'static str,
    /// Orders the API sent that could not be read.
    pub orders_skipped: fn(&str) -> String,
    pub statuses_missing: fn(&str) -> String,
}

/// The tools bundle's own messages (export, batch actions, account health); see [`OrdersMessages`].
pub struct ToolsMessages {
    pub common: &'static Messages,
    pub renew_batch_orders: fn(&str) -> String,
    /// The selected services share no renewal duration: nothing can be ordered at once.
    pub renew_batch_no_common: &'static str,
    pub renew_batch_total: fn(&str) -> String,
    pub align_explain: &'static str,
    pub align_day_label: &'static str,
    pub align_table_label: &'static str,
    pub align_current: &'static str,
    pub align_new: &'static str,
    pub align_delta: &'static str,
    pub align_longer: fn(&str) -> String,
    pub align_confirm: fn(&str) -> String,
    pub align_done: fn(&str) -> String,
    pub batch_eligible: fn(&str) -> String,
    pub batch_refused: fn(&str) -> String,
    pub batch_confirm: fn(&str) -> String,
    pub batch_progress: fn(&str, &str, &str) -> String,
    pub batch_progress_label: &'static str,
    pub batch_item_pending: &'static str,
    pub batch_item_running: &'static str,
    pub batch_item_done: &'static str,
    pub batch_item_failed: fn(&str) -> String,
    pub batch_retry: fn(&str) -> String,
    pub batch_paused: fn(&str) -> String,
    /// After a reload: send the items that were never sent.
    pub batch_send_rest: fn(&str) -> String,
    pub batch_resume: &'static str,
    pub sign_in_new_tab: &'static str,
    pub batch_empty_selection: &'static str,
    pub csv_reference: &'static str,
    pub csv_expiration: &'static str,
    pub csv_next_renewal: &'static str,
    pub csv_termination: &'static str,
    pub ics_calendar_name: &'static str,
    pub ics_renewal: fn(&str) -> String,
    pub ics_expiry: fn(&str) -> String,
    pub ics_termination: fn(&str) -> String,
    pub export_heading: &'static str,
    pub export_scope: &'static str,
    pub export_scope_selection: fn(&str) -> String,
    pub export_scope_matching: fn(&str) -> String,
    pub export_scope_account: fn(&str) -> String,
    pub export_format: &'static str,
    pub export_csv: &'static str,
    pub export_ics: &'static str,
    pub export_separator: &'static str,
    pub export_semicolon: &'static str,
    pub export_comma: &'static str,
    pub export_dates: &'static str,
    pub export_dates_locale: &'static str,
    pub export_dates_iso: &'static str,
    pub export_download: &'static str,
    /// The CSV file `{0}` was downloaded with `{1}` (formatted) services, `{2}` of them.
    pub export_done: fn(&str, &str, usize) -> String,
    /// The calendar `{0}` was downloaded: `{1}` (formatted) events, `{2}` of them, from `{3}`
    /// (formatted) services, `{4}` of them (a service without an upcoming date has no event).
    pub export_done_ics: fn(&str, &str, usize, &str, usize) -> String,
    pub export_failed: &'static str,
    pub account_heading: &'static str,
    pub account_identity: &'static str,
    pub view_my_orders: &'static str,
    pub health_payment_heading: &'static str,
    pub health_payment_ready: fn(&str) -> String,
    pub health_payment_expires: fn(&str) -> String,
    pub health_payment_expiring: fn(&str) -> String,
    pub health_payment_expired: fn(&str) -> String,
    pub health_no_debit: &'static str,
    pub health_bills_heading: &'static str,
    pub health_nothing_owed: &'static str,
    pub health_total_due: fn(&str) -> String,
    /// A debt whose amount could not be read (its cell), and the line that says why no total.
    pub health_amount_unreadable: &'static str,
    pub health_total_unknown: &'static str,
    pub health_col_due: &'static str,
    pub health_lapsing_heading: &'static str,
    pub health_lapsing_intro: fn(&str) -> String,
    pub health_nothing_lapsing: fn(&str) -> String,
    pub health_days_left: fn(i64) -> String,
    pub batch_item_unknown: fn(&str) -> String,
    pub batch_item_stopped: fn(&str) -> String,
    /// Why an item is unknown after a reload.
    pub batch_interrupted: &'static str,
    pub batch_unknown_count: fn(&str) -> String,
    pub batch_check_unknown: fn(&str) -> String,
    pub batch_restored: &'static str,
    pub batch_new: &'static str,
    /// An item proven not applied.
    pub batch_not_applied: fn(&str) -> String,
    /// An unknown ?action= on the batch page.
    pub unknown_action: fn(&str) -> String,
    /// Groups whose price the quote did not give.
    pub renew_batch_unpriced: fn(&str) -> String,
    pub renew_batch_quote_failed: fn(&str) -> String,
    pub align_current_day: fn(&str) -> String,
    pub align_no_day: &'static str,
    pub forecast_heading: &'static str,
    pub forecast_intro: &'static str,
    /// A currency's chart: "Debits per month in EUR".
    pub forecast_chart_label: fn(&str) -> String,
    pub forecast_total: fn(&str) -> String,
    /// A month's bar: month, amount, and the renewals of unknown price that month.
    pub forecast_bar: fn(&str, &str, usize) -> String,
    pub forecast_nothing: &'static str,
    pub forecast_table_toggle: &'static str,
    pub forecast_col_month: &'static str,
    pub forecast_col_unpriced: &'static str,
    pub forecast_col_amount: &'static str,
    pub forecast_col_date: &'static str,
    pub forecast_pick_month: &'static str,
    pub forecast_month_heading: fn(&str) -> String,
    pub forecast_month_none: &'static str,
    pub forecast_unknown_price: &'static str,
    pub forecast_unpriced_heading: fn(&str) -> String,
    pub forecast_unpriced_intro: &'static str,
    /// Why a renewal's price is unknown.
    pub forecast_unpriced_reason: fn(crate::domain::forecast::UnpricedReason) -> String,
    pub forecast_overdue_heading: fn(&str) -> String,
    pub forecast_overdue_intro: &'static str,
    pub forecast_was_due: fn(&str) -> String,
    pub forecast_unscheduled_heading: fn(&str) -> String,
    pub forecast_unscheduled_reason: fn(crate::domain::forecast::UnscheduledReason) -> &'static str,
    pub protection_heading: &'static str,
    /// A check that passes.
    pub check_ok: &'static str,
    /// A check that does not.
    pub check_warning: &'static str,
    pub check_two_factor: &'static str,
    pub check_spare_email: &'static str,
    pub check_payment: &'static str,
    /// Enabled apps, security keys, phones, and backup codes left ("—" when none).
    pub two_factor_detail: fn(&str, &str, &str, &str) -> String,
    pub check_act_two_factor: &'static str,
    pub check_act_spare_email: &'static str,
    pub check_act_payment: &'static str,
    /// After a link that opens the provider's control panel.
    pub new_tab: &'static str,
    pub closure_heading: &'static str,
    pub closure_intro: &'static str,
    pub closure_services: &'static str,
    pub closure_debts: &'static str,
    pub closure_orders: &'static str,
    pub closure_ending: fn(&str) -> String,
    pub closure_due: fn(&str) -> String,
    /// Orders whose status is not read yet.
    pub closure_unread: &'static str,
    pub closure_act_services: &'static str,
    pub closure_act_debts: &'static str,
    pub closure_act_orders: &'static str,
    pub closure_ready: &'static str,
    pub closure_act_close: &'static str,
    /// After [`Self::closure_act_close`]: the form is the provider's French page (the guides give
    /// no other); empty in French.
    pub closure_form_language: &'static str,
    /// The one-line reason of a protection or closure check.
    pub check_reason: fn(crate::domain::checks::Reason) -> &'static str,
    pub forecast_month_total: fn(&str) -> String,
    /// Under a chart: what the "?" above a bar means.
    pub forecast_unpriced_mark: &'static str,
}

impl std::ops::Deref for OrdersMessages {
    type Target = Messages;
    fn deref(&self) -> &Messages {
        self.common
    }
}

impl std::ops::Deref for ToolsMessages {
    type Target = Messages;
    fn deref(&self) -> &Messages {
        self.common
    }
}

impl ToolsMessages {
    /// The CSV export's header and cell labels, in this language.
    pub fn csv_labels(&self) -> crate::domain::export::CsvLabels<'_> {
        crate::domain::export::CsvLabels {
            headers: crate::domain::export::CsvHeaders {
                name: self.col_name,
                reference: self.csv_reference,
                kind: self.col_type,
                state: self.col_state,
                renewal: self.col_status,
                frequency: self.col_frequency,
                expiration: self.csv_expiration,
                next_renewal: self.csv_next_renewal,
                termination: self.csv_termination,
            },
            service_type: &self.service_type,
            state: &self.resource_state,
            renewal: &self.renewal_status,
            frequency: &self.every_months,
        }
    }
}

/// The messages for `locale`.
///
/// French is in the first load; English and Italian are chunks of their own, fetched by
/// [`load`] before the app shows them (at start, or when the language changes): a locale not
/// loaded yet reads as French, which the app never asks for (see `app::switch_locale`).
pub fn messages(locale: Locale) -> &'static Messages {
    loaded(locale).unwrap_or(&fr::MESSAGES)
}

static ENGLISH: OnceLock<&'static Messages> = OnceLock::new();
static ITALIAN: OnceLock<&'static Messages> = OnceLock::new();

#[leptos::lazy]
fn english() -> &'static Messages {
    &en::MESSAGES
}

#[leptos::lazy]
fn italian() -> &'static Messages {
    &it::MESSAGES
}

/// `locale`'s messages, if they can be shown now.
fn loaded(locale: Locale) -> Option<&'static Messages> {
    match locale {
        Locale::Fr => Some(&fr::MESSAGES),
        Locale::En => ENGLISH.get().copied(),
        Locale::It => ITALIAN.get().copied(),
    }
}

/// Whether `locale`'s messages can be shown now.
pub fn is_loaded(locale: Locale) -> bool {
    loaded(locale).is_some()
}

/// Fetches `locale`'s messages if they are a chunk not loaded yet.
pub async fn load(locale: Locale) {
    if is_loaded(locale) {
        return;
    }
    match locale {
        Locale::En => {
            let _ = ENGLISH.set(english().await);
        }
        Locale::It => {
            let _ = ITALIAN.set(italian().await);
        }
        Locale::Fr => {}
    }
}

/// The orders bundle's messages for `locale`.
pub fn orders_messages(locale: Locale) -> &'static OrdersMessages {
    match locale {
        Locale::Fr => &fr::ORDERS,
        Locale::En => &en::ORDERS,
        Locale::It => &it::ORDERS,
    }
}

/// The tools bundle's messages for `locale`.
pub fn tools_messages(locale: Locale) -> &'static ToolsMessages {
    match locale {
        Locale::Fr => &fr::TOOLS,
        Locale::En => &en::TOOLS,
        Locale::It => &it::TOOLS,
    }
}

/// Types, states and statuses sort by their label in the user's language.
impl crate::domain::query::SortLabels for Messages {
    fn service_type(&self, kind: &ServiceType) -> String {
        (self.service_type)(kind)
    }
    fn state(&self, state: &ResourceState) -> String {
        (self.resource_state)(state)
    }
    fn status(&self, status: &RenewalStatus) -> String {
        (self.renewal_status)(status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each locale's table, loaded as the app loads it.
    fn messages(locale: Locale) -> &'static Messages {
        futures::executor::block_on(load(locale));
        assert!(is_loaded(locale));
        super::messages(locale)
    }

    #[test]
    fn english_and_italian_are_loaded_on_demand() {
        let en = messages(Locale::En);
        assert_eq!(en.nav_services, "My services");
        assert!(std::ptr::eq(super::messages(Locale::En), en));
    }

    #[test]
    fn french_labels_are_the_guides_own() {
        let fr = messages(Locale::Fr);
        assert_eq!(fr.nav_services, "Mes services");
        assert_eq!(fr.nav_orders, "Mes commandes");
        assert_eq!(
            (fr.renewal_status)(&RenewalStatus::BillToPay),
            "Facture à payer"
        );
        assert_eq!(
            (fr.renewal_status)(&RenewalStatus::TerminationRequested),
            "Résiliation demandée"
        );
        assert_eq!(
            (fr.renewal_status)(&RenewalStatus::Automatic),
            "Renouvellement automatique"
        );
        assert_eq!(
            (fr.renewal_status)(&RenewalStatus::Manual),
            "Renouvellement manuel"
        );
        assert_eq!((fr.resource_state)(&ResourceState::Active), "Actif");
        let it = messages(Locale::It);
        assert_eq!(it.nav_services, "I tuoi servizi");
    }

    #[test]
    fn unknown_values_are_shown_as_the_api_gave_them() {
        for locale in Locale::ALL {
            let m = messages(locale);
            assert!(
                (m.resource_state)(&ResourceState::Unknown("inMaintenance".into()))
                    .contains("inMaintenance")
            );
            assert!(
                (m.service_type)(&ServiceType::Other("/storage/netapp".into()))
                    .contains("/storage/netapp")
            );
            assert!(
                (m.renewal_status)(&RenewalStatus::Other("yearlyDeal".into()))
                    .contains("yearlyDeal")
            );
        }
    }

    #[test]
    fn relative_days_and_plurals() {
        let en = messages(Locale::En);
        assert_eq!((en.days_relative)(0), "today");
        assert_eq!((en.days_relative)(1), "tomorrow");
        assert_eq!((en.days_relative)(3), "in 3 days");
        assert_eq!((en.days_relative)(-2), "2 days ago");
        let fr = messages(Locale::Fr);
        assert_eq!((fr.days_relative)(3), "dans 3 jours");
        assert_eq!((fr.every_months)(1), "Tous les mois");
        assert_eq!((fr.every_months)(12), "Tous les 12 mois");
        assert_eq!((fr.services_count)("1"), "1 service");
        assert_eq!((fr.services_count)("320"), "320 services");
        let it = messages(Locale::It);
        assert_eq!((it.days_relative)(3), "tra 3 giorni");
        assert_eq!((it.services_count)("320"), "320 servizi");
    }
}
