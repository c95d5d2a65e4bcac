//! Calendar feeds read by a real parser (the `icalendar` package from PyPI,
//! `scripts/setup-counterparts`), on both engines: the private feed, changes and cancellations,
//! rotation, and the per-cycle download.

mod common;

use serde_json::Value;

/// What `icalendar` makes of a calendar text.
fn parse(python: &str, ics: &str) -> Value {
    use std::io::Write;
    let mut child = std::process::Command::new(python)
        .arg(common::support_file("ics_read.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(ics.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "icalendar refused the feed: {}\n{ics}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn feed_path(page: &str) -> String {
    let start = page.find("/calendar/").expect("a feed address on the page");
    let end = page[start..].find(".ics").unwrap() + start + 4;
    page[start..end].to_string()
}

async fn fetch(url: &str) -> (u16, String, String) {
    let r = reqwest::get(url).await.unwrap();
    let status = r.status().as_u16();
    let ctype = r.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    (status, ctype, r.text().await.unwrap())
}

/// A stored local time as the UTC instant a calendar shows.
fn utc_iso(local: &str) -> String {
    let t = hartslag::mail::local_ts(local).unwrap();
    chrono::DateTime::from_timestamp(t, 0).unwrap().format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
}

backends! {
    async fn the_private_feed_follows_changes_and_cancellations(app) {
        let Some(python) = common::counterparts_python() else { return };
        let db = &app.db;
        let w = common::world(db).await;
        let anna = app.login("member@test.example").await;
        let (status, page) = anna.get("/me/connections").await;
        assert_eq!(status, 200);
        let path = feed_path(&page);
        assert!(page.contains(&path.replace("http://", "webcal://")) || page.contains("webcal://"));

        // No session needed: the address is the key.
        let (status, ctype, ics) = fetch(&app.url(&path)).await;
        assert_eq!(status, 200);
        assert!(ctype.starts_with("text/calendar"), "{ctype}");
        let cal = parse(&python, &ics);
        assert_eq!(cal["version"], "2.0");
        let sessions = hartslag::cycles::store::sessions(db, w.cycle).await.unwrap();
        let events = cal["events"].as_array().unwrap();
        assert_eq!(events.len(), sessions.len(), "{ics}");
        let first = events.iter().find(|e| e["uid"].as_str().unwrap().starts_with(&format!("session-{}@", w.session))).unwrap();
        assert_eq!(first["start"], utc_iso(&sessions[0].starts_at));
        assert_eq!(first["status"], "CONFIRMED");
        assert_eq!(first["sequence"], 0);
        assert_eq!(first["location"], "Stilteruimte");
        assert!(first["summary"].as_str().unwrap().starts_with("Overdracht"));

        // The session moves to 10:00 in another room, another is cancelled.
        let day = &sessions[0].starts_at[..10];
        hartslag::cycles::store::update_session(db, w.session, day, "10:00", "Zaal 3", false).await.unwrap();
        let (d2, t2) = sessions[1].starts_at.split_at(10);
        hartslag::cycles::store::update_session(db, w.other_session, d2, &t2[1..], "", true).await.unwrap();
        let cal = parse(&python, &fetch(&app.url(&path)).await.2);
        let events = cal["events"].as_array().unwrap();
        assert_eq!(events.len(), sessions.len(), "a cancelled session stays, so calendars take it out");
        let moved = events.iter().find(|e| e["uid"].as_str().unwrap().starts_with(&format!("session-{}@", w.session))).unwrap();
        assert_eq!(moved["start"], utc_iso(&format!("{day}T10:00")));
        assert_eq!(moved["sequence"], 1, "SEQUENCE rises, so calendars take the change");
        assert_eq!(moved["location"], "Zaal 3");
        let cancelled = events.iter().find(|e| e["uid"].as_str().unwrap().starts_with(&format!("session-{}@", w.other_session))).unwrap();
        assert_eq!(cancelled["status"], "CANCELLED");

        // A new address: the old one stops at once.
        let (status, _) = anna.post("/me/connections/calendar", &[]).await;
        assert_eq!(status, 303);
        let (_, page) = anna.get("/me/connections").await;
        let new_path = feed_path(&page);
        assert_ne!(new_path, path);
        assert_eq!(fetch(&app.url(&path)).await.0, 404);
        assert_eq!(fetch(&app.url(&new_path)).await.0, 200);
        // Guessing is pointless and malformed addresses are plain 404s.
        assert_eq!(fetch(&app.url(&format!("/calendar/{}.ics", "0".repeat(40)))).await.0, 404);
        assert_eq!(fetch(&app.url("/calendar/abc")).await.0, 404);
        // Someone who leaves the organisation: their feed stops.
        sqlx::query("UPDATE people SET active = FALSE WHERE id = $1").bind(w.member).execute(&db.pool).await.unwrap();
        assert_eq!(fetch(&app.url(&new_path)).await.0, 404);
    }

    async fn a_cycle_downloads_as_ics_for_its_members_only(app) {
        let Some(python) = common::counterparts_python() else { return };
        let w = common::world(&app.db).await;
        let anna = app.login("member@test.example").await;
        let r = anna.client.get(app.url(&format!("/cycles/{}/calendar.ics", w.cycle))).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-disposition"].to_str().unwrap().contains(".ics"));
        let cal = parse(&python, &r.text().await.unwrap());
        assert_eq!(cal["events"].as_array().unwrap().len(), 4);
        assert!(cal["name"].as_str().unwrap().starts_with("Overdracht"));
        let (_, page) = anna.get(&format!("/cycles/{}", w.cycle)).await;
        assert!(page.contains(&format!("/cycles/{}/calendar.ics", w.cycle)), "the cycle page links the download");
        // A colleague outside the circle, and someone of another organisation, get nothing.
        let dirk = app.login("colleague@test.example").await;
        assert_eq!(dirk.get(&format!("/cycles/{}/calendar.ics", w.cycle)).await.0, 404);
        let x = app.login("stranger@other.example").await;
        assert_eq!(x.get(&format!("/cycles/{}/calendar.ics", w.cycle)).await.0, 404);
    }
}
