//! The overview above the explorer: the plan's name, the year's theme, the countdown to
//! that year's 10/10 (or that it has passed) and the key dates.

use crate::i18n::*;
use crate::store::Loaded;
use dxday_core::dates::vietnam_today;
use dxday_core::page::{OverviewWords, overview_html};
use leptos::prelude::*;
use std::sync::Arc;

/// The plan at a glance, written by dxday-core (page::overview_html) for each language.
#[component]
pub fn Overview(loaded: Arc<Loaded>) -> impl IntoView {
    let i18n = use_i18n();
    let today = vietnam_today(crate::browser::now_millis());
    let newest = crate::years::newest();
    // On a phone the key dates are one tap away, so the first activities are on the first
    // screen; from tablet width up they are open, as the page has room.
    let dates_open = !crate::browser::phone_sized().get_untracked();
    let inside = move || {
        let words = OverviewWords {
            theme: t_string!(i18n, plan.theme),
            days_left: t_string!(i18n, plan.days_left),
            is_today: t_string!(i18n, plan.is_today),
            is_past: t_string!(i18n, plan.is_past),
            see_newest: t_string!(i18n, years.see_newest),
            next_not_out: t_string!(i18n, years.next_not_out),
            send_for: t_string!(i18n, years.send_for),
            key_dates: t_string!(i18n, plan.key_dates),
        };
        let lang = i18n.get_locale();
        overview_html(
            &loaded.plan,
            lang,
            &words,
            today,
            newest,
            &crate::app::to,
            dates_open,
        )
    };
    view! { <section class="overview" aria-labelledby="plan-name" inner_html=inside></section> }
}
