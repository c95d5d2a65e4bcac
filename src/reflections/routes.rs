//! "Mijn reflecties": the writer's own page.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, Reflection};
use crate::error::Result;
use crate::policy::{self, Actor};
use crate::web::{
    AppState, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, render, see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/reflections", get(list).post(create)).route("/reflections/{id}/delete", post(delete))
}

#[derive(Template)]
#[template(path = "reflections/templates/list.html")]
struct ListPage {
    ctx: PageCtx,
    reflections: Vec<Reflection>,
    pager: Pager,
    /// A refused reflection (also one written in a session), shown again to finish.
    form: NewForm,
    error: FormError,
}

impl ListPage {
    fn date(&self, ts: &i64) -> String {
        crate::cycles::format_date(*ts, self.ctx.lang)
    }
}

async fn list(State(st): State<AppState>, actor: Actor, lang: Lang, Query(q): Query<PageQuery>) -> Result<Response> {
    policy::start_circle(&actor)?;
    let mut reflections = store::mine(&st.db, actor.id, q.limit(), q.offset()).await?;
    let pager = Pager::of(q, &mut reflections);
    let page = ListPage {
        ctx: PageCtx::new(&actor, lang),
        reflections,
        pager,
        form: NewForm::default(),
        error: FormError::default(),
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
struct NewForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    session_id: String,
}

async fn create(State(st): State<AppState>, lang: Lang, form: Submit<NewForm>) -> Result<Response> {
    let session_id = crate::web::optional_id(&form.data.session_id)?;
    if let Some(sid) = session_id {
        // Reflecting on a session presumes being allowed into it.
        let s = crate::cycles::store::session(&st.db, sid).await?;
        let facts = crate::cycles::store::session_facts(&st.db, &form.actor, &s).await?;
        policy::session(&form.actor, &facts)?;
    }
    match form_refused(store::create(&st.db, &form.actor, session_id, &form.data.body).await, lang)? {
        Ok(_) => Ok(match session_id {
            Some(sid) => see_other(format!("/sessions/{sid}?step=1")),
            None => see_other("/reflections"),
        }),
        Err(error) => {
            let q = PageQuery::default();
            let mut reflections = store::mine(&st.db, form.actor.id, q.limit(), q.offset()).await?;
            let pager = Pager::of(q, &mut reflections);
            form_again(&ListPage { ctx: PageCtx::new(&form.actor, lang), reflections, pager, form: form.data, error })
        }
    }
}

async fn delete(
    State(st): State<AppState>,
    Path(id): Path<i64>,
    form: Submit<std::collections::HashMap<String, String>>,
) -> Result<Response> {
    let r = store::get(&st.db, id).await?;
    policy::reflection(&form.actor, r.person_id)?;
    store::delete(&st.db, id).await?;
    Ok(see_other("/reflections"))
}
