//! Watching the portfolio with notify: events are gathered until the editor has finished
//! saving (write-then-rename, temp files and bursts all end in one rebuild), then sorted into
//! "these artefacts changed" or "rebuild everything".

use super::rebuild::Change;
use crate::source::is_editor_leftover;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Quiet time that ends a burst of events. Editors finish a save within a few milliseconds;
/// waiting longer would only delay the reload. (A debouncer crate ticks at coarser intervals,
/// which would eat most of the 50 ms budget, hence this small loop.)
const QUIET: Duration = Duration::from_millis(8);
/// A burst that never goes quiet (a big copy) is still handled after this long.
const LONGEST: Duration = Duration::from_millis(300);

/// The watcher's events, as notify sends them.
pub type Events = Receiver<notify::Result<notify::Event>>;

/// Waits for the next burst of changes; `None` when the watcher stopped or `stop` says so.
/// `idle` runs whenever nothing has happened for a while (to catch up on deferred work).
pub fn next_change(
    events: &Events,
    watched: &Watched,
    stop: &dyn Fn() -> bool,
    idle: &mut dyn FnMut(),
) -> Option<Change> {
    let mut paths: Vec<PathBuf> = Vec::new();
    let first = loop {
        if stop() {
            return None;
        }
        match events.recv_timeout(Duration::from_millis(200)) {
            Ok(Ok(event)) if changes_content(&event) => break event,
            Ok(Ok(_)) => continue,
            Ok(Err(_)) => continue,
            Err(RecvTimeoutError::Timeout) => idle(),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    };
    paths.extend(first.paths);
    let started = Instant::now();
    while started.elapsed() < LONGEST {
        match events.recv_timeout(QUIET) {
            Ok(Ok(event)) if changes_content(&event) => paths.extend(event.paths),
            Ok(Ok(_)) => {}
            Ok(Err(_)) => {}
            Err(_) => break,
        }
    }
    match watched.classify(&paths) {
        Some(change) => Some(change),
        None => next_change(events, watched, stop, idle),
    }
}

/// What serve watches: the portfolio folder (minus the output folder inside it), and the
/// lists of names that must never appear, which live outside it on purpose (docs/privacy.md).
#[derive(Debug, Clone)]
pub struct Watched {
    pub root: PathBuf,
    pub ignore: PathBuf,
    /// Files outside the portfolio whose change changes the whole site.
    pub outside: Vec<PathBuf>,
}

impl Watched {
    /// The portfolio at `root`, its output at `ignore`, and the name lists a build reads.
    pub fn new(root: &Path, ignore: &Path) -> Watched {
        let env_list = std::env::var_os(crate::privacy::lists::ENV_VAR)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from);
        let outside = env_list
            .into_iter()
            .chain(crate::privacy::lists::user_list())
            .map(|p| std::path::absolute(&p).unwrap_or(p))
            .filter(|p| !p.starts_with(root))
            .collect();
        Watched {
            root: root.to_path_buf(),
            ignore: ignore.to_path_buf(),
            outside,
        }
    }

    /// The folders to watch, not recursively, for [`Self::outside`]: a file's folder rather
    /// than the file, because an editor's save replaces the file (a new inode, which a watch
    /// on the old one never hears of), and a list created after serve started is seen too.
    pub fn outside_folders(&self) -> Vec<PathBuf> {
        let mut folders: Vec<PathBuf> = self
            .outside
            .iter()
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .filter(|p| p.is_dir())
            .collect();
        folders.sort();
        folders.dedup();
        folders
    }

    /// What a set of changed paths means; `None` when none of them matters.
    pub fn classify(&self, paths: &[PathBuf]) -> Option<Change> {
        if paths.iter().any(|p| self.outside.contains(p)) {
            return Some(Change::Everything);
        }
        classify(&self.root, &self.ignore, paths)
    }
}

/// Creations, writes, renames and removals; not reads (the rebuild itself reads every file)
/// nor metadata such as access times.
pub fn changes_content(event: &notify::Event) -> bool {
    use notify::event::{EventKind, ModifyKind};
    matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Any
            | EventKind::Modify(
                ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any | ModifyKind::Other
            )
    )
}

/// What a set of changed paths means; `None` when none of them matters.
pub fn classify(root: &Path, ignore: &Path, paths: &[PathBuf]) -> Option<Change> {
    let mut artefacts = BTreeSet::new();
    let mut everything = false;
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if path.starts_with(ignore)
            || rel
                .components()
                .any(|c| is_hidden_or_leftover(&c.as_os_str().to_string_lossy()))
        {
            continue;
        }
        let is_markdown = crate::paths::is_markdown(path);
        // An editor's temporary file, written then renamed over the real one, is gone by now.
        if !is_markdown && path.extension().is_none() && !path.exists() {
            continue;
        }
        match rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .as_deref()
        {
            Some("artefacts") if is_markdown => {
                artefacts.insert(path.clone());
            }
            Some("artefacts" | "portfolio.yaml" | "frameworks" | "templates" | "static") => {
                everything = true
            }
            // A theme folder inside the portfolio, or anything else the educator keeps there.
            Some(_) => everything = !rel.as_os_str().is_empty() || everything,
            None => {}
        }
    }
    if everything {
        Some(Change::Everything)
    } else if artefacts.is_empty() {
        None
    } else {
        Some(Change::Artefacts(artefacts))
    }
}

fn is_hidden_or_leftover(name: &str) -> bool {
    name.starts_with('.') || is_editor_leftover(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_changes_by_what_they_touch() {
        let root = Path::new("/p");
        let ignore = Path::new("/p/public");
        let md = PathBuf::from("/p/artefacts/2025/a.md");
        assert_eq!(
            classify(root, ignore, std::slice::from_ref(&md)),
            Some(Change::Artefacts([md.clone()].into()))
        );
        assert_eq!(
            classify(root, ignore, &[md.clone(), "/p/portfolio.yaml".into()]),
            Some(Change::Everything)
        );
        assert_eq!(
            classify(
                root,
                ignore,
                &[
                    "/p/artefacts/2025/.a.md.swp".into(),
                    "/p/artefacts/a.md~".into()
                ]
            ),
            None
        );
        assert_eq!(
            classify(
                root,
                ignore,
                &["/p/public/index.html".into(), "/p/.git/index".into()]
            ),
            None
        );
        assert_eq!(
            classify(root, ignore, &["/p/artefacts/sedX1y2Z3".into(), md.clone()]),
            Some(Change::Artefacts([md].into()))
        );
    }
}
