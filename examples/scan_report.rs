//! Benchmark of L&D's scan report: a Leercultuurscan run with 100,000 responses of 40 items in a
//! large organisation, the report page and its CSV timed over real HTTP, and the pieces behind
//! them (reading the answers, the tally, the disclosure rules) timed in-process.
//!
//!   cargo run --release --example scan_report                   # SQLite in a temporary directory
//!   HARTSLAG_DATABASE_URL=postgres://… cargo run --release --example scan_report
//!
//! Environment: `SCAN_RESPONSES` (100000), `SCAN_LOCATIONS` (40), `SCAN_TEAMS` (25 per
//! location), `SCAN_RUNS` (7 timed runs after one warm-up), `SCAN_SEED` (42), `SCAN_DATA_DIR`
//! (keep the SQLite database there instead of a temporary directory). `scripts/bench-scans` runs
//! it on SQLite and, when `HARTSLAG_DATABASE_URL` is set, on PostgreSQL as well. Results are in
//! docs/BENCHMARKS.md.
//!
//! The organisation has people too (about one and a quarter per response, so that the page's
//! response rate and population count read a realistic `people` table). Responses are written the
//! way `scans::store::submit` writes them: a random id, the unit the answer is attributed to (the
//! person's team when it has at least the minimum group, else its location), 40 digits and the
//! hash of a random receipt. Answers follow per-block levels with each location's and team's own
//! tendencies, so the report has something to show and the disclosure rules have work to do
//! (some teams are small, some answer little).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Local;
use hartslag::cockpit::disclosure::Hide;
use hartslag::db::bulk::{Bulk, V};
use hartslag::db::{Db, Engine};
use hartslag::orgs::{self, NewPerson};
use hartslag::policy::Actor;
use hartslag::scans::instrument::{self, Layout};
use hartslag::scans::report::Tally;
use hartslag::scans::{anon, store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PASSWORD: &str = "bench-wachtwoord-123";
const JOBS: [&str; 8] = [
    "Verzorgende IG",
    "Verpleegkundige",
    "Helpende",
    "Wijkverpleegkundige",
    "Activiteitenbegeleider",
    "Planner",
    "Facilitair medewerker",
    "Teamleider",
];

fn env_usize(name: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(name) {
        Ok(v) => v.trim().replace('_', "").parse().with_context(|| format!("{name} must be a number, not {v:?}")),
        Err(_) => Ok(default),
    }
}

/// Milliseconds, with two decimals.
fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Min, median and max of a set of timings.
struct Stats {
    min: f64,
    median: f64,
    max: f64,
    runs: usize,
}

impl Stats {
    fn of(mut v: Vec<f64>) -> Stats {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
        Stats { min: v[0], median, max: v[n - 1], runs: n }
    }
}

/// A number with thousands separators, as the rest of BENCHMARKS.md writes them.
fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A line of /proc/self/status in kB (Linux only).
fn proc_status_kb(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak RSS (VmHWM) to the current RSS, so that the next peak is the measurement's.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// One team of the organisation.
struct Team {
    id: i64,
    location: i64,
    people: usize,
    responses: usize,
    /// Per block: how far this team's answers lie from the organisation's level.
    bias: Vec<f64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n_responses = env_usize("SCAN_RESPONSES", 100_000)?;
    let n_locations = env_usize("SCAN_LOCATIONS", 40)?.max(1);
    let n_teams = env_usize("SCAN_TEAMS", 25)?.max(1);
    let runs = env_usize("SCAN_RUNS", 7)?.max(1);
    let seed = env_usize("SCAN_SEED", 42)? as u64;
    let mut rng = StdRng::seed_from_u64(seed);

    // 1. The database.
    let _dir;
    let url = match std::env::var("HARTSLAG_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        // Kept for a look afterwards (sqlite3 DIR/hartslag.db).
        _ if std::env::var("SCAN_DATA_DIR").is_ok_and(|d| !d.is_empty()) => {
            let dir = std::path::PathBuf::from(std::env::var("SCAN_DATA_DIR")?);
            std::fs::create_dir_all(&dir)?;
            hartslag::db::sqlite_url_in(&dir)
        }
        _ => {
            let dir = tempfile::tempdir()?;
            let url = hartslag::db::sqlite_url_in(dir.path());
            _dir = dir;
            url
        }
    };
    let db = Db::connect(&url).await?;
    db.migrate().await?;
    let engine = match db.engine {
        Engine::Sqlite => "SQLite",
        Engine::Postgres => "PostgreSQL",
    };
    eprintln!(
        "scan_report: {engine}, {} responses, {n_locations} locations × {n_teams} teams",
        thousands(n_responses as u64)
    );

    // 2. The organisation: locations with teams, people in them, one L&D adviser, one run.
    let seeding = Instant::now();
    let slug = format!("bench-scans-{}", &anon::random_token()[..8]);
    let org = orgs::create_org(&db, "Zorggroep Benchmark", &slug).await?;
    let inst = instrument::find("leercultuurscan").context("the Leercultuurscan is not shipped")?;
    let blocks = inst.blocks.len();
    let block_level: Vec<f64> = (0..blocks).map(|_| rng.gen_range(2.6..3.6)).collect();
    let mut teams: Vec<Team> = Vec::new();
    let mut locations = Vec::new();
    for l in 0..n_locations {
        let location = orgs::create_unit(&db, org, &format!("Locatie {:02}", l + 1), None, None).await?;
        locations.push(location);
        let loc_bias: Vec<f64> = (0..blocks).map(|_| rng.gen_range(-0.4..0.4)).collect();
        for t in 0..n_teams {
            let id =
                orgs::create_unit(&db, org, &format!("Team {:02}.{:02}", l + 1, t + 1), Some(location), None).await?;
            let bias = loc_bias.iter().map(|b| b + rng.gen_range(-0.5..0.5)).collect();
            teams.push(Team { id, location, people: 0, responses: 0, bias });
        }
    }
    let units_created = teams.len() + locations.len();
    let units_s = seeding.elapsed().as_secs_f64();

    // About 80% answer: 1.25 people per response. One team in twelve is small (2–7 people);
    // the others share the rest by random weight. Each team answers at its own rate.
    let target_people = n_responses * 5 / 4;
    let unplaced_people = target_people / 200;
    let small: Vec<bool> = teams.iter().map(|_| rng.gen_bool(1.0 / 12.0)).collect();
    let weights: Vec<f64> = small.iter().map(|s| if *s { 0.0 } else { rng.gen_range(40.0..200.0) }).collect();
    for (team, s) in teams.iter_mut().zip(&small) {
        if *s {
            team.people = rng.gen_range(2..=7);
        }
    }
    let small_people: usize = teams.iter().map(|t| t.people).sum();
    let rest = target_people.saturating_sub(small_people + unplaced_people) as f64;
    let weight_sum: f64 = weights.iter().sum::<f64>().max(1.0);
    for (team, w) in teams.iter_mut().zip(&weights) {
        if *w > 0.0 {
            team.people = ((rest * w / weight_sum).round() as usize).max(1);
        }
        team.responses = ((team.people as f64) * rng.gen_range(0.55..0.98)).round() as usize;
    }
    let mut unplaced_responses = unplaced_people * 4 / 5;
    // Exactly the number asked for: add to or take from random teams, never above a team's size.
    let mut total: usize = teams.iter().map(|t| t.responses).sum::<usize>() + unplaced_responses;
    let capacity: usize = teams.iter().map(|t| t.people).sum::<usize>() + unplaced_people;
    if n_responses > capacity {
        bail!("cannot place {n_responses} responses among {capacity} people");
    }
    while total != n_responses {
        let i = rng.gen_range(0..=teams.len());
        if i == teams.len() {
            if total < n_responses && unplaced_responses < unplaced_people {
                unplaced_responses += 1;
                total += 1;
            } else if total > n_responses && unplaced_responses > 0 {
                unplaced_responses -= 1;
                total -= 1;
            }
            continue;
        }
        let t = &mut teams[i];
        if total < n_responses && t.responses < t.people {
            t.responses += 1;
            total += 1;
        } else if total > n_responses && t.responses > 0 {
            t.responses -= 1;
            total -= 1;
        }
    }

    let adviser = orgs::create_person(
        &db,
        org,
        &NewPerson {
            name: "Lotte L&O".into(),
            email: format!("adviseur@{slug}.example"),
            password: Some(PASSWORD.into()),
            is_adviser: true,
            ..Default::default()
        },
    )
    .await?;
    let now = hartslag::db::now();
    let mut tx = db.begin().await?;
    let mut bulk = Bulk::new(db.engine);
    let people_t = bulk.table(
        "people",
        &[
            "org_id",
            "unit_id",
            "name",
            "email",
            "job_title",
            "password_hash",
            "is_admin",
            "is_adviser",
            "is_guest",
            "active",
            "created_at",
        ],
    );
    let mut person_no = 0usize;
    let places: Vec<(Option<i64>, usize)> =
        teams.iter().map(|t| (Some(t.id), t.people)).chain([(None, unplaced_people)]).collect();
    for (unit, n) in places {
        for _ in 0..n {
            person_no += 1;
            bulk.push(
                people_t,
                vec![
                    V::I(org),
                    V::N(unit),
                    V::S(format!("Medewerker {person_no}")),
                    V::S(format!("m{person_no}@{slug}.example")),
                    V::S(JOBS[rng.gen_range(0..JOBS.len())].to_string()),
                    V::O(None),
                    V::B(false),
                    V::B(false),
                    V::B(false),
                    V::B(true),
                    V::I(now),
                ],
            );
            bulk.maybe_flush(&mut tx).await?;
        }
    }
    bulk.flush(&mut tx).await?;
    tx.commit().await?;
    let people_s = seeding.elapsed().as_secs_f64() - units_s;

    let actor = Actor {
        id: adviser,
        org_id: org,
        name: "Lotte L&O".into(),
        email: format!("adviseur@{slug}.example"),
        is_admin: false,
        is_adviser: true,
        is_guest: false,
        is_manager: false,
        csrf: None,
    };
    let today = Local::now().date_naive();
    let run_id = store::create(
        &db,
        &actor,
        &store::NewRun {
            instrument: "leercultuurscan".into(),
            variant: String::new(),
            title: "Leercultuurscan benchmark".into(),
            population: "org".into(),
            units: vec![],
            jobs: vec![],
            opens_on: today.to_string(),
            closes_on: (today + chrono::Duration::days(14)).to_string(),
        },
        today,
    )
    .await?;
    let run = store::run(&db, org, run_id).await?.context("the run just created")?;
    let layout = run.layout()?;
    if layout.ids.len() != 40 {
        eprintln!("scan_report: note: the run asks {} items, not 40", layout.ids.len());
    }
    let k = hartslag::cockpit::disclosure::min_group(run.min_group.max(orgs::cockpit_min_group(&db, org).await?));

    // 3. The responses, in one transaction of multi-row INSERTs.
    let responses_started = Instant::now();
    let item_bias: Vec<f64> = layout.ids.iter().map(|_| rng.gen_range(-0.3..0.3)).collect();
    let no_bias = vec![0.0; blocks];
    let mut groups: Vec<(Option<i64>, usize, &[f64])> = teams
        .iter()
        .map(|t| (Some(if t.people as i64 >= k { t.id } else { t.location }), t.responses, t.bias.as_slice()))
        .collect();
    groups.push((None, unplaced_responses, &no_bias));
    let mut tx = db.begin().await?;
    let mut bulk = Bulk::new(db.engine);
    let responses_t = bulk.table("scan_responses", &["run_id", "id", "unit_id", "answers", "receipt"]);
    let mut values = vec![0u8; layout.ids.len()];
    for (unit, n, bias) in groups {
        for _ in 0..n {
            let person: f64 = rng.gen_range(-0.6..0.6);
            for (i, slot) in layout.slots.iter().enumerate() {
                let (b, reverse) = slot.unwrap_or((0, false));
                let mean = block_level[b] + bias[b] + item_bias[i] + person;
                let noise = rng.gen_range(-1.0..1.0) + rng.gen_range(-0.6..0.6);
                let scored = (mean + noise).round().clamp(1.0, 5.0) as u8;
                values[i] = if reverse { 6 - scored } else { scored };
            }
            bulk.push(
                responses_t,
                vec![
                    V::I(run_id),
                    V::S(anon::random_token()),
                    V::N(unit),
                    V::S(Layout::to_text(&values)),
                    V::S(anon::receipt_hash(&anon::random_token())),
                ],
            );
            bulk.maybe_flush(&mut tx).await?;
        }
    }
    bulk.flush(&mut tx).await?;
    tx.commit().await?;
    let responses_s = responses_started.elapsed().as_secs_f64();
    match db.engine {
        // As after the demo: the write-ahead log folded into the database file.
        Engine::Sqlite => {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&db.pool).await?;
        }
        // What autovacuum would do shortly after a bulk load.
        Engine::Postgres => {
            sqlx::query("ANALYZE").execute(&db.pool).await?;
        }
    }
    let seeding_s = seeding.elapsed().as_secs_f64();
    let stored = store::response_count(&db, run_id).await?;
    if stored != n_responses as i64 {
        bail!("expected {n_responses} responses, found {stored}");
    }
    let people_total: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE org_id = $1").bind(org).fetch_one(&db.pool).await?;
    eprintln!(
        "scan_report: seeded in {seeding_s:.1} s ({units_created} units {units_s:.1} s, {} people {people_s:.1} s, \
         {} responses {responses_s:.1} s)",
        thousands(people_total as u64),
        thousands(stored as u64)
    );
    let seeding_peak_kb = proc_status_kb("VmHWM:");
    let peak_reset = reset_peak_rss();

    // 4. The app in-process, the adviser signed in, the report over HTTP.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base = format!("http://{}", listener.local_addr()?);
    let app = hartslag::app(db.clone(), hartslag::web::Config::default());
    tokio::spawn(async move {
        axum::serve(listener, app).await.expect("the server");
    });
    let client = reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build()?;
    let login = client
        .post(format!("{base}/login"))
        .form(&[("email", format!("adviseur@{slug}.example").as_str()), ("password", PASSWORD), ("next", "/")])
        .send()
        .await?;
    if login.status() != 303 {
        bail!("signing in as the adviser: {}", login.status());
    }

    let location_path = format!("/scans/{run_id}/report?unit={}", locations[0]);
    let pages: [(String, String); 3] = [
        (
            format!("GET /scans/{{id}}/report (organisation, {} responses)", thousands(stored as u64)),
            format!("/scans/{run_id}/report"),
        ),
        ("GET /scans/{id}/report.csv".into(), format!("/scans/{run_id}/report.csv")),
        ("GET /scans/{id}/report?unit=… (one location)".into(), location_path),
    ];
    // One warm-up each, then the pages in turn, so that a change in the machine's load falls on
    // all of them alike.
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); pages.len()];
    let mut bytes = vec![0; pages.len()];
    for i in 0..=runs {
        for (p, (_, path)) in pages.iter().enumerate() {
            let started = Instant::now();
            let resp = client.get(format!("{base}{path}")).send().await?;
            let status = resp.status();
            let body = resp.bytes().await?;
            let took = started.elapsed();
            if status != 200 {
                bail!("{path}: {status}: {}", String::from_utf8_lossy(&body[..body.len().min(500)]));
            }
            bytes[p] = body.len();
            if i > 0 {
                times[p].push(ms(took));
            }
        }
    }
    let http_rows: Vec<(String, Stats, usize)> =
        pages.iter().zip(times).zip(bytes).map(|(((label, _), t), b)| (label.clone(), Stats::of(t), b)).collect();
    let http_peak_kb = proc_status_kb("VmHWM:");
    let peak_reset = peak_reset && reset_peak_rss();

    // The pieces, in-process, as `scans::routes::compute` calls them.
    let org_people = store::population_size(&db, &run).await?;
    let tree = store::unit_tree(&db, org).await?;
    let mut pieces: Vec<(String, Vec<f64>)> = vec![
        ("store::population_size (the page's response rate)".into(), Vec::new()),
        (format!("store::unit_tree ({} units)", thousands(tree.len() as u64)), Vec::new()),
        (format!("store::responses (read {} rows)", thousands(stored as u64)), Vec::new()),
        ("Tally::of (unpack, score, add up the tree)".into(), Vec::new()),
        (format!("Tally::disclosure (k = {k})"), Vec::new()),
        ("orgs::unit_names".into(), Vec::new()),
        ("(diagnosis) the responses' SELECT, rows fetched through sqlx, not mapped".into(), Vec::new()),
        ("(diagnosis) the same rows scanned in SQL only (one result row)".into(), Vec::new()),
    ];
    let mut hidden = (0, 0, 0, 0, 0);
    for i in 0..=runs {
        let mut timed = Vec::new();
        let t = Instant::now();
        let asked = store::population_size(&db, &run).await?;
        timed.push(t.elapsed());
        let t = Instant::now();
        let units = store::unit_tree(&db, org).await?;
        timed.push(t.elapsed());
        let t = Instant::now();
        let responses = store::responses(&db, run_id).await?;
        timed.push(t.elapsed());
        let t = Instant::now();
        let tally = Tally::of(inst, &layout, &units, &responses);
        timed.push(t.elapsed());
        let t = Instant::now();
        let cells = tally.disclosure(k);
        timed.push(t.elapsed());
        let t = Instant::now();
        let names = orgs::unit_names(&db, org).await?;
        timed.push(t.elapsed());
        // Where the read's time goes: the driver's rows, and the database engine alone.
        let t = Instant::now();
        let rows = sqlx::query("SELECT unit_id, answers FROM scan_responses WHERE run_id = $1")
            .bind(run_id)
            .fetch_all(&db.pool)
            .await?;
        timed.push(t.elapsed());
        drop(rows);
        let t = Instant::now();
        let scanned: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) + MAX(LENGTH(answers)) * 0 + MAX(COALESCE(unit_id, 0)) * 0 FROM scan_responses \
             WHERE run_id = $1",
        )
        .bind(run_id)
        .fetch_one(&db.pool)
        .await?;
        timed.push(t.elapsed());
        if asked != org_people
            || scanned != stored
            || responses.len() != stored as usize
            || tally.unreadable > 0
            || names.len() != tree.len()
        {
            bail!("the in-process pieces disagree with what was seeded");
        }
        let count = |cells: &[Hide], h: Hide| cells.iter().filter(|c| **c == h).count();
        hidden = (
            cells.tree.len(),
            count(&cells.tree, Hide::Small),
            count(&cells.tree, Hide::Protect),
            count(&cells.direct, Hide::Small),
            count(&cells.direct, Hide::Protect),
        );
        if i > 0 {
            for (slot, d) in pieces.iter_mut().zip(timed) {
                slot.1.push(ms(d));
            }
        }
    }
    let end_peak_kb = proc_status_kb("VmHWM:");

    // 5. The results, as Markdown.
    let per_unit: HashMap<Option<i64>, usize> = teams.iter().fold(HashMap::new(), |mut m, t| {
        *m.entry(Some(if t.people as i64 >= k { t.id } else { t.location })).or_default() += t.responses;
        m
    });
    let small_teams = teams.iter().filter(|t| (t.people as i64) < k).count();
    let thin_teams = per_unit.values().filter(|n| **n > 0 && (**n as i64) < k).count();
    println!(
        "Database: {engine}. Organisation: {} units ({n_locations} locations × {n_teams} teams), {} people \
         ({} asked by the run), {} responses of {} items; {small_teams} teams below k = {k} people (their answers \
         attributed to the location), {thin_teams} units with 1–{} answers.",
        thousands(units_created as u64),
        thousands(people_total as u64),
        thousands(org_people as u64),
        thousands(stored as u64),
        layout.ids.len(),
        k - 1
    );
    println!();
    println!("| what | runs | min ms | median ms | max ms | body |");
    println!("|---|--:|--:|--:|--:|--:|");
    for (label, s, bytes) in &http_rows {
        println!(
            "| {label} | {} | {:.1} | {:.1} | {:.1} | {} kB |",
            s.runs,
            s.min,
            s.median,
            s.max,
            thousands((*bytes as u64).div_ceil(1000))
        );
    }
    let mut sum_median = 0.0;
    for (label, times) in pieces {
        let s = Stats::of(times);
        if !label.starts_with("(diagnosis)") {
            sum_median += s.median;
        }
        println!("| in-process: {label} | {} | {:.2} | {:.2} | {:.2} | |", s.runs, s.min, s.median, s.max);
    }
    println!();
    println!(
        "In-process pieces of the page together (sum of medians, without the diagnosis rows): {sum_median:.1} ms. Disclosure: of {} groups (a unit with \
         everything below it), {} hidden as small and {} to protect them; of their own answers, {} hidden as small \
         and {} to protect them.",
        thousands(hidden.0 as u64),
        hidden.1,
        hidden.2,
        hidden.3,
        hidden.4
    );
    let org_report = &http_rows[0].1;
    println!(
        "Target (organisation-wide report under 1 s): {} (median {:.0} ms, max {:.0} ms).",
        if org_report.max < 1000.0 {
            "met"
        } else if org_report.median < 1000.0 {
            "met at the median, not in every run"
        } else {
            "MISSED"
        },
        org_report.median,
        org_report.max
    );
    println!(
        "Seeding (not part of the target): {seeding_s:.1} s — {units_created} units {units_s:.1} s, {} people \
         {people_s:.1} s, {} responses {responses_s:.1} s.",
        thousands(people_total as u64),
        thousands(stored as u64)
    );
    let mb = |kb: Option<u64>| kb.map(|k| format!("{:.0} MB", k as f64 / 1024.0)).unwrap_or_else(|| "n/a".into());
    if peak_reset {
        println!(
            "Peak RSS of the process (server, client and data in one process): {} while seeding; {} during the HTTP \
             runs; {} during the in-process runs.",
            mb(seeding_peak_kb),
            mb(http_peak_kb),
            mb(end_peak_kb)
        );
    } else {
        println!("Peak RSS of the process (server, client and data in one process): {}.", mb(end_peak_kb));
    }
    Ok(())
}
