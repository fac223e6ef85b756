//! Placeholders in the texts of the locale files: `{{ count }} hoạt động`.
//!
//! The app's build script checks with [`placeholders`] that both languages of a message
//! name the same values, and the app fills them in with [`fill`].

use std::collections::BTreeSet;

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
