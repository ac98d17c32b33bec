//! Helpers shared by the integration tests: run the built `dossier` binary on a portfolio.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// One run of `dossier build`. `tmp` holds `out` and is removed when the run is dropped.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub out: PathBuf,
    pub tmp: tempfile::TempDir,
}

/// `dossier build PORTFOLIO -o <fresh temp dir>/out ARGS…`; `out` does not exist beforehand.
pub fn build(portfolio: &Path, args: &[&str]) -> Run {
    let tmp = tempfile::tempdir().expect("create a temp dir");
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = build_into(portfolio, &out, args);
    Run {
        code,
        stdout,
        stderr,
        out,
        tmp,
    }
}

/// `dossier build PORTFOLIO -o OUT ARGS…`: exit code, stdout, stderr.
pub fn build_into(portfolio: &Path, out: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg(portfolio)
        .arg("-o")
        .arg(out)
        .args(args)
        .output()
        .expect("run the dossier binary");
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("dossier was killed by a signal: {:?}", output.status));
    (
        code,
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A portfolio written into a temp folder from `(path, text)` pairs, on top of a minimal valid
/// portfolio.yaml and framework (which `files` may replace).
pub fn portfolio(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a temp dir");
    let base = [
        ("portfolio.yaml", "title: Test portfolio\nbase_url: \"https://t.example.org/\"\nframework: f\nperson:\n  name: Test Person\n"),
        ("frameworks/f.yaml", "id: f\nname: Framework\ncompetencies:\n  - {id: coaching, name: Coaching}\n"),
    ];
    for (path, text) in base.iter().chain(files) {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Diagnostics printed by `--format json`, one object per line.
pub fn json_diagnostics(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON diagnostic"))
        .collect()
}

/// Copies a folder tree (a portfolio) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of a portfolio of the repository (`sample-portfolio`, `tests/portfolios/rich`) in a
/// temp folder, without its built site, with `theme:` set to `theme`.
pub fn copy_in_theme(rel: &str, theme: &str) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&from, dir.path());
    let _ = std::fs::remove_dir_all(dir.path().join("public"));
    let config = dir.path().join("portfolio.yaml");
    let yaml: String = std::fs::read_to_string(&config)
        .unwrap()
        .lines()
        .map(|l| match l.starts_with("theme:") {
            true => format!("theme: {theme}\n"),
            false => format!("{l}\n"),
        })
        .collect();
    std::fs::write(&config, yaml).unwrap();
    dir
}

/// Every file under `dir`: its path (relative, `/`-separated) and its bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
