//! Every shell command the README and docs/*.md show, run against the built binary (issue 14:
//! the docs had drifted from the program). Each ```sh block runs as one bash script in a fresh
//! copy of the sample portfolio, with `dossier` on PATH. A block that cannot run here is marked
//! in the Markdown, on the line before it, with `<!-- docs-commands: skip (the reason) -->`.
//!
//! Inside a block, `dossier serve` (it runs until stopped) and `dossier pdf` (it needs
//! Chromium; tests/serve.rs and the PDF tests cover them) are stood in for by `dossier check` of
//! the same folder, so the commands around them still run in order.
#![cfg(unix)] // the blocks are sh, run by bash

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const SKIP: &str = "<!-- docs-commands: skip (";

/// A ```sh block of a Markdown file: the line it starts on and its text.
struct Block {
    file: String,
    line: usize,
    script: String,
}

/// The ```sh blocks of `text`, without those marked to skip (which must give a reason).
fn blocks(file: &str, text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```sh" {
            i += 1;
            continue;
        }
        let start = i;
        let end = (i + 1..lines.len())
            .find(|&j| lines[j].trim_end() == "```")
            .unwrap_or_else(|| panic!("{file}:{}: a ```sh block is never closed", start + 1));
        let marked = start
            .checked_sub(1)
            .map(|p| lines[p].trim_start())
            .filter(|l| l.starts_with(SKIP));
        if let Some(marker) = marked {
            assert!(
                marker.len() > SKIP.len() + ") -->".len(),
                "{file}:{start}: say why the block is skipped"
            );
        } else {
            found.push(Block {
                file: file.to_string(),
                line: start + 1,
                script: lines[start + 1..end].join("\n"),
            });
        }
        i = end + 1;
    }
    found
}

/// A folder with `dossier` in it: the real binary, with `check` run in place of `serve` and `pdf`.
fn wrapper(dir: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!(
        "#!/usr/bin/env bash\n\
         # serve runs until stopped and pdf needs Chromium: both are stood in for by check.\n\
         case \"$1\" in serve|pdf) echo \"(docs test: dossier $1 not run)\"; exec '{real}' check ;; esac\n\
         exec '{real}' \"$@\"\n",
        real = env!("CARGO_BIN_EXE_dossier")
    );
    let path = bin.join("dossier");
    std::fs::write(&path, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

fn documents() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(root).unwrap().display().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

#[test]
fn every_shell_command_in_the_docs_runs() {
    let all: Vec<Block> = documents()
        .iter()
        .flat_map(|(file, text)| blocks(file, text))
        .collect();
    assert!(all.len() >= 2, "the docs lost their runnable commands");
    for block in &all {
        let tmp = tempfile::tempdir().unwrap();
        let portfolio = tmp.path().join("portfolio");
        common::copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio"),
            &portfolio,
        );
        let _ = std::fs::remove_dir_all(portfolio.join("public"));
        let bin = wrapper(tmp.path());
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let output = Command::new("bash")
            .args(["-euo", "pipefail", "-c", &block.script])
            .current_dir(&portfolio)
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .output()
            .expect("run bash");
        assert!(
            output.status.success(),
            "{}:{}: this block of commands fails:\n{}\n--- stdout\n{}\n--- stderr\n{}",
            block.file,
            block.line,
            block.script,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn a_skipped_block_needs_a_reason_and_others_are_found() {
    let text = "a\n<!-- docs-commands: skip (needs a server) -->\n```sh\nrsync\n```\n```sh\ndossier build\n```\n";
    let found = blocks("x.md", text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].script, "dossier build");
    assert_eq!(found[0].line, 6);
}
