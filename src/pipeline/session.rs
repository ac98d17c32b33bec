//! The orchestrator: owns the stage chain and keeps what it has read (tree, config, theme,
//! parsed artefacts with their diagnostics), so `build`, `check`, `pdf` and `serve` run the
//! same stages under the same diagnostics policy.
//!
//! [`Session::full`] reads everything; [`Session::changed`] re-reads only the artefact files
//! given. Both end in one function, [`Session::finish`]: validate -> site -> output problems ->
//! `--strict` promotion -> render. How pages are written is the caller's: a build renders the
//! whole site into its output, serve renders only what an edit touched.

use super::{walk, Failure, Options};
use crate::diag::{codes, Diagnostic, Diagnostics};
use crate::model::{Artefact, Portfolio, Unparsed};
use crate::parse::{self, Root};
use crate::render::Theme;
use crate::site::{self, Site};
use crate::source::{self, Tree};
use crate::validate;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What the render step is handed once every check before it has passed.
pub struct Ready<'a> {
    pub portfolio: &'a Portfolio,
    pub site: &'a Site<'a>,
    pub theme: &'a Arc<Theme>,
    pub tree: &'a Tree,
    pub root: &'a Root,
    /// A blind build's transform (`--blind`): `portfolio` is already the blinded one.
    pub blind: Option<&'a site::blind::Blind>,
}

/// What the render step made (`value`) and the problems it found in the rendered site
/// (`found`, e.g. broken links under `check`); they fail the run like any other error.
pub struct Made<R> {
    pub value: R,
    pub found: Vec<Diagnostic>,
}

/// A run that produced a site: the render step's value and every diagnostic, sorted.
pub struct Done<R> {
    pub value: R,
    pub diagnostics: Vec<Diagnostic>,
}

use super::cache::Parsed;

/// What the stages after reading keep between runs: validation's, the output problems', the
/// site's indexes'.
type Memos<'m> = (
    &'m mut validate::Memo,
    &'m mut super::incremental::OutputMemo,
    &'m mut super::incremental::SiteMemo,
);

/// The portfolio as last read from disk, kept between runs so an edit re-reads one file.
pub struct Session {
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
    /// The artefact files that did not parse, so rules that look them up stay quiet.
    unparsed: BTreeMap<PathBuf, Unparsed>,
    /// What validating found per file, kept so an edit re-checks only the edited files.
    memo: validate::Memo,
    /// `build --cache`: artefact files are read through the cache (see `pipeline::cache`).
    cache: Option<Arc<super::cache::Memo>>,
    /// The output problems as last checked, so an edit that cannot change them skips them.
    outputs: super::incremental::OutputMemo,
    /// The site's indexes as last made, so an edit that cannot change them patches them.
    sites: super::incremental::SiteMemo,
}

impl Session {
    pub fn new(opts: Options) -> Session {
        Session {
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
            memo: validate::Memo::default(),
            cache: None,
            outputs: Default::default(),
            sites: Default::default(),
        }
    }

    /// Reads artefact files through `memo`, which gives back unchanged files' earlier parses.
    pub fn with_memo(mut self, memo: Arc<super::cache::Memo>) -> Session {
        self.cache = Some(memo);
        self
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The portfolio folder.
    pub fn root(&self) -> &Path {
        &self.root.path
    }

    /// Reads the whole portfolio again, then validates and renders it.
    pub fn full<R>(
        &mut self,
        render: impl FnOnce(&Ready<'_>) -> Result<Made<R>, Failure>,
    ) -> Result<Done<R>, Failure> {
        if let Some(problem) = source::root_problem(&self.root.path) {
            return Err(Failure::Content(vec![problem]));
        }
        self.read_everything();
        self.finish(render)
    }

    /// Re-reads only the artefact files at `paths` (a deleted one disappears), then validates
    /// and renders the portfolio.
    pub fn changed<R>(
        &mut self,
        paths: &BTreeSet<PathBuf>,
        render: impl FnOnce(&Ready<'_>) -> Result<Made<R>, Failure>,
    ) -> Result<Done<R>, Failure> {
        let mut clock = std::time::Instant::now();
        self.read_artefacts(paths);
        super::timings::lap("re-read", &mut clock);
        self.finish(render)
    }

    /// A copy of the portfolio and its theme as last read, for work done off-thread (serve's
    /// printable documents); `None` if either did not load.
    pub fn copy(&self) -> Option<(Portfolio, Arc<Theme>)> {
        let config = self.config.clone()?;
        let theme = self.theme.clone()?;
        let mut portfolio = config.with_artefacts(self.artefacts.clone());
        portfolio.unparsed = self.unparsed.values().cloned().collect();
        Some((portfolio, theme))
    }

    fn read_everything(&mut self) {
        let mut clock = std::time::Instant::now();
        let mut diags = Diagnostics::default();
        self.tree = walk(&self.opts, &self.root, &mut diags);
        self.walk_diags = diags.into_iter().collect();
        super::timings::lap("walk", &mut clock);
        // Settings and theme on one side, the artefacts on the other: neither needs the other.
        let (((config, config_diags, theme), beside), parsed) = rayon::join(
            || super::timings::timed(|| self.read_config_and_theme()),
            || self.read_all_artefacts(),
        );
        super::timings::lap("read and parse", &mut clock);
        super::timings::report("settings and theme (beside the artefacts)", beside);
        self.config = config;
        self.config_diags = config_diags;
        (self.theme, self.theme_diags) = match theme {
            Some(Ok(theme)) => (Some(theme), Vec::new()),
            Some(Err(diags)) => (None, diags),
            None => (None, Vec::new()),
        };
        self.artefacts = Vec::with_capacity(parsed.len());
        self.memo.clear();
        self.outputs.clear();
        self.sites.clear();
        if let Some(cache) = &self.cache {
            self.memo.privacy = cache.privacy(&self.root.path);
        }
        self.file_diags.clear();
        self.unparsed.clear();
        for (path, (artefact, diags)) in parsed {
            self.remember_parsed(&path, artefact);
            self.file_diags.insert(path, diags);
        }
    }

    /// portfolio.yaml, its framework, and the theme it names (not tried without settings).
    #[allow(clippy::type_complexity)]
    fn read_config_and_theme(
        &self,
    ) -> (
        Option<parse::Config>,
        Vec<Diagnostic>,
        Option<Result<Arc<Theme>, Vec<Diagnostic>>>,
    ) {
        let (config, diags) = parse::config(&self.root, &self.tree, self.opts.base_url.as_deref());
        let theme = config.as_ref().map(|c| self.load_theme(c.theme()));
        (config, diags, theme)
    }

    /// The theme `name`: a built-in theme the portfolio does not override is compiled once per
    /// process and shared, so `build --all` compiles each theme once, not once per portfolio.
    fn load_theme(
        &self,
        name: &crate::model::Located<String>,
    ) -> Result<Arc<Theme>, Vec<Diagnostic>> {
        let shareable = self.tree.templates.is_empty()
            && crate::render::builtin_themes()
                .iter()
                .any(|(builtin, _)| *builtin == name.value);
        if !shareable {
            return Theme::load(&self.root.path, name, &self.tree.templates).map(Arc::new);
        }
        static COMPILED: std::sync::Mutex<BTreeMap<String, Arc<Theme>>> =
            std::sync::Mutex::new(BTreeMap::new());
        let cached = COMPILED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&name.value)
            .cloned();
        if let Some(theme) = cached {
            return Ok(theme);
        }
        let theme = Arc::new(Theme::load(&self.root.path, name, &self.tree.templates)?);
        COMPILED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(name.value.clone(), theme.clone());
        Ok(theme)
    }

    fn read_all_artefacts(&self) -> Vec<(PathBuf, Parsed)> {
        use rayon::prelude::*;
        self.tree
            .artefacts
            .par_iter()
            .map(|p| match &self.cache {
                Some(memo) => (p.clone(), memo.artefact(&self.root, p)),
                None => (p.clone(), parse::artefact_file(&self.root, p)),
            })
            .collect()
    }

    fn read_artefacts(&mut self, paths: &BTreeSet<PathBuf>) {
        let mut moved = false;
        for path in paths {
            let rel = crate::diag::display_path(&self.root.path, path);
            self.memo.forget(&rel);
            self.outputs.reread(&rel);
            self.file_diags.remove(path);
            self.unparsed.remove(path);
            let parsed = path
                .is_file()
                .then(|| parse::artefact_file(&self.root, path));
            let at = self.artefacts.iter().position(|a| a.source_path == rel);
            match (parsed, at) {
                // The usual save: the artefact is replaced where it stands. Removing it, adding
                // it at the end and sorting again moved every artefact (up to 20 ms a save at
                // 10,000); the site orders artefacts by date itself (`Site::new`).
                (Some((Ok(artefact), diags)), Some(i)) => {
                    let old = std::mem::replace(&mut self.artefacts[i], artefact);
                    self.sites.replaced(i, &old, &self.artefacts[i]);
                    self.file_diags.insert(path.clone(), diags);
                }
                (parsed, at) => {
                    // Every artefact after it moves: the site's indexes are made anew.
                    self.sites.clear();
                    if let Some(i) = at {
                        self.artefacts.remove(i);
                    }
                    if let Some((artefact, diags)) = parsed {
                        self.remember_parsed(path, artefact);
                        self.file_diags.insert(path.clone(), diags);
                    }
                    moved = true;
                }
            }
        }
        if moved {
            self.artefacts
                .sort_by(|a, b| a.source_path.cmp(&b.source_path));
        }
    }

    fn remember_parsed(&mut self, path: &Path, artefact: Result<Artefact, Unparsed>) {
        match artefact {
            Ok(artefact) => self.artefacts.push(artefact),
            Err(unparsed) => {
                self.unparsed.insert(path.to_path_buf(), unparsed);
            }
        }
    }

    /// The one place the stages after reading run, and the diagnostics policy lives.
    fn finish<R>(
        &mut self,
        render: impl FnOnce(&Ready<'_>) -> Result<Made<R>, Failure>,
    ) -> Result<Done<R>, Failure> {
        let mut diags = Diagnostics::default();
        diags.extend(self.walk_diags.iter().cloned());
        diags.extend(self.config_diags.iter().cloned());
        diags.extend(self.theme_diags.iter().cloned());
        diags.extend(self.file_diags.values().flatten().cloned());
        let Some(config) = self.config.clone() else {
            return Err(self.content_failure(diags));
        };
        // The artefacts move into the portfolio for this run and back out after it.
        let mut portfolio = config.with_artefacts(std::mem::take(&mut self.artefacts));
        portfolio.unparsed = self.unparsed.values().cloned().collect();
        let mut memo = std::mem::take(&mut self.memo);
        let mut outputs = std::mem::take(&mut self.outputs);
        let mut sites = std::mem::take(&mut self.sites);
        let memos = (&mut memo, &mut outputs, &mut sites);
        let result = self.check_and_render(&portfolio, memos, diags, render);
        if let Some(cache) = &self.cache {
            cache.keep_privacy(&memo.privacy);
        }
        self.memo = memo;
        self.outputs = outputs;
        self.sites = sites;
        self.artefacts = portfolio.artefacts;
        result
    }

    fn check_and_render<R>(
        &self,
        portfolio: &Portfolio,
        (memo, outputs, sites): Memos<'_>,
        mut diags: Diagnostics,
        render: impl FnOnce(&Ready<'_>) -> Result<Made<R>, Failure>,
    ) -> Result<Done<R>, Failure> {
        let mut clock = std::time::Instant::now();
        // Validated even when the theme did not load, so every problem is reported at once.
        // The site's indexes (`Site::new`) do not depend on what validating finds, so they are
        // made beside it, on the core the rules leave idle, and dropped if it finds an error:
        // one after the other they were two of the largest costs of a `serve` rebuild at
        // 10,000 artefacts. A blind build makes its site from another portfolio, below.
        // Only serve keeps the indexes: a one-shot build makes its site once.
        let drafts = self.opts.drafts;
        let (serving, blind) = (self.opts.serving, self.opts.blind);
        let ((), speculative) = rayon::join(
            || validate::all_with(portfolio, drafts, &mut diags, memo),
            || match (blind, serving) {
                (true, _) => None,
                (false, true) => Some(sites.site(portfolio, drafts)),
                (false, false) => Some(Site::new(portfolio, drafts)),
            },
        );
        if self.opts.blind {
            diags = site::blind::listed_names_replaced(diags);
        }
        super::timings::lap("validate and site", &mut clock);
        self.apply_strict(&mut diags);
        let (Some(theme), false) = (&self.theme, diags.has_errors()) else {
            return Err(Failure::Content(diags.sorted()));
        };
        // A blind build: the version (and the label made from it) is the portfolio's as
        // written, so `verify --against` matches a blind pack to its folder.
        let blind = self.opts.blind.then(|| {
            let written = Site::new(portfolio, self.opts.drafts);
            let version = crate::pack::version::of(&written, &self.tree, &self.root.path);
            let statics = &self.tree.static_files;
            let drafts = self.opts.drafts;
            let blind = site::blind::apply(portfolio, &version, statics, drafts, &mut diags);
            (blind, version)
        });
        let portfolio = blind.as_ref().map_or(portfolio, |(b, _)| &b.portfolio);
        let mut site = speculative.unwrap_or_else(|| Site::new(portfolio, self.opts.drafts));
        super::timings::lap("site (blind builds; else beside validate)", &mut clock);
        let blind = blind.as_ref();
        let made = (&mut site, portfolio, theme);
        let result = self.site_to_render(made, blind, (diags, outputs), render);
        if serving && blind.is_none() {
            sites.keep(site);
        }
        result
    }

    /// What follows once the site is made: the version, the output problems, the render.
    fn site_to_render<R>(
        &self,
        (site, portfolio, theme): (&mut Site<'_>, &Portfolio, &Arc<Theme>),
        blind: Option<&(site::blind::Blind, String)>,
        (mut diags, outputs): (Diagnostics, &mut super::incremental::OutputMemo),
        render: impl FnOnce(&Ready<'_>) -> Result<Made<R>, Failure>,
    ) -> Result<Done<R>, Failure> {
        let mut clock = std::time::Instant::now();
        // A preview has no version: every save would change it on every page, and serve
        // re-renders only the pages an edit touched.
        if !self.opts.serving {
            site.version = match blind {
                Some((_, version)) => version.clone(),
                None => crate::pack::version::of(site, &self.tree, &self.root.path),
            };
            super::timings::lap("version", &mut clock);
        }
        let check = || {
            let theme_files = theme.static_files.iter().map(|(rel, _)| rel.as_str());
            site::output_problems(site, theme_files, &self.tree.static_files)
        };
        // Only serve runs again after an edit; a one-shot build has nothing to remember.
        diags.extend(match self.opts.serving && blind.is_none() {
            true => outputs.problems(site, self.opts.drafts, check),
            false => check(),
        });
        self.apply_strict(&mut diags);
        super::timings::lap("output problems", &mut clock);
        if diags.has_errors() {
            return Err(Failure::Content(diags.sorted()));
        }
        let ready = Ready {
            portfolio,
            site,
            theme,
            tree: &self.tree,
            root: &self.root,
            blind: blind.map(|(b, _)| b),
        };
        let rendered = match render(&ready) {
            Ok(rendered) => rendered,
            Err(Failure::Content(errors)) => {
                diags.extend(errors);
                return Err(Failure::Content(diags.sorted()));
            }
            Err(tool) => return Err(tool),
        };
        let diags = self.merge_found(diags, rendered.found);
        if diags.has_errors() {
            return Err(Failure::Content(diags.sorted()));
        }
        Ok(Done {
            value: rendered.value,
            diagnostics: diags.sorted(),
        })
    }

    /// Adds what the render step found about the rendered site. A link the rendered site shows
    /// broken was already suspected while validating; say it once.
    fn merge_found(&self, diags: Diagnostics, found: Vec<Diagnostic>) -> Diagnostics {
        let mut found: Diagnostics = found.into_iter().collect();
        self.apply_strict(&mut found);
        let broken: Vec<_> = found
            .iter()
            .filter(|d| d.code == codes::BROKEN_ANCHOR)
            .map(|d| d.location.clone())
            .collect();
        let mut diags: Diagnostics = diags
            .into_iter()
            .filter(|d| !(d.code == codes::BROKEN_ANCHOR && broken.contains(&d.location)))
            .collect();
        diags.extend(found);
        diags
    }

    fn content_failure(&self, mut diags: Diagnostics) -> Failure {
        self.apply_strict(&mut diags);
        Failure::Content(diags.sorted())
    }

    /// `--strict`: every warning fails the run.
    fn apply_strict(&self, diags: &mut Diagnostics) {
        if self.opts.strict {
            diags.promote_warnings();
        }
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
