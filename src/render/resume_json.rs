//! `resume.json`: the public portfolio as a JSON Resume (schema v1.0.0, jsonresume.org), so
//! an educator's CV tools, the JSON Resume themes and job sites that import it read the same
//! record the site shows (documented in `docs/format.md#resumejson`).
//!
//! Built from the published [`Site`] only, like every page: private, draft and unconsented
//! material never reaches it, and a `--blind` build's replacements are already made.

use super::views;
use crate::markdown;
use crate::model::{Kind, TimelineEnd, TimelineEntry, TimelineKind};
use crate::paths;
use crate::site::{self, Site};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;

/// The schema the file follows, as JSON Resume's own sample names it.
const SCHEMA: &str =
    "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json";

/// A CV names a handful of referees: the newest consented testimonials, at most this many
/// (every one is in `portfolio.json`).
const REFERENCES: usize = 10;

/// A CV lists the newest work, not an archive: at most this many certificates, publications
/// and projects each (a portfolio of 200 artefacts has fewer of any one kind; all of them are
/// in `portfolio.json`). Without it, 10,000 artefacts made a CV of 5,000 projects and 4 MB.
const PER_SECTION: usize = 100;

#[derive(Serialize)]
struct Resume {
    #[serde(rename = "$schema")]
    schema: &'static str,
    basics: Basics,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    work: Vec<Work>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    certificates: Vec<Certificate>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    publications: Vec<Publication>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    projects: Vec<Project>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    skills: Vec<Skill>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    references: Vec<Reference>,
    meta: Meta,
}

#[derive(Serialize)]
struct Basics {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Place>,
    profiles: Vec<Profile>,
}

/// JSON Resume splits a location into address, city, region…; portfolio.yaml's is one free
/// text ("Leeds, UK"), which is what `address` holds.
#[derive(Serialize)]
struct Place {
    address: String,
}

#[derive(Serialize)]
struct Profile {
    network: String,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Work {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    position: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    /// Absent for a role that continues (`end: present`), as JSON Resume reads it.
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
}

#[derive(Serialize)]
struct Certificate {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Publication {
    name: String,
    release_date: String,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Project {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    /// What each measure shows, in the sentence the artefact's page prints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    highlights: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_date: Option<String>,
    end_date: String,
    url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<String>,
    /// The artefact's kind as its page names it ("Case study", "Presentation").
    #[serde(rename = "type")]
    kind: &'static str,
}

/// A competency of the framework with public evidence; `keywords` are its evidence's titles.
#[derive(Serialize)]
struct Skill {
    name: String,
    keywords: Vec<String>,
}

#[derive(Serialize)]
struct Reference {
    name: String,
    reference: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Meta {
    canonical: String,
    version: &'static str,
    last_modified: String,
    /// The portfolio's version (the hash its pages' footers print), so a reader can tell which
    /// state of the site this record was taken from.
    dossier_version: String,
}

/// How many evidence titles a skill lists: a CV line, not the competency's page.
const SKILL_KEYWORDS: usize = 5;

/// The JSON text of `resume.json`.
pub fn resume_json(site: &Site<'_>, person: views::PersonView<'_>) -> String {
    let base = &site.portfolio.base_url;
    let resume = Resume {
        schema: SCHEMA,
        basics: basics(site, person),
        work: site.timeline.iter().filter_map(|e| work(e)).collect(),
        certificates: certificates(site),
        publications: publications(site),
        projects: projects(site),
        skills: skills(site),
        references: references(site),
        meta: Meta {
            canonical: absolute(base, "resume.json"),
            version: "v1.0.0",
            last_modified: super::feeds::updated(site)
                .trim_end_matches('Z')
                .to_string(),
            dossier_version: site.version.clone(),
        },
    };
    // Compact, like portfolio.json: for programs (`jq . resume.json` indents it).
    let mut json = serde_json::to_string(&resume).unwrap_or_default();
    json.push('\n');
    json
}

fn basics(site: &Site<'_>, person: views::PersonView<'_>) -> Basics {
    let base = &site.portfolio.base_url;
    let summary = site.portfolio.person.summary.as_ref();
    Basics {
        name: person.name.to_string(),
        label: person.headline.map(str::to_string),
        image: person.photo.map(|p| absolute(base, &p)),
        email: person.email.map(str::to_string),
        url: paths::address(base),
        summary: summary
            .map(|m| plain_text(&m.text))
            .filter(|s| !s.is_empty()),
        location: person.location.map(|l| Place {
            address: l.to_string(),
        }),
        profiles: person
            .links
            .iter()
            .filter(|l| paths::is_web_address(l.url))
            .map(|l| Profile {
                network: l.label.to_string(),
                url: paths::address(l.url),
            })
            .collect(),
    }
}

/// A role of the timeline; credentials go to `certificates`.
fn work(entry: &TimelineEntry) -> Option<Work> {
    if entry.kind != TimelineKind::Role {
        return None;
    }
    let end_date = match entry.end {
        Some(TimelineEnd::Date(end)) => Some(end.iso()),
        Some(TimelineEnd::Present) => None,
        None => entry.date.map(|d| d.iso()),
    };
    Some(Work {
        name: entry.organisation.clone(),
        position: entry.title.clone(),
        url: web_address(entry.url.as_deref()),
        start_date: entry.start.map(|d| d.iso()),
        end_date,
        summary: entry.description.clone(),
    })
}

/// The timeline's credentials: the list the educator keeps of what they hold. Only when it
/// lists none, the artefacts of kind credential (an NPQ is often both, under two wordings
/// that no rule can match, and a CV should not list it twice).
fn certificates(site: &Site<'_>) -> Vec<Certificate> {
    let base = &site.portfolio.base_url;
    let from_timeline: Vec<Certificate> = site
        .timeline
        .iter()
        .filter(|e| e.kind == TimelineKind::Credential)
        .map(|e| Certificate {
            name: e.title.clone(),
            date: e.date.or(e.start).map(|d| d.iso()),
            issuer: e.organisation.clone(),
            url: web_address(e.url.as_deref()),
        })
        .collect();
    if !from_timeline.is_empty() {
        return from_timeline.into_iter().take(PER_SECTION).collect();
    }
    site.artefacts
        .iter()
        .filter(|a| a.kind == Kind::Credential)
        .map(|a| Certificate {
            name: a.title.clone(),
            date: Some(a.date.iso()),
            issuer: None,
            url: Some(absolute(base, &site::artefact_url(a))),
        })
        .take(PER_SECTION)
        .collect()
}

fn publications(site: &Site<'_>) -> Vec<Publication> {
    let base = &site.portfolio.base_url;
    site.artefacts
        .iter()
        .filter(|a| a.kind == Kind::Publication)
        .map(|a| Publication {
            name: a.title.clone(),
            release_date: a.date.iso(),
            url: absolute(base, &site::artefact_url(a)),
            summary: a.summary.clone(),
        })
        .take(PER_SECTION)
        .collect()
}

/// Case studies, projects and presentations, newest first, each with its measures' sentences.
fn projects(site: &Site<'_>) -> Vec<Project> {
    let base = &site.portfolio.base_url;
    site.artefacts
        .iter()
        .filter(|a| matches!(a.kind, Kind::CaseStudy | Kind::Project | Kind::Presentation))
        .map(|a| Project {
            name: a.title.clone(),
            description: a.summary.clone(),
            highlights: a
                .metrics
                .iter()
                .map(|m| format!("{}: {}", m.label, super::metrics::sentence(m)))
                .collect(),
            keywords: a.tags.clone(),
            start_date: a.start.map(|d| d.iso()),
            end_date: a.date.iso(),
            url: absolute(base, &site::artefact_url(a)),
            roles: a.role.iter().cloned().collect(),
            kind: a.kind.label(),
        })
        .take(PER_SECTION)
        .collect()
}

fn skills(site: &Site<'_>) -> Vec<Skill> {
    site.competencies
        .iter()
        .filter(|e| !e.is_gap())
        .map(|e| Skill {
            name: e.competency.name.clone(),
            keywords: e
                .artefacts
                .iter()
                .take(SKILL_KEYWORDS)
                .map(|&id| site.artefact(id).title.clone())
                .collect(),
        })
        .collect()
}

/// The referee as the page credits them: "Dr Lena Fischer, Headteacher, Riverside Academy".
fn references(site: &Site<'_>) -> Vec<Reference> {
    site.testimonials
        .iter()
        .take(REFERENCES)
        .map(|(_, t)| Reference {
            name: match (&t.role, t.anonymised) {
                (Some(role), false) => format!("{}, {role}", t.name),
                _ => t.name.clone(),
            },
            reference: t.quote.clone(),
        })
        .collect()
}

/// `path` under `base_url`, percent-encoded as every address dossier writes.
fn absolute(base: &str, path: &str) -> String {
    paths::address(&format!("{base}{path}"))
}

/// A URL a CV tool can follow: absolute http(s) only (a `javascript:` or relative link written
/// in portfolio.yaml is left out, as JSON Resume's `uri` fields require).
fn web_address(url: Option<&str>) -> Option<String> {
    url.filter(|u| paths::is_web_address(u)).map(paths::address)
}

/// The text a reader sees of a Markdown text, paragraphs separated by a blank line. Raw HTML
/// is left out rather than stripped of its tags: an HTML comment in portfolio.yaml is the
/// educator's note to themselves, never published, so never text here either.
fn plain_text(markdown_text: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown_text, markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Item) => text.push_str("• "),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                text.push_str("\n\n")
            }
            _ => {}
        }
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_what_a_reader_sees_and_drops_raw_html() {
        let md = "Twelve *years* in `maths`.\nStill there.\n\n<!-- private: applying to X -->\n\n- one\n- two <b>bold</b>";
        assert_eq!(
            plain_text(md),
            "Twelve years in maths. Still there.\n\n• one\n\n• two bold"
        );
    }

    #[test]
    fn only_absolute_web_addresses_are_kept() {
        assert_eq!(
            web_address(Some("https://example.org/a b")).as_deref(),
            Some("https://example.org/a%20b")
        );
        assert_eq!(web_address(Some("javascript:alert(1)")), None);
        assert_eq!(web_address(Some("/relative/page")), None);
    }
}
