//! The one validation of a citizen's initiative: the browser form runs it as people type and
//! the server runs it again on what arrives, so the two can never disagree.
//!
//! Errors are stable codes per field (`"required"`, `"too_long"`, …), never sentences: the
//! app words them in the reader's language and the API returns them as they are. Every
//! failing field is reported at once, so a person fixes the form in one pass.

use crate::model::Lang;
use crate::nfc::compose_vietnamese;
use crate::query::parse_date;
use crate::rules::{self, FieldRule, Kind};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the submission form sends, as JSON. Every field may be missing, so that a missing
/// field becomes a validation error a person can fix rather than a parse error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InitiativeInput {
    /// Name of the initiative.
    pub title: String,
    /// What it does and for whom; may span several lines.
    pub description: String,
    /// The person or body behind it.
    pub organizer_name: String,
    /// One of the codes in [`ORGANIZER_TYPES`].
    pub organizer_type: String,
    /// A province slug, or `toan-quoc` / `truc-tuyen` (see [`crate::provinces::place`]).
    pub province: String,
    /// First day, `YYYY-MM-DD`.
    pub start_date: String,
    /// Last day, `YYYY-MM-DD`, inclusive.
    pub end_date: String,
    /// Optional web page about it; http or https only.
    pub link: String,
    /// Optional free text on who benefits; may span several lines.
    pub beneficiaries: String,
    /// Where a moderator can reach the organizer; required, never published.
    pub contact_email: String,
    /// Optional phone number in a Vietnamese format; never published.
    pub contact_phone: String,
    /// The plan year the initiative joins.
    pub plan_year: i32,
    /// The organizer agrees to the terms of publication; must be true.
    pub consent: bool,
    /// Honeypot for the server's spam check: humans leave it empty. Not validated here.
    pub website: String,
    /// When the form was opened (ms since epoch), for the server's spam check. Not validated here.
    pub form_started_ms: Option<i64>,
}

/// An initiative that passed validation, with its values cleaned: trimmed, Vietnamese
/// letters composed (NFC), dates parsed, the phone number and e-mail domain normalised.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Initiative {
    /// Name of the initiative.
    pub title: String,
    /// What it does and for whom; line breaks kept as `\n`.
    pub description: String,
    /// The person or body behind it.
    pub organizer_name: String,
    /// One of the codes in [`ORGANIZER_TYPES`].
    pub organizer_type: String,
    /// A slug [`crate::provinces::place`] knows.
    pub province: String,
    /// First day.
    pub start_date: NaiveDate,
    /// Last day, inclusive; never before the first.
    pub end_date: NaiveDate,
    /// Web page with its scheme and host lower-cased, if one was given.
    pub link: Option<String>,
    /// Who benefits, if given.
    pub beneficiaries: Option<String>,
    /// E-mail address with its domain lower-cased.
    pub contact_email: String,
    /// Phone number in national form: `0` then nine digits (mobile) or ten (landline).
    pub contact_phone: Option<String>,
    /// The plan year the initiative joins.
    pub plan_year: i32,
}

/// Field name → error codes, in a stable order; field names are those of [`InitiativeInput`].
pub type FieldErrors = BTreeMap<&'static str, Vec<&'static str>>;

/// The fields that can carry an error, in the form's order.
pub const FIELDS: &[&str] = &[
    "title",
    "description",
    "organizer_name",
    "organizer_type",
    "province",
    "start_date",
    "end_date",
    "link",
    "beneficiaries",
    "contact_email",
    "contact_phone",
    "plan_year",
    "consent",
];

/// The stable error codes, shared by the form's messages and the API's `fields`.
pub mod codes {
    /// Nothing was given where something must be.
    pub const REQUIRED: &str = "required";
    /// Fewer graphemes than the field's minimum.
    pub const TOO_SHORT: &str = "too_short";
    /// More graphemes (or characters, for a link or e-mail) than the field's maximum.
    pub const TOO_LONG: &str = "too_long";
    /// A malformed value with no more specific code.
    pub const INVALID: &str = "invalid";
    /// A code that is not one of the field's choices.
    pub const UNKNOWN_CHOICE: &str = "unknown_choice";
    /// Not a real `YYYY-MM-DD` date.
    pub const INVALID_DATE: &str = "invalid_date";
    /// The last day comes before the first.
    pub const END_BEFORE_START: &str = "end_before_start";
    /// A start before 2022 or an end more than two years ahead.
    pub const TOO_FAR: &str = "too_far";
    /// Not a link to a public web page.
    pub const INVALID_URL: &str = "invalid_url";
    /// A link with a scheme other than http or https (`javascript:`, `mailto:`, …).
    pub const URL_SCHEME: &str = "url_scheme";
    /// Not a plain ASCII e-mail address.
    pub const INVALID_EMAIL: &str = "invalid_email";
    /// Not a Vietnamese phone number.
    pub const INVALID_PHONE: &str = "invalid_phone";
    /// Neither a year with a plan nor the next campaign's year.
    pub const UNKNOWN_YEAR: &str = "unknown_year";
    /// The consent box was not ticked.
    pub const CONSENT_REQUIRED: &str = "consent_required";
    /// Control characters, or bidirectional overrides that can disguise text.
    pub const CONTROL_CHARACTERS: &str = "control_characters";
}

use codes::*;

/// Every code [`validate`] can report.
pub const ERROR_CODES: &[&str] = &[
    REQUIRED,
    TOO_SHORT,
    TOO_LONG,
    INVALID,
    UNKNOWN_CHOICE,
    INVALID_DATE,
    END_BEFORE_START,
    TOO_FAR,
    INVALID_URL,
    URL_SCHEME,
    INVALID_EMAIL,
    INVALID_PHONE,
    UNKNOWN_YEAR,
    CONSENT_REQUIRED,
    CONTROL_CHARACTERS,
];

/// Longest part of an e-mail address before the `@` (RFC 5321); said in words in the schema.
pub const EMAIL_LOCAL_MAX: usize = 64;
pub use crate::rules::{EARLIEST_START, MONTHS_AHEAD};

/// Organizer types, in the form's order.
pub const ORGANIZER_TYPES: &[&str] = &[
    "ca-nhan",
    "nhom-cong-dong",
    "truong-hoc",
    "doanh-nghiep",
    "hoi-hiep-hoi",
    "co-quan-nha-nuoc",
    "doan-thanh-nien",
    "khac",
];

/// The name of an organizer type in `lang`, or `None` for a code that is not one.
pub fn organizer_type_name(code: &str, lang: Lang) -> Option<&'static str> {
    let (vi, en) = match code {
        "ca-nhan" => ("Cá nhân", "Individual"),
        "nhom-cong-dong" => ("Nhóm cộng đồng", "Community group"),
        "truong-hoc" => ("Trường học", "School"),
        "doanh-nghiep" => ("Doanh nghiệp", "Business"),
        "hoi-hiep-hoi" => ("Hội, hiệp hội", "Association"),
        "co-quan-nha-nuoc" => ("Cơ quan nhà nước", "State agency"),
        "doan-thanh-nien" => ("Đoàn Thanh niên", "Youth Union"),
        "khac" => ("Khác", "Other"),
        _ => return None,
    };
    Some(match lang {
        Lang::Vi => vi,
        Lang::En => en,
    })
}

/// Checks an initiative and returns it cleaned, or every failing field with its codes.
///
/// `today` is the calendar day in Vietnam (the form's and the server's may differ by a day
/// around midnight; the two-year horizon leaves room for that). `known_years` are the plan
/// years an initiative may name: [`crate::campaign::allowed_years`], which adds the next
/// campaign's year to the years that have a plan.
pub fn validate(
    input: &InitiativeInput,
    today: NaiveDate,
    known_years: &[i32],
) -> Result<Initiative, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut check = Check(&mut errors);

    // Each field is checked by its row of the rule table, which the API's schema is
    // written from (crate::rules).
    let title = check
        .take(rules::TITLE.field, text(&input.title, &rules::TITLE))
        .flatten();
    let description = check
        .take(
            rules::DESCRIPTION.field,
            text(&input.description, &rules::DESCRIPTION),
        )
        .flatten();
    let organizer_name = check
        .take(
            rules::ORGANIZER_NAME.field,
            text(&input.organizer_name, &rules::ORGANIZER_NAME),
        )
        .flatten();
    let organizer_type = check.take(
        rules::ORGANIZER_TYPE.field,
        choice(&input.organizer_type, &rules::ORGANIZER_TYPE),
    );
    let province = check.take(
        rules::PROVINCE.field,
        choice(&input.province, &rules::PROVINCE),
    );
    let link = check.take(rules::LINK.field, link(&input.link));
    let beneficiaries = check.take(
        rules::BENEFICIARIES.field,
        text(&input.beneficiaries, &rules::BENEFICIARIES),
    );
    let contact_email = check.take(rules::CONTACT_EMAIL.field, email(&input.contact_email));
    let contact_phone = check.take(rules::CONTACT_PHONE.field, phone(&input.contact_phone));
    let plan_year = check.take(rules::PLAN_YEAR.field, year(input.plan_year, known_years));
    let consent = check.take(
        rules::CONSENT.field,
        if input.consent {
            Ok(())
        } else {
            Err(CONSENT_REQUIRED)
        },
    );
    let start = check.take(rules::START_DATE.field, date(&input.start_date));
    let end = check.take(rules::END_DATE.field, date(&input.end_date));
    let (start_date, end_date) = dates(start, end, today, &mut errors);

    if errors.is_empty()
        && let (
            Some(title),
            Some(description),
            Some(organizer_name),
            Some(organizer_type),
            Some(province),
            Some(start_date),
            Some(end_date),
            Some(link),
            Some(beneficiaries),
            Some(contact_email),
            Some(contact_phone),
            Some(plan_year),
            Some(()),
        ) = (
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
        )
    {
        return Ok(Initiative {
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
        });
    }
    Err(errors)
}

/// Records the code of each failing field, so that checking goes on to the next one.
struct Check<'a>(&'a mut FieldErrors);

impl Check<'_> {
    /// The value when `result` is good; otherwise records its code under `field`.
    fn take<T>(&mut self, field: &'static str, result: Result<T, &'static str>) -> Option<T> {
        result
            .map_err(|code| self.0.entry(field).or_default().push(code))
            .ok()
    }
}

impl InitiativeInput {
    /// The error codes of one field, for the form to show when a person leaves it.
    ///
    /// Runs the whole [`validate`] and picks the field, so there is one source of truth.
    pub fn validate_field(
        &self,
        field: &str,
        today: NaiveDate,
        known_years: &[i32],
    ) -> Vec<&'static str> {
        match validate(self, today, known_years) {
            Ok(_) => Vec::new(),
            Err(mut errors) => errors.remove(field).unwrap_or_default(),
        }
    }
}

/// Counts user-perceived characters, closely enough for length limits.
///
/// A small stand-in for Unicode grapheme segmentation, which would weigh on the wasm app:
/// combining marks, variation selectors, joiners, skin tones and tags add nothing; a pair of
/// regional indicators is one flag; an emoji joined by ZWJ to the one before is one.
pub fn grapheme_count(text: &str) -> usize {
    let mut count = 0;
    // A regional indicator was counted just before and waits for its pair.
    let mut lone_indicator = false;
    let mut after_joiner = false;
    for c in text.chars() {
        if c == '\u{200D}' {
            after_joiner = true;
            continue;
        }
        if is_extender(c) {
            continue;
        }
        // Only pictographs join: letters around a stray ZWJ still count, so it cannot be
        // used to hide a long text inside a short count.
        if after_joiner && count > 0 && is_pictograph(c) {
            after_joiner = false;
            lone_indicator = false;
            continue;
        }
        after_joiner = false;
        if is_regional_indicator(c) {
            lone_indicator = !lone_indicator;
            if !lone_indicator {
                continue;
            }
        } else {
            lone_indicator = false;
        }
        count += 1;
    }
    count
}

/// Marks that attach to the character before them.
fn is_extender(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{200C}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}')
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

/// The blocks where emoji live, near enough for joining ZWJ sequences.
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2190}'..='\u{2BFF}' | '\u{1F000}'..='\u{1FAFF}')
}

/// Whether a text field may hold line breaks and tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

/// Trims, composes Vietnamese letters and refuses control characters.
///
/// Control characters are looked for after trimming: a stray newline around a value is
/// invisible and harmless, while one inside it would be stored and shown.
fn clean(raw: &str, lines: Lines) -> Result<String, &'static str> {
    let unified;
    let mut raw = raw;
    if lines == Lines::Many && raw.contains('\r') {
        // Windows line ends from API clients are line breaks, not control characters.
        unified = raw.replace("\r\n", "\n").replace('\r', "\n");
        raw = &unified;
    }
    let text = compose_vietnamese(raw.trim());
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\t');
    if text.chars().any(|c| is_forbidden(c) && !allowed(c)) {
        Err(CONTROL_CHARACTERS)
    } else {
        Ok(text)
    }
}

/// Control characters, and the bidirectional overrides and isolates that can make a text
/// read differently from what it holds.
fn is_forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A free text checked by its row of the table: lines allowed or not, required or not,
/// and its length range in graphemes. `None` is an optional text left empty.
fn text(raw: &str, rule: &FieldRule) -> Result<Option<String>, &'static str> {
    let lines = if rule.kind == Kind::Lines {
        Lines::Many
    } else {
        Lines::One
    };
    let text = clean(raw, lines)?;
    if text.is_empty() {
        return if rule.required {
            Err(REQUIRED)
        } else {
            Ok(None)
        };
    }
    let (min, max) = rule.graphemes.unwrap_or((0, usize::MAX));
    let count = grapheme_count(&text);
    if count < min {
        Err(TOO_SHORT)
    } else if count > max || too_heavy(&text, max) {
        Err(TOO_LONG)
    } else {
        Ok(Some(text))
    }
}

/// True when a text has far more characters than its graphemes could need: a pile of
/// combining marks counts as one grapheme but still has to be stored and displayed.
fn too_heavy(text: &str, max_graphemes: usize) -> bool {
    text.chars().count() > max_graphemes.saturating_mul(4)
}

/// A required code from the list its row of the table names.
fn choice(raw: &str, rule: &FieldRule) -> Result<String, &'static str> {
    let code = clean(raw, Lines::One)?;
    if code.is_empty() {
        Err(REQUIRED)
    } else if matches!(rule.kind, Kind::Choice(source) if rules::is_choice(source, &code)) {
        Ok(code)
    } else {
        Err(UNKNOWN_CHOICE)
    }
}

/// A required `YYYY-MM-DD` date.
fn date(raw: &str) -> Result<NaiveDate, &'static str> {
    let text = clean(raw, Lines::One)?;
    if text.is_empty() {
        return Err(REQUIRED);
    }
    parse_date(&text).ok_or(INVALID_DATE)
}

/// Checks the two dates against each other and the allowed span; both stay `None` when
/// either fails, since neither is usable alone.
fn dates(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
    errors: &mut FieldErrors,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    if let Some(start) = start
        && start < EARLIEST_START
    {
        errors.entry("start_date").or_default().push(TOO_FAR);
    }
    if let Some(end) = end {
        if let Some(start) = start
            && end < start
        {
            errors.entry("end_date").or_default().push(END_BEFORE_START);
        }
        // At the very end of the calendar there is no later day to compare with.
        if let Some(latest) = rules::latest_end(today)
            && end > latest
        {
            errors.entry("end_date").or_default().push(TOO_FAR);
        }
    }
    if errors.contains_key("start_date") || errors.contains_key("end_date") {
        (None, None)
    } else {
        (start, end)
    }
}

/// A year an initiative may name (see [`crate::campaign::allowed_years`]).
fn year(year: i32, known_years: &[i32]) -> Result<i32, &'static str> {
    if year == 0 {
        // What a missing field deserialises to: no year at all rather than a wrong one.
        Err(REQUIRED)
    } else if known_years.contains(&year) {
        Ok(year)
    } else {
        Err(UNKNOWN_YEAR)
    }
}

/// An optional link to a public web page: `http(s)://host.tld[:port][/…]`.
pub(crate) fn link(raw: &str) -> Result<Option<String>, &'static str> {
    let text = clean(raw, Lines::One)?;
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > rules::LINK.max_chars.unwrap_or(usize::MAX) {
        return Err(TOO_LONG);
    }
    let Some((scheme, rest)) = text.split_once(':') else {
        return Err(INVALID_URL);
    };
    // A scheme is letters, digits, `+` and `-` here; with a dot it is more likely a host
    // typed without one (`www.example.vn:8080`), which is a bad link rather than a bad scheme.
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-');
    if !is_scheme {
        return Err(INVALID_URL);
    }
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(URL_SCHEME);
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return Err(INVALID_URL);
    };
    // Characters a URL never holds unencoded; they are how markup gets smuggled in.
    if rest.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '`')) {
        return Err(INVALID_URL);
    }
    let (authority, tail) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
    // `https://gov.vn@example.com` goes to example.com: user info only serves to mislead.
    if authority.contains('@') {
        return Err(INVALID_URL);
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => {
            let valid = !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
            if !valid {
                return Err(INVALID_URL);
            }
            (host, Some(port))
        }
        None => (authority, None),
    };
    let host = host.to_lowercase();
    if !is_public_host(&host) {
        return Err(INVALID_URL);
    }
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    Ok(Some(format!("{scheme}://{host}{port}{tail}")))
}

/// A host name with a dot, as public sites have: `localhost`, bare IPv4 addresses and IPv6
/// literals are refused. Vietnamese internationalised names (`chuyểnđổisố.vn`) are allowed.
fn is_public_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let top = labels.last().copied().unwrap_or_default();
    host.chars().count() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && !top.chars().all(|c| c.is_ascii_digit())
}

/// A required e-mail address in plain ASCII, with its domain lower-cased.
fn email(raw: &str) -> Result<String, &'static str> {
    let text = clean(raw, Lines::One)?;
    if text.is_empty() {
        return Err(REQUIRED);
    }
    if !text.is_ascii() || text.contains(|c: char| c.is_ascii_whitespace()) {
        return Err(INVALID_EMAIL);
    }
    if text.len() > rules::CONTACT_EMAIL.max_chars.unwrap_or(usize::MAX) {
        return Err(TOO_LONG);
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(INVALID_EMAIL);
    };
    // Quoted local parts and the rarer specials of RFC 5322 are left out: a person's
    // address never needs them, and mail software often mishandles them.
    let local_ok = !local.is_empty()
        && local.len() <= EMAIL_LOCAL_MAX
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let domain = domain.to_ascii_lowercase();
    if local_ok && is_mail_domain(&domain) {
        Ok(format!("{local}@{domain}"))
    } else {
        Err(INVALID_EMAIL)
    }
}

/// A lower-case ASCII domain with a dot and a top-level label of letters.
fn is_mail_domain(domain: &str) -> bool {
    let top = domain.rsplit('.').next().unwrap_or_default();
    domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
        && top.len() >= 2
        && !top.bytes().all(|b| b.is_ascii_digit())
}

/// An optional Vietnamese phone number, normalised to its national form starting with `0`.
///
/// Accepts `0912 345 678`, `0912.345.678`, `+84 912 345 678`, `84912345678` and landlines
/// such as `(024) 3825 1234`; spaces, dots, dashes and parentheses are only layout.
fn phone(raw: &str) -> Result<Option<String>, &'static str> {
    let text = clean(raw, Lines::One)?;
    if text.is_empty() {
        return Ok(None);
    }
    let digits: String = text
        .chars()
        .filter(|&c| !(c.is_whitespace() || matches!(c, '.' | '-' | '(' | ')')))
        .collect();
    let national = if let Some(rest) = digits.strip_prefix("+84") {
        rest
    } else if (digits.len() == 11 || digits.len() == 12)
        && let Some(rest) = digits.strip_prefix("84")
    {
        rest
    } else if let Some(rest) = digits.strip_prefix('0') {
        rest
    } else {
        return Err(INVALID_PHONE);
    };
    // A mobile number has nine digits after the trunk 0; a landline has ten, starting with
    // its area code, which since 2017 always begins with 2. Never another 0: 00 dials abroad.
    let is_mobile = national.len() == 9 && !national.starts_with('0');
    let is_landline = national.len() == 10 && national.starts_with('2');
    if (is_mobile || is_landline) && national.bytes().all(|b| b.is_ascii_digit()) {
        Ok(Some(format!("0{national}")))
    } else {
        Err(INVALID_PHONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    fn today() -> NaiveDate {
        day(2025, 6, 1)
    }

    const YEARS: &[i32] = &[2022, 2025];

    fn valid() -> InitiativeInput {
        InitiativeInput {
            title: "Chợ 4.0 cho bà con xã Tân Lập".into(),
            description: "Hướng dẫn bà con bán nông sản trên sàn thương mại điện tử,\n\
                          thanh toán không dùng tiền mặt."
                .into(),
            organizer_name: "Đoàn Thanh niên xã Tân Lập".into(),
            organizer_type: "doan-thanh-nien".into(),
            province: "phu-tho".into(),
            start_date: "2025-10-01".into(),
            end_date: "2025-10-10".into(),
            link: "https://tanlap.phutho.gov.vn/cho-4-0".into(),
            beneficiaries: "Hơn 200 hộ trồng chè".into(),
            contact_email: "Doan.TanLap@Gmail.COM".into(),
            contact_phone: "0912 345 678".into(),
            plan_year: 2025,
            consent: true,
            website: String::new(),
            form_started_ms: None,
        }
    }

    fn errors_of(input: &InitiativeInput) -> FieldErrors {
        validate(input, today(), YEARS).expect_err("should be refused")
    }

    fn field(input: InitiativeInput, name: &str) -> Vec<&'static str> {
        input.validate_field(name, today(), YEARS)
    }

    #[test]
    fn a_complete_initiative_is_accepted_and_cleaned() {
        let got = validate(&valid(), today(), YEARS).expect("valid");
        assert_eq!(got.title, "Chợ 4.0 cho bà con xã Tân Lập");
        assert_eq!(got.start_date, day(2025, 10, 1));
        assert_eq!(got.end_date, day(2025, 10, 10));
        assert_eq!(got.contact_email, "Doan.TanLap@gmail.com");
        assert_eq!(got.contact_phone.as_deref(), Some("0912345678"));
        assert_eq!(got.beneficiaries.as_deref(), Some("Hơn 200 hộ trồng chè"));
    }

    #[test]
    fn an_empty_form_reports_every_required_field() {
        let errors = errors_of(&InitiativeInput::default());
        for name in [
            "title",
            "description",
            "organizer_name",
            "organizer_type",
            "province",
            "start_date",
            "end_date",
            "contact_email",
            "plan_year",
        ] {
            assert_eq!(errors[name], vec![REQUIRED], "{name}");
        }
        assert_eq!(errors["consent"], vec![CONSENT_REQUIRED]);
        // Optional fields left empty are fine.
        for name in ["link", "beneficiaries", "contact_phone"] {
            assert!(!errors.contains_key(name), "{name}");
        }
    }

    #[test]
    fn every_failing_field_is_reported_at_once() {
        let input = InitiativeInput {
            title: "Ngắn".into(),
            link: "javascript:alert(1)".into(),
            contact_email: "không-phải-email".into(),
            contact_phone: "12345".into(),
            end_date: "2025-09-01".into(),
            plan_year: 2031,
            consent: false,
            ..valid()
        };
        let errors = errors_of(&input);
        assert_eq!(errors["title"], vec![TOO_SHORT]);
        assert_eq!(errors["link"], vec![URL_SCHEME]);
        assert_eq!(errors["contact_email"], vec![INVALID_EMAIL]);
        assert_eq!(errors["contact_phone"], vec![INVALID_PHONE]);
        assert_eq!(errors["end_date"], vec![END_BEFORE_START]);
        assert_eq!(errors["plan_year"], vec![UNKNOWN_YEAR]);
        assert_eq!(errors["consent"], vec![CONSENT_REQUIRED]);
        assert_eq!(errors.len(), 7);
    }

    #[test]
    fn missing_json_fields_are_validation_errors_not_parse_errors() {
        let input: InitiativeInput =
            serde_json::from_str(r#"{"title": "Chợ 4.0 cho bà con"}"#).expect("parses");
        let errors = errors_of(&input);
        assert!(!errors.contains_key("title"));
        assert_eq!(errors["description"], vec![REQUIRED]);
    }

    #[test]
    fn a_decomposed_vietnamese_title_counts_like_the_precomposed_one() {
        // "Việt Nam số" with every mark typed separately, as macOS sends it: 11 graphemes.
        let decomposed = "Vie\u{0323}\u{0302}t Nam so\u{0302}\u{0301}";
        assert_eq!(grapheme_count(decomposed), grapheme_count("Việt Nam số"));
        let got = validate(
            &InitiativeInput {
                title: decomposed.into(),
                ..valid()
            },
            today(),
            YEARS,
        )
        .expect("valid");
        assert_eq!(got.title, "Việt Nam số");
    }

    #[test]
    fn a_title_of_ten_vietnamese_letters_is_long_enough() {
        assert!(field(valid_with_title("ĐƯỜNG NGỌC"), "title").is_empty());
        assert_eq!(
            field(valid_with_title("ĐƯỜNG NGỌ"), "title"),
            vec![TOO_SHORT]
        );
        assert_eq!(
            field(valid_with_title(&"ữ".repeat(151)), "title"),
            vec![TOO_LONG]
        );
        assert!(field(valid_with_title(&"ữ".repeat(150)), "title").is_empty());
    }

    fn valid_with_title(title: &str) -> InitiativeInput {
        InitiativeInput {
            title: title.into(),
            ..valid()
        }
    }

    #[test]
    fn graphemes_are_counted_the_way_people_see_them() {
        assert_eq!(grapheme_count("🇻🇳🇻🇳"), 2);
        assert_eq!(grapheme_count("🇻🇳🇻"), 2);
        assert_eq!(grapheme_count("👍🏽"), 1);
        assert_eq!(grapheme_count("❤\u{FE0F}"), 1);
        assert_eq!(grapheme_count("👨\u{200D}👩\u{200D}👧"), 1);
        // A stray joiner between letters does not hide them.
        assert_eq!(grapheme_count("a\u{200D}b"), 2);
    }

    #[test]
    fn a_pile_of_combining_marks_cannot_pass_as_one_letter() {
        let zalgo = format!("Chợ 4.0 cho bà con{}", "\u{0301}".repeat(1000));
        assert_eq!(field(valid_with_title(&zalgo), "title"), vec![TOO_LONG]);
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        let input = InitiativeInput {
            title: "  \t Chợ 4.0 cho bà con \n".into(),
            province: " ha-noi ".into(),
            start_date: " 2025-10-01".into(),
            ..valid()
        };
        let got = validate(&input, today(), YEARS).expect("valid");
        assert_eq!(got.title, "Chợ 4.0 cho bà con");
        assert_eq!(got.province, "ha-noi");
    }

    #[test]
    fn a_whitespace_only_title_is_missing() {
        assert_eq!(
            field(valid_with_title(" \u{00A0}\u{3000} "), "title"),
            vec![REQUIRED]
        );
    }

    #[test]
    fn line_breaks_are_allowed_only_in_long_texts() {
        assert!(
            field(
                InitiativeInput {
                    description: "Dòng một của mô tả sáng kiến.\r\n\tDòng hai, thụt lề.".into(),
                    ..valid()
                },
                "description"
            )
            .is_empty()
        );
        assert_eq!(
            field(valid_with_title("Chợ 4.0\ncho bà con"), "title"),
            vec![CONTROL_CHARACTERS]
        );
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_refused() {
        assert_eq!(
            field(valid_with_title("Chợ 4.0 cho\u{0000} bà con"), "title"),
            vec![CONTROL_CHARACTERS]
        );
        assert_eq!(
            field(valid_with_title("Chợ 4.0 \u{202E}noc àb ohc"), "title"),
            vec![CONTROL_CHARACTERS]
        );
        let input = InitiativeInput {
            description: format!("{}\u{0007}", "Mô tả đủ dài cho một sáng kiến hay"),
            contact_email: "a\u{0008}@b.vn".into(),
            ..valid()
        };
        let errors = errors_of(&input);
        assert_eq!(errors["description"], vec![CONTROL_CHARACTERS]);
        assert_eq!(errors["contact_email"], vec![CONTROL_CHARACTERS]);
    }

    #[test]
    fn a_phone_in_international_form_is_normalised() {
        for typed in [
            "+84 912 345 678",
            "+84-912-345-678",
            "84912345678",
            "0912.345.678",
            "(091) 234-5678",
        ] {
            let got = validate(
                &InitiativeInput {
                    contact_phone: typed.into(),
                    ..valid()
                },
                today(),
                YEARS,
            )
            .expect(typed);
            assert_eq!(got.contact_phone.as_deref(), Some("0912345678"), "{typed}");
        }
    }

    #[test]
    fn a_landline_with_its_area_code_is_accepted() {
        // Since 2017 every area code starts with 2 and a landline has eleven digits.
        for (typed, stored) in [
            ("(024) 3825 1234", "02438251234"),
            ("+84 28 3822 1234", "02838221234"),
            ("0210 381 1234", "02103811234"),
        ] {
            let got = validate(
                &InitiativeInput {
                    contact_phone: typed.into(),
                    ..valid()
                },
                today(),
                YEARS,
            )
            .expect(typed);
            assert_eq!(got.contact_phone.as_deref(), Some(stored), "{typed}");
        }
    }

    #[test]
    fn phones_that_are_not_vietnamese_are_refused() {
        for typed in [
            "912345678",
            "09123456789",
            "+1 212 555 0100",
            "0012345678",
            "+840912345678",
            "03123456789",
            "84 912 345 6789",
            "0912 345 67x",
            "０９１２３４５６７８",
        ] {
            assert_eq!(
                field(
                    InitiativeInput {
                        contact_phone: typed.into(),
                        ..valid()
                    },
                    "contact_phone"
                ),
                vec![INVALID_PHONE],
                "{typed}"
            );
        }
    }

    fn link_codes(link: &str) -> Vec<&'static str> {
        field(
            InitiativeInput {
                link: link.into(),
                ..valid()
            },
            "link",
        )
    }

    #[test]
    fn javascript_links_are_refused() {
        assert_eq!(link_codes("javascript:alert(1)"), vec![URL_SCHEME]);
        assert_eq!(link_codes("  JaVaScRiPt:alert(1)"), vec![URL_SCHEME]);
        assert_eq!(link_codes("data:text/html,<b>x</b>"), vec![URL_SCHEME]);
        assert_eq!(link_codes("mailto:a@b.vn"), vec![URL_SCHEME]);
        assert_eq!(link_codes("ftp://files.example.vn"), vec![URL_SCHEME]);
        // Browsers drop tabs inside a URL, so this would still run as JavaScript.
        assert_eq!(
            link_codes("java\tscript:alert(1)"),
            vec![CONTROL_CHARACTERS]
        );
    }

    #[test]
    fn links_to_public_web_pages_are_accepted() {
        for link in [
            "https://dx.gov.vn",
            "http://example.com:8080/a/b?c=d#e",
            "HTTPS://Sub.Example.VN/Path",
            "https://chuyểnđổisố.vn/",
        ] {
            assert!(link_codes(link).is_empty(), "{link}");
        }
        let got = validate(
            &InitiativeInput {
                link: "HTTPS://Sub.Example.VN/Path".into(),
                ..valid()
            },
            today(),
            YEARS,
        )
        .expect("valid");
        assert_eq!(got.link.as_deref(), Some("https://sub.example.vn/Path"));
    }

    #[test]
    fn links_that_are_not_public_web_pages_are_refused() {
        for link in [
            "www.example.vn",
            "www.example.vn:8080/path",
            "https://localhost/",
            "http://192.168.1.1/",
            "http://[::1]/",
            "https://",
            "https:example.vn",
            "https://example..vn",
            "https://-example.vn",
            "https://example.vn:99999",
            "https://example.vn:",
            "https://dx.gov.vn@evil.example",
            "https://example.vn/a b",
            "https://example.vn/\"><script>",
        ] {
            assert_eq!(link_codes(link), vec![INVALID_URL], "{link}");
        }
        let long = format!("https://example.vn/{}", "a".repeat(500));
        assert_eq!(link_codes(&long), vec![TOO_LONG]);
    }

    fn email_codes(email: &str) -> Vec<&'static str> {
        field(
            InitiativeInput {
                contact_email: email.into(),
                ..valid()
            },
            "contact_email",
        )
    }

    #[test]
    fn plain_email_addresses_are_accepted() {
        for email in [
            "a@b.vn",
            "ten.ho+dx@sub.example.com.vn",
            "x_y-z@my-mail.org",
        ] {
            assert!(email_codes(email).is_empty(), "{email}");
        }
    }

    #[test]
    fn malformed_email_addresses_are_refused() {
        for email in [
            "plain",
            "a@b",
            "a@@b.vn",
            "a@b@c.vn",
            "@b.vn",
            ".a@b.vn",
            "a.@b.vn",
            "a..b@c.vn",
            "a b@c.vn",
            "a@-b.vn",
            "a@b-.vn",
            "a@b..vn",
            "a@b.vn.",
            "a@b.v",
            "a@1.2.3.4",
            "a@b_c.vn",
            "\"a\"@b.vn",
            "người@ví-dụ.vn",
            "a@ví.vn",
        ] {
            assert_eq!(email_codes(email), vec![INVALID_EMAIL], "{email}");
        }
        let local = "a".repeat(EMAIL_LOCAL_MAX + 1);
        assert_eq!(email_codes(&format!("{local}@b.vn")), vec![INVALID_EMAIL]);
        let domain = format!("{}.vn", "b".repeat(254));
        assert_eq!(email_codes(&format!("a@{domain}")), vec![TOO_LONG]);
    }

    fn date_errors(start: &str, end: &str) -> FieldErrors {
        let input = InitiativeInput {
            start_date: start.into(),
            end_date: end.into(),
            ..valid()
        };
        match validate(&input, today(), YEARS) {
            Ok(_) => FieldErrors::new(),
            Err(errors) => errors,
        }
    }

    #[test]
    fn an_end_before_the_start_is_refused() {
        let errors = date_errors("2025-10-10", "2025-10-01");
        assert_eq!(errors["end_date"], vec![END_BEFORE_START]);
        assert!(!errors.contains_key("start_date"));
        assert!(date_errors("2025-10-10", "2025-10-10").is_empty());
    }

    #[test]
    fn dates_must_be_real_and_in_iso_form() {
        let errors = date_errors("10/10/2025", "2025-02-30");
        assert_eq!(errors["start_date"], vec![INVALID_DATE]);
        assert_eq!(errors["end_date"], vec![INVALID_DATE]);
    }

    #[test]
    fn dates_before_the_day_existed_or_years_ahead_are_too_far() {
        assert_eq!(
            date_errors("2021-12-31", "2022-01-05")["start_date"],
            vec![TOO_FAR]
        );
        assert!(date_errors("2022-01-01", "2027-06-01").is_empty());
        assert_eq!(
            date_errors("2025-10-01", "2027-06-02")["end_date"],
            vec![TOO_FAR]
        );
    }

    #[test]
    fn after_ten_october_the_next_campaign_is_accepted_and_no_year_beyond_it() {
        let today = day(2026, 12, 1);
        let years = crate::campaign::allowed_years(&[2022, 2023, 2024, 2025], today);
        let filed = |plan_year| {
            let input = InitiativeInput {
                plan_year,
                start_date: "2026-12-01".into(),
                end_date: "2026-12-15".into(),
                ..valid()
            };
            validate(&input, today, &years).map(|i| i.plan_year)
        };
        assert_eq!(filed(2027), Ok(2027));
        assert_eq!(filed(2022), Ok(2022));
        // 2026's Day passed without a plan: nothing can be filed under it now.
        for refused in [2021, 2026, 2028, 2030] {
            assert_eq!(
                filed(refused).expect_err("refused")["plan_year"],
                vec![UNKNOWN_YEAR],
                "{refused}"
            );
        }
    }

    #[test]
    fn an_unknown_province_or_organizer_type_is_refused() {
        let input = InitiativeInput {
            province: "binh-duong".into(),
            organizer_type: "ngan-hang".into(),
            ..valid()
        };
        let errors = errors_of(&input);
        assert_eq!(errors["province"], vec![UNKNOWN_CHOICE]);
        assert_eq!(errors["organizer_type"], vec![UNKNOWN_CHOICE]);
        for special in ["toan-quoc", "truc-tuyen"] {
            let input = InitiativeInput {
                province: special.into(),
                ..valid()
            };
            assert!(validate(&input, today(), YEARS).is_ok(), "{special}");
        }
    }

    #[test]
    fn long_beneficiaries_are_refused() {
        let input = InitiativeInput {
            beneficiaries: "ư".repeat(501),
            ..valid()
        };
        assert_eq!(errors_of(&input)["beneficiaries"], vec![TOO_LONG]);
    }

    #[test]
    fn the_spam_fields_are_not_the_validators_business() {
        let input = InitiativeInput {
            website: "http://spam.example".into(),
            form_started_ms: Some(-1),
            ..valid()
        };
        assert!(validate(&input, today(), YEARS).is_ok());
    }

    #[test]
    fn one_field_is_checked_by_the_same_rules() {
        let input = InitiativeInput {
            title: "Ngắn".into(),
            ..InitiativeInput::default()
        };
        assert_eq!(
            input.validate_field("title", today(), YEARS),
            vec![TOO_SHORT]
        );
        assert!(input.validate_field("link", today(), YEARS).is_empty());
        assert!(
            input
                .validate_field("no_such_field", today(), YEARS)
                .is_empty()
        );
    }

    #[test]
    fn every_organizer_type_has_a_name_in_both_languages() {
        for code in ORGANIZER_TYPES {
            assert!(organizer_type_name(code, Lang::Vi).is_some(), "{code}");
            assert!(organizer_type_name(code, Lang::En).is_some(), "{code}");
        }
        assert_eq!(
            organizer_type_name("hoi-hiep-hoi", Lang::Vi),
            Some("Hội, hiệp hội")
        );
        assert_eq!(organizer_type_name("nope", Lang::Vi), None);
    }

    #[test]
    fn errors_use_only_known_codes_and_fields() {
        let errors = errors_of(&InitiativeInput::default());
        for (name, codes) in &errors {
            assert!(FIELDS.contains(name), "{name}");
            for code in codes {
                assert!(ERROR_CODES.contains(code), "{code}");
            }
        }
    }
}
