//! The readiness page (`readiness/`): for the pathway portfolio.yaml names, each skill with
//! its evidence, how strong that evidence is, the gaps, and the plans that mean to close them.
//! Also the strength of one artefact's evidence, for the evidence matrix.

use super::views::{self, CardLite, CompetencyRef};
use crate::model::{Kind, Pathway, PathwaySkill, Strength};
use crate::site::{self, Site};
use serde::Serialize;

/// A strength as templates show it: an id for styling, a label to read, and a level from 1
/// (narrative only) to 4 (outcome with a comparison) for a visual scale.
#[derive(Serialize, Clone, Copy)]
pub struct StrengthView {
    pub id: &'static str,
    pub label: &'static str,
    pub level: u8,
}

impl From<Strength> for StrengthView {
    fn from(strength: Strength) -> Self {
        StrengthView {
            id: strength.id(),
            label: strength.label(),
            level: strength as u8 + 1,
        }
    }
}

/// The strength of a public artefact's evidence. A plan is intent, not evidence: `None`.
pub fn artefact_strength(site: &Site<'_>, id: site::Id) -> Option<StrengthView> {
    let a = site.artefact(id);
    (a.kind != Kind::Plan).then(|| Strength::of_artefact(a).into())
}

#[derive(Serialize)]
pub struct ReadinessExtra<'a> {
    pathway: PathwayView<'a>,
    skills: Vec<SkillView<'a>>,
    /// How many skills have evidence, of how many.
    evidenced: usize,
    total: usize,
}

#[derive(Serialize)]
struct PathwayView<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
}

#[derive(Serialize)]
struct SkillView<'a> {
    name: &'a str,
    description: Option<&'a str>,
    competencies: Vec<CompetencyRef<'a>>,
    /// Strongest first.
    evidence: Vec<EvidenceView<'a>>,
    /// The strongest evidence's; `None` is a gap.
    strength: Option<StrengthView>,
    gap: bool,
    /// Plans whose `closes:` names one of the skill's competencies.
    plans: Vec<CardLite<'a>>,
}

#[derive(Serialize)]
struct EvidenceView<'a> {
    artefact: CardLite<'a>,
    strength: StrengthView,
}

/// The readiness page's context; `None` without a pathway (the page is not built then).
pub fn readiness<'a>(site: &Site<'a>) -> Option<ReadinessExtra<'a>> {
    let pathway: &'a Pathway = site.portfolio.pathway.as_ref()?;
    let skills: Vec<SkillView> = pathway.skills.iter().map(|s| skill(site, s)).collect();
    Some(ReadinessExtra {
        pathway: PathwayView {
            id: &pathway.id,
            name: &pathway.name,
            description: pathway.description.as_deref(),
        },
        evidenced: skills.iter().filter(|s| !s.gap).count(),
        total: skills.len(),
        skills,
    })
}

/// What the public site shows of one skill: its competencies (of the portfolio's framework),
/// the evidence strongest first, and the plans that mean to close it.
pub struct Assessment<'a> {
    pub competencies: Vec<CompetencyRef<'a>>,
    pub evidence: Vec<(Strength, site::Id)>,
    pub plans: Vec<site::Id>,
}

pub fn assess<'a>(site: &Site<'a>, skill: &'a PathwaySkill) -> Assessment<'a> {
    // A built-in pathway names competencies of several frameworks: keep this framework's.
    let ids = skill.competencies.iter().map(|c| c.value.as_str());
    let competencies = views::competency_refs(site, ids);
    let names = |list: &[crate::model::Located<String>]| {
        list.iter()
            .any(|c| competencies.iter().any(|k| k.id == c.value))
    };
    let mut evidence: Vec<(Strength, site::Id)> = (0..site.artefacts.len())
        .filter(|&id| site.artefact(id).kind != Kind::Plan)
        .filter(|&id| names(&site.artefact(id).competencies))
        .map(|id| (Strength::of_artefact(site.artefact(id)), id))
        .collect();
    // Strongest first; the site's order (newest first) among equals.
    evidence.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let plans = (0..site.artefacts.len())
        .filter(|&id| {
            let plan = site.artefact(id).plan.as_ref();
            plan.is_some_and(|p| names(&p.closes))
        })
        .collect();
    Assessment {
        competencies,
        evidence,
        plans,
    }
}

fn skill<'a>(site: &Site<'a>, skill: &'a PathwaySkill) -> SkillView<'a> {
    let Assessment {
        competencies,
        evidence,
        plans,
    } = assess(site, skill);
    SkillView {
        name: &skill.name,
        description: skill.description.as_deref(),
        strength: evidence.first().map(|(s, _)| (*s).into()),
        gap: evidence.is_empty(),
        evidence: evidence
            .into_iter()
            .map(|(strength, id)| EvidenceView {
                artefact: views::card_lite(site, id),
                strength: strength.into(),
            })
            .collect(),
        competencies,
        plans: plans
            .into_iter()
            .map(|id| views::card_lite(site, id))
            .collect(),
    }
}
