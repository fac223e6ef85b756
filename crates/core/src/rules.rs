//! The rules of an initiative's fields, as one table. [`crate::validate::validate`] checks
//! with it and the API's OpenAPI document is written from it ([`initiative_schema`]), so
//! what the API says it accepts and what it accepts cannot drift apart; the tests in
//! `tests/schema.rs` hold the two against each other.
//!
//! Where JSON Schema cannot say a rule (lengths in letters as people see them, two dates
//! compared, the window around today, a public host), the schema says it in words and the
//! validator remains the judge.

use crate::model::Lang;
use crate::provinces::{self, Province};
use crate::validate::codes::*;
use crate::validate::{ORGANIZER_TYPES, organizer_type_name};
use chrono::{Months, NaiveDate};
use serde_json::{Map, Value, json};

/// What kind of value a field holds, which decides how it is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text on one line.
    Line,
    /// Free text that may hold line breaks and tabs.
    Lines,
    /// One code from a list.
    Choice(Choices),
    /// A calendar day, `YYYY-MM-DD`.
    Date,
    /// A link to a public web page.
    Link,
    /// An e-mail address.
    Email,
    /// A Vietnamese phone number.
    Phone,
    /// A plan year (a JSON integer).
    Year,
    /// A box that must be ticked (a JSON boolean, `true`).
    Consent,
}

/// Where the codes of a [`Kind::Choice`] come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choices {
    /// [`ORGANIZER_TYPES`].
    OrganizerTypes,
    /// The 34 provinces and the two special places ([`provinces::place`]).
    Places,
}

/// A JSON Schema `format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `date`: `YYYY-MM-DD`.
    Date,
    /// `email`.
    Email,
    /// `uri`.
    Uri,
}

impl Format {
    /// The keyword's value.
    pub fn name(self) -> &'static str {
        match self {
            Format::Date => "date",
            Format::Email => "email",
            Format::Uri => "uri",
        }
    }
}

/// The rules of one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRule {
    /// The field's name in JSON (that of [`crate::validate::InitiativeInput`]).
    pub field: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether it must be given; an optional field may be left empty.
    pub required: bool,
    /// Fewest and most graphemes (letters as people see them, after trimming and NFC).
    pub graphemes: Option<(usize, usize)>,
    /// Most characters (Unicode scalar values), for the fields people do not read as text.
    pub max_chars: Option<usize>,
    /// The JSON Schema format it follows.
    pub format: Option<Format>,
    /// The regular expression every accepted value matches.
    pub pattern: Option<Pattern>,
    /// Every error code the validator can give this field.
    pub codes: &'static [&'static str],
}

/// A field's regular expression (ECMA-262, as JSON Schema reads it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// Visible text of the field's length: no control characters and no bidirectional
    /// overrides (line breaks and tabs inside a [`Kind::Lines`] text), no spaces at either
    /// end; see [`FieldRule::pattern`].
    VisibleText,
    /// A fixed expression, from [`patterns`].
    Fixed(&'static str),
}

/// The regular expressions of the table. Each accepts every value the validator accepts
/// once trimmed; a value sent with spaces around it is trimmed by the server, but the
/// document asks for it without.
pub mod patterns {
    /// A character that may begin or end a text: not a control character, a space of any
    /// kind or a bidirectional override.
    pub const EDGE: &str = "[^\\x00-\\x20\\x7F-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202A-\\u202F\\u205F\\u2066-\\u2069\\u3000]";
    /// A character inside a one-line text.
    pub const INSIDE_LINE: &str = "[^\\x00-\\x1F\\x7F-\\x9F\\u202A-\\u202E\\u2066-\\u2069]";
    /// A character inside a text of several lines: line breaks and tabs too.
    pub const INSIDE_LINES: &str =
        "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\u202A-\\u202E\\u2066-\\u2069]";
    /// `YYYY-MM-DD`.
    pub const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    /// An http or https address with a host and, if any, a port from 1 (or nothing).
    pub const LINK: &str = "^(?:[Hh][Tt][Tt][Pp][Ss]?://[^\\s\"<>\\\\`/?#@:]+(?::[1-9][0-9]{0,4})?(?:[/?#][^\\s\"<>\\\\`]*)?)?$";
    /// A plain ASCII address: dot-separated atoms, `@`, and a domain of letters, digits
    /// and hyphens with at least one dot, whose last label has two characters or more and
    /// is not all digits.
    pub const EMAIL: &str = "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+(?:[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]|[0-9]+(?:[A-Za-z]|[A-Za-z-][A-Za-z0-9-]*[A-Za-z0-9]))$";
    /// A Vietnamese number (or nothing): `0`, `84` or `+84`, then a mobile number of nine
    /// digits not starting with 0, or a landline of ten starting with its area code's 2.
    /// Spaces, dots, dashes and parentheses may come anywhere between the digits.
    pub const PHONE: &str = "^(?:[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*(?:\\+[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*8[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*4|8[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*4|0)[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*(?:[1-9](?:[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*[0-9]){8}|2(?:[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*[0-9]){9})[ .()\\-\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]*)?$";
}

/// The name of an initiative.
pub const TITLE: FieldRule = FieldRule {
    field: "title",
    kind: Kind::Line,
    required: true,
    graphemes: Some((10, 150)),
    max_chars: None,
    format: None,
    pattern: Some(Pattern::VisibleText),
    codes: &[REQUIRED, TOO_SHORT, TOO_LONG, CONTROL_CHARACTERS],
};

/// What it does and for whom.
pub const DESCRIPTION: FieldRule = FieldRule {
    field: "description",
    kind: Kind::Lines,
    required: true,
    graphemes: Some((30, 3000)),
    max_chars: None,
    format: None,
    pattern: Some(Pattern::VisibleText),
    codes: &[REQUIRED, TOO_SHORT, TOO_LONG, CONTROL_CHARACTERS],
};

/// The person or body behind it.
pub const ORGANIZER_NAME: FieldRule = FieldRule {
    field: "organizer_name",
    kind: Kind::Line,
    required: true,
    graphemes: Some((2, 150)),
    max_chars: None,
    format: None,
    pattern: Some(Pattern::VisibleText),
    codes: &[REQUIRED, TOO_SHORT, TOO_LONG, CONTROL_CHARACTERS],
};

/// What kind of organizer.
pub const ORGANIZER_TYPE: FieldRule = FieldRule {
    field: "organizer_type",
    kind: Kind::Choice(Choices::OrganizerTypes),
    required: true,
    graphemes: None,
    max_chars: None,
    format: None,
    pattern: None,
    codes: &[REQUIRED, UNKNOWN_CHOICE, CONTROL_CHARACTERS],
};

/// Where it is held.
pub const PROVINCE: FieldRule = FieldRule {
    field: "province",
    kind: Kind::Choice(Choices::Places),
    required: true,
    graphemes: None,
    max_chars: None,
    format: None,
    pattern: None,
    codes: &[REQUIRED, UNKNOWN_CHOICE, CONTROL_CHARACTERS],
};

/// Its first day.
pub const START_DATE: FieldRule = FieldRule {
    field: "start_date",
    kind: Kind::Date,
    required: true,
    graphemes: None,
    max_chars: None,
    format: Some(Format::Date),
    pattern: Some(Pattern::Fixed(patterns::DATE)),
    codes: &[REQUIRED, INVALID_DATE, TOO_FAR, CONTROL_CHARACTERS],
};

/// Its last day, inclusive.
pub const END_DATE: FieldRule = FieldRule {
    field: "end_date",
    kind: Kind::Date,
    required: true,
    graphemes: None,
    max_chars: None,
    format: Some(Format::Date),
    pattern: Some(Pattern::Fixed(patterns::DATE)),
    codes: &[
        REQUIRED,
        INVALID_DATE,
        END_BEFORE_START,
        TOO_FAR,
        CONTROL_CHARACTERS,
    ],
};

/// A web page about it.
pub const LINK: FieldRule = FieldRule {
    field: "link",
    kind: Kind::Link,
    required: false,
    graphemes: None,
    max_chars: Some(500),
    format: Some(Format::Uri),
    pattern: Some(Pattern::Fixed(patterns::LINK)),
    codes: &[TOO_LONG, INVALID_URL, URL_SCHEME, CONTROL_CHARACTERS],
};

/// Who benefits.
pub const BENEFICIARIES: FieldRule = FieldRule {
    field: "beneficiaries",
    kind: Kind::Lines,
    required: false,
    graphemes: Some((0, 500)),
    max_chars: None,
    format: None,
    pattern: Some(Pattern::VisibleText),
    codes: &[TOO_LONG, CONTROL_CHARACTERS],
};

/// Where a moderator reaches the organizer; 254 is RFC 5321's limit on a path.
pub const CONTACT_EMAIL: FieldRule = FieldRule {
    field: "contact_email",
    kind: Kind::Email,
    required: true,
    graphemes: None,
    max_chars: Some(254),
    format: Some(Format::Email),
    pattern: Some(Pattern::Fixed(patterns::EMAIL)),
    codes: &[REQUIRED, TOO_LONG, INVALID_EMAIL, CONTROL_CHARACTERS],
};

/// A phone number for the moderator.
pub const CONTACT_PHONE: FieldRule = FieldRule {
    field: "contact_phone",
    kind: Kind::Phone,
    required: false,
    graphemes: None,
    max_chars: None,
    format: None,
    pattern: Some(Pattern::Fixed(patterns::PHONE)),
    codes: &[INVALID_PHONE, CONTROL_CHARACTERS],
};

/// The plan year it joins.
pub const PLAN_YEAR: FieldRule = FieldRule {
    field: "plan_year",
    kind: Kind::Year,
    required: true,
    graphemes: None,
    max_chars: None,
    format: None,
    pattern: None,
    codes: &[REQUIRED, UNKNOWN_YEAR],
};

/// The organizer's consent to publication.
pub const CONSENT: FieldRule = FieldRule {
    field: "consent",
    kind: Kind::Consent,
    required: true,
    graphemes: None,
    max_chars: None,
    format: None,
    pattern: None,
    codes: &[CONSENT_REQUIRED],
};

impl FieldRule {
    /// The field's regular expression. A text's carries its length too (in code points,
    /// which for text of one code point per letter is the grapheme count), so that a
    /// generator drawing from the expression alone makes values of the right length.
    pub fn pattern(&self) -> Option<String> {
        match self.pattern? {
            Pattern::Fixed(p) => Some(p.to_owned()),
            Pattern::VisibleText => {
                let inside = if self.kind == Kind::Lines {
                    patterns::INSIDE_LINES
                } else {
                    patterns::INSIDE_LINE
                };
                let edge = patterns::EDGE;
                let (min, max) = self.graphemes.unwrap_or((1, usize::MAX));
                let most = max.saturating_sub(2);
                Some(if min >= 2 {
                    format!("^{edge}{inside}{{{},{most}}}{edge}$", min - 2)
                } else {
                    // One letter, or an edge, up to `max - 2` inside, an edge; or nothing
                    // when the field may be left empty.
                    let one = format!("{edge}(?:{inside}{{0,{most}}}{edge})?");
                    if min == 0 {
                        format!("^(?:{one})?$")
                    } else {
                        format!("^{one}$")
                    }
                })
            }
        }
    }
}

/// Every field that is checked, in the form's order.
pub const RULES: &[FieldRule] = &[
    TITLE,
    DESCRIPTION,
    ORGANIZER_NAME,
    ORGANIZER_TYPE,
    PROVINCE,
    START_DATE,
    END_DATE,
    LINK,
    BENEFICIARIES,
    CONTACT_EMAIL,
    CONTACT_PHONE,
    PLAN_YEAR,
    CONSENT,
];

/// The rules of `field`, if it is one.
pub fn rule(field: &str) -> Option<&'static FieldRule> {
    RULES.iter().find(|r| r.field == field)
}

/// Earliest first day: the Day was created in 2022 (Decision 505/QĐ-TTg).
pub const EARLIEST_START: NaiveDate = NaiveDate::from_ymd_opt(2022, 1, 1).expect("a real date");
/// How far ahead of today the last day may be, in months.
pub const MONTHS_AHEAD: u32 = 24;

/// The latest last day an initiative may have when sent `today`; `None` at the very end
/// of the calendar, where there is no later day to compare with.
pub fn latest_end(today: NaiveDate) -> Option<NaiveDate> {
    today.checked_add_months(Months::new(MONTHS_AHEAD))
}

/// The codes a [`Kind::Choice`] accepts, with their names in Vietnamese and English.
pub fn choices(source: Choices) -> Vec<(&'static str, &'static str, &'static str)> {
    match source {
        Choices::OrganizerTypes => ORGANIZER_TYPES
            .iter()
            .map(|&c| {
                (
                    c,
                    organizer_type_name(c, Lang::Vi).unwrap_or(c),
                    organizer_type_name(c, Lang::En).unwrap_or(c),
                )
            })
            .collect(),
        Choices::Places => provinces::PROVINCES
            .iter()
            .chain(provinces::SPECIAL_PLACES)
            .map(|p: &Province| (p.slug, p.name_vi, p.name_en))
            .collect(),
    }
}

/// Whether `code` is one of `source`'s.
pub fn is_choice(source: Choices, code: &str) -> bool {
    match source {
        Choices::OrganizerTypes => ORGANIZER_TYPES.contains(&code),
        Choices::Places => provinces::place(code).is_some(),
    }
}

/// The JSON Schema (OpenAPI 3.1) of a submission, from [`RULES`]. `plan_years` are the years
/// accepted today ([`crate::campaign::allowed_years`]) and `today` sets the date window:
/// the document is made when the server starts (or per request), never frozen at build.
pub fn initiative_schema(plan_years: &[i32], today: NaiveDate) -> Value {
    let mut properties = Map::new();
    for r in RULES {
        properties.insert(r.field.to_owned(), field_schema(r, plan_years, today));
    }
    let required: Vec<&str> = RULES
        .iter()
        .filter(|r| r.required)
        .map(|r| r.field)
        .collect();
    json!({
        "type": "object",
        "description": "An initiative as the form sends it. Lengths count letters as people \
            see them: graphemes after Unicode NFC composition, so `ệ` is one letter however it \
            was typed (JSON Schema's own minLength and maxLength count code points; here they \
            count graphemes). Values are trimmed before they are checked; send them without \
            spaces around. The last day (`end_date`) is on or after the first (`start_date`); \
            both lie between 2022-01-01 and 24 months after today in Vietnam (`x-earliest` \
            and `x-latest`). Every failing field is reported at once in the 422 answer's \
            `fields`, with the codes listed under each field (`x-error-codes`). The app's own \
            form also sends `website` (a honeypot for bots) and `form_started_ms`; API \
            clients leave both out.",
        "required": required,
        "properties": properties,
    })
}

fn field_schema(r: &FieldRule, plan_years: &[i32], today: NaiveDate) -> Value {
    let mut s = Map::new();
    let mut words: Vec<String> = vec![describe(r).to_owned()];
    match r.kind {
        Kind::Year => {
            s.insert("type".into(), json!("integer"));
            s.insert("enum".into(), json!(plan_years));
            words.push(format!(
                "Accepted today: {} (the years with a plan and the campaign whose 10/10 \
                 comes next; the list follows the date).",
                join(plan_years.iter().map(i32::to_string))
            ));
        }
        Kind::Consent => {
            s.insert("type".into(), json!("boolean"));
            s.insert("const".into(), json!(true));
        }
        Kind::Choice(source) => {
            let list = choices(source);
            s.insert("type".into(), json!("string"));
            s.insert(
                "enum".into(),
                json!(list.iter().map(|c| c.0).collect::<Vec<_>>()),
            );
            words.push(format!(
                "Codes: {}.",
                join(list.iter().map(|(c, vi, en)| format!("`{c}` {vi} ({en})")))
            ));
        }
        _ => {
            s.insert("type".into(), json!("string"));
        }
    }
    if let Some((min, max)) = r.graphemes {
        if min > 0 {
            s.insert("minLength".into(), json!(min));
        }
        s.insert("maxLength".into(), json!(max));
        words.push(format!(
            "{} letters as people see them (graphemes after NFC).",
            if min > 0 {
                format!("{min} to {max}")
            } else {
                format!("At most {max}")
            }
        ));
    }
    if let Some(max) = r.max_chars {
        s.insert("maxLength".into(), json!(max));
        words.push(format!("At most {max} characters."));
    }
    if let Some(format) = r.format {
        s.insert("format".into(), json!(format.name()));
    }
    if let Some(pattern) = r.pattern() {
        s.insert("pattern".into(), json!(pattern));
    }
    if r.kind == Kind::Date {
        let earliest = EARLIEST_START.format("%Y-%m-%d").to_string();
        s.insert("x-earliest".into(), json!(earliest));
        if let Some(latest) = latest_end(today) {
            let latest = latest.format("%Y-%m-%d").to_string();
            words.push(format!(
                "From {earliest} to {latest} (24 months after today in Vietnam)."
            ));
            s.insert("x-latest".into(), json!(latest));
        }
    }
    if !r.required {
        words.push("Optional: leave it out (an empty text is taken as left out).".to_owned());
    }
    words.push(format!("Error codes: {}.", join(r.codes.iter())));
    s.insert("x-error-codes".into(), json!(r.codes));
    s.insert("description".into(), json!(words.join(" ")));
    Value::Object(s)
}

fn join<T: std::fmt::Display>(items: impl Iterator<Item = T>) -> String {
    items.map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// What a field is and the rules the schema's keywords cannot say.
fn describe(r: &FieldRule) -> &'static str {
    match r.field {
        "title" => "The name of the initiative, on one line.",
        "description" => "What it does and for whom; line breaks and tabs are kept.",
        "organizer_name" => "The person or body behind it, on one line.",
        "organizer_type" => "What kind of organizer.",
        "province" => {
            "Where it is held: one of the 34 province-level units in force since 1 July 2025 \
             (Resolution 202/2025/QH15), or nationwide, or online."
        }
        "start_date" => "The first day, a calendar day in Vietnam.",
        "end_date" => "The last day, inclusive; on or after start_date (else end_before_start).",
        "link" => {
            "A public web page about it: http or https (other schemes are url_scheme), a host \
             name with a dot (not localhost nor an IP address), a port from 1 to 65535 if any, \
             no user name before the host."
        }
        "beneficiaries" => "Who benefits; line breaks are kept.",
        "contact_email" => {
            "Where a moderator reaches the organizer; never published. Plain ASCII, no quoted \
             part; at most 64 characters before the @; a domain label is at most 63 characters."
        }
        "contact_phone" => {
            "A Vietnamese phone number, never published; stored as 0 and nine digits (mobile) \
             or ten (landline), e.g. 0987 654 321, +84 987 654 321, (024) 3825 1234."
        }
        "plan_year" => "The plan year the initiative joins.",
        "consent" => "The organizer agrees to the processing of these contact details: true.",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_each_checked_field_once_in_the_forms_order() {
        let fields: Vec<&str> = RULES.iter().map(|r| r.field).collect();
        assert_eq!(fields, crate::validate::FIELDS);
    }

    #[test]
    fn every_field_says_what_it_is() {
        for r in RULES {
            assert!(!describe(r).is_empty(), "{}", r.field);
            assert!(!r.codes.is_empty(), "{}", r.field);
        }
    }

    #[test]
    fn the_year_enum_follows_the_date() {
        let years = crate::campaign::allowed_years(&[2022, 2025], day(2026, 12, 1));
        let schema = initiative_schema(&years, day(2026, 12, 1));
        assert_eq!(
            schema["properties"]["plan_year"]["enum"],
            json!([2022, 2025, 2027])
        );
        assert_eq!(
            schema["properties"]["end_date"]["x-latest"],
            json!("2028-12-01")
        );
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }
}
