//! Vietnamese-aware text folding for search: `chu ky so` finds `chữ ký số`, `d` finds `đ`.
//!
//! Written by hand rather than with a Unicode normalization crate because the app ships as
//! wasm and must stay small: Vietnamese needs only its own letters (precomposed, as NFC text
//! has them) and the combining marks (as NFD text from some keyboards has them).

/// Lower-cases `text` without removing its diacritics, so `Chữ Ký` becomes `chữ ký`:
/// Unicode's full case mapping, as a browser's `String.prototype.toLowerCase` does too, so
/// that the app can lower-case with the browser's tables instead of carrying its own (see
/// [`crate::Index::start_with`]).
pub fn lower(text: &str) -> String {
    text.to_lowercase()
}

/// Lower-cases `text` and removes every Vietnamese diacritic, turning `đ` into `d`.
pub fn fold(text: &str) -> String {
    fold_lowered(&lower(text))
}

/// Removes every Vietnamese diacritic from text already lower-cased (by [`lower`], or by
/// a browser): what [`fold`] does after lower-casing.
pub fn fold_lowered(lowered: &str) -> String {
    let mut out = String::with_capacity(lowered.len());
    for c in lowered.chars() {
        if !is_combining_mark(c) {
            out.push(base_letter(c));
        }
    }
    out
}

/// True when `text` carries at least one Vietnamese diacritic (or `đ`).
pub fn has_diacritics(text: &str) -> bool {
    text.chars()
        .any(|c| is_combining_mark(c) || base_letter(c) != c)
}

/// Splits folded text into words on what separates words ([`is_word_char`]).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Whether `c` belongs to a word of a search rather than separating two: ASCII letters and
/// digits, and every other character but the punctuation, spaces and symbols that text in
/// Vietnamese or English puts between or after words (Latin-1's, General Punctuation,
/// currency signs such as ₫, arrows, mathematical signs, shapes, pictographs and emoji with
/// their variation selectors, CJK and full-width punctuation).
///
/// The same as `char::is_alphanumeric` on every letter and digit of every script, and on
/// every character of U+0000–U+024F, U+1E00–U+1EFF and U+2000–U+206F (tested on each). It
/// differs only on symbols outside those lists, which it keeps inside a word: a search for
/// one finds it as typed. Combining marks (U+0300–U+036F, the diacritics of text typed
/// decomposed) are in no list either, so they stay in the word they mark. Written out because `is_alphanumeric` links Unicode's tables of
/// letters and digits of every script into the app's wasm: 1,808 B of its first load in
/// brotli.
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(
        c,
        // Latin-1 punctuation and symbols, but not ª ² ³ µ ¹ º ¼ ½ ¾, which are letters
        // and digits.
        '\u{80}'..='\u{A9}'
            | '\u{AB}'..='\u{B1}'
            | '\u{B4}'
            | '\u{B6}'..='\u{B8}'
            | '\u{BB}'
            | '\u{BF}'
            | '×'
            | '÷'
            // Spaces, dashes, quotation marks, ellipsis, bullets.
            | '\u{2000}'..='\u{206F}'
            // Currency signs (₫, €).
            | '\u{20A0}'..='\u{20CF}'
            // Arrows and mathematical signs (−, ≤).
            | '\u{2190}'..='\u{22FF}'
            // Box drawing, blocks, geometric shapes, symbols (☕ ❤), dingbats (✅ ✍) but for
            // the circled digits ❶–➓; more symbols and arrows (⭐).
            | '\u{2500}'..='\u{2775}'
            | '\u{2794}'..='\u{27BF}'
            | '\u{2B00}'..='\u{2BFF}'
            // CJK spaces and punctuation (、。「」), but not its letters and digits.
            | '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            // Variation selectors (the emoji form of ❤️), and the byte order mark.
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            // Full-width punctuation (，！？：).
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            // Flags (regional indicators), pictographs and emoji.
            | '\u{1F1E6}'..='\u{1F1FF}'
            | '\u{1F300}'..='\u{1FAFF}'
    )
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// The letter without its marks, for a lower-case letter.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' | 'ë' => {
            'e'
        }
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' | 'ö' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' | 'û' | 'ü' => {
            'u'
        }
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' | 'ÿ' => 'y',
        'đ' => 'd',
        'ç' => 'c',
        'ñ' => 'n',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_removes_every_vietnamese_mark() {
        assert_eq!(fold("Chữ Ký Số"), "chu ky so");
        assert_eq!(fold("ĐOÀN TNCS Hồ Chí Minh"), "doan tncs ho chi minh");
        assert_eq!(
            fold("Ngày Chuyển đổi số quốc gia"),
            "ngay chuyen doi so quoc gia"
        );
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        // "số" typed as s + o + combining circumflex + combining acute.
        assert_eq!(fold("so\u{0302}\u{0301}"), "so");
    }

    #[test]
    fn diacritics_are_detected() {
        assert!(has_diacritics("chữ"));
        assert!(has_diacritics("đ"));
        assert!(!has_diacritics("chu ky so"));
    }

    #[test]
    fn folding_lower_cased_text_is_folding() {
        for text in [
            "Chữ Ký Số",
            "ĐOÀN TNCS",
            "so\u{0302}\u{0301}",
            "İSTANBUL ΟΔΟΣ",
        ] {
            assert_eq!(fold_lowered(&lower(text)), fold(text));
        }
    }

    #[test]
    fn word_characters_are_the_letters_and_digits_of_vietnamese_and_english_text() {
        let blocks = [
            '\u{0}'..='\u{24F}',
            '\u{1E00}'..='\u{1EFF}',
            '\u{2000}'..='\u{206F}',
        ];
        for c in blocks.into_iter().flatten() {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric(),
                "{c:?} (U+{:04X})",
                c as u32
            );
        }
    }

    #[test]
    fn no_letter_or_digit_of_any_script_separates_words() {
        let all = ('\u{0}'..=char::MAX).filter(|c| c.is_alphanumeric());
        assert!(all.clone().count() > 100_000);
        for c in all {
            assert!(is_word_char(c), "{c:?} (U+{:04X})", c as u32);
        }
    }

    #[test]
    fn punctuation_between_words_separates_them() {
        let text = "chữ\u{a0}ký – số…“ký” ← (so)·a×b 🇻🇳 văn\u{3000}bản 100₫ ❤\u{fe0f}x ✅ 2≤3，ok";
        assert_eq!(
            words(text).collect::<Vec<_>>(),
            [
                "chữ", "ký", "số", "ký", "so", "a", "b", "văn", "bản", "100", "x", "2", "3", "ok"
            ]
        );
    }

    #[test]
    fn combining_marks_stay_in_their_word() {
        let text = "so\u{0302}\u{0301} ky\u{0301}";
        assert_eq!(
            words(text).collect::<Vec<_>>(),
            ["so\u{0302}\u{0301}", "ky\u{0301}"]
        );
    }

    #[test]
    fn lower_keeps_marks() {
        assert_eq!(lower("CHỮ KÝ"), "chữ ký");
    }
}
