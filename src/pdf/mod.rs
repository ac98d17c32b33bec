//! `dossier pdf`: the printable dossier page printed to PDF by an installed Chromium, over the
//! DevTools protocol: on A4 or Letter, with a running footer (name, page N of M, version),
//! bookmarks from the headings, tagged for screen readers, page numbers in the contents and
//! cross-references, and fixed metadata so the same portfolio always gives the same bytes.
//!
//! `--brief` prints the two-page panel brief instead, in one print (`brief`).
//!
//! `browser` finds and drives Chromium, `numbers` prints until the page numbers hold, `read`
//! reads a printed PDF back, `normalise` fixes its dates and IDs, `info` reads what the footer
//! and the dates need, `paper` picks the sheet size.

mod brief;
mod browser;
mod footer;
pub mod info;
mod normalise;
mod numbers;
pub mod paper;
pub mod read;

pub use browser::{find_browser, unknown_application, INSTALL_HINT};
pub use paper::Paper;

use crate::pipeline::{self, Failure, Options};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub build: Options,
    pub output: PathBuf,
    pub application: Option<String>,
    pub chromium: Option<PathBuf>,
    /// `--paper`: wins over portfolio.yaml's `paper:` and the language's custom.
    pub paper: Option<Paper>,
    /// `--brief`: print the panel brief (`brief/`) instead of the dossier.
    pub brief: bool,
}

/// Builds the site into a temporary folder and prints its dossier page (or, with `--brief`,
/// its brief) to `opts.output`.
pub fn print(opts: &PdfOptions) -> Result<PathBuf, Failure> {
    print_with_info(opts).map(|(path, _)| path)
}

/// [`print`], also returning what the print knew of the portfolio (a blind build's label).
pub fn print_with_info(opts: &PdfOptions) -> Result<(PathBuf, info::DocInfo), Failure> {
    let browser = find_browser(opts.chromium.as_deref())?;
    let temp = tempfile::tempdir()
        .map_err(|e| Failure::Tool(format!("cannot create a temporary folder: {e}")))?;
    let mut build = opts.build.clone();
    build.output = temp.path().join("site");
    let info = info::read(&build)?;
    let application = build_site(&build, opts.application.as_deref())?;
    let job = Job {
        browser: &browser,
        work: temp.path(),
        info: &info,
        paper: opts.paper,
    };
    let bytes = match opts.brief {
        true => job.print_brief(&build.output, application.as_deref())?,
        false => job.print(&build.output, application.as_deref())?,
    };
    let output = std::path::absolute(&opts.output).unwrap_or_else(|_| opts.output.clone());
    std::fs::write(&output, bytes)
        .map_err(|e| Failure::Tool(format!("cannot write {}: {e}", output.display())))?;
    Ok((output, info))
}

/// Builds the site into `build.output` and finds the folder of `application`'s pages
/// (`for/<slug>-<token>/` unless it is public), writing the portfolio's secret first when
/// the application needs one for its address.
pub fn build_site(build: &Options, application: Option<&str>) -> Result<Option<String>, Failure> {
    if application.is_some() {
        crate::site::secret::ensure(&build.root)
            .map_err(|e| Failure::Tool(format!("cannot write the portfolio's secret: {e}")))?;
    }
    let report = pipeline::build(build)?;
    let Some(slug) = application else {
        return Ok(None);
    };
    let apps = &report.withheld.applications;
    match apps.iter().find(|a| a.slug == slug) {
        Some(app) => Ok(Some(app.path.clone())),
        None => Err(Failure::Tool(browser::unknown_application(
            slug,
            apps.iter().map(|a| a.slug.as_str()),
        ))),
    }
}

/// One printing job over a site already built: which browser, a scratch folder, and what the
/// footer, the paper and the fixed dates need.
pub struct Job<'a> {
    pub browser: &'a Path,
    pub work: &'a Path,
    pub info: &'a info::DocInfo,
    pub paper: Option<Paper>,
}

/// Which page of a built site a job prints.
#[derive(Debug, Clone, Copy)]
enum Document {
    /// The printable document: printed twice, so its contents carry page numbers.
    Dossier,
    /// The panel brief (`brief`): printed once, it has no contents to number.
    Brief,
}

impl Document {
    fn page(self) -> &'static str {
        match self {
            Document::Dossier => "dossier/index.html",
            Document::Brief => "brief/index.html",
        }
    }

    /// Sets the document's ID apart from the other document of the same version.
    fn tag(self) -> &'static str {
        match self {
            Document::Dossier => "",
            Document::Brief => "brief:",
        }
    }
}

impl Job<'_> {
    /// The PDF of the dossier page of `site`, or of the application whose pages are in the
    /// folder `application` (from [`build_site`]), normalised.
    pub fn print(&self, site: &Path, application: Option<&str>) -> Result<Vec<u8>, Failure> {
        self.print_document(site, application, Document::Dossier)
    }

    fn print_document(
        &self,
        site: &Path,
        application: Option<&str>,
        document: Document,
    ) -> Result<Vec<u8>, Failure> {
        let folder = match application {
            None => site.to_path_buf(),
            Some(folder) => site.join(folder),
        };
        let page = folder.join(document.page());
        let page = std::path::absolute(&page).unwrap_or(page);
        let paper = self.paper_size();
        let footer = footer::template(
            &self.info.name,
            crate::pack::version::short(&self.info.version),
        );
        let app = application.unwrap_or("");
        let profile = self.work.join(format!(
            "profile-{}{}",
            document.tag().replace(':', "-"),
            app.replace('/', "-")
        ));
        let printer = browser::Printer::open(self.browser, &profile, &page)?;
        let pdf = match document {
            Document::Dossier => numbers::print_numbered(&printer, paper, &footer)?,
            Document::Brief => printer.print(paper, &footer)?,
        };
        let site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
        let printed_from = url::Url::from_directory_path(&site)
            .map(String::from)
            .unwrap_or_default();
        let stamp = normalise::Stamp {
            epoch: info::epoch(self.info),
            identity: &format!("{}:{}{app}", self.info.version, document.tag()),
            printed_from: &printed_from,
            base_url: &self.info.base_url,
        };
        normalise::normalise(&pdf, &stamp).map_err(Failure::Tool)
    }

    /// `--paper`, else portfolio.yaml's `paper:`, else the custom of its `language`.
    pub fn paper_size(&self) -> Paper {
        self.paper
            .or(self.info.paper)
            .unwrap_or_else(|| Paper::for_language(&self.info.language))
    }
}
