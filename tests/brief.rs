//! The panel brief (`brief/`, each application's `for/<slug>-<token>/brief/`, and
//! `dossier pdf --brief`): built for the sample and the rich portfolio in every theme, it has
//! three outcome claims each with its sample and period, a QR code per cited artefact that
//! holds exactly that artefact's absolute address (re-encoded here with the `qrcode` crate and
//! compared module for module), an application's brief at the application's token address
//! and nowhere in the sitemap, feed or portfolio.json, and at most two printed pages.
//! Also: a development plan is not listed as evidence (artefact list, feed, sitemap).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const THEMES: [&str; 3] = ["classic", "modern", "compact"];
const PORTFOLIOS: [&str; 2] = ["sample-portfolio", "tests/portfolios/rich"];
/// A fixed secret, so the application's token address is the same in every run.
const SECRET: &str = "brief-test-secret";

/// `dossier build DIR -o DIR/out` with the fixed secret; the output folder.
fn build(dir: &Path) -> PathBuf {
    let out = dir.join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg(dir)
        .arg("-o")
        .arg(&out)
        .env("DOSSIER_SECRET", SECRET)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The parts of `html` between each `open` and the next `close`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    html.split(open)
        .skip(1)
        .map(|rest| &rest[..rest.find(close).unwrap_or(rest.len())])
        .collect()
}

/// The text of an element's inside, without tags.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `d` of the path of a QR code SVG: every dark module, as the qrcode crate draws them.
fn modules(svg: &str) -> String {
    between(svg, "<path", "/>")
        .first()
        .and_then(|p| between(p, " d=\"", "\"").first().map(|d| d.to_string()))
        .expect("a QR code has one path of dark modules")
}

/// The QR code the qrcode crate makes of `address`, drawn as the brief draws it.
fn encoded(address: &str) -> String {
    let svg = qrcode::QrCode::new(address.as_bytes())
        .unwrap()
        .render::<qrcode::render::svg::Color>()
        .module_dimensions(1, 1)
        .build();
    modules(&svg)
}

fn base_url(portfolio: &Path) -> String {
    let yaml = read(&portfolio.join("portfolio.yaml"));
    let line = yaml.lines().find(|l| l.starts_with("base_url:")).unwrap();
    line["base_url:".len()..]
        .trim()
        .trim_matches('"')
        .to_string()
}

/// Checks one brief page: three claims with n and period, and every QR code.
fn check_brief(html: &str, base_url: &str, root: &str, label: &str) {
    let claims = between(html, "<li class=\"brief-claim\">", "</li>");
    assert_eq!(claims.len(), 3, "{label}: three claims");
    for claim in &claims {
        let n = text(between(claim, "class=\"brief-claim-n\">", "</span>")[0]);
        let period = text(between(claim, "class=\"brief-claim-period\">", "</span>")[0]);
        assert!(n.starts_with("n = "), "{label}: sample `{n}`");
        assert!(
            !period.is_empty() && period != "period not stated",
            "{label}: period `{period}`"
        );
    }
    let cited = between(html, "<li class=\"brief-cited-item\">", "</li>");
    assert!(!cited.is_empty(), "{label}: cited artefacts");
    // Every claim's artefact has its code.
    for claim in &claims {
        let href = between(claim, "<a href=\"", "\"")[0];
        assert!(
            cited
                .iter()
                .any(|c| c.contains(&format!("href=\"{href}\""))),
            "{label}: no QR code for {href}"
        );
    }
    for item in cited {
        let href = between(item, "<a href=\"", "\"")[0];
        let url = href.strip_prefix(root).unwrap();
        assert!(url.starts_with("artefacts/"), "{label}: {href}");
        let address = text(
            between(
                item,
                "class=\"brief-cited-address\" translate=\"no\">",
                "</span>",
            )[0],
        );
        assert_eq!(address, format!("{base_url}{url}"), "{label}");
        let svg = between(item, "<svg", "</svg>")[0];
        assert!(svg.contains("aria-hidden=\"true\""), "{label}");
        assert_eq!(modules(svg), encoded(&address), "{label}: QR of {address}");
    }
}

#[test]
fn the_brief_is_built_in_every_theme_with_three_claims_and_qr_codes_of_the_cited_pages() {
    for rel in PORTFOLIOS {
        for theme in THEMES {
            let dir = common::copy_in_theme(rel, theme);
            let out = build(dir.path());
            let label = format!("{rel} in {theme}");
            let html = read(&out.join("brief/index.html"));
            check_brief(&html, &base_url(dir.path()), "../", &label);
            assert!(
                read(&out.join("index.html")).contains("href=\"brief/\""),
                "{label}: the home page links to the brief"
            );
            assert!(read(&out.join("sitemap.xml")).contains("brief/</loc>"));
        }
    }
}

/// The sample's one application has a private (token) address; the rich one's has a public
/// one too. Each application's brief is beside its page, uses its selection, is `noindex`,
/// and is in no sitemap, feed or portfolio.json.
#[test]
fn an_application_brief_is_at_the_application_address_and_listed_nowhere() {
    for rel in PORTFOLIOS {
        let dir = common::copy_in_theme(rel, "classic");
        let out = build(dir.path());
        let base = base_url(dir.path());
        let folders: Vec<PathBuf> = std::fs::read_dir(out.join("for"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert!(!folders.is_empty());
        let token = folders.iter().any(|f| {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            name.rsplit_once('-')
                .is_some_and(|(_, t)| t.len() == 16 && t.chars().all(|c| c.is_ascii_hexdigit()))
        });
        assert!(token, "{rel}: an application at a token address");
        for folder in &folders {
            let name = folder.file_name().unwrap().to_string_lossy().to_string();
            let link = format!("href=\"../../for/{name}/brief/\"");
            assert!(
                read(&folder.join("index.html")).contains(&link),
                "{rel}: the application page {name} links to its brief"
            );
        }
        for folder in &folders {
            let html = read(&folder.join("brief/index.html"));
            assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
            // Only artefacts the application selected are claimed.
            let app = read(&folder.join("index.html"));
            for claim in between(&html, "<li class=\"brief-claim\">", "</li>") {
                let href = between(claim, "<a href=\"", "\"")[0];
                let url = href.trim_start_matches("../");
                assert!(app.contains(url), "{rel}: {url} is not in the application");
            }
            let cited = between(&html, "<li class=\"brief-cited-item\">", "</li>");
            for item in cited {
                let address = text(between(item, "translate=\"no\">", "</span>")[0]);
                assert!(address.starts_with(&base), "{address}");
                let svg = between(item, "<svg", "</svg>")[0];
                assert_eq!(modules(svg), encoded(&address));
            }
        }
        for data in ["sitemap.xml", "portfolio.json", "atom.xml"] {
            let text = read(&out.join(data));
            for folder in &folders {
                let name = folder.file_name().unwrap().to_string_lossy().to_string();
                assert!(
                    !text.contains(&format!("{name}/brief/")),
                    "{rel}: {data} lists the brief of {name}"
                );
            }
        }
        let sitemap = read(&out.join("sitemap.xml"));
        assert_eq!(
            sitemap.matches("brief/</loc>").count(),
            1,
            "{rel}: {sitemap}"
        );
    }
}

/// A development plan is intent, not evidence: it is not in the artefact list, the recent
/// work, the feed or the sitemap, and its page says noindex; the readiness page and the brief
/// still lead to it.
#[test]
fn a_plan_is_not_listed_as_evidence() {
    let dir = common::copy_in_theme("sample-portfolio", "classic");
    let out = build(dir.path());
    let plan = "artefacts/development-plan-2025-26/";
    let listed = read(&out.join("artefacts/index.html"));
    assert!(!listed.contains("development-plan-2025-26"));
    assert!(!read(&out.join("atom.xml")).contains(plan));
    assert!(!read(&out.join("sitemap.xml")).contains(plan));
    let page = read(&out.join(plan).join("index.html"));
    assert!(page.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(read(&out.join("readiness/index.html")).contains(plan));
    assert!(read(&out.join("brief/index.html")).contains(plan));
    // Other artefacts are still listed, in the feed and the sitemap.
    assert!(listed.contains("artefacts/fa-pilot/"));
    assert!(read(&out.join("atom.xml")).contains("artefacts/fa-pilot/"));
    assert!(read(&out.join("sitemap.xml")).contains("artefacts/fa-pilot/"));
}

fn chromium() -> bool {
    let found = dossier::pdf::find_browser(None).is_ok();
    if !found {
        eprintln!("note: no Chromium on PATH, so this PDF test is skipped (CI runs it)");
    }
    found
}

/// `dossier pdf DIR --brief -o FILE ARGS…` with a fixed SOURCE_DATE_EPOCH; the PDF's bytes.
fn print_brief(dir: &Path, out: &Path, args: &[&str]) -> Vec<u8> {
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("pdf")
        .arg(dir)
        .arg("--brief")
        .arg("-o")
        .arg(out)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("DOSSIER_SECRET", SECRET)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).unwrap()
}

/// The pages of a PDF, read with lopdf, and the text of all of them with pdftotext.
fn pages(bytes: &[u8]) -> usize {
    lopdf::Document::load_mem(bytes).unwrap().get_pages().len()
}

fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by the PDF tests");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_printed_brief_is_at_most_two_pages_in_every_theme() {
    if !chromium() {
        return;
    }
    for rel in PORTFOLIOS {
        for theme in THEMES {
            let dir = common::copy_in_theme(rel, theme);
            let file = dir.path().join("brief.pdf");
            let bytes = print_brief(dir.path(), &file, &[]);
            let n = pages(&bytes);
            assert!((1..=2).contains(&n), "{rel} in {theme}: {n} pages");
            let text = pdf_text(&file);
            assert!(
                text.contains(&format!("Page 1 of {n}")),
                "{rel} in {theme}: footer"
            );
            assert!(text.contains("Version "), "{rel} in {theme}: version");
            assert!(text.contains("n = "), "{rel} in {theme}: claims");
        }
    }
}

#[test]
fn an_application_brief_prints_on_at_most_two_pages_and_the_same_bytes_twice() {
    if !chromium() {
        return;
    }
    let dir = common::copy_in_theme("sample-portfolio", "classic");
    let first = dir.path().join("a.pdf");
    let args = ["--application", "deputy-head-northfield"];
    let bytes = print_brief(dir.path(), &first, &args);
    assert!(pages(&bytes) <= 2);
    let again = print_brief(dir.path(), &dir.path().join("b.pdf"), &args);
    assert!(bytes == again, "two prints of one brief differ");
    assert!(pdf_text(&first).contains("Deputy Headteacher, Northfield School"));
}
