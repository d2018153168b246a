//! A row read again after an action, at 50,000 services: the index built again from a copy of
//! its rows (before) against the row's keys changed in place (`ServiceIndex::replace_row`).
//! Native; the wasm build is slower by a small factor. `cargo run --release --example
//! replace_row_bench [N]`.

use std::time::Instant;

#[path = "support/rows.rs"]
mod rows;

use billing_console::api::models::RenewMode;
use billing_console::domain::query::ServiceIndex;
use billing_console::domain::services::{RenewalStatus, ServiceRow};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50_000);
    let mut index = ServiceIndex::new(rows::rows(n));
    let runs = 20;
    // One of the last rows goes manual, or automatic again.
    fn edited(index: &ServiceIndex, at: usize) -> ServiceRow {
        let mut row = index.rows[at].clone();
        let manual = row.renew_mode == Some(RenewMode::Manual);
        row.renew_mode = Some(if manual {
            RenewMode::Automatic
        } else {
            RenewMode::Manual
        });
        row.status = if manual {
            RenewalStatus::Automatic
        } else {
            RenewalStatus::Manual
        };
        row
    }
    let mut rebuilt = Vec::new();
    for k in 0..runs {
        let row = edited(&index, n - 1 - k % 7);
        let start = Instant::now();
        let mut copy = index.rows.clone();
        if let Some(slot) = copy.iter_mut().find(|r| r.id == row.id) {
            *slot = row;
        }
        let next = ServiceIndex::new(copy);
        rebuilt.push(start.elapsed().as_secs_f64() * 1000.0);
        drop(next);
    }
    let mut in_place = Vec::new();
    for k in 0..runs {
        let row = edited(&index, n - 1 - k % 7);
        let start = Instant::now();
        index.replace_row(row);
        in_place.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (a, b) = (median(&mut rebuilt), median(&mut in_place));
    println!("{n} services, a row read again, median of {runs}: built again {a:.2} ms, in place {b:.3} ms ({:.0}x)", a / b);
}
