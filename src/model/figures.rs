//! What makes a figure credible beyond its baseline and result: when it was measured, how
//! it compares with a comparison group and across pupil groups, and how it links to other
//! measures (the outcome an implementation measure drives, the same measure in other years).

use super::{Date, Located};
use crate::diag::Location;

/// The optional context of a [`super::Metric`]; every part may be absent.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Default)]
pub struct Context {
    /// The metric's own name, for `drives:` to point at (unique within its artefact).
    pub id: Option<Located<String>>,
    /// A name shared by the same measure in several artefacts (years), for its trend page.
    pub measure: Option<Located<String>>,
    /// The `id` of the outcome this implementation measure explains.
    pub drives: Option<Located<String>>,
    /// Whether `kind` was written (a headline metric must say whether it is an outcome).
    pub kind_stated: bool,
    /// When the baseline and the result were measured, or the period in words.
    pub when: When,
    /// The same measure for a comparison group (e.g. non-pilot classes).
    pub comparison: Option<Pair>,
    /// The same measure by pupil group (e.g. disadvantaged pupils and others).
    pub groups: Vec<Pair>,
    /// Where `unit` was written, for rules about the unit itself.
    pub unit_location: Option<Location>,
}

/// When a metric's figures were measured.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Default)]
pub enum When {
    #[default]
    Unstated,
    /// `baseline_date` and/or `result_date`.
    Dates {
        baseline: Option<Date>,
        result: Option<Date>,
    },
    /// `period`, in the educator's words ("2024–25 school year").
    Period(String),
}

/// A labelled baseline and result of the same measure: a comparison group or a pupil group.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Pair {
    pub label: String,
    pub baseline: f64,
    pub result: f64,
}
