//! The trimmed published API schema (`tests/fixtures/schema/`, written by
//! `scripts/trim-schema.py`), read the same way by the console's tests (`tests/schema.rs`) and
//! the sandbox's (`sandbox/tests/schema.rs`, which includes this file by path).

use serde_json::{Map, Value};

/// One operation of the trimmed schema.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Op {
    pub method: String,
    pub path: String,
    pub api_status: String,
    pub response_type: String,
    /// What the operation accepts (a model, named parameters), when it takes a body.
    #[allow(dead_code)] // read by the console's body checks only
    pub body: Option<Value>,
    pub file: String,
}

pub struct Schema {
    pub ops: Vec<Op>,
    pub models: Map<String, Value>,
}

impl Schema {
    /// Reads `routes.json` and `models.json` from `dir`.
    pub fn load(dir: &str) -> Schema {
        let read = |name: &str| {
            let text = std::fs::read_to_string(format!("{dir}{name}"))
                .unwrap_or_else(|e| panic!("{dir}{name}: {e} (run scripts/trim-schema.py)"));
            serde_json::from_str::<Value>(&text).unwrap()
        };
        Schema {
            ops: serde_json::from_value(read("routes.json")).unwrap(),
            models: read("models.json").as_object().unwrap().clone(),
        }
    }

    pub fn find_op(&self, method: &str, path: &str) -> Option<&Op> {
        self.ops
            .iter()
            .find(|o| o.method == method && o.path == path)
    }

    /// A model as `file` has it (`name@file` when the files' copies differ; `x.Y<T>` for a
    /// generic `x.Y<...>`).
    pub fn find_model(&self, name: &str, file: &str) -> Option<&Value> {
        self.models
            .get(&format!("{name}@{file}"))
            .or_else(|| self.models.get(name))
            .or_else(|| {
                let generic = format!("{name}<");
                self.models
                    .iter()
                    .find(|(k, _)| k.starts_with(&generic))
                    .map(|(_, v)| v)
            })
    }
}
