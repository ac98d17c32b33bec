//! What `serve` keeps between rebuilds so an edit of one artefact does not redo whole-site
//! work whose answer it cannot change: the output problems (`site::output_problems`,
//! every output path's claims, copies of private material, published files' warnings), and
//! the site's indexes ([`SiteMemo`], below).
//!
//! Why this is exact: those problems depend on the settings, the theme, the files beside the
//! artefacts (any change to which is a full read, which forgets this memo), and on each
//! artefact only through its [`Footprint`]. When the last check found no problem and every
//! edited artefact's footprint is what it was, no path, copy or published file changed, so
//! there is still no problem. Anything else is checked in full (and a problem, once found, is
//! always checked in full, so its message and position are fresh).

use crate::markdown::slugify;
use crate::model::{Artefact, Portfolio};
use crate::site::Site;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// What of one artefact the output problems depend on.
#[derive(Debug, Clone, PartialEq)]
struct Footprint {
    dir: PathBuf,
    private: bool,
    published: bool,
    slug: String,
    /// The output paths it makes beside the pages it shows on: its tags' and measures' pages.
    tags: Vec<String>,
    measures: Vec<String>,
    /// Files it copies or withholds, with the names they get beside its page.
    assets: Vec<(PathBuf, String)>,
}

impl Footprint {
    fn of(artefact: &Artefact, include_drafts: bool) -> Footprint {
        let measures = artefact
            .metrics
            .iter()
            .filter_map(|m| m.context.measure.as_ref())
            .map(|m| slugify(&m.value))
            .collect();
        Footprint {
            dir: artefact.dir.clone(),
            private: artefact.private,
            published: artefact.is_published(include_drafts),
            slug: artefact.slug.value.clone(),
            tags: artefact.tags.iter().map(|t| slugify(t)).collect(),
            measures,
            assets: crate::site::assets(artefact),
        }
    }
}

/// The output problems' memo: each artefact's footprint when they were last found none.
#[derive(Debug, Default)]
pub struct OutputMemo {
    /// Source path → footprint, as of the last check that found no problem; `None` after a
    /// check that found one, or before the first.
    clean: Option<HashMap<String, Footprint>>,
    /// Site-wide addresses not made by artefacts that the check also depends on (applications'
    /// pages, whose token comes from the secret file).
    applications: Vec<String>,
    /// The artefact files (source paths) re-read since the last check; `None`: everything may
    /// have changed (a full read, or no check yet).
    changed: Option<BTreeSet<String>>,
}

impl OutputMemo {
    /// Forgets everything: a full read may have changed settings, theme or files.
    pub fn clear(&mut self) {
        self.clean = None;
        self.changed = None;
    }

    /// The artefact at `path` (its source path) was read again.
    pub fn reread(&mut self, path: &str) {
        if let Some(changed) = &mut self.changed {
            changed.insert(path.to_string());
        }
    }

    /// The output problems of `site`: none without calling `check` when the memo shows the
    /// re-read artefacts cannot have made one, else what `check` finds.
    pub fn problems(
        &mut self,
        site: &Site<'_>,
        include_drafts: bool,
        check: impl FnOnce() -> Vec<crate::diag::Diagnostic>,
    ) -> Vec<crate::diag::Diagnostic> {
        let portfolio = site.portfolio;
        let applications: Vec<String> = site.applications.iter().map(|a| a.url.clone()).collect();
        let changed = self.changed.replace(BTreeSet::new());
        let changed = changed.as_ref();
        if let (Some(clean), Some(changed)) = (&self.clean, changed) {
            let same = applications == self.applications
                && changed.iter().all(|path| {
                    clean.get(path) == footprint(portfolio, path, include_drafts).as_ref()
                });
            if same {
                return Vec::new();
            }
        }
        let problems = check();
        self.clean = match (problems.is_empty(), self.clean.take(), changed) {
            (false, _, _) => None,
            (true, Some(mut clean), Some(changed)) => {
                for path in changed {
                    match footprint(portfolio, path, include_drafts) {
                        Some(f) => clean.insert(path.clone(), f),
                        None => clean.remove(path),
                    };
                }
                Some(clean)
            }
            (true, _, _) => Some(
                portfolio
                    .artefacts
                    .iter()
                    .map(|a| (a.source_path.clone(), Footprint::of(a, include_drafts)))
                    .collect(),
            ),
        };
        self.applications = applications;
        problems
    }
}

/// The footprint of the artefact at `path`, if it parsed.
fn footprint(portfolio: &Portfolio, path: &str, include_drafts: bool) -> Option<Footprint> {
    let artefact = portfolio.artefacts.iter().find(|a| a.source_path == path)?;
    Some(Footprint::of(artefact, include_drafts))
}

/// What of one artefact the site's indexes hold, apart from its place in their order (which
/// [`Site::patched`] follows): tags, evidence, files, whether it is published, and the
/// withheld testimonials the report lists.
#[derive(PartialEq)]
struct Indexed<'a> {
    private: bool,
    draft: bool,
    tags: &'a [String],
    competencies: Vec<&'a str>,
    assets: Vec<(PathBuf, String)>,
    withheld_testimonials: Vec<&'a crate::diag::Location>,
}

impl Indexed<'_> {
    fn of(artefact: &Artefact) -> Indexed<'_> {
        Indexed {
            private: artefact.private,
            draft: artefact.draft,
            tags: &artefact.tags,
            competencies: artefact
                .competencies
                .iter()
                .map(|c| c.value.as_str())
                .collect(),
            assets: crate::site::assets(artefact),
            withheld_testimonials: artefact
                .testimonials
                .iter()
                .filter(|t| !t.consent)
                .map(|t| &t.location)
                .collect(),
        }
    }
}

/// The site's indexes from the last rebuild that made a site, and the artefacts edited since
/// in nothing they hold: the next site is those indexes patched ([`Site::patched`]) rather
/// than made anew. Anything else (an artefact added, removed, failing to parse, or edited in
/// what the indexes hold; a full read) forgets them, and the next site is made in full.
#[derive(Default)]
pub struct SiteMemo {
    kept: Option<crate::site::kept::Kept>,
    /// Positions in the portfolio's artefacts.
    edited: BTreeSet<usize>,
}

impl SiteMemo {
    /// Forgets the indexes: the next site is made in full.
    pub fn clear(&mut self) {
        self.kept = None;
        self.edited.clear();
    }

    /// The artefact at position `at` was read again, `old` before and `new` now.
    pub fn replaced(&mut self, at: usize, old: &Artefact, new: &Artefact) {
        if Indexed::of(old) == Indexed::of(new) {
            self.edited.insert(at);
        } else {
            self.clear();
        }
    }

    /// The site of `portfolio`: the kept indexes patched when they can be, else made anew.
    /// Give it back with [`Self::keep`] once done with it.
    pub fn site<'a>(&mut self, portfolio: &'a Portfolio, include_drafts: bool) -> Site<'a> {
        let edited = std::mem::take(&mut self.edited);
        self.kept
            .take()
            .and_then(|kept| Site::patched(portfolio, kept, &edited))
            .unwrap_or_else(|| Site::new(portfolio, include_drafts))
    }

    /// Keeps `site`'s indexes for the next [`Self::site`].
    pub fn keep(&mut self, site: Site<'_>) {
        self.kept = Some(site.keep());
    }
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod site_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Location};
    use crate::pipeline::{Made, Options, Session};
    use std::cell::Cell;
    use std::path::Path;

    /// The sample portfolio as the model holds it (read, not written to).
    pub(super) fn sample() -> Portfolio {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
        let mut session = Session::new(Options {
            output: root.join("_site"),
            root,
            base_url: None,
            drafts: false,
            strict: false,
            serving: true,
            blind: false,
        });
        let nothing = |_: &crate::pipeline::Ready<'_>| {
            Ok(Made {
                value: (),
                found: Vec::new(),
            })
        };
        assert!(session.full(nothing).is_ok(), "the sample builds");
        session.copy().expect("the sample loads").0
    }

    const ARTICLE: &str = "artefacts/2025/exit-tickets-article.md";

    #[test]
    fn an_edit_that_keeps_every_footprint_is_not_checked_again_and_any_other_is() {
        let mut portfolio = sample();
        let mut memo = OutputMemo::default();
        let checks = Cell::new(0);
        let run = |memo: &mut OutputMemo, portfolio: &Portfolio, found: Vec<Diagnostic>| {
            let site = Site::new(portfolio, false);
            memo.problems(&site, false, || {
                checks.set(checks.get() + 1);
                found
            })
        };
        run(&mut memo, &portfolio, Vec::new());
        assert_eq!(checks.get(), 1, "the first run checks");

        fn article(p: &mut Portfolio) -> &mut Artefact {
            p.artefacts
                .iter_mut()
                .find(|a| a.source_path == ARTICLE)
                .unwrap()
        }
        article(&mut portfolio).title = "A new title".into();
        memo.reread(ARTICLE);
        run(&mut memo, &portfolio, Vec::new());
        assert_eq!(checks.get(), 1, "a new title makes no path: not checked");

        article(&mut portfolio).slug.value = "renamed".into();
        memo.reread(ARTICLE);
        run(&mut memo, &portfolio, Vec::new());
        assert_eq!(checks.get(), 2, "a new slug is a new path: checked");

        article(&mut portfolio).private = true;
        memo.reread(ARTICLE);
        let problem = Diagnostic::error(
            crate::diag::codes::OUTPUT_CLAIMED_TWICE,
            Location::file(ARTICLE),
            "clash",
        );
        let found = run(&mut memo, &portfolio, vec![problem.clone()]);
        assert_eq!(
            (checks.get(), found),
            (3, vec![problem]),
            "made private: checked"
        );

        memo.reread(ARTICLE);
        run(&mut memo, &portfolio, Vec::new());
        assert_eq!(
            checks.get(),
            4,
            "after a problem, the next run checks again"
        );

        memo.clear();
        run(&mut memo, &portfolio, Vec::new());
        assert_eq!(checks.get(), 5, "after a full read, checked");
    }
}
