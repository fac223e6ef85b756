//! What a link preview (Zalo, Facebook) or a search engine reads of each address: the
//! head the server writes from the plan, the sitemap and robots.txt. None of them runs the
//! wasm, so none of this may depend on it.

mod common;

use serde_json::Value;

const TOKEN: &str = "moderator-token-0123456789";
const ADMIN_ENV: (&str, &str) = ("ADMIN_TOKENS", "lan=moderator-token-0123456789");

/// The page at `path`: its status and its HTML.
async fn page(server: &common::Server, path: &str) -> (u16, String) {
    let res = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The content of `<meta property|name="key" content="…">`.
fn meta(html: &str, key: &str) -> Option<String> {
    for attr in ["property", "name"] {
        let open = format!("<meta {attr}=\"{key}\" content=\"");
        if let Some(start) = html.find(&open) {
            let rest = &html[start + open.len()..];
            return Some(unescape(&rest[..rest.find('"')?]));
        }
    }
    None
}

fn title(html: &str) -> String {
    let start = html.find("<title>").unwrap() + "<title>".len();
    unescape(&html[start..start + html[start..].find("</title>").unwrap()])
}

fn link(html: &str, rel: &str) -> Option<String> {
    let open = format!("<link rel=\"{rel}\" href=\"");
    let start = html.find(&open)? + open.len();
    Some(unescape(&html[start..start + html[start..].find('"')?]))
}

fn json_ld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| serde_json::from_str(s.split("</script>").next().unwrap()).unwrap())
        .collect()
}

fn plan_2022() -> Value {
    serde_json::from_str(&std::fs::read_to_string(common::plans_dir().join("2022.json")).unwrap())
        .unwrap()
}

#[tokio::test]
async fn each_kind_of_address_has_its_own_head_in_both_languages() {
    let server = common::start_with(&[], &[("PUBLIC_URL", "https://dxday.example.gov.vn/")]);
    let plan = plan_2022();
    let (status, home) = page(&server, "/?year=2022").await;
    assert_eq!(status, 200);
    assert_eq!(title(&home), plan["name"]["vi"].as_str().unwrap());
    assert_eq!(meta(&home, "og:title").unwrap(), title(&home));
    assert_eq!(
        link(&home, "canonical").unwrap(),
        "https://dxday.example.gov.vn/?year=2022"
    );
    assert!(
        home.contains(
            "hreflang=\"en\" href=\"https://dxday.example.gov.vn/?year=2022&amp;lang=en\""
        )
    );
    assert_eq!(meta(&home, "og:locale").unwrap(), "vi_VN");
    assert_eq!(
        meta(&home, "og:site_name").unwrap(),
        "Ngày Chuyển đổi số quốc gia"
    );
    // The preview's picture is the plan's own, named with its version, drawn at 1200×630.
    let image = meta(&home, "og:image").unwrap();
    assert!(
        image.starts_with("https://dxday.example.gov.vn/share/2022.png?v="),
        "{image}"
    );
    assert_eq!(meta(&home, "og:image:width").unwrap(), "1200");
    assert_eq!(meta(&home, "og:image:height").unwrap(), "630");
    assert_eq!(meta(&home, "twitter:card").unwrap(), "summary_large_image");
    assert_eq!(meta(&home, "twitter:image").unwrap(), image);
    let res = reqwest::get(image.replace("https://dxday.example.gov.vn", &server.url))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    for key in [
        "og:image:width",
        "og:image:height",
        "og:image:alt",
        "og:description",
        "og:url",
        "twitter:card",
    ] {
        assert!(meta(&home, key).is_some_and(|v| !v.is_empty()), "{key}");
    }
    // One head, not two: the page's generic title and description are replaced.
    assert_eq!(home.matches("<title>").count(), 1);
    assert_eq!(home.matches("<meta name=\"description\"").count(), 1);
    assert_eq!(json_ld(&home)[0]["@type"], "GovernmentOrganization");

    let (_, english) = page(&server, "/?year=2022&lang=en").await;
    assert_eq!(title(&english), plan["name"]["en"].as_str().unwrap());
    assert_eq!(meta(&english, "og:locale").unwrap(), "en_US");

    let activity = &plan["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "chung-thuc-chu-ky-so")
        .unwrap()
        .clone();
    let (status, html) = page(&server, "/activities/chung-thuc-chu-ky-so").await;
    assert_eq!(status, 200);
    assert_eq!(title(&html), activity["title"]["vi"].as_str().unwrap());
    let description = meta(&html, "description").unwrap();
    assert!(description.contains("Chủ trì: "), "{description}");
    assert!(
        description.contains("Thời gian: từ 01/10/2022 đến 10/10/2022."),
        "{description}"
    );
    assert_eq!(
        link(&html, "canonical").unwrap(),
        "https://dxday.example.gov.vn/activities/chung-thuc-chu-ky-so?year=2022"
    );
    let image = meta(&html, "og:image").unwrap();
    assert!(
        image.starts_with("https://dxday.example.gov.vn/share/2022/chung-thuc-chu-ky-so.png?v="),
        "{image}"
    );
    assert!(
        meta(&html, "og:image:alt")
            .unwrap()
            .starts_with(activity["title"]["vi"].as_str().unwrap())
    );
    let res = reqwest::get(image.replace("https://dxday.example.gov.vn", &server.url))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    // What search engines require of an event: a name, a start date and a location; and
    // what they recommend: the end, status, attendance mode, organizer, description, url.
    let event = &json_ld(&html)[0];
    assert_eq!(event["@type"], "Event");
    assert_eq!(event["name"], activity["title"]["vi"]);
    assert_eq!(event["startDate"], "2022-10-01");
    assert_eq!(event["endDate"], "2022-10-10");
    assert_eq!(event["eventStatus"], "https://schema.org/EventScheduled");
    assert!(
        event["eventAttendanceMode"]
            .as_str()
            .unwrap()
            .starts_with("https://schema.org/")
    );
    assert_eq!(event["location"][0]["address"]["addressCountry"], "VN");
    assert!(event["organizer"]["name"].is_string());
    assert!(
        ["GovernmentOrganization", "Organization"]
            .contains(&event["organizer"]["@type"].as_str().unwrap())
    );
    assert!(event["description"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(event["url"], link(&html, "canonical").unwrap().as_str());

    // Readable without the wasm: the activity is in the page as the app shows it.
    assert!(
        html.contains(&format!(
            "<h1>{}</h1><p class=\"activity__summary\">",
            activity["title"]["vi"].as_str().unwrap()
        )),
        "{html}"
    );
    assert!(
        html.contains("<dt>Thời gian</dt><dd>01/10/2022 – 10/10/2022"),
        "{html}"
    );
    assert!(html.contains("<dt>Chủ trì</dt><dd>"), "{html}");

    let (_, english) = page(&server, "/activities/chung-thuc-chu-ky-so?lang=en").await;
    assert_eq!(title(&english), activity["title"]["en"].as_str().unwrap());
    // Its picture is the English one, and the English page carries no Vietnamese shell.
    assert!(
        meta(&english, "og:image")
            .unwrap()
            .contains("/share/2022/chung-thuc-chu-ky-so.png?lang=en&v="),
        "{english}"
    );
    assert!(!english.contains("<article class=\"activity\">"));
    assert!(
        meta(&english, "description")
            .unwrap()
            .contains("When: 1 Oct 2022 to 10 Oct 2022.")
    );

    let (status, about) = page(&server, "/about?year=2022").await;
    assert_eq!(status, 200);
    assert!(title(&about).starts_with("Giới thiệu "));
    assert!(meta(&about, "description").unwrap().contains("505/QĐ-TTg"));
}

#[tokio::test]
async fn a_filtered_view_is_named_from_its_filters() {
    let server = common::start();
    let (_, html) = page(
        &server,
        "/?year=2022&org=vu-buu-chinh&from=2022-10-01&to=2022-10-31&embed=1",
    )
    .await;
    let t = title(&html);
    let (count, rest) = t.split_once(' ').unwrap();
    assert!(count.parse::<usize>().unwrap() >= 1, "{t}");
    assert_eq!(rest, "hoạt động của Vụ Bưu chính, 01/10–31/10/2022");
    // The canonical address is the view itself, without the widget's flag.
    let canonical = link(&html, "canonical").unwrap();
    assert!(
        canonical.contains("org=vu-buu-chinh") && !canonical.contains("embed"),
        "{canonical}"
    );
}

#[tokio::test]
async fn a_page_preloads_the_plan_of_the_year_it_shows() {
    let years: Vec<i32> = std::fs::read_dir(common::plans_dir())
        .unwrap()
        .filter_map(|f| f.ok()?.path().file_stem()?.to_str()?.parse().ok())
        .collect();
    let newest = dxday_core::campaign::newest(&years).unwrap();
    // The page as scripts/build-app.sh leaves it: the newest plan preloaded.
    let index = format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><title>Ngày Chuyển đổi số quốc gia</title><base href=\"./\"><link rel=\"preload\" href=\"api/plans/{newest}\" as=\"fetch\" crossorigin></head><body><nav><a href=\"./\" aria-current=\"page\">Kế hoạch</a><a href=\"about\">Giới thiệu</a></nav><main><!--plan-overview <h1 id=\"plan-name\">{{name}}</h1> --><p class=\"status\" role=\"status\">Đang tải kế hoạch…</p></main></body></html>"
    );
    let server = common::start_with_files(&[("index.html", index.as_bytes())], &[], &[]);
    let preload = |html: &str| {
        let start = html
            .find("<link rel=\"preload\" href=\"api/plans/")
            .unwrap();
        html[start..start + html[start..].find('>').unwrap() + 1].to_owned()
    };
    // Without a year, the newest plan, as written at build.
    let (_, home) = page(&server, "/").await;
    assert!(
        preload(&home).contains(&format!("api/plans/{newest}\"")),
        "{home}"
    );
    // With one, that year's: the app fetches it first.
    for path in [
        "/?year=2022",
        "/?year=2022&org=vu-buu-chinh",
        "/about?year=2022",
        "/activities/chung-thuc-chu-ky-so?year=2022",
        "/activities/chung-thuc-chu-ky-so?year=2022&lang=en",
    ] {
        let (status, html) = page(&server, path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(
            preload(&html),
            "<link rel=\"preload\" href=\"api/plans/2022\" as=\"fetch\" crossorigin>",
            "{path}"
        );
    }
    // An activity's page without a year: the app looks in the newest plan first.
    let (_, activity) = page(&server, "/activities/chung-thuc-chu-ky-so").await;
    assert!(preload(&activity).contains(&format!("api/plans/{newest}\"")));
}

#[tokio::test]
async fn hostile_text_in_an_approved_initiative_stays_text_in_the_head() {
    let server = common::start_with(&[], &[ADMIN_ENV]);
    let mut body = common::initiative(
        "</title><script>alert(1)</script> Cà phê \"số\"",
        "a@example.vn",
        "",
    );
    body["plan_year"] = 2022.into();
    let id = common::send_and_approve(&server.url, "hostile-head-0001", &body, TOKEN).await;
    let (status, html) = page(&server, &format!("/activities/sang-kien-{id}")).await;
    assert_eq!(status, 200);
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("</title><script>"), "{html}");
    assert_eq!(
        title(&html),
        "</title><script>alert(1)</script> Cà phê \"số\""
    );
    assert_eq!(
        json_ld(&html)[0]["name"],
        "</title><script>alert(1)</script> Cà phê \"số\""
    );
    // Contact details are never in a page.
    assert!(!html.contains("a@example.vn"));
    // Its preview picture is drawn from the same hostile title, and the server stays up.
    let image = meta(&html, "og:image").unwrap();
    let path = &image[image.find("/share/").unwrap()..];
    assert!(
        path.starts_with(&format!("/share/2022/sang-kien-{id}.png?v=")),
        "{path}"
    );
    let res = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(res.bytes().await.unwrap().starts_with(b"\x89PNG"));
    let (status, _) = page(&server, "/?year=2022").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn unknown_addresses_are_404_and_not_for_indexing() {
    let server = common::start();
    for path in ["/nope", "/activities/khong-co-hoat-dong-nay"] {
        let (status, html) = page(&server, path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(meta(&html, "robots").as_deref(), Some("noindex"), "{path}");
        assert!(title(&html).starts_with("Không tìm thấy trang"));
    }
}

#[tokio::test]
async fn the_sitemap_lists_every_page_and_activity_of_every_year_under_the_sub_path() {
    let server = common::start_with(&[], &[("PUBLIC_URL", "https://mic.gov.vn/cds/")]);
    let res = reqwest::get(format!("{}/cds/sitemap.xml", server.url))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let xml = res.text().await.unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is XML");
    let urls: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .collect();
    let locs: Vec<&str> = urls
        .iter()
        .filter_map(|u| {
            u.children()
                .find(|c| c.has_tag_name("loc"))
                .and_then(|c| c.text())
        })
        .collect();
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://mic.gov.vn/cds/")),
        "{locs:?}"
    );
    let list = common::get_json(
        &reqwest::Client::new(),
        &format!("{}/cds/api/plans", server.url),
    )
    .await;
    let years = list["plans"].as_array().unwrap();
    let mut expected = 1;
    for y in years {
        let year = y["year"].as_i64().unwrap();
        let plan = common::get_json(
            &reqwest::Client::new(),
            &format!("{}/cds/api/plans/{year}", server.url),
        )
        .await;
        assert!(locs.contains(&format!("https://mic.gov.vn/cds/about?year={year}").as_str()));
        for a in plan["activities"].as_array().unwrap() {
            let loc = format!(
                "https://mic.gov.vn/cds/activities/{}?year={year}",
                a["id"].as_str().unwrap()
            );
            assert!(locs.contains(&loc.as_str()), "{loc}");
        }
        expected += 2 + plan["activities"].as_array().unwrap().len();
    }
    assert_eq!(locs.len(), expected);
    // Each with its alternates, and the day its plan file changed.
    for u in &urls[1..] {
        let langs: Vec<&str> = u
            .children()
            .filter(|c| c.has_tag_name("link"))
            .filter_map(|c| c.attribute("hreflang"))
            .collect();
        assert_eq!(langs, ["vi", "en", "x-default"]);
        let lastmod = u
            .children()
            .find(|c| c.has_tag_name("lastmod"))
            .and_then(|c| c.text())
            .unwrap();
        assert!(
            dxday_core::query::parse_date(lastmod).is_some(),
            "{lastmod}"
        );
    }
}

#[tokio::test]
async fn robots_names_the_sitemap_and_keeps_crawlers_out_of_moderation() {
    let server = common::start_with(&[], &[("PUBLIC_URL", "https://mic.gov.vn/cds/")]);
    let res = reqwest::get(format!("{}/cds/robots.txt", server.url))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&"User-agent: *"));
    assert!(lines.contains(&"Disallow: /cds/admin"));
    assert!(lines.contains(&"Disallow: /cds/api/admin"));
    assert!(lines.contains(&"Sitemap: https://mic.gov.vn/cds/sitemap.xml"));
}
