//! `--blind`: the sample and the rich portfolio built blind in every theme, and every output
//! byte (pages, JSON, XML, SVG, copied files and their names) scanned for the strings a blind
//! build replaces: the person's name, surname alone, email, school, each referee, and names on
//! the privacy lists (plain and hashed), case-insensitively. The same for `pdf --blind` (text
//! and document information) and `pack --blind`; the label is stable across builds; and D0305
//! never repeats the unconsented referee's name.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

type Files = BTreeMap<String, Vec<u8>>;

const THEMES: [&str; 3] = ["classic", "modern", "compact"];

/// What the sample says that a blind build must not: the person, her email, her schools and
/// employer, each named referee (whole and by surname), and the two privacy-list names the
/// tests add (one plain, one hashed).
const SAMPLE_NEEDLES: &[&str] = &[
    "Amara Okafor",
    "Okafor",
    "amara@example.org",
    "Riverside Academy",
    "Riverside",
    "Kirkstall Park",
    "Lena Fischer",
    "Fischer",
    "Mark Ellison",
    "Ellison",
    "Hannah Whitaker",
    "Whitaker",
    "Priya Sandhu",
    "Sandhu",
    "Tom Hargreaves",
    "Hargreaves",
    "Joy Mensah",
    "Mensah",
    "amara.svg",
    PLAIN_LISTED,
    HASHED_LISTED,
];

/// On the plain-text privacy list of the tests (DOSSIER_PRIVACY_NAMES).
const PLAIN_LISTED: &str = "Leeds Central Library";
/// Added to privacy.yaml with `dossier privacy add`, so stored only as a hash.
const HASHED_LISTED: &str = "Northfield School";

/// The rich portfolio's person is two people written with markup, her email has an
/// apostrophe, her referees write in Welsh, Arabic and Hebrew.
const RICH_NEEDLES: &[&str] = &[
    "Okafor",
    "Amara",
    "Gruffudd",
    "Siân ap",
    "o'brien",
    "Lena Fischer",
    "Fischer",
    "Gwenllian ap Rhys",
    "ليلى حسن",
    "יעל כהן",
    "Riverside & Co",
    "Glan-y-Môr",
    "amara.png",
];

fn dossier(args: &[&std::ffi::OsStr], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command.args(args).env("SOURCE_DATE_EPOCH", "1750000000");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("run dossier")
}

/// The sample in `theme` with the tests' privacy lists: a plain list (returned, to pass as
/// DOSSIER_PRIVACY_NAMES) and a hashed name in privacy.yaml.
fn sample_with_lists(theme: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = common::copy_in_theme("sample-portfolio", theme);
    let list = dir.path().join("..").join(format!(
        "{}-names.txt",
        dir.path().file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&list, format!("# pupils and places\n{PLAIN_LISTED}\n")).unwrap();
    let added = dossier(
        &[
            "privacy".as_ref(),
            "add".as_ref(),
            HASHED_LISTED.as_ref(),
            dir.path().as_os_str(),
        ],
        &[],
    );
    assert!(added.status.success(), "{added:?}");
    (dir, list)
}

/// `dossier build DIR -o OUT ARGS…` with the privacy list in the environment.
fn build(dir: &Path, out: &Path, args: &[&str], list: Option<&Path>) -> Output {
    let mut all: Vec<&std::ffi::OsStr> = vec!["build".as_ref(), dir.as_os_str()];
    all.extend(["-o".as_ref(), out.as_os_str()]);
    all.extend(args.iter().map(std::ffi::OsStr::new));
    let env: Vec<(&str, &Path)> = list
        .map(|l| ("DOSSIER_PRIVACY_NAMES", l))
        .into_iter()
        .collect();
    dossier(&all, &env)
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

/// Lower case, with the escapes pages and feeds use undone, so "O&#39;Brien" is "o'brien".
fn readable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("\\u0026", "&")
        .to_lowercase()
}

/// Every needle found in a file's name or bytes, as "path: needle".
fn leaks(files: &Files, needles: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        let text = readable(bytes);
        let name = path.to_lowercase();
        for needle in needles {
            let needle = needle.to_lowercase();
            if text.contains(&needle) || name.contains(&needle) {
                found.push(format!("{path}: {needle}"));
            }
        }
    }
    found
}

/// The label a blind build printed: `the candidate is "Candidate 7F3A"`.
fn label(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("Blind build:"))
        .unwrap_or_else(|| panic!("no blind build line in:\n{stderr}"));
    line.split('"').nth(1).expect("a quoted label").to_string()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn the_blind_sample_names_nobody_in_any_theme() {
    for theme in THEMES {
        let (dir, list) = sample_with_lists(theme);
        let out = dir.path().join("out");
        // Without --blind the listed names fail the build: they really are in the text.
        let normal = build(dir.path(), &out, &[], Some(&list));
        assert!(!normal.status.success(), "{theme}: {}", text(&normal));
        assert!(text(&normal).contains("D0601"), "{}", text(&normal));
        let run = build(dir.path(), &out, &["--blind"], Some(&list));
        assert!(run.status.success(), "{theme}: {}", text(&run));
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("warning[D0651]"), "{stderr}");
        let files = read_tree(&out);
        assert!(files.len() > 40, "{theme}: only {} files", files.len());
        assert_eq!(
            leaks(&files, SAMPLE_NEEDLES),
            Vec::<String>::new(),
            "{theme}"
        );
        let label = label(&stderr);
        let home = String::from_utf8_lossy(&files["index.html"]);
        assert!(
            home.contains(&label),
            "{theme}: the home page lacks {label}"
        );
        assert!(home.contains("Organisation A"), "{theme}");
        let testimonials = String::from_utf8_lossy(&files["testimonials/index.html"]);
        assert!(testimonials.contains("Referee 1"), "{theme}");
        // The roles stay: a panel still learns who vouched, not their name.
        assert!(testimonials.contains("Headteacher"), "{theme}");
        std::fs::remove_file(list).unwrap();
    }
}

#[test]
fn the_blind_rich_portfolio_names_nobody_in_any_theme() {
    for theme in THEMES {
        let dir = common::copy_in_theme("tests/portfolios/rich", theme);
        let out = dir.path().join("out");
        let run = build(dir.path(), &out, &["--blind"], None);
        assert!(run.status.success(), "{theme}: {}", text(&run));
        let files = read_tree(&out);
        assert!(files.len() > 40, "{theme}: only {} files", files.len());
        assert_eq!(leaks(&files, RICH_NEEDLES), Vec::<String>::new(), "{theme}");
        // The same needles are in a normal build: the scan would catch a leak.
        let normal = build(dir.path(), &dir.path().join("normal"), &[], None);
        assert!(normal.status.success(), "{}", text(&normal));
        let found = leaks(&read_tree(&dir.path().join("normal")), RICH_NEEDLES);
        for needle in [
            "okafor",
            "gruffudd",
            "fischer",
            "ليلى حسن",
            "יעל כהן",
            "glan-y-môr",
        ] {
            assert!(
                found.iter().any(|f| f.ends_with(needle)),
                "{needle}: {found:?}"
            );
        }
    }
}

#[test]
fn the_label_is_stable_and_a_normal_build_is_untouched() {
    let dir = common::copy_in_theme("sample-portfolio", "classic");
    let labels: Vec<String> = ["a", "b"]
        .iter()
        .map(|name| {
            let run = build(dir.path(), &dir.path().join(name), &["--blind"], None);
            assert!(run.status.success(), "{}", text(&run));
            label(&String::from_utf8_lossy(&run.stderr))
        })
        .collect();
    assert_eq!(labels[0], labels[1]);
    assert!(labels[0].starts_with("Candidate "), "{}", labels[0]);
    assert_eq!(
        read_tree(&dir.path().join("a")),
        read_tree(&dir.path().join("b"))
    );
    let normal = build(dir.path(), &dir.path().join("n"), &[], None);
    assert!(!text(&normal).contains("Blind build"), "{}", text(&normal));
    let home = String::from_utf8_lossy(&std::fs::read(dir.path().join("n/index.html")).unwrap())
        .into_owned();
    assert!(home.contains("Amara Okafor") && !home.contains("Candidate "));
}

#[test]
fn a_file_naming_the_person_is_withheld_with_a_warning() {
    let dir = common::portfolio(&[
        (
            "artefacts/a.md",
            "---\ntitle: Notes\nkind: reflection\ndate: 2025-01-01\nattachments:\n  - {title: Notes, file: notes.txt}\n  - {title: Plan, file: plan.txt}\n---\nTest Person wrote this; ask PERSON. See [the notes](notes.txt).\n",
        ),
        ("artefacts/notes.txt", "Written by Test Person"),
        ("artefacts/plan.txt", "A plan"),
    ]);
    let out = dir.path().join("out");
    let run = build(dir.path(), &out, &["--blind", "--format", "json"], None);
    assert!(run.status.success(), "{}", text(&run));
    let diags = common::json_diagnostics(&String::from_utf8_lossy(&run.stdout));
    let warning = diags
        .iter()
        .find(|d| d["code"] == "D0650")
        .unwrap_or_else(|| panic!("no D0650 in {diags:?}"));
    assert!(warning["message"]
        .as_str()
        .unwrap()
        .contains("artefacts/notes.txt"));
    let files = read_tree(&out);
    assert!(
        files.keys().any(|f| f.ends_with("plan.txt")),
        "{:?}",
        files.keys()
    );
    assert_eq!(leaks(&files, &["Test Person"]), Vec::<String>::new());
    // "PERSON" is the surname alone, in capitals: replaced too.
    let page = String::from_utf8_lossy(&files["artefacts/a/index.html"]).into_owned();
    assert!(page.contains("ask Candidate "), "{page}");
    // The body's own link to the file keeps its words, not the file.
    assert!(
        page.contains("the notes") && !page.contains("notes.txt"),
        "{page}"
    );
    assert!(
        !files.keys().any(|f| f.ends_with("notes.txt")),
        "{:?}",
        files.keys()
    );
    let normal = build(dir.path(), &dir.path().join("n"), &[], None);
    assert!(normal.status.success());
    assert!(read_tree(&dir.path().join("n"))
        .keys()
        .any(|f| f.ends_with("notes.txt")));
}

#[test]
fn d0305_does_not_repeat_the_unconsented_name() {
    let dir = common::portfolio(&[(
        "artefacts/a.md",
        "---\ntitle: T\nkind: reflection\ndate: 2025-01-01\ntestimonials:\n  - {quote: Q, name: Zofia Kowalska, relationship: colleague, date: 2025-01-01}\n---\n",
    )]);
    let run = build(
        dir.path(),
        &dir.path().join("out"),
        &["--format", "json"],
        None,
    );
    assert!(run.status.success(), "{}", text(&run));
    let diags = common::json_diagnostics(&String::from_utf8_lossy(&run.stdout));
    let warning = diags.iter().find(|d| d["code"] == "D0305").expect("D0305");
    let all = text(&run);
    assert!(!all.contains("Zofia") && !all.contains("Kowalska"), "{all}");
    assert!(warning["message"].as_str().unwrap().contains("colleague"));
}

#[test]
fn a_blind_pack_says_so_and_names_nobody() {
    let dir = common::copy_in_theme("sample-portfolio", "classic");
    let zip = dir.path().join("pack.zip");
    let run = dossier(
        &[
            "pack".as_ref(),
            dir.path().as_os_str(),
            "-o".as_ref(),
            zip.as_os_str(),
            "--no-pdf".as_ref(),
            "--blind".as_ref(),
        ],
        &[],
    );
    assert!(run.status.success(), "{}", text(&run));
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let mut files = Files::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        files.insert(entry.name().to_string(), bytes);
    }
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["blind"], true);
    let needles: Vec<&str> = SAMPLE_NEEDLES[..SAMPLE_NEEDLES.len() - 2].to_vec();
    assert_eq!(leaks(&files, &needles), Vec::<String>::new());
    // Built from the same content: it verifies against the portfolio it came from.
    let verify = dossier(
        &[
            "verify".as_ref(),
            zip.as_os_str(),
            "--against".as_ref(),
            dir.path().as_os_str(),
        ],
        &[],
    );
    assert!(verify.status.success(), "{}", text(&verify));
}

#[test]
fn the_blind_pdf_names_nobody() {
    if dossier::pdf::find_browser(None).is_err() {
        eprintln!("note: no Chromium on PATH, so the blind PDF test is skipped (CI runs it)");
        return;
    }
    for (rel, needles) in [
        (
            "sample-portfolio",
            &SAMPLE_NEEDLES[..SAMPLE_NEEDLES.len() - 2],
        ),
        ("tests/portfolios/rich", RICH_NEEDLES),
    ] {
        let dir = common::copy_in_theme(rel, "classic");
        let pdf = dir.path().join("blind.pdf");
        let run = dossier(
            &[
                "pdf".as_ref(),
                dir.path().as_os_str(),
                "-o".as_ref(),
                pdf.as_os_str(),
                "--blind".as_ref(),
            ],
            &[],
        );
        assert!(run.status.success(), "{rel}: {}", text(&run));
        let label = label(&String::from_utf8_lossy(&run.stderr));
        let words = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("run pdftotext");
        let words = String::from_utf8_lossy(&words.stdout).into_owned();
        assert!(words.contains(&label), "{rel}: the PDF lacks {label}");
        let doc = lopdf::Document::load(&pdf).unwrap();
        let mut info = String::new();
        if let Ok(dict) = doc
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .and_then(|r| doc.get_dictionary(r))
        {
            for (key, value) in dict.iter() {
                if let Ok(s) = value.as_str() {
                    info.push_str(&format!(
                        "{}={}\n",
                        String::from_utf8_lossy(key),
                        String::from_utf8_lossy(s)
                    ));
                }
            }
        }
        assert!(
            info.contains(&label),
            "{rel}: the PDF's title lacks {label}: {info}"
        );
        let files = Files::from([
            ("text".to_string(), words.into_bytes()),
            ("info".to_string(), info.into_bytes()),
            ("bytes".to_string(), std::fs::read(&pdf).unwrap()),
        ]);
        assert_eq!(leaks(&files, needles), Vec::<String>::new(), "{rel}");
    }
}
