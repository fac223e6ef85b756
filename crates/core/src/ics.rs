//! iCalendar (RFC 5545) export: one all-day event per dated activity.
//!
//! Written here, not in the app, so that the server's subscription feed and the browser's
//! download are the same text.

use crate::model::{Activity, Lang, Plan, WindowKind};
use crate::query::iso_date;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Writes a calendar of `activities` (those without a date are left out: an event needs one).
///
/// `stamp` is the moment of export in UTC (RFC 5545 requires DTSTAMP); `link` makes the
/// URL of an activity's page from its id.
pub fn calendar<'a>(
    plan: &Plan,
    activities: impl IntoIterator<Item = &'a Activity>,
    lang: Lang,
    stamp: NaiveDateTime,
    link: &dyn Fn(&str) -> String,
) -> String {
    let mut out = String::new();
    let mut line = |l: &str| push_folded(&mut out, l);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//Ngay Chuyen doi so quoc gia//dxday//VI");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    line(&format!("X-WR-CALNAME:{}", escape(plan.name.get(lang))));
    line("X-WR-TIMEZONE:Asia/Ho_Chi_Minh");
    let stamp = format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        stamp.year(),
        stamp.month(),
        stamp.day(),
        stamp.hour(),
        stamp.minute(),
        stamp.second()
    );
    for activity in activities {
        // The primary window is the event; the alternative is told in the description, so a
        // calendar does not show the same activity twice.
        let Some(primary) = activity
            .windows
            .iter()
            .find(|w| w.kind == WindowKind::Primary)
            .or(activity.windows.first())
        else {
            continue;
        };
        let mut description = activity.summary.get(lang).to_owned();
        for w in activity
            .windows
            .iter()
            .filter(|w| w.kind == WindowKind::Alternative)
        {
            let label = match lang {
                Lang::Vi => "Hoặc",
                Lang::En => "Alternatively",
            };
            description.push_str(&format!(
                "\n{label}: {} – {}",
                crate::dates::display(w.start, lang),
                crate::dates::display(w.end, lang)
            ));
        }
        let organizer = activity
            .lead
            .as_deref()
            .and_then(|id| plan.organization(id))
            .map(|o| o.name.get(lang).to_owned());
        if let Some(org) = &organizer {
            let label = match lang {
                Lang::Vi => "Chủ trì",
                Lang::En => "Lead",
            };
            description.push_str(&format!("\n{label}: {org}"));
        }
        let url = link(&activity.id);
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{}-{}@ngaychuyendoiso.dxday",
            plan.year, activity.id
        ));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", compact(primary.start)));
        // DTEND of an all-day event is exclusive: the day after the last day.
        line(&format!(
            "DTEND;VALUE=DATE:{}",
            compact(primary.end.succ_opt().unwrap_or(primary.end))
        ));
        line(&format!("SUMMARY:{}", escape(activity.title.get(lang))));
        line(&format!("DESCRIPTION:{}", escape(&description)));
        if !url.is_empty() {
            line(&format!("URL:{}", escape(&url)));
        }
        line("TRANSP:TRANSPARENT");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

fn compact(date: NaiveDate) -> String {
    iso_date(date).replace('-', "")
}

/// Escapes a TEXT value: backslash, semicolon, comma and newline.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets, never inside a UTF-8 character, with CRLF.
fn push_folded(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            // The space that starts a continuation line counts towards its 75 octets.
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// Undoes folding, for tests and readers: joins continuation lines.
pub fn unfold(text: &str) -> String {
    text.replace("\r\n ", "").replace("\r\n\t", "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;

    fn stamp() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2022, 9, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap()
    }

    fn export(lang: Lang) -> String {
        let plan = sample_plan();
        calendar(&plan, &plan.activities, lang, stamp(), &|id| {
            format!("https://example.vn/activities/{id}")
        })
    }

    #[test]
    fn every_line_is_crlf_and_at_most_75_octets() {
        let ics = export(Lang::Vi);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            assert!(!line.contains('\n'));
        }
    }

    #[test]
    fn an_all_day_event_ends_the_day_after_its_last_day() {
        let ics = unfold(&export(Lang::Vi));
        assert!(ics.contains("DTSTART;VALUE=DATE:20221001\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20221011\r\n"));
    }

    #[test]
    fn vietnamese_text_survives_folding_and_escaping() {
        let ics = unfold(&export(Lang::Vi));
        assert!(ics.contains("SUMMARY:Thúc đẩy dịch vụ chứng thực chữ ký số"));
        assert!(ics.contains("\\, "), "commas are escaped");
    }

    #[test]
    fn undated_activities_are_left_out() {
        let ics = export(Lang::En);
        let plan = sample_plan();
        let dated = plan.activities.iter().filter(|a| a.is_dated()).count();
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), dated);
        assert!(dated < plan.activities.len());
    }

    #[test]
    fn escaping_covers_the_special_characters() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
