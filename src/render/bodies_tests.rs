//! The printable document's copy derived from the page's HTML is the copy a second rendering
//! makes, byte for byte, with the same links noted: over every artefact of the rich test
//! portfolio and the sample, with and without the linked artefacts in the document, and one
//! artefact written to hold what the rewrite must get right.

use super::super::link_record::recording;
use super::super::views;
use crate::pipeline::{Failure, Made, Options, Session};
use std::path::Path;

/// An artefact with headings from `#`, its own ids, a heading the theme's ids would clash
/// with, footnotes, in-page links, links to other artefacts (with and without a fragment),
/// files, an email address, an autolink, URLs with `&` and `'`, and text that reads like attributes.
const TRICKY: &str = r##"---
title: "Tricky"
kind: reflection
date: 2024-05
---

# Main

## Results {#custom .x}

See [below](#results), [the pilot](../2025/formative-assessment-pilot.md),
[its method](../2025/formative-assessment-pilot.md#method), [the report](../2025/pilot-report.pdf),
[the essay](npq-essay.md), [mail](mailto:someone@example.org), <https://x.org/auto>, [a search](https://x.org/?a=1&b='2'),
[a gap](https://x.org/a%20b "a \"title\" > id=x"), and `<a id="x" href="#y">` or id="x" href="#y".

![A chart](../2025/chart.png) and a note[^n], another[^n] and one more[^two].

### Deeper

[^n]: The note, with [a link](#main).
[^two]: Second.
"##;

/// For every artefact of the portfolio at `root`: how many copies were derived, and the titles
/// of those derived.
fn derived_equal_rendered(root: &Path) -> Vec<String> {
    let opts = Options {
        root: root.to_path_buf(),
        output: root.join("_site"),
        base_url: None,
        drafts: false,
        strict: false,
        serving: false,
        blind: false,
    };
    let done = Session::new(opts).full(|ready| {
        let site = ready.site;
        let mut derived = Vec::new();
        for id in 0..site.artefacts.len() {
            let (html, shape) = views::page_body(site, id);
            let some = |_: usize| true;
            let none = |_: usize| false;
            for in_document in [&some as &dyn Fn(usize) -> bool, &none] {
                let (expected, expected_links) =
                    recording(|| views::dossier_body_html(site, id, "../", in_document));
                let (got, got_links) = recording(|| {
                    views::dossier_body_from_page(site, id, "../", in_document, &html, &shape)
                });
                assert_eq!(got, expected, "{}", site.artefact(id).title);
                assert_eq!(got_links, expected_links, "{}", site.artefact(id).title);
            }
            if !shape.raw_html {
                derived.push(site.artefact(id).title.clone());
            }
        }
        Ok(Made {
            value: derived,
            found: Vec::new(),
        })
    });
    match done {
        Ok(done) => done.value,
        Err(Failure::Content(d)) => panic!("{d:?}"),
        Err(Failure::Tool(t)) => panic!("{t}"),
    }
}

#[test]
fn the_documents_copy_is_the_one_a_second_rendering_makes() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    crate::test_support::copy_dir(&manifest.join("tests/portfolios/rich"), dir.path());
    std::fs::write(dir.path().join("artefacts/2024/tricky.md"), TRICKY).unwrap();
    let derived = derived_equal_rendered(dir.path());
    assert!(derived.iter().any(|t| t == "Tricky"), "{derived:?}");
    assert!(derived.len() >= 5, "{derived:?}");
    let sample = derived_equal_rendered(&manifest.join("sample-portfolio"));
    assert!(!sample.is_empty());
}
