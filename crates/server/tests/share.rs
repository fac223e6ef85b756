//! What a shared link brings along: the picture Zalo and Facebook show for it, read back by
//! OCR (Debian's `tesseract` with its Vietnamese data), and the QR code of an address, read
//! back by a scanner (Debian's `zbarimg`). Both tools come from `scripts/setup.sh test`.

mod common;

use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// The `content` of `<meta property="og:image" …>` in a page.
fn og_image(html: &str) -> String {
    let open = "<meta property=\"og:image\" content=\"";
    let start = html.find(open).expect("an og:image") + open.len();
    html[start..start + html[start..].find('"').unwrap()].replace("&amp;", "&")
}

/// The PNG decoded: its width, height and pixels.
fn decode(png: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).expect("its pixels");
    (info.width, info.height)
}

/// The text tesseract reads in `png`, in Vietnamese, NFC.
fn ocr(png: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("card.png");
    std::fs::write(&file, png).unwrap();
    let out = Command::new("tesseract")
        .arg(&file)
        .arg("-")
        .args(["-l", "vie"])
        .output()
        .expect("tesseract is installed (scripts/setup.sh test)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().nfc().collect()
}

/// The words of `text`, NFC, without the punctuation around them.
fn words(text: &str) -> Vec<String> {
    text.nfc()
        .collect::<String>()
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

async fn get(url: &str) -> reqwest::Response {
    reqwest::get(url).await.unwrap()
}

#[tokio::test]
async fn an_activity_preview_shows_its_title_with_every_diacritic_the_year_and_its_lead() {
    let server = common::start_with(&[], &[("PUBLIC_URL", "https://mic.gov.vn/cds/")]);
    let html = get(&format!(
        "{}/cds/activities/chung-thuc-chu-ky-so",
        server.url
    ))
    .await
    .text()
    .await
    .unwrap();
    let image = og_image(&html);
    assert!(
        image.starts_with("https://mic.gov.vn/cds/share/2022/chung-thuc-chu-ky-so.png?v="),
        "{image}"
    );
    let local = image.replace("https://mic.gov.vn", &server.url);
    let res = get(&local).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    // Its address names its version, so it is kept for a year.
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let png = res.bytes().await.unwrap();
    assert_eq!(decode(&png), (1200, 630));
    let text = ocr(&png);
    let read = words(&text);
    let plan: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::plans_dir().join("2022.json")).unwrap(),
    )
    .unwrap();
    let activity = plan["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "chung-thuc-chu-ky-so")
        .unwrap();
    // Every word of the title, each with its own marks (ự, ữ, ý, ố), exactly.
    for word in words(activity["title"]["vi"].as_str().unwrap()) {
        assert!(read.contains(&word), "{word:?} not in {text:?}");
    }
    // The year is drawn twice: in the day under the site's name, which OCR reads, and
    // large in the corner of the band, which tesseract reads as noise alone on its side.
    assert!(read.contains(&"10/10/2022".to_owned()), "{text}");
    let lead = activity["lead"].as_str().unwrap();
    let lead = plan["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == lead)
        .unwrap()["name"]["vi"]
        .as_str()
        .unwrap();
    assert!(
        text.nfc()
            .collect::<String>()
            .contains(&format!("Chủ trì: {lead}")),
        "{text}"
    );
}

#[tokio::test]
async fn a_long_plan_title_wraps_whole_and_every_year_has_its_picture() {
    let server = common::start();
    let plans = common::get_json(
        &reqwest::Client::new(),
        &format!("{}/api/plans", server.url),
    )
    .await;
    for y in plans["plans"].as_array().unwrap() {
        let year = y["year"].as_i64().unwrap();
        let html = get(&format!("{}/?year={year}", server.url))
            .await
            .text()
            .await
            .unwrap();
        let image = og_image(&html);
        assert!(image.contains(&format!("/share/{year}.png?v=")), "{image}");
        let res = get(&format!("{}/share/{year}.png", server.url)).await;
        assert_eq!(res.status(), 200, "{year}");
        assert_eq!(decode(&res.bytes().await.unwrap()), (1200, 630));
    }
    // 2024's plan has the longest name (94 letters): it takes three lines, none cut.
    let png = get(&format!("{}/share/2024.png", server.url))
        .await
        .bytes()
        .await
        .unwrap();
    let read = words(&ocr(&png));
    let name =
        "Kế hoạch triển khai Quyết định số 505/QĐ-TTg về Ngày Chuyển đổi số quốc gia năm 2024";
    for word in words(name) {
        assert!(read.contains(&word), "{word:?} not in {read:?}");
    }
}

#[tokio::test]
async fn a_picture_is_drawn_once_and_a_client_that_has_it_gets_304() {
    let server = common::start();
    let url = format!("{}/share/2022/chung-thuc-chu-ky-so.png?lang=en", server.url);
    let first = get(&url).await;
    assert_eq!(first.status(), 200);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    // Asked without its version: kept a day, then asked again.
    assert_eq!(first.headers()["cache-control"], "public, max-age=86400");
    let first = first.bytes().await.unwrap();
    let again = get(&url).await.bytes().await.unwrap();
    assert_eq!(first, again);
    let res = reqwest::Client::new()
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
    assert_eq!(res.headers()["etag"].to_str().unwrap(), etag);
    // The English picture is another picture.
    let vi = get(&url.replace("?lang=en", "")).await;
    assert_ne!(vi.headers()["etag"].to_str().unwrap(), etag);
}

#[tokio::test]
async fn only_what_a_plan_has_gets_a_picture() {
    let server = common::start();
    for path in [
        "/share/2022/khong-co-hoat-dong-nay.png",
        "/share/1999.png",
        "/share/1999/chung-thuc-chu-ky-so.png",
        "/share/abc.png",
        "/share/2022.jpg",
        "/share/2022/chung-thuc-chu-ky-so.svg",
    ] {
        assert_eq!(
            get(&format!("{}{path}", server.url)).await.status(),
            404,
            "{path}"
        );
    }
}

/// The text zbarimg reads in `png`.
fn scan(png: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("qr.png");
    std::fs::write(&file, png).unwrap();
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(&file)
        .output()
        .expect("zbarimg is installed (scripts/setup.sh test)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .trim_end_matches('\n')
        .to_owned()
}

#[tokio::test]
async fn the_qr_code_of_a_view_scans_back_to_its_exact_address_in_both_forms() {
    let server = common::start_with(&[], &[("PUBLIC_URL", "https://mic.gov.vn/cds/")]);
    // A filtered view with a search in Vietnamese, percent-encoded as the app writes it.
    let path = "?year=2022&org=vu-buu-chinh&q=ch%E1%BB%AF%20k%C3%BD&lang=vi";
    let address = format!("https://mic.gov.vn/cds/{path}");
    let qr = |format: &str| {
        format!(
            "{}/cds/api/qr?path={}&format={format}",
            server.url,
            dxday_core::query::encode(path)
        )
    };
    let res = get(&qr("png")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .starts_with("public")
    );
    assert_eq!(scan(&res.bytes().await.unwrap()), address);

    let res = get(&qr("svg")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    let svg = res.text().await.unwrap();
    // The SVG drawn as it is, by another renderer than the server's PNG path would use.
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, Default::default(), &mut pixmap.as_mut());
    assert_eq!(scan(&pixmap.encode_png().unwrap()), address);

    let res = get(&format!("{}&download=1", qr("svg"))).await;
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
}

#[tokio::test]
async fn a_qr_code_is_made_of_this_sites_addresses_only() {
    let server = common::start();
    for path in ["//evil.example/x", "https://evil.example/", "/%0Aa b"] {
        let url = format!(
            "{}/api/qr?path={}&format=png",
            server.url,
            dxday_core::query::encode(path)
        );
        let res = get(&url).await;
        assert_eq!(res.status(), 400, "{path}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["fields"]["path"][0], "invalid");
    }
    let res = get(&format!("{}/api/qr?format=png", server.url)).await;
    assert_eq!(res.status(), 400);
    let res = get(&format!("{}/api/qr?path=%2F&format=gif", server.url)).await;
    assert_eq!(res.status(), 400);
}
