//! The services table's view model, derived from the API's `services.expanded.Service`.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::api::models::{
    Billing, ContactType, LifecycleAction, LifecycleState, RenewMode, ResourceState, Service,
};

use super::dates::{parse_api_date, parse_api_instant, period_months};

/// What kind of product a service is, from its `route.path`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServiceType {
    Domain,
    DnsZone,
    WebHosting,
    Vps,
    DedicatedServer,
    MxPlan,
    PrivateDatabase,
    PublicCloud,
    Exchange,
    Microsoft,
    Telephony,
    Xdsl,
    PackXdsl,
    Sms,
    Vrack,
    License,
    Ip,
    /// A route this build does not know, shown as the API gave it.
    Other(String),
    /// The service has no route.
    Unspecified,
}

const ROUTES: [(&str, ServiceType); 17] = [
    ("/domain/zone", ServiceType::DnsZone),
    ("/domain", ServiceType::Domain),
    ("/hosting/web", ServiceType::WebHosting),
    ("/hosting/privateDatabase", ServiceType::PrivateDatabase),
    ("/vps", ServiceType::Vps),
    ("/dedicated/server", ServiceType::DedicatedServer),
    ("/email/domain", ServiceType::MxPlan),
    ("/email/exchange", ServiceType::Exchange),
    ("/cloud/project", ServiceType::PublicCloud),
    ("/msServices", ServiceType::Microsoft),
    ("/telephony", ServiceType::Telephony),
    ("/pack/xdsl", ServiceType::PackXdsl),
    ("/xdsl", ServiceType::Xdsl),
    ("/sms", ServiceType::Sms),
    ("/vrack", ServiceType::Vrack),
    ("/license", ServiceType::License),
    ("/ip", ServiceType::Ip),
];

impl ServiceType {
    /// Every type this build knows by its route (not `Other` nor `Unspecified`).
    pub fn known() -> impl Iterator<Item = ServiceType> {
        ROUTES.iter().map(|(_, kind)| kind.clone())
    }

    /// `/domain/{serviceName}` → `Domain`; `/storage/netapp/{id}` → `Other("/storage/netapp")`.
    pub fn from_route_path(path: Option<&str>) -> ServiceType {
        let Some(path) = path else {
            return ServiceType::Unspecified;
        };
        let base = path.split("/{").next().unwrap_or(path);
        ROUTES
            .iter()
            .find(|(prefix, _)| {
                base == *prefix
                    || base
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|(_, kind)| kind.clone())
            .unwrap_or_else(|| ServiceType::Other(base.to_string()))
    }
}

/// The renewal status column: what the customer should know first about this service.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RenewalStatus {
    /// A bill is pending: the service will lapse unless it is paid.
    BillToPay,
    /// Termination at expiry is requested.
    TerminationRequested,
    /// Ended (terminated or expired without renewal).
    Terminated,
    Automatic,
    Manual,
    /// Paid once, nothing to renew.
    OneShot,
    /// A renewal mode this build does not know.
    Other(String),
}

/// Why the table flags a service: it stops or stays stopped unless the customer acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Attention {
    /// A bill is pending.
    BillToPay,
    /// The resource is suspended.
    Suspended,
    /// A manual renewal or a requested termination within [`ATTENTION_DAYS`] (or just past).
    Expiring,
}

/// How far ahead a service that expires unless renewed is flagged.
pub const ATTENTION_DAYS: i64 = 30;

/// One row of the services table.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub id: u64,
    pub parent_id: Option<u64>,
    /// The customer-facing name (the display name, else the reference).
    pub display_name: String,
    /// The internal reference (`resource.name`).
    pub reference: String,
    pub kind: ServiceType,
    pub state: ResourceState,
    pub lifecycle: Option<LifecycleState>,
    pub status: RenewalStatus,
    pub renew_mode: Option<RenewMode>,
    /// Renewal frequency in months (automatic renewal only).
    pub period_months: Option<u32>,
    pub expiration: Option<NaiveDate>,
    pub termination: Option<NaiveDate>,
    /// The expiry as an instant (for the 24-hour rule); a date without a time is midnight UTC.
    pub expiration_at: Option<DateTime<FixedOffset>>,
    /// `billing.lifecycle.capacities.actions`: what the API allows on this service.
    pub lifecycle_capacities: Vec<LifecycleAction>,
    /// `billing.renew.capacities.mode`: the renewal modes this service may use.
    pub renew_capacities: Vec<RenewMode>,
    /// `route.url`, the base of the legacy routes (`/domain/example.com`).
    pub route_url: Option<String>,
    /// `route.path`, the template (`/domain/{serviceName}`): what the API can do on it
    /// (`api::capabilities`).
    pub route_path: Option<String>,
    /// `billing.pricing.price`, exact, when the API gives it.
    pub price: Option<super::money::Money>,
    /// What that price pays for, in months (`billing.pricing.duration`, e.g. `P1Y` = 12).
    pub price_period_months: Option<u32>,
    /// `billing.nextBillingDate`, when the API gives it.
    pub next_billing: Option<NaiveDate>,
    /// `billing.renew.current.nextDate`: the next renewal, when the API gives it.
    pub renew_next_date: Option<NaiveDate>,
    /// Customer codes of the administrator and billing contacts.
    pub admin_contact: Option<String>,
    pub billing_contact: Option<String>,
}

impl ServiceRow {
    /// The renewal this row shows: what the customer saw, to compare with the API just before a
    /// change.
    pub fn renew_view(&self) -> super::outcome::RenewView {
        super::outcome::RenewView {
            automatic: match self.renew_mode {
                Some(RenewMode::Automatic) => Some(true),
                Some(RenewMode::Manual) => Some(false),
                _ => None,
            },
            period_months: self.period_months,
            termination_requested: self.status == RenewalStatus::TerminationRequested,
        }
    }

    /// What the schema gives this service's route: a legacy `serviceInfos` to read and change,
    /// to read only (a service that does not expire, like a vRack), or none (an IP, Microsoft
    /// services, a KMS: only `/services/{id}` acts on them).
    pub fn legacy_infos(&self) -> crate::api::capabilities::LegacyInfos {
        self.route_path
            .as_deref()
            .map_or(crate::api::capabilities::LegacyInfos::None, |path| {
                crate::api::capabilities::legacy_service_infos(path)
            })
    }

    /// The base of the legacy routes whose `serviceInfos` may be changed (`PUT`), if this
    /// service has one; `None` sends renewal changes through `/services/{id}`.
    pub fn legacy_url(&self) -> Option<&str> {
        self.route_url
            .as_deref()
            .filter(|_| self.legacy_infos().writable())
    }

    /// A service whose legacy details say it never expires (`services.NonExpiringService`):
    /// nothing to renew, nothing to terminate at expiry.
    pub fn never_expires(&self) -> bool {
        self.legacy_infos() == crate::api::capabilities::LegacyInfos::ReadOnly
    }

    pub fn from_service(service: &Service) -> ServiceRow {
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
        let termination_requested = pending.iter().any(|a| {
            matches!(
                a,
                LifecycleAction::TerminateAtExpirationDate
                    | LifecycleAction::TerminateAtEngagementDate
            )
        });
        let status = match (&lifecycle, &renew_mode) {
            (Some(LifecycleState::Unpaid), _) => RenewalStatus::BillToPay,
            (Some(LifecycleState::Terminated | LifecycleState::Unrenewed), _) => {
                RenewalStatus::Terminated
            }
            _ if termination_requested => RenewalStatus::TerminationRequested,
            (_, Some(RenewMode::Automatic)) => RenewalStatus::Automatic,
            (_, Some(RenewMode::Manual)) => RenewalStatus::Manual,
            (_, Some(RenewMode::Unknown(raw))) => RenewalStatus::Other(raw.clone()),
            (_, None) => RenewalStatus::OneShot,
        };
        let period_months = match renew_mode {
            Some(RenewMode::Automatic) => renew
                .and_then(|r| r.period.as_deref())
                .and_then(period_months),
            _ => None,
        };
        let reference = service.resource.name.clone();
        let display_name = service
            .resource
            .display_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| reference.clone());
        let contact = |kind: ContactType| {
            service
                .customer
                .as_ref()
                .and_then(|c| c.contacts.iter().find(|c| c.kind == kind))
                .map(|c| c.customer_code.clone())
        };
        ServiceRow {
            id: service.service_id,
            parent_id: service.parent_service_id,
            display_name,
            reference,
            kind: ServiceType::from_route_path(
                service.route.as_ref().and_then(|r| r.path.as_deref()),
            ),
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
                .map(|c| c.actions.clone())
                .unwrap_or_default(),
            renew_capacities: billing
                .renew
                .as_ref()
                .and_then(|r| r.capacities.as_ref())
                .map(|c| c.mode.clone())
                .unwrap_or_default(),
            route_url: service.route.as_ref().and_then(|r| r.url.clone()),
            route_path: service.route.as_ref().and_then(|r| r.path.clone()),
            price: billing
                .pricing
                .as_ref()
                .and_then(|p| p.price.as_ref())
                .and_then(super::money::Money::from_price),
            price_period_months: billing
                .pricing
                .as_ref()
                .and_then(|p| p.duration.as_deref())
                .and_then(super::dates::period_months),
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

    /// The date that matters next: the termination date when one is set, else the expiry.
    pub fn next_effective_date(&self) -> Option<NaiveDate> {
        self.termination.or(self.expiration)
    }

    /// No longer in effect: terminated or expired without renewal ("Résilié"), or its resource
    /// deleted. The table hides these by default.
    pub fn ended(&self) -> bool {
        self.status == RenewalStatus::Terminated || self.state == ResourceState::Deleted
    }

    /// Whether the customer must act on this service, and why (`None` for an ended one).
    pub fn attention(&self, today: NaiveDate) -> Option<Attention> {
        if self.ended() {
            None
        } else if self.status == RenewalStatus::BillToPay {
            Some(Attention::BillToPay)
        } else if self.state == ResourceState::Suspended {
            Some(Attention::Suspended)
        } else {
            let lapses = matches!(
                self.status,
                RenewalStatus::Manual | RenewalStatus::TerminationRequested
            );
            let soon = self
                .next_effective_date()
                .is_some_and(|d| (d - today).num_days() <= ATTENTION_DAYS);
            (lapses && soon).then_some(Attention::Expiring)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(json: &str) -> Service {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn route_paths_classify_services() {
        assert_eq!(
            ServiceType::from_route_path(Some("/domain/{serviceName}")),
            ServiceType::Domain
        );
        assert_eq!(
            ServiceType::from_route_path(Some("/domain/zone/{zoneName}")),
            ServiceType::DnsZone
        );
        assert_eq!(
            ServiceType::from_route_path(Some("/hosting/web/{serviceName}")),
            ServiceType::WebHosting
        );
        assert_eq!(
            ServiceType::from_route_path(Some("/pack/xdsl/{packName}")),
            ServiceType::PackXdsl
        );
        assert_eq!(
            ServiceType::from_route_path(Some("/xdsl/{serviceName}")),
            ServiceType::Xdsl
        );
        assert_eq!(
            ServiceType::from_route_path(Some("/license/windows/{serviceName}")),
            ServiceType::License
        );
        assert_eq!(
            ServiceType::from_route_path(Some("/vpsx/{x}")),
            ServiceType::Other("/vpsx".into())
        );
        assert_eq!(
            ServiceType::from_route_path(Some("/storage/netapp/{id}")),
            ServiceType::Other("/storage/netapp".into())
        );
        assert_eq!(ServiceType::from_route_path(None), ServiceType::Unspecified);
    }

    #[test]
    fn a_row_from_the_fixture_service() {
        let s = service(include_str!("../../tests/fixtures/service_domain.json"));
        let row = ServiceRow::from_service(&s);
        assert_eq!(row.id, 1000002);
        assert_eq!(row.parent_id, Some(1000001));
        assert_eq!(row.display_name, "Pâtisserie Lefèvre");
        assert_eq!(row.reference, "patisserie-lefevre.fr");
        assert_eq!(row.kind, ServiceType::Domain);
        assert_eq!(row.status, RenewalStatus::Automatic);
        assert_eq!(row.period_months, Some(12));
        assert_eq!(row.expiration, NaiveDate::from_ymd_opt(2026, 12, 31));
    }

    #[test]
    fn status_priorities() {
        let base = r#"{"serviceId":1,"resource":{"name":"n","state":"active"},
            "billing":{"lifecycle":{"current":{"state":"STATE","pendingActions":[ACTIONS]}},
                       "renew":{"current":{"mode":MODE,"period":"P1M"}}}}"#;
        let row = |state: &str, actions: &str, mode: &str| {
            ServiceRow::from_service(&service(
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
        let row = ServiceRow::from_service(&service(
            r#"{"serviceId":7,"route":null,"resource":{"name":"ref-7","displayName":" ","state":"inMaintenance"}}"#,
        ));
        assert_eq!(row.display_name, "ref-7");
        assert_eq!(row.state, ResourceState::Unknown("inMaintenance".into()));
        assert_eq!(row.kind, ServiceType::Unspecified);
        assert_eq!(row.status, RenewalStatus::OneShot);
        assert_eq!(row.next_effective_date(), None);
    }
}
