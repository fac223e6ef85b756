//! The picture a shared link shows in Zalo and Facebook (`og:image`, 1200×630): what it
//! says, where each line goes and how a long title wraps, written as SVG. The server
//! measures its own font and draws the SVG; the rules live here, where they can be tested.
//!
//! Every text comes from the plan or from an approved initiative, which anyone may have
//! written, and is escaped for XML here.

use crate::dates::display;
use crate::embed::escape_html;
use crate::model::{Activity, Lang, Plan};

/// Width of the picture, in pixels.
pub const WIDTH: u32 = 1200;
/// Height of the picture, in pixels.
pub const HEIGHT: u32 = 630;

/// Changed whenever the drawing changes, so that a picture kept by a browser or a link
/// preview under its old address is not taken for the new one.
const LAYOUT: u32 = 2;

/// The left and right margin.
const MARGIN: f32 = 80.0;
/// The campaign's red (the manifest's theme colour) and the mark's gold.
const RED: &str = "#a5121b";
const GOLD: &str = "#ffcd00";
/// The one family the server loads (Noto Sans, shipped in the repository).
const FAMILY: &str = "Noto Sans";

/// The title sizes tried in turn, each with the lines it may take: the largest that holds
/// the whole title wins; the smallest cuts it.
const TITLE_SIZES: [(f32, usize); 3] = [(64.0, 3), (54.0, 4), (46.0, 5)];

/// What one picture says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card {
    /// The plan's year.
    pub year: i32,
    /// The language of its text.
    pub lang: Lang,
    /// The activity it shows, or `None` for the year's plan.
    pub activity: Option<String>,
    /// The big text: the activity's title, or the plan's name.
    pub title: String,
    /// The line under it: the activity's dates, or the year's theme.
    pub subtitle: Option<String>,
    /// Who leads it: the activity's lead, or the ministry leading the campaign.
    pub lead: Option<String>,
}

/// The picture of `activity` of `plan` (or of the plan itself) in `lang`.
pub fn card(plan: &Plan, activity: Option<&Activity>, lang: Lang) -> Card {
    let name_of = |id: &str| plan.organization(id).map(|o| o.name.get(lang).to_owned());
    match activity {
        Some(a) => Card {
            year: plan.year,
            lang,
            activity: Some(a.id.clone()),
            title: a.title.get(lang).trim().to_owned(),
            subtitle: a
                .windows
                .first()
                .map(|w| format!("{} – {}", display(w.start, lang), display(w.end, lang))),
            lead: a.lead.as_deref().and_then(name_of),
        },
        None => Card {
            year: plan.year,
            lang,
            activity: None,
            title: plan.name.get(lang).trim().to_owned(),
            subtitle: Some(match lang {
                Lang::Vi => format!("Chủ đề: “{}”", plan.theme.get(lang)),
                Lang::En => format!("Theme: “{}”", plan.theme.get(lang)),
            }),
            lead: crate::head::leads(plan)
                .first()
                .map(|o| o.name.get(lang).to_owned()),
        },
    }
}

impl Card {
    /// A short tag of what the picture shows and how it is drawn: it changes when either
    /// does, so it names the picture in its address and in its `ETag`.
    pub fn version(&self) -> String {
        use std::hash::{Hash, Hasher};
        // Stable within one build of the server, which is all an address and a tag need:
        // a new build may name the same picture anew, and clients then fetch it once more.
        let mut h = std::hash::DefaultHasher::new();
        LAYOUT.hash(&mut h);
        self.hash(&mut h);
        format!("{:016x}", h.finish())
    }

    /// The picture's address under the public URL, with its version, so that it can be
    /// kept for a year: `share/2022/chung-thuc-chu-ky-so.png?v=…`, `share/2022.png?lang=en&v=…`.
    pub fn path(&self) -> String {
        let file = match &self.activity {
            Some(id) => format!("share/{}/{}.png", self.year, crate::query::encode(id)),
            None => format!("share/{}.png", self.year),
        };
        let lang = match self.lang {
            Lang::Vi => "",
            Lang::En => "lang=en&",
        };
        format!("{file}?{lang}v={}", self.version())
    }

    /// The text alternative of the picture (`og:image:alt`): what it says.
    pub fn alt(&self) -> String {
        let mut out = self.title.clone();
        if let Some(lead) = &self.lead {
            out.push_str(match self.lang {
                Lang::Vi => ". Chủ trì: ",
                Lang::En => ". Led by ",
            });
            out.push_str(lead);
        }
        out.push_str(&format!(
            ". {} {}",
            crate::head::site_name(self.lang),
            self.year
        ));
        out
    }

    /// The picture as SVG, 1200×630. `width(text, size, bold)` is the width in pixels of
    /// `text` drawn at `size` in the server's font, for wrapping and cutting lines.
    pub fn svg(&self, width: &dyn Fn(&str, f32, bool) -> f32) -> String {
        let e = escape_html;
        let room = WIDTH as f32 - 2.0 * MARGIN;
        let (size, lines) = title_lines(&self.title, room, width);
        let day = match self.lang {
            Lang::Vi => format!("10/10/{}", self.year),
            Lang::En => format!("10 October {}", self.year),
        };
        let mut out = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="{FAMILY}">
<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>
<rect width="{WIDTH}" height="12" fill="{RED}"/>
<g transform="translate({MARGIN} 52) scale(0.1875)"><rect width="512" height="512" rx="96" fill="{RED}"/><polygon fill="{GOLD}" points="256,72 280.7,148 360.6,148 296,195 320.7,271 256,224 191.3,271 216,195 151.4,148 231.3,148"/><text x="256" y="420" text-anchor="middle" font-weight="700" font-size="150" fill="#ffffff" letter-spacing="-6">10/10</text></g>
<text x="200" y="92" font-weight="700" font-size="30" fill="{RED}">{site}</text>
<text x="200" y="132" font-size="26" fill="#444444">{day}</text>
"##,
            site = e(crate::head::site_name(self.lang)),
        );
        let line_height = size * 1.2;
        let mut y = 190.0 + size;
        for line in &lines {
            out.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"{y:.0}\" font-weight=\"700\" font-size=\"{size:.0}\" fill=\"#1a1a1a\">{}</text>\n",
                e(line)
            ));
            y += line_height;
        }
        if let Some(subtitle) = &self.subtitle {
            let line = cut(subtitle, room, &|t| width(t, 28.0, false));
            out.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"{:.0}\" font-size=\"28\" fill=\"#444444\">{}</text>\n",
                (y - line_height + size * 0.4 + 28.0).min(515.0),
                e(&line)
            ));
        }
        let year = self.year.to_string();
        out.push_str(&format!(
            "<rect y=\"540\" width=\"{WIDTH}\" height=\"90\" fill=\"{RED}\"/>\n<text x=\"{}\" y=\"600\" text-anchor=\"end\" font-weight=\"700\" font-size=\"40\" fill=\"#ffffff\">{year}</text>\n",
            WIDTH as f32 - MARGIN
        ));
        if let Some(lead) = &self.lead {
            let label = match self.lang {
                Lang::Vi => "Chủ trì: ",
                Lang::En => "Led by ",
            };
            let room = room - width(&year, 40.0, true) - 40.0;
            let line = cut(&format!("{label}{lead}"), room, &|t| width(t, 30.0, false));
            out.push_str(&format!(
                "<text x=\"{MARGIN}\" y=\"597\" font-size=\"30\" fill=\"#ffffff\">{}</text>\n",
                e(&line)
            ));
        }
        out.push_str("</svg>\n");
        out
    }
}

/// The title's size and lines: the largest size at which it fits whole, else the smallest,
/// cut.
fn title_lines(
    title: &str,
    room: f32,
    width: &dyn Fn(&str, f32, bool) -> f32,
) -> (f32, Vec<String>) {
    for (size, max) in TITLE_SIZES {
        let lines = wrap(title, room, &|t| width(t, size, true));
        if lines.len() <= max {
            return (size, lines);
        }
    }
    let (size, max) = TITLE_SIZES[TITLE_SIZES.len() - 1];
    let measure = |t: &str| width(t, size, true);
    let mut lines = wrap(title, room, &measure);
    let rest = lines.split_off(max - 1).join(" ");
    lines.push(cut(&rest, room, &measure));
    (size, lines)
}

/// `text` in lines no wider than `room` by `width`, broken between words (a word wider than
/// the room has a line of its own). Runs of spaces count as one.
pub fn wrap(text: &str, room: f32, width: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let longer = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if line.is_empty() || width(&longer) <= room {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` as it fits in `room`: whole, or cut at a word (at a letter when one word is too
/// wide) with an ellipsis.
pub fn cut(text: &str, room: f32, width: &dyn Fn(&str) -> f32) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if width(&text) <= room {
        return text;
    }
    let words: Vec<&str> = text.split(' ').collect();
    for n in (1..words.len()).rev() {
        let shorter = format!(
            "{}…",
            words[..n]
                .join(" ")
                .trim_end_matches([',', ';', ':', '.', '-', '–'])
        );
        if width(&shorter) <= room {
            return shorter;
        }
    }
    let mut letters: Vec<char> = text.chars().collect();
    while !letters.is_empty() {
        letters.pop();
        let shorter: String = letters.iter().chain(['…'].iter()).collect();
        if width(&shorter) <= room {
            return shorter;
        }
    }
    "…".to_owned()
}

/// The longest address a QR code is made of: past this its squares get too small to scan
/// from a poster.
pub const MAX_QR_PATH: usize = 600;

/// The address a QR code of the site may hold: `path` (an address of the app with its query,
/// `/activities/x?year=2022` or `activities/x`) under the public URL `base` (ending in `/`).
/// `None` for anything that is not plainly one of ours: too long, not percent-encoded ASCII,
/// a `//host` or `\` form, or characters that have no place in an address.
pub fn own_address(base: &str, path: &str) -> Option<String> {
    let (file, _) = path.split_once('?').unwrap_or((path, ""));
    if path.len() > MAX_QR_PATH
        || path.starts_with("//")
        // `https://other.example/` is another site's address, not a path of this one.
        || file.contains(':')
        || !path
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"\\<>\"'`{}|^".contains(&b))
    {
        return None;
    }
    let base = if base.ends_with('/') {
        base.to_owned()
    } else {
        format!("{base}/")
    };
    // The base ends in `/`: whatever follows is a path under it, never another host.
    Some(format!("{base}{}", path.trim_start_matches('/')))
}

/// The addresses that pass a link on elsewhere, for browsers without the Web Share API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Links {
    /// Zalo's share page (the address its share button opens).
    pub zalo: String,
    /// Facebook's share dialog.
    pub facebook: String,
    /// A new e-mail with the title as its subject and the title and address as its body.
    pub email: String,
}

/// The share addresses of `url` titled `title`, each percent-encoded once.
pub fn links(url: &str, title: &str) -> Links {
    use crate::query::encode;
    let u = encode(url);
    Links {
        zalo: format!("https://sp.zalo.me/share_inline?url={u}"),
        facebook: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        // RFC 6068: a line break in a body is CRLF, and every space is %20.
        email: format!(
            "mailto:?subject={}&body={}",
            encode(title),
            encode(&format!("{title}\r\n{url}"))
        ),
    }
}

/// The query of the address to share: the view without the widget's `embed=1` (whoever
/// opens the link gets the full site).
pub fn shared_query(search: &str) -> String {
    crate::query::with_param(search.trim_start_matches('?'), "embed", None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;
    use proptest::prelude::*;

    /// A stand-in for the font: every letter half an em wide, bold a little wider.
    fn width(text: &str, size: f32, bold: bool) -> f32 {
        text.chars().count() as f32 * size * if bold { 0.6 } else { 0.5 }
    }

    #[test]
    fn an_activity_card_names_its_title_lead_dates_and_year() {
        let plan = sample_plan();
        let a = plan
            .activities
            .iter()
            .find(|a| a.is_dated() && a.lead.is_some())
            .unwrap();
        let c = card(&plan, Some(a), Lang::Vi);
        assert_eq!(c.title, a.title.vi);
        let lead = plan.organization(a.lead.as_deref().unwrap()).unwrap();
        assert_eq!(c.lead.as_deref(), Some(lead.name.vi.as_str()));
        let svg = c.svg(&width);
        assert!(svg.contains(&format!(">{}</text>", plan.year)), "{svg}");
        assert!(svg.contains(&format!("Chủ trì: {}", lead.name.vi)), "{svg}");
        assert!(svg.contains(&display(a.windows[0].start, Lang::Vi)));
        assert!(
            c.path()
                .starts_with(&format!("share/{}/{}.png?v=", plan.year, a.id))
        );
        assert!(c.alt().starts_with(&a.title.vi));
    }

    #[test]
    fn the_plan_card_shows_the_plan_and_its_english_address_says_so() {
        let plan = sample_plan();
        let c = card(&plan, None, Lang::En);
        assert_eq!(c.title, plan.name.en);
        assert!(c.subtitle.unwrap().contains(&plan.theme.en));
        let c = card(&plan, None, Lang::En);
        assert!(
            c.path()
                .starts_with(&format!("share/{}.png?lang=en&v=", plan.year))
        );
        assert_ne!(c.version(), card(&plan, None, Lang::Vi).version());
    }

    #[test]
    fn a_changed_title_is_a_new_picture() {
        let mut plan = sample_plan();
        let before = card(&plan, Some(&plan.activities[0]), Lang::Vi);
        plan.activities[0].title.vi.push_str(" (mới)");
        let after = card(&plan, Some(&plan.activities[0]), Lang::Vi);
        assert_ne!(before.version(), after.version());
        assert_eq!(before.version(), before.clone().version());
    }

    #[test]
    fn hostile_text_stays_text_in_the_svg() {
        let mut plan = sample_plan();
        plan.activities[0].title.vi = "</text><script>alert(1)</script> & \"x\"".into();
        let svg = card(&plan, Some(&plan.activities[0]), Lang::Vi).svg(&width);
        assert!(!svg.contains("<script>"), "{svg}");
        assert!(svg.contains("&lt;/text&gt;&lt;script&gt;"), "{svg}");
    }

    #[test]
    fn a_long_title_gets_smaller_then_is_cut_at_a_word() {
        let short = title_lines("Chứng thực chữ ký số", 1040.0, &width);
        assert_eq!(short, (64.0, vec!["Chứng thực chữ ký số".to_owned()]));
        let long = "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương tổ chức hoạt động hưởng ứng ".repeat(4);
        let (size, lines) = title_lines(&long, 1040.0, &width);
        assert_eq!(size, 46.0);
        assert_eq!(lines.len(), 5);
        assert!(lines[4].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 46.0, true) <= 1040.0));
    }

    #[test]
    fn share_links_carry_the_address_encoded_once() {
        let url = "https://mic.gov.vn/cds/?year=2022&q=chữ ký";
        let l = links(url, "Chữ ký số & “niềm tin”");
        let encoded = "https%3A%2F%2Fmic.gov.vn%2Fcds%2F%3Fyear%3D2022%26q%3Dch%E1%BB%AF%20k%C3%BD";
        assert_eq!(
            l.facebook,
            format!("https://www.facebook.com/sharer/sharer.php?u={encoded}")
        );
        assert_eq!(
            l.zalo,
            format!("https://sp.zalo.me/share_inline?url={encoded}")
        );
        assert!(
            l.email
                .starts_with("mailto:?subject=Ch%E1%BB%AF%20k%C3%BD%20s%E1%BB%91%20%26%20"),
            "{}",
            l.email
        );
        assert!(
            l.email.ends_with(&format!("%0D%0A{encoded}")),
            "{}",
            l.email
        );
        assert_eq!(
            crate::query::decode(l.facebook.split("u=").nth(1).unwrap()),
            url
        );
    }

    #[test]
    fn a_widget_view_is_shared_as_the_full_site() {
        assert_eq!(
            shared_query("?year=2022&embed=1&org=bo-tttt"),
            "year=2022&org=bo-tttt"
        );
        assert_eq!(shared_query(""), "");
    }

    #[test]
    fn only_addresses_of_the_site_make_a_qr_code() {
        let base = "https://mic.gov.vn/cds/";
        assert_eq!(
            own_address(base, "/activities/chung-thuc-chu-ky-so?year=2022").as_deref(),
            Some("https://mic.gov.vn/cds/activities/chung-thuc-chu-ky-so?year=2022")
        );
        assert_eq!(
            own_address(base, "?org=vu-buu-chinh&q=ch%E1%BB%AF").as_deref(),
            Some("https://mic.gov.vn/cds/?org=vu-buu-chinh&q=ch%E1%BB%AF")
        );
        for hostile in [
            "//evil.example/x",
            "https://evil.example/",
            "/\\evil.example",
            "/a b",
            "/chữ",
            "/\"><script>",
            &"a".repeat(MAX_QR_PATH + 1),
        ] {
            assert_eq!(own_address(base, hostile), None, "{hostile}");
        }
    }

    proptest! {
        #[test]
        fn a_qr_address_always_stays_on_the_site(path in "\\PC{0,80}") {
            if let Some(url) = own_address("https://mic.gov.vn/cds/", &path) {
                prop_assert!(url.starts_with("https://mic.gov.vn/cds/"));
                prop_assert!(!url["https://mic.gov.vn/cds/".len()..].starts_with('/'));
            }
        }


        #[test]
        fn wrapping_keeps_every_word_in_order_and_each_line_fits(
            words in proptest::collection::vec("[a-zàáạảãâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữ]{1,8}", 0..40),
            room in 100.0f32..1200.0,
        ) {
            let text = words.join(" ");
            let measure = |t: &str| width(t, 40.0, true);
            let lines = wrap(&text, room, &measure);
            prop_assert_eq!(lines.join(" "), text);
            for line in &lines {
                // A line is too wide only when it is one word that is.
                prop_assert!(measure(line) <= room || !line.contains(' '), "{}", line);
            }
        }

        #[test]
        fn a_cut_line_fits_and_begins_as_the_text_does(
            text in "[a-zđươ ]{0,200}",
            room in 30.0f32..1000.0,
        ) {
            let measure = |t: &str| width(t, 30.0, false);
            let line = cut(&text, room, &measure);
            prop_assert!(measure(&line) <= room.max(measure("…")));
            let norm = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let kept = line.trim_end_matches('…').trim_end_matches([',', ';', ':', '.', '-', '–']);
            prop_assert!(norm.starts_with(kept), "{:?} / {:?}", norm, line);
        }
    }
}
