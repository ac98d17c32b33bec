//! Scanning a Markdown text for what later stages check: links, images, heading ids, raw HTML.
//! Rendering to HTML happens in `render`; here we only read.

use crate::diag::Location;
use crate::markdown::{options, HeadingIds};
use crate::model::{Link, LinkTarget, Markdown};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// `resolve` says what each link destination points at (it depends on the file's folder).
pub fn scan(
    path: &str,
    text: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> LinkTarget,
) -> Markdown {
    scan_indented(path, text, first_line, 0, resolve)
}

/// Like [`scan`], for text indented by `indent` columns in its file (a YAML block scalar).
pub fn scan_indented(
    path: &str,
    text: &str,
    first_line: usize,
    indent: usize,
    resolve: &dyn Fn(&str) -> LinkTarget,
) -> Markdown {
    let lines = LineIndex::new(text);
    let mut markdown = Markdown {
        text: text.to_string(),
        path: path.to_string(),
        first_line,
        ..Markdown::default()
    };
    let mut ids = HeadingIds::default();
    let mut heading: Option<(Option<String>, String)> = None;
    let mut image: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let (line, column) = lines.position(range.start);
                markdown.links.push(Link {
                    destination: dest_url.to_string(),
                    is_image: false,
                    missing_alt: false,
                    location: Location::new(path, first_line + line - 1, column + indent),
                    target: resolve(&dest_url),
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = lines.position(range.start);
                markdown.links.push(Link {
                    destination: dest_url.to_string(),
                    is_image: true,
                    missing_alt: false,
                    location: Location::new(path, first_line + line - 1, column + indent),
                    target: resolve(&dest_url),
                });
                image = Some((markdown.links.len() - 1, String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((index, alt)) = image.take() {
                    markdown.links[index].missing_alt = alt.trim().is_empty();
                }
            }
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = heading.take() {
                    markdown
                        .heading_ids
                        .push(ids.next(explicit.as_deref(), &text));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(&t);
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => markdown.has_raw_html = true,
            _ => {}
        }
    }
    markdown
}

/// Byte offset to 1-based line and character column, by binary search over line starts.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_located_at_their_file_line() {
        let md = scan(
            "a.md",
            "# Title\n\nSee [the pilot](../x.md) and\n![](chart.svg)\n",
            10,
            &|_| LinkTarget::AsWritten,
        );
        assert_eq!(md.links[0].location, Location::new("a.md", 12, 5));
        assert!(md.links[1].is_image && md.links[1].missing_alt);
        assert_eq!(md.heading_ids, vec!["title"]);
    }
}
