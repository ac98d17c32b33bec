//! How the marker (`.dossier-output`, published with the site) lists a written file: as it is,
//! except that the folder of an application page (`for/<slug>-<token>/`) is listed by a hash of
//! its name, so the marker does not give away the address of an application that is listed
//! nowhere else. Per path component, so "is anything written under this folder?" still works.

use sha2::{Digest, Sha256};

/// The folder whose sub-folders are hashed: applications' pages.
const HIDDEN_UNDER: &str = "for/";

/// `rel` as the marker lists it; idempotent, so a listed path (or an older marker's plain one)
/// read back and listed again gives the same.
pub fn listed(rel: &str) -> String {
    let Some(rest) = rel.strip_prefix(HIDDEN_UNDER) else {
        return rel.to_string();
    };
    let (folder, tail) = match rest.split_once('/') {
        Some((folder, tail)) => (folder, Some(tail)),
        None => (rest, None),
    };
    if folder.is_empty() || folder.starts_with('#') {
        return rel.to_string();
    }
    let hash = Sha256::digest(folder.as_bytes());
    let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    match tail {
        Some(tail) => format!("{HIDDEN_UNDER}#{hex}/{tail}"),
        None => format!("{HIDDEN_UNDER}#{hex}"),
    }
}

#[cfg(test)]
mod tests {
    use super::listed;

    #[test]
    fn an_application_folder_is_listed_by_a_hash_and_everything_else_as_it_is() {
        let page = listed("for/deputy-head-a7edd81f8ee2b932/index.html");
        assert!(
            page.starts_with("for/#") && page.ends_with("/index.html"),
            "{page}"
        );
        assert!(!page.contains("deputy"), "{page}");
        assert_eq!(listed(&page), page, "idempotent");
        let folder = listed("for/deputy-head-a7edd81f8ee2b932/");
        assert!(page.starts_with(&folder), "{folder} is a prefix of {page}");
        for plain in [
            "index.html",
            "artefacts/x/index.html",
            "for/",
            "for",
            "format.css",
        ] {
            assert_eq!(listed(plain), plain);
        }
    }
}
