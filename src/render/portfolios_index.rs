//! The index page of `build --all --index`: one link per portfolio built, with whose it is, so
//! a trust can publish all its staff portfolios under one address.

use super::html_text::escape;

/// One portfolio on the index.
pub struct Entry<'a> {
    /// Its folder, relative to the index page (`/`-separated, no leading `/`).
    pub folder: &'a str,
    pub name: &'a str,
    pub headline: Option<&'a str>,
}

/// The whole page. Hand-written rather than a theme template: it belongs to no portfolio
/// (and so to no portfolio's theme), and is a list of links with a heading.
pub fn page(title: &str, entries: &[Entry<'_>]) -> String {
    let mut items = String::new();
    for entry in entries {
        let headline = entry
            .headline
            .map(|h| format!("<br><span class=\"headline\">{}</span>", escape(h)))
            .unwrap_or_default();
        items.push_str(&format!(
            "<li><a href=\"{}/\">{}</a>{headline}</li>\n",
            escape(&crate::paths::path(entry.folder)),
            escape(entry.name),
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>{title}</h1>\n<p>{count}</p>\n<ul>\n{items}</ul>\n</main>\n</body>\n</html>\n",
        title = escape(title),
        count = match entries.len() {
            1 => "1 portfolio".to_string(),
            n => format!("{n} portfolios"),
        },
    )
}

/// Readable on a phone and on paper, in light and dark, with no external file.
const STYLE: &str = "body{font:1.05rem/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;\
color:#1a1a1a;background:#fff}main{max-width:44rem;margin:auto}ul{list-style:none;padding:0}\
li{padding:.6rem 0;border-bottom:1px solid #ddd}a{color:#0b4f8a;font-weight:600;\
display:inline-block;min-height:24px}.headline{color:#444}\
@media (prefers-color-scheme:dark){body{color:#eee;background:#161616}a{color:#8cc4ff}\
.headline{color:#bbb}li{border-color:#444}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_portfolio_is_a_link_to_its_folder_with_names_escaped() {
        let html = page(
            "Staff portfolios",
            &[
                Entry {
                    folder: "staff/ana rivera",
                    name: "Ana <Rivera>",
                    headline: Some("Head of maths"),
                },
                Entry {
                    folder: "b",
                    name: "B",
                    headline: None,
                },
            ],
        );
        assert!(html.contains("<a href=\"staff/ana%20rivera/\">Ana &lt;Rivera&gt;</a>"));
        assert!(html.contains("Head of maths"));
        assert!(html.contains("<p>2 portfolios</p>"));
        assert!(!html.contains("<Rivera>"));
    }
}
