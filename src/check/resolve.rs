//! Browser-style URL resolution: an `href` of a built page to the site file (and fragment)
//! a browser would fetch.

use crate::markdown::is_external;
use crate::paths::percent_decode;

/// What an internal link points at, once resolved like a browser would.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Target {
    /// A site-relative file and the decoded fragment, if it names one.
    File {
        path: String,
        fragment: Option<String>,
    },
    /// A path of the server outside the site's base path.
    Outside(String),
}

/// Resolves `href`, found in the document whose address is the site file `doc`, like a browser.
/// `None` for what is not checked: other sites, `mailto:`, `tel:`, `data:`, `//host`.
pub(super) fn resolve(doc: &str, href: &str, base_path: &str) -> Option<Target> {
    // Browsers strip surrounding ASCII whitespace from URLs.
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace());
    if is_external(href) {
        return None;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (href, None),
    };
    let fragment = fragment.filter(|f| !f.is_empty());
    let raw_path = rest.split_once('?').map_or(rest, |(path, _)| path);
    let doc_url = format!("{base_path}{doc}");
    let absolute = if raw_path.is_empty() {
        doc_url
    } else if raw_path.starts_with('/') {
        percent_decode(raw_path)
    } else {
        let dir = &doc_url[..doc_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{}", percent_decode(raw_path))
    };
    // Dot segments, clamped at the server's root as browsers do; empty segments collapse as
    // they do on a static file server.
    let mut segments: Vec<&str> = Vec::new();
    let mut is_folder = false;
    for segment in absolute.split('/') {
        is_folder = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut path = format!("/{}", segments.join("/"));
    if is_folder && !path.ends_with('/') {
        path.push('/');
    }
    let site_path = if path == base_path.trim_end_matches('/') {
        ""
    } else {
        match path.strip_prefix(base_path) {
            Some(rel) => rel,
            None => return Some(Target::Outside(path)),
        }
    };
    Some(Target::File {
        path: crate::site::file_of_url(site_path),
        fragment,
    })
}
