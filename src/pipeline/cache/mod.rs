//! `dossier build --cache DIR` (or `DOSSIER_CACHE`): a folder a CI keeps between runs
//! (`actions/cache`), so a build after a small edit parses only the artefact files that
//! changed and rewrites only the output files whose bytes changed.
//!
//! The folder holds `index.bin` ([`store`]: the [`fingerprint`] of everything but the
//! artefacts' Markdown, each artefact file's hash with what parsing it gave, each output
//! file's hash) and `site/`, hard links to the last output's files. A build with the cache:
//! artefacts unchanged since the index are taken from it ([`memo`]); validation, the site and
//! rendering run as in a cold build, so diagnostics and bytes are a cold build's; an output file
//! whose bytes the last build wrote is linked from `site/` instead of written ([`carry`]).
//! Any doubt (another dossier, other options or settings, a damaged index) means a cold build
//! that fills the cache again, with a note saying why; a cache that cannot be written is a
//! note too, never a failed build.

mod carry;
mod fingerprint;
mod memo;
mod store;

pub use carry::Carry;
pub use memo::{Memo, Parsed};

use crate::output::Staging;
use crate::pipeline::Options;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The kept copy of the last output, inside the cache folder.
const SITE: &str = "site";

/// One build's use of the cache folder.
pub struct Cache {
    dir: PathBuf,
    fingerprint: u128,
    previous: store::Index,
    memo: Arc<Memo>,
    /// Why the cache was not used (a cold build), or could not be refreshed.
    pub notes: Vec<String>,
}

/// What the cache did for one build, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct Reuse {
    /// Artefact files parsed afresh (the others came from the cache).
    pub parsed: usize,
    /// Output files linked from the last build instead of written.
    pub carried: usize,
    pub notes: Vec<String>,
}

impl Cache {
    /// Opens the cache in `dir` for a build of `opts` of the portfolio at `root` (absolute).
    pub fn open(dir: &Path, opts: &Options, root: &Path) -> Cache {
        let fingerprint = fingerprint::of(opts, root, dir);
        let mut notes = Vec::new();
        let mut previous = match store::load(dir) {
            Ok(index) if index.fingerprint == fingerprint => index,
            // Parses are not reused, but an output file with the same bytes still is.
            Ok(index) => store::Index {
                outputs: index.outputs,
                ..store::Index::default()
            },
            Err(why) if dir.join(store::INDEX).exists() => {
                notes.push(format!(
                    "the cache in {} was not used: {why}; a full build refills it",
                    dir.display()
                ));
                store::Index::default()
            }
            Err(_) => store::Index::default(),
        };
        let memo = Arc::new(Memo::new(std::mem::take(&mut previous.sources)));
        Cache {
            dir: dir.to_path_buf(),
            fingerprint,
            previous,
            memo,
            notes,
        }
    }

    /// What the session parses artefact files through.
    pub fn memo(&self) -> Arc<Memo> {
        self.memo.clone()
    }

    /// The output to render into: `staging`, carrying over what the last build wrote.
    pub fn output<'a>(&self, staging: &'a Staging) -> Carry<'a> {
        Carry::new(staging, self.dir.join(SITE), self.previous.outputs.clone())
    }

    /// After the new output is in place at `output`: keeps links to its files and the new
    /// index. `written` is what [`Carry::finish`] gave. Returns what the cache did.
    pub fn save(mut self, written: (usize, HashMap<String, u128>), output: &Path) -> Reuse {
        let (carried, hashes) = written;
        if let Err(e) = self.refill(hashes, output) {
            self.notes.push(format!(
                "the cache in {} could not be written: {e}",
                self.dir.display()
            ));
        }
        Reuse {
            parsed: self.memo.parsed(),
            carried,
            notes: self.notes,
        }
    }

    fn refill(&self, hashes: HashMap<String, u128>, output: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        // The index goes first: without a `site/` that matches it, no file is carried.
        let _ = std::fs::remove_file(self.dir.join(store::INDEX));
        let fresh = self.dir.join(format!("{SITE}.new"));
        let _ = std::fs::remove_dir_all(&fresh);
        let mut outputs = HashMap::with_capacity(hashes.len());
        for (rel, hash) in hashes {
            let (from, to) = (output.join(&rel), fresh.join(&rel));
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::hard_link(&from, &to).or_else(|_| std::fs::copy(&from, &to).map(|_| ()))?;
            if let Some((len, modified)) = store::stamp(&to) {
                outputs.insert(
                    rel,
                    store::Written {
                        hash,
                        len,
                        modified,
                    },
                );
            }
        }
        let site = self.dir.join(SITE);
        let _ = std::fs::remove_dir_all(&site);
        std::fs::rename(&fresh, &site)?;
        let index = store::Index {
            fingerprint: self.fingerprint,
            sources: self.memo.take(),
            outputs,
        };
        store::save(&self.dir, &index)
    }
}
