//! Batch actions: which selected services each action applies to (and why not), the dates of
//! "align renewal dates", and the progress of a running batch.

use billing_console::api::models::{LifecycleAction, LifecycleState, RenewMode, Service};
use billing_console::domain::batch::{
    aligned_date, check_batch, partition, plan_alignment, Alignment, BatchAction, BatchCounts,
    BatchItem, BatchProgress, ItemStatus, RenewDay,
};
use billing_console::domain::eligibility::{check, Refusal, Requester, ServiceAction};
use billing_console::domain::services::{RenewalStatus, ServiceRow, ServiceType};
use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;

use BatchAction::*;

const NIC: &str = "dp12345-ovh";

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn who() -> Requester {
    Requester {
        nic: NIC.into(),
        now: DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
    }
}

/// The fixture domain: automatic renewal (may be manual), every right, expiring 2026-12-31.
fn domain(id: u64) -> ServiceRow {
    let service: Service =
        serde_json::from_str(include_str!("fixtures/service_domain.json")).unwrap();
    let mut row = ServiceRow::from(&service);
    row.id = id;
    row
}

fn manual(id: u64) -> ServiceRow {
    let mut row = domain(id);
    row.renew_mode = Some(RenewMode::Manual);
    row.status = RenewalStatus::Manual;
    row.period_months = None;
    row
}

fn with(id: u64, change: impl FnOnce(&mut ServiceRow)) -> ServiceRow {
    let mut row = domain(id);
    change(&mut row);
    row
}

fn unpaid(id: u64) -> ServiceRow {
    with(id, |r| {
        r.status = RenewalStatus::BillToPay;
        r.lifecycle = Some(LifecycleState::Unpaid);
    })
}

fn terminated(id: u64) -> ServiceRow {
    with(id, |r| {
        r.status = RenewalStatus::Terminated;
        r.lifecycle = Some(LifecycleState::Terminated);
    })
}

fn ending(id: u64) -> ServiceRow {
    with(id, |r| r.status = RenewalStatus::TerminationRequested)
}

fn one_shot(id: u64) -> ServiceRow {
    with(id, |r| {
        r.renew_mode = None;
        r.status = RenewalStatus::OneShot;
        r.renew_capacities.clear();
    })
}

fn other_billing(mut row: ServiceRow) -> ServiceRow {
    row.billing_contact = Some("xy9876-ovh".into());
    row
}

fn not_billing() -> Refusal {
    Refusal::NotBillingContact {
        billing: Some("xy9876-ovh".into()),
    }
}

#[test]
fn enabling_automatic_renewal() {
    let who = who();
    let verdict = |row: ServiceRow| check_batch(EnableAutomaticRenewal, &row, &who);
    assert_eq!(verdict(manual(1)), Ok(()));
    assert_eq!(
        verdict(domain(1)),
        Err(Refusal::NeedsManualRenewal),
        "already automatic"
    );
    assert_eq!(verdict(unpaid(1)), Err(Refusal::BillToPay));
    assert_eq!(verdict(one_shot(1)), Err(Refusal::OneShot));
    assert_eq!(verdict(other_billing(manual(1))), Err(not_billing()));
    assert_eq!(verdict(ending(1)), Err(Refusal::TerminationPending));
    assert_eq!(verdict(terminated(1)), Err(Refusal::Ended));
    let mut no_automatic = manual(1);
    no_automatic.renew_capacities = vec![RenewMode::Manual].into();
    assert_eq!(verdict(no_automatic), Err(Refusal::NotOffered));
    let mut telecom = manual(1);
    telecom.kind = ServiceType::Telephony;
    assert_eq!(verdict(telecom), Err(Refusal::NotManagedHere));
}

#[test]
fn disabling_automatic_renewal() {
    let who = who();
    let verdict = |row: ServiceRow| check_batch(DisableAutomaticRenewal, &row, &who);
    assert_eq!(verdict(domain(1)), Ok(()));
    assert_eq!(
        verdict(manual(1)),
        Err(Refusal::NeedsAutomaticRenewal),
        "already manual"
    );
    assert_eq!(verdict(unpaid(1)), Err(Refusal::BillToPay));
    assert_eq!(verdict(one_shot(1)), Err(Refusal::OneShot));
    assert_eq!(verdict(other_billing(domain(1))), Err(not_billing()));
    assert_eq!(verdict(ending(1)), Err(Refusal::TerminationPending));
    assert_eq!(verdict(terminated(1)), Err(Refusal::Ended));
    // A type that does not allow manual renewal (the API's renew capacities say so).
    let cloud = with(1, |r| {
        r.kind = ServiceType::PublicCloud;
        r.renew_capacities = vec![RenewMode::Automatic].into();
    });
    assert_eq!(verdict(cloud), Err(Refusal::NotOffered));
}

#[test]
fn the_first_failing_reason_wins() {
    let who = who();
    // Unpaid and not the billing contact: the bill comes first.
    let row = other_billing(unpaid(1));
    assert_eq!(
        check_batch(DisableAutomaticRenewal, &row, &who),
        Err(Refusal::BillToPay)
    );
    // Terminated with an automatic mode: "ended", not "already automatic".
    assert_eq!(
        check_batch(EnableAutomaticRenewal, &terminated(1), &who),
        Err(Refusal::Ended)
    );
    // Already manual and not the billing contact: the mode first, as the provider does.
    assert_eq!(
        check_batch(DisableAutomaticRenewal, &other_billing(manual(1)), &who),
        Err(Refusal::NeedsAutomaticRenewal)
    );
}

#[test]
fn renewing_manual_and_automatic_services_together() {
    let who = who();
    let verdict = |row: ServiceRow| check_batch(Renew, &row, &who);
    assert_eq!(verdict(manual(1)), Ok(()));
    assert_eq!(verdict(domain(1)), Ok(()), "automatic: anticipated payment");
    let mut no_early = domain(1);
    no_early.lifecycle_capacities = vec![LifecycleAction::TerminateAtExpirationDate].into();
    assert_eq!(verdict(no_early), Err(Refusal::NotOffered));
    assert_eq!(verdict(one_shot(1)), Err(Refusal::OneShot));
    assert_eq!(verdict(unpaid(1)), Err(Refusal::BillToPay));
    assert_eq!(verdict(ending(1)), Err(Refusal::TerminationPending));
    assert_eq!(verdict(other_billing(manual(1))), Err(not_billing()));
    assert_eq!(verdict(other_billing(domain(1))), Err(not_billing()));
    let unknown = with(1, |r| {
        r.renew_mode = Some(RenewMode::Unknown("yearlyDeal".into()));
        r.status = RenewalStatus::Other("yearlyDeal".into());
    });
    assert_eq!(verdict(unknown), Err(Refusal::NotOffered));
}

#[test]
fn per_service_actions_in_a_batch_are_the_menu_s_verdicts() {
    let who = who();
    let rows = [
        domain(1),
        manual(2),
        unpaid(3),
        ending(4),
        terminated(5),
        with(6, |r| r.kind = ServiceType::WebHosting),
        with(7, |r| r.admin_contact = Some("xy9876-ovh".into())),
    ];
    for action in ServiceAction::ALL {
        for row in &rows {
            assert_eq!(
                check_batch(Each(action), row, &who),
                check(action, row, &who),
                "{action:?} {}",
                row.id
            );
        }
    }
}

#[test]
fn a_mixed_selection_splits_in_order() {
    let rows = [
        domain(1),
        manual(2),
        unpaid(3),
        domain(4),
        one_shot(5),
        other_billing(domain(6)),
        ending(7),
        manual(8),
    ];
    let p = partition(&rows, DisableAutomaticRenewal, &who());
    assert_eq!(p.eligible, vec![1, 4]);
    assert_eq!(
        p.refused,
        vec![
            (2, Refusal::NeedsAutomaticRenewal),
            (3, Refusal::BillToPay),
            (5, Refusal::OneShot),
            (6, not_billing()),
            (7, Refusal::TerminationPending),
            (8, Refusal::NeedsAutomaticRenewal),
        ]
    );
    assert_eq!(p.total(), rows.len());
    let groups = p.refused_by_reason();
    assert_eq!(groups.len(), 5);
    assert_eq!(groups[0], (&Refusal::NeedsAutomaticRenewal, vec![2, 8]));
    assert_eq!(groups[1], (&Refusal::BillToPay, vec![3]));

    let enable = partition(&rows, EnableAutomaticRenewal, &who());
    assert_eq!(enable.eligible, vec![2, 8]);

    let terminate = partition(&rows, Each(ServiceAction::Terminate), &who());
    assert_eq!(terminate.eligible, vec![1, 2, 4, 5, 6, 8]);

    let none = partition([], Renew, &who());
    assert!(none.eligible.is_empty() && none.refused.is_empty());
    assert!(none.refused_by_reason().is_empty());
}

#[test]
fn renew_days_are_1_to_29() {
    assert_eq!(RenewDay::new(0), None);
    assert_eq!(RenewDay::new(30), None);
    assert_eq!(RenewDay::new(1).map(RenewDay::get), Some(1));
    assert_eq!(RenewDay::new(29).map(RenewDay::get), Some(29));
    assert_eq!(RenewDay::all().count(), 29);
}

fn day(n: u32) -> RenewDay {
    RenewDay::new(n).unwrap()
}

#[test]
fn the_aligned_date_is_the_first_on_that_day_on_or_after_the_expiry() {
    // Later in the same month.
    assert_eq!(aligned_date(d(2026, 12, 10), day(15)), d(2026, 12, 15));
    // Already on the day: unchanged.
    assert_eq!(aligned_date(d(2026, 12, 15), day(15)), d(2026, 12, 15));
    // Earlier day: next month, across the year end.
    assert_eq!(aligned_date(d(2026, 12, 16), day(15)), d(2027, 1, 15));
    assert_eq!(aligned_date(d(2026, 12, 31), day(1)), d(2027, 1, 1));
    // The 29th: a non-leap February has none, so March; a leap February has one.
    assert_eq!(aligned_date(d(2027, 2, 10), day(29)), d(2027, 3, 29));
    assert_eq!(aligned_date(d(2027, 1, 30), day(29)), d(2027, 3, 29));
    assert_eq!(aligned_date(d(2028, 2, 10), day(29)), d(2028, 2, 29));
    assert_eq!(aligned_date(d(2027, 2, 28), day(28)), d(2027, 2, 28));
}

#[test]
fn aligning_plans_new_dates_for_eligible_services_only() {
    let rows = [
        with(1, |r| r.expiration = Some(d(2026, 12, 10))),
        with(2, |r| r.expiration = Some(d(2027, 1, 5))),
        with(3, |r| r.expiration = Some(d(2026, 12, 20))),
        manual(4),
        with(5, |r| r.kind = ServiceType::Vps),
        with(6, |r| r.kind = ServiceType::DedicatedServer),
        with(7, |r| r.expiration = None),
        unpaid(8),
        other_billing(domain(9)),
    ];
    let plan = plan_alignment(&rows, day(20), &who());
    assert_eq!(
        plan.changes,
        vec![
            Alignment {
                id: 1,
                current: d(2026, 12, 10),
                aligned: d(2026, 12, 20),
                delta_days: 10
            },
            Alignment {
                id: 2,
                current: d(2027, 1, 5),
                aligned: d(2027, 1, 20),
                delta_days: 15
            },
            Alignment {
                id: 3,
                current: d(2026, 12, 20),
                aligned: d(2026, 12, 20),
                delta_days: 0
            },
        ]
    );
    assert!(plan.changes[0].moves() && !plan.changes[2].moves());
    assert_eq!(
        plan.refused,
        vec![
            (4, Refusal::NeedsAutomaticRenewal),
            (5, Refusal::NotOffered),
            (6, Refusal::NotOffered),
            (7, Refusal::NotOffered),
            (8, Refusal::BillToPay),
            (9, not_billing()),
        ]
    );
    let p = partition(&rows, AlignRenewalDates, &who());
    assert_eq!(p.eligible, vec![1, 2, 3]);
    assert_eq!(p.refused, plan.refused);
}

#[test]
fn alignment_never_shortens_a_period() {
    for first in [d(2026, 1, 1), d(2027, 2, 1), d(2028, 2, 1)] {
        for offset in 0..400 {
            let current = first + chrono::Duration::days(offset);
            for n in RenewDay::all() {
                let aligned = aligned_date(current, n);
                let delta = (aligned - current).num_days();
                assert!((0..=59).contains(&delta), "{current} {n:?} {aligned}");
                assert_eq!(chrono::Datelike::day(&aligned), n.get());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Progress

fn counts(pending: usize, running: usize, done: usize, failed: usize) -> BatchCounts {
    BatchCounts {
        pending,
        running,
        done,
        failed,
        ..BatchCounts::default()
    }
}

#[test]
fn items_run_with_bounded_concurrency_in_order() {
    let mut p = BatchProgress::new([10, 11, 12, 13, 14]);
    assert_eq!(p.counts(), counts(5, 0, 0, 0));
    assert_eq!(p.start_next(2), vec![10, 11]);
    assert_eq!(p.start_next(2), Vec::<u64>::new(), "two already running");
    assert_eq!(p.counts(), counts(3, 2, 0, 0));
    assert!(p.finish(10, Ok(())));
    assert_eq!(p.start_next(2), vec![12]);
    assert!(p.finish(11, Err("500 Internal Server Error".into())));
    assert!(p.finish(12, Ok(())));
    assert_eq!(p.start_next(3), vec![13, 14]);
    assert!(p.finish(13, Ok(())));
    assert!(p.finish(14, Ok(())));
    assert!(p.is_finished());
    assert_eq!(p.counts(), counts(0, 0, 4, 1));
    assert_eq!((p.done(), p.failed(), p.remaining()), (4, 1, 0));
    assert_eq!(
        p.status(11),
        Some(&ItemStatus::Failed("500 Internal Server Error".into()))
    );
    assert_eq!(p.status(99), None);
    assert_eq!(
        p.failures().collect::<Vec<_>>(),
        vec![(11, &"500 Internal Server Error".into())]
    );
    // Zero means one at a time, never a stall.
    let mut q = BatchProgress::new([1, 2]);
    assert_eq!(q.start_next(0), vec![1]);
}

#[test]
fn a_failed_item_is_never_counted_as_done() {
    let mut p = BatchProgress::new([1, 2]);
    p.start_next(5);
    assert!(p.finish(1, Err("409 Conflict".into())));
    // A late or repeated answer changes nothing.
    assert!(!p.finish(1, Ok(())));
    assert!(p.finish(2, Ok(())));
    assert!(!p.finish(2, Ok(())), "a second answer is ignored");
    assert!(!p.finish(3, Ok(())), "unknown id");
    assert_eq!(p.counts(), counts(0, 0, 1, 1));
    assert_eq!(
        p.status(1),
        Some(&ItemStatus::Failed("409 Conflict".into()))
    );
    // A pending item cannot be finished before it is sent.
    let mut q = BatchProgress::new([7]);
    assert!(!q.finish(7, Ok(())));
    assert_eq!(q.counts(), counts(1, 0, 0, 0));
}

#[test]
fn retrying_moves_only_the_failed_items_back_to_pending() {
    let mut p = BatchProgress::new([1, 2, 3, 4]);
    p.start_next(4);
    p.finish(1, Ok(()));
    p.finish(2, Err("boom".into()));
    p.finish(4, Err("again".into()));
    // 3 is still running: retrying leaves it alone.
    assert_eq!(p.retry_failed(), vec![2, 4]);
    assert_eq!(p.counts(), counts(2, 1, 1, 0));
    assert_eq!(p.status(1), Some(&ItemStatus::Done));
    assert_eq!(p.status(3), Some(&ItemStatus::Running));
    assert_eq!(
        p.start_next(4),
        vec![2, 4],
        "done items are never sent again"
    );
    p.finish(2, Ok(()));
    p.finish(3, Ok(()));
    p.finish(4, Ok(()));
    assert_eq!(p.counts(), counts(0, 0, 4, 0));
    assert_eq!(p.retry_failed(), Vec::<u64>::new());
}

#[test]
fn an_unanswered_item_goes_back_first_in_line() {
    let mut p = BatchProgress::new([1, 2, 3]);
    assert_eq!(p.start_next(2), vec![1, 2]);
    assert!(p.requeue(2));
    assert!(!p.requeue(2), "no longer running");
    assert_eq!(p.counts(), counts(2, 1, 0, 0));
    assert_eq!(p.start_next(2), vec![2]);
    assert_eq!(p.start_next(3), vec![3]);
}

#[test]
fn a_batch_restored_after_a_reload_never_resends_what_may_have_been_sent() {
    let items = vec![
        BatchItem {
            id: 1,
            status: ItemStatus::Done,
        },
        BatchItem {
            id: 2,
            status: ItemStatus::Running,
        },
        BatchItem {
            id: 3,
            status: ItemStatus::Failed("403".into()),
        },
        BatchItem {
            id: 4,
            status: ItemStatus::Pending,
        },
        BatchItem {
            id: 2,
            status: ItemStatus::Done,
        },
    ];
    let mut p = BatchProgress::restore(items);
    assert_eq!(p.items().len(), 4, "a repeated id counts once");
    // The item that was running may have been carried out: unknown, to be checked, never resent.
    assert_eq!(
        p.status(2),
        Some(&ItemStatus::Unknown(
            billing_console::domain::batch::Why::INTERRUPTED
        ))
    );
    assert_eq!(p.counts().unknown, 1);
    assert_eq!(
        p.counts(),
        BatchCounts {
            unknown: 1,
            ..counts(1, 0, 1, 1)
        }
    );
    assert_eq!(p.start_next(8), vec![4]);
    assert_eq!(
        p.retry_failed(),
        vec![3],
        "only the failed item may be sent again"
    );
    assert_eq!(p.check_unknown(), vec![2]);
    assert!(p.settle(2, ItemStatus::Done));
    assert_eq!(p.status(2), Some(&ItemStatus::Done));
    let dup = BatchProgress::new([5, 5, 6]);
    assert_eq!(dup.counts().total(), 2);
}

#[derive(Debug, Clone)]
enum Op {
    Start(usize),
    Finish(usize, bool),
    /// The answer was lost (`true`: unknown) or the service changed (`false`: stopped).
    Lost(usize, bool),
    Requeue(usize),
    Retry,
    Check,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..5).prop_map(Op::Start),
        (0usize..12, any::<bool>()).prop_map(|(i, ok)| Op::Finish(i, ok)),
        (0usize..12, any::<bool>()).prop_map(|(i, u)| Op::Lost(i, u)),
        (0usize..12).prop_map(Op::Requeue),
        Just(Op::Retry),
        Just(Op::Check),
    ]
}

proptest! {
    #[test]
    fn counts_always_match_the_items(n in 0usize..10, ops in proptest::collection::vec(op(), 0..60)) {
        let mut p = BatchProgress::new((0..n as u64).map(|i| i * 7));
        let mut ever_done = std::collections::BTreeSet::new();
        // Items whose change may have been applied (unknown, or stopped): never sent again.
        let mut never_again = std::collections::BTreeSet::new();
        let mut checking = std::collections::BTreeSet::new();
        for op in ops {
            match op {
                Op::Start(max) => {
                    let before = p.counts().running;
                    let started = p.start_next(max);
                    // Never more in flight than asked (nothing is stopped if already more).
                    prop_assert!(p.counts().running <= max.max(1).max(before));
                    prop_assert!(started.len() <= max.max(1).saturating_sub(before));
                    for id in started {
                        prop_assert_eq!(p.status(id), Some(&ItemStatus::Running));
                        prop_assert!(!ever_done.contains(&id), "a done item was sent again");
                        prop_assert!(!never_again.contains(&id), "an unknown or stopped item was sent again");
                    }
                }
                Op::Finish(i, ok) => {
                    let id = i as u64 * 7;
                    let before = p.status(id).cloned();
                    let outcome = if ok { Ok(()) } else { Err("x".to_string()) };
                    let changed = p.finish(id, outcome);
                    prop_assert_eq!(changed, before == Some(ItemStatus::Running));
                    if changed && ok {
                        ever_done.insert(id);
                    }
                    if changed && !ok && checking.contains(&id) {
                        // A re-read that proves nothing happened makes it failed: sendable.
                        never_again.remove(&id);
                    }
                    checking.remove(&id);
                }
                Op::Lost(i, unknown) => {
                    let id = i as u64 * 7;
                    let before = p.status(id).cloned();
                    let end = if unknown { ItemStatus::Unknown("lost".into()) } else { ItemStatus::Stopped("changed".into()) };
                    let changed = p.settle(id, end);
                    prop_assert_eq!(changed, before == Some(ItemStatus::Running));
                    if changed {
                        never_again.insert(id);
                        checking.remove(&id);
                    }
                }
                Op::Check => {
                    for id in p.check_unknown() {
                        prop_assert!(never_again.contains(&id));
                        checking.insert(id);
                    }
                }
                Op::Requeue(i) => {
                    p.requeue(i as u64 * 7);
                }
                Op::Retry => {
                    p.retry_failed();
                }
            }
            let mut c = BatchCounts::default();
            for item in p.items() {
                match item.status {
                    ItemStatus::Pending => c.pending += 1,
                    ItemStatus::Running => c.running += 1,
                    ItemStatus::Done => c.done += 1,
                    ItemStatus::Failed(_) => c.failed += 1,
                    ItemStatus::Unknown(_) => c.unknown += 1,
                    ItemStatus::Stopped(_) => c.stopped += 1,
                }
            }
            prop_assert_eq!(c, p.counts());
            prop_assert_eq!(c.total(), n);
            prop_assert_eq!(c.done, ever_done.len(), "done only from a successful answer");
        }
    }
}

#[test]
fn renewal_orders_group_linked_services_under_their_highest_selected_ancestor() {
    use billing_console::domain::batch::renewal_groups;
    let mut hosting = domain(1);
    hosting.parent_id = None;
    let mut linked = domain(2);
    linked.parent_id = Some(1);
    let mut zone = domain(3);
    zone.parent_id = Some(2);
    let mut other = domain(4);
    other.parent_id = None;
    let mut orphan_child = domain(5);
    orphan_child.parent_id = Some(4);
    let rows = vec![hosting, linked, zone, other, orphan_child];
    // 4 is not eligible: its child 5 is ordered on its own.
    assert_eq!(
        renewal_groups(&rows, &[3, 1, 2, 5]),
        vec![(1, vec![1, 3, 2]), (5, vec![5])]
    );
    // Without the hosting, the domain heads its own order with its zone.
    assert_eq!(renewal_groups(&rows, &[3, 2]), vec![(2, vec![2, 3])]);
    assert_eq!(renewal_groups(&rows, &[]), Vec::<(u64, Vec<u64>)>::new());
}

#[test]
fn why_an_item_ended_is_kept_in_no_language_and_older_journals_still_read() {
    use billing_console::domain::batch::{Failure, Reason, Why};
    use billing_console::domain::outcome::Changed;
    let items = vec![
        BatchItem {
            id: 1,
            status: ItemStatus::Failed(Why::Coded(Reason::NotApplied(Box::new(Why::error(
                Failure::Server,
                Some("Service unavailable"),
            ))))),
        },
        BatchItem {
            id: 2,
            status: ItemStatus::Stopped(Why::Coded(Reason::Changed(Changed::ExpiryChanged))),
        },
        BatchItem {
            id: 3,
            status: ItemStatus::Unknown(Why::INTERRUPTED),
        },
    ];
    let text = serde_json::to_string(&items).unwrap();
    // Codes, not words of one language (the API's own words are kept as it said them).
    assert!(
        !text.contains("Erreur") && !text.contains("error on the server"),
        "{text}"
    );
    assert!(text.contains(r#""why":"interrupted""#), "{text}");
    assert_eq!(
        serde_json::from_str::<Vec<BatchItem>>(&text).unwrap(),
        items
    );
    // A journal written before (words, and "interrupted") reads as it was meant.
    let older = r#"[{"id":4,"status":"failed","why":"Refusé par l'API"},{"id":5,"status":"unknown","why":"interrupted"}]"#;
    let read: Vec<BatchItem> = serde_json::from_str(older).unwrap();
    assert_eq!(
        read[0].status,
        ItemStatus::Failed("Refusé par l'API".into())
    );
    assert_eq!(read[1].status, ItemStatus::Unknown(Why::INTERRUPTED));
}
