//! The language switch: one button that names the other language in that language.

use crate::i18n::*;
use crate::nav::{NavigateOptions, use_location, use_navigate};
use dxday_core::Lang;
use leptos::prelude::*;

/// Switches between Vietnamese and English; the choice is kept on this device and written
/// into the address (`lang=`), so a link copied now opens in the same language.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let navigate = use_navigate();
    let toggle = move |_| {
        let next = match i18n.get_locale_untracked() {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        };
        i18n.set_locale(next);
        let code = next.code();
        let search =
            dxday_core::query::with_param(&location.search.get_untracked(), "lang", Some(code));
        // The same page, with no new history entry: back still leaves the page.
        navigate(
            &format!("{}?{search}", location.pathname.get_untracked()),
            NavigateOptions {
                replace: true,
                keep_scroll: true,
            },
        );
    };
    // The label is in the language it switches to, so a person who cannot read the
    // current one still finds it; `lang` makes screen readers pronounce it right.
    // A String, as the plan's other reactive attributes give: the last one that gave a
    // &str had the code for that to itself.
    let other_code = move || {
        match i18n.get_locale() {
            Lang::Vi => "en",
            Lang::En => "vi",
        }
        .to_owned()
    };
    view! {
        <button
            type="button"
            class="lang-switch"
            lang=other_code
            aria-label=move || t_string!(i18n, lang.other_name).to_owned()
            on:click=toggle
        >
            {t!(i18n, lang.other)}
        </button>
    }
}
