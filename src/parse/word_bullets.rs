//! Bullets pasted from a word processor (`• Daily sessions`, `◦ nested`) read as a Markdown list.
//! CommonMark knows only `-`, `*` and `+`, so lines starting with `•` ran together into one
//! paragraph of bullet characters; an educator who pasted a list expects a list. Each such
//! bullet becomes `-`, one character for one, so every line and column reported later stays
//! where it was written. Hand-written: a pre-pass over lines, as pulldown-cmark has no hook.

use std::borrow::Cow;

/// The bullet characters Word, Google Docs and Pages put in front of list items (Word's
/// `Symbol` font bullet arrives as the private-use U+F0B7).
const BULLETS: &[char] = &['•', '◦', '▪', '●', '\u{f0b7}'];

/// `text` with each pasted bullet at the start of a line (after at most three spaces, or
/// under another such bullet: a nested item) turned into `-`; fenced code is left alone.
pub(super) fn as_lists(text: &str) -> Cow<'_, str> {
    if !text.contains(BULLETS) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut fence: Option<&str> = None;
    let mut under_bullet = false;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if let Some(open) = fence {
            fence = (!rest.starts_with(open)).then_some(open);
            out.push_str(line);
            continue;
        }
        if rest.starts_with("```") || rest.starts_with("~~~") {
            fence = Some(&rest[..3]);
            under_bullet = false;
            out.push_str(line);
            continue;
        }
        match bullet(rest) {
            Some(len) if indent < 4 || under_bullet => {
                out.push_str(&line[..indent]);
                out.push('-');
                out.push_str(&rest[len..]);
                under_bullet = true;
            }
            _ => {
                under_bullet &= !rest.trim().is_empty();
                out.push_str(line);
            }
        }
    }
    Cow::Owned(out)
}

/// The byte length of the pasted bullet `rest` starts with, when a space or tab follows it.
fn bullet(rest: &str) -> Option<usize> {
    let mut chars = rest.chars();
    let first = chars.next().filter(|c| BULLETS.contains(c))?;
    matches!(chars.next(), Some(' ' | '\t')).then_some(first.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::as_lists;

    #[test]
    fn pasted_bullets_become_dashes_with_nesting_and_columns_kept() {
        let pasted = "Intro\n• Daily sessions\n    ◦ nested\n• Sound mats\n";
        assert_eq!(
            as_lists(pasted),
            "Intro\n- Daily sessions\n    - nested\n- Sound mats\n"
        );
    }

    #[test]
    fn code_a_bullet_inside_a_line_and_a_bullet_without_a_space_are_kept() {
        for text in [
            "```\n• in code\n```\n",
            "Use • between items\n",
            "•Tight\n",
            "Para\n\n    • indented code\n",
        ] {
            assert_eq!(as_lists(text), text);
        }
    }
}
