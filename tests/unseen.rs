//! Portfolios written by strangers from the format alone (docs/format.md), and what they broke.
//!
//! `tests/portfolios/messy/` is a real educator's folder as Windows and a phone leave it: an
//! artefact saved as `Peer Review Pilot.MD`, CRLF line endings and a UTF-8 byte order mark,
//! folder and file names with spaces and accents, odd indentation, quoted and unquoted dates,
//! negative and decimal metrics, a table with a cell no phone can fit, Welsh, Arabic, Hebrew and
//! Chinese, an artefact with no body, and private, draft and unconsented material. It builds in
//! every theme with no error, shows what it should, and publishes none of what it should not.
//! The other tests are the mistakes these portfolios made, each reported where it is.

mod common;

use std::path::Path;

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// What the messy portfolio must never publish, in any file or file name (lowercase).
const WITHHELD: &[&str] = &[
    "secret-private",
    "private-title-xyzzy",
    "draft-title-plugh",
    "secret-draft",
    "secret-noconsent-quote",
    "secret nobody person",
];

#[test]
fn the_messy_portfolio_builds_in_every_theme_and_shows_what_it_should() {
    for theme in ["classic", "modern", "compact"] {
        let dir = common::copy_in_theme("tests/portfolios/messy", theme);
        let run = common::build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        assert!(!run.stderr.contains("error"), "{theme}: {}", run.stderr);

        // `Peer Review Pilot.MD` (CRLF, with a byte order mark) is an artefact like any other.
        let pilot = read(&run.out, "artefacts/peer-review/index.html");
        assert!(
            pilot.contains("Adolygu cymheiriaid"),
            "{theme}: the .MD artefact's title"
        );
        assert!(pilot.contains("61.25%"), "{theme}: its decimal result");
        assert!(pilot.contains("−2.25 pp"), "{theme}: its negative result");
        assert!(
            pilot.contains("Roedd y cynllun yn wych"),
            "{theme}: its consented quote"
        );
        // Its table sits in a region a keyboard can scroll, not widening the page.
        assert!(
            pilot.contains(
                r#"<div class="prose-table" tabindex="0" role="region" aria-label="Table: Blwyddyn, Cyn, Ar ôl, Newid"><table>"#
            ),
            "{theme}: the table's scroll region"
        );
        // Links between artefacts, written to the Markdown files, reach the pages.
        let wellbeing = read(&run.out, "artefacts/wellbeing/index.html");
        assert!(
            wellbeing.contains(r#"href="../peer-review/#cyd-destun-context""#),
            "{theme}: the link to the .MD artefact's heading"
        );
        assert!(run
            .out
            .join("artefacts/publication-français/index.html")
            .is_file());
        assert!(
            run.out.join("artefacts/empty/index.html").is_file(),
            "the empty body"
        );
        assert!(run
            .out
            .join("artefacts/peer-review/adroddiad llawn.pdf")
            .is_file());

        for (path, bytes) in common::files(&run.out) {
            let text = String::from_utf8_lossy(&bytes).to_lowercase();
            for canary in WITHHELD {
                assert!(
                    !text.contains(canary) && !path.to_lowercase().contains(canary),
                    "{theme}: `{canary}` published in {path}"
                );
            }
        }
    }
}

#[test]
fn an_artefact_saved_with_an_uppercase_extension_is_read() {
    let dir = common::portfolio(&[
        (
            "artefacts/Notes From Term 1.MD",
            "---\ntitle: Notes from term one\nkind: reflection\ndate: 2024-12\n---\nBody.\n",
        ),
        (
            "artefacts/b.Markdown",
            "---\ntitle: Second\nkind: reflection\ndate: 2024-11\n---\nSee [the notes](<Notes From Term 1.MD>).\n",
        ),
    ]);
    let run = common::build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = read(&run.out, "artefacts/index.html");
    assert!(
        index.contains("Notes from term one"),
        "the .MD artefact is listed"
    );
    let b = read(&run.out, "artefacts/b/index.html");
    assert!(b.contains(r#"href="../notes-from-term-1/""#), "{b}");
}

#[test]
fn an_email_autolink_in_a_text_is_a_mailto_link_not_a_missing_file() {
    let dir = common::portfolio(&[(
        "artefacts/a.md",
        "---\ntitle: Contact\nkind: reflection\ndate: 2024-12\n---\nWrite to <office@school.example.org>.\n",
    )]);
    let run = common::build(dir.path(), &[]);
    assert!(!run.stderr.contains("D0303"), "{}", run.stderr);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let page = read(&run.out, "artefacts/a/index.html");
    assert!(
        page.contains(
            r#"<a href="mailto:office@school.example.org">office@school.example.org</a>"#
        ),
        "{page}"
    );
}

/// `dossier build` on a portfolio of `files`; its problems, as printed (exit code 1 asserted).
fn refused(files: &[(&str, &str)]) -> String {
    let dir = common::portfolio(files);
    let run = common::build(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

#[test]
fn a_field_written_twice_is_shown_at_its_second_line() {
    let stderr = refused(&[(
        "artefacts/a.md",
        "---\ntitle: One\nkind: project\ndate: 2024-03\ntitle: Two\nmetrics:\n  - label: L\n    baseline: 1\n    result: 2\n    baseline: 3\n---\n",
    )]);
    assert!(
        stderr.contains(
            "artefacts/a.md:5:1: error[D0103]: `title` is written twice here (first on line 2)"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("keep one `title:` line and delete the other"),
        "{stderr}"
    );
    assert!(!stderr.contains("check the indentation"), "{stderr}");
}

#[test]
fn a_duplicate_inside_a_metric_is_shown_at_its_line() {
    let stderr = refused(&[(
        "artefacts/a.md",
        "---\ntitle: One\nkind: project\ndate: 2024-03\nmetrics:\n  - label: L\n    baseline: 1\n    result: 2\n    baseline: 3\n---\n",
    )]);
    assert!(
        stderr.contains(
            "artefacts/a.md:9:5: error[D0103]: `baseline` is written twice here (first on line 7)"
        ),
        "{stderr}"
    );
}

#[test]
fn a_link_to_a_page_address_says_to_link_to_the_markdown_file() {
    let stderr = refused(&[
        (
            "artefacts/a.md",
            "---\ntitle: A\nkind: project\ndate: 2024-03\n---\nSee [b](../b/).\n",
        ),
        (
            "artefacts/b.md",
            "---\ntitle: B\nkind: project\ndate: 2024-03\n---\n",
        ),
    ]);
    assert!(
        stderr.contains("artefacts/a.md:6:5: error[D0303]: `../b/` does not exist"),
        "{stderr}"
    );
    assert!(stderr.contains("link to its Markdown file"), "{stderr}");
    // Not an absolute path on this computer: where in the portfolio a file would go.
    let stderr = refused(&[(
        "artefacts/a.md",
        "---\ntitle: A\nkind: project\ndate: 2024-03\n---\n![chart](chart.png)\n",
    )]);
    assert!(
        stderr.contains("put the file at artefacts/chart.png in the portfolio folder"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_field_lists_the_fields_of_an_artefact() {
    let stderr = refused(&[(
        "artefacts/a.md",
        "---\ntitle: A\nkind: project\ndate: 2024-03\nauthor: Sam\n---\n",
    )]);
    assert!(
        stderr.contains("unknown field `author` in this artefact"),
        "{stderr}"
    );
    assert!(
        stderr.contains("the fields of an artefact are:"),
        "{stderr}"
    );
}

#[test]
fn every_theme_makes_application_title_links_easy_to_tap() {
    let dir = common::copy_in_theme("tests/portfolios/messy", "compact");
    let run = common::build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let css = read(&run.out, "theme/style.css");
    assert!(
        css.contains(".app-artefact-title a { display: inline-block; min-height: 24px; }"),
        "the 24px title links"
    );
    assert!(css.contains(".prose-table {"), "the tables' scroll region");
}

#[test]
fn a_sarif_location_with_spaces_and_accents_is_a_uri() {
    let dir = common::portfolio(&[(
        "artefacts/Tymor 1/Cynllun ôl.md",
        "---\ntitle: A\nkind: project\ndate: 2024-03\nauthor: Sam\n---\n",
    )]);
    let run = common::build(dir.path(), &["--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("one SARIF log");
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, "artefacts/Tymor%201/Cynllun%20%C3%B4l.md");
}

#[test]
fn a_list_left_open_is_shown_where_it_opens() {
    let stderr = refused(&[(
        "artefacts/a.md",
        "---\ntitle: A\ntags: [assessment, coaching\nkind: project\ndate: 2024-03\n---\n",
    )]);
    assert!(
        stderr.contains("artefacts/a.md:3:7: error[D0103]: the `[` here is never closed with `]`"),
        "{stderr}"
    );
}
