//! The portfolio's *version*: one SHA-256 over its published sources, so a reader can tell
//! which content a page, a printed copy or a reviewer pack was built from.
//!
//! What counts as published: `portfolio.yaml`, the framework files, custom templates, every
//! file of `static/`, the Markdown of every public artefact (never a private or held-back
//! draft) and every file the site copies (the photo, attachments, images). Each is hashed as
//! its path relative to the portfolio folder (with `/`), its length and its bytes, in path
//! order, so the version is the same on every machine and changes when any of them does.

use crate::site::Site;
use crate::source::Tree;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// How many hex digits of the hash are shown as the version.
pub const SHORT: usize = 12;

/// How many files [`content_hash`] reads at once (a few megabytes of typical sources).
const READ_BATCH: usize = 256;

/// The short form of a full hex hash: what pages, PDFs and packs print.
pub fn short(full: &str) -> &str {
    &full[..full.len().min(SHORT)]
}

/// The full hex SHA-256 of the portfolio's published content, as built into `site`.
pub fn of(site: &Site<'_>, tree: &Tree, root: &Path) -> String {
    content_hash(root, &published_sources(site, tree, root))
}

/// Every source file whose content reaches the published site (see the module comment).
pub fn published_sources(site: &Site<'_>, tree: &Tree, root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = vec![tree.config.clone()];
    files.extend(tree.frameworks.iter().cloned());
    files.extend(tree.templates.iter().cloned());
    files.extend(tree.static_files.iter().cloned());
    files.extend(site.artefacts.iter().map(|a| root.join(&a.source_path)));
    files.extend(
        site.assets
            .iter()
            .flatten()
            .map(|(source, _)| source.clone()),
    );
    files.extend(site.portfolio.person.photo.iter().map(|p| p.source.clone()));
    files
}

/// SHA-256 over `files` named relative to `root`, in path order, each once. A file that cannot
/// be read counts as a marker instead of its bytes: the build that follows reports it.
pub fn content_hash(root: &Path, files: &[PathBuf]) -> String {
    let mut named: Vec<(String, &PathBuf)> = files.iter().map(|f| (relative(root, f), f)).collect();
    named.sort();
    named.dedup_by(|a, b| a.0 == b.0);
    let mut hash = Sha256::new();
    // Reading 10,000 files one after another cost more than hashing them: each batch is read
    // on every core while the batch before it is hashed, in path order (the same version as a
    // serial read), and at most two batches are held in memory at a time.
    let read = |batch: &[(String, &PathBuf)]| -> Vec<std::io::Result<Vec<u8>>> {
        batch
            .par_iter()
            .map(|(_, path)| crate::source::read_bytes(path))
            .collect()
    };
    let mut batches = named.chunks(READ_BATCH);
    let mut current = batches.next().map(|batch| (batch, read(batch)));
    while let Some((batch, bytes)) = current.take() {
        let next = batches.next();
        let ((), read_next) = rayon::join(
            || add_batch(&mut hash, batch, bytes),
            || next.map(|b| (b, read(b))),
        );
        current = read_next;
    }
    hex(&hash.finalize())
}

/// Adds each file of `batch` (its name, its length and its bytes, as read) to `hash`.
fn add_batch(hash: &mut Sha256, batch: &[(String, &PathBuf)], read: Vec<std::io::Result<Vec<u8>>>) {
    for ((name, _), bytes) in batch.iter().zip(read) {
        hash.update(name.as_bytes());
        hash.update([0]);
        match bytes {
            Ok(bytes) => {
                hash.update((bytes.len() as u64).to_le_bytes());
                hash.update(&bytes);
            }
            Err(_) => hash.update(b"\xffunreadable"),
        }
    }
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `file` relative to `root` however either is spelled (relative, absolute, through links), so
/// the hash never carries where the portfolio sits on this machine.
fn relative(root: &Path, file: &Path) -> String {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let rel = match file.strip_prefix(root) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => {
            let file = canonical(file);
            match file.strip_prefix(canonical(root)) {
                Ok(rel) => rel.to_path_buf(),
                Err(_) => file,
            }
        }
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_depends_on_names_and_bytes_not_on_order() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
        std::fs::write(&a, "one").unwrap();
        std::fs::write(&b, "two").unwrap();
        let first = content_hash(dir.path(), &[a.clone(), b.clone()]);
        assert_eq!(first, content_hash(dir.path(), &[b.clone(), a.clone()]));
        assert_eq!(first.len(), 64);
        std::fs::write(&b, "twO").unwrap();
        assert_ne!(first, content_hash(dir.path(), &[a.clone(), b.clone()]));
        assert_ne!(first, content_hash(dir.path(), &[a]));
        assert_eq!(short(&first).len(), SHORT);
    }
}
