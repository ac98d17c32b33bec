//! The privacy guard (issue 10): a portfolio written the way teachers write (a pupil named in
//! a reflection, a parent's quote signed with her name, a UPN, a phone number, a date of
//! birth) gives each finding its code at the exact `path:line:column` of the text, in `build`
//! and `check` and every `--format`; `--strict` makes the warnings errors; an accepted finding
//! is a note; names on a list (plain, user-level or hashed) are errors and the list is never
//! published. Positions are computed from the test's own text, so they are exact.

mod common;

use common::{json_diagnostics, portfolio};
use std::path::Path;
use std::process::Command;

const PORTFOLIO_YAML: &str = "title: Test portfolio\nbase_url: \"https://t.example.org/\"\nframework: f\nperson:\n  name: Test Person\n  email: me@teacher.example.org\n  links:\n    - {label: Phone, url: \"tel:+447700900001\"}\n";

const REFLECTION: &str = "---
title: Reflecting on a hard term
kind: reflection
date: 2025-07-01
metrics:
  - label: Pupils passing the resit
    unit: \"%\"
    baseline: 20
    result: 60
    n: 5
testimonials:
  - quote: My son finally likes maths.
    name: Mrs Joy Mensah
    role: Year 8 pupil
    relationship: parent
    consent: true
  - quote: Thank you, from Zofia Kowalska's mum, 07700 900999.
    name: Anna Kowalska
    relationship: parent
    consent: false
  - quote: Miss was great.
    name: Tom Baker
    role: Year 9 pupil
    relationship: student
    anonymise: true
    consent: true
---

I worked with pupil Jane every week on fractions.
Zofia Kowalska, who joined in Year 7, was shy.
Her UPN was A123456789012 and her mum's number is 07700 900123.
<!-- dossier:accept D0611 -->
The school office is on 0113 496 0000.
DOB: 14/03/2011.
By July ZOFIA
KOWALSKA came top, and Zofia K. said thanks.
Contact me at me@teacher.example.org or on 07700 900001.
Her mother wrote from anna.k@gmail.com about Northfield School.
";

const PRIVATE: &str = "---
title: Notes
kind: reflection
date: 2025-07-01
private: true
---

Zofia Kowalska, UPN A123456789012, 07700 900123, pupil Jane.
";

/// A teacher's portfolio, with a list of names in a file outside it.
struct Teacher {
    dir: tempfile::TempDir,
    config: tempfile::TempDir,
    list: std::path::PathBuf,
}

fn teacher() -> Teacher {
    let dir = portfolio(&[
        ("portfolio.yaml", PORTFOLIO_YAML),
        ("artefacts/2025/reflection.md", REFLECTION),
        ("artefacts/2025/notes.md", PRIVATE),
    ]);
    let config = tempfile::tempdir().unwrap();
    let list = config.path().join("names.txt");
    std::fs::write(&list, "# pupils of 9X\nZofia Kowalska +initials\n").unwrap();
    Teacher { dir, config, list }
}

/// Runs dossier with a private config folder (no user-level list unless the test writes one)
/// and, when `list` is given, `DOSSIER_PRIVACY_NAMES` pointing at it.
fn dossier(args: &[&str], config: &Path, list: Option<&Path>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dossier"));
    command
        .args(args)
        .env("XDG_CONFIG_HOME", config)
        .env("HOME", config)
        .env_remove("DOSSIER_PRIVACY_NAMES");
    if let Some(list) = list {
        command.env("DOSSIER_PRIVACY_NAMES", list);
    }
    let output = command.output().expect("run dossier");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        output.status.code().unwrap_or(-1),
        text(&output.stdout),
        text(&output.stderr),
    )
}

fn run(t: &Teacher, command: &str, extra: &[&str]) -> (i32, String, String) {
    let out = t.config.path().join("out");
    let root = t.dir.path().to_str().unwrap();
    let mut args = vec![command, root];
    if command == "build" {
        args.extend(["-o", out.to_str().unwrap()]);
    }
    args.extend(extra);
    dossier(&args, t.config.path(), Some(&t.list))
}

/// `line:column` of the `nth` (0-based) occurrence of `needle` in `text`.
fn at(text: &str, needle: &str, nth: usize) -> String {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} is in the text"))
        .0;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{column}")
}

/// `severity code path:line:column` of every privacy finding (D06xx), sorted.
fn privacy_findings(stdout: &str) -> Vec<String> {
    let mut found: Vec<String> = json_diagnostics(stdout)
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("D06"))
        .map(|d| {
            format!(
                "{} {} {}:{}:{}",
                d["severity"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"]
            )
        })
        .collect();
    found.sort();
    found
}

fn expected() -> Vec<String> {
    let r = "artefacts/2025/reflection.md";
    let x = |severity: &str, code: &str, needle: &str, nth: usize| {
        format!("{severity} {code} {r}:{}", at(REFLECTION, needle, nth))
    };
    let mut all = vec![
        x("error", "D0601", "Zofia Kowalska, who", 0),
        x("error", "D0601", "ZOFIA\nKOWALSKA", 0),
        x("error", "D0601", "Zofia K. said", 0),
        x("warning", "D0616", "pupil Jane", 0),
        x("warning", "D0612", "A123456789012", 0),
        x("warning", "D0611", "07700 900123", 0),
        x("note", "D0611", "0113 496 0000", 0),
        x("warning", "D0615", "DOB", 0),
        x("warning", "D0610", "anna.k@gmail.com", 0),
        x("warning", "D0617", "Mrs Joy Mensah", 0),
        x("warning", "D0618", "label: Pupils passing", 0),
    ];
    all.sort();
    all
}

#[test]
fn every_finding_has_its_code_and_exact_position_in_build_and_check() {
    let t = teacher();
    let (code, stdout, stderr) = run(&t, "build", &["--format", "json"]);
    assert_eq!(code, 1, "a listed name fails the build\n{stdout}{stderr}");
    assert_eq!(privacy_findings(&stdout), expected());
    let (code, stdout, _) = run(&t, "check", &["--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(privacy_findings(&stdout), expected());
}

#[test]
fn withheld_material_and_the_authors_own_details_are_not_reported() {
    let t = teacher();
    let (_, stdout, _) = run(&t, "build", &["--format", "json"]);
    let found = privacy_findings(&stdout).join("\n");
    // The private artefact, the unconsented testimonial (its name and its phone number), the
    // anonymised name and the person's own email and phone are not published: not reported.
    assert!(!found.contains("notes.md"), "{found}");
    for line in [
        "Anna Kowalska",
        "07700 900999",
        "Tom Baker",
        "me@teacher",
        "07700 900001",
    ] {
        let position = at(REFLECTION, line, 0);
        assert!(!found.contains(&position), "{line} at {position}: {found}");
    }
}

#[test]
fn all_four_formats_show_the_findings() {
    let t = teacher();
    let r = "artefacts/2025/reflection.md";
    let phone = at(REFLECTION, "07700 900123", 0);
    let (line, column) = phone.split_once(':').unwrap();
    let (_, _, human) = run(&t, "check", &[]);
    assert!(
        human.contains(&format!("{r}:{phone}: warning[D0611]")),
        "{human}"
    );
    let accepted = at(REFLECTION, "0113 496 0000", 0);
    assert!(
        human.contains(&format!("{r}:{accepted}: note[D0611]: accepted on purpose")),
        "{human}"
    );
    let (_, github, _) = run(&t, "check", &["--format", "github"]);
    assert!(
        github.contains(&format!(
            "::warning file={r},line={line},col={column},title=dossier D0611::"
        )),
        "{github}"
    );
    assert!(github.contains("::notice file="), "{github}");
    let (_, sarif, _) = run(&t, "check", &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "D0611"
        && r["level"] == "warning"
        && r["locations"][0]["physicalLocation"]["region"]["startLine"]
            == line.parse::<u64>().unwrap()
        && r["locations"][0]["physicalLocation"]["region"]["startColumn"]
            == column.parse::<u64>().unwrap()));
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "D0611" && r["level"] == "note"));
    let (_, json, _) = run(&t, "check", &["--format", "json"]);
    assert!(json.contains("\"code\":\"D0611\""));
}

/// The teacher's portfolio without the listed names, so it builds.
fn without_names(t: &Teacher) {
    let text = REFLECTION
        .replace("Zofia Kowalska, who", "A pupil who")
        .replace("ZOFIA\nKOWALSKA", "one\npupil")
        .replace("Zofia K. said", "she said");
    std::fs::write(t.dir.path().join("artefacts/2025/reflection.md"), text).unwrap();
}

#[test]
fn strict_turns_the_warnings_into_errors_but_an_accepted_finding_stays_a_note() {
    let t = teacher();
    without_names(&t);
    let (code, stdout, _) = run(&t, "build", &["--format", "json"]);
    assert_eq!(code, 0, "warnings alone do not fail a build\n{stdout}");
    let (code, stdout, _) = run(&t, "build", &["--format", "json", "--strict"]);
    assert_eq!(code, 1);
    let found = privacy_findings(&stdout);
    assert!(
        found.iter().any(|f| f.starts_with("error D0611")),
        "{found:?}"
    );
    assert!(found.iter().all(|f| !f.starts_with("warning")), "{found:?}");
    assert_eq!(
        found.iter().filter(|f| f.starts_with("note D0611")).count(),
        1
    );
}

#[test]
fn an_anonymised_testimonial_is_signed_with_its_role_and_comments_are_not_published() {
    let t = teacher();
    without_names(&t);
    let (code, stdout, stderr) = run(&t, "build", &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let page = std::fs::read_to_string(t.config.path().join("out/artefacts/reflection/index.html"))
        .unwrap();
    assert!(
        page.contains("A Year 9 pupil"),
        "the anonymised student's signature"
    );
    assert!(!page.contains("Tom Baker"));
    assert!(!page.contains("dossier:accept"));
}

/// Every file the build wrote, as text (lossy), with its path.
fn output_files(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            (
                e.path().display().to_string(),
                String::from_utf8_lossy(&bytes).to_lowercase(),
            )
        })
        .collect()
}

#[test]
fn a_hashed_name_matches_and_neither_list_is_ever_published() {
    let t = teacher();
    without_names(&t);
    let root = t.dir.path().to_str().unwrap();
    let (code, stdout, stderr) = dossier(
        &["privacy", "add", "Northfield School", root],
        t.config.path(),
        None,
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    let stored = std::fs::read_to_string(t.dir.path().join("privacy.yaml")).unwrap();
    assert!(
        !stored.to_lowercase().contains("northfield"),
        "only hashes are stored"
    );
    let (code, stdout, _) = run(&t, "build", &["--format", "json"]);
    assert_eq!(code, 1);
    let r = "artefacts/2025/reflection.md";
    let school = format!("error D0601 {r}:{}", at(REFLECTION, "Northfield School", 0));
    assert!(privacy_findings(&stdout).contains(&school), "{stdout}");
    // Without the school's name the build succeeds, and no output file holds a listed name,
    // the hashes, or the list files.
    let text = std::fs::read_to_string(t.dir.path().join(r)).unwrap();
    std::fs::write(
        t.dir.path().join(r),
        text.replace("Northfield School", "her school"),
    )
    .unwrap();
    let (code, stdout, stderr) = run(&t, "build", &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let salt = stored
        .split("salt: \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    for (path, text) in output_files(&t.config.path().join("out")) {
        for secret in [
            "zofia",
            "kowalska",
            "northfield",
            salt,
            "private-names",
            "privacy.yaml",
        ] {
            assert!(!text.contains(secret), "{path} contains {secret}");
        }
    }
}

#[test]
fn a_user_level_list_is_read_and_a_list_inside_static_is_refused() {
    let t = teacher();
    without_names(&t);
    let user = t.config.path().join("dossier/private-names.txt");
    std::fs::create_dir_all(user.parent().unwrap()).unwrap();
    std::fs::write(&user, "Jane\n").unwrap();
    let (code, stdout, _) = run(&t, "build", &["--format", "json"]);
    assert_eq!(code, 1);
    let jane = format!(
        "error D0601 artefacts/2025/reflection.md:{}",
        at(REFLECTION, "Jane", 0)
    );
    assert!(privacy_findings(&stdout).contains(&jane), "{stdout}");
    std::fs::remove_file(&user).unwrap();
    let inside = t.dir.path().join("static/names.txt");
    std::fs::create_dir_all(inside.parent().unwrap()).unwrap();
    std::fs::write(&inside, "Nobody Here\n").unwrap();
    let (code, stdout, _) = dossier(
        &[
            "build",
            t.dir.path().to_str().unwrap(),
            "-o",
            t.config.path().join("out").to_str().unwrap(),
            "--format",
            "json",
        ],
        t.config.path(),
        Some(&inside),
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("\"code\":\"D0602\""), "{stdout}");
    assert!(!t.config.path().join("out/static/names.txt").exists());
}

#[test]
fn a_missing_list_is_an_error_not_a_silent_pass() {
    let t = teacher();
    without_names(&t);
    let missing = t.config.path().join("nowhere.txt");
    let (code, stdout, _) = dossier(
        &["check", t.dir.path().to_str().unwrap(), "--format", "json"],
        t.config.path(),
        Some(&missing),
    );
    assert_eq!(code, 1);
    assert!(stdout.contains("\"code\":\"D0602\""), "{stdout}");
}

#[test]
fn detectors_can_be_switched_off_and_unknown_switches_are_errors() {
    let t = teacher();
    without_names(&t);
    let yaml = format!("{PORTFOLIO_YAML}privacy:\n  small_numbers: 3\n  detectors:\n    phone: false\n    pupil_name: false\n");
    std::fs::write(t.dir.path().join("portfolio.yaml"), &yaml).unwrap();
    let (_, stdout, _) = run(&t, "check", &["--format", "json"]);
    let found = privacy_findings(&stdout).join("\n");
    assert!(
        !found.contains("D0611") && !found.contains("D0616") && !found.contains("D0618"),
        "{found}"
    );
    assert!(found.contains("D0612"), "{found}");
    // The accept comment for D0611 now accepts nothing: said so.
    assert!(found.contains("warning D0603"), "{found}");
    let typo = format!("{PORTFOLIO_YAML}privacy:\n  detectors:\n    phones: false\n");
    std::fs::write(t.dir.path().join("portfolio.yaml"), typo).unwrap();
    let (code, stdout, _) = run(&t, "check", &["--format", "json"]);
    assert_eq!(code, 1);
    let line = PORTFOLIO_YAML.lines().count() + 3;
    assert!(
        stdout.contains(&format!(
            "\"code\":\"D0205\",\"column\":5,\"hint\":\"did you mean `phone`?\",\"line\":{line}"
        )),
        "{stdout}"
    );
}

#[test]
fn the_sample_and_the_rich_portfolio_have_no_privacy_finding() {
    let config = tempfile::tempdir().unwrap();
    for rel in ["sample-portfolio", "tests/portfolios/rich"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
        let out = config.path().join("out");
        let args = [
            "build",
            root.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--format",
            "json",
        ];
        let (code, stdout, stderr) = dossier(&args, config.path(), None);
        assert_eq!(code, 0, "{rel}: {stdout}{stderr}");
        assert_eq!(privacy_findings(&stdout), Vec::<String>::new(), "{rel}");
    }
}

#[test]
fn names_in_alt_text_link_text_file_names_and_attached_svg_are_found() {
    let t = teacher();
    without_names(&t);
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <text x=\"1\" y=\"9\">Zofia Kowalska</text>\n</svg>\n";
    let page = "---\ntitle: Work\nkind: project\ndate: 2025-07-01\nattachments:\n  - {title: Essay, file: zofia-kowalska-essay.pdf}\n  - {title: Diagram, file: diagram.svg}\n---\n\n![Zofia K. at the board](board.png)\nSee [what Zofia Kowalska wrote](zofia-kowalska-essay.pdf).\n";
    let dir = t.dir.path().join("artefacts/2025");
    std::fs::write(dir.join("work.md"), page).unwrap();
    std::fs::write(dir.join("diagram.svg"), svg).unwrap();
    std::fs::write(dir.join("zofia-kowalska-essay.pdf"), "%PDF-1.4\n").unwrap();
    std::fs::write(dir.join("board.png"), [0x89, b'P', b'N', b'G']).unwrap();
    let (code, stdout, _) = run(&t, "build", &["--format", "json"]);
    assert_eq!(code, 1);
    let names: Vec<String> = privacy_findings(&stdout)
        .into_iter()
        .filter(|f| f.starts_with("error D0601"))
        .collect();
    let w = |needle, nth| {
        format!(
            "error D0601 artefacts/2025/work.md:{}",
            at(page, needle, nth)
        )
    };
    let mut expected = vec![
        w("zofia-kowalska-essay.pdf}", 0),
        w("Zofia K. at", 0),
        w("Zofia Kowalska wrote", 0),
        w("zofia-kowalska-essay.pdf)", 0),
        format!(
            "error D0601 artefacts/2025/diagram.svg:{}",
            at(svg, "Zofia", 0)
        ),
    ];
    expected.sort();
    assert_eq!(names, expected);
}

#[test]
fn privacy_yaml_holds_only_hashes_and_add_needs_a_portfolio() {
    let t = teacher();
    without_names(&t);
    let yaml = "salt: \"abc\"\nnames:\n  - Zofia Kowalska\n";
    std::fs::write(t.dir.path().join("privacy.yaml"), yaml).unwrap();
    let (code, stdout, _) = run(&t, "check", &["--format", "json"]);
    assert_eq!(code, 1);
    let found = json_diagnostics(&stdout);
    assert!(
        found.iter().any(|d| d["code"] == "D0602"
            && d["path"] == "privacy.yaml"
            && d["line"] == 3
            && d["column"] == 5),
        "{stdout}"
    );
    let empty = tempfile::tempdir().unwrap();
    let folder = empty.path().to_str().unwrap();
    let (code, _, stderr) = dossier(&["privacy", "add", "Zofia", folder], empty.path(), None);
    assert_eq!(code, 2);
    assert!(stderr.contains("has no portfolio.yaml"), "{stderr}");
    assert!(!empty.path().join("privacy.yaml").exists());
}
