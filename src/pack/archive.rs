//! The zip itself, written so that the same files always give the same bytes: entries in path
//! order, every timestamp 1980-01-01 (the zip epoch), fixed permissions, deflate.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;

/// Writes `files` (path in the zip -> bytes) to `out` as a deterministic zip.
pub fn write(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> std::io::Result<()> {
    let file = std::fs::File::create(out)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .map_err(std::io::Error::other)?;
        zip.write_all(bytes)?;
    }
    zip.finish().map_err(std::io::Error::other)?.flush()
}

/// Every file of the zip at `path`, by name; `Err` says why it cannot be read as a zip.
pub fn read(path: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| format!("not a zip file ({e})"))?;
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
        if entry.is_dir() {
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|e| format!("{} cannot be read ({e})", entry.name()))?;
        files.insert(entry.name().to_string(), bytes);
    }
    Ok(files)
}
