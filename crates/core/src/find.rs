//! Whether a text holds a word: the inner loop of a search, run for every activity of a plan
//! on every keystroke that cannot narrow the last results.
//!
//! Written here rather than taken from `str::contains` or the memchr crate, on measurement:
//! in the app's wasm (no SIMD, since Safari before 16.4 cannot run it), `str::contains` is a
//! Two-Way search that steps through the text about a byte at a time. In a Chromium profile
//! at 100,000 activities (typing "chu ky" into the empty box, then clearing it), it took 16.9
//! of the 24 ms each of those steps spent searching; this one takes 10.2 of 17.8.
//! memchr's `memmem`, measured in its place on the same host: the search keystroke's p95 at
//! 100,000 activities 36 to 38 ms against 30 to 32 with this one, and 1,961 B more of brotli
//! in the first load, which would take it over its 150 KiB budget.

/// Eight copies of `b`.
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// A byte of the result is 0x80 where `x` has a zero byte; it may also be where a byte
/// just above a zero byte is 0x01 (the borrow of the subtraction), never where `x` has no
/// zero byte below it. So it finds every zero byte, and a caller checks what it finds.
const fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(splat(0x01)) & !x & splat(0x80)
}

fn load(bytes: &[u8]) -> u64 {
    let mut word = [0; 8];
    word.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(word)
}

/// True when `text` holds `word`: the same answer as `text.contains(word)`.
///
/// Eight places at a time, it looks for where the word's first two bytes are side by side
/// (two 8-byte loads, one a byte after the other) and checks the whole word only there.
pub fn holds(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let n = word.len();
    if n == 0 {
        return true;
    }
    if n < 2 || text.len() < n + 8 {
        // Too short for the 8-byte steps: the texts of a plan are longer than that, and the
        // words of one letter rare.
        return n <= text.len() && text.windows(n).any(|w| w == word);
    }
    let (first, second) = (splat(word[0]), splat(word[1]));
    let mut at = 0;
    // Each step reads text[at..at + 9]; a word starting at `at + k` also needs its other
    // bytes, which `starts_with` checks (and which keeps this from reading past the end).
    while at + 9 <= text.len() {
        let here =
            zero_bytes(load(&text[at..]) ^ first) & zero_bytes(load(&text[at + 1..]) ^ second);
        let mut found = here;
        while found != 0 {
            let k = (found.trailing_zeros() / 8) as usize;
            if text[at + k..].starts_with(word) {
                return true;
            }
            found &= found - 1;
        }
        at += 8;
    }
    text[at..].windows(n).any(|w| w == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_word_anywhere_and_only_where_it_is() {
        let text = "phát động chữ ký số tại xã\nphat dong chu ky so tai xa";
        for word in ["chu", "ky", "xa", "phat", "ky so tai xa", "\nph", "a"] {
            assert_eq!(holds(text, word), text.contains(word), "{word}");
        }
        for word in ["chuk", "xaa", "ký sốx", "zz"] {
            assert!(!holds(text, word), "{word}");
        }
        assert!(holds(text, ""));
        assert!(!holds("ky", "kyy"));
    }

    #[test]
    fn a_word_at_every_place_of_an_eight_byte_step_is_found() {
        // The word straddles every offset within and across the 8-byte steps, up to the end.
        for len in 0..40 {
            for at in 0..=len {
                let mut text = "x".repeat(len);
                text.insert_str(at, "ab");
                assert!(holds(&text, "ab"), "{text}");
                assert!(holds(&text, "xab") == (at > 0), "{text}");
                assert!(!holds(&text, "ba"), "{text}");
            }
        }
    }

    #[test]
    fn bytes_next_to_a_match_do_not_fool_it() {
        // 0x01 bytes above a zero byte are what the 8-byte test can flag wrongly.
        let text = "aa\u{1}b\u{1}ab\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}\u{1}";
        assert_eq!(holds(text, "ab"), text.contains("ab"));
        assert_eq!(holds(text, "\u{1}b"), text.contains("\u{1}b"));
        assert_eq!(
            holds(text, "b\u{1}\u{1}\u{2}"),
            text.contains("b\u{1}\u{1}\u{2}")
        );
    }
}
