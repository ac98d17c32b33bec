//! Where the links of the built pages were written: render's [`LinkRecord`] of every `href`
//! it wrote from Markdown (links, images, raw HTML) or front matter (attachments, the photo),
//! indexed by what each resolves to, so a broken one is reported at its source.

use super::resolve::{resolve, Target};
use crate::diag::Location;
use crate::paths;
use crate::render::LinkRecord;
use std::collections::HashMap;

/// Where the links of the built pages were written: which Markdown link produced which `href`.
pub struct LinkSources {
    /// The path part of the site's address, `/` or `/pr-7/`: root-absolute links start here.
    pub(super) base_path: String,
    pub(super) theme: String,
    /// Per page (site-relative file): resolved target → where the link was written.
    pub(super) pages: HashMap<String, HashMap<Target, Source>>,
}

#[derive(Debug, Clone)]
pub(super) struct Source {
    pub(super) location: Location,
    /// The link as the educator wrote it.
    pub(super) written: String,
}

impl LinkSources {
    /// Indexes render's record of the links of every page. `base_path` is the path of the
    /// site's address, e.g. `/` or `/pr-7/`; `theme` names the theme for links it wrote.
    pub fn new(record: &LinkRecord, base_path: &str, theme: &str) -> Self {
        let mut sources = LinkSources {
            base_path: paths::base_path(base_path),
            theme: theme.to_string(),
            pages: HashMap::new(),
        };
        for link in record.links() {
            // `None`: another site, `mailto:`, `data:`: nothing of the site to check.
            let Some(target) = resolve(&link.page, &link.href, &sources.base_path) else {
                continue;
            };
            sources
                .pages
                .entry(link.page.clone())
                .or_default()
                .entry(target)
                .or_insert(Source {
                    location: link.location.clone(),
                    written: link.written.clone(),
                });
        }
        sources
    }

    /// The base path links are read under, normalised to start and end with `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Where the link `href` of the built page `page` (site-relative, e.g.
    /// `artefacts/fa-pilot/index.html`) was written, when Markdown or front matter wrote it.
    pub fn source(&self, page: &str, href: &str) -> Option<&Location> {
        let target = resolve(page, href, &self.base_path)?;
        self.find(page, &target).map(|s| &s.location)
    }

    pub(super) fn find(&self, page: &str, target: &Target) -> Option<&Source> {
        self.pages.get(page).and_then(|links| links.get(target))
    }
}
