//! Resolving what Markdown and front matter point at: other artefacts and files of the portfolio.
//! A file reference must exist, stay inside the portfolio folder, and not be a document that
//! runs script (an `.svg` or `.html` with `<script>`) when a reader opens it from the site.

use crate::diag::{codes, Diagnostic, Location};
use crate::markdown::is_external;
use crate::model::{Asset, LinkTarget};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use std::cell::RefCell;
use std::path::{Path, PathBuf};

// Re-exported for the callers that still name them here (pipeline, output); they live in paths.
use crate::paths::{normalise, percent_decode};

/// The portfolio folder, made absolute and canonical once so every check compares like with like.
#[derive(Debug, Clone)]
pub struct Root {
    pub path: PathBuf,
    canonical: PathBuf,
}

impl Root {
    pub fn new(path: &Path) -> Self {
        let path = normalise(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
        let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
        Root { path, canonical }
    }

    /// Checks a file reference written at `location`, relative to `dir`.
    pub fn asset(
        &self,
        dir: &Path,
        reference: &str,
        location: Location,
    ) -> Result<Asset, Diagnostic> {
        let decoded = percent_decode(reference);
        let lexical = normalise(&dir.join(&decoded));
        let source = lexical.canonicalize().map_err(|_| {
            Diagnostic::error(
                codes::MISSING_FILE,
                location.clone(),
                format!("`{reference}` does not exist"),
            )
            .with_hint(missing_hint(&self.path, &lexical, &decoded))
        })?;
        if !source.starts_with(&self.canonical) {
            return Err(Diagnostic::error(codes::OUTSIDE_PORTFOLIO, location, format!("`{reference}` points outside the portfolio folder"))
                .with_hint("copy the file into the portfolio folder (for example beside the artefact) and link to the copy"));
        }
        if !source.is_file() {
            return Err(Diagnostic::error(
                codes::MISSING_FILE,
                location,
                format!("`{reference}` is a folder, not a file"),
            ));
        }
        if let Some((line, construct)) = active_content(&source) {
            return Err(Diagnostic::error(
                codes::ACTIVE_ATTACHMENT,
                location,
                format!("`{reference}` runs script when opened: line {line} has {construct}"),
            )
            .with_hint("a reader would run it from your site's address; export it as PDF or PNG, or remove the script and event handlers"));
        }
        Ok(Asset {
            reference: reference.to_string(),
            source,
            location,
        })
    }

    /// What a Markdown link written in a file of `dir` points at.
    pub fn link_target(&self, dir: &Path, destination: &str) -> LinkTarget {
        if destination.is_empty()
            || destination.starts_with('#')
            || destination.starts_with('/')
            || is_external(destination)
        {
            return LinkTarget::AsWritten;
        }
        let (path, fragment) = match destination.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (destination, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let file = normalise(&dir.join(percent_decode(path)));
        if crate::paths::is_markdown(&file) {
            LinkTarget::Artefact { file, fragment }
        } else {
            LinkTarget::Asset(file)
        }
    }
}

/// Where the missing file would have to be, from the portfolio folder (the absolute path of a
/// temporary or home folder is noise); or, for what looks like a page's address rather than a
/// file (`../wellbeing/`), how to link to another artefact: by its Markdown file.
fn missing_hint(root: &Path, lexical: &Path, reference: &str) -> String {
    const PAGE: &str = "to link to another artefact, link to its Markdown file, with a path relative to this file (for example `../2024/peer-review.md`): dossier turns it into the page's address";
    if reference.ends_with('/') {
        return PAGE.to_string();
    }
    if reference.contains('\\') {
        // A path copied from Windows Explorer: on the web (and on the server) `\` is no separator.
        return format!(
            "web addresses separate folders with `/`, not `\\` as Windows does: write `{}`",
            reference.replace('\\', "/")
        );
    }
    let at = match lexical.strip_prefix(root) {
        Ok(inside) => format!("{} in the portfolio folder", inside.display()),
        Err(_) => lexical.display().to_string(),
    };
    let file =
        format!("the path is read relative to the file it is written in: put the file at {at}");
    match Path::new(reference).extension() {
        Some(_) => file,
        None => format!("{file}\nor, {PAGE}"),
    }
}

/// Files a browser opens as a document (HTML, SVG, XML), which can run script from the site.
const ACTIVE_EXTENSIONS: &[&str] = &[
    "svg", "svgz", "html", "htm", "xhtml", "xht", "xml", "xsl", "mht", "mhtml",
];

/// The first construct of `file` that runs script, with its line, if `file` is a document a
/// browser would open as a page. Refused rather than sanitised: the attachment is the
/// educator's evidence, and a silently altered copy is not what they attached; static
/// hosting cannot send the headers that would open it inertly. Reads like a browser, but
/// more suspicious: html5ever's tokenizer (no tree, so linear) sees every tag, even inside
/// `<style>` or CDATA, and an XML entity declaration or stylesheet, which could produce
/// script the tokenizer never sees, is refused as such.
pub fn active_content(file: &Path) -> Option<(u64, String)> {
    let extension = file.extension()?.to_string_lossy().to_ascii_lowercase();
    if !ACTIVE_EXTENSIONS.contains(&extension.as_str()) {
        return None;
    }
    let bytes = std::fs::read(file).ok()?;
    if extension == "svgz" || extension.starts_with("mht") {
        // Compressed or packaged: its content cannot be read here, so it cannot be vouched for.
        return Some((
            1,
            format!("content dossier cannot inspect (`.{extension}`)"),
        ));
    }
    let text = String::from_utf8_lossy(&bytes);
    let lower = text.to_ascii_lowercase();
    for (needle, what) in [
        ("<!entity", "an XML entity declaration"),
        ("<?xml-stylesheet", "an XML stylesheet"),
    ] {
        if let Some(at) = lower.find(needle) {
            return Some((line_of(&text, at), what.to_string()));
        }
    }
    let tokenizer = Tokenizer::new(ActiveFinder::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&text));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.found.into_inner()
}

fn line_of(text: &str, offset: usize) -> u64 {
    text[..offset].matches('\n').count() as u64 + 1
}

/// Keeps the first active construct the tokenizer shows it.
#[derive(Default)]
struct ActiveFinder {
    found: RefCell<Option<(u64, String)>>,
}

impl TokenSink for ActiveFinder {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag || self.found.borrow().is_some() {
            return TokenSinkResult::Continue;
        }
        // `svg:script`, `html:iframe`: the local name is what a namespace-aware reader sees.
        let name = tag
            .name
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let found = if is_active_element(&name) {
            Some(format!("a `<{name}>` element"))
        } else {
            tag.attrs.iter().find_map(|attr| {
                let attribute = attr.name.local.to_ascii_lowercase();
                if attribute
                    .rsplit(':')
                    .next()
                    .unwrap_or_default()
                    .starts_with("on")
                {
                    Some(format!("an event handler `{attribute}` on `<{name}>`"))
                } else if is_script_url(&attr.value) {
                    Some(format!("a script address in `{attribute}` of `<{name}>`"))
                } else {
                    None
                }
            })
        };
        *self.found.borrow_mut() = found.map(|what| (line, what));
        TokenSinkResult::Continue
    }
}

/// Elements that run script or load another document into this one.
fn is_active_element(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "foreignobject"
            | "iframe"
            | "frame"
            | "frameset"
            | "object"
            | "embed"
            | "applet"
            | "handler"
            | "listener"
            | "portal"
            | "base"
    )
}

/// `javascript:` and friends, as a browser reads them: spaces and controls anywhere ignored.
fn is_script_url(value: &str) -> bool {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    [
        "javascript:",
        "vbscript:",
        "data:text/html",
        "data:image/svg",
        "data:application/xhtml",
        "data:text/xml",
        "data:application/xml",
    ]
    .iter()
    .any(|scheme| compact.starts_with(scheme))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_parent_segments() {
        assert_eq!(
            normalise(Path::new("/p/artefacts/2025/../2024/x.md")),
            PathBuf::from("/p/artefacts/2024/x.md")
        );
    }

    #[test]
    fn documents_that_run_script_are_found_with_their_line() {
        let dir = tempfile::tempdir().unwrap();
        // File name, content, and the line and a word of what must be found (or nothing).
        type Case<'a> = (&'a str, &'a str, Option<(u64, &'a str)>);
        let cases: &[Case] = &[
            (
                "a.svg",
                "<svg>\n<script>alert(1)</script></svg>",
                Some((2, "`<script>`")),
            ),
            (
                "b.svg",
                "<svg>\n\n<rect ONLOAD='x()'/></svg>",
                Some((3, "`onload`")),
            ),
            (
                "c.svg",
                "<svg><a xlink:href=' jav&#x61;script:x()'>a</a></svg>",
                Some((1, "`xlink:href`")),
            ),
            (
                "d.svg",
                "<svg><foreignObject><div/></foreignObject></svg>",
                Some((1, "`<foreignobject>`")),
            ),
            (
                "e.html",
                "<p>hi</p>\n<iframe src=x></iframe>",
                Some((2, "`<iframe>`")),
            ),
            (
                "f.xhtml",
                "<html:script xmlns:html='x'/>",
                Some((1, "`<script>`")),
            ),
            (
                "g.xml",
                "<!DOCTYPE x [\n<!ENTITY s \"&#60;script&#62;\">]><x>&s;</x>",
                Some((2, "entity")),
            ),
            (
                "h.svg",
                "<svg><rect width='10' height='10'/><title>on the rise</title></svg>",
                None,
            ),
            (
                "i.pdf",
                "<script>not a document a browser runs</script>",
                None,
            ),
        ];
        for (name, text, expected) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let found = active_content(&path);
            match expected {
                None => assert_eq!(found, None, "{name}"),
                Some((line, what)) => {
                    let (l, description) = found.unwrap_or_else(|| panic!("{name}: nothing found"));
                    assert_eq!(l, *line, "{name}: {description}");
                    assert!(description.contains(what), "{name}: {description}");
                }
            }
        }
    }

    #[test]
    fn decodes_spaces() {
        assert_eq!(percent_decode("my%20report.pdf"), "my report.pdf");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
