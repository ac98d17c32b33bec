//! The educator's Markdown as HTML: an artefact's body on its own page and in the printable
//! dossier, and the texts written in portfolio.yaml (summary, statements); and where each of
//! their links points on the page that shows it. Render records every such link as it writes
//! it (see `render::link_record`), so `check` never asks these functions again.

use super::artefact::{anchor, output_name};
use crate::markdown::is_safe_url;
use crate::model::{Link, LinkTarget, Markdown};
use crate::paths;
use crate::render::document_copy::{self, Copy};
use crate::render::link_record::{note, Href};
use crate::render::markdown_html::{to_html, to_html_prefixed, to_html_with_shape, Shape};
use crate::site::{self, Id, Site};
use std::collections::HashMap;

/// The artefact's body as HTML, its links to other artefacts and files pointing at their pages.
pub(super) fn body_html(site: &Site<'_>, id: Id) -> String {
    to_html(&site.artefact(id).body, 2, &|link| {
        body_href(site, id, link)
    })
}

/// The artefact's body as [`body_html`] writes it, and what the printable document needs to
/// derive its copy from it ([`dossier_body_from_page`]).
pub fn page_body(site: &Site<'_>, id: Id) -> (String, Shape) {
    to_html_with_shape(&site.artefact(id).body, 2, &|link| {
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

/// What [`dossier_body_html`] returns, derived from the body's HTML on its own page (`html`,
/// of shape `shape`) when the text allows (see `render::document_copy`); rendered again when
/// it does not: raw HTML, a slug that is not plain ASCII, links that fall apart differently.
pub fn dossier_body_from_page(
    site: &Site<'_>,
    id: Id,
    root: &str,
    in_document: &dyn Fn(Id) -> bool,
    html: &str,
    shape: &Shape,
) -> String {
    derived_body(site, id, root, in_document, html, shape)
        .unwrap_or_else(|| dossier_body_html(site, id, root, in_document))
}

fn derived_body(
    site: &Site<'_>,
    id: Id,
    root: &str,
    in_document: &dyn Fn(Id) -> bool,
    html: &str,
    shape: &Shape,
) -> Option<String> {
    if shape.raw_html {
        return None;
    }
    let artefact = site.artefact(id);
    let prefix = format!("{}--", artefact.slug.value);
    // Plain ASCII reads the same in an id, escaped in HTML, and percent-encoded in a URL.
    if !prefix
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let mut urls: HashMap<String, String> = HashMap::new();
    let mut written = Vec::new();
    for (i, (page, email)) in shape.links.iter().enumerate() {
        let link = artefact.body.links.get(i);
        let document = match link {
            Some(link) => dossier_href(site, id, link, root, in_document),
            None => page.clone(),
        }
        .filter(|t| is_safe_url(t));
        let (page, document) = match (page, document) {
            (Some(page), Some(document)) => (page, document),
            (None, None) => continue,
            // Kept on one and dropped on the other: only a new rendering says what remains.
            _ => return None,
        };
        if let Some(fragment) = page.strip_prefix('#') {
            // The copy prefixes every in-page link, as the document's links in the text are.
            if document != format!("#{prefix}{fragment}") {
                return None;
            }
        } else if *email {
            // Written `mailto:` and the address: not a URL the table would find.
            if document != *page {
                return None;
            }
        } else {
            let to = escaped_url(&document);
            if *urls.entry(escaped_url(page)).or_insert_with(|| to.clone()) != to {
                return None;
            }
        }
        if let Some(link) = link {
            written.push((document, link));
        }
    }
    let copy = Copy {
        prefix: &prefix,
        // The page demoted the text's headings under its `<h2>`s, the document under `<h3>`s:
        // the same shift unless the text's highest heading is already `###` or deeper.
        deeper: shape.highest.is_some_and(|h| h <= 2),
        urls: &urls,
    };
    let html = document_copy::rewrite(html, &copy)?;
    for (document, link) in written {
        note(Href::AsIs(document), &link.location, &link.destination);
    }
    Some(html)
}

/// A URL as it stands in a sanitised `href` or `src`: pulldown-cmark writes it with
/// `escape_href` (percent-encoding, `&amp;`, `&#x27;`), and ammonia's serialiser writes the
/// parsed value back with only `&`, `"` and no-break spaces escaped, so `'` comes back bare.
fn escaped_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut out, url);
    out.replace("&#x27;", "'")
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
