//! CSV and JSON exports of exactly the activities a person sees.

use crate::dates::display;
use crate::model::{Activity, Lang, Plan, WindowKind};
use serde::Serialize;

/// Writes a CSV that Excel opens with Vietnamese intact: UTF-8 with a byte-order mark,
/// CRLF line ends, every field quoted where needed.
pub fn csv<'a>(
    plan: &Plan,
    activities: impl IntoIterator<Item = &'a Activity>,
    lang: Lang,
) -> String {
    let headers: [&str; 9] = match lang {
        Lang::Vi => [
            "Mã",
            "Hoạt động",
            "Nhóm",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian",
            "Thời gian thay thế",
            "Nội dung",
            "Nguồn",
        ],
        Lang::En => [
            "ID",
            "Activity",
            "Group",
            "Lead",
            "Partners",
            "When",
            "Alternative dates",
            "Summary",
            "Source",
        ],
    };
    let mut out = String::from('\u{FEFF}');
    push_row(&mut out, headers.iter().map(|h| (*h).to_owned()));
    for a in activities {
        let org = |id: &String| {
            plan.organization(id)
                .map(|o| o.name.get(lang).to_owned())
                .unwrap_or_else(|| id.clone())
        };
        let windows = |kind: WindowKind| {
            a.windows
                .iter()
                .filter(|w| w.kind == kind)
                .map(|w| format!("{} – {}", display(w.start, lang), display(w.end, lang)))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let source = match &a.source {
            crate::model::Source::Plan { document } => plan
                .document(document)
                .map(|d| d.title.get(lang).to_owned())
                .unwrap_or_else(|| document.clone()),
            crate::model::Source::Initiative { .. } => match lang {
                Lang::Vi => "Sáng kiến cộng đồng".to_owned(),
                Lang::En => "Community initiative".to_owned(),
            },
        };
        push_row(
            &mut out,
            [
                a.id.clone(),
                a.title.get(lang).to_owned(),
                plan.group(&a.group)
                    .map(|g| g.name.get(lang).to_owned())
                    .unwrap_or_default(),
                a.lead.as_ref().map(org).unwrap_or_default(),
                a.partners.iter().map(org).collect::<Vec<_>>().join("; "),
                windows(WindowKind::Primary),
                windows(WindowKind::Alternative),
                a.summary.get(lang).to_owned(),
                source,
            ]
            .into_iter(),
        );
    }
    out
}

fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(&field));
    }
    out.push_str("\r\n");
}

/// Quotes a field where needed, and defuses text a spreadsheet would run as a formula.
pub fn csv_field(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The JSON export: the plan's year, the link that reproduces the view, and the activities.
#[derive(Serialize)]
pub struct JsonExport<'a> {
    /// Plan year.
    pub year: i32,
    /// The explorer query string of the exported view.
    pub query: String,
    /// The activities, as in the plan file.
    pub activities: Vec<&'a Activity>,
}

impl<'a> JsonExport<'a> {
    /// The export of `activities` of `plan`, shown by the explorer query `query`.
    pub fn new(
        plan: &Plan,
        activities: impl IntoIterator<Item = &'a Activity>,
        query: String,
    ) -> JsonExport<'a> {
        JsonExport {
            year: plan.year,
            query,
            activities: activities.into_iter().collect(),
        }
    }
}

/// Writes the JSON export, indented by two spaces (the app writes the same [`JsonExport`]
/// with the browser's `JSON.stringify`, which indents alike).
pub fn json<'a>(
    plan: &Plan,
    activities: impl IntoIterator<Item = &'a Activity>,
    query: String,
) -> String {
    serde_json::to_string_pretty(&JsonExport::new(plan, activities, query)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;

    #[test]
    fn csv_starts_with_a_bom_and_keeps_vietnamese() {
        let plan = sample_plan();
        let text = csv(&plan, &plan.activities, Lang::Vi);
        assert!(text.starts_with("\u{FEFF}Mã,Hoạt động,"));
        assert!(text.contains("Thúc đẩy dịch vụ chứng thực chữ ký số"));
        assert_eq!(text.matches("\r\n").count(), plan.activities.len() + 1);
    }

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-1"), "'-1");
    }

    #[test]
    fn json_export_lists_exactly_the_given_activities() {
        let plan = sample_plan();
        let text = json(&plan, plan.activities.iter().take(2), "q=x".into());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["activities"].as_array().unwrap().len(), 2);
        assert_eq!(value["query"], "q=x");
    }
}
