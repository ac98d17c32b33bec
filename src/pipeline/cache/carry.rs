//! The output of a cached build. A page whose inputs hash as last time is not rendered at all
//! (`render::reuse`): the kept file is hard-linked from the cache's `site/` folder into the
//! staging folder, or, when only the portfolio's version changed, copied with the new version
//! written at the place recorded. Any other file is rendered and hashed, and one whose bytes
//! the previous build already wrote is linked instead of written, so it keeps its inode and
//! mtime. The staging folder still replaces the output whole (a failed build leaves the old
//! site as it was). Keys are exact (the hash of a page's inputs, of the bytes published, or of
//! a copied file's source), so this holds even when settings or the theme changed.

use super::store::{stamp, Rendered, Written};
use crate::output::{Output, Staging};
use crate::render::reuse::Reuse;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use xxhash_rust::xxh3::{xxh3_128, xxh3_128_with_seed};

/// The seed of copied files' keys, so one never equals a written page's.
const COPIED: u64 = 0xc0b1;

/// What the last build left, for this one to take from.
pub struct Previous {
    pub outputs: HashMap<String, Written>,
    pub pages: HashMap<String, Rendered>,
    pub version: String,
}

/// What this build did, for the next index and the summary line.
#[derive(Default)]
pub struct Made {
    /// Output file -> the hash it was written with.
    pub hashes: HashMap<String, u128>,
    /// The files linked from the cache's copy, as the last index recorded them: the copy
    /// need not be refreshed.
    pub kept: HashMap<String, Written>,
    pub pages: HashMap<String, Rendered>,
    /// Files linked from the last build rather than written.
    pub carried: usize,
    /// The version the pages show.
    pub version: String,
    /// Pages rendered, and pages kept with only the version patched in.
    pub rendered: usize,
    pub patched: usize,
    /// Pages kept on a key matched before their views were built (`render::page_keys`).
    pub early: usize,
}

pub struct Carry<'a> {
    staging: &'a Staging,
    /// The cache's copy of the previous output (hard links to its files).
    kept: PathBuf,
    previous: Previous,
    made: Mutex<Made>,
    carried: AtomicUsize,
    rendered: AtomicUsize,
    patched: AtomicUsize,
    early: AtomicUsize,
}

impl<'a> Carry<'a> {
    pub fn new(staging: &'a Staging, kept: PathBuf, previous: Previous) -> Self {
        Carry {
            staging,
            kept,
            previous,
            made: Mutex::default(),
            carried: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
            patched: AtomicUsize::new(0),
            early: AtomicUsize::new(0),
        }
    }

    /// The kept file for `rel`, if the last build wrote it and it is as the cache left it.
    fn kept_file(&self, rel: &str) -> Option<(PathBuf, &Written)> {
        let before = self.previous.outputs.get(rel)?;
        let kept = self.kept.join(rel);
        (stamp(&kept) == Some((before.len, before.modified))).then_some((kept, before))
    }

    /// Links the kept file for `rel` if it held `hash`.
    fn carried_over(&self, rel: &str, hash: u128) -> io::Result<bool> {
        let Some((kept, before)) = self.kept_file(rel).filter(|(_, w)| w.hash == hash) else {
            return Ok(false);
        };
        self.link(rel, &kept, before)?;
        Ok(true)
    }

    /// Links `kept` into the staging folder, and notes that the cache's copy still holds it.
    fn link(&self, rel: &str, kept: &Path, before: &Written) -> io::Result<()> {
        self.staging.link(rel, kept)?;
        self.carried.fetch_add(1, Ordering::Relaxed);
        self.made().kept.insert(rel.to_string(), before.clone());
        Ok(())
    }

    /// Writes the kept page at `kept` into the staging folder with `version` written over the
    /// last build's; returns the hash of the bytes written, or `None` when the old version is
    /// not where the record says (nothing is written then).
    fn patch(
        &self,
        rel: &str,
        kept: &Path,
        before: &Written,
        from_end: u64,
        version: &str,
    ) -> io::Result<Option<u128>> {
        let Some(bytes) = self.patched(kept, before, from_end, version) else {
            return Ok(None);
        };
        self.staging.write(rel, &bytes)?;
        Ok(Some(xxh3_128(&bytes)))
    }

    /// The kept page at `kept` with `version` written over the last build's, or `None` when
    /// it is not where the record says or the kept file is not as the cache left it.
    fn patched(
        &self,
        kept: &Path,
        before: &Written,
        from_end: u64,
        version: &str,
    ) -> Option<Vec<u8>> {
        let old = self.previous.version.as_bytes();
        if old.len() != version.len() || old.is_empty() {
            return None;
        }
        let mut bytes = read_verified(kept, before)?;
        let at = bytes.len().checked_sub(usize::try_from(from_end).ok()?)?;
        let place = bytes.get_mut(at..at + old.len())?;
        if place != old {
            return None;
        }
        place.copy_from_slice(version.as_bytes());
        Some(bytes)
    }

    fn record(&self, rel: &str, hash: u128) {
        self.made().hashes.insert(rel.to_string(), hash);
    }

    fn made(&self) -> std::sync::MutexGuard<'_, Made> {
        self.made.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// What this build did: every file's hash and every page's record, and the counts.
    pub fn finish(self) -> Made {
        let mut made = self.made.into_inner().unwrap_or_else(|e| e.into_inner());
        made.carried = self.carried.load(Ordering::Relaxed);
        made.rendered = self.rendered.load(Ordering::Relaxed);
        made.patched = self.patched.load(Ordering::Relaxed);
        made.early = self.early.load(Ordering::Relaxed);
        made
    }
}

impl Output for Carry<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = xxh3_128(bytes);
        if !self.carried_over(rel, hash)? {
            self.staging.write(rel, bytes)?;
        }
        self.record(rel, hash);
        Ok(())
    }

    /// A copied file is keyed by its source's bytes (what it publishes depends on them alone),
    /// seeded apart from written pages' keys.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let hash = xxh3_128_with_seed(&std::fs::read(from)?, COPIED);
        if !self.carried_over(rel, hash)? {
            self.staging.copy(rel, from)?;
        }
        self.record(rel, hash);
        Ok(())
    }

    fn reuse(&self) -> Option<&dyn Reuse> {
        Some(self)
    }
}

impl Reuse for Carry<'_> {
    fn known(&self, file: &str, key: u128) -> Option<u128> {
        let page = self.previous.pages.get(file)?;
        (page.key == Some(key)).then_some(page.inputs)
    }

    fn kept(&self, rel: &str, inputs: u128, key: Option<u128>, version: &str) -> io::Result<bool> {
        let Some(&page) = self.previous.pages.get(rel).filter(|p| p.inputs == inputs) else {
            return Ok(false);
        };
        let hash = if version == self.previous.version {
            let Some((kept, before)) = self.kept_file(rel) else {
                return Ok(false);
            };
            self.link(rel, &kept, before)?;
            before.hash
        } else {
            let (Some(from_end), Some(before)) =
                (page.version_from_end, self.previous.outputs.get(rel))
            else {
                return Ok(false);
            };
            let kept = self.kept.join(rel);
            let Some(hash) = self.patch(rel, &kept, before, from_end, version)? else {
                return Ok(false);
            };
            self.patched.fetch_add(1, Ordering::Relaxed);
            hash
        };
        if key.is_some() && key == page.key {
            self.early.fetch_add(1, Ordering::Relaxed);
        }
        let page = Rendered { key, ..page };
        let mut made = self.made();
        made.hashes.insert(rel.to_string(), hash);
        made.pages.insert(rel.to_string(), page);
        made.version = version.to_string();
        Ok(true)
    }

    fn rendered(
        &self,
        rel: &str,
        inputs: u128,
        key: Option<u128>,
        version: &str,
        version_from_end: Option<u64>,
    ) {
        self.rendered.fetch_add(1, Ordering::Relaxed);
        let page = Rendered {
            inputs,
            key,
            version_from_end,
        };
        let mut made = self.made();
        made.pages.insert(rel.to_string(), page);
        made.version = version.to_string();
    }
}

/// The bytes of the kept file `kept` if they are the ones the cache recorded (`before`'s size
/// and hash): one open and one read, where checking the path's size and modification time
/// and then reading it took six system calls. The hash is a stronger check than the stamp,
/// and costs far less than a system call (XXH3 of a 16 KB page).
fn read_verified(kept: &Path, before: &Written) -> Option<Vec<u8>> {
    use std::io::Read;
    let len = usize::try_from(before.len).ok()?;
    let mut file = std::fs::File::open(kept).ok()?;
    // One byte more than recorded: a file that grew reads longer and is refused. One read
    // of a regular file gives all it holds up to the size asked; a short read for any other
    // reason is refused too, and the page is rendered instead (never wrong, only slower).
    let mut bytes = vec![0; len + 1];
    let read = file.read(&mut bytes).ok()?;
    (read == len && xxh3_128(&bytes[..len]) == before.hash).then(|| {
        bytes.truncate(len);
        bytes
    })
}
