//! Site to files: every page through the theme's templates, in parallel, straight to the output
//! (memory holds the pages in flight, not the site). The only module that names tera.

mod a11y;
mod application_links;
mod argument_json;
mod bodies;
mod brief;
mod card_fonts;
mod document_copy;
mod dossier;
mod feeds;
mod files;
mod footnotes;
pub mod html_text;
pub mod link_record;
pub mod markdown_html;
mod matrix;
mod measures;
pub mod metrics;
mod metrics_charts;
pub mod metrics_context;
mod metrics_groups;
pub mod metrics_links;
mod page_context;
mod page_keys;
mod page_kinds;
pub mod portfolios_index;
mod raw_html_links;
mod readiness;
mod resume_json;
pub mod reuse;
mod social_card;
mod story;
mod structured_data;
mod table_names;
mod theme;
pub mod views;

pub use dossier::{dossier_documents, DOSSIER_FULL_ARTEFACTS};
pub use files::{copy_files, data_files};
pub use link_record::{LinkRecord, WrittenLink};
pub use structured_data::base_url_note;

pub use theme::{builtin as builtin_themes, Theme};

use crate::diag::Diagnostic;
use crate::model::Kind;
use crate::output::Output;
pub use crate::site::{all_pages, Page};

use crate::site::{self, Site};
use rayon::prelude::*;
use std::sync::OnceLock;
use views::{card, Card, SiteView};

/// How much was written, and every link the pages carry from the educator's words.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
    pub links: LinkRecord,
}

/// One page's file and the links it carries, or why it could not be rendered.
type PageResult = Result<(String, Vec<WrittenLink>), Diagnostic>;

/// Everything pages share, computed once per build.
struct Shared<'a> {
    site: &'a Site<'a>,
    theme: &'a Theme,
    view: SiteView<'a>,
    /// Links of the site view (the person's summary and photo), on every page.
    view_links: Vec<link_record::Noted>,
    /// Every artefact's card, made the first time a page shows it (see [`prepare`]).
    cards: Vec<OnceLock<Card<'a>>>,
    /// What pages' keys share, for a cached build (`page_keys`).
    keys: page_keys::Keys,
    /// The site view as Tera data, made on first use and cloned into each page's context:
    /// serialising it afresh for every page cost more than the copy.
    site_context: OnceLock<Result<tera::Context, String>>,
    /// The bodies of printed artefacts, shared by their pages and the printable documents.
    bodies: bodies::Bodies,
}

impl<'a> Shared<'a> {
    /// The card of artefact `id`, made now if no page has shown it yet.
    fn card(&self, id: site::Id) -> &Card<'a> {
        self.cards[id].get_or_init(|| card(self.site, id))
    }
}

/// Renders the whole site into `out`: every page, the data files, and every file to copy.
pub fn site(
    site: &Site<'_>,
    theme: &Theme,
    out: &dyn Output,
    serving: bool,
) -> Result<Rendered, Vec<Diagnostic>> {
    let all = all_pages(site);
    // The data files (portfolio.json is one long serial job), the link-preview card and the
    // copies run beside the pages, which keep every other core busy: one after the other,
    // they left a core idle at the end of every build.
    use crate::pipeline::timings::{report, timed};
    let ((links, paged), (files, copied)) = rayon::join(
        || timed(|| pages(site, theme, out, &all, serving)),
        || {
            timed(|| {
                data_files(site, out).and_then(|n| Ok(n + copy_files(site, theme, out, None)?))
            })
        },
    );
    report("pages", paged);
    report("data files, card and copies", copied);
    let links = links?;
    let files = files.map_err(|e| vec![e])?;
    Ok(Rendered {
        pages: all.len(),
        files,
        links,
    })
}

/// Renders the given pages into `out`, in parallel; returns the links each page carries from
/// Markdown and front matter, or every template error.
pub fn pages(
    site: &Site<'_>,
    theme: &Theme,
    out: &dyn Output,
    pages: &[Page],
    serving: bool,
) -> Result<LinkRecord, Vec<Diagnostic>> {
    prepare(site, theme, serving).pages(out, pages)
}

/// What every page of one site shares (the site view, every artefact's card), computed once
/// for callers that render the pages in several batches: serve renders the edited page, then
/// the listings a few at a time so that a newer save can interrupt them.
pub struct Prepared<'a>(Shared<'a>);

/// A build makes every card up front, on every core: its listings show them all. `serve`
/// makes each card when a page first shows it, so the page of the edited artefact (which shows
/// two cards, its neighbours') is sent without waiting for 10,000 cards it does not show; the
/// listings make the rest afterwards, on the background pool, while the browser reloads.
pub fn prepare<'a>(site: &'a Site<'a>, theme: &'a Theme, serving: bool) -> Prepared<'a> {
    let (view, view_links) = link_record::recording(|| site_view(site, serving));
    let ids = 0..site.artefacts.len();
    let cards = if serving {
        ids.map(|_| OnceLock::new()).collect()
    } else {
        ids.into_par_iter()
            .map(|id| OnceLock::from(card(site, id)))
            .collect()
    };
    Prepared(Shared {
        site,
        theme,
        view,
        view_links,
        cards,
        keys: page_keys::Keys::default(),
        site_context: Default::default(),
        bodies: bodies::Bodies::new(site),
    })
}

impl<'a> Prepared<'a> {
    /// Makes every card not made yet, on every core: serve calls it once the edited page is
    /// sent, so the listings after it (one at a time, on a pool that leaves a core free) do
    /// not make 10,000 cards on one thread, which a save arriving meanwhile would wait for.
    pub fn make_cards(&self) {
        (0..self.0.cards.len()).into_par_iter().for_each(|id| {
            self.0.card(id);
        });
    }

    /// Renders `pages` into `out`, in parallel, as [`pages`] does. (Borrowed for `'a`: the
    /// cards made on first use make `Shared` invariant in `'a`.)
    pub fn pages(
        &'a self,
        out: &'a dyn Output,
        pages: &[Page],
    ) -> Result<LinkRecord, Vec<Diagnostic>> {
        // The longest pages start first: otherwise one core finishes a long page alone while
        // the other idles. Split in halves (an indexed parallel iterator), the first half's
        // pages (the documents, briefs and listings) mostly run one after another while the
        // other core takes the artefacts' pages: handing out pages strictly in this order
        // (`par_bridge`) ran two big listings at once, 24 MB more at 10,000 artefacts.
        let mut order: Vec<usize> = (0..pages.len()).collect();
        order.sort_by_key(|&i| start_rank(pages[i]));
        let mut results: Vec<(usize, PageResult)> = order
            .par_iter()
            .map(|&i| (i, page_kinds::Job::new(&self.0, pages[i], out).run()))
            .collect();
        results.sort_unstable_by_key(|(i, _)| *i);
        let results = results.into_iter().map(|(_, result)| result);
        let mut errors: Vec<Diagnostic> = Vec::new();
        let mut record = LinkRecord::default();
        for result in results {
            match result {
                Ok((page, links)) => record.add(page, links),
                Err(e) if !errors.contains(&e) => errors.push(e),
                Err(_) => {}
            }
        }
        if errors.is_empty() {
            Ok(record)
        } else {
            Err(errors)
        }
    }
}

/// When a page starts among the others, by how long it takes: the printable documents
/// (every artefact in full) first, then the briefs, the listings, and the artefacts' pages.
fn start_rank(page: Page) -> u8 {
    match page {
        Page::Dossier | Page::ApplicationDossier(_) => 0,
        Page::Brief | Page::ApplicationBrief(_) => 1,
        Page::Artefact(_) => 3,
        _ => 2,
    }
}

impl Page {
    fn noindex(self, site: &Site<'_>) -> bool {
        match self {
            // A private application is never indexed, whatever its `noindex` says.
            // An application's brief is a summary for its panel's paper copy, never searched.
            Page::ApplicationBrief(_) => true,
            Page::Application(i) | Page::ApplicationDossier(i) => {
                let page = &site.applications[i];
                !page.is_public() || page.application.noindex
            }
            Page::NotFound => true,
            // A development plan is intent, not evidence: readers reach it from the readiness
            // page, the brief and "What next"; it is kept out of search results and the sitemap.
            Page::Artefact(id) => site.artefact(id).kind == Kind::Plan,
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
        version: crate::pack::version::short(&site.version).to_string(),
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
        photo: person.photo.as_ref().map(|p| {
            let path = crate::paths::path(&site::photo_path(&site.portfolio.root, &p.source));
            link_record::note(
                link_record::Href::FromRoot(path.clone()),
                &p.location,
                &p.reference,
            );
            path
        }),
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
