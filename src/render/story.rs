//! The argument on the page: a case study's story (what changed, why, what next) and a
//! development plan, as views for cards, artefact pages, the home page and the printable
//! document.

use super::metrics;
use super::views::{self, CardLite, CompetencyRef};
use crate::model::{Kind, Plan, Story};
use crate::site::{self, Site};
use serde::Serialize;

/// The three answers, each as written; `None` when the artefact gives none.
#[derive(Serialize, Clone)]
pub struct StoryView<'a> {
    pub changed: Option<&'a str>,
    pub why: Option<&'a str>,
    pub next: Option<&'a str>,
}

pub fn story(story: &Story) -> Option<StoryView<'_>> {
    (!story.is_empty()).then_some(StoryView {
        changed: story.changed.as_deref(),
        why: story.why.as_deref(),
        next: story.next.as_deref(),
    })
}

/// A development plan, with every figure already written out.
#[derive(Serialize, Clone)]
pub struct PlanView<'a> {
    pub goal: &'a str,
    pub months: Option<u32>,
    pub budget: Option<&'a str>,
    pub decision_date: Option<String>,
    pub decision_date_iso: Option<String>,
    pub decision_question: Option<&'a str>,
    pub kpis: Vec<KpiView<'a>>,
    /// The competencies the plan means to evidence (gaps it closes).
    pub closes: Vec<CompetencyRef<'a>>,
}

#[derive(Serialize, Clone)]
pub struct KpiView<'a> {
    pub label: &'a str,
    pub baseline_display: String,
    pub target_display: String,
    /// "54% → 68%" read aloud: "from 54% to 68%".
    pub summary: String,
}

pub fn plan<'a>(site: &Site<'a>, plan: &'a Plan) -> PlanView<'a> {
    PlanView {
        goal: &plan.goal,
        months: plan.months,
        budget: plan.budget.as_deref(),
        decision_date: plan.decision.as_ref().map(|d| d.date.display()),
        decision_date_iso: plan.decision.as_ref().map(|d| d.date.iso()),
        decision_question: plan.decision.as_ref().and_then(|d| d.question.as_deref()),
        kpis: plan
            .kpis
            .iter()
            .map(|k| {
                let unit = k.unit.as_deref();
                let (baseline, target) = (
                    metrics::value(k.baseline, unit),
                    metrics::value(k.target, unit),
                );
                KpiView {
                    label: &k.label,
                    summary: format!("{}: from {baseline} now to {target}", k.label),
                    baseline_display: baseline,
                    target_display: target,
                }
            })
            .collect(),
        closes: views::competency_refs(site, plan.closes.iter().map(|c| c.value.as_str())),
    }
}

/// A plan in the "What next" section: the plan and the artefact that holds it.
#[derive(Serialize)]
pub struct NextView<'a> {
    pub artefact: CardLite<'a>,
    pub plan: PlanView<'a>,
}

/// The public plans among `ids`, newest first as the site orders them; `in_document` says
/// which the page prints in full (the printable document links to their section).
pub fn what_next<'a>(
    site: &Site<'a>,
    ids: impl Iterator<Item = site::Id>,
    in_document: &dyn Fn(site::Id) -> bool,
) -> Vec<NextView<'a>> {
    ids.filter_map(|id| {
        let a = site.artefact(id);
        let plan = a.plan.as_ref().filter(|_| a.kind == Kind::Plan)?;
        let mut artefact = views::card_lite(site, id);
        artefact.in_document = in_document(id);
        Some(NextView {
            artefact,
            plan: self::plan(site, plan),
        })
    })
    .collect()
}

/// A case study's story on the home page's impact section.
#[derive(Serialize)]
pub struct StoryCard<'a> {
    pub artefact: CardLite<'a>,
    pub story: StoryView<'a>,
}

/// How many stories the home page shows: the impact section stays a summary.
const HOME_STORIES: usize = 3;

/// The public case studies that tell their story, featured ones first, at most three.
pub fn stories<'a>(site: &Site<'a>) -> Vec<StoryCard<'a>> {
    let mut ids = site.of_kind(Kind::CaseStudy);
    ids.sort_by_key(|&id| !site.artefact(id).featured);
    ids.into_iter()
        .filter_map(|id| {
            Some(StoryCard {
                artefact: views::card_lite(site, id),
                story: story(&site.artefact(id).story)?,
            })
        })
        .take(HOME_STORIES)
        .collect()
}
