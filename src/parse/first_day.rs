//! Mistakes a teacher makes on the first day, said in their words rather than YAML's: a tab at
//! the start of a line, a value that starts with a symbol YAML keeps for itself (`unit: %`), and
//! the curly quotes a word processor types around a value (`“Peer observation”`), a field
//! written twice (`title:` pasted again further down), and a list left open (`tags: [a, b`).

use super::yaml::{Node, Pos, Value};
use crate::diag::{codes, Diagnostic, Location};

/// The curly quote pairs of word processors and phones: double and single.
const CURLY: [(char, char); 2] = [('\u{201c}', '\u{201d}'), ('\u{2018}', '\u{2019}')];

/// The first line (of those up to the error) that starts with a tab, as a YAML error.
pub fn leading_tab(
    path: &str,
    text: &str,
    first_line: usize,
    error_line: usize,
) -> Option<Diagnostic> {
    let upto = error_line.checked_sub(first_line)? + 1;
    let (i, line) = text
        .lines()
        .take(upto)
        .enumerate()
        .find(|(_, l)| l.starts_with('\t'))?;
    let field = line.trim();
    Some(
        Diagnostic::error(
            codes::YAML_SYNTAX,
            Location::new(path, first_line + i, 1),
            "this line starts with a tab: the fields of portfolio files are indented with spaces only",
        )
        .with_hint(format!(
            "delete the tab and indent with spaces (two for each level), for example:\n  {field}"
        )),
    )
}

/// `unit: %`: a value that starts with a character YAML reserves (`%`, `@`, `` ` ``), as a YAML error at it.
pub fn reserved_start(
    path: &str,
    text: &str,
    first_line: usize,
    line: usize,
    column: usize,
) -> Option<Diagnostic> {
    let source = text.lines().nth(line.checked_sub(first_line)?)?;
    let rest: String = source.chars().skip(column.checked_sub(1)?).collect();
    let c = rest.chars().next().filter(|c| "%@`".contains(*c))?;
    let value = rest.trim_end();
    let key = source.split(':').next().unwrap_or("").trim();
    let example = if key.is_empty() || key.starts_with('-') {
        format!("- \"{value}\"")
    } else {
        format!("{key}: \"{value}\"")
    };
    Some(
        Diagnostic::error(
            codes::YAML_SYNTAX,
            Location::new(path, line, column),
            format!(
                "a value cannot start with `{c}` unless it is in quotes: put quotes around {value}"
            ),
        )
        .with_hint(format!("write it in straight double quotes:\n{example}")),
    )
}

/// `title:` written twice in one set of fields. YAML reports the set (its first line, with a
/// hint about indentation that does not apply); the line to fix is the second `title:`, found
/// at the set's own indentation (a `- ` list dash counts as indentation).
pub fn duplicate_key(
    path: &str,
    text: &str,
    first_line: usize,
    (line, column): (usize, usize),
    message: &str,
) -> Option<Diagnostic> {
    // serde_yaml may name the set first: `metrics[0]: duplicate entry with key "baseline"`.
    let (_, key) = message.split_once("duplicate entry with key ")?;
    let key = key.trim_matches('"');
    let indent = column.checked_sub(1)?;
    let mut at = text
        .lines()
        .enumerate()
        .skip(line.checked_sub(first_line)?)
        .filter(|(_, l)| {
            let (Some(before), Some(rest)) = (l.get(..indent), l.get(indent..)) else {
                return false;
            };
            before.chars().all(|c| c == ' ' || c == '-')
                && [
                    format!("{key}:"),
                    format!("\"{key}\":"),
                    format!("'{key}':"),
                ]
                .iter()
                .any(|k| rest.starts_with(k.as_str()))
        })
        .map(|(i, _)| first_line + i);
    let (first, second) = (at.next()?, at.next()?);
    Some(
        Diagnostic::error(
            codes::YAML_SYNTAX,
            Location::new(path, second, column),
            format!("`{key}` is written twice here (first on line {first})"),
        )
        .with_hint(format!(
            "keep one `{key}:` line and delete the other (each field can appear once)"
        )),
    )
}

/// `tags: [a, b` with no `]`: YAML notices only at the next field, so it names that line. The
/// line to fix is the last one up to there that opens more brackets than it closes.
pub fn unclosed_bracket(
    path: &str,
    text: &str,
    first_line: usize,
    line: usize,
    message: &str,
) -> Option<Diagnostic> {
    let (open, close) = if message.contains("did not find expected ',' or ']'") {
        ('[', ']')
    } else if message.contains("did not find expected ',' or '}'") {
        ('{', '}')
    } else {
        return None;
    };
    let upto = line.checked_sub(first_line)? + 1;
    let (i, source) = text
        .lines()
        .take(upto)
        .enumerate()
        .filter(|(_, l)| l.matches(open).count() > l.matches(close).count())
        .last()?;
    let column = source.rfind(open)? + 1;
    let column = source[..column].chars().count();
    Some(
        Diagnostic::error(
            codes::YAML_SYNTAX,
            Location::new(path, first_line + i, column),
            format!("the `{open}` here is never closed with `{close}`"),
        )
        .with_hint(format!(
            "end it with `{close}` on the same line (or, if the value is text that starts with `{open}`, put it in quotes), for example:\n{}",
            if open == '[' {
                "tags: [assessment, coaching]"
            } else {
                "- {title: Slide deck, url: \"https://example.org/slides\"}"
            }
        )),
    )
}

/// The first text value wholly wrapped in curly quotes, which would be published with them.
pub fn curly_quoted(path: &str, root: &Node) -> Option<Diagnostic> {
    match &root.value {
        Value::String(text) => {
            curly(text).map(|inner| curly_diagnostic(path, root.pos, text, inner))
        }
        Value::Seq(items) => items.iter().find_map(|n| curly_quoted(path, n)),
        Value::Map(entries) => entries.iter().find_map(|(_, n)| curly_quoted(path, n)),
        _ => None,
    }
}

/// The text inside curly quotes, when they wrap all of it.
fn curly(text: &str) -> Option<&str> {
    let text = text.trim();
    CURLY.iter().find_map(|&(open, close)| {
        text.strip_prefix(open)?
            .strip_suffix(close)
            .filter(|inner| !inner.is_empty())
    })
}

fn curly_diagnostic(path: &str, pos: Pos, text: &str, inner: &str) -> Diagnostic {
    Diagnostic::error(
        codes::CURLY_QUOTES,
        Location::new(path, pos.line, pos.column),
        format!(
            "{} is wrapped in curly quotes, which would be published as part of it",
            text.trim()
        ),
    )
    .with_hint(format!(
        "use straight quotes (\") or none; a word processor types curly ones: \"{inner}\""
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_written_twice_is_shown_at_its_second_line() {
        let text = "title: a\nkind: project\nmetrics:\n  - label: x\n    label: y\ntitle: b\n";
        let d = duplicate_key(
            "a.md",
            text,
            2,
            (2, 1),
            "duplicate entry with key \"title\"",
        )
        .unwrap();
        assert_eq!((d.location.line, d.location.column), (7, 1));
        assert!(d.message.contains("first on line 2"), "{}", d.message);
        let d = duplicate_key(
            "a.md",
            text,
            2,
            (5, 5),
            "metrics[0]: duplicate entry with key \"label\"",
        )
        .unwrap();
        assert_eq!((d.location.line, d.location.column), (6, 5));
    }

    #[test]
    fn a_list_left_open_is_shown_where_it_opens() {
        let text = "title: a\ntags: [x, y\ndate: 2024-03\n";
        let d = unclosed_bracket("a.md", text, 2, 4, "did not find expected ',' or ']'").unwrap();
        assert_eq!((d.location.line, d.location.column), (3, 7));
        assert!(unclosed_bracket("a.md", text, 2, 4, "something else").is_none());
    }

    #[test]
    fn only_a_whole_wrapping_counts() {
        assert_eq!(curly("“Peer observation”"), Some("Peer observation"));
        assert_eq!(curly("‘%’"), Some("%"));
        assert_eq!(curly("the “best” year"), None);
        assert_eq!(curly("“”"), None);
    }
}
