//! The text detectors: patterns that usually mean personal data about someone other than the
//! author (an email address, a phone number, a pupil number, a date of birth, a pupil named).
//! Each is a warning with its own code and its own switch; each errs towards silence, because
//! a guard that cries wolf on every page gets switched off.

use super::Finding;
use crate::diag::codes;
use crate::model::{Detector, PrivacySettings};
use aho_corasick::AhoCorasick;
use regex::Regex;
use std::sync::LazyLock;

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a detector's pattern is valid")
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"));
/// `+44 7700 900123`, `07700 900123`, `(0113) 496 0000`: a `+` or a leading 0, then 9 to 13
/// digits, each after at most one separator. Dates, years and decimals never start that way.
static PHONE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?:\+|\(?\b0)(?:[ ().-]{0,2}\d){9,13}\b"));
/// A unique pupil number: a letter and twelve digits.
static UPN: LazyLock<Regex> = LazyLock::new(|| regex(r"\b[A-Z]\d{12}\b"));
/// A National Insurance number, with or without spaces (the letters HMRC never issues left out).
static NI: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"));
static STUDENT_ID: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:student|pupil|learner)\s*(?:id|number|no\.?|#)\s*[:#]?\s*[a-z]?\d{5,10}\b")
});
static BIRTH: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b(?:d\.o\.b\b|dob\b|born\b|date\s+of\s+birth\b|birthday\b)"));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*";
    regex(&format!(
        r"(?i)\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}|{month}\s+\d{{1,2}}\b)"
    ))
});
/// "pupil Jane", "students Tom and …": the pupil word in lower case, then a capitalised word.
static PUPIL_THEN_NAME: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b(?:pupil|student|child|learner)s?[ \t]+(\p{Lu}\p{Ll}+)\b"));
/// "Jane, a Year 9 pupil", "Tom Baker, one of my students".
static NAME_THEN_PUPIL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"\b(\p{Lu}\p{Ll}+)(?:[ \t]+\p{Lu}\p{Ll}+)?,[ \t]+(?:a|an|our|my|one|the)[ \t]+(?:[\w-]+[ \t]+){0,3}?(?:pupil|student|child|learner)s?\b",
    )
});

/// Capitalised words that follow "pupil" or start a sentence without naming anyone.
const NOT_NAMES: &str = "\
    premium voice council leadership leaders parliament ambassadors ambassador year years \
    led outcomes progress data survey feedback attendance behaviour wellbeing services \
    support teacher teachers experience engagement referral numbers centred centered \
    success english maths mathematics science history geography art music french spanish \
    german welsh however today yesterday instead recently later finally first then also \
    here there now once sometimes often eventually afterwards meanwhile similarly again \
    still yet thus therefore consequently overall initially last next this that these those \
    every each one for in at on by with without when while if as since because although \
    though unless until after before during week term monday tuesday wednesday thursday \
    friday saturday sunday january february march april june july august september october \
    november december key stage reception nursery sixth form sen send eal pp fsm the and \
    but so or our my their his her we they he she it you mr mrs ms miss dr sir";

/// Every finding of the detectors that are on, in `text` (withheld parts already blanked).
pub fn scan(text: &str, settings: &PrivacySettings) -> Vec<Finding> {
    let mut found = Vec::new();
    let on = |d| settings.is_on(d);
    // Each pattern is compiled on first use, so a text that cannot match is not searched and,
    // when no text can, the pattern is never compiled (a build of 100 artefacts spent 3% of
    // its CPU compiling the detectors).
    if on(Detector::Email) && text.contains('@') {
        emails(text, &settings.own_contact, &mut found);
    }
    let digits = digit_runs(text);
    if on(Detector::Phone) && digits.count >= 9 {
        phones(text, &settings.own_contact, &mut found);
    }
    if on(Detector::Upn) && digits.longest >= 12 {
        simple(text, &UPN, Detector::Upn, &mut found);
    }
    if on(Detector::NiNumber) && digits.longest_spaced >= 6 {
        simple(text, &NI, Detector::NiNumber, &mut found);
    }
    if on(Detector::StudentId) && digits.longest >= 5 {
        simple(text, &STUDENT_ID, Detector::StudentId, &mut found);
    }
    if on(Detector::BirthDate) && may_name_a_birth(text) {
        birth_dates(text, &mut found);
    }
    if on(Detector::PupilName) {
        pupil_names(text, &mut found);
    }
    found
}

/// The digits in a text, counted the ways the number patterns need them.
#[derive(Debug, PartialEq)]
struct DigitRuns {
    /// Every digit: a phone number has at least 9.
    count: usize,
    /// The longest run of digits: a UPN has 12, a student number at least 5.
    longest: usize,
    /// The longest run of digits where single spaces between them do not break it: a National
    /// Insurance number has 6 (`12 34 56`).
    longest_spaced: usize,
}

/// Counts `text`'s digits in one pass, so that a number pattern runs only over a text with the
/// digits it needs. The UPN and National Insurance patterns start with a letter class, which
/// gives the regex engine no literal to skip ahead to: it stepped through every byte of every
/// published text, and at 10,000 artefacts those two patterns were most of the guard's time.
/// A digit here is any `char::is_numeric` (a superset of the patterns' `\d`, Unicode's Nd:
/// Arabic-Indic digits count), so no text a pattern could match is skipped.
fn digit_runs(text: &str) -> DigitRuns {
    let mut runs = DigitRuns {
        count: 0,
        longest: 0,
        longest_spaced: 0,
    };
    let (mut run, mut spaced, mut after_digit) = (0, 0, false);
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        // Bytes, not `chars()`: most text is ASCII, and decoding every character cost half
        // of what skipping the patterns saves.
        let (digit, space, width) = match bytes[at] {
            b if b.is_ascii() => (b.is_ascii_digit(), b == b' ', 1),
            _ => {
                let c = text[at..]
                    .chars()
                    .next()
                    .expect("`at` is on a character boundary");
                (c.is_numeric(), false, c.len_utf8())
            }
        };
        at += width;
        if digit {
            runs.count += 1;
            run += 1;
            spaced += 1;
            runs.longest = runs.longest.max(run);
            runs.longest_spaced = runs.longest_spaced.max(spaced);
        } else {
            run = 0;
            if !(space && after_digit) {
                spaced = 0;
            }
        }
        after_digit = digit;
    }
    runs
}

/// Whether `text` holds one of the words [`BIRTH`] looks for, in any case. Its ASCII letters
/// have no other case-folded form (no `k` or `s`), so an ASCII comparison finds every match.
fn may_name_a_birth(text: &str) -> bool {
    static WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["dob", "d.o.b", "born", "birth"])
            .expect("four words make an automaton")
    });
    WORDS.is_match(text)
}

fn emails(text: &str, own: &[String], found: &mut Vec<Finding>) {
    let own: Vec<&str> = own
        .iter()
        .map(|o| o.trim())
        .filter(|o| o.contains('@'))
        .collect();
    let mailboxes: Vec<String> = own.iter().map(|o| mailbox(o)).collect();
    // Where the person's own addresses are written: a pattern match inside one (the `co@…`
    // of `amara+o'brien&co@…`) is part of the person's own address, not another.
    let own_spans: Vec<std::ops::Range<usize>> = own
        .iter()
        .flat_map(|o| text.match_indices(o).map(|(i, _)| i..i + o.len()))
        .collect();
    for m in EMAIL.find_iter(text) {
        let inside_own = own_spans
            .iter()
            .any(|s| s.start <= m.start() && m.end() <= s.end);
        if inside_own || mailboxes.contains(&mailbox(m.as_str())) {
            continue;
        }
        found.push(finding(
            Detector::Email,
            m.start(),
            format!(
                "an email address, `{}`, would be published here",
                m.as_str()
            ),
        ));
    }
}

/// An address's mailbox: lowercase, without a `+tag` (`amara+cv@x.org` reaches `amara@x.org`).
fn mailbox(address: &str) -> String {
    let address = address.to_lowercase();
    match address.split_once('@') {
        Some((local, domain)) => {
            let local = local.split('+').next().unwrap_or(local);
            format!("{local}@{domain}")
        }
        None => address,
    }
}

fn phones(text: &str, own: &[String], found: &mut Vec<Finding>) {
    // Digits only, and +44 read as the leading 0 of a UK number, so every spelling compares.
    let digits = |s: &str| {
        let d: String = s.chars().filter(char::is_ascii_digit).collect();
        match (s.trim_start().starts_with('+'), d.strip_prefix("44")) {
            (true, Some(rest)) => format!("0{rest}"),
            _ => d,
        }
    };
    let own: Vec<String> = own
        .iter()
        .map(|o| digits(o))
        .filter(|d| d.len() >= 9)
        .collect();
    for m in PHONE.find_iter(text) {
        // A phone number has a group of three digits or more; "0 1 2 3 4 5 6 7 8 9" has none.
        let grouped = m
            .as_str()
            .split(|c: char| !c.is_ascii_digit())
            .any(|g| g.len() >= 3);
        if !grouped || own.contains(&digits(m.as_str())) {
            continue;
        }
        found.push(finding(
            Detector::Phone,
            m.start(),
            format!(
                "a phone number, `{}`, would be published here",
                m.as_str().trim()
            ),
        ));
    }
}

fn simple(text: &str, pattern: &Regex, detector: Detector, found: &mut Vec<Finding>) {
    for m in pattern.find_iter(text) {
        let what = match detector {
            Detector::Upn => "a unique pupil number (UPN)",
            Detector::NiNumber => "a National Insurance number",
            _ => "a student ID number",
        };
        found.push(finding(
            detector,
            m.start(),
            format!("{what}, `{}`, would be published here", m.as_str()),
        ));
    }
}

/// "DOB", "born", "date of birth" or "birthday" with a day's date in the next few words.
fn birth_dates(text: &str, found: &mut Vec<Finding>) {
    for m in BIRTH.find_iter(text) {
        let mut end = (m.end() + 40).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        if DATE.is_match(&text[m.end()..end]) {
            found.push(finding(
                Detector::BirthDate,
                m.start(),
                format!(
                    "a date of birth (after `{}`) would be published here",
                    m.as_str()
                ),
            ));
        }
    }
}

fn pupil_names(text: &str, found: &mut Vec<Finding>) {
    for pattern in [&*PUPIL_THEN_NAME, &*NAME_THEN_PUPIL] {
        for c in pattern.captures_iter(text) {
            let (Some(whole), Some(name)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let lower = name.as_str().to_lowercase();
            if NOT_NAMES.split_whitespace().any(|w| w == lower) {
                continue;
            }
            found.push(finding(
                Detector::PupilName,
                whole.start(),
                format!(
                    "this seems to name a pupil: `{}`",
                    whole
                        .as_str()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ));
        }
    }
}

/// The stable code of a detector.
pub fn code(detector: Detector) -> &'static str {
    match detector {
        Detector::Email => codes::EMAIL_ADDRESS,
        Detector::Phone => codes::PHONE_NUMBER,
        Detector::Upn => codes::PUPIL_UPN,
        Detector::NiNumber => codes::NI_NUMBER,
        Detector::StudentId => codes::STUDENT_ID,
        Detector::BirthDate => codes::BIRTH_DATE,
        Detector::PupilName => codes::PUPIL_NAME,
        Detector::TestimonialName => codes::TESTIMONIAL_NAME,
        Detector::SmallNumber => codes::SMALL_NUMBER,
    }
}

/// How to fix what a detector found, and how to keep it on purpose.
pub fn hint(detector: Detector) -> String {
    let fix = match detector {
        Detector::Email | Detector::Phone => "remove it, or name a role instead (\"the school office\"); your own address and number in portfolio.yaml `person:` are never reported",
        Detector::Upn | Detector::NiNumber | Detector::StudentId => "remove it: an identifying number never belongs on a public page",
        Detector::BirthDate => "remove the date, or give only an age group (\"a Year 9 pupil\")",
        Detector::PupilName => "describe the pupil instead of naming them (\"a Year 9 pupil\", \"pupil A\")",
        Detector::TestimonialName => "add `anonymise: true` to the testimonial: it is then signed with its role (\"Parent of a Year 9 pupil\") and the name is not published",
        Detector::SmallNumber => "give the number of pupils instead of a percentage, or group it with others so it counts at least the threshold (portfolio.yaml `privacy: small_numbers:`)",
    };
    format!(
        "{fix}\nto keep it on purpose, write `dossier:accept {code}` in a comment on the line before (`<!-- dossier:accept {code} -->` in Markdown, `# dossier:accept {code}` in YAML)\nto switch this check off: portfolio.yaml `privacy: {{ detectors: {{ {id}: false }} }}`",
        code = code(detector),
        id = detector.id()
    )
}

fn finding(detector: Detector, start: usize, message: String) -> Finding {
    Finding {
        code: code(detector),
        start,
        message,
        hint: hint(detector),
        error: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_in(text: &str) -> Vec<&'static str> {
        scan(text, &PrivacySettings::default())
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    #[test]
    fn the_digit_counts_pass_every_text_a_number_pattern_matches() {
        let matching = [
            (&*UPN, "UPN A123456789012 on file"),
            (&*UPN, "B١٢٣٤٥٦٧٨٩٠١٢ in Arabic-Indic digits"),
            (&*NI, "NI: AB 12 34 56 C"),
            (&*NI, "AB123456C"),
            (&*STUDENT_ID, "Student ID: 12345"),
            (&*STUDENT_ID, "pupil no. a1234567"),
            (&*PHONE, "call +44 7700 900123"),
            (&*PHONE, "(0113) 496 0000"),
            (&*PHONE, "07700-900-123"),
        ];
        for (pattern, text) in matching {
            let d = digit_runs(text);
            assert!(pattern.is_match(text), "{text}");
            let passes = if std::ptr::eq(pattern, &*UPN) {
                d.longest >= 12
            } else if std::ptr::eq(pattern, &*NI) {
                d.longest_spaced >= 6
            } else if std::ptr::eq(pattern, &*STUDENT_ID) {
                d.longest >= 5
            } else {
                d.count >= 9
            };
            assert!(passes, "{text}: {d:?}");
        }
        assert_eq!(
            digit_runs("12  34 5 678 in 2025"),
            DigitRuns {
                count: 12,
                longest: 4,
                longest_spaced: 6
            }
        );
        assert_eq!(
            codes_in("AB 12 34 56 C and A123456789012"),
            vec![codes::PUPIL_UPN, codes::NI_NUMBER]
        );
    }

    /// Over every Markdown and YAML file in the repository (the portfolios' texts): wherever a
    /// number pattern matches, its digit count lets it run.
    #[test]
    fn the_digit_counts_skip_no_text_of_the_repositorys_portfolios() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read = 0;
        for entry in walkdir::WalkDir::new(root)
            .into_iter()
            .filter_entry(|e| e.file_name() != "target" && e.file_name() != ".git")
            .flatten()
        {
            let path = entry.path();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("md" | "yaml" | "yml")
            ) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            read += 1;
            let d = digit_runs(&text);
            assert!(!UPN.is_match(&text) || d.longest >= 12, "{path:?}");
            assert!(!NI.is_match(&text) || d.longest_spaced >= 6, "{path:?}");
            assert!(!STUDENT_ID.is_match(&text) || d.longest >= 5, "{path:?}");
            assert!(!PHONE.is_match(&text) || d.count >= 9, "{path:?}");
        }
        assert!(read > 100, "only {read} files read");
    }

    #[test]
    fn the_birth_word_check_passes_every_text_the_pattern_matches() {
        for text in [
            "DOB: 3/4/2011",
            "D.O.B 3.4.11",
            "Born 12 May",
            "date OF BIRTH 1 Jan",
            "BirthDay: 2 June",
        ] {
            assert!(BIRTH.is_match(text) && may_name_a_birth(text), "{text}");
        }
        assert!(!may_name_a_birth("a text without any of those words"));
        assert_eq!(codes_in("Born 12 May 2011"), vec![codes::BIRTH_DATE]);
    }

    #[test]
    fn each_detector_finds_its_pattern() {
        assert_eq!(
            codes_in("Write to jan.nowak@gmail.com today"),
            [codes::EMAIL_ADDRESS]
        );
        assert_eq!(codes_in("Call 07700 900123."), [codes::PHONE_NUMBER]);
        assert_eq!(codes_in("Call +44 7700 900123."), [codes::PHONE_NUMBER]);
        assert_eq!(codes_in("UPN A123456789012"), [codes::PUPIL_UPN]);
        assert_eq!(codes_in("NI: AB 12 34 56 C"), [codes::NI_NUMBER]);
        assert_eq!(codes_in("student ID: 20481234"), [codes::STUDENT_ID]);
        assert_eq!(codes_in("DOB 14/03/2011"), [codes::BIRTH_DATE]);
        assert_eq!(
            codes_in("she was born on 3rd March 2011"),
            [codes::BIRTH_DATE]
        );
        assert_eq!(
            codes_in("I worked with pupil Jane on fractions"),
            [codes::PUPIL_NAME]
        );
        assert_eq!(codes_in("Tom, a Year 9 pupil, said"), [codes::PUPIL_NAME]);
    }

    #[test]
    fn ordinary_portfolio_text_is_not_reported() {
        let text = "date: 2025-06-30\nbaseline: 54\nPupil Premium pupils rose from 54% to 68% in 2024-25.\n\
            Pupil Voice survey, July 2025. However, a Year 9 pupil said it helped.\n\
            The student council met; Student Voice agreed. ISBN 978-1-4028-9462-6.\n\
            Scores 0 1 2 3 4 5 6 7 8 9 10. The idea was born in a PLC meeting. Years 7 to 9, 120 pupils, 0.25 effect size.";
        assert_eq!(codes_in(text), Vec::<&str>::new());
    }

    #[test]
    fn own_contact_details_are_not_reported() {
        let settings = PrivacySettings {
            own_contact: vec!["amara@example.org".into(), "+44 7700 900123".into()],
            ..PrivacySettings::default()
        };
        let text = "amara@example.org or 07700900123? no: +44 7700 900 123, Amara+CV@example.org";
        assert!(scan(text, &settings).is_empty());
        assert_eq!(scan("or 07700 900124", &settings).len(), 1);
    }

    #[test]
    fn a_detector_switched_off_finds_nothing() {
        let settings = PrivacySettings {
            off: vec![Detector::Phone],
            ..PrivacySettings::default()
        };
        assert!(scan("Call 07700 900123.", &settings).is_empty());
    }
}
