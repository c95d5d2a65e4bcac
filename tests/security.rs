//! What an attacker would try first: script in text, redirects to elsewhere, framing, stolen
//! or stale sessions. On SQLite and PostgreSQL.

mod common;

use common::{TestApp, count};

backends! {
    async fn text_from_people_is_escaped_everywhere_it_shows(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let (status, loc) = member.post(&format!("/circles/{}/situations/new", w.circle), &[
            ("title", "<script>alert('x')</script>"), ("description", "<img src=x onerror=alert(1)>"), ("kind", "work_process"),
        ]).await;
        assert_eq!(status, 303);
        for path in [loc.as_str(), &format!("/circles/{}", w.circle), &format!("/circles/{}/situations", w.circle)] {
            let (_, page) = member.get(path).await;
            assert!(!page.contains("<script>alert"), "{path} shows raw script");
            assert!(!page.contains("<img src=x"), "{path} shows a raw tag");
        }
        let (_, page) = member.get(&loc).await;
        assert!(page.contains("&lt;script&gt;") || page.contains("&#60;script&#62;"), "the title shows as text");
    }

    async fn redirects_never_leave_the_site(app) {
        common::world(&app.db).await;
        let client = TestApp::client();
        // Browsers drop tabs and newlines in a URL: "/\t/evil.example" is "//evil.example" to them.
        for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example", "/\n/evil.example"] {
            let r = common::post_login(&client, &app.base, &[("email", "member@test.example"), ("password", common::PASSWORD), ("next", next)]).await;
            assert_eq!(r.status(), 303);
            assert_eq!(r.headers()["location"], "/", "next={next}");
        }
        let r = client.get(app.url("/lang/en?next=//evil.example")).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/");
        let r = client.get(app.url("/lang/en")).header("referer", "https://evil.example//x").send().await.unwrap();
        assert!(r.headers()["location"].to_str().unwrap().starts_with('/'));
        assert!(!r.headers()["location"].to_str().unwrap().starts_with("//"));
    }

    async fn pages_carry_security_headers_and_cookies_are_http_only(app) {
        common::world(&app.db).await;
        let client = TestApp::client();
        let r = client.get(app.url("/login")).send().await.unwrap();
        let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        assert_eq!(r.headers()["x-frame-options"], "DENY");
        assert_eq!(r.headers()["x-content-type-options"], "nosniff");
        let r = common::post_login(&client, &app.base, &[("email", "member@test.example"), ("password", common::PASSWORD)]).await;
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    }

    async fn a_login_posted_from_another_site_is_refused_and_changes_nothing(app) {
        common::world(&app.db).await;
        let fields = [("email", "member@test.example"), ("password", common::PASSWORD)];
        let sessions = count(&app.db, "login_sessions").await;
        let refused = |r: &reqwest::Response| {
            r.status() == 403 && r.headers().get_all("set-cookie").iter().all(|c| !c.to_str().unwrap().starts_with("hartslag_session="))
        };
        // What a page elsewhere can send: the attacker's address and password, no token.
        let r = TestApp::client().post(app.url("/login")).form(&fields).send().await.unwrap();
        assert!(refused(&r), "{}", r.status());
        let page = r.text().await.unwrap();
        assert!(page.contains(&hartslag::web::Lang::Nl.t("login-refused")), "it says why, in Dutch: {page}");
        let r = TestApp::client().post(app.url("/login")).header("accept-language", "en").form(&fields).send().await.unwrap();
        assert!(r.text().await.unwrap().contains(&hartslag::web::Lang::En.t("login-refused")), "and in English");
        // The attacker's own valid token, without the cookie that goes with it in the victim's browser.
        let token = common::login_form(&TestApp::client(), &app.base).await;
        let victim = TestApp::client();
        let r = victim.post(app.url("/login")).form(&[fields[0], fields[1], ("login_csrf", token.as_str())]).send().await.unwrap();
        assert!(refused(&r));
        // The victim's own page and token, but the browser says the post came from elsewhere.
        for (name, value) in [("origin", "https://evil.example"), ("origin", "null"), ("sec-fetch-site", "cross-site")] {
            let token = common::login_form(&victim, &app.base).await;
            let r = victim.post(app.url("/login")).header(name, value)
                .form(&[fields[0], fields[1], ("login_csrf", token.as_str())]).send().await.unwrap();
            assert!(refused(&r), "{name}: {value}");
        }
        // A token cookie and field that differ.
        common::login_form(&victim, &app.base).await;
        let r = victim.post(app.url("/login")).form(&[fields[0], fields[1], ("login_csrf", token.as_str())]).send().await.unwrap();
        assert!(refused(&r));
        // Nothing changed: no session, no failed attempt counted against the address.
        assert_eq!(count(&app.db, "login_sessions").await, sessions);
        assert_eq!(count(&app.db, "login_throttle").await, 0);
        // The refusal page is a fresh login form (with its cookie) that works, from our own origin.
        let page = r.text().await.unwrap();
        let again = common::hidden_field(&page, "login_csrf").unwrap();
        let r = victim.post(app.url("/login")).header("origin", app.base.as_str()).header("sec-fetch-site", "same-origin")
            .form(&[fields[0], fields[1], ("login_csrf", again.as_str())]).send().await.unwrap();
        assert_eq!(r.status(), 303);
        assert_eq!(count(&app.db, "login_sessions").await, sessions + 1);
        // The token cookie: short-lived, for the login form only, out of reach of script.
        let r = TestApp::client().get(app.url("/login")).send().await.unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.starts_with("hartslag_login=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/login"), "{cookie}");
        assert_eq!(r.headers()["cache-control"], "no-store");
    }

    async fn every_sign_in_gets_a_new_session_and_logout_ends_it_on_the_server(app) {
        let w = common::world(&app.db).await;
        let token_of = |r: &reqwest::Response| {
            r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
        };
        let client = TestApp::client();
        let login = || common::post_login(&client, &app.base, &[("email", "member@test.example"), ("password", common::PASSWORD)]);
        let first = token_of(&login().await);
        let second = token_of(&login().await);
        assert_ne!(first, second, "no session fixation");
        // Log out with the second session; replaying its cookie no longer works.
        let user = app.login("member@test.example").await;
        let r = user.client.get(app.url("/")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let stale = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let sessions_before = count(&app.db, "login_sessions").await;
        assert_eq!(user.post("/logout", &[]).await.0, 303);
        assert_eq!(count(&app.db, "login_sessions").await, sessions_before - 1);
        let r = stale.get(app.url(&format!("/circles/{}", w.circle))).header("cookie", &second).send().await.unwrap();
        assert_eq!(r.status(), 200, "another live session of the same person still works");
        // A deactivated person is out at once, everywhere.
        let admin = app.login("admin@test.example").await;
        let id = w.member.to_string();
        assert_eq!(admin.post(&format!("/admin/people/{id}"), &[("name", "Anna Lid")]).await.0, 303);
        let r = stale.get(app.url(&format!("/circles/{}", w.circle))).header("cookie", &second).send().await.unwrap();
        assert_eq!(r.status(), 303, "deactivated");
        assert_eq!(count(&app.db, "login_sessions").await, 1, "only the administrator's session is left");
    }

    async fn malformed_addresses_get_a_clear_answer_in_the_users_language(app) {
        let w = common::world(&app.db).await;
        let token = hartslag::auth::create_api_token(&app.db, w.member, "test").await.unwrap();
        let member = app.login("member@test.example").await;
        let (status, page) = member.get("/circles/abc").await;
        assert_eq!(status, 400);
        assert!(page.contains(&hartslag::web::Lang::Nl.t("error-bad-request")), "{page}");
        let (status, _) = member.get("/circles?page=veel").await;
        assert_eq!(status, 400);
        let r = TestApp::client().get(app.url("/api/v1/proposals/abc")).bearer_auth(&token).header("accept-language", "en").send().await.unwrap();
        assert_eq!(r.status(), 400);
        let e: serde_json::Value = r.json().await.unwrap();
        assert_eq!(e["error"]["message"], hartslag::web::Lang::En.t("error-bad-request"));
        let r = TestApp::client().delete(app.url("/circles")).send().await.unwrap();
        assert_eq!(r.status(), 405);
    }

    async fn sign_in_pauses_after_five_failures_for_that_address_only(app) {
        common::world(&app.db).await;
        let client = TestApp::client();
        let try_login = |email: &'static str, password: &'static str| {
            let client = client.clone();
            let base = app.base.clone();
            async move { common::post_login(&client, &base, &[("email", email), ("password", password)]).await }
        };
        for _ in 0..5 {
            assert_eq!(try_login("member@test.example", "verkeerd-wachtwoord").await.status(), 401);
            assert_eq!(try_login("nobody@test.example", "verkeerd-wachtwoord").await.status(), 401);
        }
        // Now even the right password waits, and an address without an account looks the same.
        for email in ["member@test.example", "MEMBER@test.example ", "nobody@test.example"] {
            let r = try_login(email, common::PASSWORD).await;
            assert_eq!(r.status(), 429, "{email}");
            let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
            assert!((1..=60).contains(&wait), "{wait}");
            let page = r.text().await.unwrap();
            assert!(page.contains("Te veel mislukte pogingen voor dit e-mailadres. Probeer het over 1 minuut opnieuw"), "{page}");
        }
        // Someone else signs in as usual.
        assert_eq!(try_login("member2@test.example", common::PASSWORD).await.status(), 303);
        // Each further failure doubles the pause.
        sqlx::query("UPDATE login_throttle SET locked_until = 0").execute(&app.db.pool).await.unwrap();
        assert_eq!(try_login("member@test.example", "nog-steeds-fout").await.status(), 401);
        let r = try_login("member@test.example", common::PASSWORD).await;
        assert_eq!(r.status(), 429);
        let wait: i64 = r.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!((61..=120).contains(&wait), "{wait}");
        // When the pause is over, the right password works and clears the count.
        sqlx::query("UPDATE login_throttle SET locked_until = 0").execute(&app.db.pool).await.unwrap();
        assert_eq!(try_login("member@test.example", common::PASSWORD).await.status(), 303);
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(left, 1, "only the address without an account is still counted");
    }

    async fn the_audit_log_records_sensitive_actions_and_refuses_changes(app) {
        let w = common::world(&app.db).await;
        let admin = app.login("admin@test.example").await;
        let (_, page) = admin.get("/admin/audit").await;
        assert!(page.contains("Nog niets vastgelegd."), "{page}");
        // A role change, an erasure, a personal data export and a decision.
        let unit = w.unit.to_string();
        let (status, _) = admin.post(&format!("/admin/people/{}", w.colleague), &[
            ("name", "Dirk Collega"), ("email", "colleague@test.example"), ("unit_id", &unit), ("is_adviser", "1"), ("active", "1"),
        ]).await;
        assert_eq!(status, 303);
        let (status, _) = admin.post(&format!("/admin/people/{}/erase", w.member3), &[("confirm", "1")]).await;
        assert_eq!(status, 303);
        let member = app.login("member@test.example").await;
        assert_eq!(member.get("/me/data.json").await.0, 200);
        let manager = app.login("manager@test.example").await;
        let (status, _) = manager.post(&format!("/proposals/{}/decide", w.submitted), &[("decision", "accept"), ("reason", "Goed plan")]).await;
        assert_eq!(status, 303);
        let (status, page) = admin.get("/admin/audit").await;
        assert_eq!(status, 200);
        for text in [
            "Rol of account gewijzigd", "adviser: false → true", "Dirk Collega",
            "Persoonsgegevens gewist", "Eigen gegevens gedownload", "Anna Lid",
            "Besluit over een voorstel", "accept", "Mira Manager", "Bea Beheer",
        ] {
            assert!(page.contains(text), "{text} missing from the audit log: {page}");
        }
        assert!(!page.contains("Goed plan"), "the reason is content, not audit detail");
        assert_eq!(count(&app.db, "audit_log").await, 4);
        // Append-only, whatever the code tries.
        assert!(sqlx::query("UPDATE audit_log SET action = 'nothing'").execute(&app.db.pool).await.is_err());
        assert!(sqlx::query("DELETE FROM audit_log").execute(&app.db.pool).await.is_err());
        assert_eq!(count(&app.db, "audit_log").await, 4);
        // Nobody else reads it.
        assert_eq!(member.get("/admin/audit").await.0, 404);
    }

    async fn a_nul_character_is_refused_everywhere_with_a_clear_answer(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let before = count(&app.db, "work_situations").await;
        let (status, page) = member.post(&format!("/circles/{}/situations/new", w.circle), &[
            ("title", "Nul\u{0}teken"), ("description", "Beschrijving"), ("kind", "work_process"),
        ]).await;
        assert_eq!(status, 422);
        assert!(page.contains("onzichtbaar teken"), "{page}");
        let token = hartslag::auth::create_api_token(&app.db, w.member, "test").await.unwrap();
        let r = TestApp::client().post(app.url(&format!("/api/v1/circles/{}/situations", w.circle))).bearer_auth(&token)
            .header("accept-language", "en")
            .json(&serde_json::json!({"title": "Nul\u{0}teken", "description": "x"})).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e: serde_json::Value = r.json().await.unwrap();
        assert!(e["error"]["message"].as_str().unwrap().contains("invisible character"), "{e}");
        // The text "\u0000" or "%00", typed as such, is text: it is stored as written.
        let typed = "Schrijf \\u0000 of %00 niet in een bericht";
        let r = TestApp::client().post(app.url(&format!("/api/v1/circles/{}/situations", w.circle))).bearer_auth(&token)
            .json(&serde_json::json!({"title": typed, "description": "x"})).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let stored: String = sqlx::query_scalar("SELECT title FROM work_situations ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(stored, typed);
        let (status, _) = member.get("/circles?page=1&q=a%00b").await;
        assert_eq!(status, 422);
        let r = TestApp::client().post(app.url("/login")).form(&[("email", "member@test.example\u{0}"), ("password", "x")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert_eq!(count(&app.db, "work_situations").await, before + 1, "nothing with a NUL was stored");
    }

    async fn a_guest_loses_their_session_two_hours_after_it_ended(app) {
        let w = common::world(&app.db).await;
        let guest = app.login("guest@test.example").await;
        let member = app.login("member@test.example").await;
        let token = hartslag::auth::create_api_token(&app.db, w.guest, "guest").await.unwrap();
        let client = TestApp::client();
        let page = format!("/sessions/{}", w.session);
        let api = app.url(&format!("/api/v1/sessions/{}", w.session));
        let api_note = app.url(&format!("/api/v1/sessions/{}/notes/2", w.session));
        // Times as the organisation keeps them: local wall-clock time, no sleeping.
        let starts = |hours_ago: i64| {
            (chrono::Local::now().naive_local() - chrono::Duration::hours(hours_ago)).format("%Y-%m-%dT%H:%M").to_string()
        };
        let move_session = |at: String| {
            sqlx::query("UPDATE sessions SET starts_at = $1, minutes = 60 WHERE id = $2").bind(at).bind(w.session).execute(&app.db.pool)
        };

        // The session ended just now: within the grace period the guest reads and writes.
        move_session(starts(1)).await.unwrap();
        assert_eq!(guest.get(&page).await.0, 200);
        assert_eq!(client.get(&api).bearer_auth(&token).send().await.unwrap().status(), 200);

        // Three hours after its end: gone, on the pages and in the API, and 404, not 403.
        move_session(starts(4)).await.unwrap();
        assert_eq!(guest.get(&page).await.0, 404);
        assert_eq!(client.get(&api).bearer_auth(&token).send().await.unwrap().status(), 404);

        // A week later the circle writes on; none of it reaches the guest, and nothing they send
        // is kept.
        move_session(starts(24 * 7)).await.unwrap();
        let m = common::actor(&app.db, w.member).await;
        hartslag::cycles::store::save_note(&app.db, &m, w.session, 3, "Later geschreven door de cirkel", 0).await.unwrap();
        let notes_before: i64 = sqlx::query_scalar("SELECT CAST(SUM(version) AS BIGINT) FROM notes").fetch_one(&app.db.pool).await.unwrap();
        let reflections_before = count(&app.db, "reflections").await;
        let (status, body) = guest.get(&page).await;
        assert_eq!(status, 404);
        assert!(!body.contains("Later geschreven") && !body.contains("Geheime aantekening"));
        let r = client.get(&api).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 404);
        assert!(!r.text().await.unwrap().contains("Later geschreven"));
        let r = client.put(&api_note).bearer_auth(&token).json(&serde_json::json!({"body": "Na afloop", "version": 0})).send().await.unwrap();
        assert_eq!(r.status(), 404, "the guest wrote a note through the API after their session");
        assert_eq!(guest.post(&format!("/sessions/{}/notes/2", w.session), &[("body", "Na afloop"), ("version", "0")]).await.0, 404);
        let session_id = w.session.to_string();
        assert_eq!(guest.post("/reflections", &[("body", "Terugblik"), ("session_id", session_id.as_str())]).await.0, 404);
        let notes_after: i64 = sqlx::query_scalar("SELECT CAST(SUM(version) AS BIGINT) FROM notes").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(notes_after, notes_before);
        assert_eq!(count(&app.db, "reflections").await, reflections_before);
        // The guest's own start page no longer leads there; the members keep their session.
        let (_, home) = guest.get("/").await;
        assert!(!home.contains(&format!("/sessions/{}\"", w.session)));
        let (status, body) = member.get(&page).await;
        assert_eq!(status, 200);
        assert!(body.contains("Geheime aantekening"));
    }
}

/// Makes every new row of `table` fail (or, with `on` false, takes that away again), on either
/// engine: to show that what a store command writes beside it is rolled back with it.
async fn refuse_inserts(db: &hartslag::db::Db, table: &str, on: bool) {
    use hartslag::db::Engine;
    let statements: Vec<String> = match (db.engine, on) {
        (Engine::Sqlite, true) => vec![format!(
            "CREATE TRIGGER {table}_refused_by_test BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )],
        (Engine::Sqlite, false) => vec![format!("DROP TRIGGER {table}_refused_by_test")],
        (Engine::Postgres, true) => vec![
            "CREATE OR REPLACE FUNCTION refused_by_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$".to_string(),
            format!("CREATE TRIGGER {table}_refused_by_test BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refused_by_test()"),
        ],
        (Engine::Postgres, false) => vec![format!("DROP TRIGGER {table}_refused_by_test ON {table}")],
    };
    for s in statements {
        sqlx::query(&s).execute(&db.pool).await.unwrap();
    }
}

backends! {
    async fn a_decision_through_the_api_is_audited_and_never_without_its_audit_row(app) {
        let w = common::world(&app.db).await;
        let token = hartslag::auth::create_api_token(&app.db, w.manager, "besluiten").await.unwrap();
        let decide = || {
            TestApp::client().post(app.url(&format!("/api/v1/proposals/{}/decision", w.submitted))).bearer_auth(&token)
                .json(&serde_json::json!({"decision": "accept", "reason": "Goed plan"})).send()
        };
        let state = || async {
            sqlx::query_scalar::<_, String>("SELECT state FROM proposals WHERE id = $1").bind(w.submitted).fetch_one(&app.db.pool).await.unwrap()
        };
        // The audit log refuses: the decision is not taken either.
        let events = count(&app.db, "proposal_events").await;
        refuse_inserts(&app.db, "audit_log", true).await;
        let r = decide().await.unwrap();
        assert_eq!(r.status(), 500);
        assert_eq!(state().await, "submitted", "no decision without its audit row");
        assert_eq!(count(&app.db, "proposal_events").await, events, "nor its history");
        // The same decision once the log takes rows again: taken, and audited like the page's.
        refuse_inserts(&app.db, "audit_log", false).await;
        let r = decide().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(state().await, "accepted");
        let row: (i64, Option<i64>, String, Option<i64>, String) = sqlx::query_as(
            "SELECT org_id, actor_id, action, subject_id, detail FROM audit_log",
        ).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(row, (w.org, Some(w.manager), "proposal-decided".to_string(), Some(w.submitted), "accept".to_string()));
    }

    async fn role_changes_erasures_and_settings_are_undone_when_their_audit_row_fails(app) {
        let w = common::world(&app.db).await;
        let admin = app.login("admin@test.example").await;
        let unit = w.unit.to_string();
        refuse_inserts(&app.db, "audit_log", true).await;
        let (status, _) = admin.post(&format!("/admin/people/{}", w.colleague), &[
            ("name", "Dirk Collega"), ("email", "colleague@test.example"), ("unit_id", &unit), ("is_adviser", "1"), ("active", "1"),
        ]).await;
        assert_eq!(status, 500);
        let adviser: hartslag::db::Flag = sqlx::query_scalar("SELECT is_adviser FROM people WHERE id = $1").bind(w.colleague).fetch_one(&app.db.pool).await.unwrap();
        assert!(!adviser.0, "the role did not change");
        assert_eq!(admin.post(&format!("/admin/people/{}/erase", w.member3), &[("confirm", "1")]).await.0, 500);
        let email: String = sqlx::query_scalar("SELECT email FROM people WHERE id = $1").bind(w.member3).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(email, "member3@test.example", "not erased");
        assert_eq!(admin.post("/admin/retention", &[("notes_months", "6"), ("departed_months", "")]).await.0, 500);
        let months: Option<i64> = sqlx::query_scalar("SELECT retention_notes_months FROM organisations WHERE id = $1").bind(w.org).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(months, None, "the retention period did not change");
        let tokens = count(&app.db, "scim_tokens").await;
        assert_eq!(admin.post("/admin/scim", &[("name", "Entra")]).await.0, 500);
        assert_eq!(count(&app.db, "scim_tokens").await, tokens, "no SCIM token without its row");
        refuse_inserts(&app.db, "audit_log", false).await;
        assert_eq!(count(&app.db, "audit_log").await, 0);
    }

    async fn a_submission_sets_its_decider_only_together_with_its_state(app) {
        use hartslag::proposals::store as proposals;
        let w = common::world(&app.db).await;
        sqlx::query("UPDATE proposals SET state = 'validated' WHERE id = $1").bind(w.draft).execute(&app.db.pool).await.unwrap();
        let p = proposals::get(&app.db, w.draft).await.unwrap();
        let member = common::actor(&app.db, w.member).await;
        // The history refuses the step: the decider must not stay behind on a validated proposal.
        refuse_inserts(&app.db, "proposal_events", true).await;
        assert!(proposals::submit(&app.db, &member, &p, w.manager).await.is_err());
        refuse_inserts(&app.db, "proposal_events", false).await;
        let p = proposals::get(&app.db, w.draft).await.unwrap();
        assert_eq!((p.state.as_str(), p.decider_id), ("validated", None));
        proposals::submit(&app.db, &member, &p, w.manager).await.unwrap();
        let p = proposals::get(&app.db, w.draft).await.unwrap();
        assert_eq!((p.state.as_str(), p.decider_id), ("submitted", Some(w.manager)));
        // A vote on it now is refused, and nothing is stored: the state is checked as the vote is written.
        let votes = count(&app.db, "votes").await;
        let err = proposals::cast_vote(&app.db, &member, w.draft, "agree", "").await.unwrap_err();
        assert_eq!(err.code(), "conflict");
        assert_eq!(count(&app.db, "votes").await, votes);
    }

    async fn api_tokens_have_a_scope_and_an_expiry(app) {
        use hartslag::auth::tokens::{self, Scope};
        let w = common::world(&app.db).await;
        let api = |method: reqwest::Method, path: &str, token: &str| {
            TestApp::client().request(method, app.url(path)).bearer_auth(token).header("accept-language", "en")
        };
        // Read only: reading works; any change is 403 with a clear error, and changes nothing.
        let read = tokens::create(&app.db, w.member, "rapport", Scope::Read, 30).await.unwrap();
        assert_eq!(api(reqwest::Method::GET, "/api/v1/me", &read).send().await.unwrap().status(), 200);
        let situations = count(&app.db, "work_situations").await;
        let r = api(reqwest::Method::POST, &format!("/api/v1/circles/{}/situations", w.circle), &read)
            .json(&serde_json::json!({"title": "Overdracht", "description": "Te laat"})).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let e: serde_json::Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "token_read_only");
        assert_eq!(e["error"]["message"], hartslag::web::Lang::En.t("error-token-read-only"));
        let r = api(reqwest::Method::PUT, &format!("/api/v1/sessions/{}/notes/1", w.session), &read)
            .json(&serde_json::json!({"body": "x", "version": 0})).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(count(&app.db, "work_situations").await, situations);
        // Read and write: the same change goes through.
        let write = tokens::create(&app.db, w.member, "koppeling", Scope::ReadWrite, 365).await.unwrap();
        let r = api(reqwest::Method::POST, &format!("/api/v1/circles/{}/situations", w.circle), &write)
            .json(&serde_json::json!({"title": "Overdracht", "description": "Te laat"})).send().await.unwrap();
        assert_eq!(r.status(), 201);
        // Past its expiry a token is 401, read or write.
        sqlx::query("UPDATE api_tokens SET expires_at = $1").bind(hartslag::db::now() - 1).execute(&app.db.pool).await.unwrap();
        for t in [&read, &write] {
            let r = api(reqwest::Method::GET, "/api/v1/me", t).send().await.unwrap();
            assert_eq!(r.status(), 401);
            let e: serde_json::Value = r.json().await.unwrap();
            assert_eq!(e["error"]["code"], "token_expired");
            assert_eq!(e["error"]["message"], hartslag::web::Lang::En.t("error-token-expired"));
        }
        // Expiry between a day and a year; the default is 90 days, read and write.
        for days in [0, 366, -5] {
            assert_eq!(tokens::create(&app.db, w.member, "x", Scope::Read, days).await.unwrap_err().code(), "invalid", "{days}");
        }
        let before = count(&app.db, "api_tokens").await;
        hartslag::auth::create_api_token(&app.db, w.member, "standaard").await.unwrap();
        assert_eq!(count(&app.db, "api_tokens").await, before + 1);
        let (scope, expires): (String, i64) = sqlx::query_as("SELECT scope, expires_at FROM api_tokens WHERE name = 'standaard'")
            .fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(scope, "read_write");
        assert!((expires - hartslag::db::now() - 90 * 86_400).abs() < 60, "{expires}");
        // The OpenAPI document says so where it describes authentication.
        let doc: serde_json::Value = TestApp::client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        let auth = doc["components"]["securitySchemes"]["bearer"]["description"].as_str().unwrap();
        assert!(auth.contains("token_read_only") && auth.contains("token_expired") && auth.contains("/me/tokens"), "{auth}");
    }

    async fn tokens_from_before_the_migration_keep_read_write_for_ninety_days(app) {
        let w = common::world(&app.db).await;
        // A row as the code before this change wrote it: the new columns take their defaults.
        let token = "hs_from_before";
        sqlx::query("INSERT INTO api_tokens (person_id, name, token_hash, created_at) VALUES ($1, 'oud', $2, 1)")
            .bind(w.member).bind(hartslag::auth::token_hash(token)).execute(&app.db.pool).await.unwrap();
        let me = || TestApp::client().get(app.url("/api/v1/me")).bearer_auth(token).send();
        assert_eq!(me().await.unwrap().status(), 401, "a row without an expiry opens nothing");
        // What migration 0017 does with such rows.
        let dir = match app.db.engine { hartslag::db::Engine::Sqlite => "sqlite", hartslag::db::Engine::Postgres => "postgres" };
        let sql = std::fs::read_to_string(format!("{}/migrations/{dir}/0017_tokens.sql", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let update = sql.lines().find(|l| l.starts_with("UPDATE api_tokens")).unwrap().trim_end_matches(';');
        sqlx::query(update).execute(&app.db.pool).await.unwrap();
        let (scope, expires): (String, i64) = sqlx::query_as("SELECT scope, expires_at FROM api_tokens WHERE name = 'oud'")
            .fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(scope, "read_write");
        assert!((expires - hartslag::db::now() - 90 * 86_400).abs() < 60, "{expires}");
        assert_eq!(me().await.unwrap().status(), 200);
        let r = TestApp::client().post(app.url(&format!("/api/v1/circles/{}/situations", w.circle))).bearer_auth(token)
            .json(&serde_json::json!({"title": "Overdracht", "description": "Te laat"})).send().await.unwrap();
        assert_eq!(r.status(), 201, "and may still write");
    }

    async fn the_token_page_makes_shows_and_revokes_ones_own_tokens(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let (status, page) = member.get("/me/tokens").await;
        assert_eq!(status, 200);
        assert!(page.contains(&hartslag::web::Lang::Nl.t("api-tokens-none")), "{page}");
        assert!(page.contains("value=\"90\" selected"), "90 days unless chosen otherwise: {page}");
        // Bad choices are refused and store nothing.
        for (scope, days) in [("read", "400"), ("read", "0"), ("admin", "30"), ("read", "veel")] {
            let (status, _) = member.post("/me/tokens", &[("name", "Rapport"), ("scope", scope), ("days", days)]).await;
            assert_eq!(status, 422, "{scope} {days}");
        }
        assert_eq!(count(&app.db, "api_tokens").await, 0);
        // A read-only token for 30 days, shown once.
        let r = member.client.post(app.url("/me/tokens"))
            .form(&[("csrf", member.csrf.as_str()), ("name", "Rapport"), ("scope", "read"), ("days", "30")]).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
        let page = r.text().await.unwrap();
        let token = page.split("<code id=\"api-new-token\">").nth(1).unwrap().split('<').next().unwrap().to_string();
        assert!(token.starts_with("hs_"), "{token}");
        let (id, scope, expires): (i64, String, i64) = sqlx::query_as("SELECT id, scope, expires_at FROM api_tokens WHERE person_id = $1")
            .bind(w.member).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(scope, "read");
        assert!((expires - hartslag::db::now() - 30 * 86_400).abs() < 60);
        let (_, page) = member.get("/me/tokens").await;
        assert!(!page.contains(&token), "shown only once");
        assert!(page.contains("Rapport") && page.contains(&hartslag::web::Lang::Nl.t("api-token-scope-read")));
        assert!(page.contains(&hartslag::cycles::format_date(expires, hartslag::web::Lang::Nl)), "the expiry shows: {page}");
        let api = |t: String| TestApp::client().get(app.url("/api/v1/me")).bearer_auth(t).send();
        assert_eq!(api(token.clone()).await.unwrap().status(), 200);
        // Nobody else revokes it; its owner does, and it stops working.
        let colleague = app.login("colleague@test.example").await;
        assert_eq!(colleague.post(&format!("/me/tokens/{id}/revoke"), &[]).await.0, 404);
        assert_eq!(api(token.clone()).await.unwrap().status(), 200);
        assert_eq!(member.post(&format!("/me/tokens/{id}/revoke"), &[]).await.0, 303);
        assert_eq!(api(token).await.unwrap().status(), 401);
        let (_, page) = member.get("/me/tokens").await;
        assert!(page.contains(&hartslag::web::Lang::Nl.t("api-token-revoked")));
    }
}
