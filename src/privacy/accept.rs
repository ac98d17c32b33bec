//! Accepting one finding on purpose: `dossier:accept D0611` in a comment (`<!-- … -->` in
//! Markdown, `# …` in YAML) accepts findings with that code on its own line and on the next
//! line that is not blank. An accepted finding becomes a note, still listed for a reviewer;
//! an acceptance that accepts nothing is a warning, so none outlives what it was written for.

use super::text::Lines;
use crate::diag::{codes, Diagnostic, Location, Severity};
use regex::Regex;
use std::sync::LazyLock;

static ACCEPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"dossier:accept((?:[ \t]+D\d{4})+)").expect("the accept pattern is valid")
});

/// One `dossier:accept` comment: the codes it names and the lines it covers.
struct Accept {
    at: Location,
    codes: Vec<String>,
    lines: [usize; 2],
    used: Vec<bool>,
}

/// Turns the findings of one file (`found`, all at `path`) that an accept comment covers into
/// notes, and reports the acceptances that accept nothing.
pub fn apply(path: &str, text: &str, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut accepts = accepts(path, text);
    let mut out = Vec::with_capacity(found.len());
    for mut d in found {
        if d.code != codes::FORBIDDEN_NAME && d.severity == Severity::Warning {
            let covering = accepts.iter_mut().find_map(|a| {
                let i = a.codes.iter().position(|c| c == d.code)?;
                a.lines.contains(&d.location.line).then_some((a, i))
            });
            if let Some((accept, i)) = covering {
                accept.used[i] = true;
                d.severity = Severity::Note;
                d.message = format!("accepted on purpose: {}", d.message);
                d.hint = Some(format!(
                    "accepted by `dossier:accept {}` at line {}; a reviewer sees this note in every report",
                    d.code, accept.at.line
                ));
            }
        }
        out.push(d);
    }
    for accept in accepts {
        for (code, used) in accept.codes.iter().zip(&accept.used) {
            if !used {
                out.push(unused(&accept.at, code));
            }
        }
    }
    out
}

fn accepts(path: &str, text: &str) -> Vec<Accept> {
    let lines = Lines::new(text);
    ACCEPT
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let (line, column) = lines.position(whole.start());
            let next = (line + 1..=lines.count())
                .find(|&l| !text[lines.range(l)].trim().is_empty())
                .unwrap_or(line);
            let codes: Vec<String> = c[1].split_whitespace().map(str::to_string).collect();
            Some(Accept {
                at: Location::new(path, line, column),
                used: vec![false; codes.len()],
                codes,
                lines: [line, next],
            })
        })
        .collect()
}

fn unused(at: &Location, code: &str) -> Diagnostic {
    let (message, hint) = if code == codes::FORBIDDEN_NAME {
        (
            format!(
                "`dossier:accept {code}` has no effect: a name on your list can never be published"
            ),
            "remove the name from the text, or from your list if it may be published after all"
                .to_string(),
        )
    } else if code.starts_with("D06") {
        (
            format!("`dossier:accept {code}` accepts nothing: there is no {code} finding on this line or the next"),
            "remove the comment, or move it to the line just before the finding".to_string(),
        )
    } else {
        (
            format!("`dossier:accept {code}` has no effect: only privacy findings (D06xx) can be accepted"),
            "remove the comment; docs/diagnostics.md says how to fix the problem instead".to_string(),
        )
    };
    Diagnostic::warning(codes::UNUSED_ACCEPT, at.clone(), message).with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(line: usize, code: &'static str) -> Diagnostic {
        Diagnostic::warning(code, Location::new("a.md", line, 1), "found")
    }

    #[test]
    fn an_accept_comment_turns_the_next_lines_finding_into_a_note() {
        let text = "one\n<!-- dossier:accept D0611 -->\n\ncall 07700 900123\nand 07700 900124\n";
        let out = apply(
            "a.md",
            text,
            vec![
                warning(4, codes::PHONE_NUMBER),
                warning(5, codes::PHONE_NUMBER),
            ],
        );
        assert_eq!(out[0].severity, Severity::Note);
        assert!(out[0].message.starts_with("accepted on purpose"));
        assert_eq!(out[1].severity, Severity::Warning);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn an_accept_that_accepts_nothing_is_reported() {
        let out = apply("a.md", "# dossier:accept D0610 D0601\nx\n", vec![]);
        let codes: Vec<_> = out.iter().map(|d| (d.code, d.location.line)).collect();
        assert_eq!(
            codes,
            [(codes::UNUSED_ACCEPT, 1), (codes::UNUSED_ACCEPT, 1)]
        );
    }

    #[test]
    fn a_forbidden_name_cannot_be_accepted() {
        let found = vec![Diagnostic::error(
            codes::FORBIDDEN_NAME,
            Location::new("a.md", 2, 1),
            "name",
        )];
        let out = apply("a.md", "# dossier:accept D0601\nZofia\n", found);
        assert_eq!(out[0].severity, Severity::Error);
    }
}
