//! Route C's values for one solution: Hartslag's parameters read from the cockpit's published
//! cells (so they keep the cockpit's release discipline: published once a period is over,
//! frozen, and hidden for a group under the minimum, directly or by subtraction), L&D's
//! entered values, and a red flag wherever a value is past its minimum standard.

use chrono::NaiveDate;

use super::set::{self, Parameter, Source};
use super::store::{self, Entered, Solution};
use crate::cockpit::disclosure::{self, Hide};
use crate::cockpit::{self, Grain};
use crate::db::Db;
use crate::error::{Error, Result};

/// What one parameter shows.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    /// A value, with the group it is about and where it comes from.
    Value(Value),
    /// The cockpit does not show this group's figures (too small, protecting a small group,
    /// or not published yet).
    Hidden(Hide),
    /// The group is there but the figure has nothing to rest on (no proposal decided, no value
    /// entered yet).
    NoData,
    /// Not measured for this solution: a survey (not built yet), or a Hartslag figure for a
    /// solution other than the Prof-cirkel way of working.
    NotMeasured,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub value: f64,
    /// The number of people the value is about.
    pub population: i64,
    /// A cockpit period key ("2026-11", "2026-Q3") or an entered period ("2026-09-01..2026-11-30").
    pub period: String,
    /// For an entered value, where L&D says it comes from.
    pub entered_source: Option<String>,
    /// Past the minimum standard, for a group of at least the minimum.
    pub flag: bool,
}

#[derive(Clone, Debug)]
pub struct Row {
    pub parameter: &'static Parameter,
    pub state: State,
}

impl Row {
    pub fn value(&self) -> Option<&Value> {
        match &self.state {
            State::Value(v) => Some(v),
            _ => None,
        }
    }
}

/// The route-C report of one solution for one unit (0: the organisation) and cockpit period.
pub struct Report {
    pub unit_id: i64,
    pub unit_name: String,
    pub period: String,
    /// The periods one can choose: published (complete) months and quarters, latest first.
    pub periods: Vec<String>,
    pub k: i64,
    pub rows: Vec<Row>,
}

impl Report {
    pub fn flags(&self) -> usize {
        self.rows.iter().filter(|r| r.value().is_some_and(|v| v.flag)).count()
    }
}

/// The periods the cockpit has published on `today`: complete months and quarters of its
/// window, latest first (months before quarters).
pub fn periods(today: NaiveDate) -> Vec<String> {
    let w = cockpit::window(today);
    let mut out: Vec<String> =
        w.iter().filter(|p| p.grain == Grain::Month && p.complete(today)).rev().map(|p| p.key.clone()).collect();
    out.extend(w.iter().filter(|p| p.grain == Grain::Quarter && p.complete(today)).rev().map(|p| p.key.clone()));
    out
}

/// The value of a Hartslag parameter from a shown cell: (value, population), or `None` when
/// the figure has nothing to rest on. `months` is the length of the period.
pub fn computed(compute: &str, f: &cockpit::store::Figures, headcount: i64, months: i64) -> Option<(f64, i64)> {
    let f = f.clamped();
    let ratio = |n: i64, d: i64| if d > 0 { Some(n as f64 / d as f64) } else { None };
    let people = f.participants;
    // Per participant per month: one division, so a hand calculation gives the same number.
    let per_month = people * months.max(1);
    match compute {
        "participation" => ratio(f.participants, headcount).map(|r| ((100.0 * r).min(100.0), headcount)),
        "active_weeks" => ratio(f.person_weeks, per_month).map(|r| (r, people)),
        "hours_used" => ratio(f.minutes_used, f.minutes_granted).map(|r| (100.0 * r, people)),
        "sessions" => ratio(f.attendances, per_month).map(|r| (r, people)),
        "proposals_per_week" => ratio(f.proposals, f.person_weeks).map(|r| (r, people)),
        "acceptance" => ratio(f.accepted, f.decided).map(|r| (100.0 * r, people)),
        "implementation" => ratio(f.done, f.accepted).map(|r| (100.0 * r, people)),
        "lead_time" => f.median_lead_days().map(|d| (d as f64, people)),
        _ => None,
    }
}

/// The report of `solution` for `unit_id` (0: the whole organisation) in `period` (a published
/// cockpit period; `None` or one not published: the last published month).
pub async fn report(
    db: &Db,
    solution: &Solution,
    unit_id: i64,
    period: Option<&str>,
    today: NaiveDate,
) -> Result<Report> {
    let org_id = solution.org_id;
    if cockpit::store::refreshed(db, org_id).await?.is_none() {
        cockpit::refresh::refresh(db, org_id).await?;
    }
    let k = disclosure::min_group(crate::orgs::cockpit_min_group(db, org_id).await?);
    let unit = cockpit::store::unit(db, org_id, unit_id).await?.ok_or(Error::NotFound)?;
    let periods = periods(today);
    // As the cockpit reads it: a period that is not published (yet) opens the last one that is.
    let period = match period {
        Some(p) if periods.iter().any(|x| x == p) => p.to_string(),
        _ => periods.first().cloned().unwrap_or_default(),
    };
    let months = if period.contains("-Q") { 3 } else { 1 };
    let cell = if period.is_empty() {
        None
    } else {
        cockpit::store::series(db, org_id, &unit, false, std::slice::from_ref(&period)).await?.into_iter().next()
    };
    let entered = store::values(db, solution.id, 1000).await?;
    let circles = solution.kind == "circles";
    let rows = set::route_c()
        .parameters
        .iter()
        .map(|p| {
            let state = match p.source {
                Source::Survey => State::NotMeasured,
                Source::Hartslag if !circles => State::NotMeasured,
                Source::Hartslag => hartslag_state(p, &unit, cell.as_ref(), &period, months, k),
                Source::Entered => entered_state(p, &entered, k),
            };
            Row { parameter: p, state }
        })
        .collect();
    Ok(Report { unit_id, unit_name: unit.name.clone(), period, periods, k, rows })
}

fn hartslag_state(
    p: &Parameter,
    unit: &cockpit::store::Unit,
    cell: Option<&cockpit::store::Cell>,
    period: &str,
    months: i64,
    k: i64,
) -> State {
    if unit.hidden.hidden() {
        return State::Hidden(unit.hidden);
    }
    let Some(cell) = cell else { return State::Hidden(Hide::Pending) };
    if cell.hide().hidden() {
        return State::Hidden(cell.hide());
    }
    let Some(f) = cell.shown() else { return State::Hidden(Hide::Protect) };
    let headcount = if cell.headcount() > 0 { cell.headcount() } else { unit.headcount };
    match computed(&p.compute, f, headcount, months) {
        // The cockpit shows a cell only for enough participants; checked again here, so that a
        // figure of this capability never rests on fewer than the minimum.
        Some((_, population)) if population < k => State::Hidden(Hide::Small),
        Some((value, population)) => State::Value(Value {
            value,
            population,
            period: period.to_string(),
            entered_source: None,
            flag: p.breaches(value),
        }),
        None => State::NoData,
    }
}

fn entered_state(p: &Parameter, entered: &[Entered], k: i64) -> State {
    // The latest period entered (values come latest first).
    match entered.iter().find(|e| e.parameter == p.id) {
        Some(e) if e.population < k => State::Hidden(Hide::Small),
        Some(e) => State::Value(Value {
            value: e.value(),
            population: e.population,
            period: format!("{}..{}", e.period_from, e.period_to),
            entered_source: Some(e.source.clone()),
            flag: p.breaches(e.value()),
        }),
        None => State::NoData,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A quarter's cell, by hand: 40 people, 25 took part, 60 active person-weeks, 45 of 100
    /// granted hours used, 50 sessions, 6 proposals (2 open, 1 declined, 2 accepted, 1 done),
    /// decided in 5, 12 and 40 days (bins 7, 14, 60).
    #[test]
    fn the_parameters_follow_from_a_cell_by_hand() {
        let f = cockpit::store::Figures {
            participants: 25,
            person_weeks: 60,
            minutes_granted: 6000,
            minutes_used: 2700,
            attendances: 50,
            states: [("open", 2), ("declined", 1), ("accepted", 2), ("done", 1)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            lead_days: [(7, 1), (14, 1), (60, 1)].into_iter().collect(),
            ..Default::default()
        };
        let at = |c: &str| computed(c, &f, 40, 3).unwrap();
        assert_eq!(at("participation"), (62.5, 40));
        assert_eq!(at("active_weeks"), (0.8, 25), "60 weeks / 25 people / 3 months");
        assert_eq!(at("hours_used"), (45.0, 25));
        assert_eq!(at("sessions").0, 50.0 / 75.0);
        assert_eq!(at("proposals_per_week").0, 6.0 / 60.0);
        assert_eq!(at("acceptance").0, 75.0, "3 accepted of 4 decided");
        assert!((at("implementation").0 - 100.0 / 3.0).abs() < 1e-9, "1 done of 3 accepted");
        assert_eq!(at("lead_time"), (14.0, 25), "the median of three falls in the 14-day bin");
        let none = cockpit::store::Figures::default();
        assert_eq!(computed("acceptance", &none, 40, 1), None, "nothing decided: no rate");
        assert_eq!(computed("salaries", &f, 40, 1), None);
    }
}
