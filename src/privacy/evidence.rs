//! The detectors that read the portfolio's evidence rather than its words: a parent's or
//! student's testimonial signed with a personal name, and a percentage of too few people.

use super::detectors::{code, hint};
use crate::diag::Diagnostic;
use crate::model::{Detector, Metric, Portfolio, Relationship, Testimonial};

/// Words a testimonial may be signed with that name nobody ("A parent", "Year 9 student").
const ANONYMOUS_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "parent",
    "parents",
    "carer",
    "guardian",
    "mother",
    "father",
    "mum",
    "dad",
    "student",
    "pupil",
    "learner",
    "former",
    "year",
    "class",
    "form",
    "sixth",
    "anonymous",
    "family",
    "in",
    "my",
    "our",
];

/// Findings about published testimonials and metrics.
pub fn scan(portfolio: &Portfolio, include_drafts: bool) -> Vec<Diagnostic> {
    let settings = &portfolio.privacy;
    let mut found = Vec::new();
    for artefact in portfolio
        .artefacts
        .iter()
        .filter(|a| a.is_published(include_drafts))
    {
        if settings.is_on(Detector::TestimonialName) {
            let named = artefact
                .testimonials
                .iter()
                .filter(|t| signed_by_a_child_or_parent(t));
            found.extend(named.map(testimonial_finding));
        }
        if settings.is_on(Detector::SmallNumber) {
            let small = artefact
                .metrics
                .iter()
                .filter(|m| too_few(m, settings.small_numbers));
            found.extend(small.map(|m| small_number_finding(m, settings.small_numbers)));
        }
    }
    found
}

/// A published parent's or student's testimonial whose name has a capitalised word that is
/// not one of the words describing a role.
fn signed_by_a_child_or_parent(t: &Testimonial) -> bool {
    t.consent
        && !t.anonymised
        && matches!(t.relationship, Relationship::Parent | Relationship::Student)
        && t.name.split_whitespace().any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.chars().next().is_some_and(char::is_uppercase)
                && !ANONYMOUS_WORDS.contains(&w.to_lowercase().as_str())
        })
}

fn testimonial_finding(t: &Testimonial) -> Diagnostic {
    let location = t
        .name_location
        .clone()
        .unwrap_or_else(|| t.location.clone());
    Diagnostic::warning(
        code(Detector::TestimonialName),
        location,
        format!(
            "a {} testimonial is signed with a name: with the page, it can identify a child",
            t.relationship.label().to_lowercase()
        ),
    )
    .with_hint(hint(Detector::TestimonialName))
}

/// A percentage (`%` or `pp`) of fewer people than the threshold.
fn too_few(metric: &Metric, threshold: u32) -> bool {
    let percent = matches!(metric.unit.as_deref().map(str::trim), Some("%" | "pp"));
    percent && metric.n.is_some_and(|n| n < threshold)
}

fn small_number_finding(metric: &Metric, threshold: u32) -> Diagnostic {
    let n = metric.n.unwrap_or_default();
    Diagnostic::warning(
        code(Detector::SmallNumber),
        metric.location.clone(),
        format!(
            "`{}` is a percentage of {n} people, fewer than {threshold}: each pupil is a large share, and a reader who knows the group can tell who",
            metric.label
        ),
    )
    .with_hint(hint(Detector::SmallNumber))
}
