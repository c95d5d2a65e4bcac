//! The cockpit, as L&D and managers read it: figures that add up, and no group under the
//! minimum shown — directly, by subtraction along the unit tree, or to the wrong reader.

mod common;

use common::{TestApp, person, world};
use hartslag::db::{Db, Row};
use hartslag::orgs;

/// The Monday of last week: a complete week, inside the cockpit's window.
fn last_week() -> String {
    let monday = hartslag::cycles::monday_of(chrono::Local::now().date_naive());
    (monday - chrono::Duration::days(7)).to_string()
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
    let circle: i64 =
        sqlx::query("INSERT INTO circles (org_id, name, purpose, open, created_by, created_at) VALUES ($1, 'Kring', '', $2, $3, 0) RETURNING id")
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
    zorg: i64,
    noord: i64,
    zuid: i64,
}

/// Zorg (a manager and one more person of its own) with Noord (10 people) and Zuid; everyone
/// was active last week.
async fn care(app: &TestApp, org: i64, zuid_size: usize) -> Care {
    let db = &app.db;
    let boss = person(db, org, None, "Zorgmanager", "zorgmanager@test.example").await;
    let zorg = orgs::create_unit(db, org, "Zorg", None, Some(boss)).await.unwrap();
    sqlx::query("UPDATE people SET unit_id = $1 WHERE id = $2").bind(zorg).bind(boss).execute(&db.pool).await.unwrap();
    let noord = orgs::create_unit(db, org, "Afdeling Noord", Some(zorg), None).await.unwrap();
    let zuid = orgs::create_unit(db, org, "Afdeling Zuid", Some(zorg), None).await.unwrap();
    let own = people(db, org, zorg, 1, "staf").await;
    let n = people(db, org, noord, 10, "noord").await;
    let z = people(db, org, zuid, zuid_size, "zuid").await;
    let week = last_week();
    active_week(db, org, &[own, vec![boss]].concat(), &week).await;
    active_week(db, org, &n, &week).await;
    active_week(db, org, &z, &week).await;
    Care { zorg, noord, zuid }
}

fn week_of(unit: i64) -> String {
    format!("unit={unit}&grain=week&at={}", last_week())
}

backends! {
    async fn l_and_d_cannot_see_a_unit_of_four(app) {
        let w = world(&app.db).await;
        let c = care(&app, w.org, 4).await;
        let adviser = app.login("adviser@test.example").await;

        let (status, page) = adviser.get(&format!("/cockpit?{}", week_of(c.zuid))).await;
        assert_eq!(status, 200);
        assert!(page.contains("minder dan 5 mensen"), "{page}");
        assert!(!page.contains("(4 / 4)") && !page.contains("4 / 16"), "a figure of the four leaked");

        // In Zorg's breakdown, Zuid's row says why it is hidden and carries no figures.
        let (status, csv) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zorg))).await;
        assert_eq!(status, 200);
        let zuid = csv.lines().find(|l| l.contains("Afdeling Zuid")).expect("a row for Zuid");
        assert!(zuid.contains("Verborgen: minder dan 5"), "{zuid}");
        assert!(!zuid.contains("4 / 16"), "{zuid}");
        let noord = csv.lines().find(|l| l.contains("Afdeling Noord")).unwrap();
        assert!(noord.contains("100% (10 / 10)") && noord.contains("10 / 40"), "{noord}");
    }

    async fn a_total_minus_a_subgroup_of_two_is_hidden(app) {
        let w = world(&app.db).await;
        // Zorg: 2 of its own, Noord 10, Zuid 12. Zorg's total minus both departments would give
        // the two, so their row is hidden and so is the smaller department beside it.
        let c = care(&app, w.org, 12).await;
        let adviser = app.login("adviser@test.example").await;
        let (_, csv) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zorg))).await;
        assert!(csv.contains("100% (24 / 24)"), "Zorg's total is shown: {csv}");
        let own = csv.lines().find(|l| l.contains("Direct in Zorg")).expect("a row for Zorg's own people");
        assert!(own.contains("Verborgen: minder dan 5") && !own.contains("(2 / 2)"), "{own}");
        let noord = csv.lines().find(|l| l.contains("Afdeling Noord")).unwrap();
        assert!(noord.contains("Verborgen om een kleine groep te beschermen") && !noord.contains("10 / 40"), "{noord}");
        let zuid = csv.lines().find(|l| l.contains("Afdeling Zuid")).unwrap();
        assert!(zuid.contains("100% (12 / 12)"), "{zuid}");

        // Noord's own page does not give it away either.
        let (status, page) = adviser.get(&format!("/cockpit?{}", week_of(c.noord))).await;
        assert_eq!(status, 200);
        assert!(page.contains("anders kon je die van een kleinere groep ernaast uitrekenen"), "{page}");
        assert!(!page.contains("10 / 40"));
    }

    async fn a_manager_reads_the_units_they_lead_and_nothing_else(app) {
        let w = world(&app.db).await;
        let c = care(&app, w.org, 12).await;
        let boss = app.login("zorgmanager@test.example").await;
        assert_eq!(boss.get(&format!("/cockpit?{}", week_of(c.zorg))).await.0, 200);
        assert_eq!(boss.get(&format!("/cockpit?{}", week_of(c.zuid))).await.0, 200);
        assert_eq!(boss.get("/cockpit?unit=0").await.0, 404);
        assert_eq!(boss.get(&format!("/cockpit?unit={}", w.unit)).await.0, 404);
        let (_, page) = boss.get("/cockpit").await;
        assert!(page.contains("Cockpit: Zorg"), "a manager starts at the unit they lead");
        let (_, page) = boss.get(&format!("/cockpit?{}", week_of(c.zuid))).await;
        assert!(page.contains(&format!("href=\"/cockpit?unit={}&amp;", c.zorg)), "Zorg is theirs to open");
        assert!(!page.contains("href=\"/cockpit?unit=0&amp;"), "the organisation above is not a link for them");
        // Refreshing and the minimum group are L&D's.
        assert_eq!(boss.post("/cockpit/refresh", &[]).await.0, 404);
        let member = app.login("member@test.example").await;
        assert_eq!(member.get("/cockpit").await.0, 404);
        assert_eq!(member.get(&format!("/cockpit.csv?unit={}", c.zorg)).await.0, 404);
    }

    async fn the_minimum_group_goes_up_but_never_below_five(app) {
        let w = world(&app.db).await;
        let c = care(&app, w.org, 12).await;
        let adviser = app.login("adviser@test.example").await;
        let (status, _) = adviser.post("/cockpit/settings", &[("min_group", "4")]).await;
        assert_eq!(status, 422);
        assert_eq!(orgs::cockpit_min_group(&app.db, w.org).await.unwrap(), 5);

        let (status, _) = adviser.post("/cockpit/settings", &[("min_group", "11"), ("back", &week_of(c.zorg))]).await;
        assert_eq!(status, 303);
        let (_, csv) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zorg))).await;
        let noord = csv.lines().find(|l| l.contains("Afdeling Noord")).unwrap();
        assert!(noord.contains("minder dan 11") && !noord.contains("10 / 40"), "{noord}");
        // Two small parts hide each other; Zuid (12) stays.
        let zuid = csv.lines().find(|l| l.contains("Afdeling Zuid")).unwrap();
        assert!(zuid.contains("100% (12 / 12)"), "{zuid}");
    }

    async fn figures_follow_new_work_after_a_refresh(app) {
        let w = world(&app.db).await;
        let c = care(&app, w.org, 12).await;
        let adviser = app.login("adviser@test.example").await;
        let (_, before) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zuid))).await;
        assert!(before.contains("12 / 48"), "{before}");
        // Zuid meets once more that week; the figures follow after L&D refreshes them.
        let zuid: Vec<i64> = sqlx::query("SELECT id FROM people WHERE unit_id = $1")
            .bind(c.zuid)
            .fetch_all(&app.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("id"))
            .collect();
        active_week(&app.db, w.org, &zuid, &last_week()).await;
        let (status, location) = adviser.post("/cockpit/refresh", &[("back", &week_of(c.zuid))]).await;
        assert_eq!((status, location.as_str()), (303, format!("/cockpit?{}", week_of(c.zuid)).as_str()));
        let (_, after) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zuid))).await;
        // Hours used double; a person counts once per week, so hours granted stay.
        assert!(after.contains("24 / 48"), "{after}");
    }
}
