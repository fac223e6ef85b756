//! A small plan for tests, built in code so that each test can bend it.

use crate::model::*;
use chrono::NaiveDate;

fn t(vi: &str, en: &str) -> Text {
    Text {
        vi: vi.into(),
        en: en.into(),
    }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, m, day).expect("a real date")
}

/// The one source of the sample plan, cited by everything in it.
const SOURCE: &str = "nguon-mau";

fn cited() -> Vec<String> {
    vec![SOURCE.into()]
}

fn org(id: &str, vi: &str, en: &str, group: &str, parent: Option<&str>) -> Organization {
    Organization {
        id: id.into(),
        name: t(vi, en),
        group: group.into(),
        parent: parent.map(Into::into),
        cites: cited(),
    }
}

#[allow(clippy::too_many_arguments)]
fn activity(
    id: &str,
    title: Text,
    summary: Text,
    group: &str,
    lead: Option<&str>,
    partners: &[&str],
    windows: Vec<Window>,
) -> Activity {
    Activity {
        id: id.into(),
        title,
        summary,
        group: group.into(),
        lead: lead.map(Into::into),
        partners: partners.iter().map(|p| (*p).into()).collect(),
        windows,
        kind: ActivityKind::Initiative,
        source: Source::Plan {
            document: "ke-hoach-bo-tttt".into(),
        },
        cites: cited(),
    }
}

/// Three groups, a ministry with two units and a partner, five activities (two undated),
/// all taken from one source.
pub fn sample_plan() -> Plan {
    let october_1_10 = Window {
        start: d(10, 1),
        end: d(10, 10),
        kind: WindowKind::Primary,
    };
    let all_october = Window {
        start: d(10, 1),
        end: d(10, 31),
        kind: WindowKind::Alternative,
    };
    Plan {
        schema_version: SCHEMA_VERSION,
        year: 2022,
        name: t("Kế hoạch mẫu", "Sample plan"),
        theme: t("Chủ đề mẫu", "Sample theme"),
        day: d(10, 10),
        cites: PlanCites {
            name: cited(),
            theme: cited(),
            ..PlanCites::default()
        },
        sources: vec![Reference {
            id: SOURCE.into(),
            url: "https://example.vn/tin/ke-hoach-mau".into(),
            title: "Kế hoạch mẫu được phê duyệt".into(),
            publisher: "Báo Mẫu".into(),
            date: Some(d(6, 17)),
        }],
        legal_basis: vec![Document {
            id: "ke-hoach-bo-tttt".into(),
            number: None,
            date: Some(d(6, 16)),
            issuer: t("Bộ TT&TT", "MIC"),
            title: t("Kế hoạch triển khai", "Implementation plan"),
            cites: cited(),
        }],
        key_dates: vec![],
        objectives: vec![],
        principles: vec![],
        focus_areas: vec![],
        groups: vec![
            Group {
                id: "bo-tttt".into(),
                name: t("Bộ TT&TT", "The Ministry"),
                heading: t("Bộ TT&TT chủ trì", "Led by the Ministry"),
                cites: cited(),
            },
            Group {
                id: "doan".into(),
                name: t("Đoàn TNCS Hồ Chí Minh", "Youth Union"),
                heading: t("Đề nghị Đoàn TNCS Hồ Chí Minh", "Asked of the Youth Union"),
                cites: cited(),
            },
            Group {
                id: "dia-phuong".into(),
                name: t("Địa phương", "Localities"),
                heading: t("Đề nghị các địa phương", "Asked of localities"),
                cites: cited(),
            },
        ],
        community_group: None,
        organizations: vec![
            org(
                "bo-tttt",
                "Bộ Thông tin và Truyền thông",
                "Ministry of Information and Communications",
                "bo-tttt",
                None,
            ),
            org(
                "vu-buu-chinh",
                "Vụ Bưu chính",
                "Postal Department",
                "bo-tttt",
                Some("bo-tttt"),
            ),
            org(
                "trung-tam-chung-thuc",
                "Trung tâm Chứng thực điện tử quốc gia",
                "National Electronic Authentication Centre",
                "bo-tttt",
                Some("bo-tttt"),
            ),
            org("postmart", "Postmart", "Postmart", "bo-tttt", None),
            org(
                "doan-tncs",
                "Trung ương Đoàn TNCS Hồ Chí Minh",
                "Ho Chi Minh Communist Youth Union",
                "doan",
                None,
            ),
        ],
        activities: vec![
            activity(
                "mua-sam-truc-tuyen",
                t("Thúc đẩy mua sắm trực tuyến", "Promote online shopping"),
                t(
                    "Phát động mua sắm trên sàn Postmart, Vỏ sò",
                    "Shopping on Postmart and Vỏ sò",
                ),
                "bo-tttt",
                Some("vu-buu-chinh"),
                &["postmart"],
                vec![october_1_10.clone(), all_october],
            ),
            activity(
                "chu-ky-so",
                t(
                    "Thúc đẩy dịch vụ chứng thực chữ ký số",
                    "Promote digital signature services",
                ),
                t(
                    "Chính sách ưu đãi, khuyến khích đăng ký chữ ký số",
                    "Offers, to encourage sign-ups",
                ),
                "bo-tttt",
                Some("trung-tam-chung-thuc"),
                &[],
                vec![october_1_10],
            ),
            activity(
                "doan-thanh-nien",
                t("Hoạt động hưởng ứng của thanh niên", "Youth activities"),
                t(
                    "Thanh niên tình nguyện hướng dẫn người dân",
                    "Young volunteers help people",
                ),
                "doan",
                Some("doan-tncs"),
                &[],
                vec![],
            ),
            activity(
                "ky-nang-thanh-nien",
                t("Phổ cập kỹ năng cho thanh niên", "Skills for young people"),
                t("Tập huấn kỹ năng", "Skills training"),
                "doan",
                Some("doan-tncs"),
                &[],
                vec![],
            ),
            activity(
                "ke-hoach-dia-phuong",
                t("Xây dựng kế hoạch của tỉnh", "Provincial plans"),
                t(
                    "Giao sở chuyên ngành xây dựng kế hoạch",
                    "A department drafts the plan",
                ),
                "dia-phuong",
                None,
                &[],
                vec![],
            ),
        ],
    }
}
