//! YAML text to a located tree: the only module that names `serde_yaml`, so it can be swapped.
//!
//! serde_yaml 0.9 checks the syntax and gives us values, but it keeps no positions for them.
//! Educators need every error at its own line, so [`super::yaml_events`] reads the text with an
//! event parser that reports markers. For most front matter that pass gives the values too, and
//! the file is read once ([`one_pass`]); otherwise serde_yaml reads it and [`convert`] lays its
//! values over the positions.

use super::yaml_events::{self, Refusal, Shape, ShapeKind};
use crate::diag::{codes, Diagnostic, Location};
use std::rc::Rc;

/// A file position (line and column, 1-based, in the whole file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A YAML value and where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Value {
    /// What the value is, in words an educator knows.
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a set of fields",
        }
    }
}

/// Parses `text`, whose first line is line `first_line` of the file at `path`.
///
/// The event pass runs first, so an alias bomb is refused before serde_yaml expands it.
pub fn parse(path: &str, text: &str, first_line: usize) -> Result<Node, Diagnostic> {
    parse_with(path, text, first_line, true)
}

/// [`parse`], with the one-pass reading allowed or not (the tests compare both).
fn parse_with(
    path: &str,
    text: &str,
    first_line: usize,
    allow_one_pass: bool,
) -> Result<Node, Diagnostic> {
    let shape = match yaml_events::shapes(path, text, first_line) {
        Ok(yaml_events::Shapes {
            root: Some(root),
            values: true,
        }) if allow_one_pass && one_pass(text) => {
            let root = located(root);
            return match super::first_day::curly_quoted(path, &root) {
                Some(curly) => Err(curly),
                None => Ok(root),
            };
        }
        Ok(shapes) => Some(shapes.root),
        Err(Refusal::Refused(diagnostic)) => return Err(diagnostic),
        // libyaml's messages are the familiar ones. If serde_yaml reads the text after all
        // (YAML 1.1 accepts a few things 1.2 does not), it is read, at the root's position.
        Err(Refusal::Syntax) => None,
    };
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| syntax_error(path, text, first_line, &e))?;
    let root_pos = Pos {
        line: first_line,
        column: 1,
    };
    let root = convert(value, shape.flatten().as_deref(), root_pos);
    match super::first_day::curly_quoted(path, &root) {
        Some(curly) => Err(curly),
        None => Ok(root),
    }
}

/// Whether the event pass's values are certainly serde_yaml's for this text. Its parser
/// (saphyr, YAML 1.2) and serde_yaml's (libyaml, YAML 1.1) agree on plain, quoted and block
/// text, but this leaves to serde_yaml what the two versions read differently or where a
/// difference would be subtle: escapes (`\`), directives (`%` starting a line), tabs,
/// carriage returns and other control characters (libyaml refuses most), a byte-order mark,
/// the line breaks only YAML 1.1 has (U+0085, U+2028, U+2029) and the non-characters U+FFFE
/// and U+FFFF.
fn one_pass(text: &str) -> bool {
    let plain_bytes = !text
        .bytes()
        .any(|b| b == b'\\' || b == 0x7f || (b < 0x20 && b != b'\n'));
    let directive = text.starts_with('%') || text.contains("\n%");
    plain_bytes
        && !directive
        && (text.is_ascii()
            || !text.chars().any(|c| {
                ('\u{80}'..='\u{9f}').contains(&c)
                    || matches!(
                        c,
                        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                    )
            }))
}

/// The event pass's tree as located nodes: the pass holds the only reference to each shape
/// (no aliases share them when it has values), so the texts move rather than copy.
fn located(shape: Rc<Shape>) -> Node {
    let shape = Rc::unwrap_or_clone(shape);
    let value = match shape.kind {
        ShapeKind::Leaf(value) => value.unwrap_or(Value::Null),
        ShapeKind::Seq(items) => Value::Seq(items.into_iter().map(located).collect()),
        ShapeKind::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| (key, located(value)))
                .collect(),
        ),
    };
    Node {
        value,
        pos: shape.pos,
    }
}

fn syntax_error(
    path: &str,
    text: &str,
    first_line: usize,
    error: &serde_yaml::Error,
) -> Diagnostic {
    let (line, column) = error
        .location()
        .map_or((first_line, 1), |l| (l.line() + first_line - 1, l.column()));
    let message = error.to_string();
    // serde_yaml appends " at line N column M", which would contradict our file-based position.
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    if let Some(dash) = dash_without_space(path, text, first_line, line) {
        return dash;
    }
    if let Some(tab) = super::first_day::leading_tab(path, text, first_line, line) {
        return tab;
    }
    if let Some(d) =
        super::first_day::duplicate_key(path, text, first_line, (line, column), &message)
    {
        return d;
    }
    if let Some(d) = super::first_day::unclosed_bracket(path, text, first_line, line, &message) {
        return d;
    }
    if message.contains("cannot start any token") {
        if let Some(d) = super::first_day::reserved_start(path, text, first_line, line, column) {
            return d;
        }
    }
    // libyaml notices a missing `:` only on the line after it; point at the line that lacks it.
    if message.contains("could not find expected ':'") {
        let lines: Vec<&str> = text.lines().collect();
        let culprit = (0..line.saturating_sub(first_line).min(lines.len()))
            .rev()
            .find(|&i| !lines[i].trim().is_empty() && !lines[i].trim_start().starts_with('#'));
        if let Some(i) = culprit.filter(|&i| !lines[i].contains(':')) {
            let indent = lines[i].len() - lines[i].trim_start().len();
            return Diagnostic::error(
                codes::YAML_SYNTAX,
                Location::new(path, first_line + i, indent + 1),
                format!(
                    "this line has no `:` between the field name and its value: `{}`",
                    lines[i].trim()
                ),
            )
            .with_hint("write it as `name: value`, for example:\ndate: 2025-03");
        }
    }
    Diagnostic::error(codes::YAML_SYNTAX, Location::new(path, line, column), format!("YAML does not parse: {message}")).with_hint(
        "check the indentation (spaces, not tabs) and put quotes around text that contains `: ` or starts with a symbol, e.g. title: \"Year 8: a pilot\"",
    )
}

/// `-label: x` reads as a key named `-label`, so YAML only fails on a later line; when the
/// error line or the text line before it starts that way, that line is the one to fix.
fn dash_without_space(
    path: &str,
    text: &str,
    first_line: usize,
    error_line: usize,
) -> Option<Diagnostic> {
    let lines: Vec<&str> = text.lines().collect();
    let at = error_line
        .checked_sub(first_line)?
        .min(lines.len().checked_sub(1)?);
    let culprit = (0..=at)
        .rev()
        .filter(|&i| !lines[i].trim().is_empty() && !lines[i].trim_start().starts_with('#'))
        .take(2)
        .find(|&i| is_dash_key(lines[i].trim_start()) && lines[i].contains(':'))?;
    let line = lines[culprit];
    let indent = line.len() - line.trim_start().len();
    Some(dash_diagnostic(
        Location::new(path, first_line + culprit, indent + 1),
        line.trim(),
    ))
}

/// `-label`: a `-` glued to a field name, meant as a list item.
pub fn is_dash_key(text: &str) -> bool {
    text.strip_prefix('-')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphabetic()))
}

/// "a list item needs a space after `-`", for the YAML error and for a mapping read from it.
pub fn dash_diagnostic(location: Location, line: &str) -> Diagnostic {
    let fixed = format!("- {}", line.trim_start_matches('-'));
    Diagnostic::error(
        codes::YAML_SYNTAX,
        location,
        format!("`{line}` needs a space after `-` to start a list item"),
    )
    .with_hint(format!(
        "write `- ` before the first field of each item:\n{fixed}"
    ))
}

/// serde_yaml's value laid over the event pass's shape: both walk the document in order, so
/// the n-th entry of a mapping here is the n-th there. Where they disagree (they never should)
/// a node takes its parent's position rather than failing.
fn convert(value: serde_yaml::Value, shape: Option<&Shape>, inherited: Pos) -> Node {
    let pos = shape.map_or(inherited, |s| s.pos);
    let children = shape.map(|s| &s.kind);
    let value = match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Tagged(tagged) => return convert(tagged.value, shape, inherited),
        serde_yaml::Value::Sequence(items) => {
            let shapes = match children {
                Some(ShapeKind::Seq(items)) => items.as_slice(),
                _ => &[],
            };
            Value::Seq(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| convert(item, shapes.get(i).map(|s| &**s), pos))
                    .collect(),
            )
        }
        serde_yaml::Value::Mapping(map) => {
            let shapes = match children {
                Some(ShapeKind::Map(entries)) => entries.as_slice(),
                _ => &[],
            };
            Value::Map(
                map.into_iter()
                    .enumerate()
                    .map(|(i, (k, v))| {
                        let entry = shapes.get(i);
                        let key_pos = entry.map_or(pos, |(k, _)| k.pos);
                        let node = convert(v, entry.map(|(_, s)| &**s), key_pos);
                        let name = scalar_text(&k);
                        (Key { name, pos: key_pos }, node)
                    })
                    .collect(),
            )
        }
    };
    Node { value, pos }
}

fn scalar_text(value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => "null".into(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos_of<'a>(node: &'a Node, path: &[&str]) -> &'a Node {
        let mut node = node;
        for seg in path {
            node = match &node.value {
                Value::Map(entries) => &entries.iter().find(|(k, _)| k.name == *seg).unwrap().1,
                Value::Seq(items) => &items[seg.parse::<usize>().unwrap()],
                _ => panic!("no {seg}"),
            };
        }
        node
    }

    const DOC: &str = "title: A pilot\nsummary: |\n  text: with colon\n  more\ntags: [a, b]\nmetrics:\n  - label: Attainment\n    baseline: 54\n    series:\n      - {date: 2025-04, value: 54}\n      - {date: 2025-05, value: 61}\n  - label: Second\n    source: x\ntestimonials:\n- quote: Hi\n  consent: true\n";

    #[test]
    fn finds_block_and_flow_positions() {
        let root = parse("a.md", DOC, 2).unwrap();
        let at = |path: &[&str]| {
            let n = pos_of(&root, path);
            (n.pos.line, n.pos.column)
        };
        assert_eq!(at(&["title"]), (2, 8));
        assert_eq!(at(&["tags", "1"]), (6, 11));
        assert_eq!(at(&["metrics", "0", "baseline"]), (9, 15));
        assert_eq!(at(&["metrics", "0", "series", "1", "value"]), (12, 32));
        assert_eq!(at(&["metrics", "1", "source"]), (14, 13));
        assert_eq!(at(&["testimonials", "0", "consent"]), (17, 12));
    }

    #[test]
    fn an_empty_value_is_at_its_key_and_a_block_scalar_at_its_text() {
        let root = parse("a.md", "private:\nsummary: |\n  first\n  second\n", 2).unwrap();
        let at = |path: &[&str]| {
            let n = pos_of(&root, path);
            (n.pos.line, n.pos.column)
        };
        assert_eq!(at(&["private"]), (2, 1));
        assert_eq!(at(&["summary"]), (4, 3));
    }

    #[test]
    fn an_alias_past_the_budget_is_refused_before_expansion() {
        let items = vec!["1"; 5_000].join(", ");
        let text = format!("a: &l [{items}]\nb: [*l, *l, *l, *l]\n");
        let err = parse("a.md", &text, 1).unwrap_err();
        assert_eq!(err.code, codes::ALIAS_BUDGET);
        // 5,001 values per alias against a budget of 15,027 (bytes): the fourth one crosses it.
        assert_eq!((err.location.line, err.location.column), (2, 17));
        let text = format!("a: &l [{items}]\nb: [*l, *l]\n");
        assert!(parse("a.md", &text, 1).is_ok());
    }

    #[test]
    fn a_missing_colon_is_reported_on_its_own_line() {
        let err = parse(
            "a.md",
            "title: x\nkind: project\ndate 2025-03\nrole: lead\n",
            2,
        )
        .unwrap_err();
        assert_eq!((err.location.line, err.location.column), (4, 1));
        assert!(err.message.contains("date 2025-03"), "{}", err.message);
    }

    /// Both readings of `text`: in one pass where allowed, and always through serde_yaml.
    fn both(text: &str) -> (String, String) {
        let one = parse_with("a.md", text, 2, true);
        let two = parse_with("a.md", text, 2, false);
        (format!("{one:?}"), format!("{two:?}"))
    }

    #[test]
    fn one_pass_reads_every_front_matter_in_the_repository_as_serde_yaml_does() {
        let (mut read, mut in_one_pass) = (0, 0);
        for root in [
            "sample-portfolio",
            "tests/portfolios",
            "frameworks",
            "tests/fixtures",
        ] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
            for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
                let path = entry.path();
                let Ok(text) = std::fs::read_to_string(path) else {
                    continue;
                };
                let yaml = match path.extension().and_then(|e| e.to_str()) {
                    Some("yaml" | "yml") => text.as_str(),
                    Some("md") => match crate::source::split("a.md", &text) {
                        Ok(front) => front.yaml,
                        Err(_) => continue,
                    },
                    _ => continue,
                };
                let (one, two) = both(yaml);
                assert_eq!(one, two, "{}", path.display());
                read += 1;
                let shapes = yaml_events::shapes("a.md", yaml, 2);
                if shapes.is_ok_and(|s| s.values) && one_pass(yaml) {
                    in_one_pass += 1;
                }
            }
        }
        // Most files take the one pass, so the comparison above tests it.
        assert!(
            read > 50 && in_one_pass * 4 > read * 3,
            "{in_one_pass} of {read}"
        );
    }

    #[test]
    fn one_pass_reads_the_unusual_as_serde_yaml_does() {
        let docs = [
            DOC,
            "a: 1\na: 2\n",
            "? [a]\n: x\n",
            "1: one\ntrue: yes\n~: none\n",
            "a: &x [1, 2]\nb: *x\n",
            "a: !!str 5\nb: !custom x\n",
            "a: 1\n---\nb: 2\n",
            "a: 1\n...\n",
            "a: \"x\\ty\"\n",
            "a: 'it''s'\nb: \"q\"\n",
            "a: |+\n  kept\n\nb: >-\n  folded\n  text\n",
            "a: plain\n  continued\n  lines\n",
            "a: [1, 0x1F, 007, .inf, -.5, 1e3, 2025-04, 18446744073709551616]\n",
            "a:\n  - b: 1\n    c:\n  -\n  - [x, {y: z}]\n",
            "a: “curly”\n",
            "title: x\n  bad: [\n",
            "",
            "# only a comment\n",
            "- a\n- b\n",
            "scalar\n",
            "a: 1 # comment\nb: '#not'\n",
            "a: [http://x.y/z, a:b]\nb: {c:1}\nc: {d: 1, e}\n",
            "a: x:y\nb: -1\nc: - x\nd: ? x\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 50%\nb: '%'\n",
            "a: \u{1}\n",
            "a: \u{85}b\n",
            "a: x\u{2028}y\n",
            "a: “x” and ‘y’ – z\n",
            "a: \"multi\n  line\"\nb: 'multi\n\n  para'\n",
            "a: >\n  folded\n\n    indented\n  back\nb: |2\n    two\n",
            "a:\n- x\n- y\nb:\n  - z\n",
            "[a, b]\n",
            "{a: 1}\n",
            "a: 1\n b: 2\n",
            "a: b: c\n",
            "a: [1, 2\nb: 3\n",
        ];
        let long_key = format!("{}: 1\n", "k".repeat(1100));
        let (one, two) = both(&long_key);
        assert_eq!(one, two, "a key of 1,100 characters");
        for doc in docs {
            let (one, two) = both(doc);
            assert_eq!(one, two, "{doc:?}");
        }
    }

    #[test]
    fn reports_syntax_errors_at_file_lines() {
        let err = parse("a.md", "title: x\n  bad: [\n", 2).unwrap_err();
        assert_eq!(err.code, codes::YAML_SYNTAX);
        assert!(err.location.line >= 3, "{}", err.location);
    }
}
