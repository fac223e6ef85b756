//! Placeholders in the texts of the locale files: `{{ count }} hoạt động`.
//!
//! The app's build script checks with [`placeholders`] that both languages of a message
//! name the same values, and the app fills them in with [`fill`].

use crate::model::Lang;
use std::collections::BTreeSet;

/// The language an `Accept-Language` header prefers of the two the service speaks: the
/// one with the highest weight (the first of equals), Vietnamese when it names neither.
/// Region subtags do not matter (`en-GB` is English); `q=0` means "not this one".
pub fn preferred_lang(header: &str) -> Lang {
    let mut best: Option<(Lang, f32)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or_default().trim();
        let primary = tag.split('-').next().unwrap_or_default();
        let lang = if primary.eq_ignore_ascii_case("vi") {
            Lang::Vi
        } else if primary.eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            continue;
        };
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
            .filter(|q| q.is_finite() && *q > 0.0);
        if let Some(weight) = weight
            && best.is_none_or(|(_, w)| weight > w)
        {
            best = Some((lang, weight));
        }
    }
    best.map_or(Lang::Vi, |(lang, _)| lang)
}

/// The message of the `errors` section of the locales that words `code` for `field`: a list
/// left on "— Chọn —" is asked to be chosen from, not "filled in". The app's form and the
/// API's `field_messages` both ask here.
pub fn field_error_key<'a>(field: &str, code: &'a str) -> &'a str {
    match (field, code) {
        ("organizer_type" | "province", "required") => "unknown_choice",
        _ => code,
    }
}

/// The names of the placeholders in `text`, or why it cannot be read: an unclosed `{{`, or
/// a name other than lower-case ASCII letters and `_`.
pub fn placeholders(text: &str) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or_else(|| format!("an unclosed {{{{ in {text:?}"))?;
        let name = after[..close].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(format!("a bad placeholder {name:?} in {text:?}"));
        }
        names.insert(name.to_owned());
        rest = &after[close + 2..];
    }
    Ok(names)
}

/// `text` with each `{{ name }}` replaced by its value. A placeholder with no value, or an
/// unclosed `{{`, is left as written: a visible mistake rather than a silent gap.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = after[..close].trim();
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[open..open + 2 + close + 2]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_callers_language_is_read_from_accept_language() {
        assert_eq!(preferred_lang(""), Lang::Vi);
        assert_eq!(preferred_lang("en"), Lang::En);
        assert_eq!(preferred_lang("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(preferred_lang("vi-VN,vi;q=0.9,en-US;q=0.8"), Lang::Vi);
        assert_eq!(preferred_lang("fr-FR, en;q=0.5, vi;q=0.7"), Lang::Vi);
        assert_eq!(preferred_lang("EN;q=0.4, de"), Lang::En);
        assert_eq!(preferred_lang("de, fr"), Lang::Vi);
        assert_eq!(preferred_lang("en;q=0, *"), Lang::Vi);
        assert_eq!(preferred_lang("en;q=abc"), Lang::Vi);
    }

    #[test]
    fn an_unchosen_list_is_asked_to_be_chosen_from() {
        assert_eq!(field_error_key("province", "required"), "unknown_choice");
        assert_eq!(field_error_key("title", "required"), "required");
    }

    #[test]
    fn values_are_filled_in_by_name() {
        assert_eq!(
            fill(
                "{{ count }} hoạt động từ {{from}}",
                &[("from", "1/10"), ("count", "12")]
            ),
            "12 hoạt động từ 1/10"
        );
        assert_eq!(fill("không có", &[("count", "1")]), "không có");
    }

    #[test]
    fn a_placeholder_without_value_or_unclosed_stays_visible() {
        assert_eq!(fill("còn {{ days }} ngày", &[]), "còn {{ days }} ngày");
        assert_eq!(fill("mở {{ count", &[("count", "1")]), "mở {{ count");
    }

    #[test]
    fn placeholders_are_named_or_refused() {
        let names = placeholders("Từ {{ from }} đến {{ to }}, {{from}}").unwrap();
        assert_eq!(names.into_iter().collect::<Vec<_>>(), ["from", "to"]);
        assert!(placeholders("không có").unwrap().is_empty());
        assert!(placeholders("{{ count").is_err());
        assert!(placeholders("{{ }}").is_err());
        assert!(placeholders("{{ Số }}").is_err());
    }

    proptest! {
        #[test]
        fn text_without_braces_is_unchanged(text in "[^{}]*", value in ".*") {
            prop_assert_eq!(fill(&text, &[("count", &value)]), text.clone());
            prop_assert!(placeholders(&text).unwrap().is_empty());
        }

        #[test]
        fn every_named_value_lands_once(
            before in "[^{}]*", after in "[^{}]*", value in "[^{}]*",
        ) {
            let text = format!("{before}{{{{ count }}}}{after}");
            prop_assert_eq!(fill(&text, &[("count", &value)]), format!("{before}{value}{after}"));
        }
    }
}
