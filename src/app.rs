//! The application assembled: every capability's routes under the web room's layer stack. This
//! sits at the top of the crate — it imports every capability, and no capability imports it —
//! so `web` stays the toolkit at the bottom.

use axum::Router;

use crate::web::{self, AppState};

/// Everything a request can reach, behind one layer stack.
pub fn router(state: AppState) -> Router {
    // HR files are large; everything else is small.
    let large = crate::provisioning::routes()
        .layer(axum::extract::DefaultBodyLimit::max(crate::provisioning::MAX_UPLOAD))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(crate::provisioning::MAX_UPLOAD));
    let small = Router::new()
        .merge(crate::auth::routes())
        .merge(crate::sso::routes())
        .merge(crate::home::routes())
        .merge(crate::learning_time::routes())
        .merge(crate::paths::routes())
        .merge(crate::conversations::routes())
        .merge(crate::cockpit::routes())
        .merge(crate::impact::routes())
        .merge(crate::ai::routes())
        .merge(crate::scans::routes())
        .merge(crate::calendar::routes())
        .merge(crate::mail::routes())
        .merge(crate::xapi::routes())
        .merge(crate::audit::routes())
        .merge(crate::rights::routes())
        .merge(crate::circles::routes())
        .merge(crate::cycles::routes())
        .merge(crate::situations::routes())
        .merge(crate::reflections::routes())
        .merge(crate::proposals::routes())
        .merge(crate::framework::routes())
        .merge(crate::orgs::routes())
        .merge(crate::api::routes())
        .merge(crate::scim::routes())
        .merge(web::routes())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(256 * 1024));
    web::wrap(Router::new().merge(small).merge(large), state)
}

#[cfg(test)]
mod tests {
    /// SQL lives in the stores: a capability's `store.rs` (or, for one without pages, its
    /// `mod.rs`). Handlers, the API, the router and the command line call store functions, so
    /// a page and the API cannot query differently and every side effect has one home.
    #[test]
    fn no_sql_outside_the_stores() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        walk(&src, &mut files);
        let mut checked = 0;
        for f in files {
            let rel = f.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let front = rel.ends_with("/routes.rs")
                || rel.starts_with("api/")
                || [
                    "app.rs",
                    "main.rs",
                    "lib.rs",
                    "calendar/mod.rs",
                    "mail/mod.rs",
                    "xapi/mod.rs",
                    "provisioning/mod.rs",
                ]
                .contains(&rel.as_str());
            if !front {
                continue;
            }
            checked += 1;
            let text = std::fs::read_to_string(&f).unwrap();
            // Unit tests below the code may set up rows as they like.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            for bad in ["sqlx::query", "sqlx::Row", ".fetch_all(", ".fetch_optional(", ".fetch_one(", ".execute(&"] {
                assert!(!text.contains(bad), "{rel} has {bad}: move the query into the capability's store");
            }
        }
        assert!(checked > 20, "the handlers were found ({checked})");
    }
}
