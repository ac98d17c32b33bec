//! Rules of the portfolio's argument: a case study tells its story, a custom pathway and a
//! plan name competencies the framework has.

use crate::diag::{codes, did_you_mean, Diagnostic, Diagnostics};
use crate::model::{Framework, Kind, Located, Portfolio};
use crate::site::Site;

/// A public case study says what changed, why, or what next: the summary a panel reads first.
/// A warning, since the site still builds without it.
pub(super) fn case_studies_tell_their_story(site: &Site<'_>, out: &mut Vec<Diagnostic>) {
    for artefact in site
        .artefacts
        .iter()
        .filter(|a| a.kind == Kind::CaseStudy && a.story.is_empty())
    {
        out.push(
            Diagnostic::warning(
                codes::CASE_STUDY_WITHOUT_STORY,
                artefact.slug.location.clone(),
                format!("the case study `{}` does not say what changed, why, or what next", artefact.title),
            )
            .with_hint("add one or two sentences each, shown first on its page and card, for example:\nchanged: Pupils at the expected standard rose from 54% to 68%.\nwhy: Weekly hinge questions showed teachers who needed re-teaching.\nnext: Extend to Year 9 from September, with the same measures."),
        );
    }
}

/// The competencies of a pathway file are the framework's. A built-in pathway maps to every
/// built-in framework at once, so only its skills the framework cannot show at all are news.
pub(super) fn pathway_names_known_competencies(portfolio: &Portfolio, diags: &mut Diagnostics) {
    let Some(pathway) = &portfolio.pathway else {
        return;
    };
    let Some(framework) = &portfolio.framework else {
        diags.push(
            Diagnostic::error(
                codes::PATHWAY_COMPETENCY,
                pathway.named_at.clone(),
                format!("the pathway `{}` maps skills to competencies, but the portfolio has no framework", pathway.id),
            )
            .with_hint("name a framework in portfolio.yaml, for example the built-in one the built-in pathways map to:\nframework: teacher-leader-skills"),
        );
        return;
    };
    for skill in &pathway.skills {
        if pathway.builtin {
            if !skill.competencies.iter().any(|c| is_known(framework, c)) {
                diags.push(
                    Diagnostic::error(
                        codes::PATHWAY_COMPETENCY,
                        pathway.named_at.clone(),
                        format!("the built-in pathway `{}` maps its skill “{}” to no competency of the framework `{}`", pathway.id, skill.name, framework.id),
                    )
                    .with_hint("built-in pathways map to the built-in frameworks (teacher-leader-skills, uk-teachers-standards); with your own framework, write your own pathway file:\npathway: pathways/my-route.yaml"),
                );
            }
            continue;
        }
        for competency in skill
            .competencies
            .iter()
            .filter(|c| !is_known(framework, c))
        {
            diags.push(unknown(codes::PATHWAY_COMPETENCY, framework, competency));
        }
    }
}

/// A plan's `closes:` names competencies of the framework.
pub(super) fn plans_close_known_competencies(portfolio: &Portfolio, diags: &mut Diagnostics) {
    let closes = portfolio
        .artefacts
        .iter()
        .filter_map(|a| a.plan.as_ref())
        .flat_map(|p| &p.closes);
    for competency in closes {
        match &portfolio.framework {
            Some(framework) if !is_known(framework, competency) => {
                diags.push(unknown(codes::PLAN_CLOSES_UNKNOWN, framework, competency))
            }
            Some(_) => {}
            None => diags.push(
                Diagnostic::error(
                    codes::PLAN_CLOSES_UNKNOWN,
                    competency.location.clone(),
                    format!("`{}` names a competency, but the portfolio has no framework", competency.value),
                )
                .with_hint("name the framework in portfolio.yaml, for example:\nframework: teacher-leader-skills"),
            ),
        }
    }
}

fn is_known(framework: &Framework, id: &Located<String>) -> bool {
    framework.competencies.iter().any(|c| c.id == id.value)
}

fn unknown(code: &'static str, framework: &Framework, id: &Located<String>) -> Diagnostic {
    let ids = framework.competencies.iter().map(|c| c.id.as_str());
    let hint = did_you_mean(&id.value, ids.clone()).unwrap_or_else(|| {
        format!(
            "the competencies of `{}` are: {}",
            framework.id,
            ids.collect::<Vec<_>>().join(", ")
        )
    });
    Diagnostic::error(
        code,
        id.location.clone(),
        format!(
            "`{}` is not a competency of the framework `{}`",
            id.value, framework.id
        ),
    )
    .with_hint(hint)
}
