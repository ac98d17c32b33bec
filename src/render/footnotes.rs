//! Footnotes with their way back: each reference gets an id, and each footnote ends with a
//! link back to every reference to it, named for screen readers ("Back to reference 2").
//!
//! pulldown-cmark writes references without ids and definitions without back-links, so both
//! are written here, numbered as pulldown-cmark numbers them (in order of first appearance,
//! reference or definition). Ids carry the text's prefix, so several bodies on one page (the
//! printable dossier) keep them unique.

use super::html_text::escape;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::HashMap;

/// Rewrites the footnote references and definitions of `events`; ids start with `prefix`.
pub(super) fn with_back_links<'e>(events: Vec<Event<'e>>, prefix: &str) -> Vec<Event<'e>> {
    if !events.iter().any(is_footnote) {
        return events;
    }
    let notes = Numbers::of(&events);
    let mut seen: HashMap<CowStr<'e>, usize> = HashMap::new();
    let mut image_depth = 0usize;
    let mut out: Vec<Event<'e>> = Vec::with_capacity(events.len() + 8);
    for event in events {
        match event {
            Event::Start(Tag::Image { .. }) => {
                image_depth += 1;
                out.push(event);
            }
            Event::End(TagEnd::Image) => {
                image_depth = image_depth.saturating_sub(1);
                out.push(event);
            }
            // In an image's alt text, markup would be escaped into the text: say the number.
            Event::FootnoteReference(name) if image_depth > 0 => {
                out.push(Event::Text(format!("[{}]", notes.number(&name)).into()));
            }
            Event::FootnoteReference(name) => {
                let k = seen.entry(name.clone()).or_default();
                *k += 1;
                out.push(Event::InlineHtml(
                    reference(prefix, &name, notes.number(&name), *k).into(),
                ));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.push(Event::Html(
                    definition_start(prefix, &name, notes.number(&name)).into(),
                ));
                out.push(Event::Start(Tag::FootnoteDefinition(name)));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let name = open_definition(&out);
                let links = back_links(prefix, &name, notes.number(&name), notes.references(&name));
                // Inside the footnote's last paragraph, as readers expect it, when it ends in one.
                match out.last() {
                    Some(Event::End(TagEnd::Paragraph)) if !links.is_empty() => {
                        let end = out.pop().expect("a paragraph's end");
                        out.push(Event::InlineHtml(links.into()));
                        out.push(end);
                    }
                    _ if !links.is_empty() => {
                        out.push(Event::Html(format!("<p>{links}</p>").into()))
                    }
                    _ => {}
                }
                out.push(Event::Html("</div>\n".into()));
            }
            other => out.push(other),
        }
    }
    // The definitions' own start and end events are only markers now.
    out.retain(|e| {
        !matches!(
            e,
            Event::Start(Tag::FootnoteDefinition(_)) | Event::End(TagEnd::FootnoteDefinition)
        )
    });
    out
}

fn is_footnote(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_))
    )
}

/// The name of the innermost definition still open in `out` (definitions do not nest, but a
/// marker is cheaper to find than to track).
fn open_definition<'e>(out: &[Event<'e>]) -> CowStr<'e> {
    out.iter()
        .rev()
        .find_map(|e| match e {
            Event::Start(Tag::FootnoteDefinition(name)) => Some(name.clone()),
            _ => None,
        })
        .unwrap_or_else(|| "".into())
}

/// Each footnote's number, and how many references point at it.
struct Numbers<'e> {
    numbers: HashMap<CowStr<'e>, usize>,
    references: HashMap<CowStr<'e>, usize>,
}

impl<'e> Numbers<'e> {
    fn of(events: &[Event<'e>]) -> Self {
        let mut numbers: HashMap<CowStr<'e>, usize> = HashMap::new();
        let mut references: HashMap<CowStr<'e>, usize> = HashMap::new();
        for event in events {
            let (Event::FootnoteReference(name) | Event::Start(Tag::FootnoteDefinition(name))) =
                event
            else {
                continue;
            };
            let next = numbers.len() + 1;
            numbers.entry(name.clone()).or_insert(next);
            if matches!(event, Event::FootnoteReference(_)) {
                *references.entry(name.clone()).or_default() += 1;
            }
        }
        Numbers {
            numbers,
            references,
        }
    }

    fn number(&self, name: &str) -> usize {
        self.numbers.get(name).copied().unwrap_or_default()
    }

    fn references(&self, name: &str) -> usize {
        self.references.get(name).copied().unwrap_or_default()
    }
}

/// The id of the `k`th reference (from 1) to footnote `name`.
fn reference_id(prefix: &str, name: &str, k: usize) -> String {
    match k {
        1 => format!("{prefix}fnref-{name}"),
        k => format!("{prefix}fnref-{name}-{k}"),
    }
}

fn reference(prefix: &str, name: &str, number: usize, k: usize) -> String {
    format!(
        r##"<sup class="footnote-reference" id="{}"><a href="#{}">{number}</a></sup>"##,
        escape(&reference_id(prefix, name, k)),
        escape(&format!("{prefix}fn-{name}")),
    )
}

fn definition_start(prefix: &str, name: &str, number: usize) -> String {
    format!(
        r#"<div class="footnote-definition" id="{}"><sup class="footnote-definition-label">{number}</sup>"#,
        escape(&format!("{prefix}fn-{name}")),
    )
}

/// One link back per reference; a footnote nothing refers to has none.
fn back_links(prefix: &str, name: &str, number: usize, references: usize) -> String {
    (1..=references)
        .map(|k| {
            let label = match (references, k) {
                (1, _) => format!("Back to reference {number}"),
                (_, k) => format!("Back to reference {number}, use {k}"),
            };
            format!(
                r##" <a href="#{}" class="footnote-backref" aria-label="{label}">↩</a>"##,
                escape(&reference_id(prefix, name, k)),
            )
        })
        .collect()
}
