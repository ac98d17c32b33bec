//! A pathway (the career route a readiness page argues for) to a [`Pathway`]: one of the
//! built-in routes by id, or a YAML file of the portfolio named by its path.

use super::assets::Root;
use super::fields::{Fields, Sink};
use super::{shapes, yaml};
use crate::diag::{codes, did_you_mean, Diagnostic};
use crate::model::{Located, Pathway, PathwaySkill};
use crate::source;

/// Pathways compiled into the binary, each mapped to the competencies of every built-in
/// framework (`teacher-leader-skills` and `uk-teachers-standards`).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "headteacher",
        include_str!("../../pathways/headteacher.yaml"),
    ),
    (
        "instructional-coach",
        include_str!("../../pathways/instructional-coach.yaml"),
    ),
    (
        "curriculum-director",
        include_str!("../../pathways/curriculum-director.yaml"),
    ),
    (
        "edtech-manager",
        include_str!("../../pathways/edtech-manager.yaml"),
    ),
    (
        "community-partnership-lead",
        include_str!("../../pathways/community-partnership-lead.yaml"),
    ),
];

/// The pathway portfolio.yaml names: a built-in id, or a `.yaml` file inside the portfolio.
pub fn pathway(root: &Root, wanted: &Located<String>) -> (Option<Pathway>, Vec<Diagnostic>) {
    let value = wanted.value.trim();
    if value.ends_with(".yaml") || value.ends_with(".yml") {
        return from_file(root, wanted);
    }
    if let Some((id, text)) = BUILTIN.iter().find(|(id, _)| *id == value) {
        let (pathway, diags) = parse(&format!("(built-in)/pathways/{id}.yaml"), text, id);
        let named_at = wanted.location.clone();
        let pathway = pathway.map(|p| Pathway {
            builtin: true,
            named_at,
            ..p
        });
        return (pathway, diags);
    }
    let ids = BUILTIN.iter().map(|(id, _)| *id);
    let hint = did_you_mean(value, ids.clone()).unwrap_or_else(|| {
        format!(
            "use a built-in pathway ({}), or write your own in a file and name it, for example:\npathway: pathways/deputy-head.yaml",
            ids.map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
        )
    });
    let error = Diagnostic::error(
        codes::UNKNOWN_PATHWAY,
        wanted.location.clone(),
        format!("there is no pathway `{value}`"),
    )
    .with_hint(hint);
    (None, vec![error])
}

/// A pathway file of the portfolio; like any file it names, it must be inside the folder.
fn from_file(root: &Root, wanted: &Located<String>) -> (Option<Pathway>, Vec<Diagnostic>) {
    let asset = match root.asset(&root.path, wanted.value.trim(), wanted.location.clone()) {
        Ok(asset) => asset,
        Err(e) => return (None, vec![e]),
    };
    let file = match source::read(&root.path, &asset.source) {
        Ok(file) => file,
        Err(e) => return (None, vec![e]),
    };
    let stem = asset
        .source
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let (pathway, diags) = parse(&file.path, &file.text, &stem);
    let named_at = wanted.location.clone();
    (pathway.map(|p| Pathway { named_at, ..p }), diags)
}

/// Reads a pathway file; `fallback_id` (the file name) is its id when it names none.
pub fn parse(path: &str, text: &str, fallback_id: &str) -> (Option<Pathway>, Vec<Diagnostic>) {
    let node = match yaml::parse(path, text, 1) {
        Ok(node) => node,
        Err(e) => return (None, vec![e]),
    };
    let sink = Sink::new(path);
    let pathway = Fields::of(&sink, &node, &shapes::PATHWAY).map(|fields| {
        let pathway = Pathway {
            id: fields
                .string("id")
                .unwrap_or_else(|| fallback_id.to_string()),
            name: fields
                .required_string("name", "name: Deputy headteacher")
                .unwrap_or_default(),
            description: fields.string("description"),
            skills: fields
                .list("skills", shapes::SKILL.example)
                .iter()
                .filter_map(|n| skill(&sink, n))
                .collect(),
            named_at: fields.location(),
            builtin: false,
        };
        if fields.get("skills").is_none() {
            fields.required_string("skills", shapes::SKILL.example);
        }
        fields.finish();
        pathway
    });
    let diags = sink.into_diagnostics();
    let ok = diags.is_empty();
    (pathway.filter(|_| ok), diags)
}

fn skill(sink: &Sink, node: &yaml::Node) -> Option<PathwaySkill> {
    let fields = Fields::of(sink, node, &shapes::SKILL)?;
    let name = fields.required_string("name", "name: Developing staff");
    let competencies = fields.string_list("competencies");
    if competencies.is_empty() {
        sink.push(
            Diagnostic::error(
                codes::MISSING_FIELD,
                fields.location(),
                "this skill names no competencies, so no evidence can show it",
            )
            .with_hint("list the competencies of your framework that show it, for example:\ncompetencies: [coaching]"),
        );
    }
    let skill = PathwaySkill {
        name: name?,
        description: fields.string("description"),
        competencies,
        location: fields.location(),
    };
    fields.finish();
    Some(skill)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_pathway_reads_without_a_problem() {
        for (id, text) in BUILTIN {
            let (pathway, diags) = parse(id, text, id);
            assert!(diags.is_empty(), "{id}: {diags:?}");
            let pathway = pathway.expect("it parsed");
            assert_eq!(pathway.id, *id);
            assert!(!pathway.skills.is_empty());
        }
    }

    #[test]
    fn a_skill_without_competencies_is_an_error_at_its_line() {
        let text = "name: Deputy head\nskills:\n  - name: Developing staff\n";
        let (pathway, diags) = parse("pathways/deputy.yaml", text, "deputy");
        assert!(pathway.is_none());
        assert_eq!(diags[0].code, codes::MISSING_FIELD);
        assert_eq!(diags[0].location.line, 3, "{diags:?}");
    }
}
