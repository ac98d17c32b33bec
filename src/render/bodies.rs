//! Each printed artefact's body rendered once per build: its own page and every printable
//! document that prints it share one Markdown and ammonia pass (the documents derive their copy
//! from the page's HTML, `document_copy`). Only artefacts a document prints are kept, a few
//! hundred at most, so memory does not grow with a 10,000-artefact site.

use super::link_record::{self, Noted};
use super::markdown_html::Shape;
use super::views;
use crate::site::{Id, Site};
use std::sync::OnceLock;

/// The bodies of the artefacts some printable document prints, made on first use.
pub(super) struct Bodies {
    memo: Vec<Option<OnceLock<PageBody>>>,
}

/// One body as its artefact's page shows it.
struct PageBody {
    html: String,
    shape: Shape,
    /// The links it writes on its own page: noted again each time the page takes the body.
    noted: Vec<Noted>,
}

impl Bodies {
    pub(super) fn new(site: &Site<'_>) -> Self {
        let mut memo: Vec<Option<OnceLock<PageBody>>> =
            (0..site.artefacts.len()).map(|_| None).collect();
        for (_, _, printed) in super::dossier_documents(site) {
            for id in printed {
                memo[id].get_or_insert_with(OnceLock::new);
            }
        }
        Bodies { memo }
    }

    fn memo(&self, site: &Site<'_>, id: Id) -> Option<&PageBody> {
        let cell = self.memo.get(id)?.as_ref()?;
        Some(cell.get_or_init(|| {
            let ((html, shape), noted) = link_record::recording(|| views::page_body(site, id));
            PageBody { html, shape, noted }
        }))
    }

    /// Makes the bodies of `ids` not made yet, on every core: a printable document that
    /// waited for each in turn was the last page of a build, on one core.
    pub(super) fn make(&self, site: &Site<'_>, ids: &[Id]) {
        use rayon::prelude::*;
        ids.par_iter().for_each(|&id| {
            self.memo(site, id);
        });
    }

    /// Artefact `id`'s body on its own page; notes its links on the page rendering now.
    pub(super) fn page(&self, site: &Site<'_>, id: Id) -> String {
        match self.memo(site, id) {
            Some(body) => {
                link_record::replay(&body.noted);
                body.html.clone()
            }
            None => views::page_body(site, id).0,
        }
    }

    /// Artefact `id`'s body in a printable document, as `views::dossier_body_html` writes it.
    pub(super) fn document(
        &self,
        site: &Site<'_>,
        id: Id,
        root: &str,
        in_document: &dyn Fn(Id) -> bool,
    ) -> String {
        match self.memo(site, id) {
            Some(body) => {
                views::dossier_body_from_page(site, id, root, in_document, &body.html, &body.shape)
            }
            None => views::dossier_body_html(site, id, root, in_document),
        }
    }
}

#[cfg(test)]
#[path = "bodies_tests.rs"]
mod tests;
