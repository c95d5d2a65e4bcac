//! Answering a scan, the personal result, and L&D's runs, report and CSV.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use serde::Deserialize;

use super::cache::Key;
use super::instrument::{self, Band, Block, Instrument, Layout, Step};
use super::report::{self, Benchmark, Summary, Tally};
use super::store::{self, Listed, Population, Run, RunState, Standing};
use crate::cockpit::disclosure::Hide;
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Csv, Lang, PageCtx, PageQuery, Pager, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/scans", get(list).post(create))
        .route("/scans/new", get(new_page))
        .route("/scans/settings", post(settings))
        .route("/scans/instruments/{id}", get(instrument_page))
        .route("/scans/results/{token}", get(result_page))
        .route("/scans/{id}", get(answer_page))
        .route("/scans/{id}/answers", post(answer))
        .route("/scans/{id}/report", get(report_page))
        .route("/scans/{id}/report.csv", get(report_csv))
        .route("/scans/{id}/remind", post(remind))
        .route("/scans/{id}/close", post(close))
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// "3,8" in Dutch, "3.8" in English; halves round away from zero (`web::number`).
pub fn decimal(v: f64, lang: Lang) -> String {
    crate::web::number::decimal(v, 1, lang)
}

fn date(d: NaiveDate, lang: Lang) -> String {
    crate::cycles::format_day(d, lang)
}

/// A band's name in words.
fn band_label(band: &Band, lang: Lang) -> String {
    let key = format!("scan-band-{}", band.band);
    let text = lang.t(&key);
    if text == key { band.band.clone() } else { text }
}

fn instrument_title(i: &Instrument, variant: &str, lang: Lang) -> String {
    match i.variant(variant) {
        Some(v) => format!("{} — {}", i.title.get(lang), v.title.get(lang)),
        None => i.title.get(lang).to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// The list: open scans for me; for L&D, the organisation's runs.

struct Mine {
    run: Run,
    standing: Standing,
    closes: String,
}

struct RunRow {
    id: i64,
    title: String,
    instrument: String,
    period: String,
    state: String,
    /// As published: rounded while open, with noise once closed.
    responses: String,
}

#[derive(Template)]
#[template(path = "scans/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    mine: Vec<Mine>,
    runs: Vec<RunRow>,
    pager: Pager,
    instruments: Vec<(String, String, String)>,
    benchmark: bool,
    saved: bool,
}

#[derive(Deserialize, Default)]
struct ListQuery {
    #[serde(default)]
    saved: Option<String>,
    #[serde(flatten)]
    page: PageQuery,
}

fn state_key(s: RunState) -> &'static str {
    match s {
        RunState::Planned => "scan-state-planned",
        RunState::Open => "scan-state-open",
        RunState::Closed => "scan-state-closed",
    }
}

async fn list(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<ListQuery>) -> Result<Response> {
    let today = today();
    let mine = store::open_for(&st.db, st.secret(), &actor, today)
        .await?
        .into_iter()
        .map(|(run, standing)| Mine { closes: date(run.closes_on, lang), run, standing })
        .collect();
    let (runs, pager, benchmark) = if actor.is_adviser {
        let mut rows = store::runs(&st.db, actor.org_id, q.page.limit(), q.page.offset()).await?;
        let pager = Pager::of(q.page, &mut rows);
        let runs = rows
            .into_iter()
            .map(|Listed { run, responses }| RunRow {
                id: run.id,
                instrument: run.instrument().map(|i| instrument_title(i, &run.variant, lang)).unwrap_or_default(),
                period: format!("{} – {}", date(run.opens_on, lang), date(run.closes_on, lang)),
                state: lang.t(state_key(run.state(today))),
                responses: match run.summary.as_deref().and_then(|s| serde_json::from_str::<Summary>(s).ok()) {
                    Some(s) if run.closed_at.is_some() => s.n.to_string(),
                    _ => rounded_count(responses, lang),
                },
                title: run.title,
            })
            .collect();
        (runs, pager, store::shares_benchmark(&st.db, actor.org_id).await?)
    } else {
        (Vec::new(), Pager::of(q.page, &mut Vec::<()>::new()), false)
    };
    let instruments = instrument::shipped()
        .iter()
        .map(|i| (i.id.clone(), i.title.get(lang).to_string(), i.intro.get(lang).to_string()))
        .collect();
    let page = ListPage {
        ctx: PageCtx::new(&actor, lang),
        mine,
        runs,
        pager,
        instruments,
        benchmark,
        saved: q.saved.is_some(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct SettingsForm {
    #[serde(default)]
    benchmark: Option<String>,
}

async fn settings(State(st): State<AppState>, form: Submit<SettingsForm>) -> Result<Response> {
    policy::scans_manage(&form.actor)?;
    store::set_benchmark(&st.db, form.actor.org_id, form.data.benchmark.is_some()).await?;
    Ok(see_other("/scans"))
}

// ---------------------------------------------------------------------------------------
// Opening a run.

#[derive(Template)]
#[template(path = "scans/templates/new.html")]
struct NewPage {
    ctx: PageCtx,
    /// (value "instrument" or "instrument:variant", label)
    choices: Vec<(String, String)>,
    units: Vec<(i64, String)>,
    jobs: Vec<(String, i64)>,
    opens: String,
    closes: String,
    chosen: String,
}

#[derive(Deserialize, Default)]
struct NewQuery {
    instrument: Option<String>,
}

async fn new_page(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<NewQuery>) -> Result<Response> {
    policy::scans_manage(&actor)?;
    let mut choices = Vec::new();
    for i in instrument::shipped() {
        if i.variants.is_empty() {
            choices.push((i.id.clone(), i.title.get(lang).to_string()));
        }
        for v in &i.variants {
            choices.push((format!("{}:{}", i.id, v.id), instrument_title(i, &v.id, lang)));
        }
    }
    let t = today();
    let page = NewPage {
        ctx: PageCtx::new(&actor, lang),
        chosen: q.instrument.unwrap_or_default(),
        choices,
        units: crate::orgs::unit_names(&st.db, actor.org_id).await?,
        jobs: store::job_titles(&st.db, actor.org_id).await?,
        opens: t.to_string(),
        closes: (t + chrono::Duration::days(21)).to_string(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize)]
struct CreateForm {
    #[serde(default)]
    instrument: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    units: Vec<i64>,
    #[serde(default)]
    jobs: Vec<String>,
    #[serde(default)]
    opens_on: String,
    #[serde(default)]
    closes_on: String,
}

async fn create(State(st): State<AppState>, lang: Lang, form: Submit<CreateForm>) -> Result<Response> {
    policy::scans_manage(&form.actor)?;
    let f = form.data;
    let (instrument, variant) = match f.instrument.split_once(':') {
        Some((i, v)) => (i.to_string(), v.to_string()),
        None => (f.instrument.clone(), String::new()),
    };
    let title = if f.title.trim().is_empty() {
        // A sensible default: the instrument's name and the month.
        let inst = instrument::find(&instrument).ok_or_else(|| Error::invalid("scan-error-instrument"))?;
        format!("{} {}", instrument_title(inst, &variant, lang), crate::cycles::format_month(today(), lang))
    } else {
        f.title
    };
    let new = store::NewRun {
        instrument,
        variant,
        title,
        population: f.population,
        units: f.units,
        jobs: f.jobs,
        opens_on: f.opens_on,
        closes_on: f.closes_on,
    };
    let id = store::create(&st.db, &form.actor, &new, today()).await?;
    if st.config.mail {
        // On the opening day at eight (or now, when it opens today); quiet hours still apply.
        if let Some(run) = store::run(&st.db, form.actor.org_id, id).await? {
            let opens = crate::mail::local_ts(&format!("{}T08:00", run.opens_on));
            let at = opens.unwrap_or_else(crate::db::now).max(crate::db::now());
            crate::mail::scan_invitations(&st.db, run.org_id, run.id, at).await?;
        }
    }
    Ok(see_other(format!("/scans/{id}/report")))
}

// ---------------------------------------------------------------------------------------
// An instrument's questions, for anyone to read.

#[derive(Template)]
#[template(path = "scans/templates/instrument.html")]
struct InstrumentPage {
    ctx: PageCtx,
    i: &'static Instrument,
}

impl InstrumentPage {
    fn text<'a>(&self, t: &'a instrument::Text) -> &'a str {
        t.get(self.ctx.lang)
    }
    fn item<'a>(&self, it: &'a instrument::Item) -> &'a str {
        it.text(self.ctx.lang)
    }
    fn band(&self, b: &Band) -> String {
        band_label(b, self.ctx.lang)
    }
    fn upto(&self, b: &Band) -> String {
        decimal(b.upto, self.ctx.lang)
    }
    fn labels(&self) -> String {
        let l = if self.ctx.nl() { &self.i.scale.labels.nl } else { &self.i.scale.labels.en };
        l.iter()
            .enumerate()
            .map(|(n, s)| format!("{} = {s}", self.i.scale.min + n as i64))
            .collect::<Vec<_>>()
            .join(", ")
    }
    fn variants_of(&self, it: &instrument::Item) -> String {
        it.variants
            .iter()
            .filter_map(|v| self.i.variant(v))
            .map(|v| v.title.get(self.ctx.lang).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn instrument_page(actor: Actor, lang: Lang, Path(id): Path<String>) -> Result<Response> {
    policy::scan_instrument(&actor)?;
    let i = instrument::find(&id).ok_or(Error::NotFound)?;
    Ok(render(&InstrumentPage { ctx: PageCtx::new(&actor, lang), i })?.into_response())
}

// ---------------------------------------------------------------------------------------
// Answering.

async fn load_run(st: &AppState, actor: &Actor, id: i64) -> Result<Run> {
    store::run(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)
}

/// The run, when the actor may answer it now.
async fn answerable(st: &AppState, actor: &Actor, id: i64) -> Result<Run> {
    let run = load_run(st, actor, id).await?;
    let asked = store::in_population(&st.db, &run, actor).await?;
    policy::scan_answer(actor, run.org_id, asked)?;
    if run.state(today()) != RunState::Open {
        return Err(Error::conflict("scan-error-not-open"));
    }
    Ok(run)
}

struct Question {
    id: String,
    text: String,
    answer: i64,
    missing: bool,
}

#[derive(Template)]
#[template(path = "scans/templates/answer.html")]
struct AnswerPage {
    ctx: PageCtx,
    run: Run,
    intro: String,
    block: usize,
    blocks: usize,
    block_title: String,
    questions: Vec<Question>,
    /// (value, label)
    scale: Vec<(i64, String)>,
    answered: usize,
    total: usize,
    missing: bool,
    closes: String,
}

#[derive(Deserialize, Default)]
struct AnswerQuery {
    block: Option<usize>,
    missing: Option<String>,
}

/// The blocks that have items in this run, in order.
fn run_blocks(inst: &Instrument, layout: &Layout) -> Vec<usize> {
    (0..inst.blocks.len()).filter(|b| layout.per_block[*b] > 0).collect()
}

async fn answer_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<AnswerQuery>,
) -> Result<Response> {
    let run = answerable(&st, &actor, id).await?;
    let secret = st.secret();
    if store::standing(&st.db, secret, run.id, actor.id).await? == Standing::Sent {
        return Err(Error::conflict("scan-error-already"));
    }
    let inst = run.instrument()?;
    let layout = run.layout()?;
    let blocks = run_blocks(inst, &layout);
    let saved = store::draft(&st.db, secret, &run, actor.id).await?;
    let Some(last) = blocks.len().checked_sub(1) else {
        return Err(Error::NotFound);
    };
    let b = q.block.unwrap_or(0).min(last);
    let block: &Block = &inst.blocks[blocks[b]];
    let missing = q.missing.is_some();
    let questions = block
        .items
        .iter()
        .filter(|it| layout.ids.contains(&it.id))
        .map(|it| {
            let answer = saved.get(&it.id).copied().unwrap_or(0);
            Question { id: it.id.clone(), text: it.text(lang).to_string(), answer, missing: missing && answer == 0 }
        })
        .collect();
    let labels = if lang == Lang::Nl { &inst.scale.labels.nl } else { &inst.scale.labels.en };
    let page = AnswerPage {
        ctx: PageCtx::new(&actor, lang),
        intro: inst.intro.get(lang).to_string(),
        block: b,
        blocks: blocks.len(),
        block_title: block.title.get(lang).to_string(),
        questions,
        scale: labels.iter().enumerate().map(|(n, l)| (inst.scale.min + n as i64, l.clone())).collect(),
        answered: saved.values().filter(|v| **v > 0).count(),
        total: layout.ids.len(),
        missing,
        closes: date(run.closes_on, lang),
        run,
    };
    Ok(render(&page)?.into_response())
}

async fn answer(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    form: Submit<HashMap<String, String>>,
) -> Result<Response> {
    let actor = form.actor;
    let run = answerable(&st, &actor, id).await?;
    let secret = st.secret();
    if store::standing(&st.db, secret, run.id, actor.id).await? == Standing::Sent {
        return Err(Error::conflict("scan-error-already"));
    }
    let mut answers = store::draft(&st.db, secret, &run, actor.id).await?;
    for (key, value) in &form.data {
        if let Some(item) = key.strip_prefix("a.") {
            let v: i64 = value.trim().parse().map_err(|_| Error::invalid("scan-error-answer"))?;
            answers.insert(item.to_string(), v);
        }
    }
    let layout = run.layout()?;
    let block: usize = form.data.get("block").and_then(|b| b.parse().ok()).unwrap_or(0);
    let action = form.data.get("action").map(String::as_str).unwrap_or("next");
    // Checked before anything is saved: bad input changes nothing.
    store::save_draft(&st.db, secret, &run, actor.id, &answers).await?;
    match action {
        "back" => Ok(see_other(format!("/scans/{id}?block={}", block.saturating_sub(1)))),
        "later" => Ok(see_other("/scans?saved=1")),
        "send" => {
            let inst = run.instrument()?;
            let blocks = run_blocks(inst, &layout);
            let first_open = blocks.iter().position(|&b| {
                inst.blocks[b]
                    .items
                    .iter()
                    .any(|it| layout.ids.contains(&it.id) && answers.get(&it.id).is_none_or(|v| *v == 0))
            });
            if let Some(b) = first_open {
                return Ok(see_other(format!("/scans/{id}?block={b}&missing=1")));
            }
            let receipt = store::submit(&st.db, secret, &run, &actor, &answers).await?;
            Ok(see_other(format!("/scans/results/{receipt}")))
        }
        _ => Ok(see_other(format!("/scans/{id}?block={}", block + 1))),
    }
}

// ---------------------------------------------------------------------------------------
// The personal result.

struct BlockResult {
    title: String,
    score: Option<String>,
    /// Where the score sits on the scale, 0–100.
    pct: f64,
    band: String,
    advice: String,
    step: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "scans/templates/result.html")]
struct ResultPage {
    ctx: PageCtx,
    title: String,
    instrument: String,
    blocks: Vec<BlockResult>,
    scale: String,
}

fn step(s: &Option<Step>, lang: Lang) -> Option<(String, String)> {
    s.as_ref().map(|s| (s.href.clone(), s.label.get(lang).to_string()))
}

fn pct_of(inst: &Instrument, v: f64) -> f64 {
    100.0 * (v - inst.scale.min as f64) / (inst.scale.max - inst.scale.min) as f64
}

async fn result_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(token): Path<String>,
) -> Result<Response> {
    let (run_id, text) = store::by_receipt(&st.db, &token).await?.ok_or(Error::NotFound)?;
    let run = load_run(&st, &actor, run_id).await?;
    policy::scan_result(&actor, run.org_id)?;
    let inst = run.instrument()?;
    let layout = run.layout()?;
    let values = layout.unpack(&text).ok_or(Error::NotFound)?;
    let scores = layout.scores(&values);
    let blocks = inst
        .blocks
        .iter()
        .zip(scores)
        .zip(&layout.per_block)
        .filter(|(_, asked)| **asked > 0)
        .map(|((b, s), _)| {
            let band = s.map(|s| b.band(s));
            BlockResult {
                title: b.title.get(lang).to_string(),
                score: s.map(|s| decimal(s, lang)),
                pct: s.map(|s| pct_of(inst, s)).unwrap_or(0.0),
                band: band.map(|x| band_label(x, lang)).unwrap_or_default(),
                advice: band.map(|x| x.advice.get(lang).to_string()).unwrap_or_default(),
                step: band.and_then(|x| step(&x.step, lang)),
            }
        })
        .collect();
    let page = ResultPage {
        ctx: PageCtx::new(&actor, lang),
        title: run.title.clone(),
        instrument: instrument_title(inst, &run.variant, lang),
        blocks,
        scale: format!("{}–{}", inst.scale.min, inst.scale.max),
    };
    let mut resp = render(&page)?.into_response();
    // The address is the receipt: keep it out of caches.
    resp.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(resp)
}

// ---------------------------------------------------------------------------------------
// L&D's report.

async fn managed(st: &AppState, actor: &Actor, id: i64) -> Result<Run> {
    policy::scans_manage(actor)?;
    let run = load_run(st, actor, id).await?;
    if run.due(today()) {
        store::close(&st.db, &run).await?;
        return load_run(st, actor, id).await;
    }
    Ok(run)
}

async fn remind(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    form: Submit<HashMap<String, String>>,
) -> Result<Response> {
    let run = managed(&st, &form.actor, id).await?;
    store::remind(&st.db, &run, today()).await?;
    if st.config.mail {
        crate::mail::scan_reminders(&st.db, run.org_id, run.id, run.reminders_sent + 1).await?;
    }
    Ok(see_other(format!("/scans/{id}/report")))
}

async fn close(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    form: Submit<HashMap<String, String>>,
) -> Result<Response> {
    let run = managed(&st, &form.actor, id).await?;
    if form.data.get("confirm").map(String::as_str) != Some("yes") {
        return Err(Error::invalid("scan-error-confirm"));
    }
    store::close(&st.db, &run).await?;
    Ok(see_other(format!("/scans/{id}/report")))
}

#[derive(Deserialize, Default)]
struct ReportQuery {
    unit: Option<i64>,
}

/// One cell of the comparison: a mean, or why it is hidden.
struct Cell {
    text: String,
    hidden: bool,
}

struct Part {
    label: String,
    link: Option<String>,
    n: String,
    cells: Vec<Cell>,
}

impl Part {
    /// Why the whole row is hidden, if it is.
    fn hidden(&self) -> Option<&str> {
        self.cells.first().filter(|c| c.hidden).map(|c| c.text.as_str())
    }
}

struct BlockRow {
    title: String,
    mean: String,
    /// How far the published mean may lie from the exact one (the noise), in words.
    margin: String,
    pct: f64,
    /// (band, count, share %)
    bands: Vec<(String, u32, String)>,
    bench: Option<String>,
    bench_pct: Option<f64>,
    /// A published norm: (value, source).
    norm: Option<(String, String)>,
    band: String,
    advice: String,
    step: Option<(String, String)>,
    /// (item text, mean)
    items: Vec<(String, String)>,
    /// No item mean is precise enough to publish.
    items_withheld: bool,
}

struct TrendRow {
    label: String,
    current: bool,
    n: String,
    cells: Vec<Cell>,
}

impl TrendRow {
    fn hidden(&self) -> Option<&str> {
        self.cells.first().filter(|c| c.hidden).map(|c| c.text.as_str())
    }
}

#[derive(Template)]
#[template(path = "scans/templates/report.html")]
struct ReportPage {
    ctx: PageCtx,
    run: Run,
    instrument: String,
    population: String,
    period: String,
    state: RunState,
    state_label: String,
    /// As published: with noise once closed, rounded while open.
    responses: String,
    asked: i64,
    rate: String,
    k: i64,
    can_remind: bool,
    /// When the next reminder may go, if not yet.
    remind_from: Option<String>,
    /// The units above the focus, for the trail (id, name).
    trail: Vec<(i64, String)>,
    unit_name: String,
    /// `None` when the focus group is hidden (with why).
    hidden: Option<String>,
    blocks: Vec<BlockRow>,
    block_titles: Vec<String>,
    parts: Vec<Part>,
    trend: Vec<TrendRow>,
    benchmark_note: String,
    at_org: bool,
}

fn hidden_reason(h: Hide, k: i64, lang: Lang) -> String {
    match h {
        Hide::Small => lang.ta("scan-hidden-small", &[("k", k.to_string())]),
        _ => lang.t("scan-hidden-protect"),
    }
}

fn means(inst: &Instrument, agg: &report::Agg, lang: Lang) -> Vec<Cell> {
    (0..inst.blocks.len())
        .map(|b| Cell {
            text: agg.published_mean(b).map(|m| decimal(m, lang)).unwrap_or_else(|| "—".into()),
            hidden: false,
        })
        .collect()
}

fn hidden_cells(n: usize, why: &str) -> Vec<Cell> {
    (0..n).map(|_| Cell { text: why.to_string(), hidden: true }).collect()
}

/// Everything the report and its CSV read, computed once.
struct Computed {
    run: Run,
    inst: &'static Instrument,
    layout: Layout,
    tally: Arc<Tally>,
    cells: crate::cockpit::disclosure::Cells,
    names: HashMap<i64, String>,
    k: i64,
}

/// The published report of a closed run; `None` while it is open (nothing is published before
/// a run closes: two versions of a report give away the answers sent between them).
async fn compute(st: &AppState, run: Run) -> Result<Option<Computed>> {
    if run.closed_at.is_none() {
        return Ok(None);
    }
    let run = if run.release.is_none() {
        store::publish(&st.db, &run).await?;
        store::run(&st.db, run.org_id, run.id).await?.ok_or(Error::NotFound)?
    } else {
        run
    };
    let inst = run.instrument()?;
    let layout = run.layout()?;
    // The release is fixed once made: its tally is kept per node, keyed by the run alone, and
    // read (a few megabytes of JSON on a large organisation) only the first time.
    let key = Key::new(run.id, -1, &[]);
    let tally = match st.tallies.get(&key) {
        Some(t) => t,
        None => {
            let release: report::Release = run
                .release
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok())
                .ok_or_else(|| Error::Internal(anyhow::anyhow!("scan run {} has no readable release", run.id)))?;
            let tally = Arc::new(release.tally(inst, &layout));
            st.tallies.put(key, tally.clone());
            tally
        }
    };
    let k = crate::cockpit::disclosure::min_group(
        run.min_group.max(crate::orgs::cockpit_min_group(&st.db, run.org_id).await?),
    );
    let cells = tally.released_disclosure(k);
    let names = crate::orgs::unit_names(&st.db, run.org_id).await?.into_iter().collect();
    Ok(Some(Computed { run, inst, layout, tally, cells, names, k }))
}

/// A count of answers while a run is open, as published: down to a multiple of five, and below
/// five only "fewer than five", so that one more answer rarely changes it.
pub fn rounded_count(n: i64, lang: Lang) -> String {
    if n < crate::cockpit::disclosure::FLOOR {
        lang.ta("scan-count-few", &[("k", crate::cockpit::disclosure::FLOOR.to_string())])
    } else {
        lang.ta("scan-count-about", &[("n", (n - n % 5).to_string())])
    }
}

async fn report_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<ReportQuery>,
) -> Result<Response> {
    let run = managed(&st, &actor, id).await?;
    let today = today();
    let asked = store::population_size(&st.db, &run).await?;
    let Some(c) = compute(&st, run.clone()).await? else {
        return open_report(&st, &actor, lang, run, asked, today).await;
    };
    let (inst, k) = (c.inst, c.k);
    let node = c.tally.node(q.unit).ok_or(Error::NotFound)?;
    let mut trail = Vec::new();
    let mut up = c.tally.tree.parent[node];
    while let Some(p) = up {
        trail.push((if p == 0 { 0 } else { c.tally.units[p - 1] }, node_name(&c, lang, p)));
        up = c.tally.tree.parent[p];
    }
    trail.reverse();
    let focus = &c.tally.total[node];
    let hide = c.cells.tree[node];
    let hidden = hide.hidden().then(|| hidden_reason(hide, k, lang));
    let at_org = node == 0;

    // Benchmark and trend: at the level of the organisation.
    let (bench, benchmark_note) = benchmark(&st, &c, at_org, lang).await?;
    let blocks = if hidden.is_some() { Vec::new() } else { block_rows(&c, focus, &bench, lang) };
    let shown_blocks: Vec<usize> = (0..inst.blocks.len()).filter(|b| c.layout.per_block[*b] > 0).collect();
    let parts = if hidden.is_some() { Vec::new() } else { part_rows(&c, node, &shown_blocks, lang) };
    let trend = if at_org { trend_rows(&st, &c, &shown_blocks, lang).await? } else { Vec::new() };
    let population = population_text(&st, &c.run, &c.names, lang).await?;
    // The published number of answers (with noise), as every other figure of the report; never
    // more than were asked (the population is no secret).
    let responses = if asked > 0 { (c.tally.total[0].n as i64).min(asked) } else { c.tally.total[0].n as i64 };
    let state = c.run.state(today);
    let page = ReportPage {
        ctx: PageCtx::new(&actor, lang),
        instrument: instrument_title(inst, &c.run.variant, lang),
        population,
        period: format!("{} – {}", date(c.run.opens_on, lang), date(c.run.closes_on, lang)),
        state,
        state_label: lang.t(state_key(state)),
        responses: responses.to_string(),
        asked,
        rate: if asked > 0 { crate::web::number::percent(responses as f64 / asked as f64) } else { "—".into() },
        k,
        can_remind: state == RunState::Open && c.run.reminders_sent < store::MAX_REMINDERS,
        remind_from: c
            .run
            .last_reminder_at
            .map(|t| t + store::REMINDER_GAP_DAYS * 86_400)
            .filter(|t| *t > crate::db::now())
            .map(|t| crate::cycles::format_date(t, lang)),
        trail,
        unit_name: node_name(&c, lang, node),
        hidden,
        blocks,
        block_titles: shown_blocks.iter().map(|b| inst.blocks[*b].title.get(lang).to_string()).collect(),
        parts,
        trend,
        benchmark_note,
        at_org,
        run: c.run,
    };
    Ok(render(&page)?.into_response())
}

/// The benchmark against sharing organisations, shown at the organisation's level only.
async fn benchmark(
    st: &AppState,
    c: &Computed,
    at_org: bool,
    lang: Lang,
) -> Result<(std::collections::BTreeMap<String, Benchmark>, String)> {
    let k = c.k;
    let shares = store::shares_benchmark(&st.db, c.run.org_id).await?;
    Ok(if !at_org {
        (Default::default(), String::new())
    } else if !shares {
        (Default::default(), lang.t("scan-benchmark-off"))
    } else {
        let summaries: Vec<Summary> = store::shared_summaries(&st.db, c.run.org_id, &c.run.instrument, &c.run.variant)
            .await?
            .iter()
            .filter_map(|s| serde_json::from_str(s).ok())
            .collect();
        let b = report::benchmark(&summaries, k);
        let note = if b.is_empty() {
            lang.ta("scan-benchmark-few", &[("n", report::BENCHMARK_MIN_ORGS.to_string())])
        } else {
            lang.ta("scan-benchmark-on", &[("n", b.values().map(|x| x.orgs).max().unwrap_or(0).to_string())])
        };
        (b, note)
    })
}

/// One row per published block of the group in focus: mean, margin, bands, items, advice.
fn block_rows(
    c: &Computed,
    focus: &report::Agg,
    bench: &std::collections::BTreeMap<String, Benchmark>,
    lang: Lang,
) -> Vec<BlockRow> {
    let inst = c.inst;
    inst.blocks
        .iter()
        .enumerate()
        .filter(|(b, _)| c.layout.per_block[*b] > 0)
        .map(|(b, block)| {
            let mean = focus.published_mean(b);
            let band = mean.map(|m| block.band(m));
            let bm: Option<&Benchmark> = bench.get(&block.id);
            BlockRow {
                title: block.title.get(lang).to_string(),
                mean: mean.map(|m| decimal(m, lang)).unwrap_or_else(|| "—".into()),
                margin: mean
                    .map(|_| lang.ta("scan-margin", &[("m", decimal(focus.margin(b).max(0.05), lang))]))
                    .unwrap_or_else(|| lang.t("scan-margin-wide")),
                pct: mean.map(|m| pct_of(inst, m)).unwrap_or(0.0),
                bands: focus
                    .published_bands(b)
                    .map(|shares| {
                        block
                            .bands
                            .iter()
                            .zip(shares)
                            .map(|(x, (n, share))| (band_label(x, lang), n, crate::web::number::percent(share)))
                            .collect()
                    })
                    .unwrap_or_default(),
                bench: bm.map(|x| {
                    format!("{} ({}–{})", decimal(x.median, lang), decimal(x.p25, lang), decimal(x.p75, lang))
                }),
                bench_pct: bm.map(|x| pct_of(inst, x.median)),
                norm: block.norm.as_ref().map(|n| (decimal(n.value, lang), n.source.get(lang).to_string())),
                band: band.map(|x| band_label(x, lang)).unwrap_or_default(),
                advice: band.map(|x| x.advice.get(lang).to_string()).unwrap_or_default(),
                step: band.and_then(|x| step(&x.step, lang)),
                items: block
                    .items
                    .iter()
                    .filter_map(|it| {
                        let pos = c.layout.ids.iter().position(|id| id == &it.id)?;
                        let m = focus.published_item_mean(pos).map(|m| decimal(m, lang)).unwrap_or_else(|| "—".into());
                        let text = if it.reverse {
                            format!("{} {}", it.text(lang), lang.t("scan-reverse-mark"))
                        } else {
                            it.text(lang).to_string()
                        };
                        Some((text, m))
                    })
                    .collect(),
                items_withheld: block.items.iter().all(|it| {
                    c.layout
                        .ids
                        .iter()
                        .position(|id| id == &it.id)
                        .is_none_or(|pos| focus.published_item_mean(pos).is_none())
                }),
            }
        })
        .collect()
}

/// A node of the unit tree by name: the organisation at the root.
fn node_name(c: &Computed, lang: Lang, n: usize) -> String {
    if n == 0 { lang.t("scan-whole-org") } else { c.names.get(&c.tally.units[n - 1]).cloned().unwrap_or_default() }
}

/// The group's own people and each of its parts, one row each.
fn part_rows(c: &Computed, node: usize, shown_blocks: &[usize], lang: Lang) -> Vec<Part> {
    let (inst, k, at_org) = (c.inst, c.k, node == 0);
    let pick = |cells: Vec<Cell>| -> Vec<Cell> {
        cells.into_iter().enumerate().filter(|(b, _)| shown_blocks.contains(b)).map(|(_, c)| c).collect()
    };
    let mut parts = Vec::new();
    let own = &c.tally.direct[node];
    if !c.tally.tree.children[node].is_empty() && own.n > 0 {
        let h = c.cells.direct[node];
        parts.push(Part {
            label: if at_org { lang.t("scan-own-org") } else { lang.t("scan-own-unit") },
            link: None,
            n: if h.hidden() { "—".into() } else { own.n.to_string() },
            cells: pick(if h.hidden() {
                hidden_cells(inst.blocks.len(), &hidden_reason(h, k, lang))
            } else {
                means(inst, own, lang)
            }),
        });
    }
    let mut children: Vec<usize> =
        c.tally.tree.children[node].iter().copied().filter(|ch| c.tally.total[*ch].n > 0).collect();
    children.sort_by_key(|ch| node_name(c, lang, *ch));
    for ch in children {
        let h = c.cells.tree[ch];
        let agg = &c.tally.total[ch];
        parts.push(Part {
            label: node_name(c, lang, ch),
            link: (!h.hidden() && !c.tally.tree.children[ch].is_empty())
                .then(|| format!("/scans/{}/report?unit={}", c.run.id, c.tally.units[ch - 1])),
            n: if h.hidden() { "—".into() } else { agg.n.to_string() },
            cells: pick(if h.hidden() {
                hidden_cells(inst.blocks.len(), &hidden_reason(h, k, lang))
            } else {
                means(inst, agg, lang)
            }),
        });
    }
    parts
}

/// This run beside the earlier closed runs of the same instrument, at the organisation's level.
async fn trend_rows(st: &AppState, c: &Computed, shown_blocks: &[usize], lang: Lang) -> Result<Vec<TrendRow>> {
    let (inst, k) = (c.inst, c.k);
    let mut trend = Vec::new();
    for r in store::series(&st.db, c.run.org_id, &c.run.instrument, &c.run.variant).await? {
        if r.opens_on > c.run.opens_on {
            continue;
        }
        let current = r.id == c.run.id;
        let summary: Summary = if current {
            Summary::from_agg(inst, &c.tally.total[0])
        } else {
            match r.summary.as_deref().and_then(|s| serde_json::from_str(s).ok()) {
                Some(s) => s,
                None => continue,
            }
        };
        let label = format!("{} ({})", r.title, date(r.opens_on, lang));
        if summary.n < k {
            trend.push(TrendRow {
                label,
                current,
                n: "—".into(),
                cells: hidden_cells(shown_blocks.len(), &hidden_reason(Hide::Small, k, lang)),
            });
        } else {
            trend.push(TrendRow {
                label,
                current,
                n: summary.n.to_string(),
                cells: shown_blocks
                    .iter()
                    .map(|b| Cell {
                        text: summary
                            .blocks
                            .get(&inst.blocks[*b].id)
                            .map(|m| decimal(*m, lang))
                            .unwrap_or_else(|| "—".into()),
                        hidden: false,
                    })
                    .collect(),
            });
        }
    }
    Ok(trend)
}

async fn population_text(st: &AppState, run: &Run, names: &HashMap<i64, String>, lang: Lang) -> Result<String> {
    Ok(match run.population {
        Population::Org => lang.t("scan-population-org"),
        Population::Units => {
            let ids = store::run_units(&st.db, run.id).await?;
            let names: Vec<String> = ids.iter().filter_map(|u| names.get(u).cloned()).collect();
            format!("{}: {}", lang.t("scan-population-units"), names.join(", "))
        }
        Population::Jobs => {
            format!("{}: {}", lang.t("scan-population-jobs"), store::run_jobs(&st.db, run.id).await?.join(", "))
        }
    })
}

/// The report of a run that has not closed: who is asked and roughly how many answered, and
/// when the figures will be published.
async fn open_report(
    st: &AppState,
    actor: &Actor,
    lang: Lang,
    run: Run,
    asked: i64,
    today: NaiveDate,
) -> Result<Response> {
    let inst = run.instrument()?;
    let names: HashMap<i64, String> = crate::orgs::unit_names(&st.db, run.org_id).await?.into_iter().collect();
    let k = crate::cockpit::disclosure::min_group(
        run.min_group.max(crate::orgs::cockpit_min_group(&st.db, run.org_id).await?),
    );
    let count = store::response_count(&st.db, run.id).await?;
    let shown = count - count % 5;
    let state = run.state(today);
    let page = ReportPage {
        ctx: PageCtx::new(actor, lang),
        instrument: instrument_title(inst, &run.variant, lang),
        population: population_text(st, &run, &names, lang).await?,
        period: format!("{} – {}", date(run.opens_on, lang), date(run.closes_on, lang)),
        state,
        state_label: lang.t(state_key(state)),
        responses: rounded_count(count, lang),
        asked,
        rate: if asked > 0 && shown >= k {
            crate::web::number::percent(shown as f64 / asked as f64)
        } else {
            "—".into()
        },
        k,
        can_remind: state == RunState::Open && run.reminders_sent < store::MAX_REMINDERS,
        remind_from: run
            .last_reminder_at
            .map(|t| t + store::REMINDER_GAP_DAYS * 86_400)
            .filter(|t| *t > crate::db::now())
            .map(|t| crate::cycles::format_date(t, lang)),
        trail: Vec::new(),
        unit_name: lang.t("scan-whole-org"),
        hidden: Some(lang.ta("scan-report-after-close", &[("date", date(run.closes_on, lang))])),
        blocks: Vec::new(),
        block_titles: Vec::new(),
        parts: Vec::new(),
        trend: Vec::new(),
        benchmark_note: String::new(),
        at_org: false,
        run,
    };
    Ok(render(&page)?.into_response())
}

async fn report_csv(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let run = managed(&st, &actor, id).await?;
    // Nothing is published while the run is open: the CSV has its header only.
    let published = compute(&st, run.clone()).await?;
    let inst = run.instrument()?;
    let mut band_ids: Vec<String> = Vec::new();
    for b in &inst.blocks {
        for x in &b.bands {
            if !band_ids.contains(&x.band) {
                band_ids.push(x.band.clone());
            }
        }
    }
    let mut out = Csv::new();
    let mut header = vec![
        lang.t("scan-csv-group"),
        lang.t("scan-csv-scope"),
        lang.t("scan-csv-block"),
        lang.t("scan-csv-responses"),
        lang.t("scan-csv-mean"),
    ];
    header.extend(band_ids.iter().cloned());
    out.row(&header)?;
    let org_name = lang.t("scan-whole-org");
    let filename = format!("scan-{}.csv", run.id);
    let Some(c) = published else {
        return out.download(&filename);
    };
    for &n in &c.tally.tree.preorder {
        let name =
            if n == 0 { org_name.clone() } else { c.names.get(&c.tally.units[n - 1]).cloned().unwrap_or_default() };
        let mut groups = vec![(lang.t("scan-csv-scope-all"), c.cells.tree[n], &c.tally.total[n])];
        if !c.tally.tree.children[n].is_empty() {
            groups.push((lang.t("scan-csv-scope-own"), c.cells.direct[n], &c.tally.direct[n]));
        }
        for (scope, hide, agg) in groups {
            if hide.hidden() || agg.n == 0 {
                continue;
            }
            for (b, block) in inst.blocks.iter().enumerate() {
                if c.layout.per_block[b] == 0 {
                    continue;
                }
                let mut row = vec![
                    name.clone(),
                    scope.clone(),
                    block.title.get(lang).to_string(),
                    agg.n.to_string(),
                    agg.published_mean(b).map(|m| crate::web::number::round(m, 2)).unwrap_or_default(),
                ];
                let published = agg.published_bands(b);
                for id in &band_ids {
                    row.push(
                        block
                            .bands
                            .iter()
                            .position(|x| &x.band == id)
                            .and_then(|i| published.as_ref().map(|p| p[i].0.to_string()))
                            .unwrap_or_default(),
                    );
                }
                out.row(&row)?;
            }
        }
    }
    out.download(&filename)
}
