//! Fault injection: latency, error statuses (with Retry-After), malformed bodies, and the lies of a
//! real network: a mutation applied then answered with an error (`applyThenFail`), a connection
//! closed with no answer (`drop`), a request never answered (`hang`).

use serde::{Deserialize, Serialize};

use crate::util::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    Status,
    Malformed,
    Latency,
    /// The request is handled (a mutation is applied), then the client gets a 5xx (`status`,
    /// default 500) or, with `malformed: true`, a 200 with a truncated body.
    ApplyThenFail,
    /// The connection is closed with no HTTP answer (after handling the request if `apply`).
    Drop,
    /// No answer until the client gives up (after handling the request if `apply`).
    Hang,
}

impl FaultKind {
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::Status => "status",
            FaultKind::Malformed => "malformed",
            FaultKind::Latency => "latency",
            FaultKind::ApplyThenFail => "applyThenFail",
            FaultKind::Drop => "drop",
            FaultKind::Hang => "hang",
        }
    }

    fn parse(value: &str) -> Option<FaultKind> {
        [
            FaultKind::Status,
            FaultKind::Malformed,
            FaultKind::Latency,
            FaultKind::ApplyThenFail,
            FaultKind::Drop,
            FaultKind::Hang,
        ]
        .into_iter()
        .find(|k| k.name() == value)
    }
}

/// One rule. JSON: `{ "kind", "status"?, "retryAfter"?, "latencyMs"?, "apply"?, "malformed"?,
/// "method"?, "path"?, "rate"?, "count"? }`.
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
    /// `drop`/`hang`: handle the request (apply the mutation) before losing its answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apply: Option<bool>,
    /// `applyThenFail`: answer 200 with a truncated body instead of a 5xx.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub malformed: Option<bool>,
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
            FaultKind::ApplyThenFail => match self.status {
                Some(s) if !(500..=599).contains(&s) => {
                    return Err(format!(
                        "field `status`: {s} is not a 5xx status (kind=applyThenFail)"
                    ))
                }
                Some(_) if self.malformed == Some(true) => {
                    return Err(
                        "field `status`: not with `malformed: true` (the answer is a 200)".into(),
                    )
                }
                _ => {}
            },
            _ => {}
        }
        if self.apply.is_some() && !matches!(self.kind, FaultKind::Drop | FaultKind::Hang) {
            return Err(format!(
                "field `apply`: only for kind=drop or kind=hang (kind={})",
                self.kind.name()
            ));
        }
        if self.malformed.is_some() && self.kind != FaultKind::ApplyThenFail {
            return Err(format!(
                "field `malformed`: only for kind=applyThenFail (kind={})",
                self.kind.name()
            ));
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
            apply: None,
            malformed: None,
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
                    kind = Some(FaultKind::parse(value).ok_or_else(|| {
                        format!(
                            "fault rule {n}: field `kind`: invalid value `{value}` (expected status, malformed, latency, applyThenFail, drop or hang)"
                        )
                    })?)
                }
                "apply" => rule.apply = Some(num(n, key, value)?),
                "malformed" => rule.malformed = Some(num(n, key, value)?),
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
    /// Handle the request, then answer `status` (or a truncated 200 when `malformed`).
    ApplyThenFail {
        status: u16,
        retry_after: Option<u32>,
        malformed: bool,
    },
    /// Close the connection with no answer (after handling the request if `apply`).
    Drop {
        apply: bool,
    },
    /// Never answer (after handling the request if `apply`).
    Hang {
        apply: bool,
    },
}

impl FaultAction {
    /// Whether the request reaches the API's handler.
    pub fn applies(&self) -> bool {
        match self {
            FaultAction::Status { .. } => false,
            FaultAction::Malformed | FaultAction::ApplyThenFail { .. } => true,
            FaultAction::Drop { apply } | FaultAction::Hang { apply } => *apply,
        }
    }

    pub fn kind(&self) -> FaultKind {
        match self {
            FaultAction::Status { .. } => FaultKind::Status,
            FaultAction::Malformed => FaultKind::Malformed,
            FaultAction::ApplyThenFail { .. } => FaultKind::ApplyThenFail,
            FaultAction::Drop { .. } => FaultKind::Drop,
            FaultAction::Hang { .. } => FaultKind::Hang,
        }
    }
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
            FaultKind::ApplyThenFail => {
                d.action = Some(FaultAction::ApplyThenFail {
                    status: r.status.unwrap_or(500),
                    retry_after: r.retry_after,
                    malformed: r.malformed.unwrap_or(false),
                })
            }
            FaultKind::Drop => {
                d.action = Some(FaultAction::Drop {
                    apply: r.apply.unwrap_or(false),
                })
            }
            FaultKind::Hang => {
                d.action = Some(FaultAction::Hang {
                    apply: r.apply.unwrap_or(false),
                })
            }
        }
    }
    for i in exhausted.into_iter().rev() {
        rules.remove(i);
    }
    d
}
