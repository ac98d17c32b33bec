//! Front matter and portfolio.yaml written carelessly or to attack the build: each is refused
//! at the field that is wrong, by `build` and `check` alike, never published by default and
//! never allowed to exhaust memory.

mod common;

use common::{build, json_diagnostics, portfolio};
use std::process::Command;

fn where_and_code(stdout: &str) -> Vec<String> {
    json_diagnostics(stdout)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

/// The errors of `build` on `files`, after asserting `check` reports exactly the same.
fn refused(files: &[(&str, &str)]) -> Vec<String> {
    let dir = portfolio(files);
    let run = build(dir.path(), &["--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    assert!(
        !run.out.exists(),
        "a refused build wrote {}",
        run.out.display()
    );
    let build_errors = where_and_code(&run.stdout);
    let check = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("check")
        .arg(dir.path())
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1), "check must refuse it too");
    let check_errors = where_and_code(&String::from_utf8_lossy(&check.stdout));
    assert_eq!(check_errors, build_errors, "check and build disagree");
    build_errors
}

fn artefact(front: &str) -> String {
    format!("---\ntitle: A pilot\nkind: project\ndate: 2025-06-30\n{front}---\n\nBody.\n")
}

// ---------------------------------------------------------------------------------------------
// Privacy fields left empty are errors, never "false".

#[test]
fn an_empty_private_is_refused_at_its_key() {
    for written in ["private:", "private: ~", "private: null", "draft:"] {
        let text = artefact(&format!("{written}\n"));
        // line 5, the key at column 1.
        assert_eq!(
            refused(&[("artefacts/secret.md", &text)]),
            ["artefacts/secret.md:5:1 D0208"],
            "{written}"
        );
    }
}

#[test]
fn an_empty_consent_is_refused_at_its_key() {
    let text = artefact("testimonials:\n  - quote: Great.\n    name: A Colleague\n    consent:\n");
    // line 8 `    consent:`: the key at column 5.
    assert_eq!(
        refused(&[("artefacts/x.md", &text)]),
        ["artefacts/x.md:8:5 D0208"]
    );
}

#[test]
fn an_empty_show_email_or_noindex_is_refused() {
    let config = "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\ncontact:\n  show_email:\nperson:\n  name: P\n";
    let good = artefact("");
    assert_eq!(
        refused(&[("portfolio.yaml", config), ("artefacts/a.md", &good)]),
        ["portfolio.yaml:5:3 D0208"]
    );
}

// ---------------------------------------------------------------------------------------------
// Aliases may not multiply the file past a budget; refused at the alias, before expansion.

#[test]
fn an_alias_bomb_is_refused_at_the_alias_that_crosses_the_budget() {
    // A 20,000-item list repeated 4,000 times: 80 million values from ~150 KB of text. Before,
    // this took over 4 GB and the build was killed.
    let items = vec!["1"; 20_000].join(", ");
    let aliases = vec!["*list"; 4_000].join(", ");
    let front = format!("tags: &list [{items}]\ncompetencies: [{aliases}]\n");
    let text = artefact(&front);
    // The budget is one value per byte of the front matter: the first alias past it is the
    // one reported. Line 6 holds the aliases, each `*list, ` seven characters wide.
    let budget = (front.len() + "title: A pilot\nkind: project\ndate: 2025-06-30\n".len()) as u64;
    let per_alias = 20_001;
    let crossing = budget / per_alias + 1; // 1-based index of the alias that crosses it
    let column = "competencies: [".len() as u64 + 1 + (crossing - 1) * 7;
    assert_eq!(
        refused(&[("artefacts/bomb.md", &text)]),
        [format!("artefacts/bomb.md:6:{column} D0106")]
    );
}

#[test]
fn a_few_aliases_are_still_read() {
    let text = artefact("tags: &t [coaching, assessment]\ncompetencies: *t\n");
    let dir = portfolio(&[("artefacts/a.md", &text)]);
    let run = build(dir.path(), &["--format", "json"]);
    // `assessment` is not in the test framework: reported inside the anchored list, so the
    // alias was read with the anchor's positions (line 5, column 21).
    assert_eq!(where_and_code(&run.stdout), ["artefacts/a.md:5:21 D0301"]);
}

// ---------------------------------------------------------------------------------------------
// Names that become folders of the site: refused at the field, by check as by build.

#[test]
fn a_slug_too_long_for_a_file_name_is_refused_at_the_slug() {
    let text = artefact(&format!("slug: {}\n", "a".repeat(300)));
    assert_eq!(
        refused(&[("artefacts/x.md", &text)]),
        ["artefacts/x.md:5:7 D0206"]
    );
}

#[test]
fn a_tag_too_long_or_empty_as_a_name_is_refused_at_the_tag() {
    let text = artefact(&format!("tags: [fine, {}, \"!!!\"]\n", "t".repeat(300)));
    // line 5: the long tag at column 14, `"!!!"` at 14 + 300 + 2.
    assert_eq!(
        refused(&[("artefacts/x.md", &text)]),
        ["artefacts/x.md:5:14 D0206", "artefacts/x.md:5:316 D0206"]
    );
}

#[test]
fn a_reserved_device_name_is_refused() {
    let text = artefact("slug: con\n");
    assert_eq!(
        refused(&[("artefacts/x.md", &text)]),
        ["artefacts/x.md:5:7 D0206"]
    );
}

// ---------------------------------------------------------------------------------------------
// Numbers whose charts would not be finite.

#[test]
fn metric_values_near_the_largest_float_are_refused_at_the_value() {
    let text =
        artefact("metrics:\n  - label: Attainment\n    baseline: -1.7e308\n    result: 1.8e308\n");
    // line 7 `    baseline: -1.7e308` (column 15), line 8 `    result: 1.8e308` (column 13).
    assert_eq!(
        refused(&[("artefacts/x.md", &text)]),
        ["artefacts/x.md:7:15 D0209", "artefacts/x.md:8:13 D0209"]
    );
    let text = artefact(
        "metrics:\n  - label: A\n    baseline: 1\n    result: 2\n    series:\n      - {date: 2025-04, value: \"1e400\"}\n",
    );
    // line 10: the series value (its quote) at column 32.
    assert_eq!(
        refused(&[("artefacts/x.md", &text)]),
        ["artefacts/x.md:10:32 D0209"]
    );
}

// ---------------------------------------------------------------------------------------------
// base_url: a web address, checked with the `url` crate, at its position.

#[test]
fn a_base_url_that_is_not_a_plain_web_address_is_refused_at_the_value() {
    let good = artefact("");
    for url in [
        "\"https://x.example.org/\\\"><script>alert(1)</script>\"",
        "\"javascript:alert(1)\"",
        "\"https://\"",
        "\"https://x.example.org/a b/\"",
        "\"https://x.example.org/?a=1&b=2\"",
        "ftp://x.example.org/",
    ] {
        let config = format!("title: T\nbase_url: {url}\nframework: f\nperson:\n  name: P\n");
        // line 2 `base_url: …`: the value at column 11.
        assert_eq!(
            refused(&[("portfolio.yaml", &config), ("artefacts/a.md", &good)]),
            ["portfolio.yaml:2:11 D0207"],
            "{url}"
        );
    }
}

#[test]
fn a_bad_base_url_argument_is_refused_before_building() {
    let dir = portfolio(&[("artefacts/a.md", &artefact(""))]);
    let run = build(dir.path(), &["--base-url", "https://x.example.org/<b>"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a web address"), "{}", run.stderr);
    assert!(!run.out.exists());
    let run = build(
        dir.path(),
        &["--base-url", "https://preview.example.org/x/"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// Addresses and email addresses typed with characters a URL cannot carry.

#[test]
fn an_email_address_with_markup_is_refused_at_the_value() {
    let config = "title: T\nbase_url: \"https://x.example.org/\"\nframework: f\nperson:\n  name: P\n  email: \"a+<script>@example.org\"\n";
    // line 6 `  email: "…"`: the value at column 10.
    assert_eq!(
        refused(&[
            ("portfolio.yaml", config),
            ("artefacts/a.md", &artefact(""))
        ]),
        ["portfolio.yaml:6:10 D0207"]
    );
}

#[test]
fn addresses_with_quotes_and_angle_brackets_are_written_percent_encoded() {
    let config = "title: T\nbase_url: \"https://x.example.org/\"\nframework: f\nperson:\n  name: P\n  links:\n    - {label: Blog, url: \"https://example.org/?a=1&b=\\\"><script>x</script>\"}\ntimeline:\n  - {title: NPQ, kind: credential, date: 2024-07-01, url: \"https://example.org/npq?y=<b>\"}\n";
    let dir = portfolio(&[
        ("portfolio.yaml", config),
        ("artefacts/a.md", &artefact("")),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = std::fs::read_to_string(run.out.join("index.html")).unwrap();
    assert!(
        home.contains(r#"href="https://example.org/?a=1&amp;b=%22%3E%3Cscript%3Ex%3C/script%3E""#),
        "{home}"
    );
    let timeline = std::fs::read_to_string(run.out.join("timeline/index.html")).unwrap();
    assert!(
        timeline.contains("https://example.org/npq?y=%3Cb%3E"),
        "{timeline}"
    );
    assert!(!home.contains("<script>x") && !timeline.contains("y=<b>"));
}
