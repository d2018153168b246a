//! The forecast chart's arithmetic: a y-axis per currency with round steps, and its labels.
//! Amounts stay in integer minor units; only the drawing turns them into pixels.

use super::format::decimal_separator;
use super::locale::Locale;
use super::money::{minor_exponent, Money};

/// A y-axis from 0 to `top`, a gridline every `step` (both in minor units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub top: i64,
    pub step: i64,
}

/// At most this many steps from 0 to the top.
const MAX_STEPS: i64 = 4;

/// The largest top an axis reaches (its arithmetic stays far from overflowing).
pub const AXIS_LIMIT: i64 = i64::MAX / 10;

impl Axis {
    /// The axis for a series whose largest value is `max` minor units: the smallest step of 1, 2
    /// or 5 × 10^k minor units reaching `max` in [`MAX_STEPS`] steps at most, and the first
    /// multiple of it at or above `max` (a series of zeros gets one step of 1). Beyond
    /// [`AXIS_LIMIT`] minor units (10^15 euros) the axis stops there: the bar is drawn full.
    pub fn for_max(max: i64) -> Axis {
        let max = max.clamp(1, AXIS_LIMIT);
        let wanted = (max - 1) / MAX_STEPS + 1;
        let mut magnitude: i64 = 1;
        loop {
            for m in [1, 2, 5] {
                let step = magnitude.saturating_mul(m);
                if step >= wanted {
                    let top = step.saturating_mul((max - 1) / step + 1);
                    return Axis { top, step };
                }
            }
            magnitude = magnitude.saturating_mul(10);
        }
    }

    /// The gridlines' values, 0 first.
    pub fn ticks(self) -> Vec<i64> {
        (0..=self.top / self.step).map(|k| k * self.step).collect()
    }

    /// `value`'s share of the axis' height, 0.0 to 1.0 (for drawing only).
    pub fn ratio(self, value: i64) -> f64 {
        (value.clamp(0, self.top) as f64) / (self.top as f64)
    }
}

/// A gridline's label: the amount in `currency`, without its decimals when they are all zero
/// (`50 €`, `12,50 €`, `€1,200`).
pub fn axis_label(minor: i64, currency: &str, locale: Locale) -> String {
    let text = Money::new(minor, currency).format(locale);
    let exponent = minor_exponent(currency);
    if exponent > 0 && minor % 10i64.pow(exponent) == 0 {
        let zeros = format!(
            "{}{}",
            decimal_separator(locale),
            "0".repeat(exponent as usize)
        );
        text.replacen(&zeros, "", 1)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_reach_the_largest_value() {
        assert_eq!(
            Axis::for_max(12_345),
            Axis {
                top: 15_000,
                step: 5_000
            }
        );
        assert_eq!(
            Axis::for_max(6_199),
            Axis {
                top: 8_000,
                step: 2_000
            }
        );
        assert_eq!(
            Axis::for_max(4_000),
            Axis {
                top: 4_000,
                step: 1_000
            }
        );
        assert_eq!(Axis::for_max(3), Axis { top: 3, step: 1 });
        assert_eq!(Axis::for_max(0), Axis { top: 1, step: 1 });
        assert_eq!(Axis::for_max(-5), Axis { top: 1, step: 1 });
        for max in [
            1,
            7,
            99,
            101,
            1_999,
            25_001,
            987_654_321,
            i64::MAX / 3,
            i64::MAX,
        ] {
            let axis = Axis::for_max(max);
            assert!(axis.top >= max.min(AXIS_LIMIT), "{max}: {axis:?}");
            assert!(axis.top / axis.step <= MAX_STEPS, "{max}: {axis:?}");
            assert_eq!(axis.top % axis.step, 0);
            let lead = axis.step / 10i64.pow(axis.step.ilog10());
            assert!([1, 2, 5].contains(&lead), "{max}: {axis:?}");
        }
        assert_eq!(
            Axis::for_max(6_199).ticks(),
            vec![0, 2_000, 4_000, 6_000, 8_000]
        );
        assert_eq!(
            Axis {
                top: 8_000,
                step: 2_000
            }
            .ratio(2_000),
            0.25
        );
        assert_eq!(
            Axis {
                top: 8_000,
                step: 2_000
            }
            .ratio(9_000),
            1.0
        );
    }

    #[test]
    fn labels_drop_zero_decimals_only() {
        assert_eq!(axis_label(5_000, "EUR", Locale::Fr), "50\u{a0}€");
        assert_eq!(axis_label(1_250, "EUR", Locale::Fr), "12,50\u{a0}€");
        assert_eq!(axis_label(120_000, "EUR", Locale::En), "€1,200");
        assert_eq!(axis_label(0, "EUR", Locale::It), "0\u{a0}€");
        assert_eq!(axis_label(1_200, "JPY", Locale::En), "JPY1,200");
        assert_eq!(axis_label(2_000, "TND", Locale::Fr), "2\u{a0}TND");
    }
}
