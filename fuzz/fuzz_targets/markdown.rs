//! Fuzz target (b): Markdown as parse scans it and render writes it, sanitising included. The
//! oracle: the HTML must hold nothing a browser would run (tests/common/scan.rs), and scanning
//! and rendering must agree on the links (render pairs them up in order).
#![no_main]

use dossier::model::{Link, LinkTarget};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/scan.rs"]
mod scan;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let markdown = dossier::parse::markdown_scan::scan("a.md", text, 1, &|_| LinkTarget::AsWritten);
    let keep = |link: &Link| Some(link.destination.clone());
    for top in [1, 2, 4] {
        let html = dossier::render::markdown_html::to_html(&markdown, top, &keep);
        let mut found = scan::active_content(&html);
        if std::env::var_os("DOSSIER_FUZZ_KNOWN_HOLES").is_some() {
            // Issue 8's heading attributes, while they are being fixed on another branch.
            found.retain(|a| !is_heading(&a.tag));
        }
        assert!(found.is_empty(), "active content {found:?} in\n{html}");
    }
});

fn is_heading(tag: &str) -> bool {
    matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}
