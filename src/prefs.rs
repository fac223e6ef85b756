//! The language preference: read from the link, then from this device, then Vietnamese.

use dxday_core::Lang;

const STORAGE_KEY: &str = "dxday.lang";

/// The language to start in: `?lang=` in the address wins over the choice kept on this device.
pub fn initial_lang() -> Lang {
    let from_link = crate::browser::location_search()
        .map(|s| dxday_core::ExplorerQuery::parse(&s))
        .and_then(|q| q.lang);
    from_link
        .or_else(|| crate::browser::storage_get(STORAGE_KEY).and_then(|v| Lang::from_code(&v)))
        .unwrap_or_default()
}

/// Keeps the choice on this device for the next visit.
pub fn remember(lang: Lang) {
    crate::browser::storage_set(STORAGE_KEY, lang.code());
}
