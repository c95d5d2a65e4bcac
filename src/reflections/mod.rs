//! Reflections (guiding question 9): private to their writer, always. Nobody else — not the
//! circle, not the manager, not L&D — can read them; the writer chooses what, if anything,
//! flows into their learning path or conversation.

mod routes;
pub mod store;

pub use routes::routes;
