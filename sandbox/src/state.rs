//! The sandbox's state: the account (live and initial), faults, the mutation log, sessions, clock.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::faults::FaultRule;
use crate::model::*;
use crate::util::{self, Rng};

/// A service and its legacy `serviceInfos`, kept consistent by the mutations.
#[derive(Debug, Clone)]
pub struct ServiceRec {
    pub svc: Service,
    pub infos: ServiceInfos,
}

impl ServiceRec {
    pub fn route_path(&self) -> &str {
        self.svc
            .route
            .as_ref()
            .and_then(|r| r.path.as_deref())
            .unwrap_or("")
    }

    pub fn route_url(&self) -> Option<&str> {
        self.svc.route.as_ref().and_then(|r| r.url.as_deref())
    }

    pub fn capacities_modes(&self) -> Vec<String> {
        self.svc
            .billing
            .renew
            .as_ref()
            .and_then(|r| r.capacities.as_ref())
            .map(|c| c.mode.clone())
            .unwrap_or_default()
    }

    pub fn expiration(&self) -> Option<DateTime<FixedOffset>> {
        self.svc
            .billing
            .expiration_date
            .as_deref()
            .and_then(util::parse_dt)
            .or_else(|| util::parse_dt(&self.infos.expiration))
    }

    pub fn lifecycle_current_mut(&mut self) -> Option<&mut LifecycleCurrent> {
        self.svc.billing.lifecycle.as_mut().map(|l| &mut l.current)
    }

    pub fn pending_actions(&self) -> Vec<String> {
        self.svc
            .billing
            .lifecycle
            .as_ref()
            .map(|l| l.current.pending_actions.clone())
            .unwrap_or_default()
    }

    /// Monthly price in cents, from `billing.pricing` (0 when unknown).
    pub fn monthly_cents(&self) -> i64 {
        let Some(p) = self.svc.billing.pricing.as_ref() else {
            return 0;
        };
        let cents = p.price.as_ref().map(Price::cents).unwrap_or(0);
        let months = p
            .duration
            .as_deref()
            .and_then(util::months_of)
            .unwrap_or(1)
            .max(1)
            * p.interval.unwrap_or(1).max(1);
        cents / months as i64
    }
}

/// The account served by the API.
#[derive(Debug, Clone)]
pub struct Account {
    pub me: Me,
    pub autorenew: Option<Autorenew>,
    pub services: Vec<ServiceRec>,
    pub orders: Vec<OrderRecord>,
    pub bills: Vec<Bill>,
    pub payment_methods: Vec<PaymentMethod>,
    pub debts: Vec<Debt>,
    /// `/me/accessRestriction/*`: the sign-in protections.
    pub access_restriction: AccessRestrictions,
    pub extra: Map<String, Value>,
    by_id: HashMap<u64, usize>,
    by_url: HashMap<String, usize>,
    json_cache: Vec<Option<String>>,
}

impl Account {
    /// Builds the account from a dataset; refuses duplicate ids and duplicate route urls.
    pub fn from_dataset(ds: Dataset) -> Result<Account, String> {
        let nic = ds.me.nichandle.clone();
        let mut services = Vec::with_capacity(ds.services.len());
        let mut seen = HashSet::new();
        for (i, mut svc) in ds.services.into_iter().enumerate() {
            if !seen.insert(svc.service_id) {
                return Err(format!(
                    "services[{i}].serviceId: duplicate serviceId {}",
                    svc.service_id
                ));
            }
            let infos = match svc.service_infos.take() {
                Some(infos) => infos,
                None => derive_service_infos(&svc, &nic),
            };
            services.push(ServiceRec { svc, infos });
        }
        services.sort_by_key(|s| s.svc.service_id);
        let mut orders = ds.orders;
        let mut seen = HashSet::new();
        for (i, o) in orders.iter().enumerate() {
            if !seen.insert(o.order.order_id) {
                return Err(format!(
                    "orders[{i}].order.orderId: duplicate orderId {}",
                    o.order.order_id
                ));
            }
        }
        orders.sort_by_key(|o| o.order.order_id);
        let mut bills = ds.bills;
        bills.sort_by(|a, b| a.bill_id.cmp(&b.bill_id));
        let mut payment_methods = ds.payment_methods;
        payment_methods.sort_by_key(|p| p.payment_method_id);
        let mut debts = ds.debts;
        debts.sort_by_key(|d| d.debt_id);
        let mut access_restriction = ds.access_restriction;
        check_restriction_ids("totp", access_restriction.totp.iter().map(|a| a.id))?;
        check_restriction_ids("u2f", access_restriction.u2f.iter().map(|a| a.id))?;
        check_restriction_ids("sms", access_restriction.sms.iter().map(|a| a.id))?;
        access_restriction.totp.sort_by_key(|a| a.id);
        access_restriction.u2f.sort_by_key(|a| a.id);
        access_restriction.sms.sort_by_key(|a| a.id);
        let mut acc = Account {
            me: ds.me,
            autorenew: ds.autorenew,
            services,
            orders,
            bills,
            payment_methods,
            debts,
            access_restriction,
            extra: ds.extra,
            by_id: HashMap::new(),
            by_url: HashMap::new(),
            json_cache: Vec::new(),
        };
        acc.reindex()?;
        Ok(acc)
    }

    /// Rebuilds the id and route indexes (after replacing `services`).
    pub fn reindex(&mut self) -> Result<(), String> {
        self.by_id.clear();
        self.by_url.clear();
        for (i, s) in self.services.iter().enumerate() {
            self.by_id.insert(s.svc.service_id, i);
            if let Some(url) = s.route_url() {
                let key = util::percent_decode(url, false);
                if self.by_url.insert(key, i).is_some() {
                    return Err(format!(
                        "services (serviceId {}).route.url: duplicate route url {url}",
                        s.svc.service_id
                    ));
                }
            }
        }
        self.json_cache = vec![None; self.services.len()];
        Ok(())
    }

    pub fn service_index(&self, id: u64) -> Option<usize> {
        self.by_id.get(&id).copied()
    }

    /// The service whose `route.url` is `url` (both compared percent-decoded).
    pub fn service_by_url(&self, url: &str) -> Option<usize> {
        self.by_url.get(&util::percent_decode(url, false)).copied()
    }

    /// Marks a service changed (its cached JSON is rebuilt on the next read).
    pub fn touch(&mut self, idx: usize) {
        if let Some(c) = self.json_cache.get_mut(idx) {
            *c = None;
        }
    }

    /// Fills the JSON cache of every service (the `/services` pages concatenate it).
    pub fn fill_cache(&mut self) {
        if self.json_cache.len() != self.services.len() {
            self.json_cache = vec![None; self.services.len()];
        }
        for (i, slot) in self.json_cache.iter_mut().enumerate() {
            if slot.is_none() {
                *slot = Some(serde_json::to_string(&self.services[i].svc).unwrap_or_default());
            }
        }
    }

    /// One service's JSON (cached).
    pub fn service_json(&mut self, idx: usize) -> String {
        if self.json_cache.len() != self.services.len() {
            self.json_cache = vec![None; self.services.len()];
        }
        if let Some(slot) = self.json_cache.get_mut(idx) {
            if slot.is_none() {
                *slot = Some(serde_json::to_string(&self.services[idx].svc).unwrap_or_default());
            }
            return slot.clone().unwrap_or_default();
        }
        "null".into()
    }

    pub fn cached_json(&self, idx: usize) -> Option<&str> {
        self.json_cache.get(idx).and_then(|c| c.as_deref())
    }

    pub fn order_index(&self, id: u64) -> Option<usize> {
        self.orders
            .binary_search_by_key(&id, |o| o.order.order_id)
            .ok()
    }

    /// The dataset file of this account (loads back to the same account).
    pub fn to_dataset_value(&self) -> Value {
        let mut root = Map::new();
        root.insert("me".into(), to_value(&self.me));
        root.insert("autorenew".into(), to_value(&self.autorenew));
        let services = self
            .services
            .iter()
            .map(|s| {
                let mut v = to_value(&s.svc);
                if let Value::Object(m) = &mut v {
                    m.insert("serviceInfos".into(), to_value(&s.infos));
                }
                v
            })
            .collect();
        root.insert("services".into(), Value::Array(services));
        root.insert("orders".into(), to_value(&self.orders));
        root.insert("bills".into(), to_value(&self.bills));
        root.insert("paymentMethods".into(), to_value(&self.payment_methods));
        root.insert("debts".into(), to_value(&self.debts));
        root.insert(
            "accessRestriction".into(),
            to_value(&self.access_restriction),
        );
        for (k, v) in &self.extra {
            root.entry(k.clone()).or_insert_with(|| v.clone());
        }
        Value::Object(root)
    }

    pub fn next_order_id(&self) -> u64 {
        self.orders
            .iter()
            .map(|o| o.order.order_id)
            .max()
            .unwrap_or(200_000_000)
            + 1
    }

    pub fn next_detail_id(&self) -> u64 {
        self.orders
            .iter()
            .flat_map(|o| o.details.iter().map(|d| d.order_detail_id))
            .max()
            .unwrap_or(50_000_000)
            + 1
    }
}

/// Refuses two sign-in protections of one kind with the same id.
fn check_restriction_ids(kind: &str, ids: impl Iterator<Item = u64>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            return Err(format!(
                "accessRestriction.{kind}[{i}].id: duplicate id {id}"
            ));
        }
    }
    Ok(())
}

pub fn to_value<T: Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A legacy `serviceInfos` consistent with a `services.expanded.Service` (datasets without one).
pub fn derive_service_infos(svc: &Service, nic: &str) -> ServiceInfos {
    let contact = |kind: &str| {
        svc.customer
            .contacts
            .iter()
            .find(|c| c.kind == kind)
            .map(|c| c.customer_code.clone())
            .unwrap_or_else(|| nic.to_string())
    };
    let b = &svc.billing;
    let mode = b.renew.as_ref().and_then(|r| r.current.mode.clone());
    let period = b
        .renew
        .as_ref()
        .and_then(|r| r.current.period.as_deref())
        .and_then(util::months_of);
    let lc = b.lifecycle.as_ref().map(|l| &l.current);
    let state = lc.map(|c| c.state.as_str()).unwrap_or("active");
    let delete = lc
        .map(|c| {
            c.pending_actions
                .iter()
                .any(|a| a == "terminateAtExpirationDate")
        })
        .unwrap_or(false);
    let status = match state {
        "unpaid" => "unPaid",
        "terminated" | "unrenewed" => "expired",
        _ if svc.resource.state == "toActivate" => "inCreation",
        _ => "ok",
    };
    let date = |s: Option<&String>| {
        s.and_then(|s| util::parse_dt(s))
            .map(util::fmt_date)
            .unwrap_or_default()
    };
    ServiceInfos {
        can_delete_at_expiration: true,
        contact_admin: contact("administrator"),
        contact_billing: contact("billing"),
        contact_tech: contact("technical"),
        creation: date(lc.and_then(|c| c.creation_date.as_ref())),
        domain: svc.resource.name.clone(),
        engaged_up_to: None,
        expiration: date(b.expiration_date.as_ref()),
        possible_renew_period: period.map(|p| vec![p]),
        renew: Some(ServiceInfosRenew {
            automatic: mode.as_deref() == Some("automatic"),
            delete_at_expiration: delete,
            forced: false,
            manual_payment: Some(mode.as_deref() == Some("manual")),
            period,
            extra: Map::new(),
        }),
        renewal_type: match mode.as_deref() {
            Some("automatic") => "automaticV2016",
            Some("manual") => "manual",
            _ => "oneShot",
        }
        .into(),
        service_id: svc.service_id,
        status: status.into(),
        extra: Map::new(),
    }
}

/// The sandbox clock: a start instant plus real elapsed time.
#[derive(Debug, Clone)]
pub struct Clock {
    pub base: DateTime<FixedOffset>,
    pub started: Instant,
}

impl Clock {
    pub fn new(base: DateTime<FixedOffset>) -> Clock {
        Clock {
            base,
            started: Instant::now(),
        }
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        let elapsed = chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default();
        self.base + elapsed
    }
}

/// One recorded mutation.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub seq: u64,
    pub time: String,
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: Value,
    /// The API's own status: the handler's (what was applied), or the fault's when a `status`
    /// fault stopped the request; `null` when the request never reached the API (`drop`/`hang`
    /// without `apply`).
    pub status: Option<u16>,
    /// The handler ran and answered 2xx: the mutation is in the account.
    pub applied: bool,
    /// What the client received: a status number, `"dropped"` (connection closed, no answer) or
    /// `"hung"` (no answer while the client waited).
    pub answered: Value,
    /// The fault that shaped the answer (`status`, `malformed`, `applyThenFail`, `drop`,
    /// `hang`), `null` when none did.
    pub fault: Option<&'static str>,
}

/// One change made behind the console's back (`POST /_sandbox/.../tamper`), not in the log.
#[derive(Debug, Clone, Serialize)]
pub struct TamperEntry {
    pub seq: u64,
    pub time: String,
    /// `service`, `order`, `autorenew` or `debt`.
    pub target: &'static str,
    pub id: Value,
    pub patch: Value,
}

/// Behaviours of the backend that a real account may show, switched at start-up
/// (`--ignore-pagination`, `--ignore-batch`) or by `PUT /_sandbox/settings`; reset restores the
/// start-up ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// List endpoints (`/services`, `/me/order`, `/me/payment/method`, `/me/bill`) ignore the
    /// `X-Pagination-*` headers and answer every id, as a backend without iceberg does.
    #[serde(default)]
    pub ignore_pagination: bool,
    /// Requests with `X-Ovh-Batch` are answered as if the header were not there (batch mode
    /// off): a list of ids in a path is then an invalid id (400).
    #[serde(default)]
    pub ignore_batch: bool,
}

pub struct Sandbox {
    pub initial: Account,
    pub account: Account,
    pub faults: Vec<FaultRule>,
    pub fault_rng: Rng,
    pub seed: u64,
    pub log: Vec<LogEntry>,
    pub log_seq: u64,
    pub sessions: HashSet<String>,
    pub token_rng: Rng,
    pub clock: Clock,
    pub next_task_id: u64,
    /// Termination questionnaire answers, by service id.
    pub termination_answers: Vec<(u64, Value)>,
    /// Changes made behind the console's back.
    pub tampers: Vec<TamperEntry>,
    pub settings: Settings,
    /// The settings at start-up (`reset` restores them).
    pub initial_settings: Settings,
    /// How the account was generated, to generate it again for a new day; `None` for a dataset
    /// loaded from a file.
    pub reseed: Option<Reseed>,
    /// The day (by the sandbox's clock) the initial account's dates were made for.
    pub seeded_day: chrono::NaiveDate,
}

/// How a generated account is made again (`seed::generate_with_history`, the fault seed being
/// the data's too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reseed {
    pub services: usize,
    pub history: usize,
}

impl Reseed {
    /// The account these options give with the data seed `seed`, dated for `now`.
    pub fn generate(self, seed: u64, now: DateTime<FixedOffset>) -> Account {
        crate::seed::generate_with_history(
            &crate::seed::SeedOptions {
                services: self.services,
                seed,
                now,
            },
            self.history,
        )
    }
}

impl Sandbox {
    pub fn now(&self) -> DateTime<FixedOffset> {
        self.clock.now()
    }

    pub fn reset(&mut self) {
        self.reseed_if_new_day();
        self.account = self.initial.clone();
        self.faults.clear();
        self.fault_rng = Rng::new(self.seed);
        self.log.clear();
        self.termination_answers.clear();
        self.tampers.clear();
        self.settings = self.initial_settings;
    }

    /// A generated account whose dates were made for another day (the sandbox has run past
    /// midnight) is generated again for today, the same services and orders with their dates
    /// moved: a service that expired "in 3 days" still does for the test that resets it then
    /// (a suite running across midnight saw the days shift by one).
    fn reseed_if_new_day(&mut self) {
        let now = self.now();
        let Some(reseed) = self.reseed else { return };
        if now.date_naive() == self.seeded_day {
            return;
        }
        let mut account = reseed.generate(self.seed, now);
        account.fill_cache();
        self.initial = account;
        self.seeded_day = now.date_naive();
    }

    pub fn new_session(&mut self) -> String {
        let token = format!(
            "{:016x}{:016x}",
            self.token_rng.next_u64(),
            self.token_rng.next_u64()
        );
        self.sessions.insert(token.clone());
        token
    }
}

/// Options of a sandbox instance.
#[derive(Debug, Clone)]
pub struct Config {
    /// Serve the API without the session cookie.
    pub no_auth: bool,
    /// Directory of the built site served at `/`.
    pub dist: Option<PathBuf>,
    /// Seed of the fault RNG.
    pub seed: u64,
    /// The sandbox clock at start.
    pub now: DateTime<FixedOffset>,
    /// Initial fault rules.
    pub faults: Vec<FaultRule>,
    /// Initial settings (`--ignore-pagination`).
    pub settings: Settings,
    /// How the account was generated (`None`: loaded from a dataset, never generated again).
    pub reseed: Option<Reseed>,
}

impl Config {
    pub fn new(now: DateTime<FixedOffset>) -> Config {
        Config {
            no_auth: false,
            dist: None,
            seed: 42,
            now,
            faults: Vec::new(),
            settings: Settings::default(),
            reseed: None,
        }
    }
}

pub struct AppState {
    pub sandbox: Mutex<Sandbox>,
    pub query_seq: AtomicU64,
    /// API requests held open by a `hang` fault right now.
    pub hanging: AtomicUsize,
    /// Tells `server::serve` to close its idle keep-alive connections (see
    /// `close_idle_connections`).
    pub recycle: tokio::sync::watch::Sender<()>,
    pub no_auth: bool,
    pub dist: Option<PathBuf>,
}

pub type SharedState = Arc<AppState>;

impl AppState {
    pub fn new(mut account: Account, config: Config) -> SharedState {
        // Pre-serialize every service: the first `/services` page is then as fast as the next.
        account.fill_cache();
        let token_seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(7)
            ^ u64::from(std::process::id()).rotate_left(32);
        let sandbox = Sandbox {
            initial: account.clone(),
            account,
            faults: config.faults,
            fault_rng: Rng::new(config.seed),
            seed: config.seed,
            log: Vec::new(),
            log_seq: 0,
            sessions: HashSet::new(),
            token_rng: Rng::new(token_seed),
            clock: Clock::new(config.now),
            next_task_id: 8_100_001,
            termination_answers: Vec::new(),
            tampers: Vec::new(),
            settings: config.settings,
            initial_settings: config.settings,
            reseed: config.reseed,
            seeded_day: config.now.date_naive(),
        };
        Arc::new(AppState {
            sandbox: Mutex::new(sandbox),
            query_seq: AtomicU64::new(0),
            hanging: AtomicUsize::new(0),
            recycle: tokio::sync::watch::channel(()).0,
            no_auth: config.no_auth,
            dist: config.dist,
        })
    }

    /// The default seeded account (`--services`/`--seed`/`--now` semantics).
    pub fn seeded(services: usize, mut config: Config) -> SharedState {
        let reseed = Reseed {
            services,
            history: crate::seed::DEFAULT_HISTORY_ORDERS,
        };
        config.reseed = Some(reseed);
        AppState::new(reseed.generate(config.seed, config.now), config)
    }

    /// Closes every idle keep-alive connection of `server::serve` (one busy with a request closes
    /// after its answer). Browsers resend once, unseen, a request that a *reused* connection
    /// answered with nothing; a `drop` fault must meet fresh connections to be seen as lost.
    pub fn close_idle_connections(&self) {
        self.recycle.send_replace(());
    }

    /// Whether a `drop` rule is armed (then every answer says `Connection: close`).
    pub fn drop_armed(&self) -> bool {
        self.lock()
            .faults
            .iter()
            .any(|r| r.kind == crate::faults::FaultKind::Drop)
    }

    /// Locks the sandbox (a poisoned lock is recovered: the state stays usable).
    pub fn lock(&self) -> MutexGuard<'_, Sandbox> {
        self.sandbox.lock().unwrap_or_else(|e| e.into_inner())
    }
}
