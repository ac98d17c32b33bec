//! Writing the site: into a temporary folder beside the output, swapped in only when the whole
//! build succeeded, so a failed build leaves the previous site exactly as it was. The switch,
//! the lock and the clean-up of killed builds' leftovers are in [`swap`]. Every copied file
//! passes through [`metadata::publishable`], so no image leaves with its EXIF, XMP or comments.

mod listed;
pub mod metadata;
pub mod swap;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go: a folder on disk, or memory (for `check` and `serve`).
pub trait Output: Sync {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, path: &str, from: &Path) -> io::Result<()>;
    /// Writes the file at `path` with what `fill` writes into it, piece by piece. Here the
    /// pieces are gathered and written whole; a folder streams them to disk, so a big file
    /// (portfolio.json: 17 MB at 10,000 artefacts, twice that while it grew) is never whole
    /// in memory.
    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(path, &bytes)
    }
    /// The build cache's page reuse (`render::reuse`), when this output keeps pages.
    fn reuse(&self) -> Option<&dyn crate::render::reuse::Reuse> {
        None
    }
}

/// Marks a folder as dossier's output, so a build never replaces a folder it did not write.
/// It also lists every file the build wrote: whatever else is in the folder is the user's
/// (a `.git`, a `CNAME`) and is carried over into the next build's output.
pub const MARKER: &str = ".dossier-output";

/// A sibling temporary folder that becomes the output on [`Staging::commit`].
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    /// Every file written, for the marker: what a later build may replace.
    written: Mutex<BTreeSet<String>>,
    /// The folders made so far: each is made once, not checked again for every file in it
    /// (a cached rebuild writes 10,000 pages in 10,000 folders with little else to do).
    made: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Call with the build's [`swap::Lock`] held, so no other build works beside `target`.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = swap::parent(target);
        std::fs::create_dir_all(parent)?;
        let dir = tempfile::Builder::new()
            .prefix(&swap::staging_prefix(target))
            .tempdir_in(parent)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            written: Mutex::default(),
            made: Mutex::default(),
        })
    }

    /// Puts the finished folder in place of the old output in one step, carrying over the
    /// files dossier did not write; on any failure the old output stays and the staging
    /// folder is removed.
    pub fn commit(self) -> io::Result<swap::Swapped> {
        self.commit_with(swap::switch)
    }

    /// [`Staging::commit`] with the switch given, so tests can make it fail.
    pub fn commit_with(
        self,
        switch: impl FnOnce(&Path, &Path) -> io::Result<swap::Swapped>,
    ) -> io::Result<swap::Swapped> {
        let target = self.target.clone();
        let (staged, swapped) = self.switch_in(switch)?;
        swap::finish(&target, &staged, &swapped);
        Ok(swapped)
    }

    /// [`Staging::commit`], then `meanwhile` (given the new output in place) beside the
    /// removal of the old site: both are a file system call or more for each of thousands of
    /// files (a cached rebuild refreshes its copy of the output), so they share the cores.
    /// `meanwhile` runs only when the new site is in place.
    pub fn commit_beside<R: Send>(self, meanwhile: impl FnOnce() -> R + Send) -> io::Result<R> {
        let target = self.target.clone();
        let (staged, swapped) = self.switch_in(swap::switch)?;
        let ((), done) = rayon::join(|| swap::finish(&target, &staged, &swapped), meanwhile);
        Ok(done)
    }

    /// Writes the marker, carries the user's files over and switches the folder in; on any
    /// failure the old output stays and the staging folder is removed. Gives where the
    /// staging folder was, for [`swap::finish`].
    fn switch_in(
        self,
        switch: impl FnOnce(&Path, &Path) -> io::Result<swap::Swapped>,
    ) -> io::Result<(PathBuf, swap::Swapped)> {
        let written = self.written.into_inner().unwrap_or_else(|e| e.into_inner());
        std::fs::write(self.dir.path().join(MARKER), swap::marker_text(&written))?;
        let carried = swap::carry_over(&self.target, self.dir.path())?;
        // From here the folder must outlive this function only if it became the output.
        let staged = self.dir.keep();
        match switch(&staged, &self.target) {
            Ok(swapped) => Ok((staged, swapped)),
            Err(e) => {
                swap::carry_back(&staged, &self.target, &carried);
                let _ = std::fs::remove_dir_all(&staged);
                Err(e)
            }
        }
    }

    /// Puts the file `from` (an earlier build's, kept by the build cache) at `rel` without
    /// writing it: a hard link, so its inode and mtime stay; a copy where linking fails (another
    /// file system).
    pub fn link(&self, rel: &str, from: &Path) -> io::Result<()> {
        let to = self.path(rel)?;
        std::fs::hard_link(from, &to).or_else(|_| std::fs::copy(from, &to).map(|_| ()))
    }

    /// Where `rel` is in the staging folder (written or not).
    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn path(&self, rel: &str) -> io::Result<PathBuf> {
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string());
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            let made = || self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made().contains(parent) {
                std::fs::create_dir_all(parent)?;
                made().insert(parent.to_path_buf());
            }
        }
        Ok(path)
    }
}

impl Output for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.path(rel)?, bytes)
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut file = io::BufWriter::new(std::fs::File::create(self.path(rel)?)?);
        fill(&mut file)?;
        io::Write::flush(&mut file)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let to = self.path(rel)?;
        if metadata::may_be_image(from)? {
            std::fs::write(to, metadata::publishable(std::fs::read(from)?))
        } else {
            // Not an image: copied without holding it in memory (a video may be large).
            std::fs::copy(from, to).map(|_| ())
        }
    }
}

/// Why an output folder may not be replaced, if it may not.
pub fn refuse_reason(root: &Path, target: &Path) -> Option<String> {
    let target = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    let target = crate::paths::normalise(&target);
    if root.starts_with(&target) {
        return Some(format!(
            "the output folder {} contains the portfolio itself; choose another with -o",
            target.display()
        ));
    }
    let is_empty = std::fs::read_dir(&target)
        .map(|mut d| d.next().is_none())
        .unwrap_or(true);
    if target.is_dir() && !is_empty && !target.join(MARKER).is_file() {
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
        let bytes = metadata::publishable(std::fs::read(from)?);
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
