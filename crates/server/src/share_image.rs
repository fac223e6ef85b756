//! The share pictures (`dxday_core::share`) drawn to PNG with resvg, in Noto Sans read from
//! the server's own binary, never from the system; and kept: each picture is drawn once per
//! version of what it shows (a plan file's text, an approved initiative) and then served
//! from memory.

use axum::body::Bytes;
use dxday_core::Lang;
use dxday_core::share::{Card, HEIGHT, WIDTH};
use resvg::{tiny_skia, usvg};
use skrifa::MetadataProvider;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// Noto Sans (OFL; see `crates/server/fonts/README.md`): every Vietnamese letter with its
/// tone marks has a glyph of its own.
const REGULAR: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// The font database of the drawing: the two shipped faces and nothing else.
static FONTS: LazyLock<Arc<usvg::fontdb::Database>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(REGULAR.to_vec());
    db.load_font_data(BOLD.to_vec());
    Arc::new(db)
});

/// The width in pixels of `text` in Noto Sans at `size`: the sum of its glyphs' advances,
/// which is what the line breaks need (kerning only narrows a line).
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let Ok(font) = skrifa::FontRef::new(if bold { BOLD } else { REGULAR }) else {
        return text.chars().count() as f32 * size * 0.6;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(
        skrifa::instance::Size::new(size),
        skrifa::instance::LocationRef::default(),
    );
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(size * 0.6)
        })
        .sum()
}

/// The card drawn as a 1200×630 PNG; `None` only if the drawing itself failed.
pub fn draw(card: &Card) -> Option<Vec<u8>> {
    let svg = card.svg(&text_width);
    let options = usvg::Options {
        fontdb: FONTS.clone(),
        font_family: "Noto Sans".to_owned(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options).ok()?;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().ok()
}

/// Which picture: a year, an activity of it or its plan, a language.
type Key = (i32, Option<String>, Lang);

/// The pictures drawn so far, each with the version it shows. One entry per activity that
/// exists (the routes draw no other), so the map is bounded by the plans.
pub struct ShareImages {
    kept: Mutex<HashMap<Key, (String, Bytes)>>,
    /// Drawing takes tens of milliseconds of a core: at most two at once, so a crawler
    /// asking for every picture of a new plan leaves the other requests their cores.
    drawing: tokio::sync::Semaphore,
}

impl Default for ShareImages {
    fn default() -> Self {
        ShareImages {
            kept: Mutex::default(),
            drawing: tokio::sync::Semaphore::new(2),
        }
    }
}

impl ShareImages {
    /// The PNG of `card`, drawn now (off the async threads) unless it was drawn already.
    pub async fn get(&self, card: Card) -> Option<Bytes> {
        let key: Key = (card.year, card.activity.clone(), card.lang);
        let version = card.version();
        if let Some(png) = self.kept_png(&key, &version) {
            return Some(png);
        }
        let _turn = self.drawing.acquire().await.ok()?;
        // Another request may have drawn it while this one waited its turn.
        if let Some(png) = self.kept_png(&key, &version) {
            return Some(png);
        }
        let png = Bytes::from(
            tokio::task::spawn_blocking(move || draw(&card))
                .await
                .ok()??,
        );
        self.lock().insert(key, (version, png.clone()));
        Some(png)
    }

    fn kept_png(&self, key: &Key, version: &str) -> Option<Bytes> {
        self.lock()
            .get(key)
            .filter(|(v, _)| v == version)
            .map(|(_, png)| png.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, (String, Bytes)>> {
        // Nothing panics while holding the lock; if something did, the map is still whole.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vietnamese_letter_has_a_glyph_in_both_faces() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        for face in [REGULAR, BOLD] {
            let font = skrifa::FontRef::new(face).unwrap();
            for c in letters.chars().chain(letters.to_uppercase().chars()) {
                assert!(font.charmap().map(c).is_some(), "{c}");
            }
        }
    }

    #[test]
    fn a_card_is_drawn_at_1200_by_630() {
        let plan = dxday_core::testing::sample_plan();
        let png = draw(&dxday_core::share::card(
            &plan,
            Some(&plan.activities[0]),
            Lang::Vi,
        ))
        .unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // The IHDR chunk: width then height, big-endian.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), WIDTH);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), HEIGHT);
    }
}
