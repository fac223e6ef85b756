//! Synthetic plans of any size, for benchmarks: the real plan's groups and organizations,
//! with generated activities that look like real ones (Vietnamese text, windows in autumn).

use crate::model::{Activity, ActivityKind, Plan, Source, Text, Window, WindowKind};
use chrono::{Days, NaiveDate};

const VERBS: [(&str, &str); 8] = [
    ("Phát động", "Launch"),
    ("Thúc đẩy", "Promote"),
    ("Hướng dẫn", "Guide people through"),
    ("Phổ cập", "Popularise"),
    ("Tập huấn", "Train people in"),
    ("Quảng bá", "Publicise"),
    ("Hỗ trợ", "Support"),
    ("Tổ chức", "Hold"),
];

const TOPICS: [(&str, &str); 10] = [
    ("chữ ký số", "digital signatures"),
    ("thanh toán không dùng tiền mặt", "cashless payment"),
    ("dịch vụ công trực tuyến", "online public services"),
    ("kỹ năng số", "digital skills"),
    ("mua sắm trực tuyến", "online shopping"),
    ("định danh điện tử", "electronic identification"),
    ("an toàn thông tin", "information security"),
    ("sàn thương mại điện tử", "e-commerce platforms"),
    ("nền tảng số", "digital platforms"),
    ("hồ sơ sức khỏe điện tử", "electronic health records"),
];

const PLACES: [(&str, &str); 6] = [
    ("cho người cao tuổi", "for older people"),
    ("tại xã, phường", "in communes and wards"),
    ("cho hộ kinh doanh", "for household businesses"),
    ("trong trường học", "in schools"),
    ("cho nông dân", "for farmers"),
    ("tại bưu cục", "at post offices"),
];

/// A small, fast, deterministic generator (xorshift64*), so runs can be compared.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// `base` with its activities replaced by `count` generated ones. Each cites the sources
/// of a base activity in turn, and the first cites all of them, so that no source of the
/// base is left uncited and the plan still passes the loader's checks.
pub fn plan(base: &Plan, count: usize, seed: u64) -> Plan {
    let mut rng = Rng(seed | 1);
    let mut plan = base.clone();
    let mut all_cites: Vec<String> = Vec::new();
    for id in base.activities.iter().flat_map(|a| &a.cites) {
        if !all_cites.contains(id) {
            all_cites.push(id.clone());
        }
    }
    let fallback: Vec<String> = base.sources.iter().take(1).map(|s| s.id.clone()).collect();
    let cites_of = |i: usize| -> Vec<String> {
        let template = (!base.activities.is_empty())
            .then(|| &base.activities[i % base.activities.len()].cites)
            .filter(|c| !c.is_empty());
        match (i, template) {
            (0, _) if !all_cites.is_empty() => all_cites.clone(),
            (_, Some(cites)) => cites.clone(),
            _ => fallback.clone(),
        }
    };
    let start_of_autumn = NaiveDate::from_ymd_opt(base.year, 9, 1).unwrap_or(base.day);
    let document = base
        .legal_basis
        .last()
        .map(|d| d.id.clone())
        .unwrap_or_default();
    plan.activities = (0..count)
        .map(|i| {
            let verb = VERBS[rng.below(VERBS.len())];
            let topic = TOPICS[rng.below(TOPICS.len())];
            let place = PLACES[rng.below(PLACES.len())];
            let lead = (!base.organizations.is_empty())
                .then(|| &base.organizations[rng.below(base.organizations.len())]);
            let group = lead
                .map(|o| o.group.clone())
                .or_else(|| base.groups.first().map(|g| g.id.clone()))
                .unwrap_or_default();
            let windows = if rng.below(10) == 0 {
                Vec::new()
            } else {
                let start = start_of_autumn + Days::new(rng.below(75) as u64);
                let end = start + Days::new(rng.below(20) as u64);
                vec![Window {
                    start,
                    end,
                    kind: WindowKind::Primary,
                }]
            };
            Activity {
                id: format!("synth-{i}"),
                title: Text {
                    vi: format!("{} {} {}", verb.0, topic.0, place.0),
                    en: format!("{} {} {}", verb.1, topic.1, place.1),
                },
                summary: Text {
                    vi: format!(
                        "Hoạt động số {i}: {} {} {}.",
                        verb.0.to_lowercase(),
                        topic.0,
                        place.0
                    ),
                    en: format!(
                        "Activity {i}: {} {} {}.",
                        verb.1.to_lowercase(),
                        topic.1,
                        place.1
                    ),
                },
                group,
                lead: lead.map(|o| o.id.clone()),
                partners: Vec::new(),
                windows,
                kind: ActivityKind::Initiative,
                source: Source::Plan {
                    document: document.clone(),
                },
                cites: cites_of(i),
            }
        })
        .collect();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::check;
    use crate::testing::sample_plan;

    #[test]
    fn a_generated_plan_has_the_size_asked_and_holds_together() {
        let plan = plan(&sample_plan(), 1000, 7);
        assert_eq!(plan.activities.len(), 1000);
        assert_eq!(check(&plan), Vec::new());
    }

    #[test]
    fn the_same_seed_gives_the_same_plan() {
        assert_eq!(plan(&sample_plan(), 50, 3), plan(&sample_plan(), 50, 3));
    }
}
