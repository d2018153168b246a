//! The client against the published OVHcloud API v1 schema (`tests/fixtures/schema/`, trimmed
//! from `../shared/docs/ovh-api-schema/` by `scripts/trim-schema.py`, so these run without it):
//!
//! - every route the client can send (`api::routes::ROUTES`) exists with its method, and every
//!   request the client sent in the flows below is one of them;
//! - the capability table (`api::capabilities`) is the schema's `{route}/serviceInfos`;
//! - every response type the client decodes reads instances generated from the schema's model:
//!   all fields set, every `canBeNull` field `null`, every `canBeNull` field absent, each enum
//!   value in turn, with the important fields intact and nothing dropped by the tolerant
//!   decoder;
//! - every request body the client sends fits its body model: no unknown or read-only field,
//!   required ones present, values of the right type and enum values from the schema's enum.

mod support;

use std::collections::BTreeMap;

use billing_console::api::capabilities::{self, ApiStatus, LegacyInfos};
use billing_console::api::decode::decode;
use billing_console::api::models::{
    Bill, DebtAccount, LifecycleState, Me, MeDetails, PaymentMethodStatus, Price, ResourceState,
    Service,
};
use billing_console::api::models::{Debt, Order, OrderStatus, PaymentMethod};
use billing_console::api::mutations::{
    autorenew_body, legacy_renew_block, services_renew_body, LegacyRenew,
};
use billing_console::api::orders::{FollowUp, OrderDetail, OrderPaymentMethods, RetractionReason};
use billing_console::api::renewal::AccountAutorenew;
use billing_console::api::routes::{Verb, ROUTES, SERVICE_INFOS};
use billing_console::api::{ApiClient, Method, PaymentOrder, RenewOrder};
use billing_console::domain::money::Money;
use billing_console::domain::renewal::RenewalChoice;
use futures::executor::block_on;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use support::FakeTransport;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema/");

// ---------------------------------------------------------------------------------------------
// The fixture

#[path = "support/schema_fixture.rs"]
mod schema_fixture;

use schema_fixture::{Op, Schema};

/// What the tests ask of the fixture, failing with what is missing.
impl Schema {
    fn op(&self, method: &str, path: &str) -> &Op {
        self.find_op(method, path)
            .unwrap_or_else(|| panic!("{method} {path} is not in the schema fixture"))
    }

    fn has(&self, method: &str, path: &str) -> bool {
        self.find_op(method, path).is_some()
    }

    fn model(&self, name: &str, file: &str) -> &Value {
        self.find_model(name, file)
            .unwrap_or_else(|| panic!("no model {name} ({file}) in the fixture"))
    }
}

/// Types that are values, not models.
const PRIMITIVES: &[&str] = &[
    "boolean",
    "long",
    "int",
    "double",
    "float",
    "string",
    "text",
    "password",
    "email",
    "phoneNumber",
    "ip",
    "ipBlock",
    "ipv4",
    "ipv6",
    "uuid",
    "time",
    "date",
    "datetime",
    "duration",
    "T",
    "any",
    "void",
];

/// `coreTypes.ServiceId[]:long[]` → `long[]`; `duration:string` → `duration` (the alias says
/// more when it is itself a known type).
fn plain_type(full_type: &str) -> &str {
    match full_type.split_once(':') {
        Some((alias, base)) => {
            if PRIMITIVES.contains(&alias.trim_end_matches("[]")) {
                alias
            } else {
                base
            }
        }
        None => full_type,
    }
}

/// `x.Y<a.B>` → (`x.Y`, `a.B`).
fn generic(t: &str) -> (&str, &str) {
    match t.split_once('<') {
        Some((name, rest)) => (name, rest.trim_end_matches('>')),
        None => (t, ""),
    }
}

// ---------------------------------------------------------------------------------------------
// Generated instances

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nulls {
    /// Every property set.
    Set,
    /// Every `canBeNull` property `null`.
    Null,
    /// Every `canBeNull` property left out.
    Absent,
}

const MODES: [Nulls; 3] = [Nulls::Set, Nulls::Null, Nulls::Absent];

struct Gen<'a> {
    schema: &'a Schema,
    file: String,
    nulls: Nulls,
    /// Each enum takes its `variant`-th value (modulo its length): the variants cover them all.
    variant: usize,
    counter: u64,
}

impl Gen<'_> {
    fn value(&mut self, full_type: &str, depth: usize) -> Value {
        assert!(depth < 12, "too deep: {full_type}");
        self.counter += 1;
        let n = self.counter;
        let t = plain_type(full_type);
        if let Some(item) = t.strip_suffix("[]") {
            return json!([self.value(item, depth + 1)]);
        }
        if t.starts_with("map[") {
            return json!({});
        }
        match t {
            "boolean" => json!(self.variant % 2 == 0),
            "long" | "int" => json!(1_000_000 + n),
            "double" | "float" => json!(12.5),
            "string" | "text" | "password" | "T" | "any" => json!(format!("text-{n}")),
            "email" => json!("dominique.petit@example.fr"),
            "phoneNumber" => json!("+33.123456789"),
            "ip" | "ipv4" => json!("192.0.2.1"),
            "ipv6" => json!("2001:db8::1"),
            "ipBlock" => json!("192.0.2.0/28"),
            "uuid" => json!("6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"),
            "time" => json!("10:00:00"),
            "date" => json!("2026-11-23"),
            "datetime" => json!("2026-11-23T10:00:00+01:00"),
            "duration" => json!("P1M"),
            _ => {
                let (name, arg) = generic(t);
                let model = self.schema.model(name, &self.file).clone();
                if let Some(values) = model.get("enum").and_then(Value::as_array) {
                    return values[self.variant % values.len()].clone();
                }
                let mut out = Map::new();
                if name == "order.Price" {
                    // One amount, three ways: 12.50 (microcents where this copy has them).
                    let props = model["properties"].as_object().unwrap();
                    out.insert("currencyCode".into(), json!("EUR"));
                    out.insert("text".into(), json!("12.50 €"));
                    out.insert("value".into(), json!(12.5));
                    if let Some(p) = props.get("priceInUcents") {
                        match (p["canBeNull"] == true, self.nulls) {
                            (true, Nulls::Null) => {
                                out.insert("priceInUcents".into(), Value::Null);
                            }
                            (true, Nulls::Absent) => {}
                            _ => {
                                out.insert("priceInUcents".into(), json!(1_250_000_000));
                            }
                        }
                    }
                    assert!(
                        props.keys().all(|k| {
                            ["currencyCode", "text", "value", "priceInUcents"].contains(&k.as_str())
                        }),
                        "order.Price has a property this generator does not know"
                    );
                    return Value::Object(out);
                }
                for (key, p) in model["properties"].as_object().unwrap() {
                    let can_be_null = p["canBeNull"] == true;
                    match (can_be_null, self.nulls) {
                        (true, Nulls::Null) => {
                            out.insert(key.clone(), Value::Null);
                        }
                        (true, Nulls::Absent) => {}
                        _ => {
                            let pt = p["fullType"].as_str().unwrap();
                            let pt = if pt == "T" && !arg.is_empty() {
                                arg
                            } else {
                                pt
                            };
                            out.insert(key.clone(), self.value(pt, depth + 1));
                        }
                    }
                }
                Value::Object(out)
            }
        }
    }
}

/// The longest enum reachable from `full_type`: how many variants cover every enum value.
fn enum_span(schema: &Schema, file: &str, full_type: &str, depth: usize) -> usize {
    if depth > 12 {
        return 1;
    }
    let t = plain_type(full_type).trim_end_matches("[]");
    if PRIMITIVES.contains(&t) || t.starts_with("map[") {
        return 1;
    }
    let (name, arg) = generic(t);
    let model = schema.model(name, file);
    if let Some(values) = model.get("enum").and_then(Value::as_array) {
        return values.len();
    }
    let mut span = 1;
    for p in model["properties"].as_object().unwrap().values() {
        let pt = p["fullType"].as_str().unwrap();
        let pt = if pt == "T" && !arg.is_empty() {
            arg
        } else {
            pt
        };
        span = span.max(enum_span(schema, file, pt, depth + 1));
    }
    span
}

/// Every instance of the response type of `method path`: each enum value in turn, in each of
/// the three null modes.
fn instances(schema: &Schema, method: &str, path: &str) -> Vec<(Nulls, usize, Value)> {
    let op = schema.op(method, path);
    let span = enum_span(schema, &op.file, &op.response_type, 0);
    let mut out = Vec::new();
    for nulls in MODES {
        for variant in 0..span {
            let mut gen = Gen {
                schema,
                file: op.file.clone(),
                nulls,
                variant,
                counter: 0,
            };
            out.push((nulls, variant, gen.value(&op.response_type, 0)));
        }
    }
    out
}

/// Decodes every instance of `method path`'s response as `T` with the client's tolerant
/// decoder: nothing may be dropped, and `check` sees each decoded value with its JSON.
fn decodes<T: DeserializeOwned>(
    schema: &Schema,
    method: &str,
    path: &str,
    check: impl Fn(&T, &Value, Nulls),
) -> usize {
    let all = instances(schema, method, path);
    for (nulls, variant, json) in &all {
        let text = json.to_string();
        let decoded = decode::<T>(&text).unwrap_or_else(|e| {
            panic!("{method} {path} ({nulls:?}, variant {variant}): {e}\n{text}")
        });
        assert!(
            decoded.dropped.is_empty(),
            "{method} {path} ({nulls:?}, variant {variant}): dropped {:?}\n{text}",
            decoded.dropped
        );
        check(&decoded.value, json, *nulls);
    }
    all.len()
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(String::from)
}

/// What the client makes of a price in the JSON (read from its text, as the client does).
fn money(p: &Value) -> Option<Money> {
    let price: Price = serde_json::from_str(&p.to_string()).ok()?;
    price.money()
}

// ---------------------------------------------------------------------------------------------
// Request bodies

/// Checks `v` against `full_type`; `at` names the place for the message.
fn check_value(schema: &Schema, file: &str, full_type: &str, v: &Value, at: &str) -> Vec<String> {
    let mut errors = Vec::new();
    let t = plain_type(full_type);
    let bad = |what: &str| vec![format!("{at}: {what} (got {v}, type {full_type})")];
    if let Some(item) = t.strip_suffix("[]") {
        let Some(items) = v.as_array() else {
            return bad("not an array");
        };
        for (i, x) in items.iter().enumerate() {
            errors.extend(check_value(schema, file, item, x, &format!("{at}[{i}]")));
        }
        return errors;
    }
    let fits = match t {
        "boolean" => v.is_boolean(),
        "long" | "int" => v.is_i64() || v.is_u64(),
        "double" | "float" => v.is_number(),
        "date" => v
            .as_str()
            .is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
        "duration" => v.as_str().is_some_and(|s| {
            s.len() > 2 && s.starts_with('P') && s[1..].chars().any(|c| c.is_ascii_digit())
        }),
        t if PRIMITIVES.contains(&t) => v.is_string(),
        _ => {
            let (name, _) = generic(t);
            let model = schema.model(name, file);
            if let Some(values) = model.get("enum").and_then(Value::as_array) {
                values.contains(v)
            } else {
                return check_object(schema, file, name, v, at);
            }
        }
    };
    if fits {
        errors
    } else {
        bad("does not fit")
    }
}

/// An object sent to the API: only the model's writable properties, required ones present.
fn check_object(schema: &Schema, file: &str, name: &str, v: &Value, at: &str) -> Vec<String> {
    let model = schema.model(name, file);
    let Some(obj) = v.as_object() else {
        return vec![format!("{at}: not an object (got {v}, model {name})")];
    };
    let props = model["properties"].as_object().unwrap();
    let mut errors = Vec::new();
    for (k, p) in props {
        if p["required"] == true && obj.get(k).is_none_or(Value::is_null) {
            errors.push(format!("{at}.{k}: required by {name}, not sent"));
        }
    }
    for (k, x) in obj {
        let Some(p) = props.get(k) else {
            errors.push(format!("{at}.{k}: {name} has no such property"));
            continue;
        };
        if p["readOnly"] == true {
            errors.push(format!("{at}.{k}: read-only in {name}, sent"));
        }
        if x.is_null() {
            if p["canBeNull"] != true {
                errors.push(format!("{at}.{k}: null, {name}.{k} cannot be null"));
            }
            continue;
        }
        let pt = p["fullType"].as_str().unwrap();
        errors.extend(check_value(schema, file, pt, x, &format!("{at}.{k}")));
    }
    errors
}

/// Whether `body` is what `method path` accepts (a whole model, named parameters, nothing).
fn check_body(schema: &Schema, method: &str, path: &str, body: &Value) -> Vec<String> {
    let op = schema.op(method, path);
    let at = format!("{method} {path}");
    match &op.body {
        None => match body {
            Value::Null => Vec::new(),
            Value::Object(m) if m.is_empty() => Vec::new(),
            _ => vec![format!("{at}: takes no body, got {body}")],
        },
        Some(spec) if spec.get("model").is_some() => {
            let name = spec["model"].as_str().unwrap();
            check_object(schema, &op.file, name, body, &at)
        }
        Some(spec) => {
            let params = spec["params"].as_array().unwrap();
            let Some(obj) = body.as_object() else {
                return vec![format!("{at}: the parameters are an object, got {body}")];
            };
            let mut errors = Vec::new();
            for p in params {
                let name = p["name"].as_str().unwrap();
                match obj.get(name) {
                    None | Some(Value::Null) if p["required"] == true => {
                        errors.push(format!("{at}: required parameter {name} not sent"))
                    }
                    None | Some(Value::Null) => {}
                    Some(x) => errors.extend(check_value(
                        schema,
                        &op.file,
                        p["fullType"].as_str().unwrap(),
                        x,
                        &format!("{at} {name}"),
                    )),
                }
            }
            for k in obj.keys() {
                if !params.iter().any(|p| p["name"] == k.as_str()) {
                    errors.push(format!("{at}: unknown parameter {k}"));
                }
            }
            errors
        }
    }
}

/// Whether `segs` fits a path template (`{x}` is any one segment).
fn fits(template: &str, segs: &[&str]) -> bool {
    let parts: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
    parts.len() == segs.len()
        && parts
            .iter()
            .zip(segs)
            .all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
}

/// The `ROUTES` entry (or `{route}/serviceInfos` capability) a request the client sent is.
fn route_of(method: &str, url: &str) -> Option<String> {
    let path = url.strip_prefix("/api").unwrap_or(url);
    let path = path.split('?').next().unwrap();
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let [route @ .., "serviceInfos"] = segs.as_slice() {
        let cap = capabilities::ROUTE_CAPABILITIES
            .iter()
            .find(|c| fits(c.path, route))?;
        let ok = match method {
            "GET" => cap.service_infos.readable(),
            "PUT" => cap.service_infos.writable(),
            _ => false,
        };
        return ok.then(|| format!("{}{SERVICE_INFOS}", cap.path));
    }
    ROUTES
        .iter()
        .find(|r| r.verb.as_str() == method && fits(r.path, &segs))
        .map(|r| r.path.to_string())
}

/// The client's mutations captured by the fake transport: (method, schema path, body).
fn sent(fake: &FakeTransport) -> Vec<(String, String, Value)> {
    fake.requests
        .borrow()
        .iter()
        .map(|(what, extra)| {
            let (method, url) = match what.split_once(' ') {
                Some(("Put", url)) => ("PUT", url),
                Some(("Post", url)) => ("POST", url),
                _ => ("GET", what.as_str()),
            };
            let path = route_of(method, url)
                .unwrap_or_else(|| panic!("{method} {url}: not a route of api::routes::ROUTES"));
            let body = match method {
                "GET" => Value::Null,
                _ => serde_json::from_str(&extra[0].1).unwrap(),
            };
            (method.to_string(), path, body)
        })
        .collect()
}

/// Every mutation a fake transport saw fits its schema body.
fn bodies_fit(schema: &Schema, fake: &FakeTransport) -> usize {
    let mut count = 0;
    for (method, path, body) in sent(fake) {
        if method == "GET" {
            continue;
        }
        let errors = check_body(schema, &method, &path, &body);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        count += 1;
    }
    count
}

// ---------------------------------------------------------------------------------------------
// Routes and capabilities

#[test]
fn every_route_of_the_client_exists_with_its_method() {
    let schema = Schema::load(FIXTURE);
    let mut beta = Vec::new();
    for r in ROUTES {
        let verb = r.verb.as_str();
        assert!(
            schema.has(verb, r.path),
            "{verb} {} ({}) is not in the published schema",
            r.path,
            r.purpose
        );
        if schema.op(verb, r.path).api_status == "BETA" {
            beta.push(format!("{verb} {}", r.path));
        }
    }
    // The BETA ones: the `/services` family, renew, order tracking and payment methods.
    assert!(beta.iter().all(|r| r.contains("/services")
        || r.contains("/service/")
        || r.ends_with("/followUp")
        || r.ends_with("/paymentMethods")));
    assert!(beta.len() >= 8, "{beta:?}");
    assert!(ROUTES
        .iter()
        .all(|r| matches!(r.verb, Verb::Get | Verb::Post | Verb::Put)));
}

#[test]
fn the_capability_table_is_the_schemas_legacy_service_infos() {
    let schema = Schema::load(FIXTURE);
    let mut from_schema = BTreeMap::new();
    for op in &schema.ops {
        let Some(route) = op.path.strip_suffix(SERVICE_INFOS) else {
            continue;
        };
        if op.method == "GET" {
            let put = schema.has("PUT", &op.path);
            let status = match op.api_status.as_str() {
                "BETA" => ApiStatus::Beta,
                "DEPRECATED" => ApiStatus::Deprecated,
                _ => ApiStatus::Production,
            };
            let infos = if put {
                LegacyInfos::ReadWrite
            } else {
                LegacyInfos::ReadOnly
            };
            from_schema.insert(route.to_string(), (infos, status));
        }
    }
    let table: BTreeMap<String, (LegacyInfos, ApiStatus)> = capabilities::ROUTE_CAPABILITIES
        .iter()
        .map(|c| (c.path.to_string(), (c.service_infos, c.status)))
        .collect();
    assert_eq!(table, from_schema, "run scripts/trim-schema.py");
    assert_eq!(
        table.len(),
        capabilities::ROUTE_CAPABILITIES.len(),
        "no duplicates"
    );
    // The issue's routes.
    for (route, infos) in [
        ("/domain/{serviceName}", LegacyInfos::ReadWrite),
        ("/hosting/web/{serviceName}", LegacyInfos::ReadWrite),
        ("/vrack/{serviceName}", LegacyInfos::ReadOnly),
        ("/ip/{ip}", LegacyInfos::None),
        ("/msServices/{serviceName}", LegacyInfos::None),
        ("/okms/resource/{okmsId}", LegacyInfos::None),
    ] {
        assert_eq!(capabilities::legacy_service_infos(route), infos, "{route}");
    }
    assert!(capabilities::capabilities("/vrack/{serviceName}").is_some_and(|c| c.beta()));
    // Whatever the table says readable, the schema answers with a service's details.
    for c in capabilities::ROUTE_CAPABILITIES {
        let op = schema.op("GET", &format!("{}{SERVICE_INFOS}", c.path));
        assert!(
            ["services.Service", "services.NonExpiringService"]
                .contains(&op.response_type.as_str()),
            "{}",
            c.path
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Responses

#[test]
fn services_decode_in_every_shape_the_schema_allows() {
    let schema = Schema::load(FIXTURE);
    let n = decodes::<Service>(&schema, "GET", "/services/{serviceId}", |s, j, nulls| {
        assert_eq!(s.service_id, j["serviceId"].as_u64().unwrap());
        assert_eq!(s.resource.name, j["resource"]["name"].as_str().unwrap());
        assert_eq!(s.resource.state.as_wire(), j["resource"]["state"]);
        assert!(!matches!(s.resource.state, ResourceState::Unknown(_)));
        assert_eq!(s.parent_service_id, j["parentServiceId"].as_u64());
        let billing = s.billing.as_ref().unwrap();
        let jb = &j["billing"];
        assert_eq!(billing.expiration_date, text(&jb["expirationDate"]));
        assert_eq!(billing.next_billing_date, text(&jb["nextBillingDate"]));
        match nulls {
            Nulls::Set => {
                let route = s.route.as_ref().unwrap();
                assert_eq!(route.path, text(&j["route"]["path"]));
                assert_eq!(route.url, text(&j["route"]["url"]));
                assert_eq!(route.vars[0].value, j["route"]["vars"][0]["value"]);
                let lifecycle = billing.lifecycle.as_ref().unwrap();
                assert_eq!(
                    lifecycle.current.state.as_wire(),
                    jb["lifecycle"]["current"]["state"]
                );
                assert!(!matches!(
                    lifecycle.current.state,
                    LifecycleState::Unknown(_)
                ));
                assert_eq!(
                    lifecycle.current.pending_actions[0].as_wire(),
                    jb["lifecycle"]["current"]["pendingActions"][0]
                );
                let renew = billing.renew.as_ref().unwrap();
                assert_eq!(
                    renew.current.mode.as_ref().map(|m| m.as_wire().to_string()),
                    text(&jb["renew"]["current"]["mode"])
                );
                assert_eq!(
                    renew.current.period,
                    text(&jb["renew"]["current"]["period"])
                );
                let price = billing.pricing.as_ref().unwrap().price.as_ref().unwrap();
                assert_eq!(price.money(), money(&jb["pricing"]["price"]));
                assert_eq!(
                    s.customer.as_ref().unwrap().contacts[0].customer_code,
                    j["customer"]["contacts"][0]["customerCode"]
                );
            }
            Nulls::Null | Nulls::Absent => {
                assert!(s.route.is_none() && s.parent_service_id.is_none());
                assert!(billing.lifecycle.is_none() && billing.pricing.is_none());
                assert!(billing.expiration_date.is_none());
            }
        }
    });
    assert!(n >= 3 * 7, "every resource and lifecycle state: {n}");
}

#[test]
fn the_account_and_its_payment_means_decode() {
    let schema = Schema::load(FIXTURE);
    decodes::<MeDetails>(&schema, "GET", "/me", |me, j, _| {
        assert_eq!(me.nichandle, j["nichandle"].as_str().unwrap());
        // What the first load reads of the same answer, and the rest read later from it.
        let first = Me::from_body(&j.to_string()).unwrap();
        assert_eq!(first.nichandle, me.nichandle);
        assert_eq!(&first.details().unwrap(), me);
        assert_eq!(me.email, text(&j["email"]));
        assert_eq!(me.legalform, text(&j["legalform"]));
        assert_eq!(me.currency.as_ref().unwrap().code, j["currency"]["code"]);
    });
    decodes::<PaymentMethod>(
        &schema,
        "GET",
        "/me/payment/method/{paymentMethodId}",
        |p, j, _| {
            assert_eq!(p.payment_method_id, j["paymentMethodId"].as_u64().unwrap());
            assert_eq!(p.payment_type, j["paymentType"].as_str().unwrap());
            assert_eq!(p.status.as_wire(), j["status"]);
            assert!(!matches!(p.status, PaymentMethodStatus::Unknown(_)));
            assert_eq!(p.default, j["default"].as_bool().unwrap());
            assert_eq!(p.label, text(&j["label"]));
            assert_eq!(p.expiration_date, text(&j["expirationDate"]));
        },
    );
    decodes::<AccountAutorenew>(&schema, "GET", "/me/autorenew", |a, j, _| {
        assert_eq!(a.active, j["active"].as_bool().unwrap());
        assert_eq!(u64::from(a.renew_day), j["renewDay"].as_u64().unwrap());
    });
    decodes::<i64>(&schema, "GET", "/auth/time", |t, j, _| {
        assert_eq!(Some(*t), j.as_i64());
    });
}

#[test]
fn orders_and_their_parts_decode() {
    let schema = Schema::load(FIXTURE);
    let same_money = |a: &Option<Price>, j: &Value| {
        assert_eq!(a.as_ref().and_then(Price::money), money(j));
        assert!(a.is_some());
    };
    decodes::<Order>(&schema, "GET", "/me/order/{orderId}", |o, j, _| {
        assert_eq!(o.order_id, j["orderId"].as_u64().unwrap());
        assert_eq!(o.date, text(&j["date"]));
        assert_eq!(o.expiration_date, text(&j["expirationDate"]));
        assert_eq!(o.retraction_date, text(&j["retractionDate"]));
        assert_eq!(o.url, text(&j["url"]));
        same_money(&o.price_with_tax, &j["priceWithTax"]);
        same_money(&o.price_without_tax, &j["priceWithoutTax"]);
    });
    decodes::<OrderDetail>(
        &schema,
        "GET",
        "/me/order/{orderId}/details/{orderDetailId}",
        |d, j, _| {
            assert_eq!(d.order_detail_id, j["orderDetailId"].as_u64().unwrap());
            assert_eq!(d.quantity, j["quantity"].as_str().unwrap());
            assert_eq!(d.domain, text(&j["domain"]));
            assert_eq!(d.detail_type, text(&j["detailType"]));
            same_money(&d.total_price, &j["totalPrice"]);
        },
    );
    decodes::<Vec<FollowUp>>(&schema, "GET", "/me/order/{orderId}/followUp", |f, j, _| {
        assert_eq!(f[0].step.as_wire(), j[0]["step"]);
        assert_eq!(f[0].status.as_wire(), j[0]["status"]);
        assert_eq!(f[0].history[0].label.as_wire(), j[0]["history"][0]["label"]);
        assert_eq!(f[0].history[0].date, text(&j[0]["history"][0]["date"]));
    });
    decodes::<OrderStatus>(&schema, "GET", "/me/order/{orderId}/status", |s, j, _| {
        assert_eq!(s.as_wire(), j);
        assert!(!matches!(s, OrderStatus::Unknown(_)), "{j}");
    });
    decodes::<OrderPaymentMethods>(
        &schema,
        "GET",
        "/me/order/{orderId}/paymentMethods",
        |p, j, _| {
            assert_eq!(
                p.available[0].payment_type,
                j["available"][0]["paymentType"]
            );
            assert_eq!(
                p.available[0].oneshot,
                j["available"][0]["oneshot"].as_bool()
            );
            assert_eq!(p.registered[0], j["registered"][0].as_u64().unwrap());
        },
    );
    decodes::<Vec<u64>>(
        &schema,
        "GET",
        "/me/order/{orderId}/details",
        |ids, j, _| {
            assert_eq!(ids[0], j[0].as_u64().unwrap());
        },
    );
    decodes::<Bill>(&schema, "GET", "/me/bill/{billId}", |b, j, _| {
        assert_eq!(b.bill_id, j["billId"].as_str().unwrap());
        assert_eq!(b.order_id, j["orderId"].as_u64());
        same_money(&b.price_with_tax, &j["priceWithTax"]);
    });
}

#[test]
fn debts_and_payment_orders_decode() {
    let schema = Schema::load(FIXTURE);
    decodes::<Debt>(
        &schema,
        "GET",
        "/me/debtAccount/debt/{debtId}",
        |d, j, _| {
            assert_eq!(d.debt_id, j["debtId"].as_u64().unwrap());
            assert_eq!(d.order_id, j["orderId"].as_u64().unwrap());
            assert_eq!(d.due_amount.money(), money(&j["dueAmount"]));
            assert_eq!(d.amount.money(), money(&j["amount"]));
            assert_eq!(d.status, text(&j["status"]));
        },
    );
    decodes::<DebtAccount>(&schema, "GET", "/me/debtAccount", |a, j, _| {
        assert_eq!(a.active, j["active"].as_bool());
        assert_eq!(
            a.todo_amount.as_ref().and_then(Price::money),
            money(&j["todoAmount"])
        );
    });
    decodes::<PaymentOrder>(&schema, "POST", "/me/debtAccount/pay", |o, j, _| {
        assert_eq!(o.order_id, j["orderId"].as_u64());
        assert_eq!(
            o.url.as_ref().map(|u| u.expose().to_string()),
            text(&j["url"])
        );
    });
    decodes::<Vec<u64>>(&schema, "GET", "/me/debtAccount/debt", |ids, j, _| {
        assert_eq!(ids[0], j[0].as_u64().unwrap());
    });
}

#[test]
fn renewals_decode_with_the_older_price_of_service_json() {
    let schema = Schema::load(FIXTURE);
    // `service.json`'s `order.Price` has no `priceInUcents`: the amount comes from `value`.
    decodes::<RenewOrder>(&schema, "POST", "/service/{serviceId}/renew", |o, j, _| {
        assert!(j["priceWithTax"].get("priceInUcents").is_none());
        assert_eq!(o.order_id, j["orderId"].as_u64());
        let price = o.price_with_tax.as_ref().unwrap();
        assert_eq!(price.price_in_ucents, None);
        assert_eq!(price.money().unwrap().minor, 1250);
    });
    decodes::<Vec<String>>(
        &schema,
        "GET",
        "/services/{serviceId}/renewPeriodCapacities",
        |p, j, _| assert_eq!(p[0], j[0].as_str().unwrap()),
    );
    // The renew offers: only their periods are read.
    for (nulls, _, offers) in instances(&schema, "GET", "/service/{serviceId}/renew") {
        let fake = FakeTransport::default().ok(&offers.to_string());
        let client = ApiClient::with_transport("/api", &fake);
        let durations = block_on(client.renew_durations(1)).unwrap();
        assert_eq!(durations, ["P1M"], "{nulls:?}");
        assert_eq!(sent(&fake)[0].1, "/service/{serviceId}/renew");
    }
}

#[test]
fn legacy_service_infos_decode_with_or_without_renewal_periods() {
    let schema = Schema::load(FIXTURE);
    let mut seen = 0;
    for (route, file_of) in [
        ("/domain/{serviceName}", "GET"),
        ("/hosting/web/{serviceName}", "GET"),
        ("/vrack/{serviceName}", "GET"),
    ] {
        let path = format!("{route}{SERVICE_INFOS}");
        for (nulls, _, infos) in instances(&schema, file_of, &path) {
            seen += 1;
            // The wizard's read (`renewalSettings`): `possibleRenewPeriod` null or absent is
            // "none listed", never an unreadable answer.
            let fake = FakeTransport::default().ok(&infos.to_string());
            let client = ApiClient::with_transport("/api", &fake);
            let settings = block_on(client.renewal_settings(7, Some("/domain/example.com")))
                .unwrap_or_else(|e| panic!("{path} ({nulls:?}): {e:?}\n{infos}"));
            let listed: Vec<u32> = infos["possibleRenewPeriod"]
                .as_array()
                .map(|p| p.iter().map(|v| v.as_u64().unwrap() as u32).collect())
                .unwrap_or_default();
            assert_eq!(settings.periods, listed, "{path} ({nulls:?})");
            let view = LegacyRenew::from_infos(&infos).view;
            assert_eq!(settings.view, view);
            match infos.get("renew").filter(|r| r.is_object()) {
                Some(renew) => {
                    let manual = renew["manualPayment"] == true;
                    let automatic = renew["automatic"].as_bool().unwrap();
                    assert_eq!(view.automatic, Some(automatic && !manual), "{infos}");
                    assert_eq!(
                        view.termination_requested,
                        renew["deleteAtExpiration"] == true
                    );
                    assert_eq!(view.period_months.map(u64::from), renew["period"].as_u64());
                }
                None => assert_eq!(view.automatic, None, "{path}: no renew block"),
            }
        }
    }
    assert!(seen > 0);
}

#[test]
fn the_clients_enums_are_the_schemas() {
    let schema = Schema::load(FIXTURE);
    let values = |name: &str| -> Vec<String> {
        let mut v: Vec<String> = schema.model(name, "services.json")["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    fn wires<T>(known: &[T], wire: impl Fn(&T) -> &str) -> Vec<String> {
        let mut v: Vec<String> = known.iter().map(|k| wire(k).to_string()).collect();
        v.sort();
        v
    }
    use billing_console::api::models::{ContactType, LifecycleAction, RenewMode};
    use billing_console::api::orders::{FollowUpLabel, FollowUpStatus, FollowUpStep};
    let pairs: Vec<(&str, Vec<String>)> = vec![
        (
            "services.expanded.Resource.StateEnum",
            wires(ResourceState::KNOWN, |v| v.as_wire()),
        ),
        (
            "services.expanded.Lifecycle.StateEnum",
            wires(LifecycleState::KNOWN, |v| v.as_wire()),
        ),
        (
            "services.expanded.Lifecycle.ActionEnum",
            wires(LifecycleAction::KNOWN, |v| v.as_wire()),
        ),
        (
            "services.expanded.Renew.ModeEnum",
            wires(RenewMode::KNOWN, |v| v.as_wire()),
        ),
        (
            "services.expanded.Customer.Contact.TypeEnum",
            wires(ContactType::KNOWN, |v| v.as_wire()),
        ),
        (
            "billing.order.OrderStatusEnum",
            wires(OrderStatus::KNOWN, |v| v.as_wire()),
        ),
        (
            "me.payment.method.StatusEnum",
            wires(PaymentMethodStatus::KNOWN, |v| v.as_wire()),
        ),
        (
            "billing.order.followUp.StepEnum",
            wires(FollowUpStep::KNOWN, |v| v.as_wire()),
        ),
        (
            "billing.order.followUp.StatusEnum",
            wires(FollowUpStatus::KNOWN, |v| v.as_wire()),
        ),
        (
            "billing.order.followUp.HistoryStatusEnum",
            wires(FollowUpLabel::KNOWN, |v| v.as_wire()),
        ),
        (
            "billing.order.RetractionReasonEnum",
            wires(RetractionReason::KNOWN, |v| v.as_wire()),
        ),
    ];
    for (name, client) in pairs {
        assert_eq!(client, values(name), "{name}");
    }
    use billing_console::api::models::ServiceInfosStatus;
    assert_eq!(
        wires(ServiceInfosStatus::KNOWN, |v| v.as_wire()),
        values("service.StateEnum")
    );
}

// ---------------------------------------------------------------------------------------------
// Request bodies

fn service_json(pending: &str) -> String {
    format!(
        r#"{{"serviceId": 7, "resource": {{"name": "example.com", "state": "active"}},
            "billing": {{"lifecycle": {{"current": {{"state": "active", "pendingActions": [{pending}]}}}}}}}}"#
    )
}

const CHOICES: [RenewalChoice; 5] = [
    RenewalChoice::Automatic { months: 1 },
    RenewalChoice::Automatic { months: 3 },
    RenewalChoice::Automatic { months: 6 },
    RenewalChoice::Automatic { months: 12 },
    RenewalChoice::Manual,
];

#[test]
fn the_legacy_renewal_body_fits_services_service() {
    let schema = Schema::load(FIXTURE);
    // From every shape of block the API may send back (all set, nulls, absent fields).
    for (nulls, _, infos) in instances(&schema, "GET", "/domain/{serviceName}/serviceInfos") {
        let block = infos.get("renew").cloned().unwrap_or(Value::Null);
        for choice in CHOICES {
            let body = json!({ "renew": legacy_renew_block(&block, choice) });
            let errors = check_body(&schema, "PUT", "/domain/{serviceName}/serviceInfos", &body);
            assert!(
                errors.is_empty(),
                "{nulls:?} {choice:?}: {}",
                errors.join("\n")
            );
        }
    }
    // Through the client: configure the renewal, then cancel a termination.
    let infos = json!({
        "renew": { "automatic": true, "deleteAtExpiration": true, "forced": false,
                   "manualPayment": false, "period": 12 },
        "possibleRenewPeriod": [1, 12], "status": "ok", "serviceId": 7, "domain": "example.com"
    });
    let fake = FakeTransport::default()
        .ok(&infos.to_string())
        .ok("null")
        .ok(&infos.to_string())
        .ok("null");
    let client = ApiClient::with_transport("/api", &fake);
    let seen = LegacyRenew::from_infos(&infos).view;
    let done = block_on(client.configure_renewal(
        7,
        Some("/domain/example.com"),
        seen,
        RenewalChoice::Manual,
    ));
    assert!(done.outcome.is_applied(), "{:?}", done.outcome);
    assert!(
        block_on(client.cancel_termination(7, Some("/domain/example.com")))
            .outcome
            .is_applied()
    );
    assert_eq!(bodies_fit(&schema, &fake), 2);
}

#[test]
fn the_services_api_bodies_fit_services_update_service() {
    let schema = Schema::load(FIXTURE);
    for choice in CHOICES {
        let errors = check_body(
            &schema,
            "PUT",
            "/services/{serviceId}",
            &services_renew_body(choice),
        );
        assert!(errors.is_empty(), "{choice:?}: {}", errors.join("\n"));
    }
    // A service without legacy details is changed through `/services/{id}`.
    let fake = FakeTransport::default().ok(&service_json("")).ok("null");
    let client = ApiClient::with_transport("/api", &fake);
    let seen = billing_console::api::mutations::service_view(
        &serde_json::from_str(&service_json("")).unwrap(),
    );
    block_on(client.configure_renewal(7, None, seen, RenewalChoice::Automatic { months: 1 }));
    assert_eq!(bodies_fit(&schema, &fake), 1);
}

#[test]
fn the_termination_bodies_fit_the_form_and_the_policy() {
    let schema = Schema::load(FIXTURE);
    let fake = FakeTransport::default()
        .ok(&service_json(""))
        .ok(r#"{"message": "ok"}"#)
        .ok("null");
    let client = ApiClient::with_transport("/api", &fake);
    let answers = [
        ("reason".to_string(), "NOT_NEEDED_ANYMORE".to_string()),
        ("commentary_reason".to_string(), "Trop cher".to_string()),
        (
            "future_use".to_string(),
            "NOT_REPLACING_SERVICE".to_string(),
        ),
    ];
    let done = block_on(client.terminate_at_expiry(7, &answers));
    assert!(done.outcome.is_applied(), "{:?}", done.outcome);
    let sent = sent(&fake);
    assert!(sent
        .iter()
        .any(|(m, p, _)| m == "POST" && p == "/services/{serviceId}/form/{formName}/answer"));
    assert!(sent.iter().any(|(m, p, b)| m == "PUT"
        && p == "/services/{serviceId}"
        && b.get("terminationPolicy").is_some()));
    assert_eq!(bodies_fit(&schema, &fake), 2);
    // The form's answer (`services.form.Response`) is not needed to go on.
    decodes::<Value>(
        &schema,
        "POST",
        "/services/{serviceId}/form/{formName}/answer",
        |_, j, _| assert!(j["message"].is_string()),
    );
}

#[test]
fn the_renew_bodies_name_their_services() {
    let schema = Schema::load(FIXTURE);
    let order = r#"{"orderId": 9, "url": "https://pay.example/9", "priceWithTax": {"currencyCode": "EUR", "text": "12.00 €", "value": 12.0}}"#;
    let service = service_json("");
    let fake = FakeTransport::default().ok(order).ok(&service).ok(order);
    let client = ApiClient::with_transport("/api", &fake);
    block_on(client.renew_quote(7, &[7, 8], "P1Y")).unwrap();
    let seen = billing_console::domain::services::ServiceRow::from(
        &serde_json::from_str::<billing_console::api::models::Service>(&service).unwrap(),
    );
    assert!(block_on(client.renew_order(7, &[seen], "P1M", 0))
        .outcome
        .is_applied());
    assert_eq!(bodies_fit(&schema, &fake), 2);
    for (method, _, body) in sent(&fake) {
        if method == "POST" {
            assert!(body["services"].as_array().is_some_and(|s| !s.is_empty()));
        }
    }
}

#[test]
fn the_account_bodies_fit() {
    let schema = Schema::load(FIXTURE);
    // The renew day: `POST` its one parameter the first time, `PUT` the object after.
    let current = AccountAutorenew {
        active: false,
        renew_day: 3,
    };
    for (before, path_method) in [(Some(current), "PUT"), (None, "POST")] {
        let (method, body) = autorenew_body(before.as_ref(), 12);
        let method = match method {
            Method::Put => "PUT",
            Method::Post => "POST",
        };
        assert_eq!(method, path_method);
        let errors = check_body(&schema, method, "/me/autorenew", &body);
        assert!(errors.is_empty(), "{}", errors.join("\n"));
    }
    // Paying the bill, deleting a hosting now: routes without a body.
    let fake = FakeTransport::default()
        .page("[]", 0)
        .ok(r#"{"orderId": 5, "url": "https://pay.example/5"}"#)
        .ok(&service_json("").replacen(
            "{",
            r#"{"route": {"path": "/hosting/web/{serviceName}", "url": "/hosting/web/example.com", "vars": [{"key": "serviceName", "value": "example.com"}]}, "#,
            1,
        ))
        .ok(r#""The termination has been requested""#);
    let client = ApiClient::with_transport("/api", &fake);
    assert!(block_on(client.pay_debts(0)).outcome.is_applied());
    assert!(block_on(client.delete_hosting_now(7)).outcome.is_applied());
    assert_eq!(bodies_fit(&schema, &fake), 2);
}

#[test]
fn the_withdrawal_body_fits_for_every_reason() {
    let schema = Schema::load(FIXTURE);
    for reason in RetractionReason::KNOWN {
        for comment in [None, Some("Commande en double"), Some("  ")] {
            let fake = FakeTransport::default().ok(r#""delivered""#).ok("null");
            let client = ApiClient::with_transport("/api", &fake);
            assert!(block_on(client.retract_order(216_000_001, reason, comment))
                .outcome
                .is_applied());
            assert_eq!(bodies_fit(&schema, &fake), 1, "{reason:?}");
        }
    }
}
