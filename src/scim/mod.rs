//! SCIM 2.0 provisioning (RFC 7643, RFC 7644): an organisation's identity system creates,
//! updates and deactivates people and keeps units in step, under `/scim/v2`.
//!
//! The room holds the protocol — the filter language (`filter.rs`), PATCH (`patch.rs`), the
//! resource representations (`users.rs`, `groups.rs`), the discovery documents
//! (`discovery.rs`), the queries (`store.rs`) — and the administrator's token page
//! (`admin.rs`). It touches `people` and `units` of the token's own organisation and nothing
//! else: no circle, reflection, path or scan data is read or returned (see `PRIVACY.md`).
//!
//! Callers authenticate with a bearer token per organisation (`scim_tokens`, only its SHA-256 is
//! stored); browser sessions and personal API tokens do not count here. Errors are SCIM error
//! documents in English, whatever the route: `web::render_errors` hands every response under
//! `/scim/` to [`framework_errors`].

mod admin;
mod discovery;
pub mod filter;
mod groups;
pub mod patch;
mod routes;
pub mod store;
mod users;

/// How a User document is shaped, for PATCH (used by the fuzz targets too).
pub use users::SHAPE as USER_SHAPE;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::Error;
use crate::web::{AppState, Lang};

pub const CONTENT_TYPE: &str = "application/scim+json";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const SEARCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const ENTERPRISE_SCHEMA: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// The most resources one list answer holds (`filter.maxResults`).
pub const MAX_RESULTS: i64 = 200;
/// Resources per page when the client does not say.
pub const DEFAULT_COUNT: i64 = 100;

pub fn routes() -> Router<AppState> {
    routes::routes().merge(admin::routes())
}

/// A SCIM error document (RFC 7644 §3.12): status, `scimType` where the RFC defines one, and a
/// detail in English for the administrator reading the identity system's log.
#[derive(Debug, Clone)]
pub struct ScimError {
    pub status: u16,
    pub scim_type: Option<&'static str>,
    pub detail: String,
}

impl ScimError {
    pub fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> ScimError {
        ScimError { status, scim_type, detail: detail.into() }
    }
    pub fn invalid_filter(detail: impl Into<String>) -> ScimError {
        ScimError::new(400, Some("invalidFilter"), detail)
    }
    pub fn invalid_path(detail: impl Into<String>) -> ScimError {
        ScimError::new(400, Some("invalidPath"), detail)
    }
    pub fn invalid_value(detail: impl Into<String>) -> ScimError {
        ScimError::new(400, Some("invalidValue"), detail)
    }
    pub fn invalid_syntax(detail: impl Into<String>) -> ScimError {
        ScimError::new(400, Some("invalidSyntax"), detail)
    }
    pub fn no_target(detail: impl Into<String>) -> ScimError {
        ScimError::new(400, Some("noTarget"), detail)
    }
    pub fn mutability(detail: impl Into<String>) -> ScimError {
        ScimError::new(400, Some("mutability"), detail)
    }
    pub fn uniqueness(detail: impl Into<String>) -> ScimError {
        ScimError::new(409, Some("uniqueness"), detail)
    }
    pub fn conflict(detail: impl Into<String>) -> ScimError {
        ScimError::new(409, None, detail)
    }
    pub fn not_found() -> ScimError {
        ScimError::new(404, None, "Resource not found")
    }
    pub fn precondition() -> ScimError {
        ScimError::new(412, None, "The resource changed: If-Match does not match its current version")
    }
    pub fn unauthorized() -> ScimError {
        ScimError::new(401, None, "A valid SCIM bearer token of this organisation is required")
    }
}

impl From<Error> for ScimError {
    fn from(e: Error) -> ScimError {
        match e {
            Error::NotFound | Error::Db(sqlx::Error::RowNotFound) => ScimError::not_found(),
            Error::Unauthenticated | Error::Csrf => ScimError::unauthorized(),
            Error::Forbidden => ScimError::new(403, None, "Not allowed"),
            Error::Invalid(m) => ScimError::invalid_value(Lang::En.msg(&m)),
            Error::Conflict(m) => ScimError::conflict(Lang::En.msg(&m)),
            Error::Db(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                ScimError::uniqueness("A unique attribute (userName, externalId or employeeNumber) is already in use")
            }
            e => {
                tracing::error!(error = %e, "SCIM request failed");
                ScimError::new(500, None, "Internal error")
            }
        }
    }
}

impl From<sqlx::Error> for ScimError {
    fn from(e: sqlx::Error) -> ScimError {
        ScimError::from(Error::Db(e))
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.to_string(),
            "detail": self.detail,
        });
        if let Some(t) = self.scim_type {
            body["scimType"] = t.into();
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = scim_json(status, &body);
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"SCIM\""));
        }
        resp
    }
}

/// A JSON body as `application/scim+json`.
pub fn scim_json(status: StatusCode, body: &serde_json::Value) -> Response {
    let mut resp = (status, body.to_string()).into_response();
    resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    resp
}

/// Every response under `/scim/` passes here: our own SCIM documents go out as they are;
/// what the framework answered by itself (no route, wrong method, a body too large or
/// unreadable) becomes a SCIM error document too.
pub fn framework_errors(response: Response) -> Response {
    let ours = response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes() == CONTENT_TYPE.as_bytes());
    let status = response.status();
    if ours || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let e = match status.as_u16() {
        404 => ScimError::not_found(),
        405 => ScimError::new(405, None, "This endpoint does not support the method"),
        413 => ScimError::new(413, Some("tooLarge"), "The request body is larger than 256 KiB"),
        415 => ScimError::invalid_syntax("Send the body as application/scim+json or application/json"),
        401 => ScimError::unauthorized(),
        s if s < 500 => ScimError::invalid_syntax("The request could not be read"),
        s => ScimError::new(s, None, "Internal error"),
    };
    e.into_response()
}

/// The identity system calling: a token of one organisation.
#[derive(Clone, Debug)]
pub struct ScimClient {
    pub token_id: i64,
    pub org_id: i64,
}

impl FromRequestParts<AppState> for ScimClient {
    type Rejection = ScimError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ScimError> {
        if let Some(c) = parts.extensions.get::<ScimClient>() {
            return Ok(c.clone());
        }
        let token = crate::auth::bearer(&parts.headers).ok_or_else(ScimError::unauthorized)?;
        let client = store::authenticate(&state.db, token).await?.ok_or_else(ScimError::unauthorized)?;
        parts.extensions.insert(client.clone());
        Ok(client)
    }
}

/// The address of the SCIM service as the caller reached it, for `meta.location` and `$ref`.
/// Behind a proxy, `X-Forwarded-Proto` and `X-Forwarded-Host` say how.
pub fn base_url(headers: &HeaderMap, secure: bool) -> String {
    let get = |h: &str| headers.get(h).and_then(|v| v.to_str().ok()).map(|s| s.split(',').next().unwrap_or("").trim());
    let proto = get("x-forwarded-proto").filter(|p| *p == "http" || *p == "https");
    let proto = proto.unwrap_or(if secure { "https" } else { "http" });
    let host = get("x-forwarded-host")
        .or_else(|| get("host"))
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)));
    format!("{proto}://{}/scim/v2", host.unwrap_or("localhost"))
}

/// Unix seconds as an RFC 3339 date-time.
pub fn rfc3339(ts: i64) -> String {
    chrono::DateTime::from_timestamp(ts, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A weak ETag from a version counter.
pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}
