//! `build --cache DIR`: after every kind of edit, the cached rebuild's output is byte for byte
//! a cold build's (every file compared), its diagnostics are the cold build's, and a file whose
//! bytes did not change is not rewritten (same inode and mtime). A damaged cache gives a cold
//! build with the same output.

mod common;

use common::{build_into, copy_dir};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (inode, mtime) of a file.
#[cfg(unix)]
fn identity(file: &Path) -> (u64, i64, i64) {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(file).unwrap();
    (m.ino(), m.mtime(), m.mtime_nsec())
}

/// A portfolio copied into a temp folder, with its output and cache beside it.
struct Bench {
    tmp: tempfile::TempDir,
    portfolio: PathBuf,
    out: PathBuf,
    cache: PathBuf,
    colds: usize,
}

impl Bench {
    fn new(from: &Path) -> Bench {
        let tmp = tempfile::tempdir().unwrap();
        let portfolio = tmp.path().join("portfolio");
        copy_dir(from, &portfolio);
        let (out, cache) = (tmp.path().join("out"), tmp.path().join("cache"));
        Bench {
            tmp,
            portfolio,
            out,
            cache,
            colds: 0,
        }
    }

    /// A cached build: exit code, JSON diagnostics, stderr.
    fn cached(&self) -> (i32, String, String) {
        let cache = self.cache.to_string_lossy().to_string();
        build_into(
            &self.portfolio,
            &self.out,
            &["--format", "json", "--cache", &cache],
        )
    }

    /// A cold build into a fresh folder: exit code, JSON diagnostics, the folder.
    fn cold(&mut self) -> (i32, String, PathBuf) {
        self.colds += 1;
        let out = self.tmp.path().join(format!("cold-{}", self.colds));
        let (code, stdout, _) = build_into(&self.portfolio, &out, &["--format", "json"]);
        (code, stdout, out)
    }

    /// [`Bench::rebuild`], returning how many files kept their inode.
    fn rebuild_after(&mut self, what: &str, edit: impl FnOnce(&Path)) -> usize {
        self.rebuild(what, edit).kept
    }

    /// Applies `edit`, rebuilds with the cache and without, and compares them.
    fn rebuild(&mut self, what: &str, edit: impl FnOnce(&Path)) -> Rebuilt {
        let before = common::files(&self.out);
        #[cfg(unix)]
        let identities: BTreeMap<String, _> = before
            .keys()
            .map(|rel| (rel.clone(), identity(&self.out.join(rel))))
            .collect();
        edit(&self.portfolio);
        let (code, diagnostics, stderr) = self.cached();
        let (cold_code, cold_diagnostics, cold_out) = self.cold();
        assert_eq!(code, cold_code, "{what}: exit codes differ; {stderr}");
        assert_eq!(diagnostics, cold_diagnostics, "{what}: diagnostics differ");
        let summary = Summary::of(&stderr);
        if code != 0 {
            return Rebuilt {
                kept: 0,
                summary,
                failed: Some(format!("{diagnostics}{stderr}")),
            };
        }
        let (now, cold) = (common::files(&self.out), common::files(&cold_out));
        assert_eq!(
            now.keys().collect::<Vec<_>>(),
            cold.keys().collect::<Vec<_>>(),
            "{what}: the cached build wrote other files than a cold one"
        );
        for (rel, bytes) in &now {
            assert!(
                bytes == &cold[rel],
                "{what}: {rel} differs from a cold build's"
            );
        }
        let mut kept = 0;
        #[cfg(unix)]
        for (rel, bytes) in &now {
            let unchanged = before.get(rel) == Some(bytes) && rel != ".dossier-output";
            if unchanged {
                assert_eq!(
                    identity(&self.out.join(rel)),
                    identities[rel],
                    "{what}: {rel} did not change but was rewritten"
                );
                kept += 1;
            }
        }
        Rebuilt {
            kept,
            summary,
            failed: None,
        }
    }

    /// [`Bench::rebuild`] after an edit the portfolio accepts: the build must succeed.
    fn rebuild_ok(&mut self, what: &str, edit: impl FnOnce(&Path)) -> Rebuilt {
        let rebuilt = self.rebuild(what, edit);
        if let Some(why) = &rebuilt.failed {
            panic!("{what}: the build failed; {why}");
        }
        rebuilt
    }
}

/// What a cached rebuild did.
struct Rebuilt {
    /// Files that kept their inode.
    kept: usize,
    summary: Summary,
    /// The diagnostics of a build that failed.
    failed: Option<String>,
}

/// The counts of the cache's summary line: "Cache: 3 artefact file(s) parsed, 9 page(s)
/// rendered, 40 page(s) with only the version patched, 51 output file(s) unchanged and kept."
#[derive(Debug, Default)]
struct Summary {
    parsed: usize,
    rendered: usize,
    patched: usize,
    /// Pages kept on their key, before their views were built (`render::page_keys`).
    early: usize,
}

impl Summary {
    fn of(stderr: &str) -> Summary {
        let Some(line) = stderr.lines().find(|l| l.starts_with("Cache: ")) else {
            return Summary::default();
        };
        let count = |what: &str| -> usize {
            let before = &line[..line.find(what).unwrap_or_else(|| panic!("{line}"))];
            before
                .trim_end()
                .rsplit(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        Summary {
            parsed: count(" artefact file(s) parsed"),
            rendered: count(" page(s) rendered"),
            patched: count(" page(s) with only the version patched"),
            early: count(" page(s) known unchanged before their views were built"),
        }
    }
}

/// Replaces the first line of `file` starting with `prefix` by `f(line)`.
fn edit_line(file: &Path, prefix: &str, f: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut done = false;
    let edited: Vec<String> = text
        .lines()
        .map(|line| {
            if !done && line.starts_with(prefix) {
                done = true;
                f(line)
            } else {
                line.to_string()
            }
        })
        .collect();
    assert!(done, "{} has no line starting {prefix}", file.display());
    std::fs::write(file, edited.join("\n") + "\n").unwrap();
}

/// The portfolio's artefact files, sorted.
fn artefacts(portfolio: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(portfolio.join("artefacts"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    found.sort();
    found
}

/// The artefact with the latest `date:` (the first on the home page).
fn newest(portfolio: &Path) -> PathBuf {
    artefacts(portfolio)
        .into_iter()
        .filter(|p| !p.to_string_lossy().contains("draft"))
        .max_by_key(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            let date = text.lines().find(|l| l.starts_with("date:"));
            date.unwrap_or_default().to_string()
        })
        .expect("an artefact")
}

fn containing(portfolio: &Path, needle: &str) -> PathBuf {
    artefacts(portfolio)
        .into_iter()
        .find(|p| std::fs::read_to_string(p).unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no artefact has {needle}"))
}

/// Every edit the brief names, each followed by a cached and a cold rebuild.
fn every_edit(from: &Path) {
    let mut bench = Bench::new(from);
    let (code, _, stderr) = bench.cached();
    assert_eq!(code, 0, "{stderr}");

    let unchanged = bench.rebuild_ok("nothing changed", |_| {});
    assert_eq!(
        unchanged.kept + 1,
        common::files(&bench.out).len(),
        "an unchanged rebuild rewrote files"
    );
    assert_eq!(
        (unchanged.summary.rendered, unchanged.summary.patched),
        (0, 0),
        "nothing changed, yet pages were rendered or patched"
    );
    let (_, _, stderr) = bench.cached();
    assert!(
        stderr.contains("Cache: 0 artefact file(s) parsed"),
        "{stderr}"
    );

    let titled = bench.rebuild_ok("a title", |p| {
        let first = artefacts(p).remove(0);
        edit_line(&first, "title:", |l| {
            l.replacen("title: ", "title: Cached ", 1)
        });
    });
    assert!(
        titled.kept > 0,
        "the stylesheets and images should have been kept"
    );
    assert_eq!(titled.summary.parsed, 1);
    // The title shows on the artefact's page, its neighbours', the listings and the feeds;
    // every other page changed only its version.
    assert!(titled.summary.rendered > 0, "{:?}", titled.summary);
    assert!(titled.summary.patched > 0, "{:?}", titled.summary);
    bench.rebuild_ok(
        "the title of the newest artefact (the home page's recent list)",
        |p| {
            edit_line(&newest(p), "title:", |l| {
                l.replacen("title: ", "title: Recent ", 1)
            });
        },
    );
    bench.rebuild_ok("a summary (cards in tag and competency listings)", |p| {
        edit_line(&containing(p, "summary:"), "summary:", |_| {
            "summary: A summary edited after the cache was filled".into()
        });
    });
    bench.rebuild_ok(
        "a date (the order of neighbours, the timeline and the feed)",
        |p| {
            // One without a `start:`, which must come before its date.
            let undated = artefacts(p).into_iter().find(|a| {
                let text = std::fs::read_to_string(a).unwrap();
                text.contains("\ndate: 20") && !text.contains("\nstart:")
            });
            edit_line(&undated.expect("an artefact"), "date:", |_| {
                "date: 2019-01-01".into()
            });
        },
    );
    bench.rebuild_ok("a competency (competency pages)", |p| {
        // Another artefact's list, so the competencies stay the framework's.
        let lists: Vec<(PathBuf, String)> = artefacts(p)
            .into_iter()
            .filter_map(|a| {
                let text = std::fs::read_to_string(&a).unwrap();
                let line = text.lines().find(|l| l.starts_with("competencies: ["))?;
                Some((a.clone(), line.to_string()))
            })
            .collect();
        let (first, list) = &lists[0];
        match lists.iter().find(|(_, l)| l != list) {
            Some((_, other)) => edit_line(first, "competencies:", |_| other.clone()),
            // One list everywhere (the generated portfolio): one fewer competency is valid.
            None => edit_line(first, "competencies:", |_| "competencies: []".into()),
        }
    });
    // The privacy guard's findings are kept per file: an edited file's are found again.
    bench.rebuild_ok("an e-mail address in a body", |p| {
        let first = artefacts(p).remove(0);
        let text = std::fs::read_to_string(&first).unwrap();
        std::fs::write(&first, text + "\nWrite to jan.nowak@gmail.com today.\n").unwrap();
    });
    let (_, diagnostics, _) = bench.cached();
    assert!(diagnostics.contains("D0610"), "{diagnostics}");
    bench.rebuild_after("a metric", |p| {
        edit_line(&containing(p, "baseline:"), "    baseline:", |l| {
            format!("{l}1")
        });
    });
    bench.rebuild_after("a tag", |p| {
        edit_line(&containing(p, "tags: ["), "tags: [", |l| {
            l.replacen("[", "[cache-test, ", 1)
        });
    });
    bench.rebuild_after("a new artefact", |p| {
        let first = std::fs::read_to_string(containing(p, "tags: [")).unwrap();
        let copy: String = first
            .lines()
            .filter(|l| !l.starts_with("slug:"))
            .map(|l| match l.strip_prefix("title:") {
                Some(_) => "title: An artefact added after the cache was filled\n".to_string(),
                None => format!("{l}\n"),
            })
            .collect();
        std::fs::write(p.join("artefacts/added-after-cache.md"), copy).unwrap();
    });
    bench.rebuild_after("a deleted artefact", |p| {
        std::fs::remove_file(p.join("artefacts/added-after-cache.md")).unwrap();
    });
    bench.rebuild_after("portfolio.yaml", |p| {
        edit_line(&p.join("portfolio.yaml"), "title:", |l| {
            format!("{l} # edited")
        });
    });
    bench.rebuild_after("the theme", |p| {
        edit_line(&p.join("portfolio.yaml"), "theme:", |_| {
            "theme: modern".into()
        });
    });

    // A damaged index: a full build, the same site, and a note saying why.
    let index = bench.cache.join("index.bin");
    let mut bytes = std::fs::read(&index).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&index, bytes).unwrap();
    let (code, _, stderr) = bench.cached();
    assert_eq!(code, 0);
    assert!(stderr.contains("note: the cache in"), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    bench.rebuild_after("after a damaged cache", |_| {});
}

#[test]
fn the_sample_portfolio_rebuilds_from_the_cache_as_a_cold_build_would() {
    every_edit(&Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-portfolio"));
}

#[test]
fn the_rich_portfolio_rebuilds_from_the_cache_as_a_cold_build_would() {
    every_edit(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/portfolios/rich"));
}

/// The keys that keep an artefact page before its views are built (`render::page_keys`)
/// cover what the page shows of other artefacts and of the settings: each edit below changes
/// pages whose own artefact did not change. Every rebuild must equal a cold build, and a debug
/// build (as tests run) also checks each matched key against the page's whole context.
#[test]
fn an_artefact_page_is_kept_before_its_views_are_built_only_when_nothing_it_shows_changed() {
    let portfolio = generated();
    let mut bench = Bench::new(portfolio.path());
    let (code, _, stderr) = bench.cached();
    assert_eq!(code, 0, "{stderr}");
    let early = |rebuilt: Rebuilt| rebuilt.summary.early;
    assert_eq!(early(bench.rebuild_ok("nothing", |_| {})), 200);
    let file = |p: &Path, i: usize| p.join(format!("artefacts/artefact-{i:03}.md"));
    // Its page and its two neighbours' (prev/next show the title). The new title sorts where
    // the old one did among the artefacts of the same date, so no neighbour changes.
    let titled = bench.rebuild_ok("a neighbour's title", |p| {
        edit_line(&file(p, 100), "title:", |_| {
            "title: \"Artefact 100, retitled\"".into()
        });
    });
    assert_eq!(early(titled), 197);
    // Artefact 3 is linked from artefact 0 only: its page, its neighbours' and artefact 0's.
    let renamed = bench.rebuild_ok("the slug of a linked artefact", |p| {
        edit_line(&file(p, 3), "title:", |l| {
            format!("{l}\nslug: renamed-three")
        });
    });
    assert_eq!(early(renamed), 196);
    // Artefact 100 becomes the oldest: its page, its two old neighbours and its new one.
    let moved = bench.rebuild_ok("a date that reorders neighbours", |p| {
        edit_line(&file(p, 100), "date:", |_| "date: 2014-06-01".into());
    });
    assert_eq!(early(moved), 196);
    // Settings and frameworks are in the cache's fingerprint: every page is built again.
    let person = bench.rebuild_ok("portfolio.yaml", |p| {
        edit_line(&p.join("portfolio.yaml"), "  name:", |_| {
            "  name: Other Person".into()
        });
    });
    assert_eq!(early(person), 0);
    let framework = bench.rebuild_ok("a framework", |p| {
        edit_line(&p.join("frameworks/f.yaml"), "  - {id: coaching", |_| {
            "  - {id: coaching, name: Coaching others}".into()
        });
    });
    assert_eq!(early(framework), 0);
    assert_eq!(early(bench.rebuild_ok("nothing again", |_| {})), 200);
}

/// 200 artefacts with metrics, tags and links between them.
fn generated() -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = Vec::new();
    for i in 0..200 {
        let text = format!(
            "---\ntitle: \"Artefact {i}\"\nkind: project\ndate: 20{:02}-{:02}-01\n\
             summary: \"What artefact {i} did.\"\ntags: [tag-{}, tag-{}]\ncompetencies: [coaching]\n\
             metrics:\n  - label: \"Reading age {i}\"\n    unit: \"%\"\n    baseline: {}\n    result: {}\n---\n\n\
             ## What I did\n\nWork number {i}. See [another](artefact-{:03}.md).\n",
            15 + i % 10,
            1 + i % 12,
            i % 7,
            i % 11,
            20 + i % 30,
            40 + i % 40,
            (i * 7 + 3) % 200,
        );
        files.push((format!("artefacts/artefact-{i:03}.md"), text));
    }
    files.push((
        "portfolio.yaml".into(),
        "title: Generated\nbase_url: \"https://g.example.org/\"\ntheme: classic\nframework: f\nperson:\n  name: Gen Person\n".into(),
    ));
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    common::portfolio(&borrowed)
}

#[test]
fn a_generated_portfolio_of_200_artefacts_rebuilds_from_the_cache_as_a_cold_build_would() {
    let portfolio = generated();
    every_edit(portfolio.path());
}

#[test]
fn a_title_edit_renders_only_the_pages_that_show_the_title_and_patches_the_others() {
    let portfolio = generated();
    let mut bench = Bench::new(portfolio.path());
    let (code, _, stderr) = bench.cached();
    assert_eq!(code, 0, "{stderr}");
    let pages = Summary::of(&stderr).rendered;
    assert!(pages > 200, "{stderr}");
    let titled = bench.rebuild_ok("a title", |p| {
        edit_line(&p.join("artefacts/artefact-100.md"), "title:", |_| {
            "title: \"A retitled artefact\"".into()
        });
    });
    // Its page, its two neighbours, the listings that show it (its tags, its competency, all
    // artefacts, the timeline, the matrix), the printable dossier: far fewer than every page.
    assert!(titled.summary.rendered < 30, "{:?}", titled.summary);
    assert!(
        titled.summary.rendered + titled.summary.patched == pages,
        "every other page shows the new version: {:?}",
        titled.summary
    );
    // A body shows on its own page and in the printable dossier only.
    let untouched = bench.rebuild_ok("a body", |p| {
        let file = p.join("artefacts/artefact-150.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text + "\nOne more sentence.\n").unwrap();
    });
    assert!(untouched.summary.rendered < 30, "{:?}", untouched.summary);
}

/// A template of the portfolio's own that shows the version in another form: a page is never
/// patched (the other form would keep the old version), it is rendered again.
#[test]
fn with_templates_of_its_own_a_page_is_rendered_again_rather_than_patched() {
    let portfolio = generated();
    let part = portfolio.path().join("templates/parts/version.html");
    std::fs::create_dir_all(part.parent().unwrap()).unwrap();
    std::fs::write(
        &part,
        "<p class=\"footer-version\">Version <code translate=\"no\">{{ site.version }}</code></p>\n\
         <p>{{ site.version | upper }}</p>",
    )
    .unwrap();
    let mut bench = Bench::new(portfolio.path());
    let (code, _, stderr) = bench.cached();
    assert_eq!(code, 0, "{stderr}");
    let titled = bench.rebuild_ok("a title, with templates of its own", |p| {
        edit_line(&p.join("artefacts/artefact-100.md"), "title:", |_| {
            "title: \"A retitled artefact\"".into()
        });
    });
    assert_eq!(titled.summary.patched, 0, "{:?}", titled.summary);
}

#[test]
fn dossier_cache_in_the_environment_is_the_cache_folder() {
    let portfolio = common::portfolio(&[(
        "artefacts/one.md",
        "---\ntitle: One\nkind: project\ndate: 2024-01-01\n---\n\nText.\n",
    )]);
    let tmp = tempfile::tempdir().unwrap();
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("build")
            .arg(portfolio.path())
            .arg("-o")
            .arg(tmp.path().join("out"))
            .env("DOSSIER_CACHE", tmp.path().join("cache"))
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    assert!(tmp.path().join("cache/index.bin").is_file());
    let again = run();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("Cache: 0 artefact file(s) parsed"),
        "{stderr}"
    );
}

/// A cached build that fails (a YAML error in an artefact) leaves the output exactly as it was
/// (same bytes, same inodes), and once the error is fixed the cache still gives a cold build's
/// site, patching the pages it kept.
#[test]
fn a_failed_cached_build_leaves_the_output_as_it_was_and_the_cache_still_works() {
    let portfolio = generated();
    let mut bench = Bench::new(portfolio.path());
    let (code, _, stderr) = bench.cached();
    assert_eq!(code, 0, "{stderr}");
    let file = bench.portfolio.join("artefacts/artefact-100.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let before = common::files(&bench.out);
    #[cfg(unix)]
    let identities: Vec<_> = before
        .keys()
        .map(|rel| identity(&bench.out.join(rel)))
        .collect();
    edit_line(&file, "title:", |_| "title: [unclosed".into());
    let (code, diagnostics, _) = bench.cached();
    assert_eq!(code, 1, "a YAML error must fail the build: {diagnostics}");
    assert!(
        common::files(&bench.out) == before,
        "a failed build changed the output"
    );
    #[cfg(unix)]
    assert_eq!(
        before
            .keys()
            .map(|rel| identity(&bench.out.join(rel)))
            .collect::<Vec<_>>(),
        identities,
        "a failed build replaced output files"
    );
    let fixed = bench.rebuild_ok("fixed after a failed build", |_| {
        let retitled = text.replacen("title: ", "title: Fixed ", 1);
        std::fs::write(&file, retitled).unwrap();
    });
    assert_eq!(fixed.summary.parsed, 1, "{:?}", fixed.summary);
    assert!(fixed.summary.patched > 100, "{:?}", fixed.summary);
}

/// A page is patched from the cache's copy of it only when that copy is as the cache left it:
/// one changed in place (same size, so only its modification time tells) is rendered again,
/// and the site is still a cold build's.
#[test]
fn a_kept_page_changed_in_place_is_rendered_again_not_patched() {
    let portfolio = generated();
    let mut bench = Bench::new(portfolio.path());
    let (code, _, stderr) = bench.cached();
    assert_eq!(code, 0, "{stderr}");
    // The cache's copy and the output share the file: change the output's, byte for byte in
    // length, as a stray tool might.
    let page = walkdir::WalkDir::new(bench.cache.join("site/artefacts"))
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .find(|p| {
            p.ends_with("index.html")
                && !std::fs::read_to_string(p).unwrap().contains("Artefact 100")
        })
        .expect("an artefact page that does not show the artefact edited");
    let bytes = std::fs::read(&page).unwrap();
    let spoiled = String::from_utf8(bytes.clone())
        .unwrap()
        .replacen("<html", "<HTML", 1);
    assert_eq!(spoiled.len(), bytes.len());
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, spoiled).unwrap();
    let titled = bench.rebuild_ok("a title, with a kept page spoiled", |p| {
        edit_line(&p.join("artefacts/artefact-100.md"), "title:", |_| {
            "title: \"A retitled artefact\"".into()
        });
    });
    assert!(titled.summary.patched > 100, "{:?}", titled.summary);
}
