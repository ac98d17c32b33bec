//! The page of one measure followed across years (`measures/<id>/`): its trend drawn from
//! every public metric that shares the `measure:` id, and each of them with its source.

use super::metrics::{difference, value};
use super::metrics_context::when;
use super::page_kinds::{Frame, Job};
use super::views::{self, CardLite, MetricView};
use crate::diag::Diagnostic;
use crate::model::{Context, Metric, SeriesPoint};
use crate::site::{self, Measure};
use serde::Serialize;

#[derive(Serialize)]
struct MeasureExtra<'a> {
    heading: &'a str,
    intro: String,
    trend: MetricView<'a>,
    sources: Vec<SourceView<'a>>,
}

/// One report of the measure, in words.
#[derive(Serialize)]
struct SourceView<'a> {
    artefact: CardLite<'a>,
    label: &'a str,
    when: Option<String>,
    figures: String,
    change_display: String,
    n: Option<u32>,
    source: Option<&'a str>,
}

pub(super) fn measure(job: &Job<'_>, i: usize) -> Result<(), Diagnostic> {
    let site = job.site();
    let measures = site::measures(site);
    let measure = &measures[i];
    let trend = trend(measure);
    let latest = measure.entries.last().map(|e| e.metric);
    let heading = latest.map_or(measure.id, |m| m.label.as_str());
    let extra = MeasureExtra {
        heading,
        intro: intro(measure),
        trend: views::metric(&trend, format!("measure-{}", measure.id)),
        sources: measure
            .entries
            .iter()
            .map(|e| {
                let m = e.metric;
                let unit = m.unit.as_deref();
                SourceView {
                    artefact: views::card_lite(site, e.artefact),
                    label: &m.label,
                    when: when(&m.context.when).or_else(|| Some(e.result_date.display())),
                    figures: format!("{} → {}", value(m.baseline, unit), value(m.result, unit)),
                    change_display: difference(m.result - m.baseline, unit),
                    n: m.n,
                    source: m.source.as_deref(),
                }
            })
            .collect(),
    };
    job.emit(
        Frame {
            template: "measure.html",
            kind: "measure",
            section: "",
            title: heading,
        },
        extra,
    )
}

/// "Reported in 2 artefacts, from 2024 to 2025."
fn intro(measure: &Measure<'_>) -> String {
    let count = measure.entries.len();
    let years = |e: Option<&site::MeasureEntry<'_>>| e.map(|e| e.result_date.year);
    let (first, last) = (
        years(measure.entries.first()),
        years(measure.entries.last()),
    );
    let plural = if count == 1 { "" } else { "s" };
    match (first, last) {
        (Some(a), Some(b)) if a != b => {
            format!("The same measure reported in {count} artefact{plural}, from {a} to {b}.")
        }
        (Some(a), _) => format!("The same measure reported in {count} artefact{plural}, in {a}."),
        _ => String::new(),
    }
}

/// The whole trend as one metric: from the first baseline to the latest result, with each
/// result (and the first baseline, when its date is known) as a point of its series.
fn trend(measure: &Measure<'_>) -> Metric {
    let first = &measure.entries[0];
    let last = &measure.entries[measure.entries.len() - 1];
    let mut series: Vec<SeriesPoint> = first
        .baseline_date
        .filter(|d| *d < first.result_date)
        .map(|date| SeriesPoint {
            date,
            value: first.metric.baseline,
        })
        .into_iter()
        .collect();
    series.extend(measure.entries.iter().map(|e| SeriesPoint {
        date: e.result_date,
        value: e.metric.result,
    }));
    Metric {
        label: last.metric.label.clone(),
        unit: last.metric.unit.clone(),
        baseline: first.metric.baseline,
        result: last.metric.result,
        target: last.metric.target,
        better: last.metric.better,
        kind: last.metric.kind,
        headline: false,
        source: None,
        n: None,
        series,
        context: Context::default(),
        location: last.metric.location.clone(),
    }
}
