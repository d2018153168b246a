//! The API models decode JSON in the real API's shapes: unknown enum values, missing optional
//! fields, `null` entries and one bad item among good ones.

use billing_console::api::models::{
    LifecycleAction, LifecycleState, Me, MeDetails, Order, PaymentMethod, PaymentMethodStatus,
    RenewMode, ResourceState, Service,
};
use billing_console::api::pagination::decode_page;
use billing_console::domain::money::Money;
use billing_console::domain::services::{RenewalStatus, ServiceRow, ServiceType};

#[test]
fn a_services_page_decodes_leniently() {
    let page = decode_page::<Service>(include_str!("fixtures/services_page.json")).unwrap();
    // 6 entries: one null (dropped), two broken (counted), three good.
    // Two broken: plain decoding leaves them to be repaired (the loader does; here, not).
    assert_eq!(page.unread.len(), 2);
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
    assert_eq!(price.money(), Some(Money::new(4308, "EUR")));

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
    let row = ServiceRow::from(odd);
    assert_eq!(row.kind, ServiceType::Other("/storage/netapp".into()));
    assert_eq!(&*row.display_name, "netapp-abc");
    assert_eq!(row.status, RenewalStatus::TerminationRequested);

    let bare = &page.items[2];
    assert!(bare.route.is_none() && bare.billing.is_none() && bare.customer.is_none());
    assert_eq!(ServiceRow::from(bare).kind, ServiceType::Unspecified);
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
    assert_eq!(page.skipped.count, 0);
    let order = &page.items[0];
    assert_eq!(
        order.price_with_tax.as_ref().unwrap().money(),
        Some(Money::new(5170, "EUR"))
    );
    let debug = format!("{order:?}");
    assert!(!debug.contains("s3cr3tpw"), "{debug}");
    assert!(page.items[1].date.is_none());
}

/// The first load reads `/me`'s customer code alone; a field of the rest with the wrong type
/// fails where a page reads it, never the rights on the services; no code fails both.
#[test]
fn me_reads_its_code_first_and_the_rest_on_demand() {
    let me = Me::from_body(r#"{"nichandle":"ab1-ovh","email":42}"#).unwrap();
    assert_eq!(me.nichandle, "ab1-ovh");
    assert_eq!(
        me.details().unwrap_err().kind,
        billing_console::api::ApiErrorKind::Decode
    );
    for body in [r#"{"email":"a@b.c"}"#, r#"{"nichandle":7}"#, "[]", "<html>"] {
        assert_eq!(
            Me::from_body(body).unwrap_err().kind,
            billing_console::api::ApiErrorKind::Decode,
            "{body}"
        );
    }
}

#[test]
fn me_and_payment_methods_decode() {
    let me = Me::from_body(include_str!("fixtures/me.json")).unwrap();
    assert_eq!(me.nichandle, "dp12345-ovh");
    let details = me.details().unwrap();
    assert_eq!(details.nichandle, "dp12345-ovh");
    assert_eq!(details.legalform.as_deref(), Some("individual"));
    assert_eq!(details.currency.unwrap().code, "EUR");
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

// ---------------------------------------------------------------------------------------------
// Tolerance: a field the screen does not need never drops the object; hostile JSON never panics.

use billing_console::api::decode::decode;
use billing_console::api::models::{Debt, DebtAccount};
use proptest::prelude::*;

const SERVICE: &str = r#"{"serviceId": 7, "resource": {"name": "example.com", "displayName": "Shop", "state": "active",
  "product": {"name": "domain", "description": "Domain"}},
  "route": {"path": "/domain/{serviceName}", "url": "/domain/example.com", "vars": [{"key": "serviceName", "value": "example.com"}]},
  "billing": {"expirationDate": "2027-01-31", "nextBillingDate": "2027-01-31",
    "plan": {"code": "domain", "invoiceName": "Domain"},
    "pricing": {"price": {"currencyCode": "EUR", "text": "9.99 €", "value": 9.99}, "duration": "P1Y", "interval": 1},
    "lifecycle": {"current": {"state": "active", "pendingActions": []}, "capacities": {"actions": ["terminate"]}},
    "renew": {"current": {"mode": "automatic", "period": "P1Y", "nextDate": "2027-01-31"}, "capacities": {"mode": ["automatic", "manual"]}}},
  "customer": {"contacts": [{"type": "billing", "customerCode": "xx1-ovh"}]}}"#;

#[test]
fn null_lists_and_broken_fields_the_table_does_not_need_keep_the_service() {
    let mut value: serde_json::Value = serde_json::from_str(SERVICE).unwrap();
    value["route"]["vars"] = serde_json::Value::Null;
    value["billing"]["lifecycle"]["current"]["pendingActions"] = serde_json::Value::Null;
    value["billing"]["renew"]["capacities"]["mode"] = serde_json::Value::Null;
    value["billing"]["pricing"]["price"]["value"] = serde_json::json!("free");
    value["billing"]["plan"] = serde_json::json!(42);
    value["customer"]["contacts"] = serde_json::json!([{"type": "billing"}, null]);
    value["resource"]["product"] = serde_json::json!({"description": "no name"});
    let decoded = decode::<Service>(&value.to_string()).expect("the service is kept");
    let service = decoded.value;
    assert_eq!(service.service_id, 7);
    assert_eq!(service.resource.name, "example.com");
    let billing = service.billing.unwrap();
    assert_eq!(billing.expiration_date.as_deref(), Some("2027-01-31"));
    assert!(
        billing.pricing.unwrap().price.is_none(),
        "an unreadable price is unknown, not guessed"
    );
    assert!(billing
        .lifecycle
        .unwrap()
        .current
        .pending_actions
        .is_empty());
    assert!(!decoded.dropped.is_empty());
}

#[test]
fn null_lists_in_an_order_line_and_a_debt_keep_them() {
    let debt = r#"{"debtId": 1, "orderId": 2, "amount": {"currencyCode": "EUR", "value": 1.5},
        "dueAmount": {"currencyCode": "EUR", "value": 1.5}, "pendingAmount": {"currencyCode": null}, "status": 3}"#;
    let decoded = decode::<Debt>(debt).unwrap().value;
    assert_eq!((decoded.debt_id, decoded.order_id), (1, 2));
    assert!(decoded.pending_amount.is_none());
    let account = decode::<DebtAccount>(r#"{"active": "yes", "dueAmount": null}"#).unwrap();
    assert_eq!(account.value.active, None);
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| serde_json::json!(f)),
        "[a-zA-Z0-9 ={}\\[\\]\"'\\\\\u{0}-\u{1f}é€]{0,12}".prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop_oneof![
            Just("serviceId".to_string()),
            Just("resource".to_string()),
            Just("name".to_string()),
            Just("state".to_string()),
            Just("billing".to_string()),
            Just("renew".to_string()),
            Just("current".to_string()),
            Just("orderId".to_string()),
            Just("price".to_string()),
            Just("value".to_string()),
            "[a-z]{1,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(keys, inner, 0..6)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Random and hostile JSON, as one object or a page: every decoder answers, none panics.
    #[test]
    fn no_decoder_panics_on_hostile_json(value in json_value(), raw in "[\\[\\]{}\",:0-9a-z\\\\ ]{0,40}") {
        let text = value.to_string();
        for input in [text.as_str(), raw.as_str()] {
            let _ = decode::<Service>(input);
            let _ = decode::<Order>(input);
            let _ = decode::<MeDetails>(input);
            let _ = Me::from_body(input).map(|me| me.details());
            let _ = decode::<PaymentMethod>(input);
            let _ = decode::<Debt>(input);
            let _ = decode::<DebtAccount>(input);
            let _ = decode::<billing_console::api::orders::OrderDetail>(input);
            let _ = decode::<billing_console::api::orders::FollowUp>(input);
            let _ = decode_page::<Service>(input);
            let _ = decode_page::<Order>(input);
        }
        let page = serde_json::Value::Array(vec![value.clone(), serde_json::Value::Null, value]).to_string();
        if let Ok(page) = decode_page::<Service>(&page) {
            prop_assert!(page.items.len() + page.unread.len() + page.ids.len() <= 3);
        }
    }

    /// A valid service with any one of its optional parts replaced by junk is still read, with
    /// its id and name.
    #[test]
    fn one_junk_optional_part_never_drops_a_service(
        part in prop::sample::select(vec![
            "/route", "/route/vars", "/billing", "/billing/plan", "/billing/pricing", "/billing/pricing/price",
            "/billing/lifecycle", "/billing/lifecycle/current/pendingActions", "/billing/renew",
            "/billing/renew/current", "/billing/renew/capacities", "/customer", "/customer/contacts",
            "/resource/product", "/resource/displayName", "/parentServiceId", "/billing/expirationDate",
        ]),
        junk in json_value(),
    ) {
        let mut value: serde_json::Value = serde_json::from_str(SERVICE).unwrap();
        let (parent, key) = part.rsplit_once('/').unwrap();
        value
            .pointer_mut(parent)
            .and_then(serde_json::Value::as_object_mut)
            .unwrap()
            .insert(key.to_string(), junk);
        let decoded = decode::<Service>(&value.to_string());
        prop_assert!(decoded.is_ok(), "{part}: {:?}", decoded.err());
        let service = decoded.unwrap().value;
        prop_assert_eq!(service.service_id, 7);
        prop_assert_eq!(service.resource.name.as_str(), "example.com");
    }
}
