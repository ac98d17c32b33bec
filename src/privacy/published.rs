//! What a build publishes, as files to scan: portfolio.yaml, every published artefact (minus
//! what is withheld inside it: testimonials without consent, anonymised names), and the text
//! files it attaches or links (SVG, HTML, plain text). Private and draft artefacts are never
//! published, so they are not scanned.

use super::text::Lines;
use crate::diag::Location;
use crate::model::{Artefact, AttachmentTarget, LinkTarget, Portfolio};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

/// Attached or linked files whose text a reader's browser shows.
const TEXT_FILES: &[&str] = &["svg", "html", "htm", "txt", "csv", "md", "xml"];

/// A published file to scan, and where in it the withheld parts start.
#[derive(Debug, Clone)]
pub struct Published {
    /// Portfolio-relative, as diagnostics print it.
    pub path: String,
    pub absolute: PathBuf,
    /// Testimonials that are not published: each hides the block that starts here.
    pub withheld_blocks: Vec<Location>,
    /// Values not published (an anonymised name): each hides the rest of its line.
    pub withheld_values: Vec<Location>,
}

/// Every published file, each once, in path order.
pub fn files(portfolio: &Portfolio, include_drafts: bool) -> Vec<Published> {
    let mut files: BTreeMap<String, Published> = BTreeMap::new();
    let mut add = |path: String, absolute: PathBuf| {
        files.entry(path.clone()).or_insert_with(|| Published {
            path,
            absolute,
            withheld_blocks: Vec::new(),
            withheld_values: Vec::new(),
        });
    };
    add(
        "portfolio.yaml".into(),
        portfolio.root.join("portfolio.yaml"),
    );
    let published: Vec<&Artefact> = portfolio
        .artefacts
        .iter()
        .filter(|a| a.is_published(include_drafts))
        .collect();
    for artefact in &published {
        add(
            artefact.source_path.clone(),
            portfolio.root.join(&artefact.source_path),
        );
    }
    for source in linked_text_files(portfolio, &published) {
        let path = crate::diag::display_path(&portfolio.root, &source);
        add(path, source);
    }
    for artefact in &published {
        let Some(file) = files.get_mut(&artefact.source_path) else {
            continue;
        };
        for t in &artefact.testimonials {
            if !t.consent {
                file.withheld_blocks.push(t.location.clone());
            } else if t.anonymised {
                file.withheld_values.extend(t.name_location.clone());
            }
        }
    }
    files.into_values().collect()
}

/// Text files published beside the pages: attachments and linked files of published
/// artefacts, and files linked from the summary and application statements.
fn linked_text_files(portfolio: &Portfolio, published: &[&Artefact]) -> Vec<PathBuf> {
    let attachments = published
        .iter()
        .flat_map(|a| &a.attachments)
        .filter_map(|a| match &a.target {
            AttachmentTarget::File(asset) => Some(asset.source.clone()),
            AttachmentTarget::Url(_) => None,
        });
    let markdown = published
        .iter()
        .map(|a| &a.body)
        .chain(portfolio.person.summary.iter())
        .chain(
            portfolio
                .applications
                .iter()
                .filter_map(|a| a.statement.as_ref()),
        );
    let linked = markdown
        .flat_map(|m| &m.links)
        .filter_map(|l| match &l.target {
            LinkTarget::Asset(path) => Some(path.clone()),
            _ => None,
        });
    attachments
        .chain(linked)
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| TEXT_FILES.contains(&e.to_ascii_lowercase().as_str()))
        })
        .collect()
}

/// The byte ranges of `text` that are withheld: a block from its start to the next line
/// indented less than its first field (the next testimonial, the next front-matter field),
/// and a value from its start to the end of its line.
pub fn withheld_ranges(file: &Published, text: &str) -> Vec<Range<usize>> {
    let lines = Lines::new(text);
    let mut ranges = Vec::new();
    for at in &file.withheld_blocks {
        let indent = at.column.saturating_sub(1);
        let mut last = at.line;
        for line in at.line + 1..=lines.count() {
            let content = &text[lines.range(line)];
            if content.trim().is_empty() {
                continue;
            }
            if content.len() - content.trim_start().len() < indent {
                break;
            }
            last = line;
        }
        ranges.push(lines.range(at.line).start..lines.range(last).end);
    }
    for at in &file.withheld_values {
        let line = lines.range(at.line);
        let start = text[line.clone()]
            .char_indices()
            .nth(at.column.saturating_sub(1))
            .map_or(line.end, |(i, _)| line.start + i);
        ranges.push(start..line.end);
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withheld_testimonial_hides_its_whole_block_and_no_more() {
        let text = "---\ntestimonials:\n  - quote: Fine.\n    name: Ann Public\n    consent: true\n  - quote: |\n      Secret words.\n    name: Zofia Kowalska\n    consent: false\nattachments: []\n---\nBody\n";
        let file = Published {
            path: "a.md".into(),
            absolute: PathBuf::new(),
            withheld_blocks: vec![Location::new("a.md", 6, 5)],
            withheld_values: vec![Location::new("a.md", 4, 11)],
        };
        let masked = super::super::text::mask(text, &withheld_ranges(&file, text));
        assert!(!masked.contains("Secret") && !masked.contains("Zofia"));
        assert!(!masked.contains("Ann Public") && masked.contains("    name: "));
        assert!(
            masked.contains("Fine.") && masked.contains("attachments") && masked.contains("Body")
        );
    }
}
