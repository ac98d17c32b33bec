//! Text to model: portfolio.yaml, frameworks and artefacts become a [`Portfolio`].
//! Files are parsed in parallel; every file's problems are collected, none stops the others.

mod artefact;
pub mod assets;
mod fields;
mod first_day;
mod framework;
mod language;
pub mod markdown_scan;
mod metric;
mod number;
mod other_tools;
mod pathway;
mod plan;
mod portfolio;
pub mod privacy;
mod raw_html_files;
pub mod shapes;
mod word_bullets;
pub mod yaml;
mod yaml_events;
mod yaml_scalar;

pub use assets::Root;
pub use fields::MAX_NUMBER;
pub use portfolio::{base_url_argument, base_url_problem};

use crate::diag::{codes, did_you_mean, Diagnostic, Diagnostics, Location};
use crate::model::{Artefact, Framework, Portfolio, Unparsed};
use crate::source::{self, Tree};
use rayon::prelude::*;

/// Frameworks compiled into the binary, usable by id without a `frameworks/` folder.
const BUILTIN_FRAMEWORKS: &[(&str, &str)] = &[
    (
        "uk-teachers-standards",
        include_str!("../../frameworks/uk-teachers-standards.yaml"),
    ),
    (
        "teacher-leader-skills",
        include_str!("../../frameworks/teacher-leader-skills.yaml"),
    ),
];

/// Reads every file of `tree`. `None` when portfolio.yaml or its framework could not be read;
/// artefacts are still parsed then, so the run reports all their problems too.
pub fn portfolio(
    root: &Root,
    tree: &Tree,
    base_url_override: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Portfolio> {
    let ((config, config_diags), (artefacts, artefact_diags)) = rayon::join(
        || config(root, tree, base_url_override),
        || artefacts(root, &tree.artefacts),
    );
    diags.extend(config_diags);
    diags.extend(artefact_diags);
    let (artefacts, unparsed) = artefacts;
    let mut portfolio = config?.with_artefacts(artefacts);
    portfolio.unparsed = unparsed;
    Some(portfolio)
}

/// portfolio.yaml and the framework it names: the portfolio without its artefacts.
#[derive(Debug, Clone)]
pub struct Config {
    settings: portfolio::Settings,
    framework: Option<Framework>,
    pathway: Option<crate::model::Pathway>,
    root: std::path::PathBuf,
}

impl Config {
    /// The theme portfolio.yaml names (or the default).
    pub fn theme(&self) -> &crate::model::Located<String> {
        &self.settings.theme
    }

    pub fn with_artefacts(self, artefacts: Vec<Artefact>) -> Portfolio {
        let settings = self.settings;
        Portfolio {
            root: self.root,
            title: settings.title,
            base_url: settings.base_url,
            language: settings.language,
            theme: settings.theme,
            theme_options: settings.theme_options,
            framework: self.framework,
            pathway: self.pathway,
            person: settings.person,
            timeline: settings.timeline,
            applications: settings.applications,
            paper: settings.paper,
            artefacts,
            unparsed: Vec::new(),
            privacy: settings.privacy,
        }
    }
}

/// Reads portfolio.yaml and its framework.
pub fn config(
    root: &Root,
    tree: &Tree,
    base_url_override: Option<&str>,
) -> (Option<Config>, Vec<Diagnostic>) {
    let (settings, mut diags) = settings(root, tree, base_url_override);
    let Some(mut settings) = settings else {
        return (None, diags);
    };
    match hashed_names(root) {
        Ok(hashed) => settings.privacy.hashed_names = hashed,
        Err(problems) => diags.extend(problems),
    }
    let mut framework_diags = Diagnostics::default();
    let framework = match &settings.framework {
        // A named framework that fails to load stops here: checking competencies against
        // nothing would only bury its error under one false error per competency.
        Some(id) => match framework(root, tree, id, &mut framework_diags) {
            Some(f) => Some(f),
            None => {
                diags.extend(framework_diags);
                return (None, diags);
            }
        },
        None => None,
    };
    diags.extend(framework_diags);
    // A pathway that fails to load is reported and left out: the rest of the site still builds.
    let pathway = settings.pathway.as_ref().and_then(|wanted| {
        let (pathway, pathway_diags) = pathway::pathway(root, wanted);
        diags.extend(pathway_diags);
        pathway
    });
    (
        Some(Config {
            settings,
            framework,
            pathway,
            root: root.path.clone(),
        }),
        diags,
    )
}

/// Reads one artefact file: the artefact, or what it may be called when it has errors.
pub fn artefact_file(
    root: &Root,
    path: &std::path::Path,
) -> (Result<Artefact, Unparsed>, Vec<Diagnostic>) {
    match source::read(&root.path, path) {
        Ok(file) => {
            let (artefact, mut diags) = artefact::artefact(root, &file);
            if let Ok(a) = &artefact {
                diags.extend(a.body.problems.iter().cloned());
            }
            (artefact, diags)
        }
        Err(e) => {
            let unparsed = Unparsed {
                source_path: crate::diag::display_path(&root.path, path),
                slug: String::new(),
                slug_known: false,
            };
            (Err(unparsed), vec![e])
        }
    }
}

fn settings(
    root: &Root,
    tree: &Tree,
    base_url_override: Option<&str>,
) -> (Option<portfolio::Settings>, Vec<Diagnostic>) {
    if !tree.config.is_file() {
        let diag = Diagnostic::error(codes::NO_CONFIG, Location::file("portfolio.yaml"), "this folder has no portfolio.yaml")
            .with_hint("run dossier in your portfolio folder, or pass its path: dossier build path/to/portfolio\n(`dossier init` creates a new portfolio)");
        return (None, vec![diag]);
    }
    match source::read(&root.path, &tree.config)
        .map_err(|e| vec![e])
        .and_then(|file| portfolio::settings(root, &file, base_url_override))
    {
        Ok(settings) => {
            // What scanning found in the Markdown of portfolio.yaml (summary, statements).
            let diags = settings
                .person
                .summary
                .iter()
                .chain(
                    settings
                        .applications
                        .iter()
                        .filter_map(|a| a.statement.as_ref()),
                )
                .flat_map(|m| m.problems.iter().cloned())
                .collect();
            (Some(settings), diags)
        }
        Err(diags) => (None, diags),
    }
}

/// privacy.yaml beside portfolio.yaml, if there is one.
fn hashed_names(root: &Root) -> Result<Option<crate::model::HashedNames>, Vec<Diagnostic>> {
    let path = root.path.join(privacy::HASHES_FILE);
    if !path.is_file() {
        return Ok(None);
    }
    let file = source::read(&root.path, &path).map_err(|e| vec![e])?;
    privacy::hashed_names(&file).map(Some)
}

/// Every artefact file, in parallel: those read, those that failed, and all diagnostics.
fn artefacts(
    root: &Root,
    paths: &[std::path::PathBuf],
) -> ((Vec<Artefact>, Vec<Unparsed>), Vec<Diagnostic>) {
    let results: Vec<_> = paths
        .par_iter()
        .map(|path| artefact_file(root, path))
        .collect();
    let mut artefacts = Vec::with_capacity(results.len());
    let mut unparsed = Vec::new();
    let mut diags = Vec::new();
    for (artefact, file_diags) in results {
        match artefact {
            Ok(artefact) => artefacts.push(artefact),
            Err(failed) => unparsed.push(failed),
        }
        diags.extend(file_diags);
    }
    ((artefacts, unparsed), diags)
}

/// The framework named in portfolio.yaml: from `frameworks/` (by `id`, else file name), else built in.
fn framework(
    root: &Root,
    tree: &Tree,
    wanted: &crate::model::Located<String>,
    diags: &mut Diagnostics,
) -> Option<Framework> {
    let mut known = Vec::new();
    for path in &tree.frameworks {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let file = match source::read(&root.path, path) {
            Ok(file) => file,
            Err(e) => {
                diags.push(e);
                continue;
            }
        };
        let (framework, file_diags) = framework::framework(&file.path, &file.text, &stem);
        let names_it = framework.as_ref().map_or(stem == wanted.value, |f| {
            f.id == wanted.value || stem == wanted.value
        });
        if names_it {
            diags.extend(file_diags);
            return framework;
        }
        known.push(framework.map_or(stem, |f| f.id));
    }
    for (id, text) in BUILTIN_FRAMEWORKS {
        if *id == wanted.value {
            let (framework, file_diags) =
                framework::framework(&format!("(built-in)/{id}.yaml"), text, id);
            diags.extend(file_diags);
            return framework;
        }
        known.push(id.to_string());
    }
    let hint = did_you_mean(&wanted.value, known.iter().map(String::as_str)).unwrap_or_else(|| {
        format!(
            "put a framework file in `frameworks/` (its `id` or file name is what you write here), or use a built-in framework: {}",
            BUILTIN_FRAMEWORKS.iter().map(|(id, _)| format!("`{id}`")).collect::<Vec<_>>().join(", ")
        )
    });
    diags.push(
        Diagnostic::error(
            codes::UNKNOWN_FRAMEWORK,
            wanted.location.clone(),
            format!("there is no framework `{}`", wanted.value),
        )
        .with_hint(hint),
    );
    None
}
