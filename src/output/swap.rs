//! Switching the finished site in, and what a killed build leaves behind.
//!
//! - One build at a time per output: an advisory lock ([`Lock`], fd-lock: `flock` on Unix,
//!   `LockFileEx` on Windows) on a file beside the output, held for the whole build, so the
//!   leftovers of killed builds can be removed ([`clean_leftovers`]) without touching the
//!   staging folder of a build running right now.
//! - The switch is one step on Linux: `renameat2(RENAME_EXCHANGE)` trades the new folder and the
//!   old one, so there is never a moment without a site. Elsewhere, and on file systems that
//!   refuse the exchange, it is two renames; a crash between them leaves the old site under a
//!   `.NAME.old-*` name, which the next build puts back before anything else.
//! - The marker lists every file the build wrote; anything else in the output (a `.git`, a
//!   `CNAME`) is the user's and is moved, not copied, into the new output ([`carry_over`]).
//!   Moved files are listed in a journal inside the staging folder first, so a build killed in
//!   between gives them back at the next build.

use super::MARKER;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// Inside a staging folder: the user's files moved into it, one per line.
const JOURNAL: &str = ".dossier-carried";

/// How the new site took the place of the old one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Swapped {
    /// There was no output yet: one rename.
    Fresh,
    /// One atomic exchange (Linux); the old site is now at the staging path.
    Exchanged,
    /// Two renames; the old site is at this path until it is removed.
    Renamed(PathBuf),
}

/// The folder the output sits in (where staging folders and the lock file go).
pub fn parent(target: &Path) -> &Path {
    target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name(target: &Path) -> String {
    target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into())
}

pub fn staging_prefix(target: &Path) -> String {
    format!(".{}.building-", name(target))
}

fn old_prefix(target: &Path) -> String {
    format!(".{}.old-", name(target))
}

/// Earlier versions named the swapped-out site so, whatever the output's name.
const LEGACY_OLD_PREFIX: &str = ".dossier-old-";

/// The advisory lock a build holds on `.NAME.lock` beside its output. The file is removed
/// when the build ends (while still locked), so a finished build leaves nothing beside the
/// output; a build that locked a file just removed sees it is no longer at the path, and stops.
pub struct Lock {
    file: fd_lock::RwLock<File>,
    path: PathBuf,
}

/// The lock, held: dropping it removes the lock file, then unlocks.
pub struct Held<'a> {
    guard: fd_lock::RwLockWriteGuard<'a, File>,
    path: &'a Path,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if is_at(&self.guard, self.path) {
            let _ = std::fs::remove_file(self.path);
        }
    }
}

impl Lock {
    pub fn open(target: &Path) -> io::Result<Lock> {
        let parent = parent(target);
        std::fs::create_dir_all(parent)?;
        let path = parent.join(format!(".{}.lock", name(target)));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        Ok(Lock {
            file: fd_lock::RwLock::new(file),
            path,
        })
    }

    /// Held until dropped; refused at once if another build holds it.
    pub fn hold(&mut self) -> io::Result<Held<'_>> {
        let busy = || {
            io::Error::other(
                "another dossier build is writing this output right now; wait for it to finish",
            )
        };
        let guard = self.file.try_write().map_err(|e| {
            if e.kind() == io::ErrorKind::WouldBlock {
                busy()
            } else {
                e
            }
        })?;
        if !is_at(&guard, &self.path) {
            return Err(busy()); // the build we waited on removed it; a new one may hold its own
        }
        Ok(Held {
            guard,
            path: &self.path,
        })
    }
}

/// True when the open `file` is still the one at `path` (Unix: same device and inode).
fn is_at(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        // Windows does not remove a file another process holds open, so the path cannot
        // have been given to a second lock while this one is held.
        let _ = file;
        path.exists()
    }
}

/// Removes what killed builds left beside `target` (staging folders, swapped-out sites),
/// giving back the user's files a staging folder holds and the old site if the output is
/// missing. Call with the [`Lock`] held. Returns how many leftovers were removed.
pub fn clean_leftovers(target: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(parent(target)) else {
        return 0;
    };
    let (staging, old) = (staging_prefix(target), old_prefix(target));
    let mut names: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| (e.file_name().to_string_lossy().to_string(), e.path()))
        .collect();
    names.sort();
    let mut removed = 0;
    for (name, path) in names {
        if name.starts_with(&staging) {
            carry_back(&path, target, &journal(&path));
        } else if name.starts_with(&old)
            || (name.starts_with(LEGACY_OLD_PREFIX) && path.join(MARKER).is_file())
        {
            if !target.exists() && std::fs::rename(&path, target).is_ok() {
                continue; // the site a crash took away between the two renames, back in place
            }
        } else {
            continue;
        }
        if std::fs::remove_dir_all(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The new site takes `target`'s place: exchanged in one step where the system can.
pub fn switch(staged: &Path, target: &Path) -> io::Result<Swapped> {
    if !target.exists() {
        std::fs::rename(staged, target)?;
        return Ok(Swapped::Fresh);
    }
    #[cfg(target_os = "linux")]
    match exchange(staged, target) {
        Ok(()) => return Ok(Swapped::Exchanged),
        Err(e) if !exchange_unsupported(&e) => return Err(e),
        Err(_) => {} // this file system cannot: two renames
    }
    two_renames(staged, target)
}

#[cfg(target_os = "linux")]
fn exchange(staged: &Path, target: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// The errors of a kernel or file system without RENAME_EXCHANGE (as opposed to real failures).
#[cfg(target_os = "linux")]
fn exchange_unsupported(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(code) if code == rustix::io::Errno::INVAL.raw_os_error()
            || code == rustix::io::Errno::NOSYS.raw_os_error()
            || code == rustix::io::Errno::OPNOTSUPP.raw_os_error()
    )
}

/// Old site aside under a name [`clean_leftovers`] knows, new site in; the old one back on failure.
pub fn two_renames(staged: &Path, target: &Path) -> io::Result<Swapped> {
    let old = tempfile::Builder::new()
        .prefix(&old_prefix(target))
        .tempdir_in(parent(target))?
        .keep();
    std::fs::remove_dir(&old)?;
    std::fs::rename(target, &old)?;
    if let Err(e) = std::fs::rename(staged, target) {
        std::fs::rename(&old, target)?;
        return Err(e);
    }
    Ok(Swapped::Renamed(old))
}

/// After a successful switch: the journal and the old site go. Failing to remove them is no
/// failure of the build; the next build removes them.
pub fn finish(target: &Path, staged: &Path, swapped: &Swapped) {
    let _ = std::fs::remove_file(target.join(JOURNAL));
    let old = match swapped {
        Swapped::Fresh => return,
        Swapped::Exchanged => staged,
        Swapped::Renamed(old) => old.as_path(),
    };
    let _ = std::fs::remove_dir_all(old);
}

/// The marker: what it is, and every file this build wrote (JSON, so any file name fits).
pub fn marker_text(written: &BTreeSet<String>) -> String {
    let marker = serde_json::json!({
        "about": "This folder is written by dossier and replaced on every build. Files not listed under `written` are yours: each build carries them over.",
        "written": written.iter().map(|rel| super::listed::listed(rel)).collect::<BTreeSet<_>>(),
    });
    serde_json::to_string_pretty(&marker).unwrap_or_default() + "\n"
}

/// The files the build that wrote `target` listed; `None` for a marker of an earlier version
/// (which wrote every file of the folder) or no marker.
fn written_by_dossier(target: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(target.join(MARKER)).ok()?;
    let marker: serde_json::Value = serde_json::from_str(&text).ok()?;
    marker["written"].as_array().map(|files| {
        files
            .iter()
            .filter_map(|f| f.as_str().map(super::listed::listed))
            .collect()
    })
}

/// Moves the user's files and folders from the old output into `staged` (journal first).
/// A user's file at the path of a file this build writes is refused: one of them would be lost.
pub fn carry_over(target: &Path, staged: &Path) -> io::Result<Vec<String>> {
    let Some(written) = written_by_dossier(target) else {
        return Ok(Vec::new());
    };
    let mut entries = Vec::new();
    users_entries(target, "", &written, &mut entries)?;
    if let Some(clash) = entries.iter().find(|e| staged.join(e).exists()) {
        return Err(io::Error::other(format!(
            "{} was not written by dossier, and this build writes a file at that path; \
             to publish your own version put it in `static/` (and rename the page's source), \
             otherwise move it out of the output folder",
            target.join(clash).display()
        )));
    }
    if entries.is_empty() {
        return Ok(entries);
    }
    std::fs::write(staged.join(JOURNAL), entries.join("\n") + "\n")?;
    for (done, entry) in entries.iter().enumerate() {
        let to = staged.join(entry);
        let moved = to
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::rename(target.join(entry), &to));
        if let Err(e) = moved {
            carry_back(staged, target, &entries[..done]);
            return Err(e);
        }
    }
    Ok(entries)
}

/// The entries under `dir` (relative to the output, as `prefix`) that dossier did not write:
/// a folder holding none of dossier's files is taken whole (a `.git` moves in one rename).
/// Folders are read on every core (an artefact page is a folder: 10,000 of them), in name order.
fn users_entries(
    root: &Path,
    prefix: &str,
    written: &BTreeSet<String>,
    into: &mut Vec<String>,
) -> io::Result<()> {
    let mut names: Vec<(String, bool)> = std::fs::read_dir(root.join(prefix))?
        .flatten()
        .map(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            (e.file_name().to_string_lossy().to_string(), is_dir)
        })
        .collect();
    names.sort();
    let found: Vec<io::Result<Vec<String>>> = names
        .into_par_iter()
        .map(|(name, is_dir)| {
            let mut found = Vec::new();
            let rel = format!("{prefix}{name}");
            if rel == MARKER || rel == JOURNAL || written.contains(&super::listed::listed(&rel)) {
                return Ok(found);
            }
            let folder = format!("{rel}/");
            let listed_folder = super::listed::listed(&folder);
            if is_dir
                && written
                    .range(listed_folder.clone()..)
                    .next()
                    .is_some_and(|w| w.starts_with(&listed_folder))
            {
                users_entries(root, &folder, written, &mut found)?;
            } else {
                found.push(rel);
            }
            Ok(found)
        })
        .collect();
    for entries in found {
        into.extend(entries?);
    }
    Ok(())
}

/// The journal of a staging folder: the user's files it holds.
fn journal(staged: &Path) -> Vec<String> {
    std::fs::read_to_string(staged.join(JOURNAL))
        .map(|text| {
            text.lines()
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// Moves `entries` from `staged` back into `target` where `target` does not have them.
pub fn carry_back(staged: &Path, target: &Path, entries: &[String]) {
    if !target.is_dir() {
        return;
    }
    for entry in entries {
        let (from, to) = (staged.join(entry), target.join(entry));
        if from.exists() && !to.exists() {
            if let Some(parent) = to.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::rename(from, to);
        }
    }
}
