//! The deterministic seeded account: same `--seed`, `--now` and `--services` → same account.
//!
//! The first services are hand-picked (see [`notable`]); the rest are drawn with the same mix.
//! Every date is relative to the sandbox "now", so the data always look current.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike};
use serde_json::{json, Map, Value};

use crate::model::*;
use crate::state::{Account, ServiceRec};
use crate::util::{self, Rng};

pub const DEFAULT_SERVICES: usize = 320;
pub const NIC: &str = "dp12345-ovh";
pub const OTHER_NIC: &str = "xy9876-ovh";
pub const FIRST_SERVICE_ID: u64 = 1_000_001;

/// Ids of notable services of the seeded account (any seed, any `--now`, `--services` ≥ 47).
pub mod notable {
    /// Web hosting `dupont-boulangerie.fr` ("Boulangerie Dupont"), automatic, expires in 3 days.
    pub const HOSTING_WITH_DOMAIN: u64 = 1_000_001;
    /// Domain `dupont-boulangerie.fr`, `parentServiceId` = [`HOSTING_WITH_DOMAIN`].
    pub const LINKED_DOMAIN: u64 = 1_000_002;
    /// Domain `martin-avocats.fr`, manual renewal, expires in 5 days.
    pub const MANUAL_DOMAIN_SOON: u64 = 1_000_003;
    /// DNS zone `/domain/zone/martin-avocats.fr`, child of [`MANUAL_DOMAIN_SOON`].
    pub const DNS_ZONE: u64 = 1_000_004;
    /// VPS `vps-3f2a9c1d.vps.ovh.net`, terminateAtExpirationDate pending, expires in 20 days.
    pub const VPS_PENDING_TERMINATION: u64 = 1_000_005;
    /// Dedicated server `ns3124567.ip-51-91-2.eu` with 2 children (IP block, Windows licence).
    pub const DEDICATED_WITH_OPTIONS: u64 = 1_000_006;
    /// Domain `cafe-creme.fr`, display name "Café Crème", expires on a 31st.
    pub const MONTH_END_DOMAIN: u64 = 1_000_009;
    /// Web hosting "Pâtisserie Lefèvre", terminateAtExpirationDate pending (automatic).
    pub const HOSTING_PENDING_TERMINATION: u64 = 1_000_012;
    /// Domain whose display name is `Dupont; "Frères", boulangerie` (CSV escaping).
    pub const CSV_NASTY_NAME: u64 = 1_000_014;
    /// Web hosting whose display name is longer than 80 characters.
    pub const LONG_NAME: u64 = 1_000_015;
    /// MX Plan `/email/domain/dupont-boulangerie.fr`.
    pub const MX_PLAN: u64 = 1_000_016;
    /// Private SQL `/hosting/privateDatabase/sqlprive-dp12345-001`.
    pub const PRIVATE_DATABASE: u64 = 1_000_017;
    /// SMS credits, one-shot (`renew.current.mode` null).
    pub const ONE_SHOT_SMS: u64 = 1_000_025;
    /// Route path unknown to the app (`/storage/netapp/...`).
    pub const UNKNOWN_ROUTE: u64 = 1_000_027;
    /// `route: null`.
    pub const NULL_ROUTE: u64 = 1_000_029;
    /// Services in debt (lifecycle unpaid, serviceInfos pendingDebt), one debt each.
    pub const DEBT_SERVICES: [u64; 3] = [1_000_030, 1_000_031, 1_000_032];
    /// Domain expired last week (manual, unrenewed).
    pub const EXPIRED_DOMAIN: u64 = 1_000_034;
    /// VPS terminated (resource deleted).
    pub const TERMINATED_VPS: u64 = 1_000_036;
    /// Lifecycle state `pendingMigration` (unknown enum value).
    pub const UNKNOWN_LIFECYCLE_STATE: u64 = 1_000_042;
    /// Resource state `inMaintenance` (unknown enum value).
    pub const UNKNOWN_RESOURCE_STATE: u64 = 1_000_043;
    /// Domain with a billing contact other than the account (`xy9876-ovh`).
    pub const OTHER_BILLING_CONTACT: u64 = 1_000_045;
    /// Dedicated server whose administrator is another account (`xy9876-ovh`).
    pub const OTHER_ADMIN_CONTACT: u64 = 1_000_046;
    /// Manual domain with termination pending, expires in 2 days.
    pub const MANUAL_PENDING_TERMINATION: u64 = 1_000_047;

    // The real API's edge cases (issue 19).

    /// Windows licence `windows-ns3124567.ip-51-91-2.eu` (child of [`DEDICATED_WITH_OPTIONS`]),
    /// automatic: its serviceInfos list no renewal period (`possibleRenewPeriod: null`).
    pub const LICENSE_NO_RENEW_PERIODS: u64 = 1_000_008;
    /// IP block `51.91.2.16/28` (`/ip/{ip}`, child of [`DEDICATED_WITH_OPTIONS`]): no legacy
    /// serviceInfos in the API (404), only `/services/{id}`.
    pub const IP_BLOCK: u64 = 1_000_007;
    /// Public Cloud project "Projet IA — entraînement", automatic monthly, expires in 10 days:
    /// `possibleRenewPeriod: null` in its serviceInfos (GET and PUT exist).
    pub const CLOUD_NO_RENEW_PERIODS: u64 = 1_000_018;
    /// IP `51.75.33.8/32`, child of [`CLOUD_NO_RENEW_PERIODS`]: no legacy serviceInfos.
    pub const CLOUD_IP: u64 = 1_000_019;
    /// Microsoft services `msservices-dp12345-1` (`/msServices/{serviceName}`): no serviceInfos.
    pub const MS_SERVICES: u64 = 1_000_021;
    /// vRack `pn-123456`: serviceInfos GET only (`services.NonExpiringService`), a PUT is 405.
    pub const VRACK: u64 = 1_000_026;
    /// KMS `/okms/resource/{okmsId}`: a route the published schema does not have (404).
    pub const OKMS: u64 = 1_000_028;

    // Orders added to every seeded account (any seed, any `--now`, any `--services`), after the
    // generated ones (215000000+), which they leave unchanged. Dates are relative to "now".

    /// Delivered 3 days ago: the 14-day withdrawal is open (11 days left); its 2 lines
    /// (59.88 € + 8.99 €) make its total without tax, 68.87 €.
    pub const ORDER_WITHDRAWAL_OPEN: u64 = 216_000_001;
    /// Delivered 14 days and 2 hours ago: the withdrawal closed 2 hours ago.
    pub const ORDER_WITHDRAWAL_CLOSED: u64 = 216_000_002;
    /// Delivered 30 days ago; its lines (3 × 7.00 € + 2 × 2.99 € + 18.99 €) sum to 45.97 € but
    /// its total without tax is 47.97 €: a deliberate mismatch.
    pub const ORDER_TOTAL_MISMATCH: u64 = 216_000_003;
    /// `notPaid`, placed 40 days ago, expired 25 days ago, no tracking (`followUp` 404).
    pub const ORDER_EXPIRED_UNPAID: u64 = 216_000_004;
    /// A status this app does not know (`pendingRefund`); tracking steps out of order, the
    /// AVAILABLE step missing, one history label unknown (`REFUND_REQUESTED`); no withdrawal date.
    pub const ORDER_UNKNOWN_STATUS: u64 = 216_000_005;
    /// `delivering`, placed 2 days ago: 100 × 0.07 € SMS credits, a cancelled 3.00 € line left
    /// out of the total, and 11.88 €: total without tax 18.88 €; withdrawal open.
    pub const ORDER_PARTLY_CANCELLED: u64 = 216_000_006;
    /// Delivered 5 days ago; its date and expiry written in `+02:00`, its withdrawal date in
    /// `+01:00` (open).
    pub const ORDER_OFFSETS: u64 = 216_000_007;
    /// Delivered 20 days ago; a `null` entry in `GET /me/order` object pages (as the real API
    /// sends some), while its id and its own routes answer normally.
    pub const ORDER_NULL_IN_LIST: u64 = 216_000_008;

    // The account's sign-in protections (issue 15): the seeded account is the *safe* one, with
    // two-factor authentication on, backup codes, a spare e-mail and a valid default card.
    // `datasets/unsafe.json` is the unsafe one, `datasets/ready-to-close.json` one ready to close.

    /// Authenticator app "Téléphone de Dominique", `enabled`, used yesterday.
    pub const TOTP_ENABLED: u64 = 4_210_001;
    /// Security key "YubiKey 5C", `enabled`.
    pub const U2F_ENABLED: u64 = 4_220_001;
    /// Phone `+33612345678` ("Ancien portable"), `disabled`: listed, but does not protect.
    pub const SMS_DISABLED: u64 = 4_230_001;
    /// Backup codes left (`GET /me/accessRestriction/backupCode`, `enabled`).
    pub const BACKUP_CODES_REMAINING: u64 = 8;
}

#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub services: usize,
    pub seed: u64,
    pub now: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
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

struct KindInfo {
    path: &'static str,
    product: &'static str,
    product_desc: &'static str,
    plan: &'static str,
    invoice: &'static str,
    manual: bool,
    periods: &'static [u32],
    cents: (i64, i64),
    pricing_months: u32,
    forced: bool,
    one_shot: bool,
    immediate: bool,
}

fn info(k: Kind) -> KindInfo {
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
enum Scenario {
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
struct Spec {
    kind: Kind,
    scenario: Scenario,
    days: Option<i64>,
    month_end: bool,
    name: Option<String>,
    display: Option<String>,
    parent: Option<usize>,
    period: Option<u32>,
    other_nic: Option<&'static str>,
    engaged: bool,
    lifecycle_state: Option<&'static str>,
    resource_state: Option<&'static str>,
    /// `possibleRenewPeriod: null` in its serviceInfos although it renews.
    unlisted_periods: bool,
}

fn sp(kind: Kind, scenario: Scenario) -> Spec {
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
    fn days(mut self, d: i64) -> Spec {
        self.days = Some(d);
        self
    }
    fn name(mut self, n: &str) -> Spec {
        self.name = Some(n.into());
        self
    }
    fn display(mut self, n: &str) -> Spec {
        self.display = Some(n.into());
        self
    }
    fn parent(mut self, idx: usize) -> Spec {
        self.parent = Some(idx);
        self
    }
    fn period(mut self, m: u32) -> Spec {
        self.period = Some(m);
        self
    }
}

const LONG_NAME: &str = "Association des amis de la bibliothèque municipale de Saint-Rémy-de-Provence — site officiel et archives";

fn specials() -> Vec<Spec> {
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
        sp(Domain, ManualPendingTermination)
            .name("design-fontaine.fr")
            .days(2),
    ]
}

const FAMILY: &[&str] = &[
    "dupont",
    "martin",
    "lefevre",
    "bernard",
    "durand",
    "moreau",
    "laurent",
    "simon",
    "michel",
    "garcia",
    "roux",
    "fournier",
    "girard",
    "bonnet",
    "mercier",
    "blanc",
    "guerin",
    "muller",
    "henry",
    "rousseau",
    "nicolas",
    "perrin",
    "morin",
    "mathieu",
    "clement",
    "gauthier",
    "dumont",
    "lopez",
    "fontaine",
    "chevalier",
    "robin",
    "masson",
    "sanchez",
    "gerard",
    "nguyen",
    "boyer",
    "denis",
    "lemaire",
    "duval",
    "joly",
];
const TRADE: &[&str] = &[
    "boulangerie",
    "avocats",
    "photo",
    "immobilier",
    "garage",
    "coiffure",
    "plomberie",
    "consulting",
    "design",
    "studio",
    "bistro",
    "fleurs",
    "architecture",
    "sante",
    "voyages",
    "boutique",
    "atelier",
    "informatique",
    "events",
    "musique",
];
const TLDS: &[&str] = &[
    ".fr", ".fr", ".fr", ".com", ".com", ".eu", ".net", ".org", ".be", ".ch",
];
const TRADE_LABEL: &[&str] = &[
    "Boulangerie",
    "Cabinet",
    "Atelier",
    "Studio",
    "Garage",
    "Fleuriste",
    "Bistrot",
    "Agence",
];
const FAMILY_LABEL: &[&str] = &[
    "Dupont",
    "Lefèvre",
    "Bénard",
    "Moreau",
    "Gérard",
    "Müller",
    "Chevalier",
    "Françoise",
    "Rousseau",
    "Noël",
    "Hélène",
    "Joly",
];
const VPS_LABEL: &[&str] = &[
    "Serveur de test",
    "Serveur de prod",
    "VPN",
    "Intégration continue",
    "Préproduction",
    "Supervision",
    "Sauvegardes",
];

struct Gen<'a> {
    rng: Rng,
    now: DateTime<FixedOffset>,
    today: NaiveDate,
    services: Vec<ServiceRec>,
    names: HashSet<(String, String)>,
    counters: [u32; 4],
    bucket: u64,
    _p: std::marker::PhantomData<&'a ()>,
}

fn contact(kind: &str, code: &str) -> Contact {
    Contact {
        kind: kind.into(),
        customer_code: code.into(),
        extra: Map::new(),
    }
}

fn last_day_of_month(d: NaiveDate) -> NaiveDate {
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
    fn unique(&mut self, kind: Kind, name: String) -> String {
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

    fn domain_name(&mut self) -> String {
        let f = *self.rng.pick(FAMILY);
        let t = *self.rng.pick(TRADE);
        let tld = *self.rng.pick(TLDS);
        if self.rng.chance(0.5) {
            format!("{t}-{f}{tld}")
        } else {
            format!("{f}-{t}{tld}")
        }
    }

    fn gen_name(&mut self, kind: Kind) -> String {
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

    fn default_display(&mut self, kind: Kind, name: &str) -> String {
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
    fn default_days(&mut self, scenario: Scenario) -> (i64, bool) {
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

    fn push(&mut self, spec: Spec) -> usize {
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

    fn route(&self, template: &str, name: &str) -> Route {
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

/// The filler mix (kind, weight).
const MIX: &[(Kind, u32)] = &[
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

fn pick_kind(rng: &mut Rng) -> Kind {
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

fn pick_scenario(rng: &mut Rng, kind: Kind) -> Scenario {
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

/// Orders of the past, before the dated recent ones and the notable ones.
pub const DEFAULT_HISTORY_ORDERS: usize = 49;

/// Generates the account.
pub fn generate(opts: &SeedOptions) -> Account {
    generate_with_history(opts, DEFAULT_HISTORY_ORDERS)
}

/// Generates the account with `history` past orders (`--orders`: a large order list), spread
/// over the last five years; the default keeps the seeded account's exact orders.
pub fn generate_with_history(opts: &SeedOptions, history: usize) -> Account {
    let now = opts.now;
    let mut g = Gen {
        rng: Rng::new(opts.seed),
        now,
        today: now.date_naive(),
        services: Vec::with_capacity(opts.services),
        names: HashSet::new(),
        counters: [0; 4],
        bucket: 0,
        _p: std::marker::PhantomData,
    };
    for spec in specials().into_iter().take(opts.services) {
        g.push(spec);
    }
    while g.services.len() < opts.services {
        let kind = pick_kind(&mut g.rng);
        let scenario = pick_scenario(&mut g.rng, kind);
        let parent = g.push(sp(kind, scenario));
        let parent_days = g.services[parent]
            .expiration()
            .map(|e| (e.date_naive() - g.today).num_days())
            .unwrap_or(100);
        let room = |g: &Gen| g.services.len() < opts.services;
        match kind {
            Kind::Hosting if g.rng.chance(0.85) && room(&g) => {
                let name = g.services[parent].svc.resource.name.clone();
                let child_scenario = match scenario {
                    Scenario::Manual | Scenario::PendingTermination => scenario,
                    _ => Scenario::Auto,
                };
                let days = if g.rng.chance(0.5) {
                    parent_days
                } else {
                    g.rng.range(31, 400)
                };
                g.push(
                    sp(Kind::Domain, child_scenario)
                        .name(&name)
                        .days(days.max(parent_days.min(0)))
                        .parent(parent),
                );
            }
            Kind::Dedicated if g.rng.chance(0.6) => {
                for _ in 0..g.rng.range(1, 2) {
                    if !room(&g) {
                        break;
                    }
                    let k = if g.rng.chance(0.6) {
                        Kind::Ip
                    } else {
                        Kind::LicenseWindows
                    };
                    g.push(
                        sp(k, Scenario::Auto)
                            .days(parent_days.max(1))
                            .parent(parent),
                    );
                }
            }
            Kind::Cloud if g.rng.chance(0.5) && room(&g) => {
                g.push(
                    sp(Kind::Ip, Scenario::Auto)
                        .days(parent_days.max(1))
                        .parent(parent),
                );
            }
            Kind::Domain if g.rng.chance(0.04) && room(&g) => {
                let name = g.services[parent].svc.resource.name.clone();
                g.push(
                    sp(Kind::DomainZone, Scenario::Auto)
                        .name(&name)
                        .days(parent_days.max(1))
                        .parent(parent),
                );
            }
            _ => {}
        }
    }
    let services = g.services;
    let mut rng = g.rng;
    let (mut orders, bills, debts) = orders_bills_debts(&mut rng, now, &services, history);
    orders.extend(notable_orders(opts.seed, now));
    let me = Me {
        nichandle: NIC.into(),
        email: Some("dominique.petit@example.fr".into()),
        spare_email: Some("d.petit.secours@example.org".into()),
        country: Some("FR".into()),
        currency: Some(Currency {
            code: "EUR".into(),
            symbol: Some("€".into()),
            extra: Map::new(),
        }),
        language: Some("fr_FR".into()),
        legalform: Some("individual".into()),
        firstname: Some("Dominique".into()),
        name: Some("Petit".into()),
        extra: {
            let mut m = Map::new();
            m.insert("customerCode".into(), json!("0123-4567-89"));
            m.insert("ovhSubsidiary".into(), json!("FR"));
            m.insert("ovhCompany".into(), json!("ovh"));
            m.insert("state".into(), json!("complete"));
            m.insert("kycValidated".into(), json!(true));
            m
        },
    };
    let pm = |id: u64,
              ty: &str,
              sub: Option<&str>,
              status: &str,
              default: bool,
              label: &str,
              desc: Option<&str>,
              exp: Option<DateTime<FixedOffset>>,
              created: i64| {
        let mut extra = Map::new();
        extra.insert("paymentSubType".into(), json!(sub));
        extra.insert(
            "icon".into(),
            json!({ "name": sub.unwrap_or(ty).to_lowercase(), "data": null, "url": null }),
        );
        extra.insert(
            "integration".into(),
            json!(if ty == "CREDIT_CARD" {
                "IFRAME_VANTIV"
            } else {
                "REDIRECT"
            }),
        );
        extra.insert("oneclick".into(), json!(false));
        extra.insert("billingContactId".into(), Value::Null);
        extra.insert(
            "lastUpdate".into(),
            json!(util::fmt_dt(now - Duration::days(created / 2))),
        );
        extra.insert("paymentMeanId".into(), json!(id - 5_000_000));
        PaymentMethod {
            payment_method_id: id,
            payment_type: ty.into(),
            status: status.into(),
            is_default: default,
            label: Some(label.into()),
            description: desc.map(String::from),
            expiration_date: exp.map(util::fmt_dt),
            creation_date: Some(util::fmt_dt(now - Duration::days(created))),
            extra,
        }
    };
    let card_exp = util::midnight(last_day_of_month(now.date_naive() + Duration::days(700)));
    let old_exp = util::midnight(last_day_of_month(now.date_naive() - Duration::days(120)));
    let payment_methods = vec![
        pm(
            5_123_401,
            "CREDIT_CARD",
            Some("VISA"),
            "VALID",
            true,
            "4970********1234",
            Some("Carte perso"),
            Some(card_exp),
            400,
        ),
        pm(
            5_123_402,
            "CREDIT_CARD",
            Some("MASTERCARD"),
            "EXPIRED",
            false,
            "5132********9876",
            None,
            Some(old_exp),
            1500,
        ),
        pm(
            5_123_403,
            "SEPA_DIRECT_DEBIT",
            None,
            "VALID",
            false,
            "FR76 **** **** **** **** ***4 189",
            Some("Compte pro"),
            None,
            200,
        ),
    ];
    let ds = Dataset {
        access_restriction: safe_access_restriction(now),
        me,
        autorenew: Some(Autorenew {
            active: true,
            renew_day: 5,
            last_renew: None,
            extra: Map::new(),
        }),
        services: Vec::new(),
        orders,
        bills,
        payment_methods,
        debts,
        extra: Map::new(),
    };
    let mut acc = match Account::from_dataset(ds) {
        Ok(a) => a,
        Err(e) => unreachable_account(e),
    };
    acc.services = services;
    if let Err(e) = acc.reindex() {
        return unreachable_account(e);
    }
    acc
}

/// The seeded account's two-factor authentication: an authenticator app and a security key
/// enabled, an old phone disabled, backup codes enabled (see `notable::TOTP_ENABLED`...).
pub fn safe_access_restriction(now: DateTime<FixedOffset>) -> AccessRestrictions {
    let ago = |days: i64| util::fmt_dt(now - Duration::days(days));
    AccessRestrictions {
        totp: vec![TwoFactorAccount {
            id: notable::TOTP_ENABLED,
            creation_date: ago(412),
            description: "Téléphone de Dominique".into(),
            last_used_date: Some(ago(1)),
            status: "enabled".into(),
            extra: Map::new(),
        }],
        u2f: vec![TwoFactorAccount {
            id: notable::U2F_ENABLED,
            creation_date: ago(230),
            description: "YubiKey 5C".into(),
            last_used_date: Some(ago(36)),
            status: "enabled".into(),
            extra: Map::new(),
        }],
        sms: vec![SmsAccount {
            id: notable::SMS_DISABLED,
            creation_date: ago(1210),
            description: "Ancien portable".into(),
            last_used_date: Some(ago(500)),
            phone_number: "+33612345678".into(),
            status: "disabled".into(),
            extra: Map::new(),
        }],
        backup_code: Some(SotpAccount {
            creation_date: ago(412),
            last_used_date: None,
            remaining: notable::BACKUP_CODES_REMAINING,
            status: "enabled".into(),
            extra: Map::new(),
        }),
        extra: Map::new(),
    }
}

fn unreachable_account(e: String) -> Account {
    // The generated orders have distinct ids by construction; keep going with an empty account.
    eprintln!("sandbox: seed produced an invalid account: {e}");
    std::process::exit(3)
}

fn tax_of(cents: i64) -> i64 {
    (cents as f64 * 0.2).round() as i64
}

fn duration_label(months: u32) -> String {
    match months {
        12 => "1 an".into(),
        m if m % 12 == 0 => format!("{} ans", m / 12),
        m => format!("{m} mois"),
    }
}

const LABEL_TEXT: &[(&str, &str)] = &[
    ("ORDER_STARTED", "Commande créée"),
    ("ORDER_ACCEPTED", "Commande acceptée"),
    ("PAYMENT_INITIATED", "Paiement initié"),
    ("PAYMENT_RECEIVED", "Paiement reçu"),
    ("PAYMENT_CONFIRMED", "Paiement confirmé"),
    ("FRAUD_CHECK", "Vérification de la commande"),
    ("FRAUD_DOCS_REQUESTED", "Documents justificatifs demandés"),
    ("FRAUD_MANUAL_REVIEW", "Vérification manuelle en cours"),
    ("FRAUD_REFUSED", "Commande refusée"),
    ("INVOICE_IN_PROGRESS", "Facture en préparation"),
    ("INVOICE_SENT", "Facture envoyée"),
    ("DELIVERY", "Livraison"),
];

/// The tracking of an order in a given status (empty = no tracking: 404).
pub fn follow_up_for(status: &str, date: DateTime<FixedOffset>) -> Vec<FollowUp> {
    let h = |label: &str, minutes: i64| FollowUpHistory {
        date: util::fmt_dt(date + Duration::minutes(minutes)),
        label: label.into(),
        description: LABEL_TEXT
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, d)| d.to_string()),
        extra: Map::new(),
    };
    let step = |step: &str, status: &str, history: Vec<FollowUpHistory>| FollowUp {
        step: step.into(),
        status: status.into(),
        history,
        extra: Map::new(),
    };
    let started = || vec![h("ORDER_STARTED", 0), h("PAYMENT_INITIATED", 1)];
    let paid = || {
        vec![
            h("ORDER_STARTED", 0),
            h("PAYMENT_INITIATED", 1),
            h("PAYMENT_RECEIVED", 3),
        ]
    };
    match status {
        "notPaid" => vec![
            step("VALIDATING", "DOING", started()),
            step("VALIDATED", "TODO", vec![]),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "checking" => vec![
            step("VALIDATING", "DONE", paid()),
            step("VALIDATED", "DOING", vec![h("FRAUD_CHECK", 5)]),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "documentsRequested" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DOING",
                vec![h("FRAUD_CHECK", 5), h("FRAUD_DOCS_REQUESTED", 60)],
            ),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "delivering" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DONE",
                vec![h("PAYMENT_CONFIRMED", 5), h("ORDER_ACCEPTED", 6)],
            ),
            step("DELIVERING", "DOING", vec![h("DELIVERY", 10)]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "delivered" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DONE",
                vec![h("PAYMENT_CONFIRMED", 5), h("ORDER_ACCEPTED", 6)],
            ),
            step("DELIVERING", "DONE", vec![h("DELIVERY", 10)]),
            step(
                "AVAILABLE",
                "DONE",
                vec![h("INVOICE_IN_PROGRESS", 30), h("INVOICE_SENT", 120)],
            ),
        ],
        "cancelling" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DONE",
                vec![h("PAYMENT_CONFIRMED", 5), h("ORDER_ACCEPTED", 6)],
            ),
            step("DELIVERING", "DONE", vec![h("DELIVERY", 10)]),
            step("AVAILABLE", "ERROR", vec![h("INVOICE_IN_PROGRESS", 30)]),
        ],
        "cancelled" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "ERROR",
                vec![h("FRAUD_MANUAL_REVIEW", 30), h("FRAUD_REFUSED", 600)],
            ),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "unknown" => vec![
            step("VALIDATING", "ERROR", vec![h("ORDER_STARTED", 0)]),
            step("VALIDATED", "TODO", vec![]),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        _ => vec![],
    }
}

/// The orders of [`notable`] (`ORDER_*`): fixed ids, dates relative to `now`, their own RNG for
/// the passwords so the generated orders stay as they are.
pub fn notable_orders(seed: u64, now: DateTime<FixedOffset>) -> Vec<OrderRecord> {
    use notable::*;
    let now = now.with_timezone(&util::paris());
    let mut rng = Rng::new(seed ^ 0x6f72_6465_7273);
    let mut detail_id = 59_000_000u64;
    let mut line = |description: &str, kind: &str, domain: &str, quantity: u32, unit_cents: i64| {
        detail_id += 1;
        OrderDetail {
            order_detail_id: detail_id,
            description: description.into(),
            detail_type: Some(kind.into()),
            domain: domain.into(),
            quantity: quantity.to_string(),
            unit_price: Price::eur(unit_cents),
            total_price: Price::eur(unit_cents * i64::from(quantity)),
            cancelled: false,
            extra: Map::new(),
        }
    };
    let specs: Vec<(u64, &str, i64, Vec<OrderDetail>)> = vec![
        (
            ORDER_WITHDRAWAL_OPEN,
            "delivered",
            3 * 24,
            vec![
                line(
                    "Renouvellement Hébergement Perso dupont-boulangerie.fr — 1 an",
                    "RENEW",
                    "dupont-boulangerie.fr",
                    1,
                    5988,
                ),
                line(
                    "Renouvellement du nom de domaine dupont-boulangerie.fr — 1 an",
                    "RENEW",
                    "dupont-boulangerie.fr",
                    1,
                    899,
                ),
            ],
        ),
        (
            ORDER_WITHDRAWAL_CLOSED,
            "delivered",
            14 * 24 + 2,
            vec![line(
                "VPS Value 1 vCore — 1 mois",
                "DURATION",
                "vps-7b1e2d4c.vps.ovh.net",
                1,
                649,
            )],
        ),
        (
            ORDER_TOTAL_MISMATCH,
            "delivered",
            30 * 24,
            vec![
                line("Pack 100 crédits SMS", "QUANTITY", "sms-dp12345-1", 3, 700),
                line(
                    "Exchange Starter — 1 mois",
                    "DURATION",
                    "dupont-boulangerie.fr",
                    2,
                    299,
                ),
                line(
                    "Option Sauvegarde automatisée — 1 an",
                    "OPTION",
                    "vps-7b1e2d4c.vps.ovh.net",
                    1,
                    1899,
                ),
            ],
        ),
        (
            ORDER_EXPIRED_UNPAID,
            "notPaid",
            40 * 24,
            vec![line(
                "Nom de domaine boulangerie-dupont.com — 1 an",
                "CREATION",
                "boulangerie-dupont.com",
                1,
                1199,
            )],
        ),
        (
            ORDER_UNKNOWN_STATUS,
            "pendingRefund",
            6 * 24,
            vec![line(
                "Certificat SSL Sectigo DV — 1 an",
                "CREATION",
                "dupont-boulangerie.fr",
                1,
                3900,
            )],
        ),
        (
            ORDER_PARTLY_CANCELLED,
            "delivering",
            2 * 24,
            vec![
                line("Crédits SMS", "QUANTITY", "sms-dp12345-1", 100, 7),
                line(
                    "Adresse IP Failover — installation",
                    "INSTALLATION",
                    "ns3124567.ip-51-91-2.eu",
                    1,
                    300,
                ),
                line(
                    "Renouvellement du nom de domaine cafe-creme.fr — 1 an",
                    "RENEW",
                    "cafe-creme.fr",
                    1,
                    1188,
                ),
            ],
        ),
        (
            ORDER_OFFSETS,
            "delivered",
            5 * 24,
            vec![line(
                "Hébergement Pro — 1 an",
                "CREATION",
                "patisserie-lefevre.fr",
                1,
                9588,
            )],
        ),
        (
            ORDER_NULL_IN_LIST,
            "delivered",
            20 * 24,
            vec![line(
                "Renouvellement du nom de domaine martin-avocats.fr — 1 an",
                "RENEW",
                "martin-avocats.fr",
                1,
                899,
            )],
        ),
    ];
    let summer = FixedOffset::east_opt(2 * 3600).unwrap_or_else(util::paris);
    specs
        .into_iter()
        .map(|(id, status, hours_ago, mut details)| {
            let date = (now - Duration::hours(hours_ago))
                .with_second(0)
                .and_then(|d| d.with_nanosecond(0))
                .unwrap_or(now);
            let password = rng.alnum(8);
            if id == ORDER_PARTLY_CANCELLED {
                details[1].cancelled = true;
            }
            let (url, pdf) = order_urls(id, &password);
            let mut order = make_order(id, &password, date, details.clone(), url, pdf);
            if status != "notPaid" && id != ORDER_UNKNOWN_STATUS {
                order.retraction_date = Some(util::fmt_dt(date + Duration::days(14)));
            }
            let without = match id {
                ORDER_TOTAL_MISMATCH => Some(4797),
                ORDER_PARTLY_CANCELLED => Some(1888),
                _ => None,
            };
            if let Some(without) = without {
                let tax = tax_of(without);
                order.price_without_tax = Price::eur(without);
                order.tax = Price::eur(tax);
                order.price_with_tax = Price::eur(without + tax);
            }
            if id == ORDER_OFFSETS {
                order.date = Some(util::fmt_dt(date.with_timezone(&summer)));
                order.expiration_date = Some(util::fmt_dt(
                    (date + Duration::days(15)).with_timezone(&summer),
                ));
            }
            let follow_up = match id {
                ORDER_EXPIRED_UNPAID => Vec::new(),
                ORDER_UNKNOWN_STATUS => {
                    let mut steps = follow_up_for("delivered", date);
                    steps.truncate(3);
                    steps.rotate_left(2); // DELIVERING, VALIDATING, VALIDATED
                    steps[0].history.push(FollowUpHistory {
                        date: util::fmt_dt(date + Duration::days(2)),
                        label: "REFUND_REQUESTED".into(),
                        description: Some("Remboursement demandé".into()),
                        extra: Map::new(),
                    });
                    steps
                }
                _ => follow_up_for(status, date),
            };
            OrderRecord {
                order,
                status: status.into(),
                details,
                follow_up,
                sandbox_effect: None,
                sandbox_null_in_list: id == ORDER_NULL_IN_LIST,
                extra: Map::new(),
            }
        })
        .collect()
}

/// Builds an order (ids and urls filled in later by the caller).
pub fn make_order(
    order_id: u64,
    password: &str,
    date: DateTime<FixedOffset>,
    details: Vec<OrderDetail>,
    url: String,
    pdf_url: String,
) -> Order {
    let without: i64 = details.iter().map(|d| d.total_price.cents()).sum();
    let tax = tax_of(without);
    Order {
        order_id,
        date: Some(util::fmt_dt(date)),
        expiration_date: Some(util::fmt_dt(date + Duration::days(15))),
        retraction_date: None,
        password: Some(password.into()),
        url: Some(url),
        pdf_url: Some(pdf_url),
        price_with_tax: Price::eur(without + tax),
        price_without_tax: Price::eur(without),
        tax: Price::eur(tax),
        extra: Map::new(),
    }
}

/// A renewal detail line for a service.
pub fn renew_detail(id: u64, s: &ServiceRec, months: u32) -> OrderDetail {
    let unit = s.monthly_cents() * i64::from(months);
    let invoice = s
        .svc
        .billing
        .plan
        .as_ref()
        .and_then(|p| p.invoice_name.clone())
        .unwrap_or_else(|| "Service".into());
    OrderDetail {
        order_detail_id: id,
        description: format!(
            "Renouvellement {invoice} {} — {}",
            s.svc.resource.name,
            duration_label(months)
        ),
        detail_type: Some("RENEW".into()),
        domain: s.svc.resource.name.clone(),
        quantity: "1".into(),
        unit_price: Price::eur(unit),
        total_price: Price::eur(unit),
        cancelled: false,
        extra: Map::new(),
    }
}

pub fn order_urls(order_id: u64, password: &str) -> (String, String) {
    (
        format!("/_sandbox/order?orderId={order_id}&orderPassword={password}"),
        format!("/_sandbox/order?orderId={order_id}&orderPassword={password}&format=pdf"),
    )
}

pub fn bill_for(
    bill_id: String,
    password: &str,
    order: &Order,
    date: DateTime<FixedOffset>,
) -> Bill {
    Bill {
        url: Some(format!(
            "/_sandbox/bill?reference={bill_id}&passwd={password}"
        )),
        pdf_url: Some(format!(
            "/_sandbox/bill?reference={bill_id}&passwd={password}&format=pdf"
        )),
        bill_id,
        date: util::fmt_dt(date),
        order_id: Some(order.order_id),
        price_with_tax: order.price_with_tax.clone(),
        price_without_tax: order.price_without_tax.clone(),
        tax: order.tax.clone(),
        password: Some(password.into()),
        extra: Map::new(),
    }
}

fn orders_bills_debts(
    rng: &mut Rng,
    now: DateTime<FixedOffset>,
    services: &[ServiceRec],
    history: usize,
) -> (Vec<OrderRecord>, Vec<Bill>, Vec<Debt>) {
    // (hours ago, status, debt service index)
    let mut plan: Vec<(i64, &str, Option<usize>)> = Vec::new();
    let recent = [
        (13 * 24 + 5, "delivered"),
        (11 * 24 + 2, "delivered"),
        (9 * 24 + 7, "cancelled"),
        (8 * 24 + 1, "documentsRequested"),
        (6 * 24 + 3, "delivering"),
        (5 * 24 + 9, "cancelling"),
        (4 * 24 + 6, "delivered"),
        (3 * 24 + 2, "checking"),
        (2 * 24 + 4, "notPaid"),
        (24 + 3, "delivered"),
        (3, "notPaid"),
    ];
    let history = history as i64;
    for i in 0..history {
        let days = if history <= DEFAULT_HISTORY_ORDERS as i64 {
            420 - i * 8
        } else {
            // Oldest first, over five years, ending two weeks ago.
            14 + (history - i) * 5 * 365 / history
        };
        let hours = days * 24 + rng.range(0, 20);
        let status = if i == 25 {
            "unknown"
        } else if i % 9 == 4 {
            "cancelled"
        } else if i % 10 == 7 {
            "notPaid"
        } else {
            "delivered"
        };
        plan.push((hours, status, None));
    }
    plan.extend(recent.iter().map(|(h, s)| (*h, *s, None)));
    for (i, s) in services.iter().enumerate() {
        if s.infos.status == "pendingDebt" {
            let days_ago = s.expiration().map(|e| (now - e).num_days()).unwrap_or(0) + 12;
            plan.push((days_ago * 24 + 7, "notPaid", Some(i)));
        }
    }
    plan.sort_by_key(|p| std::cmp::Reverse(p.0));
    let eligible: Vec<usize> = (0..services.len())
        .filter(|&i| services[i].svc.route.is_some() && services[i].monthly_cents() > 0)
        .collect();
    let mut orders = Vec::new();
    let mut bills = Vec::new();
    let mut debts = Vec::new();
    let mut order_id = 215_000_000u64;
    let mut detail_id = 50_000_000u64;
    let mut bill_no = 41_000_000u64;
    for (hours, status, debt_service) in plan {
        order_id += rng.range(1, 400) as u64;
        let date = (now - Duration::hours(hours))
            .with_second(0)
            .unwrap_or(now)
            .with_minute(rng.range(0, 59) as u32)
            .unwrap_or(now);
        let password = rng.alnum(8);
        let mut details = Vec::new();
        let mut effect_services = Vec::new();
        let picks: Vec<usize> = match debt_service {
            Some(i) => vec![i],
            None if eligible.is_empty() => vec![],
            None => (0..rng.range(1, 3))
                .map(|_| *rng.pick(&eligible))
                .collect::<Vec<_>>(),
        };
        for i in picks {
            if effect_services.contains(&services[i].svc.service_id) {
                continue;
            }
            detail_id += 1;
            let months = services[i]
                .infos
                .renew
                .as_ref()
                .and_then(|r| r.period)
                .or_else(|| {
                    services[i]
                        .infos
                        .possible_renew_period
                        .as_ref()
                        .and_then(|p| p.first().copied())
                })
                .unwrap_or(12);
            let mut d = renew_detail(detail_id, &services[i], months);
            if rng.chance(0.25) && debt_service.is_none() {
                d.detail_type = Some("INSTALLATION".into());
                d.description = format!(
                    "{} {} — création",
                    services[i]
                        .svc
                        .billing
                        .plan
                        .as_ref()
                        .and_then(|p| p.invoice_name.clone())
                        .unwrap_or_default(),
                    services[i].svc.resource.name
                );
            }
            effect_services.push(services[i].svc.service_id);
            details.push(d);
        }
        if details.is_empty() {
            detail_id += 1;
            details.push(OrderDetail {
                order_detail_id: detail_id,
                description: "Crédits SMS x100".into(),
                detail_type: Some("QUANTITY".into()),
                domain: "sms-dp12345-1".into(),
                quantity: "100".into(),
                unit_price: Price::eur(7),
                total_price: Price::eur(700),
                cancelled: false,
                extra: Map::new(),
            });
        }
        if status == "cancelled" {
            for d in &mut details {
                d.cancelled = true;
            }
        }
        let (url, pdf) = order_urls(order_id, &password);
        let mut order = make_order(order_id, &password, date, details.clone(), url, pdf);
        if debt_service.is_some() {
            order.expiration_date = Some(util::fmt_dt(date + Duration::days(60)));
        }
        if matches!(
            status,
            "delivered" | "delivering" | "checking" | "cancelling" | "documentsRequested"
        ) {
            order.retraction_date = Some(util::fmt_dt(date + Duration::days(14)));
        }
        let no_tracking = (status == "notPaid" && hours > 15 * 24 && rng.chance(0.5))
            || (status == "cancelled" && rng.chance(0.3));
        let follow_up = if no_tracking {
            Vec::new()
        } else {
            follow_up_for(status, date)
        };
        let mut effect = None;
        if status == "notPaid" {
            effect = Some(OrderEffect {
                services: effect_services,
                duration: None,
                debt_ids: Vec::new(),
            });
        }
        if let Some(i) = debt_service {
            let debt_id = 3_000_001 + debts.len() as u64;
            let amount = order.price_with_tax.clone();
            debts.push(Debt {
                debt_id,
                order_id,
                date: util::fmt_dt(date),
                amount: amount.clone(),
                due_amount: amount.clone(),
                pending_amount: Price::eur(0),
                todo_amount: amount,
                unmatured_amount: Some(Price::eur(0)),
                due_date: Some(util::fmt_dt(date + Duration::days(10))),
                status: "UNPAID".into(),
                extra: Map::new(),
            });
            effect = Some(OrderEffect {
                services: vec![services[i].svc.service_id],
                duration: None,
                debt_ids: vec![debt_id],
            });
        }
        if matches!(status, "delivered" | "delivering" | "cancelling") && hours < 300 * 24 {
            bill_no += rng.range(1, 5000) as u64;
            let pw = rng.alnum(6);
            bills.push(bill_for(
                format!("FR{bill_no}"),
                &pw,
                &order,
                date + Duration::hours(2),
            ));
        }
        orders.push(OrderRecord {
            order,
            status: status.into(),
            details,
            follow_up,
            sandbox_effect: effect,
            sandbox_null_in_list: false,
            extra: Map::new(),
        });
    }
    (orders, bills, debts)
}
