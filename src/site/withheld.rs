//! The report of what the public will not see, or will see changed: private and draft
//! artefacts, testimonials without consent, files only they use, applications reachable only
//! by their address, and images published without their metadata. Plain data, each entry with
//! a stable code and a reason; `report` prints it (human, JSON, GitHub, SARIF, `--report`).

use super::files::CleanedFile;
use crate::diag::{codes, display_path, Location};
use crate::model::{Artefact, Portfolio};

/// What the public will not see, so the build summary and the report can say so.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Withheld {
    pub drafts: Vec<String>,
    pub private: Vec<String>,
    pub unconsented_testimonials: usize,
    /// Every entry of the report, in a stable order.
    pub entries: Vec<Entry>,
    /// Every application: its address, and whether it is listed (`public: true`).
    pub applications: Vec<ApplicationAddress>,
    /// Images the copy publishes without their metadata (filled by [`super::Site::report`]).
    pub cleaned: Vec<CleanedFile>,
}

/// One thing held back or changed, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Entry {
    pub code: &'static str,
    /// `artefact`, `testimonial`, `file`, `application` or `image`.
    pub kind: &'static str,
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub reason: String,
}

/// Where an application's page is published.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ApplicationAddress {
    pub slug: String,
    /// The full address to send (base_url + `for/<slug>-<token>/`).
    pub url: String,
    /// The page's site path (`for/<slug>-<token>/`).
    pub path: String,
    pub public: bool,
}

impl Entry {
    fn at(code: &'static str, kind: &'static str, at: &Location, reason: String) -> Entry {
        Entry {
            code,
            kind,
            path: at.path.to_string(),
            line: at.line,
            column: at.column,
            reason,
        }
    }
}

impl Withheld {
    /// The withheld artefacts and testimonials, and the files only withheld artefacts use.
    pub(super) fn of(portfolio: &Portfolio, public: &[&Artefact]) -> Withheld {
        let mut withheld = Withheld::default();
        // A set, not a scan of `public` per artefact: that was quadratic (10^8 comparisons at
        // 10,000 artefacts, a large part of every `serve` rebuild).
        let public: std::collections::HashSet<*const Artefact> =
            public.iter().map(|p| *p as *const Artefact).collect();
        let is_public = |a: &Artefact| public.contains(&(a as *const Artefact));
        for artefact in &portfolio.artefacts {
            if is_public(artefact) {
                withheld.testimonials_of(artefact);
                continue;
            }
            let at = Location::file(&artefact.source_path);
            let (code, reason) = if artefact.private {
                withheld.private.push(artefact.source_path.clone());
                (codes::WITHHELD_PRIVATE, "private: true")
            } else {
                withheld.drafts.push(artefact.source_path.clone());
                (
                    codes::WITHHELD_DRAFT,
                    "draft: true (build with --drafts to preview)",
                )
            };
            withheld
                .entries
                .push(Entry::at(code, "artefact", &at, reason.into()));
            let mut files: Vec<_> = super::copies::asset_sources(artefact).collect();
            files.sort();
            files.dedup();
            for file in files {
                let reason = format!("used by {} only: not copied", artefact.source_path);
                let at = Location::file(display_path(&portfolio.root, &file));
                withheld
                    .entries
                    .push(Entry::at(codes::WITHHELD_FILE, "file", &at, reason));
            }
        }
        withheld
    }

    fn testimonials_of(&mut self, artefact: &Artefact) {
        for t in artefact.testimonials.iter().filter(|t| !t.consent) {
            self.unconsented_testimonials += 1;
            let reason = "no `consent: true`: the quote and the name are left out".to_string();
            self.entries.push(Entry::at(
                codes::WITHHELD_TESTIMONIAL,
                "testimonial",
                &t.location,
                reason,
            ));
        }
    }

    /// Records each application's address; the unlisted ones become report entries.
    pub(super) fn add_applications(&mut self, base_url: &str, pages: &[super::ApplicationPage]) {
        for page in pages {
            let url = format!("{base_url}{}", page.url);
            if !page.is_public() {
                let reason = format!("not listed anywhere; reachable only at {url}");
                self.entries.push(Entry::at(
                    codes::UNLISTED_APPLICATION,
                    "application",
                    &page.application.location,
                    reason,
                ));
            }
            self.applications.push(ApplicationAddress {
                slug: page.application.slug.clone(),
                url,
                path: page.url.clone(),
                public: page.is_public(),
            });
        }
    }

    /// Adds the images published without their metadata.
    pub(super) fn add_cleaned(&mut self, cleaned: Vec<CleanedFile>) {
        for file in &cleaned {
            let mut reason = format!("published without {}", file.removed.join(", "));
            if let Some(o) = file.orientation {
                reason.push_str(&format!(" (kept only the EXIF orientation, {o})"));
            }
            self.entries.push(Entry::at(
                codes::METADATA_REMOVED,
                "image",
                &Location::file(&file.path),
                reason,
            ));
        }
        self.cleaned = cleaned;
    }

    /// Nothing held back and nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
