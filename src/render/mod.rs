//! Site to files: every page through the theme's templates, in parallel, straight to the output
//! (memory holds the pages in flight, not the site). The only module that names tera.

mod a11y;
mod feeds;
pub mod html_text;
pub mod markdown;
pub mod metrics;
mod theme;
pub mod views;

pub use theme::{builtin as builtin_themes, Theme};

use crate::diag::{codes, Diagnostic, Location};
use crate::model::Kind;
use crate::output::Output;
pub use crate::site::{all_pages, Page};

use crate::site::{self, Site};
use rayon::prelude::*;
use serde::Serialize;
use views::{card, Card, PageMeta, SiteView};

/// How much was written.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
}

/// Everything pages share, computed once per build.
struct Shared<'a> {
    site: &'a Site<'a>,
    theme: &'a Theme,
    view: SiteView<'a>,
    cards: Vec<Card<'a>>,
}

#[derive(Serialize)]
struct PageContext<'a, T: Serialize> {
    root: &'a str,
    site: &'a SiteView<'a>,
    page: PageMeta<'a>,
    #[serde(flatten)]
    extra: T,
}

/// Renders the whole site into `out`: every page, the data files, and every file to copy.
pub fn site(
    site: &Site<'_>,
    theme: &Theme,
    out: &dyn Output,
    serving: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    let all = all_pages(site);
    pages(site, theme, out, &all, serving)?;
    let files = data_files(site, out)
        .and_then(|n| Ok(n + copy_files(site, theme, out, None)?))
        .map_err(|e| vec![e])?;
    Ok(Rendered {
        pages: all.len(),
        files,
    })
}

/// Renders the given pages into `out`, in parallel; every template error is returned.
pub fn pages(
    site: &Site<'_>,
    theme: &Theme,
    out: &dyn Output,
    pages: &[Page],
    serving: bool,
) -> Result<(), Vec<Diagnostic>> {
    let shared = Shared {
        site,
        theme,
        view: site_view(site, serving),
        cards: (0..site.artefacts.len())
            .into_par_iter()
            .map(|id| card(site, id))
            .collect(),
    };
    let results: Vec<Result<(), Diagnostic>> =
        pages.par_iter().map(|p| page(&shared, *p, out)).collect();
    let mut errors: Vec<Diagnostic> = Vec::new();
    for e in results.into_iter().filter_map(Result::err) {
        if !errors.contains(&e) {
            errors.push(e);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

impl Page {
    fn noindex(self, site: &Site<'_>) -> bool {
        match self {
            Page::Application(i) | Page::ApplicationDossier(i) => {
                site.applications[i].application.noindex
            }
            Page::NotFound => true,
            _ => false,
        }
    }

    fn last_modified(self, site: &Site<'_>) -> Option<String> {
        match self {
            Page::Artefact(id) => Some(site.artefact(id).date.iso()),
            _ => None,
        }
    }
}

fn site_view<'a>(site: &Site<'a>, serving: bool) -> SiteView<'a> {
    let p = site.portfolio;
    SiteView {
        title: &p.title,
        base_url: &p.base_url,
        language: &p.language,
        person: person_view(site, ""),
        framework: p.framework.as_ref().map(|f| views::FrameworkView {
            id: &f.id,
            name: &f.name,
            source: f.source.as_deref(),
        }),
        nav: views::nav(site),
        counts: views::Counts {
            artefacts: site.artefacts.len(),
            case_studies: site.of_kind(Kind::CaseStudy).len(),
            testimonials: site.testimonials.len(),
            competencies: site.competencies.len(),
            gaps: site.gap_count(),
        },
        feed_url: "atom.xml",
        generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
        serving,
        options: p
            .theme_options
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect(),
    }
}

/// The photo is copied to `media/`; its URL is site-relative like every other.
fn person_view<'a>(site: &Site<'a>, root: &str) -> views::PersonView<'a> {
    let person = &site.portfolio.person;
    views::PersonView {
        name: &person.name,
        headline: person.headline.as_deref(),
        location: person.location.as_deref(),
        photo: person
            .photo
            .as_ref()
            .map(|p| crate::paths::path(&site::photo_path(&p.source))),
        email: person.email.as_deref(),
        links: person
            .links
            .iter()
            .map(|l| views::LinkView {
                label: &l.label,
                url: &l.url,
            })
            .collect(),
        summary_html: person
            .summary
            .as_ref()
            .map(|m| views::yaml_markdown_html(site, m, root)),
    }
}

/// Renders and writes one page.
fn page(shared: &Shared<'_>, job: Page, out: &dyn Output) -> Result<(), Diagnostic> {
    let site = shared.site;
    let cards =
        |ids: &[site::Id]| -> Vec<&Card> { ids.iter().map(|&id| &shared.cards[id]).collect() };
    macro_rules! render {
        ($template:expr, $kind:expr, $section:expr, $title:expr, $extra:expr) => {{
            let site::Address {
                url,
                file,
                mut root,
            } = job.address(site);
            if matches!(job, Page::NotFound) {
                // Served at any missing path, so its links cannot be relative.
                root = site::base_path(&site.portfolio.base_url);
            }
            let title: &str = $title;
            let page = PageMeta {
                kind: $kind,
                section: $section,
                title,
                description: description(site, title),
                permalink: format!("{}{}", site.portfolio.base_url, url),
                url: url.clone(),
                noindex: job.noindex(site),
            };
            let context = PageContext {
                root: &root,
                site: &shared.view,
                page,
                extra: $extra,
            };
            let context = tera::Context::from_serialize(&context).map_err(|e| {
                Diagnostic::error(
                    codes::TEMPLATE,
                    Location::file($template),
                    format!("cannot build the page context: {e}"),
                )
            })?;
            let html = shared.theme.render($template, &context)?;
            write(out, &file, html.as_bytes())?;
            Ok(())
        }};
    }
    match job {
        Page::Home => {
            let headline = headline_metrics(site, 0..site.artefacts.len());
            let coverage: Vec<_> = site
                .competencies
                .iter()
                .map(|e| CoverageView {
                    id: &e.competency.id,
                    name: &e.competency.name,
                    url: site::competency_url(&e.competency.id),
                    count: e.artefacts.len(),
                    gap: e.is_gap(),
                })
                .collect();
            let recent: Vec<site::Id> = (0..site.artefacts.len().min(6)).collect();
            render!(
                "index.html",
                "home",
                "home",
                &site.portfolio.title,
                HomeExtra {
                    headline_metrics: headline,
                    featured: cards(&site.featured()),
                    recent: cards(&recent),
                    coverage
                }
            )
        }
        Page::Artefact(id) => {
            let a = site.artefact(id);
            let (older, newer) = site.neighbours(id);
            render!(
                "artefact.html",
                "artefact",
                "artefacts",
                &a.title,
                ArtefactExtra {
                    artefact: views::artefact(site, id, true),
                    prev: older.map(|i| &shared.cards[i]),
                    next: newer.map(|i| &shared.cards[i])
                }
            )
        }
        Page::Artefacts => {
            let groups: Vec<GroupView> = Kind::ALL
                .iter()
                .map(|&kind| GroupView {
                    kind: kind.id(),
                    label: kind.plural_label(),
                    artefacts: cards(&site.of_kind(kind)),
                })
                .filter(|g| !g.artefacts.is_empty())
                .collect();
            render!(
                "artefacts.html",
                "artefacts",
                "artefacts",
                "All artefacts",
                GroupsExtra { groups }
            )
        }
        Page::CaseStudies => render!(
            "list.html",
            "list",
            "case-studies",
            "Case studies",
            ListExtra {
                heading: "Case studies",
                intro: Some("Pieces of work followed from context to measured impact."),
                artefacts: cards(&site.of_kind(Kind::CaseStudy))
            }
        ),
        Page::Tags => {
            let tags: Vec<TagCount> = site
                .tags
                .iter()
                .map(|t| TagCount {
                    name: &t.name,
                    url: site::tag_url(&t.slug),
                    count: t.artefacts.len(),
                })
                .collect();
            render!("tags.html", "tags", "artefacts", "Tags", TagsExtra { tags })
        }
        Page::Tag(i) => {
            let tag = &site.tags[i];
            let heading = format!("Tagged “{}”", tag.name);
            render!(
                "list.html",
                "list",
                "artefacts",
                &heading,
                ListExtra {
                    heading: &heading,
                    intro: None,
                    artefacts: cards(&tag.artefacts)
                }
            )
        }
        Page::Competencies => {
            let framework = site.portfolio.framework.as_ref();
            let title = framework.map_or("Evidence", |f| f.name.as_str());
            render!(
                "competencies.html",
                "competencies",
                "competencies",
                title,
                matrix(
                    site,
                    &(0..site.artefacts.len()).collect::<Vec<_>>(),
                    &|_| false
                )
            )
        }
        Page::Competency(i) => {
            let e = &site.competencies[i];
            render!(
                "competency.html",
                "competency",
                "competencies",
                &e.competency.name,
                CompetencyExtra {
                    competency: CompetencyView {
                        id: &e.competency.id,
                        name: &e.competency.name,
                        description: e.competency.description.as_deref(),
                        gap: e.is_gap(),
                        artefacts: cards(&e.artefacts)
                    }
                }
            )
        }
        Page::Testimonials => {
            let testimonials: Vec<_> = site
                .testimonials
                .iter()
                .map(|&(id, t)| views::testimonial(site, id, t))
                .collect();
            render!(
                "testimonials.html",
                "testimonials",
                "testimonials",
                "Testimonials",
                TestimonialsExtra { testimonials }
            )
        }
        Page::Timeline => {
            let entries: Vec<_> = site
                .timeline
                .iter()
                .map(|e| views::timeline_entry(e))
                .collect();
            render!(
                "timeline.html",
                "timeline",
                "timeline",
                "Timeline",
                TimelineExtra { entries }
            )
        }
        Page::Application(i) => {
            let p = &site.applications[i];
            let app = p.application;
            let root = job.address(site).root;
            let view = ApplicationView {
                slug: &app.slug,
                title: &app.title,
                statement_html: app
                    .statement
                    .as_ref()
                    .map(|m| views::yaml_markdown_html(site, m, &root)),
                competencies: views::competency_refs(
                    site,
                    app.competencies.iter().map(|c| c.value.as_str()),
                ),
                artefacts: p
                    .artefacts
                    .iter()
                    .map(|&id| views::artefact(site, id, false))
                    .collect(),
            };
            render!(
                "application.html",
                "application",
                "",
                &app.title,
                ApplicationExtra { application: view }
            )
        }
        Page::NotFound => render!("404.html", "not-found", "", "Page not found", Empty {}),
        Page::Dossier => {
            let ids: Vec<site::Id> = (0..site.artefacts.len()).collect();
            let title = format!("{}: the complete portfolio", site.portfolio.person.name);
            render!(
                "dossier.html",
                "dossier",
                "",
                &title,
                dossier(site, &ids, None, &job.address(site).root)
            )
        }
        Page::ApplicationDossier(i) => {
            let p = &site.applications[i];
            let mut ids = p.artefacts.clone();
            ids.sort_unstable();
            ids.dedup();
            let title = format!("{}: {}", site.portfolio.person.name, p.application.title);
            let root = job.address(site).root;
            let extra = dossier(site, &p.artefacts, Some(i), &root);
            render!("dossier.html", "dossier", "", &title, extra)
        }
    }
}

/// The metrics marked `headline` of the given artefacts, each with the artefact it came from.
fn headline_metrics<'a>(
    site: &Site<'a>,
    ids: impl Iterator<Item = site::Id>,
) -> Vec<views::MetricView<'a>> {
    ids.flat_map(|id| {
        site.artefact(id)
            .metrics
            .iter()
            .enumerate()
            .filter(|(_, m)| m.headline)
            .map(move |(i, m)| (id, i, m))
    })
    .map(|(id, i, m)| {
        let mut view = views::metric(
            m,
            format!("headline-{}-{}", site.artefact(id).slug.value, i + 1),
        );
        view.artefact = Some(views::card_lite(site, id));
        view
    })
    .collect()
}

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
fn dossier<'a>(
    site: &'a Site<'a>,
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
    let artefacts: Vec<views::ArtefactView> = ids
        .iter()
        .map(|&id| {
            let mut view = views::artefact(site, id, false);
            view.body_html = Some(views::dossier_body_html(site, id, root, &in_document));
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
        matrix,
    } = matrix(site, &every, &in_document);
    let more_artefacts: Vec<views::Card> = more.iter().map(|&id| views::card(site, id)).collect();
    let mut contents = Vec::new();
    for (present, title, anchor) in [
        (application.is_some(), "Statement", "statement"),
        (!headline_metrics.is_empty(), "Headline impact", "impact"),
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
            url: site::application_url(&app.slug),
        }
    });
    DossierExtra {
        application,
        headline_metrics,
        competencies,
        matrix,
        artefacts,
        more_artefacts,
        testimonials,
        entries,
        contents,
    }
}

fn description(site: &Site<'_>, title: &str) -> String {
    let person = &site.portfolio.person;
    match &person.headline {
        Some(headline) => format!("{title} — {}, {headline}", person.name),
        None => format!("{title} — {}", person.name),
    }
}

fn write(out: &dyn Output, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    out.write(path, bytes).map_err(|e| {
        Diagnostic::error(
            codes::OUTPUT,
            Location::file(path),
            format!("cannot write this output file: {e}"),
        )
    })
}

/// Sitemap, robots.txt, feed and portfolio.json: cheap, and always about the whole site.
pub fn data_files(site: &Site<'_>, out: &dyn Output) -> Result<usize, Diagnostic> {
    let mut entries: Vec<(String, Option<String>, bool)> = all_pages(site)
        .into_iter()
        .map(|p| (p.url(site), p.last_modified(site), p.noindex(site)))
        .collect();
    entries.sort();
    write(
        out,
        "sitemap.xml",
        feeds::sitemap(site, &entries).as_bytes(),
    )?;
    write(out, "robots.txt", feeds::robots(site).as_bytes())?;
    write(out, "atom.xml", feeds::atom(site).as_bytes())?;
    write(
        out,
        "portfolio.json",
        feeds::portfolio_json(site, person_view(site, "")).as_bytes(),
    )?;
    Ok(4)
}

/// Theme assets, the photo and the files of each artefact (only of `artefacts`, when given).
pub fn copy_files(
    site: &Site<'_>,
    theme: &Theme,
    out: &dyn Output,
    artefacts: Option<&[site::Id]>,
) -> Result<usize, Diagnostic> {
    let mut count = 0;
    for (rel, bytes) in &theme.static_files {
        write(out, &format!("theme/{rel}"), bytes)?;
        count += 1;
    }
    if let Some(photo) = &site.portfolio.person.photo {
        copy(out, &site::photo_path(&photo.source), &photo.source)?;
        count += 1;
    }
    let ids: Vec<site::Id> =
        artefacts.map_or_else(|| (0..site.artefacts.len()).collect(), <[_]>::to_vec);
    let copies: Vec<(String, &std::path::Path)> = ids
        .into_iter()
        .flat_map(|id| {
            site.assets[id].iter().map(move |(source, name)| {
                (
                    format!("{}{name}", site::artefact_url(site.artefact(id))),
                    source.as_path(),
                )
            })
        })
        .collect();
    copies
        .par_iter()
        .try_for_each(|(to, from)| copy(out, to, from))?;
    Ok(count + copies.len())
}

fn copy(out: &dyn Output, to: &str, from: &std::path::Path) -> Result<(), Diagnostic> {
    out.copy(to, from).map_err(|e| {
        Diagnostic::error(
            codes::OUTPUT,
            Location::file(to),
            format!("cannot copy {}: {e}", from.display()),
        )
    })
}

/// The evidence matrix over `ids` (every public artefact on the evidence page); `printed`
/// says which artefacts the page prints in full (the dossier), for in-page links.
fn matrix<'a>(
    site: &'a Site<'a>,
    ids: &[site::Id],
    printed: &dyn Fn(site::Id) -> bool,
) -> MatrixExtra<'a> {
    let included = |id: &site::Id| ids.binary_search(id).is_ok();
    let competencies = site
        .competencies
        .iter()
        .map(|e| MatrixCompetency {
            id: &e.competency.id,
            name: &e.competency.name,
            description: e.competency.description.as_deref(),
            url: site::competency_url(&e.competency.id),
            count: e.artefacts.iter().filter(|id| included(id)).count(),
            gap: e.is_gap(),
            artefacts: e
                .artefacts
                .iter()
                .filter(|id| included(id))
                .map(|&id| views::card_lite(site, id))
                .collect(),
        })
        .collect();
    let columns: Vec<MatrixColumn> = site
        .competencies
        .iter()
        .enumerate()
        .map(|(i, e)| MatrixColumn {
            id: &e.competency.id,
            name: &e.competency.name,
            short: e
                .competency
                .short
                .clone()
                .unwrap_or_else(|| format!("C{}", i + 1)),
        })
        .collect();
    let rows = ids
        .iter()
        .copied()
        .filter(|&id| !site.artefact(id).competencies.is_empty())
        .map(|id| {
            let a = site.artefact(id);
            MatrixRow {
                title: &a.title,
                url: site::artefact_url(a),
                anchor: views::anchor(a),
                in_document: printed(id),
                kind_label: a.kind.label(),
                marks: site
                    .competencies
                    .iter()
                    .map(|e| a.competencies.iter().any(|c| c.value == e.competency.id))
                    .collect(),
            }
        })
        .collect();
    MatrixExtra {
        competencies,
        matrix: Matrix { columns, rows },
    }
}

#[derive(Serialize)]
struct Empty {}

#[derive(Serialize)]
struct CoverageView<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    count: usize,
    gap: bool,
}

#[derive(Serialize)]
struct HomeExtra<'a> {
    headline_metrics: Vec<views::MetricView<'a>>,
    featured: Vec<&'a Card<'a>>,
    recent: Vec<&'a Card<'a>>,
    coverage: Vec<CoverageView<'a>>,
}

#[derive(Serialize)]
struct ArtefactExtra<'a> {
    artefact: views::ArtefactView<'a>,
    prev: Option<&'a Card<'a>>,
    next: Option<&'a Card<'a>>,
}

#[derive(Serialize)]
struct GroupView<'a> {
    kind: &'static str,
    label: &'static str,
    artefacts: Vec<&'a Card<'a>>,
}

#[derive(Serialize)]
struct GroupsExtra<'a> {
    groups: Vec<GroupView<'a>>,
}

#[derive(Serialize)]
struct ListExtra<'a> {
    heading: &'a str,
    intro: Option<&'static str>,
    artefacts: Vec<&'a Card<'a>>,
}

#[derive(Serialize)]
struct TagCount<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct TagsExtra<'a> {
    tags: Vec<TagCount<'a>>,
}

#[derive(Serialize)]
struct MatrixCompetency<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    url: String,
    count: usize,
    gap: bool,
    artefacts: Vec<views::CardLite<'a>>,
}

#[derive(Serialize)]
struct MatrixColumn<'a> {
    id: &'a str,
    name: &'a str,
    short: String,
}

#[derive(Serialize)]
struct MatrixRow<'a> {
    title: &'a str,
    url: String,
    /// The artefact's section in the printable dossier, and whether that page prints it.
    anchor: String,
    in_document: bool,
    kind_label: &'static str,
    marks: Vec<bool>,
}

#[derive(Serialize)]
struct Matrix<'a> {
    columns: Vec<MatrixColumn<'a>>,
    rows: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
struct MatrixExtra<'a> {
    competencies: Vec<MatrixCompetency<'a>>,
    matrix: Matrix<'a>,
}

#[derive(Serialize)]
struct CompetencyView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    gap: bool,
    artefacts: Vec<&'a Card<'a>>,
}

#[derive(Serialize)]
struct CompetencyExtra<'a> {
    competency: CompetencyView<'a>,
}

#[derive(Serialize)]
struct TestimonialsExtra<'a> {
    testimonials: Vec<views::TestimonialView<'a>>,
}

#[derive(Serialize)]
struct TimelineExtra<'a> {
    entries: Vec<views::TimelineView<'a>>,
}

#[derive(Serialize)]
struct ApplicationView<'a> {
    slug: &'a str,
    title: &'a str,
    statement_html: Option<String>,
    competencies: Vec<views::CompetencyRef<'a>>,
    artefacts: Vec<views::ArtefactView<'a>>,
}

#[derive(Serialize)]
struct ApplicationExtra<'a> {
    application: ApplicationView<'a>,
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
struct DossierExtra<'a> {
    application: Option<DossierApplication<'a>>,
    headline_metrics: Vec<views::MetricView<'a>>,
    competencies: Vec<MatrixCompetency<'a>>,
    matrix: Matrix<'a>,
    artefacts: Vec<views::ArtefactView<'a>>,
    /// Past [`DOSSIER_FULL_ARTEFACTS`]: the rest, as cards linking to their pages.
    more_artefacts: Vec<views::Card<'a>>,
    testimonials: Vec<views::TestimonialView<'a>>,
    entries: Vec<views::TimelineView<'a>>,
    contents: Vec<ContentsEntry>,
}
