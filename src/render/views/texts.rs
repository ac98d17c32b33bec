//! The educator's Markdown as HTML: an artefact's body on its own page and in the printable
//! dossier, and the texts written in portfolio.yaml (summary, statements); and where each of
//! their links points on the page that shows it. Render records every such link as it writes
//! it (see `render::link_record`), so `check` never asks these functions again.

use super::artefact::{anchor, output_name};
use crate::model::{Link, LinkTarget, Markdown};
use crate::paths;
use crate::render::markdown_html::{to_html, to_html_prefixed};
use crate::site::{self, Id, Site};

/// The artefact's body as HTML, its links to other artefacts and files pointing at their pages.
pub(super) fn body_html(site: &Site<'_>, id: Id) -> String {
    to_html(&site.artefact(id).body, 2, &|link| {
        body_href(site, id, link)
    })
}

/// Where a link of artefact `id`'s body points on its own page; `None` keeps only its text.
fn body_href(site: &Site<'_>, id: Id, link: &Link) -> Option<String> {
    match &link.target {
        LinkTarget::AsWritten => Some(link.destination.clone()),
        LinkTarget::Artefact { file, fragment } => {
            let url = site::sibling_artefact_url(site.artefact(*site.by_file.get(file)?));
            Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            })
        }
        LinkTarget::Asset(path) => Some(paths::segment(&output_name(site, id, path))),
    }
}

/// The artefact's body inside the printable dossier, one page holding many artefacts: heading
/// and footnote ids get the slug as prefix so they stay unique.
pub fn dossier_body_html(
    site: &Site<'_>,
    id: Id,
    root: &str,
    in_document: &dyn Fn(Id) -> bool,
) -> String {
    let prefix = format!("{}--", site.artefact(id).slug.value);
    to_html_prefixed(&site.artefact(id).body, 3, &prefix, &|link| {
        dossier_href(site, id, link, root, in_document)
    })
}

/// Where a link of artefact `id`'s body points inside the printable dossier: artefacts in the
/// document become in-page links, other links and files lead back through `root`.
fn dossier_href(
    site: &Site<'_>,
    id: Id,
    link: &Link,
    root: &str,
    in_document: &dyn Fn(Id) -> bool,
) -> Option<String> {
    let slug = &site.artefact(id).slug.value;
    match &link.target {
        LinkTarget::AsWritten => Some(match link.destination.strip_prefix('#') {
            Some(fragment) => format!("#{slug}--{fragment}"),
            None => link.destination.clone(),
        }),
        LinkTarget::Artefact { file, fragment } => {
            let target_id = *site.by_file.get(file)?;
            let target = site.artefact(target_id);
            Some(match (in_document(target_id), fragment) {
                (true, Some(f)) => format!("#{}--{f}", target.slug.value),
                (true, None) => format!("#{}", anchor(target)),
                (false, Some(f)) => {
                    format!("{}#{f}", site::from_root(root, &site::artefact_url(target)))
                }
                (false, None) => site::from_root(root, &site::artefact_url(target)),
            })
        }
        LinkTarget::Asset(path) => {
            let name = output_name(site, id, path);
            let path = site::attachment_path(site.artefact(id), &paths::segment(&name));
            Some(site::from_root(root, &path))
        }
    }
}

/// Markdown written in portfolio.yaml (summary, statement), on a page `root` away from the site root.
pub fn yaml_markdown_html(site: &Site<'_>, markdown: &Markdown, root: &str) -> String {
    to_html(markdown, 2, &|link| yaml_href(site, link, root))
}

/// Where a link written in portfolio.yaml points: artefacts to their pages, `static/` files to
/// their published copy.
fn yaml_href(site: &Site<'_>, link: &Link, root: &str) -> Option<String> {
    match &link.target {
        LinkTarget::AsWritten => Some(link.destination.clone()),
        LinkTarget::Artefact { file, fragment } => {
            let target = site.artefact(*site.by_file.get(file)?);
            let url = site::from_root(root, &site::artefact_url(target));
            Some(match fragment {
                Some(f) => format!("{url}#{f}"),
                None => url,
            })
        }
        LinkTarget::Asset(path) => {
            let rel = path
                .strip_prefix(site.portfolio.root.join("static"))
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some(site::from_root(root, &paths::path(&rel)))
        }
    }
}
