//! The explorer's query string: what a shared link carries.
//!
//! `year`, `group` (repeatable), `org` (repeatable), `from`, `to` (YYYY-MM-DD), `q`, `lang`,
//! `embed=1`. Parsing never fails: an unknown or malformed value is dropped, so any link a
//! person pastes still opens the explorer.

use crate::filter::Filter;
use crate::model::Lang;
use chrono::NaiveDate;

/// Everything the explorer's URL says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExplorerQuery {
    /// The plan year; the newest plan when absent.
    pub year: Option<i32>,
    /// The filters.
    pub filter: Filter,
    /// The language, when the link names one.
    pub lang: Option<Lang>,
    /// Compact mode for iframes.
    pub embed: bool,
}

/// Longest search text kept from a URL, in characters; longer text is cut, not refused.
pub const MAX_QUERY_CHARS: usize = 200;

impl ExplorerQuery {
    /// Reads a query string, with or without its leading `?`.
    pub fn parse(query: &str) -> ExplorerQuery {
        let mut out = ExplorerQuery::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = decode(value);
            match decode(key).as_str() {
                "year" => out.year = parse_year(&value).or(out.year),
                "group" => push_slug(&mut out.filter.groups, &value),
                "org" => push_slug(&mut out.filter.orgs, &value),
                "from" => out.filter.from = parse_date(&value).or(out.filter.from),
                "to" => out.filter.to = parse_date(&value).or(out.filter.to),
                "q" => out.filter.q = clean_text(&value),
                "lang" => out.lang = Lang::from_code(&value).or(out.lang),
                "embed" => out.embed = matches!(value.as_str(), "1" | "true"),
                _ => {}
            }
        }
        // A range typed the wrong way round is read the way the person meant it.
        if let (Some(from), Some(to)) = (out.filter.from, out.filter.to)
            && from > to
        {
            out.filter.from = Some(to);
            out.filter.to = Some(from);
        }
        out
    }

    /// The same view in the plan of `year`: the filters are kept (an organization the other
    /// year does not have is ignored there, as in any link) and the dates move to the same
    /// days of that year, so "1–10/10" stays "1–10/10".
    pub fn in_year(&self, year: i32) -> ExplorerQuery {
        use chrono::Datelike;
        let mut q = self.clone();
        // Both ends move by the same number of years, so a range across New Year keeps its span.
        let offset = q.filter.from.or(q.filter.to).map_or(0, |d| year - d.year());
        let shift = |d: Option<NaiveDate>| {
            d.and_then(|d| NaiveDate::from_ymd_opt(d.year() + offset, d.month(), d.day()))
        };
        q.filter.from = shift(q.filter.from);
        q.filter.to = shift(q.filter.to);
        q.year = Some(year);
        q
    }

    /// Writes the query string without a leading `?`; defaults are left out.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(year) = self.year {
            parts.push(format!("year={year}"));
        }
        for g in &self.filter.groups {
            parts.push(format!("group={}", encode(g)));
        }
        for o in &self.filter.orgs {
            parts.push(format!("org={}", encode(o)));
        }
        if let Some(from) = self.filter.from {
            parts.push(format!("from={}", iso_date(from)));
        }
        if let Some(to) = self.filter.to {
            parts.push(format!("to={}", iso_date(to)));
        }
        if !self.filter.q.is_empty() {
            parts.push(format!("q={}", encode(&self.filter.q)));
        }
        if let Some(lang) = self.lang {
            parts.push(format!("lang={}", lang.code()));
        }
        if self.embed {
            parts.push("embed=1".to_owned());
        }
        parts.join("&")
    }
}

/// `query` (with or without its `?`) with `key` set to `value`, or removed when `None`; the
/// other parameters are kept as they are, in their order. For the language switch, which
/// must write `lang` into any page's address without knowing that page's parameters.
pub fn with_param(query: &str, key: &str, value: Option<&str>) -> String {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut parts: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| decode(p.split_once('=').map_or(*p, |(k, _)| k)) != key)
        .map(str::to_owned)
        .collect();
    if let Some(value) = value {
        parts.push(format!("{}={}", encode(key), encode(value)));
    }
    parts.join("&")
}

/// `YYYY-MM-DD`, as URLs and date inputs write a date.
pub fn iso_date(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Reads `YYYY-MM-DD` strictly (no time, no other layout), as a date input gives it.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.trim().as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)
}

fn parse_year(text: &str) -> Option<i32> {
    let year: i32 = text.trim().parse().ok()?;
    (2000..=2100).contains(&year).then_some(year)
}

/// Group and organization ids are slugs; anything else cannot name one and is dropped.
fn push_slug(list: &mut Vec<String>, value: &str) {
    let value = value.trim();
    let is_slug = !value.is_empty()
        && value.len() <= 80
        && value
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
    if is_slug && !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}

fn clean_text(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = cleaned.trim();
    trimmed
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Decodes `%XX` and `+` (a space, as forms send it); bad escapes are kept as typed.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match (hex_value(bytes[i + 1]), hex_value(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push(h * 16 + l);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod param_tests {
    use super::with_param;

    #[test]
    fn the_language_is_set_in_any_address_and_the_rest_is_kept() {
        assert_eq!(with_param("", "lang", Some("en")), "lang=en");
        assert_eq!(
            with_param("?org=bo-tttt&lang=vi&q=ch%E1%BB%AF", "lang", Some("en")),
            "org=bo-tttt&q=ch%E1%BB%AF&lang=en"
        );
        assert_eq!(with_param("lang=en&lang=vi&x", "lang", None), "x");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_link_reads_back_every_filter() {
        let q = ExplorerQuery::parse(
            "?year=2022&group=bo-tttt&org=vu-buu-chinh&org=postmart&from=2022-10-01&to=2022-10-10&q=ch%E1%BB%AF+k%C3%BD&lang=en&embed=1",
        );
        assert_eq!(q.year, Some(2022));
        assert_eq!(q.filter.groups, ["bo-tttt"]);
        assert_eq!(q.filter.orgs, ["vu-buu-chinh", "postmart"]);
        assert_eq!(q.filter.from, NaiveDate::from_ymd_opt(2022, 10, 1));
        assert_eq!(q.filter.to, NaiveDate::from_ymd_opt(2022, 10, 10));
        assert_eq!(q.filter.q, "chữ ký");
        assert_eq!(q.lang, Some(Lang::En));
        assert!(q.embed);
    }

    #[test]
    fn malformed_values_are_dropped_not_fatal() {
        let q = ExplorerQuery::parse(
            "year=abc&group=<script>&from=2022-13-01&to=10/10/2022&lang=fr&embed=yes&%ZZ=1&q=%E0%A4",
        );
        assert_eq!(q.year, None);
        assert!(q.filter.groups.is_empty());
        assert_eq!(q.filter.from, None);
        assert_eq!(q.filter.to, None);
        assert_eq!(q.lang, None);
        assert!(!q.embed);
        assert_eq!(q.filter.q, "\u{FFFD}");
    }

    #[test]
    fn a_reversed_range_is_swapped() {
        let q = ExplorerQuery::parse("from=2022-10-31&to=2022-10-01");
        assert_eq!(q.filter.from, NaiveDate::from_ymd_opt(2022, 10, 1));
        assert_eq!(q.filter.to, NaiveDate::from_ymd_opt(2022, 10, 31));
    }

    #[test]
    fn another_year_keeps_the_filters_and_moves_the_dates() {
        let q =
            ExplorerQuery::parse("year=2022&group=dia-phuong&from=2022-10-01&to=2022-10-10&q=so");
        assert_eq!(
            q.in_year(2024).to_query_string(),
            "year=2024&group=dia-phuong&from=2024-10-01&to=2024-10-10&q=so"
        );
        // A day the other year lacks is dropped rather than guessed.
        let leap = ExplorerQuery::parse("from=2024-02-29");
        assert_eq!(leap.in_year(2025).to_query_string(), "year=2025");
    }

    #[test]
    fn defaults_print_as_an_empty_string() {
        assert_eq!(ExplorerQuery::default().to_query_string(), "");
    }

    #[test]
    fn a_trailing_percent_is_kept() {
        assert_eq!(decode("50%"), "50%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%41"), "A");
    }
}
