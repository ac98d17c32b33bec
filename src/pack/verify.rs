//! `dossier verify`: is this pack what its manifest says, and (with `--against`) was it built
//! from this portfolio folder? Each mismatch is a diagnostic naming the file in the pack.

use super::manifest::{self, Manifest};
use super::{archive, version};
use crate::diag::{codes, Diagnostic, Location};
use crate::pipeline::{Failure, Options};
use std::path::Path;

/// Every mismatch between the pack at `zip` and its manifest, and between its version and the
/// portfolio at `against`; empty when the pack checks out.
pub fn verify(zip: &Path, against: Option<&Path>) -> Result<Vec<Diagnostic>, Failure> {
    if !zip.is_file() {
        return Err(Failure::Tool(format!("there is no file {}", zip.display())));
    }
    let name = zip.display().to_string();
    let unreadable = |message: String, hint: &str| {
        vec![
            Diagnostic::error(codes::PACK_UNREADABLE, Location::file(&name), message)
                .with_hint(hint),
        ]
    };
    let files = match archive::read(zip) {
        Ok(files) => files,
        Err(why) => {
            return Ok(unreadable(
                format!("this pack cannot be read: {why}"),
                "make the pack again with `dossier pack`, or ask for a fresh copy",
            ))
        }
    };
    let manifest: Manifest = match files.get(manifest::NAME).map(|b| serde_json::from_slice(b)) {
        Some(Ok(manifest)) => manifest,
        Some(Err(e)) => {
            return Ok(unreadable(
                format!("its manifest.json is not a pack manifest: {e}"),
                "the manifest was changed or damaged; ask for a fresh copy of the pack",
            ))
        }
        None => {
            return Ok(unreadable(
                "this zip has no manifest.json, so it is not a dossier pack".to_string(),
                "make a pack with `dossier pack`",
            ))
        }
    };
    let mut problems = files_against_manifest(&name, &files, &manifest);
    if let Some(portfolio) = against {
        problems.extend(version_against(&name, &manifest, portfolio)?);
    }
    Ok(problems)
}

fn files_against_manifest(
    zip: &str,
    files: &std::collections::BTreeMap<String, Vec<u8>>,
    manifest: &Manifest,
) -> Vec<Diagnostic> {
    let at = |path: &str| Location::file(format!("{zip}/{path}"));
    let mut problems = Vec::new();
    for entry in &manifest.files {
        match files.get(&entry.path) {
            None => problems.push(
                Diagnostic::error(
                    codes::PACK_FILE_MISSING,
                    at(&entry.path),
                    format!(
                        "`{}` is listed in the manifest but is not in the pack",
                        entry.path
                    ),
                )
                .with_hint("a file was removed from the pack; ask for a fresh copy"),
            ),
            Some(bytes) => {
                let found = super::manifest::Entry::of(&entry.path, bytes);
                if found.sha256 != entry.sha256 {
                    problems.push(
                        Diagnostic::error(codes::PACK_FILE_CHANGED, at(&entry.path), format!("`{}` has changed since the pack was made (SHA-256 {}, the manifest says {})", entry.path, version::short(&found.sha256), version::short(&entry.sha256)))
                            .with_hint("do not rely on this file; ask for a fresh copy of the pack"),
                    );
                }
            }
        }
    }
    for path in files.keys().filter(|p| p.as_str() != manifest::NAME) {
        if !manifest.files.iter().any(|e| &e.path == path) {
            problems.push(
                Diagnostic::error(
                    codes::PACK_FILE_UNLISTED,
                    at(path),
                    format!("`{path}` is in the pack but not in its manifest"),
                )
                .with_hint("a file was added to the pack after it was made; do not rely on it"),
            );
        }
    }
    problems
}

/// Whether the portfolio folder `root` has the content version the pack was built from.
fn version_against(
    zip: &str,
    manifest: &Manifest,
    root: &Path,
) -> Result<Vec<Diagnostic>, Failure> {
    let opts = Options {
        root: root.to_path_buf(),
        output: root.join("public"),
        base_url: None,
        drafts: manifest.drafts,
        strict: false,
        serving: false,
        blind: false,
    };
    let info = crate::pdf::info::read(&opts)?;
    if info.version == manifest.content_sha256 {
        return Ok(Vec::new());
    }
    Ok(vec![Diagnostic::error(
        codes::PACK_OTHER_VERSION,
        Location::file(format!("{zip}/{}", manifest::NAME)),
        format!(
            "the pack holds version {} but the portfolio in {} is version {}",
            manifest.version,
            root.display(),
            version::short(&info.version)
        ),
    )
    .with_hint("the portfolio changed after the pack was made (or it is another portfolio): make a new pack with `dossier pack`, or check out the commit it was made from")])
}
