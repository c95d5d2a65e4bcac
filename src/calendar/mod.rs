//! Sessions in the calendar people already use: a private iCalendar feed per person (Outlook,
//! Google and Apple subscribe to its address and refresh it), and an `.ics` download per cycle.
//!
//! The feed's address carries a token derived from the server key, the person and the moment
//! the feed was made; only its hash is stored. A new address ("rotate") replaces the old one at
//! once. The feed is written on every request, so it always shows the sessions as they are: a
//! moved session keeps its UID and raises its SEQUENCE, a cancelled one stays with
//! `STATUS:CANCELLED` so that calendars take it out. Times are written in UTC, which every client
//! reads the same way. Every session is its own event: a Vitale Weekcyclus is planned per week,
//! so sessions do not follow a rule a calendar could repeat (no RRULE is written).

mod routes;

mod store;

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use sha2::Sha256;

use crate::web::Lang;

pub use routes::routes;
pub use store::{Entry, cycle_entries, feed_owner, feed_token, person_entries, rotate};

/// The token in a feed's address: the server key over the person and the feed's creation time.
fn token(secret: &[u8; 32], person: i64, created_at: i64) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("any key length");
    mac.update(format!("calendar-feed:{person}:{created_at}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..20])
}

fn utc(local: &str) -> Option<DateTime<Utc>> {
    crate::mail::local_ts(local).and_then(|t| DateTime::from_timestamp(t, 0))
}

/// The calendar text: one event per session.
pub fn ics(name: &str, entries: &[Entry], base_url: &str, host: &str, lang: Lang) -> String {
    let mut cal = Calendar::new();
    cal.name(name);
    cal.append_property(("X-PUBLISHED-TTL", "PT1H"));
    cal.append_property(("REFRESH-INTERVAL;VALUE=DURATION", "PT1H"));
    cal.append_property(("METHOD", "PUBLISH"));
    for e in entries {
        let Some(start) = utc(&e.starts_at) else { continue };
        let end = start + Duration::minutes(e.minutes.max(1));
        let mut ev = Event::new();
        ev.uid(&format!("session-{}@{host}", e.id))
            .summary(
                &lang.ta("calendar-summary", &[("circle", e.circle.clone()), ("position", e.position.to_string())]),
            )
            .description(&lang.t("calendar-description"))
            .starts(start)
            .ends(end)
            .sequence(e.sequence.max(0) as u32)
            .url(&format!("{base_url}/sessions/{}", e.id))
            .status(if e.cancelled { EventStatus::Cancelled } else { EventStatus::Confirmed });
        if e.updated_at > 0
            && let Some(t) = DateTime::from_timestamp(e.updated_at, 0)
        {
            ev.last_modified(t);
        }
        if !e.place.is_empty() {
            ev.location(&e.place);
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}
