//! `dossier check`: what only the built site can show. Every internal `href` and `src` of every
//! page must reach a file of the site, and its `#fragment` an element of the target page.
//!
//! A broken link is reported where it was written: at the Markdown link (`path:line:column`)
//! when [`LinkSources`] knows which one produced it, otherwise at the built page and line, as
//! the theme's. Resolution follows the browser: relative to the page (or its `<base href>`),
//! root-absolute paths under the site's base path, percent-decoded, without `?query`, a path
//! ending in `/` meaning its `index.html`.
//!
//! The pages are read with html5ever's tokenizer rather than a DOM: attribute values come out
//! with their character references decoded exactly as a browser decodes them (Tera escapes `/`
//! in every URL as `&#x2F;`, which a streaming rewriter such as lol_html would hand back
//! undecoded), no tree is built, and the crate is already compiled for ammonia.

use crate::diag::{codes, did_you_mean, Diagnostic, Location};
use crate::markdown::is_external;
use crate::model::{AttachmentTarget, Link, Portfolio};
use crate::parse::assets::percent_decode;
use crate::render::{self, views};
use crate::site::{self, Site};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::TokenizerResult;
use rayon::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Where the links of the built pages were written: which Markdown link produced which `href`.
pub struct LinkSources {
    /// The path part of the site's address, `/` or `/pr-7/`: root-absolute links start here.
    base_path: String,
    theme: String,
    /// Per page (site-relative file): resolved target → the Markdown link that wrote it.
    pages: HashMap<String, HashMap<Target, Source>>,
    /// Markdown every page may show (the person's summary), by decoded `href`.
    anywhere: HashMap<String, Source>,
    /// Files named in front matter (attachments, photo), by resolved target, on any page.
    files: HashMap<Target, Source>,
}

#[derive(Debug, Clone)]
struct Source {
    location: Location,
    /// The link as the educator wrote it.
    written: String,
}

/// What an internal link points at, once resolved like a browser would.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    /// A site-relative file and the decoded fragment, if it names one.
    File {
        path: String,
        fragment: Option<String>,
    },
    /// A path of the server outside the site's base path.
    Outside(String),
}

impl LinkSources {
    /// Maps every link that Markdown (artefact bodies, application statements, the person's
    /// summary) and front matter (attachments, photo) put into the pages of `site`.
    /// `base_path` is the path of the site's address, e.g. `/` or `/pr-7/`.
    pub fn new(portfolio: &Portfolio, site: &Site<'_>, base_path: &str) -> Self {
        let mut sources = LinkSources {
            base_path: normalise_base_path(base_path),
            theme: portfolio.theme.value.clone(),
            pages: HashMap::new(),
            anywhere: HashMap::new(),
            files: HashMap::new(),
        };
        for id in 0..site.artefacts.len() {
            let artefact = site.artefact(id);
            let page = format!("{}index.html", site::artefact_url(artefact));
            for link in &artefact.body.links {
                sources.add_markdown_link(&page, link, views::body_href(site, id, link));
            }
            for attachment in &artefact.attachments {
                if let AttachmentTarget::File(asset) = &attachment.target {
                    if let Some((_, name)) =
                        site.assets[id].iter().find(|(s, _)| *s == asset.source)
                    {
                        let target = Target::File {
                            path: format!("{}{name}", site::artefact_url(artefact)),
                            fragment: None,
                        };
                        sources.files.entry(target).or_insert(Source {
                            location: asset.location.clone(),
                            written: asset.reference.clone(),
                        });
                    }
                }
            }
        }
        // The printable documents repeat the bodies of the artefacts they print in full.
        for (page, root, full) in render::dossier_documents(site) {
            let in_document = |id: site::Id| full.contains(&id);
            for &id in &full {
                for link in &site.artefact(id).body.links {
                    sources.add_markdown_link(
                        &page,
                        link,
                        views::dossier_href(site, id, link, &root, &in_document),
                    );
                }
            }
        }
        if let Some(photo) = &portfolio.person.photo {
            let name = photo
                .source
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let target = Target::File {
                path: format!("media/{name}"),
                fragment: None,
            };
            sources.files.entry(target).or_insert(Source {
                location: photo.location.clone(),
                written: photo.reference.clone(),
            });
        }
        let yaml_href = |link: &Link, root: &str| views::yaml_href(site, link, root);
        for page in &site.applications {
            let url = site::application_url(&page.application.slug);
            let root = "../".repeat(url.matches('/').count());
            let file = format!("{url}index.html");
            for link in page.application.statement.iter().flat_map(|m| &m.links) {
                sources.add_markdown_link(&file, link, yaml_href(link, &root));
            }
        }
        // The summary is part of every page's `site.person`, always with links from the root.
        for link in portfolio.person.summary.iter().flat_map(|m| &m.links) {
            if let Some(href) = yaml_href(link, "") {
                sources
                    .anywhere
                    .entry(percent_decode(href.trim()))
                    .or_insert(Source {
                        location: link.location.clone(),
                        written: link.destination.clone(),
                    });
            }
        }
        sources
    }

    fn add_markdown_link(&mut self, page: &str, link: &Link, href: Option<String>) {
        // `None`: render kept the link (or image) out of the page, so there is no href.
        let Some(href) = href else {
            return;
        };
        if let Some(target) = resolve(page, &href, &self.base_path) {
            self.pages
                .entry(page.to_string())
                .or_default()
                .entry(target)
                .or_insert(Source {
                    location: link.location.clone(),
                    written: link.destination.clone(),
                });
        }
    }

    /// The base path links are read under, normalised to start and end with `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Where the link `href` of the built page `page` (site-relative, e.g.
    /// `artefacts/fa-pilot/index.html`) was written, when Markdown or front matter wrote it.
    pub fn source(&self, page: &str, href: &str) -> Option<&Location> {
        let target = resolve(page, href, &self.base_path)?;
        self.find(page, href, &target).map(|s| &s.location)
    }

    fn find(&self, page: &str, href: &str, target: &Target) -> Option<&Source> {
        self.pages
            .get(page)
            .and_then(|links| links.get(target))
            .or_else(|| self.anywhere.get(&percent_decode(href.trim())))
            .or_else(|| self.files.get(target))
    }
}

fn normalise_base_path(base_path: &str) -> String {
    let trimmed = base_path.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Resolves `href`, found in the document whose address is the site file `doc`, like a browser.
/// `None` for what is not checked: other sites, `mailto:`, `tel:`, `data:`, `//host`.
fn resolve(doc: &str, href: &str, base_path: &str) -> Option<Target> {
    // Browsers strip surrounding ASCII whitespace from URLs.
    let href = href.trim_matches(|c: char| c.is_ascii_whitespace());
    if is_external(href) {
        return None;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((rest, fragment)) => (rest, Some(percent_decode(fragment))),
        None => (href, None),
    };
    let fragment = fragment.filter(|f| !f.is_empty());
    let raw_path = rest.split_once('?').map_or(rest, |(path, _)| path);
    let doc_url = format!("{base_path}{doc}");
    let absolute = if raw_path.is_empty() {
        doc_url
    } else if raw_path.starts_with('/') {
        percent_decode(raw_path)
    } else {
        let dir = &doc_url[..doc_url.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{}", percent_decode(raw_path))
    };
    // Dot segments, clamped at the server's root as browsers do; empty segments collapse as
    // they do on a static file server.
    let mut segments: Vec<&str> = Vec::new();
    let mut is_folder = false;
    for segment in absolute.split('/') {
        is_folder = matches!(segment, "" | "." | "..");
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut path = format!("/{}", segments.join("/"));
    if is_folder && !path.ends_with('/') {
        path.push('/');
    }
    let site_path = if path == base_path.trim_end_matches('/') {
        ""
    } else {
        match path.strip_prefix(base_path) {
            Some(rel) => rel,
            None => return Some(Target::Outside(path)),
        }
    };
    let path = if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    };
    Some(Target::File { path, fragment })
}

/// What one page holds that the check needs.
#[derive(Default)]
struct PageScan {
    /// `id`s of its elements and `name`s of its `<a>` elements.
    ids: HashSet<String>,
    /// Every URL attribute value, with the line it is on.
    links: Vec<(String, u64)>,
    /// The first `<base href>`.
    base: Option<String>,
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

fn scan(html: &str) -> PageScan {
    let tokenizer = Tokenizer::new(Collector::default(), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.scan.into_inner()
}

fn is_html(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// What is wrong with one link.
enum Problem {
    /// No file of the site at the path.
    Missing(String),
    /// The path leaves the site's base path.
    Outside(String),
    /// The page exists but has no element with this id.
    Anchor { page: String, fragment: String },
}

/// One broken link of one page.
struct Broken<'a> {
    page: &'a str,
    href: &'a str,
    line: u64,
    target: Target,
    problem: Problem,
}

/// Checks every internal `href` and `src` (and `srcset`, `poster`) of every HTML file of
/// `files` (site-relative path → bytes, as `output::Memory` holds them). Broken paths are
/// [`codes::BROKEN_OUTPUT_LINK`], missing fragments [`codes::BROKEN_ANCHOR`], all errors.
/// Each page is tokenized once; the check is linear in the number of links.
pub fn broken_links(files: &BTreeMap<String, Vec<u8>>, sources: &LinkSources) -> Vec<Diagnostic> {
    let scans: Vec<(&str, PageScan)> = files
        .par_iter()
        .filter(|(path, _)| is_html(path))
        .map(|(path, bytes)| (path.as_str(), scan(&String::from_utf8_lossy(bytes))))
        .collect();
    let ids: HashMap<&str, &HashSet<String>> =
        scans.iter().map(|(path, s)| (*path, &s.ids)).collect();
    let base_path = sources.base_path.as_str();
    let mut broken: Vec<Broken> = Vec::new();
    for (page, scan) in &scans {
        // A `<base href>` moves every relative link of the page; one to another site moves
        // them out of reach.
        let doc = match &scan.base {
            None => Some(page.to_string()),
            Some(base) => match resolve(page, base, base_path) {
                Some(Target::File { path, .. }) => Some(path),
                _ => None,
            },
        };
        let Some(doc) = doc else { continue };
        for (href, line) in &scan.links {
            let Some(target) = resolve(&doc, href, base_path) else {
                continue;
            };
            let problem = match &target {
                Target::Outside(path) => Some(Problem::Outside(path.clone())),
                Target::File { path, .. } if !files.contains_key(path) => {
                    Some(Problem::Missing(path.clone()))
                }
                Target::File {
                    path,
                    fragment: Some(fragment),
                } if is_html(path)
                    && !fragment.eq_ignore_ascii_case("top")
                    && !ids
                        .get(path.as_str())
                        .is_some_and(|ids| ids.contains(fragment)) =>
                {
                    Some(Problem::Anchor {
                        page: path.clone(),
                        fragment: fragment.clone(),
                    })
                }
                Target::File { .. } => None,
            };
            if let Some(problem) = problem {
                broken.push(Broken {
                    page,
                    href,
                    line: *line,
                    target,
                    problem,
                });
            }
        }
    }
    report(broken, files, &ids, sources)
}

/// Markdown links at their source, once each; the theme's at their first page, once per
/// target (a template's mistake repeats on every page that uses it).
fn report(
    broken: Vec<Broken<'_>>,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &HashMap<&str, &HashSet<String>>,
    sources: &LinkSources,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    // One report per Markdown link and problem, though the link appears on several pages
    // (its artefact's page and the printable documents).
    let mut seen: HashSet<(Location, &'static str)> = HashSet::new();
    // Theme links grouped by what they reach (or, for `#x`, by how they are written).
    let mut groups: Vec<(Broken, usize)> = Vec::new();
    let mut group_of: HashMap<(String, Target), usize> = HashMap::new();
    for b in broken {
        if let Some(source) = sources.find(b.page, b.href, &b.target) {
            let diagnostic = markdown_diagnostic(&b, source, files, ids, sources);
            if seen.insert((diagnostic.location.clone(), diagnostic.code)) {
                out.push(diagnostic);
            }
            continue;
        }
        let key = if b.href.trim_start().starts_with('#') {
            (b.href.to_string(), Target::Outside(String::new()))
        } else {
            (String::new(), b.target.clone())
        };
        match group_of.get(&key) {
            Some(&i) => groups[i].1 += 1,
            None => {
                group_of.insert(key, groups.len());
                groups.push((b, 0));
            }
        }
    }
    for (b, others) in groups {
        out.push(theme_diagnostic(&b, others, files, ids, sources));
    }
    out
}

fn code_of(problem: &Problem) -> &'static str {
    match problem {
        Problem::Anchor { .. } => codes::BROKEN_ANCHOR,
        Problem::Missing(_) | Problem::Outside(_) => codes::BROKEN_OUTPUT_LINK,
    }
}

/// What is wrong, after "the link `x` …"; `on` is the page the link is on.
fn what(problem: &Problem, on: &str, base_path: &str) -> String {
    match problem {
        Problem::Missing(path) => format!("leads to `{path}`, which is not in the built site"),
        Problem::Outside(path) => {
            format!("leads to `{path}`, outside the site, which is published under `{base_path}`")
        }
        Problem::Anchor { page, fragment } if page == on => format!(
            "points at nothing: its own page has no heading or other element with the id `{fragment}`"
        ),
        Problem::Anchor { page, fragment } => format!(
            "leads to {page}, which has no heading or other element with the id `{fragment}`"
        ),
    }
}

/// A fix suggestion for the path or fragment itself, if one is close.
fn suggestion(
    b: &Broken<'_>,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &HashMap<&str, &HashSet<String>>,
    base_path: &str,
) -> Option<String> {
    match &b.problem {
        Problem::Missing(path) => {
            let folder_page = format!("{path}/index.html");
            if files.contains_key(&folder_page) {
                let (path_part, rest) = split_href(b.href);
                return Some(format!(
                    "`{path}` is a folder of the site: end the link with `/`, as in `{path_part}/{rest}`"
                ));
            }
            // Pages compare by their folder: every one ends in `index.html`.
            fn folder(p: &str) -> &str {
                p.strip_suffix("index.html").unwrap_or(p)
            }
            did_you_mean(folder(path), files.keys().map(|p| folder(p)))
                .map(|d| format!("{d} (a path of the built site)"))
        }
        Problem::Outside(_) if b.href.trim_start().starts_with('/') => Some(format!(
            "a link starting with `/` is read from the server's root, but this site lives under `{base_path}`: write the link relative to the page, or start it with `{base_path}`"
        )),
        Problem::Outside(_) => Some(format!(
            "its `../` climb above the site's folder `{base_path}`: remove one `../` for each level too many"
        )),
        Problem::Anchor { page, fragment } => {
            let known = ids.get(page.as_str())?;
            did_you_mean(fragment, known.iter().map(String::as_str))
        }
    }
}

/// `a/b?x#y` → (`a/b`, `?x#y`).
fn split_href(href: &str) -> (&str, &str) {
    let end = href.find(['?', '#']).unwrap_or(href.len());
    href.split_at(end)
}

fn markdown_diagnostic(
    b: &Broken<'_>,
    source: &Source,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &HashMap<&str, &HashSet<String>>,
    sources: &LinkSources,
) -> Diagnostic {
    let message = format!(
        "the link `{}` {}",
        source.written,
        what(&b.problem, b.page, &sources.base_path)
    );
    let mut hint = format!("on the built page {} it is `{}`", b.page, b.href);
    match suggestion(b, files, ids, &sources.base_path) {
        Some(s) => hint.push_str(&format!("\n{s}")),
        None => match &b.problem {
            Problem::Anchor { .. } => hint.push_str("\nheading ids are the heading's words in lowercase with dashes: `## What I did` is `#what-i-did`"),
            Problem::Missing(path) if source.written.starts_with('/') => hint.push_str(&format!(
                "\na link starting with `/` is read from the site's root: put the file at `static/{path}` in the portfolio, or link to it by its path from this file so dossier copies it"
            )),
            _ => hint.push_str("\nlink to another artefact by its Markdown file (`../2024/other.md`) and to a file by its path in the portfolio; dossier turns both into the site's addresses"),
        },
    }
    Diagnostic::error(code_of(&b.problem), source.location.clone(), message).with_hint(hint)
}

fn theme_diagnostic(
    b: &Broken<'_>,
    others: usize,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &HashMap<&str, &HashSet<String>>,
    sources: &LinkSources,
) -> Diagnostic {
    let also = match others {
        0 => String::new(),
        1 => " (and on 1 other page)".to_string(),
        n => format!(" (and on {n} other pages)"),
    };
    let message = format!(
        "the built page {} has a link `{}` that {}{also}",
        b.page,
        b.href,
        what(&b.problem, b.page, &sources.base_path)
    );
    let mut hint = format!(
        "the link comes from a template of the theme `{}` (or from `templates/` in the portfolio, which overrides it), not from your Markdown: fix the template that writes it",
        sources.theme
    );
    if let Some(s) = suggestion(b, files, ids, &sources.base_path) {
        hint.push_str(&format!("\n{s}"));
    }
    let location = Location::new(b.page, usize::try_from(b.line).unwrap_or(1), 1);
    Diagnostic::error(code_of(&b.problem), location, message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostics;
    use std::path::Path;

    fn no_sources(base_path: &str) -> LinkSources {
        LinkSources {
            base_path: normalise_base_path(base_path),
            theme: "classic".into(),
            pages: HashMap::new(),
            anywhere: HashMap::new(),
            files: HashMap::new(),
        }
    }

    fn site_files(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages
            .iter()
            .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    fn messages(diags: &[Diagnostic]) -> String {
        diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn finds_broken_paths_and_anchors_and_nothing_else() {
        let files = site_files(&[
            (
                "a/index.html",
                r##"<!doctype html><html><head><link rel="stylesheet" href="../theme/style.css"></head><body>
<a href="../b/">good</a>
<a href="../nope/">bad</a>
<a href="../b/#sec">good anchor</a>
<a href="../b/#nosec">bad anchor</a>
<img src="chart.svg" alt="">
<a href="report.pdf?v=2#page=3">query</a>
<a href="my%20file.pdf">encoded</a>
<a href="#here">same page</a> <a href="#top">top</a> <a href="#">empty</a>
<a href="https://example.org/x">out</a> <a href="mailto:a@b.c">mail</a> <a href="//cdn.example/x.js">cdn</a>
<img src="data:image/png;base64,AAAA" alt="">
<h2 id="here">Here</h2>
</body></html>"##,
            ),
            ("b/index.html", r#"<h2 id="sec">Section</h2>"#),
            ("a/chart.svg", "<svg/>"),
            ("a/report.pdf", "%PDF"),
            ("a/my file.pdf", "%PDF"),
            ("theme/style.css", "body{}"),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 2, "{}", messages(&diags));
        let missing = diags
            .iter()
            .find(|d| d.code == codes::BROKEN_OUTPUT_LINK)
            .unwrap();
        assert_eq!(missing.location, Location::new("a/index.html", 3, 1));
        assert!(missing.message.contains("`nope/index.html`"), "{missing}");
        let anchor = diags
            .iter()
            .find(|d| d.code == codes::BROKEN_ANCHOR)
            .unwrap();
        assert!(anchor.message.contains("`nosec`"), "{anchor}");
        assert_eq!(anchor.location.line, 5);
        assert!(diags
            .iter()
            .all(|d| d.severity == crate::diag::Severity::Error));
    }

    #[test]
    fn a_file_name_written_raw_into_an_href_is_broken_and_encoded_resolves() {
        let name = "Report #2 (final)?.pdf";
        let files = site_files(&[
            (
                "a/index.html",
                &format!(
                    "<a href=\"{name}\">raw</a>\n<a href=\"{}\">encoded</a>\n<a href=\"100%25%20done.pdf\">pct</a>",
                    crate::paths::segment(name)
                ),
            ),
            ("a/Report #2 (final)?.pdf", "%PDF"),
            ("a/100% done.pdf", "%PDF"),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 1, "{}", messages(&diags));
        assert_eq!(diags[0].location, Location::new("a/index.html", 1, 1));
    }

    #[test]
    fn decodes_character_references_as_browsers_do() {
        // Tera escapes `/` in every URL it prints.
        let files = site_files(&[
            (
                "index.html",
                r#"<a href="artefacts&#x2F;x&#x2F;">x</a><a href="q?a=1&amp;b=2">q</a>"#,
            ),
            ("artefacts/x/index.html", ""),
            ("q", ""),
        ]);
        assert!(broken_links(&files, &no_sources("/")).is_empty());
    }

    #[test]
    fn root_absolute_links_are_read_under_the_base_path() {
        let files = site_files(&[
            (
                "404.html",
                r#"<a href="/pr-7/">home</a> <a href="/pr-7">home too</a> <a href="/pr-7/artefacts/">all</a> <a href="/artefacts/">wrong</a>"#,
            ),
            ("index.html", ""),
            ("artefacts/index.html", ""),
        ]);
        let diags = broken_links(&files, &no_sources("/pr-7/"));
        assert_eq!(diags.len(), 1, "{}", messages(&diags));
        assert!(diags[0].message.contains("`/artefacts/`"), "{}", diags[0]);
        assert!(broken_links(&files, &no_sources("/")).len() == 3);
    }

    #[test]
    fn a_folder_without_its_slash_is_broken_with_a_hint() {
        let files = site_files(&[
            ("index.html", r#"<a href="artefacts/x#top">x</a>"#),
            ("artefacts/x/index.html", ""),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("`artefacts/x/#top`"),
            "{}",
            diags[0]
        );
    }

    #[test]
    fn scripts_and_styles_are_not_markup() {
        let files = site_files(&[(
            "index.html",
            r##"<script>var s = '<a href="nope.html">';</script><style>a[href="x"]{}</style><title><a href="t.html"></title><svg><title>Chart</title><use href="#bar"/><rect id="bar"/></svg>"##,
        )]);
        let diags = broken_links(&files, &no_sources("/"));
        assert!(diags.is_empty(), "{}", messages(&diags));
    }

    #[test]
    fn a_base_element_moves_relative_links() {
        let files = site_files(&[
            (
                "artefacts/x/index.html",
                r#"<base href="../../"><a href="artefacts/">up</a><a href="x/">wrong</a>"#,
            ),
            ("artefacts/index.html", ""),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 1, "{}", messages(&diags));
        assert!(diags[0].message.contains("`x/index.html`"));
    }

    #[test]
    fn a_theme_mistake_is_reported_once_with_a_count() {
        let page = r##"<a href="/about/">About</a><a href="#main">Skip</a>"##;
        let files = site_files(&[("index.html", page), ("tags/index.html", page)]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 2, "{}", messages(&diags));
        for d in &diags {
            assert_eq!(d.location.path, "index.html");
            assert!(d.message.contains("and on 1 other page"), "{d}");
            assert!(d.hint.as_deref().unwrap().contains("theme `classic`"));
        }
    }

    #[test]
    fn resolves_like_a_browser() {
        let file = |path: &str, fragment: Option<&str>| {
            Some(Target::File {
                path: path.into(),
                fragment: fragment.map(str::to_string),
            })
        };
        let doc = "artefacts/x/index.html";
        assert_eq!(
            resolve(doc, "../y/", "/"),
            file("artefacts/y/index.html", None)
        );
        assert_eq!(resolve(doc, "#a%20b", "/"), file(doc, Some("a b")));
        assert_eq!(resolve(doc, "./", "/"), file(doc, None));
        assert_eq!(resolve(doc, "..", "/"), file("artefacts/index.html", None));
        assert_eq!(resolve(doc, "../../../../z.css", "/"), file("z.css", None));
        assert_eq!(
            resolve(doc, "../../../z.css", "/pr-7/"),
            Some(Target::Outside("/z.css".into()))
        );
        assert_eq!(
            resolve(doc, "  r%C3%A9sum%C3%A9.pdf ", "/"),
            file("artefacts/x/résumé.pdf", None)
        );
        assert_eq!(resolve(doc, "tel:+44", "/"), None);
        assert_eq!(site::base_path("https://h.example/pr-7"), "/pr-7/");
        assert_eq!(site::base_path("https://h.example"), "/");
    }

    /// A portfolio on disk, built through the real stages into memory.
    struct Built {
        _dir: tempfile::TempDir,
        portfolio: Portfolio,
        files: BTreeMap<String, Vec<u8>>,
        diags: Vec<Diagnostic>,
    }

    fn build(root: &Path) -> (Portfolio, BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
        let mut diags = Diagnostics::default();
        let root = crate::parse::Root::new(root);
        let tree = crate::source::walk(&root.path, &root.path.join("public"), &mut diags);
        let portfolio = crate::parse::portfolio(&root, &tree, None, &mut diags)
            .unwrap_or_else(|| panic!("{:?}", diags.clone().sorted()));
        crate::validate::all(&portfolio, false, &mut diags);
        let theme =
            crate::render::Theme::load(&root.path, &portfolio.theme, &tree.templates).unwrap();
        let memory = crate::output::Memory::default();
        let files = {
            let site = Site::new(&portfolio, false);
            let static_dir = root.path.join("static");
            crate::output::copy_tree(&memory, &static_dir, &tree.static_files).unwrap();
            crate::render::site(&site, &theme, &memory, false).unwrap();
            memory.files.into_inner().unwrap()
        };
        (portfolio, files, diags.sorted())
    }

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn built(files: &[(&str, &str)]) -> Built {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), files);
        let (portfolio, files, diags) = build(dir.path());
        Built {
            _dir: dir,
            portfolio,
            files,
            diags,
        }
    }

    const CONFIG: &str = "title: T\nbase_url: \"https://h.example/\"\nperson:\n  name: A\n  summary: |\n    See [my CV](/cv.pdf).\n";

    #[test]
    fn broken_markdown_links_are_reported_where_they_were_written() {
        let b = built(&[
            ("portfolio.yaml", CONFIG),
            (
                "artefacts/one.md",
                "---\ntitle: One\nkind: project\ndate: 2025-01\n---\n## Context\n\nSee [two](two.md#method), [here](#context),\n[nowhere](#nowhere) and [the plan](/plan.pdf).\n\n![chart](my%20chart.svg)\n",
            ),
            (
                "artefacts/two.md",
                "---\ntitle: Two\nkind: project\ndate: 2024-01\n---\n## What I did\n",
            ),
            ("artefacts/my chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ]);
        let site = Site::new(&b.portfolio, false);
        let sources = LinkSources::new(&b.portfolio, &site, "/");
        let diags = broken_links(&b.files, &sources);
        let at: Vec<String> = diags
            .iter()
            .map(|d| format!("{} {}", d.location, d.code))
            .collect();
        let mut at = at;
        at.sort();
        assert_eq!(
            at,
            vec![
                "artefacts/one.md:8:5 D0313",
                "artefacts/one.md:9:1 D0313",
                "artefacts/one.md:9:25 D0314",
                "portfolio.yaml:6:9 D0314",
            ],
            "{}\n(build: {:?})",
            messages(&diags),
            b.diags
        );
        let plan = diags
            .iter()
            .find(|d| d.location.line == 9 && d.location.column == 25)
            .unwrap();
        assert!(plan.message.contains("`/plan.pdf`"), "{plan}");
        assert!(plan
            .hint
            .as_deref()
            .unwrap()
            .contains("artefacts/one/index.html"));
        assert_eq!(
            sources.source("artefacts/one/index.html", "../two/#method"),
            Some(&Location::new("artefacts/one.md", 8, 5))
        );
    }

    #[test]
    fn the_sample_portfolio_has_no_broken_links() {
        let dir = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
        copy_dir(&sample, dir.path());
        let (portfolio, files, _) = build(dir.path());
        let site = Site::new(&portfolio, false);
        assert!(files.keys().any(|k| k.starts_with("for/")));
        for base in ["/", "/pr-7/"] {
            let sources = LinkSources::new(&portfolio, &site, base);
            let diags = broken_links(&files, &sources);
            // The 404 page's links are root-absolute under the base path it was built for (`/`).
            let diags: Vec<_> = diags
                .into_iter()
                .filter(|d| base == "/" || d.location.path != "404.html")
                .collect();
            assert!(diags.is_empty(), "base {base}:\n{}", messages(&diags));
        }
    }

    fn copy_dir(from: &Path, to: &Path) {
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}
