//! `manifest.json`, the pack's table of contents: the SHA-256 of every file in the zip and of
//! the portfolio's published content (its version), and how the site was built, so `verify`
//! can rebuild the version of a portfolio folder the same way.

use serde::{Deserialize, Serialize};

/// The name of the manifest inside the zip.
pub const NAME: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// The tool that made the pack.
    pub generator: String,
    /// The short version printed on every page and in the PDF footer.
    pub version: String,
    /// The full SHA-256 of the published content (see `pack::version`).
    pub content_sha256: String,
    /// Whether drafts were included (`--drafts`), so `verify --against` counts the same files.
    pub drafts: bool,
    /// A blind pack (`pack --blind`): names replaced by a candidate label (`site::blind`).
    /// Packs made before blind builds existed have none: not blind.
    #[serde(default)]
    pub blind: bool,
    /// The application the PDF prints, if the pack was made for one.
    pub application: Option<String>,
    /// Every file of the zip but this manifest, in path order.
    pub files: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

impl Entry {
    pub fn of(path: &str, bytes: &[u8]) -> Entry {
        use sha2::{Digest, Sha256};
        Entry {
            path: path.to_string(),
            sha256: super::version::hex(&Sha256::digest(bytes)),
            bytes: bytes.len() as u64,
        }
    }
}
