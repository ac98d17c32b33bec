//! Which pages an edit of some artefacts touches. What the last good render showed where is
//! kept as a [`Snapshot`]; comparing it with the new site gives the pages to render again, or
//! says that only a full render gives the site `build` would write.

use crate::diag::display_path;
use crate::markdown::slugify;
use crate::model::{Kind, LinkTarget};
use crate::render::{self, views, Page};
use crate::site::{self, Site};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

/// Where one artefact showed in the last good render.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    slug: String,
    tags: Vec<String>,
    competencies: Vec<String>,
}

/// The last good render, as far as deciding what an edit touches.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Artefact file (site-relative source path) → where it showed.
    shown: HashMap<String, Shown>,
    /// The artefact files in site order, newest first.
    order: Vec<String>,
    /// What every page shows about the whole site; see [`site_wide`].
    site_wide: String,
}

impl Snapshot {
    pub fn of(site: &Site<'_>) -> Snapshot {
        let order = site
            .artefacts
            .iter()
            .map(|a| a.source_path.clone())
            .collect();
        let shown = site
            .artefacts
            .iter()
            .map(|a| {
                let shown = Shown {
                    slug: a.slug.value.clone(),
                    tags: a.tags.iter().map(|t| slugify(t)).collect(),
                    competencies: a.competencies.iter().map(|c| c.value.clone()).collect(),
                };
                (a.source_path.clone(), shown)
            })
            .collect();
        Snapshot {
            shown,
            order,
            site_wide: site_wide(site),
        }
    }

    /// True when nothing has rendered yet.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// True when `site` changed what every page shows (the navigation, the counts), so no
    /// set of pages short of all of them gives the site a full build writes.
    pub fn site_wide_changed(&self, site: &Site<'_>) -> bool {
        self.site_wide != site_wide(site)
    }

    /// Every page besides the edited ones that shows, showed or links to an edited artefact:
    /// its old and new neighbours, the artefacts whose body links to it, and the listings.
    pub fn pages_around(
        &self,
        site: &Site<'_>,
        root: &Path,
        changed_files: &HashSet<String>,
        changed_ids: &[site::Id],
    ) -> Vec<Page> {
        let by_slug: HashMap<&str, site::Id> = (0..site.artefacts.len())
            .map(|id| (site.artefact(id).slug.value.as_str(), id))
            .collect();
        let mut artefacts: BTreeSet<site::Id> = linking_to(site, root, changed_files);
        let mut tags: HashSet<String> = HashSet::new();
        let mut competencies: HashSet<String> = HashSet::new();
        for &id in changed_ids {
            let (older, newer) = site.neighbours(id);
            artefacts.extend(older.into_iter().chain(newer));
            let a = site.artefact(id);
            tags.extend(a.tags.iter().map(|t| slugify(t)));
            competencies.extend(a.competencies.iter().map(|c| c.value.clone()));
        }
        // Where the edited artefacts were before: their old neighbours and listings.
        for (position, file) in self.order.iter().enumerate() {
            if !changed_files.contains(file) {
                continue;
            }
            for near in [position.checked_sub(1), Some(position + 1)]
                .into_iter()
                .flatten()
            {
                if let Some(id) = self
                    .order
                    .get(near)
                    .and_then(|f| self.shown.get(f))
                    .and_then(|s| by_slug.get(s.slug.as_str()))
                {
                    artefacts.insert(*id);
                }
            }
            if let Some(shown) = self.shown.get(file) {
                tags.extend(shown.tags.iter().cloned());
                competencies.extend(shown.competencies.iter().cloned());
            }
        }
        let mut pages: Vec<Page> = artefacts
            .into_iter()
            .filter(|id| !changed_ids.contains(id))
            .map(Page::Artefact)
            .collect();
        pages.extend(render::all_pages(site).into_iter().filter(|page| {
            match page {
                Page::Artefact(_) | Page::Timeline | Page::NotFound => false,
                Page::Tag(i) => tags.contains(&site.tags[*i].slug),
                Page::Competency(i) => competencies.contains(&site.competencies[*i].competency.id),
                Page::ApplicationDossier(i) => site.applications[*i]
                    .artefacts
                    .iter()
                    .any(|id| changed_ids.contains(id)),
                _ => true,
            }
        }));
        pages
    }
}

/// Public artefacts whose body links to one of `files`: a slug change moves the link, and an
/// artefact that is no longer published turns it into plain text.
fn linking_to(site: &Site<'_>, root: &Path, files: &HashSet<String>) -> BTreeSet<site::Id> {
    (0..site.artefacts.len())
        .filter(|&id| {
            site.artefact(id).body.links.iter().any(|link| {
                matches!(&link.target, LinkTarget::Artefact { file, .. }
                    if files.contains(&display_path(root, file)))
            })
        })
        .collect()
}

/// What every page shows that an artefact edit can change, as one comparable string: the
/// navigation (it has a Testimonials entry only when there are some), the counts, and the
/// person's summary (its links to artefacts). The rest of what every page shows comes from
/// settings and templates, whose change rebuilds everything anyway. These are the
/// artefact-dependent fields of render's site view, which render does not expose.
fn site_wide(site: &Site<'_>) -> String {
    let counts = (
        site.artefacts.len(),
        site.of_kind(Kind::CaseStudy).len(),
        site.testimonials.len(),
        site.competencies.len(),
        site.gap_count(),
    );
    let summary = site
        .portfolio
        .person
        .summary
        .as_ref()
        .map(|m| views::yaml_markdown_html(site, m, ""));
    serde_json::to_string(&(views::nav(site), counts, summary)).unwrap_or_default()
}
