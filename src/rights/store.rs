//! Collecting a person's data, and erasing it.

use serde_json::{Value, json};
use sqlx::Row;

use crate::db::{Db, now};
use crate::error::Result;

async fn rows(db: &Db, sql: &str, person_id: i64, columns: &[&str]) -> Result<Vec<Value>> {
    let rows = sqlx::query(sql).bind(person_id).fetch_all(&db.pool).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let mut obj = serde_json::Map::new();
        for c in columns {
            // Every exported column is text, an integer or NULL.
            let v = match r.try_get::<Option<String>, _>(*c) {
                Ok(s) => json!(s),
                Err(_) => json!(r.try_get::<Option<i64>, _>(*c)?),
            };
            obj.insert((*c).to_string(), v);
        }
        out.push(Value::Object(obj));
    }
    Ok(out)
}

/// The actor's own export as a download, with its audit row: the row is written before the
/// data is handed out, so no download goes unrecorded.
pub async fn export_for_download(db: &Db, actor: &crate::policy::Actor) -> Result<Value> {
    let data = export(db, actor.id).await?;
    crate::audit::record(db, actor, crate::audit::Action::PersonalDataExport, Some(actor.id), "").await?;
    Ok(data)
}

/// Everything Hartslag holds about a person, by module.
pub async fn export(db: &Db, person_id: i64) -> Result<Value> {
    let profile = rows(
        db,
        "SELECT p.name, p.email, p.job_title, u.name AS unit, p.granted_minutes_per_week, p.created_at, \
         p.external_id, p.employee_number, p.scim_formatted_name AS provisioned_formatted_name, \
         p.scim_given_name AS provisioned_given_name, p.scim_family_name AS provisioned_family_name, \
         p.scim_display_name AS provisioned_display_name, p.lang, p.xapi_consent_at FROM people p \
         LEFT JOIN units u ON u.id = p.unit_id WHERE p.id = $1",
        person_id,
        &[
            "name",
            "email",
            "job_title",
            "unit",
            "granted_minutes_per_week",
            "created_at",
            "external_id",
            "employee_number",
            "provisioned_formatted_name",
            "provisioned_given_name",
            "provisioned_family_name",
            "provisioned_display_name",
            "lang",
            "xapi_consent_at",
        ],
    )
    .await?;
    Ok(json!({
        "format": "hartslag-personal-data/1",
        "exported_at": now(),
        "profile": profile.into_iter().next().unwrap_or(Value::Null),
        "circles": rows(db, "SELECT c.name AS circle, m.status, m.updated_at FROM circle_members m JOIN circles c ON c.id = m.circle_id WHERE m.person_id = $1 ORDER BY m.updated_at", person_id, &["circle", "status", "updated_at"]).await?,
        "attendance": rows(db, "SELECT c.name AS circle, s.starts_at, s.minutes FROM attendance a JOIN sessions s ON s.id = a.session_id JOIN circles c ON c.id = s.circle_id WHERE a.person_id = $1 ORDER BY s.starts_at", person_id, &["circle", "starts_at", "minutes"]).await?,
        "guest_sessions": rows(db, "SELECT s.starts_at, c.name AS circle FROM session_guests g JOIN sessions s ON s.id = g.session_id JOIN circles c ON c.id = s.circle_id WHERE g.person_id = $1", person_id, &["starts_at", "circle"]).await?,
        "work_situations": rows(db, "SELECT title, description, kind, created_at FROM work_situations WHERE author_id = $1 ORDER BY created_at", person_id, &["title", "description", "kind", "created_at"]).await?,
        "notes_last_saved": rows(db, "SELECT n.step, n.body, n.updated_at FROM notes n WHERE n.updated_by = $1 ORDER BY n.updated_at", person_id, &["step", "body", "updated_at"]).await?,
        "reflections": rows(db, "SELECT body, created_at FROM reflections WHERE person_id = $1 ORDER BY created_at", person_id, &["body", "created_at"]).await?,
        "proposals_created": rows(db, "SELECT title, state, created_at FROM proposals WHERE created_by = $1 ORDER BY created_at", person_id, &["title", "state", "created_at"]).await?,
        "proposal_edits": rows(db, "SELECT p.title, r.revision, r.edited_at FROM proposal_revisions r JOIN proposals p ON p.id = r.proposal_id WHERE r.edited_by = $1 ORDER BY r.edited_at", person_id, &["title", "revision", "edited_at"]).await?,
        "votes": rows(db, "SELECT p.title, v.revision, v.choice, v.reason, v.cast_at FROM votes v JOIN proposals p ON p.id = v.proposal_id WHERE v.person_id = $1 ORDER BY v.cast_at", person_id, &["title", "revision", "choice", "reason", "cast_at"]).await?,
        "effect_notes": rows(db, "SELECT body, created_at FROM effect_notes WHERE author_id = $1 ORDER BY created_at", person_id, &["body", "created_at"]).await?,
        "decisions": rows(db, "SELECT title, state, decision_reason, decided_at FROM proposals WHERE decider_id = $1 ORDER BY decided_at", person_id, &["title", "state", "decision_reason", "decided_at"]).await?,
        "learning_paths": rows(db, "SELECT starts_on, ends_on, planned_weeks, talents, goals, questions, created_at FROM learning_paths WHERE person_id = $1 ORDER BY starts_on", person_id, &["starts_on", "ends_on", "planned_weeks", "talents", "goals", "questions", "created_at"]).await?,
        "learning_path_items": rows(db, "SELECT i.kind, i.title, i.provider, i.minutes, i.link, i.due_on, i.created_at FROM path_items i JOIN learning_paths l ON l.id = i.path_id WHERE l.person_id = $1 ORDER BY i.created_at", person_id, &["kind", "title", "provider", "minutes", "link", "due_on", "created_at"]).await?,
        "conversations": rows(db, "SELECT c.scheduled_on, c.person_narrative, c.person_wishes, c.manager_account, c.person_confirmed_at, c.manager_confirmed_at FROM conversations c WHERE c.person_id = $1 OR c.manager_id = $1 ORDER BY c.scheduled_on", person_id, &["scheduled_on", "person_narrative", "person_wishes", "manager_account", "person_confirmed_at", "manager_confirmed_at"]).await?,
        "agreements": rows(db, "SELECT a.text, a.follow_up_on, a.created_at FROM agreements a JOIN conversations c ON c.id = a.conversation_id WHERE c.person_id = $1 OR c.manager_id = $1 ORDER BY a.created_at", person_id, &["text", "follow_up_on", "created_at"]).await?,
        "ai_path_suggestions": rows(db, "SELECT r.created_at, o.text, o.model FROM ai_requests r JOIN ai_outputs o ON o.request_id = r.id WHERE r.person_id = $1 ORDER BY o.id", person_id, &["created_at", "text", "model"]).await?,
        "calendar_feed": rows(db, "SELECT created_at FROM calendar_feeds WHERE person_id = $1", person_id, &["created_at"]).await?,
        "xapi_statements": rows(db, "SELECT id, kind, created_at, sent_at FROM xapi_statements WHERE person_id = $1 ORDER BY created_at", person_id, &["id", "kind", "created_at", "sent_at"]).await?,
        "api_tokens": rows(db, "SELECT name, scope, created_at, expires_at FROM api_tokens WHERE person_id = $1", person_id, &["name", "scope", "created_at", "expires_at"]).await?,
    }))
}

/// Erases a person: their reflections, learning paths, their own talent-development
/// conversations, sessions and tokens are deleted; the
/// record that remains is renamed "former member" with a placeholder address and no password,
/// so the circle's shared work (proposals, notes, votes) stays intact without their name.
/// Erases a person (by an administrator of their organisation), with the audit row in the
/// same transaction: an erasure is in the log, or did not happen.
pub async fn erase(db: &Db, by: crate::audit::By<'_>, person_id: i64, former_member: &str) -> Result<()> {
    let org_id = by.org_id();
    let mut tx = db.begin().await?;
    for sql in [
        "DELETE FROM reflections WHERE person_id = $1",
        "DELETE FROM ai_outputs WHERE request_id IN (SELECT id FROM ai_requests WHERE person_id = $1)",
        "DELETE FROM ai_requests WHERE person_id = $1",
        "DELETE FROM path_items WHERE path_id IN (SELECT id FROM learning_paths WHERE person_id = $1)",
        "DELETE FROM learning_paths WHERE person_id = $1",
        "DELETE FROM agreements WHERE conversation_id IN (SELECT id FROM conversations WHERE person_id = $1)",
        "DELETE FROM conversations WHERE person_id = $1",
        "DELETE FROM login_sessions WHERE person_id = $1",
        "DELETE FROM api_tokens WHERE person_id = $1",
        "DELETE FROM session_guests WHERE person_id = $1",
        "DELETE FROM calendar_feeds WHERE person_id = $1",
        "DELETE FROM xapi_statements WHERE person_id = $1",
        "UPDATE circle_members SET status = 'left' WHERE person_id = $1",
        "UPDATE units SET manager_id = NULL WHERE manager_id = $1",
        "UPDATE impact_solutions SET owner_id = NULL WHERE owner_id = $1",
    ] {
        sqlx::query(sql).bind(person_id).execute(&mut *tx).await?;
    }
    sqlx::query(
        "UPDATE people SET name = $1, email = $2, job_title = '', password_hash = NULL, unit_id = NULL, is_admin = FALSE, \
         is_adviser = FALSE, active = FALSE, granted_minutes_per_week = NULL, deactivated_at = COALESCE(deactivated_at, $5), \
         external_id = NULL, employee_number = NULL, scim_names = FALSE, scim_formatted_name = NULL, \
         scim_given_name = NULL, scim_family_name = NULL, scim_display_name = NULL, \
         scim_deleted_at = COALESCE(scim_deleted_at, $5), version = version + 1, updated_at = $5, \
         oidc_subject = NULL, mail_digest = FALSE, xapi_consent_at = NULL \
         WHERE id = $3 AND org_id = $4",
    )
    .bind(former_member)
    .bind(format!("{ERASED_PREFIX}{person_id}@invalid"))
    .bind(person_id)
    .bind(org_id)
    .bind(crate::db::now())
    .execute(&mut *tx)
    .await?;
    // The hourly retention round erases too; its rows say so.
    let detail = if matches!(by, crate::audit::By::Server { .. }) { "retention" } else { "" };
    crate::audit::record_in(&mut tx, by, crate::audit::Action::PersonErased, Some(person_id), detail).await?;
    tx.commit().await?;
    Ok(())
}

/// The start of an erased person's placeholder address.
pub const ERASED_PREFIX: &str = "erased-";

/// What one retention round removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub notes: u64,
    pub people: u64,
}

/// Applies the organisation's retention periods: shared session notes unchanged for longer
/// are deleted (proposals, which carry the group's conclusions, stay), and accounts
/// deactivated longer ago are erased as by [`erase`].
pub async fn apply_retention(db: &Db, org_id: i64, former_member: &str) -> Result<Removed> {
    let r = crate::orgs::retention(db, org_id).await?;
    let mut removed = Removed::default();
    let month = 30 * 86_400;
    if let Some(months) = r.notes_months {
        removed.notes = sqlx::query(
            "DELETE FROM notes WHERE updated_at < $1 AND session_id IN \
             (SELECT s.id FROM sessions s JOIN circles c ON c.id = s.circle_id WHERE c.org_id = $2)",
        )
        .bind(crate::db::now() - months * month)
        .bind(org_id)
        .execute(&db.pool)
        .await?
        .rows_affected();
    }
    if let Some(months) = r.departed_months {
        let ids: Vec<i64> = sqlx::query(
            "SELECT id FROM people WHERE org_id = $1 AND active = FALSE AND deactivated_at < $2 AND email NOT LIKE $3",
        )
        .bind(org_id)
        .bind(crate::db::now() - months * month)
        .bind(format!("{ERASED_PREFIX}%"))
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|row| row.try_get("id"))
        .collect::<Result<_, _>>()?;
        for id in ids {
            erase(db, crate::audit::By::Server { org_id }, id, former_member).await?;
            removed.people += 1;
        }
    }
    Ok(removed)
}
