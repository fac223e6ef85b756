//! dxday-core: the pure logic of Ngày Chuyển đổi số quốc gia, shared by the browser app
//! and the server. No web, no server, no I/O: plan model, filters, query strings,
//! validation, and the ICS, CSV and JSON writers.

pub mod campaign;
pub mod dates;
pub mod embed;
pub mod export;
pub mod filter;
pub mod find;
pub mod fold;
pub mod head;
pub mod ics;
pub mod initiative;
pub mod load;
pub mod locate;
pub mod messages;
pub mod model;
pub mod nfc;
pub mod page;
pub mod provinces;
pub mod query;
pub mod route;
pub mod rules;
pub mod share;
pub mod summary;
pub mod synth;
pub mod validate;

#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use filter::{Filter, Index, Results};

pub use model::{Activity, Lang, Plan, Text};
pub use query::ExplorerQuery;
