//! `dossier build --cache DIR` (or `DOSSIER_CACHE`): a folder a CI keeps between runs
//! (`actions/cache`), so a build after a small edit parses only the artefact files that
//! changed, renders only the pages whose inputs changed and rewrites only the output files
//! whose bytes changed.
//!
//! The folder holds `index.bin` ([`store`]: the [`fingerprint`] of everything but the
//! artefacts' Markdown, what the privacy guard found in each artefact file, each output file's
//! hash, each page's inputs' hash and key and where its version is), `sources/` (each artefact
//! file's hash with what parsing it gave, in [`shards`] rewritten only where a file changed),
//! `site/`, hard links to the last output's files, and `program`, the running dossier's hash
//! beside its stamp (see [`fingerprint`]). A build with the cache:
//! artefacts unchanged since the index are taken from it ([`memo`]), with their privacy
//! findings; the rest of validation and the site run as in a cold build, so diagnostics are a
//! cold build's; a page whose template inputs hash
//! as last time is not rendered but linked from `site/`, or copied with the new version patched
//! in (`render::reuse`), and any other output file whose bytes the last build wrote is linked
//! instead of written ([`carry`]). `site/` is refreshed only where the output changed.
//! Any doubt (another dossier, other options or settings, a damaged index) means a cold build
//! that fills the cache again, with a note saying why; a cache that cannot be written is a
//! note too, never a failed build.

mod carry;
mod fingerprint;
mod memo;
mod shards;
mod store;

pub use carry::{Carry, Made};
pub use memo::{Memo, Parsed};

use crate::output::Staging;
use crate::pipeline::Options;
use rayon::prelude::*;
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
    /// What each shard of kept parses held when loaded ([`shards`]).
    digests: Vec<Option<u128>>,
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
    /// Pages rendered, and pages kept from the last build with only the version patched in.
    pub rendered: usize,
    pub patched: usize,
    /// Of the pages kept, those known unchanged before their views were built.
    pub early: usize,
    pub notes: Vec<String>,
}

impl Reuse {
    /// The summary line a cached build prints.
    pub fn summary(&self) -> String {
        format!(
            "Cache: {} artefact file(s) parsed, {} page(s) rendered, {} page(s) with only the \
             version patched, {} output file(s) unchanged and kept; {} page(s) known unchanged \
             before their views were built.",
            self.parsed, self.rendered, self.patched, self.carried, self.early
        )
    }
}

impl Cache {
    /// Opens the cache in `dir` for a build of `opts` of the portfolio at `root` (absolute).
    pub fn open(dir: &Path, opts: &Options, root: &Path) -> Cache {
        let fingerprint = fingerprint::of(opts, root, dir);
        let mut notes = Vec::new();
        let mut previous = match store::load(dir) {
            Ok(index) if index.fingerprint == fingerprint => index,
            // Parses and pages are not reused, but an output file with the same bytes still is.
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
        // Kept parses only under an index of this build's world (whose fingerprint they carry).
        let loaded = match previous.fingerprint == fingerprint {
            true => shards::load(dir, fingerprint),
            false => shards::Loaded::default(),
        };
        let memo = Arc::new(Memo::new(
            loaded.sources,
            std::mem::take(&mut previous.privacy),
        ));
        Cache {
            dir: dir.to_path_buf(),
            fingerprint,
            previous,
            digests: loaded.digests,
            memo,
            notes,
        }
    }

    /// What the session parses artefact files through.
    pub fn memo(&self) -> Arc<Memo> {
        self.memo.clone()
    }

    /// The output to render into: `staging`, carrying over what the last build wrote.
    pub fn output<'a>(&mut self, staging: &'a Staging) -> Carry<'a> {
        let previous = carry::Previous {
            outputs: self.previous.outputs.clone(),
            pages: std::mem::take(&mut self.previous.pages),
            version: std::mem::take(&mut self.previous.version),
        };
        Carry::new(staging, self.dir.join(SITE), previous)
    }

    /// After the new output is in place at `output`: brings the cache's copy of it and the
    /// index up to date. `made` is what [`Carry::finish`] gave. Returns what the cache did.
    pub fn save(mut self, made: Made, output: &Path) -> Reuse {
        let counts = (made.carried, made.rendered, made.patched, made.early);
        if let Err(e) = self.refill(made, output) {
            self.notes.push(format!(
                "the cache in {} could not be written: {e}",
                self.dir.display()
            ));
        }
        Reuse {
            parsed: self.memo.parsed(),
            carried: counts.0,
            rendered: counts.1,
            patched: counts.2,
            early: counts.3,
            notes: self.notes,
        }
    }

    /// Links into `site/` every output file that is not already there (a file carried over is
    /// the same file), removes what the output no longer has, and writes the index.
    fn refill(&self, made: Made, output: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        // The index goes first: without an index that matches `site/`, no file is carried.
        let _ = std::fs::remove_file(self.dir.join(store::INDEX));
        let site = self.dir.join(SITE);
        if self.previous.outputs.is_empty() {
            // Nothing in it is known: whatever a lost index left there goes.
            let _ = std::fs::remove_dir_all(&site);
        }
        for rel in self.previous.outputs.keys() {
            if !made.hashes.contains_key(rel) {
                let _ = std::fs::remove_file(site.join(rel));
            }
        }
        let mut outputs = HashMap::with_capacity(made.hashes.len());
        let mut fresh = Vec::new();
        for (rel, hash) in made.hashes {
            match made.kept.get(&rel).filter(|k| k.hash == hash) {
                Some(kept) => drop(outputs.insert(rel, kept.clone())),
                None => fresh.push((rel, hash)),
            }
        }
        // After a public edit that is every page (each shows the new version): on every core.
        let linked: Vec<std::io::Result<Option<(String, store::Written)>>> = fresh
            .into_par_iter()
            .map(|(rel, hash)| {
                let written = keep(&output.join(&rel), &site.join(&rel), hash)?;
                Ok(written.map(|w| (rel, w)))
            })
            .collect();
        for entry in linked {
            outputs.extend(entry?);
        }
        let (now, previous) = (self.memo.take(), self.memo.previous());
        shards::save(&self.dir, self.fingerprint, now, previous, &self.digests)?;
        let index = store::Index {
            fingerprint: self.fingerprint,
            outputs,
            version: made.version,
            pages: made.pages,
            privacy: self.memo.take_privacy(),
        };
        store::save(&self.dir, &index)
    }
}

/// Makes `to` a hard link to (or a copy of) the output file `from`, replacing what it was.
/// After a public edit this runs for every page, whose folder the cache already has: its
/// folder is made only when linking finds none (three system calls a file, not five).
fn keep(from: &Path, to: &Path, hash: u128) -> std::io::Result<Option<store::Written>> {
    let _ = std::fs::remove_file(to);
    let linked = match std::fs::hard_link(from, to) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::hard_link(from, to)
        }
        linked => linked,
    };
    linked.or_else(|_| std::fs::copy(from, to).map(|_| ()))?;
    Ok(store::stamp(to).map(|(len, modified)| store::Written {
        hash,
        len,
        modified,
    }))
}
