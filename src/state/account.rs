//! The signed-in account (`GET /me`): its customer code decides the rights on each service.
//!
//! A first visit without a session goes straight to the sign-in page (and comes back). A tab that
//! was signed in and loses its session shows "your session expired" instead, keeping what the
//! user was doing; so does a sign-in page that sends back without a session (no loop).

use leptos::prelude::*;

use crate::api::models::Me;
use crate::api::{ApiClient, ApiError};
use crate::domain::eligibility::Requester;

#[derive(Clone, Copy)]
pub struct Account {
    /// `None` while `/me` is being read.
    pub me: RwSignal<Option<Result<Me, ApiError>>>,
    api: StoredValue<ApiClient>,
}

/// Why the rights on a service cannot be checked yet.
#[derive(Debug, Clone, PartialEq)]
pub enum RightsUnknown {
    /// `/me` has not answered yet.
    Loading,
    /// `/me` failed: the account's customer code is unknown.
    Failed(ApiError),
}

/// Set once `/me` answered in this tab: a later 401 is an expiry, not a first visit.
const SIGNED_IN_KEY: &str = "billing-console.signed-in";
/// When the app last sent the user to sign in (unix ms): it never does it twice within a minute.
const SENT_TO_SIGN_IN_KEY: &str = "billing-console.sent-to-sign-in";

impl Account {
    /// Reads `/me`; `sign_in` is the sign-in URL that brings the user back here.
    pub fn start(api: &ApiClient, sign_in: impl Fn() -> String + 'static) -> Account {
        let account = Account {
            me: RwSignal::new(None),
            api: StoredValue::new(api.clone()),
        };
        account.reload();
        Effect::new(move |_| match account.me.get() {
            Some(Ok(_)) => super::storage::set(SIGNED_IN_KEY, "1"),
            Some(Err(error)) if error.needs_sign_in() && !Account::was_signed_in() => {
                let now = js_sys::Date::now() as u64;
                let sent = super::storage::get(SENT_TO_SIGN_IN_KEY)
                    .and_then(|t| t.parse::<u64>().ok())
                    .unwrap_or(0);
                if now.saturating_sub(sent) > 60_000 {
                    super::storage::set(SENT_TO_SIGN_IN_KEY, &now.to_string());
                    if let Some(window) = web_sys::window() {
                        let _ = window.location().replace(&sign_in());
                    }
                }
            }
            _ => {}
        });
        account
    }

    /// Whether this tab was signed in before (so a 401 means the session expired).
    pub fn was_signed_in() -> bool {
        super::storage::get(SIGNED_IN_KEY).is_some()
    }

    /// Reads `/me` (again).
    pub fn reload(self) {
        self.me.set(None);
        let api = self.api.get_value();
        leptos::task::spawn_local(async move {
            let me = api.me().await;
            self.me.try_set(Some(me));
        });
    }

    /// The account's customer code once `/me` answered (tracked).
    pub fn nic(self) -> Option<String> {
        self.me.with(|m| {
            m.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|me| me.nichandle.clone())
        })
    }

    /// Who acts, for eligibility, at `now` (tracked).
    pub fn requester(self, now: chrono::DateTime<chrono::Utc>) -> Result<Requester, RightsUnknown> {
        self.me.with(|m| match m {
            None => Err(RightsUnknown::Loading),
            Some(Err(error)) => Err(RightsUnknown::Failed(error.clone())),
            Some(Ok(me)) => Ok(Requester {
                nic: me.nichandle.clone(),
                now,
            }),
        })
    }
}
