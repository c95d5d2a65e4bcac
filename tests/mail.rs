//! Mail against a real SMTP server (aiosmtpd from PyPI, `scripts/setup-counterparts`): what
//! arrives, in whose language, when, and what does not arrive — on both engines.

mod common;

use hartslag::jobs::Runner;
use hartslag::mail::{MailConfig, Mailer};
use serde_json::Value;

fn runner(db: &hartslag::db::Db, sink: &common::SmtpSink) -> Runner {
    let cfg = MailConfig {
        smtp_url: sink.url(),
        from: "Hartslag <hartslag@zorggroep.test>".into(),
        public_url: "https://hartslag.zorggroep.test".into(),
    };
    Runner::new(db.clone(), Some(std::sync::Arc::new(Mailer::new(&cfg).unwrap())), common::SECRET, None)
}

fn mail_node() -> hartslag::web::Config {
    hartslag::web::Config {
        mail: true,
        public_url: Some("https://hartslag.zorggroep.test".into()),
        ..Default::default()
    }
}

async fn no_quiet_hours(db: &hartslag::db::Db) {
    sqlx::query("UPDATE organisations SET quiet_from = '00:00', quiet_until = '00:00'")
        .execute(&db.pool)
        .await
        .unwrap();
}

fn to(m: &Value) -> String {
    m["rcpt_tos"][0].as_str().unwrap().to_string()
}

fn local(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

backends! {
    async fn invitations_and_reminders_arrive_in_the_recipients_language(app) {
        let Some(python) = common::counterparts_python() else { return };
        let sink = common::SmtpSink::start(&python, 0);
        let db = &app.db;
        let w = common::world(db).await;
        no_quiet_hours(db).await;
        let node = app.another_node(mail_node()).await;
        let runner = runner(db, &sink);

        // Bram reads Hartslag in English; mail follows.
        let bram = node.login("member2@test.example").await;
        assert_eq!(bram.get("/lang/en?next=/").await.0, 303);

        // Anna invites Dirk to the circle.
        let anna = node.login("member@test.example").await;
        let (status, _) = anna.post(&format!("/circles/{}/invite", w.circle), &[("email", "colleague@test.example")]).await;
        assert_eq!(status, 303);
        assert_eq!(runner.run_due().await.unwrap(), 1);
        let got = sink.messages();
        assert_eq!(got.len(), 1);
        let m = &got[0];
        assert_eq!(to(m), "colleague@test.example");
        assert_eq!(m["mail_from"], "hartslag@zorggroep.test");
        assert_eq!(m["subject"], "Uitnodiging voor de Prof-cirkel Overdracht");
        assert_eq!(m["content_type"], "text/plain");
        let body = m["body"].as_str().unwrap();
        assert!(body.starts_with("Hallo Dirk Collega,"), "{body}");
        assert!(body.contains("Anna Lid nodigt je uit voor de Prof-cirkel Overdracht"), "{body}");
        assert!(body.contains(&format!("https://hartslag.zorggroep.test/circles/{}", w.circle)), "{body}");
        assert!(body.contains("https://hartslag.zorggroep.test/me/connections"), "the footer says where to change it");
        assert!(m["message_id"].as_str().unwrap().starts_with("<hartslag.job-"));

        // A session tomorrow: one reminder a day ahead for each member, planned once.
        let tomorrow = chrono::Local::now().naive_local() + chrono::Duration::hours(20);
        sqlx::query("UPDATE sessions SET starts_at = $1, place = 'Zaal 3' WHERE id = $2")
            .bind(local(tomorrow))
            .bind(w.session)
            .execute(&db.pool)
            .await
            .unwrap();
        let now = hartslag::db::now();
        hartslag::mail::plan_reminders(db, now).await.unwrap();
        hartslag::mail::plan_reminders(db, now + 60).await.unwrap();
        assert_eq!(runner.run_due().await.unwrap(), 4, "three members and the guest, one reminder each");
        assert_eq!(runner.run_due().await.unwrap(), 0);
        let reminders: Vec<Value> = sink.messages().into_iter().skip(1).collect();
        let mut who: Vec<String> = reminders.iter().map(to).collect();
        who.sort();
        assert_eq!(who, ["guest@test.example", "member2@test.example", "member3@test.example", "member@test.example"]);
        for m in &reminders {
            let subject = m["subject"].as_str().unwrap();
            let body = m["body"].as_str().unwrap();
            if to(m) == "member2@test.example" {
                assert!(subject.starts_with("Reminder: Overdracht"), "{subject}");
                assert!(body.starts_with("Hello Bram Lid,") && body.contains("in Zaal 3"), "{body}");
            } else {
                assert!(subject.starts_with("Herinnering: Overdracht"), "{subject}");
                assert!(body.contains(&format!("https://hartslag.zorggroep.test/sessions/{}", w.session)), "{body}");
            }
        }
        hartslag::mail::plan_reminders(db, hartslag::db::now()).await.unwrap();
        assert_eq!(runner.run_due().await.unwrap(), 0, "planning again sends nothing twice");
    }

    async fn a_cancelled_session_and_an_answered_scan_send_nothing(app) {
        let Some(python) = common::counterparts_python() else { return };
        let sink = common::SmtpSink::start(&python, 0);
        let db = &app.db;
        let w = common::world(db).await;
        no_quiet_hours(db).await;
        let runner = runner(db, &sink);

        // The reminder is planned, then the session is cancelled before it goes out.
        let tomorrow = chrono::Local::now().naive_local() + chrono::Duration::hours(22);
        sqlx::query("UPDATE sessions SET starts_at = $1 WHERE id = $2").bind(local(tomorrow)).bind(w.session).execute(&db.pool).await.unwrap();
        hartslag::mail::plan_reminders(db, hartslag::db::now()).await.unwrap();
        sqlx::query("UPDATE sessions SET cancelled = TRUE WHERE id = $1").bind(w.session).execute(&db.pool).await.unwrap();
        assert_eq!(runner.run_due().await.unwrap(), 4);
        assert!(sink.messages().is_empty(), "nothing about a cancelled session");

        // Scan invitations go to the population, except whoever has already sent answers.
        hartslag::mail::scan_invitations(db, w.org, w.scan, hartslag::db::now()).await.unwrap();
        runner.run_due().await.unwrap();
        let got = sink.messages();
        let who: std::collections::HashSet<String> = got.iter().map(to).collect();
        assert!(who.contains("colleague@test.example") && who.contains("manager@test.example"), "{who:?}");
        assert!(!who.contains("member@test.example"), "Anna already sent her answers");
        assert!(!who.contains("guest@test.example"), "guests are not asked");
        assert!(!who.contains("stranger@other.example"), "another organisation is not asked");
        let m = got.iter().find(|m| to(m) == "colleague@test.example").unwrap();
        assert!(m["subject"].as_str().unwrap().starts_with("Vragenlijst: "));
        assert!(m["body"].as_str().unwrap().contains("anoniem"));
        let sent = got.len();
        // Fanning out again (another node, a retry) mails nobody twice.
        hartslag::mail::scan_invitations(db, w.org, w.scan, hartslag::db::now()).await.unwrap();
        runner.run_due().await.unwrap();
        assert_eq!(sink.messages().len(), sent);
    }

    async fn the_weekly_digest_respects_the_opt_out_and_quiet_hours_hold_mail_back(app) {
        let Some(python) = common::counterparts_python() else { return };
        let sink = common::SmtpSink::start(&python, 0);
        let db = &app.db;
        let w = common::world(db).await;
        no_quiet_hours(db).await;
        let node = app.another_node(mail_node()).await;
        let runner = runner(db, &sink);

        let cor = node.login("member3@test.example").await;
        let (status, _) = cor.post("/me/connections/mail", &[]).await;
        assert_eq!(status, 303, "the digest switched off (no checkbox sent)");

        // Monday of this week, 09:00: the digest is planned for everyone who wants it.
        let monday = hartslag::cycles::monday_of(chrono::Local::now().date_naive());
        let nine = hartslag::mail::local_ts(&format!("{monday}T09:00")).unwrap();
        hartslag::mail::plan_digest(db, nine).await.unwrap();
        runner.run_due().await.unwrap();
        let digests: Vec<Value> =
            sink.messages().into_iter().filter(|m| m["subject"].as_str().unwrap().starts_with("Je week in Hartslag")).collect();
        let who: Vec<String> = digests.iter().map(to).collect();
        assert!(who.contains(&"member@test.example".to_string()));
        assert!(!who.contains(&"member3@test.example".to_string()), "Cor opted out");
        let anna = digests.iter().find(|m| to(m) == "member@test.example").unwrap();
        assert!(anna["body"].as_str().unwrap().contains("/scans") || anna["body"].as_str().unwrap().contains("Mijn week"));
        let before = sink.messages().len();
        hartslag::mail::plan_digest(db, nine + 600).await.unwrap();
        runner.run_due().await.unwrap();
        assert_eq!(sink.messages().len(), before, "one digest per week");

        // All day quiet: an invitation waits, without using up an attempt.
        sqlx::query("UPDATE organisations SET quiet_from = '00:00', quiet_until = '23:59' WHERE id = $1")
            .bind(w.org)
            .execute(&db.pool)
            .await
            .unwrap();
        let anna = node.login("member@test.example").await;
        anna.post(&format!("/circles/{}/invite", w.circle), &[("email", "colleague@test.example")]).await;
        runner.run_due().await.unwrap();
        assert_eq!(sink.messages().len(), before, "held back in quiet hours");
        use sqlx::Row;
        let r = sqlx::query("SELECT attempts, run_at FROM jobs WHERE done_at IS NULL AND kind = 'mail'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(r.get::<i64, _>("attempts"), 0);
        assert!(r.get::<i64, _>("run_at") > hartslag::db::now(), "it waits for the end of the quiet hours");
    }

    async fn a_refusing_server_is_tried_again_and_the_mail_arrives_once(app) {
        let Some(python) = common::counterparts_python() else { return };
        let sink = common::SmtpSink::start(&python, 1);
        let db = &app.db;
        let w = common::world(db).await;
        no_quiet_hours(db).await;
        let runner = runner(db, &sink);
        hartslag::mail::circle_invitation(db, w.org, w.circle, w.colleague, w.member).await.unwrap();
        // Dirk has to be invited for the mail to be true.
        sqlx::query("INSERT INTO circle_members (circle_id, person_id, status, invited_by, updated_at) VALUES ($1, $2, 'invited', $3, 0)")
            .bind(w.circle)
            .bind(w.colleague)
            .bind(w.member)
            .execute(&db.pool)
            .await
            .unwrap();
        assert_eq!(runner.run_due().await.unwrap(), 1);
        assert!(sink.messages().is_empty(), "the server said 451");
        use sqlx::Row;
        let r = sqlx::query("SELECT id, attempts, run_at, last_error FROM jobs").fetch_one(&db.pool).await.unwrap();
        assert_eq!(r.get::<i64, _>("attempts"), 1);
        assert!(r.get::<Option<String>, _>("last_error").unwrap().contains("451"));
        assert!(r.get::<i64, _>("run_at") > hartslag::db::now(), "a backoff before the next try");
        sqlx::query("UPDATE jobs SET run_at = 0").execute(&db.pool).await.unwrap();
        assert_eq!(runner.run_due().await.unwrap(), 1);
        assert_eq!(sink.messages().len(), 1);
        let r = sqlx::query("SELECT attempts, done_at FROM jobs").fetch_one(&db.pool).await.unwrap();
        assert_eq!(r.get::<i64, _>("attempts"), 2);
        assert!(r.get::<Option<i64>, _>("done_at").is_some());
    }
}
