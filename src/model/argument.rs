//! The argument a portfolio makes to a panel, beyond its evidence: the story of each case
//! study (what changed, why, what next), the development plan, the pathway aimed at, and how
//! strong each piece of evidence is.

use super::{Artefact, Date, Located, Metric, MetricKind};
use crate::diag::Location;

/// A case study's story in three short answers, each optional.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Default)]
pub struct Story {
    /// What changed (the result, in words).
    pub changed: Option<String>,
    /// Why it changed (what the educator did, and why that worked).
    pub why: Option<String>,
    /// What happens next.
    pub next: Option<String>,
}

impl Story {
    /// Whether none of the three answers is written.
    pub fn is_empty(&self) -> bool {
        self.changed.is_none() && self.why.is_none() && self.next.is_none()
    }
}

/// A development plan (`kind: plan`): the goal, how progress is measured, and when the
/// decision to scale is taken.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Plan {
    pub goal: String,
    pub kpis: Vec<Kpi>,
    /// How long the plan runs, in months.
    pub months: Option<u32>,
    /// The budget as the educator writes it (currency and what it buys), never computed with.
    pub budget: Option<String>,
    pub decision: Option<DecisionPoint>,
    /// The competencies whose gaps the plan means to close.
    pub closes: Vec<Located<String>>,
}

/// A key performance indicator of a plan: where it starts and where it should get to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Kpi {
    pub label: String,
    pub unit: Option<String>,
    pub baseline: f64,
    pub target: f64,
    pub location: Location,
}

/// When, and on what evidence, the plan's work is scaled up, kept or stopped.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct DecisionPoint {
    pub date: Date,
    /// What the decision turns on.
    pub question: Option<String>,
}

/// A career route the portfolio argues readiness for: the skills it asks to see, each mapped
/// to competencies of a framework.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct Pathway {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub skills: Vec<PathwaySkill>,
    /// Where portfolio.yaml names it.
    pub named_at: Location,
    /// Built-in pathways map to every built-in framework at once, so a competency id of
    /// another framework is skipped rather than reported.
    pub builtin: bool,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq)]
pub struct PathwaySkill {
    pub name: String,
    pub description: Option<String>,
    pub competencies: Vec<Located<String>>,
    pub location: Location,
}

/// How strongly a piece of evidence argues, weakest first, as a panel weighs it.
#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub enum Strength {
    /// Words only: no figure.
    Narrative,
    /// Figures of what was done (take-up, fidelity), not of what it achieved.
    Implementation,
    /// A figure of what changed for pupils or staff.
    Outcome,
    /// An outcome set beside a comparison group.
    OutcomeWithComparison,
}

impl Strength {
    pub fn id(self) -> &'static str {
        match self {
            Strength::Narrative => "narrative",
            Strength::Implementation => "implementation",
            Strength::Outcome => "outcome",
            Strength::OutcomeWithComparison => "outcome-comparison",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Strength::Narrative => "Narrative only",
            Strength::Implementation => "Implementation data",
            Strength::Outcome => "Outcome data",
            Strength::OutcomeWithComparison => "Outcome data with a comparison",
        }
    }

    /// The strength of one metric.
    pub fn of_metric(metric: &Metric) -> Strength {
        match metric.kind {
            MetricKind::Implementation => Strength::Implementation,
            MetricKind::Outcome if has_comparison(metric) => Strength::OutcomeWithComparison,
            MetricKind::Outcome => Strength::Outcome,
        }
    }

    /// The strength of an artefact: that of its strongest metric, else narrative.
    pub fn of_artefact(artefact: &Artefact) -> Strength {
        artefact
            .metrics
            .iter()
            .map(Strength::of_metric)
            .max()
            .unwrap_or(Strength::Narrative)
    }
}

/// Whether a metric is set beside a comparison group (the strongest evidence a figure gives).
pub fn has_comparison(metric: &Metric) -> bool {
    metric.context.comparison.is_some()
}
