//! Tolerant decoding of the API's objects. The API grows, sends `null` where a list is expected,
//! and now and then a field the console does not need in a shape it did not expect. One such
//! field must never cost the customer the whole service or order: an object that does not decode
//! is repaired by dropping the innermost value that failed (an optional field then reads as
//! absent, a list entry is left out) and decoded again; only an object whose required fields are
//! missing or unreadable is skipped, with the reason.
//!
//! The well-formed case costs one plain serde pass; only an object that fails is read again with
//! the path of the failing value tracked (`serde_path_to_error`), so that a repair knows what to
//! drop.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// How many values one object may lose before it is given up (each repair drops one).
const MAX_REPAIRS: usize = 24;

/// A decoded object and the paths of the values dropped to read it (`billing.pricing.price`).
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    pub value: T,
    pub dropped: Vec<String>,
}

/// Why an object could not be read at all: the API's required field that is missing or unreadable
/// (`missing field `serviceId``), or text that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecodable {
    pub reason: String,
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

struct Failure {
    path: Vec<Step>,
    message: String,
}

fn attempt<T: DeserializeOwned>(text: &str) -> Result<T, Failure> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize::<_, T>(&mut deserializer).map_err(|e| {
        let mut path = Vec::new();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => path.push(Step::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => path.push(Step::Index(*index)),
                // An enum's variant or a position the tracker could not name: drop from here.
                _ => break,
            }
        }
        Failure {
            path,
            message: e.into_inner().to_string(),
        }
    })?;
    deserializer.end().map_err(|e| Failure {
        path: Vec::new(),
        message: e.to_string(),
    })?;
    Ok(value)
}

/// Decodes one object of type `T`, repairing what can be repaired (see the module's text).
pub fn decode<T: DeserializeOwned>(text: &str) -> Result<Decoded<T>, Undecodable> {
    // The well-formed case first, at serde's full speed; the path is tracked only to repair.
    if let Ok(value) = serde_json::from_str::<T>(text) {
        return Ok(Decoded {
            value,
            dropped: Vec::new(),
        });
    }
    let mut failure = match attempt::<T>(text) {
        Ok(value) => {
            return Ok(Decoded {
                value,
                dropped: Vec::new(),
            })
        }
        Err(failure) => failure,
    };
    let Ok(mut tree) = serde_json::from_str::<Value>(text) else {
        return Err(Undecodable {
            reason: failure.message,
        });
    };
    let mut dropped = Vec::new();
    for _ in 0..MAX_REPAIRS {
        if failure.path.is_empty() || !remove(&mut tree, &failure.path) {
            break;
        }
        dropped.push(path_text(&failure.path));
        match attempt::<T>(&tree.to_string()) {
            Ok(value) => return Ok(Decoded { value, dropped }),
            Err(next) => failure = next,
        }
    }
    // The last failure was met on `tree` as it is now (a removal is only followed by an
    // attempt), so its string can be taken from it.
    failure.message = with_value(failure.message, &tree, &failure.path);
    Err(Undecodable {
        reason: match failure.path.is_empty() {
            true => failure.message,
            false => format!("{}: {}", path_text(&failure.path), failure.message),
        },
    })
}

/// Reads an object with plain serde (no repair): for small answers (`/me`, `/auth/time`) whose
/// every field matters.
pub fn plain<T: DeserializeOwned>(text: &str) -> Result<T, super::ApiError> {
    serde_json::from_str(text).map_err(|e| super::ApiError::decode(e.to_string()))
}

/// How the objects of a collection are repaired when plain decoding fails (rare). By default the
/// generic [`decode`]; [`Service`](super::models::Service), the one object of the first load,
/// repairs in a chunk loaded on demand, so the table's first load does not carry the repair code.
pub trait Repair: DeserializeOwned + 'static {
    fn repair(
        text: String,
    ) -> futures::future::LocalBoxFuture<'static, Result<Decoded<Self>, Undecodable>> {
        Box::pin(async move { decode::<Self>(&text) })
    }
}

impl Repair for super::models::Order {}
impl Repair for super::models::PaymentMethod {}
impl Repair for super::models::Debt {}
impl Repair for super::orders::OrderDetail {}

impl Repair for super::models::Service {
    fn repair(
        text: String,
    ) -> futures::future::LocalBoxFuture<'static, Result<Decoded<Self>, Undecodable>> {
        Box::pin(repair_service(text))
    }
}

#[leptos::lazy]
fn repair_service(text: String) -> Result<Decoded<super::models::Service>, Undecodable> {
    decode(&text)
}

/// [`decode`] for callers that only need the value: an unreadable object is a decode error.
pub fn decode_value<T: DeserializeOwned>(text: &str) -> Result<T, super::ApiError> {
    decode(text)
        .map(|d| d.value)
        .map_err(|e| super::ApiError::decode(e.reason))
}

/// For a list (or any defaultable field) the API may send as `null`: `null` reads as empty.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// serde names a string it could not read with `{:?}`, which the release build prints as nothing
/// (`-Zfmt-debug=none`, scripts/build.sh): "invalid type: string , expected u64". The string is
/// put back from the tree, as JSON.
fn with_value(message: String, tree: &Value, path: &[Step]) -> String {
    const EMPTIED: &str = "string , ";
    let mut node = Some(tree);
    for step in path {
        node = match (step, node) {
            (Step::Key(key), Some(Value::Object(map))) => map.get(key),
            (Step::Index(i), Some(Value::Array(list))) => list.get(*i),
            _ => None,
        };
    }
    match node {
        Some(value @ Value::String(_)) if message.contains(EMPTIED) => {
            message.replacen(EMPTIED, &format!("string {value}, "), 1)
        }
        _ => message,
    }
}

/// Removes the value at `path`; `false` when there is nothing there to remove.
fn remove(tree: &mut Value, path: &[Step]) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut node = tree;
    for step in parents {
        node = match (step, node) {
            (Step::Key(key), Value::Object(map)) => match map.get_mut(key) {
                Some(child) => child,
                None => return false,
            },
            (Step::Index(i), Value::Array(list)) => match list.get_mut(*i) {
                Some(child) => child,
                None => return false,
            },
            _ => return false,
        };
    }
    match (last, node) {
        (Step::Key(key), Value::Object(map)) => map.remove(key).is_some(),
        (Step::Index(i), Value::Array(list)) if *i < list.len() => {
            list.remove(*i);
            true
        }
        _ => false,
    }
}

fn path_text(path: &[Step]) -> String {
    let mut text = String::new();
    for step in path {
        match step {
            Step::Key(key) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(key);
            }
            Step::Index(i) => {
                text.push('[');
                text.push_str(&i.to_string());
                text.push(']');
            }
        }
    }
    text
}

/// Items skipped while reading a collection, and the reasons (the first few, each counted), so a
/// page can say how many were left out and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Skipped {
    pub count: u64,
    /// Distinct reasons with how many items each, at most [`Skipped::REASONS_KEPT`].
    pub reasons: Vec<(String, u64)>,
}

impl Skipped {
    pub const REASONS_KEPT: usize = 5;

    pub fn add(&mut self, reason: &str) {
        self.count += 1;
        if let Some((_, n)) = self.reasons.iter_mut().find(|(r, _)| r == reason) {
            *n += 1;
        } else if self.reasons.len() < Self::REASONS_KEPT {
            self.reasons.push((reason.to_string(), 1));
        }
    }

    pub fn merge(&mut self, other: &Skipped) {
        for (reason, n) in &other.reasons {
            if let Some((_, m)) = self.reasons.iter_mut().find(|(r, _)| r == reason) {
                *m += n;
            } else if self.reasons.len() < Self::REASONS_KEPT {
                self.reasons.push((reason.clone(), *n));
            }
        }
        self.count += other.count;
    }

    /// The reasons as one line: "missing field `serviceId` (2); …".
    pub fn summary(&self) -> String {
        self.reasons
            .iter()
            .map(|(r, n)| format!("{r} ({n})"))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Thing {
        id: u64,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        list: Vec<Inner>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Inner {
        name: String,
        #[serde(default)]
        size: Option<u32>,
    }

    #[test]
    fn a_string_serde_printed_as_nothing_is_put_back() {
        let tree: Value = serde_json::from_str(r#"{"id": "x\"1", "list": [{"name": 7}]}"#).unwrap();
        let id = [Step::Key("id".into())];
        // What the release build's serde says, with `{:?}` printing nothing.
        let emptied = "invalid type: string , expected u64 at line 1 column 12".to_string();
        assert_eq!(
            with_value(emptied, &tree, &id),
            r#"invalid type: string "x\"1", expected u64 at line 1 column 12"#
        );
        // A native build's message, or a value that is not a string, is left as it is.
        let native = r#"invalid type: string "x\"1", expected u64"#.to_string();
        assert_eq!(with_value(native.clone(), &tree, &id), native);
        let number = [
            Step::Key("list".into()),
            Step::Index(0),
            Step::Key("name".into()),
        ];
        let other = "invalid type: integer `7`, expected a string".to_string();
        assert_eq!(with_value(other.clone(), &tree, &number), other);
        let nowhere = [Step::Key("gone".into())];
        let emptied = "invalid type: string , expected u64".to_string();
        assert_eq!(with_value(emptied.clone(), &tree, &nowhere), emptied);
    }

    #[test]
    fn a_well_formed_object_decodes_untouched() {
        let d: Decoded<Thing> = decode(r#"{"id": 1, "tags": ["a"]}"#).unwrap();
        assert_eq!(d.value.tags, vec!["a"]);
        assert!(d.dropped.is_empty());
    }

    #[test]
    fn null_lists_and_broken_optional_fields_are_dropped_not_the_object() {
        let d: Decoded<Thing> = decode(
            r#"{"id": 1, "tags": null, "inner": {"size": "big"}, "list": [{"name": "x"}, {"name": 3}, {"name": "z"}]}"#,
        )
        .unwrap();
        assert_eq!(d.value.id, 1);
        assert!(d.value.tags.is_empty());
        // `inner.size` is dropped first; `inner` then lacks its required name and goes too.
        assert_eq!(d.value.inner, None);
        assert_eq!(
            d.value
                .list
                .iter()
                .map(|i| i.name.as_str())
                .collect::<Vec<_>>(),
            vec!["x", "z"]
        );
        assert!(d.dropped.contains(&"tags".to_string()), "{:?}", d.dropped);
        assert!(
            d.dropped.contains(&"list[1].name".to_string())
                || d.dropped.contains(&"list[1]".to_string()),
            "{:?}",
            d.dropped
        );
    }

    #[test]
    fn a_missing_required_field_skips_the_object_with_the_reason() {
        let e = decode::<Thing>(r#"{"tags": []}"#).unwrap_err();
        assert!(e.reason.contains("missing field `id`"), "{}", e.reason);
        let e = decode::<Thing>(r#"{"id": "seven"}"#).unwrap_err();
        assert!(e.reason.contains("id"), "{}", e.reason);
        let e = decode::<Thing>("not json").unwrap_err();
        assert!(!e.reason.is_empty());
        let e = decode::<Thing>(r#""text""#).unwrap_err();
        assert!(!e.reason.is_empty());
    }

    #[test]
    fn skipped_reasons_are_counted_and_bounded() {
        let mut s = Skipped::default();
        for i in 0..20 {
            s.add(&format!("reason {}", i % 7));
        }
        assert_eq!(s.count, 20);
        assert_eq!(s.reasons.len(), Skipped::REASONS_KEPT);
        assert_eq!(s.reasons[0], ("reason 0".to_string(), 3));
        let mut t = Skipped::default();
        t.add("reason 0");
        t.merge(&s);
        assert_eq!(t.count, 21);
        assert_eq!(t.reasons[0].1, 4);
    }
}
