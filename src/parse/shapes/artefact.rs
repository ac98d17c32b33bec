//! The fields of an artefact's front matter, its testimonials and attachments, and the
//! development plan's KPIs and decision point (docs/format.md, "Artefacts").

use super::metric::METRIC;
use super::{kind_is, Cond, Field, Shape, Type};

/// The artefact kinds, in the order the All artefacts page shows them (`model::Kind::ALL`).
pub const KINDS: &[&str] = &[
    "case-study",
    "project",
    "publication",
    "presentation",
    "credential",
    "reflection",
    "testimonial",
    "plan",
];

const PLAN: Cond = kind_is("plan");

pub static ARTEFACT: Shape = Shape {
    what: "artefact",
    help: "The front matter of one artefact: a piece of evidence of your work.",
    example: "title: Formative assessment pilot\nkind: case-study\ndate: 2025-06-30",
    fields: &[
        Field::required("title", Type::Text, "The page heading and the title on every card, in the feed and in portfolio.json."),
        Field::required("kind", Type::Choice(KINDS), "What the artefact is; `plan` is a development plan. Shown as a label (\"Case study\", \"Project\"…)."),
        Field::required("date", Type::Date, "When the work ended (or was published or awarded): 2025-06-30 or 2025-06. It decides the order of every list."),
        Field::optional("start", Type::Date, "When the work began: 2025-04-14 or 2025-04. It must not be later than `date`."),
        Field::optional("role", Type::Text, "Your own role in the work, shown as \"My role\"."),
        Field::optional("summary", Type::Text, "One sentence a reviewer reads first (plain text). Required for a case study.")
            .required_if(kind_is("case-study")),
        Field::optional("tags", Type::Names, "Topics, as a list; each tag has a page listing its artefacts."),
        Field::optional("competencies", Type::Names, "Ids of the competencies of the portfolio's framework that this artefact evidences."),
        Field::optional("featured", Type::Bool, "`true` puts the artefact under \"Featured work\" on the home page."),
        Field::optional("draft", Type::Flag, "`true` keeps the artefact off the site unless you build with --drafts."),
        Field::optional("private", Type::Flag, "`true` means the artefact is never written to the site; it is still checked."),
        Field::optional("slug", Type::Text, "The artefact's address, /artefacts/<slug>/: lowercase letters, digits and dashes. Default: the file name."),
        Field::optional("metrics", Type::List(&METRIC), "Measured impact: each with a label, a baseline and a result."),
        Field::optional("testimonials", Type::List(&TESTIMONIAL), "Quotations from colleagues, parents, pupils…, each with the person's consent."),
        Field::optional("attachments", Type::List(&ATTACHMENT), "Files and links, each a `title` with a `file` or a `url`."),
        Field::optional("changed", Type::Text, "The story of the work: what changed, ideally with the figure."),
        Field::optional("why", Type::Text, "The story of the work: why it changed, what you did that made the difference."),
        Field::optional("next", Type::Text, "The story of the work: what happens next."),
        Field::optional("goal", Type::Text, "The development plan's goal in a sentence (only with `kind: plan`, where it is required).")
            .required_if(PLAN)
            .only_if(PLAN),
        Field::optional("kpis", Type::List(&KPI), "The plan's key performance indicators (only with `kind: plan`).").only_if(PLAN),
        Field::optional("months", Type::Count, "How long the plan runs: a whole number of months (only with `kind: plan`).").only_if(PLAN),
        Field::optional("budget", Type::Text, "The plan's budget as text, shown as written (only with `kind: plan`).").only_if(PLAN),
        Field::optional("decision", Type::Object(&DECISION), "The plan's scale decision point: a `date` and a `question` (only with `kind: plan`).").only_if(PLAN),
        Field::optional("closes", Type::Names, "Ids of competencies the plan means to evidence (only with `kind: plan`).").only_if(PLAN),
        Field::optional("lang", Type::Language, "The language the artefact is written in when it is not the portfolio's: a BCP 47 tag such as cy, ar or pt-BR."),
    ],
};

/// The relationships of a testimonial's author (`model::Relationship::ALL`).
pub const RELATIONSHIPS: &[&str] = &[
    "line-manager",
    "colleague",
    "mentee",
    "parent",
    "student",
    "partner",
    "other",
];

pub static TESTIMONIAL: Shape = Shape {
    what: "testimonial",
    help: "A quotation, published only with `consent: true`.",
    example: "testimonials:\n  - quote: Her coaching changed how we plan.\n    name: Dr Lena Fischer\n    relationship: line-manager\n    consent: true",
    fields: &[
        Field::required("quote", Type::Text, "Their words, as plain text."),
        Field::required("name", Type::Text, "Who said it, as they agreed to be named."),
        Field::optional("role", Type::Text, "Their role, shown after the name."),
        Field::optional("relationship", Type::Choice(RELATIONSHIPS), "Their relationship to you. Default: other."),
        Field::optional("date", Type::Date, "When they said or wrote it."),
        Field::optional("consent", Type::Flag, "`true` records that the person agreed to the quotation being published; without it the quotation is held back."),
        Field::optional("lang", Type::Language, "The language of the quotation when it is not the portfolio's (a BCP 47 tag)."),
        Field::optional("anonymise", Type::Flag, "`true` publishes the quotation signed with a description made from the role instead of the name."),
    ],
};

pub static ATTACHMENT: Shape = Shape {
    what: "attachment",
    help: "A file beside the artefact or a web address, with a title.",
    example: "attachments:\n  - {title: Pilot report, file: pilot-report.pdf}\n  - {title: Slide deck, url: \"https://example.org/slides\"}",
    fields: &[
        Field::required("title", Type::Text, "The link's text."),
        Field::optional("file", Type::Text, "A file inside the portfolio, relative to the artefact (give `file` or `url`, not both)."),
        Field::optional("url", Type::Url, "A web address (give `file` or `url`, not both)."),
    ],
};

pub static KPI: Shape = Shape {
    what: "KPI",
    help: "A key performance indicator of a development plan.",
    example: "kpis:\n  - label: Pupils at or above expected standard\n    unit: \"%\"\n    baseline: 68\n    target: 75",
    fields: &[
        Field::required("label", Type::Text, "What is measured."),
        Field::optional("unit", Type::Text, "As for metrics: \"%\" (in quotes), pp, £, or a short word."),
        Field::required("baseline", Type::Number, "The figure now."),
        Field::required("target", Type::Number, "The figure aimed for."),
    ],
};

pub static DECISION: Shape = Shape {
    what: "decision",
    help: "The plan's scale decision point.",
    example: "decision:\n  date: 2026-07\n  question: Scale to all Year 7 and 8 classes?",
    fields: &[
        Field::required(
            "date",
            Type::Date,
            "When the decision is taken: a date or a month.",
        ),
        Field::optional("question", Type::Text, "What the decision answers."),
    ],
};
