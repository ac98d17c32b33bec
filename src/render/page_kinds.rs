//! One function per page kind: each gathers what its template shows and hands it to
//! [`Job::emit`], which adds what every page shares and writes the page.

use super::dossier::dossier;
use super::link_record::{self, WrittenLink};
use super::matrix::matrix;
use super::metrics_links::{side_by_side, Placed};
use super::page_context;
use super::views::{self, Card, PageMeta};
use super::Shared;
use crate::diag::{codes, Diagnostic, Location};
use crate::model::Kind;
use crate::output::Output;
use crate::site::{self, Page, Site};
use serde::Serialize;

/// One page being rendered: what every page shares, which page, and where it lands.
pub(super) struct Job<'a> {
    pub(super) shared: &'a Shared<'a>,
    pub(super) page: Page,
    pub(super) address: site::Address,
    pub(super) out: &'a dyn Output,
    /// The page's key before its views are built, and what it said (`reuse::early`).
    early: (Option<u128>, super::reuse::Early),
}

/// Which template draws a page, and how the page names itself.
pub(super) struct Frame<'t> {
    pub(super) template: &'static str,
    pub(super) kind: &'static str,
    pub(super) section: &'static str,
    pub(super) title: &'t str,
}

impl<'a> Job<'a> {
    /// Where this page goes; the 404 page is served at any missing path, so its links cannot
    /// be relative.
    pub(super) fn new(shared: &'a Shared<'a>, page: Page, out: &'a dyn Output) -> Self {
        let site = shared.site;
        let mut address = page.address(site);
        if matches!(page, Page::NotFound) {
            address.root = site::base_path(&site.portfolio.base_url);
        }
        let key = out
            .reuse()
            .and_then(|_| super::page_keys::key(shared, page));
        Job {
            shared,
            page,
            address,
            out,
            early: (key, super::reuse::Early::Build),
        }
    }

    /// Renders and writes the page; returns its file and the links it carries from the
    /// educator's words (its own, and the site view's that every page holds).
    pub(super) fn run(mut self) -> Result<(String, Vec<WrittenLink>), Diagnostic> {
        let (result, noted) = link_record::recording(|| self.render_unless_kept());
        result?;
        let site::Address { file, root, .. } = &self.address;
        let links = noted
            .iter()
            .chain(&self.shared.view_links)
            .map(|n| n.on_page(file, root))
            .collect();
        Ok((self.address.file, links))
    }

    /// Renders the page, unless its key shows the last build's is still right (a cached build).
    fn render_unless_kept(&mut self) -> Result<(), Diagnostic> {
        let version = &self.shared.view.version;
        let early = super::reuse::early(self.out, &self.address.file, self.early.0, version)?;
        if early == super::reuse::Early::Kept {
            return Ok(());
        }
        self.early.1 = early;
        render(self)
    }

    pub(super) fn site(&self) -> &'a Site<'a> {
        self.shared.site
    }

    fn cards(&self, ids: &[site::Id]) -> Vec<&'a Card<'a>> {
        ids.iter().map(|&id| self.shared.card(id)).collect()
    }

    /// Renders `frame.template` with `extra` beside what every page shares, and writes it.
    pub(super) fn emit<T: Serialize>(&self, frame: Frame<'_>, extra: T) -> Result<(), Diagnostic> {
        let site = self.site();
        let site::Address { url, file, root } = &self.address;
        let page = PageMeta {
            kind: frame.kind,
            section: frame.section,
            title: frame.title,
            description: description(site, frame.title),
            permalink: format!("{}{}", site.portfolio.base_url, url),
            url: url.clone(),
            noindex: self.page.noindex(site),
        };
        let text = super::structured_data::PageText {
            title: page.title,
            description: &page.description,
        };
        let head_meta = super::structured_data::head_meta(site, self.page, url, &text);
        let context = page_context::PageContext {
            root,
            site: &self.shared.view,
            own: page_context::PageOwn {
                page,
                head_meta,
                extra,
            },
        };
        let version = &self.shared.view.version;
        let reuse = super::reuse::Check::new(
            self.out,
            self.shared.theme,
            frame.template,
            &context,
            version,
            self.early,
        );
        if reuse.kept(file)? {
            return Ok(());
        }
        let context = page_context::tera_context(self.shared, root, &context.own).map_err(|e| {
            Diagnostic::error(
                codes::TEMPLATE,
                Location::file(frame.template),
                format!("cannot build the page context: {e}"),
            )
        })?;
        let html = self.shared.theme.render(frame.template, &context)?;
        reuse.write(self.out, file, &html)
    }
}

/// Renders and writes one page.
fn render(job: &Job<'_>) -> Result<(), Diagnostic> {
    match job.page {
        Page::Home => home(job),
        Page::Artefact(id) => artefact(job, id),
        Page::Artefacts => artefacts(job),
        Page::CaseStudies => case_studies(job),
        Page::Tags => tags(job),
        Page::Tag(i) => tag(job, i),
        Page::Competencies => competencies(job),
        Page::Competency(i) => competency(job, i),
        Page::Testimonials => testimonials(job),
        Page::Timeline => timeline(job),
        Page::Application(i) => application(job, i),
        Page::NotFound => not_found(job),
        Page::Dossier => whole_dossier(job),
        Page::ApplicationDossier(i) => application_dossier(job, i),
        Page::Readiness => readiness(job),
        Page::Measure(i) => super::measures::measure(job, i),
        Page::Brief => super::brief::brief(job, None),
        Page::ApplicationBrief(i) => super::brief::brief(job, Some(i)),
    }
}

fn home(job: &Job<'_>) -> Result<(), Diagnostic> {
    let site = job.site();
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
    // A plan is intent, not evidence: it is shown under "What next", not as recent work.
    let recent: Vec<site::Id> = (0..site.artefacts.len())
        .filter(|&id| site.artefact(id).kind != Kind::Plan)
        .take(6)
        .collect();
    job.emit(
        Frame {
            template: "index.html",
            kind: "home",
            section: "home",
            title: &site.portfolio.title,
        },
        HomeExtra {
            headline_metrics: headline_metrics(site, 0..site.artefacts.len()),
            featured: job.cards(&site.featured()),
            recent: job.cards(&recent),
            coverage,
            stories: super::story::stories(site),
            what_next: super::story::what_next(site, 0..site.artefacts.len(), &|_| false),
            applications: super::application_links::public(site),
        },
    )
}

/// How ready the evidence shows the person is for their pathway (built only with one).
fn readiness(job: &Job<'_>) -> Result<(), Diagnostic> {
    let site = job.site();
    let extra = super::readiness::readiness(site).ok_or_else(|| {
        Diagnostic::error(
            codes::TEMPLATE,
            Location::file("readiness.html"),
            "the readiness page is built only for a portfolio with a pathway",
        )
    })?;
    let title = format!(
        "Readiness: {}",
        site.portfolio
            .pathway
            .as_ref()
            .map_or("", |p| p.name.as_str())
    );
    job.emit(
        Frame {
            template: "readiness.html",
            kind: "readiness",
            section: "readiness",
            title: &title,
        },
        extra,
    )
}

fn artefact(job: &Job<'_>, id: site::Id) -> Result<(), Diagnostic> {
    let site = job.site();
    let (older, newer) = site.neighbours(id);
    job.emit(
        Frame {
            template: "artefact.html",
            kind: "artefact",
            section: "artefacts",
            title: &site.artefact(id).title,
        },
        ArtefactExtra {
            artefact: {
                let mut view = views::artefact(site, id, false);
                view.body_html = Some(job.shared.bodies.page(site, id));
                view
            },
            prev: older.map(|i| job.shared.card(i)),
            next: newer.map(|i| job.shared.card(i)),
        },
    )
}

fn artefacts(job: &Job<'_>) -> Result<(), Diagnostic> {
    let site = job.site();
    // The list of evidence: plans are reached from "What next", the readiness page and the
    // brief, which say what they are.
    let groups: Vec<GroupView> = Kind::ALL
        .iter()
        .filter(|&&kind| kind != Kind::Plan)
        .map(|&kind| GroupView {
            kind: kind.id(),
            label: kind.plural_label(),
            artefacts: job.cards(&site.of_kind(kind)),
        })
        .filter(|g| !g.artefacts.is_empty())
        .collect();
    job.emit(
        Frame {
            template: "artefacts.html",
            kind: "artefacts",
            section: "artefacts",
            title: "All artefacts",
        },
        GroupsExtra { groups },
    )
}

fn case_studies(job: &Job<'_>) -> Result<(), Diagnostic> {
    job.emit(
        Frame {
            template: "list.html",
            kind: "list",
            section: "case-studies",
            title: "Case studies",
        },
        ListExtra {
            heading: "Case studies",
            intro: Some("Pieces of work followed from context to measured impact."),
            artefacts: job.cards(&job.site().of_kind(Kind::CaseStudy)),
            as_rows: false,
        },
    )
}

fn tags(job: &Job<'_>) -> Result<(), Diagnostic> {
    let tags: Vec<TagCount> = job
        .site()
        .tags
        .iter()
        .map(|t| TagCount {
            name: &t.name,
            url: site::tag_url(&t.slug),
            count: t.artefacts.len(),
        })
        .collect();
    job.emit(
        Frame {
            template: "tags.html",
            kind: "tags",
            section: "artefacts",
            title: "Tags",
        },
        TagsExtra { tags },
    )
}

fn tag(job: &Job<'_>, i: usize) -> Result<(), Diagnostic> {
    let tag = &job.site().tags[i];
    let heading = format!("Tagged “{}”", tag.name);
    job.emit(
        Frame {
            template: "list.html",
            kind: "list",
            section: "artefacts",
            title: &heading,
        },
        ListExtra {
            heading: &heading,
            intro: None,
            artefacts: job.cards(&tag.artefacts),
            as_rows: true,
        },
    )
}

fn competencies(job: &Job<'_>) -> Result<(), Diagnostic> {
    let site = job.site();
    let framework = site.portfolio.framework.as_ref();
    let every: Vec<site::Id> = (0..site.artefacts.len()).collect();
    job.emit(
        Frame {
            template: "competencies.html",
            kind: "competencies",
            section: "competencies",
            title: framework.map_or("Evidence", |f| f.name.as_str()),
        },
        matrix(site, &every, &|_| false),
    )
}

fn competency(job: &Job<'_>, i: usize) -> Result<(), Diagnostic> {
    let e = &job.site().competencies[i];
    job.emit(
        Frame {
            template: "competency.html",
            kind: "competency",
            section: "competencies",
            title: &e.competency.name,
        },
        CompetencyExtra {
            competency: CompetencyView {
                id: &e.competency.id,
                name: &e.competency.name,
                description: e.competency.description.as_deref(),
                gap: e.is_gap(),
                artefacts: job.cards(&e.artefacts),
            },
        },
    )
}

fn testimonials(job: &Job<'_>) -> Result<(), Diagnostic> {
    let site = job.site();
    let testimonials: Vec<_> = site
        .testimonials
        .iter()
        .map(|&(id, t)| views::testimonial(site, id, t))
        .collect();
    job.emit(
        Frame {
            template: "testimonials.html",
            kind: "testimonials",
            section: "testimonials",
            title: "Testimonials",
        },
        TestimonialsExtra { testimonials },
    )
}

fn timeline(job: &Job<'_>) -> Result<(), Diagnostic> {
    let entries: Vec<_> = job
        .site()
        .timeline
        .iter()
        .map(|e| views::timeline_entry(e))
        .collect();
    job.emit(
        Frame {
            template: "timeline.html",
            kind: "timeline",
            section: "timeline",
            title: "Timeline",
        },
        TimelineExtra { entries },
    )
}

fn application(job: &Job<'_>, i: usize) -> Result<(), Diagnostic> {
    let site = job.site();
    let p = &site.applications[i];
    let app = p.application;
    let view = ApplicationView {
        slug: &app.slug,
        title: &app.title,
        statement_html: app
            .statement
            .as_ref()
            .map(|m| views::yaml_markdown_html(site, m, &job.address.root)),
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
    job.emit(
        Frame {
            template: "application.html",
            kind: "application",
            section: "",
            title: &app.title,
        },
        ApplicationExtra { application: view },
    )
}

fn not_found(job: &Job<'_>) -> Result<(), Diagnostic> {
    job.emit(
        Frame {
            template: "404.html",
            kind: "not-found",
            section: "",
            title: "Page not found",
        },
        Empty {},
    )
}

fn whole_dossier(job: &Job<'_>) -> Result<(), Diagnostic> {
    let site = job.site();
    let ids: Vec<site::Id> = (0..site.artefacts.len()).collect();
    let title = format!("{}: the complete portfolio", site.portfolio.person.name);
    job.emit(
        Frame {
            template: "dossier.html",
            kind: "dossier",
            section: "",
            title: &title,
        },
        dossier(site, &job.shared.bodies, &ids, None, &job.address.root),
    )
}

fn application_dossier(job: &Job<'_>, i: usize) -> Result<(), Diagnostic> {
    let site = job.site();
    let p = &site.applications[i];
    let title = format!("{}: {}", site.portfolio.person.name, p.application.title);
    job.emit(
        Frame {
            template: "dossier.html",
            kind: "dossier",
            section: "",
            title: &title,
        },
        dossier(
            site,
            &job.shared.bodies,
            &p.artefacts,
            Some(i),
            &job.address.root,
        ),
    )
}

/// The metrics marked `headline` of the given artefacts, each with the artefact it came from,
/// and the implementation measures that drive them: outcomes first, each with its drivers.
pub(super) fn headline_metrics<'a>(
    site: &Site<'a>,
    ids: impl Iterator<Item = site::Id>,
) -> Vec<views::MetricView<'a>> {
    let placed = ids.flat_map(|id| {
        let a = site.artefact(id);
        let drives_a_headline = |m: &crate::model::Metric| {
            m.context.drives.as_ref().is_some_and(|d| {
                a.metrics.iter().any(|o| {
                    o.headline && o.context.id.as_ref().is_some_and(|i| i.value == d.value)
                })
            })
        };
        a.metrics
            .iter()
            .enumerate()
            .filter(move |(_, m)| m.headline || drives_a_headline(m))
            .map(move |(i, m)| {
                let mut view = views::metric(m, format!("headline-{}-{}", a.slug.value, i + 1));
                view.artefact = Some(views::card_lite(site, id));
                Placed {
                    slug: &a.slug.value,
                    metric: m,
                    view,
                }
            })
    });
    side_by_side(placed.collect(), true)
}

fn description(site: &Site<'_>, title: &str) -> String {
    let person = &site.portfolio.person;
    match &person.headline {
        Some(headline) => format!("{title} — {}, {headline}", person.name),
        None => format!("{title} — {}", person.name),
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
    /// Case studies' stories, for the impact section.
    stories: Vec<super::story::StoryCard<'a>>,
    /// The development plans, for "What next".
    what_next: Vec<super::story::NextView<'a>>,
    /// The public applications and their briefs (parts/applications.html).
    applications: Vec<super::application_links::ApplicationLink<'a>>,
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
    /// Compact rows instead of cards: a tag's page lists artefacts whose cards /artefacts/
    /// already shows, so each is a title, kind and date (a tenth of a card's bytes).
    as_rows: bool,
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
