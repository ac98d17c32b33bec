//! Builds `sample-portfolio/` with the real binary and checks what a reviewer would see.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio")
}

/// Builds the sample into a fresh folder; returns the folder (kept alive by the TempDir) and stderr.
fn build(extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg(sample())
        .arg("-o")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "build failed: {stderr}");
    (dir, out, stderr)
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Every output file, by relative path.
fn all_files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path()
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn home_page_shows_headline_metrics_with_their_changes() {
    let (_dir, out, _) = build(&[]);
    let home = read(&out, "index.html");
    for label in [
        "Pupils at or above expected standard",
        "Persistent absence in the target cohort",
        "Year 7 pupils reading below chronological age",
    ] {
        assert!(home.contains(label), "headline metric {label} missing");
    }
    // A percentage changes in points; lower-is-better falls count as improvement.
    assert!(home.contains("+14 pp"));
    assert!(home.contains("−8.6 pp"));
    assert!(home.contains("−27 pupils"));
    assert!(home
        .contains("Rose from 54% to 68%, against a target of 65% (target met; higher is better)."));
    assert!(home.contains("Fell from 46 pupils to 19 pupils, against a target of 15 pupils (target not met; lower is better)."));
    assert!(
        home.contains("Trust assessment data, July 2025"),
        "the source of a headline metric is shown"
    );
    assert!(home.contains("<html lang=\"en-GB\""));
}

#[test]
fn private_artefacts_appear_nowhere() {
    let (_dir, out, stderr) = build(&[]);
    assert!(!out.join("artefacts/staff-absence-review").exists());
    for (path, bytes) in all_files(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "staff-absence-review",
            "Staff absence and wellbeing review",
            "confidential HR data",
        ] {
            assert!(!text.contains(secret), "{secret} leaked into {path}");
        }
    }
    assert!(
        stderr.contains("1 private artefact"),
        "the summary says what was withheld: {stderr}"
    );
}

#[test]
fn unconsented_testimonials_are_left_out_with_a_warning() {
    let (_dir, out, stderr) = build(&[]);
    for (path, bytes) in all_files(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("I would rather this stayed between us"),
            "unconsented quote in {path}"
        );
    }
    assert!(
        stderr.contains("artefacts/2025/what-colleagues-say.md:27:5: warning[D0305]"),
        "{stderr}"
    );
    // A consented one from the same artefact is published.
    assert!(read(&out, "testimonials/index.html").contains("I actually get algebra"));
}

#[test]
fn strict_turns_the_missing_consent_into_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--strict", "-o"])
        .arg(dir.path().join("site"))
        .arg(sample())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("error[D0305]"));
    assert!(!dir.path().join("site").exists());
}

#[test]
fn gap_competencies_are_marked_on_the_evidence_matrix() {
    let (_dir, out, _) = build(&[]);
    let matrix = read(&out, "competencies/index.html");
    let gap = matrix
        .find("competency-item--gap")
        .expect("a gap competency is marked");
    assert!(matrix[gap..].contains("Strategic leadership"));
    assert!(read(&out, "competencies/strategic-leadership/index.html")
        .to_lowercase()
        .contains("no public evidence"));
    // Evidenced competencies are not gaps.
    assert!(!read(&out, "competencies/coaching/index.html")
        .to_lowercase()
        .contains("no public evidence"));
}

#[test]
fn links_between_artefacts_point_at_their_pages() {
    let (_dir, out, _) = build(&[]);
    let pilot = read(&out, "artefacts/fa-pilot/index.html");
    assert!(pilot.contains(r#"href="../coaching-cycles-maths-department/#what-i-did""#));
    assert!(pilot.contains(r#"href="../exit-tickets-article/""#));
    // A link to a file whose slug differs from its name reaches the slug's page.
    assert!(
        read(&out, "artefacts/exit-tickets-article/index.html").contains(r#"href="../fa-pilot/""#)
    );
    assert!(
        pilot.contains(r#"id="what-i-did""#)
            || read(
                &out,
                "artefacts/coaching-cycles-maths-department/index.html"
            )
            .contains(r#"id="what-i-did""#)
    );
}

#[test]
fn attachments_and_images_are_copied_beside_their_page() {
    let (_dir, out, _) = build(&[]);
    let source = std::fs::read(sample().join("artefacts/2025/pilot-report.pdf")).unwrap();
    assert_eq!(
        std::fs::read(out.join("artefacts/fa-pilot/pilot-report.pdf")).unwrap(),
        source
    );
    assert!(out
        .join("artefacts/fa-pilot/exit-ticket-chart.svg")
        .exists());
    assert!(read(&out, "artefacts/fa-pilot/index.html").contains(r#"src="exit-ticket-chart.svg""#));
}

#[test]
fn drafts_are_built_only_with_the_flag() {
    let (_dir, out, stderr) = build(&[]);
    assert!(!out.join("artefacts/leading-without-authority").exists());
    assert!(stderr.contains("1 draft"));
    let (_dir2, out2, _) = build(&["--drafts"]);
    assert!(out2
        .join("artefacts/leading-without-authority/index.html")
        .exists());
}

#[test]
fn application_pages_lead_with_the_chosen_artefacts_and_are_noindex() {
    let (_dir, out, _) = build(&[]);
    let page = read(
        &out,
        "for/deputy-head-northfield-d88701557649d02d/index.html",
    );
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    let order: Vec<usize> = [
        "fa-pilot/",
        "attendance-family-liaison/",
        "coaching-cycles-maths-department/",
        "ect-mentoring-programme/",
        "reading-intervention-year-7/",
    ]
    .iter()
    .map(|slug| {
        page.find(&format!("artefacts/{slug}"))
            .unwrap_or_else(|| panic!("{slug} missing"))
    })
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "artefacts in the application's order: {order:?}"
    );
    assert!(
        !read(&out, "sitemap.xml").contains("/for/"),
        "noindex pages stay out of the sitemap"
    );
}

#[test]
fn machine_readable_files_describe_the_public_portfolio() {
    let (_dir, out, _) = build(&[]);
    let json: serde_json::Value = serde_json::from_str(&read(&out, "portfolio.json")).unwrap();
    assert_eq!(json["version"], 1);
    let artefacts = json["artefacts"].as_array().unwrap();
    assert_eq!(artefacts.len(), 13);
    let pilot = artefacts.iter().find(|a| a["slug"] == "fa-pilot").unwrap();
    assert_eq!(pilot["metrics"][0]["baseline"], 54.0);
    assert_eq!(
        pilot["url"],
        "https://amara.example.org/artefacts/fa-pilot/"
    );
    let gaps: Vec<&str> = json["framework"]["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["gap"] == true)
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(gaps, ["strategic-leadership"]);
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://amara.example.org/artefacts/fa-pilot/</loc>"));
    let feed = read(&out, "atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    // Every artefact but the development plan, which is intent, not evidence.
    assert_eq!(feed.matches("<entry>").count(), 12);
    assert!(read(&out, "robots.txt").contains("Sitemap: https://amara.example.org/sitemap.xml"));
    assert!(out.join("404.html").exists());
}

#[test]
fn base_url_flag_overrides_portfolio_yaml() {
    let (_dir, out, _) = build(&["--base-url", "https://preview.example.net/pr-7"]);
    assert!(read(&out, "sitemap.xml")
        .contains("<loc>https://preview.example.net/pr-7/artefacts/fa-pilot/</loc>"));
    assert!(
        read(&out, "404.html").contains("/pr-7/theme/style.css"),
        "the 404 page uses the base path"
    );
}

#[test]
fn built_pages_carry_no_scripts() {
    let (_dir, out, _) = build(&[]);
    for (path, bytes) in all_files(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let text = String::from_utf8_lossy(&bytes);
        // The one data block (JSON-LD), which a browser never runs, aside.
        let text = text.replace("<script type=\"application/ld+json\">", "");
        assert!(!text.contains("<script"), "{path} has a script");
    }
}

#[test]
fn identical_input_gives_identical_bytes_whatever_the_thread_count() {
    let builds: Vec<BTreeMap<String, Vec<u8>>> = ["1", "2", "4"]
        .iter()
        .map(|threads| {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("site");
            let status = Command::new(env!("CARGO_BIN_EXE_dossier"))
                .env("RAYON_NUM_THREADS", threads)
                .args(["build", "-q", "-o"])
                .arg(&out)
                .arg(sample())
                .status()
                .unwrap();
            assert!(status.success());
            all_files(&out)
        })
        .collect();
    assert!(builds[0].len() > 40);
    for other in &builds[1..] {
        assert_eq!(
            builds[0].keys().collect::<Vec<_>>(),
            other.keys().collect::<Vec<_>>()
        );
        for (path, bytes) in &builds[0] {
            assert!(other[path] == *bytes, "{path} differs between builds");
        }
    }
}

#[test]
fn source_date_epoch_sets_the_dates_the_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .env("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01T00:00:00Z
        .args(["build", "-q", "-o"])
        .arg(&out)
        .arg(sample())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(read(&out, "atom.xml").contains("<updated>2026-01-01T00:00:00Z</updated>"));
    // Without it, the newest artefact's date: never the clock.
    let (_dir, plain, _) = build(&[]);
    assert!(!read(&plain, "atom.xml").contains("2026-01-01T00:00:00Z"));
}

#[test]
fn the_shipped_workflow_runs_the_commands_the_docs_describe() {
    let workflow = std::fs::read_to_string(sample().join(".github/workflows/publish.yml")).unwrap();
    for step in [
        "dossier check --format github",
        "dossier build --base-url \"$BASE_URL/\" -o public",
        "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)",
        "actions/cache@v5",
        "concurrency:",
    ] {
        assert!(workflow.contains(step), "{step}");
    }
    let publishing =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publishing.md"))
            .unwrap();
    assert!(publishing.contains("dossier check --format github"));
}
