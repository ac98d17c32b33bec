//! Grouped bars: the same measure for the metric's own group, a comparison group and each
//! pupil group, baseline and result side by side. The table beside it carries the numbers
//! for people who cannot see the picture, so the picture is hidden from assistive technology.

use super::html_text::escape;
use super::metrics_charts::{drawable, text_width, WIDTH};
use super::metrics_context::RowView;
use std::fmt::Write;

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
            escape(&row.label)
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
