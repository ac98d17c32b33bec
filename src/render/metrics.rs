//! Metrics made readable: values with units, the change in the right direction, a status
//! against target, one plain sentence (the chart's text equivalent), and the SVG chart itself.

use super::html_text::escape;
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

fn grouped(n: f64) -> String {
    let text = format_number(n.abs());
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    if n < 0.0 {
        format!("−{out}")
    } else {
        out
    }
}

fn is_currency(unit: &str) -> bool {
    matches!(unit, "£" | "$" | "€" | "¥")
}

/// `54%`, `£1,200`, `14 pp`, `46 pupils`.
pub fn value(n: f64, unit: Option<&str>) -> String {
    match unit {
        None => grouped(n),
        Some("%") => format!("{}%", grouped(n)),
        Some(u) if is_currency(u) => {
            if n < 0.0 {
                format!("−{u}{}", grouped(-n))
            } else {
                format!("{u}{}", grouped(n))
            }
        }
        Some(u) => format!("{} {u}", grouped(n)),
    }
}

/// `+14 pp`, `−8.6 pp`, `+£300`, `−27 pupils`, `no change`. A change of a percentage is in points.
pub fn change(m: &Metric) -> String {
    let delta = m.result - m.baseline;
    if delta == 0.0 {
        return "no change".into();
    }
    let sign = if delta > 0.0 { "+" } else { "−" };
    let size = grouped(delta.abs());
    match m.unit.as_deref() {
        Some("%") | Some("pp") => format!("{sign}{size} pp"),
        Some(u) if is_currency(u) => format!("{sign}{u}{size}"),
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

/// Plain-text values of a series: "April 2025: 54%; May 2025: 61%".
fn series_text(m: &Metric) -> String {
    m.series
        .iter()
        .map(|p| {
            format!(
                "{}: {}",
                p.date.month_display(),
                value(p.value, m.unit.as_deref())
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Inline SVG: bars for baseline, result and a target line; below, a line chart when there is a
/// series. No colours inline: the theme styles the classes, so print can make them black and white.
/// A chart whose scale cannot be drawn (values near ±1.8e308 overflow the span to infinity,
/// and infinity minus infinity is NaN) is left out; the sentence and the values stay in the
/// page as text, so nothing is lost but the picture.
pub fn chart_svg(m: &Metric, id: &str) -> String {
    let mut svg = bars(m, id).unwrap_or_default();
    if m.series.len() >= 2 {
        svg.push_str(&line(m, id).unwrap_or_default());
    }
    svg
}

/// True when `low..high` can scale coordinates: both ends and the span finite, the span not 0.
/// Every coordinate is then a value of the chart mapped into the span, so finite too.
fn drawable(low: f64, high: f64) -> bool {
    let span = high - low;
    low.is_finite() && high.is_finite() && span.is_finite() && span > 0.0
}

const WIDTH: f64 = 320.0;
const LABEL: f64 = 72.0;
/// Values sit in their own column at the right, clear of bars and the target line.
const VALUE_SPACE: f64 = 80.0;

fn bars(m: &Metric, id: &str) -> Option<String> {
    let unit = m.unit.as_deref();
    let low = m
        .baseline
        .min(m.result)
        .min(m.target.unwrap_or(0.0))
        .min(0.0);
    let high = m
        .baseline
        .max(m.result)
        .max(m.target.unwrap_or(f64::MIN))
        .max(low + 1e-9);
    if !drawable(low, high) {
        return None;
    }
    let span = WIDTH - LABEL - VALUE_SPACE;
    let x = |v: f64| LABEL + (v - low) / (high - low) * span;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart chart-bars" viewBox="0 0 {WIDTH} 76" width="{WIDTH}" height="76" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&m.label),
        escape(&sentence(m))
    );
    for (row, (name, v, class)) in [
        ("Baseline", m.baseline, "chart-baseline"),
        ("Result", m.result, "chart-result"),
    ]
    .into_iter()
    .enumerate()
    {
        let y = 8.0 + row as f64 * 30.0;
        let width = (x(v) - x(low.max(0.0).min(v))).max(1.0);
        let _ = write!(
            s,
            r#"<text class="chart-label" x="0" y="{:.1}">{name}</text><rect class="{class}" x="{:.1}" y="{y:.1}" width="{width:.1}" height="20"/><text class="chart-label chart-value" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            y + 15.0,
            x(low.max(0.0).min(v)),
            WIDTH,
            y + 15.0,
            escape(&value(v, unit))
        );
    }
    if let Some(t) = m.target {
        let _ = write!(
            s,
            r#"<line class="chart-target" x1="{0:.1}" x2="{0:.1}" y1="4" y2="62"/><text class="chart-label chart-target-label" x="{0:.1}" y="74" text-anchor="middle">target {1}</text>"#,
            x(t),
            escape(&value(t, unit))
        );
    }
    s.push_str("</svg>");
    Some(s)
}

fn line(m: &Metric, id: &str) -> Option<String> {
    let unit = m.unit.as_deref();
    let (top, bottom, left, right, height) = (18.0, 24.0, 8.0, 8.0, 120.0);
    let mut low = m
        .series
        .iter()
        .map(|p| p.value)
        .fold(f64::INFINITY, f64::min);
    let mut high = m
        .series
        .iter()
        .map(|p| p.value)
        .fold(f64::NEG_INFINITY, f64::max);
    if let Some(t) = m.target {
        low = low.min(t);
        high = high.max(t);
    }
    let pad = ((high - low) * 0.15).max(1.0);
    let (low, high) = (low - pad, high + pad);
    // NaN in the series slips past `min` and `max`; check every value, then the padded span.
    if !m.series.iter().all(|p| p.value.is_finite()) || !drawable(low, high) {
        return None;
    }
    let steps = (m.series.len() - 1).max(1) as f64;
    let x = |i: usize| left + i as f64 / steps * (WIDTH - left - right);
    let y = |v: f64| top + (high - v) / (high - low) * (height - top - bottom);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart chart-series" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" aria-labelledby="{id}-series-title {id}-series-desc"><title id="{id}-series-title">{} over time</title><desc id="{id}-series-desc">{}</desc>"#,
        escape(&m.label),
        escape(&series_text(m))
    );
    let _ = write!(
        s,
        r#"<line class="chart-axis" x1="{left}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#,
        WIDTH - right,
        height - bottom,
        height - bottom
    );
    if let Some(t) = m.target {
        let _ = write!(
            s,
            r#"<line class="chart-target" x1="{left}" x2="{:.1}" y1="{1:.1}" y2="{1:.1}"/>"#,
            WIDTH - right,
            y(t)
        );
    }
    let points: Vec<String> = m
        .series
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{:.1},{:.1}", x(i), y(p.value)))
        .collect();
    let _ = write!(
        s,
        r#"<polyline class="chart-line" points="{}"/>"#,
        points.join(" ")
    );
    for (i, p) in m.series.iter().enumerate() {
        let anchor = if i == 0 {
            "start"
        } else if i + 1 == m.series.len() {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            r#"<circle class="chart-point" cx="{:.1}" cy="{:.1}" r="3.5"/><text class="chart-label" x="{:.1}" y="{:.1}" text-anchor="{anchor}">{}</text>"#,
            x(i),
            y(p.value),
            x(i),
            (y(p.value) - 7.0).max(10.0),
            escape(&value(p.value, unit))
        );
    }
    let first = &m.series[0].date;
    let last = &m.series[m.series.len() - 1].date;
    let _ = write!(
        s,
        r#"<text class="chart-label" x="{left}" y="{:.1}">{}</text><text class="chart-label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text></svg>"#,
        height - 6.0,
        escape(&first.month_display()),
        WIDTH - right,
        height - 6.0,
        escape(&last.month_display())
    );
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::MetricKind;

    fn metric(
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
    fn charts_never_carry_non_finite_coordinates() {
        let huge = [f64::MAX, -f64::MAX, 1.7e308, -1.7e308, -1e300];
        for (a, b) in huge.iter().flat_map(|a| huge.iter().map(move |b| (*a, *b))) {
            let mut m = metric(a, b, Some(b), Better::Higher, "");
            m.series = [a, b, 1.0]
                .iter()
                .enumerate()
                .map(|(i, v)| crate::model::SeriesPoint {
                    date: crate::model::Date {
                        year: 2024,
                        month: i as u32 + 1,
                        day: None,
                    },
                    value: *v,
                })
                .collect();
            let svg = chart_svg(&m, "m1");
            // Attribute values (every coordinate) are the odd pieces between quotes.
            for value in svg.split('"').skip(1).step_by(2) {
                assert!(
                    !value.contains("NaN") && !value.contains("inf"),
                    "{a} {b}: {svg}"
                );
            }
            // The text equivalent stays.
            assert!(!sentence(&m).is_empty());
        }
        let ok = chart_svg(&metric(1.0, 2.0, Some(3.0), Better::Higher, "%"), "m1");
        assert!(ok.contains("<rect"), "{ok}");
    }

    #[test]
    fn chart_escapes_labels() {
        let svg = chart_svg(&metric(1.0, 2.0, None, Better::Higher, "%"), "m1");
        assert!(svg.contains("Pupils &lt;at&gt; standard") && !svg.contains("<at>"));
    }
}
