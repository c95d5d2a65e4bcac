//! "Mijn gegevens" (readable and JSON), and erasure by an administrator.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::Value;

use super::store;
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Lang, PageCtx, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me/data", get(page))
        .route("/me/data.json", get(download))
        .route("/admin/people/{id}/erase", post(erase))
}

/// The capabilities, in the order of the page, each with the parts of the export it holds
/// (the keys of [`store::export`]). A part the list does not know is shown under "Other".
const GROUPS: &[(&str, &[&str])] = &[
    ("profile", &["profile"]),
    ("circles", &["circles", "attendance", "guest_sessions", "work_situations", "notes_last_saved"]),
    ("proposals", &["proposals_created", "proposal_edits", "votes", "effect_notes", "decisions"]),
    ("reflections", &["reflections"]),
    ("path", &["learning_paths", "learning_path_items", "ai_path_suggestions"]),
    ("conversations", &["conversations", "agreements"]),
    ("connections", &["calendar_feed", "xapi_statements", "api_tokens"]),
];

/// The export's own description, not data about the person: shown in the intro instead.
const META: &[&str] = &["format", "exported_at"];

struct Group {
    title: String,
    sections: Vec<Section>,
}

struct Section {
    title: String,
    /// One list of (label, value) per row.
    records: Vec<Vec<(String, String)>>,
}

#[derive(Template)]
#[template(path = "rights/templates/data.html")]
struct DataPage {
    ctx: PageCtx,
    exported_at: String,
    groups: Vec<Group>,
}

/// "wo 2 dec 2026, 14:05" from Unix seconds, in the server's time zone.
fn date_time(ts: i64, lang: Lang) -> String {
    chrono::DateTime::from_timestamp(ts, 0)
        .map(|d| {
            let local = d.with_timezone(&chrono::Local);
            format!("{}, {}", crate::cycles::format_day(local.date_naive(), lang), local.format("%H:%M"))
        })
        .unwrap_or_else(|| ts.to_string())
}

/// A word for a stored code (`submitted`, `work_process`), or the code itself when there is no
/// word for it.
fn word(lang: Lang, key: &str, code: &str) -> String {
    lang.try_t(key).unwrap_or_else(|| code.to_string())
}

/// One value as a person reads it: dates as dates, states and kinds in words.
fn readable(part: &str, column: &str, v: &Value, lang: Lang) -> String {
    let text = match v {
        Value::Null => return "—".into(),
        Value::String(s) if s.is_empty() => return "—".into(),
        Value::String(s) => s.as_str(),
        Value::Number(n) => {
            let Some(n) = n.as_i64() else { return n.to_string() };
            return match column {
                c if c.ends_with("_at") => date_time(n, lang),
                "minutes" => lang.ta("data-value-minutes", &[("n", n.to_string())]),
                "granted_minutes_per_week" => lang.ta("data-value-minutes-per-week", &[("n", n.to_string())]),
                "step" => lang.ta("step-n", &[("n", n.to_string())]),
                _ => n.to_string(),
            };
        }
        other => return other.to_string(),
    };
    match (part, column) {
        (_, "starts_at") => crate::cycles::format_start(text, lang),
        (_, c) if c.ends_with("_on") => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(|d| crate::cycles::format_day(d, lang))
            .unwrap_or_else(|_| text.to_string()),
        (_, "state") => word(lang, &format!("state-{text}"), text),
        (_, "choice") => word(lang, &format!("vote-{text}"), text),
        (_, "scope") => word(lang, &format!("api-token-scope-{text}"), text),
        (_, "lang") => word(lang, &format!("data-value-lang-{text}"), text),
        ("circles", "status") => word(lang, &format!("data-value-status-{text}"), text),
        ("work_situations", "kind") => word(lang, &format!("situation-kind-{text}"), text),
        ("learning_path_items", "kind") => word(lang, &format!("path-{text}"), text),
        ("xapi_statements", "kind") => word(lang, &format!("data-value-xapi-{text}"), text),
        _ => text.to_string(),
    }
}

/// The order of the columns on the page (the JSON's keys come sorted by name): what a row is
/// about first, its dates last. A column not named here comes after these.
const ORDER: &[&str] = &[
    "name",
    "email",
    "job_title",
    "unit",
    "granted_minutes_per_week",
    "lang",
    "title",
    "circle",
    "kind",
    "state",
    "status",
    "choice",
    "reason",
    "decision_reason",
    "revision",
    "step",
    "body",
    "text",
    "description",
    "provider",
    "minutes",
    "link",
    "talents",
    "goals",
    "questions",
    "planned_weeks",
    "starts_on",
    "ends_on",
    "scheduled_on",
    "person_narrative",
    "person_wishes",
    "manager_account",
    "follow_up_on",
    "due_on",
    "starts_at",
    "model",
    "scope",
    "id",
    "employee_number",
    "external_id",
];

fn rank(column: &str) -> (usize, bool, &str) {
    (ORDER.iter().position(|c| *c == column).unwrap_or(ORDER.len()), column.ends_with("_at"), column)
}

/// A part's rows: every column labelled, every value readable.
fn section(part: &str, value: &Value, lang: Lang) -> Section {
    let title = lang.t(&format!("data-{}", part.replace('_', "-")));
    let rows: Vec<&serde_json::Map<String, Value>> = match value {
        Value::Array(items) => items.iter().filter_map(Value::as_object).collect(),
        Value::Object(o) => vec![o],
        _ => Vec::new(),
    };
    let records = rows
        .iter()
        .map(|r| {
            let mut columns: Vec<(&String, &Value)> = r.iter().collect();
            columns.sort_by(|a, b| rank(a.0).cmp(&rank(b.0)));
            columns
                .into_iter()
                .map(|(column, v)| {
                    (lang.t(&format!("data-field-{}", column.replace('_', "-"))), readable(part, column, v, lang))
                })
                .collect()
        })
        .collect();
    Section { title, records }
}

fn groups(data: &Value, lang: Lang) -> Vec<Group> {
    let Some(obj) = data.as_object() else { return Vec::new() };
    let mut out: Vec<Group> = GROUPS
        .iter()
        .map(|(group, parts)| Group {
            title: lang.t(&format!("data-group-{group}")),
            sections: parts.iter().filter_map(|p| obj.get(*p).map(|v| section(p, v, lang))).collect(),
        })
        .collect();
    let known = |k: &str| META.contains(&k) || GROUPS.iter().any(|(_, parts)| parts.contains(&k));
    let other: Vec<Section> = obj.iter().filter(|(k, _)| !known(k)).map(|(k, v)| section(k, v, lang)).collect();
    if !other.is_empty() {
        out.push(Group { title: lang.t("data-group-other"), sections: other });
    }
    out
}

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    let data = store::export(&st.db, actor.id).await?;
    let exported_at = data["exported_at"].as_i64().map(|t| date_time(t, lang)).unwrap_or_default();
    let page = DataPage { ctx: PageCtx::new(&actor, lang), exported_at, groups: groups(&data, lang) };
    Ok(render(&page)?.into_response())
}

async fn download(State(st): State<AppState>, actor: Actor) -> Result<Response> {
    let data = store::export_for_download(&st.db, &actor).await?;
    let body = serde_json::to_string_pretty(&data).map_err(|e| Error::Internal(e.into()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"hartslag-mijn-gegevens.json\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
struct EraseForm {
    confirm: Option<String>,
}

async fn erase(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<EraseForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    crate::orgs::person(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    if id == actor.id {
        return Err(Error::invalid("admin-keep-own-role"));
    }
    if form.data.confirm.is_none() {
        return Err(Error::invalid("erase-confirm"));
    }
    store::erase(&st.db, (&actor).into(), id, &Lang::Nl.t("former-member")).await?;
    Ok(see_other(format!("/admin/people/{id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parts and columns of the export, read from the store's queries: the `"part": rows(`
    /// keys and the `&["column", …]` lists.
    fn exported() -> (Vec<String>, Vec<String>) {
        let text = include_str!("store.rs");
        let body = &text[text.find("pub async fn export(").unwrap()..text.find("pub async fn erase(").unwrap()];
        let parts = body
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"')?.split_once("\": ").map(|(k, _)| k.to_string()))
            .collect();
        let mut columns = Vec::new();
        for list in body.split("&[").skip(1) {
            let list = &list[..list.find(']').unwrap()];
            columns.extend(
                list.split(',').filter_map(|c| Some(c.trim().strip_prefix('"')?.strip_suffix('"')?.to_string())),
            );
        }
        (parts, columns)
    }

    #[test]
    fn every_part_of_the_export_belongs_to_a_capability_and_every_column_has_a_label() {
        let (parts, columns) = exported();
        assert!(parts.len() > 15 && columns.len() > 50, "{parts:?} {columns:?}");
        for part in &parts {
            let grouped = META.contains(&part.as_str()) || GROUPS.iter().any(|(_, ps)| ps.contains(&part.as_str()));
            assert!(grouped, "{part} is in no group of the page");
            for lang in [Lang::Nl, Lang::En] {
                assert!(lang.try_t(&format!("data-{}", part.replace('_', "-"))).is_some(), "no title for {part}");
            }
        }
        for group in GROUPS.iter().map(|(g, _)| *g).chain(["other"]) {
            for lang in [Lang::Nl, Lang::En] {
                assert!(lang.try_t(&format!("data-group-{group}")).is_some(), "no heading for {group}");
            }
        }
        for column in &columns {
            for lang in [Lang::Nl, Lang::En] {
                let key = format!("data-field-{}", column.replace('_', "-"));
                assert!(lang.try_t(&key).is_some(), "no {} label {key}", lang.code());
            }
        }
    }

    #[test]
    fn values_read_as_words_and_dates() {
        let nl = Lang::Nl;
        assert_eq!(
            readable("proposals_created", "state", &serde_json::json!("submitted"), nl),
            nl.t("state-submitted")
        );
        assert_eq!(
            readable("work_situations", "kind", &serde_json::json!("work_process"), nl),
            nl.t("situation-kind-work_process")
        );
        assert_eq!(readable("votes", "choice", &serde_json::json!("agree"), nl), "Eens");
        assert_eq!(readable("learning_paths", "starts_on", &serde_json::json!("2026-09-01"), nl), "di 1 sep 2026");
        let when = readable("reflections", "created_at", &serde_json::json!(1_788_000_000), nl);
        assert!(when.contains("2026") && when.contains(':'), "{when}");
        assert_eq!(readable("profile", "xapi_consent_at", &Value::Null, nl), "—");
        // A code without a word stays readable as itself.
        assert_eq!(readable("circles", "status", &serde_json::json!("archived"), nl), "archived");
    }
}
