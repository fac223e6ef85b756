//! One page per route.

pub mod about;
pub mod activity;
pub mod admin;
pub mod embed;
pub mod explorer;
pub mod not_found;
pub mod submit;
pub mod track;
