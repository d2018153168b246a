//! The 12-month debit forecast of automatic renewals (`domain::forecast`).

use billing_console::domain::forecast::{
    forecast, Debit, ForecastService, OverdueRenewal, UnpricedReason, UnpricedService,
    UnscheduledReason, UnscheduledService, FORECAST_MONTHS,
};
use billing_console::domain::money::Money;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// An automatic renewal every `period` months from `next`, priced `minor` EUR for that period.
fn svc(id: u64, period: u32, next: NaiveDate, minor: i64) -> ForecastService {
    ForecastService {
        id,
        name: format!("service {id}"),
        automatic: true,
        terminated_or_terminating: false,
        period_months: Some(period),
        next_date: Some(next),
        price: Some(Money::new(minor, "EUR")),
        price_period_months: Some(period),
    }
}

fn in_currency(mut s: ForecastService, currency: &str) -> ForecastService {
    s.price = s.price.map(|p| Money::new(p.minor, currency));
    s
}

fn eur(minor: i64) -> Money {
    Money::new(minor, "EUR")
}

/// The dates debited for one service, over the whole window.
fn dates_of(f: &billing_console::domain::forecast::Forecast, id: u64) -> Vec<NaiveDate> {
    f.months
        .iter()
        .flat_map(|m| m.debits.iter())
        .filter(|x| x.service_id == id)
        .map(|x| x.date)
        .collect()
}

const TODAY: (i32, u32, u32) = (2026, 11, 23);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
}

#[test]
fn twelve_calendar_months_from_the_current_one() {
    let f = forecast(&[], today());
    assert_eq!(f.months.len(), FORECAST_MONTHS as usize);
    let firsts: Vec<NaiveDate> = f.months.iter().map(|m| m.first_day).collect();
    assert_eq!(firsts[0], d(2026, 11, 1));
    assert_eq!(firsts[1], d(2026, 12, 1));
    assert_eq!(firsts[2], d(2027, 1, 1));
    assert_eq!(firsts[11], d(2027, 10, 1));
    assert_eq!((f.months[2].year(), f.months[2].month()), (2027, 1));
    assert_eq!(f.window_start(), d(2026, 11, 1));
    assert_eq!(f.window_end(), d(2027, 11, 1));
    assert!(f
        .months
        .iter()
        .all(|m| m.totals.is_empty() && m.debits.is_empty()));
    assert!(f.currencies.is_empty() && f.totals.is_empty());
    assert_eq!(f.series("EUR"), vec![0; 12]);
}

#[test]
fn monthly_renewals_every_month_from_the_next_date() {
    // Next date next month: 11 debits (December to October), none this month.
    let f = forecast(&[svc(1, 1, d(2026, 12, 5), 1999)], today());
    assert_eq!(
        f.series("EUR"),
        vec![0, 1999, 1999, 1999, 1999, 1999, 1999, 1999, 1999, 1999, 1999, 1999]
    );
    assert_eq!(f.total("EUR"), Some(&eur(11 * 1999)));
    assert_eq!(dates_of(&f, 1).last(), Some(&d(2027, 10, 5)));
    // Next date later this month: 12 debits, the current month included.
    let f = forecast(&[svc(1, 1, d(2026, 11, 25), 1999)], today());
    assert_eq!(f.series("EUR"), vec![1999; 12]);
    assert_eq!(f.total("EUR"), Some(&eur(12 * 1999)));
    assert_eq!(
        f.months[0].debits,
        vec![Debit {
            service_id: 1,
            name: "service 1".into(),
            date: d(2026, 11, 25),
            amount: eur(1999),
        }]
    );
}

#[test]
fn quarterly_half_yearly_yearly_and_two_yearly_periods() {
    let services = [
        svc(3, 3, d(2026, 12, 15), 3000),
        svc(6, 6, d(2027, 1, 10), 6000),
        svc(12, 12, d(2027, 3, 1), 12000),
        svc(24, 24, d(2027, 5, 20), 24000),
        // Two years on: its next date is after the window.
        svc(25, 24, d(2027, 11, 20), 99900),
    ];
    let f = forecast(&services, today());
    assert_eq!(
        dates_of(&f, 3),
        vec![
            d(2026, 12, 15),
            d(2027, 3, 15),
            d(2027, 6, 15),
            d(2027, 9, 15)
        ]
    );
    // Renewed twice in the window.
    assert_eq!(dates_of(&f, 6), vec![d(2027, 1, 10), d(2027, 7, 10)]);
    assert_eq!(dates_of(&f, 12), vec![d(2027, 3, 1)]);
    assert_eq!(dates_of(&f, 24), vec![d(2027, 5, 20)]);
    assert!(dates_of(&f, 25).is_empty());
    assert_eq!(
        f.series("EUR"),
        vec![
            0,
            3000,
            6000,
            0,
            3000 + 12000,
            0,
            24000,
            3000,
            6000,
            0,
            3000,
            0
        ]
    );
    assert_eq!(
        f.total("EUR"),
        Some(&eur(4 * 3000 + 2 * 6000 + 12000 + 24000))
    );
    assert!(f.unpriced.is_empty() && f.overdue.is_empty() && f.unscheduled.is_empty());
}

#[test]
fn month_ends_are_counted_from_the_first_date() {
    // 31 January monthly: 28 February, then 31 March (not 28 March), 30 April...
    let f = forecast(&[svc(1, 1, d(2027, 1, 31), 500)], d(2027, 1, 5));
    assert_eq!(
        dates_of(&f, 1),
        vec![
            d(2027, 1, 31),
            d(2027, 2, 28),
            d(2027, 3, 31),
            d(2027, 4, 30),
            d(2027, 5, 31),
            d(2027, 6, 30),
            d(2027, 7, 31),
            d(2027, 8, 31),
            d(2027, 9, 30),
            d(2027, 10, 31),
            d(2027, 11, 30),
            d(2027, 12, 31),
        ]
    );
    // 30 November quarterly, seen in a leap year: 29 February 2028, then the 30th again.
    let f = forecast(&[svc(2, 3, d(2027, 11, 30), 900)], d(2027, 11, 1));
    assert_eq!(
        dates_of(&f, 2),
        vec![
            d(2027, 11, 30),
            d(2028, 2, 29),
            d(2028, 5, 30),
            d(2028, 8, 30)
        ]
    );
}

#[test]
fn the_29th_of_february() {
    // Yearly on 29 February 2028: debited that day; the next one (28 February 2029) is out of
    // the window that starts in February 2028.
    let f = forecast(&[svc(1, 12, d(2028, 2, 29), 1500)], d(2028, 2, 10));
    assert_eq!(dates_of(&f, 1), vec![d(2028, 2, 29)]);
    assert_eq!(f.months[0].total("EUR"), Some(&eur(1500)));
    // Seen on the 29th itself: due today, so forecast.
    let f = forecast(&[svc(1, 12, d(2028, 2, 29), 1500)], d(2028, 2, 29));
    assert_eq!(dates_of(&f, 1), vec![d(2028, 2, 29)]);
    // Monthly from 31 January 2028: 29 February.
    let f = forecast(&[svc(2, 1, d(2028, 1, 31), 100)], d(2028, 1, 2));
    assert_eq!(dates_of(&f, 2)[1], d(2028, 2, 29));
    // Monthly from 29 February 2028: the 29th of every month after, 28 February 2029 is out.
    let f = forecast(&[svc(3, 1, d(2028, 2, 29), 100)], d(2028, 2, 1));
    let dates = dates_of(&f, 3);
    assert_eq!(dates.len(), 12);
    assert_eq!(dates[1], d(2028, 3, 29));
    assert_eq!(dates[11], d(2029, 1, 29));
}

#[test]
fn currencies_are_never_added_together() {
    let services = [
        svc(1, 1, d(2026, 12, 1), 1000),
        in_currency(svc(2, 1, d(2026, 12, 2), 700), "GBP"),
        in_currency(svc(3, 12, d(2026, 12, 3), 5000), "CAD"),
        svc(4, 12, d(2026, 12, 4), 1),
        in_currency(svc(5, 3, d(2026, 12, 31), 250), "GBP"),
    ];
    let f = forecast(&services, today());
    let december = &f.months[1];
    // One sum per currency, by currency code.
    assert_eq!(
        december.totals,
        vec![Money::new(5000, "CAD"), eur(1001), Money::new(950, "GBP")]
    );
    assert_eq!(december.total("USD"), None);
    assert_eq!(f.currencies, vec!["CAD", "EUR", "GBP"]);
    assert_eq!(f.series("CAD"), vec![0, 5000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(f.series("GBP")[..5], [0, 950, 700, 700, 950]);
    assert_eq!(
        f.totals,
        vec![
            Money::new(5000, "CAD"),
            eur(11 * 1000 + 1),
            Money::new(11 * 700 + 4 * 250, "GBP"),
        ]
    );
    // The month's list: by date, then id.
    let ids: Vec<u64> = december.debits.iter().map(|x| x.service_id).collect();
    assert_eq!(ids, vec![1, 2, 3, 4, 5]);
}

#[test]
fn sums_are_exact() {
    // 12 × 0.10 + 12 × 0.20 is 3.60, not 3.5999999999999996.
    let f = forecast(
        &[
            svc(1, 1, d(2026, 11, 30), 10),
            svc(2, 1, d(2026, 11, 30), 20),
        ],
        today(),
    );
    assert_eq!(f.total("EUR"), Some(&eur(360)));
    assert!(f.months.iter().all(|m| m.totals == vec![eur(30)]));
}

#[test]
fn unpriced_renewals_are_listed_never_guessed() {
    let mut no_price = svc(1, 1, d(2026, 12, 10), 0);
    no_price.price = None;
    // A monthly price for a yearly renewal: never multiplied.
    let mut mismatch = svc(2, 12, d(2027, 2, 14), 899);
    mismatch.price_period_months = Some(1);
    let mut no_period = svc(3, 6, d(2027, 4, 1), 4200);
    no_period.price_period_months = None;
    // Unpriced, but no renewal in the window: not listed.
    let mut later = svc(4, 24, d(2028, 1, 1), 0);
    later.price = None;
    let priced = svc(5, 1, d(2026, 12, 10), 100);
    let f = forecast(&[no_price, mismatch, no_period, later, priced], today());

    assert_eq!(
        f.unpriced,
        vec![
            UnpricedService {
                service_id: 1,
                name: "service 1".into(),
                reason: UnpricedReason::NoPrice,
                dates: (0..11)
                    .map(
                        |k| billing_console::domain::dates::add_months(d(2026, 12, 10), k).unwrap()
                    )
                    .collect(),
            },
            UnpricedService {
                service_id: 2,
                name: "service 2".into(),
                reason: UnpricedReason::PeriodMismatch {
                    price_months: 1,
                    renewal_months: 12
                },
                dates: vec![d(2027, 2, 14)],
            },
            UnpricedService {
                service_id: 3,
                name: "service 3".into(),
                reason: UnpricedReason::PricePeriodUnknown,
                dates: vec![d(2027, 4, 1), d(2027, 10, 1)],
            },
        ]
    );
    // Only the priced service is summed.
    assert_eq!(f.total("EUR"), Some(&eur(11 * 100)));
    assert_eq!(f.currencies, vec!["EUR"]);
    // Each month lists its own unpriced renewals, with their dates.
    let february = &f.months[3];
    let listed: Vec<(u64, NaiveDate)> = february
        .unpriced
        .iter()
        .map(|u| (u.service_id, u.date))
        .collect();
    assert_eq!(listed, vec![(1, d(2027, 2, 10)), (2, d(2027, 2, 14))]);
    assert_eq!(february.total("EUR"), Some(&eur(100)));
    assert!(f.months[0].unpriced.is_empty());
    let count: usize = f.months.iter().map(|m| m.unpriced.len()).sum();
    assert_eq!(count, 11 + 1 + 2);
}

#[test]
fn manual_terminated_and_terminating_services_are_left_out() {
    let mut manual = svc(1, 1, d(2026, 12, 1), 100);
    manual.automatic = false;
    let mut terminating = svc(2, 1, d(2026, 12, 1), 100);
    terminating.terminated_or_terminating = true;
    // Even unpriced, overdue or unscheduled: left out entirely.
    let mut manual_unpriced = svc(3, 1, d(2026, 12, 1), 0);
    manual_unpriced.automatic = false;
    manual_unpriced.price = None;
    let mut terminated_overdue = svc(4, 1, d(2026, 1, 1), 100);
    terminated_overdue.terminated_or_terminating = true;
    let mut manual_no_date = svc(5, 1, d(2026, 1, 1), 100);
    manual_no_date.automatic = false;
    manual_no_date.next_date = None;
    let f = forecast(
        &[
            manual,
            terminating,
            manual_unpriced,
            terminated_overdue,
            manual_no_date,
        ],
        today(),
    );
    assert!(f
        .months
        .iter()
        .all(|m| m.debits.is_empty() && m.unpriced.is_empty()));
    assert!(f.unpriced.is_empty() && f.overdue.is_empty() && f.unscheduled.is_empty());
    assert!(f.totals.is_empty());
}

#[test]
fn an_overdue_next_date_is_flagged_not_forecast() {
    // Monthly, next date on the 5th, seen on the 23rd: that renewal is late (done and not yet
    // moved, or failed and owed); the next ones are forecast from December.
    let f = forecast(&[svc(1, 1, d(2026, 11, 5), 1000)], today());
    assert_eq!(
        f.overdue,
        vec![OverdueRenewal {
            service_id: 1,
            name: "service 1".into(),
            next_date: d(2026, 11, 5),
            missed: 1,
        }]
    );
    assert_eq!(
        f.series("EUR"),
        vec![0, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]
    );
    // Yearly, a month late: nothing this year, but the next anniversary is in the window.
    let f = forecast(&[svc(2, 12, d(2026, 10, 1), 5000)], today());
    assert_eq!(f.overdue[0].missed, 1);
    assert_eq!(dates_of(&f, 2), vec![d(2027, 10, 1)]);
    // Years late (monthly since January 2020): every missed date counted, none forecast.
    let f = forecast(&[svc(3, 1, d(2020, 1, 15), 100)], today());
    assert_eq!(f.overdue[0].missed, 6 * 12 + 11);
    assert_eq!(f.overdue[0].next_date, d(2020, 1, 15));
    assert_eq!(dates_of(&f, 3).first(), Some(&d(2026, 12, 15)));
    assert_eq!(dates_of(&f, 3).len(), 11);
    // Late since a 31st: the dates still count from it (30 November, 31 December, 28 February,
    // 31 March), whatever was skipped.
    let f = forecast(&[svc(5, 1, d(2025, 1, 31), 100)], today());
    assert_eq!(
        dates_of(&f, 5)[..5],
        [
            d(2026, 11, 30),
            d(2026, 12, 31),
            d(2027, 1, 31),
            d(2027, 2, 28),
            d(2027, 3, 31)
        ]
    );
    assert_eq!(f.overdue[0].missed, 22);
    // Unpriced and overdue: flagged as both.
    let mut unpriced = svc(4, 1, d(2026, 11, 1), 0);
    unpriced.price = None;
    let f = forecast(&[unpriced], today());
    assert_eq!(f.overdue.len(), 1);
    assert_eq!(f.unpriced[0].dates.first(), Some(&d(2026, 12, 1)));
    assert!(f.months[0].unpriced.is_empty());
    // Overdue listed by next date, then id.
    let f = forecast(
        &[
            svc(9, 1, d(2026, 11, 20), 1),
            svc(8, 1, d(2026, 11, 20), 1),
            svc(7, 12, d(2026, 6, 1), 1),
        ],
        today(),
    );
    let ids: Vec<u64> = f.overdue.iter().map(|o| o.service_id).collect();
    assert_eq!(ids, vec![7, 8, 9]);
}

#[test]
fn window_boundaries() {
    let services = [
        // The 1st of the current month, before today: overdue, not in November's bar.
        svc(1, 24, d(2026, 11, 1), 100),
        // Today: forecast.
        svc(2, 24, d(2026, 11, 23), 200),
        // The last day of the window.
        svc(3, 24, d(2027, 10, 31), 300),
        // The first day after it.
        svc(4, 24, d(2027, 11, 1), 400),
        // The day before today.
        svc(5, 24, d(2026, 11, 22), 500),
    ];
    let f = forecast(&services, today());
    assert_eq!(f.months[0].debits.len(), 1);
    assert_eq!(f.months[0].debits[0].service_id, 2);
    assert_eq!(f.months[11].debits[0].service_id, 3);
    assert!(dates_of(&f, 4).is_empty());
    let overdue: Vec<u64> = f.overdue.iter().map(|o| o.service_id).collect();
    assert_eq!(overdue, vec![1, 5]);
    assert_eq!(f.total("EUR"), Some(&eur(500)));
    assert_eq!(f.month_index(d(2026, 11, 1)), Some(0));
    assert_eq!(f.month_index(d(2027, 10, 31)), Some(11));
    assert_eq!(f.month_index(d(2027, 11, 1)), None);
    assert_eq!(f.month_index(d(2026, 10, 31)), None);

    // Seen on the 1st of a month, and on the last day of December (the window crosses the year).
    let f = forecast(&[svc(1, 1, d(2026, 11, 1), 100)], d(2026, 11, 1));
    assert_eq!(f.series("EUR"), vec![100; 12]);
    assert!(f.overdue.is_empty());
    let f = forecast(&[svc(1, 1, d(2026, 12, 31), 100)], d(2026, 12, 31));
    assert_eq!(f.window_end(), d(2027, 12, 1));
    assert_eq!(f.months[11].first_day, d(2027, 11, 1));
    assert_eq!(dates_of(&f, 1).last(), Some(&d(2027, 11, 30)));
    assert_eq!(f.series("EUR"), vec![100; 12]);
}

#[test]
fn renewals_that_cannot_be_placed_are_listed() {
    let mut no_date = svc(1, 1, d(2026, 12, 1), 100);
    no_date.next_date = None;
    let mut no_period = svc(2, 1, d(2026, 12, 1), 100);
    no_period.period_months = None;
    let mut zero_period = svc(3, 0, d(2026, 12, 1), 100);
    zero_period.price_period_months = Some(0);
    let f = forecast(&[zero_period, no_period, no_date], today());
    assert_eq!(
        f.unscheduled,
        vec![
            UnscheduledService {
                service_id: 1,
                name: "service 1".into(),
                reason: UnscheduledReason::NoNextDate,
                next_date: None,
            },
            UnscheduledService {
                service_id: 2,
                name: "service 2".into(),
                reason: UnscheduledReason::NoPeriod,
                next_date: Some(d(2026, 12, 1)),
            },
            UnscheduledService {
                service_id: 3,
                name: "service 3".into(),
                reason: UnscheduledReason::NoPeriod,
                next_date: Some(d(2026, 12, 1)),
            },
        ]
    );
    assert!(f.totals.is_empty() && f.unpriced.is_empty() && f.overdue.is_empty());
}

#[test]
fn a_free_renewal_is_a_debit_of_zero() {
    let f = forecast(&[svc(1, 12, d(2027, 1, 4), 0)], today());
    assert_eq!(f.months[2].debits.len(), 1);
    assert_eq!(f.months[2].totals, vec![eur(0)]);
    assert_eq!(f.total("EUR"), Some(&eur(0)));
    assert!(f.unpriced.is_empty());
}

#[test]
fn fifty_services_of_every_kind() {
    // A customer with fifty services: every debit lands in exactly one month, each month's sums
    // are the sums of its debits, the window's the sum of the months'.
    let mut services = Vec::new();
    for i in 0..50u64 {
        let period = [1, 3, 6, 12, 24][(i % 5) as usize];
        let next =
            billing_console::domain::dates::add_months(d(2026, 10, 31), (i % 14) as u32).unwrap();
        let mut s = svc(i, period, next, 100 + i as i64 * 37);
        if i % 7 == 0 {
            s.price = s.price.map(|p| Money::new(p.minor, "USD"));
        }
        if i % 11 == 0 {
            s.price_period_months = Some(period * 2);
        }
        services.push(s);
    }
    let f = forecast(&services, today());
    let mut window = std::collections::BTreeMap::<String, i64>::new();
    for (i, m) in f.months.iter().enumerate() {
        for t in &m.totals {
            let sum: i64 = m
                .debits
                .iter()
                .filter(|x| x.amount.currency == t.currency)
                .map(|x| x.amount.minor)
                .sum();
            assert_eq!(sum, t.minor);
            *window.entry(t.currency.to_string()).or_default() += t.minor;
        }
        for x in &m.debits {
            assert_eq!(f.month_index(x.date), Some(i));
            assert!(x.date >= today() && x.date < f.window_end());
        }
    }
    let totals: Vec<Money> = window.into_iter().map(|(c, m)| Money::new(m, c)).collect();
    assert_eq!(f.totals, totals);
    assert_eq!(f.currencies, vec!["EUR", "USD"]);
    assert!(f.unpriced.iter().all(|u| u.service_id % 11 == 0));
}

#[test]
fn a_service_as_the_api_gives_it() {
    use billing_console::api::models::Service;
    use billing_console::domain::inputs::forecast_service;
    use billing_console::domain::services::ServiceRow;

    let service: Service =
        serde_json::from_str(include_str!("fixtures/service_domain.json")).unwrap();
    let row = ServiceRow::from(&service);
    let input = forecast_service(&row);
    assert_eq!(input.id, 1000002);
    assert_eq!(input.name, "Pâtisserie Lefèvre");
    assert!(input.automatic && !input.terminated_or_terminating);
    assert_eq!(input.period_months, Some(12));
    assert_eq!(input.next_date, Some(d(2026, 12, 31)));
    assert_eq!(input.price, Some(eur(779)));
    assert_eq!(input.price_period_months, Some(12));
    let f = forecast(std::slice::from_ref(&input), today());
    assert_eq!(f.months[1].total("EUR"), Some(&eur(779)));
    assert_eq!(f.months[1].debits[0].date, d(2026, 12, 31));

    // Its termination requested, or ended: it renews no more.
    use billing_console::domain::services::RenewalStatus;
    for status in [
        RenewalStatus::TerminationRequested,
        RenewalStatus::Terminated,
    ] {
        let mut ending = row.clone();
        ending.status = status;
        assert!(forecast_service(&ending).terminated_or_terminating);
        let f = forecast(&[forecast_service(&ending)], today());
        assert!(f.months.iter().all(|m| m.debits.is_empty()));
    }

    // Manual renewal: nothing debited.
    let mut manual = row.clone();
    manual.renew_mode = Some(billing_console::api::models::RenewMode::Manual);
    assert!(!forecast_service(&manual).automatic);
}
