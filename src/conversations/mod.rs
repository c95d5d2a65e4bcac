//! The talent-development conversation (Talentontwikkelgesprek): either side schedules it;
//! both prepare from their own data — the professional accounts for time used, proposals and
//! their development (never their learning activities), the manager for time granted and
//! honoured and decisions taken; together they record agreements with a follow-up date and
//! both confirm the record. The history stays with both.

mod routes;
pub mod store;

pub use routes::routes;
