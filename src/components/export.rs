//! Downloads of exactly the filtered view, written in the browser so they work offline.

use crate::i18n::*;
use crate::pages::explorer::{ExplorerState, use_explorer};
use dxday_core::{Lang, export, ics};
use leptos::prelude::*;

/// The current moment in UTC, for the calendar's DTSTAMP.
pub fn utc_now() -> chrono::NaiveDateTime {
    chrono::DateTime::from_timestamp_millis(crate::browser::now_millis())
        .unwrap_or_default()
        .naive_utc()
}

/// The full address of an activity's page in the plan of `year`, for calendar entries.
pub fn activity_url(year: i32) -> impl Fn(&str) -> String {
    let origin = crate::browser::origin();
    move |id| {
        let path = crate::components::results::activity_path(id, year);
        format!("{origin}{}", crate::app::to(&path))
    }
}

/// What a download button writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Ics,
    Csv,
    Json,
}

/// Writes the download of `format` of what the explorer shows now, in `lang`.
pub fn write(format: Format, state: &ExplorerState, lang: Lang) {
    let plan = &state.loaded.plan;
    let matches = state.results.get_untracked().matches;
    let activities = matches.iter().map(|&i| &plan.activities[i]);
    let name = format!("ngay-chuyen-doi-so-{}", plan.year);
    match format {
        Format::Ics => crate::browser::download(
            &format!("{name}.ics"),
            "text/calendar;charset=utf-8",
            &ics::calendar(plan, activities, lang, utc_now(), &activity_url(plan.year)),
        ),
        Format::Csv => crate::browser::download(
            &format!("{name}.csv"),
            "text/csv;charset=utf-8",
            &export::csv(plan, activities, lang),
        ),
        Format::Json => crate::browser::download(
            &format!("{name}.json"),
            "application/json",
            &crate::json::pretty(&export::JsonExport::new(
                plan,
                activities,
                state.query.get_untracked().to_query_string(),
            ))
            .unwrap_or_default(),
        ),
    }
}

/// What writes a download, loaded the first time one is asked for (the writers of the
/// three formats are not needed to show the buttons): the plan binary's lazy
/// function, boxed, which calls [`write`]; `false` when its module could not be fetched.
pub type Writer = fn(Format, ExplorerState, Lang) -> crate::app::Lazy<bool>;

/// ICS, CSV and JSON buttons.
#[component]
pub fn ExportButtons() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_explorer();
    let year = state.loaded.plan.year;
    let query = state.query;
    let writer = expect_context::<crate::app::PlanParts>().writer;
    // Whether the last download could not start, its writers' module not fetched: said
    // beside the buttons, and the next click tries again.
    let failed = RwSignal::new(false);
    let download = move |format: Format| {
        let state = state.clone();
        move |_| {
            let lang = i18n.get_locale_untracked();
            let written = writer(format, state.clone(), lang);
            leptos::task::spawn_local(async move { _ = failed.try_set(!written.await) });
        }
    };
    // The server's feed of the same view, for a calendar that follows the plan as it grows
    // (approved initiatives join it). Left to the browser: it is no page of the app.
    let feed = move || {
        let mut q = query.get();
        q.year = Some(year);
        q.embed = false;
        q.lang = Some(i18n.get_locale());
        format!(
            "{}api/calendar.ics?{}",
            crate::app::base_href(),
            q.to_query_string()
        )
    };
    view! {
        <div class="export" role="group" aria-labelledby="export-label">
            <span id="export-label" class="export__label">{t!(i18n, export.heading)} ": "</span>
            <button type="button" on:click=download(Format::Ics)>{t!(i18n, export.ics)}</button>
            <button type="button" on:click=download(Format::Csv)>{t!(i18n, export.csv)}</button>
            <button type="button" on:click=download(Format::Json)>{t!(i18n, export.json)}</button>
            <a class="export__feed" href=feed rel="external">{t!(i18n, export.feed)}</a>
        </div>
        {move || failed.get().then(crate::app::part_error)}
    }
}
