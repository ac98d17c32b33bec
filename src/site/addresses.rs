//! The address book: where every page and file of the site lands, and who claims it.
//!
//! A page's URL, its output file (`{url}index.html`) and the way back to the site root
//! (`../` per folder) are computed here and nowhere else; render asks [`Page::address`].
//! [`AddressBook::new`] lists every output path a build writes (pages, data files, theme
//! files, the photo, attachments, static files) with the source that claims it, so two
//! claims on one path are an error naming both, never one file silently overwriting another
//! (and which one wins depending on thread timing).

use super::{Id, Site};
use crate::diag::{codes, display_path, Diagnostic, Location};
use crate::model::Artefact;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Page {
    Home,
    Artefact(Id),
    Artefacts,
    CaseStudies,
    Tags,
    Tag(usize),
    Competencies,
    Competency(usize),
    Testimonials,
    Timeline,
    Application(usize),
    NotFound,
    /// The whole public portfolio as one printable document.
    Dossier,
    /// An application's printable document.
    ApplicationDossier(usize),
    /// How ready the evidence shows the person is for the pathway portfolio.yaml names.
    Readiness,
    /// One measure followed across years (the `i`th of [`super::measures`]).
    Measure(usize),
    /// The panel brief: the portfolio on at most two printed pages.
    Brief,
    /// An application's panel brief, beside its application page.
    ApplicationBrief(usize),
}

/// Where a page lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// Site-relative URL: `artefacts/fa-pilot/`, `` for home, `404.html`.
    pub url: String,
    /// The output file: `artefacts/fa-pilot/index.html`.
    pub file: String,
    /// From the page back to the site root: `../../`.
    pub root: String,
}

impl Address {
    pub fn of(url: String) -> Address {
        let file = file_of_url(&url);
        let root = root_of(&url);
        Address { url, file, root }
    }
}

/// The file a site URL is served from, as a static host serves it: a folder's (`` or ending
/// in `/`) is its `index.html`.
pub fn file_of_url(url: &str) -> String {
    if url.is_empty() || url.ends_with('/') {
        format!("{url}index.html")
    } else {
        url.to_string()
    }
}

/// From a site path back to the site root: one `../` per folder.
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The link-preview image every public page's `og:image` names (src/render/social_card.rs).
pub const SOCIAL_CARD: &str = "social-card.png";

/// Every page of the site.
pub fn all_pages(site: &Site<'_>) -> Vec<Page> {
    let mut pages = vec![
        Page::Home,
        Page::Artefacts,
        Page::CaseStudies,
        Page::Tags,
        Page::Testimonials,
        Page::Timeline,
        Page::NotFound,
    ];
    if site.portfolio.framework.is_some() {
        pages.push(Page::Competencies);
    }
    if site.portfolio.pathway.is_some() && site.portfolio.framework.is_some() {
        pages.push(Page::Readiness);
    }
    pages.extend((0..site.artefacts.len()).map(Page::Artefact));
    pages.extend((0..site.tags.len()).map(Page::Tag));
    pages.extend((0..site.competencies.len()).map(Page::Competency));
    pages.extend((0..site.applications.len()).map(Page::Application));
    pages.push(Page::Dossier);
    pages.extend((0..site.applications.len()).map(Page::ApplicationDossier));
    pages.extend((0..super::measures(site).len()).map(Page::Measure));
    pages.push(Page::Brief);
    pages.extend((0..site.applications.len()).map(Page::ApplicationBrief));
    pages
}

impl Page {
    /// The page's site-relative URL (`artefacts/fa-pilot/`, `` for home, `404.html`).
    pub fn url(self, site: &Site<'_>) -> String {
        match self {
            Page::Home => String::new(),
            Page::Artefact(id) => super::artefact_url(site.artefact(id)),
            Page::Artefacts => "artefacts/".into(),
            Page::CaseStudies => "case-studies/".into(),
            Page::Tags => "tags/".into(),
            Page::Tag(i) => super::tag_url(&site.tags[i].slug),
            Page::Competencies => "competencies/".into(),
            Page::Readiness => "readiness/".into(),
            Page::Competency(i) => super::competency_url(&site.competencies[i].competency.id),
            Page::Testimonials => "testimonials/".into(),
            Page::Timeline => "timeline/".into(),
            Page::Application(i) => site.applications[i].url.clone(),
            Page::NotFound => "404.html".into(),
            Page::Dossier => "dossier/".into(),
            Page::ApplicationDossier(i) => format!("{}dossier/", site.applications[i].url),
            Page::Measure(i) => super::measure_url(super::measures(site)[i].id),
            Page::Brief => "brief/".into(),
            Page::ApplicationBrief(i) => format!("{}brief/", site.applications[i].url),
        }
    }

    /// The page's URL, output file and way back to the root.
    pub fn address(self, site: &Site<'_>) -> Address {
        Address::of(self.url(site))
    }

    /// The output file the page is written to.
    pub fn file(self, site: &Site<'_>) -> String {
        self.address(site).file
    }

    /// What defines the page, in words, and where it is written when it comes from a file.
    fn source(self, site: &Site<'_>) -> (String, Option<Location>) {
        match self {
            Page::Artefact(id) => {
                let a = site.artefact(id);
                (
                    format!("the artefact {}", a.source_path),
                    Some(a.slug.location.clone()),
                )
            }
            Page::Tag(i) => (format!("the tag `{}`", site.tags[i].name), None),
            Page::Competency(i) => {
                let c = site.competencies[i].competency;
                (
                    format!("the competency `{}`", c.id),
                    Some(c.location.clone()),
                )
            }
            Page::Application(i) | Page::ApplicationDossier(i) | Page::ApplicationBrief(i) => {
                let app = site.applications[i].application;
                (
                    format!("the application `{}`", app.slug),
                    Some(app.location.clone()),
                )
            }
            other => (format!("dossier's {other:?} page"), None),
        }
    }
}

/// A site path (`media/photo.jpg`) as a link from a page `root` away from the site root
/// (`../../`, or the base path on the 404 page).
pub fn from_root(root: &str, site_path: &str) -> String {
    format!("{root}{site_path}")
}

/// Where a file of the theme (`css/style.css`, as the theme names it) lands in the site.
pub fn theme_file_path(rel: &str) -> String {
    format!("theme/{rel}")
}

/// The URL of the page written to the output file `file`, if it is a page's `index.html`.
pub fn url_of_file(file: &str) -> Option<&str> {
    file.strip_suffix("index.html")
        .filter(|url| url.is_empty() || url.ends_with('/'))
}

/// Where an artefact's attached file `name` (its output name, see `Site::assets`) lands: beside
/// the artefact's page, so the Markdown's relative links to it keep working.
pub fn attachment_path(artefact: &Artefact, name: &str) -> String {
    format!("{}{name}", super::artefact_url(artefact))
}

/// From one artefact's page to another's: artefact pages are siblings under `artefacts/`.
pub fn sibling_artefact_url(target: &Artefact) -> String {
    format!("../{}/", target.slug.value)
}

/// The photo's path in the output: where `static/` already publishes it (so it is published
/// once), else `media/`.
pub fn photo_path(root: &Path, source: &Path) -> String {
    static_path(root, source).unwrap_or_else(|| format!("media/{}", file_name(source)))
}

/// Where the copy of `static/` puts `source` (canonical), if it lies in `static/`.
pub fn static_path(root: &Path, source: &Path) -> Option<String> {
    let dir = root.join("static").canonicalize().ok()?;
    let rel = source.strip_prefix(dir).ok()?;
    Some(rel.to_string_lossy().replace('\\', "/"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// Who claims an output path.
#[derive(Debug, Clone, PartialEq)]
struct Claim {
    by: String,
    at: Option<Location>,
    /// A file of `static/`: a page at its path replaces it (a warning, D0403), by design.
    is_static: bool,
}

/// Every output path of a build, each with its one claim.
#[derive(Debug, Default)]
pub struct AddressBook {
    claims: BTreeMap<String, Claim>,
    problems: Vec<Diagnostic>,
}

impl AddressBook {
    /// Lists every path the build will write. `theme_files` are the theme's files (site
    /// paths under `theme/`); `static_files` the files of `static/` under `root`.
    pub fn new<'t>(
        site: &Site<'_>,
        theme_files: impl IntoIterator<Item = &'t str>,
        static_files: &[PathBuf],
    ) -> AddressBook {
        let mut book = AddressBook::default();
        let root = &site.portfolio.root;
        let static_dir = root.join("static");
        for file in static_files {
            let rel = file
                .strip_prefix(&static_dir)
                .unwrap_or(file)
                .to_string_lossy()
                .replace('\\', "/");
            let at = Location::file(display_path(root, file));
            book.claims.insert(
                rel,
                Claim {
                    by: format!("the file {}", at.path),
                    at: Some(at),
                    is_static: true,
                },
            );
        }
        for page in all_pages(site) {
            let (by, at) = page.source(site);
            book.empty_segment(&page.url(site), &by, at.as_ref());
            book.claim(page.file(site), by, at);
        }
        for data in [
            "sitemap.xml",
            "robots.txt",
            "atom.xml",
            "portfolio.json",
            "resume.json",
        ] {
            book.claim(data.into(), format!("dossier's {data}"), None);
        }
        book.claim(
            SOCIAL_CARD.into(),
            "dossier's link-preview image".into(),
            None,
        );
        for rel in theme_files {
            book.claim(
                theme_file_path(rel),
                format!("the theme's file {rel}"),
                None,
            );
        }
        let photo = site.portfolio.person.photo.as_ref();
        // A photo in `static/` is claimed (and copied) as a file of `static/`.
        if let Some(photo) = photo.filter(|p| static_path(root, &p.source).is_none()) {
            book.claim(
                photo_path(root, &photo.source),
                "the photo".into(),
                Some(photo.location.clone()),
            );
        }
        for (id, artefact) in site.artefacts.iter().enumerate() {
            for (_, name) in &site.assets[id] {
                let path = attachment_path(artefact, name);
                let by = format!("the file {name} of {}", artefact.source_path);
                book.claim(path, by, Some(Location::file(&artefact.source_path)));
            }
        }
        book
    }

    fn claim(&mut self, path: String, by: String, at: Option<Location>) {
        let claim = Claim {
            by,
            at,
            is_static: false,
        };
        match self.claims.get(&path) {
            None => {
                self.claims.insert(path, claim);
            }
            Some(first) if first.is_static => {
                self.problems.push(static_replaced(&path, first));
                self.claims.insert(path, claim);
            }
            Some(first) => self.problems.push(claimed_twice(&path, first, &claim)),
        }
    }

    /// A URL with an empty folder (`competencies//`) comes from a name that makes no address.
    fn empty_segment(&mut self, url: &str, by: &str, at: Option<&Location>) {
        let folders = url.strip_suffix('/').unwrap_or(url);
        if !url.is_empty() && folders.split('/').any(str::is_empty) {
            self.problems.push(
                Diagnostic::error(
                    codes::BAD_SLUG,
                    at.cloned()
                        .unwrap_or_else(|| Location::file("portfolio.yaml")),
                    format!("{by} makes no web address: it has no letter or digit"),
                )
                .with_hint("use letters or digits in it, for example: id: data-literacy"),
            );
        }
    }

    /// The clashes found, in the order the paths were claimed.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.claims.keys().map(String::as_str)
    }
}

fn named(claim: &Claim) -> String {
    match &claim.at {
        Some(at) => format!("{} ({at})", claim.by),
        None => claim.by.clone(),
    }
}

fn claimed_twice(path: &str, first: &Claim, second: &Claim) -> Diagnostic {
    let at = second
        .at
        .clone()
        .or_else(|| first.at.clone())
        .unwrap_or_else(|| Location::file("portfolio.yaml"));
    Diagnostic::error(
        codes::OUTPUT_CLAIMED_TWICE,
        at,
        format!(
            "`{path}` would be written for both {} and {}, and one would overwrite the other",
            named(first),
            named(second)
        ),
    )
    .with_hint("rename one of them (an `id`, a `slug` or a file name) so each has its own address")
}

fn static_replaced(path: &str, file: &Claim) -> Diagnostic {
    let at = file.at.clone().unwrap_or_else(|| Location::file("static"));
    Diagnostic::warning(
        codes::STATIC_CLASH,
        at,
        format!("`static/{path}` has the path of a page dossier writes, so the page replaces it"),
    )
    .with_hint(
        "rename or move the file; to change a page, override its template in `templates/` instead",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_url_lands_in_its_index_and_counts_its_way_back() {
        let page = Address::of("artefacts/fa-pilot/".into());
        assert_eq!(page.file, "artefacts/fa-pilot/index.html");
        assert_eq!(page.root, "../../");
        let home = Address::of(String::new());
        assert_eq!((home.file.as_str(), home.root.as_str()), ("index.html", ""));
        let not_found = Address::of("404.html".into());
        assert_eq!(
            (not_found.file.as_str(), not_found.root.as_str()),
            ("404.html", "")
        );
        assert_eq!(root_of("for/x/dossier/"), "../../../");
        assert_eq!(url_of_file(&page.file), Some("artefacts/fa-pilot/"));
        assert_eq!(url_of_file("index.html"), Some(""));
        assert_eq!(url_of_file("media/xindex.html"), None);
        assert_eq!(from_root(&page.root, "media/p.jpg"), "../../media/p.jpg");
    }
}
