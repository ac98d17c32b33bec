//! serve rebuilds only what an edit touches; the result must be the site a full `build` of
//! the same folder writes, byte for byte, with the same diagnostics (issues 8 and 9). The
//! library API is driven directly, the way `dossier serve` drives it, without HTTP.

mod common;

use dossier::output::Memory;
use dossier::pipeline::{self, Failure, Options};
use dossier::serve::{classify, Outcome, Rebuilder};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

struct Harness {
    dir: tempfile::TempDir,
    opts: Options,
    rebuilder: Rebuilder,
    /// What the last rebuild reported.
    last: Option<Outcome>,
}

impl Harness {
    /// Serves (in memory) a fresh copy of the sample portfolio; `output` is where serve would
    /// write the site, relative to the portfolio.
    fn sample(output: &str) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        common::copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio"),
            dir.path(),
        );
        let opts = Options {
            root: dir.path().to_path_buf(),
            output: dir.path().join(output),
            base_url: Some("http://127.0.0.1:1111/".into()),
            drafts: false,
            strict: false,
            serving: true,
            blind: false,
        };
        Harness::serve(dir, opts)
    }

    /// Serves a generated portfolio of `n` artefacts: `artefacts/a0000.md` onwards, each
    /// on a day of its own, in three tags.
    fn generated(n: usize) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("artefacts")).unwrap();
        std::fs::write(
            root.join("portfolio.yaml"),
            "title: Generated\nbase_url: \"https://example.org/\"\nperson:\n  name: Sam Teacher\n  headline: Teacher\n",
        )
        .unwrap();
        for i in 0..n {
            std::fs::write(
                root.join(format!("artefacts/a{i:04}.md")),
                format!(
                    "---\ntitle: Artefact {i}\nkind: project\ndate: {}-{:02}-{:02}\nsummary: Number {i}.\ntags: [tag-{}]\n---\n\nThe text of artefact {i}.\n",
                    2000 + i / 336,
                    1 + (i / 28) % 12,
                    1 + i % 28,
                    i % 3
                ),
            )
            .unwrap();
        }
        let opts = Options {
            root: root.to_path_buf(),
            output: root.join("public"),
            base_url: Some("http://127.0.0.1:1111/".into()),
            drafts: false,
            strict: false,
            serving: true,
            blind: false,
        };
        Harness::serve(dir, opts)
    }

    fn serve(dir: tempfile::TempDir, opts: Options) -> Harness {
        let mut rebuilder = Rebuilder::new(opts.clone());
        let outcome = rebuilder.rebuild(&dossier::serve::Change::Everything, &mut |_| {});
        let harness = Harness {
            dir,
            opts,
            rebuilder,
            last: None,
        };
        harness.assert_same_as_build("the first build", &outcome);
        harness
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    fn write(&mut self, step: &str, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.rebuild(step, &[rel]);
    }

    /// Rewrites `rel`, replacing the first `from` with `to`.
    fn replace(&mut self, step: &str, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(step, rel, &text.replacen(from, to, 1));
    }

    /// Saves `rel` with the first `from` replaced by `to` while a newer change is waiting, as
    /// when saves come faster than the listings render: serve renders the edited page, and
    /// its listings give way. Nothing is compared: the site is meant to be behind.
    fn replace_in_a_hurry(&mut self, rel: &str, from: &str, to: &str) -> Outcome {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        std::fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
        self.rebuilder
            .newer_change()
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let change = classify(self.rebuilder.root(), &self.opts.output, &[self.path(rel)]).unwrap();
        let outcome = self.rebuilder.rebuild(&change, &mut |_| {});
        self.rebuilder
            .newer_change()
            .store(false, std::sync::atomic::Ordering::SeqCst);
        assert!(!outcome.failed(), "{rel}: {:?}", outcome.diagnostics);
        outcome
    }

    /// A page of the served site, as text.
    fn served(&self, file: &str) -> String {
        String::from_utf8(self.rebuilder.live.file(file).unwrap()).unwrap()
    }

    fn remove(&mut self, step: &str, rel: &str) {
        std::fs::remove_file(self.path(rel)).unwrap();
        self.rebuild(step, &[rel]);
    }

    /// What `dossier serve` does after these files changed: the watcher's classification,
    /// the rebuild, and the printable documents once edits pause.
    fn rebuild(&mut self, step: &str, changed: &[&str]) {
        let root = self.rebuilder.root().to_path_buf();
        let paths: Vec<PathBuf> = changed.iter().map(|rel| root.join(rel)).collect();
        let change = classify(&root, &self.opts.output, &paths)
            .unwrap_or_else(|| panic!("{step}: the watcher ignores {changed:?}"));
        let outcome = self.rebuilder.rebuild(&change, &mut |_| {});
        self.rebuilder.refresh_documents(Arc::new(|_| {}));
        self.rebuilder.wait_for_documents();
        self.assert_same_as_build(step, &outcome);
        self.last = Some(outcome);
    }

    /// The served site and diagnostics equal a full build's (the served site keeps the last
    /// good version when the build fails, so then only the diagnostics are compared).
    fn assert_same_as_build(&self, step: &str, outcome: &Outcome) {
        let memory = Memory::default();
        match pipeline::build_into(&self.opts, &memory) {
            Ok(report) => {
                assert_eq!(
                    outcome.diagnostics, report.diagnostics,
                    "{step}: serve and build report different problems"
                );
                let built = memory.files.into_inner().unwrap();
                let served = self.rebuilder.live.files.files.lock().unwrap().clone();
                assert_same_files(step, &served, &built);
            }
            Err(Failure::Content(diagnostics)) => {
                assert!(outcome.failed(), "{step}: build failed but serve did not");
                assert_eq!(
                    outcome.diagnostics, diagnostics,
                    "{step}: serve and build report different problems"
                );
            }
            Err(Failure::Tool(message)) => panic!("{step}: build failed: {message}"),
        }
    }
}

fn assert_same_files(
    step: &str,
    served: &BTreeMap<String, Vec<u8>>,
    built: &BTreeMap<String, Vec<u8>>,
) {
    let mut problems = Vec::new();
    for path in built.keys().filter(|p| !served.contains_key(*p)) {
        problems.push(format!("missing from serve: {path}"));
    }
    for path in served.keys().filter(|p| !built.contains_key(*p)) {
        problems.push(format!("only in serve: {path}"));
    }
    for (path, bytes) in served {
        if let Some(want) = built.get(path).filter(|want| *want != bytes) {
            problems.push(format!(
                "differs: {path}\n{}",
                first_difference(bytes, want)
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{step}: serve's site is not the one build writes:\n{}",
        problems.join("\n")
    );
}

/// The text around the first byte where `served` and `built` part.
fn first_difference(served: &[u8], built: &[u8]) -> String {
    let at = served
        .iter()
        .zip(built)
        .position(|(a, b)| a != b)
        .unwrap_or(served.len().min(built.len()));
    let around = |bytes: &[u8]| {
        String::from_utf8_lossy(&bytes[at.saturating_sub(80)..(at + 120).min(bytes.len())])
            .to_string()
    };
    format!(
        "  serve: …{}…\n  build: …{}…",
        around(served),
        around(built)
    )
}

const ARTICLE: &str = "artefacts/2025/exit-tickets-article.md";
const FAMILY: &str = "artefacts/2025/family-maths-evenings.md";
const MENTORING: &str = "artefacts/2024/ect-mentoring-programme.md";
const COLLEAGUES: &str = "artefacts/2025/what-colleagues-say.md";
const REFLECTION: &str = "artefacts/2023/reflection-first-year-coaching.md";

#[test]
fn every_incremental_rebuild_leaves_the_site_a_full_build_writes() {
    every_step(Harness::sample("public"));
}

/// Under `--strict` every warning is an error, wherever in the chain it was found.
#[test]
fn every_rebuild_agrees_with_build_under_strict() {
    let mut h = Harness::sample("public");
    h.opts.strict = true;
    h.rebuilder = Rebuilder::new(h.opts.clone());
    h.rebuild("the first build, strict", &["portfolio.yaml"]);
    every_step(h);
}

fn every_step(mut h: Harness) {
    h.replace(
        "a title change",
        ARTICLE,
        "title: \"Exit tickets that change the next lesson\"",
        "title: \"Exit tickets, renamed\"",
    );
    // The pilot's body links to the article: its page must follow the new address.
    h.replace(
        "a slug change of a linked artefact",
        ARTICLE,
        "kind: publication",
        "kind: publication\nslug: exit-tickets",
    );
    h.replace(
        "a slug change of an artefact with an attachment",
        "artefacts/2024/questioning-workshop.md",
        "kind: presentation",
        "kind: presentation\nslug: questioning",
    );
    h.replace(
        "a linked artefact made private",
        FAMILY,
        "kind:",
        "private: true\nkind:",
    );
    h.replace(
        "a linked, featured artefact made a draft",
        MENTORING,
        "featured: true",
        "featured: true\ndraft: true",
    );
    h.replace(
        "a date change that reorders the artefacts",
        REFLECTION,
        "date: 2023-08-28",
        "date: 2025-12-01",
    );
    h.replace(
        "a tag removed and one added",
        ARTICLE,
        "tags: [assessment, mathematics, professional-development]",
        "tags: [assessment, writing]",
    );
    h.replace(
        "an artefact made featured",
        ARTICLE,
        "kind: publication",
        "featured: true\nkind: publication",
    );
    h.replace(
        "a heading renamed that another artefact links to",
        "artefacts/2023/coaching-cycles-maths-department.md",
        "## What I did",
        "## What I led",
    );
    h.replace(
        "a testimonial's consent given",
        COLLEAGUES,
        "consent: false",
        "consent: true",
    );
    h.write(
        "a new artefact with a new tag",
        "artefacts/2025/new-one.md",
        "---\ntitle: Brand new artefact\nkind: case-study\ndate: 2025-09-01\nsummary: New.\ntags: [brand-new]\ncompetencies: [coaching]\n---\n\nIt builds on [the article](exit-tickets-article.md).\n",
    );
    h.remove(
        "a deleted artefact",
        "artefacts/2024/ks3-curriculum-redesign.md",
    );
    h.replace(
        "an artefact with an error",
        ARTICLE,
        "kind: publication",
        "kind: publication\ntitle x",
    );
    h.replace(
        "the error fixed",
        ARTICLE,
        "kind: publication\ntitle x",
        "kind: publication",
    );
    h.replace(
        "the private artefact made public again",
        FAMILY,
        "private: true\n",
        "",
    );
    h.replace(
        "portfolio.yaml edited",
        "portfolio.yaml",
        "title: \"Amara Okafor: Leadership Portfolio\"",
        "title: \"Amara Okafor: Portfolio\"",
    );
    let not_found = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/shared/templates/404.html"),
    )
    .unwrap();
    h.write(
        "a template override added",
        "templates/404.html",
        &not_found.replace("Page not found", "Nothing here"),
    );
    h.write(
        "a static file at a page's path",
        "static/tags/index.html",
        "<p>mine</p>",
    );
    h.write(
        "a template override that does not parse",
        "templates/404.html",
        "{% if %}",
    );
    h.write(
        "the template override fixed",
        "templates/404.html",
        &not_found.replace("Page not found", "Nothing here either"),
    );
    h.replace(
        "a title change after all that",
        ARTICLE,
        "title: \"Exit tickets, renamed\"",
        "title: \"Exit tickets, renamed again\"",
    );
}

/// serve skips the whole-site output checks (paths claimed twice, copies of private material)
/// after an edit that cannot change them; each edit here can, or looks as if it could, and
/// the served site and its problems must still be a full build's.
#[test]
fn output_problems_follow_each_edit() {
    let mut h = Harness::sample("public");
    const PILOT: &str = "artefacts/2025/formative-assessment-pilot.md";
    const WORKSHOP: &str = "artefacts/2024/questioning-workshop.md";
    h.replace(
        "a sentence edited (no path changes: not checked again)",
        ARTICLE,
        "## ",
        "One more sentence.\n\n## ",
    );
    h.replace(
        "a measure renamed onto another measure's address (an error either way)",
        PILOT,
        "measure: ks3-maths-standard",
        "measure: KS3 maths standard",
    );
    assert!(
        h.last.as_ref().unwrap().failed(),
        "two measures claiming measures/ks3-maths-standard/ must fail: {:?}",
        h.last.as_ref().unwrap().diagnostics
    );
    h.replace(
        "the clash removed",
        PILOT,
        "measure: KS3 maths standard",
        "measure: ks3-maths-standard",
    );
    h.replace(
        "a link from the edited artefact to another",
        ARTICLE,
        "## ",
        "See [the workshop](../2024/questioning-workshop.md).\n\n## ",
    );
    h.replace(
        "a file of another artefact attached",
        ARTICLE,
        "attachments:\n",
        "attachments:\n  - {title: Handout, file: ../2024/workshop-handout.pdf}\n",
    );
    h.replace(
        "the artefact that owns the file made private (its copy is refused)",
        WORKSHOP,
        "kind: presentation",
        "private: true\nkind: presentation",
    );
    assert!(
        h.last.as_ref().unwrap().failed(),
        "a private artefact's file published by another must fail"
    );
    h.replace(
        "made public again",
        WORKSHOP,
        "private: true\nkind: presentation",
        "kind: presentation",
    );
    h.replace(
        "a slug change of the artefact the edited one links to",
        WORKSHOP,
        "kind: presentation",
        "kind: presentation\nslug: questioning",
    );
    h.replace(
        "a testimonial's consent given",
        COLLEAGUES,
        "consent: false",
        "consent: true",
    );
    h.replace(
        "a title edited after all that (not checked again)",
        ARTICLE,
        "title: \"Exit tickets that change the next lesson\"",
        "title: \"Exit tickets, once more\"",
    );
}

/// build leaves its output folder out of what it reads, however the path is written; serve
/// must agree (it used to compare the path as given).
#[test]
fn serve_leaves_out_the_output_folder_as_build_does() {
    let mut h = Harness::sample("static/../static/site");
    h.write(
        "a file in the output folder, inside static/",
        "static/site/old-page.html",
        "<p>an old build</p>",
    );
}

/// Saves faster than the listings render (an educator saving every few hundred milliseconds
/// at 10,000 artefacts): each save's listings give way to the next, the edited page is
/// always current, and the last save leaves the site a full build writes, byte for byte.
#[test]
fn saves_in_quick_succession_coalesce_and_the_last_leaves_the_built_site() {
    let mut h = Harness::sample("public");
    let outcome = h.replace_in_a_hurry(
        ARTICLE,
        "title: \"Exit tickets that change the next lesson\"",
        "title: \"Exit tickets, in a hurry\"",
    );
    assert!(
        outcome.interrupted,
        "the listings gave way to the newer save"
    );
    assert_eq!(outcome.pages, 1, "only the edited page was rendered");
    assert!(h
        .served("artefacts/exit-tickets-article/index.html")
        .contains("Exit tickets, in a hurry"));
    assert!(
        !h.served("artefacts/index.html")
            .contains("Exit tickets, in a hurry"),
        "the listing waits for the last save"
    );
    assert!(h.rebuilder.owes_listings());
    // A date change that moves an artefact, then a tag change: each while another is waiting.
    h.replace_in_a_hurry(REFLECTION, "date: 2023-08-28", "date: 2025-12-01");
    h.replace_in_a_hurry(
        ARTICLE,
        "tags: [assessment, mathematics, professional-development]",
        "tags: [assessment, writing]",
    );
    h.replace_in_a_hurry(
        ARTICLE,
        "kind: publication",
        "kind: publication\nslug: exit-tickets",
    );
    // The last save has nobody after it: its rebuild renders everything the others owed.
    h.replace(
        "the last of a burst of saves",
        MENTORING,
        "featured: true",
        "featured: false",
    );
    assert!(!h.rebuilder.owes_listings());
}

/// When the change that interrupted the listings never comes as a rebuild (a file that
/// turned out not to matter), serve catches up once the portfolio is quiet.
#[test]
fn listings_left_owed_are_rendered_when_the_portfolio_is_quiet() {
    let mut h = Harness::sample("public");
    h.replace_in_a_hurry(REFLECTION, "date: 2023-08-28", "date: 2025-12-01");
    assert!(h.rebuilder.owes_listings());
    let outcome = h.rebuilder.catch_up(&mut |_| {});
    assert!(!h.rebuilder.owes_listings());
    h.rebuilder.refresh_documents(Arc::new(|_| {}));
    h.rebuilder.wait_for_documents();
    h.assert_same_as_build("caught up", &outcome);
}

/// The edited page's path must not grow with the portfolio: an edit of one artefact renders
/// the same pages in a portfolio of 40 artefacts as in one of 160 (what makes 10,000 fast),
/// and the result is still the site a full build writes.
#[test]
fn an_edit_renders_as_many_pages_whatever_the_size_of_the_portfolio() {
    let pages = |n: usize| {
        let mut h = Harness::generated(n);
        let edit = "artefacts/a0005.md";
        h.replace(
            "a title change",
            edit,
            "title: Artefact 5",
            "title: Renamed",
        );
        let outcome = h.last.take().unwrap();
        assert!(!outcome.interrupted);
        outcome.pages
    };
    let small = pages(40);
    assert!(small > 1, "the listings were rendered too");
    assert_eq!(small, pages(160));
}

/// privacy.yaml, a pathway file and the lists of names outside the portfolio change what
/// every page may show: serve builds everything again, as `build` would.
#[test]
fn privacy_and_pathway_files_rebuild_the_whole_site() {
    let mut h = Harness::sample("public");
    dossier::privacy::add::add(h.dir.path(), "Hannah Whitaker", false).unwrap();
    h.rebuild("a name added to privacy.yaml", &["privacy.yaml"]);
    let last = h.last.as_ref().unwrap();
    assert!(last.failed(), "the name is on the list: the build fails");
    std::fs::remove_file(h.path("privacy.yaml")).unwrap();
    h.rebuild("privacy.yaml removed", &["privacy.yaml"]);
    assert!(!h.last.as_ref().unwrap().failed());
    h.replace(
        "a pathway renamed",
        "pathways/deputy-head.yaml",
        "name: Deputy headteacher",
        "name: Assistant headteacher",
    );
    assert!(h
        .served("readiness/index.html")
        .contains("Assistant headteacher"));
}

/// serve keeps the site's indexes from one save to the next and patches them when an edit
/// changes nothing they hold but the order: the benchmark's edit, a new title that moves an
/// artefact among others of its day, and a new date. After each, the site a build writes.
#[test]
fn edits_that_move_an_artefact_among_its_neighbours_leave_the_built_site() {
    let mut h = Harness::generated(30);
    let same_day = |title: &str| {
        format!("---\ntitle: {title}\nkind: project\ndate: 2000-01-11\nsummary: Beside 10.\ntags: [tag-1]\n---\n\nText.\n")
    };
    h.write(
        "one more on a0010's day",
        "artefacts/b1.md",
        &same_day("Artefact 10b"),
    );
    h.write(
        "another on that day",
        "artefacts/b2.md",
        &same_day("Artefact 10c"),
    );
    h.replace(
        "a title that moves it to the end of its day",
        "artefacts/a0010.md",
        "title: Artefact 10",
        "title: Zebra",
    );
    h.replace(
        "a title that moves it back to the front",
        "artefacts/a0010.md",
        "title: Zebra",
        "title: Aardvark",
    );
    h.replace(
        "a title that keeps its place",
        "artefacts/a0010.md",
        "title: Aardvark",
        "title: Aardvarks",
    );
    h.replace(
        "a date that makes it the newest",
        "artefacts/a0003.md",
        "date: 2000-01-04",
        "date: 2030-01-01",
    );
    let (a, b) = ("artefacts/a0020.md", "artefacts/b1.md");
    let moved = h
        .read(a)
        .replacen("date: 2000-01-21", "date: 1999-01-01", 1);
    std::fs::write(h.path(a), moved).unwrap();
    let moved = h
        .read(b)
        .replacen("title: Artefact 10b", "title: Artefact 10d", 1);
    std::fs::write(h.path(b), moved).unwrap();
    h.rebuild("two artefacts moved in one save", &[a, b]);
    h.replace(
        "a tie the order cannot break (a duplicate slug)",
        "artefacts/b2.md",
        "title: Artefact 10c",
        "title: Artefact 10d\nslug: b1",
    );
    h.replace(
        "the tie undone",
        "artefacts/b2.md",
        "title: Artefact 10d\nslug: b1",
        "title: Artefact 10e",
    );
    h.replace(
        "the body alone",
        "artefacts/a0010.md",
        "The text of artefact 10.",
        "The new text of artefact 10.",
    );
    h.replace(
        "a tag change after all that",
        "artefacts/a0010.md",
        "tags: [tag-1]",
        "tags: [tag-2]",
    );
    h.replace(
        "and a title change after the tag change",
        "artefacts/a0010.md",
        "title: Aardvarks",
        "title: Artefact 10a",
    );
}
