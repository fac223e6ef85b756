//! `/activities/{id}`: one activity with its lead, partners, dates and legal source.

use crate::components::export::{activity_url, utc_now};
use crate::i18n::*;
use crate::nav::NavigateOptions;
use crate::store::{LoadError, Loaded, use_plan};
use crate::years::PLAN_YEARS;
use dxday_core::ExplorerQuery;
use dxday_core::ics;
use dxday_core::page::{org_names, windows_text};
use dxday_core::query::with_param;
use leptos::prelude::*;
use std::sync::Arc;

/// The id of the activity the address names, in the context of its page, for the lazy
/// module that draws it ([`crate::app::Draw`]).
#[derive(Clone)]
pub struct ActivityId(pub String);

/// The page of one activity, found in whichever year's plan has it: the address's year
/// first (links from the explorer carry it), then the others, newest first, so that a link
/// from before the years were in the address still opens.
#[component]
pub fn ActivityPage(
    /// The activity's id, from the address.
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let store = use_plan();
    let asked = crate::years::use_year();
    let location = crate::nav::use_location();
    let navigate = crate::nav::use_navigate();
    let retry = move |_| {
        for &year in PLAN_YEARS {
            store.plan(year).refetch();
        }
    };
    let loading = move || view! { <p class="status" role="status">{t!(i18n, plan.loading)}</p> };
    move || {
        let first = asked.get();
        let mut failed = false;
        let Some(settled) = store.plan(first).get() else {
            return loading().into_any();
        };
        let mut found = holding(settled, &id, &mut failed);
        if found.is_none() {
            // The other years are asked for at once, so their fetches run side by side: an
            // old link costs one more wait, not one per year.
            let others: Vec<_> = PLAN_YEARS
                .iter()
                .rev()
                .filter(|&&y| y != first)
                .map(|&y| store.plan(y))
                .collect();
            for other in others {
                let Some(settled) = other.get() else {
                    return loading().into_any();
                };
                found = holding(settled, &id, &mut failed);
                if found.is_some() {
                    break;
                }
            }
        }
        request_animation_frame(crate::reveal);
        match found {
            Some(loaded) => {
                let year = loaded.plan.year;
                // The address names the year it was found in, so the links of the page (the
                // header's, the language's) stay in that year.
                let search = location.search.get_untracked();
                if ExplorerQuery::parse(&search).year != Some(year) {
                    let search = with_param(&search, "year", Some(&year.to_string()));
                    let path = location.pathname.get_untracked();
                    navigate(
                        &format!("{path}?{search}"),
                        NavigateOptions {
                            replace: true,
                            keep_scroll: true,
                        },
                    );
                }
                view! { <Details loaded=loaded id=id.clone()/> }.into_any()
            }
            None if failed => view! {
                <div class="notice notice--error" role="alert">
                    <p>{t!(i18n, plan.load_error)}</p>
                    <button type="button" on:click=retry>{t!(i18n, plan.retry)}</button>
                </div>
            }
            .into_any(),
            None => view! {
                <h1>{t!(i18n, activity.not_found)}</h1>
                <p><a href=crate::app::to("/")>{t!(i18n, activity.back)}</a></p>
            }
            .into_any(),
        }
    }
}

/// The plan, when it loaded and has the activity `id`; notes a failure to load in `failed`
/// (a missing year is no failure: most years lack most activities).
fn holding(
    plan: Result<Arc<Loaded>, LoadError>,
    id: &str,
    failed: &mut bool,
) -> Option<Arc<Loaded>> {
    match plan {
        Ok(loaded) if loaded.plan.activity(id).is_some() => Some(loaded),
        Ok(_) | Err(LoadError::Missing) => None,
        Err(_) => {
            *failed = true;
            None
        }
    }
}

#[component]
fn Details(loaded: Arc<Loaded>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.get_locale();
    move || {
        let plan = &loaded.plan;
        let Some(activity) = plan.activity(&id).cloned() else {
            return view! {
                <h1>{t!(i18n, activity.not_found)}</h1>
                <p><a href=crate::app::to("/")>{t!(i18n, activity.back)}</a></p>
            }
            .into_any();
        };
        let lang = lang();
        let none = t_string!(i18n, results.no_date).to_string();
        let or = t_string!(i18n, results.or).to_string();
        // The same texts the server writes into the page before the app runs
        // (routes::static_files::with_activity), so the page does not change when it does.
        let group = dxday_core::page::group_heading(plan, &activity, lang);
        let lead = org_names(
            plan,
            &activity.lead.iter().cloned().collect::<Vec<_>>(),
            lang,
        );
        let partners = org_names(plan, &activity.partners, lang);
        let source = dxday_core::page::source_text(
            plan,
            &activity,
            lang,
            t_string!(i18n, activity.community),
        );
        let for_download = loaded.clone();
        let add_to_calendar = {
            let activity = activity.clone();
            move |_| {
                let plan = &for_download.plan;
                let text = ics::calendar(
                    plan,
                    [&activity],
                    i18n.get_locale_untracked(),
                    utc_now(),
                    &activity_url(for_download.plan.year),
                );
                crate::browser::download(
                    &format!("{}.ics", activity.id),
                    "text/calendar;charset=utf-8",
                    &text,
                );
            }
        };
        crate::browser::set_title(activity.title.get(lang));
        let dated = activity.is_dated();
        let back = crate::app::to(&format!("/?year={}", plan.year));
        view! {
            <article class="activity">
                <p><a href=back>{t!(i18n, activity.back)}</a></p>
                <h1>{activity.title.get(lang).to_owned()}</h1>
                <p class="activity__summary">{activity.summary.get(lang).to_owned()}</p>
                <dl class="facts">
                    <dt>{t!(i18n, activity.when)}</dt>
                    <dd>{windows_text(&activity, lang, &none, &or)}</dd>
                    <dt>{t!(i18n, activity.group)}</dt>
                    <dd>{group}</dd>
                    {(!lead.is_empty()).then(|| view! { <dt>{t!(i18n, results.lead)}</dt><dd>{lead}</dd> })}
                    {(!partners.is_empty()).then(|| view! { <dt>{t!(i18n, results.partners)}</dt><dd>{partners}</dd> })}
                    <dt>{t!(i18n, activity.source)}</dt>
                    <dd>{source}</dd>
                </dl>
                {dated.then(|| view! {
                    <button type="button" class="primary" on:click=add_to_calendar>{t!(i18n, activity.add_to_calendar)}</button>
                })}
                <crate::components::share::Share title={
                    let title = activity.title.get(lang).to_owned();
                    Callback::new(move |()| title.clone())
                }/>
            </article>
        }
        .into_any()
    }
}
