//! Skipping or patching a page the last cached build already wrote (`build --cache`, see
//! `pipeline::cache`). Before a page is rendered, everything its template reads (its whole
//! context: the page's own data, the site view every page shares, the template's name) is
//! hashed, far more cheaply than Tera renders it; the theme, the program and the options are in
//! the cache's own fingerprint, and Tera calls no function that reads anything else. Equal
//! hashes give equal bytes, so the output may link the last build's file instead.
//!
//! The portfolio's version, in every page's footer, changes with any public edit: it is left
//! out of the hash, and a kept page whose only change is the version gets the new one written
//! over the old at the place recorded when it was rendered. That place is recorded only when
//! the version shows exactly once, in `parts/version.html`'s markup, with a built-in theme and
//! no `templates/` of the portfolio's own, which could show it in some other form
//! (`Theme::builtin_only`).
//!
//! Hashing a page's context still means building its views (an artefact's Markdown, charts and
//! structured data). So a page kind that can also has a *key* (`render::page_keys`), computed
//! from the model before any view is built; when a page's key is the one the last build
//! recorded beside its context's hash, the page is kept without building its views
//! ([`early`]). Debug builds still build them and check that the context hashes as recorded,
//! so a test fails loudly when a key leaves out something a view reads.

use super::files::output_error;
use serde::Serialize;
use std::io;
use xxhash_rust::xxh3::Xxh3;

/// Bumped whenever what the hash covers changes, so no older record matches.
const FORMAT: u64 = 2;

/// The markup just before the version in `parts/version.html`.
const MARKER: &str = "<p class=\"footer-version\">Version <code translate=\"no\">";

/// What a cache-keeping output does for the pages of a build.
pub trait Reuse: Sync {
    /// The hash of the context `file` was rendered from last time, if that build recorded it
    /// under the key `key`.
    fn known(&self, file: &str, key: u128) -> Option<u128>;
    /// Puts the last build's `file` into the output if it was rendered from `inputs`, with
    /// `version` written over the one it shows when that differs, and records it under `key`.
    /// True when it did.
    fn kept(&self, file: &str, inputs: u128, key: Option<u128>, version: &str) -> io::Result<bool>;
    /// Records that `file`, just written, was rendered from `inputs` (under `key`) and shows
    /// `version` `version_from_end` bytes before its end (`None`: not patchable).
    fn rendered(
        &self,
        file: &str,
        inputs: u128,
        key: Option<u128>,
        version: &str,
        version_from_end: Option<u64>,
    );
}

/// What the key of a page, before its views are built, says.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Early {
    /// The last build's page is in place: nothing to build.
    Kept,
    /// (Debug builds) the key matched: build the context and check it hashes as this.
    Verify(u128),
    /// Build the page's views as without a key.
    Build,
}

/// Keeps the last build's `file` when its `key` is the one recorded with it, before anything
/// of the page is built.
pub fn early(
    out: &dyn crate::output::Output,
    file: &str,
    key: Option<u128>,
    version: &str,
) -> Result<Early, crate::diag::Diagnostic> {
    let (Some(reuse), Some(key)) = (out.reuse(), key) else {
        return Ok(Early::Build);
    };
    let Some(inputs) = reuse.known(file, key) else {
        return Ok(Early::Build);
    };
    if cfg!(debug_assertions) {
        return Ok(Early::Verify(inputs));
    }
    let kept = reuse.kept(file, inputs, Some(key), version);
    Ok(if kept.map_err(|e| output_error(file, e))? {
        Early::Kept
    } else {
        Early::Build
    })
}

/// One page about to be rendered: the hash of its inputs, when its output keeps pages.
pub struct Check<'a> {
    reuse: Option<&'a dyn Reuse>,
    inputs: u128,
    key: Option<u128>,
    version: &'a str,
    patchable: bool,
}

impl<'a> Check<'a> {
    /// Hashes `context` (the template's whole input) if `out` can reuse pages. `key` is the
    /// page's key before its views were built, and `early` what it said ([`early`]).
    pub fn new(
        out: &'a dyn crate::output::Output,
        theme: &super::Theme,
        template: &str,
        context: &impl Serialize,
        version: &'a str,
        (key, early): (Option<u128>, Early),
    ) -> Check<'a> {
        let reuse = out.reuse();
        let inputs = match reuse {
            Some(_) => inputs(template, context, version),
            None => None,
        };
        if let Early::Verify(recorded) = early {
            // Only in debug builds: a key that matched while the context changed leaves out
            // something the page's views read (see `render::page_keys`).
            assert_eq!(
                inputs,
                Some(recorded),
                "{template}: the page's key matched the last build's but its context changed"
            );
        }
        Check {
            // A context that cannot be hashed is rendered (and its error reported) as ever.
            reuse: reuse.filter(|_| inputs.is_some()),
            inputs: inputs.unwrap_or_default(),
            key,
            version,
            patchable: theme.builtin_only,
        }
    }

    /// True when the last build's page was put in place and nothing needs rendering.
    pub fn kept(&self, file: &str) -> Result<bool, crate::diag::Diagnostic> {
        let Some(reuse) = self.reuse else {
            return Ok(false);
        };
        reuse
            .kept(file, self.inputs, self.key, self.version)
            .map_err(|e| output_error(file, e))
    }

    /// Writes the rendered page and records how it was made.
    pub fn write(
        &self,
        out: &dyn crate::output::Output,
        file: &str,
        html: &str,
    ) -> Result<(), crate::diag::Diagnostic> {
        super::files::write(out, file, html.as_bytes())?;
        if let Some(reuse) = self.reuse {
            let at = self.patchable.then(|| version_from_end(html, self.version));
            reuse.rendered(file, self.inputs, self.key, self.version, at.flatten());
        }
        Ok(())
    }
}

/// XXH3-128 of the template's name and its context as JSON, the version blanked out.
fn inputs(template: &str, context: &impl Serialize, version: &str) -> Option<u128> {
    let mut hash = Hashing(Xxh3::new());
    hash.0.update(&FORMAT.to_le_bytes());
    hash.0.update(template.as_bytes());
    hash.0.update(&[0]);
    let mut json = serde_json::Serializer::with_formatter(&mut hash, Blank(version));
    context.serialize(&mut json).ok()?;
    Some(hash.0.digest128())
}

/// Where the version is in `html`, counted from its end: only when it shows exactly once, in
/// the footer's markup.
fn version_from_end(html: &str, version: &str) -> Option<u64> {
    if version.is_empty() {
        return None;
    }
    let mut found = html.match_indices(version).map(|(at, _)| at);
    let (at, None) = (found.next()?, found.next()) else {
        return None;
    };
    html[..at]
        .ends_with(MARKER)
        .then(|| (html.len() - at) as u64)
}

/// An `io::Write` that feeds a hash instead of storing the bytes.
pub(super) struct Hashing(pub(super) Xxh3);

impl io::Write for Hashing {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// serde_json's compact form, with any string that is exactly the version replaced by a
/// placeholder. serde_json hands a string without escapes (the version is hex) to
/// `write_string_fragment` whole, so the version is never split.
pub(super) struct Blank<'a>(pub(super) &'a str);

impl serde_json::ser::Formatter for Blank<'_> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if !self.0.is_empty() && fragment == self.0 {
            writer.write_all(b"\0version\0")
        } else {
            writer.write_all(fragment.as_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
        version: &'a str,
    }

    #[test]
    fn the_version_is_left_out_of_the_hash_and_nothing_else_is() {
        let a = inputs(
            "t.html",
            &Page {
                title: "A",
                version: "0123456789ab",
            },
            "0123456789ab",
        );
        let b = inputs(
            "t.html",
            &Page {
                title: "A",
                version: "ba9876543210",
            },
            "ba9876543210",
        );
        let c = inputs(
            "t.html",
            &Page {
                title: "B",
                version: "ba9876543210",
            },
            "ba9876543210",
        );
        let d = inputs(
            "u.html",
            &Page {
                title: "A",
                version: "ba9876543210",
            },
            "ba9876543210",
        );
        assert_eq!(a, b);
        assert_ne!(b, c);
        assert_ne!(b, d);
    }

    #[test]
    fn the_version_is_found_only_once_and_only_in_the_footer() {
        let page = format!("<main>x</main>{MARKER}0123456789ab</code></p></footer>");
        assert_eq!(
            version_from_end(&page, "0123456789ab"),
            Some("0123456789ab</code></p></footer>".len() as u64)
        );
        let twice = format!("<main>0123456789ab</main>{MARKER}0123456789ab</code></p>");
        assert_eq!(version_from_end(&twice, "0123456789ab"), None);
        assert_eq!(
            version_from_end("<p>0123456789ab</p>", "0123456789ab"),
            None
        );
        assert_eq!(version_from_end(&page, ""), None);
    }
}
