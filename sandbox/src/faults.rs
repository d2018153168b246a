//! Fault injection: latency, error statuses (with Retry-After), malformed bodies.

use serde::{Deserialize, Serialize};

use crate::util::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    Status,
    Malformed,
    Latency,
}

/// One rule. JSON: `{ "kind", "status"?, "retryAfter"?, "latencyMs"?, "method"?, "path"?, "rate"?, "count"? }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRule {
    pub kind: FaultKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

impl FaultRule {
    pub fn validate(&self) -> Result<(), String> {
        match self.kind {
            FaultKind::Status => match self.status {
                None => return Err("field `status`: required when kind=status".into()),
                Some(s) if !(100..=599).contains(&s) => {
                    return Err(format!("field `status`: {s} is not an HTTP status"))
                }
                _ => {}
            },
            FaultKind::Latency if self.latency_ms.is_none() => {
                return Err("field `latencyMs`: required when kind=latency".into())
            }
            _ => {}
        }
        if let Some(r) = self.rate {
            if !(0.0..=1.0).contains(&r) || r.is_nan() {
                return Err(format!("field `rate`: {r} is not between 0 and 1"));
            }
        }
        if let Some(p) = &self.path {
            if !p.starts_with('/') {
                return Err(format!("field `path`: `{p}` must start with /"));
            }
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        if let Some(m) = &self.method {
            if !m.eq_ignore_ascii_case(method) {
                return false;
            }
        }
        match &self.path {
            None => true,
            Some(p) => match p.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => {
                    let p = p.trim_end_matches('/');
                    path == p
                        || (path.starts_with(p) && path.as_bytes().get(p.len()) == Some(&b'/'))
                        || p.is_empty()
                }
            },
        }
    }
}

/// Parses and validates rules from JSON (one rule or an array).
pub fn rules_from_json(v: serde_json::Value) -> Result<Vec<FaultRule>, String> {
    let rules: Vec<FaultRule> = match v {
        serde_json::Value::Array(_) => serde_json::from_value(v).map_err(|e| e.to_string())?,
        other => vec![serde_json::from_value(other).map_err(|e| e.to_string())?],
    };
    for (i, r) in rules.iter().enumerate() {
        r.validate().map_err(|e| format!("rule {}: {e}", i + 1))?;
    }
    Ok(rules)
}

/// Parses the CLI form: rules separated by `;`, fields `key=value` separated by `,`.
pub fn parse_spec(spec: &str) -> Result<Vec<FaultRule>, String> {
    let mut rules = Vec::new();
    for (i, part) in spec.split(';').enumerate() {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let n = i + 1;
        let mut kind = None;
        let mut rule = FaultRule {
            kind: FaultKind::Status,
            status: None,
            retry_after: None,
            latency_ms: None,
            method: None,
            path: None,
            rate: None,
            count: None,
        };
        for field in part.split(',') {
            let field = field.trim();
            if field.is_empty() {
                continue;
            }
            let Some((key, value)) = field.split_once('=') else {
                return Err(format!("fault rule {n}: field `{field}` is not key=value"));
            };
            let (key, value) = (key.trim(), value.trim());
            fn num<T: std::str::FromStr>(n: usize, key: &str, value: &str) -> Result<T, String> {
                value
                    .parse()
                    .map_err(|_| format!("fault rule {n}: field `{key}`: invalid value `{value}`"))
            }
            match key {
                "kind" => {
                    kind = Some(match value {
                        "status" => FaultKind::Status,
                        "malformed" => FaultKind::Malformed,
                        "latency" => FaultKind::Latency,
                        _ => {
                            return Err(format!(
                                "fault rule {n}: field `kind`: invalid value `{value}` (expected status, malformed or latency)"
                            ))
                        }
                    })
                }
                "status" => rule.status = Some(num(n, key, value)?),
                "retryAfter" => rule.retry_after = Some(num(n, key, value)?),
                "latencyMs" => rule.latency_ms = Some(num(n, key, value)?),
                "method" => rule.method = Some(value.to_ascii_uppercase()),
                "path" => rule.path = Some(value.to_string()),
                "rate" => rule.rate = Some(num(n, key, value)?),
                "count" => rule.count = Some(num(n, key, value)?),
                _ => return Err(format!("fault rule {n}: unknown field `{key}`")),
            }
        }
        let Some(kind) = kind else {
            return Err(format!("fault rule {n}: field `kind` is missing"));
        };
        rule.kind = kind;
        rule.validate()
            .map_err(|e| format!("fault rule {n}: {e}"))?;
        rules.push(rule);
    }
    Ok(rules)
}

#[derive(Debug, Clone, PartialEq)]
pub enum FaultAction {
    Status {
        status: u16,
        retry_after: Option<u32>,
    },
    Malformed,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Decision {
    pub latency_ms: u64,
    pub action: Option<FaultAction>,
}

/// Decides what happens to one API request; consumes `count`s and drops exhausted rules.
pub fn decide(rules: &mut Vec<FaultRule>, rng: &mut Rng, method: &str, path: &str) -> Decision {
    let mut d = Decision::default();
    let mut exhausted = Vec::new();
    for (i, r) in rules.iter_mut().enumerate() {
        if r.kind != FaultKind::Latency && d.action.is_some() {
            continue;
        }
        if !r.matches(method, path) {
            continue;
        }
        if r.count == Some(0) {
            exhausted.push(i);
            continue;
        }
        let rate = r.rate.unwrap_or(1.0);
        let fires = if rate >= 1.0 {
            true
        } else if rate <= 0.0 {
            false
        } else {
            rng.unit() < rate
        };
        if !fires {
            continue;
        }
        if let Some(c) = r.count.as_mut() {
            *c -= 1;
            if *c == 0 {
                exhausted.push(i);
            }
        }
        match r.kind {
            FaultKind::Latency => d.latency_ms += r.latency_ms.unwrap_or(0),
            FaultKind::Malformed => d.action = Some(FaultAction::Malformed),
            FaultKind::Status => {
                d.action = Some(FaultAction::Status {
                    status: r.status.unwrap_or(500),
                    retry_after: r.retry_after,
                })
            }
        }
    }
    for i in exhausted.into_iter().rev() {
        rules.remove(i);
    }
    d
}
