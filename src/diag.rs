//! Diagnostics as values: what went wrong, where (`path:line:column`), and how to fix it.
//!
//! Every stage pushes into a [`Diagnostics`] list instead of returning early, so one run
//! reports every problem of the portfolio. Printing lives in [`crate::report`].

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A position in a source file, 1-based like editors show it.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Location {
    /// Path relative to the portfolio folder, with `/` separators. Shared: every value of a
    /// file points at the one copy its parse made (an own `String` each was 5 to 10 MB of a
    /// 10,000-artefact build, docs/performance.md).
    #[serde(with = "shared_path")]
    pub path: Arc<str>,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// `path` is copied unless it is already an `Arc<str>`: pass the file's shared one.
    pub fn new(path: impl IntoPath, line: usize, column: usize) -> Self {
        Location {
            path: path.into_path(),
            line: line.max(1),
            column: column.max(1),
        }
    }

    /// The start of a file, for problems that concern the file as a whole.
    pub fn file(path: impl IntoPath) -> Self {
        Location::new(path, 1, 1)
    }
}

/// A shared path in serde's formats (the build cache, JSON): the plain string it always was.
/// By hand: serde's `rc` feature does the same, but turning it on rebuilds every crate that
/// uses serde.
pub mod shared_path {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(path: &Arc<str>, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(path)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<Arc<str>, D::Error> {
        String::deserialize(from).map(Arc::from)
    }
}

/// What a [`Location`]'s path may be made from: any text (copied once), or a file's shared
/// path (`Arc<str>`, not copied). A trait of our own, because `Into<Arc<str>>` has no
/// `&String`, which most callers hold.
pub trait IntoPath {
    fn into_path(self) -> Arc<str>;
}

impl IntoPath for &str {
    fn into_path(self) -> Arc<str> {
        Arc::from(self)
    }
}

impl IntoPath for String {
    fn into_path(self) -> Arc<str> {
        Arc::from(self)
    }
}

impl IntoPath for &String {
    fn into_path(self) -> Arc<str> {
        Arc::from(self.as_str())
    }
}

impl IntoPath for Arc<str> {
    fn into_path(self) -> Arc<str> {
        self
    }
}

impl IntoPath for &Arc<str> {
    fn into_path(self) -> Arc<str> {
        self.clone()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
    /// Said for the record, never a problem: a privacy finding the author accepted on purpose,
    /// listed so a reviewer sees it. `--strict` leaves notes as they are.
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem found in the portfolio.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, documented in `docs/diagnostics.md`.
    pub code: &'static str,
    pub message: String,
    pub location: Location,
    /// How to fix it: an example, or "did you mean …?".
    pub hint: Option<String>,
}

/// A diagnostic as the build cache (src/pipeline/cache) stores it: the same fields, with the
/// code owned, since a `&'static str` cannot be read back from a file.
#[derive(serde::Deserialize)]
struct Stored {
    severity: Severity,
    code: String,
    message: String,
    location: Location,
    hint: Option<String>,
}

// By hand: serde's derive would demand `'de: 'static` for the `&'static str` field.
impl<'de> serde::Deserialize<'de> for Diagnostic {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Stored::deserialize(d).map(Diagnostic::from)
    }
}

impl From<Stored> for Diagnostic {
    /// Each distinct code is leaked once (there are under a hundred) and shared after that.
    fn from(d: Stored) -> Diagnostic {
        static SEEN: std::sync::Mutex<std::collections::BTreeSet<&'static str>> =
            std::sync::Mutex::new(std::collections::BTreeSet::new());
        let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
        let code = match seen.get(d.code.as_str()) {
            Some(known) => *known,
            None => {
                let leaked: &'static str = Box::leak(d.code.into_boxed_str());
                seen.insert(leaked);
                leaked
            }
        };
        Diagnostic {
            severity: d.severity,
            code,
            message: d.message,
            location: d.location,
            hint: d.hint,
        }
    }
}

impl Diagnostic {
    pub fn error(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location,
            hint: None,
        }
    }

    pub fn warning(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
            location,
            hint: None,
        }
    }

    /// Something the reader should know that is not a problem: an accepted privacy finding, an
    /// entry of the report of what was held back.
    pub fn note(code: &'static str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(code, location, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_optional_hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.location,
            self.severity.as_str(),
            self.code,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            for (i, line) in hint.lines().enumerate() {
                let lead = if i == 0 { "  = hint: " } else { "          " };
                write!(f, "\n{lead}{line}")?;
            }
        }
        Ok(())
    }
}

/// The diagnostics of one run, in a stable order once [`Diagnostics::sorted`] is called.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warning_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }

    /// Under `--strict` every warning is an error (a note stays a note).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }

    /// Sorted by file, line, column, then message, so output never depends on thread timing.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.location, a.severity, a.code, &a.message).cmp(&(
                &b.location,
                b.severity,
                b.code,
                &b.message,
            ))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Turns an absolute path into the portfolio-relative, `/`-separated form used in diagnostics.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative: PathBuf = path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf());
    let text = relative.to_string_lossy().replace('\\', "/");
    if text.is_empty() {
        ".".to_string()
    } else {
        text
    }
}

/// "did you mean `x`?" from the closest known name, if one is close enough to be a typo.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in known {
        let score = strsim::jaro_winkler(&unknown.to_lowercase(), &candidate.to_lowercase());
        if score > 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, name)| format!("did you mean `{name}`?"))
}

/// The list of known names for a hint, e.g. "expected one of: `a`, `b`, `c`".
pub fn one_of<'a>(known: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = known.into_iter().map(|n| format!("`{n}`")).collect();
    format!("expected one of: {}", names.join(", "))
}

/// Stable diagnostic codes. Each is explained, with its fix, in `docs/diagnostics.md`.
pub mod codes {
    // D01xx: reading files and YAML
    pub const UNREADABLE: &str = "D0101";
    pub const NOT_UTF8: &str = "D0102";
    pub const YAML_SYNTAX: &str = "D0103";
    pub const NO_FRONT_MATTER: &str = "D0104";
    pub const NO_CONFIG: &str = "D0105";
    pub const ALIAS_BUDGET: &str = "D0106";
    pub const CURLY_QUOTES: &str = "D0107";
    // D02xx: fields and values
    pub const MISSING_FIELD: &str = "D0201";
    pub const WRONG_TYPE: &str = "D0202";
    pub const BAD_DATE: &str = "D0203";
    pub const UNKNOWN_VALUE: &str = "D0204";
    pub const UNKNOWN_FIELD: &str = "D0205";
    pub const BAD_SLUG: &str = "D0206";
    pub const BAD_URL: &str = "D0207";
    pub const EMPTY_VALUE: &str = "D0208";
    pub const NOT_FINITE: &str = "D0209";
    // D03xx: rules across files
    pub const UNKNOWN_COMPETENCY: &str = "D0301";
    pub const DUPLICATE_SLUG: &str = "D0302";
    pub const MISSING_FILE: &str = "D0303";
    pub const OUTSIDE_PORTFOLIO: &str = "D0304";
    pub const NO_CONSENT: &str = "D0305";
    pub const HEADLINE_WITHOUT_SOURCE: &str = "D0306";
    pub const UNKNOWN_FRAMEWORK: &str = "D0307";
    pub const BROKEN_LINK: &str = "D0308";
    pub const UNKNOWN_ARTEFACT: &str = "D0309";
    pub const DUPLICATE_ID: &str = "D0310";
    pub const UNKNOWN_THEME: &str = "D0311";
    pub const DATE_ORDER: &str = "D0312";
    pub const BROKEN_ANCHOR: &str = "D0313";
    // D04xx: theme and output
    pub const TEMPLATE: &str = "D0401";
    pub const OUTPUT: &str = "D0402";
    pub const STATIC_CLASH: &str = "D0403";
    // D05xx: quality of the portfolio, as a reviewer would see it
    pub const MISSING_ALT: &str = "D0501";
    pub const COMPETENCY_GAP: &str = "D0502";
    pub const HEADLINE_WITHOUT_TARGET: &str = "D0503";
    pub const CASE_STUDY_WITHOUT_EVIDENCE: &str = "D0504";
    pub const OLD_TESTIMONIAL: &str = "D0505";
    pub const UNUSED_BY_APPLICATIONS: &str = "D0506";
    /// `check --external`: a web address that is gone, failing or unreachable.
    pub const EXTERNAL_LINK_BROKEN: &str = "D0507";
    // D051x-D052x: credible figures (issue 11)
    pub const METRIC_KIND_UNSTATED: &str = "D0510";
    pub const UNKNOWN_METRIC_ID: &str = "D0511";
    pub const DUPLICATE_METRIC_ID: &str = "D0512";
    pub const DECIMAL_COMMA: &str = "D0513";
    pub const PERCENT_OVER_100: &str = "D0514";
    pub const SMART_QUOTED_UNIT: &str = "D0515";
    pub const PERIOD_AND_DATES: &str = "D0516";
    pub const DRIVES_AN_OUTCOME: &str = "D0517";
    pub const MEASURE_UNITS_DIFFER: &str = "D0518";
    // D0530-D0559: the argument (story, plans, pathways)
    pub const CASE_STUDY_WITHOUT_STORY: &str = "D0530";
    pub const PLAN_FIELD_ELSEWHERE: &str = "D0531";
    pub const UNKNOWN_PATHWAY: &str = "D0532";
    pub const PATHWAY_COMPETENCY: &str = "D0533";
    pub const PLAN_CLOSES_UNKNOWN: &str = "D0534";
    // D0550-D0559: link previews and structured data (issue 12)
    pub const NO_ABSOLUTE_BASE_URL: &str = "D0550";
    pub const SOCIAL_CARD: &str = "D0551";
    // D03xx, found by `dossier check` in the built pages
    pub const BROKEN_OUTPUT_LINK: &str = "D0314";
    // D041x: files the build reads and writes
    pub const SPECIAL_FILE: &str = "D0410";
    pub const UNPUBLISHABLE_COPY: &str = "D0411";
    pub const OUTPUT_CLAIMED_TWICE: &str = "D0412";
    // Markdown and attachments a reader's browser must not run (issue 8)
    pub const HEADING_ATTRIBUTE: &str = "D0220";
    pub const TABLE_TOO_WIDE: &str = "D0221";
    pub const TOO_DEEP: &str = "D0222";
    pub const ACTIVE_ATTACHMENT: &str = "D0320";
    // Text in another language than the portfolio's (issue 12)
    pub const BAD_LANGUAGE_TAG: &str = "D0321";
    // D060x: the privacy guard (issue 10): names that must never be published
    pub const FORBIDDEN_NAME: &str = "D0601";
    pub const NAME_LIST: &str = "D0602";
    pub const UNUSED_ACCEPT: &str = "D0603";
    // D061x: the privacy detectors, warnings by default, each switchable in portfolio.yaml
    pub const EMAIL_ADDRESS: &str = "D0610";
    pub const PHONE_NUMBER: &str = "D0611";
    pub const PUPIL_UPN: &str = "D0612";
    pub const NI_NUMBER: &str = "D0613";
    pub const STUDENT_ID: &str = "D0614";
    pub const BIRTH_DATE: &str = "D0615";
    pub const PUPIL_NAME: &str = "D0616";
    pub const TESTIMONIAL_NAME: &str = "D0617";
    pub const SMALL_NUMBER: &str = "D0618";
    // D063x-D065x: what is published of files and applications, and the report of what was
    // held back (issue 10). D0630 and D064x name entries of that report, not diagnostics.
    pub const METADATA_REMOVED: &str = "D0630";
    pub const IMAGE_NOT_CLEANED: &str = "D0631";
    pub const IMAGE_OVER_BUDGET: &str = "D0632";
    pub const DOCUMENT_NAMES_AUTHOR: &str = "D0633";
    pub const WITHHELD_PRIVATE: &str = "D0640";
    pub const WITHHELD_DRAFT: &str = "D0641";
    pub const WITHHELD_TESTIMONIAL: &str = "D0642";
    pub const WITHHELD_FILE: &str = "D0643";
    pub const UNLISTED_APPLICATION: &str = "D0644";
    // D065x: blind builds (`--blind`, issue 12)
    pub const BLIND_WITHHELD_FILE: &str = "D0650";
    pub const BLIND_LISTED_NAME: &str = "D0651";
    // D07xx: the reviewer pack (`dossier verify`)
    pub const PACK_UNREADABLE: &str = "D0701";
    pub const PACK_FILE_CHANGED: &str = "D0702";
    pub const PACK_FILE_MISSING: &str = "D0703";
    pub const PACK_FILE_UNLISTED: &str = "D0704";
    pub const PACK_OTHER_VERSION: &str = "D0705";
    // D092x: what portfolios written by strangers showed (round two)
    pub const RAW_HTML_FILE: &str = "D0920";
    // D094x: notes brought from other tools (Obsidian, Notion, Hugo, Jekyll; round three)
    pub const WIKILINK: &str = "D0940";
    pub const TEMPLATE_TAG: &str = "D0941";
    pub const DATA_URI_IMAGE: &str = "D0942";
    pub const TOML_FRONT_MATTER: &str = "D0943";
    pub const UNSHOWN_IMAGE: &str = "D0944";
}
