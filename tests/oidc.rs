//! Single sign-on through OpenID Connect, against a real OpenID Provider: panva's
//! `oidc-provider` under node (`tests/support/oidc`, installed by `scripts/setup-oidc-provider`),
//! driven over HTTP like a browser would — the provider's own login and consent forms are
//! filled in and posted, every redirect is followed by hand.
//!
//! The end-to-end flows run on SQLite; the store-level rules (pending logins, matching people,
//! roles from groups) run on both engines. Without node or the provider's directory the flows
//! say so and return, unless `HARTSLAG_REQUIRE_OIDC=1` makes that a failure.

mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use common::TestApp;
use hartslag::audit::By;
use hartslag::db::Db;
use hartslag::sso::store::{self, Change, Identity, Pending, Refusal};

const CLIENT_ID: &str = "hartslag-test";
const CLIENT_SECRET: &str = "geheim-van-de-test-client";

/// The provider's directory and node, or `None` with a note (a failure when required).
fn provider_setup() -> Option<(String, PathBuf)> {
    let dir = std::env::var("HARTSLAG_TEST_OIDC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/oidc"));
    let node = std::env::var("HARTSLAG_TEST_NODE").unwrap_or_else(|_| "node".into());
    let node_ok = Command::new(&node).arg("--version").output().is_ok_and(|o| o.status.success());
    let installed = dir.join("node_modules/oidc-provider/package.json").exists();
    if node_ok && installed {
        return Some((node, dir));
    }
    let why = if node_ok { "run scripts/setup-oidc-provider" } else { "install node (20 or later)" };
    assert!(
        std::env::var("HARTSLAG_REQUIRE_OIDC").as_deref() != Ok("1"),
        "HARTSLAG_REQUIRE_OIDC=1 but the OpenID Provider cannot run: {why}"
    );
    eprintln!("single sign-on flow not run: {why} (see .ci/run)");
    None
}

/// One account at the provider; its login name is its subject.
#[derive(Clone)]
struct Account {
    sub: &'static str,
    email: Option<&'static str>,
    name: &'static str,
    groups: &'static [&'static str],
}

/// The provider process, killed when dropped.
struct Idp {
    child: Child,
    issuer: String,
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Idp {
    async fn start(node: &str, dir: &std::path::Path, hartslag: &str, accounts: &[Account], in_id_token: bool) -> Idp {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let accounts: Vec<serde_json::Value> = accounts
            .iter()
            .map(|a| serde_json::json!({"sub": a.sub, "email": a.email, "name": a.name, "groups": a.groups}))
            .collect();
        let child = Command::new(node)
            .arg("provider.js")
            .current_dir(dir)
            .env("OIDC_PORT", port.to_string())
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
            .env("OIDC_REDIRECT_URIS", format!("{hartslag}/auth/sso/callback"))
            .env("OIDC_POST_LOGOUT_URIS", format!("{hartslag}/login"))
            .env("OIDC_ACCOUNTS", serde_json::Value::Array(accounts).to_string())
            .env("OIDC_CLAIMS_IN_ID_TOKEN", if in_id_token { "1" } else { "0" })
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting the OpenID Provider");
        let idp = Idp { child, issuer: format!("http://127.0.0.1:{port}") };
        let discovery = format!("{}/.well-known/openid-configuration", idp.issuer);
        for _ in 0..200 {
            if reqwest::get(&discovery).await.is_ok_and(|r| r.status().is_success()) {
                return idp;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the OpenID Provider did not answer within ten seconds");
    }
}

/// A Hartslag server with a public address, an organisation (slug `zorg`) and a provider.
struct Sso {
    app: TestApp,
    idp: Idp,
    org: i64,
}

const ANNA: Account =
    Account { sub: "anna-at-idp", email: Some("Anna.Lid@Zorg.example"), name: "Anna Lid", groups: &[] };

async fn sso(accounts: &[Account], in_id_token: bool) -> Option<Sso> {
    let (node, dir) = provider_setup()?;
    let app = TestApp::start_public(common::Backend::Sqlite).await.unwrap();
    let idp = Idp::start(&node, &dir, &app.base, accounts, in_id_token).await;
    let org = hartslag::orgs::create_org(&app.db, "Zorggroep SSO", "zorg").await.unwrap();
    Some(Sso { app, idp, org })
}

impl Sso {
    fn change(&self) -> Change {
        Change {
            issuer: self.idp.issuer.clone(),
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            scopes: "email profile groups".into(),
            match_claim: "email".into(),
            enabled: true,
            ..Change::default()
        }
    }

    async fn configure(&self, change: Change) {
        store::save(&self.app.db, By::Server { org_id: self.org }, &common::SECRET, true, &change).await.unwrap();
    }

    async fn sessions(&self) -> i64 {
        common::count(&self.app.db, "login_sessions").await
    }
}

/// Where a walk through redirects and the provider's forms ended.
struct Walk {
    url: String,
    status: u16,
    body: String,
    /// The callback address the provider sent the browser to.
    callback: Option<String>,
    visited: Vec<String>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let marker = format!("{name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')?;
    Some(tag[start..start + end].replace("&amp;", "&").replace("&#38;", "&"))
}

/// The first form on a provider page: its action and hidden fields.
fn form(body: &str) -> Option<(String, Vec<(String, String)>)> {
    let start = body.find("<form")?;
    let tag_end = body[start..].find('>')? + start;
    let action = attr(&body[start..tag_end], "action")?;
    let mut fields = Vec::new();
    for chunk in body[start..].split("<input").skip(1) {
        let tag = &chunk[..chunk.find('>').unwrap_or(chunk.len())];
        if attr(tag, "type").as_deref() == Some("hidden")
            && let (Some(n), Some(v)) = (attr(tag, "name"), attr(tag, "value"))
        {
            fields.push((n, v));
        }
    }
    Some((action, fields))
}

/// Follows redirects and fills in the provider's login (as `login`), consent and logout
/// forms, until a page of Hartslag (or a page without a form) answers.
async fn walk(client: &reqwest::Client, start: &str, hartslag: &str, login: &str) -> Walk {
    let mut url = reqwest::Url::parse(start).unwrap();
    let mut response = client.get(url.clone()).send().await.unwrap();
    let mut visited = vec![url.to_string()];
    let mut callback = None;
    for _ in 0..30 {
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let location = response.headers()["location"].to_str().unwrap().to_string();
            url = url.join(&location).unwrap();
            if url.path() == "/auth/sso/callback" {
                callback = Some(url.to_string());
            }
            visited.push(url.to_string());
            response = client.get(url.clone()).send().await.unwrap();
            continue;
        }
        let body = response.text().await.unwrap();
        let at_hartslag = url.as_str().starts_with(hartslag);
        let Some((action, mut fields)) = form(&body).filter(|_| !at_hartslag) else {
            return Walk { url: url.to_string(), status, body, callback, visited };
        };
        if body.contains("name=\"login\"") {
            fields.push(("login".into(), login.into()));
            fields.push(("password".into(), "any password will do".into()));
        }
        if body.contains("name=\"logout\"") {
            fields.push(("logout".into(), "yes".into()));
        }
        url = url.join(&action).unwrap();
        visited.push(format!("POST {url}"));
        response = client.post(url.clone()).form(&fields).send().await.unwrap();
    }
    panic!("no end to the redirects: {visited:#?}");
}

/// Signs in at the provider as `login`, starting from Hartslag's button for `zorg`.
async fn sign_in(s: &Sso, client: &reqwest::Client, login: &str, next: &str) -> Walk {
    let start = format!("{}/auth/sso/zorg?next={next}", s.app.base);
    walk(client, &start, &s.app.base, login).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_sets_up_the_provider_a_known_person_signs_in_and_logs_out_at_the_provider_too() {
    let Some(s) = sso(&[ANNA], false).await else { return };
    let anna = common::person(&s.app.db, s.org, None, "Anna Lid", "anna.lid@zorg.example").await;
    hartslag::orgs::create_person(
        &s.app.db,
        s.org,
        &hartslag::orgs::NewPerson {
            name: "Bea Beheer".into(),
            email: "beheer@zorg.example".into(),
            password: Some(common::PASSWORD.into()),
            is_admin: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();

    // The administrator finds the page from the organisation's settings, tests discovery, saves.
    let bea = s.app.login("beheer@zorg.example").await;
    let (_, admin_page) = bea.get("/admin").await;
    assert!(admin_page.contains("href=\"/admin/sso\""), "the settings page links to single sign-on");
    let (status, page) = bea.get("/admin/sso").await;
    assert_eq!(status, 200);
    assert!(page.contains(&format!("{}/auth/sso/callback", s.app.base)), "the redirect URI to register is shown");
    let fields = [
        ("issuer", s.idp.issuer.as_str()),
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("scopes", "email profile"),
        ("match_claim", "email"),
        ("label", "Zorg-account"),
        ("enabled", "1"),
    ];
    let (status, checked) = bea.post("/admin/sso/test", &fields).await;
    assert_eq!(status, 200);
    assert!(checked.contains(&format!("{}/session/end", s.idp.issuer)), "the end-session endpoint is shown");
    assert!(checked.contains(&format!("{}/token", s.idp.issuer)));
    assert!(!checked.contains(CLIENT_SECRET), "the secret is never shown back");
    assert_eq!(common::count(&s.app.db, "sso_providers").await, 0, "a test saves nothing");
    let (status, unreachable) =
        bea.post("/admin/sso/test", &[("issuer", "http://127.0.0.1:9"), ("match_claim", "email")]).await;
    assert_eq!(status, 200);
    assert!(unreachable.contains("De uitgever is niet bereikbaar op dit adres."), "a clear error for a wrong issuer");
    let (status, bad) =
        bea.post("/admin/sso", &[("issuer", "http://idp.elders.example"), ("match_claim", "email")]).await;
    assert_eq!(status, 422, "plain http elsewhere is refused: {bad}");
    assert_eq!(common::count(&s.app.db, "sso_providers").await, 0, "bad input changes nothing");
    let (status, _) = bea.post("/admin/sso", &fields).await;
    assert_eq!(status, 303);
    let (_, page) = bea.get("/admin/sso").await;
    assert!(!page.contains(CLIENT_SECRET), "the secret is write-only");
    let sealed: String =
        sqlx::query_scalar("SELECT client_secret_sealed FROM sso_providers").fetch_one(&s.app.db.pool).await.unwrap();
    assert!(!sealed.is_empty() && !sealed.contains(CLIENT_SECRET), "the secret is stored sealed");

    // The login page offers the button; Anna follows it and lands where she wanted to go.
    let browser = TestApp::client();
    let login = browser.get(s.app.url("/login")).send().await.unwrap().text().await.unwrap();
    assert!(login.contains("Inloggen met Zorg-account"), "the login page has the button");
    assert!(login.contains("href=\"/auth/sso/zorg?next="));
    let before = s.sessions().await;
    let w = sign_in(&s, &browser, ANNA.sub, "/reflections").await;
    assert_eq!((w.status, w.url.as_str()), (200, s.app.url("/reflections").as_str()), "visited: {:#?}", w.visited);
    assert!(w.body.contains("Anna Lid"), "signed in as Anna");
    assert!(w.visited.iter().any(|u| u.starts_with(&s.idp.issuer)), "the walk went through the provider");
    assert!(w.visited.iter().any(|u| u.contains("code_challenge_method=S256")), "PKCE with S256");
    assert_eq!(s.sessions().await, before + 1);
    let subject: Option<String> = sqlx::query_scalar("SELECT oidc_subject FROM people WHERE id = $1")
        .bind(anna)
        .fetch_one(&s.app.db.pool)
        .await
        .unwrap();
    assert_eq!(subject.as_deref(), Some(ANNA.sub), "matched by e-mail, case-insensitive; the subject recorded");

    // The callback cannot be used twice, not even with the state cookie sent along.
    let callback = w.callback.clone().expect("the provider came back to the callback");
    let state = reqwest::Url::parse(&callback)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.to_string())
        .unwrap();
    let replay =
        TestApp::client().get(&callback).header("cookie", format!("hartslag_sso_state={state}")).send().await.unwrap();
    assert_eq!(replay.status(), 403);
    let replayed = replay.text().await.unwrap();
    assert!(replayed.contains("al gebruikt"), "a clear message: {replayed}");
    assert_eq!(s.sessions().await, before + 1, "a replayed callback makes no session");

    // Logout ends the Hartslag session and goes on to the provider's end-session endpoint.
    let home = browser.get(s.app.url("/")).send().await.unwrap().text().await.unwrap();
    let csrf = common::extract_csrf(&home).unwrap();
    let out = browser.post(s.app.url("/logout")).form(&[("csrf", csrf.as_str())]).send().await.unwrap();
    assert_eq!(out.status(), 200);
    let leaving = out.text().await.unwrap();
    assert_eq!(s.sessions().await, before, "the Hartslag session is gone");
    assert_eq!(browser.get(s.app.url("/")).send().await.unwrap().status(), 303, "signed out of Hartslag");
    let end = attr(&leaving[leaving.find("id=\"end-session\"").unwrap()..], "href").unwrap();
    assert!(end.starts_with(&format!("{}/session/end?", s.idp.issuer)), "{end}");
    assert!(end.contains("id_token_hint=") && end.contains("post_logout_redirect_uri="));
    assert!(leaving.contains("http-equiv=\"refresh\""), "the page moves on by itself");
    let w = walk(&browser, &end, &s.app.base, ANNA.sub).await;
    assert_eq!(w.url, s.app.url("/login"), "the provider logged out and sent us back: {:#?}", w.visited);
    assert!(w.visited.iter().any(|u| u.starts_with(&format!("POST {}/session/end/confirm", s.idp.issuer))));

    // Signed out at the provider too: the next login asks for the password again.
    let again = sign_in(&s, &browser, ANNA.sub, "/").await;
    assert!(again.visited.iter().any(|u| u.contains("/interaction/")), "the provider asked again");
    assert_eq!(again.status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_deactivated_and_tampered_logins_are_refused_and_creating_people_is_a_choice() {
    let cor = Account { sub: "cor-at-idp", email: Some("cor@zorg.example"), name: "Cor Nieuw", groups: &[] };
    let dirk = Account { sub: "dirk-at-idp", email: Some("dirk@zorg.example"), name: "Dirk", groups: &[] };
    let Some(s) = sso(&[ANNA, cor.clone(), dirk.clone()], false).await else { return };
    s.configure(s.change()).await;
    common::person(&s.app.db, s.org, None, "Anna Lid", "anna.lid@zorg.example").await;
    let dirk_id = common::person(&s.app.db, s.org, None, "Dirk Weg", "dirk@zorg.example").await;
    sqlx::query("UPDATE people SET active = FALSE WHERE id = $1").bind(dirk_id).execute(&s.app.db.pool).await.unwrap();
    let people = common::count(&s.app.db, "people").await;

    // Unknown, with creating people off (the default).
    let w = sign_in(&s, &TestApp::client(), cor.sub, "/").await;
    assert_eq!(w.status, 403, "visited: {:#?}", w.visited);
    assert!(w.body.contains("geen account voor je"), "a clear Dutch message");
    assert_eq!(s.sessions().await, 0);
    assert_eq!(common::count(&s.app.db, "people").await, people, "nobody created");
    // In English for someone who chose English.
    let english = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(std::iter::once((reqwest::header::ACCEPT_LANGUAGE, "en".parse().unwrap())).collect())
        .build()
        .unwrap();
    let w = sign_in(&s, &english, cor.sub, "/").await;
    assert_eq!(w.status, 403);
    assert!(w.body.contains("Hartslag has no account for you"), "{}", w.body);

    // Deactivated.
    let w = sign_in(&s, &TestApp::client(), dirk.sub, "/").await;
    assert_eq!(w.status, 403);
    assert!(w.body.contains("gedeactiveerd"));
    assert_eq!(s.sessions().await, 0);

    // A tampered state is refused, and the login it belonged to is not used up by it.
    let browser = TestApp::client();
    let start = format!("{}/auth/sso/zorg?next=/", s.app.base);
    let mut tampered = None;
    let mut url = reqwest::Url::parse(&start).unwrap();
    let mut response = browser.get(url.clone()).send().await.unwrap();
    // Walk by hand up to the callback, then change its state.
    for _ in 0..30 {
        if response.status().is_redirection() {
            url = url.join(response.headers()["location"].to_str().unwrap()).unwrap();
            if url.path() == "/auth/sso/callback" {
                tampered = Some(url.clone());
                break;
            }
            response = browser.get(url.clone()).send().await.unwrap();
            continue;
        }
        let body = response.text().await.unwrap();
        let (action, mut fields) = form(&body).expect("a provider form");
        if body.contains("name=\"login\"") {
            fields.push(("login".into(), ANNA.sub.into()));
            fields.push(("password".into(), "x".into()));
        }
        url = url.join(&action).unwrap();
        response = browser.post(url.clone()).form(&fields).send().await.unwrap();
    }
    let genuine = tampered.expect("reached the callback");
    let mut changed = genuine.clone();
    let pairs: Vec<(String, String)> = genuine
        .query_pairs()
        .map(|(k, v)| (k.to_string(), if k == "state" { format!("{v}x") } else { v.to_string() }))
        .collect();
    changed.query_pairs_mut().clear().extend_pairs(pairs);
    let r = browser.get(changed).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("niet in deze browser begonnen"));
    assert_eq!(s.sessions().await, 0, "no session from a tampered state");
    let r = browser.get(genuine).send().await.unwrap();
    assert_eq!(r.status(), 303, "the genuine callback still works once");
    assert_eq!(s.sessions().await, 1);

    // With creating people on, the unknown person is created from the claims and signed in
    // (and a `next` that would leave the site ends at home).
    s.configure(Change { create_people: true, ..s.change() }).await;
    let w = sign_in(&s, &TestApp::client(), cor.sub, "//evil.example/").await;
    assert_eq!(w.url, s.app.url("/"), "visited: {:#?}", w.visited);
    assert_eq!(w.status, 200);
    let created: (String, String, Option<String>) =
        sqlx::query_as("SELECT name, email, oidc_subject FROM people WHERE email = 'cor@zorg.example'")
            .fetch_one(&s.app.db.pool)
            .await
            .unwrap();
    assert_eq!(created, ("Cor Nieuw".into(), "cor@zorg.example".into(), Some(cor.sub.into())));
    // Still no way in for a deactivated person.
    let w = sign_in(&s, &TestApp::client(), dirk.sub, "/").await;
    assert_eq!(w.status, 403);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn matching_by_subject_and_a_groups_claim_in_the_id_token_make_an_administrator() {
    let eva = Account {
        sub: "eva-0001",
        email: Some("e.de.vries@ander-domein.example"),
        name: "Eva de Vries",
        groups: &["medewerkers", "hartslag-beheer"],
    };
    let Some(s) = sso(std::slice::from_ref(&eva), true).await else { return };
    s.configure(Change {
        match_claim: "sub".into(),
        groups_claim: "groups".into(),
        admin_group: "hartslag-beheer".into(),
        adviser_group: "hartslag-lo".into(),
        ..s.change()
    })
    .await;
    let id = common::person(&s.app.db, s.org, None, "Eva de Vries", "eva@zorg.example").await;
    sqlx::query("UPDATE people SET oidc_subject = $1, is_adviser = TRUE WHERE id = $2")
        .bind(eva.sub)
        .bind(id)
        .execute(&s.app.db.pool)
        .await
        .unwrap();
    let browser = TestApp::client();
    let w = sign_in(&s, &browser, eva.sub, "/admin").await;
    assert_eq!((w.status, w.url.clone()), (200, s.app.url("/admin")), "visited: {:#?}", w.visited);
    let (admin, adviser): (hartslag::db::Flag, hartslag::db::Flag) =
        sqlx::query_as("SELECT is_admin, is_adviser FROM people WHERE id = $1")
            .bind(id)
            .fetch_one(&s.app.db.pool)
            .await
            .unwrap();
    assert!(admin.0, "the admin group made Eva an administrator");
    assert!(!adviser.0, "a configured adviser group she is not in takes the role away");
    let email: String =
        sqlx::query_scalar("SELECT email FROM people WHERE id = $1").bind(id).fetch_one(&s.app.db.pool).await.unwrap();
    assert_eq!(email, "eva@zorg.example", "matching by subject ignores the provider's address");
}

/// Headless Chromium that resolves no name but this machine's (the provider's pages ask for a
/// web font).
async fn chromium() -> Option<(common::Driver, fantoccini::Client, tempfile::TempDir)> {
    common::chromium(&["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]).await
}

/// Waits until the browser's address starts with `prefix` (redirects and refreshes included).
async fn wait_for_url(c: &fantoccini::Client, prefix: &str) -> String {
    for _ in 0..200 {
        let now = c.current_url().await.unwrap().to_string();
        let ready = c.execute("return document.readyState;", vec![]).await.unwrap();
        if now.starts_with(prefix) && ready == "complete" {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the browser did not reach {prefix}: at {}", c.current_url().await.unwrap());
}

async fn press(c: &fantoccini::Client, css: &str) {
    use fantoccini::Locator;
    c.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}")).click().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_real_browser_the_button_leads_through_the_provider_and_logout_ends_both_sessions() {
    use fantoccini::Locator;
    let Some(s) = sso(&[ANNA], false).await else { return };
    let Some((_driver, c, _profile)) = chromium().await else { return };
    s.configure(Change { label: "Zorg-account".into(), ..s.change() }).await;
    common::person(&s.app.db, s.org, None, "Anna Lid", "anna.lid@zorg.example").await;

    c.goto(&s.app.url("/login")).await.unwrap();
    press(&c, "a[href^='/auth/sso/zorg']").await;
    wait_for_url(&c, &format!("{}/interaction/", s.idp.issuer)).await;
    c.find(Locator::Css("input[name=login]")).await.unwrap().send_keys(ANNA.sub).await.unwrap();
    c.find(Locator::Css("input[name=password]")).await.unwrap().send_keys("wachtwoord").await.unwrap();
    press(&c, "button[type=submit]").await;
    // The provider asks for consent once, then sends the browser back.
    let mut consented_at = String::new();
    for _ in 0..200 {
        let now = c.current_url().await.unwrap().to_string();
        if now.starts_with(&s.app.base) {
            break;
        }
        if now != consented_at && c.find(Locator::Css("input[name=prompt][value=consent]")).await.is_ok() {
            press(&c, "button[type=submit]").await;
            consented_at = now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let week = hartslag::web::Lang::Nl.t("nav-my-week");
    let mut h1 = String::new();
    for _ in 0..200 {
        h1 = match c.find(Locator::Css("h1")).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if h1 == week {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(h1, week, "Anna lands on her week, at {}", c.current_url().await.unwrap());
    assert_eq!(s.sessions().await, 1);

    // Logout: the Hartslag session ends, the page moves on to the provider, which asks, and
    // sends the browser back to the login page. The strict CSP does not stand in the way.
    press(&c, "form[action='/logout'] button").await;
    wait_for_url(&c, &format!("{}/session/end", s.idp.issuer)).await;
    assert_eq!(s.sessions().await, 0);
    press(&c, "button[name=logout]").await;
    wait_for_url(&c, &s.app.url("/login")).await;
    assert!(c.find(Locator::Css("a[href^='/auth/sso/zorg']")).await.is_ok(), "back at the login page");
}

/// A login under way, as the callback needs it.
fn pending(org: i64) -> Pending {
    Pending { org_id: org, verifier: "v".repeat(43), nonce: "n0nce".into(), next: "/circles".into() }
}

async fn provider(db: &Db, org: i64, change: Change) -> hartslag::sso::Provider {
    store::save(db, By::Server { org_id: org }, &common::SECRET, true, &change).await.unwrap();
    store::provider(db, org).await.unwrap()
}

fn email_change() -> Change {
    Change {
        issuer: "https://idp.zorg.example".into(),
        client_id: "hartslag".into(),
        match_claim: "email".into(),
        enabled: true,
        ..Change::default()
    }
}

fn identity(sub: &str, email: &str) -> Identity {
    Identity { subject: sub.into(), email: Some(email.into()), ..Identity::default() }
}

backends! {
    async fn a_login_under_way_is_taken_once_and_not_after_it_expired(app) {
        let org = hartslag::orgs::create_org(&app.db, "Zorg", "zorg").await.unwrap();
        store::begin(&app.db, &common::SECRET, "state-1", &pending(org)).await.unwrap();
        let sealed: String = sqlx::query_scalar("SELECT verifier_sealed FROM sso_logins").fetch_one(&app.db.pool).await.unwrap();
        assert!(!sealed.contains("vvvv"), "the PKCE verifier is sealed");
        assert!(store::take(&app.db, &common::SECRET, "state-2").await.unwrap().is_none(), "another state");
        let p = store::take(&app.db, &common::SECRET, "state-1").await.unwrap().expect("the login under way");
        assert_eq!((p.org_id, p.verifier.len(), p.nonce.as_str(), p.next.as_str()), (org, 43, "n0nce", "/circles"));
        assert!(store::take(&app.db, &common::SECRET, "state-1").await.unwrap().is_none(), "used once");
        store::begin(&app.db, &common::SECRET, "state-3", &pending(org)).await.unwrap();
        sqlx::query("UPDATE sso_logins SET expires_at = 1").execute(&app.db.pool).await.unwrap();
        assert!(store::take(&app.db, &common::SECRET, "state-3").await.unwrap().is_none(), "expired");
        assert_eq!(common::count(&app.db, "sso_logins").await, 0);
    }

    async fn people_are_matched_by_email_then_by_their_recorded_subject(app) {
        let org = hartslag::orgs::create_org(&app.db, "Zorg", "zorg").await.unwrap();
        let other = hartslag::orgs::create_org(&app.db, "Ander", "ander").await.unwrap();
        let p = provider(&app.db, org, email_change()).await;
        let anna = common::person(&app.db, org, None, "Anna", "anna@zorg.example").await;
        common::person(&app.db, other, None, "Olaf", "olaf@ander.example").await;
        assert_eq!(store::person_for(&app.db, &p, &identity("s-anna", "ANNA@zorg.example")).await.unwrap(), Ok(anna));
        // Once linked, the subject counts, whatever address the provider sends later.
        assert_eq!(store::person_for(&app.db, &p, &identity("s-anna", "anna.nieuw@zorg.example")).await.unwrap(), Ok(anna));
        // Another subject with Anna's address is not Anna.
        assert_eq!(
            store::person_for(&app.db, &p, &identity("s-imposter", "anna@zorg.example")).await.unwrap(),
            Err(Refusal::SubjectMismatch)
        );
        // Someone of another organisation is unknown here, and not created with creating off.
        assert_eq!(store::person_for(&app.db, &p, &identity("s-olaf", "olaf@ander.example")).await.unwrap(), Err(Refusal::Unknown));
        let unverified = Identity { email_verified: Some(false), ..identity("s-x", "anna2@zorg.example") };
        assert_eq!(store::person_for(&app.db, &p, &unverified).await.unwrap(), Err(Refusal::EmailUnverified));
        let no_email = Identity { email: None, ..identity("s-y", "") };
        assert_eq!(store::person_for(&app.db, &p, &no_email).await.unwrap(), Err(Refusal::NoEmail));
        sqlx::query("UPDATE people SET active = FALSE WHERE id = $1").bind(anna).execute(&app.db.pool).await.unwrap();
        assert_eq!(store::person_for(&app.db, &p, &identity("s-anna", "anna@zorg.example")).await.unwrap(), Err(Refusal::Inactive));

        // Creating people: from the claims, never over another organisation's address.
        let p = provider(&app.db, org, Change { create_people: true, ..email_change() }).await;
        let people = common::count(&app.db, "people").await;
        assert_eq!(store::person_for(&app.db, &p, &identity("s-olaf", "olaf@ander.example")).await.unwrap(), Err(Refusal::EmailElsewhere));
        assert_eq!(common::count(&app.db, "people").await, people);
        let new = Identity { name: Some("Nina Nieuw".into()), ..identity("s-nina", "Nina@Zorg.example") };
        let nina = store::person_for(&app.db, &p, &new).await.unwrap().unwrap();
        let row: (String, String, Option<String>, i64) =
            sqlx::query_as("SELECT name, email, oidc_subject, org_id FROM people WHERE id = $1").bind(nina).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(row, ("Nina Nieuw".into(), "nina@zorg.example".into(), Some("s-nina".into()), org));
    }

    async fn groups_set_the_mapped_roles_and_leave_the_others(app) {
        let org = hartslag::orgs::create_org(&app.db, "Zorg", "zorg").await.unwrap();
        let bram = common::person(&app.db, org, None, "Bram", "bram@zorg.example").await;
        sqlx::query("UPDATE people SET is_adviser = TRUE WHERE id = $1").bind(bram).execute(&app.db.pool).await.unwrap();
        let roles = || async {
            let r: (hartslag::db::Flag, hartslag::db::Flag) =
                sqlx::query_as("SELECT is_admin, is_adviser FROM people WHERE id = $1").bind(bram).fetch_one(&app.db.pool).await.unwrap();
            (r.0.0, r.1.0)
        };
        // No mapping: the groups change nothing.
        let p = provider(&app.db, org, email_change()).await;
        let with_groups = Identity { groups: Some(vec!["beheer".into()]), ..identity("s-bram", "bram@zorg.example") };
        store::person_for(&app.db, &p, &with_groups).await.unwrap().unwrap();
        assert_eq!(roles().await, (false, true));
        // An admin mapping only: admin from the group, adviser left alone.
        let p = provider(&app.db, org, Change { groups_claim: "groups".into(), admin_group: "beheer".into(), ..email_change() }).await;
        store::person_for(&app.db, &p, &with_groups).await.unwrap().unwrap();
        assert_eq!(roles().await, (true, true));
        // The claim absent: nothing changes.
        store::person_for(&app.db, &p, &identity("s-bram", "bram@zorg.example")).await.unwrap().unwrap();
        assert_eq!(roles().await, (true, true));
        // Out of the group: the role goes.
        let without = Identity { groups: Some(vec![]), ..identity("s-bram", "bram@zorg.example") };
        store::person_for(&app.db, &p, &without).await.unwrap().unwrap();
        assert_eq!(roles().await, (false, true));
    }

    async fn the_provider_settings_keep_the_secret_sealed_and_refuse_bad_input(app) {
        let org = hartslag::orgs::create_org(&app.db, "Zorg", "zorg").await.unwrap();
        let change = Change { client_secret: "s3cret-value".into(), label: "Zorg-ID".into(), ..email_change() };
        let p = provider(&app.db, org, change.clone()).await;
        assert!(p.enabled && !p.create_people);
        assert_eq!(p.client_secret(&common::SECRET).unwrap().as_deref(), Some("s3cret-value"));
        let stored: String = sqlx::query_scalar("SELECT client_secret_sealed FROM sso_providers").fetch_one(&app.db.pool).await.unwrap();
        assert!(!stored.contains("s3cret"));
        // An empty secret keeps it; bad input changes nothing.
        let p = provider(&app.db, org, Change { client_secret: String::new(), ..change.clone() }).await;
        assert_eq!(p.client_secret(&common::SECRET).unwrap().as_deref(), Some("s3cret-value"));
        for bad in [
            Change { issuer: "http://idp.zorg.example".into(), ..change.clone() },
            Change { match_claim: "upn".into(), ..change.clone() },
            Change { label: "x".repeat(61), ..change.clone() },
            Change { admin_group: "beheer".into(), ..change.clone() },
        ] {
            assert!(store::save(&app.db, By::Server { org_id: org }, &common::SECRET, true, &bad).await.is_err());
        }
        assert!(store::save(&app.db, By::Server { org_id: org }, &common::SECRET, false, &change).await.is_err(), "no public address");
        let after = store::provider(&app.db, org).await.unwrap();
        assert_eq!((after.issuer.as_str(), after.label.as_str()), ("https://idp.zorg.example", "Zorg-ID"));
        let buttons = store::buttons(&app.db).await.unwrap();
        assert_eq!(buttons.len(), 1);
        assert_eq!((buttons[0].slug.as_str(), buttons[0].label.as_str()), ("zorg", "Zorg-ID"));
        assert!(store::enabled_provider_by_slug(&app.db, "zorg").await.unwrap().is_some());
        store::save(&app.db, By::Server { org_id: org }, &common::SECRET, true, &Change { enabled: false, ..change }).await.unwrap();
        assert!(store::buttons(&app.db).await.unwrap().is_empty());
        assert!(store::enabled_provider_by_slug(&app.db, "zorg").await.unwrap().is_none());
    }
}
