//! "My orders": the list's view model, which orders are expired, the 14-day withdrawal, the
//! check of an order's total against its lines, the 4-step tracking, and the list's query
//! (search, filters, sort, pages) as held in the URL. Pure: no web-sys, tested natively.
//!
//! Rules (shared docs: api-contract "Orders", provider-panel-notes §5, the "Gérer mes commandes"
//! guide): an unpaid order lapses at its `expirationDate` and is then hidden by default; the
//! withdrawal is offered while `retractionDate` is after the server's clock; the tracking has
//! 4 steps, VALIDATING → VALIDATED → DELIVERING → AVAILABLE.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

pub use super::values::{FollowUpLabel, FollowUpStatus, FollowUpStep, OrderStatus};

use super::money::{parse_decimal, round_div, ucents_per_minor, Money};
use super::query::{DEFAULT_PAGE_SIZE, PAGE_SIZES};

// ---------------------------------------------------------------------------------------------
// Status

/// How a status badge looks (provider-panel-notes §5.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusTone {
    Info,
    Success,
    Warning,
    Error,
}

impl OrderStatus {
    /// The status's key in URLs (the API value: stable, not translated). Round-trips through
    /// [`OrderStatus::from_key`], unknown values included.
    pub fn key(&self) -> &str {
        self.as_wire()
    }

    /// The status a URL key names; a key this build does not know stays `Unknown(key)`.
    pub fn from_key(key: &str) -> OrderStatus {
        OrderStatus::from_wire(key)
    }

    /// The tracking step an order in this status is at: `notPaid` → VALIDATING (waiting for the
    /// payment), `checking`/`documentsRequested` → VALIDATED (being checked), `delivering` →
    /// DELIVERING, `delivered` → AVAILABLE. `None` off the normal path (cancelling, cancelled,
    /// `unknown`, values this build does not know).
    pub fn step(&self) -> Option<FollowUpStep> {
        match self {
            OrderStatus::NotPaid => Some(FollowUpStep::Validating),
            OrderStatus::Checking | OrderStatus::DocumentsRequested => {
                Some(FollowUpStep::Validated)
            }
            OrderStatus::Delivering => Some(FollowUpStep::Delivering),
            OrderStatus::Delivered => Some(FollowUpStep::Available),
            _ => None,
        }
    }

    /// The badge of the provider's panel: `notPaid`/`cancelled` error, `delivered` success,
    /// `documentsRequested`/`unknown` (and unknown values) warning, the rest info.
    pub fn tone(&self) -> StatusTone {
        match self {
            OrderStatus::NotPaid | OrderStatus::Cancelled => StatusTone::Error,
            OrderStatus::Delivered => StatusTone::Success,
            OrderStatus::Checking | OrderStatus::Delivering | OrderStatus::Cancelling => {
                StatusTone::Info
            }
            OrderStatus::DocumentsRequested | OrderStatus::Unknown_ | OrderStatus::Unknown(_) => {
                StatusTone::Warning
            }
        }
    }

    /// Not paid ("Paiement non reçu"): the only status that lapses at the expiry date.
    pub fn is_unpaid(&self) -> bool {
        *self == OrderStatus::NotPaid
    }

    /// Cancelled or being cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, OrderStatus::Cancelling | OrderStatus::Cancelled)
    }

    /// Position in the order's life, for the status sort (unknown values last).
    fn rank(&self) -> u8 {
        match self {
            OrderStatus::NotPaid => 0,
            OrderStatus::Checking => 1,
            OrderStatus::DocumentsRequested => 2,
            OrderStatus::Delivering => 3,
            OrderStatus::Delivered => 4,
            OrderStatus::Cancelling => 5,
            OrderStatus::Cancelled => 6,
            OrderStatus::Unknown_ => 7,
            OrderStatus::Unknown(_) => 8,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// View model

/// An order URL (`url`, `pdfUrl`): it embeds the order's password, a secret. `Debug` and
/// `Display` print `<redacted>`; it is not `Serialize`, so it cannot end up in the app's URL or
/// storage by accident. [`SecretUrl::expose`] is the one way to read it (to open the page).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn new(url: impl Into<String>) -> SecretUrl {
        SecretUrl(url.into())
    }

    /// The URL itself, secret included: only for an `href` or `window.open`, never logged.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for SecretUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretUrl)
    }
}

impl From<String> for SecretUrl {
    fn from(url: String) -> Self {
        SecretUrl(url)
    }
}

impl SecretUrl {
    /// The URL for a link, only when it is safe to follow: `https:`, `http:` on this machine
    /// (the sandbox), or a path on the site's own `origin`. Anything else (`javascript:`,
    /// `data:`, another scheme, a scheme-relative `//host`) gives `None`.
    pub fn safe_href(&self, origin: &str) -> Option<String> {
        safe_link(&self.0, origin)
    }
}

/// See [`SecretUrl::safe_href`]; also for URLs that carry no secret.
pub fn safe_link(url: &str, origin: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.chars().any(|c| c.is_control() || c == ' ' || c == '\\') {
        return None;
    }
    if url.starts_with('/') {
        // A path on the site's own origin (kept as a path); `//host` would leave it.
        return (!url.starts_with("//") && !origin.is_empty()).then(|| url.to_string());
    }
    let (scheme, rest) = url.split_once(':')?;
    let rest = rest.strip_prefix("//")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() || authority.contains('@') {
        return None;
    }
    let local = matches!(host, "localhost" | "127.0.0.1" | "::1");
    match scheme.to_ascii_lowercase().as_str() {
        "https" => Some(url.to_string()),
        "http" if local => Some(url.to_string()),
        _ => None,
    }
}

impl std::fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretUrl(<redacted>)")
    }
}

impl std::fmt::Display for SecretUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// One row of the orders list.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub id: u64,
    /// When the order was placed, in the offset the API gave.
    pub date: Option<DateTime<FixedOffset>>,
    /// When an unpaid order lapses.
    pub expiration: Option<DateTime<FixedOffset>>,
    /// The end of the withdrawal period (`retractionDate`); `None` when the order has none.
    pub retraction: Option<DateTime<FixedOffset>>,
    /// `None` until `GET /me/order/{id}/status` answered (statuses load apart from the list).
    pub status: Option<OrderStatus>,
    /// Exact amounts from the API (`None` when missing or unreadable).
    pub price_with_tax: Option<Money>,
    pub price_without_tax: Option<Money>,
    pub tax: Option<Money>,
    /// The order form in HTML and PDF (secret).
    pub url: Option<SecretUrl>,
    pub pdf_url: Option<SecretUrl>,
}

impl OrderRow {
    /// The same row with its status.
    pub fn with_status(mut self, status: OrderStatus) -> OrderRow {
        self.status = Some(status);
        self
    }

    /// The calendar day of the order, as the API wrote it (what the date filter compares).
    pub fn day(&self) -> Option<NaiveDate> {
        self.date.map(|d| d.date_naive())
    }
}

// ---------------------------------------------------------------------------------------------
// Expiry

/// An unpaid (`notPaid`) order whose `expirationDate` has passed (strictly before `now`, the
/// server's clock): it can no longer be paid and is hidden by default.
///
/// While the status is not loaded this answers `false`: most orders past their expiry date are
/// paid ones, and hiding them until the status arrives would hide real orders. Use
/// [`may_be_expired`] to load those statuses first.
pub fn is_expired(order: &OrderRow, now: DateTime<Utc>) -> bool {
    order.status.as_ref().is_some_and(OrderStatus::is_unpaid) && past_expiry(order, now)
}

/// The status is not loaded yet and the expiry has passed: once the status is known this order
/// may turn out expired (and be hidden).
pub fn may_be_expired(order: &OrderRow, now: DateTime<Utc>) -> bool {
    order.status.is_none() && past_expiry(order, now)
}

/// In which order to read the statuses (one request per order): the orders on screen first, then
/// those that may turn out expired (so the default view hides them soon), then the rest.
pub fn status_load_order(rows: &[OrderRow], on_screen: &[u64], now: DateTime<Utc>) -> Vec<u64> {
    let mut seen = std::collections::HashSet::with_capacity(rows.len());
    let mut ids = Vec::with_capacity(rows.len());
    let candidates = rows.iter().filter(|r| may_be_expired(r, now)).map(|r| r.id);
    let rest = rows.iter().map(|r| r.id);
    for id in on_screen.iter().copied().chain(candidates).chain(rest) {
        if seen.insert(id) {
            ids.push(id);
        }
    }
    ids
}

/// Whether the order can still be paid (on its own `url`): unpaid and not past its expiry.
/// `status` is the one known now (`None` while loading: not payable yet).
pub fn payable(order: &OrderRow, status: Option<&OrderStatus>, now: DateTime<Utc>) -> bool {
    status == Some(&OrderStatus::NotPaid) && !past_expiry(order, now) && order.url.is_some()
}

/// The order's expiry date has passed (whatever its status).
fn past_expiry(order: &OrderRow, now: DateTime<Utc>) -> bool {
    order
        .expiration
        .is_some_and(|e| e.with_timezone(&Utc) < now)
}

// ---------------------------------------------------------------------------------------------
// Withdrawal

/// Until when the withdrawal can be asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// `retractionDate`, in the offset the API gave (show its date and time as written).
    pub until: DateTime<FixedOffset>,
    /// Time left from `now` (always positive).
    pub remaining: Duration,
}

/// Why the withdrawal is not offered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WithdrawalRefusal {
    /// The API gives no `retractionDate`: no withdrawal right for this order.
    NotOffered,
    /// The withdrawal period ended at this instant.
    Ended { ended: DateTime<FixedOffset> },
    /// The order is already cancelled or being cancelled.
    AlreadyCancelled,
    /// The order is not paid: nothing to withdraw from, it lapses at its expiry date.
    NotPaid,
}

/// Whether the 14-day withdrawal can be asked for `order` at `now` (the server's clock): only
/// while `retractionDate` is strictly after `now`. `status` is usually `order.status.as_ref()`;
/// when it is not known yet the date alone decides (as the provider's panel does) and the API
/// has the last word. Offsets are compared as instants (`+01:00`, `+02:00`, `Z`).
pub fn withdrawal(
    order: &OrderRow,
    status: Option<&OrderStatus>,
    now: DateTime<Utc>,
) -> Result<Deadline, WithdrawalRefusal> {
    match status {
        Some(s) if s.is_cancelled() => return Err(WithdrawalRefusal::AlreadyCancelled),
        Some(s) if s.is_unpaid() => return Err(WithdrawalRefusal::NotPaid),
        _ => {}
    }
    let until = order.retraction.ok_or(WithdrawalRefusal::NotOffered)?;
    let remaining = until.with_timezone(&Utc) - now;
    if remaining > Duration::zero() {
        Ok(Deadline { until, remaining })
    } else {
        Err(WithdrawalRefusal::Ended { ended: until })
    }
}

// ---------------------------------------------------------------------------------------------
// Totals

/// One line of an order, with its amount computed exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailRow {
    pub id: u64,
    pub description: String,
    pub domain: Option<String>,
    pub detail_type: Option<String>,
    /// As the API wrote it.
    pub quantity: String,
    pub unit_price: Option<Money>,
    /// The API's line total.
    pub total_price: Option<Money>,
    /// `unitPrice × quantity`, rounded to minor units (half away from zero); the API's
    /// `totalPrice` when the quantity is not a number. `None` when neither is readable.
    pub amount: Option<Money>,
    pub cancelled: bool,
}

/// A unit price exactly as the API states it: micro-units (10^-8) of `currency`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPrice {
    pub ucents: i128,
    pub currency: String,
}

/// `unit × quantity` of one line in exact minor units: the unit price in micro-units times the
/// decimal quantity, rounded once (half away from zero). Falls back to `total` (the API's line
/// total) when there is no unit price or the quantity is not a number.
pub fn line_amount(
    unit: Option<&UnitPrice>,
    quantity: &str,
    total: Option<&Money>,
) -> Option<Money> {
    let computed = unit.and_then(|unit| {
        let (mantissa, scale) = parse_quantity(quantity)?;
        let divisor = 10i128
            .checked_pow(scale)?
            .checked_mul(ucents_per_minor(&unit.currency))?;
        let minor = round_div(unit.ucents.checked_mul(mantissa)?, divisor);
        Some(Money::new(
            i64::try_from(minor).ok()?,
            unit.currency.clone(),
        ))
    });
    computed.or_else(|| total.cloned())
}

/// A quantity as `(mantissa, decimals)`: `"100"` → (100, 0), `"2.5"` → (25, 1). At most 9
/// decimals; `None` when it is not a plain decimal number.
pub fn parse_quantity(raw: &str) -> Option<(i128, u32)> {
    parse_decimal(raw, 9)
}

/// The order's total without tax checked against its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalsCheck {
    /// Sum of every line's `unitPrice × quantity` (cancelled lines included).
    pub computed: Money,
    /// Of which cancelled lines.
    pub cancelled: Money,
    /// The API's `priceWithoutTax`.
    pub api: Money,
    /// The API's total equals neither the sum of every line nor the sum of the lines not
    /// cancelled (a cancelled order keeps its total; a partly cancelled one may drop the line).
    pub mismatch: bool,
}

/// The totals to show: without tax, tax and with tax from the API (never recomputed), and the
/// check of the lines against the API's total without tax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderTotals {
    pub without_tax: Option<Money>,
    pub tax: Option<Money>,
    pub with_tax: Option<Money>,
    /// `None` when it cannot be computed: no API total, no lines, a line without a readable
    /// amount, or lines in another currency than the total.
    pub check: Option<TotalsCheck>,
}

/// Sums the lines (exact minor units) and compares them with `priceWithoutTax`.
pub fn check_totals(order: &OrderRow, details: &[DetailRow]) -> Option<TotalsCheck> {
    let api = order.price_without_tax.clone()?;
    if details.is_empty() {
        return None;
    }
    let (mut all, mut cancelled) = (0i64, 0i64);
    for detail in details {
        let amount = detail.amount.clone()?;
        if amount.currency != api.currency {
            return None;
        }
        all = all.checked_add(amount.minor)?;
        if detail.cancelled {
            cancelled = cancelled.checked_add(amount.minor)?;
        }
    }
    let mismatch = api.minor != all && api.minor != all - cancelled;
    Some(TotalsCheck {
        computed: Money::new(all, api.currency.clone()),
        cancelled: Money::new(cancelled, api.currency.clone()),
        api,
        mismatch,
    })
}

/// The totals of an order and their check (see [`check_totals`]).
pub fn totals(order: &OrderRow, details: &[DetailRow]) -> OrderTotals {
    OrderTotals {
        without_tax: order.price_without_tax.clone(),
        tax: order.tax.clone(),
        with_tax: order.price_with_tax.clone(),
        check: check_totals(order, details),
    }
}

// ---------------------------------------------------------------------------------------------
// Tracking

/// The 4 tracking steps, in order.
pub const STEPS: [FollowUpStep; 4] = [
    FollowUpStep::Validating,
    FollowUpStep::Validated,
    FollowUpStep::Delivering,
    FollowUpStep::Available,
];

/// One event of the tracking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryEntry {
    /// `None` when the API's date is missing or unreadable.
    pub date: Option<DateTime<FixedOffset>>,
    pub label: FollowUpLabel,
    pub description: Option<String>,
}

/// One tracking step, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingStep {
    pub step: FollowUpStep,
    pub status: FollowUpStatus,
    /// Oldest first (entries without a date last, in the API's order).
    pub history: Vec<HistoryEntry>,
}

/// The tracking as the API sent it (its steps in the API's order, each with its events), put in
/// step order: the 4 known steps always, a missing one as `TODO` with no history; steps this
/// build does not know after them, in the API's order. A step sent twice keeps its first status
/// and gets both histories. Blank descriptions are dropped.
pub fn tracking_steps(follow_up: &[TrackingStep]) -> Vec<TrackingStep> {
    let mut steps: Vec<TrackingStep> = STEPS
        .iter()
        .map(|step| TrackingStep {
            step: step.clone(),
            status: FollowUpStatus::Todo,
            history: Vec::new(),
        })
        .collect();
    let mut seen = vec![false; STEPS.len()];
    for item in follow_up {
        let history = item.history.iter().map(|h| HistoryEntry {
            description: h.description.clone().filter(|d| !d.trim().is_empty()),
            ..h.clone()
        });
        let position = steps.iter().position(|s| s.step == item.step);
        match position {
            Some(i) => {
                let known = i < STEPS.len();
                if known && !seen[i] {
                    seen[i] = true;
                    steps[i].status = item.status.clone();
                }
                steps[i].history.extend(history);
            }
            None => steps.push(TrackingStep {
                step: item.step.clone(),
                status: item.status.clone(),
                history: history.collect(),
            }),
        }
    }
    for step in &mut steps {
        // Stable: entries with the same date (or none) keep the API's order.
        step.history.sort_by(|a, b| match (a.date, b.date) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        });
    }
    steps
}

/// The step to highlight: the first one in error or in progress, else the last one done.
pub fn current_step(steps: &[TrackingStep]) -> Option<usize> {
    steps
        .iter()
        .position(|s| matches!(s.status, FollowUpStatus::Error | FollowUpStatus::Doing))
        .or_else(|| steps.iter().rposition(|s| s.status == FollowUpStatus::Done))
}

/// Every event of every step, newest first (the provider's hub shows the history this way).
pub fn tracking_history(steps: &[TrackingStep]) -> Vec<(FollowUpStep, HistoryEntry)> {
    let mut all: Vec<(FollowUpStep, HistoryEntry)> = steps
        .iter()
        .flat_map(|s| s.history.iter().map(|h| (s.step.clone(), h.clone())))
        .collect();
    all.reverse();
    all.sort_by(|(_, a), (_, b)| match (a.date, b.date) {
        (Some(a), Some(b)) => b.cmp(&a),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
    all
}

// ---------------------------------------------------------------------------------------------
// The list's query

/// The columns the list sorts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OrderSort {
    #[default]
    Date,
    /// The order number.
    Number,
    /// In the order's life: not paid, checking, documents requested, delivering, delivered,
    /// cancelling, cancelled, unknown; not loaded last.
    Status,
    /// Amount with tax.
    Amount,
}

impl OrderSort {
    pub const ALL: [OrderSort; 4] = [
        OrderSort::Date,
        OrderSort::Number,
        OrderSort::Status,
        OrderSort::Amount,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrderSort::Date => "date",
            OrderSort::Number => "number",
            OrderSort::Status => "status",
            OrderSort::Amount => "amount",
        }
    }

    pub fn from_key(key: &str) -> Option<OrderSort> {
        OrderSort::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// Everything the orders list shows, as held in the URL (`?q=&status=&from=&to=&expired=1&sort=&dir=&page=&size=`).
/// Defaults (left out of the URL): no search, every status, no dates, expired orders hidden,
/// newest first, page 1, 25 per page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderQuery {
    /// Part of an order number (spaces and a leading `#` ignored).
    pub search: String,
    /// Status keys ([`OrderStatus::key`]); empty = every status.
    pub statuses: BTreeSet<String>,
    /// First and last day of the order date, both included.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Show the expired unpaid orders too (hidden by default).
    pub show_expired: bool,
    pub sort: OrderSort,
    pub descending: bool,
    /// 1-based.
    pub page: usize,
    /// One of the services table's `PAGE_SIZES`.
    pub page_size: usize,
}

impl Default for OrderQuery {
    fn default() -> Self {
        Self {
            search: String::new(),
            statuses: BTreeSet::new(),
            from: None,
            to: None,
            show_expired: false,
            sort: OrderSort::Date,
            descending: true,
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

const DATE_FORMAT: &str = "%Y-%m-%d";

impl OrderQuery {
    /// A search, a status or a date filter is set (the expired switch is not counted).
    pub fn has_filters(&self) -> bool {
        !self.search.trim().is_empty()
            || !self.statuses.is_empty()
            || self.from.is_some()
            || self.to.is_some()
    }

    /// Reads the query from URL parameters; unknown or malformed values fall back to defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> OrderQuery {
        let date = |key: &str| {
            get(key).and_then(|d| NaiveDate::parse_from_str(d.trim(), DATE_FORMAT).ok())
        };
        OrderQuery {
            search: get("q").unwrap_or_default(),
            statuses: get("status")
                .map(|list| {
                    list.split(',')
                        .filter(|v| !v.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default(),
            from: date("from"),
            to: date("to"),
            show_expired: matches!(get("expired").as_deref(), Some("1" | "true")),
            sort: get("sort")
                .as_deref()
                .and_then(OrderSort::from_key)
                .unwrap_or_default(),
            descending: get("dir").as_deref() != Some("asc"),
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            page_size: get("size")
                .and_then(|s| s.parse().ok())
                .filter(|s| PAGE_SIZES.contains(s))
                .unwrap_or(DEFAULT_PAGE_SIZE),
        }
    }

    /// The URL parameters of this query, defaults left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.search.is_empty() {
            params.push(("q", self.search.clone()));
        }
        if !self.statuses.is_empty() {
            params.push((
                "status",
                self.statuses.iter().cloned().collect::<Vec<_>>().join(","),
            ));
        }
        if let Some(from) = self.from {
            params.push(("from", from.format(DATE_FORMAT).to_string()));
        }
        if let Some(to) = self.to {
            params.push(("to", to.format(DATE_FORMAT).to_string()));
        }
        if self.show_expired {
            params.push(("expired", "1".to_string()));
        }
        if self.sort != OrderSort::default() {
            params.push(("sort", self.sort.key().to_string()));
        }
        if !self.descending {
            params.push(("dir", "asc".to_string()));
        }
        if self.page != 1 {
            params.push(("page", self.page.to_string()));
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            params.push(("size", self.page_size.to_string()));
        }
        params
    }

    /// The search as digits to look for in order numbers: spaces (also no-break) and a leading
    /// `#` dropped. `None` when there is no search; `Some("")` never happens.
    fn needle(&self) -> Option<String> {
        let needle: String = self
            .search
            .trim()
            .trim_start_matches('#')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        (!needle.is_empty()).then_some(needle)
    }
}

/// Does the order's number contain the search (`None` = no search)?
fn number_matches(order: &OrderRow, needle: Option<&str>) -> bool {
    needle.is_none_or(|n| order.id.to_string().contains(n))
}

fn date_matches(order: &OrderRow, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
    if from.is_none() && to.is_none() {
        return true;
    }
    // A reversed range is read the right way round.
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) if f > t => (Some(t), Some(f)),
        range => range,
    };
    order
        .day()
        .is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t))
}

fn status_matches(order: &OrderRow, statuses: &BTreeSet<String>) -> bool {
    statuses.is_empty()
        || order
            .status
            .as_ref()
            .is_some_and(|s| statuses.contains(s.key()))
}

/// Does this order match the search, the status and date filters and the expired switch?
/// (Rows whose status is not loaded match no status filter.)
pub fn matches(order: &OrderRow, query: &OrderQuery, now: DateTime<Utc>) -> bool {
    number_matches(order, query.needle().as_deref())
        && status_matches(order, &query.statuses)
        && date_matches(order, query.from, query.to)
        && (query.show_expired || !is_expired(order, now))
}

/// Missing values sort last in both directions.
fn nulls_last<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => {
            let o = a.cmp(&b);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The order of two rows for a sort; ties by order number, highest first.
pub fn compare(a: &OrderRow, b: &OrderRow, sort: OrderSort, descending: bool) -> Ordering {
    let primary = match sort {
        OrderSort::Date => nulls_last(a.date, b.date, descending),
        OrderSort::Number => nulls_last(Some(a.id), Some(b.id), descending),
        OrderSort::Status => nulls_last(
            a.status.as_ref().map(|s| (s.rank(), s.key())),
            b.status.as_ref().map(|s| (s.rank(), s.key())),
            descending,
        ),
        OrderSort::Amount => nulls_last(
            a.price_with_tax.as_ref().map(|m| m.minor),
            b.price_with_tax.as_ref().map(|m| m.minor),
            descending,
        ),
    };
    primary.then_with(|| b.id.cmp(&a.id))
}

/// One page of the orders list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdersView {
    /// Indexes into the rows, this page only, in display order.
    pub rows: Vec<usize>,
    /// Rows that match (every page).
    pub matching: usize,
    /// Rows that match but are hidden because they are expired (0 when they are shown).
    pub hidden_expired: usize,
    /// Per status key, the rows the status filter would give (search, dates and the expired
    /// switch applied, not the status filter itself). Zero counts are left out.
    pub status_counts: BTreeMap<String, usize>,
    /// Rows that would pass but whose status is not loaded yet.
    pub status_pending: usize,
    /// The page shown (the asked page, clamped).
    pub page: usize,
    pub page_count: usize,
    /// Index of the first row of this page among `matching`.
    pub first_index: usize,
}

/// What the orders list shows for `query` at `now` (the server's clock): filter, sort, one page.
pub fn list_view(rows: &[OrderRow], query: &OrderQuery, now: DateTime<Utc>) -> OrdersView {
    let needle = query.needle();
    let mut kept = Vec::new();
    let mut hidden_expired = 0;
    let mut status_counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut status_pending = 0;
    for (i, row) in rows.iter().enumerate() {
        if !number_matches(row, needle.as_deref()) || !date_matches(row, query.from, query.to) {
            continue;
        }
        let expired = is_expired(row, now);
        if expired && !query.show_expired {
            if status_matches(row, &query.statuses) {
                hidden_expired += 1;
            }
            continue;
        }
        match &row.status {
            Some(status) => *status_counts.entry(status.key().to_string()).or_default() += 1,
            None => status_pending += 1,
        }
        if status_matches(row, &query.statuses) {
            kept.push(i);
        }
    }
    kept.sort_by(|a, b| compare(&rows[*a], &rows[*b], query.sort, query.descending));
    let matching = kept.len();
    let page_count = matching.div_ceil(query.page_size.max(1)).max(1);
    let page = query.page.clamp(1, page_count);
    let first_index = (page - 1) * query.page_size;
    let rows = kept
        .into_iter()
        .skip(first_index)
        .take(query.page_size)
        .collect();
    OrdersView {
        rows,
        matching,
        hidden_expired,
        status_counts,
        status_pending,
        page,
        page_count,
        first_index,
    }
}

#[cfg(test)]
mod link_tests {
    use super::safe_link;

    const SITE: &str = "https://console.example";

    #[test]
    fn only_https_local_http_and_site_paths_are_linked() {
        assert_eq!(
            safe_link(
                "https://www.ovh.com/cgi-bin/order/displayOrder.cgi?orderId=1&orderPassword=x",
                SITE
            )
            .as_deref(),
            Some("https://www.ovh.com/cgi-bin/order/displayOrder.cgi?orderId=1&orderPassword=x")
        );
        assert_eq!(
            safe_link("HTTPS://pay.example/1", SITE).as_deref(),
            Some("HTTPS://pay.example/1")
        );
        assert_eq!(
            safe_link("http://127.0.0.1:8080/_sandbox/pay/1", SITE).as_deref(),
            Some("http://127.0.0.1:8080/_sandbox/pay/1")
        );
        assert!(safe_link("http://localhost/x", SITE).is_some());
        // Surrounding blanks are not part of a URL.
        assert_eq!(
            safe_link(" https://ok.example/\n", SITE).as_deref(),
            Some("https://ok.example/")
        );
        assert!(safe_link("http://[::1]:8080/x", SITE).is_some());
        assert_eq!(
            safe_link("/_sandbox/pay/1?password=x", SITE).as_deref(),
            Some("/_sandbox/pay/1?password=x")
        );
        for hostile in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "http://evil.example/pay",
            "http://127.0.0.1.evil.example/",
            "http://localhost@evil.example/",
            "https://user@evil.example/",
            "//evil.example/pay",
            "https:evil.example",
            "https:///x",
            "java\nscript:alert(1)",
            "relative/path",
            "",
        ] {
            assert_eq!(safe_link(hostile, SITE), None, "{hostile:?}");
        }
    }
}
