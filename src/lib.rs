//! dossier turns a folder of Markdown artefacts, whose front matter carries an educator's
//! evidence (metrics, testimonials, competencies), into a themed portfolio website.
//!
//! The pipeline, one module per stage, each handing plain data to the next:
//!
//! ```text
//! config (cli, pipeline::Options)
//!   -> source   disk to text: walk the folder, read UTF-8, split front matter
//!   -> parse    text to model: YAML (the only serde_yaml user) and Markdown scanning
//!   -> validate whole-portfolio rules: competencies, slugs, links, consent
//!   -> site     derived views: public artefacts, tags, evidence, timeline, applications
//!   -> render   site to files through the theme's Tera templates (the only tera user)
//!   -> output   a staging folder swapped in atomically
//! ```
//!
//! [`pipeline::Session`] is the one orchestrator of that chain: it keeps what it has read and
//! runs validate -> site -> render under one diagnostics policy, after a full read
//! ([`pipeline::Session::full`]) or after some artefact files changed
//! ([`pipeline::Session::changed`]). [`pipeline::build`], [`pipeline::check`] and [`pdf`] run it
//! once; [`serve`] keeps one alive and renders only the pages an edit touched.
//!
//! Problems are [`diag::Diagnostic`] values with a `path:line:column`; every stage collects
//! them so one run reports them all, and [`report`] prints them (human, JSON, GitHub, SARIF;
//! [`human`] is the coloured human form for a terminal).
//!
//! Around the pipeline: [`cli`] (the command line), [`check`] (links and anchors of the
//! rendered site, traced back to their Markdown), [`validate::quality`] (what a reviewer would
//! miss), [`serve`] (in-memory site, incremental rebuilds, live reload), [`scaffold`]
//! (`init` and `new`), [`schema`] (JSON Schemas for editors, made from the parser's field
//! tables), [`pdf`] (printing the dossier page with Chromium), [`pack`] (the reviewer pack, its
//! `verify` and the portfolio's version) and [`privacy`] (names that must never be published,
//! and detectors of personal data, run while validating).

pub mod check;
pub mod cli;
pub mod diag;
pub mod human;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pack;
pub mod parse;
pub mod paths;
pub mod pdf;
pub mod pipeline;
pub mod privacy;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
// `serve` pulls in an HTTP server and a file watcher; builds without the feature leave it out.
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod source;
#[cfg(test)]
mod test_support;
pub mod validate;

pub use pipeline::{build, Failure, Options, Report};
