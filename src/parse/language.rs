//! `lang:` fields: a BCP 47 language tag, checked for its syntax and against the IANA subtag
//! registry (with the `language-tags` crate, which carries the registry), so a misspelt tag is
//! caught where it is written instead of silently giving screen readers a wrong voice.

use super::fields::Fields;
use crate::diag::{codes, Diagnostic};
use language_tags::LanguageTag;

/// The tag in field `name`, in its canonical case (`en-gb` → `en-GB`); a malformed or
/// unregistered one is reported at its position and left out.
pub fn tag(fields: &Fields<'_>, name: &str) -> Option<String> {
    let written = fields.located_string(name)?;
    let value = written.value.trim();
    let problem = match LanguageTag::parse(value) {
        Ok(tag) => match tag.validate() {
            Ok(()) => return Some(tag.to_string()),
            Err(e) => format!("is not a registered language tag ({e})"),
        },
        Err(e) => format!("is not a language tag ({e})"),
    };
    fields.sink().push(
        Diagnostic::error(
            codes::BAD_LANGUAGE_TAG,
            written.location,
            format!("`{name}: {value}` {problem}"),
        )
        .with_hint(format!(
            "write the language as a BCP 47 tag: a language code, then a region or script if \
             needed, for example `{name}: ar`, `{name}: cy` or `{name}: pt-BR`; leave the field \
             out when the text is in the portfolio's language"
        )),
    );
    None
}

#[cfg(test)]
mod tests {
    use crate::diag::{codes, Location};

    fn parse(front: &str) -> (Option<crate::model::Artefact>, Vec<crate::diag::Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("artefacts/a.md");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("---\n{front}---\nBody\n")).unwrap();
        let root = crate::parse::Root::new(dir.path());
        let (artefact, diags) = crate::parse::artefact_file(&root, &path);
        (artefact.ok(), diags)
    }

    #[test]
    fn a_registered_tag_is_kept_in_canonical_case() {
        let (a, diags) = parse(
            "title: T\nkind: project\ndate: 2025-01\nlang: CY\ntestimonials:\n  - {quote: Q, name: N, relationship: colleague, consent: true, lang: ar-eg}\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let a = a.unwrap();
        assert_eq!(a.lang.as_deref(), Some("cy"));
        assert_eq!(a.testimonials[0].lang.as_deref(), Some("ar-EG"));
    }

    #[test]
    fn a_malformed_or_unknown_tag_is_an_error_where_it_is_written() {
        let (_, diags) = parse(
            "title: T\nkind: project\ndate: 2025-01\nlang: en--GB\ntestimonials:\n  - quote: Q\n    name: N\n    relationship: colleague\n    consent: true\n    lang: xx\n",
        );
        let mut diags = diags;
        diags.sort_by_key(|d| d.location.line);
        let at: Vec<_> = diags.iter().map(|d| (d.code, d.location.clone())).collect();
        assert_eq!(
            at,
            [
                (
                    codes::BAD_LANGUAGE_TAG,
                    Location::new("artefacts/a.md", 5, 7)
                ),
                (
                    codes::BAD_LANGUAGE_TAG,
                    Location::new("artefacts/a.md", 11, 11)
                ),
            ],
            "{diags:?}"
        );
        assert!(
            diags[1].message.contains("`lang: xx` is not a registered"),
            "{}",
            diags[1]
        );
        assert!(diags[0].hint.as_deref().unwrap().contains("`lang: cy`"));
    }
}
