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
        assert!(page.contains("Record 1, regel 2"), "the record and the line of the file: {page}");
        // The manager number 9000 is in neither the file nor Hartslag: a notice on the row.
        assert!(page.contains("Let op: Personeelsnummer leidinggevende 9000 is onbekend"), "{page}");
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

/// A file in the Hartslag layout, with every column; `rows` are its lines under the header.
fn hartslag_file(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(
        "employee_number;name;email;job_title;unit_code;unit_name;parent_unit_code;manager_number;end_date\n",
    );
    for r in rows {
        s.push_str(r);
        s.push('\n');
    }
    s.into_bytes()
}

fn line_of(r: &provisioning::Report, record: usize) -> &provisioning::Line {
    r.lines.iter().find(|l| l.record == record).unwrap_or_else(|| panic!("no record {record}: {:?}", r.lines))
}

fn error_key(l: &provisioning::Line) -> &'static str {
    match &l.action {
        Action::Error(m) => m.key,
        other => panic!("not an error: {other:?}"),
    }
}

fn notice_keys(l: &provisioning::Line) -> Vec<&'static str> {
    l.notices.iter().map(|m| m.key).collect()
}

/// Every text a report can show, in both languages, must be a message and not the loader's
/// complaint about a missing key or argument.
fn assert_readable(text: &str) {
    assert!(!text.is_empty() && !text.contains("Unknown localization key"), "{text:?}");
    assert!(!text.contains("{ $") && !text.contains("{$"), "an argument was not given: {text:?}");
}

backends! {
    async fn every_message_of_a_report_reads_in_both_languages(app) {
        let db = &app.db;
        let w = common::world(db).await;
        let long_number = "9".repeat(65);
        let file = hartslag_file(&[
            "5001;;leeg@test.example;;;;;;",                                           // no name
            &format!("{long_number};Lang Nummer;lang@test.example;;;;;;"),              // number too long
            ";Geen Nummer;geen@test.example;;;;;;",                                     // no number
            "5002;Ongeldig Adres;geen-adres;;;;;;",                                     // e-mail
            &format!("5003;Lange Functie;functie@test.example;{};;;;;", "x".repeat(121)),  // job title
            "5004;Puntkomma;punt@test.example;Verzorgende; IG;BR;Beukenrode;;;",       // a field too many
            "5005;Te Kort;kort@test.example;Helpende",                                  // too few
            "5006;Bel\u{7}letje;bel@test.example;;;;;;",                                // a control character
            "5007;Dubbel Een;dubbel@test.example;;;;;;",
            "5007;Dubbel Twee;dubbel2@test.example;;;;;;",                              // number twice
            "5008;Adres Twee;dubbel@test.example;;;;;;",                                // e-mail twice
            "5009;Elders;stranger@other.example;;;;;;",                                 // e-mail taken
            "5010;Zonder Naam Afdeling;zna@test.example;;X1;;ONBEKEND;77777;eind",     // notices
        ]);
        let r = provisioning::run(db, w.org, &file, &Options::default(), false, today()).await.unwrap();
        let keys: Vec<&str> = r.lines.iter().filter(|l| matches!(l.action, Action::Error(_))).map(error_key).collect();
        for expected in [
            "person-name-required", "import-number-too-long", "import-number-missing", "import-email-invalid",
            "job-title-too-long", "import-row-field-count", "import-field-control", "import-number-twice",
            "import-email-twice", "import-email-taken",
        ] {
            assert!(keys.contains(&expected), "{expected} not in {keys:?}");
        }
        assert_eq!(
            notice_keys(line_of(&r, 13)),
            ["import-unit-unknown", "import-parent-unknown", "import-manager-unknown", "import-end-date-unreadable"]
        );
        for lang in [hartslag::web::Lang::Nl, hartslag::web::Lang::En] {
            for l in &r.lines {
                assert_readable(&provisioning::position(lang, l));
                assert_readable(&lang.t(&format!("import-action-{}", l.action.kind())));
                if let Action::Error(m) = &l.action {
                    assert_readable(&lang.msg(m));
                }
                for n in &l.notices {
                    assert_readable(&lang.msg(n));
                }
            }
            assert_readable(&lang.msg(r.refused.as_ref().unwrap()));
            // What refuses a whole file.
            for (bytes, opts) in [
                (b"naam,telefoon\nPiet,06\n".to_vec(), Options::default()),
                (file.clone(), Options { preset: "sap".into(), ..Options::default() }),
                (
                    file.clone(),
                    Options { overrides: vec![(provisioning::Field::Email, "Mail".into())], ..Options::default() },
                ),
                (b"name,email\0\n".to_vec(), Options::default()),
            ] {
                let e = provisioning::check_file(&bytes, &opts).unwrap_err();
                assert_readable(&lang.msg(&e.message()));
            }
            // The threshold's refusal.
            let m = hartslag::error::Msg::new("import-refused-threshold").arg("count", 3).arg("total", 20).arg("percent", 10);
            assert_readable(&lang.msg(&m));
        }
        let nl = hartslag::web::Lang::Nl;
        let name = r.lines.iter().find(|l| l.employee_number == "5001").unwrap();
        assert!(matches!(&name.action, Action::Error(m) if nl.msg(m) == nl.t("person-name-required")), "an empty name says what to fill in: {name:?}");
    }

    async fn a_row_with_too_many_or_too_few_fields_is_refused_without_shifting_values(app) {
        let db = &app.db;
        let w = common::world(db).await;
        // An unquoted semicolon in a job title, and a row cut short.
        let mut file = String::from_utf8(export(&[("6001", "Iris", "", "Goed", "iris@test.example", "BR")])).unwrap();
        file.push_str("6002;Joost;;Fout;joost@test.example;Verzorgende; IG;BR;Beukenrode;9000\n");
        file.push_str("6003;Kees;;Kort;kees@test.example\n");
        let units_before = common::count(db, "units").await;
        let r = provisioning::run(db, w.org, file.as_bytes(), &youforce(), true, today()).await.unwrap();
        assert!(!r.applied && r.refused.is_some(), "errors refuse the whole import");
        assert_eq!(common::count(db, "units").await, units_before, "nothing changed");
        let long = line_of(&r, 2);
        assert_eq!((long.record, long.line), (2, 3));
        assert_eq!(error_key(long), "import-row-field-count");
        let Action::Error(m) = &long.action else { unreachable!() };
        assert!(m.args.contains(&("expected", "9".into())) && m.args.contains(&("found", "10".into())), "{m:?}");
        let nl = hartslag::web::Lang::Nl.msg(m);
        assert!(nl.contains("10 velden") && nl.contains("9") && nl.contains(';'), "{nl}");
        let short = line_of(&r, 3);
        assert_eq!(error_key(short), "import-row-field-count");
        let Action::Error(m) = &short.action else { unreachable!() };
        assert!(m.args.contains(&("found", "5".into())), "{m:?}");

        // Skipping them applies the good row; no unit is named after a job title.
        let opts = Options { skip_invalid: true, ..youforce() };
        let r = provisioning::run(db, w.org, file.as_bytes(), &opts, true, today()).await.unwrap();
        assert!(r.applied);
        assert_eq!((r.created, r.errors, r.units_created), (1, 2, 1), "{:?}", r.lines);
        let names: Vec<String> = sqlx::query_scalar("SELECT name FROM units").fetch_all(&db.pool).await.unwrap();
        assert!(!names.iter().any(|n| n.contains("IG")), "{names:?}");
        assert_eq!(active(db, "joost@test.example").await, None);
        assert_eq!(active(db, "kees@test.example").await, None);
    }

    async fn control_characters_are_normalised_or_refused(app) {
        let db = &app.db;
        let w = common::world(db).await;
        let file = hartslag_file(&[
            // Tab, a line break in a quoted value, CR, runs of spaces, U+2028: one space each.
            "7001;\"Anna\tde\n  Vries\";anna.vries@test.example;\"Verzorgende\r\nIG\";;;;;",
            "7002;Bram\u{2028}Bos\u{2029};bram.bos@test.example; Helpende\u{85}  Plus ;;;;;",
            "7003;Cor\u{1b}[31mRood;cor.rood@test.example;;;;;;",              // ESC
            "7004;Dirk Stil;dirk.stil@test.example;Team\u{9b}leider;;;;;",     // C1
            "7005;Eva\u{7f};eva@test.example;;;;;;",                           // DEL
        ]);
        let r = provisioning::run(db, w.org, &file, &Options::default(), false, today()).await.unwrap();
        assert_eq!(r.rows, 5);
        // The quoted line breaks: the records and the lines of the file differ.
        let anna = line_of(&r, 1);
        assert_eq!((anna.line, anna.name.as_str()), (2, "Anna de Vries"));
        assert_eq!(line_of(&r, 2).line, 5, "record 2 starts on line 5");
        assert_eq!(line_of(&r, 2).name, "Bram Bos");
        assert_eq!(provisioning::position(hartslag::web::Lang::Nl, line_of(&r, 2)), "Record 2, regel 5");
        assert_eq!(provisioning::position(hartslag::web::Lang::En, line_of(&r, 2)), "Record 2, line 5");
        for (record, column, ch) in [(3, "name", "U+001B"), (4, "job_title", "U+009B"), (5, "name", "U+007F")] {
            let l = line_of(&r, record);
            assert_eq!(error_key(l), "import-field-control");
            let Action::Error(m) = &l.action else { unreachable!() };
            assert!(m.args.contains(&("column", column.into())) && m.args.contains(&("char", ch.into())), "{m:?}");
        }
        let opts = Options { skip_invalid: true, ..Options::default() };
        let r = provisioning::run(db, w.org, &file, &opts, true, today()).await.unwrap();
        assert!(r.applied);
        use sqlx::Row;
        let stored: Vec<(String, String)> = sqlx::query(
            "SELECT name, job_title FROM people WHERE employee_number IN ('7001', '7002', '7003', '7004', '7005') ORDER BY employee_number",
        )
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get("name"), r.get("job_title")))
        .collect();
        assert_eq!(
            stored,
            [("Anna de Vries".to_string(), "Verzorgende IG".to_string()), ("Bram Bos".into(), "Helpende Plus".into())]
        );
    }

    async fn unknown_units_parents_and_managers_are_noticed_on_their_rows(app) {
        let db = &app.db;
        let w = common::world(db).await;
        let file = hartslag_file(&[
            "8001;Mia Manager;mia@test.example;Teamleider;A1;Afdeling Een;;;",
            "8002;Nina Lid;nina@test.example;;A1;;;8001;",              // a manager in the file
            "8003;Olaf Lid;olaf@test.example;;A1;;;8999;",              // unknown manager
            "8004;Piet Lid;piet@test.example;;A2;Afdeling Twee;A1;;",   // a parent in the file
            "8005;Quinn Lid;quinn@test.example;;A3;Afdeling Drie;ZZ;;", // unknown parent
            "8006;Rik Lid;rik@test.example;;Q9;;;;",                   // a code without a name
            "8007;Sara Lid;sara@test.example;;A1;;;8999;",
            "8008;Tim Lid;tim@test.example;;A1;;;8999;",                // the unknown manager has most votes
        ]);
        let r = provisioning::run(db, w.org, &file, &Options::default(), true, today()).await.unwrap();
        assert!(r.applied, "notices refuse nothing: {:?}", r.refused);
        assert_eq!(r.notices, 5);
        assert!(line_of(&r, 1).notices.is_empty() && line_of(&r, 2).notices.is_empty() && line_of(&r, 4).notices.is_empty());
        assert_eq!(notice_keys(line_of(&r, 3)), ["import-manager-unknown"]);
        assert_eq!(line_of(&r, 3).notices[0].args, [("number", "8999".to_string())]);
        assert_eq!(notice_keys(line_of(&r, 5)), ["import-parent-unknown"]);
        assert_eq!(notice_keys(line_of(&r, 6)), ["import-unit-unknown"]);
        assert_eq!(notice_keys(line_of(&r, 7)), ["import-manager-unknown"]);
        assert_eq!(notice_keys(line_of(&r, 8)), ["import-manager-unknown"]);
        use sqlx::Row;
        let a1 = sqlx::query("SELECT u.id, m.employee_number FROM units u LEFT JOIN people m ON m.id = u.manager_id WHERE u.code = 'A1'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(a1.get::<Option<String>, _>("employee_number").as_deref(), Some("8001"), "the known manager, not the unknown one");
        let a2_parent: Option<i64> = sqlx::query_scalar("SELECT parent_id FROM units WHERE code = 'A2'").fetch_one(&db.pool).await.unwrap();
        assert_eq!(a2_parent, Some(a1.get::<i64, _>("id")));
        let q9: String = sqlx::query_scalar("SELECT name FROM units WHERE code = 'Q9'").fetch_one(&db.pool).await.unwrap();
        assert_eq!(q9, "Q9");

        // Known now: the second time no unit notice, and a unit keeps its name when the file gives none.
        let again = hartslag_file(&["8006;Rik Lid;rik@test.example;;A1;;;;"]);
        let r = provisioning::run(db, w.org, &again, &Options::default(), true, today()).await.unwrap();
        assert_eq!((r.notices, r.units_updated), (0, 0), "{:?}", r.lines);
        let a1_name: String = sqlx::query_scalar("SELECT name FROM units WHERE code = 'A1'").fetch_one(&db.pool).await.unwrap();
        assert_eq!(a1_name, "Afdeling Een");
        // A manager known in Hartslag (not in this file) is no notice; an employee number with
        // leading zeros is said as it is.
        let r = provisioning::run(db, w.org, &hartslag_file(&["8009;Uma Lid;uma@test.example;;A1;;;8001;", "8010;Vera Lid;vera@test.example;;A1;;;00123;"]), &Options::default(), false, today()).await.unwrap();
        assert!(line_of(&r, 1).notices.is_empty());
        assert!(hartslag::web::Lang::Nl.msg(&line_of(&r, 2).notices[0]).contains("00123"));
    }

    async fn a_full_import_leaves_people_whose_row_has_an_error(app) {
        let db = &app.db;
        let w = common::world(db).await;
        let people: Vec<(String, String)> = (0..20).map(|i| (format!("{}", 4000 + i), format!("q{i}@test.example"))).collect();
        let v: Vec<(&str, &str, &str, &str, &str, &str)> =
            people.iter().map(|(nr, e)| (nr.as_str(), "Mede", "", "Werker", e.as_str(), "BR")).collect();
        provisioning::run(db, w.org, &export(&v), &youforce(), true, today()).await.unwrap();
        // The same people, one of them with a broken e-mail address.
        let mut v = v.clone();
        v[3].4 = "kapot";
        let opts = Options { full: true, skip_invalid: true, ..youforce() };
        let r = provisioning::run(db, w.org, &export(&v), &opts, true, today()).await.unwrap();
        assert!(r.applied);
        assert_eq!((r.errors, r.deactivated), (1, 0), "{:?}", r.lines);
        assert_eq!(active(db, "q3@test.example").await, Some(true));
    }

    async fn many_changes_apply_in_batches_on_both_engines(app) {
        let db = &app.db;
        let w = common::world(db).await;
        let n = 700;
        let rows: Vec<(String, String)> = (0..n).map(|i| (format!("{}", 20000 + i), format!("b{i}@test.example"))).collect();
        let file = |unit: &str, last: &str| {
            let v: Vec<(&str, &str, &str, &str, &str, &str)> =
                rows.iter().map(|(nr, e)| (nr.as_str(), "Mede", "", last, e.as_str(), unit)).collect();
            export(&v)
        };
        let r = provisioning::run(db, w.org, &file("BR", "Werker"), &youforce(), true, today()).await.unwrap();
        assert_eq!(r.created, n);
        let r = provisioning::run(db, w.org, &file("LH2", "Anders"), &youforce(), true, today()).await.unwrap();
        assert_eq!(r.updated, n);
        let changed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM people p JOIN units u ON u.id = p.unit_id WHERE p.name = 'Mede Anders' AND u.code = 'LH2' AND p.version > 1",
        )
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(changed, n as i64);
        // Everyone but the first ten gone: deactivated, in batches too.
        let keep: Vec<(&str, &str, &str, &str, &str, &str)> =
            rows[..10].iter().map(|(nr, e)| (nr.as_str(), "Mede", "", "Anders", e.as_str(), "LH2")).collect();
        let opts = Options { full: true, max_deactivate_percent: 100, ..youforce() };
        let r = provisioning::run(db, w.org, &export(&keep), &opts, true, today()).await.unwrap();
        assert_eq!(r.deactivated, n - 10);
        let inactive: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE employee_number IS NOT NULL AND active = FALSE AND deactivated_at IS NOT NULL")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(inactive, (n - 10) as i64);
    }
}

/// The command line speaks Dutch unless told otherwise, through the page's messages, and says
/// both the record and the line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_reports_in_dutch_or_english() {
    let dir = tempfile::tempdir().unwrap();
    let url = hartslag::db::sqlite_url_in(dir.path());
    let db = hartslag::db::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    hartslag::orgs::create_org(&db, "Zorggroep", "zorg").await.unwrap();
    db.pool.close().await;
    let file = dir.path().join("export.csv");
    std::fs::write(
        &file,
        hartslag_file(&["\"9101\";\"Wim\nWit\";wim@test.example;;A1;Afdeling;;9999;", "9102;;x@test.example;;;;;;"]),
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "admin",
            "--database-url",
            url.as_str(),
            "import-people",
            "--org",
            "zorg",
            "--file",
            file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_hartslag"))
            .args(&args)
            .env_remove("HARTSLAG_LANG")
            .env("HARTSLAG_LOG", "off")
            .output()
            .unwrap();
        (String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
    };
    let (out, err) = run(&["--skip-invalid"]);
    assert!(out.contains("Record 1, regel 2") && out.contains("Record 2, regel 4"), "{out}{err}");
    assert!(out.contains("Nieuw") && out.contains("Let op: Personeelsnummer leidinggevende 9999"), "{out}");
    assert!(out.contains("Fout: Vul een naam in."), "{out}");
    assert!(out.contains("2 rijen: 1 nieuw") && out.contains("Proefdraai"), "{out}");
    let (out, _) = run(&["--skip-invalid", "--lang", "en"]);
    assert!(out.contains("Record 2, line 4") && out.contains("Note: Manager employee number 9999"), "{out}");
    assert!(out.contains("2 rows: 1 new") && out.contains("Dry run"), "{out}");
    let (_, err) = run(&[]);
    assert!(err.contains("Niets uitgevoerd") && err.contains("1 rij met een fout"), "{err}");
}
