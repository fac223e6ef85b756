//! `/about`: the plan's background — the decision, the theme, the spirit, the key dates.

use crate::components::with_plan::{WithPlan, drawn};
use crate::components::year_switch::YearSwitch;
use crate::i18n::*;
use crate::store::Loaded;
use dxday_core::Text;
use dxday_core::dates::display;
use leptos::prelude::*;
use std::sync::Arc;

/// The background of the plan of the address's year, from the plan file, with the years.
#[component]
pub fn About() -> impl IntoView {
    let render = |loaded: Arc<Loaded>| view! { <Background loaded=loaded/> };
    view! {
        <YearSwitch/>
        <WithPlan render=drawn(render)/>
    }
}

#[component]
fn Background(loaded: Arc<Loaded>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.get_locale();
    let list = move |items: Vec<Text>| {
        move || {
            items
                .iter()
                .map(|t| view! { <li>{t.get(lang()).to_owned()}</li> })
                .collect_view()
        }
    };
    let plan = &loaded.plan;
    let docs = plan.legal_basis.clone();
    let documents = move || {
        docs.iter()
            .map(|d| {
                let number = d.number.clone().map(|n| format!("{n}, ")).unwrap_or_default();
                // Some documents are reported without their date: it is left out, not guessed.
                let date = d.date.map(|date| {
                    view! {
                        ", "
                        <time datetime=dxday_core::query::iso_date(date)>{display(date, lang())}</time>
                    }
                });
                view! {
                    <li>
                        <strong>{d.title.get(lang()).to_owned()}</strong>
                        " ("
                        {number}
                        {d.issuer.get(lang()).to_owned()}
                        {date}
                        ")"
                    </li>
                }
            })
            .collect_view()
    };
    let name = plan.name.clone();
    let theme = plan.theme.clone();
    view! {
        <article class="about">
            <h1>{move || name.get(lang()).to_owned()}</h1>
            <h2>{t!(i18n, plan.theme)}</h2>
            <p class="overview__quote">{move || theme.get(lang()).to_owned()}</p>
            <h2>{t!(i18n, plan.objectives)}</h2>
            <ul>{list(plan.objectives.clone())}</ul>
            <h2>{t!(i18n, plan.spirit)}</h2>
            <ul>{list(plan.principles.clone())}</ul>
            <h2>{t!(i18n, plan.focus)}</h2>
            <ul>{list(plan.focus_areas.clone())}</ul>
            <h2>{t!(i18n, plan.legal_basis)}</h2>
            <ul>{documents}</ul>
        </article>
    }
}
