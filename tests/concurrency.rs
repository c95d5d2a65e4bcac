//! Concurrent edits of the same text never lose a change silently: of many editors who all
//! start from the same version, exactly one wins and every other one is told (409), through the
//! API and through the store, on both engines.

mod common;

use common::TestApp;

backends! {
    async fn of_many_editors_of_one_note_exactly_one_wins_and_the_rest_are_told(app) {
        let w = common::world(&app.db).await;
        let token = hartslag::auth::create_api_token(&app.db, w.member, "race").await.unwrap();
        let url = app.url(&format!("/api/v1/sessions/{}/notes/1", w.session));
        let client = TestApp::client();
        // Start from a known version.
        let r = client.put(&url).bearer_auth(&token).json(&serde_json::json!({"body": "Begin", "version": 0})).send().await.unwrap();
        let start = if r.status().is_success() {
            r.json::<serde_json::Value>().await.unwrap()["version"].as_i64().unwrap()
        } else {
            // The world already wrote this note: continue from its version.
            let s: serde_json::Value = client.get(app.url(&format!("/api/v1/sessions/{}", w.session))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
            s["notes"].as_array().unwrap().iter().find(|n| n["step"] == 1).unwrap()["version"].as_i64().unwrap()
        };
        let mut tasks = Vec::new();
        for i in 0..12 {
            let (client, url, token) = (client.clone(), url.clone(), token.clone());
            tasks.push(tokio::spawn(async move {
                let r = client.put(&url).bearer_auth(&token).json(&serde_json::json!({"body": format!("Versie van schrijver {i}"), "version": start})).send().await.unwrap();
                (i, r.status().as_u16())
            }));
        }
        let mut won = Vec::new();
        for t in tasks {
            let (i, status) = t.await.unwrap();
            match status {
                200 => won.push(i),
                409 => {}
                other => panic!("editor {i} got {other}"),
            }
        }
        assert_eq!(won.len(), 1, "exactly one edit from version {start} wins: {won:?}");
        let (version, body): (i64, String) = sqlx::query_as("SELECT version, body FROM notes WHERE session_id = $1 AND step = 1")
            .bind(w.session).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(version, start + 1);
        assert_eq!(body, format!("Versie van schrijver {}", won[0]), "the stored text is the winner's");
    }

    async fn of_many_editors_of_one_proposal_text_exactly_one_wins(app) {
        use hartslag::proposals::store as proposals;
        let w = common::world(&app.db).await;
        let p = proposals::get(&app.db, w.draft).await.unwrap();
        let mut tasks = Vec::new();
        for (i, person) in [w.member, w.member2, w.member3, w.member, w.member2, w.member3].into_iter().enumerate() {
            let db = app.db.clone();
            let version = p.version;
            tasks.push(tokio::spawn(async move {
                let actor = common::actor(&db, person).await;
                let text = proposals::Text {
                    title: "Overdrachtsscherm".into(),
                    proposal: format!("Tekst van bewerker {i}"),
                    ..Default::default()
                };
                (i, proposals::update_text(&db, &actor, w.draft, &text, version).await)
            }));
        }
        let mut won = Vec::new();
        for t in tasks {
            let (i, r) = t.await.unwrap();
            match r {
                Ok(()) => won.push(i),
                Err(hartslag::error::Error::Conflict(_)) => {}
                Err(e) => panic!("editor {i}: {e}"),
            }
        }
        assert_eq!(won.len(), 1, "{won:?}");
        let now = proposals::get(&app.db, w.draft).await.unwrap();
        assert_eq!(now.proposal, format!("Tekst van bewerker {}", won[0]));
        assert_eq!(now.version, p.version + 1);
    }
}
