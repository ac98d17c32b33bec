//! The text of a new artefact: one embedded Markdown file per kind (`starter/kinds/<kind>.md`)
//! with the front matter that suits the kind and the body's headings, filled in with the
//! title, the date and the framework's competency ids.

use super::framework::Competencies;
use crate::model::Kind;

/// The scaffold of each kind. A `match` rather than a folder listing, so the compiler insists
/// that every kind has one.
fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::CaseStudy => include_str!("../../starter/kinds/case-study.md"),
        Kind::Project => include_str!("../../starter/kinds/project.md"),
        Kind::Publication => include_str!("../../starter/kinds/publication.md"),
        Kind::Presentation => include_str!("../../starter/kinds/presentation.md"),
        Kind::Credential => include_str!("../../starter/kinds/credential.md"),
        Kind::Reflection => include_str!("../../starter/kinds/reflection.md"),
        Kind::Testimonial => include_str!("../../starter/kinds/testimonial.md"),
        Kind::Plan => include_str!("../../starter/kinds/plan.md"),
    }
}

/// The whole new file. Every uncommented line is valid as it stands, and every commented-out
/// field line is valid once its leading `# ` is removed (the tests check both, for every kind).
pub(super) fn artefact_text(
    kind: Kind,
    title: &str,
    (year, month, day): (i32, u32, u32),
    competencies: Option<&Competencies>,
) -> String {
    fill(template(kind), |name| match name {
        "title" => Some(yaml_quote(title)),
        "date" => Some(format!("{year:04}-{month:02}-{day:02}")),
        "month" => Some(format!("{year:04}-{month:02}")),
        "competencies" => Some(competency_lines(competencies)),
        _ => None,
    })
}

/// Replaces every `{{name}}` that `value` knows, in one pass over the template, so a title
/// that itself contains `{{date}}` stays as typed. Hand-written: four fixed placeholders need
/// no template engine, and only `render` may name tera.
fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        match value(&after[..close]) {
            Some(text) => out.push_str(&text),
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

/// The `competencies:` line, commented out, with the framework's ids listed above it when the
/// portfolio's framework could be read.
fn competency_lines(competencies: Option<&Competencies>) -> String {
    let Some(c) = competencies else {
        return "# competencies: []              # ids from the framework named in portfolio.yaml"
            .to_string();
    };
    let mut lines = vec![format!(
        "# Competency ids in your framework ({}), for the line below:",
        c.framework
    )];
    lines.extend(wrap_ids(&c.ids, 80).into_iter().map(|l| format!("# {l}")));
    lines.push(format!(
        "# competencies: [{}]",
        c.ids.iter().take(2).cloned().collect::<Vec<_>>().join(", ")
    ));
    lines.join("\n")
}

/// A YAML double-quoted string: safe for any title, whatever colons, quotes or `#` it holds.
/// Written by hand because the scaffold is text with comments, which serde_yaml cannot write,
/// and because only `parse` may name serde_yaml.
fn yaml_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The ids as comma-separated lines of at most `width` characters.
fn wrap_ids(ids: &[String], width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, id) in ids.iter().enumerate() {
        let piece = if i + 1 < ids.len() {
            format!("{id},")
        } else {
            id.clone()
        };
        if !current.is_empty() && current.len() + 1 + piece.len() > width {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&piece);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The placeholders every scaffold uses (documented in `starter/kinds/README.md`); `month`
    /// only where a `start:` suits the kind.
    const PLACEHOLDERS: [&str; 3] = ["title", "date", "competencies"];

    #[test]
    fn quotes_titles_for_yaml() {
        assert_eq!(yaml_quote(r#"A "b": c\d"#), r#""A \"b\": c\\d""#);
    }

    #[test]
    fn wraps_ids() {
        let ids: Vec<String> = ["aaaa", "bbbb", "cccc"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(wrap_ids(&ids, 11), vec!["aaaa, bbbb,", "cccc"]);
    }

    #[test]
    fn fills_placeholders_in_one_pass() {
        let filled = fill("a {{x}} b {{y}} {{unknown}} {{", |name| match name {
            "x" => Some("{{y}}".to_string()),
            "y" => Some("Y".to_string()),
            _ => None,
        });
        assert_eq!(filled, "a {{y}} b Y {{unknown}} {{");
    }

    #[test]
    fn every_scaffold_fills_its_placeholders() {
        for kind in Kind::ALL {
            let text = template(kind);
            for name in PLACEHOLDERS {
                assert!(
                    text.contains(&format!("{{{{{name}}}}}")),
                    "{}.md lacks {{{{{name}}}}}",
                    kind.id()
                );
            }
            let filled = artefact_text(kind, "T {{date}}", (2025, 2, 28), None);
            assert!(
                !filled.replace("T {{date}}", "").contains("{{"),
                "{}.md has a placeholder nobody fills:\n{filled}",
                kind.id()
            );
            assert!(
                filled.contains(&format!("\nkind: {}\n", kind.id())),
                "{filled}"
            );
            assert!(filled.contains("title: \"T {{date}}\"\n"), "{filled}");
        }
    }

    #[test]
    fn lists_the_framework_ids_above_the_competencies_line() {
        let c = Competencies {
            framework: "f".into(),
            ids: vec!["a".into(), "b".into(), "c".into()],
        };
        let text = artefact_text(Kind::Reflection, "T", (2025, 2, 28), Some(&c));
        assert!(
            text.contains("# Competency ids in your framework (f), for the line below:\n# a, b, c\n# competencies: [a, b]\n"),
            "{text}"
        );
    }
}
