//! Nothing acknowledged is lost: a real `hartslag serve` is killed with SIGKILL at random moments
//! while members write concurrently through the API (new work situations, votes, versioned note
//! edits), a browser-like client edits a proposal's text through the web form, and respondents
//! send scan answers through the web form, and started again. Afterwards every write that got a 2xx answer is there, and the
//! database passes its integrity check — on SQLite and PostgreSQL. The numbers of writes and
//! kills are printed. Longer runs: `HARTSLAG_CRASH_SECONDS=300 cargo test --test crash`.

mod common;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::Rng;

/// The server under test, on a fixed port so clients find it again after each restart.
struct Server {
    child: Option<Child>,
    port: u16,
    args: Vec<String>,
}

impl Server {
    async fn start(args: Vec<String>, port: u16) -> Server {
        let mut s = Server { child: None, port, args };
        s.spawn().await;
        s
    }

    async fn spawn(&mut self) {
        let child = Command::new(env!("CARGO_BIN_EXE_hartslag"))
            .arg("serve")
            .args(&self.args)
            .args(["--listen", &format!("127.0.0.1:{}", self.port)])
            .env("HARTSLAG_SECRET_KEY", hex::encode(common::SECRET))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hartslag serve");
        self.child = Some(child);
        for _ in 0..300 {
            if reqwest::get(format!("http://127.0.0.1:{}/readyz", self.port))
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server did not come back");
    }

    /// SIGKILL: no shutdown, no flush, nothing the process can do about it.
    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            c.kill().unwrap();
            c.wait().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// What the writers were told was done.
#[derive(Default)]
struct Acknowledged {
    situations: Vec<String>,
    /// Per (person, proposal): the choices sent, in order, and how many of them were
    /// acknowledged at the moment of the last acknowledgement (the stored vote must be the last
    /// acknowledged one or a later one that reached the server before a kill).
    votes: HashMap<(i64, i64), (Vec<&'static str>, usize)>,
    /// The proposal text edited through the web form: the highest acknowledged version and text.
    proposal_text: (i64, String),
    /// Per (session, step): the highest acknowledged version and its text.
    notes: HashMap<(i64, i64), (i64, String)>,
    /// The receipts of acknowledged scan answers (each respondent answers once).
    receipts: Vec<String>,
}

async fn run(db: hartslag::db::Db, server_args: Vec<String>) {
    let w = common::world(&db).await;
    let seconds: u64 = std::env::var("HARTSLAG_CRASH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(12);
    // A proposal in validation to vote on.
    let proposal = {
        use hartslag::proposals::state::{Action, Role};
        use hartslag::proposals::store as proposals;
        let anna = common::actor(&db, w.member).await;
        let text = proposals::Text {
            title: "Crashbestendig".into(),
            problem: "P".into(),
            proposal: "V".into(),
            expected_effect: "E".into(),
            risks: "R".into(),
        };
        let id = proposals::create(&db, &anna, w.circle, None, "improvement", &text).await.unwrap();
        let p = proposals::get(&db, id).await.unwrap();
        proposals::transition(&db, &anna, &p, Action::StartValidation, Role::Member, "").await.unwrap();
        id
    };
    let members = [w.member, w.member2, w.member3];
    let mut tokens = Vec::new();
    for m in members {
        tokens.push(hartslag::auth::create_api_token(&db, m, "crash").await.unwrap());
    }
    let port = common::free_port();
    let mut server = Server::start(server_args, port).await;
    let base = format!("http://127.0.0.1:{port}/api/v1");
    // The shared-note steps of the session (personal steps refuse notes).
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let mut steps = Vec::new();
    for step in 1..=12 {
        let r = client
            .put(format!("{base}/sessions/{}/notes/{step}", w.session))
            .bearer_auth(&tokens[0])
            .json(&serde_json::json!({"body": "", "version": 0}))
            .send()
            .await
            .unwrap();
        if r.status().is_success() {
            steps.push(step);
        }
    }
    assert!(!steps.is_empty(), "no step of the session takes a shared note");

    let ack = Arc::new(Mutex::new(Acknowledged::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let writes = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let (ack, stop, writes, client, base, token) =
            (ack.clone(), stop.clone(), writes.clone(), client.clone(), base.clone(), token.clone());
        let person = members[i];
        // Each writer edits its own note where the session has enough steps; otherwise they
        // share one, and their edits race (a stale one is refused with 409 and retried).
        let (circle, session, step) = (w.circle, w.session, steps[i % steps.len()]);
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            // This writer owns one note: its versions form a chain only it extends.
            let mut version = 0i64;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                match n % 3 {
                    0 => {
                        let title = format!("Situatie {person}-{n}");
                        let r = client
                            .post(format!("{base}/circles/{circle}/situations"))
                            .bearer_auth(&token)
                            .json(&serde_json::json!({"title": title, "description": "Tijdens een crash"}))
                            .send()
                            .await;
                        if r.is_ok_and(|r| r.status().is_success()) {
                            ack.lock().unwrap().situations.push(title);
                            writes.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    1 => {
                        let choice = if n % 2 == 0 { "agree" } else { "object" };
                        ack.lock().unwrap().votes.entry((person, proposal)).or_default().0.push(choice);
                        let r = client
                            .post(format!("{base}/proposals/{proposal}/votes"))
                            .bearer_auth(&token)
                            .json(&serde_json::json!({"choice": choice, "reason": "Omdat"}))
                            .send()
                            .await;
                        if r.is_ok_and(|r| r.status().is_success()) {
                            let mut a = ack.lock().unwrap();
                            let e = a.votes.get_mut(&(person, proposal)).unwrap();
                            e.1 = e.0.len();
                            writes.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    _ => {
                        let body = format!("Notitie {person} versie {n}");
                        let r = client
                            .put(format!("{base}/sessions/{session}/notes/{step}"))
                            .bearer_auth(&token)
                            .json(&serde_json::json!({"body": body, "version": version}))
                            .send()
                            .await;
                        match r {
                            Ok(r) if r.status().is_success() => {
                                let v: serde_json::Value = r.json().await.unwrap_or_default();
                                if let Some(v) = v["version"].as_i64() {
                                    version = v;
                                    let mut a = ack.lock().unwrap();
                                    let e = a.notes.entry((session, step)).or_insert((0, String::new()));
                                    if v > e.0 {
                                        *e = (v, body);
                                    }
                                    writes.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                            // An edit that landed but whose answer was lost: read where the
                            // chain is now and go on from there.
                            Ok(r) if r.status() == 409 => {
                                if let Ok(r) =
                                    client.get(format!("{base}/sessions/{session}")).bearer_auth(&token).send().await
                                    && let Ok(s) = r.json::<serde_json::Value>().await
                                {
                                    let stored = s["notes"].as_array().and_then(|ns| {
                                        ns.iter().find(|x| x["step"] == step).and_then(|x| x["version"].as_i64())
                                    });
                                    version = stored.unwrap_or(version);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            }
        }));
    }

    // A fourth writer edits a proposal's text through the web form, as a browser would.
    {
        let browser = common::TestApp::client();
        let web = format!("http://127.0.0.1:{port}");
        let r = common::post_login(&browser, &web, &[("email", "member@test.example"), ("password", common::PASSWORD)])
            .await;
        assert_eq!(r.status(), 303);
        let page = browser.get(format!("{web}/proposals/{}/edit", w.draft)).send().await.unwrap().text().await.unwrap();
        let csrf = common::extract_csrf(&page).unwrap();
        let (ack, stop, writes, db, draft) = (ack.clone(), stop.clone(), writes.clone(), db.clone(), w.draft);
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            let mut version: i64 = sqlx::query_scalar("SELECT version FROM proposals WHERE id = $1")
                .bind(draft)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let text = format!("Een scherm in de teamkamer, versie {n}");
                let v = version.to_string();
                let form =
                    [("csrf", csrf.as_str()), ("title", "Overdrachtsscherm"), ("proposal", &text), ("version", &v)];
                match browser.post(format!("{web}/proposals/{draft}/edit")).form(&form).send().await {
                    Ok(r) if r.status() == 303 => {
                        version += 1;
                        let mut a = ack.lock().unwrap();
                        if version > a.proposal_text.0 {
                            a.proposal_text = (version, text);
                        }
                        writes.fetch_add(1, Ordering::Relaxed);
                    }
                    // The answer to an edit that landed was lost: go on from the stored version
                    // (the harness reads it; a person would see the conflict page).
                    Ok(r) if r.status() == 409 => {
                        version = sqlx::query_scalar("SELECT version FROM proposals WHERE id = $1")
                            .bind(draft)
                            .fetch_one(&db.pool)
                            .await
                            .unwrap();
                    }
                    _ => {}
                }
            }
        }));
    }

    // A fifth writer: respondents send the pulse scan through the web form, one after another,
    // each once. The answer is acknowledged by the redirect to the receipt.
    let scan_run = {
        use hartslag::scans::store as scans;
        let today = chrono::Local::now().date_naive();
        let n = scans::NewRun {
            instrument: "pulse".into(),
            variant: String::new(),
            title: "Puls tijdens een crash".into(),
            population: "org".into(),
            units: vec![],
            jobs: vec![],
            opens_on: today.to_string(),
            closes_on: (today + chrono::Duration::days(14)).to_string(),
        };
        let id = scans::create(&db, &common::actor(&db, w.adviser).await, &n, today).await.unwrap();
        scans::run(&db, w.org, id).await.unwrap().unwrap()
    };
    {
        let mut respondents = Vec::new();
        for i in 0..(100 * seconds) {
            let p = hartslag::orgs::NewPerson {
                name: format!("Respondent {i}"),
                email: format!("respondent{i}@test.example"),
                unit_id: Some(w.unit),
                ..Default::default()
            };
            let id = hartslag::orgs::create_person(&db, w.org, &p).await.unwrap();
            let cookie = hartslag::auth::create_session(&db, id).await.unwrap();
            let csrf: String = sqlx::query_scalar("SELECT csrf_token FROM login_sessions WHERE person_id = $1")
                .bind(id)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            respondents.push((cookie, csrf));
        }
        let answers: Vec<(String, String)> =
            common::scan_answers(&scan_run, 3).into_iter().map(|(k, v)| (format!("a.{k}"), v.to_string())).collect();
        let web = format!("http://127.0.0.1:{port}/scans/{}/answers", scan_run.id);
        let (ack, stop, writes) = (ack.clone(), stop.clone(), writes.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(10))
                .build()
                .unwrap();
            let mut next = respondents.into_iter();
            let mut current = next.next();
            while let Some((cookie, csrf)) = current.clone() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let mut form = answers.clone();
                form.push(("csrf".into(), csrf));
                form.push(("action".into(), "send".into()));
                let r =
                    client.post(&web).header("Cookie", format!("hartslag_session={cookie}")).form(&form).send().await;
                match r {
                    Ok(r) if r.status() == 303 => {
                        let to = r.headers()["location"].to_str().unwrap().to_string();
                        let receipt = to.strip_prefix("/scans/results/").expect("the receipt's address").to_string();
                        ack.lock().unwrap().receipts.push(receipt);
                        writes.fetch_add(1, Ordering::Relaxed);
                        current = next.next();
                    }
                    // Sent before a kill, answer lost: this person is done; the next one goes on.
                    Ok(r) if r.status() == 409 => current = next.next(),
                    _ => tokio::time::sleep(Duration::from_millis(20)).await,
                }
            }
        }));
    }

    // Kill at random moments for the set time.
    let mut kills = 0;
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(seconds) {
        let wait = rand::thread_rng().gen_range(200..1200);
        tokio::time::sleep(Duration::from_millis(wait)).await;
        server.kill();
        kills += 1;
        tokio::time::sleep(Duration::from_millis(50)).await;
        server.spawn().await;
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    server.kill();

    // Everything acknowledged is there.
    let ack = std::mem::take(&mut *ack.lock().unwrap());
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT title FROM work_situations").fetch_all(&db.pool).await.unwrap();
    let stored: std::collections::HashSet<String> = stored.into_iter().collect();
    for title in &ack.situations {
        assert!(stored.contains(title), "acknowledged situation {title} was lost");
    }
    for ((person, proposal), (sent, acked)) in &ack.votes {
        if *acked == 0 {
            continue;
        }
        let choice: String = sqlx::query_scalar("SELECT choice FROM votes WHERE proposal_id = $1 AND person_id = $2")
            .bind(proposal)
            .bind(person)
            .fetch_one(&db.pool)
            .await
            .expect("an acknowledged vote was lost");
        // The stored vote is the last acknowledged one, or one sent after it.
        assert!(
            sent[acked - 1..].iter().any(|c| *c == choice),
            "vote of {person}: {choice} is older than acknowledged"
        );
    }
    for ((session, step), (version, body)) in &ack.notes {
        let (v, b): (i64, String) =
            sqlx::query_as("SELECT version, body FROM notes WHERE session_id = $1 AND step = $2")
                .bind(session)
                .bind(step)
                .fetch_one(&db.pool)
                .await
                .expect("an acknowledged note was lost");
        assert!(v >= *version, "note {session}/{step}: version {v} is older than the acknowledged {version}");
        if v == *version {
            assert_eq!(&b, body);
        }
    }
    let (version, text) = &ack.proposal_text;
    if *version > 0 {
        let (v, t): (i64, String) = sqlx::query_as("SELECT version, proposal FROM proposals WHERE id = $1")
            .bind(w.draft)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(v >= *version, "proposal text: version {v} is older than the acknowledged {version}");
        if v == *version {
            assert_eq!(&t, text);
        }
    }
    for receipt in &ack.receipts {
        assert!(
            hartslag::scans::store::by_receipt(&db, receipt).await.unwrap().is_some(),
            "acknowledged scan answers with receipt {receipt} were lost"
        );
    }
    // An answer and the mark that its respondent has answered are written together or not at all.
    let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scan_responses WHERE run_id = $1")
        .bind(scan_run.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let marks: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM scan_responded WHERE run_id = $1")
        .bind(scan_run.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(answers, marks, "scan answers and respondent marks differ");
    assert!(answers >= ack.receipts.len() as i64);
    let total = writes.load(Ordering::Relaxed);
    assert!(total > 50, "too few writes to mean anything: {total}");
    assert!(kills >= 5, "too few kills: {kills}");
    eprintln!(
        "crash test ({:?}): {total} acknowledged writes ({} situations, note edits up to version {}, proposal text up to \
         version {}, votes by {} members, {} scan answers), {kills} kills, nothing lost",
        db.engine,
        ack.situations.len(),
        ack.notes.values().map(|n| n.0).max().unwrap_or(0),
        ack.proposal_text.0,
        ack.votes.len(),
        ack.receipts.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_keeps_every_acknowledged_write_through_kills() {
    let dir = tempfile::tempdir().unwrap();
    let db = hartslag::db::Db::connect(&hartslag::db::sqlite_url_in(dir.path())).await.unwrap();
    db.migrate().await.unwrap();
    run(db.clone(), vec!["--data-dir".into(), dir.path().display().to_string()]).await;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&db.pool).await.unwrap();
    assert_eq!(check, "ok");
    let fk: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check").fetch_all(&db.pool).await.unwrap_or_default();
    assert!(fk.is_empty(), "foreign keys broken: {fk:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_keeps_every_acknowledged_write_through_kills() {
    let Ok(server) = std::env::var("HARTSLAG_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("HARTSLAG_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "HARTSLAG_REQUIRE_POSTGRES=1 but HARTSLAG_TEST_POSTGRES_URL is not set"
        );
        return;
    };
    let url = common::fresh_postgres_database(&server).await;
    let db = hartslag::db::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    run(db.clone(), vec!["--database-url".into(), url.clone()]).await;
    // PostgreSQL's own check of every B-tree index (amcheck, from the server's contrib modules).
    sqlx::query("CREATE EXTENSION IF NOT EXISTS amcheck").execute(&db.pool).await.unwrap();
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE a.amname = 'btree' AND n.nspname = 'public'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert!(!indexes.is_empty());
    for index in &indexes {
        sqlx::query(&format!("SELECT bt_index_check('{index}'::regclass, true)::text"))
            .execute(&db.pool)
            .await
            .unwrap();
    }
}
