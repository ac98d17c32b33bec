//! A page's *key*: a hash of what its views read, computed from the model before any view is
//! built, so a cached build (`render::reuse`) keeps an unchanged page without building its
//! Markdown, charts and structured data only to hash them.
//!
//! Only artefact pages have one (10,000 of a 10,000-artefact site's pages, and the ones whose
//! views cost the most). An artefact page reads:
//! - its own artefact as the site holds it (every field, body included: hashed as postcard),
//!   and the names its attachments are published under (`Site::assets`);
//! - the cards of its older and newer neighbours (prev/next);
//! - the addresses of the artefacts its body links to;
//! - what every page shares: the site view (the person, the navigation, the counts), the
//!   portfolio's settings (`head_meta` reads the person, the timeline, the framework and the
//!   applications' addresses), how many artefacts there are. This [`global`] part is hashed
//!   once per build.
//!
//! The program, the theme, the options and every file but the artefacts' Markdown are in the
//! cache's fingerprint (`pipeline::cache::fingerprint`): a change there discards every key.
//! The version is left out as in the context's hash (patched in, see `render::reuse`). A view
//! that starts reading something else must add it here: debug builds check every matched key
//! against the context's hash (`reuse::Early::Verify`), and `tests/cache.rs` edits each input.

use super::reuse::{Blank, Hashing};
use super::Shared;
use crate::model::{LinkTarget, Portfolio};
use crate::site::{self, Page};
use serde::Serialize;
use std::sync::OnceLock;
use xxhash_rust::xxh3::Xxh3;

/// Bumped whenever what a key covers changes, so no older record matches.
const FORMAT: u64 = 1;

/// What every key of one build shares, computed once, when the first key is asked for.
#[derive(Default)]
pub(super) struct Keys {
    global: OnceLock<Option<u128>>,
}

/// The key of `page`, when its kind has one (`None`: its context is hashed as ever).
pub(super) fn key(shared: &Shared<'_>, page: Page) -> Option<u128> {
    match page {
        Page::Artefact(id) => artefact(shared, id),
        _ => None,
    }
}

fn artefact(shared: &Shared<'_>, id: site::Id) -> Option<u128> {
    let global = (*shared.keys.global.get_or_init(|| global(shared)))?;
    let site = shared.site;
    let a = site.artefact(id);
    let mut hash = Hashing(Xxh3::new());
    hash.0.update(&FORMAT.to_le_bytes());
    hash.0.update(&global.to_le_bytes());
    postcard::to_io(a, &mut hash).ok()?;
    postcard::to_io(&site.assets[id], &mut hash).ok()?;
    let (older, newer) = site.neighbours(id);
    for neighbour in [older, newer] {
        match neighbour {
            Some(n) => {
                hash.0.update(b"\x01");
                serde_json::to_writer(&mut hash, shared.card(n)).ok()?;
            }
            None => hash.0.update(b"\x00"),
        }
    }
    for link in &a.body.links {
        if let LinkTarget::Artefact { file, .. } = &link.target {
            let target = site.by_file.get(file).map(|&t| site.artefact(t));
            let url = target.map(site::sibling_artefact_url).unwrap_or_default();
            hash.0.update(&(url.len() as u64).to_le_bytes());
            hash.0.update(url.as_bytes());
        }
    }
    Some(hash.0.digest128())
}

/// The part every page's key shares: the site view (with the version blanked out, as in the
/// context's hash), the portfolio's settings, and the applications' addresses.
fn global(shared: &Shared<'_>) -> Option<u128> {
    let site = shared.site;
    let mut hash = Hashing(Xxh3::new());
    hash.0.update(&FORMAT.to_le_bytes());
    let mut json = serde_json::Serializer::with_formatter(&mut hash, Blank(&shared.view.version));
    shared.view.serialize(&mut json).ok()?;
    postcard::to_io(&Settings::of(site.portfolio), &mut hash).ok()?;
    let applications: Vec<(&str, bool)> = site
        .applications
        .iter()
        .map(|a| (a.url.as_str(), a.is_public()))
        .collect();
    postcard::to_io(&applications, &mut hash).ok()?;
    hash.0.update(&(site.artefacts.len() as u64).to_le_bytes());
    hash.0.update(&[u8::from(shared.theme.builtin_only)]);
    Some(hash.0.digest128())
}

/// Everything of the portfolio but its artefacts (hashed page by page instead).
#[derive(Serialize)]
struct Settings<'a> {
    root: &'a std::path::Path,
    title: &'a str,
    base_url: &'a str,
    language: &'a str,
    theme: &'a crate::model::Located<String>,
    theme_options: &'a [(String, String)],
    framework: &'a Option<crate::model::Framework>,
    pathway: &'a Option<crate::model::Pathway>,
    person: &'a crate::model::Person,
    timeline: &'a [crate::model::TimelineEntry],
    applications: &'a [crate::model::Application],
    paper: &'a Option<crate::model::Paper>,
    privacy: &'a crate::model::PrivacySettings,
}

impl<'a> Settings<'a> {
    fn of(p: &'a Portfolio) -> Settings<'a> {
        // Every field named, none with `..`: a field added to the portfolio does not compile
        // here until it is hashed or said to be left out.
        let Portfolio {
            root,
            title,
            base_url,
            language,
            theme,
            theme_options,
            framework,
            pathway,
            person,
            timeline,
            applications,
            paper,
            artefacts: _,
            unparsed: _,
            privacy,
        } = p;
        Settings {
            root,
            title,
            base_url,
            language,
            theme,
            theme_options,
            framework,
            pathway,
            person,
            timeline,
            applications,
            paper,
            privacy,
        }
    }
}
