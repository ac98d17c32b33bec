//! What a build must refuse, and how (FORMAT.md): one test per rule, each on a fixture under
//! `tests/fixtures/refuse/<rule>/` that is a valid portfolio with exactly one defect.
//!
//! Each test asserts the exact `path:line:column` and code of the report (read from
//! `--format json`), exit code 1, and that no output folder was created. The expected positions
//! are worked out by hand from the fixture text: where a person would point at the problem.

mod common;

use common::{build, build_into, fixture, Run};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// One line of `--format json`.
#[derive(Debug, Clone)]
struct Diag {
    severity: String,
    code: String,
    message: String,
    path: String,
    line: u64,
    column: u64,
    hint: Option<String>,
}

impl Diag {
    fn at(&self) -> String {
        format!("{}:{}:{}", self.path, self.line, self.column)
    }
}

fn parse_json(stdout: &str) -> Vec<Diag> {
    stdout
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
            let text = |k: &str| {
                v[k].as_str()
                    .unwrap_or_else(|| panic!("`{k}` is not text in {line}"))
                    .to_string()
            };
            let number = |k: &str| {
                v[k].as_u64()
                    .unwrap_or_else(|| panic!("`{k}` is not a number in {line}"))
            };
            Diag {
                severity: text("severity"),
                code: text("code"),
                message: text("message"),
                path: text("path"),
                line: number("line"),
                column: number("column"),
                hint: v["hint"].as_str().map(str::to_string),
            }
        })
        .collect()
}

fn show(diags: &[Diag]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "  {} {}[{}]: {} (hint: {:?})",
                d.at(),
                d.severity,
                d.code,
                d.message,
                d.hint
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds `tests/fixtures/refuse/<rule>` with `--format json` (plus `args`).
fn run_rule(rule: &str, args: &[&str]) -> (Run, Vec<Diag>) {
    run_at(&fixture(&format!("refuse/{rule}")), args)
}

fn run_at(portfolio: &Path, args: &[&str]) -> (Run, Vec<Diag>) {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let run = build(portfolio, &all);
    assert!(
        !run.stderr.contains("panicked"),
        "dossier panicked:\n{}",
        run.stderr
    );
    let diags = parse_json(&run.stdout);
    (run, diags)
}

/// Exit code 1, and neither the output folder nor a staging folder beside it was left behind.
fn assert_refused(run: &Run, diags: &[Diag]) {
    assert_eq!(
        run.code,
        1,
        "exit code; diagnostics:\n{}\nstderr:\n{}",
        show(diags),
        run.stderr
    );
    assert!(
        !run.out.exists(),
        "a failed build created the output folder {}",
        run.out.display()
    );
    let leftovers: Vec<_> = fs::read_dir(run.tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers.is_empty(),
        "a failed build left files beside the output folder: {leftovers:?}"
    );
}

/// The run reported exactly one error, `code` at `path:line:column`; returns it.
fn assert_one_error(diags: &[Diag], path: &str, line: u64, column: u64, code: &str) -> Diag {
    let errors: Vec<&Diag> = diags.iter().filter(|d| d.severity == "error").collect();
    let found = errors.iter().find(|d| d.code == code && d.path == path);
    let found = found.unwrap_or_else(|| panic!("no {code} error in {path}; got:\n{}", show(diags)));
    assert_eq!(
        found.at(),
        format!("{path}:{line}:{column}"),
        "location of {code}; all diagnostics:\n{}",
        show(diags)
    );
    assert_eq!(
        errors.len(),
        1,
        "one defect should give one error; got:\n{}",
        show(diags)
    );
    (*found).clone()
}

/// Refuses `rule` with exactly one error `code` at `path:line:column`.
fn refuses(rule: &str, path: &str, line: u64, column: u64, code: &str) -> Diag {
    let (run, diags) = run_rule(rule, &[]);
    assert_refused(&run, &diags);
    assert_one_error(&diags, path, line, column, code)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                into.insert(path.strip_prefix(root).unwrap().join(""), Vec::new());
                walk(root, &path, into);
            } else {
                into.insert(
                    path.strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(&path).unwrap(),
                );
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

// ---------------------------------------------------------------------------------------------
// The baseline: every fixture is this portfolio plus one defect.

#[test]
fn valid_fixture_builds() {
    let (run, diags) = run_rule("valid", &[]);
    assert_eq!(
        run.code,
        0,
        "diagnostics:\n{}\nstderr:\n{}",
        show(&diags),
        run.stderr
    );
    assert!(
        diags.iter().all(|d| d.severity != "error"),
        "{}",
        show(&diags)
    );
    assert!(
        run.out.join("index.html").is_file(),
        "no index.html in {}",
        run.out.display()
    );
}

// ---------------------------------------------------------------------------------------------
// Reading files and YAML.

#[test]
fn refuses_non_utf8_file() {
    let tmp = tempfile::tempdir().unwrap();
    let portfolio = tmp.path().join("portfolio");
    copy_dir(&fixture("refuse/valid"), &portfolio);
    // "Café" in Latin-1: the é is the single byte 0xE9, not valid UTF-8. Line 2, after 10 characters.
    fs::write(
        portfolio.join("artefacts/latin1.md"),
        b"---\ntitle: Caf\xe9 pilot\nkind: project\ndate: 2025-06-30\n---\n\nBody.\n",
    )
    .unwrap();
    let (run, diags) = run_at(&portfolio, &[]);
    assert_refused(&run, &diags);
    assert_one_error(&diags, "artefacts/latin1.md", 2, 11, "D0102");
}

#[test]
fn refuses_yaml_that_does_not_parse() {
    // line 3 `title: Year 8: a pilot`: the second `: ` (column 14) is what YAML cannot read.
    refuses("yaml-syntax", "artefacts/broken-yaml.md", 3, 14, "D0103");
}

#[test]
fn refuses_missing_portfolio_yaml() {
    refuses("missing-portfolio", "portfolio.yaml", 1, 1, "D0105");
}

// ---------------------------------------------------------------------------------------------
// Missing fields: at the start of the mapping that lacks them (front matter starts at 2:1).

#[test]
fn refuses_missing_title() {
    let d = refuses("missing-title", "artefacts/no-title.md", 2, 1, "D0201");
    assert!(d.message.contains("title"), "{}", d.message);
}

#[test]
fn refuses_missing_kind() {
    let d = refuses("missing-kind", "artefacts/no-kind.md", 2, 1, "D0201");
    assert!(d.message.contains("kind"), "{}", d.message);
}

#[test]
fn refuses_missing_date() {
    let d = refuses("missing-date", "artefacts/no-date.md", 2, 1, "D0201");
    assert!(d.message.contains("date"), "{}", d.message);
}

#[test]
fn refuses_case_study_without_summary() {
    let d = refuses("missing-summary", "artefacts/case-study.md", 2, 1, "D0201");
    assert!(d.message.contains("summary"), "{}", d.message);
}

#[test]
fn refuses_missing_field_in_list_item_at_its_first_key() {
    // line 6 `  - label: …`: the metric without `result` starts at `label`, column 5.
    let d = refuses(
        "missing-metric-result",
        "artefacts/metric.md",
        6,
        5,
        "D0201",
    );
    assert!(d.message.contains("result"), "{}", d.message);
}

// ---------------------------------------------------------------------------------------------
// Values: at the value that is wrong.

#[test]
fn refuses_wrong_type_boolean() {
    // line 5 `featured: "yes please"`: the value starts at the quote, column 11.
    refuses(
        "wrong-type-featured",
        "artefacts/featured.md",
        5,
        11,
        "D0202",
    );
}

#[test]
fn refuses_wrong_type_number_in_metric() {
    // line 7 `    baseline: lots`: `lots` is at column 15.
    refuses("wrong-type-baseline", "artefacts/metric.md", 7, 15, "D0202");
}

#[test]
fn refuses_date_that_is_not_a_date() {
    // line 4 `date: 2025-02-30`: the value is at column 7.
    refuses("bad-date", "artefacts/bad-date.md", 4, 7, "D0203");
    // The human format prints the same place.
    let run = build(&fixture("refuse/bad-date"), &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("artefacts/bad-date.md:4:7: error[D0203]:"),
        "stderr:\n{}",
        run.stderr
    );
}

#[test]
fn refuses_unknown_kind_with_did_you_mean() {
    // line 3 `kind: case-stdy`: the value is at column 7.
    let d = refuses("unknown-kind", "artefacts/typo.md", 3, 7, "D0204");
    let hint = d.hint.unwrap_or_default();
    assert!(hint.contains("did you mean `case-study`"), "hint: {hint}");
}

#[test]
fn refuses_unknown_field_with_did_you_mean() {
    // line 5 `privte: true`: the key is at column 1.
    let d = refuses("unknown-field", "artefacts/pilot.md", 5, 1, "D0205");
    let hint = d.hint.unwrap_or_default();
    assert!(hint.contains("did you mean `private`"), "hint: {hint}");
}

// ---------------------------------------------------------------------------------------------
// Rules across files.

#[test]
fn refuses_competency_not_in_framework() {
    // line 5 `competencies: [coaching, data-litracy]`: the second item is at column 26.
    let d = refuses("unknown-competency", "artefacts/typo.md", 5, 26, "D0301");
    let hint = d.hint.unwrap_or_default();
    assert!(
        hint.contains("did you mean `data-literacy`"),
        "hint: {hint}"
    );
}

#[test]
fn refuses_duplicate_slug_at_the_later_file() {
    // good.md takes the slug `good` from its name; zz-copy.md line 5 `slug: good` repeats it (column 7).
    let d = refuses("duplicate-slug", "artefacts/zz-copy.md", 5, 7, "D0302");
    assert!(
        d.message.contains("artefacts/good.md"),
        "should name the earlier file: {}",
        d.message
    );
}

#[test]
fn refuses_attachment_that_does_not_exist() {
    // line 6 `  - {title: Pilot report, file: pilot-report.pdf}`: the file name is at column 33.
    refuses("attachment-missing", "artefacts/pilot.md", 6, 33, "D0303");
}

#[test]
fn refuses_attachment_outside_the_portfolio() {
    // The target exists (beside the portfolio folder), so only "outside" is wrong with it.
    let tmp = tempfile::tempdir().unwrap();
    let portfolio = tmp.path().join("portfolio");
    copy_dir(&fixture("refuse/attachment-outside"), &portfolio);
    fs::write(tmp.path().join("secret.txt"), "not for publication\n").unwrap();
    let (run, diags) = run_at(&portfolio, &[]);
    assert_refused(&run, &diags);
    // line 7 `    file: ../../secret.txt`: the path is at column 11.
    assert_one_error(&diags, "artefacts/pilot.md", 7, 11, "D0304");
}

#[test]
fn refuses_image_that_does_not_exist_at_its_body_line() {
    // Body line 9 of the file (front matter included): `See ![…](missing-chart.svg) …`, `!` at column 5.
    refuses("image-missing", "artefacts/pilot.md", 9, 5, "D0303");
}

#[test]
fn refuses_link_to_missing_artefact() {
    // line 7 `Read [the earlier pilot](earlier-pilot.md) first.`: the link starts at column 6.
    refuses("broken-link", "artefacts/pilot.md", 7, 6, "D0308");
}

#[test]
fn refuses_headline_metric_without_source() {
    // line 6 `  - label: …`: the metric without `source` starts at `label`, column 5.
    refuses(
        "headline-without-source",
        "artefacts/pilot.md",
        6,
        5,
        "D0306",
    );
}

const QUOTE: &str = "Her coaching cycles changed how our department plans lessons.";

#[test]
fn testimonial_without_consent_is_left_out_with_a_warning() {
    let (run, diags) = run_rule("testimonial-no-consent", &[]);
    assert_eq!(
        run.code,
        0,
        "diagnostics:\n{}\nstderr:\n{}",
        show(&diags),
        run.stderr
    );
    // line 6 `  - quote: …`: the testimonial without `consent` starts at `quote`, column 5.
    let warning = diags
        .iter()
        .find(|d| d.code == "D0305")
        .unwrap_or_else(|| panic!("no D0305; got:\n{}", show(&diags)));
    assert_eq!(warning.severity, "warning");
    assert_eq!(warning.at(), "artefacts/pilot.md:6:5");
    assert!(
        diags.iter().all(|d| d.severity != "error"),
        "{}",
        show(&diags)
    );
    let files = snapshot(&run.out);
    assert!(
        files.len() > 1,
        "the build wrote almost nothing: {:?}",
        files.keys()
    );
    for needle in [QUOTE, "changed how our department plans"] {
        for (path, bytes) in &files {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text.contains(needle),
                "the unconsented quote is in {}",
                path.display()
            );
        }
    }
}

#[test]
fn testimonial_without_consent_is_an_error_under_strict() {
    let (run, diags) = run_rule("testimonial-no-consent", &["--strict"]);
    assert_refused(&run, &diags);
    let error = diags
        .iter()
        .find(|d| d.code == "D0305")
        .unwrap_or_else(|| panic!("no D0305; got:\n{}", show(&diags)));
    assert_eq!(error.severity, "error");
    assert_eq!(error.at(), "artefacts/pilot.md:6:5");
}

// ---------------------------------------------------------------------------------------------
// Whole-build behaviour.

#[test]
fn reports_every_error_of_the_run_together() {
    let (run, diags) = run_rule("many-errors", &[]);
    assert_refused(&run, &diags);
    let mut errors: Vec<String> = diags
        .iter()
        .filter(|d| d.severity == "error")
        .map(|d| format!("{} {}", d.at(), d.code))
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            "artefacts/one.md:4:7 D0203",   // date: 2025-13-01
            "artefacts/three.md:2:1 D0201", // no title
            "artefacts/two.md:3:7 D0204",   // kind: projcet
        ],
        "all diagnostics:\n{}",
        show(&diags)
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let (code, _, stderr) = build_into(&fixture("refuse/valid"), &out, &["--format", "json"]);
    assert_eq!(code, 0, "the good build failed:\n{stderr}");
    let before = snapshot(&out);
    assert!(
        before.keys().any(|p| p.ends_with("index.html")),
        "{:?}",
        before.keys()
    );

    let (code, stdout, stderr) =
        build_into(&fixture("refuse/many-errors"), &out, &["--format", "json"]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let after = snapshot(&out);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the set of files changed"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{} changed", path.display());
    }
    let beside: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        beside,
        vec![std::ffi::OsString::from("site")],
        "the failed build left folders beside the output"
    );
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("thesis");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("chapter-1.md"), "Years of work.\n").unwrap();
    let before = snapshot(&out);
    let (code, stdout, stderr) = build_into(&fixture("refuse/valid"), &out, &["--format", "json"]);
    assert_eq!(code, 2, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("error"), "stderr should say why:\n{stderr}");
    assert_eq!(snapshot(&out), before, "the foreign folder was changed");
    let beside: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        beside,
        vec![std::ffi::OsString::from("thesis")],
        "the refused build left folders beside the output"
    );
}

#[test]
fn empty_artefact_file_is_refused_without_panic() {
    let (run, diags) = run_rule("empty-file", &[]);
    assert_refused(&run, &diags);
    assert!(
        diags
            .iter()
            .any(|d| d.severity == "error" && d.path == "artefacts/empty.md"),
        "no error for the empty file:\n{}",
        show(&diags)
    );
}

#[test]
fn empty_front_matter_is_refused_without_panic() {
    let (run, diags) = run_rule("empty-front-matter", &[]);
    assert_refused(&run, &diags);
    assert!(
        diags
            .iter()
            .any(|d| d.severity == "error" && d.path == "artefacts/blank.md"),
        "no error for the file with empty front matter:\n{}",
        show(&diags)
    );
}
