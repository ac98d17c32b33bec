//! `dossier check`: the formats CI reads, links checked in the rendered site but reported at
//! their Markdown source, quality warnings, `--strict`, and nothing written to disk.

mod common;

use common::portfolio;
use std::process::Command;

fn check(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .arg(dir)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8_lossy(&output.stdout).into(),
        String::from_utf8_lossy(&output.stderr).into(),
    )
}

/// Two artefacts; `b` links (on line 8) to a heading of `a` that does not exist.
fn with_broken_anchor() -> tempfile::TempDir {
    portfolio(&[
        ("artefacts/a.md", "---\ntitle: A\nkind: project\ndate: 2025-06\ncompetencies: [coaching]\n---\n\n## Context\n\nText.\n"),
        ("artefacts/b.md", "---\ntitle: B\nkind: project\ndate: 2025-05\ncompetencies: [coaching]\n---\n\nSee [the context](a.md#contxt).\n"),
    ])
}

#[test]
fn json_lines_are_exact() {
    let dir = with_broken_anchor();
    let (code, stdout, _) = check(dir.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.trim(),
        r#"{"code":"D0313","column":5,"hint":"on the built page artefacts/b/index.html it is `../a/#contxt`\ndid you mean `context`?","line":8,"message":"the link `a.md#contxt` leads to artefacts/a/index.html, which has no heading or other element with the id `contxt`","path":"artefacts/b.md","severity":"error"}"#
    );
}

#[test]
fn github_lines_are_exact() {
    let dir = with_broken_anchor();
    let (code, stdout, _) = check(dir.path(), &["--format", "github"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout.trim(),
        "::error file=artefacts/b.md,line=8,col=5,title=dossier D0313::the link `a.md#contxt` leads to artefacts/a/index.html, which has no heading or other element with the id `contxt`%0Aon the built page artefacts/b/index.html it is `../a/#contxt`%0Adid you mean `context`?"
    );
}

#[test]
fn sarif_is_a_valid_2_1_0_log() {
    let dir = with_broken_anchor();
    let (_, stdout, _) = check(dir.path(), &["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "D0313");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "artefacts/b.md");
    assert_eq!(location["region"]["startLine"], 8);
    assert_eq!(location["region"]["startColumn"], 5);
    assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "dossier");
}

#[test]
fn a_link_broken_in_the_output_is_reported_at_its_markdown_line() {
    // A site-absolute link to a page that does not exist: only the rendered site shows it.
    let dir = portfolio(&[(
        "artefacts/a.md",
        "---\ntitle: A\nkind: project\ndate: 2025-06\ncompetencies: [coaching]\n---\n\nIntro.\n\nSee [my CV](/cv/).\n",
    )]);
    let (code, stdout, _) = check(dir.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    let diags = common::json_diagnostics(&stdout);
    let broken: Vec<_> = diags.iter().filter(|d| d["code"] == "D0314").collect();
    assert_eq!(broken.len(), 1, "{stdout}");
    assert_eq!(
        (
            broken[0]["path"].as_str().unwrap(),
            broken[0]["line"].as_u64().unwrap(),
            broken[0]["column"].as_u64().unwrap()
        ),
        ("artefacts/a.md", 10, 5)
    );
}

#[test]
fn a_clean_portfolio_passes_and_nothing_is_written() {
    let dir = portfolio(&[(
        "artefacts/a.md",
        "---\ntitle: A\nkind: project\ndate: 2025-06\ncompetencies: [coaching]\n---\n\nText.\n",
    )]);
    let before: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .collect();
    let (code, _, stderr) = check(dir.path(), &["--strict"]);
    assert_eq!(code, 0, "{stderr}");
    let after: Vec<_> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .flatten()
        .map(|e| e.path().to_path_buf())
        .collect();
    assert_eq!(before, after, "check wrote files");
    assert!(!dir.path().join("public").exists());
}

/// Each quality warning passes without `--strict` and fails with it.
#[test]
fn strict_turns_each_warning_class_into_exit_1() {
    let a = |extra: &str| {
        format!("---\ntitle: A\nkind: project\ndate: 2025-06\ncompetencies: [coaching]\n{extra}---\n\nText.\n")
    };
    let two_competencies = ("frameworks/f.yaml", "id: f\nname: Framework\ncompetencies:\n  - {id: coaching, name: Coaching}\n  - {id: data, name: Data}\n");
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        ("D0502", vec![(two_competencies.0, two_competencies.1.to_string()), ("artefacts/a.md", a(""))]),
        ("D0503", vec![("artefacts/a.md", a("metrics:\n  - {label: L, baseline: 1, result: 2, headline: true, source: S}\n"))]),
        ("D0504", vec![("artefacts/a.md", "---\ntitle: A\nkind: case-study\nsummary: S\ndate: 2025-06\ncompetencies: [coaching]\n---\n".to_string())]),
        ("D0505", vec![("artefacts/a.md", a("testimonials:\n  - {quote: Q, name: N, relationship: colleague, date: 2019-01-01, consent: true}\n"))]),
        (
            "D0506",
            vec![
                ("artefacts/a.md", a("")),
                ("artefacts/b.md", a("").replace("title: A", "title: B")),
                ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\nperson:\n  name: P\napplications:\n  - {slug: job, title: Job, artefacts: [a]}\n".to_string()),
            ],
        ),
        ("D0501", vec![("artefacts/a.md", a("") + "![](x.svg)\n"), ("artefacts/x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into())]),
        ("D0305", vec![("artefacts/a.md", a("testimonials:\n  - {quote: Q, name: N, relationship: colleague, date: 2025-01-01}\n"))]),
    ];
    for (code, files) in cases {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let dir = portfolio(&files);
        let (plain, stdout, _) = check(dir.path(), &["--format", "json"]);
        assert_eq!(plain, 0, "{code} should only warn: {stdout}");
        assert!(
            common::json_diagnostics(&stdout)
                .iter()
                .any(|d| d["code"] == code && d["severity"] == "warning"),
            "{code} not reported: {stdout}"
        );
        let (strict, stdout, _) = check(dir.path(), &["--strict", "--format", "json"]);
        assert_eq!(strict, 1, "{code} under --strict: {stdout}");
        assert!(common::json_diagnostics(&stdout)
            .iter()
            .any(|d| d["code"] == code && d["severity"] == "error"));
    }
}

#[test]
fn build_accepts_the_same_formats() {
    let dir = with_broken_anchor();
    let run = common::build(dir.path(), &["--format", "github"]);
    assert_eq!(run.code, 0, "a missing heading is a warning when building");
    assert!(
        run.stdout
            .starts_with("::warning file=artefacts/b.md,line=8,col=5,"),
        "{}",
        run.stdout
    );
}
