//! Markdown to safe HTML: heading ids (and levels shifted under the page's `<h1>`), links between
//! artefacts rewritten to their pages, unsafe URLs dropped, raw HTML sanitised with ammonia.

use crate::markdown::{is_safe_url, options, HeadingIds};
use crate::model::{Link, Markdown};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
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
    let mut events: Vec<Event> = Vec::new();
    let mut links = markdown.links.iter();
    // Whether each open link is kept, so its End event matches.
    let mut open_links: Vec<bool> = Vec::new();
    for event in Parser::new_ext(&markdown.text, options()) {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                // Scanning and rendering parse the same text alike, so links pair up in order.
                let target = match links.next() {
                    Some(link) => rewrite(link),
                    None => Some(dest_url.to_string()),
                };
                match target.filter(|t| is_safe_url(t)) {
                    Some(target) => {
                        open_links.push(true);
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url: target.into(),
                            title,
                            id,
                        }));
                    }
                    None => open_links.push(false),
                }
            }
            Event::End(TagEnd::Link) => {
                if open_links.pop().unwrap_or(false) {
                    events.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let target = links
                    .next()
                    .and_then(rewrite)
                    .unwrap_or_else(|| dest_url.to_string());
                let dest: CowStr = if is_safe_url(&target) {
                    target.into()
                } else {
                    "".into()
                };
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
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
            Event::FootnoteReference(name) if !prefix.is_empty() => {
                events.push(Event::FootnoteReference(format!("{prefix}{name}").into()))
            }
            Event::Start(Tag::FootnoteDefinition(name)) if !prefix.is_empty() => events.push(
                Event::Start(Tag::FootnoteDefinition(format!("{prefix}{name}").into())),
            ),
            other => events.push(other),
        }
    }
    name_and_demote_headings(&mut events, top, prefix);
    let mut html = String::with_capacity(markdown.text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if markdown.has_raw_html {
        // Only raw HTML can smuggle scripts past pulldown-cmark, which escapes everything else;
        // sanitising just those pages keeps the common case fast.
        sanitiser().clean(&html).to_string()
    } else {
        html
    }
}

fn name_and_demote_headings(events: &mut [Event], top: u8, prefix: &str) {
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
        if let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &events[i]
        {
            let text = heading_text(&events[i + 1..]);
            let new_id = format!("{prefix}{}", ids.next(id.as_deref(), &text));
            let new_level = level_from(*level as u8 + shift);
            events[i] = Event::Start(Tag::Heading {
                level: new_level,
                id: Some(new_id.into()),
                classes: classes.clone(),
                attrs: attrs.clone(),
            });
        }
        if let Event::End(TagEnd::Heading(level)) = &events[i] {
            events[i] = Event::End(TagEnd::Heading(level_from(*level as u8 + shift)));
        }
        i += 1;
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

/// ammonia's defaults plus what Markdown output needs: heading and footnote ids, task-list
/// checkboxes, table alignment.
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
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .link_rel(None);
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LinkTarget;

    fn render(text: &str) -> String {
        let md = crate::parse::markdown::scan("a.md", text, 1, &|_| LinkTarget::AsWritten);
        to_html(&md, 2, &|l| Some(l.destination.clone()))
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
    fn dropped_links_keep_their_text() {
        let md = crate::parse::markdown::scan("a.md", "See [the secret](s.md).", 1, &|_| {
            LinkTarget::AsWritten
        });
        let html = to_html(&md, 2, &|_| None);
        assert_eq!(html.trim(), "<p>See the secret.</p>");
    }
}
