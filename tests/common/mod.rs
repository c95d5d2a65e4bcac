//! The test harness: every test gets a fresh database and a real server over HTTP.
//!
//! `backends!` turns one async test body into a SQLite and a PostgreSQL test. The PostgreSQL
//! variant uses `HARTSLAG_TEST_POSTGRES_URL` (a server URL whose user may create databases;
//! `.ci/run` starts one) and creates a fresh database per test. Without that variable it says
//! so and returns, unless `HARTSLAG_REQUIRE_POSTGRES=1` (set in CI) makes that a failure.

#![allow(dead_code)]

use std::net::SocketAddr;

use hartslag::db::{Db, Flag};
use hartslag::orgs::{self, NewPerson};
use hartslag::policy::Actor;

pub const PASSWORD: &str = "test-wachtwoord-123";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub db: Db,
    pub base: String,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh database of the given kind, migrated; `None` when PostgreSQL is not available.
/// A new, empty database on the test PostgreSQL server; its URL.
pub async fn fresh_postgres_database(server_url: &str) -> String {
    let admin = Db::connect(server_url).await.expect("connect to the test PostgreSQL server");
    let name = format!("hs_test_{}", &hartslag::auth::random_token()[..16]);
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap();
    admin.pool.close().await;
    let base = server_url.rsplit_once('/').map(|(b, _)| b.to_string()).unwrap_or(server_url.to_string());
    format!("{base}/{name}")
}

pub async fn fresh_db(backend: Backend) -> Option<(Db, Option<tempfile::TempDir>)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let db = Db::connect(&hartslag::db::sqlite_url_in(dir.path())).await.unwrap();
            db.migrate().await.unwrap();
            Some((db, Some(dir)))
        }
        Backend::Postgres => {
            let Ok(url) = std::env::var("HARTSLAG_TEST_POSTGRES_URL") else {
                if std::env::var("HARTSLAG_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                    panic!("HARTSLAG_REQUIRE_POSTGRES=1 but HARTSLAG_TEST_POSTGRES_URL is not set");
                }
                eprintln!("PostgreSQL variant not run: set HARTSLAG_TEST_POSTGRES_URL (see .ci/run)");
                return None;
            };
            let db = Db::connect(&fresh_postgres_database(&url).await).await.unwrap();
            db.migrate().await.unwrap();
            Some((db, None))
        }
    }
}

impl TestApp {
    pub async fn start(backend: Backend) -> Option<TestApp> {
        // Few tokens per AI field: tests check the plumbing, not the prose.
        let limits = hartslag::ai::Limits { max_tokens: Some(16), ..hartslag::ai::Limits::default() };
        let ai = hartslag::ai::AiService::new(None, limits, SECRET);
        Self::start_with_ai(backend, ai).await
    }

    /// With an AI service of the test's own making (limits, a local model).
    pub async fn start_with_ai(backend: Backend, ai: hartslag::ai::AiService) -> Option<TestApp> {
        Self::start_full(backend, ai, hartslag::web::Config::default(), false).await
    }

    /// With a configuration of the test's own making (mail on, a public address).
    pub async fn start_with_config(backend: Backend, config: hartslag::web::Config) -> Option<TestApp> {
        let limits = hartslag::ai::Limits { max_tokens: Some(16), ..hartslag::ai::Limits::default() };
        Self::start_full(backend, hartslag::ai::AiService::new(None, limits, SECRET), config, false).await
    }

    /// With `public_url` set to the server's own address, as single sign-on needs.
    pub async fn start_public(backend: Backend) -> Option<TestApp> {
        let limits = hartslag::ai::Limits { max_tokens: Some(16), ..hartslag::ai::Limits::default() };
        let ai = hartslag::ai::AiService::new(None, limits, SECRET);
        Self::start_full(backend, ai, hartslag::web::Config::default(), true).await
    }

    async fn start_full(
        backend: Backend,
        ai: hartslag::ai::AiService,
        mut config: hartslag::web::Config,
        public: bool,
    ) -> Option<TestApp> {
        let (db, dir) = fresh_db(backend).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        if public {
            config.public_url = Some(format!("http://{addr}"));
        }
        let app = hartslag::app_with_ai(db.clone(), config, std::sync::Arc::new(ai));
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Some(TestApp { db, base: format!("http://{addr}"), _dir: dir })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A second server (another app node) on the same database, with its own configuration.
    pub async fn another_node(&self, config: hartslag::web::Config) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr: SocketAddr = listener.local_addr().unwrap();
        let ai = hartslag::ai::AiService::new(None, hartslag::ai::Limits::default(), SECRET);
        let app = hartslag::app_with_ai(self.db.clone(), config, std::sync::Arc::new(ai));
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        TestApp { db: self.db.clone(), base: format!("http://{addr}"), _dir: None }
    }

    /// A browser-like client that keeps cookies and does not follow redirects.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
    }

    /// Signs in and returns the client and the CSRF token of its session.
    pub async fn login(&self, email: &str) -> User {
        let client = Self::client();
        let resp = post_login(&client, &self.base, &[("email", email), ("password", PASSWORD), ("next", "/")]).await;
        assert_eq!(resp.status(), 303, "login of {email} failed");
        let page = client.get(self.url("/")).send().await.unwrap().text().await.unwrap();
        let csrf = extract_csrf(&page).expect("a csrf token on the page");
        User { client, csrf, base: self.base.clone() }
    }
}

pub fn extract_csrf(page: &str) -> Option<String> {
    hidden_field(page, "csrf")
}

/// The value of a hidden form field on a page.
pub fn hidden_field(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')?;
    Some(page[start..start + end].to_string())
}

/// Opens the login page as a browser does: the client keeps its cookie; the form's token.
pub async fn login_form(client: &reqwest::Client, base: &str) -> String {
    let page = client.get(format!("{base}/login")).send().await.unwrap().text().await.unwrap();
    hidden_field(&page, "login_csrf").expect("a login form token on the login page")
}

/// Signs in as a browser does: the login page first, then its form with these fields and the
/// page's cookie. The page is fetched apart from `client`, so that a client already signed in
/// (whom the login page would send on) can sign in again; the session lands in `client`.
pub async fn post_login(client: &reqwest::Client, base: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = login_form(&TestApp::client(), base).await;
    let mut form: Vec<(&str, &str)> = vec![("login_csrf", token.as_str())];
    form.extend_from_slice(fields);
    let cookie = format!("hartslag_login={token}");
    client.post(format!("{base}/login")).header("cookie", cookie).form(&form).send().await.unwrap()
}

pub struct User {
    pub client: reqwest::Client,
    pub csrf: String,
    pub base: String,
}

impl User {
    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = self.client.get(format!("{}{}", self.base, path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Posts a form with this session's CSRF token; returns status and `Location` or body.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut form: Vec<(&str, &str)> = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        let r = self.client.post(format!("{}{}", self.base, path)).form(&form).send().await.unwrap();
        let status = r.status().as_u16();
        let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        let body = r.text().await.unwrap();
        (status, location.unwrap_or(body))
    }
}

/// An actor for calling store functions directly.
pub async fn actor(db: &Db, id: i64) -> Actor {
    let p = sqlx::query_as::<_, (i64, String, String, Flag, Flag, Flag)>(
        "SELECT org_id, name, email, is_admin, is_adviser, is_guest FROM people WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let managed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM units WHERE manager_id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    Actor {
        id,
        org_id: p.0,
        name: p.1,
        email: p.2,
        is_admin: p.3.0,
        is_adviser: p.4.0,
        is_guest: p.5.0,
        is_manager: managed > 0,
        csrf: None,
    }
}

pub async fn person(db: &Db, org: i64, unit: Option<i64>, name: &str, email: &str) -> i64 {
    let p = NewPerson {
        name: name.into(),
        email: email.into(),
        unit_id: unit,
        password: Some(PASSWORD.into()),
        ..Default::default()
    };
    orgs::create_person(db, org, &p).await.unwrap()
}

pub async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&db.pool).await.unwrap()
}

/// Runs one async test body against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! backends {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        $(
            mod $name {
                #[allow(unused_imports)]
                use super::*;
                async fn run($app: common::TestApp) $body

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    run(common::TestApp::start(common::Backend::Sqlite).await.unwrap()).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(app) = common::TestApp::start(common::Backend::Postgres).await {
                        run(app).await;
                    }
                }
            }
        )*
    };
}

/// A small organisation with every role and relationship the policy knows, and one of each
/// resource. E-mail addresses name the role.
pub struct World {
    pub org: i64,
    pub unit: i64,
    pub member: i64,
    pub member2: i64,
    pub member3: i64,
    pub colleague: i64,
    pub manager: i64,
    pub adviser: i64,
    pub admin: i64,
    pub guest: i64,
    pub stranger: i64,
    pub circle: i64,
    pub cycle: i64,
    pub session: i64,
    pub other_session: i64,
    pub situation: i64,
    pub submitted: i64,
    pub draft: i64,
    pub reflection: i64,
    pub path_item: i64,
    pub conversation: i64,
    /// A finished AI draft in the circle's session, and a path suggestion of the member.
    pub ai_draft: i64,
    pub ai_path: i64,
    /// An open Leercultuurscan for the whole organisation, and the member's receipt for the
    /// answers they sent to it.
    pub scan: i64,
    pub scan_receipt: String,
}

/// The server secret of every test app.
pub const SECRET: [u8; 32] = [3u8; 32];

/// Every item of a run answered with `value`.
pub fn scan_answers(db_run: &hartslag::scans::store::Run, value: i64) -> std::collections::HashMap<String, i64> {
    db_run.items.iter().map(|id| (id.clone(), value)).collect()
}

pub async fn world(db: &Db) -> World {
    use hartslag::proposals::state::{Action, Role};
    use hartslag::proposals::store as proposals;
    let org = orgs::create_org(db, "Zorggroep Test", "test").await.unwrap();
    let other = orgs::create_org(db, "Andere Organisatie", "other").await.unwrap();
    let manager = person(db, org, None, "Mira Manager", "manager@test.example").await;
    let unit = orgs::create_unit(db, org, "Team Lindehof 2", None, Some(manager)).await.unwrap();
    let member = person(db, org, Some(unit), "Anna Lid", "member@test.example").await;
    let member2 = person(db, org, Some(unit), "Bram Lid", "member2@test.example").await;
    let member3 = person(db, org, Some(unit), "Cor Lid", "member3@test.example").await;
    let colleague = person(db, org, Some(unit), "Dirk Collega", "colleague@test.example").await;
    let adviser = {
        let p = NewPerson {
            name: "Lotte L&O".into(),
            email: "adviser@test.example".into(),
            password: Some(PASSWORD.into()),
            is_adviser: true,
            ..Default::default()
        };
        orgs::create_person(db, org, &p).await.unwrap()
    };
    let admin = {
        let p = NewPerson {
            name: "Bea Beheer".into(),
            email: "admin@test.example".into(),
            password: Some(PASSWORD.into()),
            is_admin: true,
            ..Default::default()
        };
        orgs::create_person(db, org, &p).await.unwrap()
    };
    let stranger = {
        let p = NewPerson {
            name: "Xander Elders".into(),
            email: "stranger@other.example".into(),
            password: Some(PASSWORD.into()),
            is_admin: true,
            is_adviser: true,
            ..Default::default()
        };
        orgs::create_person(db, other, &p).await.unwrap()
    };
    let m = actor(db, member).await;
    let circle = hartslag::circles::store::create(db, &m, "Overdracht", "Betere overdracht", false).await.unwrap();
    for p in [member2, member3] {
        sqlx::query(
            "INSERT INTO circle_members (circle_id, person_id, status, updated_at) VALUES ($1, $2, 'member', 0)",
        )
        .bind(circle)
        .bind(p)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    let settings = orgs::settings(db, org).await.unwrap();
    let week = (chrono::Local::now().date_naive() + chrono::Duration::days(14)).to_string();
    let cycle = hartslag::cycles::store::plan(
        db,
        &m,
        circle,
        &settings,
        &hartslag::cycles::store::Plan { week: &week, time: "14:00", place: "Stilteruimte" },
    )
    .await
    .unwrap();
    let sessions = hartslag::cycles::store::sessions(db, cycle).await.unwrap();
    let session = sessions[0].id;
    let other_session = sessions[1].id;
    let guest = {
        let p = NewPerson {
            name: "Gijs Apotheek".into(),
            email: "guest@test.example".into(),
            password: Some(PASSWORD.into()),
            is_guest: true,
            ..Default::default()
        };
        orgs::create_person(db, org, &p).await.unwrap()
    };
    sqlx::query("INSERT INTO session_guests (session_id, person_id, created_at) VALUES ($1, $2, 0)")
        .bind(session)
        .bind(guest)
        .execute(&db.pool)
        .await
        .unwrap();
    hartslag::cycles::store::save_note(db, &m, session, 1, "Geheime aantekening van de cirkel", 0).await.unwrap();
    let situation = hartslag::situations::store::create(
        db,
        &m,
        circle,
        &hartslag::situations::store::NewSituation {
            title: "Overdracht laat naar nacht",
            description: "Bij de overdracht missen we wie er gevallen is.",
            kind: "work_process",
            critical: true,
        },
    )
    .await
    .unwrap();
    let text = proposals::Text {
        title: "Valregistratie in de overdracht".into(),
        problem: "We missen valincidenten.".into(),
        proposal: "Een vaste vraag in de overdracht.".into(),
        expected_effect: "Minder gemiste valincidenten.".into(),
        risks: "Extra tijd.".into(),
    };
    let submitted = proposals::create(db, &m, circle, Some(situation), "improvement", &text).await.unwrap();
    let p = proposals::get(db, submitted).await.unwrap();
    proposals::transition(db, &m, &p, Action::StartValidation, Role::Member, "").await.unwrap();
    for v in [member, member2, member3] {
        let a = actor(db, v).await;
        proposals::vote(db, &a, submitted, proposals::Choice::Agree, "", settings.validation).await.unwrap();
    }
    let p = proposals::get(db, submitted).await.unwrap();
    proposals::submit(db, &m, &p, manager).await.unwrap();
    let draft = proposals::create(
        db,
        &m,
        circle,
        None,
        "innovation",
        &proposals::Text {
            title: "Overdrachtsscherm".into(),
            proposal: "Een scherm in de teamkamer.".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let reflection =
        hartslag::reflections::store::create(db, &m, Some(session), "Ik wil beter leren doorvragen.").await.unwrap();
    let plan = hartslag::paths::store::Plan {
        starts_on: "2026-09-01",
        ends_on: "2027-02-28",
        planned_weeks: "20",
        talents: "Rust in de groep brengen",
        goals: "Beter leren doorvragen bij overdrachten",
        questions: &[2, 9],
        share_plan: true,
        share_progress: false,
        share_items: false,
    };
    hartslag::paths::store::create(db, &m, &plan).await.unwrap();
    let path = hartslag::paths::store::current(db, member).await.unwrap().unwrap();
    let item = hartslag::paths::store::NewItem {
        kind: "formal",
        title: "Training gespreksvoering",
        provider: "Zorgacademie",
        hours: "8",
        link: "",
        due_on: "",
    };
    hartslag::paths::store::add_item(db, &path, &item).await.unwrap();
    let path_item: i64 = sqlx::query_scalar("SELECT MAX(id) FROM path_items").fetch_one(&db.pool).await.unwrap();
    let manager_actor = actor(db, manager).await;
    let conversation =
        hartslag::conversations::store::schedule(db, &m, member, &manager_actor, "2026-12-15").await.unwrap();
    use hartslag::ai::store::{NewRequest, create_request, finish};
    let ai_draft = create_request(
        db,
        org,
        member,
        &NewRequest { kind: "draft", circle_id: Some(circle), session_id: Some(session), ..Default::default() },
    )
    .await
    .unwrap();
    finish(db, ai_draft, "done", "").await.unwrap();
    let ai_path =
        create_request(db, org, member, &NewRequest { kind: "path", person_id: Some(member), ..Default::default() })
            .await
            .unwrap();
    finish(db, ai_path, "done", "").await.unwrap();
    let today = chrono::Local::now().date_naive();
    let adviser_actor = actor(db, adviser).await;
    let scan = hartslag::scans::store::create(
        db,
        &adviser_actor,
        &hartslag::scans::store::NewRun {
            instrument: "leercultuurscan".into(),
            variant: String::new(),
            title: "Leercultuurscan test".into(),
            population: "org".into(),
            units: vec![],
            jobs: vec![],
            opens_on: today.to_string(),
            closes_on: (today + chrono::Duration::days(14)).to_string(),
        },
        today,
    )
    .await
    .unwrap();
    let run = hartslag::scans::store::run(db, org, scan).await.unwrap().unwrap();
    let scan_receipt = hartslag::scans::store::submit(db, &SECRET, &run, &m, &scan_answers(&run, 4)).await.unwrap();
    World {
        scan,
        scan_receipt,
        ai_draft,
        ai_path,
        org,
        unit,
        member,
        member2,
        member3,
        colleague,
        manager,
        adviser,
        admin,
        guest,
        stranger,
        circle,
        cycle,
        session,
        other_session,
        situation,
        submitted,
        draft,
        reflection,
        path_item,
        conversation,
    }
}

/// A real OpenAI-compatible server (llama-cpp-python) serving the small test model, killed when
/// dropped. `None` (with a note) when `HARTSLAG_TEST_PYTHON` or `HARTSLAG_TEST_MODEL` is not
/// set, unless `HARTSLAG_REQUIRE_AI=1` makes that a failure.
pub struct ModelServer {
    child: std::process::Child,
    pub url: String,
}

impl Drop for ModelServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ModelServer {
    pub async fn start() -> Option<ModelServer> {
        let (Ok(python), Ok(model)) = (std::env::var("HARTSLAG_TEST_PYTHON"), std::env::var("HARTSLAG_TEST_MODEL"))
        else {
            assert!(
                std::env::var("HARTSLAG_REQUIRE_AI").as_deref() != Ok("1"),
                "HARTSLAG_REQUIRE_AI=1 but HARTSLAG_TEST_PYTHON / HARTSLAG_TEST_MODEL are not set"
            );
            eprintln!(
                "skipped: set HARTSLAG_TEST_PYTHON and HARTSLAG_TEST_MODEL (scripts/setup-ai --server) for AI tests"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new(python)
            .args(["-m", "llama_cpp.server", "--model", &model, "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--n_ctx", "4096", "--n_threads", "2", "--verbose", "false"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("starting llama_cpp.server");
        let server = ModelServer { child, url: format!("http://127.0.0.1:{port}/v1") };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client.get(format!("{}/models", server.url)).send().await
                && r.status().is_success()
            {
                return Some(server);
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the model server did not answer within a minute");
    }
}

/// Points an organisation's AI at a model server on this machine.
pub async fn use_model_server(db: &Db, org: i64, server: &ModelServer) {
    let change = hartslag::ai::settings::Change {
        mode: "openai",
        base_url: &server.url,
        model: "smollm2-135m",
        key: "",
        clear_key: false,
        allow_external: false,
    };
    hartslag::ai::settings::save(db, hartslag::audit::By::Server { org_id: org }, &SECRET, &change).await.unwrap();
}

/// The python of the counterparts venv (`scripts/setup-counterparts`): aiosmtpd and icalendar.
/// `None` (with a note) when `HARTSLAG_TEST_COUNTERPARTS_PYTHON` is unset, unless
/// `HARTSLAG_REQUIRE_COUNTERPARTS=1` (set in CI) makes that a failure.
pub fn counterparts_python() -> Option<String> {
    match std::env::var("HARTSLAG_TEST_COUNTERPARTS_PYTHON") {
        Ok(p) => Some(p),
        Err(_) => {
            if std::env::var("HARTSLAG_REQUIRE_COUNTERPARTS").is_ok_and(|v| v == "1") {
                panic!("HARTSLAG_REQUIRE_COUNTERPARTS=1 but HARTSLAG_TEST_COUNTERPARTS_PYTHON is not set");
            }
            eprintln!("skipped: set HARTSLAG_TEST_COUNTERPARTS_PYTHON (scripts/setup-counterparts)");
            None
        }
    }
}

pub fn support_file(name: &str) -> String {
    format!("{}/tests/support/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A real `hartslag serve` process: an app node. Killed (SIGKILL) when dropped.
pub struct Node {
    pub child: std::process::Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Node {
    /// Starts a node on `database_url` with extra arguments and environment, with the test
    /// installation's server key (the same on every node, as in production), and waits until it
    /// is ready.
    pub async fn start(database_url: &str, args: &[&str], env: &[(&str, &str)]) -> Node {
        use std::process::{Command, Stdio};
        let port = free_port();
        let dir = tempfile::tempdir().unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_hartslag"))
            .args(["serve", "--database-url", database_url, "--listen", &format!("127.0.0.1:{port}")])
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env("HARTSLAG_SECRET_KEY", hex::encode(SECRET))
            .env("HARTSLAG_LOG", "hartslag=warn")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start hartslag serve");
        let node = Node { child, base: format!("http://127.0.0.1:{port}"), _dir: dir };
        for _ in 0..300 {
            if reqwest::get(format!("{}/readyz", node.base)).await.is_ok_and(|r| r.status().is_success()) {
                return node;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("node on port {port} did not become ready");
    }

    /// Kills the process at once (SIGKILL), as a crash or an out-of-memory kill would.
    pub fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// A free TCP port on the loopback address.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A real SMTP server (aiosmtpd) that writes every message it accepts as JSON into a directory.
pub struct SmtpSink {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: std::process::Child,
}

impl SmtpSink {
    /// Refuses the first `fail_first` messages with a temporary error, then accepts all.
    pub fn start(python: &str, fail_first: u32) -> SmtpSink {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut child = std::process::Command::new(python)
            .arg(support_file("smtp_sink.py"))
            .arg(port.to_string())
            .arg(dir.path())
            .arg("--fail-first")
            .arg(fail_first.to_string())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the SMTP sink");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        SmtpSink { port, dir, child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message that arrived, in order.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()).collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// ChromeDriver, killed when dropped.
pub struct Driver(std::process::Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Headless Chromium in Dutch through ChromeDriver, with `extra` command-line switches. `None`
/// (with a note) without chromedriver, unless `HARTSLAG_REQUIRE_BROWSER=1` makes that a failure.
pub async fn chromium(extra: &[&str]) -> Option<(Driver, fantoccini::Client, tempfile::TempDir)> {
    use std::process::{Command, Stdio};
    if Command::new("chromedriver").arg("--version").stdout(Stdio::null()).status().is_err() {
        assert!(
            std::env::var("HARTSLAG_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "HARTSLAG_REQUIRE_BROWSER=1 but chromedriver is not installed"
        );
        eprintln!("browser test not run: install chromium and chromium-driver (see .ci/run)");
        return None;
    }
    // ChromeDriver speaks plain HTTP on loopback; rustls only needs a provider chosen.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let port = free_port();
    let driver = Driver(
        Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver"),
    );
    let profile = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1200,900",
        "--lang=nl-NL",
    ]
    .iter()
    .chain(extra)
    .map(|a| a.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.path().display()));
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("HARTSLAG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": args,
            "prefs": {"intl.accept_languages": "nl-NL,nl"}
        }),
    );
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if let Ok(c) = fantoccini::ClientBuilder::rustls().unwrap().capabilities(caps.clone()).connect(&url).await {
            return Some((driver, c, profile));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not start");
}
