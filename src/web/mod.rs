//! The web room: the toolkit every capability uses — page context and layout, forms with CSRF,
//! error pages, security headers and static assets. It imports no capability: the application
//! is assembled above it, in `crate::app`.

pub mod i18n;
pub mod number;

use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::db::Db;
use crate::error::{Error, ErrorReport, Result};
use crate::policy::Actor;
pub use i18n::Lang;

#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Mark cookies `Secure` (behind HTTPS).
    pub secure_cookies: bool,
    /// An SMTP server is configured: events put mail in the job queue.
    pub mail: bool,
    /// The address people reach Hartslag at (`https://hartslag.example.nl`): links in mail and
    /// calendar feeds, and single sign-on's redirect URIs. The request's host when absent.
    pub public_url: Option<String>,
}

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub config: Arc<Config>,
    pub ai: Arc<crate::ai::AiService>,
    /// Recent scan reports' tallies (see `scans::cache`).
    pub tallies: Arc<crate::scans::cache::TallyCache>,
}

impl AppState {
    /// The server's secret key (outside the database): seals AI keys and scan drafts, and keys
    /// the scans' markers of who has answered.
    pub fn secret(&self) -> &[u8; 32] {
        self.ai.secret()
    }
}

/// The web room's own routes: health, readiness and the static assets.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/static/hartslag.css", get(stylesheet))
        .route("/static/ai.js", get(ai_script))
        .route("/static/favicon.svg", get(favicon_svg))
        .route("/favicon.ico", get(favicon_ico))
}

/// The layer stack every route sits behind: 404 for what no route answers, NUL characters
/// refused, errors rendered per language (JSON under `/api`), the security headers and the
/// request's span in the log.
pub fn wrap(routes: Router<AppState>, state: AppState) -> Router {
    let csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
               form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    routes
        .fallback(|| async { Error::NotFound })
        .layer(axum::middleware::from_fn(refuse_nul))
        .layer(axum::middleware::from_fn(render_errors))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp)))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

async fn readyz(State(st): State<AppState>) -> Response {
    match st.db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

async fn ai_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("ai.js"),
    )
        .into_response()
}

async fn stylesheet() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("hartslag.css"),
    )
        .into_response()
}

/// The icon: a heart with a heartbeat line, as SVG (linked from every page) and as a 32×32 ICO
/// of the same shapes for whatever asks for `/favicon.ico` by habit.
async fn favicon_svg() -> Response {
    (
        [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")],
        include_str!("favicon.svg"),
    )
        .into_response()
}

async fn favicon_ico() -> Response {
    (
        [(header::CONTENT_TYPE, "image/x-icon"), (header::CACHE_CONTROL, "public, max-age=86400")],
        include_bytes!("favicon.ico").as_slice(),
    )
        .into_response()
}

/// Turns an [`ErrorReport`] into a page in the user's language, or JSON under `/api`; under
/// `/scim/` every error is a SCIM error document.
/// The span of a request in the log: method and path, without the query, and without the key in
/// a calendar feed's address (whoever reads the log must not be able to subscribe to it).
fn request_span(req: &Request) -> tracing::Span {
    let path = req.uri().path();
    let shown = if path.starts_with("/calendar/") { "/calendar/…" } else { path };
    tracing::debug_span!("request", method = %req.method(), path = %shown)
}

/// No person types a NUL character, and PostgreSQL cannot store one in text (SQLite can): a
/// request that carries one — in its address, or in a form or JSON body — is refused before any
/// handler runs, with the same clear answer on both engines. Found by schemathesis.
async fn refuse_nul(req: Request, next: Next) -> Response {
    let encoded_nul = |s: &str| s.contains("%00") || s.contains('\0');
    if encoded_nul(req.uri().path()) || req.uri().query().is_some_and(encoded_nul) {
        return Error::invalid("error-text-nul").into_response();
    }
    let ct = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let is_json = ct.contains("json");
    if !is_json && !ct.starts_with("application/x-www-form-urlencoded") {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    // Forms and JSON are small here (256 KB at most further in); anything larger is refused.
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if body_has_nul(is_json, &bytes) {
        return Error::invalid("error-text-nul").into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

/// Whether a form (`is_json` false) or JSON body carries a NUL character. In a form a typed "%"
/// is sent as "%25", so "%00" is always an encoded NUL. In JSON the text itself may say "%00"
/// or "\u0000": only a NUL in a parsed string counts (and a raw NUL byte, which is not JSON).
pub fn body_has_nul(is_json: bool, bytes: &[u8]) -> bool {
    bytes.contains(&0)
        || if is_json {
            bytes.windows(6).any(|w| w == b"\\u0000")
                && serde_json::from_slice::<serde_json::Value>(bytes).is_ok_and(|v| json_has_nul(&v))
        } else {
            bytes.windows(3).any(|w| w == b"%00")
        }
}

/// Whether any string of a JSON document, key or value, holds a NUL character.
pub fn json_has_nul(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(json_has_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

async fn render_errors(req: Request, next: Next) -> Response {
    let lang = Lang::from_headers(req.headers());
    let path = req.uri().path().to_string();
    let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    let is_api = path.starts_with("/api/");
    if path.starts_with("/scim/") {
        return crate::scim::framework_errors(next.run(req).await);
    }
    let response = next.run(req).await;
    let report = match response.extensions().get::<ErrorReport>().cloned() {
        Some(r) => r,
        // Rejections from the framework itself (a path or query that does not parse, a wrong
        // method, a body too large) get the same clear, translated answer as our own errors.
        None => match response.status().as_u16() {
            400 => ErrorReport { code: "invalid", message: crate::error::Msg::new("error-bad-request") },
            405 => ErrorReport { code: "method_not_allowed", message: crate::error::Msg::new("error-method") },
            413 => ErrorReport { code: "too_large", message: crate::error::Msg::new("error-too-large") },
            _ => return response,
        },
    };
    let status = response.status();
    let message = lang.msg(&report.message);
    if is_api {
        let mut body = serde_json::json!({ "error": { "code": report.code, "message": message } });
        if let Some(field) = report.message.field {
            body["error"]["field"] = field.into();
        }
        return (status, axum::Json(body)).into_response();
    }
    if status == StatusCode::UNAUTHORIZED {
        let next = format!("{path}{query}");
        let target = format!("/login?next={}", urlencode(&next));
        return Redirect::to(&target).into_response();
    }
    let page = ErrorPage { lang, title: lang.t(status_key(status)), message };
    let html = page.render().unwrap_or_else(|_| "error".into());
    (status, Html(html)).into_response()
}

fn status_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "error-title-not-found",
        403 => "error-title-forbidden",
        409 => "error-title-conflict",
        400 | 413 | 422 => "error-title-invalid",
        _ => "error-title-internal",
    }
}

#[derive(Template)]
#[template(path = "web/templates/error.html")]
struct ErrorPage {
    lang: Lang,
    title: String,
    message: String,
}

/// What every page's layout needs: language, the signed-in person's navigation, the CSRF token.
pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<Actor>,
    pub csrf: String,
}

impl PageCtx {
    pub fn new(actor: &Actor, lang: Lang) -> PageCtx {
        PageCtx { lang, csrf: actor.csrf.clone().unwrap_or_default(), user: Some(actor.clone()) }
    }
    pub fn anonymous(lang: Lang) -> PageCtx {
        PageCtx { lang, user: None, csrf: String::new() }
    }
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
    pub fn ta(&self, key: &str, name: &str, value: impl ToString) -> String {
        self.lang.ta(key, &[(name, value.to_string())])
    }
    pub fn nl(&self) -> bool {
        self.lang == Lang::Nl
    }
    /// Pick the text in the page's language from a Dutch/English pair.
    pub fn pick<'a>(&self, nl: &'a str, en: &'a str) -> &'a str {
        if self.lang == Lang::Nl || en.is_empty() { nl } else { en }
    }
    pub fn is_manager(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_manager)
    }
    pub fn is_adviser(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_adviser)
    }
    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_admin)
    }
    pub fn is_guest(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_guest)
    }
}

/// Renders an askama page.
pub fn render<T: Template>(page: &T) -> Result<Html<String>> {
    page.render().map(Html).map_err(|e| Error::Internal(e.into()))
}

/// After a successful POST: back to a page (Post/Redirect/Get).
pub fn see_other(path: impl AsRef<str>) -> Response {
    Redirect::to(path.as_ref()).into_response()
}

/// A CSV download (the `csv` crate): UTF-8 with a byte-order mark so spreadsheet programs read
/// the accents, CRLF line ends (RFC 4180), and a text field that starts with a formula
/// character (`=`, `+`, `-`, `@`) defused with a leading apostrophe.
pub struct Csv {
    w: csv::Writer<Vec<u8>>,
}

impl Csv {
    /// Text quoted, numbers bare: for figures a spreadsheet should compute with.
    pub fn new() -> Csv {
        Csv::with(csv::QuoteStyle::NonNumeric)
    }

    /// Every field quoted: for rows whose figures are formatted text ("12% (3 / 25)").
    pub fn text() -> Csv {
        Csv::with(csv::QuoteStyle::Always)
    }

    fn with(style: csv::QuoteStyle) -> Csv {
        let w = csv::WriterBuilder::new()
            .quote_style(style)
            .terminator(csv::Terminator::CRLF)
            .from_writer("\u{feff}".as_bytes().to_vec());
        Csv { w }
    }

    pub fn row<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = S>) -> Result<()> {
        let fields = fields.into_iter().map(|f| {
            let f = f.as_ref();
            if f.starts_with(['=', '+', '-', '@']) && f.parse::<f64>().is_err() {
                format!("'{f}")
            } else {
                f.to_string()
            }
        });
        self.w.write_record(fields).map_err(|e| Error::Internal(e.into()))
    }

    /// The file as a download named `filename`.
    pub fn download(self, filename: &str) -> Result<Response> {
        let bytes = self.w.into_inner().map_err(|e| Error::Internal(anyhow::anyhow!("csv: {e}")))?;
        let disposition = format!("attachment; filename=\"{filename}\"");
        Ok((
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, disposition)],
            bytes,
        )
            .into_response())
    }
}

impl Default for Csv {
    fn default() -> Csv {
        Csv::new()
    }
}

/// A value from the `Cookie` header (parsed by the `cookie` crate).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|all| {
        cookie::Cookie::split_parse(all)
            .filter_map(|c| c.ok())
            .find(|c| c.name() == name)
            .map(|c| c.value().to_string())
    })
}

/// A cookie of ours: `HttpOnly` unless said otherwise, `SameSite=Lax`, for `path`, living
/// `max_age` seconds (0 removes it), `Secure` when the site is served over HTTPS.
pub fn new_cookie(
    name: &'static str,
    value: &str,
    path: &'static str,
    max_age: i64,
    secure: bool,
) -> cookie::Cookie<'static> {
    cookie::Cookie::build((name, value.to_string()))
        .path(path)
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age))
        .secure(secure)
        .build()
}

/// Adds a `Set-Cookie` header; the value is percent-encoded, so the header is always valid.
pub fn add_cookie(resp: &mut Response, c: cookie::Cookie<'_>) {
    match HeaderValue::from_str(&c.encoded().to_string()) {
        Ok(v) => {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
        Err(e) => tracing::error!(error = %e, name = c.name(), "a cookie could not be set"),
    }
}

/// Percent-encodes for a URL's query or path: unreserved characters and `/` stay.
pub fn urlencode(s: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~').remove(b'/');
    percent_encoding::utf8_percent_encode(s, KEEP).to_string()
}

/// A local path to return to after a redirect: never another host.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        // Browsers drop tabs and newlines inside a URL, so "/\t/evil.example" would be
        // "//evil.example" to them: no control characters or whitespace at all.
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.chars().any(|c| c == '\\' || c.is_control() || c.is_whitespace()) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

/// A form posted by a signed-in person from one of our pages: the CSRF token is checked
/// before the handler runs, and the actor comes with it.
pub struct Submit<T> {
    pub actor: Actor,
    pub data: T,
}

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf: String,
}

impl<T: DeserializeOwned + Send> FromRequest<AppState> for Submit<T> {
    type Rejection = Error;

    async fn from_request(req: Request<Body>, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let actor = Actor::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, 256 * 1024).await.map_err(|_| Error::invalid("error-form"))?;
        let token: CsrfField = serde_html_form::from_bytes(&bytes).map_err(|_| Error::Csrf)?;
        match &actor.csrf {
            Some(expected) if crate::auth::constant_time_eq(expected, &token.csrf) => {}
            _ => return Err(Error::Csrf),
        }
        let data = serde_html_form::from_bytes(&bytes).map_err(|e| {
            tracing::debug!(error = %e, "form did not parse");
            Error::invalid("error-form")
        })?;
        Ok(Submit { actor, data })
    }
}

/// `?page=N` (1-based), 25 rows a page.
#[derive(Deserialize, Default, Clone, Copy)]
pub struct PageQuery {
    pub page: Option<i64>,
}

pub const PAGE_SIZE: i64 = 25;

impl PageQuery {
    pub fn number(&self) -> i64 {
        self.page.unwrap_or(1).clamp(1, 100_000)
    }
    pub fn offset(&self) -> i64 {
        (self.number() - 1) * PAGE_SIZE
    }
    /// Fetch one more than a page to learn whether there is a next one.
    pub fn limit(&self) -> i64 {
        PAGE_SIZE + 1
    }
}

/// Links to the previous and next page of a list.
pub struct Pager {
    pub page: i64,
    pub has_next: bool,
}

impl Pager {
    /// Trims the extra row fetched by [`PageQuery::limit`].
    pub fn of<T>(q: PageQuery, rows: &mut Vec<T>) -> Pager {
        let has_next = rows.len() as i64 > PAGE_SIZE;
        rows.truncate(PAGE_SIZE as usize);
        Pager { page: q.number(), has_next }
    }
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }
    pub fn prev(&self) -> i64 {
        self.page - 1
    }
    pub fn next(&self) -> i64 {
        self.page + 1
    }
    pub fn shown(&self) -> bool {
        self.has_prev() || self.has_next
    }
}

/// Trims a required text field. Empty is bad input with `key` (which says what to fill in);
/// too long is `text-too-long`, with the length and the maximum.
pub fn required(value: &str, max: usize, key: &'static str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(key));
    }
    let length = v.chars().count();
    if length > max {
        return Err(Error::Invalid(crate::error::Msg::new("text-too-long").arg("max", max).arg("length", length)));
    }
    Ok(v.to_string())
}

/// A refused form, to show the form again with the input kept: the message in the reader's
/// language and the field it is about (marked `aria-invalid` and described by the message).
#[derive(Clone, Debug, Default)]
pub struct FormError {
    pub message: Option<String>,
    pub field: Option<&'static str>,
}

impl FormError {
    /// The attributes of a field input: marked when the message is about it.
    pub fn attrs(&self, field: &str) -> &'static str {
        if self.message.is_some() && self.field == Some(field) {
            r#" aria-invalid="true" aria-describedby="form-error""#
        } else {
            ""
        }
    }
}

/// A form handler's store call: bad input becomes a [`FormError`] to show the form again with
/// (422); anything else stays an error.
pub fn form_refused<T>(r: Result<T>, lang: Lang) -> Result<std::result::Result<T, FormError>> {
    match r {
        Ok(v) => Ok(Ok(v)),
        Err(Error::Invalid(m)) => Ok(Err(FormError { message: Some(lang.msg(&m)), field: m.field })),
        Err(e) => Err(e),
    }
}

/// A form shown again after bad input: the page with status 422.
pub fn form_again<T: Template>(page: &T) -> Result<Response> {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(page)?).into_response())
}

/// Trims an optional text field; too long is bad input.
pub fn optional(value: &str, max: usize, key: &'static str) -> Result<String> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Error::Invalid(crate::error::Msg::new(key).arg("max", max)));
    }
    Ok(v.to_string())
}

/// An empty select means "none"; anything else must be a number.
pub fn optional_id(s: &str) -> Result<Option<i64>> {
    let s = s.trim();
    if s.is_empty() { Ok(None) } else { s.parse().map(Some).map_err(|_| Error::invalid("error-form")) }
}

/// Hours as typed by a person ("2,5" or "2.5") into minutes; empty is `None`. Outside
/// `0..=max_hours`, or not a number, is bad input with the given message key.
pub fn hours_to_minutes(s: &str, max_hours: f64, key: &'static str) -> Result<Option<i64>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let v: f64 = s.replace(',', ".").parse().map_err(|_| Error::invalid(key))?;
    if !v.is_finite() || !(0.0..=max_hours).contains(&v) {
        return Err(Error::invalid(key));
    }
    Ok(Some((v * 60.0).round() as i64))
}

#[cfg(test)]
mod tests {
    use super::{Body, Csv, HeaderMap, HeaderValue, Response, add_cookie, header, new_cookie, urlencode};
    /// Every template under `src/`, with its text.
    fn templates() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "html") {
                    out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
                }
            }
        }
        let mut out = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        assert!(out.len() > 30, "the templates were found");
        out
    }

    /// The CSP (`style-src 'self'`) refuses inline styles: a `style` attribute would do nothing
    /// but put an error in the console. Styles live in hartslag.css.
    #[test]
    fn no_template_has_an_inline_style_or_script() {
        for (path, text) in templates() {
            for bad in ["style=", "<style", "onclick=", "onload=", "onsubmit=", "onchange=", "javascript:"] {
                assert!(!text.contains(bad), "{path} has {bad}");
            }
        }
    }

    /// On a phone a table scrolls inside its own box instead of widening the page.
    #[test]
    fn every_table_scrolls_in_its_own_box() {
        for (path, text) in templates() {
            let mut rest = text.as_str();
            while let Some(at) = rest.find("<table") {
                let before = rest[..at].trim_end();
                assert!(before.ends_with(r#"<div class="scroll">"#), "{path}: a table outside <div class=\"scroll\">");
                rest = &rest[at + 6..];
            }
        }
    }

    #[test]
    fn csv_quotes_text_defuses_formulas_and_keeps_numbers_bare() {
        let mut c = Csv::new();
        c.row(["Afdeling \"Noord\"", "=HYPERLINK(1)", "-3", "3.13", ""]).unwrap();
        let mut t = Csv::text();
        t.row(["12% (3 / 25)", "@x"]).unwrap();
        let body = |r: Response| {
            let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
            let bytes = rt.block_on(axum::body::to_bytes(r.into_body(), 1 << 20)).unwrap();
            String::from_utf8(bytes.to_vec()).unwrap()
        };
        assert_eq!(
            body(c.download("a.csv").unwrap()),
            "\u{feff}\"Afdeling \"\"Noord\"\"\",\"'=HYPERLINK(1)\",-3,3.13,\"\"\r\n"
        );
        assert_eq!(body(t.download("b.csv").unwrap()), "\u{feff}\"12% (3 / 25)\",\"'@x\"\r\n");
    }

    #[test]
    fn cookies_are_read_and_written_by_the_cookie_crate() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; lang=en; hartslag_session=abc"));
        assert_eq!(super::cookie(&h, "lang").as_deref(), Some("en"));
        assert_eq!(super::cookie(&h, "missing"), None);
        let mut r = Response::new(Body::empty());
        add_cookie(&mut r, new_cookie("hartslag_session", "t0k", "/", 60, true));
        let set = r.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
        for part in ["hartslag_session=t0k", "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=60", "Secure"] {
            assert!(set.contains(part), "{set} has {part}");
        }
        assert_eq!(urlencode("/circles?x=1 2&é"), "/circles%3Fx%3D1%202%26%C3%A9");
    }

    #[test]
    fn the_icon_is_an_icon() {
        let ico = include_bytes!("favicon.ico");
        assert_eq!(&ico[..4], &[0, 0, 1, 0], "an ICO header");
        assert!(include_str!("favicon.svg").starts_with("<svg"));
    }
}
