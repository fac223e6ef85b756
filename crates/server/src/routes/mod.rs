//! The HTTP routes, one module per resource.

pub mod admin;
pub mod calendar;
pub mod docs;
pub mod heads;
pub mod health;
pub mod initiatives;
pub mod openapi;
pub mod plans;
pub mod share;
pub mod static_files;
