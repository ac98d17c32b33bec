//! The home page's way in to the applications made public (`public: true`): each one's page and
//! its panel brief, so a reviewer who lands on the home page finds the brief of the application
//! they review. A private application (the default) is never linked from anywhere: its address
//! carries a token only its panel is given, and a link would hand that token to every visitor.

use crate::site::{Page, Site};
use serde::Serialize;

/// One public application as the home page links it.
#[derive(Serialize)]
pub(super) struct ApplicationLink<'a> {
    title: &'a str,
    /// Its page (`for/<slug>/`) and its panel brief (`for/<slug>/brief/`), site-relative.
    url: String,
    brief_url: String,
}

/// The public applications, in the order of portfolio.yaml.
pub(super) fn public<'a>(site: &'a Site<'a>) -> Vec<ApplicationLink<'a>> {
    site.applications
        .iter()
        .enumerate()
        .filter(|(_, page)| page.is_public())
        .map(|(i, page)| ApplicationLink {
            title: &page.application.title,
            url: Page::Application(i).url(site),
            brief_url: Page::ApplicationBrief(i).url(site),
        })
        .collect()
}
