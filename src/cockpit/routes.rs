//! The cockpit page, its CSV, and L&D's refresh and minimum-group setting.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::disclosure::Hide;
use super::store::{self, Cell, Unit};
use super::{Grain, refresh};
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{AppState, Csv, Lang, PageCtx, Submit, render, see_other};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cockpit", get(page))
        .route("/cockpit.csv", get(csv))
        .route("/cockpit/refresh", post(refresh_now))
        .route("/cockpit/settings", post(settings))
}

#[derive(Deserialize, Default)]
struct Params {
    unit: Option<i64>,
    grain: Option<String>,
    at: Option<String>,
}

/// What the page and the CSV show: one unit, one grain, one selected period.
struct View {
    /// The units above, with whether the reader may open them.
    trail: Vec<(Unit, bool)>,
    unit: Unit,
    grain: Grain,
    selected: String,
    /// The unit over time.
    trend: Vec<Line>,
    /// The unit's own people and each sub-unit, in the selected period.
    parts: Vec<(Option<Unit>, Line)>,
    /// Proposals by status in the selected period, when shown.
    states: Option<Vec<(String, i64)>>,
    focus: Line,
    k: i64,
}

/// One row of figures, already in words: a hidden row says why, and nothing else.
struct Line {
    label: String,
    key: String,
    hidden: Option<String>,
    headcount: String,
    participation: String,
    participation_pct: Option<f64>,
    active_weeks: String,
    hours: String,
    used_h: Option<f64>,
    granted_h: Option<f64>,
    sessions: String,
    proposals: String,
    acceptance: String,
    implementation: String,
    lead: String,
}

/// "1.208.191" in Dutch, "1,208,191" in English.
fn int(n: i64, lang: Lang) -> String {
    let sep = if lang == Lang::Nl { '.' } else { ',' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// Hours from minutes: whole hours with separators from 100 hours on, else as elsewhere.
fn hours(minutes: i64, lang: Lang) -> String {
    if minutes >= 100 * 60 { int((minutes + 30) / 60, lang) } else { crate::cycles::hours(minutes) }
}

fn pct(n: i64, d: i64) -> Option<f64> {
    if d > 0 { Some(100.0 * n as f64 / d as f64) } else { None }
}

fn pct_text(v: Option<f64>) -> String {
    v.map(|p| format!("{}%", crate::web::number::round(p, 0))).unwrap_or_else(|| "—".into())
}

fn line(lang: Lang, label: String, key: String, headcount: i64, group: Hide, cell: &Cell, k: i64) -> Line {
    let reason = |h: Hide| match h {
        Hide::Small => lang.ta("cockpit-hidden-small", &[("k", k.to_string())]),
        Hide::Pending => lang.t("cockpit-hidden-pending"),
        _ => lang.t("cockpit-hidden-protect"),
    };
    let hidden = if group.hidden() {
        Some(reason(group))
    } else if cell.hide().hidden() {
        Some(reason(cell.hide()))
    } else {
        None
    };
    // A published period is read with the headcount it was published with.
    let headcount = if cell.headcount() > 0 { cell.headcount() } else { headcount };
    let mut l = Line {
        label,
        key,
        headcount: if group.hidden() { "—".into() } else { int(headcount, lang) },
        hidden,
        participation: "—".into(),
        participation_pct: None,
        active_weeks: "—".into(),
        hours: "—".into(),
        used_h: None,
        granted_h: None,
        sessions: "—".into(),
        proposals: "—".into(),
        acceptance: "—".into(),
        implementation: "—".into(),
        lead: "—".into(),
    };
    if l.hidden.is_some() {
        return l;
    }
    let Some(f) = cell.shown() else { return l };
    let f = &f.clamped();
    l.participation_pct = pct(f.participants, headcount).map(|p| p.min(100.0));
    l.participation = match l.participation_pct {
        Some(p) => {
            format!("{}% ({} / {})", crate::web::number::round(p, 0), int(f.participants, lang), int(headcount, lang))
        }
        None => "—".into(),
    };
    l.active_weeks = int(f.person_weeks, lang);
    l.used_h = Some(f.minutes_used as f64 / 60.0);
    l.granted_h = Some(f.minutes_granted as f64 / 60.0);
    l.hours = format!(
        "{} / {}{}",
        hours(f.minutes_used, lang),
        hours(f.minutes_granted, lang),
        pct(f.minutes_used, f.minutes_granted)
            .map(|p| format!(" ({}%)", crate::web::number::round(p, 0)))
            .unwrap_or_default()
    );
    l.sessions = int(f.attendances, lang);
    l.proposals = int(f.proposals, lang);
    l.acceptance = pct_text(pct(f.accepted, f.decided));
    l.implementation = pct_text(pct(f.done, f.accepted));
    l.lead = f
        .median_lead_days()
        .map(|d| {
            if d >= 9999 {
                lang.ta("cockpit-days-over", &[("n", "60".to_string())])
            } else {
                lang.ta("cockpit-days-upto", &[("n", d.to_string())])
            }
        })
        .unwrap_or_else(|| "—".into());
    l
}

const MONTHS_NL: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// "wk 47 · 16 nov", "nov 2026", "Q4 2026".
pub(crate) fn period_label(key: &str, lang: Lang) -> String {
    let months = if lang == Lang::Nl { MONTHS_NL } else { MONTHS_EN };
    if let Ok(d) = chrono::NaiveDate::parse_from_str(key, "%Y-%m-%d") {
        use chrono::Datelike;
        let w = d.iso_week().week();
        return format!("{} {w} · {} {}", lang.t("cockpit-week-short"), d.day(), months[d.month0() as usize]);
    }
    if let Some((y, q)) = key.split_once("-Q") {
        return format!("Q{q} {y}");
    }
    if let Some((y, m)) = key.split_once('-')
        && let Ok(m) = m.parse::<usize>()
        && (1..=12).contains(&m)
    {
        return format!("{} {y}", months[m - 1]);
    }
    key.to_string()
}

/// Under a bar: "47" (week), "nov", "Q4".
fn short_label(key: &str, lang: Lang) -> String {
    let months = if lang == Lang::Nl { MONTHS_NL } else { MONTHS_EN };
    if let Ok(d) = chrono::NaiveDate::parse_from_str(key, "%Y-%m-%d") {
        use chrono::Datelike;
        return d.iso_week().week().to_string();
    }
    if let Some((_, q)) = key.split_once("-Q") {
        return format!("Q{q}");
    }
    match key.split_once('-').and_then(|(_, m)| m.parse::<usize>().ok()) {
        Some(m @ 1..=12) => months[m - 1].to_string(),
        _ => key.to_string(),
    }
}

/// Who may read which unit's figures: L&D everything, a manager the units they lead. Returns
/// the unit to show and the units the actor leads.
async fn allowed(st: &AppState, actor: &Actor, unit_id: Option<i64>) -> Result<(i64, Vec<i64>)> {
    let managed =
        if actor.is_manager { crate::learning_time::store::managed_units(&st.db, actor).await? } else { Vec::new() };
    let unit_id = match unit_id {
        Some(u) => u,
        None if actor.is_adviser => 0,
        None => managed.first().copied().unwrap_or(0),
    };
    policy::cockpit(actor, unit_id, managed.contains(&unit_id))?;
    Ok((unit_id, managed))
}

async fn view(st: &AppState, actor: &Actor, lang: Lang, p: &Params) -> Result<View> {
    let (unit_id, managed) = allowed(st, actor, p.unit).await?;
    if store::refreshed(&st.db, actor.org_id).await?.is_none() {
        refresh::refresh(&st.db, actor.org_id).await?;
    }
    // A unit made after the last refresh has no figures yet.
    let unit = store::unit(&st.db, actor.org_id, unit_id).await?.ok_or(Error::NotFound)?;
    let k = super::disclosure::min_group(crate::orgs::cockpit_min_group(&st.db, actor.org_id).await?);
    // Weeks are not published (PRIVACY-MODEL.md): an old link to a week opens the month.
    let grain = p.grain.as_deref().and_then(Grain::parse).filter(|g| *g != Grain::Week).unwrap_or(Grain::Month);
    let today = chrono::Local::now().date_naive();
    let periods: Vec<String> = super::window(today).into_iter().filter(|x| x.grain == grain).map(|x| x.key).collect();
    // The last complete period by default; the current one is not published until it ends.
    let default = periods.iter().rev().nth(1).or(periods.last()).cloned().unwrap_or_default();
    let selected = p.at.clone().filter(|a| periods.contains(a)).unwrap_or(default);

    let trend_cells = store::series(&st.db, actor.org_id, &unit, false, &periods).await?;
    let trend: Vec<Line> = trend_cells
        .iter()
        .map(|c| line(lang, period_label(&c.period, lang), c.period.clone(), unit.headcount, unit.hidden, c, k))
        .collect();
    let focus_cell =
        trend_cells.iter().find(|c| c.period == selected).cloned().unwrap_or(Cell::pending(&selected, unit.hidden));
    let focus =
        line(lang, period_label(&selected, lang), selected.clone(), unit.headcount, unit.hidden, &focus_cell, k);
    let states = focus_cell.shown().filter(|_| !unit.hidden.hidden()).map(|f| {
        let f = f.clamped();
        refresh::STATES
            .iter()
            .map(|s| (lang.t(&format!("cockpit-state-{s}")), f.states.get(*s).copied().unwrap_or(0)))
            .collect()
    });

    let mut parts = Vec::new();
    if !unit.leaf && unit.direct_headcount > 0 {
        let own = store::series(&st.db, actor.org_id, &unit, true, std::slice::from_ref(&selected)).await?;
        let label = if unit.id == 0 {
            lang.t("cockpit-no-unit")
        } else {
            lang.ta("cockpit-direct", &[("unit", unit.name.clone())])
        };
        parts.push((None, line(lang, label, String::new(), unit.direct_headcount, unit.direct_hidden, &own[0], k)));
    }
    let children = store::children(&st.db, actor.org_id, unit.id).await?;
    let cells = store::cells_of(&st.db, actor.org_id, &children, &selected).await?;
    for (child, cell) in children.into_iter().zip(cells) {
        let l = line(lang, child.name.clone(), child.id.to_string(), child.headcount, child.hidden, &cell, k);
        parts.push((Some(child), l));
    }
    // Above the units a manager leads, the trail is names only.
    let trail = store::trail(&st.db, actor.org_id, unit.id)
        .await?
        .into_iter()
        .map(|u| {
            let open = actor.is_adviser || managed.contains(&u.id);
            (u, open)
        })
        .collect();
    Ok(View { trail, unit, grain, selected, trend, parts, states, focus, k })
}

/// A bar chart as data for the template: one or two series, values may be hidden.
pub struct Chart {
    pub id: String,
    pub title: String,
    pub desc: String,
    pub bars: Vec<Bar>,
    pub ticks: Vec<(f64, String)>,
    pub x_labels: Vec<(f64, String)>,
    pub legend: Vec<(String, &'static str)>,
}

pub struct Bar {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub class: &'static str,
    pub title: String,
}

const CHART_W: f64 = 640.0;
const CHART_H: f64 = 180.0;
const CHART_LEFT: f64 = 44.0;

/// `labels` are short (under each bar group); `max` fixes the scale (100 for percentages).
fn chart(
    id: &str,
    title: String,
    desc: String,
    labels: &[String],
    max: Option<f64>,
    series: &[(String, &'static str, Vec<Option<f64>>)],
) -> Chart {
    let max =
        max.unwrap_or_else(|| series.iter().flat_map(|s| s.2.iter().flatten()).fold(0.0f64, |a, b| a.max(*b)).max(1.0));
    let slot = (CHART_W - CHART_LEFT) / labels.len().max(1) as f64;
    let bar_w = (slot * 0.7) / series.len().max(1) as f64;
    let mut bars = Vec::new();
    let mut x_labels = Vec::new();
    for (i, label) in labels.iter().enumerate() {
        let x0 = CHART_LEFT + slot * i as f64 + slot * 0.15;
        x_labels.push((CHART_LEFT + slot * (i as f64 + 0.5), label.clone()));
        for (j, (name, class, values)) in series.iter().enumerate() {
            let x = x0 + bar_w * j as f64;
            match values.get(i).copied().flatten() {
                Some(v) => {
                    let h = (v / max) * (CHART_H - 10.0);
                    bars.push(Bar {
                        x,
                        y: CHART_H - h,
                        w: bar_w,
                        h,
                        class,
                        title: format!("{label} · {name}: {}", trim(v)),
                    });
                }
                None => bars.push(Bar {
                    x,
                    y: CHART_H - 2.0,
                    w: bar_w,
                    h: 2.0,
                    class: "hidden",
                    title: format!("{label} · {name}: —"),
                }),
            }
        }
    }
    let ticks = [0.0, 0.5, 1.0].iter().map(|f| (CHART_H - f * (CHART_H - 10.0), trim(max * f))).collect();
    Chart {
        id: id.to_string(),
        title,
        desc,
        bars,
        ticks,
        x_labels,
        legend: if series.len() > 1 { series.iter().map(|(n, c, _)| (n.clone(), *c)).collect() } else { Vec::new() },
    }
}

fn trim(v: f64) -> String {
    crate::web::number::short(v, Lang::En)
}

#[derive(Template)]
#[template(path = "cockpit/templates/cockpit.html")]
struct Page {
    ctx: PageCtx,
    v: View,
    charts: Vec<Chart>,
    state_chart: Option<Chart>,
    refreshed: String,
    min_group: i64,
    query: String,
    /// How small groups are protected, with this year's privacy budget.
    how: String,
}

impl Page {
    fn grain_label(&self, g: &Grain) -> String {
        self.ctx.t(&format!("cockpit-grain-{}", g.code()))
    }
    fn grains(&self) -> [Grain; 2] {
        Grain::PUBLISHED
    }
    fn returns(&self) -> Vec<(String, String)> {
        RETURNS.iter().map(|(r, how)| (self.ctx.t(r), self.ctx.t(how))).collect()
    }
}

/// The concept's "rich returns", and what in Hartslag speaks to each today.
const RETURNS: [(&str, &str); 10] = [
    ("return-engaged", "return-engaged-how"),
    ("return-talents", "return-talents-how"),
    ("return-agility", "return-agility-how"),
    ("return-vitality", "return-vitality-how"),
    ("return-ai-use", "return-ai-use-how"),
    ("return-ai-critical", "return-ai-critical-how"),
    ("return-inclusion", "return-inclusion-how"),
    ("return-inventive", "return-inventive-how"),
    ("return-culture", "return-culture-how"),
    ("return-society", "return-society-how"),
];

async fn page(State(st): State<AppState>, actor: Actor, lang: Lang, Query(p): Query<Params>) -> Result<Response> {
    let v = view(&st, &actor, lang, &p).await?;
    let labels: Vec<String> = v.trend.iter().map(|l| short_label(&l.key, lang)).collect();
    let charts = vec![
        chart(
            "participation",
            lang.t("cockpit-participation"),
            lang.t("cockpit-chart-see-table"),
            &labels,
            Some(100.0),
            &[(lang.t("cockpit-participation"), "a", v.trend.iter().map(|l| l.participation_pct).collect())],
        ),
        chart(
            "hours",
            lang.t("cockpit-hours"),
            lang.t("cockpit-chart-see-table"),
            &labels,
            None,
            &[
                (lang.t("cockpit-used"), "a", v.trend.iter().map(|l| l.used_h).collect()),
                (lang.t("cockpit-granted"), "b", v.trend.iter().map(|l| l.granted_h).collect()),
            ],
        ),
    ];
    let state_chart = v.states.as_ref().map(|states| {
        let labels: Vec<String> = (1..=states.len()).map(|i| i.to_string()).collect();
        chart(
            "states",
            lang.t("cockpit-by-status"),
            lang.t("cockpit-chart-see-table-numbered"),
            &labels,
            None,
            &[(lang.t("cockpit-proposals"), "a", states.iter().map(|(_, n)| Some(*n as f64)).collect())],
        )
    });
    let refreshed = match store::refreshed(&st.db, actor.org_id).await? {
        Some((at, _)) => {
            crate::cycles::format_date(at, lang)
                + &chrono::DateTime::from_timestamp(at, 0)
                    .map(|d| d.with_timezone(&chrono::Local).format(", %H:%M").to_string())
                    .unwrap_or_default()
        }
        None => "—".into(),
    };
    let query = format!("unit={}&grain={}&at={}", v.unit.id, v.grain.code(), v.selected);
    let min_group = v.k;
    let how = lang.ta("cockpit-how-text", &[("k", v.k.to_string())]);
    Ok(render(&Page { ctx: PageCtx::new(&actor, lang), v, charts, state_chart, refreshed, min_group, query, how })?
        .into_response())
}

/// The figures on the page, as CSV: the trend of the unit, then its parts in the selected period.
async fn csv(State(st): State<AppState>, actor: Actor, lang: Lang, Query(p): Query<Params>) -> Result<Response> {
    let v = view(&st, &actor, lang, &p).await?;
    let detail = format!("unit: {}", v.unit.name);
    crate::audit::record(&st.db, &actor, crate::audit::Action::CockpitExport, None, &detail).await?;
    let mut out = Csv::text();
    let header = [
        "cockpit-csv-section",
        "cockpit-csv-scope",
        "cockpit-csv-period",
        "cockpit-headcount",
        "cockpit-participation",
        "cockpit-active-weeks",
        "cockpit-hours",
        "cockpit-sessions",
        "cockpit-proposals",
        "cockpit-acceptance",
        "cockpit-implementation",
        "cockpit-lead",
        "cockpit-csv-hidden",
    ];
    out.row(header.iter().map(|h| lang.t(h)))?;
    let mut push = |section: &str, scope: &str, period: &str, l: &Line| {
        let fields = [
            section,
            scope,
            period,
            &l.headcount,
            &l.participation,
            &l.active_weeks,
            &l.hours,
            &l.sessions,
            &l.proposals,
            &l.acceptance,
            &l.implementation,
            &l.lead,
            l.hidden.as_deref().unwrap_or(""),
        ];
        out.row(fields)
    };
    let trend = lang.t("cockpit-trend");
    for l in &v.trend {
        push(&trend, &v.unit.name, &l.label, l)?;
    }
    let parts = lang.t("cockpit-parts");
    for (_, l) in &v.parts {
        push(&parts, &l.label, &v.focus.label, l)?;
    }
    let name = format!("hartslag-cockpit-{}-{}-{}.csv", v.unit.id, v.grain.code(), v.selected);
    out.download(&name)
}

#[derive(Deserialize)]
struct Back {
    #[serde(default)]
    back: String,
}

fn back_to(back: &str) -> String {
    // Only our own cockpit query string goes back into the redirect.
    if back.chars().all(|c| c.is_ascii_alphanumeric() || "=&-_".contains(c)) {
        format!("/cockpit?{back}")
    } else {
        "/cockpit".into()
    }
}

async fn refresh_now(State(st): State<AppState>, form: Submit<Back>) -> Result<Response> {
    policy::steer_learning(&form.actor)?;
    refresh::refresh(&st.db, form.actor.org_id).await?;
    Ok(see_other(back_to(&form.data.back)))
}

#[derive(Deserialize)]
struct MinGroup {
    // Defaults let the policy answer before the form is judged.
    #[serde(default)]
    min_group: String,
    #[serde(default)]
    back: String,
}

async fn settings(State(st): State<AppState>, form: Submit<MinGroup>) -> Result<Response> {
    policy::steer_learning(&form.actor)?;
    let k: i64 = form.data.min_group.trim().parse().map_err(|_| Error::invalid("cockpit-min-group-range"))?;
    crate::orgs::set_cockpit_min_group(&st.db, form.actor.org_id, k).await?;
    refresh::refresh(&st.db, form.actor.org_id).await?;
    Ok(see_other(back_to(&form.data.back)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_numbers_are_grouped_per_language() {
        assert_eq!(int(1_208_191, Lang::Nl), "1.208.191");
        assert_eq!(int(1_208_191, Lang::En), "1,208,191");
        assert_eq!(int(999, Lang::Nl), "999");
        assert_eq!(hours(72_000, Lang::Nl), "1.200");
    }
}
