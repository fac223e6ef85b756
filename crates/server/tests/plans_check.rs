//! `dxday-server plans check`, as an editor publishing a year's plan runs it.

mod common;

use std::process::Command;

fn check(files: &[&std::path::Path]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_dxday-server"))
        .args(["plans", "check"])
        .args(files)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_published_plan_passes() {
    let mut files: Vec<_> = std::fs::read_dir(common::plans_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 4, "{files:?}");
    let refs: Vec<&std::path::Path> = files.iter().map(|p| p.as_path()).collect();
    let (ok, report) = check(&refs);
    assert!(ok, "{report}");
    for file in &files {
        let year = file.file_stem().unwrap().to_str().unwrap();
        assert!(
            report.contains(&format!("đạt: kế hoạch năm {year},")),
            "{year}: {report}"
        );
    }
}

#[test]
fn a_damaged_plan_is_refused_with_each_problem_at_its_path_and_line() {
    let original = std::fs::read_to_string(common::plans_dir().join("2024.json")).unwrap();
    let mut plan: serde_json::Value = serde_json::from_str(&original).unwrap();
    // A citation of a source that is not listed, an activity in a group that does not
    // exist, and a source address that is no web page.
    plan["activities"][1]["cites"] = serde_json::json!(["khong-co-nguon-nay"]);
    plan["activities"][2]["group"] = serde_json::json!("nhom-khong-co");
    plan["sources"][0]["url"] = serde_json::json!("ftp://example.vn/ke-hoach");
    let text = serde_json::to_string_pretty(&plan).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2024.json");
    std::fs::write(&file, &text).unwrap();
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    let (ok, report) = check(&[&file]);
    assert!(!ok, "{report}");
    let name = file.display().to_string();
    for (path, needle, words) in [
        (
            "activities[1].cites[0]",
            "\"khong-co-nguon-nay\"",
            "không có trong danh sách nguồn",
        ),
        (
            "activities[2].group",
            "\"nhom-khong-co\"",
            "không có trong danh sách nhóm",
        ),
        (
            "sources[0].url",
            "ftp://example.vn",
            "http:// hoặc https://",
        ),
    ] {
        let expected = format!("{name}:{}: {path}: ", line_of(needle));
        let line = report
            .lines()
            .find(|l| l.starts_with(&expected))
            .unwrap_or_else(|| panic!("no line {expected} in\n{report}"));
        assert!(line.contains(words), "{line}");
    }
    // Broken JSON: where it broke.
    std::fs::write(&file, "{\n  \"schema_version\": 1,\n  \"year\": 2024,\n}").unwrap();
    let (ok, report) = check(&[&file]);
    assert!(!ok);
    assert!(
        report.starts_with(&format!("{name}:4:1: JSON sai cú pháp")),
        "{report}"
    );
    // A plan filed under another year's name.
    let misnamed = dir.path().join("2023.json");
    std::fs::write(&misnamed, &original).unwrap();
    let (ok, report) = check(&[&misnamed]);
    assert!(!ok);
    assert!(report.contains("tên tệp là 2023.json"), "{report}");
}
