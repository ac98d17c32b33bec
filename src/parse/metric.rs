//! One metric of an artefact: its figures, and the context that makes them credible (dates,
//! comparison group, pupil groups, its `id`, the `measure` it continues, the outcome it `drives`).

use super::fields::{date_of, number_of, Fields, Sink};
use super::{shapes, yaml};
use crate::diag::{codes, Diagnostic};
use crate::model::{Better, Context, Located, Metric, MetricKind, Pair, SeriesPoint, When};

pub fn metric(sink: &Sink, node: &yaml::Node) -> Option<Metric> {
    let fields = Fields::of(sink, node, &shapes::METRIC)?;
    let errors_before = sink.error_count();
    let label = fields.required_string("label", "label: Pupils at or above expected standard");
    let baseline = fields.required_number("baseline", "baseline: 54");
    let result = fields.required_number("result", "result: 68");
    let headline = fields.bool("headline").unwrap_or(false);
    let source = fields.string("source");
    if headline && source.is_none() {
        sink.push(
            Diagnostic::error(codes::HEADLINE_WITHOUT_SOURCE, fields.location(), "a headline metric needs a `source`")
                .with_hint("say where the numbers come from, so a reviewer can trust them, for example:\nsource: Trust assessment data, July 2025"),
        );
    }
    let series = fields
        .list("series", "series:\n  - {date: 2025-04, value: 54}")
        .iter()
        .filter_map(|point| series_point(sink, point))
        .collect();
    let metric = Metric {
        label: label.unwrap_or_default(),
        unit: fields.string("unit").filter(|u| !u.trim().is_empty()),
        baseline: baseline.unwrap_or_default(),
        result: result.unwrap_or_default(),
        target: fields.number("target"),
        better: fields
            .choice(
                "better",
                &[("higher", Better::Higher), ("lower", Better::Lower)],
            )
            .unwrap_or(Better::Higher),
        kind: fields
            .choice(
                "kind",
                &[
                    ("outcome", MetricKind::Outcome),
                    ("implementation", MetricKind::Implementation),
                ],
            )
            .unwrap_or(MetricKind::Outcome),
        headline,
        source,
        n: fields.count("n", "n: 112"),
        series,
        context: context(&fields),
        location: fields.location(),
    };
    fields.finish();
    (sink.error_count() == errors_before).then_some(metric)
}

/// The optional fields that say when, compared with whom, and linked to what.
fn context(fields: &Fields<'_>) -> Context {
    Context {
        id: name(fields, "id"),
        measure: name(fields, "measure"),
        drives: fields.located_string("drives"),
        kind_stated: fields.get("kind").is_some(),
        when: when(fields),
        comparison: fields
            .get("comparison")
            .and_then(|n| pair(fields.sink(), &shapes::COMPARISON, n)),
        groups: fields
            .list("groups", shapes::GROUP.example)
            .iter()
            .filter_map(|n| pair(fields.sink(), &shapes::GROUP, n))
            .collect(),
        unit_location: fields.get("unit").map(|n| fields.sink().at(n.pos)),
    }
}

/// An `id` or a `measure`: a short name that may name a page, so it must be one already.
fn name(fields: &Fields<'_>, field: &str) -> Option<Located<String>> {
    let name = fields.located_string(field)?;
    let clean = crate::markdown::slugify(&name.value);
    if clean != name.value || clean.is_empty() {
        fields.sink().push(
            Diagnostic::error(
                codes::BAD_SLUG,
                name.location.clone(),
                format!("the metric {field} `{}` is not a short name", name.value),
            )
            .with_hint(format!(
                "use lowercase letters, digits and dashes, for example:\n{field}: {}",
                if clean.is_empty() {
                    "reading-age"
                } else {
                    &clean
                }
            )),
        );
        return None;
    }
    fields.check_page_name(field, &name);
    Some(name)
}

/// `baseline_date` and `result_date`, or `period` in words; not both ways at once.
fn when(fields: &Fields<'_>) -> When {
    let baseline = fields.date("baseline_date");
    let result = fields.date("result_date");
    let period = fields.string("period");
    if let (Some(b), Some(r)) = (baseline, result) {
        if b.is_after(&r) {
            let at = fields.get("result_date").map(|n| n.pos).unwrap_or_default();
            fields.sink().push(
                Diagnostic::error(codes::DATE_ORDER, fields.sink().at(at), "`result_date` is before `baseline_date`")
                    .with_hint("the baseline is measured first; swap the dates if they are the wrong way round"),
            );
        }
    }
    match (baseline.or(result), period) {
        (Some(_), Some(_)) => {
            let at = fields.get("period").map(|n| n.pos).unwrap_or_default();
            fields.sink().push(
                Diagnostic::error(codes::PERIOD_AND_DATES, fields.sink().at(at), "this metric has both `period` and `baseline_date`/`result_date`")
                    .with_hint("keep one: the dates (baseline_date: 2025-04, result_date: 2025-07) or the period in words (period: 2024–25 school year)"),
            );
            When::Unstated
        }
        (Some(_), None) => When::Dates { baseline, result },
        (None, Some(period)) => When::Period(period),
        (None, None) => When::Unstated,
    }
}

/// `{label, baseline, result}`: a comparison group or one pupil group.
fn pair(sink: &Sink, shape: &'static shapes::Shape, node: &yaml::Node) -> Option<Pair> {
    let fields = Fields::of(sink, node, shape)?;
    let label = fields.required_string("label", "label: non-pilot classes");
    let baseline = fields.required_number("baseline", "baseline: 61");
    let result = fields.required_number("result", "result: 63");
    fields.finish();
    Some(Pair {
        label: label?,
        baseline: baseline?,
        result: result?,
    })
}

fn series_point(sink: &Sink, node: &yaml::Node) -> Option<SeriesPoint> {
    let fields = Fields::of(sink, node, &shapes::SERIES_POINT)?;
    let date = match fields.get("date") {
        Some(n) => date_of(sink, "date", n),
        None => fields.required_date("date"),
    };
    let value = match fields.get("value") {
        Some(n) => number_of(sink, "value", n),
        None => fields.required_number("value", "value: 54"),
    };
    fields.finish();
    Some(SeriesPoint {
        date: date?,
        value: value?,
    })
}

/// Checks the links between the metrics of one artefact: each `id` once, each `drives` naming
/// one of them. Returns the metrics unchanged, so the caller can wrap its list in this.
pub fn linked(sink: &Sink, metrics: Vec<Metric>) -> Vec<Metric> {
    let mut seen: Vec<&Located<String>> = Vec::new();
    for id in metrics.iter().filter_map(|m| m.context.id.as_ref()) {
        if let Some(first) = seen.iter().find(|s| s.value == id.value) {
            sink.push(
                Diagnostic::error(
                    codes::DUPLICATE_METRIC_ID,
                    id.location.clone(),
                    format!("two metrics of this artefact have the id `{}`", id.value),
                )
                .with_hint(format!(
                    "the first is at line {}; give each metric its own id, for example:\nid: {}-2",
                    first.location.line, id.value
                )),
            );
        } else {
            seen.push(id);
        }
    }
    for drives in metrics.iter().filter_map(|m| m.context.drives.as_ref()) {
        if !seen.iter().any(|s| s.value == drives.value) {
            let names = seen.iter().map(|s| s.value.as_str());
            let hint = crate::diag::did_you_mean(&drives.value, names.clone())
                .unwrap_or_else(|| {
                    if seen.is_empty() {
                        "give the outcome it explains an id, and name it here, for example:\nid: attainment   (on the outcome)\ndrives: attainment   (on this measure)".into()
                    } else {
                        format!("the metric ids of this artefact are: {}", names.collect::<Vec<_>>().join(", "))
                    }
                });
            sink.push(
                Diagnostic::error(
                    codes::UNKNOWN_METRIC_ID,
                    drives.location.clone(),
                    format!(
                        "`drives: {}` names no metric of this artefact",
                        drives.value
                    ),
                )
                .with_hint(hint),
            );
        }
    }
    metrics
}
