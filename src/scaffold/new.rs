//! `dossier new`: one artefact of a kind, its front matter filled in, written where the build
//! will find it. Never overwrites, and refuses a slug another artefact already has.

use super::error::{io_error, ScaffoldError};
use super::{framework, kinds};
use crate::markdown::slugify;
use crate::model::Kind;
use crate::parse::Root;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// Writes a new artefact of `kind` titled `title` into the portfolio at `start` or the nearest
/// folder above it that holds portfolio.yaml, and returns the path of the new file (the
/// portfolio folder joined with `artefacts/<YYYY>/<slug>.md`, or with `<folder>/<slug>.md`
/// when `folder` is given; `folder` is relative to the portfolio folder and must lie inside
/// `artefacts/`, where the build looks for artefacts).
///
/// `today` is `(year, month, day)`: it becomes the artefact's `date` and, by default, the name of
/// its year folder. The file's front matter is valid as written and builds without warnings; the
/// optional fields that suit the kind are there too, commented out, each also valid once its
/// `# ` is removed. An existing file is never overwritten, and a title whose slug another
/// artefact already uses is refused, since the build would reject the duplicate.
pub fn new_artefact(
    start: &Path,
    kind: &str,
    title: &str,
    folder: Option<&Path>,
    today: (i32, u32, u32),
) -> Result<PathBuf, ScaffoldError> {
    let root = find_portfolio(start)?;
    let kind = parse_kind(kind)?;
    let title = clean_title(title);
    if title.is_empty() {
        return Err(ScaffoldError::EmptyTitle);
    }
    let slug = slugify(&title);
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug { title });
    }
    let (year, month, day) = today;
    if chrono::NaiveDate::from_ymd_opt(year, month, day).is_none() {
        return Err(ScaffoldError::BadDate { year, month, day });
    }

    let folder = match folder {
        None => PathBuf::from("artefacts").join(format!("{year:04}")),
        Some(folder) => artefact_folder(&root, folder)?,
    };
    let file = root.join(&folder).join(format!("{slug}.md"));
    if file.exists() {
        return Err(ScaffoldError::AlreadyExists { path: file });
    }
    let portfolio = Root::new(&root);
    let tree = framework::tree(&portfolio);
    if let Some(existing) = artefact_with_slug(&tree.artefacts, &slug) {
        return Err(ScaffoldError::SlugTaken { slug, existing });
    }

    let competencies = framework::competencies(&portfolio, &tree);
    let text = kinds::artefact_text(kind, &title, today, competencies.as_ref());
    write_new(&root.join(&folder), &file, &text)?;
    Ok(file)
}

/// The portfolio folder: `start` itself when it holds portfolio.yaml (kept as written, so the
/// paths `new` prints stay as short as the user typed them), else the nearest folder above it
/// that does, as the full path.
pub fn find_portfolio(start: &Path) -> Result<PathBuf, ScaffoldError> {
    if !start.is_dir() {
        return Err(ScaffoldError::NoSuchFolder {
            path: start.to_path_buf(),
        });
    }
    if start.join("portfolio.yaml").is_file() {
        return Ok(start.to_path_buf());
    }
    // `Root` makes the path absolute and resolves `..` lexically, so the walk up is the one the
    // user sees in their shell, not one through a symbolic link's target.
    let absolute = Root::new(start).path;
    absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join("portfolio.yaml").is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| ScaffoldError::NotAPortfolio {
            root: start.to_path_buf(),
        })
}

/// Creates `file` (in `parent`, created if missing) with `text`, failing if it exists.
fn write_new(parent: &Path, file: &Path, text: &str) -> Result<(), ScaffoldError> {
    fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
    // `create_new` makes "never overwrite" hold even if the file appeared since it was checked.
    let mut out = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .map_err(|source| {
            if source.kind() == io::ErrorKind::AlreadyExists {
                ScaffoldError::AlreadyExists {
                    path: file.to_path_buf(),
                }
            } else {
                io_error("create", file)(source)
            }
        })?;
    out.write_all(text.as_bytes())
        .map_err(io_error("write", file))
}

/// The kind, accepting what a person might type: `case study`, `Case-Study`, `case_study`.
fn parse_kind(kind: &str) -> Result<Kind, ScaffoldError> {
    let normalised = slugify(kind);
    Kind::from_id(&normalised).ok_or_else(|| ScaffoldError::UnknownKind {
        kind: kind.trim().to_string(),
        suggestion: crate::diag::did_you_mean(
            if normalised.is_empty() {
                kind
            } else {
                &normalised
            },
            Kind::ALL.iter().map(|k| k.id()),
        ),
    })
}

/// The title on one line: control characters and line separators would break the YAML line it
/// is written on, so they become spaces.
fn clean_title(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `path` (relative to `root`, or absolute inside it) as a lexically normalised folder relative
/// to `root`, which must be `artefacts` or inside it: anywhere else the build would not read it.
fn artefact_folder(root: &Path, path: &Path) -> Result<PathBuf, ScaffoldError> {
    let refused = || ScaffoldError::NotInArtefacts {
        folder: path.to_path_buf(),
    };
    let relative = if path.is_absolute() {
        let canonical_root = root.canonicalize().ok();
        path.strip_prefix(root)
            .ok()
            .or_else(|| {
                canonical_root
                    .as_deref()
                    .and_then(|r| path.strip_prefix(r).ok())
            })
            .ok_or_else(refused)?
            .to_path_buf()
    } else {
        path.to_path_buf()
    };
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in relative.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop().ok_or_else(refused)?;
            }
            Component::Normal(part) => parts.push(part),
            Component::RootDir | Component::Prefix(_) => return Err(refused()),
        }
    }
    // Hidden folders are skipped by the build, like the root's other folders.
    if parts.first().map(|p| p.to_str()) != Some(Some("artefacts"))
        || parts.iter().any(|p| p.to_string_lossy().starts_with('.'))
    {
        return Err(refused());
    }
    Ok(parts.iter().collect())
}

/// An artefact file (of those the build reads) whose default slug, its file name made
/// web-safe, is `slug`. Explicit `slug:` fields are not read: this catches the common case
/// cheaply, and the build reports the rest.
fn artefact_with_slug(artefacts: &[PathBuf], slug: &str) -> Option<PathBuf> {
    artefacts
        .iter()
        .find(|path| {
            path.file_stem()
                .is_some_and(|stem| slugify(&stem.to_string_lossy()) == slug)
        })
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_titles_onto_one_line() {
        assert_eq!(clean_title("  a\nb\t c\u{2028}d "), "a b c d");
    }

    #[test]
    fn reads_kinds_as_people_type_them() {
        assert_eq!(parse_kind("Case study").unwrap(), Kind::CaseStudy);
        assert_eq!(parse_kind("case_study").unwrap(), Kind::CaseStudy);
        assert!(parse_kind("casestudy")
            .unwrap_err()
            .to_string()
            .contains("did you mean `case-study`?"));
    }

    #[test]
    fn keeps_new_folders_inside_artefacts() {
        let root = Path::new("/p");
        assert_eq!(
            artefact_folder(root, Path::new("artefacts/./x/../y")).unwrap(),
            PathBuf::from("artefacts/y")
        );
        assert_eq!(
            artefact_folder(root, Path::new("/p/artefacts/z")).unwrap(),
            PathBuf::from("artefacts/z")
        );
        for bad in [
            "2025",
            "artefacts/../static",
            "../artefacts",
            "artefacts/.hidden",
            "/q/artefacts",
        ] {
            assert!(artefact_folder(root, Path::new(bad)).is_err(), "{bad}");
        }
    }
}
