//! Provisioning from the HR system: people and units from a CSV export, upserted by employee
//! number. A dry run reports row by row what would happen; applying does it in one transaction.
//! A full import also deactivates the people it no longer lists — guarded by a threshold, so a
//! truncated export cannot switch off half the organisation. People without an employee number
//! (added by hand, by SCIM) are never deactivated by an import.

pub mod presets;
mod routes;
pub mod store;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::db::{Db, now};
use crate::error::{Error, Msg, Result};

pub use routes::{MAX_UPLOAD, routes};

/// What a column can mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    EmployeeNumber,
    Name,
    FirstName,
    Prefix,
    LastName,
    Email,
    JobTitle,
    UnitCode,
    UnitName,
    ParentUnitCode,
    ManagerNumber,
    EndDate,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::EmployeeNumber,
        Field::Name,
        Field::FirstName,
        Field::Prefix,
        Field::LastName,
        Field::Email,
        Field::JobTitle,
        Field::UnitCode,
        Field::UnitName,
        Field::ParentUnitCode,
        Field::ManagerNumber,
        Field::EndDate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Field::EmployeeNumber => "employee_number",
            Field::Name => "name",
            Field::FirstName => "first_name",
            Field::Prefix => "prefix",
            Field::LastName => "last_name",
            Field::Email => "email",
            Field::JobTitle => "job_title",
            Field::UnitCode => "unit_code",
            Field::UnitName => "unit_name",
            Field::ParentUnitCode => "parent_unit_code",
            Field::ManagerNumber => "manager_number",
            Field::EndDate => "end_date",
        }
    }

    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == s.trim())
    }
}

/// How to read a file and what to do with it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Options {
    pub preset: String,
    /// Header names that override the preset, per field.
    pub overrides: Vec<(Field, String)>,
    /// The file lists everyone: people it does not list are deactivated.
    pub full: bool,
    /// A full import deactivating more than this share (percent) of the imported people is refused.
    pub max_deactivate_percent: i64,
    /// Apply the valid rows even when other rows have errors.
    pub skip_invalid: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            preset: "hartslag".into(),
            overrides: Vec::new(),
            full: false,
            max_deactivate_percent: 10,
            skip_invalid: false,
        }
    }
}

/// What happens to one row (or to one person the file no longer lists).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    /// The fields that change.
    Update(Vec<&'static str>),
    Unchanged,
    Deactivate,
    Error(Msg),
}

#[derive(Clone, Debug)]
pub struct Line {
    /// The line in the file (1 is the header); 0 for people the file does not list.
    pub line: usize,
    pub employee_number: String,
    pub name: String,
    pub action: Action,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub lines: Vec<Line>,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub deactivated: usize,
    pub errors: usize,
    pub units_created: usize,
    pub units_updated: usize,
    /// Why nothing was applied (errors, or the deactivation threshold).
    pub refused: Option<Msg>,
    pub applied: bool,
}

/// One valid row.
#[derive(Clone, Debug)]
struct Entry {
    line: usize,
    number: String,
    name: String,
    email: String,
    job: String,
    unit_code: Option<String>,
    unit_name: Option<String>,
    parent_code: Option<String>,
    manager: Option<String>,
    ended: bool,
}

fn norm(h: &str) -> String {
    h.trim().trim_start_matches('\u{feff}').to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// UTF-8 (with or without BOM), else Windows-1252 as Excel writes it.
pub(crate) fn decode(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// Semicolons (Dutch Excel) or commas, whichever the header line has more of.
fn delimiter(text: &str) -> u8 {
    let head = text.lines().next().unwrap_or("");
    if head.matches(';').count() > head.matches(',').count() { b';' } else { b',' }
}

/// Resolves the columns of a header against a preset and overrides.
fn mapping(headers: &[String], opts: &Options) -> Result<HashMap<Field, usize>> {
    let preset = presets::find(&opts.preset).ok_or(Error::invalid("import-preset-unknown"))?;
    let index: HashMap<String, usize> = headers.iter().enumerate().map(|(i, h)| (norm(h), i)).collect();
    let mut out = HashMap::new();
    for (field, names) in preset.columns {
        if let Some(i) = names.iter().find_map(|n| index.get(&norm(n))) {
            out.insert(*field, *i);
        }
    }
    for (field, header) in &opts.overrides {
        if header.trim().is_empty() {
            continue;
        }
        let i = index
            .get(&norm(header))
            .ok_or_else(|| Error::Invalid(Msg::new("import-column-missing").arg("column", header.trim())))?;
        out.insert(*field, *i);
    }
    for required in [Field::EmployeeNumber, Field::Email] {
        if !out.contains_key(&required) {
            return Err(Error::Invalid(Msg::new("import-field-unmapped").arg("field", required.code())));
        }
    }
    if !out.contains_key(&Field::Name) && !out.contains_key(&Field::LastName) {
        return Err(Error::Invalid(Msg::new("import-field-unmapped").arg("field", "name")));
    }
    Ok(out)
}

fn end_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// Checks that a file can be read and its columns mapped (what refuses a whole file), without
/// reading its rows.
pub fn check_file(bytes: &[u8], opts: &Options) -> Result<()> {
    let text = decode(bytes);
    // A NUL character is no HR data, and PostgreSQL cannot keep the file with one in it.
    if text.contains('\0') {
        return Err(Error::invalid("error-text-nul"));
    }
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter(&text)).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|_| Error::invalid("import-unreadable"))?.iter().map(String::from).collect();
    mapping(&headers, opts).map(|_| ())
}

/// Reads and checks every row of a file without the database: how many rows are good and how
/// many have errors (the fuzz target and the dry run's first half).
pub fn check_rows(bytes: &[u8], opts: &Options, today: NaiveDate) -> Result<(usize, usize)> {
    let (entries, errors, _) = read(bytes, opts, today)?;
    Ok((entries.len(), errors.len()))
}

/// Reads and checks every row; the errors are lines of the report.
fn read(bytes: &[u8], opts: &Options, today: NaiveDate) -> Result<(Vec<Entry>, Vec<Line>, usize)> {
    let text = decode(bytes);
    if text.contains('\0') {
        return Err(Error::invalid("error-text-nul"));
    }
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter(&text)).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|_| Error::invalid("import-unreadable"))?.iter().map(String::from).collect();
    let map = mapping(&headers, opts)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut numbers = HashSet::new();
    let mut emails = HashSet::new();
    let mut count = 0;
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        count += 1;
        let Ok(record) = record else {
            errors.push(Line {
                line,
                employee_number: String::new(),
                name: String::new(),
                action: Action::Error(Msg::new("import-row-unreadable")),
            });
            continue;
        };
        let get = |f: Field| map.get(&f).and_then(|i| record.get(*i)).map(str::trim).unwrap_or("");
        let number = get(Field::EmployeeNumber).to_string();
        let name = if !get(Field::Name).is_empty() {
            get(Field::Name).to_string()
        } else {
            [get(Field::FirstName), get(Field::Prefix), get(Field::LastName)]
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let fail =
            |m: Msg| Line { line, employee_number: number.clone(), name: name.clone(), action: Action::Error(m) };
        if number.is_empty() || number.chars().count() > 64 {
            errors.push(fail(Msg::new("import-number-missing")));
            continue;
        }
        if name.is_empty() || name.chars().count() > 120 {
            errors.push(fail(Msg::new("person-name-required")));
            continue;
        }
        let email = match crate::orgs::valid_email(get(Field::Email)) {
            Ok(e) => e,
            Err(_) => {
                errors.push(fail(Msg::new("import-email-invalid").arg("email", get(Field::Email))));
                continue;
            }
        };
        if get(Field::JobTitle).chars().count() > 120 {
            errors.push(fail(Msg::new("job-title-too-long")));
            continue;
        }
        if !numbers.insert(number.clone()) {
            errors.push(fail(Msg::new("import-number-twice")));
            continue;
        }
        if !emails.insert(email.clone()) {
            errors.push(fail(Msg::new("import-email-twice").arg("email", &email)));
            continue;
        }
        let opt = |f: Field| Some(get(f).to_string()).filter(|s| !s.is_empty());
        let ended = opt(Field::EndDate).is_some_and(|d| end_date(&d).is_some_and(|d| d < today));
        rows.push(Entry {
            line,
            number,
            name,
            email,
            job: get(Field::JobTitle).to_string(),
            unit_code: opt(Field::UnitCode),
            unit_name: opt(Field::UnitName).map(|n| n.chars().take(120).collect()),
            parent_code: opt(Field::ParentUnitCode),
            manager: opt(Field::ManagerNumber),
            ended,
        });
    }
    Ok((rows, errors, count))
}

/// A person of the organisation as the import compares them.
struct Known {
    id: i64,
    number: Option<String>,
    name: String,
    email: String,
    job: String,
    unit: Option<i64>,
    active: bool,
}

/// An HR file that was never applied is not kept longer than it needs to be: its content is
/// emptied once it is older than `before` (the row stays, for the record of who uploaded).
pub async fn forget_unapplied(db: &Db, before: i64) -> Result<u64> {
    Ok(sqlx::query("UPDATE imports SET content = '' WHERE applied_at IS NULL AND content <> '' AND created_at < $1")
        .bind(before)
        .execute(&db.pool)
        .await?
        .rows_affected())
}

/// Marks a stored import applied, drops its file (its personal data is no longer needed) and
/// writes the audit row, in one transaction.
pub async fn mark_applied(db: &Db, by: &crate::policy::Actor, id: i64, summary: &serde_json::Value) -> Result<()> {
    let mut tx = db.begin().await?;
    sqlx::query("UPDATE imports SET applied_at = $1, summary = $2, content = '' WHERE id = $3 AND applied_at IS NULL")
        .bind(crate::db::now())
        .bind(summary.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let detail = summary.to_string();
    crate::audit::record_in(&mut tx, by, crate::audit::Action::ImportApplied, Some(id), &detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Runs an import: always the report, and the changes only when `apply` and nothing refuses.
pub async fn run(db: &Db, org_id: i64, bytes: &[u8], opts: &Options, apply: bool, today: NaiveDate) -> Result<Report> {
    let (rows, mut lines, count) = read(bytes, opts, today)?;
    let mut report = Report { rows: count, ..Report::default() };

    // What the organisation has now.
    let people = sqlx::query(
        "SELECT id, employee_number, name, email, job_title, unit_id, active FROM people WHERE org_id = $1",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    let known: Vec<Known> = people
        .iter()
        .map(|r| Known {
            id: r.get("id"),
            number: r.get("employee_number"),
            name: r.get("name"),
            email: r.get("email"),
            job: r.get("job_title"),
            unit: r.get("unit_id"),
            active: r.get::<crate::db::Flag, _>("active").0,
        })
        .collect();
    let by_number: HashMap<&str, usize> =
        known.iter().enumerate().filter_map(|(i, k)| k.number.as_deref().map(|n| (n, i))).collect();
    let by_email: HashMap<&str, usize> = known.iter().enumerate().map(|(i, k)| (k.email.as_str(), i)).collect();
    let units = sqlx::query("SELECT id, code, name, parent_id FROM units WHERE org_id = $1")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    let mut unit_by_code: HashMap<String, (i64, String, Option<i64>)> = HashMap::new();
    let mut uncoded_by_name: HashMap<String, i64> = HashMap::new();
    for r in &units {
        let code: Option<String> = r.get("code");
        match code {
            Some(c) => {
                unit_by_code.insert(c, (r.get("id"), r.get("name"), r.get("parent_id")));
            }
            None => {
                uncoded_by_name.insert(norm(r.get("name")), r.get("id"));
            }
        }
    }

    // E-mail addresses are unique in the installation: those of other organisations are refused.
    let fresh: Vec<&str> = rows
        .iter()
        .filter(|r| !by_number.contains_key(r.number.as_str()) && !by_email.contains_key(r.email.as_str()))
        .map(|r| r.email.as_str())
        .collect();
    let mut elsewhere: HashSet<String> = HashSet::new();
    for chunk in fresh.chunks(200) {
        let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!("SELECT email FROM people WHERE org_id <> $1 AND email IN ({})", marks.join(", "));
        let mut q = sqlx::query(&sql).bind(org_id);
        for e in chunk {
            q = q.bind(*e);
        }
        for r in q.fetch_all(&db.pool).await? {
            elsewhere.insert(r.get("email"));
        }
    }

    // Units the file names: created, renamed, or an uncoded unit of the same name adopted.
    let mut unit_plan: HashMap<String, (String, Option<String>)> = HashMap::new();
    for r in &rows {
        if let Some(code) = &r.unit_code {
            let entry = unit_plan.entry(code.clone()).or_insert_with(|| (code.clone(), None));
            if let Some(n) = &r.unit_name {
                entry.0 = n.clone();
            }
            if r.parent_code.is_some() {
                entry.1 = r.parent_code.clone();
            }
        }
    }

    // Row by row.
    let mut creates: Vec<&Entry> = Vec::new();
    let mut updates: Vec<(i64, &Entry, bool)> = Vec::new(); // (person, row, reactivate)
    let mut seen: HashSet<i64> = HashSet::new();
    let mut deactivate: Vec<(i64, usize)> = Vec::new();
    for r in &rows {
        let existing = by_number.get(r.number.as_str()).or_else(|| {
            // A person without a number yet (added by hand, by SCIM) is matched by e-mail once.
            by_email.get(r.email.as_str()).filter(|i| known[**i].number.is_none())
        });
        let line = |action| Line { line: r.line, employee_number: r.number.clone(), name: r.name.clone(), action };
        match existing {
            None => {
                if elsewhere.contains(&r.email) || by_email.contains_key(r.email.as_str()) {
                    lines.push(line(Action::Error(Msg::new("import-email-taken").arg("email", &r.email))));
                } else if r.ended {
                    lines.push(line(Action::Unchanged));
                } else {
                    creates.push(r);
                    lines.push(line(Action::Create));
                }
            }
            Some(&i) => {
                let k = &known[i];
                seen.insert(k.id);
                if r.ended {
                    if k.active {
                        deactivate.push((k.id, r.line));
                        lines.push(line(Action::Deactivate));
                    } else {
                        lines.push(line(Action::Unchanged));
                    }
                    continue;
                }
                if let Some(&j) = by_email.get(r.email.as_str())
                    && j != i
                {
                    lines.push(line(Action::Error(Msg::new("import-email-taken").arg("email", &r.email))));
                    continue;
                }
                if elsewhere.contains(&r.email) {
                    lines.push(line(Action::Error(Msg::new("import-email-taken").arg("email", &r.email))));
                    continue;
                }
                let mut changed = Vec::new();
                if k.number.as_deref() != Some(r.number.as_str()) {
                    changed.push("employee_number");
                }
                if k.name != r.name {
                    changed.push("name");
                }
                if k.email != r.email {
                    changed.push("email");
                }
                if k.job != r.job {
                    changed.push("job_title");
                }
                let unit_now = r.unit_code.as_ref().map(|c| unit_by_code.get(c).map(|u| u.0));
                match unit_now {
                    Some(Some(u)) if k.unit != Some(u) => changed.push("unit"),
                    Some(None) => changed.push("unit"), // a unit still to be made
                    _ => {}
                }
                if !k.active {
                    changed.push("active");
                }
                if changed.is_empty() {
                    lines.push(line(Action::Unchanged));
                } else {
                    updates.push((k.id, r, !k.active));
                    lines.push(line(Action::Update(changed)));
                }
            }
        }
    }
    if opts.full {
        for k in known.iter().filter(|k| k.active && k.number.is_some() && !seen.contains(&k.id)) {
            deactivate.push((k.id, 0));
            lines.push(Line {
                line: 0,
                employee_number: k.number.clone().unwrap_or_default(),
                name: k.name.clone(),
                action: Action::Deactivate,
            });
        }
    }
    lines.sort_by_key(|l| (l.line == 0, l.line));
    for l in &lines {
        match l.action {
            Action::Create => report.created += 1,
            Action::Update(_) => report.updated += 1,
            Action::Unchanged => report.unchanged += 1,
            Action::Deactivate => report.deactivated += 1,
            Action::Error(_) => report.errors += 1,
        }
    }
    for (code, (name, _)) in &unit_plan {
        match unit_by_code.get(code) {
            None => report.units_created += usize::from(!uncoded_by_name.contains_key(&norm(name))),
            Some((_, old, _)) if old != name => report.units_updated += 1,
            _ => {}
        }
    }
    report.lines = lines;

    // The guards.
    let imported_active = known.iter().filter(|k| k.active && k.number.is_some()).count();
    if report.errors > 0 && !opts.skip_invalid {
        report.refused = Some(Msg::new("import-refused-errors").arg("count", report.errors));
    } else if imported_active > 0
        && (deactivate.len() as i64) * 100 > opts.max_deactivate_percent * imported_active as i64
    {
        report.refused = Some(
            Msg::new("import-refused-threshold")
                .arg("count", deactivate.len())
                .arg("total", imported_active)
                .arg("percent", opts.max_deactivate_percent),
        );
    }
    if !apply || report.refused.is_some() {
        return Ok(report);
    }

    // Apply, in one transaction.
    let t = now();
    let mut tx = db.begin().await?;
    let mut unit_ids: HashMap<String, i64> = unit_by_code.iter().map(|(c, u)| (c.clone(), u.0)).collect();
    for (code, (name, _)) in &unit_plan {
        match unit_by_code.get(code) {
            Some((id, old, _)) => {
                if old != name {
                    sqlx::query("UPDATE units SET name = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                        .bind(name)
                        .bind(t)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            None => {
                let id: i64 = match uncoded_by_name.get(&norm(name)) {
                    Some(id) => {
                        sqlx::query("UPDATE units SET code = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                            .bind(code)
                            .bind(t)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                        *id
                    }
                    None => sqlx::query(
                        "INSERT INTO units (org_id, name, code, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
                    )
                    .bind(org_id)
                    .bind(name)
                    .bind(code)
                    .bind(t)
                    .fetch_one(&mut *tx)
                    .await?
                    .get("id"),
                };
                unit_ids.insert(code.clone(), id);
            }
        }
    }
    // Parents, where the file names them and no loop follows.
    let mut parent_of: HashMap<i64, Option<i64>> = units.iter().map(|r| (r.get("id"), r.get("parent_id"))).collect();
    for (code, (_, parent)) in &unit_plan {
        let (Some(parent), Some(&id)) = (parent, unit_ids.get(code)) else { continue };
        let Some(&pid) = unit_ids.get(parent) else { continue };
        let mut cursor = Some(pid);
        let mut loops = false;
        while let Some(c) = cursor {
            if c == id {
                loops = true;
                break;
            }
            cursor = parent_of.get(&c).copied().flatten();
        }
        if loops || parent_of.get(&id).copied().flatten() == Some(pid) {
            continue;
        }
        parent_of.insert(id, Some(pid));
        sqlx::query("UPDATE units SET parent_id = $1 WHERE id = $2").bind(pid).bind(id).execute(&mut *tx).await?;
    }
    // New people, many per statement.
    let mut bulk = crate::db::bulk::Bulk::new(db.engine);
    let table = bulk.table(
        "people",
        &["org_id", "unit_id", "name", "email", "job_title", "employee_number", "created_at", "updated_at"],
    );
    for r in &creates {
        let unit = r.unit_code.as_ref().and_then(|c| unit_ids.get(c).copied());
        bulk.push(
            table,
            crate::db::bulk::row![org_id, unit, r.name.clone(), r.email.clone(), r.job.clone(), r.number.clone(), t, t],
        );
    }
    bulk.flush(&mut tx).await.map_err(Error::Internal)?;
    for (id, r, _) in &updates {
        let unit = r.unit_code.as_ref().and_then(|c| unit_ids.get(c).copied());
        sqlx::query(
            "UPDATE people SET employee_number = $1, name = $2, email = $3, job_title = $4, \
             unit_id = COALESCE($5, unit_id), active = TRUE, deactivated_at = NULL, version = version + 1, updated_at = $6 \
             WHERE id = $7",
        )
        .bind(&r.number)
        .bind(&r.name)
        .bind(&r.email)
        .bind(&r.job)
        .bind(unit)
        .bind(t)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    for (id, _) in &deactivate {
        sqlx::query(
            "UPDATE people SET active = FALSE, deactivated_at = COALESCE(deactivated_at, $1), version = version + 1, \
             updated_at = $1 WHERE id = $2",
        )
        .bind(t)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM login_sessions WHERE person_id = $1").bind(id).execute(&mut *tx).await?;
    }
    // Unit managers: the manager most rows of a unit name.
    let mut votes: HashMap<&str, HashMap<&str, usize>> = HashMap::new();
    for r in &rows {
        if let (Some(u), Some(m)) = (&r.unit_code, &r.manager) {
            *votes.entry(u.as_str()).or_default().entry(m.as_str()).or_default() += 1;
        }
    }
    if !votes.is_empty() {
        let numbers: HashMap<String, i64> = sqlx::query(
            "SELECT id, employee_number FROM people WHERE org_id = $1 AND employee_number IS NOT NULL AND active = TRUE",
        )
        .bind(org_id)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(|r| (r.get("employee_number"), r.get("id")))
        .collect();
        for (unit, counts) in votes {
            let Some(&uid) = unit_ids.get(unit) else { continue };
            let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            if let Some(&mid) = ranked.first().and_then(|(m, _)| numbers.get(*m)) {
                sqlx::query(
                    "UPDATE units SET manager_id = $1 WHERE id = $2 AND (manager_id IS NULL OR manager_id <> $1)",
                )
                .bind(mid)
                .bind(uid)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    report.applied = true;
    Ok(report)
}
