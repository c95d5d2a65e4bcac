//! Forms a person fills in: bad input shows the form again (422) with everything typed kept,
//! the field marked and a message that says what to do, and nothing is saved. On both engines.

mod common;

use common::count;
use hartslag::web::Lang;

/// The form shown again: the message once, the field marked and described by it.
fn assert_refused_in_field(page: &str, field: &str, message: &str) {
    assert!(page.contains(message), "the message: {page}");
    assert!(page.contains(r#"id="form-error""#), "{page}");
    let marked = format!(r#"id="{field}""#);
    let at = page.find(&marked).unwrap_or_else(|| panic!("the field {field}: {page}"));
    let tag_end = page[at..].find('>').unwrap() + at;
    assert!(
        page[at..tag_end].contains(r#"aria-invalid="true""#),
        "the field {field} is marked: {}",
        &page[at..tag_end]
    );
    assert!(!page.contains("Unknown localization key"), "{page}");
}

backends! {
    async fn a_work_situation_without_a_title_comes_back_with_what_was_typed(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let before = count(&app.db, "work_situations").await;
        let path = format!("/circles/{}/situations/new", w.circle);
        let fields = [("title", "  "), ("description", "Bij de overdracht ontbrak de medicatielijst."), ("kind", "business_process"), ("critical", "1")];
        let (status, page) = member.post(&path, &fields).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "title", &Lang::Nl.t("situation-title-required"));
        assert!(page.contains("Bij de overdracht ontbrak de medicatielijst."), "the description is kept");
        assert!(page.contains(r#"value="business_process" checked"#), "the kind is kept");
        assert!(page.contains(r#"name="critical" value="1" checked"#), "the check is kept");
        assert!(!page.contains("hoogstens"), "an empty field is not a length problem: {page}");
        assert_eq!(count(&app.db, "work_situations").await, before, "nothing saved");

        // Too long: the length and the maximum, on the description.
        let long = "x".repeat(5001);
        let (status, page) = member.post(&path, &[("title", "Overdracht"), ("description", long.as_str()), ("kind", "work_process")]).await;
        assert_eq!(status, 422);
        let message = Lang::Nl.ta("text-too-long", &[("length", "5001".into()), ("max", "5000".into())]);
        assert!(message.contains("5001") && message.contains("5000"), "{message}");
        assert_refused_in_field(&page, "description", &message);
        assert!(page.contains(r#"value="Overdracht""#), "the title is kept");
        assert_eq!(count(&app.db, "work_situations").await, before);

        // In English for an English browser.
        let r = member.client.post(app.url(&path)).header("accept-language", "en")
            .form(&[("csrf", member.csrf.as_str()), ("title", ""), ("description", "y"), ("kind", "work_process")]).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(&Lang::En.t("situation-title-required")));
    }

    async fn a_proposal_without_its_text_comes_back_with_the_situation_it_was_for(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let before = count(&app.db, "proposals").await;
        let situation = w.situation.to_string();
        let fields = [
            ("title", "Vaste overdrachtslijst"), ("problem", "De lijst ontbreekt vaak."), ("proposal", ""),
            ("kind", "innovation"), ("situation_id", situation.as_str()), ("version", "0"),
        ];
        let (status, page) = member.post(&format!("/circles/{}/proposals/new", w.circle), &fields).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "proposal", &Lang::Nl.t("proposal-text-required"));
        assert!(page.contains(r#"value="Vaste overdrachtslijst""#) && page.contains("De lijst ontbreekt vaak."), "{page}");
        assert!(page.contains(&format!(r#"name="situation_id" value="{situation}""#)), "still linked to the situation");
        assert!(page.contains(r#"value="innovation" checked"#));
        assert_eq!(count(&app.db, "proposals").await, before);

        // A situation number of another organisation's circle, typed in by hand: its title is
        // not shown on the form that comes back.
        let stranger = common::actor(&app.db, w.stranger).await;
        let elsewhere = hartslag::circles::store::create_in(&app.db, &stranger, "Elders", "", false, Lang::Nl).await.unwrap();
        let new = hartslag::situations::store::NewSituation { title: "Geheim elders", description: "x", kind: "work_process", critical: false };
        let theirs = hartslag::situations::store::create(&app.db, &stranger, elsewhere, &new).await.unwrap().to_string();
        let fields = [("title", ""), ("proposal", "x"), ("situation_id", theirs.as_str()), ("version", "0")];
        let (status, page) = member.post(&format!("/circles/{}/proposals/new", w.circle), &fields).await;
        assert!(status == 422 || status == 404, "{status}");
        assert!(!page.contains("Geheim elders"), "{page}");

        // Editing: the same, and the text in the database is unchanged.
        let p = hartslag::proposals::store::get(&app.db, w.draft).await.unwrap();
        let version = p.version.to_string();
        let fields = [("title", ""), ("proposal", "Nieuwe tekst die bewaard blijft"), ("version", version.as_str())];
        let (status, page) = member.post(&format!("/proposals/{}/edit", w.draft), &fields).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "title", &Lang::Nl.t("proposal-title-required"));
        assert!(page.contains("Nieuwe tekst die bewaard blijft"));
        assert_eq!(hartslag::proposals::store::get(&app.db, w.draft).await.unwrap().title, p.title);
    }

    async fn a_circle_without_a_name_and_a_note_too_long_come_back(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let circles = count(&app.db, "circles").await;
        let fields = [("name", ""), ("purpose", "Samen leren over valpreventie"), ("open", "1"), ("lang", "en")];
        let (status, page) = member.post("/circles/new", &fields).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "name", &Lang::Nl.t("circle-name-required"));
        assert!(page.contains("Samen leren over valpreventie") && page.contains(r#"value="en" selected"#), "{page}");
        assert_eq!(count(&app.db, "circles").await, circles);

        let long = "x".repeat(20_001);
        let (status, page) = member.post(&format!("/sessions/{}/notes/1", w.session), &[("body", long.as_str()), ("version", "0")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "body", &Lang::Nl.ta("note-too-long", &[("max", "20000".into())]));
        assert!(page.contains(&long), "the writer's text is kept");
        assert!(hartslag::cycles::store::notes(&app.db, w.session).await.unwrap().iter().all(|n| n.step != 1 || n.body != long));
    }

    async fn an_agreement_with_a_date_that_is_no_date_comes_back(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let before = count(&app.db, "agreements").await;
        let path = format!("/conversations/{}/agreements", w.conversation);
        let (status, page) = member.post(&path, &[("text", "Ik volg de training valpreventie"), ("follow_up_on", "31-02-2027")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "fu", &Lang::Nl.t("conversation-date-invalid"));
        assert!(page.contains("Ik volg de training valpreventie"), "{page}");
        let (status, page) = member.post(&path, &[("text", " "), ("follow_up_on", "")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "text", &Lang::Nl.t("agreement-text-required"));
        assert_eq!(count(&app.db, "agreements").await, before);
    }

    async fn a_learning_path_and_its_items_come_back_with_what_was_typed(app) {
        common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let (_, page) = member.get("/path").await;
        let version = common::hidden_field(&page, "version").unwrap_or_else(|| "0".into());
        let fields = [
            ("starts_on", "2027-01-01"), ("ends_on", "2027-01-03"), ("planned_weeks", "4"), ("goals", "Beter overdragen"),
            ("talents", "Rust bewaren"), ("share_progress", "1"), ("version", version.as_str()),
        ];
        let (status, page) = member.post("/path", &fields).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "ends_on", &Lang::Nl.t("path-dates-invalid"));
        assert!(page.contains("Beter overdragen") && page.contains("Rust bewaren"), "{page}");
        assert!(page.contains(r#"value="2027-01-03""#));
        assert!(page.contains(r#"name="share_progress" value="1" checked"#));
        let (status, page) = member.post("/path/items", &[("kind", "milestone"), ("title", "Cursus"), ("hours", "veel")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "ihours", &Lang::Nl.t("path-hours-invalid"));
        assert!(page.contains(r#"value="Cursus""#) && page.contains(r#"value="milestone" checked"#), "{page}");
        assert!(page.contains("<details class=\"card\" open>"), "the item form is open");
    }

    async fn a_reflection_a_vote_and_a_decision_come_back_with_what_was_typed(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let long = "r".repeat(10_001);
        let session = w.session.to_string();
        let before = count(&app.db, "reflections").await;
        let (status, page) = member.post("/reflections", &[("body", long.as_str()), ("session_id", session.as_str())]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "body", &Lang::Nl.ta("text-too-long", &[("length", "10001".into()), ("max", "10000".into())]));
        assert!(page.contains(&long) && page.contains(&format!(r#"name="session_id" value="{session}""#)), "kept, and still for the session");
        assert_eq!(count(&app.db, "reflections").await, before);

        let p = w.draft;
        assert_eq!(member.post(&format!("/proposals/{p}/step"), &[("action", "start_validation")]).await.0, 303);
        let colleague = app.login("member2@test.example").await;
        let (status, page) = colleague.post(&format!("/proposals/{p}/vote"), &[("choice", "object"), ("reason", " ")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "reason", &Lang::Nl.t("vote-reason-required"));

        let manager = app.login("manager@test.example").await;
        let (status, page) = manager.post(&format!("/proposals/{}/decide", w.submitted), &[("decision", "decline"), ("reason", "")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "dreason", &Lang::Nl.t("decision-reason-required"));
        let state: String = sqlx::query_scalar("SELECT state FROM proposals WHERE id = $1").bind(w.submitted).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(state, "submitted", "not declined");
    }

    async fn a_week_with_a_time_that_is_no_time_comes_back(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let cycles = count(&app.db, "week_cycles").await;
        let path = format!("/circles/{}/cycles/new", w.circle);
        let (status, page) = member.post(&path, &[("week", "2027-03-01"), ("time", "25:00"), ("place", "Stilteruimte")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "time", &Lang::Nl.t("cycle-time-invalid"));
        assert!(page.contains(r#"value="2027-03-01""#) && page.contains(r#"value="Stilteruimte""#), "{page}");
        assert_eq!(count(&app.db, "week_cycles").await, cycles);
    }

    async fn an_administrator_s_new_person_and_unit_come_back(app) {
        common::world(&app.db).await;
        let admin = app.login("admin@test.example").await;
        let people = count(&app.db, "people").await;
        let fields = [("name", "Eva de Wit"), ("email", "geen-adres"), ("job_title", "Verzorgende IG"), ("password", "geheim-en-lang-genoeg"), ("is_adviser", "1")];
        let (status, page) = admin.post("/admin/people", &fields).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "np-email", &Lang::Nl.t("email-invalid"));
        assert!(page.contains(r#"value="Eva de Wit""#) && page.contains(r#"value="Verzorgende IG""#), "{page}");
        assert!(!page.contains("geheim-en-lang-genoeg"), "a password is never sent back");
        assert!(page.contains(r#"name="is_adviser" value="1" checked"#));
        assert_eq!(count(&app.db, "people").await, people);

        let units = count(&app.db, "units").await;
        let (status, page) = admin.post("/admin/units", &[("name", "Locatie Beukenrode"), ("manager_email", "niemand@test.example")]).await;
        assert_eq!(status, 422);
        assert_refused_in_field(&page, "nu-manager", &Lang::Nl.t("unit-manager-unknown"));
        assert!(page.contains(r#"value="Locatie Beukenrode""#));
        assert_eq!(count(&app.db, "units").await, units);
    }

    async fn the_history_says_what_happened_in_words(app) {
        let w = common::world(&app.db).await;
        let member = app.login("member@test.example").await;
        let (status, page) = member.get(&format!("/proposals/{}", w.submitted)).await;
        assert_eq!(status, 200);
        let history = &page[page.find(r#"id="history-title""#).unwrap()..];
        let history = &history[..history.find("</ol>").unwrap()];
        assert!(!history.contains('→'), "no state arrows: {history}");
        assert!(history.contains("maakte het voorstel aan"), "{history}");
        assert!(history.contains("diende het voorstel in"), "{history}");
        assert!(!history.contains("Unknown localization key"), "{history}");
    }
}
