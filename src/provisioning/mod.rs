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

impl Action {
    /// The action's word in the messages: `import-action-{kind}`.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update(_) => "update",
            Action::Unchanged => "unchanged",
            Action::Deactivate => "deactivate",
            Action::Error(_) => "error",
        }
    }

    /// What is said beside the action: the fields that change, or the error.
    pub fn detail(&self, lang: crate::web::Lang) -> String {
        match self {
            Action::Update(fields) => fields.join(", "),
            Action::Error(m) => lang.msg(m),
            _ => String::new(),
        }
    }
}

/// Where a line of the report is in the file, as the page and the command say it ("Record 12,
/// regel 14"); empty for people the file does not list.
pub fn position(lang: crate::web::Lang, l: &Line) -> String {
    if l.record == 0 {
        return String::new();
    }
    lang.ta("import-position", &[("record", l.record.to_string()), ("line", l.line.to_string())])
}

#[derive(Clone, Debug)]
pub struct Line {
    /// The record's number among the file's rows (1 is the first row under the header); 0 for
    /// people the file does not list.
    pub record: usize,
    /// The line of the file the record starts on (1 is the header); a quoted value with a line
    /// break in it makes this differ from the record's number. 0 for people the file does not list.
    pub line: usize,
    pub employee_number: String,
    pub name: String,
    pub action: Action,
    /// What the import does not take from the row as the file says (an unknown manager, an
    /// unknown parent unit, …): the row itself is taken.
    pub notices: Vec<Msg>,
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
    /// Rows with at least one notice.
    pub notices: usize,
    pub units_created: usize,
    pub units_updated: usize,
    /// Why nothing was applied (errors, or the deactivation threshold).
    pub refused: Option<Msg>,
    pub applied: bool,
}

/// One valid row.
#[derive(Clone, Debug)]
struct Entry {
    record: usize,
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
    /// An end date the import cannot read (and so ignores).
    bad_end_date: Option<String>,
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

/// A field's text as the import keeps it: tabs, line breaks and other whitespace become one
/// space, runs of them collapse and the ends are trimmed. Any other control character (C0, DEL,
/// C1) is refused: it is the character.
pub(crate) fn clean(s: &str) -> std::result::Result<String, char> {
    // Most fields are plain already.
    if s.bytes().all(|b| (0x21..0x7f).contains(&b) || b == b' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
    {
        return Ok(s.to_string());
    }
    if let Some(c) = s.chars().find(|c| c.is_control() && !c.is_whitespace()) {
        return Err(c);
    }
    Ok(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Longest employee number, name and job title.
const MAX_NUMBER: usize = 64;
const MAX_NAME: usize = 120;
const MAX_JOB: usize = 120;

/// Reads and checks every row; the errors are lines of the report.
fn read(bytes: &[u8], opts: &Options, today: NaiveDate) -> Result<(Vec<Entry>, Vec<Line>, usize)> {
    let text = decode(bytes);
    if text.contains('\0') {
        return Err(Error::invalid("error-text-nul"));
    }
    let delimiter = delimiter(&text);
    // Flexible, so that a row with too many or too few fields is reported as that row's error
    // instead of ending the whole read; such a row is never taken.
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> =
        reader.headers().map_err(|_| Error::invalid("import-unreadable"))?.iter().map(String::from).collect();
    let map = mapping(&headers, opts)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut numbers = HashSet::new();
    let mut emails = HashSet::new();
    let mut count = 0;
    let mut values: [String; Field::ALL.len()] = Default::default();
    for (i, record) in reader.records().enumerate() {
        let number_in_file = i + 1;
        count += 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(Line {
                    record: number_in_file,
                    line: e.position().map_or(0, |p| p.line() as usize),
                    employee_number: String::new(),
                    name: String::new(),
                    action: Action::Error(Msg::new("import-row-unreadable")),
                    notices: Vec::new(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        // Every field, cleaned; the first with a control character refuses the row.
        let mut control = None;
        for (field, &col) in &map {
            values[*field as usize] = match clean(record.get(col).unwrap_or("")) {
                Ok(v) => v,
                Err(c) => {
                    control.get_or_insert((col, c));
                    String::new()
                }
            };
        }
        let get = |f: Field| values[f as usize].as_str();
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
        let fail = |m: Msg| Line {
            record: number_in_file,
            line,
            employee_number: number.clone(),
            name: name.clone(),
            action: Action::Error(m),
            notices: Vec::new(),
        };
        // A value too many or too few shifts every value after it into the wrong column (an
        // unquoted delimiter in a job title made a unit of it): the row is not read at all.
        if record.len() != headers.len() {
            errors.push(fail(
                Msg::new("import-row-field-count")
                    .arg("expected", headers.len())
                    .arg("found", record.len())
                    .arg("delimiter", if delimiter == b';' { ";" } else { "," }),
            ));
            continue;
        }
        if let Some((col, c)) = control {
            errors.push(fail(
                Msg::new("import-field-control")
                    .arg("column", headers[col].trim().trim_start_matches('\u{feff}'))
                    .arg("char", format!("U+{:04X}", c as u32)),
            ));
            continue;
        }
        if number.is_empty() {
            errors.push(fail(Msg::new("import-number-missing")));
            continue;
        }
        if number.chars().count() > MAX_NUMBER {
            errors.push(fail(Msg::new("import-number-too-long").arg("max", MAX_NUMBER)));
            continue;
        }
        if name.is_empty() || name.chars().count() > MAX_NAME {
            errors.push(fail(Msg::new("person-name-required").arg("max", MAX_NAME)));
            continue;
        }
        let email = match crate::orgs::valid_email(get(Field::Email)) {
            Ok(e) => e,
            Err(_) => {
                errors.push(fail(Msg::new("import-email-invalid").arg("email", get(Field::Email))));
                continue;
            }
        };
        if get(Field::JobTitle).chars().count() > MAX_JOB {
            errors.push(fail(Msg::new("job-title-too-long").arg("max", MAX_JOB)));
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
        let end = opt(Field::EndDate);
        let parsed = end.as_deref().and_then(end_date);
        let ended = parsed.is_some_and(|d| d < today);
        rows.push(Entry {
            record: number_in_file,
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
            bad_end_date: end.filter(|_| parsed.is_none()),
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

    // Units the file names: created, renamed, or an uncoded unit of the same name adopted. A
    // code the file gives no name for keeps its unit's name; a new one is named after its code.
    let mut unit_plan: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    for r in &rows {
        if let Some(code) = &r.unit_code {
            let entry = unit_plan.entry(code.clone()).or_default();
            if let Some(n) = &r.unit_name {
                entry.0 = Some(n.clone());
            }
            if r.parent_code.is_some() {
                entry.1 = r.parent_code.clone();
            }
        }
    }
    let unit_name = |code: &str| -> String {
        match unit_plan.get(code).and_then(|p| p.0.clone()) {
            Some(n) => n,
            None => unit_by_code.get(code).map(|u| u.1.clone()).unwrap_or_else(|| code.to_string()),
        }
    };

    // Employee numbers the import knows, for the managers the rows name: the file's (unless it
    // ends their employment), else the organisation's active people — who stay active unless a
    // full import deactivates them (a person whose row has an error is left as they are).
    let protected: HashSet<String> =
        lines.iter().filter(|l| !l.employee_number.is_empty()).map(|l| l.employee_number.clone()).collect();
    let in_file: HashMap<&str, bool> = rows.iter().map(|r| (r.number.as_str(), r.ended)).collect();
    let manager_known = |m: &str| match in_file.get(m) {
        Some(ended) => !ended,
        None => by_number.get(m).is_some_and(|&i| known[i].active && (!opts.full || protected.contains(m))),
    };

    // Row by row.
    let mut creates: Vec<&Entry> = Vec::new();
    let mut updates: Vec<(i64, &Entry, Vec<&'static str>)> = Vec::new(); // (person, row, what changes)
    let mut seen: HashSet<i64> = HashSet::new();
    let mut deactivate: Vec<(i64, usize)> = Vec::new();
    for r in &rows {
        let existing = by_number.get(r.number.as_str()).or_else(|| {
            // A person without a number yet (added by hand, by SCIM) is matched by e-mail once.
            by_email.get(r.email.as_str()).filter(|i| known[**i].number.is_none())
        });
        let mut notices = Vec::new();
        if let Some(code) = &r.unit_code
            && !unit_by_code.contains_key(code)
            && unit_plan.get(code).is_none_or(|p| p.0.is_none())
            && !uncoded_by_name.contains_key(&norm(code))
        {
            notices.push(Msg::new("import-unit-unknown").arg("code", code));
        }
        if let Some(parent) = &r.parent_code
            && !unit_plan.contains_key(parent)
            && !unit_by_code.contains_key(parent)
        {
            notices.push(Msg::new("import-parent-unknown").arg("code", parent));
        }
        if let Some(m) = &r.manager
            && !manager_known(m)
        {
            notices.push(Msg::new("import-manager-unknown").arg("number", m));
        }
        if let Some(d) = &r.bad_end_date {
            notices.push(Msg::new("import-end-date-unreadable").arg("date", d));
        }
        let line = |action| Line {
            record: r.record,
            line: r.line,
            employee_number: r.number.clone(),
            name: r.name.clone(),
            action,
            notices: notices.clone(),
        };
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
                    updates.push((k.id, r, changed.clone()));
                    lines.push(line(Action::Update(changed)));
                }
            }
        }
    }
    if opts.full {
        for k in known.iter().filter(|k| {
            k.active && k.number.as_deref().is_some_and(|n| !protected.contains(n)) && !seen.contains(&k.id)
        }) {
            deactivate.push((k.id, 0));
            lines.push(Line {
                record: 0,
                line: 0,
                employee_number: k.number.clone().unwrap_or_default(),
                name: k.name.clone(),
                action: Action::Deactivate,
                notices: Vec::new(),
            });
        }
    }
    lines.sort_by_key(|l| (l.record == 0, l.record));
    for l in &lines {
        match l.action {
            Action::Create => report.created += 1,
            Action::Update(_) => report.updated += 1,
            Action::Unchanged => report.unchanged += 1,
            Action::Deactivate => report.deactivated += 1,
            Action::Error(_) => report.errors += 1,
        }
        report.notices += usize::from(!l.notices.is_empty());
    }
    for code in unit_plan.keys() {
        match unit_by_code.get(code) {
            None => report.units_created += usize::from(!uncoded_by_name.contains_key(&norm(&unit_name(code)))),
            Some((_, old, _)) if *old != unit_name(code) => report.units_updated += 1,
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

    // Apply, in one transaction; many rows per statement.
    use crate::db::bulk::{V, chunked, row};
    let t = now();
    let mut tx = db.begin().await?;
    let mut unit_ids: HashMap<String, i64> = unit_by_code.iter().map(|(c, u)| (c.clone(), u.0)).collect();
    let mut codes: Vec<&String> = unit_plan.keys().collect();
    codes.sort();
    for code in codes {
        let name = unit_name(code);
        match unit_by_code.get(code) {
            Some((id, old, _)) => {
                if *old != name {
                    sqlx::query("UPDATE units SET name = $1, version = version + 1, updated_at = $2 WHERE id = $3")
                        .bind(&name)
                        .bind(t)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
            }
            None => {
                let id: i64 = match uncoded_by_name.get(&norm(&name)) {
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
                    .bind(&name)
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
    let mut parents: Vec<(&String, &String)> =
        unit_plan.iter().filter_map(|(code, (_, parent))| parent.as_ref().map(|p| (code, p))).collect();
    parents.sort();
    for (code, parent) in parents {
        let (Some(&id), Some(&pid)) = (unit_ids.get(code), unit_ids.get(parent)) else { continue };
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
    // New people.
    let mut bulk = crate::db::bulk::Bulk::new(db.engine);
    let table = bulk.table(
        "people",
        &["org_id", "unit_id", "name", "email", "job_title", "employee_number", "created_at", "updated_at"],
    );
    for r in &creates {
        let unit = r.unit_code.as_ref().and_then(|c| unit_ids.get(c).copied());
        bulk.push(table, row![org_id, unit, r.name.clone(), r.email.clone(), r.job.clone(), r.number.clone(), t, t]);
    }
    bulk.flush(&mut tx).await.map_err(Error::Internal)?;
    // Changed people, grouped by what changes: a statement sets only those columns, so SQLite
    // rewrites only the indexes on them (it rewrites an index whenever a column of it is set,
    // even to the same value).
    let mut groups: HashMap<&[&'static str], Vec<Vec<V>>> = HashMap::new();
    for (id, r, changed) in &updates {
        let mut values = row![*id];
        for field in changed {
            values.push(match *field {
                "employee_number" => V::S(r.number.clone()),
                "name" => V::S(r.name.clone()),
                "email" => V::S(r.email.clone()),
                "job_title" => V::S(r.job.clone()),
                "unit" => V::N(r.unit_code.as_ref().and_then(|c| unit_ids.get(c).copied())),
                _ => continue, // active: no value
            });
        }
        groups.entry(changed.as_slice()).or_default().push(values);
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by_key(|(changed, _)| changed.to_vec());
    for (changed, values) in groups {
        let mut set = Vec::new();
        let mut casts = vec!["BIGINT"];
        for field in changed {
            let column = format!("v.column{}", casts.len() + 1);
            match *field {
                "unit" => {
                    set.push(format!("unit_id = COALESCE({column}, people.unit_id)"));
                    casts.push("BIGINT");
                }
                "active" => set.push("active = TRUE, deactivated_at = NULL".to_string()),
                f => {
                    set.push(format!("{f} = {column}"));
                    casts.push("");
                }
            }
        }
        let sql = format!(
            "UPDATE people SET {}, version = people.version + 1, updated_at = $1 \
             FROM (VALUES {{values}}) AS v WHERE people.id = v.column1",
            set.join(", ")
        );
        chunked(&mut tx, db.engine, &sql, &[V::I(t)], &casts, &values).await.map_err(Error::Internal)?;
    }
    // People who left: inactive, their sessions ended.
    let gone: Vec<Vec<V>> = deactivate.iter().map(|(id, _)| row![*id]).collect();
    chunked(
        &mut tx,
        db.engine,
        "UPDATE people SET active = FALSE, deactivated_at = COALESCE(deactivated_at, $1), version = version + 1, \
         updated_at = $1 WHERE id IN (VALUES {values})",
        &[V::I(t)],
        &["BIGINT"],
        &gone,
    )
    .await
    .map_err(Error::Internal)?;
    chunked(
        &mut tx,
        db.engine,
        "DELETE FROM login_sessions WHERE person_id IN (VALUES {values})",
        &[],
        &["BIGINT"],
        &gone,
    )
    .await
    .map_err(Error::Internal)?;
    // Unit managers: the known manager most rows of a unit name.
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
        let mut managed: Vec<Vec<V>> = Vec::new();
        for (unit, counts) in votes {
            let Some(&uid) = unit_ids.get(unit) else { continue };
            let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            if let Some(&mid) = ranked.iter().find_map(|(m, _)| numbers.get(*m)) {
                managed.push(row![uid, mid]);
            }
        }
        managed.sort_by_key(|r| match r[0] {
            V::I(id) => id,
            _ => 0,
        });
        chunked(
            &mut tx,
            db.engine,
            "UPDATE units SET manager_id = v.column2 FROM (VALUES {values}) AS v \
             WHERE units.id = v.column1 AND (units.manager_id IS NULL OR units.manager_id <> v.column2)",
            &[],
            &["BIGINT", "BIGINT"],
            &managed,
        )
        .await
        .map_err(Error::Internal)?;
    }
    tx.commit().await?;
    report.applied = true;
    Ok(report)
}
