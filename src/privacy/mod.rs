//! The privacy guard: a validate-stage rule over what a build WILL publish (private, draft and
//! unconsented material is withheld anyway and not scanned), so that what dossier builds is
//! safe to publish. See docs/privacy.md.
//!
//! Two kinds of finding, each at the `path:line:column` of the text itself:
//! - a name on the never-publish list ([`names`], merged by [`lists`]) is an error, always;
//! - a detector's finding ([`detectors`] over the text, [`evidence`] over testimonials and
//!   metrics) is a warning (an error under `--strict`) unless accepted on purpose ([`accept`]),
//!   when it becomes a note that every report still lists.

mod accept;
pub mod add;
pub mod blind;
mod detectors;
mod evidence;
pub mod lists;
pub mod names;
mod published;
pub mod text;

use crate::diag::{codes, Diagnostic, Diagnostics, Location};
use crate::model::Portfolio;
use names::NameList;
use published::Published;
use rayon::prelude::*;
use std::collections::HashMap;
use text::Lines;

/// Something found in a file's text, at a byte offset.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: &'static str,
    pub start: usize,
    pub message: String,
    pub hint: String,
    /// A listed name: an error, never accepted.
    pub error: bool,
}

/// Scans everything `portfolio` publishes, pushing each finding into `diags`.
pub fn check(portfolio: &Portfolio, include_drafts: bool, diags: &mut Diagnostics) {
    check_with(portfolio, include_drafts, diags, &mut Scanned::default());
}

/// Each published file's findings from an earlier run, so that a run after an edit reads and
/// scans only the edited files (serve, at 10,000 artefacts). A file's findings depend on its
/// text, its own artefact (withheld testimonials, its evidence) and the lists and settings:
/// whoever keeps one forgets a file when it changes, and clears it all when settings or lists
/// may have (`pipeline::Session` does both).
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Scanned {
    by_file: HashMap<String, Vec<Diagnostic>>,
}

impl Scanned {
    /// Forgets the file at portfolio-relative `path`.
    pub fn forget(&mut self, path: &str) {
        self.by_file.remove(path);
    }

    pub fn clear(&mut self) {
        self.by_file.clear();
    }

    /// How many files' findings are kept.
    pub fn len(&self) -> usize {
        self.by_file.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_file.is_empty()
    }
}

/// [`check`], reusing the findings `scanned` keeps and keeping the new ones.
pub fn check_with(
    portfolio: &Portfolio,
    include_drafts: bool,
    diags: &mut Diagnostics,
    scanned: &mut Scanned,
) {
    let names = lists::load(portfolio, diags);
    let mut evidence: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    for d in evidence::scan(portfolio, include_drafts) {
        evidence
            .entry(d.location.path.to_string())
            .or_default()
            .push(d);
    }
    let files = published::files(portfolio, include_drafts);
    // Reading and scanning the files not already scanned is independent per file: it runs on
    // every core (at 10,000 artefacts it was most of the validate stage, on one core).
    let fresh: Vec<Option<Vec<Diagnostic>>> = files
        .par_iter()
        .map(|file| {
            if scanned.by_file.contains_key(&file.path) {
                return None;
            }
            // An unreadable or non-UTF-8 file is reported by the stage that reads it for the
            // build.
            let text = std::fs::read_to_string(&file.absolute).ok()?;
            let mut found = scan_file(file, &text, &names, portfolio);
            found.extend(evidence.get(&file.path).cloned().unwrap_or_default());
            Some(accept::apply(&file.path, &text, found))
        })
        .collect();
    for (file, fresh) in files.into_iter().zip(fresh) {
        if let Some(found) = scanned.by_file.get(&file.path) {
            evidence.remove(&file.path);
            diags.extend(found.iter().cloned());
            continue;
        }
        let Some(found) = fresh else {
            continue;
        };
        evidence.remove(&file.path);
        diags.extend(found.iter().cloned());
        scanned.by_file.insert(file.path, found);
    }
    diags.extend(evidence.into_values().flatten());
}

/// The findings of one published file's text, withheld parts left out.
fn scan_file(
    file: &Published,
    text: &str,
    names: &NameList,
    portfolio: &Portfolio,
) -> Vec<Diagnostic> {
    let masked = text::mask(text, &published::withheld_ranges(file, text));
    // With no list of names there is nothing to look up: the text is not cut into words.
    let words = if names.is_empty() {
        Vec::new()
    } else {
        text::words(&masked)
    };
    let mut found: Vec<Finding> = names
        .find(&words)
        .into_iter()
        .map(|o| Finding {
            code: codes::FORBIDDEN_NAME,
            start: o.start,
            message: format!("a name on your list of names that must never appear is here ({} characters, listed in {})", masked[o.start..o.end].chars().count(), o.list),
            hint: "remove it or describe the person instead (\"a Year 9 pupil\", \"a colleague\"); the list is there so this name is never published".into(),
            error: true,
        })
        .collect();
    found.extend(detectors::scan(&masked, &portfolio.privacy));
    let lines = Lines::new(text);
    found
        .into_iter()
        .map(|f| {
            let (line, column) = lines.position(f.start);
            let at = Location::new(&file.path, line, column);
            let d = if f.error {
                Diagnostic::error(f.code, at, f.message)
            } else {
                Diagnostic::warning(f.code, at, f.message)
            };
            d.with_hint(f.hint)
        })
        .collect()
}
