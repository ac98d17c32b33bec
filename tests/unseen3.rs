//! Portfolios written by strangers, round three: educators who bring their notes from other
//! tools and machines (Obsidian, Notion and Google Docs exports, Hugo and Jekyll, Windows and
//! macOS). Each test is something those portfolios showed, reported (or fixed) where it is.

mod common;

use common::{build, json_diagnostics, portfolio};

/// The diagnostics of a run with `code`, as JSON.
fn with_code(stdout: &str, code: &str) -> Vec<serde_json::Value> {
    json_diagnostics(stdout)
        .into_iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// Every file the build wrote, as text, joined: what a visitor or a crawler could read.
fn everything_written(out: &std::path::Path) -> String {
    common::files(out)
        .into_values()
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn obsidian_comments_are_private_notes_and_never_reach_the_site() {
    let note = "---\ntitle: Reading project\nkind: project\ndate: 2024-06-30\n---\n\nPupils read more %%ask Sam about the Jones family%% when they choose.\n\n%%\nDo not publish: staffing worries\n%%\n\nKept: `%%code%%` and 50%% off.\n\n[Later](missing.pdf)\n";
    let dir = portfolio(&[("artefacts/Year 9/Reading project.md", note)]);
    let run = build(dir.path(), &["--format", "json"]);
    // The link after the comments is still reported at its own line.
    let missing = with_code(&run.stdout, "D0303");
    assert_eq!(missing.len(), 1, "{}", run.stdout);
    assert_eq!(missing[0]["line"], 15, "{}", run.stdout);
    std::fs::write(
        dir.path().join("artefacts/Year 9/Reading project.md"),
        note.replace("[Later](missing.pdf)", "Later."),
    )
    .unwrap();
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let site = everything_written(&run.out);
    assert!(!site.contains("Jones"), "a comment was published");
    assert!(
        !site.contains("staffing"),
        "a multi-line comment was published"
    );
    assert!(site.contains("when they choose"));
    assert!(
        site.contains("<code>%%code%%</code>"),
        "code is left as written"
    );
    assert!(site.contains("50%% off"), "a lone %% is text");
}

#[test]
fn wikilinks_and_embeds_warn_where_written_with_the_markdown_to_write() {
    let note = "---\ntitle: Log\nkind: reflection\ndate: 2024-05-01\n---\n\nSee [[Reading project|the project]] and [[Coaching Log#Week 2]].\n\n![[photo.png]]\n\n```\n[[in code]]\n```\n";
    let dir = portfolio(&[("artefacts/log.md", note)]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stdout);
    let found = with_code(&run.stdout, "D0940");
    assert_eq!(found.len(), 3, "{}", run.stdout);
    assert_eq!(
        (found[0]["line"].clone(), found[0]["column"].clone()),
        (7.into(), 5.into())
    );
    let hint = |i: usize| found[i]["hint"].as_str().unwrap().to_string();
    assert!(
        hint(0).contains("[the project](Reading%20project.md)"),
        "{}",
        hint(0)
    );
    assert!(
        hint(1).contains("[Coaching Log](Coaching%20Log.md#week-2)"),
        "{}",
        hint(1)
    );
    assert_eq!(found[2]["line"], 9);
    assert!(found[2]["message"].as_str().unwrap().contains("embed"));
    assert!(hint(2).contains("](photo.png)"), "{}", hint(2));
}

#[test]
fn hugo_and_jekyll_syntax_warns_and_a_data_image_says_it_is_left_out() {
    let note = "---\ntitle: Moved\nkind: project\ndate: 2024-03-15\n---\n\n{{< figure src=\"a.png\" >}}\n\n{% include note.html %}\n\n![Chart](data:image/png;base64,iVBORw0KGgo=)\n";
    let dir = portfolio(&[("artefacts/moved.md", note)]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let tags = with_code(&run.stdout, "D0941");
    assert_eq!(tags.len(), 2, "{}", run.stdout);
    assert!(tags[0]["message"].as_str().unwrap().contains("Hugo"));
    assert!(tags[1]["message"].as_str().unwrap().contains("Liquid"));
    let data = with_code(&run.stdout, "D0942");
    assert_eq!(data.len(), 1, "{}", run.stdout);
    assert_eq!(data[0]["line"], 11);
}

#[test]
fn a_phone_photo_or_a_video_as_an_image_and_a_liquid_variable_warn() {
    let note = "---\ntitle: Media\nkind: project\ndate: 2024-03-15\n---\n\n![Class](IMG_0042.HEIC)\n\n![Lesson](clip.mov)\n\n![Logo]({{ site.baseurl }}/logo.png)\n";
    let dir = portfolio(&[
        ("artefacts/media.md", note),
        ("artefacts/IMG_0042.HEIC", "x"),
        ("artefacts/clip.mov", "x"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    let unshown = with_code(&run.stdout, "D0944");
    assert_eq!(unshown.len(), 2, "{}", run.stdout);
    assert_eq!(unshown[0]["line"], 7);
    assert!(unshown[0]["hint"].as_str().unwrap().contains("JPEG"));
    assert!(unshown[1]["message"].as_str().unwrap().contains("video"));
    let liquid = with_code(&run.stdout, "D0941");
    assert_eq!(liquid.len(), 1, "{}", run.stdout);
    assert_eq!(liquid[0]["line"], 11);
}

#[test]
fn toml_front_matter_is_named_and_the_previous_site_stays() {
    let dir = portfolio(&[(
        "artefacts/peer.md",
        "+++\r\ntitle = \"Peer review\"\r\nkind = \"project\"\r\ndate = 2024-03-15\r\n+++\r\n\r\nBody.\r\n",
    )]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = with_code(&run.stdout, "D0943");
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_eq!(found[0]["severity"], "error");
    assert!(found[0]["message"].as_str().unwrap().contains("TOML"));
    assert!(found[0]["hint"].as_str().unwrap().contains("`---`"));
    assert!(!run.out.exists(), "a failed build writes nothing");
}

#[test]
fn hugo_front_matter_builds_where_it_means_the_same_and_says_what_to_do_where_not() {
    let hugo = "---\ntitle: Hugo post\nkind: project\ndate: 2024-03-15T09:30:00+01:00\nstart: 2024-01-02 10:00:00 +0100\ntags: \"one, two\"\n---\nBody\n";
    let obsidian = "---\ntitle: Obsidian note\nkind: reflection\ndate: 2024-03-15\ntags: [\"#reflection\", C#]\n---\nBody\n";
    let dir = portfolio(&[
        ("artefacts/hugo.md", hugo),
        ("artefacts/obsidian.md", obsidian),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let page = std::fs::read_to_string(run.out.join("artefacts/hugo/index.html")).unwrap();
    assert!(
        page.contains("datetime=\"2024-03-15\""),
        "the day as written"
    );
    assert!(page.contains("datetime=\"2024-01-02\""));
    assert!(
        run.out.join("tags/one/index.html").exists(),
        "\"one, two\" is two tags"
    );
    assert!(run.out.join("tags/two/index.html").exists());
    let obsidian = std::fs::read_to_string(run.out.join("artefacts/obsidian/index.html")).unwrap();
    assert!(
        obsidian.contains(">reflection</a>"),
        "Obsidian's `#` is not part of the tag"
    );
    assert!(obsidian.contains(">C#</a>"));

    let fields = "---\ntitle: Jekyll post\nkind: project\ndate: 2024-03-15\nlayout: post\ndescription: A sentence.\n---\nBody\n";
    let dir = portfolio(&[("artefacts/jekyll.md", fields)]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let unknown = with_code(&run.stdout, "D0205");
    assert_eq!(unknown.len(), 2, "{}", run.stdout);
    assert!(unknown[0]["hint"]
        .as_str()
        .unwrap()
        .contains("delete the line"));
    assert!(unknown[1]["hint"].as_str().unwrap().contains("summary:"));
}

#[test]
fn files_windows_and_macos_leave_behind_are_not_artefacts() {
    let good = "---\r\ntitle: Good\r\nkind: project\r\ndate: 2025-06-30\r\n---\r\n\r\nText.\r\n";
    let dir = portfolio(&[
        ("artefacts/good.md", good),
        // Word's owner file beside an open document, and Windows' folder files.
        ("artefacts/~$good.md", "\u{0}\u{1}binary"),
        ("artefacts/Thumbs.db", "\u{0}"),
        ("artefacts/desktop.ini", "[.ShellClassInfo]"),
        // macOS writes names decomposed: the slug is the one the same name typed gives.
        (
            "artefacts/Cafe\u{301} visit.md",
            "---\ntitle: Café\nkind: project\ndate: 2025-06-30\n---\n",
        ),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.out.join("artefacts/café-visit/index.html").exists());
}

#[test]
fn a_windows_backslash_path_says_to_write_a_slash() {
    let note = "---\ntitle: Photo\nkind: project\ndate: 2025-06-30\n---\n\n![A photo](images\\photo.jpg)\n";
    let dir = portfolio(&[
        ("artefacts/photo.md", note),
        ("artefacts/images/photo.jpg", "x"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = with_code(&run.stdout, "D0303");
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(
        found[0]["hint"]
            .as_str()
            .unwrap()
            .contains("write `images/photo.jpg`"),
        "{}",
        run.stdout
    );
}

/// `tests/portfolios/migrated`: notes brought from Obsidian (on Windows: CRLF and a byte order
/// mark), Notion, Hugo and a Mac, published in a sub-folder. It builds in every theme with one
/// warning (its leftover wikilink) and shows what the educator meant; the comments are gone.
#[test]
fn the_migrated_portfolio_builds_in_every_theme_and_shows_what_the_notes_meant() {
    for theme in ["classic", "modern", "compact"] {
        let dir = common::copy_in_theme("tests/portfolios/migrated", theme);
        let run = build(dir.path(), &["--format", "json"]);
        assert_eq!(run.code, 0, "{theme}: {}", run.stdout);
        let diags = json_diagnostics(&run.stdout);
        let codes: Vec<_> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["D0940"], "{theme}: {}", run.stdout);
        assert_eq!(diags[0]["line"], 13, "{theme}: CRLF and the BOM keep lines");

        let page = |rel: &str| std::fs::read_to_string(run.out.join(rel)).unwrap();
        let reading = page("artefacts/reading-project/index.html");
        assert!(
            reading.contains(r#"<a href="../coaching-log-3f2a9c1e4b7d/">my coaching log</a>"#),
            "{theme}: the percent-encoded link between exported pages"
        );
        assert!(reading.contains(r#"<img src="photo.png" alt="The reading corner in room 12">"#));
        assert!(run.out.join("artefacts/reading-project/photo.png").exists());
        let coaching = page("artefacts/coaching-log-3f2a9c1e4b7d/index.html");
        assert!(
            coaching.contains("3-part cycle, issue #4, *not* bold"),
            "{theme}: escapes"
        );
        assert!(coaching.contains("<aside>"), "{theme}");
        let hugo = page("artefacts/peer-review/index.html");
        assert!(
            hugo.contains(r#"datetime="2024-03-15""#),
            "{theme}: the day of a Hugo date"
        );
        for tag in ["marking", "feedback"] {
            assert!(
                run.out.join(format!("tags/{tag}/index.html")).exists(),
                "{theme}: {tag}"
            );
        }
        assert!(
            run.out.join("artefacts/café-visits/index.html").exists(),
            "{theme}: NFD name"
        );
        assert!(
            page("sitemap.xml").contains(
                "<loc>https://Teachers.Example.org/staff/ana/artefacts/peer-review/</loc>"
            ),
            "{theme}: the sub-path"
        );
        let site = everything_written(&run.out);
        for private in ["Jones", "staffing", "thumbnail cache", "ShellClassInfo"] {
            assert!(!site.contains(private), "{theme}: {private} was published");
        }
    }
}
