//! The paper a PDF is printed on: US Letter where that is the custom (the United States,
//! Canada, Mexico, the Philippines and a few more), A4 everywhere else.

pub use crate::model::Paper;

/// Regions (the part after `-` in a language tag) whose paper is US Letter.
const LETTER_REGIONS: [&str; 9] = ["US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT"];

impl Paper {
    /// `--paper a4|letter`, for the command line.
    pub fn argument(text: &str) -> Result<Paper, String> {
        match text.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err("write a4 or letter".to_string()),
        }
    }

    /// The paper for a portfolio's `language` tag (`en-US` -> Letter, `en-GB` or `cy` -> A4).
    pub fn for_language(language: &str) -> Paper {
        let region = language
            .split(['-', '_'])
            .skip(1)
            .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()));
        match region {
            Some(r) if LETTER_REGIONS.contains(&r.to_ascii_uppercase().as_str()) => Paper::Letter,
            _ => Paper::A4,
        }
    }

    /// Width and height in inches, as Chromium's printToPDF takes them.
    pub fn inches(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0 / 25.4, 297.0 / 25.4),
            Paper::Letter => (8.5, 11.0),
        }
    }

    /// Width and height in PDF points (1/72 inch), to read a printed file back.
    pub fn points(self) -> (f64, f64) {
        let (w, h) = self.inches();
        (w * 72.0, h * 72.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_for_the_americas_a4_elsewhere() {
        assert_eq!(Paper::for_language("en-US"), Paper::Letter);
        assert_eq!(Paper::for_language("en-CA"), Paper::Letter);
        assert_eq!(Paper::for_language("es-US"), Paper::Letter);
        assert_eq!(Paper::for_language("en-GB"), Paper::A4);
        assert_eq!(Paper::for_language("cy"), Paper::A4);
        assert_eq!(Paper::for_language("zh-Hant-TW"), Paper::A4);
        assert_eq!(Paper::for_language("en"), Paper::A4);
    }
}
