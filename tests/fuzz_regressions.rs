//! Every input in `fuzz/regressions/<target>/` — ones that once made a fuzz target fail, and
//! a few seeds — is run through the same check as the target, on stable Rust, with every
//! `cargo test`. The fuzz targets themselves: `fuzz/README.md`.

#[path = "../fuzz/src/checks.rs"]
mod checks;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{target}: {} fails again", path.display());
        n += 1;
    }
    assert!(n > 0, "no inputs for {target}");
}

#[test]
fn scim_filter() {
    replay("scim_filter", checks::scim_filter);
}

#[test]
fn scim_patch() {
    replay("scim_patch", checks::scim_patch);
}

#[test]
fn hr_import() {
    replay("hr_import", checks::hr_import);
}

#[test]
fn scan_answers() {
    replay("scan_answers", checks::scan_answers);
}

#[test]
fn instrument_file() {
    replay("instrument_file", checks::instrument_file);
}

#[test]
fn redirect() {
    replay("redirect", checks::redirect);
}

#[test]
fn api_json() {
    replay("api_json", checks::api_json);
}
