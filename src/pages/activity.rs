//! `/activities/{id}`: one activity with its lead, partners, dates and legal source.

use crate::components::export::{activity_url, utc_now};
use crate::components::results::{org_names, windows_text};
use crate::components::with_plan::WithPlan;
use crate::i18n::*;
use crate::store::Loaded;
use dxday_core::dates::display;
use dxday_core::ics;
use dxday_core::model::Source;
use leptos::prelude::*;
use std::sync::Arc;

/// The page of one activity.
#[component]
pub fn ActivityPage(
    /// The activity's id, from the address.
    id: String,
) -> impl IntoView {
    let render = move |loaded: Arc<Loaded>| view! { <Details loaded=loaded id=id.clone()/> };
    view! { <WithPlan render=render/> }
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
        let group = plan
            .group(&activity.group)
            .map(|g| g.heading.get(lang).to_owned())
            .unwrap_or_default();
        let lead = org_names(
            plan,
            &activity.lead.iter().cloned().collect::<Vec<_>>(),
            lang,
        );
        let partners = org_names(plan, &activity.partners, lang);
        let source = match &activity.source {
            Source::Plan { document } => plan
                .document(document)
                .map(|d| {
                    let number = d
                        .number
                        .clone()
                        .map(|n| format!(" {n}"))
                        .unwrap_or_default();
                    let date = d
                        .date
                        .map(|date| format!(", {}", display(date, lang)))
                        .unwrap_or_default();
                    format!(
                        "{}{number} ({}{date})",
                        d.title.get(lang),
                        d.issuer.get(lang)
                    )
                })
                .unwrap_or_default(),
            Source::Initiative { .. } => t_string!(i18n, activity.community).to_string(),
        };
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
                    &activity_url,
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
        view! {
            <article class="activity">
                <p><a href=crate::app::to("/")>{t!(i18n, activity.back)}</a></p>
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
            </article>
        }
        .into_any()
    }
}
