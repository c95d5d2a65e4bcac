//! Prof-cirkels: small self-chosen groups. Starting one, inviting colleagues (who accept or
//! decline), joining an open one, leaving; and, for L&D, the metadata of all circles.

mod routes;
pub mod store;

pub use routes::routes;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberStatus {
    Invited,
    Member,
    Declined,
    Left,
}

impl MemberStatus {
    pub fn code(self) -> &'static str {
        match self {
            MemberStatus::Invited => "invited",
            MemberStatus::Member => "member",
            MemberStatus::Declined => "declined",
            MemberStatus::Left => "left",
        }
    }
}
