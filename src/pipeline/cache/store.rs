//! The cache's index file (and, through [`read_checked`] and [`write_checked`], its shards of
//! kept parses, see [`super::shards`]): postcard-encoded, headed by a magic line and ended by an
//! XXH3-128 checksum of everything before it, so a truncated or corrupted file is refused
//! rather than decoded into something plausible. Written beside itself and renamed into
//! place, so a build killed mid-write leaves the previous index whole.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

const MAGIC: &[u8] = b"dossier build cache\n";
pub const INDEX: &str = "index.bin";

/// Everything the next build needs from this one.
#[derive(Serialize, Deserialize, Default)]
pub struct Index {
    /// See [`super::fingerprint`]: a different one means a cold build.
    pub fingerprint: u128,
    /// Output file (site-relative) -> what it held, and how the cache's link to it looked.
    pub outputs: HashMap<String, Written>,
    /// The short version the pages show (see `render::reuse`).
    pub version: String,
    /// Page (site-relative output file) -> how it was rendered.
    pub pages: HashMap<String, Rendered>,
    /// The privacy guard's findings per published file (see [`super::memo`]).
    pub privacy: crate::privacy::Scanned,
}

/// One page of the last build: the hash of everything its template read, the key of its
/// inputs known before its views were built (`render::page_keys`; `None` for a page kind
/// without one), and where the version sits in it, counted from its end (`None`: the page
/// cannot be patched).
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
pub struct Rendered {
    pub inputs: u128,
    pub key: Option<u128>,
    pub version_from_end: Option<u64>,
}

/// One artefact file as last parsed (kept in [`super::shards`]): postcard bytes of (artefact or unparsed, diagnostics).
#[derive(Serialize, Deserialize, Clone)]
pub struct Source {
    pub hash: u128,
    /// As bytes, not a sequence of numbers: decoded in one copy rather than one call a byte
    /// (60 MB at 10,000 artefacts, every cached build).
    #[serde(with = "serde_bytes")]
    pub parsed: Vec<u8>,
}

/// One output file of the last build, kept in the cache's `site/` folder.
#[derive(Serialize, Deserialize, Clone, PartialEq, Debug)]
pub struct Written {
    /// XXH3-128 of a page's bytes, or of a copied file's source path (its bytes are in the
    /// fingerprint).
    pub hash: u128,
    /// Size and modification time of the kept file: a file changed in place since is not used.
    pub len: u64,
    pub modified: Option<(u64, u32)>,
}

/// Reads the index in `dir`, or says why it cannot be used.
pub fn load(dir: &Path) -> Result<Index, String> {
    let body = read_checked(&dir.join(INDEX))?;
    postcard::from_bytes(&body).map_err(|e| format!("the index cannot be read ({e})"))
}

/// Writes the index into `dir`, replacing the previous one in one rename.
pub fn save(dir: &Path, index: &Index) -> std::io::Result<()> {
    let body = postcard::to_stdvec(index).map_err(std::io::Error::other)?;
    write_checked(&dir.join(INDEX), &body)
}

/// The body of a file [`write_checked`] wrote, or why it cannot be used.
pub fn read_checked(file: &Path) -> Result<Vec<u8>, String> {
    let mut bytes = std::fs::read(file).map_err(|e| format!("no index ({e})"))?;
    let body = bytes
        .strip_prefix(MAGIC)
        .filter(|rest| rest.len() >= 16)
        .ok_or("the index is not a dossier cache")?;
    let (body, sum) = body.split_at(body.len() - 16);
    if xxhash_rust::xxh3::xxh3_128(body).to_le_bytes() != sum {
        return Err("the index is damaged (its checksum does not match)".into());
    }
    let len = body.len();
    bytes.drain(..MAGIC.len());
    bytes.truncate(len);
    Ok(bytes)
}

/// Writes `body` headed by the magic line and ended by its checksum, beside `file` and
/// renamed into place (a build killed mid-write leaves the previous file whole).
pub fn write_checked(file: &Path, body: &[u8]) -> std::io::Result<()> {
    let mut bytes = Vec::with_capacity(MAGIC.len() + body.len() + 16);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(body);
    bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_128(body).to_le_bytes());
    let mut partial = file.as_os_str().to_owned();
    partial.push(".partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(partial, file)
}

/// Size and modification time of `file`, as [`Written`] records them.
pub fn stamp(file: &Path) -> Option<(u64, Option<(u64, u32)>)> {
    std::fs::metadata(file).ok().map(|meta| stamp_of(&meta))
}

/// Size and modification time in `meta`, as [`Written`] records them.
fn stamp_of(meta: &std::fs::Metadata) -> (u64, Option<(u64, u32)>) {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| (d.as_secs(), d.subsec_nanos()));
    (meta.len(), modified)
}
