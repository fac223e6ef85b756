//! Which campaign is which: every year has its own National Digital Transformation Day
//! (10/10) and its own plan. The one place that decides, from the plan years and today's
//! date in Vietnam, which campaign a new initiative joins and which years it may name; the
//! form and the server both ask here, so they cannot disagree.

use chrono::{Datelike, Days, NaiveDate};

/// The Day of `year`: 10 October.
pub fn dx_day(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 10, 10)
}

/// The newest year that has a plan.
pub fn newest(plan_years: &[i32]) -> Option<i32> {
    plan_years.iter().copied().max()
}

/// The campaign an initiative sent `today` joins: the one whose 10/10 comes next (today's
/// own, up to and including 10/10), whether or not its plan is published yet. In December
/// 2026 that is 2027's, even when the newest plan file is 2025's: an initiative sent then
/// is for the coming Day, not for one that has passed.
pub fn filing_year(today: NaiveDate) -> i32 {
    crate::dates::next_dx_day(today).year()
}

/// The plan years an initiative may name today: every year with a plan, and the campaign
/// [`filing_year`] gives today or tomorrow. (The form's clock and the server's can be a day
/// apart: a form sent just after midnight on 11/10 must not be refused by a server whose
/// clock still says 10/10.) Oldest first.
pub fn allowed_years(plan_years: &[i32], today: NaiveDate) -> Vec<i32> {
    let mut years = plan_years.to_vec();
    years.push(filing_year(today));
    if let Some(tomorrow) = today.checked_add_days(Days::new(1)) {
        years.push(filing_year(tomorrow));
    }
    years.sort_unstable();
    years.dedup();
    years
}

/// Where a year's Day stands against today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayStatus {
    /// Still to come, in this many days.
    Ahead(i64),
    /// It is today.
    Today,
    /// It has passed.
    Past,
}

/// Where the Day of `year` stands on `today`.
pub fn day_status(year: i32, today: NaiveDate) -> DayStatus {
    match dx_day(year) {
        Some(day) if day > today => DayStatus::Ahead((day - today).num_days()),
        Some(day) if day == today => DayStatus::Today,
        _ => DayStatus::Past,
    }
}

/// Today's day and month in `year`, for the "today" date preset of a plan of another year
/// (29 February becomes the 28th in a year that has none).
pub fn same_day_in(year: i32, today: NaiveDate) -> Option<NaiveDate> {
    if today.year() == year {
        return Some(today);
    }
    NaiveDate::from_ymd_opt(year, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, today.month(), today.day() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    const YEARS: &[i32] = &[2022, 2023, 2024, 2025];

    #[test]
    fn up_to_and_on_ten_october_an_initiative_joins_that_years_campaign() {
        assert_eq!(filing_year(day(2025, 1, 1)), 2025);
        assert_eq!(filing_year(day(2025, 10, 9)), 2025);
        assert_eq!(filing_year(day(2025, 10, 10)), 2025);
    }

    #[test]
    fn after_ten_october_it_joins_the_next_campaign_even_without_its_plan() {
        assert_eq!(filing_year(day(2025, 10, 11)), 2026);
        assert_eq!(filing_year(day(2025, 12, 31)), 2026);
        // The end-to-end tests' clock: December 2026, with 2025 the newest plan. The 2026
        // Day has passed: the next campaign is 2027's.
        assert_eq!(filing_year(day(2026, 12, 1)), 2027);
        assert_eq!(filing_year(day(2026, 10, 10)), 2026);
    }

    #[test]
    fn the_years_an_initiative_may_name_are_the_plans_and_the_next_campaign() {
        // Well before 10/10: only the years with a plan.
        assert_eq!(allowed_years(YEARS, day(2025, 6, 1)), YEARS);
        // Just after: the next campaign too.
        assert_eq!(
            allowed_years(YEARS, day(2025, 10, 11)),
            [2022, 2023, 2024, 2025, 2026]
        );
        // December 2026: the 2026 Day has passed without a plan; the next is 2027's.
        assert_eq!(
            allowed_years(YEARS, day(2026, 12, 1)),
            [2022, 2023, 2024, 2025, 2027]
        );
        // Never a year further ahead, nor one before the first plan.
        let later = allowed_years(YEARS, day(2026, 12, 1));
        assert!(!later.contains(&2028) && !later.contains(&2021));
    }

    #[test]
    fn on_ten_october_a_form_whose_clock_is_past_midnight_is_not_refused() {
        // The server says 10/10, the form already 11/10 and files under 2026.
        assert_eq!(filing_year(day(2025, 10, 11)), 2026);
        assert!(allowed_years(YEARS, day(2025, 10, 10)).contains(&2026));
        // The day before, no one can file under 2026 yet.
        assert!(!allowed_years(YEARS, day(2025, 10, 9)).contains(&2026));
    }

    #[test]
    fn each_year_says_whether_its_day_is_ahead_today_or_past() {
        assert_eq!(day_status(2025, day(2025, 10, 1)), DayStatus::Ahead(9));
        assert_eq!(day_status(2025, day(2025, 10, 10)), DayStatus::Today);
        assert_eq!(day_status(2025, day(2025, 10, 11)), DayStatus::Past);
        assert_eq!(day_status(2022, day(2026, 12, 1)), DayStatus::Past);
        assert_eq!(day_status(2027, day(2026, 12, 1)), DayStatus::Ahead(313));
    }

    #[test]
    fn the_today_preset_of_another_year_is_the_same_day_in_that_year() {
        assert_eq!(same_day_in(2026, day(2026, 12, 1)), Some(day(2026, 12, 1)));
        assert_eq!(same_day_in(2022, day(2026, 12, 1)), Some(day(2022, 12, 1)));
        assert_eq!(same_day_in(2025, day(2024, 2, 29)), Some(day(2025, 2, 28)));
    }
}
