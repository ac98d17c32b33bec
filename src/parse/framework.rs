//! A competency framework file (YAML) to a [`Framework`].

use super::fields::{Fields, Sink};
use super::{shapes, yaml};
use crate::diag::{codes, Diagnostic};
use crate::model::{Competency, Framework};

/// Reads a framework; `fallback_id` (the file name) is its id when it names none.
pub fn framework(
    path: &str,
    text: &str,
    fallback_id: &str,
) -> (Option<Framework>, Vec<Diagnostic>) {
    let node = match yaml::parse(path, text, 1) {
        Ok(node) => node,
        Err(e) => return (None, vec![e]),
    };
    let sink = Sink::new(path);
    let framework = Fields::of(&sink, &node, &shapes::FRAMEWORK).map(|fields| {
        let competencies: Vec<Competency> = fields
            .list(
                "competencies",
                "competencies:\n  - id: coaching\n    name: Instructional coaching and mentoring",
            )
            .iter()
            .filter_map(|n| competency(&sink, n))
            .collect();
        let mut seen = std::collections::HashSet::new();
        for (node, c) in fields.list("competencies", "").iter().zip(&competencies) {
            if !seen.insert(c.id.clone()) {
                sink.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ID,
                        sink.at(node.pos),
                        format!("competency id `{}` is used twice", c.id),
                    )
                    .with_hint("every competency needs its own id"),
                );
            }
        }
        let framework = Framework {
            id: fields
                .string("id")
                .unwrap_or_else(|| fallback_id.to_string()),
            name: fields
                .required_string("name", "name: Teacher leadership competencies")
                .unwrap_or_default(),
            source: fields.string("source"),
            competencies,
        };
        fields.finish();
        framework
    });
    let diags = sink.into_diagnostics();
    let ok = diags.is_empty();
    (framework.filter(|_| ok), diags)
}

fn competency(sink: &Sink, node: &yaml::Node) -> Option<Competency> {
    let fields = Fields::of(sink, node, &shapes::COMPETENCY)?;
    if let Some(id) = fields.located_string("id") {
        fields.check_page_name("id", &id);
    }
    let competency = Competency {
        id: fields.required_string("id", "id: coaching")?,
        name: fields.required_string("name", "name: Instructional coaching and mentoring")?,
        description: fields.string("description"),
        short: fields.string("short"),
        location: fields.location(),
    };
    fields.finish();
    Some(competency)
}
