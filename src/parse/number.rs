//! Numbers as educators write them (`68`, `"68%"`, `1,200`), read from a YAML value, with
//! the mistakes people make with them (a decimal comma, a number too large to chart) reported
//! at the number.

use super::fields::Sink;
use super::yaml::{Node, Value};
use crate::diag::{codes, Diagnostic};

/// The largest number dossier accepts (in size): every difference and chart coordinate
/// computed from numbers this size stays finite (docs/format.md, "Numbers").
pub const MAX_NUMBER: f64 = 1e15;

pub fn number_of(sink: &Sink, name: &str, node: &Node) -> Option<f64> {
    let number = match &node.value {
        Value::Number(n) if !n.is_nan() => *n,
        Value::String(s) => match number_text(s) {
            Ok(n) => n,
            Err(NumberText::DecimalComma) => {
                let example = s.trim().trim_end_matches('%').replace(',', ".");
                sink.push(
                    Diagnostic::error(
                        codes::DECIMAL_COMMA,
                        sink.at(node.pos),
                        format!("`{}` has a comma that does not group thousands, so dossier cannot tell which number it is", s.trim()),
                    )
                    .with_hint(format!(
                        "write decimals with a point, and commas only between groups of three digits (1,200 or 12,000,000), for example:\n{name}: {example}"
                    )),
                );
                return None;
            }
            Err(NumberText::NotANumber) => {
                sink.wrong_type(name, node, "a number", &format!("{name}: 68"));
                return None;
            }
        },
        // YAML's `.nan` is a number type that is no number: "should be a number, not a number".
        Value::Number(_) => {
            sink.push(
                Diagnostic::error(
                    codes::WRONG_TYPE,
                    sink.at(node.pos),
                    format!("`{name}` is YAML's `.nan` (\"not a number\"), which cannot be shown or charted"),
                )
                .with_hint(format!("write the number itself, for example:\n{name}: 68")),
            );
            return None;
        }
        _ => {
            sink.wrong_type(name, node, "a number", &format!("{name}: 68"));
            return None;
        }
    };
    if !number.is_finite() || number.abs() > MAX_NUMBER {
        sink.push(
            Diagnostic::error(
                codes::NOT_FINITE,
                sink.at(node.pos),
                format!("`{name}` is too large to show: dossier takes numbers up to a million billion (10^15)"),
            )
            .with_hint(format!("check the number, or use a larger unit, for example:\n{name}: 68")),
        );
        return None;
    }
    Some(number)
}

/// Why a number written as text could not be read.
#[derive(Debug, PartialEq)]
pub enum NumberText {
    /// `48,5` or `1,20`: a comma that is not a thousands separator (a decimal comma, perhaps).
    DecimalComma,
    NotANumber,
}

/// "68%", "1,200" and "12,000,000.5" are how people write numbers; accept them rather than
/// nag. A comma is read only as a thousands separator (groups of exactly three digits after
/// the first), so `48,5` is refused rather than read as 485.
pub fn number_text(text: &str) -> Result<f64, NumberText> {
    let text = text.trim().trim_end_matches('%').trim_end();
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if int.contains(',') || frac.contains(',') {
        let digits = int.trim_start_matches(['-', '+']);
        let mut groups = digits.split(',');
        let first = groups.next().unwrap_or_default();
        let numeric = |t: &str| t.chars().all(|c| c.is_ascii_digit() || c == ',');
        if !numeric(digits) || !numeric(frac) {
            return Err(NumberText::NotANumber);
        }
        let grouped =
            (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3) && !frac.contains(',');
        if !grouped {
            return Err(NumberText::DecimalComma);
        }
    }
    match text.replace(',', "").parse::<f64>() {
        Ok(n) if !n.is_nan() => Ok(n),
        _ => Err(NumberText::NotANumber),
    }
}

#[cfg(test)]
mod number_tests {
    use super::{number_text, NumberText};

    #[test]
    fn commas_are_read_only_as_thousands_groups() {
        assert_eq!(number_text("1,200"), Ok(1200.0));
        assert_eq!(number_text("12,000,000"), Ok(12_000_000.0));
        assert_eq!(number_text("-7,416.5"), Ok(-7416.5));
        assert_eq!(number_text("68%"), Ok(68.0));
        assert_eq!(number_text("48,5"), Err(NumberText::DecimalComma));
        assert_eq!(number_text("48,5%"), Err(NumberText::DecimalComma));
        assert_eq!(number_text("1,20"), Err(NumberText::DecimalComma));
        assert_eq!(number_text("1,2345"), Err(NumberText::DecimalComma));
        assert_eq!(number_text("1200,000"), Err(NumberText::DecimalComma));
        assert_eq!(number_text("1.5,0"), Err(NumberText::DecimalComma));
        assert_eq!(number_text("a,b"), Err(NumberText::NotANumber));
        assert_eq!(number_text("many"), Err(NumberText::NotANumber));
    }
}
