//! Where every YAML node starts, from `saphyr-parser`'s events and their markers, in one pass
//! that also refuses what would make the deserialiser blow up or silently misread a file.
//!
//! serde_yaml gives values but no positions; this pass gives positions, and the values too
//! when the document is plain enough that they are certainly serde_yaml's ([`Shapes::values`]):
//! then [`super::yaml`] reads the file once, else it lays serde_yaml's values over the
//! positions. The same pass enforces the alias budget *before* serde_yaml expands anything,
//! and catches a quote left open (which YAML reads as one long text swallowing the following
//! fields, so the file "parses" and then lacks them).

use super::yaml::{Key, Pos, Value};
use crate::diag::{codes, Diagnostic, Location};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Span};
use std::collections::HashMap;
use std::rc::Rc;

/// Aliases (`*name`) may repeat at most this many values in one file, or one value per byte of
/// the file when that is more (documented in docs/format.md, "Anchors and aliases").
pub const ALIAS_BUDGET_MIN: u64 = 10_000;

/// The positions of one YAML node and of everything inside it, in document order.
#[derive(Debug, Clone)]
pub struct Shape {
    pub pos: Pos,
    pub kind: ShapeKind,
    /// Nodes in this subtree once aliases are expanded (saturating), for the alias budget.
    size: u64,
    /// `key:` with nothing after it: the value has no text of its own to point at.
    empty: bool,
}

#[derive(Debug, Clone)]
pub enum ShapeKind {
    /// A scalar, with its value when this pass resolved it as serde_yaml would.
    Leaf(Option<Value>),
    Seq(Vec<Rc<Shape>>),
    /// Each entry: the key (its text when it is a string, and where it starts), and the value's
    /// shape.
    Map(Vec<(Key, Rc<Shape>)>),
}

/// The event pass's result: the root's shape (`None` for an empty document), and whether its
/// leaves hold the very values serde_yaml would read.
pub struct Shapes {
    pub root: Option<Rc<Shape>>,
    /// No anchors, aliases, tags, keys other than text, repeated keys or further documents:
    /// the values in the leaves are the document's, so serde_yaml need not read it.
    pub values: bool,
}

/// Why the event pass stopped.
pub enum Refusal {
    /// The parser could not read the text; serde_yaml's message is the familiar one, so the
    /// caller asks it first, and reads the text without positions if serde_yaml accepts it.
    Syntax,
    /// A problem serde_yaml would not report (alias budget, unclosed quote): final.
    Refused(Diagnostic),
}

/// The shape of the first document of `text` (line 1 of `text` is file line `first_line`).
/// `None` for an empty document.
pub fn shapes(path: &str, text: &str, first_line: usize) -> Result<Shapes, Refusal> {
    let mut pass = Pass {
        path,
        text,
        lines: None,
        first_line,
        stack: Vec::new(),
        anchors: HashMap::new(),
        expanded: 0,
        budget: ALIAS_BUDGET_MIN.max(text.len() as u64),
        root: None,
        values: true,
    };
    let mut events = Parser::new_from_str(text);
    for event in &mut events {
        let (event, span) = event.map_err(|e| pass.scan_error(&e))?;
        if pass.event(event, span)? {
            break;
        }
    }
    // serde_yaml refuses a second document; whatever follows the first is its to judge.
    if pass.values {
        pass.values = events.all(|e| matches!(e, Ok((Event::DocumentEnd | Event::StreamEnd, _))));
    }
    Ok(Shapes {
        values: pass.values && pass.root.is_some(),
        root: pass.root,
    })
}

enum Frame {
    Seq {
        pos: Pos,
        anchor: usize,
        items: Vec<Rc<Shape>>,
        size: u64,
    },
    Map {
        pos: Pos,
        anchor: usize,
        entries: Vec<(Key, Rc<Shape>)>,
        key: Option<Rc<Shape>>,
        size: u64,
    },
}

struct Pass<'a> {
    path: &'a str,
    text: &'a str,
    /// The text's lines, split only when a rare case needs to look at them.
    lines: Option<Vec<&'a str>>,
    first_line: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, Rc<Shape>>,
    /// Nodes that aliases have repeated so far.
    expanded: u64,
    budget: u64,
    root: Option<Rc<Shape>>,
    /// See [`Shapes::values`].
    values: bool,
}

/// A mapping with more keys than this is left to serde_yaml rather than checked for repeated
/// keys one by one (front matter has a few dozen at most).
const KEYS_CHECKED: usize = 64;

impl<'a> Pass<'a> {
    /// Handles one event; `true` once the first document is complete.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, Refusal> {
        match event {
            Event::Scalar(value, style, anchor, tag) => {
                let has_properties = anchor > 0 || tag.is_some();
                if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                    && span.end.line() > span.start.line()
                {
                    self.refuse_open_quote(span, has_properties)?;
                }
                let pos = self.content_pos(span.start, has_properties);
                let empty = value.is_empty() && style == ScalarStyle::Plain && !has_properties;
                let resolved = match style {
                    _ if has_properties => None,
                    ScalarStyle::Plain => super::yaml_scalar::plain(&value),
                    _ => Some(Value::String(value.into_owned())),
                };
                self.values &= resolved.is_some();
                let shape = Rc::new(Shape {
                    pos,
                    kind: ShapeKind::Leaf(resolved),
                    size: 1,
                    empty,
                });
                self.remember(anchor, &shape);
                Ok(self.complete(shape))
            }
            Event::SequenceStart(anchor, tag) => {
                self.values &= anchor == 0 && tag.is_none();
                let pos = self.content_pos(span.start, anchor > 0 || tag.is_some());
                self.stack.push(Frame::Seq {
                    pos,
                    anchor,
                    items: Vec::new(),
                    size: 1,
                });
                Ok(false)
            }
            Event::MappingStart(anchor, tag) => {
                self.values &= anchor == 0 && tag.is_none();
                let pos = self.content_pos(span.start, anchor > 0 || tag.is_some());
                self.stack.push(Frame::Map {
                    pos,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                    size: 1,
                });
                Ok(false)
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(false);
                };
                let (anchor, shape) = match frame {
                    Frame::Seq {
                        pos,
                        anchor,
                        items,
                        size,
                    } => (anchor, shape(pos, ShapeKind::Seq(items), size)),
                    Frame::Map {
                        pos,
                        anchor,
                        entries,
                        size,
                        ..
                    } => (anchor, shape(pos, ShapeKind::Map(entries), size)),
                };
                self.remember(anchor, &shape);
                Ok(self.complete(shape))
            }
            Event::Alias(id) => {
                self.values = false;
                let Some(target) = self.anchors.get(&id).cloned() else {
                    return Ok(false);
                };
                self.expanded = self.expanded.saturating_add(target.size);
                if self.expanded > self.budget {
                    return Err(Refusal::Refused(self.over_budget(span.start)));
                }
                let at = self.pos(span.start);
                // The alias points at the anchored value's own positions, shared, not copied.
                let shape = Rc::new(Shape {
                    pos: at,
                    kind: match &target.kind {
                        ShapeKind::Leaf(_) => ShapeKind::Leaf(None),
                        ShapeKind::Seq(items) => ShapeKind::Seq(items.clone()),
                        ShapeKind::Map(entries) => ShapeKind::Map(entries.clone()),
                    },
                    size: target.size,
                    empty: false,
                });
                Ok(self.complete(shape))
            }
            Event::DocumentEnd => Ok(self.root.is_some()),
            _ => Ok(false),
        }
    }

    fn remember(&mut self, anchor: usize, shape: &Rc<Shape>) {
        if anchor > 0 {
            self.anchors.insert(anchor, Rc::clone(shape));
        }
    }

    /// Hands a finished node to its parent; `true` when it was the document's root.
    fn complete(&mut self, node: Rc<Shape>) -> bool {
        let mut values = self.values;
        let root = match self.stack.last_mut() {
            None => {
                self.root = Some(node);
                true
            }
            Some(Frame::Seq { items, size, .. }) => {
                *size = size.saturating_add(node.size);
                items.push(node);
                false
            }
            Some(Frame::Map {
                entries, key, size, ..
            }) => {
                *size = size.saturating_add(node.size);
                match key.take() {
                    None => *key = Some(node),
                    Some(key_node) => {
                        let key_pos = key_node.pos;
                        let name = match &key_node.kind {
                            ShapeKind::Leaf(Some(Value::String(name))) => name.clone(),
                            _ => {
                                values = false;
                                String::new()
                            }
                        };
                        values &= entries.len() < KEYS_CHECKED
                            && !entries.iter().any(|(k, _)| k.name == name);
                        // `private:` with nothing after it: point at the key, the only text there is.
                        let node = if node.empty {
                            Rc::new(Shape {
                                pos: key_pos,
                                kind: ShapeKind::Leaf(Some(Value::Null)),
                                size: 1,
                                empty: true,
                            })
                        } else {
                            node
                        };
                        let key = Key { name, pos: key_pos };
                        entries.push((key, node));
                    }
                }
                false
            }
        };
        self.values = values;
        root
    }

    /// The parser could not read the text. That is final only for a quote that swallows the
    /// following fields (YAML 1.2 rejects some that serde_yaml's YAML 1.1 reads as one text).
    fn scan_error(&mut self, error: &ScanError) -> Refusal {
        let marker = *error.marker();
        if error.info().contains("quoted scalar") {
            let at = self.pos(marker);
            let last = self.text.lines().count();
            if let Some(diagnostic) = self.open_quote(at, marker.line(), last) {
                return Refusal::Refused(diagnostic);
            }
        }
        Refusal::Syntax
    }

    fn pos(&self, marker: Marker) -> Pos {
        Pos {
            line: marker.line() + self.first_line - 1,
            column: marker.col() + 1,
        }
    }

    fn location(&self, marker: Marker) -> Location {
        let pos = self.pos(marker);
        Location::new(self.path, pos.line, pos.column)
    }

    fn lines(&mut self) -> &[&'a str] {
        let text = self.text;
        self.lines.get_or_insert_with(|| text.lines().collect())
    }

    /// Where the value itself starts: an event's span begins at its anchor (`&c`) or tag, but
    /// a mistake in `&c [coachng]` is in the `[…]`, so step over them.
    fn content_pos(&mut self, start: Marker, has_properties: bool) -> Pos {
        if !has_properties {
            return self.pos(start);
        }
        let (mut line, mut col) = (start.line(), start.col());
        let lines = self.lines().to_vec();
        while let Some(text) = lines.get(line - 1) {
            let chars: Vec<char> = text.chars().collect();
            while col < chars.len() {
                match chars[col] {
                    '&' | '!' => {
                        while col < chars.len() && !chars[col].is_whitespace() {
                            col += 1;
                        }
                    }
                    ' ' | '\t' => col += 1,
                    _ => break,
                }
            }
            if col < chars.len() && chars[col] != '#' {
                break;
            }
            // Only properties on this line: the value starts on the next one with text.
            line += 1;
            col = lines
                .get(line - 1)
                .map_or(0, |l| l.chars().take_while(|c| *c == ' ').count());
        }
        if line > lines.len() {
            return self.pos(start);
        }
        Pos {
            line: line + self.first_line - 1,
            column: col + 1,
        }
    }

    /// A quoted text running over several lines whose later lines look like fields of the same
    /// mapping (`kind: project` at the key's indentation) is a quote the educator forgot to close.
    fn refuse_open_quote(&mut self, span: Span, has_properties: bool) -> Result<(), Refusal> {
        let at = self.content_pos(span.start, has_properties);
        match self.open_quote(at, span.start.line(), span.end.line()) {
            Some(diagnostic) => Err(Refusal::Refused(diagnostic)),
            None => Ok(()),
        }
    }

    /// The open-quote error for a quote at `at` (text lines `first..=last`), if a later line
    /// of it looks like a field.
    fn open_quote(&mut self, at: Pos, first: usize, last: usize) -> Option<Diagnostic> {
        let lines = self.lines();
        let key_indent = indent(lines.get(first.checked_sub(1)?)?);
        let swallowed = (first + 1..=last.min(lines.len()))
            .map(|n| lines[n - 1])
            .find(|l| indent(l) <= key_indent && looks_like_field(l.trim_start()))?;
        Some(
            Diagnostic::error(
                codes::YAML_SYNTAX,
                Location::new(self.path, at.line, at.column),
                format!(
                    "this quote is not closed on its line, so the text runs on and swallows `{}`",
                    swallowed.trim()
                ),
            )
            .with_hint("end the text with the same quote mark on this line, for example:\ntitle: \"Year 8: a pilot\""),
        )
    }

    fn over_budget(&self, at: Marker) -> Diagnostic {
        Diagnostic::error(
            codes::ALIAS_BUDGET,
            self.location(at),
            format!(
                "this alias makes the file repeat more than {} values, more than dossier reads from one file",
                self.budget
            ),
        )
        .with_hint("write the values out, or repeat a smaller part: an alias (`*name`) copies everything its anchor (`&name`) holds")
    }
}

fn shape(pos: Pos, kind: ShapeKind, size: u64) -> Rc<Shape> {
    Rc::new(Shape {
        pos,
        kind,
        size,
        empty: false,
    })
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// `name:` or `name: value`, the start of a field line.
fn looks_like_field(text: &str) -> bool {
    let Some((name, rest)) = text.split_once(':') else {
        return false;
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && (rest.is_empty() || rest.starts_with([' ', '\t']))
}
