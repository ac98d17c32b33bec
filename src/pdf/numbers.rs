//! Page numbers in the contents and "(see p. 22)" after cross-references. Chromium has no CSS
//! `target-counter()`, so the page is printed once with a two-digit placeholder on every link
//! to a place in the document, the PDF is read back for the page each target landed on (its
//! named destination), the numbers are written into the page (`data-page`, shown by print.css)
//! and it is printed again; a third print only if the numbers moved a target.

use super::browser::Printer;
use super::paper::Paper;
use super::read::{read, Printed};
use crate::pipeline::Failure;
use std::collections::BTreeMap;

/// Every link inside `main` to an element of the page is pointed at the first heading of that
/// element (given an id if it has none), since that is the page a reader looks for and the
/// one its bookmark shows, and gets `data-page="00"`: the width the real number will take, so
/// the first print lays out like the last.
const PLACEHOLDERS: &str = r##"(() => {
  for (const a of document.querySelectorAll('main a[href^="#"]')) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    const target = id && document.getElementById(id);
    if (!target) continue;
    const heading = target.matches('h1,h2,h3,h4,h5,h6') ? target : target.querySelector('h1,h2,h3,h4,h5,h6');
    if (heading) {
      if (!heading.id) heading.id = id + '--heading';
      a.setAttribute('href', '#' + encodeURIComponent(heading.id));
    }
    a.setAttribute('data-page', '00');
  }
})()"##;

/// Prints the page at most three times, until the page numbers written into it are those
/// of the print; returns the last print.
pub fn print_numbered(printer: &Printer, paper: Paper, footer: &str) -> Result<Vec<u8>, Failure> {
    printer.run(PLACEHOLDERS)?;
    let mut pdf = printer.print(paper, footer)?;
    let mut pages = destinations(&pdf)?;
    for _ in 0..2 {
        printer.run(&numbers_script(&pages))?;
        pdf = printer.print(paper, footer)?;
        let now = destinations(&pdf)?;
        if now == pages {
            break;
        }
        pages = now;
    }
    Ok(pdf)
}

fn destinations(pdf: &[u8]) -> Result<BTreeMap<String, u32>, Failure> {
    read(pdf)
        .map(|Printed { destinations, .. }| destinations)
        .map_err(|e| Failure::Tool(format!("the browser printed something unreadable: {e}")))
}

/// The script that writes each target's page into the links to it.
fn numbers_script(pages: &BTreeMap<String, u32>) -> String {
    let map = serde_json::to_string(pages).unwrap_or_else(|_| "{}".to_string());
    format!(
        r#"((pages) => {{
  for (const a of document.querySelectorAll('main a[data-page]')) {{
    const page = pages[decodeURIComponent(a.getAttribute('href').slice(1))];
    if (page) a.setAttribute('data-page', String(page)); else a.removeAttribute('data-page');
  }}
}})({map})"#
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_script_carries_the_numbers_as_json() {
        let pages = [("a\"b".to_string(), 3)].into_iter().collect();
        let script = super::numbers_script(&pages);
        assert!(script.ends_with(r#"({"a\"b":3})"#), "{script}");
    }
}
