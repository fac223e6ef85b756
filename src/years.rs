//! The plan years: the ones this build has, and the one the address asks for (`?year=`).
//! Without a year, the app shows the newest plan.

use dxday_core::ExplorerQuery;
use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/plan_years.rs"));

/// The newest plan year of this build: what the app shows when the address names none.
pub fn newest() -> i32 {
    dxday_core::campaign::newest(PLAN_YEARS).unwrap_or_default()
}

/// The year an address's query string asks for, or the newest.
pub fn of_search(search: &str) -> i32 {
    ExplorerQuery::parse(search).year.unwrap_or_else(newest)
}

/// The year the address asks for now, shared by the pages of the plan.
#[derive(Clone, Copy)]
pub struct Year(pub Memo<i32>);

/// Follows the address's year; called once, when the app starts.
pub fn provide(location: crate::nav::Location) {
    provide_context(Year(Memo::new(move |_| of_search(&location.search.get()))));
}

/// The year the address asks for, as a reactive read.
pub fn use_year() -> Memo<i32> {
    expect_context::<Year>().0
}

/// `path` (an app path such as `/about`) with the `year=` the address has now, if it has
/// one: a link to another page of the plan stays in the year a person is reading.
pub fn keep_year(path: &str, search: &str) -> String {
    match ExplorerQuery::parse(search).year {
        Some(year) => format!("{path}?year={year}"),
        None => path.to_owned(),
    }
}
