//! The site header: the same markup as the static shell in `index.html`, so nothing moves
//! when the app takes over.

use crate::components::lang_switch::LangSwitch;
use crate::i18n::*;
use leptos::prelude::*;

/// Site title, main navigation and the language switch. On a phone the navigation and the
/// language switch sit behind a menu button (a disclosure), so the header is one line.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let location = crate::nav::use_location();
    // The link of the page shown is marked for screen readers (and in bold, for all).
    let current = move |path: &'static str| {
        move || {
            let now = location.pathname.get();
            let here = now == path || (path != "/" && now.starts_with(&format!("{path}/")));
            here.then(|| "page".to_owned())
        }
    };
    // The plan's pages stay in the year a person is reading.
    let in_year = move |path: &'static str| {
        move || crate::app::to(&crate::years::keep_year(path, &location.search.get()))
    };
    let open = RwSignal::new(false);
    // Esc closes the menu from anywhere inside it and gives focus back to its button, as
    // a disclosure should; choosing a link or the language closes it too.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if open.get_untracked() && ev.key() == "Escape" {
            open.set(false);
            crate::browser::focus("site-menu-toggle");
        }
    };
    view! {
        <header class="site-header" on:keydown=on_keydown>
            <div class="site-header__inner">
                <p class="site-title">
                    <a href=crate::app::to("/")>{t!(i18n, site.title)}</a>
                </p>
                <button
                    type="button"
                    class="menu-toggle"
                    id="site-menu-toggle"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="site-menu"
                    on:click=move |_| open.update(|o| *o = !*o)
                >
                    <span class="menu-toggle__icon" aria-hidden="true"></span>
                    {t!(i18n, nav.menu)}
                </button>
                // A closure, not the signal itself, as the plan's other reactive classes and
                // properties are given: with the search box's value given the same way, no
                // signal is an attribute in the plan's main module, and its code for that
                // went (330 B in brotli; the forms', whose attributes take signals, 242 more).
                <div class="site-menu" id="site-menu" class:site-menu--open=move || open.get() on:click=move |_| open.set(false)>
                    <nav class="site-nav" aria-label=move || t_string!(i18n, nav.label).to_owned()>
                        <a href=in_year("/") aria-current=current("/")>{t!(i18n, nav.explorer)}</a>
                        <a href=crate::app::to("/initiatives/new") aria-current=current("/initiatives/new")>{t!(i18n, nav.submit)}</a>
                        <a href=crate::app::to("/initiatives/track") aria-current=current("/initiatives/track")>{t!(i18n, nav.track)}</a>
                        <a href=in_year("/about") aria-current=current("/about")>{t!(i18n, nav.about)}</a>
                    </nav>
                    <LangSwitch/>
                </div>
            </div>
        </header>
    }
}
