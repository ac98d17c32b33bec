//! The printable document's copy of an artefact's body, derived from the HTML the artefact's
//! own page shows instead of running Markdown and ammonia over the text a second time (that
//! second pass was 7% of a 100-artefact build's CPU and 13% of a 1,000-artefact one's).
//!
//! The two differ only in tags: every id gets the artefact's prefix (`slug--`), in-page links
//! (`href="#…"`) point at the prefixed ids, headings sit one level deeper when the page had
//! demoted them under its title, and links to other artefacts or files point where the
//! document needs them (given as a table from the page's URL to the document's). The caller
//! only asks for texts without raw HTML, so every tag here is one Markdown or dossier wrote:
//! each heading is a Markdown heading, each id one dossier gave.
//!
//! Hand-written rather than parsed with an HTML parser (that parse is the cost being saved):
//! it reads ammonia's own serialisation, which is regular. ammonia writes `<` in text as
//! `&lt;`, so every `<` opens a tag and text is copied untouched, whatever it says (a
//! paragraph quoting ` id="x"` is text); every attribute is written ` name="value"` with `"`
//! inside a value written `&quot;`, so a tag ends at the first `>` outside quotes.

use std::collections::HashMap;

/// How the page's HTML becomes the document's.
pub(super) struct Copy<'t> {
    /// Put before every id and in-page link: plain ASCII, so it reads the same escaped or not.
    pub prefix: &'t str,
    /// Headings one level deeper (at most `<h6>`).
    pub deeper: bool,
    /// Link and image URLs as the page's HTML holds them, to the document's, both escaped as
    /// the HTML holds them; a URL not listed stays as it is.
    pub urls: &'t HashMap<String, String>,
}

/// The document's copy of `html`, or `None` when a tag is not as ammonia writes it (the caller
/// then renders the text again).
pub(super) fn rewrite(html: &str, copy: &Copy<'_>) -> Option<String> {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = super::a11y::tag_end(tail);
        rewrite_tag(&tail[..end], copy, &mut out)?;
        rest = &tail[end..];
    }
    out.push_str(rest);
    Some(out)
}

/// Appends the document's form of one tag (`<…>`) to `out`.
fn rewrite_tag(tag: &str, copy: &Copy<'_>, out: &mut String) -> Option<()> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    if let Some(name) = inner.strip_prefix('/') {
        out.push_str("</");
        out.push_str(&element_name(name, copy));
        out.push('>');
        return Some(());
    }
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let (name, mut attributes) = inner.split_at(name_len);
    out.push('<');
    out.push_str(&element_name(name, copy));
    while !attributes.is_empty() {
        let after_space = attributes.strip_prefix(' ')?;
        let (attribute, after) = after_space.split_once("=\"")?;
        let (value, after) = after.split_once('"')?;
        out.push(' ');
        out.push_str(attribute);
        out.push_str("=\"");
        match (name, attribute) {
            (_, "id") => {
                let id = format!("{}{value}", copy.prefix);
                // The page's sanitiser drops a theme's id; none has the `--` of a prefix, but
                // if one did, the document would have dropped it and this copy would not.
                if crate::markdown::is_theme_id(&id) {
                    return None;
                }
                out.push_str(&id);
            }
            ("a", "href") | ("img", "src") => out.push_str(&url(value, copy)),
            _ => out.push_str(value),
        }
        out.push('"');
        attributes = after;
    }
    out.push('>');
    Some(())
}

/// A heading's name one level deeper when asked; any other name as it is.
fn element_name(name: &str, copy: &Copy<'_>) -> String {
    match name.as_bytes() {
        [b'h', level @ b'1'..=b'6'] if copy.deeper => format!("h{}", (level - b'0' + 1).min(6)),
        _ => name.to_string(),
    }
}

fn url(value: &str, copy: &Copy<'_>) -> String {
    if let Some(fragment) = value.strip_prefix('#') {
        return format!("#{}{fragment}", copy.prefix);
    }
    copy.urls
        .get(value)
        .cloned()
        .unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(html: &str, deeper: bool, urls: &[(&str, &str)]) -> String {
        let urls: HashMap<String, String> = urls
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        let copy = Copy {
            prefix: "plan--",
            deeper,
            urls: &urls,
        };
        rewrite(html, &copy).expect("ammonia's serialisation")
    }

    #[test]
    fn headings_go_deeper_and_their_ids_take_the_prefix() {
        assert_eq!(
            copy(
                r#"<h2 id="context">Context</h2><h6 id="x">X</h6>"#,
                true,
                &[]
            ),
            r#"<h3 id="plan--context">Context</h3><h6 id="plan--x">X</h6>"#
        );
        assert_eq!(
            copy(r#"<h3 id="context">Context</h3>"#, false, &[]),
            r#"<h3 id="plan--context">Context</h3>"#
        );
    }

    #[test]
    fn footnotes_link_to_prefixed_ids() {
        let page = r##"<p>Note<sup class="footnote-reference" id="fnref-1"><a href="#fn-1">1</a></sup>.</p><div class="footnote-definition" id="fn-1"><sup class="footnote-definition-label">1</sup><p>Source. <a href="#fnref-1" class="footnote-backref" aria-label="Back to reference 1">↩</a></p></div>"##;
        let document = r##"<p>Note<sup class="footnote-reference" id="plan--fnref-1"><a href="#plan--fn-1">1</a></sup>.</p><div class="footnote-definition" id="plan--fn-1"><sup class="footnote-definition-label">1</sup><p>Source. <a href="#plan--fnref-1" class="footnote-backref" aria-label="Back to reference 1">↩</a></p></div>"##;
        assert_eq!(copy(page, false, &[]), document);
    }

    #[test]
    fn text_that_reads_like_attributes_is_left_alone() {
        let page = r##"<p>Write <code>&lt;a id="x" href="#y"&gt;</code> or id="x" and href="#y" &gt; h2</p>"##;
        assert_eq!(copy(page, true, &[]), page);
    }

    #[test]
    fn attributes_in_any_order_and_values_with_quotes_and_brackets() {
        assert_eq!(
            copy(
                r##"<a title="a &quot;b&quot; > href=&quot;#c" href="#d">e</a>"##,
                false,
                &[]
            ),
            r##"<a title="a &quot;b&quot; > href=&quot;#c" href="#plan--d">e</a>"##
        );
        assert_eq!(
            copy(
                r#"<img alt="id=&quot;z&quot;" src="../other/x.png" title="t">"#,
                false,
                &[("../other/x.png", "../artefacts/other/x.png")]
            ),
            r#"<img alt="id=&quot;z&quot;" src="../artefacts/other/x.png" title="t">"#
        );
    }

    #[test]
    fn links_to_other_artefacts_follow_the_table_and_others_stay() {
        let page = r#"<p><a href="../b/">B</a>, <a href="https://x.org/?a=1&amp;b=2">x</a>, <a href="../c/#r">C</a></p>"#;
        assert_eq!(
            copy(
                page,
                false,
                &[("../b/", "#artefact-b"), ("../c/#r", "#c--r")]
            ),
            r##"<p><a href="#artefact-b">B</a>, <a href="https://x.org/?a=1&amp;b=2">x</a>, <a href="#c--r">C</a></p>"##
        );
    }

    #[test]
    fn a_tag_not_as_ammonia_writes_it_is_refused() {
        let urls = HashMap::new();
        let copy = Copy {
            prefix: "p--",
            deeper: false,
            urls: &urls,
        };
        assert_eq!(rewrite("<a href=x>", &copy), None);
        assert_eq!(rewrite("<p>a <b", &copy), None);
    }
}
