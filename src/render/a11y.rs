//! What ammonia cannot do for a page's accessibility: it filters attributes but can neither add
//! a missing one nor drop an element for lacking one. Hand-written because it runs on ammonia's
//! own serialisation, which is regular enough to read safely: every `<` in it opens a tag (text
//! `<` is written `&lt;`, comments are removed), and every attribute value is double-quoted with
//! `"` inside it written `&quot;`, so a tag ends at the first `>` outside quotes.

/// An `<img>` without `alt` gets `alt=""`, so a screen reader skips it instead of reading its
/// file name; an `<input>` without `aria-label` is removed: only dossier's task-list checkboxes
/// carry one, and a form control from raw HTML does nothing on a portfolio and has no label.
/// A `<table>` is wrapped in a region that scrolls sideways and takes keyboard focus
/// ([`TABLE_OPEN`]): a table wider than a phone otherwise widened the whole page, or (in a theme
/// that made the table itself scroll) was a scroll box a keyboard could not reach (axe
/// `scrollable-region-focusable`).
pub fn repair(html: String) -> String {
    if !html.contains("<img") && !html.contains("<input") && !html.contains("<table") {
        return html;
    }
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html.as_str();
    let mut names = super::table_names::Seen::default();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let tag = &tail[..tag_end(tail)];
        if is_tag(tag, "img") && !has_attribute(tag, "alt") {
            out.push_str("<img alt=\"\"");
            out.push_str(&tag["<img".len()..]);
        } else if is_tag(tag, "table") {
            out.push_str(TABLE_OPEN);
            out.push_str(&names.unique(&table_label(&tail[tag.len()..])));
            out.push_str("\">");
            out.push_str(tag);
        } else if tag == "</table>" {
            out.push_str("</table></div>");
        } else if !is_tag(tag, "input") || has_attribute(tag, "aria-label") {
            out.push_str(tag);
        }
        rest = &tail[tag.len()..];
    }
    out.push_str(rest);
    out
}

/// What a table of an artefact's text is wrapped in (styled by themes/shared/css/prose_tables.css),
/// up to its label.
pub(super) const TABLE_OPEN: &str =
    r#"<div class="prose-table" tabindex="0" role="region" aria-label=""#;

/// A table's region is named by its column headings ("Table: Measure, Before, After"), so a
/// screen reader moving between regions tells one table from another; "Table" when the first
/// row has no headings. A second table of the same name is numbered ([`super::table_names`]). `rest` is the HTML after the `<table>` tag; the headings' text is
/// already escaped, except `"`, which ammonia leaves as it is in text.
fn table_label(rest: &str) -> String {
    let row_end = rest.find("</tr>").unwrap_or(rest.len());
    let mut headings = Vec::new();
    let mut row = &rest[..row_end];
    while let Some(start) = row.find("<th") {
        let cell = &row[start..];
        let open = tag_end(cell);
        if !is_tag(&cell[..open], "th") {
            row = &cell[open..];
            continue;
        }
        let close = cell.find("</th>").unwrap_or(cell.len());
        let text = text_of(&cell[open..close.max(open)]);
        if !text.is_empty() {
            headings.push(text);
        }
        row = &cell[close.max(open)..];
    }
    if headings.is_empty() {
        "Table".to_string()
    } else {
        format!("Table: {}", headings.join(", ")).replace('"', "&quot;")
    }
}

/// The text of an HTML fragment without its tags, its white space collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        rest = &rest[start + tag_end(&rest[start..])..];
    }
    text.push_str(rest);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length of the tag at the start of `text`, up to and including its closing `>`.
pub(super) fn tag_end(text: &str) -> usize {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            '>' if !quoted => return i + 1,
            _ => {}
        }
    }
    text.len()
}

fn is_tag(tag: &str, name: &str) -> bool {
    tag.strip_prefix('<')
        .and_then(|t| t.strip_prefix(name))
        .is_some_and(|t| t.starts_with([' ', '>', '/']))
}

/// Whether ` name="` stands in `tag` outside an attribute value.
fn has_attribute(tag: &str, name: &str) -> bool {
    let needle = format!(" {name}=\"");
    let mut quoted = false;
    for (i, c) in tag.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted && tag[i..].starts_with(&needle) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::repair;

    #[test]
    fn a_table_is_wrapped_in_a_region_a_keyboard_can_scroll() {
        assert_eq!(
            repair("<table><tr><td>x</td></tr></table><p>after</p>".into()),
            r#"<div class="prose-table" tabindex="0" role="region" aria-label="Table"><table><tr><td>x</td></tr></table></div><p>after</p>"#
        );
        // Named by its column headings, their tags dropped and a `"` escaped.
        assert_eq!(
            repair(r#"<table><thead><tr><th>Measure</th><th align="right"><em>Before</em> "Sept"</th><th></th></tr></thead><tbody><tr><th>Row</th></tr></tbody></table>"#.into()),
            r#"<div class="prose-table" tabindex="0" role="region" aria-label="Table: Measure, Before &quot;Sept&quot;"><table><thead><tr><th>Measure</th><th align="right"><em>Before</em> "Sept"</th><th></th></tr></thead><tbody><tr><th>Row</th></tr></tbody></table></div>"#
        );
        // Two tables headed alike are told apart.
        let twice = "<table><tr><th>A</th></tr></table><table><tr><th>A</th></tr></table><table></table><table></table>";
        let named = repair(twice.into());
        assert!(
            named.contains(r#"aria-label="Table: A"><table>"#),
            "{named}"
        );
        assert!(
            named.contains(r#"aria-label="Table 2: A"><table>"#),
            "{named}"
        );
        assert!(named.contains(r#"aria-label="Table"><table>"#), "{named}");
        assert!(named.contains(r#"aria-label="Table 2"><table>"#), "{named}");
        // `<tbody>` and `<th>` are not tables.
        let rows = "<tbody><tr><th>x</th></tr></tbody>";
        assert_eq!(repair(rows.into()), rows);
    }

    #[test]
    fn an_image_without_alt_gets_an_empty_one_and_others_keep_theirs() {
        assert_eq!(
            repair(r#"<p><img src="x"></p>"#.into()),
            r#"<p><img alt="" src="x"></p>"#
        );
        let kept = r#"<img src="a.png" alt="A chart">"#;
        assert_eq!(repair(kept.into()), kept);
        // `alt="` inside another attribute's value is not an alt attribute.
        assert_eq!(
            repair(r#"<img title="x alt=&quot;y" src="z">"#.into()),
            r#"<img alt="" title="x alt=&quot;y" src="z">"#
        );
        assert_eq!(
            repair(r#"<img title=" alt=&quot;1&quot;>" src="z">"#.into()),
            r#"<img alt="" title=" alt=&quot;1&quot;>" src="z">"#
        );
    }

    #[test]
    fn only_labelled_inputs_stay() {
        let task = r#"<li><input type="checkbox" disabled="" aria-label="Done"> A</li>"#;
        assert_eq!(repair(task.into()), task);
        assert_eq!(
            repair(r#"<p>a <input> b <input type="text" value="x"></p>"#.into()),
            "<p>a  b </p>"
        );
    }

    #[test]
    fn text_without_images_or_inputs_is_unchanged() {
        let html = "<p>An <em>imagined</em> input &lt;img&gt;</p>";
        assert_eq!(repair(html.into()), html);
    }
}
