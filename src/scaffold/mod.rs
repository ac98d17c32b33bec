//! Starting points for a portfolio: `dossier init` writes the starter portfolio, `dossier new`
//! writes one artefact with its front matter filled in for its kind.
//!
//! The people who run these commands are teachers, not programmers, and this is usually the
//! first thing they do with dossier. So both put safety first (they never delete or replace a
//! file), everything they write builds without a single warning, and every error says what is
//! wrong and what to do about it.
//!
//! What they write are real files at the root of the crate, embedded into the binary:
//! `starter/portfolio/` is a portfolio that can be read, edited and built like any other
//! (`dossier build starter/portfolio -o /tmp/out`), and `starter/kinds/` holds one Markdown
//! scaffold per kind of artefact. The only YAML `new` reads (portfolio.yaml and the framework,
//! for the competency ids it lists) goes through `parse`, as in a build.
//!
//! - [`init`] (init.rs): the starter, adding only missing files.
//! - [`new_artefact`] (new.rs): where the file goes, and the refusals.
//! - kinds.rs: the per-kind scaffolds, filled in; framework.rs: the competency ids.

mod error;
mod framework;
mod init;
mod kinds;
mod new;

pub use error::ScaffoldError;
pub use init::{init, Initialised};
pub use new::{find_portfolio, new_artefact};
