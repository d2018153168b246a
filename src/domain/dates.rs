//! API dates (ISO 8601 strings, with or without a time) and the relative "in N days".

use chrono::{DateTime, FixedOffset, NaiveDate};

/// The calendar date of an API date: `2026-12-01`, `2026-12-01T00:00:00+01:00` or `...Z`
/// (the date as written, in the offset the API gave).
pub fn parse_api_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if let Ok(date) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Some(date);
    }
    DateTime::parse_from_rfc3339(raw)
        .ok()
        .map(|dt| dt.date_naive())
}

/// The instant of an API date: RFC 3339 as given; a bare date is midnight UTC.
pub fn parse_api_instant(raw: &str) -> Option<DateTime<FixedOffset>> {
    let raw = raw.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(raw) {
        return Some(instant);
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc().fixed_offset())
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
            'Y' => months += number.parse::<u32>().ok()? * 12,
            'M' => months += number.parse::<u32>().ok()?,
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
    fn periods_in_months() {
        assert_eq!(period_months("P1M"), Some(1));
        assert_eq!(period_months("P3M"), Some(3));
        assert_eq!(period_months("P1Y"), Some(12));
        assert_eq!(period_months("P1Y6M"), Some(18));
        assert_eq!(period_months("P30D"), None);
        assert_eq!(period_months("P"), None);
        assert_eq!(period_months("1M"), None);
        assert_eq!(period_months("P1"), None);
    }
}
