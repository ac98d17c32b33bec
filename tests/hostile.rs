//! The threat model's tests (docs/security.md): the rich, hostile portfolio of
//! `tests/portfolios/rich/` built in every built-in theme, with every output byte checked:
//!
//! - no canary of private, draft or unconsented material anywhere, file names included;
//! - nothing a reader's browser would run (`<script>`, `on…=` attributes, `javascript:` URLs,
//!   frames) beyond what the theme itself ships, found by tokenizing like a browser;
//! - every XML output parses, and the HTML inside the feed is as inert as the pages;
//! - two builds of the same folder are byte-identical;
//!
//! plus a property test that puts generated hostile strings into every user-controlled field of
//! a small portfolio and asserts the same of every output.

mod common;
#[path = "common/scan.rs"]
mod scan;

use proptest::prelude::*;
use scan::Active;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Site-relative path → bytes, for every file of one build.
type Files = BTreeMap<String, Vec<u8>>;

/// Strings planted in material that must never be published (lowercase: matched ignoring case).
const CANARIES: &[&str] = &["canary-private", "canary-draft", "canary-unconsented"];

fn rich() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/portfolios/rich")
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio")
}

/// The built-in themes, as `dossier themes` lists them.
fn themes() -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("themes")
        .output()
        .expect("run dossier themes");
    let themes: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(themes.len() >= 3, "dossier themes listed {themes:?}");
    themes
}

/// A copy of `portfolio` whose `theme:` line names `theme`.
fn in_theme(portfolio: &Path, theme: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(portfolio, dir.path());
    let yaml = dir.path().join("portfolio.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("theme:") {
                format!("theme: {theme}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(yaml, text).unwrap();
    dir
}

/// Builds `portfolio` in `theme` and reads every output file; panics if the build fails.
fn build_files(portfolio: &Path, theme: &str, args: &[&str]) -> Files {
    let copy = in_theme(portfolio, theme);
    let run = common::build(copy.path(), args);
    assert_eq!(
        run.code, 0,
        "{theme}: the build failed\n{}{}",
        run.stdout, run.stderr
    );
    read_tree(&run.out)
}

fn read_tree(out: &Path) -> Files {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The rich portfolio built once per theme (shared by the tests of this file).
fn rich_sites() -> &'static BTreeMap<String, Files> {
    static SITES: OnceLock<BTreeMap<String, Files>> = OnceLock::new();
    SITES.get_or_init(|| {
        themes()
            .into_iter()
            .map(|t| {
                let files = build_files(&rich(), &t, &[]);
                (t, files)
            })
            .collect()
    })
}

/// Each canary found, as `file: …context…`, in names and in contents.
fn canaries_in(files: &Files, canaries: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        let lower_path = path.to_ascii_lowercase();
        let lower = bytes.to_ascii_lowercase();
        for canary in canaries {
            if lower_path.contains(canary) {
                found.push(format!("file name {path}"));
            }
            let needle = canary.as_bytes();
            if let Some(at) = lower.windows(needle.len()).position(|w| w == needle) {
                let from = at.saturating_sub(80);
                let to = (at + 80).min(bytes.len());
                found.push(format!(
                    "{path}: …{}…",
                    String::from_utf8_lossy(&bytes[from..to])
                ));
            }
        }
    }
    found
}

/// Everything in an output that a browser (or feed reader) could run, by file.
fn active_in(files: &Files) -> BTreeSet<(String, Active)> {
    let mut found = BTreeSet::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        let page_like = [".html", ".htm", ".svg", ".xhtml"]
            .iter()
            .any(|e| path.ends_with(e));
        if page_like {
            found.extend(
                scan::active_content(&text)
                    .into_iter()
                    .map(|a| (path.clone(), a)),
            );
        } else if path.ends_with(".xml") {
            found.extend(active_in_xml(&text).into_iter().map(|a| (path.clone(), a)));
        } else if path.ends_with(".json") {
            found.extend(active_in_json(&text).into_iter().map(|a| (path.clone(), a)));
        }
    }
    found
}

/// A feed's HTML content is rendered by feed readers: scan it (and the XML's own attributes).
fn active_in_xml(text: &str) -> Vec<Active> {
    let mut found = scan::active_content(text);
    if let Ok(doc) = roxmltree::Document::parse(text) {
        for node in doc.descendants().filter(|n| n.is_element()) {
            if matches!(node.attribute("type"), Some("html" | "xhtml")) {
                let inner: String = node.descendants().filter_map(|n| n.text()).collect();
                found.extend(scan::active_content(&inner));
            }
        }
    }
    found
}

/// `portfolio.json` is read by other programs that will make links of its URLs.
fn active_in_json(text: &str) -> Vec<Active> {
    fn walk(value: &serde_json::Value, key: &str, found: &mut Vec<Active>) {
        match value {
            serde_json::Value::String(s) if scan::is_script_url(s) => found.push(Active {
                tag: "json".into(),
                attribute: key.into(),
                value: s.clone(),
            }),
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, key, found)),
            serde_json::Value::Object(map) => map.iter().for_each(|(k, v)| walk(v, k, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => walk(&value, "", &mut found),
        Err(e) => found.push(Active {
            tag: "json".into(),
            attribute: "parse error".into(),
            value: e.to_string(),
        }),
    }
    found
}

/// What the theme itself ships: the same scan of the sample portfolio (which holds no hostile
/// text) in that theme, by (tag, attribute, value) whatever the page.
fn theme_baseline(theme: &str) -> BTreeSet<Active> {
    static BASELINES: OnceLock<std::sync::Mutex<BTreeMap<String, BTreeSet<Active>>>> =
        OnceLock::new();
    let cache = BASELINES.get_or_init(Default::default);
    if let Some(known) = cache.lock().unwrap().get(theme) {
        return known.clone();
    }
    let files = build_files(&sample(), theme, &[]);
    let baseline: BTreeSet<Active> = active_in(&files).into_iter().map(|(_, a)| a).collect();
    cache.lock().unwrap().insert(theme.into(), baseline.clone());
    baseline
}

/// The active content of `files` that the theme does not ship itself, as readable lines.
fn foreign_active(files: &Files, theme: &str) -> Vec<String> {
    let baseline = theme_baseline(theme);
    active_in(files)
        .into_iter()
        .filter(|(_, a)| !baseline.contains(a))
        .map(|(path, a)| format!("{theme}: {path}: {a}"))
        .collect()
}

/// Every `.xml` output, and every SVG, is well-formed XML; a message per one that is not.
fn malformed_xml(files: &Files) -> Vec<String> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".xml") || p.ends_with(".svg"))
        .filter_map(|(path, bytes)| {
            let text = match std::str::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => return Some(format!("{path}: not UTF-8: {e}")),
            };
            roxmltree::Document::parse(text)
                .err()
                .map(|e| format!("{path}: {e}"))
        })
        .collect()
}

#[test]
fn the_scanner_finds_script_in_a_page() {
    let found = scan::active_content(
        "<a href=\" JaVa&#x0A;Script:alert(1)\">x</a><h2 autofocus onfocus=alert(1)>h</h2>",
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn rich_portfolio_builds_in_every_theme_with_its_pages() {
    for (theme, files) in rich_sites() {
        for page in [
            "index.html",
            "artefacts/fa-pilot/index.html",
            "artefacts/rtl-voices/index.html",
            "artefacts/nested-observation/index.html",
            "for/deputy-head-ysgol-y-bryn-a7edd81f8ee2b932/index.html",
            "for/head-of-maths-northfield/index.html",
            "atom.xml",
            "sitemap.xml",
            "portfolio.json",
        ] {
            assert!(files.contains_key(page), "{theme}: {page} was not written");
        }
        let home = String::from_utf8_lossy(&files["index.html"]);
        assert!(
            home.contains("Rwy'n athrawes fathemateg"),
            "{theme}: Welsh summary"
        );
        let rtl = String::from_utf8_lossy(&files["artefacts/rtl-voices/index.html"]);
        assert!(rtl.contains("لقد غيّرت أمارا"), "{theme}: Arabic quote");
        assert!(rtl.contains("אמרה שינתה"), "{theme}: Hebrew quote");
    }
}

#[test]
fn no_private_draft_or_unconsented_material_in_any_output_byte_or_file_name() {
    let mut found = Vec::new();
    for (theme, files) in rich_sites() {
        found.extend(
            canaries_in(files, CANARIES)
                .into_iter()
                .map(|f| format!("{theme}: {f}")),
        );
    }
    assert!(
        found.is_empty(),
        "withheld material published:\n{}",
        found.join("\n")
    );
}

#[test]
fn with_drafts_private_and_unconsented_material_stays_out() {
    for theme in themes() {
        let files = build_files(&rich(), &theme, &["--drafts"]);
        assert!(
            !canaries_in(&files, &["canary-draft-1"]).is_empty(),
            "{theme}: --drafts should publish the draft (else this test proves nothing)"
        );
        let found = canaries_in(&files, &["canary-private", "canary-unconsented"]);
        assert!(
            found.is_empty(),
            "{theme} --drafts published:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn nothing_in_any_output_runs_script_beyond_what_the_theme_ships() {
    let mut found = Vec::new();
    for (theme, files) in rich_sites() {
        found.extend(foreign_active(files, theme));
    }
    assert!(
        found.is_empty(),
        "script a reader's browser would run:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_xml_output_parses() {
    let mut found = Vec::new();
    for (theme, files) in rich_sites() {
        assert!(files.contains_key("atom.xml") && files.contains_key("sitemap.xml"));
        found.extend(
            malformed_xml(files)
                .into_iter()
                .map(|m| format!("{theme}: {m}")),
        );
    }
    assert!(
        found.is_empty(),
        "XML that does not parse:\n{}",
        found.join("\n")
    );
}

#[test]
fn two_builds_of_the_rich_portfolio_are_byte_identical() {
    for (theme, first) in rich_sites() {
        let second = build_files(&rich(), theme, &[]);
        let names = |f: &Files| f.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(first), names(&second), "{theme}: different files");
        for (path, bytes) in first {
            assert!(
                bytes == &second[path],
                "{theme}: {path} differs between two builds"
            );
        }
    }
}

/// Where a relative `href` written on `page` leads, as a browser resolves it: without its
/// `#fragment` and `?query`, percent-decoded, `..` applied; `None` for other sites.
fn resolve(page: &str, href: &str) -> Option<String> {
    if href.contains(':') || href.starts_with('/') {
        return None;
    }
    let href = href.split('#').next().unwrap_or("");
    let href = href.split('?').next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(href).decode_utf8_lossy();
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in decoded.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[test]
fn attachment_links_with_spaces_hash_percent_and_question_mark_reach_their_files() {
    for (theme, files) in rich_sites() {
        for (page, name) in [
            ("artefacts/fa-pilot/index.html", "Report #2 (final)?.pdf"),
            (
                "artefacts/attendance-family-liaison/index.html",
                "100% done.pdf",
            ),
            (
                "artefacts/nested-observation/index.html",
                "photo of board.png",
            ),
        ] {
            let target = format!("{}{name}", page.trim_end_matches("index.html"));
            assert!(
                files.contains_key(&target),
                "{theme}: {target} was not copied"
            );
            let html = String::from_utf8_lossy(&files[page]);
            let links = scan::links(&html);
            let stem = &name[..4];
            let to_it: Vec<&String> = links.iter().filter(|l| l.contains(stem)).collect();
            assert!(!to_it.is_empty(), "{theme}: {page} has no link to {name}");
            for href in to_it {
                assert_eq!(
                    resolve(page, href).as_deref(),
                    Some(target.as_str()),
                    "{theme}: {page}: the link `{href}` does not reach {name}"
                );
            }
        }
    }
}

#[test]
fn the_email_address_is_published_only_with_show_email() {
    let artefact = "---\ntitle: A\nkind: project\ndate: 2025-06-30\n---\nText.\n";
    for (contact, published) in [
        ("", false),
        ("contact: {show_email: false}\n", false),
        ("contact: {show_email: true}\n", true),
    ] {
        let yaml = format!("title: T\nbase_url: \"https://t.example.org/\"\nperson:\n  name: P\n  email: canary-email@example.org\n{contact}");
        let dir = common::portfolio(&[("portfolio.yaml", &yaml), ("artefacts/a.md", artefact)]);
        let run = common::build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let found = canaries_in(&read_tree(&run.out), &["canary-email"]);
        assert_eq!(!found.is_empty(), published, "{contact:?}: {found:?}");
    }
}

/// Found by the `whole_build` fuzz target: `base_url: "https://&xample.org/"` was accepted and
/// written raw into `atom.xml`, which then did not parse. Refusing such a base_url (exit 1) is as
/// good as escaping it; a well-formed feed is the requirement.
#[test]
fn fuzz_finding_an_ampersand_in_base_url_never_makes_ill_formed_xml() {
    for base_url in ["https://&xample.org/", "https://example.org/?a=1&b=2"] {
        let yaml =
            format!("title: T\nbase_url: \"{base_url}\"\nframework: f\nperson:\n  name: P\n");
        let artefact = "---\ntitle: A\nkind: project\ndate: 2025-06-30\n---\nText.\n";
        let dir = common::portfolio(&[("portfolio.yaml", &yaml), ("artefacts/a.md", artefact)]);
        let run = common::build(dir.path(), &[]);
        assert!(
            run.code == 0 || run.code == 1,
            "{base_url}: exit {}",
            run.code
        );
        if run.code == 0 {
            let broken = malformed_xml(&read_tree(&run.out));
            assert!(broken.is_empty(), "{base_url}: {}", broken.join("\n"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The property: no user-controlled string produces script in any output.

/// Hostile Markdown with no raw HTML in it: what a sanitiser that only runs on raw HTML misses.
const MARKDOWN_PIECES: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](<JaVaScRiPt:alert(1)>)",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "\n\n[r]: javascript:alert(1)\n\n[r]\n",
    "{onfocus=alert(1) autofocus}",
    "\n\n## Heading {onfocus=alert(1) autofocus tabindex=0}\n\n",
    "\n\n# H {#x .c onclick=alert(1)}\n\n",
    "\n\nSetext {onmouseover=alert(1)}\n---\n\n",
    "\n\n### H {#a\"onmouseover=\"alert(1)}\n\n",
];

/// Raw HTML and text that breaks out of where a template puts it.
const HTML_PIECES: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "<a href=\"java&#x09;script:alert(1)\">a</a>",
    "<a href=\"&#106;avascript:alert(1)\">a</a>",
    "<details open ontoggle=alert(1)>x</details>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "\n\n| a | <img src=x onerror=alert(1)> |\n|---|---|\n| b | c |\n\n",
    "[^n]\n\n[^n]: <img src=x onerror=alert(1)>\n",
    "<!--",
    "-->",
];

/// Characters and text that break XML, templates or layout.
const TEXT_PIECES: &[&str] = &[
    "<![CDATA[",
    "]]>",
    "&",
    "&amp;",
    "{{ 7 * 7 }}",
    "{% raw %}",
    "\u{7}",
    "\u{1b}",
    "\u{202e}",
    "e\u{301}",
    "😀",
    "`",
    "\"",
    "'",
];

/// A hostile string: a few pieces, with bits of printable noise between them. One case in two
/// is Markdown alone, because raw HTML anywhere in a text can switch a sanitiser on.
fn hostile_string() -> impl Strategy<Value = String> {
    let select =
        |pieces: &'static [&'static str]| proptest::sample::select(pieces).prop_map(str::to_string);
    let noise = "[ -~]{0,6}";
    let markdown_only = proptest::collection::vec(
        prop_oneof![3 => select(MARKDOWN_PIECES), 1 => select(TEXT_PIECES), 1 => noise],
        1..4,
    );
    let anything = proptest::collection::vec(
        prop_oneof![
            2 => select(MARKDOWN_PIECES),
            3 => select(HTML_PIECES),
            2 => select(TEXT_PIECES),
            1 => noise,
        ],
        1..4,
    );
    prop_oneof![markdown_only, anything].prop_map(|parts| parts.concat())
}

/// `s` as a YAML double-quoted scalar: every character that is not printable ASCII escaped, so
/// any string is valid YAML (raw control characters are not).
fn yaml_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// A small portfolio with `s` in every user-controlled text field (one-line fields get it
/// quoted; Markdown fields and the body get it as Markdown).
fn portfolio_with(s: &str) -> Vec<(&'static str, String)> {
    let q = yaml_quoted(s);
    let md = yaml_quoted(&format!("Before.\n\n{s}\n\nAfter."));
    vec![
        (
            "portfolio.yaml",
            format!(
                "title: {q}\nbase_url: \"https://t.example.org/sub/\"\ntheme: classic\nframework: f\n\
                 person:\n  name: {q}\n  headline: {q}\n  location: {q}\n  email: a@example.org\n\
                 \x20 links: [{{label: {q}, url: \"https://example.org/\"}}]\n  summary: {md}\n\
                 contact: {{show_email: true}}\n\
                 timeline:\n  - {{start: 2020-01, end: present, title: {q}, organisation: {q}, description: {q}}}\n\
                 \x20 - {{date: 2019-06, kind: credential, title: {q}, organisation: {q}, url: \"https://example.org/c\"}}\n\
                 applications:\n  - {{slug: app, title: {q}, statement: {md}, competencies: [coaching], noindex: false}}\n"
            ),
        ),
        (
            "frameworks/f.yaml",
            format!(
                "id: f\nname: {q}\nsource: {q}\ncompetencies:\n  - {{id: coaching, name: {q}, description: {q}, short: {q}}}\n  - {{id: gap, name: {q}}}\n"
            ),
        ),
        (
            "artefacts/a.md",
            format!(
                "---\ntitle: {q}\nkind: case-study\ndate: 2024-06\nrole: {q}\nsummary: {q}\ntags: [{q}, plain]\n\
                 competencies: [coaching]\nfeatured: true\n\
                 metrics:\n  - {{label: {q}, unit: {q}, baseline: 1, result: 2, target: 3, headline: true, source: {q}, series: [{{date: 2024-01, value: 1}}, {{date: 2024-06, value: 2}}]}}\n\
                 testimonials:\n  - {{quote: {q}, name: {q}, role: {q}, relationship: colleague, date: 2024-06, consent: true}}\n\
                 attachments:\n  - {{title: {q}, url: \"https://example.org/a\"}}\n  - {{title: {q}, file: f.pdf}}\n---\n\n{s}\n\n## Results\n\n{s}\n"
            ),
        ),
        ("artefacts/f.pdf", "%PDF-1.4\n%%EOF\n".to_string()),
    ]
}

/// Writes `files` into a fresh folder.
fn write_portfolio(files: &[(&str, String)], theme: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let text = text.replace("theme: classic", &format!("theme: {theme}"));
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Builds the portfolio with `s` everywhere; `None` when dossier refused it (exit 1, which is
/// allowed: refusing is safe), the files otherwise. Crashes and tool failures fail the test.
fn build_with_string(s: &str, theme: &str) -> Option<Files> {
    let dir = write_portfolio(&portfolio_with(s), theme);
    let run = common::build(dir.path(), &[]);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {} for {s:?}\n{}{}",
        run.code,
        run.stdout,
        run.stderr
    );
    (run.code == 0).then(|| read_tree(&run.out))
}

#[test]
fn the_generated_portfolio_builds_with_plain_text() {
    for theme in themes() {
        let files = build_with_string("Plain words & more", &theme)
            .unwrap_or_else(|| panic!("{theme}: the plain portfolio must build"));
        let home = String::from_utf8_lossy(&files["index.html"]);
        assert!(home.contains("Plain words &amp; more"), "{theme}");
        assert!(
            files.contains_key("artefacts/a/f.pdf"),
            "{theme}: attachment"
        );
        // Private by default: at `for/app-<token>/`, the token from the secret the build wrote.
        assert!(
            files
                .keys()
                .any(|k| k.starts_with("for/app-") && k.ends_with("/index.html")),
            "{theme}: application"
        );
    }
}

proptest! {
    // A fixed seed: the same 32 cases on every run, so a failure is reproducible and CI is stable.
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(8),
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_user_controlled_string_produces_script_in_any_output(
        s in hostile_string(),
        theme in proptest::sample::select(vec!["classic", "modern", "compact"]),
    ) {
        if let Some(files) = build_with_string(&s, theme) {
            let found = foreign_active(&files, theme);
            prop_assert!(found.is_empty(), "{s:?} produced:\n{}", found.join("\n"));
            let broken = malformed_xml(&files);
            prop_assert!(broken.is_empty(), "{s:?} made XML that does not parse:\n{}", broken.join("\n"));
        }
    }
}
