//! What a reader's browser (or feed reader) gets from a hostile or careless portfolio: nothing
//! that runs, nothing withheld, nothing malformed (issue 8). Each test builds a portfolio
//! written inline and reads every file of the output, or runs `dossier check`.

mod common;

use common::{build, json_diagnostics, portfolio};
use std::path::Path;
use std::process::Command;

const ARTEFACT: &str = "---\ntitle: Pilot\nkind: project\ndate: 2025-01-10\nsummary: A pilot.\n";

/// Every file of the output, by path relative to it.
fn output_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((rel, std::fs::read(&path).unwrap()));
            }
        }
    }
    files
}

/// `dossier check PORTFOLIO --format json`: exit code and diagnostics.
fn check(portfolio: &Path) -> (i32, Vec<serde_json::Value>) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json"])
        .arg(portfolio)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    (output.status.code().unwrap(), json_diagnostics(&stdout))
}

fn with_code<'a>(diags: &'a [serde_json::Value], code: &str) -> Vec<&'a serde_json::Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

fn at(d: &serde_json::Value) -> String {
    let text = d.to_string();
    let field = |k: &str| {
        d.get(k)
            .or_else(|| d["location"].get(k))
            .cloned()
            .unwrap_or_default()
    };
    let path = field("path");
    format!(
        "{}:{}:{} ({text})",
        path.as_str().unwrap_or(""),
        field("line"),
        field("column")
    )
}

#[test]
fn heading_attributes_run_nothing_in_any_markdown_and_check_says_where() {
    let attack = "## Results {autofocus tabindex=0 onfocus=alert(1)}";
    let yaml = format!(
        "title: T\nbase_url: \"https://t.example.org/\"\nperson:\n  name: P\n  summary: |\n    {attack}\napplications:\n  - slug: job\n    title: Job\n    statement: |\n      Intro.\n\n      {attack}\n"
    );
    let body = format!("{ARTEFACT}---\n\nText.\n\n{attack}\n");
    let dir = portfolio(&[("portfolio.yaml", &yaml), ("artefacts/pilot.md", &body)]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (path, bytes) in output_files(&run.out) {
        let text = String::from_utf8_lossy(&bytes);
        for bad in ["onfocus", "autofocus", "alert(1)"] {
            assert!(!text.contains(bad), "{path} contains {bad}");
        }
    }
    let (_, diags) = check(dir.path());
    let mut places: Vec<String> = with_code(&diags, "D0220").into_iter().map(at).collect();
    places.sort();
    assert_eq!(places.len(), 3, "{places:?}");
    assert!(
        places[0].starts_with("artefacts/pilot.md:10:12 "),
        "{places:?}"
    );
    assert!(places[1].starts_with("portfolio.yaml:13:18 "), "{places:?}");
    assert!(places[2].starts_with("portfolio.yaml:6:16 "), "{places:?}");
}

#[test]
fn every_xml_output_parses_whatever_the_titles_hold() {
    let yaml = "title: \"Tom & Jerry <b>\\x01\\x0b]]>\"\nbase_url: \"https://t.example.org/a&b/\"\nperson:\n  name: \"P <&> \\x02\"\n";
    let body = "---\ntitle: \"Fish & chips <script>\\x03\\x1f \\uFFFE\"\nkind: project\ndate: 2025-01-10\nsummary: \"<i>&amp; \\x07\"\n---\n\nText.\n";
    let dir = portfolio(&[("portfolio.yaml", yaml), ("artefacts/fish.md", body)]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut xml_files = 0;
    for (path, bytes) in output_files(&run.out) {
        if path.ends_with(".xml") {
            let text = String::from_utf8(bytes).unwrap();
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}\n{text}"));
            assert!(
                !doc.descendants().any(|n| n.has_tag_name("script")),
                "{path}"
            );
            xml_files += 1;
        }
    }
    assert_eq!(xml_files, 2, "atom.xml and sitemap.xml");
    let atom = std::fs::read_to_string(run.out.join("atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Tom & Jerry <b>]]>"));
    let robots = std::fs::read_to_string(run.out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://t.example.org/a&b/sitemap.xml\n"),
        "{robots}"
    );
}

#[test]
fn file_names_become_addresses_that_resolve() {
    let body = format!(
        "{ARTEFACT}attachments:\n  - {{title: Report, file: \"Report #2 (final)?.pdf\"}}\n  - {{title: Done, file: \"100% done.pdf\"}}\n---\n\nSee [the report](Report%20%232%20(final)%3F.pdf).\n"
    );
    let dir = portfolio(&[
        ("artefacts/pilot.md", &body),
        ("artefacts/Report #2 (final)?.pdf", "%PDF-1.4"),
        ("artefacts/100% done.pdf", "%PDF-1.4"),
    ]);
    let (code, diags) = check(dir.path());
    assert!(with_code(&diags, "D0314").is_empty(), "{diags:?}");
    assert_eq!(code, 0, "{diags:?}");
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let page = std::fs::read_to_string(run.out.join("artefacts/pilot/index.html")).unwrap();
    assert!(page.contains("Report%20%232%20(final)%3F.pdf"), "{page}");
    assert!(page.contains("100%25%20done.pdf"), "{page}");
    assert!(!page.contains("href=\"Report #2"), "{page}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(run.out.join("portfolio.json")).unwrap())
            .unwrap();
    let urls: Vec<&str> = json["artefacts"][0]["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            "https://t.example.org/artefacts/pilot/Report%20%232%20(final)%3F.pdf",
            "https://t.example.org/artefacts/pilot/100%25%20done.pdf"
        ]
    );
    assert!(run
        .out
        .join("artefacts/pilot/Report #2 (final)?.pdf")
        .is_file());
}

#[test]
fn an_image_of_a_private_or_draft_artefact_leaves_no_trace() {
    let body = format!("{ARTEFACT}---\n\n![the plan](secret-plan.md) ![draft](draft-notes.md)\n");
    let private =
        "---\ntitle: Secret\nkind: project\ndate: 2025-01-10\nprivate: true\n---\n\nSecret.\n";
    let draft = "---\ntitle: Notes\nkind: project\ndate: 2025-01-10\ndraft: true\n---\n\nNotes.\n";
    let dir = portfolio(&[
        ("artefacts/pilot.md", &body),
        ("artefacts/secret-plan.md", private),
        ("artefacts/draft-notes.md", draft),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    for (path, bytes) in output_files(&run.out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("secret-plan"), "{path}");
        assert!(!text.contains("draft-notes"), "{path}");
    }
    let page = std::fs::read_to_string(run.out.join("artefacts/pilot/index.html")).unwrap();
    assert!(page.contains("the plan"), "the alt text stays");
    // Both were reported while building.
    assert!(run.stdout.contains("secret-plan.md") || run.stderr.contains("secret-plan.md"));
}

#[test]
fn attachments_that_run_script_are_refused_where_they_are_named() {
    let body = format!(
        "{ARTEFACT}attachments:\n  - {{title: Diagram, file: diagram.svg}}\n---\n\nText.\n\n![chart](chart.html)\n"
    );
    let dir = portfolio(&[
        ("artefacts/pilot.md", &body),
        (
            "artefacts/diagram.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect onload=\"alert(1)\"/></svg>",
        ),
        ("artefacts/chart.html", "<p>x</p><script>alert(2)</script>"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let diags = json_diagnostics(&run.stdout);
    let mut places: Vec<String> = with_code(&diags, "D0320").into_iter().map(at).collect();
    places.sort();
    assert_eq!(places.len(), 2, "{diags:?}");
    assert!(
        places[0].starts_with("artefacts/pilot.md:12:1 "),
        "{places:?}"
    );
    assert!(places[0].contains("<script>"), "{places:?}");
    assert!(
        places[1].starts_with("artefacts/pilot.md:7:28 "),
        "{places:?}"
    );
    assert!(places[1].contains("onload"), "{places:?}");
    assert!(!run.out.exists());
}

#[test]
fn a_table_too_wide_and_nesting_too_deep_are_refused_at_their_line() {
    let wide = format!(
        "{ARTEFACT}---\n\n{}|\n{}|\n",
        "| h ".repeat(10_000),
        "|---".repeat(10_000)
    );
    let deep = format!(
        "{ARTEFACT}---\n\nText.\n\n{}x{}\n",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let dir = portfolio(&[("artefacts/wide.md", &wide), ("artefacts/deep.md", &deep)]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let diags = json_diagnostics(&run.stdout);
    let wide: Vec<String> = with_code(&diags, "D0221").into_iter().map(at).collect();
    assert_eq!(wide.len(), 1, "{diags:?}");
    assert!(wide[0].starts_with("artefacts/wide.md:9:1 "), "{wide:?}");
    assert!(wide[0].contains("10000 columns"), "{wide:?}");
    let deep: Vec<String> = with_code(&diags, "D0222").into_iter().map(at).collect();
    assert_eq!(deep.len(), 1, "{diags:?}");
    assert!(deep[0].starts_with("artefacts/deep.md:10:1 "), "{deep:?}");
}

#[test]
fn a_table_named_by_hostile_headings_keeps_its_label_closed() {
    let dir = portfolio(&[(
        "artefacts/a.md",
        &format!(
            "{ARTEFACT}---\n| x\" onfocus=\"alert(1) | <script>alert(2)</script> | `\"><img src=x>` |\n|---|---|---|\n| 1 | 2 | 3 |\n"
        ),
    )]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(run.out.join("artefacts/a/index.html")).unwrap();
    // The headings' text, escaped, is the whole label; the script's heading is empty.
    assert!(
        page.contains(r#"<div class="prose-table" tabindex="0" role="region" aria-label="Table: x&quot; onfocus=&quot;alert(1), &quot;&gt;&lt;img src=x&gt;"><table>"#),
        "{page}"
    );
}
