//! The machine-readable files: Atom feed, sitemap, robots.txt and `portfolio.json`
//! (documented in `docs/format.md#portfoliojson`).

use super::views;
use crate::model::Kind;
use crate::paths;
use crate::site::{self, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt::Write;

/// Newest artefacts in the feed; a feed reader wants recent news, not the archive.
const FEED_ENTRIES: usize = 50;

/// When the feed says it was updated: `SOURCE_DATE_EPOCH` if set (reproducible builds), else the
/// newest artefact's date, so the same input always gives the same bytes.
pub(super) fn updated(site: &Site<'_>) -> String {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        if let Some(time) = chrono::DateTime::from_timestamp(epoch, 0) {
            return time.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        }
    }
    site.artefacts
        .first()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |a| a.date.rfc3339())
}

/// Text for XML content or a quoted attribute: the characters XML 1.0 forbids (controls other
/// than tab and line breaks, U+FFFE, U+FFFF) dropped, since no escape can carry them, and the
/// rest escaped.
pub fn xml_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An address under `base_url` for an XML file: no markup, no forbidden characters, escaped.
fn xml_url(base: &str, path: &str) -> String {
    xml_text(&paths::address(&format!("{base}{path}")))
}

pub fn atom(site: &Site<'_>) -> String {
    let base = &site.portfolio.base_url;
    let home = xml_url(base, "");
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<link href=\"{home}\"/>\n<link rel=\"self\" href=\"{}\"/>\n<id>{home}</id>\n<updated>{}</updated>\n<author><name>{}</name></author>\n<generator>dossier</generator>\n",
        xml_text(&site.portfolio.language),
        xml_text(&site.portfolio.title),
        xml_url(base, "atom.xml"),
        updated(site),
        xml_text(&site.portfolio.person.name)
    );
    // The feed announces new evidence; a plan is intent (shown under "What next").
    let evidence = site.artefacts.iter().filter(|a| a.kind != Kind::Plan);
    for artefact in evidence.take(FEED_ENTRIES) {
        let url = xml_url(base, &site::artefact_url(artefact));
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<link href=\"{url}\"/>\n<id>{url}</id>\n<updated>{}</updated>\n<category term=\"{}\"/>\n",
            xml_text(&artefact.title),
            artefact.date.rfc3339(),
            artefact.kind.id()
        );
        if let Some(summary) = &artefact.summary {
            let _ = writeln!(xml, "<summary>{}</summary>", xml_text(summary));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// Every indexable page (a private application, or one left `noindex`, is left out).
pub fn sitemap(site: &Site<'_>, pages: &[(String, Option<String>, bool)]) -> String {
    let base = &site.portfolio.base_url;
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, lastmod, noindex) in pages {
        if *noindex {
            continue;
        }
        let _ = write!(xml, "<url><loc>{}</loc>", xml_url(base, url));
        if let Some(lastmod) = lastmod {
            let _ = write!(xml, "<lastmod>{}</lastmod>", xml_text(lastmod));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Plain text: the sitemap's address is encoded so `base_url` can add neither markup nor a
/// line (a rule of its own).
pub fn robots(site: &Site<'_>) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        paths::address(&format!("{}sitemap.xml", site.portfolio.base_url))
    )
}

/// The whole public portfolio as data, version 1 of the documented shape.
#[derive(Serialize)]
struct PortfolioJson<'a> {
    format: &'static str,
    version: u32,
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    /// `paper:` of portfolio.yaml (`a4` or `letter`), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    paper: Option<&'static str>,
    person: views::PersonView<'a>,
    framework: Option<FrameworkJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pathway: Option<super::argument_json::PathwayJson<'a>>,
    artefacts: Vec<ArtefactJson<'a>>,
    timeline: Vec<views::TimelineView<'a>>,
    applications: Vec<ApplicationJson<'a>>,
}

#[derive(Serialize)]
struct FrameworkJson<'a> {
    id: &'a str,
    name: &'a str,
    source: Option<&'a str>,
    competencies: Vec<CompetencyJson<'a>>,
}

#[derive(Serialize)]
struct CompetencyJson<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    evidence: Vec<&'a str>,
    gap: bool,
}

#[derive(Serialize)]
struct ArtefactJson<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    kind: &'static str,
    date: String,
    start: Option<String>,
    role: Option<&'a str>,
    summary: Option<&'a str>,
    tags: &'a [String],
    competencies: Vec<&'a str>,
    featured: bool,
    lang: Option<&'a str>,
    metrics: Vec<MetricJson<'a>>,
    testimonials: Vec<TestimonialJson<'a>>,
    attachments: Vec<AttachmentJson<'a>>,
    /// How strongly it argues (`narrative` … `outcome-comparison`); absent for a plan.
    #[serde(skip_serializing_if = "Option::is_none")]
    strength: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    story: Option<super::argument_json::StoryJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    plan: Option<super::argument_json::PlanJson<'a>>,
}

#[derive(Serialize)]
struct MetricJson<'a> {
    label: &'a str,
    unit: Option<&'a str>,
    baseline: f64,
    result: f64,
    target: Option<f64>,
    better: &'static str,
    kind: &'static str,
    headline: bool,
    source: Option<&'a str>,
    series: Vec<PointJson>,
    /// Issue 11: how many the figure counts, when and against whom it was measured.
    n: Option<u32>,
    id: Option<&'a str>,
    measure: Option<&'a str>,
    measure_url: Option<String>,
    drives: Option<&'a str>,
    baseline_date: Option<String>,
    result_date: Option<String>,
    period: Option<&'a str>,
    comparison: Option<PairJson<'a>>,
    groups: Vec<PairJson<'a>>,
}

#[derive(Serialize)]
struct PairJson<'a> {
    label: &'a str,
    baseline: f64,
    result: f64,
}

impl<'a> PairJson<'a> {
    fn of(pair: &'a crate::model::Pair) -> Self {
        PairJson {
            label: &pair.label,
            baseline: pair.baseline,
            result: pair.result,
        }
    }
}

#[derive(Serialize)]
struct PointJson {
    date: String,
    value: f64,
}

#[derive(Serialize)]
struct TestimonialJson<'a> {
    quote: &'a str,
    name: &'a str,
    /// `anonymise: true`: `name` is the description from the role, not a person's name.
    anonymised: bool,
    role: Option<&'a str>,
    relationship: &'static str,
    date: Option<String>,
    lang: Option<&'a str>,
}

#[derive(Serialize)]
struct AttachmentJson<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ApplicationJson<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    competencies: Vec<&'a str>,
    artefacts: Vec<&'a str>,
}

/// A metric in portfolio.json, its series left for the caller to fill in.
fn metric_context<'a>(m: &'a crate::model::Metric, base: &str) -> MetricJson<'a> {
    let c = &m.context;
    let (baseline_date, result_date, period) = match &c.when {
        crate::model::When::Dates { baseline, result } => {
            (baseline.map(|d| d.iso()), result.map(|d| d.iso()), None)
        }
        crate::model::When::Period(text) => (None, None, Some(text.as_str())),
        crate::model::When::Unstated => (None, None, None),
    };
    MetricJson {
        label: &m.label,
        unit: m.unit.as_deref(),
        baseline: m.baseline,
        result: m.result,
        target: m.target,
        better: m.better.id(),
        kind: m.kind.id(),
        headline: m.headline,
        source: m.source.as_deref(),
        series: Vec::new(),
        n: m.n,
        id: c.id.as_ref().map(|i| i.value.as_str()),
        measure: c.measure.as_ref().map(|i| i.value.as_str()),
        measure_url: c
            .measure
            .as_ref()
            .map(|i| format!("{base}{}", site::measure_url(&i.value))),
        drives: c.drives.as_ref().map(|i| i.value.as_str()),
        baseline_date,
        result_date,
        period,
        comparison: c.comparison.as_ref().map(PairJson::of),
        groups: c.groups.iter().map(PairJson::of).collect(),
    }
}

/// Writes portfolio.json into `to` as it is serialised: the text is never whole in memory.
pub fn portfolio_json(
    site: &Site<'_>,
    mut person: views::PersonView<'_>,
    to: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let base = &site.portfolio.base_url;
    // Every address in portfolio.json is absolute, so the data stands alone.
    person.photo = person.photo.map(|p| format!("{base}{p}"));
    let framework = site.portfolio.framework.as_ref().map(|f| FrameworkJson {
        id: &f.id,
        name: &f.name,
        source: f.source.as_deref(),
        competencies: site
            .competencies
            .iter()
            .map(|e| CompetencyJson {
                id: &e.competency.id,
                name: &e.competency.name,
                description: e.competency.description.as_deref(),
                evidence: e
                    .artefacts
                    .iter()
                    .map(|&id| site.artefact(id).slug.value.as_str())
                    .collect(),
                gap: e.is_gap(),
            })
            .collect(),
    });
    // One entry per artefact, each independent: built on every core (10,000 at a time).
    let artefacts = (0..site.artefacts.len())
        .into_par_iter()
        .map(|id| {
            let a = site.artefact(id);
            ArtefactJson {
                slug: &a.slug.value,
                url: format!("{base}{}", site::artefact_url(a)),
                title: &a.title,
                kind: a.kind.id(),
                date: a.date.iso(),
                start: a.start.map(|d| d.iso()),
                role: a.role.as_deref(),
                summary: a.summary.as_deref(),
                tags: &a.tags,
                competencies: a.competencies.iter().map(|c| c.value.as_str()).collect(),
                featured: a.featured,
                lang: a.lang.as_deref(),
                metrics: a
                    .metrics
                    .iter()
                    .map(|m| MetricJson {
                        series: m
                            .series
                            .iter()
                            .map(|p| PointJson {
                                date: p.date.iso(),
                                value: p.value,
                            })
                            .collect(),
                        ..metric_context(m, base)
                    })
                    .collect(),
                testimonials: a
                    .testimonials
                    .iter()
                    .filter(|t| t.consent)
                    .map(|t| TestimonialJson {
                        quote: &t.quote,
                        name: &t.name,
                        anonymised: t.anonymised,
                        role: t.role.as_deref(),
                        relationship: t.relationship.id(),
                        date: t.date.map(|d| d.iso()),
                        lang: t.lang.as_deref(),
                    })
                    .collect(),
                attachments: a
                    .attachments
                    .iter()
                    .map(|att| {
                        let (url, external) = views::attachment_url(site, id, att);
                        AttachmentJson {
                            title: &att.title,
                            url: if external {
                                url
                            } else {
                                format!("{base}{url}")
                            },
                        }
                    })
                    .collect(),
                strength: super::argument_json::strength(a),
                story: super::argument_json::story(a),
                plan: super::argument_json::plan(a),
            }
        })
        .collect();
    let json = PortfolioJson {
        format: "dossier-portfolio",
        version: 1,
        title: &site.portfolio.title,
        base_url: base,
        language: &site.portfolio.language,
        paper: site.portfolio.paper.map(|p| match p {
            crate::model::Paper::A4 => "a4",
            crate::model::Paper::Letter => "letter",
        }),
        person,
        framework,
        pathway: super::argument_json::pathway(site),
        artefacts,
        timeline: site
            .timeline
            .iter()
            .map(|e| views::timeline_entry(e))
            .collect(),
        // A private application is found only through the address the teacher sends.
        applications: site
            .applications
            .iter()
            .filter(|p| p.is_public())
            .map(|p| ApplicationJson {
                slug: &p.application.slug,
                title: &p.application.title,
                url: format!("{base}{}", p.url),
                competencies: p
                    .application
                    .competencies
                    .iter()
                    .map(|c| c.value.as_str())
                    .collect(),
                artefacts: p
                    .artefacts
                    .iter()
                    .map(|&id| site.artefact(id).slug.value.as_str())
                    .collect(),
            })
            .collect(),
    };
    // Compact, not pretty-printed: indentation was almost half the file at 10,000 artefacts
    // (28 MB against 15 MB), and the readers of this file are programs.
    // serde_json writes a few bytes at a time: a buffer of a known type takes them without a
    // call through `dyn Write` each.
    let mut to = std::io::BufWriter::with_capacity(64 * 1024, to);
    serde_json::to_writer(&mut to, &json)?;
    std::io::Write::write_all(&mut to, b"\n")?;
    std::io::Write::flush(&mut to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_base_url_gives_well_formed_inert_xml() {
        let base = "https://x.org/a&b/\"><script>alert(1)</script>\u{1}/";
        let xml = format!(
            "<feed><link href=\"{}\"/><id>{}</id><title>{}</title></feed>",
            xml_url(base, "atom.xml"),
            xml_url(base, ""),
            xml_text("Tom & Jerry <b>\u{1}\u{b}\u{FFFE}]]>")
        );
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
        assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
        let link = doc.descendants().find(|n| n.has_tag_name("link")).unwrap();
        assert_eq!(
            link.attribute("href"),
            Some("https://x.org/a&b/%22%3E%3Cscript%3Ealert(1)%3C/script%3E%01/atom.xml")
        );
        let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("Tom & Jerry <b>]]>"));
    }
}
