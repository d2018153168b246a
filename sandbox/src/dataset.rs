//! Dataset files: loading with precise errors (JSON path, line, column) and dumping.

use std::path::Path;

use crate::model::Dataset;
use crate::state::Account;

/// Parses a dataset; errors read `NAME: json.path: message at line L column C`.
pub fn parse_dataset(text: &str, name: &str) -> Result<Account, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let ds: Dataset = match serde_path_to_error::deserialize(&mut de) {
        Ok(ds) => ds,
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            return Err(if path.is_empty() || path == "." {
                format!("{name}: {inner}")
            } else {
                format!("{name}: {path}: {inner}")
            });
        }
    };
    if let Err(e) = de.end() {
        return Err(format!("{name}: {e}"));
    }
    Account::from_dataset(ds).map_err(|e| format!("{name}: {e}"))
}

pub fn load_dataset(path: &Path) -> Result<Account, String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    parse_dataset(&text, &name)
}

/// The dataset file of an account (pretty JSON).
pub fn dump_dataset(acc: &Account) -> String {
    let mut s = serde_json::to_string_pretty(&acc.to_dataset_value()).unwrap_or_default();
    s.push('\n');
    s
}
