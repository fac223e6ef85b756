//! Vietnam's 34 province-level units, in force since 1 July 2025 (Resolution
//! 202/2025/QH15), and the two places an initiative can be held that are not one of them.
//!
//! Embedded rather than read from a file because both the browser form and the server check
//! an initiative's place, and the wasm app must work offline with nothing else to fetch.
//! Generated from the shared `provinces.json`, in its order: six centrally-run cities first.

use crate::model::Lang;
use serde::Serialize;

/// A place where an initiative is held: a province-level unit or a special place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Province {
    /// Stable slug, sent by the form and stored with the initiative.
    pub slug: &'static str,
    /// Vietnamese name, as official documents write it.
    pub name_vi: &'static str,
    /// English name.
    pub name_en: &'static str,
}

impl Province {
    /// The name in `lang`.
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.name_vi,
            Lang::En => self.name_en,
        }
    }
}

/// The 34 province-level units: 6 centrally-run cities, then 28 provinces.
pub const PROVINCES: &[Province] = &[
    Province {
        slug: "ha-noi",
        name_vi: "Hà Nội",
        name_en: "Hanoi",
    },
    Province {
        slug: "hue",
        name_vi: "Huế",
        name_en: "Hue",
    },
    Province {
        slug: "hai-phong",
        name_vi: "Hải Phòng",
        name_en: "Hai Phong",
    },
    Province {
        slug: "da-nang",
        name_vi: "Đà Nẵng",
        name_en: "Da Nang",
    },
    Province {
        slug: "ho-chi-minh",
        name_vi: "Thành phố Hồ Chí Minh",
        name_en: "Ho Chi Minh City",
    },
    Province {
        slug: "can-tho",
        name_vi: "Cần Thơ",
        name_en: "Can Tho",
    },
    Province {
        slug: "lai-chau",
        name_vi: "Lai Châu",
        name_en: "Lai Chau",
    },
    Province {
        slug: "dien-bien",
        name_vi: "Điện Biên",
        name_en: "Dien Bien",
    },
    Province {
        slug: "son-la",
        name_vi: "Sơn La",
        name_en: "Son La",
    },
    Province {
        slug: "lang-son",
        name_vi: "Lạng Sơn",
        name_en: "Lang Son",
    },
    Province {
        slug: "quang-ninh",
        name_vi: "Quảng Ninh",
        name_en: "Quang Ninh",
    },
    Province {
        slug: "thanh-hoa",
        name_vi: "Thanh Hóa",
        name_en: "Thanh Hoa",
    },
    Province {
        slug: "nghe-an",
        name_vi: "Nghệ An",
        name_en: "Nghe An",
    },
    Province {
        slug: "ha-tinh",
        name_vi: "Hà Tĩnh",
        name_en: "Ha Tinh",
    },
    Province {
        slug: "cao-bang",
        name_vi: "Cao Bằng",
        name_en: "Cao Bang",
    },
    Province {
        slug: "tuyen-quang",
        name_vi: "Tuyên Quang",
        name_en: "Tuyen Quang",
    },
    Province {
        slug: "lao-cai",
        name_vi: "Lào Cai",
        name_en: "Lao Cai",
    },
    Province {
        slug: "thai-nguyen",
        name_vi: "Thái Nguyên",
        name_en: "Thai Nguyen",
    },
    Province {
        slug: "phu-tho",
        name_vi: "Phú Thọ",
        name_en: "Phu Tho",
    },
    Province {
        slug: "bac-ninh",
        name_vi: "Bắc Ninh",
        name_en: "Bac Ninh",
    },
    Province {
        slug: "hung-yen",
        name_vi: "Hưng Yên",
        name_en: "Hung Yen",
    },
    Province {
        slug: "ninh-binh",
        name_vi: "Ninh Bình",
        name_en: "Ninh Binh",
    },
    Province {
        slug: "quang-tri",
        name_vi: "Quảng Trị",
        name_en: "Quang Tri",
    },
    Province {
        slug: "quang-ngai",
        name_vi: "Quảng Ngãi",
        name_en: "Quang Ngai",
    },
    Province {
        slug: "gia-lai",
        name_vi: "Gia Lai",
        name_en: "Gia Lai",
    },
    Province {
        slug: "khanh-hoa",
        name_vi: "Khánh Hòa",
        name_en: "Khanh Hoa",
    },
    Province {
        slug: "lam-dong",
        name_vi: "Lâm Đồng",
        name_en: "Lam Dong",
    },
    Province {
        slug: "dak-lak",
        name_vi: "Đắk Lắk",
        name_en: "Dak Lak",
    },
    Province {
        slug: "dong-nai",
        name_vi: "Đồng Nai",
        name_en: "Dong Nai",
    },
    Province {
        slug: "tay-ninh",
        name_vi: "Tây Ninh",
        name_en: "Tay Ninh",
    },
    Province {
        slug: "vinh-long",
        name_vi: "Vĩnh Long",
        name_en: "Vinh Long",
    },
    Province {
        slug: "dong-thap",
        name_vi: "Đồng Tháp",
        name_en: "Dong Thap",
    },
    Province {
        slug: "ca-mau",
        name_vi: "Cà Mau",
        name_en: "Ca Mau",
    },
    Province {
        slug: "an-giang",
        name_vi: "An Giang",
        name_en: "An Giang",
    },
];

/// Places that are not a province: a campaign across the whole country, or one held online.
pub const SPECIAL_PLACES: &[Province] = &[
    Province {
        slug: "toan-quoc",
        name_vi: "Toàn quốc",
        name_en: "Nationwide",
    },
    Province {
        slug: "truc-tuyen",
        name_vi: "Trực tuyến",
        name_en: "Online",
    },
];

/// The province or special place with this slug.
pub fn place(slug: &str) -> Option<&'static Province> {
    PROVINCES
        .iter()
        .chain(SPECIAL_PLACES)
        .find(|p| p.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn there_are_thirty_four_province_level_units() {
        assert_eq!(PROVINCES.len(), 34);
    }

    #[test]
    fn no_two_places_share_a_slug() {
        let all: Vec<&str> = PROVINCES
            .iter()
            .chain(SPECIAL_PLACES)
            .map(|p| p.slug)
            .collect();
        for (i, slug) in all.iter().enumerate() {
            assert!(!all[..i].contains(slug), "{slug} appears twice");
        }
    }

    #[test]
    fn the_big_cities_and_the_special_places_are_found() {
        assert_eq!(place("ha-noi").map(|p| p.name_vi), Some("Hà Nội"));
        assert_eq!(
            place("ho-chi-minh").map(|p| p.name_en),
            Some("Ho Chi Minh City")
        );
        assert_eq!(place("hue").map(|p| p.name(Lang::Vi)), Some("Huế"));
        assert_eq!(
            place("truc-tuyen").map(|p| p.name(Lang::En)),
            Some("Online")
        );
        assert_eq!(
            place("toan-quoc").map(|p| p.name(Lang::Vi)),
            Some("Toàn quốc")
        );
    }

    #[test]
    fn former_provinces_are_not_places_any_more() {
        // Merged on 1 July 2025; an old form or link must not slip one through.
        assert_eq!(place("binh-duong"), None);
        assert_eq!(place("Ha-Noi"), None);
        assert_eq!(place(""), None);
    }

    #[test]
    fn slugs_are_lower_case_ascii() {
        for p in PROVINCES.iter().chain(SPECIAL_PLACES) {
            assert!(
                p.slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                p.slug
            );
        }
    }
}
