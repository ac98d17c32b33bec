//! Writing the site: into a temporary folder beside the output, swapped in only when the whole
//! build succeeded, so a failed build leaves the previous site exactly as it was.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: a folder on disk, or memory (for `check` and `serve`).
pub trait Output: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, path: &str, from: &Path) -> io::Result<()>;
}

/// Marks a folder as dossier's output, so a build never replaces a folder it did not write.
pub const MARKER: &str = ".dossier-output";

/// A sibling temporary folder that becomes the output on [`Staging::commit`].
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Staging {
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(parent)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    /// Swaps the finished folder in for the old output, then removes the old one.
    pub fn commit(self) -> io::Result<()> {
        std::fs::write(
            self.dir.path().join(MARKER),
            "This folder is written by dossier and replaced on every build.\n",
        )?;
        let staged = self.dir.keep();
        if self.target.exists() {
            let parent = staged.parent().unwrap_or(Path::new("."));
            let old = tempfile::Builder::new()
                .prefix(".dossier-old-")
                .tempdir_in(parent)?
                .keep();
            std::fs::remove_dir(&old)?;
            std::fs::rename(&self.target, &old)?;
            if let Err(e) = std::fs::rename(&staged, &self.target) {
                std::fs::rename(&old, &self.target)?;
                return Err(e);
            }
            std::fs::remove_dir_all(&old)?;
        } else {
            std::fs::rename(&staged, &self.target)?;
        }
        Ok(())
    }

    fn path(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(path)
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.path(rel)?, bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        std::fs::copy(from, self.path(rel)?).map(|_| ())
    }
}

/// Why an output folder may not be replaced, if it may not.
pub fn refuse_reason(root: &Path, target: &Path) -> Option<String> {
    let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    let target = crate::parse::assets::normalise(&target);
    if root.starts_with(&target) {
        return Some(format!(
            "the output folder {} contains the portfolio itself; choose another with -o",
            target.display()
        ));
    }
    let is_empty = std::fs::read_dir(&target)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    if target.is_dir() && !is_empty && !target.join(MARKER).exists() {
        return Some(format!(
            "{} already exists and was not written by dossier, so it will not be replaced; remove it or choose another folder with -o",
            target.display()
        ));
    }
    if target.exists() && !target.is_dir() {
        return Some(format!(
            "{} is a file, not a folder; choose another output with -o",
            target.display()
        ));
    }
    None
}

/// Files kept in memory: `check` renders without writing, `serve` serves from here.
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Output for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(rel, &bytes)
    }
}

/// Copies `files` (under `from`) to the same relative paths in the output.
pub fn copy_tree(out: &dyn Output, from: &Path, files: &[PathBuf]) -> io::Result<usize> {
    for file in files {
        let rel = file
            .strip_prefix(from)
            .unwrap_or(file)
            .to_string_lossy()
            .replace('\\', "/");
        out.copy(&rel, file)?;
    }
    Ok(files.len())
}
