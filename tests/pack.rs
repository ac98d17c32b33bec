//! `dossier pack` and `dossier verify`: the pack round-trips; verify fails on one changed
//! byte, on a removed or an added file, and `--against` a portfolio whose published content
//! changed; a private artefact's change does not change the version; the version is on every
//! page; two packs of one portfolio are byte-identical.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output};

fn dossier(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap()
}

/// A copy of the rich test portfolio (it has private and draft artefacts) in a temp folder.
fn portfolio() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/portfolios/rich");
    let tmp = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&from).unwrap();
        let to = tmp.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    tmp
}

fn pack(dir: &Path, zip: &Path) -> Output {
    let run = dossier(&[
        "pack".as_ref(),
        dir.as_os_str(),
        "-o".as_ref(),
        zip.as_os_str(),
        "--no-pdf".as_ref(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run
}

fn verify(zip: &Path, against: Option<&Path>) -> (i32, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["verify".as_ref(), zip.as_os_str()];
    if let Some(dir) = against {
        args.extend(["--against".as_ref(), dir.as_os_str()]);
    }
    let run = dossier(&args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (run.status.code().unwrap(), text)
}

/// Every entry of a zip, by name.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().to_string(), bytes)
        })
        .collect()
}

/// The zip again with `change` applied to its entries.
fn rewrite(zip: &Path, out: &Path, change: impl Fn(&mut Vec<(String, Vec<u8>)>)) {
    let mut files = entries(zip);
    change(&mut files);
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in files {
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn a_pack_verifies_and_matches_its_portfolio() {
    let dir = portfolio();
    let zip = dir.path().join("pack.zip");
    pack(dir.path(), &zip);
    let (code, text) = verify(&zip, Some(dir.path()));
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("every file matches"), "{text}");

    let files = entries(&zip);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "entries are in path order");
    assert!(names.contains(&"manifest.json") && names.contains(&"site/index.html"));
    let manifest: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "manifest.json").unwrap().1)
            .unwrap();
    let version = manifest["version"].as_str().unwrap();
    assert_eq!(version.len(), 12);
    assert_eq!(manifest["files"].as_array().unwrap().len(), files.len() - 1);
    // The version is printed in the footer of every page of the site.
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains(version),
            "{name} does not show version {version}"
        );
    }
}

#[test]
fn two_packs_of_one_portfolio_are_identical() {
    let dir = portfolio();
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    pack(dir.path(), &a);
    pack(dir.path(), &b);
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());
}

#[test]
fn one_changed_byte_fails_verify() {
    let dir = portfolio();
    let zip = dir.path().join("pack.zip");
    pack(dir.path(), &zip);
    let changed = dir.path().join("changed.zip");
    rewrite(&zip, &changed, |files| {
        let page = files
            .iter_mut()
            .find(|(n, _)| n == "site/index.html")
            .unwrap();
        page.1[100] ^= 1;
    });
    let (code, text) = verify(&changed, None);
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("D0702") && text.contains("site/index.html"),
        "{text}"
    );
}

#[test]
fn removed_and_added_files_fail_verify() {
    let dir = portfolio();
    let zip = dir.path().join("pack.zip");
    pack(dir.path(), &zip);
    let changed = dir.path().join("changed.zip");
    rewrite(&zip, &changed, |files| {
        files.retain(|(n, _)| n != "site/index.html");
        files.push(("site/extra.html".to_string(), b"<p>added</p>".to_vec()));
    });
    let (code, text) = verify(&changed, None);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("D0703") && text.contains("D0704"), "{text}");
    let not_a_pack = dir.path().join("not.zip");
    std::fs::write(&not_a_pack, b"not a zip").unwrap();
    let (code, text) = verify(&not_a_pack, None);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("D0701"), "{text}");
}

#[test]
fn verify_against_a_changed_portfolio_fails_but_not_for_a_private_change() {
    let dir = portfolio();
    let zip = dir.path().join("pack.zip");
    pack(dir.path(), &zip);
    // A private artefact is not published content: the version stays.
    let private = walkdir::WalkDir::new(dir.path().join("artefacts"))
        .into_iter()
        .flatten()
        .find(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("\nprivate: true")))
        .expect("the rich portfolio has a private artefact");
    let mut text = std::fs::read_to_string(private.path()).unwrap();
    text.push_str("\nA private note.\n");
    std::fs::write(private.path(), text).unwrap();
    let (code, out) = verify(&zip, Some(dir.path()));
    assert_eq!(code, 0, "{out}");
    // A public one is.
    let config = dir.path().join("portfolio.yaml");
    let mut yaml = std::fs::read_to_string(&config).unwrap();
    yaml.push_str("\n# one more line\n");
    std::fs::write(&config, yaml).unwrap();
    let (code, out) = verify(&zip, Some(dir.path()));
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("D0705"), "{out}");
}

/// With a browser, a pack carries the printed document and the panel brief that summarises
/// it: the portfolio's for a whole pack, the application's own for `--application`; the
/// manifest lists both, so `verify` covers them.
#[test]
fn a_pack_carries_the_printed_document_and_its_brief() {
    if dossier::pdf::find_browser(None).is_err() {
        eprintln!("note: no Chromium on PATH, so this pack test is skipped (CI runs it)");
        return;
    }
    let dir = portfolio();
    let out = tempfile::tempdir().unwrap();
    for (zip, extra, expected) in [
        ("whole.zip", None, ["portfolio.pdf", "brief.pdf"]),
        (
            "app.zip",
            Some("head-of-maths-northfield"),
            [
                "head-of-maths-northfield.pdf",
                "head-of-maths-northfield-brief.pdf",
            ],
        ),
    ] {
        let zip = out.path().join(zip);
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "pack".as_ref(),
            dir.path().as_os_str(),
            "-o".as_ref(),
            zip.as_os_str(),
        ];
        if let Some(slug) = extra {
            args.extend::<[&std::ffi::OsStr; 2]>(["--application".as_ref(), slug.as_ref()]);
        }
        let run = dossier(&args);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let files = entries(&zip);
        let manifest = &files.iter().find(|(n, _)| n == "manifest.json").unwrap().1;
        let manifest = String::from_utf8_lossy(manifest);
        for name in expected {
            let (_, bytes) = files
                .iter()
                .find(|(n, _)| n == name)
                .unwrap_or_else(|| panic!("{name} is not in the pack"));
            assert!(bytes.starts_with(b"%PDF-"), "{name} is not a PDF");
            assert!(manifest.contains(&format!("\"{name}\"")), "{manifest}");
        }
        assert_eq!(verify(&zip, Some(dir.path())).0, 0);
    }
}
