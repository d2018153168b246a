//! The one table of what goes through: every API call the console makes (proxied for the
//! browser) and the two the gateway makes itself while signing in and out. The same table is
//! the consumer key's access rules in the classic flow, so the API itself refuses anything else.
//!
//! Matching is on the raw path as the browser sent it, segment by segment: a literal must be
//! equal, a `{param}` takes one segment (digits only for numeric ids). A path that could mean
//! something else to a server further on (`..`, an encoded `/`, `%25`, `;`, empty segments,
//! characters a browser would have encoded) is refused before any matching.

use std::sync::OnceLock;

/// The HTTP methods of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verb {
    Get,
    Post,
    Put,
    Delete,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Get => "GET",
            Verb::Post => "POST",
            Verb::Put => "PUT",
            Verb::Delete => "DELETE",
        }
    }

    pub fn parse(method: &str) -> Option<Verb> {
        match method {
            "GET" => Some(Verb::Get),
            "POST" => Some(Verb::Post),
            "PUT" => Some(Verb::Put),
            "DELETE" => Some(Verb::Delete),
            _ => None,
        }
    }
}

/// Who makes a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// The console, through the proxy.
    Console,
    /// The gateway itself (sign-in check, sign-out); never proxied.
    Gateway,
}

/// One row of the table. `path` is the API's template (`/services/{serviceId}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub verb: Verb,
    pub path: String,
    pub caller: Caller,
}

use Verb::{Get, Post, Put};

#[allow(dead_code)]
#[path = "../../src/api/capabilities.rs"]
mod console_capabilities;
/// The console's own tables, included as they are: every route it calls (`src/api/routes.rs`)
/// and which product routes have a legacy `serviceInfos` (`src/api/capabilities.rs`). Written
/// once, so the proxy, the consumer key's access rules and the console cannot drift apart.
#[allow(dead_code)]
#[path = "../../src/api/routes.rs"]
mod console_routes;

/// The header of a batch read and the one separator the console uses (`src/api/routes.rs`).
pub const BATCH_HEADER: &str = "x-ovh-batch";
pub const BATCH_SEPARATOR: &str = console_routes::BATCH_SEPARATOR;

fn verb_of(verb: console_routes::Verb) -> Verb {
    match verb {
        console_routes::Verb::Get => Get,
        console_routes::Verb::Post => Post,
        console_routes::Verb::Put => Put,
    }
}

/// What the gateway calls for itself: is the consumer key validated, and sign-out.
const GATEWAY: &[(Verb, &str)] = &[(Get, "/auth/currentCredential"), (Post, "/auth/logout")];

/// Path parameters that are numeric ids in the API's schema (`long`).
const NUMERIC: &[&str] = &[
    "serviceId",
    "paymentMethodId",
    "debtId",
    "orderId",
    "orderDetailId",
];

const MAX_PATH: usize = 1024;
const MAX_SEGMENTS: usize = 16;

/// The whole table, built once.
pub fn calls() -> &'static [Call] {
    static TABLE: OnceLock<Vec<Call>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut calls: Vec<Call> = console_routes::ROUTES
            .iter()
            .map(|r| (verb_of(r.verb), r.path))
            .map(|(verb, path)| Call {
                verb,
                path: path.to_string(),
                caller: Caller::Console,
            })
            .collect();
        for route in console_capabilities::ROUTE_CAPABILITIES {
            if !route.service_infos.readable() {
                continue;
            }
            let writable = route.service_infos.writable();
            let route = route.path;
            let path = format!("{route}{}", console_routes::SERVICE_INFOS);
            calls.push(Call {
                verb: Get,
                path: path.clone(),
                caller: Caller::Console,
            });
            if writable {
                calls.push(Call {
                    verb: Put,
                    path,
                    caller: Caller::Console,
                });
            }
        }
        calls.extend(GATEWAY.iter().map(|&(verb, path)| Call {
            verb,
            path: path.to_string(),
            caller: Caller::Gateway,
        }));
        calls
    })
}

/// The consumer key's access rules: the table with each `{param}` as the API's `*` wildcard.
pub fn access_rules() -> Vec<(&'static str, String)> {
    let mut rules: Vec<(&'static str, String)> = Vec::new();
    for call in calls() {
        let path = call
            .path
            .split('/')
            .map(|seg| if is_param(seg).is_some() { "*" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        let rule = (call.verb.as_str(), path);
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    rules
}

/// Why a request was not let through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A path that is not a plain API path (traversal, encoded separators, odd characters).
    Malformed(&'static str),
    /// A plain path, but not a call the console makes (or not with this method).
    NotAllowed,
}

/// The console's call that `method` + `raw_path` (as sent, after the API prefix) is, if any.
pub fn check(method: &str, raw_path: &str) -> Result<&'static Call, Refusal> {
    let segments = segments(raw_path)?;
    let verb = Verb::parse(method).ok_or(Refusal::NotAllowed)?;
    calls()
        .iter()
        .filter(|c| c.caller == Caller::Console && c.verb == verb)
        .find(|c| matches(&c.path, &segments))
        .ok_or(Refusal::NotAllowed)
}

/// The console's batch read that `method` + `raw_path` is (`X-Ovh-Batch: ,`, see
/// `BATCH_ROUTES` in `src/api/routes.rs`): a `GET` of a batch route whose one numeric parameter
/// is 1 to `MAX_BATCH_KEYS` ids joined by commas, every other segment as in [`check`].
pub fn check_batch(method: &str, raw_path: &str) -> Result<&'static Call, Refusal> {
    let segments = checked_segments(raw_path, true)?;
    if method != "GET" {
        return Err(Refusal::NotAllowed);
    }
    calls()
        .iter()
        .filter(|c| c.caller == Caller::Console && c.verb == Get)
        .filter(|c| console_routes::BATCH_ROUTES.contains(&c.path.as_str()))
        .find(|c| matches_as(&c.path, &segments, true))
        .ok_or(Refusal::NotAllowed)
}

/// The raw segments of a path, refusing anything that is not a plain API path.
pub fn segments(raw_path: &str) -> Result<Vec<&str>, Refusal> {
    checked_segments(raw_path, false)
}

/// [`segments`]; with `batch`, each comma-separated key of a segment is checked as a segment.
fn checked_segments(raw_path: &str, batch: bool) -> Result<Vec<&str>, Refusal> {
    if raw_path.len() > MAX_PATH {
        return Err(Refusal::Malformed("path too long"));
    }
    let rest = raw_path
        .strip_prefix('/')
        .ok_or(Refusal::Malformed("path must start with /"))?;
    let segments: Vec<&str> = rest.split('/').collect();
    if segments.len() > MAX_SEGMENTS {
        return Err(Refusal::Malformed("too many path segments"));
    }
    for seg in &segments {
        if batch {
            seg.split(console_routes::BATCH_SEPARATOR)
                .try_for_each(check_segment)?;
        } else {
            check_segment(seg)?;
        }
    }
    Ok(segments)
}

fn check_segment(raw: &str) -> Result<(), Refusal> {
    if raw.is_empty() {
        return Err(Refusal::Malformed("empty path segment"));
    }
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or(Refusal::Malformed("bad percent-encoding"))?;
                decoded.push(hex);
                i += 3;
            }
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b':'
            | b'@'
            | b'+' => {
                decoded.push(b);
                i += 1;
            }
            _ => return Err(Refusal::Malformed("character not allowed in a path")),
        }
    }
    let decoded =
        std::str::from_utf8(&decoded).map_err(|_| Refusal::Malformed("path is not UTF-8"))?;
    if decoded == "." || decoded == ".." {
        return Err(Refusal::Malformed("dot segment"));
    }
    if decoded
        .chars()
        .any(|c| c.is_control() || matches!(c, '/' | '\\' | '%' | ';' | '?' | '#'))
    {
        return Err(Refusal::Malformed("encoded separator in a path segment"));
    }
    Ok(())
}

fn is_param(template_segment: &str) -> Option<&str> {
    template_segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
}

fn matches(template: &str, segments: &[&str]) -> bool {
    matches_as(template, segments, false)
}

/// With `batch`, a numeric parameter takes 1 to `MAX_BATCH_KEYS` ids joined by commas, and a
/// template with any other parameter does not match.
fn matches_as(template: &str, segments: &[&str], batch: bool) -> bool {
    let is_id = |seg: &str| seg.len() <= 19 && seg.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = template.split('/').skip(1).collect();
    parts.len() == segments.len()
        && parts
            .iter()
            .zip(segments)
            .all(|(part, seg)| match is_param(part) {
                Some(name) if NUMERIC.contains(&name) && batch => {
                    let keys: Vec<&str> = seg.split(console_routes::BATCH_SEPARATOR).collect();
                    keys.len() <= console_routes::MAX_BATCH_KEYS && keys.into_iter().all(is_id)
                }
                Some(name) if NUMERIC.contains(&name) => is_id(seg),
                Some(_) => !batch,
                None => part == seg,
            })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(method: &str, path: &str) -> bool {
        check(method, path).is_ok()
    }

    #[test]
    fn batch_reads_go_through_only_on_the_batch_routes() {
        assert_eq!(
            BATCH_HEADER,
            console_routes::BATCH_HEADER.to_ascii_lowercase()
        );
        let ids = |n: u64| {
            (0..n)
                .map(|i| (216_000_001 + i).to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        assert!(check_batch("GET", &format!("/me/order/{}/status", ids(50))).is_ok());
        assert!(check_batch("GET", "/me/order/216000001/status").is_ok());
        let refused = |method: &str, path: &str| check_batch(method, path).err();
        assert_eq!(
            refused("GET", &format!("/me/order/{}/status", ids(51))),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(
            refused("GET", "/me/order/1,x/status"),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(
            refused("GET", "/me/order/1%2C2/status"),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(refused("GET", "/me/order/1,2"), Some(Refusal::NotAllowed));
        assert_eq!(refused("GET", "/services/1,2"), Some(Refusal::NotAllowed));
        assert_eq!(
            refused("POST", "/me/order/1,2/retraction"),
            Some(Refusal::NotAllowed)
        );
        assert_eq!(
            refused("GET", "/me,x/order/1/status"),
            Some(Refusal::NotAllowed)
        );
        assert!(matches!(
            refused("GET", "/me/order/1,,2/status"),
            Some(Refusal::Malformed(_))
        ));
        assert!(matches!(
            refused("GET", "/me/order/1,../status"),
            Some(Refusal::Malformed(_))
        ));
        // Without the header a comma is not a path character.
        assert!(matches!(
            check("GET", "/me/order/1,2/status").err(),
            Some(Refusal::Malformed(_))
        ));
    }

    #[test]
    fn the_console_calls_are_allowed() {
        for (method, path) in [
            ("GET", "/auth/time"),
            ("GET", "/me"),
            ("GET", "/services"),
            ("GET", "/services/1000002"),
            ("PUT", "/services/1000002"),
            ("GET", "/services/1000002/renewPeriodCapacities"),
            ("GET", "/services/1000002/form/termination"),
            ("POST", "/services/1000002/form/termination/answer"),
            ("GET", "/service/1000002/renew"),
            ("POST", "/service/1000002/renew"),
            ("POST", "/hosting/web/monsite.fr/terminate"),
            ("GET", "/me/autorenew"),
            ("POST", "/me/autorenew"),
            ("PUT", "/me/autorenew"),
            ("GET", "/me/payment/method"),
            ("GET", "/me/debtAccount/debt"),
            ("GET", "/me/debtAccount/debt/42"),
            ("POST", "/me/debtAccount/pay"),
            ("GET", "/me/order"),
            ("GET", "/me/order/216000001"),
            ("GET", "/me/order/216000001/status"),
            ("GET", "/me/order/216000001/details"),
            ("GET", "/me/order/216000001/details/7"),
            ("GET", "/me/order/216000001/followUp"),
            ("GET", "/me/order/216000001/paymentMethods"),
            ("POST", "/me/order/216000001/retraction"),
            ("GET", "/domain/example.com/serviceInfos"),
            ("PUT", "/domain/example.com/serviceInfos"),
            ("GET", "/domain/zone/example.com/serviceInfos"),
            ("PUT", "/hosting/web/caf%C3%A9.fr/serviceInfos"),
            (
                "GET",
                "/email/exchange/hosted-ab123-1/service/hosted-ab123-1/serviceInfos",
            ),
            (
                "PUT",
                "/dedicated/server/ns3124567.ip-51-91-2.eu/serviceInfos",
            ),
            ("GET", "/vrack/pn-12345/serviceInfos"),
            ("GET", "/me/accessRestriction/totp"),
        ] {
            assert!(allowed(method, path), "{method} {path} should be allowed");
        }
    }

    #[test]
    fn other_calls_are_refused() {
        for (method, path) in [
            // Credentials, API keys, OAuth2 clients: what an attacker would want first.
            ("GET", "/me/api/credential"),
            ("DELETE", "/me/api/credential/1"),
            ("POST", "/me/api/oauth2/client"),
            ("GET", "/auth/currentCredential"), // the gateway's own call, not the browser's
            ("POST", "/auth/logout"),
            ("POST", "/auth/credential"),
            // Wrong method on a listed path.
            ("DELETE", "/services/1"),
            ("POST", "/me"),
            ("PUT", "/me/order/1/retraction"),
            ("PUT", "/vrack/pn-1/serviceInfos"),
            ("HEAD", "/me"),
            ("OPTIONS", "/me"),
            // Writes to the account's protections are never proxied.
            ("POST", "/me/accessRestriction/ip"),
            ("PUT", "/me/accessRestriction/developerMode"),
            // Not a number where the API has a long.
            ("GET", "/services/abc"),
            ("GET", "/me/order/1e3"),
            // Near misses.
            ("GET", "/me/"),
            ("GET", "/services/1/"),
            ("GET", "/Me"),
            ("GET", "/%6De"),
            ("GET", "/me/order/1/details/2/extra"),
            ("GET", "/serviceInfos"),
            ("GET", "/nope/x/serviceInfos"),
            ("POST", "/email/domain/x/terminate"),
            ("GET", ""),
            ("GET", "/"),
        ] {
            assert!(!allowed(method, path), "{method} {path} should be refused");
        }
    }

    #[test]
    fn traversal_and_encoded_separators_are_malformed() {
        for path in [
            "/me/../me/api/credential",
            "/me/./api",
            "/services/1/..",
            "/me/%2e%2e/me/api/credential",
            "/me/%2E%2E/api/credential",
            "/me/.%2e/api",
            "/domain/a%2Fb/serviceInfos",
            "/domain/a%2fb/serviceInfos",
            "/domain/a%5Cb/serviceInfos",
            "/domain/a%252e%252e/serviceInfos",
            "/domain/a%3Bx/serviceInfos",
            "/domain/a;x/serviceInfos",
            "/domain/a%00/serviceInfos",
            "/domain/a%0A/serviceInfos",
            "/domain/a%2/serviceInfos",
            "/domain/a%zz/serviceInfos",
            "/domain/%FF/serviceInfos",
            "/me//api",
            "//me",
            "/domain/a b/serviceInfos",
            "/domain/a\\b/serviceInfos",
            "/domain/a?b/serviceInfos",
            "/domain/a#b/serviceInfos",
            "/domain/a*/serviceInfos",
            "me",
        ] {
            assert!(
                matches!(check("GET", path), Err(Refusal::Malformed(_))),
                "{path:?} should be malformed, got {:?}",
                check("GET", path)
            );
        }
        let long = format!("/domain/{}/serviceInfos", "a".repeat(MAX_PATH));
        assert!(matches!(check("GET", &long), Err(Refusal::Malformed(_))));
    }

    #[test]
    fn access_rules_mirror_the_table_with_wildcards() {
        let rules = access_rules();
        let has = |m: &str, p: &str| rules.iter().any(|(rm, rp)| *rm == m && rp == p);
        assert!(has("GET", "/me"));
        assert!(has("GET", "/services/*"));
        assert!(has("POST", "/services/*/form/*/answer"));
        assert!(has("PUT", "/domain/*/serviceInfos"));
        assert!(has("GET", "/email/exchange/*/service/*/serviceInfos"));
        assert!(has("GET", "/auth/currentCredential"));
        assert!(has("POST", "/auth/logout"));
        assert!(!has("PUT", "/vrack/*/serviceInfos"));
        assert!(!rules
            .iter()
            .any(|(_, p)| p == "/*" || p.starts_with("/me/api")));
        assert!(!rules.iter().any(|(m, _)| *m == "DELETE"));
        // No duplicates, and every console call has its rule.
        let mut sorted = rules.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), rules.len());
        assert_eq!(
            calls().len(),
            rules.len(),
            "one rule per call: no two templates share a wildcard form"
        );
    }

    #[test]
    fn unused_verb_delete_is_parsed_but_listed_nowhere() {
        assert_eq!(Verb::parse("DELETE"), Some(Verb::Delete));
        assert!(calls().iter().all(|c| c.verb != Verb::Delete));
    }

    /// Reads the console's API module and checks that every path it builds is in the table, so
    /// a new call in `src/api/` cannot ship without its row here (and its access rule).
    #[test]
    fn every_path_the_console_builds_is_allowed() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/api");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("the console's src/api/ is next to gateway/") {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            // config.rs holds the site's own paths (`/config.json`, app routes in its tests);
            // routes.rs and capabilities.rs are the tables themselves.
            if !name.ends_with(".rs")
                || ["config.rs", "routes.rs", "capabilities.rs"].contains(&name.as_str())
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for literal in api_path_literals(&text) {
                // `{route}` / `{route_url}`: a product route, covered by SERVICE_INFOS.
                if literal.starts_with("{route") {
                    assert!(literal.ends_with("/serviceInfos"), "{name}: {literal}");
                    continue;
                }
                let path_only = literal.split('?').next().unwrap_or("");
                let concrete = path_only
                    .split('/')
                    .map(|s| if s.starts_with('{') { "1" } else { s })
                    .collect::<Vec<_>>()
                    .join("/");
                assert!(
                    ["GET", "POST", "PUT"].iter().any(|m| allowed(m, &concrete)),
                    "{name}: the console calls {literal}, which the gateway refuses"
                );
                seen += 1;
            }
        }
        assert!(
            seen >= 20,
            "found only {seen} API paths in src/api/: the scan is broken"
        );
    }

    /// Every string literal that looks like an API path (`"/me/order/{id}"`, `"{route}/…"`),
    /// whatever helper it is passed to.
    fn api_path_literals(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (at, _) in text.match_indices('"') {
            let rest = &text[at + 1..];
            let mut chars = rest.chars();
            let looks_like_path = match (chars.next(), chars.next()) {
                (Some('/'), Some(c)) => c.is_ascii_alphabetic() || c == '{',
                _ => rest.starts_with("{route"),
            };
            if !looks_like_path {
                continue;
            }
            let Some(close) = rest.find('"') else {
                continue;
            };
            let literal = &rest[..close];
            if literal.chars().any(char::is_whitespace) || literal == "/config.json" {
                continue;
            }
            out.push(literal.to_string());
        }
        out
    }
}
