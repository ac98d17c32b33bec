//! Files of the portfolio named in raw HTML (`<img src="chart.png">`, `<a href="plan.docx">`).
//! Only Markdown images and links (`![alt](chart.png)`) are copied beside the page and
//! rewritten for the printable document, so such a file would be missing from the site: the
//! build says so where it is written, instead of publishing a broken image without a word
//! (only `dossier check` found it, in the built pages). Only files that exist are reported: a
//! raw URL naming nothing of the portfolio is `check`'s broken link, as before.

use crate::diag::{codes, Diagnostic, Location};
use crate::model::LinkTarget;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::RefCell;

/// Reads a text's raw HTML fragments in order (a tag may span the lines of an HTML block).
pub(super) struct RawHtmlFiles {
    tokenizer: Tokenizer<Collector>,
}

impl RawHtmlFiles {
    pub(super) fn new() -> Self {
        RawHtmlFiles {
            tokenizer: Tokenizer::new(Collector::default(), TokenizerOpts::default()),
        }
    }

    /// The URLs of local files that the tags completed by `fragment` name, each a warning at
    /// `location` (where the fragment starts).
    pub(super) fn read(
        &mut self,
        fragment: &str,
        location: &dyn Fn() -> Location,
        resolve: &dyn Fn(&str) -> LinkTarget,
        problems: &mut Vec<Diagnostic>,
    ) {
        let input = BufferQueue::default();
        input.push_back(StrTendril::from_slice(fragment));
        while !matches!(self.tokenizer.feed(&input), TokenizerResult::Done) {}
        for url in self.tokenizer.sink.found.take() {
            if names_a_portfolio_file(&url, resolve) {
                problems.push(not_copied(location(), &url));
            }
        }
    }
}

/// A URL that resolves to an existing file or artefact of the portfolio (not another site,
/// not a `#fragment`, not a site-absolute path).
fn names_a_portfolio_file(url: &str, resolve: &dyn Fn(&str) -> LinkTarget) -> bool {
    match resolve(url.trim()) {
        LinkTarget::AsWritten => false,
        LinkTarget::Asset(path) => path.is_file(),
        LinkTarget::Artefact { file, .. } => file.is_file(),
    }
}

fn not_copied(location: Location, url: &str) -> Diagnostic {
    Diagnostic::warning(
        codes::RAW_HTML_FILE,
        location,
        format!(
            "`{url}` is named in raw HTML, which dossier neither copies nor rewrites: it will be broken on the site or in the printed document"
        ),
    )
    .with_hint(format!(
        "write it in Markdown instead, which dossier copies and links: ![what it shows]({url}) for an image, [its title]({url}) for a link"
    ))
}

/// The `src`, `href` and `poster` values of start tags, as a browser decodes them.
#[derive(Default)]
struct Collector {
    found: RefCell<Vec<String>>,
}

impl TokenSink for Collector {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                let urls = tag
                    .attrs
                    .iter()
                    .filter(|a| matches!(&*a.name.local, "src" | "href" | "poster"))
                    .map(|a| a.value.to_string())
                    .filter(|v| !v.trim().is_empty());
                self.found.borrow_mut().extend(urls);
            }
        }
        TokenSinkResult::Continue
    }
}
