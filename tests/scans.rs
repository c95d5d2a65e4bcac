//! Scans as a respondent and as L&D find them: answering in parts, the personal result, the
//! report without small groups, reminders, closing — and answers that cannot be joined to the
//! people who gave them, read from a full dump of the database.

mod common;

use std::collections::{HashMap, HashSet};

use common::{SECRET, User, actor, count, person, scan_answers, world};
use hartslag::db::{Db, Engine, Row};
use hartslag::orgs;
use hartslag::scans::store::{self, NewRun, Run};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn new_run(instrument: &str, variant: &str, population: &str, units: Vec<i64>, jobs: Vec<String>) -> NewRun {
    NewRun {
        instrument: instrument.into(),
        variant: variant.into(),
        title: format!("{instrument} test"),
        population: population.into(),
        units,
        jobs,
        opens_on: today().to_string(),
        closes_on: (today() + chrono::Duration::days(14)).to_string(),
    }
}

async fn open_run(db: &Db, org: i64, adviser: i64, n: NewRun) -> Run {
    let a = actor(db, adviser).await;
    let id = store::create(db, &a, &n, today()).await.unwrap();
    store::run(db, org, id).await.unwrap().unwrap()
}

/// `n` people in a unit, each with a password (they can sign in).
async fn staff(db: &Db, org: i64, unit: i64, n: usize, tag: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(person(db, org, Some(unit), &format!("{tag} {i}"), &format!("{tag}{i}@test.example")).await);
    }
    out
}

/// Answers a whole run through the web pages as this user; returns the result's address.
async fn answer_all(user: &User, run: &Run, value: &str) -> String {
    let mut block = 0;
    loop {
        let (status, page) = user.get(&format!("/scans/{}?block={block}", run.id)).await;
        assert_eq!(status, 200, "{page}");
        let mut fields: Vec<(String, String)> = Vec::new();
        for id in &run.items {
            if page.contains(&format!("name=\"a.{id}\"")) {
                fields.push((format!("a.{id}"), value.to_string()));
            }
        }
        let last = page.contains("value=\"send\"");
        fields.push(("block".into(), block.to_string()));
        fields.push(("action".into(), if last { "send" } else { "next" }.into()));
        let f: Vec<(&str, &str)> = fields.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let (status, location) = user.post(&format!("/scans/{}/answers", run.id), &f).await;
        assert_eq!(status, 303, "{location}");
        if last {
            assert!(location.starts_with("/scans/results/"), "{location}");
            return location;
        }
        block += 1;
    }
}

/// `n` answers of `value` to every item, attributed to `unit`, written as `store::submit`
/// writes them (for runs with more answers than it is worth signing people in for).
async fn many_answers(db: &Db, run: &Run, unit: Option<i64>, n: usize, value: u8) {
    use hartslag::scans::anon;
    let text = hartslag::scans::instrument::Layout::to_text(&vec![value; run.items.len()]);
    for _ in 0..n {
        sqlx::query("INSERT INTO scan_responses (run_id, id, unit_id, answers, receipt) VALUES ($1, $2, $3, $4, $5)")
            .bind(run.id)
            .bind(anon::random_token())
            .bind(unit)
            .bind(&text)
            .bind(anon::receipt_hash(&anon::random_token()))
            .execute(&db.pool)
            .await
            .unwrap();
    }
}

/// The mean a CSV gives for a group, if it gives one.
fn csv_mean(csv: &str, group: &str) -> Option<f64> {
    let line = csv.lines().find(|l| l.starts_with(&format!("\"{group}\"")))?;
    let fields: Vec<&str> = line.split(',').collect();
    fields.get(4).and_then(|f| f.trim_matches('"').parse().ok())
}

backends! {
    async fn a_respondent_answers_in_parts_continues_later_and_sees_their_own_result(app) {
        let w = world(&app.db).await;
        let run = store::run(&app.db, w.org, w.scan).await.unwrap().unwrap();
        let colleague = app.login("colleague@test.example").await;

        // The open scan is offered on "Mijn week" and on the scans page.
        let (_, home) = colleague.get("/").await;
        assert!(home.contains("Leercultuurscan test"), "offered on the home page");
        let (_, list) = colleague.get("/scans").await;
        assert!(list.contains(&format!("/scans/{}", run.id)));

        // The first part, answered and saved to continue later.
        let (_, page) = colleague.get(&format!("/scans/{}", run.id)).await;
        assert!(page.contains("name=\"a.c1\""), "the first block's items");
        assert!(page.contains("anoniem"), "says the answers are anonymous");
        let (status, location) = colleague
            .post(&format!("/scans/{}/answers", run.id), &[("block", "0"), ("action", "later"), ("a.c1", "5"), ("a.c2", "4")])
            .await;
        assert_eq!((status, location.as_str()), (303, "/scans?saved=1"));
        assert_eq!(count(&app.db, "scan_drafts").await, 1);
        let sealed: String = sqlx::query("SELECT sealed FROM scan_drafts").fetch_one(&app.db.pool).await.unwrap().get("sealed");
        assert!(sealed.bytes().all(|b| b.is_ascii_hexdigit()), "a saved draft is sealed, not readable in the database");
        let (_, list) = colleague.get("/scans").await;
        assert!(list.contains("Bewaard, nog niet verstuurd"));

        // Coming back: what was saved is still checked.
        let (_, page) = colleague.get(&format!("/scans/{}", run.id)).await;
        assert!(page.contains("name=\"a.c1\" value=\"5\" checked"), "the saved answer is shown");

        // Bad input is refused and changes nothing.
        let before: String = sqlx::query("SELECT sealed FROM scan_drafts").fetch_one(&app.db.pool).await.unwrap().get("sealed");
        for (field, value) in [("a.c1", "7"), ("a.c1", "x"), ("a.onbekend", "3")] {
            let (status, _) = colleague.post(&format!("/scans/{}/answers", run.id), &[("block", "0"), ("action", "next"), (field, value)]).await;
            assert_eq!(status, 422, "{field}={value}");
        }
        let after: String = sqlx::query("SELECT sealed FROM scan_drafts").fetch_one(&app.db.pool).await.unwrap().get("sealed");
        assert_eq!(before, after);

        // Sending with questions open leads back to the first open one.
        let (status, location) = colleague.post(&format!("/scans/{}/answers", run.id), &[("block", "0"), ("action", "send")]).await;
        assert_eq!(status, 303);
        assert!(location.contains("missing=1"), "{location}");
        let (_, page) = colleague.get(&location).await;
        assert!(page.contains("nog niet beantwoord"), "open questions are marked");
        assert_eq!(count(&app.db, "scan_responses").await, 1, "only the world's own response");

        // Everything answered, sent: the personal result at once.
        let result = answer_all(&colleague, &run, "2").await;
        let (status, page) = colleague.get(&result).await;
        assert_eq!(status, 200);
        assert!(page.contains("Jouw uitslag") && page.contains("Alleen jij ziet deze uitslag"));
        let scan = hartslag::scans::instrument::find("leercultuurscan").unwrap();
        for b in &scan.blocks {
            assert!(page.contains(&b.title.nl), "a section for {}", b.id);
        }
        // Every item answered 2 (the saved 5 and 4 were changed); reverse items count as 4.
        assert!(page.contains("<strong>2,") || page.contains("<strong>3,"), "scores on the page");
        assert_eq!(count(&app.db, "scan_drafts").await, 0, "the draft is gone once sent");
        assert_eq!(count(&app.db, "scan_responses").await, 2);

        // Once only; the page says so.
        let (status, _) = colleague.get(&format!("/scans/{}", run.id)).await;
        assert_eq!(status, 409);
        let (_, list) = colleague.get("/scans").await;
        assert!(list.contains("Ingevuld"));
        let (_, home) = colleague.get("/").await;
        assert!(!home.contains("Er staat een scan voor je open"), "no longer offered once sent");

        // A receipt that does not exist is simply not found.
        let (status, _) = colleague.get(&format!("/scans/results/{}", "0".repeat(32))).await;
        assert_eq!(status, 404);
    }

    async fn answers_cannot_be_joined_to_people_from_a_full_dump(app) {
        let w = world(&app.db).await;
        let care = orgs::create_unit(&app.db, w.org, "Zorg Noord", None, None).await.unwrap();
        let ward = orgs::create_unit(&app.db, w.org, "Afdeling Zon", Some(care), None).await.unwrap();
        let tiny = orgs::create_unit(&app.db, w.org, "Nachtdienst", Some(care), None).await.unwrap();
        let mut people = staff(&app.db, w.org, ward, 9, "zon").await;
        people.extend(staff(&app.db, w.org, tiny, 3, "nacht").await);
        let run = open_run(&app.db, w.org, w.adviser, new_run("pulse", "", "org", vec![], vec![])).await;
        let mut receipts = Vec::new();
        for (i, p) in people.iter().enumerate() {
            let a = actor(&app.db, *p).await;
            let answers = scan_answers(&run, 1 + (i as i64 % 5));
            receipts.push(store::submit(&app.db, &SECRET, &run, &a, &answers).await.unwrap());
        }
        let sent_order: Vec<String> = receipts.iter().map(|r| hartslag::scans::anon::receipt_hash(r)).collect();

        let check = |dump: &Dump, closed: bool| {
            // What is kept of an answer: no person, no time.
            assert_eq!(dump.columns["scan_responses"], ["run_id", "id", "unit_id", "answers", "receipt"]);
            assert_eq!(dump.columns["scan_responded"], ["run_id", "marker"]);
            assert_eq!(dump.columns["scan_drafts"], ["run_id", "marker", "sealed"]);
            // No value of an answer row appears anywhere else (run and unit are shared by design).
            let elsewhere: HashSet<&str> = dump
                .rows
                .iter()
                .filter(|(t, _)| t != "scan_responses")
                .flat_map(|(_, r)| r.iter().map(String::as_str))
                .collect();
            let responses: Vec<&Vec<String>> = dump
                .rows
                .iter()
                .filter(|(t, r)| t == "scan_responses" && r[0] == run.id.to_string())
                .map(|(_, r)| r)
                .collect();
            assert_eq!(responses.len(), people.len());
            for r in &responses {
                for v in [&r[1], &r[3], &r[4]] {
                    assert!(!elsewhere.contains(v.as_str()) || v.len() < 6, "{v} appears outside scan_responses");
                }
                // Attributed only to a unit of five or more: never the three-person night shift.
                assert_ne!(r[2], tiny.to_string(), "a unit of three identifies");
            }
            // Markers are keyed: without the server's key they match nobody.
            let markers: Vec<&str> = dump
                .rows
                .iter()
                .filter(|(t, r)| t == "scan_responded" && r[0] == run.id.to_string())
                .map(|(_, r)| r[1].as_str())
                .collect();
            if closed {
                assert!(markers.is_empty(), "who answered is wiped when the run closes");
            } else {
                assert_eq!(markers.len(), people.len());
                let wrong_key = [9u8; 32];
                for p in &people {
                    assert!(!markers.contains(&hartslag::scans::anon::responded(&wrong_key, run.id, *p).as_str()));
                    for plain in [p.to_string(), format!("{}:{p}", run.id)] {
                        assert!(!markers.iter().any(|m| m.contains(&plain) && plain.len() > 3));
                    }
                }
            }
            // The order in which answers are stored is not the order in which they were sent.
            let stored: Vec<String> = responses.iter().map(|r| r[4].clone()).collect();
            stored != sent_order
        };
        let engine = app.db.engine;
        let open = dump(&app.db).await;
        let order_hidden_open = check(&open, false);
        if engine == Engine::Sqlite {
            assert!(order_hidden_open, "SQLite keeps answers in random-id order from the start");
        }
        store::close(&app.db, &run).await.unwrap();
        let closed = dump(&app.db).await;
        assert!(check(&closed, true), "after closing, the stored order is not the sending order ({engine:?})");

        // With the server's key the markers did match: the key is what keeps them apart.
        let markers: Vec<String> = open.rows.iter().filter(|(t, _)| t == "scan_responded").map(|(_, r)| r[1].clone()).collect();
        assert!(markers.contains(&hartslag::scans::anon::responded(&SECRET, run.id, people[0])));
    }

    async fn the_report_hides_groups_under_five_directly_and_by_subtraction(app) {
        let w = world(&app.db).await;
        let care = orgs::create_unit(&app.db, w.org, "Zorg Noord", None, None).await.unwrap();
        let a = orgs::create_unit(&app.db, w.org, "Afdeling Zon", Some(care), None).await.unwrap();
        let b = orgs::create_unit(&app.db, w.org, "Afdeling Maan", Some(care), None).await.unwrap();
        let c = orgs::create_unit(&app.db, w.org, "Afdeling Ster", Some(care), None).await.unwrap();
        let zon = staff(&app.db, w.org, a, 7, "zon").await;
        let maan = staff(&app.db, w.org, b, 6, "maan").await;
        let ster = staff(&app.db, w.org, c, 8, "ster").await;
        let run = open_run(&app.db, w.org, w.adviser, new_run("pulse", "", "org", vec![], vec![])).await;
        // Zon: 6 answers of 5. Maan: 2 answers of 1. Ster: 7 answers of 3.
        for (who, n, v) in [(&zon, 6, 5), (&maan, 2, 1), (&ster, 7, 3)] {
            for p in who.iter().take(n) {
                let act = actor(&app.db, *p).await;
                store::submit(&app.db, &SECRET, &run, &act, &scan_answers(&run, v)).await.unwrap();
            }
        }
        let adviser = app.login("adviser@test.example").await;
        // While the run is open nothing is published: no means, the count rounded.
        let (status, page) = adviser.get(&format!("/scans/{}/report?unit={care}", run.id)).await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("De cijfers worden gepubliceerd als de scan sluit"), "{page}");
        assert!(!page.contains("<svg") && !page.contains("5,0") && !page.contains("1,0"));
        assert!(page.contains("15 of meer"), "fifteen answers and the world's one, rounded: {page}");
        let (_, csv) = adviser.get(&format!("/scans/{}/report.csv", run.id)).await;
        assert_eq!(csv.lines().count(), 1, "the header only: {csv}");
        // Closed: published once, with noise. Maan's two answers never give a mean: too few to
        // publish one that is precise enough, whatever the noise drew.
        assert_eq!(adviser.post(&format!("/scans/{}/close", run.id), &[("confirm", "yes")]).await.0, 303);
        let (status, csv) = adviser.get(&format!("/scans/{}/report.csv", run.id)).await;
        assert_eq!(status, 200);
        assert_eq!(csv_mean(&csv, "Afdeling Maan"), None, "{csv}");
        let (_, page) = adviser.get(&format!("/scans/{}/report?unit={care}", run.id)).await;
        assert!(!page.contains(">1,0<"), "Maan's mean (1,0) never shows: {page}");
        // The report is frozen: the same every time it is read, and one ledger row.
        let (_, again) = adviser.get(&format!("/scans/{}/report.csv", run.id)).await;
        assert_eq!(csv, again);
        let ledger: i64 = sqlx::query("SELECT COUNT(*) AS n FROM privacy_ledger WHERE kind = 'scan' AND subject = $1")
            .bind(run.id.to_string())
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("n");
        assert_eq!(ledger, 1);
        // A manager, a colleague and a stranger get nothing.
        for email in ["manager@test.example", "colleague@test.example", "stranger@other.example"] {
            let u = app.login(email).await;
            assert_eq!(u.get(&format!("/scans/{}/report", run.id)).await.0, 404, "{email}");
            assert_eq!(u.get(&format!("/scans/{}/report.csv", run.id)).await.0, 404, "{email}");
        }
        // Too few answers overall: nothing but the count.
        let small = open_run(&app.db, w.org, w.adviser, new_run("web", "", "org", vec![], vec![])).await;
        for p in zon.iter().take(3) {
            let act = actor(&app.db, *p).await;
            store::submit(&app.db, &SECRET, &small, &act, &scan_answers(&small, 4)).await.unwrap();
        }
        store::close(&app.db, &small).await.unwrap();
        let (_, page) = adviser.get(&format!("/scans/{}/report", small.id)).await;
        assert!(!page.contains("4,0"), "{page}");
    }

    // Attack 3 of issue 14: runs for a department (9), for a unit in it (5), and for a job
    // title (the other unit's 4 and one more person, 5). Subtracting their reports would give
    // the four, then one person. The second and third runs are refused, and nothing is made.
    async fn overlapping_populations_that_differ_by_a_few_are_refused(app) {
        let w = world(&app.db).await;
        let dept = orgs::create_unit(&app.db, w.org, "Zorg Oost", None, None).await.unwrap();
        let a = orgs::create_unit(&app.db, w.org, "Afdeling Eik", Some(dept), None).await.unwrap();
        let b = orgs::create_unit(&app.db, w.org, "Afdeling Beuk", Some(dept), None).await.unwrap();
        let _ = staff(&app.db, w.org, a, 5, "eik").await;
        let beuk = staff(&app.db, w.org, b, 4, "beuk").await;
        let adviser = actor(&app.db, w.adviser).await;
        store::create(&app.db, &adviser, &new_run("pulse", "", "units", vec![dept], vec![]), today()).await.unwrap();
        let runs = count(&app.db, "scan_runs").await;
        let err = store::create(&app.db, &adviser, &new_run("pulse", "", "units", vec![a], vec![]), today()).await.unwrap_err();
        assert_eq!(err.message().key, "scan-error-population-overlap", "{err:?}");
        for (i, id) in beuk.iter().chain([w.colleague].iter()).enumerate() {
            let p = orgs::NewPerson {
                name: format!("beuk {i}"),
                email: format!("beuk-{i}@test.example"),
                job_title: "Nachtdienst".into(),
                unit_id: if *id == w.colleague { Some(w.unit) } else { Some(b) },
                ..Default::default()
            };
            orgs::update_person(&app.db, &common::actor(&app.db, w.admin).await, *id, &p, true).await.unwrap();
        }
        let err = store::create(&app.db, &adviser, &new_run("pulse", "", "jobs", vec![], vec!["Nachtdienst".into()]), today())
            .await
            .unwrap_err();
        assert_eq!(err.message().key, "scan-error-population-overlap", "{err:?}");
        assert_eq!(count(&app.db, "scan_runs").await, runs, "nothing was made");
        // Through the form: a clear message in Dutch, and in English.
        let web = app.login("adviser@test.example").await;
        let closes = (today() + chrono::Duration::days(7)).to_string();
        let (status, body) = web
            .post("/scans", &[("instrument", "pulse"), ("population", "units"), ("units", &a.to_string()), ("opens_on", &today().to_string()), ("closes_on", &closes)])
            .await;
        assert_eq!(status, 422);
        assert!(body.contains("verschilt maar een paar mensen"), "{body}");
        // The same population again is fine (a repeat), and so is another instrument.
        store::create(&app.db, &adviser, &new_run("pulse", "", "units", vec![dept], vec![]), today()).await.unwrap();
        store::create(&app.db, &adviser, &new_run("web", "", "units", vec![a], vec![]), today()).await.unwrap();
        // A population of two is refused outright ("2 / 2 (100%)" would name both).
        let tiny = orgs::create_unit(&app.db, w.org, "Nachtploeg", None, None).await.unwrap();
        let _ = staff(&app.db, w.org, tiny, 2, "nacht").await;
        let err = store::create(&app.db, &adviser, &new_run("web", "", "units", vec![tiny], vec![]), today()).await.unwrap_err();
        assert_eq!(err.message().key, "scan-error-population-small");
    }

    // Attack 4 of issue 14: the report after five answers and after the sixth. While the run
    // is open nothing but a rounded count is published, so the two are the same; once closed
    // the report is made once.
    async fn before_and_after_one_answer_the_report_is_the_same(app) {
        let w = world(&app.db).await;
        let unit = orgs::create_unit(&app.db, w.org, "Afdeling Zon", None, None).await.unwrap();
        let people = staff(&app.db, w.org, unit, 7, "zon").await;
        let run = open_run(&app.db, w.org, w.adviser, new_run("pulse", "", "org", vec![], vec![])).await;
        for p in people.iter().take(5) {
            let a = actor(&app.db, *p).await;
            store::submit(&app.db, &SECRET, &run, &a, &scan_answers(&run, 4)).await.unwrap();
        }
        let adviser = app.login("adviser@test.example").await;
        let (_, csv5) = adviser.get(&format!("/scans/{}/report.csv", run.id)).await;
        let (_, page5) = adviser.get(&format!("/scans/{}/report", run.id)).await;
        let a = actor(&app.db, people[5]).await;
        store::submit(&app.db, &SECRET, &run, &a, &scan_answers(&run, 1)).await.unwrap();
        let (_, csv6) = adviser.get(&format!("/scans/{}/report.csv", run.id)).await;
        let (_, page6) = adviser.get(&format!("/scans/{}/report", run.id)).await;
        assert_eq!(csv5, csv6);
        let figures = |p: &str| p[p.find("<main").unwrap_or(0)..].replace(|c: char| c.is_whitespace(), "");
        assert_eq!(figures(&page5), figures(&page6), "the page says the same");
        assert!(page6.contains("5 of meer"), "{page6}");
        // The list of runs rounds the same way.
        let (_, list) = adviser.get("/scans").await;
        assert!(list.contains("5 of meer"), "{list}");
    }

    async fn reminders_are_at_most_two_days_apart_and_closing_keeps_only_aggregates(app) {
        let w = world(&app.db).await;
        let adviser = app.login("adviser@test.example").await;
        let path = |p: &str| format!("/scans/{}/{p}", w.scan);
        assert_eq!(adviser.post(&path("remind"), &[]).await.0, 303);
        let (status, body) = adviser.post(&path("remind"), &[]).await;
        assert_eq!(status, 409, "not twice in three days: {body}");
        sqlx::query("UPDATE scan_runs SET last_reminder_at = last_reminder_at - 4 * 86400").execute(&app.db.pool).await.unwrap();
        assert_eq!(adviser.post(&path("remind"), &[]).await.0, 303);
        sqlx::query("UPDATE scan_runs SET last_reminder_at = last_reminder_at - 4 * 86400").execute(&app.db.pool).await.unwrap();
        assert_eq!(adviser.post(&path("remind"), &[]).await.0, 409, "at most two");
        // Those who have not answered see the reminder; the member answered and does not.
        let colleague = app.login("colleague@test.example").await;
        assert!(colleague.get("/scans").await.1.contains("Herinnering"));
        let member = app.login("member@test.example").await;
        assert!(!member.get("/").await.1.contains("Herinnering"));

        // A saved draft, then closing: drafts and who answered are wiped, the totals stay.
        colleague.post(&format!("/scans/{}/answers", w.scan), &[("block", "0"), ("action", "later"), ("a.c1", "3")]).await;
        assert_eq!(count(&app.db, "scan_drafts").await, 1);
        assert_eq!(adviser.post(&path("close"), &[]).await.0, 422, "closing needs a tick");
        assert_eq!(count(&app.db, "scan_drafts").await, 1, "and changed nothing");
        assert_eq!(adviser.post(&path("close"), &[("confirm", "yes")]).await.0, 303);
        assert_eq!(count(&app.db, "scan_drafts").await, 0);
        assert_eq!(count(&app.db, "scan_responded").await, 0);
        assert_eq!(count(&app.db, "scan_responses").await, 1);
        let row = sqlx::query("SELECT summary, release FROM scan_runs WHERE id = $1").bind(w.scan).fetch_one(&app.db.pool).await.unwrap();
        let (summary, release): (Option<String>, Option<String>) = (row.get("summary"), row.get("release"));
        assert!(summary.is_some() && release.is_some(), "published once at closing");
        let epsilon: i64 = sqlx::query("SELECT epsilon_milli FROM privacy_ledger WHERE kind = 'scan' AND subject = $1")
            .bind(w.scan.to_string())
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("epsilon_milli");
        assert_eq!(epsilon, (hartslag::privacy::SCAN_EPSILON_PER_RUN * 1000.0) as i64);
        assert_eq!(colleague.get(&format!("/scans/{}", w.scan)).await.0, 409, "closed");
        assert_eq!(adviser.post(&path("remind"), &[]).await.0, 409, "no reminders once closed");
    }

    async fn trend_and_benchmark_come_from_closed_runs_and_sharing_organisations(app) {
        let w = world(&app.db).await;
        let unit = orgs::create_unit(&app.db, w.org, "Afdeling Zon", None, None).await.unwrap();
        let people = staff(&app.db, w.org, unit, 6, "zon").await;
        let _ = &people;
        let earlier = open_run(&app.db, w.org, w.adviser, new_run("pulse", "", "org", vec![], vec![])).await;
        // Enough answers for means the noise leaves precise (to within 0,1).
        many_answers(&app.db, &earlier, None, 600, 2).await;
        store::close(&app.db, &earlier).await.unwrap();
        sqlx::query("UPDATE scan_runs SET opens_on = $1 WHERE id = $2")
            .bind((today() - chrono::Duration::days(90)).to_string())
            .bind(earlier.id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let now = open_run(&app.db, w.org, w.adviser, new_run("pulse", "", "org", vec![], vec![])).await;
        many_answers(&app.db, &now, None, 600, 4).await;
        let adviser = app.login("adviser@test.example").await;
        let (_, page) = adviser.get(&format!("/scans/{}/report", now.id)).await;
        assert!(!page.contains("<svg") && !page.contains("2,0"), "nothing published while open: {page}");
        store::close(&app.db, &now).await.unwrap();
        // Three other organisations share their closed pulse runs: 3.0, 3.5, 5.0.
        for (slug, v) in [("een", 3.0), ("twee", 3.5), ("drie", 5.0)] {
            let org = orgs::create_org(&app.db, slug, slug).await.unwrap();
            store::set_benchmark(&app.db, org, true).await.unwrap();
            sqlx::query(
                "INSERT INTO scan_runs (org_id, instrument, instrument_version, variant, items, title, population, opens_on, \
                 closes_on, min_group, closed_at, summary, created_at) VALUES ($1, 'pulse', 1, '', $2, 'Pulse', 'org', $3, $3, 5, 1, $4, 0)",
            )
            .bind(org)
            .bind(now.items.join(","))
            .bind(today().to_string())
            .bind(format!("{{\"n\":40,\"blocks\":{{\"pulse\":{v}}}}}"))
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        let (_, page) = adviser.get(&format!("/scans/{}/report", now.id)).await;
        let near = |v: f64| ["-0.1", "0", "0.1"].iter().any(|d| page.contains(&format!(">{}<", format!("{:.1}", v + d.parse::<f64>().unwrap()).replace('.', ","))));
        assert!(page.contains("Verloop") && near(2.0) && near(4.0), "trend: about 2,0 then 4,0: {page}");
        assert!(page.contains("Jullie delen niet met de benchmark"), "no benchmark without sharing");
        assert!(!page.contains("3,5 (3,3–4,3)"));
        // Sharing: the median of the three others with the middle half.
        assert_eq!(adviser.post("/scans/settings", &[("benchmark", "on")]).await.0, 303);
        let (_, page) = adviser.get(&format!("/scans/{}/report", now.id)).await;
        assert!(page.contains("3,5 (3,3–4,3)"), "median 3,5, P25 3,25, P75 4,25: exact halves round away from zero");
        assert!(page.contains("Benchmark: de middelste waarde"));
    }

    async fn runs_for_units_and_job_groups_ask_only_their_people(app) {
        let w = world(&app.db).await;
        let adviser = app.login("adviser@test.example").await;
        // Bad input: a clear error, nothing made.
        let runs = count(&app.db, "scan_runs").await;
        for fields in [
            vec![("instrument", "onbekend"), ("population", "org")],
            vec![("instrument", "ai-literacy"), ("population", "org")],
            vec![("instrument", "pulse"), ("population", "units")],
            vec![("instrument", "pulse"), ("population", "jobs")],
            vec![("instrument", "pulse"), ("population", "jobs"), ("jobs", "Astronaut")],
            vec![("instrument", "pulse"), ("population", "org"), ("closes_on", "2001-01-01")],
        ] {
            let mut f = vec![("opens_on", "2026-01-01"), ("closes_on", "2099-01-01")];
            f.retain(|(k, _)| !fields.iter().any(|(k2, _)| k2 == k));
            f.extend(fields.iter().copied());
            let (status, body) = adviser.post("/scans", &f).await;
            assert_eq!(status, 422, "{fields:?}: {body}");
        }
        assert_eq!(count(&app.db, "scan_runs").await, runs);

        // A unit of fewer than five is refused: its report would be about fewer than five.
        let unit = w.unit.to_string();
        let closes = (today() + chrono::Duration::days(7)).to_string();
        let opens = today().to_string();
        let (status, body) = adviser
            .post("/scans", &[("instrument", "web"), ("population", "units"), ("units", &unit), ("opens_on", &opens), ("closes_on", &closes)])
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(count(&app.db, "scan_runs").await, runs);
        let extra = staff(&app.db, w.org, w.unit, 2, "lindehof").await;
        // A unit run through the form: the unit's people are asked, others not.
        let closes = (today() + chrono::Duration::days(7)).to_string();
        let opens = today().to_string();
        let (status, location) = adviser
            .post("/scans", &[("instrument", "web"), ("population", "units"), ("units", &unit), ("opens_on", &opens), ("closes_on", &closes)])
            .await;
        assert_eq!(status, 303, "{location}");
        let id: i64 = location.trim_start_matches("/scans/").trim_end_matches("/report").parse().unwrap();
        let colleague = app.login("colleague@test.example").await;
        assert_eq!(colleague.get(&format!("/scans/{id}")).await.0, 200, "in the unit");
        let manager = app.login("manager@test.example").await;
        assert_eq!(manager.get(&format!("/scans/{id}")).await.0, 404, "not in the unit");
        let title: String = sqlx::query("SELECT title FROM scan_runs WHERE id = $1").bind(id).fetch_one(&app.db.pool).await.unwrap().get("title");
        assert!(title.starts_with("WEB-scan") || title.contains("WEB"), "a default title: {title}");

        // AI literacy for a job group, in its own variant (five nurses: at least the minimum).
        orgs::update_person(&app.db, &common::actor(&app.db, w.admin).await, w.member2, &orgs::NewPerson { name: "Bram Lid".into(), email: "member2@test.example".into(), job_title: "Verpleegkundige".into(), unit_id: Some(w.unit), ..Default::default() }, true).await.unwrap();
        for (i, id) in extra.iter().enumerate() {
            let name = format!("lindehof {i}");
            let email = format!("lindehof{i}@test.example");
            orgs::update_person(&app.db, &common::actor(&app.db, w.admin).await, *id, &orgs::NewPerson { name, email, job_title: "Verpleegkundige".into(), unit_id: Some(w.unit), ..Default::default() }, true).await.unwrap();
        }
        for (id, name, email) in [(w.member, "Anna Lid", "member@test.example"), (w.member3, "Cor Lid", "member3@test.example")] {
            orgs::update_person(&app.db, &common::actor(&app.db, w.admin).await, id, &orgs::NewPerson { name: name.into(), email: email.into(), job_title: "Verpleegkundige".into(), unit_id: Some(w.unit), ..Default::default() }, true).await.unwrap();
        }
        let (status, location) = adviser
            .post("/scans", &[("instrument", "ai-literacy:users"), ("population", "jobs"), ("jobs", "Verpleegkundige"), ("opens_on", &opens), ("closes_on", &closes)])
            .await;
        assert_eq!(status, 303, "{location}");
        let id: i64 = location.trim_start_matches("/scans/").trim_end_matches("/report").parse().unwrap();
        let run = store::run(&app.db, w.org, id).await.unwrap().unwrap();
        assert_eq!((run.variant.as_str(), run.items.len()), ("users", 12));
        let member2 = app.login("member2@test.example").await;
        let (status, page) = member2.get(&format!("/scans/{id}")).await;
        assert_eq!(status, 200);
        assert!(page.contains("name=\"a.au4\""), "the users' own item");
        assert!(!page.contains("name=\"a.au5\""), "not the leads' item");
        assert_eq!(colleague.get(&format!("/scans/{id}")).await.0, 404, "another job");
        // Everyone may read an instrument's questions.
        let (status, page) = colleague.get("/scans/instruments/ai-literacy").await;
        assert_eq!(status, 200);
        assert!(page.contains("Kiest of beheert AI"));
    }
}

/// Every table, every column, every row, as text: what a full dump holds.
struct Dump {
    columns: HashMap<String, Vec<String>>,
    /// (table, row values in column order), in the order the database returns them unsorted.
    rows: Vec<(String, Vec<String>)>,
}

async fn dump(db: &Db) -> Dump {
    let tables: Vec<String> = match db.engine {
        Engine::Sqlite => sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'"),
        Engine::Postgres => sqlx::query("SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%'"),
    }
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get("name"))
    .collect();
    let mut columns = HashMap::new();
    let mut rows = Vec::new();
    for t in tables {
        let sql = match db.engine {
            Engine::Sqlite => format!("SELECT name FROM pragma_table_info('{t}') ORDER BY cid"),
            Engine::Postgres => format!(
                "SELECT CAST(column_name AS TEXT) AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{t}' ORDER BY ordinal_position"
            ),
        };
        let cols: Vec<String> =
            sqlx::query(&sql).fetch_all(&db.pool).await.unwrap().iter().map(|r| r.get("name")).collect();
        let select = cols
            .iter()
            .map(|c| format!("COALESCE(CAST({c} AS TEXT), '')"))
            .collect::<Vec<_>>()
            .join(" || '\u{1f}' || ");
        for r in sqlx::query(&format!("SELECT {select} AS v FROM {t}")).fetch_all(&db.pool).await.unwrap() {
            let v: String = r.get("v");
            rows.push((t.clone(), v.split('\u{1f}').map(str::to_string).collect()));
        }
        columns.insert(t, cols);
    }
    Dump { columns, rows }
}
