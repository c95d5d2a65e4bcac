//! Runs, their populations, saved and sent answers. How answers are kept apart from people is
//! in `PRIVACY.md`; the keyed hashes are in [`super::anon`].

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sqlx::Row;

use super::anon;
use super::instrument::{self, Instrument, Layout};
use crate::db::{Db, Flag, now};
use crate::error::{Error, Result};
use crate::policy::Actor;

/// Who a run asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Population {
    Org,
    Units,
    Jobs,
}

impl Population {
    pub fn code(self) -> &'static str {
        match self {
            Population::Org => "org",
            Population::Units => "units",
            Population::Jobs => "jobs",
        }
    }

    pub fn parse(s: &str) -> Option<Population> {
        match s {
            "org" => Some(Population::Org),
            "units" => Some(Population::Units),
            "jobs" => Some(Population::Jobs),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Opens later.
    Planned,
    Open,
    Closed,
}

#[derive(Clone, Debug)]
pub struct Run {
    pub id: i64,
    pub org_id: i64,
    pub instrument: String,
    pub instrument_version: i64,
    pub variant: String,
    pub items: Vec<String>,
    pub title: String,
    pub population: Population,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub min_group: i64,
    pub reminders_sent: i64,
    pub last_reminder_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub summary: Option<String>,
    /// The published report, once closed (JSON of [`super::report::Release`]).
    pub release: Option<String>,
    pub created_at: i64,
}

impl Run {
    pub fn instrument(&self) -> Result<&'static Instrument> {
        instrument::find(&self.instrument)
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("instrument {} is no longer shipped", self.instrument)))
    }

    pub fn layout(&self) -> Result<Layout> {
        Ok(Layout::new(self.instrument()?, &self.items))
    }

    pub fn state(&self, today: NaiveDate) -> RunState {
        if self.closed_at.is_some() || today > self.closes_on {
            RunState::Closed
        } else if today < self.opens_on {
            RunState::Planned
        } else {
            RunState::Open
        }
    }

    /// Closed by date but not yet summarised.
    pub fn due(&self, today: NaiveDate) -> bool {
        self.closed_at.is_none() && today > self.closes_on
    }
}

const RUN_COLUMNS: &str = "id, org_id, instrument, instrument_version, variant, items, title, population, opens_on, \
     closes_on, min_group, reminders_sent, last_reminder_at, closed_at, summary, release, created_at";

fn run_from(r: &sqlx::any::AnyRow) -> Result<Run> {
    let date = |col: &str| -> Result<NaiveDate> {
        let s: String = r.try_get(col)?;
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map_err(|_| Error::Internal(anyhow::anyhow!("scan run has a bad date in {col}: {s}")))
    };
    let items: String = r.try_get("items")?;
    Ok(Run {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        instrument: r.try_get("instrument")?,
        instrument_version: r.try_get("instrument_version")?,
        variant: r.try_get("variant")?,
        items: items.split(',').map(str::to_string).collect(),
        title: r.try_get("title")?,
        population: Population::parse(r.try_get::<String, _>("population")?.as_str()).unwrap_or(Population::Org),
        opens_on: date("opens_on")?,
        closes_on: date("closes_on")?,
        min_group: r.try_get("min_group")?,
        reminders_sent: r.try_get("reminders_sent")?,
        last_reminder_at: r.try_get("last_reminder_at")?,
        closed_at: r.try_get("closed_at")?,
        summary: r.try_get("summary")?,
        release: r.try_get("release")?,
        created_at: r.try_get("created_at")?,
    })
}

pub async fn run(db: &Db, org_id: i64, id: i64) -> Result<Option<Run>> {
    let sql = format!("SELECT {RUN_COLUMNS} FROM scan_runs WHERE id = $1 AND org_id = $2");
    let row = sqlx::query(&sql).bind(id).bind(org_id).fetch_optional(&db.pool).await?;
    row.as_ref().map(run_from).transpose()
}

/// A run in L&D's list, with how many answered.
pub struct Listed {
    pub run: Run,
    pub responses: i64,
}

/// The organisation's runs, newest first.
pub async fn runs(db: &Db, org_id: i64, limit: i64, offset: i64) -> Result<Vec<Listed>> {
    let sql = format!(
        "SELECT {RUN_COLUMNS}, (SELECT COUNT(*) FROM scan_responses s WHERE s.run_id = scan_runs.id) AS responses \
         FROM scan_runs WHERE org_id = $1 ORDER BY opens_on DESC, id DESC LIMIT $2 OFFSET $3"
    );
    let rows = sqlx::query(&sql).bind(org_id).bind(limit).bind(offset).fetch_all(&db.pool).await?;
    rows.iter().map(|r| Ok(Listed { run: run_from(r)?, responses: r.try_get("responses")? })).collect()
}

/// Runs of one instrument (and variant) in the organisation, oldest first: the trend.
pub async fn series(db: &Db, org_id: i64, instrument: &str, variant: &str) -> Result<Vec<Run>> {
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM scan_runs WHERE org_id = $1 AND instrument = $2 AND variant = $3 \
         ORDER BY opens_on, id"
    );
    let rows = sqlx::query(&sql).bind(org_id).bind(instrument).bind(variant).fetch_all(&db.pool).await?;
    rows.iter().map(run_from).collect()
}

pub struct NewRun {
    pub instrument: String,
    pub variant: String,
    pub title: String,
    pub population: String,
    pub units: Vec<i64>,
    pub jobs: Vec<String>,
    pub opens_on: String,
    pub closes_on: String,
}

/// Opens a run. Everything is checked before anything is written.
pub async fn create(db: &Db, actor: &Actor, n: &NewRun, today: NaiveDate) -> Result<i64> {
    let inst = instrument::find(&n.instrument).ok_or_else(|| Error::invalid("scan-error-instrument"))?;
    let variant = n.variant.trim();
    if inst.variants.is_empty() {
        if !variant.is_empty() {
            return Err(Error::invalid("scan-error-variant"));
        }
    } else if inst.variant(variant).is_none() {
        return Err(Error::invalid("scan-error-variant"));
    }
    let title = crate::web::required(&n.title, 120, "scan-error-title")?;
    let population = Population::parse(&n.population).ok_or_else(|| Error::invalid("scan-error-population"))?;
    let date =
        |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| Error::invalid("scan-error-dates"));
    let (opens, closes) = (date(&n.opens_on)?, date(&n.closes_on)?);
    if closes < opens || closes < today || (closes - opens).num_days() > 366 {
        return Err(Error::invalid("scan-error-dates"));
    }
    let units: Vec<i64> = {
        let mut u = n.units.clone();
        u.sort_unstable();
        u.dedup();
        u
    };
    let jobs: Vec<String> = {
        let mut j: Vec<String> = n.jobs.iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
        j.sort();
        j.dedup();
        j
    };
    match population {
        Population::Units if units.is_empty() => return Err(Error::invalid("scan-error-units")),
        Population::Jobs if jobs.is_empty() => return Err(Error::invalid("scan-error-jobs")),
        _ => {}
    }
    if population == Population::Units {
        let known: HashSet<i64> = unit_tree(db, actor.org_id).await?.into_iter().map(|(id, _)| id).collect();
        if units.iter().any(|u| !known.contains(u)) {
            return Err(Error::invalid("scan-error-units"));
        }
    }
    if population == Population::Jobs {
        let known: HashSet<String> = job_titles(db, actor.org_id).await?.into_iter().map(|(j, _)| j).collect();
        if jobs.iter().any(|j| !known.contains(j)) {
            return Err(Error::invalid("scan-error-jobs"));
        }
    }
    let k = crate::cockpit::disclosure::min_group(crate::orgs::cockpit_min_group(db, actor.org_id).await?);
    let tree = unit_tree(db, actor.org_id).await?;
    let scope = Scope::new(population, &units, &jobs, &tree);
    check_population(db, actor.org_id, &inst.id, &scope, &tree, k, i64::from(chrono::Datelike::year(&opens))).await?;
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "INSERT INTO scan_runs (org_id, instrument, instrument_version, variant, items, title, population, opens_on, \
         closes_on, min_group, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(actor.org_id)
    .bind(&inst.id)
    .bind(inst.version)
    .bind(variant)
    .bind(inst.item_ids(variant).join(","))
    .bind(&title)
    .bind(population.code())
    .bind(opens.to_string())
    .bind(closes.to_string())
    .bind(k)
    .bind(actor.id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    if population == Population::Units {
        for u in &units {
            sqlx::query("INSERT INTO scan_run_units (run_id, unit_id) VALUES ($1, $2)")
                .bind(id)
                .bind(u)
                .execute(&mut *tx)
                .await?;
        }
    }
    if population == Population::Jobs {
        for j in &jobs {
            sqlx::query("INSERT INTO scan_run_jobs (run_id, job_title) VALUES ($1, $2)")
                .bind(id)
                .bind(j)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    tracing::info!(org_id = actor.org_id, run = id, instrument = %inst.id, "scan run opened");
    Ok(id)
}

/// The release rules for a new run's population (docs/PRIVACY-MODEL.md), checked against the
/// people as they are now:
/// - it asks at least `k` people;
/// - against every earlier run of the same instrument it asks the same people, or at least `k`
///   people more *and* at least `k` fewer or none: two runs whose populations differ by a few
///   people would let their reports be subtracted into a report about those few;
/// - nobody in it goes over the scan budget of the year (`privacy::SCAN_EPSILON_PER_YEAR`).
async fn check_population(
    db: &Db,
    org_id: i64,
    instrument: &str,
    scope: &Scope,
    tree: &[(i64, Option<i64>)],
    k: i64,
    year: i64,
) -> Result<()> {
    let people = sqlx::query(
        "SELECT id, unit_id, job_title FROM people WHERE org_id = $1 AND active = TRUE AND is_guest = FALSE",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    let people: Vec<(i64, Option<i64>, String)> = people
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("unit_id")?, r.try_get("job_title")?)))
        .collect::<Result<_>>()?;
    let asked: HashSet<i64> = people.iter().filter(|p| scope.admits(p.1, &p.2)).map(|p| p.0).collect();
    if (asked.len() as i64) < k {
        return Err(Error::Invalid(crate::error::Msg::new("scan-error-population-small").arg("k", k)));
    }
    let sql = format!("SELECT {RUN_COLUMNS} FROM scan_runs WHERE org_id = $1 ORDER BY opens_on, id");
    let runs: Vec<Run> =
        sqlx::query(&sql).bind(org_id).fetch_all(&db.pool).await?.iter().map(run_from).collect::<Result<_>>()?;
    let mut in_year: HashMap<i64, i64> = HashMap::new();
    for run in &runs {
        let same_year = i64::from(chrono::Datelike::year(&run.opens_on)) == year;
        if run.instrument != instrument && !same_year {
            continue;
        }
        let theirs = Scope::with_tree(db, run, tree).await?;
        let other: HashSet<i64> = people.iter().filter(|p| theirs.admits(p.1, &p.2)).map(|p| p.0).collect();
        if same_year {
            for id in &other {
                *in_year.entry(*id).or_default() += 1;
            }
        }
        if run.instrument != instrument {
            continue;
        }
        let more = asked.difference(&other).count() as i64;
        let fewer = other.difference(&asked).count() as i64;
        if (more > 0 && more < k) || (fewer > 0 && fewer < k) {
            return Err(Error::Invalid(
                crate::error::Msg::new("scan-error-population-overlap").arg("run", run.title.clone()).arg("k", k),
            ));
        }
    }
    let per_run = crate::privacy::SCAN_EPSILON_PER_RUN;
    let most = asked.iter().map(|id| in_year.get(id).copied().unwrap_or(0)).max().unwrap_or(0);
    if (most + 1) as f64 * per_run > crate::privacy::SCAN_EPSILON_PER_YEAR + 1e-9 {
        let runs = (crate::privacy::SCAN_EPSILON_PER_YEAR / per_run).floor() as i64;
        return Err(Error::Invalid(crate::error::Msg::new("scan-error-budget").arg("n", runs).arg("year", year)));
    }
    Ok(())
}

/// The units of an organisation as (id, parent).
pub async fn unit_tree(db: &Db, org_id: i64) -> Result<Vec<(i64, Option<i64>)>> {
    let rows = sqlx::query("SELECT id, parent_id FROM units WHERE org_id = $1 ORDER BY id")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("id")?, r.try_get("parent_id")?))).collect()
}

/// The given units with everything below them.
fn below(tree: &[(i64, Option<i64>)], roots: &[i64]) -> HashSet<i64> {
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, parent) in tree {
        if let Some(p) = parent {
            children.entry(*p).or_default().push(*id);
        }
    }
    let mut seen: HashSet<i64> = HashSet::new();
    let mut stack: Vec<i64> = roots.to_vec();
    while let Some(u) = stack.pop() {
        if seen.insert(u) {
            stack.extend(children.get(&u).into_iter().flatten());
        }
    }
    seen
}

pub async fn run_units(db: &Db, run_id: i64) -> Result<Vec<i64>> {
    let rows = sqlx::query("SELECT unit_id FROM scan_run_units WHERE run_id = $1 ORDER BY unit_id")
        .bind(run_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("unit_id")?)).collect()
}

pub async fn run_jobs(db: &Db, run_id: i64) -> Result<Vec<String>> {
    let rows = sqlx::query("SELECT job_title FROM scan_run_jobs WHERE run_id = $1 ORDER BY job_title")
        .bind(run_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok(r.try_get("job_title")?)).collect()
}

/// The job titles in use, for choosing a job group.
pub async fn job_titles(db: &Db, org_id: i64) -> Result<Vec<(String, i64)>> {
    let rows = sqlx::query(
        "SELECT job_title, COUNT(*) AS n FROM people WHERE org_id = $1 AND active = TRUE AND is_guest = FALSE \
         AND job_title <> '' GROUP BY job_title ORDER BY job_title",
    )
    .bind(org_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|r| Ok((r.try_get("job_title")?, r.try_get("n")?))).collect()
}

/// Who a run asks, resolved: the units in scope (all when `None`) and the job titles (all when
/// `None`).
pub struct Scope {
    units: Option<HashSet<i64>>,
    jobs: Option<HashSet<String>>,
}

impl Scope {
    pub async fn of(db: &Db, run: &Run) -> Result<Scope> {
        if run.population == Population::Units {
            return Scope::with_tree(db, run, &unit_tree(db, run.org_id).await?).await;
        }
        Scope::with_tree(db, run, &[]).await
    }

    /// As [`Scope::of`], with the organisation's unit tree already loaded.
    async fn with_tree(db: &Db, run: &Run, tree: &[(i64, Option<i64>)]) -> Result<Scope> {
        Ok(match run.population {
            Population::Org => Scope::new(Population::Org, &[], &[], tree),
            Population::Units => Scope::new(Population::Units, &run_units(db, run.id).await?, &[], tree),
            Population::Jobs => Scope::new(Population::Jobs, &[], &run_jobs(db, run.id).await?, tree),
        })
    }

    /// Who a run of this population would ask, from its choices.
    pub fn new(population: Population, units: &[i64], jobs: &[String], tree: &[(i64, Option<i64>)]) -> Scope {
        match population {
            Population::Org => Scope { units: None, jobs: None },
            Population::Units => Scope { units: Some(below(tree, units)), jobs: None },
            Population::Jobs => Scope { units: None, jobs: Some(jobs.iter().cloned().collect()) },
        }
    }

    fn admits(&self, unit: Option<i64>, job: &str) -> bool {
        let unit_ok = match &self.units {
            None => true,
            Some(set) => unit.is_some_and(|u| set.contains(&u)),
        };
        unit_ok && self.jobs.as_ref().is_none_or(|j| j.contains(job))
    }
}

/// The run's population now, per unit (people without a unit under `None`).
async fn population_by_unit(db: &Db, run: &Run, scope: &Scope) -> Result<HashMap<Option<i64>, i64>> {
    let rows = sqlx::query(
        "SELECT unit_id, job_title, COUNT(*) AS n FROM people WHERE org_id = $1 AND active = TRUE AND is_guest = FALSE \
         GROUP BY unit_id, job_title",
    )
    .bind(run.org_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: HashMap<Option<i64>, i64> = HashMap::new();
    for r in &rows {
        let unit: Option<i64> = r.try_get("unit_id")?;
        let job: String = r.try_get("job_title")?;
        if scope.admits(unit, &job) {
            *out.entry(unit).or_default() += r.try_get::<i64, _>("n")?;
        }
    }
    Ok(out)
}

/// The people a run asks now (active, not guests), for invitations and reminders by mail.
pub async fn population_people(db: &Db, run: &Run) -> Result<Vec<i64>> {
    let scope = Scope::of(db, run).await?;
    let rows = sqlx::query(
        "SELECT id, unit_id, job_title FROM people WHERE org_id = $1 AND active = TRUE AND is_guest = FALSE ORDER BY id",
    )
    .bind(run.org_id)
    .fetch_all(&db.pool)
    .await?;
    let mut ids = Vec::new();
    for r in &rows {
        if scope.admits(r.try_get("unit_id")?, r.try_get::<&str, _>("job_title")?) {
            ids.push(r.try_get("id")?);
        }
    }
    Ok(ids.into_iter().collect())
}

pub async fn population_size(db: &Db, run: &Run) -> Result<i64> {
    if run.population == Population::Org {
        // The common case, counted by the database alone.
        return Ok(sqlx::query(
            "SELECT COUNT(*) AS n FROM people WHERE org_id = $1 AND active = TRUE AND is_guest = FALSE",
        )
        .bind(run.org_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?);
    }
    let scope = Scope::of(db, run).await?;
    Ok(population_by_unit(db, run, &scope).await?.values().sum())
}

/// What decides whether a run asks a person: their unit and job title.
pub struct Respondent {
    unit: Option<i64>,
    job: String,
}

/// The actor as a possible respondent; `None` for a guest or an inactive account.
pub async fn respondent(db: &Db, actor: &Actor) -> Result<Option<Respondent>> {
    if actor.is_guest {
        return Ok(None);
    }
    let row = sqlx::query("SELECT unit_id, job_title FROM people WHERE id = $1 AND active = TRUE")
        .bind(actor.id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok(Respondent { unit: r.try_get("unit_id")?, job: r.try_get("job_title")? })).transpose()
}

/// Whether a run asks this respondent: for a run of units, one walk up from the person's own
/// unit (a few rows), not the organisation's whole unit tree. `UNION`, not `UNION ALL`: the walk
/// ends even if units were ever linked in a circle.
async fn asks(db: &Db, run: &Run, r: &Respondent) -> Result<bool> {
    let found = match run.population {
        Population::Org => return Ok(true),
        Population::Units => {
            let Some(unit) = r.unit else { return Ok(false) };
            sqlx::query(
                "WITH RECURSIVE up(id, parent_id) AS (\
                   SELECT id, parent_id FROM units WHERE id = $1 \
                   UNION SELECT u.id, u.parent_id FROM units u JOIN up ON u.id = up.parent_id) \
                 SELECT 1 AS x FROM up JOIN scan_run_units ru ON ru.unit_id = up.id WHERE ru.run_id = $2 LIMIT 1",
            )
            .bind(unit)
            .bind(run.id)
            .fetch_optional(&db.pool)
            .await?
        }
        Population::Jobs => {
            sqlx::query("SELECT 1 AS x FROM scan_run_jobs WHERE run_id = $1 AND job_title = $2")
                .bind(run.id)
                .bind(&r.job)
                .fetch_optional(&db.pool)
                .await?
        }
    };
    Ok(found.is_some())
}

/// Whether a person is asked by a run.
pub async fn in_population(db: &Db, run: &Run, actor: &Actor) -> Result<bool> {
    if actor.org_id != run.org_id {
        return Ok(false);
    }
    match respondent(db, actor).await? {
        Some(r) => asks(db, run, &r).await,
        None => Ok(false),
    }
}

/// Where a person stands with a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    NotStarted,
    /// Answers saved, not sent.
    Saved,
    Sent,
}

pub async fn standing(db: &Db, secret: &[u8; 32], run_id: i64, person_id: i64) -> Result<Standing> {
    let sent = sqlx::query("SELECT 1 AS x FROM scan_responded WHERE run_id = $1 AND marker = $2")
        .bind(run_id)
        .bind(anon::responded(secret, run_id, person_id))
        .fetch_optional(&db.pool)
        .await?;
    if sent.is_some() {
        return Ok(Standing::Sent);
    }
    let saved = sqlx::query("SELECT 1 AS x FROM scan_drafts WHERE run_id = $1 AND marker = $2")
        .bind(run_id)
        .bind(anon::draft(secret, run_id, person_id))
        .fetch_optional(&db.pool)
        .await?;
    Ok(if saved.is_some() { Standing::Saved } else { Standing::NotStarted })
}

/// The open runs that ask this person, with where they stand.
pub async fn open_for(db: &Db, secret: &[u8; 32], actor: &Actor, today: NaiveDate) -> Result<Vec<(Run, Standing)>> {
    let Some(me) = respondent(db, actor).await? else { return Ok(Vec::new()) };
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM scan_runs WHERE org_id = $1 AND closed_at IS NULL AND opens_on <= $2 \
         AND closes_on >= $2 ORDER BY closes_on, id"
    );
    let rows = sqlx::query(&sql).bind(actor.org_id).bind(today.to_string()).fetch_all(&db.pool).await?;
    let mut asked = Vec::new();
    for r in &rows {
        let run = run_from(r)?;
        if asks(db, &run, &me).await? {
            asked.push(run);
        }
    }
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    // Where the person stands with every asked run, in one statement (was two per run).
    let mut sql = String::new();
    for (i, _) in asked.iter().enumerate() {
        let (a, b) = (4 * i + 1, 4 * i + 2);
        let (c, d) = (4 * i + 3, 4 * i + 4);
        if i > 0 {
            sql.push_str(" UNION ALL ");
        }
        sql.push_str(&format!(
            "SELECT run_id, CAST(2 AS BIGINT) AS standing FROM scan_responded WHERE run_id = ${a} AND marker = ${b} UNION ALL \
             SELECT run_id, CAST(1 AS BIGINT) AS standing FROM scan_drafts WHERE run_id = ${c} AND marker = ${d}"
        ));
    }
    let mut q = sqlx::query(&sql);
    for run in &asked {
        q = q.bind(run.id).bind(anon::responded(secret, run.id, actor.id));
        q = q.bind(run.id).bind(anon::draft(secret, run.id, actor.id));
    }
    let mut best: HashMap<i64, i64> = HashMap::new();
    for r in q.fetch_all(&db.pool).await? {
        let level: i64 = r.try_get("standing")?;
        let e = best.entry(r.try_get("run_id")?).or_default();
        *e = (*e).max(level);
    }
    Ok(asked
        .into_iter()
        .map(|run| {
            let s = match best.get(&run.id) {
                Some(2) => Standing::Sent,
                Some(1) => Standing::Saved,
                _ => Standing::NotStarted,
            };
            (run, s)
        })
        .collect())
}

/// Saved, unsent answers (item → value); empty when there are none.
pub async fn draft(db: &Db, secret: &[u8; 32], run: &Run, person_id: i64) -> Result<HashMap<String, i64>> {
    let row = sqlx::query("SELECT sealed FROM scan_drafts WHERE run_id = $1 AND marker = $2")
        .bind(run.id)
        .bind(anon::draft(secret, run.id, person_id))
        .fetch_optional(&db.pool)
        .await?;
    match row {
        None => Ok(HashMap::new()),
        Some(r) => {
            let plain = anon::open_draft(secret, run.id, person_id, r.try_get::<String, _>("sealed")?.as_str())?;
            serde_json::from_str(&plain).map_err(|e| Error::Internal(e.into()))
        }
    }
}

/// Saves answers to continue later. The values are checked first: bad input changes nothing.
pub async fn save_draft(
    db: &Db,
    secret: &[u8; 32],
    run: &Run,
    person_id: i64,
    answers: &HashMap<String, i64>,
) -> Result<()> {
    run.layout()?.pack(answers).map_err(|_| Error::invalid("scan-error-answer"))?;
    let sealed = anon::seal_draft(secret, run.id, person_id, &serde_json::to_string(answers).expect("a map"))?;
    let marker = anon::draft(secret, run.id, person_id);
    sqlx::query(
        "INSERT INTO scan_drafts (run_id, marker, sealed) VALUES ($1, $2, $3) \
         ON CONFLICT (run_id, marker) DO UPDATE SET sealed = excluded.sealed",
    )
    .bind(run.id)
    .bind(marker)
    .bind(sealed)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The smallest unit, from the person's own upwards, with at least `min_group` people in the
/// run's population; `None` (the organisation as a whole) when no unit is that large. Counts
/// only the units on the way up, usually just the person's own team.
pub async fn attribution(db: &Db, run: &Run, unit: Option<i64>) -> Result<Option<i64>> {
    let Some(mut at) = unit else { return Ok(None) };
    let tree = unit_tree(db, run.org_id).await?;
    let scope = Scope::with_tree(db, run, &tree).await?;
    let parent: HashMap<i64, Option<i64>> = tree.iter().copied().collect();
    loop {
        let units: Vec<i64> = below(&tree, &[at]).into_iter().collect();
        if population_in(db, run, &scope, &units).await? >= run.min_group {
            return Ok(Some(at));
        }
        match parent.get(&at).copied().flatten() {
            Some(p) => at = p,
            None => return Ok(None),
        }
    }
}

/// The run's population in the given units.
async fn population_in(db: &Db, run: &Run, scope: &Scope, units: &[i64]) -> Result<i64> {
    // Unit ids are integers from the database: safe to write into the statement.
    let list = units.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT unit_id, job_title, COUNT(*) AS n FROM people WHERE org_id = $1 AND active = TRUE \
         AND is_guest = FALSE AND unit_id IN ({list}) GROUP BY unit_id, job_title"
    );
    let rows = sqlx::query(&sql).bind(run.org_id).fetch_all(&db.pool).await?;
    let mut n = 0;
    for r in &rows {
        if scope.admits(r.try_get("unit_id")?, r.try_get::<String, _>("job_title")?.as_str()) {
            n += r.try_get::<i64, _>("n")?;
        }
    }
    Ok(n)
}

/// Sends a person's answers: every item must be answered. Returns the receipt for the personal
/// result. Who answered and what was answered are written apart, in one transaction.
pub async fn submit(
    db: &Db,
    secret: &[u8; 32],
    run: &Run,
    actor: &Actor,
    answers: &HashMap<String, i64>,
) -> Result<String> {
    let layout = run.layout()?;
    let values = layout.pack(answers).map_err(|_| Error::invalid("scan-error-answer"))?;
    let missing = values.iter().filter(|v| **v == 0).count();
    if missing > 0 {
        return Err(Error::Invalid(crate::error::Msg::new("scan-error-missing").arg("n", missing)));
    }
    let me = respondent(db, actor).await?.ok_or(Error::NotFound)?;
    let at = attribution(db, run, me.unit).await?;
    let receipt = anon::random_token();
    let mut tx = db.begin().await?;
    let marked = sqlx::query("INSERT INTO scan_responded (run_id, marker) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(run.id)
        .bind(anon::responded(secret, run.id, actor.id))
        .execute(&mut *tx)
        .await?;
    if marked.rows_affected() == 0 {
        return Err(Error::conflict("scan-error-already"));
    }
    sqlx::query("INSERT INTO scan_responses (run_id, id, unit_id, answers, receipt) VALUES ($1, $2, $3, $4, $5)")
        .bind(run.id)
        .bind(anon::random_token())
        .bind(at)
        .bind(Layout::to_text(&values))
        .bind(anon::receipt_hash(&receipt))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM scan_drafts WHERE run_id = $1 AND marker = $2")
        .bind(run.id)
        .bind(anon::draft(secret, run.id, actor.id))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(receipt)
}

/// The response behind a receipt: (run, stored answers).
pub async fn by_receipt(db: &Db, token: &str) -> Result<Option<(i64, String)>> {
    if token.len() != 32 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let row = sqlx::query("SELECT run_id, answers FROM scan_responses WHERE receipt = $1")
        .bind(anon::receipt_hash(token))
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| Ok((r.try_get("run_id")?, r.try_get("answers")?))).transpose()
}

pub async fn response_count(db: &Db, run_id: i64) -> Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM scan_responses WHERE run_id = $1")
        .bind(run_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?)
}

/// Every response of a run: (attributed unit, stored answers).
pub async fn responses(db: &Db, run_id: i64) -> Result<Vec<(Option<i64>, String)>> {
    let rows = sqlx::query("SELECT unit_id, answers FROM scan_responses WHERE run_id = $1")
        .bind(run_id)
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(|r| Ok((r.try_get("unit_id")?, r.try_get("answers")?))).collect()
}

/// Days between reminders, at the least.
pub const REMINDER_GAP_DAYS: i64 = 3;
pub const MAX_REMINDERS: i64 = 2;

/// Records a reminder for everyone who has not answered: at most two, days apart, while open.
pub async fn remind(db: &Db, run: &Run, today: NaiveDate) -> Result<()> {
    if run.state(today) != RunState::Open {
        return Err(Error::conflict("scan-error-not-open"));
    }
    if run.reminders_sent >= MAX_REMINDERS {
        return Err(Error::conflict("scan-error-reminders"));
    }
    let t = now();
    if run.last_reminder_at.is_some_and(|last| t - last < REMINDER_GAP_DAYS * 86_400) {
        return Err(Error::conflict("scan-error-reminder-soon"));
    }
    let done = sqlx::query(
        "UPDATE scan_runs SET reminders_sent = reminders_sent + 1, last_reminder_at = $1 \
         WHERE id = $2 AND reminders_sent = $3 AND closed_at IS NULL",
    )
    .bind(t)
    .bind(run.id)
    .bind(run.reminders_sent)
    .execute(&db.pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::conflict("scan-error-reminders"));
    }
    Ok(())
}

/// The release of a run's answers as they stand, with the summary made from it.
async fn make_release(db: &Db, run: &Run) -> Result<(String, String)> {
    let inst = run.instrument()?;
    let layout = run.layout()?;
    let units = unit_tree(db, run.org_id).await?;
    let tally = super::report::Tally::of(inst, &layout, &units, &responses(db, run.id).await?);
    let release = super::report::Release::make(inst, &layout, &tally, &units, crate::privacy::SCAN_EPSILON_PER_RUN)?;
    let summary = super::report::Summary::from_agg(inst, &release.tally(inst, &layout).total[0]);
    Ok((serde_json::to_string(&release).expect("a release"), serde_json::to_string(&summary).expect("a summary")))
}

/// Closes a run: its report is published once, with noise (`crate::privacy`), and recorded in
/// the privacy ledger; who answered and every unsent draft are wiped. Closing twice is
/// harmless.
pub async fn close(db: &Db, run: &Run) -> Result<()> {
    if run.closed_at.is_some() {
        return publish(db, run).await;
    }
    let (release, summary) = make_release(db, run).await?;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE scan_runs SET closed_at = $1, summary = $2, release = $3 WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(now())
    .bind(&summary)
    .bind(&release)
    .bind(run.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        // Closed by someone else meanwhile: their release stands.
        return Ok(());
    }
    record_release(&mut tx, run).await?;
    sqlx::query("DELETE FROM scan_responded WHERE run_id = $1").bind(run.id).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM scan_drafts WHERE run_id = $1").bind(run.id).execute(&mut *tx).await?;
    if db.engine == crate::db::Engine::Postgres {
        // PostgreSQL keeps rows in the order they were written, and a dump lists them so. Write
        // the run's answers again in the order of their random ids, so that their order no
        // longer says who sent first. (SQLite keeps this table in id order already.)
        let id = run.id;
        for sql in [
            format!(
                "CREATE TEMPORARY TABLE scan_reorder ON COMMIT DROP AS                  SELECT run_id, id, unit_id, answers, receipt FROM scan_responses WHERE run_id = {id}"
            ),
            format!("DELETE FROM scan_responses WHERE run_id = {id}"),
            "INSERT INTO scan_responses (run_id, id, unit_id, answers, receipt)              SELECT run_id, id, unit_id, answers, receipt FROM scan_reorder ORDER BY id"
                .to_string(),
        ] {
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(org_id = run.org_id, run = run.id, "scan run closed and published");
    Ok(())
}

/// The ledger row of a run's release, in the transaction that stores the release.
async fn record_release(tx: &mut crate::db::Tx, run: &Run) -> Result<()> {
    let year = i64::from(chrono::Datelike::year(&run.closes_on));
    let (kind, epsilon) = (crate::privacy::ledger::Kind::Scan, crate::privacy::SCAN_EPSILON_PER_RUN);
    crate::privacy::ledger::record(tx, run.org_id, year, kind, &run.id.to_string(), epsilon).await
}

/// Publishes a closed run that has no release yet (closed before releases existed, or made by
/// the demo). Publishing twice is refused by the ledger, so one release stands.
pub async fn publish(db: &Db, run: &Run) -> Result<()> {
    if run.release.is_some() || run.closed_at.is_none() {
        return Ok(());
    }
    let (release, summary) = make_release(db, run).await?;
    let mut tx = db.begin().await?;
    let done = sqlx::query("UPDATE scan_runs SET summary = $1, release = $2 WHERE id = $3 AND release IS NULL")
        .bind(&summary)
        .bind(&release)
        .bind(run.id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Ok(());
    }
    record_release(&mut tx, run).await?;
    tx.commit().await?;
    Ok(())
}

/// Publishes every closed run of every organisation that has no release yet (the server's
/// housekeeping: runs closed before releases existed).
pub async fn publish_pending(db: &Db) -> Result<usize> {
    let sql = format!("SELECT {RUN_COLUMNS} FROM scan_runs WHERE closed_at IS NOT NULL AND release IS NULL");
    let rows = sqlx::query(&sql).fetch_all(&db.pool).await?;
    for r in &rows {
        publish(db, &run_from(r)?).await?;
    }
    Ok(rows.len())
}

/// Publishes every closed run of an organisation that has no release yet.
pub async fn publish_closed(db: &Db, org_id: i64) -> Result<usize> {
    let sql =
        format!("SELECT {RUN_COLUMNS} FROM scan_runs WHERE org_id = $1 AND closed_at IS NOT NULL AND release IS NULL");
    let rows = sqlx::query(&sql).bind(org_id).fetch_all(&db.pool).await?;
    for r in &rows {
        publish(db, &run_from(r)?).await?;
    }
    Ok(rows.len())
}

/// Closes every run whose period has ended (the server does this hourly).
pub async fn close_due(db: &Db, today: NaiveDate) -> Result<usize> {
    let sql = format!("SELECT {RUN_COLUMNS} FROM scan_runs WHERE closed_at IS NULL AND closes_on < $1");
    let rows = sqlx::query(&sql).bind(today.to_string()).fetch_all(&db.pool).await?;
    for r in &rows {
        close(db, &run_from(r)?).await?;
    }
    Ok(rows.len())
}

pub async fn shares_benchmark(db: &Db, org_id: i64) -> Result<bool> {
    let row =
        sqlx::query("SELECT scan_benchmark FROM organisations WHERE id = $1").bind(org_id).fetch_one(&db.pool).await?;
    Ok(row.try_get::<Flag, _>("scan_benchmark")?.into())
}

pub async fn set_benchmark(db: &Db, org_id: i64, share: bool) -> Result<()> {
    sqlx::query("UPDATE organisations SET scan_benchmark = $1 WHERE id = $2")
        .bind(share)
        .bind(org_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// For the benchmark: per other organisation that shares, the summary of its latest closed run
/// of this instrument and variant.
pub async fn shared_summaries(db: &Db, org_id: i64, instrument: &str, variant: &str) -> Result<Vec<String>> {
    let rows = sqlx::query(
        "SELECT r.org_id, r.summary FROM scan_runs r JOIN organisations o ON o.id = r.org_id \
         WHERE o.scan_benchmark = TRUE AND r.org_id <> $1 AND r.instrument = $2 AND r.variant = $3 \
         AND r.closed_at IS NOT NULL AND r.summary IS NOT NULL ORDER BY r.org_id, r.closes_on DESC, r.id DESC",
    )
    .bind(org_id)
    .bind(instrument)
    .bind(variant)
    .fetch_all(&db.pool)
    .await?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in &rows {
        if seen.insert(r.try_get::<i64, _>("org_id")?) {
            out.push(r.try_get::<String, _>("summary")?);
        }
    }
    Ok(out)
}
