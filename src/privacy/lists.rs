//! Where the names that must never appear come from, all merged: a file named by the
//! `DOSSIER_PRIVACY_NAMES` environment variable, the user's own list in their config folder
//! (`~/.config/dossier/private-names.txt` on Linux), and privacy.yaml's hashes. The first two
//! live outside the portfolio, so a portfolio kept in a public repository never holds a name.

use super::names::NameList;
use crate::diag::{codes, Diagnostic, Diagnostics, Location};
use crate::model::Portfolio;
use std::path::{Path, PathBuf};

pub const ENV_VAR: &str = "DOSSIER_PRIVACY_NAMES";

/// The user-level list: `<config folder>/dossier/private-names.txt`.
pub fn user_list() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("dossier").join("private-names.txt"))
}

/// Every list merged. A list that cannot be read, or that sits where a build would publish
/// it, is an error: building without it would publish the very names it holds.
pub fn load(portfolio: &Portfolio, diags: &mut Diagnostics) -> NameList {
    let mut list = NameList::default();
    if let Some(path) = std::env::var_os(ENV_VAR).filter(|p| !p.is_empty()) {
        let origin = format!("{ENV_VAR} ({})", Path::new(&path).display());
        add_file(&mut list, portfolio, Path::new(&path), &origin, true, diags);
    }
    if let Some(path) = user_list() {
        let origin = format!("your list {}", path.display());
        add_file(&mut list, portfolio, &path, &origin, false, diags);
    }
    if let Some(hashed) = &portfolio.privacy.hashed_names {
        list.set_hashed(hashed);
    }
    list
}

fn add_file(
    list: &mut NameList,
    portfolio: &Portfolio,
    path: &Path,
    origin: &str,
    required: bool,
    diags: &mut Diagnostics,
) {
    let shown = path.display().to_string();
    if is_published(portfolio, path) {
        diags.push(
            Diagnostic::error(codes::NAME_LIST, Location::file(&shown), "your list of names that must never appear is inside `static/`, so the build would publish it")
                .with_hint("move the list outside the portfolio folder (for example to your home folder) and point DOSSIER_PRIVACY_NAMES at it"),
        );
    }
    match std::fs::read_to_string(path) {
        Ok(text) => list.add_plain(&text, origin),
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => diags.push(
            Diagnostic::error(codes::NAME_LIST, Location::file(&shown), format!("cannot read the list of names that must never appear ({origin}): {e}"))
                .with_hint(format!("check the path in {ENV_VAR}, or unset it; without the list dossier cannot promise the names stay out of the site")),
        ),
    }
}

/// Whether `path` is under the portfolio's `static/` folder, which is copied as it is.
fn is_published(portfolio: &Portfolio, path: &Path) -> bool {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    canonical(path).starts_with(canonical(&portfolio.root.join("static")))
}
