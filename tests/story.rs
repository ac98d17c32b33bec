//! The impact argument (issue 11, part B): a case study's story, development plans, pathways
//! and the readiness page, and the strength of evidence in the matrix and portfolio.json.

mod common;

use common::{build, json_diagnostics, portfolio};
use std::fs;
use std::path::Path;

/// `severity path:line:column code` of every diagnostic of a run with `--format json`.
fn codes_at(stdout: &str) -> Vec<String> {
    json_diagnostics(stdout)
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

/// `dossier check PORTFOLIO --format json`: exit code and stdout.
fn check(dir: &Path) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json"])
        .arg(dir)
        .output()
        .expect("run dossier check");
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn page(run: &common::Run, path: &str) -> String {
    fs::read_to_string(run.out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `<main>` of a page, so the menu's words do not count.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("a </main>");
    &html[start..end]
}

const CASE_STUDY: &str = "---\ntitle: Pilot\nkind: case-study\ndate: 2025-06-30\nsummary: A pilot.\ncompetencies: [coaching]\nchanged: Scores rose from 54% to 68%.\nwhy: Weekly exit tickets.\nnext: Extend to Year 9.\nmetrics:\n  - {label: Pupils at expected, unit: \"%\", baseline: 54, result: 68, kind: outcome}\n---\n\n## Context\n\nText.\n";

const PLAN: &str = "---\ntitle: Next year\nkind: plan\ndate: 2025-07-01\ngoal: Take the pilot to every class.\nmonths: 12\nbudget: \"£4,500\"\ndecision:\n  date: 2026-06\n  question: Scale to Year 9?\nkpis:\n  - {label: Pupils at expected, unit: \"%\", baseline: 61, target: 70}\ncloses: [leading]\n---\n\nThe plan.\n";

const FRAMEWORK: &str = "id: f\nname: Framework\ncompetencies:\n  - {id: coaching, name: Coaching}\n  - {id: leading, name: Leading}\n";

const PATHWAY: &str = "name: Deputy head\nskills:\n  - name: Developing staff\n    competencies: [coaching]\n  - name: Setting strategy\n    competencies: [leading]\n";

fn argued_portfolio() -> tempfile::TempDir {
    portfolio(&[
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\npathway: pathways/deputy.yaml\nperson:\n  name: P\n"),
        ("frameworks/f.yaml", FRAMEWORK),
        ("pathways/deputy.yaml", PATHWAY),
        ("artefacts/pilot.md", CASE_STUDY),
        ("artefacts/plan.md", PLAN),
    ])
}

#[test]
fn the_story_leads_the_case_study_page_and_shows_on_cards_home_and_dossier() {
    let dir = argued_portfolio();
    let run = build(dir.path(), &["--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let artefact = page(&run, "artefacts/pilot/index.html");
    let main = main_of(&artefact);
    let story = main.find("What changed").expect("the story on the page");
    assert!(main.contains("Scores rose from 54% to 68%."));
    assert!(main.contains("Weekly exit tickets."));
    assert!(main.contains("Extend to Year 9."));
    // Before anything else: before the figures and their chart.
    assert!(story < main.find("Measured impact").unwrap(), "{main}");
    for path in [
        "case-studies/index.html",
        "index.html",
        "dossier/index.html",
    ] {
        let html = page(&run, path);
        assert!(
            main_of(&html).contains("Scores rose from 54% to 68%."),
            "{path}"
        );
    }
}

#[test]
fn a_plan_shows_on_its_page_and_under_what_next() {
    let dir = argued_portfolio();
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let plan = page(&run, "artefacts/plan/index.html");
    let main = main_of(&plan);
    for text in [
        "Take the pilot to every class.",
        "12 months",
        "£4,500",
        "Scale to Year 9?",
        "How progress is measured",
        "61%",
        "70%",
    ] {
        assert!(main.contains(text), "{text} missing: {main}");
    }
    assert!(main.contains(r#"<time datetime="2026-06">"#), "{main}");
    for path in ["index.html", "dossier/index.html"] {
        let html = page(&run, path);
        let main = main_of(&html);
        let next = main.find(r#"id="next-heading">What next<"#).expect(path);
        assert!(
            main[next..].contains("Pupils at expected: from 61% now to 70%"),
            "{path}"
        );
    }
    // The printable document lists What next in its contents and links to the plan in it.
    let dossier = page(&run, "dossier/index.html");
    assert!(dossier.contains(r##"href="#next""##), "contents entry");
    assert!(dossier.contains(r##"<a href="#artefact-plan">Next year</a>"##));
}

#[test]
fn the_readiness_page_shows_evidence_strength_gaps_and_plans() {
    let dir = argued_portfolio();
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let html = page(&run, "readiness/index.html");
    let main = main_of(&html);
    assert!(main.contains("Readiness: Deputy head"), "{main}");
    assert!(main.contains("1 of 2 skills evidenced"), "{main}");
    let developing = main.find("Developing staff").unwrap();
    let strategy = main.find("Setting strategy").unwrap();
    let (first, second) = main[developing..].split_at(strategy - developing);
    assert!(
        first.contains(r#"<a href="../artefacts/pilot/">Pilot</a>"#),
        "{first}"
    );
    assert!(first.contains("Outcome data"), "{first}");
    assert!(!first.contains("Gap"), "{first}");
    assert!(second.contains("Gap: no public evidence yet"), "{second}");
    assert!(
        second.contains(r#"<a href="../artefacts/plan/">Next year</a>"#),
        "{second}"
    );
    // The plan is not evidence of the skill it closes.
    assert!(!second.contains("Development plan"), "{second}");
    assert!(
        page(&run, "index.html").contains(r#"href="readiness/""#),
        "in the menu"
    );
}

#[test]
fn without_a_pathway_there_is_no_readiness_page() {
    let dir = portfolio(&[("artefacts/pilot.md", CASE_STUDY)]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.out.join("readiness").exists());
    assert!(!page(&run, "index.html").contains("readiness/"));
}

#[test]
fn the_matrix_shows_strength_and_a_gap_points_to_its_plan() {
    let dir = argued_portfolio();
    let run = build(dir.path(), &[]);
    let html = page(&run, "competencies/index.html");
    let main = main_of(&html);
    assert!(
        main.contains(r#"<span class="visually-hidden">Evidenced: Outcome data</span>"#),
        "{main}"
    );
    assert!(main.contains("Strength of evidence"), "the key");
    assert!(
        main.contains(r#"Planned in <a href="../artefacts/plan/">Next year</a>"#),
        "{main}"
    );
}

#[test]
fn a_built_in_pathway_maps_to_the_built_in_framework() {
    let dir = portfolio(&[
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\nframework: teacher-leader-skills\npathway: instructional-coach\nperson:\n  name: P\n"),
        ("artefacts/a.md", "---\ntitle: Coaching year\nkind: project\ndate: 2025-06\ncompetencies: [coaching-mentoring]\nmetrics:\n  - {label: Take-up, baseline: 2, result: 9, kind: implementation}\n---\n"),
    ]);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let html = page(&run, "readiness/index.html");
    let main = main_of(&html);
    assert!(main.contains("Readiness: Instructional coach"), "{main}");
    let coaching = &main[main.find("Coaching teachers").unwrap()..];
    assert!(coaching.contains("Implementation data"), "{coaching}");
    // Only the framework's competencies are listed, not those of the other built-in one.
    assert!(coaching.contains("Instructional coaching and mentoring"));
    assert!(!coaching[..coaching.find("</li>").unwrap()].contains("adaptive"));
}

#[test]
fn portfolio_json_carries_story_plan_strength_and_pathway() {
    let dir = argued_portfolio();
    let run = build(dir.path(), &[]);
    let json: serde_json::Value = serde_json::from_str(&page(&run, "portfolio.json")).unwrap();
    let artefacts = json["artefacts"].as_array().unwrap();
    let pilot = artefacts.iter().find(|a| a["slug"] == "pilot").unwrap();
    assert_eq!(pilot["story"]["changed"], "Scores rose from 54% to 68%.");
    assert_eq!(pilot["strength"], "outcome");
    let plan = artefacts.iter().find(|a| a["slug"] == "plan").unwrap();
    assert_eq!(plan["plan"]["goal"], "Take the pilot to every class.");
    assert_eq!(plan["plan"]["decision"]["date"], "2026-06");
    assert_eq!(plan["plan"]["kpis"][0]["target"], 70.0);
    assert_eq!(plan["plan"]["closes"][0], "leading");
    assert!(plan.get("strength").is_none());
    let skills = json["pathway"]["skills"].as_array().unwrap();
    assert_eq!(skills[0]["evidence"][0]["slug"], "pilot");
    assert_eq!(skills[0]["strength"], "outcome");
    assert_eq!(skills[1]["gap"], true);
    assert_eq!(skills[1]["plans"][0], "plan");
}

#[test]
fn check_warns_about_a_case_study_without_a_story() {
    let bare = "---\ntitle: Pilot\nkind: case-study\ndate: 2025-06-30\nsummary: A pilot.\nmetrics:\n  - {label: Pupils, baseline: 54, result: 68, target: 65, kind: outcome}\n---\n\nText.\n";
    let dir = portfolio(&[("artefacts/pilot.md", bare)]);
    let (_, stdout) = check(dir.path());
    assert!(
        codes_at(&stdout).contains(&"warning artefacts/pilot.md:2:1 D0530".to_string()),
        "{stdout}"
    );
    let told = portfolio(&[(
        "artefacts/pilot.md",
        &bare.replace(
            "summary: A pilot.\n",
            "summary: A pilot.\nnext: Extend it.\n",
        ),
    )]);
    let (_, stdout) = check(told.path());
    assert!(!stdout.contains("D0530"), "{stdout}");
}

#[test]
fn mistakes_in_plans_and_pathways_are_reported_where_they_are_written() {
    let dir = portfolio(&[
        ("portfolio.yaml", "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\npathway: pathways/deputy.yaml\nperson:\n  name: P\n"),
        ("frameworks/f.yaml", FRAMEWORK),
        ("pathways/deputy.yaml", "name: Deputy head\nskills:\n  - name: Developing staff\n    competencies: [coachin]\n"),
        // A plan field on a project.
        ("artefacts/a.md", "---\ntitle: A\nkind: project\ndate: 2025-06\ngoal: Something.\n---\n"),
        // A KPI without its target, and a competency that does not exist.
        ("artefacts/p.md", "---\ntitle: P\nkind: plan\ndate: 2025-06\ngoal: G.\nkpis:\n  - {label: K, baseline: 1}\ncloses: [leadin]\n---\n"),
        // A plan without a goal.
        ("artefacts/q.md", "---\ntitle: Q\nkind: plan\ndate: 2025-06\nmonths: 0\n---\n"),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    let found = codes_at(&run.stdout);
    for expected in [
        "error artefacts/a.md:5:7 D0531",
        "error artefacts/p.md:7:5 D0201",
        "error artefacts/q.md:2:1 D0201",
        "error artefacts/q.md:5:9 D0202",
    ] {
        assert!(
            found.contains(&expected.to_string()),
            "{expected} not in {found:#?}"
        );
    }
    // Rules across files run once every file parsed: fix the parse errors and they appear.
    fs::write(
        dir.path().join("artefacts/a.md"),
        "---\ntitle: A\nkind: project\ndate: 2025-06\n---\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("artefacts/p.md"),
        "---\ntitle: P\nkind: plan\ndate: 2025-06\ngoal: G.\ncloses: [leadin]\n---\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("artefacts/q.md"),
        "---\ntitle: Q\nkind: plan\ndate: 2025-06\ngoal: G.\n---\n",
    )
    .unwrap();
    let run = build(dir.path(), &["--format", "json"]);
    let found = codes_at(&run.stdout);
    assert!(
        found.contains(&"error pathways/deputy.yaml:4:20 D0533".to_string()),
        "{found:#?}"
    );
    assert!(
        found.contains(&"error artefacts/p.md:6:10 D0534".to_string()),
        "{found:#?}"
    );
}

#[test]
fn an_unknown_pathway_suggests_the_closest_built_in_one() {
    let dir = portfolio(&[(
        "portfolio.yaml",
        "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\npathway: headteachers\nperson:\n  name: P\n",
    ), ("artefacts/pilot.md", CASE_STUDY)]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(codes_at(&run.stdout), ["error portfolio.yaml:4:10 D0532"]);
    let diag = &json_diagnostics(&run.stdout)[0];
    assert!(
        diag["hint"].as_str().unwrap().contains("headteacher"),
        "{diag}"
    );
}

#[test]
fn a_pathway_file_outside_the_portfolio_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("elsewhere.yaml");
    fs::write(&file, PATHWAY).unwrap();
    let config = format!(
        "title: T\nbase_url: \"https://t.example.org/\"\nframework: f\npathway: {}\nperson:\n  name: P\n",
        file.display()
    );
    let dir = portfolio(&[
        ("portfolio.yaml", &config),
        ("artefacts/pilot.md", CASE_STUDY),
    ]);
    let run = build(dir.path(), &["--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(codes_at(&run.stdout), ["error portfolio.yaml:4:10 D0304"]);
}

#[test]
fn past_300_artefacts_the_printable_matrix_has_rows_only_for_those_printed_in_full() {
    // 302 artefacts: the document prints 300 in full and lists 2; the evidence page keeps all.
    let files: Vec<(String, String)> = (0..302)
        .map(|i| {
            (
                format!("artefacts/a{i:03}.md"),
                format!(
                    "---\ntitle: Work {i:03}\nkind: reflection\ndate: 2025-01-01\ncompetencies: [coaching]\n---\n\nText.\n"
                ),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = portfolio(&borrowed);
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let rows = |html: &str| html.matches("<span class=\"matrix-kind\">").count();
    let document = page(&run, "dossier/index.html");
    assert_eq!(rows(&document), 300);
    assert!(document.contains("Only the artefacts printed in full have a row"));
    // Every artefact is still counted and listed by competency in the document.
    assert!(
        document.contains("302 artefacts"),
        "the count covers every artefact"
    );
    assert_eq!(rows(&page(&run, "competencies/index.html")), 302);
}
