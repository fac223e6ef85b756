//! Calendar days in Vietnam time (UTC+7, no daylight saving) and how each language writes them.

use crate::model::Lang;
use chrono::{Datelike, NaiveDate};

/// Vietnam's offset from UTC in seconds; the country keeps no daylight saving time.
pub const VIETNAM_OFFSET_SECONDS: i64 = 7 * 3600;

/// The calendar day in Vietnam at `unix_millis` (milliseconds since 1970 UTC).
pub fn vietnam_today(unix_millis: i64) -> NaiveDate {
    let days = (unix_millis / 1000 + VIETNAM_OFFSET_SECONDS).div_euclid(86_400);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days.max(0) as u64)))
        .unwrap_or_default()
}

/// The next National Digital Transformation Day (10/10) on or after `today`.
pub fn next_dx_day(today: NaiveDate) -> NaiveDate {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 10, 10).unwrap_or(today);
    if this_year >= today {
        this_year
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, 10, 10).unwrap_or(today)
    }
}

/// Writes a date the way each language does: `01/10/2022` in Vietnamese, `1 Oct 2022` in English.
pub fn display(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{}", date.day(), date.month(), date.year()),
        Lang::En => format!(
            "{} {} {}",
            date.day(),
            MONTHS_EN[date.month0() as usize],
            date.year()
        ),
    }
}

/// A count as each language writes it: `10.000` in Vietnamese, `10,000` in English.
pub fn count(n: usize, lang: Lang) -> String {
    let sep = match lang {
        Lang::Vi => '.',
        Lang::En => ',',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[cfg(test)]
mod count_tests {
    use super::count;
    use crate::model::Lang;

    #[test]
    fn counts_are_grouped_by_thousands_in_each_language() {
        assert_eq!(count(0, Lang::Vi), "0");
        assert_eq!(count(14, Lang::En), "14");
        assert_eq!(count(999, Lang::Vi), "999");
        assert_eq!(count(1000, Lang::Vi), "1.000");
        assert_eq!(count(10_000, Lang::En), "10,000");
        assert_eq!(count(1_234_567, Lang::Vi), "1.234.567");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnam_is_seven_hours_ahead() {
        // 2022-10-09 17:00 UTC is already 10/10 in Hà Nội.
        let millis = 1_665_334_800_000;
        assert_eq!(
            vietnam_today(millis),
            NaiveDate::from_ymd_opt(2022, 10, 10).unwrap()
        );
        assert_eq!(
            vietnam_today(millis - 1000),
            NaiveDate::from_ymd_opt(2022, 10, 9).unwrap()
        );
    }

    #[test]
    fn the_next_day_rolls_over_after_ten_october() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(next_dx_day(d(2026, 11, 28)), d(2027, 10, 10));
        assert_eq!(next_dx_day(d(2026, 10, 10)), d(2026, 10, 10));
        assert_eq!(next_dx_day(d(2026, 1, 1)), d(2026, 10, 10));
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let d = NaiveDate::from_ymd_opt(2022, 10, 1).unwrap();
        assert_eq!(display(d, Lang::Vi), "01/10/2022");
        assert_eq!(display(d, Lang::En), "1 Oct 2022");
    }
}
