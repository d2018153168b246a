//! The services table's view model. The API layer builds a [`ServiceRow`] from each
//! `services.expanded.Service` it reads (`api::rows`); everything here works on the row.

use chrono::{DateTime, FixedOffset, NaiveDate};

use std::sync::Arc;

use super::values::{LifecycleAction, LifecycleState, RenewMode, ResourceState, ValueSet};

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

impl RenewalStatus {
    /// The status of a service from its lifecycle state, its pending lifecycle actions and its
    /// renewal mode, in this order of priority: a bill to pay, ended, a termination requested,
    /// then the renewal mode (none: paid once).
    pub fn of(
        lifecycle: Option<&LifecycleState>,
        pending: &[LifecycleAction],
        renew_mode: Option<&RenewMode>,
    ) -> RenewalStatus {
        let termination_requested = pending.iter().any(|a| {
            matches!(
                a,
                LifecycleAction::TerminateAtExpirationDate
                    | LifecycleAction::TerminateAtEngagementDate
            )
        });
        match (lifecycle, renew_mode) {
            (Some(LifecycleState::Unpaid), _) => RenewalStatus::BillToPay,
            (Some(LifecycleState::Terminated | LifecycleState::Unrenewed), _) => {
                RenewalStatus::Terminated
            }
            _ if termination_requested => RenewalStatus::TerminationRequested,
            (_, Some(RenewMode::Automatic)) => RenewalStatus::Automatic,
            (_, Some(RenewMode::Manual)) => RenewalStatus::Manual,
            (_, Some(RenewMode::Unknown(raw))) => RenewalStatus::Other(raw.clone()),
            (_, None) => RenewalStatus::OneShot,
        }
    }
}

/// What the API has for a service's legacy details (`{route.url}/serviceInfos`), by its route:
/// details to read and change, to read only (a service that does not expire, like a vRack), or
/// none (an IP, Microsoft services, a KMS: only `/services/{id}` acts on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum LegacyInfos {
    #[default]
    None,
    ReadOnly,
    ReadWrite,
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

/// A route template around its one parameter (`/domain/{serviceName}`: `/domain/` and ``);
/// `None` for a template without exactly one parameter.
fn route_parts(template: &str) -> Option<(&str, &str)> {
    let open = template.find('{')?;
    let close = open + template[open..].find('}')?;
    let rest = &template[close + 1..];
    (!rest.contains('{')).then_some((&template[..open], rest))
}

/// A route template with its one parameter filled with `name` (`/domain/{serviceName}` and
/// `example.com`: `/domain/example.com`); `None` for a template without exactly one parameter.
fn filled_route(template: &str, name: &str) -> Option<String> {
    let (before, after) = route_parts(template)?;
    Some([before, name, after].concat())
}

/// Whether `url` is `template` filled with `name` (see [`filled_route`]), without making it.
pub fn is_filled_route(url: &str, template: &str, name: &str) -> bool {
    route_parts(template).is_some_and(|(before, after)| {
        url.strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after))
            == Some(name)
    })
}

/// One row of the services table.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    pub id: u64,
    pub parent_id: Option<u64>,
    /// The customer-facing name (the display name, else the reference). Shared with
    /// `reference` when they are the same (most services): one allocation for both.
    pub display_name: Arc<str>,
    /// The internal reference (`resource.name`).
    pub reference: Arc<str>,
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
    pub lifecycle_capacities: ValueSet<LifecycleAction>,
    /// `billing.renew.capacities.mode`: the renewal modes this service may use.
    pub renew_capacities: ValueSet<RenewMode>,
    /// `route.url`, the base of the legacy routes (`/domain/example.com`), kept only when it is
    /// not `route_path` with its parameter filled with the reference (most services:
    /// `/domain/{serviceName}` and `example.com`); read it with [`ServiceRow::route_url`].
    pub route_url_apart: Option<Box<str>>,
    /// `route.path`, the template (`/domain/{serviceName}`).
    pub route_path: Option<Arc<str>>,
    /// What the API has for its legacy details, by its route (the schema's table,
    /// `api::capabilities`).
    pub legacy: LegacyInfos,
    /// `billing.pricing.price`, exact, when the API gives it.
    pub price: Option<super::money::Money>,
    /// What that price pays for, in months (`billing.pricing.duration`, e.g. `P1Y` = 12).
    pub price_period_months: Option<u32>,
    /// `billing.nextBillingDate`, when the API gives it.
    pub next_billing: Option<NaiveDate>,
    /// `billing.renew.current.nextDate`: the next renewal, when the API gives it.
    pub renew_next_date: Option<NaiveDate>,
    /// Customer codes of the administrator and billing contacts.
    /// Shared between the rows that have the same (`api::rows` interns them): most services of
    /// an account have the same few contacts.
    pub admin_contact: Option<Arc<str>>,
    pub billing_contact: Option<Arc<str>>,
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

    /// `route.url`: the base of the legacy routes (`/domain/example.com`).
    pub fn route_url(&self) -> Option<String> {
        match &self.route_url_apart {
            Some(url) => Some(url.to_string()),
            None => filled_route(self.route_path.as_deref()?, &self.reference),
        }
    }

    /// The base of the legacy routes whose `serviceInfos` may be changed (`PUT`), if this
    /// service has one; `None` sends renewal changes through `/services/{id}`.
    pub fn legacy_url(&self) -> Option<String> {
        (self.legacy == LegacyInfos::ReadWrite)
            .then(|| self.route_url())
            .flatten()
    }

    /// A service whose legacy details say it never expires (`services.NonExpiringService`):
    /// nothing to renew, nothing to terminate at expiry.
    pub fn never_expires(&self) -> bool {
        self.legacy == LegacyInfos::ReadOnly
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

    /// What changed since the customer saw `seen` (this service read again just before ordering
    /// its renewal) that stops the order: it ended, a termination was requested or cancelled,
    /// its renewal was switched, or its expiry moved (renewed elsewhere).
    pub fn changed_for_renewal_since(&self, seen: &ServiceRow) -> Option<super::outcome::Changed> {
        use super::outcome::Changed;
        if self.ended() && !seen.ended() {
            return Some(Changed::Ended);
        }
        if let Some(changed) = self.renew_view().changed_since(&seen.renew_view()) {
            return Some(changed);
        }
        (self.expiration != seen.expiration).then_some(Changed::ExpiryChanged)
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

    #[test]
    fn a_route_template_is_filled_with_the_name_when_it_has_one_parameter() {
        assert_eq!(
            filled_route("/domain/{serviceName}", "example.com").as_deref(),
            Some("/domain/example.com")
        );
        assert_eq!(
            filled_route("/email/domain/{domain}/x", "a.fr").as_deref(),
            Some("/email/domain/a.fr/x")
        );
        assert_eq!(filled_route("/vrack", "pn-1"), None);
        assert_eq!(filled_route("/a/{b}/c/{d}", "n"), None);
        assert_eq!(filled_route("/a/{b", "n"), None);
        assert!(is_filled_route(
            "/domain/example.com",
            "/domain/{serviceName}",
            "example.com"
        ));
        assert!(!is_filled_route(
            "/domain/example.com",
            "/domain/{serviceName}",
            "example.fr"
        ));
        assert!(!is_filled_route(
            "/ip/1.2.3.4%2F32",
            "/ip/{ip}",
            "1.2.3.4/32"
        ));
        assert!(!is_filled_route("/a/n/b", "/a/{x}/c/{y}", "n"));
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
    fn status_priorities() {
        use LifecycleAction::*;
        let status = |state: &str, pending: &[LifecycleAction], mode: Option<&str>| {
            RenewalStatus::of(
                Some(&LifecycleState::from_wire(state)),
                pending,
                mode.map(RenewMode::from_wire).as_ref(),
            )
        };
        let auto = Some("automatic");
        assert_eq!(status("unpaid", &[], auto), RenewalStatus::BillToPay);
        assert_eq!(
            status("active", &[TerminateAtExpirationDate], auto),
            RenewalStatus::TerminationRequested
        );
        assert_eq!(
            status("active", &[TerminateAtEngagementDate], auto),
            RenewalStatus::TerminationRequested
        );
        assert_eq!(
            status("active", &[EarlyRenewal], auto),
            RenewalStatus::Automatic
        );
        assert_eq!(
            status("terminated", &[], Some("manual")),
            RenewalStatus::Terminated
        );
        assert_eq!(
            status("unrenewed", &[TerminateAtExpirationDate], auto),
            RenewalStatus::Terminated
        );
        assert_eq!(status("active", &[], Some("manual")), RenewalStatus::Manual);
        assert_eq!(status("active", &[], None), RenewalStatus::OneShot);
        assert_eq!(
            status("active", &[], Some("yearlyDeal")),
            RenewalStatus::Other("yearlyDeal".into())
        );
        assert_eq!(
            status("pendingMigration", &[], auto),
            RenewalStatus::Automatic
        );
        assert_eq!(RenewalStatus::of(None, &[], None), RenewalStatus::OneShot);
    }
}
