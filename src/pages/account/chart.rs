//! One currency's 12-month debit forecast as an SVG bar chart, drawn by the app. Each month is a
//! bar that takes the keyboard focus (Tab, then Enter or Space picks it, as a click does) and
//! shows its figure on focus and hover; its accessible name says the month, the amount and the
//! renewals of unknown price. The table alternative is the card's (`forecast.rs`).
//!
//! Sizes: the bars' x positions are percentages of the plot's width, so the chart fills its card
//! from a phone (390 px) to a desktop without scaling its text; heights are pixels. Colours are the
//! design tokens' (the app has one colour scheme, also under a dark system preference).

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::app::{use_app, use_tools_i18n};
use crate::domain::chart::{axis_label, Axis};
use crate::domain::format::{month_short, month_year};
use crate::domain::money::Money;

/// The plot's height in px: the value labels' room, the bars, the month labels.
const TOP: f64 = 22.0;
const BARS: f64 = 150.0;
const LABELS: f64 = 34.0;
const HEIGHT: f64 = TOP + BARS + LABELS;
/// A bar's share of its month's slot.
const BAR_SHARE: f64 = 0.6;
/// The design tokens' colours (`style/main.css`), as presentation attributes: the stylesheet is
/// in every first load, so only the chart's states (hover, focus, picked) are styled there.
const INK: &str = "#1b2330";
const MUTED: &str = "#5a6578";
const LINE: &str = "#d9dee8";
const PAPER: &str = "#ffffff";
const BRAND: &str = "#0b3d91";
const WARN: &str = "#7a4b00";

/// The y of `value` on `axis`, in px from the plot's top.
fn y_of(axis: Axis, value: i64) -> f64 {
    TOP + BARS * (1.0 - axis.ratio(value))
}

/// One currency's chart: `series[i]` minor units debited in the month starting `months[i]`,
/// `unpriced[i]` renewals of unknown price that month; picking a bar sets `selected`.
#[component]
pub(super) fn ForecastChart(
    months: Vec<NaiveDate>,
    series: Vec<i64>,
    unpriced: Vec<usize>,
    currency: String,
    selected: RwSignal<Option<usize>>,
) -> impl IntoView {
    let t = use_tools_i18n();
    let locale = use_app().locale;
    // The bar under the pointer or with the focus: its figure is shown below the chart.
    let active = RwSignal::new(None::<usize>);
    let axis = Axis::for_max(series.iter().copied().max().unwrap_or(0));
    let count = months.len().max(1);

    // What a bar says: "janv. 2027 : 24,00 € (+ 1 renouvellement de prix inconnu)".
    let describe = {
        let (months, series, unpriced, currency) = (
            months.clone(),
            series.clone(),
            unpriced.clone(),
            currency.clone(),
        );
        move |i: usize| {
            let l = locale.get();
            let amount = Money::new(series[i], currency.clone()).format(l);
            (t().forecast_bar)(&month_year(months[i], l), &amount, unpriced[i])
        }
    };

    let gridlines = {
        let currency = currency.clone();
        move || {
            let l = locale.get();
            axis.ticks()
                .into_iter()
                .map(|tick| {
                    let y = y_of(axis, tick);
                    (y, axis_label(tick, &currency, l))
                })
                .collect::<Vec<_>>()
        }
    };
    let label_width = {
        let gridlines = gridlines.clone();
        move || {
            let longest = gridlines()
                .iter()
                .map(|(_, text)| text.chars().count())
                .max();
            8.0 + 7.0 * longest.unwrap_or(1) as f64
        }
    };
    let axis_labels = {
        let (gridlines, label_width) = (gridlines.clone(), label_width.clone());
        move || {
            let x = label_width() - 6.0;
            gridlines()
                .into_iter()
                .map(|(y, text)| {
                    view! {
                        <text x=x y=y + 4.0 text-anchor="end" fill=MUTED font-size="11">{text}</text>
                    }
                })
                .collect_view()
        }
    };
    let grid = {
        let gridlines = gridlines.clone();
        move || {
            gridlines()
                .into_iter()
                .map(|(y, _)| {
                    let stroke = if y >= TOP + BARS { MUTED } else { LINE };
                    view! { <line x1="0" x2="100%" y1=y y2=y stroke=stroke /> }
                })
                .collect_view()
        }
    };

    let bars = (0..months.len())
        .map(|i| {
            let value = series[i];
            let Bar {
                x,
                slot,
                center,
                bar_x,
                width,
                top,
                height,
                anchor,
                figure_x,
            } = Bar::of(i, count, value, axis);
            let month = months[i];
            // The year under the first month shown and under each January.
            let year = (i == 0 || chrono::Datelike::month(&month) == 1)
                .then(|| chrono::Datelike::year(&month).to_string());
            let label = describe.clone();
            let has_unknown = unpriced[i] > 0;
            let currency = currency.clone();
            let pick = move || selected.set(Some(i));
            view! {
                <g
                    class="bar"
                    class:odd=i % 2 == 1
                    class:active=move || active.get() == Some(i)
                    role="button"
                    tabindex="0"
                    aria-label=move || label(i)
                    aria-pressed=move || (selected.get() == Some(i)).to_string()
                    on:click=move |_| pick()
                    on:keydown=move |ev| {
                        if matches!(ev.key().as_str(), "Enter" | " ") {
                            ev.prevent_default();
                            pick();
                        }
                    }
                    on:mouseenter=move |_| active.set(Some(i))
                    on:mouseleave=move |_| active.set(None)
                    on:focus=move |_| active.set(Some(i))
                    on:blur=move |_| active.set(None)
                >
                    <rect class="slot" x=format!("{x}%") y="0" width=format!("{slot}%") height=HEIGHT fill="transparent" />
                    <rect class="bar-fill" fill=BRAND x=format!("{bar_x}%") y=TOP + BARS - height width=format!("{width}%") height=height />
                    {has_unknown.then(|| view! {
                        <text fill=WARN font-size="11" font-weight="700" x=format!("{center}%") y=TOP + BARS - height - 4.0 text-anchor="middle" aria-hidden="true">"?"</text>
                    })}
                    <text class="bar-figure" visibility="hidden" fill=INK stroke=PAPER stroke-width="4" paint-order="stroke" font-size="11" font-weight="600" x=format!("{figure_x}%") y=(top - 6.0).max(14.0) text-anchor=anchor aria-hidden="true">
                        {move || axis_label(value, &currency, locale.get())}
                    </text>
                    <text class="month-label" fill=INK font-size="11" x=format!("{center}%") y=TOP + BARS + 15.0 text-anchor="middle" aria-hidden="true">
                        {move || month_short(month, locale.get())}
                    </text>
                    {year.map(|year| view! {
                        <text class="year-label" fill=MUTED font-size="11" x=format!("{center}%") y=TOP + BARS + 29.0 text-anchor="middle" aria-hidden="true">{year}</text>
                    })}
                </g>
            }
        })
        .collect_view();

    let readout = {
        let describe = describe.clone();
        move || active.get().or(selected.get()).map(&describe)
    };
    view! {
        <div class="chart">
            <div class="chart-frame">
                <svg class="chart-axis" width=label_width height=HEIGHT aria-hidden="true" focusable="false">
                    {axis_labels}
                </svg>
                <svg class="chart-plot" width="100%" height=HEIGHT role="group" aria-label=move || (t().forecast_chart_label)(&currency)>
                    <g aria-hidden="true">{grid}</g>
                    {bars}
                </svg>
            </div>
            <p class="chart-readout" aria-hidden="true">{readout}</p>
        </div>
    }
}

/// Where the i-th of `count` bars is drawn (x in % of the plot, y in px).
struct Bar {
    /// Its slot (left edge, width, center), and the bar's left edge and width.
    x: f64,
    slot: f64,
    center: f64,
    bar_x: f64,
    width: f64,
    top: f64,
    height: f64,
    /// The figure above the bar, kept inside the plot at both ends.
    anchor: &'static str,
    figure_x: f64,
}

impl Bar {
    fn of(i: usize, count: usize, value: i64, axis: Axis) -> Bar {
        let slot = 100.0 / count as f64;
        let top = y_of(axis, value);
        // A month without debit keeps a sliver, so that its place reads as "zero".
        let height = (TOP + BARS - top).max(if value > 0 { 2.0 } else { 1.0 });
        let x = slot * i as f64;
        let center = x + slot / 2.0;
        let bar_x = x + slot * (1.0 - BAR_SHARE) / 2.0;
        let width = slot * BAR_SHARE;
        let anchor = match i {
            0 => "start",
            i if i + 1 == count => "end",
            _ => "middle",
        };
        let figure_x = match anchor {
            "start" => bar_x,
            "end" => bar_x + width,
            _ => center,
        };
        Bar {
            x,
            slot,
            center,
            bar_x,
            width,
            top,
            height,
            anchor,
            figure_x,
        }
    }
}
