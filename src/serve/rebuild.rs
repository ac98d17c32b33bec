//! Keeping a served site current: a full build into memory at start and when settings,
//! templates or static files change; for edited artefacts, only the pages that show them.
//!
//! Reading, validating and the diagnostics policy belong to the pipeline's [`Session`], the
//! same orchestrator `build` uses; this module only decides which pages to render and merges
//! them into the live site.
//!
//! Pages are rendered into a staging [`Memory`] and merged into the live site only when the
//! whole rebuild succeeded, so a content error never takes the last good site away.

use super::affected::Snapshot;
use super::listings::{self, Listed, Owed};
use crate::diag::{Diagnostic, Severity};
use crate::output::{self, Memory};
use crate::pipeline::{timings, Failure, Made, Options, Ready, Session};
use crate::render::{self, Page};
use crate::site::{self, Site};
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// What changed on disk, as far as rebuilding is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Only these artefact files were created, edited or deleted.
    Artefacts(BTreeSet<PathBuf>),
    /// Settings, a framework, a template, a static file or an attachment: build it all again.
    Everything,
}

/// The site being served: files in memory, and the errors of the latest rebuild (if it failed).
#[derive(Default)]
pub struct Live {
    pub files: Memory,
    pub errors: RwLock<Vec<Diagnostic>>,
}

impl Live {
    pub fn errors(&self) -> Vec<Diagnostic> {
        self.errors
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn file(&self, path: &str) -> Option<Vec<u8>> {
        self.files
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned()
    }
}

/// What one rebuild did, for the terminal.
#[derive(Debug, Default)]
pub struct Outcome {
    pub pages: usize,
    /// Every problem found, errors first; a non-empty error list means nothing changed.
    pub diagnostics: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// A newer save interrupted the listings; the next rebuild (or a quiet moment) renders them.
    pub interrupted: bool,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Serve's side of a rebuild: the [`Session`] reads, checks and validates; this renders the
/// pages an edit touched into the live site, and keeps what it needs to know which those are.
pub struct Rebuilder {
    session: Session,
    pages: Pages,
    pub live: Arc<Live>,
}

/// What serve keeps between renders, apart from the portfolio itself.
struct Pages {
    /// What the last good render showed where.
    shown: Snapshot,
    /// What the live listings show, and the edits they have not caught up with.
    owed: Owed,
    /// Set when a newer change is waiting: the listings stop between two batches.
    newer: Arc<AtomicBool>,
    /// The last rebuild's listings were interrupted.
    interrupted: bool,
    /// The printable documents wait for a quiet moment after an edit, then render on
    /// `documents`, a one-thread pool of their own.
    documents_stale: bool,
    documents: rayon::ThreadPool,
    /// Counts rebuilds, so a document render started before an edit is not published after it.
    generation: Arc<AtomicU64>,
    /// All cores but one, for the part of a rebuild nobody is waiting to see.
    background: rayon::ThreadPool,
    live: Arc<Live>,
}

impl Rebuilder {
    pub fn new(opts: Options) -> Rebuilder {
        let live = Arc::new(Live::default());
        Rebuilder {
            session: Session::new(opts),
            pages: Pages {
                shown: Snapshot::default(),
                owed: Owed::default(),
                newer: Arc::new(AtomicBool::new(false)),
                interrupted: false,
                documents_stale: false,
                documents: rayon::ThreadPoolBuilder::new()
                    .num_threads(1)
                    .thread_name(|_| "dossier-documents".into())
                    .build()
                    .expect("a one-thread pool"),
                generation: Arc::new(AtomicU64::new(0)),
                background: background_pool(),
                live: live.clone(),
            },
            live,
        }
    }

    /// The portfolio folder being served.
    pub fn root(&self) -> &std::path::Path {
        self.session.root()
    }

    /// The flag that says a newer change is waiting: whoever hears of one sets it (serve's
    /// watcher), and the listings of the rebuild under way stop at their next batch. The
    /// rebuild that takes the change clears it.
    pub fn newer_change(&self) -> Arc<AtomicBool> {
        self.pages.newer.clone()
    }

    /// True when an interrupted rebuild left listings to render: call [`Self::catch_up`]
    /// once the portfolio is quiet, in case no further change comes to carry them.
    pub fn owes_listings(&self) -> bool {
        self.pages.owed.any() && self.live.errors().is_empty()
    }

    /// Renders the listings interrupted rebuilds left owed, as a rebuild with nothing
    /// changed.
    pub fn catch_up(&mut self, reload: &mut (dyn FnMut(Vec<String>) + Send)) -> Outcome {
        self.rebuild(&Change::Artefacts(BTreeSet::new()), reload)
    }

    /// Rebuilds after `change`. `reload` is called with the site URLs whose pages changed
    /// (`*` for every page), first for the edited artefacts' own pages, then for the rest.
    pub fn rebuild(
        &mut self,
        change: &Change,
        reload: &mut (dyn FnMut(Vec<String>) + Send),
    ) -> Outcome {
        let started = Instant::now();
        let had_errors = !self.live.errors().is_empty();
        let pages = &mut self.pages;
        pages.interrupted = false;
        let result = match change {
            Change::Everything => self
                .session
                .full(|ready| pages.render(ready, None, had_errors, reload)),
            Change::Artefacts(paths) => self.session.changed(paths, |ready| {
                pages.render(ready, Some(paths), had_errors, reload)
            }),
        };
        self.pages.generation.fetch_add(1, Ordering::SeqCst);
        let mut outcome = match result {
            Ok(done) => {
                *self.live.errors.write().unwrap_or_else(|e| e.into_inner()) = Vec::new();
                if had_errors {
                    reload(vec!["*".into()]);
                }
                Outcome {
                    pages: done.value,
                    diagnostics: done.diagnostics,
                    elapsed: Duration::ZERO,
                    interrupted: self.pages.interrupted,
                }
            }
            Err(failure) => {
                let outcome = self.fail(failure);
                reload(vec!["*".into()]);
                outcome
            }
        };
        outcome.elapsed = started.elapsed();
        outcome
    }

    /// Keeps the last good site and shows the errors in its place.
    fn fail(&self, failure: Failure) -> Outcome {
        let diagnostics = match failure {
            Failure::Content(diagnostics) => diagnostics,
            // In memory only a broken static/ copy gets here; say so like any other problem.
            Failure::Tool(message) => vec![Diagnostic::error(
                crate::diag::codes::OUTPUT,
                crate::diag::Location::file("static"),
                message,
            )],
        };
        let errors: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        *self.live.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
        Outcome {
            pages: 0,
            diagnostics,
            elapsed: Duration::ZERO,
            interrupted: false,
        }
    }

    /// Starts rendering the printable documents if an edit left them out of date; call when
    /// the portfolio has been quiet for a moment. The work runs on its own thread from a copy of
    /// the portfolio, so a save arriving meanwhile is handled at once; a result that a newer
    /// edit made out of date is dropped.
    pub fn refresh_documents(&mut self, reload: Arc<dyn Fn(Vec<String>) + Send + Sync>) {
        if !self.pages.documents_stale || !self.live.errors().is_empty() {
            return;
        }
        let Some((portfolio, theme)) = self.session.copy() else {
            return;
        };
        self.pages.documents_stale = false;
        let drafts = self.session.options().drafts;
        let live = self.live.clone();
        let generation = self.pages.generation.clone();
        let started_at = generation.load(Ordering::SeqCst);
        self.pages.documents.spawn(move || {
            if generation.load(Ordering::SeqCst) != started_at {
                return;
            }
            let site = Site::new(&portfolio, drafts);
            let documents: Vec<Page> = render::all_pages(&site)
                .into_iter()
                .filter(|p| matches!(p, Page::Dossier | Page::ApplicationDossier(_)))
                .collect();
            let staged = Memory::default();
            if render::pages(&site, &theme, &staged, &documents, true).is_err() {
                return;
            }
            let staged = staged.files.into_inner().unwrap_or_else(|e| e.into_inner());
            let mut files = live.files.files.lock().unwrap_or_else(|e| e.into_inner());
            if generation.load(Ordering::SeqCst) == started_at {
                files.extend(staged);
                drop(files);
                reload(documents.iter().map(|p| p.url(&site)).collect());
            }
        });
    }

    /// Waits until the printable documents started by [`Self::refresh_documents`] are in the
    /// live site (or dropped as out of date): for tests, which compare the whole site.
    pub fn wait_for_documents(&self) {
        // The pool has one thread and runs its jobs in order, so this runs after them.
        self.pages.documents.install(|| {});
    }
}

impl Pages {
    /// The render step of a rebuild: only the pages an edit touched when that is safe (edits
    /// on top of a good site, navigation and counts unchanged), else the whole site.
    fn render(
        &mut self,
        ready: &Ready<'_>,
        changed: Option<&BTreeSet<PathBuf>>,
        had_errors: bool,
        reload: &mut (dyn FnMut(Vec<String>) + Send),
    ) -> Result<Made<usize>, Failure> {
        let mut clock = Instant::now();
        let incremental = changed.filter(|_| {
            !had_errors && !self.shown.is_empty() && !self.shown.site_wide_changed(ready.site)
        });
        timings::lap("site-wide comparison", &mut clock);
        let result = match incremental {
            Some(paths) => self.render_changed(ready, paths, reload),
            None => self.render_all(ready).inspect(|_| {
                self.owed.settle(ready.site);
                reload(vec!["*".into()]);
            }),
        };
        let pages = result.map_err(Failure::Content)?;
        self.documents_stale = incremental.is_some();
        let mut clock = Instant::now();
        self.shown = Snapshot::of(ready.site);
        timings::lap("snapshot", &mut clock);
        Ok(Made {
            value: pages,
            found: Vec::new(),
        })
    }

    /// Everything into a fresh store, which then replaces the live one whole.
    fn render_all(&self, ready: &Ready<'_>) -> Result<usize, Vec<Diagnostic>> {
        let (site, theme) = (ready.site, &**ready.theme);
        let staged = Memory::default();
        output::copy_tree(
            &staged,
            &ready.root.path.join("static"),
            &ready.tree.static_files,
        )
        .map_err(|e| {
            vec![crate::diag::Diagnostic::error(
                crate::diag::codes::OUTPUT,
                crate::diag::Location::file("static"),
                e.to_string(),
            )]
        })?;
        let rendered = render::site(site, theme, &staged, true)?;
        let files = staged.files.into_inner().unwrap_or_else(|e| e.into_inner());
        *self
            .live
            .files
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = files;
        Ok(rendered.pages)
    }

    /// The edited artefacts' pages first (and tell the browser), then every listing they
    /// appear or appeared in, their neighbours, the indexes and the data files, unless a
    /// newer save interrupts them (see [`listings`]).
    fn render_changed(
        &mut self,
        ready: &Ready<'_>,
        paths: &BTreeSet<PathBuf>,
        reload: &mut (dyn FnMut(Vec<String>) + Send),
    ) -> Result<usize, Vec<Diagnostic>> {
        let mut clock = Instant::now();
        let (site, theme) = (ready.site, &**ready.theme);
        let changed_files: HashSet<String> = paths
            .iter()
            .map(|p| crate::diag::display_path(&ready.root.path, p))
            .collect();
        let changed_ids: Vec<site::Id> = (0..site.artefacts.len())
            .filter(|&id| changed_files.contains(&site.artefact(id).source_path))
            .collect();
        // Both stores outlive `prepared`, which pages borrow them beside (see `render::prepare`).
        let (staged, listed_staged) = (Memory::default(), Memory::default());
        let prepared = render::prepare(site, theme, true);
        timings::lap("site view", &mut clock);
        let first: Vec<Page> = changed_ids.iter().map(|&id| Page::Artefact(id)).collect();
        prepared.pages(&staged, &first)?;
        self.merge(&staged);
        if !first.is_empty() {
            reload(first.iter().map(|p| p.url(site)).collect());
        }
        timings::lap("edited page rendered and sent", &mut clock);
        prepared.make_cards();
        timings::lap("cards", &mut clock);

        self.owed.add(&changed_files);
        // The rest runs on a pool that leaves a core free, so the browser fetching the page
        // the educator is looking at is never queued behind the listings.
        let batch = self.background.current_num_threads();
        let (rest, ids) = self.owed.pages(ready, &changed_ids);
        let staged = &listed_staged;
        let listed = self.background.install(|| {
            listings::render(ready, &prepared, staged, (&rest, &ids), batch, &self.newer)
        })?;
        self.merge(staged);
        let rendered = match listed {
            Listed::Done(rendered) => {
                let removed = self.prune(ready);
                self.owed.settle(site);
                // Tabs showing a page that is gone fetch it again and get the 404 page.
                let removed_urls = removed
                    .iter()
                    .filter_map(|f| site::url_of_file(f))
                    .map(str::to_string);
                reload(
                    rest.iter()
                        .map(|p| p.url(site))
                        .chain(removed_urls)
                        .collect(),
                );
                rendered
            }
            Listed::Interrupted(rendered) => {
                if rendered > 0 {
                    reload(rest[..rendered].iter().map(|p| p.url(site)).collect());
                }
                rendered
            }
        };
        self.interrupted = matches!(listed, Listed::Interrupted(_));
        timings::lap("listings", &mut clock);
        Ok(first.len() + rendered)
    }

    /// Moves what `staged` holds into the live site.
    fn merge(&self, staged: &Memory) {
        let staged = std::mem::take(&mut *staged.files.lock().unwrap_or_else(|e| e.into_inner()));
        self.live
            .files
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(staged);
    }

    /// Drops files the site no longer has (a deleted artefact's page, an emptied tag); returns
    /// them. What the site has is what a build writes: the address book's list.
    fn prune(&self, ready: &Ready<'_>) -> Vec<String> {
        let theme_files = ready.theme.static_files.iter().map(|(rel, _)| rel.as_str());
        let book = site::AddressBook::new(ready.site, theme_files, &ready.tree.static_files);
        let expected: HashSet<&str> = book.paths().collect();
        let mut files = self
            .live
            .files
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let removed: Vec<String> = files
            .keys()
            .filter(|path| !expected.contains(path.as_str()))
            .cloned()
            .collect();
        files.retain(|path, _| expected.contains(path.as_str()));
        removed
    }
}

fn background_pool() -> rayon::ThreadPool {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new()
        .num_threads(cores.saturating_sub(1).max(1))
        .thread_name(|i| format!("dossier-rebuild-{i}"))
        .build()
        .unwrap_or_else(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .expect("a one-thread pool")
        })
}
