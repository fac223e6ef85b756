//! The widget a ministry or province web editor puts on their own page: the one-line
//! `<script>` snippet, built from the explorer's current filters. `public/embed.js` reads
//! these same `data-` attributes back into an explorer address with `embed=1`.

use crate::model::Lang;
use crate::query::{ExplorerQuery, iso_date};

/// The snippet for `loader` (the absolute address of `embed.js`) showing what `query`
/// filters, in `lang`. Everything but the language and the filters (page, embed flag) is
/// left out, so the widget always opens on its first page.
pub fn snippet(loader: &str, query: &ExplorerQuery, lang: Lang) -> String {
    let mut out = format!("<script src=\"{}\"", escape_html(loader));
    let mut data = |name: &str, value: &str| {
        if !value.is_empty() {
            out.push_str(&format!(" data-{name}=\"{}\"", escape_html(value)));
        }
    };
    let f = &query.filter;
    data("group", &f.groups.join(" "));
    data("org", &f.orgs.join(" "));
    data("from", &f.from.map(iso_date).unwrap_or_default());
    data("to", &f.to.map(iso_date).unwrap_or_default());
    data("q", &f.q);
    data(
        "year",
        &query.year.map(|y| y.to_string()).unwrap_or_default(),
    );
    data("lang", lang.code());
    out.push_str(" async></script>");
    out
}

/// The address the widget's frame opens, relative to the app: the filters, the language
/// and `embed=1`.
pub fn frame_query(query: &ExplorerQuery, lang: Lang) -> String {
    let mut q = query.clone();
    q.lang = Some(lang);
    q.embed = true;
    q.to_query_string()
}

/// Escapes text for HTML: inside an element or a double-quoted attribute. (The server uses
/// it too, for the plan's name and theme it writes into the page.)
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html_into(&mut out, text);
    out
}

/// [`escape_html`], written at the end of `out`: markup made of many texts (the result
/// list) is written in one string, without a string of its own for each text.
pub fn escape_html_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOADER: &str = "https://dxday.gov.vn/cds/embed.js";

    #[test]
    fn the_snippet_carries_every_filter_and_the_language() {
        let q = ExplorerQuery::parse(
            "group=bo-tttt&org=vu-buu-chinh&org=postmart&from=2022-10-01&to=2022-10-10&q=ch%E1%BB%AF+k%C3%BD&lang=en&embed=1",
        );
        assert_eq!(
            snippet(LOADER, &q, Lang::Vi),
            "<script src=\"https://dxday.gov.vn/cds/embed.js\" data-group=\"bo-tttt\" \
             data-org=\"vu-buu-chinh postmart\" data-from=\"2022-10-01\" data-to=\"2022-10-10\" \
             data-q=\"chữ ký\" data-lang=\"vi\" async></script>"
        );
    }

    #[test]
    fn no_filter_gives_the_shortest_snippet() {
        assert_eq!(
            snippet(LOADER, &ExplorerQuery::default(), Lang::En),
            "<script src=\"https://dxday.gov.vn/cds/embed.js\" data-lang=\"en\" async></script>"
        );
    }

    #[test]
    fn search_text_cannot_break_out_of_its_attribute() {
        let q = ExplorerQuery::parse("q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E");
        let s = snippet(LOADER, &q, Lang::Vi);
        assert!(s.contains("data-q=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assert_eq!(s.matches("<script").count(), 1);
    }

    #[test]
    fn the_frame_opens_in_embed_mode_with_the_language() {
        let q = ExplorerQuery::parse("org=doan-tncs-ho-chi-minh");
        assert_eq!(
            frame_query(&q, Lang::En),
            "org=doan-tncs-ho-chi-minh&lang=en&embed=1"
        );
    }
}
