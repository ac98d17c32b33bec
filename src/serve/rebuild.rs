//! Keeping a served site current: a full build into memory at start and when settings,
//! templates or static files change; for edited artefacts, only the pages that show them.
//!
//! Pages are rendered into a staging [`Memory`] and merged into the live site only when the
//! whole rebuild succeeded, so a content error never takes the last good site away.

use super::affected::Snapshot;
use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::model::{Artefact, Unparsed};
use crate::output::{self, Memory};
use crate::parse::{self, Root};
use crate::pipeline::Options;
use crate::render::{self, Page, Theme};
use crate::site::{self, Site};
use crate::source::Tree;
use crate::validate;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
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
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// One artefact file, read: the artefact (unless it has errors) and its diagnostics.
type Parsed = (Result<Artefact, Unparsed>, Vec<Diagnostic>);

pub struct Rebuilder {
    opts: Options,
    root: Root,
    tree: Tree,
    walk_diags: Vec<Diagnostic>,
    config: Option<parse::Config>,
    config_diags: Vec<Diagnostic>,
    theme: Option<Arc<Theme>>,
    theme_diags: Vec<Diagnostic>,
    /// Every parsed artefact, in path order.
    artefacts: Vec<Artefact>,
    file_diags: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// The artefact files that did not parse, so rules that look them up stay quiet, as in build.
    unparsed: BTreeMap<PathBuf, Unparsed>,
    /// What the last good render showed where.
    shown: Snapshot,
    /// The printable documents wait for a quiet moment after an edit, then render on
    /// `documents`, a one-thread pool of their own.
    documents_stale: bool,
    documents: rayon::ThreadPool,
    /// Counts rebuilds, so a document render started before an edit is not published after it.
    generation: Arc<AtomicU64>,
    /// All cores but one, for the part of a rebuild nobody is waiting to see.
    background: rayon::ThreadPool,
    pub live: Arc<Live>,
}

impl Rebuilder {
    pub fn new(opts: Options) -> Rebuilder {
        Rebuilder {
            root: Root::new(&opts.root),
            opts,
            tree: Tree::default(),
            walk_diags: Vec::new(),
            config: None,
            config_diags: Vec::new(),
            theme: None,
            theme_diags: Vec::new(),
            artefacts: Vec::new(),
            file_diags: BTreeMap::new(),
            unparsed: BTreeMap::new(),
            shown: Snapshot::default(),
            documents_stale: false,
            documents: rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "dossier-documents".into())
                .build()
                .expect("a one-thread pool"),
            generation: Arc::new(AtomicU64::new(0)),
            background: background_pool(),
            live: Arc::new(Live::default()),
        }
    }

    /// The portfolio folder being served.
    pub fn root(&self) -> &std::path::Path {
        &self.root.path
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
        let changed = match change {
            Change::Everything => {
                self.read_everything();
                None
            }
            Change::Artefacts(paths) => {
                self.read_artefacts(paths);
                Some(paths)
            }
        };
        let mut outcome = self.publish(changed, had_errors, reload);
        outcome.elapsed = started.elapsed();
        outcome
    }

    fn read_everything(&mut self) {
        let mut diags = Diagnostics::default();
        self.tree = crate::pipeline::walk(&self.opts, &self.root, &mut diags);
        self.walk_diags = diags.into_iter().collect();
        let (config, config_diags) =
            parse::config(&self.root, &self.tree, self.opts.base_url.as_deref());
        self.config_diags = config_diags;
        self.theme = None;
        self.theme_diags.clear();
        if let Some(config) = &config {
            match Theme::load(&self.root.path, config.theme(), &self.tree.templates) {
                Ok(theme) => self.theme = Some(Arc::new(theme)),
                Err(e) => self.theme_diags = e,
            }
        }
        self.config = config;
        let paths = self.tree.artefacts.clone();
        let parsed: Vec<(PathBuf, Parsed)> = {
            use rayon::prelude::*;
            paths
                .into_par_iter()
                .map(|p| (p.clone(), parse::artefact_file(&self.root, &p)))
                .collect()
        };
        self.artefacts.clear();
        self.file_diags.clear();
        self.unparsed.clear();
        for (path, (artefact, diags)) in parsed {
            self.remember_parsed(&path, artefact);
            self.file_diags.insert(path, diags);
        }
    }

    /// Re-reads the given artefact files (a deleted one disappears).
    fn read_artefacts(&mut self, paths: &BTreeSet<PathBuf>) {
        for path in paths {
            let rel = crate::diag::display_path(&self.root.path, path);
            self.artefacts.retain(|a| a.source_path != rel);
            self.file_diags.remove(path);
            self.unparsed.remove(path);
            if path.is_file() {
                let (artefact, diags) = parse::artefact_file(&self.root, path);
                self.remember_parsed(path, artefact);
                self.file_diags.insert(path.clone(), diags);
            }
        }
        self.artefacts
            .sort_by(|a, b| a.source_path.cmp(&b.source_path));
    }

    fn remember_parsed(&mut self, path: &std::path::Path, artefact: Result<Artefact, Unparsed>) {
        match artefact {
            Ok(artefact) => self.artefacts.push(artefact),
            Err(unparsed) => {
                self.unparsed.insert(path.to_path_buf(), unparsed);
            }
        }
    }

    fn publish(
        &mut self,
        changed: Option<&BTreeSet<PathBuf>>,
        had_errors: bool,
        reload: &mut (dyn FnMut(Vec<String>) + Send),
    ) -> Outcome {
        let mut diags = Diagnostics::default();
        diags.extend(self.walk_diags.iter().cloned());
        diags.extend(self.config_diags.iter().cloned());
        diags.extend(self.theme_diags.iter().cloned());
        diags.extend(self.file_diags.values().flatten().cloned());
        let Some(config) = self.config.clone() else {
            if self.opts.strict {
                diags.promote_warnings();
            }
            return self.fail(diags);
        };
        // The artefacts move into the portfolio for this rebuild and back out after it.
        let mut portfolio = config.with_artefacts(std::mem::take(&mut self.artefacts));
        portfolio.unparsed = self.unparsed.values().cloned().collect();
        // Validated even when the theme did not load, as build does, so both report the same.
        validate::all(&portfolio, self.opts.drafts, &mut diags);
        if self.opts.strict {
            diags.promote_warnings();
        }
        let theme = self.theme.clone().filter(|_| !diags.has_errors());
        let site_and_theme = theme.map(|theme| {
            let site = Site::new(&portfolio, self.opts.drafts);
            let theme_files = theme.static_files.iter().map(|(rel, _)| rel.as_str());
            diags.extend(site::output_problems(
                &site,
                theme_files,
                &self.tree.static_files,
            ));
            if self.opts.strict {
                diags.promote_warnings();
            }
            (site, theme)
        });
        let outcome = if let Some((site, theme)) = site_and_theme.filter(|_| !diags.has_errors()) {
            // Only edits on top of a good site can be rendered in part, and only while every
            // page's navigation and counts stay as they were.
            let incremental = changed.filter(|_| {
                !had_errors && !self.shown.is_empty() && !self.shown.site_wide_changed(&site)
            });
            let result = match incremental {
                Some(paths) => self.render_changed(&site, &theme, paths, reload),
                None => self
                    .render_all(&site, &theme)
                    .inspect(|_| reload(vec!["*".into()])),
            };
            match result {
                Ok(pages) => {
                    self.documents_stale = incremental.is_some();
                    self.shown = Snapshot::of(&site);
                    Some(pages)
                }
                Err(errors) => {
                    diags.extend(errors);
                    None
                }
            }
        } else {
            None
        };
        self.artefacts = portfolio.artefacts;
        self.generation.fetch_add(1, Ordering::SeqCst);
        match outcome {
            Some(pages) => {
                *self.live.errors.write().unwrap_or_else(|e| e.into_inner()) = Vec::new();
                if had_errors {
                    reload(vec!["*".into()]);
                }
                Outcome {
                    pages,
                    diagnostics: diags.sorted(),
                    elapsed: Duration::ZERO,
                }
            }
            None => {
                let outcome = self.fail(diags);
                reload(vec!["*".into()]);
                outcome
            }
        }
    }

    fn fail(&self, diags: Diagnostics) -> Outcome {
        let diagnostics = diags.sorted();
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
        }
    }

    /// Everything into a fresh store, which then replaces the live one whole.
    fn render_all(&self, site: &Site<'_>, theme: &Theme) -> Result<usize, Vec<Diagnostic>> {
        let staged = Memory::default();
        output::copy_tree(
            &staged,
            &self.root.path.join("static"),
            &self.tree.static_files,
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
    /// appear or appeared in, their neighbours, the indexes and the data files.
    fn render_changed(
        &self,
        site: &Site<'_>,
        theme: &Theme,
        paths: &BTreeSet<PathBuf>,
        reload: &mut (dyn FnMut(Vec<String>) + Send),
    ) -> Result<usize, Vec<Diagnostic>> {
        let changed_files: HashSet<String> = paths
            .iter()
            .map(|p| crate::diag::display_path(&self.root.path, p))
            .collect();
        let changed_ids: Vec<site::Id> = (0..site.artefacts.len())
            .filter(|&id| changed_files.contains(&site.artefact(id).source_path))
            .collect();
        let first: Vec<Page> = changed_ids.iter().map(|&id| Page::Artefact(id)).collect();
        let staged = Memory::default();
        render::pages(site, theme, &staged, &first, true)?;
        self.merge(staged);
        reload(first.iter().map(|p| p.url(site)).collect());

        // The rest runs on a pool that leaves a core free, so the browser fetching the page
        // the educator is looking at is never queued behind the listings.
        self.background
            .install(|| self.render_listings(site, theme, &changed_files, &changed_ids, reload))
            .map(|listed| first.len() + listed)
    }

    /// Phase two and three of [`Self::render_changed`]: the listings and data files, then the
    /// printable documents (the heaviest pages, and the least likely to be on screen).
    fn render_listings(
        &self,
        site: &Site<'_>,
        theme: &Theme,
        changed_files: &HashSet<String>,
        changed_ids: &[site::Id],
        reload: &mut (dyn FnMut(Vec<String>) + Send),
    ) -> Result<usize, Vec<Diagnostic>> {
        // The printable documents are the heaviest pages and rarely on screen while editing:
        // they wait for a quiet moment (see `refresh_documents`) instead of delaying the next save.
        let rest: Vec<Page> = self
            .shown
            .pages_around(site, &self.root.path, changed_files, changed_ids)
            .into_iter()
            .filter(|p| !matches!(p, Page::Dossier | Page::ApplicationDossier(_)))
            .collect();
        let staged = Memory::default();
        render::pages(site, theme, &staged, &rest, true)?;
        let copy_error = |e: Diagnostic| vec![e];
        render::data_files(site, &staged).map_err(copy_error)?;
        render::copy_files(site, theme, &staged, Some(changed_ids)).map_err(copy_error)?;
        self.merge(staged);
        let removed = self.prune(site, theme);
        // Tabs showing a page that is gone fetch it again and get the 404 page.
        let removed_urls = removed
            .iter()
            .filter_map(|f| f.strip_suffix("index.html"))
            .map(str::to_string);
        reload(
            rest.iter()
                .map(|p| p.url(site))
                .chain(removed_urls)
                .collect(),
        );
        Ok(rest.len())
    }

    /// Starts rendering the printable documents if an edit left them out of date; call when
    /// the portfolio has been quiet for a moment. The work runs on its own thread from a copy of
    /// the portfolio, so a save arriving meanwhile is handled at once; a result that a newer
    /// edit made out of date is dropped.
    pub fn refresh_documents(&mut self, reload: Arc<dyn Fn(Vec<String>) + Send + Sync>) {
        if !self.documents_stale || !self.live.errors().is_empty() {
            return;
        }
        let (Some(config), Some(theme)) = (self.config.clone(), self.theme.clone()) else {
            return;
        };
        self.documents_stale = false;
        let artefacts = self.artefacts.clone();
        let drafts = self.opts.drafts;
        let live = self.live.clone();
        let generation = self.generation.clone();
        let started_at = generation.load(Ordering::SeqCst);
        self.documents.spawn(move || {
            if generation.load(Ordering::SeqCst) != started_at {
                return;
            }
            let portfolio = config.with_artefacts(artefacts);
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
        self.documents.install(|| {});
    }

    fn merge(&self, staged: Memory) {
        let staged = staged.files.into_inner().unwrap_or_else(|e| e.into_inner());
        self.live
            .files
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(staged);
    }

    /// Drops files the site no longer has (a deleted artefact's page, an emptied tag); returns them.
    fn prune(&self, site: &Site<'_>, theme: &Theme) -> Vec<String> {
        let mut expected: HashSet<String> = render::all_pages(site)
            .into_iter()
            .map(|p| p.file(site))
            .collect();
        expected
            .extend(["sitemap.xml", "robots.txt", "atom.xml", "portfolio.json"].map(String::from));
        expected.extend(
            theme
                .static_files
                .iter()
                .map(|(rel, _)| format!("theme/{rel}")),
        );
        if let Some(photo) = &site.portfolio.person.photo {
            expected.insert(format!(
                "media/{}",
                photo
                    .source
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
            ));
        }
        for id in 0..site.artefacts.len() {
            let url = site::artefact_url(site.artefact(id));
            expected.extend(
                site.assets[id]
                    .iter()
                    .map(|(_, name)| format!("{url}{name}")),
            );
        }
        let static_dir = self.root.path.join("static");
        expected.extend(self.tree.static_files.iter().map(|f| {
            f.strip_prefix(&static_dir)
                .unwrap_or(f)
                .to_string_lossy()
                .replace('\\', "/")
        }));
        let mut files = self
            .live
            .files
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let removed: Vec<String> = files
            .keys()
            .filter(|path| !expected.contains(*path))
            .cloned()
            .collect();
        files.retain(|path, _| expected.contains(path));
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
