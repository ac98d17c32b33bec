//! The output of a cached build: every file is still rendered and hashed, but one whose bytes
//! the previous build already wrote is hard-linked from the cache's `site/` folder into the
//! staging folder instead of written, so it keeps its inode and mtime. The staging folder
//! still replaces the output whole (a failed build leaves the old site as it was). Keys are
//! exact (the hash of the bytes published, or of a copied file's source), so this holds even
//! when settings or the theme changed and nothing was parsed from the cache.

use super::store::{stamp, Written};
use crate::output::{Output, Staging};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use xxhash_rust::xxh3::{xxh3_128, xxh3_128_with_seed};

/// The seed of copied files' keys, so one never equals a written page's.
const COPIED: u64 = 0xc0b1;

pub struct Carry<'a> {
    staging: &'a Staging,
    /// The cache's copy of the previous output (hard links to its files).
    kept: PathBuf,
    previous: HashMap<String, Written>,
    /// Output file -> the hash it was written with, for the next index.
    hashes: Mutex<HashMap<String, u128>>,
    carried: AtomicUsize,
}

impl<'a> Carry<'a> {
    pub fn new(staging: &'a Staging, kept: PathBuf, previous: HashMap<String, Written>) -> Self {
        Carry {
            staging,
            kept,
            previous,
            hashes: Mutex::default(),
            carried: AtomicUsize::new(0),
        }
    }

    /// Links the kept file for `rel` if it held `hash` and is as the cache left it.
    fn carried_over(&self, rel: &str, hash: u128) -> io::Result<bool> {
        let Some(before) = self.previous.get(rel).filter(|w| w.hash == hash) else {
            return Ok(false);
        };
        let kept = self.kept.join(rel);
        if stamp(&kept) != Some((before.len, before.modified)) {
            return Ok(false);
        }
        self.staging.link(rel, &kept)?;
        self.carried.fetch_add(1, Ordering::Relaxed);
        Ok(true)
    }

    fn record(&self, rel: &str, hash: u128) {
        self.hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), hash);
    }

    /// How many files were linked rather than written, and every file's hash.
    pub fn finish(self) -> (usize, HashMap<String, u128>) {
        let carried = self.carried.load(Ordering::Relaxed);
        let hashes = self.hashes.into_inner().unwrap_or_else(|e| e.into_inner());
        (carried, hashes)
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
}
