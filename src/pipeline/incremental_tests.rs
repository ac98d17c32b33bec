//! The site's indexes, patched after an edit ([`Site::patched`], [`SiteMemo`]), are the ones
//! `Site::new` makes from the edited portfolio.

use super::*;
use crate::site::kept::Kept;

const ARTICLE: &str = "artefacts/2025/exit-tickets-article.md";
const REFLECTION: &str = "artefacts/2023/reflection-first-year-coaching.md";
const PILOT: &str = "artefacts/2025/formative-assessment-pilot.md";

fn at(portfolio: &Portfolio, path: &str) -> usize {
    portfolio
        .artefacts
        .iter()
        .position(|a| a.source_path == path)
        .unwrap()
}

/// Everything a site's indexes say, as text, so two sites can be compared.
fn indexes(site: &Site<'_>) -> String {
    let tags: Vec<_> = site
        .tags
        .iter()
        .map(|t| (&t.name, &t.slug, &t.artefacts))
        .collect();
    let competencies: Vec<_> = site
        .competencies
        .iter()
        .map(|e| (&e.competency.id, &e.artefacts))
        .collect();
    let testimonials: Vec<_> = site
        .testimonials
        .iter()
        .map(|(id, t)| (id, &t.name))
        .collect();
    let applications: Vec<_> = site
        .applications
        .iter()
        .map(|a| (&a.url, &a.artefacts))
        .collect();
    let by_file: std::collections::BTreeMap<_, _> = site.by_file.iter().collect();
    let paths: Vec<_> = site.artefacts.iter().map(|a| &a.source_path).collect();
    format!(
        "{paths:?}\n{:?}\n{by_file:?}\n{tags:?}\n{competencies:?}\n{testimonials:?}\n{applications:?}\n{:?}\n{:?}",
        site.order, site.assets, site.withheld
    )
}

/// Keeps the sample's site, applies `edit`, and patches the kept indexes for the edited
/// artefacts: `None` if the patch declined.
fn patched_after(edit: impl FnOnce(&mut Portfolio) -> Vec<usize>) -> (Portfolio, Option<String>) {
    let mut portfolio = super::tests::sample();
    let kept: Kept = Site::new(&portfolio, false).keep();
    let edited: BTreeSet<usize> = edit(&mut portfolio).into_iter().collect();
    let patched = Site::patched(&portfolio, kept, &edited).map(|s| indexes(&s));
    (portfolio, patched)
}

fn assert_patched_as_new(step: &str, edit: impl FnOnce(&mut Portfolio) -> Vec<usize>) {
    let (portfolio, patched) = patched_after(edit);
    let patched = patched.unwrap_or_else(|| panic!("{step}: the patch declined"));
    assert_eq!(patched, indexes(&Site::new(&portfolio, false)), "{step}");
}

#[test]
fn a_new_title_that_keeps_the_order_patches_the_indexes_as_they_were() {
    assert_patched_as_new("a title", |p| {
        let i = at(p, ARTICLE);
        p.artefacts[i].title.push_str(", renamed");
        vec![i]
    });
}

#[test]
fn a_date_or_title_that_moves_an_artefact_renumbers_every_index() {
    assert_patched_as_new("the oldest made the newest", |p| {
        let i = at(p, REFLECTION);
        p.artefacts[i].date = crate::model::Date::parse("2026-01-01").unwrap();
        vec![i]
    });
    assert_patched_as_new("the newest made the oldest", |p| {
        let i = at(p, ARTICLE);
        p.artefacts[i].date = crate::model::Date::parse("2001-01-01").unwrap();
        vec![i]
    });
    assert_patched_as_new("a tie on the date broken by the title", |p| {
        let (i, j) = (at(p, ARTICLE), at(p, PILOT));
        p.artefacts[i].date = p.artefacts[j].date;
        p.artefacts[i].title = format!("{} too", p.artefacts[j].title);
        vec![i]
    });
    assert_patched_as_new("two artefacts moved at once", |p| {
        let (i, j) = (at(p, ARTICLE), at(p, REFLECTION));
        p.artefacts[i].date = crate::model::Date::parse("2001-01-01").unwrap();
        p.artefacts[j].date = crate::model::Date::parse("2026-01-01").unwrap();
        vec![i, j]
    });
}

#[test]
fn a_tag_is_named_as_the_artefact_moved_to_the_front_writes_it() {
    let mut portfolio = super::tests::sample();
    let i = at(&portfolio, REFLECTION);
    let first = portfolio.artefacts[i].tags[0].clone();
    assert!(
        portfolio
            .artefacts
            .iter()
            .filter(|a| a.tags.contains(&first))
            .count()
            > 1
    );
    let shouted = first.to_uppercase();
    portfolio.artefacts[i].tags[0] = shouted.clone();
    let kept = Site::new(&portfolio, false).keep();
    portfolio.artefacts[i].date = crate::model::Date::parse("2026-01-01").unwrap();
    let patched = Site::patched(&portfolio, kept, &BTreeSet::from([i])).unwrap();
    assert_eq!(indexes(&patched), indexes(&Site::new(&portfolio, false)));
    let tag = patched
        .tags
        .iter()
        .find(|t| t.slug == slugify(&first))
        .unwrap();
    assert_eq!(tag.name, shouted, "named as the newest artefact writes it");
}

#[test]
fn a_tie_the_order_cannot_break_is_left_to_a_full_site() {
    let (_, patched) = patched_after(|p| {
        let (i, j) = (at(p, ARTICLE), at(p, PILOT));
        let (date, title) = (p.artefacts[j].date, p.artefacts[j].title.clone());
        let slug = p.artefacts[j].slug.value.clone();
        let a = &mut p.artefacts[i];
        (a.date, a.title, a.slug.value) = (date, title, slug);
        vec![i]
    });
    assert!(patched.is_none());
}

/// The memo patches after an edit the indexes do not hold, and makes the site anew after
/// any other; either way the site is `Site::new`'s.
#[test]
fn the_memo_gives_the_site_new_makes_after_each_edit() {
    let mut portfolio = super::tests::sample();
    let mut memo = SiteMemo::default();
    let site = memo.site(&portfolio, false);
    memo.keep(site);
    type Edit = fn(&mut Artefact);
    let edits: [(&str, Edit, bool); 5] = [
        ("a title", |a| a.title = "Zz last of its day".into(), true),
        ("a tag", |a| a.tags.push("brand-new".into()), false),
        (
            "a date",
            |a| a.date = crate::model::Date::parse("2001-02-03").unwrap(),
            true,
        ),
        ("made a draft", |a| a.draft = true, false),
        ("a draft again published", |a| a.draft = false, false),
    ];
    for (step, edit, patches) in edits {
        let i = at(&portfolio, ARTICLE);
        let old = portfolio.artefacts[i].clone();
        edit(&mut portfolio.artefacts[i]);
        memo.replaced(i, &old, &portfolio.artefacts[i]);
        assert_eq!(memo.kept.is_some(), patches, "{step}: patched or not");
        let site = memo.site(&portfolio, false);
        assert_eq!(
            indexes(&site),
            indexes(&Site::new(&portfolio, false)),
            "{step}"
        );
        memo.keep(site);
    }
}
