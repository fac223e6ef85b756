//! "Chia sẻ" and "Mã QR": the address of what is on screen, passed on. The browser's own
//! share sheet where it has one (the Web Share API); otherwise a small panel with copy
//! link, Zalo, Facebook and e-mail. The QR code is made by the server (`GET /api/qr`), so
//! it costs this wasm nothing but an image address.

use crate::i18n::*;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The address of this page to pass on: the public address as the browser has it, without
/// the widget's `embed=1`. Also the path under the app's base, for the QR code.
fn shared_address(location: crate::nav::Location) -> (String, String) {
    let pathname = location.pathname.get();
    let query = dxday_core::share::shared_query(&location.search.get());
    let path = match query.is_empty() {
        true => pathname.clone(),
        false => format!("{pathname}?{query}"),
    };
    let full = format!("{}{}", crate::browser::origin(), crate::app::to(&path));
    (full, path)
}

/// The browser's `navigator.share`, when it has one (phones mostly; few desktops).
fn web_share() -> Option<(wasm_bindgen::JsValue, js_sys::Function)> {
    let navigator: wasm_bindgen::JsValue = web_sys::window()?.navigator().into();
    let share = crate::browser::sure::get(&navigator, &"share".into());
    Some((navigator, share.dyn_into().ok()?))
}

/// What the share module is drawn from and gives back: the buttons' state, which the
/// module that draws the panel and the QR dialog finds in the context of its [`Share`].
///
/// What sharing needs (the view's name, the address, the Web Share call) is in that
/// module too, not in the first visit's wasm (708 B of it in brotli): a first press of
/// "Chia sẻ" fetches the module, and shares once it is here. It is fetched as soon as a
/// reader reaches for either button (pointer down, focus), so the press itself finds it
/// here, and the browser's share sheet gets the press's activation.
#[derive(Clone, Copy)]
pub struct ShareState {
    /// What the shared link is called; `None` for the explorer's view, named as the server
    /// names it in the page's head ([`view_title`]).
    pub title: Option<Callback<(), String>>,
    /// Whether the panel of copy, Zalo, Facebook and e-mail is open.
    pub open: RwSignal<bool>,
    /// The page's address, passed on without the widget's flag.
    pub location: crate::nav::Location,
    /// Shares, once the module is here: the browser's share sheet, or the panel.
    pub share: StoredValue<Option<Callback<()>>>,
    /// "Chia sẻ" was pressed before the module was here: it shares once it is.
    pub asked: StoredValue<bool>,
}

/// The id of the QR dialog, once drawn (one [`Share`] a page).
const QR: &str = "qr-dialog";

/// The share and QR buttons for what is on screen, titled `title` (the explorer's view
/// when `None`).
#[component]
pub fn Share(
    /// What the shared link is called (the activity's title): read when sharing, and
    /// followed by the QR dialog's heading.
    #[prop(optional)]
    title: Option<Callback<(), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = ShareState {
        title,
        open: RwSignal::new(false),
        location: crate::nav::use_location(),
        share: StoredValue::new(None),
        asked: StoredValue::new(false),
    };
    provide_context(state);
    let drawn = crate::app::OnDemand::new(expect_context::<crate::app::PlanParts>().share_panels);
    let open_qr = crate::app::modal_opener(drawn, QR);
    let share = move |_| match state.share.get_value() {
        Some(share) => share.run(()),
        None => {
            state.asked.set_value(true);
            drawn.load();
        }
    };
    let show_qr = move |_| open_qr();
    let reach = move || drawn.load();
    view! {
        <div class="share">
            <div class="share__buttons" on:pointerdown=move |_| reach() on:focusin=move |_| reach()>
                // aria-controls only once the panel it names is in the page.
                <button type="button" class="share__button" aria-expanded=move || state.open.get().to_string() aria-controls=move || (state.open.get() && drawn.ready()).then(|| "share-panel".to_owned()) on:click=share>
                    {t!(i18n, share.button)}
                </button>
                <button type="button" class="share__button" aria-haspopup="dialog" on:click=show_qr>{t!(i18n, share.qr)}</button>
            </div>
            {drawn.view()}
        </div>
    }
}

/// The share panel and the QR dialog of a [`Share`], drawn by the module that
/// `PlanParts::share_panels` loads.
pub fn panels() -> AnyView {
    let i18n = use_i18n();
    let state: ShareState = expect_context();
    let open = state.open;
    let explorer = use_context::<crate::pages::explorer::ExplorerState>();
    let title = Callback::new(move |()| match (state.title, &explorer) {
        (Some(title), _) => title.run(()),
        (None, Some(explorer)) => view_title(explorer, i18n.get_locale()),
        (None, None) => String::new(),
    });
    let location = state.location;
    let address = Callback::new(move |()| shared_address(location));
    let share = Callback::new(move |()| {
        let Some((navigator, share)) = web_share() else {
            open.update(|o| *o = !*o);
            return;
        };
        let data = js_sys::Object::new();
        let (title, url) = untrack(|| (title.run(()), address.run(()).0));
        crate::browser::sure::set(&data, &"title".into(), &title.into());
        crate::browser::sure::set(&data, &"url".into(), &url.into());
        if let Ok(promise) = share.call1(&navigator, &data) {
            // Dismissing the share sheet rejects the promise: nothing to tell anyone.
            if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                leptos::task::spawn_local(async move {
                    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
                });
            }
        }
    });
    state.share.set_value(Some(share));
    // "Chia sẻ" pressed while this module was on its way: it shares now.
    if state.asked.get_value() {
        state.asked.set_value(false);
        share.run(());
    }
    // None until "copy" is used; then whether the browser let us copy.
    let copied = RwSignal::new(None::<bool>);
    let copy = move |_| {
        let url = untrack(|| address.run(()).0);
        leptos::task::spawn_local(async move {
            copied.set(Some(crate::browser::copy_text(&url).await));
        });
    };
    let links = move || dxday_core::share::links(&address.run(()).0, &title.run(()));
    let close_qr = move |_| {
        if let Some(dialog) = crate::browser::dialog(QR) {
            dialog.close();
        }
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let qr_src = move |format: &str, download: bool| {
        let path = dxday_core::query::encode(&address.run(()).1);
        let download = if download { "&download=1" } else { "" };
        crate::app::to(&format!("/api/qr?path={path}&format={format}{download}"))
    };
    view! {
        <div class="share__panel" id="share-panel" hidden=move || !open.get()>
            <ul class="share__list" aria-label=move || t_string!(i18n, share.options).to_owned()>
                <li><button type="button" on:click=copy>{t!(i18n, share.copy)}</button></li>
                <li><a href=move || links().zalo target="_blank" rel="noopener">{t!(i18n, share.zalo)}<span class="visually-hidden">" " {t!(i18n, share.new_tab)}</span></a></li>
                <li><a href=move || links().facebook target="_blank" rel="noopener">{t!(i18n, share.facebook)}<span class="visually-hidden">" " {t!(i18n, share.new_tab)}</span></a></li>
                <li><a href=move || links().email>{t!(i18n, share.email)}</a></li>
            </ul>
            <p class="share__status" role="status">
                {move || match copied.get() {
                    Some(true) => t_string!(i18n, share.copied).to_string(),
                    Some(false) => t_string!(i18n, share.copy_failed).to_string(),
                    None => String::new(),
                }}
            </p>
        </div>
        // The code is fetched when the dialog opens (`loading="lazy"`: a closed dialog
        // shows nothing), not when the dialog is drawn.
        <dialog class="qr" id=QR aria-labelledby="qr-title">
            <h2 id="qr-title" class="qr__title">{move || title.run(())}</h2>
            <img class="qr__code" width="400" height="400" loading="lazy" src=move || qr_src("svg", false) alt=move || t_string!(i18n, share.qr_alt, url = address.run(()).0)/>
            <p class="qr__url">{move || address.run(()).0}</p>
            <p class="qr__hint">{t!(i18n, share.qr_hint)}</p>
            <div class="qr__actions">
                <a href=move || qr_src("svg", true) download="ma-qr.svg">{t!(i18n, share.download_svg)}</a>
                <a href=move || qr_src("png", true) download="ma-qr.png">{t!(i18n, share.download_png)}</a>
                <button type="button" on:click=print>{t!(i18n, share.print)}</button>
                <button type="button" class="primary" on:click=close_qr>{t!(i18n, share.close)}</button>
            </div>
        </dialog>
    }
    .into_any()
}

/// The explorer's current view, named as the server names it in the page's head ("3 hoạt
/// động của Vụ Bưu chính, 01/10–31/10/2022"; the plan's name unfiltered).
fn view_title(state: &crate::pages::explorer::ExplorerState, lang: dxday_core::Lang) -> String {
    let plan = &state.loaded.plan;
    let filter = state.query.with(|q| q.filter.known_to(plan));
    if filter.is_empty() {
        return plan.name.get(lang).to_owned();
    }
    let shown = state.results.with(|r| r.matches.len());
    dxday_core::head::view_name(plan, &filter, shown, lang)
}
