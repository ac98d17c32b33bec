//! The files a build reads and writes (issue 8): nothing outside the portfolio or belonging to
//! private material is published by any road, special files are named and skipped, every
//! output path is claimed once, and the output folder keeps what dossier did not write.

mod common;

use common::{build, build_into, json_diagnostics, portfolio};
use std::path::Path;

const PUBLIC: &str = "---\ntitle: Public work\nkind: project\ndate: 2025-06-30\n---\n\nBody.\n";
const SECRET: &str =
    "---\ntitle: Secret work\nkind: project\ndate: 2025-06-30\nprivate: true\n---\n\nSECRET-BODY\n";

fn codes_at(stdout: &str) -> Vec<(String, String, String)> {
    json_diagnostics(stdout)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_string(),
                d["path"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Every file of the output, as text, so a test can say nothing in it carries a secret.
fn output_contains(out: &Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path())
                .map(|b| String::from_utf8_lossy(&b).contains(needle))
                .unwrap_or(false)
        })
        .map(|e| e.path().display().to_string())
        .collect()
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_static_link_to_the_artefacts_folder_publishes_no_private_source() {
        let dir = portfolio(&[
            ("artefacts/public.md", PUBLIC),
            ("artefacts/secret.md", SECRET),
        ]);
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        symlink("../artefacts", dir.path().join("static/notes")).unwrap();
        let run = build(dir.path(), &["--format", "json"]);
        let found = codes_at(&run.stdout);
        assert!(
            found.contains(&(
                "D0411".into(),
                "static/notes/secret.md".into(),
                "error".into()
            )),
            "{found:?}\n{}",
            run.stderr
        );
        assert_eq!(run.code, 1);
        assert!(!run.out.exists() || output_contains(&run.out, "SECRET-BODY").is_empty());
    }

    #[test]
    fn a_static_link_outside_the_portfolio_is_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("hostname"), "OUTSIDE-SECRET").unwrap();
        let dir = portfolio(&[("artefacts/public.md", PUBLIC)]);
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        symlink(
            outside.path().join("hostname"),
            dir.path().join("static/hostname"),
        )
        .unwrap();
        let run = build(dir.path(), &["--format", "json"]);
        let found = codes_at(&run.stdout);
        assert!(
            found.contains(&("D0411".into(), "static/hostname".into(), "error".into())),
            "{found:?}"
        );
        assert_eq!(run.code, 1);
    }

    #[test]
    fn a_static_link_to_a_private_artefacts_attachment_is_refused() {
        let secret = "---\ntitle: Secret work\nkind: project\ndate: 2025-06-30\nprivate: true\nattachments:\n  - {title: Report, file: report.pdf}\n---\n\nBody.\n";
        let dir = portfolio(&[
            ("artefacts/public.md", PUBLIC),
            ("artefacts/secret.md", secret),
            ("artefacts/report.pdf", "PRIVATE-REPORT"),
        ]);
        std::fs::create_dir_all(dir.path().join("static")).unwrap();
        symlink("../artefacts/report.pdf", dir.path().join("static/r.pdf")).unwrap();
        let run = build(dir.path(), &["--format", "json"]);
        let found = codes_at(&run.stdout);
        assert!(
            found.contains(&("D0411".into(), "static/r.pdf".into(), "error".into())),
            "{found:?}\n{}",
            run.stderr
        );
        assert_eq!(run.code, 1);
    }

    #[test]
    fn a_public_attachment_that_is_another_artefacts_source_is_refused() {
        let public = "---\ntitle: Public work\nkind: project\ndate: 2025-06-30\nattachments:\n  - {title: Notes, file: secret.md}\n---\n\nBody.\n";
        let dir = portfolio(&[
            ("artefacts/public.md", public),
            ("artefacts/secret.md", SECRET),
        ]);
        let run = build(dir.path(), &["--format", "json"]);
        let found = codes_at(&run.stdout);
        assert!(
            found
                .iter()
                .any(|(code, path, _)| code == "D0411" && path == "artefacts/public.md"),
            "{found:?}\n{}",
            run.stderr
        );
        assert_eq!(run.code, 1);
    }

    #[test]
    fn a_plain_static_file_and_a_link_inside_static_are_published() {
        let dir = portfolio(&[
            ("artefacts/public.md", PUBLIC),
            ("static/CNAME", "portfolio.example.org\n"),
        ]);
        symlink("CNAME", dir.path().join("static/CNAME-again")).unwrap();
        let run = build(dir.path(), &[]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(run.out.join("CNAME").is_file());
        assert!(run.out.join("CNAME-again").is_file());
    }
}

#[cfg(unix)]
mod special_files {
    use super::*;

    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("run mkfifo");
        assert!(status.success());
    }

    #[test]
    fn a_named_pipe_among_the_artefacts_and_in_static_is_named_and_skipped() {
        let dir = portfolio(&[("artefacts/public.md", PUBLIC), ("static/a.txt", "a")]);
        mkfifo(&dir.path().join("artefacts/pipe.md"));
        mkfifo(&dir.path().join("static/pipe"));
        let run = build(dir.path(), &["--format", "json"]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        let diags = json_diagnostics(&run.stdout);
        for path in ["artefacts/pipe.md", "static/pipe"] {
            let d = diags
                .iter()
                .find(|d| d["path"] == path)
                .unwrap_or_else(|| panic!("no warning at {path}: {diags:?}"));
            assert_eq!(d["code"], "D0410");
            assert_eq!(d["severity"], "warning");
            assert!(d["message"].as_str().unwrap().contains("named pipe"), "{d}");
        }
        assert!(!run.out.join("pipe").exists());
    }

    #[test]
    fn a_root_that_is_a_pipe_or_a_file_is_described_as_such() {
        let tmp = tempfile::tempdir().unwrap();
        let pipe = tmp.path().join("pipe");
        mkfifo(&pipe);
        let file = tmp.path().join("notes.txt");
        std::fs::write(&file, "x").unwrap();
        for (root, words) in [
            (&pipe, "is a named pipe (FIFO), not a portfolio folder"),
            (&file, "is a file, not a portfolio folder"),
        ] {
            let (code, stdout, stderr) =
                build_into(root, &tmp.path().join("out"), &["--format", "json"]);
            assert_eq!(code, 1, "{stderr}");
            let diags = json_diagnostics(&stdout);
            assert_eq!(diags.len(), 1, "{diags:?}");
            assert!(
                diags[0]["message"].as_str().unwrap().contains(words),
                "{diags:?}"
            );
        }
    }

    #[test]
    fn a_portfolio_yaml_that_is_a_pipe_is_described_as_such() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("artefacts")).unwrap();
        mkfifo(&dir.path().join("portfolio.yaml"));
        let run = build(dir.path(), &["--format", "json"]);
        assert_eq!(run.code, 1);
        let diags = json_diagnostics(&run.stdout);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0]["code"], "D0105");
        assert!(diags[0]["message"].as_str().unwrap().contains("named pipe"));
    }
}
