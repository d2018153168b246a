//! The rows the examples time: a big account built from the test fixture. Included by each
//! example with `#[path = "support/rows.rs"] mod rows;`.

use billing_console::api::models::{RenewMode, Service};
use billing_console::domain::services::{RenewalStatus, ServiceRow, ServiceType};
use chrono::{Duration, NaiveDate};

/// `n` rows built from the test fixture, varied the way a big account varies.
pub fn rows(n: usize) -> Vec<ServiceRow> {
    let service: Service =
        serde_json::from_str(include_str!("../../tests/fixtures/service_domain.json")).unwrap();
    let base = ServiceRow::from(&service);
    let kinds = [
        ServiceType::Domain,
        ServiceType::WebHosting,
        ServiceType::Vps,
        ServiceType::DedicatedServer,
        ServiceType::PublicCloud,
        ServiceType::DnsZone,
    ];
    let first = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    (0..n)
        .map(|i| {
            let mut row = base.clone();
            row.id = 1_000_000 + i as u64;
            row.display_name = match i % 4 {
                0 => format!("Pâtisserie Lefèvre n°{i}"),
                1 => format!("client-{i}.example.com"),
                2 => format!("=\"Smith, Jones; {i}\""),
                _ => format!("東京 サーバー {i} 🎉"),
            }
            .into();
            row.reference = format!("ns{i}.ip-51-91-0.eu").into();
            row.kind = kinds[i % kinds.len()].clone();
            row.expiration = Some(first + Duration::days((i % 730) as i64));
            if i % 3 == 0 {
                row.renew_mode = Some(RenewMode::Manual);
                row.status = RenewalStatus::Manual;
                row.period_months = None;
            } else {
                row.period_months = Some([1, 3, 6, 12][i % 4]);
            }
            row
        })
        .collect()
}
