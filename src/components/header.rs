//! The site header: the same markup as the static shell in `index.html`, so nothing moves
//! when the app takes over.

use crate::components::lang_switch::LangSwitch;
use crate::i18n::*;
use leptos::prelude::*;

/// Site title, main navigation and the language switch.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let location = crate::nav::use_location();
    // The link of the page shown is marked for screen readers (and in bold, for all).
    let current = move |path: &'static str| {
        move || {
            let now = location.pathname.get();
            let here = now == path || (path != "/" && now.starts_with(&format!("{path}/")));
            here.then_some("page")
        }
    };
    // The plan's pages stay in the year a person is reading.
    let in_year = move |path: &'static str| {
        move || crate::app::to(&crate::years::keep_year(path, &location.search.get()))
    };
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <p class="site-title">
                    <a href=crate::app::to("/")>{t!(i18n, site.title)}</a>
                </p>
                <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label)>
                    <a href=in_year("/") aria-current=current("/")>{t!(i18n, nav.explorer)}</a>
                    <a href=crate::app::to("/initiatives/new") aria-current=current("/initiatives/new")>{t!(i18n, nav.submit)}</a>
                    <a href=crate::app::to("/initiatives/track") aria-current=current("/initiatives/track")>{t!(i18n, nav.track)}</a>
                    <a href=in_year("/about") aria-current=current("/about")>{t!(i18n, nav.about)}</a>
                </nav>
                <LangSwitch/>
            </div>
        </header>
    }
}
