//! The services generator: one service record per spec, dates relative to the sandbox "now".

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate};
use serde_json::{json, Map, Value};

use crate::state::ServiceRec;
use crate::util::{self, Rng};

use super::*;

pub(super) struct Gen<'a> {
    pub(super) rng: Rng,
    pub(super) now: DateTime<FixedOffset>,
    pub(super) today: NaiveDate,
    pub(super) services: Vec<ServiceRec>,
    pub(super) names: HashSet<(String, String)>,
    pub(super) counters: [u32; 4],
    pub(super) bucket: u64,
    pub(super) _p: std::marker::PhantomData<&'a ()>,
}

pub(super) fn contact(kind: &str, code: &str) -> Contact {
    Contact {
        kind: kind.into(),
        customer_code: code.into(),
        extra: Map::new(),
    }
}

pub(super) fn last_day_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

impl Gen<'_> {
    pub(super) fn unique(&mut self, kind: Kind, name: String) -> String {
        let family = info(kind).path.to_string();
        if self.names.insert((family.clone(), name.clone())) {
            return name;
        }
        let mut n = 2;
        loop {
            let candidate = match name.rfind('.') {
                Some(dot) if kind == Kind::Domain || kind == Kind::Hosting => {
                    format!("{}-{n}{}", &name[..dot], &name[dot..])
                }
                _ => format!("{name}-{n}"),
            };
            if self.names.insert((family.clone(), candidate.clone())) {
                return candidate;
            }
            n += 1;
        }
    }

    pub(super) fn domain_name(&mut self) -> String {
        let f = *self.rng.pick(FAMILY);
        let t = *self.rng.pick(TRADE);
        let tld = *self.rng.pick(TLDS);
        if self.rng.chance(0.5) {
            format!("{t}-{f}{tld}")
        } else {
            format!("{f}-{t}{tld}")
        }
    }

    pub(super) fn gen_name(&mut self, kind: Kind) -> String {
        let r = &mut self.rng;
        match kind {
            Kind::Domain | Kind::Hosting | Kind::EmailDomain | Kind::DomainZone => {
                self.domain_name()
            }
            Kind::Vps => format!("vps-{}.vps.ovh.net", r.hex(8)),
            Kind::Dedicated => format!(
                "ns{}.ip-{}-{}-{}.eu",
                r.range(3_000_000, 3_299_999),
                r.pick(&[51, 54, 137, 145, 147]),
                r.range(38, 255),
                r.range(1, 254)
            ),
            Kind::PrivateDb => {
                self.counters[0] += 1;
                format!("sqlprive-dp12345-{:03}", self.counters[0] + 1)
            }
            Kind::Cloud => r.hex(32),
            Kind::Exchange => {
                self.counters[1] += 1;
                format!("hosted-dp12345-{}", self.counters[1] + 1)
            }
            Kind::MsServices => format!("msservices-dp12345-{}", r.range(2, 999)),
            Kind::Telephony => format!("ovhtel-{}-1", r.range(10_000_000, 99_999_999)),
            Kind::Xdsl => format!("xdsl-dp12345-{}", r.range(2, 999)),
            Kind::PackXdsl => format!("pack-dp{}", r.range(10_000, 99_999)),
            Kind::Sms => format!("sms-dp12345-{}", r.range(2, 999)),
            Kind::Vrack => format!("pn-{}", r.range(100_000, 999_999)),
            Kind::LicenseWindows => format!("windows-{}", r.range(100_000, 999_999)),
            Kind::Ip => {
                self.counters[2] += 1;
                let n = self.counters[2];
                format!(
                    "{}.{}.{}.{}/32",
                    r.pick(&[51, 54, 137, 145]),
                    64 + (n / 250) % 190,
                    n % 250,
                    r.range(1, 254)
                )
            }
            Kind::NetApp | Kind::Okms => format!(
                "{}-{}-4{}-a{}-{}",
                r.hex(8),
                r.hex(4),
                r.hex(3),
                r.hex(3),
                r.hex(12)
            ),
            Kind::NoRoute => {
                self.counters[3] += 1;
                format!("misc-dp12345-{}", self.counters[3])
            }
        }
    }

    pub(super) fn default_display(&mut self, kind: Kind, name: &str) -> String {
        match kind {
            Kind::Hosting if self.rng.chance(0.3) => format!(
                "{} {}",
                self.rng.pick(TRADE_LABEL),
                self.rng.pick(FAMILY_LABEL)
            ),
            Kind::Vps | Kind::Dedicated if self.rng.chance(0.4) => {
                self.rng.pick(VPS_LABEL).to_string()
            }
            Kind::Cloud if self.rng.chance(0.7) => {
                format!(
                    "Projet {}",
                    self.rng
                        .pick(&["web", "data", "IA", "recette", "clients", "Noël"])
                )
            }
            _ => name.to_string(),
        }
    }

    /// Expiry offset (days from today) for a service whose scenario does not fix it.
    pub(super) fn default_days(&mut self, scenario: Scenario) -> (i64, bool) {
        use Scenario::*;
        match scenario {
            Debt => (self.rng.range(-8, -1), false),
            UnpaidNoDebt => (self.rng.range(-3, -1), false),
            Unrenewed => (self.rng.range(-20, -1), false),
            Terminated => (self.rng.range(-20, -8), false),
            ToRenew => (self.rng.range(3, 25), false),
            _ => {
                self.bucket += 1;
                match self.bucket % 25 {
                    0 => (self.rng.range(0, 6), false),
                    3 | 11 | 19 => (self.rng.range(7, 30), false),
                    _ => {
                        let d = self.rng.range(31, 400);
                        (d, d <= 330 && self.rng.chance(0.1))
                    }
                }
            }
        }
    }

    pub(super) fn push(&mut self, spec: Spec) -> usize {
        use Scenario::*;
        let ki = info(spec.kind);
        let idx = self.services.len();
        let service_id = FIRST_SERVICE_ID + idx as u64;
        let name = match spec.name.clone() {
            Some(n) => self.unique(spec.kind, n),
            None => {
                let n = self.gen_name(spec.kind);
                self.unique(spec.kind, n)
            }
        };
        let display = match spec.display.clone() {
            Some(d) => d,
            None => self.default_display(spec.kind, &name),
        };
        let (days, month_end) = match spec.days {
            Some(d) => (d, spec.month_end),
            None => self.default_days(spec.scenario),
        };
        let mut exp_day = self.today + Duration::days(days);
        if month_end {
            exp_day = last_day_of_month(exp_day);
            while exp_day.day() != 31 {
                exp_day = last_day_of_month(exp_day + Duration::days(1));
            }
        }
        let expiry = util::midnight(exp_day);
        let created = match spec.scenario {
            InCreation => self.now - Duration::hours(self.rng.range(2, 30)),
            _ => {
                let back = self.rng.range(30, 2400);
                let c =
                    self.now - Duration::days(back) - Duration::minutes(self.rng.range(0, 1439));
                if c > expiry {
                    expiry - Duration::days(365)
                } else {
                    c
                }
            }
        };
        let one_shot = ki.one_shot || spec.scenario == OneShot;
        let manual = matches!(
            spec.scenario,
            Manual | ToRenew | Unrenewed | ManualPendingTermination
        ) && ki.manual;
        let mode = if one_shot {
            None
        } else if manual {
            Some("manual")
        } else {
            Some("automatic")
        };
        let period = spec
            .period
            .filter(|p| ki.periods.contains(p))
            .or_else(|| (!ki.periods.is_empty()).then(|| *self.rng.pick(ki.periods)));
        let lifecycle_state = spec.lifecycle_state.unwrap_or(match spec.scenario {
            Debt | UnpaidNoDebt => "unpaid",
            Unrenewed => "unrenewed",
            Terminated => "terminated",
            ToRenew => "toRenew",
            Error => "error",
            Rupture => "rupture",
            _ => "active",
        });
        let resource_state = spec.resource_state.unwrap_or(match spec.scenario {
            Debt | Rupture => "suspended",
            UnpaidNoDebt => "toSuspend",
            Unrenewed if days >= -2 => "toSuspend",
            Unrenewed => "suspended",
            Terminated => "deleted",
            InCreation => "toActivate",
            ImmediateDelete => "toDelete",
            _ => "active",
        });
        let pending_termination =
            matches!(spec.scenario, PendingTermination | ManualPendingTermination);
        let pending: Vec<String> = match spec.scenario {
            PendingTermination | ManualPendingTermination => {
                vec!["terminateAtExpirationDate".into()]
            }
            EarlyRenewal => vec!["earlyRenewal".into()],
            ImmediateDelete => vec!["terminate".into()],
            _ => vec![],
        };
        let termination_date = match spec.scenario {
            PendingTermination | ManualPendingTermination | Terminated => {
                Some(util::fmt_dt(expiry))
            }
            _ => None,
        };
        let mut actions: Vec<String> = Vec::new();
        if lifecycle_state != "terminated" {
            if !one_shot {
                actions.push("earlyRenewal".into());
                actions.push("terminateAtExpirationDate".into());
            }
            if ki.immediate {
                actions.push("terminate".into());
            }
            if spec.engaged {
                actions.push("terminateAtEngagementDate".into());
            }
        }
        let automatic = mode == Some("automatic");
        let running = !matches!(lifecycle_state, "terminated" | "unrenewed" | "unpaid");
        let next_date =
            (automatic && running && !pending_termination).then(|| util::fmt_dt(expiry));
        let price_cents = {
            let (lo, hi) = ki.cents;
            if hi == 0 {
                0
            } else {
                let c = self.rng.range(lo, hi);
                if spec.kind == Kind::Cloud {
                    c
                } else {
                    ((c / 100) * 100 + 99).min(hi.max(99))
                }
            }
        };
        let mut pricing_extra = Map::new();
        pricing_extra.insert("pricingMode".into(), json!("default"));
        pricing_extra.insert(
            "pricingType".into(),
            json!(if one_shot {
                "purchase"
            } else if spec.kind == Kind::Cloud {
                "consumption"
            } else {
                "rental"
            }),
        );
        let route = if spec.kind == Kind::NoRoute {
            None
        } else {
            Some(self.route(ki.path, &name))
        };
        let mut contacts = vec![
            contact("administrator", NIC),
            contact("billing", NIC),
            contact("technical", NIC),
        ];
        let other = spec.other_nic.or_else(|| {
            if spec.name.is_some() {
                None
            } else if self.rng.chance(0.04) {
                Some("billing")
            } else if self.rng.chance(0.03) {
                Some("administrator")
            } else {
                None
            }
        });
        if let Some(kind) = other {
            for c in contacts
                .iter_mut()
                .filter(|c| c.kind == kind || c.kind == "technical")
            {
                c.customer_code = OTHER_NIC.into();
            }
        }
        let code = |k: &str| {
            contacts
                .iter()
                .find(|c| c.kind == k)
                .map(|c| c.customer_code.clone())
                .unwrap_or_default()
        };
        let infos = ServiceInfos {
            can_delete_at_expiration: !matches!(
                spec.kind,
                Kind::PackXdsl | Kind::Xdsl | Kind::Telephony
            ),
            contact_admin: code("administrator"),
            contact_billing: code("billing"),
            contact_tech: code("technical"),
            creation: util::fmt_date(created),
            domain: name.clone(),
            engaged_up_to: spec
                .engaged
                .then(|| util::fmt_date(self.now + Duration::days(200))),
            expiration: util::fmt_date(expiry),
            possible_renew_period: (!one_shot && !spec.unlisted_periods)
                .then(|| ki.periods.to_vec()),
            renew: Some(ServiceInfosRenew {
                automatic,
                delete_at_expiration: pending_termination,
                forced: ki.forced,
                manual_payment: Some(manual),
                period: if automatic { period } else { None },
                extra: Map::new(),
            }),
            renewal_type: if one_shot {
                "oneShot".into()
            } else if manual {
                "manual".into()
            } else if ki.forced {
                "automaticForcedProduct".into()
            } else {
                self.rng
                    .pick(&[
                        "automaticV2016",
                        "automaticV2016",
                        "automaticV2014",
                        "automaticV2012",
                    ])
                    .to_string()
            },
            service_id,
            status: match spec.scenario {
                Debt => "pendingDebt",
                UnpaidNoDebt => "unPaid",
                Unrenewed | Terminated => "expired",
                InCreation => "inCreation",
                _ => "ok",
            }
            .into(),
            extra: Map::new(),
        };
        let mut billing_extra = Map::new();
        billing_extra.insert(
            "engagement".into(),
            if spec.engaged {
                json!({ "endDate": util::fmt_date(self.now + Duration::days(200)), "endRule": { "strategy": "REACTIVATE_ENGAGEMENT", "possibleStrategies": ["CANCEL_SERVICE", "REACTIVATE_ENGAGEMENT", "STOP_ENGAGEMENT_FALLBACK_DEFAULT_PRICE"] } })
            } else {
                Value::Null
            },
        );
        let svc = Service {
            service_id,
            parent_service_id: spec.parent.map(|p| FIRST_SERVICE_ID + p as u64),
            route,
            resource: Resource {
                name: name.clone(),
                display_name: Some(display),
                state: resource_state.into(),
                product: Some(Product {
                    name: ki.product.into(),
                    description: Some(ki.product_desc.into()),
                    extra: Map::new(),
                }),
                extra: Map::new(),
            },
            billing: Billing {
                plan: Some(Plan {
                    code: ki.plan.into(),
                    invoice_name: Some(ki.invoice.into()),
                    extra: Map::new(),
                }),
                pricing: Some(Pricing {
                    price: Some(Price::eur(price_cents)),
                    duration: Some(util::period_of_months(ki.pricing_months)),
                    interval: Some(1),
                    extra: pricing_extra,
                }),
                expiration_date: Some(util::fmt_dt(expiry)),
                next_billing_date: next_date.clone(),
                lifecycle: Some(Lifecycle {
                    current: LifecycleCurrent {
                        state: lifecycle_state.into(),
                        creation_date: Some(util::fmt_dt(created)),
                        termination_date,
                        pending_actions: pending,
                        extra: Map::new(),
                    },
                    capacities: Some(LifecycleCapacities {
                        actions,
                        extra: Map::new(),
                    }),
                    extra: Map::new(),
                }),
                renew: Some(Renew {
                    current: RenewCurrent {
                        mode: mode.map(String::from),
                        period: if automatic {
                            period.map(util::period_of_months)
                        } else {
                            None
                        },
                        next_date,
                        extra: Map::new(),
                    },
                    capacities: Some(RenewCapacities {
                        mode: if one_shot {
                            vec![]
                        } else if ki.manual {
                            vec!["automatic".into(), "manual".into()]
                        } else {
                            vec!["automatic".into()]
                        },
                        extra: Map::new(),
                    }),
                    extra: Map::new(),
                }),
                extra: billing_extra,
            },
            customer: Customer {
                contacts,
                extra: Map::new(),
            },
            service_infos: None,
            extra: {
                let mut m = Map::new();
                m.insert("tags".into(), json!([]));
                m
            },
        };
        self.services.push(ServiceRec { svc, infos });
        idx
    }

    pub(super) fn route(&self, template: &str, name: &str) -> Route {
        let mut vars = Vec::new();
        let mut url = String::new();
        for seg in template.split('/').filter(|s| !s.is_empty()) {
            url.push('/');
            if let Some(key) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                let value = name.to_string();
                url.push_str(&util::percent_encode(&value));
                vars.push(RouteVar {
                    key: key.into(),
                    value,
                    extra: Map::new(),
                });
            } else {
                url.push_str(seg);
            }
        }
        Route {
            path: Some(template.into()),
            url: Some(url),
            vars,
            extra: Map::new(),
        }
    }
}
