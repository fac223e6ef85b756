//! The overview above the explorer: the plan's name, the year's theme, the countdown to the
//! next 10/10 and the key dates.

use crate::i18n::*;
use crate::store::Loaded;
use dxday_core::dates::{display, next_dx_day, vietnam_today};
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
    let next = next_dx_day(today);
    let days = (next - today).num_days();
    let countdown = move || {
        if days == 0 {
            t_string!(i18n, plan.is_today).to_string()
        } else {
            t_string!(
                i18n,
                plan.days_left,
                days = days,
                date = display(next, lang())
            )
            .to_string()
        }
    };
    view! {
        <section class="overview" aria-labelledby="plan-name">
            <h1 id="plan-name">{name}</h1>
            <p class="overview__theme">
                <span class="overview__label">{t!(i18n, plan.theme)} " " {year} ": "</span>
                <q lang="vi" class="overview__quote">{theme}</q>
            </p>
            <p class="overview__countdown">{countdown}</p>
            <h2 class="visually-hidden-heading">{t!(i18n, plan.key_dates)}</h2>
            <ul class="key-dates">{key_dates}</ul>
        </section>
    }
}
