//! The plan files, read and checked once at start.

use dxday_core::Plan;
use dxday_core::load::parse_plan;
use std::collections::BTreeMap;
use std::path::Path;

/// Every plan year found in the plans folder.
#[derive(Debug, Default)]
pub struct Plans(BTreeMap<i32, (Plan, Option<chrono::NaiveDate>)>);

impl Plans {
    /// Reads every `*.json` in `dir`; a bad file stops the start, so it is fixed before
    /// citizens see a broken plan.
    pub fn load(dir: &Path) -> Result<Plans, String> {
        let mut plans = BTreeMap::new();
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let plan = parse_plan(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            // When the file last changed, for the sitemap's lastmod.
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .ok()
                .map(|t| chrono::DateTime::<chrono::Utc>::from(t).date_naive());
            plans.insert(plan.year, (plan, modified));
        }
        Ok(Plans(plans))
    }

    /// The years, oldest first.
    pub fn years(&self) -> Vec<i32> {
        self.0.keys().copied().collect()
    }

    /// The plan of `year`.
    pub fn get(&self, year: i32) -> Option<&Plan> {
        self.0.get(&year).map(|(plan, _)| plan)
    }

    /// The day the plan file of `year` last changed.
    pub fn modified(&self, year: i32) -> Option<chrono::NaiveDate> {
        self.0.get(&year).and_then(|(_, day)| *day)
    }

    /// All plans, oldest first.
    pub fn all(&self) -> impl DoubleEndedIterator<Item = &Plan> {
        self.0.values().map(|(plan, _)| plan)
    }
}
