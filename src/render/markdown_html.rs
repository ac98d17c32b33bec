//! Markdown to safe HTML: heading ids (and levels shifted under the page's `<h1>`), links between
//! artefacts rewritten to their pages, unsafe URLs dropped, footnotes with links back, and
//! every result sanitised with ammonia, whatever produced it (raw HTML, heading attributes, or
//! a pulldown-cmark feature). Every URL written from the text (a link, an image, raw HTML) is
//! noted in the page's [`super::link_record`] with where it was written.

use super::link_record::{note, Href};
use crate::diag::Location;
use crate::markdown::{is_safe_url, is_theme_id, options, HeadingIds};
use crate::model::{Link, Markdown};
use pulldown_cmark::{Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

/// What a link should become: a new URL, or `None` to keep only its text.
pub type Rewrite<'a> = &'a dyn Fn(&Link) -> Option<String>;

/// Renders `markdown`, demoting its headings so the highest is `top` (2 under a page title).
pub fn to_html(markdown: &Markdown, top: u8, rewrite: Rewrite<'_>) -> String {
    to_html_prefixed(markdown, top, "", rewrite)
}

/// Like [`to_html`], with `prefix` before every heading id and footnote name, so several
/// texts can share one page (the printable dossier) without clashing ids.
pub fn to_html_prefixed(
    markdown: &Markdown,
    top: u8,
    prefix: &str,
    rewrite: Rewrite<'_>,
) -> String {
    render(markdown, top, prefix, rewrite, &mut Shape::default())
}

/// What the printable document needs to know of a text rendered for its own page to derive
/// its copy from that HTML (`render::document_copy`) instead of rendering it again.
#[derive(Debug, Default, Clone)]
pub struct Shape {
    /// The text has raw HTML: its tags cannot be told from those Markdown made.
    pub raw_html: bool,
    /// The level of the text's highest heading as written, if it has headings.
    pub highest: Option<u8>,
    /// Each link or image met, in the order of `Markdown::links`: the URL written (`None`
    /// when only its text was kept) and whether it is an email autolink (`mailto:` added).
    pub links: Vec<(Option<String>, bool)>,
}

/// Like [`to_html`], also saying what [`Shape`] the text has.
pub fn to_html_with_shape(markdown: &Markdown, top: u8, rewrite: Rewrite<'_>) -> (String, Shape) {
    let mut shape = Shape::default();
    let html = render(markdown, top, "", rewrite, &mut shape);
    (html, shape)
}

fn render(
    markdown: &Markdown,
    top: u8,
    prefix: &str,
    rewrite: Rewrite<'_>,
    shape: &mut Shape,
) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut links = markdown.links.iter();
    let mut raw = RawHtml::new(markdown);
    // Whether each open link or image is kept, so its End event matches.
    let mut open: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(&markdown.text, options()).into_offset_iter() {
        match event {
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                // Scanning and rendering parse the same text alike, so links pair up in order.
                // A link or image whose target is withheld (a private or left-out draft
                // artefact) or unsafe (`javascript:`) keeps only its text: the target's file
                // name must not reach the page, and an empty `href` or `src` is not valid HTML.
                let link = links.next();
                let target = match link {
                    Some(link) => rewrite(link),
                    None => Some(destination(&tag).to_string()),
                };
                let target = target.filter(|t| is_safe_url(t));
                let email = matches!(
                    tag,
                    Tag::Link {
                        link_type: LinkType::Email,
                        ..
                    }
                );
                shape.links.push((target.clone(), email));
                match target {
                    Some(target) => {
                        if let Some(link) = link {
                            note(
                                Href::AsIs(target.clone()),
                                &link.location,
                                &link.destination,
                            );
                        }
                        open.push(true);
                        events.push(Event::Start(with_destination(tag, target)));
                    }
                    None => open.push(false),
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if open.pop().unwrap_or(false) {
                    events.push(Event::End(end));
                }
            }
            // A block of raw HTML is read whole (its lines come as separate events after this).
            Event::Start(Tag::HtmlBlock) | Event::InlineHtml(_) => {
                shape.raw_html = true;
                raw.note_urls(range);
                events.push(event);
            }
            // The lines of a block of raw HTML (pulldown-cmark writes them only in one).
            Event::Html(_) => {
                shape.raw_html = true;
                events.push(event);
            }
            // A bare checkbox has no accessible name; say what it means.
            Event::TaskListMarker(done) => events.push(Event::InlineHtml(
                if done {
                    r#"<input type="checkbox" disabled checked aria-label="Done"> "#
                } else {
                    r#"<input type="checkbox" disabled aria-label="To do"> "#
                }
                .into(),
            )),
            other => events.push(other),
        }
    }
    // Footnote names become ids; `fn-` keeps `[^main]` off the theme's `id="main"`.
    let mut events = super::footnotes::with_back_links(events, prefix);
    shape.highest = name_and_demote_headings(&mut events, top, prefix);
    let mut html = String::with_capacity(markdown.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    sanitise(&html, prefix)
}

/// Notes the URLs of the text's raw HTML at the file position where each is written.
struct RawHtml<'m> {
    markdown: &'m Markdown,
    /// Byte offsets of the text's line starts, computed at the first raw HTML met.
    starts: Vec<usize>,
}

impl<'m> RawHtml<'m> {
    fn new(markdown: &'m Markdown) -> Self {
        RawHtml {
            markdown,
            starts: Vec::new(),
        }
    }

    fn note_urls(&mut self, range: Range<usize>) {
        let text = &self.markdown.text;
        let Some(fragment) = text.get(range.clone()) else {
            return;
        };
        for url in super::raw_html_links::urls(fragment) {
            let location = self.location(range.start + url.offset);
            note(Href::AsIs(url.value.clone()), &location, &url.value);
        }
    }

    /// The file position of a byte of the text. A text written in portfolio.yaml is indented
    /// there by an amount the model does not keep, so its columns count from the text's own.
    fn location(&mut self, offset: usize) -> Location {
        let text = &self.markdown.text;
        if self.starts.is_empty() {
            self.starts = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        Location::new(
            &self.markdown.path,
            self.markdown.first_line + line - 1,
            column,
        )
    }
}

/// Every HTML string made from the user's Markdown passes here, not only text with raw HTML:
/// pulldown-cmark features (heading attributes were one) can emit attributes the author chose.
/// Ids of raw HTML get `prefix` like heading ids, so they stay unique in the printable dossier.
pub fn sanitise(html: &str, prefix: &str) -> String {
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        ids.prefix.clear();
        ids.prefix.push_str(prefix);
        ids.seen.clear();
    });
    super::a11y::repair(super::html_text::drop_forbidden(
        sanitiser().clean(html).to_string(),
    ))
}

/// Returns the level of the highest heading as written.
fn name_and_demote_headings(events: &mut [Event], top: u8, prefix: &str) -> Option<u8> {
    let highest = events
        .iter()
        .filter_map(|e| {
            if let Event::Start(Tag::Heading { level, .. }) = e {
                Some(*level as u8)
            } else {
                None
            }
        })
        .min();
    let shift = highest.map_or(0, |h| top.saturating_sub(h));
    let mut ids = HeadingIds::default();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let text = heading_text(&events[i + 1..]);
            let new_id = format!("{prefix}{}", ids.next(id.as_deref(), &text));
            let new_level = level_from(*level as u8 + shift);
            // Of `{#id .class key=value}` only the id is kept: classes and attributes would
            // land on the page as written (`onfocus=…`); scanning warns where they were.
            events[i] = Event::Start(Tag::Heading {
                level: new_level,
                id: Some(new_id.into()),
                classes: Vec::new(),
                attrs: Vec::new(),
            });
        }
        if let Event::End(TagEnd::Heading(level)) = &events[i] {
            events[i] = Event::End(TagEnd::Heading(level_from(*level as u8 + shift)));
        }
        i += 1;
    }
    highest
}

fn destination<'t>(tag: &'t Tag<'_>) -> &'t str {
    match tag {
        Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => dest_url,
        _ => "",
    }
}

fn with_destination(tag: Tag<'_>, target: String) -> Tag<'_> {
    match tag {
        Tag::Link {
            link_type,
            title,
            id,
            ..
        } => Tag::Link {
            // The scan wrote an email autolink's address as `mailto:…` (parse::markdown_scan),
            // and pulldown-cmark's writer adds `mailto:` to an email autolink itself.
            dest_url: match (link_type, target.strip_prefix("mailto:")) {
                (LinkType::Email, Some(address)) => address.to_string().into(),
                _ => target.into(),
            },
            link_type,
            title,
            id,
        },
        Tag::Image {
            link_type,
            title,
            id,
            ..
        } => Tag::Image {
            link_type,
            dest_url: target.into(),
            title,
            id,
        },
        other => other,
    }
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn level_from(n: u8) -> HeadingLevel {
    match n {
        0 | 1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The ids one `sanitise` call has let through, and the prefix of the text's ids.
#[derive(Default)]
struct Ids {
    prefix: String,
    seen: HashSet<String>,
}

thread_local! {
    /// ammonia's attribute filter must be a `'static` closure, and building a new `Builder`
    /// per text costs more than most texts; `clean` runs on the calling thread, so state
    /// reset at the start of each `sanitise` call is exact.
    static IDS: RefCell<Ids> = RefCell::new(Ids::default());
}

/// ammonia's defaults plus what dossier's own Markdown output needs: heading and footnote ids,
/// footnote classes, task-list checkboxes, table alignment. Restricted beyond the defaults:
/// - `style` only as pulldown-cmark writes it for table alignment (`text-align: left|center|
///   right` on `th`/`td`); any other style (a `position:fixed` overlay) is dropped.
/// - `id` never one of the theme's ids (a second `id="main"`), and each id once per text,
///   the first kept: heading ids are unique already, so only raw HTML can repeat one.
///   (Prefixing raw ids, GitHub's `user-content-`, would break the author's `#links` to them.)
fn sanitiser() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id", "class"])
            .add_tags([
                "input",
                "figure",
                "figcaption",
                "section",
                "details",
                "summary",
            ])
            .add_tag_attributes("input", ["type", "checked", "disabled", "aria-label"])
            // A footnote's link back is only an arrow to the eye; its name says where it goes.
            .add_tag_attributes("a", ["aria-label"])
            .add_tag_attributes("img", ["loading", "decoding"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .attribute_filter(filter_attribute)
            .link_rel(None);
        builder
    })
}

fn filter_attribute<'u>(element: &str, attribute: &str, value: &'u str) -> Option<Cow<'u, str>> {
    match attribute {
        "style" => is_table_alignment(element, value).then_some(Cow::Borrowed(value)),
        "id" => IDS.with(|ids| {
            let mut ids = ids.borrow_mut();
            let id = if value.starts_with(ids.prefix.as_str()) {
                Cow::Borrowed(value)
            } else {
                Cow::Owned(format!("{}{value}", ids.prefix))
            };
            (!is_theme_id(&id) && ids.seen.insert(id.to_string())).then_some(id)
        }),
        _ => Some(Cow::Borrowed(value)),
    }
}

/// The one style pulldown-cmark writes: a table cell's alignment.
fn is_table_alignment(element: &str, value: &str) -> bool {
    matches!(element, "th" | "td")
        && matches!(
            value.trim().trim_end_matches(';').trim(),
            "text-align: left" | "text-align: center" | "text-align: right"
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkTarget;

    fn render(text: &str) -> String {
        let md = crate::parse::markdown_scan::scan("a.md", text, 1, &|_| LinkTarget::AsWritten);
        to_html(&md, 2, &|l| Some(l.destination.clone()))
    }

    #[test]
    fn an_image_with_an_unsafe_source_keeps_only_its_alt_text() {
        let html = render("![A chart](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("A chart"), "{html}");
    }

    #[test]
    fn scripts_and_handlers_never_survive() {
        let html = render("Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) <a href=\"javascript:alert(2)\">y</a>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn headings_get_ids_and_sit_under_the_page_title() {
        let html = render("# Context\n\n## What I did\n");
        assert!(html.contains("<h2 id=\"context\">Context</h2>"), "{html}");
        assert!(html.contains("<h3 id=\"what-i-did\">"), "{html}");
    }

    #[test]
    fn heading_attributes_never_reach_the_page_but_ids_do() {
        let html =
            render("## Results {autofocus tabindex=0 onfocus=alert(1) .x}\n\n## B {#kept}\n");
        assert!(!html.contains("onfocus"), "{html}");
        assert!(!html.contains("autofocus"), "{html}");
        assert!(!html.contains("tabindex"), "{html}");
        assert!(html.contains(r#"<h2 id="results">Results</h2>"#), "{html}");
        assert!(html.contains(r#"<h2 id="kept">B</h2>"#), "{html}");
    }

    #[test]
    fn dossiers_own_markup_survives_the_sanitiser() {
        let html = render(
            "Note[^1].\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n[^1]: The source.\n",
        );
        assert!(html.contains(r##"<a href="#fn-1">"##), "{html}");
        assert!(html.contains(r#"id="fn-1""#), "{html}");
        assert!(html.contains(r#"class="footnote-definition""#), "{html}");
        assert!(html.contains(r#"style="text-align: center""#), "{html}");
        assert!(html.contains(r#"style="text-align: right""#), "{html}");
        assert!(
            html.contains(r#"<input type="checkbox" disabled="" checked="" aria-label="Done">"#),
            "{html}"
        );
    }

    #[test]
    fn raw_html_keeps_no_style_and_no_theme_or_repeated_id() {
        let html = render(
            "## Impact\n\n<div id=\"main\" style=\"position:fixed;inset:0\">x</div>\n\n<p id=\"impact\">y</p><p id=\"mine\">z</p>\n\n<td style=\"text-align: left; background: url(x)\">c</td>\n",
        );
        assert!(!html.contains("position"), "{html}");
        assert!(!html.contains(r#"id="main""#), "{html}");
        assert_eq!(html.matches(r#"id="impact""#).count(), 1, "{html}");
        assert!(html.contains(r#"id="mine""#), "{html}");
        assert!(!html.contains("background"), "{html}");
    }

    #[test]
    fn an_image_of_a_withheld_artefact_keeps_only_its_alt_text() {
        let md = crate::parse::markdown_scan::scan(
            "a.md",
            "![the plan](secret-plan.md) and ![ok](ok.png)",
            1,
            &|_| LinkTarget::AsWritten,
        );
        let html = to_html(&md, 2, &|l| {
            (l.destination != "secret-plan.md").then(|| l.destination.clone())
        });
        assert!(!html.contains("secret-plan"), "{html}");
        assert!(html.contains("the plan"), "{html}");
        assert!(html.contains(r#"<img src="ok.png" alt="ok">"#), "{html}");
    }

    #[test]
    fn dropped_links_keep_their_text() {
        let md = crate::parse::markdown_scan::scan("a.md", "See [the secret](s.md).", 1, &|_| {
            LinkTarget::AsWritten
        });
        let html = to_html(&md, 2, &|_| None);
        assert_eq!(html.trim(), "<p>See the secret.</p>");
    }

    #[test]
    fn footnotes_link_back_to_each_reference_with_a_name() {
        let html = render("One[^b], two[^a], again[^b].\n\n[^a]: First.\n\n[^b]: Second.\n");
        // Numbered by first reference, as pulldown-cmark numbers them.
        assert!(
            html.contains(
                r##"<sup class="footnote-reference" id="fnref-b"><a href="#fn-b">1</a></sup>"##
            ),
            "{html}"
        );
        assert!(html.contains(r#"id="fnref-b-2""#), "{html}");
        assert!(html.contains(r#"id="fnref-a""#), "{html}");
        let b = &html[html.find(r#"id="fn-b""#).unwrap()..];
        assert!(
            b.starts_with(r#"id="fn-b"><sup class="footnote-definition-label">1</sup>"#),
            "{html}"
        );
        // The links back sit inside the footnote's paragraph, one per reference.
        assert!(
            b.contains(r##"Second. <a href="#fnref-b" class="footnote-backref" aria-label="Back to reference 1, use 1">↩</a> <a href="#fnref-b-2" class="footnote-backref" aria-label="Back to reference 1, use 2">↩</a></p>"##),
            "{html}"
        );
        let a = &html[html.find(r#"id="fn-a""#).unwrap()..];
        assert!(
            a.contains(r##"<a href="#fnref-a" class="footnote-backref" aria-label="Back to reference 2">↩</a>"##),
            "{html}"
        );
    }

    #[test]
    fn footnote_ids_carry_the_prefix_so_bodies_can_share_a_page() {
        let md =
            crate::parse::markdown_scan::scan("a.md", "Note[^1].\n\n[^1]: Source.\n", 1, &|_| {
                LinkTarget::AsWritten
            });
        let html = to_html_prefixed(&md, 3, "one--", &|l| Some(l.destination.clone()));
        for needle in [
            r#"id="one--fnref-1""#,
            r##"href="#one--fn-1""##,
            r#"id="one--fn-1""#,
            r##"href="#one--fnref-1""##,
        ] {
            assert!(html.contains(needle), "{needle} in {html}");
        }
    }

    #[test]
    fn urls_written_are_noted_with_their_source_even_in_raw_html() {
        let md = crate::parse::markdown_scan::scan(
            "a.md",
            "See [b](b.md) and [gone](javascript:x).\n\n<img src=\"c.png\" alt=\"c\">\n",
            7,
            &|_| LinkTarget::AsWritten,
        );
        let (_, noted) = super::super::link_record::recording(|| {
            to_html(&md, 2, &|l| Some(l.destination.clone()))
        });
        let noted: Vec<(String, String)> = noted
            .iter()
            .map(|n| {
                let link = n.on_page("p/index.html", "../");
                (link.href, link.location.to_string())
            })
            .collect();
        assert_eq!(
            noted,
            [
                ("b.md".to_string(), "a.md:7:5".to_string()),
                ("c.png".to_string(), "a.md:9:6".to_string()),
            ]
        );
    }
}
