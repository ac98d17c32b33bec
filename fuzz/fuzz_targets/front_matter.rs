//! Fuzz target (a): an artefact file's front matter, from splitting the `---` block to the
//! typed artefact. Any input must give an artefact or diagnostics, never a panic, a hang or
//! unbounded memory (libFuzzer's -rss_limit_mb and -timeout catch the last two).
#![no_main]

use dossier::parse::assets::Root;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// One portfolio folder on /dev/shm (memory, not disk) for the whole run.
fn root() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::Builder::new()
            .prefix("dossier-fuzz-fm")
            .tempdir_in(shm())
            .expect("a temp dir");
        std::fs::create_dir_all(dir.path().join("artefacts")).unwrap();
        dir
    })
}

fn shm() -> std::path::PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    }
}

fuzz_target!(|data: &[u8]| {
    // The YAML stage alone, in memory.
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(front) = dossier::source::split("a.md", text) {
            let _ = dossier::parse::yaml::parse("a.md", front.yaml, front.yaml_first_line);
        }
    }
    // The whole artefact, as the build reads it (raw bytes: non-UTF-8 is a diagnostic too).
    let dir = root().path();
    let file = dir.join("artefacts/a.md");
    std::fs::write(&file, data).unwrap();
    let (_artefact, _diagnostics) = dossier::parse::artefact_file(&Root::new(dir), &file);
});
