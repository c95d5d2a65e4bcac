//! The OpenAPI 3.1 description of `/api/v1`, written out by hand beside the routes it
//! describes (the policy matrix test checks that every route here exists and vice versa).

use axum::Json;
use serde_json::{Value, json};

/// Every API route as (method, path): the matrix test walks this list.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/me"),
    ("get", "/api/v1/circles"),
    ("get", "/api/v1/circles/{id}"),
    ("get", "/api/v1/circles/{id}/situations"),
    ("post", "/api/v1/circles/{id}/situations"),
    ("get", "/api/v1/circles/{id}/proposals"),
    ("get", "/api/v1/proposals/{id}"),
    ("post", "/api/v1/proposals/{id}/votes"),
    ("post", "/api/v1/proposals/{id}/decision"),
    ("get", "/api/v1/sessions/{id}"),
    ("put", "/api/v1/sessions/{id}/notes/{step}"),
    ("get", "/api/v1/decisions"),
];

fn op(summary: &str, body: Option<Value>, created: bool) -> Value {
    let mut o = json!({
        "summary": summary,
        "security": [{"bearer": []}],
        "responses": {
            "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}},
            "400": {"$ref": "#/components/responses/Error"},
            "401": {"$ref": "#/components/responses/Error"},
            "403": {"$ref": "#/components/responses/Error"},
            "404": {"$ref": "#/components/responses/Error"},
            "409": {"$ref": "#/components/responses/Error"},
            "422": {"$ref": "#/components/responses/Error"}
        }
    });
    if let Some(schema) = body {
        o["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": schema}}});
    }
    if created {
        o["responses"]["201"] =
            json!({"description": "Created", "content": {"application/json": {"schema": {"type": "object"}}}});
    }
    o
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

pub async fn document() -> Json<Value> {
    let bodies = |m: &str, p: &str| -> (String, Option<Value>) {
        match (m, p) {
            ("get", "/api/v1/me") => ("The signed-in person and their roles".into(), None),
            ("get", "/api/v1/circles") => ("My Prof-cirkels".into(), None),
            ("get", "/api/v1/circles/{id}") => ("A circle (members only)".into(), None),
            ("get", "/api/v1/circles/{id}/situations") => ("Work situations of a circle, 25 a page".into(), None),
            ("post", "/api/v1/circles/{id}/situations") => (
                "Write a work situation".into(),
                Some(json!({
                    "type": "object", "additionalProperties": false, "required": ["title", "description"],
                    "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"},
                        "description": {"type": "string", "minLength": 1, "maxLength": 5000, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"},
                        "kind": {"type": "string", "enum": ["work_process", "business_process", "characteristic"]}, "critical": {"type": "boolean"}}
                })),
            ),
            ("get", "/api/v1/circles/{id}/proposals") => ("Proposals of a circle, 25 a page".into(), None),
            ("get", "/api/v1/proposals/{id}") => {
                ("A proposal (members; the decider once submitted, without votes)".into(), None)
            }
            ("post", "/api/v1/proposals/{id}/votes") => (
                "Vote on the current text".into(),
                Some(json!({
                    "type": "object", "additionalProperties": false, "required": ["choice"],
                    "properties": {"choice": {"type": "string", "enum": ["agree", "object"]}, "reason": {"type": "string", "maxLength": 2000, "pattern": "^[^\\u0000]*$"}},
                    // An objection says why.
                    "if": {"properties": {"choice": {"const": "object"}}},
                    "then": {"required": ["reason"], "properties": {"reason": {"minLength": 1, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"}}}
                })),
            ),
            ("post", "/api/v1/proposals/{id}/decision") => (
                "Decide on a submitted proposal (the decider)".into(),
                Some(json!({
                    "type": "object", "additionalProperties": false, "required": ["decision"],
                    "properties": {"decision": {"type": "string", "enum": ["accept", "decline", "return"]}, "reason": {"type": "string", "maxLength": 5000, "pattern": "^[^\\u0000]*$"}},
                    // Declining or returning says why.
                    "if": {"properties": {"decision": {"enum": ["decline", "return"]}}},
                    "then": {"required": ["reason"], "properties": {"reason": {"minLength": 1, "pattern": "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"}}}
                })),
            ),
            ("get", "/api/v1/sessions/{id}") => {
                ("A session with its shared notes (members and its guests)".into(), None)
            }
            ("put", "/api/v1/sessions/{id}/notes/{step}") => (
                "Save a shared note with a version check".into(),
                Some(json!({
                    "type": "object", "additionalProperties": false, "required": ["body", "version"],
                    "properties": {"body": {"type": "string", "maxLength": 20000, "pattern": "^[^\\u0000]*$"}, "version": {"type": "integer", "minimum": 0, "maximum": i64::MAX}}
                })),
            ),
            ("get", "/api/v1/decisions") => ("Proposals waiting for my decision (managers)".into(), None),
            _ => (String::new(), None),
        }
    };
    let mut paths = serde_json::Map::new();
    for (method, path) in ROUTES {
        let (summary, body) = bodies(method, path);
        let entry = paths.entry(path.to_string()).or_insert_with(|| json!({"parameters": id_params(path)}));
        entry[*method] = op(&summary, body, *path == "/api/v1/circles/{id}/situations" && *method == "post");
    }
    Json(json!({
        "openapi": "3.1.0",
        "info": {"title": "Hartslag API", "version": env!("CARGO_PKG_VERSION"),
            "description": "Lerend werken: circles, work situations, sessions and proposals. Same access rules as the web pages. Request bodies are strict: a field the operation does not know is refused (422), and so is text with a NUL character."},
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "A person's API token, made on the page `/me/tokens` (or with `hartslag admin create-token`); it acts as that person, under the same access rules. Its scope is `read` (only GET; any other method is 403 with error code `token_read_only`) or `read_write`. It expires after the days chosen when it was made (90 by default, at most 365); an expired token is 401 with error code `token_expired`, a revoked or unknown one 401 with `unauthenticated`."}},
            "responses": {"Error": {"description": "An error with a message in the caller's language (Accept-Language). `code` is stable: among others `unauthenticated` and `token_expired` (401), `forbidden` and `token_read_only` (403), `not_found`, `conflict`, `invalid`",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"error": {"type": "object",
                    "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}}}}}
        }
    }))
}
