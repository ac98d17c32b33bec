//! Each field type of `parse::shapes` as JSON Schema: what the parser's accessor for it
//! accepts (`parse::fields`), as closely as a schema can say it.

use crate::parse::shapes::Type;
use serde_json::{json, Value};

/// `2025-06`: a month (a whole date is checked as `format: date`, which knows the calendar).
const MONTH: &str = r"^\s*[0-9]{4}-(0[1-9]|1[0-2])\s*$";

/// A number written as text: `68%`, `1,200`, `12,000,000.5` (commas only between groups of
/// three digits, as `parse::number::number_text` reads them).
const NUMBER_TEXT: &str = r"^\s*[-+]?([0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?|[0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*%*\s*$";

/// A whole number of at least 1 written as text.
const COUNT_TEXT: &str = r"^\s*\+?0*[1-9][0-9]*(\.0*)?\s*$";

/// The syntax of a BCP 47 tag; whether its subtags are registered only the parser checks.
const LANGUAGE: &str = r"^\s*[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\s*$";

/// One `@` with text on both sides and a dot in the domain, nothing that cannot be in an address.
const EMAIL: &str = r#"^[^\s@<>"()\[\]\\,;:`]+@[^\s@<>"()\[\]\\,;:`]*\.[^\s@<>"()\[\]\\,;:`]*$"#;

/// Text that is not blank: a required field written as spaces is missing.
const NOT_BLANK: &str = r"\S";

/// The largest number dossier accepts (`parse::number::MAX_NUMBER`).
const MAX: f64 = crate::parse::MAX_NUMBER;

/// The schema of a value of type `ty`; `required` text may not be blank.
pub fn of(ty: &Type, required: bool) -> Value {
    match ty {
        // A number or true/false written bare is read as text.
        Type::Text | Type::Markdown | Type::Url => {
            let mut text = json!({ "type": ["string", "number", "boolean"] });
            if required {
                text["pattern"] = json!(NOT_BLANK);
            }
            text
        }
        Type::Email => json!({ "type": "string", "pattern": EMAIL }),
        Type::Language => json!({ "type": "string", "pattern": LANGUAGE }),
        Type::Date => date(),
        Type::DateOrPresent => json!({ "anyOf": [
            date(),
            { "type": "string", "pattern": "^[Pp][Rr][Ee][Ss][Ee][Nn][Tt]$" }
        ] }),
        Type::Number => json!({ "anyOf": [
            { "type": "number", "minimum": -MAX, "maximum": MAX },
            { "type": "string", "pattern": NUMBER_TEXT }
        ] }),
        Type::Count => json!({ "anyOf": [
            { "type": "integer", "minimum": 1, "maximum": u32::MAX },
            { "type": "string", "pattern": COUNT_TEXT }
        ] }),
        Type::Bool | Type::Flag => json!({ "type": "boolean" }),
        Type::Names => names(required),
        Type::Choice(options) => json!({ "enum": options }),
        Type::List(shape) => json!({ "type": "array", "items": super::object(shape) }),
        Type::Object(shape) => super::object(shape),
        Type::Options => json!({ "type": "object" }),
    }
}

fn date() -> Value {
    json!({ "anyOf": [
        { "type": "string", "pattern": MONTH },
        { "type": "string", "format": "date" }
    ] })
}

/// One name, or a list of them (numbers and true/false read as text).
fn names(required: bool) -> Value {
    let mut list = json!({ "type": "array", "items": { "type": ["string", "number", "boolean"] } });
    if required {
        list["minItems"] = json!(1);
    }
    json!({ "anyOf": [{ "type": "string" }, list] })
}

/// `schema`, or nothing written (`field:` with no value), which the parser reads as absent.
pub fn nullable(schema: Value) -> Value {
    let mut schema = schema;
    if let Some(options) = schema.get_mut("anyOf").and_then(Value::as_array_mut) {
        options.push(json!({ "type": "null" }));
        return schema;
    }
    if let Some(options) = schema.get_mut("enum").and_then(Value::as_array_mut) {
        options.push(Value::Null);
        return schema;
    }
    match schema.get_mut("type") {
        Some(Value::Array(types)) => types.push(json!("null")),
        Some(single @ Value::String(_)) => *single = json!([single.clone(), "null"]),
        _ => return json!({ "anyOf": [schema, { "type": "null" }] }),
    }
    schema
}
