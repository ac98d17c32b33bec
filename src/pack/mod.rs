//! `dossier pack` and `dossier verify`: the reviewer pack is one zip holding the built site,
//! the printed PDF(s) and `manifest.json` (the SHA-256 of every file and the portfolio's
//! version), so a panel can share it and anyone can check that nothing in it was changed and
//! which portfolio it was built from.

mod archive;
pub mod manifest;
mod verify;
pub mod version;

pub use verify::verify;

use crate::pdf::{self, Paper};
use crate::pipeline::{Failure, Options};
use manifest::{Entry, Manifest};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct PackOptions {
    pub build: Options,
    /// The zip to write.
    pub output: PathBuf,
    /// Print this application's document as well as the whole portfolio's.
    pub application: Option<String>,
    pub chromium: Option<PathBuf>,
    pub paper: Option<Paper>,
    /// `--no-pdf`: leave the PDFs out (no browser needed).
    pub no_pdf: bool,
}

/// What a pack holds, for the summary line.
#[derive(Debug, Clone)]
pub struct Packed {
    pub path: PathBuf,
    pub files: usize,
    pub version: String,
    pub pdfs: Vec<String>,
    /// A blind pack's candidate label.
    pub blind_label: Option<String>,
}

/// Builds the site and the PDF(s) into a temporary folder and writes the pack.
pub fn pack(opts: &PackOptions) -> Result<Packed, Failure> {
    let browser = match opts.no_pdf {
        true => None,
        false => Some(pdf::find_browser(opts.chromium.as_deref())?),
    };
    let temp = tempfile::tempdir()
        .map_err(|e| Failure::Tool(format!("cannot create a temporary folder: {e}")))?;
    let mut build = opts.build.clone();
    build.output = temp.path().join("site");
    let info = pdf::info::read(&build)?;
    let application = pdf::build_site(&build, opts.application.as_deref())?;
    let mut files = site_files(&build.output)?;
    let mut pdfs = Vec::new();
    if let Some(browser) = &browser {
        let job = pdf::Job {
            browser,
            work: temp.path(),
            info: &info,
            paper: opts.paper,
        };
        let mut documents = vec![(None, "portfolio.pdf".to_string())];
        documents.extend(
            opts.application
                .iter()
                .map(|s| (application.as_deref(), format!("{s}.pdf"))),
        );
        for (application, name) in documents {
            files.insert(name.clone(), job.print(&build.output, application)?);
            pdfs.push(name);
        }
        // The panel brief goes with the document it summarises: the application's own brief
        // when the pack is for one application, the portfolio's otherwise.
        let (brief_of, brief_name) = match &opts.application {
            Some(slug) => (application.as_deref(), format!("{slug}-brief.pdf")),
            None => (None, "brief.pdf".to_string()),
        };
        files.insert(
            brief_name.clone(),
            job.print_brief(&build.output, brief_of)?,
        );
        pdfs.push(brief_name);
    }
    let manifest = Manifest {
        generator: concat!("dossier ", env!("CARGO_PKG_VERSION")).to_string(),
        version: version::short(&info.version).to_string(),
        content_sha256: info.version.clone(),
        drafts: opts.build.drafts,
        blind: opts.build.blind,
        application: opts.application.clone(),
        files: files
            .iter()
            .map(|(path, bytes)| Entry::of(path, bytes))
            .collect(),
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Failure::Tool(format!("cannot write the manifest: {e}")))?;
    files.insert(manifest::NAME.to_string(), json);
    archive::write(&opts.output, &files)
        .map_err(|e| Failure::Tool(format!("cannot write {}: {e}", opts.output.display())))?;
    Ok(Packed {
        path: opts.output.clone(),
        files: files.len(),
        version: manifest.version,
        pdfs,
        blind_label: info.blind_label.clone(),
    })
}

/// Every file of the built site, as `site/<path>` with `/` separators.
fn site_files(site: &Path) -> Result<BTreeMap<String, Vec<u8>>, Failure> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(site).sort_by_file_name() {
        let entry = entry.map_err(|e| Failure::Tool(format!("cannot read the built site: {e}")))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(site).unwrap_or(entry.path());
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path())
            .map_err(|e| Failure::Tool(format!("cannot read {}: {e}", entry.path().display())))?;
        files.insert(format!("site/{name}"), bytes);
    }
    Ok(files)
}
