//! `dossier pdf`, read back: the sample and the rich portfolio printed in every theme, then the
//! PDF itself checked (lopdf for pages, bookmarks and destinations; pdftotext for the text):
//! footers with "Page N of M" and the version, contents page numbers that are the real pages,
//! no near-empty page, each testimonial once, A4 or Letter from the language, and two prints
//! of one portfolio byte-identical.
//!
//! "Fullness" of a page: how far down its text area the text reaches (pdftotext -bbox: from the
//! top of the text area to the lowest line, over the height down to the footer). Every page but
//! the cover (page 1, laid out as a title page) and the last must be at least a third full.
//!
//! Each test prints with Chromium and skips, saying so, when there is none (CI has one).

use dossier::pdf::read::{read, Printed};
use std::path::Path;
use std::process::Command;

fn chromium() -> bool {
    let found = dossier::pdf::find_browser(None).is_ok();
    if !found {
        eprintln!("note: no Chromium on PATH, so this PDF test is skipped (CI runs it)");
    }
    found
}

/// A copy of `tests/…` or `sample-portfolio` in a temp folder, with `theme:` set to `theme`.
fn portfolio_copy(rel: &str, theme: &str, language: Option<&str>) -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let tmp = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let to = tmp.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let config = tmp.path().join("portfolio.yaml");
    let mut yaml = std::fs::read_to_string(&config).unwrap();
    yaml = yaml
        .lines()
        .map(|l| match l {
            l if l.starts_with("theme:") => format!("theme: {theme}"),
            l if l.starts_with("language:") && language.is_some() => {
                format!("language: {}", language.unwrap())
            }
            l => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&config, yaml).unwrap();
    tmp
}

/// `dossier pdf DIR -o FILE ARGS…` with a fixed SOURCE_DATE_EPOCH; the PDF's bytes.
fn print(dir: &Path, out: &Path, args: &[&str]) -> Vec<u8> {
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("pdf")
        .arg(dir)
        .arg("-o")
        .arg(out)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::read(out).unwrap()
}

/// The text of each page, from pdftotext.
fn page_texts(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by the PDF tests");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    pages.pop(); // after the last form feed
    pages
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower case without spaces: bookmark titles keep the heading's CSS capitals and lose the
/// spaces at its line breaks.
fn squeeze(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Checks one printed PDF as a panel member would read it.
fn check_printed(pdf_path: &Path, bytes: &[u8], artefacts: usize, expect_letter: bool) {
    let printed: Printed = read(bytes).unwrap();
    let pages = page_texts(pdf_path);
    assert_eq!(pages.len() as u32, printed.pages);
    assert!(printed.pages >= 3, "only {} pages", printed.pages);

    // Paper.
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    let first = doc.get_pages()[&1];
    let media = doc
        .get_dictionary(first)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let width = media[2].as_float().unwrap();
    let expected = if expect_letter { 612.0 } else { 595.9 };
    assert!(
        (width - expected).abs() < 1.5,
        "page width {width}, expected {expected}"
    );

    // Bookmarks: one for every artefact at least, each on a real page.
    assert!(
        printed.outline.len() > artefacts,
        "outline: {:?}",
        printed.outline
    );
    assert!(printed
        .outline
        .iter()
        .all(|(_, _, p)| (1..=printed.pages).contains(p)));

    // The running footer on every page.
    let total = pages.len();
    for (i, text) in pages.iter().enumerate() {
        let footer = format!("Page {} of {total}", i + 1);
        assert!(
            words(text).contains(&footer),
            "page {} has no `{footer}`:\n{text}",
            i + 1
        );
        assert!(text.contains("Version "), "page {} has no version", i + 1);
    }

    // Contents: every "… p. N" names a heading whose bookmark is on page N.
    let contents = pages
        .iter()
        .find(|t| t.to_lowercase().contains("contents"))
        .expect("a contents page");
    let mut checked = 0;
    for line in contents.lines() {
        let line = words(line);
        let mut rest = line.as_str();
        while let Some(at) = rest.find(" p. ") {
            let text = &rest[..at];
            let digits: String = rest[at + 4..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            rest = &rest[at + 4 + digits.len()..];
            let Ok(number) = digits.parse::<u32>() else {
                continue;
            };
            let best = printed
                .outline
                .iter()
                .filter(|(_, title, _)| {
                    !title.trim().is_empty() && squeeze(text).contains(&squeeze(title))
                })
                .max_by_key(|(_, title, _)| title.len());
            if let Some((_, title, page)) = best {
                assert_eq!(*page, number, "contents says `{text}` is on p. {number}; its heading `{title}` is on p. {page}");
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 4,
        "only {checked} contents entries with page numbers matched a heading ({:?}):\n{contents}",
        printed.outline
    );

    // Cross-references print their page.
    assert!(
        pages.iter().any(|t| t.contains("(see p.")),
        "no cross-reference printed a page"
    );

    // Fullness (see the module comment).
    let fill = page_fill(pdf_path);
    for (i, f) in fill.iter().enumerate().take(fill.len() - 1).skip(1) {
        assert!(
            *f >= 1.0 / 3.0,
            "page {} is {:.0}% full, less than a third: {:?}",
            i + 1,
            f * 100.0,
            fill.iter().map(|f| (f * 100.0).round()).collect::<Vec<_>>()
        );
    }
}

/// How full each page is: from the top of the text area to its lowest line of text, over the
/// height from there to the footer (pdftotext -bbox gives each word's box). The top of the text
/// area is the highest word of any page; the footer is what lies in the page's bottom 7%.
fn page_fill(pdf: &Path) -> Vec<f64> {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed by the PDF tests");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let page =
        regex::Regex::new(r#"(?s)<page width="[\d.]+" height="([\d.]+)">(.*?)</page>"#).unwrap();
    let word =
        regex::Regex::new(r#"<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">"#)
            .unwrap();
    // (height, words' top and bottom) of each page.
    let pages: Vec<(f64, Vec<(f64, f64)>)> = page
        .captures_iter(&html)
        .map(|p| {
            let words = word
                .captures_iter(&p[2])
                .map(|w| (w[1].parse().unwrap(), w[2].parse().unwrap()))
                .collect();
            (p[1].parse().unwrap(), words)
        })
        .collect();
    let in_body = |h: f64, (top, _): &(f64, f64)| *top <= 0.93 * h;
    let top = pages
        .iter()
        .flat_map(|(h, ws)| ws.iter().filter(|w| in_body(*h, w)).map(|w| w.0))
        .fold(f64::MAX, f64::min);
    pages
        .iter()
        .map(|(h, ws)| {
            let footer = ws
                .iter()
                .filter(|w| !in_body(*h, w))
                .map(|w| w.0)
                .fold(*h, f64::min);
            let lowest = ws
                .iter()
                .filter(|w| in_body(*h, w))
                .map(|w| w.1)
                .fold(top, f64::max);
            (lowest - top) / (footer - top)
        })
        .collect()
}

fn check_theme(rel: &str, theme: &str, artefacts: usize, quote: &str) {
    if !chromium() {
        return;
    }
    let dir = portfolio_copy(rel, theme, None);
    let out = dir.path().join("out.pdf");
    let bytes = print(dir.path(), &out, &[]);
    check_printed(&out, &bytes, artefacts, false);
    let all = words(&page_texts(&out).join(" "));
    let start = words(quote);
    assert_eq!(
        all.matches(&start).count(),
        1,
        "the testimonial `{quote}` should print once"
    );
}

const SAMPLE: &str = "sample-portfolio";
const RICH: &str = "tests/portfolios/rich";
const SAMPLE_QUOTE: &str = "Nobody had ever rung me to say my son had a good week before.";

#[test]
fn sample_classic() {
    check_theme(SAMPLE, "classic", 12, SAMPLE_QUOTE);
}

#[test]
fn an_application_in_classic() {
    if !chromium() {
        return;
    }
    let dir = portfolio_copy(SAMPLE, "classic", None);
    let out = dir.path().join("app.pdf");
    let bytes = print(
        dir.path(),
        &out,
        &["--application", "deputy-head-northfield"],
    );
    check_printed(&out, &bytes, 6, false);
}

#[test]
fn sample_modern() {
    check_theme(SAMPLE, "modern", 12, SAMPLE_QUOTE);
}

#[test]
fn sample_compact() {
    check_theme(SAMPLE, "compact", 12, SAMPLE_QUOTE);
}

#[test]
fn rich_in_every_theme() {
    if !chromium() {
        return;
    }
    for theme in ["classic", "modern", "compact"] {
        let dir = portfolio_copy(RICH, theme, None);
        let out = dir.path().join("out.pdf");
        let bytes = print(dir.path(), &out, &[]);
        check_printed(&out, &bytes, 10, false);
    }
}

#[test]
fn two_prints_are_identical_and_carry_fixed_metadata() {
    if !chromium() {
        return;
    }
    let dir = portfolio_copy(SAMPLE, "classic", None);
    let first = print(dir.path(), &dir.path().join("a.pdf"), &[]);
    let second = print(dir.path(), &dir.path().join("b.pdf"), &[]);
    assert!(first == second, "two prints of one portfolio differ");
    let doc = lopdf::Document::load_mem(&first).unwrap();
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert_eq!(
        info.get(b"CreationDate").unwrap().as_str().unwrap(),
        b"D:20231114221320Z"
    );
    assert!(
        !String::from_utf8_lossy(&first).contains("file://"),
        "the PDF links to files of this computer"
    );
}

#[test]
fn letter_from_the_language_and_a4_on_request() {
    if !chromium() {
        return;
    }
    let dir = portfolio_copy(SAMPLE, "modern", Some("en-US"));
    let out = dir.path().join("letter.pdf");
    let bytes = print(dir.path(), &out, &[]);
    check_printed(&out, &bytes, 12, true);
    let out = dir.path().join("a4.pdf");
    let bytes = print(dir.path(), &out, &["--paper", "a4"]);
    check_printed(&out, &bytes, 12, false);
    // portfolio.yaml's `paper:` wins over the language.
    let dir = portfolio_copy(SAMPLE, "compact", Some("en-GB"));
    let config = dir.path().join("portfolio.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap() + "\npaper: letter\n";
    std::fs::write(&config, yaml).unwrap();
    let out = dir.path().join("letter.pdf");
    let bytes = print(dir.path(), &out, &[]);
    check_printed(&out, &bytes, 12, true);
}

#[test]
fn an_unknown_paper_is_a_located_error() {
    let dir = portfolio_copy(SAMPLE, "classic", None);
    let config = dir.path().join("portfolio.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap() + "\npaper: a5\n";
    std::fs::write(&config, yaml).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg(dir.path())
        .arg("-o")
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("portfolio.yaml:") && stderr.contains("D0204") && stderr.contains("a4"),
        "{stderr}"
    );
}
