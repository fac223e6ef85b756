//! The language layer: every text a person reads comes from `locales/vi.json` or
//! `locales/en.json` through here.
//!
//! `build.rs` turns the two files into one `Key` constant per message, holding its text in
//! both languages, and refuses to build when they disagree: no parsing, no allocation, and
//! one reactive text type for the whole app, which keeps the wasm small (a generated
//! closure per message used to cost a copy of the rendering code each). Being constants,
//! only the messages a binary uses are linked into it: the plan's wasm carries none of the
//! forms' texts, and neither carries the server's (the `api` sections). One array of every
//! text per language, as before, put all of them (about 9 KB brotli) into both.

use dxday_core::Lang;
use leptos::prelude::*;

include!(concat!(env!("OUT_DIR"), "/i18n_tables.rs"));

/// One message of the locale files, in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    vi: &'static str,
    en: &'static str,
}

/// The language the app speaks now, shared by every component.
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Starts in `lang`, and keeps `<html lang>` in step, so that screen readers pronounce
    /// the page in the language it is written in.
    pub fn provide(lang: Lang) -> I18n {
        let i18n = I18n {
            lang: RwSignal::new(lang),
        };
        provide_context(i18n);
        crate::app::effect(move || {
            let code = i18n.get_locale().code();
            if let Some(root) = document().document_element() {
                crate::browser::sure::set_attribute(&root, "lang", code);
            }
        });
        i18n
    }

    /// The language now; a reactive read.
    pub fn get_locale(self) -> Lang {
        self.lang.get()
    }

    /// The language now, without subscribing to changes.
    pub fn get_locale_untracked(self) -> Lang {
        self.lang.get_untracked()
    }

    /// Switches every text of the app to `lang`.
    pub fn set_locale(self, lang: Lang) {
        self.lang.set(lang);
    }

    /// The text of `key` in the language now; a reactive read.
    pub fn text(self, key: Key) -> &'static str {
        text_in(self.get_locale(), key)
    }

    /// The text of `key` as a view that follows the language.
    pub fn view(self, key: Key) -> impl IntoView + use<> {
        move || self.text(key)
    }
}

/// The text of `key` in `lang`.
pub fn text_in(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Vi => key.vi,
        Lang::En => key.en,
    }
}

/// The language context of the app.
pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A message as a view that follows the language: `t!(i18n, site.title)`.
macro_rules! t {
    ($i18n:expr, $($key:ident).+) => {
        $crate::i18n::I18n::view($i18n, $crate::i18n::keys::$($key)::+)
    };
}

/// A message as text in the language now (a reactive read): `t_string!(i18n, site.title)`,
/// or with its placeholders filled: `t_string!(i18n, results.count, count = n)`.
macro_rules! t_string {
    ($i18n:expr, $($key:ident).+) => {
        $crate::i18n::I18n::text($i18n, $crate::i18n::keys::$($key)::+)
    };
    ($i18n:expr, $($key:ident).+, $($name:ident = $value:expr),+ $(,)?) => {
        ::dxday_core::messages::fill(
            $crate::i18n::I18n::text($i18n, $crate::i18n::keys::$($key)::+),
            &[$((stringify!($name), $value.to_string().as_str())),+],
        )
    };
}

pub(crate) use {t, t_string};
