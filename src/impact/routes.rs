//! The register's pages (L&D): the list, a solution's form, its route-C parameters with red
//! flags as a table, a chart and CSV, and the form for an entered value.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::measure::{self, Report, State as Shown};
use super::set::{self, Direction, Parameter, Source};
use super::store::{self, Entered, NewSolution, NewValue, Solution};
use crate::cockpit::disclosure::Hide;
use crate::error::Result;
use crate::policy::{self, Actor};
use crate::web::number::{decimal, short};
use crate::web::{
    AppState, Csv, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, render, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/impact", get(list))
        .route("/impact/solutions/new", get(new_page).post(create))
        .route("/impact/solutions/{id}", get(show))
        .route("/impact/solutions/{id}/edit", get(edit_page).post(update))
        .route("/impact/solutions/{id}/retire", post(retire))
        .route("/impact/solutions/{id}/values", post(enter))
        .route("/impact/solutions/{id}/export.csv", get(csv))
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

#[derive(Template)]
#[template(path = "impact/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    /// Each solution with its red flags for the whole organisation in the last published
    /// month (entered values: their latest); none for a retired one.
    solutions: Vec<(Solution, Option<usize>)>,
    pager: Pager,
}

async fn list(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<PageQuery>) -> Result<Response> {
    policy::impact_register(&actor)?;
    let mut solutions = store::solutions(&st.db, actor.org_id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut solutions);
    let mut rows = Vec::with_capacity(solutions.len());
    for s in solutions {
        let flags = if s.retired() { None } else { Some(measure::report(&st.db, &s, 0, None, today()).await?.flags()) };
        rows.push((s, flags));
    }
    Ok(render(&ListPage { ctx: PageCtx::new(&actor, lang), solutions: rows, pager })?.into_response())
}

/// The solution form as typed.
#[derive(Deserialize, Default, Clone)]
struct SolutionForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner_id: String,
    #[serde(default)]
    size: String,
    #[serde(default)]
    weight: String,
    #[serde(default)]
    risk: String,
    #[serde(default)]
    route_choice: String,
    #[serde(default)]
    route_reason: String,
    #[serde(default)]
    version: String,
}

impl SolutionForm {
    fn of(s: &Solution) -> SolutionForm {
        SolutionForm {
            name: s.name.clone(),
            kind: s.kind.clone(),
            description: s.description.clone(),
            owner_id: s.owner_id.map(|o| o.to_string()).unwrap_or_default(),
            size: s.size.clone(),
            weight: s.weight.clone(),
            risk: s.risk.clone(),
            route_choice: s.route_choice.clone(),
            route_reason: s.route_reason.clone(),
            version: s.version.to_string(),
        }
    }

    fn to_new(&self) -> Result<NewSolution> {
        let owner_id = crate::web::optional_id(&self.owner_id).map_err(|e| e.in_field("owner_id"))?;
        Ok(NewSolution {
            name: self.name.clone(),
            kind: self.kind.clone(),
            description: self.description.clone(),
            owner_id,
            size: self.size.clone(),
            weight: self.weight.clone(),
            risk: self.risk.clone(),
            route_choice: self.route_choice.clone(),
            route_reason: self.route_reason.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "impact/templates/form.html")]
struct FormPage {
    ctx: PageCtx,
    /// `None` for a new solution.
    id: Option<i64>,
    form: SolutionForm,
    advisers: Vec<(i64, String)>,
    error: FormError,
}

impl FormPage {
    fn kinds(&self) -> [&'static str; 5] {
        super::KINDS
    }
    fn levels(&self) -> [&'static str; 3] {
        super::LEVELS
    }
    fn routes(&self) -> [&'static str; 3] {
        super::ROUTES
    }
    fn action(&self) -> String {
        match self.id {
            Some(id) => format!("/impact/solutions/{id}/edit"),
            None => "/impact/solutions/new".into(),
        }
    }
    fn owner_is(&self, id: &i64) -> bool {
        self.form.owner_id == id.to_string()
    }
    fn selected(&self, field: &str, v: &str) -> bool {
        let f = &self.form;
        let typed = match field {
            "kind" => &f.kind,
            "size" => &f.size,
            "weight" => &f.weight,
            "risk" => &f.risk,
            _ => &f.route_choice,
        };
        typed == v
    }
    /// The route the triage as typed suggests.
    fn suggested(&self) -> &'static str {
        super::suggest(&self.form.size, &self.form.weight, &self.form.risk)
    }
}

async fn new_page(State(st): State<AppState>, actor: Actor, lang: Lang) -> Result<Response> {
    policy::impact_register(&actor)?;
    let advisers = store::advisers(&st.db, actor.org_id).await?;
    let form = SolutionForm {
        kind: "training".into(),
        size: "medium".into(),
        weight: "medium".into(),
        risk: "low".into(),
        owner_id: actor.id.to_string(),
        ..SolutionForm::default()
    };
    let page = FormPage { ctx: PageCtx::new(&actor, lang), id: None, form, advisers, error: FormError::default() };
    Ok(render(&page)?.into_response())
}

async fn create(State(st): State<AppState>, lang: Lang, form: Submit<SolutionForm>) -> Result<Response> {
    let actor = &form.actor;
    policy::impact_register(actor)?;
    let result = match form.data.to_new() {
        Ok(new) => store::create(&st.db, actor, &new).await,
        Err(e) => Err(e),
    };
    match form_refused(result, lang)? {
        Ok(id) => Ok(see_other(format!("/impact/solutions/{id}"))),
        Err(error) => {
            let advisers = store::advisers(&st.db, actor.org_id).await?;
            let ctx = PageCtx::new(actor, lang);
            form_again(&FormPage { ctx, id: None, form: form.data.clone(), advisers, error })
        }
    }
}

async fn edit_page(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    let s = super::solution_for(&st.db, &actor, id).await?;
    if s.retired() {
        return Err(crate::error::Error::conflict("impact-retired"));
    }
    let advisers = store::advisers(&st.db, actor.org_id).await?;
    let page = FormPage {
        ctx: PageCtx::new(&actor, lang),
        id: Some(id),
        form: SolutionForm::of(&s),
        advisers,
        error: FormError::default(),
    };
    Ok(render(&page)?.into_response())
}

async fn update(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<SolutionForm>,
) -> Result<Response> {
    let actor = &form.actor;
    super::solution_for(&st.db, actor, id).await?;
    let version: i64 = form.data.version.trim().parse().unwrap_or(0);
    let result = match form.data.to_new() {
        Ok(new) => store::update(&st.db, actor, id, version, &new).await,
        Err(e) => Err(e),
    };
    match form_refused(result, lang)? {
        Ok(()) => Ok(see_other(format!("/impact/solutions/{id}"))),
        Err(error) => {
            let advisers = store::advisers(&st.db, actor.org_id).await?;
            let ctx = PageCtx::new(actor, lang);
            form_again(&FormPage { ctx, id: Some(id), form: form.data.clone(), advisers, error })
        }
    }
}

#[derive(Deserialize)]
struct Empty {}

async fn retire(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<Empty>) -> Result<Response> {
    let actor = &form.actor;
    super::solution_for(&st.db, actor, id).await?;
    store::retire(&st.db, actor, id).await?;
    Ok(see_other(format!("/impact/solutions/{id}")))
}

/// One parameter as the page and the CSV show it.
pub struct Line {
    pub code: String,
    pub name: String,
    pub definition: String,
    pub source: String,
    pub iso: String,
    pub level: i64,
    pub standard: String,
    pub value: String,
    pub period: String,
    pub population: String,
    pub flag: bool,
    /// Why it is flagged, or why it shows no value.
    pub note: String,
    /// The value as a share of the standard (1 is the standard), for the chart.
    pub attainment: Option<f64>,
}

fn format_value(p: &Parameter, v: f64, lang: Lang) -> String {
    match (p.unit.as_str(), p.compute.as_str()) {
        (_, "lead_time") if v >= 9999.0 => lang.ta("cockpit-days-over", &[("n", "60".into())]),
        (_, "lead_time") => lang.ta("cockpit-days-upto", &[("n", short(v, lang))]),
        ("percent", _) => format!("{}%", short(v, lang)),
        ("days", _) => lang.ta("impact-days", &[("n", short(v, lang))]),
        ("euro", _) => format!("€ {}", decimal(v, 2, lang)),
        _ => decimal(v, 2, lang).trim_end_matches('0').trim_end_matches([',', '.']).to_string(),
    }
}

fn standard_text(p: &Parameter, lang: Lang) -> String {
    let sign = match p.direction {
        Direction::Higher => "≥",
        Direction::Lower => "≤",
    };
    let v = match p.unit.as_str() {
        "percent" => format!("{}%", short(p.standard, lang)),
        "days" => lang.ta("impact-days", &[("n", short(p.standard, lang))]),
        "euro" => format!("€ {}", decimal(p.standard, 2, lang)),
        _ => decimal(p.standard, 2, lang).trim_end_matches('0').trim_end_matches([',', '.']).to_string(),
    };
    format!("{sign} {v}")
}

fn period_text(key: &str, lang: Lang) -> String {
    match key.split_once("..") {
        Some((from, to)) => format!("{from} – {to}"),
        None => crate::cockpit::period_label(key, lang),
    }
}

pub fn lines(r: &Report, lang: Lang) -> Vec<Line> {
    r.rows
        .iter()
        .map(|row| {
            let p = row.parameter;
            let mut l = Line {
                code: p.code.clone(),
                name: p.name(lang).to_string(),
                definition: p.definition.get(lang).to_string(),
                source: lang.t(&format!("impact-source-{}", p.source.code())),
                iso: if p.iso.is_empty() { "—".into() } else { lang.t(&format!("impact-iso-{}", p.iso)) },
                level: p.level,
                standard: standard_text(p, lang),
                value: "—".into(),
                period: "—".into(),
                population: "—".into(),
                flag: false,
                note: String::new(),
                attainment: None,
            };
            match &row.state {
                Shown::Value(v) => {
                    l.value = format_value(p, v.value, lang);
                    l.period = period_text(&v.period, lang);
                    l.population = v.population.to_string();
                    l.flag = v.flag;
                    if let Some(src) = &v.entered_source {
                        l.source = format!("{}: {src}", l.source);
                    }
                    if v.flag {
                        let key =
                            if p.direction == Direction::Higher { "impact-flag-below" } else { "impact-flag-above" };
                        l.note = lang.ta(
                            key,
                            &[
                                ("value", l.value.clone()),
                                ("standard", l.standard.clone()),
                                ("period", l.period.clone()),
                                ("n", l.population.clone()),
                                ("source", l.source.clone()),
                            ],
                        );
                    }
                    if p.standard > 0.0 && v.value >= 0.0 {
                        let a = match p.direction {
                            Direction::Higher => v.value / p.standard,
                            Direction::Lower if v.value > 0.0 => p.standard / v.value,
                            Direction::Lower => 2.0,
                        };
                        l.attainment = Some(a.min(2.0));
                    }
                }
                Shown::Hidden(Hide::Small) => l.note = lang.ta("cockpit-hidden-small", &[("k", r.k.to_string())]),
                Shown::Hidden(Hide::Pending) => l.note = lang.t("cockpit-hidden-pending"),
                Shown::Hidden(_) => l.note = lang.t("cockpit-hidden-protect"),
                Shown::NoData if p.source == Source::Entered => l.note = lang.t("impact-no-value"),
                Shown::NoData => l.note = lang.t("impact-no-data"),
                Shown::NotMeasured if p.source == Source::Survey => l.note = lang.t("impact-not-measured-survey"),
                Shown::NotMeasured => l.note = lang.t("impact-not-measured-kind"),
            }
            l
        })
        .collect()
}

/// A horizontal bar per measured parameter: its value as a share of the standard.
pub struct Bar {
    pub y: f64,
    pub w: f64,
    pub label: String,
    pub title: String,
    pub flag: bool,
}

fn bars(lines: &[Line]) -> Vec<Bar> {
    lines
        .iter()
        .filter_map(|l| l.attainment.map(|a| (l, a)))
        .enumerate()
        .map(|(i, (l, a))| Bar {
            y: 10.0 + 24.0 * i as f64,
            w: (a * 200.0).max(1.0),
            // The axis has room for about 36 characters; the bar's title has the whole name.
            label: {
                let full = format!("{} {}", l.code, l.name);
                if full.chars().count() > 36 {
                    format!("{}…", full.chars().take(35).collect::<String>())
                } else {
                    full
                }
            },
            title: format!("{}: {} ({})", l.name, l.value, l.standard),
            flag: l.flag,
        })
        .collect()
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    unit: Option<i64>,
    at: Option<String>,
}

/// The value form as typed.
#[derive(Deserialize, Default, Clone)]
struct ValueForm {
    #[serde(default)]
    parameter: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    period_from: String,
    #[serde(default)]
    period_to: String,
    #[serde(default)]
    population: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    unit: Option<i64>,
    #[serde(default)]
    at: Option<String>,
}

#[derive(Template)]
#[template(path = "impact/templates/show.html")]
struct ShowPage {
    ctx: PageCtx,
    s: Solution,
    report: Report,
    lines: Vec<Line>,
    bars: Vec<Bar>,
    units: Vec<(i64, String)>,
    entered: Vec<(Entered, String, String)>,
    /// The entered parameters: (id, name).
    enterable: Vec<(String, String)>,
    form: ValueForm,
    error: FormError,
    query: String,
}

impl ShowPage {
    fn chart_height(&self) -> f64 {
        20.0 + 24.0 * self.bars.len() as f64
    }
    fn level(&self, v: &str) -> String {
        self.ctx.t(&format!("impact-level-{v}"))
    }
    fn route_name(&self) -> String {
        self.ctx.t(&format!("impact-route-{}", self.s.route()))
    }
    fn period_label(&self, key: &str) -> String {
        period_text(key, self.ctx.lang)
    }
}

async fn show_page(
    st: &AppState,
    actor: &Actor,
    lang: Lang,
    s: Solution,
    q: &ShowQuery,
    form: ValueForm,
    error: FormError,
) -> Result<ShowPage> {
    let report = measure::report(&st.db, &s, q.unit.unwrap_or(0), q.at.as_deref(), today()).await?;
    let lines = lines(&report, lang);
    let bars = bars(&lines);
    let units = store::units(&st.db, actor.org_id).await?;
    let set = set::route_c();
    let entered = store::values(&st.db, s.id, 50)
        .await?
        .into_iter()
        .map(|e| {
            let (name, value) = match set.find(&e.parameter) {
                Some(p) => (p.name(lang).to_string(), format_value(p, e.value(), lang)),
                None => (e.parameter.clone(), e.value().to_string()),
            };
            (e, name, value)
        })
        .collect();
    let enterable = set
        .parameters
        .iter()
        .filter(|p| p.source == Source::Entered)
        .map(|p| (p.id.clone(), format!("{} {}", p.code, p.name(lang))))
        .collect();
    let query = format!("unit={}&at={}", report.unit_id, report.period);
    Ok(ShowPage {
        ctx: PageCtx::new(actor, lang),
        s,
        report,
        lines,
        bars,
        units,
        entered,
        enterable,
        form,
        error,
        query,
    })
}

async fn show(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response> {
    let s = super::solution_for(&st.db, &actor, id).await?;
    let page = show_page(&st, &actor, lang, s, &q, ValueForm::default(), FormError::default()).await?;
    Ok(render(&page)?.into_response())
}

async fn enter(
    State(st): State<AppState>,
    lang: Lang,
    Path(id): Path<i64>,
    form: Submit<ValueForm>,
) -> Result<Response> {
    let actor = &form.actor;
    let s = super::solution_for(&st.db, actor, id).await?;
    let k = crate::cockpit::disclosure::min_group(crate::orgs::cockpit_min_group(&st.db, actor.org_id).await?);
    let f = &form.data;
    let new = NewValue {
        parameter: f.parameter.clone(),
        value: f.value.clone(),
        period_from: f.period_from.clone(),
        period_to: f.period_to.clone(),
        population: f.population.clone(),
        source: f.source.clone(),
    };
    match form_refused(store::enter(&st.db, actor, &s, k, &new, today()).await, lang)? {
        Ok(_) => Ok(see_other(format!("/impact/solutions/{id}"))),
        Err(error) => {
            let q = ShowQuery { unit: f.unit, at: f.at.clone() };
            let page = show_page(&st, actor, lang, s, &q, form.data.clone(), error).await?;
            form_again(&page)
        }
    }
}

/// The parameters on the page, as CSV.
async fn csv(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Result<Response> {
    let s = super::solution_for(&st.db, &actor, id).await?;
    let report = measure::report(&st.db, &s, q.unit.unwrap_or(0), q.at.as_deref(), today()).await?;
    let detail = format!("solution {} unit {} period {}", s.id, report.unit_id, report.period);
    crate::audit::record(&st.db, &actor, crate::audit::Action::ImpactExport, Some(s.id), &detail).await?;
    let mut out = Csv::text();
    let header = [
        "impact-csv-code",
        "impact-parameter",
        "impact-source",
        "impact-iso",
        "impact-level",
        "impact-standard",
        "impact-value",
        "impact-period",
        "impact-population",
        "impact-flag",
        "impact-note",
    ];
    out.row(header.iter().map(|h| lang.t(h)))?;
    for l in lines(&report, lang) {
        let flag = if l.flag { lang.t("impact-flag") } else { String::new() };
        out.row([
            l.code,
            l.name,
            l.source,
            l.iso,
            l.level.to_string(),
            l.standard,
            l.value,
            l.period,
            l.population,
            flag,
            l.note,
        ])?;
    }
    out.download(&format!("hartslag-impact-{}-{}-{}.csv", s.id, report.unit_id, report.period))
}
