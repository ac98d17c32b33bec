//! `dossier::scaffold`: the starter portfolio that `init` writes, and the artefacts `new` writes,
//! must build cleanly, and neither may ever lose a file.

mod common;

use dossier::scaffold::{init, new_artefact, ScaffoldError};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const KINDS: [&str; 8] = [
    "case-study",
    "project",
    "publication",
    "presentation",
    "credential",
    "reflection",
    "testimonial",
    "plan",
];

/// Builds `portfolio` and insists on success with nothing on stderr but the summary.
fn assert_builds_cleanly(portfolio: &Path, args: &[&str]) -> common::Run {
    let run = common::build(portfolio, args);
    assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
    for line in run.stderr.lines() {
        assert!(
            !line.contains("error") && !line.contains("warning") && !line.contains("= hint"),
            "unexpected problem on stderr:\n{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("Built "), "{}", run.stderr);
    run
}

fn fresh_portfolio() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-portfolio");
    init(&dir, false).expect("init into a new folder");
    (tmp, dir)
}

#[test]
fn init_writes_the_starter_and_it_builds_cleanly() {
    let (_tmp, dir) = fresh_portfolio();
    let expected: Vec<PathBuf> = [
        // The schemas the YAML files' first lines name, for editors (issue 14).
        ".dossier/schema/artefact.json",
        ".dossier/schema/framework.json",
        ".dossier/schema/pathway.json",
        ".dossier/schema/portfolio.json",
        ".dossier/schema/privacy.json",
        ".gitignore",
        ".vscode/tasks.json",
        "artefacts/2023/family-maths-evening.md",
        "artefacts/2024/coaching-reflection.md",
        "artefacts/2024/year-7-reading-programme.md",
        "frameworks/my-framework.yaml",
        "portfolio.yaml",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    // Written again into a second folder, to check the return value without side effects.
    let again = tempfile::tempdir().unwrap();
    let done = init(again.path(), false).unwrap();
    assert_eq!(done.written, expected);
    assert!(
        done.unchanged.is_empty() && done.kept.is_empty(),
        "{done:?}"
    );
    for path in &expected {
        assert!(
            dir.join(path).is_file(),
            "{} was not written",
            path.display()
        );
    }
    assert_eq!(
        fs::read_to_string(dir.join(".gitignore")).unwrap().trim(),
        "public/"
    );

    // Clean even under --strict: a starter must not teach warnings.
    let run = assert_builds_cleanly(&dir, &["--strict"]);
    assert!(
        run.stderr.contains("Nothing was withheld"),
        "{}",
        run.stderr
    );
    let page = fs::read_to_string(
        run.out
            .join("artefacts/year-7-reading-programme/index.html"),
    )
    .unwrap();
    // The relative .md link became a link to the other artefact's page.
    assert!(page.contains("coaching-reflection/"), "{page}");
    // Private by default: at `for/example-application-<token>/`.
    let application = std::fs::read_dir(run.out.join("for"))
        .unwrap()
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("example-application-")
        })
        .expect("the application's page");
    assert!(application.path().join("index.html").is_file());
}

#[test]
fn init_creates_missing_parent_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a/b/portfolio");
    init(&dir, false).unwrap();
    assert!(dir.join("portfolio.yaml").is_file());
}

#[test]
fn init_accepts_a_folder_with_only_hidden_entries() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join(".git")).unwrap();
    fs::write(tmp.path().join(".DS_Store"), "x").unwrap();
    init(tmp.path(), false).unwrap();
    assert!(tmp.path().join("portfolio.yaml").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder_and_force_keeps_other_files() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = tmp.path().join("notes.txt");
    fs::write(&notes, "my notes").unwrap();

    let err = init(tmp.path(), false).unwrap_err();
    assert!(matches!(err, ScaffoldError::NotEmpty { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("not empty") && message.contains("--force"),
        "{message}"
    );
    assert!(
        !tmp.path().join("portfolio.yaml").exists(),
        "nothing written on refusal"
    );

    init(tmp.path(), true).unwrap();
    assert_eq!(fs::read_to_string(&notes).unwrap(), "my notes");
    assert!(tmp.path().join("portfolio.yaml").is_file());
    assert_builds_cleanly(tmp.path(), &[]);
}

#[test]
fn init_never_replaces_a_hidden_file_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let gitignore = tmp.path().join(".gitignore");
    fs::write(&gitignore, "target/\n").unwrap();
    let err = init(tmp.path(), false).unwrap_err();
    assert!(
        matches!(err, ScaffoldError::HiddenFileExists { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains(".gitignore"), "{err}");
    assert!(err.to_string().contains("--force"), "{err}");
    assert!(!tmp.path().join("portfolio.yaml").exists());
    assert_eq!(fs::read_to_string(&gitignore).unwrap(), "target/\n");

    // --force adds the rest and still keeps the user's .gitignore.
    let done = init(tmp.path(), true).unwrap();
    assert_eq!(done.kept, vec![PathBuf::from(".gitignore")]);
    assert_eq!(fs::read_to_string(&gitignore).unwrap(), "target/\n");
    assert!(tmp.path().join("portfolio.yaml").is_file());
}

#[test]
fn init_accepts_a_hidden_file_that_is_already_the_starters() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join(".gitignore"), "public/\n").unwrap();
    let done = init(tmp.path(), false).unwrap();
    assert_eq!(done.unchanged, vec![PathBuf::from(".gitignore")]);
    assert!(done.kept.is_empty(), "{done:?}");
    assert!(tmp.path().join("portfolio.yaml").is_file());
}

/// Issue 14: `init --force` replaced an edited portfolio.yaml although --help said nothing
/// is deleted. It must only restore the starter files that are missing.
#[test]
fn init_force_keeps_edited_files_and_restores_missing_ones() {
    let (_tmp, dir) = fresh_portfolio();
    let config = dir.join("portfolio.yaml");
    let edited = fs::read_to_string(&config)
        .unwrap()
        .replace("name: Your Name", "name: Amara Okafor");
    fs::write(&config, &edited).unwrap();
    let reflection = dir.join("artefacts/2024/coaching-reflection.md");
    fs::write(&reflection, "my own words").unwrap();
    let missing = dir.join("artefacts/2023/family-maths-evening.md");
    fs::remove_file(&missing).unwrap();

    let done = init(&dir, true).unwrap();
    assert_eq!(fs::read_to_string(&config).unwrap(), edited);
    assert_eq!(fs::read_to_string(&reflection).unwrap(), "my own words");
    assert!(missing.is_file(), "the missing starter file is restored");
    assert_eq!(
        done.written,
        vec![PathBuf::from("artefacts/2023/family-maths-evening.md")]
    );
    assert_eq!(
        done.kept,
        vec![
            PathBuf::from("artefacts/2024/coaching-reflection.md"),
            PathBuf::from("portfolio.yaml"),
        ]
    );
    assert_eq!(
        done.unchanged,
        vec![
            PathBuf::from(".dossier/schema/artefact.json"),
            PathBuf::from(".dossier/schema/framework.json"),
            PathBuf::from(".dossier/schema/pathway.json"),
            PathBuf::from(".dossier/schema/portfolio.json"),
            PathBuf::from(".dossier/schema/privacy.json"),
            PathBuf::from(".gitignore"),
            PathBuf::from(".vscode/tasks.json"),
            PathBuf::from("artefacts/2024/year-7-reading-programme.md"),
            PathBuf::from("frameworks/my-framework.yaml"),
        ]
    );
}

/// `dossier ARGS…` run in `cwd`: exit code, stdout, stderr.
fn dossier(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(cwd)
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1740700800") // 2025-02-28
        .output()
        .expect("run the dossier binary");
    (
        output.status.code().expect("dossier exited"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn init_force_says_which_files_were_kept() {
    let (tmp, dir) = fresh_portfolio();
    fs::write(dir.join("portfolio.yaml"), "title: mine\n").unwrap();
    let (code, stdout, stderr) = dossier(tmp.path(), &["init", "my-portfolio", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("Kept your own version of 1 file")
            && stdout.contains("--force only adds missing starter files")
            && stdout.contains("\n  portfolio.yaml\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Added 0 missing starter files"), "{stdout}");
    assert_eq!(
        fs::read_to_string(dir.join("portfolio.yaml")).unwrap(),
        "title: mine\n"
    );

    let (code, _, stderr) = dossier(tmp.path(), &["init", "my-portfolio"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("nothing is replaced or deleted"),
        "{stderr}"
    );
}

#[test]
fn init_refuses_a_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("portfolio");
    fs::write(&file, "").unwrap();
    let err = init(&file, true).unwrap_err();
    assert!(matches!(err, ScaffoldError::NotAFolder { .. }), "{err:?}");
}

#[test]
fn new_artefact_of_every_kind_builds() {
    let (_tmp, dir) = fresh_portfolio();
    for kind in KINDS {
        let title = format!("My {kind} example");
        let path = new_artefact(&dir, kind, &title, None, (2025, 2, 28)).unwrap();
        let slug = format!("my-{kind}-example");
        assert_eq!(path, dir.join(format!("artefacts/2025/{slug}.md")));
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("---\n"), "{text}");
        assert!(text.contains(&format!("kind: {kind}\n")), "{text}");
        assert!(text.contains("date: 2025-02-28"), "{text}");
        assert!(text.contains("\n## "), "a body skeleton: {text}");
        // The framework's ids are listed for the competencies line.
        assert!(
            text.contains("coaching, curriculum, data, community"),
            "{text}"
        );
    }
    let case_study =
        fs::read_to_string(dir.join("artefacts/2025/my-case-study-example.md")).unwrap();
    for heading in [
        "## Context",
        "## What I did",
        "## Impact",
        "## What I learned",
    ] {
        assert!(case_study.contains(heading), "{case_study}");
    }
    let reflection =
        fs::read_to_string(dir.join("artefacts/2025/my-reflection-example.md")).unwrap();
    for heading in [
        "## What happened",
        "## What I learned",
        "## What I will do next",
    ] {
        assert!(reflection.contains(heading), "{reflection}");
    }
    assert!(!reflection.contains("# metrics:"), "{reflection}");
    // Each kind's own words for its date, and a start date only where work spans time.
    let publication =
        fs::read_to_string(dir.join("artefacts/2025/my-publication-example.md")).unwrap();
    assert!(publication.contains("date: 2025-02-28        # when it was published\n"));
    assert!(!publication.contains("# start:"), "{publication}");
    assert!(case_study.contains("# start: 2025-02 "), "{case_study}");
    // A case study prompts for its story, a plan for the plan's parts.
    for field in ["\nchanged: ", "\nwhy: ", "\nnext: "] {
        assert!(case_study.contains(field), "{field}: {case_study}");
    }
    let plan = fs::read_to_string(dir.join("artefacts/2025/my-plan-example.md")).unwrap();
    for field in [
        "\ngoal: ",
        "\nmonths: ",
        "\nbudget: ",
        "\ndecision: ",
        "\n  date: 2025-02\n",
        "\nkpis: ",
        "\n# closes: ",
    ] {
        assert!(plan.contains(field), "{field}: {plan}");
    }

    let run = assert_builds_cleanly(&dir, &["--strict"]);
    for kind in KINDS {
        assert!(
            run.out
                .join(format!("artefacts/my-{kind}-example/index.html"))
                .is_file(),
            "{kind} page missing"
        );
    }
}

/// Removes the `# ` in front of every commented-out field line (`# key:` and the indented
/// `#   …` lines of a block) in the front matter, as a teacher following the comments would.
fn uncomment_fields(text: &str) -> String {
    let mut out = String::new();
    let mut fences = 0;
    for line in text.lines() {
        if line == "---" {
            fences += 1;
        }
        let field = line
            .strip_prefix("# ")
            .filter(|rest| {
                rest.starts_with("  ")
                    || rest.split_once(':').is_some_and(|(key, _)| {
                        !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                    })
            })
            .filter(|_| fences == 1);
        out.push_str(field.unwrap_or(line));
        out.push('\n');
    }
    out
}

#[test]
fn optional_fields_are_valid_once_uncommented() {
    let (_tmp, dir) = fresh_portfolio();
    for kind in KINDS {
        let path = new_artefact(
            &dir,
            kind,
            &format!("All fields {kind}"),
            None,
            (2025, 3, 14),
        )
        .unwrap();
        let text = uncomment_fields(&fs::read_to_string(&path).unwrap());
        assert!(text.contains("\nrole: "), "{text}");
        assert!(
            text.contains("\ncompetencies: [coaching, curriculum]"),
            "{text}"
        );
        fs::write(&path, text).unwrap();
        // The example attachment names a file beside the artefact.
        fs::write(path.with_file_name("my-report.pdf"), "%PDF-1.4\n").unwrap();
    }
    // `draft: true` is among the optional fields: build the drafts too.
    let run = assert_builds_cleanly(&dir, &["--strict", "--drafts"]);
    let page =
        fs::read_to_string(run.out.join("artefacts/all-fields-case-study/index.html")).unwrap();
    assert!(
        page.contains("Pupils at or above the expected standard"),
        "{page}"
    );
}

#[test]
fn new_artefact_uses_the_given_folder() {
    let (_tmp, dir) = fresh_portfolio();
    let path = new_artefact(
        &dir,
        "project",
        "Curriculum map",
        Some(Path::new("artefacts/projects")),
        (2025, 1, 5),
    )
    .unwrap();
    assert_eq!(path, dir.join("artefacts/projects/curriculum-map.md"));

    let err = new_artefact(
        &dir,
        "project",
        "Elsewhere",
        Some(Path::new("notes")),
        (2025, 1, 5),
    )
    .unwrap_err();
    assert!(
        matches!(err, ScaffoldError::NotInArtefacts { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("artefacts"), "{err}");
    assert!(!dir.join("notes").exists());
    assert_builds_cleanly(&dir, &[]);
}

#[test]
fn new_artefact_never_overwrites() {
    let (_tmp, dir) = fresh_portfolio();
    let path = new_artefact(&dir, "reflection", "Leading change", None, (2025, 5, 1)).unwrap();
    fs::write(&path, "my precious words").unwrap();
    let err = new_artefact(&dir, "reflection", "Leading change", None, (2025, 5, 1)).unwrap_err();
    assert!(
        matches!(err, ScaffoldError::AlreadyExists { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("leading-change.md"), "{err}");
    assert_eq!(fs::read_to_string(&path).unwrap(), "my precious words");

    // The same title in another year would give a duplicate slug, which the build refuses.
    let err = new_artefact(&dir, "project", "Leading change!", None, (2026, 5, 1)).unwrap_err();
    assert!(matches!(err, ScaffoldError::SlugTaken { .. }), "{err:?}");
    assert!(err.to_string().contains("leading-change"), "{err}");
    assert!(!dir.join("artefacts/2026").exists());
}

#[test]
fn unknown_kind_suggests_the_closest() {
    let (_tmp, dir) = fresh_portfolio();
    let err = new_artefact(&dir, "case-studdy", "Title", None, (2025, 5, 1)).unwrap_err();
    assert!(matches!(err, ScaffoldError::UnknownKind { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("did you mean `case-study`?"), "{message}");
    assert!(message.contains("reflection"), "lists the kinds: {message}");
    // Written as people say it, the kind is understood.
    new_artefact(&dir, "Case study", "Spoken kind", None, (2025, 5, 1)).unwrap();
}

#[test]
fn new_artefact_outside_a_portfolio_says_where_to_run_it() {
    let tmp = tempfile::tempdir().unwrap();
    let err = new_artefact(tmp.path(), "reflection", "Title", None, (2025, 5, 1)).unwrap_err();
    assert!(
        matches!(err, ScaffoldError::NotAPortfolio { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("portfolio folder"), "{err}");
}

#[test]
fn new_artefact_refuses_titles_without_words() {
    let (_tmp, dir) = fresh_portfolio();
    let err = new_artefact(&dir, "reflection", "   ", None, (2025, 5, 1)).unwrap_err();
    assert!(matches!(err, ScaffoldError::EmptyTitle), "{err:?}");
    let err = new_artefact(&dir, "reflection", "?!", None, (2025, 5, 1)).unwrap_err();
    assert!(matches!(err, ScaffoldError::EmptySlug { .. }), "{err:?}");
}

#[test]
fn a_title_with_quotes_and_colons_round_trips() {
    let (_tmp, dir) = fresh_portfolio();
    let title = r#"Coaching "the hard way": a year's notes \ #1"#;
    let path = new_artefact(&dir, "case-study", title, None, (2025, 5, 1)).unwrap();
    let slug = path.file_stem().unwrap().to_string_lossy().to_string();
    assert_eq!(slug, "coaching-the-hard-way-a-year-s-notes-1");

    let run = assert_builds_cleanly(&dir, &[]);
    let page = fs::read_to_string(run.out.join(format!("artefacts/{slug}/index.html"))).unwrap();
    let escaped = r#"Coaching &quot;the hard way&quot;: a year&#39;s notes \ #1"#;
    assert!(page.contains(&format!(">{escaped}</h1>")), "{page}");
}

/// Issue 14: `new` finds the portfolio in a folder above, like `git` does.
#[test]
fn new_artefact_finds_the_portfolio_above_the_folder_it_is_run_in() {
    let (_tmp, dir) = fresh_portfolio();
    let path = new_artefact(
        &dir.join("artefacts/2024"),
        "reflection",
        "From a subfolder",
        None,
        (2025, 2, 28),
    )
    .unwrap();
    // Found above, the portfolio is named by its full path (the temp folder's, already full).
    assert_eq!(path, dir.join("artefacts/2025/from-a-subfolder.md"));
    assert!(path.is_file());
    assert!(!dir.join("artefacts/2024/artefacts").exists());
}

#[test]
fn new_takes_the_portfolio_as_a_positional_path_or_finds_it_from_a_subfolder() {
    let (tmp, dir) = fresh_portfolio();
    let (code, stdout, stderr) = dossier(
        tmp.path(),
        &["new", "reflection", "Positional", "my-portfolio"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("positional.md"), "{stdout}");
    assert!(dir.join("artefacts/2025/positional.md").is_file());

    let (code, _, stderr) = dossier(
        &dir.join("artefacts/2024"),
        &[
            "new",
            "project",
            "From inside",
            "--path",
            "artefacts/projects",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.join("artefacts/projects/from-inside.md").is_file());

    // The older `--root` still works, though --help no longer shows it.
    let (code, _, stderr) = dossier(
        tmp.path(),
        &[
            "new",
            "reflection",
            "Old spelling",
            "--root",
            "my-portfolio",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.join("artefacts/2025/old-spelling.md").is_file());
    let (_, help, _) = dossier(tmp.path(), &["new", "--help"]);
    assert!(
        help.contains("[PATH]") && !help.contains("--root"),
        "{help}"
    );

    assert_builds_cleanly(&dir, &["--strict"]);
}

#[test]
fn new_artefact_in_a_folder_that_does_not_exist_says_so() {
    let (tmp, _dir) = fresh_portfolio();
    // A typo must not fall back to a portfolio above it.
    let err = new_artefact(
        &tmp.path().join("my-portfolo"),
        "reflection",
        "T",
        None,
        (2025, 5, 1),
    )
    .unwrap_err();
    assert!(matches!(err, ScaffoldError::NoSuchFolder { .. }), "{err:?}");
    assert!(err.to_string().contains("my-portfolo"), "{err}");
}

/// The competency ids come from the same reader as a build's, which understands any YAML
/// layout: here `id` is not the first key of each item, which the old line scanner missed.
#[test]
fn new_lists_competency_ids_however_the_framework_is_written() {
    let dir = common::portfolio(&[
        (
            "frameworks/f.yaml",
            "name: Framework\nid: f\ncompetencies:\n  - name: Coaching\n    id: coaching\n  - name: Data\n    id: \"data-use\"\n",
        ),
        ("artefacts/.keep", ""),
    ]);
    let path = new_artefact(dir.path(), "reflection", "Ids", None, (2025, 5, 1)).unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains("(f), for the line below:\n# coaching, data-use\n# competencies: [coaching, data-use]\n"),
        "{text}"
    );
}

#[test]
fn new_lists_the_built_in_frameworks_ids() {
    let (_tmp, dir) = fresh_portfolio();
    let config = dir.join("portfolio.yaml");
    let text = fs::read_to_string(&config).unwrap().replace(
        "framework: my-framework",
        "framework: uk-teachers-standards",
    );
    fs::write(&config, text).unwrap();
    let path = new_artefact(&dir, "reflection", "Built in", None, (2025, 5, 1)).unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains("# competencies: [high-expectations, progress]"),
        "{text}"
    );
}

#[test]
fn the_teacher_leader_skills_framework_and_a_built_in_pathway_work_from_the_starter() {
    let (_tmp, dir) = fresh_portfolio();
    let config = dir.join("portfolio.yaml");
    let text = fs::read_to_string(&config)
        .unwrap()
        .replace(
            "framework: my-framework",
            "framework: teacher-leader-skills",
        )
        .replace("# pathway: headteacher", "pathway: headteacher")
        .replace(
            "competencies: [coaching, curriculum]",
            "competencies: [coaching-mentoring]",
        );
    fs::write(&config, text).unwrap();
    // The starter's artefacts name my-framework's ids: give them the built-in one's.
    for entry in walkdir::WalkDir::new(dir.join("artefacts"))
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).unwrap();
            let text = regex_free_competencies(&text);
            fs::write(entry.path(), text).unwrap();
        }
    }
    let path = new_artefact(&dir, "reflection", "Built in", None, (2025, 5, 1)).unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.contains("# competencies: [coaching-mentoring, data-decisions]"),
        "{text}"
    );
    let run = assert_builds_cleanly(&dir, &[]);
    let readiness = fs::read_to_string(run.out.join("readiness/index.html")).unwrap();
    assert!(readiness.contains("Readiness: School principal or headteacher"));
}

/// Every `competencies: [...]` line of a starter artefact, pointed at the built-in framework.
fn regex_free_competencies(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.starts_with("competencies:") {
                "competencies: [coaching-mentoring]".to_string()
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// A mistake in portfolio.yaml is the build's to report; `new` still writes the artefact,
/// without the list of ids it could not read.
#[test]
fn new_works_while_portfolio_yaml_has_a_mistake() {
    let (_tmp, dir) = fresh_portfolio();
    let config = dir.join("portfolio.yaml");
    let broken = fs::read_to_string(&config).unwrap() + "\nperson: [unclosed\n";
    fs::write(&config, broken).unwrap();
    let path = new_artefact(&dir, "case-study", "Despite it", None, (2025, 5, 1)).unwrap();
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains("title: \"Despite it\"\n"), "{text}");
    assert!(
        text.contains(
            "\n# competencies: []              # ids from the framework named in portfolio.yaml\n"
        ),
        "{text}"
    );
    assert!(!text.contains("Competency ids in your framework"), "{text}");
}
