//! The selection: a set of service ids (never row positions) that survives sorting, paging,
//! filtering, a reload and a visit to another section. It belongs to the signed-in account: it is
//! kept in session storage under that account's customer code, so signing in as someone else in
//! the same tab never brings another account's ids back.

use std::collections::HashSet;

use leptos::prelude::*;

use super::Account;

const KEY_PREFIX: &str = "billing-console.selection.";

#[derive(Clone, Copy)]
pub struct Selection {
    pub ids: RwSignal<HashSet<u64>>,
    /// The account the ids belong to (`None` until `/me` answered: nothing is read nor saved).
    owner: RwSignal<Option<String>>,
}

impl Selection {
    pub fn new() -> Selection {
        Selection {
            ids: RwSignal::new(HashSet::new()),
            owner: RwSignal::new(None),
        }
    }

    /// Loads the account's selection once `/me` names it, then saves every change under it.
    pub fn follow(self, account: Account) {
        Effect::new(move |_| {
            let nic = account.nic();
            if nic != self.owner.get_untracked() {
                let stored = nic.as_deref().map(load).unwrap_or_default();
                self.owner.set(nic);
                self.ids.set(stored);
            }
        });
        Effect::new(move |_| {
            let owner = self.owner.get();
            self.ids.with(|ids| {
                if let Some(owner) = owner {
                    save(&owner, ids);
                }
            });
        });
    }

    /// Whether the selection is known (the account is).
    pub fn ready(self) -> bool {
        self.owner.with(Option::is_some)
    }

    pub fn clear(self) {
        self.ids.set(HashSet::new());
    }
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

fn load(owner: &str) -> HashSet<u64> {
    super::storage::get(&format!("{KEY_PREFIX}{owner}"))
        .map(|text| super::storage::ids_from_text(&text))
        .unwrap_or_default()
}

fn save(owner: &str, ids: &HashSet<u64>) {
    let key = format!("{KEY_PREFIX}{owner}");
    if ids.is_empty() {
        super::storage::remove(&key);
        return;
    }
    super::storage::set(&key, &super::storage::ids_to_text(ids));
}
