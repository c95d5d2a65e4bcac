//! The administrator's pages: units and people of their own organisation.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::store::{self, NewPerson, Person, Unit};
use crate::error::{Error, Result};
use crate::policy::{self, Actor};
use crate::web::{
    AppState, FormError, Lang, PageCtx, PageQuery, Pager, Submit, form_again, form_refused, optional_id, render,
    see_other,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(admin_page))
        .route("/admin/organisation", post(rename_org))
        .route("/admin/retention", post(set_retention))
        .route("/admin/people", post(create_person))
        .route("/admin/people/{id}", get(person_page).post(update_person))
        .route("/admin/units", post(create_unit))
        .route("/admin/units/{id}", get(unit_page).post(update_unit))
}

#[derive(Deserialize, Default)]
struct AdminQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
    upage: Option<i64>,
}

#[derive(Template)]
#[template(path = "orgs/templates/admin.html")]
struct AdminPage {
    ctx: PageCtx,
    org_name: String,
    q: String,
    people: Vec<Person>,
    pager: Pager,
    units: Vec<Unit>,
    upager: Pager,
    unit_names: Vec<(i64, String)>,
    retention: store::Retention,
    /// A refused new person or new unit, shown again with its form open.
    person_form: PersonForm,
    person_error: FormError,
    unit_form: UnitForm,
    unit_error: FormError,
}

impl AdminPage {
    fn months(v: &Option<i64>) -> String {
        v.map(|m| m.to_string()).unwrap_or_default()
    }
    fn person_unit(&self, id: &i64) -> bool {
        self.person_form.unit_id == id.to_string()
    }
    fn unit_parent(&self, id: &i64) -> bool {
        self.unit_form.parent_id == id.to_string()
    }
}

async fn admin_page(
    State(st): State<AppState>,
    actor: Actor,
    lang: Lang,
    Query(q): Query<AdminQuery>,
) -> Result<Response> {
    Ok(render(&load_admin(&st, &actor, lang, q).await?)?.into_response())
}

async fn load_admin(st: &AppState, actor: &Actor, lang: Lang, q: AdminQuery) -> Result<AdminPage> {
    policy::administer(actor, actor.org_id)?;
    let pq = PageQuery { page: q.page };
    let mut people = store::people(&st.db, actor.org_id, &q.q, pq.limit(), pq.offset()).await?;
    let pager = Pager::of(pq, &mut people);
    let uq = PageQuery { page: q.upage };
    let mut units = store::units(&st.db, actor.org_id, uq.limit(), uq.offset()).await?;
    let upager = Pager::of(uq, &mut units);
    Ok(AdminPage {
        org_name: store::settings(&st.db, actor.org_id).await?.name,
        retention: store::retention(&st.db, actor.org_id).await?,
        unit_names: store::unit_names(&st.db, actor.org_id).await?,
        ctx: PageCtx::new(actor, lang),
        q: q.q,
        people,
        pager,
        units,
        upager,
        person_form: PersonForm::default(),
        person_error: FormError::default(),
        unit_form: UnitForm::default(),
        unit_error: FormError::default(),
    })
}

#[derive(Deserialize, Default)]
struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    job_title: String,
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    is_admin: Option<String>,
    #[serde(default)]
    is_adviser: Option<String>,
    #[serde(default)]
    active: Option<String>,
}

impl PersonForm {
    fn to_new(&self) -> Result<NewPerson> {
        Ok(NewPerson {
            name: self.name.clone(),
            email: self.email.clone(),
            job_title: self.job_title.clone(),
            unit_id: optional_id(&self.unit_id)?,
            password: (!self.password.is_empty()).then(|| self.password.clone()),
            is_admin: self.is_admin.is_some(),
            is_adviser: self.is_adviser.is_some(),
            is_guest: false,
        })
    }
}

async fn create_person(State(st): State<AppState>, lang: Lang, form: Submit<PersonForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let made = match form.data.to_new() {
        Ok(new) => store::create_person(&st.db, actor.org_id, &new).await,
        Err(e) => Err(e),
    };
    match form_refused(made, lang)? {
        Ok(id) => Ok(see_other(format!("/admin/people/{id}"))),
        Err(error) => {
            let mut page = load_admin(&st, &actor, lang, AdminQuery::default()).await?;
            // The password is never sent back to the browser.
            page.person_form = PersonForm { password: String::new(), ..form.data };
            page.person_error = error;
            form_again(&page)
        }
    }
}

#[derive(Template)]
#[template(path = "orgs/templates/person.html")]
struct PersonPage {
    ctx: PageCtx,
    person: Person,
    unit_names: Vec<(i64, String)>,
}

async fn person_page(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let person = store::person(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    let page = PersonPage {
        ctx: PageCtx::new(&actor, lang),
        person,
        unit_names: store::unit_names(&st.db, actor.org_id).await?,
    };
    Ok(render(&page)?.into_response())
}

async fn update_person(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<PersonForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    if id == actor.id && (form.data.is_admin.is_none() || form.data.active.is_none()) {
        // Nobody locks the organisation out by removing their own administrator role.
        return Err(Error::invalid("admin-keep-own-role"));
    }
    store::update_person(&st.db, &actor, id, &form.data.to_new()?, form.data.active.is_some()).await?;
    Ok(see_other(format!("/admin/people/{id}")))
}

#[derive(Deserialize, Default)]
struct UnitForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    parent_id: String,
    #[serde(default)]
    manager_email: String,
}

async fn manager_id(st: &AppState, org_id: i64, email: &str) -> Result<Option<i64>> {
    if email.trim().is_empty() {
        return Ok(None);
    }
    let p = store::person_by_email(&st.db, org_id, email)
        .await?
        .ok_or(Error::invalid("unit-manager-unknown").in_field("manager_email"))?;
    Ok(Some(p.id))
}

async fn create_unit(State(st): State<AppState>, lang: Lang, form: Submit<UnitForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let f = &form.data;
    let made = async {
        let manager = manager_id(&st, actor.org_id, &f.manager_email).await?;
        store::create_unit(&st.db, actor.org_id, &f.name, optional_id(&f.parent_id)?, manager).await
    }
    .await;
    match form_refused(made, lang)? {
        Ok(id) => Ok(see_other(format!("/admin/units/{id}"))),
        Err(error) => {
            let mut page = load_admin(&st, &actor, lang, AdminQuery::default()).await?;
            page.unit_form = form.data;
            page.unit_error = error;
            form_again(&page)
        }
    }
}

#[derive(Template)]
#[template(path = "orgs/templates/unit.html")]
struct UnitPage {
    ctx: PageCtx,
    unit: Unit,
    manager_email: String,
    unit_names: Vec<(i64, String)>,
}

async fn unit_page(State(st): State<AppState>, actor: Actor, lang: Lang, Path(id): Path<i64>) -> Result<Response> {
    policy::administer(&actor, actor.org_id)?;
    let unit = store::unit(&st.db, actor.org_id, id).await?.ok_or(Error::NotFound)?;
    let manager_email = match unit.manager_id {
        Some(m) => store::person(&st.db, actor.org_id, m).await?.map(|p| p.email).unwrap_or_default(),
        None => String::new(),
    };
    let page = UnitPage {
        ctx: PageCtx::new(&actor, lang),
        unit,
        manager_email,
        unit_names: store::unit_names(&st.db, actor.org_id).await?,
    };
    Ok(render(&page)?.into_response())
}

async fn update_unit(State(st): State<AppState>, Path(id): Path<i64>, form: Submit<UnitForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let f = form.data;
    let manager = manager_id(&st, actor.org_id, &f.manager_email).await?;
    store::update_unit(&st.db, actor.org_id, id, &f.name, optional_id(&f.parent_id)?, manager).await?;
    Ok(see_other(format!("/admin/units/{id}")))
}

impl PersonPage {
    fn unit_selected(&self, id: &i64) -> bool {
        self.person.unit_id == Some(*id)
    }
}

impl UnitPage {
    fn parent_selected(&self, id: &i64) -> bool {
        self.unit.parent_id == Some(*id)
    }
}

#[derive(Deserialize)]
struct OrgForm {
    #[serde(default)]
    name: String,
}

async fn rename_org(State(st): State<AppState>, form: Submit<OrgForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    store::rename_org(&st.db, actor.org_id, &form.data.name).await?;
    Ok(see_other("/admin"))
}

#[derive(Deserialize)]
struct RetentionForm {
    #[serde(default)]
    notes_months: String,
    #[serde(default)]
    departed_months: String,
}

/// An empty field keeps things; anything else must be a whole number of months.
fn months(field: &str) -> Result<Option<i64>> {
    let t = field.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse().map(Some).map_err(|_| Error::invalid("retention-range"))
}

async fn set_retention(State(st): State<AppState>, form: Submit<RetentionForm>) -> Result<Response> {
    let actor = form.actor;
    policy::administer(&actor, actor.org_id)?;
    let r = store::Retention {
        notes_months: months(&form.data.notes_months)?,
        departed_months: months(&form.data.departed_months)?,
    };
    store::set_retention(&st.db, &actor, r).await?;
    Ok(see_other("/admin#retention"))
}
