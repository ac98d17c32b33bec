//! Portfolios written by strangers, round two: a primary teacher pasting from Word, a coach whose
//! site is in Welsh or a right-to-left language, edge cases of the format, a trust's folder of
//! portfolios, and one broken variant of each. Each test is a mistake those portfolios showed,
//! reported (or fixed) where it is.

mod common;

use common::{build, json_diagnostics, portfolio};

const GOOD: &str =
    "---\ntitle: Good\nkind: project\ndate: 2025-06-30\n---\n\n## Context\n\nText.\n";

/// The one diagnostic of `run` at `path`, as JSON.
fn diagnostic_at(stdout: &str, path: &str) -> serde_json::Value {
    let diags = json_diagnostics(stdout);
    let found: Vec<_> = diags.iter().filter(|d| d["path"] == path).collect();
    assert_eq!(found.len(), 1, "{stdout}");
    found[0].clone()
}

#[test]
#[cfg(unix)] // making a symbolic link on Windows needs a privilege a test cannot assume
fn links_that_loop_through_each_other_say_so_in_words_with_a_hint() {
    let dir = portfolio(&[("artefacts/2025/a.md", GOOD)]);
    let artefacts = dir.path().join("artefacts");
    std::os::unix::fs::symlink("b", artefacts.join("a")).unwrap();
    std::os::unix::fs::symlink("a", artefacts.join("b")).unwrap();
    std::os::unix::fs::symlink("gone.md", artefacts.join("dangling.md")).unwrap();
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for name in ["a", "b"] {
        let d = diagnostic_at(&run.stdout, &format!("artefacts/{name}"));
        assert_eq!(d["code"], "D0101");
        assert_eq!(d["severity"], "error");
        let message = d["message"].as_str().unwrap();
        assert!(message.contains("loop"), "{message}");
        // Not walkdir's text, with the absolute path and the system's terse reason.
        assert!(!message.contains("IO error"), "{message}");
        assert!(d["hint"].as_str().unwrap().contains("remove the link"));
    }
    let d = diagnostic_at(&run.stdout, "artefacts/dangling.md");
    assert!(
        d["message"].as_str().unwrap().contains("does not exist"),
        "{d}"
    );
    assert!(!run.out.exists(), "a failed build writes nothing");
}

#[test]
fn a_file_named_only_in_raw_html_is_reported_where_written_with_the_markdown_to_use() {
    let body = "---\ntitle: Raw\nkind: project\ndate: 2025-06-30\n---\n\nSee <img src=\"chart.png\" alt=\"A chart\"> here.\n\n<a href=\"https://example.org/x.png\">fine</a> <img src=\"x\" alt=\"no such file\">\n";
    let dir = portfolio(&[
        ("artefacts/2025/raw.md", body),
        ("artefacts/2025/chart.png", "not really a png"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let raw: Vec<_> = json_diagnostics(&run.stdout)
        .into_iter()
        .filter(|d| d["code"] == "D0920")
        .collect();
    // Only the existing file: another site's URL and a name of nothing are not this warning.
    assert_eq!(raw.len(), 1, "{}", run.stdout);
    assert_eq!(raw[0]["path"], "artefacts/2025/raw.md");
    assert_eq!(
        (raw[0]["line"].as_u64(), raw[0]["column"].as_u64()),
        (Some(7), Some(5))
    );
    assert!(raw[0]["hint"]
        .as_str()
        .unwrap()
        .contains("![what it shows](chart.png)"));
    // Under --strict the educator cannot publish the broken image by accident.
    let strict = build(dir.path(), &["--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

#[test]
fn a_file_name_that_gives_no_address_is_named_as_the_file_not_as_a_slug_never_written() {
    let dir = portfolio(&[
        ("artefacts/2025/🎉.md", GOOD),
        ("artefacts/2025/?!.md", GOOD),
        ("artefacts/2025/con.md", GOOD),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    for (file, stem) in [("🎉.md", "🎉"), ("?!.md", "?!"), ("con.md", "con")] {
        let d = diagnostic_at(&run.stdout, &format!("artefacts/2025/{file}"));
        assert_eq!(d["code"], "D0206");
        let message = d["message"].as_str().unwrap();
        assert!(
            message.contains(&format!("comes from its file name `{stem}`")),
            "{message}"
        );
        assert!(!message.contains("this `slug`"), "{message}");
        assert!(d["hint"].as_str().unwrap().contains("slug:"), "{d}");
    }
}

/// `build --all --index` over a trust's folder where one portfolio has never built: the index
/// linked its folder, which did not exist (a dead link on the trust's front page).
#[test]
fn the_index_of_portfolios_links_no_folder_that_was_never_built() {
    let trust = tempfile::tempdir().unwrap();
    let good = common::portfolio(&[("artefacts/2025/a.md", GOOD)]);
    common::copy_dir(good.path(), &trust.path().join("ana"));
    let broken = GOOD.replace("2025-06-30", "31/02/2025");
    let bad = common::portfolio(&[("artefacts/2025/a.md", &broken)]);
    common::copy_dir(bad.path(), &trust.path().join("ben"));
    let out = trust.path().join("site");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--all"])
        .arg(trust.path())
        .arg("-o")
        .arg(&out)
        .arg("--index")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("ben/artefacts/2025/a.md:4:7"), "{stderr}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r#"href="ana/""#), "{index}");
    assert!(!out.join("ben").exists());
    assert!(!index.contains(r#"href="ben/""#), "a dead link: {index}");
}

/// A primary teacher pasted a list from Word: its `•` lines ran together into one paragraph.
#[test]
fn bullets_pasted_from_word_are_a_list_on_the_page_and_in_the_summary() {
    let body = "---\ntitle: Phonics\nkind: project\ndate: 2025-06-30\n---\n\nWhat we did:\n\n• Daily sessions\n    ◦ in small groups\n• Sound mats sent home\n\n```\n• kept in code\n```\n";
    let yaml = "title: Test portfolio\nbase_url: \"https://t.example.org/\"\nframework: f\nperson:\n  name: Test Person\n  summary: |\n    I lead phonics.\n\n    • Reading champion\n    • Parent workshops\n";
    let dir = portfolio(&[
        ("portfolio.yaml", yaml),
        ("artefacts/2025/phonics.md", body),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(run.out.join("artefacts/phonics/index.html")).unwrap();
    assert!(
        page.contains("<li>Daily sessions\n<ul>\n<li>in small groups</li>\n</ul>\n</li>\n<li>Sound mats sent home</li>"),
        "{page}"
    );
    assert!(page.contains("• kept in code"), "{page}");
    let home = std::fs::read_to_string(run.out.join("index.html")).unwrap();
    assert!(
        home.contains("<li>Reading champion</li>\n<li>Parent workshops</li>"),
        "{home}"
    );
}

/// `tests/portfolios/wordpaste`: a primary teacher's pages pasted from Word. It builds in every
/// theme with no error and shows what the teacher meant: curly quotes and `&`/`<` as text, a
/// `•` list as a list, images beside and above the artefact (one `.JPG`), a PDF and a `.DOCX`
/// attachment, the 60-row table in its scroll region; what must not run is gone.
#[test]
fn the_word_paste_portfolio_builds_in_every_theme_and_shows_what_the_teacher_meant() {
    for theme in ["classic", "modern", "compact"] {
        let dir = common::copy_in_theme("tests/portfolios/wordpaste", theme);
        let run = build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stderr);
        assert!(!run.stderr.contains("error"), "{theme}: {}", run.stderr);
        // The one mistake it makes: a raw HTML image of a file, reported where written.
        assert!(
            run.stderr
                .contains("phonics-catch-up.md:44:1: warning[D0920]"),
            "{theme}: {}",
            run.stderr
        );
        let page =
            std::fs::read_to_string(run.out.join("artefacts/phonics-catch-up/index.html")).unwrap();
        assert!(
            page.contains("“Phonics catch‑up” – Year 2 &lt;interventions&gt; &amp; more</h1>"),
            "{theme}: the title"
        );
        assert!(
            page.contains("<li>Daily 15‑minute sessions</li>"),
            "{theme}: the pasted list"
        );
        assert!(
            page.contains(r#"<img src="class.JPG" alt="Class photo">"#),
            "{theme}"
        );
        for file in [
            "class.JPG",
            "x.png",
            "x.jpg",
            "Parent letter.pdf",
            "plan.DOCX",
        ] {
            assert!(
                run.out
                    .join("artefacts/phonics-catch-up")
                    .join(file)
                    .is_file(),
                "{theme}: {file} is published beside the page"
            );
        }
        assert!(page.contains(r#"href="../../artefacts/phonics-catch-up/plan.DOCX""#));
        assert!(page.contains("aria-label=\"Table: Week, Group, Sounds, Pass, Notes\""));
        assert_eq!(
            page.matches("<tr>").count(),
            61,
            "{theme}: the table's rows"
        );
        for gone in ["<iframe", "onerror", "<script>alert"] {
            assert!(!page.contains(gone), "{theme}: {gone}");
        }
        let home = std::fs::read_to_string(run.out.join("index.html")).unwrap();
        assert!(home.contains("<li>Reading champion</li>"), "{theme}");
        assert!(
            home.contains("for&nbsp;9&nbsp;years"),
            "{theme}: no-break spaces kept"
        );
    }
}

/// A coach whose site is in Arabic: the story (what changed, why, what next), the home page's
/// story cards and the brief laid out her text left to right, the full stop on the wrong side.
#[test]
fn a_right_to_left_story_and_timeline_are_laid_out_by_their_own_direction() {
    let body = "---\ntitle: برنامج القراءة\nkind: case-study\ndate: 2025-06-30\nsummary: برنامج قراءة لمدة عشرة أسابيع.\nfeatured: true\nchanged: ارتفعت النسبة.\nwhy: جلسات يومية قصيرة.\nnext: توسيع البرنامج.\n---\n\nنص.\n";
    let yaml = "title: ملف أمل\nbase_url: \"https://amal.example.org/\"\nlanguage: ar\nframework: f\nperson:\n  name: أمل الحسيني\ntimeline:\n  - {start: 2020-09, end: present, title: مدربة تعليمية, organisation: أكاديمية النور}\n";
    let dir = portfolio(&[
        ("portfolio.yaml", yaml),
        ("artefacts/2025/reading.md", body),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |rel: &str| std::fs::read_to_string(run.out.join(rel)).unwrap();
    for (page, html) in [
        ("artefact", read("artefacts/reading/index.html")),
        ("brief", read("brief/index.html")),
    ] {
        for text in ["ارتفعت النسبة.", "جلسات يومية قصيرة.", "توسيع البرنامج."]
        {
            assert!(
                html.contains(&format!("<dd dir=\"auto\">{text}</dd>")),
                "{page}: {text}"
            );
        }
    }
    assert!(read("timeline/index.html").contains(r#"class="tl-title" dir="auto">مدربة تعليمية"#));
}

/// The message of the one diagnostic a front matter of `yaml` gives, and its line:column.
fn the_one_error(front_matter: &str) -> (String, String, String) {
    let text = format!("---\ntitle: M\nkind: project\n{front_matter}---\n\nText.\n");
    let dir = portfolio(&[("artefacts/2025/m.md", &text)]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let d = diagnostic_at(&run.stdout, "artefacts/2025/m.md");
    (
        d["message"].as_str().unwrap().to_string(),
        d["hint"].as_str().unwrap_or_default().to_string(),
        format!("{}:{}", d["line"], d["column"]),
    )
}

/// `2025-6-3` was "not a date: June 2025 has 30 days, not 3"; the 3rd is a day of June.
#[test]
fn a_date_without_its_zeros_is_told_to_add_them_not_that_the_day_is_missing() {
    let (message, hint, at) = the_one_error("date: 2025-6-3\n");
    assert!(message.contains("two digits"), "{message}");
    assert!(!message.contains("days, not"), "{message}");
    assert!(hint.contains("date: 2025-06-03"), "{hint}");
    assert_eq!(at, "4:7");
    // A day past the month's end keeps its own message.
    let (message, _, _) = the_one_error("date: 2025-02-31\n");
    assert!(
        message.contains("February 2025 has 28 days, not 31"),
        "{message}"
    );
}

/// `baseline: .nan` was "`baseline` should be a number, not a number".
#[test]
fn yamls_not_a_number_is_named_as_such() {
    let (message, hint, at) = the_one_error(
        "date: 2025-06-30\nmetrics:\n  - label: X\n    baseline: .nan\n    result: 5\n",
    );
    assert!(message.contains(".nan"), "{message}");
    assert!(!message.contains("not a number\u{60}"), "{message}");
    assert!(
        !message.contains("should be a number, not a number"),
        "{message}"
    );
    assert!(hint.contains("baseline: 68"), "{hint}");
    assert_eq!(at, "7:15");
}
