//! The deterministic seeded account: same `--seed`, `--now` and `--services` → same account.
//!
//! The first services are hand-picked (see [`notable`]); the rest are drawn with the same mix.
//! Every date is relative to the sandbox "now", so the data always look current.

use std::collections::HashSet;

use chrono::{DateTime, Duration, FixedOffset};
use serde_json::{json, Map, Value};

use crate::model::*;
use crate::state::Account;
use crate::util::{self, Rng};

mod account;
mod kinds;
mod names;
mod orders;
mod services;

pub use account::*;
use kinds::*;
use names::*;
pub use orders::*;
use services::*;

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
    /// Manual domain with termination pending, expires in 3 days (always more than 24 h away:
    /// its termination can be cancelled whatever the hour).
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
