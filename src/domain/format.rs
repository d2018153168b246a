//! Numbers and dates written the way each locale writes them (CLDR conventions), without a
//! browser: tested natively.

use chrono::{Datelike, NaiveDate};

use super::locale::Locale;

/// The thousands separator: a narrow no-break space in French, a dot in Italian, a comma in English.
pub fn group_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr => "\u{202f}",
        Locale::It => ".",
        Locale::En => ",",
    }
}

pub fn decimal_separator(locale: Locale) -> &'static str {
    match locale {
        Locale::Fr | Locale::It => ",",
        Locale::En => ".",
    }
}

/// An integer with grouping: `12 000` (fr), `12.000` (it), `12,000` (en).
pub fn integer(value: u64, locale: Locale) -> String {
    let digits = value.to_string();
    // Italian does not group four-digit numbers (CLDR minimumGroupingDigits = 2).
    if locale == Locale::It && digits.len() == 4 {
        return digits;
    }
    let separator = group_separator(locale);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(separator);
        }
        out.push(ch);
    }
    out
}

const MONTHS_FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const MONTHS_IT: [&str; 12] = [
    "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
];

/// A date in the locale's medium form: `5 déc. 2026`, `5 Dec 2026`, `5 dic 2026`.
pub fn date(value: NaiveDate, locale: Locale) -> String {
    let months = match locale {
        Locale::Fr => &MONTHS_FR,
        Locale::En => &MONTHS_EN,
        Locale::It => &MONTHS_IT,
    };
    format!(
        "{} {} {}",
        value.day(),
        months[value.month0() as usize],
        value.year()
    )
}

/// A month's short name in the locale: `janv.`, `Jan`, `gen`.
pub fn month_short(value: NaiveDate, locale: Locale) -> &'static str {
    let months = match locale {
        Locale::Fr => &MONTHS_FR,
        Locale::En => &MONTHS_EN,
        Locale::It => &MONTHS_IT,
    };
    months[value.month0() as usize]
}

/// A month and its year: `janv. 2027`, `Jan 2027`, `gen 2027`.
pub fn month_year(value: NaiveDate, locale: Locale) -> String {
    format!("{} {}", month_short(value, locale), value.year())
}

/// Appends [`date`]'s text to `out` without allocating (bulk exports write 100,000s of dates).
pub fn write_date(out: &mut String, value: NaiveDate, locale: Locale) {
    let months = match locale {
        Locale::Fr => &MONTHS_FR,
        Locale::En => &MONTHS_EN,
        Locale::It => &MONTHS_IT,
    };
    push_uint(out, value.day());
    out.push(' ');
    out.push_str(months[value.month0() as usize]);
    out.push(' ');
    if value.year() < 0 {
        out.push('-');
    }
    push_uint(out, value.year().unsigned_abs());
}

/// Appends the decimal digits of `value` (no grouping).
pub(crate) fn push_uint(out: &mut String, value: impl Into<u64>) {
    let mut digits = [0u8; 20];
    let mut n: u64 = value.into();
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_group_by_locale() {
        assert_eq!(integer(0, Locale::En), "0");
        assert_eq!(integer(999, Locale::Fr), "999");
        assert_eq!(integer(12_000, Locale::En), "12,000");
        assert_eq!(integer(12_000, Locale::Fr), "12\u{202f}000");
        assert_eq!(integer(12_000, Locale::It), "12.000");
        assert_eq!(integer(3_000, Locale::It), "3000");
        assert_eq!(integer(1_234_567, Locale::En), "1,234,567");
    }

    #[test]
    fn dates_use_the_locale_month_names() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        assert_eq!(date(d, Locale::Fr), "5 déc. 2026");
        assert_eq!(date(d, Locale::En), "5 Dec 2026");
        assert_eq!(date(d, Locale::It), "5 dic 2026");
    }

    #[test]
    fn months_and_years_in_each_locale() {
        let d = NaiveDate::from_ymd_opt(2027, 1, 31).unwrap();
        assert_eq!(month_year(d, Locale::Fr), "janv. 2027");
        assert_eq!(month_year(d, Locale::En), "Jan 2027");
        assert_eq!(month_year(d, Locale::It), "gen 2027");
        let aug = NaiveDate::from_ymd_opt(2027, 8, 1).unwrap();
        assert_eq!(month_short(aug, Locale::Fr), "août");
    }

    #[test]
    fn write_date_writes_what_date_returns() {
        for locale in Locale::ALL {
            for (y, m, day) in [(2026, 1, 1), (2026, 12, 31), (10_000, 2, 29), (-44, 3, 15)] {
                let d = NaiveDate::from_ymd_opt(y, m, day).unwrap();
                let mut out = String::from("x");
                write_date(&mut out, d, locale);
                assert_eq!(out, format!("x{}", date(d, locale)));
            }
        }
    }
}
