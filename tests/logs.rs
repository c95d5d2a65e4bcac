//! Secrets never reach the log: a real `hartslag serve` with debug logging is given every kind of
//! secret it handles — a password at sign-in, the session cookie, an API token, a calendar feed
//! address, an LRS password, the SMTP password in `--smtp-url` — and its log must name none.

mod common;

use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_never_reach_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let db = hartslag::db::Db::connect(&hartslag::db::sqlite_url_in(dir.path())).await.unwrap();
    db.migrate().await.unwrap();
    let w = common::world(&db).await;
    let api_token = hartslag::auth::create_api_token(&db, w.member, "log").await.unwrap();
    let port = common::free_port();
    let log_path = dir.path().join("server.log");
    let smtp_password = "smtp-geheim-8842";
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartslag"))
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(dir.path())
        // Nobody listens there: mail jobs fail, and their failures are logged.
        .args(["--smtp-url", &format!("smtp://hartslag:{smtp_password}@127.0.0.1:{}", common::free_port())])
        .args(["--public-url", &format!("http://127.0.0.1:{port}")])
        .env("HARTSLAG_SECRET_KEY", hex::encode(common::SECRET))
        .env("HARTSLAG_LOG", "debug")
        .stdout(Stdio::from(std::fs::File::create(&log_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(dir.path().join("server.err")).unwrap()))
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if reqwest::get(format!("{base}/readyz")).await.is_ok_and(|r| r.status().is_success()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sqlx::query("UPDATE organisations SET quiet_from = '00:00', quiet_until = '00:00'")
        .execute(&db.pool)
        .await
        .unwrap();

    // A password that fails, then the right one; the session cookie it gives.
    let anna = common::TestApp::client();
    let wrong = "verkeerd-wachtwoord-553";
    let r = common::post_login(&anna, &base, &[("email", "member@test.example"), ("password", wrong)]).await;
    assert_eq!(r.status(), 401);
    let r = common::post_login(&anna, &base, &[("email", "member@test.example"), ("password", common::PASSWORD)]).await;
    assert_eq!(r.status(), 303);
    let cookie =
        r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().split_once('=').unwrap().1.to_string();
    // The calendar feed: its address is its key.
    let page = anna.get(format!("{base}/me/connections")).send().await.unwrap().text().await.unwrap();
    let feed = page.split("/calendar/").nth(1).unwrap().split(".ics").next().unwrap().to_string();
    assert_eq!(reqwest::get(format!("{base}/calendar/{feed}.ics")).await.unwrap().status(), 200);
    // The API token, and an invitation that makes a mail job fail against the closed SMTP port.
    let r = reqwest::Client::new().get(format!("{base}/api/v1/me")).bearer_auth(&api_token).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let csrf = common::extract_csrf(
        &anna.get(format!("{base}/circles/{}", w.circle)).send().await.unwrap().text().await.unwrap(),
    )
    .unwrap();
    let r = anna
        .post(format!("{base}/circles/{}/invite", w.circle))
        .form(&[("csrf", csrf.as_str()), ("email", "colleague@test.example")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    // An administrator stores an LRS password.
    let admin = common::TestApp::client();
    common::post_login(&admin, &base, &[("email", "admin@test.example"), ("password", common::PASSWORD)]).await;
    let csrf =
        common::extract_csrf(&admin.get(format!("{base}/admin/xapi")).send().await.unwrap().text().await.unwrap())
            .unwrap();
    let lrs_password = "lrs-geheim-2291";
    let r = admin
        .post(format!("{base}/admin/xapi"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("endpoint", "https://lrs.zorggroep.test/xAPI"),
            ("username", "k"),
            ("password", lrs_password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);

    // Let the worker try the mail (it polls every five seconds) and log its failure.
    let mut failed = false;
    for _ in 0..100 {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE last_error IS NOT NULL")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if n > 0 {
            failed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(failed, "the mail job never ran");
    tokio::time::sleep(Duration::from_millis(300)).await;
    child.kill().unwrap();
    child.wait().unwrap();

    let log =
        std::fs::read_to_string(&log_path).unwrap() + &std::fs::read_to_string(dir.path().join("server.err")).unwrap();
    assert!(log.contains("job failed"), "the log has the mail failure (so it was written at all):\n{log}");
    for (what, secret) in [
        ("a password", common::PASSWORD),
        ("a wrong password", wrong),
        ("the session cookie", cookie.as_str()),
        ("the API token", api_token.as_str()),
        ("the calendar feed", feed.as_str()),
        ("the LRS password", lrs_password),
        ("the SMTP password", smtp_password),
    ] {
        assert!(!log.contains(secret), "{what} is in the log");
    }
}

/// The demo prints its logins on stdout for a person to copy: while it serves (and logs every
/// request at debug level) that block stays clean — the log goes to stderr, and neither stream
/// carries terminal colour codes when it is not a terminal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_prints_clean_logins_and_logs_without_colour_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let out_path = dir.path().join("demo.out");
    let err_path = dir.path().join("demo.err");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hartslag"))
        .args(["demo", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--data-dir")
        .arg(dir.path())
        .env("HARTSLAG_SECRET_KEY", hex::encode(common::SECRET))
        .env("HARTSLAG_LOG", "debug")
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let mut ready = false;
    for _ in 0..1200 {
        if reqwest::get(format!("{base}/readyz")).await.is_ok_and(|r| r.status().is_success()) {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Requests while serving, so that the log has lines about them.
    for path in ["/login", "/nowhere"] {
        let _ = reqwest::get(format!("{base}{path}")).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    child.kill().unwrap();
    child.wait().unwrap();
    let out = std::fs::read_to_string(&out_path).unwrap();
    let err = std::fs::read_to_string(&err_path).unwrap();
    assert!(ready, "the demo did not start serving:\n{out}\n{err}");

    assert!(
        out.contains("wachtwoord:") && out.contains(&format!("http://127.0.0.1:{port}/")),
        "the login block:\n{out}"
    );
    assert!(!out.contains('\x1b'), "escape sequences on stdout:\n{out:?}");
    for level in ["TRACE", "DEBUG", " INFO", " WARN", "ERROR"] {
        assert!(!out.contains(level), "a log line ({level}) on stdout:\n{out}");
    }
    assert!(err.contains("DEBUG") || err.contains("INFO"), "the log is on stderr (so it was written at all):\n{err}");
    assert!(!err.contains('\x1b'), "escape sequences in the log:\n{err:?}");
}
