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
    let api_missing = reqwest::get(format!("{}/api/nothing-here", server.url))
        .await
        .unwrap();
    assert_eq!(api_missing.status(), 404);
}

#[tokio::test]
async fn each_address_gets_the_page_of_its_part_of_the_app() {
    let server = common::start();
    let page = |path: &'static str| {
        let url = format!("{}{path}", server.url);
        async move {
            let res = reqwest::get(url).await.unwrap();
            assert_eq!(res.status(), 200, "{path}");
            res.text().await.unwrap()
        }
    };
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
