//! The language preference: read from the link, then from this device, then Vietnamese.

use crate::i18n::Locale;
use dxday_core::Lang;

const STORAGE_KEY: &str = "dxday.lang";

/// The locale of a language of ours.
pub fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Vi => Locale::vi,
        Lang::En => Locale::en,
    }
}

/// The language of a locale.
pub fn lang(locale: Locale) -> Lang {
    match locale {
        Locale::vi => Lang::Vi,
        Locale::en => Lang::En,
    }
}

/// The language to start in: `?lang=` in the address wins over the choice kept on this device.
pub fn initial_lang() -> Lang {
    let from_link = crate::browser::location_search()
        .map(|s| dxday_core::ExplorerQuery::parse(&s))
        .and_then(|q| q.lang);
    from_link
        .or_else(|| crate::browser::storage_get(STORAGE_KEY).and_then(|v| Lang::from_code(&v)))
        .unwrap_or_default()
}

/// Starts the app in `locale`. leptos_i18n's provider sets the browser's preferred language
/// in an effect of its own after the first render; the effect here runs after it and puts
/// back the language chosen (the link's, this device's, or Vietnamese).
pub fn start_in(i18n: leptos_i18n::I18nContext<Locale>, locale: Locale) {
    use leptos::prelude::*;
    i18n.set_locale(locale);
    Effect::new(move |first: Option<()>| {
        if first.is_none() {
            i18n.set_locale(locale);
        }
    });
}

/// Keeps the choice on this device for the next visit.
pub fn remember(lang: Lang) {
    crate::browser::storage_set(STORAGE_KEY, lang.code());
}
