//! The orchestrator keeps what it read between runs and applies one diagnostics policy.

use super::*;
use crate::diag::{Location, Severity};

/// A fresh copy of the sample portfolio, and options to build it in memory.
fn sample(strict: bool) -> (tempfile::TempDir, Options) {
    let dir = tempfile::tempdir().unwrap();
    crate::test_support::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio"),
        dir.path(),
    );
    let opts = Options {
        root: dir.path().to_path_buf(),
        output: dir.path().join("_site"),
        base_url: None,
        drafts: false,
        strict,
        serving: false,
        blind: false,
    };
    (dir, opts)
}

/// A render step that writes nothing and reports every artefact's title by file.
fn titles(ready: &Ready<'_>) -> Result<Made<BTreeMap<String, String>>, Failure> {
    let value = ready
        .portfolio
        .artefacts
        .iter()
        .map(|a| (a.source_path.clone(), a.title.clone()))
        .collect();
    Ok(Made {
        value,
        found: Vec::new(),
    })
}

fn ok<R>(result: Result<Done<R>, Failure>) -> Done<R> {
    match result {
        Ok(done) => done,
        Err(Failure::Content(d)) => panic!("the sample failed: {d:?}"),
        Err(Failure::Tool(t)) => panic!("the sample failed: {t}"),
    }
}

/// Rewrites the `title:` line of an artefact file.
fn retitle(path: &Path, title: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let text: Vec<String> = text
        .lines()
        .map(|l| match l.starts_with("title:") {
            true => format!("title: {title}"),
            false => l.to_string(),
        })
        .collect();
    std::fs::write(path, text.join("\n") + "\n").unwrap();
}

#[test]
fn changed_rereads_only_the_files_it_is_given() {
    let (_dir, opts) = sample(false);
    let mut session = Session::new(opts);
    let before = ok(session.full(titles)).value;
    let path = session.tree.artefacts[0].clone();
    let rel = crate::diag::display_path(session.root(), &path);
    retitle(&path, "Retitled on disk");

    let untouched = ok(session.changed(&BTreeSet::new(), titles)).value;
    assert_eq!(untouched, before, "a file not named was read again");

    let reread = ok(session.changed(&BTreeSet::from([path.clone()]), titles)).value;
    assert_eq!(reread[&rel], "Retitled on disk");
    assert_eq!(reread.len(), before.len());

    let added = session.root().join("artefacts/added-later.md");
    std::fs::copy(&path, &added).unwrap();
    let grown = ok(session.changed(&BTreeSet::from([added.clone()]), titles)).value;
    assert_eq!(
        grown.len(),
        before.len() + 1,
        "a new file named was not read"
    );

    std::fs::remove_file(&added).unwrap();
    let shrunk = ok(session.changed(&BTreeSet::from([added]), titles)).value;
    assert_eq!(shrunk, reread, "a deleted file is still in the portfolio");
}

/// What the render step finds (broken links under `check`) follows `--strict` like every
/// other warning: reported without it, failing the run with it.
#[test]
fn what_the_render_step_finds_follows_strict() {
    let finds_a_warning = |_: &Ready<'_>| {
        Ok(Made {
            value: (),
            found: vec![Diagnostic::warning(
                codes::BROKEN_ANCHOR,
                Location::file("artefacts/x.md"),
                "found after rendering",
            )],
        })
    };
    let (_dir, opts) = sample(false);
    let done = ok(Session::new(opts).full(finds_a_warning));
    assert!(done
        .diagnostics
        .iter()
        .any(|d| d.message == "found after rendering" && d.severity == Severity::Warning));

    let (dir, opts) = sample(true);
    // The sample's one warning (a quote without consent) would stop a strict run earlier.
    let quotes = dir.path().join("artefacts/2025/what-colleagues-say.md");
    let text = std::fs::read_to_string(&quotes).unwrap();
    std::fs::write(&quotes, text.replace("consent: false", "consent: true")).unwrap();
    match Session::new(opts).full(finds_a_warning) {
        Err(Failure::Content(d)) => assert!(d
            .iter()
            .any(|d| d.message == "found after rendering" && d.severity == Severity::Error)),
        _ => panic!("--strict let a warning found after rendering pass"),
    }
}

/// Under `--strict` a warning from reading stops the run before anything is rendered.
#[test]
fn strict_stops_on_a_warning_before_rendering() {
    let (_dir, opts) = sample(true);
    let mut called = false;
    let result = Session::new(opts).full(|_| {
        called = true;
        Ok(Made {
            value: (),
            found: Vec::new(),
        })
    });
    match result {
        Err(Failure::Content(d)) => assert!(d
            .iter()
            .any(|d| d.code == codes::NO_CONSENT && d.severity == Severity::Error)),
        _ => panic!("--strict let the sample's consent warning pass"),
    }
    assert!(!called, "rendered a portfolio that --strict refused");
}

/// A folder that is not there is reported as such, by every entry (serve included).
#[test]
fn a_missing_folder_stops_before_reading() {
    let (dir, mut opts) = sample(false);
    opts.root = dir.path().join("not-there");
    let mut called = false;
    let result = Session::new(opts).full(|_| {
        called = true;
        Ok(Made {
            value: (),
            found: Vec::new(),
        })
    });
    assert!(matches!(result, Err(Failure::Content(d)) if d.len() == 1));
    assert!(!called, "rendered a folder that does not exist");
}
