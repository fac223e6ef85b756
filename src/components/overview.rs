//! The overview above the explorer: the plan's name, the year's theme, the countdown to
//! that year's 10/10 (or that it has passed) and the key dates.

use crate::i18n::*;
use crate::store::Loaded;
use dxday_core::campaign::{DayStatus, day_status, dx_day, filing_year};
use dxday_core::dates::{display, vietnam_today};
use leptos::prelude::*;
use std::sync::Arc;

/// The plan at a glance.
#[component]
pub fn Overview(loaded: Arc<Loaded>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.get_locale();
    let plan = loaded.clone();
    let name = move || plan.plan.name.get(lang()).to_owned();
    let plan = loaded.clone();
    let theme = move || plan.plan.theme.get(lang()).to_owned();
    let plan = loaded.clone();
    let year = loaded.plan.year;
    let key_dates = move || {
        plan.plan
            .key_dates
            .iter()
            .map(|k| {
                view! {
                    <li>
                        <time datetime=dxday_core::query::iso_date(k.date)>{display(k.date, lang())}</time>
                        " — "
                        {k.label.get(lang()).to_owned()}
                    </li>
                }
            })
            .collect_view()
    };
    let today = vietnam_today(crate::browser::now_millis());
    let newest = crate::years::newest();
    let next = filing_year(today);
    let day = dx_day(year).unwrap_or(today);
    let status = day_status(year, today);
    let countdown = move || match status {
        DayStatus::Ahead(days) => t_string!(
            i18n,
            plan.days_left,
            days = days,
            date = display(day, lang())
        )
        .to_string(),
        DayStatus::Today => t_string!(i18n, plan.is_today).to_string(),
        DayStatus::Past => {
            t_string!(i18n, plan.is_past, year = year, date = display(day, lang())).to_string()
        }
    };
    // A past year leads to the newest; the newest, once its Day has passed, says what comes
    // next: the next campaign, which takes initiatives before its plan is out.
    let after = (status == DayStatus::Past).then(|| {
        if year < newest {
            let href = crate::app::to(&format!("/?year={newest}"));
            view! {
                <p class="overview__next">
                    <a href=href>{move || t_string!(i18n, years.see_newest, year = newest).to_string()}</a>
                </p>
            }
            .into_any()
        } else {
            let href = crate::app::to("/initiatives/new");
            view! {
                <p class="overview__next">
                    {move || t_string!(i18n, years.next_not_out, year = next).to_string()}
                    " "
                    <a href=href>{move || t_string!(i18n, years.send_for, year = next).to_string()}</a>
                </p>
            }
            .into_any()
        }
    });
    view! {
        <section class="overview" aria-labelledby="plan-name">
            <h1 id="plan-name">{name}</h1>
            <p class="overview__theme">
                <span class="overview__label">{t!(i18n, plan.theme)} " " {year} ": "</span>
                <q lang="vi" class="overview__quote">{theme}</q>
            </p>
            <p class="overview__countdown">{countdown}</p>
            {after}
            // On a phone the key dates are one tap away, so the first activities are on the
            // first screen; from tablet width up they are open, as the page has room.
            <details class="key-dates-box" open=!crate::browser::phone_sized().get_untracked()>
                <summary><h2 class="key-dates-box__heading">{t!(i18n, plan.key_dates)}</h2></summary>
                <ul class="key-dates">{key_dates}</ul>
            </details>
        </section>
    }
}
