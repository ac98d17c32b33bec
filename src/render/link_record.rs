//! The record of every link render wrote from the educator's words: per page, each `href` or
//! `src` that came from Markdown (a link, an image, raw HTML) or from front matter (an
//! attachment, the photo), with where it was written. `check` reads it to report a broken link
//! at its source instead of working out again how render rewrites links.
//!
//! Links are noted where they are made, deep inside the views (a body's Markdown, an
//! attachment list), while one page renders. Threading a recorder through every view function
//! would change the signatures every page kind and printable document uses; instead each page
//! renders inside [`recording`], which collects what [`note`] is told on that thread. A page
//! renders on one thread from start to end, and nested scopes (a rayon job run while waiting)
//! save and restore the outer one, so nothing is attributed to the wrong page.

use crate::diag::Location;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One link of one built page, and where the educator wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenLink {
    /// The page's output file, site-relative: `artefacts/fa-pilot/index.html`.
    pub page: String,
    /// The URL as the page holds it (relative to the page), decoded of character references.
    pub href: String,
    /// Where it was written: a Markdown link, raw HTML, or a front-matter field.
    pub location: Location,
    /// The link as the educator wrote it (`../2024/other.md`, `report.pdf`).
    pub written: String,
}

/// Every link render wrote from Markdown or front matter, page by page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LinkRecord {
    pub pages: BTreeMap<String, Vec<WrittenLink>>,
}

impl LinkRecord {
    /// Every link of every page, page by page in path order.
    pub fn links(&self) -> impl Iterator<Item = &WrittenLink> {
        self.pages.values().flatten()
    }

    pub(super) fn add(&mut self, page: String, links: Vec<WrittenLink>) {
        if !links.is_empty() {
            self.pages.entry(page).or_default().extend(links);
        }
    }
}

/// How a noted URL reaches the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Href {
    /// Written into the page as it is.
    AsIs(String),
    /// A site-relative path the template prefixes with the page's way back to the root.
    FromRoot(String),
}

/// A link noted while a page renders, before it knows its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Noted {
    pub(super) href: Href,
    pub(super) location: Location,
    pub(super) written: String,
}

impl Noted {
    /// The link as it stands on the page `page`, `root` away from the site root.
    pub(super) fn on_page(&self, page: &str, root: &str) -> WrittenLink {
        WrittenLink {
            page: page.to_string(),
            href: match &self.href {
                Href::AsIs(href) => href.clone(),
                Href::FromRoot(path) => crate::site::from_root(root, path),
            },
            location: self.location.clone(),
            written: self.written.clone(),
        }
    }
}

thread_local! {
    /// The links noted on this thread since the innermost [`recording`] began, if one is open.
    static OPEN: RefCell<Option<Vec<Noted>>> = const { RefCell::new(None) };
}

/// Runs `work`, returning its result and every link [`note`]d meanwhile on this thread.
pub(super) fn recording<R>(work: impl FnOnce() -> R) -> (R, Vec<Noted>) {
    let outer = OPEN.with(|open| open.borrow_mut().replace(Vec::new()));
    let result = work();
    let noted = OPEN.with(|open| std::mem::replace(&mut *open.borrow_mut(), outer));
    (result, noted.unwrap_or_default())
}

/// Notes a link being written into the page that renders now; outside [`recording`] (serve
/// comparing summaries, the data files) nothing is kept.
pub(super) fn note(href: Href, location: &Location, written: &str) {
    OPEN.with(|open| {
        if let Some(noted) = open.borrow_mut().as_mut() {
            noted.push(Noted {
                href,
                location: location.clone(),
                written: written.to_string(),
            });
        }
    });
}

/// Notes again links noted earlier in another recording (a body made once for several pages).
pub(super) fn replay(noted: &[Noted]) {
    OPEN.with(|open| {
        if let Some(open) = open.borrow_mut().as_mut() {
            open.extend_from_slice(noted);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_kept_only_inside_a_recording_and_nested_ones_stay_apart() {
        let at = Location::new("a.md", 3, 5);
        note(Href::AsIs("lost".into()), &at, "lost");
        let ((), outer) = recording(|| {
            note(Href::AsIs("outer".into()), &at, "o");
            let ((), inner) = recording(|| note(Href::FromRoot("media/p.jpg".into()), &at, "p"));
            assert_eq!(inner.len(), 1);
            assert_eq!(
                inner[0].on_page("x/index.html", "../").href,
                "../media/p.jpg"
            );
            note(Href::AsIs("after".into()), &at, "a");
        });
        let hrefs: Vec<_> = outer.iter().map(|n| n.on_page("p", "").href).collect();
        assert_eq!(hrefs, ["outer", "after"]);
    }
}
