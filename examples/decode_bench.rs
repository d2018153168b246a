//! Decoding speed of a page of services: the tolerant decoder (path tracking, repair on failure)
//! against plain serde on the same text. `cargo run --release --example decode_bench`.

use billing_console::api::models::Service;
use billing_console::api::pagination::decode_page;

const SERVICE: &str = r#"{"serviceId": ID, "resource": {"name": "example-ID.com", "displayName": "Shop ID", "state": "active",
  "product": {"name": "domain", "description": "Domain"}},
  "route": {"path": "/domain/{serviceName}", "url": "/domain/example-ID.com", "vars": [{"key": "serviceName", "value": "example-ID.com"}]},
  "billing": {"expirationDate": "2027-01-31", "nextBillingDate": "2027-01-31",
    "plan": {"code": "domain", "invoiceName": "Domain"},
    "pricing": {"price": {"currencyCode": "EUR", "text": "9.99 €", "value": 9.99}, "duration": "P1Y", "interval": 1},
    "lifecycle": {"current": {"state": "active", "pendingActions": []}, "capacities": {"actions": ["terminate"]}},
    "renew": {"current": {"mode": "automatic", "period": "P1Y", "nextDate": "2027-01-31"}, "capacities": {"mode": ["automatic", "manual"]}}},
  "customer": {"contacts": [{"type": "billing", "customerCode": "xx1-ovh"}]}}"#;

fn main() {
    let n = 50_000;
    let page = format!(
        "[{}]",
        (0..n)
            .map(|i| SERVICE.replace("ID", &i.to_string()))
            .collect::<Vec<_>>()
            .join(",")
    );
    let best = |f: &dyn Fn() -> usize| {
        (0..5)
            .map(|_| {
                let t = std::time::Instant::now();
                assert_eq!(f(), n);
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let plain = best(&|| serde_json::from_str::<Vec<Service>>(&page).unwrap().len());
    let tolerant = best(&|| decode_page::<Service>(&page).unwrap().items.len());
    println!(
        "{n} services, {} MB: plain serde {plain:?}, tolerant page decoder {tolerant:?} ({:.2}x)",
        page.len() / 1_000_000,
        tolerant.as_secs_f64() / plain.as_secs_f64()
    );
}
