//! `dossier pdf --brief`: the panel brief page (`brief/`, or an application's) printed as the
//! dossier is (same browser, paper, running footer and fixed metadata) but in one print: the
//! brief has no contents page and no cross-references to number.

use super::{Document, Job};
use crate::pipeline::Failure;
use std::path::Path;

impl Job<'_> {
    /// The PDF of the brief of `site`, or of the application whose pages are in the folder
    /// `application` (from [`super::build_site`]), normalised.
    pub fn print_brief(&self, site: &Path, application: Option<&str>) -> Result<Vec<u8>, Failure> {
        self.print_document(site, application, Document::Brief)
    }
}
