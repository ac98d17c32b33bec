//! Parsing artefact files through the cache: a file whose bytes hash as last time gives back
//! what parsing it gave then (artefact and diagnostics), any other file is parsed afresh.
//! Either way the result is kept for the next build's index.
//!
//! The privacy guard's per-file findings (`privacy::Scanned`) are kept the same way: a file's
//! findings depend on its bytes and on the lists and settings, which are in the cache's
//! fingerprint, so the last build's findings hold for every artefact file not parsed afresh.

use super::store::Source;
use crate::diag::Diagnostic;
use crate::model::{Artefact, Unparsed};
use crate::parse::{self, Root};
use crate::privacy::Scanned;
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What parsing one artefact file gives (as the session keeps it).
pub type Parsed = (Result<Artefact, Unparsed>, Vec<Diagnostic>);

/// This build's entry for one artefact file.
pub enum Now {
    /// The last build's, still right: only its hash is noted (the entry stays in `previous`,
    /// not copied: 6 KB an artefact).
    Kept(u128),
    /// Parsed afresh.
    Fresh(Source),
}

impl Now {
    pub fn hash(&self) -> u128 {
        match self {
            Now::Kept(hash) => *hash,
            Now::Fresh(source) => source.hash,
        }
    }
}

/// The previous build's parses, and this build's, for the session to read artefacts through.
#[derive(Default)]
pub struct Memo {
    previous: HashMap<String, Source>,
    now: Mutex<HashMap<String, Now>>,
    parsed: AtomicUsize,
    /// The privacy guard's findings: the last build's, then this build's.
    privacy: Mutex<Scanned>,
}

impl Memo {
    pub fn new(previous: HashMap<String, Source>, privacy: Scanned) -> Memo {
        Memo {
            previous,
            privacy: Mutex::new(privacy),
            ..Memo::default()
        }
    }

    /// The last build's privacy findings still true, once every artefact file has been read:
    /// those of files that changed, appeared or went are forgotten.
    pub fn privacy(&self, root: &Path) -> Scanned {
        let mut scanned = std::mem::take(&mut *lock(&self.privacy));
        let now = lock(&self.now);
        let same = |key: &String| {
            let kept = now.get(key).map(Now::hash);
            kept.is_some() && kept == self.previous.get(key).map(|s| s.hash)
        };
        for key in self.previous.keys().chain(now.keys()) {
            if !same(key) {
                scanned.forget(&crate::diag::display_path(root, Path::new(key)));
            }
        }
        scanned
    }

    /// This build's privacy findings, for the next index.
    pub fn keep_privacy(&self, scanned: &Scanned) {
        *lock(&self.privacy) = scanned.clone();
    }

    pub fn take_privacy(&self) -> Scanned {
        std::mem::take(&mut *lock(&self.privacy))
    }

    /// The artefact file at `path`, from the cache when its bytes are unchanged.
    pub fn artefact(&self, root: &Root, path: &Path) -> Parsed {
        let key = path.to_string_lossy().to_string();
        // One read call a file (`source::read_bytes`): this runs for every artefact file.
        let Ok(bytes) = crate::source::read_bytes(path) else {
            // Unreadable: parsing says so, and nothing is kept.
            return parse::artefact_file(root, path);
        };
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        if let Some(kept) = self.previous.get(&key).filter(|s| s.hash == hash) {
            if let Ok(parsed) = postcard::from_bytes::<Parsed>(&kept.parsed) {
                self.keep(key, Now::Kept(hash));
                return parsed;
            }
        }
        self.parsed.fetch_add(1, Ordering::Relaxed);
        let parsed = parse::artefact_file(root, path);
        if let Ok(encoded) = postcard::to_stdvec(&parsed) {
            let source = Source {
                hash,
                parsed: encoded,
            };
            self.keep(key, Now::Fresh(source));
        }
        parsed
    }

    fn keep(&self, key: String, now: Now) {
        lock(&self.now).insert(key, now);
    }

    /// How many files were parsed rather than taken from the cache.
    pub fn parsed(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }

    /// This build's parses, for the next index: those kept are in [`Memo::previous`].
    pub fn take(&self) -> HashMap<String, Now> {
        std::mem::take(&mut *lock(&self.now))
    }

    /// The last build's parses.
    pub fn previous(&self) -> &HashMap<String, Source> {
        &self.previous
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
