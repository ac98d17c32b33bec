//! Credible figures (issue 11): each new metric field is refused at the position of what is
//! wrong, and what is right reaches the page, the measure page and portfolio.json.
//!
//! Positions are worked out by hand: the front matter starts on line 2 (after `---`), so
//! front line N is file line N + 1.

mod common;

use common::{build, build_into, json_diagnostics, portfolio};

/// `severity path:line:column code` for each diagnostic of a `--format json` build.
fn diagnostics_of(files: &[(&str, &str)]) -> Vec<String> {
    let dir = portfolio(files);
    let run = build(dir.path(), &["--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    json_diagnostics(&run.stdout)
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}:{} {}",
                d["severity"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

/// An artefact whose front matter is the usual three lines, then `metrics:` and `metric`
/// (written with four spaces of indent under `  - label: Pupils at standard`, line 6 of the file).
fn with_metric(metric: &str) -> String {
    format!(
        "---\ntitle: T\nkind: project\ndate: 2025-06-30\nmetrics:\n  - label: Pupils at standard\n{metric}---\n\nBody.\n"
    )
}

fn one(metric: &str) -> Vec<String> {
    let text = with_metric(metric);
    diagnostics_of(&[("artefacts/x.md", text.as_str())])
}

#[test]
fn a_decimal_comma_is_refused_at_the_value_with_the_fix() {
    // line 7: `    baseline: 48,5` — the value starts at column 15.
    assert_eq!(
        one("    baseline: 48,5\n    result: 50\n"),
        ["error artefacts/x.md:7:15 D0513"]
    );
    let text = with_metric("    baseline: 48,5\n    result: 50\n");
    let dir = portfolio(&[("artefacts/x.md", text.as_str())]);
    let run = build(dir.path(), &[]);
    assert!(run.stderr.contains("baseline: 48.5"), "{}", run.stderr);
}

#[test]
fn thousands_groups_are_read_and_shown_grouped() {
    let text = with_metric("    unit: \"£\"\n    baseline: \"41,200\"\n    result: 33784\n");
    let dir = portfolio(&[("artefacts/x.md", text.as_str())]);
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = build_into(dir.path(), &out.path().join("site"), &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let page = std::fs::read_to_string(out.path().join("site/artefacts/x/index.html")).unwrap();
    assert!(
        page.contains("£41,200") && page.contains("£33,784"),
        "{page}"
    );
    assert!(page.contains("−£7,416"), "{page}");
}

#[test]
fn comparison_and_groups_are_checked_field_by_field() {
    // line 7: `    comparison: {label: others, baseline: 1}` — the mapping opens at column 17.
    assert_eq!(
        one("    baseline: 1\n    result: 2\n    comparison: {label: others, baseline: 1}\n"),
        ["error artefacts/x.md:9:17 D0201"]
    );
    // line 9: `    groups: yes` — the value at column 13.
    assert_eq!(
        one("    baseline: 1\n    result: 2\n    groups: yes\n"),
        ["error artefacts/x.md:9:13 D0202"]
    );
    // line 10: `      - {label: A, baseline: 1, result: 2, size: 3}` — `size` at column 44.
    assert_eq!(
        one("    baseline: 1\n    result: 2\n    groups:\n      - {label: A, baseline: 1, result: 2, size: 3}\n"),
        ["error artefacts/x.md:10:44 D0205"]
    );
}

#[test]
fn drives_must_name_a_metric_of_the_artefact() {
    let text = "---\ntitle: T\nkind: project\ndate: 2025-06-30\nmetrics:\n  - label: A\n    id: attainment\n    baseline: 1\n    result: 2\n  - label: B\n    kind: implementation\n    drives: attainmnet\n    baseline: 1\n    result: 2\n---\n";
    // line 12: `    drives: attainmnet` — the value at column 13.
    assert_eq!(
        diagnostics_of(&[("artefacts/x.md", text)]),
        ["error artefacts/x.md:12:13 D0511"]
    );
    let twice = text.replace("drives: attainmnet", "id: attainment");
    // line 12: the second `id: attainment`, value at column 9.
    assert_eq!(
        diagnostics_of(&[("artefacts/x.md", twice.as_str())]),
        ["error artefacts/x.md:12:9 D0512"]
    );
}

#[test]
fn dates_are_in_order_and_not_doubled_by_a_period() {
    // line 10: `    result_date: 2025-04`, value at column 18.
    assert_eq!(
        one("    baseline: 1\n    result: 2\n    baseline_date: 2025-07\n    result_date: 2025-04\n"),
        ["error artefacts/x.md:10:18 D0312"]
    );
    // line 10: `    period: Summer term`, value at column 13.
    assert_eq!(
        one(
            "    baseline: 1\n    result: 2\n    baseline_date: 2025-04\n    period: Summer term\n"
        ),
        ["error artefacts/x.md:10:13 D0516"]
    );
}

/// `path:line:column code` of each figure warning (D051x) of `dossier check`: the quality
/// warnings are the reviewer's view, which `check` gives and `build` leaves out.
fn figure_warnings(metric: &str) -> Vec<String> {
    let text = with_metric(metric);
    let dir = portfolio(&[("artefacts/x.md", text.as_str())]);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    json_diagnostics(&String::from_utf8_lossy(&output.stdout))
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("D051"))
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn figures_a_reviewer_would_question_are_warnings_at_their_place() {
    // The metric starts at line 6 column 5 (`label`); the unit value at line 7 column 11.
    // (A unit wholly wrapped in curly quotes, `“%”`, is already refused while reading: D0107,
    // tests/first_day.rs. A stray one, as pasted from a document, is this warning.)
    assert_eq!(
        figure_warnings("    unit: “%\n    baseline: 54\n    result: 68\n"),
        ["artefacts/x.md:7:11 D0515"]
    );
    assert_eq!(
        figure_warnings("    unit: \"%\"\n    baseline: 54\n    result: 120\n"),
        ["artefacts/x.md:6:5 D0514"]
    );
    assert_eq!(
        figure_warnings("    baseline: 54\n    result: 68\n    headline: true\n    source: MIS\n    target: 60\n"),
        ["artefacts/x.md:6:5 D0510"]
    );
    assert_eq!(
        figure_warnings("    baseline: 54\n    result: 68\n    headline: true\n    kind: outcome\n    source: MIS\n    target: 60\n"),
        Vec::<String>::new()
    );
}

const PILOT: &str = "---\ntitle: Pilot\nkind: project\ndate: 2025-07-20\nmetrics:\n  - label: Pupils at standard\n    id: attainment\n    measure: ks3-standard\n    unit: \"%\"\n    baseline: 54\n    result: 68\n    n: 112\n    baseline_date: 2025-04\n    result_date: 2025-07\n    comparison: {label: non-pilot classes, baseline: 61, result: 63}\n    groups:\n      - {label: Disadvantaged pupils, baseline: 41, result: 60}\n  - label: Lessons with exit tickets\n    kind: implementation\n    drives: attainment\n    unit: \"%\"\n    baseline: 20\n    result: 85\n---\n";
const EARLIER: &str = "---\ntitle: Redesign\nkind: project\ndate: 2024-07-20\nmetrics:\n  - label: Pupils at standard\n    measure: ks3-standard\n    unit: \"%\"\n    baseline: 49\n    result: 54\n---\n";

#[test]
fn the_context_reaches_the_page_the_measure_page_and_portfolio_json() {
    let dir = portfolio(&[
        ("artefacts/pilot.md", PILOT),
        ("artefacts/redesign.md", EARLIER),
    ]);
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let (code, stdout, stderr) = build_into(dir.path(), &site, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let page = std::fs::read_to_string(site.join("artefacts/pilot/index.html")).unwrap();
    assert!(
        page.contains("n = 112 · Apr → Jul 2025 · non-pilot classes +2 pp"),
        "{page}"
    );
    // The groups table is the chart's text equivalent.
    assert!(
        page.contains(
            "<th scope=\"row\">Disadvantaged pupils</th><td>41%</td><td>60%</td><td>+19 pp</td>"
        ),
        "{page}"
    );
    // The implementation measure follows its outcome, and each links to the other.
    let outcome = page.find("id=\"metric-pilot-1-label\"").unwrap();
    let driver = page.find("id=\"metric-pilot-2-label\"").unwrap();
    assert!(outcome < driver);
    assert!(
        page.contains("href=\"#metric-pilot-1-label\">Pupils at standard</a>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"#metric-pilot-2-label\">Lessons with exit tickets</a>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../measures/ks3-standard/\""),
        "{page}"
    );

    let measure = std::fs::read_to_string(site.join("measures/ks3-standard/index.html")).unwrap();
    assert!(measure.contains("from 2024 to 2025"), "{measure}");
    let first = measure
        .find("href=\"../../artefacts/redesign/\"")
        .expect("the 2024 report");
    let second = measure
        .find("href=\"../../artefacts/pilot/\"")
        .expect("the 2025 report");
    assert!(first < second, "oldest first");
    assert!(measure.contains("Rose from 49% to 68%"), "{measure}");

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("portfolio.json")).unwrap())
            .unwrap();
    let pilot = json["artefacts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "pilot")
        .unwrap();
    let m = &pilot["metrics"][0];
    assert_eq!(m["n"], 112);
    assert_eq!(m["baseline_date"], "2025-04");
    assert_eq!(m["comparison"]["label"], "non-pilot classes");
    assert_eq!(m["groups"][0]["result"], 60.0);
    assert_eq!(
        m["measure_url"],
        "https://t.example.org/measures/ks3-standard/"
    );
    assert_eq!(pilot["metrics"][1]["drives"], "attainment");
}
