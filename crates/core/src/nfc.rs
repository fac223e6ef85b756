//! Composition of Vietnamese letters typed in decomposed form, so stored text is NFC.
//!
//! macOS and some input methods send `ệ` as `e` + circumflex + dot below. Stored that way, the
//! same title would compare, sort and count differently from one typed on Windows. A full
//! Unicode normalization crate would weigh on the wasm app; Vietnamese needs only its own
//! 132 marked vowel letters, so this composes those and leaves every other sequence as it came.

/// Combining breve, as in `ă`.
const BREVE: char = '\u{0306}';
/// Combining circumflex, as in `â`, `ê`, `ô`.
const CIRCUMFLEX: char = '\u{0302}';
/// Combining horn, as in `ơ`, `ư`.
const HORN: char = '\u{031B}';

/// The five tone marks, in the column order of [`LETTERS`] (column 0 carries no tone).
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0309}', '\u{0303}', '\u{0323}'];

/// Every Vietnamese vowel letter: a row per base letter with its shape (breve, circumflex,
/// horn), a column per tone (none, grave, acute, hook above, tilde, dot below). Rows 0–11
/// are lower case, 12–23 the same letters in upper case.
const LETTERS: [[char; 6]; 24] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
    ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
];

/// Composes decomposed Vietnamese letters into their precomposed (NFC) form:
/// `"Vie\u{0302}\u{0323}t"` becomes `"Việt"`. Anything it does not know is left as it is.
pub fn compose_vietnamese(text: &str) -> String {
    // Most text is already composed: return it untouched without building a new string.
    if !text.chars().any(is_vietnamese_mark) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let Some((mut row, mut tone)) = position(c) else {
            out.push(c);
            continue;
        };
        // The shape mark and the tone mark are taken in either order: canonical order puts a
        // dot below before a circumflex, while keyboards tend to type the shape first.
        while let Some(&mark) = chars.peek() {
            if let Some(shaped) = with_shape(row, mark) {
                row = shaped;
            } else if let Some(t) = TONES.iter().position(|&t| t == mark)
                && tone == 0
            {
                tone = t + 1;
            } else {
                break;
            }
            chars.next();
        }
        out.push(LETTERS[row][tone]);
    }
    out
}

fn is_vietnamese_mark(c: char) -> bool {
    matches!(c, BREVE | CIRCUMFLEX | HORN) || TONES.contains(&c)
}

/// Row and column of a Vietnamese vowel letter in [`LETTERS`].
fn position(c: char) -> Option<(usize, usize)> {
    LETTERS
        .iter()
        .enumerate()
        .find_map(|(row, letters)| letters.iter().position(|&l| l == c).map(|col| (row, col)))
}

/// The row of the letter that `mark` turns the bare letter of `row` into, if Vietnamese has one.
fn with_shape(row: usize, mark: char) -> Option<usize> {
    let case = row / 12 * 12;
    let shaped = match (row % 12, mark) {
        (0, BREVE) => 1,
        (0, CIRCUMFLEX) => 2,
        (3, CIRCUMFLEX) => 4,
        (6, CIRCUMFLEX) => 7,
        (6, HORN) => 8,
        (9, HORN) => 10,
        _ => return None,
    };
    Some(case + shaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_circumflex_and_a_dot_below_make_one_letter() {
        assert_eq!(compose_vietnamese("Vie\u{0302}\u{0323}t"), "Việt");
        // Canonical (NFD) order puts the dot below first; the result is the same.
        assert_eq!(compose_vietnamese("Vie\u{0323}\u{0302}t"), "Việt");
    }

    #[test]
    fn a_horn_and_a_tilde_make_one_letter() {
        assert_eq!(compose_vietnamese("chu\u{031B}\u{0303}"), "chữ");
    }

    #[test]
    fn a_tone_on_a_precomposed_letter_is_composed() {
        // Some keyboards send the shaped letter precomposed and only the tone as a mark.
        assert_eq!(compose_vietnamese("Vi\u{00EA}\u{0323}t"), "Việt");
        assert_eq!(compose_vietnamese("\u{01A0}\u{0301}"), "Ớ");
    }

    #[test]
    fn composed_text_is_left_alone() {
        let text = "Ngày Chuyển đổi số quốc gia — Đoàn TNCS Hồ Chí Minh";
        assert_eq!(compose_vietnamese(text), text);
    }

    #[test]
    fn sequences_vietnamese_does_not_have_are_left_alone() {
        // A breve on e, a second tone, a diaeresis: none is a Vietnamese letter.
        assert_eq!(compose_vietnamese("e\u{0306}"), "e\u{0306}");
        assert_eq!(compose_vietnamese("a\u{0301}\u{0300}"), "á\u{0300}");
        assert_eq!(compose_vietnamese("a\u{0308}"), "a\u{0308}");
        assert_eq!(compose_vietnamese("\u{0301}x"), "\u{0301}x");
    }
}
