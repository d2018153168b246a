//! Upcoming renewals and expiries as an iCalendar file (RFC 5545) that any calendar imports.
//!
//! One all-day event (`DTSTART;VALUE=DATE`, `DTEND` the next day) per service with an upcoming
//! date: its automatic renewal, the expiry of a manual (or one-shot, or unpaid) service, or the
//! end of a service whose termination is requested. Services without a date, with a date before
//! `today`, and ended services are left out.
//!
//! - `UID` is `{serviceId}@billing-console`: a service has one upcoming date, so importing a newer
//!   file updates its event instead of adding one: a date moved (renewed early, a termination
//!   requested) moves the event, and no stale "renewal on the 31st" stays behind.
//! - `SEQUENCE` is the seconds from 2020-01-01 to `now`: a later file is a later revision of each
//!   event, as calendars require to take the update.
//! - `DTSTAMP` is the `now` passed in (the server's clock), so the output is reproducible.
//! - Each event carries a `VALARM` (`ACTION:DISPLAY`, `TRIGGER:-P7D` by default): a reminder
//!   7 days before, at the start of the day, time to renew by hand or to cancel a termination
//!   (allowed until 24 hours before the expiry). Calendars skip reminders already past.
//! - `TRANSP:TRANSPARENT`: the events do not make the user look busy.
//! - TEXT values are escaped (`\\`, `\;`, `\,`, newlines as `\n`; other ASCII controls but TAB
//!   dropped) and every content line is folded at 75 octets, never inside a UTF-8 sequence,
//!   with CRLF line endings.

use chrono::{DateTime, NaiveDate, Timelike, Utc};

use super::values::{LifecycleState, ResourceState};

use super::export::{push_digits, push_iso_date};
use super::format::push_uint;
use super::services::{RenewalStatus, ServiceRow};

/// The MIME type of the file (for the download's `Blob`).
pub const ICS_MIME: &str = "text/calendar;charset=utf-8";

/// What happens on an event's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The service renews automatically (and is charged).
    Renewal,
    /// The service expires unless renewed by hand (manual, one-shot or unpaid services).
    Expiry,
    /// The service ends: its termination is requested.
    Termination,
}

/// One upcoming date of one service.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CalendarEvent<'a> {
    pub kind: EventKind,
    pub date: NaiveDate,
    pub row: &'a ServiceRow,
}

/// The texts of the file, in the user's language (the UI's translations).
#[derive(Clone, Copy)]
pub struct CalendarLabels<'a> {
    /// `X-WR-CALNAME`, the name calendars give the imported calendar.
    pub calendar_name: &'a str,
    /// `SUMMARY` (also the reminder's text), e.g. "Renewal of example.com".
    pub summary: &'a dyn Fn(&CalendarEvent<'_>) -> String,
    /// `DESCRIPTION`, e.g. the reference, the type and what to do; may hold newlines.
    pub description: &'a dyn Fn(&CalendarEvent<'_>) -> String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarOptions {
    /// The server's clock: `DTSTAMP` of every event.
    pub now: DateTime<Utc>,
    /// The user's today: dates before it are left out (today's are kept).
    pub today: NaiveDate,
    /// Days before the event for the reminder; `None` for no `VALARM`.
    pub reminder_days: Option<u32>,
}

impl CalendarOptions {
    /// Reminder 7 days before.
    pub fn new(now: DateTime<Utc>, today: NaiveDate) -> CalendarOptions {
        CalendarOptions {
            now,
            today,
            reminder_days: Some(DEFAULT_REMINDER_DAYS),
        }
    }
}

pub const DEFAULT_REMINDER_DAYS: u32 = 7;

/// `services-2026-11-23.ics`.
pub fn ics_file_name(today: NaiveDate) -> String {
    let mut name = String::from("services-");
    push_iso_date(&mut name, today, true);
    name.push_str(".ics");
    name
}

/// The next date that matters for `row`, if any (ended services have none).
pub fn event_of(row: &ServiceRow) -> Option<(EventKind, NaiveDate)> {
    let ended = matches!(row.status, RenewalStatus::Terminated)
        || matches!(
            row.lifecycle,
            Some(LifecycleState::Terminated | LifecycleState::Unrenewed)
        )
        || matches!(row.state, ResourceState::Deleted | ResourceState::ToDelete);
    if ended {
        return None;
    }
    match row.status {
        RenewalStatus::Automatic => row.expiration.map(|d| (EventKind::Renewal, d)),
        RenewalStatus::TerminationRequested => row
            .termination
            .or(row.expiration)
            .map(|d| (EventKind::Termination, d)),
        _ => row.expiration.map(|d| (EventKind::Expiry, d)),
    }
}

/// The events the file will hold, in the order of `rows`: one per service whose date is today
/// or later.
pub fn upcoming_events<'r>(
    rows: impl IntoIterator<Item = &'r ServiceRow>,
    today: NaiveDate,
) -> Vec<CalendarEvent<'r>> {
    rows.into_iter()
        .filter_map(|row| {
            let (kind, date) = event_of(row)?;
            (date >= today).then_some(CalendarEvent { kind, date, row })
        })
        .collect()
}

/// The `.ics` file of the upcoming events of `rows`. With no event it is a valid, empty calendar.
pub fn services_ics<'r>(
    rows: impl IntoIterator<Item = &'r ServiceRow>,
    labels: &CalendarLabels<'_>,
    options: &CalendarOptions,
) -> String {
    events_ics(&upcoming_events(rows, options.today), labels, options)
}

/// The `.ics` file of `events` (from [`upcoming_events`], for a caller that also counts them).
pub fn events_ics(
    events: &[CalendarEvent<'_>],
    labels: &CalendarLabels<'_>,
    options: &CalendarOptions,
) -> String {
    let mut out = String::with_capacity(512 + events.len() * 480);
    let mut line = String::with_capacity(256);
    let mut stamp = String::with_capacity(16);
    push_utc_stamp(&mut stamp, options.now);

    for fixed in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//billing-console//Services calendar//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_folded(&mut out, fixed);
    }
    text_line(&mut out, &mut line, "X-WR-CALNAME:", labels.calendar_name);

    for event in events {
        let summary = (labels.summary)(event);
        let description = (labels.description)(event);
        push_folded(&mut out, "BEGIN:VEVENT");

        line.clear();
        line.push_str("UID:");
        push_uid(&mut line, event.row.id);
        push_folded(&mut out, &line);

        line.clear();
        line.push_str("DTSTAMP:");
        line.push_str(&stamp);
        push_folded(&mut out, &line);

        line.clear();
        line.push_str("SEQUENCE:");
        push_uint(&mut line, sequence(options.now));
        push_folded(&mut out, &line);

        line.clear();
        line.push_str("DTSTART;VALUE=DATE:");
        push_iso_date(&mut line, event.date, false);
        push_folded(&mut out, &line);

        if let Some(next_day) = event.date.succ_opt() {
            line.clear();
            line.push_str("DTEND;VALUE=DATE:");
            push_iso_date(&mut line, next_day, false);
            push_folded(&mut out, &line);
        }

        text_line(&mut out, &mut line, "SUMMARY:", &summary);
        if !description.is_empty() {
            text_line(&mut out, &mut line, "DESCRIPTION:", &description);
        }
        push_folded(&mut out, "TRANSP:TRANSPARENT");

        if let Some(days) = options.reminder_days {
            push_folded(&mut out, "BEGIN:VALARM");
            push_folded(&mut out, "ACTION:DISPLAY");
            line.clear();
            line.push_str("TRIGGER:-P");
            push_uint(&mut line, u64::from(days));
            line.push('D');
            push_folded(&mut out, &line);
            text_line(&mut out, &mut line, "DESCRIPTION:", &summary);
            push_folded(&mut out, "END:VALARM");
        }
        push_folded(&mut out, "END:VEVENT");
    }
    push_folded(&mut out, "END:VCALENDAR");
    out
}

/// `1000002@billing-console`: one event per service, whatever its date.
pub fn event_uid(service_id: u64) -> String {
    let mut uid = String::with_capacity(32);
    push_uid(&mut uid, service_id);
    uid
}

fn push_uid(out: &mut String, service_id: u64) {
    push_uint(out, service_id);
    out.push_str("@billing-console");
}

/// The revision of every event of a file made at `now`: seconds since 2020-01-01 UTC, so that
/// a file made a minute after another (renewed, then exported again) is a later revision. 0
/// before 2020; held at the largest iCalendar INTEGER (2^31 - 1) from 2088 on.
pub fn sequence(now: DateTime<Utc>) -> u64 {
    const FROM_2020: i64 = 1_577_836_800;
    (now.timestamp() - FROM_2020).clamp(0, i64::from(i32::MAX)) as u64
}

/// `20261123T120000Z`.
fn push_utc_stamp(out: &mut String, now: DateTime<Utc>) {
    push_iso_date(out, now.date_naive(), false);
    out.push('T');
    push_digits(out, now.hour(), 2);
    push_digits(out, now.minute(), 2);
    push_digits(out, now.second(), 2);
    out.push('Z');
}

/// Writes `name` (with its `:`) and the escaped `value` as one folded content line.
fn text_line(out: &mut String, line: &mut String, name: &str, value: &str) {
    line.clear();
    line.push_str(name);
    escape_text(line, value);
    push_folded(out, line);
}

/// Appends `value` escaped as an RFC 5545 TEXT value (§3.3.11): `\\`, `\;`, `\,`, a line break
/// (CRLF, LF or CR) as `\n`; ASCII control characters but TAB are dropped.
pub fn escape_text(out: &mut String, value: &str) {
    let bytes = value.as_bytes();
    let mut run = 0; // start of the bytes not yet copied
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let replacement = match b {
            b'\\' => "\\\\",
            b';' => "\\;",
            b',' => "\\,",
            b'\n' => "\\n",
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => "",
            b'\r' => "\\n",
            // RFC 5545's CONTROL: ASCII controls but TAB.
            b if (b < 0x20 && b != b'\t') || b == 0x7f => "",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&value[run..i]);
        out.push_str(replacement);
        i += 1;
        run = i;
    }
    out.push_str(&value[run..]);
}

/// Appends one content line folded at 75 octets (a continuation line starts with a space, which
/// counts), never splitting a UTF-8 sequence, then CRLF (RFC 5545 §3.1).
pub fn push_folded(out: &mut String, line: &str) {
    const MAX: usize = 75;
    if line.len() <= MAX {
        out.push_str(line);
        out.push_str("\r\n");
        return;
    }
    let mut start = 0;
    let mut room = MAX;
    while line.len() - start > room {
        let mut end = start + room;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        out.push_str(&line[start..end]);
        out.push_str("\r\n ");
        start = end;
        room = MAX - 1;
    }
    out.push_str(&line[start..]);
    out.push_str("\r\n");
}
