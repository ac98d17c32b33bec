//! `dossier pdf`: the printable dossier page printed to PDF by a headless Chromium that is
//! already installed. Printing HTML faithfully is a browser's job; no Rust crate does it, so
//! we drive the browser the reader would use, with its own print engine.

use crate::diag::did_you_mean;
use crate::pipeline::{self, Failure, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Browser commands tried in order when `--chromium` is not given.
const BROWSERS: [&str; 6] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
];

const INSTALL_HINT: &str = "dossier prints PDFs with Chromium (or Google Chrome), which was not found.\n\
Install one, then run this again:\n  Debian/Ubuntu: sudo apt-get install chromium\n  macOS: install Google Chrome, then pass --chromium \"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome\"\n  Windows: install Google Chrome or use Microsoft Edge (pass its path with --chromium)\n\
Or open /dossier/ of your site in a browser and choose Print > Save as PDF.";

#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub build: Options,
    pub output: PathBuf,
    pub application: Option<String>,
    pub chromium: Option<PathBuf>,
}

/// Builds the site into a temporary folder and prints its dossier page to `opts.output`.
pub fn print(opts: &PdfOptions) -> Result<PathBuf, Failure> {
    let browser = find_browser(opts.chromium.as_deref())?;
    let temp = tempfile::tempdir()
        .map_err(|e| Failure::Tool(format!("cannot create a temporary folder: {e}")))?;
    let mut build = opts.build.clone();
    build.output = temp.path().join("site");
    if opts.application.is_some() {
        // The application's address carries a token from the secret; the PDF's own links too.
        crate::site::secret::ensure(&build.root)
            .map_err(|e| Failure::Tool(format!("cannot write the portfolio's secret: {e}")))?;
    }
    let report = pipeline::build(&build)?;
    let page = match &opts.application {
        None => build.output.join("dossier/index.html"),
        Some(slug) => {
            let apps = &report.withheld.applications;
            let Some(app) = apps.iter().find(|a| a.slug == *slug) else {
                let slugs = apps.iter().map(|a| a.slug.as_str());
                return Err(Failure::Tool(unknown_application(slug, slugs)));
            };
            build.output.join(&app.path).join("dossier/index.html")
        }
    };
    let output = std::path::absolute(&opts.output).unwrap_or_else(|_| opts.output.clone());
    let mut command = Command::new(&browser);
    command
        .arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--disable-background-networking")
        .arg("--disable-component-update")
        .arg("--no-pdf-header-footer")
        .arg(format!(
            "--user-data-dir={}",
            temp.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", output.display()));
    if running_as_root() {
        // Chromium refuses to start as root with its sandbox on; the page is the user's own.
        command.arg("--no-sandbox");
    }
    command.arg(format!("file://{}", page.display()));
    let result = command
        .output()
        .map_err(|e| Failure::Tool(format!("cannot run {}: {e}", browser.display())))?;
    let printed = std::fs::metadata(&output)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if !result.status.success() || !printed {
        return Err(Failure::Tool(format!(
            "{} could not print the PDF:\n{}",
            browser.display(),
            String::from_utf8_lossy(&result.stderr)
                .lines()
                .rev()
                .take(5)
                .collect::<Vec<_>>()
                .join("\n")
        )));
    }
    Ok(output)
}

fn find_browser(given: Option<&Path>) -> Result<PathBuf, Failure> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(Failure::Tool(format!(
                "--chromium {} does not exist.\n{INSTALL_HINT}",
                path.display()
            )))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    BROWSERS
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| Failure::Tool(INSTALL_HINT.to_string()))
}

fn unknown_application<'a>(slug: &str, slugs: impl Iterator<Item = &'a str>) -> String {
    let mut known: Vec<String> = slugs.map(str::to_string).collect();
    known.sort();
    let hint = did_you_mean(slug, known.iter().map(String::as_str)).unwrap_or_else(|| {
        format!(
            "the applications are: {}",
            if known.is_empty() {
                "(none)".to_string()
            } else {
                known.join(", ")
            }
        )
    });
    format!("there is no application `{slug}`; {hint}")
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}
