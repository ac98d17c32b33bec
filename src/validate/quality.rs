//! How the portfolio reads to a reviewer: warnings, never errors, one function per rule. Each
//! names something a promotion panel would notice (a competency without evidence, an impact
//! claim without a target, praise from years ago) and how to put it right.
//!
//! Only what the public site shows is judged, so the rules read [`Site`]. Nothing here reads
//! the clock: "today" comes in [`QualityOptions`].

use crate::diag::{codes, Diagnostic};
use crate::model::{Date, Kind, Portfolio};
use crate::site::{Id, Site};
use std::collections::HashSet;

/// How old a testimonial may be before it is reported, unless told otherwise.
pub const DEFAULT_TESTIMONIAL_MAX_AGE_YEARS: u32 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualityOptions {
    /// The day the check runs, for the age of testimonials.
    pub today: Date,
    pub testimonial_max_age_years: u32,
}

impl QualityOptions {
    /// Options with the default testimonial age of [`DEFAULT_TESTIMONIAL_MAX_AGE_YEARS`].
    pub fn new(today: Date) -> Self {
        QualityOptions {
            today,
            testimonial_max_age_years: DEFAULT_TESTIMONIAL_MAX_AGE_YEARS,
        }
    }
}

/// Every quality rule, in a stable order (sort them with the others before printing).
pub fn warnings(
    portfolio: &Portfolio,
    site: &Site<'_>,
    options: &QualityOptions,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    competencies_have_evidence(portfolio, site, &mut out);
    headline_metrics_have_targets(site, &mut out);
    case_studies_show_impact(site, &mut out);
    testimonials_are_recent(site, options, &mut out);
    applications_use_every_artefact(portfolio, site, &mut out);
    super::argument::case_studies_tell_their_story(site, &mut out);
    super::figures::warnings(site, &mut out);
    out
}

/// Every competency of the framework is evidenced by a public artefact; a gap is reported
/// where the competency is defined.
fn competencies_have_evidence(portfolio: &Portfolio, site: &Site<'_>, out: &mut Vec<Diagnostic>) {
    let Some(framework) = &portfolio.framework else {
        return;
    };
    let public: HashSet<&str> = site
        .artefacts
        .iter()
        .map(|a| a.source_path.as_str())
        .collect();
    for evidence in site.competencies.iter().filter(|e| e.is_gap()) {
        let id = &evidence.competency.id;
        let withheld: Vec<&str> = portfolio
            .artefacts
            .iter()
            .filter(|a| !public.contains(a.source_path.as_str()))
            .filter(|a| a.competencies.iter().any(|c| &c.value == id))
            .map(|a| a.source_path.as_str())
            .collect();
        let mut hint = format!(
            "add it to the front matter of an artefact that shows it:\ncompetencies: [{id}]"
        );
        if !withheld.is_empty() {
            hint.push_str(&format!(
                "\n({} {}, but the public site does not show drafts or private artefacts)",
                withheld.join(", "),
                if withheld.len() == 1 {
                    "names it"
                } else {
                    "name it"
                }
            ));
        }
        out.push(
            Diagnostic::warning(
                codes::COMPETENCY_GAP,
                evidence.competency.location.clone(),
                format!(
                    "the competency `{id}` ({}) of the framework `{}` has no public evidence, so the evidence pages show it as a gap",
                    evidence.competency.name, framework.id
                ),
            )
            .with_hint(hint),
        );
    }
}

/// A headline metric says what it was aiming for, so a reader can judge the result.
fn headline_metrics_have_targets(site: &Site<'_>, out: &mut Vec<Diagnostic>) {
    for artefact in &site.artefacts {
        for metric in artefact
            .metrics
            .iter()
            .filter(|m| m.headline && m.target.is_none())
        {
            out.push(
                Diagnostic::warning(
                    codes::HEADLINE_WITHOUT_TARGET,
                    metric.location.clone(),
                    format!("the headline metric `{}` has no `target`", metric.label),
                )
                .with_hint(format!(
                    "say what you were aiming for, so a reader can tell whether {} is good, for example:\ntarget: {}",
                    crate::model::format_number(metric.result),
                    crate::model::format_number(example_target(metric)),
                )),
            );
        }
    }
}

/// A target to show in a hint, in the metric's own scale: a tenth beyond the result in the
/// better direction, rounded to two significant figures (never past 100 for a percentage).
/// Only an example of the form: the educator knows what they aimed for.
fn example_target(metric: &crate::model::Metric) -> f64 {
    let result = metric.result;
    let step = (result.abs() * 0.1).max(1.0);
    let raw = match metric.better {
        crate::model::Better::Higher => result + step,
        crate::model::Better::Lower => result - step,
    };
    let magnitude = 10f64.powf(raw.abs().max(1.0).log10().floor() - 1.0);
    let rounded = (raw / magnitude).round() * magnitude;
    if metric.unit.as_deref() == Some("%") {
        rounded.clamp(0.0, 100.0)
    } else {
        rounded
    }
}

/// A case study shows its impact: a metric or a (published) testimonial.
fn case_studies_show_impact(site: &Site<'_>, out: &mut Vec<Diagnostic>) {
    for artefact in site.artefacts.iter().filter(|a| a.kind == Kind::CaseStudy) {
        if artefact.metrics.is_empty() && !artefact.testimonials.iter().any(|t| t.consent) {
            out.push(
                Diagnostic::warning(
                    codes::CASE_STUDY_WITHOUT_EVIDENCE,
                    artefact.slug.location.clone(),
                    format!(
                        "the case study `{}` has no metric and no testimonial, so nothing shows its impact",
                        artefact.title
                    ),
                )
                .with_hint("add a measure from before and after, for example:\nmetrics:\n  - label: Pupils at or above expected standard\n    unit: \"%\"\n    baseline: 54\n    result: 68\nor a testimonial (with `consent: true`) from someone who saw the change"),
            );
        }
    }
}

/// Published testimonials are recent enough to speak for current work.
fn testimonials_are_recent(site: &Site<'_>, options: &QualityOptions, out: &mut Vec<Diagnostic>) {
    let years = options.testimonial_max_age_years;
    let cutoff = Date {
        year: options.today.year - i32::try_from(years).unwrap_or(i32::MAX),
        ..options.today
    };
    for &(_, testimonial) in &site.testimonials {
        let Some(date) = testimonial.date else {
            continue;
        };
        // A month-only date counts as its last day: only certainly-old quotes are reported.
        if cutoff.is_after(&date) {
            out.push(
                Diagnostic::warning(
                    codes::OLD_TESTIMONIAL,
                    testimonial.location.clone(),
                    format!(
                        "the testimonial from {} is dated {}, more than {years} year{} ago",
                        testimonial.name,
                        date.display(),
                        if years == 1 { "" } else { "s" }
                    ),
                )
                .with_hint("a panel gives recent words more weight: ask for a fresh testimonial, or keep this one beside newer ones"),
            );
        }
    }
}

/// When the portfolio has applications, each public artefact is chosen by at least one
/// (by its explicit `artefacts:` list or by its competencies).
fn applications_use_every_artefact(
    portfolio: &Portfolio,
    site: &Site<'_>,
    out: &mut Vec<Diagnostic>,
) {
    if portfolio.applications.is_empty() {
        return;
    }
    let chosen: HashSet<Id> = site
        .applications
        .iter()
        .flat_map(|a| a.artefacts.iter().copied())
        .collect();
    let slugs: Vec<&str> = portfolio
        .applications
        .iter()
        .map(|a| a.slug.as_str())
        .collect();
    for (id, artefact) in site.artefacts.iter().enumerate() {
        if chosen.contains(&id) {
            continue;
        }
        out.push(
            Diagnostic::warning(
                codes::UNUSED_BY_APPLICATIONS,
                artefact.slug.location.clone(),
                format!(
                    "`{}` is not part of any application ({})",
                    artefact.slug.value,
                    slugs.join(", ")
                ),
            )
            .with_hint(format!(
                "if it supports an application, add `{}` to its `artefacts:` list in portfolio.yaml (or, for an application without a list, give the artefact one of the application's competencies)",
                artefact.slug.value
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::{
        Application, Artefact, Better, Competency, Framework, Located, Markdown, Metric,
        MetricKind, Person, Relationship, Testimonial,
    };
    use std::path::PathBuf;

    fn at(path: &str, line: usize) -> Location {
        Location::new(path, line, 1)
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn artefact(slug: &str, kind: Kind) -> Artefact {
        let path = format!("artefacts/{slug}.md");
        Artefact {
            slug: Located::new(slug.into(), at(&path, 2)),
            title: slug.to_uppercase(),
            kind,
            date: date("2025-01"),
            start: None,
            role: None,
            summary: Some("S".into()),
            tags: Vec::new(),
            competencies: Vec::new(),
            featured: false,
            draft: false,
            private: false,
            metrics: Vec::new(),
            testimonials: Vec::new(),
            attachments: Vec::new(),
            story: crate::model::Story {
                changed: Some("C".into()),
                ..Default::default()
            },
            plan: None,
            lang: None,
            body: Markdown::default(),
            source_path: path,
            dir: PathBuf::from("/p/artefacts"),
        }
    }

    fn metric(headline: bool, target: Option<f64>) -> Metric {
        Metric {
            label: "Attendance".into(),
            unit: Some("%".into()),
            baseline: 90.0,
            result: 94.0,
            target,
            better: Better::Higher,
            kind: MetricKind::Outcome,
            headline,
            source: Some("MIS".into()),
            n: None,
            series: Vec::new(),
            context: crate::model::Context {
                kind_stated: true,
                ..Default::default()
            },
            location: at("artefacts/m.md", 7),
        }
    }

    fn testimonial(when: Option<&str>, consent: bool) -> Testimonial {
        Testimonial {
            quote: "Q".into(),
            name: "Dr Lena Fischer".into(),
            anonymised: false,
            name_location: None,
            role: None,
            relationship: Relationship::LineManager,
            date: when.map(date),
            consent,
            lang: None,
            location: at("artefacts/t.md", 9),
        }
    }

    fn competencies(artefact: &mut Artefact, ids: &[&str]) {
        artefact.competencies = ids
            .iter()
            .map(|id| Located::new(id.to_string(), at(&artefact.source_path, 3)))
            .collect();
    }

    fn portfolio(artefacts: Vec<Artefact>) -> Portfolio {
        Portfolio {
            root: PathBuf::from("/p"),
            title: "T".into(),
            base_url: "https://h.example/".into(),
            language: "en".into(),
            theme: Located::new("classic".into(), at("portfolio.yaml", 1)),
            theme_options: Vec::new(),
            paper: None,
            framework: None,
            pathway: None,
            person: Person {
                name: "A".into(),
                headline: None,
                location: None,
                photo: None,
                email: None,
                links: Vec::new(),
                summary: None,
            },
            timeline: Vec::new(),
            applications: Vec::new(),
            artefacts,
            unparsed: Vec::new(),
            privacy: Default::default(),
        }
    }

    fn application(slug: &str, competencies: &[&str], artefacts: &[&str]) -> Application {
        let located = |v: &&str| Located::new(v.to_string(), at("portfolio.yaml", 20));
        Application {
            slug: slug.into(),
            title: slug.into(),
            statement: None,
            competencies: competencies.iter().map(located).collect(),
            artefacts: artefacts.iter().map(located).collect(),
            noindex: true,
            public: false,
            location: at("portfolio.yaml", 19),
        }
    }

    fn run(portfolio: &Portfolio, today: &str) -> Vec<Diagnostic> {
        let site = Site::new(portfolio, false);
        warnings(portfolio, &site, &QualityOptions::new(date(today)))
    }

    fn codes_of(diags: &[Diagnostic], code: &str) -> Vec<Location> {
        diags
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.location.clone())
            .collect()
    }

    #[test]
    fn a_private_artefact_is_never_published_and_a_draft_only_with_drafts() {
        let public = artefact("public", Kind::Project);
        let mut draft = artefact("draft", Kind::Project);
        draft.draft = true;
        let mut private = artefact("private", Kind::Project);
        private.private = true;
        private.draft = true;
        let published = |a: &Artefact| [a.is_published(false), a.is_published(true)];
        assert_eq!(published(&public), [true, true]);
        assert_eq!(published(&draft), [false, true]);
        assert_eq!(published(&private), [false, false]);
    }

    #[test]
    fn a_good_portfolio_has_no_warnings() {
        let mut a = artefact("pilot", Kind::CaseStudy);
        a.metrics.push(metric(true, Some(95.0)));
        a.testimonials.push(testimonial(Some("2025-03-01"), true));
        competencies(&mut a, &["coaching"]);
        let mut p = portfolio(vec![a]);
        p.framework = Some(framework(&["coaching"]));
        p.applications
            .push(application("deputy", &["coaching"], &[]));
        let diags = run(&p, "2025-06-30");
        assert!(diags.is_empty(), "{diags:?}");
    }

    fn framework(ids: &[&str]) -> Framework {
        Framework {
            id: "teacher-leader".into(),
            name: "Teacher leadership".into(),
            source: None,
            competencies: ids
                .iter()
                .map(|id| Competency {
                    id: id.to_string(),
                    name: format!("Name of {id}"),
                    description: None,
                    short: None,
                    location: Location::new("frameworks/f.yaml", 4, 5),
                })
                .collect(),
        }
    }

    #[test]
    fn competency_without_public_evidence_is_a_gap() {
        let mut public = artefact("public", Kind::Project);
        competencies(&mut public, &["coaching"]);
        let mut draft = artefact("draft", Kind::Project);
        draft.draft = true;
        competencies(&mut draft, &["data-literacy"]);
        let mut p = portfolio(vec![public, draft]);
        p.framework = Some(framework(&["coaching", "data-literacy"]));
        let diags = run(&p, "2025-06-30");
        let gaps: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.code == codes::COMPETENCY_GAP)
            .collect();
        assert_eq!(gaps.len(), 1, "{diags:?}");
        assert!(gaps[0].message.contains("`data-literacy`"));
        assert_eq!(gaps[0].location, Location::new("frameworks/f.yaml", 4, 5));
        assert!(gaps[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("artefacts/draft.md"));
    }

    #[test]
    fn headline_metric_without_target_is_reported_at_the_metric() {
        let mut a = artefact("a", Kind::Project);
        a.metrics = vec![
            metric(true, None),
            metric(false, None),
            metric(true, Some(1.0)),
        ];
        let diags = run(&portfolio(vec![a]), "2025-06-30");
        assert_eq!(
            codes_of(&diags, codes::HEADLINE_WITHOUT_TARGET),
            vec![at("artefacts/m.md", 7)]
        );
    }

    #[test]
    fn the_example_target_suits_the_figure() {
        let mut m = metric(true, None);
        m.unit = Some("£".into());
        m.result = 33784.0;
        m.better = Better::Lower;
        let mut a = artefact("a", Kind::Project);
        a.metrics = vec![m.clone()];
        let diags = run(&portfolio(vec![a]), "2025-06-30");
        let hint = diags[0].hint.as_deref().unwrap();
        assert!(hint.ends_with("target: 30000"), "{hint}");
        m.unit = Some("%".into());
        m.result = 96.0;
        m.better = Better::Higher;
        assert_eq!(example_target(&m), 100.0);
        m.result = 54.0;
        assert_eq!(example_target(&m), 59.0);
    }

    #[test]
    fn figures_a_reviewer_questions_are_reported() {
        let mut unstated = metric(true, Some(1.0));
        unstated.context.kind_stated = false;
        let mut over = metric(false, None);
        over.result = 120.0;
        let mut quoted = metric(false, None);
        quoted.unit = Some("“%”".into());
        let mut a = artefact("a", Kind::Project);
        a.metrics = vec![unstated, over, quoted];
        let diags = run(&portfolio(vec![a]), "2025-06-30");
        for code in [
            codes::METRIC_KIND_UNSTATED,
            codes::PERCENT_OVER_100,
            codes::SMART_QUOTED_UNIT,
        ] {
            assert_eq!(codes_of(&diags, code).len(), 1, "{code}: {diags:?}");
        }
        let quote = diags
            .iter()
            .find(|d| d.code == codes::SMART_QUOTED_UNIT)
            .unwrap();
        assert!(
            quote.hint.as_deref().unwrap().contains("unit: \"%\""),
            "{quote:?}"
        );
    }

    #[test]
    fn case_study_without_metric_or_published_testimonial_is_reported() {
        let mut unconsented = artefact("bare", Kind::CaseStudy);
        unconsented.testimonials.push(testimonial(None, false));
        let mut quoted = artefact("quoted", Kind::CaseStudy);
        quoted.testimonials.push(testimonial(None, true));
        let mut measured = artefact("measured", Kind::CaseStudy);
        measured.metrics.push(metric(false, None));
        let project = artefact("project", Kind::Project);
        let mut private = artefact("private", Kind::CaseStudy);
        private.private = true;
        let diags = run(
            &portfolio(vec![unconsented, quoted, measured, project, private]),
            "2025-06-30",
        );
        assert_eq!(
            codes_of(&diags, codes::CASE_STUDY_WITHOUT_EVIDENCE),
            vec![at("artefacts/bare.md", 2)]
        );
    }

    #[test]
    fn consented_testimonials_older_than_the_limit_are_reported() {
        let mut a = artefact("a", Kind::Project);
        a.testimonials = vec![
            testimonial(Some("2022-06-29"), true), // a day over three years
            testimonial(Some("2022-06-30"), true), // exactly three years
            testimonial(Some("2022-06"), true),    // may be the 30th: not certainly old
            testimonial(Some("2021-01"), false),   // not published
            testimonial(None, true),
        ];
        let p = portfolio(vec![a]);
        let diags = run(&p, "2025-06-30");
        let old: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.code == codes::OLD_TESTIMONIAL)
            .collect();
        assert_eq!(old.len(), 1, "{diags:?}");
        assert!(old[0].message.contains("29 June 2022"), "{}", old[0]);
        let site = Site::new(&p, false);
        let options = QualityOptions {
            today: date("2025-06-30"),
            testimonial_max_age_years: 1,
        };
        assert_eq!(
            codes_of(&warnings(&p, &site, &options), codes::OLD_TESTIMONIAL).len(),
            3
        );
    }

    #[test]
    fn artefacts_no_application_chooses_are_reported() {
        let mut by_competency = artefact("coached", Kind::Project);
        competencies(&mut by_competency, &["coaching"]);
        let listed = artefact("listed", Kind::Project);
        let unused = artefact("unused", Kind::Project);
        let mut p = portfolio(vec![by_competency, listed, unused]);
        let diags = run(&p, "2025-06-30");
        assert!(codes_of(&diags, codes::UNUSED_BY_APPLICATIONS).is_empty());
        p.applications = vec![
            application("by-competency", &["coaching"], &[]),
            application("explicit", &[], &["listed"]),
        ];
        let diags = run(&p, "2025-06-30");
        assert_eq!(
            codes_of(&diags, codes::UNUSED_BY_APPLICATIONS),
            vec![at("artefacts/unused.md", 2)]
        );
    }
}
