//! Themes: the built-in ones, overrides from `templates/`, theme folders extending a built-in
//! theme, clear errors for an unknown theme or a template mistake, and PDF printing.

mod common;

use common::{build, json_diagnostics, portfolio};
use std::process::Command;

const ARTEFACT: &str =
    "---\ntitle: Reading recovery\nkind: project\ndate: 2025-06\n---\n\n## Context\n\nText.\n";

fn read(run: &common::Run, rel: &str) -> String {
    std::fs::read_to_string(run.out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn an_override_template_wins_over_the_themes() {
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        ("templates/artefact.html", "{% extends \"base.html\" %}{% block content %}<h1>Overridden: {{ artefact.title }}</h1>{% endblock content %}"),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&run, "artefacts/a/index.html");
    assert!(
        page.contains("<h1>Overridden: Reading recovery</h1>"),
        "{page}"
    );
    assert!(
        page.contains("theme/style.css"),
        "the rest of the theme (base.html) still applies"
    );
    assert!(
        !read(&run, "index.html").contains("Overridden"),
        "other pages keep the theme's templates"
    );
}

#[test]
fn an_unknown_theme_is_a_clear_error_with_a_suggestion() {
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        (
            "portfolio.yaml",
            "title: T\nbase_url: \"https://t.example.org/\"\ntheme: clasic\nperson:\n  name: P\n",
        ),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let diags = json_diagnostics(&run.stdout);
    assert_eq!(diags.len(), 1, "{}", run.stdout);
    assert_eq!(
        (
            diags[0]["code"].as_str(),
            diags[0]["line"].as_u64(),
            diags[0]["column"].as_u64()
        ),
        (Some("D0311"), Some(3), Some(8))
    );
    assert!(diags[0]["hint"]
        .as_str()
        .unwrap()
        .contains("did you mean `classic`?"));
}

#[test]
fn a_theme_folder_can_extend_a_built_in_theme() {
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\ntheme: my-theme\nperson:\n  name: P\n"),
        ("my-theme/templates/base.html", "{% extends \"classic/base.html\" %}{% block head %}<meta name=\"x-my-theme\" content=\"yes\">{% endblock head %}"),
        ("my-theme/static/extra.css", "body { color: black; }"),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&run, "artefacts/a/index.html");
    assert!(
        page.contains(r#"<meta name="x-my-theme" content="yes">"#),
        "the overridden block is used"
    );
    assert!(
        page.contains("Reading recovery"),
        "the built-in templates still render the page"
    );
    assert!(run.out.join("theme/extra.css").exists() && run.out.join("theme/style.css").exists());
}

#[test]
fn a_template_error_names_the_file_line_and_variable() {
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        ("templates/artefact.html", "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ artefact.titel }}</h1>\n{% endblock content %}"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let diags = json_diagnostics(&run.stdout);
    assert_eq!(diags[0]["code"], "D0401");
    assert_eq!(
        (
            diags[0]["path"].as_str(),
            diags[0]["line"].as_u64(),
            diags[0]["column"].as_u64()
        ),
        (Some("templates/artefact.html"), Some(3), Some(8))
    );
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("artefact.titel"));
}

#[test]
fn every_built_in_theme_renders_every_page_of_the_sample() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
    let listed = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("themes")
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    let themes: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(themes.contains(&"classic"), "{listed}");
    for theme in themes {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&sample, dir.path());
        let config = std::fs::read_to_string(dir.path().join("portfolio.yaml")).unwrap();
        std::fs::write(
            dir.path().join("portfolio.yaml"),
            config.replace("theme: classic", &format!("theme: {theme}")),
        )
        .unwrap();
        let run = build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        for page in [
            "index.html",
            "artefacts/fa-pilot/index.html",
            "competencies/index.html",
            "dossier/index.html",
            "for/deputy-head-northfield-d88701557649d02d/dossier/index.html",
            "404.html",
        ] {
            let html = read(&run, page);
            assert!(html.contains("</html>"), "{theme} {page}");
        }
        let dossier = read(&run, "dossier/index.html");
        assert!(
            dossier.contains("Pupils at or above expected standard")
                && dossier.contains("artefact-fa-pilot"),
            "{theme}: the dossier holds every artefact"
        );
        // The evidence part points at each printed artefact's section in this document, not
        // at the website: on paper a reader turns to the page, and the PDF links within itself.
        let evidence = dossier
            .split(r#"id="evidence""#)
            .nth(1)
            .and_then(|rest| rest.split(r#"id="artefacts""#).next())
            .unwrap_or_else(|| panic!("{theme}: the dossier has no evidence part"));
        assert!(
            evidence.contains(r##"href="#artefact-fa-pilot""##)
                && !evidence.contains(r#"artefacts/fa-pilot/""#),
            "{theme}: the evidence part links a printed artefact to the website"
        );
    }
}

#[test]
fn pdf_without_a_browser_says_how_to_get_one() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["pdf", "--chromium", "/no/such/chromium"])
        .arg(&sample)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("apt-get install chromium"));
}

#[test]
fn pdf_prints_the_dossier_when_chromium_is_installed() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    else {
        eprintln!("skipped: no Chromium on this machine (.ci/run installs it)");
        return;
    };
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "pdf",
            "--chromium",
            chromium,
            "--application",
            "deputy-head-northfield",
            "-o",
        ])
        .arg(&pdf)
        .arg(&sample)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF") && bytes.len() > 10_000);
}

#[test]
fn the_shared_base_is_not_a_theme_of_its_own() {
    let listed = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("themes")
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&listed.stdout).to_string();
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert_eq!(names, ["classic", "compact", "modern"], "{listed}");
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        (
            "portfolio.yaml",
            "title: T\nbase_url: \"https://t.example.org/\"\ntheme: shared\nperson:\n  name: P\n",
        ),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(json_diagnostics(&run.stdout)[0]["code"], "D0311");
}

#[test]
fn a_portfolio_can_override_one_part_of_a_theme() {
    // The theme's parts/cards.html (compact's entries) gives way to the portfolio's, while
    // the page template around it stays the shared one.
    let cards = "{% macro card(c, root, level=2) %}<p class=\"my-card\">{{ c.title }}</p>{% endmacro card %}\
        {% macro cards(list, root, level=2, cols=false) %}{% for c in list %}{{ cards::card(c=c, root=root, level=level) }}{% endfor %}{% endmacro cards %}\
        {% macro section_class() %}my-group{% endmacro section_class %}";
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        (
            "portfolio.yaml",
            "title: T\nbase_url: \"https://t.example.org/\"\ntheme: compact\nperson:\n  name: P\n",
        ),
        ("templates/parts/cards.html", cards),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&run, "artefacts/index.html");
    assert!(
        page.contains(r#"<section class="my-group" aria-labelledby="kind-project">"#)
            && page.contains(r#"<p class="my-card">Reading recovery</p>"#),
        "{page}"
    );
    assert!(
        page.contains("nav-onepage"),
        "the rest of the compact theme still applies"
    );
}

#[test]
fn a_theme_folder_can_extend_another_built_in_theme_than_classic() {
    // `modern/base.html` itself extends the shared base; the chain must resolve from a folder.
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\ntheme: my-theme\nperson:\n  name: Pat Example\n"),
        ("my-theme/templates/base.html", "{% extends \"modern/base.html\" %}{% block head %}<meta name=\"x-my-theme\" content=\"yes\">{% endblock head %}"),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&run, "artefacts/a/index.html");
    assert!(
        page.contains(r#"<span class="brand-mark" aria-hidden="true">PE</span>"#)
            && page.contains(r#"<meta name="x-my-theme" content="yes">"#),
        "{page}"
    );
    assert!(
        page.contains("Reading recovery"),
        "classic's page templates fill the content"
    );
}

#[test]
fn each_theme_stylesheet_is_the_shared_base_then_the_themes_own_rules_in_one_file() {
    for theme in ["classic", "modern", "compact"] {
        let yaml = format!(
            "title: T\nbase_url: \"https://t.example.org/\"\ntheme: {theme}\nperson:\n  name: P\n"
        );
        let dir = portfolio(&[("artefacts/a.md", ARTEFACT), ("portfolio.yaml", &yaml)]);
        let run = build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let css = read(&run, "theme/style.css");
        let base = css.find("/* dossier · shared base CSS");
        let own = css.find(&format!("/* dossier · {theme} theme"));
        assert!(
            matches!((base, own), (Some(0), Some(at)) if at > 0),
            "{theme}: the base comes first, then the theme's rules"
        );
        assert!(
            css.contains("box-sizing: border-box"),
            "{theme}: a rule that lives only in the shared base"
        );
        assert!(
            !run.out.join("theme/css/base.css").exists(),
            "the base is not a file of its own"
        );
        let page = read(&run, "artefacts/a/index.html");
        assert_eq!(
            page.matches("rel=\"stylesheet\"").count(),
            1,
            "{theme}: one stylesheet request"
        );
    }
}

#[test]
fn a_theme_folders_own_stylesheet_still_replaces_the_built_in_one() {
    let dir = portfolio(&[
        ("artefacts/a.md", ARTEFACT),
        (
            "portfolio.yaml",
            "title: T\nbase_url: \"https://t.example.org/\"\ntheme: my-theme\nperson:\n  name: P\n",
        ),
        (
            "my-theme/templates/base.html",
            "{% extends \"classic/base.html\" %}",
        ),
        ("my-theme/static/style.css", "body { color: black; }\n"),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(&run, "theme/style.css"), "body { color: black; }\n");
}

/// An artefact with five headline measures: three outcomes that improved by different
/// amounts (one with `n`), an implementation measure and an outcome that got worse.
const IMPACT: &str = "---
title: Reading recovery
kind: project
date: 2025-06
metrics:
  - {label: Small gain, baseline: 50, result: 55, better: higher, kind: outcome, headline: true, source: Test data}
  - {label: Big gain, unit: pupils, baseline: 40, result: 10, better: lower, kind: outcome, headline: true, n: 112, source: Test data}
  - {label: Middle gain, baseline: 50, result: 60, better: higher, kind: outcome, headline: true, source: Test data}
  - {label: Lessons observed, baseline: 1, result: 90, better: higher, kind: implementation, headline: true, source: Test data}
  - {label: Got worse, baseline: 50, result: 40, better: higher, kind: outcome, headline: true, source: Test data}
---

Text.
";

#[test]
fn the_home_page_opens_with_the_person_then_their_strongest_outcomes_before_any_counts() {
    for theme in ["classic", "modern", "compact"] {
        let config = format!("title: Test portfolio\nbase_url: \"https://t.example.org/\"\nframework: f\ntheme: {theme}\nperson:\n  name: Test Person\n");
        let dir = portfolio(&[
            ("portfolio.yaml", config.as_str()),
            ("artefacts/a.md", IMPACT),
        ]);
        let run = build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        let home = read(&run, "index.html");
        let at = |needle: &str| {
            home.find(needle)
                .unwrap_or_else(|| panic!("{theme}: no {needle} in {home}"))
        };
        assert!(
            at("id=\"person-name\"") < at("class=\"impact-strip\""),
            "{theme}: the name comes first"
        );
        assert!(
            at("class=\"impact-strip\"") < at("class=\"stats\""),
            "{theme}: the strip comes before the counts"
        );
        let strip = &home[at("class=\"impact-strip\"")..];
        let strip = &strip[..strip.find("</section>").unwrap()];
        let order: Vec<usize> = ["Big gain", "Middle gain", "Small gain"]
            .iter()
            .map(|l| {
                strip
                    .find(l)
                    .unwrap_or_else(|| panic!("{theme}: {l} not in {strip}"))
            })
            .collect();
        assert!(
            order[0] < order[1] && order[1] < order[2],
            "{theme}: strongest first: {strip}"
        );
        assert!(
            strip.contains("40 pupils") && strip.contains("10 pupils"),
            "{theme}: baseline and result: {strip}"
        );
        assert!(
            strip.contains("n = 112"),
            "{theme}: the metric's n: {strip}"
        );
        assert!(
            !strip.contains("Lessons observed") && !strip.contains("Got worse"),
            "{theme}: only improved outcomes: {strip}"
        );
    }
}

/// The printable document marks an artefact written in another language as the artefact page
/// does (issue 12): its title, summary and text carry `lang` and `dir="auto"`, in every theme.
#[test]
fn the_printable_document_keeps_each_artefacts_language() {
    let rich = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/portfolios/rich");
    for theme in ["classic", "modern", "compact"] {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(&rich, dir.path());
        let config = dir.path().join("portfolio.yaml");
        let text = std::fs::read_to_string(&config).unwrap();
        let themed: String = text
            .lines()
            .map(|l| match l.starts_with("theme:") {
                true => format!("theme: {theme}"),
                false => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&config, themed).unwrap();
        let run = build(dir.path(), &["--quiet"]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        let dossier = read(&run, "dossier/index.html");
        // The Welsh artefact's title, summary and body.
        let welsh = dossier.matches(r#"dir="auto" lang="cy""#).count();
        assert!(
            welsh >= 3,
            "{theme}: {welsh} elements marked as Welsh in the printable document"
        );
    }
}

/// Past 300 artefacts the printable document prints the newest 300 in full and lists the rest,
/// each with a link to its page, its kind and its date, in every built-in theme.
#[test]
fn a_long_printable_document_lists_the_artefacts_it_does_not_print() {
    for theme in ["classic", "modern", "compact"] {
        let mut files: Vec<(String, String)> = (0..303)
            .map(|i| {
                (
                    format!("artefacts/a{i:03}.md"),
                    format!(
                        "---\ntitle: \"Piece <{i}>\"\nkind: project\ndate: 2020-01-{:02}\n---\n\nText {i}.\n",
                        1 + i % 28
                    ),
                )
            })
            .collect();
        files.push((
            "portfolio.yaml".into(),
            format!("title: T\nbase_url: \"https://t.example.org/\"\ntheme: {theme}\nperson:\n  name: P\n"),
        ));
        let borrowed: Vec<(&str, &str)> = files
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let dir = portfolio(&borrowed);
        let run = build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        let page = read(&run, "dossier/index.html");
        let more = &page[page
            .find("3 more artefacts")
            .unwrap_or_else(|| panic!("{theme}: no list of the unprinted artefacts"))..];
        // The oldest three are the ones left out of the print.
        let items = more.matches("<li><a href=\"../artefacts/").count();
        assert_eq!(items, 3, "{theme}: {more}");
        assert!(
            more.contains(
                "&gt;</a> (Project, <time datetime=\"2020-01-01\">1 January 2020</time>)"
            ),
            "{theme}: each line has its escaped title, kind and date: {}",
            &more[..more.len().min(1500)]
        );
    }
}
