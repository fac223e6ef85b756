//! `dxday-server plans check FILE…`: what an editor runs before publishing a year's plan.
//! Each problem is printed on a line of its own, in Vietnamese, as `FILE:LINE: PATH: what
//! is wrong`, so that an editor's text editor can jump to it. The checks are dxday-core's
//! own (`dxday_core::load::check`), the ones the server runs when it starts: a file that
//! passes here is one the server will serve.

use dxday_core::load::{Problem, check};
use dxday_core::locate::line_of;
use dxday_core::model::SCHEMA_VERSION;
use dxday_core::{Lang, Plan};
use std::path::Path;

/// The report on `files`, and whether every one passed.
pub fn check_files(files: &[impl AsRef<Path>]) -> (String, bool) {
    let mut out = String::new();
    let mut all_ok = true;
    for file in files {
        let file = file.as_ref();
        let name = file.display().to_string();
        let lines = match std::fs::read_to_string(file) {
            Ok(text) => check_text(&name, file_year(file), &text),
            Err(e) => Err(vec![format!("{name}: không đọc được tệp ({e}).")]),
        };
        match lines {
            Ok(summary) => out.push_str(&format!("{name}: {summary}\n")),
            Err(problems) => {
                all_ok = false;
                for line in problems {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
    }
    (out, all_ok)
}

/// The year a file's name says (`2024.json`), which the app and the service worker fetch
/// it by.
fn file_year(file: &Path) -> Option<i32> {
    file.file_stem()?.to_str()?.parse().ok()
}

/// A summary of a good plan, or one line per problem.
fn check_text(name: &str, named_year: Option<i32>, text: &str) -> Result<String, Vec<String>> {
    let plan: Plan = serde_json::from_str(text).map_err(|e| vec![syntax(name, &e)])?;
    let at = |path: &str| line_of(text, path).unwrap_or(1);
    let mut problems = Vec::new();
    if plan.schema_version != SCHEMA_VERSION {
        problems.push(format!(
            "{name}:{}: schema_version: tệp viết theo định dạng phiên bản {}, chương trình đọc phiên bản {SCHEMA_VERSION}.",
            at("schema_version"),
            plan.schema_version
        ));
    }
    if let Some(named) = named_year
        && named != plan.year
    {
        problems.push(format!(
            "{name}:{}: year: năm của kế hoạch là {}, nhưng tên tệp là {named}.json; ứng dụng tìm kế hoạch năm {} ở tệp {}.json.",
            at("year"),
            plan.year,
            plan.year,
            plan.year
        ));
    }
    problems.extend(check(&plan).iter().map(|p: &Problem| {
        format!(
            "{name}:{}: {}: {}",
            at(&p.path),
            p.path,
            p.message(Lang::Vi)
        )
    }));
    if problems.is_empty() {
        Ok(format!(
            "đạt: kế hoạch năm {}, {} hoạt động, {} tổ chức, {} nguồn.",
            plan.year,
            plan.activities.len(),
            plan.organizations.len(),
            plan.sources.len()
        ))
    } else {
        Err(problems)
    }
}

/// A file that is not JSON of a plan's shape, where serde stopped reading it.
fn syntax(name: &str, e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "JSON sai cú pháp",
        Category::Eof => "tệp kết thúc khi nội dung chưa đóng",
        Category::Data => "một trường thiếu hoặc có giá trị không đúng kiểu",
        Category::Io => "không đọc được tệp",
    };
    // serde's own words name the field and the type expected; they are kept, in brackets.
    let detail = e.to_string();
    let detail = detail
        .rsplit_once(" at line ")
        .map_or(detail.as_str(), |(before, _)| before);
    format!("{name}:{}:{}: {what} ({detail}).", e.line(), e.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_named_for_another_year_is_a_problem() {
        let plan = dxday_core::testing::sample_plan();
        let text = serde_json::to_string_pretty(&plan).unwrap();
        let wrong = plan.year + 1;
        let problems = check_text("x.json", Some(wrong), &text).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains(&format!("tên tệp là {wrong}.json")));
        assert!(check_text("x.json", Some(plan.year), &text).is_ok());
    }

    #[test]
    fn broken_json_is_placed_at_its_line_and_column() {
        let line = check_text("x.json", None, "{\n  \"year\": 2024,\n  oops\n}").unwrap_err();
        assert_eq!(line.len(), 1);
        assert!(
            line[0].starts_with("x.json:3:3: JSON sai cú pháp"),
            "{line:?}"
        );
    }
}
