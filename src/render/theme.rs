//! Loading a theme's Tera templates once per build: a built-in theme (embedded in the binary)
//! or a theme folder, then the portfolio's own `templates/` overrides on top.

use crate::diag::{codes, did_you_mean, display_path, one_of, Diagnostic, Location};
use crate::model::Located;
use include_dir::{include_dir, Dir};
use std::path::{Path, PathBuf};
use tera::Tera;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes");

/// Compiled templates and the static files that go to `theme/` in the output.
pub struct Theme {
    pub name: String,
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
        let mut static_files = Vec::new();
        let base = BUILTIN.get_dir(theme.value.as_str());
        let folder = root.join(&theme.value);
        match base {
            Some(dir) => {
                for (file, text) in embedded_templates(dir) {
                    templates.push((
                        file.clone(),
                        format!("(built-in)/{}/templates/{file}", theme.value),
                        text,
                    ));
                }
                static_files.extend(embedded_static(dir));
            }
            None if folder.join("templates").is_dir() => {
                // A theme folder falls back to classic for any template it does not provide.
                let classic = BUILTIN
                    .get_dir("classic")
                    .expect("the classic theme is built in");
                for (file, text) in embedded_templates(classic) {
                    templates.push((
                        file.clone(),
                        format!("(built-in)/classic/templates/{file}"),
                        text,
                    ));
                }
                static_files.extend(embedded_static(classic));
                // Every built-in template is also reachable as `<theme>/<name>`, so a theme
                // folder can `{% extends "classic/base.html" %}` and override a few blocks.
                for dir in BUILTIN.dirs() {
                    let name = dir.path().to_string_lossy().to_string();
                    for (file, text) in embedded_templates(dir) {
                        templates.push((
                            format!("{name}/{file}"),
                            format!("(built-in)/{name}/templates/{file}"),
                            text,
                        ));
                    }
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
        tera.set_escape_fn(escape_html);
        // Later entries (overrides) replace earlier ones of the same name.
        let mut by_name: std::collections::BTreeMap<String, (String, String)> =
            std::collections::BTreeMap::new();
        for (name, source, text) in templates {
            by_name.insert(name, (source, text));
        }
        let sources: Vec<Source> = by_name
            .iter()
            .map(|(name, (label, text))| Source {
                name: name.clone(),
                label: label.clone(),
                text: text.clone(),
            })
            .collect();
        tera.add_raw_templates(by_name.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| vec![template_error(&sources, &e)])?;
        Ok(Theme {
            name: theme.value.clone(),
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

fn escape_html(text: &str) -> String {
    super::metrics::escape(text)
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

fn embedded_templates(theme: &Dir<'_>) -> Vec<(String, String)> {
    let Some(dir) = theme.get_dir(theme.path().join("templates")) else {
        return Vec::new();
    };
    dir.files()
        .filter_map(|f| {
            let name = f.path().file_name()?.to_str()?.to_string();
            Some((name, f.contents_utf8()?.to_string()))
        })
        .collect()
}

fn embedded_static(theme: &Dir<'_>) -> Vec<(String, Vec<u8>)> {
    let Some(dir) = theme.get_dir(theme.path().join("static")) else {
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
            .chain(sources.iter().filter(|s| !s.name.contains('/')))
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

/// 1-based line and column of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> Option<(usize, usize)> {
    let at = text.find(needle)?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}
