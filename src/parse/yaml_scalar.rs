//! A plain (unquoted) YAML scalar resolved to null, true/false, a number or text exactly as
//! serde_yaml 0.9 resolves it, so the event pass can give values and serde_yaml need not read
//! the file a second time (docs/performance.md, round seven).
//!
//! Hand-written because serde_yaml keeps these rules private: they are its `parse_null`,
//! `parse_bool`, `visit_int` and `parse_f64` (serde_yaml 0.9.34, `src/de.rs`), restated. Where
//! serde_yaml would need more than a `u64`, an `i64` or a finite `f64` (a 128-bit integer),
//! this answers `None` and the caller lets serde_yaml read the file as before.

use super::yaml::Value;

/// The value of the plain scalar `v`; `None` when only serde_yaml should decide.
pub fn plain(v: &str) -> Option<Value> {
    if v.is_empty() || matches!(v, "null" | "Null" | "NULL" | "~") {
        return Some(Value::Null);
    }
    match v {
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    // Text that cannot be a number: most front matter (titles, slugs, words).
    let first = v.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return Some(Value::String(v.to_string()));
    }
    if let Some(int) = unsigned(v, u64::from_str_radix) {
        return Some(Value::Number(int as f64));
    }
    if let Some(int) = negative(v, i64::from_str_radix) {
        return Some(Value::Number(int as f64));
    }
    if unsigned(v, u128::from_str_radix).is_some() || negative(v, i128::from_str_radix).is_some() {
        return None;
    }
    if !digits_but_not_number(v) {
        if let Some(float) = float(v) {
            return Some(Value::Number(float));
        }
    }
    Some(Value::String(v.to_string()))
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// serde_yaml's `parse_unsigned_int`: `+`, then `0x`, `0o`, `0b` or decimal digits.
fn unsigned<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unpositive = scalar.strip_prefix('+').unwrap_or(scalar);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

/// serde_yaml's `parse_negative_int`.
fn negative<T>(scalar: &str, from_str_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = scalar.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(scalar) {
        return None;
    }
    from_str_radix(scalar, 10).ok()
}

/// serde_yaml's `parse_f64`: `.inf`, `.nan` and Rust's float syntax, finite only.
fn float(scalar: &str) -> Option<f64> {
    let unpositive = match scalar.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => scalar,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(scalar, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(scalar, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros followed by digits are text in YAML 1.2 (`007`).
fn digits_but_not_number(scalar: &str) -> bool {
    let scalar = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    scalar.len() > 1 && scalar.starts_with('0') && scalar[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What serde_yaml itself makes of `v` as a whole document, in our terms.
    fn serde_yaml_value(v: &str) -> Option<Value> {
        match serde_yaml::from_str::<serde_yaml::Value>(v).ok()? {
            serde_yaml::Value::Null => Some(Value::Null),
            serde_yaml::Value::Bool(b) => Some(Value::Bool(b)),
            serde_yaml::Value::Number(n) => n.as_f64().map(Value::Number),
            serde_yaml::Value::String(s) => Some(Value::String(s)),
            _ => None,
        }
    }

    #[test]
    fn resolves_every_plain_scalar_as_serde_yaml_does() {
        let cases = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "false",
            "FALSE",
            "yes",
            "no",
            "on",
            "0",
            "1",
            "-1",
            "+1",
            "++1",
            "+-1",
            "007",
            "-007",
            "0.5",
            ".5",
            "-.5",
            "+.5",
            "5.",
            "1e3",
            "1E-3",
            "-1.5e+2",
            "1_000",
            "0x1F",
            "0x-1",
            "-0x1F",
            "+0x1F",
            "0o17",
            "-0o17",
            "0b101",
            "-0b101",
            "0b2",
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            "-.INF",
            ".nan",
            ".NaN",
            "inf",
            "nan",
            "NaN",
            "infinity",
            "2025-04",
            "2025-04-01",
            "2025",
            "12:30",
            "1.2.3",
            "+",
            ".",
            "-x",
            "3 apples",
            "54%",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "1e400",
            "Year 8",
            "0.1",
            "99.9999999999999999",
        ];
        for v in cases {
            match plain(v) {
                Some(ours) => {
                    let theirs = serde_yaml_value(v).unwrap_or_else(|| panic!("{v}"));
                    match (&ours, &theirs) {
                        (Value::Number(a), Value::Number(b)) if a.is_nan() => {
                            assert!(b.is_nan(), "{v}")
                        }
                        _ => assert_eq!(ours, theirs, "{v:?}"),
                    }
                }
                // Left to serde_yaml: only what needs more than 64 bits.
                None => assert!(v.trim_start_matches(['-', '+']).len() >= 19, "{v}"),
            }
        }
    }
}
