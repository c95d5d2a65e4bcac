//! The policy matrix: every route, HTML and API, visited as every role and relationship —
//! member, colleague (same organisation, not a member), the member's manager (the decider),
//! L&D adviser, administrator, a guest of one session, someone of another organisation, and
//! nobody. A caller who may not see a circle's things gets 404, never 403 — a guest never gets
//! 403 anywhere. A guest's session that ended more than two hours ago is gone for them; an open
//! circle of the member shows its size, never its members, to a colleague and to the member's
//! manager alike. Every route in the source must appear here (checked by reading the routers),
//! and denied writes change nothing.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::{TestApp, User, World};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Who {
    Anonymous,
    Member,
    Colleague,
    Manager,
    Adviser,
    Admin,
    Guest,
    Stranger,
}

const EVERYONE: [Who; 8] =
    [Who::Anonymous, Who::Member, Who::Colleague, Who::Manager, Who::Adviser, Who::Admin, Who::Guest, Who::Stranger];

struct Rule {
    method: &'static str,
    template: &'static str,
    path: String,
    /// Expected status per role; roles not listed expect `otherwise`.
    expect: Vec<(Who, u16)>,
    otherwise: u16,
    /// Writes are only sent for roles that are denied (the flow tests cover the allowed ones).
    write: bool,
}

fn rule(method: &'static str, template: &'static str, path: String, expect: &[(Who, u16)], otherwise: u16) -> Rule {
    Rule { method, template, path, expect: expect.to_vec(), otherwise, write: method != "get" }
}

fn ok(who: &[Who]) -> Vec<(Who, u16)> {
    who.iter().map(|w| (*w, 200)).collect()
}

/// An API rule: these roles as given, nobody signed in 401.
fn api(who: &[(Who, u16)]) -> Vec<(Who, u16)> {
    [who.to_vec(), vec![(Who::Anonymous, 401)]].concat()
}

/// Resources beyond the shared world: a session of the same circle four weeks ago that the guest
/// was invited to, and an open circle the member started (their manager leads their unit).
struct Extra {
    past_session: i64,
    open_circle: i64,
    solution: i64,
}

async fn extra(db: &hartslag::db::Db, w: &World) -> Extra {
    let m = common::actor(db, w.member).await;
    let settings = hartslag::orgs::settings(db, w.org).await.unwrap();
    let week = (chrono::Local::now().date_naive() - chrono::Duration::days(28)).to_string();
    let plan = hartslag::cycles::store::Plan { week: &week, time: "14:00", place: "" };
    let cycle = hartslag::cycles::store::plan(db, &m, w.circle, &settings, &plan).await.unwrap();
    let past_session = hartslag::cycles::store::sessions(db, cycle).await.unwrap()[0].id;
    sqlx::query("INSERT INTO session_guests (session_id, person_id, created_at) VALUES ($1, $2, 0)")
        .bind(past_session)
        .bind(w.guest)
        .execute(&db.pool)
        .await
        .unwrap();
    hartslag::cycles::store::save_note(db, &m, past_session, 1, "Na de gastsessie geschreven", 0).await.unwrap();
    let open_circle =
        hartslag::circles::store::create(db, &m, "Open overdracht", "Samen leren overdragen", true).await.unwrap();
    let adviser = common::actor(db, w.adviser).await;
    let new = hartslag::impact::store::NewSolution {
        name: "Prof-cirkels".into(),
        kind: "circles".into(),
        size: "medium".into(),
        weight: "medium".into(),
        risk: "low".into(),
        ..Default::default()
    };
    let solution = hartslag::impact::store::create(db, &adviser, &new).await.unwrap();
    Extra { past_session, open_circle, solution }
}

fn rules(w: &World, scim_token: i64, x: &Extra) -> Vec<Rule> {
    use Who::*;
    let logged_in = [Member, Colleague, Manager, Adviser, Admin, Guest, Stranger];
    let professionals = [Member, Colleague, Manager, Adviser, Admin, Stranger];
    let c = w.circle;
    vec![
        rule("get", "/", "/".into(), &ok(&logged_in), 303),
        rule("get", "/login", "/login".into(), &[(Anonymous, 200)], 303),
        rule("get", "/lang/{code}", "/lang/en".into(), &[], 303),
        rule("get", "/healthz", "/healthz".into(), &[], 200),
        rule("get", "/readyz", "/readyz".into(), &[], 200),
        rule("get", "/static/hartslag.css", "/static/hartslag.css".into(), &[], 200),
        rule("get", "/static/ai.js", "/static/ai.js".into(), &[], 200),
        rule("get", "/static/favicon.svg", "/static/favicon.svg".into(), &[], 200),
        rule("get", "/favicon.ico", "/favicon.ico".into(), &[], 200),
        rule("get", "/ai/requests/{id}/events", format!("/ai/requests/{}/events", w.ai_draft), &ok(&[Member]), 404),
        rule("get", "/ai/requests/{id}/events", format!("/ai/requests/{}/events", w.ai_path), &ok(&[Member]), 404),
        rule("get", "/ai/prompts", "/ai/prompts".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/ai/prompts/{kind}/{lang}", "/ai/prompts/draft-title/nl".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/admin/ai", "/admin/ai".into(), &ok(&[Admin, Stranger]), 404),
        rule("get", "/admin/sso", "/admin/sso".into(), &ok(&[Admin, Stranger]), 404),
        // Single sign-on: an organisation without a provider has no way in; a callback without
        // a login under way in this browser is refused, for everyone alike.
        rule("get", "/auth/sso/{org}", "/auth/sso/test".into(), &[(Anonymous, 404)], 404),
        rule("get", "/auth/sso/callback", "/auth/sso/callback?code=x&state=y".into(), &[(Anonymous, 403)], 403),
        rule("get", "/circles", "/circles".into(), &[ok(&professionals), vec![(Guest, 404)]].concat(), 303),
        rule("get", "/circles/new", "/circles/new".into(), &[ok(&professionals), vec![(Guest, 404)]].concat(), 303),
        rule("get", "/reflections", "/reflections".into(), &[ok(&professionals), vec![(Guest, 404)]].concat(), 303),
        rule("get", "/decisions", "/decisions".into(), &ok(&[Manager]), 404),
        rule("get", "/team", "/team".into(), &ok(&[Manager]), 404),
        rule("get", "/time", "/time".into(), &[ok(&professionals), vec![(Guest, 404)]].concat(), 303),
        rule("get", "/team/people/{id}", format!("/team/people/{}", w.member), &ok(&[Manager]), 404),
        rule("get", "/path", "/path".into(), &ok(&professionals), 404),
        rule("get", "/me/data", "/me/data".into(), &ok(&logged_in), 303),
        rule("get", "/conversations", "/conversations".into(), &[ok(&professionals), vec![(Guest, 404)]].concat(), 303),
        rule("get", "/conversations/{id}", format!("/conversations/{}", w.conversation), &ok(&[Member, Manager]), 404),
        rule("get", "/managers/{id}", format!("/managers/{}", w.manager), &ok(&[Member, Colleague, Manager]), 404),
        rule("get", "/managers/{id}", format!("/managers/{}", w.member), &[], 404),
        rule("get", "/me/data.json", "/me/data.json".into(), &ok(&logged_in), 303),
        rule("get", "/team/people/{id}", format!("/team/people/{}", w.stranger), &[], 404),
        rule("get", "/framework", "/framework".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/framework/edit", "/framework/edit".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/settings", "/settings".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/overview/circles", "/overview/circles".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/admin", "/admin".into(), &ok(&[Admin, Stranger]), 404),
        rule("get", "/scans", "/scans".into(), &ok(&logged_in), 303),
        rule("get", "/scans/new", "/scans/new".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/scans/instruments/{id}", "/scans/instruments/leercultuurscan".into(), &ok(&professionals), 404),
        // The member has sent their answers already (409); the guest is not asked.
        rule(
            "get",
            "/scans/{id}",
            format!("/scans/{}", w.scan),
            &[(Member, 409), (Colleague, 200), (Manager, 200), (Adviser, 200), (Admin, 200), (Anonymous, 303)],
            404,
        ),
        // The receipt is the key, within the organisation.
        rule(
            "get",
            "/scans/results/{token}",
            format!("/scans/results/{}", w.scan_receipt),
            &[ok(&[Member, Colleague, Manager, Adviser, Admin, Guest]), vec![(Anonymous, 303)]].concat(),
            404,
        ),
        rule(
            "get",
            "/scans/{id}/report",
            format!("/scans/{}/report", w.scan),
            &[(Adviser, 200), (Anonymous, 303)],
            404,
        ),
        rule(
            "get",
            "/scans/{id}/report.csv",
            format!("/scans/{}/report.csv", w.scan),
            &[(Adviser, 200), (Anonymous, 303)],
            404,
        ),
        rule("get", "/cockpit", "/cockpit".into(), &ok(&[Manager, Adviser, Stranger]), 404),
        rule("get", "/cockpit", "/cockpit?unit=0".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/cockpit", format!("/cockpit?unit={}", w.unit), &ok(&[Manager, Adviser]), 404),
        rule("get", "/cockpit.csv", format!("/cockpit.csv?unit={}", w.unit), &ok(&[Manager, Adviser]), 404),
        rule("get", "/admin/people/{id}", format!("/admin/people/{}", w.member), &ok(&[Admin]), 404),
        rule("get", "/admin/units/{id}", format!("/admin/units/{}", w.unit), &ok(&[Admin]), 404),
        // Impact measurement: L&D of the organisation; a manager and a professional do not know it.
        rule("get", "/impact", "/impact".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/impact/solutions/new", "/impact/solutions/new".into(), &ok(&[Adviser, Stranger]), 404),
        rule("get", "/impact/solutions/{id}", format!("/impact/solutions/{}", x.solution), &ok(&[Adviser]), 404),
        rule(
            "get",
            "/impact/solutions/{id}/edit",
            format!("/impact/solutions/{}/edit", x.solution),
            &ok(&[Adviser]),
            404,
        ),
        rule(
            "get",
            "/impact/solutions/{id}/export.csv",
            format!("/impact/solutions/{}/export.csv", x.solution),
            &ok(&[Adviser]),
            404,
        ),
        rule("get", "/circles/{id}", format!("/circles/{c}"), &ok(&[Member]), 404),
        // An open circle is offered to every colleague, the member's manager included (without
        // its members' names: `an_open_circle_never_tells_a_manager_who_is_in_it`).
        rule(
            "get",
            "/circles/{id}",
            format!("/circles/{}", x.open_circle),
            &[ok(&[Member, Colleague, Manager, Adviser, Admin]), vec![(Anonymous, 303)]].concat(),
            404,
        ),
        rule("get", "/circles/{id}/cycles", format!("/circles/{c}/cycles"), &ok(&[Member]), 404),
        rule("get", "/circles/{id}/cycles/new", format!("/circles/{c}/cycles/new"), &ok(&[Member]), 404),
        rule("get", "/circles/{id}/situations", format!("/circles/{c}/situations"), &ok(&[Member]), 404),
        rule("get", "/circles/{id}/situations/new", format!("/circles/{c}/situations/new"), &ok(&[Member]), 404),
        rule("get", "/circles/{id}/proposals", format!("/circles/{c}/proposals"), &ok(&[Member]), 404),
        rule("get", "/circles/{id}/proposals/new", format!("/circles/{c}/proposals/new"), &ok(&[Member]), 404),
        rule("get", "/cycles/{id}", format!("/cycles/{}", w.cycle), &ok(&[Member]), 404),
        rule("get", "/cycles/{id}/calendar.ics", format!("/cycles/{}/calendar.ics", w.cycle), &ok(&[Member]), 404),
        // The feed's address is its key: a made-up one opens nothing, for anyone.
        rule("get", "/calendar/{file}", format!("/calendar/{}.ics", "0".repeat(40)), &[(Anonymous, 404)], 404),
        rule("get", "/me/connections", "/me/connections".into(), &ok(&logged_in), 303),
        rule("get", "/me/tokens", "/me/tokens".into(), &ok(&logged_in), 303),
        rule("get", "/admin/mail", "/admin/mail".into(), &ok(&[Admin, Stranger]), 404),
        rule("get", "/admin/xapi", "/admin/xapi".into(), &ok(&[Admin, Stranger]), 404),
        rule("get", "/admin/audit", "/admin/audit".into(), &ok(&[Admin, Stranger]), 404),
        // What our own xAPI verb and activity-type IRIs mean: public, like any vocabulary.
        rule("get", "/xapi/verbs/{name}", "/xapi/verbs/contributed".into(), &[], 200),
        rule("get", "/xapi/activity-types/{name}", "/xapi/activity-types/circle".into(), &[], 200),
        rule("get", "/admin/import", "/admin/import".into(), &ok(&[Admin, Stranger]), 404),
        rule("get", "/admin/import/{id}", "/admin/import/999999".into(), &[], 404),
        rule("get", "/sessions/{id}", format!("/sessions/{}", w.session), &ok(&[Member, Guest]), 404),
        rule("get", "/sessions/{id}", format!("/sessions/{}", w.other_session), &ok(&[Member]), 404),
        // Four weeks after the session its guest has nothing there any more.
        rule("get", "/sessions/{id}", format!("/sessions/{}", x.past_session), &ok(&[Member]), 404),
        rule("get", "/situations/{id}", format!("/situations/{}", w.situation), &ok(&[Member]), 404),
        rule("get", "/proposals/{id}", format!("/proposals/{}", w.submitted), &ok(&[Member, Manager]), 404),
        rule("get", "/proposals/{id}", format!("/proposals/{}", w.draft), &ok(&[Member]), 404),
        rule(
            "get",
            "/proposals/{id}/edit",
            format!("/proposals/{}/edit", w.draft),
            &[ok(&[Member]), vec![]].concat(),
            404,
        ),
        // Writes: the denied roles only.
        // Without the login page's form token a sign-in is refused (login CSRF); with it, a wrong
        // password is 401 (tests/security.rs).
        rule("post", "/login", "/login".into(), &[(Anonymous, 403)], 403),
        rule("post", "/circles/new", "/circles/new".into(), &[(Guest, 404)], 0),
        rule("post", "/circles/{id}/invite", format!("/circles/{c}/invite"), &[(Member, 0)], 404),
        rule("post", "/circles/{id}/accept", format!("/circles/{c}/accept"), &[], 404),
        rule("post", "/circles/{id}/decline", format!("/circles/{c}/decline"), &[], 404),
        rule("post", "/circles/{id}/join", format!("/circles/{c}/join"), &[(Member, 409)], 404),
        rule("post", "/circles/{id}/leave", format!("/circles/{c}/leave"), &[(Member, 0)], 404),
        rule("post", "/circles/{id}/cycles/new", format!("/circles/{c}/cycles/new"), &[(Member, 0)], 404),
        rule("post", "/circles/{id}/situations/new", format!("/circles/{c}/situations/new"), &[(Member, 0)], 404),
        rule("post", "/circles/{id}/proposals/new", format!("/circles/{c}/proposals/new"), &[(Member, 0)], 404),
        rule("post", "/cycles/{id}/choices", format!("/cycles/{}/choices", w.cycle), &[(Member, 0)], 404),
        rule("post", "/sessions/{id}/edit", format!("/sessions/{}/edit", w.session), &[(Member, 0), (Guest, 404)], 404),
        rule(
            "post",
            "/sessions/{id}/attendance",
            format!("/sessions/{}/attendance", w.session),
            &[(Member, 0), (Guest, 404)],
            404,
        ),
        rule(
            "post",
            "/sessions/{id}/guests",
            format!("/sessions/{}/guests", w.session),
            &[(Member, 0), (Guest, 404)],
            404,
        ),
        rule(
            "post",
            "/sessions/{id}/notes/{step}",
            format!("/sessions/{}/notes/1", w.session),
            &[(Member, 0), (Guest, 0)],
            404,
        ),
        rule(
            "post",
            "/sessions/{id}/notes/{step}",
            format!("/sessions/{}/notes/1", x.past_session),
            &[(Member, 0)],
            404,
        ),
        rule(
            "post",
            "/sessions/{id}/attendance",
            format!("/sessions/{}/attendance", x.past_session),
            &[(Member, 0)],
            404,
        ),
        rule("post", "/proposals/{id}/edit", format!("/proposals/{}/edit", w.draft), &[(Member, 0)], 404),
        rule("post", "/proposals/{id}/step", format!("/proposals/{}/step", w.draft), &[(Member, 0)], 404),
        rule(
            "post",
            "/proposals/{id}/vote",
            format!("/proposals/{}/vote", w.submitted),
            &[(Member, 0), (Manager, 403)],
            404,
        ),
        rule(
            "post",
            "/proposals/{id}/submit",
            format!("/proposals/{}/submit", w.submitted),
            &[(Member, 0), (Manager, 403)],
            404,
        ),
        rule(
            "post",
            "/proposals/{id}/decide",
            format!("/proposals/{}/decide", w.submitted),
            &[(Member, 403), (Manager, 0)],
            404,
        ),
        rule(
            "post",
            "/proposals/{id}/effect",
            format!("/proposals/{}/effect", w.submitted),
            &[(Member, 0), (Manager, 0)],
            404,
        ),
        rule("post", "/proposals/{id}/phase", format!("/proposals/{}/phase", w.draft), &[(Member, 0)], 404),
        rule("post", "/path", "/path".into(), &[(Member, 0)], 404),
        rule("post", "/conversations", "/conversations".into(), &[(Guest, 404), (Anonymous, 303)], 0),
        rule(
            "post",
            "/conversations/{id}/prep",
            format!("/conversations/{}/prep", w.conversation),
            &[(Member, 0), (Manager, 0)],
            404,
        ),
        rule(
            "post",
            "/conversations/{id}/agreements",
            format!("/conversations/{}/agreements", w.conversation),
            &[(Member, 0), (Manager, 0)],
            404,
        ),
        rule(
            "post",
            "/conversations/{id}/confirm",
            format!("/conversations/{}/confirm", w.conversation),
            &[(Member, 0), (Manager, 0)],
            404,
        ),
        rule("post", "/path/new", "/path/new".into(), &professionals.iter().map(|w| (*w, 0)).collect::<Vec<_>>(), 404),
        rule("post", "/path/items", "/path/items".into(), &[(Member, 0)], 404),
        rule("post", "/path/items/{id}", format!("/path/items/{}", w.path_item), &[(Member, 0)], 404),
        rule("post", "/team/people/{id}/granted", format!("/team/people/{}/granted", w.member), &[(Manager, 0)], 404),
        rule("post", "/reflections", "/reflections".into(), &[(Anonymous, 303)], 0),
        rule("post", "/reflections/{id}/delete", format!("/reflections/{}/delete", w.reflection), &[(Member, 0)], 404),
        rule("post", "/framework/edit", "/framework/edit".into(), &[(Adviser, 0), (Stranger, 0)], 404),
        rule("post", "/settings", "/settings".into(), &[(Adviser, 0), (Stranger, 0)], 404),
        rule(
            "post",
            "/sessions/{id}/ai/draft",
            format!("/sessions/{}/ai/draft", w.session),
            &[(Member, 0), (Guest, 404)],
            404,
        ),
        rule(
            "post",
            "/proposals/{id}/ai/critique",
            format!("/proposals/{}/ai/critique", w.submitted),
            &[(Member, 0)],
            404,
        ),
        rule(
            "post",
            "/situations/{id}/ai/questions",
            format!("/situations/{}/ai/questions", w.situation),
            &[(Member, 0)],
            404,
        ),
        rule("post", "/path/ai/suggest", "/path/ai/suggest".into(), &[(Guest, 404), (Anonymous, 303)], 0),
        rule("post", "/ai/requests/{id}/cancel", format!("/ai/requests/{}/cancel", w.ai_draft), &[(Member, 0)], 404),
        rule("post", "/ai/requests/{id}/cancel", format!("/ai/requests/{}/cancel", w.ai_path), &[(Member, 0)], 404),
        rule(
            "post",
            "/ai/prompts/{kind}/{lang}",
            "/ai/prompts/draft-title/nl".into(),
            &[(Adviser, 0), (Stranger, 0)],
            404,
        ),
        rule("post", "/admin/ai", "/admin/ai".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/me/connections/calendar", "/me/connections/calendar".into(), &[(Anonymous, 303)], 0),
        rule("post", "/me/connections/mail", "/me/connections/mail".into(), &[(Anonymous, 303)], 0),
        rule("post", "/me/connections/xapi", "/me/connections/xapi".into(), &[(Anonymous, 303)], 0),
        // Everyone makes their own API tokens; nobody revokes one that is not theirs.
        rule("post", "/me/tokens", "/me/tokens".into(), &[(Anonymous, 303)], 0),
        rule("post", "/me/tokens/{id}/revoke", "/me/tokens/999999999/revoke".into(), &[], 404),
        rule("post", "/admin/xapi", "/admin/xapi".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/xapi/test", "/admin/xapi/test".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/mail/quiet", "/admin/mail/quiet".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/mail/blocks", "/admin/mail/blocks".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/mail/blocks/{id}/delete", "/admin/mail/blocks/999999/delete".into(), &[], 404),
        rule("post", "/admin/jobs/{id}/retry", "/admin/jobs/999999/retry".into(), &[], 404),
        rule("post", "/admin/import", "/admin/import".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/import/{id}/apply", "/admin/import/999999/apply".into(), &[], 404),
        rule("post", "/admin/sso", "/admin/sso".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/sso/test", "/admin/sso/test".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/cockpit/refresh", "/cockpit/refresh".into(), &[(Adviser, 0), (Stranger, 0)], 404),
        rule("post", "/impact/solutions/new", "/impact/solutions/new".into(), &[(Adviser, 0), (Stranger, 0)], 404),
        rule(
            "post",
            "/impact/solutions/{id}/edit",
            format!("/impact/solutions/{}/edit", x.solution),
            &[(Adviser, 0)],
            404,
        ),
        rule(
            "post",
            "/impact/solutions/{id}/retire",
            format!("/impact/solutions/{}/retire", x.solution),
            &[(Adviser, 0)],
            404,
        ),
        rule(
            "post",
            "/impact/solutions/{id}/values",
            format!("/impact/solutions/{}/values", x.solution),
            &[(Adviser, 0)],
            404,
        ),
        rule("post", "/scans", "/scans".into(), &[(Adviser, 0), (Stranger, 0)], 404),
        rule("post", "/scans/settings", "/scans/settings".into(), &[(Adviser, 0), (Stranger, 0)], 404),
        rule(
            "post",
            "/scans/{id}/answers",
            format!("/scans/{}/answers", w.scan),
            &[(Member, 409), (Colleague, 0), (Manager, 0), (Adviser, 0), (Admin, 0)],
            404,
        ),
        rule("post", "/scans/{id}/remind", format!("/scans/{}/remind", w.scan), &[(Adviser, 0)], 404),
        rule("post", "/scans/{id}/close", format!("/scans/{}/close", w.scan), &[(Adviser, 0)], 404),
        rule("post", "/cockpit/settings", "/cockpit/settings".into(), &[(Adviser, 0), (Stranger, 0)], 404),
        rule("post", "/admin/organisation", "/admin/organisation".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/retention", "/admin/retention".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/people", "/admin/people".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/units", "/admin/units".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/people/{id}", format!("/admin/people/{}", w.member), &[(Admin, 0)], 404),
        rule("post", "/admin/people/{id}/erase", format!("/admin/people/{}/erase", w.member), &[(Admin, 0)], 404),
        rule("post", "/admin/units/{id}", format!("/admin/units/{}", w.unit), &[(Admin, 0)], 404),
        // The JSON API: bearer tokens; nobody gets 401.
        rule("get", "/api/v1/openapi.json", "/api/v1/openapi.json".into(), &[], 200),
        rule("get", "/api/v1/me", "/api/v1/me".into(), &ok(&logged_in), 401),
        rule("get", "/api/v1/circles", "/api/v1/circles".into(), &ok(&logged_in), 401),
        rule(
            "get",
            "/api/v1/circles/{id}",
            format!("/api/v1/circles/{c}"),
            &[ok(&[Member]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/circles/{id}/situations",
            format!("/api/v1/circles/{c}/situations"),
            &[ok(&[Member]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/circles/{id}/proposals",
            format!("/api/v1/circles/{c}/proposals"),
            &[ok(&[Member]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/proposals/{id}",
            format!("/api/v1/proposals/{}", w.submitted),
            &[ok(&[Member, Manager]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/proposals/{id}",
            format!("/api/v1/proposals/{}", w.draft),
            &[ok(&[Member]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/sessions/{id}",
            format!("/api/v1/sessions/{}", w.session),
            &[ok(&[Member, Guest]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/sessions/{id}",
            format!("/api/v1/sessions/{}", x.past_session),
            &[ok(&[Member]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/circles/{id}",
            format!("/api/v1/circles/{}", x.open_circle),
            &[ok(&[Member]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "get",
            "/api/v1/decisions",
            "/api/v1/decisions".into(),
            &[ok(&[Manager]), vec![(Anonymous, 401)]].concat(),
            404,
        ),
        rule(
            "post",
            "/api/v1/circles/{id}/situations",
            format!("/api/v1/circles/{c}/situations"),
            &[(Member, 0), (Anonymous, 401)],
            404,
        ),
        rule(
            "post",
            "/api/v1/proposals/{id}/votes",
            format!("/api/v1/proposals/{}/votes", w.submitted),
            &[(Member, 0), (Manager, 403), (Anonymous, 401)],
            404,
        ),
        rule(
            "post",
            "/api/v1/proposals/{id}/decision",
            format!("/api/v1/proposals/{}/decision", w.submitted),
            &[(Member, 403), (Manager, 0), (Anonymous, 401)],
            404,
        ),
        rule(
            "put",
            "/api/v1/sessions/{id}/notes/{step}",
            format!("/api/v1/sessions/{}/notes/1", w.session),
            &[(Member, 0), (Guest, 0), (Anonymous, 401)],
            404,
        ),
        rule(
            "put",
            "/api/v1/sessions/{id}/notes/{step}",
            format!("/api/v1/sessions/{}/notes/1", x.past_session),
            &[(Member, 0), (Anonymous, 401)],
            404,
        ),
        // The rest of the API: the same answers as the pages of the same capability.
        rule("get", "/api/v1/me/data", "/api/v1/me/data".into(), &ok(&logged_in), 401),
        rule("get", "/api/v1/circles/{id}/cycles", format!("/api/v1/circles/{c}/cycles"), &api(&ok(&[Member])), 404),
        rule("post", "/api/v1/circles/{id}/cycles", format!("/api/v1/circles/{c}/cycles"), &api(&[(Member, 0)]), 404),
        rule("get", "/api/v1/cycles/{id}", format!("/api/v1/cycles/{}", w.cycle), &api(&ok(&[Member])), 404),
        // Attendance is the members' (a guest takes part in the notes only).
        rule(
            "get",
            "/api/v1/sessions/{id}/attendance",
            format!("/api/v1/sessions/{}/attendance", w.session),
            &api(&ok(&[Member])),
            404,
        ),
        rule(
            "put",
            "/api/v1/sessions/{id}/attendance",
            format!("/api/v1/sessions/{}/attendance", w.session),
            &api(&[(Member, 0), (Guest, 404)]),
            404,
        ),
        rule(
            "put",
            "/api/v1/sessions/{id}/attendance",
            format!("/api/v1/sessions/{}/attendance", x.past_session),
            &api(&[(Member, 0)]),
            404,
        ),
        // A learning path is its owner's: nobody else reads or changes it, the manager included.
        rule("get", "/api/v1/path", "/api/v1/path".into(), &api(&ok(&professionals)), 404),
        rule("put", "/api/v1/path", "/api/v1/path".into(), &api(&[(Member, 0)]), 404),
        rule("get", "/api/v1/conversations", "/api/v1/conversations".into(), &api(&ok(&professionals)), 404),
        rule(
            "get",
            "/api/v1/conversations/{id}",
            format!("/api/v1/conversations/{}", w.conversation),
            &api(&ok(&[Member, Manager])),
            404,
        ),
        rule("get", "/api/v1/time", "/api/v1/time".into(), &api(&ok(&professionals)), 404),
        rule("get", "/api/v1/team", "/api/v1/team".into(), &api(&ok(&[Manager])), 404),
        rule("get", "/api/v1/cockpit", "/api/v1/cockpit".into(), &api(&ok(&[Manager, Adviser, Stranger])), 404),
        rule("get", "/api/v1/cockpit", "/api/v1/cockpit?unit=0".into(), &api(&ok(&[Adviser, Stranger])), 404),
        rule("get", "/api/v1/cockpit", format!("/api/v1/cockpit?unit={}", w.unit), &api(&ok(&[Manager, Adviser])), 404),
        rule("get", "/api/v1/scans", "/api/v1/scans".into(), &ok(&logged_in), 401),
        // The member has sent their answers already (409); the guest is not asked.
        rule(
            "get",
            "/api/v1/scans/{id}/questionnaire",
            format!("/api/v1/scans/{}/questionnaire", w.scan),
            &api(&[(Member, 409), (Colleague, 200), (Manager, 200), (Adviser, 200), (Admin, 200)]),
            404,
        ),
        rule(
            "post",
            "/api/v1/scans/{id}/answers",
            format!("/api/v1/scans/{}/answers", w.scan),
            &api(&[(Member, 409), (Colleague, 0), (Manager, 0), (Adviser, 0), (Admin, 0)]),
            404,
        ),
        // L&D alone, and nothing while the run is open.
        rule(
            "get",
            "/api/v1/scans/{id}/report",
            format!("/api/v1/scans/{}/report", w.scan),
            &api(&[(Adviser, 409)]),
            404,
        ),
        rule(
            "get",
            "/api/v1/impact/solutions",
            "/api/v1/impact/solutions".into(),
            &api(&ok(&[Adviser, Stranger])),
            404,
        ),
        rule(
            "post",
            "/api/v1/impact/solutions",
            "/api/v1/impact/solutions".into(),
            &api(&[(Adviser, 0), (Stranger, 0)]),
            404,
        ),
        rule(
            "get",
            "/api/v1/impact/solutions/{id}",
            format!("/api/v1/impact/solutions/{}", x.solution),
            &api(&ok(&[Adviser])),
            404,
        ),
        rule(
            "put",
            "/api/v1/impact/solutions/{id}",
            format!("/api/v1/impact/solutions/{}", x.solution),
            &api(&[(Adviser, 0)]),
            404,
        ),
        rule(
            "post",
            "/api/v1/impact/solutions/{id}/values",
            format!("/api/v1/impact/solutions/{}/values", x.solution),
            &api(&[(Adviser, 0)]),
            404,
        ),
        rule("get", "/api/v1/admin/units", "/api/v1/admin/units".into(), &api(&ok(&[Admin, Stranger])), 404),
        rule("post", "/api/v1/admin/units", "/api/v1/admin/units".into(), &api(&[(Admin, 0), (Stranger, 0)]), 404),
        rule("put", "/api/v1/admin/units/{id}", format!("/api/v1/admin/units/{}", w.unit), &api(&[(Admin, 0)]), 404),
        rule("get", "/api/v1/admin/people", "/api/v1/admin/people".into(), &api(&ok(&[Admin, Stranger])), 404),
        rule("post", "/api/v1/admin/people", "/api/v1/admin/people".into(), &api(&[(Admin, 0), (Stranger, 0)]), 404),
        rule(
            "put",
            "/api/v1/admin/people/{id}",
            format!("/api/v1/admin/people/{}", w.member),
            &api(&[(Admin, 0)]),
            404,
        ),
        rule("get", "/admin/scim", "/admin/scim".into(), &ok(&[Admin, Stranger]), 404),
        rule("post", "/admin/scim", "/admin/scim".into(), &[(Admin, 0), (Stranger, 0)], 404),
        rule("post", "/admin/scim/{id}/revoke", format!("/admin/scim/{scim_token}/revoke"), &[(Admin, 0)], 404),
        // SCIM: only an organisation's SCIM token counts; a browser session or a personal API
        // token gets 401 on every route, reads and writes alike (see scim_rules).
        // Last, because it ends every session.
        rule("post", "/logout", "/logout".into(), &[], 303),
    ]
}

/// Every SCIM route: 401 for everyone the matrix knows, signed in or not.
fn scim_rules(w: &World) -> Vec<Rule> {
    let (u, g) = (w.member, w.unit);
    [
        ("get", "/scim/v2/ServiceProviderConfig", "/scim/v2/ServiceProviderConfig".to_string()),
        ("get", "/scim/v2/ResourceTypes", "/scim/v2/ResourceTypes".into()),
        ("get", "/scim/v2/ResourceTypes/{id}", "/scim/v2/ResourceTypes/User".into()),
        ("get", "/scim/v2/Schemas", "/scim/v2/Schemas".into()),
        ("get", "/scim/v2/Schemas/{id}", "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User".into()),
        ("post", "/scim/v2/.search", "/scim/v2/.search".into()),
        ("get", "/scim/v2/Users", "/scim/v2/Users".into()),
        ("post", "/scim/v2/Users", "/scim/v2/Users".into()),
        ("post", "/scim/v2/Users/.search", "/scim/v2/Users/.search".into()),
        ("get", "/scim/v2/Users/{id}", format!("/scim/v2/Users/{u}")),
        ("put", "/scim/v2/Users/{id}", format!("/scim/v2/Users/{u}")),
        ("patch", "/scim/v2/Users/{id}", format!("/scim/v2/Users/{u}")),
        ("delete", "/scim/v2/Users/{id}", format!("/scim/v2/Users/{u}")),
        ("get", "/scim/v2/Groups", "/scim/v2/Groups".into()),
        ("post", "/scim/v2/Groups", "/scim/v2/Groups".into()),
        ("post", "/scim/v2/Groups/.search", "/scim/v2/Groups/.search".into()),
        ("get", "/scim/v2/Groups/{id}", format!("/scim/v2/Groups/{g}")),
        ("put", "/scim/v2/Groups/{id}", format!("/scim/v2/Groups/{g}")),
        ("patch", "/scim/v2/Groups/{id}", format!("/scim/v2/Groups/{g}")),
        ("delete", "/scim/v2/Groups/{id}", format!("/scim/v2/Groups/{g}")),
    ]
    .into_iter()
    .map(|(method, template, path)| Rule {
        method,
        template,
        path,
        expect: vec![],
        otherwise: 401,
        write: method != "get",
    })
    .collect()
}

/// Every `.route("…", get(…).post(…))` in the source, as (method, path).
fn routes_in_source() -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&p).unwrap();
                for chunk in text.split(".route(\"").skip(1) {
                    let (path, rest) = chunk.split_once('"').unwrap();
                    let call = rest.split(")\n").next().unwrap_or(rest);
                    for m in ["get", "post", "put", "delete", "patch"] {
                        if call.contains(&format!(" {m}("))
                            || call.contains(&format!(".{m}("))
                            || call.contains(&format!("({m}("))
                        {
                            found.insert((m.to_string(), path.to_string()));
                        }
                    }
                }
            }
        }
    }
    found
}

struct Callers {
    html: HashMap<Who, User>,
    tokens: HashMap<Who, String>,
}

async fn callers(app: &TestApp, w: &World) -> Callers {
    let people = [
        (Who::Member, "member@test.example", w.member),
        (Who::Colleague, "colleague@test.example", w.colleague),
        (Who::Manager, "manager@test.example", w.manager),
        (Who::Adviser, "adviser@test.example", w.adviser),
        (Who::Admin, "admin@test.example", w.admin),
        (Who::Guest, "guest@test.example", w.guest),
        (Who::Stranger, "stranger@other.example", w.stranger),
    ];
    let mut html = HashMap::new();
    let mut tokens = HashMap::new();
    for (who, email, id) in people {
        html.insert(who, app.login(email).await);
        tokens.insert(who, hartslag::auth::create_api_token(&app.db, id, "matrix").await.unwrap());
    }
    html.insert(Who::Anonymous, User { client: TestApp::client(), csrf: String::new(), base: app.base.clone() });
    Callers { html, tokens }
}

/// A fingerprint of everything a denied write could have touched.
async fn fingerprint(db: &hartslag::db::Db) -> Vec<i64> {
    let mut out = Vec::new();
    for t in [
        "circles",
        "circle_members",
        "work_situations",
        "week_cycles",
        "cycle_questions",
        "cycle_situations",
        "sessions",
        "attendance",
        "session_guests",
        "notes",
        "reflections",
        "proposals",
        "proposal_revisions",
        "votes",
        "proposal_events",
        "effect_notes",
        "people",
        "units",
        "learning_paths",
        "framework_versions",
        "scan_runs",
        "scan_responses",
        "scan_responded",
        "scan_drafts",
        "jobs",
        "calendar_feeds",
        "focus_blocks",
        "imports",
        "sso_providers",
        "sso_logins",
        "scim_tokens",
        "xapi_settings",
        "xapi_statements",
        "audit_log",
        "impact_solutions",
        "impact_values",
    ] {
        out.push(common::count(db, t).await);
    }
    let versions: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM notes")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let states: Vec<String> =
        sqlx::query_scalar("SELECT state FROM proposals ORDER BY id").fetch_all(&db.pool).await.unwrap();
    let statuses: Vec<String> = sqlx::query_scalar("SELECT status FROM circle_members ORDER BY circle_id, person_id")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    out.push(versions);
    let people: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(version), 0) + SUM(CASE WHEN active = TRUE THEN 1 ELSE 0 END) AS BIGINT) FROM people",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let revoked: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM scim_tokens WHERE revoked = TRUE").fetch_one(&db.pool).await.unwrap();
    let consents: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE xapi_consent_at IS NOT NULL")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    out.push(people);
    out.push(revoked);
    out.push(consents);
    out.push(states.join(",").len() as i64 + states.iter().filter(|s| *s == "submitted").count() as i64 * 1000);
    out.push(statuses.iter().filter(|s| *s == "member").count() as i64);
    out
}

async fn call(app: &TestApp, c: &Callers, who: Who, r: &Rule) -> u16 {
    let url = app.url(&r.path);
    if r.path.starts_with("/scim/") {
        // The caller's browser session (cookies) and their personal API token, both at once.
        let client = &c.html[&who].client;
        let body = serde_json::json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "userName": "matrix@test.example", "displayName": "Matrix",
            "Operations": [{"op": "replace", "path": "active", "value": false}]
        });
        let method = reqwest::Method::from_bytes(r.method.to_uppercase().as_bytes()).unwrap();
        let mut req = client.request(method, &url).header("content-type", "application/scim+json");
        if r.method != "get" {
            req = req.body(body.to_string());
        }
        if let Some(t) = c.tokens.get(&who) {
            req = req.bearer_auth(t);
        }
        return req.send().await.unwrap().status().as_u16();
    }
    if r.path.starts_with("/api/") {
        let client = TestApp::client();
        // A valid body for each route (the API refuses fields it does not know).
        let body = match (r.method, r.template) {
            ("get", _) => None,
            (_, t) if t.ends_with("/situations") => Some(serde_json::json!({"title": "t", "description": "d"})),
            (_, t) if t.ends_with("/votes") => Some(serde_json::json!({"choice": "agree", "reason": "x"})),
            (_, t) if t.ends_with("/decision") => Some(serde_json::json!({"decision": "accept", "reason": "x"})),
            (_, t) if t.ends_with("/cycles") => Some(serde_json::json!({"week": "2026-11-02", "time": "10:00"})),
            (_, t) if t.ends_with("/notes/{step}") => Some(serde_json::json!({"body": "b", "version": 1})),
            (_, t) if t.ends_with("/attendance") => Some(serde_json::json!({"present": []})),
            ("put", "/api/v1/path") => Some(serde_json::json!({"goals": "Doorvragen", "version": 1})),
            (_, t) if t.ends_with("/answers") => Some(serde_json::json!({"answers": {}})),
            (_, t) if t.starts_with("/api/v1/admin/units") => Some(serde_json::json!({"name": "Matrix"})),
            ("post", "/api/v1/impact/solutions") => Some(
                serde_json::json!({"name": "Matrix", "kind": "training", "size": "low", "weight": "low", "risk": "low"}),
            ),
            ("put", "/api/v1/impact/solutions/{id}") => Some(
                serde_json::json!({"name": "Matrix", "kind": "training", "size": "low", "weight": "low", "risk": "low", "version": 1}),
            ),
            (_, t) if t.ends_with("/values") => Some(serde_json::json!({"parameter": "no-show", "value": 5,
                "period_from": "2026-01-01", "period_to": "2026-01-31", "population": 10, "source": "Roosters"})),
            ("post", "/api/v1/admin/people") => {
                Some(serde_json::json!({"name": "Matrix", "email": "matrix-new@test.example"}))
            }
            ("put", "/api/v1/admin/people/{id}") => Some(serde_json::json!({"name": "Matrix"})),
            (m, t) => panic!("no body for {m} {t}"),
        };
        let method = reqwest::Method::from_bytes(r.method.to_uppercase().as_bytes()).unwrap();
        let mut req = client.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        if let Some(t) = c.tokens.get(&who) {
            req = req.bearer_auth(t);
        }
        return req.send().await.unwrap().status().as_u16();
    }
    let user = &c.html[&who];
    match r.method {
        "get" => user.get(&r.path).await.0,
        "post" => {
            // Fields that would make the write valid, so a 404 or 403 cannot hide behind a 422.
            let fields = [
                ("email", "colleague@test.example"),
                ("name", "Naam"),
                ("title", "Titel"),
                ("description", "Beschrijving"),
                ("proposal", "Voorstel"),
                ("body", "Tekst"),
                ("version", "1"),
                ("choice", "agree"),
                ("decision", "accept"),
                ("reason", "Omdat"),
                ("action", "start_validation"),
                ("week", "2026-11-02"),
                ("time", "10:00"),
                ("date", "2026-11-02"),
                ("kind", "work_process"),
                ("decider_id", "1"),
            ];
            user.post(&r.path, &fields).await.0
        }
        m => panic!("method {m}"),
    }
}

backends! {
    async fn every_route_as_every_role(app) {
        let w = common::world(&app.db).await;
        let x = extra(&app.db, &w).await;
        let c = callers(&app, &w).await;
        hartslag::scim::store::create_token(&app.db, hartslag::audit::By::Server { org_id: w.org }, "matrix").await.unwrap();
        let scim_token = hartslag::scim::store::tokens(&app.db, w.org).await.unwrap()[0].id;
        let mut rules = rules(&w, scim_token, &x);
        rules.splice(rules.len() - 1..rules.len() - 1, scim_rules(&w));

        // Exhaustive: every route in the source is in the matrix.
        let covered: BTreeSet<(String, String)> = rules.iter().map(|r| (r.method.to_string(), r.template.to_string())).collect();
        let missing: Vec<_> = routes_in_source().difference(&covered).cloned().collect();
        assert!(missing.is_empty(), "routes missing from the policy matrix: {missing:?}");
        // And every operation of the API's own document, which is served exactly (`api::tests`).
        let doc: serde_json::Value = TestApp::client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object().unwrap().keys().filter(|m| *m != "parameters").map(|m| (m.clone(), path.clone())).collect::<Vec<_>>()
            })
            .collect();
        let undocumented: Vec<_> = documented.difference(&covered).cloned().collect();
        assert!(undocumented.is_empty(), "documented API operations missing from the policy matrix: {undocumented:?}");
        assert!(documented.len() >= 35, "the document has only {} operations", documented.len());

        let mut failures = Vec::new();
        let mut visits = 0;
        for r in &rules {
            for who in EVERYONE {
                let anonymous_default = if r.path.starts_with("/api/") || r.path.starts_with("/scim/") { 401 } else { 303 };
                let expected = r.expect.iter().find(|(w, _)| *w == who).map(|(_, s)| *s).unwrap_or(
                    if who == Who::Anonymous && r.otherwise >= 400 { anonymous_default } else { r.otherwise },
                );
                if expected == 0 {
                    continue; // an allowed write: covered by the flow tests
                }
                if r.template == "/login" {
                    // Eight failed sign-ins in a row would close sign-in for the address (that is
                    // tested in tests/security.rs); here each caller starts with a clean count.
                    sqlx::query("DELETE FROM login_throttle").execute(&app.db.pool).await.unwrap();
                }
                let before = if r.write { Some(fingerprint(&app.db).await) } else { None };
                let got = call(&app, &c, who, r).await;
                visits += 1;
                if got != expected {
                    failures.push(format!("{} {} as {:?}: expected {expected}, got {got}", r.method, r.path, who));
                }
                // (A single sign-on callback without a login under way, and a sign-in without the
                // login form's token, are refused alike for all: they reveal nothing.)
                let alike = ["/auth/sso/callback", "/login"];
                if who == Who::Guest && (got == 403 || expected == 403) && !alike.contains(&r.template) {
                    failures.push(format!("{} {} as a guest: 403 tells a guest the thing exists", r.method, r.path));
                }
                if let Some(before) = before {
                    if expected >= 400 && fingerprint(&app.db).await != before {
                        failures.push(format!("{} {} as {:?} was refused but changed data", r.method, r.path, who));
                    }
                }
            }
        }
        assert!(visits > 300, "the matrix visited only {visits} cells");
        assert!(failures.is_empty(), "{} policy failures:\n{}", failures.len(), failures.join("\n"));
    }

    async fn a_scim_token_reaches_its_own_organisation_and_nothing_else(app) {
        let w = common::world(&app.db).await;
        let token = hartslag::scim::store::create_token(&app.db, hartslag::audit::By::Server { org_id: w.org }, "matrix").await.unwrap();
        let other = hartslag::orgs::org_by_slug(&app.db, "other").await.unwrap().unwrap();
        let stranger = hartslag::scim::store::create_token(&app.db, hartslag::audit::By::Server { org_id: other }, "matrix").await.unwrap();
        let client = TestApp::client();
        let get = |t: &str, path: &str| client.get(app.url(path)).bearer_auth(t.to_string()).send();
        assert_eq!(get(&token, &format!("/scim/v2/Users/{}", w.member)).await.unwrap().status(), 200);
        assert_eq!(get(&token, &format!("/scim/v2/Groups/{}", w.unit)).await.unwrap().status(), 200);
        assert_eq!(get(&stranger, &format!("/scim/v2/Users/{}", w.member)).await.unwrap().status(), 404);
        assert_eq!(get(&stranger, &format!("/scim/v2/Groups/{}", w.unit)).await.unwrap().status(), 404);
        // A SCIM token opens no page and no API route.
        assert_eq!(get(&token, "/api/v1/me").await.unwrap().status(), 401);
        assert_eq!(get(&token, "/admin").await.unwrap().status(), 303);
        // What it returns of a person is the SCIM view: no learning data.
        let body = get(&token, &format!("/scim/v2/Users/{}", w.member)).await.unwrap().text().await.unwrap();
        assert!(body.contains("member@test.example"));
        for secret in ["Ik wil beter leren doorvragen", "Geheime aantekening", "Overdracht", "Valregistratie"] {
            assert!(!body.contains(secret), "{secret} leaked through SCIM");
        }
    }

    async fn a_manager_cannot_read_a_team_members_reflection_or_the_circles_notes(app) {
        let w = common::world(&app.db).await;
        let manager = app.login("manager@test.example").await;
        for path in ["/reflections", &format!("/sessions/{}", w.session), &format!("/circles/{}", w.circle)] {
            let (_, body) = manager.get(path).await;
            assert!(!body.contains("Ik wil beter leren doorvragen"), "{path} leaked a reflection");
            assert!(!body.contains("Geheime aantekening"), "{path} leaked a note");
        }
        // The submitted proposal is visible to the decider, but not how the circle voted.
        let (status, body) = manager.get(&format!("/proposals/{}", w.submitted)).await;
        assert_eq!(status, 200);
        assert!(body.contains("Valregistratie in de overdracht"));
        assert!(!body.contains("Bram Lid") && !body.contains("Cor Lid"), "the decider saw who voted");
    }

    async fn a_guest_sees_their_session_and_nothing_else_of_the_circle(app) {
        let w = common::world(&app.db).await;
        let guest = app.login("guest@test.example").await;
        let (status, body) = guest.get(&format!("/sessions/{}", w.session)).await;
        assert_eq!(status, 200);
        assert!(body.contains("Geheime aantekening"), "the guest takes part in the session's notes");
        assert!(!body.contains("Ik wil beter leren doorvragen"), "another person's reflection showed");
        let (home, body) = guest.get("/").await;
        assert_eq!(home, 200);
        assert!(body.contains(&format!("/sessions/{}", w.session)));
        assert!(!body.contains(&format!("/sessions/{}\"", w.other_session)));
    }

    async fn an_open_circle_never_tells_a_manager_who_is_in_it(app) {
        let w = common::world(&app.db).await;
        let x = extra(&app.db, &w).await;
        let b = common::actor(&app.db, w.member2).await;
        hartslag::circles::store::set_status(&app.db, &b, x.open_circle, hartslag::circles::MemberStatus::Member).await.unwrap();
        let path = format!("/circles/{}", x.open_circle);
        let hidden = hartslag::web::Lang::Nl.t("circle-members-hidden");
        // The manager of both members (they lead the members' unit), and a colleague: name,
        // purpose and size, with a join button — no names, for the one as for the other.
        for email in ["manager@test.example", "colleague@test.example"] {
            let user = app.login(email).await;
            let (status, body) = user.get(&path).await;
            assert_eq!(status, 200, "{email}");
            assert!(body.contains("Open overdracht") && body.contains("Samen leren overdragen"), "{email}");
            assert!(body.contains(&format!("/circles/{}/join", x.open_circle)), "{email} is offered to join");
            assert!(!body.contains("Anna Lid") && !body.contains("Bram Lid"), "{email} saw who is in the circle");
            assert!(body.contains(&hidden), "{email}");
            let (_, list) = user.get("/circles").await;
            assert!(list.contains("Open overdracht") && !list.contains("Anna Lid") && !list.contains("Bram Lid"));
        }
        // The members see each other; someone they invite sees with whom they would learn.
        let member = app.login("member@test.example").await;
        let (_, body) = member.get(&path).await;
        assert!(body.contains("Anna Lid") && body.contains("Bram Lid"));
        assert_eq!(member.post(&format!("{path}/invite"), &[("email", "colleague@test.example")]).await.0, 303);
        let colleague = app.login("colleague@test.example").await;
        let (status, body) = colleague.get(&path).await;
        assert_eq!(status, 200);
        assert!(body.contains("Anna Lid") && body.contains("Bram Lid") && !body.contains(&hidden));
    }

    async fn l_and_d_sees_circle_figures_only_of_five_members_or_more(app) {
        let w = common::world(&app.db).await;
        let adviser = app.login("adviser@test.example").await;
        let add = |circle: i64, person: i64| {
            sqlx::query("INSERT INTO circle_members (circle_id, person_id, status, updated_at) VALUES ($1, $2, 'member', 0)")
                .bind(circle).bind(person).execute(&app.db.pool)
        };
        let m = common::actor(&app.db, w.member).await;
        // "Overdracht" has three named members and an active week: nothing of it on its own.
        let (status, page) = adviser.get("/overview/circles").await;
        assert_eq!(status, 200);
        assert!(!page.contains("Overdracht"), "a circle of three showed by name");
        assert!(!page.contains("<td>3</td>") && !page.contains("Kleinere cirkels"), "a circle of three showed its size");
        // A circle of five shows with its figures; the three alone still do not.
        let big = hartslag::circles::store::create(&app.db, &m, "Grote cirkel", "", false).await.unwrap();
        for i in 0..4 {
            let p = common::person(&app.db, w.org, Some(w.unit), &format!("Persoon {i}"), &format!("p{i}@test.example")).await;
            add(big, p).await.unwrap();
        }
        let (_, page) = adviser.get("/overview/circles").await;
        assert!(page.contains("Grote cirkel") && page.contains("<td>5</td>"));
        assert!(!page.contains("Overdracht") && !page.contains("<td>3</td>") && !page.contains("Kleinere cirkels"));
        // Two small circles with five members together: one row for both, summed.
        let small = hartslag::circles::store::create(&app.db, &common::actor(&app.db, w.colleague).await, "Klein", "", false).await.unwrap();
        add(small, w.admin).await.unwrap();
        let (_, page) = adviser.get("/overview/circles").await;
        assert!(!page.contains("Overdracht") && !page.contains(">Klein<"), "a small circle showed by name");
        assert!(page.contains("Kleinere cirkels samen (2)</td><td>5</td><td>1</td>"), "the small circles together: {page}");
        assert!(!page.contains("<td>3</td>") && !page.contains("<td>2</td>"));
    }
}
