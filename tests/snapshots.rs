//! Snapshot tests: the `<main>` element of one page of every page type, for the sample portfolio
//! and the rich test portfolio (`tests/portfolios/rich`), in every built-in theme, compared with
//! the reviewed snapshots committed in `tests/snapshots/` (one file per portfolio, theme and
//! page, named `<portfolio>-<theme>-<page>.snap`).
//!
//! They are the safety net of refactors that must not change what a page shows (theme CSS,
//! splitting render, the address book): any byte of a `<main>` that changes fails its snapshot,
//! and every changed page of a site is listed, not only the first.
//!
//! After an intended change to what pages show:
//!
//! 1. `INSTA_UPDATE=always cargo test --test snapshots` rewrites the snapshot files in place
//!    (or `cargo insta test --test snapshots` then `cargo insta review`, if `cargo-insta` is
//!    installed, to accept or reject each change interactively);
//! 2. review every changed snapshot with `git diff tests/snapshots/`: read each one as a reader
//!    of that page would (no escaped HTML showing, no empty sections, no hostile string that got
//!    through, no broken link) before committing it; a snapshot is the reviewed reference;
//! 3. commit the snapshots with the change that caused them.
//!
//! Each site is built once, by the real binary, from a copy of the portfolio whose `theme:` line
//! names the theme, with a fixed `SOURCE_DATE_EPOCH`, so no snapshot depends on the day, the
//! machine or the temporary folder (checked: no `<main>` may name the folder it was built in).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The built-in themes; `every_built_in_theme_is_snapshotted` keeps this list complete.
const THEMES: [&str; 3] = ["classic", "compact", "modern"];

/// 2026-01-01T00:00:00Z: "today" for every build, so dates computed from it never drift.
const SOURCE_DATE_EPOCH: &str = "1767225600";

/// A portfolio to snapshot, and which of its pages stand for each page type.
struct Portfolio {
    /// The first part of every snapshot name.
    name: &'static str,
    /// Relative to the crate root.
    folder: &'static str,
    /// (page type, output file): one page of every page type.
    pages: &'static [(&'static str, &'static str)],
}

const SAMPLE: Portfolio = Portfolio {
    name: "sample",
    folder: "sample-portfolio",
    pages: &[
        ("home", "index.html"),
        // The artefact with metrics, testimonials, attachments and footnotes.
        ("artefact", "artefacts/fa-pilot/index.html"),
        ("artefacts", "artefacts/index.html"),
        // The one listing of a single kind.
        ("case-studies", "case-studies/index.html"),
        ("tags", "tags/index.html"),
        ("tag", "tags/assessment/index.html"),
        ("competencies", "competencies/index.html"),
        ("competency", "competencies/coaching/index.html"),
        ("testimonials", "testimonials/index.html"),
        ("timeline", "timeline/index.html"),
        (
            "application",
            "for/deputy-head-northfield-d88701557649d02d/index.html",
        ),
        ("dossier", "dossier/index.html"),
        (
            "application-dossier",
            "for/deputy-head-northfield-d88701557649d02d/dossier/index.html",
        ),
        ("404", "404.html"),
        ("readiness", "readiness/index.html"),
        // A development plan: goal, KPIs, months, budget and the decision point.
        ("plan", "artefacts/development-plan-2025-26/index.html"),
        ("brief", "brief/index.html"),
        (
            "application-brief",
            "for/deputy-head-northfield-d88701557649d02d/brief/index.html",
        ),
    ],
};

const RICH: Portfolio = Portfolio {
    name: "rich",
    folder: "tests/portfolios/rich",
    pages: &[
        ("home", "index.html"),
        // The artefact with metrics, testimonials, attachments and footnotes.
        ("artefact", "artefacts/fa-pilot/index.html"),
        ("artefacts", "artefacts/index.html"),
        ("case-studies", "case-studies/index.html"),
        ("tags", "tags/index.html"),
        // The tag written `<script>alert(1)</script>`: its name must show as text.
        ("tag", "tags/script-alert-1-script/index.html"),
        ("competencies", "competencies/index.html"),
        ("competency", "competencies/coaching/index.html"),
        ("testimonials", "testimonials/index.html"),
        ("timeline", "timeline/index.html"),
        // The application with a hostile statement and four artefacts.
        (
            "application",
            "for/deputy-head-ysgol-y-bryn-a7edd81f8ee2b932/index.html",
        ),
        ("dossier", "dossier/index.html"),
        (
            "application-dossier",
            "for/deputy-head-ysgol-y-bryn-a7edd81f8ee2b932/dossier/index.html",
        ),
        ("404", "404.html"),
        ("readiness", "readiness/index.html"),
        ("plan", "artefacts/development-plan/index.html"),
        ("brief", "brief/index.html"),
        (
            "application-brief",
            "for/deputy-head-ysgol-y-bryn-a7edd81f8ee2b932/brief/index.html",
        ),
    ],
};

#[test]
fn sample_in_classic() {
    snapshot_site(&SAMPLE, "classic");
}

#[test]
fn sample_in_compact() {
    snapshot_site(&SAMPLE, "compact");
}

#[test]
fn sample_in_modern() {
    snapshot_site(&SAMPLE, "modern");
}

#[test]
fn rich_in_classic() {
    snapshot_site(&RICH, "classic");
}

#[test]
fn rich_in_compact() {
    snapshot_site(&RICH, "compact");
}

#[test]
fn rich_in_modern() {
    snapshot_site(&RICH, "modern");
}

/// A new built-in theme must get snapshots too (add it to `THEMES` and a test above).
#[test]
fn every_built_in_theme_is_snapshotted() {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("themes")
        .output()
        .expect("run dossier themes");
    let mut listed: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    listed.sort();
    assert_eq!(listed, THEMES, "dossier themes lists other themes");
}

#[test]
fn main_is_cut_exactly_from_its_start_tag_to_its_end_tag() {
    let page = "<body><a href=\"#main\">Skip</a><main id=\"main\">\n<p>x</p>\n</main>\n</body>";
    assert_eq!(main_of(page), Ok("<main id=\"main\">\n<p>x</p>\n</main>"));
    assert!(main_of("<body><p>no main</p></body>").is_err());
    assert!(main_of("<main>a</main><main>b</main>").is_err());
    // `<mainly>` is not a main element.
    assert_eq!(main_of("<mainly><main>a</main>"), Ok("<main>a</main>"));
}

/// Builds `portfolio` in `theme` once and compares the `<main>` of each of its pages with the
/// page's snapshot; panics listing every page that differs.
fn snapshot_site(portfolio: &Portfolio, theme: &str) {
    let work = tempfile::tempdir().expect("create a temp dir");
    let (copy, site) = (work.path().join("portfolio"), work.path().join("site"));
    copy_in_theme(&crate_root().join(portfolio.folder), &copy, theme);
    build(&copy, &site, theme);
    let mut failed = Vec::new();
    for &(page, file) in portfolio.pages {
        let html = std::fs::read_to_string(site.join(file))
            .unwrap_or_else(|e| panic!("{theme}: {file} was not written: {e}"));
        let main = main_of(&html).unwrap_or_else(|e| panic!("{theme}: {file}: {e}"));
        assert!(
            !main.contains(&*work.path().to_string_lossy())
                && !main.contains(env!("CARGO_MANIFEST_DIR")),
            "{theme}: {file}: <main> names a folder of this machine:\n{main}"
        );
        let name = format!("{}-{theme}-{page}", portfolio.name);
        if !snapshot_matches(&name, file, main) {
            failed.push(format!("{name} ({file})"));
        }
    }
    assert!(
        failed.is_empty(),
        "these <main> elements differ from their reviewed snapshots (diffs above; this file's //! \
         says how to update after an intended change):\n  {}",
        failed.join("\n  ")
    );
}

/// Compares `main` with the snapshot `name`, without stopping at the first difference: insta
/// panics on a mismatch (after printing its diff), and the caller wants every page's verdict.
fn snapshot_matches(name: &str, file: &str, main: &str) -> bool {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(file);
    settings.set_omit_expression(true);
    settings.set_prepend_module_to_snapshot(false);
    let assertion = || settings.bind(|| insta::assert_snapshot!(name, main));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(assertion)).is_ok()
}

/// The `<main …>…</main>` element of a page, exactly as written. Sliced rather than parsed and
/// re-serialised, so that a change of any byte (quoting, entities, whitespace) shows; the
/// templates write exactly one `<main>` per page, and escaping turns any `<` of content into
/// `&lt;`, so a raw `<main` or `</main>` can only be the element's own tags.
fn main_of(html: &str) -> Result<&str, String> {
    let starts: Vec<usize> = html
        .match_indices("<main")
        .filter(|(at, tag)| {
            html[at + tag.len()..].starts_with(|c: char| c == '>' || c.is_ascii_whitespace())
        })
        .map(|(at, _)| at)
        .collect();
    let ends: Vec<usize> = html.match_indices("</main>").map(|(at, _)| at).collect();
    match (starts.as_slice(), ends.as_slice()) {
        ([start], [end]) if start < end => Ok(&html[*start..end + "</main>".len()]),
        _ => Err(format!(
            "expected exactly one <main> element, found {} start tags and {} end tags",
            starts.len(),
            ends.len()
        )),
    }
}

/// `dossier build PORTFOLIO -o OUT` with a fixed `SOURCE_DATE_EPOCH`; panics if it fails.
fn build(portfolio: &Path, out: &Path, theme: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg(portfolio)
        .arg("-o")
        .arg(out)
        .env("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        .output()
        .expect("run the dossier binary");
    assert!(
        output.status.success(),
        "{theme}: the build failed\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Copies `portfolio` to `to`, with its `theme:` line naming `theme`.
fn copy_in_theme(portfolio: &Path, to: &Path, theme: &str) {
    common::copy_dir(portfolio, to);
    let yaml = to.join("portfolio.yaml");
    let text = std::fs::read_to_string(&yaml).expect("read the copied portfolio.yaml");
    assert!(
        text.lines().any(|l| l.starts_with("theme:")),
        "{}: portfolio.yaml has no `theme:` line to replace",
        portfolio.display()
    );
    let text: String = text
        .lines()
        .map(|l| match l.starts_with("theme:") {
            true => format!("theme: {theme}\n"),
            false => format!("{l}\n"),
        })
        .collect();
    std::fs::write(yaml, text).expect("write the copied portfolio.yaml");
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
