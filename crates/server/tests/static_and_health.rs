//! The server as a browser and a monitor see it: health, plans, the app's files.

mod common;

#[tokio::test]
async fn health_answers_200_with_json_and_says_the_storage_is_sqlite() {
    let server = common::start();
    let res = reqwest::get(format!("{}/api/health", server.url))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["storage"]["kind"], "sqlite");
    assert!(
        server.dir.path().join("test.db").exists(),
        "the SQLite file is created on first start"
    );
}

#[tokio::test]
async fn the_2022_plan_is_served_with_its_theme() {
    let server = common::start();
    let plan: serde_json::Value = reqwest::get(format!("{}/api/plans/2022", server.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(plan["year"], 2022);
    assert!(
        plan["theme"]["vi"]
            .as_str()
            .unwrap()
            .starts_with("Chuyển đổi số giải quyết")
    );
    let missing = reqwest::get(format!("{}/api/plans/1999", server.url))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let body: serde_json::Value = missing.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
}

#[tokio::test]
async fn app_routes_fall_back_to_index_html_but_missing_files_are_404() {
    let server = common::start();
    let page = reqwest::get(format!("{}/activities/chung-thuc-chu-ky-so", server.url))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Ngày Chuyển đổi số quốc gia")
    );
    let missing = reqwest::get(format!("{}/missing-file.js", server.url))
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    // Under /api, what is not there is the API's JSON 404, not the app's page.
    for path in ["/api", "/api/", "/api/nothing-here", "/api/plans/2022/x"] {
        let api_missing = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
        assert_eq!(api_missing.status(), 404, "{path}");
        let body: serde_json::Value = api_missing.json().await.unwrap();
        assert_eq!(body["error"], "not_found", "{path}");
    }
}

/// The page the server answers at `path`: found (200), or, for an address that is no page
/// of the app or an activity no plan has, the same page with 404.
async fn page_at(server: &common::Server, path: &str) -> String {
    let res = reqwest::get(format!("{}{path}", server.url)).await.unwrap();
    let expected = if ["/activities/x", "/khong-co"].contains(&path) {
        404
    } else {
        200
    };
    assert_eq!(res.status(), expected, "{path}");
    res.text().await.unwrap()
}

#[tokio::test]
async fn each_address_gets_the_page_of_its_part_of_the_app() {
    let server = common::start();
    let page = |path| page_at(&server, path);
    for path in ["/", "/index.html", "/activities/x", "/about", "/khong-co"] {
        assert!(
            !page(path).await.contains("<!-- forms -->"),
            "{path} is the plan"
        );
    }
    for path in [
        "/initiatives/new",
        "/initiatives/track",
        "/initiatives/track/AB12-CD34",
        "/admin",
        "/embed",
        "/forms.html",
    ] {
        let html = page(path).await;
        assert!(html.contains("<!-- forms -->"), "{path} is the forms");
        // The base is written into this page too, for its deep links.
        assert!(html.contains("<base href=\"/\">"), "{path}: {html}");
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year() {
    let server = common::start();
    let res = reqwest::get(format!("{}/dxday-0123456789abcdef.js", server.url))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}

/// A GET with `headers`: status, headers and the body as sent (never decoded).
async fn get_raw(url: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut req = reqwest::Client::new().get(url);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    req.send().await.unwrap()
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).expect("a brotli stream");
    out
}

const BROWSER: (&str, &str) = ("accept-encoding", "gzip, deflate, br, zstd");

#[tokio::test]
async fn a_browser_gets_files_the_page_and_the_plan_in_brotli_the_same_as_without() {
    let server = common::start();
    for path in ["/dxday-0123456789abcdef.js", "/", "/api/plans/2022"] {
        let url = format!("{}{path}", server.url);
        let plain = get_raw(&url, &[]).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert!(plain.headers().get("content-encoding").is_none(), "{path}");
        let plain_type = plain.headers()["content-type"].clone();
        let plain = plain.bytes().await.unwrap();
        let packed = get_raw(&url, &[BROWSER]).await;
        assert_eq!(packed.status(), 200, "{path}");
        assert_eq!(packed.headers()["content-encoding"], "br", "{path}");
        assert_eq!(packed.headers()["vary"], "accept-encoding", "{path}");
        assert_eq!(packed.headers()["content-type"], plain_type, "{path}");
        let packed = packed.bytes().await.unwrap();
        assert!(packed.len() < plain.len(), "{path} is smaller in brotli");
        assert_eq!(unbrotli(&packed), plain, "{path}: the same body");
    }
    // A client that refuses brotli gets gzip of the plan.
    let gzip = get_raw(
        &format!("{}/api/plans/2022", server.url),
        &[("accept-encoding", "br;q=0, gzip")],
    )
    .await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn a_file_the_browser_has_is_not_sent_again_and_files_are_only_read() {
    let server = common::start();
    let url = format!("{}/dxday-0123456789abcdef.js", server.url);
    let first = get_raw(&url, &[BROWSER]).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    let again = get_raw(&url, &[BROWSER, ("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()["etag"], etag.as_str());
    assert!(again.bytes().await.unwrap().is_empty());
    let other = get_raw(&url, &[("if-none-match", "W/\"0000\"")]).await;
    assert_eq!(other.status(), 200);
    let post = reqwest::Client::new().post(&url).send().await.unwrap();
    assert_eq!(post.status(), 405);
    assert_eq!(post.headers()["allow"], "GET, HEAD");
    let head = reqwest::Client::new().head(&url).send().await.unwrap();
    assert_eq!(head.status(), 200);
}

#[tokio::test]
async fn the_explorer_page_holds_the_plan_name_and_theme_before_the_app_runs() {
    let server = common::start();
    let page = |path| page_at(&server, path);
    let home = page("/").await;
    assert!(
        home.contains("<h1 id=\"plan-name\">Kế hoạch"),
        "the plan's name: {home}"
    );
    // The newest plan: the one the app opens with.
    assert!(
        home.contains("2025: <q>Chuyển đổi số: Nhanh hơn"),
        "the theme: {home}"
    );
    assert!(!home.contains("plan-overview"), "the template is gone");
    const NAME: &str = "Ngày Chuyển đổi số quốc gia năm 2025</h1>";
    assert!(page("/?group=bo-khcn&q=so").await.contains(NAME));
    assert!(page("/?year=2025").await.contains(NAME));
    // Another year's address has that year's overview, as the app shows it.
    assert!(
        page("/?year=2022")
            .await
            .contains("Ngày Chuyển đổi số quốc gia năm 2022</h1>")
    );
    // Where the app shows no overview, or another language, the page has none either.
    for path in [
        "/?embed=1",
        "/?lang=en",
        "/index.html",
        "/about",
        "/activities/x",
    ] {
        // (The name is in its head, written for every address; not in its body.)
        assert!(
            !page(path).await.contains("<h1 id=\"plan-name\">Kế hoạch"),
            "{path}"
        );
    }
}
