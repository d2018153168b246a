//! The list's query as held in the URL (search, filters, sort, pages), and one page of it.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::*;
use crate::domain::key_set::KeySet;
use crate::domain::query::{DEFAULT_PAGE_SIZE, PAGE_SIZES};

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
    pub statuses: KeySet,
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
            statuses: KeySet::default(),
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
            params.push(("status", self.statuses.join(",")));
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

fn status_matches(order: &OrderRow, statuses: &KeySet) -> bool {
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
        // Amounts compare within a currency only: grouped by currency, then by amount (never
        // yen against euro cents).
        OrderSort::Amount => nulls_last(
            a.price_with_tax.as_ref().map(|m| (&*m.currency, m.minor)),
            b.price_with_tax.as_ref().map(|m| (&*m.currency, m.minor)),
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
