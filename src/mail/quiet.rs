//! Quiet hours and focus blocks: the moments an organisation sends no mail.

use chrono::{Datelike, Duration, Local, NaiveDateTime, NaiveTime, TimeZone};
use sqlx::Row;

use crate::db::Db;
use crate::error::{Error, Result};

/// An organisation's mail-free moments, in local time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quiet {
    pub from: NaiveTime,
    pub until: NaiveTime,
    /// (weekday 1 = Monday … 7 = Sunday, start, end)
    pub blocks: Vec<(u32, NaiveTime, NaiveTime)>,
}

pub fn parse_time(s: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| Error::invalid("mail-time-invalid"))
}

impl Quiet {
    fn is_quiet(&self, t: NaiveTime) -> bool {
        use std::cmp::Ordering::*;
        match self.from.cmp(&self.until) {
            Equal => false,
            Less => t >= self.from && t < self.until,
            Greater => t >= self.from || t < self.until,
        }
    }

    /// The first moment at or after `t` (Unix seconds) that is neither quiet nor in a focus block.
    pub fn next_free(&self, t: i64) -> i64 {
        let mut at = t;
        for _ in 0..32 {
            let Some(local) = Local.timestamp_opt(at, 0).single() else { return at };
            let naive = local.naive_local();
            let time = naive.time();
            let next = if self.is_quiet(time) {
                // To the end of the quiet hours: today, or tomorrow when they run past midnight.
                let day = if self.from > self.until && time >= self.from {
                    naive.date() + Duration::days(1)
                } else {
                    naive.date()
                };
                Some(NaiveDateTime::new(day, self.until))
            } else {
                let weekday = naive.weekday().number_from_monday();
                self.blocks
                    .iter()
                    .find(|(d, s, e)| *d == weekday && time >= *s && time < *e)
                    .map(|(_, _, e)| NaiveDateTime::new(naive.date(), *e))
            };
            match next.and_then(|n| Local.from_local_datetime(&n).earliest()) {
                Some(n) if n.timestamp() > at => at = n.timestamp(),
                _ => return at,
            }
        }
        at
    }
}

pub async fn load(db: &Db, org_id: i64) -> Result<Quiet> {
    let r = sqlx::query("SELECT quiet_from, quiet_until FROM organisations WHERE id = $1")
        .bind(org_id)
        .fetch_one(&db.pool)
        .await?;
    let from = parse_time(r.try_get("quiet_from")?).unwrap_or(NaiveTime::MIN);
    let until = parse_time(r.try_get("quiet_until")?).unwrap_or(NaiveTime::MIN);
    let rows = sqlx::query("SELECT weekday, starts, ends FROM focus_blocks WHERE org_id = $1 ORDER BY weekday, starts")
        .bind(org_id)
        .fetch_all(&db.pool)
        .await?;
    let mut blocks = Vec::with_capacity(rows.len());
    for r in &rows {
        let (Ok(s), Ok(e)) = (parse_time(r.try_get("starts")?), parse_time(r.try_get("ends")?)) else { continue };
        blocks.push((r.try_get::<i64, _>("weekday")? as u32, s, e));
    }
    Ok(Quiet { from, until, blocks })
}

pub async fn next_free(db: &Db, org_id: i64, t: i64) -> Result<i64> {
    Ok(load(db, org_id).await?.next_free(t))
}

/// A focus block as an administrator lists it.
#[derive(Clone, Debug)]
pub struct Block {
    pub id: i64,
    pub weekday: i64,
    pub starts: String,
    pub ends: String,
}

pub async fn blocks(db: &Db, org_id: i64) -> Result<Vec<Block>> {
    let rows =
        sqlx::query("SELECT id, weekday, starts, ends FROM focus_blocks WHERE org_id = $1 ORDER BY weekday, starts")
            .bind(org_id)
            .fetch_all(&db.pool)
            .await?;
    rows.iter()
        .map(|r| {
            Ok(Block {
                id: r.try_get("id")?,
                weekday: r.try_get("weekday")?,
                starts: r.try_get("starts")?,
                ends: r.try_get("ends")?,
            })
        })
        .collect()
}

/// Sets the quiet hours; equal times mean no quiet hours.
pub async fn set_quiet_hours(db: &Db, org_id: i64, from: &str, until: &str) -> Result<()> {
    let (f, u) = (parse_time(from)?, parse_time(until)?);
    sqlx::query("UPDATE organisations SET quiet_from = $1, quiet_until = $2 WHERE id = $3")
        .bind(f.format("%H:%M").to_string())
        .bind(u.format("%H:%M").to_string())
        .bind(org_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn add_block(db: &Db, org_id: i64, weekday: i64, starts: &str, ends: &str) -> Result<()> {
    if !(1..=7).contains(&weekday) {
        return Err(Error::invalid("mail-weekday-invalid"));
    }
    let (s, e) = (parse_time(starts)?, parse_time(ends)?);
    if s >= e {
        return Err(Error::invalid("mail-block-order"));
    }
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM focus_blocks WHERE org_id = $1")
        .bind(org_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing >= 50 {
        return Err(Error::invalid("mail-blocks-too-many"));
    }
    sqlx::query("INSERT INTO focus_blocks (org_id, weekday, starts, ends) VALUES ($1, $2, $3, $4)")
        .bind(org_id)
        .bind(weekday)
        .bind(s.format("%H:%M").to_string())
        .bind(e.format("%H:%M").to_string())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn remove_block(db: &Db, org_id: i64, id: i64) -> Result<()> {
    let r = sqlx::query("DELETE FROM focus_blocks WHERE id = $1 AND org_id = $2")
        .bind(id)
        .bind(org_id)
        .execute(&db.pool)
        .await?;
    if r.rows_affected() == 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> i64 {
        crate::mail::local_ts(s).unwrap()
    }

    fn quiet() -> Quiet {
        Quiet {
            from: parse_time("18:00").unwrap(),
            until: parse_time("08:00").unwrap(),
            // Tuesday morning is for focused work.
            blocks: vec![(2, parse_time("09:00").unwrap(), parse_time("12:00").unwrap())],
        }
    }

    #[test]
    fn quiet_hours_wait_for_the_morning_across_midnight() {
        let q = quiet();
        // 2026-11-23 is a Monday.
        assert_eq!(q.next_free(at("2026-11-23T10:00")), at("2026-11-23T10:00"));
        assert_eq!(q.next_free(at("2026-11-23T19:30")), at("2026-11-24T08:00"));
        assert_eq!(q.next_free(at("2026-11-23T06:00")), at("2026-11-23T08:00"));
    }

    #[test]
    fn a_focus_block_is_waited_out_and_quiet_hours_then_still_count() {
        let q = quiet();
        assert_eq!(q.next_free(at("2026-11-24T09:15")), at("2026-11-24T12:00"));
        // Quiet until 08:00 on Tuesday, then the focus block until noon.
        let late = Quiet { until: parse_time("09:30").unwrap(), ..quiet() };
        assert_eq!(late.next_free(at("2026-11-23T23:00")), at("2026-11-24T12:00"));
        assert_eq!(q.next_free(at("2026-11-25T09:15")), at("2026-11-25T09:15"));
    }

    #[test]
    fn equal_times_mean_no_quiet_hours() {
        let q = Quiet { from: parse_time("00:00").unwrap(), until: parse_time("00:00").unwrap(), blocks: vec![] };
        assert_eq!(q.next_free(at("2026-11-23T03:00")), at("2026-11-23T03:00"));
    }
}
