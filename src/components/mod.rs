//! Parts shared by several pages.

pub mod header;
pub mod lang_switch;
pub mod overview;
pub mod with_plan;
