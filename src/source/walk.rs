//! Finding the portfolio's files with walkdir: artefacts, frameworks, static files, template
//! overrides. Hidden files and editor leftovers are skipped; symlink loops are reported, not followed;
//! special files (named pipes, sockets, devices) are named and skipped with a warning, never read.
//! A file of `static/` is published as it is, so one that resolves outside the portfolio or onto
//! the portfolio's own source files is refused here, before anything can copy it.

use crate::diag::{codes, display_path, Diagnostic, Diagnostics, Location};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The files of a portfolio folder, each list sorted so builds never depend on directory order.
#[derive(Debug, Default, Clone)]
pub struct Tree {
    pub config: PathBuf,
    pub artefacts: Vec<PathBuf>,
    pub frameworks: Vec<PathBuf>,
    pub static_files: Vec<PathBuf>,
    pub templates: Vec<PathBuf>,
}

/// `output` is left out of the walk, so a site built inside `static/` is never copied into itself.
pub fn walk(root: &Path, output: &Path, diags: &mut Diagnostics) -> Tree {
    let artefacts_dir = root.join("artefacts");
    if !artefacts_dir.is_dir() {
        diags.push(
            Diagnostic::error(codes::UNREADABLE, Location::file("artefacts"), "the `artefacts/` folder is missing")
                .with_hint("create a folder named `artefacts` beside portfolio.yaml and put your Markdown files in it"),
        );
    }
    let is_yaml = |p: &Path| p.extension().is_some_and(|e| e == "yaml" || e == "yml");
    let static_files = files_under(root, output, &root.join("static"), |_| true, diags);
    Tree {
        config: root.join("portfolio.yaml"),
        artefacts: files_under(
            root,
            output,
            &artefacts_dir,
            crate::paths::is_markdown,
            diags,
        ),
        frameworks: files_under(root, output, &root.join("frameworks"), is_yaml, diags),
        static_files: publishable_static_files(root, static_files, diags),
        templates: files_under(root, output, &root.join("templates"), |_| true, diags),
    }
}

/// Why the portfolio folder itself cannot be walked (it is missing, a file, a named pipe…), or
/// why its portfolio.yaml cannot be read as a file; `None` when both are what they should be.
/// Checked first, so the educator reads what the path really is, not "no portfolio.yaml".
pub fn root_problem(root: &Path) -> Option<Diagnostic> {
    let shown = root.display();
    let kind = match std::fs::metadata(root) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(
                Diagnostic::error(
                    codes::UNREADABLE,
                    Location::file("."),
                    format!("the portfolio folder {shown} does not exist"),
                )
                .with_hint("check the path, or create a portfolio there with `dossier init`"),
            )
        }
        Err(e) => {
            return Some(Diagnostic::error(
                codes::UNREADABLE,
                Location::file("."),
                format!("cannot read the portfolio folder {shown}: {e}"),
            ))
        }
        Ok(meta) => meta.file_type(),
    };
    if !kind.is_dir() {
        return Some(
            Diagnostic::error(
                codes::UNREADABLE,
                Location::file("."),
                format!("{shown} is {}, not a portfolio folder", describe(kind)),
            )
            .with_hint(
                "pass the folder that holds portfolio.yaml: dossier build path/to/portfolio",
            ),
        );
    }
    let config = root.join("portfolio.yaml");
    match std::fs::metadata(&config) {
        Ok(meta) if !meta.is_file() => Some(
            Diagnostic::error(
                codes::NO_CONFIG,
                Location::file("portfolio.yaml"),
                format!(
                    "portfolio.yaml is {}, not a file",
                    describe(meta.file_type())
                ),
            )
            .with_hint("replace it with a text file of settings (`dossier init` writes one)"),
        ),
        _ => None,
    }
}

/// What a file system entry is, in words, for a message ("a named pipe (FIFO)").
pub fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_char_device() {
            return "a character device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else if kind.is_file() {
        "a file"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else {
        "a special file"
    }
}

/// The files of `static/` that may be published as they are. A symbolic link (of the file or
/// of a folder on its way) that resolves outside the portfolio, or onto a source file of the
/// portfolio (an artefact's Markdown, portfolio.yaml, a framework or template), would publish
/// what the educator never meant to: it is an error at the file, and the file is dropped.
/// (Which files are private or draft material is known only once parsed: `site` checks that.)
fn publishable_static_files(
    root: &Path,
    files: Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let Ok(canonical_root) = root.canonicalize() else {
        return files;
    };
    files
        .into_iter()
        .filter(|file| match refused_static(&canonical_root, file) {
            None => true,
            Some(why) => {
                diags.push(
                    Diagnostic::error(
                        codes::UNPUBLISHABLE_COPY,
                        Location::file(display_path(root, file)),
                        format!("this file of `static/` leads to {why}, which dossier never publishes"),
                    )
                    .with_hint("remove the symbolic link; to publish a file, put a copy of it (not a link) in `static/`"),
                );
                false
            }
        })
        .collect()
}

/// Where a static file really is, if that makes it unpublishable.
fn refused_static(canonical_root: &Path, file: &Path) -> Option<String> {
    let Ok(real) = file.canonicalize() else {
        return None; // vanished since the walk: the copy will report it
    };
    let Ok(inside) = real.strip_prefix(canonical_root) else {
        return Some(format!("{}, outside the portfolio folder", real.display()));
    };
    let first = inside
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string());
    let source = match first.as_deref() {
        Some("static") => None,
        Some("artefacts") if crate::paths::is_markdown(&real) => {
            Some("an artefact's Markdown source")
        }
        Some("portfolio.yaml") => Some("portfolio.yaml"),
        Some("frameworks") => Some("a framework file"),
        Some("templates") => Some("a template"),
        _ => None,
    };
    source.map(|what| format!("`{}` ({what})", inside.to_string_lossy().replace('\\', "/")))
}

/// Every regular file under `dir` that `wanted` accepts; a missing `dir` is simply empty.
fn files_under(
    root: &Path,
    output: &Path,
    dir: &Path,
    wanted: impl Fn(&Path) -> bool,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || (!is_hidden_or_leftover(&e.file_name().to_string_lossy()) && e.path() != output)
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && wanted(entry.path()) => {
                files.push(entry.into_path())
            }
            Ok(entry) if is_special(entry.file_type()) => {
                diags.push(special_file(root, entry.path(), entry.file_type()))
            }
            Ok(_) => {}
            Err(e) => diags.push(walk_error(root, &e)),
        }
    }
    files
}

/// Neither a file nor a folder once links are followed: reading a named pipe would wait forever.
fn is_special(kind: std::fs::FileType) -> bool {
    !kind.is_file() && !kind.is_dir() && !kind.is_symlink()
}

fn special_file(root: &Path, path: &Path, kind: std::fs::FileType) -> Diagnostic {
    Diagnostic::warning(
        codes::SPECIAL_FILE,
        Location::file(display_path(root, path)),
        format!(
            "this is {}, not a file dossier can read; skipped",
            describe(kind)
        ),
    )
    .with_hint("move it out of the portfolio folder, or replace it with an ordinary file")
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map(|p| display_path(root, p))
        .unwrap_or_else(|| ".".into());
    if error.loop_ancestor().is_some() {
        Diagnostic::warning(
            codes::UNREADABLE,
            Location::file(path),
            "this symbolic link loops back to a folder that contains it; skipped",
        )
        .with_hint("remove the link, or point it at a folder outside the portfolio")
    } else {
        let (message, hint) = explain_walk_error(error);
        Diagnostic::error(codes::UNREADABLE, Location::file(path), message).with_hint(hint)
    }
}

/// What went wrong with a folder entry, in words, and what to do: walkdir's own text names the
/// absolute path and the system's terse reason ("Too many levels of symbolic links").
fn explain_walk_error(error: &walkdir::Error) -> (String, &'static str) {
    let link = error
        .path()
        .and_then(|p| std::fs::symlink_metadata(p).ok())
        .is_some_and(|m| m.file_type().is_symlink());
    let kind = error.io_error().map(std::io::Error::kind);
    match kind {
        Some(std::io::ErrorKind::NotFound) if link => (
            "this symbolic link points at a file or folder that does not exist".into(),
            "remove the link, or point it at a file that exists",
        ),
        Some(std::io::ErrorKind::PermissionDenied) => (
            "cannot read this folder entry: you do not have permission to read it".into(),
            "give yourself read permission (e.g. `chmod u+r` on it), or move it out of the portfolio",
        ),
        // ELOOP has no stable `ErrorKind` yet: a link that cannot be followed for another
        // reason than a missing target or a permission is a chain of links that loops.
        _ if link => (
            "this symbolic link leads round in a loop (through other links back to itself)".into(),
            "remove the link, or point it at a real file or folder",
        ),
        _ => (
            format!(
                "cannot read this folder entry: {}",
                error
                    .io_error()
                    .map_or_else(|| error.to_string(), ToString::to_string)
            ),
            "check the file exists and that you have permission to read it",
        ),
    }
}

fn is_hidden_or_leftover(name: &str) -> bool {
    name.starts_with('.') || is_editor_leftover(name)
}

/// Backup, swap and lock files that editors leave beside the file being edited.
pub fn is_editor_leftover(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swo", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
        || name == "4913" // vim's probe file for write permission
        // Word's and Excel's owner file beside an open document (`~$report.docx`), and the
        // thumbnail and folder-view files Windows writes into a folder of photos.
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_editor_leftovers() {
        for name in [
            "notes.md~",
            ".#notes.md",
            "#notes.md#",
            ".notes.md.swp",
            "4913",
            "x.md.tmp",
            "~$report.docx",
            "~$notes.md",
            "Thumbs.db",
            "desktop.ini",
        ] {
            assert!(is_hidden_or_leftover(name), "{name}");
        }
        assert!(!is_hidden_or_leftover("notes.md"));
    }
}
