//! A site's indexes without its borrows of the portfolio, so `serve` can keep them from one
//! save to the next and patch them, instead of making every index again (`Site::new` took
//! about 20 ms a save at 10,000 artefacts). Which edits may be patched is decided by the
//! caller (`pipeline::incremental::SiteMemo`): only edits that change no artefact's tags,
//! competencies, files, consent or whether it is published. What such an edit can still
//! change is the order (a new date, title or slug), which [`Site::patched`] follows.

use super::{
    application_pages, newest_first, testimonials, timeline, ApplicationPage, Evidence, Id, Site,
    Tag, Withheld,
};
use crate::markdown::slugify;
use crate::model::{Artefact, Portfolio};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// The indexes of a [`Site`] that only name artefacts by position.
pub struct Kept {
    order: Vec<usize>,
    by_file: HashMap<PathBuf, Id>,
    tags: Vec<Tag>,
    competencies: Vec<Vec<Id>>,
    assets: Vec<Vec<(PathBuf, String)>>,
    /// Without the applications, whose addresses come from the secret file (read each time).
    withheld: Withheld,
    artefact_count: usize,
}

impl<'a> Site<'a> {
    /// Its indexes, to make the next site of the same portfolio with [`Site::patched`].
    pub fn keep(self) -> Kept {
        // `Site::new` adds the applications last: take them off again.
        let unlisted = self.applications.iter().filter(|a| !a.is_public()).count();
        let mut withheld = self.withheld;
        withheld.applications.clear();
        let kept_entries = withheld.entries.len().saturating_sub(unlisted);
        withheld.entries.truncate(kept_entries);
        Kept {
            order: self.order,
            by_file: self.by_file,
            tags: self.tags,
            competencies: self.competencies.into_iter().map(|e| e.artefacts).collect(),
            assets: self.assets,
            withheld,
            artefact_count: self.portfolio.artefacts.len(),
        }
    }

    /// The site `Site::new(portfolio, …)` makes, from the indexes of the previous one, when
    /// only the artefacts at `edited` (positions in `portfolio.artefacts`) changed, and in
    /// nothing the indexes hold but their order. `None` when that cannot be so (another
    /// number of artefacts or competencies, or two artefacts in a tie the order cannot break).
    pub fn patched(
        portfolio: &'a Portfolio,
        kept: Kept,
        edited: &BTreeSet<usize>,
    ) -> Option<Site<'a>> {
        let all = &portfolio.artefacts;
        let framework = portfolio
            .framework
            .as_ref()
            .map_or(&[][..], |f| &f.competencies);
        if kept.artefact_count != all.len() || kept.competencies.len() != framework.len() {
            return None;
        }
        let mut kept = kept;
        if !in_order(all, &kept.order, edited) {
            reorder(all, &mut kept, edited)?;
        }
        let Kept {
            order,
            by_file,
            tags,
            competencies,
            assets,
            mut withheld,
            ..
        } = kept;
        let artefacts: Vec<&Artefact> = order.iter().map(|&i| &all[i]).collect();
        let applications: Vec<ApplicationPage> = application_pages(portfolio, &artefacts);
        withheld.add_applications(&portfolio.base_url, &applications);
        Some(Site {
            portfolio,
            tags,
            competencies: framework
                .iter()
                .zip(competencies)
                .map(|(competency, artefacts)| Evidence {
                    competency,
                    artefacts,
                })
                .collect(),
            testimonials: testimonials(&artefacts),
            timeline: timeline(portfolio),
            applications,
            assets,
            by_file,
            artefacts,
            order,
            withheld,
            version: String::new(),
        })
    }
}

/// Whether every edited public artefact still sorts strictly between its neighbours.
fn in_order(all: &[Artefact], order: &[usize], edited: &BTreeSet<usize>) -> bool {
    let before = |a: usize, b: usize| newest_first(&all[a], &all[b]) == Ordering::Less;
    order.iter().enumerate().all(|(id, &i)| {
        !edited.contains(&i)
            || ((id == 0 || before(order[id - 1], i))
                && (id + 1 == order.len() || before(i, order[id + 1])))
    })
}

/// Moves the edited artefacts to their places in the order, and renumbers every index to
/// match. `None` if an edited artefact ties with another (then the order is the portfolio's
/// file order, which a full `Site::new` keeps).
fn reorder(all: &[Artefact], kept: &mut Kept, edited: &BTreeSet<usize>) -> Option<()> {
    let old = kept.order.clone();
    let moving: Vec<usize> = old.iter().copied().filter(|i| edited.contains(i)).collect();
    kept.order.retain(|i| !edited.contains(i));
    for i in moving {
        let at = kept
            .order
            .binary_search_by(|&j| newest_first(&all[j], &all[i]))
            .err()?;
        kept.order.insert(at, i);
    }
    let mut new_id = vec![usize::MAX; all.len()];
    for (id, &i) in kept.order.iter().enumerate() {
        new_id[i] = id;
    }
    let renumber = |id: Id| new_id[old[id]];
    for id in kept.by_file.values_mut() {
        *id = renumber(*id);
    }
    for ids in kept.competencies.iter_mut() {
        renumbered(ids, renumber);
    }
    for tag in kept.tags.iter_mut() {
        let first = tag.artefacts.first().copied();
        renumbered(&mut tag.artefacts, renumber);
        if first.map(renumber) != tag.artefacts.first().copied() {
            tag.name = first_name(all[kept.order[tag.artefacts[0]]].tags.iter(), &tag.slug)?;
        }
    }
    let mut assets = vec![Vec::new(); old.len()];
    for (id, files) in std::mem::take(&mut kept.assets).into_iter().enumerate() {
        assets[renumber(id)] = files;
    }
    kept.assets = assets;
    Some(())
}

/// `ids` renumbered, in the new order (every list of a site is in its order).
fn renumbered(ids: &mut [Id], renumber: impl Fn(Id) -> Id) {
    for id in ids.iter_mut() {
        *id = renumber(*id);
    }
    ids.sort_unstable();
}

/// A tag is named as the newest artefact with it first writes it.
fn first_name<'t>(mut names: impl Iterator<Item = &'t String>, slug: &str) -> Option<String> {
    names.find(|n| slugify(n) == slug).cloned()
}
