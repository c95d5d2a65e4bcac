//! The cockpit, as L&D and managers read it: figures that add up, and no group under the
//! minimum shown — directly, by subtraction along the unit tree or over time, across refreshes,
//! or to the wrong reader. Each attack of issue 14 is tried here as an observer would.

mod common;

use common::{TestApp, person, world};
use hartslag::db::{Db, Row};
use hartslag::orgs;

use chrono::Datelike;

/// The first day of last month: a complete month, published by the first refresh.
fn last_month_first() -> chrono::NaiveDate {
    let today = chrono::Local::now().date_naive();
    today.with_day(1).unwrap().checked_sub_months(chrono::Months::new(1)).unwrap()
}

/// The Mondays of last month's weeks (a week belongs to the month of its Monday).
fn mondays_of_last_month() -> Vec<String> {
    let first = last_month_first();
    let mut m = hartslag::cycles::monday_of(first);
    if m < first {
        m += chrono::Duration::days(7);
    }
    let mut out = Vec::new();
    while m.month() == first.month() {
        out.push(m.to_string());
        m += chrono::Duration::days(7);
    }
    out
}

/// A week of last month.
fn last_week() -> String {
    mondays_of_last_month()[1].clone()
}

fn last_month() -> String {
    last_month_first().format("%Y-%m").to_string()
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

/// The people the test world already has take part last month too: else their small groups,
/// hidden with nobody taking part, would have to be protected by hiding the units beside them.
async fn everyone_else_active(db: &Db, org: i64) {
    let ids: Vec<i64> = sqlx::query("SELECT id FROM people WHERE org_id = $1 AND is_guest = $2")
        .bind(org)
        .bind(false)
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get("id"))
        .collect();
    active_week(db, org, &ids, &last_week()).await;
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
    everyone_else_active(db, org).await;
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
    format!("unit={unit}&grain=month&at={}", last_month())
}

/// The rows of a CSV for the published months (the month under way is left out: it carries
/// today's headcount).
fn published(csv: &str) -> Vec<String> {
    csv.lines().filter(|l| !l.contains("Nog niet gepubliceerd")).map(str::to_string).collect()
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
        // The test world's own small groups (seven people together, under eleven) now need
        // protection at the top, so Zorg and everything below it is hidden too.
        let zuid = csv.lines().find(|l| l.contains("Afdeling Zuid")).unwrap();
        assert!(zuid.contains("Verborgen") && !zuid.contains("12 / 48"), "{zuid}");
    }

    async fn a_published_month_never_changes_and_the_current_one_is_not_published(app) {
        let w = world(&app.db).await;
        let c = care(&app, w.org, 12).await;
        let adviser = app.login("adviser@test.example").await;
        let (_, before) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zuid))).await;
        assert!(before.contains("12 / 48"), "{before}");
        // Zuid meets once more that month: the month was published and stays as it was.
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
        assert_eq!(published(&before), published(&after));
        // Work this week is not published while the month is under way.
        let this_week = hartslag::cycles::monday_of(chrono::Local::now().date_naive()).to_string();
        active_week(&app.db, w.org, &zuid, &this_week).await;
        adviser.post("/cockpit/refresh", &[]).await;
        let this_month = chrono::Local::now().date_naive().format("%Y-%m").to_string();
        let (_, page) = adviser.get(&format!("/cockpit?unit={}&grain=month&at={this_month}", c.zuid)).await;
        assert!(page.contains("Nog niet gepubliceerd"), "{page}");
    }

    // Attack 1 of issue 14: four people of a unit active only in two weeks of a month. Weeks
    // are not published at all, so there is no month minus its weeks; and in the month, the
    // hidden parts of a shown total hold at least five participants together.
    async fn a_month_minus_its_weeks_or_its_shown_parts_gives_no_small_group(app) {
        let w = world(&app.db).await;
        let db = &app.db;
        everyone_else_active(db, w.org).await;
        let zorg = orgs::create_unit(db, w.org, "Zorg", None, None).await.unwrap();
        let noord = orgs::create_unit(db, w.org, "Afdeling Noord", Some(zorg), None).await.unwrap();
        let zuid = orgs::create_unit(db, w.org, "Afdeling Zuid", Some(zorg), None).await.unwrap();
        let n = people(db, w.org, noord, 10, "noord").await;
        let z = people(db, w.org, zuid, 10, "zuid").await;
        let weeks = mondays_of_last_month();
        for week in &weeks {
            active_week(db, w.org, &n, week).await;
        }
        // Three of Zuid, in two weeks only.
        active_week(db, w.org, &z[..3], &weeks[0]).await;
        active_week(db, w.org, &z[..3], &weeks[1]).await;
        let adviser = app.login("adviser@test.example").await;

        // A week is never shown: asking for one gives the month.
        let (_, csv) = adviser.get(&format!("/cockpit.csv?unit={zorg}&grain=week&at={}", weeks[0])).await;
        assert!(csv.contains(&format!("hartslag-cockpit-{zorg}-month")) || !csv.contains(&weeks[0]), "{csv}");
        for week in &weeks {
            assert!(!csv.contains(week.as_str()), "week {week} in {csv}");
        }
        let (_, csv) = adviser.get(&format!("/cockpit.csv?unit={zorg}&grain=month&at={}", last_month())).await;
        let row = |name: &str| csv.lines().filter(|l| l.starts_with("\"Onderdelen\"")).find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} in {csv}")).to_string();
        // Zuid (3 participants) is hidden, so Noord is hidden beside it: else Zorg's total minus
        // Noord would be the three.
        assert!(row("Afdeling Zuid").contains("Verborgen: minder dan 5"), "{csv}");
        assert!(row("Afdeling Noord").contains("Verborgen om een kleine groep te beschermen"), "{csv}");
        let (_, trend) = adviser.get(&format!("/cockpit.csv?unit={zorg}&grain=month&at={}", last_month())).await;
        assert!(trend.contains("(13 / 20)"), "Zorg's total shows: {trend}");
        // The quarter is the sum of its months, shown only where each month is.
        let (_, quarter) = adviser.get(&format!("/cockpit.csv?unit={zuid}&grain=quarter")).await;
        assert!(!quarter.contains("(3 / 10)"), "{quarter}");
    }

    // Attack 2 of issue 14: export a department's month, deactivate one person, refresh, and
    // export again. The published month is frozen: the two exports are the same.
    async fn two_refreshes_around_a_departure_give_the_same_figures(app) {
        let w = world(&app.db).await;
        let c = care(&app, w.org, 12).await;
        let adviser = app.login("adviser@test.example").await;
        let (_, before) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zorg))).await;
        let leaver: i64 = sqlx::query("SELECT id FROM people WHERE unit_id = $1 ORDER BY id")
            .bind(c.zuid)
            .fetch_all(&app.db.pool)
            .await
            .unwrap()[0]
            .get("id");
        sqlx::query("UPDATE people SET active = $1 WHERE id = $2").bind(false).bind(leaver).execute(&app.db.pool).await.unwrap();
        adviser.post("/cockpit/refresh", &[]).await;
        let (_, after) = adviser.get(&format!("/cockpit.csv?{}", week_of(c.zorg))).await;
        assert_eq!(published(&before), published(&after), "the difference would be one person's month");
        assert!(after.contains("100% (24 / 24)"), "{after}");
    }

    // Attack 5 of issue 14: "fewer than five" beside "none" says someone was active. A unit
    // where nobody took part and one where three did read the same.
    async fn nobody_and_a_few_read_the_same(app) {
        let w = world(&app.db).await;
        let db = &app.db;
        everyone_else_active(db, w.org).await;
        let zorg = orgs::create_unit(db, w.org, "Zorg", None, None).await.unwrap();
        let oost = orgs::create_unit(db, w.org, "Oost", Some(zorg), None).await.unwrap();
        let west = orgs::create_unit(db, w.org, "West", Some(zorg), None).await.unwrap();
        let groot = orgs::create_unit(db, w.org, "Groot", Some(zorg), None).await.unwrap();
        let _ = people(db, w.org, oost, 8, "oost").await;
        let wp = people(db, w.org, west, 8, "west").await;
        let gp = people(db, w.org, groot, 20, "groot").await;
        active_week(db, w.org, &wp[..3], &last_week()).await;
        active_week(db, w.org, &gp, &last_week()).await;
        let adviser = app.login("adviser@test.example").await;
        let (_, csv) = adviser.get(&format!("/cockpit.csv?unit={zorg}&grain=month&at={}", last_month())).await;
        let figures = |name: &str| {
            let l = csv.lines().filter(|l| l.starts_with("\"Onderdelen\"")).find(|l| l.contains(&format!("\"{name}\""))).unwrap().to_string();
            l.replace(&format!("\"{name}\""), "")
        };
        assert_eq!(figures("Oost"), figures("West"), "{csv}");
        assert!(figures("Oost").contains("Verborgen"), "{csv}");
        // Oost and West hold 3 participants together: Groot is hidden beside them.
        assert!(figures("Groot").contains("Verborgen om een kleine groep te beschermen"), "{csv}");
    }
}
