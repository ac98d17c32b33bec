//! What parse (scanning links and headings) and render (writing HTML) must agree on:
//! the Markdown dialect, heading ids and slugs.

use pulldown_cmark::Options;

/// The dialect (documented in `docs/format.md#markdown-dialect`): CommonMark plus tables,
/// footnotes, strikethrough, task lists and heading attributes. Of heading attributes only
/// `{#id}` is honoured: classes and `key=value` pairs become attributes of the page's own
/// markup (`onfocus=…`, `autofocus`), so render drops them and scanning warns. Not on: math,
/// definition lists, wiki links, smart punctuation (none is in the format's contract).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A URL-safe name: lowercase letters and digits joined by single dashes. Composed first
/// (NFC): macOS names files in decomposed form (`Cafe` + U+0301), whose accent alone is not a
/// letter and would split `Café` into `cafe`, while the same name typed elsewhere gives `café`.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let composed: std::borrow::Cow<'_, str> = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.into()
    } else {
        text.nfc().collect::<String>().into()
    };
    let mut slug = String::with_capacity(text.len());
    for c in composed.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Widest table accepted, in columns. pulldown-cmark pads every row to the header's width, so
/// a 10,000-column header makes each short row 10,000 cells (1.3 GB for one file); no table an
/// educator writes for a reader comes near this.
pub const MAX_TABLE_COLUMNS: usize = 100;

/// Deepest nesting of elements accepted in a text's HTML. The HTML tree builder (html5ever, in
/// ammonia) looks through every open element for each start tag, so a text of n nested
/// `<div>`s costs n²: 100,000 took 132 s. Bounding the depth makes the cost linear; nothing a
/// reader can follow nests this deep (Chromium flattens past 512).
pub const MAX_NESTING: usize = 100;

/// Ids the built-in themes give their own elements on pages that show Markdown
/// (`grep -o 'id="[a-z-]*"' themes/`). Text from Markdown must not take them: a second
/// `id="main"` moves the skip link and the `#main` of every page. Heading ids step around them
/// (`main-1`); raw HTML loses them.
pub const THEME_IDS: &[&str] = &[
    "main",
    "cover",
    "cover-title",
    "dossier-title",
    "person-name",
    "artefacts-heading",
    "attachments-heading",
    "by-competency-heading",
    "contents-heading",
    "coverage-heading",
    "evidence-coverage-heading",
    "evidence-heading",
    "evidence-matrix-heading",
    "featured-heading",
    "impact-heading",
    "leading-heading",
    "matrix-heading",
    "metrics-heading",
    "more-artefacts-heading",
    "recent-heading",
    "statement-heading",
    "testimonials-heading",
    "timeline-heading",
];

/// True for an id a theme uses, which raw HTML in Markdown must not repeat.
pub fn is_theme_id(id: &str) -> bool {
    THEME_IDS.contains(&id)
}

/// Hands out heading ids for one page: the heading's slug, `-1`, `-2`, … when repeated or when
/// the theme already uses it (see [`THEME_IDS`]).
pub struct HeadingIds {
    seen: std::collections::HashSet<String>,
}

impl Default for HeadingIds {
    fn default() -> Self {
        HeadingIds {
            seen: THEME_IDS.iter().map(|id| id.to_string()).collect(),
        }
    }
}

impl HeadingIds {
    pub fn next(&mut self, explicit: Option<&str>, text: &str) -> String {
        let base = explicit
            .map(str::to_string)
            .unwrap_or_else(|| slugify(text));
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while !self.seen.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// True for URLs that leave the site (`https:`, `mailto:`, `//host`).
pub fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// True for the URL schemes a published page may link to; `javascript:` and friends are not.
pub fn is_safe_url(url: &str) -> bool {
    if !is_external(url) || url.starts_with("//") {
        return true;
    }
    let scheme = url.split(':').next().unwrap_or("").to_ascii_lowercase();
    matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Cafe\u{301} notes"), "café-notes");
        assert_eq!(slugify("x\u{301}"), slugify("x\u{301}"));
        assert_eq!(slugify("What I did"), "what-i-did");
        assert_eq!(slugify("  Data & literacy!! "), "data-literacy");
    }

    #[test]
    fn repeated_headings_get_numbered_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.next(None, "Impact"), "impact");
        assert_eq!(ids.next(None, "Impact"), "impact-1");
        assert_eq!(ids.next(Some("custom"), "Impact"), "custom");
    }

    #[test]
    fn heading_ids_step_around_the_themes_ids() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.next(None, "Main"), "main-1");
        assert_eq!(ids.next(Some("impact-heading"), "x"), "impact-heading-1");
        assert_eq!(ids.next(None, "Impact"), "impact");
    }

    #[test]
    fn dangerous_schemes_are_unsafe() {
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("JaVaScRiPt:alert(1)"));
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("../other.md"));
    }
}
