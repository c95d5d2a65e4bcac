//! Retention periods per organisation: what need not be kept forever goes, on time and not
//! before; what the group made together stays.

mod common;

use common::{count, world};
use hartslag::db::Row;
use hartslag::orgs::{self, NewPerson, Retention};
use hartslag::rights::store::{Removed, apply_retention};

const MONTH: i64 = 30 * 86_400;

backends! {
    async fn notes_older_than_the_period_are_removed_and_proposals_stay(app) {
        let w = world(&app.db).await;
        let a = common::actor(&app.db, w.member).await;
        // A second note, fresh; the world's own note is made to look fourteen months old.
        hartslag::cycles::store::save_note(&app.db, &a, w.session, 2, "Verse aantekening", 0).await.unwrap();
        sqlx::query("UPDATE notes SET updated_at = $1 WHERE session_id = $2 AND step = 1")
            .bind(hartslag::db::now() - 14 * MONTH)
            .bind(w.session)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let proposals = count(&app.db, "proposals").await;

        // No period set: everything is kept.
        assert_eq!(apply_retention(&app.db, w.org, "Voormalig lid").await.unwrap(), Removed::default());
        assert_eq!(count(&app.db, "notes").await, 2);

        let admin = app.login("admin@test.example").await;
        let (status, _) = admin.post("/admin/retention", &[("notes_months", "12"), ("departed_months", "")]).await;
        assert_eq!(status, 303);
        let removed = apply_retention(&app.db, w.org, "Voormalig lid").await.unwrap();
        assert_eq!(removed, Removed { notes: 1, people: 0 });
        let left: String = sqlx::query("SELECT body FROM notes").fetch_one(&app.db.pool).await.unwrap().get("body");
        assert_eq!(left, "Verse aantekening");
        assert_eq!(count(&app.db, "proposals").await, proposals);
    }

    async fn a_deactivated_account_is_erased_after_the_period_and_not_before(app) {
        let w = world(&app.db).await;
        orgs::set_retention(&app.db, &common::actor(&app.db, w.admin).await, Retention { notes_months: None, departed_months: Some(12) }).await.unwrap();
        let p = NewPerson { name: "Dirk Collega".into(), unit_id: Some(w.unit), ..Default::default() };
        orgs::update_person(&app.db, &common::actor(&app.db, w.admin).await, w.colleague, &p, false).await.unwrap();

        // Deactivated today: kept.
        assert_eq!(apply_retention(&app.db, w.org, "Voormalig lid").await.unwrap().people, 0);
        let name: String = sqlx::query("SELECT name FROM people WHERE id = $1")
            .bind(w.colleague)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("name");
        assert_eq!(name, "Dirk Collega");

        // Deactivated thirteen months ago: erased, once.
        sqlx::query("UPDATE people SET deactivated_at = $1 WHERE id = $2")
            .bind(hartslag::db::now() - 13 * MONTH)
            .bind(w.colleague)
            .execute(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(apply_retention(&app.db, w.org, "Voormalig lid").await.unwrap().people, 1);
        let row = sqlx::query("SELECT name, email FROM people WHERE id = $1")
            .bind(w.colleague)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(row.get::<String, _>("name"), "Voormalig lid");
        assert!(row.get::<String, _>("email").starts_with("erased-"));
        assert_eq!(apply_retention(&app.db, w.org, "Voormalig lid").await.unwrap().people, 0);

        // Reactivating clears the clock.
        let p = NewPerson { name: "Anna Lid".into(), unit_id: Some(w.unit), ..Default::default() };
        orgs::update_person(&app.db, &common::actor(&app.db, w.admin).await, w.member, &p, false).await.unwrap();
        orgs::update_person(&app.db, &common::actor(&app.db, w.admin).await, w.member, &p, true).await.unwrap();
        let at: Option<i64> = sqlx::query("SELECT deactivated_at FROM people WHERE id = $1")
            .bind(w.member)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
            .get("deactivated_at");
        assert_eq!(at, None);
    }

    async fn a_retention_period_out_of_range_changes_nothing(app) {
        let w = world(&app.db).await;
        let admin = app.login("admin@test.example").await;
        for bad in ["0", "121", "zes", "-3"] {
            let (status, body) = admin.post("/admin/retention", &[("notes_months", bad)]).await;
            assert_eq!(status, 422, "{bad}");
            assert!(body.contains("1 tot en met 120"), "{body}");
        }
        assert_eq!(orgs::retention(&app.db, w.org).await.unwrap(), Retention::default());
        let (_, page) = admin.get("/admin").await;
        assert!(page.contains("Bewaartermijnen"));
    }
}
