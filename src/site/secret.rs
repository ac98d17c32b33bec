//! The portfolio's secret, from which each private application's address takes its token
//! (`for/<slug>-<token>/`), so a panel that has one letter's address cannot guess another's.
//!
//! Where it lives, and why: the token must be stable across builds (a sent link keeps working,
//! output stays byte-identical) and must not be derivable from anything the site publishes.
//! A hash of the portfolio's content would change with every edit and break sent links; a
//! hash of the slug alone is guessable. So the secret is random, written once by `dossier build`
//! (or `dossier pdf`) into `.dossier-secret` beside portfolio.yaml (a hidden file: the walk never
//! publishes it), and `DOSSIER_SECRET` overrides it for builds that run elsewhere (CI, where the
//! file may be git-ignored). The trade-off: lose the file and the addresses change; commit it to
//! a public repository and the addresses are guessable (but such a repository publishes the
//! letters themselves in portfolio.yaml, so keep a repository with applications private).

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The file the secret is kept in, in the portfolio folder.
pub const SECRET_FILE: &str = ".dossier-secret";
/// The environment variable that overrides the file.
pub const SECRET_VAR: &str = "DOSSIER_SECRET";

/// The portfolio's secret: `DOSSIER_SECRET`, else `.dossier-secret`, else none yet (`check`
/// and `serve` then show addresses that only a build with the secret will publish).
pub fn read(root: &Path) -> Option<String> {
    let from_env = std::env::var(SECRET_VAR).ok();
    let from_file = || std::fs::read_to_string(root.join(SECRET_FILE)).ok();
    from_env
        .or_else(from_file)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Makes sure the portfolio has a secret, writing a random one into `.dossier-secret` the first
/// time; returns the file when it was just written, so the build can say so.
pub fn ensure(root: &Path) -> std::io::Result<Option<PathBuf>> {
    if read(root).is_some() {
        return Ok(None);
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    let file = root.join(SECRET_FILE);
    let text = format!(
        "{}\n# dossier: the secret behind your applications' addresses. Keep it; do not publish it.\n",
        hex(&bytes)
    );
    std::fs::write(&file, text)?;
    Ok(Some(file))
}

/// The token in a private application's address: 16 hex digits (64 bits) of
/// SHA-256(secret, slug). Without a secret yet, a placeholder that says so.
pub fn token(secret: Option<&str>, slug: &str) -> String {
    let Some(secret) = secret else {
        return "preview".into();
    };
    // The first line only: the file carries a comment after the value.
    let secret = secret.lines().next().unwrap_or_default();
    let mut hash = Sha256::new();
    hash.update(b"dossier application address\0");
    hash.update(secret.as_bytes());
    hash.update(b"\0");
    hash.update(slug.as_bytes());
    hex(&hash.finalize()[..8])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_stable_per_secret_and_slug_and_differs_otherwise() {
        let a = token(Some("s3cret\n# comment"), "deputy-head");
        assert_eq!(a, token(Some("s3cret"), "deputy-head"));
        assert_eq!(a.len(), 16);
        assert_ne!(a, token(Some("other"), "deputy-head"));
        assert_ne!(a, token(Some("s3cret"), "head-of-year"));
        assert_eq!(token(None, "deputy-head"), "preview");
    }

    #[test]
    fn the_secret_is_written_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        if std::env::var(SECRET_VAR).is_ok() {
            return; // the environment decides; nothing to write
        }
        let written = ensure(dir.path()).unwrap().expect("first time: written");
        let first = read(dir.path()).unwrap();
        assert_eq!(ensure(dir.path()).unwrap(), None, "second time: kept");
        assert_eq!(read(dir.path()).unwrap(), first);
        assert_eq!(first.lines().next().unwrap().len(), 64);
        assert!(written.ends_with(SECRET_FILE));
    }
}
