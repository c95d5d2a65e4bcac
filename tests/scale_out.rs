//! Two app nodes on one PostgreSQL, as real processes (`hartslag serve`), driven both: a person
//! who moves between nodes stays signed in, and every mail job runs once although both nodes'
//! workers compete for the queue — counted at a real SMTP server (aiosmtpd).

mod common;

use std::time::Duration;

use common::Node;

/// Posts a form on `base` with the CSRF token of the page at `page`.
async fn post(client: &reqwest::Client, base: &str, page: &str, path: &str, fields: &[(&str, &str)]) -> u16 {
    let html = client.get(format!("{base}{page}")).send().await.unwrap().text().await.unwrap();
    let csrf = common::extract_csrf(&html).expect("a CSRF token on the page");
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    client.post(format!("{base}{path}")).form(&form).send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_sign_in_and_run_every_mail_job_once() {
    let Ok(server) = std::env::var("HARTSLAG_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("HARTSLAG_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "HARTSLAG_REQUIRE_POSTGRES=1 but HARTSLAG_TEST_POSTGRES_URL is not set"
        );
        eprintln!("two-node test not run: set HARTSLAG_TEST_POSTGRES_URL (see .ci/run)");
        return;
    };
    let Some(python) = common::counterparts_python() else { return };
    let url = common::fresh_postgres_database(&server).await;
    let db = hartslag::db::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let w = common::world(&db).await;
    sqlx::query("UPDATE organisations SET quiet_from = '00:00', quiet_until = '00:00'")
        .execute(&db.pool)
        .await
        .unwrap();
    // Sixty more colleagues: the scan's population, so a reminder is a fan-out of many mails.
    let mut invitees = Vec::new();
    for i in 0..60 {
        let email = format!("collega{i}@test.example");
        common::person(&db, w.org, Some(w.unit), &format!("Collega {i}"), &email).await;
        invitees.push(email);
    }
    let sink = common::SmtpSink::start(&python, 0);
    let args = ["--smtp-url", &sink.url(), "--public-url", "https://hartslag.zorggroep.test"];
    let a = Node::start(&url, &args, &[]).await;
    let b = Node::start(&url, &args, &[]).await;

    // Anna signs in on node A; her session cookie works on node B too (a load balancer without
    // sticky sessions): she invites colleagues to two new circles, alternating between nodes.
    let anna = common::TestApp::client();
    let r =
        common::post_login(&anna, &a.base, &[("email", "member@test.example"), ("password", common::PASSWORD)]).await;
    assert_eq!(r.status(), 303);
    let (status, page) = {
        let r = anna.get(format!("{}/circles", b.base)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    assert_eq!(status, 200);
    assert!(page.contains("Anna Lid"), "node B knows the session node A made");
    let mut invited = 0;
    for (n, chunk) in invitees[..12].chunks(6).enumerate() {
        let base = if n % 2 == 0 { &a.base } else { &b.base };
        let name = format!("Kring {n}");
        assert_eq!(
            post(&anna, base, "/circles", "/circles/new", &[("name", &name), ("purpose", "Samen leren")]).await,
            303
        );
        let circle: i64 =
            sqlx::query_scalar("SELECT id FROM circles WHERE name = $1").bind(&name).fetch_one(&db.pool).await.unwrap();
        for (i, email) in chunk.iter().take(5).enumerate() {
            let base = if i % 2 == 0 { &a.base } else { &b.base };
            let path = format!("/circles/{circle}/invite");
            assert_eq!(
                post(&anna, base, &format!("/circles/{circle}"), &path, &[("email", email)]).await,
                303,
                "{email}"
            );
            invited += 1;
        }
    }

    // L&D sends the scan reminder on node B: one fan-out, then a mail per person who has not
    // answered; both nodes' workers take deliveries from the queue.
    let lotte = common::TestApp::client();
    let r =
        common::post_login(&lotte, &b.base, &[("email", "adviser@test.example"), ("password", common::PASSWORD)]).await;
    assert_eq!(r.status(), 303);
    let report = format!("/scans/{}/report", w.scan);
    assert_eq!(post(&lotte, &a.base, &report, &format!("/scans/{}/remind", w.scan), &[]).await, 303);

    // Wait until the queue is empty, then a little longer for any double run to show.
    let mut open = i64::MAX;
    for _ in 0..600 {
        open = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL AND failed_at IS NULL")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        if open == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(open, 0, "every job finished");
    tokio::time::sleep(Duration::from_secs(6)).await;
    let failed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE failed_at IS NOT NULL").fetch_one(&db.pool).await.unwrap();
    assert_eq!(failed, 0);
    // Each message carries its job's id (`<hartslag.job-N@…>`): no job may show up twice, and a
    // mail job without a message must be one that had nothing to send at sending time.
    let got = sink.messages();
    let mut sent: Vec<i64> = got
        .iter()
        .map(|m| {
            let id = m["message_id"].as_str().unwrap();
            id.trim_start_matches("<hartslag.job-").split('@').next().unwrap().parse().unwrap()
        })
        .collect();
    sent.sort();
    let before = sent.len();
    sent.dedup();
    assert_eq!(sent.len(), before, "no message was sent twice");
    let jobs: Vec<(i64, String)> = sqlx::query_as("SELECT id, payload FROM jobs WHERE kind = 'mail' ORDER BY id")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    let mails = jobs.len();
    for (id, payload) in &jobs {
        if sent.binary_search(id).is_err() {
            // Anna answered the scan: her reminder finds that out when it is sent, and stays quiet.
            let p: serde_json::Value = serde_json::from_str(payload).unwrap();
            assert_eq!(
                (p["mail"].as_str(), p["person"].as_i64()),
                (Some("scan-reminder"), Some(w.member)),
                "job {id} sent nothing: {payload}"
            );
        }
    }
    let invitations =
        got.iter().filter(|m| m["subject"].as_str().unwrap().starts_with("Uitnodiging voor de Prof-cirkel")).count();
    assert_eq!(invitations, invited);
    assert!(got.len() > invited + 50, "the reminder reached the colleagues: {} messages", got.len());
    eprintln!("{} messages from {mails} mail jobs", got.len());

    // Signing out on node B ends the session everywhere.
    assert_eq!(post(&anna, &b.base, "/", "/logout", &[]).await, 303);
    let r = anna.get(format!("{}/circles", a.base)).send().await.unwrap();
    assert_eq!(r.status(), 303, "node A no longer knows the session");
}
