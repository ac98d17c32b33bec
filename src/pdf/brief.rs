//! `dossier pdf --brief`: the panel brief page (`brief/`, or an application's) printed as the
//! dossier is (same browser, paper, running footer and fixed metadata) but in one print: the
//! brief has no contents page and no cross-references to number.

use super::{browser, footer, info, normalise, Job};
use crate::pipeline::Failure;
use std::path::Path;

impl Job<'_> {
    /// The PDF of the brief of `site`, or of the application whose pages are in the folder
    /// `application` (from [`super::build_site`]), normalised.
    pub fn print_brief(&self, site: &Path, application: Option<&str>) -> Result<Vec<u8>, Failure> {
        let page = match application {
            None => site.join("brief/index.html"),
            Some(folder) => site.join(folder).join("brief/index.html"),
        };
        let page = std::path::absolute(&page).unwrap_or(page);
        let footer = footer::template(
            &self.info.name,
            crate::pack::version::short(&self.info.version),
        );
        let profile = self.work.join(format!(
            "profile-brief-{}",
            application.unwrap_or("").replace('/', "-")
        ));
        let printer = browser::Printer::open(self.browser, &profile, &page)?;
        let pdf = printer.print(self.paper_size(), &footer)?;
        let site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
        let printed_from = url::Url::from_directory_path(&site)
            .map(String::from)
            .unwrap_or_default();
        let stamp = normalise::Stamp {
            epoch: info::epoch(self.info),
            // A document ID of its own: the brief is not the dossier of the same version.
            identity: &format!("{}:brief:{}", self.info.version, application.unwrap_or("")),
            printed_from: &printed_from,
            base_url: &self.info.base_url,
        };
        normalise::normalise(&pdf, &stamp).map_err(Failure::Tool)
    }
}
