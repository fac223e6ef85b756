//! Parts shared by several pages.

pub mod export;
pub mod filters;
pub mod header;
pub mod jump;
pub mod overview;
pub mod results;
pub mod share;
pub mod timeline;
pub mod update;
pub mod with_plan;
pub mod year_switch;
