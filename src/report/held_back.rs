//! The report of what was held back (private and draft artefacts, testimonials without consent,
//! their files, unlisted applications, images published without their metadata) in every
//! format: lines of the human summary, notes beside the diagnostics in JSON, GitHub and SARIF,
//! and one JSON document for `--report FILE`.

use super::Format;
use crate::diag::Diagnostic;
use crate::site::{Entry, Withheld};
use std::io::Write;

/// The entries as notes in a machine format (`json`, `github`); SARIF and human say them in
/// their own place ([`super::sarif_with_notes`], [`human`]).
pub fn notes(format: Format, withheld: &Withheld, to: &mut dyn Write) {
    for entry in &withheld.entries {
        let _ = match format {
            Format::Json => writeln!(to, "{}", json(entry)),
            Format::Github => writeln!(to, "{}", github(entry)),
            Format::Human | Format::Sarif => Ok(()),
        };
    }
}

/// The JSON shape of a diagnostic with `severity: "note"` and the entry's `kind`.
pub fn json(entry: &Entry) -> serde_json::Value {
    serde_json::json!({
        "severity": "note",
        "code": entry.code,
        "kind": entry.kind,
        "message": entry.reason,
        "path": entry.path,
        "line": entry.line,
        "column": entry.column,
        "hint": null,
    })
}

fn github(entry: &Entry) -> String {
    format!(
        "::notice file={},line={},col={},title={}::{}",
        super::escape_property(&entry.path),
        entry.line,
        entry.column,
        super::escape_property(&format!("dossier {}", entry.code)),
        super::escape_data(&entry.reason)
    )
}

/// `--report FILE`: everything held back or flagged, as one JSON document.
pub fn document(withheld: Option<&Withheld>, diagnostics: &[Diagnostic]) -> String {
    let empty = Withheld::default();
    let w = withheld.unwrap_or(&empty);
    let doc = serde_json::json!({
        "version": 1,
        "built": withheld.is_some(),
        "withheld": w.entries.iter().map(json).collect::<Vec<_>>(),
        "applications": w.applications,
        "cleaned": w.cleaned,
        "findings": diagnostics.iter().map(|d| serde_json::from_str::<serde_json::Value>(&super::json(d)).unwrap_or_default()).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// The line of the human summary about the files only withheld artefacts use.
pub fn files_line(withheld: &Withheld, to: &mut dyn Write) {
    let files: Vec<&Entry> = withheld
        .entries
        .iter()
        .filter(|e| e.code == crate::diag::codes::WITHHELD_FILE)
        .collect();
    if !files.is_empty() {
        let names: Vec<&str> = files.iter().map(|e| e.path.as_str()).collect();
        let _ = writeln!(
            to,
            "  {} file{} only they use, not copied: {}",
            files.len(),
            super::plural(files.len()),
            names.join(", ")
        );
    }
}

/// The lines of the human summary about applications and cleaned images (the withheld
/// artefacts and testimonials are said by [`super::summary`]).
pub fn human(withheld: &Withheld, to: &mut dyn Write) {
    let unlisted: Vec<_> = withheld.applications.iter().filter(|a| !a.public).collect();
    if !unlisted.is_empty() {
        let _ = writeln!(
            to,
            "Applications, listed nowhere (send each address to its panel only):"
        );
        for app in unlisted {
            let _ = writeln!(to, "  {}: {}", app.slug, app.url);
        }
    }
    if !withheld.cleaned.is_empty() {
        let _ = writeln!(to, "Published without their metadata:");
        for file in &withheld.cleaned {
            let _ = writeln!(to, "  {}: {}", file.path, file.removed.join(", "));
        }
    }
}
