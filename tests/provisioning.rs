//! Importing people and units from an HR export, on both engines: the dry run, idempotent
//! upserts by employee number, the deactivation guard, and the upload page.

mod common;

use hartslag::provisioning::{self, Action, Options};

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn youforce() -> Options {
    Options { preset: "youforce".into(), ..Options::default() }
}

/// A Youforce-style export as Excel writes it in the Netherlands: semicolons, a BOM.
fn export(rows: &[(&str, &str, &str, &str, &str, &str)]) -> Vec<u8> {
    let mut s = String::from(
        "\u{feff}Personeelsnummer;Roepnaam;Voorvoegsels;Achternaam;E-mailadres zakelijk;Functienaam;Afdelingscode;Afdelingsnaam;Personeelsnummer leidinggevende\n",
    );
    for (nr, first, prefix, last, email, unit) in rows {
        let unit_name = match *unit {
            "LH2" => "Lindehof 2",
            "BR" => "Beukenrode",
            _ => "",
        };
        s.push_str(&format!("{nr};{first};{prefix};{last};{email};Verzorgende IG;{unit};{unit_name};9000\n"));
    }
    s.into_bytes()
}

async fn active(db: &hartslag::db::Db, email: &str) -> Option<bool> {
    use sqlx::Row;
    sqlx::query("SELECT active FROM people WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await
        .unwrap()
        .map(|r| r.get::<hartslag::db::Flag, _>("active").0)
}

backends! {
    async fn a_dry_run_reports_every_row_and_changes_nothing_until_applied(app) {
        let db = &app.db;
        let w = common::world(db).await;
        let file = export(&[
            ("9000", "Mira", "", "Manager", "manager@test.example", "LH2"),
            ("1001", "Anna", "", "Lid", "member@test.example", "LH2"),
            ("1002", "Sanne", "van der", "Berg", "sanne.berg@test.example", "BR"),
            ("1003", "Tom", "", "Fout", "geen-adres", "BR"),
            ("1002", "Dubbel", "", "Nummer", "dubbel@test.example", "BR"),
            ("1004", "Xander", "", "Elders", "stranger@other.example", "BR"),
        ]);
        let people_before = common::count(db, "people").await;
        let r = provisioning::run(db, w.org, &file, &youforce(), true, today()).await.unwrap();
        assert_eq!(r.rows, 6);
        assert_eq!((r.created, r.updated, r.errors), (1, 2, 3), "{:?}", r.lines);
        assert!(!r.applied, "errors refuse the whole import");
        assert!(r.refused.is_some());
        assert_eq!(common::count(db, "people").await, people_before, "nothing changed");
        let by_line = |n: usize| r.lines.iter().find(|l| l.line == n).unwrap().action.clone();
        assert_eq!(by_line(4), Action::Create);
        assert!(matches!(by_line(5), Action::Error(ref m) if m.key == "import-email-invalid"));
        assert!(matches!(by_line(6), Action::Error(ref m) if m.key == "import-number-twice"));
        assert!(matches!(by_line(7), Action::Error(ref m) if m.key == "import-email-taken"), "another organisation's address");
        assert!(matches!(by_line(3), Action::Update(ref f) if f.contains(&"employee_number")), "Anna is matched by e-mail once");

        // Skipping the bad rows applies the rest.
        let opts = Options { skip_invalid: true, ..youforce() };
        let r = provisioning::run(db, w.org, &file, &opts, true, today()).await.unwrap();
        assert!(r.applied);
        use sqlx::Row;
        let sanne = sqlx::query(
            "SELECT p.name, p.employee_number, p.job_title, u.name AS unit, u.code, m.name AS manager FROM people p \
             JOIN units u ON u.id = p.unit_id LEFT JOIN people m ON m.id = u.manager_id WHERE p.email = 'sanne.berg@test.example'",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(sanne.get::<String, _>("name"), "Sanne van der Berg");
        assert_eq!(sanne.get::<String, _>("employee_number"), "1002");
        assert_eq!(sanne.get::<String, _>("unit"), "Beukenrode");
        assert_eq!(sanne.get::<Option<String>, _>("manager").as_deref(), Some("Mira Manager"), "the unit's manager from the export");
        let anna = sqlx::query("SELECT employee_number, unit_id FROM people WHERE id = $1").bind(w.member).fetch_one(&db.pool).await.unwrap();
        assert_eq!(anna.get::<Option<String>, _>("employee_number").as_deref(), Some("1001"));
        // Team Lindehof 2 existed without a code; an HR unit "Lindehof 2" is a different name, so a new unit.
        assert!(anna.get::<Option<i64>, _>("unit_id").is_some());

        // The same file again: nothing to do.
        let r = provisioning::run(db, w.org, &file, &opts, true, today()).await.unwrap();
        assert_eq!((r.created, r.updated, r.unchanged), (0, 0, 3), "{:?}", r.lines);
    }

    async fn a_full_import_deactivates_who_is_missing_within_the_threshold(app) {
        let db = &app.db;
        let w = common::world(db).await;
        let people: Vec<(String, String)> = (0..20).map(|i| (format!("{}", 2000 + i), format!("p{i}@test.example"))).collect();
        let rows = |n: usize| -> Vec<u8> {
            let v: Vec<(&str, &str, &str, &str, &str, &str)> =
                people[..n].iter().map(|(nr, e)| (nr.as_str(), "Mede", "", "Werker", e.as_str(), "BR")).collect();
            export(&v)
        };
        let r = provisioning::run(db, w.org, &rows(20), &youforce(), true, today()).await.unwrap();
        assert_eq!((r.created, r.units_created), (20, 1));

        // Three missing of twenty is 15%: refused at the default 10%.
        let full = Options { full: true, ..youforce() };
        let r = provisioning::run(db, w.org, &rows(17), &full, true, today()).await.unwrap();
        assert!(!r.applied);
        assert_eq!(r.refused.as_ref().unwrap().key, "import-refused-threshold");
        assert_eq!(active(db, "p19@test.example").await, Some(true));
        // Raised to 20%, it is applied; people without a number (added by hand) stay.
        let full = Options { full: true, max_deactivate_percent: 20, ..youforce() };
        let r = provisioning::run(db, w.org, &rows(17), &full, true, today()).await.unwrap();
        assert!(r.applied);
        assert_eq!(r.deactivated, 3);
        assert_eq!(active(db, "p19@test.example").await, Some(false));
        assert_eq!(active(db, "p0@test.example").await, Some(true));
        assert_eq!(active(db, "colleague@test.example").await, Some(true), "no employee number: never deactivated");
        // Back in the export: active again.
        let r = provisioning::run(db, w.org, &rows(20), &youforce(), true, today()).await.unwrap();
        assert_eq!(r.updated, 3);
        assert_eq!(active(db, "p19@test.example").await, Some(true));
    }

    async fn the_upload_page_runs_a_dry_run_and_applies_it(app) {
        let db = &app.db;
        let _w = common::world(db).await;
        let admin = app.login("admin@test.example").await;
        let file = export(&[("3001", "Fleur", "de", "Wit", "fleur@test.example", "BR")]);
        let upload = |csrf: String, file: Vec<u8>| {
            reqwest::multipart::Form::new()
                .text("csrf", csrf)
                .text("preset", "youforce")
                .text("max_deactivate", "10")
                .part("file", reqwest::multipart::Part::bytes(file).file_name("export.csv"))
        };
        let r = admin.client.post(app.url("/admin/import")).multipart(upload("wrong".into(), file.clone())).send().await.unwrap();
        assert_eq!(r.status(), 403, "the CSRF token is checked on uploads too");
        let r = admin.client.post(app.url("/admin/import")).multipart(upload(admin.csrf.clone(), file)).send().await.unwrap();
        assert_eq!(r.status(), 303);
        let report = r.headers()["location"].to_str().unwrap().to_string();
        let (status, page) = admin.get(&report).await;
        assert_eq!(status, 200);
        assert!(page.contains("Fleur de Wit") && page.contains("proefdraai"), "{page}");
        assert_eq!(active(db, "fleur@test.example").await, None, "a dry run only");
        let (status, _) = admin.post(&format!("{report}/apply"), &[]).await;
        assert_eq!(status, 303);
        assert_eq!(active(db, "fleur@test.example").await, Some(true));
        let content: String = sqlx::query_scalar("SELECT content FROM imports").fetch_one(&db.pool).await.unwrap();
        assert!(content.is_empty(), "the file is not kept once applied");
        let (status, _) = admin.post(&format!("{report}/apply"), &[]).await;
        assert_eq!(status, 409, "applied once only");
        // A file that is not a usable export is refused and not kept.
        let r = admin
            .client
            .post(app.url("/admin/import"))
            .multipart(upload(admin.csrf.clone(), b"naam,telefoon\nPiet,06\n".to_vec()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert_eq!(common::count(db, "imports").await, 1);
        let member = app.login("member@test.example").await;
        assert_eq!(member.get(&report).await.0, 404);
        assert_eq!(member.get("/admin/import").await.0, 404);
    }
}
