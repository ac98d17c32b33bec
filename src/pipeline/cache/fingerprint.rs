//! What a cached build must share with the build that filled the cache, as one hash: the
//! dossier binary, the build's options, where the portfolio sits, and every file of the
//! portfolio folder except the artefacts' Markdown (settings, frameworks, templates, static
//! files, attachments, the privacy list, the secret). Any change there makes the next build
//! a cold one: they reach every page, and attachments decide artefacts' own diagnostics.

use crate::pipeline::Options;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// Bumped whenever the cache's layout or what it keys on changes.
pub const FORMAT: u32 = 4;

/// The fingerprint of this build's world; the artefacts' Markdown is keyed file by file instead.
pub fn of(opts: &Options, root: &Path, cache: &Path) -> u128 {
    let mut hash = Xxh3::new();
    let mut add = |bytes: &[u8]| {
        hash.update(&(bytes.len() as u64).to_le_bytes());
        hash.update(bytes);
    };
    add(&FORMAT.to_le_bytes());
    add(env!("CARGO_PKG_VERSION").as_bytes());
    add(binary_identity(cache).as_bytes());
    add(format!(
        "{:?}",
        (&opts.base_url, opts.drafts, opts.strict, opts.serving)
    )
    .as_bytes());
    // Not today's date nor SOURCE_DATE_EPOCH (a CI sets it per commit): parsing a file never
    // reads the clock, and what does (validation) runs on every build.
    add(root.as_os_str().as_encoded_bytes());
    for (name, digest) in other_files(opts, root, cache) {
        add(name.as_bytes());
        add(&digest.to_le_bytes());
    }
    hash.digest128()
}

/// The running dossier: its version says little during development, so a hash of the program
/// itself (not its mtime alone, which a CI's fresh install changes every run). Reading and
/// hashing 24 MB cost a rebuild tens of milliseconds, so the hash is kept in the cache beside
/// the program's stamp (path, size, inode, modification and change times): a program that is
/// the same file as last time is not read again, and any new install is.
fn binary_identity(cache: &Path) -> String {
    let Ok(exe) = std::env::current_exe() else {
        // Unknown: a value no other build has, so nothing parsed is reused.
        return format!("unreadable {:?}", std::time::SystemTime::now());
    };
    let kept = cache.join(BINARY);
    let stamp = program_stamp(&exe);
    if let Some(stamp) = &stamp {
        let known = std::fs::read_to_string(&kept).ok();
        let known = known
            .as_deref()
            .and_then(|k| k.strip_prefix(stamp.as_str()));
        if let Some(hash) = known.filter(|h| h.len() == 32) {
            return hash.to_string();
        }
    }
    match std::fs::read(&exe) {
        Ok(bytes) => {
            let hash = format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes));
            if let Some(stamp) = stamp {
                // Not kept (a cache folder not made yet): hashed again next time.
                let _ = std::fs::write(&kept, format!("{stamp}{hash}"));
            }
            hash
        }
        Err(_) => format!("unreadable {:?}", std::time::SystemTime::now()),
    }
}

/// The file the program's hash is kept in, in the cache folder.
const BINARY: &str = "program";

/// What identifies the file `exe` short of its bytes, one field a line; `None` where the
/// system does not say (the program is then hashed every build).
fn program_stamp(exe: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(exe).ok()?;
        let fields = (m.dev(), m.ino(), m.size(), m.mtime(), m.mtime_nsec());
        Some(format!(
            "{}\n{fields:?}\n{:?}\n",
            exe.display(),
            (m.ctime(), m.ctime_nsec())
        ))
    }
    #[cfg(not(unix))]
    {
        let _ = exe;
        None
    }
}

/// Every file under `root` but the artefacts' Markdown, the output and its building folders,
/// the cache and `.git`, with a hash of its bytes, in path order (read on all cores).
fn other_files(opts: &Options, root: &Path, cache: &Path) -> Vec<(String, u128)> {
    let output = crate::pipeline::output_dir(opts);
    let cache = crate::paths::normalise(&std::path::absolute(cache).unwrap_or_default());
    let output_name = output
        .file_name()
        .map(|n| format!(".{}.", n.to_string_lossy()));
    let artefacts = root.join("artefacts");
    let markdown = |p: &Path| p.starts_with(&artefacts) && crate::paths::is_markdown(p);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let building = output_name.as_ref().is_some_and(|o| name.starts_with(o));
            e.path() != output && e.path() != cache && name != ".git" && !building
        })
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir() && !markdown(e.path()))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
        .par_iter()
        .map(|file| {
            let name = file.strip_prefix(root).unwrap_or(file).to_string_lossy();
            let digest = std::fs::read(file).map_or(0, |b| xxhash_rust::xxh3::xxh3_128(&b));
            (name.to_string(), digest)
        })
        .collect()
}
