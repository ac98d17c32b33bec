//! What a reader's browser could be made to run: every `<script>`, event-handler attribute,
//! script URL and other active element in an HTML or SVG document, found with html5ever's
//! tokenizer (the crate dossier already uses for `check`).
//!
//! A tokenizer rather than a regex because attribute values come out with their character
//! references decoded exactly as a browser decodes them (`java&#x09;script:` is `javascript:`),
//! and rather than a DOM because the question is "does any tag carry it", not "where in the
//! tree". Shared by tests/hostile.rs and the fuzz targets (included with `#[path]`).
#![allow(dead_code)]

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::{Cell, RefCell};

/// One thing in a document that could run script, e.g. `img onerror=alert(1)`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Active {
    pub tag: String,
    pub attribute: String,
    pub value: String,
}

impl std::fmt::Display for Active {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} {}=\"{}\">", self.tag, self.attribute, self.value)
    }
}

/// Attributes whose value a browser follows or loads as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "codebase",
    "srcset",
    "lowsrc",
    "dynsrc",
];

/// Elements that run or embed active content whatever their attributes say.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "object", "embed", "applet", "base", "frameset",
];

/// Everything in `html` (an HTML page, an SVG, or an HTML fragment) that could run script.
pub fn active_content(html: &str) -> Vec<Active> {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.found.into_inner()
}

/// Every `href` and `src` of `html`, decoded as a browser decodes them, in document order.
pub fn links(html: &str) -> Vec<String> {
    let tokenizer = Tokenizer::new(Sink::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.links.into_inner()
}

/// True for a URL a browser would run as script (or render as an active document) when
/// followed: browsers drop leading C0 controls and spaces and every tab and newline inside
/// the scheme, and compare it case-insensitively.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(40)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("livescript:")
        || (cleaned.starts_with("data:") && !is_inert_data_image(&cleaned))
}

/// `data:` images other than SVG cannot run script, even when opened directly.
fn is_inert_data_image(url: &str) -> bool {
    [
        "data:image/png",
        "data:image/jpeg",
        "data:image/gif",
        "data:image/webp",
    ]
    .iter()
    .any(|p| url.starts_with(p))
}

#[derive(Default)]
struct Sink {
    found: RefCell<Vec<Active>>,
    links: RefCell<Vec<String>>,
    /// Depth inside `<svg>`/`<math>`, where `<style>` and `<title>` hold markup.
    foreign: Cell<u32>,
}

impl Sink {
    fn push(&self, tag: &str, attribute: &str, value: &str) {
        self.found.borrow_mut().push(Active {
            tag: tag.to_string(),
            attribute: attribute.to_string(),
            value: value.to_string(),
        });
    }

    fn check_attributes(&self, tag: &html5ever::tokenizer::Tag) {
        let name: &str = &tag.name;
        let http_equiv_refresh = tag.attrs.iter().any(|a| {
            &*a.name.local == "http-equiv" && a.value.trim().eq_ignore_ascii_case("refresh")
        });
        for attr in &tag.attrs {
            let attribute = qualified(attr);
            let value: &str = &attr.value;
            if attribute == "href" || attribute == "src" {
                self.links.borrow_mut().push(value.to_string());
            }
            if is_active_attribute(name, &attribute, value, http_equiv_refresh) {
                self.push(name, &attribute, value);
            }
        }
    }
}

/// An event handler, an inline document, a refresh, or a URL attribute holding a script URL.
fn is_active_attribute(tag: &str, attribute: &str, value: &str, http_equiv_refresh: bool) -> bool {
    // `on` + an event name; a bare `on` attribute is no handler.
    let handler = attribute.starts_with("on") && attribute.len() > 2;
    let inline_document = attribute == "srcdoc" || (tag == "meta" && http_equiv_refresh);
    let script_srcset = attribute == "srcset"
        && value
            .split(',')
            .any(|c| is_script_url(c.split_whitespace().next().unwrap_or("")));
    // SVG `<animate>`/`<set>` can write a script URL into `href` through `to`, `from`, `values`.
    let url_like =
        URL_ATTRIBUTES.contains(&attribute) || matches!(attribute, "to" | "from" | "values");
    let script_url = attribute != "srcset" && url_like && is_script_url(value);
    handler || inline_document || script_srcset || script_url
}

/// `<script type="application/ld+json">`: a data block, which HTML never runs (its type is no
/// JavaScript type); dossier writes one per public page (src/render/structured_data.rs).
fn is_data_block(tag: &html5ever::tokenizer::Tag) -> bool {
    &*tag.name == "script"
        && tag.attrs.iter().any(|a| {
            &*a.name.local == "type" && a.value.trim().eq_ignore_ascii_case("application/ld+json")
        })
}

/// `xlink:href` and friends keep their prefix; plain attributes are their local name.
fn qualified(attr: &html5ever::Attribute) -> String {
    match &attr.name.prefix {
        Some(prefix) => format!("{prefix}:{}", attr.name.local),
        None => attr.name.local.to_ascii_lowercase().to_string(),
    }
}

impl TokenSink for Sink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
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
        if ACTIVE_ELEMENTS.contains(&name) && !is_data_block(&tag) {
            self.push(name, "", "");
        }
        self.check_attributes(&tag);
        if is_foreign_root && !tag.self_closing {
            self.foreign.set(self.foreign.get() + 1);
        }
        if self.foreign.get() > 0 {
            return TokenSinkResult::Continue;
        }
        // Read raw-text elements as a browser does, so their contents are not taken for tags
        // (and a `</textarea><script>` breakout is seen exactly when a browser would see it).
        match name {
            "script" => TokenSinkResult::RawData(RawKind::ScriptData),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => {
                TokenSinkResult::RawData(RawKind::Rawtext)
            }
            "title" | "textarea" => TokenSinkResult::RawData(RawKind::Rcdata),
            "plaintext" => TokenSinkResult::Plaintext,
            _ => TokenSinkResult::Continue,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_ld_data_block_is_not_script_but_a_script_after_it_is() {
        let found = active_content(
            r#"<script type="application/ld+json">{"name":"\u003c/script\u003e"}</script><script type="text/javascript">1</script><script type="module">2</script>"#,
        );
        let tags: Vec<_> = found.iter().map(|a| a.tag.as_str()).collect();
        assert_eq!(tags, ["script", "script"]);
    }

    #[test]
    fn finds_what_a_browser_would_run() {
        let found = active_content(
            r#"<p onclick="x">a</p><a href="java&#x09;script:alert(1)">b</a><script>1</script>
               <img src="ok.png"><a href="https://example.org/?javascript:">ok</a>
               <svg><a xlink:href="javascript:alert(1)">c</a></svg>"#,
        );
        let tags: Vec<_> = found
            .iter()
            .map(|a| (a.tag.as_str(), a.attribute.as_str()))
            .collect();
        assert_eq!(
            tags,
            [
                ("p", "onclick"),
                ("a", "href"),
                ("script", ""),
                ("a", "xlink:href")
            ]
        );
    }

    #[test]
    fn escaped_markup_is_only_text() {
        assert!(
            active_content("&lt;img src=x onerror=alert(1)&gt; <p title=\"onerror=x\">").is_empty()
        );
    }
}
