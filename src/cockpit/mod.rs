//! The cockpit: how the organisation learns, in figures, for L&D (the whole organisation) and
//! managers (the units they lead) — without exposing a single person or any group smaller than
//! the organisation's minimum (never below five), directly or by subtraction.
//!
//! Figures are computed by [`refresh`] (hourly in `serve`, after the demo is made, and on
//! L&D's request) into `cockpit_units` and `cockpit_cells`, together with what may be shown
//! ([`disclosure`]). Pages, CSV and trends read those rows only, so the cockpit of an
//! organisation of 100,000 people is a handful of indexed reads.

pub mod disclosure;
pub mod refresh;
mod routes;
pub mod store;

use chrono::{Datelike, NaiveDate};

pub(crate) use routes::period_label;
pub use routes::routes;

/// How long a period is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grain {
    Week,
    Month,
    Quarter,
}

impl Grain {
    pub const ALL: [Grain; 3] = [Grain::Week, Grain::Month, Grain::Quarter];
    /// The grains the cockpit publishes.
    pub const PUBLISHED: [Grain; 2] = [Grain::Month, Grain::Quarter];

    pub fn code(self) -> &'static str {
        match self {
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
        }
    }

    pub fn parse(s: &str) -> Option<Grain> {
        Grain::ALL.into_iter().find(|g| g.code() == s)
    }

    /// The key of the period of this grain that a day falls in: "2026-11-16" (the week's
    /// Monday), "2026-11", "2026-Q4". A week belongs to the month and quarter of its Monday.
    pub fn key(self, day: NaiveDate) -> String {
        match self {
            Grain::Week => crate::cycles::monday_of(day).to_string(),
            Grain::Month => day.format("%Y-%m").to_string(),
            Grain::Quarter => format!("{}-Q{}", day.year(), (day.month() - 1) / 3 + 1),
        }
    }

    /// How many periods of this grain the cockpit shows, the current one included.
    pub fn shown(self) -> usize {
        match self {
            Grain::Week => 13,
            Grain::Month => 12,
            Grain::Quarter => 4,
        }
    }
}

/// One period in the cockpit's window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub grain: Grain,
    pub key: String,
    /// The first day of the month or quarter.
    pub monday: NaiveDate,
    /// The last day.
    pub last: NaiveDate,
}

impl Period {
    fn of(grain: Grain, first: NaiveDate) -> Period {
        let months = if grain == Grain::Quarter { 3 } else { 1 };
        let last =
            first.checked_add_months(chrono::Months::new(months)).map(|d| d.pred_opt().unwrap_or(d)).unwrap_or(first);
        Period { grain, key: grain.key(first), monday: first, last }
    }

    /// A period is published once it has ended: figures of a period still under way would
    /// change with every refresh, and two versions of a figure give away their difference.
    pub fn complete(&self, today: NaiveDate) -> bool {
        today > self.last
    }

    /// The Mondays of the weeks that belong to this period (a week belongs to its Monday's).
    pub fn mondays(&self) -> Vec<NaiveDate> {
        let mut monday = crate::cycles::monday_of(self.monday);
        if monday < self.monday {
            monday += chrono::Duration::days(7);
        }
        let mut out = Vec::new();
        while monday <= self.last {
            out.push(monday);
            monday += chrono::Duration::days(7);
        }
        out
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn months_back(d: NaiveDate, n: u32) -> NaiveDate {
    first_of_month(d).checked_sub_months(chrono::Months::new(n)).unwrap_or(d)
}

fn quarter_start(d: NaiveDate) -> NaiveDate {
    months_back(d, (d.month() - 1) % 3)
}

/// The periods the cockpit shows on `today`, oldest first per grain: the last 12 months and
/// the last 4 quarters, the current ones included (they show as under way). Weeks are not
/// published: a week is too short a window for figures about groups (see PRIVACY-MODEL.md).
pub fn window(today: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    for i in (0..Grain::Month.shown() as u32).rev() {
        out.push(Period::of(Grain::Month, months_back(today, i)));
    }
    for i in (0..Grain::Quarter.shown() as u32).rev() {
        out.push(Period::of(Grain::Quarter, quarter_start(months_back(today, 3 * i))));
    }
    out
}

/// The months a refresh on `today` publishes if they are not yet: every complete month from
/// the first month of the oldest quarter shown, so that every quarter shown is a sum of them.
pub fn months_to_release(today: NaiveDate) -> Vec<Period> {
    let oldest = quarter_start(months_back(today, 3 * (Grain::Quarter.shown() as u32 - 1)))
        .min(months_back(today, Grain::Month.shown() as u32 - 1));
    let mut out = Vec::new();
    let mut m = oldest;
    while let Some(p) = Some(Period::of(Grain::Month, m)).filter(|p| p.complete(today)) {
        out.push(p);
        m = match m.checked_add_months(chrono::Months::new(1)) {
            Some(n) => n,
            None => break,
        };
    }
    out
}

/// The months a quarter is the sum of.
pub fn months_of(quarter: &Period) -> Vec<Period> {
    (0..3)
        .filter_map(|i| quarter.monday.checked_add_months(chrono::Months::new(i)))
        .map(|m| Period::of(Grain::Month, m))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_week_belongs_to_the_month_and_quarter_of_its_monday() {
        let monday = day("2026-09-28");
        assert_eq!(Grain::Week.key(day("2026-10-01")), "2026-09-28");
        assert_eq!(Grain::Month.key(monday), "2026-09");
        assert_eq!(Grain::Quarter.key(monday), "2026-Q3");
    }

    #[test]
    fn the_window_shows_twelve_months_and_four_quarters_and_releases_only_complete_months() {
        let today = day("2026-11-23");
        let w = window(today);
        let keys = |g: Grain| w.iter().filter(|p| p.grain == g).map(|p| p.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(Grain::Quarter), ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(keys(Grain::Month).first().unwrap(), "2025-12");
        assert_eq!(keys(Grain::Month).last().unwrap(), "2026-11");
        assert!(!w.last().unwrap().complete(today), "the current quarter is under way");
        let months: Vec<String> = months_to_release(today).into_iter().map(|p| p.key).collect();
        assert_eq!(months.first().unwrap(), "2025-12");
        assert_eq!(months.last().unwrap(), "2026-10", "November is not complete");
        let q = w.iter().find(|p| p.key == "2026-Q3").unwrap();
        assert_eq!(months_of(q).iter().map(|p| p.key.clone()).collect::<Vec<_>>(), ["2026-07", "2026-08", "2026-09"]);
        assert_eq!(q.last, day("2026-09-30"));
        let nov = Period::of(Grain::Month, day("2026-11-01"));
        assert_eq!(nov.mondays().first().unwrap(), &day("2026-11-02"));
        assert_eq!(nov.mondays().len(), 5);
    }
}
