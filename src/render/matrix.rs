//! The evidence matrix: which artefact shows which competency, for the evidence page and the
//! printable dossier.

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
            artefacts: e
                .artefacts
                .iter()
                .filter(|id| included(id))
                .map(|&id| views::card_lite(site, id))
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
            }
        })
        .collect();
    MatrixExtra {
        competencies,
        matrix: Matrix { columns, rows },
    }
}

#[derive(Serialize)]
pub(super) struct MatrixCompetency<'a> {
    id: &'a str,
    name: &'a str,
    description: Option<&'a str>,
    url: String,
    count: usize,
    gap: bool,
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
