//! Eligibility of each per-service action: one pure function of the service, the account and
//! the server's clock.

use billing_console::api::models::{
    LifecycleAction, LifecycleState, RenewMode, ResourceState, Service,
};
use billing_console::domain::eligibility::{
    all_actions, cancel_deadline, check, Refusal, Requester, ServiceAction,
};
use billing_console::domain::services::{LegacyInfos, RenewalStatus, ServiceRow, ServiceType};
use chrono::{DateTime, TimeZone, Utc};

use ServiceAction::*;

const NIC: &str = "dp12345-ovh";

fn who(now: &str) -> Requester {
    Requester {
        nic: NIC.into(),
        now: DateTime::parse_from_rfc3339(now)
            .unwrap()
            .with_timezone(&Utc),
    }
}

fn today() -> Requester {
    who("2026-11-23T12:00:00Z")
}

/// The fixture domain: automatic renewal, every right, expiring 2026-12-31 (+01:00).
fn domain() -> ServiceRow {
    let service: Service =
        serde_json::from_str(include_str!("fixtures/service_domain.json")).unwrap();
    ServiceRow::from(&service)
}

fn pending_termination(mut row: ServiceRow, expiration: &str) -> ServiceRow {
    row.status = RenewalStatus::TerminationRequested;
    row.expiration_at = Some(DateTime::parse_from_rfc3339(expiration).unwrap());
    row
}

#[test]
fn the_fixture_row_carries_what_eligibility_reads() {
    let row = domain();
    assert_eq!(row.admin_contact.as_deref(), Some(NIC));
    assert_eq!(row.billing_contact.as_deref(), Some(NIC));
    assert_eq!(
        row.route_url().as_deref(),
        Some("/domain/patisserie-lefevre.fr")
    );
    assert_eq!(
        row.route_url_apart, None,
        "the template filled with the name: not kept twice"
    );
    assert_eq!(
        row.renew_capacities.iter().collect::<Vec<_>>(),
        vec![RenewMode::Automatic, RenewMode::Manual]
    );
    assert!(row
        .lifecycle_capacities
        .contains(&LifecycleAction::EarlyRenewal));
}

#[test]
fn an_automatic_domain_with_every_right() {
    let verdicts = all_actions(&domain(), &today());
    assert_eq!(
        verdicts,
        vec![
            (PayBill, Err(Refusal::NoBillToPay)),
            (ConfigureRenewal, Ok(())),
            (AnticipatePayment, Ok(())),
            (RenewService, Err(Refusal::NeedsManualRenewal)),
            (Terminate, Ok(())),
            (CancelTermination, Err(Refusal::NoTerminationPending)),
            (DeleteNow, Err(Refusal::WebHostingOnly)),
        ]
    );
}

#[test]
fn a_manual_service_is_renewed_not_anticipated() {
    let mut row = domain();
    row.renew_mode = Some(RenewMode::Manual);
    row.status = RenewalStatus::Manual;
    assert_eq!(check(RenewService, &row, &today()), Ok(()));
    assert_eq!(
        check(AnticipatePayment, &row, &today()),
        Err(Refusal::NeedsAutomaticRenewal)
    );
}

#[test]
fn a_pending_bill_comes_first() {
    let mut row = domain();
    row.status = RenewalStatus::BillToPay;
    row.lifecycle = Some(LifecycleState::Unpaid);
    assert_eq!(check(PayBill, &row, &today()), Ok(()));
    for action in [ConfigureRenewal, AnticipatePayment, RenewService, Terminate] {
        assert_eq!(
            check(action, &row, &today()),
            Err(Refusal::BillToPay),
            "{action:?}"
        );
    }
}

#[test]
fn telecom_microsoft_and_mx_plan_are_managed_elsewhere() {
    for kind in [
        ServiceType::Telephony,
        ServiceType::Xdsl,
        ServiceType::PackXdsl,
        ServiceType::Sms,
        ServiceType::Exchange,
        ServiceType::Microsoft,
        ServiceType::MxPlan,
    ] {
        let mut row = domain();
        row.kind = kind.clone();
        for (action, verdict) in all_actions(&row, &today()) {
            assert_eq!(verdict, Err(Refusal::NotManagedHere), "{kind:?} {action:?}");
        }
    }
}

#[test]
fn rights_follow_the_contacts() {
    let mut row = domain();
    row.admin_contact = Some("xy9876-ovh".into());
    assert_eq!(
        check(Terminate, &row, &today()),
        Err(Refusal::NotAdministrator {
            administrator: Some("xy9876-ovh".into())
        })
    );
    assert_eq!(
        check(ConfigureRenewal, &row, &today()),
        Ok(()),
        "billing contact may still configure"
    );
    row.billing_contact = Some("xy9876-ovh".into());
    assert_eq!(
        check(AnticipatePayment, &row, &today()),
        Err(Refusal::NotBillingContact {
            billing: Some("xy9876-ovh".into())
        })
    );
}

#[test]
fn ended_one_shot_and_not_offered_services() {
    let mut ended = domain();
    ended.status = RenewalStatus::Terminated;
    ended.lifecycle = Some(LifecycleState::Terminated);
    assert_eq!(check(Terminate, &ended, &today()), Err(Refusal::Ended));
    let mut one_shot = domain();
    one_shot.renew_mode = None;
    one_shot.status = RenewalStatus::OneShot;
    assert_eq!(
        check(ConfigureRenewal, &one_shot, &today()),
        Err(Refusal::OneShot)
    );
    let mut no_capacity = domain();
    no_capacity.lifecycle_capacities.clear();
    assert_eq!(
        check(AnticipatePayment, &no_capacity, &today()),
        Err(Refusal::NotOffered)
    );
    assert_eq!(
        check(Terminate, &no_capacity, &today()),
        Err(Refusal::NotOffered)
    );
}

#[test]
fn a_pending_termination_blocks_renewal_changes_and_can_be_cancelled() {
    let row = pending_termination(domain(), "2026-12-31T00:00:00+01:00");
    assert_eq!(
        check(Terminate, &row, &today()),
        Err(Refusal::TerminationPending)
    );
    assert_eq!(
        check(ConfigureRenewal, &row, &today()),
        Err(Refusal::TerminationPending)
    );
    assert_eq!(check(CancelTermination, &row, &today()), Ok(()));
}

#[test]
fn cancelling_is_allowed_until_24_hours_before_the_expiry_instant() {
    // Expiry at midnight Paris time (UTC+1) on 26 Nov: the deadline is 24 Nov 23:00 UTC.
    let row = pending_termination(domain(), "2026-11-26T00:00:00+01:00");
    assert_eq!(
        cancel_deadline(row.expiration_at.unwrap()),
        Utc.with_ymd_and_hms(2026, 11, 24, 23, 0, 0).unwrap()
    );
    assert_eq!(
        check(CancelTermination, &row, &who("2026-11-24T22:59:59Z")),
        Ok(())
    );
    assert_eq!(
        check(CancelTermination, &row, &who("2026-11-24T23:00:00Z")),
        Err(Refusal::TooLateToCancel {
            deadline: Utc.with_ymd_and_hms(2026, 11, 24, 23, 0, 0).unwrap()
        })
    );
    // The same instant seen from another zone changes nothing: the rule is on instants.
    assert_eq!(
        check(CancelTermination, &row, &who("2026-11-25T00:29:59+01:30")),
        Ok(())
    );
    assert!(check(CancelTermination, &row, &who("2026-11-25T00:00:00+01:00")).is_err());
}

#[test]
fn the_24_hour_rule_across_daylight_saving_changes() {
    // Paris goes to summer time on 29 March 2026 at 02:00: the day before has 23 hours.
    let spring = pending_termination(domain(), "2026-03-30T00:00:00+02:00");
    assert_eq!(
        cancel_deadline(spring.expiration_at.unwrap()),
        Utc.with_ymd_and_hms(2026, 3, 28, 22, 0, 0).unwrap()
    );
    assert_eq!(
        check(
            CancelTermination,
            &spring,
            &who("2026-03-28T22:59:59+01:00")
        ),
        Ok(())
    );
    assert!(check(
        CancelTermination,
        &spring,
        &who("2026-03-28T23:00:00+01:00")
    )
    .is_err());
    // Back to winter time on 25 October 2026 at 03:00: the day before has 25 hours.
    let autumn = pending_termination(domain(), "2026-10-26T00:00:00+01:00");
    assert_eq!(
        cancel_deadline(autumn.expiration_at.unwrap()),
        Utc.with_ymd_and_hms(2026, 10, 24, 23, 0, 0).unwrap()
    );
    assert_eq!(
        check(
            CancelTermination,
            &autumn,
            &who("2026-10-25T00:59:59+02:00")
        ),
        Ok(())
    );
    assert!(check(
        CancelTermination,
        &autumn,
        &who("2026-10-25T01:00:00+02:00")
    )
    .is_err());
}

#[test]
fn a_termination_without_a_known_expiry_can_be_cancelled() {
    let mut row = domain();
    row.status = RenewalStatus::TerminationRequested;
    row.expiration_at = None;
    assert_eq!(check(CancelTermination, &row, &today()), Ok(()));
}

#[test]
fn only_a_live_web_hosting_can_be_deleted_at_once() {
    let mut hosting = domain();
    hosting.kind = ServiceType::WebHosting;
    assert_eq!(check(DeleteNow, &hosting, &today()), Ok(()));
    hosting.state = ResourceState::ToDelete;
    assert_eq!(check(DeleteNow, &hosting, &today()), Err(Refusal::Ended));
}

/// A service's legacy details come from the schema's table for its route (`api::capabilities`),
/// read once when the row is made: a domain has details to change, a vRack details to read only
/// (it never expires), an IP none.
#[test]
fn the_legacy_details_follow_the_schema_table() {
    let with_route = |path: &str| {
        let service: Service = serde_json::from_str(&format!(
            r#"{{"serviceId":1,"route":{{"path":"{path}","url":"/x/1"}},"resource":{{"name":"n","state":"active"}}}}"#
        ))
        .unwrap();
        ServiceRow::from(&service)
    };
    let domain = with_route("/domain/{serviceName}");
    assert_eq!(domain.legacy, LegacyInfos::ReadWrite);
    assert_eq!(domain.legacy_url().as_deref(), Some("/x/1"));
    assert!(!domain.never_expires());
    let vrack = with_route("/vrack/{serviceName}");
    assert_eq!(vrack.legacy, LegacyInfos::ReadOnly);
    assert!(vrack.never_expires());
    assert_eq!(vrack.legacy_url(), None);
    assert_eq!(with_route("/ip/{ip}").legacy, LegacyInfos::None);
    assert_eq!(with_route("/ip/{ip}").legacy_url(), None);
}
