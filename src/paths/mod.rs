//! The self-designed learning path (zelfontworpen leertraject): the professional designs it —
//! period, planned active weeks, talents and goals in their own words, the guiding questions
//! they want to work on, formal learning they choose, milestones — and sees their progress
//! from their own data. It is theirs: per part they choose what their manager may see.

mod routes;
pub mod store;

pub use routes::{SharedPath, routes, shared_with_manager};
