//! The whole loop in a real browser (headless Chromium through ChromeDriver): a professional
//! plans a week, writes a work situation, steps through a session, drafts a proposal; the
//! members validate it; it is submitted; the manager decides — and cannot open the session.
//!
//! Runs when `chromedriver` is on the PATH; `HARTSLAG_REQUIRE_BROWSER=1` (set by `.ci/run`)
//! makes its absence a failure.

mod common;

use std::time::Duration;

use fantoccini::{Client, Locator};
use hartslag::web::Lang;

/// One browser at a time: two headless Chromiums on two cores starve each other.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn browser() -> Option<(common::Driver, Client, tempfile::TempDir)> {
    common::chromium(&[]).await
}

async fn fill(c: &Client, css: &str, text: &str) {
    let e = c.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}"));
    e.clear().await.unwrap();
    e.send_keys(text).await.unwrap();
}

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("no {css}")).click().await.unwrap();
}

/// Clicks a submit button or link and waits until the next page has loaded.
async fn submit(c: &Client, css: &str) {
    c.execute("window.__hartslagOld = true;", vec![]).await.unwrap();
    click(c, css).await;
    for _ in 0..200 {
        let done = c
            .execute("return window.__hartslagOld === undefined && document.readyState === 'complete';", vec![])
            .await
            .unwrap();
        if done == serde_json::Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no page load after clicking {css}");
}

async fn login(c: &Client, app: &common::TestApp, email: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&app.url("/login")).await.unwrap();
    fill(c, "#email", email).await;
    fill(c, "#password", common::PASSWORD).await;
    submit(c, "main form button[type=submit]").await;
    let h1 = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(h1, Lang::Nl.t("nav-my-week"), "after login {email} lands on Mijn week");
}

async fn state(app: &common::TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT state FROM proposals WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_whole_loop_in_a_browser() {
    let _one = ONE_BROWSER.lock().await;
    let Some((_driver, c, _profile)) = browser().await else { return };
    let app = common::TestApp::start(common::Backend::Sqlite).await.unwrap();
    let w = common::world(&app.db).await;
    let circle = w.circle;

    // A professional plans an active week.
    login(&c, &app, "member@test.example").await;
    c.goto(&app.url(&format!("/circles/{circle}"))).await.unwrap();
    submit(&c, &format!("a[href='/circles/{circle}/cycles/new']")).await;
    fill(&c, "#place", "Stilteruimte Lindehof").await;
    submit(&c, "main form button[type=submit]").await;
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/cycles/"), "planning leads to the cycle page, got {url}");
    let sessions = c.find_all(Locator::Css("main ol h3 a")).await.unwrap();
    assert_eq!(sessions.len(), 4, "four sessions by default");

    // …writes a work situation…
    c.goto(&app.url(&format!("/circles/{circle}/situations/new"))).await.unwrap();
    fill(&c, "#title", "Nieuwe collega's alleen in de avonddienst").await;
    fill(&c, "#description", "Nieuwe collega's zitten na drie weken al alleen in de avonddienst.").await;
    click(&c, "input[name=critical]").await;
    submit(&c, "main form button[type=submit]").await;
    let page = c.source().await.unwrap();
    assert!(page.contains("alleen in de avonddienst"), "{} {page}", c.current_url().await.unwrap());

    // …steps through a session, writing shared notes.
    c.goto(&app.url(&format!("/sessions/{}?step=2", w.session))).await.unwrap();
    fill(&c, "#body", "Wie: nieuwe collega's, de roosteraar. Feit: na drie weken alleen.").await;
    submit(&c, "#note form button[type=submit]").await;
    let page = c.source().await.unwrap();
    assert!(page.contains("de roosteraar"), "the note is saved and shown");
    submit(&c, "a[href*='?step=3'], ol.steps a").await;

    // …and drafts a proposal, then asks the circle to validate it.
    c.goto(&app.url(&format!("/circles/{circle}/proposals/new"))).await.unwrap();
    fill(&c, "#title", "Inwerkbuddy voor de eerste zes weken").await;
    fill(&c, "#proposal", "Elke nieuwe collega krijgt zes weken een vaste buddy in dezelfde dienst.").await;
    fill(&c, "#expected_effect", "Minder uitval van nieuwe collega's.").await;
    submit(&c, "main form button[type=submit]").await;
    let pid: i64 = c.current_url().await.unwrap().path().trim_start_matches("/proposals/").parse().unwrap();
    submit(&c, "form[action$='/step'] button").await;
    assert_eq!(state(&app, pid).await, "in_validation");

    // The members vote.
    for email in ["member@test.example", "member2@test.example", "member3@test.example"] {
        login(&c, &app, email).await;
        c.goto(&app.url(&format!("/proposals/{pid}"))).await.unwrap();
        click(&c, "input[name=choice][value=agree]").await;
        submit(&c, "form[action$='/vote'] button[type=submit]").await;
    }
    assert_eq!(state(&app, pid).await, "validated");

    // A member submits it to the manager (the default decider of their unit).
    login(&c, &app, "member@test.example").await;
    c.goto(&app.url(&format!("/proposals/{pid}"))).await.unwrap();
    submit(&c, "form[action$='/submit'] button[type=submit]").await;
    assert_eq!(state(&app, pid).await, "submitted");

    // The manager decides from "Besluiten".
    login(&c, &app, "manager@test.example").await;
    c.goto(&app.url("/decisions")).await.unwrap();
    submit(&c, &format!("a[href='/proposals/{pid}']")).await;
    click(&c, "input[name=decision][value=accept]").await;
    fill(&c, "#dreason", "Goed idee; start na de zomer.").await;
    submit(&c, "form[action$='/decide'] button[type=submit]").await;
    assert_eq!(state(&app, pid).await, "accepted");
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(std::env::temp_dir().join("hartslag-decided.png"), png);
    }

    // …and cannot open the circle's session.
    c.goto(&app.url(&format!("/sessions/{}", w.session))).await.unwrap();
    let h1 = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(h1, Lang::Nl.t("error-title-not-found"));
    assert!(!c.source().await.unwrap().contains("de roosteraar"));
    c.close().await.unwrap();
}

/// A professional shares part of their learning path and prepares a conversation; the manager
/// opens it and sees exactly the shared parts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prepared_conversation_shows_the_manager_exactly_what_was_shared() {
    let _one = ONE_BROWSER.lock().await;
    let Some((_driver, c, _profile)) = browser().await else { return };
    let app = common::TestApp::start(common::Backend::Sqlite).await.unwrap();
    let w = common::world(&app.db).await;

    login(&c, &app, "member@test.example").await;
    c.goto(&app.url("/path")).await.unwrap();
    // The world shares the plan only; she also shares her formal learning, not her progress.
    click(&c, "input[name=share_items]").await;
    submit(&c, "section[aria-labelledby=plan] button[type=submit]").await;
    c.goto(&app.url(&format!("/conversations/{}", w.conversation))).await.unwrap();
    fill(&c, "#a", "Ik durf in de overdracht meer door te vragen.").await;
    fill(&c, "#b", "Graag twee diensten meelopen in de wijk.").await;
    submit(&c, "form[action$='/prep'] button[type=submit]").await;

    login(&c, &app, "manager@test.example").await;
    c.goto(&app.url("/conversations")).await.unwrap();
    submit(&c, &format!("a[href='/conversations/{}']", w.conversation)).await;
    let page = c.source().await.unwrap();
    assert!(page.contains("Ik durf in de overdracht meer door te vragen."), "her narrative");
    assert!(page.contains("Beter leren doorvragen bij overdrachten"), "the shared plan");
    assert!(page.contains("Training gespreksvoering"), "the shared formal learning");
    assert!(!page.contains("Ik wil beter leren doorvragen."), "no reflection");
    let shared: hartslag::db::Flag =
        sqlx::query_scalar("SELECT share_progress FROM learning_paths WHERE person_id = $1")
            .bind(w.member)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert!(!shared.0, "progress stays unshared");
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_session_the_ai_drafts_while_we_watch_and_the_group_edits_and_validates_it() {
    let _one = ONE_BROWSER.lock().await;
    let Some(server) = common::ModelServer::start().await else { return };
    let Some((_driver, c, _profile)) = browser().await else { return };
    let app = common::TestApp::start(common::Backend::Sqlite).await.unwrap();
    let w = common::world(&app.db).await;
    common::use_model_server(&app.db, w.org, &server).await;
    let third: i64 = sqlx::query_scalar("SELECT id FROM sessions WHERE cycle_id = $1 AND position = 3")
        .bind(w.cycle)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();

    // The AI step of the third session: ask for a draft and watch it being written.
    login(&c, &app, "member@test.example").await;
    c.goto(&app.url(&format!("/sessions/{third}?step=2"))).await.unwrap();
    click(&c, "form[data-ai] button[type=submit]").await;
    let mut seen = std::collections::BTreeSet::new();
    let mut took_over = None;
    for _ in 0..1200 {
        let probe = c
            .execute(
                "const live = document.getElementById('ai-live');
                 const take = document.querySelector('a[href*=\"proposals/new?ai=\"]');
                 return [live && !live.hidden ? live.textContent.length : -1, take ? take.getAttribute('href') : null];",
                vec![],
            )
            .await;
        if let Ok(serde_json::Value::Array(v)) = probe {
            if let Some(n) = v[0].as_i64().filter(|n| *n > 0) {
                seen.insert(n);
            }
            if let Some(href) = v[1].as_str() {
                took_over = Some(href.to_string());
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(seen.len() >= 2, "the text grew in front of us: {seen:?}");
    let href = took_over.expect("when done, the draft can be taken over");
    let page = c.source().await.unwrap();
    assert!(page.contains("Concept door AI"));

    // Take it over, edit it, save it.
    c.goto(&app.url(&href)).await.unwrap();
    assert!(c.source().await.unwrap().contains("Concept door AI"), "the form says whose text it still is");
    fill(&c, "#title", "Vaste valvraag bij elke overdracht").await;
    fill(&c, "#proposal", "Elke overdracht begint met de vraag wie er die dag gevallen is.").await;
    submit(&c, "main form button[type=submit]").await;
    let url = c.current_url().await.unwrap();
    let id: i64 = url.path().trim_start_matches("/proposals/").parse().expect("on the proposal page");
    assert!(c.source().await.unwrap().contains("AI-concept en jullie tekst"));

    // Validate it together: the group's vote, not the AI, decides.
    submit(&c, "form[action$='/step'] input[value='start_validation'] ~ button").await;
    click(&c, "input[name='choice'][value='agree']").await;
    submit(&c, "form[action$='/vote'] button[type=submit]").await;
    let other = app.login("member2@test.example").await;
    assert_eq!(other.post(&format!("/proposals/{id}/vote"), &[("choice", "agree")]).await.0, 303);
    assert_eq!(state(&app, id).await, "validated");
    c.refresh().await.unwrap();
    assert!(c.source().await.unwrap().contains(&Lang::Nl.t("state-validated")));
}

/// A professional answers the learning-culture scan in a browser — part of it, later the rest —
/// and sees their own result; L&D then opens the report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_is_answered_in_two_sittings_and_the_report_shows_the_blocks() {
    let _one = ONE_BROWSER.lock().await;
    let Some((_driver, c, _profile)) = browser().await else { return };
    let app = common::TestApp::start(common::Backend::Sqlite).await.unwrap();
    let w = common::world(&app.db).await;
    let run = hartslag::scans::store::run(&app.db, w.org, w.scan).await.unwrap().unwrap();
    // Four colleagues have answered already (with the world's member: five).
    for p in [w.member2, w.member3, w.manager, w.admin] {
        let a = common::actor(&app.db, p).await;
        hartslag::scans::store::submit(&app.db, &common::SECRET, &run, &a, &common::scan_answers(&run, 4))
            .await
            .unwrap();
    }

    // The scan waits on Mijn week.
    login(&c, &app, "colleague@test.example").await;
    submit(&c, &format!("main a[href='/scans/{}']", w.scan)).await;
    let blocks = hartslag::scans::instrument::find("leercultuurscan").unwrap().blocks.len();
    // The first part, by keyboard-reachable radio buttons, then "later".
    for e in c.find_all(Locator::Css("fieldset.question .scale label:nth-child(4) input")).await.unwrap() {
        e.click().await.unwrap();
    }
    submit(&c, "button[value=later]").await;
    assert!(c.source().await.unwrap().contains(&Lang::Nl.t("scan-saved-later")));

    // Later: the rest, part by part; the first part kept its answers.
    submit(&c, &format!("main a[href='/scans/{}']", w.scan)).await;
    let checked = c.find_all(Locator::Css("fieldset.question input:checked")).await.unwrap();
    assert!(!checked.is_empty(), "saved answers are checked again");
    for part in 0..blocks {
        for e in c.find_all(Locator::Css("fieldset.question .scale label:nth-child(2) input")).await.unwrap() {
            e.click().await.unwrap();
        }
        if part + 1 < blocks {
            submit(&c, "button[value=next]").await;
        } else {
            submit(&c, "button[value=send]").await;
        }
    }
    let url = c.current_url().await.unwrap();
    assert!(url.path().starts_with("/scans/results/"), "sent to the personal result, got {url}");
    let h1 = c.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert!(h1.starts_with(&Lang::Nl.t("scan-result")), "{h1}");
    let sections = c.find_all(Locator::Css("main section.card")).await.unwrap();
    assert_eq!(sections.len(), blocks, "a result per building block");

    // L&D opens the report: while the scan is open, only the count, rounded down to fives.
    login(&c, &app, "adviser@test.example").await;
    c.goto(&app.url("/scans")).await.unwrap();
    submit(&c, &format!("a[href='/scans/{}/report']", w.scan)).await;
    let page = c.source().await.unwrap();
    assert!(page.contains("5 of meer / "), "six responses, published as five or more");
    assert!(c.find(Locator::Css("section.card.block")).await.is_err(), "no figures while open");
    // Many more answers (written as submit writes them), then L&D closes the scan through the
    // form: the report is published, every block with a score and advice.
    let text = hartslag::scans::instrument::Layout::to_text(&vec![4u8; run.items.len()]);
    for _ in 0..600 {
        sqlx::query("INSERT INTO scan_responses (run_id, id, unit_id, answers, receipt) VALUES ($1, $2, NULL, $3, $4)")
            .bind(run.id)
            .bind(hartslag::scans::anon::random_token())
            .bind(&text)
            .bind(hartslag::scans::anon::receipt_hash(&hartslag::scans::anon::random_token()))
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    click(&c, "details.no-print summary").await;
    click(&c, "input[name=confirm]").await;
    submit(&c, "form[action$='/close'] button[type=submit]").await;
    let cards = c.find_all(Locator::Css("section.card.block")).await.unwrap();
    assert_eq!(cards.len(), blocks);
    assert!(c.find(Locator::Css("figure.chart svg[role=img] title")).await.is_ok(), "an accessible chart");
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(std::env::temp_dir().join("hartslag-scan-report.png"), png);
    }
    c.close().await.unwrap();
}

/// The browser's console messages since the last call (ChromeDriver keeps them, warnings and
/// up, per session).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &reqwest::Url,
        session: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &reqwest::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// A Chrome DevTools command through ChromeDriver (for what WebDriver has no word for).
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &reqwest::Url,
        session: Option<&str>,
    ) -> Result<reqwest::Url, <reqwest::Url as std::str::FromStr>::Err> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &reqwest::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(serde_json::json!({"cmd": self.0, "params": self.1}).to_string()))
    }
}

/// The console errors since the last call: CSP violations, failed loads, script errors.
async fn console_errors(c: &Client) -> Vec<String> {
    let log = c.issue_cmd(BrowserLog).await.expect("reading the browser log");
    log.as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE")
        .map(|e| e["message"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The GET routes of the application, read from its source (`.route("/path", get(…))`).
fn get_routes() -> Vec<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Each piece: a route, then its handlers on the rest of that line.
                for piece in text.split(".route(\"").skip(1) {
                    let (route, handlers) = piece.split_once('"').unwrap();
                    let handlers = handlers.lines().next().unwrap_or_default();
                    if handlers.contains("get(") {
                        out.push(route.to_string());
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    out.dedup();
    out
}

/// GET routes that answer something other than an HTML page: data, files, redirects, streams.
const NOT_PAGES: &[&str] = &[
    "/healthz",
    "/readyz",
    "/favicon.ico",
    "/static/hartslag.css",
    "/static/ai.js",
    "/static/favicon.svg",
    "/me/data.json",
    "/cockpit.csv",
    "/auth/sso/callback",
    "/auth/sso/{org}",
    "/lang/{code}",
    "/calendar/{file}",
    "/cycles/{id}/calendar.ics",
    "/impact/solutions/{id}/export.csv",
    "/scans/{id}/report.csv",
    "/ai/requests/{id}/events",
    "/xapi/activity-types/{name}",
    "/xapi/verbs/{name}",
];

/// Every HTML page, as (route, address) with the world's ids in the place of parameters.
fn pages(w: &common::World, import: i64, solution: i64) -> Vec<(&'static str, String)> {
    let plain = [
        "/",
        "/admin",
        "/admin/ai",
        "/admin/audit",
        "/admin/import",
        "/admin/mail",
        "/admin/scim",
        "/admin/sso",
        "/admin/xapi",
        "/ai/prompts",
        "/circles",
        "/circles/new",
        "/cockpit",
        "/conversations",
        "/decisions",
        "/framework",
        "/framework/edit",
        "/impact",
        "/impact/solutions/new",
        "/login",
        "/me/connections",
        "/me/data",
        "/me/tokens",
        "/overview/circles",
        "/path",
        "/reflections",
        "/scans",
        "/scans/new",
        "/settings",
        "/team",
        "/time",
    ];
    let mut out: Vec<(&'static str, String)> = plain.iter().map(|p| (*p, p.to_string())).collect();
    let c = w.circle;
    out.extend([
        ("/admin/import/{id}", format!("/admin/import/{import}")),
        ("/admin/people/{id}", format!("/admin/people/{}", w.member)),
        ("/admin/units/{id}", format!("/admin/units/{}", w.unit)),
        ("/ai/prompts/{kind}/{lang}", "/ai/prompts/draft-proposal/nl".to_string()),
        ("/circles/{id}", format!("/circles/{c}")),
        ("/circles/{id}/cycles", format!("/circles/{c}/cycles")),
        ("/circles/{id}/cycles/new", format!("/circles/{c}/cycles/new")),
        ("/circles/{id}/proposals", format!("/circles/{c}/proposals")),
        ("/circles/{id}/proposals/new", format!("/circles/{c}/proposals/new")),
        ("/circles/{id}/situations", format!("/circles/{c}/situations")),
        ("/circles/{id}/situations/new", format!("/circles/{c}/situations/new")),
        ("/conversations/{id}", format!("/conversations/{}", w.conversation)),
        ("/cycles/{id}", format!("/cycles/{}", w.cycle)),
        ("/impact/solutions/{id}", format!("/impact/solutions/{solution}")),
        ("/impact/solutions/{id}/edit", format!("/impact/solutions/{solution}/edit")),
        ("/managers/{id}", format!("/managers/{}", w.manager)),
        ("/proposals/{id}", format!("/proposals/{}", w.submitted)),
        ("/proposals/{id}", format!("/proposals/{}", w.draft)),
        ("/proposals/{id}/edit", format!("/proposals/{}/edit", w.draft)),
        ("/scans/instruments/{id}", "/scans/instruments/leercultuurscan".to_string()),
        ("/scans/results/{token}", format!("/scans/results/{}", w.scan_receipt)),
        ("/scans/{id}", format!("/scans/{}", w.scan)),
        ("/scans/{id}/report", format!("/scans/{}/report", w.scan)),
        ("/sessions/{id}", format!("/sessions/{}", w.session)),
        ("/sessions/{id}", format!("/sessions/{}?step=5", w.session)),
        ("/sessions/{id}", format!("/sessions/{}", w.other_session)),
        ("/situations/{id}", format!("/situations/{}", w.situation)),
        ("/team/people/{id}", format!("/team/people/{}", w.member)),
        // An error page, in the layout every refusal uses.
        ("", "/nowhere".to_string()),
    ]);
    out
}

/// The page's outline as a screen reader user meets it (axe's `heading-order` and
/// `landmark-unique`): no heading level skipped, and no two landmarks of one kind with one name.
const OUTLINE: &str = r#"
const found = [];
let previous = 0;
for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
  if (h.closest('[hidden]')) continue;
  const level = Number(h.tagName[1]);
  if (level > previous + 1) found.push(`heading h${level} after h${previous}: "${h.textContent.trim().slice(0, 50)}"`);
  previous = level;
}
const name = (e) => e.getAttribute('aria-label') || (e.getAttribute('aria-labelledby') || '').split(' ')
  .map((id) => (document.getElementById(id) || { textContent: '' }).textContent.trim()).join(' ').trim();
const seen = new Set();
for (const e of document.querySelectorAll('nav, aside, main, section, [role=search], [role=region], form[aria-label], form[aria-labelledby]')) {
  const tag = e.tagName.toLowerCase();
  const role = e.getAttribute('role') || { nav: 'navigation', aside: 'complementary', main: 'main', form: 'form' }[tag]
    || (tag === 'section' && name(e) ? 'region' : null);
  if (!role) continue;
  const key = role + ' "' + name(e) + '"';
  if (seen.has(key)) found.push('two landmarks: ' + key);
  seen.add(key);
}
return found;
"#;

/// What a page must never do on a phone: show a bare message key, put an error in the console
/// (a style or script the CSP refuses, a missing file), or scroll sideways.
async fn check_page(c: &Client, what: &str, expected_status: bool, problems: &mut Vec<String>) {
    let probe = c
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth, document.documentElement.outerHTML];",
            vec![],
        )
        .await
        .unwrap();
    let (scroll, inner) = (probe[0].as_i64().unwrap(), probe[1].as_i64().unwrap());
    if scroll > inner {
        problems.push(format!("{what}: scrolls sideways ({scroll} px in a {inner} px window)"));
    }
    let html = probe[2].as_str().unwrap_or_default();
    if let Some(at) = html.find("Unknown localization key") {
        let end = html[at..].char_indices().nth(80).map_or(html.len(), |(i, _)| at + i);
        problems.push(format!("{what}: {}", &html[at..end]));
    }
    let outline = c.execute(OUTLINE, vec![]).await.unwrap();
    for finding in outline.as_array().into_iter().flatten() {
        problems.push(format!("{what}: {}", finding.as_str().unwrap_or_default()));
    }
    let own_url = c.current_url().await.unwrap().to_string();
    for e in console_errors(c).await {
        // The error page's own status (404) is its point, not a problem.
        if expected_status && e.starts_with(&own_url) {
            continue;
        }
        problems.push(format!("{what}: console: {e}"));
    }
}

/// Every page each role of the world can open, in Dutch and in English, on a phone-wide window:
/// no bare message keys, no console errors (CSP violations among them), no sideways scrolling,
/// no skipped heading levels, no two landmarks with one name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_reads_well_on_a_phone_in_both_languages_for_every_role() {
    let _one = ONE_BROWSER.lock().await;
    let Some((_driver, c, _profile)) = browser().await else { return };
    let app = common::TestApp::start(common::Backend::Sqlite).await.unwrap();
    let w = common::world(&app.db).await;

    // An import report for the administrator's pages.
    let admin = app.login("admin@test.example").await;
    let file = "Personeelsnummer;Roepnaam;Voorvoegsels;Achternaam;E-mailadres zakelijk;Functienaam;Afdelingscode;\
                Afdelingsnaam;Personeelsnummer leidinggevende\n3001;Fleur;de;Wit;fleur@test.example;Verzorgende IG;BR;\
                Beukenrode;9000\n";
    let form = reqwest::multipart::Form::new()
        .text("csrf", admin.csrf.clone())
        .text("preset", "youforce")
        .text("max_deactivate", "10")
        .part("file", reqwest::multipart::Part::bytes(file.as_bytes().to_vec()).file_name("export.csv"));
    let r = admin.client.post(app.url("/admin/import")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 303, "the import report was made");
    let import: i64 = r.headers()["location"].to_str().unwrap().rsplit('/').next().unwrap().parse().unwrap();

    // A learning solution in L&D's register, for the impact pages.
    let adviser = common::actor(&app.db, w.adviser).await;
    let new = hartslag::impact::store::NewSolution {
        name: "Prof-cirkels".into(),
        kind: "circles".into(),
        size: "high".into(),
        weight: "medium".into(),
        risk: "low".into(),
        ..Default::default()
    };
    let solution = hartslag::impact::store::create(&app.db, &adviser, &new).await.unwrap();

    // The page list covers every GET route: a route is a page here, or named as no page.
    let pages = pages(&w, import, solution);
    let listed: std::collections::BTreeSet<&str> = pages.iter().map(|(r, _)| *r).collect();
    let routes = get_routes();
    assert!(routes.len() > 50, "the routes were found: {routes:?}");
    for route in &routes {
        let skipped = NOT_PAGES.contains(&route.as_str()) || route.starts_with("/api/") || route.starts_with("/scim/");
        assert!(listed.contains(route.as_str()) || skipped, "{route} is neither walked nor named as no page");
    }
    // …and what is named as no page without parameters is indeed no HTML page for anyone.
    for route in routes.iter().filter(|r| !r.contains('{') && !listed.contains(r.as_str())) {
        let r = admin.client.get(app.url(route)).send().await.unwrap();
        let html = r.headers().get("content-type").is_some_and(|t| t.to_str().unwrap().starts_with("text/html"));
        assert!(!(r.status() == 200 && html), "{route} answers an HTML page: walk it");
    }

    // The window is as wide as a phone (a headless window is at least 500 px: the page is
    // shown at phone width inside it, as DevTools' device mode does).
    let phone = serde_json::json!({"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": false});
    c.issue_cmd(Cdp("Emulation.setDeviceMetricsOverride", phone)).await.unwrap();
    c.goto(&app.url("/login")).await.unwrap();
    let inner = c.execute("return window.innerWidth;", vec![]).await.unwrap().as_i64().unwrap();
    assert!(inner <= 400, "a phone-wide window, got {inner} px");
    // The console is read: a planted error comes back.
    c.execute("console.error('hartslag-probe');", vec![]).await.unwrap();
    let planted = console_errors(&c).await;
    assert!(planted.iter().any(|e| e.contains("hartslag-probe")), "the console log is readable: {planted:?}");

    let mut problems = Vec::new();
    let mut walked = std::collections::BTreeMap::new();
    for lang in ["nl", "en"] {
        c.delete_all_cookies().await.unwrap();
        c.goto(&app.url(&format!("/lang/{lang}"))).await.unwrap();
        c.goto(&app.url("/login")).await.unwrap();
        check_page(&c, &format!("anonymous {lang} /login"), false, &mut problems).await;
        *walked.entry(format!("anonymous {lang}")).or_insert(0) += 1;
    }
    for email in [
        "member@test.example",
        "manager@test.example",
        "adviser@test.example",
        "admin@test.example",
        "guest@test.example",
    ] {
        // Which pages this role can open: an HTML page with 200 OK (a refusal is walked once,
        // as /nowhere).
        let user = app.login(email).await;
        let mut reachable = Vec::new();
        for (route, path) in &pages {
            if *route == "/login" {
                continue;
            }
            let r = user.client.get(app.url(path)).send().await.unwrap();
            if r.status() == 200 || route.is_empty() {
                reachable.push(path.clone());
            }
        }
        c.delete_all_cookies().await.unwrap();
        c.goto(&app.url("/login")).await.unwrap();
        fill(&c, "#email", email).await;
        fill(&c, "#password", common::PASSWORD).await;
        submit(&c, "main form button[type=submit]").await;
        assert_ne!(c.current_url().await.unwrap().path(), "/login", "{email} signed in");
        for lang in ["nl", "en"] {
            c.goto(&app.url(&format!("/lang/{lang}"))).await.unwrap();
            let _ = console_errors(&c).await;
            for path in &reachable {
                c.goto(&app.url(path)).await.unwrap();
                check_page(&c, &format!("{email} {lang} {path}"), path == "/nowhere", &mut problems).await;
                if path == "/me/data"
                    && email.starts_with("member@")
                    && let Ok(png) = c.screenshot().await
                {
                    let _ = std::fs::write(std::env::temp_dir().join(format!("hartslag-me-data-{lang}.png")), png);
                }
            }
            walked.insert(format!("{email} {lang}"), reachable.len());
        }
    }
    eprintln!("pages walked: {walked:#?}");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    c.close().await.unwrap();
}
