//! Exports of the services: the CSV file (quoting, BOM, CRLF, formula injection, separators,
//! dates) and the iCalendar file of upcoming renewals (structure, escaping, folding at 75 octets).

use std::cell::Cell;

use billing_console::api::models::{LifecycleState, RenewMode, ResourceState, Service};
use billing_console::domain::calendar::{
    escape_text, event_of, event_uid, ics_file_name, push_folded, sequence, services_ics,
    upcoming_events, CalendarEvent, CalendarLabels, CalendarOptions, EventKind,
};
use billing_console::domain::export::{
    csv_file_name, next_renewal_date, services_csv, termination_date, CsvHeaders, CsvLabels,
    CsvOptions, DateStyle, Separator,
};
use billing_console::domain::services::{RenewalStatus, ServiceRow, ServiceType};
use billing_console::domain::Locale;
use chrono::{DateTime, NaiveDate, Utc};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The fixture domain: "Pâtisserie Lefèvre", automatic every 12 months, expiring 2026-12-31.
fn domain() -> ServiceRow {
    let service: Service =
        serde_json::from_str(include_str!("fixtures/service_domain.json")).unwrap();
    ServiceRow::from(&service)
}

fn named(id: u64, name: &str) -> ServiceRow {
    let mut row = domain();
    row.id = id;
    row.display_name = name.into();
    row.reference = format!("ref-{id}").into();
    row
}

fn manual(mut row: ServiceRow) -> ServiceRow {
    row.renew_mode = Some(RenewMode::Manual);
    row.status = RenewalStatus::Manual;
    row.period_months = None;
    row
}

// ---------------------------------------------------------------------------------------------
// CSV

const HEADERS: CsvHeaders<'static> = CsvHeaders {
    name: "Name",
    reference: "Reference",
    kind: "Type",
    state: "State",
    renewal: "Renewal",
    frequency: "Frequency",
    expiration: "Expiry",
    next_renewal: "Next renewal",
    termination: "Termination",
};

fn kind_label(kind: &ServiceType) -> String {
    match kind {
        ServiceType::Domain => "Domain name".into(),
        other => format!("{other:?}"),
    }
}
fn state_label(state: &ResourceState) -> String {
    match state {
        ResourceState::Active => "Active".into(),
        other => other.as_wire().to_string(),
    }
}
fn renewal_label(status: &RenewalStatus) -> String {
    match status {
        RenewalStatus::Automatic => "Automatic renewal".into(),
        RenewalStatus::Manual => "Manual renewal".into(),
        other => format!("{other:?}"),
    }
}
fn frequency_label(months: u32) -> String {
    format!("Every {months} months")
}

fn labels() -> CsvLabels<'static> {
    CsvLabels {
        headers: HEADERS,
        service_type: &kind_label,
        state: &state_label,
        renewal: &renewal_label,
        frequency: &frequency_label,
    }
}

fn iso(separator: Separator) -> CsvOptions {
    CsvOptions {
        separator,
        dates: DateStyle::Iso,
    }
}

/// A strict RFC 4180 reader for quoted fields: the file's records, BOM checked and removed.
fn parse(csv: &str, sep: char) -> Vec<Vec<String>> {
    let body = csv.strip_prefix('\u{feff}').expect("a BOM");
    let mut records = Vec::new();
    let mut chars = body.chars().peekable();
    while chars.peek().is_some() {
        let mut record = Vec::new();
        loop {
            assert_eq!(chars.next(), Some('"'), "every field is quoted");
            let mut field = String::new();
            loop {
                match chars.next().expect("a closing quote") {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => break,
                    c => field.push(c),
                }
            }
            record.push(field);
            match chars.next() {
                Some(c) if c == sep => continue,
                Some('\r') => {
                    assert_eq!(chars.next(), Some('\n'), "CRLF");
                    break;
                }
                other => panic!("unexpected {other:?} after a field"),
            }
        }
        records.push(record);
    }
    records
}

#[test]
fn an_empty_selection_is_the_header_line_alone() {
    let csv = services_csv([], &labels(), iso(Separator::Semicolon));
    assert_eq!(
        csv,
        "\u{feff}\"Name\";\"Reference\";\"Type\";\"State\";\"Renewal\";\"Frequency\";\
         \"Expiry\";\"Next renewal\";\"Termination\"\r\n"
    );
}

#[test]
fn the_file_starts_with_a_utf8_bom_and_ends_lines_with_crlf() {
    let rows = [domain(), named(2, "b")];
    let csv = services_csv(&rows, &labels(), iso(Separator::Comma));
    assert_eq!(&csv.as_bytes()[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(csv.ends_with("\r\n"));
    assert_eq!(csv.matches("\r\n").count(), 3);
    assert_eq!(csv.matches('\n').count(), 3, "no bare LF");
}

#[test]
fn a_row_has_every_column() {
    let csv = services_csv([&domain()], &labels(), iso(Separator::Semicolon));
    let records = parse(&csv, ';');
    assert_eq!(records.len(), 2);
    assert_eq!(
        records[1],
        vec![
            "Pâtisserie Lefèvre",
            "patisserie-lefevre.fr",
            "Domain name",
            "Active",
            "Automatic renewal",
            "Every 12 months",
            "2026-12-31",
            "2026-12-31",
            "",
        ]
    );
}

#[test]
fn separators_quotes_and_newlines_inside_fields_are_quoted() {
    let tricky = [
        "a;b",
        "a,b",
        r#"say "hi""#,
        "\"",
        "line 1\nline 2",
        "line 1\r\nline 2",
        "",
    ];
    for separator in [Separator::Semicolon, Separator::Comma] {
        let rows: Vec<ServiceRow> = tricky
            .iter()
            .enumerate()
            .map(|(i, name)| named(i as u64, name))
            .collect();
        let csv = services_csv(&rows, &labels(), iso(separator));
        let records = parse(&csv, separator.as_char());
        assert_eq!(records.len(), tricky.len() + 1);
        for (record, name) in records[1..].iter().zip(tricky) {
            assert_eq!(record.len(), 9);
            assert_eq!(record[0], name, "{separator:?}");
        }
    }
    let csv = services_csv([&named(1, r#"say "hi""#)], &labels(), iso(Separator::Comma));
    assert!(csv.contains(r#""say ""hi""","ref-1","#), "{csv}");
}

#[test]
fn both_separators() {
    let row = domain();
    let semi = services_csv([&row], &labels(), iso(Separator::Semicolon));
    let comma = services_csv([&row], &labels(), iso(Separator::Comma));
    assert!(semi.contains("\"Name\";\"Reference\";"));
    assert!(comma.contains("\"Name\",\"Reference\","));
    assert_eq!(parse(&semi, ';'), parse(&comma, ','));
    assert_eq!(
        CsvOptions::for_locale(Locale::En).separator,
        Separator::Comma
    );
    assert_eq!(
        CsvOptions::for_locale(Locale::Fr).separator,
        Separator::Semicolon
    );
    assert_eq!(Separator::default(), Separator::Semicolon);
}

#[test]
fn every_formula_trigger_is_neutralised_with_a_quote() {
    for name in [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1+1",
        "-1+1",
        "@SUM(A1)",
        "\tcmd",
        "\rcmd",
        // A negative number is neutralised too: a name is text, never guessed to be a number.
        "-5",
        "+33 1 23 45 67 89",
        // Blanks before the trigger, full-width triggers, leading control characters.
        " =1+1",
        "   @SUM(A1)",
        "\u{a0}=1+1",
        "＝1+1",
        "＋1",
        "－1",
        "＠SUM(A1)",
        " ＝1",
        "\ncmd",
        "\0=1+1",
        "\u{1b}x",
    ] {
        let csv = services_csv([&named(1, name)], &labels(), iso(Separator::Semicolon));
        let records = parse(&csv, ';');
        assert_eq!(records[1][0], format!("'{name}"), "{name:?}");
    }
    // The reference column too.
    let mut row = named(1, "ok");
    row.reference = "=cmd|' /C calc'!A0".into();
    let csv = services_csv([&row], &labels(), iso(Separator::Semicolon));
    assert_eq!(parse(&csv, ';')[1][1], "'=cmd|' /C calc'!A0");
    assert!(csv.contains("\"'=cmd|' /C calc'!A0\""));
}

#[test]
fn cells_that_do_not_start_with_a_trigger_are_left_alone() {
    for name in ["a=b", "5-3", "'=x", "\"=x", "€5", "—", "  a=1", "x＝1"] {
        let csv = services_csv([&named(1, name)], &labels(), iso(Separator::Comma));
        assert_eq!(parse(&csv, ',')[1][0], name, "{name:?}");
    }
}

proptest::proptest! {
    /// Whatever a name holds, its cell never starts (after blanks) with a formula trigger once
    /// exported, and reads back as the name behind at most one added quote.
    #[test]
    fn no_exported_cell_can_start_a_formula(name in "[ \t\r\n\u{a0}\u{3000}=+\\-@＝＋－＠a-z0-9\"';,]{0,12}") {
        let csv = services_csv([&named(1, &name)], &labels(), iso(Separator::Semicolon));
        let cell = parse(&csv, ';')[1][0].clone();
        let risky = billing_console::domain::export::is_formula_risk(&name);
        let expected = if risky { format!("'{name}") } else { name.clone() };
        proptest::prop_assert_eq!(&cell, &expected);
        proptest::prop_assert!(!billing_console::domain::export::is_formula_risk(&cell), "{:?}", cell);
        let first = cell.chars().next();
        proptest::prop_assert!(first.is_none_or(|c| !c.is_control()), "{:?}", cell);
    }
}

#[test]
fn labels_from_the_ui_are_neutralised_too() {
    fn dash(_: &ServiceType) -> String {
        "-".into()
    }
    let mut l = labels();
    l.service_type = &dash;
    let csv = services_csv([&domain()], &l, iso(Separator::Comma));
    assert_eq!(parse(&csv, ',')[1][2], "'-");
}

#[test]
fn unicode_is_preserved() {
    let names = [
        "Pâtisserie Lefèvre — Crème brûlée",
        "Café ☕ 🎉👨‍👩‍👧",
        "東京サーバー",
        "Ελληνικά",
    ];
    let rows: Vec<ServiceRow> = names
        .iter()
        .enumerate()
        .map(|(i, n)| named(i as u64, n))
        .collect();
    let csv = services_csv(&rows, &labels(), iso(Separator::Semicolon));
    let records = parse(&csv, ';');
    for (record, name) in records[1..].iter().zip(names) {
        assert_eq!(record[0], name);
    }
}

#[test]
fn dates_in_iso_or_as_the_locale_writes_them() {
    let row = domain();
    let dates = |style| {
        let csv = services_csv(
            [&row],
            &labels(),
            CsvOptions {
                separator: Separator::Semicolon,
                dates: style,
            },
        );
        parse(&csv, ';')[1][6..].to_vec()
    };
    assert_eq!(dates(DateStyle::Iso), ["2026-12-31", "2026-12-31", ""]);
    assert_eq!(
        dates(DateStyle::Locale(Locale::Fr)),
        ["31 déc. 2026", "31 déc. 2026", ""]
    );
    assert_eq!(
        dates(DateStyle::Locale(Locale::En)),
        ["31 Dec 2026", "31 Dec 2026", ""]
    );
    assert_eq!(
        dates(DateStyle::Locale(Locale::It)),
        ["31 dic 2026", "31 dic 2026", ""]
    );
}

#[test]
fn next_renewal_and_termination_columns_follow_the_status() {
    let auto = domain();
    assert_eq!(next_renewal_date(&auto), Some(d(2026, 12, 31)));
    assert_eq!(termination_date(&auto), None);

    let man = manual(domain());
    assert_eq!(next_renewal_date(&man), None, "renewed by hand");

    let mut ending = domain();
    ending.status = RenewalStatus::TerminationRequested;
    assert_eq!(next_renewal_date(&ending), None);
    assert_eq!(termination_date(&ending), Some(d(2026, 12, 31)));
    ending.termination = Some(d(2026, 12, 30));
    assert_eq!(termination_date(&ending), Some(d(2026, 12, 30)));

    let mut unpaid = domain();
    unpaid.status = RenewalStatus::BillToPay;
    assert_eq!(next_renewal_date(&unpaid), None);

    let csv = services_csv([&man, &ending], &labels(), iso(Separator::Comma));
    let records = parse(&csv, ',');
    assert_eq!(
        records[1][4..],
        ["Manual renewal", "", "2026-12-31", "", ""]
    );
    assert_eq!(records[2][6..], ["2026-12-31", "", "2026-12-30"]);
}

#[test]
fn a_row_without_dates_or_period_has_empty_cells() {
    let mut row = manual(domain());
    row.expiration = None;
    let csv = services_csv([&row], &labels(), iso(Separator::Comma));
    assert!(csv.ends_with(",\"\",\"\",\"\",\"\"\r\n"), "{csv}");
}

#[test]
fn each_label_is_computed_once_per_distinct_value() {
    let calls = Cell::new(0);
    let counting = |kind: &ServiceType| {
        calls.set(calls.get() + 1);
        kind_label(kind)
    };
    let mut l = labels();
    l.service_type = &counting;
    let mut rows: Vec<ServiceRow> = (0..1000).map(|i| named(i, "x")).collect();
    rows[500].kind = ServiceType::Vps;
    rows[501].kind = ServiceType::Other("/storage/netapp".into());
    let csv = services_csv(&rows, &l, iso(Separator::Comma));
    assert_eq!(calls.get(), 3);
    let records = parse(&csv, ',');
    assert_eq!(records.len(), 1001);
    assert_eq!(records[501][2], "Vps");
    assert_eq!(records[502][2], "Other(\"/storage/netapp\")");
    assert_eq!(records[503][2], "Domain name");
}

#[test]
fn the_ui_messages_fit_the_labels_as_they_are() {
    let m = billing_console::i18n::tools_messages(Locale::Fr);
    let labels = m.csv_labels();
    let csv = services_csv([&domain()], &labels, CsvOptions::for_locale(Locale::Fr));
    let records = parse(&csv, ';');
    assert_eq!(records[1][4], "Renouvellement automatique");
    assert_eq!(records[1][6], "31 déc. 2026");
}

#[test]
fn file_names() {
    assert_eq!(csv_file_name(d(2026, 11, 3)), "services-2026-11-03.csv");
    assert_eq!(ics_file_name(d(2026, 11, 3)), "services-2026-11-03.ics");
}

// ---------------------------------------------------------------------------------------------
// iCalendar

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-23T12:34:56Z")
        .unwrap()
        .with_timezone(&Utc)
}

fn options() -> CalendarOptions {
    CalendarOptions::new(now(), d(2026, 11, 23))
}

fn summary(e: &CalendarEvent<'_>) -> String {
    let what = match e.kind {
        EventKind::Renewal => "Renewal",
        EventKind::Expiry => "Expiry",
        EventKind::Termination => "End",
    };
    format!("{what}: {}", e.row.display_name)
}

fn description(e: &CalendarEvent<'_>) -> String {
    format!("Reference: {}\nType: {:?}", e.row.reference, e.row.kind)
}

fn ics_labels() -> CalendarLabels<'static> {
    CalendarLabels {
        calendar_name: "My services",
        summary: &summary,
        description: &description,
    }
}

/// The logical content lines (folding undone), after checking the physical ones.
fn content_lines(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"));
    let physical: Vec<&str> = ics[..ics.len() - 2].split("\r\n").collect();
    for line in &physical {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
    let mut logical: Vec<String> = Vec::new();
    for line in physical {
        match line.strip_prefix(' ') {
            Some(rest) => logical.last_mut().unwrap().push_str(rest),
            None => logical.push(line.to_string()),
        }
    }
    logical
}

#[test]
fn a_calendar_with_one_all_day_event_and_its_reminder() {
    let ics = services_ics([&domain()], &ics_labels(), &options());
    assert_eq!(
        content_lines(&ics),
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//billing-console//Services calendar//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:My services",
            "BEGIN:VEVENT",
            "UID:1000002@billing-console",
            "DTSTAMP:20261123T123456Z",
            "SEQUENCE:217600496",
            "DTSTART;VALUE=DATE:20261231",
            "DTEND;VALUE=DATE:20270101",
            "SUMMARY:Renewal: Pâtisserie Lefèvre",
            "DESCRIPTION:Reference: patisserie-lefevre.fr\\nType: Domain",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-P7D",
            "DESCRIPTION:Renewal: Pâtisserie Lefèvre",
            "END:VALARM",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
    );
}

#[test]
fn an_empty_calendar_is_still_valid() {
    let ics = services_ics([], &ics_labels(), &options());
    let lines = content_lines(&ics);
    assert_eq!(lines.first().unwrap(), "BEGIN:VCALENDAR");
    assert_eq!(lines.last().unwrap(), "END:VCALENDAR");
    assert!(!ics.contains("VEVENT"));
}

#[test]
fn no_reminder_when_none_is_asked() {
    let mut o = options();
    o.reminder_days = None;
    let ics = services_ics([&domain()], &ics_labels(), &o);
    assert!(!ics.contains("VALARM"));
    o.reminder_days = Some(30);
    let ics = services_ics([&domain()], &ics_labels(), &o);
    assert!(ics.contains("\r\nTRIGGER:-P30D\r\n"));
}

#[test]
fn services_without_an_upcoming_date_or_ended_are_left_out() {
    let today_row = {
        let mut r = named(1, "today");
        r.expiration = Some(d(2026, 11, 23));
        r
    };
    let past = {
        let mut r = named(2, "past");
        r.expiration = Some(d(2026, 11, 22));
        r
    };
    let no_date = {
        let mut r = named(3, "no date");
        r.expiration = None;
        r
    };
    let terminated = {
        let mut r = named(4, "terminated");
        r.status = RenewalStatus::Terminated;
        r.lifecycle = Some(LifecycleState::Terminated);
        r
    };
    let deleting = {
        let mut r = named(5, "deleting");
        r.state = ResourceState::ToDelete;
        r
    };
    let man = manual(named(6, "manual"));
    let ending = {
        let mut r = named(7, "ending");
        r.status = RenewalStatus::TerminationRequested;
        r.termination = Some(d(2026, 12, 30));
        r
    };
    let rows = [today_row, past, no_date, terminated, deleting, man, ending];
    let events = upcoming_events(&rows, d(2026, 11, 23));
    let got: Vec<(u64, EventKind, NaiveDate)> =
        events.iter().map(|e| (e.row.id, e.kind, e.date)).collect();
    assert_eq!(
        got,
        [
            (1, EventKind::Renewal, d(2026, 11, 23)),
            (6, EventKind::Expiry, d(2026, 12, 31)),
            (7, EventKind::Termination, d(2026, 12, 30)),
        ]
    );
    assert_eq!(event_of(&rows[3]), None);
    let ics = services_ics(&rows, &ics_labels(), &options());
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert!(ics.contains("UID:7@billing-console"));
    assert!(ics.contains("SUMMARY:End: ending"));
    assert!(ics.contains("SUMMARY:Expiry: manual"));
}

#[test]
fn a_moved_date_updates_the_services_event_in_a_later_file() {
    assert_eq!(event_uid(1000002), "1000002@billing-console");
    let a = services_ics([&domain()], &ics_labels(), &options());
    let b = services_ics([&domain()], &ics_labels(), &options());
    assert_eq!(a, b, "the same file for the same data and clock");
    // Renewed early, a day later: the date moved; the same UID, a higher SEQUENCE.
    let mut moved = domain();
    moved.expiration = Some(d(2027, 12, 31));
    let later = CalendarOptions {
        now: options().now + chrono::Duration::days(1),
        ..options()
    };
    let c = services_ics([&moved], &ics_labels(), &later);
    let field = |ics: &str, name: &str| -> String {
        ics.split("\r\n")
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(field(&a, "UID:"), field(&c, "UID:"));
    assert_eq!(field(&c, "DTSTART;VALUE=DATE:"), "20271231");
    let (sa, sc): (u64, u64) = (
        field(&a, "SEQUENCE:").parse().unwrap(),
        field(&c, "SEQUENCE:").parse().unwrap(),
    );
    assert_eq!(sc - sa, 24 * 3600);
    assert_eq!(sequence(later.now), sc);
    // Before 2020 (a clock far off): 0, never a negative number; never past an INTEGER.
    assert_eq!(sequence(chrono::DateTime::from_timestamp(0, 0).unwrap()), 0);
    let far = chrono::DateTime::from_timestamp(4_000_000_000, 0).unwrap();
    assert_eq!(sequence(far), 2_147_483_647);
}

#[test]
fn text_values_are_escaped() {
    let mut out = String::new();
    escape_text(&mut out, "a\\b;c,d\ne\r\nf\rg\u{7}h\ti: j");
    assert_eq!(out, "a\\\\b\\;c\\,d\\ne\\nf\\ngh\ti: j");

    let row = named(9, "Smith, Jones; \"Partners\"\\Co\nNew line");
    let ics = services_ics([&row], &ics_labels(), &options());
    let lines = content_lines(&ics);
    assert!(lines
        .contains(&"SUMMARY:Renewal: Smith\\, Jones\\; \"Partners\"\\\\Co\\nNew line".to_string()));
}

#[test]
fn ascii_lines_fold_at_exactly_75_octets() {
    let mut out = String::new();
    let line = format!("SUMMARY:{}", "x".repeat(200));
    push_folded(&mut out, &line);
    let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(physical[0].len(), 75);
    assert_eq!(physical[1].len(), 75);
    assert!(physical[1].starts_with(' '));
    assert_eq!(physical.iter().map(|l| l.len()).sum::<usize>(), 208 + 2);
    let short = {
        let mut o = String::new();
        push_folded(&mut o, &"y".repeat(75));
        o
    };
    assert_eq!(short, format!("{}\r\n", "y".repeat(75)), "75 octets fit");
}

#[test]
fn folding_never_splits_a_multibyte_character() {
    // "SUMMARY:" is 8 octets; "é" is 2: 33 of them make 74 octets, a 34th would make 76.
    let mut out = String::new();
    push_folded(&mut out, &format!("SUMMARY:{}", "é".repeat(60)));
    let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
    assert_eq!(physical[0].len(), 74);
    assert_eq!(physical[1], format!(" {}", "é".repeat(27)));

    for filler in ["€", "東", "🎉", "a🎉", "ab🎉"] {
        let value = filler.repeat(80);
        let mut out = String::new();
        push_folded(&mut out, &format!("SUMMARY:{value}"));
        let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        let mut unfolded = String::new();
        for (i, line) in physical.iter().enumerate() {
            assert!(line.len() <= 75, "{filler}: {} octets", line.len());
            // Each line is as long as it can be without cutting a character.
            if i + 1 < physical.len() {
                let next = physical[i + 1][1..].chars().next().unwrap();
                assert!(
                    line.len() + next.len_utf8() > 75,
                    "{filler}: line {i} too short"
                );
            }
            unfolded.push_str(if i == 0 { line } else { &line[1..] });
        }
        assert_eq!(unfolded, format!("SUMMARY:{value}"));
    }

    let row = named(1, &"Pâtisserie 東京 🎉 ".repeat(10));
    let ics = services_ics([&row], &ics_labels(), &options());
    let lines = content_lines(&ics);
    assert!(lines.contains(&format!(
        "SUMMARY:Renewal: {}",
        "Pâtisserie 東京 🎉 ".repeat(10)
    )));
}

#[test]
fn every_line_ends_with_crlf() {
    let rows: Vec<ServiceRow> = (0..20).map(|i| named(i, "x\ny")).collect();
    let ics = services_ics(&rows, &ics_labels(), &options());
    assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
    assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count());
}
