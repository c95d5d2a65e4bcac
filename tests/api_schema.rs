//! The JSON API against its own OpenAPI document, driven by schemathesis (PyPI,
//! `scripts/setup-schemathesis`): examples from the schema, fuzzing and stateful sequences as a
//! member of a circle, with every check it has — no 5xx, every status and body documented,
//! schema-valid requests accepted and schema-violating ones refused. On both engines; a bounded
//! run here, a longer one with `HARTSLAG_SCHEMATHESIS_EXAMPLES=1000`.

mod common;

use std::process::Command;

fn schemathesis() -> Option<String> {
    if let Ok(bin) = std::env::var("HARTSLAG_TEST_SCHEMATHESIS") {
        return Some(bin);
    }
    assert!(
        std::env::var("HARTSLAG_REQUIRE_SCHEMATHESIS").as_deref() != Ok("1"),
        "HARTSLAG_REQUIRE_SCHEMATHESIS=1 but HARTSLAG_TEST_SCHEMATHESIS is not set (scripts/setup-schemathesis)"
    );
    eprintln!("schemathesis not run: set HARTSLAG_TEST_SCHEMATHESIS=$(scripts/setup-schemathesis | tail -n1)");
    None
}

backends! {
    async fn the_api_keeps_to_its_openapi_document(app) {
        let Some(bin) = schemathesis() else { return };
        let w = common::world(&app.db).await;
        let token = hartslag::auth::create_api_token(&app.db, w.member, "schemathesis").await.unwrap();
        let examples = std::env::var("HARTSLAG_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "40".into());
        let work = tempfile::tempdir().unwrap();
        let url = app.url("/api/v1/openapi.json");
        let out = tokio::task::spawn_blocking(move || {
            Command::new(bin)
                .current_dir(work.path())
                .args(["run", &url, "--checks", "all", "--max-examples", &examples, "--no-color"])
                .args(["-H", &format!("Authorization: Bearer {token}")])
                .output()
                .expect("run schemathesis")
        })
        .await
        .unwrap();
        let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "schemathesis found problems:\n{report}");
        assert!(report.contains("Stateful") && report.contains("passed"), "{report}");
        let generated = report.lines().find(|l| l.contains("generated")).unwrap_or("").trim().to_string();
        eprintln!("schemathesis: {generated}");
    }

    // The impact register reaches only L&D: its operations as L&D, so that requests get past
    // the policy (a member gets 404 there). Every check but one: a schema cannot say that a
    // period lies in the past and ends after it starts, or that an owner is one of the
    // organisation's L&D advisers, so schema-valid bodies can be refused (422) for those.
    async fn the_impact_api_keeps_to_its_document_as_l_and_d(app) {
        let Some(bin) = schemathesis() else { return };
        let w = common::world(&app.db).await;
        let a = common::actor(&app.db, w.adviser).await;
        let new = hartslag::impact::store::NewSolution {
            name: "Prof-cirkels".into(),
            kind: "circles".into(),
            size: "medium".into(),
            weight: "medium".into(),
            risk: "low".into(),
            ..Default::default()
        };
        hartslag::impact::store::create(&app.db, &a, &new).await.unwrap();
        let token = hartslag::auth::create_api_token(&app.db, w.adviser, "schemathesis").await.unwrap();
        let examples = std::env::var("HARTSLAG_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "40".into());
        let work = tempfile::tempdir().unwrap();
        let url = app.url("/api/v1/openapi.json");
        let out = tokio::task::spawn_blocking(move || {
            Command::new(bin)
                .current_dir(work.path())
                .args(["run", &url, "--checks", "all", "--max-examples", &examples, "--no-color"])
                .args(["--include-path-regex", "^/api/v1/impact", "--exclude-checks", "positive_data_acceptance"])
                .args(["-H", &format!("Authorization: Bearer {token}")])
                .output()
                .expect("run schemathesis")
        })
        .await
        .unwrap();
        let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        assert!(out.status.success(), "schemathesis found problems:\n{report}");
        let generated = report.lines().find(|l| l.contains("generated")).unwrap_or("").trim().to_string();
        eprintln!("schemathesis (impact, L&D): {generated}");
    }
}
