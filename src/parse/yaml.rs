//! YAML text to a located tree: the only module that names `serde_yaml`, so it can be swapped.
//!
//! serde_yaml 0.9 checks the syntax and gives us values, but it keeps no positions for them.
//! Educators need every error at its own line, so [`locate`] recovers where each key and value
//! starts by following the block structure (indentation, `- ` items, one-line flow collections).
//! No YAML crate exposes node positions through serde, which is why this part is hand-written.

use crate::diag::{codes, Diagnostic, Location};
use std::collections::HashMap;

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
pub fn parse(path: &str, text: &str, first_line: usize) -> Result<Node, Diagnostic> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| syntax_error(path, text, first_line, &e))?;
    let positions = locate(text);
    let shift = |p: (usize, usize)| Pos {
        line: p.0 + first_line - 1,
        column: p.1,
    };
    let root_pos = Pos {
        line: first_line,
        column: 1,
    };
    let mut path_segments = Vec::new();
    Ok(convert(
        value,
        &mut path_segments,
        root_pos,
        &positions,
        &shift,
    ))
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

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Default)]
struct Positions {
    keys: HashMap<Vec<Seg>, (usize, usize)>,
    values: HashMap<Vec<Seg>, (usize, usize)>,
}

fn convert(
    value: serde_yaml::Value,
    path: &mut Vec<Seg>,
    inherited: Pos,
    positions: &Positions,
    shift: &dyn Fn((usize, usize)) -> Pos,
) -> Node {
    let pos = positions
        .values
        .get(path)
        .or_else(|| positions.keys.get(path))
        .map_or(inherited, |&p| shift(p));
    let value = match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Tagged(tagged) => {
            return convert(tagged.value, path, inherited, positions, shift)
        }
        serde_yaml::Value::Sequence(items) => Value::Seq(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    path.push(Seg::Index(i));
                    let node = convert(item, path, pos, positions, shift);
                    path.pop();
                    node
                })
                .collect(),
        ),
        serde_yaml::Value::Mapping(map) => Value::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let name = scalar_text(&k);
                    path.push(Seg::Key(name.clone()));
                    let key_pos = positions.keys.get(path).map_or(pos, |&p| shift(p));
                    let node = convert(v, path, key_pos, positions, shift);
                    path.pop();
                    (Key { name, pos: key_pos }, node)
                })
                .collect(),
        ),
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

/// Where each key and value of a block-style YAML document starts, by path.
///
/// This follows indentation the way an educator writes YAML; anything it cannot follow (flow
/// collections spread over several lines, say) falls back to the enclosing value's position.
fn locate(text: &str) -> Positions {
    let mut scanner = Scanner::default();
    for (index, line) in text.lines().enumerate() {
        scanner.line(index + 1, line);
    }
    scanner.out
}

#[derive(Debug)]
struct Frame {
    is_seq: bool,
    /// Column of the keys of a mapping, or of the dashes of a sequence (0-based).
    column: usize,
    path: Vec<Seg>,
    index: usize,
}

#[derive(Default)]
struct Scanner {
    frames: Vec<Frame>,
    /// A key whose value starts on a later line: its column and path.
    pending: Option<(usize, Vec<Seg>)>,
    /// Lines indented deeper than this belong to the previous scalar (block or wrapped).
    continuation_of: Option<usize>,
    out: Positions,
}

impl Scanner {
    fn line(&mut self, line_no: usize, line: &str) {
        if self.frames.is_empty() {
            self.frames.push(Frame {
                is_seq: false,
                column: 0,
                path: Vec::new(),
                index: 0,
            });
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let blank = rest.trim().is_empty();
        if let Some(owner) = self.continuation_of {
            if blank || indent > owner {
                return;
            }
            self.continuation_of = None;
        }
        if blank || rest.starts_with('#') || rest.trim_end() == "---" {
            return;
        }
        let mut column = indent;
        let mut rest = rest;
        let mut item_path: Option<Vec<Seg>> = None;
        while rest == "-" || rest.starts_with("- ") || rest.trim_end() == "-" {
            let path = self.enter_item(column);
            let after = rest[1..].trim_start_matches(' ');
            let content_column = column + (rest.len() - after.len());
            self.out
                .values
                .insert(path.clone(), (line_no, char_column(line, content_column)));
            if after.trim().is_empty() || after.starts_with('#') {
                self.pending = Some((column, path));
                return;
            }
            column = content_column;
            rest = after;
            item_path = Some(path);
        }
        match split_key(rest) {
            Some((key, value_offset)) => {
                if let Some(path) = item_path {
                    self.frames.push(Frame {
                        is_seq: false,
                        column,
                        path,
                        index: 0,
                    });
                }
                let mut path = self.parent_for_key(column);
                path.push(Seg::Key(key));
                self.out
                    .keys
                    .insert(path.clone(), (line_no, char_column(line, column)));
                let value = rest[value_offset..].trim_start_matches(' ');
                let value_column = column + (rest.len() - value.len());
                self.value(line_no, line, value, value_column, column, path);
            }
            None => {
                let path = item_path.unwrap_or_else(|| {
                    self.frames
                        .last()
                        .map(|f| f.path.clone())
                        .unwrap_or_default()
                });
                self.value(line_no, line, rest, column, column, path);
            }
        }
    }

    /// Records a value written after `key:` or `- ` on this line.
    fn value(
        &mut self,
        line_no: usize,
        line: &str,
        value: &str,
        value_column: usize,
        owner: usize,
        path: Vec<Seg>,
    ) {
        if value.is_empty() || value.starts_with('#') || is_anchor_only(value) {
            self.pending = Some((owner, path));
            return;
        }
        self.out
            .values
            .insert(path.clone(), (line_no, char_column(line, value_column)));
        if value.starts_with('[') || value.starts_with('{') {
            let mut flow = Flow {
                line,
                line_no,
                at: value_column,
                out: &mut self.out,
            };
            flow.value(&path);
        }
        self.continuation_of = Some(owner);
    }

    fn enter_item(&mut self, column: usize) -> Vec<Seg> {
        if let Some((key_column, path)) = self.pending.take() {
            if column >= key_column {
                self.frames.push(Frame {
                    is_seq: true,
                    column,
                    path: path.clone(),
                    index: 0,
                });
                return with(path, Seg::Index(0));
            }
        }
        while self.frames.len() > 1
            && self
                .frames
                .last()
                .is_some_and(|f| f.column > column || (!f.is_seq && f.column == column))
        {
            self.frames.pop();
        }
        match self.frames.last_mut() {
            Some(top) if top.is_seq && top.column == column => {
                top.index += 1;
                with(top.path.clone(), Seg::Index(top.index))
            }
            _ => {
                let path = self
                    .frames
                    .last()
                    .map(|f| f.path.clone())
                    .unwrap_or_default();
                self.frames.push(Frame {
                    is_seq: true,
                    column,
                    path: path.clone(),
                    index: 0,
                });
                with(path, Seg::Index(0))
            }
        }
    }

    fn parent_for_key(&mut self, column: usize) -> Vec<Seg> {
        if let Some((key_column, path)) = self.pending.take() {
            if column > key_column {
                self.frames.push(Frame {
                    is_seq: false,
                    column,
                    path,
                    index: 0,
                });
            }
        }
        while self.frames.len() > 1
            && self
                .frames
                .last()
                .is_some_and(|f| f.column > column || (f.is_seq && f.column >= column))
        {
            self.frames.pop();
        }
        self.frames
            .last()
            .map(|f| f.path.clone())
            .unwrap_or_default()
    }
}

fn with(mut path: Vec<Seg>, seg: Seg) -> Vec<Seg> {
    path.push(seg);
    path
}

fn is_anchor_only(value: &str) -> bool {
    value.starts_with('&') && !value.trim().contains(' ')
}

/// 1-based character column of a byte offset in `line`.
fn char_column(line: &str, byte: usize) -> usize {
    line.get(..byte).map_or(byte, |s| s.chars().count()) + 1
}

/// `key: value` or `key:` → the key and the byte offset just after the colon.
fn split_key(text: &str) -> Option<(String, usize)> {
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = text[1..].find(quote)? + 1;
        let after = &text[close + 1..];
        let colon_ok =
            after.starts_with(':') && (after.len() == 1 || after[1..].starts_with([' ', '\t']));
        return colon_ok.then(|| (text[1..close].to_string(), close + 2));
    }
    if text.starts_with(['[', '{', '|', '>', '&', '*', '!']) {
        return None;
    }
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'#' && i > 0 && bytes[i - 1] == b' ' {
            return None;
        }
        if b == b':' && (i + 1 == bytes.len() || bytes[i + 1] == b' ' || bytes[i + 1] == b'\t') {
            return Some((text[..i].trim_end().to_string(), i + 1));
        }
    }
    None
}

/// A one-line flow collection (`[a, b]`, `{date: 2025-04, value: 54}`), nested ones included.
struct Flow<'a> {
    line: &'a str,
    line_no: usize,
    at: usize,
    out: &'a mut Positions,
}

impl Flow<'_> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    fn here(&self) -> (usize, usize) {
        (self.line_no, char_column(self.line, self.at))
    }

    fn value(&mut self, path: &[Seg]) {
        self.skip_spaces();
        self.out.values.insert(path.to_vec(), self.here());
        match self.peek() {
            Some(b'[') => self.seq(path),
            Some(b'{') => self.map(path),
            _ => self.scalar(),
        }
    }

    fn seq(&mut self, path: &[Seg]) {
        self.at += 1;
        let mut index = 0;
        loop {
            self.skip_spaces();
            match self.peek() {
                None | Some(b']') => break,
                _ => {}
            }
            self.value(&with(path.to_vec(), Seg::Index(index)));
            self.skip_spaces();
            if self.peek() == Some(b',') {
                self.at += 1;
                index += 1;
            } else {
                break;
            }
        }
        self.at += 1;
    }

    fn map(&mut self, path: &[Seg]) {
        self.at += 1;
        loop {
            self.skip_spaces();
            match self.peek() {
                None | Some(b'}') => break,
                _ => {}
            }
            let key_at = self.here();
            let start = self.at;
            self.scalar_until(b":");
            let key = self.line[start..self.at]
                .trim()
                .trim_matches(['"', '\''])
                .to_string();
            let key_path = with(path.to_vec(), Seg::Key(key));
            self.out.keys.insert(key_path.clone(), key_at);
            if self.peek() == Some(b':') {
                self.at += 1;
                self.value(&key_path);
            }
            self.skip_spaces();
            if self.peek() == Some(b',') {
                self.at += 1;
            } else {
                break;
            }
        }
        self.at += 1;
    }

    fn scalar(&mut self) {
        self.scalar_until(b"");
    }

    /// Skips a quoted or plain scalar, stopping at `,`, `]`, `}` or one of `extra`.
    fn scalar_until(&mut self, extra: &[u8]) {
        if let Some(quote @ (b'"' | b'\'')) = self.peek() {
            self.at += 1;
            while let Some(b) = self.peek() {
                self.at += 1;
                if b == b'\\' && quote == b'"' {
                    self.at += 1;
                } else if b == quote {
                    break;
                }
            }
            return;
        }
        while let Some(b) = self.peek() {
            if matches!(b, b',' | b']' | b'}') || extra.contains(&b) {
                break;
            }
            self.at += 1;
        }
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

    #[test]
    fn reports_syntax_errors_at_file_lines() {
        let err = parse("a.md", "title: x\n  bad: [\n", 2).unwrap_err();
        assert_eq!(err.code, codes::YAML_SYNTAX);
        assert!(err.location.line >= 3, "{}", err.location);
    }
}
