//! One Markdown file to one [`Artefact`]: front matter fields, metrics, testimonials,
//! attachments, and the body's links.

use super::assets::Root;
use super::fields::{Fields, Sink};
use super::metric::{linked, metric};
use super::{language, markdown_scan, plan, shapes, yaml};
use crate::diag::{codes, Diagnostic};
use crate::markdown::slugify;
use crate::model::{
    Artefact, Attachment, AttachmentTarget, Kind, Located, Relationship, Testimonial, Unparsed,
};
use crate::source::{self, SourceFile};

/// Reads one artefact file. When it has errors (all in the returned list), what it may be
/// called, so references to it are not reported as well.
pub fn artefact(root: &Root, file: &SourceFile) -> (Result<Artefact, Unparsed>, Vec<Diagnostic>) {
    let unread = |e| {
        let unparsed = Unparsed {
            source_path: file.path.clone(),
            slug: String::new(),
            slug_known: false,
        };
        (Err(unparsed), vec![e])
    };
    let front = match source::split(&file.path, &file.text) {
        Ok(front) => front,
        Err(e) => return unread(e),
    };
    let node = match yaml::parse(&file.path, front.yaml, front.yaml_first_line) {
        Ok(node) => node,
        Err(e) => return unread(e),
    };
    // One copy of the path for the file: every location of its values shares it.
    let sink = Sink::new(&file.path);
    let dir = file
        .absolute
        .parent()
        .map(|d| d.to_path_buf())
        .unwrap_or_default();
    let artefact = Fields::of(&sink, &node, &shapes::ARTEFACT).map(|fields| {
        let kinds: Vec<(&'static str, Kind)> = Kind::ALL.iter().map(|k| (k.id(), *k)).collect();
        let title = fields.required_string("title", "title: Formative assessment pilot, Year 8 mathematics");
        let kind = if fields.get("kind").is_some() {
            fields.choice("kind", &kinds)
        } else {
            fields.required_string("kind", "kind: case-study").and(None)
        };
        let date = fields.required_date("date");
        let summary = fields.string("summary");
        if kind == Some(Kind::CaseStudy) && summary.is_none() && fields.get("summary").is_none() {
            sink.push(
                Diagnostic::error(codes::MISSING_FIELD, fields.location(), "a case study needs a `summary`")
                    .with_hint("add one sentence a reviewer reads first, for example:\nsummary: Ten-week pilot aligning formative assessment with PLC coaching."),
            );
        }
        let body = markdown_scan::scan(&sink.path, front.body, front.body_first_line, &|d| root.link_target(&dir, d));
        let artefact = Artefact {
            slug: slug(&fields, file),
            title: title.unwrap_or_default(),
            kind: kind.unwrap_or(Kind::Project),
            date: date.unwrap_or(crate::model::Date { year: 1970, month: 1, day: None }),
            start: fields.date("start"),
            role: fields.string("role"),
            summary,
            tags: tags(&fields),
            competencies: fields.string_list("competencies"),
            featured: fields.bool("featured").unwrap_or(false),
            draft: fields.privacy_flag("draft").unwrap_or(false),
            private: fields.privacy_flag("private").unwrap_or(false),
            metrics: linked(&sink, fields.list("metrics", shapes::METRIC.example).iter().filter_map(|n| metric(&sink, n)).collect()),
            testimonials: fields.list("testimonials", shapes::TESTIMONIAL.example).iter().filter_map(|n| testimonial(&sink, n)).collect(),
            attachments: fields.list("attachments", shapes::ATTACHMENT.example).iter().filter_map(|n| attachment(&sink, root, &dir, n)).collect(),
            story: plan::story(&fields),
            plan: plan::plan(&fields, kind),
            lang: language::tag(&fields, "lang"),
            body,
            source_path: file.path.clone(),
            dir: dir.clone(),
        };
        if let (Some(start), true) = (artefact.start, date.is_some()) {
            if start.is_after(&artefact.date) {
                sink.push(
                    Diagnostic::error(codes::DATE_ORDER, sink.at(fields.get("start").map(|n| n.pos).unwrap_or_default()), "`start` is after `date`")
                        .with_hint("`date` is when the work ended and `start` when it began; swap them if they are the wrong way round"),
                );
            }
        }
        fields.finish();
        artefact
    });
    let failed = sink.error_count() > 0;
    let mut diags = sink.into_diagnostics();
    let mut artefact = artefact;
    if let Some(a) = &mut artefact {
        resolve_body_assets(root, a, &mut diags);
    }
    let failed = failed
        || diags
            .iter()
            .any(|d| d.severity == crate::diag::Severity::Error);
    match artefact {
        Some(artefact) if !failed => (Ok(artefact), diags),
        artefact => {
            let unparsed = Unparsed {
                source_path: file.path.clone(),
                slug: artefact.map(|a| a.slug.value).unwrap_or_default(),
                slug_known: true,
            };
            (Err(unparsed), diags)
        }
    }
}

/// The tags, each one checked where it is written: each becomes a page of its own.
/// One text of names separated by commas (`tags: "one, two"`, as Hugo and Jekyll front matter
/// often has it) is those names: a reader expects two tags, not one called "one, two".
fn tags(fields: &Fields<'_>) -> Vec<String> {
    let one_text = fields
        .get("tags")
        .is_some_and(|n| matches!(n.value, crate::parse::yaml::Value::String(_)));
    let mut tags = fields.string_list("tags");
    if one_text {
        tags = tags
            .into_iter()
            .flat_map(|tag| {
                let location = tag.location.clone();
                tag.value
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(|t| Located::new(t.to_string(), location.clone()))
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    // Obsidian writes a tag as `#reading` in the text and often in front matter too; the `#`
    // marks a tag there, it is not part of the tag's name.
    for tag in &mut tags {
        if let Some(name) = tag.value.strip_prefix('#').filter(|n| !n.trim().is_empty()) {
            tag.value = name.to_string();
        }
    }
    for tag in &tags {
        fields.check_page_name("tags", tag);
    }
    tags.into_iter().map(|t| t.value).collect()
}

/// The explicit `slug:`, or the file name without extension, made URL-safe.
fn slug(fields: &Fields<'_>, file: &SourceFile) -> Located<String> {
    if let Some(slug) = fields.located_string("slug") {
        let clean = slugify(&slug.value);
        if clean == slug.value || clean.is_empty() {
            fields.check_page_name("slug", &slug);
        } else {
            fields.sink().push(
                Diagnostic::error(
                    codes::BAD_SLUG,
                    slug.location.clone(),
                    format!("`{}` cannot be used in a web address", slug.value),
                )
                .with_hint(format!(
                    "use lowercase letters, digits and dashes, for example:\nslug: {clean}"
                )),
            );
        }
        return slug;
    }
    let stem = file
        .absolute
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let slug = Located::new(slugify(&stem), fields.location());
    if let Some(problem) = super::fields::page_name_problem(&slug.value) {
        fields
            .sink()
            .push(file_name_cannot_name_a_page(&stem, &problem, &slug));
    }
    slug
}

/// The educator wrote no `slug:`, so the message names what the address came from: the file
/// name (`🎉.md`, `?!.md`, `con.md`), not a field they never wrote.
fn file_name_cannot_name_a_page(stem: &str, problem: &str, slug: &Located<String>) -> Diagnostic {
    Diagnostic::error(
        codes::BAD_SLUG,
        slug.location.clone(),
        format!("this artefact's address comes from its file name `{stem}`, which {problem}"),
    )
    .with_hint(
        "add a `slug:` line to the front matter, of lowercase letters, digits and dashes, for example:\nslug: summer-fair\nor rename the file",
    )
}

fn testimonial(sink: &Sink, node: &yaml::Node) -> Option<Testimonial> {
    let fields = Fields::of(sink, node, &shapes::TESTIMONIAL)?;
    let errors_before = sink.error_count();
    let relationships: Vec<(&'static str, Relationship)> =
        Relationship::ALL.iter().map(|r| (r.id(), *r)).collect();
    let relationship = fields
        .choice("relationship", &relationships)
        .unwrap_or(Relationship::Other);
    let name = fields
        .required_string("name", "name: Dr Lena Fischer")
        .unwrap_or_default();
    let role = fields.string("role");
    let anonymised = fields.privacy_flag("anonymise").unwrap_or(false);
    // Anonymised, the name written never enters the model: nothing downstream can publish it.
    let (name, role) = if anonymised {
        (anonymous_name(relationship, role.as_deref()), None)
    } else {
        (name, role)
    };
    let testimonial = Testimonial {
        quote: fields
            .required_string("quote", "quote: Her coaching changed how we plan.")
            .unwrap_or_default(),
        name,
        anonymised,
        name_location: fields.get("name").map(|n| sink.at(n.pos)),
        role,
        relationship,
        date: fields.date("date"),
        consent: fields.privacy_flag("consent").unwrap_or(false),
        lang: language::tag(&fields, "lang"),
        location: fields.location(),
    };
    fields.finish();
    (sink.error_count() == errors_before).then_some(testimonial)
}

/// What an anonymised testimonial is signed with, from its role: a parent's `role: Year 9
/// pupil` becomes "Parent of a Year 9 pupil", a student's "A Year 11 student"; a role that
/// already reads as a description ("Parent of a Year 9 pupil") is kept; no role gives
/// "A parent", "A student", "A colleague" ("Anonymous" for `other`).
pub fn anonymous_name(relationship: Relationship, role: Option<&str>) -> String {
    let role = role.map(str::trim).filter(|r| !r.is_empty());
    let starts = |r: &str, words: &[&str]| {
        let first = r
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        words.contains(&first.as_str())
    };
    match (relationship, role) {
        (_, Some(r)) if starts(r, &["a", "an", "the", "parent", "parents", "carer"]) => {
            let mut chars = r.chars();
            let first = chars.next().map(|c| c.to_uppercase().to_string());
            first.unwrap_or_default() + chars.as_str()
        }
        (Relationship::Parent, Some(r)) => format!("Parent of {} {r}", article_for(r)),
        (_, Some(r)) => {
            let article = article_for(r);
            format!("{}{} {r}", article[..1].to_uppercase(), &article[1..])
        }
        (Relationship::Other, None) => "Anonymous".to_string(),
        (relationship, None) => {
            let label = relationship.label().to_lowercase();
            format!(
                "{} {label}",
                if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "An"
                } else {
                    "A"
                }
            )
        }
    }
}

/// "a" or "an" before a role ("an English teacher", "a Year 9 pupil").
fn article_for(text: &str) -> &'static str {
    if text.to_lowercase().starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn attachment(
    sink: &Sink,
    root: &Root,
    dir: &std::path::Path,
    node: &yaml::Node,
) -> Option<Attachment> {
    let fields = Fields::of(sink, node, &shapes::ATTACHMENT)?;
    let title = fields.required_string("title", "title: Pilot report");
    let target = match (fields.located_string("file"), fields.url("url")) {
        (Some(file), None) => match root.asset(dir, &file.value, file.location) {
            Ok(asset) => Some(AttachmentTarget::File(asset)),
            Err(e) => {
                sink.push(e);
                None
            }
        },
        (None, Some(url)) => Some(AttachmentTarget::Url(url)),
        (Some(_), Some(_)) => {
            sink.push(
                Diagnostic::error(
                    codes::WRONG_TYPE,
                    fields.location(),
                    "an attachment has either `file` or `url`, not both",
                )
                .with_hint(shapes::ATTACHMENT.example),
            );
            None
        }
        (None, None) => {
            sink.push(
                Diagnostic::error(
                    codes::MISSING_FIELD,
                    fields.location(),
                    "this attachment has neither `file` nor `url`",
                )
                .with_hint(shapes::ATTACHMENT.example),
            );
            None
        }
    };
    fields.finish();
    Some(Attachment {
        title: title?,
        target: target?,
    })
}

/// Images and file links in the body must exist inside the portfolio, like attachments; each
/// keeps the file's canonical path, so later stages never resolve it again.
fn resolve_body_assets(root: &Root, artefact: &mut Artefact, diags: &mut Vec<Diagnostic>) {
    for link in &mut artefact.body.links {
        if let crate::model::LinkTarget::Asset(path) = &mut link.target {
            let reference = link
                .destination
                .split(['#', '?'])
                .next()
                .unwrap_or_default();
            match root.asset(&artefact.dir, reference, link.location.clone()) {
                Ok(asset) => *path = asset.source,
                Err(e) => diags.push(e),
            }
        }
    }
}

#[cfg(test)]
mod anonymise_tests {
    use super::anonymous_name;
    use crate::model::Relationship;

    #[test]
    fn an_anonymised_testimonial_is_signed_from_its_role() {
        let signed = |r, role| anonymous_name(r, role);
        assert_eq!(
            signed(Relationship::Parent, Some("Year 9 pupil")),
            "Parent of a Year 9 pupil"
        );
        assert_eq!(
            signed(Relationship::Parent, Some("Parent of a Year 8 pupil")),
            "Parent of a Year 8 pupil"
        );
        assert_eq!(
            signed(Relationship::Student, Some("Year 11 student")),
            "A Year 11 student"
        );
        assert_eq!(
            signed(Relationship::Colleague, Some("English teacher")),
            "An English teacher"
        );
        assert_eq!(signed(Relationship::Parent, None), "A parent");
        assert_eq!(signed(Relationship::Other, Some("  ")), "Anonymous");
    }
}
