//! One page per route.

pub mod about;
pub mod activity;
pub mod explorer;
pub mod not_found;
