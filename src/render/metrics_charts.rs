//! A metric's charts as inline SVG: bars for baseline, result and target; a line for a
//! series; grouped bars for a comparison group and pupil groups. No colours inline: the theme
//! styles the classes, so print can make them black and white.
//!
//! Labels never share space with marks: each kind of text has its own row or column (the
//! target's label above the bars, values in a column sized to the longest, a series' values
//! in a row under its axis), so no theme's font can make them collide.

use super::html_text::escape;
use super::metrics::value;
use crate::model::Metric;
use std::fmt::Write;

pub(super) const WIDTH: f64 = 320.0;
/// The row names ("Baseline", "Result") sit in a column this wide at the left.
const LABEL: f64 = 72.0;
/// Chart text is 12px; a generous average advance per character, so an estimate of a label's
/// width is never short (SVG text cannot be measured without a browser).
const CHAR: f64 = 7.2;

/// The estimated width of `text` at the chart's font size.
pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR
}

/// The bars, and below them a line chart when there is a series of two points or more. A
/// chart whose scale cannot be drawn (values near ±1.8e308 overflow the span to infinity) is
/// left out; the sentence and the values stay in the page as text.
pub fn chart_svg(m: &Metric) -> String {
    let mut svg = bars(m).unwrap_or_default();
    if m.series.len() >= 2 {
        svg.push_str(&line(m).unwrap_or_default());
    }
    svg
}

/// True when `low..high` can scale coordinates: both ends and the span finite, the span not 0.
pub(super) fn drawable(low: f64, high: f64) -> bool {
    let span = high - low;
    low.is_finite() && high.is_finite() && span.is_finite() && span > 0.0
}

/// A coordinate, to a tenth of a pixel, without a trailing `.0`: most coordinates are whole,
/// and at 10,000 artefacts every byte of a chart is written tens of thousands of times.
pub(super) fn num(v: f64) -> String {
    let tenths = (v * 10.0).round();
    // Below 2^50 tenths, `{:.1}` of `tenths / 10` prints the whole number of tenths with a
    // point before its last digit, so integers print it without formatting a float: float
    // formatting to a fixed precision (Dragon4 when Grisu gives up) was 3% of a 100-artefact
    // build's CPU, every chart coordinate going through it.
    if tenths.abs() < (1u64 << 50) as f64 {
        let n = tenths as i64;
        let (whole, tenth) = (n.unsigned_abs() / 10, n.unsigned_abs() % 10);
        let sign = if n < 0 { "-" } else { "" };
        return match tenth {
            0 if whole == 0 => "0".to_string(),
            0 => format!("{sign}{whole}"),
            _ => format!("{sign}{whole}.{tenth}"),
        };
    }
    num_by_float(v)
}

/// [`num`] through float formatting: for huge or not-finite values (and, in tests, the
/// reference the integer path must equal).
fn num_by_float(v: f64) -> String {
    let tenths = (v * 10.0).round() / 10.0;
    let text = format!("{tenths:.1}");
    match text.strip_suffix(".0") {
        Some("-0") => "0".to_string(),
        Some(whole) => whole.to_string(),
        None => text,
    }
}

/// The bars repeat what the text above them says (baseline → result, the target) and the
/// figure's caption says it in a sentence, so the drawing is hidden from screen readers rather
/// than carrying a third copy of the sentence. Text shares its style through a `<g>`.
fn bars(m: &Metric) -> Option<String> {
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
        .max(0.0)
        .max(low + 1e-9);
    if !drawable(low, high) {
        return None;
    }
    let values = [value(m.baseline, unit), value(m.result, unit)];
    // The value column is as wide as the longest value, so no bar end reaches its text.
    let column = values.iter().map(|v| text_width(v)).fold(40.0, f64::max) + 10.0;
    let span = WIDTH - LABEL - column;
    let x = |v: f64| LABEL + (v - low) / (high - low) * span;
    // A row above the bars for the target's label, only when there is a target.
    let top = if m.target.is_some() { 20.0 } else { 4.0 };
    let height = top + 60.0;
    let rows = [(m.baseline, "chart-baseline"), (m.result, "chart-result")];
    let row_y = |row: usize| top + row as f64 * 30.0;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart chart-bars" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" aria-hidden="true"><g class="chart-label"><text y="{}">Baseline</text><text y="{}">Result</text><g class="chart-value" text-anchor="end"><text x="{WIDTH}" y="{}">{}</text><text x="{WIDTH}" y="{}">{}</text></g></g>"#,
        num(row_y(0) + 15.0),
        num(row_y(1) + 15.0),
        num(row_y(0) + 15.0),
        escape(&values[0]),
        num(row_y(1) + 15.0),
        escape(&values[1]),
    );
    // A bar runs from zero to its value, leftward for a value below zero; the scale always
    // holds zero (`low` is at most 0), and when it holds negatives a line marks zero.
    let zero = x(0.0);
    if low < 0.0 {
        let _ = write!(
            s,
            r#"<line class="chart-axis" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>"#,
            num(zero),
            num(top - 2.0),
            num(top + 52.0),
        );
    }
    for (row, (v, class)) in rows.into_iter().enumerate() {
        let (start, end) = if v < 0.0 { (x(v), zero) } else { (zero, x(v)) };
        let width = (end - start).max(1.0);
        let _ = write!(
            s,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="20"/>"#,
            num(start),
            num(row_y(row)),
            num(width),
        );
    }
    if let Some(t) = m.target {
        let at = x(t);
        let label = format!("target {}", value(t, unit));
        // Beside the top of the line, on the side with room, never past the chart's edges.
        let (anchor, tx) = if at + 4.0 + text_width(&label) <= WIDTH - column {
            ("start", at + 4.0)
        } else {
            ("end", (at - 4.0).max(text_width(&label)))
        };
        let anchor = if anchor == "end" {
            r#" text-anchor="end""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r#"<line class="chart-target" x1="{0}" x2="{0}" y1="4" y2="{1}"/><text class="chart-label chart-target-label" x="{2}" y="13"{anchor}>{3}</text>"#,
            num(at),
            num(top + 54.0),
            num(tx),
            escape(&label)
        );
    }
    s.push_str("</svg>");
    Some(s)
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

/// The series is the one chart whose values are not all printed as text elsewhere, so it is an
/// image named by its `<title>`: "… over time: April 2025: 54%; May 2025: 61%".
fn line(m: &Metric) -> Option<String> {
    let unit = m.unit.as_deref();
    // Top: the target's key; bottom: the axis, a row of values, a row of dates.
    let (top, bottom, left, right, height) = (24.0, 38.0, 8.0, 8.0, 140.0);
    let values = m.series.iter().map(|p| p.value);
    let mut low = values.clone().fold(f64::INFINITY, f64::min);
    let mut high = values.fold(f64::NEG_INFINITY, f64::max);
    if let Some(t) = m.target {
        low = low.min(t);
        high = high.max(t);
    }
    // A flat series still needs a span: a tenth of its size (or of 1) above and below.
    let pad = if high > low {
        (high - low) * 0.1
    } else {
        high.abs().max(1.0) * 0.1
    };
    let (low, high) = (low - pad, high + pad);
    // NaN in the series slips past `min` and `max`; check every value, then the padded span.
    if !m.series.iter().all(|p| p.value.is_finite()) || !drawable(low, high) {
        return None;
    }
    let steps = (m.series.len() - 1).max(1) as f64;
    let x = |i: usize| left + i as f64 / steps * (WIDTH - left - right);
    let y = |v: f64| top + (high - v) / (high - low) * (height - top - bottom);
    let axis = height - bottom;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart chart-series" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img"><title>{} over time: {}</title><line class="chart-axis" x1="{left}" x2="{}" y1="{}" y2="{}"/>"#,
        escape(&m.label),
        escape(&series_text(m)),
        num(WIDTH - right),
        num(axis),
        num(axis),
    );
    if let Some(t) = m.target {
        let key = format!("target {}", value(t, unit));
        let key_x = WIDTH - right - text_width(&key);
        let _ = write!(
            s,
            r#"<line class="chart-target" x1="{left}" x2="{0}" y1="{1}" y2="{1}"/><line class="chart-target" x1="{2}" x2="{3}" y1="9" y2="9"/><text class="chart-label chart-target-label" x="{0}" y="13" text-anchor="end">{4}</text>"#,
            num(WIDTH - right),
            num(y(t)),
            num(key_x - 22.0),
            num(key_x - 4.0),
            escape(&key)
        );
    }
    let points: Vec<String> = m
        .series
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", num(x(i)), num(y(p.value))))
        .collect();
    let _ = write!(
        s,
        r#"<polyline class="chart-line" points="{}"/><g class="chart-point">"#,
        points.join(" ")
    );
    for (i, p) in m.series.iter().enumerate() {
        let _ = write!(
            s,
            r#"<circle cx="{}" cy="{}" r="3.5"/>"#,
            num(x(i)),
            num(y(p.value))
        );
    }
    let texts: Vec<String> = m.series.iter().map(|p| value(p.value, unit)).collect();
    // Every value under its point when they fit side by side, else the first and the last
    // (the title carries them all).
    let widest = texts.iter().map(|t| text_width(t)).fold(0.0, f64::max);
    let all_fit = (WIDTH - left - right) / steps >= widest + 6.0;
    let last = m.series.len() - 1;
    let _ = write!(
        s,
        r#"</g><g class="chart-label chart-value" text-anchor="middle">"#
    );
    for (i, text) in texts.iter().enumerate() {
        if !(all_fit || i == 0 || i == last) {
            continue;
        }
        let (anchor, tx) = match i {
            0 => (r#" text-anchor="start""#, x(i) - 4.0),
            i if i == last => (r#" text-anchor="end""#, x(i) + 4.0),
            _ => ("", x(i)),
        };
        let _ = write!(
            s,
            r#"<text x="{}" y="{}"{anchor}>{}</text>"#,
            num(tx),
            num(axis + 15.0),
            escape(text)
        );
    }
    let first = &m.series[0].date;
    let end = &m.series[last].date;
    let _ = write!(
        s,
        r#"</g><g class="chart-label"><text x="{}" y="{1}">{2}</text><text x="{WIDTH}" y="{1}" text-anchor="end">{3}</text></g></svg>"#,
        num(left - 4.0),
        num(height - 6.0),
        escape(&first.month_display()),
        escape(&end.month_display())
    );
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Better;
    use crate::render::metrics::sentence;
    use crate::render::metrics::tests::metric;

    #[test]
    fn coordinates_print_as_float_formatting_does() {
        // Whole, tenths, ties at the hundredths, negatives near zero, and very large values.
        let mut values = vec![0.0, -0.0, 0.05, -0.05, 0.04, -0.04, 1e14 + 0.25, -3.3e15];
        for i in -20_000..20_000 {
            let base = f64::from(i) / 100.0;
            values.extend([base, base + 0.005, base * 7.31, base * 1234.567]);
        }
        for v in values {
            assert_eq!(num(v), num_by_float(v), "{v}");
        }
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-7.0), "-7");
        assert_eq!(num(f64::NAN), num_by_float(f64::NAN));
    }

    #[test]
    fn a_value_below_zero_is_a_bar_leftward_from_a_zero_line() {
        // Scale −3..2 over the width between the labels and a 40 + 10 px value column.
        let svg = bars(&metric(-3.0, 2.0, None, Better::Higher, "")).unwrap();
        let zero = LABEL + 3.0 / 5.0 * (WIDTH - LABEL - 50.0);
        let line = format!(r#"<line class="chart-axis" x1="{0}" x2="{0}""#, num(zero));
        assert!(svg.contains(&line), "{svg}");
        let baseline = format!(
            r#"<rect class="chart-baseline" x="{}" y="4" width="{}""#,
            num(LABEL),
            num(zero - LABEL)
        );
        assert!(svg.contains(&baseline), "{svg}");
        let result = format!(r#"<rect class="chart-result" x="{}""#, num(zero));
        assert!(svg.contains(&result), "{svg}");
        // Values all below zero: the scale still ends at zero, so each bar reaches the line.
        let svg = bars(&metric(-0.5, -2.0, None, Better::Lower, "")).unwrap();
        let zero = num(WIDTH - 50.0);
        assert!(svg.contains(&format!(r#"x1="{zero}""#)), "{svg}");
        assert!(
            svg.contains(&format!(
                r#"x="{}" y="34" width="{}""#,
                num(LABEL),
                num(WIDTH - 50.0 - LABEL)
            )),
            "{svg}"
        );
        // Values all at or above zero draw no zero line.
        let svg = bars(&metric(1.0, 2.0, None, Better::Higher, "")).unwrap();
        assert!(!svg.contains("chart-axis"), "{svg}");
    }

    #[test]
    fn charts_never_carry_non_finite_coordinates() {
        let huge = [f64::MAX, -f64::MAX, 1.7e308, -1.7e308, -1e300];
        for (a, b) in huge.iter().flat_map(|a| huge.iter().map(move |b| (*a, *b))) {
            let m = with_series(metric(a, b, Some(b), Better::Higher, ""), &[a, b, 1.0]);
            let svg = chart_svg(&m);
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
        let ok = chart_svg(&metric(1.0, 2.0, Some(3.0), Better::Higher, "%"));
        assert!(ok.contains("<rect"), "{ok}");
    }

    /// A metric of `values` a month apart from January 2024.
    fn with_series(mut m: Metric, values: &[f64]) -> Metric {
        m.series = values
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
        m
    }

    #[test]
    fn chart_escapes_labels() {
        let m = with_series(metric(1.0, 2.0, None, Better::Higher, "%"), &[1.0, 2.0]);
        let svg = chart_svg(&m);
        assert!(svg.contains("Pupils &lt;at&gt; standard") && !svg.contains("<at>"));
    }

    #[test]
    fn bars_are_hidden_and_the_series_is_named_by_every_value() {
        // The bars repeat the figures printed above them and the caption's sentence: hidden.
        let bars = bars(&metric(24.0, 36.0, Some(34.0), Better::Higher, "%")).unwrap();
        assert!(bars.contains(r#"aria-hidden="true""#), "{bars}");
        assert!(!bars.contains("role=") && !bars.contains("<desc"), "{bars}");
        // The series' values are not all printed elsewhere: its title has every one.
        let m = with_series(
            metric(24.0, 36.0, Some(34.0), Better::Higher, "%"),
            &[24.0, 27.0, 31.5, 36.0],
        );
        let svg = line(&m).unwrap();
        assert!(svg.contains(r#"role="img"><title>"#), "{svg}");
        let title = &svg[svg.find("<title>").unwrap()..svg.find("</title>").unwrap()];
        for value in ["24%", "27%", "31.5%", "36%", "January 2024", "April 2024"] {
            assert!(title.contains(value), "{value} missing: {title}");
        }
        assert!(!svg.contains(".0\""), "{svg}");
    }

    #[test]
    fn coordinates_drop_a_trailing_zero_and_keep_a_tenth() {
        assert_eq!(num(72.0), "72");
        assert_eq!(num(122.14), "122.1");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(41.25), "41.3");
    }

    /// The numeric attribute `name` of the first element in `tag` (the text of one element).
    fn attr(tag: &str, name: &str) -> f64 {
        let start = tag.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    }

    /// Each `<name …>` element of `svg` with the text up to its closing tag.
    fn elements<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
        svg.split(&format!("<{name} "))
            .skip(1)
            .map(|rest| &rest[..rest.find('<').unwrap_or(rest.len())])
            .collect()
    }

    /// The `<text>` elements of the group of values under a series' axis.
    fn value_texts(svg: &str) -> Vec<&str> {
        let start = svg
            .find(r#"<g class="chart-label chart-value""#)
            .expect(svg);
        let group = &svg[start..];
        elements(&group[..group.find("</g>").unwrap()], "text")
    }

    #[test]
    fn bar_labels_clear_the_bars_and_the_target_line() {
        let cases = [
            (54.0, 68.0, Some(65.0), "%"),
            (41200.0, 33784.0, Some(30000.0), "£"),
            (46.0, 19.0, Some(15.0), "pupils"),
            (0.0, 100.0, Some(100.0), "%"),
            (10.0, 100.0, Some(0.0), "%"),
            (12_000_000.0, 9_500_000.25, None, "£"),
        ];
        for (baseline, result, target, unit) in cases {
            let m = metric(baseline, result, target, Better::Higher, unit);
            let svg = bars(&m).unwrap();
            let widest = [baseline, result]
                .iter()
                .map(|v| text_width(&value(*v, Some(unit))))
                .fold(0.0, f64::max);
            let first_bar = elements(&svg, "rect")
                .iter()
                .map(|r| attr(r, "y"))
                .fold(f64::INFINITY, f64::min);
            for rect in elements(&svg, "rect") {
                let end = attr(rect, "x") + attr(rect, "width");
                assert!(
                    end <= WIDTH - widest - 4.0,
                    "bar end {end} under its value: {svg}"
                );
            }
            for text in elements(&svg, "text")
                .iter()
                .filter(|t| t.contains("chart-target-label"))
            {
                let (x, y) = (attr(text, "x"), attr(text, "y"));
                let width = text_width(&text[text.find('>').unwrap() + 1..]);
                let (from, to) = if !text.contains("\"end\"") {
                    (x, x + width)
                } else {
                    (x - width, x)
                };
                assert!(y + 4.0 <= first_bar, "target label over a bar: {svg}");
                assert!(
                    from >= 0.0 && to <= WIDTH - widest,
                    "target label out of its room: {svg}"
                );
                let line = attr(elements(&svg, "line")[0], "x1");
                assert!(
                    !(from..=to).contains(&line),
                    "target label across its line: {svg}"
                );
            }
        }
    }

    #[test]
    fn series_values_sit_under_the_axis_and_thin_out_when_crowded() {
        let mut m = metric(31.4, 22.8, Some(25.0), Better::Lower, "%");
        let point = |month: u32, value: f64| crate::model::SeriesPoint {
            date: crate::model::Date {
                year: 2024,
                month,
                day: None,
            },
            value,
        };
        m.series = vec![
            point(1, 31.4),
            point(2, 28.0),
            point(3, 24.5),
            point(4, 22.8),
        ];
        let svg = line(&m).unwrap();
        let axis = attr(elements(&svg, "line")[0], "y1");
        let values = value_texts(&svg);
        assert_eq!(values.len(), 4, "{svg}");
        assert!(values.iter().all(|t| attr(t, "y") > axis + 8.0), "{svg}");
        m.series = (1..=12)
            .map(|i| point(i, 20.0 + f64::from(i) * 1.25))
            .collect();
        let crowded = line(&m).unwrap();
        let shown = value_texts(&crowded).len();
        assert_eq!(shown, 2, "{crowded}");
    }
}
