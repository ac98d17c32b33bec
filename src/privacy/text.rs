//! Text as the privacy guard reads it: words folded to compare ("Żofia" and "ZOFIA" are both
//! `zofia`), each with its byte range in the file, and byte offsets turned into line:column.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A word of the text: its folded form and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

/// Lowercase, accents removed (NFKD, then the combining marks dropped), so names compare as
/// a reader would: `Kowalská` = `KOWALSKA` = `kowalska`.
pub fn fold(word: &str) -> String {
    // Most words are ASCII, whose NFKD is themselves with no combining marks: lowercasing is
    // all folding does to them, without the decomposition (a tenth of a large build's time).
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    word.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of `text`: runs of letters and digits. Everything else (spaces, line breaks,
/// punctuation, Markdown marks, a dash in a file name) separates words, so "ZOFIA  KOWALSKA",
/// a line break between the names and `zofia-kowalska.pdf` all read as the same two words.
pub fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push(word(text, s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push(word(text, s, text.len()));
    }
    words
}

fn word(text: &str, start: usize, end: usize) -> Word {
    Word {
        folded: fold(&text[start..end]),
        start,
        end,
    }
}

/// A name or phrase as the list writes it, as folded words.
pub fn phrase(text: &str) -> Vec<String> {
    words(text).into_iter().map(|w| w.folded).collect()
}

/// Byte offsets to 1-based line and column (columns count characters, as editors do).
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    pub fn position(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.text[start..offset.min(self.text.len())]
            .chars()
            .count()
            + 1;
        (line, column)
    }

    /// The byte range of line `line` (1-based), without its line break.
    pub fn range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self
            .starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |next| next - 1);
        start..end
    }

    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// `text` with the bytes in `ranges` blanked (line breaks kept), so what is withheld is not
/// scanned and every offset still points where it did.
pub fn mask<'t>(text: &'t str, ranges: &[std::ops::Range<usize>]) -> std::borrow::Cow<'t, str> {
    // Most files withhold nothing: the text is scanned as it is, without a copy.
    if ranges.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut masked = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c != '\n' && ranges.iter().any(|r| r.contains(&i)) {
            // As many spaces as the character had bytes, so later offsets do not move.
            masked.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            masked.push(c);
        }
    }
    std::borrow::Cow::Owned(masked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("ŻÓFIA"), "zofia");
        assert_eq!(fold("Kowalská"), "kowalska");
        assert_eq!(phrase("Zofia\n  KOWALSKA"), ["zofia", "kowalska"]);
    }

    #[test]
    fn ascii_words_fold_as_the_full_rules_fold_them() {
        let ascii: String = (0u8..128).map(char::from).collect();
        let full: String = ascii
            .nfkd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect();
        assert_eq!(fold(&ascii), full);
    }

    #[test]
    fn words_keep_their_byte_ranges() {
        let text = "pupil Żofia, zofia-kowalska.pdf";
        let w = words(text);
        assert_eq!(w.len(), 5);
        assert_eq!(&text[w[1].start..w[1].end], "Żofia");
        assert_eq!(w[3].folded, "kowalska");
    }

    #[test]
    fn positions_count_characters() {
        let lines = Lines::new("ab\nżółw x\n");
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(3), (2, 1));
        let x = "ab\nżółw x\n".find('x').unwrap();
        assert_eq!(lines.position(x), (2, 6));
        assert_eq!(lines.range(2), 3..x + 1);
    }

    #[test]
    fn masking_keeps_offsets_and_lines() {
        let masked = mask("a Zofia\nb", std::slice::from_ref(&(2..7)));
        assert_eq!(masked, "a      \nb");
    }
}
