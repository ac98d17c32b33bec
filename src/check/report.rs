//! Reporting broken links: a Markdown link at its source, once; a theme's link at its first
//! page, once per target; each with what is wrong and a suggested fix.

use super::resolve::Target;
use super::sources::{LinkSources, Source};
use crate::diag::{codes, did_you_mean, Diagnostic, Location};
use std::collections::{BTreeMap, HashMap, HashSet};

/// What is wrong with one link.
pub(super) enum Problem {
    /// No file of the site at the path.
    Missing(String),
    /// The path leaves the site's base path.
    Outside(String),
    /// The page exists but has no element with this id.
    Anchor { page: String, fragment: String },
}

/// One broken link of one page.
pub(super) struct Broken<'a> {
    pub(super) page: &'a str,
    pub(super) href: &'a str,
    pub(super) line: u64,
    pub(super) target: Target,
    pub(super) problem: Problem,
}

/// Markdown links at their source, once each; the theme's at their first page, once per
/// target (a template's mistake repeats on every page that uses it).
pub(super) fn report(
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
        if let Some(source) = sources.find(b.page, &b.target) {
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
            let folder_page = crate::site::file_of_url(&format!("{path}/"));
            if files.contains_key(&folder_page) {
                let (path_part, rest) = split_href(b.href);
                return Some(format!(
                    "`{path}` is a folder of the site: end the link with `/`, as in `{path_part}/{rest}`"
                ));
            }
            // Pages compare by their folder: every one ends in `index.html`.
            fn folder(p: &str) -> &str {
                crate::site::url_of_file(p).unwrap_or(p)
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
