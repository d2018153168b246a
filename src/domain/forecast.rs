//! What automatic renewals will debit over the next 12 months: per calendar month and per
//! currency, exact sums (integer minor units, never floats, never added across currencies), the
//! debits behind each sum, and what the console cannot price. Pure: plain inputs, no API types.
//!
//! Rules:
//! - Only automatic renewals that are not terminated nor being terminated are forecast; manual,
//!   one-shot, ended and terminating services debit nothing.
//! - A service renews at its next date, then every `period_months` after it, each date counted
//!   from the next date (month-end aware, as [`crate::domain::renewal::debit_dates`]: 31 January
//!   monthly gives 28/29 February, then 31 March, not 28 March).
//! - The window is the 12 calendar months starting with the current one: from the 1st of
//!   today's month up to (not including) the 1st of the same month a year later. The current
//!   month counts only the renewals from `today` on: a date before today is not a future debit.
//! - **Overdue** (a next date before today): that renewal should already have been debited; it
//!   either was and the API has not moved the date yet, or it failed and is owed (a debt). It is
//!   never forecast; the service is listed in [`Forecast::overdue`] with its next date, and its
//!   later dates (next date + k × period, from today on) are forecast as usual.
//! - A renewal is priced only when the API gives a price for exactly the renewal period
//!   (`price_period_months == period_months`): the amount is that price. Otherwise (no price, a
//!   price without its period, a price for another period) nothing is guessed: the renewal is
//!   listed as unpriced, with its date, in its month and in [`Forecast::unpriced`].
//! - An automatic renewal without a next date or a period cannot be placed in time: it is listed
//!   in [`Forecast::unscheduled`], never guessed.
//! - A price of zero (a free DNS zone) is a debit of zero: listed, it adds nothing.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::dates::add_months;
use super::money::Money;

/// How many calendar months the forecast covers, the current one first.
pub const FORECAST_MONTHS: u32 = 12;

/// One service as the forecast needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastService {
    pub id: u64,
    /// What the customer calls it (shown in the lists).
    pub name: String,
    /// Automatic renewal (`billing.renew.current.mode` = `automatic`).
    pub automatic: bool,
    /// Ended, or its termination is requested: it will not renew.
    pub terminated_or_terminating: bool,
    /// The renewal period in months (`billing.renew.current.period`, `P1Y` = 12).
    pub period_months: Option<u32>,
    /// The next renewal (`billing.renew.current.nextDate`).
    pub next_date: Option<NaiveDate>,
    /// `billing.pricing.price`, exact.
    pub price: Option<Money>,
    /// What that price pays for, in months (`billing.pricing.duration`).
    pub price_period_months: Option<u32>,
}

/// One renewal debited in the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debit {
    pub service_id: u64,
    pub name: String,
    pub date: NaiveDate,
    pub amount: Money,
}

/// Why the console cannot tell what a renewal will cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnpricedReason {
    /// The API gives no price.
    NoPrice,
    /// A price, but not the period it pays for.
    PricePeriodUnknown,
    /// The price pays for another period than the renewal's (a monthly price, a yearly renewal).
    PeriodMismatch {
        price_months: u32,
        renewal_months: u32,
    },
}

/// One renewal in the window whose amount is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpricedRenewal {
    pub service_id: u64,
    pub name: String,
    pub date: NaiveDate,
    pub reason: UnpricedReason,
}

/// One calendar month of the forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForecastMonth {
    /// The 1st of the month (its label is the app's, in the locale).
    pub first_day: NaiveDate,
    /// One exact sum per currency debited this month, by currency code; empty when nothing is.
    pub totals: Vec<Money>,
    /// The priced renewals of the month, by date then service id.
    pub debits: Vec<Debit>,
    /// The renewals of the month that cannot be priced, by date then service id.
    pub unpriced: Vec<UnpricedRenewal>,
}

impl ForecastMonth {
    pub fn year(&self) -> i32 {
        self.first_day.year()
    }

    /// 1 to 12.
    pub fn month(&self) -> u32 {
        self.first_day.month()
    }

    /// This month's sum in `currency` (`None` when nothing is debited in it).
    pub fn total(&self, currency: &str) -> Option<&Money> {
        self.totals.iter().find(|m| *m.currency == *currency)
    }
}

/// A service with at least one renewal in the window that cannot be priced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnpricedService {
    pub service_id: u64,
    pub name: String,
    pub reason: UnpricedReason,
    /// Its renewal dates in the window, in order.
    pub dates: Vec<NaiveDate>,
}

/// An automatic renewal whose next date is already past (see the module's rules).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueRenewal {
    pub service_id: u64,
    pub name: String,
    /// The next date the API gives (before today).
    pub next_date: NaiveDate,
    /// How many of its dates are before today (1 unless the next date is over a period old).
    pub missed: u32,
}

/// Why an automatic renewal cannot be placed in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnscheduledReason {
    NoNextDate,
    /// No renewal period (or a period of 0 months).
    NoPeriod,
}

/// An automatic renewal the forecast cannot place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnscheduledService {
    pub service_id: u64,
    pub name: String,
    pub reason: UnscheduledReason,
    pub next_date: Option<NaiveDate>,
}

/// The 12-month forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    pub today: NaiveDate,
    /// [`FORECAST_MONTHS`] months, the current one first.
    pub months: Vec<ForecastMonth>,
    /// Every currency debited in the window, by code: one chart series each.
    pub currencies: Vec<String>,
    /// The whole window's sum per currency, by currency code.
    pub totals: Vec<Money>,
    /// Services with renewals in the window that cannot be priced, by first date then id.
    pub unpriced: Vec<UnpricedService>,
    /// Automatic renewals whose next date is past, by next date then id.
    pub overdue: Vec<OverdueRenewal>,
    /// Automatic renewals without a next date or a period, by id.
    pub unscheduled: Vec<UnscheduledService>,
}

impl Forecast {
    /// The 1st of the current month: the window's first day.
    pub fn window_start(&self) -> NaiveDate {
        month_start(self.today)
    }

    /// The 1st of the month after the window (not included).
    pub fn window_end(&self) -> NaiveDate {
        window_end(self.today)
    }

    /// The index in [`Forecast::months`] of the month holding `date`, if it is in the window.
    pub fn month_index(&self, date: NaiveDate) -> Option<usize> {
        month_index(self.today, date)
    }

    /// One currency's series: the 12 monthly sums in minor units (0 for a month without debit).
    pub fn series(&self, currency: &str) -> Vec<i64> {
        self.months
            .iter()
            .map(|m| m.total(currency).map_or(0, |t| t.minor))
            .collect()
    }

    /// The window's sum in `currency`.
    pub fn total(&self, currency: &str) -> Option<&Money> {
        self.totals.iter().find(|m| *m.currency == *currency)
    }
}

fn month_start(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

fn window_end(today: NaiveDate) -> NaiveDate {
    let start = month_start(today);
    add_months(start, FORECAST_MONTHS).unwrap_or(NaiveDate::MAX)
}

fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.year() - from.year()) * 12 + i64::from(to.month()) - i64::from(from.month())
}

fn month_index(today: NaiveDate, date: NaiveDate) -> Option<usize> {
    let k = months_between(today, date);
    (0..i64::from(FORECAST_MONTHS))
        .contains(&k)
        .then_some(k as usize)
}

/// The forecast of `services` seen on `today`.
pub fn forecast(services: &[ForecastService], today: NaiveDate) -> Forecast {
    let end = window_end(today);
    let mut months: Vec<ForecastMonth> = (0..FORECAST_MONTHS)
        .map(|k| ForecastMonth {
            first_day: add_months(month_start(today), k).unwrap_or(NaiveDate::MAX),
            totals: Vec::new(),
            debits: Vec::new(),
            unpriced: Vec::new(),
        })
        .collect();
    let mut unpriced = Vec::new();
    let mut overdue = Vec::new();
    let mut unscheduled = Vec::new();

    for s in services {
        if !s.automatic || s.terminated_or_terminating {
            continue;
        }
        let (next, period) = match (s.next_date, s.period_months.filter(|p| *p > 0)) {
            (Some(next), Some(period)) => (next, period),
            (next, _) => {
                unscheduled.push(UnscheduledService {
                    service_id: s.id,
                    name: s.name.clone(),
                    reason: if next.is_none() {
                        UnscheduledReason::NoNextDate
                    } else {
                        UnscheduledReason::NoPeriod
                    },
                    next_date: next,
                });
                continue;
            }
        };
        let price = match (&s.price, s.price_period_months) {
            (None, _) => Err(UnpricedReason::NoPrice),
            (Some(_), None) => Err(UnpricedReason::PricePeriodUnknown),
            (Some(_), Some(p)) if p != period => Err(UnpricedReason::PeriodMismatch {
                price_months: p,
                renewal_months: period,
            }),
            (Some(price), Some(_)) => Ok(price),
        };
        // Skip, all at once, the dates more than a period before today (a very old next date).
        let behind = months_between(next, today);
        let mut k = u32::try_from(behind / i64::from(period) - 1)
            .unwrap_or(0)
            .min(u32::MAX / period);
        let mut missed = k;
        let mut dates_in_window = Vec::new();
        while let Some(date) = k.checked_mul(period).and_then(|m| add_months(next, m)) {
            if date >= end {
                break;
            }
            if date < today {
                missed += 1;
            } else if let Some(i) = month_index(today, date) {
                let month = &mut months[i];
                match price {
                    Ok(amount) => month.debits.push(Debit {
                        service_id: s.id,
                        name: s.name.clone(),
                        date,
                        amount: amount.clone(),
                    }),
                    Err(reason) => month.unpriced.push(UnpricedRenewal {
                        service_id: s.id,
                        name: s.name.clone(),
                        date,
                        reason,
                    }),
                }
                dates_in_window.push(date);
            }
            k += 1;
        }
        if missed > 0 {
            overdue.push(OverdueRenewal {
                service_id: s.id,
                name: s.name.clone(),
                next_date: next,
                missed,
            });
        }
        if let (Err(reason), false) = (price, dates_in_window.is_empty()) {
            unpriced.push(UnpricedService {
                service_id: s.id,
                name: s.name.clone(),
                reason,
                dates: dates_in_window,
            });
        }
    }

    let mut window: BTreeMap<std::sync::Arc<str>, i64> = BTreeMap::new();
    for month in &mut months {
        month.debits.sort_by_key(|x| (x.date, x.service_id));
        month.unpriced.sort_by_key(|x| (x.date, x.service_id));
        let mut sums: BTreeMap<std::sync::Arc<str>, i64> = BTreeMap::new();
        for d in &month.debits {
            let sum = sums.entry(d.amount.currency.clone()).or_default();
            *sum = sum.saturating_add(d.amount.minor);
            let all = window.entry(d.amount.currency.clone()).or_default();
            *all = all.saturating_add(d.amount.minor);
        }
        month.totals = sums
            .into_iter()
            .map(|(currency, minor)| Money::new(minor, currency))
            .collect();
    }
    unpriced.sort_by_key(|u| (u.dates.first().copied(), u.service_id));
    overdue.sort_by_key(|o| (o.next_date, o.service_id));
    unscheduled.sort_by_key(|u| u.service_id);
    Forecast {
        today,
        months,
        currencies: window.keys().map(|c| c.to_string()).collect(),
        totals: window
            .into_iter()
            .map(|(currency, minor)| Money::new(minor, currency))
            .collect(),
        unpriced,
        overdue,
        unscheduled,
    }
}
