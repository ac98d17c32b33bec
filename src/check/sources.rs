//! Where the links of the built pages were written: which Markdown link (or front matter
//! field) produced which `href` of which page, so a broken one is reported at its source.

use super::resolve::{resolve, Target};
use crate::diag::Location;
use crate::model::{AttachmentTarget, Link, Portfolio};
use crate::paths::{self, percent_decode};
use crate::render::{self, views};
use crate::site::{self, Page, Site};
use std::collections::HashMap;

/// Where the links of the built pages were written: which Markdown link produced which `href`.
pub struct LinkSources {
    /// The path part of the site's address, `/` or `/pr-7/`: root-absolute links start here.
    pub(super) base_path: String,
    pub(super) theme: String,
    /// Per page (site-relative file): resolved target → the Markdown link that wrote it.
    pub(super) pages: HashMap<String, HashMap<Target, Source>>,
    /// Markdown every page may show (the person's summary), by decoded `href`.
    pub(super) anywhere: HashMap<String, Source>,
    /// Files named in front matter (attachments, photo), by resolved target, on any page.
    pub(super) files: HashMap<Target, Source>,
}

#[derive(Debug, Clone)]
pub(super) struct Source {
    pub(super) location: Location,
    /// The link as the educator wrote it.
    pub(super) written: String,
}

impl LinkSources {
    /// Maps every link that Markdown (artefact bodies, application statements, the person's
    /// summary) and front matter (attachments, photo) put into the pages of `site`.
    /// `base_path` is the path of the site's address, e.g. `/` or `/pr-7/`.
    pub fn new(portfolio: &Portfolio, site: &Site<'_>, base_path: &str) -> Self {
        let mut sources = LinkSources {
            base_path: paths::base_path(base_path),
            theme: portfolio.theme.value.clone(),
            pages: HashMap::new(),
            anywhere: HashMap::new(),
            files: HashMap::new(),
        };
        for id in 0..site.artefacts.len() {
            let artefact = site.artefact(id);
            let page = Page::Artefact(id).file(site);
            for link in &artefact.body.links {
                sources.add_markdown_link(&page, link, views::body_href(site, id, link));
            }
            for attachment in &artefact.attachments {
                if let AttachmentTarget::File(asset) = &attachment.target {
                    if let Some((_, name)) =
                        site.assets[id].iter().find(|(s, _)| *s == asset.source)
                    {
                        let target = Target::File {
                            path: site::attachment_path(artefact, name),
                            fragment: None,
                        };
                        sources.files.entry(target).or_insert(Source {
                            location: asset.location.clone(),
                            written: asset.reference.clone(),
                        });
                    }
                }
            }
        }
        // The printable documents repeat the bodies of the artefacts they print in full.
        for (page, root, full) in render::dossier_documents(site) {
            let in_document = |id: site::Id| full.contains(&id);
            for &id in &full {
                for link in &site.artefact(id).body.links {
                    sources.add_markdown_link(
                        &page,
                        link,
                        views::dossier_href(site, id, link, &root, &in_document),
                    );
                }
            }
        }
        if let Some(photo) = &portfolio.person.photo {
            let target = Target::File {
                path: site::photo_path(&portfolio.root, &photo.source),
                fragment: None,
            };
            sources.files.entry(target).or_insert(Source {
                location: photo.location.clone(),
                written: photo.reference.clone(),
            });
        }
        let yaml_href = |link: &Link, root: &str| views::yaml_href(site, link, root);
        for (i, page) in site.applications.iter().enumerate() {
            let site::Address { file, root, .. } = Page::Application(i).address(site);
            for link in page.application.statement.iter().flat_map(|m| &m.links) {
                sources.add_markdown_link(&file, link, yaml_href(link, &root));
            }
        }
        // The summary is part of every page's `site.person`, always with links from the root.
        for link in portfolio.person.summary.iter().flat_map(|m| &m.links) {
            if let Some(href) = yaml_href(link, "") {
                sources
                    .anywhere
                    .entry(percent_decode(href.trim()))
                    .or_insert(Source {
                        location: link.location.clone(),
                        written: link.destination.clone(),
                    });
            }
        }
        sources
    }

    fn add_markdown_link(&mut self, page: &str, link: &Link, href: Option<String>) {
        // `None`: render kept the link (or image) out of the page, so there is no href.
        let Some(href) = href else {
            return;
        };
        if let Some(target) = resolve(page, &href, &self.base_path) {
            self.pages
                .entry(page.to_string())
                .or_default()
                .entry(target)
                .or_insert(Source {
                    location: link.location.clone(),
                    written: link.destination.clone(),
                });
        }
    }

    /// The base path links are read under, normalised to start and end with `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Where the link `href` of the built page `page` (site-relative, e.g.
    /// `artefacts/fa-pilot/index.html`) was written, when Markdown or front matter wrote it.
    pub fn source(&self, page: &str, href: &str) -> Option<&Location> {
        let target = resolve(page, href, &self.base_path)?;
        self.find(page, href, &target).map(|s| &s.location)
    }

    pub(super) fn find(&self, page: &str, href: &str, target: &Target) -> Option<&Source> {
        self.pages
            .get(page)
            .and_then(|links| links.get(target))
            .or_else(|| self.anywhere.get(&percent_decode(href.trim())))
            .or_else(|| self.files.get(target))
    }
}
