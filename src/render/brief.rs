//! The panel brief (`brief/`, and each application's `for/<slug>-<token>/brief/`): the
//! portfolio on at most two printed pages for a panel member. Who the person is, the three
//! strongest outcome claims with their sample and period, one line of what changed / why /
//! what next per case study, competency coverage with its gaps and the plans to close them,
//! and a QR code to the page of every artefact it cites.

use super::page_kinds::{headline_metrics, Frame, Job};
use super::views::{self, CardLite, CompetencyRef, MetricView};
use crate::diag::Diagnostic;
use crate::model::{Artefact, Kind, Metric, MetricKind, TimelineEnd, TimelineKind};
use crate::render::metrics_context;
use crate::site::{self, Site};
use serde::Serialize;

/// How many outcome claims the brief leads with: a panel remembers three.
const CLAIMS: usize = 3;

#[derive(Serialize)]
struct BriefExtra<'a> {
    who: Who<'a>,
    /// The application this brief is for, with its page's URL.
    application: Option<BriefApplication<'a>>,
    claims: Vec<Claim<'a>>,
    stories: Vec<StoryLine<'a>>,
    coverage: Coverage<'a>,
    /// Every artefact the brief cites, once, with a QR code to its page.
    cited: Vec<Cited<'a>>,
    /// The printable document this brief summarises (`dossier/` or the application's).
    dossier_url: String,
}

/// The person: name, the current role and where it is held.
#[derive(Serialize)]
struct Who<'a> {
    name: &'a str,
    headline: Option<&'a str>,
    role: Option<&'a str>,
    school: Option<&'a str>,
}

#[derive(Serialize)]
struct BriefApplication<'a> {
    title: &'a str,
    url: String,
}

/// One outcome claim: the figures, how many it counts and when.
#[derive(Serialize)]
struct Claim<'a> {
    label: &'a str,
    baseline_display: String,
    result_display: String,
    change_display: String,
    /// "n = 112", or `None` when the metric does not say.
    n_display: Option<String>,
    /// "Apr → Jul 2025", or the period in the educator's words.
    period: Option<String>,
    comparison: Option<String>,
    artefact: CardLite<'a>,
}

/// A case study's story, one line each.
#[derive(Serialize)]
struct StoryLine<'a> {
    artefact: CardLite<'a>,
    changed: Option<&'a str>,
    why: Option<&'a str>,
    next: Option<&'a str>,
}

#[derive(Serialize)]
struct Coverage<'a> {
    evidenced: Vec<CompetencyCount<'a>>,
    gaps: Vec<Gap<'a>>,
    total: usize,
}

#[derive(Serialize)]
struct CompetencyCount<'a> {
    competency: CompetencyRef<'a>,
    count: usize,
}

/// A competency without evidence, and the plans whose `closes:` names it.
#[derive(Serialize)]
struct Gap<'a> {
    competency: CompetencyRef<'a>,
    plans: Vec<PlanLine<'a>>,
}

#[derive(Serialize)]
struct PlanLine<'a> {
    artefact: CardLite<'a>,
    goal: &'a str,
    decision_date: Option<String>,
}

/// An artefact the brief cites and the QR code of its page's address.
#[derive(Serialize)]
struct Cited<'a> {
    artefact: CardLite<'a>,
    /// The address the code holds: absolute from `base_url`, else the site-relative URL.
    address: String,
    qr_svg: String,
}

/// The whole portfolio's brief (`application` is `None`) or one application's.
pub(super) fn brief(job: &Job<'_>, application: Option<usize>) -> Result<(), Diagnostic> {
    let site = job.site();
    let every = || site.competencies.iter().map(|e| e.competency.id.as_str());
    let (ids, competencies, dossier_url, app) = match application {
        Some(i) => {
            let page = &site.applications[i];
            let app = page.application;
            // The competencies the application leads with, in its order; all of them when it
            // names none.
            let named = app.competencies.iter().map(|c| c.value.as_str());
            let competencies = match app.competencies.is_empty() {
                true => views::competency_refs(site, every()),
                false => views::competency_refs(site, named),
            };
            (
                page.artefacts.clone(),
                competencies,
                format!("{}dossier/", page.url),
                Some(BriefApplication {
                    title: &app.title,
                    url: page.url.clone(),
                }),
            )
        }
        None => (
            (0..site.artefacts.len()).collect(),
            views::competency_refs(site, every()),
            "dossier/".to_string(),
            None,
        ),
    };
    let claims = claims(site, &ids);
    let stories = stories(site, &ids);
    let coverage = coverage(site, &ids, competencies);
    let cited = cited(site, &claims, &stories, &coverage);
    let title = match &app {
        Some(app) => format!("Panel brief: {}", app.title),
        None => "Panel brief".to_string(),
    };
    job.emit(
        Frame {
            template: "brief.html",
            kind: "brief",
            section: "",
            title: &title,
        },
        BriefExtra {
            who: who(site),
            application: app,
            claims,
            stories,
            coverage,
            cited,
            dossier_url,
        },
    )
}

/// The current role: the timeline's role that runs to the present, else its latest role; the
/// headline stands in for a portfolio with no roles on its timeline.
fn who<'a>(site: &Site<'a>) -> Who<'a> {
    let person = &site.portfolio.person;
    let roles = || {
        site.timeline
            .iter()
            .filter(|e| e.kind == TimelineKind::Role)
    };
    let current = roles()
        .find(|e| matches!(e.end, Some(TimelineEnd::Present)))
        .or_else(|| roles().next());
    Who {
        name: &person.name,
        headline: person.headline.as_deref(),
        role: current.map(|e| e.title.as_str()),
        school: current.and_then(|e| e.organisation.as_deref()),
    }
}

/// The strongest outcome claims among `ids`: outcomes that improved, those that state their
/// sample and period first (a panel cannot weigh a figure without them), then the headline
/// ones, then by relative gain, as the home page's impact strip ranks them.
fn claims<'a>(site: &Site<'a>, ids: &[site::Id]) -> Vec<Claim<'a>> {
    let headline = headline_metrics(site, ids.iter().copied())
        .into_iter()
        .filter(|m| m.kind == "outcome" && m.improved)
        .filter_map(|m| {
            Some(Candidate {
                id: artefact_of(site, ids, &m)?,
                headline: true,
                stated: m.context.n.is_some() && m.context.when.is_some(),
                gain: m.gain,
                view: View::Made(Box::new(m)),
            })
        });
    let others = ids.iter().flat_map(|&id| {
        let a = site.artefact(id);
        a.metrics
            .iter()
            .enumerate()
            .filter(|(_, m)| {
                !m.headline && m.kind == MetricKind::Outcome && super::metrics::improved(m)
            })
            .map(move |(index, m)| Candidate {
                id,
                headline: false,
                stated: m.n.is_some() && metrics_context::when(&m.context.when).is_some(),
                gain: views::gain(m),
                view: View::Later(index, m),
            })
    });
    let mut candidates: Vec<Candidate<'a>> = headline.chain(others).collect();
    candidates.sort_by(|a, b| {
        (b.stated, b.headline)
            .cmp(&(a.stated, a.headline))
            .then(b.gain.total_cmp(&a.gain))
    });
    candidates
        .into_iter()
        .take(CLAIMS)
        .map(|c| {
            let view = c.view.made(site.artefact(c.id));
            claim(site, c.id, view)
        })
        .collect()
}

/// A metric that could lead the brief, with what orders the claims.
struct Candidate<'a> {
    id: site::Id,
    headline: bool,
    /// Says both its sample (n) and its period: a claim a panel can weigh comes first.
    stated: bool,
    gain: f64,
    view: View<'a>,
}

/// A candidate's view: a headline's is already made (the home page needs it too); any other
/// is made only once it is chosen, because a view draws its chart, and a portfolio of 10,000
/// artefacts has some 30,000 metrics of which the brief shows three.
enum View<'a> {
    Made(Box<MetricView<'a>>),
    /// The metric's index among its artefact's, which names the view's id.
    Later(usize, &'a Metric),
}

impl<'a> View<'a> {
    fn made(self, a: &Artefact) -> MetricView<'a> {
        match self {
            View::Made(view) => *view,
            View::Later(index, m) => {
                views::metric(m, format!("brief-{}-{}", a.slug.value, index + 1))
            }
        }
    }
}

/// The artefact a headline view came from (the view carries its card, matched by URL).
fn artefact_of(site: &Site<'_>, ids: &[site::Id], m: &MetricView<'_>) -> Option<site::Id> {
    let url = &m.artefact.as_ref()?.url;
    ids.iter()
        .copied()
        .find(|&id| &site::artefact_url(site.artefact(id)) == url)
}

fn claim<'a>(site: &Site<'a>, id: site::Id, m: MetricView<'a>) -> Claim<'a> {
    Claim {
        label: m.label,
        period: m.context.when.clone(),
        n_display: m.context.n_display.clone(),
        comparison: m.context.comparison.clone(),
        baseline_display: m.baseline_display,
        result_display: m.result_display,
        change_display: m.change_display,
        artefact: views::card_lite(site, id),
    }
}

/// Every case study among `ids` that tells its story, in the selection's order.
fn stories<'a>(site: &Site<'a>, ids: &[site::Id]) -> Vec<StoryLine<'a>> {
    ids.iter()
        .filter(|&&id| site.artefact(id).kind == Kind::CaseStudy)
        .filter_map(|&id| {
            let story = super::story::story(&site.artefact(id).story)?;
            Some(StoryLine {
                artefact: views::card_lite(site, id),
                changed: story.changed,
                why: story.why,
                next: story.next,
            })
        })
        .collect()
}

/// `competencies` split into those the artefacts `ids` evidence and the gaps, each gap with
/// the public plans (of the whole portfolio: a plan is not selected as evidence) that mean
/// to close it.
fn coverage<'a>(
    site: &Site<'a>,
    ids: &[site::Id],
    competencies: Vec<CompetencyRef<'a>>,
) -> Coverage<'a> {
    let total = competencies.len();
    let (mut evidenced, mut gaps) = (Vec::new(), Vec::new());
    for competency in competencies {
        let count = ids
            .iter()
            .filter(|&&id| site.artefact(id).kind != Kind::Plan)
            .filter(|&&id| {
                let a = site.artefact(id);
                a.competencies.iter().any(|c| c.value == competency.id)
            })
            .count();
        if count > 0 {
            evidenced.push(CompetencyCount { competency, count });
        } else {
            let plans = plans_closing(site, competency.id);
            gaps.push(Gap { competency, plans });
        }
    }
    Coverage {
        evidenced,
        gaps,
        total,
    }
}

fn plans_closing<'a>(site: &Site<'a>, competency: &str) -> Vec<PlanLine<'a>> {
    (0..site.artefacts.len())
        .filter_map(|id| {
            let a = site.artefact(id);
            let plan = a.plan.as_ref().filter(|_| a.kind == Kind::Plan)?;
            plan.closes
                .iter()
                .any(|c| c.value == competency)
                .then(|| PlanLine {
                    artefact: views::card_lite(site, id),
                    goal: &plan.goal,
                    decision_date: plan.decision.as_ref().map(|d| d.date.display()),
                })
        })
        .collect()
}

/// The artefacts the claims, stories and plans cite, each once, in the order they are cited.
fn cited<'a>(
    site: &Site<'a>,
    claims: &[Claim<'a>],
    stories: &[StoryLine<'a>],
    coverage: &Coverage<'a>,
) -> Vec<Cited<'a>> {
    let urls = claims
        .iter()
        .map(|c| &c.artefact)
        .chain(stories.iter().map(|s| &s.artefact))
        .chain(
            coverage
                .gaps
                .iter()
                .flat_map(|g| g.plans.iter().map(|p| &p.artefact)),
        );
    let mut seen = std::collections::HashSet::new();
    urls.filter(|a| seen.insert(a.url.clone()))
        .map(|a| {
            let address = absolute(&site.portfolio.base_url, &a.url);
            Cited {
                artefact: CardLite {
                    title: a.title,
                    url: a.url.clone(),
                    kind_label: a.kind_label,
                    anchor: a.anchor.clone(),
                    in_document: false,
                },
                qr_svg: qr_svg(&address),
                address,
            }
        })
        .collect()
}

/// The address a reader's phone opens: absolute under `base_url`. A portfolio without a
/// `base_url` has no address outside this computer, so the code then holds the site-relative
/// URL as text (still a pointer a reader can type after the site's address).
pub fn absolute(base_url: &str, url: &str) -> String {
    if base_url.is_empty() {
        url.to_string()
    } else {
        crate::paths::address(&format!("{base_url}{url}"))
    }
}

/// The QR code of `address` as inline SVG, drawn by the `qrcode` crate (one unit a module,
/// the standard four-module quiet zone, black on white whatever the theme: scanners need
/// dark on light). It is decorative for a screen reader: the address is printed beside it.
pub fn qr_svg(address: &str) -> String {
    let code = match qrcode::QrCode::new(address.as_bytes()) {
        Ok(code) => code,
        // Only data past a QR code's capacity (about 2,900 bytes) fails; no URL is that long,
        // and the address stays printed beside the empty place.
        Err(_) => return String::new(),
    };
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .module_dimensions(1, 1)
        .build();
    // Inline in HTML: without the XML declaration, hidden from assistive technology.
    let svg = svg
        .find("<svg")
        .map_or(svg.as_str(), |at| &svg[at..])
        .to_string();
    svg.replacen(
        "<svg ",
        "<svg class=\"brief-qr-code\" aria-hidden=\"true\" focusable=\"false\" ",
        1,
    )
}
