//! The OpenAPI 3.1 description of `/api/v1`: one table of operations ([`operations`]) with
//! their parameters, request and response schemas. The document is built from the table alone;
//! a unit test checks that the router in `api/mod.rs` serves exactly the table's routes, and the
//! policy matrix test checks that every operation of the document has its row.

use axum::Json;
use serde_json::{Value, json};

/// One API operation as the document describes it.
pub struct Op {
    pub method: &'static str,
    pub path: &'static str,
    summary: &'static str,
    /// Query parameters: (name, schema).
    query: Vec<(&'static str, Value)>,
    body: Option<Value>,
    response: Value,
    /// The success status: 200, or 201 for a creation.
    status: u16,
}

fn op(method: &'static str, path: &'static str, summary: &'static str, response: Value) -> Op {
    Op { method, path, summary, query: Vec::new(), body: None, response, status: 200 }
}

impl Op {
    fn body(mut self, schema: Value) -> Op {
        self.body = Some(schema);
        self
    }
    fn created(mut self) -> Op {
        self.status = 201;
        self
    }
    fn query(mut self, name: &'static str, schema: Value) -> Op {
        self.query.push((name, schema));
        self
    }
    fn paged(self) -> Op {
        self.query("page", json!({"type": "integer", "minimum": 1, "maximum": 100000}))
    }
}

// Schema helpers: an object lists every property it always has.
fn obj(props: Value) -> Value {
    let required: Vec<&String> = props.as_object().map(|m| m.keys().collect()).unwrap_or_default();
    json!({"type": "object", "required": required, "properties": props})
}
fn int() -> Value {
    json!({"type": "integer"})
}
fn num() -> Value {
    json!({"type": "number"})
}
fn text() -> Value {
    json!({"type": "string"})
}
fn boolean() -> Value {
    json!({"type": "boolean"})
}
fn list(item: Value) -> Value {
    json!({"type": "array", "items": item})
}
fn nullable(v: Value) -> Value {
    json!({"oneOf": [v, {"type": "null"}]})
}
fn page_of(item: Value) -> Value {
    obj(json!({"items": list(item), "page": int(), "has_next": boolean()}))
}
fn items_of(item: Value) -> Value {
    obj(json!({"items": list(item)}))
}
fn id_only() -> Value {
    obj(json!({"id": int()}))
}
/// A text field of a request body: no NUL, at most `max` characters; `required` ones have a
/// character that is not white space.
fn field(max: u32, required: bool) -> Value {
    if required {
        json!({"type": "string", "minLength": 1, "maxLength": max, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"})
    } else {
        json!({"type": "string", "maxLength": max, "pattern": "^[^\\u0000]*$"})
    }
}
fn whole(min: i64, max: i64) -> Value {
    json!({"type": "integer", "minimum": min, "maximum": max})
}
fn strict(required: &[&str], props: Value) -> Value {
    json!({"type": "object", "additionalProperties": false, "required": required, "properties": props})
}

fn proposal_summary() -> Value {
    obj(json!({"id": int(), "title": text(), "state": text(), "kind": text(), "circle_id": int(), "updated_at": int()}))
}
fn session_summary() -> Value {
    obj(
        json!({"id": int(), "position": int(), "starts_at": text(), "minutes": int(), "place": text(), "cancelled": boolean()}),
    )
}
fn hours() -> Value {
    obj(json!({"used_minutes": int(), "granted_minutes": int()}))
}
fn week_hours() -> Value {
    obj(json!({"week": text(), "used_minutes": int(), "granted_minutes": int()}))
}
fn path_schema() -> Value {
    obj(json!({
        "id": int(), "starts_on": text(), "ends_on": text(), "planned_weeks": int(), "talents": text(), "goals": text(),
        "questions": list(int()), "share_plan": boolean(), "share_progress": boolean(), "share_items": boolean(), "version": int()
    }))
}
fn path_item() -> Value {
    obj(json!({"id": int(), "kind": text(), "title": text(), "provider": text(), "minutes": nullable(int()),
        "link": text(), "due_on": nullable(text()), "done": boolean()}))
}
fn progress() -> Value {
    obj(
        json!({"active_weeks": int(), "minutes_used": int(), "reflections": int(), "proposals": list(proposal_summary())}),
    )
}
/// The path's goals, talents and sharing; the period and questions stay as they are.
fn goals_body() -> Value {
    strict(
        &["goals", "version"],
        json!({"goals": field(5000, true), "talents": field(5000, false), "share_plan": boolean(),
            "share_progress": boolean(), "share_items": boolean(), "version": whole(0, i64::MAX)}),
    )
}
fn conversation_summary() -> Value {
    obj(json!({"id": int(), "person_id": int(), "person_name": text(), "manager_id": int(), "manager_name": text(),
        "scheduled_on": text(), "confirmed": boolean(), "side": {"type": "string", "enum": ["professional", "manager"]}}))
}
fn cockpit_line() -> Value {
    let figures = obj(json!({
        "participants": int(), "participation_percent": nullable(num()), "person_weeks": int(),
        "minutes_used": int(), "minutes_granted": int(), "attendances": int(), "proposals": int(),
        "decided": int(), "accepted": int(), "done": int(), "median_lead_days": nullable(int()),
        "states": {"type": "object", "additionalProperties": {"type": "integer"}}
    }));
    obj(json!({
        "period": text(), "headcount": nullable(int()),
        "hidden": nullable(json!({"type": "string", "enum": ["small", "protect", "pending"]})),
        "figures": nullable(figures)
    }))
}
fn scan_run() -> Value {
    obj(json!({"id": int(), "title": text(), "instrument": text(), "variant": text(), "opens_on": text(),
        "closes_on": text(), "state": {"type": "string", "enum": ["planned", "open", "closed"]}}))
}
fn unit_schema() -> Value {
    obj(json!({"id": int(), "name": text(), "parent_id": nullable(int()), "manager_id": nullable(int()),
        "manager_name": nullable(text()), "people": int()}))
}
fn person_schema() -> Value {
    obj(json!({"id": int(), "name": text(), "email": text(), "job_title": text(), "unit_id": nullable(int()),
        "unit_name": nullable(text()), "is_admin": boolean(), "is_adviser": boolean(), "is_guest": boolean(), "active": boolean()}))
}
fn unit_body() -> Value {
    strict(
        &["name"],
        json!({"name": field(120, true), "parent_id": nullable(whole(1, i64::MAX)),
            "manager_email": {"type": "string", "maxLength": 320, "pattern": "^[^\\u0000]*$"}}),
    )
}
/// A new person has an e-mail address; a change leaves it as it is (it is the sign-in name, and
/// single sign-on and SCIM own it).
fn person_body(update: bool) -> Value {
    let mut props = json!({
        "name": field(120, true),
        "job_title": field(120, false), "unit_id": nullable(whole(1, i64::MAX)),
        "password": {"type": "string", "minLength": 10, "maxLength": 200, "pattern": "^[^\\u0000]*$"},
        "is_admin": boolean(), "is_adviser": boolean()
    });
    if update {
        props["active"] = boolean();
        strict(&["name"], props)
    } else {
        props["email"] = json!({"type": "string", "format": "email", "maxLength": 254, "pattern": "^[^\\u0000\\s@]+@[^\\u0000\\s@.]+(\\.[^\\u0000\\s@.]+)+$"});
        strict(&["name", "email"], props)
    }
}

fn impact_solution() -> Value {
    obj(json!({"id": int(), "name": text(), "kind": text(), "description": text(), "owner_id": nullable(int()),
        "owner_name": nullable(text()), "size": text(), "weight": text(), "risk": text(),
        "suggested_route": {"type": "string", "enum": ["A", "B", "C"]}, "route": {"type": "string", "enum": ["A", "B", "C"]},
        "route_reason": text(), "retired": boolean(), "version": int()}))
}
fn impact_report() -> Value {
    let both = obj(json!({"nl": text(), "en": text()}));
    let parameter = obj(json!({
        "code": text(), "id": text(), "name": both.clone(), "definition": both, "unit": text(),
        "source": {"type": "string", "enum": ["hartslag", "survey", "entered"]},
        "direction": {"type": "string", "enum": ["higher", "lower"]}, "standard": num(),
        "iso_type": nullable(json!({"type": "string", "enum": ["efficiency", "effectiveness", "outcome"]})), "level": int(),
        "state": {"type": "string", "enum": ["value", "hidden", "no_data", "not_measured"]},
        "hidden": nullable(json!({"type": "string", "enum": ["small", "protect", "pending"]})),
        "value": nullable(num()), "period": nullable(text()), "population": nullable(int()),
        "entered_source": nullable(text()), "flag": boolean()
    }));
    let mut s = impact_solution();
    s["properties"]["report"] = obj(json!({
        "unit_id": int(), "unit_name": text(), "period": text(), "periods": list(text()), "min_group": int(),
        "flags": int(), "set_version": int(), "parameters": list(parameter)
    }));
    s["required"].as_array_mut().unwrap().push(json!("report"));
    s
}
/// A solution as written; a change carries the version it was based on.
fn impact_solution_body(update: bool) -> Value {
    let level = json!({"type": "string", "enum": crate::impact::LEVELS});
    let mut props = json!({
        "name": field(200, true), "kind": {"type": "string", "enum": crate::impact::KINDS},
        "description": field(5000, false), "owner_id": nullable(whole(1, i64::MAX)),
        "size": level.clone(), "weight": level.clone(), "risk": level,
        "route_choice": {"type": "string", "enum": ["", "A", "B", "C"]}, "route_reason": field(1000, false)
    });
    let mut body = if update {
        props["version"] = whole(1, i64::MAX);
        strict(&["name", "kind", "size", "weight", "risk", "version"], props)
    } else {
        strict(&["name", "kind", "size", "weight", "risk"], props)
    };
    // A route of one's own choosing says why (choosing the suggested one needs no reason, so
    // this asks a little more than the runtime).
    body["if"] = json!({"required": ["route_choice"], "properties": {"route_choice": {"enum": ["A", "B", "C"]}}});
    body["then"] = json!({"required": ["route_reason"], "properties": {"route_reason": {"minLength": 1, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"}}});
    body
}
fn impact_value_body() -> Value {
    let entered: Vec<&crate::impact::set::Parameter> = crate::impact::set::route_c()
        .parameters
        .iter()
        .filter(|p| p.source == crate::impact::set::Source::Entered)
        .collect();
    let ids: Vec<&str> = entered.iter().map(|p| p.id.as_str()).collect();
    let date = json!({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"});
    let mut body = strict(
        &["parameter", "value", "period_from", "period_to", "population", "source"],
        json!({"parameter": {"type": "string", "enum": ids}, "value": num(), "period_from": date.clone(),
            "period_to": date, "population": whole(5, i64::MAX), "source": field(200, true)}),
    );
    // Each parameter's value lies on its own scale (money never below zero).
    body["allOf"] = entered
        .iter()
        .map(|p| {
            json!({"if": {"properties": {"parameter": {"const": p.id}}},
                "then": {"properties": {"value": {"minimum": p.min, "maximum": p.max}}}})
        })
        .collect();
    body
}

/// Every operation of `/api/v1`, in the order of the document.
pub fn operations() -> Vec<Op> {
    let me = obj(json!({"id": int(), "name": text(), "email": text(), "organisation_id": int(),
        "roles": obj(json!({"admin": boolean(), "learning_adviser": boolean(), "manager": boolean(), "guest": boolean()}))}));
    let circle = obj(json!({"id": int(), "name": text(), "purpose": text(), "open": boolean(), "members": int()}));
    let mut circle_full = circle.clone();
    circle_full["properties"]["people"] = list(obj(json!({"id": int(), "name": text(), "status": text()})));
    circle_full["required"].as_array_mut().unwrap().push(json!("people"));
    let situation = obj(json!({"id": int(), "title": text(), "description": text(), "kind": text(),
        "critical": boolean(), "created_at": int()}));
    let state = obj(json!({"state": text()}));
    let proposal = json!({"type": "object", "required": ["id", "circle_id", "kind", "state", "title", "revision", "version"],
        "properties": {"id": int(), "circle_id": int(), "kind": text(), "state": text(), "phase": nullable(text()),
        "title": text(), "problem": text(), "proposal": text(), "expected_effect": text(), "risks": text(),
        "revision": int(), "version": int(), "decider_id": nullable(int()), "decision_reason": nullable(text()),
        "votes": list(obj(json!({"person_id": int(), "name": text(), "choice": text(), "reason": text()})))}});
    let note = obj(json!({"step": int(), "body": text(), "version": int()}));
    let mut session = session_summary();
    for (k, v) in [("cycle_id", int()), ("circle_id", int()), ("notes", list(note))] {
        session["properties"][k] = v;
        session["required"].as_array_mut().unwrap().push(json!(k));
    }
    let cycle = obj(json!({"id": int(), "circle_id": int(), "week_start": text(), "sessions": list(session_summary()),
        "questions": list(int()), "situations": list(int())}));
    let attendance = obj(
        json!({"present": list(int()), "people": list(obj(json!({"id": int(), "name": text(), "guest": boolean()})))}),
    );
    let my_path = obj(json!({"path": nullable(path_schema()), "items": list(path_item()), "progress": progress()}));
    let shared_path = obj(json!({
        "plan": nullable(obj(json!({"starts_on": text(), "ends_on": text(), "planned_weeks": int(), "talents": text(), "goals": text(), "questions": list(int())}))),
        "progress": nullable(progress()), "items": nullable(list(path_item()))
    }));
    let mut conversation = conversation_summary();
    for (k, v) in [
        ("person_narrative", text()),
        ("person_wishes", text()),
        ("manager_account", text()),
        ("person_confirmed_at", nullable(int())),
        ("manager_confirmed_at", nullable(int())),
        ("version", int()),
        ("time", hours()),
        ("progress", progress()),
        ("shared_path", nullable(shared_path)),
        (
            "manager_figures",
            obj(
                json!({"team_time": hours(), "decided": int(), "waiting": int(), "honoured_percent": nullable(int()), "median_decision_days": nullable(num())}),
            ),
        ),
        ("agreements", list(obj(json!({"text": text(), "follow_up_on": nullable(text()), "by": nullable(text())})))),
    ] {
        conversation["properties"][k] = v;
        conversation["required"].as_array_mut().unwrap().push(json!(k));
    }
    let my_time = obj(
        json!({"weeks": list(week_hours()), "months": list(obj(json!({"month": text(), "used_minutes": int(), "granted_minutes": int()}))),
        "granted_minutes_per_week": int()}),
    );
    let team = obj(
        json!({"weeks": list(text()), "items": list(obj(json!({"id": int(), "name": text(), "weeks": list(week_hours())}))),
        "page": int(), "has_next": boolean()}),
    );
    let unit_ref = obj(json!({"id": int(), "name": text()}));
    let cockpit = obj(json!({
        "unit": obj(json!({"id": int(), "name": text(), "headcount": nullable(int()), "hidden": nullable(text())})),
        "grain": {"type": "string", "enum": ["month", "quarter"]}, "selected": text(), "min_group": int(),
        "trail": list(unit_ref.clone()), "trend": list(cockpit_line()), "focus": cockpit_line(),
        "parts": list(obj(json!({"unit": nullable(unit_ref.clone()), "line": cockpit_line()})))
    }));
    let scans = obj(json!({
        "mine": list(obj(json!({"run": scan_run(), "standing": {"type": "string", "enum": ["not_started", "saved", "sent"]}}))),
        "runs": list(scan_run())
    }));
    let questionnaire = obj(json!({
        "run": scan_run(), "intro": text(),
        "scale": obj(json!({"min": int(), "max": int(), "labels": list(text())})),
        "blocks": list(obj(json!({"id": text(), "title": text(), "items": list(obj(json!({"id": text(), "text": text(), "answer": nullable(int())})))})))
    }));
    let answers_body = strict(
        &["answers"],
        json!({"answers": {"type": "object", "maxProperties": 500, "propertyNames": {"maxLength": 64, "pattern": "^[^\\u0000]*$"},
            "additionalProperties": whole(1, 1000)}, "send": boolean()}),
    );
    let answered = obj(json!({"sent": boolean(), "receipt": nullable(text()), "missing": list(text())}));
    let report = obj(json!({
        "run": scan_run(), "min_group": int(),
        "groups": list(obj(json!({"unit_id": nullable(int()), "name": text(), "scope": {"type": "string", "enum": ["all", "own"]},
            "hidden": boolean(), "responses": nullable(int()),
            "blocks": list(obj(json!({"id": text(), "title": text(), "mean": nullable(num())})))})))
    }));
    let cycle_body = strict(
        &["week", "time"],
        json!({"week": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "time": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"}, "place": field(200, false)}),
    );
    let attendance_body =
        strict(&["present"], json!({"present": {"type": "array", "maxItems": 500, "items": whole(1, i64::MAX)}}));
    let situation_body = strict(
        &["title", "description"],
        json!({"title": field(200, true), "description": field(5000, true),
            "kind": {"type": "string", "enum": ["work_process", "business_process", "characteristic"]}, "critical": boolean()}),
    );
    // An objection says why; so does declining or returning a proposal.
    let vote_body = json!({
        "type": "object", "additionalProperties": false, "required": ["choice"],
        "properties": {"choice": {"type": "string", "enum": ["agree", "object"]}, "reason": field(2000, false)},
        "if": {"properties": {"choice": {"const": "object"}}},
        "then": {"required": ["reason"], "properties": {"reason": {"minLength": 1, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"}}}
    });
    let decision_body = json!({
        "type": "object", "additionalProperties": false, "required": ["decision"],
        "properties": {"decision": {"type": "string", "enum": ["accept", "decline", "return"]}, "reason": field(5000, false)},
        "if": {"properties": {"decision": {"enum": ["decline", "return"]}}},
        "then": {"required": ["reason"], "properties": {"reason": {"minLength": 1, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"}}}
    });
    let note_body = strict(&["body", "version"], json!({"body": field(20000, false), "version": whole(0, i64::MAX)}));
    let unit_id = json!({"type": "integer", "minimum": 0, "maximum": i64::MAX});

    vec![
        op("get", "/api/v1/me", "The signed-in person and their roles", me),
        op("get", "/api/v1/me/data", "Everything Hartslag holds about me (the same as the download on /me/data)", json!({"type": "object"})),
        op("get", "/api/v1/circles", "My Prof-cirkels", items_of(circle)),
        op("get", "/api/v1/circles/{id}", "A circle (members only)", circle_full),
        op("get", "/api/v1/circles/{id}/situations", "Work situations of a circle, 25 a page", page_of(situation)).paged(),
        op("post", "/api/v1/circles/{id}/situations", "Write a work situation", id_only()).body(situation_body).created(),
        op("get", "/api/v1/circles/{id}/proposals", "Proposals of a circle, 25 a page", page_of(proposal_summary())).paged(),
        op("get", "/api/v1/circles/{id}/cycles", "A circle's active weeks, 25 a page (members)", page_of(obj(json!({"id": int(), "week_start": text(), "sessions": int()})))).paged(),
        op("post", "/api/v1/circles/{id}/cycles", "Plan an active week with its sessions (members)", id_only()).body(cycle_body).created(),
        op("get", "/api/v1/cycles/{id}", "An active week: its sessions and the chosen questions and situations (members)", cycle),
        op("get", "/api/v1/proposals/{id}", "A proposal (members; the decider once submitted, without votes)", proposal),
        op("post", "/api/v1/proposals/{id}/votes", "Vote on the current text", state.clone()).body(vote_body),
        op("post", "/api/v1/proposals/{id}/decision", "Decide on a submitted proposal (the decider)", state).body(decision_body),
        op("get", "/api/v1/sessions/{id}", "A session with its shared notes (members and its guests)", session),
        op("put", "/api/v1/sessions/{id}/notes/{step}", "Save a shared note with a version check", obj(json!({"step": int(), "version": int()}))).body(note_body),
        op("get", "/api/v1/sessions/{id}/attendance", "Who was there, and who can be marked (members)", attendance.clone()),
        op("put", "/api/v1/sessions/{id}/attendance", "Record who was there (members, until the session is long past)", attendance).body(attendance_body),
        op("get", "/api/v1/decisions", "Proposals waiting for my decision (managers)", items_of(proposal_summary())),
        op("get", "/api/v1/path", "My learning path: plan, goals, items and progress (the owner alone)", my_path.clone()),
        op("put", "/api/v1/path", "Change my path's goals, talents and what I share with my manager, with a version check", my_path).body(goals_body()),
        op("get", "/api/v1/conversations", "My talent-development conversations, as professional or as manager, 25 a page", page_of(conversation_summary())).paged(),
        op("get", "/api/v1/conversations/{id}", "A conversation's shared record (its two parties; the manager sees only what the page shows them)", conversation),
        op("get", "/api/v1/time", "My learning time: hours used of granted, the last 12 weeks", my_time),
        op("get", "/api/v1/team", "My team's learning time, hours used of granted, the last 8 weeks (managers), 25 a page", team).paged(),
        op("get", "/api/v1/cockpit", "The cockpit's published figures of a unit (L&D; managers for the units they lead); hidden cells have no figures", cockpit)
            .query("unit", unit_id.clone())
            .query("grain", json!({"type": "string", "enum": ["month", "quarter"]}))
            .query("at", json!({"type": "string", "maxLength": 16, "pattern": "^[0-9A-Q-]*$"})),
        op("get", "/api/v1/scans", "Scans asking me, and (L&D) the organisation's runs", scans),
        op("get", "/api/v1/scans/{id}/questionnaire", "My open questionnaire with my saved answers (the respondent)", questionnaire),
        op("post", "/api/v1/scans/{id}/answers", "Save my answers, and send them when `send` is true and every item is answered", answered).body(answers_body),
        op("get", "/api/v1/scans/{id}/report", "A closed run's published report (L&D); 409 while the run is open", report),
        op("get", "/api/v1/impact/solutions", "The register of learning solutions, 25 a page (L&D)", page_of(impact_solution())).paged(),
        op("post", "/api/v1/impact/solutions", "Add a learning solution to the register (L&D)", id_only()).body(impact_solution_body(false)).created(),
        op("get", "/api/v1/impact/solutions/{id}", "A learning solution with its route-C parameters for a unit and published period (L&D); a hidden group has no value", impact_report())
            .query("unit", unit_id.clone())
            .query("at", json!({"type": "string", "maxLength": 16, "pattern": "^[0-9A-Q-]*$"})),
        op("put", "/api/v1/impact/solutions/{id}", "Change a learning solution, with a version check (L&D)", impact_solution()).body(impact_solution_body(true)),
        op("post", "/api/v1/impact/solutions/{id}/values", "Enter a value for a parameter L&D enters, for a group of at least the minimum (L&D)", id_only()).body(impact_value_body()).created(),
        op("get", "/api/v1/admin/units", "The organisation's units, 25 a page (administrators)", page_of(unit_schema())).paged(),
        op("post", "/api/v1/admin/units", "Make a unit (administrators)", id_only()).body(unit_body()).created(),
        op("put", "/api/v1/admin/units/{id}", "Change a unit (administrators)", unit_schema()).body(unit_body()),
        op("get", "/api/v1/admin/people", "The organisation's people, 25 a page, optionally searched (administrators)", page_of(person_schema()))
            .paged()
            .query("q", json!({"type": "string", "maxLength": 200, "pattern": "^[^\\u0000]*$"})),
        op("post", "/api/v1/admin/people", "Add a person (administrators)", id_only()).body(person_body(false)).created(),
        op("put", "/api/v1/admin/people/{id}", "Change a person (administrators)", person_schema()).body(person_body(true)),
    ]
}

/// Every API route as (method, path).
#[cfg(test)]
pub fn routes() -> Vec<(&'static str, &'static str)> {
    operations().iter().map(|o| (o.method, o.path)).collect()
}

fn operation(o: &Op) -> Value {
    let ok = json!({"description": if o.status == 201 { "Created" } else { "OK" }, "content": {"application/json": {"schema": o.response}}});
    let mut responses = serde_json::Map::new();
    responses.insert(o.status.to_string(), ok);
    for code in ["400", "401", "403", "404", "409", "422"] {
        responses.insert(code.into(), json!({"$ref": "#/components/responses/Error"}));
    }
    let mut v = json!({"summary": o.summary, "security": [{"bearer": []}], "responses": responses});
    if !o.query.is_empty() {
        v["parameters"] = o
            .query
            .iter()
            .map(|(name, schema)| json!({"name": name, "in": "query", "required": false, "schema": schema}))
            .collect();
    }
    if let Some(schema) = &o.body {
        v["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema}}});
    }
    v
}

fn id_params(path: &str) -> Value {
    let mut params = Vec::new();
    for name in ["id", "step"] {
        if path.contains(&format!("{{{name}}}")) {
            params.push(json!({"name": name, "in": "path", "required": true,
                    "schema": {"type": "integer", "format": "int64", "minimum": 1, "maximum": i64::MAX}}));
        }
    }
    json!(params)
}

/// The document, built from [`operations`].
pub fn build() -> Value {
    let mut paths = serde_json::Map::new();
    for o in operations() {
        let entry = paths.entry(o.path.to_string()).or_insert_with(|| json!({"parameters": id_params(o.path)}));
        entry[o.method] = operation(&o);
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Hartslag API", "version": env!("CARGO_PKG_VERSION"),
            "description": "Lerend werken: circles, active weeks and sessions, proposals, learning paths, conversations, learning time, the cockpit, scans and administration. Same access rules as the web pages: what a page would not show, the API does not return. Request bodies are strict: a field the operation does not know is refused (422), and so is text with a NUL character."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A person's API token, made on the page `/me/tokens` (or with `hartslag admin create-token`); it acts as that person, under the same access rules. Its scope is `read` (only GET; any other method is 403 with error code `token_read_only`) or `read_write`. It expires after the days chosen when it was made (90 by default, at most 365); an expired token is 401 with error code `token_expired`, a revoked or unknown one 401 with `unauthenticated`."}},
            "responses": {"Error": {"description": "An error with a message in the caller's language (Accept-Language). `code` is stable: among others `unauthenticated` and `token_expired` (401), `forbidden` and `token_read_only` (403), `not_found`, `conflict`, `invalid`",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "object",
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                        "field": {"type": "string", "description": "With `invalid`: the input field the message is about, where one is."}}}}}}}}}
        }
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}
