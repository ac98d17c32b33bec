//! `dossier privacy add "Zofia Kowalska"`: adds a name to privacy.yaml as salted hashes only,
//! so a portfolio kept in a public repository can carry its never-publish list without
//! holding a single name. The salt is made once, at random, and kept in the same file.

use super::names::{digest, variants, MAX_HASHED_WORDS};
use crate::parse::privacy::{hashed_names, HASHES_FILE};
use std::path::{Path, PathBuf};

/// What `add` did.
#[derive(Debug)]
pub struct Added {
    pub file: PathBuf,
    /// Hashes written now (the name, and with initials its shortened forms).
    pub added: usize,
    /// Hashes that were already there.
    pub already: usize,
}

/// Adds `name` (with `+initials` at its end, or `initials`, also its shortened forms) to the
/// privacy.yaml of the portfolio at `root`.
pub fn add(root: &Path, name: &str, initials: bool) -> Result<Added, String> {
    if !root.join("portfolio.yaml").is_file() {
        return Err(format!(
            "{} has no portfolio.yaml; pass the portfolio folder: dossier privacy add \"Name\" path/to/portfolio",
            root.display()
        ));
    }
    let line = if initials && !name.trim_end().ends_with("+initials") {
        format!("{name} +initials")
    } else {
        name.to_string()
    };
    let phrases = variants(&line);
    if phrases.is_empty() {
        return Err("the name has no letters or digits to look for".into());
    }
    // A hash does not say how many words it stands for, so texts are checked for names of
    // up to this many words only.
    if phrases[0].len() > MAX_HASHED_WORDS {
        return Err(format!(
            "a hashed name can have at most {MAX_HASHED_WORDS} words; add a shorter part of it (the part that identifies the person)"
        ));
    }
    let file = root.join(HASHES_FILE);
    let (salt, mut hashes) = existing(root, &file)?;
    let before = hashes.len();
    for words in phrases {
        let hash = digest(&salt, &words.join(" "));
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
    }
    let added = hashes.len() - before;
    std::fs::write(&file, contents(&salt, &hashes))
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(Added {
        file,
        added,
        already: variants(&line).len() - added,
    })
}

/// The salt and hashes already in privacy.yaml, or a fresh salt.
fn existing(root: &Path, file: &Path) -> Result<(String, Vec<String>), String> {
    if !file.is_file() {
        return Ok((fresh_salt()?, Vec::new()));
    }
    let source = crate::source::read(root, file).map_err(|d| d.to_string())?;
    let hashed = hashed_names(&source).map_err(|diags| {
        let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
        format!(
            "{} cannot be read, so nothing was added:\n{}",
            file.display(),
            shown.join("\n")
        )
    })?;
    Ok((hashed.salt, hashed.hashes))
}

fn fresh_salt() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("cannot make a random salt: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn contents(salt: &str, hashes: &[String]) -> String {
    let mut text = String::from(
        "# Names that must never appear in the published portfolio, kept only as salted hashes:\n\
         # no name can be read back from this file. Add one with\n\
         #   dossier privacy add \"Zofia Kowalska\"        (add --initials to catch \"Zofia K.\")\n\
         # dossier never publishes this file. See docs/privacy.md.\n",
    );
    text.push_str(&format!("salt: \"{salt}\"\nnames:\n"));
    for hash in hashes {
        text.push_str(&format!("  - \"{hash}\"\n"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_names_are_stored_as_hashes_only_and_not_twice() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("portfolio.yaml"), "title: T\n").unwrap();
        let first = add(dir.path(), "Jan Nowakowski", true).unwrap();
        assert_eq!((first.added, first.already), (3, 0));
        let again = add(dir.path(), "JAN  NOWAKOWSKI", false).unwrap();
        assert_eq!((again.added, again.already), (0, 1));
        let text = std::fs::read_to_string(dir.path().join(HASHES_FILE)).unwrap();
        assert!(!text.to_lowercase().contains("nowakowski"));
        let source = crate::source::read(dir.path(), &dir.path().join(HASHES_FILE)).unwrap();
        let hashed = hashed_names(&source).unwrap();
        assert_eq!(hashed.hashes.len(), 3);
        assert!(hashed.hashes.contains(&digest(&hashed.salt, "jan n")));
    }
}
