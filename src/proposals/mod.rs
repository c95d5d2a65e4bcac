//! Improvement and innovation proposals: the product of a cycle. Drafted by the group,
//! validated by its vote, submitted to whoever decides, followed through implementation and
//! effect. Every state change goes through [`state::next`] and is recorded in the history.

mod routes;
pub mod state;
pub mod store;

pub use routes::routes;
