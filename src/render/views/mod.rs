//! What templates see: small serialisable views borrowed from the site, one shape per thing,
//! as documented in `docs/templates.md`. This file holds what every page shares (the site,
//! the person, navigation, the page itself); the rest is split by what it describes:
//! [`artefact`] (cards and full artefacts), [`texts`] (the educator's Markdown as HTML, and
//! where its links point), [`metric`] (figures and their charts) and [`people`]
//! (testimonials and the timeline).

mod artefact;
mod metric;
mod people;
mod texts;

pub use artefact::{
    anchor, artefact, attachment_url, card, card_lite, ArtefactView, AttachmentView, Card, CardLite,
};
pub use metric::{gain, metric, MetricView, PointView};
pub use people::{testimonial, timeline_entry, TestimonialView, TimelineView};
pub use texts::{dossier_body_from_page, dossier_body_html, page_body, yaml_markdown_html};

use crate::site::{self, Site};
use serde::Serialize;

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub base_url: &'a str,
    pub language: &'a str,
    pub person: PersonView<'a>,
    pub framework: Option<FrameworkView<'a>>,
    pub nav: Vec<NavItem>,
    pub counts: Counts,
    pub feed_url: &'static str,
    pub generator: &'static str,
    /// The portfolio's version: the short hash of its published content (`pack::version`).
    pub version: String,
    pub serving: bool,
    pub options: std::collections::BTreeMap<&'a str, &'a str>,
}

#[derive(Serialize)]
pub struct PersonView<'a> {
    pub name: &'a str,
    pub headline: Option<&'a str>,
    pub location: Option<&'a str>,
    pub photo: Option<String>,
    pub email: Option<&'a str>,
    pub links: Vec<LinkView<'a>>,
    pub summary_html: Option<String>,
}

#[derive(Serialize)]
pub struct LinkView<'a> {
    pub label: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct FrameworkView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub source: Option<&'a str>,
}

#[derive(Serialize)]
pub struct NavItem {
    pub title: &'static str,
    pub url: &'static str,
    pub key: &'static str,
}

#[derive(Serialize)]
pub struct Counts {
    pub artefacts: usize,
    pub case_studies: usize,
    pub testimonials: usize,
    pub competencies: usize,
    pub gaps: usize,
}

#[derive(Serialize)]
pub struct PageMeta<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub section: &'static str,
    pub title: &'a str,
    pub description: String,
    pub url: String,
    pub permalink: String,
    pub noindex: bool,
}

#[derive(Serialize, Clone)]
pub struct TagRef<'a> {
    pub name: &'a str,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct CompetencyRef<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
}

pub fn nav(site: &Site<'_>) -> Vec<NavItem> {
    let mut items = vec![
        NavItem {
            title: "Home",
            url: "",
            key: "home",
        },
        NavItem {
            title: "Artefacts",
            url: "artefacts/",
            key: "artefacts",
        },
        NavItem {
            title: "Case studies",
            url: "case-studies/",
            key: "case-studies",
        },
    ];
    if site.portfolio.framework.is_some() {
        items.push(NavItem {
            title: "Evidence",
            url: "competencies/",
            key: "competencies",
        });
    }
    if site.portfolio.pathway.is_some() && site.portfolio.framework.is_some() {
        items.push(NavItem {
            title: "Readiness",
            url: "readiness/",
            key: "readiness",
        });
    }
    if !site.testimonials.is_empty() {
        items.push(NavItem {
            title: "Testimonials",
            url: "testimonials/",
            key: "testimonials",
        });
    }
    if !site.timeline.is_empty() {
        items.push(NavItem {
            title: "Timeline",
            url: "timeline/",
            key: "timeline",
        });
    }
    items
}

pub fn competency_refs<'a, 'b>(
    site: &Site<'a>,
    ids: impl Iterator<Item = &'b str>,
) -> Vec<CompetencyRef<'a>> {
    let Some(framework) = &site.portfolio.framework else {
        return Vec::new();
    };
    ids.filter_map(|id| framework.competencies.iter().find(|c| c.id == id))
        .map(|c| CompetencyRef {
            id: &c.id,
            name: &c.name,
            url: site::competency_url(&c.id),
        })
        .collect()
}
