//! `build()`: config → source → parse → validate → site → render → output, one line per stage.

use crate::diag::{codes, Diagnostic, Diagnostics};
use crate::output::{self, Output, Staging};
use crate::parse::Root;
use crate::render::{self, Rendered, Theme};
use crate::site::{Site, Withheld};
use crate::{parse, source, validate};
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
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub rendered: Rendered,
    pub withheld: Withheld,
    pub elapsed: Duration,
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
    let report = build_into(opts, &staging)?;
    staging.commit().map_err(tool("cannot replace"))?;
    Ok(report)
}

/// Every stage but the final swap, writing into `out` (a staging folder, or memory).
pub fn build_into(opts: &Options, out: &dyn Output) -> Result<Report, Failure> {
    build_with(opts, out, &mut |_, _| Vec::new())
}

/// `dossier check`: every stage of a build into memory, then the checks of the rendered site
/// (links and anchors) and of its quality as a reviewer sees it. Writes nothing.
pub fn check(
    opts: &Options,
    quality: &crate::validate::quality::QualityOptions,
) -> Result<Report, Failure> {
    let memory = crate::output::Memory::default();
    build_with(opts, &memory, &mut |portfolio, site| {
        // `portfolio.base_url` already carries `--base-url` when one was given.
        let base_path = crate::site::base_path(&portfolio.base_url);
        let sources = crate::check::LinkSources::new(portfolio, site, &base_path);
        let files = memory.files.lock().unwrap_or_else(|e| e.into_inner());
        let mut found = crate::check::broken_links(&files, &sources);
        found.extend(crate::validate::quality::warnings(portfolio, site, quality));
        found
    })
}

/// A build whose `after` stage adds diagnostics about the rendered site; they fail the build
/// like any other error (and, under `--strict`, any other warning).
fn build_with(
    opts: &Options,
    out: &dyn Output,
    after: &mut dyn FnMut(&crate::model::Portfolio, &Site<'_>) -> Vec<Diagnostic>,
) -> Result<Report, Failure> {
    let started = Instant::now();
    let mut diags = Diagnostics::default();
    let root = Root::new(&opts.root);
    if let Some(problem) = source::root_problem(&root.path) {
        return Err(Failure::Content(vec![problem]));
    }
    let tree = walk(opts, &root, &mut diags);
    let portfolio = parse::portfolio(&root, &tree, opts.base_url.as_deref(), &mut diags);
    if let Some(portfolio) = &portfolio {
        validate::all(portfolio, opts.drafts, &mut diags);
    }
    let theme = portfolio.as_ref().and_then(|p| {
        Theme::load(&root.path, &p.theme, &tree.templates)
            .map_err(|e| diags.extend(e))
            .ok()
    });
    if opts.strict {
        diags.promote_warnings();
    }
    let (Some(portfolio), Some(theme), false) = (portfolio, theme, diags.has_errors()) else {
        return Err(Failure::Content(diags.sorted()));
    };
    let site = Site::new(&portfolio, opts.drafts);
    let theme_files = theme.static_files.iter().map(|(rel, _)| rel.as_str());
    diags.extend(crate::site::output_problems(
        &site,
        theme_files,
        &tree.static_files,
    ));
    if opts.strict {
        diags.promote_warnings();
    }
    if diags.has_errors() {
        return Err(Failure::Content(diags.sorted()));
    }
    let static_dir = root.path.join("static");
    let copied = output::copy_tree(out, &static_dir, &tree.static_files)
        .map_err(|e| Failure::Tool(format!("cannot copy the files of static/: {e}")))?;
    let mut rendered = render::site(&site, &theme, out, opts.serving).map_err(|errors| {
        // Failing to write is the tool's problem (exit 2), not the portfolio's.
        match errors.iter().find(|d| d.code == codes::OUTPUT) {
            Some(d) => Failure::Tool(format!("{}: {}", d.location.path, d.message)),
            None => Failure::Content(errors),
        }
    })?;
    rendered.files += copied;
    let mut found = Diagnostics::default();
    found.extend(after(&portfolio, &site));
    if opts.strict {
        found.promote_warnings();
    }
    // A link the rendered site shows broken was already suspected while validating; say it once.
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
    if diags.has_errors() {
        return Err(Failure::Content(diags.sorted()));
    }
    Ok(Report {
        diagnostics: diags.sorted(),
        rendered,
        withheld: site.withheld.clone(),
        elapsed: started.elapsed(),
    })
}

/// The source stage, shared with `serve`: the portfolio's files, leaving out the output folder
/// however its path is written.
pub fn walk(opts: &Options, root: &Root, diags: &mut Diagnostics) -> source::Tree {
    source::walk(&root.path, &output_dir(opts), diags)
}

/// `opts.output` made absolute and free of `.` and `..`, to compare with walked paths.
pub fn output_dir(opts: &Options) -> PathBuf {
    parse::assets::normalise(
        &std::path::absolute(&opts.output).unwrap_or_else(|_| opts.output.clone()),
    )
}
