//! The services as a CSV file ("Exporter en CSV"), built in memory for a browser download.
//!
//! The file is what spreadsheet software opens without an import dialog: UTF-8 with a byte order
//! mark (so Excel reads accents, emoji and CJK as UTF-8), CRLF line endings and every field quoted
//! as RFC 4180 says (a `"` inside a field is doubled). `;` is the separator French and Italian
//! Excel expect; `,` is the RFC's.
//!
//! **Formula injection** (OWASP "CSV Injection"): a cell that begins with `=`, `+`, `-`, `@`, TAB
//! or CR may be run as a formula by Excel, LibreOffice or Google Sheets (also after blanks, and
//! in their full-width forms `＝＋－＠`; a leading control character such as LF or NUL too). Service names are chosen
//! by customers (and by whoever had access to the account), so every such cell gets a leading `'`
//! inside its quotes, as OWASP recommends: spreadsheets then show the text as typed, after a
//! quote. The rule is applied to every cell, without guessing what is "really" a number: a name
//! such as `-5` or `+33 1 23 45 67 89` is exported as `'-5` / `'+33 1 …` too. No cell this module
//! writes itself (dates, labels from the UI) starts with one of those characters in practice.
//!
//! Speed: one `String` sized up front, labels of the enum columns computed once per distinct value
//! (the UI's label functions allocate), dates and quoting written in place: 50,000 rows take a few
//! tens of milliseconds natively (`cargo run --release --example export_bench`).

use chrono::{Datelike, NaiveDate};

use super::values::ResourceState;

use super::format;
use super::locale::Locale;
use super::services::{RenewalStatus, ServiceRow, ServiceType};

/// The MIME type of the file (for the download's `Blob`).
pub const CSV_MIME: &str = "text/csv;charset=utf-8";

/// The column titles, in the user's language, in file order.
#[derive(Debug, Clone, Copy)]
pub struct CsvHeaders<'a> {
    pub name: &'a str,
    /// The internal reference (`resource.name`).
    pub reference: &'a str,
    pub kind: &'a str,
    pub state: &'a str,
    /// The renewal column (the status the table shows: automatic, manual, bill to pay, …).
    pub renewal: &'a str,
    pub frequency: &'a str,
    pub expiration: &'a str,
    pub next_renewal: &'a str,
    pub termination: &'a str,
}

/// What the UI supplies: column titles and the labels of the enum cells. The label functions are
/// the UI's translations (`i18n::Messages` fields fit as they are: `&m.service_type`); each is
/// called once per distinct value, not once per row.
#[derive(Clone, Copy)]
pub struct CsvLabels<'a> {
    pub headers: CsvHeaders<'a>,
    pub service_type: &'a dyn Fn(&ServiceType) -> String,
    pub state: &'a dyn Fn(&ResourceState) -> String,
    pub renewal: &'a dyn Fn(&RenewalStatus) -> String,
    /// The frequency cell from the period in months ("Every 12 months"); empty when none.
    pub frequency: &'a dyn Fn(u32) -> String,
}

/// The field separator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    /// `;`: what Excel expects in French and Italian settings (and the provider's own export).
    #[default]
    Semicolon,
    /// `,`: RFC 4180's, and English settings'.
    Comma,
}

impl Separator {
    pub fn as_char(self) -> char {
        match self {
            Separator::Semicolon => ';',
            Separator::Comma => ',',
        }
    }
}

/// How dates are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// As the table shows them (`5 déc. 2026`).
    Locale(Locale),
    /// `2026-12-05`: sorts as text and every spreadsheet reads it as a date.
    Iso,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    pub separator: Separator,
    pub dates: DateStyle,
}

impl CsvOptions {
    /// The usual choice for a locale: `,` with English, `;` otherwise; dates as the table shows.
    pub fn for_locale(locale: Locale) -> CsvOptions {
        CsvOptions {
            separator: match locale {
                Locale::En => Separator::Comma,
                Locale::Fr | Locale::It => Separator::Semicolon,
            },
            dates: DateStyle::Locale(locale),
        }
    }
}

/// The date of the next automatic renewal: the expiry of a service that renews automatically and
/// is not ended, unpaid or being terminated (what the API sends as `billing.nextBillingDate`,
/// which the row does not carry). A manual service has none: it must be renewed by hand before
/// its expiry.
pub fn next_renewal_date(row: &ServiceRow) -> Option<NaiveDate> {
    match row.status {
        RenewalStatus::Automatic => row.expiration,
        _ => None,
    }
}

/// The date a service ends: the termination date when the API gives one, else the expiry of a
/// service whose termination at expiry is requested.
pub fn termination_date(row: &ServiceRow) -> Option<NaiveDate> {
    match (row.termination, &row.status) {
        (Some(date), _) => Some(date),
        (None, RenewalStatus::TerminationRequested) => row.expiration,
        _ => None,
    }
}

/// `services-2026-11-23.csv` (the day of the export, in the user's calendar).
pub fn csv_file_name(today: NaiveDate) -> String {
    let mut name = String::from("services-");
    push_iso_date(&mut name, today, true);
    name.push_str(".csv");
    name
}

/// The CSV file of `rows`, in the order given: a BOM, the header line, one line per row, each
/// line ending with CRLF. An empty selection gives the header line alone.
pub fn services_csv<'r>(
    rows: impl IntoIterator<Item = &'r ServiceRow>,
    labels: &CsvLabels<'_>,
    options: CsvOptions,
) -> String {
    let rows = rows.into_iter();
    // ~180 bytes a row in practice; a low guess only costs a few doublings.
    let mut out = String::with_capacity(512 + rows.size_hint().0 * 192);
    let sep = options.separator.as_char();
    out.push('\u{feff}');
    let h = &labels.headers;
    let header = [
        h.name,
        h.reference,
        h.kind,
        h.state,
        h.renewal,
        h.frequency,
        h.expiration,
        h.next_renewal,
        h.termination,
    ];
    for (i, title) in header.into_iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        push_field(&mut out, title);
    }
    out.push_str("\r\n");

    let mut kinds = Memo::default();
    let mut states = Memo::default();
    let mut renewals = Memo::default();
    let mut frequencies = Memo::default();
    for row in rows {
        push_field(&mut out, &row.display_name);
        out.push(sep);
        push_field(&mut out, &row.reference);
        out.push(sep);
        push_field(&mut out, kinds.get(&row.kind, labels.service_type));
        out.push(sep);
        push_field(&mut out, states.get(&row.state, labels.state));
        out.push(sep);
        push_field(&mut out, renewals.get(&row.status, labels.renewal));
        out.push(sep);
        match row.period_months {
            Some(months) => push_field(
                &mut out,
                frequencies.get(&months, &|m: &u32| (labels.frequency)(*m)),
            ),
            None => out.push_str("\"\""),
        }
        for date in [
            row.expiration,
            next_renewal_date(row),
            termination_date(row),
        ] {
            out.push(sep);
            push_date_field(&mut out, date, options.dates);
        }
        out.push_str("\r\n");
    }
    out
}

/// Labels already computed, by value: the enum columns hold a handful of distinct values. Past
/// `MEMO_SIZE` of them (many unknown API values), the last slot is reused, so a lookup stays cheap.
const MEMO_SIZE: usize = 64;

struct Memo<K> {
    entries: Vec<(K, String)>,
}

impl<K> Default for Memo<K> {
    fn default() -> Self {
        Memo {
            entries: Vec::new(),
        }
    }
}

impl<K: PartialEq + Clone> Memo<K> {
    fn get(&mut self, key: &K, label: &dyn Fn(&K) -> String) -> &str {
        let index = match self.entries.iter().position(|(k, _)| k == key) {
            Some(index) => index,
            None if self.entries.len() < MEMO_SIZE => {
                self.entries.push((key.clone(), label(key)));
                self.entries.len() - 1
            }
            None => {
                self.entries[MEMO_SIZE - 1] = (key.clone(), label(key));
                MEMO_SIZE - 1
            }
        };
        &self.entries[index].1
    }
}

/// Whether a spreadsheet may read this cell as a formula (OWASP, and what spreadsheets really
/// do): its first character is a control character (tab, CR, LF, NUL, …), or its first
/// non-blank character is `=`, `+`, `-` or `@`, ASCII or full-width (`＝＋－＠`, which some
/// spreadsheets fold to ASCII), so `  =1+1` is caught too.
pub fn is_formula_risk(value: &str) -> bool {
    let Some(first) = value.chars().next() else {
        return false;
    };
    if first.is_control() {
        return true;
    }
    value
        .chars()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠'))
}

/// Appends `value` as one quoted field: quotes doubled, a formula trigger neutralised by `'`.
fn push_field(out: &mut String, value: &str) {
    out.push('"');
    if is_formula_risk(value) {
        out.push('\'');
    }
    let mut rest = value;
    while let Some(at) = rest.find('"') {
        out.push_str(&rest[..=at]);
        out.push('"');
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

fn push_date_field(out: &mut String, date: Option<NaiveDate>, style: DateStyle) {
    out.push('"');
    if let Some(date) = date {
        match style {
            DateStyle::Iso => push_iso_date(out, date, true),
            DateStyle::Locale(locale) => format::write_date(out, date, locale),
        }
    }
    out.push('"');
}

/// Appends `YYYY-MM-DD` (`dashes`) or `YYYYMMDD`; a year beyond 9999 gets its extra digits, a
/// year before 0 a `-`.
pub(crate) fn push_iso_date(out: &mut String, date: NaiveDate, dashes: bool) {
    let year = date.year();
    if year < 0 {
        out.push('-');
    }
    let year = year.unsigned_abs();
    let width = if year > 9999 { year.ilog10() + 1 } else { 4 };
    push_digits(out, year, width);
    if dashes {
        out.push('-');
    }
    push_digits(out, date.month(), 2);
    if dashes {
        out.push('-');
    }
    push_digits(out, date.day(), 2);
}

/// Appends the last `width` decimal digits of `value`, zero-padded.
pub(crate) fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (value / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_and_neutralised() {
        let mut out = String::new();
        push_field(&mut out, r#"a "b" c"#);
        assert_eq!(out, r#""a ""b"" c""#);
        out.clear();
        push_field(&mut out, "=1+1");
        assert_eq!(out, r#""'=1+1""#);
        out.clear();
        push_field(&mut out, "\"=x");
        assert_eq!(out, r#""""=x""#, "a leading quote is not a trigger");
    }

    #[test]
    fn the_memo_stays_small_with_many_distinct_values() {
        let mut memo = Memo::default();
        for i in 0..200u32 {
            assert_eq!(memo.get(&i, &|k: &u32| k.to_string()), i.to_string());
        }
        assert_eq!(memo.entries.len(), MEMO_SIZE);
        assert_eq!(memo.get(&3, &|_: &u32| "cached?".into()), "3");
    }

    #[test]
    fn iso_dates() {
        let mut out = String::new();
        push_iso_date(&mut out, NaiveDate::from_ymd_opt(987, 3, 4).unwrap(), true);
        push_iso_date(
            &mut out,
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            false,
        );
        assert_eq!(out, "0987-03-0420261231");
    }
}
