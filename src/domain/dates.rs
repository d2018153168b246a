//! API dates (ISO 8601 strings, with or without a time) and the relative "in N days".

use chrono::{DateTime, FixedOffset, NaiveDate};

/// The calendar date of an API date: `2026-12-01`, `2026-12-01T00:00:00+01:00` or `...Z`
/// (the date as written, in the offset the API gave).
pub fn parse_api_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim().as_bytes();
    let date = parse_ymd(raw.get(..10)?)?;
    if raw.len() == 10 || parse_time_and_offset(&raw[10..]).is_some() {
        Some(date)
    } else {
        None
    }
}

/// The instant of an API date: RFC 3339 as given; a bare date is midnight UTC.
pub fn parse_api_instant(raw: &str) -> Option<DateTime<FixedOffset>> {
    let raw = raw.trim().as_bytes();
    let date = parse_ymd(raw.get(..10)?)?;
    let (secs, nanos, offset) = if raw.len() == 10 {
        (0, 0, 0)
    } else {
        parse_time_and_offset(&raw[10..])?
    };
    let offset = FixedOffset::east_opt(offset)?;
    let local = date.and_hms_nano_opt(secs / 3600, secs / 60 % 60, secs % 60, nanos)?;
    local.and_local_timezone(offset).single()
}

// A strict ISO 8601 / RFC 3339 reader for the API's two date shapes. Hand-written because
// chrono's `parse_from_str` / `parse_from_rfc3339` pull ~20 KB of format machinery into the wasm.

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
}

/// `YYYY-MM-DD`.
fn parse_ymd(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..10])?)
}

/// `THH:MM:SS[.fraction](Z|±HH:MM|±HHMM)` (a space is accepted for `T`): seconds of the day and
/// nanoseconds, and the offset in seconds east of UTC.
fn parse_time_and_offset(b: &[u8]) -> Option<(u32, u32, i32)> {
    if b.len() < 9 || !matches!(b[0], b'T' | b't' | b' ') || b[3] != b':' || b[6] != b':' {
        return None;
    }
    let (h, m, s) = (digits(&b[1..3])?, digits(&b[4..6])?, digits(&b[7..9])?);
    if h > 23 || m > 59 || s > 60 {
        return None;
    }
    let mut rest = &b[9..];
    let mut nanos = 0;
    if let Some(fraction) = rest.strip_prefix(b".") {
        let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if len == 0 {
            return None;
        }
        let kept = &fraction[..len.min(9)];
        nanos = digits(kept)? * 10u32.pow(9 - kept.len() as u32);
        rest = &fraction[len..];
    }
    let offset = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), oh @ ..] if oh.len() == 5 || oh.len() == 4 => {
            let (oh, om) = if oh.len() == 5 {
                if oh[2] != b':' {
                    return None;
                }
                (&oh[..2], &oh[3..])
            } else {
                (&oh[..2], &oh[2..])
            };
            let (oh, om) = (digits(oh)?, digits(om)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = i32::try_from(oh * 3600 + om * 60).ok()?;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    Some((h * 3600 + m * 60 + s.min(59), nanos, offset))
}

/// Today's date for a user whose clock reads `unix_secs` at UTC offset `offset_minutes` east.
pub fn today(unix_secs: i64, offset_minutes: i32) -> NaiveDate {
    let local = unix_secs + i64::from(offset_minutes) * 60;
    DateTime::from_timestamp(local, 0)
        .map(|dt| dt.date_naive())
        .unwrap_or_default()
}

/// Whole days from `today` to `date` (negative when past).
pub fn days_between(today: NaiveDate, date: NaiveDate) -> i64 {
    (date - today).num_days()
}

/// The expiry after adding `months` of validity (anticipated payment, renewal): the same day of
/// the month, or the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb).
pub fn add_months(expiration: NaiveDate, months: u32) -> Option<NaiveDate> {
    expiration.checked_add_months(chrono::Months::new(months))
}

/// The ISO 8601 period of a number of months: `P1M`, `P6M`, `P1Y`, `P18M`.
pub fn months_period(months: u32) -> String {
    if months > 0 && months % 12 == 0 {
        format!("P{}Y", months / 12)
    } else {
        format!("P{months}M")
    }
}

/// Months in an ISO 8601 period such as `P1M`, `P3M`, `P1Y`, `P1Y6M`; `None` for other forms.
pub fn period_months(period: &str) -> Option<u32> {
    let rest = period.strip_prefix('P')?;
    if rest.is_empty() || rest.contains(['T', 'W', 'D']) {
        return None;
    }
    let mut months = 0u32;
    let mut number = String::new();
    for ch in rest.chars() {
        match ch {
            '0'..='9' => number.push(ch),
            // Checked: a period too long for a `u32` of months is not one this console reads.
            'Y' => months = months.checked_add(number.parse::<u32>().ok()?.checked_mul(12)?)?,
            'M' => months = months.checked_add(number.parse::<u32>().ok()?)?,
            _ => return None,
        }
        if ch == 'Y' || ch == 'M' {
            number.clear();
        }
    }
    number.is_empty().then_some(months)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_every_form_the_api_sends() {
        assert_eq!(parse_api_date("2026-12-01"), Some(d(2026, 12, 1)));
        assert_eq!(
            parse_api_date("2026-12-01T23:30:00+01:00"),
            Some(d(2026, 12, 1))
        );
        assert_eq!(parse_api_date("2026-12-01T00:00:00Z"), Some(d(2026, 12, 1)));
        assert_eq!(parse_api_date("01/12/2026"), None);
        assert_eq!(parse_api_date(""), None);
    }

    #[test]
    fn today_depends_on_the_offset() {
        // 2026-11-23T23:30:00Z
        let t = 1_795_476_600;
        assert_eq!(today(t, 0), d(2026, 11, 23));
        assert_eq!(today(t, 60), d(2026, 11, 24));
        assert_eq!(today(t, -300), d(2026, 11, 23));
    }

    #[test]
    fn days_between_counts_calendar_days() {
        assert_eq!(days_between(d(2026, 11, 23), d(2026, 11, 30)), 7);
        assert_eq!(days_between(d(2026, 11, 23), d(2026, 11, 20)), -3);
        assert_eq!(days_between(d(2026, 12, 31), d(2027, 1, 1)), 1);
    }

    #[test]
    fn added_months_land_on_the_month_end_when_shorter() {
        assert_eq!(add_months(d(2027, 1, 31), 1), Some(d(2027, 2, 28)));
        assert_eq!(add_months(d(2028, 1, 31), 1), Some(d(2028, 2, 29)));
        assert_eq!(add_months(d(2026, 8, 31), 3), Some(d(2026, 11, 30)));
        assert_eq!(add_months(d(2026, 12, 31), 12), Some(d(2027, 12, 31)));
        assert_eq!(add_months(d(2026, 11, 15), 6), Some(d(2027, 5, 15)));
    }

    #[test]
    fn instants_keep_their_offset_and_bare_dates_are_midnight_utc() {
        let i = parse_api_instant("2026-11-26T00:00:00+01:00").unwrap();
        assert_eq!(i.to_rfc3339(), "2026-11-26T00:00:00+01:00");
        let bare = parse_api_instant("2026-11-26").unwrap();
        assert_eq!(bare.to_rfc3339(), "2026-11-26T00:00:00+00:00");
        assert!(parse_api_instant("soon").is_none());
    }

    #[test]
    fn the_hand_parser_agrees_with_chrono() {
        let inputs = [
            "2026-11-26T00:00:00+01:00",
            "2026-03-29T02:30:00+02:00",
            "2026-10-25T02:30:00-05:30",
            "2026-11-26T23:59:59Z",
            "2026-11-26T12:00:00.123Z",
            "2026-11-26T12:00:00.5+0100",
            "2026-11-26 12:00:00+01:00",
            "2026-02-30T00:00:00Z",
            "2026-11-26T24:00:00Z",
            "2026-11-26T12:00Z",
            "2026-11-26T12:00:00",
            "2026-11-26T12:00:00+1:00",
            "2026-1-26",
            "+2026-11-26",
            "2026-11-26X",
        ];
        for raw in inputs {
            let chrono = DateTime::parse_from_rfc3339(raw)
                .ok()
                .or_else(|| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f%z").ok());
            assert_eq!(parse_api_instant(raw), chrono, "{raw}");
            assert_eq!(parse_api_date(raw), chrono.map(|c| c.date_naive()), "{raw}");
        }
        assert_eq!(parse_api_date("2028-02-29"), Some(d(2028, 2, 29)));
        assert_eq!(parse_api_date("2027-02-29"), None);
    }

    #[test]
    fn months_become_periods_and_back() {
        for months in [1, 3, 6, 12, 18, 24] {
            assert_eq!(period_months(&months_period(months)), Some(months));
        }
        assert_eq!(months_period(12), "P1Y");
        assert_eq!(months_period(3), "P3M");
    }

    #[test]
    fn periods_in_months() {
        assert_eq!(period_months("P1M"), Some(1));
        assert_eq!(period_months("P3M"), Some(3));
        assert_eq!(period_months("P1Y"), Some(12));
        assert_eq!(period_months("P1Y6M"), Some(18));
        assert_eq!(period_months("P30D"), None);
        // Too long for a u32 of months: not read (it wrapped in a release build).
        assert_eq!(period_months("P357913942Y"), None);
        assert_eq!(period_months("P4294967295M1M"), None);
        assert_eq!(period_months("P4294967295M"), Some(u32::MAX));
        assert_eq!(period_months("P"), None);
        assert_eq!(period_months("1M"), None);
        assert_eq!(period_months("P1"), None);
    }
}
