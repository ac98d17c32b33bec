//! Scanning a Markdown text for what later stages check: links, images, heading ids, raw HTML.
//! Rendering to HTML happens in `render`; here we only read.

use crate::diag::{codes, Diagnostic, IntoPath, Location};
use crate::markdown::{options, HeadingIds, MAX_NESTING, MAX_TABLE_COLUMNS};
use crate::model::{Link, LinkTarget, Markdown};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use std::cell::Cell;

/// `resolve` says what each link destination points at (it depends on the file's folder).
pub fn scan(
    path: impl IntoPath,
    text: &str,
    first_line: usize,
    resolve: &dyn Fn(&str) -> LinkTarget,
) -> Markdown {
    scan_indented(path, text, first_line, 0, resolve)
}

/// Like [`scan`], for text indented by `indent` columns in its file (a YAML block scalar).
pub fn scan_indented(
    path: impl IntoPath,
    text: &str,
    first_line: usize,
    indent: usize,
    resolve: &dyn Fn(&str) -> LinkTarget,
) -> Markdown {
    let path = path.into_path();
    let mut markdown = Markdown {
        path: path.clone(),
        first_line,
        ..Markdown::default()
    };
    let at =
        |line: usize, column: usize| Location::new(&path, first_line + line - 1, column + indent);
    let text = super::word_bullets::as_lists(text);
    let text = match super::other_tools::without_comments(&text) {
        Some(without) => std::borrow::Cow::Owned(without),
        None => text,
    };
    let (text, wide) = defuse_wide_tables(&text);
    for (line, column, columns) in wide {
        markdown
            .problems
            .push(table_too_wide(at(line, column), columns));
    }
    let text = text.as_ref();
    let lines = LineIndex::new(text);
    markdown
        .problems
        .extend(super::other_tools::foreign_syntax(text, &|offset| {
            let (line, column) = lines.position(offset);
            at(line, column)
        }));
    let mut nesting = Nesting::default();
    let mut ids = HeadingIds::default();
    let mut heading: Option<(Option<String>, String)> = None;
    let mut image: Option<(usize, String)> = None;
    // Made at the first raw HTML: most texts have none, and there are thousands of texts.
    let mut raw_files: Option<super::raw_html_files::RawHtmlFiles> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if nesting.exceeded_by(&event) {
            let (line, column) = lines.position(range.start);
            markdown.problems.push(too_deep(at(line, column)));
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let (line, column) = lines.position(range.start);
                let destination = link_destination(link_type, &dest_url);
                markdown.links.push(Link {
                    target: resolve(&destination),
                    destination,
                    is_image: false,
                    missing_alt: false,
                    location: at(line, column),
                });
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = lines.position(range.start);
                if is_data_address(&dest_url) {
                    markdown.problems.push(data_image(at(line, column)));
                }
                if let Some(problem) =
                    super::other_tools::unshown_image(&dest_url, at(line, column))
                {
                    markdown.problems.push(problem);
                }
                markdown.links.push(Link {
                    destination: dest_url.to_string(),
                    is_image: true,
                    missing_alt: false,
                    location: at(line, column),
                    target: resolve(&dest_url),
                });
                image = Some((markdown.links.len() - 1, String::new()));
            }
            Event::End(TagEnd::Image) => {
                if let Some((index, alt)) = image.take() {
                    markdown.links[index].missing_alt = alt.trim().is_empty();
                }
            }
            Event::Start(Tag::Heading {
                id, classes, attrs, ..
            }) => {
                if !classes.is_empty() || !attrs.is_empty() {
                    let source = &text[range.clone()];
                    let brace = range.start + source.rfind('{').unwrap_or(0);
                    let (line, column) = lines.position(brace);
                    markdown
                        .problems
                        .push(heading_attributes_removed(at(line, column)));
                }
                heading = Some((id.map(|i| i.to_string()), String::new()))
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((explicit, text)) = heading.take() {
                    markdown
                        .heading_ids
                        .push(ids.next(explicit.as_deref(), &text));
                }
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                let location = || {
                    let (line, column) = lines.position(range.start);
                    at(line, column)
                };
                raw_files
                    .get_or_insert_with(super::raw_html_files::RawHtmlFiles::new)
                    .read(html, &location, resolve, &mut markdown.problems);
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(&t);
                }
                if let Some((_, alt)) = image.as_mut() {
                    alt.push_str(&t);
                }
            }
            _ => {}
        }
    }
    markdown.text = text.to_string();
    markdown
}

/// Where a link goes, as the page will write it: an email autolink (`<someone@example.org>`)
/// comes from pulldown-cmark as the bare address, which would read as a file beside the
/// artefact; the page links it with `mailto:` (render::markdown_html), so the scan does too.
fn link_destination(link_type: LinkType, dest_url: &str) -> String {
    match link_type {
        LinkType::Email if !dest_url.contains(':') => format!("mailto:{dest_url}"),
        _ => dest_url.to_string(),
    }
}

/// A picture written into the text itself (`data:image/png;base64,…`), as Notion and Google
/// Docs exports and some editors paste it: the page's sanitiser leaves it out.
fn is_data_address(destination: &str) -> bool {
    destination
        .trim_start()
        .get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"))
}

fn data_image(location: Location) -> Diagnostic {
    Diagnostic::warning(
        codes::DATA_URI_IMAGE,
        location,
        "this image is written into the text as a `data:` address (as Notion and Google Docs exports paste pictures), which the page leaves out",
    )
    .with_hint("save the picture as a file beside this artefact and link it by name, for example:\n![A description](chart.png)")
}

fn table_too_wide(location: Location, columns: usize) -> Diagnostic {
    Diagnostic::error(
        codes::TABLE_TOO_WIDE,
        location,
        format!(
            "this table has {columns} columns; dossier reads tables of at most {MAX_TABLE_COLUMNS}"
        ),
    )
    .with_hint("split the table into narrower ones, or attach the data as a spreadsheet or PDF")
}

fn too_deep(location: Location) -> Diagnostic {
    Diagnostic::error(
        codes::TOO_DEEP,
        location,
        format!("elements here are nested more than {MAX_NESTING} deep"),
    )
    .with_hint("close the open elements (`</div>`) or block quotes (`>`) sooner; a page this deep cannot be read")
}

/// How deeply the HTML of a text will nest: Markdown's blocks and inlines (from the parser's
/// balanced start and end events) plus the elements its raw HTML opens and closes, counted
/// with html5ever's tokenizer (linear; it builds no tree). An upper bound: raw HTML and
/// Markdown depth are added wherever each peaks.
#[derive(Default)]
struct Nesting {
    markdown: usize,
    raw: Option<Tokenizer<RawDepth>>,
    reported: bool,
}

impl Nesting {
    /// Follows `event`; true the first time the depth goes past [`MAX_NESTING`].
    fn exceeded_by(&mut self, event: &Event<'_>) -> bool {
        match event {
            Event::Start(_) => self.markdown += 1,
            Event::End(_) => self.markdown = self.markdown.saturating_sub(1),
            Event::Html(html) | Event::InlineHtml(html) => {
                let tokenizer = self.raw.get_or_insert_with(|| {
                    Tokenizer::new(RawDepth::default(), TokenizerOpts::default())
                });
                let input = BufferQueue::default();
                input.push_back(StrTendril::from_slice(html));
                while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
            }
            _ => {}
        }
        let raw = self.raw.as_ref().map_or(0, |t| t.sink.max.get());
        let deep = self.markdown + raw > MAX_NESTING && !self.reported;
        self.reported |= deep;
        deep
    }
}

/// Depth of the elements raw HTML leaves open: void elements, self-closing tags and elements
/// whose end tag HTML lets an author omit (`<p>`, `<li>`, `<td>`, …, closed by the next one)
/// do not count.
#[derive(Default)]
struct RawDepth {
    depth: Cell<usize>,
    max: Cell<usize>,
}

impl TokenSink for RawDepth {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            let counted = !matches!(
                &*tag.name,
                "area"
                    | "base"
                    | "br"
                    | "col"
                    | "embed"
                    | "hr"
                    | "img"
                    | "input"
                    | "link"
                    | "meta"
                    | "source"
                    | "track"
                    | "wbr"
                    | "param"
                    | "p"
                    | "li"
                    | "dt"
                    | "dd"
                    | "rt"
                    | "rp"
                    | "optgroup"
                    | "option"
                    | "tr"
                    | "td"
                    | "th"
                    | "thead"
                    | "tbody"
                    | "tfoot"
                    | "colgroup"
                    | "caption"
                    | "html"
                    | "head"
                    | "body"
            );
            match tag.kind {
                TagKind::StartTag if counted && !tag.self_closing => {
                    self.depth.set(self.depth.get() + 1);
                    self.max.set(self.max.get().max(self.depth.get()));
                }
                TagKind::EndTag if counted => self.depth.set(self.depth.get().saturating_sub(1)),
                _ => {}
            }
        }
        TokenSinkResult::Continue
    }
}

/// Classes and `key=value` pairs after a heading would become attributes of the page's markup
/// (`{onfocus=alert(1) autofocus}` runs script), so render drops them; say so where written.
fn heading_attributes_removed(location: Location) -> Diagnostic {
    Diagnostic::warning(
        codes::HEADING_ATTRIBUTE,
        location,
        "heading attributes other than `{#id}` are removed (classes, `key=value`)",
    )
    .with_hint("keep only an id, e.g. `## Results {#results}`, or remove the braces")
}

/// Finds table delimiter rows (`|---|:--:|`) wider than [`MAX_TABLE_COLUMNS`] and breaks them
/// with a backslash, so pulldown-cmark reads the lines as text instead of padding every row of
/// the table to thousands of cells. Returns the text to parse and, per wide table, the 1-based
/// line and column of its delimiter row and its width. Hand-written: pulldown-cmark has no
/// limit to set, and this must run before it parses. Line numbers are unchanged.
fn defuse_wide_tables(text: &str) -> (std::borrow::Cow<'_, str>, Vec<(usize, usize, usize)>) {
    let mut wide = Vec::new();
    let mut offset = 0;
    let mut inserts = Vec::new();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if let Some((start, columns)) = delimiter_row(line) {
            if columns > MAX_TABLE_COLUMNS {
                wide.push((index + 1, line[..start].chars().count() + 1, columns));
                inserts.push(offset + start);
            }
        }
        offset += line.len();
    }
    if inserts.is_empty() {
        return (std::borrow::Cow::Borrowed(text), wide);
    }
    let mut defused = String::with_capacity(text.len() + inserts.len());
    let mut last = 0;
    for at in inserts {
        defused.push_str(&text[last..at]);
        defused.push('\\');
        last = at;
    }
    defused.push_str(&text[last..]);
    (std::borrow::Cow::Owned(defused), wide)
}

/// If `line` (after block-quote markers and indentation) looks like a table delimiter row:
/// the byte offset where the row starts and its number of cells.
fn delimiter_row(line: &str) -> Option<(usize, usize)> {
    let start = line.len()
        - line
            .trim_start_matches(|c: char| c == '>' || c.is_whitespace())
            .len();
    let row = line[start..].trim_end();
    let is_row = row.contains('|')
        && row.contains('-')
        && row
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
    if !is_row {
        return None;
    }
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    Some((start, inner.split('|').count()))
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

    #[test]
    fn heading_attributes_other_than_an_id_are_reported_where_written() {
        let md = scan(
            "a.md",
            "Intro\n\n## Results {autofocus onfocus=alert(1)}\n\n## Kept {#kept}\n",
            5,
            &|_| LinkTarget::AsWritten,
        );
        assert_eq!(md.problems.len(), 1, "{:?}", md.problems);
        assert_eq!(md.problems[0].code, codes::HEADING_ATTRIBUTE);
        assert_eq!(md.problems[0].location, Location::new("a.md", 7, 12));
        assert_eq!(md.heading_ids, vec!["results", "kept"]);
    }

    #[test]
    fn a_table_wider_than_the_limit_is_refused_at_its_delimiter_row_and_not_expanded() {
        let columns = MAX_TABLE_COLUMNS + 1;
        let text = format!(
            "Data:\n\n> {}|\n> {}|\n> | 1 |\n",
            "| h ".repeat(columns),
            "|---".repeat(columns)
        );
        let md = scan("a.md", &text, 1, &|_| LinkTarget::AsWritten);
        assert_eq!(md.problems.len(), 1, "{:?}", md.problems);
        assert_eq!(md.problems[0].code, codes::TABLE_TOO_WIDE);
        assert_eq!(md.problems[0].location, Location::new("a.md", 4, 3));
        assert!(md.problems[0].message.contains(&columns.to_string()));
        // What render parses holds no table any more.
        let has_table =
            Parser::new_ext(&md.text, options()).any(|e| matches!(e, Event::Start(Tag::Table(_))));
        assert!(!has_table);
    }

    #[test]
    fn nesting_past_the_limit_is_refused_where_it_happens() {
        let deep_html = format!(
            "Intro\n\n{}x{}\n",
            "<div>".repeat(MAX_NESTING + 1),
            "</div>".repeat(MAX_NESTING + 1)
        );
        let deep_quotes = format!("Intro\n\n{} x\n", ">".repeat(MAX_NESTING + 1));
        let mixed = format!("{} <div><section>\n", ">".repeat(MAX_NESTING - 1));
        for text in [&deep_html, &deep_quotes, &mixed] {
            let md = scan("a.md", text, 1, &|_| LinkTarget::AsWritten);
            assert_eq!(md.problems.len(), 1, "{:?}", md.problems);
            assert_eq!(md.problems[0].code, codes::TOO_DEEP);
        }
        let md = scan("a.md", &deep_html, 1, &|_| LinkTarget::AsWritten);
        assert_eq!(md.problems[0].location.line, 3);
        // As deep as allowed, and many siblings or self-closing paragraphs, are fine.
        let fine = [
            format!(
                "{}x{}",
                "<div>".repeat(MAX_NESTING - 1),
                "</div>".repeat(MAX_NESTING - 1)
            ),
            "<div>x</div>\n".repeat(10 * MAX_NESTING),
            format!("<div>{}</div>", "<p>x".repeat(10 * MAX_NESTING)),
        ];
        for text in &fine {
            let md = scan("a.md", text, 1, &|_| LinkTarget::AsWritten);
            assert!(md.problems.is_empty(), "{:?}", md.problems);
        }
    }

    #[test]
    fn a_table_at_the_limit_is_kept() {
        let text = format!(
            "{}|\n{}|\n",
            "| h ".repeat(MAX_TABLE_COLUMNS),
            "|---".repeat(MAX_TABLE_COLUMNS)
        );
        let md = scan("a.md", &text, 1, &|_| LinkTarget::AsWritten);
        assert!(md.problems.is_empty());
        assert!(
            Parser::new_ext(&md.text, options()).any(|e| matches!(e, Event::Start(Tag::Table(_))))
        );
    }
}
