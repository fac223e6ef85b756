//! Reading a plan file and checking that it holds together.

use crate::model::{Plan, SCHEMA_VERSION, Source};
use std::collections::HashSet;
use std::fmt;

/// Why a plan file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// Not JSON of the plan's shape.
    Syntax(String),
    /// Written for another version of the format.
    SchemaVersion(u32),
    /// Parsed, but something in it does not add up.
    Inconsistent(Vec<String>),
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Syntax(e) => write!(f, "not a plan file: {e}"),
            PlanError::SchemaVersion(v) => {
                write!(f, "schema version {v}, expected {SCHEMA_VERSION}")
            }
            PlanError::Inconsistent(problems) => write!(f, "{}", problems.join("; ")),
        }
    }
}

impl std::error::Error for PlanError {}

/// Parses and checks a plan file.
pub fn parse_plan(json: &str) -> Result<Plan, PlanError> {
    let plan: Plan = serde_json::from_str(json).map_err(|e| PlanError::Syntax(e.to_string()))?;
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

/// Everything wrong with a plan: duplicate ids, references to nothing, reversed windows,
/// cycles among parents, text missing in a language.
pub fn check(plan: &Plan) -> Vec<String> {
    let mut problems = Vec::new();
    let mut unique = |kind: &str, ids: Vec<&str>| {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                problems.push(format!("{kind} id {id} is used twice"));
            }
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
            {
                problems.push(format!("{kind} id {id:?} is not a slug"));
            }
        }
    };
    unique("group", plan.groups.iter().map(|g| g.id.as_str()).collect());
    unique(
        "organization",
        plan.organizations.iter().map(|o| o.id.as_str()).collect(),
    );
    unique(
        "activity",
        plan.activities.iter().map(|a| a.id.as_str()).collect(),
    );
    unique(
        "document",
        plan.legal_basis.iter().map(|d| d.id.as_str()).collect(),
    );

    for o in &plan.organizations {
        if plan.group(&o.group).is_none() {
            problems.push(format!(
                "organization {} names unknown group {}",
                o.id, o.group
            ));
        }
        if let Some(p) = &o.parent
            && plan.organization(p).is_none()
        {
            problems.push(format!("organization {} names unknown parent {p}", o.id));
        }
        // Walk up: a unit may not be its own ancestor.
        let mut current = o.parent.as_deref();
        let mut steps = 0;
        while let Some(id) = current {
            steps += 1;
            if id == o.id || steps > plan.organizations.len() {
                problems.push(format!("organization {} is its own ancestor", o.id));
                break;
            }
            current = plan.organization(id).and_then(|x| x.parent.as_deref());
        }
        if o.name.vi.is_empty() || o.name.en.is_empty() {
            problems.push(format!("organization {} lacks a name in a language", o.id));
        }
    }
    for a in &plan.activities {
        if plan.group(&a.group).is_none() {
            problems.push(format!("activity {} names unknown group {}", a.id, a.group));
        }
        for id in a.lead.iter().chain(&a.partners) {
            if plan.organization(id).is_none() {
                problems.push(format!("activity {} names unknown organization {id}", a.id));
            }
        }
        for w in &a.windows {
            if w.start > w.end {
                problems.push(format!(
                    "activity {} has a window that ends before it starts",
                    a.id
                ));
            }
        }
        if let Source::Plan { document } = &a.source
            && plan.document(document).is_none()
        {
            problems.push(format!(
                "activity {} cites unknown document {document}",
                a.id
            ));
        }
        for (what, text) in [("title", &a.title), ("summary", &a.summary)] {
            if text.vi.trim().is_empty() || text.en.trim().is_empty() {
                problems.push(format!("activity {} lacks a {what} in a language", a.id));
            }
        }
    }
    for g in &plan.groups {
        if g.name.vi.is_empty() || g.name.en.is_empty() {
            problems.push(format!("group {} lacks a name in a language", g.id));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::sample_plan;

    #[test]
    fn the_sample_plan_is_consistent() {
        assert_eq!(check(&sample_plan()), Vec::<String>::new());
    }

    #[test]
    fn a_dangling_reference_is_reported() {
        let mut plan = sample_plan();
        plan.activities[0].lead = Some("nobody".into());
        let problems = check(&plan);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown organization nobody"))
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
        assert!(check(&plan).iter().any(|p| p.contains("its own ancestor")));
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
