//! What a teacher meets on the first day (issue 14): the command's own help (completions, a
//! manual page), diagnostics where they type (the editor task `init` writes, plain text when
//! not on a terminal), `check`'s closing line, and the mistakes a word processor makes.

mod common;

use common::portfolio;
use std::path::Path;
use std::process::Command;

/// `dossier ARGS…` with `env` set: exit code, stdout, stderr.
fn dossier(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run the dossier binary");
    (
        output.status.code().expect("exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

const BROKEN_ARTEFACT: &str =
    "---\ntitle: A\nkind: project\ndate: 2024-01-01\ncompetencies: [coachin]\n---\nBody\n";

#[test]
fn completions_and_the_manual_come_from_the_command_line_definitions() {
    let (code, bash, _) = dossier(&["completions", "bash"], &[]);
    assert_eq!(code, 0);
    assert!(bash.contains("complete -F _dossier"), "{bash}");
    assert!(
        bash.contains("--testimonial-max-age"),
        "check's flags complete"
    );
    let (code, fish, _) = dossier(&["completions", "fish"], &[]);
    assert_eq!(code, 0);
    assert!(fish.contains("complete -c dossier"), "{fish}");
    let (code, man, _) = dossier(&["man"], &[]);
    assert_eq!(code, 0);
    assert!(
        man.starts_with(".ie") || man.contains(".TH dossier 1"),
        "{man}"
    );
    assert!(
        man.contains("serve") && man.contains("completions"),
        "{man}"
    );
}

#[test]
fn check_ends_with_a_summary_and_quiet_leaves_only_the_problems() {
    let dir = portfolio(&[("artefacts/a.md", BROKEN_ARTEFACT)]);
    let (code, _, stderr) = dossier(&["check", path(dir.path())], &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("error[D0"), "{stderr}");
    assert_eq!(
        stderr.lines().last(),
        Some("Check failed: 1 error."),
        "{stderr}"
    );
    let (code, _, quiet) = dossier(&["check", "--quiet", path(dir.path())], &[]);
    assert_eq!(code, 1);
    assert!(quiet.contains("error[D0"), "{quiet}");
    assert!(!quiet.contains("Check failed"), "{quiet}");

    let good = portfolio(&[(
        "artefacts/a.md",
        &BROKEN_ARTEFACT.replace("coachin]", "coaching]"),
    )]);
    let (code, _, stderr) = dossier(&["check", path(good.path())], &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("Checked "), "{stderr}");
    let (_, _, quiet) = dossier(&["check", "-q", path(good.path())], &[]);
    assert!(!quiet.contains("Checked "), "{quiet}");
}

#[test]
fn diagnostics_have_no_colour_codes_off_a_terminal_or_with_no_color() {
    let dir = portfolio(&[("artefacts/a.md", BROKEN_ARTEFACT)]);
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let (_, _, stderr) = dossier(&["check", path(dir.path())], env);
        assert!(stderr.contains("error[D0"), "{stderr}");
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    }
    // Forced on (as a terminal would have it), the severity is coloured.
    let (_, _, stderr) = dossier(&["check", path(dir.path())], &[("CLICOLOR_FORCE", "1")]);
    assert!(stderr.contains("\u{1b}[1m\u{1b}[31merror[D0"), "{stderr:?}");
}

/// The VS Code task `init` writes: its problem matcher, applied to what `check` prints, finds
/// the file, line, column, severity and code.
#[test]
fn the_editor_task_from_init_matches_check_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let (code, _, stderr) = dossier(&["init", path(&dir)], &[]);
    assert_eq!(code, 0, "{stderr}");
    let tasks = std::fs::read_to_string(dir.join(".vscode/tasks.json")).unwrap();
    let json: String = tasks
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let tasks: serde_json::Value = serde_json::from_str(&json).expect("tasks.json is JSON");
    let check = &tasks["tasks"][0];
    assert_eq!(check["command"], "dossier");
    assert_eq!(check["args"][0], "check");
    let pattern = &check["problemMatcher"]["pattern"];
    let regex = regex::Regex::new(pattern["regexp"].as_str().unwrap()).unwrap();

    std::fs::write(dir.join("artefacts/2024/broken.md"), BROKEN_ARTEFACT).unwrap();
    let (code, _, stderr) = dossier(&["check", path(&dir)], &[]);
    assert_eq!(code, 1);
    let found: Vec<_> = stderr.lines().filter_map(|l| regex.captures(l)).collect();
    assert_eq!(found.len(), 1, "{stderr}");
    let group = |name: &str| &found[0][pattern[name].as_u64().unwrap() as usize];
    assert_eq!(group("file"), "artefacts/2024/broken.md");
    assert_eq!(group("line"), "5");
    assert_eq!(group("severity"), "error");
    assert!(group("code").starts_with("D0"));
}

/// `dossier check` on a minimal portfolio with one artefact `a.md` written as `bytes`.
fn check_artefact(bytes: &[u8]) -> (i32, String) {
    let dir = portfolio(&[]);
    std::fs::create_dir_all(dir.path().join("artefacts")).unwrap();
    std::fs::write(dir.path().join("artefacts/a.md"), bytes).unwrap();
    let (code, _, stderr) = dossier(&["check", path(dir.path())], &[]);
    (code, stderr)
}

fn artefact(fields: &str) -> String {
    format!("---\ntitle: A\nkind: project\ndate: 2024-01-01\ncompetencies: [coaching]\n{fields}---\nBody\n")
}

const METRIC: &str = "metrics:\n  - label: Attendance\n    baseline: 40\n    result: 48\n";

#[test]
fn curly_quotes_around_a_value_are_a_mistake_at_the_value() {
    let text = artefact("").replace("title: A", "title: “Peer observation”");
    let (code, stderr) = check_artefact(text.as_bytes());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "artefacts/a.md:2:8: error[D0107]: “Peer observation” is wrapped in curly quotes"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("\"Peer observation\""), "the fix: {stderr}");

    let (code, stderr) = check_artefact(artefact(&format!("{METRIC}    unit: “%”\n")).as_bytes());
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("artefacts/a.md:10:11: error[D0107]"),
        "{stderr}"
    );
    // Quotes inside a value are the teacher's own.
    let text = artefact("").replace("title: A", "title: The “best” year");
    assert_eq!(check_artefact(text.as_bytes()).0, 0);
}

#[test]
fn an_unquoted_percent_says_to_put_quotes_around_it() {
    let (code, stderr) = check_artefact(artefact(&format!("{METRIC}    unit: %\n")).as_bytes());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("artefacts/a.md:10:11: error[D0103]: a value cannot start with `%` unless it is in quotes: put quotes around %"),
        "{stderr}"
    );
    assert!(stderr.contains("unit: \"%\""), "{stderr}");
    assert!(!stderr.contains("cannot start any token"), "{stderr}");
}

#[test]
fn a_utf16_file_from_word_is_recognised() {
    let text = artefact("");
    for bom in [true, false] {
        let mut bytes: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { vec![] };
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let (code, stderr) = check_artefact(&bytes);
        assert_eq!(code, 1);
        assert!(
            stderr.contains("artefacts/a.md:1:1: error[D0102]: this file is saved as UTF-16"),
            "{stderr}"
        );
        assert!(
            stderr.contains("Unicode (UTF-8)"),
            "how to re-save: {stderr}"
        );
    }
}

#[test]
fn a_day_that_does_not_exist_is_said_so() {
    let text = artefact("").replace("2024-01-01", "2024-02-31");
    let (code, stderr) = check_artefact(text.as_bytes());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("`2024-02-31` is not a date: February 2024 has 29 days, not 31"),
        "{stderr}"
    );
    assert!(stderr.contains("date: 2024-02-29"), "{stderr}");
}

#[test]
fn a_line_starting_with_a_tab_is_said_in_words() {
    let text = artefact("").replace("competencies: [coaching]", "competencies:\n\t- coaching");
    let (code, stderr) = check_artefact(text.as_bytes());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("artefacts/a.md:6:1: error[D0103]: this line starts with a tab"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot start any token"), "{stderr}");
}

/// A folder `build` will not replace used to stop the run before the portfolio was read: the
/// teacher fixed the folder and only then met the portfolio's own mistakes.
#[test]
fn a_refused_output_folder_does_not_hide_the_portfolios_errors() {
    let dir = portfolio(&[(
        "artefacts/a.md",
        &artefact("").replace("2024-01-01", "2024-02-31"),
    )]);
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join("notes.txt"), "mine").unwrap();
    let (code, _, stderr) = dossier(&["build", path(dir.path()), "-o", path(out.path())], &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("artefacts/a.md:4:7: error[D0203]"),
        "{stderr}"
    );
    assert!(stderr.contains("was not written by dossier"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.path().join("notes.txt")).unwrap(),
        "mine"
    );
    let (code, stdout, _) = dossier(
        &[
            "build",
            path(dir.path()),
            "-o",
            path(out.path()),
            "--format",
            "json",
        ],
        &[],
    );
    assert_eq!(code, 2);
    assert!(stdout.contains("\"code\":\"D0203\""), "{stdout}");
}
