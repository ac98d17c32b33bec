//! What printing needs to know about the portfolio besides its pages: the person's name for
//! the footer, the language that picks the paper, the version and the newest artefact's date
//! for the fixed PDF dates. Read through the same pipeline session as a build (without
//! rendering), so it sees exactly the content the pages were built from.

use super::paper::Paper;
use crate::model::Date;
use crate::pipeline::{Failure, Made, Options, Session};

#[derive(Debug, Clone)]
pub struct DocInfo {
    pub name: String,
    pub language: String,
    /// Where the site is published (ends with `/`): the PDF's links point there.
    pub base_url: String,
    /// The full hex content hash (`pack::version`).
    pub version: String,
    pub newest: Option<Date>,
    /// portfolio.yaml's `paper:`, if given.
    pub paper: Option<Paper>,
    /// A blind build's candidate label (`--blind`); `name` is then that label too.
    pub blind_label: Option<String>,
}

/// Reads and checks the portfolio as `opts` says; content problems fail like a build's.
pub fn read(opts: &Options) -> Result<DocInfo, Failure> {
    let done = Session::new(opts.clone()).full(|ready| {
        let portfolio = ready.portfolio;
        Ok(Made {
            value: DocInfo {
                name: portfolio.person.name.clone(),
                language: portfolio.language.clone(),
                base_url: portfolio.base_url.clone(),
                version: ready.site.version.clone(),
                newest: ready.site.artefacts.iter().map(|a| a.date).max(),
                paper: portfolio.paper,
                blind_label: ready.blind.map(|b| b.label.clone()),
            },
            found: Vec::new(),
        })
    })?;
    Ok(done.value)
}

/// The time printed into the PDF: `SOURCE_DATE_EPOCH` when set, else midnight (UTC) of the
/// newest artefact's date, else 1 January 2000.
pub fn epoch(info: &DocInfo) -> i64 {
    if let Some(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        return epoch;
    }
    info.newest
        .and_then(|d| chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day.unwrap_or(1)))
        .or_else(|| chrono::NaiveDate::from_ymd_opt(2000, 1, 1))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .unwrap_or(0)
}
