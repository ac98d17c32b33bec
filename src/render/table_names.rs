//! Tells a page's prose tables apart by name. Each table's scroll region is named by its column
//! headings ([`super::a11y`]), but two tables with the same headings (a term's results and the
//! next term's, say) were two regions a screen reader announced alike. The first of a name keeps
//! it, the second is "Table 2: …", the third "Table 3: …", counted over the whole page: within
//! one artefact's text when it is made, and again over every text the printable document prints
//! one after another.

use super::a11y::TABLE_OPEN;
use std::collections::HashMap;

/// How many tables of each name a page has shown so far.
#[derive(Default)]
pub(super) struct Seen(HashMap<String, usize>);

impl Seen {
    /// The name the next table called `name` ("Table" or "Table: Measure, Before") takes.
    pub fn unique(&mut self, name: &str) -> String {
        let count = self.0.entry(name.to_string()).or_insert(0);
        *count += 1;
        numbered(name, *count)
    }
}

/// "Table: X" as the `n`th of its name: itself for the first, "Table n: X" after.
fn numbered(name: &str, n: usize) -> String {
    if n == 1 {
        return name.to_string();
    }
    match name.split_once(": ") {
        Some((table, headings)) => format!("{table} {n}: {headings}"),
        None => format!("{name} {n}"),
    }
}

/// A name without the number [`numbered`] gave it: "Table 2: X" is "Table: X".
fn unnumbered(name: &str) -> String {
    let Some(rest) = name.strip_prefix("Table ") else {
        return name.to_string();
    };
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match &rest[digits..] {
        "" if digits > 0 => "Table".to_string(),
        after if digits > 0 && after.starts_with(": ") => format!("Table{after}"),
        _ => name.to_string(),
    }
}

/// Names the prose tables of the HTML texts one page shows (given in the page's order) apart
/// from each other. Each text was named apart on its own when it was made, so a text's own
/// numbers are read back to the plain name and counted again over the page.
pub(super) fn apart<'h>(texts: impl IntoIterator<Item = &'h mut String>) {
    let mut seen = Seen::default();
    for html in texts {
        if html.contains(TABLE_OPEN) {
            *html = renamed(html, &mut seen);
        }
    }
}

/// `html` with each table region's name counted in `seen`. The regions are dossier's own
/// markup ([`TABLE_OPEN`]): ammonia writes a `<` in text as `&lt;` and a `"` in an attribute
/// as `&quot;`, so the name runs from there to the next `"`.
fn renamed(html: &str, seen: &mut Seen) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(at) = rest.find(TABLE_OPEN) {
        let (before, region) = rest.split_at(at + TABLE_OPEN.len());
        out.push_str(before);
        let end = region.find('"').unwrap_or(region.len());
        out.push_str(&seen.unique(&unnumbered(&region[..end])));
        rest = &region[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(name: &str) -> String {
        format!(r#"{TABLE_OPEN}{name}"><table></table></div>"#)
    }

    #[test]
    fn repeated_names_are_numbered_from_the_second() {
        let mut seen = Seen::default();
        let names = ["Table: A, B", "Table", "Table: A, B", "Table: A", "Table"];
        let named: Vec<String> = names.iter().map(|n| seen.unique(n)).collect();
        assert_eq!(
            named,
            [
                "Table: A, B",
                "Table",
                "Table 2: A, B",
                "Table: A",
                "Table 2"
            ]
        );
    }

    #[test]
    fn numbers_are_read_back_only_where_dossier_wrote_them() {
        assert_eq!(unnumbered("Table 12: A: B"), "Table: A: B");
        assert_eq!(unnumbered("Table 3"), "Table");
        assert_eq!(unnumbered("Table: 2025 results"), "Table: 2025 results");
        assert_eq!(unnumbered("Table"), "Table");
        assert_eq!(unnumbered("Table 2x"), "Table 2x");
    }

    #[test]
    fn texts_printed_one_after_another_are_named_apart_over_the_page() {
        // Two artefacts, each with two tables headed alike, as each artefact's page named them.
        let mut first = region("Table: Measure, April") + &region("Table 2: Measure, April");
        let mut second = region("Table: Measure, April") + &region("Table");
        let mut plain = "<p>No tables</p>".to_string();
        apart([&mut first, &mut plain, &mut second]);
        assert_eq!(
            first,
            region("Table: Measure, April") + &region("Table 2: Measure, April")
        );
        assert_eq!(second, region("Table 3: Measure, April") + &region("Table"));
        assert_eq!(plain, "<p>No tables</p>");
    }
}
