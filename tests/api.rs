//! The JSON API beyond circles and proposals, through HTTP with personal tokens: active weeks
//! and attendance, the learning path, conversations, learning time, the cockpit, scans,
//! personal data and administration — each as much as its web page allows, and no more.

mod common;

use common::{TestApp, World};
use serde_json::{Value, json};

struct Api {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn of(app: &TestApp, person: i64) -> Api {
        let token = hartslag::auth::create_api_token(&app.db, person, "api test").await.unwrap();
        Api { client: TestApp::client(), base: app.base.clone(), token }
    }
    async fn send(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut req = self.client.request(m, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text}")))
    }
    async fn get(&self, path: &str) -> (u16, Value) {
        self.send("GET", path, None).await
    }
    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("POST", path, Some(body)).await
    }
    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.send("PUT", path, Some(body)).await
    }
}

const GOALS: &str = "Beter leren doorvragen bij overdrachten";
const ITEM: &str = "Training gespreksvoering";
const REFLECTION: &str = "Ik wil beter leren doorvragen.";

/// Every line of a cockpit answer (trend, focus and the parts).
fn cockpit_lines(v: &Value) -> Vec<&Value> {
    let mut out: Vec<&Value> = v["trend"].as_array().unwrap().iter().collect();
    out.push(&v["focus"]);
    out.extend(v["parts"].as_array().unwrap().iter().map(|p| &p["line"]));
    out
}

async fn plan_of(api: &Api, share_plan: bool) -> (u16, Value) {
    let (_, mine) = api.get("/api/v1/path").await;
    let p = &mine["path"];
    api.put(
        "/api/v1/path",
        json!({"talents": p["talents"], "goals": p["goals"], "share_plan": share_plan, "version": p["version"]}),
    )
    .await
}

async fn team_world(app: &TestApp) -> (World, Api, Api) {
    let w = common::world(&app.db).await;
    let member = Api::of(app, w.member).await;
    let manager = Api::of(app, w.manager).await;
    (w, member, manager)
}

backends! {
    async fn a_manager_reads_no_more_of_a_team_members_path_than_they_share(app) {
        let (w, member, manager) = team_world(&app).await;
        // The path itself is the owner's alone: the manager's /path is their own (none).
        let (status, mine) = member.get("/api/v1/path").await;
        assert_eq!(status, 200);
        assert_eq!(mine["path"]["goals"], GOALS);
        assert!(mine["items"].to_string().contains(ITEM));
        let (status, theirs) = manager.get("/api/v1/path").await;
        assert_eq!(status, 200);
        assert!(theirs["path"].is_null(), "{theirs}");
        assert!(!theirs.to_string().contains(GOALS) && !theirs.to_string().contains(ITEM));

        // In the conversation: the plan (shared), never the items or progress (not shared),
        // never the reflections or their number.
        let path = format!("/api/v1/conversations/{}", w.conversation);
        let (status, c) = manager.get(&path).await;
        assert_eq!(status, 200, "{c}");
        assert_eq!(c["side"], "manager");
        assert_eq!(c["shared_path"]["plan"]["goals"], GOALS);
        assert!(c["shared_path"]["items"].is_null() && c["shared_path"]["progress"].is_null(), "{c}");
        assert!(!c.to_string().contains(ITEM), "an item the member did not share: {c}");
        assert!(!c.to_string().contains(REFLECTION));
        assert_eq!(c["progress"]["reflections"], 0, "the manager never learns how many reflections");
        let (_, own) = member.get(&path).await;
        assert_eq!(own["side"], "professional");
        assert_eq!(own["progress"]["reflections"], 1, "the professional sees their own count");

        // The member stops sharing the plan: the manager sees nothing of the path any more.
        let (status, changed) = plan_of(&member, false).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!(changed["path"]["share_plan"], false);
        assert_eq!(changed["path"]["starts_on"], "2026-09-01", "the period stays as it was");
        let (_, c) = manager.get(&path).await;
        assert!(c["shared_path"].is_null(), "{c}");
        assert!(!c.to_string().contains(GOALS));
        // An edit from an old version is refused and changes nothing.
        let (status, _) = member
            .put("/api/v1/path", json!({"goals": "Overschreven", "version": 1}))
            .await;
        assert_eq!(status, 409);
        assert_eq!(member.get("/api/v1/path").await.1["path"]["goals"], GOALS);

        // Someone else in the team reads no conversation of another.
        let colleague = Api::of(&app, w.colleague).await;
        assert_eq!(colleague.get(&path).await.0, 404);
        // The team view is hours used of hours granted, per person, and nothing else.
        let (status, team) = manager.get("/api/v1/team").await;
        assert_eq!(status, 200);
        let anna = team["items"].as_array().unwrap().iter().find(|p| p["id"] == w.member).expect("Anna in the team");
        assert_eq!(anna["weeks"].as_array().unwrap().len(), 8);
        let keys: Vec<&String> = anna["weeks"][0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["granted_minutes", "used_minutes", "week"]);
        assert!(!team.to_string().contains(GOALS) && !team.to_string().contains(ITEM));
        assert_eq!(member.get("/api/v1/team").await.0, 404);
        let (status, time) = member.get("/api/v1/time").await;
        assert_eq!(status, 200);
        assert_eq!(time["weeks"].as_array().unwrap().len(), 12);
    }

    async fn cockpit_json_never_holds_a_hidden_cells_figures(app) {
        let w = common::world(&app.db).await;
        let adviser = Api::of(&app, w.adviser).await;
        let manager = Api::of(&app, w.manager).await;
        // The team of four is under the minimum of five: hidden, for L&D and its manager alike.
        for (who, api) in [("adviser", &adviser), ("manager", &manager)] {
            let (status, v) = api.get(&format!("/api/v1/cockpit?unit={}", w.unit)).await;
            assert_eq!(status, 200, "{who}: {v}");
            assert_eq!(v["unit"]["hidden"], "small", "{who}: {v}");
            assert!(v["unit"]["headcount"].is_null(), "{who}: the size of a hidden group shows");
            for l in cockpit_lines(&v) {
                assert!(!l["hidden"].is_null() && l["figures"].is_null() && l["headcount"].is_null(), "{who}: {l}");
            }
        }
        // From the organisation down, the team's row is hidden as well; wherever a line is
        // hidden, it has no figures.
        let (status, org) = adviser.get("/api/v1/cockpit?unit=0&grain=quarter").await;
        assert_eq!(status, 200, "{org}");
        assert_eq!(org["grain"], "quarter");
        let team = org["parts"].as_array().unwrap().iter().find(|p| p["unit"]["id"] == w.unit).expect("the team's row");
        assert!(!team["line"]["hidden"].is_null() && team["line"]["figures"].is_null(), "{team}");
        for l in cockpit_lines(&org) {
            assert_eq!(l["hidden"].is_null(), l["figures"].is_object(), "{l}");
        }
        // The page says the same of the team.
        let page = app.login("adviser@test.example").await;
        let (_, html) = page.get(&format!("/cockpit?unit={}", w.unit)).await;
        assert!(html.contains("minder dan 5 mensen"));
        // Nobody else reads the cockpit; a manager not the organisation's.
        assert_eq!(manager.get("/api/v1/cockpit?unit=0").await.0, 404);
        assert_eq!(Api::of(&app, w.member).await.get("/api/v1/cockpit").await.0, 404);
        let (status, bad) = adviser.get("/api/v1/cockpit?unit=abc").await;
        assert_eq!((status, bad["error"]["code"].as_str()), (422, Some("invalid")));
        // Figures read as data are in the audit log, like the page's CSV download.
        let log = hartslag::audit::entries(&app.db, w.org, 50, 0).await.unwrap();
        assert!(log.iter().any(|e| e.action == "cockpit-export" && e.detail.ends_with("(api)")), "logged");
    }

    async fn a_scan_report_shows_only_after_the_run_closed(app) {
        let w = common::world(&app.db).await;
        let adviser = Api::of(&app, w.adviser).await;
        let path = format!("/api/v1/scans/{}/report", w.scan);
        let (status, open) = adviser.get(&path).await;
        assert_eq!(status, 409, "{open}");
        assert_eq!(open["error"]["code"], "conflict");
        assert!(open["error"]["message"].as_str().unwrap().contains("gesloten"), "a Dutch message: {open}");
        let run = hartslag::scans::store::run(&app.db, w.org, w.scan).await.unwrap().unwrap();
        hartslag::scans::store::close(&app.db, &run).await.unwrap();
        let (status, report) = adviser.get(&path).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["run"]["state"], "closed");
        // One answer: no mean is published anywhere (the released count is noisy, as on the
        // report page, but a mean of so few is never precise enough to publish); a hidden group
        // has no figures at all.
        let groups = report["groups"].as_array().unwrap();
        assert!(!groups.is_empty());
        for g in groups {
            if g["hidden"] == true {
                assert!(g["responses"].is_null() && g["blocks"].as_array().unwrap().is_empty(), "{g}");
            }
            for b in g["blocks"].as_array().unwrap() {
                assert!(b["mean"].is_null(), "a mean of one answer: {g}");
            }
        }
        // The same report twice; nobody but L&D reads it.
        assert_eq!(adviser.get(&path).await.1, report);
        for who in [w.member, w.manager, w.admin, w.stranger] {
            assert_eq!(Api::of(&app, who).await.get(&path).await.0, 404);
        }
    }

    async fn a_respondent_fills_in_and_sends_their_own_questionnaire(app) {
        let w = common::world(&app.db).await;
        let colleague = Api::of(&app, w.colleague).await;
        let (_, list) = colleague.get("/api/v1/scans").await;
        assert_eq!(list["mine"][0]["run"]["id"], w.scan);
        assert_eq!(list["mine"][0]["standing"], "not_started");
        assert!(list["runs"].as_array().unwrap().is_empty(), "the runs list is L&D's");
        let q = format!("/api/v1/scans/{}/questionnaire", w.scan);
        let (status, form) = colleague.get(&q).await;
        assert_eq!(status, 200, "{form}");
        let items: Vec<String> = form["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| b["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()))
            .collect();
        assert!(items.len() > 1);
        let answers = format!("/api/v1/scans/{}/answers", w.scan);
        // A value off the scale is refused and saves nothing.
        let (status, _) = colleague.post(&answers, json!({"answers": {items[0].clone(): 99}})).await;
        assert_eq!(status, 422);
        assert_eq!(colleague.get("/api/v1/scans").await.1["mine"][0]["standing"], "not_started");
        // Half now, sent too early: saved, not sent, and what is missing is said.
        let (status, half) = colleague.post(&answers, json!({"answers": {items[0].clone(): 4}, "send": true})).await;
        assert_eq!(status, 200);
        assert_eq!(half["sent"], false);
        assert_eq!(half["missing"].as_array().unwrap().len(), items.len() - 1);
        assert_eq!(colleague.get(&q).await.1["blocks"][0]["items"][0]["answer"], 4);
        let rest: serde_json::Map<String, Value> = items[1..].iter().map(|i| (i.clone(), json!(3))).collect();
        let (status, sent) = colleague.post(&answers, json!({"answers": rest, "send": true})).await;
        assert_eq!(status, 200, "{sent}");
        assert_eq!(sent["sent"], true);
        let receipt = sent["receipt"].as_str().unwrap();
        assert_eq!(common::count(&app.db, "scan_responses").await, 2);
        // Sent once: the questionnaire is gone, the personal result is there with the receipt.
        assert_eq!(colleague.get(&q).await.0, 409);
        assert_eq!(colleague.post(&answers, json!({"answers": {}})).await.0, 409);
        let page = app.login("colleague@test.example").await;
        assert_eq!(page.get(&format!("/scans/results/{receipt}")).await.0, 200);
        // The guest is not asked; a read-only token cannot answer.
        assert_eq!(Api::of(&app, w.guest).await.get(&q).await.0, 404);
        let ro = hartslag::auth::tokens::create(&app.db, w.manager, "ro", hartslag::auth::tokens::Scope::Read, 7).await.unwrap();
        let resp = TestApp::client().post(app.url(&answers)).bearer_auth(ro).json(&json!({"answers": {}})).send().await.unwrap();
        assert_eq!(resp.status(), 403);
        assert_eq!(resp.json::<Value>().await.unwrap()["error"]["code"], "token_read_only");
    }

    async fn a_member_plans_a_week_and_records_who_was_there(app) {
        let w = common::world(&app.db).await;
        let member = Api::of(&app, w.member).await;
        // This week: its first session is today or earlier, so who was there can be recorded.
        let week = chrono::Local::now().date_naive().to_string();
        let cycles = format!("/api/v1/circles/{}/cycles", w.circle);
        let (status, made) = member.post(&cycles, json!({"week": week, "time": "09:30", "place": "Teamkamer"})).await;
        assert_eq!(status, 201, "{made}");
        let (status, again) = member.post(&cycles, json!({"week": week, "time": "09:30"})).await;
        assert_eq!(status, 409, "the same week twice: {again}");
        let (_, list) = member.get(&cycles).await;
        assert_eq!(list["items"].as_array().unwrap().len(), 2, "the world's week and the new one");
        let (status, cycle) = member.get(&format!("/api/v1/cycles/{}", made["id"])).await;
        assert_eq!(status, 200);
        let session = cycle["sessions"][0]["id"].as_i64().unwrap();
        assert!(cycle["sessions"][0]["starts_at"].as_str().unwrap().ends_with("T09:30"));

        let att = format!("/api/v1/sessions/{session}/attendance");
        let (status, v) = member.put(&att, json!({"present": [w.member, w.member2]})).await;
        assert_eq!(status, 200, "{v}");
        assert_eq!(v["present"], json!([w.member, w.member2]));
        assert_eq!(v["people"].as_array().unwrap().len(), 3);
        // Someone outside the circle cannot be marked present (the list is out of date: 409);
        // nothing changes. Whole numbers may come as 3.0, as JSON Schema counts them.
        let (status, _) = member.put(&att, json!({"present": [w.stranger]})).await;
        assert_eq!(status, 409);
        let (status, _) = member.put(&att, json!({"present": [w.member as f64, w.member2 as f64]})).await;
        assert_eq!(status, 200);
        assert_eq!(member.get(&att).await.1["present"], json!([w.member, w.member2]));
        // A session on a later day cannot have had anyone there yet: 409, nothing recorded.
        let later = format!("/api/v1/sessions/{}/attendance", w.session);
        let (status, v) = member.put(&later, json!({"present": [w.member]})).await;
        assert_eq!((status, v["error"]["code"].as_str()), (409, Some("conflict")), "{v}");
        assert_eq!(member.get(&later).await.1["present"], json!([]));
        // The guest of a session reads its notes, not who was there; the manager nothing.
        let guest_att = format!("/api/v1/sessions/{}/attendance", w.session);
        assert_eq!(Api::of(&app, w.guest).await.get(&guest_att).await.0, 404);
        let manager = Api::of(&app, w.manager).await;
        assert_eq!(manager.get(&att).await.0, 404);
        assert_eq!(manager.post(&cycles, json!({"week": week, "time": "09:30"})).await.0, 404);
        let (status, bad) = member.post(&cycles, json!({"week": week, "time": "09:30", "extra": 1})).await;
        assert_eq!((status, bad["error"]["code"].as_str()), (422, Some("invalid")));
    }

    async fn an_administrator_keeps_units_and_people(app) {
        let w = common::world(&app.db).await;
        let admin = Api::of(&app, w.admin).await;
        let (status, unit) = admin
            .post("/api/v1/admin/units", json!({"name": "Team Beukenhof", "manager_email": "manager@test.example"}))
            .await;
        assert_eq!(status, 201, "{unit}");
        let path = format!("/api/v1/admin/units/{}", unit["id"]);
        let (status, changed) = admin.put(&path, json!({"name": "Team Beukenhof 1", "parent_id": w.unit})).await;
        assert_eq!(status, 200, "{changed}");
        assert_eq!((changed["name"].as_str(), changed["parent_id"].as_i64()), (Some("Team Beukenhof 1"), Some(w.unit)));
        assert!(changed["manager_id"].is_null());
        let (status, _) = admin.post("/api/v1/admin/units", json!({"name": "X", "manager_email": "nobody@test.example"})).await;
        assert_eq!(status, 422);

        let (status, p) = admin
            .post("/api/v1/admin/people", json!({"name": "Eva Nieuw", "email": "Eva@Test.example", "unit_id": unit["id"], "job_title": "Verpleegkundige"}))
            .await;
        assert_eq!(status, 201, "{p}");
        assert_eq!(admin.post("/api/v1/admin/people", json!({"name": "Eva", "email": "eva@test.example"})).await.0, 409);
        let (_, found) = admin.get("/api/v1/admin/people?q=eva").await;
        assert_eq!(found["items"].as_array().unwrap().len(), 1);
        assert_eq!(found["items"][0]["email"], "eva@test.example");
        // A change keeps what it leaves out; a role change is in the audit log.
        let audit = common::count(&app.db, "audit_log").await;
        let (status, eva) = admin.put(&format!("/api/v1/admin/people/{}", p["id"]), json!({"name": "Eva Nieuw", "is_adviser": true})).await;
        assert_eq!(status, 200, "{eva}");
        assert_eq!((eva["job_title"].as_str(), eva["unit_id"].as_i64()), (Some("Verpleegkundige"), unit["id"].as_i64()));
        assert_eq!((eva["is_adviser"].as_bool(), eva["active"].as_bool()), (Some(true), Some(true)));
        assert_eq!(common::count(&app.db, "audit_log").await, audit + 1);
        // An administrator does not take away their own role; others do not administer.
        let (status, _) = admin.put(&format!("/api/v1/admin/people/{}", w.admin), json!({"name": "Bea", "is_admin": false})).await;
        assert_eq!(status, 422);
        let member = Api::of(&app, w.member).await;
        assert_eq!(member.get("/api/v1/admin/people").await.0, 404);
        assert_eq!(member.post("/api/v1/admin/units", json!({"name": "Mijn eigen team"})).await.0, 404);
        let stranger = Api::of(&app, w.stranger).await;
        assert_eq!(stranger.put(&format!("/api/v1/admin/people/{}", w.member), json!({"name": "Overgenomen"})).await.0, 404);
        let (_, theirs) = stranger.get("/api/v1/admin/people").await;
        assert!(!theirs.to_string().contains("test.example\""), "another organisation's people: {theirs}");
    }

    async fn my_data_is_the_same_as_the_download(app) {
        let w = common::world(&app.db).await;
        let member = Api::of(&app, w.member).await;
        let (status, data) = member.get("/api/v1/me/data").await;
        assert_eq!(status, 200);
        assert!(data.to_string().contains(REFLECTION) && data.to_string().contains(GOALS));
        let page = app.login("member@test.example").await;
        let (status, body) = page.get("/me/data.json").await;
        assert_eq!(status, 200);
        let download: Value = serde_json::from_str(&body).unwrap();
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&data), keys(&download));
        assert_eq!(data["reflections"], download["reflections"]);
        let exports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'personal-data-export'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(exports, 2, "each export is in the audit log");
    }
}

/// The API's messages exist in Dutch and in English.
#[test]
fn the_api_messages_are_in_both_languages() {
    let keys = |path: &str| -> Vec<String> {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
            .filter(|k| !k.starts_with('#'))
            .collect()
    };
    let nl = keys("locales/nl/api.ftl");
    assert!(!nl.is_empty());
    assert_eq!(nl, keys("locales/en/api.ftl"));
    for key in &nl {
        assert_ne!(hartslag::web::Lang::En.t(key), *key, "{key} is not loaded");
    }
}
