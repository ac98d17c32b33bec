//! Names that must never appear: a list merged from plain-text files kept outside the
//! portfolio and from privacy.yaml's salted hashes, matched against the words of a text.
//!
//! A list line is a name or phrase; `+initials` at its end also matches the name with one part
//! shortened to its initial ("Zofia Kowalska +initials" matches "Zofia K." and "Z. Kowalska").
//! Lines starting with `#` are comments. Hashes are SHA-256 of the salt, a line break and the
//! folded words joined by single spaces, so the same name always hashes alike however written.

use super::text::{phrase, Word};
use crate::model::HashedNames;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

/// The longest hashed name, in words, a text is checked for (a hash does not say its length).
pub const MAX_HASHED_WORDS: usize = 6;
const INITIALS: &str = "+initials";

/// Every name to look for, and where each list came from (for messages).
#[derive(Debug, Default, Clone)]
pub struct NameList {
    /// Folded phrase -> the list it came from.
    plain: HashMap<String, String>,
    longest_plain: usize,
    hashed: Option<Hashed>,
}

#[derive(Debug, Clone)]
struct Hashed {
    salt: String,
    hashes: HashSet<String>,
    path: String,
}

/// Where a name of the list occurs in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    /// The list it is on.
    pub list: String,
}

impl NameList {
    /// Adds every name of a plain list (the text of a file), as from `origin`.
    pub fn add_plain(&mut self, text: &str, origin: &str) {
        for line in text.lines() {
            for words in variants(line) {
                self.longest_plain = self.longest_plain.max(words.len());
                self.plain.insert(words.join(" "), origin.to_string());
            }
        }
    }

    pub fn set_hashed(&mut self, hashed: &HashedNames) {
        self.hashed = Some(Hashed {
            salt: hashed.salt.clone(),
            hashes: hashed.hashes.iter().cloned().collect(),
            path: hashed.path.clone(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.plain.is_empty() && self.hashed.as_ref().is_none_or(|h| h.hashes.is_empty())
    }

    /// Every occurrence of a listed name among `words`, longest first where two start together.
    pub fn find(&self, words: &[Word]) -> Vec<Occurrence> {
        let longest = self.longest_plain.max(if self.hashed.is_some() {
            MAX_HASHED_WORDS
        } else {
            0
        });
        let mut found = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let hit = (1..=longest.min(words.len() - i))
                .rev()
                .find_map(|n| self.lookup(&words[i..i + n]).map(|list| (n, list)));
            match hit {
                Some((n, list)) => {
                    found.push(Occurrence {
                        start: words[i].start,
                        end: words[i + n - 1].end,
                        list,
                    });
                    i += n;
                }
                None => i += 1,
            }
        }
        found
    }

    fn lookup(&self, words: &[Word]) -> Option<String> {
        let joined = words
            .iter()
            .map(|w| w.folded.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(origin) = self.plain.get(&joined) {
            return Some(origin.clone());
        }
        let hashed = self.hashed.as_ref()?;
        hashed
            .hashes
            .contains(&digest(&hashed.salt, &joined))
            .then(|| hashed.path.clone())
    }
}

/// The folded word sequences one list line stands for: none for a blank line or a comment,
/// the name itself, and with `+initials` the name with its first or its last part shortened.
pub fn variants(line: &str) -> Vec<Vec<String>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Vec::new();
    }
    let (name, initials) = match line.strip_suffix(INITIALS) {
        Some(name) => (name, true),
        None => (line, false),
    };
    let words = phrase(name);
    if words.is_empty() {
        return Vec::new();
    }
    let mut all = vec![words.clone()];
    if initials && words.len() >= 2 {
        let initial = |w: &String| w.chars().next().map(String::from).unwrap_or_default();
        let mut last_short = words.clone();
        let last = last_short.len() - 1;
        last_short[last] = initial(&words[last]);
        let mut first_short = words.clone();
        first_short[0] = initial(&words[0]);
        all.push(last_short);
        all.push(first_short);
    }
    all
}

/// The hash privacy.yaml stores for a folded phrase.
pub fn digest(salt: &str, folded_phrase: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(b"\n");
    hasher.update(folded_phrase.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::text::words;
    use super::*;

    fn found(list: &NameList, text: &str) -> Vec<String> {
        list.find(&words(text))
            .into_iter()
            .map(|o| text[o.start..o.end].to_string())
            .collect()
    }

    #[test]
    fn plain_names_match_whatever_the_case_accents_and_spacing() {
        let mut list = NameList::default();
        list.add_plain(
            "# pupils\nZofia Kowalska\n\nNorthfield School\n",
            "list.txt",
        );
        let text = "ZOFIA  KOWALSKA and Żofia\nKowalská at northfield school; Zofia alone";
        assert_eq!(
            found(&list, text),
            ["ZOFIA  KOWALSKA", "Żofia\nKowalská", "northfield school"]
        );
    }

    #[test]
    fn initials_match_only_when_the_list_asks() {
        let mut list = NameList::default();
        list.add_plain("Zofia Kowalska", "a");
        assert!(found(&list, "Zofia K. spoke").is_empty());
        list.add_plain("Zofia Kowalska +initials", "a");
        assert_eq!(
            found(&list, "Zofia K. spoke to Z. Kowalska"),
            ["Zofia K", "Z. Kowalska"]
        );
    }

    #[test]
    fn hashed_names_match_without_the_name_being_stored() {
        let hash = digest("salt", "zofia kowalska");
        let mut list = NameList::default();
        list.set_hashed(&HashedNames {
            path: "privacy.yaml".into(),
            salt: "salt".into(),
            hashes: vec![hash.clone()],
        });
        assert!(!hash.contains("zofia"));
        assert_eq!(found(&list, "I taught zofia KOWALSKA."), ["zofia KOWALSKA"]);
        assert!(found(&list, "Zofia Nowak").is_empty());
    }

    #[test]
    fn a_name_inside_a_file_name_matches() {
        let mut list = NameList::default();
        list.add_plain("Zofia Kowalska", "a");
        assert_eq!(
            found(&list, "file: zofia-kowalska-essay.pdf"),
            ["zofia-kowalska"]
        );
    }
}
