//! The database room: one pool, one SQL dialect, two engines.
//!
//! Every query in Hartslag goes through [`Db`], which wraps an `sqlx::AnyPool`. The SQL is
//! written once, with `$1`-style placeholders that both SQLite and PostgreSQL accept, and with
//! only the types the `Any` driver carries (integers, text, booleans). Timestamps are Unix
//! seconds (`BIGINT`); calendar dates and local times are ISO text, which sorts correctly.
//! Migrations exist per engine (`migrations/sqlite`, `migrations/postgres`) and are embedded.

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, ConnectOptions};

pub mod backup;
pub mod bulk;

pub use sqlx::Row;

/// A transaction on either engine.
pub type Tx = sqlx::Transaction<'static, Any>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    /// Connect to `sqlite://path` (created if absent, WAL mode) or `postgres://…`.
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            anyhow::bail!("unsupported database URL (use sqlite://PATH or postgres://…): {url}");
        };
        let url = match engine {
            // WAL for concurrent readers, foreign keys on, and wait rather than fail on a lock.
            Engine::Sqlite => {
                let sep = if url.contains('?') { '&' } else { '?' };
                let mut u = url.to_string();
                if !u.contains("mode=") {
                    u.push(sep);
                    u.push_str("mode=rwc");
                }
                u
            }
            Engine::Postgres => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let (max, after_connect): (u32, bool) = match engine {
            Engine::Sqlite => (8, true),
            Engine::Postgres => (16, false),
        };
        let mut pool = AnyPoolOptions::new().max_connections(max).acquire_timeout(Duration::from_secs(10));
        if after_connect {
            pool = pool.after_connect(|conn, _meta| {
                Box::pin(async move {
                    use sqlx::Executor;
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;",
                    )
                    .await?;
                    Ok(())
                })
            });
        }
        let pool = pool.connect_with(options).await?;
        Ok(Db { pool, engine })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        match self.engine {
            Engine::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Engine::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.pool.begin().await
    }

    /// A cheap round trip, for `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }
}

/// Seconds since the Unix epoch: the one clock every table uses.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The SQLite database file inside a data directory, as a URL.
pub fn sqlite_url_in(dir: &std::path::Path) -> String {
    format!("sqlite://{}", dir.join("hartslag.db").display())
}

/// A flag column: `BOOLEAN` in PostgreSQL, `INTEGER` 0/1 in SQLite (the `Any` driver carries
/// no SQLite boolean). Read flags through this type; bind plain `bool`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag(pub bool);

impl From<Flag> for bool {
    fn from(f: Flag) -> bool {
        f.0
    }
}

impl sqlx::Type<Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<Any>>::type_info()
    }
    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <bool as sqlx::Type<Any>>::compatible(ty) || <i64 as sqlx::Type<Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        use sqlx::{Value, ValueRef};
        let owned = ValueRef::to_owned(&value);
        if let Ok(b) = <bool as sqlx::Decode<Any>>::decode(owned.as_ref()) {
            return Ok(Flag(b));
        }
        let n = <i64 as sqlx::Decode<Any>>::decode(owned.as_ref())?;
        Ok(Flag(n != 0))
    }
}
