//! How credible the figures read (issue 11): warnings a reviewer would raise about a metric
//! (a headline figure that does not say whether it is an outcome, a percentage over 100, a
//! unit in curly quotes, a `drives` on an outcome, one measure in different units).

use crate::diag::{codes, Diagnostic};
use crate::model::{Metric, MetricKind};
use crate::site::Site;
use std::collections::HashMap;

/// Every figure rule over the public artefacts, in a stable order.
pub fn warnings(site: &Site<'_>, out: &mut Vec<Diagnostic>) {
    let metrics = || site.artefacts.iter().flat_map(|a| &a.metrics);
    for metric in metrics() {
        headline_states_kind(metric, out);
        percentages_fit(metric, out);
        unit_has_straight_quotes(metric, out);
        drives_from_implementation(metric, out);
    }
    measures_share_a_unit(metrics(), out);
}

/// A headline figure says whether it is an outcome or an implementation measure: a panel
/// weighs them differently, and "Annual spend" is no outcome.
fn headline_states_kind(metric: &Metric, out: &mut Vec<Diagnostic>) {
    if metric.headline && !metric.context.kind_stated {
        out.push(
            Diagnostic::warning(
                codes::METRIC_KIND_UNSTATED,
                metric.location.clone(),
                format!("the headline metric `{}` does not say whether it is an outcome or an implementation measure", metric.label),
            )
            .with_hint("add `kind: outcome` if it shows a difference for pupils or staff, or `kind: implementation` if it shows the work was done as planned (take-up, sessions, spend)"),
        );
    }
}

/// Every number of a metric in `%`, with where it sits, for the percentage rule.
fn percentages(metric: &Metric) -> impl Iterator<Item = f64> + '_ {
    let c = &metric.context;
    [metric.baseline, metric.result]
        .into_iter()
        .chain(metric.target)
        .chain(metric.series.iter().map(|p| p.value))
        .chain(c.comparison.iter().flat_map(|p| [p.baseline, p.result]))
        .chain(c.groups.iter().flat_map(|p| [p.baseline, p.result]))
}

/// A share of pupils or lessons cannot pass 100%; a number over it is usually a count.
fn percentages_fit(metric: &Metric, out: &mut Vec<Diagnostic>) {
    if metric.unit.as_deref() != Some("%") {
        return;
    }
    if let Some(over) = percentages(metric).find(|v| *v > 100.0) {
        out.push(
            Diagnostic::warning(
                codes::PERCENT_OVER_100,
                metric.location.clone(),
                format!("the metric `{}` is in %, but one of its figures is {}%", metric.label, crate::model::format_number(over)),
            )
            .with_hint("a share cannot pass 100%: check the figure, or if it counts something give the unit it counts, for example:\nunit: pupils"),
        );
    }
}

/// `unit: “%”` (curly quotes from a word processor) keeps the quotes as part of the unit.
fn unit_has_straight_quotes(metric: &Metric, out: &mut Vec<Diagnostic>) {
    let Some(unit) = metric.unit.as_deref() else {
        return;
    };
    if unit.contains(['“', '”', '‘', '’', '„', '«', '»']) {
        let bare = unit.trim_matches(['“', '”', '‘', '’', '„', '«', '»', ' ']);
        out.push(
            Diagnostic::warning(
                codes::SMART_QUOTED_UNIT,
                metric.context.unit_location.clone().unwrap_or_else(|| metric.location.clone()),
                format!("the unit `{unit}` has curly quotes, so they are shown as part of it"),
            )
            .with_hint(format!("write it in straight quotes (as a plain text editor types them), for example:\nunit: \"{bare}\"")),
        );
    }
}

/// `drives` links an implementation measure to the outcome it explains.
fn drives_from_implementation(metric: &Metric, out: &mut Vec<Diagnostic>) {
    if let Some(drives) = &metric.context.drives {
        if metric.kind == MetricKind::Outcome {
            out.push(
                Diagnostic::warning(
                    codes::DRIVES_AN_OUTCOME,
                    drives.location.clone(),
                    format!("`{}` drives `{}`, but it is an outcome measure", metric.label, drives.value),
                )
                .with_hint("`drives` links an implementation measure (what was done) to the outcome it explains; if that is what this is, say so:\nkind: implementation"),
            );
        }
    }
}

/// One measure followed across years keeps one unit, or its trend compares unlike figures.
fn measures_share_a_unit<'a>(metrics: impl Iterator<Item = &'a Metric>, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Metric> = HashMap::new();
    for metric in metrics {
        let Some(measure) = &metric.context.measure else {
            continue;
        };
        let earlier = *first.entry(measure.value.as_str()).or_insert(metric);
        if earlier.unit != metric.unit {
            let unit = |m: &Metric| m.unit.clone().unwrap_or_else(|| "no unit".into());
            out.push(
                Diagnostic::warning(
                    codes::MEASURE_UNITS_DIFFER,
                    measure.location.clone(),
                    format!("the measure `{}` is in {} here but in {} at {}", measure.value, unit(metric), unit(earlier), earlier.location),
                )
                .with_hint("a measure followed across years keeps one unit, so its trend compares like with like; use the same `unit`, or a different `measure` name"),
            );
        }
    }
}
