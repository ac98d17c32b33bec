//! Grouped bars: the same measure for the metric's own group, a comparison group and each
//! pupil group, baseline and result side by side. The table beside it carries the numbers
//! for people who cannot see the picture, so the picture is hidden from assistive technology.

use super::html_text::escape;
use super::metrics_charts::{drawable, text_width, WIDTH};
use super::metrics_context::RowView;
use std::fmt::Write;

/// A row's label cut to the chart's width with "…" (the table beside it has it in full), so
/// no label runs past the picture and makes a phone's page scroll sideways.
fn fitted(label: &str) -> String {
    // Group labels are bold: allow a tenth more per character than plain chart text.
    let room = (WIDTH / (text_width("m") * 1.1)).floor() as usize;
    if label.chars().count() <= room {
        return label.to_string();
    }
    let cut: String = label.chars().take(room.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Each row: its label on a line of its own, then a baseline bar and a result bar, each
/// with its value in a column at the right sized to the longest value.
pub fn groups_svg(rows: &[RowView], _id: &str) -> String {
    let low = rows
        .iter()
        .flat_map(|r| [r.baseline, r.result])
        .fold(0.0, f64::min);
    let high = rows
        .iter()
        .flat_map(|r| [r.baseline, r.result])
        .fold(f64::NEG_INFINITY, f64::max)
        .max(low + 1e-9);
    if !drawable(low, high) {
        return String::new();
    }
    let column = rows
        .iter()
        .flat_map(|r| [&r.baseline_display, &r.result_display])
        .map(|v| text_width(v))
        .fold(40.0, f64::max)
        + 10.0;
    let span = WIDTH - column;
    let x = |v: f64| (v - low) / (high - low) * span;
    let (key, row_height) = (22.0, 48.0);
    let height = key + rows.len() as f64 * row_height;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart chart-groups" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" aria-hidden="true" focusable="false">"#
    );
    // The key: which bar is which, in words beside a swatch (never colour alone).
    let _ = write!(
        s,
        r#"<rect class="chart-baseline" x="0" y="4" width="10" height="10"/><text class="chart-label" x="14" y="13">Baseline</text><rect class="chart-result" x="80" y="4" width="10" height="10"/><text class="chart-label" x="94" y="13">Result</text>"#
    );
    for (i, row) in rows.iter().enumerate() {
        let y = key + i as f64 * row_height;
        let _ = write!(
            s,
            r#"<text class="chart-label chart-group-label chart-group--{}" x="0" y="{:.1}">{}</text>"#,
            row.role,
            y + 12.0,
            escape(&fitted(&row.label))
        );
        for (j, (v, text, class)) in [
            (row.baseline, &row.baseline_display, "chart-baseline"),
            (row.result, &row.result_display, "chart-result"),
        ]
        .into_iter()
        .enumerate()
        {
            let top = y + 16.0 + j as f64 * 14.0;
            let start = x(low.max(0.0).min(v));
            let width = (x(v) - start).max(1.0);
            let _ = write!(
                s,
                r#"<rect class="{class}" x="{start:.1}" y="{top:.1}" width="{width:.1}" height="12"/><text class="chart-label chart-value" x="{WIDTH}" y="{:.1}" text-anchor="end">{}</text>"#,
                top + 10.0,
                escape(text)
            );
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, baseline: f64, result: f64) -> RowView {
        RowView {
            label: label.into(),
            baseline,
            result,
            baseline_display: format!("{baseline}%"),
            result_display: format!("{result}%"),
            change_display: String::new(),
            role: "group",
        }
    }

    #[test]
    fn long_labels_are_cut_to_the_chart_and_bars_stop_short_of_their_values() {
        let long = "Pupils eligible for free school meals in the last six years <b>";
        let svg = groups_svg(&[row("All", 54.0, 68.0), row(long, 41.0, 100.0)], "m1");
        let label = svg
            .split("chart-group--group\" x=\"0\" y=\"82.0\">")
            .nth(1)
            .unwrap();
        let label = &label[..label.find('<').unwrap()];
        assert!(
            label.starts_with("Pupils eligible") && label.ends_with('…'),
            "{svg}"
        );
        assert!(text_width(label) * 1.1 <= WIDTH, "{label}");
        for rect in svg.split("<rect ").skip(3) {
            let x: f64 = rect
                .split("x=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let w: f64 = rect
                .split("width=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(x + w <= WIDTH - text_width("100%"), "{rect}");
        }
    }
}
