//! The API models decode JSON in the real API's shapes: unknown enum values, missing optional
//! fields, `null` entries and one bad item among good ones.

use billing_console::api::models::{
    LifecycleAction, LifecycleState, Me, Order, PaymentMethod, PaymentMethodStatus, RenewMode,
    ResourceState, Service,
};
use billing_console::api::pagination::decode_page;
use billing_console::domain::money::Money;
use billing_console::domain::services::{RenewalStatus, ServiceRow, ServiceType};

#[test]
fn a_services_page_decodes_leniently() {
    let page = decode_page::<Service>(include_str!("fixtures/services_page.json")).unwrap();
    // 6 entries: one null (dropped), two broken (counted), three good.
    assert_eq!(page.skipped, 2);
    let ids: Vec<u64> = page.items.iter().map(|s| s.service_id).collect();
    assert_eq!(ids, vec![1000001, 1000150, 1000151]);

    let hosting = &page.items[0];
    assert_eq!(hosting.resource.state, ResourceState::Active);
    let renew = hosting.billing.as_ref().unwrap().renew.as_ref().unwrap();
    assert_eq!(renew.current.mode, Some(RenewMode::Manual));
    assert_eq!(
        renew.capacities.as_ref().unwrap().mode,
        vec![RenewMode::Automatic, RenewMode::Manual]
    );
    let price = hosting
        .billing
        .as_ref()
        .unwrap()
        .pricing
        .as_ref()
        .unwrap()
        .price
        .as_ref()
        .unwrap();
    assert_eq!(Money::from_price(price), Some(Money::new(4308, "EUR")));

    let odd = &page.items[1];
    assert_eq!(
        odd.resource.state,
        ResourceState::Unknown("inMaintenance".into())
    );
    let lifecycle = &odd
        .billing
        .as_ref()
        .unwrap()
        .lifecycle
        .as_ref()
        .unwrap()
        .current;
    assert_eq!(
        lifecycle.state,
        LifecycleState::Unknown("pendingMigration".into())
    );
    assert_eq!(
        lifecycle.pending_actions,
        vec![
            LifecycleAction::TerminateAtExpirationDate,
            LifecycleAction::Unknown("migrate".into())
        ]
    );
    let row = ServiceRow::from_service(odd);
    assert_eq!(row.kind, ServiceType::Other("/storage/netapp".into()));
    assert_eq!(row.display_name, "netapp-abc");
    assert_eq!(row.status, RenewalStatus::TerminationRequested);

    let bare = &page.items[2];
    assert!(bare.route.is_none() && bare.billing.is_none() && bare.customer.is_none());
    assert_eq!(
        ServiceRow::from_service(bare).kind,
        ServiceType::Unspecified
    );
}

#[test]
fn the_single_service_fixture_keeps_its_link_to_the_parent() {
    let service: Service =
        serde_json::from_str(include_str!("fixtures/service_domain.json")).unwrap();
    assert_eq!(service.parent_service_id, Some(1000001));
    assert_eq!(
        service.route.unwrap().url.as_deref(),
        Some("/domain/patisserie-lefevre.fr")
    );
}

#[test]
fn orders_decode_with_nulls_and_never_print_their_secret() {
    let page = decode_page::<Order>(include_str!("fixtures/orders_page.json")).unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.skipped, 0);
    let order = &page.items[0];
    assert_eq!(
        Money::from_price(order.price_with_tax.as_ref().unwrap()),
        Some(Money::new(5170, "EUR"))
    );
    let debug = format!("{order:?}");
    assert!(!debug.contains("s3cr3tpw"), "{debug}");
    assert!(page.items[1].date.is_none());
}

#[test]
fn me_and_payment_methods_decode() {
    let me: Me = serde_json::from_str(include_str!("fixtures/me.json")).unwrap();
    assert_eq!(me.nichandle, "dp12345-ovh");
    assert_eq!(me.legalform.as_deref(), Some("individual"));
    let page =
        decode_page::<PaymentMethod>(include_str!("fixtures/payment_methods_page.json")).unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.items[0].default);
    assert_eq!(page.items[0].status, PaymentMethodStatus::Valid);
    assert_eq!(
        page.items[1].status,
        PaymentMethodStatus::Unknown("SUSPENDED_BY_BANK".into())
    );
}
