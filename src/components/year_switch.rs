//! The year switcher: one link per plan year to the same page in that year's plan.
//! Links rather than a list that acts on change, so choosing with the keyboard never moves
//! a person on before they have chosen, and each year has an address to share.

use crate::i18n::*;
use crate::nav::use_location;
use crate::years::{PLAN_YEARS, use_year};
use dxday_core::ExplorerQuery;
use leptos::prelude::*;

/// The plan years, newest first; the year shown is marked as the current one.
#[component]
pub fn YearSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let shown = use_year();
    let links = PLAN_YEARS
        .iter()
        .rev()
        .map(|&year| {
            let href = move || {
                let path = location.pathname.get();
                let search = location.search.get();
                let search = if path == "/" {
                    // The explorer keeps its filters, its dates moved to the same days.
                    ExplorerQuery::parse(&search)
                        .in_year(year)
                        .to_query_string()
                } else {
                    dxday_core::query::with_param(&search, "year", Some(&year.to_string()))
                };
                crate::app::to(&format!("{path}?{search}"))
            };
            let current = move || (shown.get() == year).then(|| "page".to_owned());
            view! { <li><a href=href aria-current=current>{year}</a></li> }
        })
        .collect_view();
    view! {
        <nav class="years" aria-labelledby="years-label">
            <p id="years-label" class="years__label">{t!(i18n, years.label)}</p>
            <ul class="years__list">{links}</ul>
        </nav>
    }
}
