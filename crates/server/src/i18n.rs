//! The API's words in the caller's language (`Accept-Language: en`, or `vi`, the default),
//! from the app's own `locales/` files: the `api` section for an error's `message`, the
//! `errors` section (the words the form shows) for each field's code. The codes never change.

use axum::http::header;
use dxday_core::Lang;
use std::collections::BTreeMap;
use std::sync::LazyLock;

type Sections = BTreeMap<String, BTreeMap<String, String>>;

/// Both locale files, read when the server is compiled; the app's build checks that they
/// hold the same keys.
static LOCALES: LazyLock<[Sections; 2]> = LazyLock::new(|| {
    let read = |text: &str| serde_json::from_str::<Sections>(text).unwrap_or_default();
    [
        read(include_str!("../../../locales/vi.json")),
        read(include_str!("../../../locales/en.json")),
    ]
});

tokio::task_local! {
    /// The language of the request being answered.
    static LANG: Lang;
}

/// The language of the request being answered: Vietnamese outside of one.
pub fn current() -> Lang {
    LANG.try_with(|l| *l).unwrap_or_default()
}

/// A text of the locales, or `None` when the key is not there.
pub fn text(lang: Lang, section: &str, key: &str) -> Option<&'static str> {
    let locales = &*LOCALES;
    let index = usize::from(lang == Lang::En);
    locales[index]
        .get(section)
        .and_then(|s| s.get(key))
        .map(String::as_str)
}

/// The words of an error `message` (section `api`).
pub fn message(lang: Lang, key: &str) -> &'static str {
    text(lang, "api", key)
        .or_else(|| text(lang, "api", "invalid_fields"))
        .unwrap_or("")
}

/// The words of a field's error code, as the form shows them (section `errors`).
pub fn field_message(lang: Lang, field: &str, code: &str) -> &'static str {
    let key = dxday_core::messages::field_error_key(field, code);
    text(lang, "errors", key)
        .or_else(|| text(lang, "errors", "invalid"))
        .unwrap_or("")
}

/// The language a request's `Accept-Language` prefers (Vietnamese without one).
pub fn preferred(headers: &axum::http::HeaderMap) -> Lang {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(dxday_core::messages::preferred_lang)
        .unwrap_or_default()
}

/// Runs `answer` with [`current`] giving `lang`.
pub fn scope<F: std::future::Future>(
    lang: Lang,
    answer: F,
) -> impl std::future::Future<Output = F::Output> {
    LANG.scope(lang, answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_api_message_and_field_code_has_words_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            for key in [
                "not_found",
                "too_large",
                "malformed_body",
                "malformed_query",
                "storage_unavailable",
                "body_over_16k",
                "idempotency_key_required",
                "rate_limited",
                "malformed_json",
                "invalid_fields",
                "in_flight",
                "idempotency_key_reused",
                "page_out_of_range",
                "unauthorized",
                "unknown_status",
                "malformed_decision",
                "unknown_decision",
                "reason_required",
                "reason_invalid",
            ] {
                assert!(text(lang, "api", key).is_some(), "{lang:?} api.{key}");
            }
            for code in dxday_core::validate::ERROR_CODES
                .iter()
                .chain(&["out_of_range"])
            {
                assert!(
                    text(lang, "errors", code).is_some(),
                    "{lang:?} errors.{code}"
                );
            }
        }
        assert_eq!(
            field_message(Lang::Vi, "title", "too_short"),
            "Nội dung quá ngắn."
        );
        assert_eq!(
            field_message(Lang::En, "province", "required"),
            "Please choose an item from the list."
        );
    }
}
