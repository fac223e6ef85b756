//! The HTML head of each address, written by the server from the plan: link previews in
//! Zalo and Facebook and search engines read the head and never run the wasm.
//!
//! Every text comes from the plan (or from an approved initiative, which anyone may have
//! written) and is escaped here, once, for HTML; the JSON-LD is written by serde_json and
//! kept from closing its `<script>`.

use crate::dates::display;
use crate::embed::escape_html;
use crate::filter::{Filter, Index};
use crate::model::{Activity, Lang, Plan};
use crate::query::ExplorerQuery;
use serde_json::{Value, json};

/// What an address shows.
pub enum Page<'a> {
    /// The explorer, with the filters of its query, and the plan's search index (made once
    /// per plan by the caller, not once per address).
    Explorer(&'a ExplorerQuery, &'a Index),
    /// The plan's background.
    About,
    /// One activity.
    Activity(&'a Activity),
}

/// The site's name, as `og:site_name` and after page titles.
pub fn site_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Ngày Chuyển đổi số quốc gia",
        Lang::En => "National Digital Transformation Day",
    }
}

/// The head of one address.
#[derive(Debug, Clone, PartialEq)]
pub struct Head {
    /// `<title>`.
    pub title: String,
    /// `<meta name="description">` and `og:description`.
    pub description: String,
    /// The address without its language, from the public URL.
    pub canonical: String,
    /// The same page in Vietnamese and in English.
    pub alternates: Vec<(Lang, String)>,
    /// The language of this answer.
    pub lang: Lang,
    /// Structured data, one JSON-LD object each.
    pub json_ld: Vec<Value>,
    /// The picture previews show (`crate::share`): its address under the public URL and
    /// its text alternative.
    pub image: (String, String),
}

/// The head of `page` of `plan` in `lang`; `public_url` is where the app is served, ending
/// in `/` (`https://dxday.gov.vn/` or `https://mic.gov.vn/cds/`).
pub fn head(plan: &Plan, page: &Page<'_>, lang: Lang, public_url: &str) -> Head {
    let base = if public_url.ends_with('/') {
        public_url.to_owned()
    } else {
        format!("{public_url}/")
    };
    let card = crate::share::card(
        plan,
        match page {
            Page::Activity(a) => Some(a),
            _ => None,
        },
        lang,
    );
    let (title, description, path, json_ld) = match page {
        Page::Explorer(query, index) => explorer(plan, query, index, lang),
        Page::About => (
            match lang {
                Lang::Vi => format!("Giới thiệu {}", plan.name.get(lang)),
                Lang::En => format!("About the {}", plan.name.get(lang)),
            },
            about_description(plan, lang),
            format!("about?year={}", plan.year),
            vec![lead_organization(plan, lang, &base)],
        ),
        Page::Activity(activity) => {
            let path = format!(
                "activities/{}?year={}",
                crate::query::encode(&activity.id),
                plan.year
            );
            let event = event(plan, activity, lang, &format!("{base}{path}"));
            (
                activity.title.get(lang).to_owned(),
                activity_description(plan, activity, lang),
                path,
                event.into_iter().collect(),
            )
        }
    };
    let with_lang = |l: Lang| match l {
        Lang::Vi => format!("{base}{path}"),
        Lang::En if path.contains('?') => format!("{base}{path}&lang=en"),
        Lang::En => format!("{base}{path}?lang=en"),
    };
    Head {
        title,
        description,
        canonical: with_lang(lang),
        alternates: vec![
            (Lang::Vi, with_lang(Lang::Vi)),
            (Lang::En, with_lang(Lang::En)),
        ],
        lang,
        json_ld: json_ld.into_iter().filter(|v| !v.is_null()).collect(),
        image: (card.path(), card.alt()),
    }
}

fn explorer(
    plan: &Plan,
    query: &ExplorerQuery,
    index: &Index,
    lang: Lang,
) -> (String, String, String, Vec<Value>) {
    let filter = query.filter.known_to(plan);
    let mut kept = ExplorerQuery {
        year: Some(plan.year),
        filter: filter.clone(),
        lang: None,
        embed: false,
    };
    kept.filter.q = kept.filter.q.trim().to_owned();
    let path = kept.to_query_string();
    let path = if path.is_empty() {
        String::new()
    } else {
        format!("?{}", path.trim_start_matches('?'))
    };
    if filter.is_empty() {
        let description = match lang {
            Lang::Vi => format!(
                "Chủ đề năm {}: “{}”. {} hoạt động, đơn vị chủ trì và thời gian thực hiện.",
                plan.year,
                plan.theme.get(lang),
                plan.activities.len()
            ),
            Lang::En => format!(
                "Theme of {}: “{}”. {} activities, who leads them and when.",
                plan.year,
                plan.theme.get(lang),
                plan.activities.len()
            ),
        };
        let ld = vec![lead_organization(plan, lang, "")];
        return (plan.name.get(lang).to_owned(), description, path, ld);
    }
    let shown = index.search(plan, &filter).matches.len();
    let title = view_name(plan, &filter, shown, lang);
    let description = match lang {
        Lang::Vi => format!("{title}, trong {}.", plan.name.get(lang)),
        Lang::En => format!("{title}, in the {}.", plan.name.get(lang)),
    };
    (title, description, path, Vec::new())
}

/// A filtered view named from its filters: "3 hoạt động của Vụ Bưu chính, 01/10–31/10/2022".
pub fn view_name(plan: &Plan, filter: &Filter, shown: usize, lang: Lang) -> String {
    let mut who: Vec<&str> = filter
        .orgs
        .iter()
        .filter_map(|id| plan.organization(id))
        .map(|o| o.name.get(lang))
        .collect();
    who.extend(
        filter
            .groups
            .iter()
            .filter_map(|id| plan.group(id))
            .map(|g| g.name.get(lang)),
    );
    let mut out = match lang {
        Lang::Vi => format!("{} hoạt động", crate::dates::count(shown, lang)),
        Lang::En if shown == 1 => "1 activity".to_owned(),
        Lang::En => format!("{} activities", crate::dates::count(shown, lang)),
    };
    if !who.is_empty() {
        out.push_str(match lang {
            Lang::Vi => " của ",
            Lang::En => " by ",
        });
        out.push_str(&who.join(", "));
    }
    if let Some(range) = date_range(filter.from, filter.to, lang) {
        out.push_str(", ");
        out.push_str(&range);
    }
    if !filter.q.trim().is_empty() {
        out.push_str(match lang {
            Lang::Vi => ", có từ “",
            Lang::En => ", matching “",
        });
        out.push_str(filter.q.trim());
        out.push('”');
    }
    out
}

/// `01/10–31/10/2022` (the year once when both ends share it), `từ 01/10/2022`, `đến …`.
fn date_range(
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    lang: Lang,
) -> Option<String> {
    use chrono::Datelike;
    match (from, to) {
        (Some(f), Some(t)) if lang == Lang::Vi && f.year() == t.year() => Some(format!(
            "{:02}/{:02}–{}",
            f.day(),
            f.month(),
            display(t, lang)
        )),
        (Some(f), Some(t)) => Some(format!("{} – {}", display(f, lang), display(t, lang))),
        (Some(f), None) => Some(match lang {
            Lang::Vi => format!("từ {}", display(f, lang)),
            Lang::En => format!("from {}", display(f, lang)),
        }),
        (None, Some(t)) => Some(match lang {
            Lang::Vi => format!("đến {}", display(t, lang)),
            Lang::En => format!("until {}", display(t, lang)),
        }),
        (None, None) => None,
    }
}

fn about_description(plan: &Plan, lang: Lang) -> String {
    let basis: Vec<String> = plan
        .legal_basis
        .iter()
        .filter_map(|d| d.number.clone())
        .collect();
    let mut out = match lang {
        Lang::Vi => format!("Chủ đề năm {}: “{}”.", plan.year, plan.theme.get(lang)),
        Lang::En => format!("Theme of {}: “{}”.", plan.year, plan.theme.get(lang)),
    };
    if !basis.is_empty() {
        out.push_str(match lang {
            Lang::Vi => " Căn cứ: ",
            Lang::En => " Legal basis: ",
        });
        out.push_str(&basis.join(", "));
        out.push('.');
    }
    out
}

/// What the activity asks, who leads it and when, in the reader's language and dates.
fn activity_description(plan: &Plan, activity: &Activity, lang: Lang) -> String {
    let mut out = first_sentences(activity.summary.get(lang), 200);
    if let Some(lead) = activity
        .lead
        .as_deref()
        .and_then(|id| plan.organization(id))
    {
        out.push_str(match lang {
            Lang::Vi => " Chủ trì: ",
            Lang::En => " Led by ",
        });
        out.push_str(lead.name.get(lang));
        out.push('.');
    }
    if let Some(w) = activity.windows.first() {
        out.push_str(&match lang {
            Lang::Vi => format!(
                " Thời gian: từ {} đến {}.",
                display(w.start, lang),
                display(w.end, lang)
            ),
            Lang::En => format!(
                " When: {} to {}.",
                display(w.start, lang),
                display(w.end, lang)
            ),
        });
    }
    out
}

/// The text cut at a word near `max` characters, with an ellipsis when cut.
fn first_sentences(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// The organizations of the plan's first group that are no one's unit: the body leading
/// the campaign that year (Bộ TT&TT until 2024, Bộ KH&CN from 2025), as the file says.
pub(crate) fn leads(plan: &Plan) -> Vec<&crate::model::Organization> {
    let Some(first) = plan.groups.first() else {
        return Vec::new();
    };
    plan.organizations
        .iter()
        .filter(|o| o.group == first.id && o.parent.is_none())
        .collect()
}

fn lead_organization(plan: &Plan, lang: Lang, base: &str) -> Value {
    match leads(plan).first() {
        Some(org) => {
            let mut v = json!({
                "@context": "https://schema.org",
                "@type": "GovernmentOrganization",
                "name": org.name.get(lang),
                "areaServed": { "@type": "Country", "name": "Việt Nam" },
            });
            if !base.is_empty() {
                v["url"] = json!(base);
            }
            v
        }
        None => Value::Null,
    }
}

/// A schema.org `Event` for a dated activity (search engines require a name, a start date
/// and a location).
fn event(plan: &Plan, activity: &Activity, lang: Lang, url: &str) -> Option<Value> {
    let window = activity.windows.first()?;
    let first_group = plan.groups.first().map(|g| g.id.as_str());
    let organizer = activity
        .lead
        .as_deref()
        .and_then(|id| plan.organization(id))
        .map(|o| {
            // The lead ministry and its units are government; the file says no more of the
            // others, so they are plain organizations.
            let kind = if Some(o.group.as_str()) == first_group {
                "GovernmentOrganization"
            } else {
                "Organization"
            };
            json!({ "@type": kind, "name": o.name.get(lang) })
        });
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "Event",
        "name": activity.title.get(lang),
        "description": first_sentences(activity.summary.get(lang), 300),
        "startDate": crate::query::iso_date(window.start),
        "endDate": crate::query::iso_date(window.end),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "location": [
            { "@type": "Place", "name": "Việt Nam",
              "address": { "@type": "PostalAddress", "addressCountry": "VN" } },
            { "@type": "VirtualLocation", "url": url },
        ],
        "url": url,
    });
    if let Some(o) = organizer {
        v["organizer"] = o;
    }
    Some(v)
}

impl Head {
    /// The elements of the head, escaped, for the page's `<head>` (its `<title>` and
    /// description included).
    pub fn html(&self, public_url: &str) -> String {
        let base = public_url.trim_end_matches('/');
        let e = escape_html;
        let mut out = format!(
            "<title>{}</title>\n<meta name=\"description\" content=\"{}\">\n<link rel=\"canonical\" href=\"{}\">\n",
            e(&self.title),
            e(&self.description),
            e(&self.canonical)
        );
        for (lang, url) in &self.alternates {
            out.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"{}\" href=\"{}\">\n",
                lang.code(),
                e(url)
            ));
        }
        if let Some((_, vi)) = self.alternates.iter().find(|(l, _)| *l == Lang::Vi) {
            out.push_str(&format!(
                "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\">\n",
                e(vi)
            ));
        }
        let (locale, other) = match self.lang {
            Lang::Vi => ("vi_VN", "en_US"),
            Lang::En => ("en_US", "vi_VN"),
        };
        let image = format!("{base}/{}", self.image.0);
        for (property, value) in [
            ("og:type", "website".to_owned()),
            ("og:site_name", site_name(self.lang).to_owned()),
            ("og:title", self.title.clone()),
            ("og:description", self.description.clone()),
            ("og:url", self.canonical.clone()),
            ("og:locale", locale.to_owned()),
            ("og:locale:alternate", other.to_owned()),
            ("og:image", image.clone()),
            ("og:image:type", "image/png".to_owned()),
            ("og:image:width", crate::share::WIDTH.to_string()),
            ("og:image:height", crate::share::HEIGHT.to_string()),
            ("og:image:alt", self.image.1.clone()),
        ] {
            out.push_str(&format!(
                "<meta property=\"{property}\" content=\"{}\">\n",
                e(&value)
            ));
        }
        // The large card: the picture is drawn for it (1200×630, about 1.91:1).
        out.push_str("<meta name=\"twitter:card\" content=\"summary_large_image\">\n");
        out.push_str(&format!(
            "<meta name=\"twitter:image\" content=\"{}\">\n",
            e(&image)
        ));
        for ld in &self.json_ld {
            // No `<` at all in the script's text (JSON allows `\u003c`): nothing a title
            // holds can end it early or open a comment in it.
            let text = ld
                .to_string()
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026");
            out.push_str(&format!(
                "<script type=\"application/ld+json\">{text}</script>\n"
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;

    const URL: &str = "https://mic.gov.vn/cds/";

    #[test]
    fn an_activity_has_its_own_title_and_says_what_who_and_when() {
        let plan = sample_plan();
        let activity = plan
            .activities
            .iter()
            .find(|a| a.is_dated() && a.lead.is_some())
            .unwrap();
        let h = head(&plan, &Page::Activity(activity), Lang::Vi, URL);
        assert_eq!(h.title, activity.title.vi);
        let lead = plan
            .organization(activity.lead.as_deref().unwrap())
            .unwrap();
        assert!(
            h.description
                .contains(&format!("Chủ trì: {}.", lead.name.vi)),
            "{}",
            h.description
        );
        let w = &activity.windows[0];
        assert!(h.description.contains(&display(w.start, Lang::Vi)));
        assert_eq!(
            h.canonical,
            format!("{URL}activities/{}?year={}", activity.id, plan.year)
        );
        assert_eq!(h.alternates[1].1, format!("{}&lang=en", h.canonical));
        let event = &h.json_ld[0];
        assert_eq!(event["@type"], "Event");
        for field in [
            "name",
            "startDate",
            "endDate",
            "location",
            "eventStatus",
            "eventAttendanceMode",
            "organizer",
            "url",
        ] {
            assert!(!event[field].is_null(), "{field}");
        }
    }

    #[test]
    fn a_filtered_view_is_named_from_its_filters() {
        let plan = sample_plan();
        let org = plan
            .organizations
            .iter()
            .find(|o| o.parent.is_some())
            .unwrap();
        let mut q = ExplorerQuery::parse(&format!(
            "org={}&from={}-10-01&to={}-10-31&utm=x&embed=1",
            org.id, plan.year, plan.year
        ));
        q.year = None;
        let h = head(
            &plan,
            &Page::Explorer(&q, &Index::new(&plan)),
            Lang::Vi,
            URL,
        );
        let filter = q.filter.known_to(&plan);
        let n = Index::new(&plan).search(&plan, &filter).matches.len();
        assert_eq!(
            h.title,
            format!(
                "{n} hoạt động của {}, 01/10–31/10/{}",
                org.name.vi, plan.year
            )
        );
        assert!(!h.canonical.contains("embed"), "{}", h.canonical);
        assert!(h.canonical.contains(&format!("year={}", plan.year)));
        let en = head(
            &plan,
            &Page::Explorer(&q, &Index::new(&plan)),
            Lang::En,
            URL,
        );
        assert!(
            en.title
                .contains(&format!("1 Oct {} – 31 Oct {}", plan.year, plan.year)),
            "{}",
            en.title
        );
    }

    #[test]
    fn the_plan_page_names_the_lead_ministry() {
        let plan = sample_plan();
        let h = head(
            &plan,
            &Page::Explorer(&ExplorerQuery::default(), &Index::new(&plan)),
            Lang::Vi,
            URL,
        );
        assert_eq!(h.title, plan.name.vi);
        assert_eq!(h.json_ld[0]["@type"], "GovernmentOrganization");
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let mut plan = sample_plan();
        plan.activities[0].title.vi = "</script><script>alert(1)</script>\"'&<b>".into();
        let activity = plan.activities[0].clone();
        let html = head(&plan, &Page::Activity(&activity), Lang::Vi, URL).html(URL);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)"));
        // Inside the JSON-LD, `<` is written `\u003c`, and the JSON still reads back.
        assert_eq!(
            html.matches("</script>").count(),
            html.matches("<script").count()
        );
        let ld = html.split("application/ld+json\">").nth(1).unwrap();
        let ld: Value = serde_json::from_str(ld.split("</script>").next().unwrap()).unwrap();
        assert_eq!(ld["name"], activity.title.vi);
    }

    #[test]
    fn long_summaries_are_cut_at_a_word() {
        let text = "một ".repeat(100);
        let cut = first_sentences(&text, 50);
        assert!(cut.ends_with('…'));
        assert!(cut.chars().count() <= 51);
        assert!(!cut.contains("mộ…"));
    }
}
