//! The same measure across years: public metrics sharing a `measure:` id, gathered in order
//! of when their results were measured, for a page per measure.

use super::{Id, Site};
use crate::model::{Date, Metric, When};

/// One measure and each metric that reports it, oldest result first.
pub struct Measure<'a> {
    pub id: &'a str,
    pub entries: Vec<Entry<'a>>,
}

/// One report of a measure: the metric and the artefact it belongs to.
pub struct Entry<'a> {
    pub artefact: Id,
    pub metric: &'a Metric,
    /// When its result was measured: `result_date`, or the artefact's date.
    pub result_date: Date,
    /// When its baseline was measured: `baseline_date`, or the artefact's `start`, if known.
    pub baseline_date: Option<Date>,
}

/// Every measure of the public artefacts, by id.
pub fn measures<'a>(site: &Site<'a>) -> Vec<Measure<'a>> {
    let mut out: Vec<Measure<'a>> = Vec::new();
    for (id, artefact) in site.artefacts.iter().enumerate() {
        for metric in &artefact.metrics {
            let Some(measure) = &metric.context.measure else {
                continue;
            };
            let (baseline, result) = match metric.context.when {
                When::Dates { baseline, result } => (baseline, result),
                _ => (None, None),
            };
            let entry = Entry {
                artefact: id,
                metric,
                result_date: result.unwrap_or(artefact.date),
                baseline_date: baseline.or(artefact.start),
            };
            match out.iter_mut().find(|m| m.id == measure.value) {
                Some(m) => m.entries.push(entry),
                None => out.push(Measure {
                    id: &measure.value,
                    entries: vec![entry],
                }),
            }
        }
    }
    for measure in &mut out {
        measure.entries.sort_by_key(|e| e.result_date);
    }
    out.sort_by(|a, b| a.id.cmp(b.id));
    out
}
