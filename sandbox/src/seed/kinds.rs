//! What the seeded services are: their kinds (route, price, periods), the scenarios a service
//! can be in, the hand-picked specials and the mix of the rest.

use crate::util::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Domain,
    DomainZone,
    Hosting,
    Vps,
    Dedicated,
    EmailDomain,
    PrivateDb,
    Cloud,
    Exchange,
    MsServices,
    Telephony,
    Xdsl,
    PackXdsl,
    Sms,
    Vrack,
    LicenseWindows,
    Ip,
    NetApp,
    Okms,
    NoRoute,
}

pub(super) struct KindInfo {
    pub(super) path: &'static str,
    pub(super) product: &'static str,
    pub(super) product_desc: &'static str,
    pub(super) plan: &'static str,
    pub(super) invoice: &'static str,
    pub(super) manual: bool,
    pub(super) periods: &'static [u32],
    pub(super) cents: (i64, i64),
    pub(super) pricing_months: u32,
    pub(super) forced: bool,
    pub(super) one_shot: bool,
    pub(super) immediate: bool,
}

pub(super) fn info(k: Kind) -> KindInfo {
    let base = KindInfo {
        path: "",
        product: "",
        product_desc: "",
        plan: "",
        invoice: "",
        manual: false,
        periods: &[1],
        cents: (100, 1000),
        pricing_months: 1,
        forced: false,
        one_shot: false,
        immediate: false,
    };
    match k {
        Kind::Domain => KindInfo {
            path: "/domain/{serviceName}",
            product: "domain",
            product_desc: "Nom de domaine",
            plan: "domain-renew",
            invoice: "Nom de domaine",
            manual: true,
            periods: &[12],
            cents: (699, 1599),
            pricing_months: 12,
            ..base
        },
        Kind::DomainZone => KindInfo {
            path: "/domain/zone/{zoneName}",
            product: "dns-zone",
            product_desc: "Zone DNS",
            plan: "zone",
            invoice: "Zone DNS",
            periods: &[12],
            cents: (0, 0),
            pricing_months: 12,
            ..base
        },
        Kind::Hosting => KindInfo {
            path: "/hosting/web/{serviceName}",
            product: "hosting-perso",
            product_desc: "Hébergement Web",
            plan: "perso2014",
            invoice: "Hébergement Perso",
            manual: true,
            periods: &[1, 12],
            cents: (3588, 11988),
            pricing_months: 12,
            immediate: true,
            ..base
        },
        Kind::Vps => KindInfo {
            path: "/vps/{serviceName}",
            product: "vps-value",
            product_desc: "VPS Value 1-2-40",
            plan: "vps-value-1-2-40",
            invoice: "VPS Value",
            manual: true,
            periods: &[1, 3, 6, 12],
            cents: (599, 2999),
            ..base
        },
        Kind::Dedicated => KindInfo {
            path: "/dedicated/server/{serviceName}",
            product: "rise-1",
            product_desc: "Serveur dédié Rise-1",
            plan: "24rise01",
            invoice: "Serveur dédié",
            manual: true,
            periods: &[1, 3, 6, 12],
            cents: (5999, 24999),
            ..base
        },
        Kind::EmailDomain => KindInfo {
            path: "/email/domain/{domain}",
            product: "mxplan",
            product_desc: "MX Plan",
            plan: "mxplan-5",
            invoice: "E-mail MX Plan",
            periods: &[12],
            cents: (1188, 1188),
            pricing_months: 12,
            immediate: true,
            ..base
        },
        Kind::PrivateDb => KindInfo {
            path: "/hosting/privateDatabase/{serviceName}",
            product: "private-sql",
            product_desc: "SQL privé 512 Mo",
            plan: "private-sql-512",
            invoice: "Hébergement SQL privé",
            periods: &[1, 12],
            cents: (3588, 7188),
            pricing_months: 12,
            immediate: true,
            ..base
        },
        Kind::Cloud => KindInfo {
            path: "/cloud/project/{serviceName}",
            product: "public-cloud",
            product_desc: "Projet Public Cloud",
            plan: "project.2018",
            invoice: "Public Cloud (consommation)",
            cents: (0, 25000),
            ..base
        },
        Kind::Exchange => KindInfo {
            path: "/email/exchange/{organizationName}/service/{exchangeService}",
            product: "exchange-hosted",
            product_desc: "Hosted Exchange",
            plan: "exchange-hosted",
            invoice: "Hosted Exchange",
            cents: (399, 2999),
            forced: true,
            ..base
        },
        Kind::MsServices => KindInfo {
            path: "/msServices/{serviceName}",
            product: "ms-services",
            product_desc: "Microsoft Services",
            plan: "msservices",
            invoice: "Microsoft 365",
            cents: (499, 1999),
            forced: true,
            ..base
        },
        Kind::Telephony => KindInfo {
            path: "/telephony/{billingAccount}",
            product: "telephony",
            product_desc: "Téléphonie",
            plan: "telephony-group",
            invoice: "Groupe de téléphonie",
            cents: (199, 1999),
            forced: true,
            ..base
        },
        Kind::Xdsl => KindInfo {
            path: "/xdsl/{serviceName}",
            product: "xdsl",
            product_desc: "Accès Internet",
            plan: "xdsl-access",
            invoice: "Accès Internet xDSL",
            cents: (1999, 3999),
            forced: true,
            ..base
        },
        Kind::PackXdsl => KindInfo {
            path: "/pack/xdsl/{packName}",
            product: "pack-xdsl",
            product_desc: "Pack Internet",
            plan: "pack-xdsl",
            invoice: "Pack xDSL",
            cents: (2999, 4999),
            forced: true,
            ..base
        },
        Kind::Sms => KindInfo {
            path: "/sms/{serviceName}",
            product: "sms",
            product_desc: "Crédits SMS",
            plan: "sms-credits",
            invoice: "Crédits SMS",
            periods: &[],
            cents: (700, 7000),
            one_shot: true,
            ..base
        },
        Kind::Vrack => KindInfo {
            path: "/vrack/{serviceName}",
            product: "vrack",
            product_desc: "vRack",
            plan: "vrack",
            invoice: "vRack",
            cents: (0, 0),
            ..base
        },
        Kind::LicenseWindows => KindInfo {
            path: "/license/windows/{serviceName}",
            product: "windows-server",
            product_desc: "Licence Windows Server",
            plan: "windows-server-2022-standard",
            invoice: "Licence Windows",
            cents: (1999, 3999),
            ..base
        },
        Kind::Ip => KindInfo {
            path: "/ip/{ip}",
            product: "ip-failover",
            product_desc: "IP Additional",
            plan: "ip-failover-ripe",
            invoice: "IP additionnelle",
            cents: (200, 300),
            ..base
        },
        Kind::NetApp => KindInfo {
            path: "/storage/netapp/{serviceName}",
            product: "netapp",
            product_desc: "Enterprise File Storage",
            plan: "enterprise-file-storage",
            invoice: "Enterprise File Storage",
            cents: (9999, 19999),
            ..base
        },
        Kind::Okms => KindInfo {
            path: "/okms/resource/{okmsId}",
            product: "okms",
            product_desc: "Key Management Service",
            plan: "okms",
            invoice: "KMS",
            cents: (0, 500),
            ..base
        },
        Kind::NoRoute => KindInfo {
            product: "support",
            product_desc: "Support Business",
            plan: "support-business",
            invoice: "Support Business",
            cents: (5000, 5000),
            ..base
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scenario {
    Auto,
    Manual,
    OneShot,
    PendingTermination,
    ManualPendingTermination,
    EarlyRenewal,
    Debt,
    UnpaidNoDebt,
    Unrenewed,
    Terminated,
    ToRenew,
    Error,
    Rupture,
    InCreation,
    ImmediateDelete,
}

#[derive(Debug, Clone)]
pub(super) struct Spec {
    pub(super) kind: Kind,
    pub(super) scenario: Scenario,
    pub(super) days: Option<i64>,
    pub(super) month_end: bool,
    pub(super) name: Option<String>,
    pub(super) display: Option<String>,
    pub(super) parent: Option<usize>,
    pub(super) period: Option<u32>,
    pub(super) other_nic: Option<&'static str>,
    pub(super) engaged: bool,
    pub(super) lifecycle_state: Option<&'static str>,
    pub(super) resource_state: Option<&'static str>,
    /// `possibleRenewPeriod: null` in its serviceInfos although it renews.
    pub(super) unlisted_periods: bool,
}

pub(super) fn sp(kind: Kind, scenario: Scenario) -> Spec {
    Spec {
        kind,
        scenario,
        days: None,
        month_end: false,
        name: None,
        display: None,
        parent: None,
        period: None,
        other_nic: None,
        engaged: false,
        lifecycle_state: None,
        resource_state: None,
        unlisted_periods: false,
    }
}

impl Spec {
    pub(super) fn days(mut self, d: i64) -> Spec {
        self.days = Some(d);
        self
    }
    pub(super) fn name(mut self, n: &str) -> Spec {
        self.name = Some(n.into());
        self
    }
    pub(super) fn display(mut self, n: &str) -> Spec {
        self.display = Some(n.into());
        self
    }
    pub(super) fn parent(mut self, idx: usize) -> Spec {
        self.parent = Some(idx);
        self
    }
    pub(super) fn period(mut self, m: u32) -> Spec {
        self.period = Some(m);
        self
    }
}

pub(super) const LONG_NAME: &str = "Association des amis de la bibliothèque municipale de Saint-Rémy-de-Provence — site officiel et archives";

pub(super) fn specials() -> Vec<Spec> {
    use Kind::*;
    use Scenario::*;
    vec![
        sp(Hosting, Auto)
            .name("dupont-boulangerie.fr")
            .display("Boulangerie Dupont")
            .days(3)
            .period(12),
        sp(Domain, Auto)
            .name("dupont-boulangerie.fr")
            .days(40)
            .parent(0),
        sp(Domain, Manual).name("martin-avocats.fr").days(5),
        sp(DomainZone, Auto)
            .name("martin-avocats.fr")
            .days(5)
            .parent(2),
        sp(Vps, PendingTermination)
            .name("vps-3f2a9c1d.vps.ovh.net")
            .days(20)
            .period(1),
        Spec {
            engaged: true,
            ..sp(Dedicated, Auto)
                .name("ns3124567.ip-51-91-2.eu")
                .display("Prod — base de données")
                .days(45)
                .period(3)
        },
        sp(Ip, Auto).name("51.91.2.16/28").days(45).parent(5),
        Spec {
            unlisted_periods: true,
            ..sp(LicenseWindows, Auto)
                .name("windows-ns3124567.ip-51-91-2.eu")
                .days(45)
                .parent(5)
        },
        Spec {
            month_end: true,
            ..sp(Domain, Auto)
                .name("cafe-creme.fr")
                .display("Café Crème")
                .days(30)
        },
        sp(Hosting, Manual)
            .name("elodie-martin.fr")
            .display("Élodie Martin — site vitrine")
            .days(12),
        sp(Domain, Manual)
            .name("elodie-martin.fr")
            .days(12)
            .parent(9),
        sp(Hosting, PendingTermination)
            .name("patisserie-lefevre.fr")
            .display("Pâtisserie Lefèvre")
            .days(25)
            .period(12),
        sp(Domain, Auto)
            .name("patisserie-lefevre.fr")
            .days(90)
            .parent(11),
        sp(Domain, Auto)
            .name("freres-dupont.com")
            .display("Dupont; \"Frères\", boulangerie")
            .days(120),
        sp(Hosting, Auto)
            .name("amis-bibliotheque-saint-remy.fr")
            .display(LONG_NAME)
            .days(200),
        sp(EmailDomain, Auto).name("dupont-boulangerie.fr").days(60),
        sp(PrivateDb, Auto)
            .name("sqlprive-dp12345-001")
            .days(150)
            .period(12),
        Spec {
            unlisted_periods: true,
            ..sp(Cloud, Auto)
                .name("b5e2c9f04a1d4e7fa0c3d2b1e9f8a7c6")
                .display("Projet IA — entraînement")
                .days(10)
        },
        sp(Ip, Auto).name("51.75.33.8/32").days(10).parent(17),
        sp(Exchange, Auto)
            .name("hosted-dp12345-1")
            .display("Messagerie Dupont")
            .days(15),
        sp(MsServices, Auto).name("msservices-dp12345-1").days(15),
        sp(Telephony, Auto)
            .name("ovhtel-12345678-1")
            .display("Standard boulangerie")
            .days(28),
        sp(PackXdsl, Auto)
            .name("pack-dp12345")
            .display("Internet boutique")
            .days(28),
        sp(Xdsl, Auto).name("xdsl-dp12345-1").days(28).parent(22),
        sp(Sms, OneShot).name("sms-dp12345-1").days(365),
        sp(Vrack, Auto).name("pn-123456").days(33),
        sp(NetApp, Auto)
            .name("4f0c1e2a-7b3d-4c5e-9f60-a1b2c3d4e5f6")
            .display("Stockage fichiers")
            .days(70),
        sp(Okms, Auto)
            .name("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d")
            .days(70),
        sp(NoRoute, Auto)
            .name("support-business-dp12345")
            .display("Support Business")
            .days(300),
        sp(Domain, Debt).name("boutique-lefevre.fr").days(-4),
        sp(Vps, Debt)
            .name("vps-8d41b07e.vps.ovh.net")
            .days(-2)
            .period(1),
        sp(Dedicated, Debt)
            .name("ns3201234.ip-54-37-8.eu")
            .days(-6)
            .period(1),
        sp(Domain, UnpaidNoDebt).name("garage-moreau.fr").days(-1),
        sp(Domain, Unrenewed).name("atelier-simon.fr").days(-7),
        sp(Domain, Unrenewed).name("fleurs-girard.fr").days(-1),
        sp(Vps, Terminated)
            .name("vps-1c9e5a77.vps.ovh.net")
            .days(-15)
            .period(1),
        sp(Domain, ToRenew).name("studio-roux.fr").days(9),
        sp(Vps, Error)
            .name("vps-6b0d2f13.vps.ovh.net")
            .display("Serveur de préproduction")
            .days(100)
            .period(6),
        sp(Dedicated, Rupture)
            .name("ns3187654.ip-137-74-1.eu")
            .days(80)
            .period(1),
        sp(Vps, InCreation)
            .name("vps-a7c3e901.vps.ovh.net")
            .days(30)
            .period(1),
        sp(Hosting, ImmediateDelete)
            .name("ancien-site-durand.fr")
            .days(50)
            .period(12),
        Spec {
            lifecycle_state: Some("pendingMigration"),
            ..sp(Domain, Auto).name("migration-bernard.fr").days(70)
        },
        Spec {
            resource_state: Some("inMaintenance"),
            ..sp(Vps, Auto)
                .name("vps-5e8f0a2b.vps.ovh.net")
                .days(64)
                .period(3)
        },
        sp(Domain, EarlyRenewal).name("voyages-perrin.com").days(6),
        Spec {
            other_nic: Some("billing"),
            ..sp(Domain, Auto).name("consulting-blanc.eu").days(140)
        },
        Spec {
            other_nic: Some("administrator"),
            ..sp(Dedicated, Auto)
                .name("ns3176543.ip-51-68-4.eu")
                .display("Serveur de la filiale")
                .days(220)
                .period(12)
        },
        // Three days, not two: its expiry is midnight in Paris, so from 23:00 UTC "in two days"
        // is under 48 h and, at the day's end, under the 24 h after which a termination can no
        // longer be cancelled: the tests that cancel it failed in that hour.
        sp(Domain, ManualPendingTermination)
            .name("design-fontaine.fr")
            .days(3),
    ]
}

/// The filler mix (kind, weight).
pub(super) const MIX: &[(Kind, u32)] = &[
    (Kind::Domain, 30),
    (Kind::Hosting, 12),
    (Kind::Vps, 10),
    (Kind::Dedicated, 6),
    (Kind::EmailDomain, 7),
    (Kind::PrivateDb, 3),
    (Kind::Cloud, 5),
    (Kind::Exchange, 3),
    (Kind::MsServices, 2),
    (Kind::Telephony, 4),
    (Kind::Xdsl, 2),
    (Kind::PackXdsl, 2),
    (Kind::Sms, 3),
    (Kind::Vrack, 2),
    (Kind::LicenseWindows, 2),
    (Kind::Ip, 4),
];

pub(super) fn pick_kind(rng: &mut Rng) -> Kind {
    let total: u32 = MIX.iter().map(|(_, w)| w).sum();
    let mut r = rng.below(u64::from(total)) as u32;
    for (k, w) in MIX {
        if r < *w {
            return *k;
        }
        r -= w;
    }
    Kind::Domain
}

pub(super) fn pick_scenario(rng: &mut Rng, kind: Kind) -> Scenario {
    use Scenario::*;
    let ki = info(kind);
    if ki.one_shot {
        return OneShot;
    }
    let r = rng.below(100);
    let s = match r {
        0..=61 => Auto,
        62..=75 => Manual,
        76..=80 => PendingTermination,
        81..=82 => EarlyRenewal,
        83..=85 => ToRenew,
        86..=88 => Unrenewed,
        89..=91 => Terminated,
        92 => Error,
        93 => Rupture,
        94..=95 => InCreation,
        96 => ImmediateDelete,
        _ => Auto,
    };
    match s {
        Manual | ToRenew | Unrenewed if !ki.manual => Auto,
        ImmediateDelete if !ki.immediate => Auto,
        _ => s,
    }
}
