//! `resume.json`: the portfolio as a JSON Resume. What a CV tool reads must be what the site
//! publishes: the roles and credentials of the timeline, the work with its measures, and
//! nothing private, drafted or unconsented. (CI also checks every built resume.json against
//! JSON Resume's own schema validator: tests/browser/resume-schema.mjs.)

mod common;

use common::{build, portfolio};
use serde_json::Value;
use std::path::Path;

fn resume(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("resume.json")).expect("resume.json is written");
    serde_json::from_str(&text).expect("resume.json is JSON")
}

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio")
}

#[test]
fn the_sample_becomes_a_json_resume_of_its_timeline_work_and_referees() {
    let run = build(&sample(), &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let r = resume(&run.out);
    assert_eq!(
        r["$schema"],
        "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
    );
    assert_eq!(r["basics"]["name"], "Amara Okafor");
    assert_eq!(r["basics"]["url"], "https://amara.example.org/");
    assert_eq!(r["basics"]["location"]["address"], "Leeds, UK");

    // The current role has no end date (JSON Resume's "present"); past roles have both.
    let work = r["work"].as_array().unwrap();
    assert_eq!(work.len(), 4, "the four roles of the timeline");
    assert_eq!(work[0]["position"], "Instructional Coach");
    assert_eq!(work[0]["startDate"], "2022-09");
    assert!(work[0].get("endDate").is_none());
    assert_eq!(work[1]["endDate"], "2022-08");

    // Credentials come from the timeline, once each, with their issuer.
    let certificates = r["certificates"].as_array().unwrap();
    assert_eq!(certificates.len(), 3);
    assert_eq!(certificates[0]["issuer"], "Ambition Institute");

    // Each case study is a project at its page's address, with its measures as sentences.
    let projects = r["projects"].as_array().unwrap();
    let attendance = projects
        .iter()
        .find(|p| p["url"] == "https://amara.example.org/artefacts/attendance-family-liaison/")
        .expect("the attendance case study is a project");
    let highlights = attendance["highlights"].as_array().unwrap();
    assert!(
        highlights
            .iter()
            .any(|h| h.as_str().unwrap().contains("from ")),
        "{highlights:?}"
    );

    // A testimonial without consent is no reference; consented ones are, with their role.
    let references = r["references"].to_string();
    assert!(!references.contains("worst term of my career"));
    assert!(references.contains("A Year 9 pupil"));
}

#[test]
fn nothing_private_drafted_unconsented_or_commented_out_reaches_it() {
    let dir = portfolio(&[
        (
            "portfolio.yaml",
            "title: T\nbase_url: https://example.org/~jo/\nperson:\n  name: Jo Bloggs\n  \
             email: jo@example.org\n  summary: |\n    Coach. <!-- applying to Northfield in secret -->\n  \
             links:\n    - {label: Site, url: \"https://jo.example.org\"}\n",
        ),
        (
            "artefacts/public.md",
            "---\ntitle: Public pilot\nkind: project\ndate: 2025-01\nsummary: Shown.\n\
             testimonials:\n  - {quote: Kept quote, name: Ann, consent: true}\n  \
             - {quote: Unconsented quote, name: Bob}\n---\nBody.\n",
        ),
        (
            "artefacts/private.md",
            "---\ntitle: Secret restructure\nkind: project\ndate: 2025-02\nsummary: Hidden.\n\
             private: true\n---\nBody.\n",
        ),
        (
            "artefacts/draft.md",
            "---\ntitle: Draft essay\nkind: publication\ndate: 2025-03\ndraft: true\n---\nBody.\n",
        ),
    ]);
    let run = build(dir.path(), &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(run.out.join("resume.json")).unwrap();
    for withheld in [
        "Secret restructure",
        "Draft essay",
        "Unconsented quote",
        "Northfield",
        // No `contact.show_email: true`: the address stays off the site and off the CV.
        "jo@example.org",
    ] {
        assert!(!text.contains(withheld), "{withheld} in {text}");
    }
    let r: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(r["basics"]["summary"], "Coach.");
    assert_eq!(r["basics"]["profiles"].as_array().unwrap().len(), 1);
    assert_eq!(r["projects"][0]["name"], "Public pilot");
    assert_eq!(
        r["projects"][0]["url"],
        "https://example.org/~jo/artefacts/public/"
    );
    assert_eq!(r["references"][0]["reference"], "Kept quote");
    assert_eq!(
        r["meta"]["canonical"],
        "https://example.org/~jo/resume.json"
    );
}

#[test]
fn a_cv_lists_the_newest_hundred_projects_not_the_whole_archive() {
    let mut files = vec![(
        "portfolio.yaml".to_string(),
        "title: T\nbase_url: https://example.org/\nperson:\n  name: Jo\n".to_string(),
    )];
    for i in 0..101 {
        files.push((
            format!("artefacts/p{i:03}.md"),
            format!(
                "---\ntitle: Project {i}\nkind: project\ndate: 2024-{:02}-{:02}\n---\nBody.\n",
                1 + i / 28,
                1 + i % 28
            ),
        ));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let run = build(portfolio(&borrowed).path(), &["--quiet"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let projects = resume(&run.out)["projects"].as_array().unwrap().clone();
    assert_eq!(projects.len(), 100);
    assert_eq!(projects[0]["name"], "Project 100", "newest first");
    assert!(
        projects.iter().all(|p| p["name"] != "Project 0"),
        "the oldest is left out"
    );
}
