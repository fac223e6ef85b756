//! The site header: the same markup as the static shell in `index.html`, so nothing moves
//! when the app takes over.

use crate::components::lang_switch::LangSwitch;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

/// Site title, main navigation and the language switch.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <p class="site-title">
                    <A href=crate::app::to("/")>{t!(i18n, site.title)}</A>
                </p>
                <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label)>
                    <A href=crate::app::to("/")>{t!(i18n, nav.explorer)}</A>
                    <A href=crate::app::to("/initiatives/new")>{t!(i18n, nav.submit)}</A>
                    <A href=crate::app::to("/initiatives/track")>{t!(i18n, nav.track)}</A>
                    <A href=crate::app::to("/about")>{t!(i18n, nav.about)}</A>
                </nav>
                <LangSwitch/>
            </div>
        </header>
    }
}
