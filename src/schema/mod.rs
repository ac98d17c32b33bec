//! `dossier schema`: JSON Schemas (draft 2020-12) of portfolio.yaml, framework and pathway
//! files, privacy.yaml and artefact front matter, so an editor with a YAML language server
//! completes fields, shows their help on hover and marks mistakes as the educator types.
//!
//! Nothing here lists a field: every schema is made from the tables in `parse::shapes`, the
//! same ones the parser takes its known fields and types from, so the two cannot drift.
//! The schemas are a first line of help; the parser stays the judge (it also checks what a
//! schema cannot say: files that exist, competencies of the framework, registered languages).

mod types;

use crate::parse::shapes::{Cond, Field, Is, Need, Shape, FILES};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// Where `dossier init` puts the schemas in a new portfolio, and where `dossier schema` writes
/// them by default, relative to the portfolio folder.
pub const DIR: &str = ".dossier/schema";

/// Every schema as (file name, JSON text), in a fixed order with a fixed layout: the same
/// dossier version always writes the same bytes.
pub fn all() -> Vec<(String, String)> {
    FILES
        .iter()
        .map(|(name, shape)| {
            let text = serde_json::to_string_pretty(&file_schema(name, shape))
                .expect("a schema is plain JSON");
            (format!("{name}.json"), text + "\n")
        })
        .collect()
}

/// Writes every schema into `dir` (created if needed); returns the files written.
pub fn write(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    all()
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            std::fs::write(&path, text)?;
            Ok(path)
        })
        .collect()
}

/// The schema of one file: its top-level mapping with the draft and a title.
pub fn file_schema(name: &str, shape: &Shape) -> Value {
    let mut schema = Map::new();
    schema.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    schema.insert("title".into(), json!(title(name)));
    if let Value::Object(object) = object(shape) {
        schema.extend(object);
    }
    Value::Object(schema)
}

fn title(name: &str) -> String {
    match name {
        "artefact" => "dossier artefact front matter".into(),
        "portfolio" => "dossier portfolio.yaml".into(),
        "privacy" => "dossier privacy.yaml".into(),
        other => format!("dossier {other} file"),
    }
}

/// A mapping: its fields, which are required, no others, and its field-dependent rules.
pub(crate) fn object(shape: &Shape) -> Value {
    let properties: Map<String, Value> = shape
        .fields
        .iter()
        .map(|f| (f.name.to_string(), property(f)))
        .collect();
    let required: Vec<&str> = shape
        .fields
        .iter()
        .filter(|f| f.need == Need::Required)
        .map(|f| f.name)
        .collect();
    let mut schema = Map::new();
    schema.insert("type".into(), json!("object"));
    schema.insert("description".into(), json!(shape.help));
    schema.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        schema.insert("required".into(), json!(required));
    }
    schema.insert("additionalProperties".into(), json!(false));
    let rules = rules(shape);
    if !rules.is_empty() {
        schema.insert("allOf".into(), Value::Array(rules));
    }
    Value::Object(schema)
}

/// One field: its type, with its help for hover. An optional field may be written empty
/// (`summary:`), which the parser reads as absent, except a privacy flag, where empty is an
/// error (it cannot tell whether to hold material back).
fn property(field: &Field) -> Value {
    let required = field.need == Need::Required;
    let mut schema = types::of(&field.ty, required);
    if !required && !matches!(field.ty, crate::parse::shapes::Type::Flag) {
        schema = types::nullable(schema);
    }
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), json!(field.help));
    }
    schema
}

/// The rules that depend on another field's value, as `if`/`then`: "a case study needs a
/// summary", "a headline metric needs a source", "plan fields only with `kind: plan`".
fn rules(shape: &Shape) -> Vec<Value> {
    let mut rules = Vec::new();
    for field in shape.fields {
        if let Need::RequiredIf(cond) = field.need {
            rules.push(json!({
                "if": condition(cond),
                "then": {
                    "required": [field.name],
                    "properties": { field.name: { "not": { "type": "null" } } }
                }
            }));
        }
    }
    let mut conds: Vec<Cond> = shape.fields.iter().filter_map(|f| f.only_if).collect();
    conds.dedup();
    for cond in conds {
        let refused: Map<String, Value> = shape
            .fields
            .iter()
            .filter(|f| f.only_if == Some(cond))
            .map(|f| (f.name.to_string(), refused(f.name, cond)))
            .collect();
        rules.push(json!({ "if": condition(cond), "else": { "properties": refused } }));
    }
    rules
}

/// A field written where its condition does not hold. `errorMessage` is what the YAML
/// language server shows instead of "Incorrect type"; other validators ignore it.
fn refused(name: &str, cond: Cond) -> Value {
    let needs = match cond.is {
        Is::Text(text) => format!("`{}: {text}`", cond.field),
        Is::True => format!("`{}: true`", cond.field),
    };
    json!({
        "type": "null",
        "errorMessage": format!("`{name}` is only read with {needs}: write that, or remove `{name}`")
    })
}

fn condition(cond: Cond) -> Value {
    let value = match cond.is {
        Is::Text(text) => json!(text),
        Is::True => json!(true),
    };
    json!({ "properties": { cond.field: { "const": value } }, "required": [cond.field] })
}
