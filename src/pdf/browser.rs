//! The browser that prints: finding an installed Chromium (or saying how to install one) and
//! driving it over the DevTools protocol with `headless_chrome`, whose printToPDF takes the
//! footer template, the document outline and tagged PDF. Printing HTML faithfully is a
//! browser's job; no Rust crate does it, so we drive the one the reader would use.

use super::paper::Paper;
use crate::diag::did_you_mean;
use crate::pipeline::Failure;
use headless_chrome::types::PrintToPdfOptions;
use headless_chrome::{Browser, LaunchOptions, Tab};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Browser commands tried in order when `--chromium` is not given.
const BROWSERS: [&str; 6] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
];

pub const INSTALL_HINT: &str = "dossier prints PDFs with Chromium (or Google Chrome), which was not found.\n\
Install one, then run this again:\n  Debian/Ubuntu: sudo apt-get install chromium\n  macOS: install Google Chrome, then pass --chromium \"/Applications/Google Chrome.app/Contents/MacOS/Google Chrome\"\n  Windows: install Google Chrome or use Microsoft Edge (pass its path with --chromium)\n\
Or open /dossier/ of your site in a browser and choose Print > Save as PDF.";

/// The browser to print with: `--chromium`, else the first of [`BROWSERS`] on `PATH`.
pub fn find_browser(given: Option<&Path>) -> Result<PathBuf, Failure> {
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

/// "no application `x`", with the closest slug or the list of them.
pub fn unknown_application<'a>(slug: &str, slugs: impl Iterator<Item = &'a str>) -> String {
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

/// Page margins in inches (top, right, bottom, left); the bottom one holds the running footer.
const MARGINS: (f64, f64, f64, f64) = (0.6, 0.6, 0.75, 0.6);

fn cannot_print(program: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::Tool(format!(
        "{} could not print the PDF: {e}",
        program.display()
    ))
}

/// A headless Chromium with one page loaded, ready to print it again and again.
pub struct Printer {
    /// Kept alive for as long as the tab is used; dropping it ends the browser.
    _browser: Browser,
    tab: Arc<Tab>,
}

impl Printer {
    /// Starts `program` with its profile in `profile` and opens `page` (a local HTML file).
    pub fn open(program: &Path, profile: &Path, page: &Path) -> Result<Printer, Failure> {
        let options = LaunchOptions {
            path: Some(program.to_path_buf()),
            headless: true,
            // Chromium refuses to start as root with its sandbox on; the page is the user's own.
            sandbox: !running_as_root(),
            user_data_dir: Some(profile.to_path_buf()),
            idle_browser_timeout: Duration::from_secs(300),
            args: vec![
                OsStr::new("--no-first-run"),
                OsStr::new("--disable-component-update"),
                OsStr::new("--font-render-hinting=none"),
            ],
            ..LaunchOptions::default()
        };
        let browser = Browser::new(options).map_err(|e| cannot_print(program, e))?;
        let tab = browser.new_tab().map_err(|e| cannot_print(program, e))?;
        tab.set_default_timeout(Duration::from_secs(120));
        let url = url::Url::from_file_path(page)
            .map_err(|()| Failure::Tool(format!("cannot open {}", page.display())))?;
        tab.navigate_to(url.as_str())
            .and_then(|t| t.wait_until_navigated())
            .map_err(|e| cannot_print(program, e))?;
        // Web fonts and images finish before the first print, so every print lays out alike.
        tab.evaluate("document.fonts.ready.then(() => true)", true)
            .map_err(|e| cannot_print(program, e))?;
        Ok(Printer {
            _browser: browser,
            tab,
        })
    }

    /// Runs a script in the page (page numbers written into it between prints).
    pub fn run(&self, script: &str) -> Result<(), Failure> {
        self.tab
            .evaluate(script, false)
            .map(|_| ())
            .map_err(|e| Failure::Tool(format!("the browser could not update the page: {e}")))
    }

    /// Prints the page as it is now: tagged, with an outline from its headings, on `paper`,
    /// with `footer` (a printToPDF footer template) at the foot of every page.
    pub fn print(&self, paper: Paper, footer: &str) -> Result<Vec<u8>, Failure> {
        let (width, height) = paper.inches();
        let (top, right, bottom, left) = MARGINS;
        let options = PrintToPdfOptions {
            display_header_footer: Some(true),
            header_template: Some("<span></span>".to_string()),
            footer_template: Some(footer.to_string()),
            print_background: Some(true),
            paper_width: Some(width),
            paper_height: Some(height),
            margin_top: Some(top),
            margin_right: Some(right),
            margin_bottom: Some(bottom),
            margin_left: Some(left),
            prefer_css_page_size: Some(false),
            generate_document_outline: Some(true),
            generate_tagged_pdf: Some(true),
            ..PrintToPdfOptions::default()
        };
        self.tab
            .print_to_pdf(Some(options))
            .map_err(|e| Failure::Tool(format!("the browser could not print the PDF: {e}")))
    }
}
