//! The Markdown floor of benches/compare.py: pulldown-cmark alone rendering the bodies of every
//! artefact of a portfolio, with the options dossier uses, on all cores. Prints the seconds.
//!
//!     cargo bench --bench markdown_floor -- PORTFOLIO
//!
//! No site generator that renders this Markdown can build the portfolio faster than this.

use pulldown_cmark::{html, Parser};
use rayon::prelude::*;
use std::time::Instant;

fn main() {
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .expect("usage: markdown_floor PORTFOLIO");
    let bodies: Vec<String> = walkdir::WalkDir::new(std::path::Path::new(&root).join("artefacts"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|text| body_of(&text).to_string())
        .collect();
    let started = Instant::now();
    let bytes: usize = bodies
        .par_iter()
        .map(|body| {
            let mut out = String::with_capacity(body.len() * 3 / 2);
            html::push_html(
                &mut out,
                Parser::new_ext(body, dossier::markdown::options()),
            );
            out.len()
        })
        .sum();
    println!(
        "{:.4} s for {} bodies ({bytes} bytes of HTML)",
        started.elapsed().as_secs_f64(),
        bodies.len()
    );
}

/// The text after the closing `---` of the front matter.
fn body_of(text: &str) -> &str {
    text.strip_prefix("---")
        .and_then(|rest| rest.find("\n---").map(|end| &rest[end + 4..]))
        .unwrap_or(text)
}
