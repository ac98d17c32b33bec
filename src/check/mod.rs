//! `dossier check`: what only the built site can show. Every internal `href` and `src` of every
//! page must reach a file of the site, and its `#fragment` an element of the target page.
//!
//! A broken link is reported where it was written: at the Markdown link (`path:line:column`)
//! when [`LinkSources`] knows which one produced it, otherwise at the built page and line, as
//! the theme's. Resolution follows the browser: relative to the page (or its `<base href>`),
//! root-absolute paths under the site's base path, percent-decoded, without `?query`, a path
//! ending in `/` meaning its `index.html`.
//!
//! Four rooms: [`sources`] (which Markdown wrote which link), [`resolve`] (a link to a site
//! file, as a browser reads it), [`scan`] (one page's ids and links), [`report`] (diagnostics);
//! and [`external`], the web addresses the site links to, asked for with `--external`.

pub mod external;
mod report;
mod resolve;
mod scan;
mod sources;

pub use sources::LinkSources;

use crate::diag::Diagnostic;
use rayon::prelude::*;
use report::{report, Broken, Problem};
use resolve::{resolve, Target};
use scan::{is_html, scan, PageScan};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Checks every internal `href` and `src` (and `srcset`, `poster`) of every HTML file of
/// `files` (site-relative path → bytes, as `output::Memory` holds them). Broken paths are
/// [`crate::diag::codes::BROKEN_OUTPUT_LINK`], missing fragments
/// [`crate::diag::codes::BROKEN_ANCHOR`], all errors.
/// Each page is tokenized once; the check is linear in the number of links.
pub fn broken_links(files: &BTreeMap<String, Vec<u8>>, sources: &LinkSources) -> Vec<Diagnostic> {
    let scans: Vec<(&str, PageScan)> = files
        .par_iter()
        .filter(|(path, _)| is_html(path))
        .map(|(path, bytes)| (path.as_str(), scan(&String::from_utf8_lossy(bytes))))
        .collect();
    let ids: HashMap<&str, &HashSet<String>> =
        scans.iter().map(|(path, s)| (*path, &s.ids)).collect();
    let base_path = sources.base_path.as_str();
    let mut broken: Vec<Broken> = Vec::new();
    for (page, scan) in &scans {
        // A `<base href>` moves every relative link of the page; one to another site moves
        // them out of reach.
        let doc = match &scan.base {
            None => Some(page.to_string()),
            Some(base) => match resolve(page, base, base_path) {
                Some(Target::File { path, .. }) => Some(path),
                _ => None,
            },
        };
        let Some(doc) = doc else { continue };
        for (href, line) in &scan.links {
            let Some(target) = resolve(&doc, href, base_path) else {
                continue;
            };
            let problem = match &target {
                Target::Outside(path) => Some(Problem::Outside(path.clone())),
                Target::File { path, .. } if !files.contains_key(path) => {
                    Some(Problem::Missing(path.clone()))
                }
                Target::File {
                    path,
                    fragment: Some(fragment),
                } if is_html(path)
                    && !fragment.eq_ignore_ascii_case("top")
                    && !ids
                        .get(path.as_str())
                        .is_some_and(|ids| ids.contains(fragment)) =>
                {
                    Some(Problem::Anchor {
                        page: path.clone(),
                        fragment: fragment.clone(),
                    })
                }
                Target::File { .. } => None,
            };
            if let Some(problem) = problem {
                broken.push(Broken {
                    page,
                    href,
                    line: *line,
                    target,
                    problem,
                });
            }
        }
    }
    report(broken, files, &ids, sources)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{codes, Diagnostics, Location};
    use crate::render::LinkRecord;
    use crate::site::{self, Site};
    use std::path::Path;

    fn no_sources(base_path: &str) -> LinkSources {
        LinkSources {
            base_path: crate::paths::base_path(base_path),
            theme: "classic".into(),
            pages: HashMap::new(),
        }
    }

    fn site_files(pages: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        pages
            .iter()
            .map(|(path, text)| (path.to_string(), text.as_bytes().to_vec()))
            .collect()
    }

    fn messages(diags: &[Diagnostic]) -> String {
        diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn finds_broken_paths_and_anchors_and_nothing_else() {
        let files = site_files(&[
            (
                "a/index.html",
                r##"<!doctype html><html><head><link rel="stylesheet" href="../theme/style.css"></head><body>
<a href="../b/">good</a>
<a href="../nope/">bad</a>
<a href="../b/#sec">good anchor</a>
<a href="../b/#nosec">bad anchor</a>
<img src="chart.svg" alt="">
<a href="report.pdf?v=2#page=3">query</a>
<a href="my%20file.pdf">encoded</a>
<a href="#here">same page</a> <a href="#top">top</a> <a href="#">empty</a>
<a href="https://example.org/x">out</a> <a href="mailto:a@b.c">mail</a> <a href="//cdn.example/x.js">cdn</a>
<img src="data:image/png;base64,AAAA" alt="">
<h2 id="here">Here</h2>
</body></html>"##,
            ),
            ("b/index.html", r#"<h2 id="sec">Section</h2>"#),
            ("a/chart.svg", "<svg/>"),
            ("a/report.pdf", "%PDF"),
            ("a/my file.pdf", "%PDF"),
            ("theme/style.css", "body{}"),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 2, "{}", messages(&diags));
        let missing = diags
            .iter()
            .find(|d| d.code == codes::BROKEN_OUTPUT_LINK)
            .unwrap();
        assert_eq!(missing.location, Location::new("a/index.html", 3, 1));
        assert!(missing.message.contains("`nope/index.html`"), "{missing}");
        let anchor = diags
            .iter()
            .find(|d| d.code == codes::BROKEN_ANCHOR)
            .unwrap();
        assert!(anchor.message.contains("`nosec`"), "{anchor}");
        assert_eq!(anchor.location.line, 5);
        assert!(diags
            .iter()
            .all(|d| d.severity == crate::diag::Severity::Error));
    }

    #[test]
    fn a_file_name_written_raw_into_an_href_is_broken_and_encoded_resolves() {
        let name = "Report #2 (final)?.pdf";
        let files = site_files(&[
            (
                "a/index.html",
                &format!(
                    "<a href=\"{name}\">raw</a>\n<a href=\"{}\">encoded</a>\n<a href=\"100%25%20done.pdf\">pct</a>",
                    crate::paths::segment(name)
                ),
            ),
            ("a/Report #2 (final)?.pdf", "%PDF"),
            ("a/100% done.pdf", "%PDF"),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 1, "{}", messages(&diags));
        assert_eq!(diags[0].location, Location::new("a/index.html", 1, 1));
    }

    #[test]
    fn decodes_character_references_as_browsers_do() {
        // Tera escapes `/` in every URL it prints.
        let files = site_files(&[
            (
                "index.html",
                r#"<a href="artefacts&#x2F;x&#x2F;">x</a><a href="q?a=1&amp;b=2">q</a>"#,
            ),
            ("artefacts/x/index.html", ""),
            ("q", ""),
        ]);
        assert!(broken_links(&files, &no_sources("/")).is_empty());
    }

    #[test]
    fn root_absolute_links_are_read_under_the_base_path() {
        let files = site_files(&[
            (
                "404.html",
                r#"<a href="/pr-7/">home</a> <a href="/pr-7">home too</a> <a href="/pr-7/artefacts/">all</a> <a href="/artefacts/">wrong</a>"#,
            ),
            ("index.html", ""),
            ("artefacts/index.html", ""),
        ]);
        let diags = broken_links(&files, &no_sources("/pr-7/"));
        assert_eq!(diags.len(), 1, "{}", messages(&diags));
        assert!(diags[0].message.contains("`/artefacts/`"), "{}", diags[0]);
        assert!(broken_links(&files, &no_sources("/")).len() == 3);
    }

    #[test]
    fn a_folder_without_its_slash_is_broken_with_a_hint() {
        let files = site_files(&[
            ("index.html", r#"<a href="artefacts/x#top">x</a>"#),
            ("artefacts/x/index.html", ""),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("`artefacts/x/#top`"),
            "{}",
            diags[0]
        );
    }

    #[test]
    fn scripts_and_styles_are_not_markup() {
        let files = site_files(&[(
            "index.html",
            r##"<script>var s = '<a href="nope.html">';</script><style>a[href="x"]{}</style><title><a href="t.html"></title><svg><title>Chart</title><use href="#bar"/><rect id="bar"/></svg>"##,
        )]);
        let diags = broken_links(&files, &no_sources("/"));
        assert!(diags.is_empty(), "{}", messages(&diags));
    }

    #[test]
    fn a_base_element_moves_relative_links() {
        let files = site_files(&[
            (
                "artefacts/x/index.html",
                r#"<base href="../../"><a href="artefacts/">up</a><a href="x/">wrong</a>"#,
            ),
            ("artefacts/index.html", ""),
        ]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 1, "{}", messages(&diags));
        assert!(diags[0].message.contains("`x/index.html`"));
    }

    #[test]
    fn a_theme_mistake_is_reported_once_with_a_count() {
        let page = r##"<a href="/about/">About</a><a href="#main">Skip</a>"##;
        let files = site_files(&[("index.html", page), ("tags/index.html", page)]);
        let diags = broken_links(&files, &no_sources("/"));
        assert_eq!(diags.len(), 2, "{}", messages(&diags));
        for d in &diags {
            assert_eq!(&*d.location.path, "index.html");
            assert!(d.message.contains("and on 1 other page"), "{d}");
            assert!(d.hint.as_deref().unwrap().contains("theme `classic`"));
        }
    }

    #[test]
    fn resolves_like_a_browser() {
        let file = |path: &str, fragment: Option<&str>| {
            Some(Target::File {
                path: path.into(),
                fragment: fragment.map(str::to_string),
            })
        };
        let doc = "artefacts/x/index.html";
        assert_eq!(
            resolve(doc, "../y/", "/"),
            file("artefacts/y/index.html", None)
        );
        assert_eq!(resolve(doc, "#a%20b", "/"), file(doc, Some("a b")));
        assert_eq!(resolve(doc, "./", "/"), file(doc, None));
        assert_eq!(resolve(doc, "..", "/"), file("artefacts/index.html", None));
        assert_eq!(resolve(doc, "../../../../z.css", "/"), file("z.css", None));
        assert_eq!(
            resolve(doc, "../../../z.css", "/pr-7/"),
            Some(Target::Outside("/z.css".into()))
        );
        assert_eq!(
            resolve(doc, "  r%C3%A9sum%C3%A9.pdf ", "/"),
            file("artefacts/x/résumé.pdf", None)
        );
        assert_eq!(resolve(doc, "tel:+44", "/"), None);
        assert_eq!(site::base_path("https://h.example/pr-7"), "/pr-7/");
        assert_eq!(site::base_path("https://h.example"), "/");
    }

    /// A portfolio on disk, built through the real stages into memory.
    struct Built {
        _dir: tempfile::TempDir,
        links: LinkRecord,
        files: BTreeMap<String, Vec<u8>>,
        diags: Vec<Diagnostic>,
    }

    fn build(root: &Path) -> (LinkRecord, BTreeMap<String, Vec<u8>>, Vec<Diagnostic>) {
        let mut diags = Diagnostics::default();
        let root = crate::parse::Root::new(root);
        let tree = crate::source::walk(&root.path, &root.path.join("public"), &mut diags);
        let portfolio = crate::parse::portfolio(&root, &tree, None, &mut diags)
            .unwrap_or_else(|| panic!("{:?}", diags.clone().sorted()));
        crate::validate::all(&portfolio, false, &mut diags);
        let theme =
            crate::render::Theme::load(&root.path, &portfolio.theme, &tree.templates).unwrap();
        let memory = crate::output::Memory::default();
        let links = {
            let site = Site::new(&portfolio, false);
            let static_dir = root.path.join("static");
            crate::output::copy_tree(&memory, &static_dir, &tree.static_files).unwrap();
            crate::render::site(&site, &theme, &memory, false)
                .unwrap()
                .links
        };
        (links, memory.files.into_inner().unwrap(), diags.sorted())
    }

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    fn built(files: &[(&str, &str)]) -> Built {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), files);
        let (links, files, diags) = build(dir.path());
        Built {
            _dir: dir,
            links,
            files,
            diags,
        }
    }

    const CONFIG: &str = "title: T\nbase_url: \"https://h.example/\"\nperson:\n  name: A\n  summary: |\n    See [my CV](/cv.pdf).\n";

    #[test]
    fn broken_markdown_links_are_reported_where_they_were_written() {
        let b = built(&[
            ("portfolio.yaml", CONFIG),
            (
                "artefacts/one.md",
                "---\ntitle: One\nkind: project\ndate: 2025-01\n---\n## Context\n\nSee [two](two.md#method), [here](#context),\n[nowhere](#nowhere) and [the plan](/plan.pdf).\n\n![chart](my%20chart.svg)\n",
            ),
            (
                "artefacts/two.md",
                "---\ntitle: Two\nkind: project\ndate: 2024-01\n---\n## What I did\n",
            ),
            ("artefacts/my chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
        ]);
        let sources = LinkSources::new(&b.links, "/", "classic");
        let diags = broken_links(&b.files, &sources);
        let at: Vec<String> = diags
            .iter()
            .map(|d| format!("{} {}", d.location, d.code))
            .collect();
        let mut at = at;
        at.sort();
        assert_eq!(
            at,
            vec![
                "artefacts/one.md:8:5 D0313",
                "artefacts/one.md:9:1 D0313",
                "artefacts/one.md:9:25 D0314",
                "portfolio.yaml:6:9 D0314",
            ],
            "{}\n(build: {:?})",
            messages(&diags),
            b.diags
        );
        let plan = diags
            .iter()
            .find(|d| d.location.line == 9 && d.location.column == 25)
            .unwrap();
        assert!(plan.message.contains("`/plan.pdf`"), "{plan}");
        assert!(plan
            .hint
            .as_deref()
            .unwrap()
            .contains("artefacts/one/index.html"));
        assert_eq!(
            sources.source("artefacts/one/index.html", "../two/#method"),
            Some(&Location::new("artefacts/one.md", 8, 5))
        );
    }

    #[test]
    fn a_broken_url_in_raw_html_is_blamed_on_the_markdown_that_wrote_it() {
        let b = built(&[
            ("portfolio.yaml", "title: T\nbase_url: \"https://h.example/\"\nperson:\n  name: A\n"),
            (
                "artefacts/one.md",
                "---\ntitle: One\nkind: project\ndate: 2025-01\n---\nText <img src=x alt=\"a\"> here.\n\n<p>\n  <a title=\"t\" href=\"gone.pdf\">the report</a>\n</p>\n",
            ),
        ]);
        let sources = LinkSources::new(&b.links, "/", "classic");
        let diags = broken_links(&b.files, &sources);
        let mut at: Vec<String> = diags
            .iter()
            .map(|d| format!("{} {}", d.location, d.code))
            .collect();
        at.sort();
        // Once each, though the body is on its page and in the printable dossier too.
        assert_eq!(
            at,
            vec!["artefacts/one.md:6:11 D0314", "artefacts/one.md:9:16 D0314"],
            "{}",
            messages(&diags)
        );
        let report = diags.iter().find(|d| d.location.line == 9).unwrap();
        assert!(report.message.contains("`gone.pdf`"), "{report}");
        assert!(
            !report.hint.as_deref().unwrap().contains("theme"),
            "{report}"
        );
    }

    #[test]
    fn the_sample_portfolio_has_no_broken_links() {
        let dir = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio");
        crate::test_support::copy_dir(&sample, dir.path());
        let (links, files, _) = build(dir.path());
        assert!(files.keys().any(|k| k.starts_with("for/")));
        for base in ["/", "/pr-7/"] {
            let sources = LinkSources::new(&links, base, "classic");
            let diags = broken_links(&files, &sources);
            // The 404 page's links are root-absolute under the base path it was built for (`/`).
            let diags: Vec<_> = diags
                .into_iter()
                .filter(|d| base == "/" || &*d.location.path != "404.html")
                .collect();
            assert!(diags.is_empty(), "base {base}:\n{}", messages(&diags));
        }
    }
}
