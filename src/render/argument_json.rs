//! The argument in `portfolio.json`: each artefact's story, plan and strength of evidence,
//! and the pathway with each skill's evidence (documented in `docs/format.md#portfoliojson`).

use super::readiness;
use crate::model::{Artefact, Strength};
use crate::site::Site;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct StoryJson<'a> {
    changed: Option<&'a str>,
    why: Option<&'a str>,
    next: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct PlanJson<'a> {
    goal: &'a str,
    months: Option<u32>,
    budget: Option<&'a str>,
    decision: Option<DecisionJson<'a>>,
    kpis: Vec<KpiJson<'a>>,
    closes: Vec<&'a str>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    date: String,
    question: Option<&'a str>,
}

#[derive(Serialize)]
struct KpiJson<'a> {
    label: &'a str,
    unit: Option<&'a str>,
    baseline: f64,
    target: f64,
}

#[derive(Serialize)]
pub(super) struct PathwayJson<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    skills: Vec<SkillJson<'a>>,
}

#[derive(Serialize)]
struct SkillJson<'a> {
    name: &'a str,
    competencies: Vec<&'a str>,
    /// The strongest evidence's strength; `null` for a gap.
    strength: Option<&'static str>,
    gap: bool,
    evidence: Vec<EvidenceJson<'a>>,
    /// Slugs of the plans that mean to close it.
    plans: Vec<&'a str>,
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    slug: &'a str,
    strength: &'static str,
}

pub(super) fn story(a: &Artefact) -> Option<StoryJson<'_>> {
    (!a.story.is_empty()).then_some(StoryJson {
        changed: a.story.changed.as_deref(),
        why: a.story.why.as_deref(),
        next: a.story.next.as_deref(),
    })
}

pub(super) fn plan(a: &Artefact) -> Option<PlanJson<'_>> {
    let plan = a.plan.as_ref()?;
    Some(PlanJson {
        goal: &plan.goal,
        months: plan.months,
        budget: plan.budget.as_deref(),
        decision: plan.decision.as_ref().map(|d| DecisionJson {
            date: d.date.iso(),
            question: d.question.as_deref(),
        }),
        kpis: plan
            .kpis
            .iter()
            .map(|k| KpiJson {
                label: &k.label,
                unit: k.unit.as_deref(),
                baseline: k.baseline,
                target: k.target,
            })
            .collect(),
        closes: plan.closes.iter().map(|c| c.value.as_str()).collect(),
    })
}

/// The strength of an artefact's evidence; `None` for a plan (intent, not evidence).
pub(super) fn strength(a: &Artefact) -> Option<&'static str> {
    (a.kind != crate::model::Kind::Plan).then(|| Strength::of_artefact(a).id())
}

pub(super) fn pathway<'a>(site: &Site<'a>) -> Option<PathwayJson<'a>> {
    let pathway = site.portfolio.pathway.as_ref()?;
    site.portfolio.framework.as_ref()?;
    let slug = |id| site.artefact(id).slug.value.as_str();
    let skills = pathway
        .skills
        .iter()
        .map(|skill| {
            let assessment = readiness::assess(site, skill);
            SkillJson {
                name: &skill.name,
                competencies: assessment.competencies.iter().map(|c| c.id).collect(),
                strength: assessment.evidence.first().map(|(s, _)| s.id()),
                gap: assessment.evidence.is_empty(),
                evidence: assessment
                    .evidence
                    .iter()
                    .map(|&(s, id)| EvidenceJson {
                        slug: slug(id),
                        strength: s.id(),
                    })
                    .collect(),
                plans: assessment.plans.iter().map(|&id| slug(id)).collect(),
            }
        })
        .collect();
    Some(PathwayJson {
        id: &pathway.id,
        name: &pathway.name,
        description: pathway.description.as_deref(),
        skills,
    })
}
