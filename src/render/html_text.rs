//! Text as a page may carry it: HTML-escaped, and without the code points HTML forbids
//! (C0 controls other than white space, DEL, C1 controls, noncharacters), which a portfolio's
//! YAML can hold (`"\a"`) and a browser or the Nu checker treats as errors.

/// `text` escaped for HTML text and quoted attribute values, forbidden code points dropped.
/// Copies runs of plain text whole rather than one character at a time.
pub fn escape(text: &str) -> String {
    // Most of what a page escapes needs nothing: scan bytes until the first one that might,
    // copy that run whole, and decode characters only from there.
    let start = text
        .bytes()
        .position(|b| !PLAIN[usize::from(b)])
        .unwrap_or(text.len());
    if start == text.len() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    out.push_str(&text[..start]);
    let mut plain_from = start;
    for (i, c) in text[start..].char_indices() {
        let i = start + i;
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

/// Bytes that can never start something [`escape`] changes: printable ASCII other than
/// `& < > " '`, ASCII white space, and every UTF-8 byte except the lead bytes of forbidden
/// code points (0xC2 starts C1 controls; 0xEF and 0xF0..=0xF4 start noncharacters).
/// Continuation bytes (0x80..=0xBF) only follow a lead byte, so they are plain here.
static PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'&' | b'<' | b'>' | b'"' | b'\'' => false,
            b'\t' | b'\n' | 0x0c | b'\r' => true,
            0x20..=0x7e => true,
            0x80..=0xc1 | 0xc3..=0xee => true,
            _ => false,
        };
        b += 1;
    }
    table
};

/// `html` (already markup, such as the sanitiser's output) without forbidden code points.
pub fn drop_forbidden(html: String) -> String {
    // Markup characters are allowed here: only a forbidden code point's first byte matters.
    let suspect =
        |b: &u8| !PLAIN[usize::from(*b)] && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'');
    if !html.as_bytes().iter().any(suspect) || !html.chars().any(is_forbidden) {
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
    fn the_byte_scan_agrees_with_the_character_rules_for_every_code_point() {
        // The fast path must change exactly what the character loop changes.
        for n in (0..0x11_0000u32).filter(|n| n % 7 == 0 || *n < 0x1_0000) {
            let Some(c) = char::from_u32(n) else { continue };
            let text = format!("a{c}b");
            let escaped = escape(&text);
            let changed = matches!(c, '&' | '<' | '>' | '"' | '\'') || is_forbidden(c);
            assert_eq!(escaped != text, changed, "U+{n:04X}");
        }
        for n in [
            0xfffe, 0xffff, 0x1fffe, 0x10ffff, 0xfdd0, 0xfdef, 0x85, 0x9f,
        ] {
            let c = char::from_u32(n).unwrap();
            assert_eq!(escape(&format!("x{c}")), "x", "U+{n:04X}");
        }
    }

    #[test]
    fn forbidden_code_points_are_dropped_and_white_space_kept() {
        assert_eq!(
            escape("a\u{1}b\u{7}c\u{1b}d\u{7f}e\u{85}f\u{fffe}g"),
            "abcdefg"
        );
        assert_eq!(escape("line\none\ttab"), "line\none\ttab");
        assert_eq!(drop_forbidden("<p>a\u{8}b</p>".into()), "<p>ab</p>");
        assert_eq!(
            drop_forbidden("<p title=\"&'\">a\u{85}b\u{fffe}c\u{10ffff}</p>".into()),
            "<p title=\"&'\">abc</p>"
        );
        assert!(is_forbidden('\u{1fffe}') && is_forbidden('\u{fdd0}') && !is_forbidden('\u{fffd}'));
    }
}
