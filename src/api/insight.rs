//! The API of figures and personal data: the cockpit (published cells only, read through the
//! cockpit store exactly as the `/cockpit` page reads them), scans (the respondent's own
//! questionnaire and answers; L&D's report once a run is closed) and the personal data export.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{ApiJson, ApiQuery, Whole};
use crate::cockpit::Grain;
use crate::cockpit::disclosure::Hide;
use crate::cockpit::store::{self as cockpit, Cell};
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::scans::store::{self as scans, Run, RunState, Standing};
use crate::web::{AppState, Lang};

// --- The cockpit -------------------------------------------------------------------------

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CockpitParams {
    unit: Option<i64>,
    grain: Option<String>,
    at: Option<String>,
}

fn hide_code(h: Hide) -> Option<&'static str> {
    h.hidden().then(|| h.code())
}

/// One row as the page shows it: a hidden group or cell has a reason and no figures at all.
fn line(period: &str, headcount: i64, group: Hide, cell: &Cell) -> Value {
    let hidden = if group.hidden() { group } else { cell.hide() };
    // A published period is read with the headcount it was published with.
    let headcount = if cell.headcount() > 0 { cell.headcount() } else { headcount };
    let figures = if hidden.hidden() {
        None
    } else {
        cell.shown().map(|f| {
            let f = f.clamped();
            let participation = (headcount > 0).then(|| (100.0 * f.participants as f64 / headcount as f64).min(100.0));
            let states: serde_json::Map<String, Value> = crate::cockpit::refresh::STATES
                .iter()
                .map(|s| (s.to_string(), json!(f.states.get(*s).copied().unwrap_or(0))))
                .collect();
            json!({
                "participants": f.participants, "participation_percent": participation, "person_weeks": f.person_weeks,
                "minutes_used": f.minutes_used, "minutes_granted": f.minutes_granted, "attendances": f.attendances,
                "proposals": f.proposals, "decided": f.decided, "accepted": f.accepted, "done": f.done,
                "median_lead_days": f.median_lead_days(),
                "states": states,
            })
        })
    };
    json!({
        "period": period,
        "headcount": (!group.hidden()).then_some(headcount),
        "hidden": hide_code(hidden),
        "figures": figures,
    })
}

/// The units a manager leads; L&D reads every unit. The same rule as the page's.
async fn cockpit_unit(st: &AppState, actor: &Actor, unit_id: Option<i64>) -> Result<i64> {
    let managed =
        if actor.is_manager { crate::learning_time::store::managed_units(&st.db, actor).await? } else { Vec::new() };
    let unit_id = match unit_id {
        Some(u) => u,
        None if actor.is_adviser => 0,
        None => managed.first().copied().unwrap_or(0),
    };
    policy::cockpit(actor, unit_id, managed.contains(&unit_id))?;
    Ok(unit_id)
}

pub async fn cockpit(
    State(st): State<AppState>,
    actor: Actor,
    ApiQuery(p): ApiQuery<CockpitParams>,
) -> Result<Json<Value>> {
    let unit_id = cockpit_unit(&st, &actor, p.unit).await?;
    if cockpit::refreshed(&st.db, actor.org_id).await?.is_none() {
        crate::cockpit::refresh::refresh(&st.db, actor.org_id).await?;
    }
    let unit = cockpit::unit(&st.db, actor.org_id, unit_id).await?.ok_or(Error::NotFound)?;
    // Figures that leave Hartslag as data are logged as the page's CSV download is.
    let detail = format!("unit: {} (api)", unit.name);
    crate::audit::record(&st.db, &actor, crate::audit::Action::CockpitExport, None, &detail).await?;
    let k = crate::cockpit::disclosure::min_group(crate::orgs::cockpit_min_group(&st.db, actor.org_id).await?);
    // Weeks are not published: only months and quarters.
    let grain = p.grain.as_deref().and_then(Grain::parse).filter(|g| *g != Grain::Week).unwrap_or(Grain::Month);
    let today = chrono::Local::now().date_naive();
    let periods: Vec<String> =
        crate::cockpit::window(today).into_iter().filter(|x| x.grain == grain).map(|x| x.key).collect();
    let default = periods.iter().rev().nth(1).or(periods.last()).cloned().unwrap_or_default();
    let selected = p.at.clone().filter(|a| periods.contains(a)).unwrap_or(default);

    let trend_cells = cockpit::series(&st.db, actor.org_id, &unit, false, &periods).await?;
    let trend: Vec<Value> = trend_cells.iter().map(|c| line(&c.period, unit.headcount, unit.hidden, c)).collect();
    let focus_cell =
        trend_cells.iter().find(|c| c.period == selected).cloned().unwrap_or(Cell::pending(&selected, unit.hidden));
    let focus = line(&selected, unit.headcount, unit.hidden, &focus_cell);
    let mut parts = Vec::new();
    if !unit.leaf && unit.direct_headcount > 0 {
        let own = cockpit::series(&st.db, actor.org_id, &unit, true, std::slice::from_ref(&selected)).await?;
        parts.push(json!({"unit": null, "line": line(&selected, unit.direct_headcount, unit.direct_hidden, &own[0])}));
    }
    let children = cockpit::children(&st.db, actor.org_id, unit.id).await?;
    let cells = cockpit::cells_of(&st.db, actor.org_id, &children, &selected).await?;
    for (child, cell) in children.iter().zip(cells) {
        parts.push(json!({"unit": {"id": child.id, "name": child.name}, "line": line(&selected, child.headcount, child.hidden, &cell)}));
    }
    // Above the units a manager leads, the trail is names only (as on the page).
    let trail: Vec<Value> = cockpit::trail(&st.db, actor.org_id, unit.id)
        .await?
        .into_iter()
        .map(|u| json!({"id": u.id, "name": u.name}))
        .collect();
    Ok(Json(json!({
        "unit": {"id": unit.id, "name": unit.name, "headcount": (!unit.hidden.hidden()).then_some(unit.headcount), "hidden": hide_code(unit.hidden)},
        "grain": grain.code(), "selected": selected, "min_group": k,
        "trail": trail, "trend": trend, "focus": focus, "parts": parts,
    })))
}

// --- Scans ---------------------------------------------------------------------------------

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn run_json(run: &Run) -> Value {
    let state = match run.state(today()) {
        RunState::Planned => "planned",
        RunState::Open => "open",
        RunState::Closed => "closed",
    };
    json!({"id": run.id, "title": run.title, "instrument": run.instrument, "variant": run.variant,
        "opens_on": run.opens_on.to_string(), "closes_on": run.closes_on.to_string(), "state": state})
}

/// The runs that ask me, and for L&D every run of the organisation (as the page `/scans`).
pub async fn scans(State(st): State<AppState>, actor: Actor) -> Result<Json<Value>> {
    let mine: Vec<Value> = scans::open_for(&st.db, st.secret(), &actor, today())
        .await?
        .iter()
        .map(|(run, standing)| {
            let standing = match standing {
                Standing::NotStarted => "not_started",
                Standing::Saved => "saved",
                Standing::Sent => "sent",
            };
            json!({"run": run_json(run), "standing": standing})
        })
        .collect();
    let runs: Vec<Value> = if actor.is_adviser {
        scans::runs(&st.db, actor.org_id, 200, 0).await?.iter().map(|l| run_json(&l.run)).collect()
    } else {
        Vec::new()
    };
    Ok(Json(json!({"mine": mine, "runs": runs})))
}

/// The run, when the actor may answer it now and has not sent their answers (as the page).
async fn answerable(st: &AppState, actor: &Actor, id: i64) -> Result<Run> {
    let run = scans::run(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    let asked = scans::in_population(&st.db, &run, actor).await?;
    policy::scan_answer(actor, run.org_id, asked)?;
    if run.state(today()) != RunState::Open {
        return Err(Error::conflict("scan-error-not-open"));
    }
    if scans::standing(&st.db, st.secret(), run.id, actor.id).await? == Standing::Sent {
        return Err(Error::conflict("scan-error-already"));
    }
    Ok(run)
}

pub async fn questionnaire(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Path(id): Path<i64>,
) -> Result<Json<Value>> {
    let run = answerable(&st, &actor, id).await?;
    let saved = scans::draft(&st.db, st.secret(), &run, actor.id).await?;
    let inst = run.instrument()?;
    let layout = run.layout()?;
    let blocks: Vec<Value> = inst
        .blocks
        .iter()
        .enumerate()
        .filter(|(b, _)| layout.per_block[*b] > 0)
        .map(|(_, block)| {
            let items: Vec<Value> = block
                .items
                .iter()
                .filter(|it| layout.ids.contains(&it.id))
                .map(|it| json!({"id": it.id, "text": it.text(lang), "answer": saved.get(&it.id).copied().filter(|v| *v > 0)}))
                .collect();
            json!({"id": block.id, "title": block.title.get(lang), "items": items})
        })
        .collect();
    let labels = if lang == Lang::Nl { &inst.scale.labels.nl } else { &inst.scale.labels.en };
    Ok(Json(json!({
        "run": run_json(&run), "intro": inst.intro.get(lang),
        "scale": {"min": inst.scale.min, "max": inst.scale.max, "labels": labels},
        "blocks": blocks,
    })))
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AnswersBody {
    answers: HashMap<String, Whole>,
    #[serde(default)]
    send: bool,
}

/// Saves the answers with the ones saved before; sends them when asked and complete. As the
/// page: the values are checked before anything is saved.
pub async fn answer(
    State(st): State<AppState>,
    actor: Actor,
    Path(id): Path<i64>,
    ApiJson(b): ApiJson<AnswersBody>,
) -> Result<Json<Value>> {
    let run = answerable(&st, &actor, id).await?;
    let secret = st.secret();
    let mut answers = scans::draft(&st.db, secret, &run, actor.id).await?;
    answers.extend(b.answers.into_iter().map(|(k, v)| (k, v.0)));
    scans::save_draft(&st.db, secret, &run, actor.id, &answers).await?;
    let layout = run.layout()?;
    let missing: Vec<&String> = layout.ids.iter().filter(|id| answers.get(*id).is_none_or(|v| *v == 0)).collect();
    if !b.send || !missing.is_empty() {
        return Ok(Json(json!({"sent": false, "receipt": null, "missing": missing})));
    }
    let receipt = scans::submit(&st.db, secret, &run, &actor, &answers).await?;
    Ok(Json(json!({"sent": true, "receipt": receipt, "missing": []})))
}

/// A run's report for L&D: nothing while the run is open (409); once closed, the published
/// release, with every group the disclosure rules hide marked hidden and without figures.
pub async fn report(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Json<Value>> {
    policy::scans_manage(&actor)?;
    let mut run = scans::run(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    // As the report page: a run past its closing date is closed on first sight.
    if run.due(today()) {
        scans::close(&st.db, &run).await?;
        run = scans::run(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    }
    if run.closed_at.is_none() {
        return Err(Error::conflict("api-scan-report-open"));
    }
    if run.release.is_none() {
        scans::publish(&st.db, &run).await?;
        run = scans::run(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    }
    let inst = run.instrument()?;
    let layout = run.layout()?;
    let key = crate::scans::cache::Key::new(run.id, -1, &[]);
    let tally = match st.tallies.get(&key) {
        Some(t) => t,
        None => {
            let release: crate::scans::report::Release = run
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
    let names: HashMap<i64, String> = crate::orgs::unit_names(&st.db, run.org_id).await?.into_iter().collect();
    let mut groups = Vec::new();
    for &n in &tally.tree.preorder {
        let unit_id = (n != 0).then(|| tally.units[n - 1]);
        let name = match unit_id {
            None => lang.t("scan-whole-org"),
            Some(u) => names.get(&u).cloned().unwrap_or_default(),
        };
        let mut scopes = vec![("all", cells.tree[n], &tally.total[n])];
        if !tally.tree.children[n].is_empty() {
            scopes.push(("own", cells.direct[n], &tally.direct[n]));
        }
        for (scope, hide, agg) in scopes {
            let hidden = hide.hidden() || agg.n == 0;
            let blocks: Vec<Value> = if hidden {
                Vec::new()
            } else {
                inst.blocks
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| layout.per_block[*b] > 0)
                    .map(|(b, block)| json!({"id": block.id, "title": block.title.get(lang), "mean": agg.published_mean(b)}))
                    .collect()
            };
            groups.push(json!({
                "unit_id": unit_id, "name": name, "scope": scope, "hidden": hidden,
                "responses": (!hidden).then_some(agg.n), "blocks": blocks,
            }));
        }
    }
    Ok(Json(json!({"run": run_json(&run), "min_group": k, "groups": groups})))
}

// --- Personal data -------------------------------------------------------------------------

/// The same export as the download on `/me/data` (and, like it, written to the audit log).
pub async fn my_data(State(st): State<AppState>, actor: Actor) -> Result<Json<Value>> {
    Ok(Json(crate::rights::store::export_for_download(&st.db, &actor).await?))
}
