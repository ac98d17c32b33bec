//! Two Markdown tables with the same column headings on one page get different names, so a
//! screen reader moving between table regions tells them apart: on an artefact's page and in
//! the printable document, where every artefact's text is printed one after another.

mod common;

const TABLE: &str =
    "| Measure | April 2025 | June 2025 |\n|---|---:|---:|\n| Pupils | 54% | 68% |\n";

/// The names of the table regions of `html`, in order.
fn names(html: &str) -> Vec<&str> {
    const OPEN: &str = r#"<div class="prose-table" tabindex="0" role="region" aria-label=""#;
    html.match_indices(OPEN)
        .map(|(at, _)| {
            let rest = &html[at + OPEN.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn tables_headed_alike_are_named_apart_on_each_page() {
    let two = format!("---\ntitle: Two terms\nkind: project\ndate: 2025-01-01\n---\n\n## Autumn\n\n{TABLE}\n## Spring\n\n{TABLE}");
    let one = format!("---\ntitle: One term\nkind: project\ndate: 2024-01-01\n---\n\n{TABLE}\n| Plain |\n|---|\n| x |\n");
    let dir = common::portfolio(&[("artefacts/two.md", &two), ("artefacts/one.md", &one)]);
    let run = common::build(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |rel: &str| std::fs::read_to_string(run.out.join(rel)).unwrap();

    let alike = "Table: Measure, April 2025, June 2025";
    let second = "Table 2: Measure, April 2025, June 2025";
    assert_eq!(names(&read("artefacts/two/index.html")), [alike, second]);
    // Alone on its own page, the other artefact's table keeps the plain name.
    assert_eq!(
        names(&read("artefacts/one/index.html")),
        [alike, "Table: Plain"]
    );
    // The document prints both artefacts (newest first): numbered over the whole page.
    let document = read("dossier/index.html");
    assert_eq!(
        names(&document),
        [
            alike,
            second,
            "Table 3: Measure, April 2025, June 2025",
            "Table: Plain"
        ]
    );
}
