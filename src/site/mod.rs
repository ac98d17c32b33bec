//! The site as derived from the model: what is public, in what order, grouped how.
//! Plain indexes into the portfolio's artefacts; nothing is copied, nothing is HTML yet.

mod addresses;
pub mod blind;
mod copies;
pub mod files;
pub mod kept;
mod measures;
pub mod secret;
mod withheld;

pub use addresses::SOCIAL_CARD;
pub use addresses::{
    all_pages, attachment_path, file_of_url, from_root, photo_path, root_of, sibling_artefact_url,
    static_path, theme_file_path, url_of_file, Address, AddressBook, Page,
};
pub use copies::unpublishable_copies;
pub use measures::{measures, Entry as MeasureEntry, Measure};
pub use withheld::{ApplicationAddress, Entry, Withheld};

use crate::markdown::slugify;
use crate::model::{
    Artefact, AttachmentTarget, Competency, Kind, LinkTarget, Portfolio, Testimonial, TimelineEntry,
};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Index of an artefact in [`Site::artefacts`].
pub type Id = usize;

pub struct Site<'a> {
    pub portfolio: &'a Portfolio,
    /// The public artefacts, newest first.
    pub artefacts: Vec<&'a Artefact>,
    /// Where each of them is in `portfolio.artefacts` (so serve can keep the indexes: `kept`).
    pub order: Vec<usize>,
    /// Markdown file → artefact, for links between artefacts.
    pub by_file: HashMap<PathBuf, Id>,
    pub tags: Vec<Tag>,
    /// In the framework's order, each with the artefacts evidencing it.
    pub competencies: Vec<Evidence<'a>>,
    /// Consented testimonials of public artefacts, newest first.
    pub testimonials: Vec<(Id, &'a Testimonial)>,
    pub timeline: Vec<&'a TimelineEntry>,
    pub applications: Vec<ApplicationPage<'a>>,
    /// Per artefact: files copied beside its page, as (source, output file name).
    pub assets: Vec<Vec<(PathBuf, String)>>,
    pub withheld: Withheld,
    /// The full hex hash of the published content (`pack::version`), set by the pipeline once
    /// the site is known; empty until then.
    pub version: String,
}

pub struct Tag {
    pub name: String,
    pub slug: String,
    pub artefacts: Vec<Id>,
}

pub struct Evidence<'a> {
    pub competency: &'a Competency,
    pub artefacts: Vec<Id>,
}

impl Evidence<'_> {
    pub fn is_gap(&self) -> bool {
        self.artefacts.is_empty()
    }
}

pub struct ApplicationPage<'a> {
    pub application: &'a crate::model::Application,
    pub artefacts: Vec<Id>,
    /// Its page's site path: `for/<slug>-<token>/` unless the application is `public: true`.
    pub url: String,
}

impl ApplicationPage<'_> {
    /// Listed in portfolio.json and the sitemap: only an application made `public: true`.
    pub fn is_public(&self) -> bool {
        self.application.public
    }
}

impl<'a> Site<'a> {
    pub fn new(portfolio: &'a Portfolio, include_drafts: bool) -> Self {
        let all = &portfolio.artefacts;
        let mut order: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].is_published(include_drafts))
            .collect();
        order.sort_by(|&a, &b| newest_first(&all[a], &all[b]));
        let artefacts: Vec<&Artefact> = order.iter().map(|&i| &all[i]).collect();
        let mut withheld = Withheld::of(portfolio, &artefacts);
        let by_file = artefacts
            .iter()
            .enumerate()
            .map(|(id, a)| (markdown_file(a), id))
            .collect();
        let applications = application_pages(portfolio, &artefacts);
        withheld.add_applications(&portfolio.base_url, &applications);
        Site {
            portfolio,
            tags: tags(&artefacts),
            competencies: evidence(portfolio, &artefacts),
            testimonials: testimonials(&artefacts),
            timeline: timeline(portfolio),
            applications,
            assets: artefacts.iter().map(|a| assets(a)).collect(),
            by_file,
            artefacts,
            order,
            withheld,
            version: String::new(),
        }
    }

    pub fn artefact(&self, id: Id) -> &'a Artefact {
        self.artefacts[id]
    }

    /// Public artefacts of one kind, newest first.
    pub fn of_kind(&self, kind: Kind) -> Vec<Id> {
        (0..self.artefacts.len())
            .filter(|&id| self.artefacts[id].kind == kind)
            .collect()
    }

    pub fn featured(&self) -> Vec<Id> {
        (0..self.artefacts.len())
            .filter(|&id| self.artefacts[id].featured)
            .collect()
    }

    /// Chronological neighbours: the older and the newer artefact.
    pub fn neighbours(&self, id: Id) -> (Option<Id>, Option<Id>) {
        let older = (id + 1 < self.artefacts.len()).then_some(id + 1);
        let newer = id.checked_sub(1);
        (older, newer)
    }

    /// The report of what was held back, with the images the copy cleans among
    /// `static_files` and the files of public artefacts (this reads each of them).
    pub fn report(&self, static_files: &[PathBuf]) -> Withheld {
        let mut report = self.withheld.clone();
        report.add_cleaned(files::cleaned(&files::published(self, static_files)));
        report
    }

    pub fn gap_count(&self) -> usize {
        self.competencies.iter().filter(|e| e.is_gap()).count()
    }
}

/// The site's order of artefacts: newest first, then by title, then by slug.
pub fn newest_first(a: &Artefact, b: &Artefact) -> std::cmp::Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.slug.value.cmp(&b.slug.value))
}

/// Every application's page, with the artefacts it shows and its address.
fn application_pages<'a>(
    portfolio: &'a Portfolio,
    artefacts: &[&Artefact],
) -> Vec<ApplicationPage<'a>> {
    let secret = secret::read(&portfolio.root);
    portfolio
        .applications
        .iter()
        .map(|app| ApplicationPage {
            application: app,
            artefacts: application_artefacts(app, artefacts),
            url: application_url(app, secret.as_deref()),
        })
        .collect()
}

fn markdown_file(artefact: &Artefact) -> PathBuf {
    artefact
        .dir
        .join(artefact.source_path.rsplit('/').next().unwrap_or_default())
}

/// Everything wrong with what a build would write: two claims on one output path (D0412, and
/// D0403 for a static file a page replaces) and copies that would publish private material
/// (D0411). One call, so every driver of the stages (build, check, serve) can make it.
pub fn output_problems<'t>(
    site: &Site<'_>,
    theme_files: impl IntoIterator<Item = &'t str>,
    static_files: &[PathBuf],
) -> Vec<crate::diag::Diagnostic> {
    let mut problems = AddressBook::new(site, theme_files, static_files)
        .problems()
        .to_vec();
    problems.extend(unpublishable_copies(site, static_files));
    // Reads each published file once per run: what it costs `serve` on an edit is the price of
    // warning about a photo's metadata or size the moment it is linked.
    let published = files::published(site, static_files);
    let own_name = &site.portfolio.person.name;
    problems.extend(files::warnings(
        &published,
        files::DEFAULT_IMAGE_BUDGET,
        own_name,
    ));
    problems
}

/// The path of the site's address (`https://host/pr-7/` → `/pr-7/`), for the pages and checks
/// that cannot use relative links.
pub fn base_path(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = without_scheme
        .find('/')
        .map_or("", |i| &without_scheme[i..]);
    crate::paths::base_path(path)
}

/// The site path of an artefact's page.
pub fn artefact_url(artefact: &Artefact) -> String {
    format!("artefacts/{}/", artefact.slug.value)
}

pub fn tag_url(slug: &str) -> String {
    format!("tags/{slug}/")
}

pub fn competency_url(id: &str) -> String {
    format!("competencies/{}/", slugify(id))
}

/// An application's page: `for/<slug>/` when it is `public: true`, else with the token only
/// the portfolio's secret gives (see [`secret`]), so its address cannot be guessed.
fn application_url(app: &crate::model::Application, secret: Option<&str>) -> String {
    if app.public {
        format!("for/{}/", app.slug)
    } else {
        format!("for/{}-{}/", app.slug, secret::token(secret, &app.slug))
    }
}

/// The page of a measure followed across years (metrics sharing `measure: <id>`).
pub fn measure_url(id: &str) -> String {
    format!("measures/{}/", slugify(id))
}

/// Tags by slug, so `Data literacy` and `data-literacy` are one tag (named as first written).
fn tags(artefacts: &[&Artefact]) -> Vec<Tag> {
    let mut by_slug: BTreeMap<String, Tag> = BTreeMap::new();
    for (id, artefact) in artefacts.iter().enumerate() {
        for name in &artefact.tags {
            let slug = slugify(name);
            if slug.is_empty() {
                continue;
            }
            let tag = by_slug.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug,
                artefacts: Vec::new(),
            });
            if tag.artefacts.last() != Some(&id) {
                tag.artefacts.push(id);
            }
        }
    }
    by_slug.into_values().collect()
}

fn evidence<'a>(portfolio: &'a Portfolio, artefacts: &[&Artefact]) -> Vec<Evidence<'a>> {
    let Some(framework) = &portfolio.framework else {
        return Vec::new();
    };
    let position: HashMap<&str, usize> = framework
        .competencies
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut evidence: Vec<Evidence> = framework
        .competencies
        .iter()
        .map(|competency| Evidence {
            competency,
            artefacts: Vec::new(),
        })
        .collect();
    for (id, artefact) in artefacts.iter().enumerate() {
        for competency in &artefact.competencies {
            if let Some(&i) = position.get(competency.value.as_str()) {
                if evidence[i].artefacts.last() != Some(&id) {
                    evidence[i].artefacts.push(id);
                }
            }
        }
    }
    evidence
}

fn testimonials<'a>(artefacts: &[&'a Artefact]) -> Vec<(Id, &'a Testimonial)> {
    let mut all: Vec<(Id, &Testimonial)> = artefacts
        .iter()
        .enumerate()
        .flat_map(|(id, a)| {
            a.testimonials
                .iter()
                .filter(|t| t.consent)
                .map(move |t| (id, t))
        })
        .collect();
    all.sort_by(|a, b| b.1.date.cmp(&a.1.date).then(a.0.cmp(&b.0)));
    all
}

fn timeline(portfolio: &Portfolio) -> Vec<&TimelineEntry> {
    let mut entries: Vec<&TimelineEntry> = portfolio.timeline.iter().collect();
    entries.sort_by(|a, b| {
        b.sort_key()
            .cmp(&a.sort_key())
            .then_with(|| a.title.cmp(&b.title))
    });
    entries
}

/// The explicit choice in its order; otherwise the artefacts evidencing the application's
/// competencies, those matching most of them first, then featured, then newest.
fn application_artefacts(
    application: &crate::model::Application,
    artefacts: &[&Artefact],
) -> Vec<Id> {
    if !application.artefacts.is_empty() {
        return application
            .artefacts
            .iter()
            .filter_map(|name| {
                artefacts
                    .iter()
                    .position(|a| a.slug.value == name.value)
                    .or_else(|| {
                        artefacts.iter().position(|a| {
                            markdown_file(a)
                                .file_stem()
                                .is_some_and(|s| s.to_string_lossy() == name.value)
                        })
                    })
            })
            .collect();
    }
    let wanted: Vec<&str> = application
        .competencies
        .iter()
        .map(|c| c.value.as_str())
        .collect();
    let matches = |a: &Artefact| {
        a.competencies
            .iter()
            .filter(|c| wanted.contains(&c.value.as_str()))
            .count()
    };
    let mut chosen: Vec<(usize, Id)> = artefacts
        .iter()
        .enumerate()
        .map(|(id, a)| (matches(a), id))
        .filter(|(n, _)| *n > 0)
        .collect();
    chosen.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(artefacts[b.1].featured.cmp(&artefacts[a.1].featured))
            .then(a.1.cmp(&b.1))
    });
    chosen.into_iter().map(|(_, id)| id).collect()
}

/// Attachment files and files linked from the body, each with a unique name beside the page.
pub fn assets(artefact: &Artefact) -> Vec<(PathBuf, String)> {
    let files = artefact
        .attachments
        .iter()
        .filter_map(|a| match &a.target {
            AttachmentTarget::File(asset) => Some(asset.source.clone()),
            AttachmentTarget::Url(_) => None,
        })
        .chain(artefact.body.links.iter().filter_map(|l| match &l.target {
            LinkTarget::Asset(path) => Some(path.clone()),
            _ => None,
        }));
    let mut out: Vec<(PathBuf, String)> = Vec::new();
    for source in files {
        if out.iter().any(|(s, _)| *s == source) {
            continue;
        }
        let name = source
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let mut unique = name.clone();
        let mut n = 2;
        while unique == "index.html" || out.iter().any(|(_, existing)| *existing == unique) {
            unique = format!("{n}-{name}");
            n += 1;
        }
        out.push((source, unique));
    }
    out
}
