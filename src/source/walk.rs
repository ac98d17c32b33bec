//! Finding the portfolio's files with walkdir: artefacts, frameworks, static files, template
//! overrides. Hidden files and editor leftovers are skipped; symlink loops are reported, not followed.

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
    let is_markdown = |p: &Path| p.extension().is_some_and(|e| e == "md" || e == "markdown");
    let is_yaml = |p: &Path| p.extension().is_some_and(|e| e == "yaml" || e == "yml");
    Tree {
        config: root.join("portfolio.yaml"),
        artefacts: files_under(root, output, &artefacts_dir, is_markdown, diags),
        frameworks: files_under(root, output, &root.join("frameworks"), is_yaml, diags),
        static_files: files_under(root, output, &root.join("static"), |_| true, diags),
        templates: files_under(root, output, &root.join("templates"), |_| true, diags),
    }
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
            Ok(_) => {}
            Err(e) => diags.push(walk_error(root, &e)),
        }
    }
    files
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
        Diagnostic::error(
            codes::UNREADABLE,
            Location::file(path),
            format!("cannot read this folder entry: {error}"),
        )
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
        ] {
            assert!(is_hidden_or_leftover(name), "{name}");
        }
        assert!(!is_hidden_or_leftover("notes.md"));
    }
}
