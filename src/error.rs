//! The one error type of Hartslag.
//!
//! Handlers return `Result<_, Error>` and use `?` everywhere. An error becomes a response in
//! two steps: [`IntoResponse`] attaches an [`ErrorReport`] (status, message key, arguments) to
//! an empty response, and `web::render_errors` turns that into a page in the user's language
//! or, under `/api`, into JSON. Internal details are logged, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// A user-facing message: a Fluent key plus its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
    /// The form field the message is about, so a form shown again can mark it.
    pub field: Option<&'static str>,
}

impl Msg {
    pub fn new(key: &'static str) -> Msg {
        Msg { key, args: Vec::new(), field: None }
    }
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Msg {
        self.args.push((name, value.to_string()));
        self
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Absent, or present but not the caller's to know about: both look the same.
    #[error("not found")]
    NotFound,
    #[error("authentication required")]
    Unauthenticated,
    /// An API token past its expiry: a new one is needed.
    #[error("api token expired")]
    TokenExpired,
    /// A read-only API token used for a change.
    #[error("api token is read-only")]
    TokenReadOnly,
    /// The caller may know the thing exists but may not do this to it.
    #[error("forbidden")]
    Forbidden,
    /// Bad input: nothing was changed.
    #[error("invalid input: {0:?}")]
    Invalid(Msg),
    /// Someone else changed it first, or the state does not allow it.
    #[error("conflict: {0:?}")]
    Conflict(Msg),
    #[error("csrf check failed")]
    Csrf,
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(key: &'static str) -> Error {
        Error::Invalid(Msg::new(key))
    }
    pub fn conflict(key: &'static str) -> Error {
        Error::Conflict(Msg::new(key))
    }

    /// Bad input in a form field: the form is shown again with the field marked.
    pub fn in_field(self, field: &'static str) -> Error {
        match self {
            Error::Invalid(mut m) => {
                m.field = Some(field);
                Error::Invalid(m)
            }
            other => other,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::Unauthenticated | Error::TokenExpired => StatusCode::UNAUTHORIZED,
            Error::Forbidden | Error::Csrf | Error::TokenReadOnly => StatusCode::FORBIDDEN,
            Error::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::Db(sqlx::Error::RowNotFound) => StatusCode::NOT_FOUND,
            Error::Db(_) | Error::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound | Error::Db(sqlx::Error::RowNotFound) => "not_found",
            Error::Unauthenticated => "unauthenticated",
            Error::TokenExpired => "token_expired",
            Error::Forbidden => "forbidden",
            Error::TokenReadOnly => "token_read_only",
            Error::Invalid(_) => "invalid",
            Error::Conflict(_) => "conflict",
            Error::Csrf => "csrf",
            Error::Db(_) | Error::Internal(_) => "internal",
        }
    }

    pub fn message(&self) -> Msg {
        match self {
            Error::NotFound | Error::Db(sqlx::Error::RowNotFound) => Msg::new("error-not-found"),
            Error::Unauthenticated => Msg::new("error-unauthenticated"),
            Error::TokenExpired => Msg::new("error-token-expired"),
            Error::Forbidden => Msg::new("error-forbidden"),
            Error::TokenReadOnly => Msg::new("error-token-read-only"),
            Error::Csrf => Msg::new("error-csrf"),
            Error::Invalid(m) | Error::Conflict(m) => m.clone(),
            Error::Db(_) | Error::Internal(_) => Msg::new("error-internal"),
        }
    }
}

/// Attached to an error response; rendered by `web::render_errors`.
#[derive(Clone, Debug)]
pub struct ErrorReport {
    pub code: &'static str,
    pub message: Msg,
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self, "request failed");
        }
        let report = ErrorReport { code: self.code(), message: self.message() };
        let mut response = status.into_response();
        response.extensions_mut().insert(report);
        response
    }
}

/// Names the form field a failed check was about (see [`Error::in_field`]).
pub trait InField<T> {
    fn in_field(self, field: &'static str) -> Result<T>;
}

impl<T> InField<T> for Result<T> {
    fn in_field(self, field: &'static str) -> Result<T> {
        self.map_err(|e| e.in_field(field))
    }
}

/// Turns a unique-key violation into a user-facing conflict, like realworld-axum-sqlx does.
pub trait ResultExt<T> {
    fn on_unique(self, key: &'static str) -> Result<T>;
}

impl<T> ResultExt<T> for std::result::Result<T, sqlx::Error> {
    fn on_unique(self, key: &'static str) -> Result<T> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => Error::conflict(key),
            _ => Error::Db(e),
        })
    }
}
