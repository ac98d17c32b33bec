//! What the build copies as it is (files of `static/`, attachments, linked files, the photo)
//! must be public material: never an artefact's Markdown source (its front matter holds what
//! the pages leave out) and never a file that only private or draft artefacts use, whatever
//! path or symbolic link leads to it. The walk already refused what lies outside the portfolio;
//! this is the half that needs the model, so it runs once the site knows what is public.
//! (An attachment may name any file inside the portfolio, so the settings files are guarded
//! here too, not only in the walk of `static/`.)

use super::Site;
use crate::diag::{codes, display_path, Diagnostic, Location};
use crate::model::{Artefact, AttachmentTarget, LinkTarget};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Every copy that would publish private material, as an error at the place that asks for it.
pub fn unpublishable_copies(site: &Site<'_>, static_files: &[PathBuf]) -> Vec<Diagnostic> {
    let guard = Guard::new(site);
    let root = &site.portfolio.root;
    let mut found = Vec::new();
    for file in static_files {
        // Canonical, so a link (of the file or of a folder on its way) is judged by its target.
        let Ok(real) = file.canonicalize() else {
            continue;
        };
        if let Some(why) = guard.refuses(&real) {
            found.push(refused(
                Location::file(display_path(root, file)),
                "this file of `static/`",
                why,
            ));
        }
    }
    for (id, artefact) in site.artefacts.iter().enumerate() {
        for (source, _) in &site.assets[id] {
            if let Some(why) = guard.refuses(source) {
                found.push(refused(asset_location(artefact, source), "this file", why));
            }
        }
    }
    if let Some(photo) = &site.portfolio.person.photo {
        if let Some(why) = guard.refuses(&photo.source) {
            found.push(refused(photo.location.clone(), "the photo", why));
        }
    }
    found
}

/// What may not be copied: artefact sources, and the files only withheld artefacts use.
struct Guard {
    sources: HashSet<PathBuf>,
    withheld_only: HashSet<PathBuf>,
    /// portfolio.yaml (it may hold an email address the site does not show), frameworks/,
    /// templates/: the portfolio's settings, not its content.
    settings: [PathBuf; 3],
}

impl Guard {
    fn new(site: &Site<'_>) -> Self {
        let public: HashSet<*const Artefact> =
            site.artefacts.iter().map(|a| *a as *const _).collect();
        let mut withheld = HashSet::new();
        let mut published = HashSet::new();
        for artefact in &site.portfolio.artefacts {
            let into = if public.contains(&(artefact as *const _)) {
                &mut published
            } else {
                &mut withheld
            };
            into.extend(asset_sources(artefact));
        }
        let sources = site
            .portfolio
            .artefacts
            .iter()
            .map(|a| {
                let file = super::markdown_file(a);
                file.canonicalize().unwrap_or(file)
            })
            .collect();
        let root = &site.portfolio.root;
        let root = root.canonicalize().unwrap_or_else(|_| root.clone());
        Guard {
            sources,
            withheld_only: withheld.difference(&published).cloned().collect(),
            settings: ["portfolio.yaml", "frameworks", "templates"].map(|name| root.join(name)),
        }
    }

    fn refuses(&self, real: &Path) -> Option<&'static str> {
        if self.sources.contains(real) {
            Some("an artefact's Markdown source")
        } else if self.withheld_only.contains(real) {
            Some("a file of a private or draft artefact")
        } else if self.settings.iter().any(|s| real.starts_with(s)) {
            Some("the portfolio's settings (portfolio.yaml, a framework or a template)")
        } else {
            None
        }
    }
}

/// Attachment and linked files of an artefact (canonical: parse checked each one).
fn asset_sources(artefact: &Artefact) -> impl Iterator<Item = PathBuf> + '_ {
    let attachments = artefact.attachments.iter().filter_map(|a| match &a.target {
        AttachmentTarget::File(asset) => Some(asset.source.clone()),
        AttachmentTarget::Url(_) => None,
    });
    let links = artefact.body.links.iter().filter_map(|l| match &l.target {
        LinkTarget::Asset(path) => Some(path.clone()),
        _ => None,
    });
    attachments.chain(links)
}

/// Where the artefact names `source`: its attachment entry or its link, else the file itself.
pub(super) fn asset_location(artefact: &Artefact, source: &Path) -> Location {
    let attachment = artefact.attachments.iter().find_map(|a| match &a.target {
        AttachmentTarget::File(asset) if asset.source == source => Some(asset.location.clone()),
        _ => None,
    });
    let link = || {
        artefact
            .body
            .links
            .iter()
            .find(|l| matches!(&l.target, LinkTarget::Asset(p) if p == source))
            .map(|l| l.location.clone())
    };
    attachment
        .or_else(link)
        .unwrap_or_else(|| Location::file(&artefact.source_path))
}

fn refused(location: Location, what: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        codes::UNPUBLISHABLE_COPY,
        location,
        format!("{what} leads to {why}, which dossier never publishes"),
    )
    .with_hint("link to the artefact's page instead, or publish a copy of the file that holds only what the public may see")
}
