//! The demo world: Zorggroep De Linde (small) and a national care group (xxl).

use crate::db::Db;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    Small,
    Xxl,
}

impl Size {
    pub fn parse(s: &str) -> Option<Size> {
        match s {
            "small" => Some(Size::Small),
            "xxl" => Some(Size::Xxl),
            _ => None,
        }
    }
}

pub struct Login {
    pub role: String,
    pub email: String,
    pub password: String,
}

pub struct Logins {
    pub organisation: String,
    pub logins: Vec<Login>,
}

pub const DEMO_PASSWORD: &str = "hartslag-demo";

/// Creates the demo organisation when it is absent; returns the logins either way.
pub async fn ensure(db: &Db, size: Size) -> anyhow::Result<Logins> {
    let _ = (db, size);
    anyhow::bail!("demo data not yet written")
}
