//! xAPI learning records against a real Learning Record Store: Learning Locker's statement
//! service (npm `xapi-statements`, `scripts/setup-lrs`), which checks every statement with its
//! own xAPI validator before it stores it. What arrives, only with consent, once however often
//! it is retried, and what happens when the LRS is down or refuses — on both engines.

mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use hartslag::jobs::Runner;
use serde_json::Value;

const PUBLIC: &str = "https://hartslag.zorggroep.test";
const KEY: &str = "hartslag-key";
const SECRET: &str = "lrs-secret-4f1c";

/// Node and the directory `scripts/setup-lrs` installed the LRS into, or `None` (and a notice)
/// when they are missing and not required.
fn lrs_dir() -> Option<(String, PathBuf)> {
    let dir = std::env::var("HARTSLAG_TEST_LRS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/lrs"));
    let node = std::env::var("HARTSLAG_TEST_NODE").unwrap_or_else(|_| "node".into());
    let node_ok = Command::new(&node).arg("--version").output().is_ok_and(|o| o.status.success());
    if node_ok && dir.join("node_modules/xapi-statements/package.json").exists() {
        return Some((node, dir));
    }
    let why = if node_ok { "run scripts/setup-lrs" } else { "install node (20 or later)" };
    assert!(
        std::env::var("HARTSLAG_REQUIRE_LRS").as_deref() != Ok("1"),
        "HARTSLAG_REQUIRE_LRS=1 but the LRS cannot run: {why}"
    );
    eprintln!("xAPI tests against the LRS not run: {why} (see .ci/run)");
    None
}

/// The LRS process, killed when dropped.
struct Lrs {
    child: Child,
    port: u16,
}

impl Drop for Lrs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Lrs {
    async fn start(node: &str, dir: &PathBuf, port: u16) -> Lrs {
        let child = Command::new(node)
            .arg(dir.join("lrs.js"))
            .current_dir(dir)
            .env("LRS_PORT", port.to_string())
            .env("LRS_KEY", KEY)
            .env("LRS_SECRET", SECRET)
            .env("AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node starts");
        let lrs = Lrs { child, port };
        for _ in 0..200 {
            if let Ok(r) = reqwest::get(format!("{}/about", lrs.base())).await
                && r.status().is_success()
            {
                return lrs;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the LRS did not start on port {port}");
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}/xAPI", self.port)
    }

    /// Every statement the LRS stored, read back with its own API.
    async fn statements(&self) -> Vec<Value> {
        let r = reqwest::Client::new()
            .get(format!("{}/statements", self.base()))
            .basic_auth(KEY, Some(SECRET))
            .header("X-Experience-API-Version", "1.0.3")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        body["statements"].as_array().unwrap().clone()
    }
}

fn public_node() -> hartslag::web::Config {
    hartslag::web::Config { public_url: Some(PUBLIC.into()), ..Default::default() }
}

fn runner(db: &hartslag::db::Db) -> Runner {
    Runner::new(db.clone(), None, common::SECRET, Some(PUBLIC.into()))
}

fn local(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

/// The session starts a minute from now (after any consent given so far) and lasts an hour.
async fn session_soon(db: &hartslag::db::Db, session: i64) {
    sqlx::query("UPDATE sessions SET starts_at = $1, minutes = 60 WHERE id = $2")
        .bind(local(chrono::Local::now().naive_local() + chrono::Duration::minutes(1)))
        .bind(session)
        .execute(&db.pool)
        .await
        .unwrap();
}

/// Two hours from now: the session above is over.
fn later() -> i64 {
    hartslag::db::now() + 2 * 3600
}

async fn configure(admin: &common::User, endpoint: &str, password: &str) -> (u16, String) {
    admin
        .post("/admin/xapi", &[("endpoint", endpoint), ("username", KEY), ("password", password), ("enabled", "1")])
        .await
}

/// xAPI jobs that are "done", "failed" (given up) or "queued".
async fn xapi_jobs(db: &hartslag::db::Db, state: &str) -> i64 {
    let condition = match state {
        "done" => "done_at IS NOT NULL",
        "failed" => "failed_at IS NOT NULL",
        _ => "done_at IS NULL AND failed_at IS NULL",
    };
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM jobs WHERE kind = 'xapi.statement' AND {condition}"))
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

backends! {
    async fn statements_reach_a_real_lrs_only_with_consent_and_only_once(app) {
        let Some((node_bin, dir)) = lrs_dir() else { return };
        let lrs = Lrs::start(&node_bin, &dir, common::free_port()).await;
        let db = &app.db;
        let w = world(db).await;
        let node = app.another_node(public_node()).await;

        // Off by default: nobody is asked, nothing is planned.
        let bram = node.login("member2@test.example").await;
        let (_, page) = bram.get("/me/connections").await;
        assert!(!page.contains("id=\"xapi\""), "no consent question while the organisation does not export");
        assert_eq!(bram.post("/me/connections/xapi", &[("consent", "1")]).await.0, 422, "nothing to consent to yet");

        // The administrator connects the LRS and tests the connection.
        let admin = node.login("admin@test.example").await;
        let (status, to) = configure(&admin, &lrs.base(), SECRET).await;
        assert_eq!((status, to.as_str()), (303, "/admin/xapi?saved=1"));
        let sealed: String = sqlx::query_scalar("SELECT secret_sealed FROM xapi_settings").fetch_one(&db.pool).await.unwrap();
        assert!(!sealed.contains(SECRET) && !sealed.is_empty(), "the password is stored sealed");
        let (status, page) = admin.post("/admin/xapi/test", &[]).await;
        assert_eq!(status, 200);
        assert!(page.contains("1.0.3"), "the LRS's versions are shown");
        assert!(page.contains("De gebruikersnaam en het wachtwoord worden geaccepteerd."), "{page}");

        // Bram says yes; Anna does not.
        let (_, page) = bram.get("/me/connections").await;
        assert!(page.contains("id=\"xapi\"") && page.contains("127.0.0.1"), "the question names who receives the records");
        assert_eq!(bram.post("/me/connections/xapi", &[("consent", "1")]).await.0, 303);
        let (_, page) = bram.get("/me/connections").await;
        assert!(page.contains("Je gaf toestemming op"), "{page}");

        // Both attend a session that begins after Bram's consent; Bram helps validate a proposal
        // that goes to the manager. The proposal of the world was submitted before: not sent.
        session_soon(db, w.session).await;
        let anna = node.login("member@test.example").await;
        let present = [("present", w.member.to_string()), ("present", w.member2.to_string())];
        let fields: Vec<(&str, &str)> = present.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(anna.post(&format!("/sessions/{}/attendance", w.session), &fields).await.0, 303);
        let proposal = validated_and_submitted(db, &w, "Dubbele check bij insuline").await;

        assert_eq!(hartslag::xapi::plan(db, later()).await.unwrap(), 2, "one attendance and one contribution, Bram's");
        assert_eq!(hartslag::xapi::plan(db, later()).await.unwrap(), 0, "planning again adds nothing");
        let runner = runner(db);
        assert_eq!(runner.run_due().await.unwrap(), 2);
        assert_eq!(xapi_jobs(db, "done").await, 2);

        // The LRS checks what it is given: a statement that is not xAPI is refused.
        let refused = reqwest::Client::new()
            .post(format!("{}/statements", lrs.base()))
            .basic_auth(KEY, Some(SECRET))
            .header("X-Experience-API-Version", "1.0.3")
            .json(&serde_json::json!({ "actor": { "mbox": "bram@test.example" }, "verb": { "id": "attended" }, "object": { "id": "x" } }))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400);

        // What the LRS stored (it validated each statement before storing it).
        let got = lrs.statements().await;
        assert_eq!(got.len(), 2, "{got:#?}");
        for s in &got {
            assert_eq!(s["actor"]["mbox"], "mailto:member2@test.example");
            assert_eq!(s["actor"]["name"], "Bram Lid");
            assert_eq!(s["context"]["platform"], "Hartslag");
            assert_eq!(s["context"]["contextActivities"]["grouping"][0]["id"], format!("{PUBLIC}/circles/{}", w.circle));
            let text = s.to_string();
            for secret in ["Geheime aantekening", "agree", "Anna", "member@test.example", "Stilteruimte"] {
                assert!(!text.contains(secret), "{secret} leaked into {text}");
            }
        }
        let attended = got.iter().find(|s| s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended").unwrap();
        assert_eq!(attended["object"]["id"], format!("{PUBLIC}/sessions/{}", w.session));
        assert_eq!(attended["object"]["definition"]["type"], "http://adlnet.gov/expapi/activities/meeting");
        assert_eq!(attended["object"]["definition"]["name"]["nl-NL"], "Sessie 1 van Prof-cirkel Overdracht");
        assert_eq!(attended["result"]["duration"], "PT60M");
        let contributed = got.iter().find(|s| s["verb"]["id"] == format!("{PUBLIC}/xapi/verbs/contributed")).unwrap();
        assert_eq!(contributed["object"]["id"], format!("{PUBLIC}/proposals/{proposal}"));
        assert_eq!(contributed["object"]["definition"]["name"]["nl-NL"], "Dubbele check bij insuline");
        // The verb and type IRIs resolve to what they mean.
        let verb: Value = reqwest::get(node.url("/xapi/verbs/contributed")).await.unwrap().json().await.unwrap();
        assert_eq!(verb["name"]["en-US"], "contributed to");

        // A lost answer: the same statements go out again under the same ids — still two.
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM xapi_statements ORDER BY id").fetch_all(&db.pool).await.unwrap();
        sqlx::query("UPDATE xapi_statements SET sent_at = NULL").execute(&db.pool).await.unwrap();
        sqlx::query("DELETE FROM jobs").execute(&db.pool).await.unwrap();
        hartslag::xapi::plan(db, later()).await.unwrap();
        assert_eq!(runner.run_due().await.unwrap(), 2);
        let again = lrs.statements().await;
        assert_eq!(again.len(), 2, "a resent statement is the same statement to the LRS");
        let mut stored: Vec<String> = again.iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
        stored.sort();
        assert_eq!(stored, ids);

        // Bram sees his count and can take it back: nothing new is planned after that.
        let (_, page) = bram.get("/me/connections").await;
        assert!(page.contains("Verstuurd: 2"), "{page}");
        let export: Value = serde_json::from_str(&bram.get("/me/data.json").await.1).unwrap();
        assert_eq!(export["xapi_statements"].as_array().unwrap().len(), 2);
        assert!(export["profile"]["xapi_consent_at"].is_i64());
        assert_eq!(bram.post("/me/connections/xapi", &[]).await.0, 303);
        session_soon(db, w.other_session).await;
        let fields = [("present", w.member2.to_string())];
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(anna.post(&format!("/sessions/{}/attendance", w.other_session), &fields).await.0, 303);
        assert_eq!(hartslag::xapi::plan(db, later()).await.unwrap(), 0, "no consent, nothing planned");

        // The administrator sees counts, never names.
        let (_, page) = admin.get("/admin/xapi").await;
        assert!(!page.contains("Bram"), "who consented is nobody's business");
        assert!(page.contains("<dd>2</dd>"), "two statements sent");
    }

    async fn an_lrs_that_is_down_gets_the_statement_later_and_one_that_refuses_is_given_up(app) {
        let Some((node_bin, dir)) = lrs_dir() else { return };
        let db = &app.db;
        let w = world(db).await;
        let node = app.another_node(public_node()).await;
        let port = common::free_port();
        let admin = node.login("admin@test.example").await;
        assert_eq!(configure(&admin, &format!("http://127.0.0.1:{port}/xAPI"), SECRET).await.0, 303);
        let bram = node.login("member2@test.example").await;
        assert_eq!(bram.post("/me/connections/xapi", &[("consent", "1")]).await.0, 303);
        session_soon(db, w.session).await;
        let s = hartslag::cycles::store::session(db, w.session).await.unwrap();
        hartslag::cycles::store::set_attendance(db, &s, &[w.member2]).await.unwrap();
        assert_eq!(hartslag::xapi::plan(db, later()).await.unwrap(), 1);

        // Nobody listens: the job waits for its backoff, the statement stays unsent.
        let runner = runner(db);
        assert_eq!(runner.run_due().await.unwrap(), 1);
        assert_eq!(xapi_jobs(db, "queued").await, 1);
        let error: String = sqlx::query_scalar("SELECT last_error FROM jobs WHERE kind = 'xapi.statement'").fetch_one(&db.pool).await.unwrap();
        assert!(error.contains("LRS not reachable"), "{error}");
        assert_eq!(runner.run_due().await.unwrap(), 0, "not before the backoff");

        // The LRS comes up; when the retry is due, the statement arrives.
        let lrs = Lrs::start(&node_bin, &dir, port).await;
        sqlx::query("UPDATE jobs SET run_at = 0").execute(&db.pool).await.unwrap();
        assert_eq!(runner.run_due().await.unwrap(), 1);
        assert_eq!(lrs.statements().await.len(), 1);
        let sent: Option<i64> = sqlx::query_scalar("SELECT sent_at FROM xapi_statements").fetch_one(&db.pool).await.unwrap();
        assert!(sent.is_some());

        // A wrong password: the LRS answers 401, which retrying will not mend — given up, and
        // listed for the administrator with a retry button.
        assert_eq!(configure(&admin, &lrs.base(), "wrong").await.0, 303);
        let proposal = validated_and_submitted(db, &w, "Pauzes op de afdeling").await;
        assert_eq!(hartslag::xapi::plan(db, later()).await.unwrap(), 1);
        assert_eq!(runner.run_due().await.unwrap(), 1);
        assert_eq!(xapi_jobs(db, "failed").await, 1);
        let (_, page) = admin.get("/admin/mail").await;
        assert!(page.contains("LRS answered 401"), "{page}");
        assert_eq!(lrs.statements().await.len(), 1);
        assert!(proposal > 0);

        // Switching the export off drops what was waiting, and no one is asked any more.
        sqlx::query("UPDATE xapi_statements SET sent_at = NULL").execute(&db.pool).await.unwrap();
        let (status, _) = admin.post("/admin/xapi", &[("endpoint", &lrs.base()), ("username", KEY)]).await;
        assert_eq!(status, 303);
        assert_eq!(common::count(db, "xapi_statements").await, 0);
        let (_, page) = bram.get("/me/connections").await;
        assert!(page.contains("id=\"xapi\""), "a yes that still stands stays visible, so it can be taken back");
        assert_eq!(hartslag::xapi::plan(db, later()).await.unwrap(), 0);
    }

    async fn bad_settings_are_refused_and_change_nothing(app) {
        let db = &app.db;
        let w = common::world(db).await;
        // Without a public address activity ids cannot be made: the export cannot be switched on.
        let admin = app.login("admin@test.example").await;
        let (status, body) = configure(&admin, "https://lrs.zorggroep.test/data/xAPI", SECRET).await;
        assert_eq!(status, 422);
        assert!(body.contains("publiek adres"), "{body}");
        let node = app.another_node(public_node()).await;
        let admin = node.login("admin@test.example").await;
        for (endpoint, message) in [
            ("http://lrs.zorggroep.test/xAPI", "moet met https:// beginnen"),
            ("https://lrs.zorggroep.test/xAPI?x=1", "geen bruikbaar adres"),
            ("https://user:pw@lrs.zorggroep.test/xAPI", "geen bruikbaar adres"),
            ("ftp://lrs.zorggroep.test/", "moet met https:// beginnen"),
            ("niet een adres", "geen bruikbaar adres"),
            ("", "Vul eerst het adres"),
        ] {
            let (status, body) = configure(&admin, endpoint, SECRET).await;
            assert_eq!(status, 422, "{endpoint}");
            assert!(body.contains(message), "{endpoint}: {body}");
        }
        assert_eq!(common::count(db, "xapi_settings").await, 0, "nothing was stored");
        // "…/statements" is taken as the base address.
        assert_eq!(configure(&admin, "https://lrs.zorggroep.test/data/xAPI/statements/", SECRET).await.0, 303);
        let s = hartslag::xapi::settings(db, w.org).await.unwrap();
        assert_eq!(s.endpoint, "https://lrs.zorggroep.test/data/xAPI");
        // In English too.
        assert_eq!(admin.get("/lang/en?next=/").await.0, 303);
        let (status, body) = configure(&admin, "http://lrs.zorggroep.test/xAPI", SECRET).await;
        assert_eq!(status, 422);
        assert!(body.contains("must start with https://"), "{body}");
    }
}

/// The test world, its proposal submitted a minute ago (before anyone's consent).
async fn world(db: &hartslag::db::Db) -> common::World {
    let w = common::world(db).await;
    sqlx::query("UPDATE proposals SET submitted_at = submitted_at - 60 WHERE id = $1")
        .bind(w.submitted)
        .execute(&db.pool)
        .await
        .unwrap();
    w
}

/// A new proposal of the world's circle that its three members vote for and Anna submits.
async fn validated_and_submitted(db: &hartslag::db::Db, w: &common::World, title: &str) -> i64 {
    use hartslag::proposals::state::{Action, Role};
    use hartslag::proposals::store as proposals;
    let m = common::actor(db, w.member).await;
    let text = proposals::Text {
        title: title.into(),
        problem: "Het gaat soms mis.".into(),
        proposal: "Een vaste afspraak.".into(),
        expected_effect: "Minder fouten.".into(),
        risks: "Geen.".into(),
    };
    let id = proposals::create(db, &m, w.circle, None, "improvement", &text).await.unwrap();
    let p = proposals::get(db, id).await.unwrap();
    proposals::transition(db, &m, &p, Action::StartValidation, Role::Member, "").await.unwrap();
    let settings = hartslag::orgs::settings(db, w.org).await.unwrap();
    for v in [w.member, w.member2, w.member3] {
        let a = common::actor(db, v).await;
        proposals::vote(db, &a, id, proposals::Choice::Agree, "", settings.validation).await.unwrap();
    }
    let p = proposals::get(db, id).await.unwrap();
    proposals::submit(db, &m, &p, w.manager).await.unwrap();
    id
}
