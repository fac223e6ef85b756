//! The year switcher: one link per plan year to the same page in that year's plan.
//! Links rather than a list that acts on change, so choosing with the keyboard never moves
//! a person on before they have chosen, and each year has an address to share.

use crate::i18n::*;
use crate::nav::{Location, use_location};
use crate::years::{PLAN_YEARS, use_year};
use dxday_core::ExplorerQuery;
use leptos::prelude::*;

/// Each plan year, newest first, with the address of the page shown in that year's plan.
fn links(location: Location) -> Vec<(i32, String)> {
    let path = location.pathname.get();
    let search = location.search.get();
    PLAN_YEARS
        .iter()
        .rev()
        .map(|&year| {
            let search = if path == "/" {
                // The explorer keeps its filters, its dates moved to the same days.
                ExplorerQuery::parse(&search)
                    .in_year(year)
                    .to_query_string()
            } else {
                dxday_core::query::with_param(&search, "year", Some(&year.to_string()))
            };
            (year, crate::app::to(&format!("{path}?{search}")))
        })
        .collect()
}

/// The plan years, newest first; the year shown is marked as the current one. Written by
/// dxday-core (page::years_html) for each language; a new address changes the links in
/// place, so the one a person followed keeps the focus while the page below it changes.
#[component]
pub fn YearSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let shown = use_year();
    let inside = move || {
        let label = t_string!(i18n, years.label);
        untrack(|| dxday_core::page::years_html(label, &links(location), shown.get()))
    };
    crate::app::effect(move || {
        let current = shown.get();
        for (year, href) in links(location) {
            crate::browser::set_link(&format!("year-{year}"), &href, year == current);
        }
    });
    view! { <nav class="years" aria-labelledby="years-label" inner_html=inside></nav> }
}
