//! Human diagnostics in colour for a terminal: the same text as `Diagnostic`'s `Display`, with
//! the severity and code styled. Colour codes are always written here; the caller's stream
//! (`anstream`) drops them when `NO_COLOR` is set or the output is not a terminal, as clap does.

use crate::diag::{Diagnostic, Severity};
use anstyle::{AnsiColor, Style};
use std::io::Write;

const BOLD: Style = Style::new().bold();
const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const HINT: Style = AnsiColor::Cyan.on_default().bold();

/// Every diagnostic, each as `path:line:column: severity[code]: message` and its hint lines.
pub fn diagnostics(diags: &[Diagnostic], to: &mut dyn Write) {
    for d in diags {
        let _ = diagnostic(d, to);
    }
}

fn diagnostic(d: &Diagnostic, to: &mut dyn Write) -> std::io::Result<()> {
    let severity = match d.severity {
        Severity::Error => ERROR,
        Severity::Warning => WARNING,
        Severity::Note => HINT,
    };
    write!(
        to,
        "{BOLD}{}{BOLD:#}: {severity}{}[{}]{severity:#}: {}",
        d.location,
        d.severity.as_str(),
        d.code,
        d.message
    )?;
    if let Some(hint) = &d.hint {
        for (i, line) in hint.lines().enumerate() {
            if i == 0 {
                write!(to, "\n  = {HINT}hint{HINT:#}: {line}")?;
            } else {
                write!(to, "\n          {line}")?;
            }
        }
    }
    writeln!(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    fn sample() -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: "D0101",
            message: "something is wrong".into(),
            location: Location {
                path: "portfolio.yaml".into(),
                line: 3,
                column: 7,
            },
            hint: Some("fix it\nlike this".into()),
        }
    }

    #[test]
    fn without_colour_it_is_the_plain_human_text() {
        let mut coloured = Vec::new();
        diagnostics(&[sample()], &mut coloured);
        let mut plain = Vec::new();
        anstream::StripStream::new(&mut plain)
            .write_all(&coloured)
            .unwrap();
        assert_eq!(String::from_utf8(plain).unwrap(), format!("{}\n", sample()));
    }

    #[test]
    fn a_terminal_sees_the_severity_in_red() {
        let mut coloured = Vec::new();
        diagnostics(&[sample()], &mut coloured);
        let text = String::from_utf8(coloured).unwrap();
        assert!(text.contains(&format!("{ERROR}error[D0101]")), "{text:?}");
    }
}
