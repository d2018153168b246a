//! The services table's local query: search, filters, facet counts, sort, grouping, pages, URL.

use std::cmp::Ordering;

use billing_console::domain::query::{
    Facet, ServiceIndex, SortColumn, SortLabels, TableQuery, STATUS_BILL_TO_PAY,
    STATUS_EXPIRING_30, STATUS_EXPIRING_7, STATUS_TERMINATED,
};
use billing_console::domain::services::{RenewalStatus, ServiceRow, ServiceType};
use billing_console::domain::values::{RenewMode, ResourceState};
use chrono::NaiveDate;
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn row(id: u64, name: &str, kind: ServiceType, days: Option<i64>) -> ServiceRow {
    ServiceRow {
        id,
        parent_id: None,
        display_name: name.into(),
        reference: format!("ref-{id}").into(),
        kind,
        state: ResourceState::Active,
        lifecycle: None,
        status: RenewalStatus::Automatic,
        renew_mode: Some(RenewMode::Automatic),
        period_months: Some(12),
        expiration: days.map(|d| today() + chrono::Duration::days(d)),
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

/// English-like labels, enough to check that types sort by label and not by key.
struct Labels;
impl SortLabels for Labels {
    fn service_type(&self, kind: &ServiceType) -> String {
        match kind {
            ServiceType::Vps => "A virtual server".into(),
            other => format!("{other:?}"),
        }
    }
    fn state(&self, state: &ResourceState) -> String {
        state.as_wire().to_string()
    }
    fn status(&self, status: &RenewalStatus) -> String {
        format!("{status:?}")
    }
}

fn sample() -> ServiceIndex {
    let mut hosting = row(1, "Pâtisserie Lefèvre", ServiceType::WebHosting, Some(3));
    hosting.reference = "patisserie-lefevre.fr".into();
    let mut domain = row(2, "patisserie-lefevre.fr", ServiceType::Domain, Some(40));
    domain.parent_id = Some(1);
    let mut cafe = row(3, "Café Crème", ServiceType::Domain, Some(20));
    cafe.renew_mode = Some(RenewMode::Manual);
    cafe.status = RenewalStatus::Manual;
    cafe.period_months = None;
    let mut vps = row(4, "vps-3f2a", ServiceType::Vps, None);
    vps.status = RenewalStatus::BillToPay;
    vps.state = ResourceState::Suspended;
    let mut orphan = row(
        5,
        "Zeta option",
        ServiceType::Other("/storage/netapp".into()),
        Some(-2),
    );
    orphan.parent_id = Some(999); // parent not in the account: shown at top level
    ServiceIndex::new(vec![hosting, domain, cafe, vps, orphan])
}

fn names(index: &ServiceIndex, query: &TableQuery) -> Vec<String> {
    let sorted = index.sort(query.sort, query.descending, &Labels);
    let view = index.view(&sorted, query, today());
    let mut out = Vec::new();
    for group in &view.groups {
        out.push(index.rows[group.parent].display_name.to_string());
        for child in &group.children {
            out.push(format!("  {}", index.rows[*child].display_name));
        }
    }
    out
}

fn query(f: impl FnOnce(&mut TableQuery)) -> TableQuery {
    let mut q = TableQuery {
        sort: SortColumn::Name,
        ..Default::default()
    };
    f(&mut q);
    q
}

#[test]
fn linked_services_are_grouped_under_their_parent() {
    let index = sample();
    assert_eq!(
        names(&index, &query(|_| {})),
        vec![
            "Café Crème",
            "Pâtisserie Lefèvre",
            "  patisserie-lefevre.fr",
            "vps-3f2a",
            "Zeta option"
        ]
    );
}

#[test]
fn options_of_options_and_looping_parents_are_never_lost() {
    let mut a = row(10, "server", ServiceType::DedicatedServer, None);
    a.parent_id = None;
    let mut b = row(11, "option", ServiceType::Ip, None);
    b.parent_id = Some(10);
    let mut c = row(12, "option of option", ServiceType::License, None);
    c.parent_id = Some(11);
    let mut d = row(13, "loop one", ServiceType::Vps, None);
    d.parent_id = Some(14);
    let mut e = row(14, "loop two", ServiceType::Vps, None);
    e.parent_id = Some(13);
    let index = ServiceIndex::new(vec![a, b, c, d, e]);
    let shown = names(&index, &query(|_| {}));
    assert_eq!(
        shown,
        vec![
            "loop one",
            "loop two",
            "server",
            "  option",
            "  option of option"
        ]
    );
}

#[test]
fn search_ignores_case_and_accents_and_reads_references() {
    let index = sample();
    assert_eq!(
        names(&index, &query(|q| q.search = "CAFE creme".into())),
        vec!["Café Crème"]
    );
    assert_eq!(
        names(&index, &query(|q| q.search = "ref-4".into())),
        vec!["vps-3f2a"]
    );
    assert!(names(&index, &query(|q| q.search = "nothing like it".into())).is_empty());
}

#[test]
fn a_matching_child_shows_its_parent_for_context() {
    let index = sample();
    let q = query(|q| {
        q.filter_mut(Facet::Type).insert("domain".into());
    });
    let sorted = index.sort(q.sort, q.descending, &Labels);
    let view = index.view(&sorted, &q, today());
    let hosting = view
        .groups
        .iter()
        .find(|g| index.rows[g.parent].id == 1)
        .unwrap();
    assert!(
        !hosting.parent_matches,
        "the hosting itself is not a domain"
    );
    assert_eq!(hosting.children.len(), 1);
    assert_eq!(view.matching_services, 2, "two domains");
}

#[test]
fn filters_or_within_and_across_groups() {
    let index = sample();
    let types = query(|q| {
        q.filter_mut(Facet::Type)
            .extend(["vps".to_string(), "/storage/netapp".to_string()]);
    });
    assert_eq!(names(&index, &types), vec!["vps-3f2a", "Zeta option"]);
    let both = query(|q| {
        q.filter_mut(Facet::Type)
            .extend(["vps".to_string(), "/storage/netapp".to_string()]);
        q.filter_mut(Facet::State).insert("suspended".into());
    });
    assert_eq!(names(&index, &both), vec!["vps-3f2a"]);
    let manual = query(|q| {
        q.filter_mut(Facet::Renew).insert("manual".into());
    });
    assert_eq!(names(&index, &manual), vec!["Café Crème"]);
    let bill = query(|q| {
        q.filter_mut(Facet::Status)
            .insert(STATUS_BILL_TO_PAY.into());
    });
    assert_eq!(names(&index, &bill), vec!["vps-3f2a"]);
}

#[test]
fn terminated_services_have_their_own_status_option_and_count() {
    let mut ended = row(7, "ancien-site.fr", ServiceType::Domain, Some(-10));
    ended.status = RenewalStatus::Terminated;
    let index = ServiceIndex::new(vec![
        row(8, "actif.fr", ServiceType::Domain, Some(40)),
        ended,
    ]);
    let terminated = query(|q| {
        q.filter_mut(Facet::Status).insert(STATUS_TERMINATED.into());
    });
    assert_eq!(names(&index, &terminated), vec!["ancien-site.fr"]);
    let counts = index.filter(&query(|_| {}), today()).facet_counts;
    assert_eq!(
        counts[Facet::Status as usize].get(STATUS_TERMINATED),
        Some(&1),
        "the option shows how many services it would keep"
    );
}

#[test]
fn expiring_windows_count_from_today_and_exclude_the_past() {
    let index = sample();
    let seven = query(|q| {
        q.filter_mut(Facet::Status).insert(STATUS_EXPIRING_7.into());
    });
    assert_eq!(names(&index, &seven), vec!["Pâtisserie Lefèvre"]);
    let thirty = query(|q| {
        q.filter_mut(Facet::Status)
            .insert(STATUS_EXPIRING_30.into());
    });
    assert_eq!(
        names(&index, &thirty),
        vec!["Café Crème", "Pâtisserie Lefèvre"]
    );
}

#[test]
fn facet_counts_apply_the_other_filters_only() {
    let index = sample();
    let q = query(|q| {
        q.filter_mut(Facet::Type).insert("domain".into());
    });
    let view = index.filter(&q, today());
    let types = &view.facet_counts[Facet::Type as usize];
    // The type facet ignores its own selection: every type keeps its count.
    assert_eq!(types.get("domain"), Some(&2));
    assert_eq!(types.get("vps"), Some(&1));
    assert_eq!(types.get("webHosting"), Some(&1));
    let renew = &view.facet_counts[Facet::Renew as usize];
    // The renew facet counts among domains only.
    assert_eq!(renew.get("automatic"), Some(&1));
    assert_eq!(renew.get("manual"), Some(&1));
}

#[test]
fn sorts_on_every_column_both_ways_with_missing_values_last() {
    let index = sample();
    let by = |column, descending| {
        names(
            &index,
            &query(|q| {
                q.sort = column;
                q.descending = descending;
            }),
        )
    };
    assert_eq!(
        by(SortColumn::NextDate, false)[..3],
        [
            "Zeta option",
            "Pâtisserie Lefèvre",
            "  patisserie-lefevre.fr"
        ]
    );
    assert_eq!(
        by(SortColumn::NextDate, false).last().unwrap(),
        "vps-3f2a",
        "no date: last"
    );
    assert_eq!(
        by(SortColumn::NextDate, true).last().unwrap(),
        "vps-3f2a",
        "no date: last both ways"
    );
    assert_eq!(by(SortColumn::NextDate, true)[0], "Café Crème");
    assert_eq!(by(SortColumn::Name, true)[0], "Zeta option");
    assert_eq!(
        by(SortColumn::Type, false)[0],
        "vps-3f2a",
        "by label: 'A virtual server'"
    );
    assert_eq!(by(SortColumn::State, true)[0], "vps-3f2a");
    assert_eq!(
        by(SortColumn::Frequency, false).last().unwrap(),
        "Café Crème"
    );
    assert_eq!(
        by(SortColumn::Status, false)[0],
        "Pâtisserie Lefèvre",
        "'Automatic' first"
    );
    assert_eq!(
        by(SortColumn::Status, true)[0],
        "Café Crème",
        "'Manual' first"
    );
}

#[test]
fn names_sort_in_alphabetical_order_whatever_the_accents() {
    let rows = ["Élodie", "eric", "Zoé", "émile", "Ada"]
        .iter()
        .enumerate()
        .map(|(i, n)| row(i as u64, n, ServiceType::Domain, None))
        .collect();
    let index = ServiceIndex::new(rows);
    assert_eq!(
        names(&index, &query(|_| {})),
        vec!["Ada", "Élodie", "émile", "eric", "Zoé"]
    );
}

#[test]
fn pages_are_clamped_and_sized() {
    let rows = (0..53)
        .map(|i| row(i, &format!("svc {i:02}"), ServiceType::Vps, None))
        .collect();
    let index = ServiceIndex::new(rows);
    let q = query(|q| {
        q.page_size = 25;
        q.page = 3;
    });
    let sorted = index.sort(q.sort, q.descending, &Labels);
    let view = index.view(&sorted, &q, today());
    assert_eq!(
        (
            view.page,
            view.page_count,
            view.groups.len(),
            view.first_index
        ),
        (3, 3, 3, 50)
    );
    let beyond = index.view(&sorted, &query(|q| q.page = 99), today());
    assert_eq!(beyond.page, 3);
    let empty = ServiceIndex::new(Vec::new());
    let view = empty.view(
        &empty.sort(SortColumn::Name, false, &Labels),
        &TableQuery::default(),
        today(),
    );
    assert_eq!((view.page, view.page_count, view.total_groups), (1, 1, 0));
}

#[test]
fn type_keys_round_trip_for_every_type() {
    use billing_console::domain::query::{type_from_key, type_key};
    for kind in ServiceType::known().chain([
        ServiceType::Unspecified,
        ServiceType::Other("/storage/netapp".into()),
    ]) {
        assert_eq!(type_from_key(&type_key(&kind)), kind);
    }
}

#[test]
fn the_url_holds_the_whole_query() {
    let q = query(|q| {
        q.search = "café & co".into();
        q.filter_mut(Facet::Type)
            .extend(["domain".to_string(), "vps".to_string()]);
        q.filter_mut(Facet::Status).insert(STATUS_EXPIRING_7.into());
        q.descending = true;
        q.page = 4;
        q.page_size = 100;
    });
    let params = q.to_params();
    let back = TableQuery::from_params(|k| {
        params
            .iter()
            .find(|(key, _)| *key == k)
            .map(|(_, v)| v.clone())
    });
    assert_eq!(back, q);
    assert!(
        TableQuery::default().to_params().is_empty(),
        "defaults stay out of the URL"
    );
    let junk = TableQuery::from_params(|k| match k {
        "page" => Some("-3".to_string()),
        "size" => Some("7".to_string()),
        "sort" => Some("price".to_string()),
        _ => None,
    });
    assert_eq!(junk, TableQuery::default());
}

#[test]
fn ended_services_are_hidden_by_default_behind_a_count() {
    let mut terminated = row(20, "ancien-vps", ServiceType::Vps, Some(-10));
    terminated.status = RenewalStatus::Terminated;
    terminated.state = ResourceState::Deleted;
    let mut deleted = row(21, "supprime.fr", ServiceType::Domain, Some(-3));
    deleted.state = ResourceState::Deleted;
    // A terminated option of an active server, and an active option of a terminated server.
    let server = row(22, "serveur", ServiceType::DedicatedServer, Some(50));
    let mut ended_option = row(23, "ip ancienne", ServiceType::Ip, Some(-1));
    ended_option.parent_id = Some(22);
    ended_option.status = RenewalStatus::Terminated;
    let mut ended_parent = row(24, "hebergement clos", ServiceType::WebHosting, Some(-5));
    ended_parent.status = RenewalStatus::Terminated;
    let mut live_child = row(25, "domaine vivant", ServiceType::Domain, Some(12));
    live_child.parent_id = Some(24);
    let index = ServiceIndex::new(vec![
        row(26, "actif.fr", ServiceType::Domain, Some(40)),
        terminated,
        deleted,
        server,
        ended_option,
        ended_parent,
        live_child,
    ]);
    let default = query(|_| {});
    assert!(default.hides_ended());
    assert_eq!(
        names(&index, &default),
        vec![
            "actif.fr",
            "hebergement clos",
            "  domaine vivant",
            "serveur"
        ],
        "the ended parent is shown only for its live option"
    );
    let filtered = index.filter(&default, today());
    assert_eq!(filtered.hidden_ended, 4);
    assert_eq!(filtered.matching_services, 3);
    assert!(!filtered.narrowed, "hiding the ended ones is no filter");
    let sorted = index.sort(SortColumn::Name, false, &Labels);
    let view = index.view(&sorted, &default, today());
    let context = view.groups.iter().find(|g| g.parent == 5).unwrap();
    assert!(!context.parent_matches);
    // Filter counts leave the hidden ones out, except "Résilié", which would show them.
    let counts = &filtered.facet_counts;
    assert_eq!(counts[Facet::Type as usize].get("vps"), None);
    assert_eq!(counts[Facet::Type as usize].get("domain"), Some(&2));
    assert_eq!(
        counts[Facet::Status as usize].get(STATUS_TERMINATED),
        Some(&3)
    );

    let shown = query(|q| q.show_ended = true);
    assert_eq!(
        names(&index, &shown),
        vec![
            "actif.fr",
            "ancien-vps",
            "hebergement clos",
            "  domaine vivant",
            "serveur",
            "  ip ancienne",
            "supprime.fr"
        ]
    );
    assert_eq!(index.filter(&shown, today()).hidden_ended, 0);
    // The status filter "Résilié" shows them too.
    let terminated = query(|q| {
        q.filter_mut(Facet::Status).insert(STATUS_TERMINATED.into());
    });
    assert!(!terminated.hides_ended());
    assert_eq!(
        names(&index, &terminated),
        vec!["ancien-vps", "hebergement clos", "serveur", "  ip ancienne"]
    );
    // A search counts the hidden ones it would find.
    let search = query(|q| q.search = "ancien".into());
    assert_eq!(names(&index, &search), Vec::<String>::new());
    assert_eq!(index.filter(&search, today()).hidden_ended, 2);
}

#[test]
fn the_url_keeps_the_choice_to_show_ended_services() {
    let shown = query(|q| q.show_ended = true);
    assert!(shown.to_params().contains(&("ended", "show".to_string())));
    let back = |value: &str| {
        let value = value.to_string();
        TableQuery::from_params(move |k| (k == "ended").then(|| value.clone())).show_ended
    };
    assert!(back("show") && back("1") && back("true"));
    assert!(!back("no") && !back(""));
    assert!(!TableQuery::default().show_ended);
}

#[test]
fn services_that_need_action_are_flagged() {
    use billing_console::domain::services::Attention;
    let flag = |f: &dyn Fn(&mut ServiceRow)| {
        let mut r = row(30, "s", ServiceType::Domain, Some(10));
        f(&mut r);
        r.attention(today())
    };
    // An automatic renewal renews: nothing to do.
    assert_eq!(flag(&|_| {}), None);
    assert_eq!(
        flag(&|r| r.status = RenewalStatus::BillToPay),
        Some(Attention::BillToPay)
    );
    assert_eq!(
        flag(&|r| r.state = ResourceState::Suspended),
        Some(Attention::Suspended)
    );
    let manual = |days: i64| {
        flag(&move |r| {
            r.status = RenewalStatus::Manual;
            r.expiration = Some(today() + chrono::Duration::days(days));
        })
    };
    assert_eq!(manual(30), Some(Attention::Expiring));
    assert_eq!(
        manual(-2),
        Some(Attention::Expiring),
        "just past, not ended yet"
    );
    assert_eq!(manual(31), None);
    let terminating = |days: i64| {
        flag(&move |r| {
            r.status = RenewalStatus::TerminationRequested;
            r.termination = Some(today() + chrono::Duration::days(days));
        })
    };
    assert_eq!(terminating(2), Some(Attention::Expiring));
    assert_eq!(terminating(45), None);
    // An ended service is hidden, never flagged.
    assert_eq!(
        flag(&|r| {
            r.status = RenewalStatus::Terminated;
            r.state = ResourceState::Suspended;
        }),
        None
    );
    assert_eq!(flag(&|r| r.state = ResourceState::Deleted), None);
}

fn arb_row() -> impl Strategy<Value = ServiceRow> {
    (
        0u64..40,
        "[a-zA-Zéèà ]{0,8}",
        prop_oneof![
            Just(ServiceType::Domain),
            Just(ServiceType::Vps),
            Just(ServiceType::WebHosting)
        ],
        proptest::option::of(-40i64..60),
        proptest::option::of(0u64..40),
        proptest::bool::ANY,
        0u8..6,
    )
        .prop_map(|(id, name, kind, days, parent, manual, end)| {
            let mut r = row(id, &name, kind, days);
            r.parent_id = parent;
            if manual {
                r.renew_mode = Some(RenewMode::Manual);
                r.status = RenewalStatus::Manual;
                r.period_months = None;
            }
            // Some ended: terminated or expired ("Résilié"), or a deleted resource.
            match end {
                0 => r.status = RenewalStatus::Terminated,
                1 => r.state = ResourceState::Deleted,
                _ => {}
            }
            r
        })
}

/// The index of generated rows, one row per id (the API lists each service once).
fn index_of_unique(mut rows: Vec<ServiceRow>) -> ServiceIndex {
    rows.sort_by_key(|r| r.id);
    rows.dedup_by_key(|r| r.id);
    ServiceIndex::new(rows)
}

fn arb_query() -> impl Strategy<Value = TableQuery> {
    (
        "[a-zé]{0,2}",
        proptest::sample::subsequence(vec!["domain", "vps", "webHosting"], 0..=3),
        proptest::sample::subsequence(vec!["automatic", "manual"], 0..=2),
        proptest::sample::subsequence(
            vec![STATUS_EXPIRING_7, STATUS_EXPIRING_30, STATUS_TERMINATED],
            0..=3,
        ),
        proptest::sample::select(SortColumn::ALL.to_vec()),
        proptest::bool::ANY,
        proptest::bool::ANY,
    )
        .prop_map(
            |(search, types, renew, status, sort, descending, show_ended)| {
                let set = |v: Vec<&str>| {
                    v.into_iter()
                        .map(str::to_string)
                        .collect::<billing_console::domain::key_set::KeySet>()
                };
                let mut q = TableQuery {
                    search,
                    sort,
                    descending,
                    show_ended,
                    page_size: 300,
                    ..Default::default()
                };
                *q.filter_mut(Facet::Type) = set(types);
                *q.filter_mut(Facet::Renew) = set(renew);
                *q.filter_mut(Facet::Status) = set(status);
                q
            },
        )
}

proptest! {
    #[test]
    fn filtering_never_shows_a_service_that_fails_its_predicate(
        rows in proptest::collection::vec(arb_row(), 0..40),
        q in arb_query(),
    ) {
        let index = index_of_unique(rows);
        let sorted = index.sort(q.sort, q.descending, &Labels);
        let view = index.view(&sorted, &q, today());
        let needle = billing_console::domain::text::fold(q.search.trim());
        let mut shown_matching = 0;
        for group in &view.groups {
            if group.parent_matches {
                prop_assert!(index.matches(group.parent, &q, &needle, today()));
                shown_matching += 1;
            } else {
                prop_assert!(!group.children.is_empty(), "a context parent needs a matching child");
            }
            for child in &group.children {
                prop_assert!(index.matches(*child, &q, &needle, today()));
                shown_matching += 1;
            }
        }
        prop_assert_eq!(shown_matching, view.matching_services);
        let all_matching = (0..index.len()).filter(|i| index.matches(*i, &q, &needle, today())).count();
        prop_assert_eq!(all_matching, view.matching_services);
    }

    #[test]
    fn ended_services_are_hidden_counted_and_shown_on_demand(
        rows in proptest::collection::vec(arb_row(), 0..40),
        q in arb_query(),
    ) {
        let index = index_of_unique(rows);
        let hidden = index.filter(&q, today());
        let shown = index.filter(&TableQuery { show_ended: true, ..q.clone() }, today());
        if q.hides_ended() {
            // Nothing ended matches; what is hidden is exactly what showing them adds.
            for (i, row) in index.rows.iter().enumerate() {
                prop_assert!(!(hidden.matches[i] && row.ended()));
                if !row.ended() {
                    prop_assert_eq!(shown.matches[i], hidden.matches[i]);
                }
            }
            prop_assert_eq!(hidden.matching_services + hidden.hidden_ended, shown.matching_services);
        } else {
            prop_assert_eq!(hidden.hidden_ended, 0);
            prop_assert_eq!(&hidden.matches, &shown.matches);
        }
        prop_assert_eq!(shown.hidden_ended, 0);
    }

    /// Each filter option's count is what choosing that option alone in its group would show
    /// (the search and the other groups as they are), the ended services left out unless the
    /// table shows them or the option is "Résilié", which would show them; nothing else is listed.
    #[test]
    fn facet_counts_are_what_each_option_alone_would_show(
        rows in proptest::collection::vec(arb_row(), 0..40),
        q in arb_query(),
    ) {
        let index = index_of_unique(rows);
        let needle = billing_console::domain::text::fold(q.search.trim());
        let counts = index.filter(&q, today()).facet_counts;
        let everything = TableQuery { show_ended: true, ..Default::default() };
        let all_keys = index.filter(&everything, today()).facet_counts;
        for facet in Facet::ALL {
            let keys: Vec<String> = match facet {
                Facet::Status => billing_console::domain::query::STATUS_OPTIONS.iter().map(|s| s.to_string()).collect(),
                _ => all_keys[facet as usize].keys().cloned().collect(),
            };
            for (key, n) in &counts[facet as usize] {
                prop_assert!(keys.contains(key), "{:?} {} listed but no service has it", facet, key);
                prop_assert!(*n > 0);
            }
            for key in keys {
                let mut alone = q.clone();
                *alone.filter_mut(facet) = std::iter::once(key.clone()).collect();
                alone.show_ended = !q.hides_ended() || (facet == Facet::Status && key == STATUS_TERMINATED);
                let wanted = (0..index.len()).filter(|r| index.matches(*r, &alone, &needle, today())).count();
                let got = counts[facet as usize].get(&key).copied().unwrap_or(0);
                prop_assert_eq!(got, wanted, "{:?} {}", facet, key);
            }
        }
    }

    #[test]
    fn sorting_is_a_permutation(rows in proptest::collection::vec(arb_row(), 0..40), q in arb_query()) {
        let index = index_of_unique(rows);
        let sorted = index.sort(q.sort, q.descending, &Labels);
        let mut seen: Vec<usize> = sorted.top.clone();
        for children in sorted.children.values() {
            seen.extend(children);
        }
        seen.sort_unstable();
        prop_assert_eq!(seen, (0..index.len()).collect::<Vec<_>>());
    }

    #[test]
    fn kept_orders_are_a_straightforward_sort(
        rows in proptest::collection::vec(arb_row(), 0..40),
        q in arb_query(),
    ) {
        let index = index_of_unique(rows);
        for column in SortColumn::ALL {
            for descending in [false, true] {
                let sorted = index.sort(column, descending, &Labels);
                let compare = |a: &usize, b: &usize| {
                    straightforward(&index.rows[*a], &index.rows[*b], column, descending)
                };
                prop_assert!(sorted.top.is_sorted_by(|a, b| compare(a, b) == Ordering::Less));
                for children in sorted.children.values() {
                    prop_assert!(children.is_sorted_by(|a, b| compare(a, b) == Ordering::Less));
                }
                // The page walked over the kept order is the page of the whole sorted index.
                let q = TableQuery { sort: column, descending, ..q.clone() };
                let order = index.order(column, descending, &Labels);
                let walked = index.page(&order, &index.filter(&q, today()), &q);
                prop_assert_eq!(walked, index.view(&sorted, &q, today()));
            }
        }
    }

    #[test]
    fn an_index_built_page_by_page_is_the_index_of_all_rows(
        rows in proptest::collection::vec(arb_row(), 0..40),
        cuts in proptest::collection::vec(0usize..40, 0..4),
    ) {
        // Ids may repeat here (a service moved between pages while loading).
        let mut built = ServiceIndex::default();
        let mut rest = rows.clone();
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(rows.len())).collect();
        cuts.sort_unstable();
        let mut taken = 0;
        for cut in cuts {
            built.extend(rest.drain(..cut - taken).collect());
            taken = cut;
        }
        built.extend(rest);
        let whole = ServiceIndex::new(rows);
        prop_assert_eq!(&built, &whole);
        for column in SortColumn::ALL {
            prop_assert_eq!(built.sort(column, true, &Labels), whole.sort(column, true, &Labels));
        }
    }
}

/// The sort spelled out on the rows themselves: the primary key (missing values last either
/// way), then name order (folded name, name, id).
fn straightforward(
    a: &ServiceRow,
    b: &ServiceRow,
    column: SortColumn,
    descending: bool,
) -> Ordering {
    use billing_console::domain::text::fold;
    let directed = |o: Ordering| if descending { o.reverse() } else { o };
    let nulls_last = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (Some(a), Some(b)) => directed(a.cmp(&b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let name = fold(&a.display_name)
        .cmp(&fold(&b.display_name))
        .then_with(|| a.display_name.cmp(&b.display_name))
        .then_with(|| a.id.cmp(&b.id));
    let by_label = |f: &dyn Fn(&ServiceRow) -> String| directed(fold(&f(a)).cmp(&fold(&f(b))));
    let primary = match column {
        SortColumn::Name => directed(name),
        SortColumn::NextDate => nulls_last(
            a.next_effective_date().map(|d| (d - today()).num_days()),
            b.next_effective_date().map(|d| (d - today()).num_days()),
        ),
        SortColumn::Frequency => nulls_last(
            a.period_months.map(i64::from),
            b.period_months.map(i64::from),
        ),
        SortColumn::Type => by_label(&|r| Labels.service_type(&r.kind)),
        SortColumn::State => by_label(&|r| Labels.state(&r.state)),
        SortColumn::Status => {
            by_label(&|r| Labels.status(&r.status)).then_with(|| directed(a.status.cmp(&b.status)))
        }
    };
    primary.then(name)
}

#[test]
fn the_index_knows_which_ids_are_loaded() {
    let index = sample();
    assert!(index.contains_id(1) && index.contains_id(2));
    assert!(!index.contains_id(999));
    let mut grown = ServiceIndex::new(Vec::new());
    assert!(!grown.contains_id(1));
    grown.extend(vec![row(7, "later", ServiceType::Domain, None)]);
    assert!(grown.contains_id(7));
}

proptest! {
    /// The search scans one buffer of folded names and references, where a reference that folds
    /// to its name is not written again: it finds exactly what folding each text and looking in
    /// it finds.
    #[test]
    fn search_finds_what_a_plain_look_in_each_folded_text_finds(
        rows in proptest::collection::vec(("[aAéÉbB.]{0,6}", 0u8..3, "[aébB]{0,4}"), 0..30),
        needle in "[aAéÉbB.]{1,3}",
    ) {
        let rows: Vec<ServiceRow> = rows
            .into_iter()
            .enumerate()
            .map(|(i, (name, how, other))| {
                let mut r = row(i as u64, &name, ServiceType::Domain, Some(10));
                r.reference = match how {
                    // The same text (a service without a name of its own).
                    0 => r.display_name.clone(),
                    // The same text in another case: folds to the name.
                    1 => name.to_uppercase().into(),
                    _ => other.into(),
                };
                r
            })
            .collect();
        let fold = billing_console::domain::text::fold;
        let wanted: Vec<bool> = rows
            .iter()
            .map(|r| {
                let needle = fold(&needle);
                fold(&r.display_name).contains(&needle) || fold(&r.reference).contains(&needle)
            })
            .collect();
        let index = ServiceIndex::new(rows);
        let q = TableQuery { search: needle.clone(), show_ended: true, ..Default::default() };
        prop_assert_eq!(index.filter(&q, today()).matches, wanted);
    }
}
