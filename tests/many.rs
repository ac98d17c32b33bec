//! `dossier build --all`: every portfolio under a folder, one combined report and exit code,
//! stable shards for a CI matrix, an optional index page.

mod common;

use std::path::Path;
use std::process::Command;

/// A trust's folder: `staff/<name>` copies of the sample portfolio, plus what else `setup` adds.
fn trust(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
    for name in names {
        common::copy_dir(&sample, &dir.path().join("staff").join(name));
        let _ = std::fs::remove_dir_all(dir.path().join("staff").join(name).join("public"));
    }
    dir
}

fn dossier(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn break_one_artefact(portfolio: &Path) -> String {
    let file = portfolio.join("artefacts/2024/questioning-workshop.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("\ntitle: ", "\ntitle: \"unclosed ", 1)).unwrap();
    "staff/ben/artefacts/2024/questioning-workshop.md".to_string()
}

#[test]
fn every_portfolio_is_built_into_its_own_folder_with_one_report_and_exit_code() {
    let dir = trust(&["ana", "ben", "cy"]);
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("site");
    let out_arg = out.to_str().unwrap();
    let (code, _, stderr) = dossier(&["build", "--all", root, "-o", out_arg, "--index"]);
    assert_eq!(code, 0, "{stderr}");
    for name in ["ana", "ben", "cy"] {
        assert!(out.join("staff").join(name).join("index.html").is_file());
    }
    assert!(stderr.contains("Built 3 portfolios"), "{stderr}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("<li>").count(), 3, "{index}");
    assert!(index.contains("href=\"staff/ben/\""));

    // One broken portfolio: exit 1, its error under its own folder in every format, the
    // others still built, and its previous site left as it was.
    let broken = break_one_artefact(&dir.path().join("staff/ben"));
    let before = std::fs::read(out.join("staff/ben/index.html")).unwrap();
    let (code, stdout, _) = dossier(&["build", "--all", root, "-o", out_arg, "--format", "json"]);
    assert_eq!(code, 1);
    let errors: Vec<&str> = stdout.lines().filter(|l| l.contains("\"error\"")).collect();
    assert!(!errors.is_empty(), "{stdout}");
    assert!(
        errors
            .iter()
            .all(|l| l.contains(&format!("\"path\":\"{broken}\""))),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read(out.join("staff/ben/index.html")).unwrap(),
        before
    );
}

#[test]
fn shards_split_the_portfolios_between_them_without_overlap() {
    let names = ["a", "b", "c", "d", "e", "f"];
    let dir = trust(&names);
    let root = dir.path().to_str().unwrap();
    let mut seen = Vec::new();
    for k in 1..=3 {
        let out = dir.path().join(format!("shard-{k}"));
        let shard = format!("{k}/3");
        let (code, _, stderr) = dossier(&[
            "build",
            "--all",
            root,
            "-o",
            out.to_str().unwrap(),
            "--shard",
            &shard,
        ]);
        assert_eq!(code, 0, "{stderr}");
        for name in names {
            if out.join("staff").join(name).join("index.html").is_file() {
                seen.push(name);
            }
        }
    }
    seen.sort();
    assert_eq!(seen, names, "each portfolio is built by exactly one shard");
}

#[test]
fn a_folder_without_portfolios_or_a_wrong_shard_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = dossier(&["build", "--all", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no portfolio under"), "{stderr}");
    let (code, _, stderr) = dossier(&["build", "--all", ".", "--shard", "4/3"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("K/N"), "{stderr}");
}

/// Issue 14: `build --all` wrote each portfolio's `.dossier-secret` without a word, where a
/// single `build` says where it is and why to keep it.
#[test]
fn every_secret_written_is_named_in_the_combined_report_once() {
    let dir = trust(&["ana", "ben"]);
    for name in ["ana", "ben"] {
        // The sample keeps its own secret; these two start without one.
        let _ = std::fs::remove_file(dir.path().join("staff").join(name).join(".dossier-secret"));
    }
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("site");
    let run = || {
        let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--all", root, "-o", out.to_str().unwrap()])
            .env_remove("DOSSIER_SECRET")
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let first = run();
    for name in ["ana", "ben"] {
        let secret = dir.path().join("staff").join(name).join(".dossier-secret");
        assert!(secret.is_file(), "{} was not written", secret.display());
        let line = format!("Wrote {}: the secret", secret.display());
        assert_eq!(first.matches(&line).count(), 1, "{first}");
    }
    // Once written, the secrets are kept and nothing more is said about them.
    let second = run();
    assert!(!second.contains(".dossier-secret"), "{second}");
}

/// The trust recipe of docs/publishing.md is this command: its matrix builds with
/// `build --all --shard K/N`, N is the number of jobs, and the workflow passes actionlint
/// (where actionlint is installed; `.ci/run` installs it). Its local twin, a ```sh block, is run by
/// tests/docs_commands.rs.
#[test]
fn the_trust_recipe_in_the_publishing_docs_is_a_sharded_build_all() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publishing.md"))
            .unwrap();
    let section = docs
        .split("## Many portfolios in one repository")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("docs/publishing.md has its trust recipe");
    let workflow = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the recipe has a workflow");
    assert!(
        workflow.contains("build --all staff --shard \"$SHARD/3\""),
        "{workflow}"
    );
    assert!(workflow.contains("shard: [1, 2, 3]"), "{workflow}");
    let local = section.split("```sh\n").nth(1).unwrap();
    assert!(local.contains("--shard 1/2") && local.contains("--shard 2/2"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("trust.yml");
    std::fs::write(&file, workflow).unwrap();
    match Command::new("actionlint").arg(&file).output() {
        Ok(out) => assert!(
            out.status.success(),
            "actionlint:\n{}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => eprintln!("actionlint is not installed: the workflow is linted by .ci/run"),
    }
}
