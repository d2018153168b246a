//! The table's state, apart from its views: the query read from the URL and written back, and
//! what it shows, each derived once (the filter pass, the page of the kept order, the lines of
//! that page). The page's components take it by copy.

use std::collections::HashSet;

use crate::router::use_page_query;
use leptos::prelude::*;

use super::Line;
use crate::app::use_query_navigator;
use crate::components::table::PagerState;
use crate::domain::query::{Filtered, ServiceIndex, SortColumn, TableQuery, TableView};
use crate::domain::text::fold;
use crate::i18n::messages;
use crate::state::{Clock, Shared};

#[derive(Clone, Copy)]
pub(super) struct Table {
    /// The query, from the URL.
    pub query: Memo<TableQuery>,
    navigate: Callback<(TableQuery, bool)>,
    pub index: RwSignal<Shared<ServiceIndex>>,
    pub today: Memo<chrono::NaiveDate>,
    /// The search and filter pass (it does not depend on the order nor the page).
    pub filtered: Memo<Shared<Filtered>>,
    /// The page shown, in the current order.
    pub view: Memo<Shared<TableView>>,
    /// The search, folded as the rows' keys are.
    pub needle: Memo<String>,
    /// A search or a filter is in effect.
    pub narrowed: Memo<bool>,
    /// Groups whose arrow was used (open when closed by default, closed when open by default).
    pub expanded: RwSignal<HashSet<u64>>,
    /// The lines of the page: each group's parent, then its linked services when open.
    pub lines: Memo<Vec<Line>>,
    /// The services of the page that can be selected (not the context lines).
    pub page_ids: Memo<Vec<u64>>,
}

impl Table {
    pub fn new(index: RwSignal<Shared<ServiceIndex>>, clock: Clock) -> Table {
        let locale = crate::app::use_app().locale;
        let params = use_page_query();
        let query = Memo::new(move |_| params.with(|p| TableQuery::from_params(|k| p.get(k))));
        let navigator = use_query_navigator("/services");
        let navigate = Callback::new(move |(next, typing): (TableQuery, bool)| {
            navigator.with_value(|go| go(next.to_params(), typing));
        });
        let today = Memo::new(move |_| clock.today());
        let filter_key =
            Memo::new(move |_| query.with(|q| (q.search.clone(), q.filters.clone(), q.show_ended)));
        let filtered = Memo::new(move |_| {
            let (search, filters, show_ended) = filter_key.get();
            let q = TableQuery {
                search,
                filters,
                show_ended,
                ..Default::default()
            };
            Shared::new(index.get().0.filter(&q, today.get()))
        });
        // The order depends on the sort alone. The index keeps every order it computed (a
        // permutation of the rows): the current one is computed at once, the others in idle time
        // once the services are loaded (`prepare_orders`), so a sort change picks a kept order
        // and walks it until the page is full.
        let view = Memo::new(move |_| {
            let q = query.get();
            let labels = messages(locale.get());
            let filtered: Shared<Filtered> = filtered.get();
            Shared::new(index.with(|i| {
                let order = i.0.order(q.sort, q.descending, labels);
                i.0.page(&order, &filtered.0, &q)
            }))
        });
        let needle = Memo::new(move |_| fold(query.with(|q| q.search.trim().to_string()).as_str()));
        let narrowed =
            Memo::new(move |_| query.with(|q| !q.search.trim().is_empty() || q.has_filters()));
        let expanded = RwSignal::new(HashSet::new());
        let lines = Memo::new(move |_| {
            page_lines(
                &view.get().0,
                &index.get().0,
                narrowed.get(),
                &expanded.get(),
            )
        });
        let page_ids = Memo::new(move |_| {
            lines.with(|lines| {
                lines
                    .iter()
                    .filter(|l| !l.context)
                    .map(|l| l.row.id)
                    .collect::<Vec<u64>>()
            })
        });
        Table {
            query,
            navigate,
            index,
            today,
            filtered,
            view,
            needle,
            narrowed,
            expanded,
            lines,
            page_ids,
        }
    }

    /// Changes what is shown, from page 1 (`typing`: the URL entry is replaced, not added).
    pub fn update(self, change: &dyn Fn(&mut TableQuery), typing: bool) {
        let mut next = self.query.get_untracked();
        change(&mut next);
        next.page = 1;
        self.navigate.run((next, typing));
    }

    pub fn go_to_page(self, page: usize) {
        let mut next = self.query.get_untracked();
        next.page = page;
        self.navigate.run((next, false));
    }

    pub fn set_page_size(self, size: usize) {
        self.update(&|q| q.page_size = size, false);
    }

    /// Sorts by `column`, ascending, or the other way round when it already sorts.
    pub fn sort_by(self, column: SortColumn) {
        self.update(
            &|q| {
                q.descending = q.sort == column && !q.descending;
                q.sort = column;
            },
            false,
        );
    }

    pub fn pager(self) -> Signal<PagerState> {
        Signal::derive(move || {
            let size = self.query.with(|q| q.page_size);
            self.view.with(|v| PagerState {
                page: v.0.page,
                page_count: v.0.page_count,
                page_size: size,
                first: v.0.first_index,
                shown: v.0.groups.len(),
                total: v.0.total_groups,
            })
        })
    }

    /// How many services of the page are selected, of how many.
    pub fn page_selection(self, selected: RwSignal<HashSet<u64>>) -> (usize, usize) {
        let ids = self.page_ids.get();
        let chosen = selected.with(|s| ids.iter().filter(|id| s.contains(id)).count());
        (chosen, ids.len())
    }

    /// How many services match the filters and are not selected (one pass over the rows).
    pub fn matching_unselected(self, selected: &HashSet<u64>) -> usize {
        self.filtered.with(|f| {
            self.index.with(|i| {
                i.0.rows
                    .iter()
                    .zip(&f.0.matches)
                    .filter(|(r, m)| **m && !selected.contains(&r.id))
                    .count()
            })
        })
    }

    /// Every service the search and filters match, on any page.
    pub fn matching_ids(self) -> HashSet<u64> {
        self.filtered.with(|f| {
            self.index.with(|i| {
                i.0.rows
                    .iter()
                    .zip(&f.0.matches)
                    .filter(|(_, m)| **m)
                    .map(|(r, _)| r.id)
                    .collect()
            })
        })
    }
}

/// The lines of a page. Groups start closed, but open while searching or filtering; the arrow
/// flips either way.
fn page_lines(
    view: &TableView,
    index: &ServiceIndex,
    narrowed: bool,
    toggled: &HashSet<u64>,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for group in &view.groups {
        let parent = index.rows[group.parent].clone();
        let show_children = narrowed != toggled.contains(&parent.id);
        lines.push(Line {
            linked: (!group.children.is_empty()).then_some((group.children.len(), show_children)),
            row: parent,
            child: false,
            context: !group.parent_matches,
        });
        if show_children {
            for child in &group.children {
                lines.push(Line {
                    row: index.rows[*child].clone(),
                    linked: None,
                    child: true,
                    context: false,
                });
            }
        }
    }
    lines
}
