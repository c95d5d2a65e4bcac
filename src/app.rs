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
