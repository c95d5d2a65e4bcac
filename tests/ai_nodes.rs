//! AI requests shared by several app nodes on one database: the node that runs a request keeps
//! a heartbeat in `ai_requests` and reads there whether anyone asked to stop it; any node marks
//! a request whose node went silent as interrupted. First the store and the page on both
//! engines, then two real `hartslag serve` processes on one PostgreSQL with a real model server
//! (llama-cpp-python): following a draft on the other node, stopping it from the other node,
//! and killing the node that runs one.

mod common;

use std::time::{Duration, Instant};

use common::{ModelServer, Node, world};
use hartslag::ai::store::{Beat, INTERRUPTED, NewRequest, create_request, finish, heartbeat, reap, request_cancel};
use hartslag::db::{Db, Row};

/// The week's third session: its frame holds the AI step.
async fn third_session(db: &Db, cycle: i64) -> i64 {
    sqlx::query("SELECT id FROM sessions WHERE cycle_id = $1 AND position = 3")
        .bind(cycle)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get("id")
}

/// A draft request for a session, taken on by `node` with its last heartbeat `beat_ago`
/// seconds ago (`None`: still queued, never taken on), asked for `asked_ago` seconds ago.
async fn request(db: &Db, w: &common::World, session: i64, node: Option<&str>, beat_ago: i64, asked_ago: i64) -> i64 {
    let r = NewRequest { kind: "draft", circle_id: Some(w.circle), session_id: Some(session), ..Default::default() };
    let id = create_request(db, w.org, w.member, &r).await.unwrap();
    let now = hartslag::db::now();
    sqlx::query("UPDATE ai_requests SET created_at = $1 WHERE id = $2")
        .bind(now - asked_ago)
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    if let Some(node) = node {
        sqlx::query("UPDATE ai_requests SET status = 'running', node = $1, heartbeat_at = $2 WHERE id = $3")
            .bind(node)
            .bind(now - beat_ago)
            .bind(id)
            .execute(&db.pool)
            .await
            .unwrap();
    }
    id
}

/// The session page at its AI step, as `client` sees it on `base`.
async fn ai_step(client: &reqwest::Client, base: &str, session: i64) -> String {
    for step in 1..=7 {
        let page =
            client.get(format!("{base}/sessions/{session}?step={step}")).send().await.unwrap().text().await.unwrap();
        if page.contains("aria-labelledby=\"ai-title\"") {
            return page;
        }
    }
    panic!("session {session} has no AI step");
}

async fn state(db: &Db, id: i64) -> (String, String) {
    let r =
        sqlx::query("SELECT status, error FROM ai_requests WHERE id = $1").bind(id).fetch_one(&db.pool).await.unwrap();
    (r.get("status"), r.get("error"))
}

backends! {
    async fn a_request_whose_node_went_silent_is_interrupted_and_a_living_one_is_not(app) {
        let db = &app.db;
        let w = world(db).await;
        let third = third_session(db, w.cycle).await;
        let alive = request(db, &w, third, Some("node-a"), 5, 60).await;
        let silent = request(db, &w, third, Some("node-b"), 31, 60).await;
        let never_taken = request(db, &w, third, None, 0, 31).await;
        let just_asked = request(db, &w, third, None, 0, 1).await;
        let done = request(db, &w, third, Some("node-a"), 3600, 3600).await;
        assert!(finish(db, done, "done", "").await.unwrap());

        let mut reaped = reap(db, hartslag::db::now(), Duration::from_secs(30)).await.unwrap();
        reaped.sort();
        assert_eq!(reaped, [silent, never_taken]);
        for id in [silent, never_taken] {
            assert_eq!(state(db, id).await, ("failed".into(), INTERRUPTED.into()));
        }
        assert_eq!(state(db, alive).await.0, "running");
        assert_eq!(state(db, just_asked).await.0, "queued");
        assert_eq!(state(db, done).await.0, "done");
        let finished: Option<i64> = sqlx::query_scalar("SELECT finished_at FROM ai_requests WHERE id = $1")
            .bind(silent)
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert!(finished.is_some());
        assert!(reap(db, hartslag::db::now(), Duration::from_secs(30)).await.unwrap().is_empty(), "once is enough");

        // The silent node comes back: its heartbeat tells it to stop, and its late end changes
        // nothing.
        assert_eq!(heartbeat(db, silent, "node-b").await.unwrap(), Beat::Gone);
        assert!(!finish(db, silent, "done", "").await.unwrap());
        assert_eq!(state(db, silent).await, ("failed".into(), INTERRUPTED.into()));

        // A stop asked for on any node reaches the node that runs it with its next heartbeat;
        // only that node's heartbeat counts.
        assert_eq!(heartbeat(db, alive, "node-a").await.unwrap(), Beat::Running);
        assert_eq!(heartbeat(db, alive, "node-x").await.unwrap(), Beat::Gone);
        assert!(request_cancel(db, alive).await.unwrap());
        assert_eq!(heartbeat(db, alive, "node-a").await.unwrap(), Beat::CancelRequested);
        assert!(!request_cancel(db, done).await.unwrap(), "a finished request has nothing to stop");
        // A request erased while it runs (a learning-path suggestion of a person erased): its
        // node hears it is gone.
        let erased = request(db, &w, third, Some("node-a"), 1, 1).await;
        sqlx::query("DELETE FROM ai_requests WHERE id = $1").bind(erased).execute(&db.pool).await.unwrap();
        assert_eq!(heartbeat(db, erased, "node-a").await.unwrap(), Beat::Gone);

        // A page that lists a request whose node went silent shows it as interrupted, with a way
        // to ask again, without waiting for the housekeeping.
        let stale = request(db, &w, third, Some("node-c"), 40, 60).await;
        // An AI server is chosen (none needs to answer for the page to offer the form).
        let change = hartslag::ai::settings::Change {
            mode: "openai",
            base_url: "http://127.0.0.1:9/v1",
            model: "smollm2-135m",
            key: "",
            clear_key: false,
            allow_external: false,
        };
        hartslag::ai::settings::save(db, hartslag::audit::By::Server { org_id: w.org }, &common::SECRET, &change).await.unwrap();
        let member = app.login("member@test.example").await;
        let page = ai_step(&member.client, &app.base, third).await;
        assert!(page.contains(&format!("id=\"ai-{stale}\"")));
        assert!(page.contains("Dit verzoek is onderbroken"), "the AI step shows the interrupted draft");
        assert!(page.contains(&format!("action=\"/sessions/{third}/ai/draft\"")), "and the form to ask again");
        assert_eq!(state(db, stale).await, ("failed".into(), INTERRUPTED.into()));
        assert_eq!(state(db, alive).await.0, "running", "the page reaps only the silent ones");
    }
}

/// The data lines of a server-sent event stream, as JSON.
fn events(body: &str) -> Vec<serde_json::Value> {
    body.lines().filter_map(|l| l.strip_prefix("data: ")).map(|d| serde_json::from_str(d).unwrap()).collect()
}

async fn outputs(db: &Db, id: i64) -> Vec<(String, String)> {
    sqlx::query("SELECT field, text FROM ai_outputs WHERE request_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("field"), r.get("text")))
        .collect()
}

async fn node_of(db: &Db, id: i64) -> String {
    sqlx::query_scalar::<_, Option<String>>("SELECT node FROM ai_requests WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .expect("the request names its node")
}

/// Bound on silence in this test (`HARTSLAG_AI_STALE_SECONDS`): short, to keep the test short.
const STALE: u64 = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_follow_stop_and_outlive_each_others_ai_requests() {
    let Ok(server) = std::env::var("HARTSLAG_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("HARTSLAG_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "HARTSLAG_REQUIRE_POSTGRES=1 but HARTSLAG_TEST_POSTGRES_URL is not set"
        );
        eprintln!("two-node AI test not run: set HARTSLAG_TEST_POSTGRES_URL (see .ci/run)");
        return;
    };
    let Some(model) = ModelServer::start().await else { return };
    let url = common::fresh_postgres_database(&server).await;
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let w = world(&db).await;
    common::use_model_server(&db, w.org, &model).await;
    let third = third_session(&db, w.cycle).await;
    let stale = STALE.to_string();
    // Short fields keep the test short; long enough that a stop arrives while one is written.
    let env = [("HARTSLAG_AI_STALE_SECONDS", stale.as_str()), ("HARTSLAG_AI_MAX_TOKENS", "32")];
    let mut a = Node::start(&url, &[], &env).await;
    let b = Node::start(&url, &[], &env).await;

    // Anna signs in once; her session works on both nodes.
    let anna = common::TestApp::client();
    let r =
        common::post_login(&anna, &a.base, &[("email", "member@test.example"), ("password", common::PASSWORD)]).await;
    assert_eq!(r.status(), 303);
    let home = anna.get(format!("{}/", b.base)).send().await.unwrap().text().await.unwrap();
    let csrf = common::extract_csrf(&home).unwrap();
    let ask = |base: String| {
        let (anna, csrf) = (anna.clone(), csrf.clone());
        async move {
            let r = anna
                .post(format!("{base}/sessions/{third}/ai/draft"))
                .header("X-Hartslag-Async", "1")
                .form(&[("csrf", csrf.as_str())])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 202);
            r.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap()
        }
    };

    // 1. A draft asked on node A, followed as the page's script does on node B: B reads the
    // database every second and sends each finished field, then the end.
    let started = Instant::now();
    let first = ask(a.base.clone()).await;
    let body = anna.get(format!("{}/ai/requests/{first}/events", b.base)).send().await.unwrap().text().await.unwrap();
    let followed = started.elapsed();
    let states = events(&body);
    assert_eq!(states[0]["done"], false, "node B began following while node A was writing");
    let last = states.last().unwrap();
    assert_eq!((last["done"].as_bool(), last["status"].as_str()), (Some(true), Some("done")));
    let stored = outputs(&db, first).await;
    let fields: Vec<&str> = stored.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(fields, ["title", "problem", "proposal", "expected_effect", "risks"]);
    let sent: Vec<(String, String)> =
        serde_json::from_value(last["fields"].clone()).expect("the last event carries every field");
    assert_eq!(sent, stored, "node B sent what node A wrote");
    let counts: Vec<usize> = states.iter().map(|s| s["fields"].as_array().unwrap().len()).collect();
    assert!(counts.windows(2).all(|p| p[0] <= p[1]), "fields only arrive: {counts:?}");
    assert!(counts.len() >= 3, "node B sent fields as they were finished, not only the end: {counts:?}");
    let node_a = node_of(&db, first).await;
    eprintln!(
        "draft 1: written on node A ({node_a}) and followed on node B to the end in {followed:.1?}: {counts:?} fields per event"
    );
    // Without JavaScript, node B's page shows the stored draft.
    let page = ai_step(&anna, &b.base, third).await;
    assert!(page.contains(&format!("/proposals/new?ai={first}")), "node B's page offers the draft to take over");

    // 2. A second draft on node A, stopped through node B's form (without JavaScript): node A
    // hears it with its heartbeat and stops its model; node B waits for the end and returns.
    let second = ask(a.base.clone()).await;
    let asked = Instant::now();
    let r = anna
        .post(format!("{}/ai/requests/{second}/cancel", b.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let stopped_in = asked.elapsed();
    assert_eq!(state(&db, second).await, ("cancelled".into(), String::new()), "node A recorded the stop");
    assert_eq!(node_of(&db, second).await, node_a);
    let written = outputs(&db, second).await.len();
    assert!(written < 5, "{written} of 5 fields were written: the generation went on");
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(outputs(&db, second).await.len(), written, "nothing is written after the stop");
    eprintln!(
        "draft 2: stopped through node B; node A ended it {stopped_in:.1?} after the request, {written}/5 fields"
    );

    // 3. A third draft on node A, followed on node B; node A is killed while it writes. Node B
    // marks it interrupted once it has been silent for STALE seconds, and Anna can ask again
    // there.
    let third_id = ask(a.base.clone()).await;
    assert_eq!(state(&db, third_id).await.0, "running");
    let follow = {
        let (anna, url) = (anna.clone(), format!("{}/ai/requests/{third_id}/events", b.base));
        tokio::spawn(async move { anna.get(url).send().await.unwrap().text().await.unwrap() })
    };
    a.kill();
    let killed = Instant::now();
    let mut reaped_in = None;
    while killed.elapsed() < Duration::from_secs(60) {
        if state(&db, third_id).await.0 != "running" {
            reaped_in = Some(killed.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let reaped_in = reaped_in.expect("the request of the killed node was never marked interrupted");
    assert_eq!(state(&db, third_id).await, ("failed".into(), INTERRUPTED.into()));
    // Its last heartbeat was at most 2 s before the kill, timestamps are whole seconds, and
    // node B looks every 2 s (STALE / 3).
    assert!(reaped_in >= Duration::from_secs(STALE - 3), "too early: {reaped_in:?}");
    assert!(reaped_in <= Duration::from_secs(STALE + 5), "too late: {reaped_in:?}");
    let body = tokio::time::timeout(Duration::from_secs(10), follow).await.expect("the stream ends").unwrap();
    let end = events(&body).pop().unwrap();
    assert_eq!(
        (end["done"].as_bool(), end["status"].as_str(), end["error"].as_str()),
        (Some(true), Some("failed"), Some(INTERRUPTED))
    );
    let page = ai_step(&anna, &b.base, third).await;
    assert!(page.contains(&format!("id=\"ai-{third_id}\"")) && page.contains("Dit verzoek is onderbroken"));
    eprintln!("draft 3: node A killed; node B marked it interrupted after {reaped_in:.1?} (bound {STALE} s)");

    // Anna asks again on node B, without JavaScript: it runs there to the end.
    let r = anna
        .post(format!("{}/sessions/{third}/ai/draft", b.base))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let again: i64 = sqlx::query_scalar("SELECT MAX(id) FROM ai_requests").fetch_one(&db.pool).await.unwrap();
    assert!(again > third_id);
    assert_eq!(state(&db, again).await, ("done".into(), String::new()));
    assert_eq!(outputs(&db, again).await.len(), 5);
    assert_ne!(node_of(&db, again).await, node_a, "node B ran it");
}
