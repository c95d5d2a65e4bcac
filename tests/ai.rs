//! The AI in the product, against a real small model served by a real OpenAI-compatible server
//! (llama-cpp-python, started per test): drafts with provenance, streaming, cancelling, the
//! bounded line, switching off, the sealed key, versioned prompts, and taking a draft over.

mod common;

use common::{ModelServer, TestApp, world};
use hartslag::ai::settings::{Change, save};
use hartslag::ai::{AiService, Limits};
use hartslag::db::Row;

/// Tokens per field in the test app (`common::TestApp::start`).
const CAP: u32 = 16;

async fn use_server(app: &TestApp, org: i64, server: &ModelServer) {
    common::use_model_server(&app.db, org, server).await;
}

/// Asks for a draft as the page's script does: the answer is the request to follow.
async fn ask_draft(app: &TestApp, user: &common::User, session: i64) -> reqwest::Response {
    user.client
        .post(app.url(&format!("/sessions/{session}/ai/draft")))
        .header("X-Hartslag-Async", "1")
        .form(&[("csrf", user.csrf.as_str())])
        .send()
        .await
        .unwrap()
}

async fn request_row(app: &TestApp, id: i64) -> (String, i64) {
    let r = sqlx::query("SELECT status, (SELECT COUNT(*) FROM ai_outputs o WHERE o.request_id = r.id) AS n FROM ai_requests r WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    (r.get("status"), r.get("n"))
}

/// The week's third session: its frame holds the AI step.
async fn third_session(app: &TestApp, cycle: i64) -> i64 {
    sqlx::query("SELECT id FROM sessions WHERE cycle_id = $1 AND position = 3")
        .bind(cycle)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("id")
}

async fn last_request(app: &TestApp) -> i64 {
    sqlx::query("SELECT MAX(id) AS id FROM ai_requests").fetch_one(&app.db.pool).await.unwrap().get("id")
}

backends! {
    async fn retrieval_draws_only_on_what_the_asking_circle_may_read(app) {
        use hartslag::ai::retrieve::similar;
        use hartslag::proposals::state::State;
        use hartslag::proposals::store::{Text, create};
        let w = world(&app.db).await;
        // Circle B, of the colleague, works on a proposal on the same subject.
        let b = common::actor(&app.db, w.colleague).await;
        let circle_b = hartslag::circles::store::create(&app.db, &b, "Nachtdienst", "", false).await.unwrap();
        let text = Text {
            title: "Valregistratie bij de nachtdienst".into(),
            problem: "Valincidenten in de nacht gaan verloren bij de overdracht.".into(),
            proposal: "Het voorstel van de nachtdienst".into(),
            ..Default::default()
        };
        let theirs = create(&app.db, &b, circle_b, None, "improvement", &text).await.unwrap();
        let query = "Valregistratie in de overdracht: valincidenten";
        let set_state = |id: i64, state: State| {
            sqlx::query("UPDATE proposals SET state = $1 WHERE id = $2").bind(state.code()).bind(id).execute(&app.db.pool)
        };
        for state in State::ALL {
            set_state(theirs, state).await.unwrap();
            let found = similar(&app.db, w.org, w.circle, query, 10).await.unwrap();
            let ids: Vec<i64> = found.iter().map(|e| e.id).collect();
            // Another circle's proposal once it left that circle; validated-but-unsubmitted (the
            // review's finding), a draft, or one returned to it: never, not even its title.
            let expected = matches!(
                state,
                State::Submitted | State::Accepted | State::ImplementationPlanned | State::InProgress | State::Done
            );
            assert_eq!(ids.contains(&theirs), expected, "circle B's proposal in state {state:?}");
            if !expected {
                assert!(found.iter().all(|e| !e.proposal.contains("nachtdienst") && !e.title.contains("nachtdienst")));
            }
            // The circle's own submitted proposal is always there.
            assert!(ids.contains(&w.submitted), "{state:?}");
        }
        // Its own validated proposal a circle draws on; another circle does not.
        set_state(w.submitted, State::Validated).await.unwrap();
        set_state(theirs, State::Validated).await.unwrap();
        let for_a: Vec<i64> = similar(&app.db, w.org, w.circle, query, 10).await.unwrap().iter().map(|e| e.id).collect();
        assert_eq!(for_a, vec![w.submitted]);
        let for_b: Vec<i64> = similar(&app.db, w.org, circle_b, query, 10).await.unwrap().iter().map(|e| e.id).collect();
        assert_eq!(for_b, vec![theirs]);
        // Another organisation's circles never see them.
        let other = hartslag::orgs::org_by_slug(&app.db, "other").await.unwrap().unwrap();
        set_state(w.submitted, State::Submitted).await.unwrap();
        assert!(similar(&app.db, other, 0, query, 10).await.unwrap().is_empty());
    }

    async fn a_draft_is_written_field_by_field_and_every_field_carries_its_provenance(app) {
        let Some(server) = ModelServer::start().await else { return };
        let w = world(&app.db).await;
        use_server(&app, w.org, &server).await;
        let member = app.login("member@test.example").await;
        let third = third_session(&app, w.cycle).await;
        let (status, location) = member.post(&format!("/sessions/{third}/ai/draft"), &[]).await;
        assert_eq!(status, 303, "{location}");
        assert!(location.starts_with(&format!("/sessions/{third}?step=")) && location.ends_with("#ai"), "{location}");
        // The first session has no AI step: nothing to draft there.
        assert_eq!(member.post(&format!("/sessions/{}/ai/draft", w.session), &[]).await.0, 422);

        let id = last_request(&app).await;
        assert_eq!(request_row(&app, id).await, ("done".to_string(), 5));
        let rows = sqlx::query(
            "SELECT field, text, backend, model, prompt_kind, prompt_version, input_hash, params, completion_tokens, \
             first_token_ms, total_ms, finish FROM ai_outputs WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        let fields: Vec<String> = rows.iter().map(|r| r.get("field")).collect();
        assert_eq!(fields, ["title", "problem", "proposal", "expected_effect", "risks"]);
        for r in &rows {
            assert_eq!(r.get::<String, _>("backend"), "openai");
            assert!(!r.get::<String, _>("model").is_empty());
            assert_eq!(r.get::<i64, _>("prompt_version"), 1);
            assert!(r.get::<String, _>("prompt_kind").ends_with("/nl"));
            let hash: String = r.get("input_hash");
            assert!(hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()));
            assert!(r.get::<String, _>("params").contains(&format!("\"max_tokens\":{CAP}")));
            let tokens: i64 = r.get("completion_tokens");
            assert!(tokens > 0 && tokens <= i64::from(CAP), "{tokens} tokens");
            assert!(r.get::<i64, _>("total_ms") >= r.get::<i64, _>("first_token_ms"));
            assert!(["stop", "length"].contains(&r.get::<String, _>("finish").as_str()));
        }

        let (_, page) = member.get(&location).await;
        assert!(page.contains("Concept door AI"), "AI text is labelled");
        assert!(page.contains("Neem over als voorstel"));
        assert!(page.contains("openai · "), "the page says which backend answered");
        // Nobody outside the circle reads it or follows it.
        let colleague = app.login("colleague@test.example").await;
        assert_eq!(colleague.get(&format!("/ai/requests/{id}/events")).await.0, 404);
    }

    async fn the_draft_streams_and_the_group_takes_it_over_edits_it_and_sees_the_difference(app) {
        let Some(server) = ModelServer::start().await else { return };
        let w = world(&app.db).await;
        use_server(&app, w.org, &server).await;
        let member = app.login("member@test.example").await;
        let r = ask_draft(&app, &member, third_session(&app, w.cycle).await).await;
        assert_eq!(r.status(), 202);
        let started: serde_json::Value = r.json().await.unwrap();
        let id = started["id"].as_i64().unwrap();
        let events = member.client.get(app.url(started["events"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(events.headers()["content-type"], "text/event-stream");
        let body = events.text().await.unwrap();
        let states: Vec<serde_json::Value> = body
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .map(|d| serde_json::from_str(d).unwrap())
            .collect();
        assert!(states.len() >= 3, "several updates while it writes, got {}", states.len());
        assert_eq!(states.last().unwrap()["done"], true);
        assert_eq!(states.last().unwrap()["status"], "done");

        // Take it over: the form is labelled, the group edits and saves.
        let (status, form) = member.get(&format!("/circles/{}/proposals/new?ai={id}", w.circle)).await;
        assert_eq!(status, 200);
        assert!(form.contains("Concept door AI") && form.contains(&format!("name=\"ai_request\" value=\"{id}\"")));
        let (status, location) = member
            .post(
                &format!("/circles/{}/proposals/new", w.circle),
                &[
                    ("kind", "improvement"),
                    ("title", "Vaste valvraag in de overdracht"),
                    ("problem", "We missen valincidenten bij de overdracht."),
                    ("proposal", "Elke overdracht begint met de vraag wie er gevallen is."),
                    ("expected_effect", "Geen gemiste valincidenten meer."),
                    ("risks", "Het kost een minuut per overdracht."),
                    ("version", "0"),
                    ("ai_request", &id.to_string()),
                ],
            )
            .await;
        assert_eq!(status, 303, "{location}");
        let (_, page) = member.get(&location).await;
        assert!(page.contains("AI-concept en jullie tekst"));
        assert!(page.contains("<ins>") && page.contains("valvraag"), "the group's words are marked beside the AI's");
        // The decider never sees how the circle got there.
    }

    async fn stopping_a_draft_stops_the_model(app) {
        let Some(server) = ModelServer::start().await else { return };
        let w = world(&app.db).await;
        use_server(&app, w.org, &server).await;
        let member = app.login("member@test.example").await;
        let r = ask_draft(&app, &member, third_session(&app, w.cycle).await).await;
        let id = r.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
        let (status, _) = member.post(&format!("/ai/requests/{id}/cancel"), &[]).await;
        assert_eq!(status, 303);
        let (state, outputs) = request_row(&app, id).await;
        assert_eq!(state, "cancelled");
        assert!(outputs < 5, "{outputs} fields were still written after stopping");
        // A field stopped before it had words leaves nothing: no empty field with provenance.
        let empty: i64 = sqlx::query("SELECT COUNT(*) AS n FROM ai_outputs WHERE request_id = $1 AND text = ''")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("n");
        assert_eq!(empty, 0);
    }

    async fn a_draft_is_written_in_the_circles_language_whoever_asks(app) {
        let w = world(&app.db).await;
        // A circle started from an English interface works in English unless its founder
        // chooses otherwise; the choice is the founder's.
        let member = app.login("member@test.example").await;
        let (status, location) =
            member.post("/circles/new", &[("name", "Night shift"), ("purpose", ""), ("lang", "en")]).await;
        assert_eq!(status, 303, "{location}");
        let lang: String = sqlx::query("SELECT lang FROM circles WHERE name = 'Night shift'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("lang");
        assert_eq!(lang, "en");
        let (status, _) = member.post("/circles/new", &[("name", "Nachtdienst"), ("purpose", ""), ("lang", "xx")]).await;
        assert_eq!(status, 303, "an unknown language falls back to the founder's interface language");

        let Some(server) = ModelServer::start().await else { return };
        use_server(&app, w.org, &server).await;
        let third = third_session(&app, w.cycle).await;
        let kinds = |id: i64| {
            let pool = app.db.pool.clone();
            async move {
                sqlx::query("SELECT prompt_kind FROM ai_outputs WHERE request_id = $1")
                    .bind(id)
                    .fetch_all(&pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| r.get::<String, _>("prompt_kind"))
                    .collect::<Vec<_>>()
            }
        };
        // A member whose interface is English asks in a Dutch circle: the draft is Dutch.
        member.get("/lang/en").await;
        assert!(member.get("/").await.1.contains("lang=\"en\""), "the member's interface is English");
        assert_eq!(member.post(&format!("/sessions/{third}/ai/draft"), &[]).await.0, 303);
        let first = last_request(&app).await;
        let first_kinds = kinds(first).await;
        assert!(!first_kinds.is_empty() && first_kinds.iter().all(|k| k.ends_with("/nl")), "{first_kinds:?}");
        // The same circle switched to English: every field of the next draft is English.
        sqlx::query("UPDATE circles SET lang = 'en' WHERE id = $1").bind(w.circle).execute(&app.db.pool).await.unwrap();
        assert_eq!(member.post(&format!("/sessions/{third}/ai/draft"), &[]).await.0, 303);
        let second_kinds = kinds(last_request(&app).await).await;
        assert!(!second_kinds.is_empty() && second_kinds.iter().all(|k| k.ends_with("/en")), "{second_kinds:?}");
    }

    async fn writing_the_proposal_yourself_starts_from_the_weeks_situation(app) {
        let w = world(&app.db).await;
        sqlx::query("INSERT INTO cycle_situations (cycle_id, situation_id) VALUES ($1, $2)")
            .bind(w.cycle)
            .bind(w.situation)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let member = app.login("member@test.example").await;
        let third = third_session(&app, w.cycle).await;
        let mut link = None;
        for step in 1..=8 {
            let (_, page) = member.get(&format!("/sessions/{third}?step={step}")).await;
            if let Some(at) = page.find(&format!("/circles/{}/proposals/new?situation=", w.circle)) {
                link = Some(page[at..].split('"').next().unwrap().to_string());
                break;
            }
        }
        let link = link.expect("the AI step links to a proposal form for the week's situation");
        assert_eq!(link, format!("/circles/{}/proposals/new?situation={}", w.circle, w.situation));
        let (status, form) = member.get(&link).await;
        assert_eq!(status, 200);
        assert!(form.contains(&format!("name=\"situation_id\" value=\"{}\"", w.situation)), "the form keeps the link");
        assert!(form.contains("Overdracht laat naar nacht"), "and names the situation");
    }

    async fn sentences_leaning_on_an_earlier_proposal_are_marked_with_its_number(app) {
        let w = world(&app.db).await;
        // A finished draft that drew on the circle's submitted proposal, its second sentence
        // leaning on it (as the writer computed when it stored the field).
        let member = common::actor(&app.db, w.member).await;
        let third = third_session(&app, w.cycle).await;
        let rid: i64 = sqlx::query(
            "INSERT INTO ai_requests (org_id, kind, circle_id, session_id, status, error, sources, created_by, created_at) \
             VALUES ($1, 'draft', $2, $3, 'done', '', $4, $5, 0) RETURNING id",
        )
        .bind(w.org)
        .bind(w.circle)
        .bind(third)
        .bind(format!("[{}]", w.submitted))
        .bind(member.id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
        .get("id");
        sqlx::query(
            "INSERT INTO ai_outputs (request_id, field, text, backend, model, left_machine, prompt_kind, prompt_version, \
             input_hash, params, prompt_tokens, completion_tokens, first_token_ms, total_ms, finish, created_at, leans) \
             VALUES ($1, 'proposal', 'Eigen zin van de groep. Een vaste vraag in de overdracht.', 'openai', 'm', FALSE, \
             'draft-proposal/nl', 1, 'h', '{}', 0, 12, 1, 2, 'stop', 0, $2)",
        )
        .bind(rid)
        .bind(format!("[[1,{}]]", w.submitted))
        .bind(false)
        .execute(&app.db.pool)
        .await
        .unwrap();
        let user = app.login("member@test.example").await;
        let mut page = String::new();
        for step in 1..=8 {
            let (_, p) = user.get(&format!("/sessions/{third}?step={step}")).await;
            if p.contains(&format!("id=\"ai-{rid}\"")) {
                page = p;
                break;
            }
        }
        assert!(page.contains(&format!("<li id=\"ai-{rid}-src-1\">Valregistratie in de overdracht</li>")), "{page}");
        assert!(page.contains("<mark class=\"ai-leans\"> Een vaste vraag in de overdracht.</mark>"), "{page}");
        assert!(page.contains(&format!("href=\"#ai-{rid}-src-1\"")));
        assert!(!page.contains("<mark class=\"ai-leans\">Eigen zin"), "the group's own sentence is not marked");
        // The server sent no usage: the page says the prompt's tokens are unknown, not 0.
        assert!(page.contains("prompt onbekend + 12 tokens"), "{page}");
    }

    async fn with_ai_switched_off_the_step_says_so_and_everything_else_works(app) {
        let w = world(&app.db).await;
        let off = Change { mode: "off", base_url: "", model: "", key: "", clear_key: false, allow_external: false };
        save(&app.db, hartslag::audit::By::Server { org_id: w.org }, &[3u8; 32], &off).await.unwrap();
        let member = app.login("member@test.example").await;
        let third = third_session(&app, w.cycle).await;
        let mut says_off = false;
        for step in 1..=6 {
            says_off |= member.get(&format!("/sessions/{third}?step={step}")).await.1.contains("AI staat uit");
        }
        assert!(says_off, "the AI step says AI is off");
        let (status, body) = member.post(&format!("/sessions/{third}/ai/draft"), &[]).await;
        assert_eq!(status, 409);
        assert!(body.contains("AI staat uit"));
        let (status, _) = member
            .post(
                &format!("/circles/{}/proposals/new", w.circle),
                &[("kind", "improvement"), ("title", "Zelf geschreven"), ("proposal", "Zonder AI."), ("version", "0")],
            )
            .await;
        assert_eq!(status, 303, "writing a proposal yourselves still works");
    }

    async fn the_api_key_is_sealed_never_shown_and_outside_servers_need_consent(app) {
        let w = world(&app.db).await;
        let admin = app.login("admin@test.example").await;
        let form = |allow: &'static str| {
            vec![
                ("mode", "openai"),
                ("base_url", "https://api.mistral.ai/v1"),
                ("model", "mistral-small-latest"),
                ("api_key", "sk-geheim-123"),
                ("allow_external", allow),
            ]
        };
        let mut without: Vec<(&str, &str)> = form("");
        without.retain(|(k, _)| *k != "allow_external");
        let (status, body) = admin.post("/admin/ai", &without).await;
        assert_eq!(status, 422);
        assert!(body.contains("Vink aan dat je toestaat"));
        let mode: String = sqlx::query("SELECT ai_mode FROM organisations WHERE id = $1")
            .bind(w.org)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("ai_mode");
        assert_eq!(mode, "local", "a refused change changes nothing");

        assert_eq!(admin.post("/admin/ai", &form("1")).await.0, 303);
        let sealed: String = sqlx::query("SELECT ai_key_sealed FROM organisations WHERE id = $1")
            .bind(w.org)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("ai_key_sealed");
        assert!(!sealed.is_empty() && !sealed.contains("geheim"));
        let (_, page) = admin.get("/admin/ai").await;
        assert!(!page.contains("sk-geheim-123"));
        assert!(page.contains("api.mistral.ai"), "the page says where text goes");
        // The professional sees that text leaves the machine, and to where.
        let member = app.login("member@test.example").await;
        let (_, situation) = member.get(&format!("/situations/{}", w.situation)).await;
        assert!(situation.contains("externe dienst (api.mistral.ai)"), "{situation}");
    }

    async fn l_and_d_edits_a_prompt_as_a_new_version_and_the_output_remembers_it(app) {
        let Some(server) = ModelServer::start().await else { return };
        let w = world(&app.db).await;
        use_server(&app, w.org, &server).await;
        let adviser = app.login("adviser@test.example").await;
        let (status, _) = adviser
            .post(
                "/ai/prompts/questions/nl",
                &[("system", "Je bent een nuchtere collega."), ("instruction", "Noem de nummers van twee passende vragen.")],
            )
            .await;
        assert_eq!(status, 303);
        let (_, list) = adviser.get("/ai/prompts").await;
        assert!(list.contains("versie 2"));
        let member = app.login("member@test.example").await;
        let (status, location) = member.post(&format!("/situations/{}/ai/questions", w.situation), &[]).await;
        assert_eq!((status, location.as_str()), (303, format!("/situations/{}#ai", w.situation).as_str()));
        let row = sqlx::query("SELECT prompt_kind, prompt_version FROM ai_outputs ORDER BY id DESC LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(row.get::<String, _>("prompt_kind"), "questions/nl");
        assert_eq!(row.get::<i64, _>("prompt_version"), 2);
        // A member may not edit prompts.
        assert_eq!(member.get("/ai/prompts").await.0, 404);
    }
}

/// The line in front of the model is bounded: with one running and none waiting, a second
/// request is turned away at once with a clear message.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_line_in_front_of_the_model_is_bounded() {
    let Some(server) = ModelServer::start().await else { return };
    let ai = AiService::new(
        None,
        Limits { http_running: 1, waiting: 0, max_tokens: Some(64), ..Limits::default() },
        [3u8; 32],
    );
    let app = TestApp::start_with_ai(common::Backend::Sqlite, ai).await.unwrap();
    let w = world(&app.db).await;
    use_server(&app, w.org, &server).await;
    let member = app.login("member@test.example").await;
    let third = third_session(&app, w.cycle).await;
    let first = ask_draft(&app, &member, third).await;
    assert_eq!(first.status(), 202);
    let second = ask_draft(&app, &member, third).await;
    assert_eq!(second.status(), 409);
    assert!(second.text().await.unwrap().contains("te druk"));
    let first_id = last_request(&app).await - 1;
    let (status, _) = member.post(&format!("/ai/requests/{first_id}/cancel"), &[]).await;
    assert_eq!(status, 303);
}
