//! The pipeline: config → source → parse → validate → site → render → output.
//!
//! [`Session`] (in `session.rs`) is the one orchestrator: it reads the portfolio (source and
//! parse), keeps what it read, and runs validate → site → render under one diagnostics policy.
//! This file holds the entries built on it: [`build`] (into a staging folder swapped in whole),
//! [`build_into`] (any [`Output`]) and [`check`] (a build into memory, then the checks of the
//! rendered site). `pdf` calls [`build`]; `serve` keeps one [`Session`] alive and re-reads only
//! the files an edit touched.

pub mod cache;
mod incremental;
pub mod many;
mod session;
pub mod timings;

pub use session::{Done, Made, Ready, Session};

use crate::diag::{codes, Diagnostic, Diagnostics};
use crate::output::{self, Output, Staging};
use crate::parse::Root;
use crate::render::{self, Rendered};
use crate::site::{Site, Withheld};
use crate::source;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What a build was asked to do, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub output: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strict: bool,
    /// Under `serve`: templates may show live-reload hints.
    pub serving: bool,
    /// `--blind`: the person, referees, employers and contact details replaced by labels
    /// (`site::blind`).
    pub blind: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// Whose portfolio it is, and their headline: for `build --all`'s index of portfolios.
    pub person: (String, Option<String>),
    pub diagnostics: Vec<Diagnostic>,
    pub rendered: Rendered,
    pub withheld: Withheld,
    pub elapsed: Duration,
    /// A blind build's candidate label ("Candidate 7F3A").
    pub blind_label: Option<String>,
}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the portfolio (exit code 1).
    Content(Vec<Diagnostic>),
    /// The tool could not do its job: output folder refused, disk errors (exit code 2).
    Tool(String),
}

/// Builds the site into `opts.output`, replacing it only if everything succeeded.
pub fn build(opts: &Options) -> Result<Report, Failure> {
    build_cached(opts, None).map(|(report, _)| report)
}

/// [`build`], through the cache folder `cache` when one is given (`build --cache`, see
/// [`cache`]): the same site and diagnostics, with unchanged files parsed and written less.
pub fn build_cached(
    opts: &Options,
    cache: Option<&std::path::Path>,
) -> Result<(Report, Option<cache::Reuse>), Failure> {
    if let Some(reason) = output::refuse_reason(&Root::new(&opts.root).path, &opts.output) {
        return Err(Failure::Tool(reason));
    }
    let tool = |what: &'static str| {
        let output = opts.output.display().to_string();
        move |e: std::io::Error| Failure::Tool(format!("{what} {output}: {e}"))
    };
    let mut lock = output::swap::Lock::open(&opts.output).map_err(tool("cannot lock"))?;
    let _held = lock.hold().map_err(tool("cannot build into"))?;
    output::swap::clean_leftovers(&opts.output);
    let staging = Staging::new(&opts.output).map_err(tool("cannot create a folder beside"))?;
    let Some(dir) = cache else {
        let report = build_into(opts, &staging)?;
        staging.commit().map_err(tool("cannot replace"))?;
        return Ok((report, None));
    };
    let mut clock = Instant::now();
    let root = Root::new(&opts.root);
    let mut cache = cache::Cache::open(dir, opts, &root.path);
    timings::lap("cache opened (fingerprint)", &mut clock);
    let carry = cache.output(&staging);
    let session = Session::new(opts.clone()).with_memo(cache.memo());
    let report = build_in(session, &carry, &mut |_, _, _| Vec::new())?;
    let written = carry.finish();
    let mut clock = Instant::now();
    let reuse = staging
        .commit_beside(|| cache.save(written, &opts.output))
        .map_err(tool("cannot replace"))?;
    timings::lap(
        "output swapped in, cache refilled beside the old removed",
        &mut clock,
    );
    Ok((report, Some(reuse)))
}

/// A build; the first one with a private application also writes the portfolio's secret
/// (`.dossier-secret`, see `site::secret`) and builds again, so every address has its token.
/// Returns the secret's file when it was written.
pub fn build_with_secret(opts: &Options) -> Result<(Report, Option<PathBuf>), Failure> {
    build_with_secret_cached(opts, None).map(|(report, secret, _)| (report, secret))
}

/// [`build_with_secret`] through an optional cache folder (see [`build_cached`]).
pub fn build_with_secret_cached(
    opts: &Options,
    cache: Option<&std::path::Path>,
) -> Result<(Report, Option<PathBuf>, Option<cache::Reuse>), Failure> {
    let build = |opts| build_cached(opts, cache);
    let (report, reuse) = build(opts)?;
    let unlisted = report.withheld.applications.iter().any(|a| !a.public);
    if !unlisted || crate::site::secret::read(&opts.root).is_some() {
        return Ok((report, None, reuse));
    }
    match crate::site::secret::ensure(&opts.root) {
        Ok(Some(file)) => {
            let (report, reuse) = build(opts)?;
            Ok((report, Some(file), reuse))
        }
        Ok(None) => Ok((report, None, reuse)),
        Err(e) => Err(Failure::Tool(format!(
            "cannot write the portfolio's secret into {}: {e}",
            opts.root.display()
        ))),
    }
}

/// Every stage but the final swap, writing into `out` (a staging folder, or memory).
pub fn build_into(opts: &Options, out: &dyn Output) -> Result<Report, Failure> {
    build_with(opts, out, &mut |_, _, _| Vec::new())
}

/// `dossier check`: every stage of a build into memory, then the checks of the rendered site
/// (links and anchors) and of its quality as a reviewer sees it, and with `external` every web
/// address it links to requested. Writes nothing.
pub fn check(
    opts: &Options,
    quality: &crate::validate::quality::QualityOptions,
    external: bool,
) -> Result<Report, Failure> {
    let memory = crate::output::Memory::default();
    build_with(opts, &memory, &mut |portfolio, site, links| {
        // `portfolio.base_url` already carries `--base-url` when one was given.
        let base_path = crate::site::base_path(&portfolio.base_url);
        let sources = crate::check::LinkSources::new(links, &base_path, &portfolio.theme.value);
        let files = memory.files.lock().unwrap_or_else(|e| e.into_inner());
        let mut found = crate::check::broken_links(&files, &sources);
        found.extend(crate::validate::quality::warnings(portfolio, site, quality));
        found.extend(crate::render::base_url_note(&portfolio.base_url));
        if external {
            use crate::check::external;
            let addresses = external::published_addresses(portfolio, site);
            found.extend(external::broken(&addresses, &external::request));
        }
        found
    })
}

/// A build whose `after` stage adds diagnostics about the rendered site; they fail the build
/// like any other error (and, under `--strict`, any other warning).
fn build_with(
    opts: &Options,
    out: &dyn Output,
    after: &mut dyn FnMut(
        &crate::model::Portfolio,
        &Site<'_>,
        &render::LinkRecord,
    ) -> Vec<Diagnostic>,
) -> Result<Report, Failure> {
    build_in(Session::new(opts.clone()), out, after)
}

/// [`build_with`] by a session made by the caller (with or without a cache).
fn build_in(
    mut session: Session,
    out: &dyn Output,
    after: &mut dyn FnMut(
        &crate::model::Portfolio,
        &Site<'_>,
        &render::LinkRecord,
    ) -> Vec<Diagnostic>,
) -> Result<Report, Failure> {
    let started = Instant::now();
    let serving = session.options().serving;
    let done = session.full(|ready| {
        let mut rendered = render_everything(ready, out, serving)?;
        // The record of links is for the checks only; the report says how much was written.
        let links = std::mem::take(&mut rendered.links);
        let found = after(ready.portfolio, ready.site, &links);
        let withheld = ready.site.report(&ready.tree.static_files);
        let person = &ready.portfolio.person;
        let label = ready.blind.map(|b| b.label.clone());
        Ok(Made {
            value: (
                rendered,
                withheld,
                (person.name.clone(), person.headline.clone()),
                label,
            ),
            found,
        })
    })?;
    let (rendered, withheld, person, blind_label) = done.value;
    Ok(Report {
        person,
        diagnostics: done.diagnostics,
        rendered,
        withheld,
        elapsed: started.elapsed(),
        blind_label,
    })
}

/// The render and output stages of a whole site: static/ copied, then every page written.
fn render_everything(
    ready: &Ready<'_>,
    out: &dyn Output,
    serving: bool,
) -> Result<Rendered, Failure> {
    let static_dir = ready.root.path.join("static");
    // A blind build copies no file of static/ that names the person (the photo among them).
    let static_files: Vec<PathBuf> = match ready.blind {
        Some(blind) => ready
            .tree
            .static_files
            .iter()
            .filter(|f| !blind.withheld_static.contains(f))
            .cloned()
            .collect(),
        None => ready.tree.static_files.clone(),
    };
    let mut clock = Instant::now();
    let copied = output::copy_tree(out, &static_dir, &static_files)
        .map_err(|e| Failure::Tool(format!("cannot copy the files of static/: {e}")))?;
    let mut rendered = render::site(ready.site, ready.theme, out, serving).map_err(|errors| {
        // Failing to write is the tool's problem (exit 2), not the portfolio's.
        match errors.iter().find(|d| d.code == codes::OUTPUT) {
            Some(d) => Failure::Tool(format!("{}: {}", d.location.path, d.message)),
            None => Failure::Content(errors),
        }
    })?;
    rendered.files += copied;
    timings::lap("render (pages, data files, copies)", &mut clock);
    Ok(rendered)
}

/// The source stage, shared with `serve`: the portfolio's files, leaving out the output folder
/// however its path is written.
pub fn walk(opts: &Options, root: &Root, diags: &mut Diagnostics) -> source::Tree {
    source::walk(&root.path, &output_dir(opts), diags)
}

/// `opts.output` made absolute and free of `.` and `..`, to compare with walked paths.
pub fn output_dir(opts: &Options) -> PathBuf {
    crate::paths::normalise(
        &std::path::absolute(&opts.output).unwrap_or_else(|_| opts.output.clone()),
    )
}
