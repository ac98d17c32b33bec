//! What templates see: small serialisable views borrowed from the site, one shape per thing
//! (card, metric, testimonial, …), as documented in `docs/templates.md`.

use super::markdown_html::{to_html, to_html_prefixed};
use super::metrics;
use crate::model::{
    Artefact, AttachmentTarget, Link, LinkTarget, Markdown, Metric, Testimonial, TimelineEnd,
    TimelineEntry, TimelineKind,
};
use crate::paths;
use crate::site::{self, Id, Site};
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub person: PersonView<'a>,
    pub framework: Option<FrameworkView<'a>>,
    pub nav: Vec<NavItem>,
    pub counts: Counts,
    pub feed_url: &'static str,
    pub generator: &'static str,
    /// The portfolio's version: the short hash of its published content (`pack::version`).
    pub version: String,
    pub serving: bool,
    pub options: std::collections::BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
pub struct PersonView<'a> {
    pub name: &'a str,
    pub headline: Option<&'a str>,
    pub location: Option<&'a str>,
    pub photo: Option<String>,
    pub email: Option<&'a str>,
    pub links: Vec<LinkView<'a>>,
    pub summary_html: Option<String>,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub label: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct FrameworkView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub source: Option<&'a str>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: &'static str,
    pub url: &'static str,
    pub key: &'static str,
}

#[derive(Serialize)]
pub struct Counts {
    pub artefacts: usize,
    pub case_studies: usize,
    pub testimonials: usize,
    pub competencies: usize,
    pub gaps: usize,
}

#[derive(Serialize)]
pub struct PageMeta<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub section: &'static str,
    pub title: &'a str,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub noindex: bool,
}

#[derive(Serialize, Clone)]
pub struct TagRef<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct CompetencyRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
}

/// An artefact in a list.
#[derive(Serialize, Clone)]
pub struct Card<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub url: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub date: String,
    pub date_iso: String,
    pub summary: Option<&'a str>,
    pub role: Option<&'a str>,
    pub tags: Vec<TagRef<'a>>,
    pub competencies: Vec<CompetencyRef<'a>>,
    pub featured: bool,
    pub draft: bool,
    pub metric_count: usize,
    pub testimonial_count: usize,
}

#[derive(Serialize)]
pub struct CardLite<'a> {
    pub title: &'a str,
    pub url: String,
    pub kind_label: &'static str,
    /// In the printable dossier: the artefact's section id, and whether this document prints it
    /// (so templates link `#anchor` without searching the document's artefacts).
    pub anchor: String,
    pub in_document: bool,
}

#[derive(Serialize)]
pub struct MetricView<'a> {
    pub id: String,
    pub label: &'a str,
    pub unit: Option<&'a str>,
    pub better: &'static str,
    pub kind: &'static str,
    pub headline: bool,
    pub source: Option<&'a str>,
    pub baseline: f64,
    pub result: f64,
    pub target: Option<f64>,
    pub baseline_display: String,
    pub result_display: String,
    pub target_display: Option<String>,
    pub change_display: String,
    pub improved: bool,
    pub unchanged: bool,
    pub target_met: Option<bool>,
    pub status: &'static str,
    pub summary: String,
    pub chart_svg: String,
    pub series: Vec<PointView>,
    /// Set on the home page's headline dashboard.
    pub artefact: Option<CardLite<'a>>,
    /// In the printable dossier: the id of the artefact's section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
}

#[derive(Serialize)]
pub struct PointView {
    pub date: String,
    pub value: f64,
    pub value_display: String,
}

#[derive(Serialize)]
pub struct TestimonialView<'a> {
    pub quote: &'a str,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub relationship: &'static str,
    pub relationship_label: &'static str,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub artefact: CardLite<'a>,
}

#[derive(Serialize)]
pub struct AttachmentView<'a> {
    pub title: &'a str,
    pub url: String,
    pub external: bool,
    pub file_name: Option<String>,
    pub size_display: Option<String>,
}

/// An artefact in full, as on its own page.
#[derive(Serialize)]
pub struct ArtefactView<'a> {
    #[serde(flatten)]
    pub card: Card<'a>,
    /// The id of the artefact's section in the printable dossier.
    pub anchor: String,
    pub start: Option<String>,
    pub start_iso: Option<String>,
    pub period: String,
    pub metrics: Vec<MetricView<'a>>,
    pub testimonials: Vec<TestimonialView<'a>>,
    pub attachments: Vec<AttachmentView<'a>>,
    pub body_html: Option<String>,
}

#[derive(Serialize)]
pub struct TimelineView<'a> {
    pub title: &'a str,
    pub organisation: Option<&'a str>,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub period: String,
    pub start_iso: Option<String>,
    pub end_iso: Option<String>,
    pub current: bool,
    pub url: Option<&'a str>,
    pub description: Option<&'a str>,
}

pub fn nav(site: &Site<'_>) -> Vec<NavItem> {
    let mut items = vec![
        NavItem {
            title: "Home",
            url: "",
            key: "home",
        },
        NavItem {
            title: "Artefacts",
            url: "artefacts/",
            key: "artefacts",
        },
        NavItem {
            title: "Case studies",
            url: "case-studies/",
            key: "case-studies",
        },
    ];
    if site.portfolio.framework.is_some() {
        items.push(NavItem {
            title: "Evidence",
            url: "competencies/",
            key: "competencies",
        });
    }
    if !site.testimonials.is_empty() {
        items.push(NavItem {
            title: "Testimonials",
            url: "testimonials/",
            key: "testimonials",
        });
    }
    if !site.timeline.is_empty() {
        items.push(NavItem {
            title: "Timeline",
            url: "timeline/",
            key: "timeline",
        });
    }
    items
}

pub fn card<'a>(site: &Site<'a>, id: Id) -> Card<'a> {
    let a = site.artefact(id);
    Card {
        slug: &a.slug.value,
        title: &a.title,
        url: site::artefact_url(a),
        kind: a.kind.id(),
        kind_label: a.kind.label(),
        date: a.date.display(),
        date_iso: a.date.iso(),
        summary: a.summary.as_deref(),
        role: a.role.as_deref(),
        tags: a
            .tags
            .iter()
            .map(|t| TagRef {
                name: t,
                url: site::tag_url(&crate::markdown::slugify(t)),
            })
            .collect(),
        competencies: competency_refs(site, a.competencies.iter().map(|c| c.value.as_str())),
        featured: a.featured,
        draft: a.draft,
        metric_count: a.metrics.len(),
        testimonial_count: a.testimonials.iter().filter(|t| t.consent).count(),
    }
}

pub fn card_lite<'a>(site: &Site<'a>, id: Id) -> CardLite<'a> {
    let a = site.artefact(id);
    CardLite {
        title: &a.title,
        url: site::artefact_url(a),
        kind_label: a.kind.label(),
        anchor: anchor(a),
        in_document: false,
    }
}

pub fn competency_refs<'a, 'b>(
    site: &Site<'a>,
    ids: impl Iterator<Item = &'b str>,
) -> Vec<CompetencyRef<'a>> {
    let Some(framework) = &site.portfolio.framework else {
        return Vec::new();
    };
    ids.filter_map(|id| framework.competencies.iter().find(|c| c.id == id))
        .map(|c| CompetencyRef {
            id: &c.id,
            name: &c.name,
            url: site::competency_url(&c.id),
        })
        .collect()
}

pub fn metric<'a>(m: &'a Metric, id: String) -> MetricView<'a> {
    let unit = m.unit.as_deref();
    let chart_svg = metrics::chart_svg(m, &id);
    MetricView {
        label: &m.label,
        unit,
        better: m.better.id(),
        kind: m.kind.id(),
        headline: m.headline,
        source: m.source.as_deref(),
        baseline: m.baseline,
        result: m.result,
        target: m.target,
        baseline_display: metrics::value(m.baseline, unit),
        result_display: metrics::value(m.result, unit),
        target_display: m.target.map(|t| metrics::value(t, unit)),
        change_display: metrics::change(m),
        improved: metrics::improved(m),
        unchanged: m.result == m.baseline,
        target_met: metrics::target_met(m),
        status: metrics::status(m).id(),
        summary: metrics::sentence(m),
        chart_svg,
        series: m
            .series
            .iter()
            .map(|p| PointView {
                date: p.date.month_display(),
                value: p.value,
                value_display: metrics::value(p.value, unit),
            })
            .collect(),
        artefact: None,
        anchor: None,
        id,
    }
}

pub fn testimonial<'a>(site: &Site<'a>, id: Id, t: &'a Testimonial) -> TestimonialView<'a> {
    TestimonialView {
        quote: &t.quote,
        name: &t.name,
        role: t.role.as_deref(),
        relationship: t.relationship.id(),
        relationship_label: t.relationship.label(),
        date: t.date.map(|d| d.display()),
        date_iso: t.date.map(|d| d.iso()),
        artefact: card_lite(site, id),
    }
}

/// The full view of an artefact; `with_body` is false on application pages.
pub fn artefact<'a>(site: &Site<'a>, id: Id, with_body: bool) -> ArtefactView<'a> {
    let a = site.artefact(id);
    let attachments = a
        .attachments
        .iter()
        .map(|att| match &att.target {
            AttachmentTarget::File(asset) => {
                let name = output_name(site, id, &asset.source);
                AttachmentView {
                    title: &att.title,
                    url: site::attachment_path(a, &paths::segment(&name)),
                    external: false,
                    size_display: std::fs::metadata(&asset.source).ok().map(|m| size(m.len())),
                    file_name: Some(name),
                }
            }
            AttachmentTarget::Url(url) => AttachmentView {
                title: &att.title,
                url: url.value.clone(),
                external: true,
                file_name: None,
                size_display: None,
            },
        })
        .collect();
    ArtefactView {
        anchor: anchor(a),
        card: card(site, id),
        start: a.start.map(|d| d.display()),
        start_iso: a.start.map(|d| d.iso()),
        period: period(a),
        metrics: a
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| metric(m, format!("metric-{}-{}", a.slug.value, i + 1)))
            .collect(),
        testimonials: a
            .testimonials
            .iter()
            .filter(|t| t.consent)
            .map(|t| testimonial(site, id, t))
            .collect(),
        attachments,
        body_html: with_body.then(|| body_html(site, id)),
    }
}

/// Where an attachment is: its site-relative URL beside the artefact's page, or its address;
/// and whether it leaves the site.
pub fn attachment_url(
    site: &Site<'_>,
    id: Id,
    attachment: &crate::model::Attachment,
) -> (String, bool) {
    match &attachment.target {
        AttachmentTarget::File(asset) => (
            site::attachment_path(
                site.artefact(id),
                &paths::segment(&output_name(site, id, &asset.source)),
            ),
            false,
        ),
        AttachmentTarget::Url(url) => (url.value.clone(), true),
    }
}

fn output_name(site: &Site<'_>, id: Id, source: &std::path::Path) -> String {
    site.assets[id]
        .iter()
        .find(|(s, _)| s == source)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// "April – June 2025", "2024 – 2025", or the date alone.
fn period(a: &Artefact) -> String {
    match a.start {
        None => a.date.display(),
        Some(start) if start.year == a.date.year => {
            format!("{} – {}", month_name(start.month), a.date.month_display())
        }
        Some(start) => format!("{} – {}", start.month_display(), a.date.month_display()),
    }
}

fn month_name(month: u32) -> String {
    crate::model::Date {
        year: 2000,
        month,
        day: None,
    }
    .month_display()
    .trim_end_matches(" 2000")
    .to_string()
}

/// The artefact's body as HTML, its links to other artefacts and files pointing at their pages.
pub fn body_html(site: &Site<'_>, id: Id) -> String {
    to_html(&site.artefact(id).body, 2, &|link| {
        body_href(site, id, link)
    })
}

/// Where a link of artefact `id`'s body points on its own page; `None` keeps only its text.
/// `check` calls this too, to know which Markdown link wrote each `href`.
pub fn body_href(site: &Site<'_>, id: Id, link: &Link) -> Option<String> {
    match &link.target {
        LinkTarget::AsWritten => Some(link.destination.clone()),
        LinkTarget::Artefact { file, fragment } => {
            let url = site::sibling_artefact_url(site.artefact(*site.by_file.get(file)?));
            Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            })
        }
        LinkTarget::Asset(path) => Some(paths::segment(&output_name(site, id, path))),
    }
}

/// The id of an artefact's section in the printable dossier.
pub fn anchor(artefact: &Artefact) -> String {
    format!("artefact-{}", artefact.slug.value)
}

/// The artefact's body inside the printable dossier, one page holding many artefacts: heading
/// and footnote ids get the slug as prefix so they stay unique.
pub fn dossier_body_html(
    site: &Site<'_>,
    id: Id,
    root: &str,
    in_document: &dyn Fn(Id) -> bool,
) -> String {
    let prefix = format!("{}--", site.artefact(id).slug.value);
    to_html_prefixed(&site.artefact(id).body, 3, &prefix, &|link| {
        dossier_href(site, id, link, root, in_document)
    })
}

/// Where a link of artefact `id`'s body points inside the printable dossier: artefacts in the
/// document become in-page links, other links and files lead back through `root`.
pub fn dossier_href(
    site: &Site<'_>,
    id: Id,
    link: &Link,
    root: &str,
    in_document: &dyn Fn(Id) -> bool,
) -> Option<String> {
    let slug = &site.artefact(id).slug.value;
    match &link.target {
        LinkTarget::AsWritten => Some(match link.destination.strip_prefix('#') {
            Some(fragment) => format!("#{slug}--{fragment}"),
            None => link.destination.clone(),
        }),
        LinkTarget::Artefact { file, fragment } => {
            let target_id = *site.by_file.get(file)?;
            let target = site.artefact(target_id);
            Some(match (in_document(target_id), fragment) {
                (true, Some(f)) => format!("#{}--{f}", target.slug.value),
                (true, None) => format!("#{}", anchor(target)),
                (false, Some(f)) => format!("{root}{}#{f}", site::artefact_url(target)),
                (false, None) => format!("{root}{}", site::artefact_url(target)),
            })
        }
        LinkTarget::Asset(path) => {
            let name = output_name(site, id, path);
            let path = site::attachment_path(site.artefact(id), &paths::segment(&name));
            Some(format!("{root}{path}"))
        }
    }
}

/// Markdown written in portfolio.yaml (summary, statement), on a page `root` away from the site root.
pub fn yaml_markdown_html(site: &Site<'_>, markdown: &Markdown, root: &str) -> String {
    to_html(markdown, 2, &|link| yaml_href(site, link, root))
}

/// Where a link written in portfolio.yaml points: artefacts to their pages, `static/` files to
/// their published copy.
pub fn yaml_href(site: &Site<'_>, link: &Link, root: &str) -> Option<String> {
    match &link.target {
        LinkTarget::AsWritten => Some(link.destination.clone()),
        LinkTarget::Artefact { file, fragment } => {
            let target = site.artefact(*site.by_file.get(file)?);
            let url = format!("{root}{}", site::artefact_url(target));
            Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            })
        }
        LinkTarget::Asset(path) => {
            let rel = path
                .strip_prefix(site.portfolio.root.join("static"))
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some(format!("{root}{}", paths::path(&rel)))
        }
    }
}

pub fn timeline_entry(e: &TimelineEntry) -> TimelineView<'_> {
    let end = match &e.end {
        Some(TimelineEnd::Present) => Some("present".to_string()),
        Some(TimelineEnd::Date(d)) => Some(d.month_display()),
        None => None,
    };
    let period = match (e.start, &end, e.date) {
        (Some(start), Some(end), _) => format!("{} – {end}", start.month_display()),
        (Some(start), None, _) => format!("From {}", start.month_display()),
        (None, _, Some(date)) => date.month_display(),
        (None, Some(end), None) => end.clone(),
        (None, None, None) => String::new(),
    };
    TimelineView {
        title: &e.title,
        organisation: e.organisation.as_deref(),
        kind: match e.kind {
            TimelineKind::Role => "role",
            TimelineKind::Credential => "credential",
        },
        kind_label: match e.kind {
            TimelineKind::Role => "Role",
            TimelineKind::Credential => "Credential",
        },
        period,
        start_iso: e.start.or(e.date).map(|d| d.iso()),
        end_iso: match &e.end {
            Some(TimelineEnd::Date(d)) => Some(d.iso()),
            _ => None,
        },
        current: matches!(e.end, Some(TimelineEnd::Present)),
        url: e.url.as_deref(),
        description: e.description.as_deref(),
    }
}
