//! What makes a figure credible, in words: one quiet line under every figure ("n = 112 ·
//! Apr → Jul 2025 · non-pilot classes +2 pp"), the comparison and pupil groups as a table
//! (the text equivalent of their chart), and the links between measures.

use super::metrics::{difference, value};
use super::metrics_groups::groups_svg;
use crate::model::{Date, Metric, When};
use serde::Serialize;

/// The context of one metric, as its templates show it.
#[derive(Serialize, Default)]
pub struct ContextView {
    /// How many pupils, staff or classes the figure counts.
    pub n: Option<u32>,
    /// "n = 112".
    pub n_display: Option<String>,
    /// "Apr → Jul 2025", "from Oct 2023", or the period in the author's words.
    pub when: Option<String>,
    /// "non-pilot classes +2 pp".
    pub comparison: Option<String>,
    /// Everything above joined with " · ": the one quiet line (None when there is nothing).
    pub line: Option<String>,
    /// The metric's own group, the comparison group and each pupil group, when there is more
    /// than one: a table, and the rows of its chart.
    pub rows: Vec<RowView>,
    /// The grouped bars drawn from `rows` (decorative: the table says the same).
    pub groups_svg: String,
    /// The metric's `id`, if written.
    pub metric_id: Option<String>,
    /// The page of the measure this metric continues across years.
    pub measure: Option<LinkView>,
    /// The outcome this implementation measure explains, when it is on the same page.
    pub drives: Option<LinkView>,
    /// The implementation measures that explain this outcome, when on the same page.
    pub driven_by: Vec<LinkView>,
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub label: String,
    /// Site-relative (measure pages) or an in-page `#anchor` (linked measures).
    pub url: String,
}

/// One row of the groups table.
#[derive(Serialize)]
pub struct RowView {
    pub label: String,
    pub baseline: f64,
    pub result: f64,
    pub baseline_display: String,
    pub result_display: String,
    pub change_display: String,
    /// `main`, `comparison` or `group`, for styling.
    pub role: &'static str,
}

/// The context of `m`; `id` is its view's id, for the chart's element ids.
pub fn context(m: &Metric, id: &str) -> ContextView {
    let c = &m.context;
    let unit = m.unit.as_deref();
    let n_display = m.n.map(|n| format!("n = {}", value(f64::from(n), None)));
    let when = when(&c.when);
    let comparison = c
        .comparison
        .as_ref()
        .map(|p| format!("{} {}", p.label, difference(p.result - p.baseline, unit)));
    let parts: Vec<&str> = [&n_display, &when, &comparison]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let rows = rows(m);
    ContextView {
        n: m.n,
        line: (!parts.is_empty()).then(|| parts.join(" · ")),
        n_display,
        when,
        comparison,
        groups_svg: if rows.is_empty() {
            String::new()
        } else {
            groups_svg(&rows, id)
        },
        rows,
        metric_id: c.id.as_ref().map(|i| i.value.clone()),
        measure: c.measure.as_ref().map(|measure| LinkView {
            label: measure.value.clone(),
            url: crate::site::measure_url(&measure.value),
        }),
        drives: None,
        driven_by: Vec::new(),
    }
}

/// The rows of the groups table: none unless there is a comparison or a pupil group.
fn rows(m: &Metric) -> Vec<RowView> {
    let c = &m.context;
    if c.comparison.is_none() && c.groups.is_empty() {
        return Vec::new();
    }
    let unit = m.unit.as_deref();
    let row = |label: &str, baseline: f64, result: f64, role| RowView {
        label: label.to_string(),
        baseline,
        result,
        baseline_display: value(baseline, unit),
        result_display: value(result, unit),
        change_display: difference(result - baseline, unit),
        role,
    };
    let main = if c.comparison.is_some() {
        "This work"
    } else {
        "All"
    };
    let mut rows = vec![row(main, m.baseline, m.result, "main")];
    rows.extend(
        c.comparison
            .iter()
            .map(|p| row(&p.label, p.baseline, p.result, "comparison")),
    );
    rows.extend(
        c.groups
            .iter()
            .map(|p| row(&p.label, p.baseline, p.result, "group")),
    );
    rows
}

/// "Apr → Jul 2025", "Oct 2023 → Jul 2024", "3 Apr → 18 Jul 2025", "from Apr 2025",
/// "measured Jul 2025", or the period as written.
pub fn when(when: &When) -> Option<String> {
    match when {
        When::Unstated => None,
        When::Period(text) => Some(text.clone()),
        When::Dates {
            baseline: Some(b),
            result: Some(r),
        } if b.year == r.year => Some(format!("{} → {} {}", day_month(b), day_month(r), r.year)),
        When::Dates {
            baseline: Some(b),
            result: Some(r),
        } => Some(format!(
            "{} {} → {} {}",
            day_month(b),
            b.year,
            day_month(r),
            r.year
        )),
        When::Dates {
            baseline: Some(b),
            result: None,
        } => Some(format!("from {} {}", day_month(b), b.year)),
        When::Dates {
            baseline: None,
            result: Some(r),
        } => Some(format!("measured {} {}", day_month(r), r.year)),
        When::Dates { .. } => None,
    }
}

/// "Apr" or "3 Apr": English month names all abbreviate to their first three letters.
fn day_month(date: &Date) -> String {
    let month: String = date.month_display().chars().take(3).collect();
    match date.day {
        Some(day) => format!("{day} {month}"),
        None => month,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::{Better, Context, Located, MetricKind, Pair};

    fn date(text: &str) -> Option<Date> {
        Date::parse(text)
    }

    fn metric(unit: &str, context: Context) -> Metric {
        Metric {
            label: "Pupils at or above expected standard".into(),
            unit: Some(unit.into()),
            baseline: 54.0,
            result: 68.0,
            target: None,
            better: Better::Higher,
            kind: MetricKind::Outcome,
            headline: true,
            source: None,
            n: Some(112),
            series: Vec::new(),
            context,
            location: Location::file("a.md"),
        }
    }

    #[test]
    fn one_quiet_line_says_n_period_and_comparison() {
        let m = metric(
            "%",
            Context {
                when: When::Dates {
                    baseline: date("2025-04"),
                    result: date("2025-07"),
                },
                comparison: Some(Pair {
                    label: "non-pilot classes".into(),
                    baseline: 61.0,
                    result: 63.0,
                }),
                ..Context::default()
            },
        );
        let view = context(&m, "m1");
        assert_eq!(
            view.line.as_deref(),
            Some("n = 112 · Apr → Jul 2025 · non-pilot classes +2 pp")
        );
        assert_eq!(view.rows.len(), 2);
        assert_eq!(view.rows[0].change_display, "+14 pp");
        assert_eq!(view.rows[1].label, "non-pilot classes");
        assert!(
            view.groups_svg.contains("non-pilot classes"),
            "{}",
            view.groups_svg
        );
    }

    #[test]
    fn dates_read_naturally() {
        let dates = |b: &str, r: &str| {
            when(&When::Dates {
                baseline: date(b),
                result: date(r),
            })
        };
        assert_eq!(
            dates("2023-10", "2024-07").as_deref(),
            Some("Oct 2023 → Jul 2024")
        );
        assert_eq!(
            dates("2025-04-03", "2025-07-18").as_deref(),
            Some("3 Apr → 18 Jul 2025")
        );
        assert_eq!(dates("2025-09", "").as_deref(), Some("from Sep 2025"));
        assert_eq!(dates("", "2025-06").as_deref(), Some("measured Jun 2025"));
        assert_eq!(
            when(&When::Period("2024–25 school year".into())).as_deref(),
            Some("2024–25 school year")
        );
    }

    #[test]
    fn nothing_to_say_is_no_line_and_no_table() {
        let mut m = metric("%", Context::default());
        m.n = None;
        let view = context(&m, "m1");
        assert!(view.line.is_none() && view.rows.is_empty() && view.groups_svg.is_empty());
    }

    #[test]
    fn a_measure_links_to_its_page() {
        let m = metric(
            "%",
            Context {
                measure: Some(Located::new(
                    "ks3-attainment".into(),
                    Location::file("a.md"),
                )),
                ..Context::default()
            },
        );
        assert_eq!(
            context(&m, "m1").measure.unwrap().url,
            "measures/ks3-attainment/"
        );
    }
}
