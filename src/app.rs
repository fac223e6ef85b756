//! The route table and the frame every page shares: skip link, header, main, footer.

use crate::components::header::SiteHeader;
use crate::components::jump::JumpTo;
use crate::components::update::UpdateNotice;
use crate::i18n::*;
use crate::pages::{
    admin::AdminPage, embed::EmbedPage, not_found::NotFound, submit::SubmitPage, track::TrackPage,
};
use crate::store::PlanStore;
use dxday_core::route::{Bundle, Route};
use leptos::prelude::*;

/// The base path the app is served under (`/` or e.g. `/cds/`), from `<base href>`: read
/// from the page once, since the server wrote it and it never changes.
pub fn base_href() -> &'static str {
    static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("base").ok().flatten())
            .and_then(|b| b.get_attribute("href"))
            .filter(|h| h.starts_with('/'))
            .map(|h| if h.ends_with('/') { h } else { format!("{h}/") })
            .unwrap_or_else(|| "/".to_owned())
    })
}

/// The address of an app path (`/about`) where the app is served (`/cds/about`), for links.
pub fn to(path: &str) -> String {
    format!("{}{path}", base_href().trim_end_matches('/'))
}

/// True when the app runs as the compact widget in another site's iframe (`?embed=1` when
/// it started): read once, for every part to read. Kept here rather than in a context,
/// whose type brought its own copy of Leptos's context code.
pub fn is_embedded() -> bool {
    static EMBEDDED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *EMBEDDED.get_or_init(crate::browser::embedded)
}

/// What one part of the app (one wasm binary) brings to it. Each binary passes its own, so
/// the other part's pages are not linked into it at all. The lazy functions are in
/// the binaries too (`main.rs`, `bin/forms.rs`), never in this library: each is an
/// exported symbol of what it is linked into, so here it would be in both binaries, and
/// in the test binaries, which have no split modules to load it from.
#[derive(Clone, Copy)]
pub struct Parts {
    /// The pages, by route.
    pub pages: fn(Route) -> AnyView,
    /// Draws the notice that a newer build waits ([`crate::components::update::notice`]).
    pub update_notice: DrawLoader,
    /// Starts the outbox: the forms keep it in context for their pages and send what waits
    /// ([`crate::outbox::Outbox::start`]); the plan, which adds nothing to it, only sends what
    /// a form left waiting, from a module fetched when something does.
    pub outbox: fn(),
}

/// Runs `f` once the current view is built, and again whenever what it read changes:
/// Leptos's `Effect::new`, through one boxed closure type. `Effect::new` is made again for
/// each closure it is given; here it is made once, and each caller adds only its box
/// (measured with the eight effects of the time: the plan's main module 72 B smaller in
/// brotli, the forms' 137).
pub fn effect(f: impl Fn() + 'static) {
    let f: Box<dyn Fn()> = Box::new(f);
    Effect::new(move |_| f());
}

/// What a binary's lazy function gives, boxed: it loads the function's module the
/// first time, then runs it.
pub type Lazy<T> = std::pin::Pin<Box<dyn Future<Output = T> + Send>>;

/// What shows in place of a part of a page whose module could not be fetched (offline
/// before the service worker kept it, or a newer build on the server): the rest of the
/// app goes on working.
pub fn part_error() -> AnyView {
    let i18n = use_i18n();
    view! { <p class="status" role="alert">{t!(i18n, site.part_error)}</p> }.into_any()
}

/// What draws a part of a page. What the part is drawn from (the share buttons' state, the
/// activity's id) it finds in the context of the page that shows it: one type for every
/// part, so [`OnDemand`]'s code is in the wasm once, where a parameter of a type of each
/// part's own made a copy of it for each (705 B of the plan's main module in brotli for the
/// share panel's and the activity page's).
pub type Draw = fn() -> AnyView;

/// A binary's lazy function that gives the [`Draw`] of a part of a page: `None` when its
/// module could not be fetched.
pub type DrawLoader = fn() -> Lazy<Option<Draw>>;

/// A part of a page drawn by a lazy module the first time a reader asks for it (a click),
/// rather than with the page: most readers never open the share panel or the timeline.
/// [`OnDemand::load`] starts the fetch; [`OnDemand::view`] shows the part once it is
/// here, or says it could not be loaded (the next ask tries again).
#[derive(Clone, Copy)]
pub struct OnDemand {
    loader: DrawLoader,
    draw: RwSignal<Option<Draw>>,
    failed: RwSignal<bool>,
    loading: StoredValue<bool>,
}

impl OnDemand {
    /// Nothing is fetched until [`OnDemand::load`].
    pub fn new(loader: DrawLoader) -> Self {
        Self {
            loader,
            draw: RwSignal::new(None),
            failed: RwSignal::new(false),
            loading: StoredValue::new(false),
        }
    }

    /// Fetches the part's module, once; again after a failure.
    pub fn load(&self) {
        let this = *self;
        if this.draw.get_untracked().is_some() || this.loading.get_value() {
            return;
        }
        this.loading.set_value(true);
        this.failed.set(false);
        // `try_`: the page may be gone by the time the module is here.
        leptos::task::spawn_local(async move {
            match (this.loader)().await {
                Some(draw) => _ = this.draw.try_set(Some(draw)),
                None => _ = this.failed.try_set(true),
            }
            _ = this.loading.try_set_value(false);
        });
    }

    /// Whether the part's module is here (tracked).
    pub fn ready(&self) -> bool {
        self.draw.with(Option::is_some)
    }

    /// Opens or closes `open`, the part's toggle, and fetches the part. While its module is
    /// not here (not yet, or its fetch failed), a click always opens: a reader who clicks
    /// again after "could not be loaded" wants the part, not the toggle closed.
    pub fn toggle(&self, open: RwSignal<bool>) {
        let ready = self.draw.with_untracked(Option::is_some);
        open.update(|o| *o = !*o || !ready);
        self.load();
    }

    /// The part once its module is here; before that, nothing, or the message that it
    /// could not be loaded.
    pub fn view(&self) -> impl IntoView + use<> {
        let (draw, failed) = (self.draw, self.failed);
        view! {
            {move || failed.get().then(part_error)}
            {move || draw.get().map(|draw| draw())}
        }
    }
}

/// The plan binary's lazy functions that draw parts of its pages, which the parts find in
/// context. One context for all of them: a context type each made Leptos's code to provide
/// and to find a context once for each type (609 B of the main module in brotli).
#[derive(Clone, Copy)]
pub struct PlanParts {
    /// Writes a download of the explorer's view ([`crate::components::export::write`]):
    /// the writers of the three formats are not needed to show the buttons.
    pub writer: crate::components::export::Writer,
    /// The share panel and the QR dialog ([`crate::components::share::panels`]): most
    /// readers never open either, so a page with sharing loads only its two buttons.
    pub share_panels: DrawLoader,
    /// The timeline's rows ([`crate::components::timeline::rows`]), when a reader opens it.
    pub timeline_rows: DrawLoader,
    /// The phone's filter sheet ([`crate::components::filters::sheet`]), when opened.
    pub filter_sheet: DrawLoader,
    /// What a year with no plan shows ([`crate::components::with_plan::no_plan`]): few
    /// readers ever ask for one.
    pub no_plan: DrawLoader,
}

/// Opens the modal `<dialog id=…>` that `part` draws: at once when it is drawn, otherwise
/// once its module is here (the part is fetched now). The filter sheet's "Lọc" and the
/// share buttons' "Mã QR" both open their dialog this way.
pub fn modal_opener(part: OnDemand, id: &'static str) -> impl Fn() + Copy + 'static {
    // Asked for before the dialog was drawn: it opens once it is there.
    let asked = StoredValue::new(false);
    effect(move || {
        if part.ready()
            && asked.get_value()
            && let Some(dialog) = crate::browser::dialog(id)
        {
            asked.set_value(false);
            let _ = dialog.show_modal();
        }
    });
    move || match crate::browser::dialog(id) {
        Some(dialog) => _ = dialog.show_modal(),
        None => {
            asked.set_value(true);
            part.load();
        }
    }
}

/// The pages of the forms: submission, tracking, moderation and the embed code.
pub fn forms_pages(route: Route) -> AnyView {
    match route {
        Route::Submit => view! { <SubmitPage/> }.into_any(),
        Route::Track(code) => view! { <TrackPage code=code/> }.into_any(),
        Route::Admin => view! { <AdminPage/> }.into_any(),
        Route::Embed => view! { <EmbedPage/> }.into_any(),
        _ => view! { <NotFound/> }.into_any(),
    }
}

/// The whole app, as one part of it: `bundle` says which, `parts` what it brings.
#[component]
pub fn App(bundle: Bundle, parts: Parts) -> impl IntoView {
    I18n::provide(crate::prefs::initial_lang());
    view! { <Shell bundle=bundle parts=parts/> }
}

/// The frame of every page.
#[component]
fn Shell(bundle: Bundle, parts: Parts) -> impl IntoView {
    let i18n = use_i18n();
    crate::app::effect(move || {
        let lang = i18n.get_locale();
        crate::prefs::remember(lang);
        crate::browser::set_title(t_string!(i18n, site.title));
    });
    provide_context(PlanStore::new());
    (parts.outbox)();
    let embedded = is_embedded();
    let location = crate::nav::provide_location(bundle);
    crate::years::provide(location);
    // Only a change of page re-creates the page: the explorer's filters live in the query
    // string and change without it.
    let route = Memo::new(move |_| Route::parse(&location.pathname.get()));
    let page = move || (parts.pages)(route.get());
    // The widget in another site's iframe has no site header or footer: the host page has
    // its own, and the frame shows only the plan.
    view! {
        {(!embedded).then(|| view! {
            <JumpTo target="main".to_owned() class="skip-link">{t!(i18n, site.skip)}</JumpTo>
            <SiteHeader/>
        })}
        <UpdateNotice notice=parts.update_notice/>
        // In the widget, the host page has its own main landmark; this one gets a name.
        <main
            id="main"
            tabindex="-1"
            aria-label=move || embedded.then(|| t_string!(i18n, site.tagline).to_string())
        >
            {page}
        </main>
        {(!embedded).then(|| view! {
            <footer class="site-footer">
                <p>{t!(i18n, site.footer)}</p>
            </footer>
        })}
    }
}
