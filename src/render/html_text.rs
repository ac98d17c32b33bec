//! Text as a page may carry it: HTML-escaped, and without the code points HTML forbids
//! (C0 controls other than white space, DEL, C1 controls, noncharacters), which a portfolio's
//! YAML can hold (`"\a"`) and a browser or the Nu checker treats as errors.

/// `text` escaped for HTML text and quoted attribute values, forbidden code points dropped.
/// Copies runs of plain text whole rather than one character at a time.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut plain_from = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            c if is_forbidden(c) => "",
            _ => continue,
        };
        out.push_str(&text[plain_from..i]);
        out.push_str(replacement);
        plain_from = i + c.len_utf8();
    }
    out.push_str(&text[plain_from..]);
    out
}

/// `html` (already markup, such as the sanitiser's output) without forbidden code points.
pub fn drop_forbidden(html: String) -> String {
    if !html.chars().any(is_forbidden) {
        return html;
    }
    html.chars().filter(|&c| !is_forbidden(c)).collect()
}

/// The code points HTML calls controls (other than ASCII white space) or noncharacters.
pub fn is_forbidden(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\u{c}' | '\r'))
        || (0x7f..=0x9f).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || (n & 0xfffe) == 0xfffe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_and_plain_text_kept() {
        assert_eq!(
            escape(r#"<b onclick="x">Siân & 'Zoë'</b>"#),
            "&lt;b onclick=&quot;x&quot;&gt;Siân &amp; &#39;Zoë&#39;&lt;/b&gt;"
        );
        assert_eq!(escape("مرحبا بالعالم"), "مرحبا بالعالم");
    }

    #[test]
    fn forbidden_code_points_are_dropped_and_white_space_kept() {
        assert_eq!(
            escape("a\u{1}b\u{7}c\u{1b}d\u{7f}e\u{85}f\u{fffe}g"),
            "abcdefg"
        );
        assert_eq!(escape("line\none\ttab"), "line\none\ttab");
        assert_eq!(drop_forbidden("<p>a\u{8}b</p>".into()), "<p>ab</p>");
        assert!(is_forbidden('\u{1fffe}') && is_forbidden('\u{fdd0}') && !is_forbidden('\u{fffd}'));
    }
}
