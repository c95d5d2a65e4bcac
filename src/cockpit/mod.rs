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
    /// A week's Monday; the first day of a month or quarter.
    pub monday: NaiveDate,
    /// Shown on the pages. Older weeks are computed only so that months add up.
    pub shown: bool,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn months_back(d: NaiveDate, n: u32) -> NaiveDate {
    first_of_month(d).checked_sub_months(chrono::Months::new(n)).unwrap_or(d)
}

/// The periods the cockpit computes on `today`, oldest first per grain: every week since the
/// oldest month or quarter shown began (the last 13 of them shown), the last 12 months and the
/// last 4 quarters.
pub fn window(today: NaiveDate) -> Vec<Period> {
    let mut out = Vec::new();
    let quarter_start = |d: NaiveDate| months_back(d, (d.month() - 1) % 3);
    let oldest_quarter = quarter_start(months_back(today, 3 * (Grain::Quarter.shown() as u32 - 1)));
    let oldest_month = months_back(today, Grain::Month.shown() as u32 - 1);
    let start = oldest_quarter.min(oldest_month);
    // The first Monday on or after the start: weeks belong to their Monday's month.
    let mut monday = crate::cycles::monday_of(start);
    if monday < start {
        monday += chrono::Duration::days(7);
    }
    let this_monday = crate::cycles::monday_of(today);
    let mut weeks = Vec::new();
    while monday <= this_monday {
        weeks.push(monday);
        monday += chrono::Duration::days(7);
    }
    let shown_from = weeks.len().saturating_sub(Grain::Week.shown());
    for (i, m) in weeks.iter().enumerate() {
        out.push(Period { grain: Grain::Week, key: Grain::Week.key(*m), monday: *m, shown: i >= shown_from });
    }
    for i in (0..Grain::Month.shown() as u32).rev() {
        let m = months_back(today, i);
        out.push(Period { grain: Grain::Month, key: Grain::Month.key(m), monday: m, shown: true });
    }
    for i in (0..Grain::Quarter.shown() as u32).rev() {
        let q = quarter_start(months_back(today, 3 * i));
        out.push(Period { grain: Grain::Quarter, key: Grain::Quarter.key(q), monday: q, shown: true });
    }
    out
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
    fn the_window_covers_every_week_of_the_months_and_quarters_it_shows() {
        let w = window(day("2026-11-23"));
        let keys = |g: Grain| w.iter().filter(|p| p.grain == g).map(|p| p.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(Grain::Quarter), ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(keys(Grain::Month).first().unwrap(), "2025-12");
        assert_eq!(keys(Grain::Month).last().unwrap(), "2026-11");
        let weeks = keys(Grain::Week);
        assert_eq!(weeks.first().unwrap(), "2025-12-01");
        assert_eq!(weeks.last().unwrap(), "2026-11-23");
        assert_eq!(w.iter().filter(|p| p.grain == Grain::Week && p.shown).count(), 13);
    }
}
