//! Queries for proposals, their revisions, votes, history and effect notes.

use sqlx::Row;

use super::state::{self, Action, Phase, Role, State};
use crate::db::{Db, now};
use crate::error::{Error, InField, Msg, Result, ResultExt};
use crate::orgs::ValidationRule;
use crate::policy::{Actor, CircleFacts, ProposalFacts};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ProposalSummary {
    pub id: i64,
    pub circle_id: i64,
    pub circle_name: String,
    pub title: String,
    pub state: String,
    pub kind: String,
    pub updated_at: i64,
    pub submitted_at: Option<i64>,
}

impl ProposalSummary {
    pub fn state_key(&self) -> String {
        format!("state-{}", self.state)
    }
}

const SUMMARY_SELECT: &str = "SELECT p.id, p.circle_id, c.name AS circle_name, p.title, p.state, p.kind, p.updated_at, p.submitted_at \
     FROM proposals p JOIN circles c ON c.id = p.circle_id";

pub async fn for_circle(db: &Db, circle_id: i64, limit: i64, offset: i64) -> Result<Vec<ProposalSummary>> {
    let sql =
        format!("{SUMMARY_SELECT} WHERE p.circle_id = $1 ORDER BY p.updated_at DESC, p.id DESC LIMIT $2 OFFSET $3");
    Ok(sqlx::query_as(&sql).bind(circle_id).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// Proposals submitted to a decider, optionally only those still waiting for a decision.
pub async fn for_decider(
    db: &Db,
    decider_id: i64,
    waiting_only: bool,
    limit: i64,
    offset: i64,
) -> Result<Vec<ProposalSummary>> {
    let filter =
        if waiting_only { "p.state = 'submitted'" } else { "p.state NOT IN ('draft', 'in_validation', 'validated')" };
    let sql = format!(
        "{SUMMARY_SELECT} WHERE p.decider_id = $1 AND {filter} ORDER BY p.submitted_at, p.id LIMIT $2 OFFSET $3"
    );
    Ok(sqlx::query_as(&sql).bind(decider_id).bind(limit).bind(offset).fetch_all(&db.pool).await?)
}

/// How many proposals wait for this decider's decision.
pub async fn waiting_count(db: &Db, decider_id: i64) -> Result<i64> {
    Ok(sqlx::query("SELECT COUNT(*) AS n FROM proposals WHERE decider_id = $1 AND state = 'submitted'")
        .bind(decider_id)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?)
}

/// Proposals in validation in the person's circles on which they have not voted yet.
pub async fn awaiting_vote(db: &Db, person_id: i64, limit: i64) -> Result<Vec<ProposalSummary>> {
    let sql = format!(
        "{SUMMARY_SELECT} JOIN circle_members m ON m.circle_id = p.circle_id AND m.person_id = $1 AND m.status = 'member' \
         WHERE p.state = 'in_validation' AND NOT EXISTS \
         (SELECT 1 FROM votes v WHERE v.proposal_id = p.id AND v.revision = p.revision AND v.person_id = $1) \
         ORDER BY p.updated_at LIMIT $2"
    );
    Ok(sqlx::query_as(&sql).bind(person_id).bind(limit).fetch_all(&db.pool).await?)
}

/// Recent proposals of the person's circles.
pub async fn of_my_circles(db: &Db, person_id: i64, limit: i64) -> Result<Vec<ProposalSummary>> {
    let sql = format!(
        "{SUMMARY_SELECT} JOIN circle_members m ON m.circle_id = p.circle_id AND m.person_id = $1 AND m.status = 'member' \
         ORDER BY p.updated_at DESC, p.id DESC LIMIT $2"
    );
    Ok(sqlx::query_as(&sql).bind(person_id).bind(limit).fetch_all(&db.pool).await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Proposal {
    pub id: i64,
    pub org_id: i64,
    pub circle_id: i64,
    pub situation_id: Option<i64>,
    pub kind: String,
    pub title: String,
    pub problem: String,
    pub proposal: String,
    pub expected_effect: String,
    pub risks: String,
    pub state: String,
    pub phase: Option<String>,
    pub decider_id: Option<i64>,
    pub decider_name: Option<String>,
    pub revision: i64,
    pub version: i64,
    pub decision_reason: Option<String>,
    pub submitted_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
}

impl Proposal {
    pub fn state(&self) -> Result<State> {
        State::parse(&self.state)
    }
    pub fn is_innovation(&self) -> bool {
        self.kind == "innovation"
    }
    pub fn phase(&self) -> Option<Phase> {
        self.phase.as_deref().and_then(Phase::parse)
    }
}

pub async fn get(db: &Db, id: i64) -> Result<Proposal> {
    sqlx::query_as(
        "SELECT p.id, p.org_id, p.circle_id, p.situation_id, p.kind, p.title, p.problem, p.proposal, p.expected_effect, p.risks, \
         p.state, p.phase, p.decider_id, d.name AS decider_name, p.revision, p.version, p.decision_reason, p.submitted_at, \
         p.decided_at, p.created_at FROM proposals p LEFT JOIN people d ON d.id = p.decider_id WHERE p.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(Error::NotFound)
}

/// The proposal with the facts the policy needs.
pub async fn with_facts(db: &Db, actor: &Actor, id: i64) -> Result<(Proposal, ProposalFacts)> {
    let (p, _, facts) = with_circle(db, actor, id).await?;
    Ok((p, facts))
}

/// The proposal, its circle and the facts the policy needs.
pub async fn with_circle(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> Result<(Proposal, crate::circles::store::Circle, ProposalFacts)> {
    let p = get(db, id).await?;
    let (circle, circle_facts): (_, CircleFacts) = crate::circles::store::with_facts(db, actor, p.circle_id).await?;
    let facts = ProposalFacts { circle: circle_facts, decider_id: p.decider_id, submitted: p.state()?.is_submitted() };
    Ok((p, circle, facts))
}

/// The text of a proposal, as written by the group (or, later, drafted by AI).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Text {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub problem: String,
    #[serde(default)]
    pub proposal: String,
    #[serde(default)]
    pub expected_effect: String,
    #[serde(default)]
    pub risks: String,
}

impl Text {
    fn checked(&self) -> Result<Text> {
        Ok(Text {
            title: crate::web::required(&self.title, 200, "proposal-title-required").in_field("title")?,
            problem: crate::web::optional(&self.problem, 10_000, "proposal-field-too-long").in_field("problem")?,
            proposal: crate::web::required(&self.proposal, 10_000, "proposal-text-required").in_field("proposal")?,
            expected_effect: crate::web::optional(&self.expected_effect, 10_000, "proposal-field-too-long")
                .in_field("expected_effect")?,
            risks: crate::web::optional(&self.risks, 10_000, "proposal-field-too-long").in_field("risks")?,
        })
    }
}

pub async fn create(
    db: &Db,
    actor: &Actor,
    circle_id: i64,
    situation_id: Option<i64>,
    kind: &str,
    text: &Text,
) -> Result<i64> {
    let text = text.checked()?;
    if !matches!(kind, "improvement" | "innovation") {
        return Err(Error::invalid("proposal-kind-invalid"));
    }
    if let Some(s) = situation_id {
        let sit = crate::situations::store::get(db, s).await.map_err(|_| Error::invalid("cycle-situation-unknown"))?;
        if sit.circle_id != circle_id {
            return Err(Error::invalid("cycle-situation-unknown"));
        }
    }
    let phase = (kind == "innovation").then_some(Phase::Vision.code());
    let t = now();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO proposals (org_id, circle_id, situation_id, kind, title, problem, proposal, expected_effect, risks, state, phase, \
         revision, version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, 1, 1, $11, $12, $12) RETURNING id",
    )
    .bind(actor.org_id)
    .bind(circle_id)
    .bind(situation_id)
    .bind(kind)
    .bind(&text.title)
    .bind(&text.problem)
    .bind(&text.proposal)
    .bind(&text.expected_effect)
    .bind(&text.risks)
    .bind(phase)
    .bind(actor.id)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    insert_revision(&mut tx, id, 1, &text, actor.id, t).await?;
    record(&mut tx, id, actor.id, t, "created", None, Some(State::Draft), "").await?;
    tx.commit().await?;
    Ok(id)
}

async fn insert_revision(tx: &mut crate::db::Tx, id: i64, revision: i64, text: &Text, by: i64, t: i64) -> Result<()> {
    sqlx::query(
        "INSERT INTO proposal_revisions (proposal_id, revision, title, problem, proposal, expected_effect, risks, edited_by, edited_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id)
    .bind(revision)
    .bind(&text.title)
    .bind(&text.problem)
    .bind(&text.proposal)
    .bind(&text.expected_effect)
    .bind(&text.risks)
    .bind(by)
    .bind(t)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn record(
    tx: &mut crate::db::Tx,
    id: i64,
    actor: i64,
    t: i64,
    kind: &str,
    from: Option<State>,
    to: Option<State>,
    detail: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO proposal_events (proposal_id, actor_id, at, kind, from_state, to_state, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(actor)
        .bind(t)
        .bind(kind)
        .bind(from.map(State::code))
        .bind(to.map(State::code))
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Saves new text. `base_version` is the version the writer started from: if someone else
/// saved in between, nothing is overwritten (conflict). Votes on the old text are kept in the
/// history but no longer count: validation starts over.
pub async fn update_text(db: &Db, actor: &Actor, id: i64, text: &Text, base_version: i64) -> Result<()> {
    let text = text.checked()?;
    let p = get(db, id).await?;
    let from = p.state()?;
    let to = state::next(from, Action::Edit, Role::Member)?;
    if p.version != base_version {
        return Err(Error::conflict("proposal-edit-conflict"));
    }
    let t = now();
    let revision = p.revision + 1;
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE proposals SET title = $1, problem = $2, proposal = $3, expected_effect = $4, risks = $5, state = $6, revision = $7, \
         version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10",
    )
    .bind(&text.title)
    .bind(&text.problem)
    .bind(&text.proposal)
    .bind(&text.expected_effect)
    .bind(&text.risks)
    .bind(to.code())
    .bind(revision)
    .bind(t)
    .bind(id)
    .bind(base_version)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(Error::conflict("proposal-edit-conflict"));
    }
    insert_revision(&mut tx, id, revision, &text, actor.id, t).await?;
    let had_votes = from.is_voting();
    record(&mut tx, id, actor.id, t, "edited", Some(from), Some(to), if had_votes { "votes_reset" } else { "" })
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Applies a lifecycle step; `expected` guards against two people acting at once.
pub async fn transition(
    db: &Db,
    actor: &Actor,
    p: &Proposal,
    action: Action,
    role: Role,
    detail: &str,
) -> Result<State> {
    let mut tx = db.begin().await?;
    let to = transition_in(&mut tx, actor, p, action, role, detail).await?;
    tx.commit().await?;
    Ok(to)
}

/// A lifecycle step inside the caller's transaction, so that what belongs with it (the
/// decider of a submission, the audit row of a decision) is committed with it or not at all.
async fn transition_in(
    tx: &mut crate::db::Tx,
    actor: &Actor,
    p: &Proposal,
    action: Action,
    role: Role,
    detail: &str,
) -> Result<State> {
    let from = p.state()?;
    let to = state::next(from, action, role)?;
    let t = now();
    let submitted = if action == Action::Submit { Some(t) } else { p.submitted_at };
    let decided =
        if matches!(action, Action::Accept | Action::Decline | Action::Return) { Some(t) } else { p.decided_at };
    let reason = if matches!(action, Action::Decline | Action::Return | Action::Accept) {
        Some(detail.to_string())
    } else {
        p.decision_reason.clone()
    };
    let done = sqlx::query(
        "UPDATE proposals SET state = $1, version = version + 1, updated_at = $2, submitted_at = $3, decided_at = $4, \
         decision_reason = $5 WHERE id = $6 AND state = $7",
    )
    .bind(to.code())
    .bind(t)
    .bind(submitted)
    .bind(decided)
    .bind(reason)
    .bind(p.id)
    .bind(from.code())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(Error::conflict("proposal-changed-meanwhile"));
    }
    record(tx, p.id, actor.id, t, action.code(), Some(from), Some(to), detail).await?;
    Ok(to)
}

/// Submits a validated proposal to a decider (a manager of the organisation): the decider and
/// the new state in one transaction, so a submission that loses a race leaves no decider behind.
pub async fn submit(db: &Db, actor: &Actor, p: &Proposal, decider_id: i64) -> Result<()> {
    let managers = crate::orgs::managers(db, actor.org_id).await?;
    let Some((_, decider_name, _)) = managers.iter().find(|(id, _, _)| *id == decider_id) else {
        return Err(Error::invalid("proposal-decider-unknown"));
    };
    state::next(p.state()?, Action::Submit, Role::Member)?;
    let mut tx = db.begin().await?;
    let done = sqlx::query("UPDATE proposals SET decider_id = $1 WHERE id = $2 AND state = 'validated'")
        .bind(decider_id)
        .bind(p.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if done == 0 {
        return Err(Error::conflict("proposal-changed-meanwhile"));
    }
    // The history says to whom it went, as it was then.
    transition_in(&mut tx, actor, p, Action::Submit, Role::Member, decider_name).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Agree,
    Object,
}

impl Choice {
    pub fn parse(s: &str) -> Result<Choice> {
        match s {
            "agree" => Ok(Choice::Agree),
            "object" => Ok(Choice::Object),
            _ => Err(Error::invalid("vote-choice-invalid")),
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Choice::Agree => "agree",
            Choice::Object => "object",
        }
    }
}

/// Casts (or changes) the actor's vote on the current text, then applies the validation rule.
/// An objection needs a reason.
pub async fn vote(
    db: &Db,
    actor: &Actor,
    id: i64,
    choice: Choice,
    reason: &str,
    rule: ValidationRule,
) -> Result<State> {
    let reason = crate::web::optional(reason, 2000, "vote-reason-too-long").in_field("reason")?;
    if choice == Choice::Object && reason.is_empty() {
        return Err(Error::invalid("vote-reason-required").in_field("reason"));
    }
    // The state check and the vote are one statement: a vote counts only on the text that is
    // current, in a state open to votes, at the moment it is written (an edit or a submission
    // in between leaves it out rather than on an old revision or a closed proposal).
    let done = sqlx::query(
        "INSERT INTO votes (proposal_id, person_id, revision, choice, reason, cast_at) \
         SELECT p.id, $2, p.revision, $3, $4, $5 FROM proposals p WHERE p.id = $1 AND p.state IN ($6, $7) \
         ON CONFLICT (proposal_id, revision, person_id) DO UPDATE SET choice = excluded.choice, reason = excluded.reason, cast_at = excluded.cast_at",
    )
    .bind(id)
    .bind(actor.id)
    .bind(choice.code())
    .bind(&reason)
    .bind(now())
    .bind(State::InValidation.code())
    .bind(State::Validated.code())
    .execute(&db.pool)
    .await?
    .rows_affected();
    if done == 0 {
        get(db, id).await?;
        return Err(Error::conflict("vote-not-open"));
    }
    // Evaluated after the vote is committed, so concurrent voters each see every earlier vote.
    apply_rule(db, actor, id, rule).await
}

/// Moves a proposal between "in validation" and "validated" as the votes on its current text
/// meet the rule or stop meeting it.
pub async fn apply_rule(db: &Db, actor: &Actor, id: i64, rule: ValidationRule) -> Result<State> {
    let p = get(db, id).await?;
    let state = p.state()?;
    let members = crate::circles::store::member_count(db, p.circle_id).await?;
    let r = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN v.choice = 'agree' THEN 1 ELSE 0 END), 0) AS agree, \
         COALESCE(SUM(CASE WHEN v.choice = 'object' THEN 1 ELSE 0 END), 0) AS object FROM votes v \
         JOIN circle_members m ON m.circle_id = $3 AND m.person_id = v.person_id AND m.status = 'member' \
         WHERE v.proposal_id = $1 AND v.revision = $2",
    )
    .bind(id)
    .bind(p.revision)
    .bind(p.circle_id)
    .fetch_one(&db.pool)
    .await?;
    let met = rule.is_met(members, r.try_get("agree")?, r.try_get("object")?);
    match (state, met) {
        (State::InValidation, true) => transition(db, actor, &p, Action::RuleMet, Role::Member, "").await,
        (State::Validated, false) => transition(db, actor, &p, Action::RuleUnmet, Role::Member, "").await,
        _ => Ok(state),
    }
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Vote {
    pub person_id: i64,
    pub name: String,
    pub revision: i64,
    pub choice: String,
    pub reason: String,
    pub cast_at: i64,
}

pub async fn votes(db: &Db, id: i64) -> Result<Vec<Vote>> {
    Ok(sqlx::query_as(
        "SELECT v.person_id, p.name, v.revision, v.choice, v.reason, v.cast_at FROM votes v JOIN people p ON p.id = v.person_id \
         WHERE v.proposal_id = $1 ORDER BY v.revision DESC, v.cast_at",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Event {
    pub actor_name: Option<String>,
    pub at: i64,
    pub kind: String,
    pub from_state: Option<String>,
    pub to_state: Option<String>,
    pub detail: String,
}

/// The history; `from_submission` leaves out how the circle got there (for the decider).
pub async fn events(db: &Db, id: i64, from_submission: bool) -> Result<Vec<Event>> {
    let first = if from_submission {
        "(SELECT COALESCE(MAX(s.id), 0) FROM proposal_events s WHERE s.proposal_id = $1 AND s.kind = 'submit')"
    } else {
        "0"
    };
    let sql = format!(
        "SELECT p.name AS actor_name, e.at, e.kind, e.from_state, e.to_state, e.detail FROM proposal_events e \
         LEFT JOIN people p ON p.id = e.actor_id WHERE e.proposal_id = $1 AND e.id >= {first} ORDER BY e.id"
    );
    Ok(sqlx::query_as(&sql).bind(id).fetch_all(&db.pool).await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Revision {
    pub revision: i64,
    pub title: String,
    pub proposal: String,
    pub edited_by_name: Option<String>,
    pub edited_at: i64,
}

pub async fn revisions(db: &Db, id: i64) -> Result<Vec<Revision>> {
    Ok(sqlx::query_as(
        "SELECT r.revision, r.title, r.proposal, p.name AS edited_by_name, r.edited_at FROM proposal_revisions r \
         LEFT JOIN people p ON p.id = r.edited_by WHERE r.proposal_id = $1 ORDER BY r.revision DESC",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EffectNote {
    pub author_name: Option<String>,
    pub body: String,
    pub created_at: i64,
}

pub async fn effect_notes(db: &Db, id: i64) -> Result<Vec<EffectNote>> {
    Ok(sqlx::query_as(
        "SELECT p.name AS author_name, e.body, e.created_at FROM effect_notes e LEFT JOIN people p ON p.id = e.author_id \
         WHERE e.proposal_id = $1 ORDER BY e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?)
}

/// An effect note, once the proposal was accepted.
pub async fn add_effect_note(db: &Db, actor: &Actor, p: &Proposal, body: &str) -> Result<()> {
    let body = crate::web::required(body, 5000, "effect-note-required").in_field("body")?;
    if !matches!(p.state()?, State::Accepted | State::ImplementationPlanned | State::InProgress | State::Done) {
        return Err(Error::conflict("effect-not-yet"));
    }
    sqlx::query("INSERT INTO effect_notes (proposal_id, author_id, body, created_at) VALUES ($1, $2, $3, $4)")
        .bind(p.id)
        .bind(actor.id)
        .bind(body)
        .bind(now())
        .execute(&db.pool)
        .await
        .on_unique("effect-note-required")?;
    Ok(())
}

/// Moves an innovation to its next intrapreneurial phase.
pub async fn advance_phase(db: &Db, actor: &Actor, p: &Proposal) -> Result<Phase> {
    let current = p.phase().ok_or(Error::conflict("phase-not-innovation"))?;
    if p.state()? == State::Declined {
        return Err(Error::conflict("proposal-transition-not-allowed"));
    }
    let next = current.next().ok_or(Error::conflict("phase-last"))?;
    let t = now();
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE proposals SET phase = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND phase = $4",
    )
    .bind(next.code())
    .bind(t)
    .bind(p.id)
    .bind(current.code())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 0 {
        return Err(Error::conflict("proposal-changed-meanwhile"));
    }
    record(&mut tx, p.id, actor.id, t, "phase", None, None, next.code()).await?;
    tx.commit().await?;
    Ok(next)
}

/// The decider's decision: accept (a reason is optional), decline or return (a reason is
/// required). Used by the page and the API alike; the audit row is written in the decision's
/// own transaction, so there is no decision without it.
pub async fn decide(db: &Db, actor: &Actor, p: &Proposal, decision: &str, reason: &str) -> Result<State> {
    let (action, reason) = match decision {
        "accept" => (Action::Accept, crate::web::optional(reason, 5000, "proposal-field-too-long")?),
        "decline" => (Action::Decline, required_reason(reason)?),
        "return" => (Action::Return, required_reason(reason)?),
        _ => return Err(Error::invalid("decision-invalid")),
    };
    let mut tx = db.begin().await?;
    let to = transition_in(&mut tx, actor, p, action, Role::Decider, &reason).await?;
    crate::audit::record_in(&mut tx, actor, crate::audit::Action::ProposalDecided, Some(p.id), decision).await?;
    tx.commit().await?;
    Ok(to)
}

/// A member's vote, with the organisation's validation rule applied.
pub async fn cast_vote(db: &Db, actor: &Actor, id: i64, choice: &str, reason: &str) -> Result<State> {
    let choice = Choice::parse(choice)?;
    let rule = crate::orgs::settings(db, actor.org_id).await?.validation;
    vote(db, actor, id, choice, reason, rule).await
}

fn required_reason(reason: &str) -> Result<String> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(Error::invalid("decision-reason-required").in_field("reason"));
    }
    let length = r.chars().count();
    if length > 5000 {
        let m = Msg::new("text-too-long").arg("max", 5000).arg("length", length);
        return Err(Error::Invalid(m).in_field("reason"));
    }
    Ok(r.to_string())
}

/// Remembers the AI draft a proposal began as.
pub async fn set_ai_request(db: &Db, proposal_id: i64, request_id: i64) -> Result<()> {
    sqlx::query("UPDATE proposals SET ai_request_id = $1 WHERE id = $2")
        .bind(request_id)
        .bind(proposal_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// The AI draft a proposal began as, if any.
pub async fn ai_request_of(db: &Db, proposal_id: i64) -> Result<Option<i64>> {
    let row = sqlx::query("SELECT ai_request_id FROM proposals WHERE id = $1")
        .bind(proposal_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| r.try_get::<Option<i64>, _>("ai_request_id")).transpose()?.flatten())
}
