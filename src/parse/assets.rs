//! Resolving what Markdown and front matter point at: other artefacts and files of the portfolio.
//! A file reference must exist and stay inside the portfolio folder.

use crate::diag::{codes, Diagnostic, Location};
use crate::markdown::is_external;
use crate::model::{Asset, LinkTarget};
use std::path::{Component, Path, PathBuf};

/// The portfolio folder, made absolute and canonical once so every check compares like with like.
#[derive(Debug, Clone)]
pub struct Root {
    pub path: PathBuf,
    canonical: PathBuf,
}

impl Root {
    pub fn new(path: &Path) -> Self {
        let path = normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        Root { path, canonical }
    }

    /// Checks a file reference written at `location`, relative to `dir`.
    pub fn asset(
        &self,
        dir: &Path,
        reference: &str,
        location: Location,
    ) -> Result<Asset, Diagnostic> {
        let decoded = percent_decode(reference);
        let lexical = normalise(&dir.join(&decoded));
        let source = lexical.canonicalize().map_err(|_| {
            Diagnostic::error(
                codes::MISSING_FILE,
                location.clone(),
                format!("`{reference}` does not exist"),
            )
            .with_hint(format!(
                "the path is read relative to the file it is written in: put the file at {}",
                lexical.display()
            ))
        })?;
        if !source.starts_with(&self.canonical) {
            return Err(Diagnostic::error(codes::OUTSIDE_PORTFOLIO, location, format!("`{reference}` points outside the portfolio folder"))
                .with_hint("copy the file into the portfolio folder (for example beside the artefact) and link to the copy"));
        }
        if !source.is_file() {
            return Err(Diagnostic::error(
                codes::MISSING_FILE,
                location,
                format!("`{reference}` is a folder, not a file"),
            ));
        }
        Ok(Asset {
            reference: reference.to_string(),
            source,
            location,
        })
    }

    /// What a Markdown link written in a file of `dir` points at.
    pub fn link_target(&self, dir: &Path, destination: &str) -> LinkTarget {
        if destination.is_empty()
            || destination.starts_with('#')
            || destination.starts_with('/')
            || is_external(destination)
        {
            return LinkTarget::AsWritten;
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (destination, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let file = normalise(&dir.join(percent_decode(path)));
        if file
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            LinkTarget::Artefact { file, fragment }
        } else {
            LinkTarget::Asset(file)
        }
    }
}

/// `a/b/../c` → `a/c` without touching the disk (the target may not exist).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `my%20report.pdf` → `my report.pdf`; invalid escapes and non-UTF-8 results stay as written.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_parent_segments() {
        assert_eq!(
            normalise(Path::new("/p/artefacts/2025/../2024/x.md")),
            PathBuf::from("/p/artefacts/2024/x.md")
        );
    }

    #[test]
    fn decodes_spaces() {
        assert_eq!(percent_decode("my%20report.pdf"), "my report.pdf");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
