//! One page per route.

pub mod about;
pub mod explorer;
pub mod not_found;
