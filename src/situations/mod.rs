//! Work situations: the learning material a circle brings from its own work.

mod routes;
pub mod store;

pub use routes::routes;

/// What a situation is a snapshot of.
pub const KINDS: [&str; 3] = ["work_process", "business_process", "characteristic"];
