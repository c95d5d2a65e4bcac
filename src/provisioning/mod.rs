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

use crate::db::Db;
use crate::error::{Error, Msg, Result};

pub use routes::{MAX_UPLOAD, routes};
pub use store::{forget_unapplied, mark_applied};

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
pub(crate) struct Entry {
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

/// Runs an import: always the report, and the changes only when `apply` and nothing refuses.
pub async fn run(db: &Db, org_id: i64, bytes: &[u8], opts: &Options, apply: bool, today: NaiveDate) -> Result<Report> {
    let (rows, lines, count) = read(bytes, opts, today)?;
    let current = store::current(db, org_id).await?;
    // E-mail addresses are unique in the installation: those of other organisations are refused.
    let index = Index::of(&current);
    let fresh: Vec<&str> = rows
        .iter()
        .filter(|r| !index.by_number.contains_key(r.number.as_str()) && !index.by_email.contains_key(r.email.as_str()))
        .map(|r| r.email.as_str())
        .collect();
    let elsewhere = store::emails_elsewhere(db, org_id, &fresh).await?;
    let plan = plan(&rows, lines, count, &current, &index, &elsewhere, opts);
    let mut report = plan.report(&current);
    guard(&mut report, &current, plan.deactivate.len(), opts);
    if !apply || report.refused.is_some() {
        return Ok(report);
    }
    store::apply(db, org_id, &rows, &plan, &current).await?;
    report.applied = true;
    Ok(report)
}

/// The organisation's people by employee number and by e-mail address.
struct Index<'a> {
    by_number: HashMap<&'a str, usize>,
    by_email: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    fn of(current: &'a store::Current) -> Index<'a> {
        let known = &current.people;
        Index {
            by_number: known.iter().enumerate().filter_map(|(i, k)| k.number.as_deref().map(|n| (n, i))).collect(),
            by_email: known.iter().enumerate().map(|(i, k)| (k.email.as_str(), i)).collect(),
        }
    }
}

/// What an import would do: per row, and to units, people and managers.
pub(crate) struct Plan<'a> {
    lines: Vec<Line>,
    rows: usize,
    /// Per unit code the file names: its name (if the file gives one) and its parent's code.
    pub(crate) units: HashMap<String, (Option<String>, Option<String>)>,
    pub(crate) creates: Vec<&'a Entry>,
    /// (person, row, what changes)
    pub(crate) updates: Vec<(i64, &'a Entry, Vec<&'static str>)>,
    /// (person, file line; 0 when the file no longer lists them)
    pub(crate) deactivate: Vec<(i64, usize)>,
}

impl Plan<'_> {
    /// The name a unit code gets: the file's, else the unit's own, else (a new unit) its code.
    pub(crate) fn unit_name(&self, current: &store::Current, code: &str) -> String {
        match self.units.get(code).and_then(|p| p.0.clone()) {
            Some(n) => n,
            None => current.unit_by_code.get(code).map(|u| u.name.clone()).unwrap_or_else(|| code.to_string()),
        }
    }

    /// The report: every line in file order (the people a full import no longer lists last) and
    /// the counts.
    fn report(&self, current: &store::Current) -> Report {
        let mut lines = self.lines.clone();
        lines.sort_by_key(|l| (l.record == 0, l.record));
        let mut report = Report { rows: self.rows, ..Report::default() };
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
        for code in self.units.keys() {
            let name = self.unit_name(current, code);
            match current.unit_by_code.get(code) {
                None => report.units_created += usize::from(!current.uncoded_by_name.contains_key(&norm(&name))),
                Some(u) if u.name != name => report.units_updated += 1,
                _ => {}
            }
        }
        report.lines = lines;
        report
    }
}

/// Decides, row by row, what the import does; reads nothing from the database.
fn plan<'a>(
    rows: &'a [Entry],
    mut lines: Vec<Line>,
    count: usize,
    current: &store::Current,
    index: &Index<'_>,
    elsewhere: &HashSet<String>,
    opts: &Options,
) -> Plan<'a> {
    let known = &current.people;
    let (by_number, by_email) = (&index.by_number, &index.by_email);
    let (unit_by_code, uncoded_by_name) = (&current.unit_by_code, &current.uncoded_by_name);

    // Units the file names: created, renamed, or an uncoded unit of the same name adopted. A
    // code the file gives no name for keeps its unit's name; a new one is named after its code.
    let mut unit_plan: HashMap<String, (Option<String>, Option<String>)> = HashMap::new();
    for r in rows {
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
    for r in rows {
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
                let unit_now = r.unit_code.as_ref().map(|c| unit_by_code.get(c).map(|u| u.id));
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
    Plan { lines, rows: count, units: unit_plan, creates, updates, deactivate }
}

/// The guards: errors refuse the whole import (unless skipped), and so does a full import that
/// would deactivate more than the threshold allows.
fn guard(report: &mut Report, current: &store::Current, deactivations: usize, opts: &Options) {
    let imported_active = current.people.iter().filter(|k| k.active && k.number.is_some()).count();
    if report.errors > 0 && !opts.skip_invalid {
        report.refused = Some(Msg::new("import-refused-errors").arg("count", report.errors));
    } else if imported_active > 0 && (deactivations as i64) * 100 > opts.max_deactivate_percent * imported_active as i64
    {
        report.refused = Some(
            Msg::new("import-refused-threshold")
                .arg("count", deactivations)
                .arg("total", imported_active)
                .arg("percent", opts.max_deactivate_percent),
        );
    }
}
