//! Printing diagnostics and the build summary, for people (`human`) and machines (`json`,
//! `github`, `sarif`), with the report of what was held back ([`held_back`]). The only module
//! that writes to the terminal besides `main`.

pub mod held_back;

use crate::diag::{Diagnostic, Severity};
use crate::pipeline::Report;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `path:line:column: error[code]: message` with hints, for people.
    Human,
    /// One JSON object per line per diagnostic (see docs/diagnostics.md).
    Json,
    /// GitHub Actions workflow commands, so problems show on the pull request's lines.
    Github,
    /// One SARIF 2.1.0 log, for code-scanning dashboards.
    Sarif,
}

pub fn diagnostics(format: Format, diags: &[Diagnostic], to: &mut dyn Write) {
    diagnostics_and_notes(format, diags, None, to);
}

/// The diagnostics, then (in the machine formats) what was held back, as notes.
pub fn diagnostics_and_notes(
    format: Format,
    diags: &[Diagnostic],
    withheld: Option<&crate::site::Withheld>,
    to: &mut dyn Write,
) {
    if format == Format::Sarif {
        let entries = withheld.map_or(&[][..], |w| &w.entries[..]);
        let _ = writeln!(to, "{}", sarif_with_notes(diags, entries));
        return;
    }
    if let Some(withheld) = withheld {
        held_back::notes(format, withheld, to);
    }
    let line: fn(&Diagnostic) -> String = match format {
        // Coloured; the caller's stream (anstream) drops the colour where it does not belong.
        Format::Human => return crate::human::diagnostics(diags, to),
        Format::Json => json,
        Format::Github => github,
        Format::Sarif => return, // written whole above
    };
    for d in diags {
        let _ = writeln!(to, "{}", line(d));
    }
}

/// A SARIF 2.1.0 log of one run: a rule per diagnostic code, a result per diagnostic.
pub fn sarif(diags: &[Diagnostic]) -> String {
    sarif_with_notes(diags, &[])
}

/// [`sarif`] with what was held back as results of level `note`.
pub fn sarif_with_notes(diags: &[Diagnostic], entries: &[crate::site::Entry]) -> String {
    use serde_sarif::sarif;
    let notes: Vec<Diagnostic> = entries
        .iter()
        .map(|e| {
            let at = crate::diag::Location::new(&e.path, e.line, e.column);
            Diagnostic::note(e.code, at, e.reason.clone())
        })
        .collect();
    let diags: Vec<&Diagnostic> = diags.iter().chain(&notes).collect();
    let mut codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<sarif::ReportingDescriptor> = codes
        .iter()
        .map(|code| {
            let help = format!(
                "What {code} means and how to fix it: docs/diagnostics.md, section {code}."
            );
            sarif::ReportingDescriptor::builder()
                .id(*code)
                .help(
                    sarif::MultiformatMessageString::builder()
                        .text(help)
                        .build(),
                )
                .build()
        })
        .collect();
    let results: Vec<sarif::Result> = diags
        .iter()
        .map(|d| {
            let region = sarif::Region::builder()
                .start_line(d.location.line as i64)
                .start_column(d.location.column as i64)
                .build();
            let location = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder()
                                // A URI reference (SARIF 3.4.3): `Year 8 plan.md` is `Year%208%20plan.md`.
                                .uri(crate::paths::path(&d.location.path))
                                .build(),
                        )
                        .region(region)
                        .build(),
                )
                .build();
            let mut text = d.message.clone();
            if let Some(hint) = &d.hint {
                text.push('\n');
                text.push_str(hint);
            }
            let level = match d.severity {
                Severity::Error => sarif::ResultLevel::Error,
                Severity::Warning => sarif::ResultLevel::Warning,
                Severity::Note => sarif::ResultLevel::Note,
            };
            sarif::Result::builder()
                .rule_id(d.code)
                .rule_index(codes.iter().position(|c| *c == d.code).unwrap_or(0) as i64)
                .message(sarif::Message::builder().text(text).build())
                .locations(vec![location])
                .level(level)
                .build()
        })
        .collect();
    let driver = sarif::ToolComponent::builder()
        .name("dossier")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(rules)
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .results(results)
        .build();
    let log = sarif::Sarif::builder()
        .schema("https://json.schemastore.org/sarif-2.1.0.json")
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build();
    serde_json::to_string_pretty(&log).unwrap_or_default()
}

/// The stable JSON shape of a diagnostic.
pub fn json(d: &Diagnostic) -> String {
    serde_json::json!({
        "severity": d.severity.as_str(),
        "code": d.code,
        "message": d.message,
        "path": &*d.location.path,
        "line": d.location.line,
        "column": d.location.column,
        "hint": d.hint,
    })
    .to_string()
}

/// `::error file=…,line=…,col=…,title=…::message`, escaped as the runner expects.
pub fn github(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push('\n');
        message.push_str(hint);
    }
    format!(
        "::{command} file={},line={},col={},title={}::{}",
        escape_property(&d.location.path),
        d.location.line,
        d.location.column,
        escape_property(&format!("dossier {}", d.code)),
        escape_data(&message)
    )
}

pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The closing summary: what was written, how fast, and what the public will not see.
pub fn summary(report: &Report, output: &std::path::Path, to: &mut dyn Write) {
    let r = &report.rendered;
    let _ = writeln!(
        to,
        "Built {} pages and {} other files into {} in {} ms.",
        r.pages,
        r.files,
        output.display(),
        report.elapsed.as_millis()
    );
    let w = &report.withheld;
    if w.private.is_empty() && w.drafts.is_empty() && w.unconsented_testimonials == 0 {
        let _ = writeln!(
            to,
            "Nothing was withheld: every artefact and testimonial is public."
        );
        held_back::human(w, to);
        return;
    }
    let _ = writeln!(to, "Not published:");
    if !w.private.is_empty() {
        let _ = writeln!(
            to,
            "  {} private artefact{} (private: true): {}",
            w.private.len(),
            plural(w.private.len()),
            w.private.join(", ")
        );
    }
    if !w.drafts.is_empty() {
        let _ = writeln!(
            to,
            "  {} draft{} (build with --drafts to preview): {}",
            w.drafts.len(),
            plural(w.drafts.len()),
            w.drafts.join(", ")
        );
    }
    if w.unconsented_testimonials > 0 {
        let n = w.unconsented_testimonials;
        let _ = writeln!(to, "  {n} testimonial{} without consent: true", plural(n));
    }
    held_back::files_line(w, to);
    held_back::human(w, to);
}

/// The last lines of `build --all`: how many portfolios built, and which did not.
pub fn many_summary(
    report: &crate::pipeline::many::ManyReport,
    output: &std::path::Path,
    to: &mut dyn Write,
) {
    let built: Vec<_> = report.built.iter().filter(|b| b.result.is_ok()).collect();
    let pages: usize = built
        .iter()
        .filter_map(|b| b.result.as_ref().ok())
        .map(|r| r.rendered.pages)
        .sum();
    let _ = writeln!(
        to,
        "Built {} portfolio{} ({pages} pages) into {} in {} ms.",
        built.len(),
        plural(built.len()),
        output.display(),
        report.elapsed.as_millis()
    );
    let failed = report.failed();
    if !failed.is_empty() {
        let _ = writeln!(
            to,
            "{} portfolio{} did not build (their previous sites are unchanged): {}",
            failed.len(),
            plural(failed.len()),
            failed.join(", ")
        );
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// "2 errors, 1 warning" line after the diagnostics of a failed build.
pub fn failure_line(diags: &[Diagnostic], to: &mut dyn Write) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let _ = writeln!(
        to,
        "Build failed: {errors} error{}{}. Nothing was written; the previous site is unchanged.",
        plural(errors),
        if warnings > 0 {
            format!(", {warnings} warning{}", plural(warnings))
        } else {
            String::new()
        }
    );
}
