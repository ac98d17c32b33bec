//! Paths and URLs, normalised and percent-encoded in one place. A name on disk
//! (`Report #2 (final)?.pdf`) becomes part of an address (`Report%20%232%20(final)%3F.pdf`) only
//! here, so every page, `portfolio.json` and `check` agree on it; `check` and parse decode with
//! [`percent_decode`]; `a/b/../c` paths and site base paths are normalised here too.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use std::path::{Component, Path, PathBuf};

/// What a file name cannot carry as itself in a path segment: the WHATWG path percent-encode
/// set (controls, space, `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`), plus `%` (so `100%` is
/// not read as an escape), the separators `/` and `\`, and the characters RFC 3986 does not
/// allow unencoded (`[`, `]`, `^`, `|`). Letters beyond ASCII are encoded as UTF-8 bytes.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'%')
    .add(b'/')
    .add(b'\\')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'|');

/// What cannot stand in an address written as plain text (`robots.txt`, an XML attribute):
/// controls and spaces (a newline would start a new `robots.txt` rule), quotes and angle
/// brackets (markup), and the other characters RFC 3986 never allows. `%`, `#`, `?`, `/` stay:
/// the address keeps its meaning.
const ADDRESS: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'|')
    .add(b'\\')
    .add(b'^');

/// An address built from the portfolio's `base_url`, safe to write as text or in an attribute
/// whatever `base_url` holds (`"><script>` comes out as `%22%3E%3Cscript%3E`).
pub fn address(url: &str) -> String {
    utf8_percent_encode(url, ADDRESS).to_string()
}

/// An absolute http(s) address with a host: what link previews, `resume.json` and
/// `check --external` can follow (not `mailto:`, `javascript:` or a path of the site).
pub fn is_web_address(url: &str) -> bool {
    url::Url::parse(url)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// One file or folder name as a URL path segment.
pub fn segment(name: &str) -> String {
    utf8_percent_encode(name, SEGMENT).to_string()
}

/// A relative path with `/` separators (`docs/Year 8 plan.pdf`), each segment encoded.
pub fn path(relative: &str) -> String {
    relative
        .split('/')
        .map(segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a file is Markdown by its extension: `.md` or `.markdown` in any case, since
/// Windows and macOS editors often save `Notes.MD` and the educator sees no difference. Every
/// place that tells an artefact from another file asks here, so they never disagree.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

/// `a/b/../c` → `a/c` without touching the disk (the target may not exist).
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `my%20report.pdf` → `my report.pdf`; invalid escapes and non-UTF-8 results stay as written.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map_or_else(|_| text.to_string(), |s| s.into_owned())
}

/// A site's base path (`pr-7`, `/pr-7`, `` …) as `/pr-7/` or `/`: root-absolute links start here.
pub fn base_path(base_path: &str) -> String {
    let trimmed = base_path.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_start_and_end_with_one_slash() {
        for (written, expected) in [
            ("", "/"),
            ("/", "/"),
            (" pr-7 ", "/pr-7/"),
            ("/a/b/", "/a/b/"),
        ] {
            assert_eq!(base_path(written), expected);
        }
        assert_eq!(normalise(Path::new("a/./b/../c")), PathBuf::from("a/c"));
    }

    #[test]
    fn names_that_would_break_a_url_are_encoded() {
        assert_eq!(
            segment("Report #2 (final)?.pdf"),
            "Report%20%232%20(final)%3F.pdf"
        );
        assert_eq!(segment("100% done.pdf"), "100%25%20done.pdf");
        assert_eq!(segment("a/b"), "a%2Fb");
        assert_eq!(segment("plan.pdf"), "plan.pdf");
        assert_eq!(path("docs/Year 8.pdf"), "docs/Year%208.pdf");
    }

    #[test]
    fn addresses_carry_no_markup_and_no_line_break() {
        assert_eq!(
            address("https://x.org/\"><script>alert(1)</script>\nDisallow: /"),
            "https://x.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E%0ADisallow:%20/"
        );
        assert_eq!(
            address("https://x.org/a?b=1&c#d"),
            "https://x.org/a?b=1&c#d"
        );
    }

    #[test]
    fn encoding_then_decoding_gives_the_name_back() {
        for name in [
            "Report #2 (final)?.pdf",
            "100% done.pdf",
            "résumé [v2] {x}|^`.pdf",
            "%41.pdf",
        ] {
            assert_eq!(percent_decode(&segment(name)), name);
        }
    }
}
