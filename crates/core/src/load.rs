//! Reading a plan file and checking that it holds together: every reference points at
//! something, and every fact names the public source it comes from.
//!
//! A problem is named by the JSON path of the value at fault (`activities[3].cites[0]`) and
//! a stable code from [`codes`], so that a tool can say it in Vietnamese and, with
//! [`crate::locate::line_of`], on which line of the file.

use crate::model::{Lang, Plan, SCHEMA_VERSION, Source};
use chrono::Datelike;
use std::collections::HashSet;
use std::fmt;

/// The stable codes of [`Problem`]s.
pub mod codes {
    /// Two items of one list share an id.
    pub const DUPLICATE_ID: &str = "duplicate_id";
    /// An id that is not lower-case ASCII letters, digits and hyphens.
    pub const NOT_A_SLUG: &str = "not_a_slug";
    /// A group id that is not in `groups`.
    pub const UNKNOWN_GROUP: &str = "unknown_group";
    /// An organization id that is not in `organizations`.
    pub const UNKNOWN_ORGANIZATION: &str = "unknown_organization";
    /// A parent that is not in `organizations`.
    pub const UNKNOWN_PARENT: &str = "unknown_parent";
    /// An organization that is, through its parents, a unit of itself.
    pub const OWN_ANCESTOR: &str = "own_ancestor";
    /// An activity's document that is not in `legal_basis`.
    pub const UNKNOWN_DOCUMENT: &str = "unknown_document";
    /// A window that ends before it starts.
    pub const WINDOW_REVERSED: &str = "window_reversed";
    /// A text missing in Vietnamese or in English, or a source without title or publisher.
    pub const MISSING_TEXT: &str = "missing_text";
    /// A cited id that is not in `sources`.
    pub const UNKNOWN_SOURCE: &str = "unknown_source";
    /// A source that nothing cites.
    pub const UNUSED_SOURCE: &str = "unused_source";
    /// A source whose address is not a public `http` or `https` one.
    pub const BAD_URL: &str = "bad_url";
    /// A fact that cites no source.
    pub const UNCITED: &str = "uncited";
    /// The day is not in the plan's year.
    pub const DAY_OUTSIDE_YEAR: &str = "day_outside_year";
}

use codes::*;

/// Every code [`check`] can report.
pub const PROBLEM_CODES: &[&str] = &[
    DUPLICATE_ID,
    NOT_A_SLUG,
    UNKNOWN_GROUP,
    UNKNOWN_ORGANIZATION,
    UNKNOWN_PARENT,
    OWN_ANCESTOR,
    UNKNOWN_DOCUMENT,
    WINDOW_REVERSED,
    MISSING_TEXT,
    UNKNOWN_SOURCE,
    UNUSED_SOURCE,
    BAD_URL,
    UNCITED,
    DAY_OUTSIDE_YEAR,
];

/// One thing wrong with a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The JSON path of the value at fault, e.g. `activities[3].cites[0]`; for a value that
    /// is missing, the path it should have (`activities[3].cites`).
    pub path: String,
    /// One of [`codes`].
    pub code: &'static str,
    /// The id, address or date at fault; empty where there is none to show.
    pub value: String,
}

impl Problem {
    fn new(path: impl Into<String>, code: &'static str, value: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            code,
            value: value.into(),
        }
    }

    /// What is wrong, said to the editor of the file in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let v = &self.value;
        match (lang, self.code) {
            (Lang::Vi, DUPLICATE_ID) => format!("Mã “{v}” bị trùng trong cùng danh sách."),
            (Lang::Vi, NOT_A_SLUG) => format!(
                "Mã “{v}” không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang."
            ),
            (Lang::Vi, UNKNOWN_GROUP) => {
                format!("Nhóm “{v}” không có trong danh sách nhóm (groups).")
            }
            (Lang::Vi, UNKNOWN_ORGANIZATION) => {
                format!("Tổ chức “{v}” không có trong danh sách tổ chức (organizations).")
            }
            (Lang::Vi, UNKNOWN_PARENT) => {
                format!("Đơn vị cấp trên “{v}” không có trong danh sách tổ chức (organizations).")
            }
            (Lang::Vi, OWN_ANCESTOR) => {
                format!(
                    "Tổ chức “{v}” lại là cấp trên của chính mình (quan hệ cấp trên khép vòng)."
                )
            }
            (Lang::Vi, UNKNOWN_DOCUMENT) => {
                format!("Văn bản “{v}” không có trong căn cứ (legal_basis).")
            }
            (Lang::Vi, WINDOW_REVERSED) => {
                "Khoảng thời gian có ngày kết thúc trước ngày bắt đầu.".to_owned()
            }
            (Lang::Vi, MISSING_TEXT) => {
                "Thiếu nội dung (bản tiếng Việt, bản tiếng Anh, tiêu đề hoặc cơ quan đăng tải)."
                    .to_owned()
            }
            (Lang::Vi, UNKNOWN_SOURCE) => {
                format!("Nguồn “{v}” không có trong danh sách nguồn (sources).")
            }
            (Lang::Vi, UNUSED_SOURCE) => {
                format!("Nguồn “{v}” không được nội dung nào dẫn (cites); cần dẫn hoặc bỏ nguồn.")
            }
            (Lang::Vi, BAD_URL) => format!(
                "Địa chỉ “{v}” không phải địa chỉ trang web công khai bắt đầu bằng http:// hoặc https://."
            ),
            (Lang::Vi, UNCITED) => {
                "Nội dung chưa dẫn nguồn: cần ít nhất một mã nguồn trong cites.".to_owned()
            }
            (Lang::Vi, DAY_OUTSIDE_YEAR) => {
                format!("Ngày {v} không thuộc năm của kế hoạch.")
            }
            (Lang::En, DUPLICATE_ID) => format!("The id “{v}” is used twice in one list."),
            (Lang::En, NOT_A_SLUG) => format!(
                "The id “{v}” is not a slug: use lower-case ASCII letters, digits and hyphens."
            ),
            (Lang::En, UNKNOWN_GROUP) => format!("The group “{v}” is not in groups."),
            (Lang::En, UNKNOWN_ORGANIZATION) => {
                format!("The organization “{v}” is not in organizations.")
            }
            (Lang::En, UNKNOWN_PARENT) => format!("The parent “{v}” is not in organizations."),
            (Lang::En, OWN_ANCESTOR) => {
                format!("The organization “{v}” is its own ancestor (its parents form a loop).")
            }
            (Lang::En, UNKNOWN_DOCUMENT) => format!("The document “{v}” is not in legal_basis."),
            (Lang::En, WINDOW_REVERSED) => "The window ends before it starts.".to_owned(),
            (Lang::En, MISSING_TEXT) => {
                "A text is missing (Vietnamese, English, a title or a publisher).".to_owned()
            }
            (Lang::En, UNKNOWN_SOURCE) => format!("The source “{v}” is not in sources."),
            (Lang::En, UNUSED_SOURCE) => {
                format!("Nothing cites the source “{v}”: cite it or remove it.")
            }
            (Lang::En, BAD_URL) => {
                format!("“{v}” is not the address of a public web page (http:// or https://).")
            }
            (Lang::En, UNCITED) => "This cites no source: add at least one id to cites.".to_owned(),
            (Lang::En, DAY_OUTSIDE_YEAR) => format!("The day {v} is not in the plan's year."),
            (_, code) => format!("{code} {v}"),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message(Lang::En))
    }
}

/// Why a plan file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// Not JSON of the plan's shape (serde's message gives the line and column).
    Syntax(String),
    /// Written for another version of the format.
    SchemaVersion(u32),
    /// Parsed, but something in it does not add up.
    Inconsistent(Vec<Problem>),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Syntax(e) => write!(f, "not a plan file: {e}"),
            PlanError::SchemaVersion(v) => {
                write!(f, "schema version {v}, expected {SCHEMA_VERSION}")
            }
            PlanError::Inconsistent(problems) => {
                let texts: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(f, "{}", texts.join("; "))
            }
        }
    }
}

impl std::error::Error for PlanError {}

/// Parses and checks a plan file.
pub fn parse_plan(json: &str) -> Result<Plan, PlanError> {
    let plan: Plan = serde_json::from_str(json).map_err(|e| PlanError::Syntax(e.to_string()))?;
    accept_plan(plan)
}

/// Checks a plan read by some other JSON reader (the app's is the browser's own): the
/// same checks as [`parse_plan`] after its parsing.
pub fn accept_plan(plan: Plan) -> Result<Plan, PlanError> {
    if plan.schema_version != SCHEMA_VERSION {
        return Err(PlanError::SchemaVersion(plan.schema_version));
    }
    let problems = check(&plan);
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(PlanError::Inconsistent(problems))
    }
}

fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
}

/// Everything wrong with a plan: duplicate ids, references to nothing, reversed windows,
/// cycles among parents, text missing in a language, and facts without a source.
///
/// Which facts must cite a source: the plan's name, and its theme, objectives, principles
/// and focus areas where it has them (in `cites`); every document, key date, group and
/// organization; every activity that comes from the plan (an approved citizen initiative
/// has no source but its author). Every source must be cited at least once.
pub fn check(plan: &Plan) -> Vec<Problem> {
    let mut problems = Vec::new();
    ids(&mut problems, plan);
    references(&mut problems, plan);
    texts(&mut problems, plan);
    citations(&mut problems, plan);
    if plan.day.year() != plan.year {
        problems.push(Problem::new(
            "day",
            DAY_OUTSIDE_YEAR,
            crate::query::iso_date(plan.day),
        ));
    }
    problems
}

/// Ids are slugs, unique within their list.
fn ids(problems: &mut Vec<Problem>, plan: &Plan) {
    let mut unique = |list: &str, ids: Vec<&str>| {
        let mut seen = HashSet::new();
        for (i, id) in ids.into_iter().enumerate() {
            let path = format!("{list}[{i}].id");
            if !seen.insert(id) {
                problems.push(Problem::new(&path, DUPLICATE_ID, id));
            }
            if !is_slug(id) {
                problems.push(Problem::new(&path, NOT_A_SLUG, id));
            }
        }
    };
    unique(
        "groups",
        plan.groups.iter().map(|g| g.id.as_str()).collect(),
    );
    unique(
        "organizations",
        plan.organizations.iter().map(|o| o.id.as_str()).collect(),
    );
    unique(
        "activities",
        plan.activities.iter().map(|a| a.id.as_str()).collect(),
    );
    unique(
        "legal_basis",
        plan.legal_basis.iter().map(|d| d.id.as_str()).collect(),
    );
    unique(
        "sources",
        plan.sources.iter().map(|s| s.id.as_str()).collect(),
    );
}

/// Groups, organizations, parents and documents named are there; windows run forwards.
fn references(problems: &mut Vec<Problem>, plan: &Plan) {
    if let Some(g) = &plan.community_group
        && plan.group(g).is_none()
    {
        problems.push(Problem::new("community_group", UNKNOWN_GROUP, g));
    }
    for (i, o) in plan.organizations.iter().enumerate() {
        if plan.group(&o.group).is_none() {
            problems.push(Problem::new(
                format!("organizations[{i}].group"),
                UNKNOWN_GROUP,
                &o.group,
            ));
        }
        if let Some(p) = &o.parent
            && plan.organization(p).is_none()
        {
            problems.push(Problem::new(
                format!("organizations[{i}].parent"),
                UNKNOWN_PARENT,
                p,
            ));
        }
        // Walk up: a unit may not be its own ancestor.
        let mut current = o.parent.as_deref();
        let mut steps = 0;
        while let Some(id) = current {
            steps += 1;
            if id == o.id || steps > plan.organizations.len() {
                problems.push(Problem::new(
                    format!("organizations[{i}].parent"),
                    OWN_ANCESTOR,
                    &o.id,
                ));
                break;
            }
            current = plan.organization(id).and_then(|x| x.parent.as_deref());
        }
    }
    for (i, a) in plan.activities.iter().enumerate() {
        if plan.group(&a.group).is_none() {
            problems.push(Problem::new(
                format!("activities[{i}].group"),
                UNKNOWN_GROUP,
                &a.group,
            ));
        }
        if let Some(lead) = &a.lead
            && plan.organization(lead).is_none()
        {
            problems.push(Problem::new(
                format!("activities[{i}].lead"),
                UNKNOWN_ORGANIZATION,
                lead,
            ));
        }
        for (j, id) in a.partners.iter().enumerate() {
            if plan.organization(id).is_none() {
                problems.push(Problem::new(
                    format!("activities[{i}].partners[{j}]"),
                    UNKNOWN_ORGANIZATION,
                    id,
                ));
            }
        }
        for (j, w) in a.windows.iter().enumerate() {
            if w.start > w.end {
                problems.push(Problem::new(
                    format!("activities[{i}].windows[{j}]"),
                    WINDOW_REVERSED,
                    format!(
                        "{} – {}",
                        crate::query::iso_date(w.start),
                        crate::query::iso_date(w.end)
                    ),
                ));
            }
        }
        if let Source::Plan { document } = &a.source
            && plan.document(document).is_none()
        {
            problems.push(Problem::new(
                format!("activities[{i}].source.document"),
                UNKNOWN_DOCUMENT,
                document,
            ));
        }
    }
}

/// Names and titles are written in both languages; sources have a title, a publisher and
/// a public address.
fn texts(problems: &mut Vec<Problem>, plan: &Plan) {
    let mut both = |path: String, text: &crate::model::Text| {
        if text.vi.trim().is_empty() || text.en.trim().is_empty() {
            problems.push(Problem::new(path, MISSING_TEXT, ""));
        }
    };
    for (i, o) in plan.organizations.iter().enumerate() {
        both(format!("organizations[{i}].name"), &o.name);
    }
    for (i, g) in plan.groups.iter().enumerate() {
        both(format!("groups[{i}].name"), &g.name);
    }
    for (i, a) in plan.activities.iter().enumerate() {
        both(format!("activities[{i}].title"), &a.title);
        both(format!("activities[{i}].summary"), &a.summary);
    }
    for (i, s) in plan.sources.iter().enumerate() {
        for (field, text) in [("title", &s.title), ("publisher", &s.publisher)] {
            if text.trim().is_empty() {
                problems.push(Problem::new(
                    format!("sources[{i}].{field}"),
                    MISSING_TEXT,
                    "",
                ));
            }
        }
        if !matches!(crate::validate::link(&s.url), Ok(Some(_))) {
            problems.push(Problem::new(format!("sources[{i}].url"), BAD_URL, &s.url));
        }
    }
}

/// Every fact cites a source that is listed, and every listed source is cited.
fn citations(problems: &mut Vec<Problem>, plan: &Plan) {
    let mut used = HashSet::new();
    let mut cited = |path: String, cites: &[String], required: bool| {
        if required && cites.is_empty() {
            problems.push(Problem::new(&path, UNCITED, ""));
        }
        for (j, id) in cites.iter().enumerate() {
            if plan.reference(id).is_some() {
                used.insert(id.clone());
            } else {
                problems.push(Problem::new(format!("{path}[{j}]"), UNKNOWN_SOURCE, id));
            }
        }
    };
    for (field, cites) in plan.cites.fields() {
        let has_content = match field {
            "theme" => !plan.theme.vi.trim().is_empty() || !plan.theme.en.trim().is_empty(),
            "objectives" => !plan.objectives.is_empty(),
            "principles" => !plan.principles.is_empty(),
            "focus_areas" => !plan.focus_areas.is_empty(),
            _ => true,
        };
        cited(format!("cites.{field}"), cites, has_content);
    }
    for (i, d) in plan.legal_basis.iter().enumerate() {
        cited(format!("legal_basis[{i}].cites"), &d.cites, true);
    }
    for (i, k) in plan.key_dates.iter().enumerate() {
        cited(format!("key_dates[{i}].cites"), &k.cites, true);
    }
    for (i, g) in plan.groups.iter().enumerate() {
        cited(format!("groups[{i}].cites"), &g.cites, true);
    }
    for (i, o) in plan.organizations.iter().enumerate() {
        cited(format!("organizations[{i}].cites"), &o.cites, true);
    }
    for (i, a) in plan.activities.iter().enumerate() {
        let from_plan = matches!(a.source, Source::Plan { .. });
        cited(format!("activities[{i}].cites"), &a.cites, from_plan);
    }
    for (i, s) in plan.sources.iter().enumerate() {
        if !used.contains(s.id.as_str()) {
            problems.push(Problem::new(format!("sources[{i}]"), UNUSED_SOURCE, &s.id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Reference;
    use crate::testing::sample_plan;

    /// The codes and paths of a plan's problems, for comparing.
    fn found(plan: &Plan) -> Vec<(&'static str, String)> {
        check(plan).into_iter().map(|p| (p.code, p.path)).collect()
    }

    #[test]
    fn the_sample_plan_is_consistent() {
        assert_eq!(check(&sample_plan()), Vec::<Problem>::new());
    }

    #[test]
    fn a_dangling_reference_is_reported_at_its_path() {
        let mut plan = sample_plan();
        plan.activities[0].lead = Some("nobody".into());
        assert_eq!(
            check(&plan),
            [Problem::new(
                "activities[0].lead",
                UNKNOWN_ORGANIZATION,
                "nobody"
            )]
        );
    }

    #[test]
    fn a_parent_cycle_is_reported() {
        let mut plan = sample_plan();
        let bo = plan
            .organizations
            .iter()
            .position(|o| o.id == "bo-tttt")
            .unwrap();
        plan.organizations[bo].parent = Some("vu-buu-chinh".into());
        assert!(found(&plan).contains(&(OWN_ANCESTOR, format!("organizations[{bo}].parent"))));
    }

    #[test]
    fn a_citation_of_a_source_that_is_not_listed_is_reported_where_it_is() {
        let mut plan = sample_plan();
        plan.activities[3].cites.push("bao-khong-co".into());
        assert_eq!(
            check(&plan),
            [Problem::new(
                "activities[3].cites[1]",
                UNKNOWN_SOURCE,
                "bao-khong-co"
            )]
        );
    }

    #[test]
    fn a_source_nothing_cites_is_reported() {
        let mut plan = sample_plan();
        let mut extra = plan.sources[0].clone();
        extra.id = "bao-thua".into();
        plan.sources.push(extra);
        assert_eq!(found(&plan), [(UNUSED_SOURCE, "sources[1]".to_owned())]);
    }

    #[test]
    fn a_source_must_be_a_public_web_page() {
        for url in [
            "ftp://example.vn/a",
            "javascript:alert(1)",
            "example.vn/a",
            "",
            "https://localhost/a",
        ] {
            let mut plan = sample_plan();
            plan.sources[0].url = url.into();
            assert_eq!(
                check(&plan),
                [Problem::new("sources[0].url", BAD_URL, url)],
                "{url}"
            );
        }
        let mut plan = sample_plan();
        plan.sources[0].url = "http://Example.VN/tin?id=1".into();
        assert!(check(&plan).is_empty());
    }

    #[test]
    fn a_fact_without_a_source_is_reported_but_an_approved_initiative_needs_none() {
        let mut plan = sample_plan();
        plan.activities[1].cites.clear();
        plan.organizations[2].cites.clear();
        plan.cites.theme.clear();
        assert_eq!(
            found(&plan),
            [
                (UNCITED, "cites.theme".to_owned()),
                (UNCITED, "organizations[2].cites".to_owned()),
                (UNCITED, "activities[1].cites".to_owned()),
            ]
        );
        let mut plan = sample_plan();
        plan.activities[1].cites.clear();
        plan.activities[1].source = Source::Initiative {
            initiative: "abc".into(),
        };
        assert!(check(&plan).is_empty());
    }

    #[test]
    fn source_ids_are_unique_slugs() {
        let mut plan = sample_plan();
        let twin = Reference {
            id: "nguon-mau".into(),
            ..plan.sources[0].clone()
        };
        plan.sources.push(twin);
        plan.sources.push(Reference {
            id: "Báo Mẫu".into(),
            ..plan.sources[0].clone()
        });
        plan.activities[0].cites.push("Báo Mẫu".into());
        assert_eq!(
            found(&plan),
            [
                (DUPLICATE_ID, "sources[1].id".to_owned()),
                (NOT_A_SLUG, "sources[2].id".to_owned()),
            ]
        );
    }

    #[test]
    fn the_day_belongs_to_the_plans_year() {
        let mut plan = sample_plan();
        plan.year = 2023;
        assert_eq!(
            check(&plan),
            [Problem::new("day", DAY_OUTSIDE_YEAR, "2022-10-10")]
        );
    }

    #[test]
    fn every_code_has_a_message_in_both_languages() {
        for code in PROBLEM_CODES {
            let p = Problem::new("x", code, "v");
            for lang in [Lang::Vi, Lang::En] {
                let text = p.message(lang);
                assert!(!text.starts_with(code), "{code} has no {lang:?} message");
            }
        }
        let p = Problem::new("sources[0]", UNUSED_SOURCE, "bao");
        assert_eq!(
            p.message(Lang::Vi),
            "Nguồn “bao” không được nội dung nào dẫn (cites); cần dẫn hoặc bỏ nguồn."
        );
    }

    #[test]
    fn another_schema_version_is_refused() {
        let mut value = serde_json::to_value(sample_plan()).unwrap();
        value["schema_version"] = 99.into();
        assert_eq!(
            parse_plan(&value.to_string()),
            Err(PlanError::SchemaVersion(99))
        );
    }

    #[test]
    fn garbage_is_a_syntax_error_not_a_panic() {
        assert!(matches!(
            parse_plan("{\"year\": "),
            Err(PlanError::Syntax(_))
        ));
    }
}
