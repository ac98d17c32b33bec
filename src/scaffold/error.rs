//! Why `init` or `new` wrote nothing: one variant per reason, each worded for a teacher.

use crate::model::Kind;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why `init` or `new` did not write anything. Each message says what is wrong and what to do,
/// in words a teacher can act on; the command line prints it after "error: ".
#[derive(Debug)]
pub enum ScaffoldError {
    /// `init` was pointed at a file rather than a folder.
    NotAFolder { path: PathBuf },
    /// `init` found files (other than hidden ones) in the folder, and `force` was not given.
    NotEmpty { dir: PathBuf },
    /// A hidden file the starter writes (such as `.gitignore`) is already there with other
    /// contents, and `force` was not given.
    HiddenFileExists { path: PathBuf },
    /// `new` was pointed at a folder that does not exist (or at a file).
    NoSuchFolder { path: PathBuf },
    /// `new` was run outside a portfolio folder.
    NotAPortfolio { root: PathBuf },
    /// `new` was given a kind that is not one of the seven.
    UnknownKind {
        kind: String,
        /// "did you mean `case-study`?", when the kind looks like a typo.
        suggestion: Option<String>,
    },
    /// `new` was given an empty title.
    EmptyTitle,
    /// The title has no letters or digits, so it gives no file name.
    EmptySlug { title: String },
    /// The artefact's file already exists: `new` never overwrites.
    AlreadyExists { path: PathBuf },
    /// Another artefact already has the slug the new one would get.
    SlugTaken { slug: String, existing: PathBuf },
    /// The folder asked for is not inside `artefacts/`, so the build would not read the file.
    NotInArtefacts { folder: PathBuf },
    /// The date passed as "today" does not exist.
    BadDate { year: i32, month: u32, day: u32 },
    /// Reading or writing the disk failed.
    Io {
        /// What was being done, e.g. "create the folder".
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScaffoldError::NotAFolder { path } => write!(
                f,
                "{} is a file, not a folder; choose a new folder name for your portfolio, such as my-portfolio",
                path.display()
            ),
            ScaffoldError::NotEmpty { dir } => write!(
                f,
                "the folder {} is not empty; use --force to add the starter files it is missing \
                 (your own files are kept as they are: nothing is replaced or deleted), \
                 or choose a new folder name",
                dir.display()
            ),
            ScaffoldError::HiddenFileExists { path } => write!(
                f,
                "{} already exists and differs from the starter's; use --force to add the other \
                 starter files and keep this one as it is, or choose a new folder name",
                path.display()
            ),
            ScaffoldError::NoSuchFolder { path } => write!(
                f,
                "there is no folder {}; give the path of your portfolio folder (the one that holds \
                 portfolio.yaml), or run the command inside it",
                path.display()
            ),
            ScaffoldError::NotAPortfolio { root } => write!(
                f,
                "there is no portfolio.yaml in {} or in any folder above it; run this in your \
                 portfolio folder (the one that holds portfolio.yaml), or start a new portfolio \
                 with `dossier init`",
                root.display()
            ),
            ScaffoldError::UnknownKind { kind, suggestion } => {
                write!(f, "`{kind}` is not a kind of artefact")?;
                if let Some(suggestion) = suggestion {
                    write!(f, "; {suggestion}")?;
                }
                let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.id()).collect();
                write!(f, " The kinds are: {}.", kinds.join(", "))
            }
            ScaffoldError::EmptyTitle => write!(
                f,
                "the title is empty; give the new artefact a title, such as \"Year 7 reading programme\""
            ),
            ScaffoldError::EmptySlug { title } => write!(
                f,
                "the title \"{title}\" has no letters or digits, so it cannot be turned into a file \
                 name; use a title with at least one word in it"
            ),
            ScaffoldError::AlreadyExists { path } => write!(
                f,
                "{} already exists, and dossier never overwrites your work; open that file to carry \
                 on writing it, or choose a different title",
                path.display()
            ),
            ScaffoldError::SlugTaken { slug, existing } => write!(
                f,
                "there is already an artefact called `{slug}` ({}); every artefact needs its own \
                 name, so choose a different title",
                existing.display()
            ),
            ScaffoldError::NotInArtefacts { folder } => write!(
                f,
                "{} is not inside the artefacts folder, so dossier would not find the new artefact; \
                 choose a folder inside artefacts, such as artefacts/projects",
                folder.display()
            ),
            ScaffoldError::BadDate { year, month, day } => write!(
                f,
                "{year:04}-{month:02}-{day:02} is not a date that exists; check your computer's date"
            ),
            ScaffoldError::Io {
                action,
                path,
                source,
            } => write!(f, "could not {action} {}: {source}", path.display()),
        }
    }
}

impl std::error::Error for ScaffoldError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScaffoldError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// For `map_err`: a disk error while doing `action` to `path`.
pub(super) fn io_error(
    action: &'static str,
    path: &Path,
) -> impl FnOnce(io::Error) -> ScaffoldError {
    let path = path.to_path_buf();
    move |source| ScaffoldError::Io {
        action,
        path,
        source,
    }
}
