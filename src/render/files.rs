//! The files beside the pages: sitemap, robots.txt, feed, portfolio.json and resume.json, and the files a
//! build copies (theme assets, the photo, each artefact's attachments).

use super::{feeds, person_view, Theme};
use crate::diag::{codes, Diagnostic, Location};
use crate::output::Output;
use crate::site::{self, all_pages, Site};
use rayon::prelude::*;

pub(super) fn write(out: &dyn Output, path: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
    out.write(path, bytes).map_err(|e| output_error(path, e))
}

/// A file of the output that could not be written (a page, a data file, a kept page).
pub(super) fn output_error(path: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(
        codes::OUTPUT,
        Location::file(path),
        format!("cannot write this output file: {e}"),
    )
}

/// Sitemap, robots.txt, feed, portfolio.json and resume.json: cheap, and always about the whole site.
pub fn data_files(site: &Site<'_>, out: &dyn Output) -> Result<usize, Diagnostic> {
    let mut entries: Vec<(String, Option<String>, bool)> = all_pages(site)
        .into_iter()
        .map(|p| (p.url(site), p.last_modified(site), p.noindex(site)))
        .collect();
    entries.sort();
    write(
        out,
        "sitemap.xml",
        feeds::sitemap(site, &entries).as_bytes(),
    )?;
    write(out, "robots.txt", feeds::robots(site).as_bytes())?;
    write(out, "atom.xml", feeds::atom(site).as_bytes())?;
    out.write_with("portfolio.json", &mut |to| {
        feeds::portfolio_json(site, person_view(site, ""), to)
    })
    .map_err(|e| output_error("portfolio.json", e))?;
    let resume = super::resume_json::resume_json(site, person_view(site, ""));
    write(out, "resume.json", resume.as_bytes())?;
    Ok(5)
}

/// The link-preview card, theme assets, the photo and the files of each artefact (only of
/// `artefacts`, when given).
pub fn copy_files(
    site: &Site<'_>,
    theme: &Theme,
    out: &dyn Output,
    artefacts: Option<&[site::Id]>,
) -> Result<usize, Diagnostic> {
    // The card shows the person and their strongest headline figure, which any edit may change.
    let mut count = super::social_card::write(site, theme, out)?;
    for (rel, bytes) in &theme.static_files {
        write(out, &site::theme_file_path(rel), bytes)?;
        count += 1;
    }
    let root = &site.portfolio.root;
    let photo = site.portfolio.person.photo.as_ref();
    // A photo in `static/` is published by the copy of `static/`, once.
    if let Some(photo) = photo.filter(|p| site::static_path(root, &p.source).is_none()) {
        copy(out, &site::photo_path(root, &photo.source), &photo.source)?;
        count += 1;
    }
    let ids: Vec<site::Id> =
        artefacts.map_or_else(|| (0..site.artefacts.len()).collect(), <[_]>::to_vec);
    let copies: Vec<(String, &std::path::Path)> = ids
        .into_iter()
        .flat_map(|id| {
            site.assets[id].iter().map(move |(source, name)| {
                (
                    site::attachment_path(site.artefact(id), name),
                    source.as_path(),
                )
            })
        })
        .collect();
    copies
        .par_iter()
        .try_for_each(|(to, from)| copy(out, to, from))?;
    Ok(count + copies.len())
}

fn copy(out: &dyn Output, to: &str, from: &std::path::Path) -> Result<(), Diagnostic> {
    out.copy(to, from).map_err(|e| {
        Diagnostic::error(
            codes::OUTPUT,
            Location::file(to),
            format!("cannot copy {}: {e}", from.display()),
        )
    })
}
