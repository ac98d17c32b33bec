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
    fn an_attachment_that_is_portfolio_yaml_is_refused() {
        let public = "---\ntitle: Public work\nkind: project\ndate: 2025-06-30\nattachments:\n  - {title: Settings, file: ../portfolio.yaml}\n---\n\nBody.\n";
        let dir = portfolio(&[("artefacts/public.md", public)]);
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

mod output_folder {
    use super::*;
    use dossier::output::swap::{self, Swapped};
    use dossier::output::{Output, Staging, MARKER};

    fn built(dir: &Path, out: &Path) {
        let (code, stdout, stderr) = build_into(dir, out, &[]);
        assert_eq!(code, 0, "{stdout}{stderr}");
    }

    fn siblings(out: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_rebuild_moves_the_users_files_into_the_new_output() {
        let dir = portfolio(&[("artefacts/public.md", PUBLIC)]);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        built(dir.path(), &out);
        std::fs::create_dir_all(out.join(".git/objects")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
        std::fs::write(out.join("CNAME"), "portfolio.example.org\n").unwrap();
        std::fs::write(out.join("artefacts/notes.txt"), "mine\n").unwrap();
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(out.join(".git/HEAD")).unwrap().ino()
        };
        built(dir.path(), &out);
        assert_eq!(
            std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref: refs/heads/gh-pages\n"
        );
        assert!(out.join("CNAME").is_file());
        assert!(out.join("artefacts/notes.txt").is_file());
        assert!(out.join("index.html").is_file());
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let moved = std::fs::metadata(out.join(".git/HEAD")).unwrap().ino();
            assert_eq!(inode, moved, "moved, not copied");
        }
        // A third build still knows them as the user's, and a page that is gone is not kept.
        built(dir.path(), &out);
        assert!(out.join("CNAME").is_file() && out.join(".git/HEAD").is_file());
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        assert!(
            marker.contains("\"index.html\"") && !marker.contains("CNAME"),
            "{marker}"
        );
        assert_eq!(siblings(&out), vec!["out"]);
    }

    #[test]
    fn a_users_file_at_the_path_of_a_page_is_refused_and_the_old_site_kept() {
        let dir = portfolio(&[("artefacts/public.md", PUBLIC)]);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        built(dir.path(), &out);
        std::fs::write(out.join("CNAME"), "mine\n").unwrap();
        // The page is dossier's, so this is replaced: only an unlisted file is the user's.
        std::fs::write(out.join("index.html"), "edited by hand").unwrap();
        built(dir.path(), &out);
        assert_ne!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "edited by hand"
        );
        // A file dossier never wrote, at a path the build now writes: refused, nothing lost.
        let marker = std::fs::read_to_string(out.join(MARKER)).unwrap();
        let without_robots = marker.replace("\"robots.txt\",", "");
        std::fs::write(out.join(MARKER), without_robots).unwrap();
        std::fs::write(out.join("robots.txt"), "MY-ROBOTS").unwrap();
        let (code, _, stderr) = build_into(dir.path(), &out, &[]);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("robots.txt was not written by dossier"),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("robots.txt")).unwrap(),
            "MY-ROBOTS"
        );
        assert!(out.join("CNAME").is_file());
        assert_eq!(siblings(&out), vec!["out"]);
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed_and_others_kept() {
        let dir = portfolio(&[("artefacts/public.md", PUBLIC)]);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        built(dir.path(), &out);
        for leftover in [".out.building-a1", ".out.old-b2", ".dossier-old-c3"] {
            std::fs::create_dir_all(tmp.path().join(leftover).join("artefacts")).unwrap();
            std::fs::write(tmp.path().join(leftover).join(MARKER), "").unwrap();
        }
        std::fs::create_dir_all(tmp.path().join(".other.building-x")).unwrap();
        std::fs::create_dir_all(tmp.path().join(".dossier-old-not-ours")).unwrap();
        built(dir.path(), &out);
        assert_eq!(
            siblings(&out),
            vec![".dossier-old-not-ours", ".other.building-x", "out"]
        );
    }

    #[test]
    fn a_build_running_now_keeps_its_staging_folder_and_blocks_a_second() {
        let dir = portfolio(&[("artefacts/public.md", PUBLIC)]);
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        built(dir.path(), &out);
        let mut lock = swap::Lock::open(&out).unwrap();
        let held = lock.hold().unwrap();
        std::fs::create_dir_all(tmp.path().join(".out.building-live")).unwrap();
        let (code, _, stderr) = build_into(dir.path(), &out, &[]);
        assert_eq!(code, 2);
        assert!(stderr.contains("another dossier build"), "{stderr}");
        assert!(tmp.path().join(".out.building-live").is_dir());
        drop(held);
        built(dir.path(), &out);
        assert!(!tmp.path().join(".out.building-live").exists());
    }

    #[test]
    fn the_site_a_crash_between_two_renames_took_away_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let old = tmp.path().join(".out.old-k1");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join(MARKER), "").unwrap();
        std::fs::write(old.join("index.html"), "old site").unwrap();
        swap::clean_leftovers(&out);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old site"
        );
        assert!(!old.exists());
    }

    #[test]
    fn the_users_files_a_killed_build_held_are_given_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        staged_site(&out, "one").commit().unwrap();
        // As a build killed after carrying the user's files over, before the switch, leaves it.
        let staged = tmp.path().join(".out.building-k9");
        std::fs::create_dir_all(staged.join(".git")).unwrap();
        std::fs::write(staged.join(".git/HEAD"), "mine").unwrap();
        std::fs::write(staged.join("CNAME"), "mine").unwrap();
        std::fs::write(staged.join(".dossier-carried"), ".git\nCNAME\n").unwrap();
        std::fs::write(staged.join("index.html"), "half-built").unwrap();
        assert_eq!(swap::clean_leftovers(&out), 1);
        assert_eq!(
            std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "mine");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "one"
        );
        assert_eq!(siblings(&out), vec!["out"]);
    }

    fn staged_site(out: &Path, page: &str) -> Staging {
        let staging = Staging::new(out).unwrap();
        staging.write("index.html", page.as_bytes()).unwrap();
        staging
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn on_linux_the_switch_is_one_exchange() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        assert_eq!(staged_site(&out, "one").commit().unwrap(), Swapped::Fresh);
        assert_eq!(
            staged_site(&out, "two").commit().unwrap(),
            Swapped::Exchanged
        );
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert_eq!(siblings(&out), vec!["out"]);
    }

    #[test]
    fn the_two_renames_fallback_switches_and_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        staged_site(&out, "one").commit().unwrap();
        let swapped = staged_site(&out, "two")
            .commit_with(swap::two_renames)
            .unwrap();
        assert!(matches!(swapped, Swapped::Renamed(_)));
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert_eq!(siblings(&out), vec!["out"]);
    }

    #[test]
    fn a_failed_switch_leaves_the_old_site_with_the_users_files_and_no_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        staged_site(&out, "one").commit().unwrap();
        std::fs::write(out.join("CNAME"), "mine").unwrap();
        let failed = staged_site(&out, "two")
            .commit_with(|_, _| Err(std::io::Error::other("the disk is gone")));
        assert!(failed.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "one"
        );
        assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "mine");
        assert_eq!(siblings(&out), vec!["out"]);
    }
}

mod addresses {
    use super::*;

    fn framework(competencies: &str) -> String {
        format!("id: f\nname: Framework\ncompetencies:\n{competencies}")
    }

    #[test]
    fn two_competency_ids_with_one_address_are_an_error_naming_both() {
        let f = framework(
            "  - {id: coaching, name: Coaching}\n  - {id: Data literacy, name: A}\n  - {id: data-literacy, name: B}\n",
        );
        let dir = portfolio(&[("frameworks/f.yaml", &f), ("artefacts/public.md", PUBLIC)]);
        let run = build(dir.path(), &["--format", "json"]);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        let diags = json_diagnostics(&run.stdout);
        let clash = diags
            .iter()
            .find(|d| d["code"] == "D0412")
            .unwrap_or_else(|| panic!("no D0412: {diags:?}"));
        let message = clash["message"].as_str().unwrap();
        assert!(
            message.contains("competencies/data-literacy/index.html")
                && message.contains("`Data literacy` (frameworks/f.yaml:")
                && message.contains("`data-literacy`"),
            "{message}"
        );
        assert_eq!(clash["path"], "frameworks/f.yaml");
        assert!(!run.out.exists());
    }

    #[test]
    fn a_competency_id_that_makes_no_address_is_an_error_at_the_id() {
        let f = framework("  - {id: coaching, name: Coaching}\n  - {id: \"!!!\", name: Bangs}\n");
        let dir = portfolio(&[("frameworks/f.yaml", &f), ("artefacts/public.md", PUBLIC)]);
        let run = build(dir.path(), &["--format", "json"]);
        assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
        let diags = json_diagnostics(&run.stdout);
        let bad = diags
            .iter()
            .find(|d| d["code"] == "D0206")
            .unwrap_or_else(|| panic!("no D0206: {diags:?}"));
        assert_eq!(bad["path"], "frameworks/f.yaml");
        assert_eq!(
            (bad["line"].as_u64(), bad["column"].as_u64()),
            (Some(5), Some(10)),
            "{bad}"
        );
        assert!(
            bad["message"]
                .as_str()
                .unwrap()
                .contains("cannot name a page"),
            "{bad}"
        );
    }

    #[test]
    fn the_address_book_holds_every_page_once_and_refuses_a_second_claim() {
        use dossier::site::{all_pages, AddressBook, Site};
        // Every page of the sample portfolio has its own file, and render writes each there.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
        let mut diags = dossier::diag::Diagnostics::default();
        let root = dossier::parse::Root::new(&root);
        let tree = dossier::source::walk(&root.path, Path::new("/nonexistent"), &mut diags);
        let portfolio = dossier::parse::portfolio(&root, &tree, None, &mut diags).unwrap();
        let site = Site::new(&portfolio, false);
        let book = AddressBook::new(&site, ["style.css"], &tree.static_files);
        assert!(book.problems().is_empty(), "{:?}", book.problems());
        let paths: Vec<&str> = book.paths().collect();
        for page in all_pages(&site) {
            assert!(paths.contains(&page.file(&site).as_str()));
        }
        assert!(paths.contains(&"theme/style.css") && paths.contains(&"atom.xml"));
        let twice = AddressBook::new(&site, ["x.css", "x.css"], &[]);
        assert_eq!(twice.problems().len(), 1);
        assert_eq!(twice.problems()[0].code, "D0412");
    }
}
