//! Exact amounts: integer minor units (cents) and a currency code. Never summed as floats.

use crate::api::models::Price;

use super::format::{decimal_separator, integer};
use super::locale::Locale;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Money {
    /// Amount in minor units (cents for EUR).
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: String,
}

/// One unit is 10^8 micro-cents ("ucents") in `priceInUcents`.
const UCENTS_PER_MINOR: i64 = 1_000_000;

impl Money {
    pub fn new(minor: i64, currency: impl Into<String>) -> Self {
        Self {
            minor,
            currency: currency.into(),
        }
    }

    /// The exact amount of an API `Price`: from `priceInUcents` when present, else from the
    /// decimal digits of `value` (read as text, not as a float). `None` if neither is usable.
    pub fn from_price(price: &Price) -> Option<Money> {
        let minor = match price.price_in_ucents {
            Some(ucents) => round_div(ucents, UCENTS_PER_MINOR),
            None => parse_decimal_minor(price.value.as_str())?,
        };
        Some(Money::new(minor, price.currency_code.clone()))
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

    /// `12,99 €` (fr, it), `€12.99` (en).
    pub fn format(&self, locale: Locale) -> String {
        let negative = self.minor < 0;
        let abs = self.minor.unsigned_abs();
        let number = format!(
            "{}{}{:02}",
            integer(abs / 100, locale),
            decimal_separator(locale),
            abs % 100
        );
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

fn round_div(value: i64, divisor: i64) -> i64 {
    let quotient = value / divisor;
    let remainder = value % divisor;
    if remainder.abs() * 2 >= divisor {
        quotient + value.signum()
    } else {
        quotient
    }
}

/// `"12.99"` → 1299, `"12.5"` → 1250, `"-3"` → -300, `"0.005"` → 1 (half away from zero).
pub fn parse_decimal_minor(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if digits.contains(['e', 'E']) {
        return None;
    }
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut minor: i64 = whole.parse::<i64>().ok()?.checked_mul(100)?;
    let mut cents = fraction.bytes().chain(std::iter::repeat(b'0')).take(2);
    minor += i64::from(cents.next()? - b'0') * 10 + i64::from(cents.next()? - b'0');
    if fraction.as_bytes().get(2).is_some_and(|b| *b >= b'5') {
        minor += 1;
    }
    Some(if negative { -minor } else { minor })
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

    fn price(json: &str) -> Price {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn ucents_win_over_value() {
        let p = price(
            r#"{"currencyCode":"EUR","text":"12.99 €","value":12.99,"priceInUcents":1299000000}"#,
        );
        assert_eq!(Money::from_price(&p), Some(Money::new(1299, "EUR")));
    }

    #[test]
    fn value_is_read_as_decimal_text() {
        let p = price(r#"{"currencyCode":"EUR","text":"0.10 €","value":0.1}"#);
        assert_eq!(Money::from_price(&p).unwrap().minor, 10);
        let p = price(r#"{"currencyCode":"EUR","text":"1 €","value":1}"#);
        assert_eq!(Money::from_price(&p).unwrap().minor, 100);
        // 0.1 + 0.2 as floats is 0.30000000000000004; as minor units it is exact.
        let a = Money::from_price(&price(r#"{"currencyCode":"EUR","value":0.1}"#)).unwrap();
        let b = Money::from_price(&price(r#"{"currencyCode":"EUR","value":0.2}"#)).unwrap();
        assert_eq!(a.checked_add(&b), Some(Money::new(30, "EUR")));
    }

    #[test]
    fn decimal_parsing_rounds_half_away_from_zero() {
        assert_eq!(parse_decimal_minor("12.5"), Some(1250));
        assert_eq!(parse_decimal_minor("0.005"), Some(1));
        assert_eq!(parse_decimal_minor("0.004"), Some(0));
        assert_eq!(parse_decimal_minor("-3"), Some(-300));
        assert_eq!(parse_decimal_minor("1e3"), None);
        assert_eq!(parse_decimal_minor("abc"), None);
        assert_eq!(parse_decimal_minor(".5"), None);
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
