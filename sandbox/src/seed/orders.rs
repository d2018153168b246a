//! Orders, their lines, tracking and bills, and the debts of the seeded account.

use chrono::{DateTime, Duration, FixedOffset, Timelike};
use serde_json::Map;

use crate::state::ServiceRec;
use crate::util::{self, Rng};

use super::*;

pub(super) fn tax_of(cents: i64) -> i64 {
    (cents as f64 * 0.2).round() as i64
}

pub(super) fn duration_label(months: u32) -> String {
    match months {
        12 => "1 an".into(),
        m if m % 12 == 0 => format!("{} ans", m / 12),
        m => format!("{m} mois"),
    }
}

pub(super) const LABEL_TEXT: &[(&str, &str)] = &[
    ("ORDER_STARTED", "Commande créée"),
    ("ORDER_ACCEPTED", "Commande acceptée"),
    ("PAYMENT_INITIATED", "Paiement initié"),
    ("PAYMENT_RECEIVED", "Paiement reçu"),
    ("PAYMENT_CONFIRMED", "Paiement confirmé"),
    ("FRAUD_CHECK", "Vérification de la commande"),
    ("FRAUD_DOCS_REQUESTED", "Documents justificatifs demandés"),
    ("FRAUD_MANUAL_REVIEW", "Vérification manuelle en cours"),
    ("FRAUD_REFUSED", "Commande refusée"),
    ("INVOICE_IN_PROGRESS", "Facture en préparation"),
    ("INVOICE_SENT", "Facture envoyée"),
    ("DELIVERY", "Livraison"),
];

/// The tracking of an order in a given status (empty = no tracking: 404).
pub fn follow_up_for(status: &str, date: DateTime<FixedOffset>) -> Vec<FollowUp> {
    let h = |label: &str, minutes: i64| FollowUpHistory {
        date: util::fmt_dt(date + Duration::minutes(minutes)),
        label: label.into(),
        description: LABEL_TEXT
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, d)| d.to_string()),
        extra: Map::new(),
    };
    let step = |step: &str, status: &str, history: Vec<FollowUpHistory>| FollowUp {
        step: step.into(),
        status: status.into(),
        history,
        extra: Map::new(),
    };
    let started = || vec![h("ORDER_STARTED", 0), h("PAYMENT_INITIATED", 1)];
    let paid = || {
        vec![
            h("ORDER_STARTED", 0),
            h("PAYMENT_INITIATED", 1),
            h("PAYMENT_RECEIVED", 3),
        ]
    };
    match status {
        "notPaid" => vec![
            step("VALIDATING", "DOING", started()),
            step("VALIDATED", "TODO", vec![]),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "checking" => vec![
            step("VALIDATING", "DONE", paid()),
            step("VALIDATED", "DOING", vec![h("FRAUD_CHECK", 5)]),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "documentsRequested" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DOING",
                vec![h("FRAUD_CHECK", 5), h("FRAUD_DOCS_REQUESTED", 60)],
            ),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "delivering" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DONE",
                vec![h("PAYMENT_CONFIRMED", 5), h("ORDER_ACCEPTED", 6)],
            ),
            step("DELIVERING", "DOING", vec![h("DELIVERY", 10)]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "delivered" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DONE",
                vec![h("PAYMENT_CONFIRMED", 5), h("ORDER_ACCEPTED", 6)],
            ),
            step("DELIVERING", "DONE", vec![h("DELIVERY", 10)]),
            step(
                "AVAILABLE",
                "DONE",
                vec![h("INVOICE_IN_PROGRESS", 30), h("INVOICE_SENT", 120)],
            ),
        ],
        "cancelling" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "DONE",
                vec![h("PAYMENT_CONFIRMED", 5), h("ORDER_ACCEPTED", 6)],
            ),
            step("DELIVERING", "DONE", vec![h("DELIVERY", 10)]),
            step("AVAILABLE", "ERROR", vec![h("INVOICE_IN_PROGRESS", 30)]),
        ],
        "cancelled" => vec![
            step("VALIDATING", "DONE", paid()),
            step(
                "VALIDATED",
                "ERROR",
                vec![h("FRAUD_MANUAL_REVIEW", 30), h("FRAUD_REFUSED", 600)],
            ),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        "unknown" => vec![
            step("VALIDATING", "ERROR", vec![h("ORDER_STARTED", 0)]),
            step("VALIDATED", "TODO", vec![]),
            step("DELIVERING", "TODO", vec![]),
            step("AVAILABLE", "TODO", vec![]),
        ],
        _ => vec![],
    }
}

/// The orders of [`notable`] (`ORDER_*`): fixed ids, dates relative to `now`, their own RNG for
/// the passwords so the generated orders stay as they are.
pub fn notable_orders(seed: u64, now: DateTime<FixedOffset>) -> Vec<OrderRecord> {
    use notable::*;
    let now = now.with_timezone(&util::paris());
    let mut rng = Rng::new(seed ^ 0x6f72_6465_7273);
    let mut detail_id = 59_000_000u64;
    let mut line = |description: &str, kind: &str, domain: &str, quantity: u32, unit_cents: i64| {
        detail_id += 1;
        OrderDetail {
            order_detail_id: detail_id,
            description: description.into(),
            detail_type: Some(kind.into()),
            domain: domain.into(),
            quantity: quantity.to_string(),
            unit_price: Price::eur(unit_cents),
            total_price: Price::eur(unit_cents * i64::from(quantity)),
            cancelled: false,
            extra: Map::new(),
        }
    };
    let specs: Vec<(u64, &str, i64, Vec<OrderDetail>)> = vec![
        (
            ORDER_WITHDRAWAL_OPEN,
            "delivered",
            3 * 24,
            vec![
                line(
                    "Renouvellement Hébergement Perso dupont-boulangerie.fr — 1 an",
                    "RENEW",
                    "dupont-boulangerie.fr",
                    1,
                    5988,
                ),
                line(
                    "Renouvellement du nom de domaine dupont-boulangerie.fr — 1 an",
                    "RENEW",
                    "dupont-boulangerie.fr",
                    1,
                    899,
                ),
            ],
        ),
        (
            ORDER_WITHDRAWAL_CLOSED,
            "delivered",
            14 * 24 + 2,
            vec![line(
                "VPS Value 1 vCore — 1 mois",
                "DURATION",
                "vps-7b1e2d4c.vps.ovh.net",
                1,
                649,
            )],
        ),
        (
            ORDER_TOTAL_MISMATCH,
            "delivered",
            30 * 24,
            vec![
                line("Pack 100 crédits SMS", "QUANTITY", "sms-dp12345-1", 3, 700),
                line(
                    "Exchange Starter — 1 mois",
                    "DURATION",
                    "dupont-boulangerie.fr",
                    2,
                    299,
                ),
                line(
                    "Option Sauvegarde automatisée — 1 an",
                    "OPTION",
                    "vps-7b1e2d4c.vps.ovh.net",
                    1,
                    1899,
                ),
            ],
        ),
        (
            ORDER_EXPIRED_UNPAID,
            "notPaid",
            40 * 24,
            vec![line(
                "Nom de domaine boulangerie-dupont.com — 1 an",
                "CREATION",
                "boulangerie-dupont.com",
                1,
                1199,
            )],
        ),
        (
            ORDER_UNKNOWN_STATUS,
            "pendingRefund",
            6 * 24,
            vec![line(
                "Certificat SSL Sectigo DV — 1 an",
                "CREATION",
                "dupont-boulangerie.fr",
                1,
                3900,
            )],
        ),
        (
            ORDER_PARTLY_CANCELLED,
            "delivering",
            2 * 24,
            vec![
                line("Crédits SMS", "QUANTITY", "sms-dp12345-1", 100, 7),
                line(
                    "Adresse IP Failover — installation",
                    "INSTALLATION",
                    "ns3124567.ip-51-91-2.eu",
                    1,
                    300,
                ),
                line(
                    "Renouvellement du nom de domaine cafe-creme.fr — 1 an",
                    "RENEW",
                    "cafe-creme.fr",
                    1,
                    1188,
                ),
            ],
        ),
        (
            ORDER_OFFSETS,
            "delivered",
            5 * 24,
            vec![line(
                "Hébergement Pro — 1 an",
                "CREATION",
                "patisserie-lefevre.fr",
                1,
                9588,
            )],
        ),
        (
            ORDER_NULL_IN_LIST,
            "delivered",
            20 * 24,
            vec![line(
                "Renouvellement du nom de domaine martin-avocats.fr — 1 an",
                "RENEW",
                "martin-avocats.fr",
                1,
                899,
            )],
        ),
    ];
    let summer = FixedOffset::east_opt(2 * 3600).unwrap_or_else(util::paris);
    specs
        .into_iter()
        .map(|(id, status, hours_ago, mut details)| {
            let date = (now - Duration::hours(hours_ago))
                .with_second(0)
                .and_then(|d| d.with_nanosecond(0))
                .unwrap_or(now);
            let password = rng.alnum(8);
            if id == ORDER_PARTLY_CANCELLED {
                details[1].cancelled = true;
            }
            let (url, pdf) = order_urls(id, &password);
            let mut order = make_order(id, &password, date, details.clone(), url, pdf);
            if status != "notPaid" && id != ORDER_UNKNOWN_STATUS {
                order.retraction_date = Some(util::fmt_dt(date + Duration::days(14)));
            }
            let without = match id {
                ORDER_TOTAL_MISMATCH => Some(4797),
                ORDER_PARTLY_CANCELLED => Some(1888),
                _ => None,
            };
            if let Some(without) = without {
                let tax = tax_of(without);
                order.price_without_tax = Price::eur(without);
                order.tax = Price::eur(tax);
                order.price_with_tax = Price::eur(without + tax);
            }
            if id == ORDER_OFFSETS {
                order.date = Some(util::fmt_dt(date.with_timezone(&summer)));
                order.expiration_date = Some(util::fmt_dt(
                    (date + Duration::days(15)).with_timezone(&summer),
                ));
            }
            let follow_up = match id {
                ORDER_EXPIRED_UNPAID => Vec::new(),
                ORDER_UNKNOWN_STATUS => {
                    let mut steps = follow_up_for("delivered", date);
                    steps.truncate(3);
                    steps.rotate_left(2); // DELIVERING, VALIDATING, VALIDATED
                    steps[0].history.push(FollowUpHistory {
                        date: util::fmt_dt(date + Duration::days(2)),
                        label: "REFUND_REQUESTED".into(),
                        description: Some("Remboursement demandé".into()),
                        extra: Map::new(),
                    });
                    steps
                }
                _ => follow_up_for(status, date),
            };
            OrderRecord {
                order,
                status: status.into(),
                details,
                follow_up,
                sandbox_effect: None,
                sandbox_null_in_list: id == ORDER_NULL_IN_LIST,
                extra: Map::new(),
            }
        })
        .collect()
}

/// Builds an order (ids and urls filled in later by the caller).
pub fn make_order(
    order_id: u64,
    password: &str,
    date: DateTime<FixedOffset>,
    details: Vec<OrderDetail>,
    url: String,
    pdf_url: String,
) -> Order {
    let without: i64 = details.iter().map(|d| d.total_price.cents()).sum();
    let tax = tax_of(without);
    Order {
        order_id,
        date: Some(util::fmt_dt(date)),
        expiration_date: Some(util::fmt_dt(date + Duration::days(15))),
        retraction_date: None,
        password: Some(password.into()),
        url: Some(url),
        pdf_url: Some(pdf_url),
        price_with_tax: Price::eur(without + tax),
        price_without_tax: Price::eur(without),
        tax: Price::eur(tax),
        extra: Map::new(),
    }
}

/// A renewal detail line for a service.
pub fn renew_detail(id: u64, s: &ServiceRec, months: u32) -> OrderDetail {
    let unit = s.monthly_cents() * i64::from(months);
    let invoice = s
        .svc
        .billing
        .plan
        .as_ref()
        .and_then(|p| p.invoice_name.clone())
        .unwrap_or_else(|| "Service".into());
    OrderDetail {
        order_detail_id: id,
        description: format!(
            "Renouvellement {invoice} {} — {}",
            s.svc.resource.name,
            duration_label(months)
        ),
        detail_type: Some("RENEW".into()),
        domain: s.svc.resource.name.clone(),
        quantity: "1".into(),
        unit_price: Price::eur(unit),
        total_price: Price::eur(unit),
        cancelled: false,
        extra: Map::new(),
    }
}

pub fn order_urls(order_id: u64, password: &str) -> (String, String) {
    (
        format!("/_sandbox/order?orderId={order_id}&orderPassword={password}"),
        format!("/_sandbox/order?orderId={order_id}&orderPassword={password}&format=pdf"),
    )
}

pub fn bill_for(
    bill_id: String,
    password: &str,
    order: &Order,
    date: DateTime<FixedOffset>,
) -> Bill {
    Bill {
        url: Some(format!(
            "/_sandbox/bill?reference={bill_id}&passwd={password}"
        )),
        pdf_url: Some(format!(
            "/_sandbox/bill?reference={bill_id}&passwd={password}&format=pdf"
        )),
        bill_id,
        date: util::fmt_dt(date),
        order_id: Some(order.order_id),
        price_with_tax: order.price_with_tax.clone(),
        price_without_tax: order.price_without_tax.clone(),
        tax: order.tax.clone(),
        password: Some(password.into()),
        extra: Map::new(),
    }
}

pub(super) fn orders_bills_debts(
    rng: &mut Rng,
    now: DateTime<FixedOffset>,
    services: &[ServiceRec],
    history: usize,
) -> (Vec<OrderRecord>, Vec<Bill>, Vec<Debt>) {
    // (hours ago, status, debt service index)
    let mut plan: Vec<(i64, &str, Option<usize>)> = Vec::new();
    let recent = [
        (13 * 24 + 5, "delivered"),
        (11 * 24 + 2, "delivered"),
        (9 * 24 + 7, "cancelled"),
        (8 * 24 + 1, "documentsRequested"),
        (6 * 24 + 3, "delivering"),
        (5 * 24 + 9, "cancelling"),
        (4 * 24 + 6, "delivered"),
        (3 * 24 + 2, "checking"),
        (2 * 24 + 4, "notPaid"),
        (24 + 3, "delivered"),
        (3, "notPaid"),
    ];
    let history = history as i64;
    for i in 0..history {
        let days = if history <= DEFAULT_HISTORY_ORDERS as i64 {
            420 - i * 8
        } else {
            // Oldest first, over five years, ending two weeks ago.
            14 + (history - i) * 5 * 365 / history
        };
        let hours = days * 24 + rng.range(0, 20);
        let status = if i == 25 {
            "unknown"
        } else if i % 9 == 4 {
            "cancelled"
        } else if i % 10 == 7 {
            "notPaid"
        } else {
            "delivered"
        };
        plan.push((hours, status, None));
    }
    plan.extend(recent.iter().map(|(h, s)| (*h, *s, None)));
    for (i, s) in services.iter().enumerate() {
        if s.infos.status == "pendingDebt" {
            let days_ago = s.expiration().map(|e| (now - e).num_days()).unwrap_or(0) + 12;
            plan.push((days_ago * 24 + 7, "notPaid", Some(i)));
        }
    }
    plan.sort_by_key(|p| std::cmp::Reverse(p.0));
    let eligible: Vec<usize> = (0..services.len())
        .filter(|&i| services[i].svc.route.is_some() && services[i].monthly_cents() > 0)
        .collect();
    let mut orders = Vec::new();
    let mut bills = Vec::new();
    let mut debts = Vec::new();
    let mut order_id = 215_000_000u64;
    let mut detail_id = 50_000_000u64;
    let mut bill_no = 41_000_000u64;
    for (hours, status, debt_service) in plan {
        order_id += rng.range(1, 400) as u64;
        let date = (now - Duration::hours(hours))
            .with_second(0)
            .unwrap_or(now)
            .with_minute(rng.range(0, 59) as u32)
            .unwrap_or(now);
        let password = rng.alnum(8);
        let mut details = Vec::new();
        let mut effect_services = Vec::new();
        let picks: Vec<usize> = match debt_service {
            Some(i) => vec![i],
            None if eligible.is_empty() => vec![],
            None => (0..rng.range(1, 3))
                .map(|_| *rng.pick(&eligible))
                .collect::<Vec<_>>(),
        };
        for i in picks {
            if effect_services.contains(&services[i].svc.service_id) {
                continue;
            }
            detail_id += 1;
            let months = services[i]
                .infos
                .renew
                .as_ref()
                .and_then(|r| r.period)
                .or_else(|| {
                    services[i]
                        .infos
                        .possible_renew_period
                        .as_ref()
                        .and_then(|p| p.first().copied())
                })
                .unwrap_or(12);
            let mut d = renew_detail(detail_id, &services[i], months);
            if rng.chance(0.25) && debt_service.is_none() {
                d.detail_type = Some("INSTALLATION".into());
                d.description = format!(
                    "{} {} — création",
                    services[i]
                        .svc
                        .billing
                        .plan
                        .as_ref()
                        .and_then(|p| p.invoice_name.clone())
                        .unwrap_or_default(),
                    services[i].svc.resource.name
                );
            }
            effect_services.push(services[i].svc.service_id);
            details.push(d);
        }
        if details.is_empty() {
            detail_id += 1;
            details.push(OrderDetail {
                order_detail_id: detail_id,
                description: "Crédits SMS x100".into(),
                detail_type: Some("QUANTITY".into()),
                domain: "sms-dp12345-1".into(),
                quantity: "100".into(),
                unit_price: Price::eur(7),
                total_price: Price::eur(700),
                cancelled: false,
                extra: Map::new(),
            });
        }
        if status == "cancelled" {
            for d in &mut details {
                d.cancelled = true;
            }
        }
        let (url, pdf) = order_urls(order_id, &password);
        let mut order = make_order(order_id, &password, date, details.clone(), url, pdf);
        if debt_service.is_some() {
            order.expiration_date = Some(util::fmt_dt(date + Duration::days(60)));
        }
        if matches!(
            status,
            "delivered" | "delivering" | "checking" | "cancelling" | "documentsRequested"
        ) {
            order.retraction_date = Some(util::fmt_dt(date + Duration::days(14)));
        }
        let no_tracking = (status == "notPaid" && hours > 15 * 24 && rng.chance(0.5))
            || (status == "cancelled" && rng.chance(0.3));
        let follow_up = if no_tracking {
            Vec::new()
        } else {
            follow_up_for(status, date)
        };
        let mut effect = None;
        if status == "notPaid" {
            effect = Some(OrderEffect {
                services: effect_services,
                duration: None,
                debt_ids: Vec::new(),
            });
        }
        if let Some(i) = debt_service {
            let debt_id = 3_000_001 + debts.len() as u64;
            let amount = order.price_with_tax.clone();
            debts.push(Debt {
                debt_id,
                order_id,
                date: util::fmt_dt(date),
                amount: amount.clone(),
                due_amount: amount.clone(),
                pending_amount: Price::eur(0),
                todo_amount: amount,
                unmatured_amount: Some(Price::eur(0)),
                due_date: Some(util::fmt_dt(date + Duration::days(10))),
                status: "UNPAID".into(),
                extra: Map::new(),
            });
            effect = Some(OrderEffect {
                services: vec![services[i].svc.service_id],
                duration: None,
                debt_ids: vec![debt_id],
            });
        }
        if matches!(status, "delivered" | "delivering" | "cancelling") && hours < 300 * 24 {
            bill_no += rng.range(1, 5000) as u64;
            let pw = rng.alnum(6);
            bills.push(bill_for(
                format!("FR{bill_no}"),
                &pw,
                &order,
                date + Duration::hours(2),
            ));
        }
        orders.push(OrderRecord {
            order,
            status: status.into(),
            details,
            follow_up,
            sandbox_effect: effect,
            sandbox_null_in_list: false,
            extra: Map::new(),
        });
    }
    (orders, bills, debts)
}
