//! People and time as templates see them: testimonials (who said what, about which artefact)
//! and the entries of the timeline.

use super::{card_lite, CardLite};
use crate::model::{Testimonial, TimelineEnd, TimelineEntry, TimelineKind};
use crate::site::{Id, Site};
use serde::Serialize;

#[derive(Serialize)]
pub struct TestimonialView<'a> {
    pub quote: &'a str,
    /// The language of the quote when not the site's.
    pub lang: Option<&'a str>,
    pub name: &'a str,
    pub role: Option<&'a str>,
    pub relationship: &'static str,
    pub relationship_label: &'static str,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub artefact: CardLite<'a>,
}

#[derive(Serialize)]
pub struct TimelineView<'a> {
    pub title: &'a str,
    pub organisation: Option<&'a str>,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub period: String,
    pub start_iso: Option<String>,
    pub end_iso: Option<String>,
    pub current: bool,
    pub url: Option<&'a str>,
    pub description: Option<&'a str>,
}

pub fn testimonial<'a>(site: &Site<'a>, id: Id, t: &'a Testimonial) -> TestimonialView<'a> {
    TestimonialView {
        quote: &t.quote,
        lang: t.lang.as_deref(),
        name: &t.name,
        role: t.role.as_deref(),
        relationship: t.relationship.id(),
        relationship_label: t.relationship.label(),
        date: t.date.map(|d| d.display()),
        date_iso: t.date.map(|d| d.iso()),
        artefact: card_lite(site, id),
    }
}

pub fn timeline_entry(e: &TimelineEntry) -> TimelineView<'_> {
    let end = match &e.end {
        Some(TimelineEnd::Present) => Some("present".to_string()),
        Some(TimelineEnd::Date(d)) => Some(d.month_display()),
        None => None,
    };
    let period = match (e.start, &end, e.date) {
        (Some(start), Some(end), _) => format!("{} – {end}", start.month_display()),
        (Some(start), None, _) => format!("From {}", start.month_display()),
        (None, _, Some(date)) => date.month_display(),
        (None, Some(end), None) => end.clone(),
        (None, None, None) => String::new(),
    };
    TimelineView {
        title: &e.title,
        organisation: e.organisation.as_deref(),
        kind: match e.kind {
            TimelineKind::Role => "role",
            TimelineKind::Credential => "credential",
        },
        kind_label: match e.kind {
            TimelineKind::Role => "Role",
            TimelineKind::Credential => "Credential",
        },
        period,
        start_iso: e.start.or(e.date).map(|d| d.iso()),
        end_iso: match &e.end {
            Some(TimelineEnd::Date(d)) => Some(d.iso()),
            _ => None,
        },
        current: matches!(e.end, Some(TimelineEnd::Present)),
        url: e.url.as_deref(),
        description: e.description.as_deref(),
    }
}
