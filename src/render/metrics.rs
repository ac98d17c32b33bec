//! Metrics made readable: values with units, the change in the right direction, a status
//! against target, one plain sentence (the chart's text equivalent), and the SVG chart itself.

use crate::model::{format_number, Better, Metric};
use std::fmt::Write;

/// How a metric did, for styling and for words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Met,
    NotMet,
    Improved,
    Unchanged,
    Worse,
}

impl Status {
    pub fn id(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not-met",
            Status::Improved => "improved",
            Status::Unchanged => "unchanged",
            Status::Worse => "worse",
        }
    }
}

pub fn improved(m: &Metric) -> bool {
    match m.better {
        Better::Higher => m.result > m.baseline,
        Better::Lower => m.result < m.baseline,
    }
}

pub fn target_met(m: &Metric) -> Option<bool> {
    m.target.map(|t| match m.better {
        Better::Higher => m.result >= t,
        Better::Lower => m.result <= t,
    })
}

pub fn status(m: &Metric) -> Status {
    if target_met(m) == Some(true) {
        Status::Met
    } else if m.result == m.baseline {
        Status::Unchanged
    } else if improved(m) {
        if m.target.is_some() {
            Status::NotMet
        } else {
            Status::Improved
        }
    } else {
        Status::Worse
    }
}

/// `7,416`, `41,200`, `9,500.25`, `−12`: thousands separators from four digits, so figures
/// side by side read alike ("−£7,416" beside "£41,200").
fn grouped(n: f64) -> String {
    digits(&format_number(n.abs()), n < 0.0)
}

/// Money with pence shows both digits: `£9,500.50`, never `£9,500.5`.
fn money(n: f64) -> String {
    let abs = n.abs();
    if abs.fract() == 0.0 || abs >= 1e15 {
        return grouped(n);
    }
    digits(&format!("{abs:.2}"), n < 0.0)
}

/// Groups the whole part of a plain decimal text (`1234.5`) in threes, with a minus sign.
fn digits(text: &str, negative: bool) -> String {
    let (int, frac) = text
        .split_once('.')
        .map_or((text, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() >= 4 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    if negative && out.chars().any(|c| c != '0' && c != '.' && c != ',') {
        format!("−{out}")
    } else {
        out
    }
}

fn is_currency(unit: &str) -> bool {
    matches!(unit, "£" | "$" | "€" | "¥")
}

/// A percentile is a rank: "53rd percentile", and its changes are in points.
fn is_percentile(unit: &str) -> bool {
    matches!(
        unit.trim(),
        "percentile" | "percentiles" | "centile" | "centiles"
    )
}

/// `1st`, `2nd`, `3rd`, `11th`, `53rd`; a fraction keeps `th` ("45.5th").
fn ordinal(n: f64) -> String {
    let text = grouped(n);
    let whole = n.abs();
    let suffix = if whole.fract() != 0.0 {
        "th"
    } else {
        match ((whole % 100.0) as u32, (whole % 10.0) as u32) {
            (11..=13, _) => "th",
            (_, 1) => "st",
            (_, 2) => "nd",
            (_, 3) => "rd",
            _ => "th",
        }
    };
    format!("{text}{suffix}")
}

/// `54%`, `£1,200`, `14 pp`, `46 pupils`, `53rd percentile`.
pub fn value(n: f64, unit: Option<&str>) -> String {
    match unit {
        None => grouped(n),
        Some("%") => format!("{}%", grouped(n)),
        Some(u) if is_currency(u) => {
            if n < 0.0 {
                format!("−{u}{}", money(-n))
            } else {
                format!("{u}{}", money(n))
            }
        }
        Some(u) if is_percentile(u) => format!("{} percentile", ordinal(n)),
        Some(u) => format!("{} {u}", grouped(n)),
    }
}

/// `+14 pp`, `−8.6 pp`, `+£300`, `−27 pupils`, `no change`. A change of a percentage is in points.
pub fn change(m: &Metric) -> String {
    let delta = m.result - m.baseline;
    if delta == 0.0 {
        return "no change".into();
    }
    difference(delta, m.unit.as_deref())
}

/// A signed difference in the metric's unit: `+14 pp`, `−£7,416`, `+7 points`, `−27 pupils`.
pub fn difference(delta: f64, unit: Option<&str>) -> String {
    if delta == 0.0 {
        return "no change".into();
    }
    let sign = if delta > 0.0 { "+" } else { "−" };
    let size = grouped(delta.abs());
    match unit {
        Some("%") | Some("pp") => format!("{sign}{size} pp"),
        Some(u) if is_currency(u) => format!("{sign}{u}{}", money(delta.abs())),
        Some(u) if is_percentile(u) => {
            let points = if delta.abs() == 1.0 {
                "point"
            } else {
                "points"
            };
            format!("{sign}{size} {points}")
        }
        Some(u) => format!("{sign}{size} {u}"),
        None => format!("{sign}{size}"),
    }
}

/// "Rose from 54% to 68%, against a target of 65% (target met)."
pub fn sentence(m: &Metric) -> String {
    let unit = m.unit.as_deref();
    let verb = if m.result > m.baseline {
        "Rose"
    } else if m.result < m.baseline {
        "Fell"
    } else {
        "Stayed the same"
    };
    let mut text = if m.result == m.baseline {
        format!("Stayed at {}", value(m.result, unit))
    } else {
        format!(
            "{verb} from {} to {}",
            value(m.baseline, unit),
            value(m.result, unit)
        )
    };
    let direction = match m.better {
        Better::Higher => "higher is better",
        Better::Lower => "lower is better",
    };
    match (m.target, target_met(m)) {
        (Some(t), Some(met)) => {
            let verdict = if met { "target met" } else { "target not met" };
            let _ = write!(
                text,
                ", against a target of {} ({verdict}; {direction}).",
                value(t, unit)
            );
        }
        _ => {
            let _ = write!(text, " ({direction}).");
        }
    }
    text
}

pub use super::metrics_charts::chart_svg;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::MetricKind;

    /// A metric for the tests of the figures and of the charts.
    pub(crate) fn metric(
        baseline: f64,
        result: f64,
        target: Option<f64>,
        better: Better,
        unit: &str,
    ) -> Metric {
        Metric {
            label: "Pupils <at> standard".into(),
            unit: Some(unit.into()),
            baseline,
            result,
            target,
            better,
            kind: MetricKind::Outcome,
            headline: true,
            source: None,
            n: None,
            series: Vec::new(),
            context: Default::default(),
            location: Location::file("a.md"),
        }
    }

    #[test]
    fn percentages_change_in_points() {
        let m = metric(54.0, 68.0, Some(65.0), Better::Higher, "%");
        assert_eq!(change(&m), "+14 pp");
        assert_eq!(status(&m), Status::Met);
        assert_eq!(
            sentence(&m),
            "Rose from 54% to 68%, against a target of 65% (target met; higher is better)."
        );
    }

    #[test]
    fn lower_is_better_counts_a_fall_as_improvement() {
        let m = metric(46.0, 19.0, Some(15.0), Better::Lower, "pupils");
        assert_eq!(change(&m), "−27 pupils");
        assert!(improved(&m));
        assert_eq!(status(&m), Status::NotMet);
    }

    #[test]
    fn currency_and_thousands() {
        assert_eq!(value(12000.0, Some("£")), "£12,000");
        assert_eq!(value(31.4, Some("%")), "31.4%");
    }

    #[test]
    fn thousands_are_grouped_from_four_digits_with_decimals_kept() {
        assert_eq!(value(7416.0, Some("£")), "£7,416");
        assert_eq!(value(-7416.0, Some("£")), "−£7,416");
        assert_eq!(value(41200.0, Some("£")), "£41,200");
        assert_eq!(value(9500.25, Some("£")), "£9,500.25");
        assert_eq!(value(9500.5, Some("£")), "£9,500.50");
        assert_eq!(value(1234567.5, None), "1,234,567.5");
        assert_eq!(value(999.0, Some("pupils")), "999 pupils");
        assert_eq!(value(1000.0, Some("pupils")), "1,000 pupils");
        assert_eq!(value(-0.001, None), "0");
        let m = metric(41200.0, 33784.0, None, Better::Lower, "£");
        assert_eq!(change(&m), "−£7,416");
    }

    #[test]
    fn percentiles_are_ranks_and_change_in_points() {
        let m = metric(46.0, 53.0, None, Better::Higher, "percentile");
        assert_eq!(value(53.0, Some("percentile")), "53rd percentile");
        assert_eq!(value(46.0, Some("percentile")), "46th percentile");
        assert_eq!(value(1.0, Some("percentile")), "1st percentile");
        assert_eq!(value(12.0, Some("percentile")), "12th percentile");
        assert_eq!(value(22.0, Some("percentile")), "22nd percentile");
        assert_eq!(value(111.0, Some("percentile")), "111th percentile");
        assert_eq!(change(&m), "+7 points");
        assert_eq!(difference(-1.0, Some("percentile")), "−1 point");
        assert!(sentence(&m).starts_with("Rose from 46th percentile to 53rd percentile"));
    }
}
