//! Calendar dates as educators write them: a day (`2025-06-30`) or a month (`2025-06`).

use std::fmt;

/// A date with an optional day. Months sort before their days (`2025-06` < `2025-06-01`).
#[derive(
    Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: Option<u32>,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`, checking the day exists in that month.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().split('-');
        let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let month_text = parts.next().filter(|m| m.len() == 2)?;
        let month: u32 = month_text.parse().ok()?;
        let day = match parts.next() {
            None => None,
            Some(d) if d.len() == 2 => Some(d.parse().ok()?),
            Some(_) => return None,
        };
        if parts.next().is_some() || !(1..=12).contains(&month) {
            return None;
        }
        if let Some(day) = day {
            chrono::NaiveDate::from_ymd_opt(year, month, day)?;
        }
        Some(Date { year, month, day })
    }

    /// True when `self` is certainly later than `other`: a month is not after its own days.
    pub fn is_after(&self, other: &Date) -> bool {
        match (self.day, other.day) {
            (Some(_), Some(_)) => self > other,
            _ => (self.year, self.month) > (other.year, other.month),
        }
    }

    /// `2025-06-30` or `2025-06`, as written in the source and used in `datetime` attributes.
    pub fn iso(&self) -> String {
        match self.day {
            Some(day) => format!("{:04}-{:02}-{:02}", self.year, self.month, day),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }

    /// `30 June 2025` or `June 2025`.
    pub fn display(&self) -> String {
        let month = MONTHS[(self.month as usize).saturating_sub(1).min(11)];
        match self.day {
            Some(day) => format!("{day} {month} {}", self.year),
            None => format!("{month} {}", self.year),
        }
    }

    /// `June 2025`, for ranges.
    pub fn month_display(&self) -> String {
        format!(
            "{} {}",
            MONTHS[(self.month as usize).saturating_sub(1).min(11)],
            self.year
        )
    }

    /// RFC 3339 timestamp at midnight UTC (first of the month when no day), for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month,
            self.day.unwrap_or(1)
        )
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

/// The end of a timeline role: a date, or still going.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Copy, PartialEq, Eq)]
pub enum TimelineEnd {
    Date(Date),
    Present,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_months() {
        assert_eq!(
            Date::parse("2025-06-30"),
            Some(Date {
                year: 2025,
                month: 6,
                day: Some(30)
            })
        );
        assert_eq!(
            Date::parse("2025-06"),
            Some(Date {
                year: 2025,
                month: 6,
                day: None
            })
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2025-02-30",
            "2025-13",
            "25-06-01",
            "2025-6-1",
            "June 2025",
            "2025-06-01-01",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_day_is_not_after_its_own_month() {
        let june = Date::parse("2025-06").unwrap();
        assert!(!Date::parse("2025-06-02").unwrap().is_after(&june));
        assert!(Date::parse("2025-07-01").unwrap().is_after(&june));
    }

    #[test]
    fn months_sort_before_their_days() {
        assert!(Date::parse("2025-06").unwrap() < Date::parse("2025-06-01").unwrap());
        assert_eq!(Date::parse("2025-06-30").unwrap().display(), "30 June 2025");
    }
}
