//! The services table's query: search, filters, sort and page, as held in the URL, and how it
//! turns the loaded services into what one page shows. Pure and local: no network round trip.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::api::models::{RenewMode, ResourceState};

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
pub const STATUS_OPTIONS: [&str; 4] = [
    STATUS_BILL_TO_PAY,
    STATUS_TERMINATION_REQUESTED,
    STATUS_EXPIRING_7,
    STATUS_EXPIRING_30,
];

/// Everything the table shows, as held in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableQuery {
    pub search: String,
    pub filters: [BTreeSet<String>; 4],
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
            sort: SortColumn::default(),
            descending: false,
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

impl TableQuery {
    pub fn filter(&self, facet: Facet) -> &BTreeSet<String> {
        &self.filters[facet as usize]
    }

    pub fn filter_mut(&mut self, facet: Facet) -> &mut BTreeSet<String> {
        &mut self.filters[facet as usize]
    }

    pub fn has_filters(&self) -> bool {
        self.filters.iter().any(|f| !f.is_empty())
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
                params.push((
                    facet.key(),
                    values.iter().cloned().collect::<Vec<_>>().join(","),
                ));
            }
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

/// The loaded services, indexed once for fast local queries.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceIndex {
    pub rows: Vec<ServiceRow>,
    /// Folded `display_name` and `reference`, for search and name order.
    folded_names: Vec<String>,
    folded_refs: Vec<String>,
    /// Rows without a (loaded) parent; every other row is listed under its top-level ancestor.
    top: Vec<usize>,
    children: HashMap<usize, Vec<usize>>,
    parent_of: Vec<Option<usize>>,
}

impl ServiceIndex {
    pub fn new(rows: Vec<ServiceRow>) -> ServiceIndex {
        let position: HashMap<u64, usize> =
            rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let parent = |i: usize| {
            rows[i]
                .parent_id
                .and_then(|p| position.get(&p).copied())
                .filter(|p| *p != i)
        };
        let mut top = Vec::new();
        let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut parent_of = vec![None; rows.len()];
        for (i, slot) in parent_of.iter_mut().enumerate() {
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
                top.push(i);
            } else {
                children.entry(root).or_default().push(i);
                *slot = Some(root);
            }
        }
        ServiceIndex {
            folded_names: rows.iter().map(|r| fold(&r.display_name)).collect(),
            folded_refs: rows.iter().map(|r| fold(&r.reference)).collect(),
            rows,
            top,
            children,
            parent_of,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn parent_of(&self, row: usize) -> Option<usize> {
        self.parent_of[row]
    }

    /// Every facet option a row has (a row has one type, state and renew mode, and 0–4 statuses).
    fn facet_values(&self, row: usize, facet: Facet, today: NaiveDate) -> Vec<String> {
        let r = &self.rows[row];
        match facet {
            Facet::Type => vec![type_key(&r.kind)],
            Facet::State => vec![r.state.as_wire().to_string()],
            Facet::Renew => vec![renew_key(r.renew_mode.as_ref()).to_string()],
            Facet::Status => {
                let mut values = Vec::new();
                if r.status == RenewalStatus::BillToPay {
                    values.push(STATUS_BILL_TO_PAY.to_string());
                }
                if r.status == RenewalStatus::TerminationRequested {
                    values.push(STATUS_TERMINATION_REQUESTED.to_string());
                }
                if let Some(days) = r.next_effective_date().map(|d| (d - today).num_days()) {
                    if (0..=7).contains(&days) {
                        values.push(STATUS_EXPIRING_7.to_string());
                    }
                    if (0..=30).contains(&days) {
                        values.push(STATUS_EXPIRING_30.to_string());
                    }
                }
                values
            }
        }
    }

    fn matches_search(&self, row: usize, needle: &str) -> bool {
        needle.is_empty()
            || self.folded_names[row].contains(needle)
            || self.folded_refs[row].contains(needle)
    }

    fn passes_facet(&self, row: usize, facet: Facet, query: &TableQuery, today: NaiveDate) -> bool {
        let wanted = query.filter(facet);
        wanted.is_empty()
            || self
                .facet_values(row, facet, today)
                .iter()
                .any(|v| wanted.contains(v))
    }

    /// Does this service match the search and every filter?
    pub fn matches(&self, row: usize, query: &TableQuery, needle: &str, today: NaiveDate) -> bool {
        self.matches_search(row, needle)
            && Facet::ALL
                .iter()
                .all(|f| self.passes_facet(row, *f, query, today))
    }

    /// The order of every row for a sort, parents first then each parent's children.
    pub fn sort(
        &self,
        column: SortColumn,
        descending: bool,
        labels: &dyn SortLabels,
    ) -> SortedIndex {
        let key = |cache: &mut HashMap<String, String>,
                   raw: String,
                   label: &dyn Fn() -> String|
         -> String { cache.entry(raw).or_insert_with(|| fold(&label())).clone() };
        // Precompute one key per row, so the sort compares cheaply.
        let mut type_cache = HashMap::new();
        let mut state_cache = HashMap::new();
        let mut status_cache = HashMap::new();
        let text_keys: Vec<String> = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| match column {
                SortColumn::Name => self.folded_names[i].clone(),
                SortColumn::Type => key(&mut type_cache, type_key(&r.kind), &|| {
                    labels.service_type(&r.kind)
                }),
                SortColumn::State => key(&mut state_cache, r.state.as_wire().to_string(), &|| {
                    labels.state(&r.state)
                }),
                SortColumn::Status => key(&mut status_cache, format!("{:?}", r.status), &|| {
                    labels.status(&r.status)
                }),
                SortColumn::NextDate | SortColumn::Frequency => String::new(),
            })
            .collect();
        let compare = |a: &usize, b: &usize| -> Ordering {
            let (ra, rb) = (&self.rows[*a], &self.rows[*b]);
            let primary = match column {
                SortColumn::NextDate => nulls_last(
                    ra.next_effective_date(),
                    rb.next_effective_date(),
                    descending,
                ),
                SortColumn::Frequency => nulls_last(ra.period_months, rb.period_months, descending),
                _ => directed(text_keys[*a].cmp(&text_keys[*b]), descending),
            };
            // Ties: by name, then by the exact text, then by id: a stable, total order.
            primary
                .then_with(|| self.folded_names[*a].cmp(&self.folded_names[*b]))
                .then_with(|| ra.display_name.cmp(&rb.display_name))
                .then_with(|| ra.id.cmp(&rb.id))
        };
        let mut top = self.top.clone();
        top.sort_by(compare);
        let mut children = self.children.clone();
        for list in children.values_mut() {
            list.sort_by(compare);
        }
        SortedIndex { top, children }
    }

    /// What the table shows for `query` over a sorted order.
    pub fn view(&self, sorted: &SortedIndex, query: &TableQuery, today: NaiveDate) -> TableView {
        let needle = fold(query.search.trim());
        let narrowed = !needle.is_empty() || query.has_filters();
        let matches: Vec<bool> = (0..self.rows.len())
            .map(|i| self.matches(i, query, &needle, today))
            .collect();
        let mut groups = Vec::new();
        for &parent in &sorted.top {
            let all_children = sorted
                .children
                .get(&parent)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let matching_children: Vec<usize> = all_children
                .iter()
                .copied()
                .filter(|c| matches[*c])
                .collect();
            if !matches[parent] && matching_children.is_empty() {
                continue;
            }
            groups.push(Group {
                parent,
                parent_matches: matches[parent],
                children: if narrowed {
                    matching_children
                } else {
                    all_children.to_vec()
                },
                total_children: all_children.len(),
            });
        }
        let matching_services = matches.iter().filter(|m| **m).count();
        let total_groups = groups.len();
        let page_count = total_groups.div_ceil(query.page_size).max(1);
        let page = query.page.clamp(1, page_count);
        let start = (page - 1) * query.page_size;
        let groups = groups
            .into_iter()
            .skip(start)
            .take(query.page_size)
            .collect();
        TableView {
            groups,
            matching_services,
            total_groups,
            page,
            page_count,
            first_index: start,
            facet_counts: self.facet_counts(query, &needle, today),
        }
    }

    /// For every filter option, how many services it would match with the other filters (and the
    /// search) as they are.
    fn facet_counts(&self, query: &TableQuery, needle: &str, today: NaiveDate) -> FacetCounts {
        let mut counts: FacetCounts = Default::default();
        for row in 0..self.rows.len() {
            if !self.matches_search(row, needle) {
                continue;
            }
            let passes: Vec<bool> = Facet::ALL
                .iter()
                .map(|f| self.passes_facet(row, *f, query, today))
                .collect();
            for (i, facet) in Facet::ALL.iter().enumerate() {
                let others_pass = passes.iter().enumerate().all(|(j, p)| j == i || *p);
                if others_pass {
                    for value in self.facet_values(row, *facet, today) {
                        *counts[i].entry(value).or_default() += 1;
                    }
                }
            }
        }
        counts
    }
}

fn directed(ordering: Ordering, descending: bool) -> Ordering {
    if descending {
        ordering.reverse()
    } else {
        ordering
    }
}

/// Missing values sort last in both directions.
fn nulls_last<T: Ord>(a: Option<T>, b: Option<T>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b), descending),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
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
    pub facet_counts: FacetCounts,
}
