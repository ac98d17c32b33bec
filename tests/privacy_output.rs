//! Issue 10, part B: nothing withheld reaches the public by another road. The rich portfolio
//! (tests/portfolios/rich: private, draft and unconsented material marked CANARY-*, two
//! applications, one private) plus a phone photo with its metadata is built, and every byte of
//! every output file (the PDF too, when Chromium is installed) is scanned; files of private
//! artefacts are refused whoever links to them; applications are private by default; the
//! report of what was held back is in every format.

mod common;

use common::{build, json_diagnostics, portfolio};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Marks material that must never be published (matched ignoring case).
const CANARIES: &[&str] = &["canary-private", "canary-draft", "canary-unconsented"];
/// The private application of the rich portfolio, and words only its pages may hold.
const PRIVATE_APP: &str = "deputy-head-ysgol-y-bryn";
const PRIVATE_APP_TITLE: &str = "Dirprwy Bennaeth, Ysgol y Bryn";

fn rich() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/portfolios/rich")
}

/// A JPEG a phone would write: a comment and XMP naming a pupil, and its pixels.
fn phone_photo() -> Vec<u8> {
    let plain = std::fs::read(common::fixture("images/plain.jpg")).unwrap();
    let segment = |marker: u8, body: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        s.extend_from_slice(body);
        s
    };
    let mut photo = plain[..2].to_vec();
    photo.extend(segment(
        0xFE,
        b"CANARY-PRIVATE-EXIF comment: Pupil Jane Doe",
    ));
    photo.extend(segment(
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<dc:creator>CANARY-PRIVATE-XMP</dc:creator>",
    ));
    photo.extend_from_slice(&plain[2..]);
    photo
}

/// The rich portfolio, in a temporary folder, with the phone photo in a public artefact.
fn rich_with_photo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&rich(), dir.path());
    std::fs::write(dir.path().join("artefacts/2025/phone.jpg"), phone_photo()).unwrap();
    let artefact = dir.path().join("artefacts/2025/coaching-cycles.md");
    let mut text = std::fs::read_to_string(&artefact).unwrap();
    text.push_str("\n![The display board](phone.jpg)\n");
    std::fs::write(artefact, text).unwrap();
    dir
}

/// The files whose name or bytes contain `needle`, ignoring case.
fn holding(files: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    let needle = needle.to_lowercase();
    files
        .iter()
        .filter(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes).to_lowercase();
            text.contains(&needle) || path.to_lowercase().contains(&needle)
        })
        .map(|(path, _)| path.clone())
        .collect()
}

/// The private application's folder in the output: `for/<slug>-<token>/`.
fn private_app_folder(files: &BTreeMap<String, Vec<u8>>) -> String {
    let prefix = format!("for/{PRIVATE_APP}-");
    let path = files
        .keys()
        .find(|p| p.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no page under {prefix}: {:?}", files.keys()));
    path.split('/').take(2).collect::<Vec<_>>().join("/") + "/"
}

#[test]
fn no_withheld_material_reaches_any_byte_of_the_site_or_the_pdf() {
    let dir = rich_with_photo();
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = common::files(&run.out);
    for canary in CANARIES.iter().chain(&["Pupil Jane Doe"]) {
        assert_eq!(holding(&site, canary), Vec::<String>::new(), "{canary}");
    }
    assert!(site.contains_key("artefacts/coaching-cycles/phone.jpg"));

    // The private application: its title and address only on its own pages.
    let folder = private_app_folder(&site);
    for needle in [PRIVATE_APP_TITLE, PRIVATE_APP] {
        let elsewhere: Vec<String> = holding(&site, needle)
            .into_iter()
            .filter(|p| !p.starts_with(&folder))
            .collect();
        assert_eq!(elsewhere, Vec::<String>::new(), "{needle}");
    }

    pdf_holds_nothing_withheld(dir.path());
}

/// `dossier pdf` of the whole portfolio, read back with pdftotext; skipped (with a note) when
/// Chromium or pdftotext is not installed.
fn pdf_holds_nothing_withheld(portfolio: &Path) {
    let installed = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .any(installed);
    if !chromium || !installed("pdftotext") {
        eprintln!("note: Chromium or pdftotext is not installed; the PDF was not scanned");
        return;
    }
    let pdf = portfolio.join("whole.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("pdf")
        .arg(portfolio)
        .arg("-o")
        .arg(&pdf)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_lowercase();
    let raw = String::from_utf8_lossy(&std::fs::read(&pdf).unwrap()).to_lowercase();
    assert!(text.contains("amara"), "the PDF has text: {text:.200}");
    for needle in CANARIES.iter().chain(&[PRIVATE_APP, "pupil jane doe"]) {
        assert!(
            !text.contains(&needle.to_lowercase()),
            "{needle} in the PDF's text"
        );
        assert!(
            !raw.contains(&needle.to_lowercase()),
            "{needle} in the PDF's bytes"
        );
    }

    // The private application prints by its slug, though its page is at its token address.
    let letter = portfolio.join("letter.pdf");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["pdf", "--application", PRIVATE_APP])
        .arg(portfolio)
        .arg("-o")
        .arg(&letter)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = Command::new("pdftotext")
        .arg(&letter)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Dirprwy Bennaeth"), "{text:.300}");
    for canary in CANARIES {
        assert!(
            !text.to_lowercase().contains(canary),
            "{canary} in the letter"
        );
    }
}

#[test]
fn a_public_link_to_a_private_artefacts_file_is_an_error_naming_both_files() {
    // The example, word for word.
    let public = "---\ntitle: Public work\nkind: project\ndate: 2025-06-30\n---\n\nSee [the notes](confidential/conversation-notes.txt).\n";
    let private = "---\ntitle: A conversation\nkind: reflection\ndate: 2025-05-01\nprivate: true\n---\n\n[Notes](conversation-notes.txt)\n";
    let dir = portfolio(&[
        ("artefacts/public.md", public),
        ("artefacts/confidential/meeting.md", private),
        (
            "artefacts/confidential/conversation-notes.txt",
            "CANARY-PRIVATE notes",
        ),
        ("artefacts/confidential/other.txt", "CANARY-PRIVATE other"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = json_diagnostics(&run.stdout);
    let d0411: Vec<&serde_json::Value> = found.iter().filter(|d| d["code"] == "D0411").collect();
    assert_eq!(d0411.len(), 1, "{found:#?}");
    assert_eq!(d0411[0]["path"], "artefacts/public.md");
    assert_eq!(d0411[0]["line"], 7);
    let message = d0411[0]["message"].as_str().unwrap();
    assert!(
        message.contains("artefacts/confidential/conversation-notes.txt")
            && message.contains("private artefact `artefacts/confidential/meeting.md`"),
        "{message}"
    );
    assert!(!run.out.exists(), "nothing is written");

    // A file the private artefact does not link, in the folder only it uses: refused too.
    let public = public.replace("conversation-notes.txt", "other.txt");
    std::fs::write(dir.path().join("artefacts/public.md"), public).unwrap();
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = json_diagnostics(&run.stdout);
    let message = found
        .iter()
        .find(|d| d["code"] == "D0411")
        .and_then(|d| d["message"].as_str())
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        message.contains("`confidential/`")
            && message.contains("artefacts/confidential/meeting.md"),
        "{message}"
    );
}

#[test]
fn applications_are_private_by_default_at_an_address_the_build_prints() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&rich(), dir.path());
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = common::files(&run.out);
    let folder = private_app_folder(&site);
    let token = folder.trim_end_matches('/').rsplit('-').next().unwrap();
    assert_eq!(token.len(), 16, "{folder}");
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()), "{folder}");
    assert!(site.contains_key(&format!("{folder}index.html")));
    assert!(site.contains_key(&format!("{folder}dossier/index.html")));
    let address = format!("https://example.org/~amara/portfolio/{folder}");
    assert!(run.stderr.contains(&address), "{}", run.stderr);

    // portfolio.json and the sitemap list only the application made `public: true`.
    let json: serde_json::Value = serde_json::from_slice(&site["portfolio.json"]).unwrap();
    let listed: Vec<&str> = json["applications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed,
        ["https://example.org/~amara/portfolio/for/head-of-maths-northfield/"]
    );
    let sitemap = String::from_utf8_lossy(&site["sitemap.xml"]);
    assert!(!sitemap.contains(PRIVATE_APP), "{sitemap}");
    assert!(
        sitemap.contains("for/head-of-maths-northfield/"),
        "{sitemap}"
    );
    let page = String::from_utf8_lossy(&site[&format!("{folder}index.html")]);
    assert!(
        page.contains("noindex"),
        "a private application is never indexed"
    );

    // Another portfolio's secret makes another address; the same secret the same one.
    std::fs::write(dir.path().join(".dossier-secret"), "another secret\n").unwrap();
    let other = common::files(&build(dir.path(), &[]).out);
    assert_ne!(private_app_folder(&other), folder);
    let again = build(dir.path(), &[]);
    assert_eq!(
        common::files(&again.out),
        other,
        "byte-identical across builds"
    );
}

#[test]
fn the_first_build_writes_the_secret_once_and_pdf_finds_the_application() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&rich(), dir.path());
    std::fs::remove_file(dir.path().join(".dossier-secret")).unwrap();
    let first = build(dir.path(), &[]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert!(first.stderr.contains(".dossier-secret"), "{}", first.stderr);
    let secret = std::fs::read_to_string(dir.path().join(".dossier-secret")).unwrap();
    let folder = private_app_folder(&common::files(&first.out));
    assert!(!folder.contains("preview"), "{folder}");
    let second = build(dir.path(), &[]);
    assert!(!second.stderr.contains(".dossier-secret"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".dossier-secret")).unwrap(),
        secret
    );
    assert_eq!(private_app_folder(&common::files(&second.out)), folder);
    assert!(
        !common::files(&second.out)
            .keys()
            .any(|p| p.contains("dossier-secret")),
        "the secret is never published"
    );
}

#[test]
fn the_report_of_what_was_held_back_is_in_every_format_and_in_a_file() {
    let dir = rich_with_photo();
    let report_file = dir.path().join("held-back.json");
    let run = build(
        dir.path(),
        &[
            "--format",
            "json",
            "--report",
            report_file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let notes: Vec<serde_json::Value> = json_diagnostics(&run.stdout)
        .into_iter()
        .filter(|d| d["severity"] == "note")
        .collect();
    let codes = |notes: &[serde_json::Value]| {
        let mut codes: Vec<String> = notes
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect();
        codes.dedup();
        codes.sort();
        codes.dedup();
        codes
    };
    assert_eq!(
        codes(&notes),
        ["D0630", "D0640", "D0641", "D0642", "D0643", "D0644"]
    );
    let photo = notes.iter().find(|d| d["code"] == "D0630").unwrap();
    assert_eq!(photo["path"], "artefacts/2025/phone.jpg");
    assert_eq!(photo["message"], "published without a comment, XMP");

    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_file).unwrap()).unwrap();
    let withheld = report["withheld"].as_array().unwrap();
    assert_eq!(codes(withheld), codes(&notes));
    assert_eq!(report["applications"].as_array().unwrap().len(), 2);
    assert_eq!(report["cleaned"][0]["path"], "artefacts/2025/phone.jpg");
    assert!(report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "D0305"));

    let github = build(dir.path(), &["--format", "github"]);
    assert!(
        github
            .stdout
            .lines()
            .any(|l| l.starts_with("::notice file=artefacts/2025/phone.jpg,")
                && l.contains("title=dossier D0630")),
        "{}",
        github.stdout
    );
    let sarif = build(dir.path(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "D0644" && r["level"] == "note"));

    // `check` of a portfolio that passes it (the rich one has links `check` refuses).
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
    let check = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json"])
        .arg(&sample)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let check = json_diagnostics(&String::from_utf8_lossy(&check.stdout));
    let notes: Vec<serde_json::Value> = check
        .into_iter()
        .filter(|d| d["severity"] == "note")
        .collect();
    assert_eq!(codes(&notes), ["D0640", "D0641", "D0642", "D0644"]);
}

#[test]
fn the_photo_in_static_is_published_once() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
    let run = build(&sample, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.out.join("amara.svg").is_file());
    assert!(!run.out.join("media").exists(), "published twice");
    let home = std::fs::read_to_string(run.out.join("index.html")).unwrap();
    assert!(
        home.contains("src=\"amara.svg\""),
        "the page shows the one copy"
    );
}

/// `--format json` is one JSON value per line on stdout; the notice that the secret was written
/// is for the person, on stderr, so it never breaks a CI job's parser.
#[test]
fn the_secret_notice_stays_off_stdout_in_machine_formats() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&rich(), dir.path());
    std::fs::remove_file(dir.path().join(".dossier-secret")).unwrap();
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains(".dossier-secret"), "{}", run.stderr);
    for line in run.stdout.lines().filter(|l| !l.trim().is_empty()) {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    }
}
