//! What each fuzz target checks, shared with the regression test (`tests/fuzz_regressions.rs`
//! includes this file), so an input that once failed keeps being tried by `cargo test`.
//! Each function takes the fuzzer's bytes and panics when a property does not hold.

use std::collections::HashMap;

use hartslag::provisioning::{Options, check_file, check_rows};
use hartslag::scans::instrument::{self, Layout};
use hartslag::scim::{USER_SHAPE, filter, patch};

fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// A SCIM filter (the `filter` query parameter): parsing, checking against what Users and
/// Groups can be filtered on, and matching a document never panic.
pub fn scim_filter(data: &[u8]) {
    let Some(t) = text(data) else { return };
    if let Ok(f) = filter::parse(t) {
        let _ = hartslag::scim::store::check_user_filter(&f);
        let _ = hartslag::scim::store::check_group_filter(&f);
        let doc = serde_json::json!({
            "userName": "anna@test.example", "active": true, "name": {"givenName": "Anna"},
            "emails": [{"value": "anna@test.example", "primary": true}], "meta": {"created": "2026-11-23T10:00:00Z"}
        });
        let _ = filter::matches(&f, &doc);
    }
    let _ = filter::parse_patch_path(t);
}

/// A SCIM PATCH body: reading it and applying it to a User never panic, and what comes out is
/// still an object that keeps its read-only attributes.
pub fn scim_patch(data: &[u8]) {
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let Ok(ops) = patch::parse(&body) else { return };
    let doc = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "7", "userName": "anna@test.example",
        "active": true, "name": {"givenName": "Anna", "familyName": "Lid"}, "meta": {"resourceType": "User"}
    });
    let serde_json::Value::Object(mut map) = doc else { unreachable!() };
    if patch::apply(&mut map, &ops, &USER_SHAPE).is_ok() {
        assert_eq!(map.get("id").and_then(|v| v.as_str()), Some("7"), "PATCH changed the read-only id");
    }
}

/// An HR export: every preset reads any bytes without panicking; a file whose header is fine
/// reads row by row, and every row is either taken or reported.
pub fn hr_import(data: &[u8]) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for preset in ["hartslag", "afas", "youforce", "nmbrs"] {
        let opts = Options { preset: preset.into(), ..Options::default() };
        if check_file(data, &opts).is_ok()
            && let Ok((good, bad)) = check_rows(data, &opts, today)
        {
            assert!(good + bad <= data.len() + 1, "more rows than bytes");
        }
    }
}

/// Scan answers: whatever a form sends, packing either refuses or gives the stored form, which
/// reads back to the same values; a stored text of any shape reads without panicking.
pub fn scan_answers(data: &[u8]) {
    for i in instrument::shipped() {
        let ids = i.item_ids("");
        if ids.is_empty() {
            continue;
        }
        let layout = Layout::new(i, &ids);
        let mut answers = HashMap::new();
        for pair in data.chunks(2) {
            let id = ids[pair[0] as usize % ids.len()].clone();
            let value = pair.get(1).map_or(0, |v| *v as i64) - 64;
            answers.insert(id, value);
        }
        if let Ok(values) = layout.pack(&answers) {
            let stored = Layout::to_text(&values);
            assert_eq!(
                layout.unpack(&stored).as_deref(),
                Some(values.as_slice()),
                "the stored form does not read back"
            );
            let _ = layout.scores(&values);
            let _ = instrument::score(i, &answers);
        }
        if let Some(t) = text(data) {
            let _ = layout.unpack(t);
        }
    }
}

/// An instrument file (TOML): any text parses or is refused with a message.
pub fn instrument_file(data: &[u8]) {
    if let Some(t) = text(data) {
        let _ = instrument::parse("fuzz", t);
    }
}

/// Where to go after signing in (`next`): never another site, whatever the browser makes of it.
pub fn redirect(data: &[u8]) {
    let Some(t) = text(data) else { return };
    let next = hartslag::web::safe_next(Some(t));
    assert!(next.starts_with('/'), "{next:?}");
    // What a browser's URL parser does first: drop ASCII tabs and newlines, read \ as /.
    let seen: String =
        next.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).map(|c| if c == '\\' { '/' } else { c }).collect();
    assert!(!seen.starts_with("//"), "{t:?} leads to another site as {next:?}");
    assert!(!next.chars().any(char::is_control), "{next:?}");
}

/// An API body: the first byte picks the kind (situation, vote, decision, note), the rest is
/// the body. Reading never panics; an accepted body has only its kind's fields and keeps a
/// whole-number version as the same number; and the NUL guard in front of every handler is
/// exact: for JSON it refuses a body when, and only when, a string in it holds a NUL (or the
/// bytes hold a raw NUL, which is no JSON).
pub fn api_json(data: &[u8]) {
    use hartslag::api::{Body, read_body};
    let Some((&first, body)) = data.split_first() else { return };
    let kind = Body::ALL[first as usize % Body::ALL.len()];
    let parsed = serde_json::from_slice::<serde_json::Value>(body).ok();
    if let Some(accepted) = read_body(kind, body) {
        let Some(serde_json::Value::Object(sent)) = &parsed else { panic!("accepted a body that is no JSON object") };
        assert!(sent.keys().all(|k| kind.fields().contains(&k.as_str())), "accepted an unknown field");
        if kind == Body::Note {
            let v = accepted["version"].as_i64().expect("a version");
            let sent_v = &sent["version"];
            assert!(sent_v.as_f64().is_some_and(|f| f == v as f64), "version {sent_v} read as {v}");
        }
    }
    let guard = hartslag::web::body_has_nul(true, body);
    let expected = body.contains(&0) || parsed.as_ref().is_some_and(hartslag::web::json_has_nul);
    assert_eq!(guard, expected, "the NUL guard disagrees with the parsed body");
}
