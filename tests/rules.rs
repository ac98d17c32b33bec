//! Whole-portfolio rules beyond the refusal list: addresses, alt text, drafts, static clashes,
//! dates, the framework, and Markdown in portfolio.yaml.

mod common;

use common::{build, json_diagnostics, portfolio};

const GOOD: &str =
    "---\ntitle: Good\nkind: project\ndate: 2025-06-30\n---\n\n## Context\n\nText.\n";

/// The problems (not the notes of what was held back, which tests/privacy_output.rs checks).
fn codes_at(stdout: &str) -> Vec<String> {
    json_diagnostics(stdout)
        .iter()
        .filter(|d| d["severity"] != "note")
        .map(|d| {
            format!(
                "{} {}:{}:{} {}",
                d["severity"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn javascript_addresses_are_refused_wherever_they_are_written() {
    let dir = portfolio(&[
        ("artefacts/a.md", "---\ntitle: A\nkind: project\ndate: 2025-06\nattachments:\n  - {title: Evil, url: \"javascript:alert(1)\"}\n---\n"),
        (
            "portfolio.yaml",
            "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\nperson:\n  name: P\n  links:\n    - {label: Site, url: \"javascript:alert(2)\"}\n",
        ),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        codes_at(&run.stdout),
        [
            "error artefacts/a.md:6:24 D0207",
            "error portfolio.yaml:7:26 D0207"
        ]
    );
}

#[test]
fn images_without_alt_text_are_a_warning_and_an_error_under_strict() {
    let dir = portfolio(&[
        (
            "artefacts/a.md",
            "---\ntitle: A\nkind: project\ndate: 2025-06\n---\n\nA chart:\n\n![](chart.svg)\n",
        ),
        (
            "artefacts/chart.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(codes_at(&run.stdout), ["warning artefacts/a.md:9:1 D0501"]);
    assert_eq!(build(dir.path(), &["--strict"]).code, 1);
}

#[test]
fn links_to_drafts_warn_and_become_plain_text_without_drafts() {
    let dir = portfolio(&[
        (
            "artefacts/a.md",
            "---\ntitle: A\nkind: project\ndate: 2025-06\n---\n\nSee [the draft](b.md).\n",
        ),
        (
            "artefacts/b.md",
            "---\ntitle: B\nkind: project\ndate: 2025-06\ndraft: true\n---\n",
        ),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0);
    assert_eq!(codes_at(&run.stdout), ["warning artefacts/a.md:7:5 D0308"]);
    let page = std::fs::read_to_string(run.out.join("artefacts/a/index.html")).unwrap();
    assert!(
        page.contains("See the draft.") && !page.contains("b.md"),
        "{page}"
    );
    let with_drafts = build(dir.path(), &["--drafts", "--format", "json"]);
    assert!(codes_at(&with_drafts.stdout).is_empty());
    assert!(
        std::fs::read_to_string(with_drafts.out.join("artefacts/a/index.html"))
            .unwrap()
            .contains(r#"href="../b/""#)
    );
}

#[test]
fn a_day_inside_the_month_of_date_is_not_after_it() {
    let dir = portfolio(&[(
        "artefacts/a.md",
        "---\ntitle: A\nkind: project\ndate: 2025-06\nstart: 2025-06-02\n---\n",
    )]);
    assert_eq!(build(dir.path(), &[]).code, 0);
}

#[test]
fn an_unknown_framework_is_one_error_not_one_per_competency() {
    let dir = portfolio(&[
        ("artefacts/a.md", "---\ntitle: A\nkind: project\ndate: 2025-06\ncompetencies: [coaching]\n---\n"),
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\nframework: teacher-leadr\nperson:\n  name: P\n"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(codes_at(&run.stdout), ["error portfolio.yaml:3:12 D0307"]);
}

#[test]
fn the_built_in_framework_needs_no_file() {
    let dir = portfolio(&[
        ("artefacts/a.md", "---\ntitle: A\nkind: project\ndate: 2025-06\ncompetencies: [assessment]\n---\n"),
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\nframework: uk-teachers-standards\nperson:\n  name: P\n"),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(run.out.join("competencies/index.html"))
            .unwrap()
            .contains("Make accurate and productive use of assessment")
    );
}

#[test]
fn summary_links_reach_artefact_pages_and_are_checked() {
    let dir = portfolio(&[
        ("artefacts/2025/a.md", GOOD),
        (
            "portfolio.yaml",
            "title: T\nbase_url: \"https://t.example.org/\"\nperson:\n  name: P\n  summary: |\n    See [my work](artefacts/2025/a.md#context).\n\n    And [this](artefacts/2025/missing.md).\n",
        ),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(codes_at(&run.stdout), ["error portfolio.yaml:8:9 D0308"]);
    let dir = portfolio(&[
        ("artefacts/2025/a.md", GOOD),
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\nperson:\n  name: P\n  summary: See [my work](artefacts/2025/a.md#context).\n"),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(run.out.join("index.html"))
        .unwrap()
        .contains(r#"href="artefacts/a/#context""#));
    // The printable document shows the summary one folder down: its links must start there.
    assert!(std::fs::read_to_string(run.out.join("dossier/index.html"))
        .unwrap()
        .contains(r#"href="../artefacts/a/#context""#));
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn static_files_that_clash_with_pages_are_reported() {
    let dir = portfolio(&[
        ("artefacts/a.md", GOOD),
        ("static/index.html", "mine"),
        ("static/cv.pdf", "%PDF"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(
        codes_at(&run.stdout),
        ["warning static/index.html:1:1 D0403"]
    );
    assert_eq!(std::fs::read(run.out.join("cv.pdf")).unwrap(), b"%PDF");
}

#[test]
fn an_output_folder_inside_static_is_not_copied_into_itself() {
    let dir = portfolio(&[("artefacts/a.md", GOOD), ("static/x.txt", "x")]);
    let out = dir.path().join("static/site");
    for _ in 0..2 {
        let (code, _, stderr) = common::build_into(dir.path(), &out, &[]);
        assert_eq!(code, 0, "{stderr}");
    }
    assert!(!out.join("site").exists());
}

#[test]
fn base_url_flag_must_be_a_web_address() {
    let dir = portfolio(&[("artefacts/a.md", GOOD)]);
    let run = build(dir.path(), &["--base-url", "preview.example.org"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--base-url"));
}

#[test]
fn task_list_checkboxes_have_names() {
    let dir = portfolio(&[(
        "artefacts/a.md",
        "---\ntitle: A\nkind: project\ndate: 2025-06\n---\n\n- [x] Plan\n- [ ] Review\n",
    )]);
    let run = build(dir.path(), &[]);
    let page = std::fs::read_to_string(run.out.join("artefacts/a/index.html")).unwrap();
    assert!(
        page.contains(r#"aria-label="Done""#) && page.contains(r#"aria-label="To do""#),
        "{page}"
    );
}

#[test]
#[cfg(unix)] // making a symbolic link on Windows needs a privilege a test cannot assume
fn a_symbolic_link_loop_is_skipped_with_a_warning() {
    let dir = portfolio(&[("artefacts/2025/a.md", GOOD)]);
    std::os::unix::fs::symlink(
        dir.path().join("artefacts"),
        dir.path().join("artefacts/2025/loop"),
    )
    .unwrap();
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diags = json_diagnostics(&run.stdout);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "D0101" && d["severity"] == "warning"),
        "{}",
        run.stdout
    );
    assert!(run.out.join("artefacts/a/index.html").exists());
}

#[test]
fn hidden_files_and_editor_leftovers_are_not_artefacts() {
    let broken = "this is not an artefact";
    let dir = portfolio(&[
        ("artefacts/a.md", GOOD),
        ("artefacts/.a.md.swp", broken),
        ("artefacts/a.md~", broken),
        ("artefacts/.#a.md", broken),
        ("artefacts/.hidden/b.md", broken),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
