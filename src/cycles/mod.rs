//! The Vitale Weekcyclus: an active week of a circle with its sessions (four one-hour sessions
//! by default), the week's chosen work situations and guiding questions, attendance (the
//! source of hours used), shared notes per frame step, and guests invited to one session.

mod routes;
pub mod store;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
pub use routes::routes;

use crate::web::Lang;

const DAYS_NL: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
const DAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_NL: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn day_month(d: NaiveDate, lang: Lang) -> String {
    let wd = d.weekday().num_days_from_monday() as usize;
    let m = d.month0() as usize;
    match lang {
        Lang::Nl => format!("{} {} {} {}", DAYS_NL[wd], d.day(), MONTHS_NL[m], d.year()),
        Lang::En => format!("{} {} {} {}", DAYS_EN[wd], d.day(), MONTHS_EN[m], d.year()),
    }
}

/// "ma 12 okt 2026" from a Unix timestamp.
pub fn format_date(ts: i64, lang: Lang) -> String {
    chrono::DateTime::from_timestamp(ts, 0).map(|d| day_month(d.date_naive(), lang)).unwrap_or_default()
}

/// "ma 12 okt 2026" from a date.
pub fn format_day(d: NaiveDate, lang: Lang) -> String {
    day_month(d, lang)
}

const MONTH_NAMES_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTH_NAMES_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "oktober 2026" / "October 2026".
pub fn format_month(d: NaiveDate, lang: Lang) -> String {
    let m = d.month0() as usize;
    let name = if lang == Lang::Nl { MONTH_NAMES_NL[m] } else { MONTH_NAMES_EN[m] };
    format!("{name} {}", d.year())
}

/// "week 42 (vanaf ma 12 okt 2026)" from an ISO Monday.
pub fn format_week(week_start: &str, lang: Lang) -> String {
    match NaiveDate::parse_from_str(week_start, "%Y-%m-%d") {
        Ok(d) => {
            let w = d.iso_week().week();
            match lang {
                Lang::Nl => format!("week {w} (vanaf {})", day_month(d, lang)),
                Lang::En => format!("week {w} (from {})", day_month(d, lang)),
            }
        }
        Err(_) => week_start.to_string(),
    }
}

/// "do 15 okt 2026, 14:00" from a local "YYYY-MM-DDTHH:MM".
pub fn format_start(starts_at: &str, lang: Lang) -> String {
    match NaiveDateTime::parse_from_str(starts_at, "%Y-%m-%dT%H:%M") {
        Ok(dt) => format!("{}, {}", day_month(dt.date(), lang), dt.format("%H:%M")),
        Err(_) => starts_at.to_string(),
    }
}

/// Attendance is recorded from the session's own day on, never ahead of it.
pub fn attendance_open(starts_at: &str, today: chrono::NaiveDate) -> bool {
    match starts_at.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        Some(day) => day <= today,
        None => false,
    }
}

/// When a session ends, in Unix seconds: its start (stored as the organisation's local wall-clock
/// time, read in the server's time zone as the calendar feed and the reminders read it) plus its
/// minutes. A start in the hour a clock skips in spring is read as the hour after; `None` for a
/// start that is no time at all.
pub fn session_ends_at(starts_at: &str, minutes: i64) -> Option<i64> {
    let start = crate::mail::local_ts(starts_at).or_else(|| {
        let naive = NaiveDateTime::parse_from_str(starts_at, "%Y-%m-%dT%H:%M").ok()? + chrono::Duration::hours(1);
        crate::mail::local_ts(&naive.format("%Y-%m-%dT%H:%M").to_string())
    })?;
    Some(start.saturating_add(minutes.max(0).saturating_mul(60)))
}

/// Minutes as hours with at most one decimal ("2" or "2.5"); typed back, both "2,5" and "2.5" read.
pub fn hours(minutes: i64) -> String {
    crate::web::number::short(minutes as f64 / 60.0, crate::web::Lang::En)
}

/// The Monday of the week a date falls in.
pub fn monday_of(d: NaiveDate) -> NaiveDate {
    d - chrono::Duration::days(d.weekday().num_days_from_monday() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_naturally_in_dutch_and_english() {
        assert_eq!(format_start("2026-10-15T14:00", Lang::Nl), "do 15 okt 2026, 14:00");
        assert_eq!(format_start("2026-10-15T14:00", Lang::En), "Thu 15 Oct 2026, 14:00");
        assert_eq!(format_week("2026-10-12", Lang::Nl), "week 42 (vanaf ma 12 okt 2026)");
        assert_eq!(hours(240), "4");
        assert_eq!(hours(90), "1.5");
        assert_eq!(monday_of(NaiveDate::from_ymd_opt(2026, 10, 15).unwrap()).to_string(), "2026-10-12");
    }

    #[test]
    fn a_session_ends_its_minutes_after_its_local_start() {
        let start = crate::mail::local_ts("2026-10-15T14:00").unwrap();
        assert_eq!(session_ends_at("2026-10-15T14:00", 60), Some(start + 3600));
        assert_eq!(session_ends_at("2026-10-15T14:00", 0), Some(start));
        assert_eq!(session_ends_at("geen tijd", 60), None);
    }
}
