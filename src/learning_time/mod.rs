//! Learning time: hours granted per active week against hours used (from attendance), per
//! week and per month — for the professional and for their manager, who may grant a person
//! more than the organisation's default. Nothing of what happened in the sessions.

mod routes;
pub mod store;

pub use routes::routes;
