//! The route table and the frame every page shares: skip link, header, main, footer.

use crate::components::header::SiteHeader;
use crate::i18n::*;
use crate::pages::{about::About, activity::ActivityPage, explorer::Explorer, not_found::NotFound};
use crate::store::PlanStore;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// The base path the app is served under (`/` or e.g. `/cds/`), from `<base href>`.
pub fn base_href() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("base").ok().flatten())
        .and_then(|b| b.get_attribute("href"))
        .filter(|h| h.starts_with('/'))
        .map(|h| if h.ends_with('/') { h } else { format!("{h}/") })
        .unwrap_or_else(|| "/".to_owned())
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Shell/>
        </I18nContextProvider>
    }
}

/// Everything inside the i18n provider, so that it can read and set the language.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let initial = crate::prefs::locale(crate::prefs::initial_lang());
    i18n.set_locale(initial);
    // leptos_i18n's provider sets the browser's preferred language in an effect of its own
    // after the first render; ours runs after it and puts back the language chosen here
    // (the link's, this device's, or Vietnamese), so a browser in English still starts in
    // Vietnamese unless the person chose otherwise.
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            i18n.set_locale(initial);
        }
    });
    Effect::new(move |_| {
        let lang = crate::prefs::lang(i18n.get_locale());
        crate::prefs::remember(lang);
        crate::browser::set_document_lang(lang.code());
        crate::browser::set_title(t_string!(i18n, site.title));
    });
    provide_context(PlanStore::new());
    let base = base_href();
    let base = base.trim_end_matches('/').to_owned();
    view! {
        <Router base=base>
            <a class="skip-link" href="#main">{t!(i18n, site.skip)}</a>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Explorer/>
                    <Route path=path!("/activities/:id") view=ActivityPage/>
                    <Route path=path!("/about") view=About/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t!(i18n, site.footer)}</p>
            </footer>
        </Router>
    }
}
