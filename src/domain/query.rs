//! The services table's query: search, filters, sort and page, as held in the URL, and how it
//! turns the loaded services into what one page shows. Pure and local: no network round trip.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::values::{RenewMode, ResourceState};

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
    pub filters: [BTreeSet<String>; 4],
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
    pub fn filter(&self, facet: Facet) -> &BTreeSet<String> {
        &self.filters[facet as usize]
    }

    pub fn filter_mut(&mut self, facet: Facet) -> &mut BTreeSet<String> {
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
                params.push((
                    facet.key(),
                    values.iter().cloned().collect::<Vec<_>>().join(","),
                ));
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
    /// The options of the type, state and renew filters, and each row's option id in each.
    facet_keys: [Vec<String>; 3],
    row_options: Vec<[u32; 3]>,
    /// Bit 0: bill to pay, bit 1: termination requested, bit 4: terminated (the date-based
    /// statuses depend on today); bit 5: ended ([`ServiceRow::ended`], not a status option).
    status_flags: Vec<u8>,
    /// Position of each row in name order (folded name, exact name, id): a unique, total order
    /// used by the name sort and to break every other sort's ties.
    name_rank: Vec<u32>,
}

/// A query's filters resolved to option ids: `None` where the filter is not used.
struct Selection {
    single: [Option<Vec<bool>>; 3],
    status: Option<u8>,
    hide_ended: bool,
}

/// The `status_flags` bit of an ended service.
const ENDED: u8 = 32;

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
        let mut facet_keys: [Vec<String>; 3] = Default::default();
        let mut ids: [HashMap<String, u32>; 3] = Default::default();
        let row_options = rows
            .iter()
            .map(|r| {
                let keys = [
                    type_key(&r.kind),
                    r.state.as_wire().to_string(),
                    renew_key(r.renew_mode.as_ref()).to_string(),
                ];
                let mut options = [0u32; 3];
                for (f, key) in keys.into_iter().enumerate() {
                    options[f] = *ids[f].entry(key.clone()).or_insert_with(|| {
                        facet_keys[f].push(key);
                        (facet_keys[f].len() - 1) as u32
                    });
                }
                options
            })
            .collect();
        let status_flags = rows
            .iter()
            .map(|r| {
                let status = match r.status {
                    RenewalStatus::BillToPay => 1,
                    RenewalStatus::TerminationRequested => 2,
                    RenewalStatus::Terminated => 16,
                    _ => 0,
                };
                status | if r.ended() { ENDED } else { 0 }
            })
            .collect();
        let folded_names: Vec<String> = rows.iter().map(|r| fold(&r.display_name)).collect();
        let mut by_name: Vec<usize> = (0..rows.len()).collect();
        by_name.sort_by(|a, b| {
            folded_names[*a]
                .cmp(&folded_names[*b])
                .then_with(|| rows[*a].display_name.cmp(&rows[*b].display_name))
                .then_with(|| rows[*a].id.cmp(&rows[*b].id))
        });
        let mut name_rank = vec![0u32; rows.len()];
        for (position, row) in by_name.into_iter().enumerate() {
            name_rank[row] = position as u32;
        }
        ServiceIndex {
            folded_names,
            folded_refs: rows.iter().map(|r| fold(&r.reference)).collect(),
            name_rank,
            rows,
            top,
            children,
            parent_of,
            facet_keys,
            row_options,
            status_flags,
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The same services with one of them replaced (after a change to it).
    pub fn with_row(&self, row: ServiceRow) -> ServiceIndex {
        let mut rows = self.rows.clone();
        if let Some(slot) = rows.iter_mut().find(|r| r.id == row.id) {
            *slot = row;
        }
        ServiceIndex::new(rows)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn parent_of(&self, row: usize) -> Option<usize> {
        self.parent_of[row]
    }

    /// The status options a row has today, as bits in `STATUS_OPTIONS` order.
    fn status_mask(&self, row: usize, today: NaiveDate) -> u8 {
        let mut mask = self.status_flags[row];
        if let Some(days) = self.rows[row]
            .next_effective_date()
            .map(|d| (d - today).num_days())
        {
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
                .filter(|(_, option)| wanted.contains(**option))
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
            || self.folded_names[row].contains(needle)
            || self.folded_refs[row].contains(needle)
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
            && self.passed_filters(row, &selection, self.status_mask(row, today)) == 0b1111
    }

    /// The order of every row for a sort, parents first then each parent's children.
    pub fn sort(
        &self,
        column: SortColumn,
        descending: bool,
        labels: &dyn SortLabels,
    ) -> SortedIndex {
        // Types, states and statuses compare by the rank of their translated label: the labels
        // are computed once per distinct value, not per row.
        let rank_by_label = |labels_of: Vec<String>| -> Vec<u32> {
            let mut order: Vec<usize> = (0..labels_of.len()).collect();
            order.sort_by_cached_key(|i| fold(&labels_of[*i]));
            let mut rank = vec![0u32; labels_of.len()];
            for (position, i) in order.into_iter().enumerate() {
                rank[i] = position as u32;
            }
            rank
        };
        let option_ranks = |f: usize, label: &dyn Fn(&ServiceRow) -> String| -> Vec<u32> {
            let mut representative = vec![0usize; self.facet_keys[f].len()];
            for (row, options) in self.row_options.iter().enumerate().rev() {
                representative[options[f] as usize] = row;
            }
            let rank = rank_by_label(
                representative
                    .iter()
                    .map(|r| label(&self.rows[*r]))
                    .collect(),
            );
            self.row_options
                .iter()
                .map(|o| rank[o[f] as usize])
                .collect()
        };
        let ranks: Vec<u32> = match column {
            SortColumn::Type => option_ranks(0, &|r| labels.service_type(&r.kind)),
            SortColumn::State => option_ranks(1, &|r| labels.state(&r.state)),
            SortColumn::Status => {
                let mut distinct: Vec<&RenewalStatus> =
                    self.rows.iter().map(|r| &r.status).collect();
                distinct.sort();
                distinct.dedup();
                let rank = rank_by_label(distinct.iter().map(|s| labels.status(s)).collect());
                let position: HashMap<&RenewalStatus, u32> = distinct
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (*s, rank[i]))
                    .collect();
                self.rows.iter().map(|r| position[&r.status]).collect()
            }
            _ => Vec::new(),
        };
        let compare = |a: &usize, b: &usize| -> Ordering {
            let (ra, rb) = (&self.rows[*a], &self.rows[*b]);
            let primary = match column {
                SortColumn::NextDate => nulls_last(
                    ra.next_effective_date(),
                    rb.next_effective_date(),
                    descending,
                ),
                SortColumn::Frequency => nulls_last(ra.period_months, rb.period_months, descending),
                SortColumn::Name => {
                    directed(self.name_rank[*a].cmp(&self.name_rank[*b]), descending)
                }
                _ => directed(ranks[*a].cmp(&ranks[*b]), descending),
            };
            // Ties: in name order (unique per row), so the order is stable and total.
            primary.then_with(|| self.name_rank[*a].cmp(&self.name_rank[*b]))
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
        self.page(sorted, &self.filter(query, today), query)
    }

    /// What the search and the filters keep, and the count each filter option would give. It does
    /// not depend on the order nor the page, so changing those does not redo it.
    pub fn filter(&self, query: &TableQuery, today: NaiveDate) -> Filtered {
        let needle = fold(query.search.trim());
        let narrowed = !needle.is_empty() || query.has_filters();
        let selection = self.select(query);
        // One pass: what matches, and the counts each filter option would give.
        let mut matches = vec![false; self.rows.len()];
        let mut single_counts: [Vec<usize>; 3] =
            [0, 1, 2].map(|f| vec![0; self.facet_keys[f].len()]);
        let mut status_counts = [0usize; STATUS_OPTIONS.len()];
        let mut hidden_ended = 0;
        for (row, matched) in matches.iter_mut().enumerate() {
            if !self.matches_search(row, &needle) {
                continue;
            }
            let status_mask = self.status_mask(row, today);
            let passed = self.passed_filters(row, &selection, status_mask);
            let hidden = self.hidden(row, &selection);
            *matched = passed == 0b1111 && !hidden;
            hidden_ended += usize::from(passed == 0b1111 && hidden);
            for f in 0..4 {
                // Counted for a filter when every other filter passes; a hidden ended service
                // only for the status "Résilié", which would show it.
                if passed | (1 << f) != 0b1111 {
                    continue;
                }
                if f < 3 {
                    if !hidden {
                        single_counts[f][self.row_options[row][f] as usize] += 1;
                    }
                } else {
                    for (bit, count) in status_counts.iter_mut().enumerate() {
                        let counted = !hidden || STATUS_OPTIONS[bit] == STATUS_TERMINATED;
                        *count += usize::from(counted && status_mask & (1 << bit) != 0);
                    }
                }
            }
        }
        let mut facet_counts: FacetCounts = Default::default();
        for f in 0..3 {
            facet_counts[f] = self.facet_keys[f]
                .iter()
                .cloned()
                .zip(single_counts[f].iter().copied())
                .filter(|(_, n)| *n > 0)
                .collect();
        }
        facet_counts[3] = STATUS_OPTIONS
            .iter()
            .map(|o| o.to_string())
            .zip(status_counts)
            .filter(|(_, n)| *n > 0)
            .collect();
        Filtered {
            matching_services: matches.iter().filter(|m| **m).count(),
            matches,
            narrowed,
            facet_counts,
            hidden_ended,
        }
    }

    /// One page of groups, in the sorted order, of what `filtered` kept.
    pub fn page(&self, sorted: &SortedIndex, filtered: &Filtered, query: &TableQuery) -> TableView {
        let matches = &filtered.matches;
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
            // Without a search or a filter every child matches but the hidden ended ones: the
            // matching children are the ones to show either way.
            groups.push(Group {
                parent,
                parent_matches: matches[parent],
                children: matching_children,
                total_children: all_children.len(),
            });
        }
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
            matching_services: filtered.matching_services,
            total_groups,
            page,
            page_count,
            first_index: start,
        }
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

/// What a search and filters keep (see `ServiceIndex::filter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filtered {
    /// Per row: does it match?
    pub matches: Vec<bool>,
    /// A search or a filter is active (groups then show only their matching children).
    pub narrowed: bool,
    pub matching_services: usize,
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
