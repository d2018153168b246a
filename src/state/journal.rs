//! A batch's journal: what a renew or enable/disable batch did so far, kept per account and
//! action in session storage, so that a reload resumes the report instead of offering the same
//! items again. It keeps each item's status, when it was sent (to recognise its order after a
//! lost answer), what to re-read for an unknown outcome, and the orders created (number and
//! amount: never the payment URL, which carries the order's password).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::api::models::Price;
use crate::api::Recheck;
use crate::domain::batch::BatchItem;

/// A created order as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalOrder {
    pub order_id: Option<u64>,
    pub price: Option<Price>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Journal {
    pub items: Vec<BatchItem>,
    /// When each item was sent (unix seconds, server clock).
    #[serde(default)]
    pub started: HashMap<u64, i64>,
    /// What to re-read for an item whose outcome is unknown.
    #[serde(default)]
    pub rechecks: HashMap<u64, Recheck>,
    /// Renew: the duration chosen and the groups (key, services).
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub groups: Vec<(u64, Vec<u64>)>,
    #[serde(default)]
    pub orders: HashMap<u64, JournalOrder>,
}

const KEY_PREFIX: &str = "billing-console.batch.";

fn key(owner: &str, action: &str) -> String {
    format!("{KEY_PREFIX}{owner}.{action}")
}

impl Journal {
    /// The journal of `action` for the account `owner`, if one is kept.
    pub fn load(owner: &str, action: &str) -> Option<Journal> {
        let text = super::storage::get(&key(owner, action))?;
        serde_json::from_str(&text)
            .ok()
            .filter(|j: &Journal| !j.items.is_empty())
    }

    pub fn save(&self, owner: &str, action: &str) {
        if let Ok(text) = serde_json::to_string(self) {
            super::storage::set(&key(owner, action), &text);
        }
    }

    pub fn clear(owner: &str, action: &str) {
        super::storage::remove(&key(owner, action));
    }
}
