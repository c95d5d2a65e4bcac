//! Backup and restore of the embedded SQLite database (`hartslag backup`, `hartslag restore`).
//!
//! A backup is `VACUUM INTO` a new file through the running pool: SQLite writes a consistent
//! snapshot of one read transaction, in WAL mode, while other connections keep writing, and
//! the result is compact (no free pages, no WAL beside it). Afterwards the file is opened
//! read-only and checked, so a backup that reports success has been read back.
//!
//! A restore never deletes: the database in place is moved aside as
//! `<db>.before-restore-<timestamp>` (with its `-wal`/`-shm`, if any survive), and the backup is
//! copied next to the target, checked there, and renamed into place, so the target is either the
//! old database or the whole backup, never half of one. Migrations then bring an older backup up
//! to date; a backup from a newer Hartslag (a migration this binary does not know) is refused
//! before anything changes.
//!
//! PostgreSQL is backed up with its own tools (`pg_dump`, WAL archiving): see
//! `docs/OPERATIONS.md`. Neither command handles the server's secret key, which lives outside
//! the database and must be kept separately.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteLockingMode};
use sqlx::{ConnectOptions, Connection, Row};

use super::{Db, Engine, SQLITE_MIGRATIONS};

/// Tables whose row counts a backup and a restore report: enough to see at a glance that the
/// file holds the organisation one expects.
pub const KEY_TABLES: [&str; 5] = ["people", "circles", "proposals", "votes", "scan_responses"];

const POSTGRES_BACKUP: &str = "hartslag backup is for the embedded SQLite database; back up PostgreSQL with its own \
     tools (pg_dump -Fc, or WAL archiving for point-in-time recovery): see docs/OPERATIONS.md";
const POSTGRES_RESTORE: &str = "hartslag restore is for the embedded SQLite database; restore PostgreSQL with \
     pg_restore: see docs/OPERATIONS.md";

/// What a check of a database file found.
#[derive(Debug, Clone)]
pub struct Inspection {
    pub path: PathBuf,
    /// The file's size in bytes.
    pub bytes: u64,
    /// `ok`, or what `PRAGMA integrity_check` reported.
    pub integrity: String,
    /// Applied migrations (`_sqlx_migrations`), oldest first.
    pub migrations: Vec<i64>,
    /// Rows per [`KEY_TABLES`] entry; `None` when the table does not exist (an older schema).
    pub counts: Vec<(&'static str, Option<i64>)>,
}

impl Inspection {
    pub fn is_ok(&self) -> bool {
        self.integrity == "ok"
    }

    /// `people 12, circles 1, …` for the command's report.
    pub fn counts_line(&self) -> String {
        let parts: Vec<String> = self
            .counts
            .iter()
            .map(|(t, n)| match n {
                Some(n) => format!("{t} {n}"),
                None => format!("{t} (absent)"),
            })
            .collect();
        parts.join(", ")
    }
}

/// The result of a restore.
#[derive(Debug)]
pub struct Restored {
    /// The backup as it was checked before it was put in place.
    pub backup: Inspection,
    /// Where the database that was in place now is (the database file first), if there was one.
    pub kept: Vec<PathBuf>,
    /// Migrations applied to bring the backup up to date with this binary.
    pub migrated: Vec<i64>,
    /// Something the operator should know (the database in place was unreadable).
    pub note: Option<String>,
}

/// The file behind a `sqlite:` URL; an error that points to the PostgreSQL tools for a
/// `postgres:` URL (`restore` says which operation is meant).
pub fn sqlite_path(url: &str, restore: bool) -> anyhow::Result<PathBuf> {
    if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        bail!("{}", if restore { POSTGRES_RESTORE } else { POSTGRES_BACKUP });
    }
    let Some(rest) = url.strip_prefix("sqlite:") else {
        bail!("unsupported database URL (use sqlite://PATH or postgres://…): {url}");
    };
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        bail!("an in-memory database has nothing to back up or restore");
    }
    Ok(PathBuf::from(path))
}

/// Opens the existing SQLite database at `url` for a backup, without migrating it (the server
/// that owns it decides when its schema changes) and without creating it when it is absent.
pub async fn open_existing(url: &str) -> anyhow::Result<Db> {
    let path = sqlite_path(url, false)?;
    if !path.is_file() {
        bail!("no database at {} (check --data-dir or --database-url)", path.display());
    }
    Db::connect(url).await
}

/// Writes an online backup of the SQLite database to `to`, which must not exist, then reads it
/// back and checks it. The server may keep running and writing meanwhile.
pub async fn backup(db: &Db, to: &Path) -> anyhow::Result<Inspection> {
    if db.engine == Engine::Postgres {
        bail!("{POSTGRES_BACKUP}");
    }
    let to = std::path::absolute(to)?;
    if let Some(dir) = to.parent()
        && !dir.is_dir()
    {
        bail!("the directory {} does not exist", dir.display());
    }
    // Claim the name first: `create_new` refuses an existing file (no check-then-write race),
    // and the backup, which holds everyone's data, is readable by its owner only from the
    // start. VACUUM INTO accepts an empty file as its target.
    {
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        opts.open(&to).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                anyhow::anyhow!("{} already exists: a backup never overwrites a file, choose a new name", to.display())
            }
            _ => anyhow::Error::new(e).context(format!("cannot create {}", to.display())),
        })?;
    }
    let name = to.to_str().context("the backup path must be valid UTF-8")?;
    if let Err(e) = sqlx::query("VACUUM INTO $1").bind(name).execute(&db.pool).await {
        // Only the empty file this function created is removed.
        let _ = std::fs::remove_file(&to);
        return Err(anyhow::Error::new(e).context("VACUUM INTO failed: no backup was written"));
    }
    let inspection = inspect(&to).await?;
    if !inspection.is_ok() {
        bail!(
            "the backup at {} failed its integrity check ({}): do not rely on it, and check the live database \
             with PRAGMA integrity_check",
            to.display(),
            inspection.integrity
        );
    }
    Ok(inspection)
}

/// Opens a database file read-only, as immutable: nothing is written beside it (no `-wal` or
/// `-shm`), which is right for a backup that nobody else has open.
async fn open_read_only(path: &Path) -> anyhow::Result<SqliteConnection> {
    SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true)
        .create_if_missing(false)
        .connect()
        .await
        .with_context(|| format!("cannot open {}", path.display()))
}

/// Checks a database file: integrity, applied migrations and the key tables' row counts.
pub async fn inspect(path: &Path) -> anyhow::Result<Inspection> {
    inspect_as(path, path).await
}

/// [`inspect`] of `file`, named `path` in messages (a restore checks its copy of the backup).
async fn inspect_as(file: &Path, path: &Path) -> anyhow::Result<Inspection> {
    let bytes = std::fs::metadata(file).with_context(|| format!("cannot read {}", path.display()))?.len();
    let mut conn = open_read_only(file).await?;
    let result = inspect_open(&mut conn, path, bytes).await;
    let _ = conn.close().await;
    result
}

async fn inspect_open(conn: &mut SqliteConnection, path: &Path, bytes: u64) -> anyhow::Result<Inspection> {
    let not_a_database = |e: sqlx::Error| anyhow::anyhow!("{} is not a readable SQLite database ({e})", path.display());
    let rows = sqlx::query("PRAGMA integrity_check").fetch_all(&mut *conn).await.map_err(not_a_database)?;
    let integrity = rows.iter().map(|r| r.try_get::<String, _>(0)).collect::<Result<Vec<_>, _>>()?.join("; ");
    let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
        .fetch_all(&mut *conn)
        .await
        .map_err(not_a_database)?;
    let has = |t: &str| tables.iter().any(|n| n == t);
    let migrations = if has("_sqlx_migrations") {
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version").fetch_all(&mut *conn).await?
    } else {
        Vec::new()
    };
    let mut counts = Vec::new();
    for table in KEY_TABLES {
        let n = if has(table) {
            Some(sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut *conn).await?)
        } else {
            None
        };
        counts.push((table, n));
    }
    Ok(Inspection { path: path.to_path_buf(), bytes, integrity, migrations, counts })
}

/// Refuses a backup this binary cannot run: not a Hartslag database, a migration that failed
/// half-way, a migration this binary does not know (a newer Hartslag made it), or a known
/// migration whose SQL differs from ours.
async fn check_schema(file: &Path, path: &Path) -> anyhow::Result<()> {
    let mut conn = open_read_only(file).await?;
    let rows = sqlx::query("SELECT version, success, checksum FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&mut conn)
        .await;
    let _ = conn.close().await;
    let rows =
        rows.map_err(|_| anyhow::anyhow!("{} is not a Hartslag database (no migration table)", path.display()))?;
    for row in rows {
        let (version, success, checksum): (i64, bool, Vec<u8>) = (row.get(0), row.get(1), row.get(2));
        let known = SQLITE_MIGRATIONS.iter().find(|m| m.version == version && !m.migration_type.is_down_migration());
        let Some(known) = known else {
            bail!(
                "the backup has migration {version}, which this hartslag does not know: it was made by a newer \
                 version; restore it with that version"
            );
        };
        if !success {
            bail!("the backup has migration {version} applied only partly: it cannot be restored as it is");
        }
        if *known.checksum != *checksum {
            bail!("the backup's migration {version} differs from this hartslag's: it cannot be brought up to date");
        }
    }
    Ok(())
}

/// Takes the database at `target` for this process alone, which fails while any other
/// connection has it open, then
/// checkpoints its WAL into the database file and closes it, so the file that is moved aside
/// is complete on its own.
///
/// In WAL mode every open connection holds a shared lock on the database file; exclusive
/// locking mode asks for an exclusive lock, which SQLite grants only when there is none. A
/// running server always has a connection open: its job runner reads the queue every five
/// seconds, well within the pool's ten minutes before an idle connection is closed. This relies
/// on working file locks: on a network file system it may not see a server on another machine.
/// Stopping the server first remains the instruction; this is the safety net.
///
/// A target SQLite cannot read at all (damaged, or not a database) is what a restore is for:
/// its lock cannot be checked the same way, so it is moved aside as it is, and the returned
/// note says so.
async fn take_and_checkpoint(target: &Path) -> anyhow::Result<Option<String>> {
    let in_use = || {
        anyhow::anyhow!(
            "the database {} is in use (is hartslag serve still running?): stop the server and try again",
            target.display()
        )
    };
    let mut conn = SqliteConnectOptions::new()
        .filename(target)
        .create_if_missing(false)
        .locking_mode(SqliteLockingMode::Exclusive)
        .busy_timeout(Duration::from_millis(500))
        .connect()
        .await
        .map_err(|e| if is_busy(&e) { in_use() } else { anyhow::Error::new(e).context("cannot open the database") })?;
    let taken = async {
        // In exclusive locking mode the lock, once taken, is kept until the connection closes.
        sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await?;
        sqlx::query("COMMIT").execute(&mut conn).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await?;
        Ok::<_, sqlx::Error>(())
    }
    .await;
    let _ = conn.close().await;
    match taken {
        Ok(()) => Ok(None),
        Err(e) if is_busy(&e) => Err(in_use()),
        Err(e) if has_code(&e, &[11, 26]) => {
            Ok(Some(format!("the database in place could not be read ({e}); it was moved aside as it was")))
        }
        Err(e) => Err(anyhow::Error::new(e).context("cannot check the database")),
    }
}

/// SQLITE_BUSY (5) or SQLITE_LOCKED (6).
fn is_busy(e: &sqlx::Error) -> bool {
    has_code(e, &[5, 6])
}

/// Whether a SQLite error has one of these primary result codes (extended codes included).
fn has_code(e: &sqlx::Error, codes: &[i32]) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            d.code().and_then(|c| c.parse::<i32>().ok()).is_some_and(|c| codes.contains(&(c & 0xff)))
        }
        _ => false,
    }
}

/// Restores the SQLite backup `from` as the database `target` (see the module documentation
/// for the order of steps). Refuses, changing nothing, when the backup fails its checks or the
/// target is in use.
pub async fn restore(from: &Path, target: &Path) -> anyhow::Result<Restored> {
    let from = std::path::absolute(from)?;
    let target = std::path::absolute(target)?;
    if !from.is_file() {
        bail!("no backup at {}", from.display());
    }
    // A backup from `hartslag backup` is one file. A `-wal` beside it means something opened it
    // in WAL mode and may still hold part of its content there, which a copy of the file alone
    // would silently lose.
    let wal = PathBuf::from(format!("{}-wal", from.display()));
    if wal.metadata().is_ok_and(|m| m.len() > 0) {
        bail!(
            "{} has a write-ahead log beside it ({}): close whatever has the backup open, or fold the log in \
             with `sqlite3 {} 'PRAGMA wal_checkpoint(TRUNCATE)'`, and try again; nothing was changed",
            from.display(),
            wal.display(),
            from.display()
        );
    }
    if target.exists() && std::fs::canonicalize(&from)? == std::fs::canonicalize(&target)? {
        bail!("{} is the database itself, not a backup of it", from.display());
    }
    let dir = target.parent().context("the database path has no directory")?.to_path_buf();
    std::fs::create_dir_all(&dir)?;
    let file_name = target.file_name().context("the database path has no file name")?.to_string_lossy().to_string();

    // 1. Copy the backup next to the target and check the copy: what is checked is what is
    //    put in place, and the rename below stays on one file system.
    let temp = dir.join(format!(".{file_name}.restore-{}.tmp", std::process::id()));
    let checked = async {
        std::fs::copy(&from, &temp).with_context(|| format!("cannot copy the backup to {}", temp.display()))?;
        std::fs::File::open(&temp)?.sync_all()?;
        let inspection = inspect_as(&temp, &from).await?;
        if !inspection.is_ok() {
            bail!("the backup failed its integrity check ({})", inspection.integrity);
        }
        check_schema(&temp, &from).await?;
        // 2. The target must not be in use; its WAL is folded into it before it moves.
        let note = if target.exists() { take_and_checkpoint(&target).await? } else { None };
        Ok((inspection, note))
    }
    .await;
    let (backup, note) = match checked {
        Ok(i) => i,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e.context("nothing was restored; the database is unchanged"));
        }
    };

    // 3. Move what is there aside, never deleting it: the database, then any `-wal`, `-shm`
    //    or `-journal` left beside it, which belong to it and would corrupt the restored file.
    let mut kept = Vec::new();
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let aside = {
        let mut n = 1;
        loop {
            let suffix = if n == 1 { String::new() } else { format!("-{n}") };
            let p = dir.join(format!("{file_name}.before-restore-{stamp}{suffix}"));
            if !p.exists() {
                break p;
            }
            n += 1;
        }
    };
    if target.exists() {
        std::fs::rename(&target, &aside).with_context(|| format!("cannot move the database to {}", aside.display()))?;
        kept.push(aside.clone());
    }
    for side in ["-wal", "-shm", "-journal"] {
        let from_side = dir.join(format!("{file_name}{side}"));
        if from_side.exists() {
            let to_side = PathBuf::from(format!("{}{side}", aside.display()));
            std::fs::rename(&from_side, &to_side)?;
            kept.push(to_side);
        }
    }

    // 4. Put the checked copy in place in one rename, and make the rename durable.
    std::fs::rename(&temp, &target).with_context(|| format!("cannot move the backup to {}", target.display()))?;
    #[cfg(unix)]
    std::fs::File::open(&dir)?.sync_all()?;

    // 5. Bring an older backup up to date, with this binary's migrations, on one connection
    //    that is closed for certain when this returns (a pool may close its last connection
    //    only after `close()` has returned).
    let versions = async {
        let mut conn = SqliteConnectOptions::new()
            .filename(&target)
            .create_if_missing(false)
            .journal_mode(SqliteJournalMode::Wal)
            .foreign_keys(true)
            .connect()
            .await?;
        let result = async {
            SQLITE_MIGRATIONS.run(&mut conn).await?;
            let v: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
                .fetch_all(&mut conn)
                .await?;
            Ok::<_, anyhow::Error>(v)
        }
        .await;
        let _ = conn.close().await;
        result
    }
    .await
    .with_context(|| {
        let previous = match kept.first() {
            Some(p) => format!("the previous database is at {}", p.display()),
            None => "there was no database before".to_string(),
        };
        format!("the backup is in place at {} but its migrations failed; {previous}", target.display())
    })?;
    let migrated = versions.into_iter().filter(|v| !backup.migrations.contains(v)).collect();
    Ok(Restored { backup, kept, migrated, note })
}
