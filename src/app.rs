//! The route table and the frame every page shares: skip link, header, main, footer.

use crate::components::header::SiteHeader;
use crate::components::update::UpdateNotice;
use crate::i18n::*;
use crate::pages::{
    about::About, activity::ActivityPage, admin::AdminPage, embed::EmbedPage, explorer::Explorer,
    not_found::NotFound, submit::SubmitPage, track::TrackPage,
};
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

/// The address of an app path (`/about`) where the app is served (`/cds/about`). Links need
/// it: the router's `<A>` takes absolute hrefs as they are, while `navigate` adds the base.
pub fn to(path: &str) -> String {
    thread_local! {
        static BASE: String = base_href().trim_end_matches('/').to_owned();
    }
    BASE.with(|base| format!("{base}{path}"))
}

/// Whether the app runs as the compact widget in another site's iframe (`?embed=1` when it
/// started); set once, for every part to read.
#[derive(Clone, Copy)]
pub struct Embedded(pub bool);

/// True inside another site's iframe.
pub fn is_embedded() -> bool {
    use_context::<Embedded>().is_some_and(|e| e.0)
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
    crate::prefs::start_in(i18n, crate::prefs::locale(crate::prefs::initial_lang()));
    Effect::new(move |_| {
        let lang = crate::prefs::lang(i18n.get_locale());
        crate::prefs::remember(lang);
        crate::browser::set_title(t_string!(i18n, site.title));
    });
    provide_context(PlanStore::new());
    let outbox = crate::outbox::Outbox::load();
    provide_context(outbox);
    outbox.watch();
    let embedded = crate::browser::embedded();
    provide_context(Embedded(embedded));
    let base = base_href();
    let base = base.trim_end_matches('/').to_owned();
    // The widget in another site's iframe has no site header or footer: the host page has
    // its own, and the frame shows only the plan.
    view! {
        <Router base=base>
            {(!embedded).then(|| view! {
                <a class="skip-link" href="#main">{t!(i18n, site.skip)}</a>
                <SiteHeader/>
            })}
            <UpdateNotice/>
            <main id="main" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Explorer/>
                    <Route path=path!("/activities/:id") view=ActivityPage/>
                    <Route path=path!("/about") view=About/>
                    <Route path=path!("/initiatives/new") view=SubmitPage/>
                    <Route path=path!("/initiatives/track") view=TrackPage/>
                    <Route path=path!("/initiatives/track/:code") view=TrackPage/>
                    <Route path=path!("/admin") view=AdminPage/>
                    <Route path=path!("/embed") view=EmbedPage/>
                </Routes>
            </main>
            {(!embedded).then(|| view! {
                <footer class="site-footer">
                    <p>{t!(i18n, site.footer)}</p>
                </footer>
            })}
        </Router>
    }
}
