//! The plan files in `data/plans` as a citizen meets them: every file loads and passes the
//! checks (every fact cites a source the file lists), the 2022 plan shows what the
//! Ministry's plan says, and a damaged file is refused with the place of the damage.

use chrono::NaiveDate;
use dxday_core::load::{PlanError, codes, parse_plan};
use dxday_core::locate::line_of;
use dxday_core::model::{ActivityKind, Plan, Source, WindowKind};
use dxday_core::{Filter, Index};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// The repository's `data/plans`, found when the test runs (cargo sets `CARGO_MANIFEST_DIR`
/// then too): a test binary built from another checkout that shares the target folder, and
/// found up to date by cargo, must read this checkout's files, not that one's.
fn plans_dir() -> std::path::PathBuf {
    let crate_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo test");
    std::path::PathBuf::from(crate_dir).join("../../data/plans")
}

/// Every `*.json` in `data/plans`, sorted, with its year as written in the file name.
fn plan_files() -> Vec<(String, PathBuf)> {
    let mut files: Vec<(String, PathBuf)> = fs::read_dir(plans_dir())
        .expect("data/plans can be read")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a file name in UTF-8")
                .to_owned();
            (stem, path)
        })
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> Plan {
    let json = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    dxday_core::load::parse_plan(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn plan_2022() -> Plan {
    load(&plans_dir().join("2022.json"))
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, m, d).expect("a real date")
}

/// The ids of the activities a filter shows, in the order shown.
fn shown(plan: &Plan, filter: &Filter) -> Vec<String> {
    Index::new(plan)
        .search(plan, filter)
        .matches
        .iter()
        .map(|&i| plan.activities[i].id.clone())
        .collect()
}

#[test]
fn every_plan_file_loads_passes_the_checks_and_is_named_after_its_year() {
    let files = plan_files();
    assert!(
        files.iter().any(|(name, _)| name == "2022"),
        "data/plans/2022.json is missing: {files:?}"
    );
    for (name, path) in files {
        let plan = load(&path);
        assert_eq!(
            plan.year.to_string(),
            name,
            "{} holds another year",
            path.display()
        );
    }
}

#[test]
fn there_is_a_plan_file_for_each_year_from_2022_to_2025() {
    let years: Vec<String> = plan_files().into_iter().map(|(name, _)| name).collect();
    for year in ["2022", "2023", "2024", "2025"] {
        assert!(years.iter().any(|y| y == year), "{year} missing: {years:?}");
    }
}

#[test]
fn every_fact_of_every_plan_file_cites_a_listed_web_page_and_every_page_is_cited() {
    for (name, path) in plan_files() {
        let plan = load(&path);
        assert!(!plan.sources.is_empty(), "{name} lists no sources");
        for source in &plan.sources {
            assert!(
                source.url.starts_with("https://") || source.url.starts_with("http://"),
                "{name}: {}",
                source.url
            );
        }
        let cited = |ids: &[String]| {
            assert!(!ids.is_empty(), "{name}: a fact without a source");
            for id in ids {
                assert!(plan.reference(id).is_some(), "{name} cites unknown {id}");
            }
        };
        cited(&plan.cites.name);
        cited(&plan.cites.theme);
        plan.legal_basis.iter().for_each(|d| cited(&d.cites));
        plan.key_dates.iter().for_each(|k| cited(&k.cites));
        plan.groups.iter().for_each(|g| cited(&g.cites));
        plan.organizations.iter().for_each(|o| cited(&o.cites));
        for a in &plan.activities {
            cited(&a.cites);
            let Source::Plan { document } = &a.source else {
                panic!("{name}: {} is not from the plan", a.id);
            };
            assert!(plan.document(document).is_some(), "{name}: {document}");
        }
    }
}

#[test]
fn a_synthetic_plan_built_on_any_plan_file_still_passes_the_checks() {
    // The benchmarks serve such plans, and the server loads them with the same checks.
    for (name, path) in plan_files() {
        let synthetic = dxday_core::synth::plan(&load(&path), 40, 7);
        assert_eq!(dxday_core::load::check(&synthetic), [], "{name}");
    }
}

#[test]
fn each_years_lead_ministry_is_the_one_of_that_year() {
    let names = |year: &str| -> Vec<String> {
        load(&plans_dir().join(format!("{year}.json")))
            .organizations
            .iter()
            .map(|o| o.name.vi.clone())
            .collect()
    };
    for year in ["2022", "2023", "2024"] {
        let names = names(year);
        assert!(
            names.iter().any(|n| n == "Bộ Thông tin và Truyền thông"),
            "{year}: {names:?}"
        );
        assert!(
            !names.iter().any(|n| n == "Bộ Khoa học và Công nghệ"),
            "{year}"
        );
    }
    let names = names("2025");
    assert!(
        names.iter().any(|n| n == "Bộ Khoa học và Công nghệ"),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n == "Bộ Thông tin và Truyền thông"));
}

/// The 2022 file as a JSON value, to damage.
fn plan_2022_value() -> Value {
    serde_json::from_str(&fs::read_to_string(plans_dir().join("2022.json")).unwrap()).unwrap()
}

/// The problems of a damaged file, as (code, path, line of the path in the text).
fn problems_of(value: &Value) -> Vec<(&'static str, String, Option<usize>)> {
    let text = serde_json::to_string_pretty(value).unwrap();
    match parse_plan(&text) {
        Err(PlanError::Inconsistent(problems)) => problems
            .into_iter()
            .map(|p| {
                let line = line_of(&text, &p.path);
                (p.code, p.path, line)
            })
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

/// The line of the first occurrence of `needle` in the pretty-printed `value`.
fn line_with(value: &Value, needle: &str) -> usize {
    let text = serde_json::to_string_pretty(value).unwrap();
    text.lines().position(|l| l.contains(needle)).expect(needle) + 1
}

/// The line that opens the object holding the first occurrence of `needle`.
fn line_opening(value: &Value, needle: &str) -> usize {
    let text = serde_json::to_string_pretty(value).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let at = line_with(value, needle) - 1;
    (0..at)
        .rev()
        .find(|&i| lines[i].trim_end().ends_with('{'))
        .expect("an opening brace")
        + 1
}

#[test]
fn a_file_citing_a_source_it_does_not_list_is_refused_at_that_citation() {
    let mut value = plan_2022_value();
    value["activities"][3]["cites"][0] = "bao-khong-co".into();
    let line = line_with(&value, "\"bao-khong-co\"");
    assert_eq!(
        problems_of(&value),
        [(
            codes::UNKNOWN_SOURCE,
            "activities[3].cites[0]".to_owned(),
            Some(line)
        )]
    );
}

#[test]
fn a_file_listing_a_source_nothing_cites_is_refused_at_that_source() {
    let mut value = plan_2022_value();
    let mut extra = value["sources"][0].clone();
    extra["id"] = "bao-thua".into();
    value["sources"].as_array_mut().unwrap().push(extra);
    let line = line_opening(&value, "\"bao-thua\"");
    assert_eq!(
        problems_of(&value),
        [(codes::UNUSED_SOURCE, "sources[2]".to_owned(), Some(line))]
    );
}

#[test]
fn a_file_with_a_source_that_is_not_a_web_address_is_refused_at_its_url() {
    let mut value = plan_2022_value();
    value["sources"][1]["url"] = "ftp://anninhthudo.vn/bai-viet".into();
    let line = line_with(&value, "ftp://");
    assert_eq!(
        problems_of(&value),
        [(codes::BAD_URL, "sources[1].url".to_owned(), Some(line))]
    );
}

#[test]
fn a_file_with_an_activity_that_cites_nothing_is_refused_at_that_activity() {
    let mut value = plan_2022_value();
    value["activities"][5]
        .as_object_mut()
        .unwrap()
        .remove("cites");
    let problems = problems_of(&value);
    assert_eq!(problems.len(), 1, "{problems:?}");
    let (code, path, line) = &problems[0];
    assert_eq!(
        (*code, path.as_str()),
        (codes::UNCITED, "activities[5].cites")
    );
    // The field is not there: the editor is sent to the activity that lacks it.
    let id = value["activities"][5]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        *line,
        Some(line_opening(&value, &format!("\"id\": \"{id}\"")))
    );
}

#[test]
fn the_2022_plan_shows_its_eight_organizer_groups_in_the_plans_order() {
    let plan = plan_2022();
    let groups: Vec<&str> = plan.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(
        groups,
        [
            "bo-tttt",
            "bo-nganh",
            "doan-thanh-nien",
            "dia-phuong",
            "hoi-hiep-hoi",
            "doanh-nghiep",
            "cong-dong",
            "truyen-thong",
        ]
    );
    assert_eq!(plan.day, day(10, 10));
}

#[test]
fn the_postal_department_works_with_postmart_and_vo_so_from_1_to_10_october_or_all_october() {
    let plan = plan_2022();
    let activity = plan
        .activities
        .iter()
        .find(|a| a.lead.as_deref() == Some("vu-buu-chinh"))
        .expect("an activity led by Vụ Bưu chính");
    let partners: Vec<&str> = activity
        .partners
        .iter()
        .map(|id| {
            plan.organization(id)
                .expect("a known partner")
                .name
                .vi
                .as_str()
        })
        .collect();
    assert_eq!(
        partners,
        [
            "Sàn thương mại điện tử Postmart",
            "Sàn thương mại điện tử Vỏ sò"
        ]
    );
    let windows: Vec<(NaiveDate, NaiveDate, WindowKind)> = activity
        .windows
        .iter()
        .map(|w| (w.start, w.end, w.kind))
        .collect();
    assert_eq!(
        windows,
        [
            (day(10, 1), day(10, 10), WindowKind::Primary),
            (day(10, 1), day(10, 31), WindowKind::Alternative),
        ]
    );
}

#[test]
fn searching_chu_ky_so_without_accents_finds_the_digital_signature_activity() {
    let plan = plan_2022();
    let found = shown(
        &plan,
        &Filter {
            q: "chu ky so".into(),
            ..Default::default()
        },
    );
    assert!(
        found.iter().any(|id| id == "chung-thuc-chu-ky-so"),
        "{found:?}"
    );
}

#[test]
fn filtering_by_the_ministry_includes_the_activities_of_its_units() {
    let plan = plan_2022();
    let found = shown(
        &plan,
        &Filter {
            orgs: vec!["bo-tttt".into()],
            ..Default::default()
        },
    );
    for unit_activity in [
        "mua-sam-truc-tuyen-postmart-vo-so",
        "chung-thuc-chu-ky-so",
        "sang-kien-cong-dong-vietnamnet",
    ] {
        assert!(
            found.iter().any(|id| id == unit_activity),
            "{unit_activity} missing from {found:?}"
        );
    }
}

#[test]
fn on_20_october_only_the_two_activities_allowed_all_october_are_running() {
    let plan = plan_2022();
    let found = shown(
        &plan,
        &Filter {
            from: Some(day(10, 20)),
            to: Some(day(10, 20)),
            ..Default::default()
        },
    );
    assert_eq!(
        found,
        ["mua-sam-truc-tuyen-postmart-vo-so", "chung-thuc-chu-ky-so"]
    );
}

#[test]
fn requests_without_a_date_in_the_plan_are_shown_as_undated() {
    let plan = plan_2022();
    let undated: Vec<&str> = plan
        .activities
        .iter()
        .filter(|a| !a.is_dated())
        .map(|a| a.id.as_str())
        .collect();
    for id in [
        "ke-hoach-rieng-bo-nganh",
        "chon-ngay-10-10-dia-phuong",
        "truyen-thong-thiet-thuc",
    ] {
        assert!(undated.contains(&id), "{id} should be undated: {undated:?}");
    }
    for id in &undated {
        let activity = plan.activity(id).expect("listed");
        assert!(activity.windows.is_empty());
        assert_eq!(activity.first_day(), None);
    }
    // A date filter hides them rather than guessing a date.
    let on_the_day = shown(
        &plan,
        &Filter {
            from: Some(day(10, 10)),
            to: Some(day(10, 10)),
            ..Default::default()
        },
    );
    assert!(undated.iter().all(|id| !on_the_day.iter().any(|f| f == id)));
}

#[test]
fn the_community_group_waits_for_moderated_initiatives_and_communication_has_its_rule() {
    let plan = plan_2022();
    assert!(plan.activities.iter().all(|a| a.group != "cong-dong"));
    let communication = plan
        .activity("truyen-thong-thiet-thuc")
        .expect("the communication rule");
    assert_eq!(communication.group, "truyen-thong");
    assert_eq!(communication.kind, ActivityKind::Communication);
    assert_eq!(communication.lead, None);
}
