//! Session storage, for the state layer only (the selection, the batch journals): what lasts as
//! long as the tab. Never a secret: order URLs carry a password and are not kept here.

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// A set of ids as kept here: sorted, comma-separated (`3,17,42`).
pub fn ids_to_text(ids: &std::collections::HashSet<u64>) -> String {
    let mut sorted: Vec<u64> = ids.iter().copied().collect();
    sorted.sort_unstable();
    sorted
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads what [`ids_to_text`] wrote; anything else is skipped.
pub fn ids_from_text(text: &str) -> std::collections::HashSet<u64> {
    text.split(',').filter_map(|id| id.parse().ok()).collect()
}
