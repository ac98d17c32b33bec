//! URLs built from file names: the one place a name on disk (`Report #2 (final)?.pdf`) becomes
//! part of an address (`Report%20%232%20(final)%3F.pdf`), so every page, `portfolio.json` and
//! `check` agree on it. `check` and parse decode with `percent_encoding` too.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::assets::percent_decode;

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
