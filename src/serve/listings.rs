//! The second half of an incremental rebuild: every page besides the edited ones that shows,
//! showed or links to an edited artefact (its neighbours, tags, competencies, the indexes),
//! then the data files and copies. They render after the edited page has been sent, a few
//! pages at a time, and a newer save interrupts them: what they still owe is carried over to
//! the next rebuild, which renders it with its own (coalescing), so saves made in quick
//! succession never queue behind the listings of the previous one.

use super::affected::Snapshot;
use crate::diag::Diagnostic;
use crate::output::Memory;
use crate::pipeline::Ready;
use crate::render::{self, Page, Prepared};
use crate::site;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the live listings show, and what they still owe.
#[derive(Default)]
pub struct Owed {
    /// The site as the live listings show it: as of the last time they were all rendered.
    listed: Snapshot,
    /// Artefact files (site-relative) edited since then.
    files: HashSet<String>,
}

/// How the listings of a rebuild ended.
pub enum Listed {
    /// Every page, data file and copy is current; this many pages were rendered.
    Done(usize),
    /// A newer save interrupted them after this many pages; the rest is owed.
    Interrupted(usize),
}

impl Owed {
    /// Nothing is owed: the live listings show `site` (after a full render).
    pub fn settle(&mut self, site: &site::Site<'_>) {
        self.listed = Snapshot::of(site);
        self.files.clear();
    }

    /// True when an interrupted rebuild left listings to render.
    pub fn any(&self) -> bool {
        !self.files.is_empty()
    }

    /// Adds the files of this rebuild's edit to what is owed.
    pub fn add(&mut self, files: &HashSet<String>) {
        self.files.extend(files.iter().cloned());
    }

    /// The pages to render so the live site becomes `ready.site` in full, given that the
    /// pages in `first` are already rendered: the listings around every edited file since
    /// the listings were last complete, and the edited pages rendered before (an earlier,
    /// interrupted rebuild's edit may have moved their neighbours since).
    pub fn pages(&self, ready: &Ready<'_>, first: &[site::Id]) -> (Vec<Page>, Vec<site::Id>) {
        let site = ready.site;
        let ids: Vec<site::Id> = (0..site.artefacts.len())
            .filter(|&id| self.files.contains(&site.artefact(id).source_path))
            .collect();
        let mut pages: Vec<Page> = self
            .listed
            .pages_around(site, &ready.root.path, &self.files, &ids)
            .into_iter()
            // The heaviest pages, rarely on screen while editing: they wait for a quiet moment
            // (serve's `refresh_documents`) instead of delaying the next save.
            .filter(|p| !matches!(p, Page::Dossier | Page::ApplicationDossier(_)))
            .collect();
        let rendered: HashSet<Page> = pages.iter().copied().collect();
        pages.extend(
            ids.iter()
                .filter(|id| !first.contains(id))
                .map(|&id| Page::Artefact(id))
                .filter(|p| !rendered.contains(p)),
        );
        (pages, ids)
    }
}

/// Renders `pages`, then the data files and the copies for `ids`, into `staged` in batches of
/// `batch` pages, stopping between two batches when `newer` is set. Pages already rendered
/// are current for this site, so even an interrupted run leaves them in `staged`.
pub fn render<'p>(
    ready: &Ready<'_>,
    prepared: &'p Prepared<'p>,
    staged: &'p Memory,
    (pages, ids): (&[Page], &[site::Id]),
    batch: usize,
    newer: &AtomicBool,
) -> Result<Listed, Vec<Diagnostic>> {
    let interrupted = || newer.load(Ordering::SeqCst);
    let mut done = 0;
    for chunk in pages.chunks(batch.max(1)) {
        if interrupted() {
            return Ok(Listed::Interrupted(done));
        }
        prepared.pages(staged, chunk)?;
        done += chunk.len();
    }
    // portfolio.json and the feed list every artefact: at 10,000 artefacts the biggest files.
    if interrupted() {
        return Ok(Listed::Interrupted(done));
    }
    let one = |e: Diagnostic| vec![e];
    render::data_files(ready.site, staged).map_err(one)?;
    render::copy_files(ready.site, ready.theme, staged, Some(ids)).map_err(one)?;
    Ok(Listed::Done(done))
}
