//! Times the CSV and iCalendar exports of 50,000 services (native; the wasm build is slower by a
//! small factor). Run: `cargo run --release --example export_bench [N]`.

use std::time::Instant;

#[path = "support/rows.rs"]
mod rows;

use billing_console::domain::calendar::{
    services_ics, CalendarEvent, CalendarLabels, CalendarOptions, EventKind,
};
use billing_console::domain::export::{services_csv, CsvOptions};
use billing_console::domain::Locale;
use billing_console::i18n::tools_messages;
use chrono::{DateTime, Utc};

fn summary(e: &CalendarEvent<'_>) -> String {
    match e.kind {
        EventKind::Renewal => format!("Renouvellement de {}", e.row.display_name),
        EventKind::Expiry => format!("Expiration de {}", e.row.display_name),
        EventKind::Termination => format!("Fin de {}", e.row.display_name),
    }
}

fn description(e: &CalendarEvent<'_>) -> String {
    format!("Référence : {}", e.row.reference)
}

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let rows = rows::rows(n);
    let m = tools_messages(Locale::Fr);
    let labels = m.csv_labels();

    for _ in 0..3 {
        let start = Instant::now();
        let csv = services_csv(&rows, &labels, CsvOptions::for_locale(Locale::Fr));
        let csv_time = start.elapsed();

        let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-11-23T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let options = CalendarOptions::new(now, now.date_naive());
        let calendar_labels = CalendarLabels {
            calendar_name: "Mes services",
            summary: &summary,
            description: &description,
        };
        let start = Instant::now();
        let ics = services_ics(&rows, &calendar_labels, &options);
        let ics_time = start.elapsed();

        println!(
            "{n} services: CSV {:.1} ms ({:.1} MB), ICS {:.1} ms ({:.1} MB, {} events)",
            csv_time.as_secs_f64() * 1e3,
            csv.len() as f64 / 1e6,
            ics_time.as_secs_f64() * 1e3,
            ics.len() as f64 / 1e6,
            ics.matches("BEGIN:VEVENT").count(),
        );
    }
}
