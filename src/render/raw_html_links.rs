//! The URLs of raw HTML in the educator's Markdown (`<img src="chart.png">`), each with the
//! byte offset where its attribute is written, so a broken one is reported at the Markdown
//! that wrote it rather than at the theme.
//!
//! Read with html5ever's tokenizer (already built for ammonia), which decodes character
//! references as a browser does; it gives each tag's line, and the attribute's column is then
//! found by name on that line.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::RefCell;

/// One URL of a raw HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RawUrl {
    /// The value as a browser reads it (character references decoded).
    pub(super) value: String,
    /// Where its attribute's name starts, in bytes from the fragment's start.
    pub(super) offset: usize,
}

/// Every `href`, `src`, `poster`, `xlink:href` and `srcset` URL of `fragment`.
pub(super) fn urls(fragment: &str) -> Vec<RawUrl> {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(fragment));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    let found = tokenizer.sink.found.into_inner();
    let starts: Vec<usize> = std::iter::once(0)
        .chain(fragment.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    // Attributes come in the order they are written, so each search resumes after the last
    // one found; it must end on the tag's line (the tokenizer reports where a tag ends).
    let mut resume = 0;
    found
        .into_iter()
        .map(|(name, value, line)| {
            let index = (line as usize).clamp(1, starts.len()) - 1;
            let end = starts.get(index + 1).copied().unwrap_or(fragment.len());
            let offset =
                find_attribute(fragment, resume.min(end), end, &name).unwrap_or(starts[index]);
            resume = offset + name.len();
            RawUrl { value, offset }
        })
        .collect()
}

/// Where `name=` is written in `text[from..to]`, ASCII case-insensitively.
fn find_attribute(text: &str, from: usize, to: usize, name: &str) -> Option<usize> {
    let haystack = text.get(from..to)?.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = haystack[at..].find(name) {
        let start = at + i;
        let before = text[..from + start].chars().next_back();
        let after = haystack[start + name.len()..].trim_start().chars().next();
        if before.is_some_and(char::is_whitespace) && after == Some('=') {
            return Some(from + start);
        }
        at = start + name.len();
    }
    None
}

/// (attribute name, value, line) of every URL attribute, in order.
#[derive(Default)]
struct Collector {
    found: RefCell<Vec<(String, String, u64)>>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind == TagKind::EndTag {
            return TokenSinkResult::Continue;
        }
        let mut found = self.found.borrow_mut();
        for attr in &tag.attrs {
            let name: &str = &attr.name.local;
            match name {
                "href" | "src" | "poster" | "xlink:href" => {
                    found.push((name.to_string(), attr.value.to_string(), line));
                }
                "srcset" => {
                    for candidate in attr.value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            found.push((name.to_string(), url.to_string(), line));
                        }
                    }
                }
                _ => {}
            }
        }
        // What a script or style holds is not markup, whatever it looks like.
        match &*tag.name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" => TokenSinkResult::RawData(RawKind::Rawtext),
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_url_where_its_attribute_is_written() {
        let html = "<img alt=\"a src\" src=\"a.png\"><img src='b&amp;c.png'>\n<video\n  poster=p.jpg src=v.mp4></video><script>'<a href=x>'</script>";
        let found = urls(html);
        let found: Vec<(&str, &str)> = found
            .iter()
            .map(|u| (u.value.as_str(), &html[u.offset..u.offset + 3]))
            .collect();
        assert_eq!(
            found,
            [
                ("a.png", "src"),
                ("b&c.png", "src"),
                ("p.jpg", "pos"),
                ("v.mp4", "src"),
            ]
        );
    }
}
