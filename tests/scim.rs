//! SCIM 2.0 provisioning through HTTP, as an identity system uses it: people and units created,
//! changed, filtered, paged and deleted, on both databases; and, when it is installed, the
//! scim2-tester compliance checker against a real server.

mod common;

use common::TestApp;
use hartslag::audit::By;
use hartslag::orgs::{self, NewPerson};
use hartslag::scim::store as scim;
use serde_json::{Value, json};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// An identity system with a token of one organisation.
struct Idp {
    client: reqwest::Client,
    base: String,
    token: String,
}

struct Answer {
    status: u16,
    etag: Option<String>,
    location: Option<String>,
    content_type: Option<String>,
    body: Value,
}

impl Idp {
    fn new(app: &TestApp, token: &str) -> Idp {
        Idp { client: reqwest::Client::new(), base: app.url("/scim/v2"), token: token.to_string() }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> Answer {
        let mut req = self.client.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.header("content-type", "application/scim+json").body(b.to_string());
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let r = req.send().await.unwrap();
        let h = |n: &str| r.headers().get(n).map(|v| v.to_str().unwrap().to_string());
        let (status, etag, location, content_type) = (r.status().as_u16(), h("etag"), h("location"), h("content-type"));
        let text = r.text().await.unwrap();
        let body =
            if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
        Answer { status, etag, location, content_type, body }
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(reqwest::Method::GET, path, None, &[]).await
    }
    async fn post(&self, path: &str, body: Value) -> Answer {
        self.send(reqwest::Method::POST, path, Some(&body), &[]).await
    }
    async fn put(&self, path: &str, body: Value) -> Answer {
        self.send(reqwest::Method::PUT, path, Some(&body), &[]).await
    }
    async fn patch(&self, path: &str, ops: Value) -> Answer {
        self.send(reqwest::Method::PATCH, path, Some(&json!({"schemas": [PATCH], "Operations": ops})), &[]).await
    }
    async fn delete(&self, path: &str) -> Answer {
        self.send(reqwest::Method::DELETE, path, None, &[]).await
    }

    async fn create_user(&self, email: &str, given: &str, family: &str, external_id: &str) -> String {
        let a = self
            .post(
                "/Users",
                json!({"schemas": [USER], "userName": email, "externalId": external_id,
                       "name": {"givenName": given, "familyName": family}, "active": true}),
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        a.body["id"].as_str().unwrap().to_string()
    }

    async fn ids(&self, query: &str) -> Vec<String> {
        let a = self.get(&format!("/Users?{query}")).await;
        assert_eq!(a.status, 200, "{query}: {}", a.body);
        a.body["Resources"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect()
    }
}

fn q(filter: &str) -> String {
    format!("filter={}", hartslag::web::urlencode(filter).replace('/', "%2F"))
}

async fn org_with_token(app: &TestApp, slug: &str) -> (i64, String) {
    let org = orgs::create_org(&app.db, "Zorggroep", slug).await.unwrap();
    let token = scim::create_token(&app.db, By::Server { org_id: org }, "Entra").await.unwrap();
    (org, token)
}

async fn person_row(app: &TestApp, id: &str) -> (String, String, bool, Option<i64>, Option<String>, i64, Option<i64>) {
    let id: i64 = id.parse().unwrap();
    sqlx::query_as::<_, (String, String, hartslag::db::Flag, Option<i64>, Option<String>, i64, Option<i64>)>(
        "SELECT email, name, active, deactivated_at, employee_number, version, unit_id FROM people WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .map(|r| (r.0, r.1, r.2.0, r.3, r.4, r.5, r.6))
    .unwrap()
}

fn assert_scim_error(a: &Answer, status: u16, scim_type: Option<&str>) {
    assert_eq!(a.status, status, "{}", a.body);
    assert_eq!(a.body["schemas"], json!([ERROR]), "{}", a.body);
    assert_eq!(a.body["status"], json!(status.to_string()));
    assert_eq!(a.body["scimType"].as_str(), scim_type, "{}", a.body);
    assert!(a.body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    assert_eq!(a.content_type.as_deref(), Some("application/scim+json"));
}

backends! {
    async fn an_identity_system_creates_reads_lists_filters_and_pages_people(app) {
        let (_, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let a = idp
            .post("/Users", json!({"schemas": [USER, ENTERPRISE], "userName": "Anna.de.Vries@Zorg.example",
                "name": {"givenName": "Anna", "familyName": "de Vries"}, "title": "Verpleegkundige",
                "externalId": "e-anna", ENTERPRISE: {"employeeNumber": "1001"}}))
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
        let anna = a.body["id"].as_str().unwrap().to_string();
        assert_eq!(a.location.as_deref(), Some(format!("{}/Users/{anna}", idp.base).as_str()));
        assert_eq!(a.etag.as_deref(), Some("W/\"1\""));
        assert_eq!(a.content_type.as_deref(), Some("application/scim+json"));
        assert_eq!(a.body["userName"], "anna.de.vries@zorg.example");
        assert_eq!(a.body["emails"], json!([{"value": "anna.de.vries@zorg.example", "type": "work", "primary": true}]));
        assert_eq!(a.body["meta"]["version"], "W/\"1\"");
        assert_eq!(a.body[ENTERPRISE]["employeeNumber"], "1001");
        assert_eq!(person_row(&app, &anna).await.1, "Anna de Vries", "the shown name comes from the name parts");

        let got = idp.get(&format!("/Users/{anna}")).await;
        assert_eq!(got.status, 200);
        assert_eq!(got.body["name"], json!({"givenName": "Anna", "familyName": "de Vries"}));
        assert_eq!(got.body["title"], "Verpleegkundige");
        assert_eq!(got.body["active"], true);

        let bram = idp.create_user("bram@zorg.example", "Bram", "Bakker", "e-bram").await;
        let cor = idp.create_user("cor@zorg.example", "Cor", "de Vries", "e-cor").await;
        assert_eq!(idp.ids("").await, vec![anna.clone(), bram.clone(), cor.clone()]);
        assert_eq!(idp.ids(&q(r#"userName eq "ANNA.de.vries@zorg.example""#)).await, vec![anna.clone()]);
        assert_eq!(idp.ids(&q(r#"externalId eq "e-bram""#)).await, vec![bram.clone()]);
        assert!(idp.ids(&q(r#"externalId eq "E-BRAM""#)).await.is_empty(), "externalId is case-exact");
        assert_eq!(idp.ids(&q(r#"name.familyName eq "DE VRIES""#)).await, vec![anna.clone(), cor.clone()]);
        assert_eq!(idp.ids(&q(r#"emails[type eq "work" and value sw "cor@"]"#)).await, vec![cor.clone()]);
        assert_eq!(idp.ids(&q(r#"emails.value ew "@zorg.example" and not (name.givenName eq "Anna")"#)).await, vec![bram.clone(), cor.clone()]);
        assert_eq!(idp.ids(&q(r#"employeeNumber eq "1001" or userName co "bram""#)).await, vec![anna.clone(), bram.clone()]);
        assert_eq!(idp.ids(&q(&format!("{ENTERPRISE}:employeeNumber pr"))).await, vec![anna.clone()]);
        assert_eq!(idp.ids(&q("active eq true and title pr")).await, vec![anna.clone()]);
        assert_eq!(idp.ids(&q(r#"displayName eq "x" or meta.lastModified gt "2000-01-01T00:00:00Z""#)).await.len(), 3);
        assert!(idp.ids(&q(r#"meta.lastModified gt "2999-01-01T00:00:00Z""#)).await.is_empty());

        let page = idp.get("/Users?startIndex=2&count=1").await;
        assert_eq!(page.body["totalResults"], 3);
        assert_eq!(page.body["startIndex"], 2);
        assert_eq!(page.body["itemsPerPage"], 1);
        assert_eq!(page.body["Resources"][0]["id"], json!(bram));
        let counted = idp.get("/Users?count=0").await;
        assert_eq!((counted.body["totalResults"].clone(), counted.body["Resources"].clone()), (json!(3), json!([])));
        let beyond = idp.get("/Users?startIndex=10").await;
        assert_eq!(beyond.body["Resources"], json!([]));
        let big = idp.get("/Users?count=100000").await;
        assert_eq!(big.status, 200);
        let search = idp.post("/Users/.search", json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": "userName sw \"cor\"", "attributes": ["userName"]})).await;
        assert_eq!(search.body["Resources"], json!([{"schemas": [USER], "id": cor, "userName": "cor@zorg.example"}]));
    }

    async fn put_and_patch_change_exactly_what_the_identity_system_says(app) {
        let (_, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let id = idp.create_user("anna@zorg.example", "Anna", "Lid", "e-1").await;
        let a = idp
            .put(&format!("/Users/{id}"), json!({"schemas": [USER], "userName": "anna.lid@zorg.example",
                "name": {"formatted": "Anna Lid-Jansen"}, "displayName": "Anna", "title": "Teamleider", "externalId": "e-1"}))
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.etag.as_deref(), Some("W/\"2\""));
        assert_eq!(a.body["name"], json!({"formatted": "Anna Lid-Jansen"}), "PUT replaces: the parts are gone");
        assert_eq!(person_row(&app, &id).await.1, "Anna Lid-Jansen");
        assert_eq!(a.body["active"], true, "PUT without active keeps the person as they are");

        // With paths: a sub-attribute, the title, the enterprise number, the work address.
        let a = idp
            .patch(&format!("/Users/{id}"), json!([
                {"op": "replace", "path": "name.givenName", "value": "Annie"},
                {"op": "remove", "path": "name.formatted"},
                {"op": "add", "path": "name.familyName", "value": "Jansen"},
                {"op": "replace", "path": "title", "value": "Zorgcoördinator"},
                {"op": "add", "path": format!("{ENTERPRISE}:employeeNumber"), "value": "2002"},
                {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "annie@elders.example"}
            ]))
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["name"], json!({"givenName": "Annie", "familyName": "Jansen"}));
        assert_eq!(a.body["title"], "Zorgcoördinator");
        assert_eq!(a.body[ENTERPRISE]["employeeNumber"], "2002");
        let row = person_row(&app, &id).await;
        assert_eq!((row.0.as_str(), row.1.as_str(), row.4.as_deref()), ("anna.lid@zorg.example", "Annie Jansen", Some("2002")));
        assert_eq!(a.body["emails"][0]["value"], "anna.lid@zorg.example", "the address is userName; emails is read-only");

        // Without a path, as Microsoft Entra ID sends it: deactivation ends the sessions.
        let session = hartslag::auth::create_session(&app.db, id.parse().unwrap()).await.unwrap();
        assert!(!session.is_empty());
        let a = idp
            .patch(&format!("/Users/{id}"), json!([{"op": "Replace", "value": {"active": "False",
                format!("{ENTERPRISE}:employeeNumber"): "3003", "name.givenName": "Anne"}}]))
            .await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["active"], false);
        let row = person_row(&app, &id).await;
        assert!(!row.2 && row.3.is_some(), "inactive with a deactivation time");
        assert_eq!(row.4.as_deref(), Some("3003"));
        assert_eq!(common::count(&app.db, "login_sessions").await, 0, "the person's sessions ended");
        let version = row.5;

        // Back to active; then removing the extension clears the number.
        let a = idp.patch(&format!("/Users/{id}"), json!([{"op": "replace", "path": "active", "value": true},
            {"op": "remove", "path": ENTERPRISE}])).await;
        assert_eq!(a.status, 200, "{}", a.body);
        let row = person_row(&app, &id).await;
        assert!(row.2 && row.3.is_none() && row.4.is_none());
        assert_eq!(row.5, version + 1, "one PATCH, one new version");
        assert!(a.body.get(ENTERPRISE).is_none());

        // A PATCH that changes nothing keeps the version.
        let a = idp.patch(&format!("/Users/{id}"), json!([{"op": "replace", "path": "title", "value": "Zorgcoördinator"}])).await;
        assert_eq!(a.etag, Some(format!("W/\"{}\"", version + 1)));
    }

    async fn etags_guard_against_overwriting_a_newer_version(app) {
        let (_, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let id = idp.create_user("anna@zorg.example", "Anna", "Lid", "e-1").await;
        let path = format!("/Users/{id}");
        let body = json!({"schemas": [USER], "userName": "anna@zorg.example", "title": "Nieuw"});
        let stale = idp.send(reqwest::Method::PUT, &path, Some(&body), &[("if-match", "W/\"7\"")]).await;
        assert_scim_error(&stale, 412, None);
        let ops = json!({"schemas": [PATCH], "Operations": [{"op": "replace", "path": "title", "value": "x"}]});
        assert_eq!(idp.send(reqwest::Method::PATCH, &path, Some(&ops), &[("if-match", "W/\"9\"")]).await.status, 412);
        assert_eq!(idp.send(reqwest::Method::DELETE, &path, None, &[("if-match", "W/\"9\"")]).await.status, 412);
        let row = person_row(&app, &id).await;
        assert_eq!((row.5, row.2), (1, true), "nothing changed");
        let ok = idp.send(reqwest::Method::PUT, &path, Some(&body), &[("if-match", "W/\"1\"")]).await;
        assert_eq!((ok.status, ok.etag.as_deref()), (200, Some("W/\"2\"")));
        assert_eq!(idp.send(reqwest::Method::GET, &path, None, &[("if-none-match", "W/\"2\"")]).await.status, 304);

        // An administrator's edit changes the ETag too.
        let p = orgs::person(&app.db, row_org(&app, &id).await, id.parse().unwrap()).await.unwrap().unwrap();
        let edit = NewPerson { name: "Anna Beheer".into(), job_title: p.job_title.clone(), ..Default::default() };
        orgs::update_person(&app.db, &common::actor(&app.db, p.id).await, p.id, &edit, true).await.unwrap();
        let a = idp.get(&path).await;
        assert_eq!(a.etag.as_deref(), Some("W/\"3\""));
        assert_eq!(a.body["displayName"], "Anna Beheer", "the administrator's name shows until the identity system names them again");
        assert!(a.body.get("name").is_none());
    }

    async fn a_taken_address_or_identifier_is_a_uniqueness_conflict(app) {
        let (org, token) = org_with_token(&app, "zorg").await;
        let other = orgs::create_org(&app.db, "Ander", "ander").await.unwrap();
        common::person(&app.db, other, None, "Elders", "elders@ander.example").await;
        let idp = Idp::new(&app, &token);
        idp.create_user("anna@zorg.example", "Anna", "Lid", "e-1").await;
        let bram = idp.create_user("bram@zorg.example", "Bram", "Lid", "e-2").await;
        let people = common::count(&app.db, "people").await;
        for body in [
            json!({"userName": "ANNA@zorg.example"}),
            json!({"userName": "elders@ander.example"}),
            json!({"userName": "nieuw@zorg.example", "externalId": "e-1"}),
        ] {
            let a = idp.post("/Users", body.clone()).await;
            assert_scim_error(&a, 409, Some("uniqueness"));
            assert!(!a.body["detail"].as_str().unwrap().contains("ander"), "the other organisation is not named");
        }
        let a = idp.patch(&format!("/Users/{bram}"), json!([{"op": "replace", "path": "userName", "value": "anna@zorg.example"}])).await;
        assert_scim_error(&a, 409, Some("uniqueness"));
        assert_eq!(common::count(&app.db, "people").await, people);
        assert_eq!(person_row(&app, &bram).await.0, "bram@zorg.example");
        assert_eq!(orgs::person_by_email(&app.db, org, "anna@zorg.example").await.unwrap().unwrap().name, "Anna Lid");
    }

    async fn bad_input_is_refused_and_changes_nothing(app) {
        let (_, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let id = idp.create_user("anna@zorg.example", "Anna", "Lid", "e-1").await;
        let people = common::count(&app.db, "people").await;
        let raw = |method: reqwest::Method, path: &str, body: &'static str| {
            idp.client.request(method, format!("{}{path}", idp.base)).bearer_auth(&idp.token)
                .header("content-type", "application/scim+json").body(body).send()
        };
        for (method, path) in [(reqwest::Method::POST, "/Users".to_string()), (reqwest::Method::PATCH, format!("/Users/{id}")),
            (reqwest::Method::PUT, format!("/Users/{id}")), (reqwest::Method::POST, "/Groups".to_string())] {
            let r = raw(method.clone(), &path, "{\"userName\": ").await.unwrap();
            assert_eq!(r.status(), 400, "{method} {path}");
            let body: Value = r.json().await.unwrap();
            assert_eq!(body["scimType"], "invalidSyntax");
        }
        assert_scim_error(&idp.post("/Users", json!({"userName": "geen-adres"})).await, 400, Some("invalidValue"));
        assert_scim_error(&idp.post("/Users", json!({"name": {"givenName": "X"}})).await, 400, Some("invalidValue"));
        assert_scim_error(&idp.post("/Groups", json!({"members": []})).await, 400, Some("invalidValue"));
        // A patch whose second operation is wrong changes nothing of the first.
        let a = idp.patch(&format!("/Users/{id}"), json!([{"op": "replace", "path": "title", "value": "Nieuw"},
            {"op": "replace", "path": "active", "value": "misschien"}])).await;
        assert_scim_error(&a, 400, Some("invalidValue"));
        let a = idp.patch(&format!("/Users/{id}"), json!([{"op": "replace", "path": "title", "value": "Nieuw"},
            {"op": "replace", "path": "id", "value": "99"}])).await;
        assert_scim_error(&a, 400, Some("mutability"));
        let a = idp.patch(&format!("/Users/{id}"), json!([{"op": "replace", "path": "urn:onbekend:schema:title", "value": "x"}])).await;
        assert_scim_error(&a, 400, Some("invalidPath"));
        for bad in [r#"userName eq"#, r#"nickName eq "a""#, r#"userName eq "a" and (active eq true"#, r#"active gt true"#] {
            assert_scim_error(&idp.get(&format!("/Users?{}", q(bad))).await, 400, Some("invalidFilter"));
        }
        assert_scim_error(&idp.get(&format!("/Groups?{}", q(r#"title eq "x""#))).await, 400, Some("invalidFilter"));
        assert_scim_error(&idp.get("/Users?count=veel").await, 400, Some("invalidValue"));
        // Too large a body.
        let big = json!({"userName": "groot@zorg.example", "title": "x".repeat(300 * 1024)});
        assert_eq!(idp.post("/Users", big).await.status, 413);
        let row = person_row(&app, &id).await;
        assert_eq!(row.5, 1, "the person is unchanged");
        assert_eq!(common::count(&app.db, "people").await, people);
        assert_eq!(common::count(&app.db, "units").await, 0);
        assert_scim_error(&idp.get("/Users/999999").await, 404, None);
        assert_scim_error(&idp.get("/Gebruikers").await, 404, None);
        assert_scim_error(&idp.send(reqwest::Method::DELETE, "/Users", None, &[]).await, 405, None);
    }

    async fn a_token_sees_its_own_organisation_only(app) {
        let (_, token_a) = org_with_token(&app, "zorg").await;
        let (_, token_b) = org_with_token(&app, "ander").await;
        let a = Idp::new(&app, &token_a);
        let b = Idp::new(&app, &token_b);
        let anna = a.create_user("anna@zorg.example", "Anna", "Lid", "e-1").await;
        let team = a.post("/Groups", json!({"displayName": "Team A", "members": [{"value": anna}]})).await;
        let team = team.body["id"].as_str().unwrap().to_string();
        assert!(b.ids("").await.is_empty());
        assert!(b.ids(&q(r#"userName eq "anna@zorg.example""#)).await.is_empty());
        assert_eq!(b.get("/Groups").await.body["totalResults"], 0);
        for path in [format!("/Users/{anna}"), format!("/Groups/{team}")] {
            assert_scim_error(&b.get(&path).await, 404, None);
            assert_scim_error(&b.patch(&path, json!([{"op": "replace", "path": "displayName", "value": "x"}])).await, 404, None);
            assert_scim_error(&b.delete(&path).await, 404, None);
        }
        // Nor can it put another organisation's person in its unit.
        let team_b = b.post("/Groups", json!({"displayName": "Team B"})).await.body["id"].as_str().unwrap().to_string();
        let a2 = b.patch(&format!("/Groups/{team_b}"), json!([{"op": "add", "path": "members", "value": [{"value": anna}]}])).await;
        assert_scim_error(&a2, 400, Some("invalidValue"));
        assert_eq!(person_row(&app, &anna).await.6, Some(team.parse().unwrap()));
        assert_eq!(person_row(&app, &anna).await.5, 2, "anna changed only by joining her own unit");
    }

    async fn without_a_valid_token_nothing_is_answered(app) {
        let (org, token) = org_with_token(&app, "zorg").await;
        let admin = NewPerson { name: "Bea".into(), email: "bea@zorg.example".into(), password: Some(common::PASSWORD.into()), is_admin: true, ..Default::default() };
        orgs::create_person(&app.db, org, &admin).await.unwrap();
        let good = Idp::new(&app, &token);
        assert_eq!(good.get("/ServiceProviderConfig").await.status, 200);
        for t in ["", "scim_0000", "Bearer"] {
            assert_scim_error(&Idp::new(&app, t).get("/Users").await, 401, None);
        }
        // A browser session and a personal API token are not SCIM tokens.
        let bea = app.login("bea@zorg.example").await;
        assert_eq!(bea.get("/scim/v2/Users").await.0, 401);
        let api = hartslag::auth::create_api_token(&app.db, 1, "x").await.unwrap();
        assert_eq!(Idp::new(&app, &api).get("/Users").await.status, 401);
        let id = scim::tokens(&app.db, org).await.unwrap()[0].id;
        assert!(scim::tokens(&app.db, org).await.unwrap()[0].last_used_at.is_some(), "use is recorded");
        scim::revoke_token(&app.db, By::Server { org_id: org }, id).await.unwrap();
        let a = good.get("/Users").await;
        assert_scim_error(&a, 401, None);
        assert_eq!(good.post("/Users", json!({"userName": "x@zorg.example"})).await.status, 401);
        assert_eq!(common::count(&app.db, "people").await, 1);
    }

    async fn groups_are_units_and_membership_moves_people(app) {
        let (org, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let anna = idp.create_user("anna@zorg.example", "Anna", "Lid", "e-1").await;
        let bram = idp.create_user("bram@zorg.example", "Bram", "Lid", "e-2").await;
        let a = idp.post("/Groups", json!({"schemas": [GROUP], "displayName": "Lindehof 2", "externalId": "g-1",
            "members": [{"value": anna}, {"value": bram, "type": "User"}]})).await;
        assert_eq!(a.status, 201, "{}", a.body);
        let lindehof = a.body["id"].as_str().unwrap().to_string();
        assert_eq!(a.body["members"].as_array().unwrap().len(), 2);
        let unit: i64 = lindehof.parse().unwrap();
        assert_eq!(orgs::unit(&app.db, org, unit).await.unwrap().unwrap().name, "Lindehof 2");
        assert_eq!(person_row(&app, &anna).await.6, Some(unit));
        let user = idp.get(&format!("/Users/{anna}")).await;
        assert_eq!(user.body["groups"][0]["value"], json!(lindehof));
        assert_eq!(user.body["groups"][0]["display"], "Lindehof 2");

        // Adding Anna to another group moves her there.
        let a = idp.post("/Groups", json!({"displayName": "Nachtdienst", "members": [{"value": anna}]})).await;
        let nacht = a.body["id"].as_str().unwrap().to_string();
        assert_eq!(person_row(&app, &anna).await.6, Some(nacht.parse().unwrap()));
        let l = idp.get(&format!("/Groups/{lindehof}")).await;
        assert_eq!(l.body["members"], json!([{"value": bram, "$ref": format!("{}/Users/{bram}", idp.base), "type": "User"}]));
        assert_eq!(l.etag.as_deref(), Some("W/\"2\""), "the unit she left has a new version");
        // Removing her from the unit she is no longer in leaves her where she is.
        let a = idp.patch(&format!("/Groups/{lindehof}"), json!([{"op": "remove", "path": format!("members[value eq \"{anna}\"]")}])).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(person_row(&app, &anna).await.6, Some(nacht.parse().unwrap()));
        // Removing Bram leaves him without a unit; renaming; excluding members.
        let a = idp.patch(&format!("/Groups/{lindehof}"), json!([
            {"op": "remove", "path": "members", "value": [{"value": bram}]},
            {"op": "replace", "path": "displayName", "value": "Lindehof 3"}])).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(person_row(&app, &bram).await.6, None);
        assert!(a.body.get("members").is_none());
        let list = idp.get(&format!("/Groups?excludedAttributes=members&{}", q(r#"displayName eq "lindehof 3""#))).await;
        assert_eq!(list.body["totalResults"], 1);
        assert!(list.body["Resources"][0].get("members").is_none());
        assert_eq!(list.body["Resources"][0]["externalId"], "g-1");
        let one = idp.get(&format!("/Groups/{nacht}?excludedAttributes=members")).await;
        assert!(one.body.get("members").is_none() && one.body["displayName"] == "Nachtdienst");
        // PUT replaces the members.
        let a = idp.put(&format!("/Groups/{nacht}"), json!({"displayName": "Nachtdienst", "members": [{"value": bram}]})).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!((person_row(&app, &anna).await.6, person_row(&app, &bram).await.6), (None, Some(nacht.parse().unwrap())));
        // add and replace of members in PATCH.
        let a = idp.patch(&format!("/Groups/{lindehof}"), json!([{"op": "add", "path": "members", "value": [{"value": anna}]}])).await;
        assert_eq!(a.body["members"].as_array().unwrap().len(), 1);
        let a = idp.patch(&format!("/Groups/{lindehof}"), json!([{"op": "replace", "path": "members", "value": [{"value": bram}]}])).await;
        assert_eq!(a.body["members"], json!([{"value": bram, "$ref": format!("{}/Users/{bram}", idp.base), "type": "User"}]));
        assert_eq!((person_row(&app, &anna).await.6, person_row(&app, &bram).await.6), (None, Some(unit)));
    }

    async fn deleting_a_person_deactivates_them_and_deleting_a_unit_needs_it_empty(app) {
        let (org, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let anna = idp.create_user("anna@zorg.example", "Anna", "Lid", "e-1").await;
        let team = idp.post("/Groups", json!({"displayName": "Team", "members": [{"value": anna}]})).await;
        let team = team.body["id"].as_str().unwrap().to_string();
        hartslag::auth::create_session(&app.db, anna.parse().unwrap()).await.unwrap();

        let a = idp.delete(&format!("/Groups/{team}")).await;
        assert_scim_error(&a, 409, None);
        assert!(a.body["detail"].as_str().unwrap().contains("1 active"));

        assert_eq!(idp.delete(&format!("/Users/{anna}")).await.status, 204);
        assert_scim_error(&idp.get(&format!("/Users/{anna}")).await, 404, None);
        assert!(idp.ids("").await.is_empty());
        assert!(idp.ids(&q(r#"userName eq "anna@zorg.example""#)).await.is_empty());
        let row = person_row(&app, &anna).await;
        assert!(!row.2 && row.3.is_some(), "kept, inactive, with a deactivation time");
        assert_eq!(common::count(&app.db, "login_sessions").await, 0);
        assert_eq!(idp.get(&format!("/Groups/{team}")).await.body.get("members"), None);
        assert_scim_error(&idp.delete(&format!("/Users/{anna}")).await, 404, None);

        // The same address provisioned again brings the same person back.
        let a = idp.post("/Users", json!({"userName": "anna@zorg.example", "externalId": "e-1", "displayName": "Anna"})).await;
        assert_eq!(a.status, 201, "{}", a.body);
        assert_eq!(a.body["id"], json!(anna));
        assert!(person_row(&app, &anna).await.2);

        // An empty unit goes; one with a unit below it stays.
        let empty = idp.post("/Groups", json!({"displayName": "Leeg"})).await.body["id"].as_str().unwrap().to_string();
        let parent = idp.post("/Groups", json!({"displayName": "Boven"})).await.body["id"].as_str().unwrap().to_string();
        orgs::create_unit(&app.db, org, "Onder", Some(parent.parse().unwrap()), None).await.unwrap();
        assert_scim_error(&idp.delete(&format!("/Groups/{parent}")).await, 409, None);
        assert_eq!(idp.delete(&format!("/Groups/{empty}")).await.status, 204);
        assert_scim_error(&idp.get(&format!("/Groups/{empty}")).await, 404, None);
        assert!(orgs::unit(&app.db, org, empty.parse().unwrap()).await.unwrap().is_none());
    }

    async fn an_erased_person_keeps_nothing_the_identity_system_sent_and_is_gone_from_scim(app) {
        let (org, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let a = idp.post("/Users", json!({"userName": "anna@zorg.example", "externalId": "e-anna",
            "name": {"givenName": "Anna", "familyName": "Lid", "formatted": "Anna Lid"}, "displayName": "Anna",
            ENTERPRISE: {"employeeNumber": "1001"}})).await;
        let id: i64 = a.body["id"].as_str().unwrap().parse().unwrap();
        let export = hartslag::rights::store::export(&app.db, id).await.unwrap();
        assert_eq!(export["profile"]["provisioned_family_name"], "Lid", "the export holds what SCIM stored");
        assert_eq!(export["profile"]["employee_number"], "1001");
        let admin = common::person(&app.db, org, None, "Bea Beheer", "beheer@zorg.example").await;
        hartslag::rights::store::erase(&app.db, By::Person(&common::actor(&app.db, admin).await), id, "Oud-lid").await.unwrap();
        let cleared: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM people WHERE id = $1 AND external_id IS NULL AND employee_number IS NULL \
             AND scim_formatted_name IS NULL AND scim_given_name IS NULL AND scim_family_name IS NULL \
             AND scim_display_name IS NULL",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(cleared, 1, "nothing the identity system sent is left");
        assert_scim_error(&idp.get(&format!("/Users/{id}")).await, 404, None);
        // The identity system can provision the address anew: a new person, nothing carried over.
        let again = idp.post("/Users", json!({"userName": "anna@zorg.example", "externalId": "e-anna"})).await;
        assert_eq!(again.status, 201, "{}", again.body);
        assert_ne!(again.body["id"], json!(id.to_string()));
    }

    async fn discovery_documents_describe_what_is_supported(app) {
        let (_, token) = org_with_token(&app, "zorg").await;
        let idp = Idp::new(&app, &token);
        let spc = idp.get("/ServiceProviderConfig").await.body;
        assert_eq!((spc["patch"]["supported"].clone(), spc["bulk"]["supported"].clone()), (json!(true), json!(false)));
        assert_eq!((spc["filter"]["maxResults"].clone(), spc["etag"]["supported"].clone()), (json!(200), json!(true)));
        assert_eq!((spc["sort"]["supported"].clone(), spc["changePassword"]["supported"].clone()), (json!(false), json!(false)));
        let types = idp.get("/ResourceTypes").await.body;
        assert_eq!(types["totalResults"], 2);
        assert_eq!(idp.get("/ResourceTypes/Group").await.body["endpoint"], "/Groups");
        let schemas = idp.get("/Schemas").await.body;
        assert_eq!(schemas["totalResults"], 3);
        let user = idp.get(&format!("/Schemas/{USER}")).await.body;
        let names: Vec<&str> = user["attributes"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["userName", "name", "displayName", "title", "active", "emails", "groups"]);
        assert_scim_error(&idp.get("/Schemas/urn:nope").await, 404, None);
    }

    async fn the_admin_page_makes_shows_once_and_revokes_tokens(app) {
        let org = orgs::create_org(&app.db, "Zorggroep", "zorg").await.unwrap();
        let admin = NewPerson { name: "Bea".into(), email: "bea@zorg.example".into(), password: Some(common::PASSWORD.into()), is_admin: true, ..Default::default() };
        orgs::create_person(&app.db, org, &admin).await.unwrap();
        common::person(&app.db, org, None, "Anna", "anna@zorg.example").await;
        let bea = app.login("bea@zorg.example").await;
        let (status, page) = bea.get("/admin").await;
        assert_eq!(status, 200);
        assert!(page.contains("href=\"/admin/scim\""), "linked from the administrator's page");
        let (status, page) = bea.get("/admin/scim").await;
        assert_eq!(status, 200);
        assert!(page.contains("/scim/v2"), "the page names the service's address");
        let (status, bad) = bea.post("/admin/scim", &[("name", "  ")]).await;
        assert_eq!(status, 422, "{bad}");
        let (status, page) = bea.post("/admin/scim", &[("name", "Entra ID")]).await;
        assert_eq!(status, 200);
        let start = page.find("id=\"scim-new-token\">").unwrap() + "id=\"scim-new-token\">".len();
        let token = page[start..start + page[start..].find('<').unwrap()].to_string();
        assert!(token.starts_with("scim_"));
        assert!(!bea.get("/admin/scim").await.1.contains(&token), "shown once");
        let stored: String = sqlx::query_scalar("SELECT token_hash FROM scim_tokens").fetch_one(&app.db.pool).await.unwrap();
        assert_ne!(stored, token, "only the hash is stored");
        let idp = Idp::new(&app, &token);
        assert_eq!(idp.get("/Users").await.body["totalResults"], 2);
        let id = scim::tokens(&app.db, org).await.unwrap()[0].id;
        let anna = app.login("anna@zorg.example").await;
        assert_eq!(anna.get("/admin/scim").await.0, 404);
        assert_eq!(anna.post(&format!("/admin/scim/{id}/revoke"), &[]).await.0, 404);
        assert_eq!(idp.get("/Users").await.status, 200);
        let (status, to) = bea.post(&format!("/admin/scim/{id}/revoke"), &[]).await;
        assert_eq!((status, to.as_str()), (303, "/admin/scim"));
        assert_eq!(idp.get("/Users").await.status, 401);
        assert!(bea.get("/admin/scim").await.1.contains("ingetrokken"));
    }
}

async fn row_org(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT org_id FROM people WHERE id = $1")
        .bind(id.parse::<i64>().unwrap())
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// `userName eq` and `externalId eq` are answered from an index, not by reading every person.
#[tokio::test]
async fn lookups_by_user_name_and_external_id_use_an_index() {
    let app = TestApp::start(common::Backend::Sqlite).await.unwrap();
    let org = orgs::create_org(&app.db, "Zorggroep", "zorg").await.unwrap();
    for (filter, index) in [
        (r#"userName eq "anna@zorg.example""#, "email"),
        (r#"externalId eq "e-1""#, "people_external_id"),
        (r#"emails[type eq "work" and value eq "anna@zorg.example"]"#, "email"),
    ] {
        let plan = scim::user_query_plan(&app.db, org, filter).await.unwrap();
        assert!(plan.contains("USING INDEX") || plan.contains("USING COVERING INDEX"), "{filter}: {plan}");
        assert!(plan.contains(index), "{filter}: {plan}");
        assert!(!plan.contains("SCAN p"), "{filter} scans the people: {plan}");
    }
}

/// The scim2-tester compliance checker (Yaal Coop, PyPI) against a real server. Set
/// `HARTSLAG_TEST_SCIM_PYTHON` to the python of `scripts/setup-scim-tester`; without it the test
/// says so and passes, unless `HARTSLAG_REQUIRE_SCIM=1`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scim2_tester_compliance_checker_finds_no_failure() {
    let Ok(python) = std::env::var("HARTSLAG_TEST_SCIM_PYTHON") else {
        assert!(
            std::env::var("HARTSLAG_REQUIRE_SCIM").as_deref() != Ok("1"),
            "HARTSLAG_REQUIRE_SCIM=1 but HARTSLAG_TEST_SCIM_PYTHON is not set (scripts/setup-scim-tester)"
        );
        eprintln!("skipped: set HARTSLAG_TEST_SCIM_PYTHON (scripts/setup-scim-tester) to run scim2-tester");
        return;
    };
    let app = TestApp::start(common::Backend::Sqlite).await.unwrap();
    let (_, token) = org_with_token(&app, "zorg").await;
    let url = app.url("/scim/v2/");
    // The checker blocks; the server keeps the runtime's threads.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python)
            .arg("scripts/scim2-check.py")
            .arg(url)
            .env("SCIM_TOKEN", token)
            .output()
            .expect("running scripts/scim2-check.py")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("{stdout}\n{stderr}");
    let summary = stdout.lines().rev().find(|l| l.starts_with("SUMMARY ")).expect("a SUMMARY line from the checker");
    let counts: std::collections::HashMap<&str, usize> = summary
        .trim_start_matches("SUMMARY ")
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k, v.parse().unwrap()))
        .collect();
    assert!(counts["total"] > 50, "the checker ran only {} checks", counts["total"]);
    assert_eq!(counts["ERROR"] + counts["CRITICAL"], 0, "scim2-tester failures:\n{stdout}");
    assert!(out.status.success(), "the checker exited with {}", out.status);
}
