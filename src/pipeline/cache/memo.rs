//! Parsing artefact files through the cache: a file whose bytes hash as last time gives back
//! what parsing it gave then (artefact and diagnostics), any other file is parsed afresh.
//! Either way the result is kept for the next build's index.

use super::store::Source;
use crate::diag::Diagnostic;
use crate::model::{Artefact, Unparsed};
use crate::parse::{self, Root};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// What parsing one artefact file gives (as the session keeps it).
pub type Parsed = (Result<Artefact, Unparsed>, Vec<Diagnostic>);

/// The previous build's parses, and this build's, for the session to read artefacts through.
#[derive(Default)]
pub struct Memo {
    previous: HashMap<String, Source>,
    now: Mutex<HashMap<String, Source>>,
    parsed: AtomicUsize,
}

impl Memo {
    pub fn new(previous: HashMap<String, Source>) -> Memo {
        Memo {
            previous,
            ..Memo::default()
        }
    }

    /// The artefact file at `path`, from the cache when its bytes are unchanged.
    pub fn artefact(&self, root: &Root, path: &Path) -> Parsed {
        let key = path.to_string_lossy().to_string();
        let Ok(bytes) = std::fs::read(path) else {
            // Unreadable: parsing says so, and nothing is kept.
            return parse::artefact_file(root, path);
        };
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        if let Some(kept) = self.previous.get(&key).filter(|s| s.hash == hash) {
            if let Ok(parsed) = postcard::from_bytes::<Parsed>(&kept.parsed) {
                self.keep(key, kept.clone());
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
            self.keep(key, source);
        }
        parsed
    }

    fn keep(&self, key: String, source: Source) {
        self.now
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, source);
    }

    /// How many files were parsed rather than taken from the cache.
    pub fn parsed(&self) -> usize {
        self.parsed.load(Ordering::Relaxed)
    }

    /// This build's parses, for the next index.
    pub fn take(&self) -> HashMap<String, Source> {
        std::mem::take(&mut *self.now.lock().unwrap_or_else(|e| e.into_inner()))
    }
}
