//! Impact measurement, route C: the register of learning solutions (L&D), Hartslag's own
//! parameters read from the cockpit's published figures with their red flags, values L&D
//! enters (and the bad ones refused, changing nothing), and who may see any of it.

mod common;

use chrono::Datelike;
use common::{TestApp, person, world};
use hartslag::db::{Db, Row};
use hartslag::impact::measure::{self, State};
use hartslag::impact::store::{self, NewSolution, NewValue};
use hartslag::orgs;

fn last_month_first() -> chrono::NaiveDate {
    let today = chrono::Local::now().date_naive();
    today.with_day(1).unwrap().checked_sub_months(chrono::Months::new(1)).unwrap()
}

fn last_month() -> String {
    last_month_first().format("%Y-%m").to_string()
}

/// A Monday of last month (a week belongs to the month of its Monday).
fn last_week() -> String {
    let first = last_month_first();
    let mut m = hartslag::cycles::monday_of(first);
    if m < first {
        m += chrono::Duration::days(7);
    }
    (m + chrono::Duration::days(7)).to_string()
}

async fn people(db: &Db, org: i64, unit: i64, n: usize, tag: &str) -> Vec<i64> {
    let mut out = Vec::new();
    for i in 0..n {
        out.push(person(db, org, Some(unit), &format!("{tag} {i}"), &format!("{tag}{i}@test.example")).await);
    }
    out
}

/// A circle of `members` with one active week and one attended session of 60 minutes.
async fn active_week(db: &Db, org: i64, members: &[i64], week: &str) {
    let circle: i64 = sqlx::query(
        "INSERT INTO circles (org_id, name, purpose, open, created_by, created_at) VALUES ($1, 'Kring', '', $2, $3, 0) RETURNING id",
    )
    .bind(org)
    .bind(false)
    .bind(members[0])
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .get("id");
    for m in members {
        sqlx::query(
            "INSERT INTO circle_members (circle_id, person_id, status, updated_at) VALUES ($1, $2, 'member', 0)",
        )
        .bind(circle)
        .bind(m)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    let framework: i64 = sqlx::query("SELECT id FROM framework_versions WHERE org_id = $1")
        .bind(org)
        .fetch_one(&db.pool)
        .await
        .unwrap()
        .get("id");
    let cycle: i64 = sqlx::query(
        "INSERT INTO week_cycles (circle_id, week_start, framework_version_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, 0) RETURNING id",
    )
    .bind(circle)
    .bind(week)
    .bind(framework)
    .bind(members[0])
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .get("id");
    let session: i64 = sqlx::query(
        "INSERT INTO sessions (cycle_id, circle_id, position, starts_at, minutes, place, cancelled) \
         VALUES ($1, $2, 1, $3, 60, '', $4) RETURNING id",
    )
    .bind(cycle)
    .bind(circle)
    .bind(format!("{week}T14:00"))
    .bind(false)
    .fetch_one(&db.pool)
    .await
    .unwrap()
    .get("id");
    for m in members {
        sqlx::query("INSERT INTO attendance (session_id, person_id) VALUES ($1, $2)")
            .bind(session)
            .bind(m)
            .execute(&db.pool)
            .await
            .unwrap();
    }
}

struct Care {
    noord: i64,
    zuid: i64,
}

/// Everyone of the test world active last month, and Zorg (two people of its own) with
/// Noord (10 people) and Zuid (4): one active week each, one session of an hour.
async fn care(db: &Db, org: i64) -> Care {
    let ids: Vec<i64> = sqlx::query("SELECT id FROM people WHERE org_id = $1 AND is_guest = $2")
        .bind(org)
        .bind(false)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("id"))
        .collect();
    let week = last_week();
    active_week(db, org, &ids, &week).await;
    let boss = person(db, org, None, "Zorgmanager", "zorgmanager@test.example").await;
    let zorg = orgs::create_unit(db, org, "Zorg", None, Some(boss)).await.unwrap();
    sqlx::query("UPDATE people SET unit_id = $1 WHERE id = $2").bind(zorg).bind(boss).execute(&db.pool).await.unwrap();
    let noord = orgs::create_unit(db, org, "Afdeling Noord", Some(zorg), None).await.unwrap();
    let zuid = orgs::create_unit(db, org, "Afdeling Zuid", Some(zorg), None).await.unwrap();
    let own = people(db, org, zorg, 1, "staf").await;
    let n = people(db, org, noord, 10, "noord").await;
    let z = people(db, org, zuid, 4, "zuid").await;
    active_week(db, org, &[own, vec![boss]].concat(), &week).await;
    active_week(db, org, &n, &week).await;
    active_week(db, org, &z, &week).await;
    hartslag::cockpit::refresh::refresh(db, org).await.unwrap();
    Care { noord, zuid }
}

fn circles_solution() -> NewSolution {
    NewSolution {
        name: "Prof-cirkels".into(),
        kind: "circles".into(),
        size: "high".into(),
        weight: "medium".into(),
        risk: "low".into(),
        ..Default::default()
    }
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

async fn count(db: &Db, table: &str) -> i64 {
    common::count(db, table).await
}

backends! {
    async fn the_register_is_kept_and_bad_input_changes_nothing(app) {
        let _w = world(&app.db).await;
        let adviser = app.login("adviser@test.example").await;
        let (status, page) = adviser.get("/impact").await;
        assert_eq!(status, 200);
        assert!(page.contains("Er staan nog geen leeroplossingen in het register"), "{page}");

        let fields = [("name", "Prof-cirkels"), ("kind", "circles"), ("description", "De werkwijze zelf"),
            ("owner_id", ""), ("size", "high"), ("weight", "medium"), ("risk", "low"), ("route_choice", ""), ("route_reason", "")];
        let (status, location) = adviser.post("/impact/solutions/new", &fields).await;
        assert_eq!(status, 303, "{location}");
        let id: i64 = location.rsplit('/').next().unwrap().parse().unwrap();
        let (_, page) = adviser.get("/impact").await;
        assert!(page.contains("Prof-cirkels") && page.contains("Prof-cirkelwerkwijze"), "{page}");

        // An empty name, and another route than the triage's without a reason: the form again,
        // the field marked, nothing stored.
        let before = (count(&app.db, "impact_solutions").await, count(&app.db, "audit_log").await);
        let mut bad = fields;
        bad[0] = ("name", "  ");
        let (status, page) = adviser.post("/impact/solutions/new", &bad).await;
        assert_eq!(status, 422);
        assert!(page.contains("Vul een naam in.") && page.contains(r#"id="name" name="name""#), "{page}");
        assert!(page.contains(r#"aria-invalid="true""#), "the field is marked");
        let mut bad = fields;
        bad[7] = ("route_choice", "A");
        let (status, page) = adviser.post("/impact/solutions/new", &bad).await;
        assert_eq!(status, 422);
        assert!(page.contains("Geef een reden als je een andere route kiest"), "{page}");
        assert!(page.contains(r#"value="De werkwijze zelf""#) || page.contains("De werkwijze zelf"), "what was typed is kept");
        let mut bad = fields;
        bad[4] = ("size", "enormous");
        assert_eq!(adviser.post("/impact/solutions/new", &bad).await.0, 422);
        assert_eq!((count(&app.db, "impact_solutions").await, count(&app.db, "audit_log").await), before);

        // The triage suggests C (size alone lifts nothing); L&D chooses B with a reason.
        let s = store::solution(&app.db, _w.org, id).await.unwrap();
        assert_eq!((s.suggested(), s.route()), ("C", "C"));
        let mut edit = fields.to_vec();
        edit[7] = ("route_choice", "B");
        edit[8] = ("route_reason", "Veel uren van veel mensen");
        edit.push(("version", "1"));
        let (status, _) = adviser.post(&format!("/impact/solutions/{id}/edit"), &edit).await;
        assert_eq!(status, 303);
        let s = store::solution(&app.db, _w.org, id).await.unwrap();
        assert_eq!((s.suggested(), s.route(), s.overridden(), s.version), ("C", "B", true, 2));
        // A change written from the old version is refused.
        let (status, _) = adviser.post(&format!("/impact/solutions/{id}/edit"), &edit).await;
        assert_eq!(status, 409);

        // High weight and high risk: route A is suggested.
        let a = common::actor(&app.db, _w.adviser).await;
        let big = NewSolution { name: "Veiligheidsprogramma".into(), kind: "programme".into(), weight: "high".into(),
            risk: "high".into(), size: "low".into(), ..Default::default() };
        let big = store::create(&app.db, &a, &big).await.unwrap();
        assert_eq!(store::solution(&app.db, _w.org, big).await.unwrap().route(), "A");

        // Retired: it stays in the register and changes no more.
        assert_eq!(adviser.post(&format!("/impact/solutions/{id}/retire"), &[]).await.0, 303);
        let (_, page) = adviser.get("/impact").await;
        assert!(page.contains("buiten gebruik"), "{page}");
        assert_eq!(adviser.post(&format!("/impact/solutions/{id}/retire"), &[]).await.0, 409);
        let s = store::solution(&app.db, _w.org, id).await.unwrap();
        assert!(store::update(&app.db, &a, id, s.version, &circles_solution()).await.is_err());
        let actions: Vec<String> = sqlx::query("SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'impact-%'")
            .bind(id).fetch_all(&app.db.pool).await.unwrap().iter().map(|r| r.get("action")).collect();
        assert_eq!(actions.len(), 3, "created, changed, retired: {actions:?}");

        // The list pages by 25.
        for i in 0..26 {
            let n = NewSolution { name: format!("Training {i:02}"), kind: "training".into(), size: "low".into(),
                weight: "low".into(), risk: "low".into(), ..Default::default() };
            store::create(&app.db, &a, &n).await.unwrap();
        }
        let (_, page) = adviser.get("/impact").await;
        assert!(page.contains("?page=2"), "a next page");
        let (status, page) = adviser.get("/impact?page=2").await;
        assert_eq!(status, 200);
        assert!(page.contains("Training 25") || page.contains("Veiligheidsprogramma"), "{page}");
    }

    async fn route_c_is_computed_from_the_published_cockpit_and_a_red_flag_says_why(app) {
        let w = world(&app.db).await;
        let c = care(&app.db, w.org).await;
        let a = common::actor(&app.db, w.adviser).await;
        let id = store::create(&app.db, &a, &circles_solution()).await.unwrap();
        let s = store::solution(&app.db, w.org, id).await.unwrap();
        let month = last_month();

        let r = measure::report(&app.db, &s, c.noord, Some(&month), today()).await.unwrap();
        let row = |r: &measure::Report, id: &str| r.rows.iter().find(|x| x.parameter.id == id).unwrap().state.clone();
        let State::Value(reach) = row(&r, "participation") else { panic!("reach: {:?}", row(&r, "participation")) };
        assert_eq!((reach.value, reach.population, reach.flag), (100.0, 10, false));
        // One active week in the month, against a standard of two: a red flag about ten people.
        let State::Value(weeks) = row(&r, "active-weeks") else { panic!() };
        assert_eq!((weeks.value, weeks.population, weeks.flag, weeks.period.as_str()), (1.0, 10, true, month.as_str()));
        let State::Value(sessions) = row(&r, "sessions") else { panic!() };
        assert_eq!((sessions.value, sessions.flag), (1.0, true));
        // Nobody started a proposal in Noord: no acceptance to speak of, and not a flag.
        assert_eq!(row(&r, "acceptance"), State::NoData);
        assert_eq!(row(&r, "relevance"), State::NotMeasured, "surveys come later");
        assert!(r.flags() >= 2);

        // The page says why, with value, standard, period, population and source.
        let adviser = app.login("adviser@test.example").await;
        let (status, page) = adviser.get(&format!("/impact/solutions/{id}?unit={}&at={month}", c.noord)).await;
        assert_eq!(status, 200);
        assert!(page.contains("1 ligt onder de minimumstandaard ≥ 2 (periode"), "{page}");
        assert!(page.contains("10 mensen, bron: Hartslag (cockpit))"), "{page}");
        assert!(page.contains("<svg"), "a chart beside the table");
        let (status, csv) = adviser.get(&format!("/impact/solutions/{id}/export.csv?unit={}&at={month}", c.noord)).await;
        assert_eq!(status, 200);
        let line = csv.lines().find(|l| l.contains("C02")).unwrap();
        assert!(line.contains("Rode vlag") && line.contains("\"10\""), "{line}");

        // A unit of four shows no figure at all: on the page, in the CSV and in the report.
        let r = measure::report(&app.db, &s, c.zuid, Some(&month), today()).await.unwrap();
        for row in r.rows.iter().filter(|x| x.parameter.source == hartslag::impact::set::Source::Hartslag) {
            assert!(matches!(row.state, State::Hidden(_)), "{}: {:?}", row.parameter.id, row.state);
        }
        assert_eq!(r.flags(), 0);
        let (_, csv) = adviser.get(&format!("/impact/solutions/{id}/export.csv?unit={}&at={month}", c.zuid)).await;
        let line = csv.lines().find(|l| l.contains("C01")).unwrap();
        assert!(line.contains("Verborgen: minder dan 5") && !line.contains("\"4\""), "{line}");

        // Hartslag's figures are of the circles: a training is not measured by them.
        let t = NewSolution { name: "Training".into(), kind: "training".into(), ..circles_solution() };
        let t = store::create(&app.db, &a, &t).await.unwrap();
        let t = store::solution(&app.db, w.org, t).await.unwrap();
        let r = measure::report(&app.db, &t, c.noord, Some(&month), today()).await.unwrap();
        assert_eq!(row(&r, "participation"), State::NotMeasured);

        // The API gives the same values, and no value for the hidden unit.
        let token = hartslag::auth::create_api_token(&app.db, w.adviser, "impact").await.unwrap();
        let get = |path: String| TestApp::client().get(app.url(&path)).bearer_auth(token.clone()).send();
        let v: serde_json::Value = get(format!("/api/v1/impact/solutions/{id}?unit={}&at={month}", c.noord)).await.unwrap().json().await.unwrap();
        let p = v["report"]["parameters"].as_array().unwrap().iter().find(|p| p["id"] == "active-weeks").unwrap().clone();
        assert_eq!((p["value"].as_f64(), p["population"].as_i64(), p["flag"].as_bool()), (Some(1.0), Some(10), Some(true)));
        let v: serde_json::Value = get(format!("/api/v1/impact/solutions/{id}?unit={}&at={month}", c.zuid)).await.unwrap().json().await.unwrap();
        let p = v["report"]["parameters"].as_array().unwrap().iter().find(|p| p["id"] == "participation").unwrap().clone();
        assert_eq!((p["state"].as_str(), p["value"].is_null(), p["population"].is_null()), (Some("hidden"), true, true));
    }

    async fn an_entered_value_is_checked_and_raises_a_flag_past_its_standard(app) {
        let w = world(&app.db).await;
        let a = common::actor(&app.db, w.adviser).await;
        let id = store::create(&app.db, &a, &circles_solution()).await.unwrap();
        let s = store::solution(&app.db, w.org, id).await.unwrap();
        let good = NewValue { parameter: "no-show".into(), value: "25".into(), period_from: "2026-01-01".into(),
            period_to: "2026-03-31".into(), population: "12".into(), source: "Presentielijsten".into() };
        let before = (count(&app.db, "impact_values").await, count(&app.db, "audit_log").await);
        let refusals = [
            (NewValue { value: "150".into(), ..good.clone() }, "impact-value-scale", "value"),
            (NewValue { value: "veel".into(), ..good.clone() }, "impact-value-number", "value"),
            (NewValue { parameter: "cost-per-participant".into(), value: "-10".into(), ..good.clone() }, "impact-value-negative", "value"),
            (NewValue { period_from: "".into(), ..good.clone() }, "impact-value-period-required", "period_from"),
            (NewValue { period_from: "2026-04-01".into(), ..good.clone() }, "impact-value-period-order", "period_to"),
            (NewValue { period_to: "2099-12-31".into(), ..good.clone() }, "impact-value-period-future", "period_to"),
            (NewValue { population: "3".into(), ..good.clone() }, "impact-value-population-small", "population"),
            (NewValue { parameter: "participation".into(), ..good.clone() }, "impact-value-parameter", "parameter"),
            (NewValue { source: " ".into(), ..good.clone() }, "impact-value-source-required", "source"),
        ];
        for (v, key, field) in refusals {
            match store::enter(&app.db, &a, &s, 5, &v, today()).await {
                Err(hartslag::error::Error::Invalid(m)) => assert_eq!((m.key, m.field), (key, Some(field))),
                other => panic!("{key}: {other:?}"),
            }
        }
        assert_eq!((count(&app.db, "impact_values").await, count(&app.db, "audit_log").await), before, "refusals change nothing");

        // On the page: the form again, in Dutch, the field marked; through the API: 422 with the field.
        let adviser = app.login("adviser@test.example").await;
        let (status, page) = adviser.post(&format!("/impact/solutions/{id}/values"), &[("parameter", "cost-per-participant"),
            ("value", "-5"), ("period_from", "2026-01-01"), ("period_to", "2026-03-31"), ("population", "12"), ("source", "Financiën")]).await;
        assert_eq!(status, 422);
        assert!(page.contains("Kosten kunnen niet negatief zijn.") && page.contains(r#"value="-5""#), "{page}");
        let token = hartslag::auth::create_api_token(&app.db, w.adviser, "impact").await.unwrap();
        let r = TestApp::client().post(app.url(&format!("/api/v1/impact/solutions/{id}/values")))
            .bearer_auth(&token).header("accept-language", "en")
            .json(&serde_json::json!({"parameter": "no-show", "value": 5, "period_from": "2026-01-01", "period_to": "",
                "population": 12, "source": "x"}))
            .send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["field"], "period_to", "{body}");
        assert!(body["error"]["message"].as_str().unwrap().contains("period"), "{body}");
        assert_eq!(count(&app.db, "impact_values").await, before.0);

        // A good value: no-shows of 25% against at most 10% is a red flag, explained.
        let (status, _) = adviser.post(&format!("/impact/solutions/{id}/values"), &[("parameter", "no-show"),
            ("value", "25"), ("period_from", "2026-01-01"), ("period_to", "2026-03-31"), ("population", "12"), ("source", "Presentielijsten")]).await;
        assert_eq!(status, 303);
        let r = measure::report(&app.db, &s, 0, None, today()).await.unwrap();
        let row = r.rows.iter().find(|x| x.parameter.id == "no-show").unwrap();
        let State::Value(v) = &row.state else { panic!("{:?}", row.state) };
        assert_eq!((v.value, v.population, v.flag, v.entered_source.as_deref()), (25.0, 12, true, Some("Presentielijsten")));
        let (_, page) = adviser.get(&format!("/impact/solutions/{id}")).await;
        assert!(page.contains("25% ligt boven de minimumstandaard ≤ 10% (periode 2026-01-01 – 2026-03-31, 12 mensen, bron: Ingevoerd door L&#38;O: Presentielijsten)"), "{page}");
        assert!(page.contains("<svg") && !page.contains("Unknown localization key"), "{page}");
        let (_, page) = adviser.get("/impact").await;
        assert!(page.contains("Eén rode vlag"), "the register shows the flag: {page}");
        // A value within its standard raises none.
        let ok = NewValue { parameter: "completion".into(), value: "80,5".into(), ..good.clone() };
        store::enter(&app.db, &a, &s, 5, &ok, today()).await.unwrap();
        let r = measure::report(&app.db, &s, 0, None, today()).await.unwrap();
        let row = r.rows.iter().find(|x| x.parameter.id == "completion").unwrap();
        assert!(matches!(&row.state, State::Value(v) if v.value == 80.5 && !v.flag), "{:?}", row.state);
    }

    async fn only_l_and_d_knows_the_register(app) {
        let w = world(&app.db).await;
        let a = common::actor(&app.db, w.adviser).await;
        let id = store::create(&app.db, &a, &circles_solution()).await.unwrap();
        for email in ["member@test.example", "manager@test.example", "admin@test.example", "stranger@other.example"] {
            let u = app.login(email).await;
            let (status, _) = u.get(&format!("/impact/solutions/{id}")).await;
            assert_eq!(status, 404, "{email}");
            let (status, _) = u.post(&format!("/impact/solutions/{id}/retire"), &[]).await;
            assert_eq!(status, 404, "{email}");
        }
        for email in ["member@test.example", "manager@test.example"] {
            let u = app.login(email).await;
            assert_eq!(u.get("/impact").await.0, 404, "{email}");
        }
        let token = hartslag::auth::create_api_token(&app.db, w.manager, "impact").await.unwrap();
        let r = TestApp::client().get(app.url("/api/v1/impact/solutions")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 404);
        assert!(store::solution(&app.db, w.org, id).await.unwrap().retired_at.is_none(), "nothing changed");
    }

    async fn the_api_keeps_the_register_as_the_pages_do(app) {
        let w = world(&app.db).await;
        let token = hartslag::auth::create_api_token(&app.db, w.adviser, "impact").await.unwrap();
        let client = TestApp::client();
        let send = |m: reqwest::Method, path: &str, body: Option<serde_json::Value>| {
            let mut r = client.request(m, app.url(path)).bearer_auth(token.clone());
            if let Some(b) = body {
                r = r.json(&b);
            }
            r.send()
        };
        let body = serde_json::json!({"name": "Mentorregeling", "kind": "mentoring", "size": "low", "weight": "high", "risk": "low"});
        let r = send(reqwest::Method::POST, "/api/v1/impact/solutions", Some(body.clone())).await.unwrap();
        assert_eq!(r.status(), 201);
        let id = r.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
        let list: serde_json::Value = send(reqwest::Method::GET, "/api/v1/impact/solutions", None).await.unwrap().json().await.unwrap();
        assert_eq!(list["items"][0]["route"], "B", "{list}");
        assert_eq!(list["items"][0]["suggested_route"], "B");
        // Another route without a reason, an unknown field, a change without a version: refused.
        let mut bad = body.clone();
        bad["route_choice"] = "C".into();
        let r = send(reqwest::Method::POST, "/api/v1/impact/solutions", Some(bad)).await.unwrap();
        assert_eq!(r.status(), 422);
        assert_eq!(r.json::<serde_json::Value>().await.unwrap()["error"]["field"], "route_reason");
        let mut bad = body.clone();
        bad["salary"] = 1.into();
        assert_eq!(send(reqwest::Method::POST, "/api/v1/impact/solutions", Some(bad)).await.unwrap().status(), 422);
        let path = format!("/api/v1/impact/solutions/{id}");
        assert_eq!(send(reqwest::Method::PUT, &path, Some(body.clone())).await.unwrap().status(), 422);
        let mut change = body.clone();
        change["route_choice"] = "C".into();
        change["route_reason"] = "Eerst de lichte route".into();
        change["version"] = 1.into();
        let r = send(reqwest::Method::PUT, &path, Some(change.clone())).await.unwrap();
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        assert_eq!((v["route"].as_str(), v["version"].as_i64()), (Some("C"), Some(2)));
        assert_eq!(send(reqwest::Method::PUT, &path, Some(change)).await.unwrap().status(), 409, "an old version");
        let v: serde_json::Value = send(reqwest::Method::GET, &path, None).await.unwrap().json().await.unwrap();
        assert_eq!(v["report"]["parameters"].as_array().unwrap().len(), hartslag::impact::set::route_c().parameters.len());
        assert!(v["report"]["min_group"].as_i64().unwrap() >= 5);
        assert_eq!(count(&app.db, "impact_solutions").await, 1);
    }

    async fn every_page_reads_in_both_languages(app) {
        let w = world(&app.db).await;
        let a = common::actor(&app.db, w.adviser).await;
        let id = store::create(&app.db, &a, &circles_solution()).await.unwrap();
        let adviser = app.login("adviser@test.example").await;
        for lang in ["nl", "en"] {
            adviser.get(&format!("/lang/{lang}")).await;
            for path in ["/impact".to_string(), "/impact/solutions/new".into(), format!("/impact/solutions/{id}"),
                format!("/impact/solutions/{id}/edit"), format!("/impact/solutions/{id}/export.csv")] {
                let (status, page) = adviser.get(&path).await;
                assert_eq!(status, 200, "{path}");
                assert!(!page.contains("Unknown localization key") && !page.contains("impact-"), "{lang} {path}: {page}");
            }
        }
    }

    async fn an_erased_owner_leaves_the_solution_without_an_owner(app) {
        let w = world(&app.db).await;
        let a = common::actor(&app.db, w.adviser).await;
        let new = NewSolution { owner_id: Some(w.adviser), ..circles_solution() };
        let id = store::create(&app.db, &a, &new).await.unwrap();
        assert_eq!(store::solution(&app.db, w.org, id).await.unwrap().owner_id, Some(w.adviser));
        let admin = common::actor(&app.db, w.admin).await;
        hartslag::rights::store::erase(&app.db, hartslag::audit::By::Person(&admin), w.adviser, "Voormalig lid").await.unwrap();
        let s = store::solution(&app.db, w.org, id).await.unwrap();
        assert_eq!((s.owner_id, s.owner_name), (None, None));
        assert_eq!(s.name, "Prof-cirkels", "the organisation's register stays");
    }
}
