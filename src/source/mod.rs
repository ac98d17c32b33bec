//! Disk to text: find the portfolio's files, read them as UTF-8, split front matter from body.
//! Knows no YAML; every unreadable file becomes a diagnostic, never a silent skip.

mod front_matter;
mod utf16;
mod walk;

pub use front_matter::{split, FrontMatter};
pub use walk::{describe, is_editor_leftover, root_problem, walk, Tree};

use crate::diag::{codes, display_path, Diagnostic, Location};
use std::path::{Path, PathBuf};

/// A text file of the portfolio.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Portfolio-relative, `/`-separated: what diagnostics print.
    pub path: String,
    pub absolute: PathBuf,
    pub text: String,
}

/// The bytes of `path`, for the version and the build cache, which read every artefact file of
/// every build: one open, one `fstat` and one read of the size it gave, where
/// `fs::read` reads once more to find the end (10,000 calls at 10,000 artefacts). A file that
/// says it is empty is read to its end, as some special files say so whatever they hold.
pub fn read_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let size = usize::try_from(file.metadata()?.len()).map_err(std::io::Error::other)?;
    let mut bytes = vec![0; size];
    match size {
        0 => file.read_to_end(&mut bytes)?,
        _ => file.read_exact(&mut bytes).map(|()| size)?,
    };
    Ok(bytes)
}

/// Reads a file as UTF-8; a bad byte is reported at its own line and column.
pub fn read(root: &Path, absolute: &Path) -> Result<SourceFile, Diagnostic> {
    let path = display_path(root, absolute);
    let bytes = std::fs::read(absolute).map_err(|e| {
        Diagnostic::error(
            codes::UNREADABLE,
            Location::file(&path),
            format!("cannot read this file: {e}"),
        )
        .with_hint("check the file exists and that you have permission to read it")
    })?;
    if let Some(utf16) = utf16::diagnostic(&path, &bytes) {
        return Err(utf16);
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(SourceFile {
                path,
                absolute: absolute.to_path_buf(),
                text,
            })
        }
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            Err(Diagnostic::error(
                codes::NOT_UTF8,
                Location::new(&path, line, column),
                "this file is not UTF-8 text",
            )
            .with_hint(
                "save the file as UTF-8 (in most editors: File > Save As > Encoding: UTF-8)",
            ))
        }
    }
}
