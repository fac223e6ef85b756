//! The October timeline of the filtered activities: one row each, a bar per window.
//! The dates are also written in words, so no meaning rests on the bars alone.

use crate::components::results::{activity_path, windows_text};
use crate::i18n::*;
use crate::pages::explorer::use_explorer;
use chrono::{Datelike, NaiveDate};
use dxday_core::model::WindowKind;
use leptos::prelude::*;

/// Rows drawn at most; the list above pages through the rest.
const MAX_ROWS: usize = 200;

/// The timeline, folded away until asked for.
#[component]
pub fn Timeline() -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let drawn = crate::app::OnDemand::new(expect_context::<crate::app::PlanParts>().timeline_rows);
    let toggle = move |_| drawn.toggle(open);
    view! {
        <section class="timeline" aria-labelledby="timeline-heading">
            <h3 id="timeline-heading">
                <button
                    type="button"
                    class="timeline__toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="timeline-body"
                    on:click=toggle
                >
                    {t!(i18n, timeline.heading)}
                </button>
            </h3>
            // Drawn only while open: a closed timeline does not follow every filter change.
            <div id="timeline-body">{move || open.get().then(|| drawn.view())}</div>
        </section>
    }
}

/// The rows of the open [`Timeline`]: the filtered activities' windows in October.
pub fn rows() -> AnyView {
    let i18n = use_i18n();
    let state = use_explorer();
    let year = state.loaded.plan.year;
    let first = NaiveDate::from_ymd_opt(year, 10, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(year, 10, 31).unwrap_or_default();
    let rows = move || {
        let plan = &state.loaded.plan;
        let lang = i18n.get_locale();
        let none = t_string!(i18n, results.no_date).to_string();
        let or = t_string!(i18n, results.or).to_string();
        let (dated, undated): (Vec<usize>, Vec<usize>) = state.results.with(|r| {
            r.matches
                .iter()
                .partition(|&&i| plan.activities[i].is_dated())
        });
        let rows = dated
            .iter()
            .take(MAX_ROWS)
            .map(|&i| {
                let a = &plan.activities[i];
                let bars = a
                    .windows
                    .iter()
                    .filter(|w| w.end >= first && w.start <= last)
                    .map(|w| {
                        let start = w.start.max(first).day();
                        let end = w.end.min(last).day();
                        let class = match w.kind {
                            WindowKind::Primary => "bar bar--primary",
                            WindowKind::Alternative => "bar bar--alternative",
                        };
                        // Set through the CSSOM (style:), which a CSP without 'unsafe-inline' allows.
                        view! { <span class=class style:grid-column=format!("{start} / {}", end + 1)></span> }
                    })
                    .collect_view();
                let title = a.title.get(lang).to_owned();
                view! {
                    <li class="timeline__row">
                        <p class="timeline__label">
                            <a href=crate::app::to(&activity_path(&a.id, plan.year))>{title}</a>
                            <br/>
                            <span class="timeline__dates">{windows_text(a, lang, &none, &or)}</span>
                        </p>
                        <div class="timeline__track" aria-hidden="true">{bars}</div>
                    </li>
                }
            })
            .collect_view();
        let undated_note = (!undated.is_empty()).then(|| {
            view! { <p class="timeline__note">{t_string!(i18n, timeline.undated, count = undated.len()).to_string()}</p> }
        });
        view! {
            <div class="timeline__scale" aria-hidden="true">
                {(1..=31).map(|d| view! { <span>{d}</span> }).collect_view()}
            </div>
            <ol class="timeline__rows">{rows}</ol>
            {undated_note}
        }
    };
    rows.into_any()
}
