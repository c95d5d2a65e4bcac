//! `/admin/import`: upload an HR export, read the dry run row by row, then apply it.

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{Recent, Stored};
use super::{Action, Field, Options, Report, presets};
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

/// The largest HR file accepted (a 100,000-person export is about 10 MB).
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/import", get(page).post(upload))
        .route("/admin/import/{id}", get(show))
        .route("/admin/import/{id}/apply", post(apply))
}

#[derive(Template)]
#[template(path = "provisioning/templates/import.html")]
struct ImportPage {
    ctx: PageCtx,
    presets: Vec<(&'static str, &'static str)>,
    fields: Vec<&'static str>,
    recent: Vec<Recent>,
}

impl ImportPage {
    fn when(&self, t: &i64) -> String {
        crate::cycles::format_date(*t, self.ctx.lang)
    }
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let recent = super::store::recent(&st.db, actor.org_id).await?;
    let page = ImportPage {
        ctx: PageCtx::new(&actor, lang),
        presets: presets::PRESETS.iter().map(|p| (p.code, p.label)).collect(),
        fields: Field::ALL.iter().map(|f| f.code()).collect(),
        recent,
    };
    Ok(render(&page)?.into_response())
}

/// The upload: the file and the options, checked for CSRF like every form.
async fn upload(
    State(st): State<AppState>,
    actor: Actor,
    form: std::result::Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let mut form = form.map_err(|_| Error::invalid("import-unreadable"))?;
    let mut csrf = String::new();
    let mut filename = String::new();
    let mut content: Option<Vec<u8>> = None;
    let mut opts = Options::default();
    while let Some(field) = form.next_field().await.map_err(|_| Error::invalid("import-unreadable"))? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            filename = field.file_name().unwrap_or("import.csv").chars().take(200).collect();
            content = Some(field.bytes().await.map_err(|_| Error::invalid("import-too-large"))?.to_vec());
            continue;
        }
        let value = field.text().await.map_err(|_| Error::invalid("error-form"))?;
        match name.as_str() {
            "csrf" => csrf = value,
            "preset" => opts.preset = value,
            "full" => opts.full = true,
            "skip_invalid" => opts.skip_invalid = true,
            "max_deactivate" => {
                opts.max_deactivate_percent = value
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|p| (0..=100).contains(p))
                    .ok_or(Error::invalid("import-threshold-invalid"))?
            }
            other => {
                if let Some(field) = other.strip_prefix("map_").and_then(Field::parse)
                    && !value.trim().is_empty()
                {
                    opts.overrides.push((field, value.trim().chars().take(200).collect()));
                }
            }
        }
    }
    match &actor.csrf {
        Some(expected) if crate::auth::constant_time_eq(expected, &csrf) => {}
        _ => return Err(Error::Csrf),
    }
    let content = content.filter(|c| !c.is_empty()).ok_or(Error::invalid("import-file-missing"))?;
    // Refuse what cannot be read before keeping anything.
    super::check_file(&content, &opts)?;
    let text = super::decode(&content);
    let id = super::store::keep(&st.db, actor.org_id, actor.id, &filename, &text, &opts).await?;
    Ok(see_other(format!("/admin/import/{id}")))
}

async fn stored(st: &AppState, actor: &Actor, id: i64) -> Result<Stored> {
    policy::administer(actor, actor.org_id)?;
    super::store::stored(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)
}

/// A row of the report as the page shows it.
struct ShownLine {
    /// "Record 12, regel 14"; empty for people the file does not list.
    position: String,
    employee_number: String,
    name: String,
    kind: &'static str,
    detail: String,
    notices: Vec<String>,
}

#[derive(Template)]
#[template(path = "provisioning/templates/report.html")]
struct ReportPage {
    ctx: PageCtx,
    id: i64,
    filename: String,
    full: bool,
    report: Option<Report>,
    refused: Option<String>,
    applied_summary: Option<Vec<(String, i64)>>,
    lines: Vec<ShownLine>,
    only_changes: bool,
    more: usize,
}

impl ReportPage {
    fn action_key(&self, kind: &str) -> String {
        format!("import-action-{kind}")
    }
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    all: Option<String>,
}

/// Rows shown on the page at most (the counts cover everything).
const SHOWN: usize = 500;

async fn show(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response> {
    let s = stored(&st, &actor, id).await?;
    let only_changes = q.all.is_none();
    let mut page = ReportPage {
        ctx: PageCtx::new(&actor, lang),
        id,
        filename: s.filename,
        full: s.options.full,
        report: None,
        refused: None,
        applied_summary: None,
        lines: Vec::new(),
        only_changes,
        more: 0,
    };
    if s.applied_at.is_some() {
        let v: serde_json::Value = s.summary.as_deref().and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default();
        let keys = [
            "rows",
            "created",
            "updated",
            "unchanged",
            "deactivated",
            "errors",
            "notices",
            "units_created",
            "units_updated",
        ];
        page.applied_summary = Some(
            keys.iter()
                .map(|k| (lang.t(&format!("import-count-{}", k.replace('_', "-"))), v[*k].as_i64().unwrap_or(0)))
                .collect(),
        );
        return Ok(render(&page)?.into_response());
    }
    if s.content.is_empty() {
        return Err(Error::conflict("import-expired"));
    }
    let report =
        super::run(&st.db, actor.org_id, s.content.as_bytes(), &s.options, false, chrono::Local::now().date_naive())
            .await?;
    let relevant: Vec<_> = report
        .lines
        .iter()
        .filter(|l| !only_changes || l.action != Action::Unchanged || !l.notices.is_empty())
        .collect();
    page.more = relevant.len().saturating_sub(SHOWN);
    page.lines = relevant
        .into_iter()
        .take(SHOWN)
        .map(|l| {
            let (kind, detail) = (l.action.kind(), l.action.detail(lang));
            ShownLine {
                position: super::position(lang, l),
                employee_number: l.employee_number.clone(),
                name: l.name.clone(),
                kind,
                detail,
                notices: l.notices.iter().map(|m| lang.msg(m)).collect(),
            }
        })
        .collect();
    page.refused = report.refused.as_ref().map(|m| lang.msg(m));
    page.report = Some(report);
    Ok(render(&page)?.into_response())
}

type NoFields = std::collections::HashMap<String, String>;

async fn apply(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<NoFields>) -> Result<Response> {
    let s = stored(&st, &form.actor, id).await?;
    if s.applied_at.is_some() {
        return Err(Error::conflict("import-already-applied"));
    }
    if s.content.is_empty() {
        return Err(Error::conflict("import-expired"));
    }
    let report = super::run(
        &st.db,
        form.actor.org_id,
        s.content.as_bytes(),
        &s.options,
        true,
        chrono::Local::now().date_naive(),
    )
    .await?;
    if let Some(why) = report.refused {
        return Err(Error::Conflict(why));
    }
    let summary = serde_json::json!({
        "rows": report.rows, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "deactivated": report.deactivated, "errors": report.errors, "notices": report.notices,
        "units_created": report.units_created, "units_updated": report.units_updated,
    });
    super::mark_applied(&st.db, &form.actor, id, &summary).await?;
    Ok(see_other(format!("/admin/import/{id}")))
}
