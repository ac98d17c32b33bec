//! Every field of every table is read by the parser: a file of each kind with every field
//! written (each at a value of its type) is parsed, and each (mapping, field) must have been
//! asked for. The other way round, a field the parser reads but no table lists panics in the
//! accessor (`Fields::ask`), so every parsing test guards it.

use super::{Cond, Is, Shape, Type, FILES};
use crate::parse::fields::ASKED;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

/// A value of type `ty`: valid where that is easy, always of the right shape.
fn value(ty: &Type) -> Value {
    match ty {
        Type::Text | Type::Markdown => json!("x"),
        Type::Url => json!("https://example.org/"),
        Type::Email => json!("a@example.org"),
        Type::Language => json!("en"),
        Type::Date => json!("2025-06"),
        Type::DateOrPresent => json!("present"),
        Type::Number | Type::Count => json!(1),
        Type::Bool | Type::Flag => json!(true),
        Type::Names => json!(["x"]),
        Type::Choice(options) => json!(options[0]),
        Type::List(shape) => json!([every_field(shape)]),
        Type::Object(shape) => every_field(shape),
        Type::Options => json!({ "accent": "#0b5563" }),
    }
}

/// A mapping of `shape` with each of its fields written; a field another one depends on
/// (`kind` for the plan's fields) has the value that lets the others be read.
fn every_field(shape: &Shape) -> Value {
    let enabling = |name: &str| {
        shape.fields.iter().find_map(|f| match f.only_if {
            Some(Cond {
                field,
                is: Is::Text(value),
            }) if field == name => Some(json!(value)),
            _ => None,
        })
    };
    let fields: Map<String, Value> = shape
        .fields
        .iter()
        .map(|f| {
            (
                f.name.to_string(),
                enabling(f.name).unwrap_or_else(|| value(&f.ty)),
            )
        })
        .collect();
    Value::Object(fields)
}

/// `shape` and every shape inside it, each once.
fn reachable(shape: &'static Shape, into: &mut Vec<&'static Shape>) {
    if into.iter().any(|s| std::ptr::eq(*s, shape)) {
        return;
    }
    into.push(shape);
    for field in shape.fields {
        if let Type::List(inner) | Type::Object(inner) = field.ty {
            reachable(inner, into);
        }
    }
}

/// Parses a file of each kind with every field written, as the real parser does.
fn parse_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = crate::parse::Root::new(dir.path());
    let write = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    };
    for (name, shape) in FILES {
        let yaml = serde_yaml::to_string(&every_field(shape)).unwrap();
        match *name {
            "portfolio" => {
                let path = write("portfolio.yaml", yaml);
                let file = crate::source::read(dir.path(), &path).unwrap();
                let _ = crate::parse::portfolio::settings(&root, &file, None);
            }
            "artefact" => {
                let path = write("artefacts/a.md", format!("---\n{yaml}---\nBody\n"));
                let _ = crate::parse::artefact_file(&root, &path);
            }
            "framework" => {
                let _ = crate::parse::framework::framework("f.yaml", &yaml, "f");
            }
            "pathway" => {
                let _ = crate::parse::pathway::parse("p.yaml", &yaml, "p");
            }
            "privacy" => {
                let path = write("privacy.yaml", yaml);
                let file = crate::source::read(dir.path(), &path).unwrap();
                let _ = crate::parse::privacy::hashed_names(&file);
            }
            other => panic!("no parser for the {other} schema in this test"),
        }
    }
}

#[test]
fn every_field_of_every_table_is_read_by_the_parser() {
    ASKED.with(|asked| asked.borrow_mut().clear());
    parse_every_file();
    let asked = ASKED.with(|asked| asked.borrow().clone());
    let mut shapes = Vec::new();
    for (_, shape) in FILES {
        reachable(shape, &mut shapes);
    }
    let listed: BTreeSet<(&str, &str)> = shapes
        .iter()
        .flat_map(|s| s.fields.iter().map(|f| (s.what, f.name)))
        .collect();
    let unread: Vec<_> = listed.difference(&asked).collect();
    assert!(
        unread.is_empty(),
        "fields in parse::shapes that the parser never reads: {unread:?}"
    );
    // Each mapping's name is its own, so the (mapping, field) pairs above do not mix two up.
    let whats: BTreeSet<&str> = shapes.iter().map(|s| s.what).collect();
    assert_eq!(whats.len(), shapes.len(), "two tables share a name");
}

#[test]
fn the_choices_are_the_models_ids() {
    let kinds: Vec<&str> = crate::model::Kind::ALL.iter().map(|k| k.id()).collect();
    assert_eq!(super::artefact::KINDS, kinds.as_slice());
    let relationships: Vec<&str> = crate::model::Relationship::ALL
        .iter()
        .map(|r| r.id())
        .collect();
    assert_eq!(super::artefact::RELATIONSHIPS, relationships.as_slice());
    let detectors: Vec<&str> = crate::model::Detector::ALL.iter().map(|d| d.id()).collect();
    let table: Vec<&str> = super::DETECTORS.names().collect();
    assert_eq!(table, detectors);
}
