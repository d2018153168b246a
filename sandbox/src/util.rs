//! Small helpers: a seeded RNG, dates and durations, URL decoding, HTML escaping.

use chrono::{DateTime, FixedOffset, Months, NaiveDate, TimeZone};

/// SplitMix64: tiny, fast, deterministic (no OS randomness anywhere in the generated data).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from_digit(self.below(16) as u32, 16).unwrap_or('0'))
            .collect()
    }

    pub fn alnum(&mut self, len: usize) -> String {
        const CHARS: &[u8] = b"abcdefghijkmnopqrstuvwxyz23456789";
        (0..len)
            .map(|_| CHARS[self.below(CHARS.len() as u64) as usize] as char)
            .collect()
    }
}

/// The offset used for generated dates (the API answers in Paris time; DST is ignored).
pub fn paris() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// `2026-11-23T10:00:00+01:00`.
pub fn fmt_dt(dt: DateTime<FixedOffset>) -> String {
    dt.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// `2026-11-23`.
pub fn fmt_date(dt: DateTime<FixedOffset>) -> String {
    dt.format("%Y-%m-%d").to_string()
}

/// Midnight (Paris offset) of the given day.
pub fn midnight(d: NaiveDate) -> DateTime<FixedOffset> {
    let naive = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    paris()
        .from_local_datetime(&naive)
        .single()
        .unwrap_or_else(|| DateTime::from_naive_utc_and_offset(naive, paris()))
}

/// RFC 3339 datetime or a plain `YYYY-MM-DD` date (midnight, Paris offset).
pub fn parse_dt(s: &str) -> Option<DateTime<FixedOffset>> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(midnight)
}

/// Months in an ISO 8601 duration (`P1M` → 1, `P1Y` → 12, `P2Y6M` → 30); `None` for days/others.
pub fn months_of(period: &str) -> Option<u32> {
    let rest = period.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let mut total = 0u32;
    let mut num = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u32 = num.parse().ok()?;
        num.clear();
        match c {
            'Y' => total += n * 12,
            'M' => total += n,
            _ => return None,
        }
    }
    if !num.is_empty() {
        return None;
    }
    Some(total)
}

/// `12` → `P1Y`, `24` → `P2Y`, `3` → `P3M`.
pub fn period_of_months(m: u32) -> String {
    if m > 0 && m.is_multiple_of(12) {
        format!("P{}Y", m / 12)
    } else {
        format!("P{m}M")
    }
}

pub fn add_months(dt: DateTime<FixedOffset>, m: u32) -> DateTime<FixedOffset> {
    dt.checked_add_months(Months::new(m)).unwrap_or(dt)
}

/// Percent-decoding (`+` kept as is unless `plus_as_space`); invalid escapes are kept verbatim.
pub fn percent_decode(s: &str, plus_as_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_as_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Minimal percent-encoding for query values.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `a=1&b=x%20y` → pairs, decoded (`+` = space).
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(months_of("P1M"), Some(1));
        assert_eq!(months_of("P1Y"), Some(12));
        assert_eq!(months_of("P2Y6M"), Some(30));
        assert_eq!(months_of("P10D"), None);
        assert_eq!(months_of("1M"), None);
        assert_eq!(period_of_months(12), "P1Y");
        assert_eq!(period_of_months(6), "P6M");
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("a%2Fb%20c+d", false), "a/b c+d");
        assert_eq!(percent_decode("a+b", true), "a b");
        assert_eq!(percent_decode("100%", false), "100%");
        assert_eq!(percent_decode("%zz", false), "%zz");
        assert_eq!(percent_encode("51.91.2.16/28"), "51.91.2.16%2F28");
        assert_eq!(
            parse_query("return=%2Fservices%3Fp%3D2&x"),
            vec![
                ("return".into(), "/services?p=2".into()),
                ("x".into(), String::new())
            ]
        );
    }

    #[test]
    fn dates() {
        let d = parse_dt("2026-11-23").unwrap();
        assert_eq!(fmt_dt(d), "2026-11-23T00:00:00+01:00");
        assert!(parse_dt("2026-11-23T10:00:00Z").is_some());
        assert!(parse_dt("soon").is_none());
    }
}
