//! The kept parses of artefact files ([`Source`]s), in `sources/NN.bin`: 64 files, each file's
//! entry in the one its path hashes to. They are most of the cache (about 6 KB an artefact,
//! 60 MB at 10,000): kept in one index, every build wrote them all again after any edit. A
//! build now rewrites only the shards whose entries changed (one, after one edit).
//!
//! Each shard is headed by the fingerprint of the build that wrote it and checksummed like the
//! index ([`store::write_checked`]); a shard that is missing, damaged or of another fingerprint
//! is left out, and the files in it are parsed afresh. An entry is used only when its file's
//! bytes hash as recorded, so an older shard can cost time but never give a wrong parse.

use super::memo::Now;
use super::store::{self, Source};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// The folder of the shards, in the cache folder.
const SOURCES: &str = "sources";
const SHARDS: usize = 64;

/// What one shard holds: the fingerprint it was written under, and its entries.
type Shard = (u128, HashMap<String, Source>);

/// What was loaded: every entry, and a digest of each shard's (path, file hash) pairs as
/// loaded (`None`: not loaded, so it is written whatever it holds now).
#[derive(Default)]
pub struct Loaded {
    pub sources: HashMap<String, Source>,
    pub digests: Vec<Option<u128>>,
}

fn shard_of(key: &str) -> usize {
    (xxh3_64(key.as_bytes()) % SHARDS as u64) as usize
}

fn file(dir: &Path, shard: usize) -> PathBuf {
    dir.join(SOURCES).join(format!("{shard:02}.bin"))
}

/// Reads every shard written under `fingerprint`, on every core.
pub fn load(dir: &Path, fingerprint: u128) -> Loaded {
    let shards: Vec<Option<HashMap<String, Source>>> = (0..SHARDS)
        .into_par_iter()
        .map(|i| {
            let body = store::read_checked(&file(dir, i)).ok()?;
            let (written, entries): Shard = postcard::from_bytes(&body).ok()?;
            (written == fingerprint).then_some(entries)
        })
        .collect();
    let mut loaded = Loaded {
        sources: HashMap::with_capacity(shards.iter().flatten().map(HashMap::len).sum()),
        digests: Vec::with_capacity(SHARDS),
    };
    for (i, shard) in shards.into_iter().enumerate() {
        loaded.digests.push(
            shard
                .as_ref()
                .map(|s| digest(s.iter().map(|(k, s)| (k, s.hash)))),
        );
        // An entry in the wrong shard (another layout) would never be rewritten: left out.
        let entries = shard.into_iter().flatten();
        loaded
            .sources
            .extend(entries.filter(|(key, _)| shard_of(key) == i));
    }
    loaded
}

/// Writes the shards whose entries differ from what was loaded (`before`), and removes those
/// left empty. An entry kept from the last build is taken from `previous`, and only for a
/// shard written again.
pub fn save(
    dir: &Path,
    fingerprint: u128,
    now: HashMap<String, Now>,
    previous: &HashMap<String, Source>,
    before: &[Option<u128>],
) -> std::io::Result<()> {
    let mut shards: Vec<Vec<(String, Now)>> = (0..SHARDS).map(|_| Vec::new()).collect();
    for (key, entry) in now {
        shards[shard_of(&key)].push((key, entry));
    }
    std::fs::create_dir_all(dir.join(SOURCES))?;
    shards
        .into_par_iter()
        .enumerate()
        .try_for_each(|(i, entries)| {
            let now = digest(entries.iter().map(|(k, e)| (k, e.hash())));
            let path = file(dir, i);
            if before.get(i).copied().flatten() == Some(now) && path.exists() {
                return Ok(());
            }
            if entries.is_empty() {
                return match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                    _ => Ok(()),
                };
            }
            // Encoded as the shard is read back: a map of path to `Source`.
            let entries: HashMap<&String, &Source> = entries
                .iter()
                .filter_map(|(key, entry)| match entry {
                    Now::Fresh(source) => Some((key, source)),
                    Now::Kept(_) => previous.get(key).map(|source| (key, source)),
                })
                .collect();
            let body =
                postcard::to_stdvec(&(fingerprint, entries)).map_err(std::io::Error::other)?;
            store::write_checked(&path, &body)
        })
}

/// A digest of a shard's (path, file hash) pairs, in path order: equal digests, equal entries
/// (a file's parse depends on its bytes and on what the fingerprint covers).
fn digest<'a>(entries: impl Iterator<Item = (&'a String, u128)>) -> u128 {
    let mut pairs: Vec<(&String, u128)> = entries.collect();
    pairs.sort_unstable();
    let mut hash = Xxh3::new();
    for (key, file_hash) in pairs {
        hash.update(&(key.len() as u64).to_le_bytes());
        hash.update(key.as_bytes());
        hash.update(&file_hash.to_le_bytes());
    }
    hash.digest128()
}
