//! Exact amounts: integer minor units and a currency code. Never summed as floats.
//!
//! A currency's minor unit follows ISO 4217: cents for EUR, none for JPY or XOF, thousandths for
//! TND. A code this console does not know (the API's `N/A`, `points`, a new currency) keeps two
//! decimals and is shown as sent.

use std::sync::Arc;

use super::format::{decimal_separator, integer};
use super::locale::Locale;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money {
    /// Amount in the currency's minor units ([`minor_exponent`]: cents for EUR, yen for JPY,
    /// millimes for TND).
    pub minor: i64,
    /// ISO 4217 code. Shared: the API layer gives the 50,000 prices of an account the few
    /// copies of their codes (a `String` each was 16 bytes of heap more per row).
    pub currency: Arc<str>,
}

/// The number of decimals of `code`'s minor unit (ISO 4217); 2 for a code not listed.
pub fn minor_exponent(code: &str) -> u32 {
    match code {
        // No minor unit.
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX"
        | "UYI" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        // Thousandths.
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

/// `priceInUcents` counts 10^-8 of a unit: how many make one minor unit of `code`.
pub fn ucents_per_minor(code: &str) -> i128 {
    10i128.pow(8 - minor_exponent(code))
}

impl Money {
    pub fn new(minor: i64, currency: impl Into<Arc<str>>) -> Self {
        Self {
            minor,
            currency: currency.into(),
        }
    }

    /// The exact amount of a price as the API states it (`order.Price`): from `priceInUcents`
    /// (10^-8 of a unit) when present, else from the decimal text of `value` (never read as a
    /// float). `None` if neither is usable.
    pub fn from_api_amount(currency: &str, ucents: Option<i64>, value: &str) -> Option<Money> {
        let minor = match ucents {
            Some(ucents) => {
                i64::try_from(round_div(i128::from(ucents), ucents_per_minor(currency))).ok()?
            }
            None => parse_decimal_minor(value, minor_exponent(currency))?,
        };
        Some(Money::new(minor, currency))
    }

    /// Adds two amounts of the same currency; `None` when the currencies differ.
    pub fn checked_add(&self, other: &Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| Money::new(self.minor + other.minor, self.currency.clone()))
    }

    /// One total per currency, in the order each currency first appears: amounts in different
    /// currencies are never added together.
    pub fn totals_by_currency<'a>(amounts: impl IntoIterator<Item = &'a Money>) -> Vec<Money> {
        let mut totals: Vec<Money> = Vec::new();
        for amount in amounts {
            match totals.iter_mut().find(|t| t.currency == amount.currency) {
                Some(total) => total.minor += amount.minor,
                None => totals.push(amount.clone()),
            }
        }
        totals
    }

    /// `12,99 €` (fr, it), `€12.99` (en); `1 200 JPY`, `12,500 TND`: as many decimals as the
    /// currency's minor unit.
    pub fn format(&self, locale: Locale) -> String {
        let negative = self.minor < 0;
        let abs = self.minor.unsigned_abs();
        let exponent = minor_exponent(&self.currency);
        let unit = 10u64.pow(exponent);
        let number = if exponent == 0 {
            integer(abs, locale)
        } else {
            format!(
                "{}{}{:0width$}",
                integer(abs / unit, locale),
                decimal_separator(locale),
                abs % unit,
                width = exponent as usize
            )
        };
        let sign = if negative { "-" } else { "" };
        let symbol = currency_symbol(&self.currency);
        match locale {
            Locale::En => format!("{sign}{symbol}{number}"),
            Locale::Fr | Locale::It => format!("{sign}{number}\u{a0}{symbol}"),
        }
    }
}

fn currency_symbol(code: &str) -> &str {
    match code {
        "EUR" => "€",
        "GBP" => "£",
        "USD" => "$",
        "CAD" => "CA$",
        "AUD" => "A$",
        "INR" => "₹",
        "PLN" => "zł",
        other => other,
    }
}

/// `value / divisor`, rounded half away from zero.
pub fn round_div(value: i128, divisor: i128) -> i128 {
    let quotient = value / divisor;
    let remainder = value % divisor;
    if remainder.abs() * 2 >= divisor {
        quotient + value.signum()
    } else {
        quotient
    }
}

/// A plain decimal number as `(mantissa, decimals)`: `"100"` → (100, 0), `"2.5"` → (25, 1),
/// `"-0.05"` → (-5, 2). At most `max_decimals` decimals; no exponent, no separators.
pub fn parse_decimal(raw: &str, max_decimals: usize) -> Option<(i128, u32)> {
    let text = raw.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || fraction.len() > max_decimals
        || whole.len() > 18
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mantissa: i128 = format!("{whole}{fraction}").parse().ok()?;
    Some((
        if negative { -mantissa } else { mantissa },
        fraction.len() as u32,
    ))
}

/// A decimal amount in minor units of `exponent` decimals, rounded half away from zero:
/// `("12.99", 2)` → 1299, `("12.5", 2)` → 1250, `("0.005", 2)` → 1, `("1200", 0)` → 1200,
/// `("12.5", 3)` → 12500.
pub fn parse_decimal_minor(text: &str, exponent: u32) -> Option<i64> {
    let (mantissa, scale) = parse_decimal(text, 12)?;
    let value = mantissa.checked_mul(10i128.pow(exponent))?;
    i64::try_from(round_div(value, 10i128.pow(scale))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_are_kept_per_currency() {
        let amounts = [
            Money::new(1299, "EUR"),
            Money::new(500, "USD"),
            Money::new(1, "EUR"),
            Money::new(-100, "USD"),
        ];
        assert_eq!(
            Money::totals_by_currency(&amounts),
            vec![Money::new(1300, "EUR"), Money::new(400, "USD")]
        );
        assert!(Money::totals_by_currency(&[]).is_empty());
    }

    #[test]
    fn ucents_win_over_value() {
        assert_eq!(
            Money::from_api_amount("EUR", Some(1_299_000_000), "12.99"),
            Some(Money::new(1299, "EUR"))
        );
    }

    #[test]
    fn value_is_read_as_decimal_text() {
        assert_eq!(
            Money::from_api_amount("EUR", None, "0.1").unwrap().minor,
            10
        );
        assert_eq!(Money::from_api_amount("EUR", None, "1").unwrap().minor, 100);
        // 0.1 + 0.2 as floats is 0.30000000000000004; as minor units it is exact.
        let a = Money::from_api_amount("EUR", None, "0.1").unwrap();
        let b = Money::from_api_amount("EUR", None, "0.2").unwrap();
        assert_eq!(a.checked_add(&b), Some(Money::new(30, "EUR")));
        assert_eq!(Money::from_api_amount("EUR", None, "1e2"), None);
    }

    #[test]
    fn decimal_parsing_rounds_half_away_from_zero() {
        assert_eq!(parse_decimal_minor("12.5", 2), Some(1250));
        assert_eq!(parse_decimal_minor("0.005", 2), Some(1));
        assert_eq!(parse_decimal_minor("0.004", 2), Some(0));
        assert_eq!(parse_decimal_minor("-3", 2), Some(-300));
        assert_eq!(parse_decimal_minor("1e3", 2), None);
        assert_eq!(parse_decimal_minor("abc", 2), None);
        assert_eq!(parse_decimal_minor(".5", 2), None);
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(minor_exponent("EUR"), 2);
        assert_eq!(minor_exponent("JPY"), 0);
        assert_eq!(minor_exponent("XOF"), 0);
        assert_eq!(minor_exponent("TND"), 3);
        assert_eq!(minor_exponent("points"), 2);
        let price = |code: &str, ucents: Option<i64>, value: &str| {
            Money::from_api_amount(code, ucents, value).unwrap()
        };
        // 1 200 yen: 1 200 minor units, no decimals.
        let yen = price("JPY", None, "1200");
        assert_eq!(yen.minor, 1200);
        assert_eq!(yen.format(Locale::Fr), "1\u{202f}200\u{a0}JPY");
        let dinar = price("TND", None, "12.345");
        assert_eq!(dinar.minor, 12345);
        assert_eq!(dinar.format(Locale::En), "TND12.345");
        let ucents = price("XOF", Some(656_000_000_000), "6560");
        assert_eq!(ucents.minor, 6560);
        assert_eq!(ucents.format(Locale::It), "6560\u{a0}XOF");
        // A code the API has but ISO does not: two decimals, shown as sent.
        let points = price("points", None, "12.5");
        assert_eq!(points.format(Locale::En), "points12.50");
        assert_eq!(parse_decimal_minor("12.5", 3), Some(12500));
        assert_eq!(parse_decimal_minor("1200", 0), Some(1200));
        assert_eq!(parse_decimal_minor("0.5", 0), Some(1));
    }

    #[test]
    fn currencies_do_not_mix() {
        assert_eq!(
            Money::new(1, "EUR").checked_add(&Money::new(1, "USD")),
            None
        );
    }

    #[test]
    fn formats_for_each_locale() {
        let m = Money::new(123_456, "EUR");
        assert_eq!(m.format(Locale::Fr), "1\u{202f}234,56\u{a0}€");
        assert_eq!(m.format(Locale::It), "1234,56\u{a0}€");
        assert_eq!(m.format(Locale::En), "€1,234.56");
        assert_eq!(Money::new(-5, "GBP").format(Locale::En), "-£0.05");
        assert_eq!(Money::new(100, "CHF").format(Locale::Fr), "1,00\u{a0}CHF");
    }
}
