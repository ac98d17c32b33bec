//! The evidence matrix: which artefact shows which competency, for the evidence page and the
//! printable dossier.

use super::readiness::{self, StrengthView};
use super::views;
use crate::site::{self, Site};
use serde::Serialize;

/// The evidence matrix over `ids` (every public artefact on the evidence page); `printed`
/// says which artefacts the page prints in full (the dossier), for in-page links.
pub(super) fn matrix<'a>(
    site: &'a Site<'a>,
    ids: &[site::Id],
    printed: &dyn Fn(site::Id) -> bool,
) -> MatrixExtra<'a> {
    let included = |id: &site::Id| ids.binary_search(id).is_ok();
    let competencies = site
        .competencies
        .iter()
        .map(|e| MatrixCompetency {
            id: &e.competency.id,
            name: &e.competency.name,
            description: e.competency.description.as_deref(),
            url: site::competency_url(&e.competency.id),
            count: e.artefacts.iter().filter(|id| included(id)).count(),
            gap: e.is_gap(),
            closed_by: closing_plans(site, ids, &e.competency.id),
            artefacts: e
                .artefacts
                .iter()
                .filter(|id| included(id))
                .map(|&id| views::CardLite {
                    in_document: printed(id),
                    ..views::card_lite(site, id)
                })
                .collect(),
        })
        .collect();
    let columns: Vec<MatrixColumn> = site
        .competencies
        .iter()
        .enumerate()
        .map(|(i, e)| MatrixColumn {
            id: &e.competency.id,
            name: &e.competency.name,
            short: e
                .competency
                .short
                .clone()
                .unwrap_or_else(|| format!("C{}", i + 1)),
        })
        .collect();
    let rows = ids
        .iter()
        .copied()
        .filter(|&id| !site.artefact(id).competencies.is_empty())
        .map(|id| {
            let a = site.artefact(id);
            MatrixRow {
                title: &a.title,
                url: site::artefact_url(a),
                anchor: views::anchor(a),
                in_document: printed(id),
                kind_label: a.kind.label(),
                marks: site
                    .competencies
                    .iter()
                    .map(|e| a.competencies.iter().any(|c| c.value == e.competency.id))
                    .collect(),
                strength: readiness::artefact_strength(site, id),
            }
        })
        .collect();
    MatrixExtra {
        competencies,
        matrix: Matrix { columns, rows },
    }
}

impl Matrix<'_> {
    /// Keeps only the rows of artefacts the page prints in full.
    pub(super) fn keep_printed_rows(&mut self) {
        self.rows.retain(|row| row.in_document);
    }
}

/// The plans among `ids` whose `closes:` names the competency `id`.
fn closing_plans<'a>(site: &'a Site<'a>, ids: &[site::Id], id: &str) -> Vec<views::CardLite<'a>> {
    ids.iter()
        .copied()
        .filter(|&i| {
            let plan = site.artefact(i).plan.as_ref();
            plan.is_some_and(|p| p.closes.iter().any(|c| c.value == id))
        })
        .map(|i| views::card_lite(site, i))
        .collect()
}

#[derive(Serialize)]
pub(super) struct MatrixCompetency<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    url: String,
    count: usize,
    gap: bool,
    /// Plans that mean to evidence it (to close its gap).
    closed_by: Vec<views::CardLite<'a>>,
    artefacts: Vec<views::CardLite<'a>>,
}

#[derive(Serialize)]
pub(super) struct MatrixColumn<'a> {
    id: &'a str,
    name: &'a str,
    short: String,
}

#[derive(Serialize)]
pub(super) struct MatrixRow<'a> {
    title: &'a str,
    url: String,
    /// The artefact's section in the printable dossier, and whether that page prints it.
    anchor: String,
    in_document: bool,
    kind_label: &'static str,
    marks: Vec<bool>,
    /// How strongly the artefact argues (the same in every column it marks); `None` for a plan.
    strength: Option<StrengthView>,
}

#[derive(Serialize)]
pub(super) struct Matrix<'a> {
    columns: Vec<MatrixColumn<'a>>,
    rows: Vec<MatrixRow<'a>>,
}

#[derive(Serialize)]
pub(super) struct MatrixExtra<'a> {
    pub(super) competencies: Vec<MatrixCompetency<'a>>,
    pub(super) matrix: Matrix<'a>,
}
