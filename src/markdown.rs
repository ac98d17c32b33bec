//! What parse (scanning links and headings) and render (writing HTML) must agree on:
//! the Markdown dialect, heading ids and slugs.

use pulldown_cmark::Options;

/// CommonMark plus tables, footnotes, strikethrough, task lists and `{#id}` heading attributes.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A URL-safe name: lowercase letters and digits joined by single dashes.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
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

/// Hands out heading ids for one page: the heading's slug, `-1`, `-2`, … when repeated.
#[derive(Default)]
pub struct HeadingIds {
    seen: std::collections::HashSet<String>,
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
    fn dangerous_schemes_are_unsafe() {
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("JaVaScRiPt:alert(1)"));
        assert!(is_safe_url("https://example.org"));
        assert!(is_safe_url("../other.md"));
    }
}
