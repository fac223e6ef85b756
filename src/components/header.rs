//! The site header: the same markup as the static shell in `index.html`, so nothing moves
//! when the app takes over.

use crate::browser::element;
use crate::i18n::*;
use crate::nav::{Location, NavigateOptions, use_location, use_navigate};
use dxday_core::Lang;
use dxday_core::page::{HeaderWords, NAV_IDS, header_html};
use leptos::prelude::*;

/// The navigation's links: each one's text, address and whether it is the page shown.
fn nav_links(i18n: I18n, location: Location) -> Vec<(&'static str, String, bool)> {
    let now = location.pathname.get();
    let search = location.search.get();
    // The link of the page shown is marked for screen readers (and in bold, for all).
    let here = |path: &str| now == path || (path != "/" && now.starts_with(&format!("{path}/")));
    // The plan's pages stay in the year a person is reading.
    let in_year = |path: &str| crate::app::to(&crate::years::keep_year(path, &search));
    vec![
        (t_string!(i18n, nav.explorer), in_year("/"), here("/")),
        (
            t_string!(i18n, nav.submit),
            crate::app::to("/initiatives/new"),
            here("/initiatives/new"),
        ),
        (
            t_string!(i18n, nav.track),
            crate::app::to("/initiatives/track"),
            here("/initiatives/track"),
        ),
        (
            t_string!(i18n, nav.about),
            in_year("/about"),
            here("/about"),
        ),
    ]
}

/// Opens or closes the menu (on a phone, the navigation and the language switch).
fn set_menu(open: bool) {
    if let Some(button) = element("site-menu-toggle") {
        crate::browser::sure::set_attribute(
            &button,
            "aria-expanded",
            if open { "true" } else { "false" },
        );
    }
    if let Some(menu) = element("site-menu") {
        let _ = menu.class_list().toggle_with_force("site-menu--open", open);
    }
}

fn menu_open() -> bool {
    element("site-menu-toggle")
        .and_then(|b| b.get_attribute("aria-expanded"))
        .as_deref()
        == Some("true")
}

/// Site title, main navigation and the language switch. On a phone the navigation and the
/// language switch sit behind a menu button (a disclosure), so the header is one line.
///
/// Written by dxday-core (page::header_html) for each language; a new address changes the
/// links in place, and one click and one key listener read the buttons and links.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let navigate = use_navigate();
    let inside = move || {
        let words = HeaderWords {
            title: t_string!(i18n, site.title),
            menu: t_string!(i18n, nav.menu),
            nav: t_string!(i18n, nav.label),
            other: t_string!(i18n, lang.other),
            other_name: t_string!(i18n, lang.other_name),
        };
        let links = untrack(|| nav_links(i18n, location));
        header_html(&words, i18n.get_locale(), &crate::app::to("/"), &links)
    };
    crate::app::effect(move || {
        for ((_, href, here), id) in nav_links(i18n, location).into_iter().zip(NAV_IDS) {
            crate::browser::set_link(id, &href, here);
        }
    });
    // Switches between Vietnamese and English; the choice is kept on this device and
    // written into the address (`lang=`), so a link copied now opens in the same language.
    let switch_language = move || {
        let next = match i18n.get_locale_untracked() {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
        // The header is written again in the new language (by an effect, after this
        // handler): the switch, new too, gets the focus its old self had.
        i18n.set_locale(next);
        request_animation_frame(|| crate::browser::focus("lang-switch"));
        let search = dxday_core::query::with_param(
            &location.search.get_untracked(),
            "lang",
            Some(next.code()),
        );
        // The same page, with no new history entry: back still leaves the page.
        navigate(
            &format!("{}?{search}", location.pathname.get_untracked()),
            NavigateOptions {
                replace: true,
                keep_scroll: true,
            },
        );
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        let target = event_target::<web_sys::Element>(&ev);
        if crate::browser::sure::closest(&target, "#site-menu-toggle").is_some() {
            set_menu(!menu_open());
        } else if crate::browser::sure::closest(&target, "#site-menu").is_some() {
            // Choosing a link or the language closes the menu.
            set_menu(false);
            if crate::browser::sure::closest(&target, "#lang-switch").is_some() {
                switch_language();
            }
        }
    };
    // Esc closes the menu from anywhere inside it and gives focus back to its button, as
    // a disclosure should.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && menu_open() {
            set_menu(false);
            crate::browser::focus("site-menu-toggle");
        }
    };
    view! { <header class="site-header" inner_html=inside on:click=on_click on:keydown=on_keydown></header> }
}
