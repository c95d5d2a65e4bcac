//! Scans: the learning-culture scan and its siblings, answered anonymously and reported per
//! building block with trend, benchmark and advice.
//!
//! - [`instrument`]: instruments as data files under `instruments/`, checked when loaded, and
//!   how answers are stored and scored (one digit per item, reverse items turned round).
//! - [`store`]: runs for a population, saved and sent answers, reminders, closing.
//! - [`anon`]: the keyed hashes and seals that keep who answered apart from what was answered.
//! - [`report`]: aggregates along the unit tree, with the cockpit's disclosure rules.
//! - [`routes`]: answering, the personal result, L&D's runs and report, the CSV.
//!
//! The privacy design is in `PRIVACY.md` beside this file.

pub mod anon;
pub mod cache;
pub mod instrument;
pub mod report;
pub mod routes;
pub mod store;

pub use routes::routes;
