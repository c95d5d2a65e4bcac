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
            let r = client.post(app.url("/login"))
                .form(&[("email", "member@test.example"), ("password", common::PASSWORD), ("next", next)])
                .send().await.unwrap();
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
        let r = client.post(app.url("/login")).form(&[("email", "member@test.example"), ("password", common::PASSWORD)]).send().await.unwrap();
        let cookie = r.headers()["set-cookie"].to_str().unwrap().to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    }

    async fn every_sign_in_gets_a_new_session_and_logout_ends_it_on_the_server(app) {
        let w = common::world(&app.db).await;
        let token_of = |r: &reqwest::Response| {
            r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string()
        };
        let client = TestApp::client();
        let login = || client.post(app.url("/login")).form(&[("email", "member@test.example"), ("password", common::PASSWORD)]).send();
        let first = token_of(&login().await.unwrap());
        let second = token_of(&login().await.unwrap());
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
            let url = app.url("/login");
            async move { client.post(url).form(&[("email", email), ("password", password)]).send().await.unwrap() }
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
