//! The fields of `portfolio.yaml`: the person, the timeline, applications and the privacy
//! guard's settings (docs/format.md, "portfolio.yaml").

use super::{Field, Shape, Type};

pub static PORTFOLIO: Shape = Shape {
    what: "portfolio.yaml",
    help: "The portfolio's settings: who you are, its theme, framework, timeline and applications.",
    example: "title: \"Amara Okafor: Leadership Portfolio\"\nbase_url: \"https://amara.example.org/\"\nperson:\n  name: Amara Okafor",
    fields: &[
        Field::required("title", Type::Text, "The site's title: the home page's browser tab, the feed and portfolio.json."),
        Field::required("base_url", Type::Url, "The web address the site will be published at, starting with https:// (`dossier build --base-url` replaces it for one build)."),
        Field::optional("language", Type::Text, "The language of the site as a BCP 47 tag, such as en-GB or cy. Default: en."),
        Field::optional("theme", Type::Text, "A built-in theme (classic, modern, compact) or the path of a theme folder. Default: classic."),
        Field::optional("theme_options", Type::Options, "Settings passed to the theme, as `option: value` lines."),
        Field::optional("framework", Type::Text, "The competency framework artefacts are mapped to: the id of a file in frameworks/, or a built-in framework such as uk-teachers-standards."),
        Field::optional("pathway", Type::Text, "The role the site argues you are ready for: a built-in pathway such as headteacher, or a file such as pathways/deputy-head.yaml."),
        Field::required("person", Type::Object(&PERSON), "Who you are."),
        Field::optional("contact", Type::Object(&CONTACT), "Only one setting: show_email."),
        Field::optional("timeline", Type::List(&TIMELINE), "Your roles and qualifications."),
        Field::optional("applications", Type::List(&APPLICATION), "Tailored pages for individual job applications."),
        Field::optional("privacy", Type::Object(&PRIVACY), "The privacy guard's settings: which detectors run and the small-number threshold."),
        Field::optional("paper", Type::Choice(&["a4", "letter"]), "The paper `dossier pdf` and `dossier pack` print on. Default: from `language`."),
    ],
};

pub static PERSON: Shape = Shape {
    what: "person",
    help: "Who you are, shown in the header of every page and on the home page.",
    example: "person:\n  name: Amara Okafor",
    fields: &[
        Field::required(
            "name",
            Type::Text,
            "Your name: in the header of every page, the footer and each page's title.",
        ),
        Field::optional(
            "headline",
            Type::Text,
            "One line about your current role, shown under your name.",
        ),
        Field::optional(
            "location",
            Type::Text,
            "Shown on the home page under your headline.",
        ),
        Field::optional(
            "photo",
            Type::Text,
            "A picture of you, as a path from the portfolio folder, for example static/amara.svg.",
        ),
        Field::optional(
            "email",
            Type::Email,
            "Your email address; only published with `contact: {show_email: true}`.",
        ),
        Field::optional(
            "links",
            Type::List(&LINK),
            "Links shown on the home page, each {label, url}.",
        ),
        Field::optional(
            "summary",
            Type::Markdown,
            "A few paragraphs about you, in Markdown, shown on the home page.",
        ),
    ],
};

pub static LINK: Shape = Shape {
    what: "link",
    help: "A link shown on the home page.",
    example: "- {label: LinkedIn, url: \"https://…\"}",
    fields: &[
        Field::required("label", Type::Text, "The link's text."),
        Field::required("url", Type::Text, "The web address."),
    ],
};

pub static CONTACT: Shape = Shape {
    what: "contact",
    help: "Whether your email address is published.",
    example: "contact:\n  show_email: true",
    fields: &[Field::optional(
        "show_email",
        Type::Flag,
        "`true` publishes person.email. Default: false.",
    )],
};

pub static TIMELINE: Shape = Shape {
    what: "timeline entry",
    help: "A role (with start and end) or a credential (with a date).",
    example: "timeline:\n  - {start: 2022-09, end: present, title: Instructional Coach, organisation: Riverside Academy Trust}",
    fields: &[
        Field::optional("start", Type::Date, "When the role began."),
        Field::optional("end", Type::DateOrPresent, "When it ended, or `present` for the role you hold now."),
        Field::optional("date", Type::Date, "A single date, for a qualification or a one-off event."),
        Field::required("title", Type::Text, "The role or qualification."),
        Field::optional("organisation", Type::Text, "The school, trust or awarding body."),
        Field::optional("kind", Type::Choice(&["role", "credential"]), "`role` or `credential`. Default: role."),
        Field::optional("url", Type::Url, "A web address; the title becomes a link to it."),
        Field::optional("description", Type::Text, "One or two sentences of plain text shown under the entry."),
    ],
};

pub static APPLICATION: Shape = Shape {
    what: "application",
    help: "A page tailored to one job application, at an address only you hand out.",
    example: "applications:\n  - slug: deputy-head-northfield\n    title: \"Deputy Headteacher, Northfield School\"",
    fields: &[
        Field::required("slug", Type::Text, "Names the page's address: lowercase letters, digits and dashes; each application needs its own."),
        Field::required("title", Type::Text, "The page heading, usually the post and the school."),
        Field::optional("statement", Type::Markdown, "Your cover statement in Markdown, shown at the top of the page."),
        Field::optional("competencies", Type::Names, "Competency ids from your framework, shown under \"Leading with\"."),
        Field::optional("artefacts", Type::Names, "The evidence to show, in this order: artefact slugs or file names without .md."),
        Field::optional("noindex", Type::Flag, "Keeps the page out of search engines. Default: true."),
        Field::optional("public", Type::Bool, "`true` gives the application a plain /for/<slug>/ address, listed in portfolio.json. Default: false."),
    ],
};

pub static PRIVACY: Shape = Shape {
    what: "privacy",
    help: "The privacy guard's settings; every detector is on by default.",
    example: "privacy:\n  small_numbers: 10\n  detectors:\n    phone: false",
    fields: &[
        Field::optional(
            "detectors",
            Type::Object(&DETECTORS),
            "Which detectors of personal data run: `name: false` turns one off.",
        ),
        Field::optional(
            "small_numbers",
            Type::Count,
            "A percentage of fewer people than this is reported. Default: 10.",
        ),
    ],
};

const DETECTOR: &str = "`false` turns this detector of personal data off.";

/// One field per `model::Detector`.
pub static DETECTORS: Shape = Shape {
    what: "detectors",
    help: "Which detectors of personal data run.",
    example: "detectors:\n  phone: false",
    fields: &[
        Field::optional("email", Type::Bool, DETECTOR),
        Field::optional("phone", Type::Bool, DETECTOR),
        Field::optional("upn", Type::Bool, DETECTOR),
        Field::optional("ni_number", Type::Bool, DETECTOR),
        Field::optional("student_id", Type::Bool, DETECTOR),
        Field::optional("birth_date", Type::Bool, DETECTOR),
        Field::optional("pupil_name", Type::Bool, DETECTOR),
        Field::optional("testimonial_name", Type::Bool, DETECTOR),
        Field::optional("small_number", Type::Bool, DETECTOR),
    ],
};
