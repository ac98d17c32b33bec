//! Reading one built page: its element ids, every URL attribute with its line, its
//! `<base href>`.
//!
//! The pages are read with html5ever's tokenizer rather than a DOM: attribute values come out
//! with their character references decoded exactly as a browser decodes them (Tera escapes `/`
//! in every URL as `&#x2F;`, which a streaming rewriter such as lol_html would hand back
//! undecoded), no tree is built, and the crate is already compiled for ammonia.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;

/// What one page holds that the check needs.
#[derive(Default)]
pub(super) struct PageScan {
    /// `id`s of its elements and `name`s of its `<a>` elements.
    pub(super) ids: HashSet<String>,
    /// Every URL attribute value, with the line it is on.
    pub(super) links: Vec<(String, u64)>,
    /// The first `<base href>`.
    pub(super) base: Option<String>,
}

/// Collects ids and links token by token, switching the tokenizer into raw text where a tree
/// builder would (so `<script>` and `<style>` contents are not read as markup).
#[derive(Default)]
struct Collector {
    scan: RefCell<PageScan>,
    /// Depth inside `<svg>`/`<math>`, where `<title>` and `<style>` are ordinary elements.
    foreign: Cell<u32>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        let name: &str = &tag.name;
        let is_foreign_root = matches!(name, "svg" | "math");
        if tag.kind == TagKind::EndTag {
            if is_foreign_root {
                self.foreign.set(self.foreign.get().saturating_sub(1));
            }
            return TokenSinkResult::Continue;
        }
        let mut scan = self.scan.borrow_mut();
        for attr in &tag.attrs {
            let value: &str = &attr.value;
            match &*attr.name.local {
                "id" if !value.is_empty() => {
                    scan.ids.insert(value.to_string());
                }
                "name" if name == "a" && !value.is_empty() => {
                    scan.ids.insert(value.to_string());
                }
                "href" if name == "base" => {
                    scan.base.get_or_insert_with(|| value.to_string());
                }
                "href" | "src" | "poster" | "xlink:href" => {
                    scan.links.push((value.to_string(), line));
                }
                "srcset" => {
                    for candidate in value.split(',') {
                        if let Some(url) = candidate.split_whitespace().next() {
                            scan.links.push((url.to_string(), line));
                        }
                    }
                }
                _ => {}
            }
        }
        if is_foreign_root && !tag.self_closing {
            self.foreign.set(self.foreign.get() + 1);
        }
        if self.foreign.get() > 0 {
            return TokenSinkResult::Continue;
        }
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

pub(super) fn scan(html: &str) -> PageScan {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.scan.into_inner()
}

pub(super) fn is_html(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}
