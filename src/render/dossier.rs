//! The printable documents (`dossier/` and each application's): the artefacts printed in full,
//! with the headline impact, the evidence matrix, testimonials and timeline of one document.

use super::matrix::{matrix, Matrix, MatrixCompetency, MatrixExtra};
use super::page_kinds::headline_metrics;
use super::views;
use crate::site::{self, Page, Site};
use serde::Serialize;

/// Artefacts printed in full in one document. A typical portfolio has 20 to 200; past this a
/// document is thousands of printed pages and one page's memory would grow with the whole
/// site, so the rest are listed with links instead.
pub const DOSSIER_FULL_ARTEFACTS: usize = 300;

/// The printable documents: the page's file, the way back to the site root, and the artefacts
/// printed in full there (the rest of a long document is only listed).
pub fn dossier_documents(site: &Site<'_>) -> Vec<(String, String, Vec<site::Id>)> {
    let mut documents = Vec::new();
    for page in std::iter::once(Page::Dossier)
        .chain((0..site.applications.len()).map(Page::ApplicationDossier))
    {
        let ids: Vec<site::Id> = match page {
            Page::ApplicationDossier(i) => site.applications[i].artefacts.clone(),
            _ => (0..site.artefacts.len()).collect(),
        };
        let full = ids[..ids.len().min(DOSSIER_FULL_ARTEFACTS)].to_vec();
        let site::Address { file, root, .. } = page.address(site);
        documents.push((file, root, full));
    }
    documents
}

/// The printable document over `ids` (in that order), led by an application when given.
pub(super) fn dossier<'a>(
    site: &'a Site<'a>,
    bodies: &super::bodies::Bodies,
    ids: &[site::Id],
    application: Option<usize>,
    root: &str,
) -> DossierExtra<'a> {
    let (ids, more) = ids.split_at(ids.len().min(DOSSIER_FULL_ARTEFACTS));
    let mut every: Vec<site::Id> = ids.iter().chain(more).copied().collect();
    every.sort_unstable();
    let mut sorted = ids.to_vec();
    sorted.sort_unstable();
    let in_document = |id: site::Id| sorted.binary_search(&id).is_ok();
    let headline_metrics: Vec<views::MetricView> =
        headline_metrics(site, ids.iter().chain(more).copied())
            .into_iter()
            .map(|mut view| {
                view.anchor = view.artefact.as_ref().map(|a| a.anchor.clone());
                view
            })
            .collect();
    bodies.make(site, ids);
    let artefacts: Vec<views::ArtefactView> = ids
        .iter()
        .map(|&id| {
            let mut view = views::artefact(site, id, false);
            view.body_html = Some(bodies.document(site, id, root, &in_document));
            view
        })
        .collect();
    let testimonials: Vec<views::TestimonialView> = site
        .testimonials
        .iter()
        .filter(|(id, _)| in_document(*id))
        .map(|&(id, t)| {
            let mut view = views::testimonial(site, id, t);
            view.artefact.in_document = true;
            view
        })
        .collect();
    let entries: Vec<views::TimelineView> = site
        .timeline
        .iter()
        .map(|e| views::timeline_entry(e))
        .collect();
    let MatrixExtra {
        competencies,
        mut matrix,
    } = matrix(site, &every, &in_document);
    // Past the artefacts printed in full, a row per listed artefact repeated the evidence
    // page's matrix (13 MB of a 23 MB document at 10,000 artefacts); the counts and the
    // evidence by competency still cover every artefact.
    matrix.keep_printed_rows();
    let what_next = super::story::what_next(site, ids.iter().chain(more).copied(), &in_document);
    let more_artefacts: Vec<Listed> = more.iter().map(|&id| listed(site, id)).collect();
    let mut contents = Vec::new();
    for (present, title, anchor) in [
        (application.is_some(), "Statement", "statement"),
        (!headline_metrics.is_empty(), "Headline impact", "impact"),
        (!what_next.is_empty(), "What next", "next"),
        (site.portfolio.framework.is_some(), "Evidence", "evidence"),
        (!artefacts.is_empty(), "Artefacts", "artefacts"),
        (!testimonials.is_empty(), "Testimonials", "testimonials"),
        (!entries.is_empty(), "Timeline", "timeline"),
    ] {
        if present {
            contents.push(ContentsEntry { title, anchor });
        }
    }
    let application = application.map(|i| {
        let app = site.applications[i].application;
        DossierApplication {
            slug: &app.slug,
            title: &app.title,
            statement_html: app
                .statement
                .as_ref()
                .map(|m| views::yaml_markdown_html(site, m, root)),
            competencies: views::competency_refs(
                site,
                app.competencies.iter().map(|c| c.value.as_str()),
            ),
            url: site.applications[i].url.clone(),
        }
    });
    let mut extra = DossierExtra {
        summary_html: site
            .portfolio
            .person
            .summary
            .as_ref()
            .map(|m| views::yaml_markdown_html(site, m, root)),
        application,
        headline_metrics,
        what_next,
        competencies,
        matrix,
        artefacts,
        more_artefacts,
        testimonials,
        entries,
        contents,
    };
    // Every artefact's text is printed on this one page: two tables headed alike in two of
    // them (or in the cover's summary and an artefact) must not share a name.
    super::table_names::apart(
        extra
            .summary_html
            .iter_mut()
            .chain(
                extra
                    .application
                    .iter_mut()
                    .flat_map(|a| &mut a.statement_html),
            )
            .chain(extra.artefacts.iter_mut().flat_map(|a| &mut a.body_html)),
    );
    extra
}

/// An artefact the document lists past the ones it prints: what its line shows. Whole cards
/// (tags, competencies, story) for the 9,700 listed at 10,000 artefacts were 40-50 MB of the
/// page's Tera context, the largest single holder of memory in a build.
#[derive(Serialize)]
struct Listed<'a> {
    slug: &'a str,
    title: &'a str,
    url: String,
    kind_label: &'static str,
    date: String,
    date_iso: String,
    lang: Option<&'a str>,
}

fn listed<'a>(site: &Site<'a>, id: site::Id) -> Listed<'a> {
    let a = site.artefact(id);
    Listed {
        slug: &a.slug.value,
        title: &a.title,
        url: site::artefact_url(a),
        kind_label: a.kind.label(),
        date: a.date.display(),
        date_iso: a.date.iso(),
        lang: a.lang.as_deref(),
    }
}

#[derive(Serialize)]
struct ContentsEntry {
    title: &'static str,
    anchor: &'static str,
}

#[derive(Serialize)]
struct DossierApplication<'a> {
    slug: &'a str,
    title: &'a str,
    statement_html: Option<String>,
    competencies: Vec<views::CompetencyRef<'a>>,
    url: String,
}

#[derive(Serialize)]
pub(super) struct DossierExtra<'a> {
    application: Option<DossierApplication<'a>>,
    /// The person's summary with its links made from this page (the site-wide one is made from
    /// the home page, whose links would break here).
    summary_html: Option<String>,
    headline_metrics: Vec<views::MetricView<'a>>,
    /// The development plans of the document, for its "What next" part.
    what_next: Vec<super::story::NextView<'a>>,
    competencies: Vec<MatrixCompetency<'a>>,
    matrix: Matrix<'a>,
    artefacts: Vec<views::ArtefactView<'a>>,
    /// Past [`DOSSIER_FULL_ARTEFACTS`]: the rest, listed with links to their pages.
    more_artefacts: Vec<Listed<'a>>,
    testimonials: Vec<views::TestimonialView<'a>>,
    entries: Vec<views::TimelineView<'a>>,
    contents: Vec<ContentsEntry>,
}
