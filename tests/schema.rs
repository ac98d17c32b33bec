//! The JSON Schemas `dossier schema` writes, applied with the `jsonschema` crate (formats
//! checked, as an editor does): the sample portfolio and the other valid portfolios pass, and
//! each refusal fixture whose mistake is a field mistake (missing, unknown, wrong type, bad
//! value, bad date) is rejected at the file the build refuses.

mod common;

use common::fixture;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs `dossier schema -o DIR` and returns the schemas it wrote, by file stem.
fn write_schemas(dir: &Path) -> Vec<(String, Value)> {
    let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["schema", "-o"])
        .arg(dir)
        .output()
        .expect("run dossier schema");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut schemas = Vec::new();
    for name in ["portfolio", "artefact", "framework", "pathway", "privacy"] {
        let path = dir.join(format!("{name}.json"));
        assert!(
            stdout.contains(&path.display().to_string()),
            "{name}.json is not reported as written:\n{stdout}"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        schemas.push((name.to_string(), serde_json::from_str(&text).unwrap()));
    }
    schemas
}

/// The five validators, built once per test.
struct Schemas(Vec<(String, jsonschema::Validator)>);

impl Schemas {
    fn new() -> Schemas {
        let dir = tempfile::tempdir().unwrap();
        let validators = write_schemas(dir.path())
            .into_iter()
            .map(|(name, schema)| {
                jsonschema::meta::validate(&schema)
                    .unwrap_or_else(|e| panic!("{name}.json is not a valid schema: {e}"));
                let validator = jsonschema::options()
                    .should_validate_formats(true)
                    .build(&schema)
                    .unwrap();
                (name, validator)
            })
            .collect();
        Schemas(validators)
    }

    /// The schema's complaints about `instance`, one line each.
    fn errors(&self, name: &str, instance: &Value) -> Vec<String> {
        let (_, validator) = self.0.iter().find(|(n, _)| n == name).unwrap();
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect()
    }

    /// Every YAML file and front matter of a portfolio folder with its complaints.
    fn portfolio(&self, root: &Path) -> Vec<(PathBuf, Vec<String>)> {
        documents(root)
            .into_iter()
            .map(|(path, schema, value)| {
                let errors = self.errors(schema, &value);
                (path, errors)
            })
            .collect()
    }
}

/// (file, schema name, content as JSON) for each file of the portfolio a schema covers.
fn documents(root: &Path) -> Vec<(PathBuf, &'static str, Value)> {
    let mut docs = Vec::new();
    let mut add = |path: PathBuf, schema: &'static str, yaml: &str| {
        let value: Value = serde_yaml::from_str(yaml)
            .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
        docs.push((path, schema, value));
    };
    for (file, schema) in [("portfolio.yaml", "portfolio"), ("privacy.yaml", "privacy")] {
        if let Ok(text) = std::fs::read_to_string(root.join(file)) {
            add(root.join(file), schema, &text);
        }
    }
    for (folder, schema) in [("frameworks", "framework"), ("pathways", "pathway")] {
        for path in files(&root.join(folder), &["yaml", "yml"]) {
            add(
                path.clone(),
                schema,
                &std::fs::read_to_string(&path).unwrap(),
            );
        }
    }
    for path in files(&root.join("artefacts"), &["md", "markdown"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Some(front) = front_matter(&text) {
            add(path, "artefact", front);
        }
    }
    docs
}

/// The YAML between the first two `---` lines, if the file starts with one.
fn front_matter(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---").map_or(0, |i| i + 1);
    Some(&rest[..end])
}

/// Files under `dir` (any depth) ending in one of `extensions`, sorted.
fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files(&path, extensions));
        } else if path
            .extension()
            .is_some_and(|e| extensions.iter().any(|x| e == *x))
        {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn assert_all_valid(schemas: &Schemas, root: &Path) {
    let results = schemas.portfolio(root);
    assert!(results.len() > 1, "nothing read under {}", root.display());
    let failures: Vec<_> = results.iter().filter(|(_, e)| !e.is_empty()).collect();
    assert!(
        failures.is_empty(),
        "valid files the schemas reject: {failures:#?}"
    );
}

#[test]
fn the_valid_portfolios_pass_their_schemas() {
    let schemas = Schemas::new();
    assert_all_valid(&schemas, &repo("sample-portfolio"));
    assert_all_valid(&schemas, &repo("tests/portfolios/rich"));
    assert_all_valid(&schemas, &fixture("refuse/valid"));
}

#[test]
fn the_built_in_frameworks_and_pathways_pass_their_schemas() {
    let schemas = Schemas::new();
    for (folder, schema) in [("frameworks", "framework"), ("pathways", "pathway")] {
        for path in files(&repo(folder), &["yaml"]) {
            let value = serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors = schemas.errors(schema, &value);
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        }
    }
}

/// Each refusal fixture whose defect is a field mistake, and the file the build refuses.
const FIELD_MISTAKES: &[(&str, &str)] = &[
    ("missing-title", "artefacts/no-title.md"),
    ("missing-kind", "artefacts/no-kind.md"),
    ("missing-date", "artefacts/no-date.md"),
    ("missing-summary", "artefacts/case-study.md"),
    ("missing-metric-result", "artefacts/metric.md"),
    ("headline-without-source", "artefacts/pilot.md"),
    ("wrong-type-featured", "artefacts/featured.md"),
    ("wrong-type-baseline", "artefacts/metric.md"),
    ("bad-date", "artefacts/bad-date.md"),
    ("unknown-kind", "artefacts/typo.md"),
    ("unknown-field", "artefacts/pilot.md"),
];

#[test]
fn each_field_mistake_of_the_refusal_fixtures_is_rejected_where_the_build_refuses() {
    let schemas = Schemas::new();
    for (rule, file) in FIELD_MISTAKES {
        let root = fixture(&format!("refuse/{rule}"));
        let results = schemas.portfolio(&root);
        let rejected: Vec<&PathBuf> = results
            .iter()
            .filter(|(_, e)| !e.is_empty())
            .map(|(p, _)| p)
            .collect();
        assert_eq!(
            rejected,
            vec![&root.join(file)],
            "{rule}: the schemas should reject exactly {file}: {results:#?}"
        );
    }
}

#[test]
fn the_plan_fields_and_impossible_dates_are_rejected() {
    let schemas = Schemas::new();
    let front = |yaml: &str| serde_yaml::from_str::<Value>(yaml).unwrap();
    let ok = "title: T\nkind: plan\ndate: 2025-06\ngoal: G\nmonths: 12\n";
    assert_eq!(schemas.errors("artefact", &front(ok)), Vec::<String>::new());
    for bad in [
        // Plan fields on another kind (D0531), a plan without its goal.
        "title: T\nkind: project\ndate: 2025-06\nmonths: 12\n",
        "title: T\nkind: plan\ndate: 2025-06\n",
        // A day that is not in the calendar, a month that is not one.
        "title: T\nkind: project\ndate: 2024-02-31\n",
        "title: T\nkind: project\ndate: 2024-13\n",
        // An empty privacy flag, a count of zero, a decimal comma.
        "title: T\nkind: project\ndate: 2025-06\nprivate:\n",
        "title: T\nkind: plan\ndate: 2025-06\ngoal: G\nmonths: 0\n",
        "title: T\nkind: project\ndate: 2025-06\nmetrics:\n  - {label: L, baseline: '48,5', result: 50}\n",
    ] {
        assert!(
            !schemas.errors("artefact", &front(bad)).is_empty(),
            "accepted: {bad}"
        );
    }
}

#[test]
fn the_schemas_are_the_same_bytes_every_time() {
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_schemas(one.path());
    write_schemas(two.path());
    for name in ["portfolio", "artefact", "framework", "pathway", "privacy"] {
        let file = format!("{name}.json");
        let read = |dir: &Path| std::fs::read(dir.join(&file)).unwrap();
        assert_eq!(read(one.path()), read(two.path()), "{file} differs");
    }
}

#[test]
fn every_field_carries_its_help_for_hover() {
    let dir = tempfile::tempdir().unwrap();
    for (name, schema) in write_schemas(dir.path()) {
        fn walk(name: &str, at: &str, schema: &Value) {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (field, property) in properties {
                let help = property.get("description").and_then(Value::as_str);
                assert!(
                    help.is_some_and(|h| h.len() > 10),
                    "{name}.json: {at}{field} has no description"
                );
                let inner = property.get("items").unwrap_or(property);
                walk(name, &format!("{at}{field}."), inner);
            }
        }
        walk(&name, "", &schema);
    }
}

/// The YAML examples of docs/format.md that are a whole file or front matter validate.
#[test]
fn the_whole_examples_of_the_format_reference_pass() {
    let schemas = Schemas::new();
    let text = std::fs::read_to_string(repo("docs/format.md")).unwrap();
    let mut checked = 0;
    for block in text.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap();
        let yaml = block.strip_prefix("---\n").unwrap_or(block);
        let yaml = yaml.split("\n---").next().unwrap();
        let Ok(Value::Object(map)) = serde_yaml::from_str::<Value>(yaml) else {
            continue;
        };
        let schema = if map.contains_key("base_url") && map.contains_key("person") {
            "portfolio"
        } else if ["title", "kind", "date"]
            .iter()
            .all(|k| map.contains_key(*k))
        {
            "artefact"
        } else if map.contains_key("competencies") && map.contains_key("name") {
            "framework"
        } else {
            continue;
        };
        let errors = schemas.errors(schema, &Value::Object(map));
        assert!(
            errors.is_empty(),
            "docs/format.md example:\n{yaml}\n{errors:#?}"
        );
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} whole examples found");
}

/// `dossier init` writes the schemas, and each YAML file of the starter names its schema on
/// its first line, by a path that resolves from that file (as the YAML language server reads
/// it), and passes it.
#[test]
fn the_starter_names_the_schemas_init_writes_and_passes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("portfolio");
    dossier::scaffold::init(&dir, false).unwrap();
    let schemas = Schemas::new();
    for (file, schema) in [
        ("portfolio.yaml", "portfolio"),
        ("frameworks/my-framework.yaml", "framework"),
    ] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.lines().next().unwrap();
        let named = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{file} starts with {first:?}"));
        let written = path.parent().unwrap().join(named);
        let here = std::fs::read_to_string(&written)
            .unwrap_or_else(|e| panic!("{file} names {named}, not written by init: {e}"));
        let fresh = tempfile::tempdir().unwrap();
        let expected = write_schemas(fresh.path())
            .into_iter()
            .find(|(n, _)| n == schema)
            .unwrap()
            .1;
        assert_eq!(serde_json::from_str::<Value>(&here).unwrap(), expected);
        let value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(
            schemas.errors(schema, &value),
            Vec::<String>::new(),
            "{file}"
        );
    }
    for (path, errors) in schemas.portfolio(&dir) {
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}
