//! An order's lines in exact amounts, and its total checked against them.

use super::*;
use crate::domain::money::{parse_decimal, round_div, ucents_per_minor, Money};

/// One line of an order, with its amount computed exactly.
#[derive(Debug, Clone, PartialEq)]
pub struct DetailRow {
    pub id: u64,
    pub description: String,
    pub domain: Option<String>,
    pub detail_type: Option<String>,
    /// As the API wrote it.
    pub quantity: String,
    pub unit_price: Option<Money>,
    /// The API's line total.
    pub total_price: Option<Money>,
    /// `unitPrice × quantity`, rounded to minor units (half away from zero); the API's
    /// `totalPrice` when the quantity is not a number. `None` when neither is readable.
    pub amount: Option<Money>,
    pub cancelled: bool,
}

/// A unit price exactly as the API states it: micro-units (10^-8) of `currency`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitPrice {
    pub ucents: i128,
    pub currency: String,
}

/// `unit × quantity` of one line in exact minor units: the unit price in micro-units times the
/// decimal quantity, rounded once (half away from zero). Falls back to `total` (the API's line
/// total) when there is no unit price or the quantity is not a number.
pub fn line_amount(
    unit: Option<&UnitPrice>,
    quantity: &str,
    total: Option<&Money>,
) -> Option<Money> {
    let computed = unit.and_then(|unit| {
        let (mantissa, scale) = parse_quantity(quantity)?;
        let divisor = 10i128
            .checked_pow(scale)?
            .checked_mul(ucents_per_minor(&unit.currency))?;
        let minor = round_div(unit.ucents.checked_mul(mantissa)?, divisor);
        Some(Money::new(
            i64::try_from(minor).ok()?,
            unit.currency.clone(),
        ))
    });
    computed.or_else(|| total.cloned())
}

/// A quantity as `(mantissa, decimals)`: `"100"` → (100, 0), `"2.5"` → (25, 1). At most 9
/// decimals; `None` when it is not a plain decimal number.
pub fn parse_quantity(raw: &str) -> Option<(i128, u32)> {
    parse_decimal(raw, 9)
}

/// The order's total without tax checked against its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotalsCheck {
    /// Sum of every line's `unitPrice × quantity` (cancelled lines included).
    pub computed: Money,
    /// Of which cancelled lines.
    pub cancelled: Money,
    /// The API's `priceWithoutTax`.
    pub api: Money,
    /// The API's total equals neither the sum of every line nor the sum of the lines not
    /// cancelled (a cancelled order keeps its total; a partly cancelled one may drop the line).
    pub mismatch: bool,
}

/// The totals to show: without tax, tax and with tax from the API (never recomputed), and the
/// check of the lines against the API's total without tax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderTotals {
    pub without_tax: Option<Money>,
    pub tax: Option<Money>,
    pub with_tax: Option<Money>,
    /// `None` when it cannot be computed: no API total, no lines, a line without a readable
    /// amount, or lines in another currency than the total.
    pub check: Option<TotalsCheck>,
}

/// Sums the lines (exact minor units) and compares them with `priceWithoutTax`.
pub fn check_totals(order: &OrderRow, details: &[DetailRow]) -> Option<TotalsCheck> {
    let api = order.price_without_tax.clone()?;
    if details.is_empty() {
        return None;
    }
    let (mut all, mut cancelled) = (0i64, 0i64);
    for detail in details {
        let amount = detail.amount.clone()?;
        if amount.currency != api.currency {
            return None;
        }
        all = all.checked_add(amount.minor)?;
        if detail.cancelled {
            cancelled = cancelled.checked_add(amount.minor)?;
        }
    }
    let mismatch = api.minor != all && api.minor != all - cancelled;
    Some(TotalsCheck {
        computed: Money::new(all, api.currency.clone()),
        cancelled: Money::new(cancelled, api.currency.clone()),
        api,
        mismatch,
    })
}

/// The totals of an order and their check (see [`check_totals`]).
pub fn totals(order: &OrderRow, details: &[DetailRow]) -> OrderTotals {
    OrderTotals {
        without_tax: order.price_without_tax.clone(),
        tax: order.tax.clone(),
        with_tax: order.price_with_tax.clone(),
        check: check_totals(order, details),
    }
}
