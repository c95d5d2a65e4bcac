//! Personal data rights: every person can see and download all data Hartslag holds about them
//! (a readable page and machine-readable JSON), and an administrator can erase a person on
//! request. Erasure removes what is personal; what the group made together stays, attributed
//! to "former member" (validated proposals, shared notes, votes).

mod routes;
pub mod store;

pub use routes::routes;
