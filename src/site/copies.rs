//! What the build copies as it is (files of `static/`, attachments, linked files, the photo)
//! must be public material: never an artefact's Markdown source (its front matter holds what
//! the pages leave out), never a file a private or draft artefact attaches or links (whoever
//! else links to it: a public link does not make a confidential file public), and never a file
//! in a folder where only private or draft artefacts live, whatever path or symbolic link leads
//! to it. The walk already refused what lies outside the portfolio;
//! this is the half that needs the model, so it runs once the site knows what is public.
//! (An attachment may name any file inside the portfolio, so the settings files are guarded
//! here too, not only in the walk of `static/`.)

use super::Site;
use crate::diag::{codes, display_path, Diagnostic, Location};
use crate::model::{Artefact, AttachmentTarget, LinkTarget};
use std::collections::{HashMap, HashSet};
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
                &why,
            ));
        }
    }
    for (id, artefact) in site.artefacts.iter().enumerate() {
        for (source, _) in &site.assets[id] {
            if let Some(why) = guard.refuses(source) {
                let what = format!("`{}`", display_path(root, source));
                found.push(refused(asset_location(artefact, source), &what, &why));
            }
        }
    }
    if let Some(photo) = &site.portfolio.person.photo {
        if let Some(why) = guard.refuses(&photo.source) {
            found.push(refused(photo.location.clone(), "the photo", &why));
        }
    }
    found
}

/// What may not be copied: artefact sources, and the files and folders of withheld artefacts.
struct Guard<'a> {
    /// Each artefact's Markdown file, canonical: found the first time a copy is judged, so
    /// a portfolio that copies nothing never resolves 10,000 paths.
    sources: std::cell::OnceCell<HashSet<PathBuf>>,
    artefacts: &'a [Artefact],
    /// Each artefact folder, canonical.
    dirs: HashMap<&'a Path, PathBuf>,
    /// Each file a withheld artefact uses, with that artefact (`artefacts/x.md`, private).
    withheld: HashMap<PathBuf, String>,
    /// Folders (other than the portfolio and `static/` themselves) where only withheld
    /// artefacts live, each with one of those artefacts.
    withheld_dirs: Vec<(PathBuf, String)>,
    /// portfolio.yaml (it may hold an email address the site does not show), frameworks/,
    /// templates/: the portfolio's settings, not its content.
    settings: [PathBuf; 3],
}

impl<'a> Guard<'a> {
    fn new(site: &Site<'a>) -> Self {
        let public: HashSet<*const Artefact> =
            site.artefacts.iter().map(|a| *a as *const _).collect();
        let mut withheld = HashMap::new();
        // Each folder once: artefacts share folders, and each withheld folder is compared with
        // every public one below.
        let mut public_places = HashSet::new();
        let mut withheld_places = Vec::new();
        let dirs = canonical_dirs(&site.portfolio.artefacts);
        for artefact in &site.portfolio.artefacts {
            let dir = dirs[artefact.dir.as_path()].clone();
            if public.contains(&(artefact as *const _)) {
                public_places.insert(dir);
                continue;
            }
            // A folder is judged by the artefacts that live in it, not by the links into it
            // (a public link must not make a confidential folder public).
            let owner = owner(artefact);
            for source in asset_sources(artefact) {
                withheld.entry(source).or_insert_with(|| owner.clone());
            }
            withheld_places.push((dir, owner));
        }
        let root = &site.portfolio.root;
        let root = root.canonicalize().unwrap_or_else(|_| root.clone());
        let shared = [root.clone(), root.join("static")];
        withheld_places.sort();
        withheld_places.dedup_by(|a, b| a.0 == b.0);
        let withheld_dirs: Vec<(PathBuf, String)> = withheld_places
            .into_iter()
            .filter(|(dir, _)| dir.starts_with(&root) && !shared.contains(dir))
            .filter(|(dir, _)| !public_places.iter().any(|p| p.starts_with(dir)))
            .collect();
        Guard {
            sources: std::cell::OnceCell::new(),
            artefacts: &site.portfolio.artefacts,
            dirs,
            withheld,
            withheld_dirs,
            settings: ["portfolio.yaml", "frameworks", "templates"].map(|name| root.join(name)),
        }
    }

    fn sources(&self) -> &HashSet<PathBuf> {
        use rayon::prelude::*;
        let (artefacts, dirs) = (self.artefacts, &self.dirs);
        self.sources.get_or_init(|| {
            artefacts
                .par_iter()
                .map(|a| canonical_source(a, dirs))
                .collect()
        })
    }

    fn refuses(&self, real: &Path) -> Option<String> {
        if self.sources().contains(real) {
            Some("an artefact's Markdown source".into())
        } else if let Some(owner) = self.withheld.get(real) {
            Some(format!("a file of the {owner}"))
        } else if let Some((dir, owner)) =
            self.withheld_dirs.iter().find(|(d, _)| real.starts_with(d))
        {
            let folder = dir.file_name().unwrap_or_default().to_string_lossy();
            Some(format!(
                "a file in `{folder}/`, where only withheld artefacts live (such as the {owner})"
            ))
        } else if self.settings.iter().any(|s| real.starts_with(s)) {
            Some("the portfolio's settings (portfolio.yaml, a framework or a template)".into())
        } else {
            None
        }
    }
}

/// Each artefact folder, canonical (as it is when it cannot be resolved). Artefacts share a
/// few folders: resolving each folder once, not once per artefact, saves 10,000 `realpath`
/// calls (each a `readlink` per path component) on every build and every `serve` rebuild.
fn canonical_dirs(artefacts: &[Artefact]) -> HashMap<&Path, PathBuf> {
    let mut dirs = HashMap::new();
    for artefact in artefacts {
        dirs.entry(artefact.dir.as_path())
            .or_insert_with(|| artefact.dir.canonicalize().unwrap_or(artefact.dir.clone()));
    }
    dirs
}

/// The artefact's Markdown file, canonical: its folder's canonical path and its name, unless
/// the file itself is a symbolic link (then resolved whole), as `canonicalize` would give.
fn canonical_source(artefact: &Artefact, dirs: &HashMap<&Path, PathBuf>) -> PathBuf {
    let file = super::markdown_file(artefact);
    match (std::fs::symlink_metadata(&file), file.file_name()) {
        (Ok(meta), Some(name)) if !meta.file_type().is_symlink() => {
            dirs[artefact.dir.as_path()].join(name)
        }
        (Ok(_), _) => file.canonicalize().unwrap_or(file),
        // Gone since it was read: `canonicalize` would fail too.
        (Err(_), _) => file,
    }
}

/// "private artefact `artefacts/notes.md`", for the message that names both files.
fn owner(artefact: &Artefact) -> String {
    let kind = if artefact.private { "private" } else { "draft" };
    format!("{kind} artefact `{}`", artefact.source_path)
}

/// Attachment and linked files of an artefact (canonical: parse checked each one).
pub(super) fn asset_sources(artefact: &Artefact) -> impl Iterator<Item = PathBuf> + '_ {
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
