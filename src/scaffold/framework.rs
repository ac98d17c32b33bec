//! The competency ids a new artefact's comments list, read by `parse` exactly as a build reads
//! them (portfolio.yaml's `framework`, then `frameworks/` or the built-in one), so only `parse`
//! knows YAML.

use crate::diag::Diagnostics;
use crate::parse::{self, Root};
use crate::source::Tree;

/// The portfolio's framework, as far as a new artefact's comments need it.
pub(super) struct Competencies {
    /// The framework's id, as portfolio.yaml names it.
    pub framework: String,
    pub ids: Vec<String>,
}

/// The framework's competency ids; `None` when the portfolio names no framework, or when
/// portfolio.yaml or the framework has a mistake: the comment is only a help, and `new` must
/// still work while the teacher fixes that mistake (the build will point at it).
pub(super) fn competencies(root: &Root, tree: &Tree) -> Option<Competencies> {
    let (config, _problems_the_build_reports) = parse::config(root, tree, None);
    let framework = config?.with_artefacts(Vec::new()).framework?;
    let ids: Vec<String> = framework.competencies.into_iter().map(|c| c.id).collect();
    (!ids.is_empty()).then_some(Competencies {
        framework: framework.id,
        ids,
    })
}

/// The files of the portfolio at `root`, as a build finds them; problems with them are the
/// build's to report.
pub(super) fn tree(root: &Root) -> Tree {
    crate::source::walk(
        &root.path,
        &root.path.join("public"),
        &mut Diagnostics::default(),
    )
}
