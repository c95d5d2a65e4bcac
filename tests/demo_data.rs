//! The demo organisation is created the same way on SQLite and PostgreSQL, once.

mod common;

backends! {
    async fn the_demo_organisation_is_complete_and_created_once(app) {
        let first = hartslag::demo::ensure(&app.db, hartslag::demo::Size::Small, &[3u8; 32]).await.unwrap();
        let people = common::count(&app.db, "people").await;
        assert!(people >= 250, "{people} people");
        assert!(common::count(&app.db, "circles").await >= 25);
        // L&D's register: four solutions, and the training's no-shows (18%, at most 10%) a red flag.
        assert!(common::count(&app.db, "impact_solutions").await >= 4);
        let org = hartslag::orgs::org_by_slug(&app.db, "de-linde").await.unwrap().unwrap();
        let training: i64 = sqlx::query_scalar("SELECT id FROM impact_solutions WHERE org_id = $1 AND kind = 'training'")
            .bind(org).fetch_one(&app.db.pool).await.unwrap();
        let training = hartslag::impact::store::solution(&app.db, org, training).await.unwrap();
        let report = hartslag::impact::measure::report(&app.db, &training, 0, None, chrono::Local::now().date_naive()).await.unwrap();
        assert!(report.flags() >= 1, "the demo shows a red flag");
        let states: Vec<String> = sqlx::query_scalar("SELECT DISTINCT state FROM proposals ORDER BY state").fetch_all(&app.db.pool).await.unwrap();
        assert_eq!(states.len(), 10, "proposals in every state: {states:?}");
        let second = hartslag::demo::ensure(&app.db, hartslag::demo::Size::Small, &[3u8; 32]).await.unwrap();
        assert_eq!(common::count(&app.db, "people").await, people, "the second run adds nothing");
        let emails = |l: &hartslag::demo::Logins| l.logins.iter().map(|x| x.email.clone()).collect::<Vec<_>>();
        assert_eq!(emails(&first), emails(&second));
        // Every printed login works, and lands on a page that is not empty.
        for login in &first.logins {
            let client = common::TestApp::client();
            let r = common::post_login(&client, &app.base, &[("email", login.email.as_str()), ("password", login.password.as_str())]).await;
            assert_eq!(r.status(), 303, "login of the demo {}", login.role);
        }
        let manager = first.logins.iter().find(|l| l.role == "leidinggevende").unwrap();
        let id: i64 = sqlx::query_scalar("SELECT id FROM people WHERE email = $1").bind(&manager.email).fetch_one(&app.db.pool).await.unwrap();
        let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM proposals WHERE decider_id = $1 AND state = 'submitted'").bind(id).fetch_one(&app.db.pool).await.unwrap();
        assert!(waiting >= 3, "the demo manager has proposals waiting");
    }
}
