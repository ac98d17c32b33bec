//! Splitting `---` YAML front matter from the Markdown body, keeping the line each part starts on.

use crate::diag::{codes, Diagnostic, Location};

/// The two parts of an artefact file and the file lines they start on (1-based).
#[derive(Debug, Clone, Copy)]
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    pub yaml_first_line: usize,
    pub body: &'a str,
    pub body_first_line: usize,
}

const EXAMPLE: &str = "start the file with front matter between two `---` lines:\n---\ntitle: My project\nkind: project\ndate: 2025-06-30\n---";

pub fn split<'a>(path: &str, text: &'a str) -> Result<FrontMatter<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::error(
            codes::NO_FRONT_MATTER,
            Location::file(path),
            "this artefact has no front matter",
        )
        .with_hint(EXAMPLE)
    };
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() == "+++" {
        return Err(toml_front_matter(path));
    }
    if text[..first_end].trim_end() != "---" {
        return Err(missing());
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_start = offset + line.len();
            return Ok(FrontMatter {
                yaml: &text[yaml_start..offset],
                yaml_first_line: 2,
                body: &text[body_start..],
                body_first_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        codes::NO_FRONT_MATTER,
        Location::new(path, 1, 1),
        "the front matter is never closed",
    )
    .with_hint("add a line with `---` after the last front matter field, before the Markdown text"))
}

/// Hugo's and Zola's TOML front matter (`+++`, `key = "value"`): said as such, with the
/// same fields in YAML, rather than "no front matter", which a Hugo user would not believe.
fn toml_front_matter(path: &str) -> Diagnostic {
    Diagnostic::error(
        codes::TOML_FRONT_MATTER,
        Location::new(path, 1, 1),
        "this file has TOML front matter between `+++` lines (as Hugo writes it); dossier reads YAML front matter between `---` lines",
    )
    .with_hint("replace both `+++` lines with `---` and write each field as `name: value` instead of `name = \"value\"`, for example:\n---\ntitle: My project\nkind: project\ndate: 2025-06-30\n---")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_line_numbers_of_both_parts() {
        let fm = split("a.md", "---\ntitle: x\nkind: project\n---\n# Body\n").unwrap();
        assert_eq!(fm.yaml, "title: x\nkind: project\n");
        assert_eq!(fm.yaml_first_line, 2);
        assert_eq!(fm.body, "# Body\n");
        assert_eq!(fm.body_first_line, 5);
    }

    #[test]
    fn names_toml_front_matter() {
        let e = split("a.md", "+++\r\ntitle = \"x\"\r\n+++\r\n").unwrap_err();
        assert_eq!(e.code, codes::TOML_FRONT_MATTER);
        assert!(e.message.contains("TOML"), "{}", e.message);
    }

    #[test]
    fn refuses_missing_or_unclosed_front_matter() {
        assert_eq!(
            split("a.md", "# Just text").unwrap_err().code,
            codes::NO_FRONT_MATTER
        );
        assert!(split("a.md", "---\ntitle: x\n")
            .unwrap_err()
            .message
            .contains("never closed"));
    }

    #[test]
    fn accepts_windows_line_endings() {
        let fm = split("a.md", "---\r\ntitle: x\r\n---\r\nbody").unwrap();
        assert_eq!(fm.yaml, "title: x\r\n");
        assert_eq!(fm.body, "body");
    }
}
