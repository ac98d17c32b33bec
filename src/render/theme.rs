//! Loading a theme's Tera templates once per build: a built-in theme (embedded in the binary)
//! or a theme folder, then the portfolio's own `templates/` overrides on top.
//!
//! The built-in themes share one base, `themes/shared/`: templates, macros and static files
//! every theme starts from. A theme's own files replace the shared ones of the same name, so
//! a theme holds only what makes it different. Layers, later ones winning by name:
//! shared → theme (or classic, under a theme folder) → theme folder → `templates/` overrides.

use crate::diag::{codes, did_you_mean, display_path, one_of, Diagnostic, Location};
use crate::model::Located;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};
use tera::Tera;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// The folder of `themes/` that every built-in theme extends; not a theme of its own.
const SHARED: &str = "shared";

/// Compiled templates and the static files that go to `theme/` in the output.
pub struct Theme {
    pub name: String,
    /// Compiled from dossier's own templates alone: a built-in theme, no `templates/` of the
    /// portfolio's own. Only then is the footer's version known to show once, in
    /// `parts/version.html`'s form (what `render::reuse` patches).
    pub builtin_only: bool,
    pub tera: Tera,
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Template name → the file it came from, for error messages.
    sources: Vec<Source>,
}

/// The built-in themes: name and one-line description.
pub fn builtin() -> Vec<(&'static str, &'static str)> {
    let mut themes: Vec<(&str, &str)> = BUILTIN
        .dirs()
        .filter_map(|dir| {
            let name = dir.path().file_name()?.to_str()?;
            if name == SHARED {
                return None;
            }
            let description = dir
                .get_file(dir.path().join("THEME.md"))
                .and_then(|f| f.contents_utf8())
                .and_then(|t| t.lines().next())
                .unwrap_or("");
            Some((name, description.trim_start_matches("# ")))
        })
        .collect();
    themes.sort();
    themes
}

impl Theme {
    pub fn load(
        root: &Path,
        theme: &Located<String>,
        overrides: &[PathBuf],
    ) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: Vec<(String, String, String)> = Vec::new(); // (name, source label, text)
        let mut static_files;
        let folder = root.join(&theme.value);
        let builtin_only = builtin_theme(&theme.value).is_some() && overrides.is_empty();
        match builtin_theme(&theme.value) {
            Some(dir) => {
                templates.extend(layered_templates(dir, ""));
                static_files = layered_static(dir);
            }
            None if folder.join("templates").is_dir() => {
                // A theme folder falls back to classic for any template it does not provide.
                let classic = builtin_theme("classic").expect("the classic theme is built in");
                templates.extend(layered_templates(classic, ""));
                static_files = layered_static(classic);
                // Every built-in template is also reachable as `<theme>/<name>`, so a theme
                // folder can `{% extends "classic/base.html" %}` and override a few blocks.
                for (name, _) in builtin() {
                    let dir = builtin_theme(name).expect("listed themes are built in");
                    templates.extend(layered_templates(dir, &format!("{name}/")));
                }
                templates.extend(folder_files(root, &folder.join("templates"))?);
                for (rel, bytes) in folder_static(&folder.join("static")) {
                    static_files.retain(|(r, _)| *r != rel);
                    static_files.push((rel, bytes));
                }
            }
            None => return Err(vec![unknown_theme(theme)]),
        }
        for path in overrides {
            let text = crate::source::read(root, path).map_err(|e| vec![e])?.text;
            let name = path
                .strip_prefix(root.join("templates"))
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            templates.push((name, display_path(root, path), text));
        }
        let mut tera = Tera::default();
        // Tera's default escaper also escapes `/`, which bloats every URL for no safety gain.
        tera.set_escape_fn(super::html_text::escape);
        // Later entries (overrides) replace earlier ones of the same name.
        let mut by_name: std::collections::BTreeMap<String, (String, String)> =
            std::collections::BTreeMap::new();
        for (name, source, text) in templates {
            by_name.insert(name, (source, text));
        }
        drop_unnamed_shared(&mut by_name);
        let sources: Vec<Source> = by_name
            .iter()
            .map(|(name, (label, text))| Source {
                name: name.clone(),
                label: label.clone(),
                text: text.clone(),
            })
            .collect();
        add_templates(&mut tera, &by_name).map_err(|e| vec![template_error(&sources, &e)])?;
        Ok(Theme {
            name: theme.value.clone(),
            builtin_only,
            tera,
            static_files,
            sources,
        })
    }

    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        self.tera
            .render(template, context)
            .map_err(|e| template_error(&self.sources, &e))
    }
}

/// What `Tera::add_raw_templates` does, with the parsing (pest, most of a small build's
/// start-up) spread over every core: the templates are independent until their inheritance
/// chains are built. Errors are Tera's own, the first template in name order that fails, as
/// `add_raw_templates` would report it.
fn add_templates(
    tera: &mut Tera,
    by_name: &std::collections::BTreeMap<String, (String, String)>,
) -> tera::Result<()> {
    use rayon::prelude::*;
    let parsed: Vec<tera::Result<tera::Template>> = by_name
        .par_iter()
        .map(|(name, (_, text))| {
            tera::Template::new(name, None, text)
                .map_err(|e| tera::Error::chain(format!("Failed to parse '{name}'"), e))
        })
        .collect();
    for template in parsed {
        let template = template?;
        tera.templates.insert(template.name.clone(), template);
    }
    tera.build_inheritance_chains()?;
    tera.check_macro_files()
}

/// Drops the `shared/<name>` copies that no template names. Every shared template is also
/// registered under that prefix for the theme templates that extend it, but compiling the
/// copies nobody extends doubled the template work of a small build's start-up.
fn drop_unnamed_shared(by_name: &mut std::collections::BTreeMap<String, (String, String)>) {
    let unnamed: Vec<String> = by_name
        .keys()
        .filter(|name| name.starts_with("shared/"))
        .filter(|name| {
            !by_name
                .values()
                .any(|(_, text)| text.contains(name.as_str()))
        })
        .cloned()
        .collect();
    for name in unnamed {
        by_name.remove(&name);
    }
}

fn unknown_theme(theme: &Located<String>) -> Diagnostic {
    let names: Vec<&str> = builtin().into_iter().map(|(n, _)| n).collect();
    let hint = did_you_mean(&theme.value, names.iter().copied()).unwrap_or_else(|| {
        format!(
            "{} (run `dossier themes`), or a folder with a `templates/` folder inside",
            one_of(names.iter().copied())
        )
    });
    Diagnostic::error(
        codes::UNKNOWN_THEME,
        theme.location.clone(),
        format!("there is no theme `{}`", theme.value),
    )
    .with_hint(hint)
}

/// A built-in theme's folder; the shared base is not a theme and is not found by name.
fn builtin_theme(name: &str) -> Option<&'static Dir<'static>> {
    if name == SHARED {
        return None;
    }
    BUILTIN.get_dir(name)
}

/// The templates of a built-in theme over the shared base, as (name, source label, text),
/// each name prefixed with `prefix`. The shared templates come first (a later entry of the
/// same name wins) and are also reachable as `shared/<name>`, which a theme's template
/// extends to override a few blocks of the shared one.
fn layered_templates(theme: &Dir<'_>, prefix: &str) -> Vec<(String, String, String)> {
    let shared = BUILTIN
        .get_dir(SHARED)
        .expect("the shared theme base is built in");
    let mut out = Vec::new();
    for (file, text) in embedded_files(shared, "templates") {
        let text = String::from_utf8_lossy(&text).into_owned();
        let label = format!("(built-in)/{SHARED}/templates/{file}");
        if prefix.is_empty() {
            out.push((format!("{SHARED}/{file}"), label.clone(), text.clone()));
        }
        out.push((format!("{prefix}{file}"), label, text));
    }
    let name = theme.path().to_string_lossy();
    for (file, text) in embedded_files(theme, "templates") {
        out.push((
            format!("{prefix}{file}"),
            format!("(built-in)/{name}/templates/{file}"),
            String::from_utf8_lossy(&text).into_owned(),
        ));
    }
    out
}

/// The stylesheet every page links, in the output's `theme/` folder.
const STYLESHEET: &str = "style.css";

/// The rules every built-in theme shares, `themes/shared/css/base.css`: not a static file of
/// its own but the start of each theme's stylesheet.
const BASE_CSS: &str = "css/base.css";

/// The static files of a built-in theme over the shared base's: a theme's file replaces the
/// shared one at the same path, and its `style.css` is written after the shared base CSS.
fn layered_static(theme: &Dir<'_>) -> Vec<(String, Vec<u8>)> {
    let shared = BUILTIN
        .get_dir(SHARED)
        .expect("the shared theme base is built in");
    let mut files: std::collections::BTreeMap<String, Vec<u8>> =
        embedded_files(shared, "static").into_iter().collect();
    files.extend(embedded_files(theme, "static"));
    if let Some(own) = files.get_mut(STYLESHEET) {
        *own = stylesheet_over_base(&shared_css(shared), own);
    }
    files.into_iter().collect()
}

/// The shared CSS: `base.css` first, then every other `css/*.css` in name order, so a
/// feature's rules can live in a file of their own (`css/impact.css`) and still reach every
/// theme.
fn shared_css(shared: &Dir<'_>) -> Vec<u8> {
    let mut parts: Vec<(String, Vec<u8>)> = embedded_files(shared, "css")
        .into_iter()
        .filter(|(name, _)| name.ends_with(".css"))
        .collect();
    parts.sort_by_key(|(name, _)| (format!("css/{name}") != BASE_CSS, name.clone()));
    parts.into_iter().fold(Vec::new(), |css, (_, part)| {
        stylesheet_over_base(&css, &part)
    })
}

/// One stylesheet from the shared base and a theme's own rules, base first so that a theme's
/// rule wins over a base rule of the same weight. Concatenated here rather than with
/// `@import` so that a page still makes a single stylesheet request.
fn stylesheet_over_base(base: &[u8], theme: &[u8]) -> Vec<u8> {
    let mut css = Vec::with_capacity(base.len() + theme.len() + 1);
    css.extend_from_slice(base);
    if !base.is_empty() && !base.ends_with(b"\n") {
        css.push(b'\n');
    }
    css.extend_from_slice(theme);
    css
}

/// Every file under `<theme>/<sub>/`, with its path relative to that folder (`/`-separated).
fn embedded_files(theme: &Dir<'_>, sub: &str) -> Vec<(String, Vec<u8>)> {
    let Some(dir) = theme.get_dir(theme.path().join(sub)) else {
        return Vec::new();
    };
    let prefix = dir.path().to_path_buf();
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        for file in dir.files() {
            let rel = file
                .path()
                .strip_prefix(&prefix)
                .unwrap_or(file.path())
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, file.contents().to_vec()));
        }
        stack.extend(dir.dirs());
    }
    out.sort();
    out
}

fn folder_files(root: &Path, dir: &Path) -> Result<Vec<(String, String, String)>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let text = crate::source::read(root, entry.path())
            .map_err(|e| vec![e])?
            .text;
        let name = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        out.push((name, display_path(root, entry.path()), text));
    }
    Ok(out)
}

fn folder_static(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, std::fs::read(e.path()).ok()?))
        })
        .collect()
}

/// A template as loaded: its name for Tera, the file it came from, and its text (to find
/// the line of an error Tera reports without one).
struct Source {
    name: String,
    label: String,
    text: String,
}

/// A Tera error as `template:line:column: message`, the whole cause chain in the message.
/// Tera gives a line for syntax errors only; for a render error such as an unknown variable,
/// the line is where that variable first appears in the template (or in what it extends).
fn template_error(sources: &[Source], error: &tera::Error) -> Diagnostic {
    let mut chain = vec![error.to_string()];
    let mut cause = std::error::Error::source(error);
    while let Some(next) = cause {
        chain.push(next.to_string());
        cause = next.source();
    }
    let text = chain.join(": ");
    let message = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let named: Vec<&Source> = {
        let mut named: Vec<&Source> = sources
            .iter()
            .filter(|s| {
                text.contains(&format!("'{}'", s.name)) || text.contains(&format!("\"{}\"", s.name))
            })
            .collect();
        named.sort_by_key(|s| std::cmp::Reverse(s.name.len()));
        named
    };
    let syntax_position = text.split("--> ").nth(1).and_then(|rest| {
        let mut parts = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty());
        Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
    });
    let culprit = text.split('`').nth(1).filter(|c| !c.is_empty());
    let (source, line, column) = match (syntax_position, culprit) {
        (Some((line, column)), _) => (named.first().copied(), line, column),
        (None, Some(culprit)) => named
            .iter()
            .copied()
            .chain(sources.iter().filter(|s| !is_alias(&s.name)))
            .find_map(|s| position_of(&s.text, culprit).map(|(l, c)| (Some(s), l, c)))
            .unwrap_or((named.first().copied(), 1, 1)),
        (None, None) => (named.first().copied(), 1, 1),
    };
    let path = source.map_or_else(|| "templates".to_string(), |s| s.label.clone());
    Diagnostic::error(
        codes::TEMPLATE,
        Location::new(path, line, column),
        format!("template error: {message}"),
    )
    .with_hint(
        "check the variable names against docs/templates.md; `{% if x %}` guards optional values",
    )
}

/// Whether a template name is a second name of a built-in one (`shared/…`, `classic/…`),
/// so an error is pinned on the template under its own name.
fn is_alias(name: &str) -> bool {
    name.split_once('/').is_some_and(|(first, _)| {
        first == SHARED || builtin().iter().any(|(theme, _)| *theme == first)
    })
}

/// 1-based line and column of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}
