//! The shape of every YAML mapping dossier reads, as data: each field's name, type, whether it
//! is required, its allowed values and the help an editor shows for it.
//!
//! These tables are the one list of fields. [`super::fields::Fields`] takes its known fields
//! from them (so the unknown-field check and "did you mean" read them), its accessors check
//! in debug builds that each field is read as the type the table gives it, and
//! `crate::schema` turns them into the JSON Schemas `dossier schema` writes. A field added to
//! the parser but not to its table panics in every test that reads it; a field in a table the
//! parser never reads fails `parse::shapes::tests`.

mod artefact;
mod metric;
mod portfolio;
mod reference;
#[cfg(test)]
mod tests;

pub use artefact::{ARTEFACT, ATTACHMENT, DECISION, KPI, TESTIMONIAL};
pub use metric::{COMPARISON, GROUP, METRIC, SERIES_POINT};
pub use portfolio::{APPLICATION, CONTACT, DETECTORS, LINK, PERSON, PORTFOLIO, PRIVACY, TIMELINE};
pub use reference::{COMPETENCY, FRAMEWORK, HASHES, PATHWAY, SKILL};

/// One YAML mapping: a file's top level, or a group or list item inside one.
#[derive(Debug)]
pub struct Shape {
    /// What it is called in messages: "artefact", "metric", "portfolio.yaml".
    pub what: &'static str,
    /// One sentence for an editor's hover help and the schema's description.
    pub help: &'static str,
    /// A short YAML example, shown in hints when the mapping is missing or malformed.
    pub example: &'static str,
    pub fields: &'static [Field],
}

impl Shape {
    /// The field called `name`, if this mapping has one.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + Clone {
        self.fields.iter().map(|f| f.name)
    }
}

/// One field of a mapping.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub ty: Type,
    pub need: Need,
    /// Allowed only when another field has a value (plan fields: only with `kind: plan`).
    pub only_if: Option<Cond>,
    /// What the field does, from docs/format.md: an editor's hover help.
    pub help: &'static str,
}

impl Field {
    pub const fn optional(name: &'static str, ty: Type, help: &'static str) -> Field {
        Field {
            name,
            ty,
            need: Need::Optional,
            only_if: None,
            help,
        }
    }

    pub const fn required(name: &'static str, ty: Type, help: &'static str) -> Field {
        Field {
            need: Need::Required,
            ..Field::optional(name, ty, help)
        }
    }

    /// Required when `cond` holds, optional otherwise.
    pub const fn required_if(self, cond: Cond) -> Field {
        Field {
            need: Need::RequiredIf(cond),
            ..self
        }
    }

    /// Refused unless `cond` holds.
    pub const fn only_if(self, cond: Cond) -> Field {
        Field {
            only_if: Some(cond),
            ..self
        }
    }
}

/// Whether a field must be written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Need {
    Optional,
    /// Absent, empty or blank is an error.
    Required,
    RequiredIf(Cond),
}

/// "Field `field` has value `is`": the condition of a field-dependent rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cond {
    pub field: &'static str,
    pub is: Is,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Is {
    Text(&'static str),
    True,
}

/// `kind` is `value` (artefacts).
pub const fn kind_is(value: &'static str) -> Cond {
    Cond {
        field: "kind",
        is: Is::Text(value),
    }
}

/// What a field holds, as the parser reads it (each variant names the accessor of
/// `parse::fields` that reads it).
#[derive(Debug, Clone, Copy)]
pub enum Type {
    /// Text; a number or true/false written bare reads as text (`string`).
    Text,
    /// Text in Markdown, its links checked (`string`, scanned).
    Markdown,
    /// A web address (`url`).
    Url,
    /// An email address (`email`).
    Email,
    /// A BCP 47 language tag (`language::tag`).
    Language,
    /// `2025-06-30` or `2025-06` (`date`).
    Date,
    /// A date, or `present` (a timeline entry's `end`).
    DateOrPresent,
    /// A number; `68%` and `1,200` are read as numbers too (`number`).
    Number,
    /// A whole number of at least 1 (`count`).
    Count,
    /// `true` or `false` (`bool`).
    Bool,
    /// `true` or `false` that withholds material: written but empty is an error (`privacy_flag`).
    Flag,
    /// One text, or a list of texts (`string_list`).
    Names,
    /// One of a fixed set of words (`choice`).
    Choice(&'static [&'static str]),
    /// A list of mappings of one shape (`list`).
    List(&'static Shape),
    /// One mapping of one shape.
    Object(&'static Shape),
    /// Free `option: value` lines (a theme's options).
    Options,
}

impl Type {
    /// Whether the accessor `access` may read a field of this type: what the debug check of
    /// each accessor asks.
    pub fn read_by(&self, access: Access) -> bool {
        use Type as T;
        match access {
            Access::Text => matches!(
                self,
                T::Text | T::Markdown | T::Url | T::Email | T::Language | T::Choice(_)
            ),
            Access::Date => matches!(self, T::Date | T::DateOrPresent),
            Access::Number => matches!(self, T::Number),
            Access::Count => matches!(self, T::Count),
            Access::Bool => matches!(self, T::Bool | T::Flag),
            Access::Flag => matches!(self, T::Flag),
            Access::Names => matches!(self, T::Names),
            Access::List => matches!(self, T::List(_)),
        }
    }
}

/// The typed accessors of `parse::fields::Fields`, for [`Type::read_by`].
#[derive(Debug, Clone, Copy)]
pub enum Access {
    Text,
    Date,
    Number,
    Count,
    Bool,
    Flag,
    Names,
    List,
}

/// Every file-level shape with the name of its schema file, for `dossier schema`.
pub const FILES: &[(&str, &Shape)] = &[
    ("portfolio", &PORTFOLIO),
    ("artefact", &ARTEFACT),
    ("framework", &FRAMEWORK),
    ("pathway", &PATHWAY),
    ("privacy", &HASHES),
];
