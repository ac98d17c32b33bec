//! `portfolio.yaml` to the portfolio's settings: title, person, timeline, applications, theme.

use super::assets::Root;
use super::fields::{Fields, Sink};
use super::{markdown_scan, shapes, yaml};
use crate::diag::{codes, Diagnostic, Location};
use crate::model::{
    Application, Located, Markdown, Person, PersonLink, TimelineEnd, TimelineEntry, TimelineKind,
};
use crate::source::SourceFile;

/// portfolio.yaml, read: everything but the artefacts, plus the framework id it names.
#[derive(Debug, Clone)]
pub struct Settings {
    pub title: String,
    pub base_url: String,
    pub language: String,
    pub theme: Located<String>,
    pub theme_options: Vec<(String, String)>,
    pub framework: Option<Located<String>>,
    /// The pathway's built-in id or file path, as written.
    pub pathway: Option<Located<String>>,
    pub person: Person,
    pub timeline: Vec<TimelineEntry>,
    pub applications: Vec<Application>,
    pub privacy: crate::model::PrivacySettings,
    pub paper: Option<crate::model::Paper>,
}

pub fn settings(
    root: &Root,
    file: &SourceFile,
    base_url_override: Option<&str>,
) -> Result<Settings, Vec<Diagnostic>> {
    let node = yaml::parse(&file.path, &file.text, 1).map_err(|e| vec![e])?;
    let sink = Sink::new(&file.path);
    let Some(fields) = Fields::of(&sink, &node, &shapes::PORTFOLIO) else {
        return Err(sink.into_diagnostics());
    };
    let title = fields.required_string("title", "title: \"Amara Okafor: Leadership Portfolio\"");
    let base_url = match base_url_override {
        Some(url) => Some(url.to_string()),
        None => fields.required_string("base_url", "base_url: \"https://amara.example.org/\""),
    };
    if let (Some(url), None) = (&base_url, base_url_override) {
        if let Some(problem) = base_url_problem(url) {
            sink.push(
                Diagnostic::error(codes::BAD_URL, sink.at(fields.get("base_url").map(|n| n.pos).unwrap_or_default()), format!("`base_url` `{url}` is not a web address: {problem}"))
                    .with_hint("write the address the site will be published at, for example:\nbase_url: \"https://amara.example.org/\""),
            );
        }
    }
    let theme = fields
        .located_string("theme")
        .unwrap_or_else(|| Located::new("classic".to_string(), fields.location()));
    let person = match fields.get("person") {
        Some(node) => person(&sink, root, node, show_email(&fields)),
        None => {
            fields.required_string("person", "person:\n  name: Amara Okafor");
            None
        }
    };
    let settings = Settings {
        title: title.unwrap_or_default(),
        base_url: with_trailing_slash(base_url.unwrap_or_default()),
        language: fields.string("language").unwrap_or_else(|| "en".into()),
        theme,
        theme_options: theme_options(&fields),
        framework: fields.located_string("framework"),
        pathway: fields.located_string("pathway"),
        person: person.unwrap_or_else(empty_person),
        timeline: fields
            .list("timeline", shapes::TIMELINE.example)
            .iter()
            .filter_map(|n| timeline_entry(&sink, n))
            .collect(),
        applications: fields
            .list("applications", shapes::APPLICATION.example)
            .iter()
            .filter_map(|n| application(&sink, root, &file.path, n))
            .collect(),
        privacy: super::privacy::settings(&fields),
        paper: fields.choice(
            "paper",
            &[
                ("a4", crate::model::Paper::A4),
                ("letter", crate::model::Paper::Letter),
            ],
        ),
    };
    fields.finish();
    let diags = sink.into_diagnostics();
    if diags.is_empty() {
        Ok(settings)
    } else {
        Err(diags)
    }
}

/// What is wrong with `url` as the address a site is published at, if anything. It ends up
/// in every page, the feed, the sitemap and robots.txt, so only a plain http(s) address with a
/// host will do; the `url` crate parses it as a browser would.
pub fn base_url_problem(url: &str) -> Option<&'static str> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`\\".contains(c))
    {
        return Some("it contains a space, a quote, a backslash or an angle bracket");
    }
    let Ok(parsed) = url::Url::parse(url) else {
        return Some("it does not parse as an address (start it with https://)");
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        Some("it must start with https:// or http://")
    } else if parsed.host_str().is_none_or(str::is_empty) {
        Some("it has no host name")
    } else if !parsed.username().is_empty() || parsed.password().is_some() {
        Some("it contains a user name or password")
    } else if parsed.query().is_some() || parsed.fragment().is_some() {
        Some("a site's address has no `?` or `#` part")
    } else {
        None
    }
}

/// `--base-url`, checked like `base_url` before anything is read (a bad argument exits with 2).
pub fn base_url_argument(url: &str) -> Result<String, String> {
    match base_url_problem(url) {
        Some(problem) => Err(format!("`{url}` is not a web address: {problem}")),
        None => Ok(url.to_string()),
    }
}

fn with_trailing_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

fn empty_person() -> Person {
    Person {
        name: String::new(),
        headline: None,
        location: None,
        photo: None,
        email: None,
        links: Vec::new(),
        summary: None,
    }
}

fn show_email(fields: &Fields<'_>) -> bool {
    let Some(node) = fields.get("contact") else {
        return false;
    };
    let Some(contact) = Fields::of(fields.sink(), node, &shapes::CONTACT) else {
        return false;
    };
    let show = contact.privacy_flag("show_email").unwrap_or(false);
    contact.finish();
    show
}

fn theme_options(fields: &Fields<'_>) -> Vec<(String, String)> {
    let Some(node) = fields.get("theme_options") else {
        return Vec::new();
    };
    let yaml::Value::Map(entries) = &node.value else {
        fields.sink().wrong_type(
            "theme_options",
            node,
            "a set of `option: value` lines",
            "theme_options:\n  accent: \"#0b5563\"",
        );
        return Vec::new();
    };
    entries
        .iter()
        .map(|(key, value)| {
            let text = match &value.value {
                yaml::Value::String(s) => s.clone(),
                yaml::Value::Number(n) => crate::model::format_number(*n),
                yaml::Value::Bool(b) => b.to_string(),
                yaml::Value::Seq(items) => items
                    .iter()
                    .filter_map(|i| {
                        if let yaml::Value::String(s) = &i.value {
                            Some(s.as_str())
                        } else {
                            None
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(","),
                _ => String::new(),
            };
            (key.name.clone(), text)
        })
        .collect()
}

fn person(sink: &Sink, root: &Root, node: &yaml::Node, show_email: bool) -> Option<Person> {
    let fields = Fields::of(sink, node, &shapes::PERSON)?;
    let photo = fields.located_string("photo").and_then(|photo| {
        match root.asset(&root.path, &photo.value, photo.location) {
            Ok(asset) => Some(asset),
            Err(e) => {
                sink.push(e);
                None
            }
        }
    });
    let person = Person {
        name: fields
            .required_string("name", "name: Amara Okafor")
            .unwrap_or_default(),
        headline: fields.string("headline"),
        location: fields.string("location"),
        photo,
        email: fields.email("email").filter(|_| show_email),
        links: fields
            .list(
                "links",
                "links:\n  - {label: LinkedIn, url: \"https://www.linkedin.com/in/…\"}",
            )
            .iter()
            .filter_map(|n| person_link(sink, n))
            .collect(),
        summary: markdown_field(&fields, root, "summary"),
    };
    fields.finish();
    Some(person)
}

fn person_link(sink: &Sink, node: &yaml::Node) -> Option<PersonLink> {
    let fields = Fields::of(sink, node, &shapes::LINK)?;
    let label = fields.required_string("label", "label: LinkedIn");
    let url = fields
        .required_string("url", "url: \"https://www.linkedin.com/in/…\"")
        .map(|url| crate::paths::address(&url));
    let location = fields
        .get("url")
        .map_or_else(|| fields.location(), |n| fields.sink().at(n.pos));
    fields.finish();
    Some(PersonLink {
        label: label?,
        url: url?,
        location,
    })
}

/// A Markdown text field (summary, statement), scanned so its links are checked like a body's.
/// Links in it resolve from the portfolio folder: `artefacts/2025/pilot.md`, `static/cv.pdf`.
fn markdown_field(fields: &Fields<'_>, root: &Root, name: &str) -> Option<Markdown> {
    let node = fields.get(name)?;
    let text = fields.string(name)?;
    // The event parser places a block scalar (`summary: |`) at its first line of text, so
    // the value's own position is where the Markdown starts, and its column the indentation.
    let (first_line, indent) = (node.pos.line, node.pos.column - 1);
    let markdown =
        markdown_scan::scan_indented(&fields.sink().path, &text, first_line, indent, &|d| {
            root.link_target(&root.path, d)
        });
    for link in &markdown.links {
        let crate::model::LinkTarget::Asset(path) = &link.target else {
            continue;
        };
        let reference = link
            .destination
            .split(['#', '?'])
            .next()
            .unwrap_or_default();
        match root.asset(&root.path, reference, link.location.clone()) {
            Ok(_) if path.starts_with(root.path.join("static")) => {}
            Ok(_) => fields.sink().push(
                Diagnostic::error(codes::MISSING_FILE, link.location.clone(), format!("`{reference}` is not in `static/`, so it is not published"))
                    .with_hint("files linked from portfolio.yaml are published from `static/`: move the file there and link to `static/…`"),
            ),
            Err(e) => fields.sink().push(e),
        }
    }
    Some(markdown)
}

fn timeline_entry(sink: &Sink, node: &yaml::Node) -> Option<TimelineEntry> {
    let fields = Fields::of(sink, node, &shapes::TIMELINE)?;
    let errors_before = sink.error_count();
    let end = fields.get("end").and_then(|end| match &end.value {
        yaml::Value::String(s) if s.eq_ignore_ascii_case("present") => Some(TimelineEnd::Present),
        _ => fields.date("end").map(TimelineEnd::Date),
    });
    let entry = TimelineEntry {
        title: fields
            .required_string("title", "title: Instructional Coach")
            .unwrap_or_default(),
        organisation: fields.string("organisation"),
        kind: fields
            .choice(
                "kind",
                &[
                    ("role", TimelineKind::Role),
                    ("credential", TimelineKind::Credential),
                ],
            )
            .unwrap_or(TimelineKind::Role),
        start: fields.date("start"),
        end,
        date: fields.date("date"),
        url: fields.url("url").map(|u| u.value),
        url_location: fields.url("url").map(|u| u.location),
        description: fields.string("description"),
    };
    if entry.start.is_none() && entry.date.is_none() && entry.end.is_none() {
        sink.push(
            Diagnostic::error(codes::MISSING_FIELD, fields.location(), "this timeline entry has no date")
                .with_hint("give a role `start` (and `end`), or a credential a `date`, for example:\n- {date: 2024-07, title: NPQ Leading Teacher Development, kind: credential}"),
        );
    }
    fields.finish();
    (sink.error_count() == errors_before).then_some(entry)
}

fn application(sink: &Sink, root: &Root, path: &str, node: &yaml::Node) -> Option<Application> {
    let fields = Fields::of(sink, node, &shapes::APPLICATION)?;
    let errors_before = sink.error_count();
    let slug = fields
        .required_string("slug", "slug: deputy-head-northfield")
        .unwrap_or_default();
    let clean = crate::markdown::slugify(&slug);
    if let Some(located) = fields.located_string("slug").filter(|_| clean == slug) {
        fields.check_page_name("slug", &located);
    }
    if clean != slug && !slug.is_empty() {
        sink.push(
            Diagnostic::error(
                codes::BAD_SLUG,
                sink.at(fields.get("slug").map(|n| n.pos).unwrap_or_default()),
                format!("`{slug}` cannot be used in a web address"),
            )
            .with_hint(format!(
                "use lowercase letters, digits and dashes, for example:\nslug: {clean}"
            )),
        );
    }
    let application = Application {
        slug,
        title: fields
            .required_string("title", "title: \"Deputy Headteacher, Northfield School\"")
            .unwrap_or_default(),
        statement: markdown_field(&fields, root, "statement"),
        competencies: fields.string_list("competencies"),
        artefacts: fields.string_list("artefacts"),
        noindex: fields.privacy_flag("noindex").unwrap_or(true),
        public: fields.bool("public").unwrap_or(false),
        location: Location {
            path: path.into(),
            ..fields.location()
        },
    };
    fields.finish();
    (sink.error_count() == errors_before).then_some(application)
}
