//! From the API's shapes to the domain's: the one place where what was read on the wire becomes
//! the rows, amounts and values the rest of the console works on (`domain/` never sees a wire
//! type). Each conversion keeps what the domain needs and reads amounts exactly.

use std::cell::RefCell;
use std::collections::HashSet;
use std::sync::Arc;

use super::capabilities::{legacy_service_infos, LegacyInfos as Legacy};
use super::models::{Billing, ContactType, Debt, Order, PaymentMethod, Price, Service};
use super::orders::{FollowUp, FollowUpHistory, OrderDetail};
use crate::domain::dates::{self, parse_api_date, parse_api_instant};
use crate::domain::health::DebtRow;
use crate::domain::money::{parse_decimal, round_div, Money};
use crate::domain::orders::{
    line_amount, DetailRow, HistoryEntry, OrderRow, SecretUrl, TrackingStep, UnitPrice,
};
use crate::domain::renewal;
use crate::domain::services::{
    is_filled_route, LegacyInfos, RenewalStatus, ServiceRow, ServiceType,
};
use crate::domain::values::RenewMode;

impl Price {
    /// The exact amount (`Money::from_api_amount`): from `priceInUcents`, else the decimal text
    /// of `value`; never from `text`, never through a float.
    pub fn money(&self) -> Option<Money> {
        let mut money = Money::from_api_amount(
            &self.currency_code,
            self.price_in_ucents,
            self.value.as_str(),
        )?;
        money.currency = intern(&money.currency);
        Some(money)
    }

    /// The price in micro-units (10^-8): `priceInUcents`, else `value` read as decimal text
    /// (at most 12 decimals, rounded half away from zero to 8).
    pub fn ucents(&self) -> Option<i128> {
        match self.price_in_ucents {
            Some(ucents) => Some(i128::from(ucents)),
            None => {
                let (mantissa, scale) = parse_decimal(self.value.as_str(), 12)?;
                let scale = 10i128.checked_pow(scale)?;
                Some(round_div(mantissa.checked_mul(100_000_000)?, scale))
            }
        }
    }
}

/// One shared copy of a text many rows have (route templates, contacts, currency codes): 50,000
/// services of an account have a few dozen of each.
fn intern(text: &str) -> Arc<str> {
    thread_local! {
        static TEXTS: RefCell<HashSet<Arc<str>>> = RefCell::new(HashSet::new());
    }
    TEXTS.with(|texts| {
        let mut texts = texts.borrow_mut();
        if let Some(shared) = texts.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        texts.insert(shared.clone());
        shared
    })
}

impl From<&Service> for ServiceRow {
    fn from(service: &Service) -> ServiceRow {
        // Borrowed: this runs once per service while a big account loads.
        let no_billing = Billing::default();
        let billing = service.billing.as_ref().unwrap_or(&no_billing);
        let current = billing.lifecycle.as_ref().map(|l| &l.current);
        let lifecycle = current.map(|c| c.state.clone());
        let pending = current
            .map(|c| c.pending_actions.as_slice())
            .unwrap_or_default();
        let renew = billing.renew.as_ref().map(|r| &r.current);
        let renew_mode = renew.and_then(|r| r.mode.clone());
        let status = RenewalStatus::of(lifecycle.as_ref(), pending, renew_mode.as_ref());
        let period_months = match renew_mode {
            Some(RenewMode::Automatic) => renew
                .and_then(|r| r.period.as_deref())
                .and_then(dates::period_months),
            _ => None,
        };
        let route_path = service.route.as_ref().and_then(|r| r.path.as_deref());
        let reference: Arc<str> = Arc::from(service.resource.name.as_str());
        let display_name = match service.resource.display_name.as_deref() {
            Some(name) if !name.trim().is_empty() && name != &*reference => Arc::from(name),
            _ => reference.clone(),
        };
        // Kept only when the template filled with the name does not give it (most services: it
        // does, and 50,000 URLs are 2 MB).
        let route_url_apart = service
            .route
            .as_ref()
            .and_then(|r| r.url.as_deref())
            .filter(|url| !route_path.is_some_and(|path| is_filled_route(url, path, &reference)))
            .map(Box::from);
        let contact = |kind: ContactType| {
            service
                .customer
                .as_ref()
                .and_then(|c| c.contacts.iter().find(|c| c.kind == kind))
                .map(|c| intern(&c.customer_code))
        };
        ServiceRow {
            id: service.service_id,
            parent_id: service.parent_service_id,
            display_name,
            reference,
            kind: ServiceType::from_route_path(route_path),
            state: service.resource.state.clone(),
            lifecycle,
            status,
            renew_mode,
            period_months,
            expiration: billing.expiration_date.as_deref().and_then(parse_api_date),
            termination: current
                .and_then(|c| c.termination_date.as_deref())
                .and_then(parse_api_date),
            expiration_at: billing
                .expiration_date
                .as_deref()
                .and_then(parse_api_instant),
            lifecycle_capacities: billing
                .lifecycle
                .as_ref()
                .and_then(|l| l.capacities.as_ref())
                .map(|c| c.actions.iter().cloned().collect())
                .unwrap_or_default(),
            renew_capacities: billing
                .renew
                .as_ref()
                .and_then(|r| r.capacities.as_ref())
                .map(|c| c.mode.iter().cloned().collect())
                .unwrap_or_default(),
            route_url_apart,
            route_path: route_path.map(intern),
            legacy: route_path.map_or(LegacyInfos::None, |path| match legacy_service_infos(path) {
                Legacy::None => LegacyInfos::None,
                Legacy::ReadOnly => LegacyInfos::ReadOnly,
                Legacy::ReadWrite => LegacyInfos::ReadWrite,
            }),
            price: billing
                .pricing
                .as_ref()
                .and_then(|p| p.price.as_ref())
                .and_then(Price::money),
            price_period_months: billing
                .pricing
                .as_ref()
                .and_then(|p| p.duration.as_deref())
                .and_then(dates::period_months),
            next_billing: billing
                .next_billing_date
                .as_deref()
                .and_then(parse_api_date),
            renew_next_date: renew
                .and_then(|r| r.next_date.as_deref())
                .and_then(parse_api_date),
            admin_contact: contact(ContactType::Administrator),
            billing_contact: contact(ContactType::Billing),
        }
    }
}

impl From<&Order> for OrderRow {
    /// The row of an API order (status not loaded yet). The order's `password` is not kept.
    fn from(order: &Order) -> OrderRow {
        let instant = |raw: &Option<String>| raw.as_deref().and_then(parse_api_instant);
        let money = |price: &Option<Price>| price.as_ref().and_then(Price::money);
        let secret = |raw: &Option<String>| {
            raw.as_deref()
                .filter(|u| !u.trim().is_empty())
                .map(SecretUrl::new)
        };
        OrderRow {
            id: order.order_id,
            date: instant(&order.date),
            expiration: instant(&order.expiration_date),
            retraction: instant(&order.retraction_date),
            status: None,
            price_with_tax: money(&order.price_with_tax),
            price_without_tax: money(&order.price_without_tax),
            tax: money(&order.tax),
            url: secret(&order.url),
            pdf_url: secret(&order.pdf_url),
        }
    }
}

impl From<&OrderDetail> for DetailRow {
    fn from(detail: &OrderDetail) -> DetailRow {
        let unit = detail.unit_price.as_ref().and_then(|unit| {
            Some(UnitPrice {
                ucents: unit.ucents()?,
                currency: unit.currency_code.clone(),
            })
        });
        let total_price = detail.total_price.as_ref().and_then(Price::money);
        DetailRow {
            id: detail.order_detail_id,
            description: detail.description.clone().unwrap_or_default(),
            domain: detail.domain.clone().filter(|d| !d.trim().is_empty()),
            detail_type: detail.detail_type.clone(),
            quantity: detail.quantity.clone(),
            unit_price: detail.unit_price.as_ref().and_then(Price::money),
            amount: line_amount(unit.as_ref(), &detail.quantity, total_price.as_ref()),
            total_price,
            cancelled: detail.cancelled,
        }
    }
}

impl From<&FollowUp> for TrackingStep {
    fn from(step: &FollowUp) -> TrackingStep {
        TrackingStep {
            step: step.step.clone(),
            status: step.status.clone(),
            history: step.history.iter().map(HistoryEntry::from).collect(),
        }
    }
}

impl From<&FollowUpHistory> for HistoryEntry {
    fn from(event: &FollowUpHistory) -> HistoryEntry {
        HistoryEntry {
            date: event.date.as_deref().and_then(parse_api_instant),
            label: event.label.clone(),
            description: event.description.clone(),
        }
    }
}

impl From<&Debt> for DebtRow {
    fn from(debt: &Debt) -> DebtRow {
        DebtRow {
            id: debt.debt_id,
            order_id: debt.order_id,
            date: debt.date.as_deref().and_then(parse_api_date),
            due: debt.due_amount.money(),
        }
    }
}

impl From<&PaymentMethod> for renewal::PaymentMethod {
    fn from(method: &PaymentMethod) -> renewal::PaymentMethod {
        renewal::PaymentMethod {
            id: method.payment_method_id,
            payment_type: method.payment_type.clone(),
            status: method.status.clone(),
            default: method.default,
            label: method.label.clone(),
            description: method.description.clone(),
            expires: method.expiration_date.as_deref().and_then(parse_api_date),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::services::ServiceType;
    use crate::domain::values::{LifecycleState, ResourceState};
    use chrono::NaiveDate;

    fn service(json: &str) -> Service {
        serde_json::from_str(json).unwrap()
    }

    fn price(json: &str) -> Price {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_row_from_the_fixture_service() {
        let s = service(include_str!("../../tests/fixtures/service_domain.json"));
        let row = ServiceRow::from(&s);
        assert_eq!(row.id, 1000002);
        assert_eq!(row.parent_id, Some(1000001));
        assert_eq!(&*row.display_name, "Pâtisserie Lefèvre");
        assert_eq!(&*row.reference, "patisserie-lefevre.fr");
        assert_eq!(row.kind, ServiceType::Domain);
        assert_eq!(row.status, RenewalStatus::Automatic);
        assert_eq!(row.period_months, Some(12));
        assert_eq!(row.expiration, NaiveDate::from_ymd_opt(2026, 12, 31));
    }

    #[test]
    fn statuses_from_the_wire() {
        let base = r#"{"serviceId":1,"resource":{"name":"n","state":"active"},
            "billing":{"lifecycle":{"current":{"state":"STATE","pendingActions":[ACTIONS]}},
                       "renew":{"current":{"mode":MODE,"period":"P1M"}}}}"#;
        let row = |state: &str, actions: &str, mode: &str| {
            ServiceRow::from(&service(
                &base
                    .replace("STATE", state)
                    .replace("ACTIONS", actions)
                    .replace("MODE", mode),
            ))
        };
        assert_eq!(
            row("unpaid", "", "\"automatic\"").status,
            RenewalStatus::BillToPay
        );
        assert_eq!(
            row("active", "\"terminateAtExpirationDate\"", "\"automatic\"").status,
            RenewalStatus::TerminationRequested
        );
        assert_eq!(
            row("terminated", "", "\"manual\"").status,
            RenewalStatus::Terminated
        );
        assert_eq!(
            row("active", "", "\"manual\"").status,
            RenewalStatus::Manual
        );
        assert_eq!(row("active", "", "\"manual\"").period_months, None);
        assert_eq!(row("active", "", "null").status, RenewalStatus::OneShot);
        assert_eq!(
            row("active", "", "\"yearlyDeal\"").status,
            RenewalStatus::Other("yearlyDeal".into())
        );
        assert_eq!(
            row("pendingMigration", "", "\"automatic\"").status,
            RenewalStatus::Automatic
        );
        assert_eq!(
            row("pendingMigration", "", "\"automatic\"").lifecycle,
            Some(LifecycleState::Unknown("pendingMigration".into()))
        );
    }

    #[test]
    fn a_service_without_billing_or_display_name_still_makes_a_row() {
        let row = ServiceRow::from(&service(
            r#"{"serviceId":7,"route":null,"resource":{"name":"ref-7","displayName":" ","state":"inMaintenance"}}"#,
        ));
        assert_eq!(&*row.display_name, "ref-7");
        assert_eq!(row.state, ResourceState::Unknown("inMaintenance".into()));
        assert_eq!(row.kind, ServiceType::Unspecified);
        assert_eq!(row.status, RenewalStatus::OneShot);
        assert_eq!(row.next_effective_date(), None);
    }

    #[test]
    fn a_price_is_read_exactly() {
        let p = price(
            r#"{"currencyCode":"EUR","text":"12.99 €","value":12.99,"priceInUcents":1299000000}"#,
        );
        assert_eq!(p.money(), Some(Money::new(1299, "EUR")));
        // The value's text, not a float: 0.1 + 0.2 is exactly 0.30.
        let a = price(r#"{"currencyCode":"EUR","value":0.1}"#)
            .money()
            .unwrap();
        let b = price(r#"{"currencyCode":"EUR","value":0.2}"#)
            .money()
            .unwrap();
        assert_eq!(a.checked_add(&b), Some(Money::new(30, "EUR")));
        let yen = price(r#"{"currencyCode":"JPY","text":"1200 JPY","value":1200}"#);
        assert_eq!(yen.money(), Some(Money::new(1200, "JPY")));
        assert_eq!(
            price(r#"{"currencyCode":"EUR","value":"0.123456789"}"#).ucents(),
            Some(12_345_679)
        );
    }
}
