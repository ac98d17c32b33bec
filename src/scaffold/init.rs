//! `dossier init`: write the starter portfolio (`starter/portfolio/`, embedded) and the JSON
//! Schemas its YAML files name (`.dossier/schema/`, for editors) into a folder, adding only
//! the files that are missing and never replacing one that is there.

use super::error::{io_error, ScaffoldError};
use include_dir::{include_dir, Dir, DirEntry};
use std::borrow::Cow;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Without include_dir's nightly `tracked` feature, Cargo does not notice a file *added* to
/// `starter/portfolio/`; touch this file (or `cargo clean -p dossier`) after adding one.
static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter/portfolio");

/// What `init` did with each starter file; every list holds paths relative to the folder, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Initialised {
    /// Starter files that were missing and are now written.
    pub written: Vec<PathBuf>,
    /// Starter files that were already there, word for word: nothing to do.
    pub unchanged: Vec<PathBuf>,
    /// Files with a starter file's name but other contents (the user's own work): left as they are.
    pub kept: Vec<PathBuf>,
}

/// Writes the starter portfolio into `dir`, creating the folder if it is missing.
///
/// A folder that already holds files is refused unless `force` is true. Hidden entries (names
/// starting with `.`, such as `.git` from `git init` or `.DS_Store`) do not count: a freshly
/// created repository is a fine place for a portfolio. A hidden file the starter itself writes
/// (`.gitignore`) that is already there with other contents is the exception, since the user
/// may not expect a starter beside it.
///
/// Nothing is ever deleted or replaced, with or without `force`: a file that differs from what
/// dossier would write is someone's work. `force` only adds the starter files that are missing;
/// the result says which files were kept.
pub fn init(dir: &Path, force: bool) -> Result<Initialised, ScaffoldError> {
    let files = starter_files();
    match fs::metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(ScaffoldError::NotAFolder {
                path: dir.to_path_buf(),
            })
        }
        Ok(_) if !force => refuse_unless_only_hidden(dir, &files)?,
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_error("read the folder", dir)(e)),
    }

    let mut done = Initialised::default();
    for file in &files {
        let relative = file.path.clone();
        match write_if_missing(dir, file)? {
            Outcome::Written => done.written.push(relative),
            Outcome::Unchanged => done.unchanged.push(relative),
            Outcome::Kept => done.kept.push(relative),
        }
    }
    Ok(done)
}

/// One file `init` writes: its path relative to the portfolio, and what it holds.
struct File {
    path: PathBuf,
    contents: Cow<'static, [u8]>,
}

/// Every file of the starter, at any depth, and the schemas its `yaml-language-server` lines
/// name, sorted by path. The schemas are made by this binary, so they match what it reads.
fn starter_files() -> Vec<File> {
    fn collect(dir: &'static Dir<'static>, out: &mut Vec<File>) {
        for entry in dir.entries() {
            match entry {
                DirEntry::Dir(d) => collect(d, out),
                DirEntry::File(f) => out.push(File {
                    path: f.path().to_path_buf(),
                    contents: Cow::Borrowed(f.contents()),
                }),
            }
        }
    }
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files.extend(crate::schema::all().into_iter().map(|(name, text)| File {
        path: Path::new(crate::schema::DIR).join(name),
        contents: Cow::Owned(text.into_bytes()),
    }));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Without `--force`: only hidden entries may be there already, and none of them may be a
/// starter file with other contents.
fn refuse_unless_only_hidden(dir: &Path, files: &[File]) -> Result<(), ScaffoldError> {
    let entries = fs::read_dir(dir).map_err(io_error("read the folder", dir))?;
    for entry in entries {
        let entry = entry.map_err(io_error("read the folder", dir))?;
        if !entry.file_name().to_string_lossy().starts_with('.') {
            return Err(ScaffoldError::NotEmpty {
                dir: dir.to_path_buf(),
            });
        }
    }
    for file in files {
        let target = dir.join(&file.path);
        if fs::symlink_metadata(&target).is_ok() && !same_contents(&target, file) {
            return Err(ScaffoldError::HiddenFileExists { path: target });
        }
    }
    Ok(())
}

enum Outcome {
    Written,
    Unchanged,
    Kept,
}

/// Writes one starter file unless something is already at its path.
fn write_if_missing(dir: &Path, file: &File) -> Result<Outcome, ScaffoldError> {
    let target = dir.join(&file.path);
    if fs::symlink_metadata(&target).is_ok() {
        return Ok(if same_contents(&target, file) {
            Outcome::Unchanged
        } else {
            Outcome::Kept
        });
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(io_error("create the folder", parent))?;
    }
    // `create_new` makes "never replace" hold even if the file appeared since the check above.
    let mut out = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
    {
        Ok(out) => out,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => return Ok(Outcome::Kept),
        Err(e) => return Err(io_error("write", &target)(e)),
    };
    out.write_all(&file.contents)
        .map_err(io_error("write", &target))?;
    Ok(Outcome::Written)
}

/// Whether `path` holds exactly what the starter would write (a folder or an unreadable file
/// does not).
fn same_contents(path: &Path, file: &File) -> bool {
    fs::read(path).is_ok_and(|bytes| *bytes == *file.contents)
}
