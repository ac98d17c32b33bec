//! A metric as templates see it: its figures formatted, how it changed, and its chart.

use super::CardLite;
use crate::model::Metric;
use crate::render::{metrics, metrics_context};
use serde::Serialize;

#[derive(Serialize)]
pub struct MetricView<'a> {
    pub id: String,
    pub label: &'a str,
    pub unit: Option<&'a str>,
    pub better: &'static str,
    pub kind: &'static str,
    pub headline: bool,
    pub source: Option<&'a str>,
    pub baseline: f64,
    pub result: f64,
    pub target: Option<f64>,
    pub baseline_display: String,
    pub result_display: String,
    pub target_display: Option<String>,
    pub change_display: String,
    pub improved: bool,
    pub unchanged: bool,
    pub target_met: Option<bool>,
    pub status: &'static str,
    pub summary: String,
    /// The improvement relative to the baseline (0.25 = a quarter better; negative when
    /// worse), which orders the home page's impact strip by strength.
    pub gain: f64,
    pub chart_svg: String,
    pub series: Vec<PointView>,
    /// n, dates, comparison, groups and linked measures (issue 11).
    pub context: metrics_context::ContextView,
    /// Set on the home page's headline dashboard.
    pub artefact: Option<CardLite<'a>>,
    /// In the printable dossier: the id of the artefact's section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

#[derive(Serialize)]
pub struct PointView {
    pub date: String,
    pub value: f64,
    pub value_display: String,
}

/// How much better the result is than the baseline, relative to the baseline's size; a
/// baseline of zero counts any improvement as 100%, so the strip can still rank it.
pub fn gain(m: &Metric) -> f64 {
    let better = match m.better {
        crate::model::Better::Higher => m.result - m.baseline,
        crate::model::Better::Lower => m.baseline - m.result,
    };
    if m.baseline == 0.0 {
        better.signum()
    } else {
        better / m.baseline.abs()
    }
}

pub fn metric<'a>(m: &'a Metric, id: String) -> MetricView<'a> {
    let unit = m.unit.as_deref();
    let chart_svg = metrics::chart_svg(m);
    let context = metrics_context::context(m, &id);
    MetricView {
        label: &m.label,
        unit,
        better: m.better.id(),
        kind: m.kind.id(),
        headline: m.headline,
        source: m.source.as_deref(),
        baseline: m.baseline,
        result: m.result,
        target: m.target,
        baseline_display: metrics::value(m.baseline, unit),
        result_display: metrics::value(m.result, unit),
        target_display: m.target.map(|t| metrics::value(t, unit)),
        change_display: metrics::change(m),
        improved: metrics::improved(m),
        unchanged: m.result == m.baseline,
        target_met: metrics::target_met(m),
        status: metrics::status(m).id(),
        summary: metrics::sentence(m),
        gain: gain(m),
        chart_svg,
        series: m
            .series
            .iter()
            .map(|p| PointView {
                date: p.date.month_display(),
                value: p.value,
                value_display: metrics::value(p.value, unit),
            })
            .collect(),
        context,
        artefact: None,
        anchor: None,
        id,
    }
}
