//! Artefacts as templates see them: a card in a list, a lighter reference, and the full view
//! of an artefact's page with its figures, testimonials and attachments.

use super::texts::body_html;
use super::{competency_refs, testimonial, CompetencyRef, MetricView, TagRef, TestimonialView};
use crate::model::{Artefact, AttachmentTarget};
use crate::paths;
use crate::render::link_record::{note, Href};
use crate::site::{self, Id, Site};
use serde::Serialize;

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
    /// The language of the artefact's words (title, summary, body) when not the site's.
    pub lang: Option<&'a str>,
    pub metric_count: usize,
    pub testimonial_count: usize,
    /// What changed, why, what next, when the artefact says.
    pub story: Option<crate::render::story::StoryView<'a>>,
    /// The development plan of a `kind: plan` artefact.
    pub plan: Option<crate::render::story::PlanView<'a>>,
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
        lang: a.lang.as_deref(),
        metric_count: a.metrics.len(),
        testimonial_count: a.testimonials.iter().filter(|t| t.consent).count(),
        story: crate::render::story::story(&a.story),
        plan: a.plan.as_ref().map(|p| crate::render::story::plan(site, p)),
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

/// The full view of an artefact; `with_body` is false on application pages.
pub fn artefact<'a>(site: &Site<'a>, id: Id, with_body: bool) -> ArtefactView<'a> {
    let a = site.artefact(id);
    let attachments = a
        .attachments
        .iter()
        .map(|att| match &att.target {
            AttachmentTarget::File(asset) => {
                let name = output_name(site, id, &asset.source);
                let url = site::attachment_path(a, &paths::segment(&name));
                note(
                    Href::FromRoot(url.clone()),
                    &asset.location,
                    &asset.reference,
                );
                AttachmentView {
                    title: &att.title,
                    url,
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
        metrics: crate::render::metrics_links::artefact_metrics(a),
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

pub(super) fn output_name(site: &Site<'_>, id: Id, source: &std::path::Path) -> String {
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

/// The id of an artefact's section in the printable dossier.
pub fn anchor(artefact: &Artefact) -> String {
    format!("artefact-{}", artefact.slug.value)
}
