//! Iceberg pagination (`X-Pagination-*` headers) over a collection.

use std::cmp::Ordering;

use axum::http::HeaderMap;
use serde_json::Value;

use crate::reply::{ApiError, Reply};
use crate::util::percent_decode;

pub const DEFAULT_SIZE: usize = 5000;
pub const MAX_SIZE: usize = 50_000;
const EXPOSE: &str = "X-Pagination-Elements, X-Pagination-Number, X-Pagination-Size, X-Pagination-Sort, X-Pagination-Sort-Order, X-Ovh-QueryId";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Like,
    In,
}

#[derive(Debug, Clone)]
pub struct Filter {
    pub key: String,
    pub op: Op,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct PageReq {
    /// `X-Pagination-Mode: CachedObjectList-Pages` (or `-Cursor`: whole list as one page).
    pub objects: bool,
    pub number: usize,
    pub size: usize,
    pub sort: Option<String>,
    pub desc: bool,
    pub sort_order_raw: Option<String>,
    pub filters: Vec<Filter>,
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

pub fn page_req(h: &HeaderMap) -> Result<PageReq, ApiError> {
    let mode = header(h, "x-pagination-mode");
    let objects = match mode {
        None | Some("") => false,
        Some("CachedObjectList-Pages") | Some("CachedObjectList-Cursor") => true,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "Invalid X-Pagination-Mode: {other}"
            )))
        }
    };
    let number = match header(h, "x-pagination-number") {
        None | Some("") => 1,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "Invalid X-Pagination-Number: {v}"
                )))
            }
        },
    };
    let size = match header(h, "x-pagination-size") {
        None | Some("") => DEFAULT_SIZE,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n >= 1 => n.min(MAX_SIZE),
            _ => {
                return Err(ApiError::bad_request(format!(
                    "Invalid X-Pagination-Size: {v}"
                )))
            }
        },
    };
    let sort = header(h, "x-pagination-sort")
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false));
    let sort_order_raw = header(h, "x-pagination-sort-order").map(String::from);
    let desc = match sort_order_raw.as_deref() {
        None | Some("") => false,
        Some(o) if o.eq_ignore_ascii_case("ASC") => false,
        Some(o) if o.eq_ignore_ascii_case("DESC") => true,
        Some(o) => {
            return Err(ApiError::bad_request(format!(
                "Invalid X-Pagination-Sort-Order: {o}"
            )))
        }
    };
    let filters = match header(h, "x-pagination-filter") {
        None | Some("") => Vec::new(),
        Some(f) => parse_filters(f)?,
    };
    Ok(PageReq {
        objects,
        number,
        size,
        sort,
        desc,
        sort_order_raw,
        filters,
    })
}

/// What a backend that ignores the `X-Pagination-*` headers reads: every id, in id order.
pub fn ignored() -> PageReq {
    PageReq {
        objects: false,
        number: 1,
        size: DEFAULT_SIZE,
        sort: None,
        desc: false,
        sort_order_raw: None,
        filters: Vec::new(),
    }
}

/// `key:op=value&key2:op=value` (key and value URL-encoded).
pub fn parse_filters(s: &str) -> Result<Vec<Filter>, ApiError> {
    let mut out = Vec::new();
    for clause in s.split('&').filter(|c| !c.is_empty()) {
        let bad = || ApiError::bad_request(format!("Invalid X-Pagination-Filter clause: {clause}"));
        let (lhs, value) = clause.split_once('=').ok_or_else(bad)?;
        let (key, op) = lhs.rsplit_once(':').ok_or_else(bad)?;
        let op = match op {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "lt" => Op::Lt,
            "gt" => Op::Gt,
            "like" => Op::Like,
            "in" => Op::In,
            _ => return Err(bad()),
        };
        out.push(Filter {
            key: percent_decode(key, false),
            op,
            value: percent_decode(value, false),
        });
    }
    Ok(out)
}

/// `a.b.c` inside a JSON value.
pub fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        cur = match cur {
            Value::Object(m) => m.get(part)?,
            Value::Array(a) => a.get(part.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn cmp_text(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(b),
    }
}

fn like(text: &str, pattern: &str) -> bool {
    let text = text.to_lowercase();
    let pattern = pattern.to_lowercase();
    let parts: Vec<&str> = pattern.split('%').collect();
    if parts.len() == 1 {
        return text == pattern;
    }
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if i == 0 {
            if !text.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if i == parts.len() - 1 {
            return text.len() >= pos + part.len() && text[pos..].ends_with(part);
        } else {
            match text[pos..].find(part) {
                Some(at) => pos += at + part.len(),
                None => return false,
            }
        }
    }
    true
}

fn scalar_matches(v: &Value, f: &Filter) -> bool {
    let t = scalar_text(v);
    match f.op {
        Op::Eq => t == f.value,
        Op::Ne => t != f.value,
        Op::Lt => !v.is_null() && cmp_text(&t, &f.value) == Ordering::Less,
        Op::Gt => !v.is_null() && cmp_text(&t, &f.value) == Ordering::Greater,
        Op::Like => like(&t, &f.value),
        Op::In => f.value.split(',').any(|x| x == t),
    }
}

/// Whether an object matches a filter clause.
pub fn matches(v: &Value, f: &Filter) -> bool {
    matches_field(lookup(v, &f.key).unwrap_or(&Value::Null), f)
}

/// Whether the value at the filter's key matches the clause.
pub fn matches_field(target: &Value, f: &Filter) -> bool {
    match target {
        Value::Array(items) => {
            if f.op == Op::Ne {
                !items.iter().any(|i| scalar_text(i) == f.value)
            } else {
                items.iter().any(|i| scalar_matches(i, f))
            }
        }
        v => scalar_matches(v, f),
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        _ => 4,
    }
}

pub fn cmp_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// A sort value: date-time strings compare as instants, whatever their offset (`+01:00`,
/// `+02:00`, `Z`); other values as they are.
fn sort_key(v: Value) -> Value {
    if let Value::String(s) = &v {
        if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
            let utc = dt.with_timezone(&chrono::Utc);
            return Value::String(utc.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string());
        }
    }
    v
}

/// A collection seen by the paginator: item `i`'s id, JSON value, and serialized JSON.
pub trait Collection {
    fn id(&self, i: usize) -> Value;
    fn value(&self, i: usize) -> Value;
    fn write_json(&self, i: usize, out: &mut String);
    /// The values at dotted `keys` of item `i` (override for speed on big collections).
    fn fields(&self, i: usize, keys: &[&str]) -> Vec<Value> {
        let v = self.value(i);
        keys.iter()
            .map(|k| lookup(&v, k).cloned().unwrap_or(Value::Null))
            .collect()
    }
}

/// Answers ids, or objects with the pagination headers. `candidates` are the item indexes
/// (already filtered by query parameters), in id order.
pub fn respond(req: &PageReq, candidates: Vec<usize>, c: &dyn Collection) -> Reply {
    if !req.objects {
        let ids: Vec<Value> = candidates.iter().map(|&i| c.id(i)).collect();
        return Reply::json(&ids);
    }
    let mut idx = candidates;
    if !req.filters.is_empty() || req.sort.is_some() {
        // keys[0..filters.len()] are the filters' keys, the last one the sort key.
        let mut keys: Vec<&str> = req.filters.iter().map(|f| f.key.as_str()).collect();
        if let Some(k) = &req.sort {
            keys.push(k.as_str());
        }
        let nf = req.filters.len();
        let mut kept: Vec<(usize, Value)> = idx
            .iter()
            .filter_map(|&i| {
                let mut vals = c.fields(i, &keys);
                let ok = req
                    .filters
                    .iter()
                    .zip(vals.iter())
                    .all(|(f, v)| matches_field(v, f));
                ok.then(|| {
                    let sort_val = if vals.len() > nf {
                        sort_key(vals.pop().unwrap_or(Value::Null))
                    } else {
                        Value::Null
                    };
                    (i, sort_val)
                })
            })
            .collect();
        if req.sort.is_some() {
            kept.sort_by(|(_, a), (_, b)| {
                if req.desc {
                    cmp_values(b, a)
                } else {
                    cmp_values(a, b)
                }
            });
        }
        idx = kept.into_iter().map(|(i, _)| i).collect();
    }
    let total = idx.len();
    let start = (req.number - 1).saturating_mul(req.size).min(total);
    let end = start.saturating_add(req.size).min(total);
    let mut body = String::with_capacity(2 + (end - start) * 1200);
    body.push('[');
    for (n, &i) in idx[start..end].iter().enumerate() {
        if n > 0 {
            body.push(',');
        }
        c.write_json(i, &mut body);
    }
    body.push(']');
    let mut r = Reply::raw(body)
        .header("x-pagination-elements", total.to_string())
        .header("x-pagination-number", req.number.to_string())
        .header("x-pagination-size", req.size.to_string())
        .header("access-control-expose-headers", EXPOSE);
    if let Some(s) = &req.sort {
        r = r.header("x-pagination-sort", s.clone());
        r = r.header(
            "x-pagination-sort-order",
            if req.desc { "DESC" } else { "ASC" },
        );
    }
    r
}

/// A plain slice of serializable items.
pub struct Items<'a, T, F: Fn(&T) -> Value> {
    pub items: &'a [T],
    pub id: F,
}

impl<T: serde::Serialize, F: Fn(&T) -> Value> Collection for Items<'_, T, F> {
    fn id(&self, i: usize) -> Value {
        (self.id)(&self.items[i])
    }
    fn value(&self, i: usize) -> Value {
        serde_json::to_value(&self.items[i]).unwrap_or(Value::Null)
    }
    fn write_json(&self, i: usize, out: &mut String) {
        out.push_str(&serde_json::to_string(&self.items[i]).unwrap_or_else(|_| "null".into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_patterns() {
        assert!(like("Dupont-Boulangerie.fr", "%boulangerie%"));
        assert!(like("dupont.fr", "dupont%"));
        assert!(!like("dupont.fr", "%dupont"));
        assert!(like("dupont.fr", "%.fr"));
        assert!(like("abc", "a%c"));
        assert!(!like("ab", "a%b%c"));
        assert!(like("exact", "exact"));
    }

    #[test]
    fn date_times_sort_as_instants() {
        let summer = sort_key(json!("2026-11-18T11:00:00+02:00")); // 09:00 UTC
        let winter = sort_key(json!("2026-11-18T10:30:00+01:00")); // 09:30 UTC
        assert_eq!(cmp_values(&summer, &winter), Ordering::Less);
        assert_eq!(sort_key(json!("dupont.fr")), json!("dupont.fr"));
        assert_eq!(sort_key(json!(3)), json!(3));
    }

    #[test]
    fn filters_parse_and_match() {
        let f = parse_filters("resource.name:like=%25caf%C3%A9%25&serviceId:in=1,2,3").unwrap();
        assert_eq!(f[0].value, "%café%");
        assert_eq!(f[1].op, Op::In);
        let v = json!({ "serviceId": 2, "resource": { "name": "Café Crème" }, "tags": ["a", "b"] });
        assert!(matches(&v, &f[0]) && matches(&v, &f[1]));
        let lt = parse_filters("serviceId:lt=10").unwrap();
        assert!(matches(&v, &lt[0]), "numeric, not lexicographic");
        let arr = parse_filters("tags:eq=b&tags:ne=c").unwrap();
        assert!(matches(&v, &arr[0]) && matches(&v, &arr[1]));
        assert!(parse_filters("nokey").is_err());
        assert!(parse_filters("a:regex=x").is_err());
        // dates with ':' in the value
        let d = parse_filters("date:gt=2026-01-01T00:00:00%2B01:00").unwrap();
        assert_eq!(d[0].key, "date");
        assert_eq!(d[0].value, "2026-01-01T00:00:00+01:00");
    }
}
