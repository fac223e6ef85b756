//! The submission schema of the API against the validator: both come from one rule table
//! (`dxday_core::rules`), and these tests fail if they ever say different things.
//!
//! The values are drawn where JSON Schema can speak: text of letters that are one grapheme
//! and one code point each (so its lengths, in code points, count what the validator counts),
//! values without spaces around them (the server trims them, the schema asks for none),
//! hosts and mail domains of the public kind. There, a standard JSON Schema validator and
//! `validate` must agree on every input, once the two rules the schema states only in words
//! (the date window and the end on or after the start) are added to the schema's verdict.

use chrono::{Days, NaiveDate};
use dxday_core::campaign::allowed_years;
use dxday_core::rules::{self, RULES, initiative_schema};
use dxday_core::validate::{InitiativeInput, validate};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// The end-to-end tests' clock: December 2026, with the plans of 2022 to 2025.
fn today() -> NaiveDate {
    day(2026, 12, 1)
}

fn years() -> Vec<i32> {
    allowed_years(&[2022, 2023, 2024, 2025], today())
}

/// Built once: compiling the patterns for every case would be most of the test's time.
static CHECKER: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(checker);

fn checker() -> jsonschema::Validator {
    let schema = initiative_schema(&years(), today());
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is valid JSON Schema")
}

/// Letters that are one grapheme and one code point: Vietnamese precomposed, ASCII, digits.
fn letter() -> impl Strategy<Value = char> {
    select(
        "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ\
         bcdđghklmnpqrstvxĐABCDGHKLMNPQRSTVXƯƠ0123456789"
            .chars()
            .collect::<Vec<_>>(),
    )
}

/// A text of about `min..=max` letters (a few either side, to cross each bound), starting
/// and ending with a letter, with spaces inside and sometimes one of `inner`; sometimes empty.
fn text(min: usize, max: usize, inner: &'static [char]) -> impl Strategy<Value = String> {
    let low = min.saturating_sub(3).max(2);
    let body = (
        letter(),
        proptest::collection::vec(
            prop_oneof![6 => letter(), 1 => Just(' ')],
            low - 2..=max + 1,
        ),
        letter(),
        proptest::option::weighted(0.3, (select(inner), any::<proptest::sample::Index>())),
    )
        .prop_map(|(first, mut middle, last, special)| {
            if let Some((c, at)) = special {
                let at = at.index(middle.len() + 1);
                middle.insert(at, c);
            }
            let mut s = String::from(first);
            s.extend(middle);
            s.push(last);
            s
        });
    prop_oneof![1 => Just(String::new()), 1 => letter().prop_map(String::from), 12 => body]
}

fn choice(codes: Vec<&'static str>) -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(codes).prop_map(str::to_owned),
        1 => Just(String::new()),
        1 => "[a-z]{2,8}(-[a-z]{2,6})?",
    ]
}

/// A date from before the Day existed to after the window, or something that is not one.
fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (0u64..2700).prop_map(|n| (day(2021, 10, 1) + Days::new(n)).format("%Y-%m-%d").to_string()),
        1 => Just(String::new()),
        1 => select(vec!["2025-02-30", "10/10/2025", "2025-1-5", "20251010", "2025-13-01"])
            .prop_map(str::to_owned),
    ]
}

fn link() -> impl Strategy<Value = String> {
    let scheme = select(vec![
        "https",
        "http",
        "HTTPS",
        "Http",
        "ftp",
        "javascript",
        "mailto",
    ]);
    let host = "[a-z0-9]{1,12}(-[a-z0-9]{1,5})?(\\.[a-z0-9]{1,8}){0,2}\\.[a-z]{2,6}";
    let port =
        prop_oneof![4 => Just(String::new()), 1 => (0u32..=65_535).prop_map(|p| format!(":{p}"))];
    let tail = prop_oneof![
        3 => Just(String::new()),
        3 => "/[A-Za-z0-9._~/-]{0,30}(\\?[a-z]=[0-9]{1,3})?(#[a-z]{1,5})?",
        1 => select(vec!["/a b", "/\"x\"", "/<b>", "@evil.vn/", "/a`b"]).prop_map(str::to_owned),
        1 => "/[a-z]{480,500}",
    ];
    prop_oneof![
        1 => Just(String::new()),
        6 => (scheme, select(vec!["://", ":", "//"]), host, port, tail)
            .prop_map(|(s, sep, h, p, t)| format!("{s}{sep}{h}{p}{t}")),
    ]
}

fn email() -> impl Strategy<Value = String> {
    let atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,8}";
    let local = proptest::collection::vec(atom, 1..=3).prop_map(|a| a.join("."));
    let domain = "[A-Za-z0-9]{1,10}(-[A-Za-z0-9]{1,4})?(\\.[A-Za-z0-9]{1,6}){0,2}\\.([A-Za-z]{2,4}|[0-9]{1,3}|[a-z]|[0-9][a-z])";
    prop_oneof![
        8 => (local, domain).prop_map(|(l, d)| format!("{l}@{d}")),
        1 => Just(String::new()),
        1 => select(vec!["plain", "a@b", "a..b@c.vn", "@b.vn", "a@-b.vn", "a b@c.vn", "a@b@c.vn",
            "a.@b.vn", "người@ví-dụ.vn"]).prop_map(str::to_owned),
        1 => "[a-z]{1,20}@[a-z]{260,270}\\.vn",
    ]
}

fn phone() -> impl Strategy<Value = String> {
    let separator = select(vec!["", "", " ", ".", "-", "\u{00A0}"]);
    let digits = prop_oneof![
        "0[1-9][0-9]{8}",
        "02[0-9]{9}",
        "\\+84[1-9][0-9]{8}",
        "\\+842[0-9]{9}",
        "84[1-9][0-9]{8}",
        "842[0-9]{9}",
        "[0-9+]{8,13}",
    ];
    let laid_out = (
        digits,
        proptest::collection::vec(separator, 14),
        any::<bool>(),
    )
        .prop_map(|(digits, seps, brackets)| {
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                out.push(c);
                if i + 1 < digits.len() {
                    out.push_str(seps[i]);
                }
            }
            if brackets && out.starts_with('0') && out.is_char_boundary(3) {
                out = format!("({}) {}", &out[..3], &out[3..]);
            }
            out
        });
    prop_oneof![1 => Just(String::new()), 6 => laid_out, 1 => "0[0-9]{3}[a-z ]{1,3}[0-9]{5}"]
}

fn input() -> impl Strategy<Value = InitiativeInput> {
    let years = years();
    let mut year_pool = years.clone();
    year_pool.extend([0, 2021, 2026, 2028, 3000]);
    (
        (
            text(
                10,
                150,
                &[' ', ',', '.', '\t', '\u{7}', '\u{202E}', '\u{00A0}'],
            ),
            text(30, 3000, &[' ', '\n', '\t', ',', '.', '\u{0}', '\u{2066}']),
            text(2, 150, &[' ', '.', '\n']),
            choice(
                rules::choices(rules::Choices::OrganizerTypes)
                    .into_iter()
                    .map(|c| c.0)
                    .collect(),
            ),
            choice(
                rules::choices(rules::Choices::Places)
                    .into_iter()
                    .map(|c| c.0)
                    .collect(),
            ),
            date(),
            date(),
        ),
        (
            link(),
            text(0, 500, &[' ', '\n', '\u{1b}']),
            email(),
            phone(),
            select(year_pool),
            prop_oneof![6 => Just(true), 1 => Just(false)],
        ),
    )
        .prop_map(
            |(
                (
                    title,
                    description,
                    organizer_name,
                    organizer_type,
                    province,
                    start_date,
                    end_date,
                ),
                (link, beneficiaries, contact_email, contact_phone, plan_year, consent),
            )| InitiativeInput {
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
            },
        )
}

/// The rules the schema gives in words only, for one field: both dates in the window, the
/// end on or after the start. True for a field they do not concern, or a date that is not
/// one (the schema's format refuses those).
fn in_words(field: &str, input: &InitiativeInput) -> bool {
    // Only what the schema's format calls a date: chrono alone would read `2025-1-5`.
    let parse = |s: &str| {
        (s.len() == 10)
            .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .flatten()
    };
    let (start, end) = (parse(&input.start_date), parse(&input.end_date));
    let latest = rules::latest_end(today()).expect("a day after");
    match field {
        "start_date" => start.is_none_or(|start| start >= rules::EARLIEST_START),
        "end_date" => end.is_none_or(|end| start.is_none_or(|start| end >= start) && end <= latest),
        _ => true,
    }
}

/// The body as a client following the schema sends it: the spam fields left out, and an
/// optional field left empty left out too (the validator takes the two alike).
fn body(input: &InitiativeInput) -> Value {
    let mut value = serde_json::to_value(input).expect("serialises");
    let fields = value.as_object_mut().expect("an object");
    fields.remove("website");
    fields.remove("form_started_ms");
    for r in RULES.iter().filter(|r| !r.required) {
        if fields.get(r.field) == Some(&json!("")) {
            fields.remove(r.field);
        }
    }
    value
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn the_schema_and_the_validator_accept_the_same_values_field_by_field(input in input()) {
        let refused_by_schema: std::collections::BTreeSet<String> = CHECKER
            .iter_errors(&body(&input))
            .map(|e| e.instance_path().to_string().trim_start_matches('/').to_owned())
            .collect();
        let errors = validate(&input, today(), &years()).err().unwrap_or_default();
        for r in RULES {
            let by_schema = !refused_by_schema.contains(r.field) && in_words(r.field, &input);
            let by_validator = !errors.contains_key(r.field);
            prop_assert_eq!(
                by_validator,
                by_schema,
                "{}: validator {:?}, schema {:?}, input {:?}",
                r.field,
                errors.get(r.field),
                CHECKER.iter_errors(&body(&input)).map(|e| e.to_string()).collect::<Vec<_>>(),
                input
            );
        }
        // Every code the validator gives is one the schema lists for that field.
        for (field, codes) in errors {
            let rule = rules::rule(field).expect("a field of the table");
            for code in codes {
                prop_assert!(rule.codes.contains(&code), "{field}: {code} is not listed");
            }
        }
    }
}

#[test]
fn the_document_lists_every_field_with_its_rules() {
    let schema = initiative_schema(&years(), today());
    let required: Vec<&str> = RULES
        .iter()
        .filter(|r| r.required)
        .map(|r| r.field)
        .collect();
    assert_eq!(schema["required"], json!(required));
    assert_eq!(schema["properties"]["title"]["minLength"], json!(10));
    assert_eq!(schema["properties"]["title"]["maxLength"], json!(150));
    assert_eq!(
        schema["properties"]["contact_email"]["format"],
        json!("email")
    );
    assert_eq!(schema["properties"]["link"]["format"], json!("uri"));
    assert_eq!(schema["properties"]["start_date"]["format"], json!("date"));
    assert_eq!(
        schema["properties"]["plan_year"]["enum"],
        json!([2022, 2023, 2024, 2025, 2027])
    );
    assert_eq!(
        schema["properties"]["province"]["enum"]
            .as_array()
            .map(Vec::len),
        Some(36)
    );
    assert_eq!(
        schema["properties"]["organizer_type"]["enum"]
            .as_array()
            .map(Vec::len),
        Some(8)
    );
    let province = schema["properties"]["province"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        province.contains("`ho-chi-minh` Thành phố Hồ Chí Minh (Ho Chi Minh City)"),
        "{province}"
    );
    let kind = schema["properties"]["organizer_type"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(
        kind.contains("`doan-thanh-nien` Đoàn Thanh niên (Youth Union)"),
        "{kind}"
    );
    assert!(
        schema["description"]
            .as_str()
            .unwrap_or_default()
            .contains("graphemes after Unicode NFC")
    );
    for r in RULES {
        assert_eq!(
            schema["properties"][r.field]["x-error-codes"],
            json!(r.codes),
            "{}",
            r.field
        );
    }
}

#[test]
fn a_complete_submission_that_fits_the_schema_is_accepted() {
    let input = InitiativeInput {
        title: "Chợ 4.0 cho bà con xã Tân Lập".into(),
        description: "Hướng dẫn bà con bán nông sản trên sàn thương mại điện tử.".into(),
        organizer_name: "Đoàn Thanh niên xã Tân Lập".into(),
        organizer_type: "doan-thanh-nien".into(),
        province: "phu-tho".into(),
        start_date: "2027-10-01".into(),
        end_date: "2027-10-10".into(),
        link: "https://tanlap.phutho.gov.vn/cho-4-0".into(),
        beneficiaries: "Hơn 200 hộ trồng chè".into(),
        contact_email: "doan.tanlap@gmail.com".into(),
        contact_phone: "(0210) 381 1234".into(),
        plan_year: 2027,
        consent: true,
        ..InitiativeInput::default()
    };
    assert!(checker().is_valid(&body(&input)));
    assert!(validate(&input, today(), &years()).is_ok());
}
