//! The server's clock: "now" and "today" in one place. Time rules (the 24-hour rule, the
//! withdrawal window) use the API's `/auth/time`, not the device's clock; when it cannot be read
//! the device's clock is used and [`Clock::uses_device`] says so, for the pages to tell.

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;

use crate::api::ApiClient;
use crate::domain::dates::today;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockSource {
    /// `/auth/time` not answered yet (the device's clock meanwhile).
    Pending,
    Server,
    /// `/auth/time` failed: the device's clock is used.
    Device,
}

#[derive(Clone, Copy)]
pub struct Clock {
    /// Server time minus device time, in milliseconds.
    offset_ms: RwSignal<f64>,
    source: RwSignal<ClockSource>,
}

impl Clock {
    pub fn start(api: &ApiClient) -> Clock {
        let clock = Clock {
            offset_ms: RwSignal::new(0.0),
            source: RwSignal::new(ClockSource::Pending),
        };
        // Two attempts only: meanwhile the device's clock is used, and after them the pages
        // say so, rather than waiting for a long backoff.
        let api = api.clone().with_retry(crate::api::retry::RetryPolicy {
            max_attempts: 2,
            ..Default::default()
        });
        leptos::task::spawn_local(async move {
            let asked_at = js_sys::Date::now();
            match api.server_time().await {
                Ok(server_secs) => {
                    let device_now = (asked_at + js_sys::Date::now()) / 2.0;
                    clock
                        .offset_ms
                        .set(server_secs as f64 * 1000.0 - device_now);
                    clock.source.set(ClockSource::Server);
                }
                Err(_) => clock.source.set(ClockSource::Device),
            }
        });
        clock
    }

    /// Unix seconds by the server's clock (not tracked).
    pub fn now_secs(self) -> i64 {
        ((js_sys::Date::now() + self.offset_ms.get_untracked()) / 1000.0) as i64
    }

    /// The server's "now", tracked: a reactive context re-runs when the clock is set.
    pub fn now(self) -> DateTime<Utc> {
        self.offset_ms.track();
        DateTime::from_timestamp(self.now_secs(), 0).unwrap_or_default()
    }

    /// Today in the user's time zone, by the server's clock (tracked).
    pub fn today(self) -> NaiveDate {
        self.offset_ms.track();
        today(self.now_secs(), utc_offset_minutes())
    }

    /// Whether time rules use the device's clock because the server's could not be read.
    pub fn uses_device(self) -> bool {
        self.source.get() == ClockSource::Device
    }
}

/// The user's UTC offset in minutes (east positive).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
