//! The services table's query: search, filters, sort and page, as held in the URL, and how it
//! turns the loaded services into what one page shows. Pure and local: no network round trip.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::{Datelike, NaiveDate};

use super::values::{RenewMode, ResourceState};

use super::key_set::KeySet;
use super::services::{RenewalStatus, ServiceRow, ServiceType};
use super::text::fold;

pub const PAGE_SIZES: [usize; 5] = [10, 25, 50, 100, 300];
pub const DEFAULT_PAGE_SIZE: usize = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SortColumn {
    Name,
    Type,
    State,
    Status,
    /// Next effective date (renewal or termination).
    #[default]
    NextDate,
    Frequency,
}

impl SortColumn {
    pub const ALL: [SortColumn; 6] = [
        SortColumn::Name,
        SortColumn::Type,
        SortColumn::State,
        SortColumn::Status,
        SortColumn::NextDate,
        SortColumn::Frequency,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortColumn::Name => "name",
            SortColumn::Type => "type",
            SortColumn::State => "state",
            SortColumn::Status => "status",
            SortColumn::NextDate => "date",
            SortColumn::Frequency => "frequency",
        }
    }

    pub fn from_key(key: &str) -> Option<SortColumn> {
        SortColumn::ALL.into_iter().find(|c| c.key() == key)
    }
}

/// The filter groups. Options within a group are OR-ed, groups are AND-ed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Facet {
    Type,
    State,
    Renew,
    Status,
}

impl Facet {
    pub const ALL: [Facet; 4] = [Facet::Type, Facet::State, Facet::Renew, Facet::Status];

    /// The URL key of this filter.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Type => "type",
            Facet::State => "state",
            Facet::Renew => "renew",
            Facet::Status => "status",
        }
    }
}

/// Options of the status filter.
pub const STATUS_BILL_TO_PAY: &str = "billToPay";
pub const STATUS_TERMINATION_REQUESTED: &str = "terminationRequested";
pub const STATUS_EXPIRING_7: &str = "expiring7";
pub const STATUS_EXPIRING_30: &str = "expiring30";
pub const STATUS_TERMINATED: &str = "terminated";
pub const STATUS_OPTIONS: [&str; 5] = [
    STATUS_BILL_TO_PAY,
    STATUS_TERMINATION_REQUESTED,
    STATUS_EXPIRING_7,
    STATUS_EXPIRING_30,
    STATUS_TERMINATED,
];

/// The URL key and value that show the ended services (`?ended=show`), hidden by default.
pub const SHOW_ENDED_KEY: &str = "ended";
pub const SHOW_ENDED_VALUE: &str = "show";

/// Everything the table shows, as held in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableQuery {
    pub search: String,
    pub filters: [KeySet; 4],
    /// Show the ended services too ([`ServiceRow::ended`]: terminated, expired without renewal
    /// or deleted), hidden by default; the status filter "Résilié" shows them as well.
    pub show_ended: bool,
    pub sort: SortColumn,
    pub descending: bool,
    /// 1-based.
    pub page: usize,
    pub page_size: usize,
}

impl Default for TableQuery {
    fn default() -> Self {
        Self {
            search: String::new(),
            filters: Default::default(),
            show_ended: false,
            sort: SortColumn::default(),
            descending: false,
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl TableQuery {
    pub fn filter(&self, facet: Facet) -> &KeySet {
        &self.filters[facet as usize]
    }

    pub fn filter_mut(&mut self, facet: Facet) -> &mut KeySet {
        &mut self.filters[facet as usize]
    }

    /// A search filter is set (showing the ended services is not counted).
    pub fn has_filters(&self) -> bool {
        self.filters.iter().any(|f| !f.is_empty())
    }

    /// Whether the ended services are hidden: by default, unless shown or asked for by the
    /// status filter "Résilié".
    pub fn hides_ended(&self) -> bool {
        !self.show_ended && !self.filter(Facet::Status).contains(STATUS_TERMINATED)
    }

    /// Reads the query from URL parameters; unknown or malformed values fall back to defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> TableQuery {
        let mut query = TableQuery {
            search: get("q").unwrap_or_default(),
            ..Default::default()
        };
        for facet in Facet::ALL {
            if let Some(list) = get(facet.key()) {
                *query.filter_mut(facet) = list
                    .split(',')
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
                    .collect();
            }
        }
        query.show_ended = matches!(
            get(SHOW_ENDED_KEY).as_deref(),
            Some(SHOW_ENDED_VALUE | "1" | "true")
        );
        query.sort = get("sort")
            .as_deref()
            .and_then(SortColumn::from_key)
            .unwrap_or_default();
        query.descending = get("dir").as_deref() == Some("desc");
        query.page = get("page")
            .and_then(|p| p.parse().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        query.page_size = get("size")
            .and_then(|s| s.parse().ok())
            .filter(|s| PAGE_SIZES.contains(s))
            .unwrap_or(DEFAULT_PAGE_SIZE);
        query
    }

    /// The URL parameters of this query, defaults left out.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.search.is_empty() {
            params.push(("q", self.search.clone()));
        }
        for facet in Facet::ALL {
            let values = self.filter(facet);
            if !values.is_empty() {
                params.push((facet.key(), values.join(",")));
            }
        }
        if self.show_ended {
            params.push((SHOW_ENDED_KEY, SHOW_ENDED_VALUE.to_string()));
        }
        if self.sort != SortColumn::default() {
            params.push(("sort", self.sort.key().to_string()));
        }
        if self.descending {
            params.push(("dir", "desc".to_string()));
        }
        if self.page != 1 {
            params.push(("page", self.page.to_string()));
        }
        if self.page_size != DEFAULT_PAGE_SIZE {
            params.push(("size", self.page_size.to_string()));
        }
        params
    }
}

/// The URL key of a service type (stable, not translated).
pub fn type_key(kind: &ServiceType) -> String {
    match kind {
        ServiceType::Domain => "domain",
        ServiceType::DnsZone => "dnsZone",
        ServiceType::WebHosting => "webHosting",
        ServiceType::Vps => "vps",
        ServiceType::DedicatedServer => "dedicatedServer",
        ServiceType::MxPlan => "mxPlan",
        ServiceType::PrivateDatabase => "privateDatabase",
        ServiceType::PublicCloud => "publicCloud",
        ServiceType::Exchange => "exchange",
        ServiceType::Microsoft => "microsoft",
        ServiceType::Telephony => "telephony",
        ServiceType::Xdsl => "xdsl",
        ServiceType::PackXdsl => "packXdsl",
        ServiceType::Sms => "sms",
        ServiceType::Vrack => "vrack",
        ServiceType::License => "license",
        ServiceType::Ip => "ip",
        ServiceType::Other(path) => return path.clone(),
        ServiceType::Unspecified => "unspecified",
    }
    .to_string()
}

/// The type a URL key names (the inverse of `type_key`; unknown keys are route paths).
pub fn type_from_key(key: &str) -> ServiceType {
    ServiceType::known()
        .chain([ServiceType::Unspecified])
        .find(|kind| type_key(kind) == key)
        .unwrap_or_else(|| ServiceType::Other(key.to_string()))
}

pub fn renew_key(mode: Option<&RenewMode>) -> &str {
    match mode {
        Some(mode) => mode.as_wire(),
        None => "none",
    }
}

/// Translated labels the sort needs (names sort by text; types, states and statuses by their
/// label in the user's language).
pub trait SortLabels {
    fn service_type(&self, kind: &ServiceType) -> String;
    fn state(&self, state: &ResourceState) -> String;
    fn status(&self, status: &RenewalStatus) -> String;
}

/// Separates the folded texts in [`ServiceIndex`]'s search buffer: a search for text without it
/// never matches across two fields.
const SEP: char = '\u{1}';

/// `next_date` of a row without a next effective date.
const NO_DATE: u32 = u32::MAX;

/// No parent, no frequency: in the per-row arrays that keep a `u32` rather than an
/// `Option<u32>` (half the room at 50,000 rows).
const NONE: u32 = u32::MAX;

/// An `Option<u32>` kept as a `u32`, [`NONE`] for `None` (a value of `NONE` itself, 4 billion
/// months, is kept one less: it still sorts last but one).
fn or_none(value: Option<u32>) -> u32 {
    value.map_or(NONE, |v| v.min(NONE - 1))
}

/// The loaded services, indexed once for fast local queries. Built page by page as the services
/// arrive ([`ServiceIndex::extend`]): every per-row array is appended to, only the groups and
/// the name order are redone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceIndex {
    pub rows: Vec<ServiceRow>,
    /// Folded `display_name` and `reference` of every row in one buffer, each followed by
    /// [`SEP`] (the reference left empty when it folds to the name): a search is one scan of it.
    folded: String,
    /// Per row: where its folded name ends in `folded` (its reference starts one byte later) and
    /// where its reference's separator ends (the next row starts there).
    folded_ends: Vec<[u32; 2]>,
    /// The rows in order of id (rows of one id in load order): a row is found by its id with a
    /// binary search, the last of its id when an id repeats. 4 bytes a row, where a map of ids
    /// took about 22.
    by_id: Vec<u32>,
    /// Rows without a (loaded) parent; every other row is listed under its top-level ancestor.
    top: Vec<usize>,
    children: HashMap<usize, Vec<usize>>,
    /// The top-level ancestor of each row ([`NONE`] for a top-level row): 4 bytes a row where
    /// an `Option<usize>` took 8.
    parent_of: Vec<u32>,
    /// The options of the type, state and renew filters, the first row that has each, and each
    /// row's option id in each.
    facet_keys: [Vec<String>; 3],
    option_rows: [Vec<u32>; 3],
    row_options: Vec<[u32; 3]>,
    /// The distinct renewal statuses (first seen first) and each row's.
    statuses: Vec<RenewalStatus>,
    row_status: Vec<u32>,
    /// Bit 0: bill to pay, bit 1: termination requested, bit 4: terminated (the date-based
    /// statuses depend on today); bit 5: ended ([`ServiceRow::ended`], not a status option).
    status_flags: Vec<u8>,
    /// Sort keys computed once per row: the next effective date as an order-preserving number
    /// ([`NO_DATE`] when none) and the renewal frequency.
    next_date: Vec<u32>,
    /// In months, [`NONE`] when the service has no frequency.
    period: Vec<u32>,
    /// Position of each row in name order (folded name, exact name, id): a unique, total order
    /// used by the name sort and to break every other sort's ties; `by_name` is its inverse.
    name_rank: Vec<u32>,
    by_name: Vec<u32>,
    /// The orders computed so far for this index (see [`ServiceIndex::order`]).
    orders: OrderCache,
}

/// A query's filters resolved to option ids: `None` where the filter is not used.
struct Selection {
    single: [Option<Vec<bool>>; 3],
    status: Option<u8>,
    hide_ended: bool,
}

/// The `status_flags` bit of an ended service.
const ENDED: u8 = 32;

/// A row's keys in the type, state and renew filters.
fn facet_keys_of(r: &ServiceRow) -> [String; 3] {
    [
        type_key(&r.kind),
        r.state.as_wire().to_string(),
        renew_key(r.renew_mode.as_ref()).to_string(),
    ]
}

/// The row of `id` in `rows`, `by_id` being their order of id (see `ServiceIndex::by_id`): the
/// last loaded when an id repeats.
fn row_of_id(rows: &[ServiceRow], by_id: &[u32], id: u64) -> Option<usize> {
    let after = by_id.partition_point(|r| rows[*r as usize].id <= id);
    let row = *by_id.get(after.checked_sub(1)?)? as usize;
    (rows[row].id == id).then_some(row)
}

/// A row's `status_flags`.
fn status_flags_of(r: &ServiceRow) -> u8 {
    let flags = match r.status {
        RenewalStatus::BillToPay => 1,
        RenewalStatus::TerminationRequested => 2,
        RenewalStatus::Terminated => 16,
        _ => 0,
    };
    flags | if r.ended() { ENDED } else { 0 }
}

/// A row's `next_date`.
fn next_date_of(r: &ServiceRow) -> u32 {
    r.next_effective_date().map_or(NO_DATE, date_number)
}

/// A date as a number that sorts as the date does (never [`NO_DATE`]).
fn date_number(date: NaiveDate) -> u32 {
    (i64::from(date.num_days_from_ce()) - i64::from(i32::MIN)) as u32
}

impl ServiceIndex {
    pub fn new(rows: Vec<ServiceRow>) -> ServiceIndex {
        let mut index = ServiceIndex::default();
        index.extend(rows);
        index
    }

    /// Makes room for `total` rows in all, when the size of the account is known: the rows and
    /// every per-row array are then never moved to a bigger one while loading (which would hold
    /// both for a moment, and leave up to twice the room they need). (`reserve` on an empty
    /// array takes exactly what is asked, and is the growth `push` already has.) The folded
    /// texts' room is estimated from the rows already indexed, with a quarter more.
    pub fn reserve(&mut self, total: usize) {
        let more = total.saturating_sub(self.rows.len());
        self.rows.reserve_exact(more);
        self.by_id.reserve(more);
        self.folded_ends.reserve(more);
        self.parent_of.reserve(more);
        self.top.reserve(more);
        self.row_options.reserve(more);
        self.row_status.reserve(more);
        self.status_flags.reserve(more);
        self.next_date.reserve(more);
        self.period.reserve(more);
        self.name_rank.reserve(more);
        self.by_name.reserve(more);
        if let Some(per_row) = self.folded.len().checked_div(self.rows.len()) {
            let wanted = total.saturating_mul(per_row).saturating_mul(5) / 4;
            self.folded
                .reserve_exact(wanted.saturating_sub(self.folded.len()));
        }
    }

    /// Adds rows (the next page of a load): the same index as [`ServiceIndex::new`] over all the
    /// rows, without computing again what the earlier rows gave.
    pub fn extend(&mut self, new_rows: Vec<ServiceRow>) {
        let first = self.rows.len();
        self.orders = OrderCache::default();
        for (i, r) in new_rows.iter().enumerate() {
            let row = first + i;
            let keys = facet_keys_of(r);
            let mut options = [0u32; 3];
            // A filter has a few options (types, states, renewal modes): a look along the list.
            for (f, key) in keys.into_iter().enumerate() {
                let known = &mut self.facet_keys[f];
                options[f] = match known.iter().position(|k| *k == key) {
                    Some(id) => id as u32,
                    None => {
                        known.push(key);
                        self.option_rows[f].push(row as u32);
                        (known.len() - 1) as u32
                    }
                };
            }
            self.row_options.push(options);
            let status = match self.statuses.iter().position(|s| *s == r.status) {
                Some(at) => at,
                None => {
                    self.statuses.push(r.status.clone());
                    self.statuses.len() - 1
                }
            };
            self.row_status.push(status as u32);
            self.status_flags.push(status_flags_of(r));
            self.next_date.push(next_date_of(r));
            self.period.push(or_none(r.period_months));
            let name = fold(&r.display_name);
            self.folded.push_str(&name);
            let name_end = self.folded.len() as u32;
            self.folded.push(SEP);
            // A reference that folds to the name is not written twice (most services have no
            // name of their own): an empty one matches nothing the name does not.
            if !Arc::ptr_eq(&r.display_name, &r.reference) {
                let reference = fold(&r.reference);
                if reference != name {
                    self.folded.push_str(&reference);
                }
            }
            self.folded.push(SEP);
            self.folded_ends.push([name_end, self.folded.len() as u32]);
        }
        self.rows.extend(new_rows);
        // The new rows follow in load order; the stable sort merges the two runs and keeps
        // the rows of one id in load order.
        self.by_id.extend(first as u32..self.rows.len() as u32);
        let rows = &self.rows;
        self.by_id.sort_by_key(|r| rows[*r as usize].id);
        self.group();
        // Name order: the earlier rows are in order already, the new ones follow; the stable
        // sort merges the two runs.
        self.by_name.extend(first as u32..self.rows.len() as u32);
        let mut by_name = std::mem::take(&mut self.by_name);
        by_name.sort_by(|a, b| {
            let (a, b) = (*a as usize, *b as usize);
            self.folded_name(a)
                .cmp(self.folded_name(b))
                .then_with(|| self.rows[a].display_name.cmp(&self.rows[b].display_name))
                .then_with(|| self.rows[a].id.cmp(&self.rows[b].id))
        });
        self.name_rank.resize(self.rows.len(), 0);
        for (position, row) in by_name.iter().enumerate() {
            self.name_rank[*row as usize] = position as u32;
        }
        self.by_name = by_name;
    }

    /// Top-level rows and the linked services under them, from the whole list (a parent may
    /// arrive after its children).
    fn group(&mut self) {
        let rows = &self.rows;
        let by_id = &self.by_id;
        let parent = |i: usize| {
            rows[i]
                .parent_id
                .and_then(|p| row_of_id(rows, by_id, p))
                .filter(|p| *p != i)
        };
        self.top.clear();
        self.children.clear();
        self.parent_of.clear();
        for i in 0..rows.len() {
            // Linked services hang under their top-level ancestor (options of options included);
            // a parent chain that loops is broken at the row itself.
            let mut root = i;
            let mut steps = 0;
            while let Some(up) = parent(root) {
                steps += 1;
                if up == i || steps > rows.len() {
                    root = i;
                    break;
                }
                root = up;
            }
            if root == i {
                self.top.push(i);
                self.parent_of.push(NONE);
            } else {
                self.children.entry(root).or_default().push(i);
                self.parent_of.push(root as u32);
            }
        }
    }

    fn folded_name(&self, row: usize) -> &str {
        let start = if row == 0 {
            0
        } else {
            self.folded_ends[row - 1][1] as usize
        };
        &self.folded[start..self.folded_ends[row][0] as usize]
    }

    fn folded_ref(&self, row: usize) -> &str {
        let [name_end, end] = self.folded_ends[row];
        &self.folded[name_end as usize + 1..end as usize - 1]
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Replaces the row of `row.id` (the last loaded when an id repeats, the one linked services
    /// hang under; after a change to it): the index built again from its rows
    /// with that one replaced, in place. When the row keeps its names and parent, and each filter option and
    /// status it leaves or takes is first seen on another, earlier row, only its own keys change
    /// (at 50,000 services, no copy of every row and no index built again after each action);
    /// otherwise the index is built again from its rows.
    pub fn replace_row(&mut self, row: ServiceRow) {
        let Some(at) = row_of_id(&self.rows, &self.by_id, row.id) else {
            return;
        };
        if self.keys_in_place(at, &row) {
            self.rows[at] = row;
            self.orders = OrderCache::default();
        } else {
            let mut rows = std::mem::take(&mut self.rows);
            rows[at] = row;
            *self = ServiceIndex::new(rows);
        }
    }

    /// Sets row `at`'s keys to those of `new` if its place in the index does not change (see
    /// [`ServiceIndex::replace_row`]); `false`, and nothing changed, otherwise.
    fn keys_in_place(&mut self, at: usize, new: &ServiceRow) -> bool {
        let old = &self.rows[at];
        if old.display_name != new.display_name
            || old.reference != new.reference
            || old.parent_id != new.parent_id
        {
            return false;
        }
        // The options and statuses are in the order of their first rows: a row may leave one
        // and take another if both are first seen earlier (then neither first row moves, and
        // the one it leaves still has a row).
        let earlier = |first: Option<usize>| first.is_some_and(|f| f < at);
        let mut options = [0u32; 3];
        for (f, key) in facet_keys_of(new).into_iter().enumerate() {
            let Some(id) = self.facet_keys[f].iter().position(|k| *k == key) else {
                return false;
            };
            let was = self.row_options[at][f] as usize;
            let first = |option: usize| self.option_rows[f].get(option).map(|r| *r as usize);
            if id != was && !(earlier(first(id)) && earlier(first(was))) {
                return false;
            }
            options[f] = id as u32;
        }
        let Some(status) = self.statuses.iter().position(|s| *s == new.status) else {
            return false;
        };
        let was = self.row_status[at] as usize;
        let first = |status: usize| self.row_status.iter().position(|s| *s as usize == status);
        if status != was && !(earlier(first(status)) && earlier(first(was))) {
            return false;
        }
        self.row_options[at] = options;
        self.row_status[at] = status as u32;
        self.status_flags[at] = status_flags_of(new);
        self.next_date[at] = next_date_of(new);
        self.period[at] = or_none(new.period_months);
        true
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Whether a service of this id is loaded.
    pub fn contains_id(&self, id: u64) -> bool {
        row_of_id(&self.rows, &self.by_id, id).is_some()
    }

    pub fn parent_of(&self, row: usize) -> Option<usize> {
        let parent = self.parent_of[row];
        (parent != NONE).then_some(parent as usize)
    }

    /// The status options a row has, as bits in `STATUS_OPTIONS` order, `today` being
    /// [`date_number`] of today.
    fn status_mask(&self, row: usize, today: i64) -> u8 {
        let mut mask = self.status_flags[row];
        let next = self.next_date[row];
        if next != NO_DATE {
            let days = i64::from(next) - today;
            if (0..=7).contains(&days) {
                mask |= 4;
            }
            if (0..=30).contains(&days) {
                mask |= 8;
            }
        }
        mask
    }

    fn select(&self, query: &TableQuery) -> Selection {
        let singles = [Facet::Type, Facet::State, Facet::Renew];
        let single = singles.map(|facet| {
            let wanted = query.filter(facet);
            (!wanted.is_empty()).then(|| {
                self.facet_keys[facet as usize]
                    .iter()
                    .map(|k| wanted.contains(k))
                    .collect()
            })
        });
        let wanted = query.filter(Facet::Status);
        let status = (!wanted.is_empty()).then(|| {
            STATUS_OPTIONS
                .iter()
                .enumerate()
                .filter(|(_, option)| wanted.contains(option))
                .fold(0u8, |mask, (bit, _)| mask | (1 << bit))
        });
        Selection {
            single,
            status,
            hide_ended: query.hides_ended(),
        }
    }

    /// Hidden because it ended and the ended services are not shown.
    fn hidden(&self, row: usize, selection: &Selection) -> bool {
        selection.hide_ended && self.status_flags[row] & ENDED != 0
    }

    fn matches_search(&self, row: usize, needle: &str) -> bool {
        needle.is_empty()
            || self.folded_name(row).contains(needle)
            || self.folded_ref(row).contains(needle)
    }

    /// Per row: does its folded name or reference hold `needle` (not empty)? One scan of the
    /// search buffer; after a hit the scan goes on at the next row.
    fn search_hits(&self, needle: &str) -> Vec<bool> {
        let mut hits = vec![false; self.rows.len()];
        if needle.contains(SEP) {
            // Could match across two fields: row by row.
            for (row, hit) in hits.iter_mut().enumerate() {
                *hit = self.matches_search(row, needle);
            }
            return hits;
        }
        let text = self.folded.as_str();
        let (mut from, mut row) = (0, 0);
        while let Some(found) = text[from..].find(needle) {
            let at = from + found;
            while self.folded_ends[row][1] as usize <= at {
                row += 1;
            }
            hits[row] = true;
            from = self.folded_ends[row][1] as usize;
            row += 1;
            if row == self.rows.len() {
                break;
            }
        }
        hits
    }

    /// Which of the 4 filters this row passes, as bits in `Facet::ALL` order.
    fn passed_filters(&self, row: usize, selection: &Selection, status_mask: u8) -> u8 {
        let mut passed = 0u8;
        for (f, wanted) in selection.single.iter().enumerate() {
            if wanted
                .as_ref()
                .is_none_or(|w| w[self.row_options[row][f] as usize])
            {
                passed |= 1 << f;
            }
        }
        if selection
            .status
            .is_none_or(|wanted| wanted & status_mask != 0)
        {
            passed |= 1 << 3;
        }
        passed
    }

    /// Does this service match the search and every filter?
    pub fn matches(&self, row: usize, query: &TableQuery, needle: &str, today: NaiveDate) -> bool {
        let selection = self.select(query);
        self.matches_search(row, needle)
            && !self.hidden(row, &selection)
            && self.passed_filters(
                row,
                &selection,
                self.status_mask(row, date_number(today).into()),
            ) == 0b1111
    }

    /// The rank of each option of `column` by its translated label (types, states, statuses;
    /// empty for the other columns): labels are computed once per distinct value, not per row.
    fn label_ranks(&self, column: SortColumn, labels: &dyn SortLabels) -> Vec<u32> {
        // Ties between equal labels keep the options' own order.
        let rank_by_label = |labels_of: Vec<String>| -> Vec<u32> {
            let mut order: Vec<usize> = (0..labels_of.len()).collect();
            order.sort_by_cached_key(|i| fold(&labels_of[*i]));
            let mut rank = vec![0u32; labels_of.len()];
            for (position, i) in order.into_iter().enumerate() {
                rank[i] = position as u32;
            }
            rank
        };
        let option_labels = |f: usize, label: &dyn Fn(&ServiceRow) -> String| -> Vec<String> {
            self.option_rows[f]
                .iter()
                .map(|r| label(&self.rows[*r as usize]))
                .collect()
        };
        match column {
            SortColumn::Type => rank_by_label(option_labels(0, &|r| labels.service_type(&r.kind))),
            SortColumn::State => rank_by_label(option_labels(1, &|r| labels.state(&r.state))),
            SortColumn::Status => {
                // Equal labels: in the statuses' own order.
                let mut distinct: Vec<&RenewalStatus> = self.statuses.iter().collect();
                distinct.sort();
                let rank = rank_by_label(distinct.iter().map(|s| labels.status(s)).collect());
                self.statuses
                    .iter()
                    .map(|s| rank[distinct.iter().position(|d| *d == s).unwrap_or(0)])
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// A row's primary sort key, from keys precomputed per row (missing values last in both
    /// directions); ties are broken by the name rank, unique per row, so the order is total.
    fn sort_key(&self, row: usize, column: SortColumn, descending: bool, ranks: &[u32]) -> u64 {
        let directed =
            |value: u32| -> u64 { u64::from(if descending { u32::MAX - value } else { value }) };
        const MISSING: u64 = 1 << 32;
        match column {
            SortColumn::Name => directed(self.name_rank[row]),
            SortColumn::NextDate => match self.next_date[row] {
                NO_DATE => MISSING,
                date => directed(date),
            },
            SortColumn::Frequency => match self.period[row] {
                NONE => MISSING,
                months => directed(months),
            },
            SortColumn::Type => directed(ranks[self.row_options[row][0] as usize]),
            SortColumn::State => directed(ranks[self.row_options[row][1] as usize]),
            SortColumn::Status => directed(ranks[self.row_status[row] as usize]),
        }
    }

    /// The order of the top-level rows for a sort, computed once per index and labels, then
    /// kept: a sort change on a loaded account picks a kept order.
    pub fn order(
        &self,
        column: SortColumn,
        descending: bool,
        labels: &dyn SortLabels,
    ) -> SortOrder {
        let ranks = self.label_ranks(column, labels);
        let mut kept = self.orders.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(order) = kept
            .iter()
            .find(|o| o.column == column && o.descending == descending && *o.ranks == ranks[..])
        {
            return order.clone();
        }
        let mut order = SortOrder {
            column,
            descending,
            ranks: ranks.into(),
            top: Arc::new([]),
        };
        order.top = self.ordered(&self.top, &order).into();
        kept.push(order.clone());
        order
    }

    /// `rows` in `order`: their keys sorted, then each name rank turned back into its row.
    fn ordered(&self, rows: &[usize], order: &SortOrder) -> Vec<u32> {
        let mut keyed: Vec<(u64, u32)> = rows
            .iter()
            .map(|row| {
                (
                    self.sort_key(*row, order.column, order.descending, &order.ranks),
                    self.name_rank[*row],
                )
            })
            .collect();
        keyed.sort_unstable();
        keyed
            .into_iter()
            .map(|(_, name)| self.by_name[name as usize])
            .collect()
    }

    fn ordered_rows(&self, rows: &[usize], order: &SortOrder) -> Vec<usize> {
        self.ordered(rows, order)
            .into_iter()
            .map(|row| row as usize)
            .collect()
    }

    /// The order of every row for a sort, parents first then each parent's children.
    pub fn sort(
        &self,
        column: SortColumn,
        descending: bool,
        labels: &dyn SortLabels,
    ) -> SortedIndex {
        let order = self.order(column, descending, labels);
        SortedIndex {
            top: order.top.iter().map(|r| *r as usize).collect(),
            children: self
                .children
                .iter()
                .map(|(parent, list)| (*parent, self.ordered_rows(list, &order)))
                .collect(),
        }
    }

    /// What the table shows for `query` over a sorted order.
    pub fn view(&self, sorted: &SortedIndex, query: &TableQuery, today: NaiveDate) -> TableView {
        let filtered = self.filter(query, today);
        self.page_over(
            sorted.top.iter().copied(),
            |parent| sorted.children.get(&parent).cloned().unwrap_or_default(),
            &filtered,
            query,
        )
    }

    /// What the search and the filters keep, and the count each filter option would give. It does
    /// not depend on the order nor the page, so changing those does not redo it.
    pub fn filter(&self, query: &TableQuery, today: NaiveDate) -> Filtered {
        let needle = fold(query.search.trim());
        let narrowed = !needle.is_empty() || query.has_filters();
        let selection = self.select(query);
        let today = i64::from(date_number(today));
        // One pass: what matches, and the counts each filter option would give.
        let mut matches = if needle.is_empty() {
            vec![true; self.rows.len()]
        } else {
            self.search_hits(&needle)
        };
        let mut group_matches = vec![false; self.rows.len()];
        let mut matching_services = 0;
        let mut single_counts: [Vec<usize>; 3] =
            [0, 1, 2].map(|f| vec![0; self.facet_keys[f].len()]);
        // The rows counted for the status filter, by status mask: the visible ones, and the
        // hidden ended ones (counted for "Résilié" alone, which would show them). Each option's
        // count is read from them after the pass, instead of testing every option on every row.
        let mut by_mask = [0usize; 256];
        let mut hidden_by_mask = [0usize; 256];
        let mut hidden_ended = 0;
        let mut total_groups = 0;
        for (row, matched) in matches.iter_mut().enumerate() {
            if !*matched {
                continue;
            }
            let status_mask = self.status_mask(row, today);
            let passed = self.passed_filters(row, &selection, status_mask);
            let hidden = self.hidden(row, &selection);
            let options = &self.row_options[row];
            let mask = usize::from(status_mask);
            *matched = passed == 0b1111 && !hidden;
            // A row is counted for a filter when every other filter passes: for all four when
            // it passes them all, for the only one it fails otherwise.
            if passed == 0b1111 {
                if hidden {
                    hidden_ended += 1;
                    hidden_by_mask[mask] += 1;
                } else {
                    matching_services += 1;
                    let group = &mut group_matches[self.parent_of(row).unwrap_or(row)];
                    total_groups += usize::from(!*group);
                    *group = true;
                    for (f, counts) in single_counts.iter_mut().enumerate() {
                        counts[options[f] as usize] += 1;
                    }
                    by_mask[mask] += 1;
                }
            } else {
                let failed = !passed & 0b1111;
                if failed.is_power_of_two() {
                    let f = failed.trailing_zeros() as usize;
                    match (f, hidden) {
                        (3, true) => hidden_by_mask[mask] += 1,
                        (3, false) => by_mask[mask] += 1,
                        (_, true) => {}
                        (_, false) => single_counts[f][options[f] as usize] += 1,
                    }
                }
            }
        }
        let mut status_counts = [0usize; STATUS_OPTIONS.len()];
        for (mask, (shown, hidden)) in by_mask.iter().zip(hidden_by_mask).enumerate() {
            for (bit, count) in status_counts.iter_mut().enumerate() {
                if mask & (1 << bit) != 0 {
                    *count += shown;
                    if STATUS_OPTIONS[bit] == STATUS_TERMINATED {
                        *count += hidden;
                    }
                }
            }
        }
        let mut facet_counts: FacetCounts = Default::default();
        for f in 0..3 {
            facet_counts[f] = self.facet_keys[f]
                .iter()
                .zip(single_counts[f].iter().copied())
                .filter(|(_, n)| *n > 0)
                .map(|(key, n)| (key.clone(), n))
                .collect();
        }
        facet_counts[3] = STATUS_OPTIONS
            .iter()
            .map(|o| o.to_string())
            .zip(status_counts)
            .filter(|(_, n)| *n > 0)
            .collect();
        Filtered {
            total_groups,
            matching_services,
            matches,
            group_matches,
            narrowed,
            facet_counts,
            hidden_ended,
        }
    }

    /// One page of groups, in `order`, of what `filtered` kept: the order is walked until the
    /// page is full; only the shown groups' children are put in order.
    pub fn page(&self, order: &SortOrder, filtered: &Filtered, query: &TableQuery) -> TableView {
        self.page_over(
            order.top.iter().map(|r| *r as usize),
            |parent| {
                self.children
                    .get(&parent)
                    .map(|list| self.ordered_rows(list, order))
                    .unwrap_or_default()
            },
            filtered,
            query,
        )
    }

    /// One page of groups: `top` in display order, `children_of` a parent's children in order.
    fn page_over(
        &self,
        top: impl Iterator<Item = usize>,
        children_of: impl Fn(usize) -> Vec<usize>,
        filtered: &Filtered,
        query: &TableQuery,
    ) -> TableView {
        let matches = &filtered.matches;
        let total_groups = filtered.total_groups;
        let page_count = total_groups.div_ceil(query.page_size).max(1);
        let page = query.page.clamp(1, page_count);
        let start = (page - 1) * query.page_size;
        let groups = top
            .filter(|parent| filtered.group_matches[*parent])
            .skip(start)
            .take(query.page_size)
            .map(|parent| {
                let all_children = children_of(parent);
                // Without a search or a filter every child matches but the hidden ended ones:
                // the matching children are the ones to show either way.
                Group {
                    parent,
                    parent_matches: matches[parent],
                    children: all_children
                        .iter()
                        .copied()
                        .filter(|c| matches[*c])
                        .collect(),
                    total_children: all_children.len(),
                }
            })
            .collect();
        TableView {
            groups,
            matching_services: filtered.matching_services,
            total_groups,
            page,
            page_count,
            first_index: start,
        }
    }
}

/// The orders computed for one index. Derived data: two indexes with the same rows are equal
/// whatever they have computed.
#[derive(Debug, Default)]
struct OrderCache(Mutex<Vec<SortOrder>>);

impl Clone for OrderCache {
    fn clone(&self) -> Self {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        OrderCache(Mutex::new(kept.clone()))
    }
}

impl PartialEq for OrderCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The top-level rows in the order of one sort (column, direction, labels): 4 bytes a row,
/// shared, cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortOrder {
    pub column: SortColumn,
    pub descending: bool,
    /// The rank of each option of the column by label (types, states, statuses).
    ranks: Arc<[u32]>,
    top: Arc<[u32]>,
}

/// What a search and filters keep (see `ServiceIndex::filter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filtered {
    /// Per row: does it match?
    pub matches: Vec<bool>,
    /// A search or a filter is active (groups then show only their matching children).
    pub narrowed: bool,
    pub matching_services: usize,
    /// Per top-level row: does it or one of its linked services match (a group to show)?
    pub group_matches: Vec<bool>,
    /// Groups to show (what pages count).
    pub total_groups: usize,
    pub facet_counts: FacetCounts,
    /// Ended services that match the search and the filters but are hidden (0 when shown).
    pub hidden_ended: usize,
}

/// Rows in display order for one sort.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SortedIndex {
    pub top: Vec<usize>,
    pub children: HashMap<usize, Vec<usize>>,
}

/// A top-level service and the linked services under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub parent: usize,
    /// False when the parent is shown only as context for matching children.
    pub parent_matches: bool,
    /// The children to show (all of them, or only the matching ones when searching/filtering).
    pub children: Vec<usize>,
    pub total_children: usize,
}

/// Per facet (in `Facet::ALL` order): option → count.
pub type FacetCounts = [HashMap<String, usize>; 4];

/// One page of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableView {
    pub groups: Vec<Group>,
    /// Services that match (parents and children).
    pub matching_services: usize,
    /// Top-level lines that match (what pages count).
    pub total_groups: usize,
    /// The page shown (the asked page, clamped).
    pub page: usize,
    pub page_count: usize,
    /// Index of the first line of this page among `total_groups`.
    pub first_index: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: u64) -> ServiceRow {
        ServiceRow {
            id,
            parent_id: (id % 3 == 0).then_some(id - 1),
            display_name: format!("Service numéro {id}").into(),
            reference: format!("ns{id}.ip-51-91.eu").into(),
            kind: ServiceType::Vps,
            state: ResourceState::Active,
            lifecycle: None,
            status: RenewalStatus::Automatic,
            renew_mode: Some(RenewMode::Automatic),
            period_months: Some(12),
            expiration: None,
            termination: None,
            expiration_at: None,
            lifecycle_capacities: Default::default(),
            renew_capacities: Default::default(),
            route_url_apart: None,
            route_path: None,
            legacy: Default::default(),
            price: None,
            price_period_months: None,
            next_billing: None,
            renew_next_date: None,
            admin_contact: None,
            billing_contact: None,
        }
    }

    /// The index built again from its rows, one replaced: what `replace_row` must equal.
    fn rebuilt_with(index: &ServiceIndex, row: ServiceRow) -> ServiceIndex {
        let mut rows = index.rows.clone();
        if let Some(slot) = rows.iter_mut().find(|r| r.id == row.id) {
            *slot = row;
        }
        ServiceIndex::new(rows)
    }

    /// Rows of several types, states, renewal modes and statuses, some linked.
    fn varied(n: u64) -> Vec<ServiceRow> {
        (1..=n)
            .map(|id| {
                let mut r = row(id);
                r.kind = [
                    ServiceType::Vps,
                    ServiceType::Domain,
                    ServiceType::WebHosting,
                ][id as usize % 3]
                    .clone();
                r.state =
                    [ResourceState::Active, ResourceState::Suspended][id as usize % 2].clone();
                r.renew_mode = [Some(RenewMode::Automatic), Some(RenewMode::Manual), None]
                    [id as usize % 3]
                    .clone();
                r.status = [
                    RenewalStatus::Automatic,
                    RenewalStatus::Manual,
                    RenewalStatus::BillToPay,
                ][id as usize % 3]
                    .clone();
                if id % 7 == 0 {
                    r.status = RenewalStatus::TerminationRequested;
                }
                r.expiration = NaiveDate::from_ymd_opt(2027, 1 + (id % 12) as u32, 1);
                r
            })
            .collect()
    }

    /// A row read again after an action: its keys change in place (no copy of the rows, no
    /// index built again) and the index is the one built again from the rows; a change of name,
    /// of parent, or of the first row of an option or status builds it again, with the same
    /// result.
    #[test]
    fn a_replaced_row_gives_the_index_built_again() {
        let index = ServiceIndex::new(varied(40));
        type Edit = (&'static str, fn(&mut ServiceRow));
        let edits: Vec<Edit> = vec![
            ("termination requested", |r| {
                r.status = RenewalStatus::TerminationRequested
            }),
            ("manual", |r| {
                r.renew_mode = Some(RenewMode::Manual);
                r.status = RenewalStatus::Manual;
            }),
            ("automatic", |r| {
                r.renew_mode = Some(RenewMode::Automatic);
                r.status = RenewalStatus::Automatic;
            }),
            ("terminated", |r| r.status = RenewalStatus::Terminated),
            ("other status", |r| {
                r.status = RenewalStatus::Other("x".into())
            }),
            ("suspended", |r| r.state = ResourceState::Suspended),
            ("deleted", |r| r.state = ResourceState::Deleted),
            ("dedicated", |r| r.kind = ServiceType::DedicatedServer),
            ("domain", |r| r.kind = ServiceType::Domain),
            ("monthly", |r| r.period_months = Some(1)),
            ("later", |r| {
                r.expiration = NaiveDate::from_ymd_opt(2030, 5, 5)
            }),
            ("no date", |r| r.expiration = None),
            ("renamed", |r| r.display_name = "Zéro".into()),
            ("moved", |r| r.parent_id = Some(1)),
            ("unlinked", |r| r.parent_id = None),
        ];
        let mut in_place = 0;
        for id in [1, 2, 3, 4, 7, 20, 33, 40] {
            for (what, edit) in &edits {
                let mut changed = index.rows[id as usize - 1].clone();
                edit(&mut changed);
                let mut replaced = index.clone();
                let before = replaced.rows.as_ptr();
                replaced.replace_row(changed.clone());
                assert_eq!(replaced, rebuilt_with(&index, changed), "row {id}, {what}");
                if replaced.rows.as_ptr() == before {
                    in_place += 1;
                }
            }
        }
        // A late row that goes manual, or asks for its termination, changes in place.
        for (id, edit) in [(40, 1), (33, 0), (20, 2)] {
            let mut changed = index.rows[id - 1].clone();
            (edits[edit].1)(&mut changed);
            let mut replaced = index.clone();
            let before = replaced.rows.as_ptr();
            replaced.replace_row(changed);
            assert_eq!(
                replaced.rows.as_ptr(),
                before,
                "row {id}, {}: in place",
                edits[edit].0
            );
        }
        assert!(in_place > 40, "{in_place} of 120 edits in place");
        // A sort after a change orders by the new keys.
        let mut replaced = index.clone();
        let mut last = index.rows[39].clone();
        last.expiration = NaiveDate::from_ymd_opt(2020, 1, 1);
        struct Keys;
        impl SortLabels for Keys {
            fn service_type(&self, kind: &ServiceType) -> String {
                type_key(kind)
            }
            fn state(&self, state: &ResourceState) -> String {
                state.as_wire().to_string()
            }
            fn status(&self, status: &RenewalStatus) -> String {
                format!("{status:?}")
            }
        }
        let before = replaced.order(SortColumn::NextDate, false, &Keys);
        replaced.replace_row(last.clone());
        let after = replaced.order(SortColumn::NextDate, false, &Keys);
        assert_ne!(before, after, "the cached order is not kept");
        assert_eq!(
            after,
            rebuilt_with(&index, last).order(SortColumn::NextDate, false, &Keys)
        );
    }

    /// The frequency column keeps a `u32` with a sentinel for "none": the longest frequency the
    /// API can state still sorts as a frequency, before the services without one.
    #[test]
    fn the_longest_frequency_is_a_frequency_not_a_missing_one() {
        let mut long = row(1);
        long.period_months = Some(u32::MAX);
        let mut none = row(2);
        none.period_months = None;
        let index = ServiceIndex::new(vec![long, none]);
        for descending in [false, true] {
            let key = |row| index.sort_key(row, SortColumn::Frequency, descending, &[]);
            assert!(key(0) < key(1), "descending: {descending}");
        }
    }

    /// A row is found by its id among rows loaded in any order of id; when an id repeats (a
    /// service moved between pages while loading), the last row loaded of it is the one.
    #[test]
    fn a_linked_service_hangs_under_the_last_row_of_its_parents_id() {
        // Ids out of order, 10 twice, 7 with no row.
        let mut child = row(3);
        child.parent_id = Some(10);
        let mut orphan = row(4);
        orphan.parent_id = Some(7);
        let mut index = ServiceIndex::new(vec![row(20), row(10), child, row(1)]);
        index.extend(vec![orphan, row(10), row(5)]);
        assert_eq!(index.parent_of(2), Some(5), "under the second row of 10");
        assert_eq!(index.parent_of(4), None, "no row of 7: top-level");
        for (at, id) in [(0, 20), (3, 1), (6, 5)] {
            assert_eq!(row_of_id(&index.rows, &index.by_id, id), Some(at));
        }
        assert_eq!(row_of_id(&index.rows, &index.by_id, 10), Some(5));
        assert!(!index.contains_id(7) && !index.contains_id(0) && !index.contains_id(21));
    }

    /// A load reserves room for the announced total before each page: no per-row array is then
    /// grown by doubling (which leaves up to twice the room it needs, for the tab's life).
    #[test]
    fn a_load_of_a_known_size_never_grows_its_arrays_past_it() {
        let total = 1000;
        let mut index = ServiceIndex::default();
        for page in (1..=total as u64).collect::<Vec<_>>().chunks(300) {
            index.reserve(total);
            index.extend(page.iter().map(|id| row(*id)).collect());
        }
        assert_eq!(index.len(), total);
        for (name, capacity) in [
            ("rows", index.rows.capacity()),
            ("by_id", index.by_id.capacity()),
            ("folded_ends", index.folded_ends.capacity()),
            ("parent_of", index.parent_of.capacity()),
            ("top", index.top.capacity()),
            ("row_options", index.row_options.capacity()),
            ("row_status", index.row_status.capacity()),
            ("status_flags", index.status_flags.capacity()),
            ("next_date", index.next_date.capacity()),
            ("period", index.period.capacity()),
            ("name_rank", index.name_rank.capacity()),
            ("by_name", index.by_name.capacity()),
        ] {
            assert_eq!(capacity, total, "{name}");
        }
        // The folded texts' room is an estimate (a quarter more than the first page's average).
        assert!(index.folded.capacity() <= index.folded.len() * 5 / 4 + 64);
        assert_eq!(
            index,
            ServiceIndex::new((1..=total as u64).map(row).collect())
        );
    }
}
