//! Property tests of the initiative validator: it never panics, reports only real fields and
//! codes, ignores whitespace around values, and counts Vietnamese letters the same however
//! they were typed.

use chrono::NaiveDate;
use dxday_core::nfc::compose_vietnamese;
use dxday_core::provinces::{PROVINCES, SPECIAL_PLACES};
use dxday_core::validate::{
    ERROR_CODES, FIELDS, FieldErrors, InitiativeInput, ORGANIZER_TYPES, grapheme_count, validate,
};
use proptest::prelude::*;
use proptest::sample::select;

/// Every Vietnamese vowel letter with a mark, precomposed (NFC) and decomposed (NFD, in
/// canonical order), as Python's `unicodedata` writes them.
const LETTERS: &[(&str, &str)] = &[
    ("à", "a\u{0300}"),
    ("á", "a\u{0301}"),
    ("ả", "a\u{0309}"),
    ("ã", "a\u{0303}"),
    ("ạ", "a\u{0323}"),
    ("ă", "a\u{0306}"),
    ("ằ", "a\u{0306}\u{0300}"),
    ("ắ", "a\u{0306}\u{0301}"),
    ("ẳ", "a\u{0306}\u{0309}"),
    ("ẵ", "a\u{0306}\u{0303}"),
    ("ặ", "a\u{0323}\u{0306}"),
    ("â", "a\u{0302}"),
    ("ầ", "a\u{0302}\u{0300}"),
    ("ấ", "a\u{0302}\u{0301}"),
    ("ẩ", "a\u{0302}\u{0309}"),
    ("ẫ", "a\u{0302}\u{0303}"),
    ("ậ", "a\u{0323}\u{0302}"),
    ("è", "e\u{0300}"),
    ("é", "e\u{0301}"),
    ("ẻ", "e\u{0309}"),
    ("ẽ", "e\u{0303}"),
    ("ẹ", "e\u{0323}"),
    ("ê", "e\u{0302}"),
    ("ề", "e\u{0302}\u{0300}"),
    ("ế", "e\u{0302}\u{0301}"),
    ("ể", "e\u{0302}\u{0309}"),
    ("ễ", "e\u{0302}\u{0303}"),
    ("ệ", "e\u{0323}\u{0302}"),
    ("ì", "i\u{0300}"),
    ("í", "i\u{0301}"),
    ("ỉ", "i\u{0309}"),
    ("ĩ", "i\u{0303}"),
    ("ị", "i\u{0323}"),
    ("ò", "o\u{0300}"),
    ("ó", "o\u{0301}"),
    ("ỏ", "o\u{0309}"),
    ("õ", "o\u{0303}"),
    ("ọ", "o\u{0323}"),
    ("ô", "o\u{0302}"),
    ("ồ", "o\u{0302}\u{0300}"),
    ("ố", "o\u{0302}\u{0301}"),
    ("ổ", "o\u{0302}\u{0309}"),
    ("ỗ", "o\u{0302}\u{0303}"),
    ("ộ", "o\u{0323}\u{0302}"),
    ("ơ", "o\u{031B}"),
    ("ờ", "o\u{031B}\u{0300}"),
    ("ớ", "o\u{031B}\u{0301}"),
    ("ở", "o\u{031B}\u{0309}"),
    ("ỡ", "o\u{031B}\u{0303}"),
    ("ợ", "o\u{031B}\u{0323}"),
    ("ù", "u\u{0300}"),
    ("ú", "u\u{0301}"),
    ("ủ", "u\u{0309}"),
    ("ũ", "u\u{0303}"),
    ("ụ", "u\u{0323}"),
    ("ư", "u\u{031B}"),
    ("ừ", "u\u{031B}\u{0300}"),
    ("ứ", "u\u{031B}\u{0301}"),
    ("ử", "u\u{031B}\u{0309}"),
    ("ữ", "u\u{031B}\u{0303}"),
    ("ự", "u\u{031B}\u{0323}"),
    ("ỳ", "y\u{0300}"),
    ("ý", "y\u{0301}"),
    ("ỷ", "y\u{0309}"),
    ("ỹ", "y\u{0303}"),
    ("ỵ", "y\u{0323}"),
    ("À", "A\u{0300}"),
    ("Á", "A\u{0301}"),
    ("Ả", "A\u{0309}"),
    ("Ã", "A\u{0303}"),
    ("Ạ", "A\u{0323}"),
    ("Ă", "A\u{0306}"),
    ("Ằ", "A\u{0306}\u{0300}"),
    ("Ắ", "A\u{0306}\u{0301}"),
    ("Ẳ", "A\u{0306}\u{0309}"),
    ("Ẵ", "A\u{0306}\u{0303}"),
    ("Ặ", "A\u{0323}\u{0306}"),
    ("Â", "A\u{0302}"),
    ("Ầ", "A\u{0302}\u{0300}"),
    ("Ấ", "A\u{0302}\u{0301}"),
    ("Ẩ", "A\u{0302}\u{0309}"),
    ("Ẫ", "A\u{0302}\u{0303}"),
    ("Ậ", "A\u{0323}\u{0302}"),
    ("È", "E\u{0300}"),
    ("É", "E\u{0301}"),
    ("Ẻ", "E\u{0309}"),
    ("Ẽ", "E\u{0303}"),
    ("Ẹ", "E\u{0323}"),
    ("Ê", "E\u{0302}"),
    ("Ề", "E\u{0302}\u{0300}"),
    ("Ế", "E\u{0302}\u{0301}"),
    ("Ể", "E\u{0302}\u{0309}"),
    ("Ễ", "E\u{0302}\u{0303}"),
    ("Ệ", "E\u{0323}\u{0302}"),
    ("Ì", "I\u{0300}"),
    ("Í", "I\u{0301}"),
    ("Ỉ", "I\u{0309}"),
    ("Ĩ", "I\u{0303}"),
    ("Ị", "I\u{0323}"),
    ("Ò", "O\u{0300}"),
    ("Ó", "O\u{0301}"),
    ("Ỏ", "O\u{0309}"),
    ("Õ", "O\u{0303}"),
    ("Ọ", "O\u{0323}"),
    ("Ô", "O\u{0302}"),
    ("Ồ", "O\u{0302}\u{0300}"),
    ("Ố", "O\u{0302}\u{0301}"),
    ("Ổ", "O\u{0302}\u{0309}"),
    ("Ỗ", "O\u{0302}\u{0303}"),
    ("Ộ", "O\u{0323}\u{0302}"),
    ("Ơ", "O\u{031B}"),
    ("Ờ", "O\u{031B}\u{0300}"),
    ("Ớ", "O\u{031B}\u{0301}"),
    ("Ở", "O\u{031B}\u{0309}"),
    ("Ỡ", "O\u{031B}\u{0303}"),
    ("Ợ", "O\u{031B}\u{0323}"),
    ("Ù", "U\u{0300}"),
    ("Ú", "U\u{0301}"),
    ("Ủ", "U\u{0309}"),
    ("Ũ", "U\u{0303}"),
    ("Ụ", "U\u{0323}"),
    ("Ư", "U\u{031B}"),
    ("Ừ", "U\u{031B}\u{0300}"),
    ("Ứ", "U\u{031B}\u{0301}"),
    ("Ử", "U\u{031B}\u{0309}"),
    ("Ữ", "U\u{031B}\u{0303}"),
    ("Ự", "U\u{031B}\u{0323}"),
    ("Ỳ", "Y\u{0300}"),
    ("Ý", "Y\u{0301}"),
    ("Ỷ", "Y\u{0309}"),
    ("Ỹ", "Y\u{0303}"),
    ("Ỵ", "Y\u{0323}"),
];

const YEARS: &[i32] = &[2022, 2023, 2024, 2025];

/// Errors never name a field the form does not have, and never use a code the app cannot word.
fn assert_well_formed(result: &Result<dxday_core::validate::Initiative, FieldErrors>) {
    if let Err(errors) = result {
        assert!(!errors.is_empty(), "a refusal names at least one field");
        for (field, codes) in errors {
            assert!(FIELDS.contains(field), "unknown field {field}");
            assert!(!codes.is_empty(), "{field} has no code");
            for code in codes {
                assert!(ERROR_CODES.contains(code), "unknown code {code}");
            }
        }
    }
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    use chrono::Datelike;
    (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
        .prop_filter_map("a real day", NaiveDate::from_num_days_from_ce_opt)
}

/// A text field: printable text of any kind.
fn printable() -> impl Strategy<Value = String> {
    "\\PC{0,300}"
}

fn input(strings: [String; 11], plan_year: i32, consent: bool) -> InitiativeInput {
    let [
        title,
        description,
        organizer_name,
        organizer_type,
        province,
        start_date,
        end_date,
        link,
        beneficiaries,
        contact_email,
        contact_phone,
    ] = strings;
    InitiativeInput {
        title,
        description,
        organizer_name,
        organizer_type,
        province,
        start_date,
        end_date,
        link,
        beneficiaries,
        contact_email,
        contact_phone,
        plan_year,
        consent,
        website: String::new(),
        form_started_ms: None,
    }
}

/// Letters a Vietnamese text is made of, each one grapheme and one char.
fn letter() -> impl Strategy<Value = char> {
    let mut pool: Vec<char> = LETTERS
        .iter()
        .filter_map(|(nfc, _)| nfc.chars().next())
        .collect();
    pool.extend("abcdđghklmnpqrstvxĐABCDGHKLMNPQRSTVX0123456789".chars());
    select(pool)
}

/// A text of `len` graphemes that starts and ends with a letter and may hold `inner` inside.
fn text(
    len: std::ops::RangeInclusive<usize>,
    inner: &'static [char],
) -> impl Strategy<Value = String> {
    let middle = prop_oneof![4 => letter(), 1 => select(inner)];
    (letter(), proptest::collection::vec(middle, len), letter()).prop_map(
        |(first, middle, last)| {
            let mut s = String::new();
            s.push(first);
            s.extend(middle);
            s.push(last);
            s
        },
    )
}

/// An input that passes, with `today` such that its dates are in range.
fn valid_input() -> impl Strategy<Value = (InitiativeInput, NaiveDate)> {
    let slugs: Vec<&str> = PROVINCES
        .iter()
        .chain(SPECIAL_PLACES)
        .map(|p| p.slug)
        .collect();
    let today = (2023i32..=2030, 1u32..=12, 1u32..=28)
        .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).expect("a real date"));
    (
        (
            text(8..=148, &[' ']),
            text(28..=400, &[' ', '\n', '\t', ',', '.']),
            text(0..=148, &[' ', '.']),
            select(ORGANIZER_TYPES),
            select(slugs),
        ),
        (
            today,
            0u64..400,
            0u64..300,
            prop_oneof![
                Just(String::new()),
                "https?://[a-z0-9]{1,10}(\\.[a-z]{2,3}){1,2}(/[A-Za-z0-9_-]{0,20})?",
            ],
            prop_oneof![Just(String::new()), text(0..=200, &[' ', '\n'])],
            "[a-z0-9_+]{1,20}@[a-z0-9]{1,10}(\\.[a-z]{2,3}){1,2}",
            prop_oneof![
                Just(String::new()),
                "0[35789][0-9]{8}",
                "\\+84 [35789][0-9] [0-9]{3} [0-9]{4}",
                "\\(02[0-9]\\) [0-9]{4} [0-9]{4}",
            ],
            select(YEARS),
        ),
    )
        .prop_map(
            |(
                (title, description, organizer_name, organizer_type, province),
                (today, back, length, link, beneficiaries, email, phone, year),
            )| {
                let earliest = NaiveDate::from_ymd_opt(2022, 1, 1).expect("a real date");
                let start = (today - chrono::Days::new(back)).max(earliest);
                let end = start + chrono::Days::new(length);
                let input = input(
                    [
                        title,
                        description,
                        organizer_name,
                        organizer_type.to_owned(),
                        province.to_owned(),
                        start.format("%Y-%m-%d").to_string(),
                        end.format("%Y-%m-%d").to_string(),
                        link,
                        beneficiaries,
                        email,
                        phone,
                    ],
                    year,
                    true,
                );
                (input, today)
            },
        )
}

/// Whitespace a person or a paste may leave around a value.
fn padding() -> impl Strategy<Value = String> {
    "[ \t\n\r\u{00A0}\u{3000}]{0,3}"
}

proptest! {
    #[test]
    fn validate_never_panics_on_printable_text(
        strings in proptest::array::uniform11(printable()),
        plan_year in any::<i32>(),
        consent in any::<bool>(),
        today in any_day(),
        known_years in proptest::collection::vec(any::<i32>(), 0..4),
    ) {
        let result = validate(&input(strings, plan_year, consent), today, &known_years);
        assert_well_formed(&result);
    }

    #[test]
    fn validate_never_panics_on_any_string(
        title in any::<String>(),
        description in any::<String>(),
        link in any::<String>(),
        email in any::<String>(),
        phone in any::<String>(),
        start in any::<String>(),
        today in any_day(),
    ) {
        let strings = [
            title,
            description,
            "Đoàn xã".into(),
            "khac".into(),
            "hue".into(),
            start,
            "2025-10-10".into(),
            link,
            String::new(),
            email,
            phone,
        ];
        let result = validate(&input(strings, 2025, true), today, YEARS);
        assert_well_formed(&result);
    }

    #[test]
    fn errors_name_only_fields_and_known_codes(
        (valid, today) in valid_input(),
        broken in proptest::collection::vec((0usize..11, printable()), 0..6),
    ) {
        // Start from a good input and spoil some fields, so every rule gets its turn.
        let mut strings = [
            valid.title, valid.description, valid.organizer_name, valid.organizer_type,
            valid.province, valid.start_date, valid.end_date, valid.link, valid.beneficiaries,
            valid.contact_email, valid.contact_phone,
        ];
        for (field, value) in broken {
            strings[field] = value;
        }
        let input = input(strings, valid.plan_year, valid.consent);
        let result = validate(&input, today, YEARS);
        assert_well_formed(&result);
        // Checking one field at a time agrees with checking the whole form.
        let errors = result.err().unwrap_or_default();
        for field in FIELDS {
            let one = input.validate_field(field, today, YEARS);
            prop_assert_eq!(one, errors.get(field).cloned().unwrap_or_default());
        }
    }

    #[test]
    fn a_valid_input_stays_valid_with_whitespace_around_it(
        (valid, today) in valid_input(),
        pads in proptest::collection::vec(padding(), 22),
    ) {
        let clean = validate(&valid, today, YEARS);
        prop_assert!(clean.is_ok(), "{:?} on {:?}", clean, valid);
        let pad = |i: usize, value: &str| format!("{}{value}{}", pads[2 * i], pads[2 * i + 1]);
        let padded = InitiativeInput {
            title: pad(0, &valid.title),
            description: pad(1, &valid.description),
            organizer_name: pad(2, &valid.organizer_name),
            organizer_type: pad(3, &valid.organizer_type),
            province: pad(4, &valid.province),
            start_date: pad(5, &valid.start_date),
            end_date: pad(6, &valid.end_date),
            link: pad(7, &valid.link),
            beneficiaries: pad(8, &valid.beneficiaries),
            contact_email: pad(9, &valid.contact_email),
            contact_phone: pad(10, &valid.contact_phone),
            ..valid.clone()
        };
        prop_assert_eq!(validate(&padded, today, YEARS), clean);
    }

    #[test]
    fn a_decomposed_title_gives_the_same_result_as_the_precomposed_one(
        (valid, today) in valid_input(),
        picks in proptest::collection::vec(
            prop_oneof![4 => select(LETTERS), 1 => Just(("đ", "đ")), 1 => Just((" ", " "))],
            0..200,
        ),
    ) {
        let precomposed: String = picks.iter().map(|(nfc, _)| *nfc).collect();
        let decomposed: String = picks.iter().map(|(_, nfd)| *nfd).collect();
        prop_assert_eq!(grapheme_count(&precomposed), grapheme_count(&decomposed));
        prop_assert_eq!(compose_vietnamese(&decomposed), precomposed.clone());
        let with = |title: String| InitiativeInput { title, ..valid.clone() };
        prop_assert_eq!(
            validate(&with(decomposed), today, YEARS),
            validate(&with(precomposed), today, YEARS)
        );
    }

    #[test]
    fn composing_twice_changes_nothing_more(text in "\\PC{0,100}") {
        let once = compose_vietnamese(&text);
        prop_assert_eq!(compose_vietnamese(&once), once.clone());
        prop_assert!(grapheme_count(&once) <= once.chars().count());
    }
}

#[test]
fn every_vietnamese_letter_composes_from_its_decomposed_form() {
    for (nfc, nfd) in LETTERS {
        assert_eq!(compose_vietnamese(nfd), *nfc, "{nfd:?}");
        // Keyboards often type the shape before a dot below, against canonical order.
        let marks: Vec<char> = nfd.chars().skip(1).collect();
        if let [first, second] = marks[..] {
            let base = nfd.chars().next().unwrap_or_default();
            let swapped: String = [base, second, first].iter().collect();
            assert_eq!(compose_vietnamese(&swapped), *nfc, "{swapped:?}");
        }
    }
}

#[test]
fn the_table_holds_every_marked_vowel_letter() {
    // 12 vowels (a ă â e ê i o ô ơ u ư y) × 6 tones × 2 cases, less the bare a e i o u y
    // in both cases; đ is precomposed already and needs no composing.
    assert_eq!(LETTERS.len(), 132);
}

#[test]
fn the_calendar_edges_do_not_break_the_date_checks() {
    let input = InitiativeInput {
        start_date: "2025-10-01".into(),
        end_date: "9999-12-31".into(),
        ..InitiativeInput::default()
    };
    for today in [NaiveDate::MIN, NaiveDate::MAX] {
        let result = validate(&input, today, YEARS);
        assert_well_formed(&result);
    }
}
