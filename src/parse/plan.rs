//! The argument fields of an artefact's front matter: the story (`changed`, `why`, `next`)
//! and, on `kind: plan`, the development plan (`goal`, `kpis`, `months`, `budget`,
//! `decision`, `closes`).

use super::fields::{Fields, Sink};
use super::{shapes, yaml};
use crate::diag::{codes, Diagnostic};
use crate::model::{DecisionPoint, Kind, Kpi, Plan, Story};

const GOAL_EXAMPLE: &str =
    "goal: Take formative assessment from the pilot to every Year 7 and 8 maths class.";

/// What changed, why, what next.
pub fn story(fields: &Fields<'_>) -> Story {
    Story {
        changed: fields.string("changed"),
        why: fields.string("why"),
        next: fields.string("next"),
    }
}

/// The plan of a `kind: plan` artefact; on any other kind, each plan field is an error at its
/// own line (it would be silently unused otherwise).
pub fn plan(fields: &Fields<'_>, kind: Option<Kind>) -> Option<Plan> {
    if kind != Some(Kind::Plan) {
        if kind.is_some() {
            refuse_plan_fields(fields);
        }
        return None;
    }
    let sink = fields.sink();
    let goal = fields.required_string("goal", GOAL_EXAMPLE);
    let kpis = fields
        .list("kpis", shapes::KPI.example)
        .iter()
        .filter_map(|node| kpi(sink, node))
        .collect();
    let plan = Plan {
        goal: goal.unwrap_or_default(),
        kpis,
        months: fields.count("months", "months: 12"),
        budget: fields.string("budget"),
        decision: fields.get("decision").and_then(|node| decision(sink, node)),
        closes: fields.string_list("closes"),
    };
    Some(plan)
}

fn refuse_plan_fields(fields: &Fields<'_>) {
    // The plan's fields are those its table allows only with `kind: plan`.
    let plan_fields = shapes::ARTEFACT
        .fields
        .iter()
        .filter(|f| f.only_if == Some(shapes::kind_is("plan")));
    for name in plan_fields.map(|f| f.name) {
        if let Some(node) = fields.get(name) {
            fields.sink().push(
                Diagnostic::error(
                    codes::PLAN_FIELD_ELSEWHERE,
                    fields.sink().at(node.pos),
                    format!("`{name}` belongs to a development plan, but this artefact is not one"),
                )
                .with_hint("write `kind: plan` to make this artefact a development plan, or remove the field"),
            );
        }
    }
}

fn kpi(sink: &Sink, node: &yaml::Node) -> Option<Kpi> {
    let fields = Fields::of(sink, node, &shapes::KPI)?;
    let errors_before = sink.error_count();
    let label = fields.required_string("label", "label: Pupils at or above expected standard");
    let baseline = fields.required_number("baseline", "baseline: 68");
    let target = fields.required_number("target", "target: 75");
    let kpi = Kpi {
        label: label.unwrap_or_default(),
        unit: fields.string("unit").filter(|u| !u.trim().is_empty()),
        baseline: baseline.unwrap_or_default(),
        target: target.unwrap_or_default(),
        location: fields.location(),
    };
    fields.finish();
    (sink.error_count() == errors_before).then_some(kpi)
}

fn decision(sink: &Sink, node: &yaml::Node) -> Option<DecisionPoint> {
    let fields = Fields::of(sink, node, &shapes::DECISION)?;
    let date = fields.required_date("date");
    let question = fields.string("question");
    fields.finish();
    Some(DecisionPoint {
        date: date?,
        question,
    })
}
