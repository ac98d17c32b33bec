//! The fields of a metric and of what hangs off it: its series points, comparison group and
//! pupil groups (docs/format.md, "Metrics").

use super::{Cond, Field, Is, Shape, Type};

const HEADLINE: Cond = Cond {
    field: "headline",
    is: Is::True,
};

pub static METRIC: Shape = Shape {
    what: "metric",
    help: "A measured impact: what was measured, the figure before and the figure after.",
    example: "metrics:\n  - label: Pupils at or above expected standard\n    unit: \"%\"\n    baseline: 54\n    result: 68",
    fields: &[
        Field::required("label", Type::Text, "What was measured, as a reviewer should read it."),
        Field::optional("unit", Type::Text, "\"%\" (in quotes), pp (percentage points), £, $, €, or a short word such as pupils or hours."),
        Field::required("baseline", Type::Number, "The number before the work."),
        Field::required("result", Type::Number, "The number after it."),
        Field::optional("target", Type::Number, "The number you were aiming for."),
        Field::optional("better", Type::Choice(&["higher", "lower"]), "Which direction counts as improvement. Default: higher."),
        Field::optional("kind", Type::Choice(&["outcome", "implementation"]), "`outcome` (did it make a difference?) or `implementation` (did we do what we planned?). Default: outcome."),
        Field::optional("headline", Type::Bool, "`true` also shows the metric on the home page under \"Impact at a glance\"; it then needs a `source`."),
        Field::optional("source", Type::Text, "Where the numbers come from. Required when `headline: true`.").required_if(HEADLINE),
        Field::optional("n", Type::Count, "How many pupils, staff or classes the figure counts: a whole number of at least 1."),
        Field::optional("series", Type::List(&SERIES_POINT), "Values over time, each {date, value}, oldest first; drawn as a line chart."),
        Field::optional("id", Type::Text, "A short name for the metric (lowercase letters, digits and dashes), unique within its artefact, for `drives` to point at."),
        Field::optional("measure", Type::Text, "A short name shared by the same measure in several artefacts; each measure gets a page with its trend."),
        Field::optional("drives", Type::Text, "On an implementation measure: the `id` of the outcome in the same artefact it explains."),
        Field::optional("baseline_date", Type::Date, "When the baseline was measured: 2025-04 or 2025-04-03."),
        Field::optional("result_date", Type::Date, "When the result was measured; not before `baseline_date`."),
        Field::optional("period", Type::Text, "When it was measured, in words, instead of the two dates."),
        Field::optional("comparison", Type::Object(&COMPARISON), "The same measure for a comparison group: {label, baseline, result}."),
        Field::optional("groups", Type::List(&GROUP), "The same measure by pupil group, each {label, baseline, result}."),
    ],
};

pub static SERIES_POINT: Shape = Shape {
    what: "series point",
    help: "One value of a metric over time.",
    example: "- {date: 2025-04, value: 54}",
    fields: &[
        Field::required("date", Type::Date, "When the value was measured."),
        Field::required("value", Type::Number, "The metric's value at that date."),
    ],
};

const PAIR_FIELDS: &[Field] = &[
    Field::required("label", Type::Text, "Who the figures are for."),
    Field::required("baseline", Type::Number, "Their number before the work."),
    Field::required("result", Type::Number, "Their number after it."),
];

pub static COMPARISON: Shape = Shape {
    what: "comparison",
    help: "The same measure for a comparison group.",
    example: "comparison: {label: non-pilot classes, baseline: 61, result: 63}",
    fields: PAIR_FIELDS,
};

pub static GROUP: Shape = Shape {
    what: "group",
    help: "The same measure for one pupil group.",
    example: "groups:\n  - {label: Disadvantaged pupils, baseline: 41, result: 60}\n  - {label: Other pupils, baseline: 59, result: 71}",
    fields: PAIR_FIELDS,
};
