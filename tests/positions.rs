//! Every YAML mistake lands on the line and column a person would point at, and only there.
//!
//! Each test writes one small portfolio with one defect and asserts the whole list of errors
//! (`severity path:line:column code`), so a follow-on error elsewhere fails it too. Positions
//! are worked out by hand from the text in the test.

mod common;

use common::{build, json_diagnostics, portfolio};

/// `error path:line:column code` for each error of a `--format json` build of `files`.
fn errors_of(files: &[(&str, &str)]) -> Vec<String> {
    let dir = portfolio(files);
    let run = build(dir.path(), &["--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let errors: Vec<String> = json_diagnostics(&run.stdout)
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        run.code,
        if errors.is_empty() { 0 } else { 1 },
        "{}",
        run.stdout
    );
    errors
}

/// The message of the only error of a build of `files`.
fn message_of(files: &[(&str, &str)]) -> String {
    let dir = portfolio(files);
    let run = build(dir.path(), &["--format", "json"]);
    let diags = json_diagnostics(&run.stdout);
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{}", run.stdout);
    errors[0]["message"].as_str().unwrap().to_string()
}

fn artefact(front: &str) -> String {
    format!("---\n{front}---\n\nBody.\n")
}

#[test]
fn an_unclosed_quote_is_reported_at_the_quote() {
    // line 2 `title: "A pilot`: the quote runs on to `role: Lead"` and swallows kind and date.
    // Before, the file "parsed" and reported no `date` and no `kind` at 2:1.
    let text = artefact("title: \"A pilot\nkind: project\ndate: 2025-06-30\nrole: Lead\"\n");
    let files = [("artefacts/x.md", text.as_str())];
    assert_eq!(errors_of(&files), ["artefacts/x.md:2:8 D0103"]);
    assert!(message_of(&files).contains("kind: project"));
}

#[test]
fn a_quote_that_spans_lines_on_purpose_is_accepted() {
    let text = artefact(
        "title: A\nkind: project\ndate: 2025-06-30\nsummary: \"one line\n  and: the next\"\n",
    );
    assert_eq!(
        errors_of(&[("artefacts/x.md", text.as_str())]),
        [] as [&str; 0]
    );
}

#[test]
fn an_item_without_a_space_after_the_dash_is_reported_on_its_own_line() {
    // line 6 `  -label: Attainment`: the `-` at column 3; YAML only fails on line 7.
    let text = artefact(
        "title: A\nkind: project\ndate: 2025-06-30\nmetrics:\n  -label: Attainment\n    baseline: 54\n    result: 60\n",
    );
    let files = [("artefacts/x.md", text.as_str())];
    assert_eq!(errors_of(&files), ["artefacts/x.md:6:3 D0103"]);
    assert!(message_of(&files).contains("-label"));
}

#[test]
fn an_item_without_a_space_at_the_key_indentation_is_reported_at_the_dash() {
    // Here YAML reads `-label` as a key, so `metrics` is a set of fields: point at `-label`.
    let text = artefact(
        "title: A\nkind: project\ndate: 2025-06-30\nmetrics:\n  -label: Attainment\n  baseline: 54\n",
    );
    let files = [("artefacts/x.md", text.as_str())];
    assert_eq!(errors_of(&files), ["artefacts/x.md:6:3 D0202"]);
    assert!(message_of(&files).contains("no space after `-`"));
}

#[test]
fn errors_inside_a_multi_line_flow_mapping_land_on_their_line() {
    // line 8 `     baseline: lots,`: `lots` at column 16 (before: line 6, two lines early).
    let text = artefact(
        "title: A\nkind: project\ndate: 2025-06-30\nmetrics:\n  - {label: Attainment,\n     baseline: lots,\n     result: 68}\n",
    );
    assert_eq!(
        errors_of(&[("artefacts/x.md", text.as_str())]),
        ["artefacts/x.md:7:16 D0202"]
    );
}

#[test]
fn a_value_behind_an_anchor_is_reported_at_the_value() {
    // line 5 `competencies: &c [coachng]`: `coachng` at column 19, not the anchor's 15.
    let text = artefact("title: A\nkind: project\ndate: 2025-06-30\ncompetencies: &c [coachng]\n");
    assert_eq!(
        errors_of(&[("artefacts/x.md", text.as_str())]),
        ["artefacts/x.md:5:19 D0301"]
    );
    // line 3 `kind: &k projct`: the word at column 10.
    let text = artefact("title: A\nkind: &k projct\ndate: 2025-06-30\n");
    assert_eq!(
        errors_of(&[("artefacts/x.md", text.as_str())]),
        ["artefacts/x.md:3:10 D0204"]
    );
}

#[test]
fn an_artefact_that_fails_to_parse_is_not_also_missing_from_portfolio_yaml() {
    let config = "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\nperson:\n  name: P\napplications:\n  - slug: deputy\n    title: Deputy head\n    artefacts: [fa-pilot]\n";
    // line 4 `date: 2025-13-01`: the only mistake, in the artefact.
    let text = artefact("title: A\nkind: project\ndate: 2025-13-01\n");
    assert_eq!(
        errors_of(&[
            ("portfolio.yaml", config),
            ("artefacts/fa-pilot.md", text.as_str())
        ]),
        ["artefacts/fa-pilot.md:4:7 D0203"]
    );
    // The same for a YAML error, and for an artefact that names its own slug.
    let text = artefact("slug: fa-pilot\ntitle: Year 8: a pilot\nkind: project\ndate: 2025-06\n");
    assert_eq!(
        errors_of(&[
            ("portfolio.yaml", config),
            ("artefacts/2025/pilot.md", text.as_str())
        ]),
        ["artefacts/2025/pilot.md:3:14 D0103"]
    );
    // An application naming an artefact that does not exist at all is still reported.
    let other = artefact("title: A\nkind: project\ndate: 2025-06-30\n");
    assert_eq!(
        errors_of(&[
            ("portfolio.yaml", config),
            ("artefacts/other.md", other.as_str())
        ]),
        ["portfolio.yaml:9:17 D0309"]
    );
}

// ---------------------------------------------------------------------------------------------
// The codes no other test asserts.

#[test]
fn a_slug_that_is_not_web_safe_is_d0206_at_the_value() {
    // line 5 `slug: My Pilot`: the value at column 7.
    let text = artefact("title: A\nkind: project\ndate: 2025-06-30\nslug: My Pilot\n");
    assert_eq!(
        errors_of(&[("artefacts/x.md", text.as_str())]),
        ["artefacts/x.md:5:7 D0206"]
    );
}

#[test]
fn an_application_naming_an_unknown_artefact_is_d0309_at_the_name() {
    let good = artefact("title: A\nkind: project\ndate: 2025-06-30\n");
    let config = "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\nperson:\n  name: P\napplications:\n  - slug: deputy\n    title: Deputy head\n    artefacts: [good, godo]\n";
    // line 9 `    artefacts: [good, godo]`: `godo` at column 23.
    assert_eq!(
        errors_of(&[
            ("portfolio.yaml", config),
            ("artefacts/good.md", good.as_str())
        ]),
        ["portfolio.yaml:9:23 D0309"]
    );
}

#[test]
fn a_competency_id_used_twice_is_d0310_at_the_second() {
    let framework = "id: f\nname: F\ncompetencies:\n  - {id: coaching, name: Coaching}\n  - {id: coaching, name: Coaching again}\n";
    // line 5: the second item's mapping starts at `{`, column 5.
    let good = artefact("title: A\nkind: project\ndate: 2025-06-30\n");
    assert_eq!(
        errors_of(&[
            ("frameworks/f.yaml", framework),
            ("artefacts/good.md", good.as_str())
        ]),
        ["frameworks/f.yaml:5:5 D0310"]
    );
}

#[test]
fn a_start_after_the_date_is_d0312_at_start() {
    // line 5 `start: 2025-09-01`: the value at column 8.
    let text = artefact("title: A\nkind: project\ndate: 2025-06-30\nstart: 2025-09-01\n");
    assert_eq!(
        errors_of(&[("artefacts/x.md", text.as_str())]),
        ["artefacts/x.md:5:8 D0312"]
    );
}
