//! Reading typed fields out of a located YAML mapping, reporting every problem at its position.
//!
//! The fields a mapping may have come from its [`Shape`] (`parse::shapes`), the one table the
//! schemas are written from too: [`Fields::finish`] flags every other field (with a "did you
//! mean …?"), and in debug builds each accessor checks that the table gives the field it reads
//! the type it reads it as.

pub use super::number::{number_of, MAX_NUMBER};
use super::shapes::{Access, Shape};
use super::yaml::{dash_diagnostic, is_dash_key, Node, Pos, Value};
use crate::diag::{codes, did_you_mean, one_of, Diagnostic, IntoPath, Location};
use crate::model::{Date, Located};
use std::cell::RefCell;

/// Where diagnostics of one file go while it is read.
pub struct Sink {
    /// The file's path, shared by every location the file's values carry.
    pub path: std::sync::Arc<str>,
    diags: RefCell<Vec<Diagnostic>>,
}

#[cfg(test)]
thread_local! {
    /// Every (mapping, field) an accessor asked for on this thread: `parse::shapes::tests`
    /// proves each field of each table is read by the parser.
    pub static ASKED: RefCell<std::collections::BTreeSet<(&'static str, &'static str)>> =
        RefCell::default();
}

impl Sink {
    pub fn new(path: impl IntoPath) -> Self {
        Sink {
            path: path.into_path(),
            diags: RefCell::new(Vec::new()),
        }
    }

    pub fn at(&self, pos: Pos) -> Location {
        Location::new(&self.path, pos.line, pos.column)
    }

    pub fn push(&self, diagnostic: Diagnostic) {
        self.diags.borrow_mut().push(diagnostic);
    }

    pub fn error_count(&self) -> usize {
        self.diags.borrow().len()
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diags.into_inner()
    }

    /// "`field` should be {expected}, not {actual}" with an example of the right form.
    pub fn wrong_type(&self, field: &str, node: &Node, expected: &str, example: &str) {
        self.push(
            Diagnostic::error(
                codes::WRONG_TYPE,
                self.at(node.pos),
                format!(
                    "`{field}` should be {expected}, not {}",
                    node.value.describe()
                ),
            )
            .with_hint(format!("for example:\n{example}")),
        );
    }
}

/// The fields of one YAML mapping (a file's front matter, a metric, a testimonial, …).
pub struct Fields<'a> {
    sink: &'a Sink,
    /// What this mapping is, for messages: "artefact", "metric", …
    what: &'static str,
    entries: &'a [(super::yaml::Key, Node)],
    pos: Pos,
    shape: &'static Shape,
}

impl<'a> Fields<'a> {
    /// `None` (with an error) when `node` is not a mapping.
    pub fn of(sink: &'a Sink, node: &'a Node, shape: &'static Shape) -> Option<Self> {
        let (what, example) = (shape.what, shape.example);
        match &node.value {
            Value::Map(entries) => Some(Fields {
                sink,
                what,
                entries,
                pos: node.pos,
                shape,
            }),
            Value::Null => {
                sink.push(
                    Diagnostic::error(
                        codes::MISSING_FIELD,
                        sink.at(node.pos),
                        format!("this {what} has no fields"),
                    )
                    .with_hint(format!(
                        "write its fields as `field: value` lines, for example:\n{example}"
                    )),
                );
                None
            }
            _ => {
                sink.push(
                    Diagnostic::error(
                        codes::WRONG_TYPE,
                        sink.at(node.pos),
                        format!(
                            "{} {what} should be a set of `field: value` lines, not {}",
                            article(what),
                            node.value.describe()
                        ),
                    )
                    .with_hint(format!("for example:\n{example}")),
                );
                None
            }
        }
    }

    pub fn sink(&self) -> &'a Sink {
        self.sink
    }

    pub fn location(&self) -> Location {
        self.sink.at(self.pos)
    }

    /// Notes that `name` was asked for; in debug builds, checks its table lists it and, with
    /// `access`, that the table's type is one that accessor reads.
    fn ask(&self, name: &str, access: Option<Access>) {
        let field = self.shape.field(name);
        debug_assert!(
            field.is_some(),
            "`{name}` must be a field of the {} table in parse::shapes",
            self.what
        );
        if let (Some(field), Some(access)) = (field, access) {
            debug_assert!(
                field.ty.read_by(access),
                "`{name}` of {} is {:?} in parse::shapes but read as {access:?}",
                self.what,
                field.ty
            );
        }
        #[cfg(test)]
        if let Some(field) = field {
            ASKED.with(|asked| asked.borrow_mut().insert((self.what, field.name)));
        }
    }

    /// The node of `name`, if present and not null.
    pub fn get(&self, name: &str) -> Option<&'a Node> {
        self.ask(name, None);
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    fn missing(&self, name: &str, example: &str) {
        self.sink.push(
            Diagnostic::error(
                codes::MISSING_FIELD,
                self.location(),
                format!("this {} has no `{name}`, which is required", self.what),
            )
            .with_hint(format!("add it, for example:\n{example}")),
        );
    }

    pub fn string(&self, name: &str) -> Option<String> {
        self.ask(name, Some(Access::Text));
        let node = self.get(name)?;
        match &node.value {
            // `source: ""` says nothing; treat it as not given, so required checks still apply.
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.clone()),
            // Educators write `unit: 5` or `title: 2024`; numbers and booleans read as text.
            Value::Number(_) | Value::Bool(_) => Some(scalar_as_text(node)),
            _ => {
                self.sink
                    .wrong_type(name, node, "text", &format!("{name}: Some text"));
                None
            }
        }
    }

    pub fn required_string(&self, name: &str, example: &str) -> Option<String> {
        if self.get(name).is_none() {
            self.missing(name, example);
            return None;
        }
        self.string(name)
            .filter(|s| !s.trim().is_empty())
            .or_else(|| {
                if self.sink.error_count() == 0
                    || matches!(self.get(name).map(|n| &n.value), Some(Value::String(_)))
                {
                    self.missing(name, example);
                }
                None
            })
    }

    /// Text with where it was written (for ids that later rules check).
    pub fn located_string(&self, name: &str) -> Option<Located<String>> {
        let pos = self.get(name)?.pos;
        self.string(name)
            .map(|s| Located::new(s, self.sink.at(pos)))
    }

    /// A web address with where it was written, the characters an address cannot carry as
    /// themselves (`"`, `<`, spaces) percent-encoded, so every page and `portfolio.json` write a
    /// valid URL whatever was typed. Whether it is a web address at all is validate's rule.
    pub fn url(&self, name: &str) -> Option<Located<String>> {
        self.located_string(name)
            .map(|u| Located::new(crate::paths::address(&u.value), u.location))
    }

    /// An email address: one `@` with text on both sides, and nothing that cannot stand in an
    /// address (spaces, quotes, angle brackets), which would also break its `mailto:` link.
    pub fn email(&self, name: &str) -> Option<String> {
        let email = self.located_string(name)?;
        if is_email(&email.value) {
            return Some(email.value);
        }
        self.sink.push(
            Diagnostic::error(
                codes::BAD_URL,
                email.location,
                format!("`{}` is not an email address", email.value),
            )
            .with_hint(format!(
                "write it as name@example.org, for example:\n{name}: amara@example.org"
            )),
        );
        None
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        self.ask(name, Some(Access::Bool));
        let node = self.get(name)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.sink
                    .wrong_type(name, node, "true or false", &format!("{name}: true"));
                None
            }
        }
    }

    /// A true/false field that withholds material (`private`, `draft`, `consent`, …). Written
    /// but left empty (`private:` or `private: ~`), it is an error: reading it as "false" would
    /// publish what the educator meant to hold back.
    pub fn privacy_flag(&self, name: &str) -> Option<bool> {
        self.ask(name, Some(Access::Flag));
        let (key, node) = self.entries.iter().find(|(k, _)| k.name == name)?;
        if node.value == Value::Null {
            self.sink.push(
                Diagnostic::error(
                    codes::EMPTY_VALUE,
                    self.sink.at(key.pos),
                    format!("`{name}` is empty, so dossier cannot tell whether to hold this back"),
                )
                .with_hint(format!(
                    "write `{name}: true` or `{name}: false` (or remove the line for the default)"
                )),
            );
            return None;
        }
        self.bool(name)
    }

    pub fn number(&self, name: &str) -> Option<f64> {
        self.ask(name, Some(Access::Number));
        let node = self.get(name)?;
        number_of(self.sink, name, node)
    }

    pub fn required_number(&self, name: &str, example: &str) -> Option<f64> {
        if self.get(name).is_none() {
            self.missing(name, example);
            return None;
        }
        self.number(name)
    }

    /// A whole number of at least one: how many pupils, staff or classes a figure counts.
    pub fn count(&self, name: &str, example: &str) -> Option<u32> {
        self.ask(name, Some(Access::Count));
        let node = self.get(name)?;
        let number = number_of(self.sink, name, node)?;
        if number < 1.0 || number.fract() != 0.0 || number > f64::from(u32::MAX) {
            self.sink
                .wrong_type(name, node, "a whole number of at least 1", example);
            return None;
        }
        Some(number as u32)
    }

    pub fn date(&self, name: &str) -> Option<Date> {
        self.ask(name, Some(Access::Date));
        let node = self.get(name)?;
        date_of(self.sink, name, node)
    }

    pub fn required_date(&self, name: &str) -> Option<Date> {
        if self.get(name).is_none() {
            self.missing(name, &format!("{name}: 2025-06-30"));
            return None;
        }
        self.date(name)
    }

    /// A list of text items; a single text is accepted as a list of one.
    pub fn string_list(&self, name: &str) -> Vec<Located<String>> {
        self.ask(name, Some(Access::Names));
        let Some(node) = self.get(name) else {
            return Vec::new();
        };
        match &node.value {
            Value::String(s) => vec![Located::new(s.clone(), self.sink.at(node.pos))],
            Value::Seq(items) => items
                .iter()
                .filter_map(|item| match &item.value {
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => {
                        Some(Located::new(scalar_as_text(item), self.sink.at(item.pos)))
                    }
                    _ => {
                        self.sink.wrong_type(
                            name,
                            item,
                            "a list of names",
                            &format!("{name}: [first, second]"),
                        );
                        None
                    }
                })
                .collect(),
            _ => {
                self.sink.wrong_type(
                    name,
                    node,
                    "a list of names",
                    &format!("{name}: [first, second]"),
                );
                Vec::new()
            }
        }
    }

    /// The items of a list field, each a node for the caller to read.
    pub fn list(&self, name: &str, example: &str) -> &'a [Node] {
        self.ask(name, Some(Access::List));
        let Some(node) = self.get(name) else {
            return &[];
        };
        match &node.value {
            Value::Seq(items) => items,
            Value::Map(entries) if entries.first().is_some_and(|(k, _)| is_dash_key(&k.name)) => {
                let key = &entries[0].0;
                self.sink.push(Diagnostic {
                    code: codes::WRONG_TYPE,
                    message: format!(
                        "`{name}` should be a list, but `{}` has no space after `-`, so it reads as a field name",
                        key.name
                    ),
                    ..dash_diagnostic(self.sink.at(key.pos), &key.name)
                });
                &[]
            }
            _ => {
                self.sink
                    .wrong_type(name, node, "a list (lines starting with `- `)", example);
                &[]
            }
        }
    }

    /// One of a fixed set of words, e.g. `better: higher|lower`.
    pub fn choice<T: Copy>(&self, name: &str, options: &[(&'static str, T)]) -> Option<T> {
        debug_assert!(
            matches!(self.shape.field(name).map(|f| f.ty), Some(super::shapes::Type::Choice(table))
                if table.iter().copied().eq(options.iter().map(|(id, _)| *id))),
            "the choices of `{name}` differ from its table in parse::shapes"
        );
        let node = self.get(name)?;
        let text = self.string(name)?;
        let found = options.iter().find(|(id, _)| *id == text).map(|(_, v)| *v);
        if found.is_none() {
            let names = options.iter().map(|(id, _)| *id);
            let all = one_of(names.clone());
            let hint =
                did_you_mean(&text, names).map_or_else(|| all.clone(), |d| format!("{d} ({all})"));
            self.sink.push(
                Diagnostic::error(
                    codes::UNKNOWN_VALUE,
                    self.sink.at(node.pos),
                    format!("`{text}` is not a known `{name}`"),
                )
                .with_hint(hint),
            );
        }
        found
    }

    /// Reports `value` (read from `field`) if it cannot name a page's folder once slugged.
    pub fn check_page_name(&self, field: &str, value: &Located<String>) {
        let slug = crate::markdown::slugify(&value.value);
        if let Some(problem) = page_name_problem(&slug) {
            self.sink.push(
                Diagnostic::error(
                    codes::BAD_SLUG,
                    value.location.clone(),
                    format!("this `{field}` {problem}"),
                )
                .with_hint(format!(
                    "use a short name of letters, digits and dashes, for example:\n{field}: formative-assessment"
                )),
            );
        }
    }

    /// Reports every field this mapping has that no accessor knows.
    pub fn finish(self) {
        for (key, _) in self.entries {
            if self.shape.field(&key.name).is_none() {
                let all = || {
                    format!(
                        "the fields of {} {} are: {}",
                        article(self.what),
                        self.what,
                        self.shape.names().collect::<Vec<_>>().join(", ")
                    )
                };
                // A field another tool writes: what dossier has instead, then the whole list.
                let from_other_tool = (self.what == "artefact")
                    .then(|| super::other_tools::field_hint(&key.name))
                    .flatten()
                    .map(|hint| format!("{hint}\n{}", all()));
                let hint = from_other_tool
                    .or_else(|| did_you_mean(&key.name, self.shape.names()))
                    .unwrap_or_else(all);
                self.sink.push(
                    Diagnostic::error(
                        codes::UNKNOWN_FIELD,
                        self.sink.at(key.pos),
                        format!("unknown field `{}` in this {}", key.name, self.what),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
}

/// "a" or "an", for messages about "an artefact", "a metric".
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn scalar_as_text(node: &Node) -> String {
    match &node.value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => crate::model::format_number(*n),
        _ => String::new(),
    }
}

/// Why `slug` cannot name a folder of the built site on common file systems, if it cannot.
pub fn page_name_problem(slug: &str) -> Option<String> {
    const RESERVED: &[&str] = &["con", "prn", "aux", "nul"];
    let device = |prefix: &str| {
        slug.strip_prefix(prefix)
            .is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit())
    };
    if slug.is_empty() {
        Some("has no letters or digits, so it cannot name a page".into())
    } else if slug.len() > MAX_PAGE_NAME {
        Some(format!(
            "is {} bytes long as a web address; a page name can be at most {MAX_PAGE_NAME}",
            slug.len()
        ))
    } else if RESERVED.contains(&slug) || device("com") || device("lpt") {
        Some(
            "is a name Windows reserves for a device, so the site could not be copied there".into(),
        )
    } else {
        None
    }
}

/// Bytes of a page's folder name: file systems allow 255; the rest is room for what a build
/// or a copy adds (a staging suffix, an editor's backup name).
pub const MAX_PAGE_NAME: usize = 200;

pub fn date_of(sink: &Sink, name: &str, node: &Node) -> Option<Date> {
    let text = match &node.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => crate::model::format_number(*n),
        _ => {
            sink.wrong_type(name, node, "a date", &format!("{name}: 2025-06-30"));
            return None;
        }
    };
    let date = Date::parse(&text).or_else(|| day_of_timestamp(&text));
    if date.is_none() {
        if let Some(d) = impossible_day(sink, name, node, &text) {
            sink.push(d);
            return None;
        }
        sink.push(
            Diagnostic::error(codes::BAD_DATE, sink.at(node.pos), format!("`{text}` is not a date"))
                .with_hint(format!("write the date as year-month-day or year-month, for example:\n{name}: 2025-06-30\n{name}: 2025-06")),
        );
    }
    date
}

/// The day of a date with a time, as Hugo and Jekyll write `date:` (`2024-03-15T09:30:00+01:00`,
/// `2024-03-15 09:30:00 +0100`): the day as written, in the writer's own time zone, which is
/// the day they mean. A portfolio shows days, so the time is not kept.
fn day_of_timestamp(text: &str) -> Option<Date> {
    use chrono::{DateTime, NaiveDateTime};
    let text = text.trim();
    let local = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    let zoned = [
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M %z",
    ];
    let is_timestamp = DateTime::parse_from_rfc3339(text).is_ok()
        || local
            .iter()
            .any(|f| NaiveDateTime::parse_from_str(text, f).is_ok())
        || zoned
            .iter()
            .any(|f| DateTime::parse_from_str(text, f).is_ok());
    if !is_timestamp {
        return None;
    }
    Date::parse(text.get(..10)?)
}

/// `2024-02-31`: written year-month-day as asked, but that day is not in the calendar.
fn impossible_day(sink: &Sink, name: &str, node: &Node, text: &str) -> Option<Diagnostic> {
    let mut parts = text.trim().splitn(3, '-').map(|p| p.parse::<u32>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    let first = chrono::NaiveDate::from_ymd_opt(year as i32, month, 1)?;
    let days = first
        .checked_add_months(chrono::Months::new(1))?
        .signed_duration_since(first)
        .num_days();
    let month_name = first.format("%B %Y");
    if (1..=days).contains(&i64::from(day)) {
        // `2025-6-3`: a real day, written without the zeros the format asks for.
        return Some(
            Diagnostic::error(
                codes::BAD_DATE,
                sink.at(node.pos),
                format!("`{text}` is not a date: the month and day need two digits each"),
            )
            .with_hint(format!("for example:\n{name}: {year}-{month:02}-{day:02}")),
        );
    }
    Some(
        Diagnostic::error(
            codes::BAD_DATE,
            sink.at(node.pos),
            format!("`{text}` is not a date: {month_name} has {days} days, not {day}"),
        )
        .with_hint(format!(
            "check the day, for example:\n{name}: {year}-{month:02}-{days:02}"
        )),
    )
}

/// One `@` with text on both sides, and none of what cannot stand in an address.
fn is_email(text: &str) -> bool {
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>\"()[]\\,;:`".contains(c);
    matches!(text.split_once('@'), Some((local, domain))
        if !local.is_empty() && domain.contains('.') && !domain.contains('@')
            && !text.contains(forbidden))
}
