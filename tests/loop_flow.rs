//! The core loop through HTTP, as people use it, on SQLite and PostgreSQL: circles and their
//! size limits, planning a week, notes that never overwrite each other, the validation rule,
//! deciding, implementation and effect, framework versions, the team page, the API, and bad
//! input that is refused with a clear message and changes nothing.

mod common;

use common::{TestApp, count};

async fn state(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT state FROM proposals WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap()
}

fn id_from(location: &str, prefix: &str) -> i64 {
    location.trim_start_matches(prefix).split(['/', '?', '#']).next().unwrap().parse().unwrap()
}

backends! {
    async fn a_circle_is_started_and_joined_within_its_size_limits(app) {
        let w = common::world(&app.db).await;
        let colleague = app.login("colleague@test.example").await;
        let circles = count(&app.db, "circles").await;
        let (status, body) = colleague.post("/circles/new", &[("name", "   "), ("purpose", "")]).await;
        assert_eq!(status, 422);
        assert!(body.contains("naam"), "a Dutch message about the name: {body}");
        assert_eq!(count(&app.db, "circles").await, circles, "bad input changed nothing");

        let (status, loc) = colleague.post("/circles/new", &[("name", "Valpreventie"), ("purpose", "Minder vallen"), ("open", "1")]).await;
        assert_eq!(status, 303);
        let id = id_from(&loc, "/circles/");
        // Invite a member of the other circle; they accept.
        assert_eq!(colleague.post(&format!("/circles/{id}/invite"), &[("email", "member2@test.example")]).await.0, 303);
        assert_eq!(colleague.post(&format!("/circles/{id}/invite"), &[("email", "member2@test.example")]).await.0, 409);
        assert_eq!(colleague.post(&format!("/circles/{id}/invite"), &[("email", "nobody@test.example")]).await.0, 422);
        let m2 = app.login("member2@test.example").await;
        assert_eq!(m2.get(&format!("/circles/{id}")).await.0, 200, "an invitee sees the invitation");
        assert_eq!(m2.post(&format!("/circles/{id}/accept"), &[]).await.0, 303);
        // An open circle can be joined by a colleague.
        let m3 = app.login("member3@test.example").await;
        assert_eq!(m3.post(&format!("/circles/{id}/join"), &[]).await.0, 303);
        // At the maximum size nobody more gets in.
        sqlx::query("UPDATE organisations SET circle_max = 3 WHERE id = $1").bind(w.org).execute(&app.db.pool).await.unwrap();
        let (status, body) = colleague.post(&format!("/circles/{id}/invite"), &[("email", "member@test.example")]).await;
        assert_eq!(status, 422);
        assert!(body.contains('3'), "{body}");
        let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM circle_members WHERE circle_id = $1 AND status = 'member'")
            .bind(id).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(members, 3);
    }

    async fn planning_a_week_proposes_four_sessions_monday_to_thursday(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let cycles = count(&app.db, "week_cycles").await;
        assert_eq!(member.post(&format!("/circles/{}/cycles/new", w.circle), &[("week", "morgen"), ("time", "14:00")]).await.0, 422);
        assert_eq!(member.post(&format!("/circles/{}/cycles/new", w.circle), &[("week", "2027-03-03"), ("time", "25:00")]).await.0, 422);
        assert_eq!(count(&app.db, "week_cycles").await, cycles);
        // A Wednesday is taken as the week it falls in.
        let (status, loc) = member.post(&format!("/circles/{}/cycles/new", w.circle), &[("week", "2027-03-03"), ("time", "09:30"), ("place", "Kapel")]).await;
        assert_eq!(status, 303);
        let cycle = id_from(&loc, "/cycles/");
        let starts: Vec<String> = sqlx::query_scalar("SELECT starts_at FROM sessions WHERE cycle_id = $1 ORDER BY position")
            .bind(cycle).fetch_all(&app.db.pool).await.unwrap();
        assert_eq!(starts, ["2027-03-01T09:30", "2027-03-02T09:30", "2027-03-03T09:30", "2027-03-04T09:30"]);
        assert_eq!(member.post(&format!("/circles/{}/cycles/new", w.circle), &[("week", "2027-03-01"), ("time", "10:00")]).await.0, 409);
        // The week's choices: a question not in the framework is refused.
        assert_eq!(member.post(&format!("/cycles/{cycle}/choices"), &[("question", "99")]).await.0, 422);
        assert_eq!(member.post(&format!("/cycles/{cycle}/choices"), &[("question", "2"), ("question", "3"), ("situation", &w.situation.to_string())]).await.0, 303);
        let (_, page) = member.get(&format!("/sessions/{}", sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM sessions WHERE cycle_id = $1").bind(cycle).fetch_one(&app.db.pool).await.unwrap())).await;
        assert!(page.contains("Overdracht laat naar nacht"), "the chosen situation is the session's material");
        // A session can be moved.
        let sid: i64 = sqlx::query_scalar("SELECT MAX(id) FROM sessions WHERE cycle_id = $1").bind(cycle).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(member.post(&format!("/sessions/{sid}/edit"), &[("date", "2027-03-05"), ("time", "13:00"), ("place", "Tuin")]).await.0, 303);
        let moved: String = sqlx::query_scalar("SELECT starts_at FROM sessions WHERE id = $1").bind(sid).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(moved, "2027-03-05T13:00");
    }

    async fn two_people_saving_the_same_note_never_overwrite_each_other(app) {
        let w = common::world(&app.db).await;
        let a = app.login("member@test.example").await;
        let b = app.login("member2@test.example").await;
        let path = format!("/sessions/{}/notes/1", w.session);
        assert_eq!(a.post(&path, &[("body", "Anna's versie"), ("version", "1")]).await.0, 303);
        let (status, page) = b.post(&path, &[("body", "Brams versie"), ("version", "1")]).await;
        assert_eq!(status, 409);
        assert!(page.contains("Brams versie"), "the writer gets their own text back to merge");
        let body: String = sqlx::query_scalar("SELECT body FROM notes WHERE session_id = $1 AND step = 1").bind(w.session).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(body, "Anna's versie");
        // The personal step takes no shared note.
        let learn = 2; // frame 1 has two steps; the learn step is in frame 4
        let _ = learn;
        let s4: i64 = sqlx::query_scalar("SELECT id FROM sessions WHERE cycle_id = $1 AND position = 4").bind(w.cycle).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(a.post(&format!("/sessions/{s4}/notes/2"), &[("body", "privé"), ("version", "0")]).await.0, 422);
    }

    async fn validation_needs_two_thirds_and_no_objection_and_an_edit_resets_the_votes(app) {
        let w = common::world(&app.db).await;
        let a = app.login("member@test.example").await;
        let b = app.login("member2@test.example").await;
        let c = app.login("member3@test.example").await;
        let p = w.draft;
        assert_eq!(a.post(&format!("/proposals/{p}/step"), &[("action", "start_validation")]).await.0, 303);
        assert_eq!(state(&app, p).await, "in_validation");
        let (status, body) = b.post(&format!("/proposals/{p}/vote"), &[("choice", "object"), ("reason", "")]).await;
        assert_eq!(status, 422, "an objection needs a reason");
        assert!(body.contains(&hartslag::web::Lang::Nl.t("vote-reason-required")), "{body}");
        assert_eq!(count(&app.db, "votes").await, 3, "nothing was recorded");
        a.post(&format!("/proposals/{p}/vote"), &[("choice", "agree")]).await;
        assert_eq!(state(&app, p).await, "in_validation", "one of three is not two thirds");
        b.post(&format!("/proposals/{p}/vote"), &[("choice", "agree")]).await;
        assert_eq!(state(&app, p).await, "validated", "two of three agree, nobody objects");
        c.post(&format!("/proposals/{p}/vote"), &[("choice", "object"), ("reason", "We hebben dit in 2022 al geprobeerd.")]).await;
        assert_eq!(state(&app, p).await, "in_validation", "one objection blocks");
        // Editing the text resets the votes; the history keeps them.
        let version: i64 = sqlx::query_scalar("SELECT version FROM proposals WHERE id = $1").bind(p).fetch_one(&app.db.pool).await.unwrap();
        let v = version.to_string();
        let fields = [("title", "Overdrachtsscherm 2.0"), ("proposal", "Een scherm, met valregistratie."), ("version", v.as_str())];
        assert_eq!(a.post(&format!("/proposals/{p}/edit"), &fields).await.0, 303);
        let current: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes v JOIN proposals p ON p.id = v.proposal_id AND p.revision = v.revision WHERE p.id = $1")
            .bind(p).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(current, 0, "votes on the old text no longer count");
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE proposal_id = $1").bind(p).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(kept, 3, "the history keeps them");
        // A second edit from the same old version is a conflict, not a silent overwrite.
        let (status, page) = b.post(&format!("/proposals/{p}/edit"), &[("title", "Ander"), ("proposal", "Brams tekst"), ("version", v.as_str())]).await;
        assert_eq!(status, 409);
        assert!(page.contains("Brams tekst"));
        let (_, page) = a.get(&format!("/proposals/{p}")).await;
        assert!(page.contains("We hebben dit in 2022 al geprobeerd."), "earlier votes are in the history");
    }

    async fn only_the_decider_decides_and_a_decline_needs_a_reason(app) {
        let w = common::world(&app.db).await;
        let manager = app.login("manager@test.example").await;
        let member = app.login("member@test.example").await;
        let p = w.submitted;
        let (status, _) = manager.post(&format!("/proposals/{p}/decide"), &[("decision", "decline"), ("reason", " ")]).await;
        assert_eq!(status, 422);
        assert_eq!(member.post(&format!("/proposals/{p}/decide"), &[("decision", "accept")]).await.0, 403);
        assert_eq!(state(&app, p).await, "submitted");
        assert_eq!(manager.post(&format!("/proposals/{p}/decide"), &[("decision", "return"), ("reason", "Wat kost het?")]).await.0, 303);
        assert_eq!(state(&app, p).await, "returned");
        assert_eq!(manager.post(&format!("/proposals/{p}/decide"), &[("decision", "accept")]).await.0, 409, "decided once");
        let (_, page) = member.get(&format!("/proposals/{p}")).await;
        assert!(page.contains("Wat kost het?"), "the circle reads the question");
        assert_eq!(member.post(&format!("/proposals/{p}/step"), &[("action", "back_to_draft")]).await.0, 303);
        assert_eq!(state(&app, p).await, "draft");
        let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM proposal_events WHERE proposal_id = $1").bind(p).fetch_one(&app.db.pool).await.unwrap();
        assert!(events >= 6, "every step is in the history");
    }

    async fn an_accepted_proposal_is_followed_through_implementation_and_effect(app) {
        let w = common::world(&app.db).await;
        let manager = app.login("manager@test.example").await;
        let member = app.login("member@test.example").await;
        let p = w.submitted;
        assert_eq!(member.post(&format!("/proposals/{p}/effect"), &[("body", "Te vroeg")]).await.0, 409);
        manager.post(&format!("/proposals/{p}/decide"), &[("decision", "accept"), ("reason", "")]).await;
        assert_eq!(manager.post(&format!("/proposals/{p}/step"), &[("action", "plan_implementation")]).await.0, 303);
        assert_eq!(member.post(&format!("/proposals/{p}/step"), &[("action", "start_implementation")]).await.0, 303);
        assert_eq!(member.post(&format!("/proposals/{p}/effect"), &[("body", "Na zes weken: valincidenten in de overdracht van 7 naar 2")]).await.0, 303);
        assert_eq!(member.post(&format!("/proposals/{p}/step"), &[("action", "complete")]).await.0, 303);
        assert_eq!(state(&app, p).await, "done");
        let (_, page) = manager.get(&format!("/proposals/{p}")).await;
        assert!(page.contains("van 7 naar 2"), "the decider follows the effect");
        assert_eq!(member.post(&format!("/proposals/{p}/step"), &[("action", "bogus")]).await.0, 422);
    }

    async fn an_innovation_moves_through_its_intrapreneurial_phases(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let phase = |app: &TestApp| {
            let pool = app.db.pool.clone();
            async move { sqlx::query_scalar::<_, Option<String>>("SELECT phase FROM proposals WHERE id = $1").bind(w.draft).fetch_one(&pool).await.unwrap() }
        };
        assert_eq!(phase(&app).await.as_deref(), Some("vision"));
        member.post(&format!("/proposals/{}/phase", w.draft), &[]).await;
        assert_eq!(phase(&app).await.as_deref(), Some("opportunity_assessment"));
        member.post(&format!("/proposals/{}/phase", w.draft), &[]).await;
        assert_eq!(member.post(&format!("/proposals/{}/phase", w.draft), &[]).await.0, 409, "preparation is the last phase");
        assert_eq!(phase(&app).await.as_deref(), Some("preparation"));
    }

    async fn a_framework_edit_is_a_new_version_and_planned_weeks_keep_theirs(app) {
        let w = common::world(&app.db).await;
        let adviser = app.login("adviser@test.example").await;
        let (status, page) = adviser.get("/framework/edit").await;
        assert_eq!(status, 200);
        assert!(page.contains("Welke werksituatie willen we verbeteren"));
        let fv = |n: &str, nl: &str| -> Vec<(String, String)> { vec![("q_no".into(), n.into()), ("q_phase".into(), "kiezen".into()), ("q_nl".into(), nl.into()), ("q_en".into(), "".into())] };
        let mut fields: Vec<(String, String)> = fv("1", "Welke situatie pakken we op?");
        fields.extend(fv("2", "Wat gebeurt er precies?"));
        fields.extend([("f_title_nl".into(), "Alles in één".into()), ("f_title_en".into(), "All in one".into()), ("f_steps".into(), "choose: 1\nanalyse: 2\nai:\nlearn:".into())]);
        let refs: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(adviser.post("/framework/edit", &refs).await.0, 303);
        assert_eq!(count(&app.db, "framework_versions").await, 3, "two organisations' v1 and this v2");
        // A step pointing at a missing question is refused and changes nothing.
        let mut bad = refs.clone();
        bad.retain(|(k, _)| *k != "f_steps");
        bad.push(("f_steps", "analyse: 7"));
        let (status, body) = adviser.post("/framework/edit", &bad).await;
        assert_eq!(status, 422);
        assert!(body.contains('7'), "{body}");
        assert_eq!(count(&app.db, "framework_versions").await, 3);
        // The week planned before keeps version 1: its first session still has two steps.
        let member = app.login("member@test.example").await;
        let (_, page) = member.get(&format!("/sessions/{}", w.session)).await;
        assert!(page.contains("Kiezen en analyseren"));
        // Cycle defaults: bad values are refused.
        assert_eq!(adviser.post("/settings", &[("sessions_per_week", "9"), ("session_minutes", "60"), ("granted_hours", "4"), ("circle_min", "3"), ("circle_max", "6"), ("validation_rule", "unanimous")]).await.0, 422);
        assert_eq!(adviser.post("/settings", &[("sessions_per_week", "3"), ("session_minutes", "45"), ("granted_hours", "2,5"), ("circle_min", "3"), ("circle_max", "5"), ("validation_rule", "unanimous")]).await.0, 303);
        let s = hartslag::orgs::settings(&app.db, w.org).await.unwrap();
        assert_eq!((s.sessions_per_week, s.session_minutes, s.granted_minutes_per_week, s.circle_max), (3, 45, 150, 5));
        assert_eq!(s.validation.name(), "unanimous");
    }

    async fn the_team_page_shows_hours_used_of_hours_granted_and_nothing_else(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        // An active week this week, with one attended session.
        let today = chrono::Local::now().date_naive().to_string();
        let (_, loc) = member.post(&format!("/circles/{}/cycles/new", w.circle), &[("week", today.as_str()), ("time", "08:00")]).await;
        let cycle = id_from(&loc, "/cycles/");
        let s: i64 = sqlx::query_scalar("SELECT MIN(id) FROM sessions WHERE cycle_id = $1").bind(cycle).fetch_one(&app.db.pool).await.unwrap();
        let me = w.member.to_string();
        assert_eq!(member.post(&format!("/sessions/{s}/attendance"), &[("present", me.as_str())]).await.0, 303);
        assert_eq!(member.post(&format!("/sessions/{s}/attendance"), &[("present", "999999")]).await.0, 409, "an out-of-date list");
        // A session on a later day: no form, and a post is refused without a change.
        let (_, page) = member.get(&format!("/sessions/{}", w.session)).await;
        assert!(page.contains(&hartslag::web::Lang::Nl.t("attendance-not-yet")), "{page}");
        assert!(!page.contains(&format!("action=\"/sessions/{}/attendance\"", w.session)));
        assert_eq!(member.post(&format!("/sessions/{}/attendance", w.session), &[("present", me.as_str())]).await.0, 409);
        assert!(hartslag::cycles::store::attendance(&app.db, w.session).await.unwrap().is_empty());
        let manager = app.login("manager@test.example").await;
        let (status, page) = manager.get("/team").await;
        assert_eq!(status, 200);
        assert!(page.contains("Anna Lid"));
        assert!(page.contains("1 / 4"), "one hour used of four granted");
        assert!(!page.contains("Overdracht"), "no circle names or content");
        // The manager grants Anna more time; the professional sees it on her own page.
        let path = format!("/team/people/{}", w.member);
        assert_eq!(manager.post(&format!("{path}/granted"), &[("hours", "veel")]).await.0, 422);
        assert_eq!(manager.post(&format!("{path}/granted"), &[("hours", "41")]).await.0, 422);
        assert_eq!(manager.post(&format!("{path}/granted"), &[("hours", "6")]).await.0, 303);
        let (_, page) = manager.get("/team").await;
        assert!(page.contains("1 / 6"), "one hour used of six granted");
        let (status, page) = member.get("/time").await;
        assert_eq!(status, 200);
        assert!(page.contains("1 / 6"), "the owner sees the same figure");
        let (_, page) = manager.get(&path).await;
        assert!(page.contains("value=\"6\""), "the form shows the person's own amount");
        assert_eq!(manager.post(&format!("{path}/granted"), &[("hours", "")]).await.0, 303);
        let (_, page) = member.get("/time").await;
        assert!(page.contains("1 / 4"), "back to the organisation's default");
        // A colleague is nobody's manager.
        let colleague = app.login("colleague@test.example").await;
        assert_eq!(colleague.get(&path).await.0, 404);
    }

    async fn the_api_speaks_json_with_tokens_and_describes_itself(app) {
        let w = common::world(&app.db).await;
        let token = hartslag::auth::create_api_token(&app.db, w.member, "test").await.unwrap();
        let client = reqwest::Client::new();
        let me: serde_json::Value = client.get(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(me["email"], "member@test.example");
        let doc: serde_json::Value = client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/v1/proposals/{id}/votes"]["post"].is_object());
        // Bad JSON: a clear message in the caller's language, nothing written.
        let before = count(&app.db, "work_situations").await;
        let r = client.post(app.url(&format!("/api/v1/circles/{}/situations", w.circle))).bearer_auth(&token)
            .header("accept-language", "en").header("content-type", "application/json").body("{not json").send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e: serde_json::Value = r.json().await.unwrap();
        assert_eq!(e["error"]["code"], "invalid");
        assert!(e["error"]["message"].as_str().unwrap().contains("JSON"));
        let r = client.post(app.url(&format!("/api/v1/circles/{}/situations", w.circle))).bearer_auth(&token)
            .json(&serde_json::json!({"title": "", "description": "x"})).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let e: serde_json::Value = r.json().await.unwrap();
        assert_eq!(e["error"]["field"], "title", "the field the message is about: {e}");
        assert_eq!(count(&app.db, "work_situations").await, before);
        let r = client.post(app.url(&format!("/api/v1/circles/{}/situations", w.circle))).bearer_auth(&token)
            .json(&serde_json::json!({"title": "Tilliften", "description": "Twee tilliften voor veertien cliënten.", "critical": true})).send().await.unwrap();
        assert_eq!(r.status(), 201);
        // Notes over the API keep the same version check.
        let url = app.url(&format!("/api/v1/sessions/{}/notes/1", w.session));
        let ok = client.put(&url).bearer_auth(&token).json(&serde_json::json!({"body": "nieuw", "version": 1})).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        let stale = client.put(&url).bearer_auth(&token).json(&serde_json::json!({"body": "oud", "version": 1})).send().await.unwrap();
        assert_eq!(stale.status(), 409);
        // A revoked or wrong token is nobody.
        assert_eq!(client.get(app.url("/api/v1/me")).bearer_auth("hs_wrong").send().await.unwrap().status(), 401);
    }

    async fn forms_without_a_valid_csrf_token_change_nothing(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let before = count(&app.db, "work_situations").await;
        let r = member.client.post(app.url(&format!("/circles/{}/situations/new", w.circle)))
            .form(&[("csrf", "forged"), ("title", "x"), ("description", "y"), ("kind", "work_process")]).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(count(&app.db, "work_situations").await, before);
        let r = common::post_login(&TestApp::client(), &app.base, &[("email", "member@test.example"), ("password", "verkeerd")]).await;
        assert_eq!(r.status(), 401);
        assert!(r.text().await.unwrap().contains(&hartslag::web::Lang::Nl.t("login-failed")), "the login page says why");
    }

    async fn errors_speak_english_when_the_browser_asks_for_it(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let r = member.client.post(app.url(&format!("/circles/{}/situations/new", w.circle)))
            .header("accept-language", "en-GB,en;q=0.9")
            .form(&[("csrf", member.csrf.as_str()), ("title", ""), ("description", "y"), ("kind", "work_process")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(body.contains("lang=\"en\""), "an English page");
        let nl = hartslag::web::Lang::Nl.ta("situation-title-required", &[("max", "200".into())]);
        assert!(!body.contains(&nl), "not the Dutch message");
        let en = hartslag::web::Lang::En.ta("situation-title-required", &[("max", "200".into())]);
        assert!(body.contains(&en), "{body}");
    }

    async fn an_administrator_builds_units_and_people_and_bad_input_changes_nothing(app) {
        let w = common::world(&app.db).await;
        let admin = app.login("admin@test.example").await;
        let people = count(&app.db, "people").await;
        assert_eq!(admin.post("/admin/people", &[("name", "Eva"), ("email", "geen-adres")]).await.0, 422);
        assert_eq!(admin.post("/admin/people", &[("name", "Eva"), ("email", "member@test.example")]).await.0, 409, "e-mail taken");
        assert_eq!(admin.post("/admin/people", &[("name", "Eva"), ("email", "eva@test.example"), ("password", "kort")]).await.0, 422);
        assert_eq!(count(&app.db, "people").await, people);
        let (status, loc) = admin.post("/admin/people", &[("name", "Eva de Wit"), ("email", "Eva@Test.example"), ("password", common::PASSWORD), ("is_adviser", "1")]).await;
        assert_eq!(status, 303);
        let eva = id_from(&loc, "/admin/people/");
        let (status, loc) = admin.post("/admin/units", &[("name", "Locatie Beukenrode"), ("manager_email", "eva@test.example")]).await;
        assert_eq!(status, 303);
        let unit = id_from(&loc, "/admin/units/");
        // A unit cannot be placed below its own child.
        let u = unit.to_string();
        let (_, loc) = admin.post("/admin/units", &[("name", "Team Beukenrode 1"), ("parent_id", u.as_str())]).await;
        let child = id_from(&loc, "/admin/units/").to_string();
        assert_eq!(admin.post(&format!("/admin/units/{unit}"), &[("name", "Locatie Beukenrode"), ("parent_id", child.as_str())]).await.0, 422);
        // Nobody removes their own administrator role.
        let me = w.admin;
        assert_eq!(admin.post(&format!("/admin/people/{me}"), &[("name", "Bea Beheer"), ("active", "1")]).await.0, 422);
        // Eva signs in as L&D and manager.
        let eva_user = app.login("eva@test.example").await;
        assert_eq!(eva_user.get("/framework").await.0, 200);
        assert_eq!(eva_user.get("/team").await.0, 200);
        let _ = eva;
        assert_eq!(admin.post("/admin/organisation", &[("name", "  ")]).await.0, 422);
        assert_eq!(admin.post("/admin/organisation", &[("name", "Zorggroep De Linde")]).await.0, 303);
    }

    async fn l_and_d_sees_circle_metadata_but_never_content(app) {
        let w = common::world(&app.db).await;
        let adviser = app.login("adviser@test.example").await;
        // Of five members or more, L&D sees the circle and its size (smaller ones: policy_matrix).
        for p in [w.colleague, w.admin] {
            sqlx::query("INSERT INTO circle_members (circle_id, person_id, status, updated_at) VALUES ($1, $2, 'member', 0)")
                .bind(w.circle).bind(p).execute(&app.db.pool).await.unwrap();
        }
        let (status, page) = adviser.get("/overview/circles").await;
        assert_eq!(status, 200);
        assert!(page.contains("Overdracht"), "the circle exists");
        assert!(page.contains("<td>5</td>"), "its size");
        assert!(!page.contains("Betere overdracht") && !page.contains("gevallen"), "no purpose, no situations");
        assert_eq!(adviser.get(&format!("/circles/{}", w.circle)).await.0, 404);
    }

    async fn a_professional_designs_a_path_and_shares_only_what_they_choose(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let manager = app.login("manager@test.example").await;
        let (status, page) = member.get("/path").await;
        assert_eq!(status, 200);
        assert!(page.contains("Beter leren doorvragen bij overdrachten"));
        // The manager sees the shared plan, not the unshared formal learning or progress.
        let (_, page) = manager.get(&format!("/team/people/{}", w.member)).await;
        assert!(page.contains("Beter leren doorvragen bij overdrachten"), "the shared plan");
        assert!(!page.contains("Training gespreksvoering"), "formal learning was not shared");
        assert!(!page.contains("Ik wil beter leren doorvragen."), "never a reflection");
        // Bad input changes nothing.
        let version: i64 = sqlx::query_scalar("SELECT version FROM learning_paths WHERE person_id = $1").bind(w.member).fetch_one(&app.db.pool).await.unwrap();
        let v = version.to_string();
        let base = [("starts_on", "2026-09-01"), ("ends_on", "2026-10-01"), ("goals", "Doorvragen"), ("version", v.as_str())];
        let mut too_many = base.to_vec();
        too_many.push(("planned_weeks", "20"));
        assert_eq!(member.post("/path", &too_many).await.0, 422, "20 active weeks do not fit in a month");
        assert_eq!(member.post("/path/items", &[("kind", "formal"), ("title", "x"), ("link", "javascript:alert(1)")]).await.0, 422);
        assert_eq!(common::count(&app.db, "path_items").await, 1);
        // Sharing formal learning shows it to the manager.
        let share = [("starts_on", "2026-09-01"), ("ends_on", "2027-02-28"), ("planned_weeks", "20"), ("goals", "Doorvragen"),
            ("version", v.as_str()), ("share_plan", "1"), ("share_items", "1"), ("question", "9")];
        assert_eq!(member.post("/path", &share).await.0, 303);
        assert_eq!(member.post("/path", &share).await.0, 409, "a save from an old version is refused");
        let (_, page) = manager.get(&format!("/team/people/{}", w.member)).await;
        assert!(page.contains("Training gespreksvoering"));
        assert_eq!(member.post(&format!("/path/items/{}", w.path_item), &[("action", "done")]).await.0, 303);
        let colleague = app.login("colleague@test.example").await;
        assert_eq!(colleague.post(&format!("/path/items/{}", w.path_item), &[("action", "remove")]).await.0, 404);
        assert_eq!(common::count(&app.db, "path_items").await, 1);
    }

    async fn a_person_sees_all_their_data_and_an_erasure_keeps_the_groups_work(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let (status, page) = member.get("/me/data").await;
        assert_eq!(status, 200);
        assert!(page.contains("Ik wil beter leren doorvragen."), "their own reflection");
        let r = member.client.get(app.url("/me/data.json")).send().await.unwrap();
        assert!(r.headers()["content-disposition"].to_str().unwrap().contains("attachment"));
        let data: serde_json::Value = r.json().await.unwrap();
        assert_eq!(data["profile"]["email"], "member@test.example");
        assert_eq!(data["reflections"].as_array().unwrap().len(), 1);
        assert!(!data["votes"].as_array().unwrap().is_empty());
        let other = app.login("member2@test.example").await;
        let (_, page) = other.get("/me/data").await;
        assert!(!page.contains("Ik wil beter leren doorvragen."), "nobody else's reflection");
        // Erasure: confirmed by the administrator; the group's proposal stays.
        let admin = app.login("admin@test.example").await;
        let path = format!("/admin/people/{}/erase", w.member);
        assert_eq!(admin.post(&path, &[]).await.0, 422, "needs confirmation");
        assert_eq!(common::count(&app.db, "reflections").await, 1);
        assert_eq!(admin.post(&path, &[("confirm", "1")]).await.0, 303);
        assert_eq!(common::count(&app.db, "reflections").await, 0);
        assert_eq!(common::count(&app.db, "learning_paths").await, 0);
        let state: String = sqlx::query_scalar("SELECT state FROM proposals WHERE id = $1").bind(w.submitted).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(state, "submitted", "the validated proposal stays");
        let manager = app.login("manager@test.example").await;
        let (_, page) = manager.get(&format!("/proposals/{}", w.submitted)).await;
        assert!(page.contains("Voormalig lid") && !page.contains("Anna Lid"), "attributed to a former member");
        let r = common::post_login(&TestApp::client(), &app.base, &[("email", "member@test.example"), ("password", common::PASSWORD)]).await;
        assert_eq!(r.status(), 401, "the account no longer signs in");
    }

    async fn a_manager_accounts_to_the_team_for_time_and_decisions(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let (_, home) = member.get("/").await;
        assert!(home.contains(&format!("/managers/{}", w.manager)), "a team member finds their manager's account");
        let path = format!("/managers/{}", w.manager);
        let (status, page) = member.get(&path).await;
        assert_eq!(status, 200);
        assert!(page.contains("<td>0</td>") && page.contains("<td>1</td>"), "none decided, one waiting: {page}");
        let manager = app.login("manager@test.example").await;
        manager.post(&format!("/proposals/{}/decide", w.submitted), &[("decision", "accept")]).await;
        let (_, page) = member.get(&path).await;
        assert!(page.contains("<td>1</td>") && page.contains("<td>0,0</td>"), "one decided the same day, in Dutch figures: {page}");
        let adviser = app.login("adviser@test.example").await;
        assert_eq!(adviser.get(&path).await.0, 404, "not L&D's business");
    }

    async fn a_conversation_is_prepared_by_both_agreed_and_confirmed(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let manager = app.login("manager@test.example").await;
        assert_eq!(member.post("/conversations", &[("date", "geen datum")]).await.0, 422);
        let (status, loc) = member.post("/conversations", &[("date", "2027-01-12")]).await;
        assert_eq!(status, 303, "a professional schedules with their own manager");
        let id = id_from(&loc, "/conversations/");
        let colleague = app.login("colleague@test.example").await;
        let me = w.member.to_string();
        assert_eq!(colleague.post("/conversations", &[("date", "2027-01-12"), ("person_id", me.as_str())]).await.0, 422, "not their team");
        assert_eq!(colleague.get(&format!("/conversations/{id}")).await.0, 404);
        let version = |app: &TestApp| {
            let pool = app.db.pool.clone();
            async move { sqlx::query_scalar::<_, i64>("SELECT version FROM conversations WHERE id = $1").bind(id).fetch_one(&pool).await.unwrap().to_string() }
        };
        let v = version(&app).await;
        assert_eq!(member.post(&format!("/conversations/{id}/prep"), &[("a", "Ik durf meer te vragen."), ("b", "Meer tijd voor de wijk."), ("version", v.as_str())]).await.0, 303);
        let v = version(&app).await;
        assert_eq!(manager.post(&format!("/conversations/{id}/prep"), &[("a", "Rooster vrijgemaakt op donderdag."), ("version", v.as_str())]).await.0, 303);
        assert_eq!(member.post(&format!("/conversations/{id}/agreements"), &[("text", "Anna loopt twee diensten mee in de wijk."), ("follow_up_on", "2027-03-01")]).await.0, 303);
        assert_eq!(member.post(&format!("/conversations/{id}/agreements"), &[("text", " ")]).await.0, 422);
        let (_, page) = manager.get(&format!("/conversations/{id}")).await;
        assert!(page.contains("Ik durf meer te vragen.") && page.contains("Rooster vrijgemaakt"), "one shared record");
        assert!(page.contains("Valregistratie in de overdracht"), "the proposals she contributed to");
        assert!(!page.contains("Ik wil beter leren doorvragen."), "never a reflection");
        let v = version(&app).await;
        assert_eq!(member.post(&format!("/conversations/{id}/confirm"), &[("version", v.as_str())]).await.0, 303);
        assert_eq!(manager.post(&format!("/conversations/{id}/confirm"), &[("version", "1")]).await.0, 409, "confirming an old text");
        assert_eq!(manager.post(&format!("/conversations/{id}/confirm"), &[("version", v.as_str())]).await.0, 303);
        assert_eq!(member.post(&format!("/conversations/{id}/agreements"), &[("text", "Nog iets")]).await.0, 409, "a confirmed record is final");
        let (_, list) = member.get("/conversations").await;
        assert!(list.contains(&hartslag::web::Lang::Nl.t("conversation-confirmed-tag")));
    }

    async fn long_lists_come_a_page_at_a_time(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        for n in 0..30 {
            let title = format!("Situatie nummer {n:02}");
            member.post(&format!("/circles/{}/situations/new", w.circle), &[("title", title.as_str()), ("description", "x"), ("kind", "work_process")]).await;
        }
        let (_, first) = member.get(&format!("/circles/{}/situations", w.circle)).await;
        assert!(first.contains("href=\"?page=2\""), "a link to the next page");
        assert!(first.matches("/situations/").count() >= 25);
        let (_, second) = member.get(&format!("/circles/{}/situations?page=2", w.circle)).await;
        assert!(second.contains("href=\"?page=1\""), "a link back");
        assert!(second.contains("Situatie nummer 00") && !first.contains("Situatie nummer 00"), "the oldest is on page two");
    }
}
