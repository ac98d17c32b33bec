//! Blind review's matching: which words of a text name the candidate, a referee, an employer
//! or a contact detail, and what each becomes ("Candidate 7F3A", "Referee 1", "Organisation
//! A"). It reuses the guard's [`NameList`] and word folding, so "Dr Jane Smith", "JANE SMITH",
//! "Jane\nSmith", "smith" and `jane-smith.pdf` are all found the same way the guard finds a
//! listed name; each list entry's "origin" is the index of the [`Rule`] that replaces it.

use super::names::{variants, NameList};
use super::text::{self, Word};

/// Words that may stand before a name and go with it ("Dr Lena Fischer" -> "Referee 1").
const HONORIFICS: &[&str] = &[
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "prof",
    "professor",
    "sir",
    "dame",
    "rev",
];

/// First words of an organisation's name that say nothing alone.
const COMMON_FIRST_WORDS: &[&str] = &[
    "the",
    "school",
    "academy",
    "college",
    "university",
    "trust",
    "saint",
    "north",
    "south",
    "east",
    "west",
    "central",
    "city",
    "county",
    "high",
    "primary",
    "secondary",
    "royal",
    "national",
    "new",
    "great",
    "upper",
    "lower",
    "grammar",
    "church",
    "holy",
    "community",
    "local",
    "council",
    "ysgol",
    "department",
    "institute",
    "ambition",
    "teach",
];

/// What one entry of the list becomes.
#[derive(Debug, Clone)]
struct Rule {
    /// In prose: "Candidate 7F3A".
    replacement: String,
    /// Inside an address or a file name: "candidate-7f3a".
    slug: String,
    /// A first name or a surname alone is replaced only when written with a capital (so
    /// "Will" the name goes and "will" the verb stays); inside an address, always.
    capitalised_only: bool,
}

/// Everything a blind build replaces, and with what.
#[derive(Debug, Clone, Default)]
pub struct Replacer {
    list: NameList,
    rules: Vec<Rule>,
    /// The privacy lists (plain and hashed): any name on them becomes `withheld`.
    private: Option<NameList>,
}

/// A listed name of the privacy lists, as a blind build writes it.
pub const WITHHELD_NAME: &str = "[name withheld]";

impl Replacer {
    /// A person's `name` becomes `replacement`: the whole name (honorifics aside), the name
    /// with one part as an initial ("J. Smith", "Jane S."), the surname alone whatever its
    /// case, and the first name alone when capitalised.
    pub fn add_name(&mut self, name: &str, replacement: &str) {
        let mut words = text::phrase(name);
        let titled = words.len() > 1 && HONORIFICS.contains(&words[0].as_str());
        if titled {
            words.remove(0);
        }
        let Some(surname) = words.last().cloned() else {
            return;
        };
        let whole = self.rule(replacement, false);
        let line = match words.len() {
            1 => words.join(" "),
            _ => format!("{} +initials", words.join(" ")),
        };
        for variant in variants(&line) {
            self.list.add_plain(&variant.join(" "), &whole);
        }
        // One letter or a particle alone says nothing and would match everywhere.
        if words.len() >= 2 && surname.chars().count() >= 3 {
            self.list.add_plain(&surname, &whole);
            if words[0].chars().count() >= 3 {
                let capitalised = self.rule(replacement, true);
                self.list.add_plain(&words[0], &capitalised);
            }
        }
    }

    /// A phrase (an employer, an email address, a phone number) becomes `replacement`,
    /// matched as whole words whatever its case, accents and spacing.
    pub fn add_phrase(&mut self, phrase: &str, replacement: &str) {
        let words = text::phrase(phrase);
        if !words.is_empty() {
            let whole = self.rule(replacement, false);
            self.list.add_plain(&words.join(" "), &whole);
        }
    }

    /// An employer: the phrase, and its first word alone when it names it ("Riverside" of
    /// "Riverside Academy Trust", capitalised in prose, in any case in an address such as
    /// `riverside-trust.example.org`), unless that word is a common one ("St", "The", "North").
    pub fn add_organisation(&mut self, name: &str, replacement: &str) {
        self.add_phrase(name, replacement);
        let words = text::phrase(name);
        let first = words.first().filter(|w| {
            words.len() >= 2 && w.chars().count() >= 4 && !COMMON_FIRST_WORDS.contains(&w.as_str())
        });
        if let Some(first) = first {
            let capitalised = self.rule(replacement, true);
            self.list.add_plain(first, &capitalised);
        }
    }

    /// Every name of the privacy lists is replaced too, by [`WITHHELD_NAME`].
    pub fn set_private(&mut self, list: NameList) {
        self.private = (!list.is_empty()).then_some(list);
    }

    fn rule(&mut self, replacement: &str, capitalised_only: bool) -> String {
        let slug = text::phrase(replacement).join("-");
        self.rules.push(Rule {
            replacement: replacement.to_string(),
            slug: if slug.is_empty() { "x".into() } else { slug },
            capitalised_only,
        });
        (self.rules.len() - 1).to_string()
    }

    /// `text` with every occurrence replaced.
    pub fn replace(&self, text: &str) -> String {
        let once = self.replace_with(&self.list, text, &|origin| {
            origin.parse::<usize>().ok().and_then(|i| self.rules.get(i))
        });
        match &self.private {
            Some(private) => {
                let withheld = Rule {
                    replacement: WITHHELD_NAME.into(),
                    slug: "withheld".into(),
                    capitalised_only: false,
                };
                self.replace_with(private, &once, &|_| Some(&withheld))
            }
            None => once,
        }
    }

    /// Whether `text` holds anything this replaces.
    pub fn finds(&self, text: &str) -> bool {
        self.replace(text) != text
    }

    fn replace_with<'r>(
        &self,
        list: &NameList,
        text: &str,
        rule_of: &dyn Fn(&str) -> Option<&'r Rule>,
    ) -> String {
        let words = text::words(text);
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for found in list.find(&words) {
            let Some(rule) = rule_of(&found.list) else {
                continue;
            };
            let in_address = in_address(text, found.start, found.end);
            let capital = text[found.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            if rule.capitalised_only && !capital && !in_address {
                continue;
            }
            let start = with_honorific(text, &words, found.start).max(done);
            let end = without_possessive(text, found.start, found.end);
            out.push_str(&text[done..start]);
            out.push_str(if in_address {
                &rule.slug
            } else {
                &rule.replacement
            });
            done = end;
        }
        out.push_str(&text[done..]);
        out
    }
}

/// Where a name starts once an honorific just before it ("Dr ", "Mrs. ") is taken with it.
fn with_honorific(text: &str, words: &[Word], start: usize) -> usize {
    let i = words.partition_point(|w| w.start < start);
    let Some(before) = i.checked_sub(1).map(|i| &words[i]) else {
        return start;
    };
    let between = &text[before.end..start];
    let joined = !between.is_empty() && between.chars().all(|c| c == '.' || c.is_whitespace());
    match joined && HONORIFICS.contains(&before.folded.as_str()) {
        true => before.start,
        false => start,
    }
}

/// Where a match ends once a possessive caught as an initial is given back: "Jane's" reads
/// as the words "Jane" and "s", which the initials form "Jane S." also matches.
fn without_possessive(text: &str, start: usize, end: usize) -> usize {
    let matched = &text[start..end];
    match matched.rfind(['\'', '\u{2019}']) {
        Some(at)
            if matched[at..]
                .chars()
                .filter(|c| c.is_alphanumeric())
                .count()
                == 1 =>
        {
            start + at
        }
        _ => end,
    }
}

/// Whether the words at `start..end` sit inside an address or a file name (`/in/jane-smith`,
/// `jane@school.org`, `smith.pdf`), where a replacement must not hold a space.
fn in_address(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let (next, then) = (after.next(), after.next());
    before.is_some_and(|c| "/-_.@=+~:?&%#".contains(c))
        || next.is_some_and(|c| "/-_@=+~?&%".contains(c))
        || (next == Some('.') && then.is_some_and(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::HashedNames;

    fn replacer() -> Replacer {
        let mut r = Replacer::default();
        r.add_name("Dr Lena Fischer", "Referee 1");
        r.add_name("Jane Smith", "Candidate 7F3A");
        r.add_phrase("Riverside Academy Trust", "Organisation A");
        r.add_phrase("jane@example.org", "[contact withheld]");
        r
    }

    #[test]
    fn every_written_form_of_a_name_is_replaced() {
        let r = replacer();
        assert_eq!(
            r.replace("Dr Jane Smith, JANE  SMITH and Jane\nSmith met Smith."),
            "Candidate 7F3A, Candidate 7F3A and Candidate 7F3A met Candidate 7F3A."
        );
        assert_eq!(
            r.replace("J. Smith and Jane S. and Mrs smith"),
            "Candidate 7F3A and Candidate 7F3A. and Candidate 7F3A"
        );
        assert_eq!(r.replace("Dr Fischer said"), "Referee 1 said");
        assert_eq!(
            r.replace("Jane's class and Smith’s"),
            "Candidate 7F3A's class and Candidate 7F3A’s"
        );
    }

    #[test]
    fn a_first_name_alone_goes_only_with_its_capital() {
        let mut r = Replacer::default();
        r.add_name("Will Baker", "Candidate 1");
        assert_eq!(
            r.replace("Will said it will work"),
            "Candidate 1 said it will work"
        );
        assert_eq!(
            r.replace("see https://x.org/in/will-baker-2/"),
            "see https://x.org/in/candidate-1-2/"
        );
    }

    #[test]
    fn addresses_and_contacts_get_a_form_without_spaces() {
        let r = replacer();
        assert_eq!(
            r.replace("mail jane@example.org or mailto:jane@example.org"),
            "mail [contact withheld] or mailto:contact-withheld"
        );
        assert_eq!(
            r.replace("files/jane-smith.pdf at Riverside Academy Trust's"),
            "files/candidate-7f3a.pdf at Organisation A's"
        );
    }

    #[test]
    fn names_on_the_privacy_lists_are_replaced_hashed_or_plain() {
        let mut private = NameList::default();
        private.add_plain("Zofia Kowalska", "list");
        private.set_hashed(&HashedNames {
            path: "privacy.yaml".into(),
            salt: "s".into(),
            hashes: vec![super::super::names::digest("s", "tom nowak")],
        });
        let mut r = replacer();
        r.set_private(private);
        assert_eq!(
            r.replace("ZOFIA KOWALSKA and Tom\nNowak"),
            "[name withheld] and [name withheld]"
        );
        assert!(r.finds("tom nowak"));
        assert!(!r.finds("Tom Jones"));
    }
}
