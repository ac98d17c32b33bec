//! `dossier build --all DIR`: every portfolio under a folder (each folder holding a
//! `portfolio.yaml`) built into `OUT/<its folder>/`, in parallel, with one combined report and
//! one exit code; `--shard K/N` builds a stable slice of them for a CI matrix.

use super::{build_with_secret, Failure, Options, Report};
use crate::diag::Diagnostic;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One slice of the portfolios: `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `K/N` with 1 <= K <= N, as CI matrices count.
    fn from_str(text: &str) -> Result<Shard, String> {
        let wrong = || format!("`{text}` is not a shard: write K/N with 1 <= K <= N, e.g. 2/4");
        let (k, n) = text.split_once('/').ok_or_else(wrong)?;
        let index: u32 = k.trim().parse().map_err(|_| wrong())?;
        let count: u32 = n.trim().parse().map_err(|_| wrong())?;
        if index == 0 || count == 0 || index > count {
            return Err(wrong());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the portfolio in folder `name` (relative, `/`-separated) belongs to this shard.
    /// Decided by a hash of the name, not its place in a list, so adding or removing one
    /// portfolio never moves the others to another shard (and another CI cache).
    pub fn holds(&self, name: &str) -> bool {
        let digest = Sha256::digest(name.as_bytes());
        let first = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
        first % self.count == self.index - 1
    }
}

/// What `build --all` was asked to do.
#[derive(Debug, Clone)]
pub struct ManyOptions {
    /// The folder searched for portfolios.
    pub dir: PathBuf,
    /// Each portfolio is written to `output/<its folder under dir>/`.
    pub output: PathBuf,
    pub drafts: bool,
    pub strict: bool,
    pub shard: Option<Shard>,
    /// Also write `output/index.html`, a page linking every portfolio that built.
    pub index: bool,
}

/// One portfolio's build.
#[derive(Debug)]
pub struct Built {
    /// Its folder under `dir`, `/`-separated (`.` for `dir` itself).
    pub name: String,
    pub output: PathBuf,
    pub result: Result<Report, Failure>,
    /// The portfolio's secret file (`.dossier-secret`), when this build wrote it: the
    /// educator must be told, as a single `build` tells them.
    pub secret: Option<PathBuf>,
}

/// Every portfolio's build, in folder order.
#[derive(Debug)]
pub struct ManyReport {
    pub built: Vec<Built>,
    pub elapsed: Duration,
}

impl ManyReport {
    /// Every diagnostic of every portfolio, its path made relative to `dir` so that one report
    /// (and a CI annotation) points at the right file.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all = Vec::new();
        for built in &self.built {
            let diags = match &built.result {
                Ok(report) => &report.diagnostics[..],
                Err(Failure::Content(diags)) => &diags[..],
                Err(Failure::Tool(_)) => &[][..],
            };
            all.extend(diags.iter().map(|d| under(&built.name, d)));
        }
        all
    }

    /// The tool failures (a refused output folder, a full disk), by portfolio.
    pub fn tool_failures(&self) -> Vec<(&str, &str)> {
        self.built
            .iter()
            .filter_map(|b| match &b.result {
                Err(Failure::Tool(message)) => Some((b.name.as_str(), message.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The secret files this run wrote, one per portfolio that had none yet, in folder order.
    pub fn secrets_written(&self) -> Vec<&Path> {
        self.built
            .iter()
            .filter_map(|b| b.secret.as_deref())
            .collect()
    }

    /// The portfolios whose content failed to build.
    pub fn failed(&self) -> Vec<&str> {
        self.built
            .iter()
            .filter(|b| matches!(b.result, Err(Failure::Content(_))))
            .map(|b| b.name.as_str())
            .collect()
    }
}

/// `d` with its path prefixed by the portfolio's folder.
fn under(name: &str, d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    if name != "." {
        d.location.path = format!("{name}/{}", d.location.path).into();
    }
    d
}

/// Builds every portfolio under `opts.dir` (or this shard's), several at once.
pub fn build_all(opts: &ManyOptions) -> Result<ManyReport, Failure> {
    use rayon::prelude::*;
    let started = Instant::now();
    let names = find_portfolios(&opts.dir, &opts.output)?;
    let built = names
        .into_par_iter()
        .filter(|name| opts.shard.is_none_or(|s| s.holds(name)))
        .map(|name| {
            let output = match name.as_str() {
                "." => opts.output.clone(),
                _ => opts.output.join(&name),
            };
            let one = Options {
                root: opts.dir.join(&name),
                output: output.clone(),
                base_url: None,
                drafts: opts.drafts,
                strict: opts.strict,
                serving: false,
                blind: false,
            };
            let (result, secret) = match build_with_secret(&one) {
                Ok((report, secret)) => (Ok(report), secret),
                Err(failure) => (Err(failure), None),
            };
            Built {
                name,
                output,
                result,
                secret,
            }
        })
        .collect::<Vec<Built>>();
    if opts.index {
        write_index(&opts.output, &built)
            .map_err(|e| Failure::Tool(format!("cannot write the index of portfolios: {e}")))?;
    }
    Ok(ManyReport {
        built,
        elapsed: started.elapsed(),
    })
}

/// `output/index.html`: every portfolio that built (or failed with its previous site kept), by folder. Written whole to a temporary
/// file first so a reader never sees half a page.
fn write_index(output: &Path, built: &[Built]) -> std::io::Result<()> {
    use crate::render::portfolios_index::{page, Entry};
    let entries: Vec<Entry<'_>> = built
        .iter()
        .filter(|b| b.name != ".")
        .filter_map(|b| match &b.result {
            Ok(report) => Some(Entry {
                folder: &b.name,
                name: &report.person.0,
                headline: report.person.1.as_deref(),
            }),
            // Its previous site, if there is one, is still there: keep the link, by folder
            // name. A portfolio that never built has nothing to link to.
            Err(_) => b.output.join("index.html").is_file().then_some(Entry {
                folder: &b.name,
                name: &b.name,
                headline: None,
            }),
        })
        .collect();
    std::fs::create_dir_all(output)?;
    let mut file = tempfile::NamedTempFile::new_in(output)?;
    std::io::Write::write_all(&mut file, page("Portfolios", &entries).as_bytes())?;
    file.persist(output.join("index.html"))?;
    Ok(())
}

/// Folders that are never searched: output, dependencies, version control.
const SKIPPED: &[&str] = &["public", "node_modules", "target"];

/// The folders under `dir` that hold a `portfolio.yaml`, relative and sorted. A portfolio's
/// own folders are not searched further (its `artefacts/` hold no portfolios), nor is the
/// output folder when it lies inside `dir`.
pub fn find_portfolios(dir: &Path, output: &Path) -> Result<Vec<String>, Failure> {
    if !dir.is_dir() {
        return Err(Failure::Tool(format!(
            "{} is not a folder: give the folder that holds the portfolios",
            dir.display()
        )));
    }
    let output = crate::paths::normalise(&std::path::absolute(output).unwrap_or_default());
    let mut names = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        if !entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path();
        let hidden = entry.depth() > 0
            && entry
                .file_name()
                .to_str()
                .is_none_or(|n| n.starts_with('.') || SKIPPED.contains(&n));
        let is_output =
            crate::paths::normalise(&std::path::absolute(path).unwrap_or_default()) == output;
        if hidden || is_output {
            walk.skip_current_dir();
            continue;
        }
        if path.join("portfolio.yaml").is_file() {
            names.push(relative_name(dir, path));
            walk.skip_current_dir();
        }
    }
    if names.is_empty() {
        return Err(Failure::Tool(format!(
            "no portfolio under {}: each portfolio is a folder with a portfolio.yaml",
            dir.display()
        )));
    }
    Ok(names)
}

/// `path` under `dir`, `/`-separated, `.` for `dir` itself.
fn relative_name(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_is_k_of_n() {
        assert_eq!("2/4".parse(), Ok(Shard { index: 2, count: 4 }));
        for wrong in ["0/4", "5/4", "2", "a/b", "1/0"] {
            assert!(wrong.parse::<Shard>().is_err(), "{wrong}");
        }
    }

    #[test]
    fn every_portfolio_is_in_exactly_one_shard() {
        let names: Vec<String> = (0..200).map(|i| format!("staff/person-{i}")).collect();
        let shards: Vec<Shard> = (1..=3).map(|index| Shard { index, count: 3 }).collect();
        for name in &names {
            let holders = shards.iter().filter(|s| s.holds(name)).count();
            assert_eq!(holders, 1, "{name}");
        }
        // Spread: no shard holds nearly all of them.
        for shard in &shards {
            let held = names.iter().filter(|n| shard.holds(n)).count();
            assert!((40..=100).contains(&held), "{shard:?} holds {held}");
        }
    }

    #[test]
    fn portfolios_are_found_without_searching_inside_them_or_the_output() {
        let dir = tempfile::tempdir().unwrap();
        for folder in [
            "a",
            "b/c",
            "b/c/artefacts/nested",
            "out/x",
            ".git/y",
            "d/public/z",
        ] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
            std::fs::write(dir.path().join(folder).join("portfolio.yaml"), "").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("empty")).unwrap();
        let found = find_portfolios(dir.path(), &dir.path().join("out")).unwrap();
        assert_eq!(found, ["a", "b/c"]);
    }
}
