//! `hartslag backup` and `hartslag restore`: an online backup taken while the server writes is a
//! consistent snapshot, a restore puts exactly that snapshot in place and keeps what was there,
//! and every refusal leaves the database untouched. SQLite only: PostgreSQL is backed up with
//! its own tools, which the commands point to.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use common::{Backend, TestApp, count};
use hartslag::db::{Db, backup, sqlite_url_in};

/// The file behind a SQLite pool, as SQLite itself reports it.
async fn db_file(db: &Db) -> PathBuf {
    use sqlx::Row;
    let row = sqlx::query("PRAGMA database_list").fetch_one(&db.pool).await.unwrap();
    PathBuf::from(row.get::<String, _>(2))
}

/// Every table of the schema (SQLite's own excluded), in name order.
async fn tables(db: &Db) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .fetch_all(&db.pool)
        .await
        .unwrap()
}

/// Rows of `from.table` that are not in `to.table`, compared column by column by SQLite itself
/// (`EXCEPT`), on one connection with both databases attached.
async fn rows_missing(conn: &mut sqlx::AnyConnection, from: &str, table: &str, to: &str) -> i64 {
    sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM (SELECT * FROM {from}.{table} EXCEPT SELECT * FROM {to}.{table})"
    ))
    .fetch_one(conn)
    .await
    .unwrap()
}

/// The bytes of a file, to show that a refusal changed nothing.
fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

/// The names in a directory, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect();
    v.sort();
    v
}

/// Closes a pool for certain and waits until SQLite has let go of the file (its `-wal` is folded
/// in and removed on the last close): the refusals under test would see a lingering connection.
async fn close(db: Db, file: &Path) {
    // A connection on its way back to the pool when `close()` starts can miss it and stay open.
    while db.pool.num_idle() < db.pool.size() as usize {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    db.pool.close().await;
    drop(db);
    let wal = PathBuf::from(format!("{}-wal", file.display()));
    for _ in 0..500 {
        if !wal.exists() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("{} is still open", file.display());
}

/// A migrated database of our own in `dir`, filled with the test world; its pool is closed so
/// that nothing holds the file.
async fn world_in(dir: &Path) -> PathBuf {
    let db = Db::connect(&sqlite_url_in(dir)).await.unwrap();
    db.migrate().await.unwrap();
    common::world(&db).await;
    let file = dir.join("hartslag.db");
    close(db, &file).await;
    file
}

async fn open(path: &Path) -> Db {
    Db::connect(&format!("sqlite://{}", path.display())).await.unwrap()
}

async fn org_names(db: &Db) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM organisations ORDER BY id").fetch_all(&db.pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restore_and_compare_a_backup_taken_while_writing() {
    let app = TestApp::start(Backend::Sqlite).await.unwrap();
    let w = common::world(&app.db).await;
    // Bulk, so that the snapshot takes long enough for writes to land while it runs.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000) \
         INSERT INTO reflections (person_id, session_id, body, created_at, updated_at) \
         SELECT $1, NULL, 'Eerdere reflectie ' || i || ' ' || hex(randomblob(64)), i, i FROM n",
    )
    .bind(w.member)
    .execute(&app.db.pool)
    .await
    .unwrap();

    // A writer that keeps adding reflections through the store, as the server would.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicI64::new(0));
    let writer = {
        let (db, stop, written) = (app.db.clone(), stop.clone(), written.clone());
        let actor = common::actor(&app.db, w.member).await;
        tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let n = written.load(Ordering::SeqCst);
                hartslag::reflections::store::create(&db, &actor, None, &format!("Reflectie tijdens de backup {n}"))
                    .await
                    .unwrap();
                written.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    while written.load(Ordering::SeqCst) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }

    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("hartslag-backup.db");
    let before = count(&app.db, "reflections").await;
    let written_before = written.load(Ordering::SeqCst);
    let report = backup::backup(&app.db, &file).await.unwrap();
    let written_during = written.load(Ordering::SeqCst) - written_before;
    let after_backup = count(&app.db, "reflections").await;
    // Let the writer go on a little after the snapshot, then stop it.
    let target = written.load(Ordering::SeqCst) + 20;
    while written.load(Ordering::SeqCst) < target {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();
    let at_end = count(&app.db, "reflections").await;
    eprintln!(
        "reflections: {before} before the backup, {after_backup} after it, {at_end} at the end; {written_during} written during it"
    );
    assert!(at_end > after_backup, "the writer kept writing after the snapshot");

    // The report: the file was read back, and its counts are the source's (nothing of those
    // tables was written meanwhile).
    assert!(report.is_ok(), "integrity: {}", report.integrity);
    assert_eq!(report.integrity, "ok");
    assert_eq!(report.bytes, std::fs::metadata(&file).unwrap().len());
    for (table, n) in &report.counts {
        assert_eq!(*n, Some(count(&app.db, table).await), "{table} in the report");
    }
    assert!(!out.path().join("hartslag-backup.db-wal").exists(), "a backup is one file");

    // Restore into a fresh location, then compare table by table with the source.
    let fresh = tempfile::tempdir().unwrap();
    let restored_path = fresh.path().join("hartslag.db");
    let r = backup::restore(&file, &restored_path).await.unwrap();
    assert!(r.kept.is_empty(), "nothing was there to keep: {:?}", r.kept);
    assert!(r.migrated.is_empty(), "the backup's schema is current");
    let restored = open(&restored_path).await;
    let in_backup = count(&restored, "reflections").await;
    assert!(
        (before..=after_backup).contains(&in_backup),
        "the snapshot holds {in_backup} reflections, between {before} and {after_backup}"
    );
    let all = tables(&app.db).await;
    assert_eq!(all, tables(&restored).await, "the same tables");
    assert!(all.len() > 40, "the whole schema: {all:?}");
    let mut conn = app.db.pool.acquire().await.unwrap();
    sqlx::query("ATTACH DATABASE $1 AS restored")
        .bind(restored_path.to_str().unwrap())
        .execute(&mut *conn)
        .await
        .unwrap();
    for table in &all {
        assert_eq!(
            rows_missing(&mut conn, "restored", table, "main").await,
            0,
            "{table}: a restored row differs from the source"
        );
        if table != "reflections" {
            assert_eq!(rows_missing(&mut conn, "main", table, "restored").await, 0, "{table}: a source row is missing");
            assert_eq!(count(&restored, table).await, count(&app.db, table).await, "{table}");
        }
    }
    // The snapshot is a prefix of the writes: every reflection up to its last one is there.
    let last: i64 = sqlx::query_scalar("SELECT MAX(id) FROM restored.reflections").fetch_one(&mut *conn).await.unwrap();
    let source_upto: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM main.reflections WHERE id <= $1")
        .bind(last)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(source_upto, in_backup, "no write is half in the snapshot");
    sqlx::query("DETACH DATABASE restored").execute(&mut *conn).await.unwrap();
    drop(conn);

    // The restored database works: the world's people can sign in on a server over it.
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&restored.pool).await.unwrap();
    assert_eq!(integrity, "ok");
    let member: String = sqlx::query_scalar("SELECT email FROM people WHERE id = $1")
        .bind(w.member)
        .fetch_one(&restored.pool)
        .await
        .unwrap();
    assert_eq!(member, "member@test.example");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_keeps_the_old_database_aside_with_its_wal() {
    let src = tempfile::tempdir().unwrap();
    let source = open(&world_in(src.path()).await).await;
    let file = src.path().join("backup.db");
    backup::backup(&source, &file).await.unwrap();
    source.pool.close().await;

    // The database in place: written after the backup, and copied while its pool was open,
    // so that part of it lives in its WAL only (as after a crash).
    let live_dir = tempfile::tempdir().unwrap();
    let live = open(&world_in(live_dir.path()).await).await;
    for name in ["Na de backup 1", "Na de backup 2"] {
        hartslag::orgs::create_org(&live, name, &name.to_lowercase().replace(' ', "-")).await.unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("hartslag.db");
    for side in ["", "-wal"] {
        std::fs::copy(
            live_dir.path().join(format!("hartslag.db{side}")),
            dir.path().join(format!("hartslag.db{side}")),
        )
        .unwrap();
    }
    live.pool.close().await;
    // The test means something only if the newest data is in the WAL alone.
    let alone = tempfile::tempdir().unwrap();
    std::fs::copy(&target, alone.path().join("hartslag.db")).unwrap();
    let main_only = open(&alone.path().join("hartslag.db")).await;
    assert_eq!(org_names(&main_only).await.len(), 2, "the new organisations are in the WAL only");
    main_only.pool.close().await;

    let r = backup::restore(&file, &target).await.unwrap();
    assert_eq!(r.kept.len(), 1, "the database, its WAL folded in: {:?}", r.kept);
    let aside = &r.kept[0];
    assert!(aside.file_name().unwrap().to_string_lossy().starts_with("hartslag.db.before-restore-"), "{aside:?}");
    assert!(
        !dir.path().join("hartslag.db-wal").exists()
            || std::fs::metadata(dir.path().join("hartslag.db-wal")).unwrap().len() == 0
    );

    let restored = open(&target).await;
    assert_eq!(org_names(&restored).await, ["Zorggroep Test", "Andere Organisatie"], "the backup is in place");
    close(restored, &target).await;
    let old = open(aside).await;
    assert_eq!(
        org_names(&old).await,
        ["Zorggroep Test", "Andere Organisatie", "Na de backup 1", "Na de backup 2"],
        "the old database is kept whole, including what was in its WAL"
    );
    old.pool.close().await;

    // A second restore keeps the first restore's result aside too, under another name.
    let r2 = backup::restore(&file, &target).await.unwrap();
    assert_eq!(r2.kept.len(), 1);
    assert_ne!(&r2.kept[0], aside);
    assert!(aside.exists() && r2.kept[0].exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_replaces_a_damaged_database_and_keeps_it() {
    let src = tempfile::tempdir().unwrap();
    let source_path = world_in(src.path()).await;
    let db = open(&source_path).await;
    let file = src.path().join("backup.db");
    backup::backup(&db, &file).await.unwrap();
    close(db, &source_path).await;

    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("hartslag.db");
    let damaged = b"SQLite format 3\0 but the rest is gone".repeat(50);
    std::fs::write(&target, &damaged).unwrap();
    let r = backup::restore(&file, &target).await.unwrap();
    assert!(r.note.as_deref().is_some_and(|n| n.contains("could not be read")), "{:?}", r.note);
    assert_eq!(r.kept.len(), 1);
    assert_eq!(bytes(&r.kept[0]), damaged, "the damaged file is kept as it was");
    let restored = open(&target).await;
    assert_eq!(org_names(&restored).await, ["Zorggroep Test", "Andere Organisatie"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_what_is_not_a_sound_database_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = world_in(dir.path()).await;
    let original = bytes(&target);
    let listing = names(dir.path());

    let other = tempfile::tempdir().unwrap();
    let junk = other.path().join("junk.db");
    std::fs::write(&junk, "dit is geen database, alleen tekst\n".repeat(200)).unwrap();
    let err = format!("{:#}", backup::restore(&junk, &target).await.unwrap_err());
    assert!(err.contains("not a readable SQLite database"), "{err}");
    assert!(err.contains("junk.db") && err.contains("unchanged"), "{err}");

    // A real backup cut short: SQLite's header is there, the pages are not.
    let db = open(&target).await;
    let good = other.path().join("good.db");
    backup::backup(&db, &good).await.unwrap();
    close(db, &target).await;
    let whole = bytes(&good);
    let cut = other.path().join("cut.db");
    std::fs::write(&cut, &whole[..whole.len() / 3]).unwrap();
    let err = format!("{:#}", backup::restore(&cut, &target).await.unwrap_err());
    assert!(err.contains("integrity") || err.contains("not a readable"), "{err}");

    // A SQLite database, but not Hartslag's.
    let foreign = other.path().join("foreign.db");
    {
        let d = Db::connect(&format!("sqlite://{}", foreign.display())).await.unwrap();
        sqlx::query("CREATE TABLE boodschappen (id INTEGER PRIMARY KEY, wat TEXT)").execute(&d.pool).await.unwrap();
        close(d, &foreign).await;
    }
    let err = format!("{:#}", backup::restore(&foreign, &target).await.unwrap_err());
    assert!(err.contains("not a Hartslag database"), "{err}");

    let err = format!("{:#}", backup::restore(&other.path().join("absent.db"), &target).await.unwrap_err());
    assert!(err.contains("no backup at"), "{err}");

    assert_eq!(bytes(&target), original, "the database is untouched");
    assert_eq!(names(dir.path()), listing, "nothing set aside, no temporary file left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_backup_whose_content_is_partly_in_a_wal() {
    let dir = tempfile::tempdir().unwrap();
    let target = world_in(dir.path()).await;
    let original = bytes(&target);
    let other = tempfile::tempdir().unwrap();
    let file = other.path().join("backup.db");
    let db = open(&target).await;
    backup::backup(&db, &file).await.unwrap();
    close(db, &target).await;

    // Someone opens the backup (in WAL mode) and writes to it, and has not closed it yet.
    let opened = open(&file).await;
    hartslag::orgs::create_org(&opened, "Later toegevoegd", "later").await.unwrap();
    let err = format!("{:#}", backup::restore(&file, &target).await.unwrap_err());
    assert!(err.contains("write-ahead log"), "{err}");
    assert_eq!(bytes(&target), original, "the database is untouched");

    // Closed, the log is folded into the file, and the restore has all of it.
    close(opened, &file).await;
    backup::restore(&file, &target).await.unwrap();
    let restored = open(&target).await;
    assert!(org_names(&restored).await.contains(&"Later toegevoegd".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_backup_from_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let target = world_in(dir.path()).await;
    let original = bytes(&target);
    let listing = names(dir.path());

    let other = tempfile::tempdir().unwrap();
    let newer = other.path().join("newer.db");
    let db = open(&target).await;
    backup::backup(&db, &newer).await.unwrap();
    close(db, &target).await;
    {
        let d = open(&newer).await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, execution_time) \
             VALUES (99990101, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
        )
        .execute(&d.pool)
        .await
        .unwrap();
        close(d, &newer).await;
    }
    let err = format!("{:#}", backup::restore(&newer, &target).await.unwrap_err());
    assert!(err.contains("migration 99990101") && err.contains("newer"), "{err}");
    assert_eq!(bytes(&target), original, "the database is untouched");
    assert_eq!(names(dir.path()), listing);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_brings_an_older_backup_up_to_date() {
    // A database made by an older Hartslag: every migration but the last.
    let all: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    };
    let older = tempfile::tempdir().unwrap();
    for m in &all[..all.len() - 1] {
        std::fs::copy(m, older.path().join(m.file_name().unwrap())).unwrap();
    }
    let src = tempfile::tempdir().unwrap();
    let db = Db::connect(&sqlite_url_in(src.path())).await.unwrap();
    sqlx::migrate::Migrator::new(older.path()).await.unwrap().run(&db.pool).await.unwrap();
    hartslag::orgs::create_org(&db, "Oud", "oud").await.unwrap();
    let file = src.path().join("old-backup.db");
    let report = backup::backup(&db, &file).await.unwrap();
    close(db, &src.path().join("hartslag.db")).await;
    assert_eq!(report.migrations.len(), all.len() - 1);

    let dir = tempfile::tempdir().unwrap();
    let r = backup::restore(&file, &dir.path().join("hartslag.db")).await.unwrap();
    let last: i64 = all.last().unwrap().file_name().unwrap().to_string_lossy()[..4].parse().unwrap();
    assert_eq!(r.migrated, [last], "the missing migration was applied");
    let restored = open(&dir.path().join("hartslag.db")).await;
    assert_eq!(org_names(&restored).await, ["Oud"]);
    let versions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations").fetch_one(&restored.pool).await.unwrap();
    assert_eq!(versions as usize, all.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_while_the_database_is_in_use() {
    let app = TestApp::start(Backend::Sqlite).await.unwrap();
    common::world(&app.db).await;
    let target = db_file(&app.db).await;
    let other = tempfile::tempdir().unwrap();
    let file = other.path().join("backup.db");
    backup::backup(&app.db, &file).await.unwrap();
    hartslag::orgs::create_org(&app.db, "Na de backup", "na").await.unwrap();
    let listing = names(target.parent().unwrap());

    // The server is up and idle: its pool keeps a connection, and so a lock, on the file.
    let err = format!("{:#}", backup::restore(&file, &target).await.unwrap_err());
    assert!(err.contains("is in use") && err.contains("stop the server"), "{err}");
    assert_eq!(names(target.parent().unwrap()), listing, "nothing moved");
    assert!(org_names(&app.db).await.contains(&"Na de backup".to_string()), "the live data is untouched");
    // The server goes on working.
    let (status, _) = app.login("member@test.example").await.get("/").await;
    assert_eq!(status, 200);

    // With the server stopped, the same restore goes through.
    close(app.db.clone(), &target).await;
    let r = backup::restore(&file, &target).await.unwrap();
    assert_eq!(r.kept.len(), 1);
    let restored = open(&target).await;
    assert!(!org_names(&restored).await.contains(&"Na de backup".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let db = open(&world_in(dir.path()).await).await;
    let file = dir.path().join("existing.db");
    std::fs::write(&file, "van iemand anders").unwrap();
    let err = format!("{:#}", backup::backup(&db, &file).await.unwrap_err());
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "van iemand anders");
    let err = format!("{:#}", backup::backup(&db, &dir.path().join("no/such/dir/b.db")).await.unwrap_err());
    assert!(err.contains("does not exist"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_is_refused_with_a_pointer_to_its_own_tools() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pg.db");
    let url = "postgres://hartslag@db.example/hartslag";
    let err = backup::sqlite_path(url, false).unwrap_err().to_string();
    assert!(err.contains("pg_dump") && err.contains("docs/OPERATIONS.md"), "{err}");
    let err = backup::sqlite_path(url, true).unwrap_err().to_string();
    assert!(err.contains("pg_restore"), "{err}");
    assert_eq!(backup::sqlite_path("sqlite://data/hartslag.db?mode=rwc", true).unwrap(), Path::new("data/hartslag.db"));

    let Some((db, _)) = common::fresh_db(Backend::Postgres).await else { return };
    let err = backup::backup(&db, &file).await.unwrap_err().to_string();
    assert!(err.contains("pg_dump"), "{err}");
    assert!(!file.exists(), "nothing written");
}

/// Runs the `hartslag` binary with only the given options (none from the environment).
fn hartslag(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_hartslag"))
        .args(args)
        .env_remove("HARTSLAG_DATABASE_URL")
        .env_remove("HARTSLAG_DATA_DIR")
        .env("RUST_BACKTRACE", "0")
        .env("HARTSLAG_LOG", "off")
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commands_end_to_end() {
    let data = tempfile::tempdir().unwrap();
    let db_path = world_in(data.path()).await;
    let d = data.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("nightly.db");
    let f = file.to_str().unwrap();

    let (ok, stdout, stderr) = hartslag(&["backup", "--data-dir", d, "--to", f]);
    assert!(ok, "{stdout}\n{stderr}");
    let db = open(&db_path).await;
    let people = count(&db, "people").await;
    assert!(stdout.contains("backup written:") && stdout.contains("nightly.db"), "{stdout}");
    assert!(stdout.contains("integrity:      ok"), "{stdout}");
    assert!(
        stdout.contains(&format!("people {people}, circles 1, proposals 2, votes 3, scan_responses 1")),
        "{stdout}"
    );

    let (ok, _, stderr) = hartslag(&["backup", "--data-dir", d, "--to", f]);
    assert!(!ok);
    assert!(stderr.contains("already exists"), "{stderr}");

    let (ok, _, stderr) = hartslag(&["backup", "--database-url", "postgres://nobody@127.0.0.1:1/x", "--to", "pg.db"]);
    assert!(!ok);
    assert!(stderr.contains("pg_dump"), "{stderr}");
    assert!(!Path::new("pg.db").exists());
    let (ok, _, stderr) = hartslag(&["restore", "--database-url", "postgres://nobody@127.0.0.1:1/x", "--from", f]);
    assert!(!ok);
    assert!(stderr.contains("pg_restore"), "{stderr}");

    // An empty data dir has no database to back up, and none is made.
    let empty = tempfile::tempdir().unwrap();
    let (ok, _, stderr) = hartslag(&["backup", "--data-dir", empty.path().to_str().unwrap(), "--to", "x.db"]);
    assert!(!ok && stderr.contains("no database at"), "{stderr}");
    assert!(names(empty.path()).is_empty());

    // Refused while the database is open (our pool plays the server).
    hartslag::orgs::create_org(&db, "Na de backup", "na").await.unwrap();
    let (ok, _, stderr) = hartslag(&["restore", "--data-dir", d, "--from", f]);
    assert!(!ok);
    assert!(stderr.contains("is in use"), "{stderr}");
    close(db, &db_path).await;

    let (ok, stdout, stderr) = hartslag(&["restore", "--data-dir", d, "--from", f]);
    assert!(ok, "{stdout}\n{stderr}");
    assert!(
        stdout.contains("integrity ok") && stdout.contains("kept aside:") && stdout.contains("schema up to date"),
        "{stdout}"
    );
    let db = open(&db_path).await;
    assert!(!org_names(&db).await.contains(&"Na de backup".to_string()), "the backup is in place");
    db.pool.close().await;
    let aside: Vec<String> = names(data.path()).into_iter().filter(|n| n.contains("before-restore")).collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let old = open(&data.path().join(&aside[0])).await;
    assert!(org_names(&old).await.contains(&"Na de backup".to_string()), "the old database is kept");
}
