//! The fields of the portfolio's other YAML files: competency frameworks
//! (`frameworks/*.yaml`), pathways (`pathways/*.yaml`) and `privacy.yaml`.

use super::{Field, Shape, Type};

pub static FRAMEWORK: Shape = Shape {
    what: "framework",
    help: "A competency framework: the competencies artefacts and applications name.",
    example: "id: teacher-leader\nname: Teacher leadership competencies\ncompetencies:\n  - id: coaching\n    name: Instructional coaching and mentoring",
    fields: &[
        Field::optional("id", Type::Text, "The name portfolio.yaml uses for this framework. Default: the file name without .yaml."),
        Field::required("name", Type::Text, "The framework's full name, the title of the Evidence page."),
        Field::optional("source", Type::Text, "Where the framework comes from: a citation or a web address."),
        Field::optional("competencies", Type::List(&COMPETENCY), "The competencies, in the order they should be shown."),
    ],
};

pub static COMPETENCY: Shape = Shape {
    what: "competency",
    help: "One competency of the framework.",
    example: "- id: coaching\n  name: Instructional coaching and mentoring",
    fields: &[
        Field::required("id", Type::Text, "What artefacts and applications write in `competencies:`: short, lowercase words and dashes, unique."),
        Field::required("name", Type::Text, "The competency as a reviewer reads it."),
        Field::optional("description", Type::Text, "A sentence explaining it, shown on the Evidence page and the competency's page."),
        Field::optional("short", Type::Text, "A short label such as TS1, the column heading of the evidence matrix. Default: C1, C2, … by position."),
    ],
};

pub static PATHWAY: Shape = Shape {
    what: "pathway",
    help: "A career pathway: the skills a role needs, each shown by competencies of the framework.",
    example: "id: deputy-head\nname: Deputy headteacher\nskills:\n  - name: Developing staff\n    competencies: [coaching]",
    fields: &[
        Field::optional("id", Type::Text, "The pathway's id (in portfolio.json). Default: the file name without .yaml."),
        Field::required("name", Type::Text, "The role, as the Readiness page's title says it."),
        Field::optional("description", Type::Text, "A sentence about the role, under the title."),
        Field::required("skills", Type::List(&SKILL), "The skills, in the order the page shows them."),
    ],
};

pub static SKILL: Shape = Shape {
    what: "skill",
    help: "One skill of a pathway.",
    example: "- name: Developing staff\n  competencies: [coaching]",
    fields: &[
        Field::required("name", Type::Text, "The skill as a panel would name it."),
        Field::optional("description", Type::Text, "What evidence of it looks like."),
        Field::required(
            "competencies",
            Type::Names,
            "Ids of competencies of the portfolio's framework that show the skill.",
        ),
    ],
};

pub static HASHES: Shape = Shape {
    what: "privacy.yaml",
    help:
        "The salted hashes of names that must never be published, written by `dossier privacy add`.",
    example: "salt: 9c2f…\nnames:\n  - 4b1e…",
    fields: &[
        Field::required(
            "salt",
            Type::Text,
            "The salt the hashes are made with; written by `dossier privacy add`.",
        ),
        Field::optional(
            "names",
            Type::Names,
            "SHA-256 hashes (64 hex digits) of the names, never the names themselves.",
        ),
    ],
};
