//! The text of each message, written at sending time in the recipient's language. `None` when
//! the message is no longer true (the session was cancelled, the scan answered or closed).

use chrono::{Duration, Local};
use sqlx::Row;

use crate::db::Db;
use crate::error::Result;
use crate::web::Lang;

use super::{Mail, Mailer, Recipient};

pub(crate) struct Text {
    pub subject: String,
    pub body: String,
}

fn arg(k: &'static str, v: impl ToString) -> (&'static str, String) {
    (k, v.to_string())
}

/// Greeting, the paragraphs, and the footer that says why this mail came and where to change it.
fn compose(lang: Lang, mailer: &Mailer, to: &Recipient, org: &str, paragraphs: &[String]) -> String {
    let mut body = lang.ta("mail-greeting", &[arg("name", &to.name)]);
    for p in paragraphs {
        body.push_str("\n\n");
        body.push_str(p);
    }
    body.push_str("\n\n");
    body.push_str(&lang.t("mail-signature"));
    body.push_str("\n\n-- \n");
    body.push_str(&lang.ta("mail-footer", &[arg("org", org), arg("link", mailer.link("/me/connections"))]));
    body.push('\n');
    body
}

pub(crate) async fn render(
    db: &Db,
    secret: &[u8; 32],
    mailer: &Mailer,
    to: &Recipient,
    mail: &Mail,
) -> Result<Option<Text>> {
    let lang = to.lang;
    let org: String = sqlx::query("SELECT name FROM organisations WHERE id = $1")
        .bind(to.org_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("name")?;
    let text = match mail {
        Mail::CircleInvitation { circle, by, .. } => {
            // Still invited? An accepted or withdrawn invitation needs no mail.
            let row = sqlx::query(
                "SELECT c.name, p.name AS by_name FROM circle_members m JOIN circles c ON c.id = m.circle_id \
                 LEFT JOIN people p ON p.id = $3 WHERE m.circle_id = $1 AND m.person_id = $2 AND m.status = 'invited'",
            )
            .bind(circle)
            .bind(to.id)
            .bind(by)
            .fetch_optional(&db.pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            let name: String = row.try_get("name")?;
            let by_name: Option<String> = row.try_get("by_name")?;
            Text {
                subject: lang.ta("mail-invitation-subject", &[arg("circle", &name)]),
                body: compose(
                    lang,
                    mailer,
                    to,
                    &org,
                    &[lang.ta(
                        "mail-invitation-body",
                        &[
                            arg("by", by_name.unwrap_or_else(|| lang.t("former-member"))),
                            arg("circle", &name),
                            arg("link", mailer.link(&format!("/circles/{circle}"))),
                        ],
                    )],
                ),
            }
        }
        Mail::SessionReminder { session, .. } => {
            let row = sqlx::query(
                "SELECT s.starts_at, s.place, s.position, s.cancelled, c.name FROM sessions s \
                 JOIN circles c ON c.id = s.circle_id WHERE s.id = $1",
            )
            .bind(session)
            .fetch_optional(&db.pool)
            .await?;
            let Some(row) = row else { return Ok(None) };
            if row.try_get::<crate::db::Flag, _>("cancelled")?.0 {
                return Ok(None);
            }
            let starts: String = row.try_get("starts_at")?;
            if super::local_ts(&starts).is_none_or(|t| t <= crate::db::now()) {
                return Ok(None);
            }
            let when = crate::cycles::format_start(&starts, lang);
            let circle: String = row.try_get("name")?;
            let place: String = row.try_get("place")?;
            let position: i64 = row.try_get("position")?;
            let link = mailer.link(&format!("/sessions/{session}"));
            let body = if place.is_empty() {
                lang.ta(
                    "mail-reminder-body",
                    &[arg("circle", &circle), arg("position", position), arg("when", &when), arg("link", link)],
                )
            } else {
                lang.ta(
                    "mail-reminder-body-place",
                    &[
                        arg("circle", &circle),
                        arg("position", position),
                        arg("when", &when),
                        arg("place", &place),
                        arg("link", link),
                    ],
                )
            };
            Text {
                subject: lang.ta("mail-reminder-subject", &[arg("circle", &circle), arg("when", &when)]),
                body: compose(lang, mailer, to, &org, &[body]),
            }
        }
        Mail::Digest { week, .. } => {
            if !super::digest_on(db, to.id).await? {
                return Ok(None);
            }
            let Ok(monday) = chrono::NaiveDate::parse_from_str(week, "%Y-%m-%d") else { return Ok(None) };
            let from = monday.format("%Y-%m-%dT00:00").to_string();
            let until = (monday + Duration::days(7)).format("%Y-%m-%dT00:00").to_string();
            let agenda = crate::cycles::store::agenda(db, to.id, &from, 50).await?;
            let mut paragraphs = vec![lang.t("mail-digest-intro")];
            let this_week: Vec<_> = agenda.iter().filter(|a| a.starts_at < until).collect();
            if this_week.is_empty() {
                paragraphs.push(lang.t("mail-digest-no-sessions"));
            } else {
                let mut list = lang.t("mail-digest-sessions");
                for a in this_week {
                    list.push_str(&format!(
                        "\n- {} · {}",
                        crate::cycles::format_start(&a.starts_at, lang),
                        a.circle_name
                    ));
                    if !a.place.is_empty() {
                        list.push_str(&format!(" · {}", a.place));
                    }
                }
                paragraphs.push(list);
            }
            let actor = crate::auth::actor_by_id(db, to.org_id, to.id).await?;
            if let Some(actor) = actor {
                let today = Local::now().date_naive();
                let open = crate::scans::store::open_for(db, secret, &actor, today).await?;
                let waiting = open.iter().filter(|(_, s)| *s != crate::scans::store::Standing::Sent).count();
                if waiting > 0 {
                    paragraphs.push(
                        lang.ta("mail-digest-scans", &[arg("count", waiting), arg("link", mailer.link("/scans"))]),
                    );
                }
            }
            paragraphs.push(lang.ta("mail-digest-open", &[arg("link", mailer.link("/"))]));
            Text {
                subject: lang.ta("mail-digest-subject", &[arg("week", crate::cycles::format_week(week, lang))]),
                body: compose(lang, mailer, to, &org, &paragraphs),
            }
        }
        Mail::ScanInvitation { run, .. } | Mail::ScanReminder { run, .. } => {
            let Some(r) = crate::scans::store::run(db, to.org_id, *run).await? else { return Ok(None) };
            let today = Local::now().date_naive();
            if r.state(today) != crate::scans::store::RunState::Open {
                return Ok(None);
            }
            // Only whoever has not sent their answers hears about it again.
            if crate::scans::store::standing(db, secret, r.id, to.id).await? == crate::scans::store::Standing::Sent {
                return Ok(None);
            }
            let closes = crate::cycles::format_day(r.closes_on, lang);
            let link = mailer.link(&format!("/scans/{}", r.id));
            let (subject, body) = if matches!(mail, Mail::ScanInvitation { .. }) {
                ("mail-scan-invitation-subject", "mail-scan-invitation-body")
            } else {
                ("mail-scan-reminder-subject", "mail-scan-reminder-body")
            };
            Text {
                subject: lang.ta(subject, &[arg("title", &r.title)]),
                body: compose(
                    lang,
                    mailer,
                    to,
                    &org,
                    &[lang.ta(body, &[arg("title", &r.title), arg("closes", &closes), arg("link", link)])],
                ),
            }
        }
    };
    Ok(Some(text))
}
